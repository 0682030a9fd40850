/* SPDX-License-Identifier: GPL-2.0 */
#define _GNU_SOURCE
#include "roles_check.h"
#include "fixture_gen.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum role_id {
	R_RECORDS, R_VALIDATOR, R_NEGOTIATION, R_QUEUE, R_WRITER,
	R_IOFD_RECORDS, R_IOFD_READER, R_IOFD_WRITER, R_VEVENTS,
};

struct role_def {
	enum role_id id;
	const char *name;
	const char *file;
	const struct ifa_role_kind *kind;	/* NULL: records.txt, responses.txt, negotiation.txt */
	const char *response_struct;		/* response writers: what `response HEX` holds */
};

static const struct role_def roles[] = {
	{ R_RECORDS, "record-reader", "records.txt", NULL, NULL },
	{ R_VALIDATOR, "response-validator", "responses.txt", NULL, NULL },
	{ R_NEGOTIATION, "negotiation", "negotiation.txt", NULL, NULL },
	{ R_QUEUE, "queue-consumer", "queue-images.txt", &ifa_rk_queues, NULL },
	{ R_WRITER, "response-writer", "group-responses.txt", &ifa_rk_group_records,
	  "iommu_fault_response" },
	{ R_IOFD_RECORDS, "iommufd-record-reader", "iommufd-records.txt", &ifa_rk_iofd_records,
	  NULL },
	{ R_IOFD_READER, "iommufd-fd-reader", "iommufd-reader.txt", &ifa_rk_iofd_reads, NULL },
	{ R_IOFD_WRITER, "iommufd-response-writer", "iommufd-responses.txt", &ifa_rk_iofd_groups,
	  "iommu_hwpt_page_response" },
	{ R_VEVENTS, "vevent-reader", "iommufd-vevents.txt", &ifa_rk_vevents, NULL },
};

#define NROLES (sizeof(roles) / sizeof(roles[0]))

struct tally {
	size_t passed, failed, skipped, n;
	int decoder;	/* check-decoder's report: FAIL lines, one role, no `unsupported` */
};

static void hex(struct ifa_str *b, const unsigned char *p, size_t n)
{
	size_t i;

	if (!n)
		ifa_str_add(b, "-");
	for (i = 0; i < n; i++)
		ifa_str_add(b, "%02x", p[i]);
}

/* 1 if the generated binary at dir/generated/<sub>/name.bin holds exactly these bytes. */
static int current(const char *gen, const char *name, const unsigned char *b, size_t n)
{
	char *path;
	int same;

	if (asprintf(&path, "%s/%s.bin", gen, name) < 0)
		return 0;
	same = ifa_fx_same_file(path, b, n);
	free(path);
	return same;
}

static int stale(char *err, size_t errsz, const char *gen, const char *name)
{
	return ifa_fmt(err, errsz, "%s/%s.bin: missing or stale (run make regen)", gen, name), -1;
}

static int need(const struct ifa_fx_file *f, const struct ifa_fx_section *s, const char *key,
		const char **v, char *err, size_t errsz)
{
	*v = ifa_fx_get(s, key);
	if (!*v || !**v)
		return ifa_fmt(err, errsz, "%s:%d: [%s] needs `%s`", f->path, s->line, s->name,
			       key), -1;
	return 0;
}

/* The request line of fixture s, into req (no newline). */
static int request(const struct role_def *r, const char *dir, const struct ifa_fx_file *f,
		   const struct ifa_fx_section *s, const struct ifa_role_specs *sp,
		   enum ifa_byte_order order, struct ifa_str *req, char *err, size_t errsz)
{
	static unsigned char bytes[IFA_FX_MAX_BYTES];
	struct ifa_role_bytes rb = { 0 };
	const char *a, *b, *c, *d, *e, *g;
	char gen[PATH_MAX + 64];
	long n;
	size_t i, at;
	int rc = -1;

