/* SPDX-License-Identifier: GPL-2.0 */
/* `check --format html`: the verdict of a whole header, grouped by struct, with byte maps. */
#ifndef IFA_HTML_REPORT_H
#define IFA_HTML_REPORT_H

#include "findings.h"
#include "run.h"
#include "spec.h"
#include "util.h"

#include <stdio.h>

/* Prints the report; returns the exit code it stands for, as ifa_report. */
int ifa_report_html(FILE *out, const struct ifa_run *run, const struct ifa_spec *spec,
		    const struct ifa_findings *fs);

/* The pieces the HTML report of diff shares. */

/* The spec's HTML page beside a report: "iommu-fault-abi.html" for spec/iommu-fault-abi.md. */
void ifa_html_spec_page(const char *spec_path, struct ifa_str *page);

/* A rule ID linked to its anchor in page. */
void ifa_html_rule_link(FILE *out, const char *page, const char *rule);

/* A table cell of text, of class cls if not NULL. */
void ifa_html_cell(FILE *out, const char *cls, const char *text);

/*
 * The cells of a finding after its leading ones: field, ABIs, expected,
 * actual, and the finding with its fix, evidence and consequences.
 */
struct ifa_finding;
void ifa_html_finding_cells(FILE *out, const struct ifa_finding *f);

/* One row of a growth budget table; label (before, after) in a first cell, or NULL. */
struct ifa_budget_use;
void ifa_html_budget_row(FILE *out, const char *label, const struct ifa_budget_use *u);

#endif
