/* SPDX-License-Identifier: GPL-2.0 */
/* Parser of the machine-readable parts of the spec (its Appendix A). */
#include "spec.h"
#include "util.h"
#include "checks.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CELLS 12

struct parser {
	struct ifa_spec *spec;
	char *err;
	size_t errsz;
	int line;
};

static int fail(struct parser *p, const char *what)
{
	snprintf(p->err, p->errsz, "%s:%d: %s", p->spec->path, p->line, what);
	return -1;
}

/* Splits a table row "| a | b |" into trimmed cells; returns their count. */
static int split_row(char *row, char **cells, int max)
{
	int n = 0;
	char *s = row;

	if (*s != '|')
		return -1;
	s++;
	while (*s && n < max) {
		char *bar = strchr(s, '|');

		if (!bar)
			break;
		*bar = '\0';
		cells[n++] = ifa_trim(s);
		s = bar + 1;
	}
	return n;
}

static int is_separator_row(const char *row)
{
	for (; *row; row++)
		if (!strchr("|-: \t", *row))
			return 0;
	return 1;
}

static int parse_long(const char *s, long *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (end == s || *ifa_trim(end) || v < 0)
		return -1;
	*out = v;
	return 0;
}

/* Strips one pair of backquotes around s, if any. */
static char *unquote(char *s)
{
	size_t n = strlen(s);

	if (n >= 2 && s[0] == '`' && s[n - 1] == '`') {
		s[n - 1] = '\0';
		return s + 1;
	}
	return s;
}

static int copy_cell(struct parser *p, char *dst, size_t size, const char *src)
{
	if (ifa_copy(dst, size, src, strlen(src)))
		return fail(p, "table cell too long");
	return 0;
}

/* The next element of one of the spec's arrays, cleared: a load does not clear them whole. */
static void *take(void *element, size_t size)
{
	return memset(element, 0, size);
}

static int add_field(struct parser *p, struct ifa_spec_struct *st, char **c, int n)
{
	struct ifa_spec_field *f;
	long since;

	if (n != 6)
		return fail(p, "layout row needs 6 cells: Field, Type, Offset, Size, Since, Gate");
	if (st->nfields == IFA_MAX_FIELDS)
		return fail(p, "too many fields in one layout table");
	f = take(&st->fields[st->nfields++], sizeof(*f));
	f->line = p->line;
	if (copy_cell(p, f->name, sizeof(f->name), unquote(c[0])) ||
	    copy_cell(p, f->type, sizeof(f->type), unquote(c[1])) ||
	    copy_cell(p, f->gate, sizeof(f->gate), unquote(c[5])))
		return -1;
	if (parse_long(c[2], &f->offset))
		return fail(p, "layout Offset is not a number");
	if (parse_long(c[3], &f->size))
		return fail(p, "layout Size is not a number");
	if (parse_long(c[4], &since) || since < 1)
		return fail(p, "layout Since is not a version number");
	f->since = (int)since;
	if (!*f->name || !*f->type || !*f->gate)
		return fail(p, "layout row has an empty Field, Type or Gate");
	return 0;
}

static int add_const(struct parser *p, struct ifa_spec_consts *t, char **c, int n)
{
	struct ifa_spec_const *k;
	long since;

	if (n < 3)
		return fail(p, "constant row needs at least Name, Value, Since");
	if (t->nconsts == IFA_MAX_CONSTS)
		return fail(p, "too many constants in one table");
	k = take(&t->consts[t->nconsts++], sizeof(*k));
	k->line = p->line;
	if (copy_cell(p, k->name, sizeof(k->name), unquote(c[0])))
		return -1;
	if (ifa_parse_value(unquote(c[1]), &k->value))
		return fail(p, "constant Value is neither a number nor `1 << n`");
	if (parse_long(c[2], &since) || since < 1)
		return fail(p, "constant Since is not a version number");
	k->since = (int)since;
	return 0;
}

