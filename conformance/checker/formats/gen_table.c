/* SPDX-License-Identifier: GPL-2.0 */
#include "gen_table.h"

#include <string.h>

/* The struct whose field `member` has the type `struct name` (the union's container). */
static const char *container_of_member(const struct ifa_spec *spec, const char *member,
				       const char *name)
{
	char type[IFA_NAME_MAX + 8];
	size_t i, j;

	snprintf(type, sizeof(type), "struct %s", name);
	for (i = 0; i < spec->nstructs; i++)
		for (j = 0; j < spec->structs[i].nfields; j++)
			if (!strcmp(spec->structs[i].fields[j].name, member) &&
			    !strcmp(spec->structs[i].fields[j].type, type))
				return spec->structs[i].name;
	return NULL;
}

void ifa_gen_table(FILE *out, const struct ifa_spec *spec, const char *spec_name)
{
	size_t i, j;

	fprintf(out, "/* Generated from %s by `make regen`. Do not edit. */\n", spec_name);
	fprintf(out, "static const struct spec_struct_case spec_structs[] = {\n");
	for (i = 0; i < spec->nstructs; i++) {
		const struct ifa_spec_struct *s = &spec->structs[i];

		fprintf(out, "\t{ \"%s\", \"%s\", %ld, %ld, sizeof(struct %s), __alignof__(struct %s) },\n",
			s->rule, s->name, s->size, s->align, s->name, s->name);
	}
	fprintf(out, "};\n\nstatic const struct spec_field_case spec_fields[] = {\n");
	for (i = 0; i < spec->nstructs; i++) {
		const struct ifa_spec_struct *s = &spec->structs[i];

		for (j = 0; j < s->nfields; j++)
			fprintf(out, "\t{ \"%s\", \"%s\", \"%s\", %ld, %ld, offsetof(struct %s, %s), sizeof(((struct %s *)0)->%s) },\n",
				s->rule, s->name, s->fields[j].name, s->fields[j].offset,
				s->fields[j].size, s->name, s->fields[j].name, s->name,
				s->fields[j].name);
	}
	fprintf(out, "};\n\nstatic const struct spec_const_case spec_consts[] = {\n");
	for (i = 0; i < spec->ntables; i++)
		for (j = 0; j < spec->tables[i].nconsts; j++)
			fprintf(out, "\t{ \"%s\", \"%s\", %lluULL, (unsigned long long)(%s) },\n",
				spec->tables[i].rule, spec->tables[i].consts[j].name,
				spec->tables[i].consts[j].value, spec->tables[i].consts[j].name);
	fprintf(out, "};\n\nstatic const struct spec_budget_case spec_budget[] = {\n");
	for (i = 0; i < spec->nbudget; i++) {
		const struct ifa_spec_budget *b = &spec->budget[i];
		const char *c = container_of_member(spec, b->member, b->struct_name);

		if (!c)
			continue;
		fprintf(out, "\t{ \"%s\", \"%s\", %ld, sizeof(((struct %s *)0)->%s) },\n",
			spec->budget_rule, b->member, b->budget, c, b->member);
	}
	fprintf(out, "};\n");
}
