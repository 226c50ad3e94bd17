/* fe_eval.c - expression evaluation (ev), side effects, assignment. */
#include "fe.h"

/* c cannot be modelled: an error naming it (what, or its table entry). */
X fe_reject(Fe *fe, Ast c, const char *what)
{
	const struct FeConstruct *fc = fe_construct_of(ast_getCursorKind(c));
	if (!what && !fc)
		error_at(fe_loc_of(fe, c), "unclassified construct '%s' (%s): lockspin does not know whether it can model it",
			 fe_text_of(fe, c), ast_getCursorKindSpelling(ast_getCursorKind(c)));
	else
		error_at(fe_loc_of(fe, c), "%s '%s' cannot be modelled", what ? what : fc->what, fe_text_of(fe, c));
	return fe_untracked(fe_text_of(fe, c));
}

/* The first token of c as written ("__builtin_va_arg"), or "". */
const char *fe_first_token(Fe *fe, Ast c)
{
	AstToken *toks;
	unsigned nt;
	ast_tokenize(fe->tu, ast_getCursorExtent(c), &toks, &nt);
	const char *t = nt ? ast_getTokenSpelling(fe->tu, toks[0]) : "";
	ast_disposeTokens(fe->tu, toks, nt);
	return t;
}

/* The items of an initialiser list or compound literal, in order, for
 * their effects: the aggregate itself is untracked data. */
static void fe_ev_init_items(Fe *fe, Ast c, Seq *s)
{
	Kids k = fe_expr_kids(c);
	for (int i = 0; i < k.n; i++) {
		Ast it = k.c[i];
		AstKind ik = ast_getCursorKind(it);
		Kids ik_kids = fe_expr_kids(it);
		if (ik == AST_InitListExpr || ik == AST_CompoundLiteralExpr) {
			fe_ev_init_items(fe, it, s);
		} else if (ik == AST_UnexposedExpr && !fe_is_implicit(it, ik_kids)) {
			/* a designated item (.a = v, [i] = v: the designators are
			 * constants) or an implicit zero (no operands) */
			for (int j = 0; j < ik_kids.n; j++) {
				AstKind jk = ast_getCursorKind(ik_kids.c[j]);
				if (jk == AST_InitListExpr || jk == AST_CompoundLiteralExpr)
					fe_ev_init_items(fe, ik_kids.c[j], s);
				else
					fe_ev(fe, ik_kids.c[j], s);
			}
		} else {
			fe_ev(fe, it, s);
		}
	}
}

/* a ?: b (GNU): a is evaluated once; the value is a if it is non-zero. */
static X fe_ev_omitted_middle(Fe *fe, Ast c, Kids k, Seq *s)
{
	SrcLoc loc = fe_loc_of(fe, c);
	if (fe_has_effects(k.c[3])) {
		error_at(loc, "conditional expression '%s' with calls cannot be modelled; use an if", fe_text_of(fe, c));
		return fe_untracked(fe_text_of(fe, c));
	}
	X a = fe_evr(fe, k.c[0], s);
	if (a.k == X_LOCK || a.k == X_FUNC)
		return a; /* a non-null address */
	if (a.k != X_VAL)
		return a.k == X_UNTRACKED ? a : fe_untracked(fe_text_of(fe, k.c[0]));
	X d = fe_evr(fe, k.c[3], s);
	if (fe_is_const(a.e))
		return a.e->value ? a : d;
	if (d.k != X_VAL)
		return d.k == X_UNTRACKED ? d : fe_untracked(fe_text_of(fe, k.c[3]));
	/* once: a may read state or choose */
	long lo, hi, dlo, dhi;
	if (!fe_expr_range(fe, a.e, &lo, &hi) || !fe_expr_range(fe, d.e, &dlo, &dhi)) {
		fe_int_range(&lo, &hi);
		dlo = lo, dhi = hi;
	}
	fe_split_reads(fe, s, &a.e, 1, 1, loc);
	IrLocal *t = fe_new_local(fe, "ls_cond_value", VK_INT, (int)(lo < dlo ? lo : dlo), (int)(hi > dhi ? hi : dhi), -1, loc);
	IrStmt *as = ir_stmt(S_ASSIGN, loc);
	as->lhs = fe_e_local(t->id, loc);
	as->rhs = a.e;
	fe_emit(fe, s, as);
	IrExpr *e = ir_expr(E_COND, loc);
	e->a = fe_binop(OP_NE, fe_e_local(t->id, loc), ir_const(0, loc), loc);
	e->b = fe_e_local(t->id, loc);
	e->c = d.e;
	return fe_val(e, a.ptype >= 0 ? a.ptype : d.ptype);
}

/* The unexposed expressions: an implicit conversion is looked through by
 * fe_strip(); a constant is its value; a ?: b and __func__ are modelled; the
 * rest (va_arg, __builtin_choose_expr with a non-constant, __atomic_*,
 * __builtin_offsetof of a run-time index, ...) is rejected by name. */
