/*
 * promela.c - IR -> Promela.  The only file that knows Promela syntax (with
 * the tag formats of pml_tags.h); pml_emit also returns a PmlMap of what it
 * emitted, which the decoders (pml_decode.c) read instead of the model text.
 *
 * Model shape (see SPIN-NOTES.md for the measurements behind it):
 *
 *   - Lock state is global: lk_owner[id] (0 free, else the owner's pid),
 *     lk_readers[id] (only with rwlock/rwsem classes), lk_wwait[id] (only
 *     with rwsem classes: writers waiting, which block new readers).
 *   - Modelled state: one global array per IrVar, (ninst + 1) * arrlen
 *     elements, named <type>_<field> (g_<name> for globals), in the smallest
 *     Promela type that holds the IrVar's range.
 *   - One proctype per IrThread, t<id>_<func>, all started by init in
 *     thread order inside one atomic: thread k is pid k + 1, init is pid 0.
 *     Active proctypes would spare init's first and last states (abba3 bad
 *     23 -> 20), but under pan's process permutations (a swarm's
 *     -p_permute, -p_reverse, -p_rotate, swarm.c) the trail of a model
 *     whose processes exist from the start names the wrong processes:
 *     measured, every such trail of abba3's model replayed with "invalid
 *     statement" steps, no trail of init's model did.
 *   - Per-thread bookkeeping is process-local, so partial order reduction
 *     treats it as safe: hold[id] (exclusive depth), rhold[id] (shared
 *     depth), and with ranks level and saved[id].  The test-and-set is
 *     atomic: `atomic { lk_owner[3] == 0 -> lk_owner[3] = 2 }` (the owner's
 *     pid, a constant: under a swarm's -p_permute _pid is not the pid); so is
 *     every other single statement that touches a global (a release, an
 *     assignment, an option's guard with its tag): one statement, so the
 *     same behaviour, but pan merges no local statement into the transition
 *     of a plain global statement and does into an atomic's, which spares
 *     a state per step (abba3 fix 282 -> 224 states, philosophers N=6 ok
 *     40768 -> 30048).
 *   - Each thread is emitted from its body folded by pml_flow.c (constants
 *     in place of state no thread writes and of locals with one value on
 *     every path), and order markers use its held counts: a marker whose
 *     lock every run holds there is implied by the operation's entry tag
 *     (PmlMarker.implied), one whose lock no run holds is not emitted.
 *   - Every Promela line is preceded (when needed) by `# LINE "FILE"` with
 *     the C location of the IR statement it implements, so spin reports C
 *     file:line.  Lock operations are never emitted through an inline.
 *   - Interrupts: cpu.irqs_off is modelled state like any other (the
 *     front end lowers irq save/restore to assignments); a handler thread
 *     starts by entering the interrupt, `atomic { !irqs_off[c] &&
 *     !ls_in_irq[c] -> ls_in_irq[c] = 1; irqs_off[c] = 1 }` under an end
 *     label (a handler that never fires is a valid end), and its CPU's
 *     proctype is `provided (!ls_in_irq[c])`: it does not run while its
 *     handler does.  Before a handler's acquisition, assert that its CPU
 *     does not own the lock (irq-inversion).
 *   - Decoding tags (pml_tags.h).  Statements carry printf tags; printf is
 *     local and pan's statement merging folds it into the previous
 *     transition, so tags cost no states, and no tag has a label (a label
 *     ends a merge chain: one more stored state per lock operation, abba3
 *     fix 224 -> 94).  pan marks each merged statement reached when its
 *     transition runs, so its unreached report lists exactly the tags no
 *     run printed, once spin's static mark on the first statement of each
 *     chain is gone from pan.t (pml_unreached_prepare); the report is read
 *     by pml_decode_unreached and pml_decode_order.
 *     The stuck statement of a blocked thread is the last one it entered
 *     and did not finish (its entry tag, merged into the step before, ran;
 *     spin prints no text for a blocked statement, only a state number),
 *     or, for a thread that printed no tag, the acquisition it starts with
 *     (PmlMap.first_lock: that one's tag is after its guard, pml_lock.c).
 *   - Lock operations are pml_lock.c's (this file's private pml_emit.h).
 */
#include "pml_emit.h"
#include "pml_flow.h"
#include "pml_tags.h"
#include "stages.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *pml_print_tag(const char *tag)
{
	return xprintf("printf(\"%s" PML_SHOWN_NL "\")", tag);
}

/* ---- names ---------------------------------------------------------------- */
static char *pml_sanitize(const char *s)
{
	char *r = xstrdup(s);
	for (char *c = r; *c; c++)
		if (!isalnum((unsigned char)*c) && *c != '_')
			*c = '_';
	return r;
}

