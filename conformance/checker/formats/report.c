/* SPDX-License-Identifier: GPL-2.0 */
#define _GNU_SOURCE
#include "report.h"
#include "budget.h"
#include "emit.h"
#include "hygiene.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ifa_format_parse(const char *s, enum ifa_format *out)
{
	static const char *names[] = { "text", "json", "tap", "junit" };
	size_t i;

	for (i = 0; i < 4; i++)
		if (!strcmp(s, names[i])) {
			*out = (enum ifa_format)i;
			return 0;
		}
	return -1;
}

void ifa_engines(const struct ifa_abi_result *r, char *dst, size_t size)
{
	ifa_fmt(dst, size, "%s%s%s", r->gcc ? "gcc " : "", r->clang ? "clang " : "",
		r->pahole && r->pahole->ok ? "pahole " : "");
	if (!*dst)
		ifa_fmt(dst, size, "-");
	else
		dst[strlen(dst) - 1] = '\0';
}

const char *ifa_abi_status(const struct ifa_abi_result *r, const struct ifa_findings *fs)
{
	if (!ifa_authority(r))
		return "skipped";
	return ifa_findings_fail_abi(fs, r->abi->name) ? "fail" : "pass";
}

const char *ifa_severity_name(enum ifa_severity s)
{
	return s == IFA_SEV_MUST ? "MUST" : s == IFA_SEV_SHOULD ? "SHOULD" : "info";
}

/* --- text ------------------------------------------------------------------ */

int ifa_report_quiet;
size_t ifa_report_baselined;

#define TEXT_WIDTH 80

/*
 * text at column col of out, words wrapped at TEXT_WIDTH, each further
 * line indented by indent spaces; a word longer than a line stands alone.
 */
static void wrap(FILE *out, size_t col, size_t indent, const char *text)
{
	const char *p = text;

	/* Words split at single spaces: a run of spaces (a column) stays as written. */
	while (*p) {
		size_t n = strcspn(p, " ");

		if (n && p != text && col > indent && col + 1 + n > TEXT_WIDTH) {
			fprintf(out, "\n%*s", (int)indent, "");
			col = indent;
		} else if (p != text) {
			fputc(' ', out);
			col++;
		}
		fwrite(p, 1, n, out);
		col += n;
		p += n;
		if (*p == ' ')
			p++;
	}
	fputc('\n', out);
}

