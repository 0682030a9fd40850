/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * IOMMU device fault reporting: the records the kernel writes into a
 * userspace fault queue and the page response userspace writes back.
 *
 * ABI version 1. The normative description, with the rule IDs cited in
 * review, is spec/iommu-fault-abi.md of the iommu-fault-abi project.
 */
#ifndef _UAPI_LINUX_IOMMU_FAULT_H
#define _UAPI_LINUX_IOMMU_FAULT_H

#include <linux/types.h>

/**
 * DOC: Permission bits
 *
 * Used in the @perm field of &struct iommu_fault_unrecoverable and
 * &struct iommu_fault_page_request.
 *
 * IOMMU_FAULT_PERM_READ: the access reads memory
 * IOMMU_FAULT_PERM_WRITE: the access writes memory
 * IOMMU_FAULT_PERM_EXEC: the access fetches instructions
 * IOMMU_FAULT_PERM_PRIV: the access is privileged
 */
#define IOMMU_FAULT_PERM_READ	(1 << 0)
#define IOMMU_FAULT_PERM_WRITE	(1 << 1)
#define IOMMU_FAULT_PERM_EXEC	(1 << 2)
#define IOMMU_FAULT_PERM_PRIV	(1 << 3)

/**
 * enum iommu_fault_type - Type of a fault record
 * @IOMMU_FAULT_DMA_UNRECOV: unrecoverable DMA fault, @event is valid
 * @IOMMU_FAULT_PAGE_REQ: recoverable page request, @prm is valid
 *
 * The value 0 is never a valid type. Consumers skip records of a type they
 * do not know.
 */
enum iommu_fault_type {
	IOMMU_FAULT_DMA_UNRECOV = 1,
	IOMMU_FAULT_PAGE_REQ = 2,
};

/**
 * enum iommu_fault_reason - Reason of an unrecoverable fault
 * @IOMMU_FAULT_REASON_UNKNOWN: the IOMMU did not report a reason
 * @IOMMU_FAULT_REASON_PASID_FETCH: fetching the PASID table entry failed
 * @IOMMU_FAULT_REASON_BAD_PASID_ENTRY: the PASID table entry is invalid
 *	or malformed
 * @IOMMU_FAULT_REASON_PASID_INVALID: the PASID is out of range (for
 *	example beyond the size of the PASID table)
 * @IOMMU_FAULT_REASON_WALK_EABT: an external abort occurred while fetching
 *	a page table entry (for example an access to an invalid bus address)
 * @IOMMU_FAULT_REASON_PTE_FETCH: no valid translation for the address
 * @IOMMU_FAULT_REASON_PERMISSION: the access is not allowed by the
 *	translation's permissions
 * @IOMMU_FAULT_REASON_ACCESS: the access flag of the translation is clear
 * @IOMMU_FAULT_REASON_OOR_ADDRESS: the output address of the translation
 *	is out of range
 */
enum iommu_fault_reason {
	IOMMU_FAULT_REASON_UNKNOWN = 0,
	IOMMU_FAULT_REASON_PASID_FETCH = 1,
	IOMMU_FAULT_REASON_BAD_PASID_ENTRY = 2,
	IOMMU_FAULT_REASON_PASID_INVALID = 3,
	IOMMU_FAULT_REASON_WALK_EABT = 4,
	IOMMU_FAULT_REASON_PTE_FETCH = 5,
	IOMMU_FAULT_REASON_PERMISSION = 6,
	IOMMU_FAULT_REASON_ACCESS = 7,
	IOMMU_FAULT_REASON_OOR_ADDRESS = 8,
};

/**
 * struct iommu_fault_unrecoverable - Unrecoverable fault data
 * @reason: reason of the fault, an &enum iommu_fault_reason value
 * @flags: which of the fields below are valid, a combination of the
 *	IOMMU_FAULT_UNRECOV_* bits
 * @pasid: Process Address Space ID, valid with
 *	IOMMU_FAULT_UNRECOV_PASID_VALID
 * @perm: requested permission, IOMMU_FAULT_PERM_* bits
 * @addr: offending page address, valid with IOMMU_FAULT_UNRECOV_ADDR_VALID
 * @fetch_addr: address of the page table entry whose fetch failed, valid
 *	with IOMMU_FAULT_UNRECOV_FETCH_ADDR_VALID
 *
 * IOMMU_FAULT_UNRECOV_PASID_VALID: @pasid is valid
 * IOMMU_FAULT_UNRECOV_ADDR_VALID: @addr is valid
 * IOMMU_FAULT_UNRECOV_FETCH_ADDR_VALID: @fetch_addr is valid
 *
 * A field whose flag is clear is 0.
 */
