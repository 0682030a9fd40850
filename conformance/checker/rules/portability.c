/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The portability checks, one finding per defect at its root:
 *   fixed-width-types    a pointer, long or bitfield (or a type the spec does not allow);
 *   no-implicit-padding  a hole or tail padding, keyed by where it is, over every ABI;
 *   aligned-64bit        a 64-bit field without explicit alignment;
 *   same-layout          a layout that differs between ABIs with none of these to explain it.
 * A layout difference that a defect explains is a consequence of that
 * defect, listed under it, and so is the difference of every struct that
 * embeds a struct whose layout differs. Engines other than the authority
 * are evidence: they confirm, they never make a finding of their own.
 */
#define _GNU_SOURCE
#include "judge.h"
#include "checks.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What was found about one struct, for the structs that embed it. */
struct verdict {
	const char *name;
	int differs;			/* its size or offsets differ between ABIs */
	size_t ntyperoots;		/* roots[0..ntyperoots) are types, the rest gaps */
	size_t nroots;
	size_t *root_index;		/* into the findings: their array moves as it grows */
	size_t ntypes;
	size_t *type_index;		/* roots of fixed-width-types, by field: */
	const char **type_field;
};

struct ctx {
	const struct ifa_spec *spec;
	const struct ifa_measure *decls;
	const struct ifa_abi_result *r;
	size_t n;
	struct ifa_findings *fs;
	struct verdict *v;		/* one per struct of decls */
};

static void add_root(struct verdict *v, const struct ifa_findings *fs, const struct ifa_finding *f)
{
	size_t *p, idx, i;

	if (!f)
		return;
	idx = (size_t)(f - fs->items);
	for (i = 0; i < v->nroots; i++)
		if (v->root_index[i] == idx)
			return;
	p = realloc(v->root_index, (v->nroots + 1) * sizeof(*p));
	if (!p)
		return;
	v->root_index = p;
	p[v->nroots++] = idx;
}

/* The layout of struct `name` on ABI a, or NULL where no engine measured it. */
static const struct ifa_mstruct *on_abi(const struct ctx *c, size_t a, const char *name)
{
	const struct ifa_measure *m = ifa_authority(&c->r[a]);

	return m ? ifa_measure_struct(m, name) : NULL;
}

static void add_type_root(struct verdict *v, const struct ifa_findings *fs,
			  const struct ifa_finding *f, const char *field)
{
	size_t *idx = realloc(v->type_index, (v->ntypes + 1) * sizeof(*idx));
	const char **name;

	if (!idx)
		return;
	v->type_index = idx;
	name = realloc(v->type_field, (v->ntypes + 1) * sizeof(*name));
	if (!name)
		return;
	v->type_field = name;
	idx[v->ntypes] = (size_t)(f - fs->items);
	name[v->ntypes++] = field;
}

/*
 * The type root that explains a gap after field `after` on the ABIs
 * `abis`: a pointer, long or enum that is narrower there than elsewhere
 * leaves the space the wider one fills, and its fix (a fixed-width type)
 * closes the gap. A gap before a field is never its type's doing: the
 * fixed-width type that replaces it would leave the same gap. NULL if none.
 */
static struct ifa_finding *explained_by_type(const struct ctx *c, const struct verdict *v,
					     const char *st, const char *after, const char *abis)
{
	size_t i, a;
	long widest = 0;

	for (i = 0; i < v->ntypes && strcmp(v->type_field[i], after); i++)
		;
	if (i == v->ntypes)
		return NULL;
	for (a = 0; a < c->n; a++) {
		const struct ifa_mstruct *s = on_abi(c, a, st);
		const struct ifa_mfield *f = s ? ifa_measure_field(s, after) : NULL;

		if (f && f->size > widest)
			widest = f->size;
	}
	for (a = 0; a < c->n; a++) {
		const struct ifa_mstruct *s = on_abi(c, a, st);
		const struct ifa_mfield *f = s ? ifa_measure_field(s, after) : NULL;

		if (f && ifa_has_word(abis, c->r[a].abi->name) && f->size == widest)
			return NULL;
	}
	return &c->fs->items[v->type_index[i]];
}

