/* SPDX-License-Identifier: GPL-2.0 */
#define _GNU_SOURCE
/* iommu-fault-abi: measures IOMMU fault ABI headers on every Linux ABI and judges them against the spec. */
#include "clang_engine.h"
#include "decoder_check.h"
#include "diff_report.h"
#include "fixture_gen.h"
#include "gcc_engine.h"
#include "gen_table.h"
#include "html_report.h"
#include "layout.h"
#include "report.h"
#include "rules_view.h"
#include "svg.h"
#include "emit.h"
#include "run.h"
#include "judge.h"
#include "checks.h"
#include "util.h"

#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef IFA_DATADIR
#define IFA_DATADIR "."
#endif
#define IFA_VERSION "1"

/* Options, each taken by the commands whose mask has its bit. */
enum {
	OPT_ABI = 1 << 0, OPT_FORMAT = 1 << 1, OPT_SPEC = 1 << 2, OPT_RULES = 1 << 3,
	OPT_KEEP = 1 << 4, OPT_STRUCT = 1 << 5, OPT_CHECK = 1 << 6, OPT_FIXTURES = 1 << 7,
	OPT_TIMEOUT = 1 << 8, OPT_BYTE_ORDER = 1 << 9, OPT_CHECKS = 1 << 10, OPT_HELP = 1 << 11,
	OPT_MEMORY = 1 << 12,
};

static const struct option long_options[] = {
	{ "abi", required_argument, NULL, OPT_ABI },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "spec", required_argument, NULL, OPT_SPEC },
	{ "rules", required_argument, NULL, OPT_RULES },
	{ "keep-temp", no_argument, NULL, OPT_KEEP },
	{ "struct", required_argument, NULL, OPT_STRUCT },
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "fixtures", required_argument, NULL, OPT_FIXTURES },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "byte-order", required_argument, NULL, OPT_BYTE_ORDER },
	{ "checks", no_argument, NULL, OPT_CHECKS },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "memory", required_argument, NULL, OPT_MEMORY },
	{ NULL, 0, NULL, 0 },
};

/* What each option means, for --help. */
static const char *const option_help[] = {
	"--abi LIST        comma-separated ABIs (default: all; see `abis`)",
	"--format F        text (default), json, tap or junit; check: html; layout: svg or html",
	"--spec FILE       the spec to judge by (default: the installed spec of this ABI,\n"
	"                    or spec/uapi-portability.md for a header of no spec)",
	"--rules LIST      apply only these comma-separated rule IDs or families (IFA-PORT)",
	"--keep-temp       keep the probe files and say where",
	"--struct NAME     only this struct",
	"--check           compare with fixtures/generated/ instead of writing it",
	"--fixtures DIR    the fixtures directory (default: the installed one)",
	"--timeout S       seconds each compiler, pahole or decoder may run (default 60)",
	"--byte-order B    little or big (default: the host's)",
	"--checks          list the checks of the checker and the rule each judges",
	"--help            this text",
	"--memory MIB      address space each compiler or pahole may use (default 4096)",
};

struct options {
	const char *spec, *abi, *format, *struct_name, *fixtures, *timeout;
	const char *rules, *byte_order, *memory;
	const char *header, *header2;	/* the first two arguments */
	int keep_temp, check, checks;
	int npos;
	char **pos;			/* the arguments after the options */
};

struct command {
	const char *name, *args, *summary;
	unsigned opts;
	int min_args, max_args;		/* max -1: any number */
	int (*run)(const struct options *o);
};

static const struct command *commands(size_t *n);

/* 1 if dir holds the checker's data: its spec, at least. */
static int has_data(const char *dir)
{
	char *p;
	int ok;

	if (asprintf(&p, "%s/spec/iommu-fault-abi.md", dir) < 0)
		return 0;
	ok = access(p, R_OK) == 0;
	free(p);
	return ok;
}

/*
 * The data directory (spec/, abi/, conformance/kernel-types, fixtures/):
 * IFA_DATADIR when set; else found from where the executable itself is,
 * so that a copied or moved checker still finds it: BIN/../share/iommu-fault-abi
 * when installed, the source tree when BIN is its build/ or build/X/; else
 * the directory compiled in (the tree it was built in, or the prefix).
 */
