/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Reconstruction, for this suite, of the fault queue part of the kernel's
 * include/uapi/linux/iommufd.h in Linux 6.11 to 6.13, written from its field
 * lists (spec/iommufd-fault.md, Appendix B). Only what the fault queue uses.
 */
#ifndef _UAPI_IOMMUFD_H
#define _UAPI_IOMMUFD_H

#include <linux/types.h>

/**
 * enum iommu_hwpt_pgfault_flags - flags of struct iommu_hwpt_pgfault
 * @IOMMU_PGFAULT_FLAGS_PASID_VALID: pasid holds a PASID
 * @IOMMU_PGFAULT_FLAGS_LAST_PAGE: last record of its group
 */
enum iommu_hwpt_pgfault_flags {
	IOMMU_PGFAULT_FLAGS_PASID_VALID = (1 << 0),
	IOMMU_PGFAULT_FLAGS_LAST_PAGE = (1 << 1),
};

/**
 * enum iommu_hwpt_pgfault_perm - perm bits of struct iommu_hwpt_pgfault
 * @IOMMU_PGFAULT_PERM_READ: read
 * @IOMMU_PGFAULT_PERM_WRITE: write
 * @IOMMU_PGFAULT_PERM_EXEC: execute, from the PASID prefix
 * @IOMMU_PGFAULT_PERM_PRIV: privileged, from the PASID prefix
 */
enum iommu_hwpt_pgfault_perm {
	IOMMU_PGFAULT_PERM_READ = (1 << 0),
	IOMMU_PGFAULT_PERM_WRITE = (1 << 1),
	IOMMU_PGFAULT_PERM_EXEC = (1 << 2),
	IOMMU_PGFAULT_PERM_PRIV = (1 << 3),
};

/**
 * struct iommu_hwpt_pgfault - a page request read from the fault descriptor
 * @flags: enum iommu_hwpt_pgfault_flags
 * @dev_id: device ID
 * @pasid: PASID
 * @grpid: page request group index
 * @perm: enum iommu_hwpt_pgfault_perm
 * @addr: faulting address
 * @length: access length hint
 * @cookie: names the group in the response
 */
struct iommu_hwpt_pgfault {
	__u32 flags;
	__u32 dev_id;
	__u32 pasid;
	__u32 grpid;
	__u32 perm;
	__u64 addr;
	__u32 length;
	__u32 cookie;
};

/**
 * enum iommufd_page_response_code - codes of struct iommu_hwpt_page_response
 * @IOMMUFD_PAGE_RESP_SUCCESS: handled, retry
 * @IOMMUFD_PAGE_RESP_INVALID: not handled, do not retry
 */
enum iommufd_page_response_code {
	IOMMUFD_PAGE_RESP_SUCCESS = 0,
	IOMMUFD_PAGE_RESP_INVALID = 1,
};

/**
 * struct iommu_hwpt_page_response - the answer to one group
 * @cookie: cookie of the group
 * @code: enum iommufd_page_response_code
 */
struct iommu_hwpt_page_response {
	__u32 cookie;
	__u32 code;
};

/**
 * struct iommu_fault_alloc - argument of IOMMU_FAULT_QUEUE_ALLOC
 * @size: size of this structure
 * @flags: 0
 * @out_fault_id: ID of the new fault object
 * @out_fault_fd: its file descriptor
 */
struct iommu_fault_alloc {
	__u32 size;
	__u32 flags;
	__u32 out_fault_id;
	__u32 out_fault_fd;
};

#endif
