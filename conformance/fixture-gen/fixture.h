/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fixture files of fixtures/: [sections] of "key value" lines, and the
 * bytes a record or response section describes, placed by the spec's
 * layout tables.
 */
#ifndef IFA_FIXTURE_H
#define IFA_FIXTURE_H

#include "spec.h"

#include <stddef.h>

/* The largest record or response a fixture describes: a bound of the format, checked. */
#define IFA_FX_MAX_BYTES 4096

/* Sized to the file: no count or length limit but memory. */
struct ifa_fx_kv {
	char *key;
	char *value;
	int line;
};

struct ifa_fx_section {
	char *name;
	int line;
	size_t nkv, cap;
	struct ifa_fx_kv *kv;
};

struct ifa_fx_file {
	char *path;
	char *text;		/* the file, split in place: every string above points into it */
	size_t n, cap;
	struct ifa_fx_section *s;
};

/* Records travel in host byte order (IFA-QUE-1): fixtures exist in both. */
enum ifa_byte_order { IFA_LITTLE_ENDIAN, IFA_BIG_ENDIAN };

enum ifa_byte_order ifa_host_byte_order(void);

/*
 * v into the width bytes (1, 2, 4 or 8) at p, in byte order order; -1 when
 * the width is none of those or v does not fit in it.
 */
int ifa_fx_store(unsigned char *p, long width, unsigned long long v, enum ifa_byte_order order);

/*
 * Reads a fixture file into f, which is zeroed or was loaded before (its
 * old contents are freed); -1 with "path:line: what" in err.
 */
int ifa_fx_load(const char *path, struct ifa_fx_file *f, char *err, size_t errsz);

/* The same on text in memory, named path in messages: a malloc()ed C string that f keeps. */
int ifa_fx_parse(const char *path, char *text, struct ifa_fx_file *f, char *err, size_t errsz);

void ifa_fx_free(struct ifa_fx_file *f);

/* The value of the first key of that name, or NULL. */
const char *ifa_fx_get(const struct ifa_fx_section *s, const char *key);

/*
 * The bytes of a record or response section: every key that names a field
 * of `root` in the spec's tables (prm.addr, private_data[1], argsz) or is
 * @OFFSET:WIDTH is stored in byte order `order`; `record` starts the next one of
 * `stride` bytes; the keys in own_keys (NULL-terminated) are the caller's,
 * and any other key is an error, so a misspelt field is never ignored.
 * Returns the length, or -1 with "path:line: what" in err.
 */
long ifa_fx_bytes(const struct ifa_fx_file *f, const struct ifa_fx_section *s,
		  const struct ifa_spec *spec, const char *root, size_t stride,
		  const char *const *own_keys, enum ifa_byte_order order,
		  unsigned char *out, size_t cap, char *err, size_t errsz);

/* Resolves a field path of struct root to its offset and width; -1 if unknown. */
int ifa_fx_field(const struct ifa_spec *spec, const char *root, const char *path,
		 long *offset, long *width);

#endif