static const char *datadir(void)
{
	static const char *const rel[] = { "../share/iommu-fault-abi", "..", "../.." };
	static char *found;
	const char *d = getenv("IFA_DATADIR");
	char *exe, *slash, *cand;
	size_t i;

	if (d && *d)
		return d;
	if (found)
		return found;
	exe = realpath("/proc/self/exe", NULL);
	slash = exe ? strrchr(exe, '/') : NULL;
	if (slash) {
		*slash = '\0';
		for (i = 0; i < sizeof(rel) / sizeof(rel[0]) && !found; i++) {
			if (asprintf(&cand, "%s/%s", exe, rel[i]) < 0)
				break;
			found = realpath(cand, NULL);
			free(cand);
			if (found && !has_data(found)) {
				free(found);
				found = NULL;
			}
		}
	}
	free(exe);
	return found ? found : IFA_DATADIR;
}

/* The last error said, for the JSON document of a failed run. */
static struct ifa_str last_error;

/* An error, to stderr, and kept for --format json. */
static void say_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say_error(const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	fprintf(stderr, "iommu-fault-abi: %s\n", msg ? msg : "out of memory");
	last_error.len = 0;
	ifa_str_add(&last_error, "%s", msg ? msg : "out of memory");
	free(msg);
}

static void print_usage(FILE *out)
{
	size_t i, n;
	const struct command *c = commands(&n);

	fprintf(out, "usage: iommu-fault-abi COMMAND [options] [arguments]\n\n");
	for (i = 0; i < n; i++)
		fprintf(out, "  %-14s %-16s %s\n", c[i].name, c[i].args, c[i].summary);
	fprintf(out, "\n`iommu-fault-abi COMMAND --help` lists a command's options; "
		     "--version prints the version.\n"
		     "exit status: 0 conforming, 1 MUST findings (diff: a breaking change or one\n"
		     "that needs a new ABI version), 2 usage or input error, 3 nothing could\n"
		     "measure the header\n");
}

static void print_command_help(FILE *out, const struct command *c)
{
	size_t k;

	fprintf(out, "usage: iommu-fault-abi %s [options] %s\n\n  %s\n\noptions:\n", c->name,
		c->args, c->summary);
	for (k = 0; k < sizeof(option_help) / sizeof(option_help[0]); k++)
		if (c->opts & (1u << k) || (1u << k) == OPT_HELP)
			fprintf(out, "  %s\n", option_help[k]);
}

static int usage_error(const char *what)
{
	say_error("%s", what);
	fprintf(stderr, "(see: iommu-fault-abi --help)\n");
	return IFA_EXIT_INPUT;
}

/*
 * The options of command c from argv (argv[0] is the command's name);
 * both --opt value and --opt=value. Returns 0, 1 when --help was printed,
 * or IFA_EXIT_INPUT for a usage error.
 */
