/* SPDX-License-Identifier: MIT */
/*
 * Page groups, section 9 of the spec.
 *
 * Built with -DIFA_DEFECT=<n> it becomes one of the deliberately wrong
 * implementations that `make check` proves the group fixtures reject:
 *   1 takes a response before the group's LAST_PAGE (IFA-GRP-3)
 *   2 takes a second response to a group (IFA-GRP-3)
 *   3 matches a group that needs the PASID by grpid alone (IFA-GRP-5)
 *   4 keeps reporting a group after one of its requests was dropped (IFA-GRP-6)
 *   5 leaves groups open when the queue is closed (IFA-GRP-7)
 *   6 takes the FAILURE userspace wrote, and sends it to the device (IFA-GRP-8)
 *   7 userspace: puts the PASID in every response to a PASID request (IFA-GRP-4)
 *   8 groups requests by grpid alone, without the PASID (IFA-GRP-1)
 *   9 userspace: answers every request, not once per group (IFA-GRP-2)
 *  10 userspace: answers as usual a request with a must-understand bit it
 *     does not know (IFA-GROW-16)
 *  11 takes responses through a queue it found broken (IFA-QUE-12)
 */
#include "ifa_groups.h"

#include <errno.h>

#ifndef IFA_DEFECT
#define IFA_DEFECT 0
#endif

void ifa_groups_init(struct ifa_groups *g, struct ifa_group *slots, size_t n,
		     ifa_device_answer_fn *answer, void *ctx)
{
	size_t i;

	g->slot = slots;
	g->n = n;
	g->clock = 0;
	g->answer = answer;
	g->ctx = ctx;
	g->broken = 0;
	for (i = 0; i < n; i++)
		slots[i].state = IFA_GROUP_FREE;
}

/* The kernel's answer to the device ends the group (IFA-GRP-3: it is then unknown). */
static void complete(struct ifa_groups *g, struct ifa_group *grp, uint32_t code)
{
	struct ifa_device_response r = {
		.grpid = grp->grpid,
		.pasid = grp->needs_pasid ? grp->pasid : 0,
		.code = code,
		.has_pasid = grp->needs_pasid,
	};

	grp->state = IFA_GROUP_FREE;
	g->answer(g->ctx, &r);
}

/* Identity: (device, PASID when PASID_VALID, grpid); one ifa_groups per device (IFA-GRP-1). */
static int same_group(const struct ifa_group *grp, const struct ifa_fault *req)
{
	int has_pasid = !!(req->has & IFA_HAS_PASID);

	if (grp->grpid != req->grpid)
		return 0;
	if (IFA_DEFECT == 8)
		return 1;
	return grp->has_pasid == has_pasid && (!has_pasid || grp->pasid == req->pasid);
}

static struct ifa_group *find_unanswered(struct ifa_groups *g, const struct ifa_fault *req)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		if ((g->slot[i].state == IFA_GROUP_OPEN || g->slot[i].state == IFA_GROUP_DROPPED) &&
		    same_group(&g->slot[i], req))
			return &g->slot[i];
	return NULL;
}

static struct ifa_group *open_group(struct ifa_groups *g, const struct ifa_fault *req)
{
	size_t i;

	for (i = 0; i < g->n; i++) {
		struct ifa_group *grp = &g->slot[i];

		if (grp->state != IFA_GROUP_FREE)
			continue;
		grp->grpid = req->grpid;
		grp->has_pasid = !!(req->has & IFA_HAS_PASID);
		grp->pasid = grp->has_pasid ? req->pasid : 0;
		grp->needs_pasid = 0;
		grp->state = IFA_GROUP_OPEN;
		grp->age = g->clock++;
		return grp;
	}
	return NULL;
}

