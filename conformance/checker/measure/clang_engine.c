/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Measures a header with libclang, in a child process: a header can make
 * libclang crash or grow without bound (a macro bomb), so the parses run
 * in a fork of this process, one worker for many parses, under the time
 * and memory limits of every child (--timeout, --memory), and send the
 * declarations they read back over a socket. A worker that crashed or ran
 * past a limit is killed and the next parse starts a new one. A crash, a timeout or an exhausted memory limit is the
 * header's error, reported as such, never a parse that quietly failed.
 */
#define _GNU_SOURCE
#include "clang_engine.h"
#include "util.h"

#include <clang-c/Index.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static CXIndex the_index;

struct walk {
	struct ifa_measure *m;
	CXTranslationUnit tu;
	struct ifa_mstruct *st;	/* struct being filled */
	CXType top;		/* its type, for offsets of anonymous members */
	int group;		/* current anonymous union group */
	int next_group;
	int oom;
};

/* s as a string owned by the measure; disposes s. */
static const char *own(struct ifa_measure *m, CXString s)
{
	const char *c = clang_getCString(s);
	const char *r = ifa_measure_str(m, c ? c : "", (size_t)-1);

	clang_disposeString(s);
	return r;
}

static int cursor_line(CXCursor c)
{
	unsigned line;

	clang_getSpellingLocation(clang_getCursorLocation(c), NULL, &line, NULL, NULL);
	return (int)line;
}

static void extent_lines(CXCursor c, unsigned *first, unsigned *last)
{
	CXSourceRange r = clang_getCursorExtent(c);

	clang_getSpellingLocation(clang_getRangeStart(r), NULL, first, NULL, NULL);
	clang_getSpellingLocation(clang_getRangeEnd(r), NULL, last, NULL, NULL);
}

/* Appends the spellings of tokens [from, to) to dst, separated by spaces. */
static void join_tokens(CXTranslationUnit tu, CXToken *toks, unsigned from,
			unsigned to, struct ifa_str *dst)
{
	unsigned i;

	for (i = from; i < to; i++) {
		CXString s = clang_getTokenSpelling(tu, toks[i]);

		ifa_str_add(dst, "%s%s", dst->len ? " " : "", clang_getCString(s));
		clang_disposeString(s);
	}
}

/* The body of a macro definition: its tokens after the name. */
static void macro_body(CXTranslationUnit tu, CXCursor c, struct ifa_str *dst)
{
	CXToken *toks;
	unsigned n;

	clang_tokenize(tu, clang_getCursorExtent(c), &toks, &n);
	join_tokens(tu, toks, n ? 1 : 0, n, dst);
	clang_disposeTokens(tu, toks, n);
}

/*
 * The type of a field as written ("__aligned_u64", "enum foo", "__u64 *"):
 * the tokens between the previous declaration's end and the field's name.
 * The cursor extent cannot give them when the type is a macro, so read the
 * source from the start of the name's line.
 */
static void written_type(CXTranslationUnit tu, CXCursor c, struct ifa_str *dst)
{
	CXSourceLocation name = clang_getCursorLocation(c);
	CXToken *toks;
	CXFile file;
	unsigned line, n, i, from = 0, to;

	clang_getSpellingLocation(name, &file, &line, NULL, NULL);
	clang_tokenize(tu, clang_getRange(clang_getLocation(tu, file, line, 1), name), &toks, &n);
	CXString fname = clang_getCursorSpelling(c);

	to = n;
	for (i = 0; i < n; i++) {
		CXString s = clang_getTokenSpelling(tu, toks[i]);
		const char *t = clang_getCString(s);

		if (!strcmp(t, ";") || !strcmp(t, "{") || !strcmp(t, ","))
			from = i + 1;
		/* The range may or may not take in the name itself: never count it as type. */
		if (i == n - 1 && !strcmp(t, clang_getCString(fname)))
			to = i;
		clang_disposeString(s);
	}
	clang_disposeString(fname);
	join_tokens(tu, toks, from, to, dst);
	clang_disposeTokens(tu, toks, n);
}

/* The kernel's fixed-width type names; those of 64 bits without explicit alignment are U64. */
static enum ifa_type_class fixed_class(const char *w)
{
	static const char *const fixed[] = {
		"__u8", "__u16", "__u32", "__s8", "__s16", "__s32", "__le16", "__le32",
		"__be16", "__be32", "__aligned_u64", "__aligned_s64", "__aligned_le64",
		"__aligned_be64", NULL
	};
	static const char *const u64[] = { "__u64", "__s64", "__le64", "__be64", NULL };
	size_t i;

	for (i = 0; fixed[i]; i++)
		if (!strcmp(w, fixed[i]))
			return IFA_T_FIXED;
	for (i = 0; u64[i]; i++)
		if (!strcmp(w, u64[i]))
			return IFA_T_U64;
	return IFA_T_PLAIN;
}

static CXType element_type(CXType t)
{
	for (;;) {
		CXType canon = clang_getCanonicalType(t);

		if (canon.kind != CXType_ConstantArray && canon.kind != CXType_IncompleteArray)
			return t;
		t = clang_getArrayElementType(canon);
	}
}

