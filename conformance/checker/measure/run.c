/* SPDX-License-Identifier: GPL-2.0 */
#define _GNU_SOURCE
#include "run.h"
#include "clang_engine.h"
#include "gcc_engine.h"
#include "util.h"

#include <errno.h>
#include <ftw.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int select_abis(struct ifa_run *run, const char *list, char *err, size_t errsz)
{
	char buf[1024], *tok, *save;
	size_t i;

	run->r = calloc(ifa_nabis, sizeof(*run->r));
	if (!run->r)
		return ifa_fmt(err, errsz, "out of memory"), -1;
	if (!list) {
		for (i = 0; i < ifa_nabis; i++)
			run->r[run->n++].abi = &ifa_abis[i];
		return 0;
	}
	if (ifa_copy(buf, sizeof(buf), list, strlen(list)))
		return ifa_fmt(err, errsz, "--abi: list too long"), -1;
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		const struct ifa_abi *abi = ifa_abi_find(ifa_trim(tok));

		if (!abi)
			return ifa_fmt(err, errsz, "--abi: unknown ABI '%s' (see: iommu-fault-abi abis)", tok), -1;
		for (i = 0; i < run->n; i++)
			if (run->r[i].abi == abi)
				break;
		if (i == run->n)
			run->r[run->n++].abi = abi;
	}
	if (!run->n)
		return ifa_fmt(err, errsz, "--abi: no ABI named"), -1;
	return 0;
}

static int read_header(struct ifa_run *run, const char *header, char *err, size_t errsz)
{
	const char *rerr;
	struct stat st;
	size_t len, i;

	/* Checked before it is opened: a FIFO or a device would block or never end. */
	if (stat(header, &st))
		return ifa_fmt(err, errsz, "%s: cannot read header: %s", header, strerror(errno)), -1;
	if (S_ISDIR(st.st_mode))
		return ifa_fmt(err, errsz, "%s: cannot read header: it is a directory", header), -1;
	if (!S_ISREG(st.st_mode))
		return ifa_fmt(err, errsz, "%s: not a regular file (a FIFO, socket or device): "
			       "nothing to check", header), -1;
	if (st.st_size > IFA_MAX_HEADER_BYTES)
		return ifa_fmt(err, errsz, "%s: %lld bytes, more than the %d MiB a header may have",
			       header, (long long)st.st_size, IFA_MAX_HEADER_BYTES >> 20), -1;
	run->text = ifa_read_file(header, &len, &rerr);
	if (!run->text)
		return ifa_fmt(err, errsz, "%s: cannot read header: %s", header, rerr), -1;
	if (memchr(run->text, '\0', len))
		return ifa_fmt(err, errsz, "%s: not a C header: it contains NUL bytes", header), -1;
	for (i = 0; i < len && strchr(" \t\r\n", run->text[i]); i++)
		;
	if (i == len)
		return ifa_fmt(err, errsz, "%s: empty header: nothing to check", header), -1;
	if (!realpath(header, run->header))
		return ifa_fmt(err, errsz, "%s: cannot resolve path", header), -1;
	return 0;
}

/* Include path options for one compile: at most -nostdinc or -ffreestanding, -I DIR, -isystem DIR. */
struct ifa_include_path {
	const char *argv[6];
	int n;
	char uapi[PATH_MAX];
};

/* The ABI whose UAPI headers the host's own compiles use. */
static const struct ifa_abi *host_abi(void)
{
#if defined(__aarch64__)
	return ifa_abi_find("aarch64");
#elif defined(__powerpc64__) && defined(__LITTLE_ENDIAN__)
	return ifa_abi_find("ppc64le");
#elif defined(__s390x__)
	return ifa_abi_find("s390x");
#elif defined(__riscv) && __riscv_xlen == 64
	return ifa_abi_find("riscv64");
#else
	return ifa_abi_find("x86_64");
#endif
}

/*
 * The include path of one compile for abi (NULL: the host) at reach:
 * TYPES: -nostdinc and this project's copy of <linux/types.h>;
 * UAPI: -nostdinc and the ABI's own kernel UAPI headers, <linux/types.h> included;
 * LIBC: those UAPI headers and the compiler's freestanding C headers
 * (<stdint.h>, <stddef.h>), which need no C library for the target.
 * -1, with why, when the header needs kernel UAPI headers that this
 * machine has none of for the ABI.
 */
static int include_path(const struct ifa_run *run, const struct ifa_abi *abi,
			enum ifa_reach reach, struct ifa_include_path *p, char *why, size_t whysz)
{
	p->n = 0;
	if (reach == IFA_REACH_TYPES) {
		p->argv[p->n++] = "-nostdinc";
		p->argv[p->n++] = "-I";
		p->argv[p->n++] = run->kernel_types;
		return 0;
	}
	p->argv[p->n++] = reach == IFA_REACH_UAPI ? "-nostdinc" : "-ffreestanding";
	/*
	 * GCC's own <limits.h> looks for the C library's next unless told it
	 * was seen; a cross compiler with no C library then finds the host's.
	 */
	if (reach == IFA_REACH_LIBC)
		p->argv[p->n++] = "-D_LIBC_LIMITS_H_";
	if (!abi)
		abi = host_abi();
	if (ifa_abi_uapi_dir(abi, p->uapi, sizeof(p->uapi))) {
		if (abi->uapi_arch)
			ifa_fmt(why, whysz, "the header needs the kernel's UAPI headers for %s, "
				"not installed (apt-get install linux-libc-dev-%s-cross)",
				abi->name, abi->uapi_arch);
		else
			ifa_fmt(why, whysz, "the header needs the kernel's UAPI headers, "
				"and Debian has none for %s", abi->name);
		return -1;
	}
	/* After the compiler's own headers, so that its <limits.h> and <stdint.h> come first. */
	p->argv[p->n++] = reach == IFA_REACH_UAPI ? "-isystem" : "-idirafter";
	p->argv[p->n++] = p->uapi;
	return 0;
}

