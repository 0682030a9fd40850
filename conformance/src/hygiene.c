/* SPDX-License-Identifier: GPL-2.0 */
#include "hygiene.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GUARD "_UAPI_LINUX_IOMMU_FAULT_H"
#define SPDX "/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */"

static const char *warn_flags[] = { "-Wall", "-Wextra", "-Werror", "-fsyntax-only", NULL };

struct compile_env {
	const char *workdir;
	const char *const *inc;
	int ninc;
};

static void start_one(struct ifa_hygiene *h, const struct compile_env *env, const char *rule,
		      const char *cc, const char *lang, const char *std, const char *extra,
		      const char *src)
{
	struct ifa_compile *c;
	const char *argv[24];
	char stdopt[32], extrabuf[64];
	int argc = 0, i;

	if (h->n == IFA_MAX_COMPILES)
		return;
	c = &h->c[h->n];
	c->rule = rule;
	ifa_fmt(c->what, sizeof(c->what), "%s -x %s%s%s%s%s", cc, lang, std ? " -std=" : "",
		std ? std : "", extra ? " " : "", extra ? extra : "");
	ifa_fmt(c->err_path, sizeof(c->err_path), "%s/hygiene-%zu.err", env->workdir, h->n);
	argv[argc++] = cc;
	argv[argc++] = "-x";
	argv[argc++] = lang;
	if (std) {
		ifa_fmt(stdopt, sizeof(stdopt), "-std=%s", std);
		argv[argc++] = stdopt;
	}
	for (i = 0; warn_flags[i]; i++)
		argv[argc++] = warn_flags[i];
	argc += ifa_split_flags(extra, extrabuf, sizeof(extrabuf), argv + argc, 4);
	for (i = 0; i < env->ninc && argc < 20; i++)
		argv[argc++] = env->inc[i];
	argv[argc++] = src;
	argv[argc] = NULL;
	c->pid = ifa_spawn(argv, NULL, c->err_path);
	c->status = c->pid > 0 ? 0 : -1;
	h->n++;
}

void ifa_hygiene_start(struct ifa_hygiene *h, const char *header, const char *workdir,
		       const char *const *inc, int ninc)
{
	const struct compile_env env = { workdir, inc, ninc };
	static const char *c_stds[] = { "c90", "c99", "c11" };
	static const char *cxx_stds[] = { "c++98", "c++17" };
	char twice[600];
	FILE *f;
	size_t i;

	memset(h, 0, sizeof(*h));
	for (i = 0; i < 3; i++) {
		start_one(h, &env, "IFA-HDR-4", "gcc", "c", c_stds[i], NULL, header);
		start_one(h, &env, "IFA-HDR-4", "clang", "c", c_stds[i], NULL, header);
	}
	for (i = 0; i < 2; i++) {
		start_one(h, &env, "IFA-HDR-4", "g++", "c++", cxx_stds[i], NULL, header);
		start_one(h, &env, "IFA-HDR-4", "clang++", "c++", cxx_stds[i], NULL, header);
	}
	start_one(h, &env, "IFA-PORT-2", "gcc", "c", NULL, "-Wpadded", header);
	start_one(h, &env, "IFA-PORT-2", "gcc", "c", NULL, "-m32 -Wpadded", header);
	ifa_fmt(twice, sizeof(twice), "%s/twice.c", workdir);
	f = fopen(twice, "w");
	if (f) {
		fprintf(f, "#include \"%s\"\n#include \"%s\"\n", header, header);
		fclose(f);
		start_one(h, &env, "IFA-HDR-3", "gcc", "c", "c11", NULL, twice);
	}
}

/* The first line of the compiler's message that names an error or warning. */
static void first_error(const char *path, char *dst, size_t size)
{
	const char *rerr;
	char *text = ifa_read_file(path, NULL, &rerr), *line, *next;

	ifa_fmt(dst, size, "does not compile");
	for (line = text; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (strstr(line, "error:") || strstr(line, "warning:")) {
			ifa_copy(dst, size, line, strlen(line));
			break;
		}
	}
	free(text);
}

