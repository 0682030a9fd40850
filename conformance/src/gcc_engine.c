/* SPDX-License-Identifier: GPL-2.0 */
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

int ifa_gcc_write_probe(const char *workdir, const char *header,
			const struct ifa_measure *decls, char *err, size_t errsz)
{
	char path[600];
	FILE *f;
	size_t i, j;

	ifa_fmt(path, sizeof(path), "%s/probe.c", workdir);
	f = fopen(path, "w");
	if (!f) {
		ifa_fmt(err, errsz, "%s: %s", path, strerror(errno));
		return -1;
	}
	fprintf(f, "#include \"%s\"\n", header);
	/* Outside .text: some assemblers reject data among instructions. */
	fprintf(f, "#define IFA_EMIT(tag, v) __asm__ __volatile__(\"\\n.pushsection .ifa_probe\\n.ascii \\\"@IFA \" tag \" %%0\\\"\\n.popsection\" : : \"i\"((long)(v)))\n");
	/* Pointers make the compiler emit DWARF of every struct, for pahole. */
	for (i = 0; i < decls->nstructs; i++) {
		char ctype[IFA_NAME_MAX + 8];

		ifa_struct_ctype(&decls->structs[i], ctype, sizeof(ctype));
		fprintf(f, "%s *ifa_dwarf_%zu;\n", ctype, i);
	}
	fprintf(f, "void ifa_probe(void);\nvoid ifa_probe(void)\n{\n");
	for (i = 0; i < decls->nstructs; i++) {
		const struct ifa_mstruct *s = &decls->structs[i];
		char k[IFA_NAME_MAX + 8];

		ifa_struct_ctype(s, k, sizeof(k));
		fprintf(f, "\tIFA_EMIT(\"S %s\", sizeof(%s));\n", s->name, k);
		fprintf(f, "\tIFA_EMIT(\"A %s\", __alignof__(%s));\n", s->name, k);
		for (j = 0; j < s->nfields; j++) {
			const char *fn = s->fields[j].name;

			if (s->fields[j].bitfield)	/* offsetof and sizeof do not apply */
				continue;
			fprintf(f, "\tIFA_EMIT(\"O %s %s\", __builtin_offsetof(%s, %s));\n",
				s->name, fn, k, fn);
			if (s->fields[j].flexible)	/* no size; its elements' alignment */
				continue;
			fprintf(f, "\tIFA_EMIT(\"Z %s %s\", sizeof(((%s *)0)->%s));\n",
				s->name, fn, k, fn);
			fprintf(f, "\tIFA_EMIT(\"L %s %s\", __alignof__(((%s *)0)->%s));\n",
				s->name, fn, k, fn);
		}
	}
	fprintf(f, "}\n");
	if (fclose(f)) {
		ifa_fmt(err, errsz, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

int ifa_gcc_start(struct ifa_gcc_job *job, const char *workdir,
		  const char *const *inc, int ninc)
{
	const char *argv[64];
	char flagbuf[256], src[600], obj[600], errpath[600];
	int argc = 0, i;

	job->exit_status = -1;
	job->pid = -1;
	if (ifa_fmt(job->dir, sizeof(job->dir), "%s/%s", workdir, job->abi->name) ||
	    (mkdir(job->dir, 0700) && errno != EEXIST))
		return -1;
	ifa_fmt(src, sizeof(src), "%s/probe.c", workdir);
	ifa_fmt(obj, sizeof(obj), "%s/probe.o", job->dir);
	ifa_fmt(errpath, sizeof(errpath), "%s/compiler.err", job->dir);
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
	return job->pid > 0 ? 0 : -1;
}

void ifa_gcc_wait(struct ifa_gcc_job *job)
{
	if (job->pid > 0)
		job->exit_status = ifa_wait(job->pid);
}

static struct ifa_mstruct *find_struct(struct ifa_measure *m, const char *name)
{
	return (struct ifa_mstruct *)ifa_measure_struct(m, name);
}

static struct ifa_mfield *find_field(struct ifa_mstruct *s, const char *name)
{
	return (struct ifa_mfield *)ifa_measure_field(s, name);
}

/* One "@IFA K struct [field] N" line: N may read $8, #8 or 8. */
static void apply_line(struct ifa_measure *m, const char *line)
{
	char kind, sname[IFA_NAME_MAX], a[IFA_NAME_MAX], b[IFA_NAME_MAX];
	struct ifa_mstruct *s;
	struct ifa_mfield *f;
	const char *num;
	long v;
	int n = sscanf(line, "@IFA %c %95s %95s %95s", &kind, sname, a, b);

	if (n < 3)
		return;
	num = n == 4 ? b : a;
	while (*num == '$' || *num == '#')
		num++;
	v = strtol(num, NULL, 0);
	s = find_struct(m, sname);
	if (!s)
		return;
	if (kind == 'S')
		s->size = v;
	else if (kind == 'A')
		s->align = v;
	if (n != 4 || !(f = find_field(s, a)))
		return;
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
	char path[600];
	const char *rerr;
	char *text, *line, *next;
	size_t i, j;

	if (job->exit_status != 0) {
		ifa_fmt(path, sizeof(path), "%s/compiler.err", job->dir);
		text = ifa_read_file(path, NULL, &rerr);
		ifa_fmt(err, errsz, "%s (exit %d):\n%s", job->abi->gcc, job->exit_status,
			text ? text : "(no message)");
		free(text);
		return -1;
	}
	ifa_fmt(path, sizeof(path), "%s/probe.s", job->dir);
	text = ifa_read_file(path, NULL, &rerr);
	if (!text) {
		ifa_fmt(err, errsz, "%s: %s", path, rerr);
		return -1;
	}
	*m = *decls;
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
