/* SPDX-License-Identifier: GPL-2.0 */
#define _GNU_SOURCE
#include "diff.h"
#include "util.h"
#include "checks.h"
#include "judge.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ctx {
	const struct ifa_spec *spec;
	const struct ifa_diff_side *old, *new;
	struct ifa_findings *fs;
};

static void change(struct ctx *c, const char *cls, const char *check, const char *st,
		   const char *field, const char *abi, const char *was, const char *now,
		   const char *fix, const char *fmt, ...) __attribute__((format(printf, 10, 11)));

/* One change, classified, under the rule the spec gives its check. */
static void change(struct ctx *c, const char *cls, const char *check, const char *st,
		   const char *field, const char *abi, const char *was, const char *now,
		   const char *fix, const char *fmt, ...)
{
	enum ifa_severity sev = !strcmp(cls, IFA_CLS_COMPATIBLE) ? IFA_SEV_INFO :
				!strcmp(cls, IFA_CLS_SOURCE) ? IFA_SEV_SHOULD : IFA_SEV_MUST;
	struct ifa_finding *f;
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	f = ifa_finding_add(c->fs, ifa_check_rule(c->spec, check), sev, st, field, abi, was, now,
			    fix, "%s", msg);
	if (f)
		ifa_finding_set(&f->cls, cls);
}

/* --- the shape of a struct, as the rules see it --------------------------- */

static int is_reserved(const struct ctx *c, const char *st, const char *field)
{
	const struct ifa_spec_struct *ss = ifa_spec_find_struct(c->spec, st);
	size_t i;

	if (!strncmp(field, "__reserved", 10))
		return 1;
	for (i = 0; ss && i < ss->nfields; i++)
		if (!strcmp(ss->fields[i].name, field))
			return !strcmp(ss->fields[i].gate, "reserved");
	return 0;
}

/*
 * A struct that grows by its size: its first field is one of the size
 * fields of the spec's profile (argsz, or size as iommufd names it).
 */
static int sized_by_size_field(const struct ctx *c, const struct ifa_mstruct *s)
{
	return s->nfields && s->fields[0].offset == 0 &&
	       ifa_has_word(c->spec->profile.size_field, s->fields[0].name);
}

/* A struct that holds a union member of Table B-1: the record. */
static int is_container(const struct ctx *c, const struct ifa_mstruct *s)
{
	size_t i, j;

	for (i = 0; i < s->nfields; i++)
		for (j = 0; j < c->spec->nbudget; j++)
			if (!strcmp(s->fields[i].name, c->spec->budget[j].member))
				return 1;
	return 0;
}

static const struct ifa_mfield *field_of(const struct ifa_mstruct *s, const char *name)
{
	return s ? ifa_measure_field(s, name) : NULL;
}

/*
 * IFA-GROW-3 for a field that appears in a payload: its gate flag exists
 * in the new header, is one bit, and is a bit the old header did not use.
 * Returns NULL if so, else what is wrong.
 */
static const char MUST_UNDERSTAND_GATE[] = "its gate takes a must-understand bit (24 to 31)";

static const char *gate_problem(const struct ctx *c, const char *st, const char *field,
				char *want, size_t size)
{
	const struct ifa_spec_budget *b = ifa_budget_of(c->spec, st);
	const struct ifa_macro *gate;
	char up[IFA_NAME_MAX];
	size_t i;

	if (!b)
		return "the spec gives this structure no growth budget";
	for (i = 0; field[i] && i + 1 < sizeof(up); i++)
		up[i] = (char)toupper((unsigned char)field[i]);
	up[i] = '\0';
	ifa_fmt(want, size, "%s%s_VALID", b->flag_prefix, up);
	gate = ifa_measure_value(c->new->decls, want);
	if (!gate || !gate->has_value)
		return "no gate flag";
	/* A gate of several bits is single-bit-flags' finding, not a second one here. */
	if (ifa_measure_flag_bits(c->old->decls, st, b->flags_field) & gate->value)
		return "its gate reuses a bit the old header already used";
	if ((unsigned long long)gate->value >> IFA_MUST_UNDERSTAND_BIT)
		return MUST_UNDERSTAND_GATE;
	return NULL;
}

