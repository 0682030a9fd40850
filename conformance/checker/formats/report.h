/* SPDX-License-Identifier: GPL-2.0 */
/* The verdict of check in the four output formats. */
#ifndef IFA_REPORT_H
#define IFA_REPORT_H

#include "budget.h"
#include "findings.h"
#include "run.h"
#include "spec.h"

#include <stdio.h>

enum ifa_format { IFA_FMT_TEXT, IFA_FMT_JSON, IFA_FMT_TAP, IFA_FMT_JUNIT };

int ifa_format_parse(const char *s, enum ifa_format *out);

/* Prints the report; returns the exit code it stands for. */
int ifa_report(FILE *out, enum ifa_format fmt, const struct ifa_run *run,
	       const struct ifa_spec *spec, const struct ifa_findings *fs);

/* Text reports: --quiet (only findings and the verdict), and findings a baseline dropped. */
extern int ifa_report_quiet;
extern size_t ifa_report_baselined;

/*
 * One finding as text that quotes into a review mail: a first line with
 * rule, file:line, struct.field, ABIs and the fix, details indented below,
 * within 80 columns. decls (may be NULL) gives the line.
 */
void ifa_text_finding(FILE *out, const struct ifa_finding *f, const char *header,
		      const struct ifa_measure *decls);

/* What a scan did, for its summary. */
struct ifa_scan_summary {
	size_t headers, judged, batches, compiles, baselined;
	double seconds;
	int quiet;
};

/* The report of a scan (text or JSON): fs[i] for sc->runs[i]; returns the exit code. */
int ifa_scan_report(FILE *out, enum ifa_format fmt, const struct ifa_scan *sc,
		    const struct ifa_spec *spec, const struct ifa_findings *fs,
		    const struct ifa_scan_summary *sum);

/* One ABI of a run as a JSON object: name, engines, status, reason. */
void ifa_json_abi(FILE *out, const struct ifa_abi_result *r, const char *status);

/* One finding as a JSON object; was and now name its expected and actual members. */
void ifa_json_finding(FILE *out, const struct ifa_finding *f, const char *was, const char *now);

/* The numbers of a budget row as JSON members (", \"size\": ..."): null where the struct is absent. */
void ifa_json_budget_numbers(FILE *out, const struct ifa_budget_use *u);

/* "pass", "fail" (a MUST finding on its ABI) or "skipped" (nothing measured it). */
const char *ifa_abi_status(const struct ifa_abi_result *r, const struct ifa_findings *fs);

/* "MUST", "SHOULD" or "info". */
const char *ifa_severity_name(enum ifa_severity s);

/* The engines that measured an ABI, e.g. "gcc clang pahole", or "-". */
void ifa_engines(const struct ifa_abi_result *r, char *dst, size_t size);

#endif
