/* SPDX-License-Identifier: GPL-2.0 */
#define _GNU_SOURCE
/*
 * The compiles that judge the header as a file: alone in every language
 * standard with gcc and clang, and included twice. They run beside the
 * layout compiles; only their outcome is recorded here.
 */
#include "compiles.h"
#include "util.h"

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *warn_flags[] = { "-Wall", "-Wextra", "-Werror", "-fsyntax-only", NULL };

struct compile_env {
	const char *workdir;
	const char *const *inc;
	int ninc;
};

/* One compile of src; with twice, src is empty and the header comes in twice by -include. */
static void start_one(struct ifa_compiles *h, const struct compile_env *env, const char *check,
		      const char *cc, const char *lang, const char *std, const char *extra,
		      const char *src, const char *twice)
{
	struct ifa_compile *c;
	const char *argv[32];
	char stdopt[32], extrabuf[64];
	int argc = 0, i;

	if (h->n == IFA_MAX_COMPILES)
		return;
	c = &h->c[h->n];
	c->check = check;
	ifa_fmt(c->what, sizeof(c->what), "%s -x %s%s%s%s%s", cc, lang, std ? " -std=" : "",
		std ? std : "", extra ? " " : "", extra ? extra : "");
	ifa_fmt(c->err_path, sizeof(c->err_path), "%s/hygiene-%zu.err", env->workdir, h->n);
	argv[argc++] = cc;
	argv[argc++] = "-x";
	argv[argc++] = lang;
	if (std) {
		ifa_fmt(stdopt, sizeof(stdopt), "-std=%s", std);
		argv[argc++] = stdopt;
	}
	for (i = 0; warn_flags[i]; i++)
		argv[argc++] = warn_flags[i];
	argc += ifa_split_flags(extra, extrabuf, sizeof(extrabuf), argv + argc, 4);
	/* Diagnostics without the source lines they quote: an included file stays unread. */
	argv[argc++] = strstr(cc, "clang") ? "-fno-caret-diagnostics" : "-fno-diagnostics-show-caret";
	for (i = 0; i < env->ninc && argc < 22; i++)
		argv[argc++] = env->inc[i];
	if (twice) {
		argv[argc++] = "-include";
		argv[argc++] = twice;
		argv[argc++] = "-include";
		argv[argc++] = twice;
	}
	argv[argc++] = src;
	argv[argc] = NULL;
	c->pid = ifa_spawn(argv, NULL, c->err_path);
	c->status = c->pid > 0 ? 0 : -1;
	h->n++;
}

char *ifa_kernel_doc_path(void)
{
	const char *env = getenv("IFA_KERNEL_DOC");
	char *best = NULL;
	glob_t g;
	size_t i;

	if (env)
		return *env ? strdup(env) : NULL;
	if (glob("/usr/lib/linux-kbuild-*/scripts/kernel-doc", 0, NULL, &g))
		return NULL;
	for (i = 0; i < g.gl_pathc; i++)
		if (!best || strverscmp(g.gl_pathv[i], best) > 0)
			best = g.gl_pathv[i];
	best = best ? strdup(best) : NULL;
	globfree(&g);
	return best;
}

/*
 * The kernel's own judge of kernel-doc, as the kernel build runs it: every
 * warning an error. Its output is kept whole, for the findings to pass on.
 */
static void start_kernel_doc(struct ifa_compiles *h, const char *header, const char *workdir)
{
	struct ifa_compile *c;
	char *path = ifa_kernel_doc_path();
	const char *argv[] = { path, "-none", "-Werror", header, NULL };

	if (h->n == IFA_MAX_COMPILES) {
		free(path);
		return;
	}
	c = &h->c[h->n++];
	c->check = "kernel-doc";
	ifa_fmt(c->what, sizeof(c->what), "scripts/kernel-doc -none -Werror");
	ifa_fmt(c->err_path, sizeof(c->err_path), "%s/kernel-doc.err", workdir);
	c->pid = path ? ifa_spawn(argv, NULL, c->err_path) : -1;
	c->status = c->pid > 0 ? 0 : -1;
	free(path);
}

