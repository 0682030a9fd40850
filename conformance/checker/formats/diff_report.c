/* SPDX-License-Identifier: GPL-2.0 */
#include "diff_report.h"
#include "emit.h"
#include "util.h"

#include <string.h>

static const char *const classes[] = { IFA_CLS_BREAKING, IFA_CLS_VERSION, IFA_CLS_SOURCE,
				       IFA_CLS_COMPATIBLE };

static int failing(const struct ifa_finding *f)
{
	return !strcmp(f->cls, IFA_CLS_BREAKING) || !strcmp(f->cls, IFA_CLS_VERSION);
}

/* "struct NAME.field", or what of it the change names, appended to w. */
static void where(struct ifa_str *w, const struct ifa_finding *f)
{
	ifa_str_add(w, "%s%s%s%s", *f->struct_name ? "struct " : "", f->struct_name,
		    *f->struct_name && *f->field ? "." : "", f->field);
}

static void text_budget(FILE *out, const char *when, const struct ifa_budget_use *u, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (u[i].size < 0)
			fprintf(out, "  %-7s %-8s struct %s is not in the header\n", when,
				u[i].row->member, u[i].row->struct_name);
		else
			fprintf(out, "  %-7s %-8s %5ld of %ld bytes (%ld left), %d flag bits (%d left)\n",
				when, u[i].row->member, u[i].size, u[i].row->budget, u[i].bytes_left,
				u[i].bits_used, u[i].bits_left);
}

static void text(FILE *out, const struct ifa_diff_report *d, const struct ifa_findings *fs)
{
	size_t i, k;

	fprintf(out, "iommu-fault-abi diff\n  old: %s\n  new: %s\n  on:  %zu ABIs measured\n\n",
		d->old->label, d->new->label, ifa_run_measured(d->new_run));
	if (d->nbefore || d->nafter) {
		fprintf(out, "growth budget:\n");
		text_budget(out, "before", d->before, d->nbefore);
		text_budget(out, "after", d->after, d->nafter);
	}
	for (k = 0; k < 4; k++)
		for (i = 0; i < fs->n; i++) {
			const struct ifa_finding *f = &fs->items[i];
			struct ifa_str w = { 0 };

			if (strcmp(f->cls, classes[k]))
				continue;
			where(&w, f);
			fprintf(out, "\n%-11s %-11s %s: %s\n", f->cls, f->rule, ifa_str_get(&w),
				f->message);
			ifa_str_free(&w);
			fprintf(out, "    on:  %s\n", *f->abis ? f->abis : "every ABI");
			fprintf(out, "    old: %s\n    new: %s\n", f->expected, f->actual);
			if (*f->fix)
				fprintf(out, "    fix: %s\n", f->fix);
		}
	fprintf(out, "\nverdict: %s (%zu changes)\n", ifa_diff_verdict(fs), fs->n);
}

static void json_budget(FILE *out, const struct ifa_budget_use *u, size_t n)
{
	size_t i;

	fputc('[', out);
	for (i = 0; i < n; i++) {
		fprintf(out, "%s{\"member\": ", i ? ", " : "");
		ifa_json_str(out, u[i].row->member);
		ifa_json_budget_numbers(out, &u[i]);
		fputc('}', out);
	}
	fputc(']', out);
}

static void json(FILE *out, const struct ifa_diff_report *d, const struct ifa_findings *fs)
{
	size_t i;

	fprintf(out, "{\n  \"old\": ");
	ifa_json_str(out, d->old->label);
	fprintf(out, ",\n  \"new\": ");
	ifa_json_str(out, d->new->label);
	fprintf(out, ",\n  \"verdict\": \"%s\",\n  \"abis\": [", ifa_diff_verdict(fs));
	for (i = 0; i < d->new_run->n; i++) {
		const struct ifa_abi_result *r = &d->new_run->r[i];

		fprintf(out, "%s", i ? ", " : "");
		ifa_json_abi(out, r, ifa_authority(r) ? "measured" : "skipped");
	}
	fprintf(out, "],\n  \"budget\": {\"before\": ");
	json_budget(out, d->before, d->nbefore);
	fprintf(out, ", \"after\": ");
	json_budget(out, d->after, d->nafter);
	fprintf(out, "},\n  \"changes\": [");
	for (i = 0; i < fs->n; i++) {
		fprintf(out, "%s\n    ", i ? "," : "");
		ifa_json_finding(out, &fs->items[i], "old", "new");
	}
	fprintf(out, "\n  ]\n}\n");
}

