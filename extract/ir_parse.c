/*
 * ir_parse.c - the --dump=ir text form read back into an IrProgram.
 *
 * The inverse of ir_dump() (ir.c): ir_parse(dump(p)) dumps identically, so
 * that the Promela and trace stages can be tested from committed text IR
 * without libclang.  The text form is not complete, and what it leaves out
 * is not invented here: every location's file is the spec's, expressions
 * carry their statement's location, statements have no scheduling point,
 * no call chain and no guard flag, and notes, points and native checks are
 * absent.  What the dump implies but does not spell is inferred and then
 * checked: a class's owning type and array length from its lock names
 * (which ir_layout_locks() must reproduce), a variable's type from its
 * "type.field" name and its number of initial values.
 *
 * Errors are "file:line:col: error: ..." (error_at) and ir_parse returns
 * NULL; a parse that succeeds has passed ir_check().
 */
#include "ir.h"
#include "verdict.h"

#include <ctype.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Parser {
	const char *path;
	IrProgram *p;
	char **lines;
	int nlines, ln;     /* ln: index of the current line */
	const char *pos;    /* in the current line, for column numbers */
	jmp_buf fail;
	/* the current thread and statement location */
	IrThread *t;
	SrcLoc loc;
	/* copies of parts of the current line, with the column each starts
	 * at, so that an error inside one names its column in the line */
	struct { const char *s; int col; } piece[8];
	int npieces;
} Parser;

/* the 0-based column of q in the current line, or -1 */
static int column(const Parser *ps, const char *q)
{
	const char *line = ps->ln < ps->nlines ? ps->lines[ps->ln] : "";
	if (!q)
		return -1;
	if (q >= line && q <= line + strlen(line))
		return (int)(q - line);
	for (int i = 0; i < ps->npieces; i++)
		if (q >= ps->piece[i].s && q <= ps->piece[i].s + strlen(ps->piece[i].s))
			return ps->piece[i].col + (int)(q - ps->piece[i].s);
	return -1;
}

/* a copy of n bytes at `from`, which is in the current line or a piece */
static char *piece(Parser *ps, const char *from, size_t n)
{
	char *c = xstrndup(from, n);
	if (ps->npieces < 8) {
		ps->piece[ps->npieces].s = c;
		ps->piece[ps->npieces++].col = column(ps, from);
	}
	return c;
}

static _Noreturn void fail(Parser *ps, const char *msg)
{
	int col = column(ps, ps->pos);
	SrcLoc at = { ps->path, ps->ln + 1, col < 0 ? 1 : col + 1 };
	error_at(at, "%s", msg);
	longjmp(ps->fail, 1);
}

static bool starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool ends(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* "text  @L:C": the text, and the location into *loc */
static char *split_loc(Parser *ps, const char *s, SrcLoc *loc)
{
	const char *at = NULL;
	for (const char *q = strstr(s, "  @"); q; q = strstr(q + 1, "  @"))
		at = q;
	if (!at) {
		ps->pos = s + strlen(s);
		fail(ps, "expected '  @line:col' at the end of the line");
	}
	int line, col, n = 0;
	if (sscanf(at + 3, "%d:%d%n", &line, &col, &n) != 2 || at[3 + n]) {
		ps->pos = at + 3;
		fail(ps, "bad location, expected 'line:col'");
	}
	*loc = (SrcLoc){ ps->p ? ps->p->spec : ps->path, line, col };
	ps->npieces = 0;
	return piece(ps, s, (size_t)(at - s));
}

static int parse_vk(Parser *ps, const char *w)
{
	static const char *names[] = { [VK_BOOL] = "bool", [VK_INT] = "int", [VK_ENUM] = "enum",
				       [VK_PTR] = "ptr", [VK_FN] = "fn" };
	for (int k = VK_BOOL; k <= VK_FN; k++)
		if (!strcmp(w, names[k]))
			return k;
	fail(ps, xprintf("unknown value kind '%s'", w));
}

static IrLockKind parse_kind(Parser *ps, const char *w)
{
	static const IrLockKind kinds[] = {
#define LS_KIND(id, value, word) LK_##id,
#include "../harness/ls_kinds.h"
#undef LS_KIND
	};
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(w, ir_lock_kind_name(kinds[i])))
			return kinds[i];
	fail(ps, xprintf("unknown lock kind '%s'", w));
}

