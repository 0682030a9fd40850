/* SPDX-License-Identifier: GPL-2.0 */
#include "judge.h"
#include "checks.h"
#include "hygiene.h"
#include "run.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


int ifa_header_of_spec(const struct ifa_spec *spec, const char *header,
		       const struct ifa_measure *decls)
{
	const char *base = strrchr(header, '/'), *pbase = strrchr(spec->profile.header, '/');
	size_t i;

	if (*spec->profile.header &&
	    !strcmp(base ? base + 1 : header, pbase ? pbase + 1 : spec->profile.header))
		return 1;
	for (i = 0; i < spec->nstructs; i++)
		if (ifa_measure_struct(decls, spec->structs[i].name))
			return 1;
	return 0;
}

static int canonical_name(const struct ifa_spec *spec, const char *header)
{
	const char *base = strrchr(header, '/'), *pbase = strrchr(spec->profile.header, '/');

	return *spec->profile.header &&
	       !strcmp(base ? base + 1 : header, pbase ? pbase + 1 : spec->profile.header);
}

int ifa_header_scoped(const struct ifa_spec *spec, const char *header,
		      const struct ifa_measure *decls)
{
	size_t i;

	if (canonical_name(spec, header))
		return 0;
	for (i = 0; i < spec->nstructs; i++)
		if (ifa_measure_struct(decls, spec->structs[i].name))
			return 1;
	return 0;
}

int ifa_spec_enum(const struct ifa_spec *spec, const struct ifa_enum *e)
{
	size_t j;

	for (j = 0; j < e->nvalues; j++)
		if (ifa_spec_find_const(spec, e->values[j].name, NULL))
			return 1;
	return 0;
}

const struct ifa_spec_budget *ifa_budget_of(const struct ifa_spec *spec, const char *name)
{
	size_t i;

	for (i = 0; i < spec->nbudget; i++)
		if (!strcmp(spec->budget[i].struct_name, name))
			return &spec->budget[i];
	return NULL;
}

static const struct ifa_spec_field *spec_field(const struct ifa_spec_struct *ss,
					       const char *name)
{
	size_t i;

	for (i = 0; i < ss->nfields; i++)
		if (!strcmp(ss->fields[i].name, name))
			return &ss->fields[i];
	return NULL;
}

/*
 * 1 if field f of struct s is an extension: not in the spec table of its
 * struct, and not in the place of a table field that s lacks (that is a
 * rename, which the layout table reports).
 */
static int is_extension(const struct ifa_spec_struct *ss, const struct ifa_mstruct *s,
			const struct ifa_mfield *f)
{
	size_t i;

	if (spec_field(ss, f->name))
		return 0;
	for (i = 0; i < ss->nfields; i++)
		if (ss->fields[i].offset == f->offset && ss->fields[i].size == f->size &&
		    !ifa_measure_field(s, ss->fields[i].name))
			return 0;
	return 1;
}

int ifa_is_new_payload(const struct ifa_spec *spec, const struct ifa_mstruct *s,
		       const struct ifa_mfield *f)
{
	size_t i;

	if (!f->union_group || !f->record || !*f->record)
		return 0;
	for (i = 0; i < spec->nbudget; i++) {
		const struct ifa_mfield *m = ifa_measure_field(s, spec->budget[i].member);

		if (m && m != f && m->union_group == f->union_group)
			return 1;
	}
	return 0;
}

/* The ABI's alignment of __u32, read off any __u32 field it measured, or 4. */
static long u32_align(const struct ifa_measure *m)
{
	size_t i, j;

	for (i = 0; i < m->nstructs; i++)
		for (j = 0; j < m->structs[i].nfields; j++)
			if (!strcmp(m->structs[i].fields[j].type, "__u32") &&
			    m->structs[i].fields[j].align > 0)
				return m->structs[i].fields[j].align;
	return 4;
}

/*
 * IFA-PORT-1's one allowance: where __u32 is less than 4-aligned (m68k), a
 * struct whose alignment is 4 elsewhere takes that of __u32.
 */
static int align_ok(long expected, long actual, long abi_u32_align)
{
	return actual == expected ||
	       (expected == 4 && abi_u32_align < 4 && actual == abi_u32_align);
}

