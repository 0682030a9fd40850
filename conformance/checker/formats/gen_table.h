/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `spec-table`: the spec's tables as C, for the Check tests that assert
 * them on the host with gcc and clang. The expected numbers come from the
 * spec; the compiler under test supplies the actual ones (sizeof, offsetof).
 */
#ifndef IFA_GEN_TABLE_H
#define IFA_GEN_TABLE_H

#include "spec.h"

#include <stdio.h>

void ifa_gen_table(FILE *out, const struct ifa_spec *spec, const char *spec_name);

#endif