static int parse_options(const struct command *c, int argc, char **argv, struct options *o)
{
	/* check-decoder's arguments are a command line of their own: stop at the first. */
	const char *optstring = !strcmp(c->name, "check-decoder") ? "+:" : ":";
	int opt;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, optstring, long_options, NULL)) != -1) {
		char what[256];

		if (opt == ':') {
			ifa_fmt(what, sizeof(what), "%s: %s needs a value", c->name, argv[optind - 1]);
			return usage_error(what);
		}
		if (opt == '?') {
			ifa_fmt(what, sizeof(what), "%s: unknown option %s", c->name, argv[optind - 1]);
			return usage_error(what);
		}
		if (opt == OPT_HELP) {
			print_command_help(stdout, c);
			return 1;
		}
		if (!(c->opts & (unsigned)opt)) {
			const struct option *lo = long_options;

			while (lo->val != opt)
				lo++;
			ifa_fmt(what, sizeof(what), "%s does not take --%s (see: iommu-fault-abi %s --help)",
				c->name, lo->name, c->name);
			return usage_error(what);
		}
		switch (opt) {
		case OPT_ABI: o->abi = optarg; break;
		case OPT_FORMAT: o->format = optarg; break;
		case OPT_SPEC: o->spec = optarg; break;
		case OPT_RULES: o->rules = optarg; break;
		case OPT_KEEP: o->keep_temp = 1; break;
		case OPT_STRUCT: o->struct_name = optarg; break;
		case OPT_CHECK: o->check = 1; break;
		case OPT_FIXTURES: o->fixtures = optarg; break;
		case OPT_TIMEOUT: o->timeout = optarg; break;
		case OPT_BYTE_ORDER: o->byte_order = optarg; break;
		case OPT_CHECKS: o->checks = 1; break;
		case OPT_MEMORY: o->memory = optarg; break;
		}
	}
	o->pos = argv + optind;
	o->npos = argc - optind;
	if (o->npos < c->min_args || (c->max_args >= 0 && o->npos > c->max_args)) {
		char what[256];

		ifa_fmt(what, sizeof(what), "%s takes %s%s", c->name, *c->args ? c->args : "no argument",
			o->npos > 0 && c->max_args >= 0 && o->npos > c->max_args ?
			" (too many arguments)" : "");
		return usage_error(what);
	}
	o->header = o->npos > 0 ? o->pos[0] : NULL;
	o->header2 = o->npos > 1 ? o->pos[1] : NULL;
	return 0;
}

static int load_spec(const struct options *o, struct ifa_spec *spec, char *path, size_t size)
{
	char err[1024];

	/* A path that does not fit is refused, never cut: a cut path names another file. */
	if (o->spec ? ifa_fmt(path, size, "%s", o->spec) :
		      ifa_fmt(path, size, "%s/spec/iommu-fault-abi.md", datadir())) {
		say_error("%s: the spec's path is longer than %zu bytes", o->spec ? o->spec : datadir(),
			  size - 1);
		return -1;
	}
	if (ifa_spec_load(path, spec, err, sizeof(err))) {
		say_error("%s", err);
		return -1;
	}
	return 0;
}

/*
 * --rules LIST into words of buf, each the ID or family of a rule of the
 * spec: a selector that matches nothing is a typo, not an empty check.
 */
static int select_rules(const char *list, const struct ifa_spec *spec, char *buf, size_t size)
{
	char copy[512], *tok, *next;
	size_t i;

	*buf = '\0';
	if (ifa_copy(copy, sizeof(copy), list, strlen(list)))
		return usage_error("--rules: list too long");
	for (tok = copy; tok; tok = next) {
		size_t used = strlen(buf);

		next = strchr(tok, ',');
		if (next)
			*next++ = '\0';
		tok = ifa_trim(tok);
		for (i = 0; i < spec->nrules; i++)
			if (ifa_rule_selected(tok, spec->rules[i].id))
				break;
		if (!*tok)
			return usage_error("--rules: an empty entry in the list");
		if (strchr(tok, ' ') || i == spec->nrules) {
			say_error("--rules: '%s' names no rule of %s (see: iommu-fault-abi rules)",
				  tok, spec->path);
			return IFA_EXIT_INPUT;
		}
		ifa_fmt(buf + used, size - used, "%s%s", used ? " " : "", tok);
	}
	return 0;
}