int ifa_align_ok(long expected, long actual, const struct ifa_measure *m)
{
	return align_ok(expected, actual, u32_align(m));
}

static int is_reserved_name(const char *name)
{
	return !strncmp(name, "__reserved", 10);
}

static int one_bit(unsigned long long v)
{
	return v && !(v & (v - 1));
}

static void upper(char *dst, size_t size, const char *src)
{
	size_t i;

	for (i = 0; src[i] && i + 1 < size; i++)
		dst[i] = (char)toupper((unsigned char)src[i]);
	dst[i] = '\0';
}

/* --- ABI-independent rules ------------------------------------------------ */

/* The declared types of the fields of a layout table's struct. */
static void judge_field_types(const struct ifa_spec *spec, const struct ifa_measure *decls,
			      struct ifa_findings *fs)
{
	size_t i, j;

	for (i = 0; i < decls->nstructs; i++) {
		const struct ifa_mstruct *s = &decls->structs[i];
		const struct ifa_spec_struct *ss = ifa_spec_find_struct(spec, s->name);

		for (j = 0; ss && j < s->nfields; j++) {
			const struct ifa_mfield *f = &s->fields[j];
			const struct ifa_spec_field *sf = spec_field(ss, f->name);

			if (sf && strcmp(sf->type, f->type))
				ifa_finding_add(fs, ss->rule, IFA_SEV_MUST, s->name, f->name, NULL,
						sf->type, f->type, "declare it as the spec's table says",
						"type differs from Table %s", ss->table);
		}
	}
}

/* 1 when the header declares nothing of part i (Table P-1): it predates that part. */
static int part_absent(const struct ifa_spec *spec, const struct ifa_measure *decls, int i)
{
	size_t j, k;

	for (j = 0; j < spec->nstructs; j++)
		if (ifa_spec_part_of(spec, spec->structs[j].table) == i &&
		    ifa_measure_struct(decls, spec->structs[j].name))
			return 0;
	for (j = 0; j < spec->ntables; j++)
		for (k = 0; ifa_spec_part_of(spec, spec->tables[j].table) == i &&
			    k < spec->tables[j].nconsts; k++)
			if (ifa_measure_value(decls, spec->tables[j].consts[k].name))
				return 0;
	return 1;
}

/* A table of a part the header has none of: one note for the part, no finding per name. */
static int table_skipped(const struct ifa_spec *spec, const struct ifa_measure *decls,
			 const char *table)
{
	int part = ifa_spec_part_of(spec, table);

	return part >= 0 && part_absent(spec, decls, part);
}

/* Parts are in release order, so a header that predates one predates the later
 * ones too: one note names the first part it lacks and every table not judged. */
static void note_absent_parts(const struct ifa_spec *spec, const struct ifa_measure *decls,
			      struct ifa_findings *fs)
{
	char tables[sizeof(spec->profile.parts[0].tables) * IFA_MAX_PARTS + IFA_MAX_PARTS];
	const char *rule = NULL;
	size_t i, j, used = 0;
	int first = -1, later = 0;

	tables[0] = 0;
	for (i = 0; i < spec->profile.nparts; i++) {
		if (!part_absent(spec, decls, (int)i))
			continue;
		if (first < 0)
			first = (int)i;
		else
			later = 1;
		used += (size_t)snprintf(tables + used, sizeof(tables) - used, "%s%s",
					 used ? " " : "", spec->profile.parts[i].tables);
	}
	if (first < 0)
		return;
	for (j = 0; !rule && j < spec->nstructs; j++)
		if (ifa_spec_part_of(spec, spec->structs[j].table) == first)
			rule = spec->structs[j].rule;
	for (j = 0; !rule && j < spec->ntables; j++)
		if (ifa_spec_part_of(spec, spec->tables[j].table) == first)
			rule = spec->tables[j].rule;
	ifa_finding_add(fs, rule, IFA_SEV_INFO, "", "", NULL, "declared", "not declared",
			"nothing to fix in a header of an earlier release",
			"declares nothing of %s%s: a header of an earlier release, and Tables "
			"%s are not judged",
			spec->profile.parts[first].name, later ? " or of what came after it" : "",
			tables);
}

