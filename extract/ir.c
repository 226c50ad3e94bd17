/*
 * ir.c - building, checking and printing the protocol IR (see ir.h).
 *
 * ir_check() is QBE's ssacheck: it runs after the front end and after every
 * transform, and any broken invariant is a BUG in lockspin, not bad input.
 * ir_dump() is the text form behind `lockspin --dump=ir`; it is golden-tested,
 * so it must stay deterministic.
 */
#include "ir.h"
#include "verdict.h"

#include <stdio.h>
#include <limits.h>
#include <string.h>

/* ---- construction ------------------------------------------------------- */
/* Room for element n of arr: capacity doubles at every power of two, so a
 * thread of 10,000 inlined locals costs linear copying, not quadratic
 * (the arrays only ever shrink in place, see ir_slice.c). */
#define GROW(arr, n) \
	do { \
		if (((n) & ((n) - 1)) == 0) { \
			void *np_ = arena_array((size_t)(n) ? 2 * (size_t)(n) : 1, sizeof(*(arr))); \
			if (n) \
				memcpy(np_, (arr), (size_t)(n) * sizeof(*(arr))); \
			(arr) = np_; \
		} \
	} while (0)

IrProgram *ir_new_program(const char *spec, const char *variant)
{
	IrProgram *p = arena_alloc(sizeof(*p));
	p->spec = xstrdup(spec);
	p->variant = xstrdup(variant ? variant : "default");
	p->expect = "ok";
	p->why = "";
	SrcLoc none = { p->spec, 0, 0 };
	IrType *g = ir_add_type(p, "global", none);
	ir_add_instance(p, g, "global");
	p->irq_var = -1;
	p->bh_var = -1;
	return p;
}

IrType *ir_add_type(IrProgram *p, const char *name, SrcLoc loc)
{
	IrType *t = arena_alloc(sizeof(*t));
	t->id = p->ntypes;
	t->name = xstrdup(name);
	t->loc = loc;
	t->inst_names = arena_alloc(sizeof(char *));
	GROW(p->types, p->ntypes);
	p->types[p->ntypes++] = t;
	return t;
}

int ir_add_instance(IrProgram *p, IrType *t, const char *name)
{
	(void)p;
	const char **names = arena_array((size_t)t->ninst + 2, sizeof(char *));
	memcpy(names, t->inst_names, ((size_t)t->ninst + 1) * sizeof(char *));
	t->ninst++;
	names[t->ninst] = xstrdup(name);
	t->inst_names = names;
	return t->ninst;
}

IrLockClass *ir_add_class(IrProgram *p, const char *name, IrLockKind kind, int type, int arrlen,
			  SrcLoc loc)
{
	IrLockClass *c = arena_alloc(sizeof(*c));
	c->id = p->nclasses;
	c->name = xstrdup(name);
	c->kind = kind;
	c->type = type;
	c->arrlen = arrlen > 0 ? arrlen : 1;
	c->rank = -1;
	c->bias_var = -1;
	c->loc = loc;
	/* lockdep keys a class by its name: LS_CLASS("x") on two declarations
	 * makes one class, whose lock-order edges close cycles between them */
	c->order_class = c->id;
	for (int i = 0; i < p->nclasses; i++)
		if (!strcmp(p->classes[i]->name, c->name)) {
			c->order_class = p->classes[i]->order_class;
			break;
		}
	GROW(p->classes, p->nclasses);
	p->classes[p->nclasses++] = c;
	return c;
}

void ir_layout_locks(IrProgram *p)
{
	int n = 0;
	for (int i = 0; i < p->nclasses; i++) {
		IrLockClass *c = p->classes[i];
		c->first = n;
		c->count = p->types[c->type]->ninst * c->arrlen;
		n += c->count;
	}
	p->nlocks = n;
	p->locks = arena_array((size_t)n + 1, sizeof(IrLock *));
	for (int i = 0; i < p->nclasses; i++) {
		IrLockClass *c = p->classes[i];
		IrType *t = p->types[c->type];
		for (int inst = 1; inst <= t->ninst; inst++) {
			for (int k = 0; k < c->arrlen; k++) {
				IrLock *l = arena_alloc(sizeof(*l));
				l->id = c->first + (inst - 1) * c->arrlen + k;
				l->cls = c->id;
				l->inst = inst;
				l->index = k;
				/* "d0.pod_lock", "a", "lk[2]", "d0.locks[1]" */
				const char *field = c->field;
				if (!field) {
					field = strchr(c->name, '.');
					field = field ? field + 1 : c->name;
				}
				const char *base = c->type == 0 ? field
					: xprintf("%s.%s", t->inst_names[inst], field);
				l->name = c->arrlen > 1 ? xprintf("%s[%d]", base, k) : base;
				p->locks[l->id] = l;
			}
		}
	}
}