static void wrapf(FILE *out, size_t col, size_t indent, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void wrapf(FILE *out, size_t col, size_t indent, const char *fmt, ...)
{
	va_list ap;
	char *t;

	va_start(ap, fmt);
	if (vasprintf(&t, fmt, ap) < 0)
		t = NULL;
	va_end(ap);
	wrap(out, col, indent, t ? t : "");
	free(t);
}

/* The line of a finding's struct.field (or struct) in decls; 0 if unknown. */
static int finding_line(const struct ifa_finding *f, const struct ifa_measure *decls)
{
	const struct ifa_mstruct *st = *f->struct_name && decls ?
				       ifa_measure_struct(decls, f->struct_name) : NULL;
	const struct ifa_mfield *fd = st && *f->field ? ifa_measure_field(st, f->field) : NULL;

	return fd && fd->line > 0 ? fd->line : st ? st->line : 0;
}

void ifa_text_finding(FILE *out, const struct ifa_finding *f, const char *header,
		      const struct ifa_measure *decls)
{
	const char *base = strrchr(header, '/');
	int line = finding_line(f, decls);
	char where[64];
	size_t k;

	base = base ? base + 1 : header;
	ifa_fmt(where, sizeof(where), line > 0 ? ":%d" : "", line);
	/* The line a review quotes: rule, place, struct.field, ABIs, fix. */
	{
		struct ifa_str l = { 0 };

		ifa_str_add(&l, "%s %s%s:", f->rule, base, where);
		if (*f->struct_name || *f->field)
			ifa_str_add(&l, " %s%s%s", f->struct_name,
				    *f->struct_name && *f->field ? "." : "", f->field);
		ifa_str_add(&l, " on %s: %s", *f->abis ? f->abis : "every ABI",
			    *f->fix ? f->fix : f->message);
		wrap(out, 0, 4, ifa_str_get(&l));
		ifa_str_free(&l);
	}
	wrapf(out, 0, 4, "    %s: %s", ifa_severity_name(f->severity), f->message);
	wrapf(out, 0, 14, "    expected: %s", f->expected);
	wrapf(out, 0, 14, "    actual:   %s", f->actual);
	if (*f->evidence)
		wrapf(out, 0, 14, "    evidence: %s", f->evidence);
	for (k = 0; k < f->nconsequences; k++)
		wrapf(out, 0, 14, "    %s %s", k ? "         " : "causes:  ", f->consequences[k]);
}

static void text_budget(FILE *out, const struct ifa_spec *spec, const struct ifa_run *run,
			const struct ifa_findings *fs)
{
	struct ifa_budget_use use[IFA_MAX_BUDGET];
	size_t i, n = ifa_budget_usage(spec, run, use, IFA_MAX_BUDGET);

	if (!n || (fs->only && !ifa_rule_selected(fs->only, spec->budget_rule)))
		return;
	fprintf(out, "\ngrowth budget (%s), in bytes and flag bits:\n"
		"  %-8s %-30s %4s %6s %5s %5s %5s\n", spec->budget_rule, "member", "struct",
		"size", "budget", "left", "flags", "free");
	for (i = 0; i < n; i++) {
		if (use[i].size < 0) {
			fprintf(out, "  %-8s %-30s not in the header\n", use[i].row->member,
				use[i].row->struct_name);
			continue;
		}
		fprintf(out, "  %-8s %-30s %4ld %6ld %5ld %5d %5d\n", use[i].row->member,
			use[i].row->struct_name, use[i].size, use[i].row->budget,
			use[i].bytes_left, use[i].bits_used, use[i].bits_left);
	}
}

static void text_report(FILE *out, const struct ifa_run *run, const struct ifa_spec *spec,
			const struct ifa_findings *fs)
{
	size_t i, nskip = 0, nskipped_checks = 0;
	int quiet = ifa_report_quiet;

	if (!quiet) {
		fprintf(out, "iommu-fault-abi check %s\n  against %s\n", run->header, spec->path);
		if (fs->only)
			wrapf(out, 0, 11, "  rules:   %s (no other rule applied)", fs->only);
		if (!run->decls->nstructs)
			wrap(out, 0, 8, "  note: the header declares no struct: only its text and "
			     "constants are judged");
		fputc('\n', out);
		fprintf(out, "  %-12s %-18s %-7s %s\n", "ABI", "engines", "status", "note");
	}
	for (i = 0; i < run->n; i++) {
		const struct ifa_abi_result *r = &run->r[i];
		char eng[64];

		nskip += !ifa_authority(r);
		if (quiet)
			continue;
		ifa_engines(r, eng, sizeof(eng));
		fprintf(out, "  %-12s %-18s %-7s ", r->abi->name, eng, ifa_abi_status(r, fs));
		wrap(out, 42, 42, ifa_authority(r) ? r->abi->note : r->reason);
	}
	if (!quiet)
		text_budget(out, spec, run, fs);
	if (!quiet && ifa_findings_count(fs, IFA_SEV_MUST) + ifa_findings_count(fs, IFA_SEV_SHOULD))
		fprintf(out, "\nfindings:\n");
	for (i = 0; i < fs->n; i++) {
		const struct ifa_finding *f = &fs->items[i];

		if (f->severity == IFA_SEV_INFO)
			continue;
		fputc('\n', out);
		ifa_text_finding(out, f, run->header, run->decls);
	}
	if (!quiet && ifa_findings_count(fs, IFA_SEV_INFO))
		fprintf(out, "\nnotes:\n");
	for (i = 0; !quiet && i < fs->n; i++) {
		const struct ifa_finding *f = &fs->items[i];

		if (f->severity == IFA_SEV_INFO)
			wrapf(out, 0, 4, "  %s %s%s%s%s: %s (%s)", f->rule, f->struct_name,
			      *f->field ? "." : "", f->field,
			      *f->struct_name || *f->field ? "" : "header", f->message, f->actual);
	}
	for (i = 0; i < fs->n; i++)
		nskipped_checks += !strcmp(fs->items[i].actual, IFA_NOT_INSTALLED);
	fputc('\n', out);
	{
		struct ifa_str v = { 0 };

		ifa_str_add(&v, "verdict: %s: %zu ABIs measured, %zu skipped; %zu MUST findings, %zu notes",
			    ifa_findings_count(fs, IFA_SEV_MUST) ? "fail" : "pass",
			    ifa_run_measured(run), nskip, ifa_findings_count(fs, IFA_SEV_MUST),
			    ifa_findings_count(fs, IFA_SEV_INFO));
		if (nskipped_checks)
			ifa_str_add(&v, "; %zu header compiles skipped (compiler not installed)",
				    nskipped_checks);
		if (ifa_report_baselined)
			ifa_str_add(&v, "; %zu findings in the baseline", ifa_report_baselined);
		wrap(out, 0, 9, ifa_str_get(&v));
		ifa_str_free(&v);
	}
}

/* --- JSON ------------------------------------------------------------------ */

static void json_budget(FILE *out, const struct ifa_spec *spec, const struct ifa_run *run)
{
	struct ifa_budget_use use[IFA_MAX_BUDGET];
	size_t i, n = ifa_budget_usage(spec, run, use, IFA_MAX_BUDGET);

	fprintf(out, ",\n  \"budget\": [");
	for (i = 0; i < n; i++) {
		fprintf(out, "%s\n    {\"member\": ", i ? "," : "");
		ifa_json_str(out, use[i].row->member);
		fprintf(out, ", \"struct\": ");
		ifa_json_str(out, use[i].row->struct_name);
		ifa_json_budget_numbers(out, &use[i]);
		fputc('}', out);
	}
	fprintf(out, "\n  ]");
}

static void json_report(FILE *out, const struct ifa_run *run, const struct ifa_spec *spec,
			const struct ifa_findings *fs)
{
	size_t i;

	fprintf(out, "{\n  \"header\": ");
	ifa_json_str(out, run->header);
	fprintf(out, ",\n  \"spec\": ");
	ifa_json_str(out, spec->path);
	fprintf(out, ",\n  \"rules\": ");
	if (fs->only)
		ifa_json_str(out, fs->only);
	else
		fprintf(out, "null");
	fprintf(out, ",\n  \"structs\": %zu", run->decls->nstructs);
	fprintf(out, ",\n  \"verdict\": \"%s\",\n  \"abis\": [",
		ifa_findings_count(fs, IFA_SEV_MUST) ? "fail" : "pass");
	for (i = 0; i < run->n; i++) {
		fprintf(out, "%s\n    ", i ? "," : "");
		ifa_json_abi(out, &run->r[i], ifa_abi_status(&run->r[i], fs));
	}
	fprintf(out, "\n  ]");
	json_budget(out, spec, run);
	fprintf(out, ",\n  \"findings\": [");
	for (i = 0; i < fs->n; i++) {
		fprintf(out, "%s\n    ", i ? "," : "");
		ifa_json_finding(out, &fs->items[i], "expected", "actual");
	}
	fprintf(out, "\n  ]\n}\n");
}

void ifa_json_budget_numbers(FILE *out, const struct ifa_budget_use *u)
{
	if (u->size < 0) {	/* the struct is not in the header: no numbers to make up */
		fprintf(out, ", \"size\": null, \"budget\": %ld, \"bytes_left\": null, "
			"\"flag_bits_used\": null, \"flag_bits_left\": null", u->row->budget);
		return;
	}
	fprintf(out, ", \"size\": %ld, \"budget\": %ld, \"bytes_left\": %ld, "
		"\"flag_bits_used\": %d, \"flag_bits_left\": %d", u->size, u->row->budget,
		u->bytes_left, u->bits_used, u->bits_left);
}

void ifa_json_abi(FILE *out, const struct ifa_abi_result *r, const char *status)
{
	char eng[64];

	ifa_engines(r, eng, sizeof(eng));
	fprintf(out, "{\"name\": ");
	ifa_json_str(out, r->abi->name);
	fprintf(out, ", \"engines\": ");
	ifa_json_words(out, strcmp(eng, "-") ? eng : "");
	fprintf(out, ", \"status\": \"%s\", \"reason\": ", status);
	ifa_json_str(out, ifa_authority(r) ? "" : r->reason);
	fputc('}', out);
}

void ifa_json_finding(FILE *out, const struct ifa_finding *f, const char *was, const char *now)
{
	size_t i;

	fputc('{', out);
	if (*f->cls)
		fprintf(out, "\"class\": \"%s\", ", f->cls);
	fprintf(out, "\"rule\": ");
	ifa_json_str(out, f->rule);
	fprintf(out, ", \"severity\": \"%s\", \"struct\": ", ifa_severity_name(f->severity));
	ifa_json_str(out, f->struct_name);
	fprintf(out, ", \"field\": ");
	ifa_json_str(out, f->field);
	fprintf(out, ", \"abis\": ");
	ifa_json_words(out, f->abis);
	fprintf(out, ", \"%s\": ", was);
	ifa_json_str(out, f->expected);
	fprintf(out, ", \"%s\": ", now);
	ifa_json_str(out, f->actual);
	fprintf(out, ", \"message\": ");
	ifa_json_str(out, f->message);
	fprintf(out, ", \"fix\": ");
	ifa_json_str(out, f->fix);
	fprintf(out, ", \"evidence\": ");
	ifa_json_str(out, f->evidence);
	fprintf(out, ", \"consequences\": [");
	for (i = 0; i < f->nconsequences; i++) {
		fprintf(out, "%s", i ? ", " : "");
		ifa_json_str(out, f->consequences[i]);
	}
	fprintf(out, "]}");
}

/* --- TAP 13, as kselftest prints it ---------------------------------------- */

/* ABI-independent MUST findings belong to the "header" test point. */
static int header_fails(const struct ifa_findings *fs)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		if (fs->items[i].severity == IFA_SEV_MUST && !*fs->items[i].abis)
			return 1;
	return 0;
}