static int find_type(const IrProgram *p, const char *name, size_t n)
{
	for (int i = 1; i < p->ntypes; i++)
		if (strlen(p->types[i]->name) == n && !strncmp(p->types[i]->name, name, n))
			return i;
	return -1;
}

static int find_var(const IrProgram *p, const char *name, size_t n)
{
	for (int i = 0; i < p->nvars; i++)
		if (strlen(p->vars[i]->name) == n && !strncmp(p->vars[i]->name, name, n))
			return i;
	return -1;
}

/* ---- expressions -------------------------------------------------------- */
static IrExpr *expr(Parser *ps);

static void expect(Parser *ps, const char *tok)
{
	if (!starts(ps->pos, tok))
		fail(ps, xprintf("expected '%s'", tok));
	ps->pos += strlen(tok);
}

static int number(Parser *ps)
{
	char *end;
	long v = strtol(ps->pos, &end, 10);
	if (end == ps->pos)
		fail(ps, "expected a number");
	ps->pos = end;
	return (int)v;
}

static bool boundary(char c)
{
	return c == 0 || c == ' ' || c == ')' || c == ']';
}

static size_t name_len(const char *s)
{
	size_t n = 0;
	while (isalnum((unsigned char)s[n]) || s[n] == '_' || s[n] == '.')
		n++;
	return n;
}

/* "[a][b]" after a state variable or dynamic lock of owning type `type`:
 * a is the instance unless the owner is the global pseudo type */
static void subscripts(Parser *ps, IrExpr *e, int type)
{
	IrExpr *subs[2] = { NULL, NULL };
	int n = 0;
	while (*ps->pos == '[' && n < 2) {
		ps->pos++;
		subs[n++] = expr(ps);
		expect(ps, "]");
	}
	if (n == 2) {
		e->a = subs[0];
		e->b = subs[1];
	} else if (n == 1) {
		if (type)
			e->a = subs[0];
		else
			e->b = subs[0];
	}
}

static int parse_op(Parser *ps)
{
	static const int ops[] = { '+', '-', '*', '/', '%', '<', '>', '&', '|', '^', OP_LE, OP_GE,
				   OP_EQ, OP_NE, OP_LAND, OP_LOR, OP_SHL, OP_SHR };
	const char *end = strchr(ps->pos, ' ');
	size_t n = end ? (size_t)(end - ps->pos) : strlen(ps->pos);
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		const char *t = ir_op_text(ops[i]);
		if (strlen(t) == n && !strncmp(t, ps->pos, n)) {
			ps->pos += n;
			return ops[i];
		}
	}
	fail(ps, "expected a binary operator");
}

/* a lock by name ("d0.pod_lock", "lk[2]"): the longest name that ends at a
 * token boundary */
static IrExpr *lock_by_name(Parser *ps)
{
	const IrProgram *p = ps->p;
	int best = -1;
	size_t blen = 0;
	for (int i = 0; i < p->nlocks; i++) {
		size_t n = strlen(p->locks[i]->name);
		if (n > blen && !strncmp(ps->pos, p->locks[i]->name, n) && boundary(ps->pos[n])) {
			best = i;
			blen = n;
		}
	}
	if (best < 0)
		return NULL;
	ps->pos += blen;
	const IrLock *l = p->locks[best];
	const IrLockClass *c = p->classes[l->cls];
	return ir_lockref(c->id, c->type ? ir_const(l->inst, ps->loc) : NULL,
			  c->arrlen > 1 ? ir_const(l->index, ps->loc) : NULL, ps->loc);
}

