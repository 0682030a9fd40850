/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every check of the registry over hand-built models: layouts written
 * here as an engine would have measured them, no compiler involved. Each
 * test names the check and the rule it judges under the spec it loads.
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "check_run.h"
#include "checks.h"
#include "judge.h"

static struct ifa_spec uapi, ifa;
static struct ifa_findings fs;

/* A model of one header: its declarations and its layout on up to 4 ABIs. */
static struct ifa_measure decls, layouts[4];
static struct ifa_abi_result results[4];
static size_t nabis;

static void load(struct ifa_spec *spec, const char *name)
{
	char path[1024], err[1024];

	snprintf(path, sizeof(path), "%s/spec/%s", IFA_ROOT, name);
	ck_assert_msg(ifa_spec_load(path, spec, err, sizeof(err)) == 0, "%s", err);
}

static void setup(void)
{
	load(&uapi, "uapi-portability.md");
	load(&ifa, "iommu-fault-abi.md");
	memset(&decls, 0, sizeof(decls));
	memset(&fs, 0, sizeof(fs));
	nabis = 0;
}

static void teardown(void)
{
	size_t i;

	for (i = 0; i < nabis; i++)
		ifa_measure_free(&layouts[i]);
	ifa_measure_free(&decls);
	ifa_findings_free(&fs);
}

static struct ifa_mstruct *st(const char *name)
{
	struct ifa_mstruct *s = ifa_measure_add_struct(&decls);

	s->name = ifa_measure_str(&decls, name, (size_t)-1);
	return s;
}

static void field(struct ifa_mstruct *s, const char *name, const char *type,
		  enum ifa_type_class tclass, const char *record)
{
	struct ifa_mfield *f = ifa_measure_add_field(s);

	f->name = ifa_measure_str(&decls, name, (size_t)-1);
	f->type = ifa_measure_str(&decls, type, (size_t)-1);
	f->tclass = tclass;
	f->record = record ? ifa_measure_str(&decls, record, (size_t)-1) : "";
}

/*
 * The layout of struct `name` on a new ABI (once per ABI, after the
 * declarations): size, alignment, then offset, size, alignment per field.
 */
static void abi(const char *abi_name)
{
	ck_assert(ifa_measure_copy_layout(&layouts[nabis], &decls) == 0);
	results[nabis].abi = ifa_abi_find(abi_name);
	results[nabis].gcc = &layouts[nabis];
	nabis++;
}

static void lay(const char *name, long size, long align, const long *fields)
{
	struct ifa_mstruct *s = (struct ifa_mstruct *)ifa_measure_struct(&layouts[nabis - 1], name);
	size_t j;

	s->size = size;
	s->align = align;
	for (j = 0; j < s->nfields; j++) {
		s->fields[j].offset = fields[3 * j];
		s->fields[j].size = fields[3 * j + 1];
		s->fields[j].align = fields[3 * j + 2];
	}
}

static void judge(const struct ifa_spec *spec)
{
	ifa_judge_portability(spec, &decls, results, nabis, &fs);
}

static size_t count(const char *rule, enum ifa_severity sev)
{
	size_t i, n = 0;

	for (i = 0; i < fs.n; i++)
		n += !strcmp(fs.items[i].rule, rule) && fs.items[i].severity == sev;
	return n;
}

static const struct ifa_finding *only(const char *rule)
{
	ck_assert_msg(fs.n == 1, "%zu findings, first %s", fs.n, fs.n ? fs.items[0].rule : "-");
	ck_assert_str_eq(fs.items[0].rule, rule);
	return &fs.items[0];
}

/* {__u32 a; __u64 b;}: a hole before b on x86_64 only; i386 lays it out in 12 bytes. */
static void hole_model(void)
{
	struct ifa_mstruct *s = st("req");

	field(s, "a", "__u32", IFA_T_FIXED, NULL);
	field(s, "b", "__u64", IFA_T_U64, NULL);
	abi("x86_64");
	lay("req", 16, 8, (const long[]){ 0, 4, 4, 8, 8, 8 });
	abi("i386");
	lay("req", 12, 4, (const long[]){ 0, 4, 4, 4, 8, 4 });
}

