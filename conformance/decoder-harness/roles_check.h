/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `check-roles`: runs any implementation against the fixtures of every role
 * of spec/role-protocol.md, the decoder protocol's successor; `check-decoder`
 * is its record reader role alone.
 */
#ifndef IFA_ROLES_CHECK_H
#define IFA_ROLES_CHECK_H

#include "role_fixtures.h"

/*
 * Runs the shell command `impl` once per role, fed the requests of that
 * role's fixtures under dir in byte order `order`, and prints a line `ok`,
 * `not ok` (with the fixture's rule and what was wrong) or `skip`
 * per fixture, then a summary. With `decoder` (`check-decoder`, spec
 * Appendix B) only the record reader role is run, reported as a line
 * `FAIL NAME (RULE): why` per failing fixture and `check-decoder: N passed,
 * M failed`; `unsupported` is then a wrong answer like any. Returns 0
 * (nothing failed), 1 (something failed) or 2 (the fixtures are wrong or
 * stale: err).
 */
int ifa_check_roles(const char *dir, const struct ifa_role_specs *sp, const char *impl,
		    enum ifa_byte_order order, int timeout_s, int decoder, char *err,
		    size_t errsz);

#endif
