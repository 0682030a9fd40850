/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The reference implementation against the fixtures of fixtures/ and the
 * rules they name: negotiation, queue scripts, page responses, record
 * decoding, and the producer's zeroing (IFA-GROW-11 to IFA-GROW-14).
 */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_run.h"
#include "fixture_gen.h"
#include "ifa_format.h"
#include "ifa_ref.h"
#include "ifa_transport.h"
#include "util.h"

static struct ifa_spec spec;
static struct ifa_fx_file fx;
static char err[1024];

static void load(const char *file)
{
	char path[1024];

	ck_assert_msg(ifa_spec_load(IFA_ROOT "/spec/iommu-fault-abi.md", &spec, err, sizeof(err)) == 0,
		      "%s", err);
	ifa_fmt(path, sizeof(path), "%s/fixtures/%s", IFA_ROOT, file);
	ck_assert_msg(ifa_fx_load(path, &fx, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_gt(fx.n, 0);
}

static const char *errno_name(int e)
{
	switch (e) {
	case 0: return "0";
	case -EINVAL: return "EINVAL";
	case -EFAULT: return "EFAULT";
	case -E2BIG: return "E2BIG";
	case -EOPNOTSUPP: return "EOPNOTSUPP";
	case -ENOENT: return "ENOENT";
	case -EBUSY: return "EBUSY";
	case -EBADF: return "EBADF";
	case -ENOMEM: return "ENOMEM";
	default: return "unexpected";
	}
}

/* The section's one expect line is what the implementation gave; the failure names its rule. */
static void expect(const struct ifa_fx_section *s, const char *got)
{
	ck_assert_msg(!strcmp(got, ifa_fx_get(s, "expect")), "%s [%s]: expected %s, got %s",
		      ifa_fx_get(s, "rule"), s->name, ifa_fx_get(s, "expect"), got);
}

/* "1 2" -> {1, 2}; "-" -> {} */
static size_t versions(const char *s, uint32_t *v, size_t max)
{
	char buf[128], *tok, *save;
	size_t n = 0;

	ifa_copy(buf, sizeof(buf), s, strlen(s));
	for (tok = strtok_r(buf, " ", &save); tok && n < max; tok = strtok_r(NULL, " ", &save))
		if (strcmp(tok, "-"))
			v[n++] = (uint32_t)strtoul(tok, NULL, 10);
	return n;
}

START_TEST(negotiation_fixtures)
{
	uint32_t p[8], c[8], version = 0;
	size_t np, nc, size = 0;
	char got[64];
	int i, rc;

	load("negotiation.txt");
	for (i = 0; i < (int)fx.n; i++) {
		const struct ifa_fx_section *s = &fx.s[i];

		np = versions(ifa_fx_get(s, "producer"), p, 8);
		nc = versions(ifa_fx_get(s, "consumer"), c, 8);
		rc = ifa_negotiate(p, np, c, nc, &version, &size);
		if (rc)
			ifa_fmt(got, sizeof(got), "%s", errno_name(rc));
		else
			ifa_fmt(got, sizeof(got), "%u %zu", version, size);
		expect(s, got);
	}
}
END_TEST

START_TEST(response_fixtures)
{
	static unsigned char blob[IFA_FX_MAX_BYTES];
	int i;

	load("responses.txt");
	for (i = 0; i < (int)fx.n; i++) {
		const struct ifa_fx_section *s = &fx.s[i];
		long n = ifa_fx_section_bytes(&ifa_fx_responses, &fx, s, &spec,
					      ifa_host_byte_order(), blob, sizeof(blob), err,
					      sizeof(err));
		const char *got;

		ck_assert_msg(n > 0, "%s", err);
		got = errno_name(ifa_response_validate(blob, (size_t)n));
		expect(s, got);
	}
}
END_TEST

/* What the kernel finds beside the setup's bytes, from the section's own keys. */
static void setup_env(const struct ifa_fx_section *s, struct ifa_setup_env *env)
{
	const char *v;

	memset(env, 0, sizeof(*env));
	env->advertised = (v = ifa_fx_get(s, "advertised")) ? (uint32_t)strtoul(v, NULL, 0) : 1;
	env->has_queue = (v = ifa_fx_get(s, "queue")) && !strcmp(v, "present");
	v = ifa_fx_get(s, "eventfd-file");
	env->eventfd_open = !(v && !strcmp(v, "closed"));
	env->eventfd_ok = !(v && (!strcmp(v, "closed") || !strcmp(v, "not-eventfd")));
	env->mapped = !((v = ifa_fx_get(s, "memory")) && !strcmp(v, "unmapped"));
	env->memlock = (v = ifa_fx_get(s, "memlock")) ? strtoull(v, NULL, 0) : 0;
}

START_TEST(setup_fixtures)
{
	static unsigned char blob[IFA_FX_MAX_BYTES];
	struct ifa_setup_env env;
	int i;

	load("setup.txt");
	for (i = 0; i < (int)fx.n; i++) {
		const struct ifa_fx_section *s = &fx.s[i];
		long n = ifa_fx_section_bytes(&ifa_fx_setups, &fx, s, &spec, ifa_host_byte_order(),
					      blob, sizeof(blob), err, sizeof(err));

		ck_assert_msg(n > 0, "%s", err);
		setup_env(s, &env);
		expect(s, errno_name(ifa_setup_validate(blob, (size_t)n, &env)));
	}
}
END_TEST

START_TEST(record_fixtures)
{
	static unsigned char rec[IFA_FX_MAX_BYTES];
	int i;

	load("records.txt");
	for (i = 0; i < (int)fx.n; i++) {
		const struct ifa_fx_section *s = &fx.s[i];
		long n = ifa_fx_section_bytes(&ifa_fx_records, &fx, s, &spec, ifa_host_byte_order(),
					      rec, sizeof(rec), err, sizeof(err));
		size_t stride = strtoul(ifa_fx_get(s, "size"), NULL, 10), j, k = 0;
		enum ifa_level level;

		ck_assert_msg(n > 0, "%s", err);
		ck_assert_int_eq(ifa_parse_level(ifa_fx_get(s, "level"), &level), 0);
		for (j = 0; j < s->nkv; j++) {
			struct ifa_fault f;
			char line[512];

			if (strcmp(s->kv[j].key, "expect"))
				continue;
			ck_assert_msg((long)((k + 1) * stride) <= n, "[%s]: more expect lines than records",
				      s->name);
			ck_assert_int_ge(ifa_decode(rec + k * stride, stride, level, &f), 0);
			ck_assert_int_eq(ifa_format_fault(&f, level, line, sizeof(line)), 0);
			ck_assert_msg(!strcmp(line, s->kv[j].value), "%s [%s] record %zu: expected '%s', got '%s'",
				      ifa_fx_get(s, "rule"), s->name, k + 1, s->kv[j].value, line);
			k++;
		}
	}
}
END_TEST

/* Runs one queue script; every step names the fixture's rule on failure. */
static void run_queue_script(const struct ifa_fx_section *s)
{
	static unsigned char mem[65536];
	unsigned char rec[128], out[128];
	struct ifa_queue q;
	uint32_t seen = 0;
	const char *rule = ifa_fx_get(s, "rule");
	size_t i;

	for (i = 0; i < s->nkv; i++) {
		const char *key = s->kv[i].key, *val = s->kv[i].value;
		unsigned long bytes, size, a, b, id;
		char word[32] = "", buf[256], *tok, *save;

		if (!strcmp(key, "rule"))
			continue;
		if (!strcmp(key, "queue")) {
			int rc;

			ck_assert_int_ge(sscanf(val, "%lu %lu %31s", &bytes, &size, word), 2);
			ck_assert(bytes <= sizeof(mem) && size <= sizeof(rec));
			rc = ifa_queue_init(&q, mem, bytes, (uint32_t)size);
			ck_assert_msg(!strcmp(errno_name(rc), *word ? word : "0"),
				      "%s [%s]: queue %s: %s", rule, s->name, val, errno_name(rc));
			continue;
		}
		if (!strcmp(key, "capacity")) {
			ck_assert_msg(q.n == strtoul(val, NULL, 10), "%s [%s]: capacity %u, expected %s",
				      rule, s->name, q.n, val);
		} else if (!strcmp(key, "count")) {
			ck_assert_msg(ifa_queue_count(&q) == strtoul(val, NULL, 10),
				      "%s [%s]: count %u, expected %s", rule, s->name, ifa_queue_count(&q), val);
		} else if (!strcmp(key, "indices")) {
			ck_assert_int_eq(sscanf(val, "%lu %lu", &a, &b), 2);
			ck_assert_msg(q.head == a && q.tail == b, "%s [%s]: indices %u %u, expected %s",
				      rule, s->name, q.head, q.tail, val);
		} else if (!strcmp(key, "lost")) {
			uint32_t lost = ifa_queue_lost_since(&q, &seen);

			ck_assert_msg(lost == strtoul(val, NULL, 10), "%s [%s]: lost %u, expected %s",
				      rule, s->name, lost, val);
		} else if (!strcmp(key, "empty")) {
			ck_assert_msg(ifa_queue_pop(&q, out) == -EAGAIN, "%s [%s]: not empty", rule, s->name);
		} else if (!strcmp(key, "push") || !strcmp(key, "drop") || !strcmp(key, "pop")) {
			ifa_copy(buf, sizeof(buf), val, strlen(val));
			for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
				if (sscanf(tok, "%lu-%lu", &a, &b) != 2)
					b = a = strtoul(tok, NULL, 10);
				for (id = a; id <= b; id++) {
					uint32_t got;

					memset(rec, 0, sizeof(rec));
					memcpy(rec, &id, 4);
					if (!strcmp(key, "pop")) {
						ck_assert_msg(ifa_queue_pop(&q, out) == 0,
							      "%s [%s]: pop %lu found it empty", rule, s->name, id);
						memcpy(&got, out, 4);
						ck_assert_msg(got == id, "%s [%s]: popped %u, expected %lu",
							      rule, s->name, got, id);
					} else {
						int rc = ifa_queue_push(&q, rec);

						ck_assert_msg(rc == (!strcmp(key, "push") ? 0 : -ENOSPC),
							      "%s [%s]: %s %lu returned %d", rule, s->name,
							      key, id, rc);
					}
				}
			}
		} else {
			ck_abort_msg("%s:%d: unknown step '%s'", fx.path, s->kv[i].line, key);
		}
	}
}

START_TEST(queue_fixtures)
{
	size_t i;

	load("queue.txt");
	for (i = 0; i < fx.n; i++)
		run_queue_script(&fx.s[i]);
}
END_TEST

START_TEST(producer_zeroes_what_is_not_data)
{
	unsigned char rec[256];
	struct ifa_fault f = { .type = IOMMU_FAULT_PAGE_REQ, .has = IFA_HAS_PASID | IFA_HAS_GPASID,
			       .grpid = 3, .perm = 1, .pasid = 9, .gpasid = 4, .addr = 0x1000,
			       .last_page = 1 };
	size_t at = 0;

	memset(rec, 0xa5, sizeof(rec));
	ck_assert_int_eq(ifa_encode(rec, sizeof(rec), IFA_LEVEL_GPASID, &f), 0);
	ck_assert_msg(ifa_producer_check(rec, sizeof(rec), IFA_LEVEL_GPASID, &at) == 0,
		      "IFA-GROW-11 to IFA-GROW-14: byte %zu not zero", at);
	/* A v1 producer must not set the gpasid bit or bytes. */
	ck_assert_int_eq(ifa_encode(rec, sizeof(rec), IFA_LEVEL_V1, &f), 0);
	ck_assert_msg(ifa_producer_check(rec, sizeof(rec), IFA_LEVEL_V1, &at) == 0,
		      "IFA-GROW-11 to IFA-GROW-14: byte %zu not zero", at);
}
END_TEST

/* A byte set where a producer must write 0, and where the check points (a flag: its field). */
static const struct {
	const char *what;	/* "RULE: what" */
	size_t off;
	unsigned char value;
	size_t at;
} dirty[] = {
	{ "IFA-GROW-11: padding", 4, 1, 4 },
	{ "IFA-GROW-12: pasid without PASID_VALID", 8 + 4, 1, 8 + 4 },
	{ "IFA-GROW-12: private_data without PRIV_DATA", 8 + 24, 1, 8 + 24 },
	{ "IFA-GROW-13: unknown flag bit", 8 + 3, 0x80, 8 },
	{ "IFA-GROW-14: padding2 past prm", 8 + 40, 1, 8 + 40 },
	{ "IFA-GROW-14: last byte of the record", 127, 1, 127 },
	{ "IFA-GROW-14: past the v1 record", 130, 1, 130 },
};

START_TEST(producer_check_fires_on_dirty_records)
{
	unsigned char rec[256];
	struct ifa_fault f = { .type = IOMMU_FAULT_PAGE_REQ, .grpid = 3, .perm = 1, .addr = 0x1000 };
	size_t at = 0;

	ck_assert_int_eq(ifa_encode(rec, sizeof(rec), IFA_LEVEL_V1, &f), 0);
	rec[dirty[_i].off] = dirty[_i].value;
	ck_assert_msg(ifa_producer_check(rec, sizeof(rec), IFA_LEVEL_V1, &at) == -1,
		      "%s not found", dirty[_i].what);
	ck_assert_uint_eq(at, dirty[_i].at);
}
END_TEST

START_TEST(response_encoder_writes_what_the_kernel_accepts)
{
	unsigned char buf[32];
	struct ifa_response r = { .has_pasid = 1, .pasid = 42, .grpid = 7, .code = 1 };
	size_t at = 0, len;

	for (len = IOMMU_FAULT_RESPONSE_V1_SIZE; len <= sizeof(buf); len += 4) {
		memset(buf, 0xa5, sizeof(buf));
		ck_assert_int_eq(ifa_response_encode(buf, len, &r), 0);
		ck_assert_msg(ifa_response_producer_check(buf, len, &at) == 0,
			      "IFA-RSP-8 to IFA-RSP-10: %zu-byte response: byte %zu", len, at);
		ck_assert_msg(ifa_response_validate(buf, len) == 0, "IFA-RSP-2: %zu-byte response refused",
			      len);
	}
	ck_assert_int_eq(ifa_response_encode(buf, 20, &r), -EINVAL);
}
END_TEST

/* Responses a userspace producer must not write, and the offset the check names. */
static const struct {
	const char *what;	/* "RULE: what" */
	size_t off;
	uint32_t value;
	size_t at;
} bad_responses[] = {
	{ "IFA-RSP-8: argsz not the size used", 0, 28, 0 },
	{ "IFA-RSP-9: version 0", 4, 0, 4 },
	{ "IFA-RSP-10: unknown flag bit", 8, 0x3, 8 },
	{ "IFA-RSP-10: pasid without PASID_VALID", 12, 5, 12 },
	{ "IFA-RSP-10: tail byte set", 28, 1, 28 },
};

START_TEST(response_producer_check_fires)
{
	unsigned char buf[32];
	struct ifa_response r = { .grpid = 7 };
	size_t at = 99;

	ck_assert_int_eq(ifa_response_encode(buf, sizeof(buf), &r), 0);
	memcpy(buf + bad_responses[_i].off, &bad_responses[_i].value, 4);
	ck_assert_msg(ifa_response_producer_check(buf, sizeof(buf), &at) == -1,
		      "%s not found", bad_responses[_i].what);
	ck_assert_uint_eq(at, bad_responses[_i].at);
}
END_TEST

START_TEST(peek_holds_the_slot_until_release)
{
	unsigned char mem[2 * 128], rec[128] = { 1 };
	struct ifa_queue q;
	const unsigned char *p;

	ck_assert_int_eq(ifa_queue_init(&q, mem, sizeof(mem), 128), 0);
	ck_assert_ptr_null(ifa_queue_peek(&q));
	ck_assert_int_eq(ifa_queue_push(&q, rec), 0);
	rec[0] = 2;
	ck_assert_int_eq(ifa_queue_push(&q, rec), 0);
	p = ifa_queue_peek(&q);
	ck_assert_msg(p && p[0] == 1 && ifa_queue_peek(&q) == p, "IFA-QUE-2: peek moved on by itself");
	/* Full: the slot being read is not the producer's until it is released (IFA-QUE-10, IFA-QUE-4). */
	ck_assert_msg(ifa_queue_push(&q, rec) == -ENOSPC && p[0] == 1,
		      "IFA-QUE-10: the slot held by the consumer was handed back before release");
	ifa_queue_release(&q);
	p = ifa_queue_peek(&q);
	ck_assert_msg(p && p[0] == 2, "IFA-QUE-2: release did not move to the next record");
}
END_TEST

/*
 * IFA-QUE-6: indices a peer (or bad memory) put out of range. The queue of
 * 4 records sits inside a guarded buffer: no call may touch the guards.
 */
static unsigned char guarded[6 * 128];
#define QMEM (guarded + 128)

static void hostile_queue(struct ifa_queue *q)
{
	memset(guarded, 0xA5, sizeof(guarded));
	ck_assert_int_eq(ifa_queue_init(q, QMEM, 4 * 128, 128), 0);
}

static void guards_intact(void)
{
	size_t i;

	for (i = 0; i < 128; i++)
		ck_assert_msg(guarded[i] == 0xA5 && guarded[5 * 128 + i] == 0xA5,
			      "IFA-QUE-6: a byte outside the queue was written");
}

START_TEST(queue_refuses_indices_out_of_range)
{
	unsigned char rec[128] = { 7 }, out[128];
	struct ifa_queue q;

	hostile_queue(&q);
	q.head = 9;	/* its own index gone bad: push must not write past the buffer */
	ck_assert_int_eq(ifa_queue_push(&q, rec), -EINVAL);
	ck_assert_int_eq(q.broken, 1);
	ck_assert_int_eq(ifa_queue_push(&q, rec), -EINVAL);	/* broken for good */
	guards_intact();

	hostile_queue(&q);
	q.tail = 9;	/* peek must not hand out a pointer past the end */
	ck_assert_ptr_null(ifa_queue_peek(&q));
	ck_assert_int_eq(ifa_queue_pop(&q, out), -EINVAL);
	ck_assert_uint_eq(ifa_queue_count(&q), 0);

	hostile_queue(&q);
	q.tail = 0xFFFFE000u;	/* garbage in the consumer's index, seen by the producer */
	ck_assert_int_eq(ifa_queue_push(&q, rec), -EINVAL);
	ck_assert_uint_eq(ifa_queue_count(&q), 0);
	guards_intact();

	hostile_queue(&q);
	q.head = 7;	/* head - tail = 7 > N: would be "7 records" in a queue of 4 */
	ck_assert_int_eq(ifa_queue_pop(&q, out), -EINVAL);
	ck_assert_uint_le(ifa_queue_count(&q), 4);
}
END_TEST

START_TEST(producer_never_overwrites_an_unread_record)
{
	unsigned char rec[128] = { 1 }, out[128];
	struct ifa_queue q;
	uint32_t seen = 0, i;

	hostile_queue(&q);
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(ifa_queue_push(&q, rec), 0);
	/* The consumer's tail is garbage that would make the full queue look empty. */
	q.tail = q.head;
	ck_assert_int_eq(ifa_queue_push(&q, rec), 0);	/* a consistent lie: count 0 */
	hostile_queue(&q);
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(ifa_queue_push(&q, rec), 0);
	q.tail = (q.head + 1) % 8;	/* count 7 > N */
	ck_assert_int_eq(ifa_queue_push(&q, rec), -EINVAL);
	guards_intact();
	/* Retrying a full queue loses nothing: only a drop counts (IFA-QUE-4). */
	hostile_queue(&q);
	for (i = 0; i < 4; i++)
		ck_assert_int_eq(ifa_queue_push(&q, rec), 0);
	for (i = 0; i < 3; i++)
		ck_assert_int_eq(ifa_queue_try_push(&q, rec), -ENOSPC);
	ck_assert_uint_eq(ifa_queue_lost_since(&q, &seen), 0);
	ck_assert_int_eq(ifa_queue_push(&q, rec), -ENOSPC);
	ck_assert_uint_eq(ifa_queue_lost_since(&q, &seen), 1);
	/* Nothing to release on an empty queue, and count stays within N. */
	while (ifa_queue_pop(&q, out) == 0)
		;
	ck_assert_int_eq(ifa_queue_release(&q), -EAGAIN);
	ck_assert_uint_eq(ifa_queue_count(&q), 0);
}
END_TEST

START_TEST(decode_refuses_a_short_record)
{
	unsigned char rec[128] = { 0 };
	struct ifa_fault f;

	ck_assert_int_eq(ifa_decode(rec, 64, IFA_LEVEL_V1, &f), -EINVAL);
	ck_assert_int_eq(ifa_queue_init(&(struct ifa_queue){ 0 }, rec, sizeof(rec), 0), -EINVAL);
}
END_TEST

int main(void)
{
	TCase *t = tcase_create("fixtures");

	tcase_add_test(t, negotiation_fixtures);
	tcase_add_test(t, response_fixtures);
	tcase_add_test(t, setup_fixtures);
	tcase_add_test(t, record_fixtures);
	tcase_add_test(t, queue_fixtures);
	tcase_add_test(t, producer_zeroes_what_is_not_data);
	tcase_add_loop_test(t, producer_check_fires_on_dirty_records, 0,
			    N_CASES(dirty));
	tcase_add_test(t, response_encoder_writes_what_the_kernel_accepts);
	tcase_add_loop_test(t, response_producer_check_fires, 0, N_CASES(bad_responses));
	tcase_add_test(t, peek_holds_the_slot_until_release);
	tcase_add_test(t, decode_refuses_a_short_record);
	tcase_add_test(t, queue_refuses_indices_out_of_range);
	tcase_add_test(t, producer_never_overwrites_an_unread_record);
	return ifa_check_run("reference implementation", t);
}
