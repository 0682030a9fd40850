/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The iommufd fault queue and vEVENTQ records, as specified by
 * spec/iommufd-fault.md: the layouts Linux ships since 6.14.
 */
#ifndef _UAPI_LINUX_IOMMUFD_FAULT_H
#define _UAPI_LINUX_IOMMUFD_FAULT_H

#include <linux/types.h>

/**
 * struct iommu_fault_alloc - argument of IOMMU_FAULT_QUEUE_ALLOC
 * @size: size of this structure as the caller built it
 * @flags: no flag is defined; 0
 * @out_fault_id: set by the kernel to the ID of the new fault object
 * @out_fault_fd: set by the kernel to the file descriptor that delivers its records
 */
struct iommu_fault_alloc {
	__u32 size;
	__u32 flags;
	__u32 out_fault_id;
	__u32 out_fault_fd;
};

/**
 * enum iommu_hwpt_pgfault_flags - bits of the flags field of a page fault record
 * @IOMMU_PGFAULT_FLAGS_PASID_VALID: the pasid field holds the PASID of the request
 * @IOMMU_PGFAULT_FLAGS_LAST_PAGE: the record ends its group; answer the group once
 */
enum iommu_hwpt_pgfault_flags {
	IOMMU_PGFAULT_FLAGS_PASID_VALID = (1 << 0),
	IOMMU_PGFAULT_FLAGS_LAST_PAGE = (1 << 1),
};

/**
 * enum iommu_hwpt_pgfault_perm - bits of the perm field of a page fault record
 * @IOMMU_PGFAULT_PERM_READ: the device asks to read
 * @IOMMU_PGFAULT_PERM_WRITE: the device asks to write
 * @IOMMU_PGFAULT_PERM_EXEC: the PASID prefix of the request asks for execution
 * @IOMMU_PGFAULT_PERM_PRIV: the PASID prefix of the request asks for privileged mode
 */
enum iommu_hwpt_pgfault_perm {
	IOMMU_PGFAULT_PERM_READ = (1 << 0),
	IOMMU_PGFAULT_PERM_WRITE = (1 << 1),
	IOMMU_PGFAULT_PERM_EXEC = (1 << 2),
	IOMMU_PGFAULT_PERM_PRIV = (1 << 3),
};

/**
 * struct iommu_hwpt_pgfault - one page request, as read() from a fault descriptor
 * @flags: bits of enum iommu_hwpt_pgfault_flags
 * @dev_id: iommufd ID of the device that faulted
 * @pasid: PASID of the request, valid with IOMMU_PGFAULT_FLAGS_PASID_VALID
 * @grpid: page request group index given by the device
 * @perm: bits of enum iommu_hwpt_pgfault_perm
 * @__reserved: 0; keeps @addr 8-aligned on every ABI
 * @addr: the faulting address
 * @length: how many bytes the device means to access; 0 when it gave no hint
 * @cookie: the kernel's name of the group, to be echoed in its response
 */
struct iommu_hwpt_pgfault {
	__u32 flags;
	__u32 dev_id;
	__u32 pasid;
	__u32 grpid;
	__u32 perm;
	__u32 __reserved;
	__aligned_u64 addr;
	__u32 length;
	__u32 cookie;
};

/**
 * enum iommufd_page_response_code - answers to a group of page requests
 * @IOMMUFD_PAGE_RESP_SUCCESS: the pages are mapped; the device retries
 * @IOMMUFD_PAGE_RESP_INVALID: the request cannot be served; the device does not retry
 */
enum iommufd_page_response_code {
	IOMMUFD_PAGE_RESP_SUCCESS = 0,
	IOMMUFD_PAGE_RESP_INVALID = 1,
};

/**
 * struct iommu_hwpt_page_response - the answer to one group, write() to a fault descriptor
 * @cookie: the cookie of the group's records
 * @code: a value of enum iommufd_page_response_code
 */
struct iommu_hwpt_page_response {
	__u32 cookie;
	__u32 code;
};

/**
 * enum iommu_veventq_flag - bits of the flags field of a vEVENTQ header
 * @IOMMU_VEVENTQ_FLAG_LOST_EVENTS: events were dropped; no payload follows this header
 */
enum iommu_veventq_flag {
	IOMMU_VEVENTQ_FLAG_LOST_EVENTS = (1U << 0),
};

/**
 * struct iommufd_vevent_header - the header in front of each vEVENTQ event
 * @flags: bits of enum iommu_veventq_flag
 * @sequence: number of the event, counting from 0 and wrapping to 0 after INT_MAX
 */
struct iommufd_vevent_header {
	__u32 flags;
	__u32 sequence;
};

/**
 * enum iommu_veventq_type - what a vEVENTQ carries, and so its payload
 * @IOMMU_VEVENTQ_TYPE_DEFAULT: reserved; no queue has this type
 * @IOMMU_VEVENTQ_TYPE_ARM_SMMUV3: Arm SMMUv3 events, payload struct iommu_vevent_arm_smmuv3
 * @IOMMU_VEVENTQ_TYPE_TEGRA241_CMDQV: Tegra241 CMDQV command queue errors,
 *                                     payload struct iommu_vevent_tegra241_cmdqv
 */
enum iommu_veventq_type {
	IOMMU_VEVENTQ_TYPE_DEFAULT = 0,
	IOMMU_VEVENTQ_TYPE_ARM_SMMUV3 = 1,
	IOMMU_VEVENTQ_TYPE_TEGRA241_CMDQV = 2,
};

/**
 * struct iommu_vevent_arm_smmuv3 - payload of an Arm SMMUv3 vEVENTQ event
 * @evt: the architecture's 32-byte event record, little-endian, with the
 *       virtual device ID in place of the StreamID
 */
struct iommu_vevent_arm_smmuv3 {
	__aligned_le64 evt[4];
};

/**
 * struct iommu_vevent_tegra241_cmdqv - payload of a Tegra241 CMDQV vEVENTQ event
 * @lvcmdq_err_map: the virtual interface's two LVCMDQ_ERR_MAP registers,
 *                  little-endian; bit N is set when logical queue N failed
 */
struct iommu_vevent_tegra241_cmdqv {
	__aligned_le64 lvcmdq_err_map[2];
};

#endif /* _UAPI_LINUX_IOMMUFD_FAULT_H */