const char *pml_var_name(const IrProgram *p, int id)
{
	const IrVar *v = p->vars[id];
	if (v->type == 0)
		return xprintf("g_%s", pml_sanitize(v->name));
	char *n = pml_sanitize(v->name);
	if (strncmp(n, "lk_", 3) == 0 || strncmp(n, "_", 1) == 0)
		return xprintf("v_%s", n);
	return n;
}

const char *pml_local_name(const IrThread *t, int id)
{
	return xprintf("l%d_%s", id, pml_sanitize(t->locals[id]->name));
}

static const char *pml_proc_name(const IrThread *t)
{
	return xprintf("t%d_%s", t->id, pml_sanitize(t->func ? t->func : "thread"));
}

/* The smallest Promela integer type holding lo..hi. */
static const char *pml_type(int lo, int hi)
{
	if (lo >= 0 && hi <= 1)
		return "bit";
	if (lo >= 0 && hi <= 255)
		return "byte";
	if (lo >= -32768 && hi <= 32767)
		return "short";
	return "int";
}

/* ---- output with line markers --------------------------------------------- */
static void pml_vline(Pml *m, SrcLoc loc, const char *fmt, va_list ap)
{
	/* Every statement line gets its own marker, even where the numbering
	 * would already be right: a reader of model.pml sees each step's C line,
	 * and no edit of the emitter can shift a lock operation onto another line. */
	if (loc.file && loc.line > 0) {
		if (strchr(loc.file, '"') || strchr(loc.file, '\n'))
			BUG("file name '%s' cannot be put in a line marker", loc.file);
		sb_addf(m->out, "# %d \"%s\"\n", loc.line, loc.file);
		m->mfile = loc.file;
		m->mline = loc.line;
	}
	for (int i = 0; i < m->depth; i++)
		sb_add(m->out, "\t");
	m->started = true;
	sb_vaddf(m->out, fmt, ap);
	sb_add(m->out, "\n");
	if (m->mfile)
		m->mline++;
}

void pml_line(Pml *m, SrcLoc loc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	pml_vline(m, loc, fmt, ap);
	va_end(ap);
}


/* ---- expressions ------------------------------------------------------------ */
/* Promela spells the IR's operators (C's) the same way. */
static const char *pml_op(int op)
{
	return ir_op_text(op);
}

static void pml_expr(Pml *m, const IrExpr *e, StrBuf *sb);

/* var[inst][index] as a flat index. */
static void pml_index(Pml *m, const IrExpr *inst, const IrExpr *index, int arrlen, StrBuf *sb)
{
	if ((!inst || inst->kind == E_CONST) && (!index || index->kind == E_CONST)) {
		sb_addf(sb, "%d", (inst ? inst->value : 1) * arrlen + (index ? index->value : 0));
		return;
	}
	if (!inst)
		sb_addf(sb, "%d", arrlen);
	else if (arrlen == 1)
		pml_expr(m, inst, sb);
	else {
		sb_add(sb, "(");
		pml_expr(m, inst, sb);
		sb_addf(sb, ")*%d", arrlen);
	}
	if (index) {
		sb_add(sb, " + ");
		pml_expr(m, index, sb);
	}
}

/* The condition under which a dynamic lock reference denotes lock id. */
void pml_lockref_match(Pml *m, const IrExpr *ref, int id, StrBuf *sb)
{
	const IrLock *lk = m->p->locks[id];
	bool any = false;
	if (ref->a && ref->a->kind != E_CONST) {
		sb_add(sb, "(");
		pml_expr(m, ref->a, sb);
		sb_addf(sb, ") == %d", lk->inst);
		any = true;
	}
	if (ref->b && ref->b->kind != E_CONST) {
		sb_add(sb, any ? " && (" : "(");
		pml_expr(m, ref->b, sb);
		sb_addf(sb, ") == %d", lk->index);
		any = true;
	}
	if (!any)
		sb_add(sb, "true");
}

static void pml_held(Pml *m, int id, bool any, StrBuf *sb)
{
	if (any && m->rw)
		sb_addf(sb, "(lk_owner[%d] != 0 || lk_readers[%d] > 0)", id, id);
	else if (any)
		sb_addf(sb, "(lk_owner[%d] != 0)", id);
	else if (m->rw)
		sb_addf(sb, "(hold[%d] + rhold[%d] > 0)", id, id);
	else
		sb_addf(sb, "(hold[%d] > 0)", id);
}

