/* fe_objects.c - declarations and objects: struct types, fields, global objects, locks and state. */
#include "fe.h"

static void fe_struct_fields(Fe *fe, Struct *st, Ast decl, const char *prefix, int depth, Ast outer,
			     const char *outer_prefix);

/* A lock's attribute: its own, else its wrapper field's (Field.outer);
 * *prefix the path prefix of the declaration it came from. */
static const char *fe_lock_ann(const Field *f, const char *key, const char **prefix)
{
	const char *a = fe_ann_find(f->decl, key);
	if (prefix)
		*prefix = f->prefix;
	if (a || ast_Cursor_isNull(f->outer))
		return a;
	if (prefix)
		*prefix = f->outer_prefix;
	return fe_ann_find(f->outer, key);
}
/* ---- types of declarations ------------------------------------------------ */
IrLockKind fe_lock_kind_of(AstType t)
{
	t = ast_getCanonicalType(t);
	if (t.kind != AST_TYPE_Record)
		return 0;
	const char *s = ast_getTypeSpelling(t);
	if (!strcmp(s, "struct ls_mutex"))
		return LK_MUTEX;
	if (!strcmp(s, "struct ls_spinlock"))
		return LK_SPIN;
	if (!strcmp(s, "struct ls_rwlock"))
		return LK_RWLOCK;
	if (!strcmp(s, "struct ls_rwsem"))
		return LK_RWSEM;
	/* a lock type of the lock-API headers: struct LS__ANN("lock mutex") mutex */
	const char *k = fe_ann_find(ast_getTypeDeclaration(t), "lock");
	for (int kind = LK_MUTEX; k && kind <= LK_RWSEM; kind++)
		if (!strcmp(k, ir_lock_kind_name((IrLockKind)kind)))
			return (IrLockKind)kind;
	return 0;
}

AstType fe_elem_type(AstType t, int *len)
{
	t = ast_getCanonicalType(t);
	*len = 0;
	if (t.kind == AST_TYPE_ConstantArray) {
		*len = (int)ast_getArraySize(t);
		t = ast_getCanonicalType(ast_getArrayElementType(t));
	}
	return t;
}

/* An unsigned integer type of int's width or wider. */
static bool fe_is_unsigned_int(AstType t)
{
	AstTypeKind k = ast_getCanonicalType(t).kind;
	return k >= AST_TYPE_Char_U && k <= AST_TYPE_UInt128;
}

static bool fe_is_int_kind(AstTypeKind k)
{
	return (k >= AST_TYPE_Char_U && k <= AST_TYPE_UInt128 && k != AST_TYPE_Bool) ||
	       (k >= AST_TYPE_Char_S && k <= AST_TYPE_Int128);
}


static AstVisitResult enum_range_visit(Ast c, Ast parent, void * d)
{
	(void)parent;
	int *r = d;
	if (ast_getCursorKind(c) == AST_EnumConstantDecl) {
		long long v = ast_getEnumConstantDeclValue(c);
		if (!r[2] || v < r[0])
			r[0] = (int)v;
		if (!r[2] || v > r[1])
			r[1] = (int)v;
		r[2] = 1;
	}
	return AST_VISIT_Continue;
}

void fe_range_of_type(AstType t, IrValKind *vk, int *lo, int *hi)
{
	t = ast_getCanonicalType(t);
	if (t.kind == AST_TYPE_Bool) {
		*vk = VK_BOOL, *lo = 0, *hi = 1;
	} else if (t.kind == AST_TYPE_Enum) {
		int r[3] = { 0, 0, 0 };
		ast_visitChildren(ast_getTypeDeclaration(t), enum_range_visit, r);
		*vk = VK_ENUM, *lo = r[0], *hi = r[1];
	} else if (t.kind == AST_TYPE_Pointer) {
		*vk = VK_PTR, *lo = 0, *hi = 0;
	} else {
		*vk = VK_INT;
		fe_int_type_range(t, lo, hi, NULL);
	}
}

/* The values of the C integer type t as the model holds them: a type
 * narrower than int has its own range, and a store wraps into it as C
 * converts (*wrap; unsigned: modulo 2^N by the standard, signed: as gcc and
 * clang define the conversion); int and wider hold what a Promela int
 * holds, the unsigned ones 0..INT_MAX. */