/*
 * Host parse, with the narrowest include path that works: the kernel's
 * types alone, then its UAPI headers, then libc. The reach found decides
 * IFA-HDR-2 and the path of every other compile; a header that fails all
 * three is broken, and the last compiler message says why.
 */
/* The work directory of the run, under $TMPDIR or /tmp, of any length. */
static int make_workdir(struct ifa_run *run, char *err, size_t errsz)
{
	const char *tmp = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";

	if (ifa_fmt(run->workdir, sizeof(run->workdir), "%s/iommu-fault-abi.XXXXXX", tmp))
		return ifa_fmt(err, errsz, "%s: TMPDIR is longer than a path can be", tmp), -1;
	/* A signal between creating it and registering it would leave it behind. */
	ifa_block_fatal_signals(1);
	if (!mkdtemp(run->workdir)) {
		ifa_block_fatal_signals(0);
		ifa_fmt(err, errsz, "%s: cannot create the work directory there: %s", tmp,
			strerror(errno));
		*run->workdir = '\0';
		return -1;
	}
	ifa_cleanup_on_signal(run->workdir);
	ifa_block_fatal_signals(0);
	return 0;
}

/*
 * The host's GCC compiles the header first, in a child under the time and
 * memory limits: a header that includes a FIFO or expands a macro bomb
 * stops there, with GCC's message. Without a host GCC, libclang meets it
 * first, in a child under the same limits (clang_engine.c). Returns 0
 * when it compiles, 1 when it does not (its message in err), -1 when GCC
 * could not be run or timed out (the message in err).
 */
static int preflight(const struct ifa_run *run, const struct ifa_include_path *p,
		     char *err, size_t errsz)
{
	const char *argv[24];
	char *errpath;
	int argc = 0, i, rc;

	if (asprintf(&errpath, "%s/preflight.err", run->workdir) < 0)
		return ifa_fmt(err, errsz, "out of memory"), -1;
	argv[argc++] = "gcc";
	for (i = 0; i < p->n; i++)
		argv[argc++] = p->argv[i];
	argv[argc++] = "-fsyntax-only";
	argv[argc++] = "-fno-diagnostics-show-caret";
	argv[argc++] = "-x";
	argv[argc++] = "c";
	argv[argc++] = "-std=gnu11";
	argv[argc++] = "-w";
	argv[argc++] = run->header;
	argv[argc] = NULL;
	rc = ifa_wait(ifa_spawn(argv, NULL, errpath));
	if (rc == IFA_TIMED_OUT)
		ifa_fmt(err, errsz, "%s: the host compiler did not finish within the time limit "
			"(--timeout): does it include a FIFO or a device?", run->header);
	else if (rc == 128)
		ifa_fmt(err, errsz, "%s: the host compiler died on it, past its memory limit "
			"(--memory)?", run->header);
	else if (rc != 0 && rc != 127) {
		const char *rerr;
		char *text = ifa_read_file(errpath, NULL, &rerr);

		ifa_fmt(err, errsz, "%s", text ? text : "does not compile");
		free(text);
	}
	free(errpath);
	/* No host gcc (127): libclang alone decides, as it would without this guard. */
	return rc == 0 || rc == 127 ? 0 : rc == IFA_TIMED_OUT || rc == 128 ? -1 : 1;
}

/*
 * Host parse, with the narrowest include path that works: the kernel's
 * types alone, then its UAPI headers, then the compiler's freestanding
 * headers. The reach found decides the path of every other compile; a
 * header that fails all three is broken, and the last compiler message
 * says why.
 */
static int parse_host(struct ifa_run *run, int guard, char *err, size_t errsz)
{
	static const enum ifa_reach tiers[] = { IFA_REACH_TYPES, IFA_REACH_UAPI, IFA_REACH_LIBC };
	size_t i;

	run->decls = calloc(1, sizeof(*run->decls));
	if (!run->decls)
		return ifa_fmt(err, errsz, "out of memory"), -1;
	for (i = 0; i < sizeof(tiers) / sizeof(tiers[0]); i++) {
		struct ifa_include_path p;
		char why[256];
		int rc;

		if (include_path(run, NULL, tiers[i], &p, why, sizeof(why)))
			continue;
		run->reach = tiers[i];
		rc = guard ? preflight(run, &p, err, errsz) : 0;
		if (rc < 0)
			return -1;
		if (rc == 0) {
			rc = ifa_clang_measure(run->header, NULL, p.argv, p.n, run->decls, err, errsz);
			if (rc == 0)
				return 0;
			if (rc == IFA_CLANG_LIMIT)	/* crashed or past a limit: no other path helps */
				return -1;
		}
	}
	return -1;
}

/* The first line of text that contains word, or the first line; in a static buffer. */
static const char *first_line_with(const char *text, const char *word)
{
	static char line[256];
	const char *p = strstr(text, word), *start, *end;

	if (!p)
		p = text;
	for (start = p; start > text && start[-1] != '\n'; start--)
		;
	end = strchr(start, '\n');
	ifa_copy(line, sizeof(line), start, end ? (size_t)(end - start) : strlen(start));
	return line;
}

/*
 * Returns -1, with the message in lerr, when libclang crashed or ran past a
 * limit on the header: an input error, not an ABI skipped.
 */
static int measure_clang(const struct ifa_run *run, struct ifa_abi_result *r,
			 const struct ifa_include_path *p, char *lerr, size_t lerrsz)
{
	const char *args[16];
	char flagbuf[128], err[8192];
	int n, rc;

	if (!r->abi->clang_triple)
		return 0;
	for (n = 0; n < p->n; n++)
		args[n] = p->argv[n];
	n += ifa_split_flags(r->abi->clang_flags, flagbuf, sizeof(flagbuf), args + n, 8);
	r->clang = calloc(1, sizeof(*r->clang));
	if (r->clang && (rc = ifa_clang_measure(run->header, r->abi->clang_triple, args, n,
						r->clang, err, sizeof(err)))) {
		ifa_measure_free(r->clang);
		free(r->clang);
		r->clang = NULL;
		if (rc == IFA_CLANG_LIMIT)
			return ifa_fmt(lerr, lerrsz, "%s", err), -1;
		ifa_fmt(r->reason, sizeof(r->reason), "clang: %s", first_line_with(err, "error:"));
	}
	return 0;
}