static X fe_ev_unexposed(Fe *fe, Ast c, Seq *s)
{
	Kids k = fe_expr_kids(c);
	long long v;
	if (fe_eval_int(c, &v))
		return fe_val(ir_const((int)v, fe_loc_of(fe, c)), -1);
	if (k.n == 4 && ast_equalRanges(ast_getCursorExtent(k.c[0]), ast_getCursorExtent(k.c[1])) &&
	    ast_equalRanges(ast_getCursorExtent(k.c[0]), ast_getCursorExtent(k.c[2])))
		return fe_ev_omitted_middle(fe, c, k, s);
	if (k.n == 1 && ast_getCursorKind(fe_strip(k.c[0])) == AST_StringLiteral)
		return fe_untracked(fe_text_of(fe, c)); /* __func__, __FUNCTION__: a string */
	/* named by its leading identifier as written: va_arg, __atomic_load_n */
	const char *t = fe_text_of(fe, c);
	size_t n = 0;
	while (isalnum((unsigned char)t[n]) || t[n] == '_')
		n++;
	if (!n)
		return fe_reject(fe, c, "construct");
	error_at(fe_loc_of(fe, c), "'%.*s' in '%s' cannot be modelled", (int)n, t, t);
	return fe_untracked(t);
}

/* p->field for a pointer p the model does not follow (a list walk's
 * entry): any value; if the field is modelled state of its struct, the
 * value carries the struct (X.st), so that a write to it is an error
 * (fe_assign) rather than a store the model drops. */
static X fe_untracked_member(Fe *fe, Ast c, Ast p, X base)
{
	AstType pt = ast_getCanonicalType(ast_getCursorType(p));
	Struct *st = fe_struct_of(fe, ast_getPointeeType(pt));
	const char *name = fe_spelling(c);
	for (int i = 0; st && st->type >= 0 && i < st->nf; i++)
		if (!strcmp(st->f[i].path, name) && st->f[i].kind == FK_STATE && st->f[i].id >= 0) {
			X r = fe_untracked(fe_text_of(fe, c));
			r.st = st;
			r.pfx = fe_text_of(fe, p);
			return r;
		}
	return base;
}

X fe_ev(Fe *fe, Ast c, Seq *s)
{
	/* a conversion to bool is x != 0 (C11 6.3.1.2), not x */
	{
		AstKind k0 = ast_getCursorKind(c);
		Kids ks;
		if ((k0 == AST_CStyleCastExpr || k0 == AST_UnexposedExpr) && (ks = fe_expr_kids(c)).n == 1 &&
		    (k0 == AST_CStyleCastExpr || fe_is_implicit(c, ks)) &&
		    ast_getCanonicalType(ast_getCursorType(c)).kind == AST_TYPE_Bool &&
		    ast_getCanonicalType(ast_getCursorType(ks.c[0])).kind != AST_TYPE_Bool) {
			X x = fe_evr(fe, ks.c[0], s);
			long lo, hi;
			if (x.k == X_VAL && fe_expr_range(fe, x.e, &lo, &hi) && lo >= 0 && hi <= 1)
				return fe_val(x.e, -1); /* already 0 or 1: a comparison, !, && */
			if (x.k == X_VAL)
				return fe_val(fe_binop(OP_NE, x.e, ir_const(0, fe_loc_of(fe, c)), fe_loc_of(fe, c)), -1);
			if (x.k == X_LOCK || x.k == X_FUNC)
				return fe_val(ir_const(1, fe_loc_of(fe, c)), -1);
			return x;
		}
	}
	c = fe_strip(c);
	SrcLoc loc = fe_loc_of(fe, c);
	long long v;
	switch (ast_getCursorKind(c)) {
	case AST_IntegerLiteral:
	case AST_CharacterLiteral:
	case AST_UnaryExpr:
		if (fe_eval_int(c, &v))
			return fe_val(ir_const((int)v, loc), -1);
		return fe_untracked(fe_text_of(fe, c));
	case AST_DeclRefExpr:
		return fe_ev_decl_ref(fe, c);
	case AST_MemberRefExpr: {
		Kids k = fe_expr_kids(c);
		if (k.n != 1)
			return fe_untracked(fe_text_of(fe, c));
		AstType bt = ast_getCanonicalType(ast_getCursorType(k.c[0]));
		bool arrow = bt.kind == AST_TYPE_Pointer;
		X raw = arrow ? fe_evr(fe, k.c[0], s) : fe_ev(fe, k.c[0], s);
		/* a field of a struct local, directly or through a pointer to it */
		if (((arrow && raw.k == X_ADDR) || (!arrow && raw.k == X_BIND)) && fe_is_record_local(raw.b))
			return fe_local_member(fe, raw.b, c);
		X base = arrow ? fe_deref(fe, raw, k.c[0], s) : fe_resolve(fe, raw);
		if (base.k == X_UNTRACKED && arrow)
			return fe_untracked_member(fe, c, k.c[0], base);
		if (base.k == X_UNTRACKED)
			return base;
		if (base.k != X_OBJ)
			return fe_untracked(fe_text_of(fe, k.c[0]));
		return fe_member(fe, base, fe_spelling(c), c);
	}
	case AST_ArraySubscriptExpr:
		return fe_ev_index(fe, c, s);
	case AST_UnaryOperator:
		return fe_ev_unary(fe, c, s);
	case AST_BinaryOperator:
	case AST_CompoundAssignOperator:
		return fe_ev_binary(fe, c, s);
	case AST_ConditionalOperator:
		return fe_ev_cond_op(fe, c, s);
	case AST_CallExpr:
		return fe_call(fe, c, s);
	case AST_StmtExpr:
		return fe_ev_stmt_expr(fe, c, s);
	case AST_FloatingLiteral:
	case AST_ImaginaryLiteral:
	case AST_StringLiteral:
		return fe_untracked(fe_text_of(fe, c));
	case AST_InitListExpr:
	case AST_CompoundLiteralExpr:
		fe_ev_init_items(fe, c, s);
		return fe_untracked(fe_text_of(fe, c));
	case AST_UnexposedExpr:
		return fe_ev_unexposed(fe, c, s);
	case AST_GenericSelectionExpr:
		if (fe_eval_int(c, &v))
			return fe_val(ir_const((int)v, loc), -1);
		return fe_reject(fe, c, NULL);
	default:
		/* a construct of the table that is rejected, or one nobody classified */
		return fe_reject(fe, c, NULL);
	}
}