/* The check that judges a gate problem: a must-understand bit is IFA-GROW-15's. */
static const char *gate_check(const char *why)
{
	return why == MUST_UNDERSTAND_GATE ? "flag-class" : "growth-gate";
}

static void describe(char *dst, size_t size, const struct ifa_mfield *f)
{
	if (!f)
		ifa_fmt(dst, size, "absent");
	else if (f->bitfield)
		ifa_fmt(dst, size, "%s %s : %d", f->type, f->name, f->bitfield);
	else
		ifa_fmt(dst, size, "%s %s at %ld, %ld bytes", f->type, f->name, f->offset, f->size);
}

/* A field of the new struct that is not in the old one and lies where old field `of` lay. */
static const struct ifa_mfield *successor(const struct ifa_mstruct *os,
					  const struct ifa_mstruct *ns,
					  const struct ifa_mfield *of)
{
	size_t i;

	for (i = 0; i < ns->nfields; i++) {
		const struct ifa_mfield *nf = &ns->fields[i];

		if (!field_of(os, nf->name) && nf->offset == of->offset && nf->size == of->size)
			return nf;
	}
	return NULL;
}

/* --- fields, on one ABI ------------------------------------------------------ */

/* An old field gone from the new struct: renamed, a reserved field named, or removed. */
static void old_field_gone(struct ctx *c, const struct ifa_mstruct *os,
			   const struct ifa_mstruct *ns, const struct ifa_mfield *of,
			   const char *abi)
{
	const struct ifa_mfield *nf = successor(os, ns, of);
	char was[160], now[160], want[IFA_NAME_MAX * 2];
	const char *why;

	describe(was, sizeof(was), of);
	describe(now, sizeof(now), nf);
	if (nf && is_reserved(c, os->name, of->name)) {
		why = gate_problem(c, os->name, nf->name, want, sizeof(want));
		if (why)
			change(c, IFA_CLS_BREAKING, gate_check(why), os->name, nf->name, abi, was, now,
			       "gate the field with a new flag bit, or keep the space reserved",
			       "reserved space given a meaning: %s (wanted %s)", why, want);
		else
			change(c, IFA_CLS_COMPATIBLE, "change-allowed", os->name, nf->name, abi, was, now,
			       NULL, "a reserved field named, gated by %s", want);
	} else if (nf && !strcmp(nf->type, of->type) && !is_reserved(c, ns->name, nf->name)) {
		change(c, IFA_CLS_SOURCE, "change-rename", os->name, of->name, abi, was, now,
		       "keep the old name (a #define alias helps users move)",
		       "field renamed: same layout, but code using %s no longer builds", of->name);
	} else {
		change(c, IFA_CLS_BREAKING, "change-needs-version", os->name, of->name, abi, was, now,
		       "restore the field; fields are never removed within a version",
		       nf ? "field removed, its space made reserved" : "field removed");
	}
}

/* "__aligned_u64[2]" -> "u64[2]", "__u64" -> "u64": the type without its alignment. */
static const char *unaligned(const char *t)
{
	return !strncmp(t, "__aligned_", 10) ? t + 10 : !strncmp(t, "__", 2) ? t + 2 : t;
}

/*
 * Types equal but for an array's length ("__u8[120]" and "__u8[248]"): a
 * resize; or but for explicit alignment ("__u64" and "__aligned_u64").
 */
static int same_base_type(const char *a, const char *b)
{
	size_t na, nb;

	a = unaligned(a);
	b = unaligned(b);
	na = strcspn(a, "[");
	nb = strcspn(b, "[");
	return na == nb && !strncmp(a, b, na);
}