START_TEST(no_implicit_padding_one_finding_with_consequence)
{
	const struct ifa_finding *f;

	hole_model();
	judge(&uapi);	/* UAPI-PORT-3 is a SHOULD: the hole is the one finding */
	f = only("UAPI-PORT-2");
	ck_assert_int_eq(f->severity, IFA_SEV_MUST);
	ck_assert_str_eq(f->field, "b");
	ck_assert_str_eq(f->abis, "x86_64");
	ck_assert_str_eq(f->actual, "hole before b: 4 bytes at offset 4 on x86_64");
	ck_assert_ptr_nonnull(strstr(f->fix, "`__u32 __reserved;`"));
	ck_assert_ptr_nonnull(strstr(f->fix, "__aligned_u64"));
	ck_assert_int_eq(f->nconsequences, 1);
	ck_assert_str_eq(f->consequences[0],
			 "struct req: 16 bytes on x86_64; 12 bytes on i386; b at offset 8, 4");
}
END_TEST

START_TEST(aligned_64bit_must_under_ifa_is_a_second_defect)
{
	hole_model();
	judge(&ifa);
	ck_assert_int_eq(count("IFA-PORT-2", IFA_SEV_MUST), 1);
	ck_assert_int_eq(count("IFA-PORT-3", IFA_SEV_MUST), 1);
	ck_assert_int_eq(count("IFA-PORT-1", IFA_SEV_MUST), 0);
	ck_assert_int_eq(fs.n, 2);
}
END_TEST

START_TEST(pointer_is_the_root_of_the_padding_it_leaves)
{
	struct ifa_mstruct *s = st("bitmap");
	const struct ifa_finding *f;

	field(s, "size", "__u64", IFA_T_U64, NULL);
	field(s, "data", "__u64 *", IFA_T_POINTER, NULL);
	abi("x86_64");
	lay("bitmap", 16, 8, (const long[]){ 0, 8, 8, 8, 8, 8 });
	abi("arm-eabi");	/* 8-aligned __u64, 4-byte pointer: 4 bytes of tail padding */
	lay("bitmap", 16, 8, (const long[]){ 0, 8, 8, 8, 4, 4 });
	judge(&uapi);
	f = only("UAPI-PORT-4");
	ck_assert_str_eq(f->field, "data");
	ck_assert_str_eq(f->actual, "__u64 *");
	ck_assert_int_eq(f->nconsequences, 2);
	ck_assert_str_eq(f->consequences[0],
			 "struct bitmap: tail padding after data: 4 bytes at offset 12 on arm-eabi");
}
END_TEST

START_TEST(embedding_struct_differs_as_a_consequence)
{
	struct ifa_mstruct *in = st("inner"), *out;
	const struct ifa_finding *f;

	field(in, "p", "void *", IFA_T_POINTER, NULL);
	out = st("outer");
	field(out, "x", "__u32", IFA_T_FIXED, NULL);
	field(out, "y", "__u32", IFA_T_FIXED, NULL);
	field(out, "in", "struct inner", IFA_T_RECORD, "inner");
	abi("x86_64");
	lay("inner", 8, 8, (const long[]){ 0, 8, 8 });
	lay("outer", 16, 8, (const long[]){ 0, 4, 4, 4, 4, 4, 8, 8, 8 });
	abi("i386");
	lay("inner", 4, 4, (const long[]){ 0, 4, 4 });
	lay("outer", 12, 4, (const long[]){ 0, 4, 4, 4, 4, 4, 8, 4, 4 });
	judge(&uapi);
	f = only("UAPI-PORT-4");
	ck_assert_int_eq(f->nconsequences, 2);
	ck_assert_ptr_nonnull(strstr(f->consequences[1], "struct outer: 16 bytes on x86_64"));
}
END_TEST

START_TEST(same_layout_fires_where_nothing_explains_a_difference)
{
	struct ifa_mstruct *s = st("mode_req");
	const struct ifa_finding *f;

	field(s, "x", "__u16", IFA_T_FIXED, NULL);
	field(s, "y", "__u16", IFA_T_FIXED, NULL);
	field(s, "mode", "__kernel_mode_t", IFA_T_PLAIN, NULL);
	abi("x86_64");
	lay("mode_req", 8, 4, (const long[]){ 0, 2, 2, 2, 2, 2, 4, 4, 4 });
	abi("m68k");
	lay("mode_req", 6, 2, (const long[]){ 0, 2, 2, 2, 2, 2, 4, 2, 2 });
	judge(&uapi);
	f = only("UAPI-PORT-1");
	ck_assert_str_eq(f->actual, "struct mode_req: 8 bytes on x86_64; 6 bytes on m68k");
}
END_TEST