/* Does evaluating c do more than read (calls other than ls_choose, assignments)? */
static AstVisitResult effects_visit(Ast c, Ast parent, void * d)
{
	(void)parent;
	bool *r = d;
	AstKind k = ast_getCursorKind(c);
	if (k == AST_CallExpr) {
		Ast fd = ast_getCursorReferenced(c);
		const char *op = ast_Cursor_isNull(fd) ? NULL : fe_ann_find(fd, "op");
		if (!op || strcmp(op, "choose")) {
			*r = true;
			return AST_VISIT_Break;
		}
	} else if (k == AST_CompoundAssignOperator ||
		   (k == AST_BinaryOperator && ast_getCursorBinaryOperatorKind(c) == AST_BO_Assign)) {
		*r = true;
		return AST_VISIT_Break;
	} else if (k == AST_UnaryOperator) {
		AstUnOp o = ast_getCursorUnaryOperatorKind(c);
		if (o >= AST_UO_PostInc && o <= AST_UO_PreDec) {
			*r = true;
			return AST_VISIT_Break;
		}
	}
	return AST_VISIT_Recurse;
}

bool fe_has_effects(Ast c)
{
	bool r = false;
	if (ast_getCursorKind(c) == AST_CallExpr) {
		effects_visit(c, c, &r);
		if (r)
			return true;
	}
	ast_visitChildren(c, effects_visit, &r);
	return r;
}

/* Is decl assigned (or its address taken) anywhere in body? */
typedef struct ModScan {
	Ast decl;
	bool hit;
} ModScan;

static bool fe_refers_to(Ast e, Ast decl)
{
	e = fe_strip(e);
	return ast_getCursorKind(e) == AST_DeclRefExpr && fe_same(ast_getCursorReferenced(e), decl);
}

static AstVisitResult mod_visit(Ast c, Ast parent, void * d)
{
	(void)parent;
	ModScan *m = d;
	AstKind k = ast_getCursorKind(c);
	bool lhs = false;
	if (k == AST_CompoundAssignOperator ||
	    (k == AST_BinaryOperator && ast_getCursorBinaryOperatorKind(c) == AST_BO_Assign))
		lhs = true;
	if (k == AST_UnaryOperator) {
		AstUnOp o = ast_getCursorUnaryOperatorKind(c);
		lhs = (o >= AST_UO_PostInc && o <= AST_UO_PreDec) || o == AST_UO_AddrOf;
	}
	if (lhs) {
		Kids ks = fe_expr_kids(c);
		if (ks.n >= 1 && fe_refers_to(ks.c[0], m->decl)) {
			m->hit = true;
			return AST_VISIT_Break;
		}
	}
	return AST_VISIT_Recurse;
}

bool fe_is_modified(Ast body, Ast decl)
{
	ModScan m = { decl, false };
	ast_visitChildren(body, mod_visit, &m);
	return m.hit;
}

/* The C name of a lock, lock array, function or object value, for messages
 * ("&b", "&doms[1].pod_lock"), or a description when it is not constant. */
static const char *fe_x_value_text(Fe *fe, X x)
{
	if (x.k == X_FUNC)
		return fe_spelling(x.fn);
	if (x.k == X_LOCK || x.k == X_LOCKARR) {
		IrLockClass *c = fe->p->classes[x.id];
		bool inst = !c->type || fe_is_const(x.e);
		bool index = x.k == X_LOCKARR || c->arrlen == 1 || (x.idx && fe_is_const(x.idx));
		if (inst && index && x.k == X_LOCK) {
			int k = x.idx && c->arrlen > 1 ? x.idx->value : 0;
			int i = c->type ? x.e->value : 1;
			if (i >= 1)
				return xprintf("&%s", fe->p->locks[c->first + (i - 1) * c->arrlen + k]->name);
		}
		return xprintf("a lock of class '%s'", c->name);
	}
	if (x.k == X_OBJ && x.st && x.st->type >= 0 && (!x.pfx || !*x.pfx) && fe_is_const(x.e) && x.e->value >= 1 &&
	    x.e->value <= fe->p->types[x.st->type]->ninst)
		return xprintf("&%s", fe->p->types[x.st->type]->inst_names[x.e->value]);
	return "a lock or object";
}

/* Store rhs into lhs; the value stored, or NULL when nothing modelled is. */
/* ---- struct locals ------------------------------------------------------------ */
bool fe_is_record_local(const Binding *b)
{
	return ast_getCanonicalType(b->ctype).kind == AST_TYPE_Record;
}

/* Field fd of the struct local pb (lr_val.virq, or lr_reg->virq with
 * lr_reg = &lr_val): a binding of its own, as if the field were a local.
 * A struct assigned as a whole is copied field by field (fe_record_set);
 * one whose address an undefined function gets has every field untracked
 * from then on (fe_assign). */