static int add_budget(struct parser *p, char **c, int n)
{
	struct ifa_spec_budget *b;
	char *sname;

	if (n != 9)
		return fail(p, "budget row needs 9 cells");
	if (p->spec->nbudget == IFA_MAX_BUDGET)
		return fail(p, "too many budget rows");
	b = take(&p->spec->budget[p->spec->nbudget++], sizeof(*b));
	b->line = p->line;
	sname = unquote(c[1]);
	if (strncmp(sname, "struct ", 7))
		return fail(p, "budget Struct must read `struct NAME`");
	if (copy_cell(p, b->member, sizeof(b->member), unquote(c[0])) ||
	    copy_cell(p, b->struct_name, sizeof(b->struct_name), sname + 7) ||
	    copy_cell(p, b->flags_field, sizeof(b->flags_field), unquote(c[5])) ||
	    copy_cell(p, b->flag_prefix, sizeof(b->flag_prefix), unquote(c[6])))
		return -1;
	if (parse_long(c[2], &b->size) || parse_long(c[3], &b->budget) ||
	    parse_long(c[4], &b->bytes_left) || parse_long(c[7], &b->bits_used) ||
	    parse_long(c[8], &b->bits_left))
		return fail(p, "budget row has a cell that is not a number");
	return 0;
}

/* "Table L-2 (IFA-LAY-2): `struct NAME`, 40 bytes, alignment 8" */
static int parse_layout_caption(struct parser *p, const char *line)
{
	struct ifa_spec_struct *st;
	char table[16], rule[24], name[IFA_NAME_MAX];
	long size, align;

	if (sscanf(line, "Table %15[A-Z0-9-] (%23[A-Z0-9-]): `struct %95[A-Za-z0-9_]`, %ld bytes, alignment %ld",
		   table, rule, name, &size, &align) != 5)
		return fail(p, "layout caption must read: Table L-n (RULE): `struct NAME`, N bytes, alignment N");
	if (p->spec->nstructs == IFA_MAX_STRUCTS)
		return fail(p, "too many layout tables");
	/* Its fields are cleared one by one as rows add them. */
	st = take(&p->spec->structs[p->spec->nstructs++], offsetof(struct ifa_spec_struct, fields));
	strcpy(st->table, table);
	strcpy(st->rule, rule);
	strcpy(st->name, name);
	st->size = size;
	st->align = align;
	st->line = p->line;
	return 0;
}

static int parse_const_caption(struct parser *p, const char *line)
{
	struct ifa_spec_consts *t;
	const char *title;
	char table[16], rule[24];

	title = strstr(line, "):");
	if (sscanf(line, "Table %15[A-Z0-9-] (%23[A-Z0-9-]):", table, rule) != 2 || !title)
		return fail(p, "constant caption must read: Table C-n (RULE): title");
	if (p->spec->ntables == IFA_MAX_TABLES)
		return fail(p, "too many constant tables");
	/* Its constants are cleared one by one as rows add them. */
	t = take(&p->spec->tables[p->spec->ntables++], offsetof(struct ifa_spec_consts, consts));
	strcpy(t->table, table);
	strcpy(t->rule, rule);
	t->line = p->line;
	title += 2;
	while (*title == ' ')
		title++;
	if (copy_cell(p, t->title, sizeof(t->title), title))
		return -1;
	if (!strncmp(title, "flags of `struct ", 17) &&
	    sscanf(title, "flags of `struct %95[A-Za-z0-9_]`, field `%95[A-Za-z0-9_]`",
		   t->flags_struct, t->flags_field) != 2)
		return fail(p, "flag table title must read: flags of `struct NAME`, field `FIELD`");
	return 0;
}

