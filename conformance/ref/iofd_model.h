/* SPDX-License-Identifier: MIT */
/*
 * A model of the kernel's side of iommufd's fault object and vEVENTQ
 * (spec/iommufd-fault.md sections 6 to 8): what read() and write() of the
 * fault descriptor do, what destroying the object or detaching a device
 * answers, and what a vEVENTQ puts in its stream. It is what the kernel
 * must do, not a copy of how it does it; no function here allocates memory.
 *
 * "User memory" is a buffer and its size: a copy past that size is a copy
 * fault (EFAULT), as when a read() is given a count larger than the memory
 * mapped behind its buffer.
 */
#ifndef IOFD_MODEL_H
#define IOFD_MODEL_H

#include <stdint.h>
#include <string.h>

#include <linux/iommufd_fault.h>

#define IOFD_RECORD_SIZE	sizeof(struct iommu_hwpt_pgfault)
#define IOFD_RESPONSE_SIZE	sizeof(struct iommu_hwpt_page_response)
#define IOFD_HEADER_SIZE	sizeof(struct iommufd_vevent_header)

/* Bounds of the model, not of the ABI. */
#define IOFD_MAX_GROUPS		16
#define IOFD_GROUP_MAX_REQS	8
#define IOFD_EVQ_MAX_DEPTH	16
#define IOFD_EVENT_MAX		sizeof(struct iommu_vevent_arm_smmuv3)

/*
 * The IOMMU driver's own flag that the PCIe response must carry the PASID.
 * The kernel's page requests have it beside PASID_VALID and LAST_PAGE; it
 * is no flag of the UAPI record (Table C-1), so it never reaches one.
 */
#define IOFD_REQ_NEEDS_PASID	(1u << 2)

/* One page request as the IOMMU driver hands it over. */
struct iofd_request {
	uint32_t dev_id;	/* iommufd ID of the device */
	uint32_t flags;		/* IOMMU_PGFAULT_FLAGS_*, and whatever else the driver sets */
	uint32_t pasid;		/* meaningful with IOMMU_PGFAULT_FLAGS_PASID_VALID only */
	uint32_t grpid;
	uint32_t perm;		/* IOMMU_PGFAULT_PERM_*, and whatever else the driver sets */
	uint64_t addr;
};

/* What the kernel sends the device for a group: the PCIe page response. */
struct iofd_device_answer {
	uint32_t dev_id, grpid, pasid, code;
	int has_pasid;
};

typedef void iofd_answer_fn(void *ctx, const struct iofd_device_answer *a);

enum iofd_group_state {
	IOFD_GROUP_FREE = 0,
	IOFD_GROUP_PARTIAL,	/* requests of a device's grpid, LAST_PAGE not yet sent */
	IOFD_GROUP_QUEUED,	/* complete: waits to be read */
	IOFD_GROUP_AWAITING,	/* read: named by its cookie, waits for its response */
};

struct iofd_group {
	uint8_t state;		/* enum iofd_group_state */
	uint32_t dev_id, grpid;
	uint8_t named;		/* it has a cookie: read, or being read */
	uint32_t cookie;
	uint32_t nreq, sent;	/* requests, and how many of them were read */
	uint64_t order;		/* the queue is in this order */
	struct iofd_request req[IOFD_GROUP_MAX_REQS];
};

struct iofd_fault {
	struct iofd_group group[IOFD_MAX_GROUPS];
	uint64_t clock;
	iofd_answer_fn *answer;
	void *ctx;
};

void iofd_fault_init(struct iofd_fault *f, iofd_answer_fn *answer, void *ctx);

/*
 * A device sends page request req. Requests without LAST_PAGE wait for the
 * one with it and the same grpid from the same device (the PASID is no part
 * of the match, as in the kernel); that one completes the group and queues
 * it. 0, or -ENOSPC when the model has no room (the driver then answers).
 */
int iofd_fault_report(struct iofd_fault *f, const struct iofd_request *req);

/*
 * read() at file position pos of count bytes into user memory buf of
 * bufsize bytes (IOFD-FD-1 to IOFD-FD-4): the bytes delivered, or -ESPIPE,
 * -EFAULT.
 */
long iofd_fault_read(struct iofd_fault *f, long long pos, size_t count, void *buf,
		     size_t bufsize);

/* write() of count bytes of page responses at position pos (IOFD-RSP-1 to IOFD-RSP-4). */
long iofd_fault_write(struct iofd_fault *f, long long pos, const void *buf, size_t count);

/*
 * The device is detached from, or replaced on, the page table that reports
 * to the object: its queued and awaiting groups are answered INVALID
 * (IOFD-FD-5), queued ones first in queue order, then the awaiting ones by
 * cookie, as the kernel walks them. Its requests without LAST_PAGE stay:
 * they belong to the device, not to the object.
 */
void iofd_fault_detach(struct iofd_fault *f, uint32_t dev_id);

/* The object is destroyed: as detach, for every device; the model is empty afterwards. */
void iofd_fault_destroy(struct iofd_fault *f);

/* One entry of a vEVENTQ: an event, or the lost-events record (a header alone). */
struct iofd_vevent {
	uint32_t flags, sequence;
	uint32_t len;
	unsigned char data[IOFD_EVENT_MAX];
};

struct iofd_veventq {
	uint32_t depth;		/* veventq_depth */
	uint32_t num_events;	/* events queued; the lost-events record is none */
	uint32_t sequence;	/* the number the next entry gets */
	size_t n;		/* entries in ev[], in order */
	struct iofd_vevent ev[IOFD_EVQ_MAX_DEPTH + 2];
};

/* An empty queue of depth events (1 to IOFD_EVQ_MAX_DEPTH), else -EINVAL. */
int iofd_veventq_init(struct iofd_veventq *q, uint32_t depth);

/* Where numbering goes on: the counter as if so many events had gone before (a test hook). */
void iofd_veventq_set_sequence(struct iofd_veventq *q, uint32_t next);

/*
 * The virtual IOMMU reports an event of len bytes (1 to IOFD_EVENT_MAX):
 * 0 when it is queued, 1 when the queue was full and the lost-events record
 * stands for it (IOFD-EVQ-1, IOFD-EVQ-2), -EINVAL for a bad length.
 */
int iofd_veventq_report(struct iofd_veventq *q, const void *data, size_t len);

/* read() of the vEVENTQ (IOFD-EVQ-3): the bytes delivered, or -ESPIPE, -EFAULT. */
long iofd_veventq_read(struct iofd_veventq *q, long long pos, size_t count, void *buf,
		       size_t bufsize);

#endif
