/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Byte maps. A struct is drawn once per layout, with the ABIs that share
 * it named above the row, so that the ABIs that lay it out differently
 * stand apart. Members of a union (or of an anonymous union) overlap: each
 * goes on its own lane of the row. Every name in a picture comes from the
 * header, so every one is escaped for XML.
 */
#include "svg.h"
#include "emit.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Geometry, in pixels. */
#define PAD 12
#define TITLE_H 26
#define LINE_H 14
#define LANE_H 24
#define AXIS_H 18
#define ROW_GAP 10
#define BUDGET_H 42
#define LEGEND_H 26
#define MAP_MAX 960.0
#define BYTE_MAX 28.0
#define MIN_W 640
#define CHAR_W 6.7		/* of the 11px monospace font */

/* Colours: fields alternate two blues so that neighbours stand apart. */
#define C_FIELD_A "#9ec5ef"
#define C_FIELD_B "#c6dcf5"
#define C_RESERVED "#d9d9d9"
#define C_BITFIELD "#c9b3e6"
#define C_HOLE "#e15759"
#define C_TAIL "#f28e2b"
#define C_LEFT "#8cd17d"
#define C_STROKE "#33475b"

enum item_kind { K_FIELD, K_RESERVED, K_BITFIELDS, K_FLEXIBLE, K_HOLE, K_TAIL };

/* One thing drawn on a row: a field, a run of bitfields, or a gap. */
struct item {
	enum item_kind kind;
	long from, to;		/* bytes */
	size_t first, last;	/* fields of the decl it stands for (gaps: none) */
	int lane;
};

struct row {
	const struct ifa_mstruct *s;
	struct ifa_str abis;
	size_t nabis;
	struct item *items;
	size_t nitems;
	int nlanes;
	int unmapped;		/* fields without a measured offset: not all drawn */
};

/* The growth budget of a union: its padding member beyond the largest other member. */
struct budget {
	const char *pad, *largest;	/* field names */
	long offset, size, used;
};

struct pic {
	const struct ifa_mstruct *decl;
	struct row *rows;
	size_t nrows;
	struct budget *budgets;
	size_t nbudgets;
	long size;		/* the largest over the rows */
	double scale;		/* pixels per byte */
	long width, height;
};

enum ifa_picture ifa_picture_parse(const char *format)
{
	if (!format)
		return IFA_PIC_NONE;
	if (!strcmp(format, "svg"))
		return IFA_PIC_SVG;
	if (!strcmp(format, "html"))
		return IFA_PIC_HTML;
	return IFA_PIC_NONE;
}

/* Space that carries no data by its name: padding2, __reserved, rsvd, pad. */
static int reserved_name(const char *name)
{
	while (*name == '_')
		name++;
	return !strncasecmp(name, "pad", 3) || !strncasecmp(name, "reserved", 8) ||
	       !strncasecmp(name, "resv", 4) || !strncasecmp(name, "rsvd", 4) ||
	       !strncasecmp(name, "unused", 6) || !strncasecmp(name, "spare", 5);
}

/* --- planning --------------------------------------------------------------- */

static int add_item(struct row *r, size_t *cap, enum item_kind kind, long from, long to,
		    size_t first, size_t last)
{
	if (r->nitems == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct item *n = realloc(r->items, ncap * sizeof(*n));

		if (!n)
			return -1;
		r->items = n;
		*cap = ncap;
	}
	r->items[r->nitems++] = (struct item){ kind, from, to, first, last, 0 };
	return 0;
}

