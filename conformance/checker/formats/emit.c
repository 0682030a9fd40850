/* SPDX-License-Identifier: GPL-2.0 */
#include "emit.h"
#include "util.h"

#include <string.h>

void ifa_json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

/* A space-separated list as a JSON array of strings. */
void ifa_json_str_or_null(FILE *out, const char *s)
{
	if (s)
		ifa_json_str(out, s);
	else
		fputs("null", out);
}

void ifa_json_words(FILE *out, const char *list)
{
	char buf[1024], *tok, *save;
	int first = 1;

	ifa_copy(buf, sizeof(buf), list, strlen(list));
	fputc('[', out);
	for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		if (!first)
			fputs(", ", out);
		ifa_json_str(out, tok);
		first = 0;
	}
	fputc(']', out);
}

void ifa_xml_str(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '&': fputs("&amp;", out); break;
		case '"': fputs("&quot;", out); break;
		default: fputc(*s, out);
		}
	}
}