/* The level of a rule: its first RFC 2119 keyword. */
static enum ifa_rule_level rule_level(const char *text)
{
	static const struct { const char *word; enum ifa_rule_level level; } words[] = {
		{ "MUST", IFA_LEVEL_MUST }, { "SHALL", IFA_LEVEL_MUST },
		{ "REQUIRED", IFA_LEVEL_MUST }, { "SHOULD", IFA_LEVEL_SHOULD },
		{ "RECOMMENDED", IFA_LEVEL_SHOULD }, { "MAY", IFA_LEVEL_MAY },
		{ "OPTIONAL", IFA_LEVEL_MAY },
	};
	const char *first = NULL;
	enum ifa_rule_level level = IFA_LEVEL_MUST;
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		const char *at = strstr(text, words[i].word);

		if (at && (!first || at < first)) {
			first = at;
			level = words[i].level;
		}
	}
	return level;
}

/* Appends a continuation line of the current rule to its text. */
static void rule_text_add(struct ifa_spec_rule *r, const char *line)
{
	size_t used = strlen(r->text);

	if (used + 2 < sizeof(r->text))
		snprintf(r->text + used, sizeof(r->text) - used, "%s%s", used ? " " : "", line);
	r->level = rule_level(r->text);
}

/* "- **IFA-PORT-2** (header): ..." */
static int parse_rule(struct parser *p, const char *line)
{
	struct ifa_spec_rule *r;
	char id[24], party[16];
	const char *text;
	size_t i, np = strlen(p->spec->profile.prefix);
	int end = 0;

	/* %n: the "):" after the party must be there too, not only the two fields. */
	if (sscanf(line, "- **%23[A-Z0-9-]** (%15[a-z]):%n", id, party, &end) != 2 || !end)
		return fail(p, "rule must read: - **PREFIX-FAMILY-N** (party): text");
	if (!np)
		return fail(p, "a rule comes before Table P-1, which gives the rule ID prefix");
	if (strncmp(id, p->spec->profile.prefix, np) || id[np] != '-')
		return fail(p, "rule ID does not start with the prefix of Table P-1");
	/* A spec names its parties by who they are (kernel, userspace) or by role. */
	if (strcmp(party, "header") && strcmp(party, "kernel") && strcmp(party, "userspace") &&
	    strcmp(party, "producer") && strcmp(party, "consumer") && strcmp(party, "both") &&
	    strcmp(party, "retired"))
		return fail(p, "rule party must be header, kernel, userspace, producer, consumer, "
			    "both or retired");
	for (i = 0; i < p->spec->nrules; i++)
		if (!strcmp(p->spec->rules[i].id, id))
			return fail(p, "rule ID defined twice");
	if (p->spec->nrules == IFA_MAX_RULES)
		return fail(p, "too many rules");
	r = take(&p->spec->rules[p->spec->nrules++], sizeof(*r));
	strcpy(r->id, id);
	strcpy(r->party, party);
	r->line = p->line;
	text = line + end;
	rule_text_add(r, ifa_trim((char *)text));
	return 0;
}

/* "- **PREFIX-..." once Table P-1 has given the prefix: a rule. */
static int is_rule_line(const struct ifa_spec *spec, const char *line)
{
	size_t n = strlen(spec->profile.prefix);

	if (!n)	/* before Table P-1, anything shaped like a rule is one, and an error */
		return !strncmp(line, "- **", 4) && isupper((unsigned char)line[4]) &&
		       strstr(line, "** (") != NULL;
	return !strncmp(line, "- **", 4) && !strncmp(line + 4, spec->profile.prefix, n) &&
	       line[4 + n] == '-';
}

/* "NAME: TABLE TABLE ..." of a `part` row of Table P-1 */
static int add_part(struct parser *p, char *value)
{
	struct ifa_spec_profile *pr = &p->spec->profile;
	struct ifa_spec_part *part;
	char *colon = strrchr(value, ':');

	if (!colon || colon == value || !colon[1])
		return fail(p, "part row needs NAME: TABLE ... (the tables it adds, as L-4 C-4)");
	if (pr->nparts == IFA_MAX_PARTS)
		return fail(p, "more than 8 parts");
	part = take(&pr->parts[pr->nparts++], sizeof(*part));
	part->line = p->line;
	*colon = '\0';
	if (copy_cell(p, part->name, sizeof(part->name), value))
		return -1;
	return copy_cell(p, part->tables, sizeof(part->tables), colon + 1 + strspn(colon + 1, " "));
}

