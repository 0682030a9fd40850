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
	int overflow;
};

static void spell(CXString s, char *dst, size_t size)
{
	const char *c = clang_getCString(s);

	ifa_copy(dst, size, c ? c : "", c ? strlen(c) : 0);
	clang_disposeString(s);
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
			unsigned to, char *dst, size_t size)
{
	size_t used = 0;
	unsigned i;

	dst[0] = '\0';
	for (i = from; i < to; i++) {
		CXString s = clang_getTokenSpelling(tu, toks[i]);
		const char *t = clang_getCString(s);

		if (used + strlen(t) + 2 < size)
			used += (size_t)sprintf(dst + used, "%s%s", used ? " " : "", t);
		clang_disposeString(s);
	}
}

/* The body of a macro definition: its tokens after the name. */
static void macro_body(CXTranslationUnit tu, CXCursor c, char *dst, size_t size)
{
	CXToken *toks;
	unsigned n;

	clang_tokenize(tu, clang_getCursorExtent(c), &toks, &n);
	join_tokens(tu, toks, n ? 1 : 0, n, dst, size);
	clang_disposeTokens(tu, toks, n);
}

/*
 * The type of a field as written ("__aligned_u64", "enum foo"): the tokens
 * between the previous declaration's end and the field's name. The cursor
 * extent cannot give them when the type is a macro, so read the source
 * from the start of the name's line.
 */
static void written_type(CXTranslationUnit tu, CXCursor c, char *dst, size_t size)
{
	CXSourceLocation name = clang_getCursorLocation(c);
	CXToken *toks;
	CXFile file;
	unsigned line, n, i, from = 0, to;

	clang_getSpellingLocation(name, &file, &line, NULL, NULL);
	clang_tokenize(tu, clang_getRange(clang_getLocation(tu, file, line, 1), name), &toks, &n);
	to = n;
	for (i = 0; i < n; i++) {
		CXString s = clang_getTokenSpelling(tu, toks[i]);
		const char *t = clang_getCString(s);

		if (!strcmp(t, ";") || !strcmp(t, "{") || !strcmp(t, ","))
			from = i + 1;
		clang_disposeString(s);
	}
	/* The range ends at the name, which is the last token. */
	if (to > from)
		to--;
	join_tokens(tu, toks, from, to, dst, size);
	clang_disposeTokens(tu, toks, n);
}

static enum ifa_type_class classify(CXType t, const char *written)
{
	CXType canon = clang_getCanonicalType(t);

	while (canon.kind == CXType_ConstantArray || canon.kind == CXType_IncompleteArray) {
		t = clang_getArrayElementType(t);
		canon = clang_getCanonicalType(t);
	}
	switch (canon.kind) {
	case CXType_Enum:
		return IFA_T_ENUM;
	case CXType_Pointer:
		return IFA_T_POINTER;
	case CXType_Bool:
		return IFA_T_BOOL;
	case CXType_Record:
		return IFA_T_RECORD;
	default:
		break;
	}
	if (!strcmp(written, "__u8") || !strcmp(written, "__u16") ||
	    !strcmp(written, "__u32") || !strcmp(written, "__aligned_u64"))
		return IFA_T_FIXED;
	if (!strcmp(written, "__u64"))
		return IFA_T_U64;
	return IFA_T_PLAIN;
}

