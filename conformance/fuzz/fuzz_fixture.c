/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fixture parser (fixture-gen/fixture.c) on any text, and the
 * placement of every section's fields into a record of the canonical
 * spec's layout, in both byte orders.
 */
#include "fixture.h"
#include "fuzz_input.h"
#include "spec.h"

#include <stdio.h>
#include <stdlib.h>

static struct ifa_spec canonical;
static struct ifa_fx_file fx;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const own[] = { "rule", "level", "size", "expect", "note", NULL };
	static unsigned char out[IFA_FX_MAX_BYTES];
	static int loaded;
	char err[512], *text;
	size_t i;

	if (!loaded) {
		if (ifa_spec_load(IFA_ROOT "/spec/iommu-fault-abi.md", &canonical, err, sizeof(err))) {
			fprintf(stderr, "%s\n", err);
			abort();
		}
		loaded = 1;
	}
	text = ifa_fuzz_text(data, size);
	if (!text || ifa_fx_parse("input.txt", text, &fx, err, sizeof(err)))
		return 0;
	for (i = 0; i < fx.n; i++)
		ifa_fx_bytes(&fx, &fx.s[i], &canonical, "iommu_fault", 128, own,
			     (enum ifa_byte_order)(i % 2), out, sizeof(out), err, sizeof(err));
	/* Freed here, not by the next load: an input that leaves memory behind is a leak. */
	ifa_fx_free(&fx);
	return 0;
}