static struct ifa_finding *root_at(const struct ctx *c, const struct verdict *v, size_t i)
{
	return &c->fs->items[v->root_index[i]];
}


/* "__u64[2]" -> "__u64" into dst. */
static void base_type(const char *type, struct ifa_str *dst)
{
	ifa_str_add(dst, "%.*s", (int)strcspn(type, "["), type);
}

/* --- fixed-width-types and aligned-64bit: defects of a declaration ------------- */

/* 1 if field `field` of struct st is not one size on every measured ABI (an enum on hexagon). */
static int size_varies(const struct ctx *c, const char *st, const char *field)
{
	long first = -2;
	size_t a;

	for (a = 0; a < c->n; a++) {
		const struct ifa_mstruct *s = on_abi(c, a, st);
		const struct ifa_mfield *f = s ? ifa_measure_field(s, field) : NULL;

		if (!f)
			continue;
		if (first != -2 && f->size != first)
			return 1;
		first = f->size;
	}
	return 0;
}

static void judge_types(struct ctx *c, const struct ifa_mstruct *s, struct verdict *v)
{
	const char *allowed = c->spec->profile.types;
	const struct ifa_spec_rule *aligned = ifa_spec_rule_for(c->spec, "aligned-64bit");
	size_t j;

	for (j = 0; j < s->nfields; j++) {
		const struct ifa_mfield *f = &s->fields[j];
		struct ifa_finding *root = NULL;
		struct ifa_str base = { 0 };

		base_type(f->type, &base);
		if (f->bitfield && *allowed)	/* a spec with a type list allows none */
			root = ifa_check_add(c->spec, c->fs, "fixed-width-types", IFA_AS_RULE, s->name,
					     f->name, NULL, "a whole fixed-width field", f->type,
					     "use a whole __u32 and define its bits as flags",
					     "bitfield of %d bits: bit order and packing are the ABI's",
					     f->bitfield);
		else if (f->tclass == IFA_T_POINTER)
			root = ifa_check_add(c->spec, c->fs, "fixed-width-types", IFA_AS_RULE, s->name,
					     f->name, NULL, "a fixed-width type", f->type,
					     "carry the address in an __aligned_u64 (u64_to_user_ptr() in the kernel)",
					     "a pointer: 4 or 8 bytes by ABI");
		else if (f->tclass == IFA_T_LONG && size_varies(c, s->name, f->name))
			/* uint64_t is long on the host, yet 8 bytes everywhere: only a real long varies */
			root = ifa_check_add(c->spec, c->fs, "fixed-width-types", IFA_AS_RULE, s->name,
					     f->name, NULL, "a fixed-width type", f->type,
					     "use __u32 or __aligned_u64",
					     "long: 4 or 8 bytes by ABI");
		else if (*allowed && f->tclass != IFA_T_RECORD && f->tclass != IFA_T_U64 &&
			 !ifa_has_word(allowed, ifa_str_get(&base)))
			root = ifa_check_add(c->spec, c->fs, "fixed-width-types", IFA_AS_RULE, s->name,
					     f->name, NULL, allowed, f->type,
					     f->tclass == IFA_T_ENUM ?
					     "declare it __u32 and keep the enum to name its values" :
					     "use one of the types the spec allows",
					     "field type %s is not one the spec allows", f->type);
		else if (f->tclass == IFA_T_U64 && aligned && aligned->level == IFA_LEVEL_MUST)
			root = ifa_check_add(c->spec, c->fs, "aligned-64bit", IFA_AS_RULE, s->name,
					     f->name, NULL, "__aligned_u64", f->type,
					     "declare it __aligned_u64",
					     "64-bit field without explicit alignment: 4-aligned on i386, arc, sh4 and ARM OABI, 2-aligned on m68k");
		/* Only what changes a layout explains a layout that differs. */
		if (f->bitfield || f->tclass == IFA_T_POINTER || f->tclass == IFA_T_LONG ||
		    f->tclass == IFA_T_U64 || size_varies(c, s->name, f->name))
			add_root(v, c->fs, root);
		if (root)
			add_type_root(v, c->fs, root, f->name);
		ifa_str_free(&base);
	}
}

