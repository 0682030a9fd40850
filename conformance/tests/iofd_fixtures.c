/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Runs the scripts of fixtures/iommufd-fd.txt and fixtures/iommufd-eventq.txt
 * against the iommufd kernel model it is linked with (the reference one, or
 * a deliberately wrong build of it) and prints one line a script:
 *
 *   ok NAME
 *   not ok NAME RULE: what went wrong
 *
 * Exit status 0 when every script passes, 1 when one fails, 2 when a file
 * cannot be read or a script is malformed ("FILE:LINE: what" on stderr).
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "iofd_model.h"
#include "util.h"

#define MAX_ANSWERS 64
#define MAX_COUNT 4096			/* the largest count a script may give */
#define BUF_CAP (MAX_COUNT + 64)	/* the user memory behind every read */
#define FILL 0xa5			/* what the user memory holds before a read */

struct run {
	const char *path;
	struct iofd_fault fault;
	struct iofd_veventq evq;
	int evq_used;
	struct iofd_device_answer got[MAX_ANSWERS];
	size_t n, seen;
	unsigned char buf[BUF_CAP];
	size_t len, at;			/* bytes the last read returned, and those checked */
	char why[512];
};

static void device_answer(void *ctx, const struct iofd_device_answer *a)
{
	struct run *run = ctx;

	if (run->n < MAX_ANSWERS)
		run->got[run->n] = *a;
	run->n++;
}

