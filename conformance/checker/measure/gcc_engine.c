/* SPDX-License-Identifier: GPL-2.0 */
#define _GNU_SOURCE
#include "gcc_engine.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int ifa_gcc_available(const struct ifa_abi *abi)
{
	const char *path = getenv("PATH");
	char buf[4096], full[4600], *dir, *save;

	if (!abi->gcc || !path || ifa_copy(buf, sizeof(buf), path, strlen(path)))
		return 0;
	for (dir = strtok_r(buf, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		if (ifa_fmt(full, sizeof(full), "%s/%s", *dir ? dir : ".", abi->gcc))
			continue;
		if (access(full, X_OK) == 0)
			return 1;
	}
	return 0;
}

/* dir/name into a new string; NULL when memory runs out. */
static char *path_in(const char *dir, const char *name)
{
	char *p;

	return asprintf(&p, "%s/%s", dir, name) < 0 ? NULL : p;
}

/*
 * The probe is one array of 64-bit values in section .ifa_probe: for each
 * struct of decls, in order, its size and alignment, then for each field
 * that is not a bitfield its offset and, unless it is a flexible array,
 * its size and alignment. A static initializer costs the compiler no code
 * generation, and the object carries the numbers as data. A batch probe
 * holds the values of several headers' declarations, one after the other.
 */
static void probe_values(FILE *f, const struct ifa_measure *decls)
{
	size_t i, j;

	for (i = 0; i < decls->nstructs; i++) {
		const struct ifa_mstruct *s = &decls->structs[i];
		const char *k = ifa_struct_kind(s);

		fprintf(f, "\tsizeof(%s%s), __alignof__(%s%s),\n", k, s->name, k, s->name);
		for (j = 0; j < s->nfields; j++) {
			const char *fn = s->fields[j].name;

			if (s->fields[j].bitfield)	/* offsetof and sizeof do not apply */
				continue;
			fprintf(f, "\t__builtin_offsetof(%s%s, %s),\n", k, s->name, fn);
			if (s->fields[j].flexible)	/* no size; its elements' alignment */
				continue;
			fprintf(f, "\tsizeof(((%s%s *)0)->%s), __alignof__(((%s%s *)0)->%s),\n",
				k, s->name, fn, k, s->name, fn);
		}
	}
}

/*
 * mark: each header's part of a batch probe under its own file name
 * (IFA_PROBE_PART), so that a compiler's message on a struct the target
 * lacks names the header it came from.
 */
static int write_probe_file(const char *path, const struct ifa_measure *const *decls, size_t n,
			    int mark, char *err, size_t errsz)
{
	FILE *f = fopen(path, "w");
	size_t i;

	if (!f)
		return ifa_fmt(err, errsz, "%s: %s", path, strerror(errno)), -1;
	fprintf(f, "__attribute__((used, section(\".ifa_probe\")))\n"
		   "static const unsigned long long ifa_probe[] = {\n");
	for (i = 0; i < n; i++) {
		if (mark)
			fprintf(f, "#line 1 \"" IFA_PROBE_PART "\"\n", i);
		probe_values(f, decls[i]);
	}
	fprintf(f, "\t0\n};\n");
	if (fclose(f))
		return ifa_fmt(err, errsz, "%s: %s", path, strerror(errno)), -1;
	return 0;
}

int ifa_gcc_write_probe(const char *workdir, const char *header,
			const struct ifa_measure *decls, char *err, size_t errsz)
{
	char *path = path_in(workdir, "probe.c");
	int rc;

	/* The header comes in with -include: its path, whatever its bytes, is an argument. */
	(void)header;
	if (!path)
		return ifa_fmt(err, errsz, "%s: out of memory", workdir), -1;
	rc = write_probe_file(path, &decls, 1, 0, err, errsz);
	free(path);
	return rc;
}

int ifa_gcc_write_batch_probe(const char *dir, const struct ifa_measure *const *decls, size_t n,
			      char *err, size_t errsz)
{
	char *path = path_in(dir, "probe.c");
	int rc;

	if (!path || (mkdir(dir, 0700) && errno != EEXIST)) {
		ifa_fmt(err, errsz, "%s: %s", dir, path ? strerror(errno) : "out of memory");
		free(path);
		return -1;
	}
	rc = write_probe_file(path, decls, n, 1, err, errsz);
	free(path);
	return rc;
}

/*
 * Starts job->abi's compiler on src with an -include per header, output
 * in job->dir (which must exist): probe.o and compiler.err.
 */
static int start_compiler(struct ifa_gcc_job *job, const char *src, const char *const *headers,
			  size_t nh, const char *const *inc, int ninc)
{
	const char **argv;
	char flagbuf[256], *obj = NULL, *errpath = NULL;
	size_t argc = 0, i;

	job->exit_status = -1;
	job->pid = -1;
	argv = calloc(2 * nh + (size_t)(ninc > 0 ? ninc : 0) + 32, sizeof(*argv));
	obj = path_in(job->dir, "probe.o");
	errpath = path_in(job->dir, "compiler.err");
	if (!argv || !obj || !errpath)
		goto out;
	argv[argc++] = job->abi->gcc;
	argc += (size_t)ifa_split_flags(job->abi->gcc_flags, flagbuf, sizeof(flagbuf), argv + argc, 8);
	for (i = 0; i < (size_t)(ninc > 0 ? ninc : 0); i++)
		argv[argc++] = inc[i];
	for (i = 0; i < nh; i++) {
		argv[argc++] = "-include";
		argv[argc++] = headers[i];
	}
	argv[argc++] = "-std=gnu11";
	argv[argc++] = "-w";
	argv[argc++] = "-fno-diagnostics-show-caret";
	argv[argc++] = "-g";		/* DWARF of every type, for pahole */
	argv[argc++] = "-fno-eliminate-unused-debug-types";
	argv[argc++] = "-O0";
	argv[argc++] = "-c";
	argv[argc++] = "-o";
	argv[argc++] = obj;
	argv[argc++] = src;
	argv[argc] = NULL;
	job->pid = ifa_spawn(argv, NULL, errpath);
out:
	free(argv);
	free(obj);
	free(errpath);
	return job->pid > 0 ? 0 : -1;
}

int ifa_gcc_start(struct ifa_gcc_job *job, const char *workdir, const char *header,
		  const char *const *inc, int ninc)
{
	char *src;
	int rc;

	job->exit_status = -1;
	job->pid = -1;
	free(job->dir);
	job->dir = path_in(workdir, job->abi->name);
	if (!job->dir || (mkdir(job->dir, 0700) && errno != EEXIST))
		return -1;
	src = path_in(workdir, "probe.c");
	rc = src ? start_compiler(job, src, &header, 1, inc, ninc) : -1;
	free(src);
	return rc;
}

int ifa_gcc_start_batch(struct ifa_gcc_job *job, const char *batchdir, const char *const *headers,
			size_t nh, const char *const *inc, int ninc)
{
	char *src;
	int rc;

	job->exit_status = -1;
	job->pid = -1;
	free(job->dir);
	job->dir = path_in(batchdir, job->abi->name);
	if (!job->dir || (mkdir(job->dir, 0700) && errno != EEXIST))
		return -1;
	src = path_in(batchdir, "probe.c");
	rc = src ? start_compiler(job, src, headers, nh, inc, ninc) : -1;
	free(src);
	return rc;
}

void ifa_gcc_wait(struct ifa_gcc_job *job)
{
	if (job->pid > 0)
		job->exit_status = ifa_wait(job->pid);
}

void ifa_gcc_job_free(struct ifa_gcc_job *job)
{
	free(job->dir);
	job->dir = NULL;
}

/* An unsigned field of n bytes at p, in the object's byte order. */
static unsigned long long elf_uint(const unsigned char *p, int n, int big)
{
	unsigned long long v = 0;
	int i;

	for (i = 0; i < n; i++)
		v |= (unsigned long long)p[big ? n - 1 - i : i] << (8 * i);
	return v;
}

/*
 * The bytes of section .ifa_probe of the ELF object at path (free them),
 * *len of them, and whether the object is big endian: the object is read
 * as data, whatever its class and byte order.
 */
static unsigned char *probe_section(const char *path, size_t *secsz, int *big_endian,
				    const char **err)
{
	size_t len, i;
	unsigned char *o = (unsigned char *)ifa_read_file(path, &len, err);
	int wide, big;
	unsigned long long shoff, shentsize, shnum, shstrndx, stroff = 0;
	unsigned char *text = NULL;

#define U(off, n) elf_uint(o + (off), (n), big)
	if (!o)
		return NULL;
	*err = "not an ELF object with a .ifa_probe section";
	if (len < 64 || memcmp(o, "\177ELF", 4) || (o[4] != 1 && o[4] != 2))
		goto out;
	wide = o[4] == 2;
	big = o[5] == 2;
	shoff = wide ? U(0x28, 8) : U(0x20, 4);
	shentsize = U(wide ? 0x3a : 0x2e, 2);
	shnum = U(wide ? 0x3c : 0x30, 2);
	shstrndx = U(wide ? 0x3e : 0x32, 2);
	if (shentsize < (wide ? 64u : 40u) || shoff > len || shnum > (len - shoff) / shentsize ||
	    shstrndx >= shnum)
		goto out;
	stroff = wide ? U(shoff + shstrndx * shentsize + 0x18, 8) :
			U(shoff + shstrndx * shentsize + 0x10, 4);
	for (i = 0; i < shnum; i++) {
		const unsigned char *sh = o + shoff + i * shentsize;
		unsigned long long name = elf_uint(sh, 4, big);
		unsigned long long off = wide ? elf_uint(sh + 0x18, 8, big) : elf_uint(sh + 0x10, 4, big);
		unsigned long long size = wide ? elf_uint(sh + 0x20, 8, big) : elf_uint(sh + 0x14, 4, big);

		if (stroff + name + sizeof(".ifa_probe") > len ||
		    memcmp(o + stroff + name, ".ifa_probe", sizeof(".ifa_probe")))
			continue;
		if (off > len || size > len - off)
			goto out;
		text = malloc(size ? size : 1);
		if (!text) {
			*err = "out of memory";
			goto out;
		}
		memcpy(text, o + off, size);
		*secsz = size;
		*big_endian = big;
		break;
	}
#undef U
out:
	free(o);
	return text;
}

/* Takes the next value of the probe; -1 once they run out. */
static long next_value(const unsigned char *data, size_t n, size_t *at, int big)
{
	if (*at + 8 > n)
		return -1;
	*at += 8;
	return (long)elf_uint(data + *at - 8, 8, big);
}

/* The layout of decls into m from the probe values at *at. */
static int read_values(const unsigned char *data, size_t n, size_t *at, int big,
		       const struct ifa_measure *decls, struct ifa_measure *m)
{
	size_t i, j;

	if (ifa_measure_copy_layout(m, decls))
		return -1;
	/* In the probe's order; what is not measured stays -1, so that nothing unmeasured passes. */
	for (i = 0; i < m->nstructs; i++) {
		struct ifa_mstruct *s = &m->structs[i];

		s->size = next_value(data, n, at, big);
		s->align = next_value(data, n, at, big);
		for (j = 0; j < s->nfields; j++) {
			struct ifa_mfield *f = &s->fields[j];

			f->offset = f->size = f->align = -1;
			if (f->bitfield)
				continue;
			f->offset = next_value(data, n, at, big);
			if (f->flexible) {
				f->size = 0;
				continue;
			}
			f->size = next_value(data, n, at, big);
			f->align = next_value(data, n, at, big);
		}
	}
	return 0;
}

int ifa_gcc_read_batch(const struct ifa_gcc_job *job, const struct ifa_measure *const *decls,
		       size_t nd, struct ifa_measure *m, char *err, size_t errsz)
{
	const char *rerr;
	unsigned char *data;
	char *path, *text;
	size_t k, n = 0, at = 0;
	int big = 0;

	if (job->exit_status != 0) {
		path = path_in(job->dir, "compiler.err");
		text = path ? ifa_read_file(path, NULL, &rerr) : NULL;
		if (job->exit_status == IFA_TIMED_OUT)
			ifa_fmt(err, errsz, "%s: timed out: killed at its time limit (--timeout)",
				job->abi->gcc);
		else
			ifa_fmt(err, errsz, "%s (exit %d):\n%s", job->abi->gcc, job->exit_status,
				text ? text : "(no message)");
		free(text);
		free(path);
		return -1;
	}
	path = path_in(job->dir, "probe.o");
	data = path ? probe_section(path, &n, &big, &rerr) : NULL;
	if (!data) {
		ifa_fmt(err, errsz, "%s: %s", path ? path : job->dir, path ? rerr : "out of memory");
		free(path);
		return -1;
	}
	free(path);
	for (k = 0; k < nd; k++)
		if (read_values(data, n, &at, big, decls[k], &m[k])) {
			while (k-- > 0)
				ifa_measure_free(&m[k]);
			free(data);
			return ifa_fmt(err, errsz, "out of memory"), -1;
		}
	free(data);
	if (at + 8 != n) {
		ifa_fmt(err, errsz, "%s: the probe object holds %zu values, not the %zu expected",
			job->abi->name, n / 8, at / 8 + 1);
		for (k = 0; k < nd; k++)
			ifa_measure_free(&m[k]);
		return -1;
	}
	return 0;
}

int ifa_gcc_read(const struct ifa_gcc_job *job, const struct ifa_measure *decls,
		 struct ifa_measure *m, char *err, size_t errsz)
{
	return ifa_gcc_read_batch(job, &decls, 1, m, err, errsz);
}