/* The items of one row: its fields in order, runs of bitfields as one, then its gaps. */
static int plan_items(struct row *r, const struct ifa_mstruct *decl)
{
	const struct ifa_mstruct *s = r->s;
	size_t n = s->nfields < decl->nfields ? s->nfields : decl->nfields, cap = 0, j, k;
	struct ifa_gap *gaps;
	long *lane_end = NULL;
	int ngaps, g;

	for (j = 0; j < n; j = k) {
		const struct ifa_mfield *f = &s->fields[j];

		k = j + 1;
		if (f->bitfield) {
			long from = 0, to = s->size;
			size_t p;

			while (k < n && s->fields[k].bitfield)
				k++;
			/* No engine gives a bitfield a byte offset: the bytes between whole fields. */
			for (p = j; p-- > 0;)
				if (!s->fields[p].bitfield && s->fields[p].offset >= 0) {
					from = s->fields[p].offset + s->fields[p].size;
					break;
				}
			for (p = k; p < n; p++)
				if (!s->fields[p].bitfield && s->fields[p].offset >= 0) {
					to = s->fields[p].offset;
					break;
				}
			if (add_item(r, &cap, K_BITFIELDS, from, to > from ? to : from, j, k - 1))
				return -1;
			continue;
		}
		if (f->offset < 0 || f->size < 0) {
			r->unmapped = 1;
			continue;
		}
		if (add_item(r, &cap, f->flexible || !f->size ? K_FLEXIBLE :
			     reserved_name(decl->fields[j].name) ? K_RESERVED : K_FIELD,
			     f->offset, f->offset + f->size, j, j))
			return -1;
	}
	/* Lanes: each item on the first lane free at its start, so union members stack. */
	lane_end = calloc(r->nitems + 1, sizeof(*lane_end));
	if (!lane_end)
		return -1;
	for (j = 0; j < r->nitems; j++) {
		struct item *it = &r->items[j];
		int l;

		for (l = 0; l < r->nlanes && lane_end[l] > it->from; l++)
			;
		if (l == r->nlanes)
			r->nlanes++;
		it->lane = l;
		lane_end[l] = it->to > it->from ? it->to : it->from + (it->kind == K_FLEXIBLE);
	}
	free(lane_end);
	if (!r->nlanes)
		r->nlanes = 1;
	ngaps = ifa_gaps(s, &gaps);
	for (g = 0; g < ngaps; g++)
		if (add_item(r, &cap, gaps[g].tail ? K_TAIL : K_HOLE, gaps[g].offset,
			     gaps[g].offset + gaps[g].length, 0, 0)) {
			free(gaps);
			return -1;
		}
	free(gaps);
	return 0;
}

/* Whether field k of decl is a member of the union of field j (the struct's own, or an anonymous one). */
static int same_union(const struct ifa_mstruct *decl, size_t j, size_t k)
{
	return decl->is_union || (decl->fields[j].union_group > 0 &&
				  decl->fields[k].union_group == decl->fields[j].union_group);
}

/*
 * The budgets of decl's padded unions: a union whose largest member is
 * named as padding (padding2) is the room its other members may grow into.
 */
static int plan_budgets(struct pic *p)
{
	const struct ifa_mstruct *decl = p->decl, *s = p->rows[0].s;
	size_t n = s->nfields < decl->nfields ? s->nfields : decl->nfields, j, k;

	p->budgets = calloc(n + 1, sizeof(*p->budgets));
	if (!p->budgets)
		return -1;
	for (j = 0; j < n; j++) {
		size_t big = n, used_k = n, r;
		long used = -1;

		if (!same_union(decl, j, j))
			continue;
		/* Each union once: at its first member. */
		for (k = 0; k < j && !same_union(decl, j, k); k++)
			;
		if (k < j)
			continue;
		for (k = j; k < n; k++)
			if (same_union(decl, j, k) && !s->fields[k].bitfield &&
			    (big == n || s->fields[k].size > s->fields[big].size))
				big = k;
		if (big == n || !reserved_name(decl->fields[big].name))
			continue;
		/* The largest other member over every layout: what the budget holds now. */
		for (r = 0; r < p->nrows; r++) {
			const struct ifa_mstruct *rs = p->rows[r].s;

			for (k = j; k < n && k < rs->nfields; k++)
				if (k != big && same_union(decl, j, k) && !rs->fields[k].bitfield &&
				    rs->fields[k].size > used) {
					used = rs->fields[k].size;
					used_k = k;
				}
		}
		if (used_k == n)
			continue;
		p->budgets[p->nbudgets++] = (struct budget){
			decl->fields[big].name, decl->fields[used_k].name,
			s->fields[big].offset, s->fields[big].size, used,
		};
		if (decl->is_union)
			break;
	}
	return 0;
}