static void field_kept(struct ctx *c, const struct ifa_mstruct *os, const struct ifa_mfield *of,
		       const struct ifa_mfield *nf, const char *abi)
{
	const char *grows = NULL;
	char was[160], now[160];
	size_t i;

	/* A payload inside the union may grow; the payload itself is judged on its own. */
	for (i = 0; i < c->spec->nbudget; i++)
		if (!strcmp(of->name, c->spec->budget[i].member))
			grows = c->spec->budget[i].struct_name;
	describe(was, sizeof(was), of);
	describe(now, sizeof(now), nf);
	if (!same_base_type(of->type, nf->type) && !grows)
		change(c, IFA_CLS_BREAKING, "change-needs-version", os->name, of->name, NULL, was, now,
		       "restore the type", "field type changed");
	else if (of->offset != nf->offset)
		change(c, IFA_CLS_BREAKING, "change-needs-version", os->name, of->name, abi, was, now,
		       "restore the fields before it; add new fields at the end, gated",
		       "field moved");
	else if (of->size != nf->size && !grows)
		change(c, is_container(c, os) && nf->union_group ? IFA_CLS_VERSION : IFA_CLS_BREAKING,
		       "change-needs-version", os->name, of->name, abi, was, now,
		       "restore the size", "field resized");
	else if (strcmp(of->type, nf->type) && !grows && strcmp(unaligned(of->type), unaligned(nf->type)) == 0)
		change(c, IFA_CLS_COMPATIBLE, "change-allowed", os->name, of->name, NULL,
		       of->type, nf->type, NULL,
		       "64-bit field given explicit alignment; it stays where it was");
}

/*
 * 1 if the bytes of new field nf were implicit padding of the old struct on
 * this ABI: no old field covers any of them (iommufd's __reserved of 6.14 on
 * the ABIs where 6.11 left a hole).
 */
static int in_old_hole(const struct ifa_mstruct *os, const struct ifa_mfield *nf)
{
	size_t i;

	if (nf->offset < 0 || nf->offset + nf->size > os->size)
		return 0;
	for (i = 0; i < os->nfields; i++)
		if (os->fields[i].offset < nf->offset + nf->size &&
		    nf->offset < os->fields[i].offset + os->fields[i].size)
			return 0;
	return 1;
}

/* A field only the new struct has (and that is no successor of an old one). */
static void field_added(struct ctx *c, const struct ifa_mstruct *os,
			const struct ifa_mstruct *ns, const struct ifa_mfield *nf, const char *abi)
{
	const struct ifa_spec_budget *b = ifa_budget_of(c->spec, ns->name);
	long elem = nf->size, natural;
	char now[160], want[IFA_NAME_MAX * 2];
	const char *br = strchr(nf->type, '['), *why;

	if (br && strtol(br + 1, NULL, 10) > 0)
		elem = nf->size / strtol(br + 1, NULL, 10);
	natural = elem >= 8 ? 8 : elem > 0 ? elem : 1;
	describe(now, sizeof(now), nf);
	if (ifa_is_new_payload(c->spec, ns, nf)) {
		/* Its size against the budget is the union's, judged by check (growth-budget). */
		change(c, IFA_CLS_COMPATIBLE, "change-allowed", ns->name, nf->name, abi, "absent", now,
		       NULL, "a new fault type's payload in the union (IFA-GROW-17)");
	} else if (nf->offset < os->size) {
		if (in_old_hole(os, nf) && is_reserved(c, ns->name, nf->name))
			change(c, IFA_CLS_COMPATIBLE, "change-allowed", ns->name, nf->name, abi, "absent",
			       now, NULL, "a hole of the old layout named as reserved space; no byte moves");
		else
			change(c, IFA_CLS_BREAKING, b ? "growth-append" : "change-needs-version", ns->name,
			       nf->name, abi, "absent", now, "append new fields after the last existing one",
			       "field inserted among the existing ones");
	} else if (b) {
		if (nf->offset % natural || nf->offset + nf->size > b->budget)
			change(c, IFA_CLS_BREAKING, "growth-append", ns->name, nf->name, abi, "absent", now,
			       "align it naturally and keep it within the union budget",
			       "field appended outside the rules of IFA-GROW-2");
		else if (is_reserved(c, ns->name, nf->name))
			change(c, IFA_CLS_COMPATIBLE, "change-allowed", ns->name, nf->name, abi, "absent",
			       now, NULL, "explicit reserved space appended");
		else if ((why = gate_problem(c, ns->name, nf->name, want, sizeof(want))))
			change(c, IFA_CLS_BREAKING, gate_check(why), ns->name, nf->name, abi, "absent", now,
			       "define the gate as a new bit of flags", "field added with %s (wanted %s)",
			       why, want);
		else
			change(c, IFA_CLS_COMPATIBLE, "change-allowed", ns->name, nf->name, abi, "absent",
			       now, NULL, "field appended within the budget, gated by %s", want);
	} else if (sized_by_size_field(c, os)) {
		change(c, IFA_CLS_COMPATIBLE, "change-allowed", ns->name, nf->name, abi, "absent", now,
		       NULL, "field appended to a structure sized by its field %s", os->fields[0].name);
	} else {
		change(c, IFA_CLS_BREAKING, "change-needs-version", ns->name, nf->name, abi, "absent", now,
		       "only the union's payloads and argsz-sized structures grow within a version",
		       "field added to a structure that cannot grow");
	}
}