void ifa_hygiene_finish(struct ifa_hygiene *h, struct ifa_findings *fs)
{
	size_t i;

	for (i = 0; i < h->n; i++) {
		struct ifa_compile *c = &h->c[i];
		char msg[400];
		int rc;

		if (c->status < 0) {
			ifa_finding_add(fs, c->rule, IFA_SEV_INFO, "", "", NULL, c->what,
					IFA_NOT_INSTALLED, NULL,
					"%s could not be run: this check is skipped", c->what);
			continue;
		}
		rc = ifa_wait(c->pid);
		c->status = rc;
		if (rc == 0)
			continue;
		if (rc == 127) {
			ifa_finding_add(fs, c->rule, IFA_SEV_INFO, "", "", NULL, c->what,
					IFA_NOT_INSTALLED, NULL,
					"%s could not be run: this check is skipped", c->what);
			continue;
		}
		first_error(c->err_path, msg, sizeof(msg));
		if (strstr(msg, "No such file or directory") || strstr(msg, "file not found")) {
			/* A header it includes is not on this machine for this mode (IFA-HDR-2). */
			ifa_finding_add(fs, c->rule, IFA_SEV_INFO, "", "", NULL, c->what, msg, NULL,
					"%s could not find a header the header includes: this check is skipped",
					c->what);
			continue;
		}
		ifa_finding_add(fs, c->rule, IFA_SEV_MUST, "", "", NULL, "compiles cleanly", msg,
				!strcmp(c->rule, "IFA-HDR-3") ?
				"guard the whole header with #ifndef " GUARD :
				!strcmp(c->rule, "IFA-PORT-2") ? "pad explicitly with __reserved fields" :
				"keep to C90: /* */ comments, fixed-width types, no C99-only syntax",
				"%s fails", c->what);
	}
}

/* Lines of the file without their trailing comment, for directive checks. */
static void judge_directives(const char *text, struct ifa_findings *fs)
{
	char first[128] = "", second[128] = "", last[128] = "";
	const char *p = text;
	int seen = 0;

	while (*p) {
		const char *end = strchr(p, '\n');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char line[512];
		char *l;

		ifa_copy(line, sizeof(line), p, n);
		l = ifa_trim(line);
		if (*l == '#') {
			char word[64] = "", arg[128] = "";

			sscanf(l + 1, " %63s %127s", word, arg);
			if (!strcmp(word, "include") && strcmp(arg, "<linux/types.h>"))
				ifa_finding_add(fs, "IFA-HDR-2", IFA_SEV_MUST, "", "", NULL,
						"#include <linux/types.h> only", l,
						"remove the include; use the kernel's __u8..__aligned_u64 types",
						"the header includes another header");
			if (seen == 0)
				ifa_fmt(first, sizeof(first), "%s %s", word, arg);
			else if (seen == 1)
				ifa_fmt(second, sizeof(second), "%s %s", word, arg);
			ifa_fmt(last, sizeof(last), "%s", word);
			seen++;
		}
		p = end ? end + 1 : p + n;
	}
	if (strcmp(first, "ifndef " GUARD) || strcmp(second, "define " GUARD) ||
	    strcmp(last, "endif"))
		ifa_finding_add(fs, "IFA-HDR-3", IFA_SEV_MUST, "", "", NULL,
				"#ifndef " GUARD, *first ? first : "no directive",
				"open with #ifndef/#define " GUARD " and close with #endif",
				"the header is not guarded by " GUARD);
}

/* --- kernel-doc ------------------------------------------------------------ */

struct doc {
	char title[128];	/* "struct foo", "enum bar", "DOC" */
	const char *start, *end;
	const char *head;	/* the title line */
};

#define MAX_DOCS 128

