/* SPDX-License-Identifier: GPL-2.0 */
#include "measure.h"
#include "abi_result.h"

#include <stdlib.h>
#include <string.h>

/* Makes room for one more element of size sz in *arr; returns it zeroed, or NULL. */
static void *grow(void **arr, size_t *n, size_t *cap, size_t sz)
{
	char *p;

	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		void *q = realloc(*arr, ncap * sz);

		if (!q)
			return NULL;
		*arr = q;
		*cap = ncap;
	}
	p = (char *)*arr + (*n)++ * sz;
	memset(p, 0, sz);
	return p;
}

const char *ifa_measure_str(struct ifa_measure *m, const char *s, size_t n)
{
	char **slot, *copy;

	if (n == (size_t)-1)
		n = strlen(s);
	copy = malloc(n + 1);
	if (!copy)
		return "";
	slot = grow((void **)&m->strs, &m->nstrs, &m->capstrs, sizeof(*m->strs));
	if (!slot) {
		free(copy);
		return "";
	}
	memcpy(copy, s, n);
	copy[n] = '\0';
	*slot = copy;
	return copy;
}

struct ifa_mstruct *ifa_measure_add_struct(struct ifa_measure *m)
{
	struct ifa_mstruct *s = grow((void **)&m->structs, &m->nstructs, &m->capstructs,
				     sizeof(*s));

	if (s)
		s->name = "";
	return s;
}

struct ifa_mfield *ifa_measure_add_field(struct ifa_mstruct *s)
{
	struct ifa_mfield *f = grow((void **)&s->fields, &s->nfields, &s->capfields,
				    sizeof(*f));

	if (f)
		f->name = f->type = f->record = "";
	return f;
}

/* A constant, macro or enumerator, attached to no struct yet. */
static struct ifa_macro *blank_value(struct ifa_macro *v)
{
	if (v)
		v->name = v->in_struct = v->for_field = "";
	return v;
}

struct ifa_macro *ifa_measure_add_macro(struct ifa_measure *m)
{
	return blank_value(grow((void **)&m->macros, &m->nmacros, &m->capmacros,
				sizeof(struct ifa_macro)));
}

struct ifa_enum *ifa_measure_add_enum(struct ifa_measure *m)
{
	struct ifa_enum *e = grow((void **)&m->enums, &m->nenums, &m->capenums, sizeof(*e));

	if (e)
		e->name = "";
	return e;
}

struct ifa_macro *ifa_measure_add_value(struct ifa_enum *e)
{
	return blank_value(grow((void **)&e->values, &e->nvalues, &e->capvalues,
				sizeof(struct ifa_macro)));
}

int ifa_measure_add_include(struct ifa_measure *m, const char *path)
{
	const char **slot = grow((void **)&m->includes, &m->nincludes, &m->capincludes,
				 sizeof(*m->includes));

	if (!slot)
		return -1;
	*slot = ifa_measure_str(m, path, (size_t)-1);
	return 0;
}

int ifa_measure_copy_layout(struct ifa_measure *dst, const struct ifa_measure *decls)
{
	size_t i;

	memset(dst, 0, sizeof(*dst));
	dst->borrowed = 1;
	dst->macros = decls->macros;
	dst->nmacros = decls->nmacros;
	dst->enums = decls->enums;
	dst->nenums = decls->nenums;
	if (!decls->nstructs)
		return 0;
	dst->structs = calloc(decls->nstructs, sizeof(*dst->structs));
	if (!dst->structs)
		return -1;
	dst->capstructs = decls->nstructs;
	for (i = 0; i < decls->nstructs; i++) {
		const struct ifa_mstruct *from = &decls->structs[i];
		struct ifa_mstruct *to = &dst->structs[dst->nstructs++];

		*to = *from;
		to->fields = NULL;
		to->capfields = 0;
		if (!from->nfields)
			continue;
		to->fields = malloc(from->nfields * sizeof(*to->fields));
		if (!to->fields) {
			to->nfields = 0;
			return -1;
		}
		memcpy(to->fields, from->fields, from->nfields * sizeof(*to->fields));
		to->capfields = from->nfields;
	}
	return 0;
}

void ifa_measure_free(struct ifa_measure *m)
{
	size_t i;

	for (i = 0; i < m->nstructs; i++)
		free(m->structs[i].fields);
	free(m->structs);
	if (!m->borrowed) {
		for (i = 0; i < m->nenums; i++)
			free(m->enums[i].values);
		free(m->enums);
		free(m->macros);
		free(m->includes);
		for (i = 0; i < m->nstrs; i++)
			free(m->strs[i]);
		free(m->strs);
	}
	memset(m, 0, sizeof(*m));
}

