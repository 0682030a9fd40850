/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pictures of layouts: `layout --format svg` and `--format html`, and the
 * byte maps of the HTML reports of check and diff: every byte map is drawn
 * here.
 */
#ifndef IFA_SVG_H
#define IFA_SVG_H

#include "run.h"

#include <stdio.h>

enum ifa_picture { IFA_PIC_NONE, IFA_PIC_SVG, IFA_PIC_HTML };

/* "svg" or "html", else IFA_PIC_NONE. */
enum ifa_picture ifa_picture_parse(const char *format);

/*
 * The structs of run (only struct_name if not NULL) as one SVG document or
 * one HTML page; returns -1 if struct_name is not declared.
 */
int ifa_layout_picture(FILE *out, enum ifa_picture pic, const struct ifa_run *run,
		       const char *struct_name);

/*
 * The byte map of one struct as an <svg> element: one row per layout, with
 * the ABIs that share it; fields, explicit padding, holes and tail padding
 * in their own colours; the growth budget of a padded union as a bar.
 */
void ifa_svg_struct(FILE *out, const struct ifa_run *run, const struct ifa_mstruct *decl);

/*
 * The same byte map, of the layouts of decl on abis[0..n): layouts[i] is
 * what ABI i measured (NULL where it did not; layouts NULL: each ABI's
 * authority, as ifa_svg_struct draws). span > 0 draws at least that many
 * bytes wide, so that two maps of a struct (before and after a change)
 * share one scale.
 */
void ifa_svg_struct_on(FILE *out, const struct ifa_abi_result *abis, size_t n,
		       const struct ifa_measure *const *layouts, const struct ifa_mstruct *decl,
		       long span);

/* The ABIs of run that lay decl out alike, one list item per layout. */
void ifa_html_layout_groups(FILE *out, const struct ifa_run *run, const struct ifa_mstruct *decl);

/*
 * The start of a struct's section of a page: <section id="struct-NAME">
 * (class cls, if not NULL) and its heading. The caller closes it.
 */
void ifa_html_struct_section(FILE *out, const struct ifa_mstruct *decl, const char *cls);

/* An HTML page's start, its stylesheet included, and its end. */
void ifa_html_begin(FILE *out, const char *title);
void ifa_html_end(FILE *out);

#endif
