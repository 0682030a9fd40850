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

#define RULE "- **IFA-LAY-1** (header): text\n"
#define CAPTION "Table L-1 (IFA-LAY-1): `struct s`, 8 bytes, alignment 4\n\n"
#define HEAD "| Field | Type | Offset | Size | Since | Gate |\n|---|---|---|---|---|---|\n"

START_TEST(canonical_spec_loads)
{
	ck_assert_msg(ifa_spec_load(IFA_SPEC, &spec, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(spec.nstructs, 4);
	ck_assert_int_eq(spec.ntables, 8);
	ck_assert_int_eq(spec.nbudget, 2);
	ck_assert_ptr_nonnull(ifa_spec_find_rule(&spec, "IFA-PORT-2"));
	ck_assert_ptr_nonnull(ifa_spec_flag_table(&spec, "iommu_fault_page_request", "flags"));
}
END_TEST

START_TEST(minimal_spec_loads)
{
	ck_assert_msg(load_text(RULE CAPTION HEAD "| a | __u32 | 0 | 4 | 1 | - |\n| b | __u32 | 4 | 4 | 1 | - |\n") == 0,
		      "%s", err);
	ck_assert_int_eq(spec.structs[0].nfields, 2);
	ck_assert_int_eq(spec.structs[0].fields[1].offset, 4);
}
END_TEST

static const struct {
	const char *text, *says;
} bad_specs[] = {
	{ RULE CAPTION HEAD "| a | __u32 | 0 | 4 | 1 |\n", ":6: layout row needs 6 cells" },
	{ RULE CAPTION HEAD "| a | __u32 | zero | 4 | 1 | - |\n", ":6: layout Offset is not a number" },
	{ RULE CAPTION HEAD "| a | __u32 | 0 | 4 | 0 | - |\n", ":6: layout Since" },
	{ RULE "Table L-1 (IFA-LAY-1): struct s, 8 bytes\n\n" HEAD, ":2: layout caption must read" },
	{ RULE RULE CAPTION HEAD, ":2: rule ID defined twice" },
	{ "- **IFA-LAY-1** (kernel): x\n", ":1: rule party must be" },
	{ "- **IFA-LAY-2** (header): x\n" CAPTION HEAD "| a | __u32 | 0 | 4 | 1 | - |\n",
	  ":2: layout table names a rule that the spec does not define" },
	{ RULE CAPTION "prose instead of a table\n", ":4: a table caption must be followed" },
	{ RULE CAPTION HEAD "| a | __u32 | 0 | 4 | 1 | - |\n\nTable C-1 (IFA-LAY-1): x\n\n| Name | Value | Since |\n|-|-|-|\n| A | one | 1 |\n",
	  ":12: constant Value is neither" },
	{ "no rules here\n", "no rules or no layout tables" },
	{ RULE "Table C-1 (IFA-LAY-1) no colon\n", ":2: constant caption must read" },
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
	tcase_add_test(t, minimal_spec_loads);
	tcase_add_loop_test(t, bad_spec_is_refused_with_its_line, 0,
			    N_CASES(bad_specs));
	tcase_add_test(t, budget_table_must_agree_with_layouts);
	tcase_add_test(t, missing_spec_names_the_file);
	tcase_add_loop_test(t, value_expressions, 0, N_CASES(values));
	return ifa_check_run("spec parser", t);
}