static enum ifa_type_class classify(CXType t, const char *written)
{
	CXType canon = clang_getCanonicalType(element_type(t));

	switch (canon.kind) {
	case CXType_Enum:
		return IFA_T_ENUM;
	case CXType_Pointer:
		return IFA_T_POINTER;
	case CXType_Bool:
		return IFA_T_BOOL;
	case CXType_Record:
		return IFA_T_RECORD;
	case CXType_Long:
	case CXType_ULong:
		return IFA_T_LONG;
	default:
		break;
	}
	return fixed_class(written);
}

static void add_field(struct walk *w, CXCursor c)
{
	struct ifa_measure *m = w->m;
	struct ifa_mstruct *st = w->st;
	struct ifa_mfield *f;
	CXType t = clang_getCursorType(c);
	struct ifa_str base = { 0 }, type = { 0 };
	long long off;

	f = ifa_measure_add_field(st);
	if (!f) {
		w->oom = 1;
		return;
	}
	f->name = own(m, clang_getCursorSpelling(c));
	written_type(w->tu, c, &base);
	if (!base.len && st->nfields > 1)	/* "__u32 a, b;": b shares a's type */
		ifa_str_add(&base, "%s", st->fields[st->nfields - 2].type);
	f->tclass = classify(t, ifa_str_get(&base));
	if (f->tclass == IFA_T_RECORD) {
		CXType rec = clang_getCanonicalType(element_type(t));

		f->record = own(m, clang_getCursorSpelling(clang_getTypeDeclaration(rec)));
	}
	if (t.kind == CXType_IncompleteArray) {
		ifa_str_add(&type, "%s[]", ifa_str_get(&base));
		f->flexible = 1;
	} else if (t.kind == CXType_ConstantArray) {
		ifa_str_add(&type, "%s[%lld]", ifa_str_get(&base), clang_getArraySize(t));
	} else {
		ifa_str_add(&type, "%s", ifa_str_get(&base));
	}
	f->type = ifa_measure_str(m, ifa_str_get(&type), (size_t)-1);
	w->oom |= base.oom || type.oom;
	ifa_str_free(&base);
	ifa_str_free(&type);
	off = clang_Type_getOffsetOf(w->top, f->name);
	f->offset = off >= 0 ? (long)(off / 8) : -1;
	if (clang_Cursor_isBitField(c)) {
		/* No byte offset or size: GCC's offsetof cannot measure one either. */
		f->bitfield = clang_getFieldDeclBitWidth(c);
		f->offset = -1;
		f->size = -1;
		f->align = -1;
	} else if (f->flexible) {
		f->size = 0;
		f->align = (long)clang_Type_getAlignOf(clang_getArrayElementType(t));
	} else {
		f->size = (long)clang_Type_getSizeOf(t);
		f->align = (long)clang_Type_getAlignOf(t);
	}
	f->union_group = w->group;
	f->line = cursor_line(c);
}

static enum CXChildVisitResult visit_fields(CXCursor c, CXCursor parent, CXClientData data)
{
	struct walk *w = data;
	enum CXCursorKind k = clang_getCursorKind(c);

	(void)parent;
	if (k == CXCursor_FieldDecl) {
		add_field(w, c);
	} else if ((k == CXCursor_UnionDecl || k == CXCursor_StructDecl) &&
		   clang_Cursor_isAnonymousRecordDecl(c)) {
		/* Members of an anonymous union are reached from the outer struct. */
		int saved = w->group;

		if (k == CXCursor_UnionDecl)
			w->group = ++w->next_group;
		clang_visitChildren(c, visit_fields, w);
		w->group = saved;
	}
	return CXChildVisit_Continue;
}

static void add_record(struct walk *w, CXCursor c)
{
	struct ifa_measure *m = w->m;
	struct ifa_mstruct *st;
	CXString cs = clang_getCursorSpelling(c), ts;
	const char *name = clang_getCString(cs);
	int skip;

	skip = !clang_isCursorDefinition(c) || clang_Cursor_isAnonymousRecordDecl(c) ||
	       !*name || strchr(name, ' ') || ifa_measure_struct(m, name);
	clang_disposeString(cs);
	if (skip)
		return;
	st = ifa_measure_add_struct(m);
	if (!st) {
		w->oom = 1;
		return;
	}
	st->name = own(m, clang_getCursorSpelling(c));
	st->is_union = clang_getCursorKind(c) == CXCursor_UnionDecl;
	/* typedef struct { ... } name_t; has no tag: C knows it as name_t only. */
	ts = clang_getTypeSpelling(clang_getCursorType(c));
	st->typedef_name = strncmp(clang_getCString(ts), "struct ", 7) &&
			   strncmp(clang_getCString(ts), "union ", 6);
	clang_disposeString(ts);
	w->top = clang_getCursorType(c);
	st->size = (long)clang_Type_getSizeOf(w->top);
	st->align = (long)clang_Type_getAlignOf(w->top);
	st->line = cursor_line(c);
	w->st = st;
	w->group = 0;
	clang_visitChildren(c, visit_fields, w);
}

