/* SPDX-License-Identifier: GPL-2.0 */
#define _GNU_SOURCE
#include "role_fixtures.h"
#include "fixture.h"
#include "fixture_gen.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The vEVENTQ header flag of a lost-events record (Table C-4), which carries no payload. */
#define LOST_EVENTS_FLAG 0x1ull

static const char *const queue_keys[] = { "rule", "level", "size", "capacity", "head", "tail",
					  "lost", "seen", "slot", "record", "expect", "note", NULL };
static const char *const group_keys[] = { "rule", "level", "size", "code", "record",
					  "lost-before", "expect", "note", NULL };
static const char *const iofd_record_keys[] = { "rule", "record", "expect", "note", NULL };
static const char *const iofd_read_keys[] = { "rule", "max-group", "reads", "record", "expect",
					      "note", NULL };
static const char *const iofd_group_keys[] = { "rule", "code", "record", "expect", "note", NULL };
static const char *const vevent_keys[] = { "rule", "type", "last-seq", "reads", "event",
					   "expect", "note", NULL };

const struct ifa_role_kind ifa_rk_queues = {
	"queue-images.txt", "queue-images", 0, "iommu_fault", 0, 1, 0, queue_keys,
};
const struct ifa_role_kind ifa_rk_group_records = {
	"group-responses.txt", "group-records", 0, "iommu_fault", 0, 0, 0, group_keys,
};
const struct ifa_role_kind ifa_rk_iofd_records = {
	"iommufd-records.txt", "iommufd-records", 1, "iommu_hwpt_pgfault", 40, 0, 0,
	iofd_record_keys,
};
const struct ifa_role_kind ifa_rk_iofd_reads = {
	"iommufd-reader.txt", "iommufd-reads", 1, "iommu_hwpt_pgfault", 40, 0, 0, iofd_read_keys,
};
const struct ifa_role_kind ifa_rk_iofd_groups = {
	"iommufd-responses.txt", "iommufd-groups", 1, "iommu_hwpt_pgfault", 40, 0, 0,
	iofd_group_keys,
};
const struct ifa_role_kind ifa_rk_vevents = {
	"iommufd-vevents.txt", "iommufd-vevents", 1, "iommufd_vevent_header", 0, 0, 1, vevent_keys,
};

static const struct ifa_role_kind *const kinds[] = {
	&ifa_rk_queues, &ifa_rk_group_records, &ifa_rk_iofd_records, &ifa_rk_iofd_reads,
	&ifa_rk_iofd_groups, &ifa_rk_vevents,
};

void ifa_role_bytes_free(struct ifa_role_bytes *b)
{
	free(b->b);
	free(b->chunk);
	memset(b, 0, sizeof(*b));
}

static int is_own(const struct ifa_role_kind *k, const char *key)
{
	const char *const *o;

	for (o = k->own_keys; *o; o++)
		if (!strcmp(*o, key))
			return 1;
	return 0;
}

/* 1 if the top-level field of path in struct root has an explicit little-endian type. */
static int field_is_le(const struct ifa_spec *spec, const char *root, const char *path)
{
	const struct ifa_spec_struct *st = ifa_spec_find_struct(spec, root);
	size_t n = strcspn(path, ".["), i;

	for (i = 0; st && i < st->nfields; i++)
		if (strlen(st->fields[i].name) == n && !strncmp(st->fields[i].name, path, n))
			return strstr(st->fields[i].type, "le16") || strstr(st->fields[i].type, "le32") ||
			       strstr(st->fields[i].type, "le64");
	return 0;
}

static long size_of(const struct ifa_spec *spec, const char *name)
{
	const struct ifa_spec_struct *st = ifa_spec_find_struct(spec, name);

	return st ? st->size : -1;
}

/* The payload struct of a vEVENTQ type, as the spec names it: the constant
 * IOMMU_VEVENTQ_TYPE_X of that value carries struct iommu_vevent_x. NULL when
 * no type has the value or the spec has no layout of its payload. */
