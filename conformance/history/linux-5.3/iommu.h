/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The page response of Linux 5.3 to 5.9, reconstructed from its field list
 * for the suite's history tests.
 */
#ifndef _UAPI_IOMMU_H
#define _UAPI_IOMMU_H

#include <linux/types.h>

/**
 * enum iommu_page_response_code - how a page request group was handled
 * @IOMMU_PAGE_RESP_SUCCESS: handled, retry the access
 * @IOMMU_PAGE_RESP_INVALID: cannot be handled, do not retry
 * @IOMMU_PAGE_RESP_FAILURE: general error, stop page requests
 */
enum iommu_page_response_code {
	IOMMU_PAGE_RESP_SUCCESS = 0,
	IOMMU_PAGE_RESP_INVALID,
	IOMMU_PAGE_RESP_FAILURE,
};

/**
 * struct iommu_page_response - the answer to a page request group
 * @version: IOMMU_PAGE_RESP_VERSION_1
 * @flags: IOMMU_PAGE_RESP_* bits
 * @pasid: Process Address Space ID, with IOMMU_PAGE_RESP_PASID_VALID
 * @grpid: Page Request Group Index
 * @code: an &enum iommu_page_response_code value
 *
 * IOMMU_PAGE_RESP_VERSION_1: the version of this structure
 * IOMMU_PAGE_RESP_PASID_VALID: @pasid is valid
 */
struct iommu_page_response {
#define IOMMU_PAGE_RESP_VERSION_1	1
	__u32	version;
#define IOMMU_PAGE_RESP_PASID_VALID	(1 << 0)
	__u32	flags;
	__u32	pasid;
	__u32	grpid;
	__u32	code;
};

#endif /* _UAPI_IOMMU_H */
