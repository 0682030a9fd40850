/* SPDX-License-Identifier: GPL-2.0 */
/* iommu-fault-abi: measures IOMMU fault ABI headers on every Linux ABI and judges them against the spec. */
#include "clang_engine.h"
#include "decoder_check.h"
#include "diff_report.h"
#include "fixture_gen.h"
#include "gcc_engine.h"
#include "gen_table.h"
#include "layout.h"
#include "report.h"
#include "run.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef IFA_DATADIR
#define IFA_DATADIR "."
#endif
#define IFA_VERSION "1"

static const char usage[] =
	"usage: iommu-fault-abi COMMAND [options]\n"
	"\n"
	"  check [HEADER]      measure HEADER (default: the canonical header) on every ABI\n"
	"                      and judge it against the spec\n"
	"      --abi LIST      comma-separated ABIs (default: all; see `abis`)\n"
	"      --format F      text (default), json, tap or junit\n"
	"      --spec FILE     the spec to judge against (default: the installed one)\n"
	"      --rules LIST    apply only these comma-separated rule IDs or families,\n"
	"                      e.g. IFA-PORT,IFA-HDR-4 for a header outside this ABI\n"
	"      --keep-temp     keep the probe files and say where\n"
	"  layout [HEADER]     every field's offset and size on every ABI, side by side\n"
	"      --struct NAME   only this struct\n"
	"      --abi LIST      as for check\n"
	"  diff [OLD.h] NEW.h  classify every change from OLD.h (default: the spec's\n"
	"                      tables) to NEW.h under the growth rules; --abi, --format, --spec\n"
	"  abis                the ABI matrix and the engines installed for each\n"
	"  rules               the rule IDs of the spec, with who must obey them\n"
	"  spec-table          the spec's tables as C, for the host Check tests\n"
	"  fixtures [--check]  write (or compare) fixtures/generated/ from the fixture texts\n"
	"  check-decoder [--timeout S] [--byte-order little|big] COMMAND...\n"
	"                      run a decoder (a shell command) on the record fixtures\n"
	"                      through the decoder protocol of the spec's Appendix B,\n"
	"                      written in the host's byte order unless told otherwise\n"
	"      --fixtures DIR  the fixtures directory (default: the installed one)\n"
	"\n"
	"exit status: 0 conforming, 1 MUST findings, 2 usage or input error,\n"
	"3 nothing could measure the header\n";

struct options {
	const char *header, *header2, *spec, *abi, *format, *struct_name, *fixtures, *timeout;
	const char *rules, *byte_order;
	int keep_temp, check;
};

static const char *datadir(void)
{
	const char *d = getenv("IFA_DATADIR");

	return d && *d ? d : IFA_DATADIR;
}

static int usage_error(const char *what)
{
	fprintf(stderr, "iommu-fault-abi: %s\n\n%s", what, usage);
	return IFA_EXIT_INPUT;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	int i;

	for (i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = NULL;

		if (!strcmp(a, "--abi"))
			slot = &o->abi;
		else if (!strcmp(a, "--spec"))
			slot = &o->spec;
		else if (!strcmp(a, "--format"))
			slot = &o->format;
		else if (!strcmp(a, "--struct"))
			slot = &o->struct_name;
		else if (!strcmp(a, "--fixtures"))
			slot = &o->fixtures;
		else if (!strcmp(a, "--timeout"))
			slot = &o->timeout;
		else if (!strcmp(a, "--rules"))
			slot = &o->rules;
		else if (!strcmp(a, "--byte-order"))
			slot = &o->byte_order;
		else if (!strcmp(a, "--keep-temp"))
			o->keep_temp = 1;
		else if (!strcmp(a, "--check"))
			o->check = 1;
		else if (a[0] == '-' && a[1])
			return fprintf(stderr, "iommu-fault-abi: unknown option %s\n", a), -1;
		else if (!o->header)
			o->header = a;
		else if (!o->header2)
			o->header2 = a;
		else
			return fprintf(stderr, "iommu-fault-abi: too many headers (%s)\n", a), -1;
		if (slot) {
			if (++i == argc)
				return fprintf(stderr, "iommu-fault-abi: %s needs a value\n", a), -1;
			*slot = argv[i];
		}
	}
	return 0;
}

