/* SPDX-License-Identifier: GPL-2.0 */
#define _GNU_SOURCE
#include "rules_view.h"
#include "checks.h"
#include "findings.h"
#include "util.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

static const char *const level_names[] = { "MUST", "SHOULD", "MAY" };

void ifa_rules_print_list(FILE *out, const struct ifa_spec *spec)
{
	size_t i;

	for (i = 0; i < spec->nrules; i++)
		fprintf(out, "%s\t%s\n", spec->rules[i].id, spec->rules[i].party);
}

void ifa_rules_print_checks(FILE *out, const struct ifa_spec *spec)
{
	size_t i;

	for (i = 0; i < ifa_nchecks; i++) {
		const struct ifa_spec_rule *r = ifa_spec_rule_for(spec, ifa_checks[i].name);

		fprintf(out, "%-22s %-12s %s\n", ifa_checks[i].name, r ? r->id : "-",
			ifa_checks[i].what);
	}
}

/* 1 if line names rule exactly: the ID not followed by a digit (IFA-GROW-1 is not IFA-GROW-10). */
static int names_rule(const char *line, const char *rule)
{
	size_t n = strlen(rule);
	const char *p = line;

	while ((p = strstr(p, rule))) {
		if (p[n] < '0' || p[n] > '9')
			return 1;
		p += n;
	}
	return 0;
}

/*
 * The places in file path that exercise rule: a TOML case (by its name),
 * a fixture section (by its [name]), or a test's line.
 */
static void scan(FILE *out, const char *datadir, const char *rel, const char *rule, int *any)
{
	char *path, *text, *line, *next, context[256] = "";
	const char *err;
	int lineno = 0;

	if (asprintf(&path, "%s/%s", datadir, rel) < 0)
		return;
	text = ifa_read_file(path, NULL, &err);
	free(path);
	for (line = text; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		if (!strncmp(line, "name = \"", 8))
			ifa_fmt(context, sizeof(context), "case %.*s", (int)strcspn(line + 8, "\""), line + 8);
		else if (line[0] == '[' && line[1] != '[')
			ifa_fmt(context, sizeof(context), "fixture %.*s", (int)strcspn(line + 1, "]"),
				line + 1);
		if (!names_rule(line, rule))
			continue;
		if (!strncmp(rel, "conformance/cases/", 18)) {	/* a case: its rules line */
			if (!strncmp(line, "rules =", 7)) {
				fprintf(out, "    %s\n", rel);
				*any = 1;
			}
			continue;
		}
		if (*context && (strstr(rel, ".toml") || strstr(rel, "fixtures/")))
			fprintf(out, "    %s: %s\n", rel, context);
		else
			fprintf(out, "    %s:%d\n", rel, lineno);
		*any = 1;
	}
	free(text);
}

/* Every file of datadir/dir whose name ends in one of the suffixes, in name order. */
static void scan_dir(FILE *out, const char *datadir, const char *dir, const char *suffixes,
		     const char *rule, int *any)
{
	struct dirent **names;
	char *path;
	int n, i;

	if (asprintf(&path, "%s/%s", datadir, dir) < 0)
		return;
	n = scandir(path, &names, NULL, alphasort);
	free(path);
	for (i = 0; i < n; i++) {
		const char *dot = strrchr(names[i]->d_name, '.');
		char *rel;

		if (dot && ifa_has_word(suffixes, dot) &&
		    asprintf(&rel, "%s/%s", dir, names[i]->d_name) >= 0) {
			scan(out, datadir, rel, rule, any);
			free(rel);
		}
		free(names[i]);
	}
	if (n >= 0)
		free(names);
}

/* The bad headers of conformance/cases/RULE/NAME.toml whose rules name rule. */
static void scan_cases(FILE *out, const char *datadir, const char *rule, int *any)
{
	struct dirent **dirs;
	char *path;
	int n, i;

	if (asprintf(&path, "%s/conformance/cases", datadir) < 0)
		return;
	n = scandir(path, &dirs, NULL, alphasort);
	free(path);
	for (i = 0; i < n; i++) {
		char *dir;

		if (dirs[i]->d_name[0] != '.' &&
		    asprintf(&dir, "conformance/cases/%s", dirs[i]->d_name) >= 0) {
			scan_dir(out, datadir, dir, ".toml", rule, any);
			free(dir);
		}
		free(dirs[i]);
	}
	if (n >= 0)
		free(dirs);
}

/*
 * How conformance/rule-checks.tsv says the rule is checked, as a phrase, or
 * NULL when the table is missing or does not list it.
 */
static char *how_checked(const char *datadir, const char *id)
{
	static const struct { const char *how, *what; } hows[] = {
		{ "header", "on any header, by check and diff" },
		{ "roles", "on any implementation, through the role protocol (check-roles)" },
		{ "reference", "on this project's reference implementation only" },
		{ "pending", "not yet (conformance/pending-rules.tsv says why)" },
	};
	char *path, *text, *line, *save = NULL, *found = NULL;
	size_t i, n = strlen(id);
	const char *err;

	if (asprintf(&path, "%s/conformance/rule-checks.tsv", datadir) < 0)
		return NULL;
	text = ifa_read_file(path, NULL, &err);
	free(path);
	for (line = text ? strtok_r(text, "\n", &save) : NULL; line && !found;
	     line = strtok_r(NULL, "\n", &save)) {
		char *party, *how, *by;

		if (strncmp(line, id, n) || line[n] != '\t' || !(party = strchr(line + n + 1, '\t')) ||
		    !(how = party + 1) || !(by = strchr(how, '\t')))
			continue;
		*by++ = '\0';
		for (i = 0; i < sizeof(hows) / sizeof(hows[0]); i++)
			if (!strcmp(how, hows[i].how) && asprintf(&found, "%s: %s", hows[i].what, by) < 0)
				found = NULL;
	}
	free(text);
	return found;
}

int ifa_rules_print_detail(FILE *out, const struct ifa_spec *spec, const char *selector,
			   const char *datadir)
{
	size_t i, j;
	int found = 0;

	for (i = 0; i < spec->nrules; i++) {
		const struct ifa_spec_rule *r = &spec->rules[i];
		const char *check = NULL;
		int any = 0;

		if (!ifa_rule_selected(selector, r->id))
			continue;
		found = 1;
		for (j = 0; j < spec->nchecks; j++)
			if (!strcmp(spec->checks[j].rule, r->id))
				check = spec->checks[j].check;
		for (j = 0; !check && j < spec->nstructs; j++)
			if (!strcmp(spec->structs[j].rule, r->id))
				check = "its layout table";
		for (j = 0; !check && j < spec->ntables; j++)
			if (!strcmp(spec->tables[j].rule, r->id))
				check = "its value table";
		fprintf(out, "%s (%s, %s), %s:%d\n  %s\n", r->id, r->party, level_names[r->level],
			spec->path, r->line, r->text);
		{
			char *how = how_checked(datadir, r->id);

			if (check)
				fprintf(out, "  checked by: %s\n", check);
			if (how)	/* the IFA and IOFD specs' rules */
				fprintf(out, "  judged: %s\n", how);
			free(how);
		}
		fprintf(out, "  exercised by:\n");
		scan_cases(out, datadir, r->id, &any);
		scan(out, datadir, "conformance/bad/diff-cases.toml", r->id, &any);
		scan_dir(out, datadir, "fixtures", ".txt", r->id, &any);
		scan_dir(out, datadir, "conformance/tests", ".c .py", r->id, &any);
		if (!any)
			fprintf(out, "    nothing in %s: see conformance/pending-rules.tsv\n", datadir);
	}
	return found ? 0 : -1;
}
