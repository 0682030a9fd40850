/* SPDX-License-Identifier: GPL-2.0 */
#include "fixture.h"
#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ifa_fx_free(struct ifa_fx_file *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		free(f->s[i].kv);
	free(f->s);
	free(f->text);
	free(f->path);
	memset(f, 0, sizeof(*f));
}

/* Room for one more element of an array that grows by doubling; NULL when memory runs out. */
static void *grow(void *array, size_t *cap, size_t n, size_t size)
{
	size_t want = *cap ? *cap * 2 : 16;
	void *p;

	if (n < *cap)
		return array;
	if (want > SIZE_MAX / size)
		return NULL;
	p = realloc(array, want * size);
	if (p)
		*cap = want;
	return p;
}

/* The fixtures in text (malloc()ed, kept in f), or read from path if text is NULL. */
static int load(const char *path, char *text, struct ifa_fx_file *f, char *err, size_t errsz)
{
	struct ifa_fx_section *cur = NULL;
	const char *rerr = "out of memory";
	char *line, *next;
	int lineno = 0;

	ifa_fx_free(f);
	f->path = strdup(path);
	f->text = text ? text : ifa_read_file(path, NULL, &rerr);
	if (!f->path || !f->text) {
		ifa_fmt(err, errsz, "%s: cannot read fixtures: %s", path, f->path ? rerr : "out of memory");
		ifa_fx_free(f);
		return -1;
	}
	for (line = f->text; line; line = next) {
		char *hash, *l, *sp, *value;
		void *p;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		l = ifa_trim(line);
		if (!*l)
			continue;
		if (*l == '[') {
			char *end = strchr(l, ']');

			if (!end || end[1] || end == l + 1) {
				ifa_fmt(err, errsz, "%s:%d: a section reads [name]", path, lineno);
				goto fail;
			}
			if (!(p = grow(f->s, &f->cap, f->n, sizeof(*f->s))))
				goto oom;
			f->s = p;
			cur = &f->s[f->n++];
			memset(cur, 0, sizeof(*cur));
			*end = '\0';
			cur->name = l + 1;
			cur->line = lineno;
			continue;
		}
		if (!cur) {
			ifa_fmt(err, errsz, "%s:%d: a line before the first [section]", path, lineno);
			goto fail;
		}
		if (!(p = grow(cur->kv, &cur->cap, cur->nkv, sizeof(*cur->kv))))
			goto oom;
		cur->kv = p;
		sp = l + strcspn(l, " \t");
		value = ifa_trim(sp);
		*sp = '\0';	/* after the value is found: it may start right there */
		cur->kv[cur->nkv].key = l;
		cur->kv[cur->nkv].value = value;
		cur->kv[cur->nkv].line = lineno;
		cur->nkv++;
	}
	return 0;
oom:
	ifa_fmt(err, errsz, "%s:%d: out of memory", path, lineno);
fail:
	ifa_fx_free(f);
	return -1;
}

int ifa_fx_load(const char *path, struct ifa_fx_file *f, char *err, size_t errsz)
{
	return load(path, NULL, f, err, errsz);
}

int ifa_fx_parse(const char *path, char *text, struct ifa_fx_file *f, char *err, size_t errsz)
{
	return load(path, text, f, err, errsz);
}

const char *ifa_fx_get(const struct ifa_fx_section *s, const char *key)
{
	size_t i;

	for (i = 0; i < s->nkv; i++)
		if (!strcmp(s->kv[i].key, key))
			return s->kv[i].value;
	return NULL;
}

/* "private_data[1]" -> name "private_data", index 1 (or -1). */
static int split_index(const char *seg, size_t n, char *name, size_t size, long *index)
{
	const char *br = memchr(seg, '[', n);

	*index = -1;
	if (!br)
		return ifa_copy(name, size, seg, n);
	if (seg[n - 1] != ']')
		return -1;
	*index = strtol(br + 1, NULL, 10);
	return ifa_copy(name, size, seg, (size_t)(br - seg));
}