static Binding *fe_local_field(Binding *pb, Ast fd)
{
	fd = ast_getCanonicalCursor(fd);
	for (int i = 0; i < pb->members.len; i++) {
		Binding *m = pb->members.data[i];
		if (ast_equalCursors(m->decl, fd))
			return m;
	}
	Binding *m = arena_alloc(sizeof(*m));
	m->decl = fd;
	m->name = xprintf("%s_%s", pb->name, fe_spelling(fd));
	m->ctype = ast_getCursorType(fd);
	m->depth = pb->depth;
	m->kind = pb->kind == B_UNSET ? B_UNSET : B_UNTRACKED;
	vec_push(&pb->members, m);
	return m;
}

X fe_local_member(Fe *fe, Binding *pb, Ast member)
{
	(void)fe;
	return (X){ .k = X_BIND, .b = fe_local_field(pb, ast_getCursorReferenced(member)), .ptype = -1 };
}

static void fe_untrack_record(Binding *b)
{
	b->kind = B_UNTRACKED;
	for (int i = 0; i < b->members.len; i++)
		fe_untrack_record(b->members.data[i]);
}

/* The FieldDecls of record type t, in order. */
static Kids fe_record_fields(AstType t)
{
	Kids k = fe_kids(ast_getCursorDefinition(ast_getTypeDeclaration(ast_getCanonicalType(t))));
	int n = 0;
	for (int i = 0; i < k.n; i++)
		if (ast_getCursorKind(k.c[i]) == AST_FieldDecl)
			k.c[n++] = k.c[i];
	k.n = n;
	return k;
}

static bool fe_is_union(AstType t)
{
	return ast_getCursorKind(ast_getTypeDeclaration(ast_getCanonicalType(t))) == AST_UnionDecl;
}

static void fe_record_set(Fe *fe, Binding *d, X src, Ast at, Seq *s);

/* Field m of a struct local set to v (a struct field: see fe_record_set). */
static void fe_field_set(Fe *fe, Binding *m, X v, Ast at, Seq *s)
{
	AstTypeKind k = ast_getCanonicalType(m->ctype).kind;
	if (k == AST_TYPE_Record)
		fe_record_set(fe, m, v, at, s);
	else if (k == AST_TYPE_ConstantArray)
		m->kind = B_UNTRACKED; /* no local per element */
	else
		fe_assign(fe, (X){ .k = X_BIND, .b = m, .ptype = -1 }, v, at, fe_loc_of(fe, at), s);
}

/* Struct local d (or its struct field) set field by field from src, as C
 * copies a struct: src is another struct local (X_BIND), a modelled object
 * (X_OBJ: its modelled fields are read, the others untracked), the zero
 * of an initialiser's left-out fields (a constant 0), or untracked.  A
 * union is untracked: the model has no local of its own per member. */
static void fe_record_set(Fe *fe, Binding *d, X src, Ast at, Seq *s)
{
	if ((src.k != X_BIND && src.k != X_OBJ && src.k != X_VAL) || fe_is_union(d->ctype) ||
	    (src.k == X_BIND && (!fe_is_record_local(src.b) || src.b->kind == B_UNTRACKED))) {
		/* also a lock (a struct with a lock field copied): no local holds one */
		fe_untrack_record(d);
		return;
	}
	Kids f = fe_record_fields(d->ctype);
	for (int i = 0; i < f.n; i++)
		fe_field_set(fe, fe_local_field(d, f.c[i]),
			     src.k == X_BIND ? (X){ .k = X_BIND, .b = fe_local_field(src.b, f.c[i]), .ptype = -1 }
			     : src.k == X_OBJ ? fe_member(fe, src, fe_spelling(f.c[i]), at)
					      : src,
			     at, s);
}

/* A struct-typed value as fe_record_set takes it: a struct local as it
 * is, else resolved (a modelled object); anything else untracked. */
static X fe_struct_value(Fe *fe, X v, Ast c)
{
	if (v.k == X_BIND && fe_is_record_local(v.b))
		return v;
	v = fe_resolve(fe, v);
	return v.k == X_OBJ ? v : fe_untracked(fe_text_of(fe, c));
}

/* Struct local d from the initialiser list c: `{ .a = 1, .b = x }` or `{
 * 1, x }`, nested lists for struct fields, and C's zero for every field
 * the list leaves out.  What the fields cannot be matched to (a designator
 * of more than one field, an anonymous member's field, brace elision) is an
 * error at its item. */
