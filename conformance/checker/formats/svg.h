/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pictures of layouts: `layout --format svg` and `--format html`, and the
 * byte maps of the HTML report of check.
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

/* The ABIs of run that lay decl out alike, one list item per layout. */
void ifa_html_layout_groups(FILE *out, const struct ifa_run *run, const struct ifa_mstruct *decl);

/* An HTML page's start, its stylesheet included, and its end. */
void ifa_html_begin(FILE *out, const char *title);
void ifa_html_end(FILE *out);

#endif
