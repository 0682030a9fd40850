/* SPDX-License-Identifier: GPL-2.0 */
/* The compiles of the header as a file, and their outcomes. */
#ifndef IFA_COMPILES_H
#define IFA_COMPILES_H

#include <stddef.h>
#include <sys/types.h>

#define IFA_MAX_COMPILES 16

enum ifa_compile_outcome {
	IFA_COMPILE_OK,
	IFA_COMPILE_FAILED,	/* an error or warning: message holds the first line */
	IFA_COMPILE_NOT_RUN,	/* the compiler is not installed */
	IFA_COMPILE_NO_HEADER,	/* a header it includes is not on this machine */
};

struct ifa_compile {
	const char *check;	/* the check of the registry it serves */
	char what[96];		/* "gcc -x c -std=c90" */
	char err_path[4096];
	pid_t pid;
	int status;		/* -1: could not be started */
	enum ifa_compile_outcome outcome;
	char message[400];
	char *log;		/* kernel-doc: all it printed, whatever its length (malloc'ed) */
};

struct ifa_compiles {
	size_t n;
	struct ifa_compile c[IFA_MAX_COMPILES];
};

/*
 * Starts the compiles of include-guard (included twice) and
 * compiles-everywhere, and scripts/kernel-doc -none -Werror for the
 * kernel-doc check, with the host's include path options inc (see
 * run.h): a header that reaches past <linux/types.h> gets the path it
 * needs, so that each check is judged on its own.
 */
void ifa_compiles_start(struct ifa_compiles *h, const char *header, const char *workdir,
			const char *const *inc, int ninc);

/* Waits for them and records each outcome. */
void ifa_compiles_wait(struct ifa_compiles *h);

/* Reaps what an aborted run left running and frees the logs. */
void ifa_compiles_free(struct ifa_compiles *h);

/*
 * The kernel's scripts/kernel-doc: $IFA_KERNEL_DOC when set (empty: none),
 * else the newest /usr/lib/linux-kbuild-VERSION/scripts/kernel-doc (Debian's
 * linux-kbuild packages). malloc'ed, or NULL when there is none.
 */
char *ifa_kernel_doc_path(void);

#endif
