/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `diff --format html`: the verdict, then one section per struct that
 * changed, with each change and its rule, and the struct's byte maps
 * before and after side by side for each family of ABIs (the ABIs that lay
 * it out alike on both sides). The maps are svg.c's, as check and layout
 * draw them; rule IDs link to the spec rendered by `make html`.
 */
#include "diff_report.h"
#include "emit.h"
#include "html_report.h"
#include "svg.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static const char *const classes[] = { IFA_CLS_BREAKING, IFA_CLS_VERSION, IFA_CLS_SOURCE,
				       IFA_CLS_COMPATIBLE };

/* A struct's layout on ABI i of one side, or NULL. */
static const struct ifa_mstruct *side_struct(const struct ifa_diff_side *side, size_t i,
					     const char *name)
{
	return side->abi && side->abi[i] ? ifa_measure_struct(side->abi[i], name) : NULL;
}

/* Both missing, or both there and laid out alike. */
static int alike(const struct ifa_mstruct *a, const struct ifa_mstruct *b)
{
	if (!a || !b)
		return a == b;
	return ifa_same_layout(a, b) && a->align == b->align;
}

/* The changes that name struct st ("": the header itself) as rows of a table. */
static void changes_table(FILE *out, const struct ifa_findings *fs, const char *st,
			  const char *page)
{
	size_t i, k;
	int any = 0;

	for (k = 0; k < 4; k++)
		for (i = 0; i < fs->n; i++) {
			const struct ifa_finding *f = &fs->items[i];

			if (strcmp(f->cls, classes[k]) || strcmp(f->struct_name, st))
				continue;
			if (!any)
				fprintf(out, "<table class=\"changes\">\n<tr><th>class</th><th>rule</th>"
					"<th>field</th><th>ABIs</th><th>old</th><th>new</th>"
					"<th>change</th></tr>\n");
			any = 1;
			fprintf(out, "<tr class=\"change\">");
			ifa_html_cell(out, f->cls, f->cls);
			fprintf(out, "<td class=\"mono rule\">");
			ifa_html_rule_link(out, page, f->rule);
			fprintf(out, "</td>");
			ifa_html_finding_cells(out, f);
			fprintf(out, "</tr>\n");
		}
	if (any)
		fprintf(out, "</table>\n");
}

/* One side ("old" or "new") of a family: its byte map, or, where it lacks the struct, a note. */
static void family_side(FILE *out, const struct ifa_diff_report *d, const struct ifa_measure **l,
			const struct ifa_mstruct *decl, int present, long span, const char *which)
{
	fprintf(out, "<figure class=\"%s\"><figcaption>%s</figcaption>\n", which, which);
	if (decl && present)
		ifa_svg_struct_on(out, d->new_run->r, d->new_run->n, l, decl, span);
	else
		fprintf(out, "<p class=\"note\">not in the %s header</p>\n", which);
	fprintf(out, "</figure>\n");
}

/*
 * The byte maps of struct name, old beside new, one pair per family of
 * ABIs: those whose old layouts are alike and whose new layouts are too.
 */
static void families(FILE *out, const struct ifa_diff_report *d, const char *name)
{
	const struct ifa_mstruct *old_decl = ifa_measure_struct(d->old->decls, name);
	const struct ifa_mstruct *new_decl = ifa_measure_struct(d->new->decls, name);
	size_t n = d->new_run->n, i, j;
	const struct ifa_measure **old_l = calloc(n ? n : 1, sizeof(*old_l));
	const struct ifa_measure **new_l = calloc(n ? n : 1, sizeof(*new_l));
	char *done = calloc(n ? n : 1, 1);

	if (!old_l || !new_l || !done) {
		fprintf(out, "<p class=\"note\">out of memory drawing this struct</p>\n");
		goto out;
	}
	for (i = 0; i < n; i++) {
		const struct ifa_mstruct *o = side_struct(d->old, i, name);
		const struct ifa_mstruct *w = side_struct(d->new, i, name);
		struct ifa_str abis = { 0 };
		long span = 0;

		if (done[i] || (!o && !w))
			continue;
		for (j = 0; j < n; j++) {
			const struct ifa_mstruct *oj = side_struct(d->old, j, name);
			const struct ifa_mstruct *wj = side_struct(d->new, j, name);
			int mine = j >= i && !done[j] && (oj || wj) && alike(o, oj) && alike(w, wj);

			old_l[j] = mine ? d->old->abi[j] : NULL;
			new_l[j] = mine ? d->new->abi[j] : NULL;
			if (!mine)
				continue;
			done[j] = 1;
			ifa_str_add(&abis, "%s%s", abis.len ? " " : "", d->new_run->r[j].abi->name);
		}
		/* One scale for both sides: the wider of the two. */
		if (o)
			span = o->size;
		if (w && w->size > span)
			span = w->size;
		fprintf(out, "<div class=\"family\" data-abis=\"");
		ifa_xml_str(out, ifa_str_get(&abis));
		fprintf(out, "\">\n<p class=\"abis\">ABIs: ");
		ifa_xml_str(out, ifa_str_get(&abis));
		fprintf(out, "</p>\n<div class=\"sides\">\n");
		family_side(out, d, old_l, old_decl, o != NULL, span, "old");
		family_side(out, d, new_l, new_decl, w != NULL, span, "new");
		fprintf(out, "</div>\n</div>\n");
		ifa_str_free(&abis);
	}
out:
	free(old_l);
	free(new_l);
	free(done);
}