/* --- no-implicit-padding: one finding per place, over every ABI ---------------- */

/* Where a gap is: before field `next`, or at the tail (next ""). */
struct place {
	const char *next;
	const char *after;		/* the field it follows, for the fix */
	int next_u64;			/* the field after it has no explicit alignment */
	struct ifa_str abis;		/* ABIs that have it */
	struct ifa_str where;		/* "4 bytes at offset 20 on x86_64 ...; ..." */
	long last_off, last_len, len;
	int variants;
};

static struct place *place_of(struct place **ps, size_t *n, const char *next)
{
	struct place *p;
	size_t i;

	for (i = 0; i < *n; i++)
		if (!strcmp((*ps)[i].next, next))
			return &(*ps)[i];
	p = realloc(*ps, (*n + 1) * sizeof(*p));
	if (!p)
		return NULL;
	*ps = p;
	p = &p[(*n)++];
	memset(p, 0, sizeof(*p));
	p->next = next;
	p->after = "";
	p->last_off = p->last_len = -1;
	return p;
}

/* "add `__u32 __reserved;` (Must be 0)" for n bytes. */
static void pad_text(struct ifa_str *dst, long n)
{
	if (n == 4 || n == 2 || n == 1)
		ifa_str_add(dst, "add an explicit `__u%ld __reserved;` (Must be 0)", n * 8);
	else
		ifa_str_add(dst, "add an explicit `__u8 __reserved[%ld];` (Must be 0)", n);
}

/* pahole as a second opinion: on how many ABIs its count of padding matches. */
static void padding_evidence(const struct ctx *c, const struct ifa_mstruct *decl,
			     struct ifa_str *ev)
{
	size_t a, gcc = 0, clang = 0, agree = 0, differ = 0;

	for (a = 0; a < c->n; a++) {
		const struct ifa_mstruct *s = on_abi(c, a, decl->name);
		const struct ifa_pahole_struct *p;
		struct ifa_gap *gaps;
		long total = 0;
		int g, k;

		if (!s)
			continue;
		gcc += c->r[a].gcc != NULL;
		clang += c->r[a].gcc == NULL;
		p = c->r[a].pahole && c->r[a].pahole->ok ?
		    ifa_pahole_find(c->r[a].pahole, decl->name) : NULL;
		if (!p || p->size != s->size)	/* a misreading of the object is no opinion */
			continue;
		k = ifa_gaps(s, &gaps);
		for (g = 0; g < k; g++)
			total += gaps[g].length;
		free(gaps);
		if (k >= 0 && p->holes + p->padding == total)
			agree++;
		else
			differ++;
	}
	ifa_str_add(ev, "measured by gcc on %zu ABIs%s", gcc, clang ? " and clang on " : "");
	if (clang)
		ifa_str_add(ev, "%zu", clang);
	if (agree || differ)
		ifa_str_add(ev, "; pahole's count of padding agrees on %zu%s", agree,
			    differ ? "" : " ABIs");
	if (differ)
		ifa_str_add(ev, " and differs on %zu ABIs (gcc judged)", differ);
}