static void fe_record_init_list(Fe *fe, Binding *d, Ast c, Seq *s)
{
	if (fe_is_union(d->ctype)) {
		fe_ev(fe, c, s); /* its items' effects */
		fe_untrack_record(d);
		fe_add_note(fe, fe_loc_of(fe, c), xprintf("union '%s' initialised: its members are untracked", d->name));
		return;
	}
	Kids f = fe_record_fields(d->ctype), k = fe_expr_kids(c);
	bool *set = arena_array((size_t)f.n + 1, sizeof(bool));
	int fi = 0;
	for (int j = 0; j < k.n; j++) {
		Ast item = k.c[j], whole = item;
		Kids ik = fe_kids(item);
		const char *bad = NULL;
		if (ast_getCursorKind(item) == AST_UnexposedExpr && ik.n >= 2 && ast_getCursorKind(ik.c[0]) == AST_MemberRef) {
			const char *name = fe_spelling(ik.c[0]);
			for (fi = 0; fi < f.n && strcmp(fe_spelling(f.c[fi]), name); fi++)
				;
			item = ik.c[ik.n - 1];
			bad = fi >= f.n ? "of a field of an anonymous member" : ik.n > 2 ? "with more than one designator" : NULL;
		} else if (ast_getCursorKind(item) == AST_UnexposedExpr && !fe_expr_kids(item).n) {
			fi++; /* an implicit zero: set below */
			continue;
		}
		if (!bad && fi >= f.n)
			bad = "past the struct's last field";
		Binding *m = bad ? NULL : fe_local_field(d, f.c[fi]);
		bool record = m && ast_getCanonicalType(m->ctype).kind == AST_TYPE_Record;
		X v = { 0 };
		bool list = record && ast_getCursorKind(item) == AST_InitListExpr;
		if (list) {
			fe_record_init_list(fe, m, item, s);
		} else if (!bad) {
			v = fe_ev(fe, item, s);
			if (record && v.k == X_VAL)
				bad = "without braces for its struct field";
		}
		if (bad) {
			error_at(fe_loc_of(fe, whole), "initialiser '%s' of struct local '%s' %s cannot be modelled; "
						     "set the field by a nested list or an assignment",
				 fe_text_of(fe, whole), d->name, bad);
			return;
		}
		set[fi++] = true;
		if (!list)
			fe_field_set(fe, m, record ? fe_struct_value(fe, v, item) : v, item, s);
	}
	for (int i = 0; i < f.n; i++)
		if (!set[i])
			fe_field_set(fe, fe_local_field(d, f.c[i]), fe_val(ir_const(0, fe_loc_of(fe, c)), -1), c, s);
}

/* Struct local d (a new binding) with its initialiser: a list, or a
 * struct the model follows (another struct local, a modelled object: `=
 * *p`); what else (a struct a call returns) leaves its fields untracked,
 * which --explain says. */
void fe_record_local_init(Fe *fe, Binding *d, Ast init, Seq *s)
{
	Ast c = fe_strip(init);
	if (ast_getCursorKind(c) == AST_InitListExpr) {
		fe_record_init_list(fe, d, c, s);
		return;
	}
	X src = fe_struct_value(fe, fe_ev(fe, init, s), init);
	if (src.k == X_UNTRACKED)
		fe_add_note(fe, fe_loc_of(fe, init),
			    xprintf("struct '%s' initialised from '%s', which the model does not follow: its fields are untracked",
				    d->name, fe_text_of(fe, init)));
	fe_record_set(fe, d, src, init, s);
}

