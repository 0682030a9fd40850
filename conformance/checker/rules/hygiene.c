/* SPDX-License-Identifier: GPL-2.0 */
#define _GNU_SOURCE
#include "hygiene.h"
#include "util.h"
#include "checks.h"
#include "judge.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>



/* --- scripts/kernel-doc ---------------------------------------------------- */

/*
 * A kernel tree's own header judged by a profile of some of its structures
 * (ifa_header_scoped): kernel-doc's warnings about the others are not this
 * spec's to report, as our own kernel-doc check skips them.
 */
struct kdoc_scope {
	const struct ifa_measure *decls;
	int scoped;
};

static int quoted(const char *s, int n, char *dst, size_t size);

static int in_scope(const struct kdoc_scope *sc, const struct ifa_spec *spec, const char *msg,
		    const char *st)
{
	char name[256];
	size_t i;

	if (!sc->scoped)
		return 1;
	if (*st)
		return ifa_spec_find_struct(spec, st) != NULL;
	/* "Enum value 'X' not described in enum 'Y'", "Excess enum value 'X' description in 'Y'" */
	if (strstr(msg, "enum value") || strstr(msg, "Enum value"))
		for (i = 0; quoted(msg, 1, name, sizeof(name)) && i < sc->decls->nenums; i++)
			if (!strcmp(sc->decls->enums[i].name, name))
				return ifa_spec_enum(spec, &sc->decls->enums[i]);
	return 1;
}

/* 'NAME' after the n-th quote pair of s (n from 0), into dst; 0 if there is none. */
static int quoted(const char *s, int n, char *dst, size_t size)
{
	const char *a = s, *b = NULL;

	for (; n >= 0; n--) {
		a = strchr(b ? b + 1 : a, '\'');
		b = a ? strchr(a + 1, '\'') : NULL;
		if (!b)
			return 0;
	}
	return !ifa_copy(dst, size, a + 1, (size_t)(b - a - 1));
}

/*
 * One warning of scripts/kernel-doc ("FILE:LINE: warning: TEXT", and the
 * lines below it that continue it) as a finding of the kernel-doc check,
 * the warning passed on as the kernel build prints it.
 */
static void kdoc_warning(const char *warning, const struct kdoc_scope *sc, const struct ifa_spec *spec,
			 struct ifa_findings *fs)
{
	const char *text = strstr(warning, ": warning: "), *msg;
	char st[256] = "", field[256] = "";
	struct ifa_str fix = { 0 };

	msg = text ? text + 11 : (text = strstr(warning, ": error: ")) ? text + 9 : warning;
	if (strstr(msg, "not described in") && quoted(msg, 0, field, sizeof(field))) {
		if (!strncmp(msg, "Function parameter or member", 28) && !quoted(msg, 1, st, sizeof(st)))
			*st = '\0';
		ifa_str_add(&fix, "add an @%s: line to its kernel-doc comment", field);
	} else if (!strncmp(msg, "Excess", 6) && quoted(msg, 0, field, sizeof(field))) {
		ifa_str_add(&fix, "remove or rename the @%s: line: it describes a name that is not there",
			    field);
	} else {
		ifa_str_add(&fix, "correct the kernel-doc comment as scripts/kernel-doc says");
	}
	if (!in_scope(sc, spec, msg, st)) {
		ifa_str_free(&fix);
		return;
	}
	ifa_check_add(spec, fs, "kernel-doc", IFA_AS_RULE, st, field, NULL,
		      "no warning from scripts/kernel-doc -none -Werror", warning, ifa_str_get(&fix),
		      "scripts/kernel-doc: %s", msg);
	ifa_str_free(&fix);
}

/* "3 warnings", "1 warnings as Errors", "2 errors": kernel-doc's closing counts. */
static int summary_line(const char *p, size_t n)
{
	size_t d = 0;

	while (d < n && isdigit((unsigned char)p[d]))
		d++;
	return d && d < n && p[d] == ' ' &&
	       (memmem(p + d, n - d, " warning", 8) || memmem(p + d, n - d, " error", 6)) &&
	       !memchr(p, ':', n);
}

