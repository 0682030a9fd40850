/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IFA-QUE-3 with two threads: a producer pushes numbered records while the
 * consumer pops them and checks every byte. Built with ThreadSanitizer,
 * which knows the release/acquire pairs, so the reference producer is also
 * checked for a data race between writing a record and publishing it.
 *
 * The defective producer publishes `head` first and then waits until the
 * consumer has taken the slot before writing it: the one interleaving that
 * the defect allows and that a free-running race would only hit by chance.
 * It is thus caught on every run, not when the scheduler happens to help.
 *
 *   queue_threads correct        the reference producer (ifa_queue_push)
 *   queue_threads publish-early  a producer that publishes head first
 */
#include "ifa_ref.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

#define RECORDS 20000
#define SIZE 128

static unsigned char ring[16 * SIZE];
static struct ifa_queue q;

static void fill(unsigned char *rec, uint32_t seq)
{
	size_t i;

	for (i = 0; i < SIZE; i++)
		rec[i] = (unsigned char)(seq * 7 + i);
}

/*
 * The defect: head is published, then the record is written. The wait in
 * between uses relaxed loads so that it adds no ordering of its own.
 */
static int push_publishing_early(const void *rec)
{
	uint32_t head = q.head, tail = __atomic_load_n(&q.tail, __ATOMIC_ACQUIRE);
	uint32_t count = head >= tail ? head - tail : head + 2 * q.n - tail;
	uint32_t next = head + 1 == 2 * q.n ? 0 : head + 1;

	if (count == q.n)
		return -ENOSPC;
	__atomic_store_n(&q.head, next, __ATOMIC_RELEASE);
	while (__atomic_load_n(&q.tail, __ATOMIC_RELAXED) != next)
		sched_yield();
	memcpy(q.mem + (head < q.n ? head : head - q.n) * SIZE, rec, SIZE);
	return 0;
}

static int early;

static void *producer(void *arg)
{
	unsigned char rec[SIZE];
	uint32_t seq;

	for (seq = 1; seq <= RECORDS; seq++) {
		fill(rec, seq);
		while ((early ? push_publishing_early(rec) : ifa_queue_try_push(&q, rec)) == -ENOSPC)
			sched_yield();
	}
	return arg;
}

int main(int argc, char **argv)
{
	unsigned char rec[SIZE], want[SIZE];
	pthread_t t;
	uint32_t seq = 1;

	if (argc != 2 || (strcmp(argv[1], "correct") && strcmp(argv[1], "publish-early"))) {
		fprintf(stderr, "usage: queue_threads correct|publish-early\n");
		return 2;
	}
	early = !strcmp(argv[1], "publish-early");
	if (ifa_queue_init(&q, ring, sizeof(ring), SIZE) || pthread_create(&t, NULL, producer, NULL))
		return 2;
	while (seq <= RECORDS) {
		if (ifa_queue_pop(&q, rec) == -EAGAIN) {
			sched_yield();
			continue;
		}
		fill(want, seq);
		if (memcmp(rec, want, SIZE)) {
			printf("IFA-QUE-3: record %u arrived torn\n", seq);
			return 1;
		}
		seq++;
	}
	pthread_join(t, NULL);
	printf("queue_threads %s: %u records in order, every byte intact\n", argv[1], RECORDS);
	return 0;
}
