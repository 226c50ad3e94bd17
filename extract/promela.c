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
 *   - Per-thread bookkeeping is process-local, so partial order reduction
 *     treats it as safe: hold[id] (exclusive depth), rhold[id] (shared
 *     depth), and with ranks level and saved[id].  The test-and-set is
 *     atomic: `atomic { lk_owner[3] == 0 -> lk_owner[3] = _pid }`; so is
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
 *     transition, so tags cost no states.  But pan's unreached report does
 *     not list every merged statement that never ran (one whose chain of
 *     merged statements maps to a reached state is left out: measured, an
 *     order marker behind a test, the second of two plain markers, the
 *     entry tag of a branch never taken), so every tag the report must
 *     show when it never runs (pml_decode_unreached: the entry tags of lock
 *     operations and assertions; the order markers) starts a labelled
 *     state of its own: E_N, O_N_A_B.  Labels cost states; nothing else has
 *     one.
 *     The stuck statement of a blocked thread is the last one it entered
 *     and did not finish; spin prints no text for it, only a state number.
 */
#include "pml_flow.h"
#include "pml_tags.h"
#include "stages.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXCHOOSE 16

typedef struct Pml {
	const IrProgram *p;
	StrBuf *out;
	const IrThread *t;
	bool ranks, rw, rwsem, order;
	bool irq;          /* some thread is an interrupt handler (IrThread.irq_cpu) */
	const char *mfile; /* the C location the next output line maps to */
	int mline;
	int depth;
	bool *acq;         /* lock ids the current thread may acquire */
	const IrExpr *chooses[MAXCHOOSE];
	int nchooses;
	int loopid[64];    /* enclosing IR loops (statement ids), for continue */
	bool loopafter[64];
	int nloops;
	PmlMap *map;       /* what is emitted, for the decoders */
	int markers_cap;
	bool *written;     /* by IrVar id: some thread assigns it (else it is a constant) */
	bool in_atomic;    /* emitting inside an atomic block */
	bool dispatch;     /* emitting the arms of a dynamic lock reference */
	signed char *held; /* by statement id * nlocks: what the thread holds of each
			    * lock entering that lock operation (pml_held_flow) */
} Pml;

/* The Promela statement that prints tag: TAG(PML_TAG_DONE, id). */
static const char *pml_print_tag(const char *tag)
{
	return xprintf("printf(\"%s" PML_SHOWN_NL "\")", tag);
}
#define TAG(...) pml_print_tag(xprintf(__VA_ARGS__))

/* ---- names ---------------------------------------------------------------- */
static char *pml_sanitize(const char *s)
{
	char *r = xstrdup(s);
	for (char *c = r; *c; c++)
		if (!isalnum((unsigned char)*c) && *c != '_')
			*c = '_';
	return r;
}

static const char *pml_var_name(const IrProgram *p, int id)
{
	const IrVar *v = p->vars[id];
	if (v->type == 0)
		return xprintf("g_%s", pml_sanitize(v->name));
	char *n = pml_sanitize(v->name);
	if (strncmp(n, "lk_", 3) == 0 || strncmp(n, "_", 1) == 0)
		return xprintf("v_%s", n);
	return n;
}

static const char *pml_local_name(const IrThread *t, int id)
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
	sb_vaddf(m->out, fmt, ap);
	sb_add(m->out, "\n");
	if (m->mfile)
		m->mline++;
}