static void judge_values(const struct ifa_spec *spec, const struct ifa_measure *decls,
			 struct ifa_findings *fs)
{
	size_t i, j;

	for (i = 0; i < spec->ntables; i++) {
		const struct ifa_spec_consts *t = &spec->tables[i];

		for (j = 0; j < t->nconsts; j++) {
			const struct ifa_spec_const *k = &t->consts[j];
			const struct ifa_macro *v = ifa_measure_value(decls, k->name);
			char exp[64], act[64], fix[96];

			ifa_fmt(exp, sizeof(exp), "%llu", k->value);
			if (!v && table_skipped(spec, decls, t->table))
				continue;
			if (!v) {
				ifa_fmt(fix, sizeof(fix), "define it as Table %s says", t->table);
				ifa_finding_add(fs, t->rule, IFA_SEV_MUST, "", k->name, NULL, exp,
						"missing", fix,
						"%s of Table %s is not defined", k->name, t->table);
				continue;
			}
			ifa_fmt(act, sizeof(act), v->has_value ? "%llu" : "not a constant",
				v->value);
			ifa_fmt(fix, sizeof(fix), "restore the value of Table %s; a value is never "
				"changed or reused", t->table);
			if (!v->has_value || v->value != k->value)
				ifa_finding_add(fs, t->rule, IFA_SEV_MUST, "", k->name, NULL, exp, act,
						fix, "%s differs from Table %s", k->name, t->table);
		}
	}
}

/* single-bit-flags: the flags defined above one field are distinct single bits. */
static void judge_flags(const struct ifa_spec *spec, const struct ifa_measure *decls,
			struct ifa_findings *fs)
{
	size_t i, j;

	for (i = 0; i < decls->nmacros; i++) {
		const struct ifa_macro *a = &decls->macros[i];
		char act[96];

		if (!*a->for_field || !a->has_value || strcmp(a->for_field, "flags"))
			continue;
		ifa_fmt(act, sizeof(act), "0x%llx", a->value);
		if (!one_bit(a->value))
			ifa_check_add(spec, fs, "single-bit-flags", IFA_AS_RULE, a->in_struct, a->name, NULL,
					"a single bit", act, "give each flag one bit of its own",
					"flag %s is not a single bit", a->name);
		for (j = 0; j < i; j++) {
			const struct ifa_macro *b = &decls->macros[j];

			if (b->has_value && b->value == a->value &&
			    !strcmp(b->in_struct, a->in_struct) &&
			    !strcmp(b->for_field, a->for_field))
				ifa_check_add(spec, fs, "single-bit-flags", IFA_AS_RULE, a->in_struct, a->name,
						NULL, "a bit no other flag uses", act,
						"move it to a free bit of flags",
						"flag %s shares its bit with %s", a->name, b->name);
		}
	}
}

/*
 * single-bit-flags for flags declared as an enumeration, as iommufd does: an
 * enumeration that holds a constant of a flag table holds flags of that field.
 */
static const struct ifa_spec_consts *flag_table_of(const struct ifa_spec *spec,
						    const struct ifa_enum *e)
{
	const struct ifa_spec_consts *t = NULL;
	size_t j;

	for (j = 0; j < e->nvalues && !(t && *t->flags_struct); j++)
		ifa_spec_find_const(spec, e->values[j].name, &t);
	return t && *t->flags_struct ? t : NULL;
}

static void judge_enum_flags(const struct ifa_spec *spec, const struct ifa_measure *decls,
			     struct ifa_findings *fs)
{
	size_t i, j, k;

	for (i = 0; i < decls->nenums; i++) {
		const struct ifa_enum *e = &decls->enums[i];
		const struct ifa_spec_consts *t = flag_table_of(spec, e);

		if (!t)
			continue;
		for (j = 0; j < e->nvalues; j++) {
			const struct ifa_macro *a = &e->values[j];
			char act[96];

			ifa_fmt(act, sizeof(act), "0x%llx", a->value);
			if (!one_bit(a->value))
				ifa_check_add(spec, fs, "single-bit-flags", IFA_AS_RULE, t->flags_struct,
					      a->name, NULL, "a single bit", act,
					      "give each flag one bit of its own",
					      "flag %s is not a single bit", a->name);
			for (k = 0; k < j; k++)
				if (e->values[k].value == a->value)
					ifa_check_add(spec, fs, "single-bit-flags", IFA_AS_RULE,
						      t->flags_struct, a->name, NULL,
						      "a bit no other flag uses", act,
						      "move it to a free bit of the field",
						      "flag %s shares its bit with %s", a->name,
						      e->values[k].name);
		}
	}
}