/* Every warning of kernel-doc's output, each with the lines that continue it. */
static void judge_kernel_doc(const struct ifa_compile *c, const struct kdoc_scope *sc,
			     const struct ifa_spec *spec, struct ifa_findings *fs)
{
	struct ifa_str w = { 0 };
	const char *p = c->log ? c->log : "";
	int any = 0;

	while (*p) {
		const char *end = strchr(p, '\n');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		int start = (memmem(p, n, ": warning: ", 11) || memmem(p, n, ": error: ", 9));

		if (start) {
			if (w.len)
				kdoc_warning(ifa_str_get(&w), sc, spec, fs);
			w.len = 0;
			ifa_str_add(&w, "%.*s", (int)n, p);
			any = 1;
		} else if (w.len && n && !summary_line(p, n)) {
			ifa_str_add(&w, " %.*s", (int)n, p);
		}
		p = end ? end + 1 : p + n;
	}
	if (w.len)
		kdoc_warning(ifa_str_get(&w), sc, spec, fs);
	if (!any) {	/* it failed with no warning: a timeout, or kernel-doc itself broke */
		w.len = 0;
		if (c->log && *c->log)
			ifa_str_add(&w, "%.*s", (int)strcspn(c->log, "\n"), c->log);
		else
			ifa_str_add(&w, "%s", c->status == IFA_TIMED_OUT ? c->message : "failed");
		ifa_check_add(spec, fs, "kernel-doc", IFA_AS_RULE, "", "", NULL,
			      "no warning from scripts/kernel-doc -none -Werror", ifa_str_get(&w),
			      "run scripts/kernel-doc -none -Werror on the header and read what it says",
			      "scripts/kernel-doc failed on the header");
	}
	ifa_str_free(&w);
}

void ifa_hygiene_judge_compiles(const struct ifa_compiles *h, const char *header,
				const struct ifa_measure *decls, const struct ifa_spec *spec,
				struct ifa_findings *fs)
{
	const struct kdoc_scope sc = { decls, ifa_header_scoped(spec, header, decls) };
	size_t i;

	for (i = 0; i < h->n; i++) {
		const struct ifa_compile *c = &h->c[i];

		if (!strcmp(c->check, "kernel-doc") && c->outcome == IFA_COMPILE_FAILED)
			judge_kernel_doc(c, &sc, spec, fs);
		else if (!strcmp(c->check, "kernel-doc") && c->outcome != IFA_COMPILE_OK)
			ifa_check_add(spec, fs, c->check, IFA_AS_NOTE, "", "", NULL, c->what,
				      IFA_NOT_INSTALLED, NULL,
				      "scripts/kernel-doc is not installed (Debian's linux-kbuild-6.1, "
				      "or IFA_KERNEL_DOC): the kernel's own checks of kernel-doc are skipped");
		else if (c->outcome == IFA_COMPILE_NOT_RUN)
			ifa_check_add(spec, fs, c->check, IFA_AS_NOTE, "", "", NULL, c->what,
				      IFA_NOT_INSTALLED, NULL,
				      "%s could not be run: this check is skipped", c->what);
		else if (c->outcome == IFA_COMPILE_NO_HEADER)
			ifa_check_add(spec, fs, c->check, IFA_AS_NOTE, "", "", NULL, c->what,
				      c->message, NULL,
				      "%s could not find a header the header includes: this check is skipped",
				      c->what);
		else if (c->outcome == IFA_COMPILE_FAILED)
			ifa_check_add(spec, fs, c->check, IFA_AS_RULE, "", "", NULL, "compiles cleanly",
				      c->message, !strcmp(c->check, "include-guard") ?
				      "guard the whole header with #ifndef/#define ... #endif" :
				      "keep to C90: /* */ comments, fixed-width types, no C99-only syntax",
				      "%s fails", c->what);
	}
}

/* "name" of "#include <name>" or "#include \"name\"", into dst. */
static void include_name(const char *arg, char *dst, size_t size)
{
	size_t n = strlen(arg);

	if (n >= 2 && (arg[0] == '<' || arg[0] == '"'))
		ifa_copy(dst, size, arg + 1, n - 2);
	else
		ifa_copy(dst, size, arg, n);
}

/*
 * includes and include-guard. The guard of the spec's profile is the
 * guard of the canonical header's file name; another header (a UAPI header
 * judged by --rules) must be guarded, by a name of its own.
 */
static void judge_directives(const char *text, const char *header, const struct ifa_spec *spec,
			     struct ifa_findings *fs)
{
	const struct ifa_spec_profile *pr = &spec->profile;
	const char *base = strrchr(header, '/'), *pbase = strrchr(pr->header, '/');
	char first[160] = "", second[160] = "", last[128] = "", guard[128] = "";
	const char *p = text;
	int seen = 0, own = *pr->guard && !strcmp(base ? base + 1 : header, pbase ? pbase + 1 : pr->header);