	if (!ifa_fx_get(s, "rule"))
		return ifa_fmt(err, errsz, "%s:%d: [%s] needs a rule line", f->path, s->line,
			       s->name), -1;
	switch (r->id) {
	case R_RECORDS:
	case R_VALIDATOR: {
		const struct ifa_fx_kind *k = r->id == R_RECORDS ? &ifa_fx_records : &ifa_fx_responses;

		n = ifa_fx_section_bytes(k, f, s, sp->ifa, order, bytes, sizeof(bytes), err, errsz);
		if (n < 0)
			return -1;
		if (ifa_fx_generated_dir(dir, k, order, gen, sizeof(gen)))
			return ifa_fmt(err, errsz, "%s: path too long", dir), -1;
		if (!current(gen, s->name, bytes, (size_t)n))
			return stale(err, errsz, gen, s->name);
		if (r->id == R_RECORDS)
			ifa_str_add(req, "decode %s %s ", ifa_fx_get(s, "level"), ifa_fx_get(s, "size"));
		else
			ifa_str_add(req, "validate-response ");
		hex(req, bytes, (size_t)n);
		return 0;
	}
	case R_NEGOTIATION:
		if (need(f, s, "producer", &a, err, errsz) || need(f, s, "consumer", &b, err, errsz))
			return -1;
		ifa_str_add(req, "negotiate ");
		for (i = 0; a[i]; i++)
			ifa_str_add(req, "%c", a[i] == ' ' ? ',' : a[i]);
		ifa_str_add(req, " ");
		for (i = 0; b[i]; i++)
			ifa_str_add(req, "%c", b[i] == ' ' ? ',' : b[i]);
		return 0;
	default:
		break;
	}
	if (ifa_role_bytes(r->kind, f, s, sp, order, &rb, err, errsz))
		return -1;
	if (ifa_role_generated_dir(dir, r->kind, order, gen, sizeof(gen))) {
		ifa_fmt(err, errsz, "%s: path too long", dir);
		goto out;
	}
	if (!current(gen, s->name, rb.b, rb.n)) {
		stale(err, errsz, gen, s->name);
		goto out;
	}
	switch (r->id) {
	case R_QUEUE:
		if (need(f, s, "level", &a, err, errsz) || need(f, s, "size", &b, err, errsz) ||
		    need(f, s, "capacity", &c, err, errsz) || need(f, s, "head", &d, err, errsz) ||
		    need(f, s, "tail", &e, err, errsz) || need(f, s, "lost", &g, err, errsz))
			goto out;
		ifa_str_add(req, "consume %s %s %s %s %s %s %s ", a, b, c, d, e, g,
			    ifa_fx_get(s, "seen") ? ifa_fx_get(s, "seen") : "0");
		hex(req, rb.b, rb.n);
		break;
	case R_WRITER: {
		/* `lost-before N` in a record: userspace saw lost advance by N before it. */
		unsigned long long stride = 0;
		size_t unit = 0, cut;

		if (need(f, s, "level", &a, err, errsz) || need(f, s, "size", &b, err, errsz) ||
		    need(f, s, "code", &c, err, errsz) || ifa_parse_value(b, &stride) || !stride)
			goto out;
		ifa_str_add(req, "respond %s %s %s", a, b, c);
		for (i = 0, at = 0; i < s->nkv; i++) {
			if (!strcmp(s->kv[i].key, "record"))
				unit++;
			if (strcmp(s->kv[i].key, "lost-before"))
				continue;
			cut = unit * (size_t)stride;
			if (cut > rb.n || cut < at) {
				ifa_fmt(err, errsz, "%s:%d: [%s]: lost-before lies past the records",
					f->path, s->kv[i].line, s->name);
				goto out;
			}
			if (cut > at) {
				ifa_str_add(req, " ");
				hex(req, rb.b + at, cut - at);
			}
			ifa_str_add(req, " lost+%s", s->kv[i].value);
			at = cut;
		}
		ifa_str_add(req, " ");
		hex(req, rb.b + at, rb.n - at);
		break;
	}
	case R_IOFD_RECORDS:
		ifa_str_add(req, "iofd-decode ");
		hex(req, rb.b, rb.n);
		break;
	case R_IOFD_WRITER:
		if (need(f, s, "code", &c, err, errsz))
			goto out;
		ifa_str_add(req, "iofd-respond %s ", c);
		hex(req, rb.b, rb.n);
		break;
	case R_IOFD_READER:
	case R_VEVENTS:
		if (r->id == R_IOFD_READER) {
			if (need(f, s, "max-group", &a, err, errsz))
				goto out;
			ifa_str_add(req, "iofd-read %s", a);
		} else {
			if (need(f, s, "type", &a, err, errsz) ||
			    need(f, s, "last-seq", &b, err, errsz))
				goto out;
			ifa_str_add(req, "vevent %s %s", a, b);
		}
		for (i = 0, at = 0; i < rb.nchunk; i++) {
			ifa_str_add(req, " ");
			if (rb.chunk[i] == IFA_READ_EINVAL) {
				ifa_str_add(req, "EINVAL");
				continue;
			}
			hex(req, rb.b + at, rb.chunk[i]);
			at += rb.chunk[i];
		}
		break;
	default:
		break;
	}
	rc = 0;
out:
	ifa_role_bytes_free(&rb);
	return rc;
}