int ifa_groups_request(struct ifa_groups *g, const struct ifa_fault *req, int room)
{
	struct ifa_group *grp = find_unanswered(g, req);

	if (g->broken)
		room = 0;
	if (!grp)
		grp = open_group(g, req);
	if (grp && req->last_page)	/* NEEDS_PASID means nothing without a PASID (IFA-GRP-5) */
		grp->needs_pasid = req->needs_pasid && grp->has_pasid;

	if (grp && grp->state == IFA_GROUP_DROPPED && IFA_DEFECT != 4) {
		if (req->last_page)
			complete(g, grp, IOMMU_PAGE_RESP_INVALID);
		return 0;
	}
	if (!room || !grp) {
		/* Not reported: the group cannot be answered by userspace (IFA-GRP-6). */
		if (grp && req->last_page)
			complete(g, grp, IOMMU_PAGE_RESP_INVALID);
		else if (grp && IFA_DEFECT != 4)
			grp->state = IFA_GROUP_DROPPED;
		return 0;
	}
	if (req->last_page)
		grp->state = IFA_GROUP_WAITING;
	return 1;
}

/*
 * A response carrying PASID p answers first the group that needs that PASID;
 * otherwise the oldest waiting group of that grpid that does not need the
 * PASID, whatever PASID the response carries (IFA-GRP-5).
 */
static struct ifa_group *match(struct ifa_groups *g, const struct ifa_response *r)
{
	struct ifa_group *best = NULL;
	size_t i;

	for (i = 0; i < g->n; i++) {
		struct ifa_group *grp = &g->slot[i];
		int answerable = grp->state == IFA_GROUP_WAITING ||
				 (IFA_DEFECT == 1 && grp->state == IFA_GROUP_OPEN);

		if (!answerable || grp->grpid != r->grpid)
			continue;
		if (grp->needs_pasid && IFA_DEFECT != 3) {
			if (r->has_pasid && r->pasid == grp->pasid)
				return grp;
			continue;
		}
		if (!best || grp->age < best->age)
			best = grp;
	}
	return best;
}

int ifa_groups_respond(struct ifa_groups *g, const struct ifa_response *r)
{
	static struct ifa_group answered;	/* defect 2: the last group answered */
	struct ifa_group *grp = match(g, r);
	uint32_t code = r->code;

	/* A broken queue refuses every response before any other check (IFA-QUE-12). */
	if (g->broken && IFA_DEFECT != 11)
		return -EIO;
	/* Response Failure would stop the whole function's page requests (IFA-GRP-8). */
	if (code == IOMMU_PAGE_RESP_FAILURE && IFA_DEFECT != 6)
		return -EINVAL;
	if (IFA_DEFECT == 2 && !grp && answered.state && answered.grpid == r->grpid) {
		struct ifa_group again = answered;

		complete(g, &again, code);
		return 0;
	}
	if (!grp)
		return -EINVAL;
	if (IFA_DEFECT == 2) {
		answered = *grp;
		answered.state = IFA_GROUP_WAITING;
	}
	complete(g, grp, code);
	return 0;
}

void ifa_groups_close(struct ifa_groups *g)
{
	size_t i;

	if (IFA_DEFECT == 5)
		return;
	for (i = 0; i < g->n; i++) {
		if (g->slot[i].state == IFA_GROUP_WAITING)
			complete(g, &g->slot[i], IOMMU_PAGE_RESP_INVALID);
		else if (g->slot[i].state == IFA_GROUP_OPEN)
			g->slot[i].state = IFA_GROUP_DROPPED;
	}
}

void ifa_groups_reset(struct ifa_groups *g)
{
	size_t i;

	for (i = 0; i < g->n; i++) {
		if (g->slot[i].state == IFA_GROUP_WAITING && IFA_DEFECT != 5)
			complete(g, &g->slot[i], IOMMU_PAGE_RESP_INVALID);
		else if (IFA_DEFECT != 5)
			g->slot[i].state = IFA_GROUP_FREE;
	}
}

int ifa_group_answer(const struct ifa_fault *req, uint32_t code, struct ifa_response *out)
{
	int has_pasid = !!(req->has & IFA_HAS_PASID);

	if (req->type != IOMMU_FAULT_PAGE_REQ || (!req->last_page && IFA_DEFECT != 9))
		return 0;
	out->grpid = req->grpid;
	out->code = req->must && IFA_DEFECT != 10 ? IOMMU_PAGE_RESP_INVALID : code;
	out->has_pasid = has_pasid && (req->needs_pasid || IFA_DEFECT == 7);
	out->pasid = out->has_pasid ? req->pasid : 0;
	return 1;
}

void ifa_groups_break(struct ifa_groups *g)
{
	g->broken = 1;
}