static void add_macro(struct walk *w, CXCursor c)
{
	struct ifa_measure *m = w->m;
	struct ifa_macro *mac;
	struct ifa_str body = { 0 };

	if (clang_Cursor_isMacroBuiltin(c))
		return;
	mac = ifa_measure_add_macro(m);
	if (!mac) {
		w->oom = 1;
		return;
	}
	mac->name = own(m, clang_getCursorSpelling(c));
	mac->line = cursor_line(c);
	if (!clang_Cursor_isMacroFunctionLike(c)) {
		macro_body(w->tu, c, &body);
		mac->has_value = body.len && !ifa_parse_value(ifa_str_get(&body), &mac->value);
		w->oom |= body.oom;
		ifa_str_free(&body);
	}
}

struct enum_walk {
	struct walk *w;
	struct ifa_enum *e;
};

static enum CXChildVisitResult visit_enum(CXCursor c, CXCursor parent, CXClientData data)
{
	struct enum_walk *ew = data;
	struct ifa_macro *v;

	(void)parent;
	if (clang_getCursorKind(c) != CXCursor_EnumConstantDecl)
		return CXChildVisit_Continue;
	v = ifa_measure_add_value(ew->e);
	if (!v) {
		ew->w->oom = 1;
		return CXChildVisit_Break;
	}
	v->name = own(ew->w->m, clang_getCursorSpelling(c));
	v->has_value = 1;
	v->value = (unsigned long long)clang_getEnumConstantDeclValue(c);
	v->line = cursor_line(c);
	return CXChildVisit_Continue;
}

static void add_enum(struct walk *w, CXCursor c)
{
	struct enum_walk ew = { w, NULL };

	if (!clang_isCursorDefinition(c))
		return;
	ew.e = ifa_measure_add_enum(w->m);
	if (!ew.e) {
		w->oom = 1;
		return;
	}
	if (!clang_Cursor_isAnonymous(c))
		ew.e->name = own(w->m, clang_getCursorSpelling(c));
	ew.e->line = cursor_line(c);
	clang_visitChildren(c, visit_enum, &ew);
}

/* Struct bodies, by line, to attribute flags defined inside them. */
struct body {
	const char *name;
	unsigned first, last;
};

struct top_walk {
	struct walk w;
	struct body *bodies;
	size_t nbodies, capbodies;
};

static void add_body(struct top_walk *tw, CXCursor c)
{
	struct body *b;

	if (tw->nbodies == tw->capbodies) {
		size_t cap = tw->capbodies ? tw->capbodies * 2 : 16;
		struct body *p = realloc(tw->bodies, cap * sizeof(*p));

		if (!p) {
			tw->w.oom = 1;
			return;
		}
		tw->bodies = p;
		tw->capbodies = cap;
	}
	b = &tw->bodies[tw->nbodies++];
	b->name = own(tw->w.m, clang_getCursorSpelling(c));
	extent_lines(c, &b->first, &b->last);
}

static enum CXChildVisitResult visit_top(CXCursor c, CXCursor parent, CXClientData data)
{
	struct top_walk *tw = data;
	enum CXCursorKind k = clang_getCursorKind(c);

	(void)parent;
	if (!clang_Location_isFromMainFile(clang_getCursorLocation(c)))
		return CXChildVisit_Continue;
	switch (k) {
	case CXCursor_StructDecl:
	case CXCursor_UnionDecl:
		if (clang_isCursorDefinition(c))
			add_body(tw, c);
		add_record(&tw->w, c);
		break;
	case CXCursor_EnumDecl:
		add_enum(&tw->w, c);
		break;
	case CXCursor_MacroDefinition:
		add_macro(&tw->w, c);
		break;
	default:
		break;
	}
	return tw->w.oom ? CXChildVisit_Break : CXChildVisit_Continue;
}

static void attribute_macros(struct top_walk *tw)
{
	const struct ifa_mstruct *st;
	size_t i, j;

	for (i = 0; i < tw->w.m->nmacros; i++) {
		struct ifa_macro *mac = &tw->w.m->macros[i];

		for (j = 0; j < tw->nbodies; j++)
			if ((unsigned)mac->line > tw->bodies[j].first &&
			    (unsigned)mac->line < tw->bodies[j].last)
				mac->in_struct = tw->bodies[j].name;
		st = *mac->in_struct ? ifa_measure_struct(tw->w.m, mac->in_struct) : NULL;
		for (j = 0; st && j < st->nfields; j++)
			if (st->fields[j].line > mac->line) {
				mac->for_field = st->fields[j].name;
				break;
			}
	}
}

static int collect_errors(CXTranslationUnit tu, char *err, size_t errsz)
{
	unsigned i, n = clang_getNumDiagnostics(tu);
	size_t used = 0;
	int errors = 0;

	err[0] = '\0';
	for (i = 0; i < n; i++) {
		CXDiagnostic d = clang_getDiagnostic(tu, i);

		if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error) {
			CXString s = clang_formatDiagnostic(d, CXDiagnostic_DisplaySourceLocation |
							       CXDiagnostic_DisplayColumn);
			const char *t = clang_getCString(s);

			if (used + strlen(t) + 2 < errsz)
				used += (size_t)sprintf(err + used, "%s\n", t);
			clang_disposeString(s);
			errors++;
		}
		clang_disposeDiagnostic(d);
	}
	return errors;
}

