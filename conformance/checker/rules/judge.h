/* SPDX-License-Identifier: GPL-2.0 */
/* The rules of the spec applied to a measured header. */
#ifndef IFA_JUDGE_H
#define IFA_JUDGE_H

#include "abi_result.h"
#include "findings.h"
#include "measure.h"
#include "spec.h"

struct ifa_run;

/*
 * Every check of spec on what run measured: the file's compiles and text,
 * the declarations, the layouts. fs must be zeroed.
 */
void ifa_judge_run(const struct ifa_run *run, const struct ifa_spec *spec, struct ifa_findings *fs);

/* ABI-independent checks: declared types against the layout tables, values, flags, gates. */
/*
 * A new fault type (IFA-GROW-17): f is a structure member of the union of s
 * that holds a growth-budget payload; the union's size judges its budget.
 */
int ifa_is_new_payload(const struct ifa_spec *spec, const struct ifa_mstruct *s,
		       const struct ifa_mfield *f);

void ifa_judge_declarations(const struct ifa_spec *spec, const struct ifa_measure *decls,
			    struct ifa_findings *fs);

/*
 * The portability checks over every measured ABI, one finding per defect
 * at its root with the layout differences it causes as its consequences
 * (portability.c).
 */
void ifa_judge_portability(const struct ifa_spec *spec, const struct ifa_measure *decls,
			   const struct ifa_abi_result *r, size_t n, struct ifa_findings *fs);

/* The layout tables and the growth budget on every measured ABI. */
void ifa_judge_layouts(const struct ifa_spec *spec, const struct ifa_measure *decls,
		       const struct ifa_abi_result *r, size_t n, struct ifa_findings *fs);

/*
 * 1 if the header is the spec's own: the file name of its profile's
 * header, or a header that declares a struct of its layout tables.
 */
int ifa_header_of_spec(const struct ifa_spec *spec, const char *header,
		       const struct ifa_measure *decls);

/*
 * 1 if the header carries the spec's structures among others of its own: it
 * declares a struct of the layout tables but is not the profile's canonical
 * header (the kernel's iommufd.h judged by spec/iommufd-fault.md). Such a
 * header is judged by kernel-doc and distinct-values only on what the
 * spec's tables name; the rest of it by the portability checks alone.
 */
int ifa_header_scoped(const struct ifa_spec *spec, const char *header,
		      const struct ifa_measure *decls);

/* 1 if enumeration e holds a constant of one of the spec's tables. */
int ifa_spec_enum(const struct ifa_spec *spec, const struct ifa_enum *e);

/* The spec row of Table B-1 for struct name, or NULL. */
const struct ifa_spec_budget *ifa_budget_of(const struct ifa_spec *spec, const char *name);

/*
 * 1 if a struct of alignment `actual` on the ABI that m measured is
 * aligned as one of `expected` must be (IFA-PORT-1's m68k allowance).
 */
int ifa_align_ok(long expected, long actual, const struct ifa_measure *m);

#endif
