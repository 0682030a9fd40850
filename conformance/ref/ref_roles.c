/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The reference role player: every role of spec/role-protocol.md on stdin
 * and stdout, with the reference library (ifa_ref.c, ifa_groups.c) for the
 * first spec and the canonical iommufd header for the second. `decode` is
 * the reference decoder's (ref_decoder.c).
 *
 * Built with -DIFA_ROLE_DEFECT=<n> it becomes one of the deliberately wrong
 * role players that `make check` proves the harness rejects:
 *   1 response validator: takes a pasid without PASID_VALID (IFA-RSP-6)
 *   2 response validator: checks the version before the bytes past the
 *     known size (IFA-RSP-11)
 *   3 negotiation: chooses the highest common version, known size or not
 *     (IFA-NEG-2)
 *   4 queue consumer: runs its index modulo N, not 2N (IFA-QUE-2)
 *   5 queue consumer: takes a lost count below the one seen as no loss (IFA-QUE-5)
 *   6 response writer: carries the PASID whenever PASID_VALID (IFA-GRP-4)
 *   7 response writer: ignores must-understand bits (IFA-GROW-16)
 *   8 response writer: answers every request, not every group (IFA-GRP-2)
 *   9 iommufd record reader: reads a non-zero pasid without PASID_VALID (IOFD-FD-8)
 *  10 iommufd record reader: rejects a non-zero __reserved (IOFD-FD-8)
 *  11 fault-fd reader: reads one record at a time (IOFD-FD-6)
 *  12 fault-fd reader: takes a read() of 0 as the end (IOFD-FD-7)
 *  13 iommufd response writer: answers every record (IOFD-FD-9)
 *  14 iommufd response writer: answers "invalid" with PCIe's Response
 *     Failure, 2 (IOFD-RSP-5)
 *  15 vEVENTQ reader: counts a gap modulo 2^32, not 2^31 (IOFD-EVQ-4)
 *  16 vEVENTQ reader: sizes an event by what read() returned (IOFD-EVQ-5)
 *  17 vEVENTQ reader: reads the little-endian payload in host byte order
 *     (IOFD-PORT-6: seen on a big-endian host only)
 *  18 vEVENTQ reader: takes every payload for an Arm SMMUv3 event, 32
 *     bytes, on a Tegra241 CMDQV queue too (IOFD-EVQ-5)
 *  19 fault-fd reader: takes a read() that failed with EINVAL as the end
 *     (IOFD-FD-7)
 *  20 response writer: forgets, when lost advances, the must-understand
 *     bits of the partial groups it discards (IFA-GRP-9)
 *  21 response writer: copies the record's pasid field, its gate clear,
 *     into the response without PASID_VALID (IFA-RSP-10)
 */
#define _GNU_SOURCE
#include "ifa_bytes.h"
#include "ifa_format.h"
#include "ifa_groups.h"
#include "ifa_ref.h"

#include <linux/iommufd_fault.h>

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef IFA_ROLE_DEFECT
#define IFA_ROLE_DEFECT 0
#endif

#define PGFAULT_SIZE sizeof(struct iommu_hwpt_pgfault)

void ifa_decoder_line(char *line, FILE *out);

/* The value of a hex digit, which the caller has checked with isxdigit(). */
static unsigned nibble(char c)
{
	return c <= '9' ? (unsigned)(c - '0') : (unsigned)(tolower((unsigned char)c) - 'a' + 10);
}

/* HEX into a new buffer (*out, *n); "-" is no bytes. -1 if it is not hex. */
static int unhex(const char *hex, unsigned char **out, size_t *n)
{
	size_t len = strlen(hex), i;

	*out = NULL;
	*n = 0;
	if (!strcmp(hex, "-"))
		len = 0;
	if (len % 2)
		return -1;
	*out = malloc(len / 2 + 1);
	if (!*out)
		return -1;
	for (i = 0; i < len / 2; i++) {
		if (!isxdigit((unsigned char)hex[2 * i]) || !isxdigit((unsigned char)hex[2 * i + 1]))
			return -1;
		(*out)[i] = (unsigned char)(nibble(hex[2 * i]) << 4 | nibble(hex[2 * i + 1]));
	}
	*n = len / 2;
	return 0;
}