/* Every file the parse included, the header itself left out, into the measure. */
static void add_inclusion(CXFile file, CXSourceLocation *stack, unsigned depth, CXClientData data)
{
	struct walk *w = data;
	CXString name;

	(void)stack;
	if (!depth)
		return;
	name = clang_getFileName(file);
	if (ifa_measure_add_include(w->m, clang_getCString(name) ? clang_getCString(name) : ""))
		w->oom = 1;
	clang_disposeString(name);
}

/* The parse itself, in the child. CXError_Crashed: libclang caught a crash of its own. */
static int measure_here(const char *header, const char *triple,
			const char *const *args, int nargs,
			struct ifa_measure *m, char *err, size_t errsz, int *crashed)
{
	const char *argv[64];
	struct top_walk *tw;
	CXTranslationUnit tu;
	enum CXErrorCode rc;
	int argc = 0, i, ret = 0;
	char target[128];

	if (nargs > 56) {
		ifa_fmt(err, errsz, "too many compiler arguments");
		return -1;
	}
	if (!the_index)
		the_index = clang_createIndex(0, 0);
	argv[argc++] = "-x";
	argv[argc++] = "c";
	argv[argc++] = "-std=gnu11";
	if (triple) {
		ifa_fmt(target, sizeof(target), "--target=%s", triple);
		argv[argc++] = target;
	}
	for (i = 0; i < nargs; i++)
		argv[argc++] = args[i];
	rc = clang_parseTranslationUnit2(the_index, header, argv, argc, NULL, 0,
					 CXTranslationUnit_DetailedPreprocessingRecord |
					 CXTranslationUnit_SkipFunctionBodies, &tu);
	if (rc != CXError_Success) {
		*crashed = rc == CXError_Crashed;
		ifa_fmt(err, errsz, "%s: libclang could not parse it (error %d)", header, (int)rc);
		return -1;
	}
	if (collect_errors(tu, err, errsz)) {
		clang_disposeTranslationUnit(tu);
		return -1;
	}
	tw = calloc(1, sizeof(*tw));
	if (!tw) {
		clang_disposeTranslationUnit(tu);
		ifa_fmt(err, errsz, "out of memory");
		return -1;
	}
	ifa_measure_free(m);
	tw->w.m = m;
	tw->w.tu = tu;
	clang_getInclusions(tu, add_inclusion, &tw->w);
	clang_visitChildren(clang_getTranslationUnitCursor(tu), visit_top, tw);
	attribute_macros(tw);
	if (tw->w.oom) {
		ifa_fmt(err, errsz, "%s: out of memory while reading its declarations", header);
		ret = -1;
	}
	free(tw->bodies);
	free(tw);
	clang_disposeTranslationUnit(tu);
	return ret;
}

/*
 * The measure as bytes on the pipe: numbers as 8 bytes, strings as their
 * length (8 bytes) and bytes. The child writes it; the parent reads it
 * back with every length checked against what arrived.
 */
struct wire {
	unsigned char *b;
	size_t len, cap, at;
	int bad;
};

static void put(struct wire *w, const void *p, size_t n)
{
	if (w->bad)
		return;
	if (w->len + n > w->cap) {
		size_t cap = w->cap ? w->cap : 4096;
		unsigned char *nb;

		while (cap < w->len + n)
			cap *= 2;
		nb = realloc(w->b, cap);
		if (!nb) {
			w->bad = 1;
			return;
		}
		w->b = nb;
		w->cap = cap;
	}
	memcpy(w->b + w->len, p, n);
	w->len += n;
}

static void put_num(struct wire *w, long long v)
{
	int64_t x = v;

	put(w, &x, sizeof(x));
}

static void put_str(struct wire *w, const char *s)
{
	s = s ? s : "";
	put_num(w, (long long)strlen(s));
	put(w, s, strlen(s));
}

static long long get_num(struct wire *w)
{
	int64_t x = 0;

	if (w->bad || w->len - w->at < sizeof(x)) {
		w->bad = 1;
		return 0;
	}
	memcpy(&x, w->b + w->at, sizeof(x));
	w->at += sizeof(x);
	return x;
}

/* A count of things each at least min bytes long on the wire: no more than the bytes left. */
static size_t get_count(struct wire *w, size_t min)
{
	long long n = get_num(w);

	if (n < 0 || (unsigned long long)n > (w->len - w->at) / min)
		w->bad = 1;
	return w->bad ? 0 : (size_t)n;
}

static const char *get_str(struct wire *w, struct ifa_measure *m)
{
	size_t n = get_count(w, 1);
	const char *s;

	if (w->bad)
		return "";
	s = ifa_measure_str(m, (const char *)w->b + w->at, n);
	w->at += n;
	return s;
}