static IrExpr *expr(Parser *ps)
{
	const char *s = ps->pos;
	IrExpr *e;
	if (*s == '?') {
		ps->pos++;
		return NULL;
	}
	if (isdigit((unsigned char)*s) || (*s == '-' && isdigit((unsigned char)s[1])))
		return ir_const(number(ps), ps->loc);
	if ((*s == '-' || *s == '!' || *s == '~') && s[1] == '(') {
		e = ir_expr(E_UNOP, ps->loc);
		e->op = *s;
		ps->pos += 2;
		e->a = expr(ps);
		expect(ps, ")");
		return e;
	}
	if (*s == '(') {
		ps->pos++;
		IrExpr *a = expr(ps);
		if (starts(ps->pos, " ? ")) {
			ps->pos += 3;
			e = ir_expr(E_COND, ps->loc);
			e->a = a;
			e->b = expr(ps);
			expect(ps, " : ");
			e->c = expr(ps);
		} else {
			expect(ps, " ");
			int op = parse_op(ps);
			expect(ps, " ");
			e = ir_binop(op, a, expr(ps), ps->loc);
		}
		expect(ps, ")");
		return e;
	}
	if (starts(s, "choose(")) {
		ps->pos += 7;
		e = ir_expr(E_CHOOSE, ps->loc);
		e->value = number(ps);
		expect(ps, ")");
		return e;
	}
	if (starts(s, "held(") || starts(s, "locked(")) {
		bool any = starts(s, "locked(");
		ps->pos += any ? 7 : 5;
		e = ir_expr(E_HELD, ps->loc);
		e->value = any;
		e->a = expr(ps);
		expect(ps, ")");
		if (!e->a || e->a->kind != E_LOCKREF)
			fail(ps, "held() of something that is not a lock");
		return e;
	}
	if (*s == '%') {
		size_t n = name_len(s + 1);
		for (int i = 0; ps->t && i < ps->t->nlocals; i++)
			if (strlen(ps->t->locals[i]->name) == n && !strncmp(ps->t->locals[i]->name, s + 1, n)) {
				ps->pos += n + 1;
				e = ir_expr(E_LOCAL, ps->loc);
				e->var = i;
				return e;
			}
		fail(ps, xprintf("unknown local '%.*s'", (int)n, s));
	}
	if (starts(s, "lock ")) {
		ps->pos += 5;
		size_t n = name_len(ps->pos);
		for (int i = 0; i < ps->p->nclasses; i++) {
			const IrLockClass *c = ps->p->classes[i];
			if (strlen(c->name) == n && !strncmp(c->name, ps->pos, n)) {
				ps->pos += n;
				e = ir_lockref(c->id, NULL, NULL, ps->loc);
				subscripts(ps, e, c->type);
				return e;
			}
		}
		fail(ps, xprintf("unknown lock class '%.*s'", (int)n, ps->pos));
	}
	size_t n = name_len(s);
	int v = find_var(ps->p, s, n);
	if (v >= 0 && (s[n] == '[' || boundary(s[n]))) {
		ps->pos += n;
		e = ir_expr(E_VAR, ps->loc);
		e->var = v;
		subscripts(ps, e, ps->p->vars[v]->type);
		return e;
	}
	if ((e = lock_by_name(ps)))
		return e;
	if (n)
		fail(ps, xprintf("'%.*s' is no variable or lock of the program", (int)n, s));
	fail(ps, "expected an expression");
}

/* the whole of s is one expression */
static IrExpr *expr_all(Parser *ps, const char *s)
{
	ps->pos = s;
	IrExpr *e = expr(ps);
	if (*ps->pos)
		fail(ps, "unexpected text after the expression");
	return e;
}

/* "EXPR, comment TEXT": the expression, and TEXT into *text */
static IrExpr *expr_comment(Parser *ps, const char *s, const char **text)
{
	const char *c = strstr(s, " /* ");
	if (!c || !ends(c, " */")) {
		ps->pos = s;
		fail(ps, "expected 'EXPR /* text */'");
	}
	*text = xstrndup(c + 4, strlen(c + 4) - 3);
	return expr_all(ps, piece(ps, s, (size_t)(c - s)));
}

/* ---- statements --------------------------------------------------------- */
static IrStmt *stmts(Parser *ps, const char **stop);

static const char *trimmed(const char *line)
{
	while (*line == ' ')
		line++;
	return line;
}

/* after "if", "while", "do-while": COND, or "*" and a comment with the reason */
static void cond_or_why(Parser *ps, IrStmt *s, const char *text)
{
	if (starts(text, "* /* ") && ends(text, " */"))
		s->why = xstrndup(text + 5, strlen(text + 5) - 3);
	else
		s->cond = expr_all(ps, text);
}