static int cmd_check_or_layout(const struct options *o, int layout)
{
	struct ifa_spec *spec = calloc(1, sizeof(*spec));
	struct ifa_findings *fs = calloc(1, sizeof(*fs));
	/* Without --spec or --rules a header of no spec is judged without the compiles of its file. */
	struct ifa_run_options ro = { o->abi, datadir(), 0, o->keep_temp };
	struct ifa_run run;
	enum ifa_format fmt = IFA_FMT_TEXT;
	/* Pictures: layout --format svg or html, check --format html (formats/svg.c). */
	enum ifa_picture pic = ifa_picture_parse(o->format);
	char *header, spec_path[PATH_MAX], err[8192], only[512];
	int rc;

	if (!spec || !fs)
		return free(spec), free(fs), IFA_EXIT_ENV;
	if (o->format && (layout ? !pic && strcmp(o->format, "text") :
			  pic == IFA_PIC_SVG || (!pic && ifa_format_parse(o->format, &fmt)))) {
		free(spec);
		free(fs);
		return usage_error(layout ? "layout --format takes text, svg or html" :
				   "--format takes text, json, tap, junit or html");
	}
	if (load_spec(o, spec, spec_path, sizeof(spec_path))) {
		free(spec);
		free(fs);
		return IFA_EXIT_INPUT;
	}
	if (o->rules && select_rules(o->rules, spec, only, sizeof(only))) {
		free(spec);
		free(fs);
		return IFA_EXIT_INPUT;
	}
	fs->only = o->rules ? only : NULL;
	if (o->header)
		header = strdup(o->header);
	else if (asprintf(&header, "%s/%s", datadir(), spec->profile.header) < 0)
		header = NULL;
	if (!header) {
		free(spec);
		free(fs);
		return IFA_EXIT_ENV;
	}
	rc = ifa_run_parse(&run, header, &ro, err, sizeof(err));
	if (rc == IFA_EXIT_PASS && !layout && !o->spec && !o->rules &&
	    !ifa_header_of_spec(spec, run.header, run.decls)) {
		/* Not a header of this ABI: judge it as any UAPI header. */
		ifa_fmt(spec_path, sizeof(spec_path), "%s/spec/uapi-portability.md", datadir());
		if (ifa_spec_load(spec_path, spec, err, sizeof(err)))
			rc = IFA_EXIT_ENV;
	}
	/* The file's own compiles, where the spec judges the file. */
	ro.compiles = !layout && (ifa_spec_rule_for(spec, "compiles-everywhere") ||
				  ifa_spec_rule_for(spec, "include-guard"));
	if (rc == IFA_EXIT_PASS)
		rc = ifa_run_measure(&run, &ro, err, sizeof(err));
	if (rc == IFA_EXIT_PASS && !ifa_run_measured(&run)) {
		ifa_fmt(err, sizeof(err), "%s: no ABI could be measured: install clang or a GCC cross compiler", header);
		rc = IFA_EXIT_ENV;
	}
	if (rc != IFA_EXIT_PASS) {
		say_error("%s", err);
	} else if (layout) {
		if (pic ? ifa_layout_picture(stdout, pic, &run, o->struct_name) :
			  ifa_layout_print(stdout, &run, o->struct_name)) {
			say_error("%s: no struct %s", header, o->struct_name);
			rc = IFA_EXIT_INPUT;
		}
	} else {
		ifa_judge_run(&run, spec, fs);
		rc = pic ? ifa_report_html(stdout, &run, spec, fs) :
			   ifa_report(stdout, fmt, &run, spec, fs);
	}
	ifa_run_free(&run);
	ifa_clang_shutdown();
	ifa_findings_free(fs);
	free(header);
	free(spec);
	free(fs);
	return rc;
}

/* The authoritative layouts of a run, one pointer per ABI. */
static const struct ifa_measure **layouts(const struct ifa_run *run)
{
	const struct ifa_measure **l = calloc(run->n, sizeof(*l));
	size_t i;

	for (i = 0; l && i < run->n; i++)
		l[i] = ifa_authority(&run->r[i]);
	return l;
}

/* Table B-1 as the spec states it: the "before" of a diff against the spec. */
static size_t spec_budget(const struct ifa_spec *spec, struct ifa_budget_use *u, size_t max)
{
	size_t i;

	for (i = 0; i < spec->nbudget && i < max; i++) {
		u[i].row = &spec->budget[i];
		u[i].size = spec->budget[i].size;
		u[i].bytes_left = spec->budget[i].bytes_left;
		u[i].bits_used = (int)spec->budget[i].bits_used;
		u[i].bits_left = (int)spec->budget[i].bits_left;
	}
	return i;
}