/* e reads or writes a global of the model (other than a constant). */
static bool pml_expr_global(const Pml *m, const IrExpr *e)
{
	int v;
	if (!e)
		return false;
	if (e->kind == E_VAR && !pml_var_const(m->p, m->written, e, &v))
		return true;
	return pml_expr_global(m, e->a) || pml_expr_global(m, e->b) || pml_expr_global(m, e->c);
}

static void pml_expr(Pml *m, const IrExpr *e, StrBuf *sb)
{
	int value;
	switch (e->kind) {
	case E_CONST:
		if (e->value < 0)
			sb_addf(sb, "(%d)", e->value);
		else
			sb_addf(sb, "%d", e->value);
		break;
	case E_VAR:
		if (pml_var_const(m->p, m->written, e, &value)) {
			/* state no thread writes keeps init's value: reading a global
			 * is a step partial order reduction cannot treat as local */
			sb_addf(sb, value < 0 ? "(%d)" : "%d", value);
			break;
		}
		sb_addf(sb, "%s[", pml_var_name(m->p, e->var));
		pml_index(m, e->a, e->b, m->p->vars[e->var]->arrlen, sb);
		sb_add(sb, "]");
		break;
	case E_LOCAL:
		sb_add(sb, pml_local_name(m->t, e->var));
		break;
	case E_UNOP:
		sb_addf(sb, "(%c", (char)e->op);
		pml_expr(m, e->a, sb);
		sb_add(sb, ")");
		break;
	case E_BINOP:
		sb_add(sb, "(");
		pml_expr(m, e->a, sb);
		sb_addf(sb, " %s ", pml_op(e->op));
		pml_expr(m, e->b, sb);
		sb_add(sb, ")");
		break;
	case E_COND:
		sb_add(sb, "(");
		pml_expr(m, e->a, sb);
		sb_add(sb, " -> ");
		pml_expr(m, e->b, sb);
		sb_add(sb, " : ");
		pml_expr(m, e->c, sb);
		sb_add(sb, ")");
		break;
	case E_CHOOSE:
		for (int i = 0; i < m->nchooses; i++)
			if (m->chooses[i] == e) {
				sb_addf(sb, "_c%d", i);
				return;
			}
		BUG("ls_choose not hoisted");
	case E_HELD: {
		int ids[256];
		int n = ir_lockref_ids(m->p, e->a, ids, 256);
		if (n > 256)
			BUG("too many locks behind one reference");
		if (ir_lockref_const(m->p, e->a) >= 0) {
			pml_held(m, ids[0], e->value, sb);
			break;
		}
		for (int i = 0; i < n; i++) {
			sb_add(sb, "((");
			pml_lockref_match(m, e->a, ids[i], sb);
			sb_add(sb, ") -> ");
			pml_held(m, ids[i], e->value, sb);
			sb_add(sb, " : ");
		}
		sb_add(sb, "0");
		for (int i = 0; i < n; i++)
			sb_add(sb, ")");
		break;
	}
	case E_LOCKREF:
		BUG("lock reference used as a value");
	}
}

static const char *pml_expr_str(Pml *m, const IrExpr *e)
{
	StrBuf sb;
	sb_init(&sb);
	pml_expr(m, e, &sb);
	return sb_detach_arena(&sb);
}

/* ---- ls_choose: hoisted into temporaries before the statement ---------------- */
static void pml_collect_chooses(Pml *m, const IrExpr *e)
{
	if (!e)
		return;
	if (e->kind == E_CHOOSE) {
		if (m->nchooses == MAXCHOOSE)
			BUG("more than %d ls_choose in one statement", MAXCHOOSE);
		m->chooses[m->nchooses++] = e;
		return;
	}
	pml_collect_chooses(m, e->a);
	pml_collect_chooses(m, e->b);
	pml_collect_chooses(m, e->c);
}

/* Emit `if :: printf(tag); _c0 = 0 :: ... fi;` for each choose of the
 * statement's expressions (collected by the caller). */
static void pml_emit_chooses(Pml *m, const IrStmt *s)
{
	for (int i = 0; i < m->nchooses; i++) {
		pml_line(m, s->loc, "if");
		for (int v = 0; v < m->chooses[i]->value; v++)
			pml_line(m, s->loc, ":: %s; _c%d = %d", TAG(PML_TAG_CHOSE, s->id, v), i, v);
		pml_line(m, s->loc, "fi;");
	}
}

static void pml_count_chooses(const IrExpr *e, int *n, int *max)
{
	if (!e)
		return;
	if (e->kind == E_CHOOSE) {
		++*n;
		if (e->value > *max)
			*max = e->value;
	}
	pml_count_chooses(e->a, n, max);
	pml_count_chooses(e->b, n, max);
	pml_count_chooses(e->c, n, max);
}

