/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The canonical header on the host, as the compiler building this test
 * lays it out, against the spec's tables (generated into spec_table.h by
 * `make regen`). Built once with gcc and once with clang. Every assertion
 * names the rule it checks.
 */
#include <check.h>
#include <stddef.h>
#include <stdlib.h>

#include <linux/iommu_fault.h>

#include "check_run.h"

struct spec_struct_case {
	const char *rule, *name;
	long size, align;
	size_t actual_size, actual_align;
};

struct spec_field_case {
	const char *rule, *st, *field;
	long offset, size;
	size_t actual_offset, actual_size;
};

struct spec_const_case {
	const char *rule, *name;
	unsigned long long value, actual;
};

struct spec_budget_case {
	const char *rule, *member;
	long budget;
	size_t actual_size;
};

#include "spec_table.h"

START_TEST(struct_size_and_alignment)
{
	const struct spec_struct_case *c = &spec_structs[_i];

	ck_assert_msg((long)c->actual_size == c->size,
		      "%s: struct %s size: spec %ld, header %zu", c->rule, c->name, c->size,
		      c->actual_size);
	ck_assert_msg((long)c->actual_align == c->align,
		      "%s: struct %s alignment: spec %ld, header %zu", c->rule, c->name, c->align,
		      c->actual_align);
}
END_TEST

START_TEST(field_offset_and_size)
{
	const struct spec_field_case *c = &spec_fields[_i];

	ck_assert_msg((long)c->actual_offset == c->offset,
		      "%s: struct %s.%s offset: spec %ld, header %zu", c->rule, c->st, c->field,
		      c->offset, c->actual_offset);
	ck_assert_msg((long)c->actual_size == c->size,
		      "%s: struct %s.%s size: spec %ld, header %zu", c->rule, c->st, c->field,
		      c->size, c->actual_size);
}
END_TEST

START_TEST(constant_value)
{
	const struct spec_const_case *c = &spec_consts[_i];

	ck_assert_msg(c->actual == c->value, "%s: %s: spec %llu, header %llu", c->rule, c->name,
		      c->value, c->actual);
}
END_TEST

START_TEST(member_within_budget)
{
	const struct spec_budget_case *c = &spec_budget[_i];

	ck_assert_msg((long)c->actual_size <= c->budget,
		      "%s: union member %s is %zu bytes, budget %ld", c->rule, c->member,
		      c->actual_size, c->budget);
}
END_TEST

int main(void)
{
	TCase *t = tcase_create("spec tables");

	tcase_add_loop_test(t, struct_size_and_alignment, 0, N_CASES(spec_structs));
	tcase_add_loop_test(t, field_offset_and_size, 0, N_CASES(spec_fields));
	tcase_add_loop_test(t, constant_value, 0, N_CASES(spec_consts));
	tcase_add_loop_test(t, member_within_budget, 0, N_CASES(spec_budget));
	return ifa_check_run("host layout (" IFA_CC ")", t);
}