IrExpr *fe_assign(Fe *fe, X lhs, X rhs, Ast lhs_c, SrcLoc loc, Seq *s)
{
	const char *store_c = fe->store_c;
	fe->store_c = NULL;
	if (lhs.k == X_BIND && fe_is_record_local(lhs.b)) {
		/* a struct stored as a whole: field by field from a struct the
		 * model follows (`f = *req`, `f = g`); else (a struct a call
		 * returns, a function the model does not see writing it) what
		 * its fields hold is not followed */
		fe_record_set(fe, lhs.b, fe_struct_value(fe, rhs, lhs_c), lhs_c, s);
		return NULL;
	}
	rhs = fe_rv(fe, rhs, loc);
	if (lhs.k == X_UNTRACKED && lhs.st) {
		error_at(loc, "write to modelled '%s' cannot be modelled: '%s' is a pointer the model does not follow "
			 "(a list walk's entry, untracked data)", lhs.why, lhs.pfx);
		return NULL;
	}
	if (lhs.k == X_BIND) {
		Binding *b = lhs.b;
		if (b->kind == B_UNTRACKED)
			return NULL;
		if (rhs.k == X_LOCK || rhs.k == X_LOCKARR || rhs.k == X_FUNC || rhs.k == X_OBJ || rhs.k == X_ADDR) {
			if (b->kind == B_LOCAL || (b->kind == B_VAL && fe->depth != b->depth)) {
				error_at(loc, "'%s' is assigned '%s' under a condition or loop; this cannot be modelled",
					 b->name, fe_x_value_text(fe, rhs));
				return NULL;
			}
			b->kind = B_VAL;
			b->x = rhs;
			return NULL;
		}
		if (b->kind == B_VAL) {
			if (b->x.k != X_VAL) {
				error_at(loc, "'%s' is reassigned; a pointer to a lock or function must be set once",
					 b->name);
				return NULL;
			}
			/* a constant-bound local turns into a variable */
		}
		if (b->kind == B_UNSET || b->kind == B_VAL) {
			if (rhs.k != X_VAL) {
				b->kind = B_UNTRACKED;
				return NULL;
			}
			IrValKind vk;
			int lo, hi;
			fe_range_of_type(b->ctype, &vk, &lo, &hi);
			int ptype = -1;
			if (vk == VK_PTR) {
				if (rhs.ptype < 0 && !fe_is_const(rhs.e)) {
					b->kind = B_UNTRACKED;
					return NULL;
				}
				ptype = rhs.ptype;
				if (ptype < 0) { /* NULL: find the pointee type */
					Struct *st = fe_struct_of(fe, ast_getPointeeType(ast_getCanonicalType(b->ctype)));
					ptype = st ? st->type : -1;
				}
				if (ptype < 0) {
					b->kind = B_UNTRACKED;
					return NULL;
				}
				hi = fe->p->types[ptype]->ninst;
			}
			if (vk == VK_INT) {
				/* what is stored (a value outside the C type is wrapped
				 * into it, and the store widens the range) */
				long l, h;
				if (fe_expr_range(fe, rhs.e, &l, &h) && l >= lo && h <= hi)
					lo = (int)l, hi = (int)h;
				else if (fe_expr_range(fe, rhs.e, &l, &h))
					lo = hi = 0;
			}
			IrLocal *nl = fe_new_local(fe, b->name, vk, lo, hi, ptype, fe_loc_of(fe, b->decl));
			if (vk == VK_INT)
				fe_set_local_type(fe, nl, b->ctype);
			if (b->kind == B_VAL) {
				/* the constant it had so far */
				IrStmt *first = ir_stmt(S_ASSIGN, fe_loc_of(fe, b->decl));
				first->lhs = fe_e_local(nl->id, loc);
				first->rhs = b->x.e;
				fe_emit(fe, s, first);
				fe_widen_local(fe, nl, b->x.e);
			}
			b->kind = B_LOCAL;
			b->local = nl->id;
		}
		lhs = fe_resolve(fe, lhs);
	}
	if (lhs.k == X_OBJ && lhs.st) {
		/* a whole struct stored (Xen's safe_write_pte(): *p = new): its
		 * modelled fields would keep their values unseen */
		const char *pfx = lhs.pfx ? lhs.pfx : "";
		for (int i = 0; i < lhs.st->nf; i++)
			if (lhs.st->f[i].kind == FK_STATE && !strncmp(lhs.st->f[i].path, pfx, strlen(pfx))) {
				error_at(loc, "assignment of a whole struct to '%s' cannot be modelled: its modelled field "
					      "'%s' would not be written; assign the field (or LS_REPLACE the function)",
					 fe_text_of(fe, lhs_c), lhs.st->f[i].path + strlen(pfx));
				return NULL;
			}
	}
	if (lhs.k == X_UNTRACKED || (lhs.k != X_STATE && lhs.k != X_LOCAL))
		return NULL; /* untracked data cannot affect locks */
	if (lhs.k == X_STATE && fe->p->vars[lhs.id]->vk == VK_FN) {
		bool bad;
		rhs = fe_fn_value(fe, fe->p->vars[lhs.id], rhs, lhs_c, loc, &bad);
		if (bad)
			return NULL;
	}
	IrExpr *dst;
	int lo, hi;
	const char *name;
	if (lhs.k == X_STATE) {
		IrVar *v = fe->p->vars[lhs.id];
		dst = fe_e_var(fe, lhs.id, lhs.e, lhs.idx, loc);
		lo = v->lo, hi = v->hi, name = v->name;
	} else {
		IrLocal *l = fe->t->locals[lhs.id];
		dst = fe_e_local(lhs.id, loc);
		const LocalType *lt = fe_local_type(fe, l);
		long a, b;
		if (rhs.k == X_VAL && l->vk == VK_INT && lt->wrap &&
		    !(fe_expr_range(fe, rhs.e, &a, &b) && a >= lt->lo && b <= lt->hi))
			rhs.e = fe_wrap_int(rhs.e, lt->lo, lt->hi, loc); /* C converts into the narrower type */
		if (rhs.k == X_VAL)
			fe_widen_local(fe, l, rhs.e);
		lo = l->lo, hi = l->hi, name = l->cname ? l->cname : l->name; /* what the C calls it, not the model's copy (rc_3) */
	}
	/* one access a step (fe_split_reads): a store to modelled state reads
	 * none in its step, a store to a local at most one */
	if (rhs.k == X_VAL && lhs.k == X_STATE) {
		IrExpr *es[3] = { dst->a, dst->b, rhs.e };
		fe_split_reads(fe, s, es, 3, 0, loc);
		dst->a = es[0], dst->b = es[1], rhs.e = es[2];
	} else if (rhs.k == X_VAL) {
		fe_split_reads(fe, s, &rhs.e, 1, 1, loc);
	}
	IrStmt *as = ir_stmt(S_ASSIGN, loc);
	as->lhs = dst;
	IrValKind dvk = lhs.k == X_STATE ? fe->p->vars[lhs.id]->vk : fe->t->locals[lhs.id]->vk;
	long vlo, vhi;
	bool fits = rhs.k == X_VAL && fe_expr_range(fe, rhs.e, &vlo, &vhi) && vlo >= lo && vhi <= hi;
	if (rhs.k == X_VAL && !fits && dvk == VK_BOOL) {
		/* C converts to _Bool: any non-zero value is 1 (Promela's bit would wrap) */
		rhs.e = ir_binop(OP_NE, rhs.e, ir_const(0, loc), loc);
	} else if (rhs.k == X_VAL && !fits && (dvk == VK_INT || dvk == VK_ENUM)) {
		/* a value outside the range would wrap in the Promela type: a violation */
		const char *what = xprintf("'%s' = value outside %d..%d", name, lo, hi);
		bool checked = lhs.k == X_STATE || fe_local_type(fe, fe->t->locals[lhs.id])->lo != INT_MIN;
		if (checked)
			rhs.e = fe_pin(fe, s, rhs.e, loc);
		if (lhs.k == X_STATE) {
			fe_guard_check(fe, s, fe_in_range(rhs.e, lo, hi, loc), V_OUT_OF_RANGE, what, loc,
				    store_c ? xprintf("%s >= %d && %s <= %d", store_c, lo, store_c, hi) : NULL);
		} else if (fe_local_type(fe, fe->t->locals[lhs.id])->lo == INT_MIN) {
			/* a signed int (or wider) local: the Promela int holds every
			 * value C's int does, and the local's range grows with every
			 * store, so nothing is out of range; a C overflow (undefined)
			 * would need some 2^31 steps, which the search never reaches */
		} else {
			/* an unsigned local of int's width or wider: the model holds
			 * 0..INT_MAX of it, and a negative value would wrap in C to what
			 * it cannot hold; bounded once the thread is lowered (its range
			 * grows with later stores), no native twin */
			RangeCheck *rc = arena_alloc(sizeof(*rc));
			rc->ck = fe_guard_check(fe, s, NULL, V_OUT_OF_RANGE,
					     xprintf("'%s' = value outside 0..%d and not all ones (-1), what the model holds of its unsigned C type",
						     name, INT_MAX), loc, NULL);
			rc->l = fe->t->locals[lhs.id];
			rc->value = rhs.e;
			if (rc->ck)
				vec_push(&fe->range_checks, rc);
		}
	}
	if (rhs.k == X_VAL) {
		as->rhs = rhs.e;
	} else {
		if (lhs.k == X_LOCAL && dvk == VK_INT) {
			/* any value of its C type, not only those stored so far (a
			 * local that held 0 is not 0 after an untracked store) */
			const LocalType *lt = fe_local_type(fe, fe->t->locals[lhs.id]);
			lo = lt->lo, hi = lt->hi;
		}
		if (lhs.k == X_LOCAL && (long)hi - lo + 1 > 256) {
			error_at(loc, "'%s' is assigned untracked '%s' after a modelled value: any value of its C type "
				 "is more than the model enumerates; this cannot be modelled", name,
				 rhs.k == X_UNTRACKED ? rhs.why : fe_text_of(fe, lhs_c));
			return NULL;
		}
		as->rhs = fe_any_value(lo, hi, loc);
		fe_add_note(fe, loc, xprintf("'%s' is assigned untracked '%s': any value in %d..%d", name,
				      rhs.k == X_UNTRACKED ? rhs.why : fe_text_of(fe, lhs_c), lo, hi));
	}
	fe_point_claim(fe, as, NULL);
	fe_emit(fe, s, as);
	return rhs.k == X_VAL ? as->rhs : NULL;
}