static double now_seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Starts a compile, noting when: an ABI's time runs from its compile to its last reading. */
static int start_gcc(const struct ifa_run *run, struct ifa_gcc_job *job,
		     const struct ifa_include_path *p, double *began)
{
	*began = now_seconds();
	return ifa_gcc_start(job, run->workdir, run->header, p->argv, p->n);
}

int ifa_run_parse(struct ifa_run *run, const char *header, const struct ifa_run_options *opt,
		  char *err, size_t errsz)
{
	memset(run, 0, sizeof(*run));
	run->started = now_seconds();
	run->keep_temp = opt->keep_temp;
	if (select_abis(run, opt->abi_list, err, errsz))
		return IFA_EXIT_INPUT;
	if (read_header(run, header, err, errsz))
		return IFA_EXIT_INPUT;
	ifa_fmt(run->kernel_types, sizeof(run->kernel_types), "%s/conformance/kernel-types",
		opt->datadir);
	if (access(run->kernel_types, R_OK))
		return ifa_fmt(err, errsz, "%s: kernel types not found (set IFA_DATADIR)",
			       run->kernel_types), IFA_EXIT_ENV;
	if (make_workdir(run, err, errsz))
		return IFA_EXIT_ENV;
	if (parse_host(run, 1, err, errsz))
		return IFA_EXIT_INPUT;
	return IFA_EXIT_PASS;
}

int ifa_run_measure(struct ifa_run *run, const struct ifa_run_options *opt, char *err,
		    size_t errsz)
{
	const char *header = run->header;
	struct ifa_gcc_job *jobs;
	struct ifa_include_path *paths, host;
	char hostwhy[256];
	pid_t *pahole;
	char *want;		/* GCC measures this ABI */
	double *began;		/* when its first engine started */
	int use_pahole, rc = IFA_EXIT_PASS;
	size_t i, next, window, running = 0;

	if (ifa_gcc_write_probe(run->workdir, run->header, run->decls, err, errsz))
		return IFA_EXIT_ENV;

	/* Compilers run in the background while libclang measures in process. */
	jobs = calloc(run->n, sizeof(*jobs));
	paths = calloc(run->n, sizeof(*paths));
	pahole = calloc(run->n, sizeof(*pahole));
	want = calloc(run->n, sizeof(*want));
	began = calloc(run->n, sizeof(*began));
	run->abi_seconds = calloc(run->n, sizeof(*run->abi_seconds));
	if (!jobs || !paths || !pahole || !want || !began || !run->abi_seconds) {
		free(jobs);
		free(paths);
		free(pahole);
		free(want);
		free(began);
		return ifa_fmt(err, errsz, "out of memory"), IFA_EXIT_ENV;
	}
	for (i = 0; i < run->n; i++) {
		struct ifa_abi_result *r = &run->r[i];

		jobs[i].abi = r->abi;
		jobs[i].pid = -1;
		want[i] = 0;
		if (include_path(run, r->abi, run->reach, &paths[i], r->reason, sizeof(r->reason)))
			paths[i].n = -1;	/* unmeasurable here: skipped, with the reason */
		else
			want[i] = ifa_gcc_available(jobs[i].abi);
	}
	/* As many compilers at once as there are cores: more only thrash. */
	window = sysconf(_SC_NPROCESSORS_ONLN) > 0 ? (size_t)sysconf(_SC_NPROCESSORS_ONLN) : 2;
	for (next = 0; next < run->n && running < window; next++)
		if (want[next])
			running += start_gcc(run, &jobs[next], &paths[next], &began[next]) == 0;
	/* The host path exists: parse_host() chose the reach with it. */
	if (opt->compiles && !include_path(run, NULL, run->reach, &host, hostwhy, sizeof(hostwhy))) {
		ifa_compiles_start(&run->compiles, run->header, run->workdir, host.argv, host.n);
		run->compiles_started = 1;
	}
	/* GCC is the authority where it runs; clang measures the ABIs it cannot. */
	for (i = 0; i < run->n; i++) {
		if (rc != IFA_EXIT_PASS || paths[i].n < 0 || want[i])
			continue;
		began[i] = now_seconds();
		if (measure_clang(run, &run->r[i], &paths[i], err, errsz))
			rc = IFA_EXIT_INPUT;
		run->abi_seconds[i] = now_seconds() - began[i];
	}

	use_pahole = ifa_pahole_available();
	for (i = 0; i < run->n; i++) {
		struct ifa_abi_result *r = &run->r[i];
		char gerr[4096];

		pahole[i] = -1;
		if (jobs[i].pid <= 0)
			continue;
		ifa_gcc_wait(&jobs[i]);
		for (; next < run->n; next++)	/* the next compile takes its core */
			if (want[next] && start_gcc(run, &jobs[next], &paths[next], &began[next]) == 0) {
				next++;
				break;
			}
		r->gcc = calloc(1, sizeof(*r->gcc));
		if (r->gcc && ifa_gcc_read(&jobs[i], run->decls, r->gcc, gerr, sizeof(gerr)) == 0) {
			run->abi_seconds[i] = now_seconds() - began[i];
			if (use_pahole && rc == IFA_EXIT_PASS)
				pahole[i] = ifa_pahole_start(jobs[i].dir);
			continue;
		}
		if (r->gcc)
			ifa_measure_free(r->gcc);
		free(r->gcc);
		r->gcc = NULL;
		if (run->reach != IFA_REACH_TYPES) {
			/*
			 * The header reaches past <linux/types.h> (IFA-HDR-2), and
			 * what it reaches does not compile for this target: the ABI
			 * goes unmeasured by GCC, which is no fault of its layout.
			 */
			ifa_fmt(r->reason, sizeof(r->reason), "%s cannot compile it here: %s",
				r->abi->gcc, first_line_with(gerr, "error:"));
			/*
			 * clang parses the header alone for its target, where the
			 * probe named structs another architecture declares.
			 */
			if (rc == IFA_EXIT_PASS && measure_clang(run, r, &paths[i], err, errsz))
				rc = IFA_EXIT_INPUT;
			if (r->clang)
				*r->reason = '\0';
			run->abi_seconds[i] = now_seconds() - began[i];
			continue;
		}
		if (rc == IFA_EXIT_PASS)	/* report the first; keep reaping the rest */
			ifa_fmt(err, errsz, "%s: does not compile for %s with %s:\n%s", header,
				r->abi->name, r->abi->gcc, gerr);
		rc = IFA_EXIT_INPUT;
	}
	for (i = 0; i < run->n; i++) {
		if (pahole[i] <= 0)
			continue;
		run->r[i].pahole = calloc(1, sizeof(*run->r[i].pahole));
		if (run->r[i].pahole)
			ifa_pahole_read(jobs[i].dir, ifa_wait(pahole[i]), run->r[i].pahole);
		run->abi_seconds[i] = now_seconds() - began[i];
	}
	free(paths);
	free(want);
	free(began);
	for (i = 0; i < run->n; i++)
		ifa_gcc_job_free(&jobs[i]);
	if (rc != IFA_EXIT_PASS) {
		free(jobs);
		free(pahole);
		return rc;
	}
	for (i = 0; i < run->n; i++) {
		struct ifa_abi_result *r = &run->r[i];

		if (!r->gcc && !r->clang && !*r->reason)
			ifa_fmt(r->reason, sizeof(r->reason), "%s",
				r->abi->gcc ? "no engine: install the cross compiler" :
				"no engine: clang has no target for it and Debian no cross compiler");
		if (!r->gcc && !r->clang && r->abi->package && !ifa_gcc_available(r->abi)) {
			size_t used = strlen(r->reason);

			ifa_fmt(r->reason + used, sizeof(r->reason) - used,
				" (apt-get install %s)", r->abi->package);
		}
	}
	free(jobs);
	free(pahole);
	if (run->compiles_started)
		ifa_compiles_wait(&run->compiles);
	run->seconds = now_seconds() - run->started;
	return IFA_EXIT_PASS;
}

