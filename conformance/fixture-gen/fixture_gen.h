/* SPDX-License-Identifier: GPL-2.0 */
/* `fixtures`: the binary form of the record and response fixtures, made from their text. */
#ifndef IFA_FIXTURE_GEN_H
#define IFA_FIXTURE_GEN_H

#include "fixture.h"

/* The kinds of fixture with a binary form. */
struct ifa_fx_kind {
	const char *file;	/* under fixtures/ */
	const char *dir;	/* under fixtures/generated/, "-be" added for big endian */
	const char *root;	/* the struct its fields belong to */
	const char *stride_key;	/* the key that gives a record's size */
	const char *const *own_keys;
};

extern const struct ifa_fx_kind ifa_fx_records, ifa_fx_responses, ifa_fx_setups;

/* The bytes of one section of a kind; the length, or -1 with err. */
long ifa_fx_section_bytes(const struct ifa_fx_kind *k, const struct ifa_fx_file *f,
			  const struct ifa_fx_section *s, const struct ifa_spec *spec,
			  enum ifa_byte_order order, unsigned char *out, size_t cap,
			  char *err, size_t errsz);

/* dir/generated/<kind>[-be], where the binaries of a kind in that byte order live. */
int ifa_fx_generated_dir(const char *dir, const struct ifa_fx_kind *k, enum ifa_byte_order order,
			 char *buf, size_t size);

/*
 * Writes (check 0) or compares (check 1) fixtures/generated/ under dir,
 * in both byte orders.
 * Returns 0 (written, or current), 1 (stale: each file named on stderr),
 * 2 (a fixture file is wrong: err).
 */
int ifa_fixtures_generate(const char *dir, const struct ifa_spec *spec, int check,
			  char *err, size_t errsz);

/* Helpers of the generators: 1 if path holds exactly these bytes; write them (0 or -1). */
int ifa_fx_same_file(const char *path, const unsigned char *bytes, size_t n);
int ifa_fx_write_file(const char *path, const unsigned char *bytes, size_t n);

/* .bin files of dir that no section of f makes: removed, or (check) named on stderr and 1. */
int ifa_fx_orphans(const char *dir, const struct ifa_fx_file *f, int check);

#endif
