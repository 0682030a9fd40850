/* SPDX-License-Identifier: GPL-2.0 */
/* Escaping for the JSON and XML reports. */
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

#endif