static int load_spec(const struct options *o, struct ifa_spec *spec, char *path, size_t size)
{
	char err[1024];

	if (o->spec)
		ifa_fmt(path, size, "%s", o->spec);
	else
		ifa_fmt(path, size, "%s/spec/iommu-fault-abi.md", datadir());
	if (ifa_spec_load(path, spec, err, sizeof(err))) {
		fprintf(stderr, "iommu-fault-abi: %s\n", err);
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
			fprintf(stderr, "iommu-fault-abi: --rules: '%s' names no rule of %s "
				"(see: iommu-fault-abi rules)\n", tok, spec->path);
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
	struct ifa_run_options ro = { o->abi, datadir(),
				      layout ? IFA_HYGIENE_NO : o->spec || o->rules ? IFA_HYGIENE_YES :
				      IFA_HYGIENE_IF_OWN, spec, o->keep_temp };
	struct ifa_run run;
	enum ifa_format fmt = IFA_FMT_TEXT;
	char header[1024], spec_path[1024], err[8192], only[512];
	int rc;

	if (!spec || !fs)
		return free(spec), free(fs), IFA_EXIT_ENV;
	if (o->header2) {
		free(spec);
		free(fs);
		return usage_error("one header at a time (diff takes two)");
	}
	if (o->format && ifa_format_parse(o->format, &fmt)) {
		free(spec);
		free(fs);
		return usage_error("--format takes text, json, tap or junit");
	}
	if ((!layout && o->struct_name) || o->timeout || o->byte_order || o->fixtures || o->check) {
		free(spec);
		free(fs);
		return usage_error(o->struct_name ? "--struct applies to layout" :
				   "an option of another command (see --help)");
	}
	if (load_spec(o, spec, spec_path, sizeof(spec_path))) {
		free(spec);
		free(fs);
		return IFA_EXIT_INPUT;
	}
	if (o->rules && (layout || select_rules(o->rules, spec, only, sizeof(only)))) {
		free(spec);
		free(fs);
		return layout ? usage_error("--rules applies to check") : IFA_EXIT_INPUT;
	}
	fs->only = o->rules ? only : NULL;
	if (o->header)
		ifa_fmt(header, sizeof(header), "%s", o->header);
	else
		ifa_fmt(header, sizeof(header), "%s/%s", datadir(), spec->profile.header);
	rc = ifa_run_measure(&run, header, &ro, err, sizeof(err));
	if (rc == IFA_EXIT_PASS && !layout && !o->spec && !o->rules &&
	    !ifa_header_of_spec(spec, run.header, run.decls)) {
		/* Not a header of this ABI: judge it as any UAPI header. */
		ifa_fmt(spec_path, sizeof(spec_path), "%s/spec/uapi-portability.md", datadir());
		if (ifa_spec_load(spec_path, spec, err, sizeof(err)))
			rc = IFA_EXIT_ENV;
	}
	if (rc == IFA_EXIT_PASS && !ifa_run_measured(&run)) {
		ifa_fmt(err, sizeof(err), "%s: no ABI could be measured: install clang or a GCC cross compiler", header);
		rc = IFA_EXIT_ENV;
	}
	if (rc != IFA_EXIT_PASS) {
		fprintf(stderr, "iommu-fault-abi: %s\n", err);
	} else if (layout) {
		if (ifa_layout_print(stdout, &run, o->struct_name)) {
			fprintf(stderr, "iommu-fault-abi: %s: no struct %s\n", header, o->struct_name);
			rc = IFA_EXIT_INPUT;
		}
	} else {
		ifa_run_judge(&run, spec, fs);
		rc = ifa_report(stdout, fmt, &run, spec, fs);
	}
	ifa_run_free(&run);
	ifa_clang_shutdown();
	ifa_findings_free(fs);
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
	struct ifa_run_options ro = { o->abi, datadir(), IFA_HYGIENE_NO, NULL, o->keep_temp };
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
	char spec_path[1024], err[8192];
	int rc = IFA_EXIT_PASS;
	size_t i;

	memset(&old_run, 0, sizeof(old_run));
	memset(&new_run, 0, sizeof(new_run));
	if (!spec || !fs || !spec_m) {
		rc = IFA_EXIT_ENV;
		goto out;
	}
	if (o->rules) {
		rc = usage_error("--rules applies to check");
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
	if (old_h && (rc = ifa_run_measure(&old_run, old_h, &ro, err, sizeof(err)))) {
		fprintf(stderr, "iommu-fault-abi: old header: %s\n", err);
		goto out;
	}
	if ((rc = ifa_run_measure(&new_run, new_h, &ro, err, sizeof(err)))) {
		fprintf(stderr, "iommu-fault-abi: new header: %s\n", err);
		goto out;
	}
	if (!o->spec && !ifa_header_of_spec(spec, new_run.header, new_run.decls)) {
		/* Not a header of this ABI: its changes are judged as any UAPI header's. */
		ifa_fmt(spec_path, sizeof(spec_path), "%s/spec/uapi-portability.md", datadir());
		if (ifa_spec_load(spec_path, spec, err, sizeof(err))) {
			fprintf(stderr, "iommu-fault-abi: %s\n", err);
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
		fprintf(stderr, "iommu-fault-abi: no ABI could be measured\n");
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

static int cmd_abis(void)
{
	size_t i;

	printf("%-12s %-28s %-32s %s\n", "ABI", "clang target", "GCC", "note");
	for (i = 0; i < ifa_nabis; i++) {
		const struct ifa_abi *a = &ifa_abis[i];
		char gcc[96];

		ifa_fmt(gcc, sizeof(gcc), "%s%s%s", a->gcc ? a->gcc : "-",
			a->gcc && a->gcc_flags ? " " : "", a->gcc && a->gcc_flags ? a->gcc_flags : "");
		if (a->gcc && !ifa_gcc_available(a))
			ifa_fmt(gcc, sizeof(gcc), "(%s: not installed)", a->package);
		printf("%-12s %-28s %-32s %s\n", a->name, a->clang_triple ? a->clang_triple : "-",
		       gcc, a->note);
	}
	return IFA_EXIT_PASS;
}

static int cmd_spec(const struct options *o, int table)
{
	struct ifa_spec *spec = calloc(1, sizeof(*spec));
	char path[1024];
	size_t i;

	if (!spec)
		return IFA_EXIT_ENV;
	if (load_spec(o, spec, path, sizeof(path))) {
		free(spec);
		return IFA_EXIT_INPUT;
	}
	if (table) {
		const char *base = strrchr(path, '/');

		ifa_gen_table(stdout, spec, base ? base + 1 : path);
	} else {
		for (i = 0; i < spec->nrules; i++)
			printf("%s\t%s\n", spec->rules[i].id, spec->rules[i].party);
	}
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
	char path[1024], dir[1024], err[1024];
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
		fprintf(stderr, "iommu-fault-abi: %s\n", err);
	else if (rc == 1)
		fprintf(stderr, "iommu-fault-abi: %s/generated is stale: run make regen and review the diff\n", dir);
	free(spec);
	return rc == 2 ? IFA_EXIT_INPUT : rc;
}

/* check-decoder [options] COMMAND...: options first, then the command, words joined by spaces. */
static int cmd_check_decoder(int argc, char **argv)
{
	struct options o = { 0 };
	struct ifa_spec *spec;
	char path[1024], dir[1024], err[1024], command[4096] = "";
	enum ifa_byte_order order;
	int i = 0, rc;
	long timeout;

	while (i < argc && argv[i][0] == '-' && strcmp(argv[i], "--")) {
		if (i + 1 == argc)
			return usage_error("an option of check-decoder needs a value");
		if (parse_options(2, argv + i, &o))
			return IFA_EXIT_INPUT;
		i += 2;
	}
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	for (; i < argc; i++) {
		size_t used = strlen(command);

		if (ifa_fmt(command + used, sizeof(command) - used, "%s%s", used ? " " : "", argv[i]))
			return usage_error("the decoder command is too long");
	}
	if (!*command)
		return usage_error("check-decoder needs the decoder's command");
	timeout = o.timeout ? strtol(o.timeout, NULL, 10) : 60;
	if (timeout <= 0)
		return usage_error("--timeout takes a number of seconds");
	order = ifa_host_byte_order();
	if (o.byte_order && !strcmp(o.byte_order, "big"))
		order = IFA_BIG_ENDIAN;
	else if (o.byte_order && !strcmp(o.byte_order, "little"))
		order = IFA_LITTLE_ENDIAN;
	else if (o.byte_order)
		return usage_error("--byte-order takes little or big");
	spec = calloc(1, sizeof(*spec));
	if (!spec)
		return IFA_EXIT_ENV;
	if (load_spec(&o, spec, path, sizeof(path))) {
		free(spec);
		return IFA_EXIT_INPUT;
	}
	fixtures_dir(&o, dir, sizeof(dir));
	rc = ifa_check_decoder(dir, spec, command, order, (int)timeout, err, sizeof(err));
	if (rc == 2)
		fprintf(stderr, "iommu-fault-abi: %s\n", err);
	free(spec);
	return rc == 2 ? IFA_EXIT_INPUT : rc;
}

int main(int argc, char **argv)
{
	struct options o = { 0 };
	const char *cmd;

	if (argc < 2)
		return usage_error("a command is needed");
	cmd = argv[1];
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
		fputs(usage, stdout);
		return IFA_EXIT_PASS;
	}
	if (!strcmp(cmd, "--version")) {
		printf("iommu-fault-abi %s (spec release 1)\n", IFA_VERSION);
		return IFA_EXIT_PASS;
	}
	if (!strcmp(cmd, "check-decoder"))
		return cmd_check_decoder(argc - 2, argv + 2);
	if (parse_options(argc - 2, argv + 2, &o))
		return IFA_EXIT_INPUT;
	if (!strcmp(cmd, "check"))
		return cmd_check_or_layout(&o, 0);
	if (!strcmp(cmd, "layout"))
		return cmd_check_or_layout(&o, 1);
	if (!strcmp(cmd, "abis"))
		return cmd_abis();
	if (!strcmp(cmd, "diff"))
		return cmd_diff(&o);
	if (!strcmp(cmd, "rules"))
		return cmd_spec(&o, 0);
	if (!strcmp(cmd, "spec-table"))
		return cmd_spec(&o, 1);
	if (!strcmp(cmd, "fixtures"))
		return cmd_fixtures(&o);
	return usage_error("unknown command");
}
