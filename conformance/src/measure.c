/* SPDX-License-Identifier: GPL-2.0 */
#include "measure.h"

#include <stdio.h>

#include <stdlib.h>
#include <string.h>

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

int ifa_gaps(const struct ifa_mstruct *s, struct ifa_gap *out, int max)
{
	unsigned char *covered;
	long i, start;
	size_t j;
	int n = 0;

	if (s->size <= 0)
		return -1;
	for (j = 0; j < s->nfields; j++)
		if (s->fields[j].bitfield || s->fields[j].offset < 0 || s->fields[j].size < 0)
			return -1;
	covered = calloc((size_t)s->size, 1);
	if (!covered)
		return -1;
	for (j = 0; j < s->nfields; j++)
		for (i = s->fields[j].offset; i < s->fields[j].offset + s->fields[j].size && i < s->size; i++)
			covered[i] = 1;
	for (i = 0; i < s->size && n < max; i = start) {
		for (; i < s->size && covered[i]; i++)
			;
		for (start = i; start < s->size && !covered[start]; start++)
			;
		if (start == i)
			break;
		out[n].offset = i;
		out[n].length = start - i;
		out[n].tail = start == s->size;
		n++;
	}
	free(covered);
	return n;
}

void ifa_struct_ctype(const struct ifa_mstruct *s, char *dst, size_t size)
{
	snprintf(dst, size, "%s%s", s->typedef_name ? "" : s->is_union ? "union " : "struct ",
		 s->name);
}
