/* SPDX-License-Identifier: MIT */
#include "ifa_ref.h"
#include "ifa_bytes.h"

#include <errno.h>
#include <string.h>

#define PRM_OFF	offsetof(struct iommu_fault, prm)
#define EVT_OFF	offsetof(struct iommu_fault, event)


static void put32(unsigned char *p, size_t off, uint32_t v)
{
	memcpy(p + off, &v, sizeof(v));
}

static void put64(unsigned char *p, size_t off, uint64_t v)
{
	memcpy(p + off, &v, sizeof(v));
}

#define PRM(f)	(PRM_OFF + offsetof(struct iommu_fault_page_request, f))
#define EVT(f)	(EVT_OFF + offsetof(struct iommu_fault_unrecoverable, f))
#define GPASID	(PRM_OFF + IFA_REF_GPASID_OFFSET)

size_t ifa_record_size(uint32_t version)
{
	return version == 1 ? sizeof(struct iommu_fault) : 0;
}

static int listed(const uint32_t *v, size_t n, uint32_t x)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] == x)
			return 1;
	return 0;
}

int ifa_negotiate(const uint32_t *producer, size_t np, const uint32_t *consumer,
		  size_t nc, uint32_t *version, size_t *size)
{
	uint32_t best = 0;
	size_t i;

	for (i = 0; i < nc; i++)
		if (consumer[i] > best && ifa_record_size(consumer[i]) &&
		    listed(producer, np, consumer[i]))
			best = consumer[i];
	if (!best)
		return -EOPNOTSUPP;
	*version = best;
	*size = ifa_record_size(best);
	return 0;
}

int ifa_decode(const void *rec, size_t record_size, enum ifa_level level,
	       struct ifa_fault *out)
{
	const unsigned char *r = rec;
	uint32_t flags;

	if (record_size < sizeof(struct iommu_fault))
		return -EINVAL;
	*out = (struct ifa_fault){ .type = get32(r, offsetof(struct iommu_fault, type)) };
	switch (out->type) {
	case IOMMU_FAULT_PAGE_REQ:
		flags = get32(r, PRM(flags));
		out->grpid = get32(r, PRM(grpid));
		out->perm = get32(r, PRM(perm));
		out->addr = get64(r, PRM(addr));
		out->last_page = !!(flags & IOMMU_FAULT_PAGE_REQUEST_LAST_PAGE);
		out->needs_pasid = !!(flags & IOMMU_FAULT_PAGE_REQUEST_NEEDS_PASID);
		out->must = flags & IFA_MUST_UNDERSTAND;	/* answered INVALID (IFA-GROW-16) */
		if (flags & IOMMU_FAULT_PAGE_REQUEST_PASID_VALID) {
			out->has |= IFA_HAS_PASID;
			out->pasid = get32(r, PRM(pasid));
		}
		if (flags & IOMMU_FAULT_PAGE_REQUEST_PRIV_DATA) {
			out->has |= IFA_HAS_PRIV;
			out->priv[0] = get64(r, PRM(private_data));
			out->priv[1] = get64(r, PRM(private_data) + 8);
		}
		if (level == IFA_LEVEL_GPASID && (flags & IFA_REF_GPASID_VALID)) {
			out->has |= IFA_HAS_GPASID;
			out->gpasid = get32(r, GPASID);
		}
		return IFA_DECODED;
	case IOMMU_FAULT_DMA_UNRECOV:
		flags = get32(r, EVT(flags));
		out->must = flags & IFA_MUST_UNDERSTAND;
		if (out->must)	/* not understood: as an unknown type (IFA-GROW-16) */
			return IFA_SKIPPED;
		out->reason = get32(r, EVT(reason));
		out->perm = get32(r, EVT(perm));
		if (flags & IOMMU_FAULT_UNRECOV_PASID_VALID) {
			out->has |= IFA_HAS_PASID;
			out->pasid = get32(r, EVT(pasid));
		}
		if (flags & IOMMU_FAULT_UNRECOV_ADDR_VALID) {
			out->has |= IFA_HAS_ADDR;
			out->addr = get64(r, EVT(addr));
		}
		if (flags & IOMMU_FAULT_UNRECOV_FETCH_ADDR_VALID) {
			out->has |= IFA_HAS_FETCH_ADDR;
			out->fetch_addr = get64(r, EVT(fetch_addr));
		}
		return IFA_DECODED;
	default:
		return IFA_SKIPPED;
	}
}