static IrExpr *fe_cond_value(Fe *fe, Ast c, Seq *s, const char **why)
{
	X x = fe_evr(fe, c, s);
	*why = NULL;
	if (x.k == X_VAL)
		return x.e;
	if (x.k == X_LOCK || x.k == X_FUNC || x.k == X_OBJ || x.k == X_ADDR)
		return ir_const(1, fe_loc_of(fe, c)); /* a non-null address */
	*why = fe_text_of(fe, c);
	return NULL;
}

/* An ls_assert() condition: the IrExpr, or NULL (untracked) with *why its C
 * text.  A property of the state at its line, checked in one step. */
IrExpr *fe_cond_expr(Fe *fe, Ast c, Seq *s, const char **why)
{
	bool saved = fe->one_step;
	fe->one_step = true;
	IrExpr *e = fe_cond_value(fe, c, s, why);
	fe->one_step = saved;
	return e;
}

/* The test of an if, loop, switch or && / || as C evaluates it: the IrExpr
 * (its reads of modelled state but the last stored first, fe_split_reads),
 * or NULL (untracked) with *why its C text. */
IrExpr *fe_test_expr(Fe *fe, Ast c, Seq *s, const char **why)
{
	IrExpr *e = fe_cond_value(fe, c, s, why);
	if (e)
		fe_split_reads(fe, s, &e, 1, 1, fe_loc_of(fe, c));
	return e;
}

/* ---- unsigned values and conditionals with calls (fe_expr.c's operators) ---- */
/* An unsigned int or wider (the type of an operand after C's conversions).
 * The model holds 0..INT_MAX of it and the all-ones value, C's
 * (unsigned long)-1 (Xen's INVALID_MFN), as -1 (fe_int_type_range). */
bool fe_unsigned_wide(Ast e)
{
	AstTypeKind k = ast_getCanonicalType(ast_getCursorType(e)).kind;
	return k > AST_TYPE_UShort && k <= AST_TYPE_UInt128;
}

static bool fe_may_be_all_ones(Fe *fe, const IrExpr *e)
{
	long lo, hi;
	return !fe_expr_range(fe, e, &lo, &hi) || lo < 0;
}

/* a < b (op '<', '>', <=, >=) as C compares unsigned values, where -1 is the
 * largest: for <, (a != -1 && a < b) where only a may be -1, (b == -1 ||
 * a < b) where only b may, and both tests where both may; <= is that or
 * a == b.  An operand tested twice is read once (fe_pin). */
static IrExpr *fe_unsigned_order(Fe *fe, int op, IrExpr *a, IrExpr *b, Seq *s, SrcLoc loc)
{
	if (op == '>' || op == OP_GE) {
		IrExpr *t = a;
		a = b, b = t;
	}
	bool am = fe_may_be_all_ones(fe, a), bm = fe_may_be_all_ones(fe, b), le = op == OP_LE || op == OP_GE;
	if (am || le)
		a = fe_pin(fe, s, a, loc);
	if (bm || le)
		b = fe_pin(fe, s, b, loc);
	IrExpr *m1 = ir_const(-1, loc);
	IrExpr *lt = ir_binop('<', a, b, loc);
	if (am)
		lt = ir_binop(OP_LAND, ir_binop(OP_NE, a, m1, loc), lt, loc);
	if (bm)
		lt = ir_binop(OP_LOR, ir_binop(OP_EQ, b, m1, loc), lt, loc);
	if (am && bm) /* both all ones: not less */
		lt = ir_binop(OP_LAND, ir_binop(OP_NE, a, b, loc), lt, loc);
	return le ? ir_binop(OP_LOR, ir_binop(OP_EQ, a, b, loc), lt, loc) : lt;
}

