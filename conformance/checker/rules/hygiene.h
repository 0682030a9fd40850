/* SPDX-License-Identifier: GPL-2.0 */
/* The header as a file: SPDX line, includes, guard, compiling everywhere, kernel-doc. */
#ifndef IFA_HYGIENE_H
#define IFA_HYGIENE_H

#include "findings.h"
#include "compiles.h"
#include "measure.h"
#include "spec.h"


/* The "actual" of a finding for a compile that could not run. */
#define IFA_NOT_INSTALLED "compiler not installed"

/* The outcomes of the file's compiles as findings: a failure, or a note where one could not run. */
void ifa_hygiene_judge_compiles(const struct ifa_compiles *h, const char *header,
				const struct ifa_measure *decls, const struct ifa_spec *spec,
				struct ifa_findings *fs);

/* Text checks of the header at path `header`: SPDX line, includes, guard, kernel-doc. */
void ifa_hygiene_text(const char *text, const char *header, const struct ifa_measure *decls,
		      const struct ifa_spec *spec, struct ifa_findings *fs);

#endif
