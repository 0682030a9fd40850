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

int ifa_gcc_write_probe(const char *workdir, const char *header,
			const struct ifa_measure *decls, char *err, size_t errsz)
{
	char *path = path_in(workdir, "probe.c");
	FILE *f = path ? fopen(path, "w") : NULL;
	size_t i, j;

	if (!f) {
		ifa_fmt(err, errsz, "%s: %s", path ? path : workdir, path ? strerror(errno) : "out of memory");
		free(path);
		return -1;
	}
	fprintf(f, "#include \"%s\"\n", header);
	/* Outside .text: some assemblers reject data among instructions. */
	fprintf(f, "#define IFA_EMIT(tag, v) __asm__ __volatile__(\"\\n.pushsection .ifa_probe\\n.ascii \\\"@IFA \" tag \" %%0\\\"\\n.popsection\" : : \"i\"((long)(v)))\n");
	/* Pointers make the compiler emit DWARF of every struct, for pahole. */
	for (i = 0; i < decls->nstructs; i++)
		fprintf(f, "%s%s *ifa_dwarf_%zu;\n", ifa_struct_kind(&decls->structs[i]),
			decls->structs[i].name, i);
	fprintf(f, "void ifa_probe(void);\nvoid ifa_probe(void)\n{\n");
	/* Structs and fields go by index: names of any length stay out of the assembler text. */
	for (i = 0; i < decls->nstructs; i++) {
		const struct ifa_mstruct *s = &decls->structs[i];
		const char *k = ifa_struct_kind(s);

		fprintf(f, "\tIFA_EMIT(\"S %zu\", sizeof(%s%s));\n", i, k, s->name);
		fprintf(f, "\tIFA_EMIT(\"A %zu\", __alignof__(%s%s));\n", i, k, s->name);
		for (j = 0; j < s->nfields; j++) {
			const char *fn = s->fields[j].name;

			if (s->fields[j].bitfield)	/* offsetof and sizeof do not apply */
				continue;
			fprintf(f, "\tIFA_EMIT(\"O %zu %zu\", __builtin_offsetof(%s%s, %s));\n",
				i, j, k, s->name, fn);
			if (s->fields[j].flexible)	/* no size; its elements' alignment */
				continue;
			fprintf(f, "\tIFA_EMIT(\"Z %zu %zu\", sizeof(((%s%s *)0)->%s));\n",
				i, j, k, s->name, fn);
			fprintf(f, "\tIFA_EMIT(\"L %zu %zu\", __alignof__(((%s%s *)0)->%s));\n",
				i, j, k, s->name, fn);
		}
	}
	fprintf(f, "}\n");
	if (fclose(f)) {
		ifa_fmt(err, errsz, "%s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	free(path);
	return 0;
}

int ifa_gcc_start(struct ifa_gcc_job *job, const char *workdir,
		  const char *const *inc, int ninc)
{
	const char *argv[64];
	char flagbuf[256], *src = NULL, *obj = NULL, *errpath = NULL;
	int argc = 0, i;

	job->exit_status = -1;
	job->pid = -1;
	free(job->dir);
	job->dir = path_in(workdir, job->abi->name);
	if (!job->dir || (mkdir(job->dir, 0700) && errno != EEXIST))
		return -1;
	src = path_in(workdir, "probe.c");
	obj = path_in(job->dir, "probe.o");
	errpath = path_in(job->dir, "compiler.err");
	if (!src || !obj || !errpath)
		goto out;
	argv[argc++] = job->abi->gcc;
	argc += ifa_split_flags(job->abi->gcc_flags, flagbuf, sizeof(flagbuf), argv + argc, 8);
	for (i = 0; i < ninc && argc < 40; i++)
		argv[argc++] = inc[i];
	argv[argc++] = "-std=gnu11";
	argv[argc++] = "-w";
	argv[argc++] = "-g";
	argv[argc++] = "-O0";
	argv[argc++] = "-c";
	argv[argc++] = "-save-temps=obj";	/* probe.s beside probe.o */
	argv[argc++] = "-o";
	argv[argc++] = obj;
	argv[argc++] = src;
	argv[argc] = NULL;
	job->pid = ifa_spawn(argv, NULL, errpath);
out:
	free(src);
	free(obj);
	free(errpath);
	return job->pid > 0 ? 0 : -1;
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

/* One "@IFA K S [F] N" line: struct and field by index; N may read $8, #8 or 8. */
static void apply_line(struct ifa_measure *m, const char *line)
{
	char kind;
	unsigned long si, fi;
	const char *num;
	char *end;
	struct ifa_mstruct *s;
	struct ifa_mfield *f;
	long v;
	int two;

	if (sscanf(line, "@IFA %c", &kind) != 1)
		return;
	si = strtoul(line + 7, &end, 10);
	two = kind == 'O' || kind == 'Z' || kind == 'L';
	fi = two ? strtoul(end, &end, 10) : 0;
	num = end + strspn(end, " \t$#");
	v = strtol(num, NULL, 0);
	if (si >= m->nstructs)
		return;
	s = &m->structs[si];
	if (kind == 'S')
		s->size = v;
	else if (kind == 'A')
		s->align = v;
	if (!two || fi >= s->nfields)
		return;
	f = &s->fields[fi];
	if (kind == 'O')
		f->offset = v;
	else if (kind == 'Z')
		f->size = v;
	else if (kind == 'L')
		f->align = v;
}

int ifa_gcc_read(const struct ifa_gcc_job *job, const struct ifa_measure *decls,
		 struct ifa_measure *m, char *err, size_t errsz)
{
	const char *rerr;
	char *path, *text, *line, *next;
	size_t i, j;

	if (job->exit_status != 0) {
		path = path_in(job->dir, "compiler.err");
		text = path ? ifa_read_file(path, NULL, &rerr) : NULL;
		ifa_fmt(err, errsz, "%s (exit %d):\n%s", job->abi->gcc, job->exit_status,
			text ? text : "(no message)");
		free(text);
		free(path);
		return -1;
	}
	path = path_in(job->dir, "probe.s");
	text = path ? ifa_read_file(path, NULL, &rerr) : NULL;
	if (!text) {
		ifa_fmt(err, errsz, "%s: %s", path ? path : job->dir, path ? rerr : "out of memory");
		free(path);
		return -1;
	}
	free(path);
	if (ifa_measure_copy_layout(m, decls)) {
		free(text);
		ifa_fmt(err, errsz, "out of memory");
		return -1;
	}
	/* Forget the host's numbers, so that nothing unmeasured passes. */
	for (i = 0; i < m->nstructs; i++) {
		m->structs[i].size = m->structs[i].align = -1;
		for (j = 0; j < m->structs[i].nfields; j++) {
			struct ifa_mfield *f = &m->structs[i].fields[j];

			f->offset = f->size = f->align = -1;
			if (f->flexible)	/* the probe measures its offset only */
				f->size = 0;
		}
	}
	for (line = text; line; line = next) {
		char *at;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		at = strstr(line, "@IFA ");
		if (at) {
			char *q = strchr(at, '"');

			if (q)
				*q = '\0';
			apply_line(m, at);
		}
	}
	free(text);
	return 0;
}