void fe_int_type_range(AstType t, int *lo, int *hi, bool *wrap)
{
	bool w = true;
	switch (ast_getCanonicalType(t).kind) {
	case AST_TYPE_Char_U:
	case AST_TYPE_UChar:
		*lo = 0, *hi = 255;
		break;
	case AST_TYPE_Char_S:
	case AST_TYPE_SChar:
		*lo = -128, *hi = 127;
		break;
	case AST_TYPE_UShort:
	case AST_TYPE_Char16:
		*lo = 0, *hi = 65535;
		break;
	case AST_TYPE_Short:
		*lo = -32768, *hi = 32767;
		break;
	case AST_TYPE_Char32:
	case AST_TYPE_WChar:
	default:
		w = false;
		*lo = fe_is_unsigned_int(t) ? -1 : INT_MIN, *hi = INT_MAX;
		break;
	}
	if (wrap)
		*wrap = w;
}

static bool fe_is_fn_type(AstType t)
{
	t = ast_getCanonicalType(t);
	return t.kind == AST_TYPE_FunctionProto || t.kind == AST_TYPE_FunctionNoProto;
}


/* The function called name, defined in this file, or a null cursor. */
Ast fe_fn_named(Fe *fe, const char *name)
{
	Kids top = fe_kids(ast_getTranslationUnitCursor(fe->tu));
	Ast found = ast_getNullCursor();
	for (int i = 0; i < top.n; i++)
		if (ast_getCursorKind(top.c[i]) == AST_FunctionDecl && !strcmp(fe_spelling(top.c[i]), name) &&
		    fe_is_defined(top.c[i]))
			found = ast_getCursorDefinition(top.c[i]);
	return found;
}

/* The names of LS_TARGETS(text) on decl, as (*out)[1..n]; n, or -1 after an
 * error (a name that is not a function defined here, a name twice). */
int fe_target_names(Fe *fe, Ast decl, const char *text, const char ***out)
{
	PtrVec names = { 0 };
	vec_push(&names, NULL);
	const char *p = text;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		size_t len = strcspn(p, " ,");
		if (!len)
			break;
		const char *name = xstrndup(p, len);
		p += len;
		if (ast_Cursor_isNull(fe_fn_named(fe, name))) {
			error_at(fe_loc_of(fe, decl), "LS_TARGETS names '%s', which is not a function defined in this file",
				 name);
			return -1;
		}
		for (int i = 1; i < names.len; i++)
			if (!strcmp(names.data[i], name)) {
				error_at(fe_loc_of(fe, decl), "LS_TARGETS names '%s' twice", name);
				return -1;
			}
		vec_push(&names, (void *)name);
	}
	if (names.len < 2) {
		error_at(fe_loc_of(fe, decl), "LS_TARGETS names no function");
		return -1;
	}
	*out = (const char **)names.data;
	return names.len - 1;
}