/* ---- walks over a thread ------------------------------------------------------ */
typedef void StmtFn(const IrProgram *p, const IrStmt *s, void *arg);

static void pml_walk(const IrProgram *p, const IrStmt *s, StmtFn *fn, void *arg)
{
	for (; s; s = s->next) {
		fn(p, s, arg);
		pml_walk(p, s->body, fn, arg);
		pml_walk(p, s->then, fn, arg);
		pml_walk(p, s->els, fn, arg);
	}
}

/* The locks a thread may acquire, and (first non-NULL) by lock the first
 * statement in walk order that may acquire it. */
typedef struct Acquired {
	bool *acq;
	const IrStmt **first;
} Acquired;

static void mark_acquired(const IrProgram *p, const IrStmt *s, void *arg)
{
	Acquired *a = arg;
	if (s->kind != S_LOCK || s->op == LO_RELEASE)
		return;
	int ids[1024];
	int n = ir_lockref_ids(p, s->lock, ids, 1024);
	for (int i = 0; i < n && i < 1024; i++) {
		a->acq[ids[i]] = true;
		if (a->first && !a->first[ids[i]])
			a->first[ids[i]] = s;
	}
}

/* Every statement of thread t by id (the ids its tags carry). */
static void map_stmt(const IrProgram *p, const IrStmt *s, void *arg)
{
	(void)p;
	Pml *m = arg;
	m->map->stmt[s->id] = s;
	if (m->map->thread[s->id] < 0)
		m->map->thread[s->id] = m->t->id;
}

void pml_map_marker(Pml *m, int stmt, int held, int taken, bool implied)
{
	PmlMap *map = m->map;
	if (map->nmarkers == m->markers_cap) {
		m->markers_cap = m->markers_cap ? 2 * m->markers_cap : 64;
		PmlMarker *nm = arena_array((size_t)m->markers_cap, sizeof(PmlMarker));
		if (map->nmarkers)
			memcpy(nm, map->markers, (size_t)map->nmarkers * sizeof(PmlMarker));
		map->markers = nm;
	}
	map->markers[map->nmarkers++] = (PmlMarker){ stmt, held, taken, implied };
}

typedef struct ChooseCount {
	int most, max;
} ChooseCount;

static void count_stmt_chooses(const IrProgram *p, const IrStmt *s, void *arg)
{
	(void)p;
	ChooseCount *c = arg;
	int n = 0;
	pml_count_chooses(s->cond, &n, &c->max);
	pml_count_chooses(s->lhs, &n, &c->max);
	pml_count_chooses(s->rhs, &n, &c->max);
	pml_count_chooses(s->lock, &n, &c->max);
	if (n > c->most)
		c->most = n;
}

/* ---- statements -------------------------------------------------------------------- */
static void pml_stmts(Pml *m, const IrStmt *s);

static void pml_begin_stmt(Pml *m, const IrStmt *s)
{
	m->nchooses = 0;
	pml_collect_chooses(m, s->cond);
	pml_collect_chooses(m, s->lhs);
	pml_collect_chooses(m, s->rhs);
	pml_collect_chooses(m, s->lock);
}

static const char *pml_label(const char *label)
{
	return xprintf("L_%s", pml_sanitize(label));
}

/* The option of a branch on cond (NULL: either branch) for tf, "else" for
 * F.  An option whose guard reads a global is `atomic { guard -> tag }`:
 * pan merges no local statement into a global condition's transition, and
 * a one-guard atomic lets the tag and what follows up to the next global
 * step run in it; its F twin is then the negation (both options are
 * evaluated in the same state, so exactly one is enabled, as with else). */
static const char *pml_option(Pml *m, const IrStmt *s, const char *cond, char tf)
{
	const char *tag = TAG(tf == 'T' ? PML_TAG_TRUE : PML_TAG_FALSE, s->id);
	if (!s->cond)
		return xprintf(":: true -> %s", tag);
	if (!m->in_atomic && pml_expr_global(m, s->cond))
		return xprintf(":: atomic { %s%s -> %s }", tf == 'T' ? "" : "!", cond, tag);
	return xprintf(":: %s -> %s", tf == 'T' ? cond : "else", tag);
}

static void pml_branch(Pml *m, const IrStmt *s, const char *cond, char tf, const IrStmt *body)
{
	pml_line(m, s->loc, "%s;", pml_option(m, s, cond, tf));
	m->depth++;
	pml_stmts(m, body);
	m->depth--;
}

