/* SPDX-License-Identifier: MIT */
/*
 * Page groups (section 9 of the spec): the kernel's side, which groups the
 * page requests it reports, matches userspace's responses to them and
 * answers the device, and userspace's side, which answers a complete group.
 * No function here allocates memory: the caller gives the group slots.
 */
#ifndef IFA_GROUPS_H
#define IFA_GROUPS_H

#include "ifa_ref.h"

enum ifa_group_state {
	IFA_GROUP_FREE = 0,
	IFA_GROUP_OPEN,		/* requests reported, LAST_PAGE not yet */
	IFA_GROUP_WAITING,	/* LAST_PAGE reported: waits for userspace's response */
	IFA_GROUP_DROPPED,	/* a request of it was dropped: the kernel answers it itself */
};

struct ifa_group {
	uint32_t grpid, pasid;
	uint8_t has_pasid, needs_pasid;
	uint8_t state;		/* enum ifa_group_state */
	uint64_t age;		/* order of opening: the oldest match wins (IFA-GRP-5) */
};

/* What the kernel sends the device for a group: the PCIe page response. */
struct ifa_device_response {
	uint32_t grpid, pasid, code;
	int has_pasid;
};

typedef void ifa_device_answer_fn(void *ctx, const struct ifa_device_response *r);

struct ifa_groups {
	struct ifa_group *slot;
	size_t n;
	uint64_t clock;
	ifa_device_answer_fn *answer;
	void *ctx;
	int broken;	/* the queue is broken (IFA-QUE-6) */
};

void ifa_groups_init(struct ifa_groups *g, struct ifa_group *slots, size_t n,
		     ifa_device_answer_fn *answer, void *ctx);

/*
 * The kernel has page request req (type IOMMU_FAULT_PAGE_REQ) to report and
 * `room` says whether the queue has room for it. Returns 1 when the record
 * is to be queued, 0 when it is not (the queue is full, or its group was
 * dropped before: IFA-GRP-6), in which case the caller counts it in lost.
 * A group with no free slot is dropped like a full queue.
 */
int ifa_groups_request(struct ifa_groups *g, const struct ifa_fault *req, int room);

/* Userspace's response r: 0 when it answers a group (the device is answered), else -EINVAL (IFA-GRP-3). */
int ifa_groups_respond(struct ifa_groups *g, const struct ifa_response *r);

/*
 * The queue is closed: groups waiting for a response are answered INVALID
 * now, open groups when their LAST_PAGE arrives (IFA-GRP-7).
 */
void ifa_groups_close(struct ifa_groups *g);

/* The device is reset or unbound: waiting groups answered INVALID, open ones forgotten (IFA-GRP-7). */
void ifa_groups_reset(struct ifa_groups *g);

/*
 * The kernel found the queue broken (IFA-QUE-6): no request is reported from
 * now on, and every response is refused with EIO until the teardown (IFA-QUE-12).
 */
void ifa_groups_break(struct ifa_groups *g);

/*
 * Userspace's side: the response to request req with `code`, into *out.
 * Returns 1 when req completes its group (LAST_PAGE) and a response is
 * due, 0 when it is not (IFA-GRP-2). The response carries the PASID exactly
 * when the request has PASID_VALID and NEEDS_PASID (IFA-GRP-4), and its code
 * is INVALID when the request sets a must-understand bit (IFA-GROW-16).
 */
int ifa_group_answer(const struct ifa_fault *req, uint32_t code, struct ifa_response *out);

#endif
