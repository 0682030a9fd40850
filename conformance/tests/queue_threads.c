/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The reference queue with two threads, built with ThreadSanitizer, which
 * knows the release/acquire pairs: a producer thread pushes numbered
 * records while the main thread consumes them.
 *
 *   queue_threads correct        IFA-QUE-8: the reference producer
 *                                (ifa_queue_try_push, retrying when full);
 *                                every record arrives, in order, intact
 *   queue_threads publish-early  a producer that publishes head before it
 *                                writes the record: caught on every run
 *   queue_threads lost-late      IFA-QUE-11: lossy, over a producer that
 *                                counts its drops in lost only at the end:
 *                                a record after a gap arrives before lost
 *                                shows the gap, caught on every run
 *   queue_threads lossy          IFA-QUE-4, -5, -11: the producer pushes with
 *                                ifa_queue_push and counts each record
 *                                dropped; the consumer counts what arrives
 *                                and checks the sequence numbers. Sent =
 *                                received + lost exactly, lost = the gaps
 *                                in the sequence = the queue's lost counter
 *                                = the sum the consumer read with
 *                                ifa_queue_lost_since(); no record twice or
 *                                out of order.
 *
 * ThreadSanitizer's reports are read as they happen (__tsan_on_report): a
 * race between the consumer's read of a slot and a later write of that
 * slot by the producer is IFA-QUE-7 (the producer did not acquire the tail
 * that freed it), one between the producer's write and a later read by the
 * consumer IFA-QUE-8. build/queue-threads-relaxed-tail is this program over
 * a copy of the reference queue whose producer loads tail relaxed, and
 * build/queue-threads-relaxed-head over one whose consumer loads head
 * relaxed: there the producer is the reference one, which the correct run
 * shows keeping IFA-QUE-8, so a race of a read after a write is the
 * consumer's, IFA-QUE-9.
 *
 * The defective producer of publish-early publishes `head` first and then
 * waits until the consumer has taken the slot before writing it: the one
 * interleaving that the defect allows and that a free-running race would
 * only hit by chance. It is thus caught on every run, not when the
 * scheduler happens to help.
 */
#include "ifa_ref.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define RECORDS 20000
#define LOSSY_RECORDS 100000
#define SIZE 128
#define SLOTS 16

static unsigned char ring[SLOTS * SIZE];
static struct ifa_queue q;

/* --- ThreadSanitizer's reports, classified by rule -------------------------- */

int __tsan_get_report_data(void *report, const char **description, int *count,
			   int *stack_count, int *mop_count, int *loc_count,
			   int *mutex_count, int *thread_count, int *unique_tid_count,
			   void **sleep_trace, unsigned long trace_size);
int __tsan_get_report_mop(void *report, unsigned long idx, int *tid, void **addr,
			  int *size, int *write, int *atomic, void **trace,
			  unsigned long trace_size);
void __tsan_on_report(void *report);

/* Thread ids as ThreadSanitizer numbers them: main (the consumer) 0, the producer 1. */
enum { CONSUMER_TID = 0, PRODUCER_TID = 1 };

static int races_que8, races_que7, races_other;

void __tsan_on_report(void *report)
{
	const char *what = "";
	int count, stacks, mops = 0, locs, mutexes, threads, tids;
	int tid[2], size[2], write[2], atomic[2];
	void *addr[2], *sleep_trace[1], *trace[1];
	unsigned long i;

	__tsan_get_report_data(report, &what, &count, &stacks, &mops, &locs, &mutexes,
			       &threads, &tids, sleep_trace, 1);
	if (strcmp(what, "data-race") || mops != 2) {
		races_other++;
		return;
	}
	for (i = 0; i < 2; i++)
		__tsan_get_report_mop(report, i, &tid[i], &addr[i], &size[i], &write[i],
				      &atomic[i], trace, 1);
	/* mop 0 is the access that found the race, mop 1 the earlier one. */
	if ((unsigned char *)addr[0] < ring || (unsigned char *)addr[0] >= ring + sizeof(ring))
		races_other++;
	else if (tid[0] == PRODUCER_TID && write[0] && tid[1] == CONSUMER_TID && !write[1])
		races_que7++;
	else if (tid[0] == CONSUMER_TID && !write[0] && tid[1] == PRODUCER_TID && write[1])
		races_que8++;
	else
		races_other++;
}

/* Nonzero, with a line naming the rule, when ThreadSanitizer saw a race. */
static int report_races(void)
{
	if (races_que7)
		printf("IFA-QUE-7: the producer wrote a slot while the consumer could still be "
		       "reading it: it did not load tail with acquire ordering "
		       "(ThreadSanitizer: %d races)\n", races_que7);
#ifdef IFA_HEAD_LOAD_ORDER
	if (races_que8)
		printf("IFA-QUE-9: the consumer read a record without loading head with acquire "
		       "ordering (ThreadSanitizer: %d races)\n", races_que8);
#else
	if (races_que8)
		printf("IFA-QUE-8: the consumer read a record the producer had not finished "
		       "publishing (ThreadSanitizer: %d races)\n", races_que8);
#endif
	if (races_other)
		printf("ThreadSanitizer: %d other reports\n", races_other);
	return races_que7 || races_que8 || races_other;
}

/* --- records ------------------------------------------------------------------- */

