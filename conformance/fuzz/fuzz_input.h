/* SPDX-License-Identifier: GPL-2.0 */
/* What the fuzz targets share: the entry point, and an input as the text the parsers read. */
#ifndef IFA_FUZZ_INPUT_H
#define IFA_FUZZ_INPUT_H

#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The input as the text a parser reads from a file: a malloc()ed C string
 * (a NUL in the input ends it, as it ends the file's text), or NULL when
 * memory runs out. No file per input: writing one and reading it back
 * cost more than the parse.
 */
static inline char *ifa_fuzz_text(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);

	if (text) {
		memcpy(text, data, size);
		text[size] = '\0';
	}
	return text;
}

#endif