static void tap_findings(FILE *out, const struct ifa_findings *fs, const char *abi)
{
	size_t i;

	for (i = 0; i < fs->n; i++) {
		const struct ifa_finding *f = &fs->items[i];
		int mine = abi ? ifa_has_word(f->abis, abi) : !*f->abis;

		if (mine && f->severity == IFA_SEV_MUST)
			fprintf(out, "# %s %s%s%s: %s (expected %s, actual %s)\n", f->rule,
				f->struct_name, *f->field ? "." : "", f->field, f->message,
				f->expected, f->actual);
	}
}

static void tap_report(FILE *out, const struct ifa_run *run, const struct ifa_findings *fs)
{
	size_t i, pass = 0, fail = 0, skip = 0;

	fprintf(out, "TAP version 13\n1..%zu\n", run->n + 1);
	if (fs->only)
		fprintf(out, "# rules: %s (no other rule applied)\n", fs->only);
	tap_findings(out, fs, NULL);
	fprintf(out, "%sok 1 header\n", header_fails(fs) ? "not " : "");
	if (header_fails(fs))
		fail++;
	else
		pass++;
	for (i = 0; i < run->n; i++) {
		const struct ifa_abi_result *r = &run->r[i];
		const char *st = ifa_abi_status(r, fs);

		if (!strcmp(st, "skipped")) {
			fprintf(out, "ok %zu %s # SKIP %s\n", i + 2, r->abi->name, r->reason);
			skip++;
			continue;
		}
		tap_findings(out, fs, r->abi->name);
		fprintf(out, "%sok %zu %s\n", strcmp(st, "pass") ? "not " : "", i + 2, r->abi->name);
		if (strcmp(st, "pass"))
			fail++;
		else
			pass++;
	}
	/* kselftest's closing line */
	fprintf(out, "# Totals: pass:%zu fail:%zu xfail:0 xpass:0 skip:%zu error:0\n", pass, fail, skip);
}