static IrStmt *lock_stmt(Parser *ps, const char *text, int result)
{
	static const char *ops[] = { [LO_ACQUIRE] = "acquire", [LO_RELEASE] = "release", [LO_TRYLOCK] = "trylock",
				     [LO_DOWNGRADE] = "downgrade" };
	IrStmt *s = ir_stmt(S_LOCK, ps->loc);
	for (int k = LO_ACQUIRE; k <= LO_DOWNGRADE; k++)
		if (starts(text, ops[k]))
			s->op = (IrLockOp)k;
	text += strlen(ops[s->op]);
	s->mode = LM_EXCL;
	if (starts(text, "-shared")) {
		s->mode = LM_SHARED;
		text += 7;
	}
	if (starts(text, "-recursive")) {
		s->recursive = true;
		text += 10;
	}
	if (starts(text, "-sub") && text[4] >= '1' && text[4] < '0' + IR_MAX_SUBCLASS) {
		s->subclass = text[4] - '0';
		text += 5;
	}
	if (*text != ' ') {
		ps->pos = text;
		fail(ps, "expected ' LOCK' after the lock operation");
	}
	s->lock = expr_all(ps, text + 1);
	if (!s->lock || s->lock->kind != E_LOCKREF)
		fail(ps, "lock operation on something that is not a lock");
	if (result >= 0 && s->op != LO_TRYLOCK)
		fail(ps, "only trylock has a result");
	s->result = result;
	return s;
}

static IrStmt *stmt(Parser *ps, const char *line)
{
	const char *text = split_loc(ps, trimmed(line), &ps->loc);
	IrStmt *s;
	const char *stop;
	if (!strcmp(text, "{")) {
		s = ir_stmt(S_SEQ, ps->loc);
		SrcLoc at = ps->loc;
		s->body = stmts(ps, &stop);
		s->loc = at;
		if (strcmp(stop, "}"))
			ps->pos = NULL, fail(ps, "expected '}'");
		return s;
	}
	if (starts(text, "if ")) {
		s = ir_stmt(S_IF, ps->loc);
		cond_or_why(ps, s, text + 3);
		s->then = stmts(ps, &stop);
		if (!strcmp(stop, "else"))
			s->els = stmts(ps, &stop);
		if (strcmp(stop, "end"))
			ps->pos = NULL, fail(ps, "expected 'end' of the if");
		return s;
	}
	if (starts(text, "while ") || starts(text, "do-while ")) {
		s = ir_stmt(S_LOOP, ps->loc);
		s->test_after = starts(text, "do-");
		cond_or_why(ps, s, strchr(text, ' ') + 1);
		if (!s->cond && !strcmp(s->why, "forever"))
			s->why = NULL;  /* ir_dump prints a forever loop's missing reason so */
		s->body = stmts(ps, &stop);
		if (strcmp(stop, "end"))
			ps->pos = NULL, fail(ps, "expected 'end' of the loop");
		return s;
	}
	/* an assignment: its left side is a local or a state variable; an
	 * atomic read-modify-write's read says "atomic " first */
	bool atomic = starts(text, "atomic %");
	if (atomic)
		text += strlen("atomic ");
	const char *eq = strstr(text, " = ");
	size_t n = name_len(text + (*text == '%'));
	if (eq && !strstr(eq, " = trylock") &&
	    (*text == '%' || (find_var(ps->p, text, n) >= 0 && (text[n] == '[' || text[n] == ' ')))) {
		s = ir_stmt(S_ASSIGN, ps->loc);
		s->lhs = expr_all(ps, piece(ps, text, (size_t)(eq - text)));
		s->rhs = expr_all(ps, eq + 3);
		s->atomic = atomic;
		return s;
	}
	if (atomic)
		ps->pos = text, fail(ps, "expected the read of an atomic read-modify-write after 'atomic'");
	if (*text == '%' && eq && starts(eq, " = trylock")) {
		IrExpr *r = expr_all(ps, piece(ps, text, (size_t)(eq - text)));
		return lock_stmt(ps, eq + 3, r->var);
	}
	if (starts(text, "acquire") || starts(text, "release") || starts(text, "trylock") || starts(text, "downgrade"))
		return lock_stmt(ps, text, -1);
	if (starts(text, "assert ") || starts(text, "check ")) {
		s = ir_stmt(S_ASSERT, ps->loc);
		const char *rest = strchr(text, ' ') + 1;
		if (starts(text, "check ")) {
			const char *sp = strchr(rest, ' ');
			int v = sp ? verdict_parse(xstrndup(rest, (size_t)(sp - rest))) : -1;
			if (v <= 0) {
				ps->pos = rest;
				fail(ps, "expected the verdict of a run-time check");
			}
			s->violation = v;
			s->implicit = true;
			rest = sp + 1;
		}
		s->cond = expr_comment(ps, rest, &s->text);
		return s;
	}
	if (!strcmp(text, "break"))
		return ir_stmt(S_BREAK, ps->loc);
	if (!strcmp(text, "continue"))
		return ir_stmt(S_CONTINUE, ps->loc);
	if (!strcmp(text, "progress"))
		return ir_stmt(S_PROGRESS, ps->loc);
	if (!strcmp(text, "skip") || (starts(text, "skip /* ") && ends(text, " */"))) {
		s = ir_stmt(S_SKIP, ps->loc);
		if (text[4])
			s->why = xstrndup(text + 8, strlen(text + 8) - 3);
		return s;
	}
	if (starts(text, "goto ")) {
		s = ir_stmt(S_GOTO, ps->loc);
		s->label = xstrdup(text + 5);
		return s;
	}
	if (ends(text, ":") && text[1]) {
		s = ir_stmt(S_LABEL, ps->loc);
		s->label = xstrndup(text, strlen(text) - 1);
		return s;
	}
	ps->pos = line;
	fail(ps, "unknown statement");
}