/* Fill f for an LS_STATE declaration of type t; false after an error. */
static bool fe_state_field(Fe *fe, Ast decl, AstType t, const char *name, Field *f)
{
	/* an annotation the side-car gives is wrong at the side-car's line */
	const Sidecar *sc = fe_sidecar_next(decl, NULL, NULL);
	SrcLoc loc = sc && !fe_ann_own_find(decl, "state") ? sc->loc : fe_loc_of(fe, decl);
	int len;
	AstType e = fe_elem_type(t, &len);
	f->kind = FK_STATE;
	f->arrlen = len ? len : 1;
	f->id = -1;
	const char *range = fe_ann_find(decl, "range");
	if (e.kind == AST_TYPE_Bool || e.kind == AST_TYPE_Enum) {
		fe_range_of_type(e, &f->vk, &f->lo, &f->hi);
	} else if (fe_is_int_kind(e.kind)) {
		f->vk = VK_INT;
		if (!range) {
			error_at(loc, "modelled int '%s' needs LS_RANGE(lo, hi)", name);
			return false;
		}
	} else if (e.kind == AST_TYPE_Pointer && fe_is_fn_type(ast_getPointeeType(e))) {
		/* a modelled function pointer: NULL or one of its LS_TARGETS */
		f->vk = VK_FN;
		const char *targets = fe_ann_find(decl, "targets");
		if (!targets) {
			error_at(loc, "modelled function pointer '%s' needs LS_TARGETS", name);
			return false;
		}
		int n = fe_target_names(fe, decl, targets, &f->targets);
		if (n <= 0)
			return false;
		f->lo = 0;
		f->hi = n;
		if (range) {
			error_at(loc, "LS_RANGE does not apply to function pointer '%s'", name);
			return false;
		}
	} else if (e.kind == AST_TYPE_Pointer) {
		f->vk = VK_PTR;
		if (range) {
			/* its values are NULL and the global objects it may point to */
			error_at(loc, "LS_RANGE does not apply to pointer '%s'", name);
			return false;
		}
		f->pst = fe_struct_of(fe, ast_getPointeeType(e));
		if (!f->pst) {
			error_at(loc, "modelled pointer '%s' must point to a struct", name);
			return false;
		}
		/* a struct with nothing modelled of its own (v->domain) is still
		 * something to point to: NULL or which object */
		f->pst->pointee = true;
		f->lo = 0;
		f->hi = 0; /* ninst, once known */
	} else {
		error_at(loc, "modelled '%s' has type '%s', which cannot be modelled", name,
			 ast_getTypeSpelling(t));
		return false;
	}
	if (range && f->vk != VK_PTR && f->vk != VK_FN) {
		char a[64], b[64];
		if (sscanf(range, "%63s %63s", a, b) != 2 || !fe_parse_int(a, &f->lo) || !fe_parse_int(b, &f->hi)) {
			error_at(loc, "LS_RANGE needs two numbers, got '%s'", range);
			return false;
		}
		if (f->lo > f->hi) {
			error_at(loc, "LS_RANGE(%d, %d) is empty", f->lo, f->hi);
			return false;
		}
	}
	return true;
}


Struct *fe_struct_of(Fe *fe, AstType t)
{
	t = ast_getCanonicalType(t);
	if (t.kind != AST_TYPE_Record || fe_lock_kind_of(t))
		return NULL;
	Ast d = ast_getTypeDeclaration(t);
	Ast def = ast_getCursorDefinition(d);
	if (ast_Cursor_isNull(def))
		return NULL;
	d = ast_getCanonicalCursor(def);
	for (int i = 0; i < fe->structs.len; i++) {
		Struct *st = fe->structs.data[i];
		if (ast_equalCursors(st->decl, d))
			return st;
	}
	Struct *st = arena_alloc(sizeof(*st));
	st->decl = d;
	st->name = fe_spelling(def);
	if (!*st->name || strstr(st->name, "unnamed"))
		st->name = ast_getTypeSpelling(t);
	st->type = -1;
	st->loc = fe_loc_of(fe, def);
	vec_push(&fe->structs, st);
	fe_struct_fields(fe, st, def, "", 0, ast_getNullCursor(), "");
	st->done = true;
	return st;
}

/* Fill f for the pointer field LS_POINTS_TO binds to the side-car's object:
 * T * to an object or an array of T, T ** to an array of T (element i of
 * the field points to element i of the array); false after an error, at
 * the side-car's line.  The object's global is checked once the globals are
 * known (fe_check_points). */