int ifa_encode(void *rec, size_t record_size, enum ifa_level level,
	       const struct ifa_fault *f)
{
	unsigned char *r = rec;
	uint32_t flags = 0;

	if (record_size < sizeof(struct iommu_fault) ||
	    (f->type != IOMMU_FAULT_PAGE_REQ && f->type != IOMMU_FAULT_DMA_UNRECOV))
		return -EINVAL;
	memset(r, 0, record_size);
	put32(r, offsetof(struct iommu_fault, type), f->type);
	if (f->type == IOMMU_FAULT_PAGE_REQ) {
		put32(r, PRM(grpid), f->grpid);
		put32(r, PRM(perm), f->perm);
		put64(r, PRM(addr), f->addr);
		if (f->last_page)
			flags |= IOMMU_FAULT_PAGE_REQUEST_LAST_PAGE;
		if (f->needs_pasid)
			flags |= IOMMU_FAULT_PAGE_REQUEST_NEEDS_PASID;
		if (f->has & IFA_HAS_PASID) {
			flags |= IOMMU_FAULT_PAGE_REQUEST_PASID_VALID;
			put32(r, PRM(pasid), f->pasid);
		}
		if (f->has & IFA_HAS_PRIV) {
			flags |= IOMMU_FAULT_PAGE_REQUEST_PRIV_DATA;
			put64(r, PRM(private_data), f->priv[0]);
			put64(r, PRM(private_data) + 8, f->priv[1]);
		}
		if (level == IFA_LEVEL_GPASID && (f->has & IFA_HAS_GPASID)) {
			flags |= IFA_REF_GPASID_VALID;
			put32(r, GPASID, f->gpasid);
		}
		put32(r, PRM(flags), flags);
	} else {
		put32(r, EVT(reason), f->reason);
		put32(r, EVT(perm), f->perm);
		if (f->has & IFA_HAS_PASID) {
			flags |= IOMMU_FAULT_UNRECOV_PASID_VALID;
			put32(r, EVT(pasid), f->pasid);
		}
		if (f->has & IFA_HAS_ADDR) {
			flags |= IOMMU_FAULT_UNRECOV_ADDR_VALID;
			put64(r, EVT(addr), f->addr);
		}
		if (f->has & IFA_HAS_FETCH_ADDR) {
			flags |= IOMMU_FAULT_UNRECOV_FETCH_ADDR_VALID;
			put64(r, EVT(fetch_addr), f->fetch_addr);
		}
		put32(r, EVT(flags), flags);
	}
	return 0;
}

static int all_zero(const unsigned char *r, size_t off, size_t len, size_t *at)
{
	size_t i;

	for (i = off; i < off + len; i++)
		if (r[i]) {
			*at = i;
			return 0;
		}
	return 1;
}

int ifa_producer_check(const void *rec, size_t record_size, enum ifa_level level,
		       size_t *at)
{
	const unsigned char *r = rec;
	struct ifa_fault f;
	unsigned char clean[sizeof(struct iommu_fault)];
	uint32_t flags, known;
	size_t i;

	if (record_size < sizeof(struct iommu_fault)) {
		*at = 0;
		return -1;
	}
	/* A producer writes only types it defines... */
	if (ifa_decode(rec, record_size, level, &f) != IFA_DECODED) {
		*at = offsetof(struct iommu_fault, type);
		return -1;
	}
	/* ...only flag bits it defines... */
	if (f.type == IOMMU_FAULT_PAGE_REQ) {
		flags = get32(r, PRM(flags));
		known = IOMMU_FAULT_PAGE_REQUEST_PASID_VALID | IOMMU_FAULT_PAGE_REQUEST_LAST_PAGE |
			IOMMU_FAULT_PAGE_REQUEST_PRIV_DATA | IOMMU_FAULT_PAGE_REQUEST_NEEDS_PASID |
			(level == IFA_LEVEL_GPASID ? IFA_REF_GPASID_VALID : 0);
		if (flags & ~known) {
			*at = PRM(flags);
			return -1;
		}
	} else {
		flags = get32(r, EVT(flags));
		known = IOMMU_FAULT_UNRECOV_PASID_VALID | IOMMU_FAULT_UNRECOV_ADDR_VALID |
			IOMMU_FAULT_UNRECOV_FETCH_ADDR_VALID;
		if (flags & ~known) {
			*at = EVT(flags);
			return -1;
		}
	}
	/* ...and every other byte is what re-encoding the decoded data gives: 0. */
	ifa_encode(clean, sizeof(clean), level, &f);
	for (i = 0; i < sizeof(clean); i++)
		if (r[i] != clean[i]) {
			*at = i;
			return -1;
		}
	return all_zero(r, sizeof(clean), record_size - sizeof(clean), at) ? 0 : -1;
}