static void add_field(struct walk *w, CXCursor c)
{
	struct ifa_mstruct *st = w->st;
	struct ifa_mfield *f;
	CXType t = clang_getCursorType(c);
	char base[IFA_NAME_MAX];
	long long off;

	if (st->nfields == IFA_MAX_FIELDS) {
		w->overflow = 1;
		return;
	}
	f = &st->fields[st->nfields++];
	memset(f, 0, sizeof(*f));
	spell(clang_getCursorSpelling(c), f->name, sizeof(f->name));
	written_type(w->tu, c, base, sizeof(base));
	if (!*base && st->nfields > 1)	/* "__u32 a, b;": b shares a's type */
		strcpy(base, st->fields[st->nfields - 2].type);
	f->tclass = classify(t, base);
	if (t.kind == CXType_IncompleteArray) {
		ifa_fmt(f->type, sizeof(f->type), "%s[]", base);
		f->flexible = 1;
	} else if (t.kind == CXType_ConstantArray) {
		long long n = clang_getArraySize(t);
		CXType e = clang_getArrayElementType(t);

		while (e.kind == CXType_ConstantArray)	/* T x[2][3] reads T[2][3] */
			e = clang_getArrayElementType(e);
		ifa_fmt(f->type, sizeof(f->type), "%s[%lld]", base, n);
	} else {
		ifa_copy(f->type, sizeof(f->type), base, strlen(base));
	}
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
	char name[IFA_NAME_MAX], tname[IFA_NAME_MAX + 8];

	spell(clang_getCursorSpelling(c), name, sizeof(name));
	if (!clang_isCursorDefinition(c) || clang_Cursor_isAnonymousRecordDecl(c) ||
	    !*name || strchr(name, ' ') || ifa_measure_struct(m, name))
		return;
	if (m->nstructs == IFA_MAX_MSTRUCTS) {
		w->overflow = 1;
		return;
	}
	st = &m->structs[m->nstructs++];
	memset(st, 0, sizeof(*st));
	strcpy(st->name, name);
	st->is_union = clang_getCursorKind(c) == CXCursor_UnionDecl;
	/* typedef struct { ... } name_t; has no tag: C knows it as name_t only. */
	spell(clang_getTypeSpelling(clang_getCursorType(c)), tname, sizeof(tname));
	st->typedef_name = strncmp(tname, "struct ", 7) && strncmp(tname, "union ", 6);
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
	char body[256];

	if (clang_Cursor_isMacroBuiltin(c))
		return;
	if (m->nmacros == IFA_MAX_MACROS) {
		w->overflow = 1;
		return;
	}
	mac = &m->macros[m->nmacros++];
	memset(mac, 0, sizeof(*mac));
	spell(clang_getCursorSpelling(c), mac->name, sizeof(mac->name));
	mac->line = cursor_line(c);
	if (!clang_Cursor_isMacroFunctionLike(c)) {
		macro_body(w->tu, c, body, sizeof(body));
		mac->has_value = *body && !ifa_parse_value(body, &mac->value);
	}
}

static enum CXChildVisitResult visit_enum(CXCursor c, CXCursor parent, CXClientData data)
{
	struct ifa_enum *e = data;
	struct ifa_macro *v;

	(void)parent;
	if (clang_getCursorKind(c) != CXCursor_EnumConstantDecl || e->nvalues == IFA_MAX_CONSTS)
		return CXChildVisit_Continue;
	v = &e->values[e->nvalues++];
	memset(v, 0, sizeof(*v));
	spell(clang_getCursorSpelling(c), v->name, sizeof(v->name));
	v->has_value = 1;
	v->value = (unsigned long long)clang_getEnumConstantDeclValue(c);
	v->line = cursor_line(c);
	return CXChildVisit_Continue;
}

static void add_enum(struct walk *w, CXCursor c)
{
	struct ifa_enum *e;

	if (!clang_isCursorDefinition(c))
		return;
	if (w->m->nenums == IFA_MAX_ENUMS) {
		w->overflow = 1;
		return;
	}
	e = &w->m->enums[w->m->nenums++];
	memset(e, 0, sizeof(*e));
	if (!clang_Cursor_isAnonymous(c))
		spell(clang_getCursorSpelling(c), e->name, sizeof(e->name));
	e->line = cursor_line(c);
	clang_visitChildren(c, visit_enum, e);
}

/* Struct bodies, by line, to attribute flags defined inside them. */
struct body {
	char name[IFA_NAME_MAX];
	unsigned first, last;
};

struct top_walk {
	struct walk w;
	struct body bodies[IFA_MAX_MSTRUCTS];
	size_t nbodies;
};

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
		if (clang_isCursorDefinition(c) && tw->nbodies < IFA_MAX_MSTRUCTS) {
			struct body *b = &tw->bodies[tw->nbodies++];

			spell(clang_getCursorSpelling(c), b->name, sizeof(b->name));
			extent_lines(c, &b->first, &b->last);
		}
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
	return CXChildVisit_Continue;
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
				strcpy(mac->in_struct, tw->bodies[j].name);
		st = *mac->in_struct ? ifa_measure_struct(tw->w.m, mac->in_struct) : NULL;
		for (j = 0; st && j < st->nfields; j++)
			if (st->fields[j].line > mac->line) {
				strcpy(mac->for_field, st->fields[j].name);
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
	memset(m, 0, sizeof(*m));
	tw->w.m = m;
	tw->w.tu = tu;
	clang_visitChildren(clang_getTranslationUnitCursor(tu), visit_top, tw);
	attribute_macros(tw);
	if (tw->w.overflow) {
		ifa_fmt(err, errsz, "%s: more structs, fields, macros or enums than this tool holds", header);
		ret = -1;
	}
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