/* "| key | value |" of Table P-1 */
static int add_profile(struct parser *p, char **c, int n)
{
	struct ifa_spec_profile *pr = &p->spec->profile;
	static const char *const keys[] = { "prefix", "header", "guard", "spdx", "includes",
					    "types", "size-field" };
	char *dst[] = { pr->prefix, pr->header, pr->guard, pr->spdx, pr->includes, pr->types,
			pr->size_field };
	size_t sizes[] = { sizeof(pr->prefix), sizeof(pr->header), sizeof(pr->guard),
			   sizeof(pr->spdx), sizeof(pr->includes), sizeof(pr->types),
			   sizeof(pr->size_field) };
	const char *key;
	size_t i;

	if (n != 2)
		return fail(p, "profile row needs 2 cells: Key, Value");
	key = unquote(c[0]);
	if (!strcmp(key, "part"))
		return add_part(p, unquote(c[1]));
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(key, keys[i]))
			return copy_cell(p, dst[i], sizes[i], unquote(c[1]));
	return fail(p, "profile key is none of prefix, header, guard, spdx, includes, types, "
		    "size-field, part");
}

/* "| RULE | check |" of Table R-1 */
static int add_check(struct parser *p, char **c, int n)
{
	struct ifa_spec_check *k;

	if (n != 2)
		return fail(p, "check row needs 2 cells: Rule, Check");
	if (p->spec->nchecks == IFA_MAX_CHECKS)
		return fail(p, "too many rows in Table R-1");
	k = take(&p->spec->checks[p->spec->nchecks++], sizeof(*k));
	k->line = p->line;
	if (copy_cell(p, k->rule, sizeof(k->rule), unquote(c[0])) ||
	    copy_cell(p, k->check, sizeof(k->check), unquote(c[1])))
		return -1;
	return 0;
}

enum table_kind { NONE, LAYOUT, CONSTS, BUDGET, PROFILE, CHECKS };

/* Every table's rule must be a defined rule; checked once all are read. */
static int check_table_rules(struct parser *p)
{
	size_t i;

	for (i = 0; i < p->spec->nstructs; i++)
		if (!ifa_spec_find_rule(p->spec, p->spec->structs[i].rule)) {
			p->line = p->spec->structs[i].line;
			return fail(p, "layout table names a rule that the spec does not define");
		}
	for (i = 0; i < p->spec->ntables; i++)
		if (!ifa_spec_find_rule(p->spec, p->spec->tables[i].rule)) {
			p->line = p->spec->tables[i].line;
			return fail(p, "constant table names a rule that the spec does not define");
		}
	for (i = 0; i < p->spec->nchecks; i++) {
		const struct ifa_spec_check *k = &p->spec->checks[i];
		size_t j;

		p->line = k->line;
		if (!ifa_spec_find_rule(p->spec, k->rule))
			return fail(p, "Table R-1 names a rule that the spec does not define");
		if (!ifa_check_known(k->check))
			return fail(p, "Table R-1 names a check this checker does not have (see: iommu-fault-abi rules)");
		for (j = 0; j < i; j++)
			if (!strcmp(p->spec->checks[j].check, k->check))
				return fail(p, "Table R-1 gives one check to two rules");
	}
	return 0;
}

static int has_table(const struct ifa_spec *spec, const char *table)
{
	size_t i;

	for (i = 0; i < spec->nstructs; i++)
		if (!strcmp(spec->structs[i].table, table))
			return 1;
	for (i = 0; i < spec->ntables; i++)
		if (!strcmp(spec->tables[i].table, table))
			return 1;
	return 0;
}

static int in_list(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p;

	for (p = strstr(list, word); p; p = strstr(p + 1, word))
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return 1;
	return 0;
}