/*
 * Words of list wrapped to at most width characters a line: printed as
 * <text> lines from y when out is not NULL; returns the number of lines.
 */
static size_t wrap_words(FILE *out, const char *list, size_t width, double x, double y,
			 const char *cls)
{
	const char *p = list;
	size_t lines = 0;

	while (*p) {
		const char *start = p, *end = p, *q;

		/* Whole words up to the width; a longer word goes alone on its line. */
		for (q = p;;) {
			const char *w = q;

			while (*w == ' ')
				w++;
			if (!*w)
				break;
			while (*w && *w != ' ')
				w++;
			if ((size_t)(w - start) > width && end != start)
				break;
			end = q = w;
		}
		if (out) {
			fprintf(out, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\">", cls, x,
				y + (double)lines * LINE_H);
			{
				char *line = strndup(start, (size_t)(end - start));

				ifa_xml_str(out, line ? line : "");
				free(line);
			}
			fprintf(out, "</text>\n");
		}
		lines++;
		p = end;
		while (*p == ' ')
			p++;
	}
	return lines;
}

static void label_of(const struct row *r, char *dst, size_t size, size_t index)
{
	ifa_fmt(dst, size, "[%zu] %ld bytes, alignment %ld, %zu ABI%s:", index + 1, r->s->size,
		r->s->align, r->nabis, r->nabis == 1 ? "" : "s");
}

static size_t label_chars(const struct pic *p)
{
	return (size_t)((double)(p->width - 2 * PAD) / CHAR_W);
}

static void pic_free(struct pic *p)
{
	size_t r;

	for (r = 0; r < p->nrows; r++) {
		ifa_str_free(&p->rows[r].abis);
		free(p->rows[r].items);
	}
	free(p->rows);
	free(p->budgets);
	memset(p, 0, sizeof(*p));
}

/* The layouts a picture is drawn from: what each ABI measured. */
struct layouts {
	const struct ifa_abi_result *r;
	size_t n;
	const struct ifa_measure *const *m;	/* per ABI, NULL where not measured; NULL: authorities */
};

static const struct ifa_mstruct *layout_of(const struct layouts *l, size_t a, const char *name)
{
	const struct ifa_measure *m = l->m ? l->m[a] : ifa_authority(&l->r[a]);

	return m ? ifa_measure_struct(m, name) : NULL;
}

/*
 * The plan of decl's picture: rows, lanes, budgets and the size of it all;
 * span > 0: at least that many bytes wide, a scale shared with another picture.
 */
static int pic_plan(struct pic *p, const struct layouts *l, const struct ifa_mstruct *decl,
		    long span)
{
	size_t a, r;
	long bytes;

	memset(p, 0, sizeof(*p));
	p->decl = decl;
	p->rows = calloc(l->n ? l->n : 1, sizeof(*p->rows));
	if (!p->rows)
		return -1;
	for (a = 0; a < l->n; a++) {
		const struct ifa_mstruct *s = layout_of(l, a, decl->name);

		if (!s)
			continue;
		for (r = 0; r < p->nrows; r++)
			if (ifa_same_layout(p->rows[r].s, s) && p->rows[r].s->align == s->align)
				break;
		if (r == p->nrows)
			p->rows[p->nrows++].s = s;
		ifa_str_add(&p->rows[r].abis, "%s%s", p->rows[r].abis.len ? " " : "",
			    l->r[a].abi->name);
		p->rows[r].nabis++;
	}
	for (r = 0; r < p->nrows; r++) {
		if (plan_items(&p->rows[r], decl))
			goto fail;
		if (p->rows[r].s->size > p->size)
			p->size = p->rows[r].s->size;
	}
	if (p->nrows && plan_budgets(p))
		goto fail;
	bytes = span > p->size ? span : p->size;
	p->scale = bytes > 0 ? MAP_MAX / (double)bytes : BYTE_MAX;
	if (p->scale > BYTE_MAX)
		p->scale = BYTE_MAX;
	p->width = PAD * 2 + (long)(p->scale * (double)(bytes > 0 ? bytes : 0)) + 30;
	if (p->width < MIN_W)
		p->width = MIN_W;
	p->height = TITLE_H;
	for (r = 0; r < p->nrows; r++) {
		char label[96];
		struct ifa_str text = { 0 };

		label_of(&p->rows[r], label, sizeof(label), r);
		ifa_str_add(&text, "%s %s", label, ifa_str_get(&p->rows[r].abis));
		p->height += (long)wrap_words(NULL, ifa_str_get(&text), label_chars(p), 0, 0, "") *
			     LINE_H + 4 + p->rows[r].nlanes * LANE_H + AXIS_H + ROW_GAP;
		ifa_str_free(&text);
	}
	if (!p->nrows)
		p->height += LINE_H + ROW_GAP;
	p->height += (long)p->nbudgets * BUDGET_H + LEGEND_H;
	return 0;
fail:
	pic_free(p);
	return -1;
}