static bool fe_points_field(Fe *fe, const Sidecar *pt, AstType t, Field *f)
{
	t = ast_getCanonicalType(t);
	AstType to = ast_getPointeeType(t);
	bool ptrarr = t.kind == AST_TYPE_Pointer && ast_getCanonicalType(to).kind == AST_TYPE_Pointer;
	if (ptrarr)
		to = ast_getPointeeType(ast_getCanonicalType(to));
	Struct *pst = t.kind == AST_TYPE_Pointer ? fe_struct_of(fe, to) : NULL;
	/* a void * field (a driver's priv, driver_data): the object says what
	 * it points to, as the code's cast back to its struct does */
	if (!pst && t.kind == AST_TYPE_Pointer && !ptrarr && ast_getCanonicalType(to).kind == AST_TYPE_Void) {
		int len;
		pst = fe_struct_of(fe, fe_elem_type(ast_getCursorType(pt->with), &len));
	}
	if (!pst) {
		error_at(pt->loc, "LS_POINTS_TO: '%s' has type '%s', not a pointer to a struct or an array of them",
			 f->path, ast_getTypeSpelling(t));
		return false;
	}
	if (fe_ann_find(f->decl, "state")) {
		error_at(pt->loc, "LS_POINTS_TO: '%s' is modelled state already (LS_STATE)", f->path);
		return false;
	}
	f->kind = FK_POINTS;
	f->pst = pst;
	f->points = pt;
	f->ptrarr = ptrarr;
	f->each = fe_ann_own_find(pt->self, "points_each") != NULL;
	f->arrlen = 1;
	if (f->each && ptrarr) {
		error_at(pt->loc, "LS_POINTS_TO_EACH: '%s' is an array of pointers; use LS_POINTS_TO", f->path);
		return false;
	}
	pst->pointee = true;
	return true;
}

/* The global an LS_POINTS_TO field points to: an object (an array for a T **
 * field) of the struct it points to; NULL after an error. */
static Global *fe_points_global(Fe *fe, const Field *f, const Struct *holder)
{
	Global *g = fe_global_of(fe, f->points->with);
	const char *name = fe_spelling(f->points->with);
	int n = holder && holder->type >= 0 ? fe->p->types[holder->type]->ninst : 0;
	if (!g || g->kind != G_OBJ || g->st != f->pst)
		error_at(f->points->loc, "LS_POINTS_TO: '%s' is not a global object of 'struct %s', what '%s' points to",
			 name, f->pst->name, f->path);
	else if (f->each && g->len != n)
		error_at(f->points->loc, "LS_POINTS_TO_EACH: '%s' has %d elements, one for each of the %d 'struct %s' objects",
			 name, g->len, n, holder->name);
	else if (f->ptrarr && !g->len)
		error_at(f->points->loc, "LS_POINTS_TO: '%s' is an array of pointers: '%s' must be an array of 'struct %s'",
			 f->path, name, f->pst->name);
	else
		return g;
	return NULL;
}

/* A lock is modelled by its kind: LS_STATE and LS_RANGE are for data. */
static void fe_lock_not_state(Fe *fe, Ast decl, const char *name)
{
	if (fe_ann_find(decl, "state"))
		error_at(fe_loc_of(fe, decl), "LS_STATE on lock '%s': a lock is modelled already, LS_STATE is for data", name);
	if (fe_ann_find(decl, "range"))
		error_at(fe_loc_of(fe, decl), "LS_RANGE on lock '%s': LS_RANGE is for modelled integers", name);
}

static void fe_add_field(Struct *st, Field f)
{
	Field *nf = arena_array((size_t)st->nf + 1, sizeof(Field));
	if (st->nf)
		memcpy(nf, st->f, (size_t)st->nf * sizeof(Field));
	nf[st->nf++] = f;
	st->f = nf;
}

