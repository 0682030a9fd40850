/* SPDX-License-Identifier: GPL-2.0 */
/* The libclang engine: declarations and layouts of a header for one target. */
#ifndef IFA_CLANG_ENGINE_H
#define IFA_CLANG_ENGINE_H

#include "measure.h"

#include <stddef.h>

/* What ifa_clang_measure() returns when the parse crashed or ran past a limit. */
#define IFA_CLANG_LIMIT (-2)

/*
 * Parses header as C for the clang target triple (NULL: the host) with the
 * extra compiler arguments, and fills *m. The parse runs in a child process
 * under the limits of ifa_limits_set(). Returns 0; -1 with the compiler's
 * own "file:line: error: ..." messages in err; or IFA_CLANG_LIMIT when
 * libclang crashed, ran past the time limit or the memory limit, with a
 * message naming the header and the limit in err: an input error, not a
 * header that does not compile.
 */
int ifa_clang_measure(const char *header, const char *triple,
		      const char *const *args, int nargs,
		      struct ifa_measure *m, char *err, size_t errsz);

/* One parse of ifa_clang_measure_jobs(): its request, and its outcome in rc and err. */
struct ifa_clang_job {
	const char *header, *triple;
	const char *const *args;
	int nargs;
	struct ifa_measure *m;
	char *err;
	size_t errsz;
	int rc;		/* as ifa_clang_measure() returns */
};

/* The n parses of jobs, as ifa_clang_measure() does each, up to `parallel` at once. */
void ifa_clang_measure_jobs(struct ifa_clang_job *jobs, size_t n, int parallel);

/* Ends the workers and releases the index shared by all calls. */
void ifa_clang_shutdown(void);

#endif