static void struct_size(struct ctx *c, const struct ifa_mstruct *os,
			const struct ifa_mstruct *ns, const struct ifa_measure *nm, const char *abi)
{
	const struct ifa_spec_budget *b = ifa_budget_of(c->spec, os->name);
	char was[64], now[64];

	/* A change of size is one change, whatever each ABI aligns the struct to. */
	ifa_fmt(was, sizeof(was), "size %ld", os->size);
	ifa_fmt(now, sizeof(now), "size %ld", ns->size);
	if (os->size != ns->size) {
		if (is_container(c, os))
			change(c, IFA_CLS_VERSION, "change-needs-version", os->name, "", abi, was, now,
			       "keep the record size: grow inside the union, or bump the ABI version",
			       "the record changes size");
		else if (b && ns->size > b->budget)
			change(c, IFA_CLS_VERSION, "change-needs-version", os->name, "", abi, was, now,
			       "stay within the union budget, or bump the ABI version",
			       "the payload outgrows the union");
		else if (ns->size < os->size || (!b && !sized_by_size_field(c, os)))
			change(c, IFA_CLS_BREAKING, "change-needs-version", os->name, "", abi, was, now,
			       "restore the size", "structure changes size");
	}
	/* Alignment alone moves no byte of it; a struct that embeds it is judged on its own. */
	ifa_fmt(was, sizeof(was), "alignment %ld", os->align);
	ifa_fmt(now, sizeof(now), "alignment %ld", ns->align);
	if (!ifa_align_ok(os->align, ns->align, nm) && os->size == ns->size)
		change(c, IFA_CLS_COMPATIBLE, "change-allowed", os->name, "", abi, was, now, NULL,
		       "only the alignment changes: no field moves");
}

static void diff_struct(struct ctx *c, const struct ifa_mstruct *os, const struct ifa_mstruct *ns,
			const struct ifa_measure *nm, const char *abi)
{
	size_t i;

	struct_size(c, os, ns, nm, abi);
	for (i = 0; i < os->nfields; i++) {
		const struct ifa_mfield *nf = field_of(ns, os->fields[i].name);

		if (nf)
			field_kept(c, os, &os->fields[i], nf, abi);
		else
			old_field_gone(c, os, ns, &os->fields[i], abi);
	}
	for (i = 0; i < ns->nfields; i++) {
		const struct ifa_mfield *nf = &ns->fields[i];
		size_t j;
		int taken = 0;

		if (field_of(os, nf->name))
			continue;
		for (j = 0; j < os->nfields && !taken; j++)
			taken = !field_of(ns, os->fields[j].name) &&
				successor(os, ns, &os->fields[j]) == nf;
		if (!taken)
			field_added(c, os, ns, nf, abi);
	}
}

