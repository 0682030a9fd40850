/* SPDX-License-Identifier: GPL-2.0 */
#define _GNU_SOURCE
/* iommu-fault-abi: measures IOMMU fault ABI headers on every Linux ABI and judges them against the spec. */
#include "clang_engine.h"
#include "roles_check.h"
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

#include <errno.h>
#include <ftw.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
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
	OPT_MEMORY = 1 << 12, OPT_QUIET = 1 << 13, OPT_BASELINE = 1 << 14,
	OPT_WRITE_BASELINE = 1 << 15, OPT_GIT = 1 << 16,
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
	{ "quiet", no_argument, NULL, OPT_QUIET },
	{ "baseline", required_argument, NULL, OPT_BASELINE },
	{ "write-baseline", required_argument, NULL, OPT_WRITE_BASELINE },
	{ "git", required_argument, NULL, OPT_GIT },
	{ NULL, 0, NULL, 0 },
};

/* What each option means, for --help. */
static const char *const option_help[] = {
	"--abi LIST        comma-separated ABIs (default: all; see `abis`)",
	"--format F        text (default), json, tap or junit; check, diff: html;\n"
	"                    layout: svg or html",
	"--spec FILE       the spec to judge by (default: the installed spec of this ABI,\n"
	"                    spec/iommufd-fault.md for a header of its structures,\n"
	"                    or spec/uapi-portability.md for a header of no spec)",
	"--rules LIST      apply only these comma-separated rule IDs or families (IFA-PORT);\n"
	"                    !ID leaves a rule or family out ('!IFA-PORT-3': all but it)",
	"--keep-temp       keep the probe files and say where",
	"--struct NAME     only this struct",
	"--check           compare with fixtures/generated/ instead of writing it",
	"--fixtures DIR    the fixtures directory (default: the installed one)",
	"--timeout S       seconds each compiler, pahole or decoder may run (default 60)",
	"--byte-order B    little or big (default: the host's)",
	"--checks          list the checks of the checker and the rule each judges",
	"--help            this text",
	"--memory MIB      address space each compiler or pahole may use (default 4096)",
	"--quiet           print only the findings and the verdict",
	"--baseline FILE   fail only on findings not in FILE; name its entries that no\n"
	"                    longer match as stale",
	"--write-baseline FILE  write every MUST and SHOULD finding to FILE, one entry\n"
	"                    each (rule, header, struct.field) under a '# reason:' line",
	"--git BASE..HEAD  compare the headers changed between two git refs of the\n"
	"                    tree around the current directory (PATH...: where to look;\n"
	"                    default include/uapi and abi)",
};

struct options {
	const char *spec, *abi, *format, *struct_name, *fixtures, *timeout;
	const char *rules, *byte_order, *memory;
	const char *baseline, *write_baseline, *git;
	int quiet;
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
		     "exit status: 0 conforming (diff: no change, or only compatible or\n"
		     "source-only ones), 1 MUST findings (diff: a breaking change), 4 (diff\n"
		     "only) a change that needs a new ABI version and none that breaks,\n"
		     "2 usage or input error, 3 nothing could measure the header\n");
}