static void put_macro(struct wire *w, const struct ifa_macro *v)
{
	put_str(w, v->name);
	put_num(w, v->has_value);
	put_num(w, (long long)v->value);
	put_str(w, v->in_struct);
	put_str(w, v->for_field);
	put_num(w, v->line);
}

static void get_macro(struct wire *w, struct ifa_measure *m, struct ifa_macro *v)
{
	v->name = get_str(w, m);
	v->has_value = (int)get_num(w);
	v->value = (unsigned long long)get_num(w);
	v->in_struct = get_str(w, m);
	v->for_field = get_str(w, m);
	v->line = (int)get_num(w);
}

static void put_measure(struct wire *w, const struct ifa_measure *m)
{
	size_t i, j;

	put_num(w, (long long)m->nstructs);
	for (i = 0; i < m->nstructs; i++) {
		const struct ifa_mstruct *st = &m->structs[i];

		put_str(w, st->name);
		put_num(w, st->is_union);
		put_num(w, st->typedef_name);
		put_num(w, st->size);
		put_num(w, st->align);
		put_num(w, st->line);
		put_num(w, (long long)st->nfields);
		for (j = 0; j < st->nfields; j++) {
			const struct ifa_mfield *f = &st->fields[j];

			put_str(w, f->name);
			put_str(w, f->type);
			put_str(w, f->record);
			put_num(w, f->tclass);
			put_num(w, f->offset);
			put_num(w, f->size);
			put_num(w, f->align);
			put_num(w, f->bitfield);
			put_num(w, f->flexible);
			put_num(w, f->union_group);
			put_num(w, f->line);
		}
	}
	put_num(w, (long long)m->nmacros);
	for (i = 0; i < m->nmacros; i++)
		put_macro(w, &m->macros[i]);
	put_num(w, (long long)m->nincludes);
	for (i = 0; i < m->nincludes; i++)
		put_str(w, m->includes[i]);
	put_num(w, (long long)m->nenums);
	for (i = 0; i < m->nenums; i++) {
		put_str(w, m->enums[i].name);
		put_num(w, m->enums[i].line);
		put_num(w, (long long)m->enums[i].nvalues);
		for (j = 0; j < m->enums[i].nvalues; j++)
			put_macro(w, &m->enums[i].values[j]);
	}
}

/* Fills m from the wire; -1 if the bytes do not make a whole measure or memory ran out. */
static int get_measure(struct wire *w, struct ifa_measure *m)
{
	size_t i, j, n, nf;

	n = get_count(w, 7 * 8);
	for (i = 0; i < n && !w->bad; i++) {
		struct ifa_mstruct *st = ifa_measure_add_struct(m);

		if (!st)
			return -1;
		st->name = get_str(w, m);
		st->is_union = (int)get_num(w);
		st->typedef_name = (int)get_num(w);
		st->size = (long)get_num(w);
		st->align = (long)get_num(w);
		st->line = (int)get_num(w);
		nf = get_count(w, 11 * 8);
		for (j = 0; j < nf && !w->bad; j++) {
			struct ifa_mfield *f = ifa_measure_add_field(st);

			if (!f)
				return -1;
			f->name = get_str(w, m);
			f->type = get_str(w, m);
			f->record = get_str(w, m);
			f->tclass = (enum ifa_type_class)get_num(w);
			f->offset = (long)get_num(w);
			f->size = (long)get_num(w);
			f->align = (long)get_num(w);
			f->bitfield = (int)get_num(w);
			f->flexible = (int)get_num(w);
			f->union_group = (int)get_num(w);
			f->line = (int)get_num(w);
		}
	}
	n = get_count(w, 6 * 8);
	for (i = 0; i < n && !w->bad; i++) {
		struct ifa_macro *v = ifa_measure_add_macro(m);

		if (!v)
			return -1;
		get_macro(w, m, v);
	}
	n = get_count(w, 8);
	for (i = 0; i < n && !w->bad; i++)
		if (ifa_measure_add_include(m, get_str(w, m)))
			return -1;
	n = get_count(w, 3 * 8);
	for (i = 0; i < n && !w->bad; i++) {
		struct ifa_enum *e = ifa_measure_add_enum(m);

		if (!e)
			return -1;
		e->name = get_str(w, m);
		e->line = (int)get_num(w);
		nf = get_count(w, 6 * 8);
		for (j = 0; j < nf && !w->bad; j++) {
			struct ifa_macro *v = ifa_measure_add_value(e);

			if (!v)
				return -1;
			get_macro(w, m, v);
		}
	}
	return w->bad || w->at != w->len ? -1 : 0;
}

/* What the child says first: the parse's outcome. */
enum { WIRE_MEASURED = 1, WIRE_ERRORS = 2, WIRE_CRASHED = 3, WIRE_OUT_OF_MEMORY = 4 };

/* The most address space this process has held, from /proc/self/status; 0 if unknown. */
static unsigned long long vm_peak(void)
{
	unsigned long long kib = 0;
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmPeak: %llu kB", &kib) == 1)
			break;
	fclose(f);
	return kib << 10;
}