/* --- JUnit XML --------------------------------------------------------------- */

/*
 * Through the emitter diff's JUnit shares (emit.c): one test case per
 * struct and ABI, one per ABI for what no struct owns, and one per
 * header-level finding (or one passing "header" case). A case of an ABI
 * took the time its engines took; a case of the header, the whole run's.
 */

/* 1 if the finding names a struct of the header: it belongs to that struct's cases. */
static int of_struct(const struct ifa_finding *f, const struct ifa_measure *decls)
{
	size_t i;

	for (i = 0; *f->struct_name && i < decls->nstructs; i++)
		if (!strcmp(decls->structs[i].name, f->struct_name))
			return 1;
	return 0;
}

static void junit_finding(struct ifa_str *t, const struct ifa_finding *f)
{
	ifa_str_add(t, "%s ", f->rule);
	if (*f->struct_name || *f->field)
		ifa_str_add(t, "%s%s%s: ", f->struct_name, *f->struct_name && *f->field ? "." : "",
			    f->field);
	ifa_str_add(t, "%s\n  expected: %s\n  actual:   %s", f->message, f->expected, f->actual);
	if (*f->abis)
		ifa_str_add(t, "\n  on:       %s", f->abis);
	if (*f->fix)
		ifa_str_add(t, "\n  fix:      %s", f->fix);
	ifa_str_add(t, "\n");
}