int ifa_spec_part_of(const struct ifa_spec *spec, const char *table)
{
	size_t i;

	for (i = 0; i < spec->profile.nparts; i++)
		if (in_list(spec->profile.parts[i].tables, table))
			return (int)i;
	return -1;
}

/* A part names tables that exist, and no table is in two parts. */
static int check_parts(struct parser *p)
{
	size_t i, j;

	for (i = 0; i < p->spec->profile.nparts; i++) {
		char copy[256], *tok, *save;

		p->line = p->spec->profile.parts[i].line;
		snprintf(copy, sizeof(copy), "%s", p->spec->profile.parts[i].tables);
		for (tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
			if (!has_table(p->spec, tok))
				return fail(p, "part names a table the spec does not have");
			for (j = 0; j < i; j++)
				if (in_list(p->spec->profile.parts[j].tables, tok))
					return fail(p, "a table is in two parts");
		}
	}
	return 0;
}

/* Table B-1 must agree with the layout and flag tables it summarises. */
static int check_budget(struct parser *p)
{
	size_t i;

	for (i = 0; i < p->spec->nbudget; i++) {
		const struct ifa_spec_budget *b = &p->spec->budget[i];
		const struct ifa_spec_struct *st = ifa_spec_find_struct(p->spec, b->struct_name);
		const struct ifa_spec_consts *ft =
			ifa_spec_flag_table(p->spec, b->struct_name, b->flags_field);

		p->line = b->line;
		if (!st)
			return fail(p, "budget row names a struct with no layout table");
		if (b->size != st->size || b->bytes_left != b->budget - b->size)
			return fail(p, "budget Size or Bytes left disagrees with the layout table");
		if (!ft || b->bits_used != (long)ft->nconsts || b->bits_left != IFA_MUST_UNDERSTAND_BIT - b->bits_used)
			return fail(p, "budget Bits used or Bits left disagrees with the flag table");
	}
	return 0;
}

/* The spec in text (malloc()ed, split in place and freed), or read from path if text is NULL. */
static int load(const char *path, char *text, struct ifa_spec *spec, char *err, size_t errsz)
{
	struct parser p = { spec, err, errsz, 0 };
	enum table_kind kind = NONE;
	struct ifa_spec_rule *rule = NULL;
	int in_table = 0, header_seen = 0;
	const char *rerr;
	char *line, *next;

	/*
	 * The counts and all else before the arrays; an element is cleared when
	 * the parser takes it, not the whole 700 KB of arrays on every load.
	 */
	memset(spec, 0, offsetof(struct ifa_spec, checks));
	if (ifa_copy(spec->path, sizeof(spec->path), path, strlen(path))) {
		snprintf(err, errsz, "%s: the spec's path is too long", path);
		free(text);
		return -1;
	}
	if (!text)
		text = ifa_read_file(path, NULL, &rerr);
	if (!text) {
		snprintf(err, errsz, "%s: cannot read spec: %s", path, rerr);
		return -1;
	}
	for (line = text; line; line = next) {
		char *cells[MAX_CELLS];
		int n, rc = 0;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		p.line++;
		if (kind != NONE && line[0] == '|') {
			in_table = 1;
			if (!header_seen) {	/* the column names */
				header_seen = 1;
				continue;
			}
			if (is_separator_row(line))
				continue;
			n = split_row(line, cells, MAX_CELLS);
			if (kind == LAYOUT)
				rc = add_field(&p, &spec->structs[spec->nstructs - 1], cells, n);
			else if (kind == PROFILE)
				rc = add_profile(&p, cells, n);
			else if (kind == CHECKS)
				rc = add_check(&p, cells, n);
			else if (kind == CONSTS)
				rc = add_const(&p, &spec->tables[spec->ntables - 1], cells, n);
			else
				rc = add_budget(&p, cells, n);
		} else if (kind != NONE && in_table) {
			kind = NONE;	/* a table ends at its first non-row line */
		} else if (kind != NONE && *ifa_trim(line)) {
			rc = fail(&p, "a table caption must be followed by a blank line and its table");
		}
		if (rc) {
			free(text);
			return -1;
		}
		if (kind != NONE)
			continue;
		if (!strncmp(line, "Table L-", 8)) {
			rc = parse_layout_caption(&p, line);
			kind = LAYOUT;
		} else if (!strncmp(line, "Table C-", 8)) {
			rc = parse_const_caption(&p, line);
			kind = CONSTS;
		} else if (!strncmp(line, "Table B-", 8)) {
			char table[16];

			if (sscanf(line, "Table %15[A-Z0-9-] (%23[A-Z0-9-]):", table,
				   spec->budget_rule) != 2)
				rc = fail(&p, "budget caption must read: Table B-n (RULE): title");
			kind = BUDGET;
		} else if (!strncmp(line, "Table P-", 8)) {
			kind = PROFILE;
		} else if (!strncmp(line, "Table R-", 8)) {
			kind = CHECKS;
		} else if (is_rule_line(spec, line)) {
			rc = parse_rule(&p, line);
			rule = rc ? NULL : &spec->rules[spec->nrules - 1];
		} else if (rule && (line[0] == ' ' || line[0] == '\t') && *ifa_trim(line)) {
			rule_text_add(rule, ifa_trim(line));
		} else {
			rule = NULL;
		}
		in_table = header_seen = 0;
		if (rc) {
			free(text);
			return -1;
		}
	}
	free(text);
	if (!spec->nrules || !*spec->profile.prefix) {
		p.line = 0;
		return fail(&p, "no rules or no Table P-1 found: is this a spec?");
	}
	return check_table_rules(&p) || check_budget(&p) || check_parts(&p) ? -1 : 0;
}