void ifa_compiles_start(struct ifa_compiles *h, const char *header, const char *workdir,
		       const char *const *inc, int ninc)
{
	const struct compile_env env = { workdir, inc, ninc };
	static const char *c_stds[] = { "c90", "c99", "c11" };
	static const char *cxx_stds[] = { "c++98", "c++17" };
	char *empty = NULL;
	FILE *f;
	size_t i;

	memset(h, 0, sizeof(*h));
	for (i = 0; i < 3; i++) {
		start_one(h, &env, "compiles-everywhere", "gcc", "c", c_stds[i], NULL, header, NULL);
		start_one(h, &env, "compiles-everywhere", "clang", "c", c_stds[i], NULL, header, NULL);
	}
	for (i = 0; i < 2; i++) {
		start_one(h, &env, "compiles-everywhere", "g++", "c++", cxx_stds[i], NULL, header, NULL);
		start_one(h, &env, "compiles-everywhere", "clang++", "c++", cxx_stds[i], NULL, header,
			  NULL);
	}
	/* Included twice: the path is an argument, never pasted into a source file. */
	if (asprintf(&empty, "%s/empty.c", workdir) >= 0 && (f = fopen(empty, "w"))) {
		fclose(f);
		start_one(h, &env, "include-guard", "gcc", "c", "c11", NULL, empty, header);
	}
	free(empty);
	start_kernel_doc(h, header, workdir);
}

/* The first line of the compiler's message that names an error or warning. */
static void first_error(const char *path, char *dst, size_t size)
{
	const char *rerr;
	char *text = ifa_read_file(path, NULL, &rerr), *line, *next;

	ifa_fmt(dst, size, "does not compile");
	for (line = text; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (strstr(line, "error:") || strstr(line, "warning:")) {
			ifa_copy(dst, size, line, strlen(line));
			break;
		}
	}
	free(text);
}

void ifa_compiles_wait(struct ifa_compiles *h)
{
	size_t i;

	for (i = 0; i < h->n; i++) {
		struct ifa_compile *c = &h->c[i];
		int rc;

		if (c->status < 0) {
			c->outcome = IFA_COMPILE_NOT_RUN;
			continue;
		}
		rc = ifa_wait(c->pid);
		c->pid = -1;
		c->status = rc;
		if (!strcmp(c->check, "kernel-doc") && rc != 127 && rc != IFA_TIMED_OUT) {
			const char *rerr;

			/* It exits with its count of warnings, which 256 of them wrap to 0. */
			c->log = ifa_read_file(c->err_path, NULL, &rerr);
			if (c->log && strstr(c->log, ": warning: ")) {
				first_error(c->err_path, c->message, sizeof(c->message));
				c->outcome = IFA_COMPILE_FAILED;
				continue;
			}
		}
		if (rc == 0) {
			c->outcome = IFA_COMPILE_OK;
			continue;
		}
		if (rc == 127) {
			c->outcome = IFA_COMPILE_NOT_RUN;
			continue;
		}
		if (rc == IFA_TIMED_OUT) {
			ifa_fmt(c->message, sizeof(c->message), "timed out: killed at its time limit");
			c->outcome = IFA_COMPILE_FAILED;
			continue;
		}
		first_error(c->err_path, c->message, sizeof(c->message));
		/* A header it includes is not on this machine for this mode. */
		c->outcome = strstr(c->message, "No such file or directory") ||
			     strstr(c->message, "file not found") ? IFA_COMPILE_NO_HEADER :
			     IFA_COMPILE_FAILED;
	}
}

void ifa_compiles_free(struct ifa_compiles *h)
{
	size_t i;

	for (i = 0; i < h->n; i++) {
		if (h->c[i].pid > 0)
			ifa_wait(h->c[i].pid);
		h->c[i].pid = -1;
		free(h->c[i].log);
		h->c[i].log = NULL;
	}
}