/* Which MUST findings a test case holds: header-level ones are their own cases. */
struct junit_sel {
	const char *abi;		/* NULL: the one header-level finding `only` */
	const char *struct_name;	/* NULL: what no struct of decls owns */
	const struct ifa_finding *only;
	const struct ifa_measure *decls;
};

static int junit_mine(const struct ifa_finding *f, const struct junit_sel *s)
{
	if (f->severity != IFA_SEV_MUST)
		return 0;
	if (!s->abi)
		return f == s->only;
	if (!ifa_has_word(f->abis, s->abi))
		return 0;
	return s->struct_name ? !strcmp(f->struct_name, s->struct_name) : !of_struct(f, s->decls);
}

/* One test case: the findings sel picks fail it; skip_reason skips it. */
static void junit_case(struct ifa_junit *j, const char *classname, const char *name,
		       double seconds, const struct ifa_findings *fs, const struct junit_sel *sel,
		       const char *skip_reason)
{
	struct ifa_junit_case c = { classname, name, seconds, skip_reason, NULL, NULL, NULL };
	struct ifa_str msg = { 0 }, text = { 0 };
	const struct ifa_finding *first = NULL;
	size_t i, n = 0;

	for (i = 0; !skip_reason && i < fs->n; i++) {
		if (!junit_mine(&fs->items[i], sel))
			continue;
		if (!n++)
			first = &fs->items[i];
		junit_finding(&text, &fs->items[i]);
	}
	if (first) {
		if (n > 1)
			ifa_str_add(&msg, "%zu findings, the first: ", n);
		ifa_str_add(&msg, "%s %s", first->rule, first->message);
		c.failure_type = first->rule;
		c.failure_message = ifa_str_get(&msg);
		c.failure_text = ifa_str_get(&text);
	}
	ifa_junit_case(j, &c);
	ifa_str_free(&msg);
	ifa_str_free(&text);
}