static const char *payload_of(const struct ifa_spec *spec, unsigned long long type,
			      char *name, size_t size)
{
	static const char prefix[] = "IOMMU_VEVENTQ_TYPE_";
	size_t i, j, k;

	for (i = 0; i < spec->ntables; i++)
		for (j = 0; j < spec->tables[i].nconsts; j++) {
			const struct ifa_spec_const *c = &spec->tables[i].consts[j];

			if (c->value != type || strncmp(c->name, prefix, sizeof(prefix) - 1))
				continue;
			k = (size_t)snprintf(name, size, "iommu_vevent_%s", c->name + sizeof(prefix) - 1);
			if (k >= size)
				return NULL;
			for (k = 0; name[k]; k++)
				name[k] = (char)tolower((unsigned char)name[k]);
			return ifa_spec_find_struct(spec, name) ? name : NULL;
		}
	return NULL;
}

static int number(const struct ifa_fx_file *f, const struct ifa_fx_section *s, const char *key,
		  unsigned long long *v, char *err, size_t errsz)
{
	const char *text = ifa_fx_get(s, key);

	if (!text || ifa_parse_value(text, v))
		return ifa_fmt(err, errsz, "%s:%d: [%s] needs `%s N`", f->path, s->line, s->name,
			       key), -1;
	return 0;
}

/* Where each unit (record or event) starts and how long it is: first pass. */
struct layout {
	size_t *start, *len, n, total;
};

static int plan(const struct ifa_role_kind *k, const struct ifa_fx_file *f,
		const struct ifa_fx_section *s, size_t stride,
		unsigned long long capacity, long hdr, long payload, struct layout *l,
		char *err, size_t errsz)
{
	size_t i, units = k->events ? 0 : 1;

	for (i = 0; i < s->nkv; i++)
		units += !strcmp(s->kv[i].key, k->events ? "event" : "record");
	if (k->ring)
		units = (size_t)capacity;
	if (!units)
		return ifa_fmt(err, errsz, "%s:%d: [%s] has no `event`", f->path, s->line, s->name), -1;
	l->n = units;
	l->start = calloc(units, sizeof(size_t));
	l->len = calloc(units, sizeof(size_t));
	if (!l->start || !l->len)
		return ifa_fmt(err, errsz, "%s:%d: out of memory", f->path, s->line), -1;
	if (!k->events) {
		for (i = 0; i < units; i++) {
			if (i && stride > SIZE_MAX / i)
				return ifa_fmt(err, errsz, "%s:%d: too large", f->path, s->line), -1;
			l->start[i] = i * stride;
			l->len[i] = stride;
		}
		l->total = units * stride;
		return 0;
	}
	/* An event's length: its header, and its payload unless it is a lost-events record. */
	for (i = 0, units = 0; i < s->nkv; i++) {
		const struct ifa_fx_kv *kv = &s->kv[i];
		unsigned long long v;

		if (!strcmp(kv->key, "event")) {
			l->start[units] = l->total;
			l->len[units] = (size_t)(hdr + payload);
			l->total += l->len[units++];
		} else if (!units && !is_own(k, kv->key)) {
			return ifa_fmt(err, errsz, "%s:%d: %s before the first `event`", f->path,
				       kv->line, kv->key), -1;
		} else if (!strcmp(kv->key, "flags") && !ifa_parse_value(kv->value, &v) &&
			   (v & LOST_EVENTS_FLAG) && l->len[units - 1] != (size_t)hdr) {
			l->total -= (size_t)payload;
			l->len[units - 1] = (size_t)hdr;
		}
	}
	return 0;
}