/* --- drawing ---------------------------------------------------------------- */

static double xpos(const struct pic *p, long byte)
{
	return PAD + p->scale * (double)byte;
}

/* text centred in a box of width w at (x, y), cut with an ellipsis, or left out when nothing fits. */
static void box_text(FILE *out, const char *text, double x, double y, double w, const char *cls)
{
	size_t len = strlen(text), fit = w > 4 ? (size_t)((w - 4) / CHAR_W) : 0;
	char *cut;

	if (!fit || (len > fit && fit < 3))
		return;
	cut = strndup(text, len > fit ? fit - 1 : len);
	if (!cut)
		return;
	fprintf(out, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", cls,
		x + w / 2, y);
	ifa_xml_str(out, cut);
	fprintf(out, "%s</text>\n", len > fit ? "\xe2\x80\xa6" : "");
	free(cut);
}

static const char *item_class(enum item_kind k)
{
	static const char *const names[] = { "field", "reserved", "bitfield", "flexible", "hole",
					     "tail" };
	return names[k];
}

static const char *item_fill(enum item_kind k, size_t index)
{
	switch (k) {
	case K_FIELD: return index % 2 ? C_FIELD_B : C_FIELD_A;
	case K_RESERVED: return C_RESERVED;
	case K_BITFIELDS: return C_BITFIELD;
	case K_FLEXIBLE: return "#555555";
	case K_HOLE: return C_HOLE;
	case K_TAIL: return C_TAIL;
	}
	return "#ffffff";
}

static void draw_item(FILE *out, const struct pic *p, const struct row *r, const struct item *it,
		      size_t index, double top)
{
	const struct ifa_mstruct *decl = p->decl;
	double x = xpos(p, it->from), w = p->scale * (double)(it->to - it->from);
	int gap = it->kind == K_HOLE || it->kind == K_TAIL;
	double y = gap ? top : top + it->lane * LANE_H;
	double h = gap ? (double)r->nlanes * LANE_H : LANE_H;
	struct ifa_str name = { 0 };
	size_t j;

	if (gap)
		ifa_str_add(&name, "%s %ld", it->kind == K_HOLE ? "hole" : "tail", it->to - it->from);
	else
		for (j = it->first; j <= it->last; j++)
			ifa_str_add(&name, "%s%s", j > it->first ? "," : "", decl->fields[j].name);
	if (it->kind == K_FLEXIBLE) {
		fprintf(out, "<g class=\"flexible\"><rect x=\"%.1f\" y=\"%.1f\" width=\"3\" "
			"height=\"%d\" fill=\"%s\"/>", x - 1, y, LANE_H, item_fill(it->kind, index));
	} else {
		fprintf(out, "<g class=\"%s\"><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			"height=\"%.1f\" fill=\"%s\" stroke=\"%s\" stroke-width=\"%s\"/>",
			item_class(it->kind), x, y, w > 0.5 ? w : 0.5, h, item_fill(it->kind, index),
			C_STROKE, gap ? "0.5" : "1");
	}
	fprintf(out, "<title>");
	if (gap) {
		fprintf(out, "%s: %ld byte%s of implicit padding at offset %ld",
			it->kind == K_HOLE ? "hole" : "tail padding", it->to - it->from,
			it->to - it->from == 1 ? "" : "s", it->from);
	} else {
		for (j = it->first; j <= it->last; j++) {
			const struct ifa_mfield *f = &r->s->fields[j];

			if (j > it->first)
				fputs("; ", out);
			ifa_xml_str(out, decl->fields[j].type);
			fputc(' ', out);
			ifa_xml_str(out, decl->fields[j].name);
			if (f->bitfield)
				fprintf(out, ":%d", f->bitfield);
		}
		if (it->kind == K_BITFIELDS)
			fprintf(out, ": bitfields within bytes %ld to %ld", it->from, it->to);
		else
			fprintf(out, ": offset %ld, size %ld", it->from, it->to - it->from);
	}
	fprintf(out, "</title>");
	if (it->kind != K_FLEXIBLE)
		box_text(out, ifa_str_get(&name), x, y + (gap ? h / 2 + 4 : 16), w,
			 gap ? "gap-label" : "label");
	fprintf(out, "</g>\n");
	ifa_str_free(&name);
}