IrVar *ir_add_var(IrProgram *p, const char *name, IrValKind vk, int lo, int hi, int type, int arrlen,
		  SrcLoc loc)
{
	IrVar *v = arena_alloc(sizeof(*v));
	v->id = p->nvars;
	v->name = xstrdup(name);
	v->vk = vk;
	v->lo = lo;
	v->hi = hi;
	v->type = type;
	v->arrlen = arrlen > 0 ? arrlen : 1;
	v->ptr_type = -1;
	v->loc = loc;
	GROW(p->vars, p->nvars);
	p->vars[p->nvars++] = v;
	return v;
}

void ir_alloc_var_inits(IrProgram *p)
{
	for (int i = 0; i < p->nvars; i++) {
		IrVar *v = p->vars[i];
		size_t n = ((size_t)p->types[v->type]->ninst + 1) * (size_t)v->arrlen;
		int *init = arena_array(n, sizeof(int));
		/* keep values already set for slots that existed before */
		if (v->init)
			memcpy(init, v->init, n * sizeof(int));
		v->init = init;
	}
}

IrThread *ir_add_thread(IrProgram *p, const char *name, const char *func, SrcLoc loc)
{
	IrThread *t = arena_alloc(sizeof(*t));
	t->id = p->nthreads;
	t->name = xstrdup(name);
	t->func = xstrdup(func);
	t->loc = loc;
	t->body = ir_stmt(S_SEQ, loc);
	t->irq_cpu = -1;
	GROW(p->threads, p->nthreads);
	p->threads[p->nthreads++] = t;
	return t;
}

IrLocal *ir_add_local(IrThread *t, const char *name, IrValKind vk, int lo, int hi, SrcLoc loc)
{
	IrLocal *l = arena_alloc(sizeof(*l));
	l->id = t->nlocals;
	l->name = xstrdup(name);
	l->vk = vk;
	l->lo = lo;
	l->hi = hi;
	l->ptr_type = -1;
	l->loc = loc;
	GROW(t->locals, t->nlocals);
	t->locals[t->nlocals++] = l;
	return l;
}

void ir_add_note(IrProgram *p, SrcLoc loc, const char *what)
{
	IrNote *n = arena_alloc(sizeof(*n));
	n->loc = loc;
	n->what = xstrdup(what);
	GROW(p->notes, p->nnotes);
	p->notes[p->nnotes++] = n;
}

IrStmt *ir_stmt(IrStmtKind kind, SrcLoc loc)
{
	IrStmt *s = arena_alloc(sizeof(*s));
	s->kind = kind;
	s->loc = loc;
	s->result = -1;
	return s;
}

IrExpr *ir_expr(IrExprKind kind, SrcLoc loc)
{
	IrExpr *e = arena_alloc(sizeof(*e));
	e->kind = kind;
	e->loc = loc;
	return e;
}

IrExpr *ir_const(int v, SrcLoc loc)
{
	IrExpr *e = ir_expr(E_CONST, loc);
	e->value = v;
	return e;
}

IrExpr *ir_binop(int op, IrExpr *a, IrExpr *b, SrcLoc loc)
{
	IrExpr *e = ir_expr(E_BINOP, loc);
	e->op = op;
	e->a = a;
	e->b = b;
	return e;
}

IrExpr *ir_lockref(int cls, IrExpr *inst, IrExpr *index, SrcLoc loc)
{
	IrExpr *e = ir_expr(E_LOCKREF, loc);
	e->var = cls;
	e->a = inst;
	e->b = index;
	return e;
}