START_TEST(alignment_only_is_a_note)
{
	struct ifa_mstruct *s = st("range");
	const struct ifa_finding *f;

	field(s, "start", "__u64", IFA_T_U64, NULL);
	abi("x86_64");
	lay("range", 8, 8, (const long[]){ 0, 8, 8 });
	abi("i386");
	lay("range", 8, 4, (const long[]){ 0, 8, 4 });
	judge(&uapi);
	f = only("UAPI-PORT-3");
	ck_assert_int_eq(f->severity, IFA_SEV_INFO);
	ck_assert_str_eq(f->actual, "8 on x86_64; 4 on i386");
}
END_TEST

START_TEST(long_of_one_size_everywhere_is_no_defect)
{
	struct ifa_mstruct *s = st("attr");

	field(s, "ino", "uint64_t", IFA_T_LONG, NULL);	/* unsigned long on an LP64 host */
	abi("x86_64");
	lay("attr", 8, 8, (const long[]){ 0, 8, 8 });
	abi("aarch64");
	lay("attr", 8, 8, (const long[]){ 0, 8, 8 });
	judge(&uapi);
	ck_assert_int_eq(fs.n, 0);
}
END_TEST

START_TEST(fixed_width_types_follows_the_profile_type_list)
{
	struct ifa_mstruct *s = st("cmd");

	field(s, "fd", "__s32", IFA_T_FIXED, NULL);
	field(s, "be", "__be32", IFA_T_FIXED, NULL);
	field(s, "len", "int", IFA_T_PLAIN, NULL);
	field(s, "name", "char[4]", IFA_T_PLAIN, NULL);
	abi("x86_64");
	lay("cmd", 16, 4, (const long[]){ 0, 4, 4, 4, 4, 4, 8, 4, 4, 12, 4, 1 });
	judge(&uapi);	/* all allowed by the portability spec */
	ck_assert_int_eq(fs.n, 0);
	judge(&ifa);	/* __s32 and __be32 are in Table P-1's types of this ABI, int and char not */
	ck_assert_int_eq(count("IFA-PORT-4", IFA_SEV_MUST), 2);
	ck_assert_str_eq(fs.items[0].field, "len");
	ck_assert_str_eq(fs.items[1].field, "name");
}
END_TEST

START_TEST(pahole_is_evidence_never_a_finding)
{
	static struct ifa_pahole_struct ps[] = { { (char *)"req", 16, 4, 0 } };
	struct ifa_pahole misread = { 1, 1, 1, ps };
	const struct ifa_finding *f;

	hole_model();
	results[0].pahole = &misread;
	judge(&uapi);
	f = only("UAPI-PORT-2");
	ck_assert_str_eq(f->evidence, "measured by gcc on 2 ABIs; pahole's count of padding agrees on 1 ABIs");
	/* A pahole that reads another size is no opinion at all, and makes no finding. */
	ps[0].size = 20;
	ifa_findings_free(&fs);
	judge(&uapi);
	f = only("UAPI-PORT-2");
	ck_assert_str_eq(f->evidence, "measured by gcc on 2 ABIs");
	results[0].pahole = NULL;
}
END_TEST

START_TEST(single_bit_flags)
{
	struct ifa_mstruct *s = st("iommu_fault_page_request");
	struct ifa_macro *a, *b;

	field(s, "flags", "__u32", IFA_T_FIXED, NULL);
	a = ifa_measure_add_macro(&decls);
	a->name = "FLAG_A";
	a->has_value = 1;
	a->value = 3;		/* two bits */
	a->in_struct = "iommu_fault_page_request";
	a->for_field = "flags";
	b = ifa_measure_add_macro(&decls);
	*b = *a;
	b->name = "FLAG_B";	/* the same bits as FLAG_A */
	ifa_judge_declarations(&ifa, &decls, &fs);
	ck_assert_int_eq(count("IFA-PORT-5", IFA_SEV_MUST), 3);
	ifa_findings_free(&fs);
	ifa_judge_declarations(&uapi, &decls, &fs);	/* no such check in the portability spec */
	ck_assert_int_eq(count("IFA-PORT-5", IFA_SEV_MUST), 0);
}
END_TEST

START_TEST(growth_gate_names_the_flag_it_wants)
{
	struct ifa_mstruct *s = st("iommu_fault_page_request");
	static const char *const names[] = { "flags", "pasid", "grpid", "perm", "addr",
					     "private_data", "gpasid" };
	size_t j;

	for (j = 0; j < 7; j++)
		field(s, names[j], j == 4 ? "__aligned_u64" : j == 5 ? "__aligned_u64[2]" : "__u32",
		      IFA_T_FIXED, NULL);
	for (j = 0; j < 7; j++)
		s->fields[j].offset = j < 4 ? (long)j * 4 : j == 4 ? 16 : j == 5 ? 24 : 40;
	ifa_judge_declarations(&ifa, &decls, &fs);
	ck_assert_int_eq(count("IFA-GROW-3", IFA_SEV_MUST), 1);
	for (j = 0; j < fs.n; j++)
		if (!strcmp(fs.items[j].rule, "IFA-GROW-3"))
			ck_assert_str_eq(fs.items[j].expected, "IOMMU_FAULT_PAGE_REQUEST_GPASID_VALID");
}
END_TEST

