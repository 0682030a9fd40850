/* SPDX-License-Identifier: GPL-2.0 */
/* What a header declares, and its layout as one engine measured it on one ABI. */
#ifndef IFA_MEASURE_H
#define IFA_MEASURE_H

#include "spec.h"

#define IFA_MAX_MSTRUCTS 64
#define IFA_MAX_MACROS 256
#define IFA_MAX_ENUMS 16

/* Type classes that IFA-PORT-4 tells apart. */
enum ifa_type_class {
	IFA_T_FIXED,		/* __u8, __u16, __u32, __aligned_u64 */
	IFA_T_U64,		/* __u64 without __aligned_u64 (IFA-PORT-3) */
	IFA_T_RECORD,		/* struct or union */
	IFA_T_ENUM,
	IFA_T_POINTER,
	IFA_T_BOOL,
	IFA_T_PLAIN,		/* char, short, int, long, other typedefs */
};

struct ifa_mfield {
	char name[IFA_NAME_MAX];
	char type[IFA_NAME_MAX];	/* as written, arrays as T[N] */
	enum ifa_type_class tclass;
	long offset, size, align;
	int bitfield;			/* width in bits, 0 if not a bitfield */
	int flexible;			/* a flexible array member: size 0 */
	int union_group;		/* >0: siblings in one anonymous union */
	int line;
};

struct ifa_mstruct {
	char name[IFA_NAME_MAX];
	int is_union;
	int typedef_name;		/* anonymous, known by its typedef name only */
	long size, align;
	int line;
	size_t nfields;
	struct ifa_mfield fields[IFA_MAX_FIELDS];
};

struct ifa_macro {
	char name[IFA_NAME_MAX];
	int has_value;
	unsigned long long value;
	/*
	 * The struct whose body defines it and the field that follows: the
	 * kernel defines flags just above the field that carries them.
	 */
	char in_struct[IFA_NAME_MAX];
	char for_field[IFA_NAME_MAX];
	int line;
};

struct ifa_enum {
	char name[IFA_NAME_MAX];	/* enum tag, "" if anonymous */
	int line;
	size_t nvalues;
	struct ifa_macro values[IFA_MAX_CONSTS];
};

/* The declarations of a header, with layouts for one ABI. */
struct ifa_measure {
	size_t nstructs, nmacros, nenums;
	struct ifa_mstruct structs[IFA_MAX_MSTRUCTS];
	struct ifa_macro macros[IFA_MAX_MACROS];
	struct ifa_enum enums[IFA_MAX_ENUMS];
};

/* A run of bytes that no field covers: implicit padding. */
struct ifa_gap {
	long offset, length;
	int tail;		/* at the end of the struct */
};

#define IFA_MAX_GAPS 32

/*
 * The gaps of s, in order, into out; returns how many (at most max), or -1
 * if s cannot be mapped byte by byte (a bitfield, or a field not measured).
 */
int ifa_gaps(const struct ifa_mstruct *s, struct ifa_gap *out, int max);

const struct ifa_mstruct *ifa_measure_struct(const struct ifa_measure *m,
					     const char *name);

/* How C names the struct: "struct foo", "union bar", or a typedef name. */
void ifa_struct_ctype(const struct ifa_mstruct *s, char *dst, size_t size);
const struct ifa_mfield *ifa_measure_field(const struct ifa_mstruct *s,
					   const char *name);
/* A macro or enumerator of that name, or NULL. */
const struct ifa_macro *ifa_measure_value(const struct ifa_measure *m,
					  const char *name);

/* The bits of every flag defined for field `field` of struct st, or-ed together. */
unsigned long long ifa_measure_flag_bits(const struct ifa_measure *m, const char *st,
					 const char *field);

#endif