static void pml_line(Pml *m, SrcLoc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void pml_line(Pml *m, SrcLoc loc, const char *fmt, ...)
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
static void pml_lockref_match(Pml *m, const IrExpr *ref, int id, StrBuf *sb)
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

static void pml_map_marker(Pml *m, int stmt, int held, int taken, bool implied)
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

/* ---- lock operations ------------------------------------------------------------ */
static bool pml_class_ranked(const IrLockClass *c)
{
	return c->rank >= 0;
}

/* The (biased) rank of lock id as a Promela expression. */
static const char *pml_rank_expr(Pml *m, int id)
{
	const IrLock *lk = m->p->locks[id];
	const IrLockClass *c = m->p->classes[lk->cls];
	if (c->bias_var < 0)
		return xprintf("%d", c->rank);
	const IrVar *v = m->p->vars[c->bias_var];
	if (!m->written[v->id]) /* the bias no thread changes: a constant rank */
		return xprintf("%d", c->rank + (v->init[lk->inst * v->arrlen] ? c->bias : 0));
	return xprintf("(%d + (%s[%d] -> %d : 0))", c->rank, pml_var_name(m->p, v->id),
		       lk->inst * v->arrlen, c->bias);
}

static const char *pml_entry_tag(Pml *m, const IrStmt *s, int id)
{
	const IrLockClass *c = m->p->classes[m->p->locks[id]->cls];
	if (m->ranks && pml_class_ranked(c) && c->bias_var >= 0)
		return xprintf("printf(\"%s%s" PML_SHOWN_NL "\", %s)", xprintf(PML_TAG_LOCK, s->id, id), PML_TAG_RANK,
			       pml_rank_expr(m, id));
	return TAG(PML_TAG_LOCK, s->id, id);
}

/* Order markers: the tag of marker (N, a, id) runs when operation N takes
 * id while the thread holds a, so pan's unreached report lists it exactly
 * when no run does.  Where pml_held_flow knows the count the marker is a
 * plain labelled tag (a is held) or absent (it is not); otherwise
 * `if :: hold[a] > 0 -> O_N_a_id: tag ... :: else fi;`.  Each is labelled
 * (see the top of the file). */
static const char *pml_order_markers(Pml *m, const IrStmt *s, int id, bool rec)
{
	if (!m->order)
		return "";
	const signed char *held = m->held + (size_t)s->id * m->p->nlocks;
	/* a recursive acquisition runs its markers only when it takes the
	 * lock first: never if it holds it already */
	if (rec && held[id] > 0)
		return "";
	/* one tag per marker is needed only where reaching N's entry does not
	 * say it: a dispatch arm, a first-or-again recursive acquisition */
	bool entry_says = !m->dispatch && (!rec || held[id] == 0);
	StrBuf sure, maybe;
	sb_init(&sure);
	sb_init(&maybe);
	for (int a = 0; a < m->p->nlocks; a++) {
		if (!m->acq[a] || a == id || held[a] == 0)
			continue;
		const char *tag = TAG(PML_TAG_ORDER, s->id, a, id);
		pml_map_marker(m, s->id, a, id, held[a] > 0 && entry_says);
		if (held[a] > 0 && entry_says)
			continue;
		if (held[a] > 0)
			sb_addf(&sure, "O_%d_%d_%d: %s; ", s->id, a, id, tag);
		else if (m->rw)
			sb_addf(&maybe, "%s:: hold[%d] + rhold[%d] > 0 -> O_%d_%d_%d: %s ", maybe.len ? "" : "if ", a, a,
				s->id, a, id, tag);
		else
			sb_addf(&maybe, "%s:: hold[%d] > 0 -> O_%d_%d_%d: %s ", maybe.len ? "" : "if ", a, s->id, a, id,
				tag);
	}
	if (maybe.len)
		sb_add(&maybe, ":: else fi; ");
	const char *r = xprintf("%s%s", sure.len ? sure.buf : "", maybe.len ? maybe.buf : "");
	sb_release(&sure);
	sb_release(&maybe);
	return r;
}

/* The test and the set of an acquisition, for one constant lock id. */
static void pml_guard_take(Pml *m, int id, IrLockMode mode, bool announced, const char **guard,
			   const char **take)
{
	IrLockKind k = m->p->classes[m->p->locks[id]->cls]->kind;
	bool rwk = k == LK_RWLOCK || k == LK_RWSEM;
	if (mode == LM_EXCL) {
		*guard = rwk ? xprintf("lk_owner[%d] == 0 && lk_readers[%d] == 0", id, id)
			     : xprintf("lk_owner[%d] == 0", id);
		*take = announced ? xprintf("lk_owner[%d] = _pid; lk_wwait[%d]--", id, id)
				  : xprintf("lk_owner[%d] = _pid", id);
	} else {
		*guard = k == LK_RWSEM ? xprintf("lk_owner[%d] == 0 && lk_wwait[%d] == 0", id, id)
				       : xprintf("lk_owner[%d] == 0", id);
		*take = xprintf("lk_readers[%d]++", id);
	}
}

/* One lock operation on the constant lock id, on one line after `prefix`
 * (the entry tag). */
static void pml_lock_on(Pml *m, const IrStmt *s, int id, const char *prefix)
{
	const IrLockClass *c = m->p->classes[m->p->locks[id]->cls];
	bool ranked = m->ranks && pml_class_ranked(c);
	bool rec = s->recursive || c->recursive;
	const char *done = TAG(PML_TAG_DONE, s->id);
	const char *res1 = "", *res0 = "";
	if (s->op == LO_TRYLOCK && s->result >= 0) {
		res1 = xprintf("%s = 1; ", pml_local_name(m->t, s->result));
		res0 = xprintf("%s = 0; ", pml_local_name(m->t, s->result));
	}
	const char *guard, *take;
	const char *setlevel = ranked && s->mode == LM_EXCL
				       ? xprintf("saved[%d] = level; level = %s; ", id, pml_rank_expr(m, id))
				       : "";
	const char *check = ranked ? xprintf("assert(%s >= level); ", pml_rank_expr(m, id)) : "";
	/* On a CPU that has interrupt handlers the whole operation is one
	 * step: a handler comes between two lock operations, never between a
	 * lock's test-and-set and its bookkeeping and tag (the trail would show
	 * a lock held by an acquisition that never finished). */
	bool cpu = false;
	for (int i = 0; m->irq && i < m->p->nthreads; i++)
		cpu |= m->p->threads[i]->irq_cpu == m->t->id;
	const char *W0 = cpu ? "atomic { " : "", *W1 = cpu ? " }" : "";
	/* a handler that waits for a lock the CPU it interrupted holds waits
	 * forever: that CPU does not run until the handler returns */
	if (m->t->irq_cpu >= 0 && s->op == LO_ACQUIRE)
		check = xprintf("assert(lk_owner[%d] != %d); %s", id, m->t->irq_cpu + 1, check);

	switch (s->op) {
	case LO_ACQUIRE:
		if (s->mode == LM_EXCL) {
			bool announce = c->kind == LK_RWSEM;
			pml_guard_take(m, id, LM_EXCL, announce, &guard, &take);
			const char *body = xprintf("%s%s%satomic { %s -> %s }; hold[%d] = 1; %s",
						   pml_order_markers(m, s, id, rec), check,
						   announce ? xprintf("lk_wwait[%d]++; ", id) : "", guard,
						   take, id, setlevel);
			if (rec)
				pml_line(m, s->loc, "%s; %sif :: hold[%d] > 0 -> hold[%d]++ :: else -> %sfi; %s%s;",
					 prefix, W0, id, id, body, done, W1);
			else
				pml_line(m, s->loc, "%s; %s%s%s%s;", prefix, W0, body, done, W1);
		} else {
			pml_guard_take(m, id, LM_SHARED, false, &guard, &take);
			pml_line(m, s->loc, "%s; %s%s%satomic { %s -> %s }; rhold[%d]++; %s%s;", prefix, W0,
				 pml_order_markers(m, s, id, false), check, guard, take, id, done, W1);
		}
		break;
	case LO_TRYLOCK:
		pml_guard_take(m, id, s->mode, false, &guard, &take);
		if (s->mode == LM_EXCL)
			pml_line(m, s->loc,
				 "%s; %sif %s:: atomic { %s -> %s }; hold[%d] = 1; %s%s%s "
				 ":: else -> %s%s fi%s;",
				 prefix, W0,
				 rec ? xprintf(":: hold[%d] > 0 -> hold[%d]++; %s%s ", id, id, res1, done) : "",
				 guard, take, id, setlevel, res1, done, res0, TAG(PML_TAG_FAILED, s->id), W1);
		else
			pml_line(m, s->loc,
				 "%s; %sif :: atomic { %s -> %s }; rhold[%d]++; %s%s "
				 ":: else -> %s%s fi%s;",
				 prefix, W0, guard, take, id, res1, done, res0, TAG(PML_TAG_FAILED, s->id), W1);
		break;
	case LO_DOWNGRADE:
		/* the owner becomes a reader in one step: no writer in between */
		pml_line(m, s->loc, "%s; %sassert(hold[%d] > 0); hold[%d]--; atomic { lk_owner[%d] = 0; lk_readers[%d]++ }; "
			 "rhold[%d]++; %s%s;", prefix, W0, id, id, id, id, id, done, W1);
		break;
	case LO_RELEASE:
		if (s->mode == LM_EXCL) {
			const char *restore = ranked ? xprintf("; level = saved[%d]", id) : "";
			if (rec)
				pml_line(m, s->loc,
					 "%s; %sassert(hold[%d] > 0); hold[%d]--; if :: hold[%d] == 0 -> "
					 "atomic { lk_owner[%d] = 0 }%s :: else -> skip fi; %s%s;",
					 prefix, W0, id, id, id, id, restore, done, W1);
			else
				pml_line(m, s->loc, "%s; %sassert(hold[%d] > 0); hold[%d]--; atomic { lk_owner[%d] = 0 }%s; %s%s;",
					 prefix, W0, id, id, id, restore, done, W1);
		} else {
			pml_line(m, s->loc, "%s; %sassert(rhold[%d] > 0); rhold[%d]--; atomic { lk_readers[%d]-- }; %s%s;",
				 prefix, W0, id, id, id, done, W1);
		}
		break;
	}
}

static void pml_emit_lock(Pml *m, const IrStmt *s)
{
	int id = ir_lockref_const(m->p, s->lock);
	if (id >= 0) {
		m->map->lock_entry[s->id] = true;
		pml_lock_on(m, s, id, xprintf("E_%d: %s", s->id, pml_entry_tag(m, s, id)));
		return;
	}
	/* A dynamic reference: dispatch over the ids it may denote, so every
	 * branch names one constant lock and the trail tells which. */
	int ids[1024];
	int n = ir_lockref_ids(m->p, s->lock, ids, 1024);
	if (n > 1024)
		BUG("too many locks behind one reference");
	pml_line(m, s->loc, "E_%d: %s;", s->id, TAG(PML_TAG_ENTER, s->id));
	pml_line(m, s->loc, "if");
	for (int i = 0; i < n; i++) {
		StrBuf sb;
		sb_init(&sb);
		pml_lockref_match(m, s->lock, ids[i], &sb);
		const char *cond = sb_detach_arena(&sb);
		m->dispatch = true;
		pml_lock_on(m, s, ids[i], xprintf(":: %s -> %s", cond, pml_entry_tag(m, s, ids[i])));
		m->dispatch = false;
	}
	/* No lock: a NULL or stray pointer.  Fails as an assertion at the lock op. */
	pml_line(m, s->loc, ":: else -> assert(false)");
	pml_line(m, s->loc, "fi;");
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

static void pml_stmt(Pml *m, const IrStmt *s)
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
		/* an ls_assert*() has an entry label (the top of the file); a
		 * run-time check the front end added has none: it is never
		 * reported unreached (the statement it guards is), and it may
		 * open an atomic block, where a label cannot stand */
		if (s->violation)
			pml_line(m, s->loc, "%s;", TAG(PML_TAG_ENTER, s->id));
		else
			pml_line(m, s->loc, "E_%d: %s;", s->id, TAG(PML_TAG_ENTER, s->id));
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