size_t ifa_run_measured(const struct ifa_run *run)
{
	size_t i, n = 0;

	for (i = 0; i < run->n; i++)
		n += ifa_authority(&run->r[i]) != NULL;
	return n;
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void ifa_run_free(struct ifa_run *run)
{
	size_t i;

	if (run->compiles_started)	/* reap the compilers of an aborted run; free the logs */
		ifa_compiles_free(&run->compiles);
	for (i = 0; run->r && i < run->n; i++) {
		if (run->r[i].gcc)
			ifa_measure_free(run->r[i].gcc);
		if (run->r[i].clang)
			ifa_measure_free(run->r[i].clang);
		if (run->r[i].pahole)
			ifa_pahole_free(run->r[i].pahole);
		free(run->r[i].gcc);
		free(run->r[i].clang);
		free(run->r[i].pahole);
	}
	free(run->r);
	free(run->abi_seconds);
	if (run->decls)
		ifa_measure_free(run->decls);
	free(run->decls);
	free(run->text);
	if (*run->workdir) {
		if (run->keep_temp)
			fprintf(stderr, "work files kept in %s\n", run->workdir);
		else
			nftw(run->workdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
		ifa_cleanup_on_signal(NULL);
	}
	memset(run, 0, sizeof(*run));
}

/* --- whole-tree scan ------------------------------------------------------ */

/* Headers per batch: few enough that one that fails costs a few halvings. */
#define IFA_SCAN_BATCH 64

struct scan_batch {
	size_t *idx, n;		/* its headers, as indexes of sc->runs */
	enum ifa_reach reach;
	char *dir;
	int only_abi;		/* -1: every ABI; else made by a split on this ABI alone */
	int dead;		/* split in halves on the first ABI: its halves stand for it */
	int probe_written;
};

struct scan_job {
	size_t batch, abi;
	struct ifa_gcc_job g;
};

struct scan_state {
	struct ifa_scan *sc;
	struct scan_batch *b;
	size_t nb, capb;
	struct scan_job *j;
	size_t nj, capj;
	/* Compiled objects, for pahole: the job of each. */
	size_t *done, ndone, capdone;
	int oom;
	size_t first_abi;
};

static int scan_add_batch(struct scan_state *st, const size_t *idx, size_t n, enum ifa_reach reach,
			  int only_abi)
{
	struct scan_batch *b;

	if (st->nb == st->capb) {
		size_t cap = st->capb ? 2 * st->capb : 32;
		struct scan_batch *nb = realloc(st->b, cap * sizeof(*nb));

		if (!nb)
			return st->oom = 1, -1;
		st->b = nb;
		st->capb = cap;
	}
	b = &st->b[st->nb];
	memset(b, 0, sizeof(*b));
	b->idx = malloc(n * sizeof(*b->idx));
	if (!b->idx || asprintf(&b->dir, "%s/batch%zu", st->sc->workdir, st->nb) < 0) {
		free(b->idx);
		return st->oom = 1, -1;
	}
	memcpy(b->idx, idx, n * sizeof(*idx));
	b->n = n;
	b->reach = reach;
	b->only_abi = only_abi;
	st->nb++;
	return 0;
}

static void scan_add_job(struct scan_state *st, size_t batch, size_t abi)
{
	struct scan_job *j;

	if (st->nj == st->capj) {
		size_t cap = st->capj ? 2 * st->capj : 64;
		struct scan_job *nj = realloc(st->j, cap * sizeof(*nj));

		if (!nj) {
			st->oom = 1;
			return;
		}
		st->j = nj;
		st->capj = cap;
	}
	j = &st->j[st->nj++];
	memset(j, 0, sizeof(*j));
	j->batch = batch;
	j->abi = abi;
	j->g.abi = st->sc->runs[st->b[batch].idx[0]].r[abi].abi;
	j->g.pid = -1;
}

static void scan_start(struct scan_state *st, struct scan_job *j)
{
	struct scan_batch *b = &st->b[j->batch];
	const struct ifa_run *first = &st->sc->runs[b->idx[0]];
	struct ifa_include_path p;
	const struct ifa_measure **decls = calloc(b->n, sizeof(*decls));
	const char **headers = calloc(b->n, sizeof(*headers));
	char why[256], err[512];
	size_t k;

	j->g.exit_status = 127;
	if (!decls || !headers) {
		st->oom = 1;
		goto out;
	}
	for (k = 0; k < b->n; k++) {
		decls[k] = st->sc->runs[b->idx[k]].decls;
		headers[k] = st->sc->runs[b->idx[k]].header;
	}
	if (!b->probe_written) {
		if (ifa_gcc_write_batch_probe(b->dir, decls, b->n, err, sizeof(err)))
			goto out;
		b->probe_written = 1;
	}
	if (include_path(first, j->g.abi, b->reach, &p, why, sizeof(why)))
		goto out;
	ifa_gcc_start_batch(&j->g, b->dir, headers, b->n, p.argv, p.n);
out:
	free(decls);
	free(headers);
}

/* A header that does not compile for an ABI, alone: what check would say of it. */
static void scan_header_fails(struct ifa_scan *sc, size_t h, size_t abi, const char *gerr)
{
	struct ifa_run *run = &sc->runs[h];
	struct ifa_abi_result *r = &run->r[abi];

	if (run->reach != IFA_REACH_TYPES) {
		/* What it reaches past <linux/types.h> does not compile there: unmeasured. */
		ifa_fmt(r->reason, sizeof(r->reason), "%s cannot compile it here: %s",
			r->abi->gcc, first_line_with(gerr, "error:"));
		return;
	}
	if (sc->rc[h] == IFA_EXIT_PASS) {
		sc->rc[h] = IFA_EXIT_INPUT;
		if (asprintf(&sc->err[h], "%s: does not compile for %s with %s:\n%s", run->header,
			     r->abi->name, r->abi->gcc, gerr) < 0)
			sc->err[h] = NULL;
	}
}

/*
 * A batch that failed: the headers its compiler's messages name ("path:")
 * each compiled alone, the others again together, for this ABI (for every
 * ABI, on the first). Returns -1 when the messages name none of them.
 */
static int scan_split_culprits(struct scan_state *st, const struct scan_job *j)
{
	struct scan_batch *b = &st->b[j->batch];
	char *path = NULL, *text;
	const char *rerr;
	size_t *rest, nrest = 0, nculprit = 0, k, nb;
	int only = j->abi == st->first_abi ? -1 : (int)j->abi;

	if (asprintf(&path, "%s/compiler.err", j->g.dir) < 0)
		return -1;
	text = ifa_read_file(path, NULL, &rerr);
	free(path);
	rest = calloc(b->n, sizeof(*rest));
	if (!text || !rest) {
		free(text);
		free(rest);
		return -1;
	}
	for (k = 0; k < b->n; k++) {
		const char *h = st->sc->runs[b->idx[k]].header, *p = text;
		size_t len = strlen(h);
		int named = 0;

		char part[64];

		while (!named && (p = strstr(p, h))) {
			named = p[len] == ':';
			p += len;
		}
		/* Or its part of the probe: a struct of it the target does not declare. */
		ifa_fmt(part, sizeof(part), IFA_PROBE_PART ":", k);
		named |= strstr(text, part) != NULL;
		if (named)
			nculprit++;
		else
			rest[nrest++] = b->idx[k];
	}
	if (!nculprit || nculprit == b->n) {
		free(text);
		free(rest);
		return -1;
	}
	if (only < 0)
		b->dead = 1;
	for (k = 0; k < b->n; k++) {
		size_t h = b->idx[k];
		const char *hp = st->sc->runs[h].header;
		size_t i;
		int inrest = 0;

		for (i = 0; i < nrest; i++)
			inrest |= rest[i] == h;
		(void)hp;
		if (inrest)
			continue;
		nb = st->nb;
		if (!scan_add_batch(st, &h, 1, b->reach, only))
			scan_add_job(st, nb, j->abi);
		b = &st->b[j->batch];	/* the array may have moved */
	}
	nb = st->nb;
	if (!scan_add_batch(st, rest, nrest, b->reach, only))
		scan_add_job(st, nb, j->abi);
	free(text);
	free(rest);
	return 0;
}

static void scan_reap(struct scan_state *st, size_t ji, size_t first_abi)
{
	struct scan_job *j = &st->j[ji];
	struct scan_batch *b = &st->b[j->batch];
	struct ifa_scan *sc = st->sc;
	const struct ifa_measure **decls = calloc(b->n, sizeof(*decls));
	struct ifa_measure *m = calloc(b->n, sizeof(*m));
	char gerr[4096];
	size_t k;

	if (j->g.pid > 0) {
		ifa_gcc_wait(&j->g);
		sc->ncompiles++;
	}
	if (!decls || !m) {
		st->oom = 1;
		goto out;
	}
	for (k = 0; k < b->n; k++)
		decls[k] = sc->runs[b->idx[k]].decls;
	if (j->g.pid > 0 && ifa_gcc_read_batch(&j->g, decls, b->n, m, gerr, sizeof(gerr)) == 0) {
		for (k = 0; k < b->n; k++) {
			struct ifa_abi_result *r = &sc->runs[b->idx[k]].r[j->abi];

			r->gcc = malloc(sizeof(*r->gcc));
			if (r->gcc)
				*r->gcc = m[k];
			else
				ifa_measure_free(&m[k]);
		}
		if (st->ndone == st->capdone) {
			size_t cap = st->capdone ? 2 * st->capdone : 64, *nd;

			nd = realloc(st->done, cap * sizeof(*nd));
			if (!nd) {
				st->oom = 1;
				goto out;
			}
			st->done = nd;
			st->capdone = cap;
		}
		st->done[st->ndone++] = ji;
		goto out;
	}
	if (j->g.pid <= 0)
		ifa_fmt(gerr, sizeof(gerr), "%s could not be started", j->g.abi->gcc);
	if (b->n == 1) {
		scan_header_fails(sc, b->idx[0], j->abi, gerr);
	} else if (scan_split_culprits(st, j)) {
		/* Halves, each compiled again for this ABI (for every ABI, on the first). */
		size_t half = b->n / 2, nb = st->nb;
		int only = j->abi == first_abi ? -1 : (int)j->abi;
		size_t *idx = b->idx, n = b->n;
		enum ifa_reach reach = b->reach;

		if (j->abi == first_abi)
			b->dead = 1;
		if (!scan_add_batch(st, idx, half, reach, only) &&
		    !scan_add_batch(st, idx + half, n - half, reach, only)) {
			scan_add_job(st, nb, j->abi);
			scan_add_job(st, nb + 1, j->abi);
		}
	}
out:
	free(decls);
	free(m);
}

/*
 * What header h needs that directory dir (an ABI's UAPI headers) lacks,
 * judged by the files its host parse included: 0 nothing; 1 a file of the
 * kernel's headers (compile it alone: the target may not include that
 * file); 2 a file of the host's C library, where the ABI has no C library
 * here at all (it cannot compile). The file's name into what.
 */
static int lacks(const struct ifa_measure *decls, const char *dir, char *what, size_t whatsz)
{
	const struct ifa_abi *host = host_abi();
	char hostdir[PATH_MAX];
	size_t i, hl, tl = host->uapi_triple ? strlen(host->uapi_triple) : 0;
	int worst = 0;

	if (ifa_abi_uapi_dir(host, hostdir, sizeof(hostdir)))
		*hostdir = '\0';
	hl = strlen(hostdir);
	for (i = 0; i < decls->nincludes; i++) {
		const char *inc = decls->includes[i], *rel, *slash;
		char *there = NULL;
		int libc = 0, arch = 0, kind;

		/* The compiler's own (/usr/lib/gcc/..., /usr/include/clang/19/...): each has its own. */
		if (strstr(inc, "/gcc/") || strstr(inc, "/clang/") || strstr(inc, "/llvm"))
			continue;
		if (hl && !strncmp(inc, hostdir, hl) && inc[hl] == '/') {
			rel = inc + hl + 1;
		} else if (!strncmp(inc, "/usr/include/", 13)) {
			rel = inc + 13;
			libc = 1;
			if (tl && !strncmp(rel, host->uapi_triple, tl) && rel[tl] == '/') {
				rel += tl + 1;
				arch = 1;	/* the host's own (gnu/stubs-64.h): only its directory counts */
			}
		} else {
			continue;	/* beside the header: the same file for every ABI */
		}
		/* Each architecture has asm/ files of its own: which the target includes, it decides. */
		if (!strncmp(rel, "asm/", 4))
			continue;
		if (asprintf(&there, "%s/%s", dir, rel) < 0)
			continue;
		kind = arch || access(there, F_OK) == 0 ? 0 : 1;
		free(there);
		/* Not even its first directory there ("sys" of sys/socket.h): no C library. */
		slash = strchr(rel, '/');
		if ((kind || arch) && libc && slash &&
		    asprintf(&there, "%s/%.*s", dir, (int)(slash - rel), rel) >= 0) {
			if (access(there, F_OK))
				kind = 2;
			free(there);
		}
		if (kind > worst) {
			worst = kind;
			ifa_fmt(what, whatsz, "%s", rel);
		}
	}
	return worst;
}

/*
 * Batch k's jobs for ABI a, whose UAPI headers are in dir. A header that
 * needs a C library this ABI lacks is unmeasured there, with the reason;
 * one that includes a kernel header this ABI lacks is compiled alone, so
 * that its failure costs no other header a compile.
 */
static void scan_plan_abi(struct scan_state *st, size_t k, size_t a, const char *dir)
{
	struct scan_batch *b = &st->b[k];
	size_t *rest = calloc(b->n, sizeof(*rest)), *alone = calloc(b->n, sizeof(*alone));
	size_t i, nrest = 0, nalone = 0, n = b->n, nb;
	enum ifa_reach reach = b->reach;
	char what[PATH_MAX];

	if (!rest || !alone) {
		free(rest);
		free(alone);
		scan_add_job(st, k, a);
		return;
	}
	for (i = 0; i < n; i++) {
		size_t h = b->idx[i];
		struct ifa_abi_result *r = &st->sc->runs[h].r[a];

		int kind = lacks(st->sc->runs[h].decls, dir, what, sizeof(what));

		switch (kind) {
		case 2:
			ifa_fmt(r->reason, sizeof(r->reason), "it needs <%s> of a C library, and none "
				"is installed for %s here%s%s%s", what, r->abi->name,
				r->abi->uapi_arch ? " (apt-get install libc6-dev-" : "",
				r->abi->uapi_arch ? r->abi->uapi_arch : "",
				r->abi->uapi_arch ? "-cross)" : "");
			break;
		case 1:
			alone[nalone++] = h;
			break;
		default:
			rest[nrest++] = h;
		}
	}
	if (nrest == n) {
		scan_add_job(st, k, a);
	} else {
		for (i = 0; i < nalone; i++) {
			nb = st->nb;
			if (!scan_add_batch(st, &alone[i], 1, reach, (int)a))
				scan_add_job(st, nb, a);
		}
		nb = st->nb;
		if (nrest && !scan_add_batch(st, rest, nrest, reach, (int)a))
			scan_add_job(st, nb, a);
	}
	free(rest);
	free(alone);
}

/* Runs the jobs [*from, nj) with as many at once as there are cores; they may add more. */
static void scan_run_jobs(struct scan_state *st, size_t *from, size_t first_abi)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	size_t window = cores > 0 ? (size_t)cores : 2, started = *from;

	while (*from < st->nj && !st->oom) {
		while (started < st->nj && started - *from < window)
			scan_start(st, &st->j[started++]);
		scan_reap(st, (*from)++, first_abi);
	}
	while (started > *from)		/* out of memory: reap what runs */
		ifa_gcc_wait(&st->j[(*from)++].g);
}

/* pahole on every compiled batch object, its reading shared by the batch's headers. */
static void scan_pahole(struct scan_state *st)
{
	struct ifa_scan *sc = st->sc;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	size_t window = cores > 0 ? (size_t)cores : 2, started = 0, reaped = 0, k;
	pid_t *pid;

	if (!st->ndone || !ifa_pahole_available())
		return;
	pid = calloc(st->ndone, sizeof(*pid));
	sc->pahole = calloc(st->ndone, sizeof(*sc->pahole));
	if (!pid || !sc->pahole) {
		free(pid);
		return;
	}
	while (reaped < st->ndone) {
		struct scan_job *j;
		struct scan_batch *b;
		struct ifa_pahole *p;

		while (started < st->ndone && started - reaped < window) {
			pid[started] = ifa_pahole_start(st->j[st->done[started]].g.dir);
			started++;
		}
		j = &st->j[st->done[reaped]];
		b = &st->b[j->batch];
		p = calloc(1, sizeof(*p));
		if (p) {
			ifa_pahole_read(j->g.dir, ifa_wait(pid[reaped]), p);
			sc->pahole[sc->npahole++] = p;
			for (k = 0; k < b->n; k++)
				sc->runs[b->idx[k]].r[j->abi].pahole = p;
		} else {
			ifa_wait(pid[reaped]);
		}
		reaped++;
	}
	free(pid);
}

/* A header of the scan that cannot be judged: why, kept for the report. */
static void scan_fail(struct ifa_scan *sc, size_t h, const char *err)
{
	sc->rc[h] = IFA_EXIT_INPUT;
	if (asprintf(&sc->err[h], "%s", err) < 0)
		sc->err[h] = NULL;
}

/*
 * Every header parsed for the host by libclang, with the narrowest reach
 * that works (as parse_host() does for one header): all of them at the
 * first reach, as many parses at once as there are cores, then those that
 * failed at the next. The parses run in libclang's workers, forked from
 * this one thread (clang_engine.c).
 */
static void scan_parse_all(struct ifa_scan *sc, char *const *headers, size_t n,
			   const struct ifa_run_options *opt)
{
	static const enum ifa_reach tiers[] = { IFA_REACH_TYPES, IFA_REACH_UAPI, IFA_REACH_LIBC };
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	struct ifa_clang_job *jobs = calloc(n ? n : 1, sizeof(*jobs));
	struct ifa_include_path *paths = calloc(n ? n : 1, sizeof(*paths));
	size_t *of = calloc(n ? n : 1, sizeof(*of));
	char **errs = calloc(n ? n : 1, sizeof(*errs));
	unsigned char *pending = calloc(n ? n : 1, 1);
	size_t h, t, j;
	char err[8192];

	if (!jobs || !paths || !of || !errs || !pending) {
		for (h = 0; h < n; h++)
			scan_fail(sc, h, "out of memory");
		goto out;
	}
	for (h = 0; h < n; h++) {
		struct ifa_run *run = &sc->runs[h];

		run->keep_temp = 0;
		if (select_abis(run, opt->abi_list, err, sizeof(err)) ||
		    read_header(run, headers[h], err, sizeof(err)) ||
		    !(run->decls = calloc(1, sizeof(*run->decls)))) {
			scan_fail(sc, h, run->decls || *err ? err : "out of memory");
			continue;
		}
		ifa_fmt(run->kernel_types, sizeof(run->kernel_types), "%s/conformance/kernel-types",
			opt->datadir);
		pending[h] = 1;
		if (!(errs[h] = calloc(1, sizeof(err))))
			pending[h] = 0, scan_fail(sc, h, "out of memory");
	}
	for (t = 0; t < sizeof(tiers) / sizeof(tiers[0]); t++) {
		size_t nj = 0;

		for (h = 0; h < n; h++) {
			struct ifa_run *run = &sc->runs[h];

			if (!pending[h] || include_path(run, NULL, tiers[t], &paths[h], err, sizeof(err)))
				continue;
			run->reach = tiers[t];
			jobs[nj] = (struct ifa_clang_job){ run->header, NULL, paths[h].argv, paths[h].n,
							   run->decls, errs[h], sizeof(err), -1 };
			of[nj++] = h;
		}
		ifa_clang_measure_jobs(jobs, nj, cores > 0 ? (int)cores : 2);
		for (j = 0; j < nj; j++) {
			h = of[j];
			if (jobs[j].rc == 0) {
				pending[h] = 0;
			} else if (jobs[j].rc == IFA_CLANG_LIMIT) {	/* no other path helps */
				pending[h] = 0;
				scan_fail(sc, h, errs[h]);
			}
		}
	}
	/* A header no reach parses: the last compiler message says why. */
	for (h = 0; h < n; h++)
		if (pending[h])
			scan_fail(sc, h, *errs[h] ? errs[h] : "libclang cannot parse it");
out:
	for (h = 0; errs && h < n; h++)
		free(errs[h]);
	free(errs);
	free(jobs);
	free(paths);
	free(of);
	free(pending);
}

int ifa_scan_measure(struct ifa_scan *sc, char *const *headers, size_t n,
		     const struct ifa_run_options *opt, char *err, size_t errsz)
{
	static const enum ifa_reach reaches[] = { IFA_REACH_TYPES, IFA_REACH_UAPI, IFA_REACH_LIBC };
	struct scan_state st = { sc, NULL, 0, 0, NULL, 0, 0, NULL, 0, 0, 0, (size_t)-1 };
	struct ifa_run probe;
	size_t h, i, k, a, nabis, first_abi = (size_t)-1, from = 0;
	size_t *idx;
	int rc = IFA_EXIT_PASS;

	memset(sc, 0, sizeof(*sc));
	memset(&probe, 0, sizeof(probe));
	if (select_abis(&probe, opt->abi_list, err, errsz)) {
		free(probe.r);
		return IFA_EXIT_INPUT;
	}
	nabis = probe.n;
	ifa_fmt(probe.kernel_types, sizeof(probe.kernel_types), "%s/conformance/kernel-types",
		opt->datadir);
	if (access(probe.kernel_types, R_OK))
		return free(probe.r), ifa_fmt(err, errsz, "%s: kernel types not found (set IFA_DATADIR)",
			       probe.kernel_types), IFA_EXIT_ENV;
	sc->n = n;
	sc->runs = calloc(n ? n : 1, sizeof(*sc->runs));
	sc->rc = calloc(n ? n : 1, sizeof(*sc->rc));
	sc->err = calloc(n ? n : 1, sizeof(*sc->err));
	idx = calloc(n ? n : 1, sizeof(*idx));
	if (!sc->runs || !sc->rc || !sc->err || !idx) {
		free(idx);
		free(probe.r);
		return ifa_fmt(err, errsz, "out of memory"), IFA_EXIT_ENV;
	}
	if (make_workdir(&probe, err, errsz)) {
		free(idx);
		free(probe.r);
		return IFA_EXIT_ENV;
	}
	sc->keep_temp = opt->keep_temp;
	memcpy(sc->workdir, probe.workdir, sizeof(sc->workdir));
	scan_parse_all(sc, headers, n, opt);

	/* Batches of headers that reach alike, in the order given. */
	for (i = 0; i < sizeof(reaches) / sizeof(reaches[0]); i++) {
		size_t m = 0;

		for (h = 0; h <= n; h++) {
			if (h < n && sc->rc[h] == IFA_EXIT_PASS && sc->runs[h].reach == reaches[i])
				idx[m++] = h;
			if (m && (m == IFA_SCAN_BATCH || h == n)) {
				scan_add_batch(&st, idx, m, reaches[i], -1);
				m = 0;
			}
		}
	}
	free(idx);
	/* Where no GCC runs, or the ABI's UAPI headers are missing: why each is skipped. */
	for (h = 0; h < n; h++)
		for (a = 0; sc->rc[h] == IFA_EXIT_PASS && a < nabis; a++) {
			struct ifa_abi_result *r = &sc->runs[h].r[a];
			struct ifa_include_path p;

			if (include_path(&sc->runs[h], r->abi, sc->runs[h].reach, &p, r->reason,
					 sizeof(r->reason)))
				continue;
			if (r->abi->gcc && !ifa_gcc_available(r->abi))
				ifa_fmt(r->reason, sizeof(r->reason),
					"no engine: install the cross compiler (apt-get install %s)",
					r->abi->package ? r->abi->package : r->abi->gcc);
			else if (!r->abi->gcc)
				ifa_fmt(r->reason, sizeof(r->reason), "a scan measures with GCC only, and "
					"Debian has no cross compiler for it: check the header alone to "
					"measure it with clang");
		}
	/*
	 * The first ABI first: a batch whose headers do not compile together
	 * is split there, once, and its halves serve every other ABI.
	 */
	for (a = 0; a < nabis && first_abi == (size_t)-1; a++)
		if (ifa_gcc_available(probe.r[a].abi))
			first_abi = a;
	st.first_abi = first_abi;
	if (first_abi != (size_t)-1 && st.nb) {
		size_t nb = st.nb;

		for (k = 0; k < nb; k++)
			scan_add_job(&st, k, first_abi);
		scan_run_jobs(&st, &from, first_abi);
		nb = st.nb;
		for (a = 0; a < nabis; a++) {
			if (a == first_abi || !ifa_gcc_available(probe.r[a].abi))
				continue;
			for (k = 0; k < nb; k++) {
				struct ifa_include_path p;
				char why[256];

				if (!st.b[k].dead && st.b[k].only_abi < 0 &&
				    !include_path(&sc->runs[st.b[k].idx[0]], probe.r[a].abi, st.b[k].reach,
						  &p, why, sizeof(why)))
					scan_plan_abi(&st, k, a, p.uapi);
			}
		}
		scan_run_jobs(&st, &from, first_abi);
		scan_pahole(&st);
	}
	sc->nbatches = st.nb;
	if (st.oom) {
		ifa_fmt(err, errsz, "out of memory");
		rc = IFA_EXIT_ENV;
	}
	/* The file's own compiles, where the spec asks for them: each header alone. */
	for (h = 0; rc == IFA_EXIT_PASS && opt->compiles && h < n; h++) {
		struct ifa_run *run = &sc->runs[h];
		struct ifa_include_path host;
		char hostwhy[256];

		if (sc->rc[h] != IFA_EXIT_PASS ||
		    include_path(run, NULL, run->reach, &host, hostwhy, sizeof(hostwhy)))
			continue;
		memcpy(run->workdir, sc->workdir, sizeof(run->workdir));
		ifa_compiles_start(&run->compiles, run->header, run->workdir, host.argv, host.n);
		ifa_compiles_wait(&run->compiles);
		run->compiles_started = 1;
		*run->workdir = '\0';
	}
	for (k = 0; k < st.nj; k++)
		ifa_gcc_job_free(&st.j[k].g);
	for (k = 0; k < st.nb; k++) {
		free(st.b[k].idx);
		free(st.b[k].dir);
	}
	free(st.b);
	free(st.j);
	free(st.done);
	free(probe.r);
	return rc;
}

void ifa_scan_free(struct ifa_scan *sc)
{
	size_t h, a;

	for (h = 0; sc->runs && h < sc->n; h++) {
		for (a = 0; sc->runs[h].r && a < sc->runs[h].n; a++)
			sc->runs[h].r[a].pahole = NULL;	/* the scan's own */
		ifa_run_free(&sc->runs[h]);
		if (sc->err)
			free(sc->err[h]);
	}
	for (h = 0; h < sc->npahole; h++) {
		ifa_pahole_free(sc->pahole[h]);
		free(sc->pahole[h]);
	}
	free(sc->pahole);
	free(sc->runs);
	free(sc->rc);
	free(sc->err);
	if (*sc->workdir) {
		if (sc->keep_temp)
			fprintf(stderr, "work files kept in %s\n", sc->workdir);
		else
			nftw(sc->workdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
		ifa_cleanup_on_signal(NULL);
	}
	memset(sc, 0, sizeof(*sc));
}