struct iommu_fault_unrecoverable {
	__u32	reason;
#define IOMMU_FAULT_UNRECOV_PASID_VALID		(1 << 0)
#define IOMMU_FAULT_UNRECOV_ADDR_VALID		(1 << 1)
#define IOMMU_FAULT_UNRECOV_FETCH_ADDR_VALID	(1 << 2)
	__u32	flags;
	__u32	pasid;
	__u32	perm;
	__aligned_u64	addr;
	__aligned_u64	fetch_addr;
};

/**
 * struct iommu_fault_page_request - Page Request data
 * @flags: which of the fields below are valid and whether this is the last
 *	page of its group, a combination of the IOMMU_FAULT_PAGE_REQUEST_* bits
 * @pasid: Process Address Space ID, valid with
 *	IOMMU_FAULT_PAGE_REQUEST_PASID_VALID
 * @grpid: Page Request Group Index
 * @perm: requested page permissions, IOMMU_FAULT_PERM_* bits
 * @addr: page address
 * @private_data: device-specific private information, valid with
 *	IOMMU_FAULT_PAGE_REQUEST_PRIV_DATA
 *
 * IOMMU_FAULT_PAGE_REQUEST_PASID_VALID: @pasid is valid
 * IOMMU_FAULT_PAGE_REQUEST_LAST_PAGE: last page of the group; the group
 *	expects one response
 * IOMMU_FAULT_PAGE_REQUEST_PRIV_DATA: @private_data is valid
 * IOMMU_FAULT_PAGE_REQUEST_NEEDS_PASID: the response to this group must
 *	carry the PASID (PCIe "PRG Response PASID Required")
 *
 * A field whose flag is clear is 0.
 */
struct iommu_fault_page_request {
#define IOMMU_FAULT_PAGE_REQUEST_PASID_VALID	(1 << 0)
#define IOMMU_FAULT_PAGE_REQUEST_LAST_PAGE	(1 << 1)
#define IOMMU_FAULT_PAGE_REQUEST_PRIV_DATA	(1 << 2)
#define IOMMU_FAULT_PAGE_REQUEST_NEEDS_PASID	(1 << 3)
	__u32	flags;
	__u32	pasid;
	__u32	grpid;
	__u32	perm;
	__aligned_u64	addr;
	__aligned_u64	private_data[2];
};

/**
 * struct iommu_fault - One fault record of the fault queue (128 bytes)
 * @type: fault type, an &enum iommu_fault_type value
 * @padding: reserved. Must be 0
 * @event: fault data, valid when @type is IOMMU_FAULT_DMA_UNRECOV
 * @prm: page request data, valid when @type is IOMMU_FAULT_PAGE_REQ
 * @padding2: growth budget of @event and @prm; bytes past the member that
 *	@type selects are reserved. Must be 0
 */
struct iommu_fault {
	__u32	type;
	__u32	padding;
	union {
		struct iommu_fault_unrecoverable event;
		struct iommu_fault_page_request prm;
		__u8 padding2[120];
	};
};

/**
 * enum iommu_page_response_code - Return status of a page request
 * @IOMMU_PAGE_RESP_SUCCESS: the fault was handled and the mapping was
 *	fixed; the device should retry the access
 * @IOMMU_PAGE_RESP_INVALID: the fault cannot be handled; the device must
 *	not retry the access (PCIe PRI "Invalid Request")
 * @IOMMU_PAGE_RESP_FAILURE: a general error (PCIe PRI "Response Failure"),
 *	after which the function stops page requests until PRI is reset; the
 *	kernel refuses it from userspace, whose answer for one address space
 *	must not stop page requests for all of them
 */
enum iommu_page_response_code {
	IOMMU_PAGE_RESP_SUCCESS = 0,
	IOMMU_PAGE_RESP_INVALID = 1,
	IOMMU_PAGE_RESP_FAILURE = 2,
};