static void pml_emit_if(Pml *m, const IrStmt *s)
{
	pml_begin_stmt(m, s);
	pml_emit_chooses(m, s);
	const char *cond = s->cond ? xprintf("(%s)", pml_expr_str(m, s->cond)) : "true";
	pml_line(m, s->loc, "if");
	pml_branch(m, s, cond, 'T', s->then);
	pml_branch(m, s, cond, 'F', s->els);
	pml_line(m, s->loc, "fi;");
}

/* while (c) body    ->  C_N: do :: (c) -> T; body :: else -> F; break od
 * do body while (c) ->  do :: body; C_N: if :: (c) -> T :: else -> F; break fi od
 * A condition with ls_choose re-chooses on every test. */
static void pml_emit_loop(Pml *m, const IrStmt *s)
{
	pml_begin_stmt(m, s);
	int nch = m->nchooses;
	const char *cond = s->cond ? xprintf("(%s)", pml_expr_str(m, s->cond)) : "true";
	if (m->nloops == 64)
		BUG("loops nested too deep");
	m->loopid[m->nloops] = s->id;
	m->loopafter[m->nloops] = s->test_after;
	m->nloops++;
	if (!s->test_after && !nch) {
		pml_line(m, s->loc, "C_%d: do", s->id);
		pml_branch(m, s, cond, 'T', s->body);
		pml_line(m, s->loc, "%s; break", pml_option(m, s, cond, 'F'));
		pml_line(m, s->loc, "od;");
	} else if (!s->test_after) {
		pml_line(m, s->loc, "C_%d: do", s->id);
		pml_line(m, s->loc, ":: skip;");
		m->depth++;
		pml_emit_chooses(m, s);
		pml_line(m, s->loc, "if");
		pml_branch(m, s, cond, 'T', s->body);
		pml_line(m, s->loc, "%s; break", pml_option(m, s, cond, 'F'));
		pml_line(m, s->loc, "fi;");
		m->depth--;
		pml_line(m, s->loc, "od;");
	} else {
		pml_line(m, s->loc, "do");
		pml_line(m, s->loc, ":: skip;");
		m->depth++;
		pml_stmts(m, s->body);
		pml_line(m, s->loc, "C_%d: skip;", s->id);
		m->nchooses = 0;
		pml_begin_stmt(m, s);
		pml_emit_chooses(m, s);
		pml_line(m, s->loc, "if");
		pml_line(m, s->loc, "%s", pml_option(m, s, cond, 'T'));
		pml_line(m, s->loc, "%s; break", pml_option(m, s, cond, 'F'));
		pml_line(m, s->loc, "fi;");
		m->depth--;
		pml_line(m, s->loc, "od;");
	}
	m->nloops--;
}

void pml_stmt(Pml *m, const IrStmt *s)
{
	switch (s->kind) {
	case S_SEQ:
		pml_stmts(m, s->body);
		break;
	case S_IF:
		pml_emit_if(m, s);
		break;
	case S_LOOP:
		pml_emit_loop(m, s);
		break;
	case S_BREAK:
		pml_line(m, s->loc, "%s; break;", TAG(PML_TAG_ENTER, s->id));
		break;
	case S_CONTINUE:
		if (!m->nloops)
			BUG("continue outside a loop");
		pml_line(m, s->loc, "%s; goto C_%d;", TAG(PML_TAG_ENTER, s->id), m->loopid[m->nloops - 1]);
		break;
	case S_GOTO:
		pml_line(m, s->loc, "%s; goto %s;", TAG(PML_TAG_ENTER, s->id), pml_label(s->label));
		break;
	case S_LABEL:
		pml_line(m, s->loc, "%s: %s;", pml_label(s->label), TAG(PML_TAG_ENTER, s->id));
		break;
	case S_ASSIGN:
		pml_begin_stmt(m, s);
		pml_line(m, s->loc, "%s;", TAG(PML_TAG_ENTER, s->id));
		pml_emit_chooses(m, s);
		if (!m->in_atomic && (pml_expr_global(m, s->lhs) || pml_expr_global(m, s->rhs)))
			pml_line(m, s->loc, "atomic { %s = %s };", pml_expr_str(m, s->lhs), pml_expr_str(m, s->rhs));
		else
			pml_line(m, s->loc, "%s = %s;", pml_expr_str(m, s->lhs), pml_expr_str(m, s->rhs));
		break;
	case S_LOCK:
		pml_begin_stmt(m, s);
		pml_emit_chooses(m, s);
		pml_emit_lock(m, s);
		break;
	case S_ASSERT:
		pml_begin_stmt(m, s);
		pml_line(m, s->loc, "%s;", TAG(PML_TAG_ENTER, s->id));
		pml_emit_chooses(m, s);
		pml_line(m, s->loc, "assert(%s);", pml_expr_str(m, s->cond));
		break;
	case S_PROGRESS:
		pml_line(m, s->loc, "progress_%d: %s;", s->id, TAG(PML_TAG_ENTER, s->id));
		break;
	case S_SKIP:
		pml_line(m, s->loc, "%s;", TAG(PML_TAG_ENTER, s->id));
		break;
	}
}