/* ---- lock references ---------------------------------------------------- */
int ir_lockref_const(const IrProgram *p, const IrExpr *e)
{
	if (!e || e->kind != E_LOCKREF || e->var < 0 || e->var >= p->nclasses)
		return -1;
	const IrLockClass *c = p->classes[e->var];
	int inst = 1, index = 0;
	if (e->a) {
		if (e->a->kind != E_CONST)
			return -1;
		inst = e->a->value;
	}
	if (e->b) {
		if (e->b->kind != E_CONST)
			return -1;
		index = e->b->value;
	}
	if (inst < 1 || inst > p->types[c->type]->ninst || index < 0 || index >= c->arrlen)
		return -1;
	return c->first + (inst - 1) * c->arrlen + index;
}

int ir_lockref_ids(const IrProgram *p, const IrExpr *e, int *ids, int max)
{
	int id = ir_lockref_const(p, e);
	if (id >= 0) {
		if (max > 0)
			ids[0] = id;
		return 1;
	}
	if (!e || e->kind != E_LOCKREF)
		return 0;
	const IrLockClass *c = p->classes[e->var];
	/* A dynamic reference may denote any lock of its class; narrow by a
	 * constant instance or a constant index where one side is known. */
	int n = 0;
	for (int k = 0; k < c->count; k++) {
		int inst = k / c->arrlen + 1, index = k % c->arrlen;
		if (e->a && e->a->kind == E_CONST && e->a->value != inst)
			continue;
		if (e->b && e->b->kind == E_CONST && e->b->value != index)
			continue;
		if (n < max)
			ids[n] = c->first + k;
		n++;
	}
	return n;
}

const char *ir_lock_kind_name(IrLockKind k)
{
	switch (k) {
#define LS_KIND(id, value, word) case LK_##id: return word;
#include "../harness/ls_kinds.h"
#undef LS_KIND
	}
	return "?";
}

/* ---- numbering and lookup ----------------------------------------------- */
static void number_stmts(IrStmt *s, int *n)
{
	for (; s; s = s->next) {
		s->id = ++*n;
		number_stmts(s->body, n);
		number_stmts(s->then, n);
		number_stmts(s->els, n);
	}
}

void ir_number(IrProgram *p)
{
	int n = 0;
	for (int i = 0; i < p->nthreads; i++)
		number_stmts(p->threads[i]->body, &n);
	p->nstmts = n;
}

/* ---- ir_check ----------------------------------------------------------- */
#define CHECK(cond, ...) \
	do { \
		if (!(cond)) \
			BUG(__VA_ARGS__); \
	} while (0)

static void check_expr(const IrProgram *p, const IrThread *t, const IrExpr *e)
{
	if (!e)
		return;
	switch (e->kind) {
	case E_CONST:
		break;
	case E_VAR: {
		CHECK(e->var >= 0 && e->var < p->nvars, "E_VAR %d out of range", e->var);
		const IrVar *v = p->vars[e->var];
		CHECK(v->type == 0 || e->a, "E_VAR '%s' of a struct type needs an instance", v->name);
		CHECK(v->arrlen == 1 || e->b, "E_VAR '%s' is an array and needs an index", v->name);
		break;
	}
	case E_LOCAL:
		CHECK(t && e->var >= 0 && e->var < t->nlocals, "E_LOCAL %d out of range", e->var);
		break;
	case E_UNOP:
		CHECK(e->a && (e->op == '-' || e->op == '!' || e->op == '~'), "bad E_UNOP");
		break;
	case E_BINOP:
		CHECK(e->a && e->b, "E_BINOP without operands");
		break;
	case E_COND:
		CHECK(e->a && e->b && e->c, "E_COND without operands");
		break;
	case E_CHOOSE:
		CHECK(e->value >= 1, "E_CHOOSE of %d values", e->value);
		break;
	case E_LOCKREF: {
		CHECK(e->var >= 0 && e->var < p->nclasses, "E_LOCKREF class %d out of range", e->var);
		const IrLockClass *c = p->classes[e->var];
		CHECK(c->type == 0 || e->a, "lock class '%s' needs an instance", c->name);
		CHECK(c->arrlen == 1 || e->b, "lock class '%s' is an array and needs an index", c->name);
		break;
	}
	case E_HELD:
		CHECK(e->a && e->a->kind == E_LOCKREF, "E_HELD needs a lock reference");
		break;
	default:
		BUG("bad expression kind %d", e->kind);
	}
	check_expr(p, t, e->a);
	check_expr(p, t, e->b);
	check_expr(p, t, e->c);
}