static void judge_padding(struct ctx *c, const struct ifa_mstruct *decl, struct verdict *v)
{
	struct place *ps = NULL;
	size_t nps = 0, a, i;

	for (a = 0; a < c->n; a++) {
		const struct ifa_mstruct *s = on_abi(c, a, decl->name);
		struct ifa_gap *gaps;
		int k, g;

		if (!s || (k = ifa_gaps(s, &gaps)) <= 0)
			continue;
		for (g = 0; g < k; g++) {
			const char *next = "", *after = "";
			struct place *p;
			int u64 = 0;
			size_t j;

			for (j = 0; j < s->nfields; j++) {
				if (!gaps[g].tail && s->fields[j].offset == gaps[g].offset + gaps[g].length &&
				    !*next) {
					next = s->fields[j].name;
					u64 = s->fields[j].tclass == IFA_T_U64;
				}
				if (s->fields[j].offset + s->fields[j].size == gaps[g].offset)
					after = s->fields[j].name;
			}
			p = place_of(&ps, &nps, next);
			if (!p)
				continue;
			p->after = after;
			p->next_u64 = u64;
			p->len = gaps[g].length;
			ifa_str_add(&p->abis, "%s%s", p->abis.len ? " " : "", c->r[a].abi->name);
			if (gaps[g].offset != p->last_off || gaps[g].length != p->last_len) {
				ifa_str_add(&p->where, "%s%ld byte%s at offset %ld on %s",
					    p->where.len ? "; " : "", gaps[g].length,
					    gaps[g].length == 1 ? "" : "s", gaps[g].offset,
					    c->r[a].abi->name);
				p->last_off = gaps[g].offset;
				p->last_len = gaps[g].length;
				p->variants++;
			} else {
				ifa_str_add(&p->where, " %s", c->r[a].abi->name);
			}
		}
		free(gaps);
	}
	for (i = 0; i < nps; i++) {
		struct place *p = &ps[i];
		struct ifa_str fix = { 0 }, ev = { 0 }, actual = { 0 };
		struct ifa_finding *f;

		pad_text(&fix, p->len);
		if (*p->next)
			ifa_str_add(&fix, " before %s%s", p->next,
				    p->next_u64 ? " and declare it __aligned_u64" : "");
		else
			ifa_str_add(&fix, " after %s, at the end", p->after);
		if (*p->next)
			ifa_str_add(&actual, "hole before %s: %s", p->next, ifa_str_get(&p->where));
		else
			ifa_str_add(&actual, "tail padding after %s: %s", p->after,
				    ifa_str_get(&p->where));
		f = explained_by_type(c, v, decl->name, p->after, ifa_str_get(&p->abis));
		if (f) {
			ifa_finding_consequence(f, "%s%s: %s", ifa_struct_kind(decl), decl->name,
						ifa_str_get(&actual));
			goto next;
		}
		f = ifa_check_add(c->spec, c->fs, "no-implicit-padding", IFA_AS_RULE, decl->name,
				  p->next, NULL, "no implicit padding", ifa_str_get(&actual),
				  ifa_str_get(&fix), "%s", *p->next ?
				  "the compiler leaves a hole before this field" :
				  "the compiler pads the end of the structure");
		if (f) {
			ifa_finding_set(&f->abis, ifa_str_get(&p->abis));
			padding_evidence(c, decl, &ev);
			ifa_finding_set(&f->evidence, ifa_str_get(&ev));
		}
		add_root(v, c->fs, f);
next:
		ifa_str_free(&fix);
		ifa_str_free(&ev);
		ifa_str_free(&actual);
		ifa_str_free(&p->abis);
		ifa_str_free(&p->where);
	}
	free(ps);
}

/* --- same-layout: differences, and what explains them -------------------------- */

/*
 * 1 if the layouts of decl differ only between byte orders: one layout on
 * all little-endian ABIs, one on all big-endian ones, of one size and the
 * same field sizes. A header that orders fields by byte order meant it.
 */
static int by_byte_order_only(const struct ctx *c, const struct ifa_mstruct *decl)
{
	const struct ifa_mstruct *first[2] = { NULL, NULL };
	size_t a, j;

	for (a = 0; a < c->n; a++) {
		const struct ifa_mstruct *s = on_abi(c, a, decl->name);
		int big = c->r[a].abi->big_endian;

		if (!s)
			continue;
		if (!first[big])
			first[big] = s;
		else if (!ifa_same_layout(first[big], s))
			return 0;
	}
	if (!first[0] || !first[1] || first[0]->size != first[1]->size)
		return 0;
	for (j = 0; j < decl->nfields; j++)
		if (first[0]->fields[j].size != first[1]->fields[j].size)
			return 0;
	return 1;
}