int ifa_role_bytes(const struct ifa_role_kind *k, const struct ifa_fx_file *f,
		   const struct ifa_fx_section *s, const struct ifa_role_specs *sp,
		   enum ifa_byte_order order, struct ifa_role_bytes *out, char *err, size_t errsz)
{
	const struct ifa_spec *spec = k->iofd ? sp->iofd : sp->ifa;
	const char *payload_root = NULL, *reads;
	char payload_name[IFA_NAME_MAX];
	unsigned long long stride = k->stride, capacity = 0, type = 0;
	long hdr = 0, payload = 0;
	struct layout l = { 0 };
	size_t i, unit = 0;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (!ifa_fx_get(s, "rule"))
		return ifa_fmt(err, errsz, "%s:%d: [%s] needs a rule line", f->path, s->line,
			       s->name), -1;
	if (!stride && !k->events && (number(f, s, "size", &stride, err, errsz) || !stride))
		return ifa_fmt(err, errsz, "%s:%d: [%s] needs `size N`, N > 0", f->path, s->line,
			       s->name), -1;
	if (k->ring && (number(f, s, "capacity", &capacity, err, errsz) || !capacity ||
			capacity > 1u << 20))
		return ifa_fmt(err, errsz, "%s:%d: [%s] needs `capacity N`, 0 < N <= 2^20",
			       f->path, s->line, s->name), -1;
	if (k->events) {
		if (number(f, s, "type", &type, err, errsz))
			return -1;
		payload_root = payload_of(spec, type, payload_name, sizeof(payload_name));
		hdr = size_of(spec, k->root);
		payload = payload_root ? size_of(spec, payload_root) : -1;
		if (hdr < 0 || payload < 0)
			return ifa_fmt(err, errsz, "%s:%d: [%s]: no layout of the header or of a "
				       "payload of type %llu in the spec", f->path, s->line, s->name,
				       type), -1;
	}
	if (plan(k, f, s, (size_t)stride, capacity, hdr, payload, &l, err, errsz))
		goto out;
	out->n = l.total;
	out->b = calloc(l.total ? l.total : 1, 1);
	if (!out->b) {
		ifa_fmt(err, errsz, "%s:%d: out of memory", f->path, s->line);
		goto out;
	}
	for (i = 0; i < s->nkv; i++) {
		const struct ifa_fx_kv *kv = &s->kv[i];
		unsigned long long v;
		long off, width;
		size_t base, len;
		int le = 0;

		if (!strcmp(kv->key, "record") || (k->events && !strcmp(kv->key, "event"))) {
			unit++;
			continue;
		}
		if (k->ring && !strcmp(kv->key, "slot")) {
			if (ifa_parse_value(kv->value, &v) || v >= capacity) {
				ifa_fmt(err, errsz, "%s:%d: slot %s is not below the capacity %llu",
					f->path, kv->line, kv->value, capacity);
				goto out;
			}
			unit = (size_t)v;
			continue;
		}
		if (is_own(k, kv->key))
			continue;
		/* The index of the unit the key belongs to: events count from their first `event`. */
		{
			size_t u = k->events ? unit - 1 : unit;

			if (u >= l.n) {
				ifa_fmt(err, errsz, "%s:%d: %s lies past the last record", f->path,
					kv->line, kv->key);
				goto out;
			}
			base = l.start[u];
			len = l.len[u];
		}
		if (kv->key[0] == '@') {
			if (sscanf(kv->key, "@%ld:%ld", &off, &width) != 2 || off < 0) {
				ifa_fmt(err, errsz, "%s:%d: raw bytes read @OFFSET:WIDTH", f->path,
					kv->line);
				goto out;
			}
		} else if (!ifa_fx_field(spec, k->root, kv->key, &off, &width)) {
			le = field_is_le(spec, k->root, kv->key);
		} else if (payload_root && !ifa_fx_field(spec, payload_root, kv->key, &off, &width)) {
			if (len == (size_t)hdr) {
				ifa_fmt(err, errsz, "%s:%d: %s: a lost-events record has no payload",
					f->path, kv->line, kv->key);
				goto out;
			}
			off += hdr;
			le = field_is_le(spec, payload_root, kv->key);
		} else {
			ifa_fmt(err, errsz, "%s:%d: '%s' is no field of struct %s%s%s", f->path,
				kv->line, kv->key, k->root, payload_root ? " or struct " : "",
				payload_root ? payload_root : "");
			goto out;
		}
		if (width < 0 || (size_t)off > len || (size_t)width > len - (size_t)off) {
			ifa_fmt(err, errsz, "%s:%d: %s lies past the %zu-byte record", f->path,
				kv->line, kv->key, len);
			goto out;
		}
		if (ifa_parse_value(kv->value, &v) ||
		    ifa_fx_store(out->b + base + off, width, v, le ? IFA_LITTLE_ENDIAN : order)) {
			ifa_fmt(err, errsz, "%s:%d: %s: '%s' is not a value of %ld bytes", f->path,
				kv->line, kv->key, kv->value, width);
			goto out;
		}
	}
	/* read() results: `reads N...` records or events each, 0 a read that returned 0,
	 * EINVAL a read that failed with EINVAL. */
	reads = ifa_fx_get(s, "reads");
	out->chunk = calloc(l.n + 1 + (reads ? strlen(reads) : 0), sizeof(size_t));
	if (!out->chunk) {
		ifa_fmt(err, errsz, "%s:%d: out of memory", f->path, s->line);
		goto out;
	}
	if (!reads) {
		out->chunk[out->nchunk++] = l.total;
	} else {
		const char *p = reads;
		size_t used = 0;

		while (*p) {
			char *end;
			unsigned long c;
			size_t j, bytes = 0;

			if (!strncmp(p, "EINVAL", 6) && (!p[6] || p[6] == ' ' || p[6] == '\t')) {
				out->chunk[out->nchunk++] = IFA_READ_EINVAL;
				p += 6 + strspn(p + 6, " \t");
				continue;
			}
			c = strtoul(p, &end, 10);

			if (end == p || c > l.n - used) {
				ifa_fmt(err, errsz, "%s:%d: [%s]: `reads` lists %s units of %zu",
					f->path, s->line, s->name, end == p ? "no" : "more", l.n);
				goto out;
			}
			for (j = used; j < used + c; j++)
				bytes += l.len[j];
			used += c;
			out->chunk[out->nchunk++] = bytes;
			p = end + strspn(end, " \t");
		}
		if (used != l.n) {
			ifa_fmt(err, errsz, "%s:%d: [%s]: `reads` takes %zu of %zu units", f->path,
				s->line, s->name, used, l.n);
			goto out;
		}
	}
	rc = 0;
out:
	free(l.start);
	free(l.len);
	if (rc)
		ifa_role_bytes_free(out);
	return rc;
}

