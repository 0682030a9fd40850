/* SPDX-License-Identifier: GPL-2.0 */
/*
 * make bench: decode and queue throughput of the reference implementation,
 * each beside a plain memcpy of the same bytes measured in the same run.
 */
#include "ifa_ref.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RECORDS 4096	/* 512 KiB of 128-byte records: cache-resident, as a live queue is */
#define ROUNDS 5

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static unsigned char src[RECORDS * 128], dst[RECORDS * 128], ring[64 * 1024];
static volatile uint64_t sink;

/* Records per second of fn over the whole buffer, best of ROUNDS runs of about 0.1 s. */
static double rate(void (*fn)(void))
{
	double best = 0;
	int r;

	for (r = 0; r < ROUNDS; r++) {
		double t0 = now(), t;
		long reps = 0;

		do {
			fn();
			reps++;
		} while ((t = now() - t0) < 0.1);
		if (reps * RECORDS / t > best)
			best = reps * RECORDS / t;
	}
	return best;
}

static void run_memcpy(void)
{
	memcpy(dst, src, sizeof(src));
	sink += dst[sizeof(dst) - 1];
}

static void run_memcpy_twice(void)	/* a queue moves each record in and out */
{
	memcpy(dst, src, sizeof(src));
	memcpy(src, dst, sizeof(src));
	sink += src[0];
}

static void run_decode(void)
{
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < RECORDS; i++) {
		struct ifa_fault f;

		ifa_decode(src + i * 128, 128, IFA_LEVEL_GPASID, &f);
		sum += f.addr + f.pasid + f.grpid;
	}
	sink += sum;
}

static struct ifa_queue q;

static void run_queue(void)
{
	size_t i;

	for (i = 0; i < RECORDS; i++) {
		ifa_queue_push(&q, src + i * 128);
		ifa_queue_pop(&q, dst + i * 128);
	}
	sink += dst[0];
}

/* A consumer that reads each record where it lies, as a VMM would. */
static void run_queue_in_place(void)
{
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < RECORDS; i++) {
		const unsigned char *rec;

		ifa_queue_push(&q, src + i * 128);
		rec = ifa_queue_peek(&q);
		sum += rec[24];
		ifa_queue_release(&q);
	}
	sink += sum;
}

int main(void)
{
	double mc, mc2, dec, que, inplace;
	size_t i;

	for (i = 0; i < RECORDS; i++) {
		struct ifa_fault f = { .type = i % 4 ? IOMMU_FAULT_PAGE_REQ : IOMMU_FAULT_DMA_UNRECOV,
				       .has = (uint32_t)(i % 32), .grpid = (uint32_t)i, .perm = 3,
				       .pasid = (uint32_t)i, .gpasid = 7, .addr = i << 12,
				       .last_page = (int)(i % 2), .reason = 5 };

		ifa_encode(src + i * 128, 128, IFA_LEVEL_GPASID, &f);
	}
	if (ifa_queue_init(&q, ring, sizeof(ring), 128))
		return 1;
	mc = rate(run_memcpy);
	dec = rate(run_decode);
	mc2 = rate(run_memcpy_twice);
	que = rate(run_queue);
	inplace = rate(run_queue_in_place);
	printf("memcpy of 128-byte records:      %12.0f records/s\n", mc);
	printf("decode (ifa_decode, v1+gpasid):  %12.0f records/s  ratio %.2f (target >= 0.5)\n",
	       dec, dec / mc);
	printf("memcpy in and out (2 copies):    %12.0f records/s\n", mc2);
	printf("queue push + pop (copy out):     %12.0f records/s  ratio %.2f of one memcpy (target >= 0.3), %.2f of memcpy in and out\n",
	       que, que / mc, que / mc2);
	printf("queue push + peek/release:       %12.0f records/s  ratio %.2f of one memcpy (target >= 0.3)\n",
	       inplace, inplace / mc);
	return 0;
}
