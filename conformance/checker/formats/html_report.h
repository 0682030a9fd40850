/* SPDX-License-Identifier: GPL-2.0 */
/* `check --format html`: the verdict of a whole header, grouped by struct, with byte maps. */
#ifndef IFA_HTML_REPORT_H
#define IFA_HTML_REPORT_H

#include "findings.h"
#include "run.h"
#include "spec.h"

#include <stdio.h>

/* Prints the report; returns the exit code it stands for, as ifa_report. */
int ifa_report_html(FILE *out, const struct ifa_run *run, const struct ifa_spec *spec,
		    const struct ifa_findings *fs);

#endif