/* Ticks under a row: every power of two of bytes that leaves room for its number. */
static void draw_axis(FILE *out, const struct pic *p, long size, double y)
{
	long step = 1, b;
	double end = xpos(p, size);

	while (p->scale * (double)step < 34)
		step *= 2;
	fprintf(out, "<g class=\"axis\"><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
		"stroke=\"#777\"/>\n", xpos(p, 0), y, end, y);
	for (b = 0; b <= size; b += step) {
		double x = xpos(p, b);

		fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#777\"/>",
			x, y, x, y + 4);
		if (b == 0 || end - x > 24)
			fprintf(out, "<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" "
				"text-anchor=\"middle\">%ld</text>\n", x, y + 13, b);
	}
	fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#777\"/>"
		"<text class=\"tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%ld</text></g>\n",
		end, y, end, y + 4, end, y + 13, size);
}

static void draw_budget(FILE *out, const struct pic *p, const struct budget *b, double y)
{
	double x = xpos(p, b->offset), used = p->scale * (double)b->used;
	double all = p->scale * (double)b->size;
	long left = b->size - b->used;

	fprintf(out, "<g class=\"budget\"><text class=\"budget-label\" x=\"%.1f\" y=\"%.1f\">"
		"growth budget: ", x, y + 11);
	ifa_xml_str(out, b->pad);
	fprintf(out, ", %ld bytes; ", b->size);
	ifa_xml_str(out, b->largest);
	fprintf(out, " uses %ld, %ld left</text>\n", b->used, left);
	fprintf(out, "<rect class=\"budget-used\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"16\" "
		"fill=\"%s\" stroke=\"%s\"><title>", x, y + 16, used < all ? used : all, C_FIELD_A,
		C_STROKE);
	ifa_xml_str(out, b->largest);
	fprintf(out, ": %ld bytes used</title></rect>\n", b->used);
	if (left > 0) {
		fprintf(out, "<rect class=\"budget-left\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			"height=\"16\" fill=\"%s\" stroke=\"%s\"><title>%ld bytes left for growth"
			"</title></rect>\n", x + used, y + 16, all - used, C_LEFT, C_STROKE, left);
		box_text(out, "left", x + used, y + 28, all - used, "label");
	}
	fprintf(out, "</g>\n");
}

static void draw_legend(FILE *out, double y)
{
	static const struct { const char *fill, *text; } keys[] = {
		{ C_FIELD_A, "field" }, { C_RESERVED, "reserved (named padding)" },
		{ C_BITFIELD, "bitfields" }, { C_HOLE, "hole" }, { C_TAIL, "tail padding" },
		{ C_LEFT, "budget left" },
	};
	double x = PAD;
	size_t k;

	fprintf(out, "<g class=\"legend\">");
	for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"%s\" "
			"stroke=\"%s\"/><text class=\"tick\" x=\"%.1f\" y=\"%.1f\">%s</text>", x, y,
			keys[k].fill, C_STROKE, x + 16, y + 10, keys[k].text);
		x += 24 + CHAR_W * 0.85 * (double)strlen(keys[k].text);
	}
	fprintf(out, "</g>\n");
}

