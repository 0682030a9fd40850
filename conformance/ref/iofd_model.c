/* SPDX-License-Identifier: MIT */
/*
 * The kernel's side of iommufd's fault object and vEVENTQ, sections 6 to 8
 * of spec/iommufd-fault.md.
 *
 * Built with -DIOFD_DEFECT=<n> it becomes one of the deliberately wrong
 * kernels that the scripts of fixtures/iommufd-fd.txt and
 * fixtures/iommufd-eventq.txt must catch:
 *   1 reads at any file position (IOFD-FD-1)
 *   2 splits a group that does not fit across reads (IOFD-FD-2)
 *   3 counts the records of a group copied before a copy fault, and
 *     returns them with the group still queued (IOFD-FD-2)
 *   4 numbers a group by how many groups await a response: a live cookie
 *     comes back once an older group is answered (IOFD-FD-3)
 *   5 numbers cookies from 0 (IOFD-FD-3)
 *   6 copies the driver's request as it is: its own NEEDS_PASID flag, its
 *     permission bits and a PASID that is not valid reach the record (IOFD-FD-4)
 *   7 leaves __reserved as the reader's buffer held it (IOFD-FD-4)
 *   8 destroy answers queued groups only, not those awaiting a response (IOFD-FD-5)
 *   9 detaching a device answers the groups of every device (IOFD-FD-5)
 *  10 takes the whole responses of a write() whose count is not a
 *     multiple of 8 (IOFD-RSP-1)
 *  11 takes a code that is not in Table C-3 to the device (IOFD-RSP-2)
 *  12 keeps a group's cookie after its response: a second one is taken (IOFD-RSP-3)
 *  13 skips a refused response and goes on with the batch (IOFD-RSP-4)
 *  14 returns the error of a refused response when responses before it
 *     were taken (IOFD-RSP-4)
 *  15 lets the sequence number reach bit 31 (IOFD-EVQ-1)
 *  16 a drop does not use up a sequence number (IOFD-EVQ-1)
 *  17 each drop adds a lost-events record (IOFD-EVQ-2)
 *  18 an event queued after a drop goes behind the lost-events record (IOFD-EVQ-2)
 *  19 cuts an event that does not fit in what is left of the count (IOFD-EVQ-3)
 *  20 checks the fit of an event with a 4-byte header, the size of a
 *     pointer on a 32-bit kernel: one 4 bytes short is delivered (IOFD-EVQ-3)
 *  21 a copy fault in a payload returns the header already copied (IOFD-EVQ-3)
 */
#include "iofd_model.h"

#include <errno.h>

#ifndef IOFD_DEFECT
#define IOFD_DEFECT 0
#endif

#define PGFAULT_FLAGS	(IOMMU_PGFAULT_FLAGS_PASID_VALID | IOMMU_PGFAULT_FLAGS_LAST_PAGE)
#define PGFAULT_PERM	(IOMMU_PGFAULT_PERM_READ | IOMMU_PGFAULT_PERM_WRITE | \
			 IOMMU_PGFAULT_PERM_EXEC | IOMMU_PGFAULT_PERM_PRIV)

/* copy_to_user(): all or nothing here, and nothing past the user memory. */
static int copy_out(void *buf, size_t bufsize, size_t off, const void *src, size_t n)
{
	if (off > bufsize || n > bufsize - off)
		return -EFAULT;
	memcpy((unsigned char *)buf + off, src, n);
	return 0;
}

void iofd_fault_init(struct iofd_fault *f, iofd_answer_fn *answer, void *ctx)
{
	memset(f, 0, sizeof(*f));
	f->answer = answer;
	f->ctx = ctx;
}

static struct iofd_group *find(struct iofd_fault *f, int state, uint32_t dev_id, uint32_t grpid)
{
	size_t i;

	for (i = 0; i < IOFD_MAX_GROUPS; i++) {
		struct iofd_group *g = &f->group[i];

		if (g->state == state && g->dev_id == dev_id && g->grpid == grpid)
			return g;
	}
	return NULL;
}

static struct iofd_group *new_group(struct iofd_fault *f, const struct iofd_request *req)
{
	size_t i;