static size_t find_docs(const char *text, struct doc *docs)
{
	const char *p = text;
	size_t n = 0;

	while (n < MAX_DOCS && (p = strstr(p, "/**")) != NULL) {
		const char *end = strstr(p + 3, "*/");
		const char *t = p + 3;
		char word[32] = "", name[96] = "";

		if (!end)
			break;
		while (*t && (isspace((unsigned char)*t) || *t == '*'))
			t++;
		sscanf(t, "%31s %95[A-Za-z0-9_:]", word, name);
		if (!strcmp(word, "DOC:"))
			ifa_fmt(docs[n].title, sizeof(docs[n].title), "DOC");
		else
			ifa_fmt(docs[n].title, sizeof(docs[n].title), "%s %s", word, name);
		docs[n].start = p;
		docs[n].end = end;
		docs[n].head = t;
		n++;
		p = end + 2;
	}
	return n;
}

/* 1 if the doc block has a line " * NAME:" or " * @NAME:". */
static int doc_names(const struct doc *d, const char *name)
{
	size_t n = strlen(name);
	const char *p = d->start;

	while ((p = strstr(p, name)) && p < d->end) {
		const char *q = p;

		if (q > d->start && q[-1] == '@')
			q--;
		while (q > d->start && (q[-1] == ' ' || q[-1] == '\t'))
			q--;
		if (q > d->start && q[-1] == '*' && p[n] == ':' &&
		    !(isalnum((unsigned char)p[-1]) || p[-1] == '_'))
			return 1;
		p += n;
	}
	return 0;
}

/*
 * The first "@name:" line of the doc block at or after *pos that names
 * none of the names[] (n of them, stride apart), as scripts/kernel-doc's
 * "Excess struct member" warning; the name goes into out.
 */
static int doc_excess(const struct doc *d, const char **pos, const char *names, size_t n,
		      size_t stride, char *out, size_t outsz)
{
	const char *p = *pos ? *pos : d->start;

	while ((p = strchr(p, '\n')) && p < d->end) {
		const char *q = ++p;
		size_t len, i;

		while (*q == ' ' || *q == '\t' || *q == '*')
			q++;
		if (*q++ != '@')
			continue;
		len = strspn(q, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");
		if (!len || q[len] != ':')
			continue;
		for (i = 0; i < n; i++) {
			const char *name = names + i * stride;

			if (strlen(name) == len && !strncmp(name, q, len))
				break;
		}
		if (i == n) {
			ifa_copy(out, outsz, q, len);
			*pos = q + len;
			return 1;
		}
	}
	return 0;
}

/* 1 if the title line of the doc block reads "struct NAME - purpose", as kernel-doc wants. */
static int doc_has_purpose(const struct doc *d)
{
	size_t len = strcspn(d->head, "\n");
	const char *dash = strstr(d->head, " - ");

	if (!dash || dash >= d->head + len)
		return 0;
	for (dash += 3; dash < d->head + len; dash++)
		if (!isspace((unsigned char)*dash) && *dash != '*' && *dash != '/')
			return 1;
	return 0;
}

static const struct doc *doc_titled(const struct doc *docs, size_t n, const char *title)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(docs[i].title, title))
			return &docs[i];
	return NULL;
}

/* What kernel-doc itself warns about in a block: no purpose, a described name that is not there. */
static void judge_doc_block(const struct doc *d, const char *owner, const char *names, size_t n,
			    size_t stride, struct ifa_findings *fs)
{
	const char *pos = NULL;
	char excess[IFA_NAME_MAX];

	if (!doc_has_purpose(d))
		ifa_finding_add(fs, "IFA-HDR-5", IFA_SEV_MUST, owner, "", NULL,
				"/** <title> - <purpose>", d->title,
				"write the title line as '<title> - <one-line purpose>'",
				"the kernel-doc title of %s has no purpose after ' - '", d->title);
	while (doc_excess(d, &pos, names, n, stride, excess, sizeof(excess)))
		ifa_finding_add(fs, "IFA-HDR-5", IFA_SEV_MUST, owner, excess, NULL,
				"a described name that exists", "not declared",
				"rename or remove the @line: it documents something that is gone",
				"the kernel-doc of %s describes @%s, which %s does not have",
				d->title, excess, d->title);
}