static void pic_draw(FILE *out, const struct pic *p, double y0, int nested)
{
	const struct ifa_mstruct *decl = p->decl;
	double y = TITLE_H;
	size_t r, i;

	if (nested)
		fprintf(out, "<svg class=\"bytemap\" x=\"0\" y=\"%.1f\" ", y0);
	else
		fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bytemap\" ");
	fprintf(out, "width=\"%ld\" height=\"%ld\" viewBox=\"0 0 %ld %ld\" "
		"font-family=\"monospace\" font-size=\"11\">\n", p->width, p->height, p->width,
		p->height);
	fprintf(out, "<title>");
	ifa_xml_str(out, ifa_struct_kind(decl));
	ifa_xml_str(out, decl->name);
	fprintf(out, "</title>\n<text class=\"struct-name\" x=\"%d\" y=\"17\" font-size=\"14\" "
		"font-weight=\"bold\">", PAD);
	ifa_xml_str(out, ifa_struct_kind(decl));
	ifa_xml_str(out, decl->name);
	fprintf(out, "</text>\n");
	if (!p->nrows) {
		fprintf(out, "<text class=\"note\" x=\"%d\" y=\"%.1f\">measured on no ABI</text>\n",
			PAD, y + 11);
		y += LINE_H + ROW_GAP;
	}
	for (r = 0; r < p->nrows; r++) {
		const struct row *row = &p->rows[r];
		struct ifa_str text = { 0 };
		char label[96];
		double top;

		label_of(row, label, sizeof(label), r);
		ifa_str_add(&text, "%s %s", label, ifa_str_get(&row->abis));
		fprintf(out, "<g class=\"abi-row\" data-abis=\"");
		ifa_xml_str(out, ifa_str_get(&row->abis));
		fprintf(out, "\">\n");
		top = y + 4 + (double)wrap_words(out, ifa_str_get(&text), label_chars(p), PAD, y + 10,
						 "abis") * LINE_H;
		ifa_str_free(&text);
		for (i = 0; i < row->nitems; i++)
			if (row->items[i].kind != K_FLEXIBLE)
				draw_item(out, p, row, &row->items[i], i, top);
		for (i = 0; i < row->nitems; i++)
			if (row->items[i].kind == K_FLEXIBLE)
				draw_item(out, p, row, &row->items[i], i, top);
		if (row->unmapped)
			fprintf(out, "<text class=\"note\" x=\"%.1f\" y=\"%.1f\">(fields without a "
				"measured offset are not drawn)</text>\n", xpos(p, row->s->size) + 34,
				top + 16);
		top += row->nlanes * LANE_H;
		draw_axis(out, p, row->s->size > 0 ? row->s->size : 0, top + 1);
		fprintf(out, "</g>\n");
		y = top + AXIS_H + ROW_GAP;
	}
	for (i = 0; i < p->nbudgets; i++, y += BUDGET_H)
		draw_budget(out, p, &p->budgets[i], y);
	draw_legend(out, y + 4);
	fprintf(out, "</svg>\n");
}

void ifa_svg_struct_on(FILE *out, const struct ifa_abi_result *abis, size_t n,
		       const struct ifa_measure *const *layouts, const struct ifa_mstruct *decl,
		       long span)
{
	struct layouts l = { abis, n, layouts };
	struct pic p;

	if (pic_plan(&p, &l, decl, span)) {
		fprintf(out, "<p class=\"note\">out of memory drawing this struct</p>\n");
		return;
	}
	pic_draw(out, &p, 0, 0);
	pic_free(&p);
}

void ifa_svg_struct(FILE *out, const struct ifa_run *run, const struct ifa_mstruct *decl)
{
	ifa_svg_struct_on(out, run->r, run->n, NULL, decl, 0);
}