int ifa_fx_field(const struct ifa_spec *spec, const char *root, const char *path,
		 long *offset, long *width)
{
	const struct ifa_spec_struct *st = ifa_spec_find_struct(spec, root);
	long base = 0;

	while (st) {
		const char *dot = strchr(path, '.');
		size_t n = dot ? (size_t)(dot - path) : strlen(path);
		char name[IFA_NAME_MAX];
		long index;
		size_t i;

		if (split_index(path, n, name, sizeof(name), &index))
			return -1;
		for (i = 0; i < st->nfields && strcmp(st->fields[i].name, name); i++)
			;
		if (i == st->nfields)
			return -1;
		base += st->fields[i].offset;
		if (!dot) {
			const char *br = strchr(st->fields[i].type, '[');
			long count = br ? strtol(br + 1, NULL, 10) : 1;

			*width = st->fields[i].size;
			if (index >= 0) {
				if (!br || index >= count || count <= 0)
					return -1;
				*width /= count;
				base += index * *width;
			}
			*offset = base;
			return 0;
		}
		if (strncmp(st->fields[i].type, "struct ", 7) || index >= 0)
			return -1;
		st = ifa_spec_find_struct(spec, st->fields[i].type + 7);
		path = dot + 1;
	}
	return -1;
}

enum ifa_byte_order ifa_host_byte_order(void)
{
	const uint32_t probe = 1;

	return *(const unsigned char *)&probe == 1 ? IFA_LITTLE_ENDIAN : IFA_BIG_ENDIAN;
}

int ifa_fx_store(unsigned char *p, long width, unsigned long long v, enum ifa_byte_order order)
{
	long i;

	if (width != 1 && width != 2 && width != 4 && width != 8)
		return -1;
	if (width < 8 && v >> (8 * width))
		return -1;
	for (i = 0; i < width; i++)
		p[order == IFA_LITTLE_ENDIAN ? i : width - 1 - i] = (unsigned char)(v >> (8 * i));
	return 0;
}

static int is_own_key(const char *const *own_keys, const char *key)
{
	for (; *own_keys; own_keys++)
		if (!strcmp(*own_keys, key))
			return 1;
	return 0;
}

long ifa_fx_bytes(const struct ifa_fx_file *f, const struct ifa_fx_section *s,
		  const struct ifa_spec *spec, const char *root, size_t stride,
		  const char *const *own_keys, enum ifa_byte_order order,
		  unsigned char *out, size_t cap, char *err, size_t errsz)
{
	size_t base = 0, end = stride, i;

	if (stride > cap)
		return ifa_fmt(err, errsz, "%s:%d: record larger than %zu bytes", f->path, s->line,
			       cap), -1;
	memset(out, 0, cap);
	for (i = 0; i < s->nkv; i++) {
		const struct ifa_fx_kv *kv = &s->kv[i];
		unsigned long long v;
		long off, width;

		if (!strcmp(kv->key, "record")) {
			base += stride;
			end = base + stride;
			if (end > cap)
				return ifa_fmt(err, errsz, "%s:%d: too many records", f->path,
					       kv->line), -1;
			continue;
		}
		if (kv->key[0] == '@') {
			if (sscanf(kv->key, "@%ld:%ld", &off, &width) != 2 || off < 0)
				return ifa_fmt(err, errsz, "%s:%d: raw bytes read @OFFSET:WIDTH",
					       f->path, kv->line), -1;
		} else if (is_own_key(own_keys, kv->key)) {
			continue;
		} else if (ifa_fx_field(spec, root, kv->key, &off, &width)) {
			return ifa_fmt(err, errsz, "%s:%d: '%s' is no field of struct %s",
				       f->path, kv->line, kv->key, root), -1;
		}
		/* Apart, not as off + width: an offset near LONG_MAX must not wrap. */
		if (width < 0 || (size_t)off > stride || (size_t)width > stride - (size_t)off)
			return ifa_fmt(err, errsz, "%s:%d: %s lies past the %zu-byte record",
				       f->path, kv->line, kv->key, stride), -1;
		if (ifa_parse_value(kv->value, &v) || ifa_fx_store(out + base + off, width, v, order))
			return ifa_fmt(err, errsz, "%s:%d: %s: '%s' is not a value of %ld bytes",
				       f->path, kv->line, kv->key, kv->value, width), -1;
	}
	return (long)end;
}