/* Statements up to a line "}", "else", "end" (returned in *stop) or the
 * next thread or the end of the text (*stop = "") */
/* An atomic read-modify-write is its read (a variable into a local), the
 * run-time checks of its store and the store to that variable, in one
 * sequence (what ir_check() requires): rmw is the read still waiting for
 * its store, s the statement that follows it. */
static const IrStmt *atomic_next(Parser *ps, const IrStmt *rmw, const IrStmt *s)
{
	if (s && s->kind == S_ASSIGN && s->atomic &&
	    (s->lhs->kind != E_LOCAL || s->rhs->kind != E_VAR))
		ps->pos = NULL, fail(ps, "an atomic read-modify-write reads a variable into a local");
	if (!rmw)
		return s && s->kind == S_ASSIGN && s->atomic ? s : NULL;
	if (s && s->kind == S_ASSERT && s->violation)
		return rmw;
	if (!s || s->kind != S_ASSIGN || s->atomic || s->lhs->kind != E_VAR || s->lhs->var != rmw->rhs->var)
		ps->pos = NULL, fail(ps, xprintf("the atomic read of '%s' is not followed by its store",
						 ps->p->vars[rmw->rhs->var]->name));
	return NULL;
}

static IrStmt *stmts(Parser *ps, const char **stop)
{
	IrStmt *first = NULL, **pp = &first;
	const IrStmt *rmw = NULL;
	for (ps->ln++; ps->ln < ps->nlines; ps->ln++) {
		const char *line = ps->lines[ps->ln];
		const char *tl = trimmed(line);
		if (!strcmp(tl, "}") || !strcmp(tl, "else") || !strcmp(tl, "end")) {
			atomic_next(ps, rmw, NULL);
			*stop = tl;
			return first;
		}
		if (starts(line, "thread "))
			break;
		*pp = stmt(ps, line);
		rmw = atomic_next(ps, rmw, *pp);
		pp = &(*pp)->next;
	}
	atomic_next(ps, rmw, NULL);
	ps->ln--;  /* the caller moves on to this line */
	*stop = "";
	return first;
}

/* ---- declarations ------------------------------------------------------- */
typedef struct PendingClass {
	const char *name, *field, *bias;
	IrLockKind kind;
	bool recursive;
	int rank, biasamt, first, last;
	SrcLoc loc;
	int line;
} PendingClass;

