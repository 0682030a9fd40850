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
	int hygiene;			/* also run the IFA-HDR compiles */
	int keep_temp;
};

struct ifa_run {
	char header[PATH_MAX];		/* absolute */
	char kernel_types[PATH_MAX];
	char workdir[PATH_MAX];
	char *text;			/* the header's text */
	int nostdinc;			/* 0 when the header needs a libc header */
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
