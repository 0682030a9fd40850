/* SPDX-License-Identifier: GPL-2.0 */
/* Findings: what a check found wrong, merged over the ABIs where it holds. */
#ifndef IFA_FINDINGS_H
#define IFA_FINDINGS_H

#include <stddef.h>

#define IFA_MAX_FINDINGS 512

enum ifa_severity {
	IFA_SEV_MUST,	/* a MUST rule is broken: exit 1 */
	IFA_SEV_SHOULD,	/* a SHOULD rule is broken: reported, exit 0 */
	IFA_SEV_INFO,	/* worth knowing; not a defect of the header */
};

struct ifa_finding {
	char cls[16];		/* diff only: compatible, source-only, new-version, breaking */
	char rule[24];
	enum ifa_severity severity;
	char struct_name[96];
	char field[96];
	char abis[1024];	/* space-separated; "" when not ABI-specific */
	char expected[160];
	char actual[160];
	char message[512];
	char fix[256];
};

struct ifa_findings {
	size_t n;
	size_t dropped;		/* past IFA_MAX_FINDINGS */
	/*
	 * check --rules: the rule IDs and families ("IFA-PORT") to apply,
	 * space-separated; the findings of other IFA- rules are not recorded.
	 * NULL: every rule.
	 */
	const char *only;
	struct ifa_finding items[IFA_MAX_FINDINGS];
};

/*
 * Adds a finding; one with the same rule, struct, field, expected and
 * actual value gains the ABI instead (abi NULL: not ABI-specific). Returns
 * the finding, or NULL when the list is full.
 */
struct ifa_finding *ifa_finding_add(struct ifa_findings *fs, const char *rule,
		     enum ifa_severity sev, const char *st, const char *field,
		     const char *abi, const char *expected, const char *actual,
		     const char *fix, const char *fmt, ...)
	__attribute__((format(printf, 10, 11)));

size_t ifa_findings_count(const struct ifa_findings *fs, enum ifa_severity sev);

/* 1 if word is one of the space-separated words of list. */
int ifa_has_word(const char *list, const char *word);

/* 1 if rule is one of the IDs or families ("IFA-PORT") of the space-separated list. */
int ifa_rule_selected(const char *list, const char *rule);

/* 1 if a MUST finding names this ABI. */
int ifa_findings_fail_abi(const struct ifa_findings *fs, const char *abi);

#endif
