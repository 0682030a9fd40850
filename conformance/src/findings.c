/* SPDX-License-Identifier: GPL-2.0 */
#include "findings.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int ifa_has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p = list;

	while ((p = strstr(p, word))) {
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
		p += n;
	}
	return 0;
}

int ifa_rule_selected(const char *list, const char *rule)
{
	const char *p = list;

	while (*p) {
		size_t n = strcspn(p, " ");

		if (n && !strncmp(rule, p, n) && (rule[n] == '\0' || rule[n] == '-'))
			return 1;
		p += n;
		p += strspn(p, " ");
	}
	return 0;
}

struct ifa_finding *ifa_finding_add(struct ifa_findings *fs, const char *rule,
		     enum ifa_severity sev, const char *st, const char *field,
		     const char *abi, const char *expected, const char *actual,
		     const char *fix, const char *fmt, ...)
{
	struct ifa_finding *f;
	va_list ap;
	size_t i;

	/* Engine notes are about the measurement, not a rule: always kept. */
	if (fs->only && !strncmp(rule, "IFA-", 4) && !ifa_rule_selected(fs->only, rule))
		return NULL;
	st = st ? st : "";
	field = field ? field : "";
	expected = expected ? expected : "";
	actual = actual ? actual : "";
	for (i = 0; i < fs->n; i++) {
		f = &fs->items[i];
		if (strcmp(f->rule, rule) || strcmp(f->struct_name, st) ||
		    strcmp(f->field, field) || strcmp(f->expected, expected) ||
		    strcmp(f->actual, actual))
			continue;
		if (abi && !ifa_has_word(f->abis, abi)) {
			size_t used = strlen(f->abis);

			ifa_fmt(f->abis + used, sizeof(f->abis) - used, "%s%s",
				used ? " " : "", abi);
		}
		return f;
	}
	if (fs->n == IFA_MAX_FINDINGS) {
		fs->dropped++;
		return NULL;
	}
	f = &fs->items[fs->n++];
	memset(f, 0, sizeof(*f));
	ifa_copy(f->rule, sizeof(f->rule), rule, strlen(rule));
	f->severity = sev;
	ifa_copy(f->struct_name, sizeof(f->struct_name), st, strlen(st));
	ifa_copy(f->field, sizeof(f->field), field, strlen(field));
	if (abi)
		ifa_copy(f->abis, sizeof(f->abis), abi, strlen(abi));
	ifa_copy(f->expected, sizeof(f->expected), expected, strlen(expected));
	ifa_copy(f->actual, sizeof(f->actual), actual, strlen(actual));
	if (fix)
		ifa_copy(f->fix, sizeof(f->fix), fix, strlen(fix));
	va_start(ap, fmt);
	vsnprintf(f->message, sizeof(f->message), fmt, ap);
	va_end(ap);
	return f;
}

size_t ifa_findings_count(const struct ifa_findings *fs, enum ifa_severity sev)
{
	size_t i, n = 0;

	for (i = 0; i < fs->n; i++)
		n += fs->items[i].severity == sev;
	return n;
}

int ifa_findings_fail_abi(const struct ifa_findings *fs, const char *abi)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		if (fs->items[i].severity == IFA_SEV_MUST && ifa_has_word(fs->items[i].abis, abi))
			return 1;
	return 0;
}