/* distinct-values: two enumerators of one enum never share a value (a reused value). */
static void judge_distinct_values(const struct ifa_spec *spec, const struct ifa_measure *decls,
				  int scoped, struct ifa_findings *fs)
{
	size_t i, j, k;

	for (i = 0; i < decls->nenums; i++) {
		const struct ifa_enum *e = &decls->enums[i];

		/* Flags that share a bit are single-bit-flags' finding, not a second one. */
		if ((scoped && !ifa_spec_enum(spec, e)) || flag_table_of(spec, e))
			continue;
		for (j = 0; j < e->nvalues; j++)
			for (k = 0; k < j; k++) {
				char act[64];

				if (e->values[k].value != e->values[j].value)
					continue;
				ifa_fmt(act, sizeof(act), "%llu, as %s", e->values[j].value,
					e->values[k].name);
				ifa_check_add(spec, fs, "distinct-values", IFA_AS_RULE, "",
					      e->values[j].name, NULL, "a value of its own", act,
					      "give it a value no other enumerator of the enum has",
					      "%s of enum %s reuses the value of %s", e->values[j].name,
					      *e->name ? e->name : "(anonymous)", e->values[k].name);
				break;
			}
	}
}

/* growth-gate: every extension of a budget struct has its gate flag. */
static void judge_gates(const struct ifa_spec *spec, const struct ifa_measure *decls,
			struct ifa_findings *fs)
{
	size_t i, j;

	for (i = 0; i < spec->nbudget; i++) {
		const struct ifa_spec_budget *b = &spec->budget[i];
		const struct ifa_spec_struct *ss = ifa_spec_find_struct(spec, b->struct_name);
		const struct ifa_mstruct *s = ifa_measure_struct(decls, b->struct_name);
		const struct ifa_spec_consts *ft;

		if (!ss || !s)
			continue;
		ft = ifa_spec_flag_table(spec, ss->name, b->flags_field);
		for (j = 0; j < s->nfields; j++) {
			const struct ifa_mfield *f = &s->fields[j];
			const struct ifa_macro *gate;
			char up[IFA_NAME_MAX], want[2 * IFA_NAME_MAX], fix[300];
			size_t k;

			if (!is_extension(ss, s, f) || is_reserved_name(f->name))
				continue;
			upper(up, sizeof(up), f->name);
			ifa_fmt(want, sizeof(want), "%s%s_VALID", b->flag_prefix, up);
			ifa_fmt(fix, sizeof(fix), "define %s as a new bit of %s and set it when %s is valid",
				want, b->flags_field, f->name);
			gate = ifa_measure_value(decls, want);
			if (!gate || !gate->has_value) {
				ifa_check_add(spec, fs, "growth-gate", IFA_AS_RULE, s->name, f->name, NULL,
						want, "no such flag", fix,
						"extension field %s has no gate flag", f->name);
				continue;
			}
			if ((unsigned long long)gate->value >> IFA_MUST_UNDERSTAND_BIT) {
				char act[64];

				ifa_fmt(act, sizeof(act), "0x%llx", (unsigned long long)gate->value);
				ifa_check_add(spec, fs, "flag-class", IFA_AS_RULE, s->name, f->name, NULL,
						"a bit below 24", act,
						"take a free bit below 24: a gate only announces data",
						"gate %s takes a must-understand bit (24 to 31)", want);
			}
			for (k = 0; ft && k < ft->nconsts; k++)
				if (ft->consts[k].value == gate->value) {
					char act[160];

					ifa_fmt(act, sizeof(act), "bit of %s", ft->consts[k].name);
					ifa_check_add(spec, fs, "growth-gate", IFA_AS_RULE, s->name, f->name,
							NULL, "a new bit", act, fix,
							"gate %s reuses a version 1 bit", want);
				}
		}
	}
}