static bool has_label(const IrStmt *s, const char *label)
{
	for (; s; s = s->next) {
		if (s->kind == S_LABEL && strcmp(s->label, label) == 0)
			return true;
		if (has_label(s->body, label) || has_label(s->then, label) || has_label(s->els, label))
			return true;
	}
	return false;
}

static void check_stmts(const IrProgram *p, const IrThread *t, const IrStmt *s, int loops)
{
	for (; s; s = s->next) {
		CHECK(s->loc.file, "statement %d without a location", s->id);
		CHECK(s->point >= 0 && s->point <= p->npoints, "statement %d: point %d out of range", s->id, s->point);
		CHECK(!s->point || s->kind == S_ASSIGN || s->kind == S_IF || s->kind == S_LOOP,
		      "statement %d: a point on a statement that is not an assignment or a test", s->id);
		switch (s->kind) {
		case S_SEQ:
			check_stmts(p, t, s->body, loops);
			break;
		case S_IF:
			CHECK(s->cond || s->why, "abstracted if at %s:%d has no reason", s->loc.file, s->loc.line);
			check_expr(p, t, s->cond);
			check_stmts(p, t, s->then, loops);
			check_stmts(p, t, s->els, loops);
			break;
		case S_LOOP:
			check_expr(p, t, s->cond);
			check_stmts(p, t, s->body, loops + 1);
			break;
		case S_BREAK:
		case S_CONTINUE:
			CHECK(loops > 0, "break/continue outside a loop at %s:%d", s->loc.file, s->loc.line);
			break;
		case S_GOTO:
			CHECK(s->label && has_label(t->body, s->label), "goto to missing label '%s'",
			      s->label ? s->label : "(null)");
			break;
		case S_LABEL:
			CHECK(s->label && *s->label, "label without a name");
			break;
		case S_ASSIGN:
			CHECK(s->lhs && (s->lhs->kind == E_VAR || s->lhs->kind == E_LOCAL) && s->rhs,
			      "bad assignment at %s:%d", s->loc.file, s->loc.line);
			check_expr(p, t, s->lhs);
			check_expr(p, t, s->rhs);
			if (s->atomic) {
				/* the read of one variable into a local, then its store,
				 * with the store's run-time checks between */
				const IrStmt *w = s->next;
				while (w && w->kind == S_ASSERT && w->violation)
					w = w->next;
				CHECK(s->lhs->kind == E_LOCAL && s->rhs->kind == E_VAR && w && w->kind == S_ASSIGN &&
				      !w->atomic && w->lhs && w->lhs->kind == E_VAR && w->lhs->var == s->rhs->var,
				      "atomic read at %s:%d is not a read of a variable followed by its store",
				      s->loc.file, s->loc.line);
			}
			break;
		case S_LOCK:
			CHECK(s->op >= LO_ACQUIRE && s->op <= LO_DOWNGRADE, "bad lock op");
			CHECK(s->op != LO_DOWNGRADE || (s->mode == LM_EXCL && p->classes[s->lock->var]->kind == LK_RWSEM),
			      "downgrade of '%s', which is not an rwsem", p->classes[s->lock->var]->name);
			CHECK(s->mode == LM_EXCL || s->mode == LM_SHARED, "bad lock mode");
			CHECK(s->lock && s->lock->kind == E_LOCKREF, "lock op without a lock reference");
			CHECK(s->op != LO_TRYLOCK || (s->result >= -1 && s->result < t->nlocals),
			      "trylock result local out of range");
			CHECK(s->mode == LM_EXCL || p->classes[s->lock->var]->kind == LK_RWLOCK ||
				      p->classes[s->lock->var]->kind == LK_RWSEM,
			      "shared operation on '%s', which has no shared side", p->classes[s->lock->var]->name);
			check_expr(p, t, s->lock);
			break;
		case S_ASSERT:
			CHECK(s->cond && s->text, "assertion without condition or text");
			check_expr(p, t, s->cond);
			break;
		case S_PROGRESS:
		case S_SKIP:
			break;
		default:
			BUG("bad statement kind %d", s->kind);
		}
	}
}

