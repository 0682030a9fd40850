/* SPDX-License-Identifier: GPL-2.0 */
#include "measure.h"

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