static int cmd_diff(const struct options *o)
{
	struct ifa_run_options ro = { o->abi, datadir(), 0, o->keep_temp };
	struct ifa_spec *spec = calloc(1, sizeof(*spec));
	struct ifa_findings *fs = calloc(1, sizeof(*fs));
	struct ifa_measure *spec_m = calloc(1, sizeof(*spec_m));
	struct ifa_findings *checked_new = NULL, *checked_old = NULL;
	struct ifa_run old_run, new_run;
	struct ifa_budget_use before[IFA_MAX_BUDGET], after[IFA_MAX_BUDGET];
	struct ifa_diff_side old = { 0 }, new = { 0 };
	struct ifa_diff_report d = { &old, &new, &new_run, before, after, 0, 0 };
	const char *old_h = o->header2 ? o->header : NULL;
	const char *new_h = o->header2 ? o->header2 : o->header;
	enum ifa_format fmt = IFA_FMT_TEXT;
	char spec_path[PATH_MAX], err[8192];
	int rc = IFA_EXIT_PASS;
	size_t i;

	memset(&old_run, 0, sizeof(old_run));
	memset(&new_run, 0, sizeof(new_run));
	if (!spec || !fs || !spec_m) {
		rc = IFA_EXIT_ENV;
		goto out;
	}
	if (!new_h) {
		rc = usage_error("diff needs NEW.h, or OLD.h and NEW.h");
		goto out;
	}
	if (o->format && ifa_format_parse(o->format, &fmt)) {
		rc = usage_error("--format takes text, json, tap or junit");
		goto out;
	}
	if (load_spec(o, spec, spec_path, sizeof(spec_path))) {
		rc = IFA_EXIT_INPUT;
		goto out;
	}
	if (old_h && ((rc = ifa_run_parse(&old_run, old_h, &ro, err, sizeof(err))) ||
		      (rc = ifa_run_measure(&old_run, &ro, err, sizeof(err))))) {
		say_error("old header: %s", err);
		goto out;
	}
	if ((rc = ifa_run_parse(&new_run, new_h, &ro, err, sizeof(err))) ||
	    (rc = ifa_run_measure(&new_run, &ro, err, sizeof(err)))) {
		say_error("new header: %s", err);
		goto out;
	}
	if (!o->spec && !ifa_header_of_spec(spec, new_run.header, new_run.decls)) {
		/* Not a header of this ABI: its changes are judged as any UAPI header's. */
		ifa_fmt(spec_path, sizeof(spec_path), "%s/spec/uapi-portability.md", datadir());
		if (ifa_spec_load(spec_path, spec, err, sizeof(err))) {
			say_error("%s", err);
			rc = IFA_EXIT_ENV;
			goto out;
		}
	}
	if (!old_h && !spec->nstructs) {
		rc = usage_error("diff NEW.h compares with the tables of a spec, and this spec "
				 "has none: give OLD.h as well");
		goto out;
	}
	if (!ifa_run_measured(&new_run)) {
		say_error("no ABI could be measured");
		rc = IFA_EXIT_ENV;
		goto out;
	}
	new.label = new_run.header;
	new.decls = new_run.decls;
	new.abi = layouts(&new_run);
	if (old_h) {
		old.label = old_run.header;
		old.decls = old_run.decls;
		old.abi = layouts(&old_run);
		d.nbefore = ifa_budget_usage(spec, &old_run, before, IFA_MAX_BUDGET);
	} else {
		if (ifa_spec_as_measure(spec, spec_m)) {
			rc = IFA_EXIT_ENV;
			goto out;
		}
		old.label = spec->path;
		old.decls = spec_m;
		old.abi = calloc(new_run.n, sizeof(*old.abi));
		for (i = 0; old.abi && i < new_run.n; i++)
			old.abi[i] = spec_m;
		d.nbefore = spec_budget(spec, before, IFA_MAX_BUDGET);
	}
	if (!old.abi || !new.abi) {
		rc = IFA_EXIT_ENV;
		goto out;
	}
	d.nafter = ifa_budget_usage(spec, &new_run, after, IFA_MAX_BUDGET);
	ifa_diff(spec, &old, &new, new_run.r, new_run.n, fs);
	/* What check says of each side, so that the two never disagree. */
	checked_new = calloc(1, sizeof(*checked_new));
	checked_old = calloc(1, sizeof(*checked_old));
	if (!checked_new || !checked_old) {
		rc = IFA_EXIT_ENV;
		goto out;
	}
	ifa_judge_declarations(spec, new_run.decls, checked_new);
	ifa_judge_layouts(spec, new_run.decls, new_run.r, new_run.n, checked_new);
	if (old_h) {
		ifa_judge_declarations(spec, old_run.decls, checked_old);
		ifa_judge_layouts(spec, old_run.decls, old_run.r, old_run.n, checked_old);
	}
	ifa_diff_add_check_findings(spec, fs, checked_new, checked_old);
	rc = ifa_diff_print(stdout, fmt, &d, fs);
out:
	free((void *)old.abi);
	free((void *)new.abi);
	if (old_h)
		ifa_run_free(&old_run);
	ifa_run_free(&new_run);
	ifa_clang_shutdown();
	if (spec_m)
		ifa_measure_free(spec_m);
	free(spec_m);
	if (fs)
		ifa_findings_free(fs);
	if (checked_new)
		ifa_findings_free(checked_new);
	if (checked_old)
		ifa_findings_free(checked_old);
	free(checked_new);
	free(checked_old);
	free(spec);
	free(fs);
	return rc;
}