	while (*p) {
		const char *end = strchr(p, '\n');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char line[512];
		char *l;

		ifa_copy(line, sizeof(line), p, n);
		l = ifa_trim(line);
		if (*l == '#') {
			char word[64] = "", arg[128] = "", name[128];

			sscanf(l + 1, " %63s %127s", word, arg);
			include_name(arg, name, sizeof(name));
			if (!strcmp(word, "include") && !ifa_has_word(pr->includes, name))
				ifa_check_add(spec, fs, "includes", IFA_AS_RULE, "", "", NULL,
					      *pr->includes ? pr->includes : "no include", l,
					      "remove the include; use the kernel's fixed-width types",
					      "the header includes a header its spec does not allow");
			if (seen == 0) {
				ifa_fmt(first, sizeof(first), "%s %s", word, arg);
				ifa_fmt(guard, sizeof(guard), "%s", own ? pr->guard : arg);
			} else if (seen == 1) {
				ifa_fmt(second, sizeof(second), "%s %s", word, arg);
			}
			ifa_fmt(last, sizeof(last), "%s", word);
			seen++;
		}
		p = end ? end + 1 : p + n;
	}
	if (strncmp(first, "ifndef ", 7) || strcmp(first + 7, guard) ||
	    strncmp(second, "define ", 7) || strcmp(second + 7, guard) || strcmp(last, "endif"))
		ifa_check_add(spec, fs, "include-guard", IFA_AS_RULE, "", "", NULL,
			      own ? pr->guard : "#ifndef NAME / #define NAME ... #endif",
			      *first ? first : "no directive",
			      "open with #ifndef/#define of the guard and close with #endif",
			      "the header is not guarded%s%s", own ? " by " : "",
			      own ? pr->guard : "");
}

/* --- kernel-doc ------------------------------------------------------------ */

struct doc {
	char *title;		/* "struct foo", "enum bar", "DOC" */
	const char *start, *end;
	const char *head;	/* the title line */
};

