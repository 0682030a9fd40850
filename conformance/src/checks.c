/* SPDX-License-Identifier: GPL-2.0 */
#define _GNU_SOURCE
#include "checks.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct ifa_check_info ifa_checks[] = {
	{ "same-layout", "one size and the same field offsets on every ABI, where no other defect explains the difference" },
	{ "no-implicit-padding", "no hole between fields and no padding after the last one, on any ABI" },
	{ "aligned-64bit", "64-bit fields declared with explicit 8-byte alignment (__aligned_u64)" },
	{ "fixed-width-types", "fields of the types the spec allows; never pointers, long or bitfields" },
	{ "single-bit-flags", "each flag one bit, no two flags of a field sharing one" },
	{ "growth-budget", "each union payload within the growth budget, the union its size" },
	{ "growth-append", "new fields appended, naturally aligned, within the budget" },
	{ "growth-gate", "each new field gated by a new flag bit named <PREFIX><FIELD>_VALID" },
	{ "change-needs-version", "a change of size, offset, type or value (diff)" },
	{ "change-allowed", "what a header may add within a version (diff)" },
	{ "change-rename", "a name changed with layout and value kept (diff)" },
	{ "spdx-line", "the SPDX line of the spec's profile first" },
	{ "includes", "no include but the profile's, and compiling without libc" },
	{ "include-guard", "the profile's include guard around the whole header" },
	{ "compiles-everywhere", "C90 to C++17 with gcc and clang, no warning" },
	{ "kernel-doc", "kernel-doc for every struct, member, enumerator and flag" },
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
