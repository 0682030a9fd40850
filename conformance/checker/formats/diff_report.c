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

static void where(char *dst, size_t size, const struct ifa_finding *f)
{
	ifa_fmt(dst, size, "%s%s%s%s", *f->struct_name ? "struct " : "", f->struct_name,
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
			char w[256];

			if (strcmp(f->cls, classes[k]))
				continue;
			where(w, sizeof(w), f);
			fprintf(out, "\n%-11s %-11s %s: %s\n", f->cls, f->rule, w, f->message);
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
		char w[256];

		where(w, sizeof(w), f);
		if (failing(f))
			fprintf(out, "# old: %s\n# new: %s\n", f->expected, f->actual);
		fprintf(out, "%sok %zu %s %s %s: %s\n", failing(f) ? "not " : "", i + 1, f->cls, f->rule,
			w, f->message);
	}
}

/*
 * JUnit as Jenkins' schema wants it (name, tests, failures, errors, skipped
 * and time on the suite; classname and name on each case): one test case per
 * change, or one passing "no change" case, never an empty suite. The labels
 * of both sides go through ifa_xml_str, whatever bytes their paths hold.
 */
static void junit(FILE *out, const struct ifa_diff_report *d, const struct ifa_findings *fs)
{
	size_t i, failures = 0, tests = fs->n ? fs->n : 1;

	for (i = 0; i < fs->n; i++)
		failures += failing(&fs->items[i]);
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	fprintf(out, "<testsuites name=\"iommu-fault-abi\" tests=\"%zu\" failures=\"%zu\" "
		"errors=\"0\" skipped=\"0\" time=\"0\">\n", tests, failures);
	fprintf(out, "  <testsuite name=\"iommu-fault-abi diff\" tests=\"%zu\" failures=\"%zu\" "
		"errors=\"0\" skipped=\"0\" time=\"0\">\n", tests, failures);
	fprintf(out, "    <properties>\n      <property name=\"old\" value=\"");
	ifa_xml_str(out, d->old->label);
	fprintf(out, "\"/>\n      <property name=\"new\" value=\"");
	ifa_xml_str(out, d->new->label);
	fprintf(out, "\"/>\n      <property name=\"verdict\" value=\"");
	ifa_xml_str(out, ifa_diff_verdict(fs));
	fprintf(out, "\"/>\n    </properties>\n");
	if (!fs->n)
		fprintf(out, "    <testcase classname=\"diff\" name=\"no change\" time=\"0\"/>\n");
	for (i = 0; i < fs->n; i++) {
		const struct ifa_finding *f = &fs->items[i];
		char w[256];

		where(w, sizeof(w), f);
		fprintf(out, "    <testcase classname=\"");
		ifa_xml_str(out, f->cls);
		fprintf(out, "\" name=\"");
		ifa_xml_str(out, f->rule);
		fputc(' ', out);
		ifa_xml_str(out, *w ? w : "header");
		fprintf(out, "\" time=\"0\"%s>\n", failing(f) ? "" : "/");
		if (!failing(f))
			continue;
		fprintf(out, "      <failure type=\"");
		ifa_xml_str(out, f->cls);
		fprintf(out, "\" message=\"");
		ifa_xml_str(out, f->message);
		fprintf(out, "\">old: ");
		ifa_xml_str(out, f->expected);
		fprintf(out, "\nnew: ");
		ifa_xml_str(out, f->actual);
		fprintf(out, "\non:  ");
		ifa_xml_str(out, *f->abis ? f->abis : "every ABI");
		if (*f->fix) {
			fprintf(out, "\nfix: ");
			ifa_xml_str(out, f->fix);
		}
		fprintf(out, "\n</failure>\n    </testcase>\n");
	}
	fprintf(out, "  </testsuite>\n</testsuites>\n");
}

int ifa_diff_print(FILE *out, enum ifa_format fmt, const struct ifa_diff_report *d,
		   const struct ifa_findings *fs)
{
	size_t i;

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
	/* A breaking change: 1; one that needs a new ABI version and none that breaks: 4. */
	for (i = 0; i < fs->n; i++)
		if (!strcmp(fs->items[i].cls, IFA_CLS_BREAKING))
			return IFA_EXIT_FINDINGS;
	for (i = 0; i < fs->n; i++)
		if (failing(&fs->items[i]))
			return IFA_EXIT_NEW_VERSION;
	return IFA_EXIT_PASS;
}