static void fill(unsigned char *rec, uint32_t seq)
{
	size_t i;

	memcpy(rec, &seq, sizeof(seq));
	for (i = sizeof(seq); i < SIZE; i++)
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

enum mode { CORRECT, PUBLISH_EARLY, LOSSY, LOST_LATE };

static enum mode mode;
static uint32_t dropped;	/* the producer's own count of ifa_queue_push's -ENOSPC */
static uint32_t late;		/* LOST_LATE: drops not yet added to lost */
static int producer_failed, producer_done;

static void *producer(void *arg)
{
	unsigned char rec[SIZE];
	uint32_t seq;
	int rc;

	for (seq = 1; seq <= (mode == LOSSY || mode == LOST_LATE ? LOSSY_RECORDS : RECORDS); seq++) {
		fill(rec, seq);
		if (mode == LOST_LATE) {	/* the defect: lost only at the end */
			if (ifa_queue_try_push(&q, rec) == -ENOSPC)
				dropped++, late++;
			continue;
		}
		if (mode == LOSSY) {
			rc = ifa_queue_push(&q, rec);
			if (rc == -ENOSPC)
				dropped++;
			else if (rc)
				producer_failed = 1;
			continue;
		}
		while ((mode == PUBLISH_EARLY ? push_publishing_early(rec) :
			ifa_queue_try_push(&q, rec)) == -ENOSPC)
			sched_yield();
	}
	if (late)
		__atomic_store_n(&q.lost, q.lost + late, __ATOMIC_RELEASE);
	__atomic_store_n(&producer_done, 1, __ATOMIC_RELEASE);
	return arg;
}

/* Every record in order, each one intact. */
static int consume_all(void)
{
	unsigned char rec[SIZE], want[SIZE];
	uint32_t seq = 1;

	while (seq <= RECORDS) {
		if (ifa_queue_pop(&q, rec) == -EAGAIN) {
			sched_yield();
			continue;
		}
		fill(want, seq);
		if (memcmp(rec, want, SIZE)) {
			printf("IFA-QUE-8: record %u arrived torn\n", seq);
			return 1;
		}
		seq++;
	}
	printf("queue_threads: %u records in order, every byte intact\n", RECORDS);
	return 0;
}

/*
 * Some records, then a pause now and then so that the queue fills and the
 * producer drops: the counts must agree to the record.
 */
static int consume_lossy(void)
{
	unsigned char rec[SIZE], want[SIZE];
	uint32_t last = 0, received = 0, gaps = 0, seen = 0, lost_read = 0, seq;
	int done = 0, rc;

	for (;;) {
		rc = ifa_queue_pop(&q, rec);
		if (rc == -EAGAIN) {
			if (done)
				break;
			/* The producer's last push is visible once done is: one more look. */
			done = __atomic_load_n(&producer_done, __ATOMIC_ACQUIRE);
			sched_yield();
			continue;
		}
		if (rc) {
			printf("queue_threads: pop returned %d\n", rc);
			return 1;
		}
		memcpy(&seq, rec, sizeof(seq));
		fill(want, seq);
		if (memcmp(rec, want, SIZE)) {
			printf("IFA-QUE-8: record %u arrived torn\n", seq);
			return 1;
		}
		if (seq <= last) {
			printf("IFA-QUE-2: record %u after record %u: twice or out of order\n",
			       seq, last);
			return 1;
		}
		gaps += seq - last - 1;
		last = seq;
		received++;
		lost_read += ifa_queue_lost_since(&q, &seen);
		/* A drop reaches lost before the next head: a gap is counted when it is seen. */
		if (lost_read < gaps) {
			printf("IFA-QUE-11: record %u arrived after %u records dropped in all, "
			       "but lost showed %u\n", seq, gaps, lost_read);
			return 1;
		}
		if (received % 512 == 0)
			nanosleep(&(struct timespec){ 0, 200000 }, NULL);
	}
	gaps += LOSSY_RECORDS - last;	/* dropped after the last that arrived */
	lost_read += ifa_queue_lost_since(&q, &seen);
	printf("queue_threads lossy: sent %u, received %u, dropped %u (producer), "
	       "lost %u (queue), %u (consumer's reads), %u (sequence gaps)\n",
	       LOSSY_RECORDS, received, dropped, q.lost, lost_read, gaps);
	if (producer_failed || received + dropped != LOSSY_RECORDS || q.lost != dropped ||
	    lost_read != dropped || gaps != dropped) {
		printf("IFA-QUE-4: the lost count is not the number of records dropped\n");
		return 1;
	}
	if (!dropped || !received) {
		printf("queue_threads lossy: the stress dropped nothing or received nothing\n");
		return 1;
	}
	printf("queue_threads lossy: sent = received + lost, exactly\n");
	return 0;
}

int main(int argc, char **argv)
{
	pthread_t t;
	int rc;

	if (argc != 2 || (strcmp(argv[1], "correct") && strcmp(argv[1], "publish-early") &&
			  strcmp(argv[1], "lossy") && strcmp(argv[1], "lost-late"))) {
		fprintf(stderr, "usage: queue_threads correct|publish-early|lossy|lost-late\n");
		return 2;
	}
	mode = !strcmp(argv[1], "lossy") ? LOSSY : !strcmp(argv[1], "lost-late") ? LOST_LATE :
	       !strcmp(argv[1], "publish-early") ? PUBLISH_EARLY : CORRECT;
	if (ifa_queue_init(&q, ring, sizeof(ring), SIZE) || pthread_create(&t, NULL, producer, NULL))
		return 2;
	rc = mode == LOSSY || mode == LOST_LATE ? consume_lossy() : consume_all();
	/* Caught by a torn record or a gap lost did not show; the producer may still push. */
	if (mode == PUBLISH_EARLY || mode == LOST_LATE)
		return rc;
	pthread_join(t, NULL);
	/* The races of the reference producer, by the rule they break. */
	if (report_races())
		rc = 1;
	return rc;
}