void ifa_html_layout_groups(FILE *out, const struct ifa_run *run, const struct ifa_mstruct *decl)
{
	struct layouts l = { run->r, run->n, NULL };
	struct pic p;
	size_t r;

	if (pic_plan(&p, &l, decl, 0))
		return;
	fprintf(out, "<ul class=\"layouts\">\n");
	for (r = 0; r < p.nrows; r++) {
		fprintf(out, "<li>[%zu] %ld bytes, alignment %ld: ", r + 1, p.rows[r].s->size,
			p.rows[r].s->align);
		ifa_xml_str(out, ifa_str_get(&p.rows[r].abis));
		fprintf(out, "</li>\n");
	}
	if (!p.nrows)
		fprintf(out, "<li>measured on no ABI</li>\n");
	fprintf(out, "</ul>\n");
	pic_free(&p);
}

/* --- documents -------------------------------------------------------------- */

static const char style[] =
	"body{font-family:system-ui,sans-serif;max-width:1060px;margin:1.5em auto;padding:0 1em;"
	"color:#1d2733;line-height:1.45}\n"
	"h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccd;padding-top:.6em}\n"
	"code,pre,td.mono{font-family:ui-monospace,monospace;font-size:.92em}\n"
	"table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #ccd;padding:.2em .5em;"
	"vertical-align:top;text-align:left}th{background:#eef1f6}td.rule{white-space:nowrap}\n"
	"svg.bytemap{display:block;margin:.6em 0;max-width:100%;height:auto}\n"
	"svg text.label,svg text.gap-label{fill:#102030}svg text.abis{fill:#3a4a5a}\n"
	"svg text.tick{fill:#555;font-size:9px}svg text.note{fill:#a33}\n"
	".pass{color:#2a7a2a;font-weight:bold}.fail{color:#b22;font-weight:bold}"
	".skipped{color:#777}.MUST{color:#b22;font-weight:bold}.SHOULD{color:#b60}.info{color:#557}\n"
	"ul.layouts{font-size:.9em;color:#3a4a5a}\n"
	/* diff: the classes of change, and each family's maps old beside new */
	".breaking{color:#b22;font-weight:bold}.new-version{color:#b60;font-weight:bold}"
	".source-only{color:#557}.compatible{color:#2a7a2a}\n"
	"div.sides{display:grid;grid-template-columns:1fr 1fr;gap:1em}"
	"div.sides figure{margin:0;min-width:0}figcaption{font-weight:bold;color:#3a4a5a}"
	"p.abis{margin:.8em 0 0;font-family:ui-monospace,monospace;font-size:.92em}\n";

void ifa_html_begin(FILE *out, const char *title)
{
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
		"<title>");
	ifa_xml_str(out, title);
	fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", style);
}

void ifa_html_end(FILE *out)
{
	fprintf(out, "</body>\n</html>\n");
}

void ifa_html_struct_section(FILE *out, const struct ifa_mstruct *decl, const char *cls)
{
	fprintf(out, "<section%s%s%s id=\"struct-", cls ? " class=\"" : "", cls ? cls : "",
		cls ? "\"" : "");
	ifa_xml_str(out, decl->name);
	fprintf(out, "\">\n<h2>");
	ifa_xml_str(out, ifa_struct_kind(decl));
	ifa_xml_str(out, decl->name);
	fprintf(out, "</h2>\n");
}

static void skipped_list(FILE *out, const struct ifa_run *run, int html, double y, size_t chars)
{
	size_t i, lines = 0;

	for (i = 0; i < run->n; i++) {
		struct ifa_str text = { 0 };

		if (ifa_authority(&run->r[i]))
			continue;
		ifa_str_add(&text, "skipped %s: %s", run->r[i].abi->name, run->r[i].reason);
		if (html) {
			fprintf(out, "<p class=\"skipped\">");
			ifa_xml_str(out, ifa_str_get(&text));
			fprintf(out, "</p>\n");
		} else {
			lines += wrap_words(out, ifa_str_get(&text), chars, PAD,
					    y + (double)lines * LINE_H, "note");
		}
		ifa_str_free(&text);
	}
}