/* A whole number that fits 32 bits, or -1. */
static int number(const char *s, uint32_t *v)
{
	unsigned long long n;
	char *end;

	if (!s || !*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	n = strtoull(s, &end, 0);
	if (errno || *end || n > UINT32_MAX)
		return -1;
	*v = (uint32_t)n;
	return 0;
}

static int number64(const char *s, uint64_t *v)
{
	unsigned long long n;
	char *end;

	if (!s || !*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	n = strtoull(s, &end, 0);
	if (errno || *end)
		return -1;
	*v = n;
	return 0;
}

struct name_bit {
	const char *name;
	uint32_t bit;
};

static const struct name_bit request_flags[] = {
	{ "last", IOMMU_PGFAULT_FLAGS_LAST_PAGE },
	{ "needs", IOFD_REQ_NEEDS_PASID },
	{ NULL, 0 },
};

static const struct name_bit record_flags[] = {
	{ "pasid", IOMMU_PGFAULT_FLAGS_PASID_VALID },
	{ "last", IOMMU_PGFAULT_FLAGS_LAST_PAGE },
	{ NULL, 0 },
};

static const struct name_bit perms[] = {
	{ "read", IOMMU_PGFAULT_PERM_READ },
	{ "write", IOMMU_PGFAULT_PERM_WRITE },
	{ "exec", IOMMU_PGFAULT_PERM_EXEC },
	{ "priv", IOMMU_PGFAULT_PERM_PRIV },
	{ NULL, 0 },
};

/* "-", a number, or names of bits joined by ","; -1 when it is none of them. */
static int bits(const char *s, const struct name_bit *names, uint32_t *v)
{
	char w[64];
	size_t n;

	*v = 0;
	if (!s || !*s)
		return -1;
	if (!strcmp(s, "-"))
		return 0;
	if (*s >= '0' && *s <= '9')
		return number(s, v);
	while (*s) {
		const struct name_bit *nb;

		n = strcspn(s, ",");
		if (!n || n >= sizeof(w))
			return -1;
		memcpy(w, s, n);
		w[n] = '\0';
		for (nb = names; nb->name && strcmp(nb->name, w); nb++)
			;
		if (!nb->name)
			return -1;
		*v |= nb->bit;
		s += n;
		if (*s == ',' && !*++s)
			return -1;
	}
	return 0;
}

static int code_of(const char *s, uint32_t *code)
{
	if (s && !strcmp(s, "SUCCESS"))
		*code = IOMMUFD_PAGE_RESP_SUCCESS;
	else if (s && !strcmp(s, "INVALID"))
		*code = IOMMUFD_PAGE_RESP_INVALID;
	else
		return number(s, code);
	return 0;
}

static const char *code_name(uint32_t code, char *tmp, size_t n)
{
	if (code == IOMMUFD_PAGE_RESP_SUCCESS)
		return "SUCCESS";
	if (code == IOMMUFD_PAGE_RESP_INVALID)
		return "INVALID";
	snprintf(tmp, n, "%u", code);
	return tmp;
}

/* What a call returned, as scripts write it: a byte count or an errno name. */
static void result_name(long rc, char *out, size_t n)
{
	if (rc == -ESPIPE)
		snprintf(out, n, "ESPIPE");
	else if (rc == -EFAULT)
		snprintf(out, n, "EFAULT");
	else if (rc == -EINVAL)
		snprintf(out, n, "EINVAL");
	else if (rc == -ENOSPC)
		snprintf(out, n, "ENOSPC");
	else if (rc < 0)
		snprintf(out, n, "errno %ld", -rc);
	else
		snprintf(out, n, "%ld", rc);
}

static int valid_result(const char *s)
{
	uint32_t v;

	return s && (!strcmp(s, "ESPIPE") || !strcmp(s, "EFAULT") || !strcmp(s, "EINVAL") ||
		     !number(s, &v));
}

/* Every device answer and every byte read so far must have been checked. */
static int all_checked(struct run *run, const char *key)
{
	if (strcmp(key, "device") && run->seen < run->n) {
		const struct iofd_device_answer *a = &run->got[run->seen < MAX_ANSWERS ? run->seen : 0];

		snprintf(run->why, sizeof(run->why),
			 "the device got an unexpected response: dev %u grpid %u code %u", a->dev_id,
			 a->grpid, a->code);
		return -1;
	}
	if (strcmp(key, "record") && strcmp(key, "got") && run->at < run->len) {
		snprintf(run->why, sizeof(run->why), "the read returned %zu bytes the script does not expect",
			 run->len - run->at);
		return -1;
	}
	return 0;
}

/* "read POS COUNT [buf N] => RESULT", for either descriptor. */
static int do_read(struct run *run, char **save, int line, int evq)
{
	char *p = strtok_r(NULL, " \t", save), *c = strtok_r(NULL, " \t", save);
	char *w = strtok_r(NULL, " \t", save), *want, got[32];
	uint32_t pos, count, size = BUF_CAP;
	long rc;
	size_t i;

	if (number(p, &pos) || number(c, &count) || count > MAX_COUNT || !w)
		goto syntax;
	if (!strcmp(w, "buf")) {
		if (number(strtok_r(NULL, " \t", save), &size) || size > BUF_CAP)
			goto syntax;
		w = strtok_r(NULL, " \t", save);
	}
	want = strtok_r(NULL, " \t", save);
	if (!w || strcmp(w, "=>") || !valid_result(want) || strtok_r(NULL, " \t", save))
		goto syntax;
	memset(run->buf, FILL, sizeof(run->buf));
	rc = evq ? iofd_veventq_read(&run->evq, pos, count, run->buf, size) :
		   iofd_fault_read(&run->fault, pos, count, run->buf, size);
	result_name(rc, got, sizeof(got));
	run->len = run->at = 0;
	if (strcmp(got, want)) {
		snprintf(run->why, sizeof(run->why), "read %u %u: got %s, expected %s", pos, count, got,
			 want);
		return -1;
	}
	if (rc > (long)count) {
		snprintf(run->why, sizeof(run->why), "read %u %u: returned more than count", pos, count);
		return -1;
	}
	for (i = count; i < BUF_CAP; i++) {
		if (run->buf[i] != FILL) {
			snprintf(run->why, sizeof(run->why), "read %u %u: wrote byte %zu, past the count",
				 pos, count, i);
			return -1;
		}
	}
	run->len = rc > 0 ? (size_t)rc : 0;
	return 0;
syntax:
	snprintf(run->why, sizeof(run->why), "%s:%d: cannot read: read %s", run->path, line,
		 p ? p : "");
	return -2;
}

static const struct {
	const char *name;
	size_t off, size;
	const struct name_bit *names;
} record_fields[] = {
	{ "flags", offsetof(struct iommu_hwpt_pgfault, flags), 4, record_flags },
	{ "dev_id", offsetof(struct iommu_hwpt_pgfault, dev_id), 4, NULL },
	{ "pasid", offsetof(struct iommu_hwpt_pgfault, pasid), 4, NULL },
	{ "grpid", offsetof(struct iommu_hwpt_pgfault, grpid), 4, NULL },
	{ "perm", offsetof(struct iommu_hwpt_pgfault, perm), 4, perms },
	{ "__reserved", offsetof(struct iommu_hwpt_pgfault, __reserved), 4, NULL },
	{ "addr", offsetof(struct iommu_hwpt_pgfault, addr), 8, NULL },
	{ "length", offsetof(struct iommu_hwpt_pgfault, length), 4, NULL },
	{ "cookie", offsetof(struct iommu_hwpt_pgfault, cookie), 4, NULL },
};

#define NFIELDS (sizeof(record_fields) / sizeof(record_fields[0]))

/* "record FIELD=VALUE ...": the next record read; a field not named is 0. */
static int do_record(struct run *run, char **save, int line)
{
	uint64_t want[NFIELDS] = { 0 };
	unsigned char rec[IOFD_RECORD_SIZE];
	char *w;
	size_t i;

	while ((w = strtok_r(NULL, " \t", save))) {
		char *eq = strchr(w, '=');

		if (!eq)
			goto syntax;
		*eq++ = '\0';
		for (i = 0; i < NFIELDS && strcmp(record_fields[i].name, w); i++)
			;
		if (i == NFIELDS)
			goto syntax;
		if (record_fields[i].names) {
			uint32_t v;

			if (bits(eq, record_fields[i].names, &v))
				goto syntax;
			want[i] = v;
		} else if (number64(eq, &want[i]) ||
			   (record_fields[i].size == 4 && want[i] > UINT32_MAX)) {
			goto syntax;
		}
	}
	if (run->len - run->at < sizeof(rec)) {
		snprintf(run->why, sizeof(run->why), "record %zu: the read returned no more record",
			 run->at / sizeof(rec));
		return -1;
	}
	memcpy(rec, run->buf + run->at, sizeof(rec));
	for (i = 0; i < NFIELDS; i++) {
		uint64_t got = 0;

		if (record_fields[i].size == 8) {
			memcpy(&got, rec + record_fields[i].off, 8);
		} else {
			uint32_t v;

			memcpy(&v, rec + record_fields[i].off, 4);
			got = v;
		}
		if (got != want[i]) {
			snprintf(run->why, sizeof(run->why), "record %zu: %s is %#llx, expected %#llx",
				 run->at / sizeof(rec), record_fields[i].name,
				 (unsigned long long)got, (unsigned long long)want[i]);
			return -1;
		}
	}
	run->at += sizeof(rec);
	return 0;
syntax:
	snprintf(run->why, sizeof(run->why), "%s:%d: cannot read: record field %s", run->path, line,
		 w ? w : "");
	return -2;
}

/* "request DEV GRPID PASID FLAGS PERM ADDR" */
static int do_request(struct run *run, char **save, int line)
{
	char *d = strtok_r(NULL, " \t", save), *g = strtok_r(NULL, " \t", save);
	char *p = strtok_r(NULL, " \t", save), *fl = strtok_r(NULL, " \t", save);
	char *pm = strtok_r(NULL, " \t", save), *a = strtok_r(NULL, " \t", save);
	struct iofd_request r;
	char got[32];
	int rc;

	memset(&r, 0, sizeof(r));
	if (number(d, &r.dev_id) || number(g, &r.grpid) || !p || bits(fl, request_flags, &r.flags) ||
	    bits(pm, perms, &r.perm) || number64(a, &r.addr) || strtok_r(NULL, " \t", save))
		goto syntax;
	if (!strncmp(p, "-/", 2)) {		/* not valid, but the driver's field holds a value */
		if (number(p + 2, &r.pasid))
			goto syntax;
	} else if (strcmp(p, "-")) {
		if (number(p, &r.pasid))
			goto syntax;
		r.flags |= IOMMU_PGFAULT_FLAGS_PASID_VALID;
	}
	rc = iofd_fault_report(&run->fault, &r);
	if (rc) {
		result_name(rc, got, sizeof(got));
		snprintf(run->why, sizeof(run->why), "request dev %u grpid %u: refused, %s", r.dev_id,
			 r.grpid, got);
		return -1;
	}
	return 0;
syntax:
	snprintf(run->why, sizeof(run->why), "%s:%d: cannot read: request %s", run->path, line,
		 d ? d : "");
	return -2;
}

/* "write POS COOKIE:CODE... [+N] => RESULT" */
static int do_write(struct run *run, char **save, int line)
{
	unsigned char in[MAX_COUNT];
	char *p = strtok_r(NULL, " \t", save), *w, *want = NULL, got[32];
	size_t len = 0;
	uint32_t pos;
	long rc;

	if (number(p, &pos))
		goto syntax;
	while ((w = strtok_r(NULL, " \t", save))) {
		struct iommu_hwpt_page_response r;
		char *colon = strchr(w, ':');
		uint32_t extra;

		if (!strcmp(w, "=>")) {
			want = strtok_r(NULL, " \t", save);
			break;
		}
		if (*w == '+') {
			if (number(w + 1, &extra) || extra > sizeof(in) - len)
				goto syntax;
			memset(in + len, 0, extra);
			len += extra;
			continue;
		}
		if (!colon || sizeof(r) > sizeof(in) - len)
			goto syntax;
		*colon = '\0';
		if (number(w, &r.cookie) || code_of(colon + 1, &r.code))
			goto syntax;
		memcpy(in + len, &r, sizeof(r));
		len += sizeof(r);
	}
	if (!valid_result(want) || strtok_r(NULL, " \t", save))
		goto syntax;
	rc = iofd_fault_write(&run->fault, pos, in, len);
	result_name(rc, got, sizeof(got));
	if (strcmp(got, want)) {
		snprintf(run->why, sizeof(run->why), "write of %zu bytes: got %s, expected %s", len, got,
			 want);
		return -1;
	}
	return 0;
syntax:
	snprintf(run->why, sizeof(run->why), "%s:%d: cannot read: write %s", run->path, line,
		 p ? p : "");
	return -2;
}

/* "device DEV GRPID PASID|- CODE" */
static int do_device(struct run *run, char **save, int line)
{
	char *d = strtok_r(NULL, " \t", save), *g = strtok_r(NULL, " \t", save);
	char *p = strtok_r(NULL, " \t", save), *c = strtok_r(NULL, " \t", save);
	const struct iofd_device_answer *a;
	uint32_t dev, grpid, pasid = 0, code;
	char t1[16], t2[16];
	int has_pasid;

	if (number(d, &dev) || number(g, &grpid) || !p || code_of(c, &code) ||
	    strtok_r(NULL, " \t", save))
		goto syntax;
	has_pasid = strcmp(p, "-") != 0;
	if (has_pasid && number(p, &pasid))
		goto syntax;
	if (run->seen >= run->n || run->seen >= MAX_ANSWERS) {
		snprintf(run->why, sizeof(run->why), "device %u grpid %u: the device got no response",
			 dev, grpid);
		return -1;
	}
	a = &run->got[run->seen++];
	if (a->dev_id != dev || a->grpid != grpid || a->code != code || a->has_pasid != has_pasid ||
	    (has_pasid && a->pasid != pasid)) {
		snprintf(run->why, sizeof(run->why),
			 "device %u grpid %u %s: got dev %u grpid %u pasid %s%u code %s", dev, grpid,
			 code_name(code, t2, sizeof(t2)), a->dev_id, a->grpid,
			 a->has_pasid ? "" : "none/", a->pasid, code_name(a->code, t1, sizeof(t1)));
		return -1;
	}
	return 0;
syntax:
	snprintf(run->why, sizeof(run->why), "%s:%d: cannot read: device %s", run->path, line,
		 d ? d : "");
	return -2;
}

/*
 * Up to four 64-bit words, little-endian: the SMMUv3 event record (Table
 * L-5), from first on; the token that stopped them ("=>") or NULL in *stop.
 */
static int words(char **save, char *first, unsigned char *out, char **stop)
{
	char *w = first;
	int n = 0;

	memset(out, 0, IOFD_EVENT_MAX);
	for (; w; w = strtok_r(NULL, " \t", save)) {
		uint64_t v;
		int i;

		if (!strcmp(w, "=>")) {
			*stop = w;
			return n;
		}
		if (n == 4 || number64(w, &v))
			return -1;
		for (i = 0; i < 8; i++)
			out[8 * n + i] = (unsigned char)(v >> (8 * i));
		n++;
	}
	*stop = NULL;
	return n;
}

/* "event W0 [W1 W2 W3] => queued|lost" */
static int do_event(struct run *run, char **save, int line)
{
	unsigned char data[IOFD_EVENT_MAX];
	char *stop, *want;
	const char *got;
	int n = words(save, strtok_r(NULL, " \t", save), data, &stop), rc;

	want = stop ? strtok_r(NULL, " \t", save) : NULL;
	if (n < 1 || !want || (strcmp(want, "queued") && strcmp(want, "lost")) ||
	    strtok_r(NULL, " \t", save))
		goto syntax;
	rc = iofd_veventq_report(&run->evq, data, sizeof(data));
	got = rc == 0 ? "queued" : rc == 1 ? "lost" : "refused";
	if (strcmp(got, want)) {
		snprintf(run->why, sizeof(run->why), "event %#llx: %s, expected %s",
			 (unsigned long long)data[0], got, want);
		return -1;
	}
	return 0;
syntax:
	snprintf(run->why, sizeof(run->why), "%s:%d: cannot read: event", run->path, line);
	return -2;
}

/* "got SEQ lost" or "got SEQ W0 [W1 W2 W3]": the next event the read returned. */
static int do_got(struct run *run, char **save, int line)
{
	char *s = strtok_r(NULL, " \t", save), *w = NULL, *stop;
	unsigned char want[IOFD_EVENT_MAX];
	struct iommufd_vevent_header h;
	uint32_t seq, flags = 0;
	int n = 0;

	if (number(s, &seq) || !(w = strtok_r(NULL, " \t", save)))
		goto syntax;
	if (!strcmp(w, "lost")) {
		if (strtok_r(NULL, " \t", save))
			goto syntax;
		flags = IOMMU_VEVENTQ_FLAG_LOST_EVENTS;
	} else {
		n = words(save, w, want, &stop);
		if (n < 1 || stop)
			goto syntax;
	}
	if (run->len - run->at < sizeof(h)) {
		snprintf(run->why, sizeof(run->why), "got %u: the read returned no more event", seq);
		return -1;
	}
	memcpy(&h, run->buf + run->at, sizeof(h));
	if (h.flags != flags || h.sequence != seq) {
		snprintf(run->why, sizeof(run->why), "got %u%s: read flags %#x sequence %u", seq,
			 flags ? " lost" : "", h.flags, h.sequence);
		return -1;
	}
	run->at += sizeof(h);
	if (flags)
		return 0;
	if (run->len - run->at < sizeof(want)) {
		snprintf(run->why, sizeof(run->why), "got %u: %zu bytes of its %zu-byte payload", seq,
			 run->len - run->at, sizeof(want));
		return -1;
	}
	if (memcmp(run->buf + run->at, want, sizeof(want))) {
		snprintf(run->why, sizeof(run->why), "got %u: the payload differs", seq);
		return -1;
	}
	run->at += sizeof(want);
	return 0;
syntax:
	snprintf(run->why, sizeof(run->why), "%s:%d: cannot read: got %s", run->path, line,
		 s ? s : "");
	return -2;
}

static int one_number(struct run *run, char **save, const struct ifa_fx_kv *kv, uint32_t *v)
{
	if (number(strtok_r(NULL, " \t", save), v) || strtok_r(NULL, " \t", save)) {
		snprintf(run->why, sizeof(run->why), "%s:%d: cannot read: %s %s", run->path, kv->line,
			 kv->key, kv->value);
		return -2;
	}
	return 0;
}

static int step(struct run *run, const struct ifa_fx_kv *kv)
{
	const char *k = kv->key;
	char buf[512], *save;
	uint32_t v;

	if (strlen(kv->value) >= sizeof(buf)) {	/* no step of the format is that long */
		snprintf(run->why, sizeof(run->why), "%s:%d: %s: line too long", run->path, kv->line, k);
		return -2;
	}
	ifa_copy(buf, sizeof(buf), kv->value, strlen(kv->value));
	save = buf;
	if (all_checked(run, k))
		return -1;
	if (!strcmp(k, "rule"))
		return 0;
	if (!strcmp(k, "request"))
		return do_request(run, &save, kv->line);
	if (!strcmp(k, "read"))
		return do_read(run, &save, kv->line, run->evq_used);
	if (!strcmp(k, "record"))
		return do_record(run, &save, kv->line);
	if (!strcmp(k, "write"))
		return do_write(run, &save, kv->line);
	if (!strcmp(k, "device"))
		return do_device(run, &save, kv->line);
	if (!strcmp(k, "detach")) {
		if (one_number(run, &save, kv, &v))
			return -2;
		iofd_fault_detach(&run->fault, v);
		return 0;
	}
	if (!strcmp(k, "destroy")) {
		if (*kv->value)
			goto unknown;
		iofd_fault_destroy(&run->fault);
		return 0;
	}
	if (!strcmp(k, "depth")) {
		if (one_number(run, &save, kv, &v))
			return -2;
		run->evq_used = 1;
		if (iofd_veventq_init(&run->evq, v)) {
			snprintf(run->why, sizeof(run->why), "%s:%d: depth %u: the model holds 1 to %u",
				 run->path, kv->line, v, IOFD_EVQ_MAX_DEPTH);
			return -2;
		}
		return 0;
	}
	if (!strcmp(k, "start")) {
		if (one_number(run, &save, kv, &v))
			return -2;
		run->evq_used = 1;
		iofd_veventq_set_sequence(&run->evq, v);
		return 0;
	}
	if (!strcmp(k, "event")) {
		run->evq_used = 1;
		return do_event(run, &save, kv->line);
	}
	if (!strcmp(k, "got"))
		return do_got(run, &save, kv->line);
unknown:
	snprintf(run->why, sizeof(run->why), "%s:%d: unknown step %s", run->path, kv->line, k);
	return -2;
}

static int run_file(const char *path, int *failed)
{
	static struct ifa_fx_file fx;
	static struct run run;
	char err[1024];
	size_t i, k;

	if (ifa_fx_load(path, &fx, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	for (i = 0; i < fx.n; i++) {
		const struct ifa_fx_section *s = &fx.s[i];
		const char *rule = ifa_fx_get(s, "rule");
		int rc = 0;

		if (!rule || !*rule) {
			fprintf(stderr, "%s:%d: [%s] has no rule\n", path, s->line, s->name);
			ifa_fx_free(&fx);
			return 2;
		}
		memset(&run, 0, sizeof(run));
		run.path = path;
		iofd_fault_init(&run.fault, device_answer, &run);
		iofd_veventq_init(&run.evq, 4);
		for (k = 0; k < s->nkv && !rc; k++)
			rc = step(&run, &s->kv[k]);
		if (!rc)
			rc = all_checked(&run, "");
		if (rc == -2) {
			fprintf(stderr, "%s [%s]\n", run.why, s->name);
			ifa_fx_free(&fx);
			return 2;
		}
		if (rc) {
			printf("not ok %s %s: %s\n", s->name, rule, run.why);
			*failed = 1;
		} else {
			printf("ok %s\n", s->name);
		}
	}
	ifa_fx_free(&fx);
	return 0;
}

int main(int argc, char **argv)
{
	int failed = 0, i;

	if (argc < 2) {
		fprintf(stderr, "usage: %s fixtures/iommufd-fd.txt fixtures/iommufd-eventq.txt\n",
			argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++)
		if (run_file(argv[i], &failed))
			return 2;
	return failed;
}
