/* SPDX-License-Identifier: GPL-2.0 */
/* What every Check suite's main() does once its test case is filled. */
#ifndef IFA_CHECK_RUN_H
#define IFA_CHECK_RUN_H

#include <check.h>
#include <stdlib.h>

#define N_CASES(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Runs the one test case t in a suite of that name; returns main()'s exit status. */
static inline int ifa_check_run(const char *suite, TCase *t)
{
	Suite *s = suite_create(suite);
	SRunner *r;
	int failed;

	suite_add_tcase(s, t);
	r = srunner_create(s);
	srunner_run_all(r, CK_NORMAL);
	failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