void ir_check(const IrProgram *p)
{
	CHECK(p->ntypes >= 1 && strcmp(p->types[0]->name, "global") == 0, "type 0 must be 'global'");
	CHECK(p->types[0]->ninst == 1, "the global pseudo type has one instance");
	int next = 0;
	for (int i = 0; i < p->nclasses; i++) {
		const IrLockClass *c = p->classes[i];
		CHECK(c->id == i, "class id");
		CHECK(c->type >= 0 && c->type < p->ntypes, "class '%s' type out of range", c->name);
		CHECK(c->first == next, "lock ids of class '%s' are not contiguous", c->name);
		CHECK(c->count == p->types[c->type]->ninst * c->arrlen, "class '%s' count", c->name);
		CHECK(c->bias_var < p->nvars, "class '%s' bias var", c->name);
		CHECK(c->order_class >= 0 && c->order_class <= i &&
			      p->classes[c->order_class]->order_class == c->order_class &&
			      !strcmp(p->classes[c->order_class]->name, c->name),
		      "class '%s' order class", c->name);
		next += c->count;
	}
	CHECK(next == p->nlocks, "nlocks %d != %d", p->nlocks, next);
	for (int i = 0; i < p->nlocks; i++)
		CHECK(p->locks[i] && p->locks[i]->id == i, "lock %d missing", i);
	for (int i = 0; i < p->nvars; i++) {
		const IrVar *v = p->vars[i];
		CHECK(v->lo <= v->hi, "var '%s' range %d..%d", v->name, v->lo, v->hi);
		CHECK(v->init, "var '%s' has no init array (ir_alloc_var_inits)", v->name);
		if (v->vk == VK_FN) {
			CHECK(v->lo == 0 && v->hi >= 1, "function pointer '%s' range %d..%d", v->name, v->lo, v->hi);
			CHECK(v->targets, "function pointer '%s' has no targets", v->name);
			for (int k = 1; k <= v->hi; k++)
				CHECK(v->targets[k], "function pointer '%s' target %d missing", v->name, k);
		}
		size_t n = ((size_t)p->types[v->type]->ninst + 1) * (size_t)v->arrlen;
		for (size_t k = (size_t)v->arrlen; k < n; k++)
			CHECK(v->init[k] >= v->lo && v->init[k] <= v->hi, "var '%s' init %d outside %d..%d",
			      v->name, v->init[k], v->lo, v->hi);
	}
	CHECK(p->irq_var < 0 || (p->irq_var < p->nvars && !strcmp(p->vars[p->irq_var]->name, "cpu.irqs_off") &&
				 p->vars[p->irq_var]->arrlen >= p->nthreads),
	      "irq_var must be cpu.irqs_off with a value per thread");
	for (int i = 0; i < p->nthreads; i++) {
		const IrThread *t = p->threads[i];
		CHECK(t->id == i, "thread id");
		CHECK(t->irq_cpu < i && (t->irq_cpu < 0 || p->threads[t->irq_cpu]->irq_cpu < 0),
		      "interrupt handler '%s' of thread %d: not an earlier CPU thread", t->name, t->irq_cpu);
		CHECK(t->irq_cpu < 0 || p->irq_var >= 0, "interrupt handler '%s' without cpu.irqs_off", t->name);
		CHECK(!t->softirq || (t->irq_cpu >= 0 && p->bh_var >= 0), "softirq handler '%s' without cpu.bh_off",
		      t->name);
		CHECK(t->body && t->body->kind == S_SEQ, "thread body must be a S_SEQ");
		check_stmts(p, t, t->body, 0);
	}
}

