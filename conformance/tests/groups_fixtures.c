/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Runs the page group scripts of fixtures/groups.txt against the group
 * implementation it is linked with (the reference one, or a deliberately
 * wrong build of it) and prints one line a script:
 *
 *   ok NAME
 *   not ok NAME RULE: what went wrong
 *
 * Exit status 0 when every script passes, 1 when one fails, 2 when the
 * fixture file cannot be read.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "ifa_groups.h"
#include "util.h"

#define SLOTS 8
#define MAX_ANSWERS 64

struct run {
	struct ifa_device_response got[MAX_ANSWERS];
	size_t n, seen;
	char why[512];
};

static void device_answer(void *ctx, const struct ifa_device_response *r)
{
	struct run *run = ctx;

	if (run->n < MAX_ANSWERS)
		run->got[run->n] = *r;
	run->n++;
}

static int code_of(const char *s, uint32_t *code)
{
	if (!strcmp(s, "SUCCESS"))
		*code = IOMMU_PAGE_RESP_SUCCESS;
	else if (!strcmp(s, "INVALID"))
		*code = IOMMU_PAGE_RESP_INVALID;
	else if (!strcmp(s, "FAILURE"))
		*code = IOMMU_PAGE_RESP_FAILURE;
	else
		return -1;
	return 0;
}

/* A whole number that fits 32 bits, or -1. */
static int number(const char *s, uint32_t *v)
{
	unsigned long long n;
	char *end;

	if (!s || !*s || *s == '-')
		return -1;
	errno = 0;
	n = strtoull(s, &end, 0);
	if (errno || *end || n > UINT32_MAX)
		return -1;
	*v = (uint32_t)n;
	return 0;
}

static const char *code_name(uint32_t code)
{
	return code == IOMMU_PAGE_RESP_SUCCESS ? "SUCCESS" :
	       code == IOMMU_PAGE_RESP_INVALID ? "INVALID" :
	       code == IOMMU_PAGE_RESP_FAILURE ? "FAILURE" : "?";
}

/* "GRPID PASID|-" -> grpid, pasid; the PASID is there or not. */
static int group_of(char **save, uint32_t *grpid, int *has_pasid, uint32_t *pasid)
{
	char *g = strtok_r(NULL, " \t", save), *p = strtok_r(NULL, " \t", save);

	if (!g || !p || number(g, grpid))
		return -1;
	*has_pasid = strcmp(p, "-") != 0;
	*pasid = 0;
	return *has_pasid ? number(p, pasid) : 0;
}

/* "last,needs" or "-" -> a page request. */
static int request_of(char **save, struct ifa_fault *f)
{
	int has_pasid;
	char *flags;

	memset(f, 0, sizeof(*f));
	f->type = IOMMU_FAULT_PAGE_REQ;
	if (group_of(save, &f->grpid, &has_pasid, &f->pasid) || !(flags = strtok_r(NULL, " \t", save)))
		return -1;
	f->has = has_pasid ? IFA_HAS_PASID : 0;
	if (!strcmp(flags, "-"))
		return 0;
	for (char *save2, *w = strtok_r(flags, ",", &save2); w; w = strtok_r(NULL, ",", &save2)) {
		if (!strcmp(w, "last"))
			f->last_page = 1;
		else if (!strcmp(w, "needs"))
			f->needs_pasid = 1;
		else if (!strcmp(w, "must"))
			f->must = 1u << 24;
		else
			return -1;
	}
	return 0;
}

/* Device answers given since the last step must all have been expected. */
static int all_expected(struct run *run)
{
	if (run->seen < run->n) {
		const struct ifa_device_response *r = &run->got[run->seen];

		snprintf(run->why, sizeof(run->why), "the device got an unexpected response: grpid %u code %u",
			 r->grpid, r->code);
		return -1;
	}
	return 0;
}

