/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The registry of checks: everything the checker can judge, by name. A
 * spec's Table R-1 says which of its rules each check judges; the rule
 * tables (layouts, values) name their rules themselves. Judging code
 * names checks, never rule IDs, so one check serves every spec.
 */
#ifndef IFA_CHECKS_H
#define IFA_CHECKS_H

#include "findings.h"
#include "spec.h"

struct ifa_check_info {
	const char *name;
	const char *what;	/* what it judges, one line */
	int abi;		/* judges the binary interface (layouts, values), not the file */
};

extern const struct ifa_check_info ifa_checks[];
extern const size_t ifa_nchecks;

/* 1 if the checker has a check of that name. */
int ifa_check_known(const char *name);

/* How a finding of a check is reported. */
enum ifa_check_weight {
	IFA_AS_RULE,		/* with the level of its rule: MUST, SHOULD, or a note for MAY */
	IFA_AS_NOTE,		/* a note whatever its rule says: worth knowing, not a defect */
};

/*
 * Adds a finding of check `check` under the rule the spec gives it (see
 * ifa_finding_add). NULL, and nothing added, when the spec gives the
 * check no rule or --rules leaves its rule out.
 */
struct ifa_finding *ifa_check_add(const struct ifa_spec *spec, struct ifa_findings *fs,
				  const char *check, enum ifa_check_weight weight,
				  const char *st, const char *field, const char *abi,
				  const char *expected, const char *actual, const char *fix,
				  const char *fmt, ...)
	__attribute__((format(printf, 11, 12)));

/* The check that judges rule `rule` under spec, or NULL. */
const struct ifa_check_info *ifa_check_of_rule(const struct ifa_spec *spec, const char *rule);

/* The rule ID of a check under spec, or the check's own name when the spec has none. */
const char *ifa_check_rule(const struct ifa_spec *spec, const char *check);

#endif
