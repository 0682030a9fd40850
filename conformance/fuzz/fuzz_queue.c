/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The reference queue (ref/ifa_ref.c) driven by both sides at once, each
 * able to write garbage into the other's index, as a bad peer or bad
 * memory would (IFA-QUE-6). The ring is a heap block of exactly N
 * records, so ASan sees any byte touched outside it.
 *
 * Input: N (1..8), record size (1..64), then operations, one byte each,
 * some followed by 4 bytes of an index. While no index was forged, a
 * model of the queue says what each call must return and which record a
 * pop must give (IFA-QUE-2, -4, -5); after one, the queue may refuse
 * (-EINVAL) but never touches a byte outside the ring, never counts more
 * than N records, never writes a slot other than the free one at head,
 * and once broken stays broken.
 */
#include "fuzz_input.h"
#include "ifa_ref.h"

#include <errno.h>
#include <string.h>

#define MAXN 8

static void fill(unsigned char *rec, uint32_t size, uint32_t seq)
{
	uint32_t i;

	for (i = 0; i < size; i++)
		rec[i] = (unsigned char)(seq * 31 + i);
}

static void check(int ok)
{
	if (!ok)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ifa_queue q;
	unsigned char *ring, *before, rec[64], want[64];
	uint32_t n, rs, next_seq = 0, model[MAXN], mhead = 0, mcount = 0, lost = 0, seen = 0;
	int forged = 0, was_broken = 0;
	size_t i = 2;

	if (size < 2)
		return 0;
	n = 1 + data[0] % MAXN;
	rs = 1 + data[1] % 64;
	ring = malloc((size_t)n * rs);
	before = malloc((size_t)n * rs);
	if (!ring || !before)
		abort();
	memset(ring, 0, (size_t)n * rs);
	check(ifa_queue_init(&q, ring, (size_t)n * rs, rs) == 0 && q.n == n);
	while (i < size) {
		uint8_t op = data[i++] % 9;
		uint32_t v = 0, head = q.head, count = ifa_queue_count(&q);
		const unsigned char *p;
		int rc;

		check(count <= n);
		if (op >= 7) {
			if (size - i < 4)
				break;
			memcpy(&v, data + i, 4);
			i += 4;
			/* A forged index, some in range, most not. */
			v = data[i - 4] & 1 ? v % (4 * n) : v;
			__atomic_store_n(op == 7 ? &q.head : &q.tail, v, __ATOMIC_RELEASE);
			forged = 1;
			continue;
		}
		switch (op) {
		case 0:
		case 1:
			fill(rec, rs, next_seq);
			memcpy(before, ring, (size_t)n * rs);
			rc = op == 0 ? ifa_queue_push(&q, rec) : ifa_queue_try_push(&q, rec);
			if (rc == 0) {
				uint32_t s = head % n;

				/* Only the free slot at head was written, and it was free. */
				check(!was_broken && head < 2 * n && count < n);
				check(!memcmp(ring + (size_t)s * rs, rec, rs));
				check(!memcmp(ring, before, (size_t)s * rs));
				check(!memcmp(ring + (size_t)(s + 1) * rs, before + (size_t)(s + 1) * rs,
					      (size_t)(n - s - 1) * rs));
			} else {
				check(rc == -ENOSPC || rc == -EINVAL);
				check(!memcmp(ring, before, (size_t)n * rs));
			}
			if (!forged) {
				check(rc == (mcount == n ? -ENOSPC : 0));
				if (rc == 0)
					model[(mhead + mcount++) % n] = next_seq;
				else if (op == 0)
					lost++;
				check(q.lost == lost);
			}
			next_seq++;
			break;
		case 2:
			rc = ifa_queue_pop(&q, rec);
			check(rc == 0 || rc == -EAGAIN || rc == -EINVAL);
			if (!forged) {
				check(rc == (mcount ? 0 : -EAGAIN));
				if (rc == 0) {
					fill(want, rs, model[mhead]);
					check(!memcmp(rec, want, rs));
					mhead = (mhead + 1) % n;
					mcount--;
				}
			}
			break;
		case 3:
			p = ifa_queue_peek(&q);
			check(!p || (p >= ring && p < ring + (size_t)n * rs && (size_t)(p - ring) % rs == 0));
			if (p)
				memcpy(rec, p, rs);
			if (!forged)
				check(!p == !mcount);
			break;
		case 4:
			rc = ifa_queue_release(&q);
			check(rc == 0 || rc == -EAGAIN || rc == -EINVAL);
			if (!forged) {
				check(rc == (mcount ? 0 : -EAGAIN));
				if (rc == 0) {
					mhead = (mhead + 1) % n;
					mcount--;
				}
			}
			break;
		case 5:
			if (!forged)
				check(count == mcount);
			break;
		case 6:
			v = ifa_queue_lost_since(&q, &seen);
			if (!forged)
				check(seen == lost);
			break;
		}
		/* Broken is for good: nothing is written or read through the queue again. */
		if (was_broken) {
			check(q.broken && ifa_queue_count(&q) == 0 && !ifa_queue_peek(&q));
		}
		was_broken = q.broken;
	}
	free(ring);
	free(before);
	return 0;
}
