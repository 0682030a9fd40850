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

#endif