/* The growth budget before and after, member by member. */
static void budget_table(FILE *out, const struct ifa_diff_report *d)
{
	size_t i, k;

	if (!d->nbefore && !d->nafter)
		return;
	fprintf(out, "<h2 id=\"budget\">Growth budget</h2>\n<table class=\"budget\">\n"
		"<tr><th></th><th>member</th><th>struct</th><th>size</th><th>budget</th>"
		"<th>bytes left</th><th>flag bits</th><th>bits left</th></tr>\n");
	for (k = 0; k < 2; k++) {
		const struct ifa_budget_use *u = k ? d->after : d->before;

		for (i = 0; i < (k ? d->nafter : d->nbefore); i++)
			ifa_html_budget_row(out, k ? "after" : "before", &u[i]);
	}
	fprintf(out, "</table>\n");
}

/* The structs the changes name, each once, in the order of the changes. */
static int changed_structs(const struct ifa_findings *fs, const char ***names, size_t *n)
{
	size_t i, j;

	*names = calloc(fs->n ? fs->n : 1, sizeof(**names));
	*n = 0;
	if (!*names)
		return -1;
	for (i = 0; i < fs->n; i++) {
		const char *st = fs->items[i].struct_name;

		for (j = 0; *st && j < *n && strcmp((*names)[j], st); j++)
			;
		if (*st && j == *n)
			(*names)[(*n)++] = st;
	}
	return 0;
}

/* 1 if a change names no struct: a constant, or the header as a whole. */
static int header_changes(const struct ifa_findings *fs)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		if (!*fs->items[i].struct_name)
			return 1;
	return 0;
}

static size_t count_class(const struct ifa_findings *fs, const char *cls)
{
	size_t i, n = 0;

	for (i = 0; i < fs->n; i++)
		n += !strcmp(fs->items[i].cls, cls);
	return n;
}

int ifa_diff_html(FILE *out, const struct ifa_diff_report *d, const struct ifa_findings *fs)
{
	struct ifa_str title = { 0 }, page = { 0 };
	const char **names;
	size_t i, k, n;

	if (changed_structs(fs, &names, &n)) {
		fprintf(stderr, "iommu-fault-abi: out of memory writing the HTML report\n");
		return IFA_EXIT_ENV;
	}
	ifa_html_spec_page(d->spec_path ? d->spec_path : d->old->label, &page);
	ifa_str_add(&title, "iommu-fault-abi diff %s %s", d->old->label, d->new->label);
	ifa_html_begin(out, ifa_str_get(&title));
	fprintf(out, "<h1>iommu-fault-abi diff</h1>\n<p>old: <code>");
	ifa_xml_str(out, d->old->label);
	fprintf(out, "</code><br/>new: <code>");
	ifa_xml_str(out, d->new->label);
	fprintf(out, "</code><br/>on %zu ABIs measured</p>\n", ifa_run_measured(d->new_run));
	fprintf(out, "<p id=\"verdict\">verdict: <span class=\"%s\">%s</span>: %zu changes",
		ifa_diff_verdict(fs), ifa_diff_verdict(fs), fs->n);
	for (k = 0; k < 4; k++)
		if (count_class(fs, classes[k]))
			fprintf(out, ", %zu %s", count_class(fs, classes[k]), classes[k]);
	fprintf(out, "</p>\n<ul class=\"contents\">\n");
	if (header_changes(fs))
		fprintf(out, "<li><a href=\"#header\">the header itself</a></li>\n");
	for (i = 0; i < n; i++) {
		fprintf(out, "<li><a href=\"#struct-");
		ifa_xml_str(out, names[i]);
		fprintf(out, "\">");
		ifa_xml_str(out, names[i]);
		fprintf(out, "</a></li>\n");
	}
	if (!fs->n)
		fprintf(out, "<li>no change</li>\n");
	fprintf(out, "</ul>\n");
	budget_table(out, d);
	if (header_changes(fs)) {
		fprintf(out, "<section id=\"header\">\n<h2>The header itself</h2>\n");
		changes_table(out, fs, "", ifa_str_get(&page));
		fprintf(out, "</section>\n");
	}
	for (i = 0; i < n; i++) {
		const struct ifa_mstruct *decl = ifa_measure_struct(d->new->decls, names[i]);

		if (!decl)
			decl = ifa_measure_struct(d->old->decls, names[i]);
		if (decl) {
			ifa_html_struct_section(out, decl, "struct changed");
		} else {
			fprintf(out, "<section class=\"struct changed\" id=\"struct-");
			ifa_xml_str(out, names[i]);
			fprintf(out, "\">\n<h2>");
			ifa_xml_str(out, names[i]);
			fprintf(out, " (declared by neither header)</h2>\n");
		}
		changes_table(out, fs, names[i], ifa_str_get(&page));
		if (decl)
			families(out, d, names[i]);
		fprintf(out, "</section>\n");
	}
	ifa_html_end(out);
	ifa_str_free(&title);
	ifa_str_free(&page);
	free(names);
	return ifa_diff_exit(fs);
}
