/* SPDX-License-Identifier: GPL-2.0 */
#define _GNU_SOURCE
#include "emit.h"
#include "util.h"

#include <stdlib.h>
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

void ifa_json_str_or_null(FILE *out, const char *s)
{
	if (s)
		ifa_json_str(out, s);
	else
		fputs("null", out);
}

/* A space-separated list as a JSON array of strings. */
void ifa_json_words(FILE *out, const char *list)
{
	const char *p = list;
	int first = 1;

	fputc('[', out);
	while (*p) {
		size_t n = strcspn(p, " ");
		char *word;

		if (n) {
			word = strndup(p, n);
			if (!first)
				fputs(", ", out);
			ifa_json_str(out, word ? word : "");
			free(word);
			first = 0;
		}
		p += n;
		p += *p == ' ';
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

/* --- JUnit XML ---------------------------------------------------------------- */

void ifa_junit_time(FILE *out, double seconds)
{
	if (getenv("SOURCE_DATE_EPOCH") || !(seconds > 0))
		fputc('0', out);
	else
		fprintf(out, "%.3f", seconds);
}

int ifa_junit_start(struct ifa_junit *j)
{
	memset(j, 0, sizeof(*j));
	j->props = open_memstream(&j->props_buf, &j->props_len);
	j->cases = open_memstream(&j->cases_buf, &j->cases_len);
	if (j->props && j->cases)
		return 0;
	if (j->props)
		fclose(j->props);
	if (j->cases)
		fclose(j->cases);
	free(j->props_buf);
	free(j->cases_buf);
	memset(j, 0, sizeof(*j));
	return -1;
}

void ifa_junit_property(struct ifa_junit *j, const char *name, const char *value)
{
	fputs("      <property name=\"", j->props);
	ifa_xml_str(j->props, name);
	fputs("\" value=\"", j->props);
	ifa_xml_str(j->props, value);
	fputs("\"/>\n", j->props);
}

void ifa_junit_case(struct ifa_junit *j, const struct ifa_junit_case *c)
{
	FILE *out = j->cases;
	int empty = !c->skipped && !c->failure_type;

	j->tests++;
	fputs("    <testcase classname=\"", out);
	ifa_xml_str(out, c->classname);
	fputs("\" name=\"", out);
	ifa_xml_str(out, c->name);
	fputs("\" time=\"", out);
	ifa_junit_time(out, c->seconds);
	fputs(empty ? "\"/>\n" : "\">\n", out);
	if (empty)
		return;
	if (c->skipped) {
		j->skipped++;
		fputs("      <skipped message=\"", out);
		ifa_xml_str(out, c->skipped);
		fputs("\"/>\n", out);
	} else {
		j->failures++;
		fputs("      <failure type=\"", out);
		ifa_xml_str(out, c->failure_type);
		fputs("\" message=\"", out);
		ifa_xml_str(out, c->failure_message ? c->failure_message : "");
		fputs("\">", out);
		ifa_xml_str(out, c->failure_text ? c->failure_text : "");
		fputs("</failure>\n", out);
	}
	fputs("    </testcase>\n", out);
}

/* The counts and time of <testsuites> and <testsuite> alike. */
static void junit_counts(FILE *out, const struct ifa_junit *j, double seconds)
{
	fprintf(out, " tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\" time=\"",
		j->tests, j->failures, j->skipped);
	ifa_junit_time(out, seconds);
	fputs("\">\n", out);
}

int ifa_junit_finish(struct ifa_junit *j, FILE *out, const char *suite, double seconds)
{
	int ok = !fclose(j->props);

	ok &= !fclose(j->cases);
	if (ok) {
		fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"iommu-fault-abi\"",
		      out);
		junit_counts(out, j, seconds);
		fputs("  <testsuite name=\"", out);
		ifa_xml_str(out, suite);
		fputc('"', out);
		junit_counts(out, j, seconds);
		if (j->props_len) {
			fputs("    <properties>\n", out);
			fwrite(j->props_buf, 1, j->props_len, out);
			fputs("    </properties>\n", out);
		}
		fwrite(j->cases_buf, 1, j->cases_len, out);
		fputs("  </testsuite>\n</testsuites>\n", out);
	}
	free(j->props_buf);
	free(j->cases_buf);
	memset(j, 0, sizeof(*j));
	return ok ? 0 : -1;
}