/* new-payload: a new fault type's payload starts with its flags, as every payload does. */
static void judge_new_payloads(const struct ifa_spec *spec, const struct ifa_measure *decls,
			       struct ifa_findings *fs)
{
	size_t i, j;

	for (i = 0; i < decls->nstructs; i++) {
		const struct ifa_mstruct *s = &decls->structs[i];

		for (j = 0; j < s->nfields; j++) {
			const struct ifa_mfield *f = &s->fields[j];
			const struct ifa_mstruct *p;
			char act[2 * IFA_NAME_MAX];

			const struct ifa_spec_struct *ss = ifa_spec_find_struct(spec, s->name);

			if (!ss || spec_field(ss, f->name) || !ifa_is_new_payload(spec, s, f))
				continue;
			p = ifa_measure_struct(decls, f->record);
			if (!p || (p->nfields && !strcmp(p->fields[0].name, "flags") &&
				   !strcmp(p->fields[0].type, "__u32")))
				continue;
			ifa_fmt(act, sizeof(act), "%s %s first", p->nfields ? p->fields[0].type : "nothing",
				p->nfields ? p->fields[0].name : "");
			ifa_check_add(spec, fs, "new-payload", IFA_AS_RULE, s->name, f->name, NULL,
					"__u32 flags first", act,
					"start the payload with __u32 flags, whose bits announce its fields",
					"the payload of a new fault type does not start with __u32 flags");
		}
	}
}

static void judge_declarations(const struct ifa_spec *spec, const struct ifa_measure *decls,
			       int scoped, struct ifa_findings *fs)
{
	size_t i;

	note_absent_parts(spec, decls, fs);
	for (i = 0; i < spec->nstructs; i++)
		if (!ifa_measure_struct(decls, spec->structs[i].name) &&
		    !table_skipped(spec, decls, spec->structs[i].table))
			ifa_finding_add(fs, spec->structs[i].rule, IFA_SEV_MUST,
					spec->structs[i].name, "", NULL, "declared", "missing",
					"declare it as the spec's table says",
					"struct %s of Table %s is not declared",
					spec->structs[i].name, spec->structs[i].table);
	judge_field_types(spec, decls, fs);
	judge_values(spec, decls, fs);
	judge_flags(spec, decls, fs);
	judge_enum_flags(spec, decls, fs);
	judge_distinct_values(spec, decls, scoped, fs);
	judge_gates(spec, decls, fs);
	judge_new_payloads(spec, decls, fs);
}

void ifa_judge_declarations(const struct ifa_spec *spec, const struct ifa_measure *decls,
			    struct ifa_findings *fs)
{
	judge_declarations(spec, decls, 0, fs);
}

/* --- Layout rules, per ABI ------------------------------------------------- */

static void judge_spec_layout(const struct ifa_spec *spec, const struct ifa_spec_struct *ss,
			      const struct ifa_mstruct *s, long abi_u32_align, const char *abi,
			      struct ifa_findings *fs)
{
	const struct ifa_spec_budget *b = ifa_budget_of(spec, ss->name);
	char exp[64], act[64], fix[96];
	size_t i;
	int extended = 0, sized = s->nfields && s->fields[0].offset == 0 &&
				  ifa_has_word(spec->profile.size_field, s->fields[0].name);

