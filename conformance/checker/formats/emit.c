/* SPDX-License-Identifier: GPL-2.0 */
#include "emit.h"
#include "util.h"

#include <string.h>

/* The length of the valid UTF-8 sequence at s, or 0 when its bytes are not one. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n, i;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xE0) == 0xC0)
		n = 2, cp = s[0] & 0x1F;
	else if ((s[0] & 0xF0) == 0xE0)
		n = 3, cp = s[0] & 0x0F;
	else if ((s[0] & 0xF8) == 0xF0)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	/* No overlong form, no surrogate, nothing past U+10FFFF. */
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		return 0;
	return n;
}

/* Bytes that are not UTF-8 (a path byte 0xFF) become U+FFFD, so the document stays valid. */
void ifa_json_str(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', out);
	while (*p) {
		size_t n = utf8_len(p);

		if (!n) {
			fputs("\\ufffd", out);
			p++;
		} else if (*p == '"' || *p == '\\') {
			fprintf(out, "\\%c", *p++);
		} else if (*p == '\n') {
			fputs("\\n", out);
			p++;
		} else if (*p < 0x20 || *p == 0x7F) {
			fprintf(out, "\\u%04x", *p++);
		} else {
			fwrite(p, 1, n, out);
			p += n;
		}
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

/* XML 1.0 text: escaped, with U+FFFD for bytes that are not UTF-8 and controls XML forbids. */
void ifa_xml_str(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n = utf8_len(p);

		if (!n || (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')) {
			fputs("\xef\xbf\xbd", out);	/* U+FFFD */
			p += n ? n : 1;
			continue;
		}
		switch (*p) {
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '&': fputs("&amp;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&apos;", out); break;
		default: fwrite(p, 1, n, out);
		}
		p += n;
	}
}