static void hexout(FILE *out, const void *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(out, "%02x", ((const unsigned char *)p)[i]);
}

/* A decimal number that fits 32 bits. */
static int num32(const char *s, uint32_t *v)
{
	char *end;
	unsigned long long x;

	if (!s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	x = strtoull(s, &end, 10);
	if (*end || errno || x > UINT32_MAX)
		return -1;
	*v = (uint32_t)x;
	return 0;
}

static const char *errno_name(int e)
{
	switch (e) {
	case EINVAL: return "EINVAL";
	case EFAULT: return "EFAULT";
	case E2BIG: return "E2BIG";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	default: return "EIO";
	}
}

/* --- response validator (the kernel's side of section 8) --- */

static void validate_response(char **w, size_t n, FILE *out)
{
	unsigned char *b = NULL;
	size_t len;
	int rc;

	if (n != 1 || unhex(w[0], &b, &len)) {
		fprintf(out, "error bad request\n");
		free(b);
		return;
	}
	if (IFA_ROLE_DEFECT == 1 && len >= IOMMU_FAULT_RESPONSE_V1_SIZE &&
	    !(get32(b, offsetof(struct iommu_fault_response, flags)) &
	      IOMMU_FAULT_RESPONSE_PASID_VALID))
		memset(b + offsetof(struct iommu_fault_response, pasid), 0, 4);
	if (IFA_ROLE_DEFECT == 2 && len >= IOMMU_FAULT_RESPONSE_V1_SIZE &&
	    get32(b, offsetof(struct iommu_fault_response, version)) !=
	    IOMMU_FAULT_RESPONSE_VERSION_1 &&
	    get32(b, 0) >= IOMMU_FAULT_RESPONSE_V1_SIZE) {
		fprintf(out, "EINVAL\n");
		free(b);
		return;
	}
	rc = ifa_response_validate(b, len);
	fprintf(out, "%s\n", rc ? errno_name(-rc) : "accept");
	free(b);
}

/* --- negotiation (section 7) --- */

/* "1,2" or "-" into a new array. */
static int versions(const char *s, uint32_t **v, size_t *n)
{
	char *copy = strdup(s), *tok, *save = NULL;

	*v = calloc(strlen(s) + 1, sizeof(uint32_t));
	*n = 0;
	if (!copy || !*v) {
		free(copy);
		return -1;
	}
	if (strcmp(s, "-")) {
		for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
			if (num32(tok, &(*v)[(*n)++])) {
				free(copy);
				return -1;
			}
	}
	free(copy);
	return 0;
}

static void negotiate(char **w, size_t n, FILE *out)
{
	uint32_t *p = NULL, *c = NULL, version = 0;
	size_t np, nc, size = 0;
	int rc;

	if (n != 2 || versions(w[0], &p, &np) || versions(w[1], &c, &nc)) {
		fprintf(out, "error bad request\n");
		goto out;
	}
	rc = ifa_negotiate(p, np, c, nc, &version, &size);
	if (IFA_ROLE_DEFECT == 3) {
		size_t i, j;

		for (i = 0; i < np; i++)
			for (j = 0; j < nc; j++)
				if (p[i] == c[j] && p[i] > version) {
					version = p[i];
					size = ifa_record_size(version);
					rc = 0;
				}
	}
	if (rc)
		fprintf(out, "%s\n", errno_name(-rc));
	else
		fprintf(out, "%" PRIu32 " %zu\n", version, size);
out:
	free(p);
	free(c);
}

/* --- queue consumer (section 6) --- */

static int format_record(const unsigned char *rec, size_t size, enum ifa_level level, FILE *out)
{
	struct ifa_fault f;
	char line[512];

	if (ifa_decode(rec, size, level, &f) < 0)
		return fprintf(out, "error truncated record\n"), -1;
	if (ifa_format_fault(&f, level, line, sizeof(line)))
		snprintf(line, sizeof(line), "error line too long");
	fprintf(out, "%s\n", line);
	return 0;
}

static void consume(char **w, size_t n, FILE *out)
{
	uint32_t size, cap, head, tail, lost, seen;
	enum ifa_level level;
	struct ifa_queue q;
	unsigned char *ring = NULL;
	const void *rec;
	size_t len;

	if (n != 8 || ifa_parse_level(w[0], &level) || num32(w[1], &size) || num32(w[2], &cap) ||
	    num32(w[3], &head) || num32(w[4], &tail) || num32(w[5], &lost) || num32(w[6], &seen) ||
	    unhex(w[7], &ring, &len) || size < sizeof(struct iommu_fault) || !cap ||
	    len / size != cap || len % size) {
		fprintf(out, "error bad request\n");
		free(ring);
		return;
	}
	if (ifa_queue_init(&q, ring, len, size)) {
		fprintf(out, "EINVAL\n");
		free(ring);
		return;
	}
	q.head = head;
	q.tail = tail;
	q.lost = lost;
	if (IFA_ROLE_DEFECT == 4) {
		/* Indices taken modulo N: a queue that has wrapped looks empty or half read. */
		if (head >= 2 * cap || tail >= 2 * cap || (head + 2 * cap - tail) % (2 * cap) > cap) {
			fprintf(out, "EINVAL\n");
			free(ring);
			return;
		}
		for (tail %= cap; tail != head % cap; tail = (tail + 1) % cap)
			format_record(ring + (size_t)tail * size, size, level, out);
		q.tail = tail;
	} else {
		while ((rec = ifa_queue_peek(&q))) {
			format_record(rec, size, level, out);
			ifa_queue_release(&q);
		}
	}
	if (q.broken) {
		/* The consumer stops and reports EINVAL (IFA-QUE-6): what it printed is void. */
		fprintf(out, "EINVAL\n");
		free(ring);
		return;
	}
	if (IFA_ROLE_DEFECT == 5)
		fprintf(out, "lost %" PRIu32 "\n", lost < seen ? 0 : lost - seen);
	else
		fprintf(out, "lost %" PRIu32 "\n", ifa_queue_lost_since(&q, &seen));
	fprintf(out, "tail %" PRIu32 "\n", q.tail);
	free(ring);
}

/* --- response writers (IFA section 9; iommufd section 7) --- */

static int parse_code(const char *s, uint32_t *code)
{
	if (!strcmp(s, "success"))
		*code = 0;
	else if (!strcmp(s, "invalid"))
		*code = 1;
	else
		return -1;
	return 0;
}

/* A group whose LAST_PAGE request userspace has not read yet (IFA-GRP-1 identity). */
struct partial {
	uint32_t grpid, pasid, must;
	int has_pasid;
};

static struct partial *partial_of(struct partial **g, size_t *n, size_t *cap,
				  const struct ifa_fault *f)
{
	int has_pasid = !!(f->has & IFA_HAS_PASID);
	size_t i;

	for (i = 0; i < *n; i++)
		if ((*g)[i].grpid == f->grpid && (*g)[i].has_pasid == has_pasid &&
		    (!has_pasid || (*g)[i].pasid == f->pasid))
			return &(*g)[i];
	if (*n == *cap) {
		size_t want = *cap ? *cap * 2 : 8;
		struct partial *p = realloc(*g, want * sizeof(*p));

		if (!p)
			return NULL;
		*g = p;
		*cap = want;
	}
	(*g)[*n] = (struct partial){ f->grpid, has_pasid ? f->pasid : 0, 0, has_pasid };
	return &(*g)[(*n)++];
}

/*
 * One response per group, at its LAST_PAGE request, INVALID when any request
 * of the group set a must-understand bit (IFA-GROW-16). A `lost+N` between
 * the records discards the groups still partial, all but whether they had a
 * must-understand bit, which is all this writer keeps of them (IFA-GRP-9).
 */
static void respond(char **w, size_t n, FILE *out)
{
	struct partial *open = NULL;
	size_t nopen = 0, cap = 0, i;
	enum ifa_level level;
	uint32_t size, code;

	if (n < 4 || ifa_parse_level(w[0], &level) || num32(w[1], &size) ||
	    size < sizeof(struct iommu_fault) || parse_code(w[2], &code)) {
		fprintf(out, "error bad request\n");
		return;
	}
	for (i = 3; i < n; i++) {
		unsigned char *b = NULL;
		size_t len, off;

		if (!strncmp(w[i], "lost+", 5)) {
			if (IFA_ROLE_DEFECT == 20)
				nopen = 0;	/* the must-understand bits forgotten too */
			continue;
		}
		if (unhex(w[i], &b, &len)) {
			fprintf(out, "error bad request\n");
			free(b);
			break;
		}
		for (off = 0; off + size <= len; off += size) {
			unsigned char rsp[IOMMU_FAULT_RESPONSE_V1_SIZE];
			struct ifa_response r = { 0 };
			struct partial *g;
			struct ifa_fault f;
			int due;

			if (ifa_decode(b + off, size, level, &f) != IFA_DECODED)
				continue;
			g = f.type == IOMMU_FAULT_PAGE_REQ ? partial_of(&open, &nopen, &cap, &f) : NULL;
			if (g)
				g->must |= f.must;
			due = ifa_group_answer(&f, code, &r);
			if (IFA_ROLE_DEFECT == 8 && !due && f.type == IOMMU_FAULT_PAGE_REQ) {
				r.grpid = f.grpid;
				r.code = code;
				due = 1;
			}
			if (!due)
				continue;
			if (g && g->must)
				r.code = IOMMU_PAGE_RESP_INVALID;
			if (g && f.last_page)
				*g = open[--nopen];	/* answered: the group is gone */
			if (IFA_ROLE_DEFECT == 6 && (f.has & IFA_HAS_PASID)) {
				r.has_pasid = 1;
				r.pasid = f.pasid;
			}
			if (IFA_ROLE_DEFECT == 7)
				r.code = code;
			ifa_response_encode(rsp, sizeof(rsp), &r);
			if (IFA_ROLE_DEFECT == 21 && !(f.has & IFA_HAS_PASID))	/* copied, gate clear */
				memcpy(rsp + offsetof(struct iommu_fault_response, pasid),
				       b + off + offsetof(struct iommu_fault, prm) +
				       offsetof(struct iommu_fault_page_request, pasid), 4);
			fprintf(out, "response ");
			hexout(out, rsp, sizeof(rsp));
			fputc('\n', out);
		}
		free(b);
	}
	free(open);
}

/* --- iommufd records (section 6) --- */

static const uint32_t known_perm = IOMMU_PGFAULT_PERM_READ | IOMMU_PGFAULT_PERM_WRITE |
				   IOMMU_PGFAULT_PERM_EXEC | IOMMU_PGFAULT_PERM_PRIV;

/* One record as its line (IOFD-FD-8: unknown bits ignored, pasid only when valid). */
static void pgfault_line(const unsigned char *r, FILE *out)
{
	uint32_t flags = get32(r, offsetof(struct iommu_hwpt_pgfault, flags));
	uint32_t perm = get32(r, offsetof(struct iommu_hwpt_pgfault, perm));
	int has_pasid = !!(flags & IOMMU_PGFAULT_FLAGS_PASID_VALID);

	if (IFA_ROLE_DEFECT == 9 && get32(r, offsetof(struct iommu_hwpt_pgfault, pasid)))
		has_pasid = 1;	/* "a pasid of 0 is none" */
	if (IFA_ROLE_DEFECT == 10 && get32(r, offsetof(struct iommu_hwpt_pgfault, __reserved))) {
		fprintf(out, "error reserved bytes set\n");
		return;
	}
	fprintf(out, "pgfault dev=%" PRIu32 " grpid=%" PRIu32 " perm=0x%" PRIx32 " addr=0x%" PRIx64
		" length=%" PRIu32 " cookie=%" PRIu32 " last=%d pasid=",
		get32(r, offsetof(struct iommu_hwpt_pgfault, dev_id)),
		get32(r, offsetof(struct iommu_hwpt_pgfault, grpid)), perm & known_perm,
		get64(r, offsetof(struct iommu_hwpt_pgfault, addr)),
		get32(r, offsetof(struct iommu_hwpt_pgfault, length)),
		get32(r, offsetof(struct iommu_hwpt_pgfault, cookie)),
		!!(flags & IOMMU_PGFAULT_FLAGS_LAST_PAGE));
	if (has_pasid)
		fprintf(out, "%" PRIu32 "\n", get32(r, offsetof(struct iommu_hwpt_pgfault, pasid)));
	else
		fprintf(out, "-\n");
}

static void pgfault_lines(const unsigned char *b, size_t len, FILE *out)
{
	size_t off;

	for (off = 0; off + PGFAULT_SIZE <= len; off += PGFAULT_SIZE)
		pgfault_line(b + off, out);
	if (off != len)
		fprintf(out, "error truncated record\n");
}

static void iofd_decode(char **w, size_t n, FILE *out)
{
	unsigned char *b = NULL;
	size_t len;

	if (n != 1 || unhex(w[0], &b, &len))
		fprintf(out, "error bad request\n");
	else
		pgfault_lines(b, len, out);
	free(b);
}

/* The fault descriptor: the read() size for groups of max records, then the results. */
static void iofd_read(char **w, size_t n, FILE *out)
{
	uint32_t max;
	size_t i, size;

	if (n < 1 || num32(w[0], &max) || !max || max > UINT32_MAX / PGFAULT_SIZE) {
		fprintf(out, "error bad request\n");
		return;
	}
	size = IFA_ROLE_DEFECT == 11 ? PGFAULT_SIZE : max * PGFAULT_SIZE;
	fprintf(out, "size %zu\n", size);
	for (i = 1; i < n; i++) {
		unsigned char *b;
		size_t len;

		/* EINVAL: the first group is larger than the count (IOFD-FD-7): read again, larger. */
		if (!strcmp(w[i], "EINVAL")) {
			if (IFA_ROLE_DEFECT == 19)
				break;
			size *= 2;
			fprintf(out, "size %zu\n", size);
			continue;
		}
		if (unhex(w[i], &b, &len)) {
			fprintf(out, "error bad request\n");
			free(b);
			return;
		}
		/* 0 is "nothing delivered" (IOFD-FD-7): the next read may deliver. */
		if (!len && IFA_ROLE_DEFECT == 12) {
			free(b);
			break;
		}
		pgfault_lines(b, len, out);
		free(b);
	}
}

static void iofd_respond(char **w, size_t n, FILE *out)
{
	unsigned char *b = NULL;
	uint32_t code;
	size_t len, off;

	if (n != 2 || parse_code(w[0], &code) || unhex(w[1], &b, &len) || len % PGFAULT_SIZE) {
		fprintf(out, "error bad request\n");
		free(b);
		return;
	}
	if (IFA_ROLE_DEFECT == 14 && code == IOMMUFD_PAGE_RESP_INVALID)
		code = 2;
	for (off = 0; off < len; off += PGFAULT_SIZE) {
		const unsigned char *r = b + off;
		struct iommu_hwpt_page_response rsp = { 0 };

		if (!(get32(r, offsetof(struct iommu_hwpt_pgfault, flags)) &
		      IOMMU_PGFAULT_FLAGS_LAST_PAGE) && IFA_ROLE_DEFECT != 13)
			continue;
		rsp.cookie = get32(r, offsetof(struct iommu_hwpt_pgfault, cookie));
		rsp.code = code;
		fprintf(out, "response ");
		hexout(out, &rsp, sizeof(rsp));
		fputc('\n', out);
	}
	free(b);
}

/* --- the vEVENTQ reader (section 8) --- */

/* A little-endian 64-bit value (IOFD-PORT-6), whatever the host's order. */
static uint64_t le64(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	if (IFA_ROLE_DEFECT == 17)
		return get64(p, 0);
	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* The payload size of a vEVENTQ type (IOFD-EVQ-5), 0 for a type this reader does not know. */
static size_t payload_size(uint32_t type)
{
	if (type == IOMMU_VEVENTQ_TYPE_ARM_SMMUV3)
		return sizeof(struct iommu_vevent_arm_smmuv3);
	if (type == IOMMU_VEVENTQ_TYPE_TEGRA241_CMDQV)
		return IFA_ROLE_DEFECT == 18 ? sizeof(struct iommu_vevent_arm_smmuv3) :
					       sizeof(struct iommu_vevent_tegra241_cmdqv);
	return 0;
}

static void vevent(char **w, size_t n, FILE *out)
{
	const size_t hdr = sizeof(struct iommufd_vevent_header);
	uint32_t type, prev;
	size_t i, payload;

	if (n < 2 || num32(w[0], &type) || num32(w[1], &prev)) {
		fprintf(out, "error bad request\n");
		return;
	}
	payload = payload_size(type);
	if (!payload) {
		fprintf(out, "error unknown queue type %" PRIu32 "\n", type);
		return;
	}
	for (i = 2; i < n; i++) {
		unsigned char *b;
		size_t len, off = 0, word;

		if (unhex(w[i], &b, &len)) {
			fprintf(out, "error bad request\n");
			free(b);
			return;
		}
		while (off + hdr <= len) {
			uint32_t flags = get32(b + off, offsetof(struct iommufd_vevent_header, flags));
			uint32_t seq = get32(b + off, offsetof(struct iommufd_vevent_header, sequence));
			uint32_t lost = IFA_ROLE_DEFECT == 15 ? seq - prev - 1 :
					(seq - prev - 1) & 0x7fffffffu;
			size_t size = payload;

			prev = seq;
			if (IFA_ROLE_DEFECT == 16)
				size = len - off - hdr;
			if (flags & IOMMU_VEVENTQ_FLAG_LOST_EVENTS) {
				fprintf(out, "lost-events seq=%" PRIu32 " lost=%" PRIu32 "\n", seq, lost);
				off += hdr;
				continue;
			}
			if (off + hdr + size > len || size < payload)
				break;	/* a header with no room for its payload is no event */
			fprintf(out, "event seq=%" PRIu32 " lost=%" PRIu32 " type=%" PRIu32 " evt=", seq,
				lost, type);
			for (word = 0; word < payload / 8; word++)
				fprintf(out, "%s0x%" PRIx64, word ? "," : "", le64(b + off + hdr + 8 * word));
			fputc('\n', out);
			off += hdr + size;
		}
		free(b);
	}
}

struct role {
	const char *verb;
	void (*run)(char **w, size_t n, FILE *out);
};

static const struct role roles[] = {
	{ "validate-response", validate_response },
	{ "negotiate", negotiate },
	{ "consume", consume },
	{ "respond", respond },
	{ "iofd-decode", iofd_decode },
	{ "iofd-read", iofd_read },
	{ "iofd-respond", iofd_respond },
	{ "vevent", vevent },
};

/* One request line (NUL-terminated, without its newline), answered on out. */
static void request(char *line, FILE *out)
{
	char **w = calloc(strlen(line) / 2 + 2, sizeof(char *)), *tok, *save = NULL;
	size_t n = 0, i;

	if (!w) {
		fprintf(out, "error out of memory\nend\n");
		return;
	}
	for (tok = strtok_r(line, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save))
		w[n++] = tok;
	for (i = 0; n && i < sizeof(roles) / sizeof(roles[0]); i++) {
		if (strcmp(w[0], roles[i].verb))
			continue;
		roles[i].run(w + 1, n - 1, out);
		break;
	}
	if (n && i == sizeof(roles) / sizeof(roles[0]))
		fprintf(out, "unsupported\n");
	if (n)
		fprintf(out, "end\n");
	fflush(out);
	free(w);
}

int main(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	while ((len = getline(&line, &cap, stdin)) > 0) {
		/* The record reader is the reference decoder's, which takes the line whole. */
		if (!strncmp(line, "decode ", 7)) {
			ifa_decoder_line(line, stdout);
			fflush(stdout);
			continue;
		}
		if (line[len - 1] == '\n')
			line[--len] = '\0';
		request(line, stdout);
	}
	free(line);
	return 0;
}