static int cmd_abis(const struct options *o)
{
	enum ifa_format fmt = IFA_FMT_TEXT;
	size_t i;

	if (o->format && (ifa_format_parse(o->format, &fmt) ||
			  (fmt != IFA_FMT_TEXT && fmt != IFA_FMT_JSON)))
		return usage_error("abis --format takes text or json");
	if (fmt == IFA_FMT_JSON)
		fputs("[", stdout);
	else
		printf("%-12s %-28s %-32s %s\n", "ABI", "clang target", "GCC", "note");
	for (i = 0; i < ifa_nabis; i++) {
		const struct ifa_abi *a = &ifa_abis[i];
		int installed = a->gcc && ifa_gcc_available(a);
		char gcc[96];

		if (fmt == IFA_FMT_JSON) {
			printf("%s\n  {\"name\": ", i ? "," : "");
			ifa_json_str(stdout, a->name);
			printf(", \"clang_target\": ");
			ifa_json_str_or_null(stdout, a->clang_triple);
			printf(", \"gcc\": ");
			ifa_json_str_or_null(stdout, a->gcc);
			printf(", \"gcc_flags\": ");
			ifa_json_str_or_null(stdout, a->gcc_flags);
			printf(", \"gcc_installed\": %s, \"package\": ", installed ? "true" : "false");
			ifa_json_str_or_null(stdout, a->package);
			printf(", \"note\": ");
			ifa_json_str(stdout, a->note);
			putchar('}');
			continue;
		}
		ifa_fmt(gcc, sizeof(gcc), "%s%s%s", a->gcc ? a->gcc : "-",
			a->gcc && a->gcc_flags ? " " : "", a->gcc && a->gcc_flags ? a->gcc_flags : "");
		if (a->gcc && !installed)
			ifa_fmt(gcc, sizeof(gcc), "(%s: not installed)", a->package);
		printf("%-12s %-28s %-32s %s\n", a->name, a->clang_triple ? a->clang_triple : "-",
		       gcc, a->note);
	}
	if (fmt == IFA_FMT_JSON)
		fputs("\n]\n", stdout);
	return IFA_EXIT_PASS;
}

static int cmd_rules(const struct options *o)
{
	struct ifa_spec *spec = calloc(1, sizeof(*spec));
	char path[PATH_MAX];
	int i, rc = IFA_EXIT_PASS;

	if (!spec)
		return IFA_EXIT_ENV;
	if (load_spec(o, spec, path, sizeof(path))) {
		free(spec);
		return IFA_EXIT_INPUT;
	}
	if (o->checks && o->npos)
		rc = usage_error("rules takes rule IDs or --checks, not both");
	else if (o->checks)
		ifa_rules_print_checks(stdout, spec);
	else if (!o->npos)
		ifa_rules_print_list(stdout, spec);
	for (i = 0; rc == IFA_EXIT_PASS && !o->checks && i < o->npos; i++)
		if (ifa_rules_print_detail(stdout, spec, o->pos[i], datadir())) {
			say_error("rules: '%s' names no rule of %s",
				o->pos[i], spec->path);
			rc = IFA_EXIT_INPUT;
		}
	free(spec);
	return rc;
}

