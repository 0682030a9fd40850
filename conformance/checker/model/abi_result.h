/* SPDX-License-Identifier: GPL-2.0 */
/* What the engines measured of a header on one ABI: the model the rules judge. */
#ifndef IFA_ABI_RESULT_H
#define IFA_ABI_RESULT_H

#include "abis.h"
#include "measure.h"
#include "pahole_engine.h"

struct ifa_abi_result {
	const struct ifa_abi *abi;
	struct ifa_measure *gcc;	/* NULL: not measured by GCC */
	struct ifa_measure *clang;	/* NULL: not measured by libclang */
	struct ifa_pahole *pahole;	/* NULL or !ok: no pahole reading */
	char reason[512];		/* why it is skipped, or what an engine said */
};

/* The layout that counts on r's ABI: GCC's where it measured, else clang's. */
const struct ifa_measure *ifa_authority(const struct ifa_abi_result *r);

#endif