static size_t skipped_lines(const struct ifa_run *run, size_t chars)
{
	size_t i, lines = 0;

	for (i = 0; i < run->n; i++) {
		struct ifa_str text = { 0 };

		if (ifa_authority(&run->r[i]))
			continue;
		ifa_str_add(&text, "skipped %s: %s", run->r[i].abi->name, run->r[i].reason);
		lines += wrap_words(NULL, ifa_str_get(&text), chars, 0, 0, "");
		ifa_str_free(&text);
	}
	return lines;
}

static int layout_svg(FILE *out, const struct ifa_run *run, const char *struct_name)
{
	struct pic *pics = calloc(run->decls->nstructs + 1, sizeof(*pics));
	struct layouts l = { run->r, run->n, NULL };
	size_t i, n = 0;
	long width = MIN_W, height = 30;
	double y;
	int rc = 0;

	if (!pics)
		return -1;
	for (i = 0; i < run->decls->nstructs; i++) {
		if (struct_name && strcmp(run->decls->structs[i].name, struct_name))
			continue;
		if (pic_plan(&pics[n], &l, &run->decls->structs[i], 0)) {
			rc = -1;
			goto out;
		}
		if (pics[n].width > width)
			width = pics[n].width;
		height += pics[n].height + 8;
		n++;
	}
	if (struct_name && !n) {
		rc = -1;
		goto out;
	}
	height += (long)skipped_lines(run, (size_t)((double)(width - 2 * PAD) / CHAR_W)) * LINE_H +
		  10;
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%ld\" height=\"%ld\" "
		"viewBox=\"0 0 %ld %ld\" font-family=\"monospace\" font-size=\"11\">\n<title>layout of ",
		width, height, width, height);
	ifa_xml_str(out, run->header);
	fprintf(out, "</title>\n<style>text.tick{font-size:9px;fill:#555}text.note{fill:#a33}"
		"</style>\n<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n"
		"<text x=\"%d\" y=\"18\" font-size=\"13\">layout of ", PAD);
	ifa_xml_str(out, run->header);
	fprintf(out, "%s</text>\n", run->decls->nstructs ? "" : ": no struct declared");
	y = 30;
	for (i = 0; i < n; i++) {
		fprintf(out, "<g class=\"struct\" id=\"struct-");
		ifa_xml_str(out, pics[i].decl->name);
		fprintf(out, "\">\n");
		pic_draw(out, &pics[i], y, 1);
		fprintf(out, "</g>\n");
		y += (double)pics[i].height + 8;
	}
	skipped_list(out, run, 0, y + 10, (size_t)((double)(width - 2 * PAD) / CHAR_W));
	fprintf(out, "</svg>\n");
out:
	for (i = 0; i < n; i++)
		pic_free(&pics[i]);
	free(pics);
	return rc;
}

static int layout_html(FILE *out, const struct ifa_run *run, const char *struct_name)
{
	struct ifa_str title = { 0 };
	size_t i;
	int found = 0;

	for (i = 0; i < run->decls->nstructs; i++)
		found |= !struct_name || !strcmp(run->decls->structs[i].name, struct_name);
	if (!found)
		return -1;
	ifa_str_add(&title, "layout of %s", run->header);
	ifa_html_begin(out, ifa_str_get(&title));
	fprintf(out, "<h1>");
	ifa_xml_str(out, ifa_str_get(&title));
	fprintf(out, "</h1>\n");
	ifa_str_free(&title);
	if (!run->decls->nstructs)
		fprintf(out, "<p>The header declares no struct.</p>\n");
	for (i = 0; i < run->decls->nstructs; i++) {
		const struct ifa_mstruct *decl = &run->decls->structs[i];

		if (struct_name && strcmp(decl->name, struct_name))
			continue;
		ifa_html_struct_section(out, decl, NULL);
		ifa_svg_struct(out, run, decl);
		fprintf(out, "</section>\n");
	}
	skipped_list(out, run, 1, 0, 0);
	ifa_html_end(out);
	return 0;
}

int ifa_layout_picture(FILE *out, enum ifa_picture pic, const struct ifa_run *run,
		       const char *struct_name)
{
	return pic == IFA_PIC_SVG ? layout_svg(out, run, struct_name) :
				    layout_html(out, run, struct_name);
}