	for (i = 0; i < IOFD_MAX_GROUPS; i++) {
		struct iofd_group *g = &f->group[i];

		if (g->state != IOFD_GROUP_FREE)
			continue;
		memset(g, 0, sizeof(*g));
		g->state = IOFD_GROUP_PARTIAL;
		g->dev_id = req->dev_id;
		g->grpid = req->grpid;
		return g;
	}
	return NULL;
}

int iofd_fault_report(struct iofd_fault *f, const struct iofd_request *req)
{
	struct iofd_group *g = find(f, IOFD_GROUP_PARTIAL, req->dev_id, req->grpid);

	if (!g)
		g = new_group(f, req);
	if (!g)
		return -ENOSPC;
	if (g->nreq == IOFD_GROUP_MAX_REQS) {
		/* The group can never be delivered whole: forget it, the driver answers. */
		g->state = IOFD_GROUP_FREE;
		return -ENOSPC;
	}
	g->req[g->nreq++] = *req;
	if (req->flags & IOMMU_PGFAULT_FLAGS_LAST_PAGE) {
		g->state = IOFD_GROUP_QUEUED;
		g->order = f->clock++;
	}
	return 0;
}

/* The group at the head of the queue. */
static struct iofd_group *head(struct iofd_fault *f)
{
	struct iofd_group *best = NULL;
	size_t i;

	for (i = 0; i < IOFD_MAX_GROUPS; i++) {
		struct iofd_group *g = &f->group[i];

		if (g->state == IOFD_GROUP_QUEUED && (!best || g->order < best->order))
			best = g;
	}
	return best;
}

static int cookie_live(struct iofd_fault *f, uint32_t cookie)
{
	size_t i;

	for (i = 0; i < IOFD_MAX_GROUPS; i++)
		if (f->group[i].state != IOFD_GROUP_FREE && f->group[i].named &&
		    f->group[i].cookie == cookie)
			return 1;
	return 0;
}

/* The lowest number no group holds, from 1 (the kernel's xarray allocates so). */
static uint32_t new_cookie(struct iofd_fault *f)
{
	uint32_t c = IOFD_DEFECT == 5 ? 0 : 1;
	size_t i;

	if (IOFD_DEFECT == 4) {
		for (i = 0; i < IOFD_MAX_GROUPS; i++)
			c += f->group[i].state == IOFD_GROUP_AWAITING;
		return c;
	}
	while (cookie_live(f, c))
		c++;
	return c;
}

static void compose(const struct iofd_group *g, const struct iofd_request *r,
		    struct iommu_hwpt_pgfault *rec)
{
	int valid = !!(r->flags & IOMMU_PGFAULT_FLAGS_PASID_VALID);

	if (IOFD_DEFECT != 7)
		memset(rec, 0, sizeof(*rec));
	rec->flags = IOFD_DEFECT == 6 ? r->flags : r->flags & PGFAULT_FLAGS;
	rec->dev_id = r->dev_id;
	rec->pasid = valid || IOFD_DEFECT == 6 ? r->pasid : 0;
	rec->grpid = r->grpid;
	rec->perm = IOFD_DEFECT == 6 ? r->perm : r->perm & PGFAULT_PERM;
	rec->addr = r->addr;
	rec->length = 0;	/* the kernel has no hint to give */
	rec->cookie = g->cookie;
}

/* Copies the records of g from its first unsent one; the bytes copied, or -EFAULT. */
static long copy_group(struct iofd_group *g, uint32_t upto, void *buf, size_t bufsize,
		       size_t off)
{
	size_t start = off;
	uint32_t i;

	for (i = g->sent; i < upto; i++) {
		struct iommu_hwpt_pgfault rec;

		if (IOFD_DEFECT == 7 && off <= bufsize && IOFD_RECORD_SIZE <= bufsize - off)
			memcpy(&rec, (unsigned char *)buf + off, sizeof(rec));
		else
			memset(&rec, 0, sizeof(rec));
		compose(g, &g->req[i], &rec);
		if (copy_out(buf, bufsize, off, &rec, sizeof(rec)))
			return IOFD_DEFECT == 3 && off > start ? (long)(off - start) : -EFAULT;
		off += sizeof(rec);
	}
	return (long)(off - start);
}