/* "class NAME KIND [recursive] [rank N] [bias VAR +N] [field F] locks A..B" */
static void parse_class(Parser *ps, const char *line, PendingClass *c)
{
	const char *text = split_loc(ps, line, &c->loc);
	char *save, *w = strtok_r(xstrdup(text + 6), " ", &save);
	c->name = w;
	c->rank = -1;
	c->line = ps->ln;
	if (!(w = strtok_r(NULL, " ", &save)))
		fail(ps, "expected the lock kind");
	c->kind = parse_kind(ps, w);
	while ((w = strtok_r(NULL, " ", &save))) {
		if (!strcmp(w, "recursive")) {
			c->recursive = true;
		} else if (!strcmp(w, "rank") && (w = strtok_r(NULL, " ", &save))) {
			c->rank = atoi(w);
		} else if (!strcmp(w, "bias") && (c->bias = strtok_r(NULL, " ", &save)) &&
			   (w = strtok_r(NULL, " ", &save)) && *w == '+') {
			c->biasamt = atoi(w + 1);
		} else if (!strcmp(w, "field") && (w = strtok_r(NULL, " ", &save))) {
			c->field = w;
		} else if (!strcmp(w, "locks") && (w = strtok_r(NULL, " ", &save)) &&
			   sscanf(w, "%d..%d", &c->first, &c->last) == 2 && c->last >= c->first - 1) {
			return;
		} else {
			ps->pos = line;
			fail(ps, xprintf("unexpected '%s' in a class", w));
		}
	}
	ps->pos = line;
	fail(ps, "expected 'locks FIRST..LAST'");
}

/* The owning type of a class: the one whose first instance starts the name
 * of the class's first lock (the global pseudo type if none) */
static int class_type(const IrProgram *p, const PendingClass *c, const char *lock0)
{
	int count = c->last - c->first + 1;
	for (int i = 1; i < p->ntypes && lock0; i++) {
		const IrType *t = p->types[i];
		if (t->ninst && count % t->ninst == 0 && starts(lock0, t->inst_names[1]) &&
		    lock0[strlen(t->inst_names[1])] == '.')
			return i;
	}
	return 0;
}

static void make_classes(Parser *ps, PendingClass *pc, int npc, char **locknames, const int *locklines, int nlocks)
{
	IrProgram *p = ps->p;
	for (int i = 0; i < npc; i++) {
		PendingClass *c = &pc[i];
		int type = class_type(p, c, c->first < nlocks ? locknames[c->first] : NULL);
		int count = c->last - c->first + 1, ninst = p->types[type]->ninst;
		IrLockClass *k = ir_add_class(p, c->name, c->kind, type, count / ninst, c->loc);
		k->recursive = c->recursive;
		k->rank = c->rank;
		k->field = c->field;
		k->bias = c->biasamt;
	}
	ir_layout_locks(p);
	for (int i = 0; i < npc; i++) {
		const IrLockClass *k = p->classes[i];
		ps->ln = pc[i].line;
		ps->pos = NULL;
		if (k->first != pc[i].first || k->count != pc[i].last - pc[i].first + 1)
			fail(ps, xprintf("class '%s': its locks are not %d..%d", k->name, pc[i].first, pc[i].last));
	}
	if (p->nlocks != nlocks) {
		if (nlocks > p->nlocks)
			ps->ln = locklines[p->nlocks];
		fail(ps, xprintf("%d lock lines, the classes have %d locks", nlocks, p->nlocks));
	}
	for (int i = 0; i < nlocks; i++) {
		ps->ln = locklines[i];
		if (strcmp(p->locks[i]->name, locknames[i]))
			fail(ps, xprintf("lock %d is '%s', its class makes '%s'", i, locknames[i], p->locks[i]->name));
	}
}

/* LS_RANK_BIAS names a variable declared after its class */
static void resolve_bias(Parser *ps, const PendingClass *pc, int npc)
{
	for (int i = 0; i < npc; i++) {
		if (!pc[i].bias)
			continue;
		int v = find_var(ps->p, pc[i].bias, strlen(pc[i].bias));
		ps->ln = pc[i].line;
		ps->pos = NULL;
		if (v < 0)
			fail(ps, xprintf("unknown bias variable '%s'", pc[i].bias));
		ps->p->classes[i]->bias_var = v;
	}
}

/* "var NAME VK LO..HI [-> T | -> f, g] [[N]] init V...": its type is the
 * one its name starts with ("domain.x"), else global */