static void pml_stmts(Pml *m, const IrStmt *s)
{
	for (; s; s = s->next) {
		/* run-time checks and the store they guard are one step: no other
		 * thread changes what was checked before the store; so are an
		 * atomic read-modify-write's read, the checks of its store (any
		 * run-time check: the text IR has no guard flag) and the store */
		const IrStmt *g = s;
		bool rmw = s->kind == S_ASSIGN && s->atomic;
		if (rmw)
			g = s->next;
		while (g && g->kind == S_ASSERT && (g->guard || (rmw && g->violation)))
			g = g->next;
		if (g != s && g && g->kind == S_ASSIGN) {
			pml_line(m, s->loc, "atomic {");
			m->depth++;
			m->in_atomic = true;
			for (; s != g; s = s->next)
				pml_stmt(m, s);
			pml_stmt(m, g);
			m->in_atomic = false;
			m->depth--;
			pml_line(m, g->loc, "};");
			continue;
		}
		pml_stmt(m, s);
	}
}

/* ---- the model ------------------------------------------------------------------------ */
static void mark_written(const IrProgram *p, const IrStmt *s, void *arg)
{
	(void)p;
	bool *written = arg;
	if (s->kind == S_ASSIGN && s->lhs->kind == E_VAR)
		written[s->lhs->var] = true;
}

static void pml_scan(Pml *m)
{
	const IrProgram *p = m->p;
	m->written = arena_array((size_t)p->nvars + 1, sizeof(bool));
	for (int t = 0; t < p->nthreads; t++)
		pml_walk(p, p->threads[t]->body, mark_written, m->written);
	/* an interrupt handler's entry sets its CPU's irqs_off (pml_emit_thread) */
	for (int t = 0; t < p->nthreads; t++)
		if (p->threads[t]->irq_cpu >= 0 && p->irq_var >= 0)
			m->written[p->irq_var] = true;
	if (p->bh_var >= 0) /* and a softirq handler's its bh_off */
		m->written[p->bh_var] = true;
	for (int i = 0; i < p->nclasses; i++) {
		const IrLockClass *c = p->classes[i];
		if (c->rank >= 0)
			m->ranks = true;
		if (c->kind == LK_RWLOCK || c->kind == LK_RWSEM)
			m->rw = true;
		if (c->kind == LK_RWSEM)
			m->rwsem = true;
	}
	for (int t = 0; t < p->nthreads; t++)
		if (p->threads[t]->irq_cpu >= 0)
			m->irq = true;
	/* Order markers when some thread may hold one lock while taking another. */
	bool *acq = arena_array((size_t)p->nlocks + 1, sizeof(bool));
	for (int t = 0; t < p->nthreads && !m->order; t++) {
		memset(acq, 0, (size_t)p->nlocks + 1);
		pml_walk(p, p->threads[t]->body, mark_acquired, &(Acquired){ acq, NULL });
		int n = 0;
		for (int i = 0; i < p->nlocks; i++)
			n += acq[i];
		if (n >= 2)
			m->order = true;
	}
}

/* A thread's lead: the statements before its first acquisition that touch
 * only its own locals (stores of local values, run-time checks folded to
 * true, skips).  At the start of a thread they are a step of their own (no
 * previous step to merge into: a stored state per thread, philosophers
 * N=3 bad 27 -> 24); no other thread can tell when they run, so they run
 * inside the acquisition's atomic, after its guard (pml_lock.c), which
 * needs no variable they write.  Returns the lead (NULL: none) and in
 * *rest the acquisition it ends at. */
static bool pml_leadable(const Pml *m, const IrStmt *s)
{
	int n = 0, max = 0;
	pml_count_chooses(s->cond, &n, &max);
	pml_count_chooses(s->lhs, &n, &max);
	pml_count_chooses(s->rhs, &n, &max);
	if (n)
		return false;
	switch (s->kind) {
	case S_ASSIGN:
		return !s->atomic && s->lhs->kind == E_LOCAL && !pml_expr_global(m, s->lhs) && !pml_expr_global(m, s->rhs);
	case S_ASSERT:
		return s->violation && s->cond && s->cond->kind == E_CONST && s->cond->value != 0;
	case S_SKIP:
		return true;
	default:
		return false;
	}
}

