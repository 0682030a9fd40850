/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The spec parser (spec/spec.c) on any text, and the value expressions
 * it hands to ifa_parse_value(). Any input may be refused; none may crash
 * or trip ASan or UBSan.
 */
#include "fuzz_input.h"
#include "spec.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static struct ifa_spec spec;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512], *text;
	unsigned long long v;

	text = ifa_fuzz_text(data, size);
	if (text)
		ifa_spec_parse("input.md", text, &spec, err, sizeof(err));
	text = ifa_fuzz_text(data, size);
	if (text) {
		ifa_parse_value(text, &v);
		free(text);
	}
	return 0;
}