/* TAP and JUnit: one test point per change; breaking and new-version ones fail. */
static void tap(FILE *out, const struct ifa_findings *fs)
{
	size_t i;

	fprintf(out, "TAP version 13\n1..%zu\n", fs->n ? fs->n : 1);
	if (!fs->n)
		fprintf(out, "ok 1 no change\n");
	for (i = 0; i < fs->n; i++) {
		const struct ifa_finding *f = &fs->items[i];
		struct ifa_str w = { 0 };

		where(&w, f);
		if (failing(f))
			fprintf(out, "# old: %s\n# new: %s\n", f->expected, f->actual);
		fprintf(out, "%sok %zu %s %s %s: %s\n", failing(f) ? "not " : "", i + 1, f->cls, f->rule,
			ifa_str_get(&w), f->message);
		ifa_str_free(&w);
	}
}

/* The time measuring one ABI took, on both sides; 0 where it was not measured. */
static double abi_seconds(const struct ifa_run *run, const char *abi)
{
	size_t i;

	for (i = 0; run && run->abi_seconds && i < run->n; i++)
		if (!strcmp(run->r[i].abi->name, abi))
			return run->abi_seconds[i];
	return 0;
}

/*
 * The time a change took to find: measuring the ABIs it holds on (they are
 * measured at once: the longest), or the whole run for a change on every ABI.
 */
static double change_seconds(const struct ifa_diff_report *d, const struct ifa_finding *f,
			     double whole)
{
	double longest = 0;
	size_t i;

	for (i = 0; *f->abis && i < d->new_run->n; i++) {
		const char *abi = d->new_run->r[i].abi->name;
		double t;

		if (!ifa_has_word(f->abis, abi))
			continue;
		t = abi_seconds(d->old_run, abi) + abi_seconds(d->new_run, abi);
		if (t > longest)
			longest = t;
	}
	return longest > 0 ? longest : whole;
}

/*
 * JUnit, through the emitter check's JUnit shares (emit.c): one test case
 * per change, or one passing "no change" case, never an empty suite.
 */
static void junit(FILE *out, const struct ifa_diff_report *d, const struct ifa_findings *fs)
{
	double whole = d->new_run->seconds + (d->old_run ? d->old_run->seconds : 0);
	struct ifa_junit ju;
	size_t i;

	if (ifa_junit_start(&ju)) {
		fprintf(stderr, "iommu-fault-abi: out of memory writing the JUnit report\n");
		return;
	}
	ifa_junit_property(&ju, "old", d->old->label);
	ifa_junit_property(&ju, "new", d->new->label);
	ifa_junit_property(&ju, "verdict", ifa_diff_verdict(fs));
	if (!fs->n) {
		struct ifa_junit_case c = { "diff", "no change", whole, NULL, NULL, NULL, NULL };

		ifa_junit_case(&ju, &c);
	}
	for (i = 0; i < fs->n; i++) {
		const struct ifa_finding *f = &fs->items[i];
		struct ifa_str name = { 0 }, text = { 0 };
		struct ifa_junit_case c = { f->cls, NULL, change_seconds(d, f, whole), NULL, NULL,
					    NULL, NULL };

		ifa_str_add(&name, "%s ", f->rule);
		where(&name, f);
		if (!*f->struct_name && !*f->field)
			ifa_str_add(&name, "header");
		c.name = ifa_str_get(&name);
		if (failing(f)) {
			ifa_str_add(&text, "old: %s\nnew: %s\non:  %s\n", f->expected, f->actual,
				    *f->abis ? f->abis : "every ABI");
			if (*f->fix)
				ifa_str_add(&text, "fix: %s\n", f->fix);
			c.failure_type = f->cls;
			c.failure_message = f->message;
			c.failure_text = ifa_str_get(&text);
		}
		ifa_junit_case(&ju, &c);
		ifa_str_free(&name);
		ifa_str_free(&text);
	}
	if (ifa_junit_finish(&ju, out, "iommu-fault-abi diff", whole))
		fprintf(stderr, "iommu-fault-abi: out of memory writing the JUnit report\n");
}

int ifa_diff_exit(const struct ifa_findings *fs)
{
	size_t i;

	/* A breaking change: 1; one that needs a new ABI version and none that breaks: 4. */
	for (i = 0; i < fs->n; i++)
		if (!strcmp(fs->items[i].cls, IFA_CLS_BREAKING))
			return IFA_EXIT_FINDINGS;
	for (i = 0; i < fs->n; i++)
		if (failing(&fs->items[i]))
			return IFA_EXIT_NEW_VERSION;
	return IFA_EXIT_PASS;
}

int ifa_diff_print(FILE *out, enum ifa_format fmt, const struct ifa_diff_report *d,
		   const struct ifa_findings *fs)
{
	switch (fmt) {
	case IFA_FMT_TEXT:
		text(out, d, fs);
		break;
	case IFA_FMT_JSON:
		json(out, d, fs);
		break;
	case IFA_FMT_TAP:
		tap(out, fs);
		break;
	case IFA_FMT_JUNIT:
		junit(out, d, fs);
		break;
	}
	return ifa_diff_exit(fs);
}
