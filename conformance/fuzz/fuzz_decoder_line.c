/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The reference decoder's protocol parser (ref/ref_decoder.c,
 * ifa_decoder_line()): the input cut into lines as fgets() would cut the
 * decoder's stdin, each answered into /dev/null.
 */
#include "fuzz_input.h"

#include <string.h>

/* The decoder's line buffer: 2 * 65536 hex digits and the request words. */
#define LINE_MAX_BYTES (2 * 65536 + 256)

void ifa_decoder_line(char *line, FILE *out);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *out;
	size_t at = 0;

	if (!out)
		out = fopen("/dev/null", "w");
	if (!out)
		abort();
	while (at < size) {
		const uint8_t *nl = memchr(data + at, '\n', size - at);
		size_t len = nl ? (size_t)(nl - (data + at)) + 1 : size - at;
		char *line;

		if (len > LINE_MAX_BYTES - 1)
			len = LINE_MAX_BYTES - 1;
		/* fgets() stops at a NUL no more than the parser does: it sees a C string. */
		line = malloc(len + 1);
		if (!line)
			abort();
		memcpy(line, data + at, len);
		line[len] = '\0';
		ifa_decoder_line(line, out);
		free(line);
		at += len;
	}
	return 0;
}