/* All of p to fd; -1 when the peer is gone (no SIGPIPE: a socket, MSG_NOSIGNAL). */
static int send_all(int fd, const unsigned char *p, size_t n)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* A frame: its length (8 bytes), then its bytes. */
static int send_frame(int fd, const struct wire *w)
{
	int64_t n = (int64_t)w->len;

	return send_all(fd, (const unsigned char *)&n, sizeof(n)) ||
	       send_all(fd, w->b, w->len) ? -1 : 0;
}

/* Exactly n bytes from fd, in the worker; 0, or -1 at end of file or error. */
static int recv_all(int fd, void *p, size_t n)
{
	unsigned char *b = p;

	while (n) {
		ssize_t r = read(fd, b, n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		b += r;
		n -= (size_t)r;
	}
	return 0;
}

/*
 * The worker, a child that parses header after header: one libclang index
 * for all of them, and one fork for the whole run rather than one per
 * parse. It has no handler of the parent's (its signal handler would
 * remove the work directory), is killed with the parent, runs under the
 * memory limit, and times each parse with its own timer; its stderr
 * (libclang's "LLVM ERROR" lines) is discarded. A request is a frame of
 * the header, the triple ("" for the host), the time limit in
 * microseconds and the arguments; the answer, a frame of the outcome.
 */
static void worker(int fd, unsigned long long memory)
{
	static const int sigs[] = { SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGALRM, SIGPIPE };
	/* Fault injection for the tests: a parse of a header whose path holds this crashes. */
	const char *crash_on = getenv("IFA_TEST_LIBCLANG_CRASH");
	sigset_t none;
	size_t i;
	int null;

	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	null = open("/dev/null", O_WRONLY);
	if (null >= 0)
		dup2(null, 2);
#if !defined(__SANITIZE_ADDRESS__)
	/* AddressSanitizer's shadow memory takes terabytes of address space: the parent watches RSS. */
	{
		struct rlimit mem = { memory, memory };

		setrlimit(RLIMIT_AS, &mem);
	}
#endif
	for (;;) {
		struct wire rq = { 0 }, w = { 0 };
		struct ifa_measure m = { 0 }, strs = { 0 };
		const char *header, *triple, **args;
		struct itimerval t = { { 0, 0 }, { 0, 0 } };
		char err[8192];
		int64_t len;
		long long usec;
		size_t nargs, k;
		int crashed = 0;

		if (recv_all(fd, &len, sizeof(len)) || len < 0 || !(rq.b = malloc((size_t)len + 1)) ||
		    recv_all(fd, rq.b, (size_t)len))
			_exit(0);	/* the parent is done with it */
		rq.len = (size_t)len;
		header = get_str(&rq, &strs);
		triple = get_str(&rq, &strs);
		usec = get_num(&rq);
		nargs = get_count(&rq, 8);
		args = calloc(nargs + 1, sizeof(*args));
		for (k = 0; args && k < nargs; k++)
			args[k] = get_str(&rq, &strs);
		if (rq.bad || !args || nargs > INT32_MAX)
			_exit(125);
		if (crash_on && *crash_on && strstr(header, crash_on))
			raise(SIGSEGV);
		t.it_value.tv_sec = (time_t)(usec / 1000000);
		t.it_value.tv_usec = (suseconds_t)(usec % 1000000);
		setitimer(ITIMER_REAL, &t, NULL);
		if (measure_here(header, *triple ? triple : NULL, args, (int)nargs, &m, err,
				 sizeof(err), &crashed) == 0) {
			unsigned char tag = WIRE_MEASURED;

			put(&w, &tag, 1);
			put_measure(&w, &m);
		} else {
			/*
			 * libclang catches its own crashes, an allocation refused at the
			 * address-space limit among them: a peak near the limit says which.
			 */
			unsigned char tag = !crashed ? WIRE_ERRORS :
					    vm_peak() >= memory / 10 * 9 ? WIRE_OUT_OF_MEMORY :
					    WIRE_CRASHED;

			put(&w, &tag, 1);
			put_str(&w, err);
		}
		t.it_value.tv_sec = 0;
		t.it_value.tv_usec = 0;
		setitimer(ITIMER_REAL, &t, NULL);
		if (w.bad)
			_exit(125);	/* out of memory writing it down */
		if (send_frame(fd, &w))
			_exit(0);
		free(w.b);
		free(rq.b);
		free(args);
		ifa_measure_free(&m);
		ifa_measure_free(&strs);
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Resident bytes of pid, 0 if unknown. */
static unsigned long long resident(pid_t pid)
{
	char path[64];
	unsigned long long size = 0, rss = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/statm", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (fscanf(f, "%llu %llu", &size, &rss) != 2)
		rss = 0;
	fclose(f);
	return rss * (unsigned long long)sysconf(_SC_PAGESIZE);
}

/* A worker of this process, and the parse it is doing. */
struct worker_slot {
	pid_t pid;
	int fd;
	unsigned served;
	struct ifa_clang_job *job;	/* NULL: idle */
	struct wire w;			/* the answer so far, its length first */
	int64_t want;			/* the answer's length, -1 until known */
	double deadline;
};

/* At most this many workers, one per core. */
#define MAX_WORKERS 64
static struct worker_slot wks[MAX_WORKERS];

/* Parses per worker: a new one now and then bounds what libclang keeps between parses. */
#define WORKER_PARSES 256

/* Ends a worker: with SIGKILL when it is stuck, else by closing its socket. Its status. */
static int worker_stop(struct worker_slot *k, int kill_it)
{
	int status = 0, tries = 0;

	if (k->pid <= 0)
		return 0;
	if (kill_it)
		kill(k->pid, SIGKILL);
	close(k->fd);
	/* Closing its socket ends it; one that does not end soon is killed. */
	for (tries = 0; !kill_it && tries < 200; tries++) {
		pid_t got = waitpid(k->pid, &status, WNOHANG);

		if (got == k->pid || (got < 0 && errno != EINTR))
			break;
		nanosleep(&(struct timespec){ 0, 10 * 1000 * 1000 }, NULL);
	}
	if (kill_it || tries == 200) {
		kill(k->pid, SIGKILL);
		while (waitpid(k->pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	k->pid = 0;
	k->fd = -1;
	k->served = 0;
	return status;
}

static int worker_start(struct worker_slot *k, unsigned long long memory)
{
	int fds[2];
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds))
		return -1;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		size_t i;

		/* The other workers' sockets: held open here, they would never see their end. */
		for (i = 0; i < MAX_WORKERS; i++)
			if (wks[i].pid > 0)
				close(wks[i].fd);
		close(fds[0]);
		worker(fds[1], memory);
	}
	close(fds[1]);
	k->pid = pid;
	k->fd = fds[0];
	k->served = 0;
	return 0;
}

/* Hands job to worker k (started if need be); 0, or -1 with the job's error set. */
static int worker_give(struct worker_slot *k, struct ifa_clang_job *job, double timeout,
		       unsigned long long memory)
{
	struct wire rq = { 0 };
	int i, failed;

	put_str(&rq, job->header);
	put_str(&rq, job->triple ? job->triple : "");
	put_num(&rq, (long long)(timeout * 1e6));
	put_num(&rq, job->nargs);
	for (i = 0; i < job->nargs; i++)
		put_str(&rq, job->args[i]);
	if (rq.bad) {
		job->rc = -1;
		return ifa_fmt(job->err, job->errsz, "out of memory"), -1;
	}
	if (k->pid > 0 && k->served >= WORKER_PARSES)
		worker_stop(k, 0);
	/* A worker that ended since (killed from outside) is started again, once. */
	failed = (k->pid <= 0 && worker_start(k, memory)) ||
		 (send_frame(k->fd, &rq) && (worker_stop(k, 1), worker_start(k, memory) ||
					      send_frame(k->fd, &rq)));
	free(rq.b);
	if (failed) {
		job->rc = -1;
		return ifa_fmt(job->err, job->errsz, "%s: cannot start libclang: %s", job->header,
			       strerror(errno)), -1;
	}
	k->served++;
	k->job = job;
	k->want = -1;
	k->w.len = 0;
	k->w.at = 0;
	k->w.bad = 0;
	k->deadline = now() + timeout + 1;	/* its own timer goes off first */
	return 0;
}

enum answer { DONE, DIED, TIMED_OUT, TOO_BIG, NO_MEMORY };

/* Worker k's job is over: its outcome into the job, the worker stopped if it cannot go on. */
static void worker_conclude(struct worker_slot *k, enum answer state, double timeout,
			    unsigned long long memory)
{
	struct ifa_clang_job *job = k->job;
	struct wire w = { 0 };
	int status = 0;

	k->job = NULL;
	job->rc = -1;
	if (state != DONE)
		status = worker_stop(k, state != DIED);
	if (state == DIED && WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
		state = TIMED_OUT;
	if (state == DONE) {
		/* The answer without its length. */
		w.b = k->w.b + sizeof(k->want);
		w.len = (size_t)k->want;
		/* libclang caught a crash of its own: its state is not to be trusted again. */
		if (!w.len || w.b[0] == WIRE_CRASHED || w.b[0] == WIRE_OUT_OF_MEMORY)
			worker_stop(k, 1);
	}
	if (state == TIMED_OUT) {
		ifa_fmt(job->err, job->errsz, "%s: libclang did not finish parsing it within the "
			"time limit of %g s (--timeout): a macro that expands without end?",
			job->header, timeout);
		job->rc = IFA_CLANG_LIMIT;
	} else if (state == TOO_BIG || (state == DONE && w.len && w.b[0] == WIRE_OUT_OF_MEMORY)) {
		ifa_fmt(job->err, job->errsz, "%s: libclang parsing it ran past the memory limit "
			"of %llu MiB (--memory): a macro that expands without end?", job->header,
			memory >> 20);
		job->rc = IFA_CLANG_LIMIT;
	} else if (state == NO_MEMORY) {
		ifa_fmt(job->err, job->errsz, "out of memory");
	} else if (state != DONE || !w.len || w.b[0] == WIRE_CRASHED) {
		char how[64];

		if (state == DONE)
			ifa_fmt(how, sizeof(how), "caught by its own crash handler");
		else if (WIFSIGNALED(status))
			ifa_fmt(how, sizeof(how), "killed by signal %d", WTERMSIG(status));
		else
			ifa_fmt(how, sizeof(how), "its process ended with exit code %d",
				WEXITSTATUS(status));
		ifa_fmt(job->err, job->errsz, "%s: libclang crashed parsing it (%s), with a memory "
			"limit of %llu MiB (--memory)", job->header, how, memory >> 20);
		job->rc = IFA_CLANG_LIMIT;
	} else if (w.b[0] == WIRE_ERRORS) {
		struct ifa_measure tmp = { 0 };

		w.at = 1;
		ifa_fmt(job->err, job->errsz, "%s", get_str(&w, &tmp));
		ifa_measure_free(&tmp);
	} else {
		w.at = 1;
		ifa_measure_free(job->m);
		if (get_measure(&w, job->m) == 0) {
			job->rc = 0;
		} else {
			ifa_measure_free(job->m);
			ifa_fmt(job->err, job->errsz, "%s: libclang's child sent back a measure "
				"cut short", job->header);
			job->rc = IFA_CLANG_LIMIT;
		}
	}
}

/* Reads what worker k has of its answer, never past it: the next one is another parse's. */
static void worker_read(struct worker_slot *k, double timeout, unsigned long long memory)
{
	unsigned char buf[65536];
	size_t ask = sizeof(buf), have = k->w.len;
	ssize_t got;

	if (k->want < 0 && have < sizeof(k->want))
		ask = sizeof(k->want) - have;
	else if (k->want >= 0 && (size_t)k->want + sizeof(k->want) - have < ask)
		ask = (size_t)k->want + sizeof(k->want) - have;
	got = read(k->fd, buf, ask);
	if (got < 0 && errno == EINTR)
		return;
	if (got <= 0)
		return worker_conclude(k, DIED, timeout, memory);
	put(&k->w, buf, (size_t)got);
	if (k->w.bad) {
		k->w.bad = 0;
		worker_stop(k, 1);
		return worker_conclude(k, NO_MEMORY, timeout, memory);
	}
	if (k->want < 0 && k->w.len == sizeof(k->want)) {
		memcpy(&k->want, k->w.b, sizeof(k->want));
		if (k->want < 0)	/* a worker that sends that is broken */
			return worker_conclude(k, DIED, timeout, memory);
	}
	if (k->want >= 0 && k->w.len == (size_t)k->want + sizeof(k->want))
		worker_conclude(k, DONE, timeout, memory);
}

void ifa_clang_measure_jobs(struct ifa_clang_job *jobs, size_t n, int parallel)
{
	unsigned long long memory;
	double timeout;
	size_t next = 0, busy = 0, i;

	ifa_limits_get(&timeout, &memory);
	if (parallel < 1)
		parallel = 1;
	if (parallel > MAX_WORKERS)
		parallel = MAX_WORKERS;
	while (next < n || busy) {
		struct pollfd pfd[MAX_WORKERS];
		int at[MAX_WORKERS], np = 0;
		double soonest = 0.1;

		for (i = 0; i < (size_t)parallel && next < n; i++)
			if (!wks[i].job && worker_give(&wks[i], &jobs[next++], timeout, memory) == 0)
				busy++;
		for (i = 0; i < (size_t)parallel; i++) {
			double left;

			if (!wks[i].job)
				continue;
			left = wks[i].deadline - now();
			if (left <= 0) {
				worker_conclude(&wks[i], TIMED_OUT, timeout, memory);
				busy--;
				continue;
			}
			if (resident(wks[i].pid) > memory) {
				worker_conclude(&wks[i], TOO_BIG, timeout, memory);
				busy--;
				continue;
			}
			if (left < soonest)
				soonest = left;
			pfd[np] = (struct pollfd){ wks[i].fd, POLLIN, 0 };
			at[np++] = (int)i;
		}
		if (!np || poll(pfd, (nfds_t)np, (int)(soonest * 1000) + 1) <= 0)
			continue;
		for (i = 0; i < (size_t)np; i++)
			if (pfd[i].revents) {
				struct worker_slot *k = &wks[at[i]];

				worker_read(k, timeout, memory);
				if (!k->job)
					busy--;
			}
	}
}

int ifa_clang_measure(const char *header, const char *triple,
		      const char *const *args, int nargs,
		      struct ifa_measure *m, char *err, size_t errsz)
{
	struct ifa_clang_job job = { header, triple, args, nargs, m, err, errsz, -1 };

	ifa_clang_measure_jobs(&job, 1, 1);
	return job.rc;
}

void ifa_clang_shutdown(void)
{
	size_t i;

	for (i = 0; i < MAX_WORKERS; i++) {
		worker_stop(&wks[i], 0);
		free(wks[i].w.b);
		wks[i].w = (struct wire){ 0 };
	}
	if (the_index)
		clang_disposeIndex(the_index);
	the_index = NULL;
}
