/* SPDX-License-Identifier: GPL-2.0 */
/* The rules of the spec applied to a measured header. */
#ifndef IFA_JUDGE_H
#define IFA_JUDGE_H

#include "abis.h"
#include "findings.h"
#include "measure.h"
#include "pahole_engine.h"
#include "spec.h"

/* What was measured on one ABI. */
struct ifa_abi_result {
	const struct ifa_abi *abi;
	struct ifa_measure *gcc;	/* NULL: not measured by GCC */
	struct ifa_measure *clang;	/* NULL: not measured by libclang */
	struct ifa_pahole *pahole;	/* NULL or !ok: no pahole reading */
	char reason[512];		/* why it is skipped, or what an engine said */
};

/* The layout that counts on r's ABI: GCC's where it measured, else clang's. */
const struct ifa_measure *ifa_authority(const struct ifa_abi_result *r);

/* ABI-independent checks: declared types against the layout tables, values, flags, gates. */
void ifa_judge_declarations(const struct ifa_spec *spec, const struct ifa_measure *decls,
			    struct ifa_findings *fs);

/*
 * The portability checks over every measured ABI, one finding per defect
 * at its root with the layout differences it causes as its consequences
 * (portability.c).
 */
void ifa_judge_portability(const struct ifa_spec *spec, const struct ifa_measure *decls,
			   const struct ifa_abi_result *r, size_t n, struct ifa_findings *fs);

/* 1 if a and b have one size and the same offset and size for every field. */
int ifa_same_layout(const struct ifa_mstruct *a, const struct ifa_mstruct *b);

/* The layout tables and the growth budget on every measured ABI. */
void ifa_judge_layouts(const struct ifa_spec *spec, const struct ifa_measure *decls,
		       const struct ifa_abi_result *r, size_t n, struct ifa_findings *fs);

/*
 * 1 if the header is the spec's own: the file name of its profile's
 * header, or a header that declares a struct of its layout tables.
 */
int ifa_header_of_spec(const struct ifa_spec *spec, const char *header,
		       const struct ifa_measure *decls);

/* The spec row of Table B-1 for struct name, or NULL. */
const struct ifa_spec_budget *ifa_budget_of(const struct ifa_spec *spec, const char *name);

/*
 * 1 if a struct of alignment `actual` on the ABI that m measured is
 * aligned as one of `expected` must be (IFA-PORT-1's m68k allowance).
 */
int ifa_align_ok(long expected, long actual, const struct ifa_measure *m);

#endif