/* "size 40 on x86_64 aarch64 ...; 36 on i386 m68k" and the fields that move, into d. */
static int describe_differences(const struct ctx *c, const struct ifa_mstruct *decl,
				struct ifa_str *d)
{
	const struct ifa_mstruct **cls = calloc(c->n ? c->n : 1, sizeof(*cls));
	struct ifa_str *abis = calloc(c->n ? c->n : 1, sizeof(*abis));
	size_t ncls = 0, a, k, j;

	if (!cls || !abis) {
		free(cls);
		free(abis);
		return 0;
	}
	for (a = 0; a < c->n; a++) {
		const struct ifa_mstruct *s = on_abi(c, a, decl->name);

		if (!s)
			continue;
		for (k = 0; k < ncls && !ifa_same_layout(cls[k], s); k++)
			;
		if (k == ncls)
			cls[ncls++] = s;
		ifa_str_add(&abis[k], "%s%s", abis[k].len ? " " : "", c->r[a].abi->name);
	}
	if (ncls > 1 && by_byte_order_only(c, decl)) {
		/* Fields put in byte order on purpose (#ifdef __LITTLE_ENDIAN_BITFIELD): one layout per byte order. */
		ncls = 1;
	}
	if (ncls > 1) {
		ifa_str_add(d, "%s%s: ", ifa_struct_kind(decl), decl->name);
		for (k = 0; k < ncls; k++)
			ifa_str_add(d, "%s%ld bytes on %s", k ? "; " : "", cls[k]->size,
				    ifa_str_get(&abis[k]));
		for (j = 0; j < decl->nfields; j++) {
			int moves = 0;

			for (k = 1; k < ncls; k++)
				moves |= cls[k]->fields[j].offset != cls[0]->fields[j].offset;
			if (!moves)
				continue;
			ifa_str_add(d, "; %s at offset", decl->fields[j].name);
			for (k = 0; k < ncls; k++)
				ifa_str_add(d, "%s %ld", k ? "," : "", cls[k]->fields[j].offset);
		}
	}
	for (k = 0; k < c->n; k++)
		ifa_str_free(&abis[k]);
	free(abis);
	free(cls);
	return ncls > 1;
}

/* 1 if the struct's alignment differs between ABIs: "8 on ...; 4 on ..." into how, its 64-bit fields into fields. */
static int alignment_differs(const struct ctx *c, const struct ifa_mstruct *decl,
			     struct ifa_str *how, struct ifa_str *fields)
{
	long aligns[8];
	size_t naligns = 0, a, j, k;

	for (j = 0; j < decl->nfields; j++)
		if (decl->fields[j].tclass == IFA_T_U64)
			ifa_str_add(fields, "%s%s", fields->len ? ", " : "", decl->fields[j].name);
	for (a = 0; a < c->n; a++) {
		const struct ifa_mstruct *s = on_abi(c, a, decl->name);

		for (k = 0; s && k < naligns && aligns[k] != s->align; k++)
			;
		if (s && k == naligns && naligns < sizeof(aligns) / sizeof(aligns[0]))
			aligns[naligns++] = s->align;
	}
	for (k = 0; k < naligns; k++) {
		ifa_str_add(how, "%s%ld on", k ? "; " : "", aligns[k]);
		for (a = 0; a < c->n; a++) {
			const struct ifa_mstruct *s = on_abi(c, a, decl->name);

			if (s && s->align == aligns[k])
				ifa_str_add(how, " %s", c->r[a].abi->name);
		}
	}
	return naligns > 1;
}

