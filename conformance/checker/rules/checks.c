/* SPDX-License-Identifier: GPL-2.0 */
#define _GNU_SOURCE
#include "checks.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct ifa_check_info ifa_checks[] = {
	{ "same-layout", "one size and the same field offsets on every ABI, where no other defect explains the difference", 1 },
	{ "no-implicit-padding", "no hole between fields and no padding after the last one, on any ABI", 1 },
	{ "aligned-64bit", "64-bit fields declared with explicit 8-byte alignment (__aligned_u64)", 1 },
	{ "fixed-width-types", "fields of the types the spec allows; never pointers, long or bitfields", 1 },
	{ "single-bit-flags", "each flag one bit, no two flags of a field sharing one", 1 },
	{ "distinct-values", "no two enumerators of one enumeration with one value", 1 },
	{ "growth-budget", "each union payload within the growth budget, the union its size", 1 },
	{ "growth-append", "new fields appended, naturally aligned, within the budget", 1 },
	{ "growth-gate", "each new field gated by a new flag bit named <PREFIX><FIELD>_VALID", 1 },
	{ "new-payload", "a new fault type's union payload starts with __u32 flags", 1 },
	{ "flag-class", "a gate flag below bit 24; bits 24 to 31 are for must-understand flags", 1 },
	{ "change-needs-version", "a change of size, offset, type or value (diff)", 0 },
	{ "change-allowed", "what a header may add within a version (diff)", 0 },
	{ "change-rename", "a name changed with layout and value kept (diff)", 0 },
	{ "spdx-line", "the SPDX line of the spec's profile first", 0 },
	{ "includes", "no include but the profile's, and compiling without libc", 0 },
	{ "include-guard", "the profile's include guard around the whole header", 0 },
	{ "compiles-everywhere", "C90 to C++17 with gcc and clang, no warning", 0 },
	{ "kernel-doc", "kernel-doc for every struct, member, enumerator and flag", 0 },
};

const size_t ifa_nchecks = sizeof(ifa_checks) / sizeof(ifa_checks[0]);

int ifa_check_known(const char *name)
{
	size_t i;

	for (i = 0; i < ifa_nchecks; i++)
		if (!strcmp(ifa_checks[i].name, name))
			return 1;
	return 0;
}

const struct ifa_check_info *ifa_check_of_rule(const struct ifa_spec *spec, const char *rule)
{
	size_t i, j;

	for (i = 0; i < spec->nchecks; i++)
		if (!strcmp(spec->checks[i].rule, rule))
			for (j = 0; j < ifa_nchecks; j++)
				if (!strcmp(ifa_checks[j].name, spec->checks[i].check))
					return &ifa_checks[j];
	return NULL;
}

const char *ifa_check_rule(const struct ifa_spec *spec, const char *check)
{
	const struct ifa_spec_rule *r = ifa_spec_rule_for(spec, check);

	return r ? r->id : check;
}

struct ifa_finding *ifa_check_add(const struct ifa_spec *spec, struct ifa_findings *fs,
				  const char *check, enum ifa_check_weight weight,
				  const char *st, const char *field, const char *abi,
				  const char *expected, const char *actual, const char *fix,
				  const char *fmt, ...)
{
	const struct ifa_spec_rule *r = ifa_spec_rule_for(spec, check);
	enum ifa_severity sev;
	struct ifa_finding *f;
	char *msg;
	va_list ap;
	int n;

	if (!r)
		return NULL;
	sev = weight == IFA_AS_NOTE || r->level == IFA_LEVEL_MAY ? IFA_SEV_INFO :
	      r->level == IFA_LEVEL_SHOULD ? IFA_SEV_SHOULD : IFA_SEV_MUST;
	va_start(ap, fmt);
	n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	f = ifa_finding_add(fs, r->id, sev, st, field, abi, expected, actual, fix, "%s", msg);
	free(msg);
	return f;
}