static void parse_var(Parser *ps, const char *line)
{
	IrProgram *p = ps->p;
	SrcLoc loc;
	const char *text = split_loc(ps, line, &loc);
	ps->pos = line;
	char *save, *name = strtok_r(xstrdup(text + 4), " ", &save);
	char *vk = name ? strtok_r(NULL, " ", &save) : NULL, *range = vk ? strtok_r(NULL, " ", &save) : NULL;
	int lo, hi;
	if (!range || sscanf(range, "%d..%d", &lo, &hi) != 2)
		fail(ps, "expected 'var NAME KIND LO..HI'");
	const char *dot = strchr(name, '.');
	int type = dot ? find_type(p, name, (size_t)(dot - name)) : -1;
	IrVar *v = ir_add_var(p, name, (IrValKind)parse_vk(ps, vk), lo, hi, type > 0 ? type : 0, 1, loc);
	if (!strcmp(name, "cpu.irqs_off"))
		p->irq_var = v->id; /* the interrupt state the front end makes (fe_irq_var) */
	if (!strcmp(name, "cpu.bh_off"))
		p->bh_var = v->id; /* its bottom halves (fe_bh_var) */
	char *w = strtok_r(NULL, " ", &save);
	if (w && !strcmp(w, "->")) {
		if (v->vk == VK_FN) {
			v->targets = arena_array((size_t)hi + 1, sizeof(char *));
			for (int k = 1; k <= hi; k++) {
				if (!(w = strtok_r(NULL, " ", &save)))
					fail(ps, "missing function pointer target");
				v->targets[k] = xstrndup(w, strlen(w) - (ends(w, ",") ? 1 : 0));
			}
		} else if ((w = strtok_r(NULL, " ", &save))) {
			v->ptr_type = find_type(p, w, strlen(w));
			if (v->ptr_type < 0)
				fail(ps, xprintf("unknown type '%s'", w));
		}
		w = strtok_r(NULL, " ", &save);
	}
	if (w && *w == '[') {
		v->arrlen = atoi(w + 1);
		w = strtok_r(NULL, " ", &save);
	}
	if (!w || strcmp(w, "init"))
		fail(ps, "expected 'init'");
	int want = p->types[v->type]->ninst * v->arrlen, got = 0;
	v->init = arena_array((size_t)want + (size_t)v->arrlen, sizeof(int));
	while ((w = strtok_r(NULL, " ", &save))) {
		if (got == want)
			fail(ps, xprintf("'%s' has more than %d initial values", name, want));
		v->init[v->arrlen + got++] = atoi(w);
	}
	if (got != want)
		fail(ps, xprintf("'%s' has %d initial values, expected %d", name, got, want));
}

/* "thread N NAME  @L:C" and its "  local %x KIND LO..HI" lines */
static void parse_thread(Parser *ps, const char *line)
{
	SrcLoc loc;
	const char *text = split_loc(ps, line, &loc);
	int id, n = 0;
	if (sscanf(text, "thread %d %n", &id, &n) != 1 || !n || id != ps->p->nthreads) {
		ps->pos = line;
		fail(ps, xprintf("expected 'thread %d NAME'", ps->p->nthreads));
	}
	int cpu = -1, m = 0;
	bool soft = false;
	if ((sscanf(text + n, "irq-of %d %n", &cpu, &m) == 1 && m) ||
	    (soft = sscanf(text + n, "softirq-of %d %n", &cpu, &m) == 1 && m)) {
		if (cpu < 0 || cpu >= id || ps->p->threads[cpu]->irq_cpu >= 0) {
			ps->pos = line;
			fail(ps, xprintf("'irq-of %d' names no earlier CPU thread", cpu));
		}
		n += m;
	}
	const char *name = text + n, *paren = strchr(name, '(');
	IrThread *t = ir_add_thread(ps->p, name, paren ? xstrndup(name, (size_t)(paren - name)) : name, loc);
	t->irq_cpu = cpu;
	t->softirq = soft;
	ps->t = t;
	while (ps->ln + 1 < ps->nlines && starts(ps->lines[ps->ln + 1], "  local %")) {
		ps->ln++;
		char lname[256], vk[16];
		int lo, hi;
		if (sscanf(ps->lines[ps->ln], "  local %%%255s %15s %d..%d", lname, vk, &lo, &hi) != 4) {
			ps->pos = ps->lines[ps->ln];
			fail(ps, "expected 'local %NAME KIND LO..HI'");
		}
		ir_add_local(t, lname, (IrValKind)parse_vk(ps, vk), lo, hi, loc);
	}
	const char *stop;
	t->body->body = stmts(ps, &stop);
	if (*stop) {
		ps->pos = NULL;
		fail(ps, xprintf("'%s' without its opening line", stop));
	}
}

