/* SPDX-License-Identifier: GPL-2.0 */
/* The libclang engine: declarations and layouts of a header for one target. */
#ifndef IFA_CLANG_ENGINE_H
#define IFA_CLANG_ENGINE_H

#include "measure.h"

#include <stddef.h>

/*
 * Parses header as C for the clang target triple (NULL: the host) with the
 * extra compiler arguments, and fills *m. Returns 0, or -1 with the
 * compiler's own "file:line: error: ..." messages in err.
 */
int ifa_clang_measure(const char *header, const char *triple,
		      const char *const *args, int nargs,
		      struct ifa_measure *m, char *err, size_t errsz);

/* Releases the index shared by all calls. */
void ifa_clang_shutdown(void);

#endif