/*
 * The most an implementation may write for a role: far more than any right
 * answer, and a bound on what a runaway one leaves on the disk (SIGXFSZ).
 */
static rlim_t output_limit(const char *in)
{
	struct stat st;

	return ((rlim_t)64 << 20) + (stat(in, &st) ? 0 : (rlim_t)st.st_size * 16);
}

/* Runs sh -c impl with stdin and stdout redirected; kills it after timeout_s. */
static int run(const char *impl, const char *in, const char *out, int timeout_s)
{
	struct rlimit fsize = { output_limit(in), output_limit(in) };
	const char *argv[] = { "/bin/sh", "-c", impl, NULL };
	struct timespec nap = { 0, 10 * 1000 * 1000 };
	pid_t pid;
	int status;
	long waited = 0;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (!freopen(in, "r", stdin) || !freopen(out, "w", stdout))
			_exit(127);
		setpgid(0, 0);
		prctl(PR_SET_PDEATHSIG, SIGKILL);	/* the harness killed: so is the shell */
		signal(SIGPIPE, SIG_DFL);
		signal(SIGXFSZ, SIG_DFL);
		setrlimit(RLIMIT_FSIZE, &fsize);
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	while (waitpid(pid, &status, WNOHANG) == 0) {
		if (waited++ > (long)timeout_s * 100) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return -2;
		}
		nanosleep(&nap, NULL);
	}
	/* Whatever it left behind in its own process group goes too. */
	kill(-pid, SIGKILL);
	if (WIFSIGNALED(status))
		return 1000 + WTERMSIG(status);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* The printable form of an answer line, for a message: at most 160 characters shown. */
