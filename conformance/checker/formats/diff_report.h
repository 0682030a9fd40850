/* SPDX-License-Identifier: GPL-2.0 */
/* The classified changes of `diff` in the four output formats. */
#ifndef IFA_DIFF_REPORT_H
#define IFA_DIFF_REPORT_H

#include "budget.h"
#include "diff.h"
#include "report.h"

struct ifa_diff_report {
	const struct ifa_diff_side *old, *new;
	const struct ifa_run *new_run;		/* the ABIs and their engines */
	const struct ifa_budget_use *before, *after;
	size_t nbefore, nafter;
	const struct ifa_run *old_run;		/* NULL: the old side is the spec's tables */
	const char *spec_path;			/* the spec the rules are of (HTML links to it) */
};

/* diff's exit code for a change that needs a new ABI version and none that breaks. */
#define IFA_EXIT_NEW_VERSION 4

/*
 * Prints the report; returns the exit code it stands for: 0 no change or
 * only compatible and source-only ones, IFA_EXIT_NEW_VERSION, or
 * IFA_EXIT_FINDINGS (1) for a breaking change.
 */
int ifa_diff_print(FILE *out, enum ifa_format fmt, const struct ifa_diff_report *d,
		   const struct ifa_findings *fs);

/* The exit code that stands for the changes fs, as ifa_diff_print returns it. */
int ifa_diff_exit(const struct ifa_findings *fs);

/*
 * `diff --format html`: one page, a section per struct that changed with
 * its changes, their rules, and its byte maps old beside new for each
 * family of ABIs. Returns as ifa_diff_print.
 */
int ifa_diff_html(FILE *out, const struct ifa_diff_report *d, const struct ifa_findings *fs);

#endif
