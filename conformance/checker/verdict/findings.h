/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Findings: what a check found wrong, merged over the ABIs where it holds.
 * One finding is one defect at its root; what it causes elsewhere (a
 * layout that differs between ABIs, a struct that embeds the defective
 * one) is listed under it as its consequences.
 */
#ifndef IFA_FINDINGS_H
#define IFA_FINDINGS_H

#include <stddef.h>

enum ifa_severity {
	IFA_SEV_MUST,	/* a MUST rule is broken: exit 1 */
	IFA_SEV_SHOULD,	/* a SHOULD rule is broken: reported, exit 0 */
	IFA_SEV_INFO,	/* worth knowing; not a defect of the header */
};

struct ifa_finding {
	char *cls;		/* diff only: compatible, source-only, new-version, breaking; else "" */
	char *rule;
	enum ifa_severity severity;
	char *struct_name;
	char *field;
	char *abis;		/* space-separated; "" when not ABI-specific */
	char *expected;
	char *actual;
	char *message;
	char *fix;
	char *evidence;		/* the engines that saw it, or "" */
	size_t nconsequences;
	char **consequences;	/* "struct x: ...": what this defect causes elsewhere */
	char *folded_abis;	/* the ABIs of findings folded into this one, or NULL */
};

struct ifa_findings {
	size_t n, cap;
	/*
	 * check --rules: the rule IDs and families ("IFA-PORT") to apply,
	 * space-separated; the findings of other rules are not recorded.
	 * NULL: every rule.
	 */
	const char *only;
	struct ifa_finding *items;
};

/*
 * Adds a finding; one with the same rule, struct, field, expected and
 * actual value gains the ABI instead (abi NULL: not ABI-specific). Returns
 * the finding, or NULL when the rule is not selected or memory runs out.
 */
struct ifa_finding *ifa_finding_add(struct ifa_findings *fs, const char *rule,
		     enum ifa_severity sev, const char *st, const char *field,
		     const char *abi, const char *expected, const char *actual,
		     const char *fix, const char *fmt, ...)
	__attribute__((format(printf, 10, 11)));

/* Sets a string member of f (cls, evidence, ...) to a copy of value. */
void ifa_finding_set(char **member, const char *value);

/* Adds one consequence to f. */
void ifa_finding_consequence(struct ifa_finding *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Folds finding `from` into finding `into` as one of its consequences (its
 * rule, message, ABIs, expected and actual values, and its own
 * consequences), and removes it from fs. The other findings keep their order;
 * the ABIs `from` named still fail (ifa_findings_fail_abi).
 */
void ifa_finding_fold(struct ifa_findings *fs, size_t from, size_t into);

void ifa_findings_free(struct ifa_findings *fs);

size_t ifa_findings_count(const struct ifa_findings *fs, enum ifa_severity sev);

/* 1 if word is one of the space-separated words of list. */
int ifa_has_word(const char *list, const char *word);

/* 1 if rule is one of the IDs or families ("IFA-PORT") of the space-separated list. */
int ifa_rule_selected(const char *list, const char *rule);

/* 1 if a MUST finding names this ABI, or a finding folded into one did. */
int ifa_findings_fail_abi(const struct ifa_findings *fs, const char *abi);

#endif