const struct ifa_mstruct *ifa_measure_struct(const struct ifa_measure *m,
					     const char *name)
{
	size_t i;

	for (i = 0; i < m->nstructs; i++)
		if (!strcmp(m->structs[i].name, name))
			return &m->structs[i];
	return NULL;
}

const struct ifa_mfield *ifa_measure_field(const struct ifa_mstruct *s,
					   const char *name)
{
	size_t i;

	for (i = 0; i < s->nfields; i++)
		if (!strcmp(s->fields[i].name, name))
			return &s->fields[i];
	return NULL;
}

unsigned long long ifa_measure_flag_bits(const struct ifa_measure *m, const char *st,
					 const char *field)
{
	unsigned long long bits = 0;
	size_t i;

	for (i = 0; i < m->nmacros; i++)
		if (m->macros[i].has_value && !strcmp(m->macros[i].in_struct, st) &&
		    !strcmp(m->macros[i].for_field, field))
			bits |= m->macros[i].value;
	return bits;
}

const struct ifa_macro *ifa_measure_value(const struct ifa_measure *m,
					  const char *name)
{
	size_t i, j;

	for (i = 0; i < m->nmacros; i++)
		if (!strcmp(m->macros[i].name, name))
			return &m->macros[i];
	for (i = 0; i < m->nenums; i++)
		for (j = 0; j < m->enums[i].nvalues; j++)
			if (!strcmp(m->enums[i].values[j].name, name))
				return &m->enums[i].values[j];
	return NULL;
}

int ifa_gaps(const struct ifa_mstruct *s, struct ifa_gap **out)
{
	unsigned char *covered;
	struct ifa_gap *gaps = NULL;
	size_t n = 0, cap = 0, j;
	long i, start;

	*out = NULL;
	if (s->size <= 0)
		return s->size == 0 ? 0 : -1;
	for (j = 0; j < s->nfields; j++)
		if (!s->fields[j].bitfield && (s->fields[j].offset < 0 || s->fields[j].size < 0))
			return -1;
	covered = calloc((size_t)s->size, 1);
	if (!covered)
		return -1;
	for (j = 0; j < s->nfields; j++) {
		long from, to;
		size_t k;

		if (!s->fields[j].bitfield) {
			from = s->fields[j].offset;
			to = from + s->fields[j].size;
		} else {
			/*
			 * No engine gives a bitfield a byte offset: count every byte
			 * between the whole fields around a run of bitfields as theirs,
			 * so that no hole is ever claimed where they may lie.
			 */
			for (from = 0, k = j; k-- > 0;)
				if (!s->fields[k].bitfield) {
					from = s->fields[k].offset + s->fields[k].size;
					break;
				}
			for (to = s->size, k = j + 1; k < s->nfields; k++)
				if (!s->fields[k].bitfield) {
					to = s->fields[k].offset;
					break;
				}
		}
		for (i = from; i < to && i < s->size; i++)
			covered[i] = 1;
	}
	for (i = 0; i < s->size; i = start) {
		struct ifa_gap *g;

		for (; i < s->size && covered[i]; i++)
			;
		for (start = i; start < s->size && !covered[start]; start++)
			;
		if (start == i)
			break;
		g = grow((void **)&gaps, &n, &cap, sizeof(*g));
		if (!g) {
			free(gaps);
			free(covered);
			return -1;
		}
		g->offset = i;
		g->length = start - i;
		g->tail = start == s->size;
	}
	free(covered);
	*out = gaps;
	return (int)n;
}

const char *ifa_struct_kind(const struct ifa_mstruct *s)
{
	return s->typedef_name ? "" : s->is_union ? "union " : "struct ";
}

const struct ifa_measure *ifa_authority(const struct ifa_abi_result *r)
{
	return r->gcc ? r->gcc : r->clang;
}

/* One predicate for "the same layout": size and every field's offset and size. */
int ifa_same_layout(const struct ifa_mstruct *a, const struct ifa_mstruct *b)
{
	size_t i;

	if (a->size != b->size || a->nfields != b->nfields)
		return 0;
	for (i = 0; i < a->nfields; i++)
		if (a->fields[i].offset != b->fields[i].offset ||
		    a->fields[i].size != b->fields[i].size ||
		    a->fields[i].bitfield != b->fields[i].bitfield)
			return 0;
	return 1;
}