static void judge_kdoc(const char *text, const struct ifa_measure *decls, struct ifa_findings *fs)
{
	static struct doc docs[MAX_DOCS];
	size_t nd = find_docs(text, docs), i, j;
	char title[128];

	for (i = 0; i < decls->nstructs; i++) {
		const struct ifa_mstruct *s = &decls->structs[i];
		const struct doc *d;

		ifa_fmt(title, sizeof(title), "%s %s", s->is_union ? "union" : "struct", s->name);
		d = doc_titled(docs, nd, title);
		if (!d) {
			ifa_finding_add(fs, "IFA-HDR-5", IFA_SEV_MUST, s->name, "", NULL, "kernel-doc",
					"undocumented", "add a /** struct NAME - ... */ comment",
					"%s has no kernel-doc comment", title);
			continue;
		}
		judge_doc_block(d, s->name, s->fields[0].name, s->nfields, sizeof(s->fields[0]), fs);
		for (j = 0; j < s->nfields; j++) {
			char at[IFA_NAME_MAX + 1];

			ifa_fmt(at, sizeof(at), "%s", s->fields[j].name);
			if (!doc_names(d, at))
				ifa_finding_add(fs, "IFA-HDR-5", IFA_SEV_MUST, s->name, s->fields[j].name,
						NULL, "kernel-doc", "undocumented",
						"add an @member: line to the struct's comment",
						"member %s has no @%s: line", s->fields[j].name,
						s->fields[j].name);
		}
	}
	for (i = 0; i < decls->nenums; i++) {
		const struct ifa_enum *e = &decls->enums[i];
		const struct doc *d;

		ifa_fmt(title, sizeof(title), "enum %s", e->name);
		d = doc_titled(docs, nd, title);
		if (d)
			judge_doc_block(d, "", e->values[0].name, e->nvalues, sizeof(e->values[0]), fs);
		for (j = 0; j < e->nvalues; j++)
			if (!d || !doc_names(d, e->values[j].name))
				ifa_finding_add(fs, "IFA-HDR-5", IFA_SEV_MUST, "", e->values[j].name, NULL,
						"kernel-doc", "undocumented",
						"add an @VALUE: line to the enum's comment",
						"enumerator %s is undocumented", e->values[j].name);
	}
	for (i = 0; i < decls->nmacros; i++) {
		const struct ifa_macro *m = &decls->macros[i];
		int found = 0;

		if (!strcmp(m->name, GUARD) || (m->name[0] == '_' && strstr(m->name, "_H")))
			continue;
		for (j = 0; j < nd && !found; j++)
			found = doc_names(&docs[j], m->name);
		if (!found)
			ifa_finding_add(fs, "IFA-HDR-5", IFA_SEV_MUST, m->in_struct, m->name, NULL,
					"kernel-doc", "undocumented",
					"add a NAME: line to the comment of its struct",
					"macro %s is undocumented", m->name);
	}
}

void ifa_hygiene_text(const char *text, const struct ifa_measure *decls,
		      struct ifa_findings *fs)
{
	const char *nl = strchr(text, '\n');
	size_t n = nl ? (size_t)(nl - text) : strlen(text);

	if (n != strlen(SPDX) || strncmp(text, SPDX, n))
		ifa_finding_add(fs, "IFA-HDR-1", IFA_SEV_MUST, "", "", NULL, SPDX, "missing",
				"make it the first line", "the first line is not the SPDX line");
	judge_directives(text, fs);
	judge_kdoc(text, decls, fs);
}
