/* SPDX-License-Identifier: GPL-2.0 */
/* The specification as data: rules and tables parsed from spec/iommu-fault-abi.md. */
#ifndef IFA_SPEC_H
#define IFA_SPEC_H

#include <stddef.h>

#define IFA_NAME_MAX 96
#define IFA_MAX_FIELDS 64
#define IFA_MAX_STRUCTS 16
#define IFA_MAX_CONSTS 64
#define IFA_MAX_TABLES 32
#define IFA_MAX_RULES 128
#define IFA_MAX_CHECKS 64
#define IFA_MAX_BUDGET 8

struct ifa_spec_field {
	char name[IFA_NAME_MAX];
	char type[IFA_NAME_MAX];	/* as written: __u32, __aligned_u64[2], struct x */
	long offset, size;
	int since;
	char gate[IFA_NAME_MAX];	/* "-", flag name, "reserved" or "type=NAME" */
	int line;
};

struct ifa_spec_struct {
	char table[16];			/* "L-2" */
	char rule[24];			/* "IFA-LAY-2" */
	char name[IFA_NAME_MAX];	/* without "struct " */
	long size, align;
	int line;
	size_t nfields;
	struct ifa_spec_field fields[IFA_MAX_FIELDS];
};

struct ifa_spec_const {
	char name[IFA_NAME_MAX];
	unsigned long long value;
	int since;
	int line;
};

struct ifa_spec_consts {
	char table[16];
	char rule[24];
	char title[256];
	/* Set for flag tables ("flags of `struct S`, field `f`"). */
	char flags_struct[IFA_NAME_MAX];
	char flags_field[IFA_NAME_MAX];
	int line;
	size_t nconsts;
	struct ifa_spec_const consts[IFA_MAX_CONSTS];
};

/* Flag bits from this one up are must-understand (IFA-GROW-15), not growth gates. */
#define IFA_MUST_UNDERSTAND_BIT 24

struct ifa_spec_budget {
	char member[IFA_NAME_MAX];
	char struct_name[IFA_NAME_MAX];
	long size, budget, bytes_left;
	char flags_field[IFA_NAME_MAX];
	char flag_prefix[IFA_NAME_MAX];
	long bits_used, bits_left;
	int line;
};

enum ifa_rule_level { IFA_LEVEL_MUST, IFA_LEVEL_SHOULD, IFA_LEVEL_MAY };

struct ifa_spec_rule {
	char id[24];
	char party[16];		/* header, kernel, userspace, producer, consumer, both, retired */
	enum ifa_rule_level level;	/* the first RFC 2119 keyword of its text */
	char text[1024];	/* the rule's sentence(s), one line */
	int line;
};

/* Table R-1: which check of the checker judges a rule. */
struct ifa_spec_check {
	char rule[24];
	char check[48];
	int line;
};

/*
 * A part of the ABI that a later release added as a whole (iommufd's
 * vEVENTQ came in Linux 6.15): a header that declares nothing of it
 * predates it, and is not faulted for its absence.
 */
#define IFA_MAX_PARTS 8
struct ifa_spec_part {
	char name[128];			/* "the vEVENTQ (Linux 6.15)" */
	char tables[256];		/* its tables, space-separated: "L-4 L-5 C-4 C-5" */
	int line;
};

/* Table P-1: what the checker must know of this ABI, as keys and values. */
struct ifa_spec_profile {
	char prefix[16];		/* rule IDs start with it and a '-' */
	char header[256];		/* the canonical header, relative to the data directory */
	char guard[128];		/* include guard, "" if the spec sets none */
	char spdx[128];			/* SPDX licence expression of the first line */
	char includes[256];		/* headers it may include, space-separated */
	char types[256];		/* the field types it allows, space-separated; "": any fixed width */
	char size_field[48];		/* the first field of a struct that grows by its size */
	size_t nparts;
	struct ifa_spec_part parts[IFA_MAX_PARTS];	/* key `part`, one row each */
};

struct ifa_spec {
	char path[4096];
	size_t nstructs, ntables, nrules, nbudget;
	char budget_rule[24];
	struct ifa_spec_profile profile;
	size_t nchecks;
	struct ifa_spec_check checks[IFA_MAX_CHECKS];
	struct ifa_spec_struct structs[IFA_MAX_STRUCTS];
	struct ifa_spec_consts tables[IFA_MAX_TABLES];
	struct ifa_spec_rule rules[IFA_MAX_RULES];
	struct ifa_spec_budget budget[IFA_MAX_BUDGET];
};

/*
 * Parses the spec at path into *spec: its counts and every element they
 * count are zeroed first (elements past a count keep what they held). On
 * error returns -1 and writes "path:line: what is wrong" into err.
 */
int ifa_spec_load(const char *path, struct ifa_spec *spec, char *err, size_t errsz);

/*
 * The same on text already in memory, named path in messages: text is a
 * malloc()ed C string, which the parser splits in place and frees.
 */
int ifa_spec_parse(const char *path, char *text, struct ifa_spec *spec, char *err, size_t errsz);

const struct ifa_spec_struct *ifa_spec_find_struct(const struct ifa_spec *spec,
						    const char *name);
const struct ifa_spec_rule *ifa_spec_find_rule(const struct ifa_spec *spec,
						const char *id);
/* The constant named name in any table, and its table. */
const struct ifa_spec_const *ifa_spec_find_const(const struct ifa_spec *spec,
						  const char *name,
						  const struct ifa_spec_consts **table);
/* The flag table of field `field` of struct `name`, or NULL. */
const struct ifa_spec_consts *ifa_spec_flag_table(const struct ifa_spec *spec,
						   const char *name,
						   const char *field);

/* The index of the part (Table P-1) that table ("L-4", "C-4") belongs to, or -1. */
int ifa_spec_part_of(const struct ifa_spec *spec, const char *table);

/* The rule that check `check` judges under this spec, or NULL: the spec does not use it. */
const struct ifa_spec_rule *ifa_spec_rule_for(const struct ifa_spec *spec, const char *check);

#endif