static void fe_struct_fields(Fe *fe, Struct *st, Ast decl, const char *prefix, int depth, Ast outer,
			     const char *outer_prefix)
{
	Kids k = fe_kids(decl);
	for (int i = 0; i < k.n; i++) {
		Ast fd = k.c[i];
		if (ast_getCursorKind(fd) != AST_FieldDecl)
			continue;
		const char *name = fe_spelling(fd);
		AstType ft = ast_getCursorType(fd);
		int len;
		AstType e = fe_elem_type(ft, &len);
		Field f = { 0 };
		f.path = xprintf("%s%s", prefix, name);
		f.prefix = prefix;
		f.decl = fd;
		f.id = -1;
		f.outer = outer;
		f.outer_prefix = outer_prefix;
		IrLockKind lk = fe_lock_kind_of(e);
		const Sidecar *pt = fe_sidecar_next(fd, "points_to", NULL);
		if (pt) {
			if (fe_points_field(fe, pt, ft, &f))
				fe_add_field(st, f);
		} else if (lk) {
			f.kind = FK_LOCK;
			f.lk = lk;
			f.arrlen = len ? len : 1;
			fe_lock_not_state(fe, fd, f.path);
			fe_add_field(st, f);
		} else if (fe_ann_find(fd, "state")) {
			if (fe_state_field(fe, fd, ft, f.path, &f))
				fe_add_field(st, f);
		} else if (e.kind == AST_TYPE_Record && depth < 8) {
			Struct *sub = fe_struct_of(fe, e);
			if (!sub || !sub->nf)
				continue;
			if (len) {
				vec_push(&st->unmodelled, (void *)f.path);
				vec_push(&st->unmodelled, (void *)xprintf("array '%s' of structs with locks or state inside "
									 "a struct cannot be modelled (declared at %s:%d)", name,
									 fe_loc_of(fe, fd).file, fe_loc_of(fe, fd).line));
				continue;
			}
			/* flatten: re-read the nested declaration with the longer prefix */
			fe_struct_fields(fe, st, ast_getCursorDefinition(ast_getTypeDeclaration(e)),
				      xprintf("%s%s.", prefix, name), depth + 1,
				      ast_Cursor_isNull(outer) ? fd : outer, ast_Cursor_isNull(outer) ? prefix : outer_prefix);
		}
	}
}

X fe_points_value(Fe *fe, const Field *f, X obj, SrcLoc loc)
{
	Global *g = fe_global_of(fe, f->points->with);
	if (!g || g->kind != G_OBJ || g->st != f->pst || (f->ptrarr && !g->len) ||
	    (f->each && (obj.st->type < 0 || g->len != fe->p->types[obj.st->type]->ninst)))
		return fe_untracked(f->path); /* reported by fe_make_field */
	if (f->each) /* object k (1..n) of its struct: element k - 1 */
		return fe_val(fe_binop('+', ir_const(g->base - 1, loc), obj.e, loc), g->st->type);
	if (f->ptrarr)
		return (X){ .k = X_PTRARR, .st = g->st, .base = g->base, .len = g->len, .ptype = -1 };
	return fe_val(ir_const(g->base, loc), g->st->type);
}

Global *fe_global_of(Fe *fe, Ast ref)
{
	Ast c = ast_getCanonicalCursor(ref);
	for (int i = 0; i < fe->globals.len; i++) {
		Global *g = fe->globals.data[i];
		if (ast_equalCursors(g->decl, c))
			return g;
	}
	return NULL;
}

/* Pass 1: every struct and global of the main file, in source order. */
static AstVisitResult objects_visit(Ast c, Ast parent, void * d)
{
	(void)parent;
	Fe *fe = d;
	if (!ast_Cursor_isInMainFile(c))
		return AST_VISIT_Continue;
	AstKind k = ast_getCursorKind(c);
	if ((k == AST_StructDecl || k == AST_UnionDecl) && ast_isCursorDefinition(c)) {
		Struct *st = fe_struct_of(fe, ast_getCursorType(c));
		if (st && st->nf) {
			bool seen = false;
			for (int i = 0; i < fe->order.len; i++)
				seen |= fe->order.data[i] == st;
			if (!seen)
				vec_push(&fe->order, st);
		}
		return AST_VISIT_Continue;
	}
	if (k == AST_TypedefDecl) {
		ast_visitChildren(c, objects_visit, fe);
		return AST_VISIT_Continue;
	}
	if (k != AST_VarDecl)
		return AST_VISIT_Continue;
	if (ast_Cursor_getStorageClass(c) == AST_SC_Extern &&
	    ast_Cursor_isNull(ast_Cursor_getVarDeclInitializer(c)))
		return AST_VISIT_Continue;
	if (fe_global_of(fe, c))
		return AST_VISIT_Continue;
	const char *name = fe_spelling(c);
	AstType t = ast_getCursorType(c);
	int len;
	AstType e = fe_elem_type(t, &len);
	Global *g = arena_alloc(sizeof(*g));
	g->decl = ast_getCanonicalCursor(c);
	g->name = name;
	g->len = len;
	g->loc = fe_loc_of(fe, c);
	IrLockKind lk = fe_lock_kind_of(e);
	Struct *st;
	if (lk) {
		fe_lock_not_state(fe, c, name);
		g->kind = G_LOCK;
		g->f = (Field){ .path = name, .prefix = "", .kind = FK_LOCK, .decl = c, .lk = lk,
				.arrlen = len ? len : 1, .id = -1 };
	} else if (fe_ann_find(c, "state")) {
		g->kind = G_STATE;
		g->f = (Field){ .path = name, .prefix = "", .decl = c };
		if (!fe_state_field(fe, c, t, name, &g->f))
			return AST_VISIT_Continue;
	} else if ((g->f.points = fe_sidecar_next(c, "points_to", NULL))) {
		g->kind = G_PTR; /* its object is found when it is read: it may come later */
	} else if ((st = fe_struct_of(fe, e)) && (st->nf || st->pointee)) {
		g->kind = G_OBJ;
		g->st = st;
		st->ninst += len ? len : 1;
	} else {
		return AST_VISIT_Continue;
	}
	vec_push(&fe->globals, g);
	vec_push(&fe->order, g);
	return AST_VISIT_Continue;
}