static void junit_report(FILE *out, const struct ifa_run *run, const struct ifa_spec *spec,
			 const struct ifa_findings *fs)
{
	const struct ifa_measure *decls = run->decls;
	size_t i, j, nheader = 0;
	struct ifa_str title = { 0 };
	struct ifa_junit ju;

	if (ifa_junit_start(&ju)) {
		fprintf(stderr, "iommu-fault-abi: out of memory writing the JUnit report\n");
		return;
	}
	ifa_junit_property(&ju, "header", run->header);
	ifa_junit_property(&ju, "spec", spec->path);
	if (fs->only)
		ifa_junit_property(&ju, "rules", fs->only);
	/* Each header-level finding is a test of its own, named by rule and place. */
	for (i = 0; i < fs->n; i++) {
		const struct ifa_finding *f = &fs->items[i];
		struct junit_sel sel = { NULL, NULL, f, decls };

		if (f->severity != IFA_SEV_MUST || *f->abis)
			continue;
		nheader++;
		title.len = 0;
		ifa_str_add(&title, "%s %s%s%s", f->rule, *f->struct_name ? f->struct_name : "header",
			    *f->field ? "." : "", f->field);
		junit_case(&ju, "header", ifa_str_get(&title), run->seconds, fs, &sel, NULL);
	}
	if (!nheader) {
		struct junit_sel sel = { NULL, NULL, NULL, decls };

		junit_case(&ju, "header", "header", run->seconds, fs, &sel, NULL);
	}
	for (j = 0; j <= decls->nstructs; j++) {
		const struct ifa_mstruct *s = j < decls->nstructs ? &decls->structs[j] : NULL;

		title.len = 0;
		if (s)
			ifa_str_add(&title, "%s %s", s->is_union ? "union" : "struct", s->name);
		else
			ifa_str_add(&title, "declarations");
		for (i = 0; i < run->n; i++) {
			const struct ifa_abi_result *r = &run->r[i];
			struct junit_sel sel = { r->abi->name, s ? s->name : NULL, NULL, decls };

			junit_case(&ju, ifa_str_get(&title), r->abi->name,
				   run->abi_seconds ? run->abi_seconds[i] : 0, fs, &sel,
				   ifa_authority(r) ? NULL : r->reason);
		}
	}
	ifa_str_free(&title);
	if (ifa_junit_finish(&ju, out, "iommu-fault-abi check", run->seconds))
		fprintf(stderr, "iommu-fault-abi: out of memory writing the JUnit report\n");
}

/* --- a scan: many headers ---------------------------------------------------- */

struct rule_count {
	const char *rule;
	size_t must, should;
};