/* ---- ir_dump ------------------------------------------------------------ */
bool ir_const_binop(int op, long x, long y, int *r)
{
	long v;
	switch (op) {
	case '+': v = x + y; break;
	case '-': v = x - y; break;
	case '*': v = x * y; break;
	case '/': if (!y) return false; v = x / y; break;
	case '%': if (!y) return false; v = x % y; break;
	case '<': v = x < y; break;
	case '>': v = x > y; break;
	case OP_LE: v = x <= y; break;
	case OP_GE: v = x >= y; break;
	case OP_EQ: v = x == y; break;
	case OP_NE: v = x != y; break;
	case OP_LAND: v = x && y; break;
	case OP_LOR: v = x || y; break;
	case '&': v = x & y; break;
	case '|': v = x | y; break;
	case '^': v = x ^ y; break;
	case OP_SHL: if (x < 0 || y < 0 || y > 30) return false; v = x << y; break;
	case OP_SHR: if (x < 0 || y < 0 || y > 30) return false; v = x >> y; break;
	default: return false;
	}
	if (v < INT_MIN || v > INT_MAX)
		return false;
	*r = (int)v;
	return true;
}

const char *ir_op_text(int op)
{
	/* one-character operators index this table; no buffer to share */
	static const char single[128][2] = {
		['+'] = "+", ['-'] = "-", ['*'] = "*", ['/'] = "/", ['%'] = "%", ['<'] = "<", ['>'] = ">",
		['&'] = "&", ['|'] = "|", ['^'] = "^", ['!'] = "!", ['~'] = "~",
	};
	switch (op) {
	case OP_LE: return "<=";
	case OP_GE: return ">=";
	case OP_EQ: return "==";
	case OP_NE: return "!=";
	case OP_LAND: return "&&";
	case OP_LOR: return "||";
	case OP_SHL: return "<<";
	case OP_SHR: return ">>";
	}
	if (op > 0 && op < 128 && single[op][0])
		return single[op];
	BUG("unknown operator %d", op);
}

/* "[inst][index]" of a state variable or lock reference, where present */
static void dump_subscripts(const IrProgram *p, const IrThread *t, const IrExpr *e, StrBuf *out)
{
	const IrExpr *subs[2] = { e->a, e->b };
	for (int i = 0; i < 2; i++) {
		if (!subs[i])
			continue;
		sb_add(out, "[");
		ir_expr_dump(p, t, subs[i], out);
		sb_add(out, "]");
	}
}

void ir_expr_dump(const IrProgram *p, const IrThread *t, const IrExpr *e, StrBuf *out)
{
	if (!e) {
		sb_add(out, "?");
		return;
	}
	switch (e->kind) {
	case E_CONST:
		sb_addf(out, "%d", e->value);
		break;
	case E_VAR:
		sb_add(out, p->vars[e->var]->name);
		dump_subscripts(p, t, e, out);
		break;
	case E_LOCAL:
		sb_addf(out, "%%%s", t ? t->locals[e->var]->name : "?");
		break;
	case E_UNOP:
		sb_addf(out, "%s(", ir_op_text(e->op));
		ir_expr_dump(p, t, e->a, out);
		sb_add(out, ")");
		break;
	case E_BINOP:
		sb_add(out, "(");
		ir_expr_dump(p, t, e->a, out);
		sb_addf(out, " %s ", ir_op_text(e->op));
		ir_expr_dump(p, t, e->b, out);
		sb_add(out, ")");
		break;
	case E_COND:
		sb_add(out, "(");
		ir_expr_dump(p, t, e->a, out);
		sb_add(out, " ? ");
		ir_expr_dump(p, t, e->b, out);
		sb_add(out, " : ");
		ir_expr_dump(p, t, e->c, out);
		sb_add(out, ")");
		break;
	case E_CHOOSE:
		sb_addf(out, "choose(%d)", e->value);
		break;
	case E_LOCKREF: {
		int id = ir_lockref_const(p, e);
		if (id >= 0) {
			sb_add(out, p->locks[id]->name);
			break;
		}
		sb_addf(out, "lock %s", p->classes[e->var]->name);
		dump_subscripts(p, t, e, out);
		break;
	}
	case E_HELD:
		sb_add(out, e->value ? "locked(" : "held(");
		ir_expr_dump(p, t, e->a, out);
		sb_add(out, ")");
		break;
	}
}

static void indent(StrBuf *out, int depth)
{
	for (int i = 0; i < depth; i++)
		sb_add(out, "  ");
}

static void dump_loc(const IrStmt *s, StrBuf *out)
{
	sb_addf(out, "  @%d:%d\n", s->loc.line, s->loc.col);
}