	for (i = 0; i < s->nfields; i++)
		if (is_extension(ss, s, &s->fields[i])) {
			extended = 1;
			/*
			 * Within a version only the budget's payloads grow, and a struct
			 * sized by its size field (argsz) at its end.
			 */
			if (!b && !(sized && s->fields[i].offset >= ss->size) &&
			    !ifa_is_new_payload(spec, s, &s->fields[i]))
				ifa_finding_add(fs, ss->rule, IFA_SEV_MUST, s->name,
						s->fields[i].name, abi, "absent", "present",
						sized ? "append new fields after the last field of the table" :
						"remove it, or grow the structure in a new ABI version",
						"field %s is not in Table %s", s->fields[i].name, ss->table);
		}
	/* A payload with extensions is judged by its budget (IFA-GROW-1), a sized struct by its end. */
	if (s->size != ss->size && !(b && extended) && !(sized && extended && s->size > ss->size)) {
		ifa_fmt(exp, sizeof(exp), "size %ld", ss->size);
		ifa_fmt(act, sizeof(act), "size %ld", s->size);
		ifa_fmt(fix, sizeof(fix), "restore the size of Table %s", ss->table);
		ifa_finding_add(fs, ss->rule, IFA_SEV_MUST, s->name, "", abi, exp, act,
				fix, "size differs from Table %s", ss->table);
	}
	/* A struct sized by argsz that appended a 64-bit field is 8-aligned (IFA-LAY-4). */
	if (!align_ok(ss->align, s->align, abi_u32_align) &&
	    !(sized && extended && s->align == 8 && s->size > ss->size)) {
		ifa_fmt(exp, sizeof(exp), "alignment %ld", ss->align);
		ifa_fmt(act, sizeof(act), "alignment %ld", s->align);
		ifa_finding_add(fs, ss->rule, IFA_SEV_MUST, s->name, "", abi, exp, act,
				"declare 64-bit fields __aligned_u64",
				"alignment differs from Table %s", ss->table);
	}
	for (i = 0; i < ss->nfields; i++) {
		const struct ifa_spec_field *sf = &ss->fields[i];
		const struct ifa_mfield *f = ifa_measure_field(s, sf->name);

		if (!f) {
			ifa_finding_add(fs, ss->rule, IFA_SEV_MUST, s->name, sf->name, abi,
					"present", "missing", "restore the field; fields are never removed",
					"field %s of Table %s is missing", sf->name, ss->table);
			continue;
		}
		if (f->bitfield) {
			ifa_fmt(act, sizeof(act), "bitfield of %d bits", f->bitfield);
			ifa_finding_add(fs, ss->rule, IFA_SEV_MUST, s->name, sf->name, abi,
					sf->type, act, "declare it as the spec's table says",
					"a bitfield where Table %s has a whole field", ss->table);
			continue;
		}
		if (f->offset != sf->offset) {
			ifa_fmt(exp, sizeof(exp), "offset %ld", sf->offset);
			ifa_fmt(act, sizeof(act), "offset %ld", f->offset);
			ifa_fmt(fix, sizeof(fix), "make the fields before it add up to the offset "
				"of Table %s", ss->table);
			ifa_finding_add(fs, ss->rule, IFA_SEV_MUST, s->name, sf->name, abi, exp, act,
					fix, "offset differs from Table %s", ss->table);
		}
		/* A payload in the union may grow within its budget (IFA-GROW-1). */
		if (f->size != sf->size &&
		    !(!strncmp(sf->type, "struct ", 7) && ifa_budget_of(spec, sf->type + 7))) {
			ifa_fmt(exp, sizeof(exp), "size %ld", sf->size);
			ifa_fmt(act, sizeof(act), "size %ld", f->size);
			ifa_fmt(fix, sizeof(fix), "restore the type of Table %s", ss->table);
			ifa_finding_add(fs, ss->rule, IFA_SEV_MUST, s->name, sf->name, abi, exp, act,
					fix, "field size differs from Table %s", ss->table);
		}
	}
}

/* growth-budget: the union that holds the budget members stays the budget's size. */
static void judge_union_size(const struct ifa_spec *spec, const struct ifa_mstruct *s,
			     const char *abi, struct ifa_findings *fs)
{
	size_t i, j;

	for (i = 0; i < spec->nbudget; i++) {
		const struct ifa_spec_budget *b = &spec->budget[i];
		const struct ifa_mfield *member = ifa_measure_field(s, b->member);
		char type[IFA_NAME_MAX + 8], exp[64], act[64];
		long size = 0;

		ifa_fmt(type, sizeof(type), "struct %s", b->struct_name);
		if (!member || !member->union_group || strcmp(member->type, type))
			continue;
		for (j = 0; j < s->nfields; j++)
			if (s->fields[j].union_group == member->union_group && s->fields[j].size > size)
				size = s->fields[j].size;
		if (size == b->budget)
			continue;
		ifa_fmt(exp, sizeof(exp), "union of %ld bytes", b->budget);
		ifa_fmt(act, sizeof(act), "union of %ld bytes", size);
		ifa_check_add(spec, fs, "growth-budget", IFA_AS_RULE, s->name, "", abi, exp, act,
				"keep the padding member at the budget; resizing the record needs a new ABI version",
				"the union of %s is not the size of the growth budget", s->name);
	}
}