static int cmd_spec_table(const struct options *o)
{
	struct ifa_spec *spec = calloc(1, sizeof(*spec));
	char path[PATH_MAX];
	const char *base;

	if (!spec)
		return IFA_EXIT_ENV;
	if (load_spec(o, spec, path, sizeof(path))) {
		free(spec);
		return IFA_EXIT_INPUT;
	}
	base = strrchr(path, '/');
	ifa_gen_table(stdout, spec, base ? base + 1 : path);
	free(spec);
	return IFA_EXIT_PASS;
}

static void fixtures_dir(const struct options *o, char *dir, size_t size)
{
	if (o->fixtures)
		ifa_fmt(dir, size, "%s", o->fixtures);
	else
		ifa_fmt(dir, size, "%s/fixtures", datadir());
}

static int cmd_fixtures(const struct options *o)
{
	struct ifa_spec *spec = calloc(1, sizeof(*spec));
	char path[PATH_MAX], dir[PATH_MAX], err[1024];
	int rc;

	if (!spec)
		return IFA_EXIT_ENV;
	if (load_spec(o, spec, path, sizeof(path))) {
		free(spec);
		return IFA_EXIT_INPUT;
	}
	fixtures_dir(o, dir, sizeof(dir));
	rc = ifa_fixtures_generate(dir, spec, o->check, err, sizeof(err));
	if (rc == 2)
		say_error("%s", err);
	else if (rc == 1)
		say_error("%s/generated is stale: run make regen and review the diff", dir);
	free(spec);
	return rc == 2 ? IFA_EXIT_INPUT : rc;
}

/* check-decoder [options] COMMAND...: the command's words joined by spaces. */
static int cmd_check_decoder(const struct options *o)
{
	struct ifa_spec *spec;
	char path[PATH_MAX], dir[PATH_MAX], err[1024];
	struct ifa_str command = { 0 };
	enum ifa_byte_order order;
	int i, rc;
	long timeout;

	timeout = o->timeout ? strtol(o->timeout, NULL, 10) : 60;
	if (timeout <= 0)
		return usage_error("--timeout takes a number of seconds");
	order = ifa_host_byte_order();
	if (o->byte_order && !strcmp(o->byte_order, "big"))
		order = IFA_BIG_ENDIAN;
	else if (o->byte_order && !strcmp(o->byte_order, "little"))
		order = IFA_LITTLE_ENDIAN;
	else if (o->byte_order)
		return usage_error("--byte-order takes little or big");
	for (i = 0; i < o->npos; i++)
		ifa_str_add(&command, "%s%s", i ? " " : "", o->pos[i]);
	spec = calloc(1, sizeof(*spec));
	if (!spec || command.oom) {
		free(spec);
		ifa_str_free(&command);
		return IFA_EXIT_ENV;
	}
	if (load_spec(o, spec, path, sizeof(path))) {
		free(spec);
		ifa_str_free(&command);
		return IFA_EXIT_INPUT;
	}
	fixtures_dir(o, dir, sizeof(dir));
	rc = ifa_check_decoder(dir, spec, ifa_str_get(&command), order, (int)timeout, err,
			       sizeof(err));
	if (rc == 2)
		say_error("%s", err);
	free(spec);
	ifa_str_free(&command);
	return rc == 2 ? IFA_EXIT_INPUT : rc;
}

static int cmd_check(const struct options *o)
{
	return cmd_check_or_layout(o, 0);
}

static int cmd_layout(const struct options *o)
{
	return cmd_check_or_layout(o, 1);
}