static void dump_stmts(const IrProgram *p, const IrThread *t, const IrStmt *s, int depth, StrBuf *out)
{
	static const char *lo_names[] = { "?", "acquire", "release", "trylock", "downgrade" };
	for (; s; s = s->next) {
		indent(out, depth);
		switch (s->kind) {
		case S_SEQ:
			sb_add(out, "{");
			dump_loc(s, out);
			dump_stmts(p, t, s->body, depth + 1, out);
			indent(out, depth);
			sb_add(out, "}\n");
			break;
		case S_IF:
			sb_add(out, "if ");
			if (s->cond)
				ir_expr_dump(p, t, s->cond, out);
			else
				sb_addf(out, "* /* %s */", s->why);
			dump_loc(s, out);
			dump_stmts(p, t, s->then, depth + 1, out);
			if (s->els) {
				indent(out, depth);
				sb_add(out, "else\n");
				dump_stmts(p, t, s->els, depth + 1, out);
			}
			indent(out, depth);
			sb_add(out, "end\n");
			break;
		case S_LOOP:
			sb_add(out, s->test_after ? "do-while " : "while ");
			if (s->cond)
				ir_expr_dump(p, t, s->cond, out);
			else
				sb_addf(out, "* /* %s */", s->why ? s->why : "forever");
			dump_loc(s, out);
			dump_stmts(p, t, s->body, depth + 1, out);
			indent(out, depth);
			sb_add(out, "end\n");
			break;
		case S_BREAK:
			sb_add(out, "break");
			dump_loc(s, out);
			break;
		case S_CONTINUE:
			sb_add(out, "continue");
			dump_loc(s, out);
			break;
		case S_GOTO:
			sb_addf(out, "goto %s", s->label);
			dump_loc(s, out);
			break;
		case S_LABEL:
			sb_addf(out, "%s:", s->label);
			dump_loc(s, out);
			break;
		case S_ASSIGN:
			if (s->atomic)
				sb_add(out, "atomic ");
			ir_expr_dump(p, t, s->lhs, out);
			sb_add(out, " = ");
			ir_expr_dump(p, t, s->rhs, out);
			dump_loc(s, out);
			break;
		case S_LOCK:
			if (s->op == LO_TRYLOCK && s->result >= 0)
				sb_addf(out, "%%%s = ", t->locals[s->result]->name);
			sb_addf(out, "%s%s%s", lo_names[s->op], s->mode == LM_SHARED ? "-shared" : "",
				s->recursive ? "-recursive" : "");
			if (s->subclass)
				sb_addf(out, "-sub%d", s->subclass);
			sb_add(out, " ");
			ir_expr_dump(p, t, s->lock, out);
			dump_loc(s, out);
			break;
		case S_ASSERT:
			if (s->violation)
				sb_addf(out, "check %s ", verdict_name((Verdict)s->violation));
			else
				sb_add(out, "assert ");
			ir_expr_dump(p, t, s->cond, out);
			sb_addf(out, " /* %s */", s->text);
			dump_loc(s, out);
			break;
		case S_PROGRESS:
			sb_add(out, "progress");
			dump_loc(s, out);
			break;
		case S_SKIP:
			sb_addf(out, "skip%s%s", s->why ? " /* " : "", s->why ? s->why : "");
			if (s->why)
				sb_add(out, " */");
			dump_loc(s, out);
			break;
		}
	}
}

static const char *vk_name(IrValKind vk)
{
	switch (vk) {
	case VK_BOOL: return "bool";
	case VK_INT: return "int";
	case VK_ENUM: return "enum";
	case VK_PTR: return "ptr";
	case VK_FN: return "fn";
	}
	return "?";
}