int ifa_response_validate(const void *buf, size_t len)
{
	const unsigned char *b = buf;
	struct iommu_fault_response r;
	size_t argsz, at;

	if (len < sizeof(r.argsz))
		return -EINVAL;
	argsz = get32(b, offsetof(struct iommu_fault_response, argsz));
	if (argsz < IOMMU_FAULT_RESPONSE_V1_SIZE)
		return -EINVAL;				/* IFA-RSP-1 */
	if (argsz > len)
		return -EFAULT;				/* IFA-RSP-1 */
	if (!all_zero(b, sizeof(r), argsz - sizeof(r), &at))
		return -E2BIG;				/* IFA-RSP-2 */
	memcpy(&r, b, sizeof(r));
	if (r.version != IOMMU_FAULT_RESPONSE_VERSION_1)
		return -EINVAL;				/* IFA-RSP-3 */
	if (r.flags & ~(uint32_t)IOMMU_FAULT_RESPONSE_PASID_VALID)
		return -EINVAL;				/* IFA-RSP-4 */
	if (r.code > IOMMU_PAGE_RESP_FAILURE)
		return -EINVAL;				/* IFA-RSP-5 */
	if (!(r.flags & IOMMU_FAULT_RESPONSE_PASID_VALID) && r.pasid)
		return -EINVAL;				/* IFA-RSP-6 */
	return 0;
}

#define RSP(f) offsetof(struct iommu_fault_response, f)

int ifa_response_encode(void *buf, size_t len, const struct ifa_response *r)
{
	unsigned char *b = buf;

	if (len < IOMMU_FAULT_RESPONSE_V1_SIZE || len > UINT32_MAX)
		return -EINVAL;
	memset(b, 0, len);
	put32(b, RSP(argsz), (uint32_t)len);
	put32(b, RSP(version), IOMMU_FAULT_RESPONSE_VERSION_1);
	if (r->has_pasid) {
		put32(b, RSP(flags), IOMMU_FAULT_RESPONSE_PASID_VALID);
		put32(b, RSP(pasid), r->pasid);
	}
	put32(b, RSP(grpid), r->grpid);
	put32(b, RSP(code), r->code);
	return 0;
}

int ifa_response_producer_check(const void *buf, size_t len, size_t *at)
{
	const unsigned char *b = buf;
	uint32_t flags;

	*at = 0;
	if (len < IOMMU_FAULT_RESPONSE_V1_SIZE || get32(b, RSP(argsz)) != len)
		return -1;
	*at = RSP(version);
	if (get32(b, RSP(version)) != IOMMU_FAULT_RESPONSE_VERSION_1)
		return -1;
	*at = RSP(flags);
	flags = get32(b, RSP(flags));
	if (flags & ~(uint32_t)IOMMU_FAULT_RESPONSE_PASID_VALID)
		return -1;
	*at = RSP(pasid);
	if (!(flags & IOMMU_FAULT_RESPONSE_PASID_VALID) && get32(b, RSP(pasid)))
		return -1;
	return all_zero(b, IOMMU_FAULT_RESPONSE_V1_SIZE, len - IOMMU_FAULT_RESPONSE_V1_SIZE, at) ? 0 : -1;
}

int ifa_queue_init(struct ifa_queue *q, void *mem, size_t bytes, uint32_t record_size)
{
	size_t n = record_size ? bytes / record_size : 0;

	memset(q, 0, sizeof(*q));
	if (n == 0 || n > UINT32_MAX / 2)
		return -EINVAL;
	q->mem = mem;
	q->n = (uint32_t)n;
	q->record_size = record_size;
	return 0;
}

static uint32_t next_index(const struct ifa_queue *q, uint32_t i)
{
	return i + 1 == 2 * q->n ? 0 : i + 1;
}

/*
 * The record copies are the queue's whole cost. libc's memcpy picks the
 * widest vector unit at run time, and the inline copies here would run at
 * half its speed on baseline x86-64 code: so push and pop are built once
 * per x86-64 vector level, and the loader picks the one the CPU has.
 * Not under the sanitizers, whose runtimes are not up when the loader
 * runs the clones' resolvers; the clones share this one source.
 */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && \
	!defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define IFA_VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define IFA_VECTOR_CLONES
#endif

/*
 * Copies one record; the v1 size is a constant the compiler copies inline.
 * Not under ThreadSanitizer, which sees a call to memcpy but not the moves
 * GCC expands it into: there every copy is a call, so that the stress test
 * sees each record read and written (IFA-QUE-8, -7).
 */
static void copy_record(void *dst, const void *src, uint32_t size)
{
#if !defined(__SANITIZE_THREAD__)
	if (size == sizeof(struct iommu_fault))
		memcpy(dst, src, sizeof(struct iommu_fault));
	else
#endif
		memcpy(dst, src, size);
}