START_TEST(bitfields_cover_the_bytes_between_whole_fields)
{
	struct ifa_mstruct *s = st("prm");

	/* unsigned char class; int pcr; unsigned int frtt : 24, rif : 4; (no byte offsets) */
	field(s, "class", "unsigned char", IFA_T_PLAIN, NULL);
	field(s, "pcr", "int", IFA_T_PLAIN, NULL);
	field(s, "frtt", "unsigned int", IFA_T_PLAIN, NULL);
	field(s, "rif", "unsigned int", IFA_T_PLAIN, NULL);
	s->fields[2].bitfield = 24;
	s->fields[3].bitfield = 4;
	abi("x86_64");
	lay("prm", 12, 4, (const long[]){ 0, 1, 1, 4, 4, 4, -1, -1, -1, -1, -1, -1 });
	abi("m68k");
	lay("prm", 10, 2, (const long[]){ 0, 1, 1, 2, 4, 2, -1, -1, -1, -1, -1, -1 });
	judge(&uapi);
	/* The hole after class is found; none is claimed where the bitfields lie. */
	ck_assert_int_eq(count("UAPI-PORT-2", IFA_SEV_MUST), 1);
	ck_assert_str_eq(fs.items[0].field, "pcr");
	ck_assert_int_eq(count("UAPI-PORT-1", IFA_SEV_MUST), 0);
	ck_assert_int_eq(count("UAPI-PORT-4", IFA_SEV_MUST), 0);	/* bitfields are allowed there */
	ifa_findings_free(&fs);
	judge(&ifa);	/* and not under a spec with a type list */
	ck_assert_int_eq(count("IFA-PORT-4", IFA_SEV_MUST), 4);
}
END_TEST

START_TEST(fields_in_byte_order_are_meant)
{
	struct ifa_mstruct *s = st("weight");

	/* #if defined(__LITTLE_ENDIAN_BITFIELD) __u32 a; __u16 b; #else __u16 b; __u32 a; */
	field(s, "a", "__u32", IFA_T_FIXED, NULL);
	field(s, "b", "__u16", IFA_T_FIXED, NULL);
	field(s, "c", "__u16", IFA_T_FIXED, NULL);
	abi("x86_64");
	lay("weight", 8, 4, (const long[]){ 0, 4, 4, 4, 2, 2, 6, 2, 2 });
	abi("s390x");
	lay("weight", 8, 4, (const long[]){ 4, 4, 4, 2, 2, 2, 0, 2, 2 });
	judge(&uapi);
	ck_assert_int_eq(fs.n, 0);
	/* But a difference among ABIs of one byte order is no such choice. */
	abi("aarch64");
	lay("weight", 8, 4, (const long[]){ 4, 4, 4, 2, 2, 2, 0, 2, 2 });
	judge(&uapi);
	ck_assert_int_eq(count("UAPI-PORT-1", IFA_SEV_MUST), 1);
}
END_TEST

int main(void)
{
	TCase *t = tcase_create("checks over hand-built models");

	tcase_add_checked_fixture(t, setup, teardown);
	tcase_add_test(t, no_implicit_padding_one_finding_with_consequence);
	tcase_add_test(t, aligned_64bit_must_under_ifa_is_a_second_defect);
	tcase_add_test(t, pointer_is_the_root_of_the_padding_it_leaves);
	tcase_add_test(t, embedding_struct_differs_as_a_consequence);
	tcase_add_test(t, same_layout_fires_where_nothing_explains_a_difference);
	tcase_add_test(t, alignment_only_is_a_note);
	tcase_add_test(t, long_of_one_size_everywhere_is_no_defect);
	tcase_add_test(t, fixed_width_types_follows_the_profile_type_list);
	tcase_add_test(t, pahole_is_evidence_never_a_finding);
	tcase_add_test(t, single_bit_flags);
	tcase_add_test(t, growth_gate_names_the_flag_it_wants);
	tcase_add_test(t, bitfields_cover_the_bytes_between_whole_fields);
	tcase_add_test(t, fields_in_byte_order_are_meant);
	return ifa_check_run("rules over models", t);
}