void ir_dump(const IrProgram *p, StrBuf *out)
{
	sb_addf(out, "program %s variant %s expect %s\n", p->spec, p->variant, p->expect);
	for (int i = 1; i < p->ntypes; i++) {
		const IrType *t = p->types[i];
		sb_addf(out, "type %s:", t->name);
		for (int k = 1; k <= t->ninst; k++)
			sb_addf(out, " %d=%s", k, t->inst_names[k]);
		sb_add(out, "\n");
	}
	for (int i = 0; i < p->nclasses; i++) {
		const IrLockClass *c = p->classes[i];
		sb_addf(out, "class %s %s", c->name, ir_lock_kind_name(c->kind));
		if (c->recursive)
			sb_add(out, " recursive");
		if (c->rank >= 0)
			sb_addf(out, " rank %d", c->rank);
		if (c->bias_var >= 0)
			sb_addf(out, " bias %s +%d", p->vars[c->bias_var]->name, c->bias);
		if (c->field)
			sb_addf(out, " field %s", c->field);
		sb_addf(out, " locks %d..%d  @%d:%d\n", c->first, c->first + c->count - 1, c->loc.line, c->loc.col);
	}
	for (int i = 0; i < p->nlocks; i++)
		sb_addf(out, "lock %d %s\n", i, p->locks[i]->name);
	for (int i = 0; i < p->nvars; i++) {
		const IrVar *v = p->vars[i];
		sb_addf(out, "var %s %s %d..%d", v->name, vk_name(v->vk), v->lo, v->hi);
		if (v->vk == VK_PTR && v->ptr_type >= 0)
			sb_addf(out, " -> %s", p->types[v->ptr_type]->name);
		if (v->vk == VK_FN && v->targets)
			for (int k = 1; k <= v->hi; k++)
				sb_addf(out, "%s%s", k == 1 ? " -> " : ", ", v->targets[k]);
		if (v->arrlen > 1)
			sb_addf(out, " [%d]", v->arrlen);
		sb_add(out, " init");
		const IrType *t = p->types[v->type];
		for (int inst = 1; inst <= t->ninst; inst++)
			for (int k = 0; k < v->arrlen; k++)
				sb_addf(out, " %d", v->init[inst * v->arrlen + k]);
		sb_addf(out, "  @%d:%d\n", v->loc.line, v->loc.col);
	}
	for (int i = 0; i < p->nthreads; i++) {
		const IrThread *t = p->threads[i];
		if (t->irq_cpu >= 0)
			sb_addf(out, "thread %d %s %d %s  @%d:%d\n", t->id, t->softirq ? "softirq-of" : "irq-of",
				t->irq_cpu, t->name, t->loc.line, t->loc.col);
		else
			sb_addf(out, "thread %d %s  @%d:%d\n", t->id, t->name, t->loc.line, t->loc.col);
		for (int k = 0; k < t->nlocals; k++) {
			const IrLocal *l = t->locals[k];
			sb_addf(out, "  local %%%s %s %d..%d\n", l->name, vk_name(l->vk), l->lo, l->hi);
		}
		dump_stmts(p, t, t->body->body, 1, out);
	}
}

/* ---- --explain ---------------------------------------------------------- */
void ir_explain(const IrProgram *p, StrBuf *out)
{
	sb_addf(out, "%s: variant %s: %d thread%s, %d lock%s, %d modelled variable%s\n", p->spec, p->variant,
		p->nthreads, p->nthreads == 1 ? "" : "s", p->nlocks, p->nlocks == 1 ? "" : "s", p->nvars,
		p->nvars == 1 ? "" : "s");
	if (!p->nnotes) {
		sb_add(out, "nothing abstracted: every condition and call is modelled exactly\n");
		return;
	}
	/* Notes come in source order per inlined copy; one line per distinct note. */
	for (int i = 0; i < p->nnotes; i++) {
		const IrNote *n = p->notes[i];
		bool dup = false;
		for (int k = 0; k < i && !dup; k++)
			dup = p->notes[k]->loc.line == n->loc.line && p->notes[k]->loc.col == n->loc.col &&
			      strcmp(p->notes[k]->what, n->what) == 0;
		if (!dup)
			sb_addf(out, "%s:%d:%d: note: %s\n", n->loc.file, n->loc.line, n->loc.col, n->what);
	}
}

/* ---- verdict names (verdict.h) ------------------------------------------ */
static const char *const verdict_names[V_NVERDICTS] = {
#define LS_VERDICT(id, name) [V_##id] = name,
#include "../harness/ls_verdicts.h"
#undef LS_VERDICT
};

const char *verdict_name(Verdict v)
{
	return v >= 0 && v < V_NVERDICTS ? verdict_names[v] : "?";
}

int verdict_parse(const char *s)
{
	for (int i = 0; i < V_NVERDICTS; i++)
		if (strcmp(s, verdict_names[i]) == 0)
			return i;
	return -1;
}