long iofd_fault_read(struct iofd_fault *f, long long pos, size_t count, void *buf,
		     size_t bufsize)
{
	struct iofd_group *g;
	size_t done = 0;
	long rc = 0;

	if ((pos && IOFD_DEFECT != 1) || count % IOFD_RECORD_SIZE)
		return -ESPIPE;
	while ((g = head(f))) {
		size_t left = count - done;
		uint32_t upto = g->nreq;
		long n;

		if ((g->nreq - g->sent) * IOFD_RECORD_SIZE > left) {
			if (IOFD_DEFECT != 2 || left < IOFD_RECORD_SIZE)
				break;
			upto = g->sent + (uint32_t)(left / IOFD_RECORD_SIZE);
		}
		if (!g->named) {
			g->cookie = new_cookie(f);
			g->named = 1;
		}
		n = copy_group(g, upto, buf, bufsize, done);
		if (n < 0 || (IOFD_DEFECT == 3 && g->sent + n / IOFD_RECORD_SIZE < upto)) {
			/* The group stays at the head of the queue, unnamed. */
			g->named = 0;
			g->cookie = 0;
			if (n < 0)
				rc = n;
			else
				done += (size_t)n;
			break;
		}
		done += (size_t)n;
		g->sent = upto;
		if (g->sent == g->nreq)
			g->state = IOFD_GROUP_AWAITING;
	}
	return done ? (long)done : rc;
}

static void answer(struct iofd_fault *f, struct iofd_group *g, uint32_t code)
{
	const struct iofd_request *last = &g->req[g->nreq - 1];
	struct iofd_device_answer a = {
		.dev_id = g->dev_id,
		.grpid = g->grpid,
		.code = code,
		.has_pasid = !!(last->flags & IOMMU_PGFAULT_FLAGS_PASID_VALID),
	};

	a.pasid = a.has_pasid ? last->pasid : 0;
	if (IOFD_DEFECT != 12) {
		g->state = IOFD_GROUP_FREE;
		g->named = 0;
	}
	f->answer(f->ctx, &a);
}

static struct iofd_group *awaiting(struct iofd_fault *f, uint32_t cookie)
{
	size_t i;

	for (i = 0; i < IOFD_MAX_GROUPS; i++)
		if (f->group[i].state == IOFD_GROUP_AWAITING && f->group[i].cookie == cookie)
			return &f->group[i];
	return NULL;
}

long iofd_fault_write(struct iofd_fault *f, long long pos, const void *buf, size_t count)
{
	size_t done = 0, taken = 0;
	long rc = 0;

	if (pos || (count % IOFD_RESPONSE_SIZE && IOFD_DEFECT != 10))
		return -ESPIPE;
	for (; count - done >= IOFD_RESPONSE_SIZE; done += IOFD_RESPONSE_SIZE) {
		struct iommu_hwpt_page_response r;
		struct iofd_group *g = NULL;

		memcpy(&r, (const unsigned char *)buf + done, sizeof(r));
		/* The code first: a bad code is refused even for a live cookie. */
		if (r.code != IOMMUFD_PAGE_RESP_SUCCESS && r.code != IOMMUFD_PAGE_RESP_INVALID &&
		    IOFD_DEFECT != 11)
			rc = -EINVAL;
		else if (!(g = awaiting(f, r.cookie)))
			rc = -EINVAL;
		if (rc) {
			if (IOFD_DEFECT == 13) {
				rc = 0;
				continue;
			}
			break;
		}
		answer(f, g, r.code);
		taken += IOFD_RESPONSE_SIZE;
	}
	if (IOFD_DEFECT == 14 && rc)
		return rc;
	return taken ? (long)taken : rc;
}

/* The groups in one state, of one device or all: queued ones in queue order, others by cookie. */
static void answer_all(struct iofd_fault *f, int all, uint32_t dev_id, int state)
{
	for (;;) {
		struct iofd_group *g = NULL;
		size_t i;

		for (i = 0; i < IOFD_MAX_GROUPS; i++) {
			struct iofd_group *c = &f->group[i];

			if (c->state != state || (!all && c->dev_id != dev_id))
				continue;
			if (!g || (state == IOFD_GROUP_QUEUED ? c->order < g->order :
							       c->cookie < g->cookie))
				g = c;
		}
		if (!g)
			return;
		answer(f, g, IOMMUFD_PAGE_RESP_INVALID);
		g->state = IOFD_GROUP_FREE;
		g->named = 0;
	}
}

