/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Measures a header with libclang, in process: one parse per target, so
 * the whole matrix costs no process start-up.
 */
#include "clang_engine.h"
#include "util.h"

#include <clang-c/Index.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int ifa_clang_measure(const char *header, const char *triple,
		      const char *const *args, int nargs,
		      struct ifa_measure *m, char *err, size_t errsz)
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

void ifa_clang_shutdown(void)
{
	if (the_index)
		clang_disposeIndex(the_index);
	the_index = NULL;
}
