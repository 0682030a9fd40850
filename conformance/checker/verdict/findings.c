/* SPDX-License-Identifier: GPL-2.0 */
#define _GNU_SOURCE
#include "findings.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
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

/* A copy of s, "" for NULL; NULL only when memory runs out. */
static char *dup(const char *s)
{
	return strdup(s ? s : "");
}

void ifa_finding_set(char **member, const char *value)
{
	char *d = dup(value);

	if (d) {
		free(*member);
		*member = d;
	}
}

static void append_abi(struct ifa_finding *f, const char *abi)
{
	char *joined;

	if (ifa_has_word(f->abis, abi))
		return;
	if (asprintf(&joined, "%s%s%s", f->abis, *f->abis ? " " : "", abi) < 0)
		return;
	free(f->abis);
	f->abis = joined;
}

struct ifa_finding *ifa_finding_add(struct ifa_findings *fs, const char *rule,
		     enum ifa_severity sev, const char *st, const char *field,
		     const char *abi, const char *expected, const char *actual,
		     const char *fix, const char *fmt, ...)
{
	struct ifa_finding *f;
	va_list ap;
	size_t i;

	if (!rule || (fs->only && !ifa_rule_selected(fs->only, rule)))
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
		if (abi)
			append_abi(f, abi);
		return f;
	}
	if (fs->n == fs->cap) {
		size_t cap = fs->cap ? fs->cap * 2 : 32;
		struct ifa_finding *items = realloc(fs->items, cap * sizeof(*items));

		if (!items)
			return NULL;
		fs->items = items;
		fs->cap = cap;
	}
	f = &fs->items[fs->n];
	memset(f, 0, sizeof(*f));
	f->severity = sev;
	f->cls = dup("");
	f->rule = dup(rule);
	f->struct_name = dup(st);
	f->field = dup(field);
	f->abis = dup(abi);
	f->expected = dup(expected);
	f->actual = dup(actual);
	f->fix = dup(fix);
	f->evidence = dup("");
	va_start(ap, fmt);
	if (vasprintf(&f->message, fmt, ap) < 0)
		f->message = NULL;
	va_end(ap);
	if (!f->cls || !f->rule || !f->struct_name || !f->field || !f->abis || !f->expected ||
	    !f->actual || !f->fix || !f->evidence || !f->message) {
		fs->n++;
		ifa_findings_free(fs);	/* out of memory: nothing partial is reported */
		return NULL;
	}
	fs->n++;
	return f;
}

void ifa_finding_consequence(struct ifa_finding *f, const char *fmt, ...)
{
	char **c, *text;
	va_list ap;
	size_t i;

	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0)
		text = NULL;
	va_end(ap);
	if (!text)
		return;
	for (i = 0; i < f->nconsequences; i++)
		if (!strcmp(f->consequences[i], text)) {
			free(text);
			return;
		}
	c = realloc(f->consequences, (f->nconsequences + 1) * sizeof(*c));
	if (!c) {
		free(text);
		return;
	}
	f->consequences = c;
	c[f->nconsequences++] = text;
}

static void finding_free(struct ifa_finding *f)
{
	size_t j;

	free(f->cls);
	free(f->rule);
	free(f->struct_name);
	free(f->field);
	free(f->abis);
	free(f->expected);
	free(f->actual);
	free(f->message);
	free(f->fix);
	free(f->evidence);
	for (j = 0; j < f->nconsequences; j++)
		free(f->consequences[j]);
	free(f->consequences);
	free(f->folded_abis);
}

void ifa_finding_fold(struct ifa_findings *fs, size_t from, size_t into)
{
	struct ifa_finding *f = &fs->items[from], *r = &fs->items[into];
	size_t j;

	ifa_finding_consequence(r, "%s: %s%s%s %s on %s: expected %s, actual %s", f->rule,
				f->struct_name, *f->field ? "." : "", f->field, f->message,
				*f->abis ? f->abis : "every ABI", f->expected, f->actual);
	for (j = 0; j < f->nconsequences; j++)
		ifa_finding_consequence(r, "%s", f->consequences[j]);
	if (*f->abis || f->folded_abis) {
		char *joined;

		if (asprintf(&joined, "%s %s %s", r->folded_abis ? r->folded_abis : "", f->abis,
			     f->folded_abis ? f->folded_abis : "") >= 0) {
			free(r->folded_abis);
			r->folded_abis = joined;
		}
	}
	finding_free(f);
	memmove(f, f + 1, (fs->n - from - 1) * sizeof(*f));
	fs->n--;
}

void ifa_findings_free(struct ifa_findings *fs)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		finding_free(&fs->items[i]);
	free(fs->items);
	fs->items = NULL;
	fs->n = fs->cap = 0;
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
		if (fs->items[i].severity == IFA_SEV_MUST &&
		    (ifa_has_word(fs->items[i].abis, abi) ||
		     (fs->items[i].folded_abis && ifa_has_word(fs->items[i].folded_abis, abi))))
			return 1;
	return 0;
}