/**
 * struct iommu_fault_response - Response to a page request group
 * @argsz: size of the structure as userspace knows it, in bytes; at least
 *	IOMMU_FAULT_RESPONSE_V1_SIZE
 * @version: IOMMU_FAULT_RESPONSE_VERSION_1
 * @flags: a combination of the IOMMU_FAULT_RESPONSE_* bits
 * @pasid: Process Address Space ID, valid with
 *	IOMMU_FAULT_RESPONSE_PASID_VALID; 0 otherwise
 * @grpid: Page Request Group Index, as in the page request
 * @code: response code, an &enum iommu_page_response_code value
 *
 * IOMMU_FAULT_RESPONSE_VERSION_1: the only version of this structure
 * IOMMU_FAULT_RESPONSE_V1_SIZE: the size of version 1, the smallest
 *	accepted @argsz
 * IOMMU_FAULT_RESPONSE_PASID_VALID: @pasid is valid
 */
struct iommu_fault_response {
	__u32	argsz;
#define IOMMU_FAULT_RESPONSE_VERSION_1	1
	__u32	version;
#define IOMMU_FAULT_RESPONSE_PASID_VALID	(1 << 0)
	__u32	flags;
	__u32	pasid;
	__u32	grpid;
	__u32	code;
};
#define IOMMU_FAULT_RESPONSE_V1_SIZE	24

/**
 * struct iommu_fault_queue_caps - Record versions the kernel can produce
 * @versions: bit v - 1 is set when the kernel can produce records of
 *	version v
 * @__reserved: reserved. Must be 0
 *
 * The payload of the VFIO device capability that advertises the fault
 * queue; it follows the capability header.
 */
struct iommu_fault_queue_caps {
	__u32	versions;
	__u32	__reserved;
};

/**
 * struct iommu_fault_queue_setup - Sets up or tears down a fault queue
 * @argsz: size of the structure as userspace knows it, in bytes; at least
 *	IOMMU_FAULT_QUEUE_SETUP_V1_SIZE
 * @flags: a combination of the IOMMU_FAULT_QUEUE_* bits
 * @version: the record version userspace chose; 0 with
 *	IOMMU_FAULT_QUEUE_DISABLE
 * @eventfd: eventfd the kernel signals when the queue stops being empty,
 *	valid with IOMMU_FAULT_QUEUE_EVENTFD; 0 otherwise
 * @queue_addr: userspace address of the records, a multiple of
 *	IOMMU_FAULT_QUEUE_ALIGN
 * @queue_bytes: size of the record memory, in bytes
 * @ctrl_addr: userspace address of the &struct iommu_fault_queue_ctrl, a
 *	multiple of IOMMU_FAULT_QUEUE_ALIGN
 *
 * IOMMU_FAULT_QUEUE_EVENTFD: @eventfd is valid
 * IOMMU_FAULT_QUEUE_DISABLE: tear the queue down; every other field but
 *	@argsz is 0
 * IOMMU_FAULT_QUEUE_SETUP_V1_SIZE: the size of version 1, the smallest
 *	accepted @argsz
 * IOMMU_FAULT_QUEUE_ALIGN: alignment of @queue_addr and @ctrl_addr
 */
struct iommu_fault_queue_setup {
	__u32	argsz;
#define IOMMU_FAULT_QUEUE_EVENTFD	(1 << 0)
#define IOMMU_FAULT_QUEUE_DISABLE	(1 << 1)
	__u32	flags;
	__u32	version;
	__s32	eventfd;
	__aligned_u64	queue_addr;
	__aligned_u64	queue_bytes;
	__aligned_u64	ctrl_addr;
};
#define IOMMU_FAULT_QUEUE_SETUP_V1_SIZE	40
#define IOMMU_FAULT_QUEUE_ALIGN		64

/**
 * struct iommu_fault_queue_ctrl - Indices of a fault queue
 * @head: producer index, written by the kernel only
 * @lost: records the kernel could not queue, free-running; written by the
 *	kernel only
 * @__reserved1: reserved. Must be 0
 * @tail: consumer index, written by userspace only
 * @__reserved2: reserved. Must be 0
 *
 * Lives in userspace memory beside the records. The kernel's words and
 * userspace's are 64 bytes apart, so that where cache lines are 64 bytes
 * the two sides do not write to one line.
 */
struct iommu_fault_queue_ctrl {
	__u32	head;
	__u32	lost;
	__u32	__reserved1[14];
	__u32	tail;
	__u32	__reserved2[15];
};

#endif /* _UAPI_LINUX_IOMMU_FAULT_H */