void iofd_fault_detach(struct iofd_fault *f, uint32_t dev_id)
{
	int all = IOFD_DEFECT == 9;

	answer_all(f, all, dev_id, IOFD_GROUP_QUEUED);
	answer_all(f, all, dev_id, IOFD_GROUP_AWAITING);
}

void iofd_fault_destroy(struct iofd_fault *f)
{
	size_t i;

	answer_all(f, 1, 0, IOFD_GROUP_QUEUED);
	if (IOFD_DEFECT != 8)
		answer_all(f, 1, 0, IOFD_GROUP_AWAITING);
	for (i = 0; i < IOFD_MAX_GROUPS; i++)
		f->group[i].state = IOFD_GROUP_FREE;
}

int iofd_veventq_init(struct iofd_veventq *q, uint32_t depth)
{
	memset(q, 0, sizeof(*q));
	if (!depth || depth > IOFD_EVQ_MAX_DEPTH)
		return -EINVAL;
	q->depth = depth;
	return 0;
}

void iofd_veventq_set_sequence(struct iofd_veventq *q, uint32_t next)
{
	q->sequence = next;
}

static int is_lost(const struct iofd_vevent *e)
{
	return !!(e->flags & IOMMU_VEVENTQ_FLAG_LOST_EVENTS);
}

static uint32_t next_sequence(struct iofd_veventq *q)
{
	uint32_t seq = q->sequence;

	q->sequence = IOFD_DEFECT == 15 ? seq + 1 : (seq + 1) & 0x7fffffffu;
	return seq;
}

int iofd_veventq_report(struct iofd_veventq *q, const void *data, size_t len)
{
	const size_t cap = sizeof(q->ev) / sizeof(q->ev[0]);
	int lost_last = q->n && is_lost(&q->ev[q->n - 1]);
	struct iofd_vevent *e;

	if (!len || len > IOFD_EVENT_MAX)
		return -EINVAL;
	if (q->num_events == q->depth) {
		/* The lost-events record stands for the event: last, renumbered. */
		if (lost_last && (IOFD_DEFECT != 17 || q->n == cap))
			q->n--;
		if (q->n == cap)
			return -ENOSPC;	/* only the wrong builds get here */
		e = &q->ev[q->n++];
		memset(e, 0, sizeof(*e));
		e->flags = IOMMU_VEVENTQ_FLAG_LOST_EVENTS;
		if (IOFD_DEFECT == 16)
			e->sequence = q->sequence;
		else
			e->sequence = next_sequence(q);
		return 1;
	}
	if (lost_last && (IOFD_DEFECT != 18 || q->n == cap))
		q->n--;		/* the event takes its place: the gap in the numbers tells */
	if (q->n == cap)
		return -ENOSPC;	/* only the wrong builds get here */
	e = &q->ev[q->n++];
	memset(e, 0, sizeof(*e));
	memcpy(e->data, data, len);
	e->len = (uint32_t)len;
	e->sequence = next_sequence(q);
	q->num_events++;
	return 0;
}

long iofd_veventq_read(struct iofd_veventq *q, long long pos, size_t count, void *buf,
		       size_t bufsize)
{
	size_t done = 0;
	long rc = 0;

	if (pos)
		return -ESPIPE;
	while (q->n) {
		struct iofd_vevent *e = &q->ev[0];
		struct iommufd_vevent_header hdr = { .flags = e->flags, .sequence = e->sequence };
		size_t left = count - done, need = IOFD_HEADER_SIZE + e->len, take = need;

		if (IOFD_DEFECT == 20 ? 4 + e->len > left : need > left) {
			if (IOFD_DEFECT != 19 || left < IOFD_HEADER_SIZE)
				break;
			take = left;
		}
		if (copy_out(buf, bufsize, done, &hdr, sizeof(hdr))) {
			rc = -EFAULT;
			break;
		}
		if (take > IOFD_HEADER_SIZE &&
		    copy_out(buf, bufsize, done + IOFD_HEADER_SIZE, e->data, take - IOFD_HEADER_SIZE)) {
			/* The event stays queued; its header was not delivered. */
			if (IOFD_DEFECT == 21)
				done += IOFD_HEADER_SIZE;
			rc = -EFAULT;
			break;
		}
		done += take;
		if (!is_lost(e))
			q->num_events--;
		memmove(&q->ev[0], &q->ev[1], (q->n - 1) * sizeof(q->ev[0]));
		q->n--;
	}
	return done ? (long)done : rc;
}
