/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The spec parser: the canonical spec loads, and a spec with a malformed
 * or inconsistent table is refused with "file:line: what is wrong".
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_run.h"
#include "spec.h"
#include "util.h"

static struct ifa_spec spec;
static char err[1024];

/* Writes text to a temporary file and returns its path (static buffer). */
static const char *write_temp(const char *text)
{
	static char path[64];
	FILE *f;
	int fd;

	strcpy(path, "/tmp/ifa-spec-XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

static int load_text(const char *text)
{
	const char *path = write_temp(text);
	int rc = ifa_spec_load(path, &spec, err, sizeof(err));

	unlink(path);
	return rc;
}

/* Table P-1 gives the rule ID prefix; it takes the first 6 lines of every text below. */
#define PROFILE "Table P-1: profile\n\n| Key | Value |\n|-|-|\n| prefix | IFA |\n\n"
#define RULE "- **IFA-LAY-1** (header): text\n"
#define CAPTION "Table L-1 (IFA-LAY-1): `struct s`, 8 bytes, alignment 4\n\n"
#define HEAD "| Field | Type | Offset | Size | Since | Gate |\n|---|---|---|---|---|---|\n"

START_TEST(canonical_spec_loads)
{
	ck_assert_msg(ifa_spec_load(IFA_SPEC, &spec, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(spec.nstructs, 7);	/* Tables L-1 to L-7 */
	ck_assert_int_eq(spec.ntables, 10);	/* Tables C-1 to C-10 */
	ck_assert_int_eq(spec.nbudget, 2);
	ck_assert_ptr_nonnull(ifa_spec_find_rule(&spec, "IFA-PORT-2"));
	ck_assert_ptr_nonnull(ifa_spec_flag_table(&spec, "iommu_fault_page_request", "flags"));
	/* Table P-1 and R-1 */
	ck_assert_str_eq(spec.profile.prefix, "IFA");
	ck_assert_str_eq(spec.profile.guard, "_UAPI_LINUX_IOMMU_FAULT_H");
	ck_assert_str_eq(ifa_spec_rule_for(&spec, "no-implicit-padding")->id, "IFA-PORT-2");
	ck_assert_ptr_null(ifa_spec_rule_for(&spec, "no-such-check"));
	/* A rule's level is its first RFC 2119 keyword. */
	ck_assert_int_eq(ifa_spec_find_rule(&spec, "IFA-PORT-2")->level, IFA_LEVEL_MUST);
	ck_assert_int_eq(ifa_spec_find_rule(&spec, "IFA-GROW-10")->level, IFA_LEVEL_SHOULD);
	ck_assert_int_eq(ifa_spec_find_rule(&spec, "IFA-GROW-9")->level, IFA_LEVEL_MAY);
}
END_TEST

START_TEST(portability_spec_loads)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s", IFA_SPEC);
	strcpy(strrchr(path, '/') + 1, "uapi-portability.md");
	ck_assert_msg(ifa_spec_load(path, &spec, err, sizeof(err)) == 0, "%s", err);
	ck_assert_str_eq(spec.profile.prefix, "UAPI");
	ck_assert_int_eq(spec.nstructs, 0);
	ck_assert_int_eq(ifa_spec_rule_for(&spec, "aligned-64bit")->level, IFA_LEVEL_SHOULD);
	ck_assert_int_eq(ifa_spec_rule_for(&spec, "fixed-width-types")->level, IFA_LEVEL_MUST);
	ck_assert_ptr_null(ifa_spec_rule_for(&spec, "kernel-doc"));
}
END_TEST

START_TEST(minimal_spec_loads)
{
	ck_assert_msg(load_text(PROFILE RULE CAPTION HEAD "| a | __u32 | 0 | 4 | 1 | - |\n| b | __u32 | 4 | 4 | 1 | - |\n") == 0,
		      "%s", err);
	ck_assert_int_eq(spec.structs[0].nfields, 2);
	ck_assert_int_eq(spec.structs[0].fields[1].offset, 4);
}
END_TEST

static const struct {
	const char *text, *says;
} bad_specs[] = {
	{ PROFILE RULE CAPTION HEAD "| a | __u32 | 0 | 4 | 1 |\n", ":12: layout row needs 6 cells" },
	{ PROFILE RULE CAPTION HEAD "| a | __u32 | zero | 4 | 1 | - |\n", ":12: layout Offset is not a number" },
	{ PROFILE RULE CAPTION HEAD "| a | __u32 | 0 | 4 | 0 | - |\n", ":12: layout Since" },
	{ PROFILE RULE "Table L-1 (IFA-LAY-1): struct s, 8 bytes\n\n" HEAD, ":8: layout caption must read" },
	{ PROFILE RULE RULE CAPTION HEAD, ":8: rule ID defined twice" },
	{ PROFILE "- **IFA-LAY-1** (device): x\n", ":7: rule party must be" },
	{ PROFILE "- **IFA-LAY-2** (header): x\n" CAPTION HEAD "| a | __u32 | 0 | 4 | 1 | - |\n",
	  ":8: layout table names a rule that the spec does not define" },
	{ PROFILE RULE CAPTION "prose instead of a table\n", ":10: a table caption must be followed" },
	{ PROFILE RULE CAPTION HEAD "| a | __u32 | 0 | 4 | 1 | - |\n\nTable C-1 (IFA-LAY-1): x\n\n| Name | Value | Since |\n|-|-|-|\n| A | one | 1 |\n",
	  ":18: constant Value is neither" },
	{ "no rules here\n", "no rules or no Table P-1" },
	{ PROFILE RULE "Table C-1 (IFA-LAY-1) no colon\n", ":8: constant caption must read" },
	{ PROFILE RULE "\nTable R-1: checks\n\n| Rule | Check |\n|-|-|\n| IFA-LAY-1 | no-such-check |\n",
	  ":13: Table R-1 names a check this checker does not have" },
	{ PROFILE RULE "\nTable R-1: checks\n\n| Rule | Check |\n|-|-|\n| IFA-LAY-9 | same-layout |\n",
	  ":13: Table R-1 names a rule that the spec does not define" },
	{ "Table P-1: profile\n\n| Key | Value |\n|-|-|\n| colour | red |\n", ":5: profile key is none of" },
	{ RULE PROFILE, ":1: a rule comes before Table P-1" },
};

START_TEST(bad_spec_is_refused_with_its_line)
{
	ck_assert_int_eq(load_text(bad_specs[_i].text), -1);
	ck_assert_msg(strstr(err, bad_specs[_i].says) != NULL, "error was: %s (wanted %s)", err,
		      bad_specs[_i].says);
	ck_assert_msg(strstr(err, "/tmp/ifa-spec-") != NULL, "error names no file: %s", err);
}
END_TEST

START_TEST(budget_table_must_agree_with_layouts)
{
	char *text, *pos;
	const char *rerr;
	size_t len;

	text = ifa_read_file(IFA_SPEC, &len, &rerr);
	ck_assert_ptr_nonnull(text);
	/* Claim 81 bytes left where Table L-2 leaves 80. */
	pos = strstr(text, "| 40 | 120 | 80 |");
	ck_assert_ptr_nonnull(pos);
	memcpy(pos, "| 40 | 120 | 81 |", 17);
	ck_assert_int_eq(load_text(text), -1);
	ck_assert_msg(strstr(err, "budget Size or Bytes left disagrees") != NULL, "%s", err);
	free(text);
}
END_TEST

START_TEST(missing_spec_names_the_file)
{
	ck_assert_int_eq(ifa_spec_load("/nonexistent/spec.md", &spec, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "/nonexistent/spec.md: cannot read spec") != NULL, "%s", err);
}
END_TEST

static const struct {
	const char *text;
	int ok;
	unsigned long long value;
} values[] = {
	{ "24", 1, 24 }, { "0x10", 1, 16 }, { "1 << 3", 1, 8 }, { "(1 << 0)", 1, 1 },
	{ "(1U << 2)", 1, 4 }, { "(1 << 1) | (1 << 0)", 1, 3 }, { "abc", 0, 0 },
	{ "1 <<", 0, 0 }, { "1 << 64", 0, 0 }, { "(1 << 2", 0, 0 }, { "", 0, 0 },
};

START_TEST(value_expressions)
{
	unsigned long long v = 0;
	int rc = ifa_parse_value(values[_i].text, &v);

	ck_assert_msg((rc == 0) == values[_i].ok, "'%s' parsed: %d", values[_i].text, rc);
	if (values[_i].ok)
		ck_assert_uint_eq(v, values[_i].value);
}
END_TEST

int main(void)
{
	TCase *t = tcase_create("spec");

	tcase_add_test(t, canonical_spec_loads);
	tcase_add_test(t, portability_spec_loads);
	tcase_add_test(t, minimal_spec_loads);
	tcase_add_loop_test(t, bad_spec_is_refused_with_its_line, 0,
			    N_CASES(bad_specs));
	tcase_add_test(t, budget_table_must_agree_with_layouts);
	tcase_add_test(t, missing_spec_names_the_file);
	tcase_add_loop_test(t, value_expressions, 0, N_CASES(values));
	return ifa_check_run("spec parser", t);
}