static void print_command_help(FILE *out, const struct command *c)
{
	size_t k;

	fprintf(out, "usage: iommu-fault-abi %s [options] %s\n\n  %s\n\noptions:\n", c->name,
		c->args, c->summary);
	for (k = 0; k < sizeof(option_help) / sizeof(option_help[0]); k++)
		if (c->opts & (1u << k) || (1u << k) == OPT_HELP)
			fprintf(out, "  %s\n", option_help[k]);
	if (!strcmp(c->name, "check"))
		fprintf(out, "\nexit status: 0 pass, 1 a MUST finding (not in --baseline), 2 usage or\n"
			"input error (a scan: no header could be judged), 3 nothing could measure\n");
	else if (!strcmp(c->name, "diff"))
		fprintf(out, "\nexit status: 0 no change, or only compatible or source-only ones;\n"
			"1 a breaking change; 4 a change that needs a new ABI version and none\n"
			"that breaks; 2 usage or input error; 3 nothing could measure (--git:\n"
			"the worst over every header)\n");
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
	const char *optstring = !strcmp(c->name, "check-decoder") ||
				!strcmp(c->name, "check-roles") ? "+:" : ":";
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
		case OPT_QUIET: o->quiet = 1; break;
		case OPT_BASELINE: o->baseline = optarg; break;
		case OPT_WRITE_BASELINE: o->write_baseline = optarg; break;
		case OPT_GIT: o->git = optarg; break;
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
 * --rules LIST into *out (malloc'ed), the space-separated IDs and families
 * to apply: each entry names a rule or family of the spec (a selector that
 * matches nothing is a typo, not an empty check); an entry !SEL leaves out
 * what SEL selects, of the others or, with exclusions alone, of every rule.
 */
static int select_rules(const char *list, const struct ifa_spec *spec, char **out)
{
	struct ifa_str in = { 0 }, ex = { 0 }, res = { 0 };
	char *copy = strdup(list), *tok, *next;
	size_t i;
	int rc = 0;

	*out = NULL;
	if (!copy)
		return IFA_EXIT_ENV;
	for (tok = copy; tok && !rc; tok = next) {
		int neg;

		next = strchr(tok, ',');
		if (next)
			*next++ = '\0';
		tok = ifa_trim(tok);
		neg = *tok == '!';
		if (neg)
			tok = ifa_trim(tok + 1);
		if (!*tok) {
			rc = usage_error("--rules: an empty entry in the list");
			break;
		}
		for (i = 0; i < spec->nrules; i++)
			if (ifa_rule_selected(tok, spec->rules[i].id))
				break;
		if (strchr(tok, ' ') || i == spec->nrules) {
			say_error("--rules: '%s' names no rule of %s (see: iommu-fault-abi rules)",
				  tok, spec->path);
			rc = IFA_EXIT_INPUT;
			break;
		}
		ifa_str_add(neg ? &ex : &in, "%s%s", (neg ? ex.len : in.len) ? " " : "", tok);
	}
	for (i = 0; !rc && i < spec->nrules; i++) {
		const char *id = spec->rules[i].id;

		if ((!in.len || ifa_rule_selected(ifa_str_get(&in), id)) &&
		    !(ex.len && ifa_rule_selected(ifa_str_get(&ex), id)))
			ifa_str_add(&res, "%s%s", res.len ? " " : "", id);
	}
	if (!rc && !res.len)
		rc = usage_error("--rules: the list leaves no rule to apply");
	if (!rc) {
		/* Without exclusions the list stays as written: families stay families. */
		*out = ex.len ? ifa_str_take(&res) : ifa_str_take(&in);
		if (!*out)
			rc = IFA_EXIT_ENV;
	}
	ifa_str_free(&in);
	ifa_str_free(&ex);
	ifa_str_free(&res);
	free(copy);
	return rc;
}

/* --- baselines ---------------------------------------------------------------- */

/* The baseline key of a finding: RULE HEADER STRUCT[.FIELD] ("-" for no struct). */
static char *baseline_key(const struct ifa_finding *f, const char *header)
{
	const char *base = strrchr(header, '/');
	char *k;

	if (asprintf(&k, "%s %s %s%s%s", f->rule, base ? base + 1 : header,
		     *f->struct_name ? f->struct_name : "-", *f->field ? "." : "", f->field) < 0)
		return NULL;
	return k;
}

struct baseline {
	size_t n;
	char **key;
	int *line, *used;
	const char *path;
};

static void baseline_free(struct baseline *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		free(b->key[i]);
	free(b->key);
	free(b->line);
	free(b->used);
	memset(b, 0, sizeof(*b));
}

/* Reads a baseline: '#' lines and blank lines are comments, every other line an entry. */
static int baseline_load(const char *path, struct baseline *b)
{
	const char *rerr;
	char *text = ifa_read_file(path, NULL, &rerr), *line, *next;
	int lineno = 0;

	memset(b, 0, sizeof(*b));
	b->path = path;
	if (!text) {
		say_error("%s: cannot read baseline: %s", path, rerr);
		return IFA_EXIT_INPUT;
	}
	for (line = text; line; line = next) {
		char *t, **k;
		int *l, *u;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		t = ifa_trim(line);
		if (!*t || *t == '#')
			continue;
		{
			/* Words separated by any run of blanks. */
			char *w1 = strtok(t, " \t"), *w2 = strtok(NULL, " \t"), *w3 = strtok(NULL, " \t");

			if (!w1 || !w2 || !w3 || strtok(NULL, " \t")) {
				say_error("%s:%d: a baseline entry is RULE HEADER STRUCT.FIELD", path, lineno);
				free(text);
				baseline_free(b);
				return IFA_EXIT_INPUT;
			}
			k = realloc(b->key, (b->n + 1) * sizeof(*k));
			if (k)
				b->key = k;
			l = realloc(b->line, (b->n + 1) * sizeof(*l));
			if (l)
				b->line = l;
			u = realloc(b->used, (b->n + 1) * sizeof(*u));
			if (u)
				b->used = u;
			if (!k || !l || !u || asprintf(&b->key[b->n], "%s %s %s", w1, w2, w3) < 0) {
				free(text);
				baseline_free(b);
				return IFA_EXIT_ENV;
			}
			b->line[b->n] = lineno;
			b->used[b->n] = 0;
			b->n++;
		}
	}
	free(text);
	return 0;
}

/* Drops from fs the MUST and SHOULD findings that b lists; returns how many. */
static size_t baseline_apply(struct baseline *b, struct ifa_findings *fs, const char *header)
{
	size_t i, j, dropped = 0;

	for (i = 0; i < fs->n;) {
		struct ifa_finding *f = &fs->items[i];
		char *key = f->severity == IFA_SEV_INFO ? NULL : baseline_key(f, header);
		int hit = 0;

		for (j = 0; key && j < b->n; j++)
			if (!strcmp(key, b->key[j]))
				hit = b->used[j] = 1;
		free(key);
		if (!hit) {
			i++;
			continue;
		}
		{
			struct ifa_findings one = { 1, 1, NULL, NULL };

			one.items = malloc(sizeof(*one.items));
			if (!one.items) {
				i++;
				continue;
			}
			one.items[0] = *f;
			ifa_findings_free(&one);
		}
		memmove(f, f + 1, (fs->n - i - 1) * sizeof(*f));
		fs->n--;
		dropped++;
	}
	return dropped;
}

/* Names the entries of b that matched no finding; returns how many. */
static size_t baseline_stale(const struct baseline *b, FILE *out)
{
	size_t i, n = 0;

	for (i = 0; i < b->n; i++)
		if (!b->used[i]) {
			fprintf(out, "%s:%d: stale baseline entry, no finding matches it: %s\n",
				b->path, b->line[i], b->key[i]);
			n++;
		}
	return n;
}

/* Appends the MUST and SHOULD findings of fs to f as baseline entries. */
static void baseline_write(FILE *f, const struct ifa_findings *fs, const char *header)
{
	size_t i;

	for (i = 0; i < fs->n; i++) {
		const struct ifa_finding *x = &fs->items[i];
		char *key;

		if (x->severity == IFA_SEV_INFO || !(key = baseline_key(x, header)))
			continue;
		fprintf(f, "\n# %s: %s\n# reason: \n%s\n", ifa_severity_name(x->severity), x->message, key);
		free(key);
	}
}

static FILE *baseline_create(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		say_error("%s: cannot write baseline: %s", path, strerror(errno));
		return NULL;
	}
	fprintf(f, "# iommu-fault-abi baseline: findings accepted for now. `check --baseline FILE`\n"
		   "# fails only on findings not listed here. One entry a line: RULE HEADER\n"
		   "# STRUCT.FIELD (header by file name; '-' where no struct). Fill in each\n"
		   "# reason; delete an entry once its finding is fixed.\n");
	return f;
}

/*
 * --baseline and --write-baseline after fs was judged for header: drops
 * what the baseline lists (*dropped of them), names its stale entries when
 * last is set. Returns 0 or an exit code.
 */
static int baselines(const struct options *o, struct baseline *bl, FILE **wb,
		     struct ifa_findings *fs, const char *header, size_t *dropped)
{
	if (o->write_baseline) {
		if (!*wb && !(*wb = baseline_create(o->write_baseline)))
			return IFA_EXIT_INPUT;
		baseline_write(*wb, fs, header);
	}
	if (o->baseline)
		*dropped += baseline_apply(bl, fs, header);
	return 0;
}

static int finish_baselines(const struct options *o, struct baseline *bl, FILE *wb)
{
	int rc = 0;

	if (wb && fclose(wb)) {
		say_error("%s: cannot write baseline: %s", o->write_baseline, strerror(errno));
		rc = IFA_EXIT_INPUT;
	}
	if (o->baseline)
		baseline_stale(bl, stderr);
	baseline_free(bl);
	return rc;
}

/*
 * A header of no --spec that is not one of this ABI: a kernel's iommufd.h
 * is judged by the iommufd profile (it declares that profile's structs),
 * any other header as any UAPI header.
 */
static int pick_other_spec(struct ifa_spec *spec, const struct ifa_run *run, char *path,
			   size_t size, char *err, size_t errsz)
{
	if (ifa_fmt(path, size, "%s/spec/iommufd-fault.md", datadir()) ||
	    ifa_spec_load(path, spec, err, errsz))
		return IFA_EXIT_ENV;
	if (ifa_header_of_spec(spec, run->header, run->decls))
		return IFA_EXIT_PASS;
	if (ifa_fmt(path, size, "%s/spec/uapi-portability.md", datadir()) ||
	    ifa_spec_load(path, spec, err, errsz))
		return IFA_EXIT_ENV;
	return IFA_EXIT_PASS;
}

static int cmd_scan(const struct options *o, enum ifa_format fmt);

/* 1 if check is asked for more than one header or for a directory: a scan. */
static int is_scan(const struct options *o)
{
	struct stat st;

	return o->npos > 1 || (o->npos == 1 && !stat(o->pos[0], &st) && S_ISDIR(st.st_mode));
}

static int cmd_check(const struct options *o);

static int cmd_check_or_layout(const struct options *o, int layout)
{
	struct ifa_spec *spec;
	struct ifa_findings *fs;
	/* Without --spec or --rules a header of no spec is judged without the compiles of its file. */
	struct ifa_run_options ro = { o->abi, datadir(), 0, o->keep_temp };
	struct ifa_run run;
	struct baseline bl = { 0 };
	FILE *wb = NULL;
	enum ifa_format fmt = IFA_FMT_TEXT;
	/* Pictures: layout --format svg or html, check --format html (formats/svg.c). */
	enum ifa_picture pic = ifa_picture_parse(o->format);
	char *header, spec_path[PATH_MAX], err[8192], *only = NULL;
	size_t dropped = 0;
	int rc;

	if (o->format && (layout ? !pic && strcmp(o->format, "text") :
			  pic == IFA_PIC_SVG || (!pic && ifa_format_parse(o->format, &fmt))))
		return usage_error(layout ? "layout --format takes text, svg or html" :
				   "--format takes text, json, tap, junit or html");
	if (pic && !layout && is_scan(o))
		return usage_error("check --format html takes one header");
	if (!layout && is_scan(o))
		return cmd_scan(o, fmt);
	spec = calloc(1, sizeof(*spec));
	fs = calloc(1, sizeof(*fs));
	if (!spec || !fs)
		return free(spec), free(fs), IFA_EXIT_ENV;
	if (load_spec(o, spec, spec_path, sizeof(spec_path))) {
		free(spec);
		free(fs);
		return IFA_EXIT_INPUT;
	}
	if (o->rules && (rc = select_rules(o->rules, spec, &only))) {
		free(spec);
		free(fs);
		return rc;
	}
	if (o->baseline && (rc = baseline_load(o->baseline, &bl))) {
		free(only);
		free(spec);
		free(fs);
		return rc;
	}
	fs->only = only;
	if (o->header)
		header = strdup(o->header);
	else if (asprintf(&header, "%s/%s", datadir(), spec->profile.header) < 0)
		header = NULL;
	if (!header) {
		free(only);
		free(spec);
		free(fs);
		return IFA_EXIT_ENV;
	}
	rc = ifa_run_parse(&run, header, &ro, err, sizeof(err));
	if (rc == IFA_EXIT_PASS && !layout && !o->spec && !o->rules &&
	    !ifa_header_of_spec(spec, run.header, run.decls))
		rc = pick_other_spec(spec, &run, spec_path, sizeof(spec_path), err, sizeof(err));
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
		rc = baselines(o, &bl, &wb, fs, run.header, &dropped);
		if (!rc) {
			ifa_report_quiet = o->quiet;
			ifa_report_baselined = dropped;
			rc = pic ? ifa_report_html(stdout, &run, spec, fs) :
				   ifa_report(stdout, fmt, &run, spec, fs);
		}
	}
	if (!layout) {
		int brc = finish_baselines(o, &bl, wb);

		if (brc && rc != IFA_EXIT_ENV)
			rc = brc;
	}
	ifa_run_free(&run);
	ifa_clang_shutdown();
	ifa_findings_free(fs);
	free(only);
	free(header);
	free(spec);
	free(fs);
	return rc;
}