/* --timeout and --memory: the limits of every child process (ifa_limits_set). */
static int set_limits(const struct options *o)
{
	char *end;
	double seconds = 60;
	unsigned long long mib = 4096;

	if (o->timeout) {
		seconds = strtod(o->timeout, &end);
		if (*end || !(seconds > 0) || seconds > 86400)
			return usage_error("--timeout takes a number of seconds, more than 0");
	}
	if (o->memory) {
		mib = strtoull(o->memory, &end, 10);
		if (*end || !*o->memory || mib < 64 || mib > (1ull << 30))
			return usage_error("--memory takes a number of MiB, at least 64");
	}
	ifa_limits_set(seconds, mib << 20);
	return 0;
}

static const struct command *commands(size_t *n)
{
	static const struct command table[] = {
		{ "check", "[HEADER]", "judge HEADER (default: the canonical header) on every ABI",
		  OPT_ABI | OPT_FORMAT | OPT_SPEC | OPT_RULES | OPT_KEEP | OPT_TIMEOUT | OPT_MEMORY,
		  0, 1, cmd_check },
		{ "layout", "[HEADER]", "every field's offset and size on every ABI, side by side",
		  OPT_ABI | OPT_FORMAT | OPT_SPEC | OPT_KEEP | OPT_STRUCT | OPT_TIMEOUT | OPT_MEMORY, 0, 1,
		  cmd_layout },
		{ "diff", "[OLD.h] NEW.h", "classify every change from OLD.h (default: the spec's tables)",
		  OPT_ABI | OPT_FORMAT | OPT_SPEC | OPT_KEEP | OPT_TIMEOUT | OPT_MEMORY, 1, 2, cmd_diff },
		{ "abis", "", "the ABI matrix and the engines installed for each",
		  OPT_FORMAT, 0, 0, cmd_abis },
		{ "rules", "[ID...]", "the rules of the spec; with IDs, their text and what checks them",
		  OPT_SPEC | OPT_CHECKS, 0, -1, cmd_rules },
		{ "spec-table", "", "the spec's tables as C, for the host Check tests",
		  OPT_SPEC, 0, 0, cmd_spec_table },
		{ "fixtures", "", "write (or compare) fixtures/generated/ from the fixture texts",
		  OPT_SPEC | OPT_CHECK | OPT_FIXTURES, 0, 0, cmd_fixtures },
		{ "check-decoder", "COMMAND...", "run a decoder on the record fixtures (spec Appendix B)",
		  OPT_SPEC | OPT_FIXTURES | OPT_TIMEOUT | OPT_BYTE_ORDER, 1, -1, cmd_check_decoder },
	};

	*n = sizeof(table) / sizeof(table[0]);
	return table;
}

int main(int argc, char **argv)
{
	struct options o = { 0 };
	const struct command *c;
	size_t i, n;
	int rc;

	if (argc < 2)
		return usage_error("a command is needed");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		print_usage(stdout);
		return IFA_EXIT_PASS;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("iommu-fault-abi %s (spec release 1)\n", IFA_VERSION);
		return IFA_EXIT_PASS;
	}
	c = commands(&n);
	for (i = 0; i < n && strcmp(c[i].name, argv[1]); i++)
		;
	if (i == n) {
		char what[256];

		ifa_fmt(what, sizeof(what), "unknown command '%s'", argv[1]);
		return usage_error(what);
	}
	rc = parse_options(&c[i], argc - 1, argv + 1, &o);
	if (rc == 1)
		return IFA_EXIT_PASS;
	if (!rc)
		rc = set_limits(&o) ? IFA_EXIT_INPUT : c[i].run(&o);
	/* A run that asked for JSON gets a JSON document whatever went wrong. */
	if ((rc == IFA_EXIT_INPUT || rc == IFA_EXIT_ENV) && o.format && !strcmp(o.format, "json")) {
		printf("{\n  \"error\": {\"code\": %d, \"message\": ", rc);
		ifa_json_str(stdout, ifa_str_get(&last_error));
		printf("}\n}\n");
	}
	ifa_str_free(&last_error);
	return rc;
}
