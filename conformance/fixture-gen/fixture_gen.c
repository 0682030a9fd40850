/* SPDX-License-Identifier: GPL-2.0 */
#include "fixture_gen.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const record_keys[] = { "rule", "level", "size", "expect", "note", NULL };
static const char *const response_keys[] = { "rule", "length", "expect", "note", NULL };

static const char *const setup_keys[] = { "rule", "length", "expect", "note", "advertised",
					   "queue", "eventfd-file", "memory", "memlock", NULL };

/* Setups are read by the kernel's checks only: they have no binary form. */
const struct ifa_fx_kind ifa_fx_setups = {
	"setup.txt", "setups", "iommu_fault_queue_setup", "length", setup_keys,
};

const struct ifa_fx_kind ifa_fx_records = {
	"records.txt", "records", "iommu_fault", "size", record_keys,
};
const struct ifa_fx_kind ifa_fx_responses = {
	"responses.txt", "responses", "iommu_fault_response", "length", response_keys,
};

long ifa_fx_section_bytes(const struct ifa_fx_kind *k, const struct ifa_fx_file *f,
			  const struct ifa_fx_section *s, const struct ifa_spec *spec,
			  enum ifa_byte_order order, unsigned char *out, size_t cap,
			  char *err, size_t errsz)
{
	const char *stride = ifa_fx_get(s, k->stride_key);
	unsigned long long n;

	if (!stride || ifa_parse_value(stride, &n) || n == 0)
		return ifa_fmt(err, errsz, "%s:%d: [%s] needs `%s N`", f->path, s->line, s->name,
			       k->stride_key), -1;
	if (!ifa_fx_get(s, "rule") || !ifa_fx_get(s, "expect"))
		return ifa_fmt(err, errsz, "%s:%d: [%s] needs a rule and an expect line", f->path,
			       s->line, s->name), -1;
	return ifa_fx_bytes(f, s, spec, k->root, (size_t)n, k->own_keys, order, out, cap, err,
			    errsz);
}

int ifa_fx_generated_dir(const char *dir, const struct ifa_fx_kind *k, enum ifa_byte_order order,
			 char *buf, size_t size)
{
	return ifa_fmt(buf, size, "%s/generated/%s%s", dir, k->dir,
		       order == IFA_BIG_ENDIAN ? "-be" : "");
}

/* 1 if the file holds exactly these bytes. */
int ifa_fx_same_file(const char *path, const unsigned char *bytes, size_t n)
{
	const char *rerr;
	size_t len;
	char *old = ifa_read_file(path, &len, &rerr);
	int same = old && len == n && !memcmp(old, bytes, n);

	free(old);
	return same;
}

int ifa_fx_write_file(const char *path, const unsigned char *bytes, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		return -1;
	if (fwrite(bytes, 1, n, f) != n) {
		fclose(f);
		return -1;
	}
	return fclose(f);
}

/* Files in the generated directory that no section makes any more. */
int ifa_fx_orphans(const char *dir, const struct ifa_fx_file *f, int check)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int stale = 0;

	while (d && (e = readdir(d))) {
		char name[128], path[1200];
		size_t i, len = strlen(e->d_name);

		if (len < 5 || strcmp(e->d_name + len - 4, ".bin"))
			continue;
		ifa_copy(name, sizeof(name), e->d_name, len - 4);
		for (i = 0; i < f->n && strcmp(f->s[i].name, name); i++)
			;
		if (i < f->n)
			continue;
		ifa_fmt(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (check) {
			fprintf(stderr, "stale: %s has no fixture any more\n", path);
			stale = 1;
		} else {
			remove(path);
		}
	}
	if (d)
		closedir(d);
	return stale;
}

static int generate_kind(const char *dir, const struct ifa_fx_kind *k, enum ifa_byte_order order,
			 const struct ifa_spec *spec, int check, char *err, size_t errsz)
{
	static struct ifa_fx_file f;
	static unsigned char bytes[IFA_FX_MAX_BYTES];
	char src[1024], out[1024], path[1200];
	int stale = 0;
	size_t i;

	ifa_fmt(src, sizeof(src), "%s/%s", dir, k->file);
	ifa_fx_generated_dir(dir, k, order, out, sizeof(out));
	if (ifa_fx_load(src, &f, err, errsz))
		return 2;
	if (!check) {
		ifa_fmt(path, sizeof(path), "%s/generated", dir);
		if ((mkdir(path, 0755) && errno != EEXIST) || (mkdir(out, 0755) && errno != EEXIST))
			return ifa_fmt(err, errsz, "%s: cannot create: %s", out, strerror(errno)), 2;
	}
	for (i = 0; i < f.n; i++) {
		long n = ifa_fx_section_bytes(k, &f, &f.s[i], spec, order, bytes, sizeof(bytes),
					      err, errsz);

		if (n < 0)
			return 2;
		ifa_fmt(path, sizeof(path), "%s/%s.bin", out, f.s[i].name);
		if (ifa_fx_same_file(path, bytes, (size_t)n))
			continue;
		if (check) {
			fprintf(stderr, "stale: %s is not what [%s] of %s says\n", path, f.s[i].name, src);
			stale = 1;
		} else if (ifa_fx_write_file(path, bytes, (size_t)n)) {
			return ifa_fmt(err, errsz, "%s: cannot write: %s", path, strerror(errno)), 2;
		}
	}
	return ifa_fx_orphans(out, &f, check) || stale;
}

int ifa_fixtures_generate(const char *dir, const struct ifa_spec *spec, int check,
			  char *err, size_t errsz)
{
	const struct ifa_fx_kind *kinds[] = { &ifa_fx_records, &ifa_fx_responses };
	int stale = 0;
	size_t i;

	for (i = 0; i < 4; i++) {
		int rc = generate_kind(dir, kinds[i / 2], i % 2 ? IFA_BIG_ENDIAN : IFA_LITTLE_ENDIAN,
				       spec, check, err, errsz);

		if (rc == 2)
			return 2;
		stale |= rc;
	}
	return stale;
}
