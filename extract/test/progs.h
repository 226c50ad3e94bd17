/* progs.h - hand-made IrPrograms for the spin tests (promela_test reads
 * text IR instead, extract/test/golden/promela/t_abba.ir): the
 * lockdep selftest corpus (AA, ABBA, double unlock, ...) plus ranks and
 * reader/writer locks.  Every thread body is built with the helpers below;
 * line numbers are fake locations in "spec/t.c". */
#ifndef LS_TEST_PROGS_H
#define LS_TEST_PROGS_H
#include "../stages.h"

#include <stdio.h>
#include <string.h>

static inline SrcLoc L(int line)
{
	SrcLoc l = { "spec/t.c", line, 1 };
	return l;
}

static inline IrStmt *append(IrThread *t, IrStmt *s)
{
	IrStmt **pp = &t->body->body;
	while (*pp)
		pp = &(*pp)->next;
	*pp = s;
	return s;
}

static inline IrStmt *lockop(const IrProgram *p, int line, IrLockOp op, IrLockMode mode, int cls, int inst)
{
	(void)p;
	IrStmt *s = ir_stmt(S_LOCK, L(line));
	s->op = op;
	s->mode = mode;
	s->lock = ir_lockref(cls, inst ? ir_const(inst, L(line)) : NULL, NULL, L(line));
	return s;
}

static inline IrStmt *acq(IrProgram *p, IrThread *t, int line, int cls)
{
	return append(t, lockop(p, line, LO_ACQUIRE, LM_EXCL, cls, 0));
}
static inline IrStmt *rel(IrProgram *p, IrThread *t, int line, int cls)
{
	return append(t, lockop(p, line, LO_RELEASE, LM_EXCL, cls, 0));
}
static inline IrStmt *racq(IrProgram *p, IrThread *t, int line, int cls)
{
	return append(t, lockop(p, line, LO_ACQUIRE, LM_SHARED, cls, 0));
}
static inline IrStmt *rrel(IrProgram *p, IrThread *t, int line, int cls)
{
	return append(t, lockop(p, line, LO_RELEASE, LM_SHARED, cls, 0));
}

/* Global locks named by the letters of `names`, all of kind k. */
static inline IrProgram *prog(const char *variant, const char *names, IrLockKind k)
{
	IrProgram *p = ir_new_program("spec/t.c", variant);
	for (const char *c = names; *c; c++) {
		char n[2] = { *c, 0 };
		ir_add_class(p, n, k, 0, 1, L(1));
	}
	return p;
}

static inline IrThread *thread(IrProgram *p, const char *name)
{
	IrThread *t = ir_add_thread(p, name, name, L(2));
	t->func_loc = L(3);
	return t;
}

static inline void finish(IrProgram *p)
{
	ir_layout_locks(p);
	ir_alloc_var_inits(p);
	ir_number(p);
	ir_check(p);
}

/* ABBA: t0 takes a (10) then b (11); t1 takes b (20) then a (21). */
static inline IrProgram *prog_abba(void)
{
	IrProgram *p = prog("abba", "ab", LK_MUTEX);
	IrThread *t0 = thread(p, "t0"), *t1 = thread(p, "t1");
	acq(p, t0, 10, 0); acq(p, t0, 11, 1); rel(p, t0, 12, 1); rel(p, t0, 13, 0);
	acq(p, t1, 20, 1); acq(p, t1, 21, 0); rel(p, t1, 22, 0); rel(p, t1, 23, 1);
	finish(p);
	return p;
}

/* One thread per body string: "+a" acquire a, "-a" release a, "ra" read
 * a, "Ra" read-release a, "ta" trylock a (backs off: released if taken);
 * line numbers are 10 * (thread + 1) + position. */
static inline IrProgram *prog_ops(const char *variant, const char *names, IrLockKind k, const char **bodies,
				  int n)
{
	IrProgram *p = prog(variant, names, k);
	for (int i = 0; i < n; i++) {
		char nm[16];
		snprintf(nm, sizeof(nm), "t%d", i);
		IrThread *t = thread(p, nm);
		int line = 10 * (i + 1);
		for (const char *c = bodies[i]; c[0] && c[1]; c += 2, line++) {
			int cls = (int)(strchr(names, c[1]) - names);
			switch (c[0]) {
			case '+': acq(p, t, line, cls); break;
			case '-': rel(p, t, line, cls); break;
			case 'r': racq(p, t, line, cls); break;
			case 'R': rrel(p, t, line, cls); break;
			case 't': {
				IrLocal *r = ir_add_local(t, "ok", VK_BOOL, 0, 1, L(line));
				IrStmt *s = append(t, lockop(p, line, LO_TRYLOCK, LM_EXCL, cls, 0));
				s->result = r->id;
				IrStmt *i = append(t, ir_stmt(S_IF, L(line)));
				i->cond = ir_expr(E_LOCAL, L(line));
				i->cond->var = r->id;
				i->then = lockop(p, line, LO_RELEASE, LM_EXCL, cls, 0);
				break;
			}
			}
		}
	}
	finish(p);
	return p;
}
#endif
