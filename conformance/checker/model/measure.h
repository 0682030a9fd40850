/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a header declares, and its layout as one engine measured it on one
 * ABI. Every array grows with what the header holds: no count or name
 * length is limited.
 */
#ifndef IFA_MEASURE_H
#define IFA_MEASURE_H

#include <stddef.h>

/* Type classes that the portability rules tell apart. */
enum ifa_type_class {
	IFA_T_FIXED,		/* __u8 .. __aligned_u64, __s8 .. __s64, __le/__be types */
	IFA_T_U64,		/* a 64-bit type without explicit alignment: __u64, __s64, __le64 */
	IFA_T_RECORD,		/* struct or union */
	IFA_T_ENUM,
	IFA_T_POINTER,
	IFA_T_BOOL,
	IFA_T_LONG,		/* long and unsigned long: 4 or 8 bytes by ABI */
	IFA_T_PLAIN,		/* char, short, int, other typedefs */
};

struct ifa_mfield {
	const char *name;
	const char *type;		/* as written, arrays as T[N], pointers with their '*' */
	const char *record;		/* the struct or union a RECORD field embeds, else "" */
	enum ifa_type_class tclass;
	long offset, size, align;
	int bitfield;			/* width in bits, 0 if not a bitfield */
	int flexible;			/* a flexible array member: size 0 */
	int union_group;		/* >0: siblings in one anonymous union */
	int line;
};

struct ifa_mstruct {
	const char *name;
	int is_union;
	int typedef_name;		/* anonymous, known by its typedef name only */
	long size, align;
	int line;
	size_t nfields, capfields;
	struct ifa_mfield *fields;
};

struct ifa_macro {
	const char *name;
	int has_value;
	unsigned long long value;
	/*
	 * The struct whose body defines it and the field that follows: the
	 * kernel defines flags just above the field that carries them.
	 */
	const char *in_struct;
	const char *for_field;
	int line;
};

struct ifa_enum {
	const char *name;		/* enum tag, "" if anonymous */
	int line;
	size_t nvalues, capvalues;
	struct ifa_macro *values;
};

/* The declarations of a header, with layouts for one ABI. */
struct ifa_measure {
	size_t nstructs, nmacros, nenums;
	size_t capstructs, capmacros, capenums;
	struct ifa_mstruct *structs;
	struct ifa_macro *macros;
	struct ifa_enum *enums;
	/* The files a host parse included, as its compiler found them (strings owned here). */
	const char **includes;
	size_t nincludes, capincludes;
	/* Strings this measure owns, freed with it. */
	char **strs;
	size_t nstrs, capstrs;
	/* A layout copy: names, macros and enums belong to the measure it copies. */
	int borrowed;
};

/* A run of bytes that no field covers: implicit padding. */
struct ifa_gap {
	long offset, length;
	int tail;		/* at the end of the struct */
};

/* Appending; each returns the new element, zeroed, or NULL when memory runs out. */
struct ifa_mstruct *ifa_measure_add_struct(struct ifa_measure *m);
struct ifa_mfield *ifa_measure_add_field(struct ifa_mstruct *s);
struct ifa_macro *ifa_measure_add_macro(struct ifa_measure *m);
struct ifa_enum *ifa_measure_add_enum(struct ifa_measure *m);
struct ifa_macro *ifa_measure_add_value(struct ifa_enum *e);

/* Appends path to m->includes; 0, or -1 when memory runs out. */
int ifa_measure_add_include(struct ifa_measure *m, const char *path);

/* A copy of s (n bytes, or all of it when n is (size_t)-1) owned by m; "" when memory runs out. */
const char *ifa_measure_str(struct ifa_measure *m, const char *s, size_t n);

/*
 * dst becomes a copy of decls whose layout numbers may be overwritten:
 * its own structs and fields, the rest borrowed from decls (which must
 * outlive it). Returns 0, or -1 when memory runs out.
 */
int ifa_measure_copy_layout(struct ifa_measure *dst, const struct ifa_measure *decls);

/* Frees what m holds and zeroes it. */
void ifa_measure_free(struct ifa_measure *m);

/*
 * The gaps of s, in order, into *out (malloc'ed, free it); returns how
 * many, or -1 if s cannot be mapped byte by byte (a bitfield, or a field
 * not measured) or memory runs out.
 */
int ifa_gaps(const struct ifa_mstruct *s, struct ifa_gap **out);

const struct ifa_mstruct *ifa_measure_struct(const struct ifa_measure *m,
					     const char *name);

/* What C puts before the name: "struct ", "union ", or "" for a typedef name. */
const char *ifa_struct_kind(const struct ifa_mstruct *s);
const struct ifa_mfield *ifa_measure_field(const struct ifa_mstruct *s,
					   const char *name);
/*
 * 1 if a and b have one layout: one size and the same offset, size and
 * bitfield width for every field. The one predicate of "the same layout"
 * that layout, diff and the portability checks share.
 */
int ifa_same_layout(const struct ifa_mstruct *a, const struct ifa_mstruct *b);

/* A macro or enumerator of that name, or NULL. */
const struct ifa_macro *ifa_measure_value(const struct ifa_measure *m,
					  const char *name);

/* The bits of every flag defined for field `field` of struct st, or-ed together. */
unsigned long long ifa_measure_flag_bits(const struct ifa_measure *m, const char *st,
					 const char *field);

#endif