/* IFA-GROW-1 and IFA-GROW-2 for the payloads that grow into the union. */
static void judge_budget(const struct ifa_spec *spec, const struct ifa_mstruct *s,
			 const char *abi, struct ifa_findings *fs)
{
	const struct ifa_spec_budget *b = ifa_budget_of(spec, s->name);
	const struct ifa_spec_struct *ss = ifa_spec_find_struct(spec, s->name);
	char exp[64], act[64], fix[96];
	size_t j;

	if (!b || !ss)
		return;
	if (s->size > b->budget) {
		ifa_fmt(exp, sizeof(exp), "size <= %ld", b->budget);
		ifa_fmt(act, sizeof(act), "size %ld", s->size);
		ifa_check_add(spec, fs, "growth-budget", IFA_AS_RULE, s->name, "", abi, exp, act,
				"a larger payload needs a new ABI version",
				"%s outgrows the %ld-byte budget of the union", b->member, b->budget);
	}
	for (j = 0; j < s->nfields; j++) {
		const struct ifa_mfield *f = &s->fields[j];
		long elem = f->align > 0 ? f->align : 1;

		if (!is_extension(ss, s, f) || f->offset < 0)
			continue;
		if (f->offset < ss->size) {
			ifa_fmt(exp, sizeof(exp), "offset >= %ld", ss->size);
			ifa_fmt(act, sizeof(act), "offset %ld", f->offset);
			ifa_fmt(fix, sizeof(fix), "append new fields after the last field of Table %s",
				ss->table);
			ifa_check_add(spec, fs, "growth-append", IFA_AS_RULE, s->name, f->name, abi, exp, act,
					fix, "extension %s is not after the version 1 fields", f->name);
		}
		if (f->offset + f->size > b->budget) {
			ifa_fmt(exp, sizeof(exp), "end <= %ld", b->budget);
			ifa_fmt(act, sizeof(act), "end %ld", f->offset + f->size);
			ifa_check_add(spec, fs, "growth-append", IFA_AS_RULE, s->name, f->name, abi, exp, act,
					"a field past the budget needs a new ABI version",
					"extension %s ends outside the union budget", f->name);
		}
		if (f->offset % elem) {
			ifa_fmt(act, sizeof(act), "offset %ld", f->offset);
			ifa_check_add(spec, fs, "growth-append", IFA_AS_RULE, s->name, f->name, abi,
					"naturally aligned", act, "pad before it with __reserved fields",
					"extension %s is not naturally aligned", f->name);
		}
	}
}

/* A layout finding that a defect of its struct explains: size, alignment, an offset. */
static int is_consequence(const struct ifa_finding *f)
{
	static const char *const kinds[] = { "size differs from Table ",
		"alignment differs from Table ", "offset differs from Table ",
		"field size differs from Table " };
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strncmp(f->message, kinds[i], strlen(kinds[i])))
			return 1;
	return 0;
}

/* 1 if rule is judged by a check of how a struct is laid out: a root a layout differs by. */
static int layout_rule(const struct ifa_spec *spec, const char *rule)
{
	static const char *const checks[] = { "no-implicit-padding", "aligned-64bit",
		"fixed-width-types", "growth-append", "growth-budget", "new-payload" };
	size_t i;

	for (i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		const char *r = ifa_check_rule(spec, checks[i]);

		if (r && !strcmp(r, rule))
			return 1;
	}
	return 0;
}

typedef int fits_fn(const struct ifa_spec *spec, const struct ifa_finding *f,
		    const struct ifa_finding *root);

/* The MUST finding on the same struct that finding i can fold into, or fs->n. */
static size_t root_for(const struct ifa_spec *spec, const struct ifa_findings *fs, size_t i,
		       fits_fn *fits)
{
	size_t j;

	for (j = 0; j < fs->n; j++)
		if (j != i && fs->items[j].severity == IFA_SEV_MUST &&
		    !strcmp(fs->items[j].struct_name, fs->items[i].struct_name) &&
		    fits(spec, &fs->items[i], &fs->items[j]))
			return j;
	return fs->n;
}