/* IFA-PORT-1 as a change: a struct one layout everywhere before, several now. */
static int same_everywhere(const struct ifa_diff_side *side, const char *st, size_t n,
			   const char **first_abi, const struct ifa_abi_result *abis, char *odd,
			   size_t oddsz)
{
	const struct ifa_mstruct *ref = NULL;
	size_t a, used = 0;
	int same = 1;

	odd[0] = '\0';
	for (a = 0; a < n; a++) {
		const struct ifa_mstruct *s = side->abi[a] ? ifa_measure_struct(side->abi[a], st) : NULL;

		if (!s)
			continue;
		if (!ref) {
			ref = s;
			*first_abi = abis[a].abi->name;
			continue;
		}
		if (!ifa_same_layout(s, ref)) {
			same = 0;
			used += (size_t)snprintf(odd + used, oddsz > used ? oddsz - used : 0, "%s%s",
						 used ? " " : "", abis[a].abi->name);
		}
	}
	return same;
}

static void diff_layouts(struct ctx *c, const struct ifa_abi_result *abis, size_t n)
{
	size_t a, i;

	for (a = 0; a < n; a++) {
		const struct ifa_measure *om = c->old->abi[a], *nm = c->new->abi[a];

		if (!om || !nm)
			continue;
		for (i = 0; i < om->nstructs; i++) {
			const struct ifa_mstruct *ns = ifa_measure_struct(nm, om->structs[i].name);

			if (ns)
				diff_struct(c, &om->structs[i], ns, nm, abis[a].abi->name);
			else
				change(c, IFA_CLS_BREAKING, "change-needs-version", om->structs[i].name, "", NULL,
				       "declared", "absent", "restore it", "structure removed");
		}
	}
	for (i = 0; i < c->new->decls->nstructs; i++) {
		const char *st = c->new->decls->structs[i].name, *first = "";
		char odd[512], odd_old[512];

		if (!ifa_measure_struct(c->old->decls, st)) {
			change(c, IFA_CLS_COMPATIBLE, "change-allowed", st, "", NULL, "absent", "declared",
			       NULL, "structure added");
			continue;
		}
		if (!same_everywhere(c->new, st, n, &first, abis, odd, sizeof(odd)) &&
		    same_everywhere(c->old, st, n, &first, abis, odd_old, sizeof(odd_old)))
			change(c, IFA_CLS_BREAKING, "same-layout", st, "", NULL,
			       "one layout on every ABI", odd,
			       "use __aligned_u64 for 64-bit fields and pad explicitly",
			       "the layout now differs between ABIs (differs from %s on the ABIs named)",
			       first);
	}
}

/* --- values --------------------------------------------------------------------- */

struct value {
	const struct ifa_macro *m;
	char *group;
};

/*
 * Flags group by the field they sit above, enumerators by enum, other
 * constants by prefix. Returns a malloc'ed array (free_values), *n set.
 */
static struct value *collect_values(const struct ifa_measure *d, size_t *n)
{
	size_t i, j, max = d->nmacros;
	struct value *out;

	for (i = 0; i < d->nenums; i++)
		max += d->enums[i].nvalues;
	out = calloc(max ? max : 1, sizeof(*out));
	*n = 0;
	if (!out)
		return NULL;
	for (i = 0; i < d->nmacros; i++) {
		const struct ifa_macro *m = &d->macros[i];
		const char *us = strrchr(m->name, '_');
		int r;

		if (!m->has_value || (m->name[0] == '_' && strstr(m->name, "_H")))
			continue;
		out[*n].m = m;
		if (*m->in_struct)
			r = asprintf(&out[*n].group, "%s.%s", m->in_struct, m->for_field);
		else
			r = asprintf(&out[*n].group, "%.*s",
				     (int)(us ? (size_t)(us - m->name) : strlen(m->name)), m->name);
		*n += r >= 0;
	}
	for (i = 0; i < d->nenums; i++)
		for (j = 0; j < d->enums[i].nvalues; j++) {
			out[*n].m = &d->enums[i].values[j];
			*n += asprintf(&out[*n].group, "enum %s", d->enums[i].name) >= 0;
		}
	return out;
}

static void free_values(struct value *v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		free(v[i].group);
	free(v);
}

static const struct value *find_value(const struct value *v, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i].m->name, name))
			return &v[i];
	return NULL;
}

/* A value only `in` has, in group g with value x: a rename target or a reuse. */
static const struct value *value_in_group(const struct value *v, size_t n, const struct value *in,
					  size_t nin, const char *g, unsigned long long x)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i].group, g) && v[i].m->value == x && !find_value(in, nin, v[i].m->name))
			return &v[i];
	return NULL;
}

