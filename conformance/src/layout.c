/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ABIs that lay a struct out identically share one column, so the table
 * stays narrow and the odd ABIs out stand apart.
 */
#include "layout.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define MAX_COLS 16

static int same_layout(const struct ifa_mstruct *a, const struct ifa_mstruct *b)
{
	size_t i;

	if (a->size != b->size || a->align != b->align || a->nfields != b->nfields)
		return 0;
	for (i = 0; i < a->nfields; i++)
		if (a->fields[i].offset != b->fields[i].offset ||
		    a->fields[i].size != b->fields[i].size)
			return 0;
	return 1;
}

/* Implicit padding of s as "4@20 2@38(tail)", "none", or "?" when it cannot be mapped. */
static void padding_text(const struct ifa_mstruct *s, char *dst, size_t size)
{
	struct ifa_gap *gaps;
	int n = ifa_gaps(s, &gaps), g;
	size_t used = 0;

	ifa_fmt(dst, size, n < 0 ? "?" : "none");
	for (g = 0; g < n; g++)
		used += (size_t)snprintf(dst + used, size > used ? size - used : 0, "%s%ld@%ld%s",
					 used ? " " : "", gaps[g].length, gaps[g].offset,
					 gaps[g].tail ? "(tail)" : "");
	free(gaps);
}

/* The gap of s that starts where field j ends, or NULL. */
static const struct ifa_gap *gap_after(const struct ifa_mstruct *s, size_t j,
				       struct ifa_gap *gaps, int n)
{
	const struct ifa_mfield *f = &s->fields[j];
	int g;

	for (g = 0; g < n; g++)
		if (!f->bitfield && gaps[g].offset == f->offset + f->size)
			return &gaps[g];
	return NULL;
}

/* A row under field j that marks, in each column, the hole or tail padding that follows it. */
static void hole_row(FILE *out, const struct ifa_mstruct *const *cols, size_t ncols, size_t j)
{
	char cells[MAX_COLS][32];
	size_t c;
	int any = 0;

	for (c = 0; c < ncols; c++) {
		struct ifa_gap *gaps;
		int n = ifa_gaps(cols[c], &gaps);
		const struct ifa_gap *g = n > 0 ? gap_after(cols[c], j, gaps, n) : NULL;

		cells[c][0] = '\0';
		if (g) {
			ifa_fmt(cells[c], sizeof(cells[c]), "%s %ld", g->tail ? "padding" : "hole",
				g->length);
			any = 1;
		}
		free(gaps);
	}
	if (!any)
		return;
	fprintf(out, "  %-45s", "  (implicit)");
	for (c = 0; c < ncols; c++)
		fprintf(out, " %14s", cells[c]);
	fputc('\n', out);
}

static void print_struct(FILE *out, const struct ifa_run *run, const struct ifa_mstruct *decl)
{
	const struct ifa_mstruct *cols[MAX_COLS];
	char abis[MAX_COLS][512];
	size_t ncols = 0, a, c, j;

	memset(abis, 0, sizeof(abis));
	for (a = 0; a < run->n; a++) {
		const struct ifa_measure *m = ifa_authority(&run->r[a]);
		const struct ifa_mstruct *s = m ? ifa_measure_struct(m, decl->name) : NULL;
		size_t used;

		if (!s)
			continue;
		for (c = 0; c < ncols && !same_layout(cols[c], s); c++)
			;
		if (c == ncols) {
			if (ncols == MAX_COLS)
				continue;
			cols[ncols++] = s;
		}
		used = strlen(abis[c]);
		ifa_fmt(abis[c] + used, sizeof(abis[c]) - used, "%s%s", used ? " " : "",
			run->r[a].abi->name);
	}
	fprintf(out, "%s%s\n", ifa_struct_kind(decl), decl->name);
	for (c = 0; c < ncols; c++)
		fprintf(out, "  [%zu] %s\n", c + 1, abis[c]);
	fprintf(out, "  %-18s %-26s", "field", "type");
	for (c = 0; c < ncols; c++) {
		char h[24];

		ifa_fmt(h, sizeof(h), "[%zu] off+size", c + 1);
		fprintf(out, " %14s", h);
	}
	fputc('\n', out);
	for (j = 0; j < decl->nfields; j++) {
		fprintf(out, "  %-18s %-26s", decl->fields[j].name, decl->fields[j].type);
		for (c = 0; c < ncols; c++) {
			char cell[32];
			const struct ifa_mfield *f = &cols[c]->fields[j];

			if (f->bitfield)
				ifa_fmt(cell, sizeof(cell), ":%d bits", f->bitfield);
			else
				ifa_fmt(cell, sizeof(cell), "%ld+%ld", f->offset, f->size);
			fprintf(out, " %14s", cell);
		}
		fputc('\n', out);
		hole_row(out, cols, ncols, j);
	}
	fprintf(out, "  %-45s", "size, alignment");
	for (c = 0; c < ncols; c++) {
		char cell[32];

		ifa_fmt(cell, sizeof(cell), "%ld, %ld", cols[c]->size, cols[c]->align);
		fprintf(out, " %14s", cell);
	}
	fprintf(out, "\n  %-45s", "implicit padding (bytes@offset)");
	for (c = 0; c < ncols; c++) {
		char cell[128];

		padding_text(cols[c], cell, sizeof(cell));
		fprintf(out, " %14s", cell);
	}
	fprintf(out, "\n\n");
}

int ifa_layout_print(FILE *out, const struct ifa_run *run, const char *struct_name)
{
	size_t i;
	int found = 0;

	for (i = 0; i < run->decls->nstructs; i++) {
		if (struct_name && strcmp(run->decls->structs[i].name, struct_name))
			continue;
		print_struct(out, run, &run->decls->structs[i]);
		found = 1;
	}
	for (i = 0; i < run->n; i++)
		if (!ifa_authority(&run->r[i]))
			fprintf(out, "skipped %s: %s\n", run->r[i].abi->name, run->r[i].reason);
	return found ? 0 : -1;
}
