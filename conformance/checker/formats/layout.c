/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ABIs that lay a struct out identically share one column, so the table
 * stays narrow and the odd ABIs out stand apart.
 */
#include "layout.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* One column per layout: ifa_same_layout, and the same alignment. */
static int same_column(const struct ifa_mstruct *a, const struct ifa_mstruct *b)
{
	return ifa_same_layout(a, b) && a->align == b->align;
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
	char (*cells)[32] = calloc(ncols ? ncols : 1, sizeof(*cells));
	size_t c;
	int any = 0;

	if (!cells)
		return;
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
	if (any) {
		fprintf(out, "  %-45s", "  (implicit)");
		for (c = 0; c < ncols; c++)
			fprintf(out, " %14s", cells[c]);
		fputc('\n', out);
	}
	free(cells);
}

static void print_struct(FILE *out, const struct ifa_run *run, const struct ifa_mstruct *decl)
{
	/* At most one column per ABI. */
	const struct ifa_mstruct **cols = calloc(run->n ? run->n : 1, sizeof(*cols));
	struct ifa_str *abis = calloc(run->n ? run->n : 1, sizeof(*abis));
	size_t ncols = 0, a, c, j;

	if (!cols || !abis) {
		free(cols);
		free(abis);
		return;
	}
	for (a = 0; a < run->n; a++) {
		const struct ifa_measure *m = ifa_authority(&run->r[a]);
		const struct ifa_mstruct *s = m ? ifa_measure_struct(m, decl->name) : NULL;

		if (!s)
			continue;
		for (c = 0; c < ncols && !same_column(cols[c], s); c++)
			;
		if (c == ncols)
			cols[ncols++] = s;
		ifa_str_add(&abis[c], "%s%s", abis[c].len ? " " : "", run->r[a].abi->name);
	}
	fprintf(out, "%s%s\n", ifa_struct_kind(decl), decl->name);
	for (c = 0; c < ncols; c++)
		fprintf(out, "  [%zu] %s\n", c + 1, ifa_str_get(&abis[c]));
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
	for (c = 0; c < run->n; c++)
		ifa_str_free(&abis[c]);
	free(abis);
	free(cols);
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