static void diff_values(struct ctx *c)
{
	size_t no, nn, i;
	struct value *ov = collect_values(c->old->decls, &no);
	struct value *nv = collect_values(c->new->decls, &nn);

	if (!ov || !nv) {
		free_values(ov, no);
		free_values(nv, nn);
		return;
	}
	for (i = 0; i < no; i++) {
		const struct value *n = find_value(nv, nn, ov[i].m->name), *r;
		char was[64], now[64];

		ifa_fmt(was, sizeof(was), "%s = 0x%llx", ov[i].m->name, ov[i].m->value);
		if (n) {
			if (n->m->value == ov[i].m->value)
				continue;
			ifa_fmt(now, sizeof(now), "%s = 0x%llx", n->m->name, n->m->value);
			change(c, IFA_CLS_BREAKING, "change-needs-version", "", ov[i].m->name, NULL, was, now,
			       "restore the value; add a new name for a new meaning",
			       "value changed: records and responses already out there mean the old one");
		} else if ((r = value_in_group(nv, nn, ov, no, ov[i].group, ov[i].m->value))) {
			ifa_fmt(now, sizeof(now), "%s = 0x%llx", r->m->name, r->m->value);
			change(c, IFA_CLS_SOURCE, "change-rename", "", ov[i].m->name, NULL, was, now,
			       "keep the old name as well", "constant renamed");
		} else {
			change(c, IFA_CLS_BREAKING, "change-needs-version", "", ov[i].m->name, NULL, was, "absent",
			       "restore it; values are never removed within a version", "constant removed");
		}
	}
	for (i = 0; i < nn; i++) {
		const struct value *o, *clash;
		char now[64], was[64];

		if (find_value(ov, no, nv[i].m->name))
			continue;
		if (value_in_group(ov, no, nv, nn, nv[i].group, nv[i].m->value))
			continue;	/* the target of a rename, reported above */
		ifa_fmt(now, sizeof(now), "%s = 0x%llx", nv[i].m->name, nv[i].m->value);
		clash = NULL;
		for (o = ov; o < ov + no && !clash; o++)
			if (!strcmp(o->group, nv[i].group) &&
			    (o->m->value == nv[i].m->value ||
			     (!strchr(o->group, ' ') && *o->m->in_struct && (o->m->value & nv[i].m->value))))
				clash = o;
		if (clash) {
			ifa_fmt(was, sizeof(was), "%s = 0x%llx", clash->m->name, clash->m->value);
			change(c, IFA_CLS_BREAKING, "change-needs-version", "", nv[i].m->name, NULL, was, now,
			       "give it a value not used before", "new constant reuses the value of %s",
			       clash->m->name);
		} else {
			change(c, IFA_CLS_COMPATIBLE, "change-allowed", "", nv[i].m->name, NULL, "absent", now,
			       NULL, "new %s", *nv[i].m->in_struct ? "flag bit" : "value");
		}
	}
	free_values(ov, no);
	free_values(nv, nn);
}

void ifa_diff(const struct ifa_spec *spec, const struct ifa_diff_side *old,
	      const struct ifa_diff_side *new, const struct ifa_abi_result *abis, size_t n,
	      struct ifa_findings *fs)
{
	struct ctx c = { spec, old, new, fs };

	diff_layouts(&c, abis, n);
	diff_values(&c);
}

static const struct ifa_finding *same_defect(const struct ifa_findings *fs,
					    const struct ifa_finding *f)
{
	size_t i;

	for (i = 0; fs && i < fs->n; i++)
		if (!strcmp(fs->items[i].rule, f->rule) &&
		    !strcmp(fs->items[i].struct_name, f->struct_name) &&
		    !strcmp(fs->items[i].field, f->field))
			return &fs->items[i];
	return NULL;
}

/*
 * 1 if one of the diff's own n changes fails struct st (or, for a constant
 * of no struct, constant field): the root of what check sees there.
 */
