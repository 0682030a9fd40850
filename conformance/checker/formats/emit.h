/* SPDX-License-Identifier: GPL-2.0 */
/* Escaping for the JSON and XML reports, and the JUnit document of check and diff. */
#ifndef IFA_EMIT_H
#define IFA_EMIT_H

#include <stdio.h>

/* s as a JSON string, quotes included. */
void ifa_json_str(FILE *out, const char *s);

/* s as a JSON string, or null for NULL. */
void ifa_json_str_or_null(FILE *out, const char *s);

/* A space-separated list as a JSON array of strings. */
void ifa_json_words(FILE *out, const char *list);

/* s with XML's special characters escaped. */
void ifa_xml_str(FILE *out, const char *s);

/*
 * JUnit XML as the JUnit and xUnit plugins of Jenkins read it: one
 * <testsuite> in <testsuites>, both with name, tests, failures, errors,
 * skipped and time; every <testcase> with classname, name and time. The
 * cases are kept until ifa_junit_finish, which counts them: the counts are
 * those of the cases printed. Every text, paths included, goes through
 * ifa_xml_str, whatever bytes it holds.
 */
struct ifa_junit {
	FILE *props, *cases;		/* memory streams, until ifa_junit_finish */
	char *props_buf, *cases_buf;
	size_t props_len, cases_len;
	size_t tests, failures, skipped;
};

struct ifa_junit_case {
	const char *classname, *name;
	double seconds;			/* the time it took to measure what it judges */
	const char *skipped;		/* why it was not run, or NULL */
	const char *failure_type;	/* NULL: it passed */
	const char *failure_message;
	const char *failure_text;	/* the failure's body: what a reader needs to fix it */
};

/* Returns 0, or -1 when memory runs out. */
int ifa_junit_start(struct ifa_junit *j);

/* A <property> of the suite. */
void ifa_junit_property(struct ifa_junit *j, const char *name, const char *value);

void ifa_junit_case(struct ifa_junit *j, const struct ifa_junit_case *c);

/*
 * Prints the document, suite named suite, which took seconds, to out and
 * frees j. Returns 0, or -1 when memory ran out (nothing printed).
 */
int ifa_junit_finish(struct ifa_junit *j, FILE *out, const char *suite, double seconds);

/*
 * A JUnit time attribute's value: seconds with three decimals, or 0 when
 * SOURCE_DATE_EPOCH is set (a reproducible build), so that a report can be
 * compared byte for byte.
 */
void ifa_junit_time(FILE *out, double seconds);

#endif