static const IrStmt *pml_lead(const Pml *m, const IrStmt *body, const IrStmt **rest)
{
	while (body && body->kind == S_SEQ && !body->next) /* a block emits nothing of its own */
		body = body->body;
	const IrStmt *s = body;
	while (s && pml_leadable(m, s))
		s = s->next;
	if (s == body || !s || s->kind != S_LOCK || s->op != LO_ACQUIRE || m->started ||
	    ir_lockref_const(m->p, s->lock) < 0)
		return NULL;
	*rest = s;
	return body;
}

static int pml_max_rank(const IrProgram *p)
{
	int r = 0;
	for (int i = 0; i < p->nclasses; i++) {
		const IrLockClass *c = p->classes[i];
		int v = c->rank + (c->bias_var >= 0 && c->bias > 0 ? c->bias : 0);
		if (v > r)
			r = v;
	}
	return r;
}

static void pml_emit_thread(Pml *m, const IrThread *t)
{
	const IrProgram *p = m->p;
	m->t = t;
	m->nloops = 0;
	memset(m->acq, 0, (size_t)p->nlocks + 1);
	/* emitted: the body folded (pml_flow.c); the map names the original */
	const IrStmt *body = pml_fold_thread(p, t, m->written);
	const IrStmt **first = m->map->first_acq + (size_t)t->id * p->nlocks;
	pml_walk(p, t->body, map_stmt, m);
	pml_walk(p, body, mark_acquired, &(Acquired){ m->acq, first });
	for (int i = 0; i < p->nlocks; i++)
		if (first[i])
			first[i] = m->map->stmt[first[i]->id];
	pml_held_flow(p, body, m->held);
	m->map->proc[t->id] = pml_proc_name(t);
	int nl = p->nlocks > 0 ? p->nlocks : 1;

	m->mfile = NULL;
	sb_addf(m->out, "\n/* thread %d: %s (pid %d) */\n", t->id, t->name, t->id + 1);
	bool cpu = false;
	for (int i = 0; m->irq && i < p->nthreads; i++)
		cpu |= p->threads[i]->irq_cpu == t->id;
	if (cpu)
		sb_addf(m->out, "proctype %s() provided (!ls_in_irq[%d])\n{\n", pml_proc_name(t), t->id);
	else
		sb_addf(m->out, "proctype %s()\n{\n", pml_proc_name(t));
	sb_addf(m->out, "\tbyte hold[%d];\n", nl);
	if (m->rw)
		sb_addf(m->out, "\tbyte rhold[%d];\n", nl);
	if (m->ranks) {
		const char *lt = pml_type(0, pml_max_rank(p));
		sb_addf(m->out, "\t%s level;\n\t%s saved[%d];\n", lt, lt, nl);
	}
	for (int i = 0; i < t->nlocals; i++) {
		const IrLocal *l = t->locals[i];
		sb_addf(m->out, "\t%s %s;\n", pml_type(l->lo, l->hi), pml_local_name(t, i));
	}
	ChooseCount cc = { 0, 0 };
	pml_walk(p, t->body, count_stmt_chooses, &cc);
	for (int i = 0; i < cc.most; i++)
		sb_addf(m->out, "\t%s _c%d;\n", pml_type(0, cc.max), i);

	m->depth = 1;
	const char *irqs = t->irq_cpu >= 0
				   ? xprintf("%s[%d]", pml_var_name(p, p->irq_var), p->vars[p->irq_var]->arrlen + t->irq_cpu)
				   : NULL;
	/* a softirq handler: its CPU's bottom halves and interrupts enabled;
	 * it runs with bottom halves disabled, interrupts as they were */
	const char *bh = t->softirq ? xprintf("%s[%d]", pml_var_name(p, p->bh_var),
					      p->vars[p->bh_var]->arrlen + t->irq_cpu) : NULL;
	if (bh)
		pml_line(m, t->loc, "end_irq: atomic { !%s && %s == 0 && !ls_in_irq[%d] -> ls_in_irq[%d] = 1; %s = 1 };",
			 irqs, bh, t->irq_cpu, t->irq_cpu, bh);
	else if (irqs)
		pml_line(m, t->loc, "end_irq: atomic { !%s && !ls_in_irq[%d] -> ls_in_irq[%d] = 1; %s = 1 };", irqs,
			 t->irq_cpu, t->irq_cpu, irqs);
	m->started = irqs != NULL;
	m->lead = pml_lead(m, body, &body);
	pml_stmts(m, body);

	/* held-at-exit */
	StrBuf sb;
	sb_init(&sb);
	for (int i = 0; i < p->nlocks; i++) {
		if (!m->acq[i])
			continue;
		if (sb.len)
			sb_add(&sb, " && ");
		sb_addf(&sb, m->rw ? "hold[%d] + rhold[%d] == 0" : "hold[%d] == 0", i, i);
	}
	SrcLoc end = t->func_loc.file ? t->func_loc : t->loc;
	/* a handler returns with interrupts enabled again, as on entry */
	const char *leave = irqs ? xprintf("; atomic { %s = 0; ls_in_irq[%d] = 0 }", bh ? bh : irqs, t->irq_cpu) : "";
	if (sb.len)
		pml_line(m, end, "%s; assert(%s)%s", TAG(PML_TAG_EXIT), sb.buf, leave);
	else
		pml_line(m, end, "skip%s", leave);
	sb_release(&sb);
	sb_add(m->out, "}\n");
}