/* a op b of unsigned operands (fe_unsigned_wide(left)): an ordering as C
 * compares them; >>, / or % of an operand that may be the all-ones value an
 * out-of-range check (C's result is more than the model holds); else the
 * plain operation. */
IrExpr *fe_unsigned_binop(Fe *fe, int op, IrExpr *a, IrExpr *b, Ast left, Seq *s, SrcLoc loc)
{
	if ((op == '<' || op == '>' || op == OP_LE || op == OP_GE) && !(fe_is_const(a) && fe_is_const(b)) &&
	    (fe_may_be_all_ones(fe, a) || fe_may_be_all_ones(fe, b)))
		return fe_unsigned_order(fe, op, a, b, s, loc);
	if ((op == OP_SHR || op == '/' || op == '%') && fe_may_be_all_ones(fe, a)) {
		a = fe_pin(fe, s, a, loc);
		const char *what = xprintf("'%s' is the all-ones value (C's (unsigned)-1), whose %s the model cannot hold",
					   fe_text_of(fe, left), op == OP_SHR ? "right shift" : "quotient");
		long lo, hi;
		if (a->kind == E_LOCAL && !fe_expr_range(fe, a, &lo, &hi)) {
			/* a local's range is known once its thread is lowered (later
			 * stores widen it): a check of each shift, most of them of
			 * locals that never hold -1, would be a statement each */
			RangeCheck *rc = arena_alloc(sizeof(*rc));
			rc->ck = fe_guard_check(fe, s, NULL, V_OUT_OF_RANGE, what, loc, NULL);
			rc->l = fe->t->locals[a->var];
			rc->value = a;
			rc->all_ones = true;
			if (rc->ck)
				vec_push(&fe->range_checks, rc);
		} else {
			fe_guard_check(fe, s, ir_binop(OP_NE, a, ir_const(-1, loc), loc), V_OUT_OF_RANGE, what, loc, NULL);
		}
	}
	return fe_binop(op, a, b, loc);
}

/* One branch of a ? b : c with calls, evaluated into b, which then stores
 * its value (*as, whose local is set once both ranges are known); false if
 * the value is not an integer. */
static bool fe_cond_branch(Fe *fe, Ast c, Seq *b, IrStmt **as, long *lo, long *hi, const char **untracked,
			   SrcLoc loc)
{
	X x = fe_evr(fe, c, b);
	if (x.k == X_UNTRACKED) { /* its calls run; the value is untracked */
		*untracked = x.why;
		*as = NULL;
		return true;
	}
	if (x.k != X_VAL || x.ptype >= 0)
		return false;
	long l, h;
	if (!fe_expr_range(fe, x.e, &l, &h))
		fe_int_range(&l, &h);
	*lo = *lo < l ? *lo : l;
	*hi = *hi > h ? *hi : h;
	fe_split_reads(fe, b, &x.e, 1, 1, loc);
	*as = ir_stmt(S_ASSIGN, loc);
	(*as)->rhs = x.e;
	fe_emit(fe, b, *as);
	return true;
}

/* a ? b : c where b or c calls a function (Xen's
 * `!mfn_eq(mfn, INVALID_MFN) ? mfn_x(mfn) : 0`): as C runs it, the branch
 * the test picks and only that one, as `if (a) t = b; else t = c;` */
X fe_cond_calls(Fe *fe, Ast c, Kids k, SrcLoc loc, Seq *s)
{
	const char *why;
	IrExpr *e = fe_test_expr(fe, k.c[0], s, &why);
	Seq sb = { 0 }, sd = { 0 };
	IrStmt *ab = NULL, *ad = NULL;
	long lo = LONG_MAX, hi = LONG_MIN;
	const char *untracked = NULL;
	if (!fe_cond_branch(fe, k.c[1], &sb, &ab, &lo, &hi, &untracked, loc) ||
	    !fe_cond_branch(fe, k.c[2], &sd, &ad, &lo, &hi, &untracked, loc)) {
		error_at(loc, "conditional expression '%s' with calls and a value other than an integer cannot be modelled; use an if",
			 fe_text_of(fe, c));
		return fe_untracked(fe_text_of(fe, c));
	}
	IrLocal *t = NULL;
	if (untracked) { /* a value the model does not have: only the calls */
		if (ab)
			ab->kind = S_SKIP, ab->rhs = NULL, ab->why = "value not modelled";
		if (ad)
			ad->kind = S_SKIP, ad->rhs = NULL, ad->why = "value not modelled";
	} else {
		t = fe_new_local(fe, "ls_cond_value", VK_INT, (int)lo, (int)hi, -1, loc);
		ab->lhs = fe_e_local(t->id, loc);
		ad->lhs = fe_e_local(t->id, loc);
	}
	IrStmt *st = ir_stmt(S_IF, loc);
	st->cond = e;
	if (!e) {
		st->why = xprintf("condition '%s' over untracked data", why);
		fe_add_note(fe, loc, xprintf("condition '%s' over untracked data: either branch", why));
	}
	st->then = fe_wrap(&sb, loc);
	st->els = fe_wrap(&sd, loc);
	fe_emit(fe, s, st);
	return t ? fe_val(fe_e_local(t->id, loc), -1) : fe_untracked(untracked);
}