static int struct_fails(const struct ifa_findings *diff, size_t n, const char *st,
			const char *field)
{
	size_t i;

	for (i = 0; (*st || *field) && i < n; i++)
		if ((*st ? !strcmp(diff->items[i].struct_name, st) :
		     !*diff->items[i].struct_name && !strcmp(diff->items[i].field, field)) &&
		    (!strcmp(diff->items[i].cls, IFA_CLS_BREAKING) ||
		     !strcmp(diff->items[i].cls, IFA_CLS_VERSION)))
			return 1;
	return 0;
}

void ifa_diff_add_check_findings(const struct ifa_spec *spec, struct ifa_findings *diff,
				 const struct ifa_findings *now, const struct ifa_findings *before)
{
	size_t i, k, own = diff->n;

	for (i = 0; i < now->n; i++) {
		const struct ifa_finding *f = &now->items[i];
		const struct ifa_check_info *ck = ifa_check_of_rule(spec, f->rule);
		struct ifa_finding *d;

		if (f->severity != IFA_SEV_MUST || !ck || !ck->abi || same_defect(before, f) ||
		    same_defect(diff, f) || struct_fails(diff, own, f->struct_name, f->field))
			continue;
		d = ifa_finding_add(diff, f->rule, IFA_SEV_MUST, f->struct_name, f->field, NULL,
				    f->expected, f->actual, f->fix, "%s", f->message);
		if (!d)
			continue;
		ifa_finding_set(&d->cls, IFA_CLS_BREAKING);
		ifa_finding_set(&d->abis, f->abis);
		ifa_finding_set(&d->evidence, f->evidence);
		for (k = 0; k < f->nconsequences; k++)
			ifa_finding_consequence(d, "%s", f->consequences[k]);
	}
}

const char *ifa_diff_verdict(const struct ifa_findings *fs)
{
	static const char *order[] = { IFA_CLS_COMPATIBLE, IFA_CLS_SOURCE, IFA_CLS_VERSION,
				       IFA_CLS_BREAKING };
	size_t i, k, worst = 0;

	for (i = 0; i < fs->n; i++)
		for (k = 0; k < 4; k++)
			if (!strcmp(fs->items[i].cls, order[k]) && k > worst)
				worst = k;
	return order[worst];
}

int ifa_spec_as_measure(const struct ifa_spec *spec, struct ifa_measure *m)
{
	size_t i, j, k;

	ifa_measure_free(m);
	for (i = 0; i < spec->nstructs; i++) {
		const struct ifa_spec_struct *ss = &spec->structs[i];
		struct ifa_mstruct *s = ifa_measure_add_struct(m);

		if (!s)
			return -1;
		s->name = ss->name;
		s->size = ss->size;
		s->align = ss->align;
		for (j = 0; j < ss->nfields; j++) {
			struct ifa_mfield *f = ifa_measure_add_field(s);

			if (!f)
				return -1;
			f->name = ss->fields[j].name;
			f->type = ss->fields[j].type;
			f->offset = ss->fields[j].offset;
			f->size = ss->fields[j].size;
			f->align = -1;
			/* Fields that share an offset are the members of one union. */
			for (k = 0; k < ss->nfields; k++)
				if (k != j && ss->fields[k].offset == f->offset)
					f->union_group = 1;
		}
	}
	for (i = 0; i < spec->ntables; i++) {
		const struct ifa_spec_consts *t = &spec->tables[i];
		const char *en = strstr(t->title, "`enum ");
		struct ifa_enum *e = NULL;

		if (en) {
			en += 6;
			e = ifa_measure_add_enum(m);
			if (!e)
				return -1;
			e->name = ifa_measure_str(m, en, strspn(en, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
							       "abcdefghijklmnopqrstuvwxyz0123456789_"));
		}
		for (j = 0; j < t->nconsts; j++) {
			struct ifa_macro *v = e ? ifa_measure_add_value(e) : ifa_measure_add_macro(m);

			if (!v)
				return -1;
			v->name = t->consts[j].name;
			v->has_value = 1;
			v->value = t->consts[j].value;
			v->in_struct = t->flags_struct;
			v->for_field = t->flags_field;
		}
	}
	return 0;
}
