/* SPDX-License-Identifier: GPL-2.0 */
/* One measurement of a header over the ABI matrix, shared by check and layout. */
#ifndef IFA_RUN_H
#define IFA_RUN_H

#include "hygiene.h"
#include "judge.h"

#include <limits.h>

struct ifa_run_options {
	const char *abi_list;		/* comma-separated names, NULL: all */
	const char *datadir;		/* holds conformance/kernel-types */
	enum {
		IFA_HYGIENE_NO,		/* no compiles of the header as a file */
		IFA_HYGIENE_YES,	/* the compiles of the spec's file checks */
		IFA_HYGIENE_IF_OWN,	/* those, if the header is spec's own (ifa_header_of_spec) */
	} hygiene;
	const struct ifa_spec *spec;	/* for IFA_HYGIENE_IF_OWN */
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
	struct ifa_hygiene hyg;
	int hygiene_started;
	int keep_temp;
};

/*
 * Measures header on the selected ABIs. Returns IFA_EXIT_PASS, or
 * IFA_EXIT_INPUT / IFA_EXIT_ENV with a message naming the file in err.
 */
int ifa_run_measure(struct ifa_run *run, const char *header,
		    const struct ifa_run_options *opt, char *err, size_t errsz);

/* Applies every rule; fs must be zeroed. */
void ifa_run_judge(struct ifa_run *run, const struct ifa_spec *spec, struct ifa_findings *fs);

void ifa_run_free(struct ifa_run *run);

/* Number of ABIs that some engine measured. */
size_t ifa_run_measured(const struct ifa_run *run);

#endif