/* The record an index designates: index mod N, without a division (indices are < 2N). */
static unsigned char *slot(const struct ifa_queue *q, uint32_t i)
{
	return q->mem + (size_t)(i < q->n ? i : i - q->n) * q->record_size;
}

/*
 * The records between tail and head, or -1 when an index is out of range
 * or the two disagree by more than n (IFA-QUE-6).
 */
static int64_t records(const struct ifa_queue *q, uint32_t head, uint32_t tail)
{
	uint32_t count;

	if (head >= 2 * q->n || tail >= 2 * q->n)
		return -1;
	count = head >= tail ? head - tail : head + 2 * q->n - tail;
	return count > q->n ? -1 : (int64_t)count;
}

/* Marks the queue broken: whatever the peer does now, it is not used again. */
static int broken(struct ifa_queue *q)
{
	q->broken = 1;
	return -EINVAL;
}

uint32_t ifa_queue_count(const struct ifa_queue *q)
{
	int64_t count = records(q, __atomic_load_n(&q->head, __ATOMIC_ACQUIRE),
				__atomic_load_n(&q->tail, __ATOMIC_ACQUIRE));

	return q->broken || count < 0 ? 0 : (uint32_t)count;
}

/*
 * The producer loads tail with acquire ordering (IFA-QUE-7). The
 * ThreadSanitizer stress builds a copy with it relaxed, the defect it must
 * catch (build/queue-threads-relaxed-tail); nothing else may change it.
 */
#ifndef IFA_TAIL_LOAD_ORDER
#define IFA_TAIL_LOAD_ORDER __ATOMIC_ACQUIRE
#endif

/* Producer, both kinds: drop says whether a full queue costs the record (and counts it). */
static int push(struct ifa_queue *q, const void *record, int drop)
{
	uint32_t head = q->head;	/* only the producer writes it */
	uint32_t tail = __atomic_load_n(&q->tail, IFA_TAIL_LOAD_ORDER);	/* IFA-QUE-7 */
	int64_t count = records(q, head, tail);

	if (q->broken || count < 0)
		return broken(q);
	if (count == q->n) {
		if (drop)
			__atomic_store_n(&q->lost, q->lost + 1, __ATOMIC_RELEASE);
		return -ENOSPC;
	}
	copy_record(slot(q, head), record, q->record_size);
	__atomic_store_n(&q->head, next_index(q, head), __ATOMIC_RELEASE);
	return 0;
}

IFA_VECTOR_CLONES
int ifa_queue_push(struct ifa_queue *q, const void *record)
{
	return push(q, record, 1);
}

IFA_VECTOR_CLONES
int ifa_queue_try_push(struct ifa_queue *q, const void *record)
{
	return push(q, record, 0);
}

/*
 * The consumer loads head with acquire ordering before it reads a slot
 * (IFA-QUE-9). The ThreadSanitizer stress builds a copy with it relaxed
 * (build/queue-threads-relaxed-head); nothing else may change it.
 */
#ifndef IFA_HEAD_LOAD_ORDER
#define IFA_HEAD_LOAD_ORDER __ATOMIC_ACQUIRE
#endif

const void *ifa_queue_peek(struct ifa_queue *q)
{
	uint32_t tail = q->tail;	/* only the consumer writes it */
	int64_t count = records(q, __atomic_load_n(&q->head, IFA_HEAD_LOAD_ORDER), tail);

	if (q->broken || count < 0) {
		broken(q);
		return NULL;
	}
	return count ? slot(q, tail) : NULL;
}

int ifa_queue_release(struct ifa_queue *q)
{
	int64_t count = records(q, __atomic_load_n(&q->head, __ATOMIC_ACQUIRE), q->tail);

	if (q->broken || count < 0)
		return broken(q);
	if (!count)
		return -EAGAIN;
	__atomic_store_n(&q->tail, next_index(q, q->tail), __ATOMIC_RELEASE);
	return 0;
}

IFA_VECTOR_CLONES
int ifa_queue_pop(struct ifa_queue *q, void *record)
{
	const void *rec = ifa_queue_peek(q);

	if (!rec)
		return q->broken ? -EINVAL : -EAGAIN;
	copy_record(record, rec, q->record_size);
	return ifa_queue_release(q);
}

uint32_t ifa_queue_lost_since(const struct ifa_queue *q, uint32_t *seen)
{
	uint32_t now = __atomic_load_n(&q->lost, __ATOMIC_ACQUIRE);
	uint32_t n = now - *seen;	/* unsigned: correct across the 2^32 wrap */

	*seen = now;
	return n;
}