static void shown(struct ifa_str *b, const char *s)
{
	size_t i;

	for (i = 0; s[i] && i < 160; i++)
		ifa_str_add(b, "%c", s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?');
	if (s[i])
		ifa_str_add(b, "... (%zu characters)", strlen(s));
}

/* `response HEX` as the fields of struct name, in the harness's byte order. */
static void describe_response(const struct ifa_spec *spec, const char *name, const char *line,
			      enum ifa_byte_order order, struct ifa_str *b)
{
	const struct ifa_spec_struct *st = ifa_spec_find_struct(spec, name);
	const char *h = line + 9;
	size_t len = strlen(h), n = len / 2, i;
	unsigned char *p;
	int nonzero = 0;

	if (!st || len % 2 || strspn(h, "0123456789abcdef") != len || !len) {
		ifa_str_add(b, "%s", line);
		return;
	}
	p = malloc(n);
	if (!p) {
		ifa_str_add(b, "%s", line);
		return;
	}
	for (i = 0; i < n; i++) {
		unsigned v;

		sscanf(h + 2 * i, "%2x", &v);
		p[i] = (unsigned char)v;
	}
	if (n < (size_t)st->size) {
		ifa_str_add(b, "response of %zu bytes, shorter than struct %s", n, name);
		free(p);
		return;
	}
	ifa_str_add(b, "response");
	for (i = 0; i < st->nfields; i++) {
		const struct ifa_spec_field *fd = &st->fields[i];
		unsigned long long v = 0;
		long k;

		if (fd->size > 8)
			continue;
		for (k = 0; k < fd->size; k++) {
			long at = order == IFA_LITTLE_ENDIAN ? fd->size - 1 - k : k;

			v = v << 8 | p[fd->offset + at];
		}
		if (!strcmp(fd->name, "flags"))
			ifa_str_add(b, " %s=0x%llx", fd->name, v);
		else
			ifa_str_add(b, " %s=%llu", fd->name, v);
	}
	for (i = (size_t)st->size; i < n; i++)
		nonzero |= p[i] != 0;
	if (n != (size_t)st->size)
		ifa_str_add(b, " bytes=%zu", n);
	if (nonzero)
		ifa_str_add(b, " nonzero-past-%ld", st->size);
	free(p);
}

/* An answer line as the fixtures write it. */
static void canonical(const struct role_def *r, const struct ifa_role_specs *sp,
		      const struct ifa_fx_section *s, const char *line, enum ifa_byte_order order,
		      unsigned long long *size_seen, struct ifa_str *b)
{
	if (r->response_struct && !strncmp(line, "response ", 9)) {
		describe_response(r->id == R_WRITER ? sp->ifa : sp->iofd, r->response_struct, line,
				  order, b);
	} else if (r->id == R_IOFD_READER && !strncmp(line, "size ", 5)) {
		/* IOFD-FD-6: a multiple of the record, room for the largest group. */
		const char *rec = ifa_fx_get(s, "max-group");
		unsigned long long size, max = 0;
		char *end;

		errno = 0;
		size = strtoull(line + 5, &end, 10);
		ifa_parse_value(rec ? rec : "1", &max);
		if (*end || errno || end == line + 5)
			ifa_str_add(b, "%s", line);
		else if (!size || size % 40)
			ifa_str_add(b, "size %llu is not a multiple of 40", size);
		else if (*size_seen && size <= *size_seen)	/* after EINVAL (IOFD-FD-7) */
			ifa_str_add(b, "size %llu does not grow past %llu", size, *size_seen);
		else if (*size_seen)
			ifa_str_add(b, "size-grown");
		else if (size / 40 < max)
			ifa_str_add(b, "size %llu has no room for a group of %llu records", size, max);
		else
			ifa_str_add(b, "size-ok");
		if (!*end && !errno && end != line + 5)
			*size_seen = size;
	} else {
		ifa_str_add(b, "%s", line);
	}
}

/* What the fixture expects on line k: response validators answer 0 as `accept`. */
static const char *expected(const struct role_def *r, const char *want)
{
	return r->id == R_VALIDATOR && !strcmp(want, "0") ? "accept" : want;
}

/* Cuts the next answer (lines up to `end`) off *cursor; -1 if the output ends first. */
static long next_answer(char **cursor, char ***lines, size_t *cap)
{
	long n = 0;

	while (*cursor && **cursor) {
		char *line = *cursor, *nl = strchr(line, '\n');

		*cursor = nl ? nl + 1 : line + strlen(line);
		if (nl)
			*nl = '\0';
		if (!strcmp(line, "end"))
			return n;
		if ((size_t)n == *cap) {
			size_t want = *cap ? *cap * 2 : 16;
			char **p = realloc(*lines, want * sizeof(char *));

			if (!p)
				return -1;
			*lines = p;
			*cap = want;
		}
		(*lines)[n++] = line;
	}
	return -1;
}

static void judge(const struct role_def *r, const struct ifa_role_specs *sp,
		  const struct ifa_fx_file *f, char *output, const char *fate,
		  enum ifa_byte_order order, struct tally *t)
{
	char *cursor = output, **got = NULL, *copy = strdup(output);
	size_t cap = 0, i;
	int played = 0;

	/* A role is played or not: once it answers one request, `unsupported` hides a failure. */
	for (i = 0, cursor = copy; copy && !t->decoder && i < f->n; i++) {
		long n = next_answer(&cursor, &got, &cap);

		played |= n >= 0 && !(n == 1 && !strcmp(got[0], "unsupported"));
	}
	free(copy);
	cursor = output;
	for (i = 0; i < f->n; i++) {
		const struct ifa_fx_section *s = &f->s[i];
		long n = next_answer(&cursor, &got, &cap), k = 0;
		struct ifa_str why = { 0 };
		unsigned long long size_seen = 0;
		size_t j;

		t->n++;
		if (t->decoder) {
			/* A decoder plays its one role: `unsupported` is a wrong answer like any. */
		} else if (n == 1 && !strcmp(got[0], "unsupported") && played) {
			printf("not ok %zu - %s %s (ROLE-EX-2): answered unsupported, though the "
			       "implementation plays this role (fixture of %s)\n", t->n, r->name,
			       s->name, ifa_fx_get(s, "rule"));
			t->failed++;
			continue;
		} else if (n == 1 && !strcmp(got[0], "unsupported")) {
			printf("skip %zu - %s %s (%s): unsupported\n", t->n, r->name, s->name,
			       ifa_fx_get(s, "rule"));
			t->skipped++;
			continue;
		}
		if (n < 0) {
			ifa_str_add(&why, "no answer: the output ended before its `end` line%s%s",
				    fate ? ", the implementation " : "", fate ? fate : "");
		} else {
			for (j = 0; j < s->nkv && !why.len; j++) {
				struct ifa_str c = { 0 };
				const char *want;

				if (strcmp(s->kv[j].key, "expect"))
					continue;
				want = expected(r, s->kv[j].value);
				if (k >= n) {
					ifa_str_add(&why, "line %ld: expected '%s', got nothing", k + 1,
						    want);
					break;
				}
				canonical(r, sp, s, got[k], order, &size_seen, &c);
				if (strcmp(ifa_str_get(&c), want)) {
					ifa_str_add(&why, "line %ld: expected '%s', got '", k + 1, want);
					shown(&why, ifa_str_get(&c));
					ifa_str_add(&why, "'");
				}
				ifa_str_free(&c);
				k++;
			}
			if (!why.len && n > k) {
				ifa_str_add(&why, "%ld lines where %ld were expected, line %ld: '", n,
					    k, k + 1);
				shown(&why, got[k]);
				ifa_str_add(&why, "'");
			}
		}
		if (why.len && t->decoder) {
			printf("FAIL %s (%s): %s\n", s->name, ifa_fx_get(s, "rule"), ifa_str_get(&why));
			t->failed++;
		} else if (why.len) {
			printf("not ok %zu - %s %s (%s): %s\n", t->n, r->name, s->name,
			       ifa_fx_get(s, "rule"), ifa_str_get(&why));
			t->failed++;
		} else {
			if (!t->decoder)
				printf("ok %zu - %s %s (%s)\n", t->n, r->name, s->name,
				       ifa_fx_get(s, "rule"));
			t->passed++;
		}
		ifa_str_free(&why);
	}
	free(got);
}

/* One role: its requests, one run of the implementation, its verdicts. */
/*
 * One role: with prepare, its requests into tmp/requests-N (every role's
 * are written, so checked against their fixtures, before any is run);
 * then one run of the implementation and its verdicts.
 */
static int check_role(const struct role_def *r, const char *dir, const struct ifa_role_specs *sp,
		      const char *impl, enum ifa_byte_order order, int timeout_s,
		      const char *tmp, int prepare, struct tally *all, char *err, size_t errsz)
{
	struct ifa_fx_file f = { 0 };
	struct tally t = { 0 };
	char src[PATH_MAX + 64], in[128], out[128], fate[128];
	const char *rerr;
	char *output;
	FILE *req;
	size_t i;
	int rc;

	if (ifa_fmt(src, sizeof(src), "%s/%s", dir, r->file))
		return ifa_fmt(err, errsz, "%s: path too long", dir), -1;
	if (ifa_fx_load(src, &f, err, errsz))
		return -1;
	ifa_fmt(in, sizeof(in), "%s/requests-%d", tmp, (int)r->id);
	ifa_fmt(out, sizeof(out), "%s/answers", tmp);
	if (!prepare)
		goto run;
	req = fopen(in, "w");
	if (!req) {
		ifa_fx_free(&f);
		return ifa_fmt(err, errsz, "%s: cannot write: %s", in, strerror(errno)), -1;
	}
	for (i = 0; i < f.n; i++) {
		struct ifa_str line = { 0 };

		if (request(r, dir, &f, &f.s[i], sp, order, &line, err, errsz) || line.oom) {
			if (line.oom)
				ifa_fmt(err, errsz, "%s: out of memory", src);
			ifa_str_free(&line);
			fclose(req);
			remove(in);
			ifa_fx_free(&f);
			return -1;
		}
		fprintf(req, "%s\n", ifa_str_get(&line));
		ifa_str_free(&line);
	}
	fclose(req);
	ifa_fx_free(&f);
	return 0;
run:
	rc = run(impl, in, out, timeout_s);
	fate[0] = '\0';
	/* The shell reports a command a signal killed as 128 + the signal. */
	if (rc > 128 && rc < 128 + 65)
		rc += 1000 - 128;
	if (rc == -2)
		ifa_fmt(fate, sizeof(fate), "was killed after %d s", timeout_s);
	else if (rc == -1)
		ifa_fmt(fate, sizeof(fate), "could not be started");
	else if (rc == 1000 + SIGXFSZ)
		ifa_fmt(fate, sizeof(fate), "wrote more than %llu bytes and was stopped",
			(unsigned long long)output_limit(in));
	else if (rc >= 1000)
		ifa_fmt(fate, sizeof(fate), "died of signal %d", rc - 1000);
	else if (rc)
		ifa_fmt(fate, sizeof(fate), "exited with status %d", rc);
	if (fate[0] && all->decoder && rc == -2)
		printf("the decoder did not finish within %d s and was killed\n", timeout_s);
	else if (fate[0] && all->decoder)
		printf("the decoder %s\n", fate);
	else if (fate[0])
		printf("# %s: the implementation %s\n", r->name, fate);
	output = ifa_read_file(out, NULL, &rerr);
	t.n = all->n;
	t.decoder = all->decoder;
	judge(r, sp, &f, output ? output : (char[]){ 0 }, fate[0] ? fate : NULL, order, &t);
	free(output);
	remove(in);
	remove(out);
	if (all->decoder)
		;
	else if (t.skipped == f.n)
		printf("# %s: skipped: the implementation does not play this role\n", r->name);
	else
		printf("# %s: %zu passed, %zu failed, %zu skipped\n", r->name, t.passed, t.failed,
		       t.skipped);
	all->n = t.n;
	all->passed += t.passed;
	all->failed += t.failed;
	all->skipped += t.skipped;
	ifa_fx_free(&f);
	return 0;
}

/*
 * Roles [first, last) of roles[]: every request written (so checked against
 * its fixtures) before any is run, in a work directory that a signal does
 * not leave behind. Returns 0, or 2 with err.
 */
static int run_roles(size_t first, size_t last, const char *dir, const struct ifa_role_specs *sp,
		     const char *impl, enum ifa_byte_order order, int timeout_s, struct tally *all,
		     char *err, size_t errsz)
{
	char tmpl[] = "/tmp/ifa-roles.XXXXXX";
	size_t i;
	int rc = 0;

	ifa_block_fatal_signals(1);
	if (!mkdtemp(tmpl)) {
		ifa_block_fatal_signals(0);
		return ifa_fmt(err, errsz, "cannot create a temporary directory"), 2;
	}
	ifa_cleanup_on_signal(tmpl);
	ifa_block_fatal_signals(0);
	for (i = first; i < last && !rc; i++)
		if (check_role(&roles[i], dir, sp, impl, order, timeout_s, tmpl, 1, all, err, errsz))
			rc = 2;
	for (i = first; i < last && !rc; i++)
		if (check_role(&roles[i], dir, sp, impl, order, timeout_s, tmpl, 0, all, err, errsz))
			rc = 2;
	for (i = first; i < last; i++) {
		char in[128];

		ifa_fmt(in, sizeof(in), "%s/requests-%d", tmpl, (int)roles[i].id);
		remove(in);
	}
	rmdir(tmpl);
	ifa_cleanup_on_signal(NULL);
	return rc;
}

int ifa_check_roles(const char *dir, const struct ifa_role_specs *sp, const char *impl,
		    enum ifa_byte_order order, int timeout_s, int decoder, char *err, size_t errsz)
{
	struct tally all = { .decoder = decoder };
	int rc = decoder ? run_roles(R_RECORDS, R_RECORDS + 1, dir, sp, impl, order, timeout_s,
				     &all, err, errsz) :
			   run_roles(0, NROLES, dir, sp, impl, order, timeout_s, &all, err, errsz);

	if (rc)
		return rc;
	if (decoder) {
		printf("check-decoder: %zu passed, %zu failed\n", all.passed, all.failed);
	} else {
		printf("1..%zu\n", all.n);
		printf("check-roles: %zu passed, %zu failed, %zu skipped\n", all.passed,
		       all.failed, all.skipped);
	}
	return all.failed ? 1 : 0;
}
