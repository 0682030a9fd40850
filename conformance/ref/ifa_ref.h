/* SPDX-License-Identifier: MIT */
/*
 * The reference implementation of the fault ABI's behaviour: negotiation,
 * the producer's encoding of a record, a consumer's decoding of one, the
 * kernel's validation of a page response, and the queue. No function here
 * allocates memory.
 */
#ifndef IFA_REF_H
#define IFA_REF_H

#include <stddef.h>
#include <stdint.h>

#include <linux/iommu_fault.h>

/* The example extension of the spec's Appendix C, known to newer consumers. */
#define IFA_REF_GPASID_VALID	(1u << 4)
#define IFA_REF_GPASID_OFFSET	40	/* within struct iommu_fault_page_request */

/* Flag bits 24 to 31 of a payload are must-understand (IFA-GROW-15); version 1 defines none. */
#define IFA_MUST_UNDERSTAND	0xff000000u

/* --- negotiation (IFA-NEG) --- */

/* Record size of a version this implementation knows (Table N-1), or 0. */
size_t ifa_record_size(uint32_t version);

/*
 * The version a consumer that knows `consumer` chooses among those the
 * producer advertises (IFA-NEG-2); 0 and *size set, or -EOPNOTSUPP.
 */
int ifa_negotiate(const uint32_t *producer, size_t np, const uint32_t *consumer,
		  size_t nc, uint32_t *version, size_t *size);

/* --- records (IFA-GROW) --- */

/* What a consumer knows: version 1, optionally with the gpasid extension. */
enum ifa_level { IFA_LEVEL_V1 = 0, IFA_LEVEL_GPASID = 1 };

/* Which fields of a decoded record hold data. */
enum {
	IFA_HAS_PASID = 1 << 0,
	IFA_HAS_ADDR = 1 << 1,
	IFA_HAS_FETCH_ADDR = 1 << 2,
	IFA_HAS_PRIV = 1 << 3,
	IFA_HAS_GPASID = 1 << 4,
};

struct ifa_fault {
	uint32_t type;		/* IOMMU_FAULT_*, or unknown */
	uint32_t has;		/* IFA_HAS_* */
	/* page request */
	uint32_t grpid, perm, pasid, gpasid;
	int last_page, needs_pasid;
	uint32_t must;		/* must-understand flag bits (24 to 31) set: none is known in v1 */
	uint64_t addr, priv[2];
	/* unrecoverable */
	uint32_t reason;
	uint64_t fetch_addr;
};

enum ifa_decode_result { IFA_DECODED = 0, IFA_SKIPPED = 1 };

/*
 * Decodes the record at rec (record_size bytes) as a consumer of `level`:
 * unknown flag bits and reserved bytes ignored (IFA-GROW-6, -8), gated
 * fields read only with their bit. Returns IFA_DECODED, IFA_SKIPPED for a
 * type it does not know (IFA-GROW-7), or -EINVAL if record_size is smaller
 * than a version 1 record.
 */
int ifa_decode(const void *rec, size_t record_size, enum ifa_level level,
	       struct ifa_fault *out);

/*
 * Writes f as a producer of `level` into rec: every byte not carrying data
 * is 0 (IFA-GROW-11 to IFA-GROW-14). Returns 0, or -EINVAL for an unknown
 * type or a record size smaller than version 1's.
 */
int ifa_encode(void *rec, size_t record_size, enum ifa_level level,
	       const struct ifa_fault *f);

/*
 * Checks that rec was written as IFA-GROW-11 to IFA-GROW-14 require of a
 * producer of `level`. Returns 0, or -1 with the first offending byte's
 * offset in *at.
 */
int ifa_producer_check(const void *rec, size_t record_size, enum ifa_level level,
		       size_t *at);

/* --- page response (IFA-RSP) --- */

/* 0 if the kernel accepts the len bytes at buf, else -EINVAL, -EFAULT or -E2BIG. */
int ifa_response_validate(const void *buf, size_t len);

struct ifa_response {
	int has_pasid;
	uint32_t pasid, grpid, code;
};

/*
 * Writes r as userspace must (IFA-RSP-8 to IFA-RSP-10) into the len bytes at buf: argsz
 * = len, version 1, every other byte 0. -EINVAL if len is below the v1 size.
 */
int ifa_response_encode(void *buf, size_t len, const struct ifa_response *r);

/* 0 if the len bytes at buf are written as IFA-RSP-8 to IFA-RSP-10 say, else -1 and the offset in *at. */
int ifa_response_producer_check(const void *buf, size_t len, size_t *at);

/* --- queue (IFA-QUE) --- */

struct ifa_queue {
	unsigned char *mem;
	uint32_t n;		/* records */
	uint32_t record_size;
	uint32_t head;		/* producer index, in [0, 2n) */
	uint32_t tail;		/* consumer index, in [0, 2n) */
	uint32_t lost;		/* records dropped, free-running */
	int broken;		/* an index was found out of range: the queue is not used again */
};

/* Lays a queue over bytes of caller memory (IFA-QUE-1); -EINVAL if no record fits. */
int ifa_queue_init(struct ifa_queue *q, void *mem, size_t bytes, uint32_t record_size);

/*
 * Every call checks both indices first (IFA-QUE-6): one outside [0, 2n),
 * or a pair that puts more than n records in the queue, is the peer's
 * error (or memory gone bad); the call returns -EINVAL, the queue is
 * broken from then on, and no byte outside the queue is touched.
 */

/* Producer: copies one record in, or drops it and counts it in lost when full (-ENOSPC, IFA-QUE-4). */
int ifa_queue_push(struct ifa_queue *q, const void *record);

/* Producer that will try again: -ENOSPC when full, and nothing is lost or counted. */
int ifa_queue_try_push(struct ifa_queue *q, const void *record);

/* Consumer: copies the oldest record out; -EAGAIN when empty. */
int ifa_queue_pop(struct ifa_queue *q, void *record);

/*
 * Consumer, in place: the oldest record, or NULL when empty or broken. It
 * stays the consumer's until ifa_queue_release(), which hands its slot back
 * (IFA-QUE-10: tail is published only once the consumer is done with it);
 * release returns -EAGAIN when there is nothing to release.
 */
const void *ifa_queue_peek(struct ifa_queue *q);
int ifa_queue_release(struct ifa_queue *q);

/* Records in the queue: (head - tail) mod 2n (IFA-QUE-2), never more than n; 0 when broken. */
uint32_t ifa_queue_count(const struct ifa_queue *q);

/* Consumer: records lost since *seen, which it updates (IFA-QUE-5). */
uint32_t ifa_queue_lost_since(const struct ifa_queue *q, uint32_t *seen);

#endif