static bool fe_is_struct_item(Fe *fe, void *item)
{
	for (int i = 0; i < fe->structs.len; i++)
		if (fe->structs.data[i] == item)
			return true;
	return false;
}

/* Make the class or var of field f: of struct st's IrType, or of the global type (0) when st is
 * NULL. */
static void fe_make_field(Fe *fe, Field *f, Struct *st)
{
	int type = st ? st->type : 0;
	const char *name = type ? xprintf("%s.%s", fe->p->types[type]->name, f->path) : f->path;
	SrcLoc loc = fe_loc_of(fe, f->decl);
	if (f->kind == FK_POINTS) {
		fe_points_global(fe, f, st); /* the object exists and fits: checked here, once */
		return;
	}
	if (f->kind == FK_STATE) {
		IrVar *v = ir_add_var(fe->p, name, f->vk, f->lo, f->hi, type, f->arrlen, loc);
		f->id = v->id;
		v->targets = f->targets;
		if (f->vk == VK_PTR) {
			if (f->pst->type < 0) {
				error_at(loc, "modelled pointer '%s' points to 'struct %s', which has no global objects",
					 f->path, f->pst->name);
			} else {
				v->ptr_type = f->pst->type;
				v->hi = fe->p->types[f->pst->type]->ninst;
			}
		}
		return;
	}
	const char *cls = fe_lock_ann(f, "class", NULL);
	IrLockClass *c = ir_add_class(fe->p, cls ? cls : name, f->lk, type, f->arrlen, loc);
	f->id = c->id;
	/* the lock's own C path, whatever class it is put in: the IrLock names
	 * ("d0.pod_lock") are C lvalues that the native registry takes the address of */
	if (cls)
		c->field = f->path;
	const char *rank = fe_lock_ann(f, "rank", NULL);
	if (rank && (!fe_parse_int(rank, &c->rank) || c->rank < 0 || c->rank > 10000)) {
		/* mm-locks levels start at 0; -1 is the IR's "no rank" */
		error_at(loc, "LS_RANK needs a number from 0 to 10000, got '%s'", rank);
		c->rank = -1;
	}
	if (fe_lock_ann(f, "recursive", NULL))
		c->recursive = true;
}

/* LS_RANK_BIAS of lock field f names a bool field of the same struct st (of the globals when st
 * is NULL); it runs after every field has its class or var. */