int ifa_role_generated_dir(const char *dir, const struct ifa_role_kind *k,
			   enum ifa_byte_order order, char *buf, size_t size)
{
	return ifa_fmt(buf, size, "%s/generated/%s%s", dir, k->dir,
		       order == IFA_BIG_ENDIAN ? "-be" : "");
}

static int generate_kind(const char *dir, const struct ifa_role_kind *k,
			 enum ifa_byte_order order, const struct ifa_role_specs *sp, int check,
			 char *err, size_t errsz)
{
	struct ifa_fx_file f = { 0 };
	char src[PATH_MAX + 64], out[PATH_MAX + 64], *path = NULL;
	int stale = 0, rc = 2;
	size_t i;

	if (ifa_fmt(src, sizeof(src), "%s/%s", dir, k->file) ||
	    ifa_role_generated_dir(dir, k, order, out, sizeof(out)))
		return ifa_fmt(err, errsz, "%s: path too long", dir), 2;
	if (ifa_fx_load(src, &f, err, errsz))
		return 2;
	if (!check) {
		if (asprintf(&path, "%s/generated", dir) < 0) {
			ifa_fmt(err, errsz, "%s: out of memory", src);
			goto done;
		}
		if ((mkdir(path, 0755) && errno != EEXIST) || (mkdir(out, 0755) && errno != EEXIST)) {
			ifa_fmt(err, errsz, "%s: cannot create: %s", out, strerror(errno));
			goto done;
		}
	}
	for (i = 0; i < f.n; i++) {
		struct ifa_role_bytes b;

		if (ifa_role_bytes(k, &f, &f.s[i], sp, order, &b, err, errsz))
			goto done;
		free(path);
		if (asprintf(&path, "%s/%s.bin", out, f.s[i].name) < 0) {
			path = NULL;
			ifa_fmt(err, errsz, "%s: out of memory", src);
			ifa_role_bytes_free(&b);
			goto done;
		}
		if (!ifa_fx_same_file(path, b.b, b.n)) {
			if (check) {
				fprintf(stderr, "stale: %s is not what [%s] of %s says\n", path,
					f.s[i].name, src);
				stale = 1;
			} else if (ifa_fx_write_file(path, b.b, b.n)) {
				ifa_fmt(err, errsz, "%s: cannot write: %s", path, strerror(errno));
				ifa_role_bytes_free(&b);
				goto done;
			}
		}
		ifa_role_bytes_free(&b);
	}
	rc = ifa_fx_orphans(out, &f, check) || stale;
done:
	free(path);
	ifa_fx_free(&f);
	return rc;
}

int ifa_role_fixtures_generate(const char *dir, const struct ifa_role_specs *sp, int check,
			       char *err, size_t errsz)
{
	int stale = 0;
	size_t i;

	for (i = 0; i < 2 * sizeof(kinds) / sizeof(kinds[0]); i++) {
		int rc = generate_kind(dir, kinds[i / 2], i % 2 ? IFA_BIG_ENDIAN : IFA_LITTLE_ENDIAN,
				       sp, check, err, errsz);

		if (rc == 2)
			return 2;
		stale |= rc;
	}
	return stale;
}