/* --- whole-tree scan ---------------------------------------------------------- */

struct header_list {
	char **path;
	size_t n, cap;
};

static int add_header(struct header_list *l, const char *path)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		char **p = realloc(l->path, cap * sizeof(*p));

		if (!p)
			return -1;
		l->path = p;
		l->cap = cap;
	}
	l->path[l->n] = strdup(path);
	return l->path[l->n] ? (int)(l->n++ * 0) : -1;
}

static struct header_list *walking;

static int walk_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	size_t len = strlen(path);

	(void)ftw;
	if (flag == FTW_F && S_ISREG(sb->st_mode) && len > 2 && !strcmp(path + len - 2, ".h"))
		return add_header(walking, path);
	return 0;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The headers the arguments name: files as given, directories' *.h files, sorted. */
static int collect_headers(const struct options *o, struct header_list *l)
{
	int i;

	for (i = 0; i < o->npos; i++) {
		struct stat st;
		size_t from = l->n;

		if (stat(o->pos[i], &st)) {
			say_error("%s: cannot read header: %s", o->pos[i], strerror(errno));
			return IFA_EXIT_INPUT;
		}
		if (!S_ISDIR(st.st_mode)) {
			if (add_header(l, o->pos[i]))
				return IFA_EXIT_ENV;
			continue;
		}
		walking = l;
		if (nftw(o->pos[i], walk_entry, 32, FTW_PHYS)) {
			say_error("%s: cannot read the directory: %s", o->pos[i], strerror(errno));
			return IFA_EXIT_INPUT;
		}
		if (l->n == from) {	/* before qsort: an empty list has no array at all */
			say_error("%s: no header (*.h) in the directory", o->pos[i]);
			return IFA_EXIT_INPUT;
		}
		qsort(l->path + from, l->n - from, sizeof(*l->path), by_path);
	}
	return 0;
}

