/* SPDX-License-Identifier: GPL-2.0 */
/* Growth accounting: how much of the union budget and of the flag bits a header uses. */
#ifndef IFA_BUDGET_H
#define IFA_BUDGET_H

#include "run.h"
#include "spec.h"

struct ifa_budget_use {
	const struct ifa_spec_budget *row;	/* the spec's Table B-1 row */
	long size;		/* largest size of the payload over the measured ABIs, -1 if absent */
	long bytes_left;	/* budget - size */
	int bits_used;		/* distinct bits of the flags defined for its flags field */
	int bits_left;		/* width of the flags field - bits_used */
};

/* Fills one entry per budget row of the spec; returns how many. */
size_t ifa_budget_usage(const struct ifa_spec *spec, const struct ifa_run *run,
			struct ifa_budget_use *out, size_t max);

#endif