int ifa_scan_report(FILE *out, enum ifa_format fmt, const struct ifa_scan *sc,
		    const struct ifa_spec *spec, const struct ifa_findings *fs,
		    const struct ifa_scan_summary *sum)
{
	struct rule_count *rc = NULL;
	size_t h, i, k, nrc = 0, nstructs = 0, must = 0, should = 0, notes = 0, failing = 0;
	size_t nabis = 0;
	int first = 1;

	for (h = 0; h < sc->n; h++) {
		if (sc->rc[h] != IFA_EXIT_PASS)
			continue;
		nstructs += sc->runs[h].decls->nstructs;
		failing += ifa_findings_count(&fs[h], IFA_SEV_MUST) > 0;
		if (ifa_run_measured(&sc->runs[h]) > nabis)
			nabis = ifa_run_measured(&sc->runs[h]);
		for (i = 0; i < fs[h].n; i++) {
			const struct ifa_finding *f = &fs[h].items[i];

			if (f->severity == IFA_SEV_INFO) {
				notes++;
				continue;
			}
			must += f->severity == IFA_SEV_MUST;
			should += f->severity == IFA_SEV_SHOULD;
			for (k = 0; k < nrc && strcmp(rc[k].rule, f->rule); k++)
				;
			if (k == nrc) {
				struct rule_count *n = realloc(rc, (nrc + 1) * sizeof(*rc));

				if (!n)
					continue;
				rc = n;
				rc[nrc++] = (struct rule_count){ f->rule, 0, 0 };
			}
			rc[k].must += f->severity == IFA_SEV_MUST;
			rc[k].should += f->severity == IFA_SEV_SHOULD;
		}
	}
	if (fmt == IFA_FMT_JSON) {
		fprintf(out, "{\n  \"spec\": ");
		ifa_json_str(out, spec->path);
		fprintf(out, ",\n  \"rules\": ");
		if (fs && sc->n && fs[0].only)
			ifa_json_str(out, fs[0].only);
		else
			fprintf(out, "null");
		fprintf(out, ",\n  \"verdict\": \"%s\",\n  \"headers\": [", must ? "fail" : "pass");
		for (h = 0; h < sc->n; h++) {
			fprintf(out, "%s\n    {\"header\": ", h ? "," : "");
			ifa_json_str(out, sc->runs[h].header);
			if (sc->rc[h] != IFA_EXIT_PASS) {
				fprintf(out, ", \"status\": \"not judged\", \"error\": ");
				ifa_json_str(out, sc->err[h] ? sc->err[h] : "");
				fputc('}', out);
				continue;
			}
			fprintf(out, ", \"status\": \"%s\", \"structs\": %zu, \"abis_measured\": %zu, "
				"\"findings\": [", ifa_findings_count(&fs[h], IFA_SEV_MUST) ? "fail" : "pass",
				sc->runs[h].decls->nstructs, ifa_run_measured(&sc->runs[h]));
			for (i = 0; i < fs[h].n; i++) {
				fprintf(out, "%s", i ? ", " : "");
				ifa_json_finding(out, &fs[h].items[i], "expected", "actual");
			}
			fprintf(out, "]}");
		}
		fprintf(out, "\n  ],\n  \"summary\": {\"headers\": %zu, \"judged\": %zu, \"structs\": %zu, "
			"\"batches\": %zu, \"compiles\": %zu, \"must\": %zu, \"should\": %zu, "
			"\"notes\": %zu, \"baselined\": %zu, \"seconds\": %.2f, \"by_rule\": {",
			sum->headers, sum->judged, nstructs, sum->batches, sum->compiles, must, should,
			notes, sum->baselined, sum->seconds);
		for (k = 0; k < nrc; k++) {
			fprintf(out, "%s", k ? ", " : "");
			ifa_json_str(out, rc[k].rule);
			fprintf(out, ": %zu", rc[k].must + rc[k].should);
		}
		fprintf(out, "}}\n}\n");
		free(rc);
		return must ? IFA_EXIT_FINDINGS : IFA_EXIT_PASS;
	}
	for (h = 0; h < sc->n; h++) {
		size_t nf;

		if (sc->rc[h] != IFA_EXIT_PASS)
			continue;
		nf = ifa_findings_count(&fs[h], IFA_SEV_MUST) + ifa_findings_count(&fs[h], IFA_SEV_SHOULD);
		if (!nf)
			continue;
		if (!sum->quiet)
			fprintf(out, "%s%s: %zu findings\n", first ? "" : "\n", sc->runs[h].header, nf);
		first = 0;
		for (i = 0; i < fs[h].n; i++)
			if (fs[h].items[i].severity != IFA_SEV_INFO) {
				fputc('\n', out);
				ifa_text_finding(out, &fs[h].items[i], sc->runs[h].header, sc->runs[h].decls);
			}
	}
	if (!sum->quiet) {
		fprintf(out, "%ssummary: %zu headers, %zu judged, %zu not (named above on stderr);\n"
			"  %zu structs on %zu ABIs, in %zu batches and %zu compiles, %.1f s\n",
			first ? "" : "\n", sum->headers, sum->judged, sum->headers - sum->judged,
			nstructs, nabis, sum->batches, sum->compiles, sum->seconds);
		if (nrc)
			fprintf(out, "findings by rule:\n");
		for (k = 0; k < nrc; k++)
			fprintf(out, "  %-14s %6zu MUST %6zu SHOULD\n", rc[k].rule, rc[k].must, rc[k].should);
	}
	fputc('\n', out);
	{
		struct ifa_str v = { 0 };

		ifa_str_add(&v, "verdict: %s: %zu MUST findings in %zu headers, %zu SHOULD, %zu notes",
			    must ? "fail" : "pass", must, failing, should, notes);
		if (sum->baselined)
			ifa_str_add(&v, "; %zu findings in the baseline", sum->baselined);
		wrap(out, 0, 9, ifa_str_get(&v));
		ifa_str_free(&v);
	}
	free(rc);
	return must ? IFA_EXIT_FINDINGS : IFA_EXIT_PASS;
}

int ifa_report(FILE *out, enum ifa_format fmt, const struct ifa_run *run,
	       const struct ifa_spec *spec, const struct ifa_findings *fs)
{
	switch (fmt) {
	case IFA_FMT_TEXT:
		text_report(out, run, spec, fs);
		break;
	case IFA_FMT_JSON:
		json_report(out, run, spec, fs);
		break;
	case IFA_FMT_TAP:
		tap_report(out, run, fs);
		break;
	case IFA_FMT_JUNIT:
		junit_report(out, run, spec, fs);
		break;
	}
	return ifa_findings_count(fs, IFA_SEV_MUST) ? IFA_EXIT_FINDINGS : IFA_EXIT_PASS;
}