static void fe_resolve_bias(Fe *fe, Field *f, Struct *st)
{
	if (f->kind != FK_LOCK)
		return;
	const char *pfx;
	const char *rb = fe_lock_ann(f, "rank_bias", &pfx);
	if (!rb)
		return;
	SrcLoc loc = fe_loc_of(fe, pfx == f->prefix ? f->decl : f->outer);
	char field[256], num[64];
	IrLockClass *c = fe->p->classes[f->id];
	if (sscanf(rb, "%255s %63s", field, num) != 2 || !fe_parse_int(num, &c->bias)) {
		error_at(loc, "LS_RANK_BIAS needs a field and a number, got '%s'", rb);
		return;
	}
	const char *path = xprintf("%s%s", pfx, field);
	if (st) {
		for (int i = 0; i < st->nf; i++)
			if (!strcmp(st->f[i].path, path) && st->f[i].kind == FK_STATE && st->f[i].vk == VK_BOOL &&
			    st->f[i].arrlen == 1) {
				c->bias_var = st->f[i].id;
				return;
			}
	} else {
		for (int i = 0; i < fe->globals.len; i++) {
			Global *o = fe->globals.data[i];
			if (o->kind == G_STATE && !strcmp(o->name, field) && o->f.vk == VK_BOOL && o->f.arrlen == 1) {
				c->bias_var = o->f.id;
				return;
			}
		}
	}
	error_at(loc, "LS_RANK_BIAS names '%s', which is not a modelled bool field of the same struct", field);
}

/* Call fn on every modelled field in source order: each field of a struct that has an IrType
 * (with that struct), and each lock or state global as a field of the global type (st NULL). */
static void objects_each_field(Fe *fe, void (*fn)(Fe *fe, Field *f, Struct *st))
{
	for (int i = 0; i < fe->order.len; i++) {
		void *item = fe->order.data[i];
		if (fe_is_struct_item(fe, item)) {
			Struct *st = item;
			if (st->type < 0)
				continue;
			for (int k = 0; k < st->nf; k++)
				fn(fe, &st->f[k], st);
		} else {
			Global *g = item;
			if (g->kind == G_LOCK || g->kind == G_STATE)
				fn(fe, &g->f, NULL);
		}
	}
}

/* Pass 1 proper: types, instances, classes, vars. */
void fe_build_objects(Fe *fe)
{
	ast_visitChildren(ast_getTranslationUnitCursor(fe->tu), objects_visit, fe);
	/* types in order of definition, only for structs with global objects */
	for (int i = 0; i < fe->order.len; i++) {
		if (!fe_is_struct_item(fe, fe->order.data[i]))
			continue;
		Struct *st = fe->order.data[i];
		if (st->ninst > 0 && st->type < 0)
			st->type = ir_add_type(fe->p, st->name, st->loc)->id;
	}
	/* structs only used nested or defined in headers: still need a type if they have objects */
	for (int i = 0; i < fe->globals.len; i++) {
		Global *g = fe->globals.data[i];
		if (g->kind == G_OBJ && g->st->type < 0) {
			g->st->type = ir_add_type(fe->p, g->st->name, g->st->loc)->id;
			/* and its fields' classes and vars (a header's struct is not in
			 * the source order of the main file): after the main file's */
			bool seen = false;
			for (int k = 0; k < fe->order.len && !seen; k++)
				seen = fe->order.data[k] == g->st;
			if (!seen)
				vec_push(&fe->order, g->st);
		}
	}
	fe->type_struct = arena_array((size_t)fe->p->ntypes, sizeof(Struct *));
	for (int i = 0; i < fe->structs.len; i++) {
		Struct *st = fe->structs.data[i];
		if (st->type >= 0)
			fe->type_struct[st->type] = st;
	}
	for (int i = 0; i < fe->globals.len; i++) {
		Global *g = fe->globals.data[i];
		if (g->kind != G_OBJ)
			continue;
		IrType *t = fe->p->types[g->st->type];
		if (!g->len) {
			g->base = ir_add_instance(fe->p, t, g->name);
		} else {
			for (int k = 0; k < g->len; k++) {
				int n = ir_add_instance(fe->p, t, xprintf("%s[%d]", g->name, k));
				if (k == 0)
					g->base = n;
			}
		}
	}
	/* classes and vars in source order, then the biases that name them */
	objects_each_field(fe, fe_make_field);
	objects_each_field(fe, fe_resolve_bias);
	ir_layout_locks(fe->p);
	ir_alloc_var_inits(fe->p);
	/* C zero-initialises globals; a range without 0 starts at its low end */
	for (int i = 0; i < fe->p->nvars; i++) {
		IrVar *v = fe->p->vars[i];
		if (v->lo > 0 || v->hi < 0) {
			size_t n = ((size_t)fe->p->types[v->type]->ninst + 1) * (size_t)v->arrlen;
			for (size_t k = 0; k < n; k++)
				v->init[k] = v->lo;
		}
	}
}

