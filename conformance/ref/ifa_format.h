/* SPDX-License-Identifier: MIT */
/* A decoded record as one line of the decoder protocol (the spec's Appendix B). */
#ifndef IFA_FORMAT_H
#define IFA_FORMAT_H

#include "ifa_ref.h"

/* Writes the line for f (no newline); returns 0, or -1 if it did not fit. */
int ifa_format_fault(const struct ifa_fault *f, enum ifa_level level, char *buf,
		     size_t size);

/* "v1" or "v1+gpasid"; -1 for anything else. */
int ifa_parse_level(const char *s, enum ifa_level *level);

#endif
