/* SPDX-License-Identifier: GPL-2.0 */
/* One measurement of a header over the ABI matrix, shared by check and layout. */
#ifndef IFA_RUN_H
#define IFA_RUN_H

#include "abi_result.h"
#include "compiles.h"

#include <limits.h>

/* The largest header read: 16 MiB, a hundred times the largest UAPI header. */
#define IFA_MAX_HEADER_BYTES (16 << 20)

struct ifa_run_options {
	const char *abi_list;		/* comma-separated names, NULL: all */
	const char *datadir;		/* holds conformance/kernel-types */
	int compiles;			/* also compile the header as a file (its hygiene checks) */
	int keep_temp;
};

/*
 * How far past <linux/types.h> a header reaches (IFA-HDR-2), which sets the
 * include path it is measured with on every ABI.
 */
enum ifa_reach {
	IFA_REACH_TYPES,	/* -nostdinc and the kernel's types alone */
	IFA_REACH_UAPI,		/* plus the ABI's kernel UAPI headers (<linux/ioctl.h>) */
	IFA_REACH_LIBC,		/* the compiler's own path: libc headers */
};

struct ifa_run {
	char header[PATH_MAX];		/* absolute */
	char kernel_types[PATH_MAX];
	char workdir[PATH_MAX];
	char *text;			/* the header's text */
	enum ifa_reach reach;
	struct ifa_measure *decls;	/* host declarations, by libclang */
	struct ifa_abi_result *r;
	size_t n;
	struct ifa_compiles compiles;	/* of the header as a file, once started */
	int compiles_started;
	int keep_temp;
	double started;			/* the monotonic clock when parsing began */
	double seconds;			/* wall time of parsing and measuring it all */
	double *abi_seconds;		/* per ABI: how long its engines took; 0 where none ran */
};

/*
 * Reads header and parses it for the host: its declarations, and how far
 * past <linux/types.h> it reaches. Returns IFA_EXIT_PASS, or
 * IFA_EXIT_INPUT / IFA_EXIT_ENV with a message naming the file in err.
 */
int ifa_run_parse(struct ifa_run *run, const char *header, const struct ifa_run_options *opt,
		  char *err, size_t errsz);

/* Measures the parsed header on the selected ABIs; returns as ifa_run_parse. */
int ifa_run_measure(struct ifa_run *run, const struct ifa_run_options *opt, char *err,
		    size_t errsz);

void ifa_run_free(struct ifa_run *run);

/* Number of ABIs that some engine measured. */
size_t ifa_run_measured(const struct ifa_run *run);

/*
 * A whole-tree scan: many headers measured together. Each header is
 * parsed for the host alone (libclang); then, per ABI, the headers that
 * reach alike are compiled in batches, one compile for the declarations of
 * many headers, so that the cost grows with the structs rather than with
 * headers x ABIs. A batch that fails to compile is split in halves until
 * the header that fails stands alone: it alone goes unmeasured.
 */
struct ifa_scan {
	size_t n;
	struct ifa_run *runs;		/* one per header, in the order given */
	int *rc;			/* per header: IFA_EXIT_PASS, or why it was not measured: */
	char **err;			/* its message (malloc'ed) */
	size_t nbatches, ncompiles;	/* batches made and compiles run, for the summary */
	char workdir[PATH_MAX];
	int keep_temp;
	size_t npahole;
	struct ifa_pahole **pahole;	/* readings of batch objects, shared by their headers */
};

/*
 * Parses and measures headers[0..n) on the ABIs of opt. Returns
 * IFA_EXIT_PASS with a result per header in sc, or IFA_EXIT_INPUT /
 * IFA_EXIT_ENV with a message in err when the scan as a whole cannot run.
 */
int ifa_scan_measure(struct ifa_scan *sc, char *const *headers, size_t n,
		     const struct ifa_run_options *opt, char *err, size_t errsz);

void ifa_scan_free(struct ifa_scan *sc);

#endif