const PmlMap *pml_emit(const IrProgram *p, StrBuf *out)
{
	PmlMap *map = arena_alloc(sizeof(*map));
	map->stmt = arena_array((size_t)p->nstmts + 2, sizeof(*map->stmt));
	map->thread = arena_array((size_t)p->nstmts + 2, sizeof(int));
	for (int i = 0; i < p->nstmts + 2; i++)
		map->thread[i] = -1;
	map->lock_entry = arena_array((size_t)p->nstmts + 2, sizeof(bool));
	map->proc = arena_array((size_t)p->nthreads + 1, sizeof(*map->proc));
	map->var = arena_array((size_t)p->nvars + 1, sizeof(*map->var));
	for (int i = 0; i < p->nvars; i++)
		map->var[i] = pml_var_name(p, i);
	map->first_lock = arena_array((size_t)p->nthreads + 1, sizeof(int));
	map->first_acq = arena_array((size_t)p->nthreads * p->nlocks + 1, sizeof(*map->first_acq));
	Pml m = { .p = p, .out = out, .map = map };
	pml_scan(&m);
	m.acq = arena_array((size_t)p->nlocks + 1, sizeof(bool));
	m.held = arena_array(((size_t)p->nstmts + 2) * (size_t)p->nlocks + 1, 1);
	int nl = p->nlocks > 0 ? p->nlocks : 1;

	sb_addf(out, "/* lockspin model: spec=%s variant=%s */\n", p->spec, p->variant);
	sb_add(out, "/* Generated by lockspin from the protocol IR; do not edit.\n"
		    " * init (pid 0) starts the threads in order: thread k runs as pid k + 1.\n"
		    " * Locks: lk_owner[id] is 0 when free, else the owner's pid. */\n");
	for (int i = 0; i < p->nlocks; i++)
		sb_addf(out, "/* lock %d: %s (%s) */\n", i, p->locks[i]->name,
			ir_lock_kind_name(p->classes[p->locks[i]->cls]->kind));
	sb_addf(out, "byte lk_owner[%d];\n", nl);
	if (m.rw)
		sb_addf(out, "byte lk_readers[%d];\n", nl);
	if (m.rwsem)
		sb_addf(out, "byte lk_wwait[%d];\n", nl);
	if (m.irq)
		sb_addf(out, "bit ls_in_irq[%d];\t/* an interrupt handler of thread c runs */\n", p->nthreads);
	for (int i = 0; i < p->nvars; i++) {
		const IrVar *v = p->vars[i];
		int n = (p->types[v->type]->ninst + 1) * v->arrlen;
		sb_addf(out, "%s %s[%d];\t/* %s */\n", pml_type(v->lo, v->hi), pml_var_name(p, i), n, v->name);
	}
	for (int i = 0; i < p->nthreads; i++)
		pml_emit_thread(&m, p->threads[i]);

	sb_add(out, "\ninit {\n\tatomic {\n");
	for (int i = 0; i < p->nvars; i++) {
		const IrVar *v = p->vars[i];
		int n = (p->types[v->type]->ninst + 1) * v->arrlen;
		for (int k = v->arrlen; k < n; k++)
			if (v->init[k])
				sb_addf(out, "\t\t%s[%d] = %d;\n", pml_var_name(p, i), k, v->init[k]);
	}
	for (int i = 0; i < p->nthreads; i++)
		sb_addf(out, "\t\trun %s();\n", pml_proc_name(p->threads[i]));
	if (!p->nthreads)
		sb_add(out, "\t\tskip\n");
	sb_add(out, "\t}\n}\n");
	return map;
}