static struct verdict *verdict_of(struct ctx *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->decls->nstructs; i++)
		if (!strcmp(c->v[i].name, name))
			return &c->v[i];
	return NULL;
}

/* 1 if the struct embeds a struct or union that this header does not declare (an <asm/...> one). */
static int embeds_foreign(struct ctx *c, const struct ifa_mstruct *decl)
{
	size_t j;

	for (j = 0; j < decl->nfields; j++)
		if (decl->fields[j].tclass == IFA_T_RECORD && *decl->fields[j].record &&
		    !verdict_of(c, decl->fields[j].record))
			return 1;
	return 0;
}

static void judge_same_layout(struct ctx *c, const struct ifa_mstruct *decl, struct verdict *v)
{
	struct ifa_str d = { 0 };
	size_t j, i, nown = v->nroots;

	v->differs = describe_differences(c, decl, &d);
	if (v->differs) {
		/* Structs it embeds whose layout differs pass on their roots. */
		for (j = 0; j < decl->nfields; j++) {
			const struct verdict *e = decl->fields[j].tclass == IFA_T_RECORD ?
						  verdict_of(c, decl->fields[j].record) : NULL;

			for (i = 0; e && e->differs && i < e->nroots; i++) {
				ifa_finding_consequence(root_at(c, e, i), "%s", ifa_str_get(&d));
				add_root(v, c->fs, root_at(c, e, i));
			}
		}
		/* A gap of its own is what moves its fields; else the type that varies. */
		for (i = nown > v->ntyperoots ? v->ntyperoots : 0; i < nown; i++)
			ifa_finding_consequence(root_at(c, v, i), "%s", ifa_str_get(&d));
		if (!v->nroots && embeds_foreign(c, decl))
			;	/* the difference is that of a struct another header declares per architecture */
		else if (!v->nroots)
			add_root(v, c->fs,
				 ifa_check_add(c->spec, c->fs, "same-layout", IFA_AS_RULE, decl->name,
					       "", NULL, "one layout on every ABI", ifa_str_get(&d),
					       "declare 64-bit fields __aligned_u64 and pad explicitly",
					       "the layout differs between ABIs"));
	} else {
		struct ifa_str how = { 0 }, fields = { 0 };

		/* Alignment alone moves nothing here; where it moves an embedder, that is judged there. */
		if (alignment_differs(c, decl, &how, &fields) && fields.len)
			ifa_check_add(c->spec, c->fs, "aligned-64bit", IFA_AS_NOTE, decl->name, "",
				      NULL, "one alignment on every ABI", ifa_str_get(&how),
				      "declare its 64-bit fields __aligned_u64",
				      "only the alignment differs between ABIs (64-bit fields %s)",
				      ifa_str_get(&fields));
		ifa_str_free(&how);
		ifa_str_free(&fields);
	}
	ifa_str_free(&d);
}

void ifa_judge_portability(const struct ifa_spec *spec, const struct ifa_measure *decls,
			   const struct ifa_abi_result *r, size_t n, struct ifa_findings *fs)
{
	struct ctx c = { spec, decls, r, n, fs, NULL };
	size_t i;

	c.v = calloc(decls->nstructs ? decls->nstructs : 1, sizeof(*c.v));
	if (!c.v)
		return;
	for (i = 0; i < decls->nstructs; i++)
		c.v[i].name = decls->structs[i].name;
	/* In declaration order: C declares a struct before any struct that embeds it. */
	for (i = 0; i < decls->nstructs; i++) {
		const struct ifa_mstruct *s = &decls->structs[i];

		judge_types(&c, s, &c.v[i]);
		c.v[i].ntyperoots = c.v[i].nroots;
		judge_padding(&c, s, &c.v[i]);
		judge_same_layout(&c, s, &c.v[i]);
	}
	for (i = 0; i < decls->nstructs; i++) {
		free(c.v[i].root_index);
		free(c.v[i].type_index);
		free(c.v[i].type_field);
	}
	free(c.v);
}
