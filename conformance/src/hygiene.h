/* SPDX-License-Identifier: GPL-2.0 */
/* The header as a file: SPDX line, includes, guard, compiling everywhere, kernel-doc. */
#ifndef IFA_HYGIENE_H
#define IFA_HYGIENE_H

#include "findings.h"
#include "measure.h"
#include "spec.h"

#include <sys/types.h>

#define IFA_MAX_COMPILES 16

/* The "actual" of a finding for a compile that could not run. */
#define IFA_NOT_INSTALLED "compiler not installed"

struct ifa_compile {
	const char *check;	/* its name in the registry of checks */
	char what[96];		/* "gcc -std=c90" */
	char err_path[600];
	pid_t pid;
	int status;		/* -1: compiler not installed */
};

struct ifa_hygiene {
	size_t n;
	struct ifa_compile c[IFA_MAX_COMPILES];
};

/*
 * Starts the compiles of include-guard (included twice) and
 * compiles-everywhere with the host's include path options inc (see
 * run.h): a header that reaches past <linux/types.h> gets the path it
 * needs, so that each check is judged on its own.
 */
void ifa_hygiene_start(struct ifa_hygiene *h, const char *header, const char *workdir,
		       const char *const *inc, int ninc);

/* Waits for them and records what failed. */
void ifa_hygiene_finish(struct ifa_hygiene *h, const struct ifa_spec *spec,
			struct ifa_findings *fs);

/* Text checks of the header at path `header`: SPDX line, includes, guard, kernel-doc. */
void ifa_hygiene_text(const char *text, const char *header, const struct ifa_measure *decls,
		      const struct ifa_spec *spec, struct ifa_findings *fs);

#endif