/* Every kernel-doc block of text, in a malloc'ed array (free_docs); *count set. */
static struct doc *find_docs(const char *text, size_t *count)
{
	static const char ident[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";
	const char *p = text;
	struct doc *docs = NULL;
	size_t n = 0, cap = 0;

	while ((p = strstr(p, "/**")) != NULL) {
		const char *end = strstr(p + 3, "*/"), *t = p + 3, *name;
		size_t wlen, nlen;
		struct doc *d;

		if (!end)
			break;
		while (*t && (isspace((unsigned char)*t) || *t == '*'))
			t++;
		if (n == cap) {
			struct doc *q = realloc(docs, (cap = cap ? cap * 2 : 32) * sizeof(*q));

			if (!q)
				break;
			docs = q;
		}
		d = &docs[n];
		wlen = strcspn(t, " \t\n");
		for (name = t + wlen; *name == ' ' || *name == '\t'; name++)
			;
		nlen = strspn(name, ident);
		if (wlen == 4 && !strncmp(t, "DOC:", 4))
			d->title = strdup("DOC");
		else if (asprintf(&d->title, "%.*s %.*s", (int)wlen, t, (int)nlen, name) < 0)
			d->title = NULL;
		if (!d->title)
			break;
		d->start = p;
		d->end = end;
		d->head = t;
		n++;
		p = end + 2;
	}
	*count = n;
	return docs;
}

static void free_docs(struct doc *docs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(docs[i].title);
	free(docs);
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
static int doc_excess(const struct doc *d, const char **pos, const void *names, size_t n,
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
			const char *name = *(const char *const *)((const char *)names + i * stride);

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

/*
 * What scripts/kernel-doc -none -Werror of Linux 6.1 does not warn about in a
 * block: a title with no purpose (it says so only with -v), and an @name of
 * a struct member that is not there (it checks excess names of functions and
 * enums only). The rest of IFA-HDR-5 is its judgment (ifa_hygiene_judge_compiles).
 */
static void judge_doc_block(const struct doc *d, const char *owner, const void *names, size_t n,
			    size_t stride, int excess_too, const struct ifa_spec *spec,
			    struct ifa_findings *fs)
{
	const char *pos = NULL;
	char excess[256];

	if (!doc_has_purpose(d))
		ifa_check_add(spec, fs, "kernel-doc", IFA_AS_RULE, owner, "", NULL,
				"/** <title> - <purpose>", d->title,
				"write the title line as '<title> - <one-line purpose>'",
				"the kernel-doc title of %s has no purpose after ' - '", d->title);
	while (excess_too && doc_excess(d, &pos, names, n, stride, excess, sizeof(excess)))
		ifa_check_add(spec, fs, "kernel-doc", IFA_AS_RULE, owner, excess, NULL,
				"a described name that exists", "not declared",
				"rename or remove the @line: it documents something that is gone",
				"the kernel-doc of %s describes @%s, which %s does not have",
				d->title, excess, d->title);
}

static void judge_kdoc(const char *text, const struct ifa_measure *decls, int scoped,
		       const struct ifa_spec *spec, struct ifa_findings *fs)
{
	size_t nd, i, j;
	struct doc *docs = find_docs(text, &nd);
	struct ifa_str title = { 0 };

	for (i = 0; i < decls->nstructs; i++) {
		const struct ifa_mstruct *s = &decls->structs[i];
		const struct doc *d;

		if (scoped && !ifa_spec_find_struct(spec, s->name))
			continue;
		title.len = 0;
		ifa_str_add(&title, "%s %s", s->is_union ? "union" : "struct", s->name);
		d = doc_titled(docs, nd, ifa_str_get(&title));
		if (!d) {
			ifa_check_add(spec, fs, "kernel-doc", IFA_AS_RULE, s->name, "", NULL, "kernel-doc",
					"undocumented", "add a /** struct NAME - ... */ comment",
					"%s has no kernel-doc comment", ifa_str_get(&title));
			continue;
		}
		/* An undocumented member is scripts/kernel-doc's to say. */
		judge_doc_block(d, s->name, s->nfields ? (const void *)&s->fields[0].name : NULL,
				s->nfields, sizeof(s->fields[0]), 1, spec, fs);
	}
	for (i = 0; i < decls->nenums; i++) {
		const struct ifa_enum *e = &decls->enums[i];
		const struct doc *d;

		if (scoped && !ifa_spec_enum(spec, e))
			continue;
		title.len = 0;
		ifa_str_add(&title, "enum %s", e->name);
		d = doc_titled(docs, nd, ifa_str_get(&title));
		/* In a documented enum, kernel-doc says which value is missing or excess. */
		if (d)
			judge_doc_block(d, "", e->nvalues ? (const void *)&e->values[0].name : NULL,
					e->nvalues, sizeof(e->values[0]), 0, spec, fs);
		for (j = 0; !d && j < e->nvalues; j++)
				ifa_check_add(spec, fs, "kernel-doc", IFA_AS_RULE, "", e->values[j].name, NULL,
						"kernel-doc", "undocumented",
						"add an @VALUE: line to the enum's comment",
						"enumerator %s is undocumented", e->values[j].name);
	}
	for (i = 0; i < decls->nmacros; i++) {
		const struct ifa_macro *m = &decls->macros[i];
		int found = 0;

		if ((m->name[0] == '_' && strstr(m->name, "_H")) ||
		    (scoped && !ifa_spec_find_const(spec, m->name, NULL)))
			continue;
		for (j = 0; j < nd && !found; j++)
			found = doc_names(&docs[j], m->name);
		if (!found)
			ifa_check_add(spec, fs, "kernel-doc", IFA_AS_RULE, m->in_struct, m->name, NULL,
					"kernel-doc", "undocumented",
					"add a NAME: line to the comment of its struct",
					"macro %s is undocumented", m->name);
	}
	ifa_str_free(&title);
	free_docs(docs, nd);
}

void ifa_hygiene_text(const char *text, const char *header, const struct ifa_measure *decls,
		      const struct ifa_spec *spec, struct ifa_findings *fs)
{
	const char *nl = strchr(text, '\n');
	size_t n = nl ? (size_t)(nl - text) : strlen(text);
	char *want;

	if (*spec->profile.spdx &&
	    asprintf(&want, "/* SPDX-License-Identifier: %s */", spec->profile.spdx) >= 0) {
		if (n != strlen(want) || strncmp(text, want, n))
			ifa_check_add(spec, fs, "spdx-line", IFA_AS_RULE, "", "", NULL, want, "missing",
				      "make it the first line", "the first line is not the SPDX line");
		free(want);
	}
	judge_directives(text, header, spec, fs);
	judge_kdoc(text, decls, ifa_header_scoped(spec, header, decls), spec, fs);
}