static int step(struct ifa_groups *g, struct run *run, const struct ifa_fx_kv *kv, int *room)
{
	char buf[512], *save;
	struct ifa_response r;
	struct ifa_fault f;
	uint32_t code;
	int rc;

	if (strlen(kv->value) >= sizeof(buf)) {	/* no step of the format is that long */
		snprintf(run->why, sizeof(run->why), "line %d: %s: line too long", kv->line, kv->key);
		return -2;
	}
	ifa_copy(buf, sizeof(buf), kv->value, strlen(kv->value));
	save = buf;
	if (strcmp(kv->key, "device") && all_expected(run))
		return -1;
	if (!strcmp(kv->key, "full") || !strcmp(kv->key, "room")) {
		*room = !strcmp(kv->key, "room");
	} else if (!strcmp(kv->key, "close")) {
		ifa_groups_close(g);
	} else if (!strcmp(kv->key, "reset")) {
		ifa_groups_reset(g);
	} else if (!strcmp(kv->key, "broken")) {
		ifa_groups_break(g);
	} else if (!strcmp(kv->key, "request")) {
		const char *want;

		if (request_of(&save, &f) || !(want = strtok_r(NULL, " \t", &save)))
			goto syntax;
		rc = ifa_groups_request(g, &f, *room);
		if (strcmp(rc ? "queued" : "dropped", want)) {
			snprintf(run->why, sizeof(run->why), "request %s: %s, expected %s", kv->value,
				 rc ? "queued" : "dropped", want);
			return -1;
		}
	} else if (!strcmp(kv->key, "respond")) {
		const char *c, *want;

		memset(&r, 0, sizeof(r));
		if (group_of(&save, &r.grpid, &r.has_pasid, &r.pasid) ||
		    !(c = strtok_r(NULL, " \t", &save)) || code_of(c, &r.code) ||
		    !(want = strtok_r(NULL, " \t", &save)))
			goto syntax;
		rc = ifa_groups_respond(g, &r);
		if (strcmp(rc == -EINVAL ? "EINVAL" : rc == -EIO ? "EIO" : rc ? "error" : "0", want)) {
			snprintf(run->why, sizeof(run->why), "respond %s: got %s", kv->value,
				 rc == -EINVAL ? "EINVAL" : rc == -EIO ? "EIO" : rc ? "another error" : "0");
			return -1;
		}
	} else if (!strcmp(kv->key, "device")) {
		uint32_t grpid, pasid;
		int has_pasid;
		const char *c;

		if (group_of(&save, &grpid, &has_pasid, &pasid) || !(c = strtok_r(NULL, " \t", &save)) ||
		    code_of(c, &code))
			goto syntax;
		if (run->seen >= run->n || run->seen >= MAX_ANSWERS) {
			snprintf(run->why, sizeof(run->why), "device %s: the device got no response", kv->value);
			return -1;
		}
		const struct ifa_device_response *d = &run->got[run->seen++];
		if (d->grpid != grpid || d->code != code || d->has_pasid != has_pasid ||
		    (has_pasid && d->pasid != pasid)) {
			snprintf(run->why, sizeof(run->why),
				 "device %s: got grpid %u pasid %s%u code %u", kv->value, d->grpid,
				 d->has_pasid ? "" : "none/", d->pasid, d->code);
			return -1;
		}
	} else if (!strcmp(kv->key, "answer")) {
		/* answer GRPID PASID|- FLAGS => GRPID PASID|- CODE   or   => none */
		char *arrow, *rest;

		if (request_of(&save, &f) || !(arrow = strtok_r(NULL, " \t", &save)) || strcmp(arrow, "=>") ||
		    !(rest = strtok_r(NULL, "", &save)))
			goto syntax;
		rc = ifa_group_answer(&f, IOMMU_PAGE_RESP_SUCCESS, &r);
		char got[64];
		if (!rc)
			snprintf(got, sizeof(got), "none");
		else if (r.has_pasid)
			snprintf(got, sizeof(got), "%u %u %s", r.grpid, r.pasid, code_name(r.code));
		else
			snprintf(got, sizeof(got), "%u - %s", r.grpid, code_name(r.code));
		if (strcmp(got, ifa_trim(rest))) {
			snprintf(run->why, sizeof(run->why), "answer %s: userspace wrote %s", kv->value, got);
			return -1;
		}
	} else if (strcmp(kv->key, "rule")) {
		snprintf(run->why, sizeof(run->why), "line %d: unknown step %s", kv->line, kv->key);
		return -2;
	}
	return 0;
syntax:
	snprintf(run->why, sizeof(run->why), "line %d: cannot read %s %s", kv->line, kv->key, kv->value);
	return -2;
}

int main(int argc, char **argv)
{
	static struct ifa_fx_file fx;
	char err[1024];
	int failed = 0;
	size_t i, k;

	if (argc != 2) {
		fprintf(stderr, "usage: %s fixtures/groups.txt\n", argv[0]);
		return 2;
	}
	if (ifa_fx_load(argv[1], &fx, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	for (i = 0; i < fx.n; i++) {
		const struct ifa_fx_section *s = &fx.s[i];
		const char *rule = ifa_fx_get(s, "rule");
		struct ifa_group slots[SLOTS];
		struct ifa_groups g;
		struct run run = { .n = 0 };
		int room = 1, rc = 0;

		if (!rule) {
			fprintf(stderr, "%s:%d: [%s] has no rule\n", argv[1], s->line, s->name);
			return 2;
		}
		ifa_groups_init(&g, slots, SLOTS, device_answer, &run);
		for (k = 0; k < s->nkv && !rc; k++)
			rc = step(&g, &run, &s->kv[k], &room);
		if (!rc)
			rc = all_expected(&run);
		if (rc == -2) {
			fprintf(stderr, "%s: [%s] %s\n", argv[1], s->name, run.why);
			return 2;
		}
		if (rc) {
			printf("not ok %s %s: %s\n", s->name, rule, run.why);
			failed = 1;
		} else {
			printf("ok %s\n", s->name);
		}
	}
	return failed;
}