int ifa_spec_load(const char *path, struct ifa_spec *spec, char *err, size_t errsz)
{
	return load(path, NULL, spec, err, errsz);
}

int ifa_spec_parse(const char *path, char *text, struct ifa_spec *spec, char *err, size_t errsz)
{
	return load(path, text, spec, err, errsz);
}

const struct ifa_spec_struct *ifa_spec_find_struct(const struct ifa_spec *spec,
						    const char *name)
{
	size_t i;

	for (i = 0; i < spec->nstructs; i++)
		if (!strcmp(spec->structs[i].name, name))
			return &spec->structs[i];
	return NULL;
}

const struct ifa_spec_rule *ifa_spec_find_rule(const struct ifa_spec *spec,
						const char *id)
{
	size_t i;

	for (i = 0; i < spec->nrules; i++)
		if (!strcmp(spec->rules[i].id, id))
			return &spec->rules[i];
	return NULL;
}

const struct ifa_spec_rule *ifa_spec_rule_for(const struct ifa_spec *spec, const char *check)
{
	size_t i;

	for (i = 0; i < spec->nchecks; i++)
		if (!strcmp(spec->checks[i].check, check))
			return ifa_spec_find_rule(spec, spec->checks[i].rule);
	return NULL;
}

const struct ifa_spec_const *ifa_spec_find_const(const struct ifa_spec *spec,
						  const char *name,
						  const struct ifa_spec_consts **table)
{
	size_t i, j;

	for (i = 0; i < spec->ntables; i++)
		for (j = 0; j < spec->tables[i].nconsts; j++)
			if (!strcmp(spec->tables[i].consts[j].name, name)) {
				if (table)
					*table = &spec->tables[i];
				return &spec->tables[i].consts[j];
			}
	return NULL;
}

const struct ifa_spec_consts *ifa_spec_flag_table(const struct ifa_spec *spec,
						   const char *name,
						   const char *field)
{
	size_t i;

	for (i = 0; i < spec->ntables; i++)
		if (!strcmp(spec->tables[i].flags_struct, name) &&
		    !strcmp(spec->tables[i].flags_field, field))
			return &spec->tables[i];
	return NULL;
}