static double now_seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/*
 * check HEADER|DIR...: every header judged by the portability profile (or
 * --spec), measured in batches; a report per header with findings and a
 * summary. Exit 1 on a MUST finding; a header that cannot be parsed or
 * compiled is named, and only a scan where none could be judged exits 2.
 */
static int cmd_scan(const struct options *o, enum ifa_format fmt)
{
	struct ifa_spec *spec = calloc(1, sizeof(*spec));
	struct ifa_run_options ro = { o->abi, datadir(), 0, o->keep_temp };
	struct header_list l = { 0 };
	struct ifa_scan sc;
	struct ifa_findings *fs = NULL;
	struct baseline bl = { 0 };
	FILE *wb = NULL;
	char spec_path[PATH_MAX], err[8192], *only = NULL;
	size_t h, judged = 0, dropped = 0;
	double t0 = now_seconds();
	int rc;

	memset(&sc, 0, sizeof(sc));
	if (!spec)
		return IFA_EXIT_ENV;
	if (fmt != IFA_FMT_TEXT && fmt != IFA_FMT_JSON) {
		free(spec);
		return usage_error("check of several headers or a directory: --format takes text or json");
	}
	if (o->spec)
		rc = load_spec(o, spec, spec_path, sizeof(spec_path)) ? IFA_EXIT_INPUT : 0;
	else if (ifa_fmt(spec_path, sizeof(spec_path), "%s/spec/uapi-portability.md", datadir()) ||
		 ifa_spec_load(spec_path, spec, err, sizeof(err)))
		rc = (say_error("%s", err), IFA_EXIT_ENV);
	else
		rc = 0;
	if (!rc && o->rules)
		rc = select_rules(o->rules, spec, &only);
	if (!rc && o->baseline)
		rc = baseline_load(o->baseline, &bl);
	if (!rc)
		rc = collect_headers(o, &l);
	ro.compiles = ifa_spec_rule_for(spec, "compiles-everywhere") ||
		      ifa_spec_rule_for(spec, "include-guard");
	if (!rc && (rc = ifa_scan_measure(&sc, l.path, l.n, &ro, err, sizeof(err))))
		say_error("%s", err);
	if (!rc && !(fs = calloc(l.n ? l.n : 1, sizeof(*fs))))
		rc = IFA_EXIT_ENV;
	for (h = 0; !rc && h < l.n; h++) {
		fs[h].only = only;
		if (sc.rc[h] == IFA_EXIT_PASS && !ifa_run_measured(&sc.runs[h])) {
			sc.rc[h] = IFA_EXIT_ENV;
			if (asprintf(&sc.err[h], "%s: no ABI could be measured", sc.runs[h].header) < 0)
				sc.err[h] = NULL;
		}
		if (sc.rc[h] != IFA_EXIT_PASS) {
			fprintf(stderr, "iommu-fault-abi: not judged: %s\n",
				sc.err[h] ? sc.err[h] : l.path[h]);
			continue;
		}
		judged++;
		ifa_judge_run(&sc.runs[h], spec, &fs[h]);
		rc = baselines(o, &bl, &wb, &fs[h], sc.runs[h].header, &dropped);
	}
	if (!rc) {
		struct ifa_scan_summary sum = { l.n, judged, sc.nbatches, sc.ncompiles, dropped,
						now_seconds() - t0, o->quiet };

		rc = ifa_scan_report(stdout, fmt, &sc, spec, fs, &sum);
		if (!judged) {
			say_error("no header could be judged");
			rc = IFA_EXIT_INPUT;
		}
	}
	{
		int brc = finish_baselines(o, &bl, wb);

		if (brc && !rc)
			rc = brc;
	}
	for (h = 0; fs && h < l.n; h++)
		ifa_findings_free(&fs[h]);
	free(fs);
	ifa_scan_free(&sc);
	ifa_clang_shutdown();
	for (h = 0; h < l.n; h++)
		free(l.path[h]);
	free(l.path);
	free(only);
	free(spec);
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

static int cmd_diff_git(const struct options *o);

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
	struct ifa_diff_report d = { &old, &new, &new_run, before, after, 0, 0, NULL, NULL };
	const char *old_h = o->header2 ? o->header : NULL;
	const char *new_h = o->header2 ? o->header2 : o->header;
	enum ifa_format fmt = IFA_FMT_TEXT;
	/* --format html: the page of formats/diff_html.c */
	int html = o->format && ifa_picture_parse(o->format) == IFA_PIC_HTML;
	char spec_path[PATH_MAX], err[8192];
	int rc = IFA_EXIT_PASS;
	size_t i;

	memset(&old_run, 0, sizeof(old_run));
	memset(&new_run, 0, sizeof(new_run));
	if (o->git) {
		free(spec);
		free(fs);
		free(spec_m);
		return cmd_diff_git(o);
	}
	if (o->npos > 2) {
		rc = usage_error("diff takes [OLD.h] NEW.h, or --git BASE..HEAD [PATH...]");
		goto out;
	}
	if (!spec || !fs || !spec_m) {
		rc = IFA_EXIT_ENV;
		goto out;
	}
	if (!new_h) {
		rc = usage_error("diff needs NEW.h, or OLD.h and NEW.h");
		goto out;
	}
	if (o->format && !html && ifa_format_parse(o->format, &fmt)) {
		rc = usage_error("--format takes text, json, tap, junit or html");
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
		d.old_run = &old_run;
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
	d.spec_path = spec->path;
	rc = html ? ifa_diff_html(stdout, &d, fs) : ifa_diff_print(stdout, fmt, &d, fs);
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

/* --- diff --git ------------------------------------------------------------- */

static int remove_any(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Runs git with argv (after "git") in the current directory, stdout to out_path; its exit code. */
/* argv starts with "git" and ends with NULL. */
static int run_git(const char *const *argv, const char *out_path, const char *err_path)
{
	return ifa_wait(ifa_spawn(argv, out_path, err_path));
}

/* git show REF:path into file, its directories made; 0 or -1. */
static int git_show(const char *ref, const char *path, const char *file, const char *errf)
{
	char *spec, *dir = strdup(file), *p;
	int rc;

	if (!dir || asprintf(&spec, "%s:%s", ref, path) < 0) {
		free(dir);
		return -1;
	}
	for (p = strchr(dir + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		mkdir(dir, 0700);
		*p = '/';
	}
	{
		const char *args[] = { "git", "show", spec, NULL };

		rc = run_git(args, file, errf);
	}
	free(spec);
	free(dir);
	return rc ? -1 : 0;
}

static int rc_rank(int rc)	/* worse exit codes rank higher: 0 < 4 < 1 < 3 < 2 */
{
	return rc == 0 ? 0 : rc == IFA_EXIT_NEW_VERSION ? 1 : rc == 1 ? 2 : rc == 3 ? 3 : 4;
}

/*
 * diff --git BASE..HEAD [PATH...]: each header (*.h) that changed between
 * the refs under PATH (default include/uapi and abi), read with git show
 * into the work directory, never the work tree: a changed one diffed, an
 * added one checked (a MUST finding is a breaking change), a removed one
 * breaking. One block per header; the worst exit code of all.
 */
static int cmd_diff_git(const struct options *o)
{
	char *range = strdup(o->git), *dots, *base, *head, *work = NULL, *list = NULL, *errf = NULL;
	const char *tmp = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	enum ifa_format fmt = IFA_FMT_TEXT;
	const char *rerr;
	char *text = NULL, *line, *next;
	int rc = IFA_EXIT_PASS, n = 0, i;

	if (!range)
		return IFA_EXIT_ENV;
	if (o->format && (ifa_format_parse(o->format, &fmt) ||
			  (fmt != IFA_FMT_TEXT && fmt != IFA_FMT_JSON))) {
		free(range);
		return usage_error("diff --git: --format takes text or json");
	}
	dots = strstr(range, "..");
	if (!dots || dots == range || dots[2] == '.') {
		free(range);
		return usage_error("diff --git takes BASE..HEAD (HEAD may be left out: BASE..)");
	}
	*dots = '\0';
	base = range;
	head = dots[2] ? dots + 2 : "HEAD";
	ifa_block_fatal_signals(1);	/* no signal between creating it and registering it */
	if (asprintf(&work, "%s/iommu-fault-abi-git.XXXXXX", tmp) < 0 || !mkdtemp(work)) {
		ifa_block_fatal_signals(0);
		say_error("%s: cannot create the work directory there", tmp);
		free(range);
		free(work);
		return IFA_EXIT_ENV;
	}
	ifa_cleanup_on_signal(work);
	ifa_block_fatal_signals(0);
	if (asprintf(&list, "%s/changed", work) < 0 || asprintf(&errf, "%s/git.err", work) < 0) {
		rc = IFA_EXIT_ENV;
		goto out;
	}
	{
		/* Every path given, however many: git's argument list is the only limit. */
		const char **args = calloc((size_t)o->npos + 11, sizeof(*args));
		int a = 0, failed;

		if (!args) {
			rc = IFA_EXIT_ENV;
			goto out;
		}
		args[a++] = "git";
		args[a++] = "diff";
		args[a++] = "--name-status";
		args[a++] = "--no-renames";
		args[a++] = "-z";
		args[a++] = base;
		args[a++] = head;
		args[a++] = "--";
		for (i = 0; i < o->npos; i++)
			args[a++] = o->pos[i];
		if (!o->npos) {
			args[a++] = "include/uapi";
			args[a++] = "abi";
		}
		args[a] = NULL;
		failed = run_git(args, list, errf);
		free(args);
		if (failed) {
			char *msg = ifa_read_file(errf, NULL, &rerr);

			say_error("diff --git %s..%s: git cannot compare them here: %s", base, head,
				  msg && *msg ? ifa_trim(msg) : "is this a git tree?");
			free(msg);
			rc = IFA_EXIT_INPUT;
			goto out;
		}
	}
	text = ifa_read_file(list, NULL, &rerr);
	if (!text) {
		rc = IFA_EXIT_ENV;
		goto out;
	}
	if (fmt == IFA_FMT_JSON)
		printf("[");
	/* -z: STATUS NUL PATH NUL, repeated. */
	for (line = text; *line; line = next) {
		char status = *line, *path = line + strlen(line) + 1, *oldf = NULL, *newf = NULL;
		size_t len;
		int one = IFA_EXIT_PASS;

		if (!*path)
			break;
		next = path + strlen(path) + 1;
		len = strlen(path);
		if (len < 3 || strcmp(path + len - 2, ".h"))
			continue;
		fflush(stdout);
		if (fmt == IFA_FMT_TEXT)
			printf("%s== %s (%s) ==\n\n", n ? "\n" : "", path,
			       status == 'A' ? "added" : status == 'D' ? "removed" : "changed");
		else
			printf("%s\n{\"path\": ", n ? "," : "");
		if (fmt == IFA_FMT_JSON) {
			ifa_json_str(stdout, path);
			printf(", \"status\": \"%s\", \"report\": ",
			       status == 'A' ? "added" : status == 'D' ? "removed" : "changed");
		}
		n++;
		if (asprintf(&oldf, "%s/a/%d/%s", work, n, path) < 0 ||
		    asprintf(&newf, "%s/b/%d/%s", work, n, path) < 0) {
			free(oldf);
			rc = IFA_EXIT_ENV;
			break;
		}
		if ((status != 'A' && git_show(base, path, oldf, errf)) ||
		    (status != 'D' && git_show(head, path, newf, errf))) {
			say_error("%s: git show cannot read it", path);
			one = IFA_EXIT_INPUT;
			if (fmt == IFA_FMT_JSON)
				printf("null");
		} else if (status == 'D') {
			if (fmt == IFA_FMT_TEXT)
				printf("breaking    the header is removed: every program that includes it "
				       "no longer builds\n\nverdict: breaking (1 change)\n");
			else
				printf("{\"verdict\": \"breaking\", \"changes\": []}");
			one = IFA_EXIT_FINDINGS;
		} else {
			struct options sub = *o;
			char *pos[2] = { oldf, newf };

			sub.git = NULL;
			sub.quiet = 0;
			sub.pos = status == 'A' ? pos + 1 : pos;
			sub.npos = status == 'A' ? 1 : 2;
			sub.header = sub.pos[0];
			sub.header2 = sub.npos > 1 ? sub.pos[1] : NULL;
			fflush(stdout);
			one = status == 'A' ? cmd_check(&sub) : cmd_diff(&sub);
			fflush(stdout);
			if (one >= 2 && one != IFA_EXIT_NEW_VERSION && fmt == IFA_FMT_JSON)
				printf("null");
		}
		if (fmt == IFA_FMT_JSON)
			printf(", \"exit\": %d}", one);
		if (rc_rank(one) > rc_rank(rc))
			rc = one;
		free(oldf);
		free(newf);
	}
	if (fmt == IFA_FMT_JSON)
		printf("%s]\n", n ? "\n" : "");
	else if (!n)
		printf("no header changed between %s and %s\n", base, head);
	else
		printf("\ngit verdict: %s (%d headers)\n", rc == 0 ? "compatible" :
		       rc == IFA_EXIT_NEW_VERSION ? "new-version" : rc == 1 ? "breaking" : "error", n);
out:
	free(text);
	if (work) {
		if (o->keep_temp)
			fprintf(stderr, "work files kept in %s\n", work);
		else
			nftw(work, remove_any, 16, FTW_DEPTH | FTW_PHYS);
		ifa_cleanup_on_signal(NULL);
	}
	free(work);
	free(list);
	free(errf);
	free(range);
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

/* Without --spec, a rule ID names its spec by its prefix: IFA, IOFD or UAPI. */
static struct ifa_spec *spec_of_rule(struct ifa_spec *dflt, const char *id)
{
	static const char *const files[] = { "iommufd-fault.md", "uapi-portability.md" };
	char path[PATH_MAX], err[1024];
	size_t i, n = strlen(dflt->profile.prefix);

	if (!strncmp(id, dflt->profile.prefix, n) && id[n] == '-')
		return dflt;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct ifa_spec *other = calloc(1, sizeof(*other));

		if (!other || ifa_fmt(path, sizeof(path), "%s/spec/%s", datadir(), files[i]) ||
		    ifa_spec_load(path, other, err, sizeof(err))) {
			free(other);
			continue;
		}
		n = strlen(other->profile.prefix);
		if (!strncmp(id, other->profile.prefix, n) && id[n] == '-')
			return other;
		free(other);
	}
	return dflt;
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
	for (i = 0; rc == IFA_EXIT_PASS && !o->checks && i < o->npos; i++) {
		struct ifa_spec *of = o->spec ? spec : spec_of_rule(spec, o->pos[i]);

		if (!of || ifa_rules_print_detail(stdout, of, o->pos[i], datadir())) {
			say_error("rules: '%s' names no rule of %s", o->pos[i],
				  of ? of->path : "any spec of this project");
			rc = IFA_EXIT_INPUT;
		}
		if (of && of != spec)
			free(of);
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

/* The iommufd spec beside the first, for the role fixtures: 0, or 2 with err. */
static int load_iofd_spec(struct ifa_role_specs *sp, char *err, size_t errsz)
{
	struct ifa_spec *iofd = calloc(1, sizeof(*iofd));
	char path[PATH_MAX];

	sp->iofd = iofd;
	if (!iofd)
		return ifa_fmt(err, errsz, "out of memory"), 2;
	if (ifa_fmt(path, sizeof(path), "%s/spec/iommufd-fault.md", datadir()) ||
	    ifa_spec_load(path, iofd, err, errsz))
		return 2;
	return 0;
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
	if (rc != 2) {
		/* The fixtures of the role protocol, of both specs. */
		struct ifa_role_specs sp = { spec, NULL };
		int rrc = load_iofd_spec(&sp, err, sizeof(err));

		if (!rrc)
			rrc = ifa_role_fixtures_generate(dir, &sp, o->check, err, sizeof(err));
		free((void *)sp.iofd);
		rc = rrc == 2 ? 2 : rc | rrc;
	}
	if (rc == 2)
		say_error("%s", err);
	else if (rc == 1)
		say_error("%s/generated is stale: run make regen and review the diff", dir);
	free(spec);
	return rc == 2 ? IFA_EXIT_INPUT : rc;
}

/* What check-decoder and check-roles share: --timeout, --byte-order, the command's words, the spec. */
static int harness_options(const struct options *o, long *timeout, enum ifa_byte_order *order,
			   struct ifa_str *command, struct ifa_spec **spec)
{
	char path[PATH_MAX];
	int i;

	*timeout = o->timeout ? strtol(o->timeout, NULL, 10) : 60;
	if (*timeout <= 0)
		return usage_error("--timeout takes a number of seconds");
	*order = ifa_host_byte_order();
	if (o->byte_order && !strcmp(o->byte_order, "big"))
		*order = IFA_BIG_ENDIAN;
	else if (o->byte_order && !strcmp(o->byte_order, "little"))
		*order = IFA_LITTLE_ENDIAN;
	else if (o->byte_order)
		return usage_error("--byte-order takes little or big");
	for (i = 0; i < o->npos; i++)
		ifa_str_add(command, "%s%s", i ? " " : "", o->pos[i]);
	*spec = command->oom ? NULL : calloc(1, sizeof(**spec));
	if (!*spec)
		return IFA_EXIT_ENV;
	if (load_spec(o, *spec, path, sizeof(path))) {
		free(*spec);
		return IFA_EXIT_INPUT;
	}
	/* --spec lays out the first spec's fixtures; the iommufd roles always use their own. */
	if (strcmp((*spec)->profile.prefix, "IFA")) {
		free(*spec);
		return usage_error("--spec names spec/iommu-fault-abi.md or an edited copy of it, "
				   "whose tables lay out the record and response fixtures; the iommufd "
				   "roles always read spec/iommufd-fault.md");
	}
	return 0;
}

/*
 * check-roles [options] COMMAND...: every role of spec/role-protocol.md;
 * check-decoder: the record reader alone (spec Appendix B). The command's
 * words are joined by spaces.
 */
static int run_harness(const struct options *o, int decoder)
{
	struct ifa_spec *spec;
	struct ifa_role_specs sp = { 0 };
	char dir[PATH_MAX], err[1024];
	struct ifa_str command = { 0 };
	enum ifa_byte_order order;
	int rc;
	long timeout;

	rc = harness_options(o, &timeout, &order, &command, &spec);
	if (rc)
		return ifa_str_free(&command), rc;
	sp.ifa = spec;
	fixtures_dir(o, dir, sizeof(dir));
	rc = decoder ? 0 : load_iofd_spec(&sp, err, sizeof(err));
	if (!rc)
		rc = ifa_check_roles(dir, &sp, ifa_str_get(&command), order, (int)timeout, decoder,
				     err, sizeof(err));
	if (rc == 2)
		say_error("%s", err);
	free((void *)sp.iofd);
	free(spec);
	ifa_str_free(&command);
	return rc == 2 ? IFA_EXIT_INPUT : rc;
}

static int cmd_check_decoder(const struct options *o)
{
	return run_harness(o, 1);
}

static int cmd_check_roles(const struct options *o)
{
	return run_harness(o, 0);
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
		{ "check", "[HEADER|DIR...]", "judge HEADER (default: the canonical header) on every "
		  "ABI; several headers or a directory: a whole-tree scan by the portability profile",
		  OPT_ABI | OPT_FORMAT | OPT_SPEC | OPT_RULES | OPT_KEEP | OPT_TIMEOUT | OPT_MEMORY |
		  OPT_QUIET | OPT_BASELINE | OPT_WRITE_BASELINE, 0, -1, cmd_check },
		{ "layout", "[HEADER]", "every field's offset and size on every ABI, side by side",
		  OPT_ABI | OPT_FORMAT | OPT_SPEC | OPT_KEEP | OPT_STRUCT | OPT_TIMEOUT | OPT_MEMORY, 0, 1,
		  cmd_layout },
		{ "diff", "[OLD.h] NEW.h | --git BASE..HEAD [PATH...]",
		  "classify every change from OLD.h (default: the spec's tables), or of every header "
		  "changed between two git refs",
		  OPT_ABI | OPT_FORMAT | OPT_SPEC | OPT_KEEP | OPT_TIMEOUT | OPT_MEMORY | OPT_GIT,
		  0, -1, cmd_diff },
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
		{ "check-roles", "COMMAND...", "run an implementation on the fixtures of every role "
		  "(spec/role-protocol.md)",
		  OPT_SPEC | OPT_FIXTURES | OPT_TIMEOUT | OPT_BYTE_ORDER, 1, -1, cmd_check_roles },
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
