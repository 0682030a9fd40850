/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The HTML report of check: the ABIs, then one section per struct with its
 * findings, the ABIs that share each of its layouts and its byte map. Rule
 * IDs link to their anchors in the spec rendered by `make html`.
 */
#include "html_report.h"
#include "budget.h"
#include "emit.h"
#include "report.h"
#include "svg.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

void ifa_html_spec_page(const char *spec_path, struct ifa_str *page)
{
	const char *base = strrchr(spec_path, '/'), *dot;

	base = base ? base + 1 : spec_path;
	dot = strrchr(base, '.');
	ifa_str_add(page, "%.*s.html", (int)(dot && dot != base ? dot - base : (long)strlen(base)),
		    base);
}

void ifa_html_rule_link(FILE *out, const char *page, const char *rule)
{
	fprintf(out, "<a href=\"");
	ifa_xml_str(out, page);
	fputc('#', out);
	ifa_xml_str(out, rule);
	fprintf(out, "\">");
	ifa_xml_str(out, rule);
	fprintf(out, "</a>");
}

/* The findings of fs about struct st ("": the header itself). */
static size_t count_for(const struct ifa_findings *fs, const char *st, int sev)
{
	size_t i, n = 0;

	for (i = 0; i < fs->n; i++)
		n += !strcmp(fs->items[i].struct_name, st) && (int)fs->items[i].severity == sev;
	return n;
}

