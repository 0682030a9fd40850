/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fixtures of the role protocol (spec/role-protocol.md) that have a
 * binary form beyond records.txt and responses.txt: queue images, the
 * records of page groups, iommufd records, read() streams and vEVENTQ
 * streams. Field offsets come from the specs' layout tables only.
 */
#ifndef IFA_ROLE_FIXTURES_H
#define IFA_ROLE_FIXTURES_H

#include "fixture.h"

struct ifa_role_specs {
	const struct ifa_spec *ifa;	/* spec/iommu-fault-abi.md */
	const struct ifa_spec *iofd;	/* spec/iommufd-fault.md */
};

struct ifa_role_kind {
	const char *file;		/* under fixtures/ */
	const char *dir;		/* under fixtures/generated/, "-be" added for big endian */
	int iofd;			/* its structures are those of the iommufd spec */
	const char *root;		/* the struct of a record, or of an event's header */
	size_t stride;			/* fixed record size; 0: the section's `size` */
	int ring;			/* a queue image: `capacity` records, `slot N` */
	int events;			/* vEVENTQ events: `event` starts one, payload by `type` */
	const char *const *own_keys;
};

extern const struct ifa_role_kind ifa_rk_queues, ifa_rk_group_records, ifa_rk_iofd_records,
	ifa_rk_iofd_reads, ifa_rk_iofd_groups, ifa_rk_vevents;

/* The bytes of one section, and where each read() result ends. */
/* A read() result of `reads EINVAL`: no bytes, the call failed with EINVAL. */
#define IFA_READ_EINVAL ((size_t)-1)

struct ifa_role_bytes {
	unsigned char *b;
	size_t n;
	size_t *chunk;			/* the length of each read() result, in order;
					 * IFA_READ_EINVAL: a read() that failed with EINVAL */
	size_t nchunk;
};

/*
 * Builds the bytes of section s in byte order `order` (fields of an
 * explicit-endian type, __aligned_le64, in theirs). Returns 0, or -1 with
 * "path:line: what" in err. Free out with ifa_role_bytes_free().
 */
int ifa_role_bytes(const struct ifa_role_kind *k, const struct ifa_fx_file *f,
		   const struct ifa_fx_section *s, const struct ifa_role_specs *sp,
		   enum ifa_byte_order order, struct ifa_role_bytes *out, char *err, size_t errsz);
void ifa_role_bytes_free(struct ifa_role_bytes *b);

/* dir/generated/<kind>[-be]. */
int ifa_role_generated_dir(const char *dir, const struct ifa_role_kind *k,
			   enum ifa_byte_order order, char *buf, size_t size);

/*
 * Writes (check 0) or compares (check 1) the generated files of every role
 * kind, in both byte orders: 0, 1 (stale, each named on stderr), 2 (err).
 */
int ifa_role_fixtures_generate(const char *dir, const struct ifa_role_specs *sp, int check,
			       char *err, size_t errsz);

#endif
