/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `diff`: every difference between two headers, or between a header and
 * the spec's own tables, classified under the spec's growth rules.
 */
#ifndef IFA_DIFF_H
#define IFA_DIFF_H

#include "findings.h"
#include "judge.h"

/* One side of a diff: its declarations and its layout on each ABI of the run. */
struct ifa_diff_side {
	const char *label;			/* the header's path, or the spec's */
	const struct ifa_measure *decls;
	const struct ifa_measure **abi;		/* per ABI, NULL where not measured */
};

/* The classes of change, worst last. */
#define IFA_CLS_COMPATIBLE "compatible"
#define IFA_CLS_SOURCE "source-only"
#define IFA_CLS_VERSION "new-version"
#define IFA_CLS_BREAKING "breaking"

/*
 * Classifies every difference from old to new on the ABIs abis[0..n) into
 * fs: each finding has its class, its rule, "old" in expected and "new" in
 * actual.
 */
void ifa_diff(const struct ifa_spec *spec, const struct ifa_diff_side *old,
	      const struct ifa_diff_side *new, const struct ifa_abi_result *abis, size_t n,
	      struct ifa_findings *fs);

/*
 * What check finds wrong with the new header and not with the old one
 * (before NULL: nothing), as breaking changes: a defect a change brings in
 * is a change that breaks, so check and diff never disagree. Only checks
 * of the binary interface count, not those of the file (kernel-doc, SPDX).
 */
void ifa_diff_add_check_findings(const struct ifa_spec *spec, struct ifa_findings *diff,
				 const struct ifa_findings *now, const struct ifa_findings *before);

/* The spec's tables as a measured header, the same on every ABI (for `diff NEW.h`). */
int ifa_spec_as_measure(const struct ifa_spec *spec, struct ifa_measure *m);

/* The worst class among fs, or "compatible" when there is no change. */
const char *ifa_diff_verdict(const struct ifa_findings *fs);

#endif
