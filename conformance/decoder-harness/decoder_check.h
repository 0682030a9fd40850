/* SPDX-License-Identifier: GPL-2.0 */
/* `check-decoder`: runs any decoder against the record fixtures through the decoder protocol. */
#ifndef IFA_DECODER_CHECK_H
#define IFA_DECODER_CHECK_H

#include "fixture.h"
#include "spec.h"

/*
 * Runs the shell command `decoder` on every fixture of dir/records.txt,
 * fed as a producer of byte order `order` writes it.
 * Prints each failure with its fixture and rule, then a summary line.
 * Returns 0 (every fixture passed), 1 (some failed) or 2 (the fixtures
 * are wrong or stale: err).
 */
int ifa_check_decoder(const char *dir, const struct ifa_spec *spec, const char *decoder,
		      enum ifa_byte_order order, int timeout_s, char *err, size_t errsz);

#endif