void ifa_html_cell(FILE *out, const char *cls, const char *text)
{
	fprintf(out, "<td%s%s%s>", cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
	ifa_xml_str(out, text);
	fprintf(out, "</td>");
}

void ifa_html_finding_cells(FILE *out, const struct ifa_finding *f)
{
	size_t k;

	ifa_html_cell(out, "mono", f->field);
	ifa_html_cell(out, NULL, *f->abis ? f->abis : "every ABI");
	ifa_html_cell(out, "mono", f->expected);
	ifa_html_cell(out, "mono", f->actual);
	fprintf(out, "<td>");
	ifa_xml_str(out, f->message);
	if (*f->fix) {
		fprintf(out, "<br/><b>fix:</b> ");
		ifa_xml_str(out, f->fix);
	}
	if (*f->evidence) {
		fprintf(out, "<br/><b>evidence:</b> ");
		ifa_xml_str(out, f->evidence);
	}
	if (f->nconsequences)
		fprintf(out, "<br/><b>causes:</b><ul>");
	for (k = 0; k < f->nconsequences; k++) {
		fprintf(out, "<li>");
		ifa_xml_str(out, f->consequences[k]);
		fprintf(out, "</li>");
	}
	if (f->nconsequences)
		fprintf(out, "</ul>");
	fprintf(out, "</td>");
}

/* The findings about st in a table; say_none: "no findings" when there are none. */
static void findings_table(FILE *out, const struct ifa_findings *fs, const char *st,
			   const char *page, int say_none)
{
	size_t i;
	int any = 0;

	for (i = 0; i < fs->n; i++) {
		const struct ifa_finding *f = &fs->items[i];

		if (strcmp(f->struct_name, st))
			continue;
		if (!any)
			fprintf(out, "<table class=\"findings\">\n<tr><th>rule</th><th>severity</th>"
				"<th>field</th><th>ABIs</th><th>expected</th><th>actual</th>"
				"<th>finding</th></tr>\n");
		any = 1;
		fprintf(out, "<tr class=\"finding\"><td class=\"mono rule\">");
		ifa_html_rule_link(out, page, f->rule);
		fprintf(out, "</td>");
		ifa_html_cell(out, ifa_severity_name(f->severity), ifa_severity_name(f->severity));
		ifa_html_finding_cells(out, f);
		fprintf(out, "</tr>\n");
	}
	if (any)
		fprintf(out, "</table>\n");
	else if (say_none)
		fprintf(out, "<p class=\"pass\">no findings</p>\n");
}

static void counts(FILE *out, const struct ifa_findings *fs, const char *st)
{
	size_t must = count_for(fs, st, IFA_SEV_MUST), should = count_for(fs, st, IFA_SEV_SHOULD);
	size_t info = count_for(fs, st, IFA_SEV_INFO);

	if (!must && !should && !info)
		fprintf(out, "<span class=\"pass\">no findings</span>");
	else
		fprintf(out, "<span class=\"%s\">%zu MUST</span>, %zu SHOULD, %zu notes",
			must ? "fail" : "pass", must, should, info);
}

static void abi_table(FILE *out, const struct ifa_run *run, const struct ifa_findings *fs)
{
	size_t i;

	fprintf(out, "<h2 id=\"abis\">ABIs</h2>\n<table class=\"abis\">\n<tr><th>ABI</th>"
		"<th>engines</th><th>status</th><th>note</th></tr>\n");
	for (i = 0; i < run->n; i++) {
		const struct ifa_abi_result *r = &run->r[i];
		char eng[64];

		ifa_engines(r, eng, sizeof(eng));
		fprintf(out, "<tr>");
		ifa_html_cell(out, "mono", r->abi->name);
		ifa_html_cell(out, NULL, eng);
		ifa_html_cell(out, ifa_abi_status(r, fs), ifa_abi_status(r, fs));
		ifa_html_cell(out, NULL, ifa_authority(r) ? r->abi->note : r->reason);
		fprintf(out, "</tr>\n");
	}
	fprintf(out, "</table>\n");
}

void ifa_html_budget_row(FILE *out, const char *label, const struct ifa_budget_use *u)
{
	fprintf(out, "<tr>");
	if (label)
		ifa_html_cell(out, NULL, label);
	ifa_html_cell(out, "mono", u->row->member);
	ifa_html_cell(out, "mono", u->row->struct_name);
	if (u->size < 0)
		fprintf(out, "<td colspan=\"5\">not in the header</td>");
	else
		fprintf(out, "<td>%ld</td><td>%ld</td><td>%ld</td><td>%d</td><td>%d</td>", u->size,
			u->row->budget, u->bytes_left, u->bits_used, u->bits_left);
	fprintf(out, "</tr>\n");
}

static void budget_table(FILE *out, const struct ifa_spec *spec, const struct ifa_run *run,
			 const struct ifa_findings *fs, const char *page)
{
	struct ifa_budget_use use[IFA_MAX_BUDGET];
	size_t i, n = ifa_budget_usage(spec, run, use, IFA_MAX_BUDGET);

	if (!n || (fs->only && !ifa_rule_selected(fs->only, spec->budget_rule)))
		return;
	fprintf(out, "<h2 id=\"budget\">Growth budget (");
	ifa_html_rule_link(out, page, spec->budget_rule);
	fprintf(out, ")</h2>\n<table class=\"budget\">\n<tr><th>member</th><th>struct</th>"
		"<th>size</th><th>budget</th><th>bytes left</th><th>flag bits</th>"
		"<th>bits left</th></tr>\n");
	for (i = 0; i < n; i++)
		ifa_html_budget_row(out, NULL, &use[i]);
	fprintf(out, "</table>\n");
}

/* 1 if the header declares a struct of that name. */
static int declared(const struct ifa_run *run, const char *name)
{
	size_t i;

	for (i = 0; i < run->decls->nstructs; i++)
		if (!strcmp(run->decls->structs[i].name, name))
			return 1;
	return 0;
}

int ifa_report_html(FILE *out, const struct ifa_run *run, const struct ifa_spec *spec,
		    const struct ifa_findings *fs)
{
	struct ifa_str title = { 0 }, page = { 0 };
	size_t i, j, must = ifa_findings_count(fs, IFA_SEV_MUST);

	ifa_html_spec_page(spec->path, &page);
	ifa_str_add(&title, "iommu-fault-abi check %s", run->header);
	ifa_html_begin(out, ifa_str_get(&title));
	fprintf(out, "<h1>");
	ifa_xml_str(out, ifa_str_get(&title));
	fprintf(out, "</h1>\n<p>against <code>");
	ifa_xml_str(out, spec->path);
	fprintf(out, "</code>");
	if (fs->only) {
		fprintf(out, "; rules: <code>");
		ifa_xml_str(out, fs->only);
		fprintf(out, "</code> (no other rule applied)");
	}
	fprintf(out, "</p>\n<p id=\"verdict\">verdict: <span class=\"%s\">%s</span>: %zu ABIs "
		"measured, %zu MUST findings, %zu SHOULD findings, %zu notes</p>\n",
		must ? "fail" : "pass", must ? "fail" : "pass", ifa_run_measured(run), must,
		ifa_findings_count(fs, IFA_SEV_SHOULD), ifa_findings_count(fs, IFA_SEV_INFO));
	/* Contents: the header, then each struct with its counts. */
	fprintf(out, "<ul class=\"contents\">\n<li><a href=\"#header\">the header itself</a>: ");
	counts(out, fs, "");
	fprintf(out, "</li>\n");
	for (i = 0; i < run->decls->nstructs; i++) {
		const struct ifa_mstruct *decl = &run->decls->structs[i];

		fprintf(out, "<li><a href=\"#struct-");
		ifa_xml_str(out, decl->name);
		fprintf(out, "\">");
		ifa_xml_str(out, ifa_struct_kind(decl));
		ifa_xml_str(out, decl->name);
		fprintf(out, "</a>: ");
		counts(out, fs, decl->name);
		fprintf(out, "</li>\n");
	}
	fprintf(out, "</ul>\n");
	abi_table(out, run, fs);
	budget_table(out, spec, run, fs, ifa_str_get(&page));
	fprintf(out, "<section id=\"header\">\n<h2>The header itself</h2>\n");
	if (!run->decls->nstructs)
		fprintf(out, "<p>The header declares no struct: only its text and constants are "
			"judged.</p>\n");
	findings_table(out, fs, "", ifa_str_get(&page), 1);
	fprintf(out, "</section>\n");
	for (i = 0; i < run->decls->nstructs; i++) {
		const struct ifa_mstruct *decl = &run->decls->structs[i];

		ifa_html_struct_section(out, decl, "struct");
		fprintf(out, "<p>");
		counts(out, fs, decl->name);
		fprintf(out, "</p>\n");
		findings_table(out, fs, decl->name, ifa_str_get(&page), 0);
		fprintf(out, "<p>layouts:</p>\n");
		ifa_html_layout_groups(out, run, decl);
		ifa_svg_struct(out, run, decl);
		fprintf(out, "</section>\n");
	}
	/* Findings about structs the header does not declare (a struct of the spec it lacks). */
	for (i = 0; i < fs->n; i++) {
		const char *st = fs->items[i].struct_name;

		if (!*st || declared(run, st))
			continue;
		for (j = 0; j < i && strcmp(fs->items[j].struct_name, st); j++)
			;
		if (j < i)
			continue;
		fprintf(out, "<section class=\"struct missing\">\n<h2>");
		ifa_xml_str(out, st);
		fprintf(out, " (not declared by the header)</h2>\n");
		findings_table(out, fs, st, ifa_str_get(&page), 1);
		fprintf(out, "</section>\n");
	}
	ifa_html_end(out);
	ifa_str_free(&title);
	ifa_str_free(&page);
	return must ? IFA_EXIT_FINDINGS : IFA_EXIT_PASS;
}
