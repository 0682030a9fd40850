/* SPDX-License-Identifier: GPL-2.0 */
/* `layout`: every field's offset and size side by side on every ABI. */
#ifndef IFA_LAYOUT_H
#define IFA_LAYOUT_H

#include "run.h"

#include <stdio.h>

/* Prints the structs of run (only struct_name if not NULL); returns -1 if it is not declared. */
int ifa_layout_print(FILE *out, const struct ifa_run *run, const char *struct_name);

#endif
