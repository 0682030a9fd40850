/* SPDX-License-Identifier: GPL-2.0 */
/* `rules`: the rules of a spec, one in full with what exercises it, and the checks. */
#ifndef IFA_RULES_VIEW_H
#define IFA_RULES_VIEW_H

#include "spec.h"

#include <stdio.h>

/* "ID<TAB>party" per rule. */
void ifa_rules_print_list(FILE *out, const struct ifa_spec *spec);

/*
 * Every rule that `selector` names (an ID or a family such as IFA-PORT) in
 * full: its party, level, text, the check that judges it, and the bad
 * inputs, fixtures and tests under datadir that exercise it. Returns -1
 * when it names no rule.
 */
int ifa_rules_print_detail(FILE *out, const struct ifa_spec *spec, const char *selector,
			   const char *datadir);

/* The checks of the registry, and the rule each judges under spec. */
void ifa_rules_print_checks(FILE *out, const struct ifa_spec *spec);

#endif