/* ---- pointers into the global arrays ------------------------------------------- */
/* The global objects of st as arrays: object n is in [base, base + len) of
 * one of them (a single object is an array of one, as C has it). */
static IrExpr *fe_in_global(Fe *fe, Struct *st, IrExpr *n, const Global *only, SrcLoc loc)
{
	IrExpr *ok = NULL;
	for (int i = 0; i < fe->globals.len; i++) {
		const Global *g = fe->globals.data[i];
		if (g->kind != G_OBJ || g->st != st || (only && g != only))
			continue;
		IrExpr *in = fe_in_range(n, g->base, g->base + (g->len ? g->len : 1) - 1, loc);
		ok = ok ? fe_binop(OP_LOR, ok, in, loc) : in;
	}
	return ok ? ok : ir_const(0, loc);
}

/* p[i] for a pointer p to an object of a global array (LS_POINTS_TO, or
 * &arr[k] passed down): the object i further on, which must be in the same
 * array, as C requires; outside it is out of bounds.  A p that may be NULL
 * is checked first, as a dereference. */
X fe_index_pointer(Fe *fe, X base, X idx, Ast c, Kids k, SrcLoc loc, Seq *s)
{
	X obj = fe_deref(fe, base, k.c[0], s);
	if (obj.k != X_OBJ)
		return obj;
	IrExpr *p = obj.e;
	const Global *arr = NULL;
	if (fe_is_const(p))
		for (int i = 0; i < fe->globals.len && !arr; i++) {
			const Global *g = fe->globals.data[i];
			if (g->kind == G_OBJ && g->st == obj.st && p->value >= g->base &&
			    p->value < g->base + (g->len ? g->len : 1))
				arr = g;
		}
	IrExpr *n = fe_binop('+', p, idx.e, loc);
	if (arr && fe_is_const(n)) {
		int lo = arr->base - p->value, hi = lo + (arr->len ? arr->len : 1) - 1;
		if (n->value < arr->base || n->value > arr->base + (arr->len ? arr->len : 1) - 1) {
			error_at(loc, "index %d of '%s' is outside %d..%d, the array '%s' it points into", idx.e->value,
				 fe_text_of(fe, k.c[0]), lo, hi, arr->name);
			return fe_untracked(fe_text_of(fe, c));
		}
	} else {
		long lo, hi;
		if (!arr || !(fe_expr_range(fe, n, &lo, &hi) && lo >= arr->base &&
			      hi < arr->base + (arr->len ? arr->len : 1))) {
			idx.e = fe_pin(fe, s, idx.e, loc);
			n = fe_binop('+', p, idx.e, loc);
			/* natively: the index within the array from where the
			 * pointer (a constant, LS_POINTS_TO) points into it */
			const char *nt = arr && fe_is_const(p) ? fe_native_text(fe, k.c[1]) : NULL;
			int lo = arr ? arr->base - p->value : 0, hi = lo + (arr && arr->len ? arr->len : 1) - 1;
			fe_guard_check_at(fe, s, fe_in_global(fe, obj.st, n, arr, loc), V_OUT_OF_BOUNDS,
				    arr ? xprintf("index '%s' of '%s' outside the %d of '%s' it points into",
						  fe_text_of(fe, k.c[1]), fe_text_of(fe, k.c[0]), arr->len ? arr->len : 1,
						  arr->name)
					: xprintf("index '%s' of '%s' outside the array it points into",
						  fe_text_of(fe, k.c[1]), fe_text_of(fe, k.c[0])), loc,
				    nt ? xprintf("(%s) >= %d && (%s) <= %d", nt, lo, nt, hi) : NULL, k.c[1]);
			/* and p itself in one (a pointer not into an array is none) */
			if (!arr)
				fe_guard_check(fe, s, fe_in_global(fe, obj.st, p, NULL, loc), V_OUT_OF_BOUNDS,
					    xprintf("'%s' does not point into an array", fe_text_of(fe, k.c[0])), loc, NULL);
		}
	}
	obj.e = n;
	obj.pfx = "";
	return obj;
}