IrProgram *ir_parse(const char *path, const char *text)
{
	Parser ps = { .path = path };
	/* lines, without their newlines */
	PtrVec lines = { 0 };
	for (const char *s = text; *s;) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		vec_push(&lines, xstrndup(s, n));
		s += n + (nl ? 1 : 0);
	}
	ps.lines = (char **)lines.data;
	ps.nlines = (int)lines.len;
	if (setjmp(ps.fail))
		return NULL;
	char spec[1024], variant[256], exp[64];
	if (!ps.nlines || sscanf(ps.lines[0], "program %1023s variant %255s expect %63s", spec, variant, exp) != 3)
		fail(&ps, "expected 'program SPEC variant VARIANT expect VERDICT'");
	IrProgram *p = ps.p = ir_new_program(spec, variant);
	p->expect = xstrdup(exp);
	PendingClass *pc = arena_array((size_t)ps.nlines, sizeof(PendingClass));
	char **locknames = arena_array((size_t)ps.nlines, sizeof(char *));
	int *locklines = arena_array((size_t)ps.nlines, sizeof(int));
	int npc = 0, nlocks = 0, phase = 0; /* 0 types, 1 classes, 2 locks, 3 vars, 4 threads */
	for (ps.ln = 1; ps.ln < ps.nlines; ps.ln++) {
		const char *line = ps.lines[ps.ln];
		int ln = ps.ln; /* make_classes and resolve_bias point their errors elsewhere */
		ps.pos = line;
		int now = starts(line, "type ") ? 0 : starts(line, "class ") ? 1 : starts(line, "lock ") ? 2
			: starts(line, "var ") ? 3 : starts(line, "thread ") ? 4 : -1;
		if (now < 0)
			fail(&ps, "expected a type, class, lock, var or thread line");
		if (now < phase)
			fail(&ps, "out of order: the dump has types, classes, locks, vars, then threads");
		if (now > 2 && phase <= 2)
			make_classes(&ps, pc, npc, locknames, locklines, nlocks);
		if (now > 3 && phase <= 3)
			resolve_bias(&ps, pc, npc);
		ps.ln = ln;
		phase = now;
		switch (now) {
		case 0: {
			const char *colon = strchr(line, ':');
			if (!colon)
				fail(&ps, "expected 'type NAME: 1=INST ...'");
			IrType *t = ir_add_type(p, xstrndup(line + 5, (size_t)(colon - line - 5)), (SrcLoc){ p->spec, 0, 0 });
			char *save;
			for (char *w = strtok_r(xstrdup(colon + 1), " ", &save); w; w = strtok_r(NULL, " ", &save)) {
				char *eq = strchr(w, '=');
				if (!eq || atoi(w) != t->ninst + 1)
					fail(&ps, xprintf("expected '%d=NAME'", t->ninst + 1));
				ir_add_instance(p, t, eq + 1);
			}
			break;
		}
		case 1:
			parse_class(&ps, line, &pc[npc++]);
			break;
		case 2: {
			int id, n = 0;
			if (sscanf(line, "lock %d %n", &id, &n) != 1 || !n || id != nlocks)
				fail(&ps, xprintf("expected 'lock %d NAME'", nlocks));
			locklines[nlocks] = ps.ln;
			locknames[nlocks++] = xstrdup(line + n);
			break;
		}
		case 3:
			parse_var(&ps, line);
			break;
		case 4:
			parse_thread(&ps, line);
			break;
		}
	}
	if (phase <= 2)
		make_classes(&ps, pc, npc, locknames, locklines, nlocks);
	if (phase <= 3)
		resolve_bias(&ps, pc, npc);
	ir_number(p);
	ir_check(p);
	return p;
}