/* A portability finding on the same field that asks for the type the table has. */
static int same_type_asked(const struct ifa_spec *spec, const struct ifa_finding *f,
			   const struct ifa_finding *root)
{
	return layout_rule(spec, root->rule) && !strcmp(root->field, f->field) &&
	       !strcmp(root->expected, f->expected);
}

/* A hole (IFA-PORT-2) whose fix puts back the missing reserved field. */
static int fix_restores(const struct ifa_spec *spec, const struct ifa_finding *f,
			const struct ifa_finding *root)
{
	return layout_rule(spec, root->rule) && strstr(root->fix, f->field) != NULL;
}

/* A defect of the struct's layout (its table's own, or a portability or growth
 * one) that is not itself a consequence. */
static int layout_root(const struct ifa_spec *spec, const struct ifa_finding *f,
		       const struct ifa_finding *root)
{
	return (!strcmp(root->rule, f->rule) || layout_rule(spec, root->rule)) &&
	       !is_consequence(root);
}

/*
 * One finding per defect: a layout table's finding that another finding of
 * the same struct already names (the field's type, asked for by IFA-PORT-3;
 * a missing reserved field, which is the hole of IFA-PORT-2), and the size,
 * alignment and offsets that differ because of a defect of that struct,
 * become consequences of it; the ABIs it named still fail.
 */
static void fold_layout_findings(const struct ifa_spec *spec, struct ifa_findings *fs)
{
	size_t i, j;

	for (i = 0; i < fs->n; i++) {
		const struct ifa_finding *f = &fs->items[i];
		const struct ifa_spec_struct *ss = ifa_spec_find_struct(spec, f->struct_name);

		if (f->severity != IFA_SEV_MUST || !ss || strcmp(f->rule, ss->rule))
			continue;
		j = fs->n;
		if (!strncmp(f->message, "type differs from Table ", 24))
			j = root_for(spec, fs, i, same_type_asked);
		else if (!strcmp(f->actual, "missing") && is_reserved_name(f->field))
			j = root_for(spec, fs, i, fix_restores);
		if (j < fs->n) {
			ifa_finding_fold(fs, i, j);
			i = (size_t)-1;		/* the list changed: start again */
		}
	}
	for (i = 0; i < fs->n; i++) {
		const struct ifa_finding *f = &fs->items[i];
		const struct ifa_spec_struct *ss = ifa_spec_find_struct(spec, f->struct_name);

		if (f->severity != IFA_SEV_MUST || !ss || strcmp(f->rule, ss->rule) ||
		    !is_consequence(f))
			continue;
		j = root_for(spec, fs, i, layout_root);
		if (j < fs->n) {
			ifa_finding_fold(fs, i, j);
			i = (size_t)-1;
		}
	}
}

void ifa_judge_layouts(const struct ifa_spec *spec, const struct ifa_measure *decls,
		       const struct ifa_abi_result *r, size_t n, struct ifa_findings *fs)
{
	size_t a, i;

	for (a = 0; a < n; a++) {
		const struct ifa_measure *m = ifa_authority(&r[a]);
		const char *abi = r[a].abi->name;

		for (i = 0; m && i < m->nstructs; i++) {
			const struct ifa_mstruct *s = &m->structs[i];
			const struct ifa_spec_struct *ss = ifa_spec_find_struct(spec, s->name);

			if (ss)
				judge_spec_layout(spec, ss, s, u32_align(m), abi, fs);
			judge_budget(spec, s, abi, fs);
			judge_union_size(spec, s, abi, fs);
		}
	}
	ifa_judge_portability(spec, decls, r, n, fs);
	fold_layout_findings(spec, fs);
}

void ifa_judge_run(const struct ifa_run *run, const struct ifa_spec *spec, struct ifa_findings *fs)
{
	if (run->compiles_started) {
		ifa_hygiene_judge_compiles(&run->compiles, run->header, run->decls, spec, fs);
		ifa_hygiene_text(run->text, run->header, run->decls, spec, fs);
	}
	judge_declarations(spec, run->decls, ifa_header_scoped(spec, run->header, run->decls), fs);
	ifa_judge_layouts(spec, run->decls, run->r, run->n, fs);
}
