/*
 * trace.c - Trail -> CTrace: the counterexample replayed over the IR and
 * told in C terms (see trace.h for the model and its conventions).
 *
 * The replay keeps, per thread, the locks it holds (in acquisition order,
 * with recursion depth and the step that took each one).  It never evaluates
 * expressions: every value it needs is in the Trail (resolved lock ids,
 * branch outcomes, rank levels).
 */
#include "trace.h"

#include <string.h>

/* ---- names -------------------------------------------------------------- */
const char *trace_loc(SrcLoc loc)
{
	if (!loc.file)
		return "?";
	return xprintf("%s:%d", loc.file, loc.line);
}

/* Tabs and runs of blanks inside a C line would break the columns. */
const char *trace_src(SrcLoc loc)
{
	const char *line = source_line(loc.file, loc.line);
	char *out = xstrdup(line), *o = out;
	for (const char *c = line; *c; c++) {
		if (*c == ' ' || *c == '\t') {
			if (o > out && o[-1] != ' ')
				*o++ = ' ';
			continue;
		}
		*o++ = *c;
	}
	while (o > out && o[-1] == ' ')
		o--;
	*o = '\0';
	return out;
}

const char *trace_lane_short(const CTrace *t, int lane)
{
	return xprintf("%c%d", t->synthetic ? 'P' : 'T', lane + 1);
}

const char *trace_lock_name(const CTrace *t, int lock)
{
	const IrProgram *p = t->p;
	if (lock < 0 || lock >= p->nlocks)
		return "?";
	return p->locks[lock]->name;
}

int trace_lock_rank(const CTrace *t, int lock)
{
	if (lock < 0 || lock >= t->p->nlocks)
		return -1;
	return t->p->classes[t->p->locks[lock]->cls]->rank;
}

const char *trace_class_name(const CTrace *t, int lock)
{
	const IrProgram *p = t->p;
	if (lock < 0 || lock >= p->nlocks)
		return "?";
	return p->classes[p->classes[p->locks[lock]->cls]->order_class]->name;
}

bool trace_same_lock(const CTrace *t, int a, int b)
{
	const IrProgram *p = t->p;
	if (a == b)
		return true;
	if (!t->synthetic || a < 0 || b < 0 || a >= p->nlocks || b >= p->nlocks)
		return false;
	return p->classes[p->locks[a]->cls]->order_class == p->classes[p->locks[b]->cls]->order_class;
}

const char *trace_held_text(const CTrace *t, const CHeldSet *h)
{
	StrBuf sb;
	sb_init(&sb);
	sb_add(&sb, "{");
	for (int i = 0; i < h->n; i++) {
		sb_addf(&sb, "%s%s", i ? ", " : "", trace_lock_name(t, h->v[i].lock));
		if (h->v[i].shared)
			sb_add(&sb, "(r)");
		if (h->v[i].count > 1)
			sb_addf(&sb, "*%d", h->v[i].count);
	}
	sb_add(&sb, "}");
	return sb_detach_arena(&sb);
}

/* Element `index` of IrVar var's Promela array, as C names it:
 * "gpcs[0].valid", "count", "slots[2]". */
static const char *value_name(const IrProgram *p, int var, int index)
{
	const IrVar *v = p->vars[var];
	int inst = index / v->arrlen, k = index % v->arrlen;
	const char *name = v->name;
	if (v->type) {
		const char *dot = strchr(v->name, '.');
		const IrType *ty = p->types[v->type];
		name = xprintf("%s.%s", inst >= 1 && inst <= ty->ninst ? ty->inst_names[inst] : "NULL",
			       dot ? dot + 1 : v->name);
	}
	return v->arrlen > 1 ? xprintf("%s[%d]", name, k) : name;
}

/* A value as C would print it: a pointer is the object it points to. */
static const char *value_text(const IrProgram *p, int var, int value)
{
	const IrVar *v = p->vars[var];
	if (v->vk == VK_PTR && v->ptr_type > 0 && v->ptr_type < p->ntypes) {
		const IrType *ty = p->types[v->ptr_type];
		if (!value)
			return "NULL";
		if (value <= ty->ninst)
			return xprintf("&%s", ty->inst_names[value]);
	}
	if (v->vk == VK_FN && v->targets && value >= 1 && value <= v->hi)
		return v->targets[value];
	return xprintf("%d", value);
}

const char *trace_changes_text(const CTrace *t, const CStep *s)
{
	StrBuf sb;
	sb_init(&sb);
	sb_add(&sb, "");
	for (int i = 0; i < s->nchanges; i++) {
		const ValChange *c = &s->changes[i];
		if (c->var < 0 || c->var >= t->p->nvars)
			continue;
		sb_addf(&sb, "%s%s: %s -> %s", sb.len ? ", " : "", value_name(t->p, c->var, c->index),
			value_text(t->p, c->var, c->before), value_text(t->p, c->var, c->after));
	}
	return sb_detach_arena(&sb);
}

bool trace_shows(const CTrace *t, int i)
{
	return t->full || t->steps[i].in_brief;
}

const CWait *trace_wait_of(const CTrace *t, int lane)
{
	for (int i = 0; i < t->nwaits; i++)
		if (t->waits[i].thread == lane)
			return &t->waits[i];
	return NULL;
}

/* ---- held sets ---------------------------------------------------------- */
static CHeldSet held_copy(const CHeldSet *h)
{
	CHeldSet c = { NULL, h->n };
	if (h->n) {
		c.v = arena_array((size_t)h->n, sizeof(CHeld));
		memcpy(c.v, h->v, (size_t)h->n * sizeof(CHeld));
	}
	return c;
}

static int held_find(const CHeldSet *h, int lock)
{
	for (int i = 0; i < h->n; i++)
		if (h->v[i].lock == lock)
			return i;
	return -1;
}

/* The working set grows in the arena; old arrays are abandoned. */
static void held_take(CHeldSet *h, int lock, bool shared, int step, SrcLoc loc, int level)
{
	int i = held_find(h, lock);
	if (i >= 0) {
		h->v[i].count++;
		return;
	}
	CHeld *v = arena_array((size_t)h->n + 1, sizeof(CHeld));
	if (h->n)
		memcpy(v, h->v, (size_t)h->n * sizeof(CHeld));
	v[h->n] = (CHeld){ lock, shared, 1, step, loc, level };
	h->v = v;
	h->n++;
}

static bool held_drop(CHeldSet *h, int lock)
{
	int i = held_find(h, lock);
	if (i < 0)
		return false;
	if (--h->v[i].count > 0)
		return true;
	memmove(&h->v[i], &h->v[i + 1], (size_t)(h->n - i - 1) * sizeof(CHeld));
	h->n--;
	return true;
}

/* ---- one step ----------------------------------------------------------- */
static bool expr_has_choose(const IrExpr *e, int *n)
{
	if (!e)
		return false;
	if (e->kind == E_CHOOSE) {
		*n = e->value;
		return true;
	}
	return expr_has_choose(e->a, n) || expr_has_choose(e->b, n) || expr_has_choose(e->c, n);
}

static const char *lhs_name(const IrProgram *p, const IrThread *th, const IrExpr *e)
{
	if (!e)
		return "?";
	if (e->kind == E_VAR && e->var >= 0 && e->var < p->nvars)
		return p->vars[e->var]->name;
	if (e->kind == E_LOCAL && th && e->var >= 0 && e->var < th->nlocals)
		return th->locals[e->var]->name;
	return "?";
}

static void step_describe(CTrace *t, CStep *s, Verdict v)
{
	const IrProgram *p = t->p;
	const IrStmt *st = s->stmt;
	const IrThread *th = s->thread >= 0 && s->thread < p->nthreads ? p->threads[s->thread] : NULL;
	const char *ln = trace_lock_name(t, s->lock);
	const char *sh = s->shared ? "-shared" : "";
	const char *rec = s->recursive ? " (recursive)" : "";
	int n = 0;

	switch (s->kind) {
	case CS_ACQUIRE:
		s->action = xprintf("acquire%s %s%s", sh, ln, rec);
		s->brief = xprintf("%s(%s);", s->shared ? "rlock" : "lock", ln);
		if (s->failed && v == V_RANK_VIOLATION)
			s->action = xprintf("acquire%s %s%s: rank %d below level %d", sh, ln, rec,
					    t->fail_rank, t->fail_level);
		break;
	case CS_RELEASE:
		s->action = xprintf("release%s %s%s", sh, ln, rec);
		s->brief = xprintf("%s(%s);", s->shared ? "runlock" : "unlock", ln);
		if (s->failed && v == V_DOUBLE_UNLOCK)
			s->action = xprintf("release%s %s: already released", sh, ln);
		else if (s->failed && v == V_UNLOCK_NOT_HELD)
			s->action = xprintf("release%s %s: not held", sh, ln);
		break;
	case CS_DOWNGRADE:
		s->action = xprintf("downgrade %s to shared%s", ln, s->failed ? ": not held" : "");
		s->brief = xprintf("downgrade(%s);", ln);
		break;
	case CS_TRYLOCK_OK:
		s->action = xprintf("trylock%s %s: ok", sh, ln);
		s->brief = xprintf("%s(%s);", s->shared ? "rtrylock" : "trylock", ln);
		break;
	case CS_TRYLOCK_FAIL:
		s->action = xprintf("trylock%s %s: failed", sh, ln);
		s->brief = xprintf("%s(%s) fails;", s->shared ? "rtrylock" : "trylock", ln);
		break;
	case CS_ASSERT:
		if (st && st->violation)
			s->action = xprintf("%s: %s", verdict_name((Verdict)st->violation), st->text);
		else
			s->action = xprintf("assert '%s'%s", st && st->text ? st->text : "?",
					    s->failed ? " FAILED" : ": ok");
		s->brief = xprintf("assert(%s);", st && st->text ? st->text : "?");
		break;
	case CS_CHOOSE:
		expr_has_choose(st->kind == S_ASSIGN ? st->rhs : st->cond, &n);
		if (s->value >= 0)
			s->action = xprintf("choose %d of 0..%d", s->value, n - 1);
		else
			s->action = xprintf("choose one of 0..%d", n - 1);
		if (st->kind == S_ASSIGN)
			s->action = xprintf("%s -> %s", s->action, lhs_name(p, th, st->lhs));
		else
			s->action = xprintf("%s: %s", s->action, st->kind == S_LOOP
					    ? (s->taken ? "loop again" : "loop exit")
					    : (s->taken ? "branch taken" : "branch not taken"));
		s->brief = s->value >= 0 ? xprintf("choose = %d", s->value) : "choose";
		break;
	case CS_ASSIGN:
		/* a read of modelled state into a temporary, the first part of
		 * its C statement (IrStmt.partial), is told as the read */
		if (st->partial && st->atomic) /* IrStmt.atomic: no other thread runs before the write */
			s->action = xprintf("read %s, atomic with its write", lhs_name(p, th, st->rhs));
		else if (st->partial)
			s->action = xprintf("read %s", st->rhs && st->rhs->kind == E_VAR ? lhs_name(p, th, st->rhs)
											   : "modelled state");
		else
			s->action = xprintf("assign %s", lhs_name(p, th, st->lhs));
		s->brief = s->action;
		break;
	case CS_BRANCH:
		if (st->kind == S_LOOP)
			s->action = s->value ? "loop: again" : "loop: exit";
		else
			s->action = s->value ? "branch taken" : "branch not taken";
		if (!st->cond)
			s->action = xprintf("%s (either: %s)", s->action,
					    st->why ? st->why : "abstracted");
		s->brief = s->action;
		break;
	case CS_PROGRESS:
		s->action = "progress";
		s->brief = "progress";
		break;
	case CS_OTHER:
		switch (st ? st->kind : S_SKIP) {
		case S_GOTO: s->action = xprintf("goto %s", st->label ? st->label : "?"); break;
		case S_BREAK: s->action = "break"; break;
		case S_CONTINUE: s->action = "continue"; break;
		case S_LABEL: s->action = xprintf("label %s", st->label ? st->label : "?"); break;
		default: s->action = "skip"; break;
		}
		s->brief = s->action;
		break;
	}
}

static void step_classify(CStep *s, const TrailStep *ts)
{
	const IrStmt *st = ts->stmt;
	int n;
	s->lock = -1;
	s->value = -1;
	switch (st->kind) {
	case S_LOCK:
		s->lock = ts->lock;
		s->shared = st->mode == LM_SHARED;
		s->recursive = st->recursive;
		if (st->op == LO_ACQUIRE)
			s->kind = CS_ACQUIRE;
		else if (st->op == LO_RELEASE)
			s->kind = CS_RELEASE;
		else if (st->op == LO_DOWNGRADE)
			s->kind = CS_DOWNGRADE;
		else
			s->kind = ts->taken ? CS_TRYLOCK_OK : CS_TRYLOCK_FAIL;
		break;
	case S_ASSERT:
		s->kind = CS_ASSERT;
		break;
	case S_ASSIGN:
		s->kind = expr_has_choose(st->rhs, &n) ? CS_CHOOSE : CS_ASSIGN;
		s->value = ts->chosen;
		break;
	case S_IF:
	case S_LOOP:
		s->taken = ts->taken;
		s->value = ts->taken;
		if (st->cond && expr_has_choose(st->cond, &n)) {
			s->kind = CS_CHOOSE;
			s->value = ts->chosen;
			/* `if (ls_choose(2))`: the branch tells the value */
			if (s->value < 0 && st->cond->kind == E_CHOOSE && n == 2)
				s->value = ts->taken;
		} else {
			s->kind = CS_BRANCH;
		}
		break;
	case S_PROGRESS:
		s->kind = CS_PROGRESS;
		break;
	default:
		s->kind = CS_OTHER;
		break;
	}
}

/* Apply a lock step to its thread's held set; true if it changed. */
static bool step_apply(CHeldSet *h, const CStep *s, int index)
{
	if (s->failed || s->lock < 0)
		return false;
	switch (s->kind) {
	case CS_ACQUIRE:
	case CS_TRYLOCK_OK:
		held_take(h, s->lock, s->shared, index, s->loc, s->level_after);
		return true;
	case CS_RELEASE:
		return held_drop(h, s->lock);
	case CS_DOWNGRADE:
		held_drop(h, s->lock);
		held_take(h, s->lock, true, index, s->loc, s->level_after);
		return true;
	default:
		return false;
	}
}

/* ---- the wait-for graph ------------------------------------------------- */
static void trace_find_cycle(CTrace *t)
{
	int *path = arena_array((size_t)t->nlanes + 1, sizeof(int));
	for (int start = 0; start < t->nlanes; start++) {
		if (!trace_wait_of(t, start))
			continue;
		int len = 0, cur = start;
		for (;;) {
			for (int i = 0; i < len; i++) {
				if (path[i] != cur)
					continue;
				/* cycle path[i..len-1]; rotate to its lowest lane */
				int k = len - i, lo = i;
				for (int j = i; j < len; j++)
					if (path[j] < path[lo])
						lo = j;
				t->cycle = arena_array((size_t)k, sizeof(int));
				for (int j = 0; j < k; j++)
					t->cycle[j] = path[i + (lo - i + j) % k];
				t->ncycle = k;
				return;
			}
			const CWait *w = trace_wait_of(t, cur);
			if (!w || !w->nholders || len > t->nlanes)
				break;
			path[len++] = cur;
			/* follow the first holder that is itself stuck, else any */
			int next = w->holders[0];
			for (int i = 0; i < w->nholders; i++)
				if (trace_wait_of(t, w->holders[i])) {
					next = w->holders[i];
					break;
				}
			cur = next;
		}
	}
}

/* cycle[i] waits for w[i], held by cycle[i + 1]: cycle[i] holds w[i - 1]
 * (taken at from_loc) while it requests w[i] (at loc). */
static void trace_chain_from_cycle(CTrace *t)
{
	int k = t->ncycle;
	t->chain = arena_array((size_t)k, sizeof(CChainEdge));
	for (int i = 0; i < k; i++) {
		int lane = t->cycle[i];
		const CWait *w = trace_wait_of(t, lane);
		const CWait *prev = trace_wait_of(t, t->cycle[(i + k - 1) % k]);
		CChainEdge *e = &t->chain[i];
		e->thread = lane;
		e->from = prev->lock;
		e->to = w->lock;
		e->loc = w->loc;
		int h = held_find(&t->final_held[lane], prev->lock);
		if (h >= 0)
			e->from_loc = t->final_held[lane].v[h].loc;
	}
	t->nchain = k;
}

/* An order edge names order classes (lockgraph.h); the chain names the locks the
 * executions take: the one a constant acquisition at loc takes, if it is
 * of class cls (a lock class merges declarations, LS_CLASS, so the two
 * ends of a class cycle may be different locks of one class). */
typedef struct LockAt { SrcLoc loc; int cls; int lock; } LockAt;

static void lock_at_visit(const IrProgram *p, const IrStmt *s, LockAt *a)
{
	for (; s && a->lock < 0; s = s->next) {
		if (s->kind == S_LOCK && s->op != LO_RELEASE && s->loc.line == a->loc.line && s->loc.file &&
		    a->loc.file && !strcmp(s->loc.file, a->loc.file)) {
			int id = ir_lockref_const(p, s->lock);
			if (id >= 0 && p->classes[p->locks[id]->cls]->order_class == a->cls)
				a->lock = id;
		}
		lock_at_visit(p, s->body, a);
		lock_at_visit(p, s->then, a);
		lock_at_visit(p, s->els, a);
	}
}

static int lock_at(const IrProgram *p, SrcLoc loc, int cls)
{
	LockAt a = { loc, cls, -1 };
	for (int i = 0; i < p->nthreads && a.lock < 0; i++)
		lock_at_visit(p, p->threads[i]->body, &a);
	if (a.lock >= 0)
		return a.lock;
	/* not a constant lock there: the first lock of the class */
	int first = lockgraph_class_lock(p, cls);
	return first >= 0 ? first : cls;
}

/* Potential deadlock: the first cycle of the lock-order graph (order classes, lockgraph.h),
 * by depth-first search in edge order. */
/* A node is (class, subclass): cls * IR_MAX_SUBCLASS + subclass. */
#define ORDER_NODE(c, sub) ((c) * IR_MAX_SUBCLASS + (sub))
static bool order_dfs(const CheckResult *r, int node, int *state, int *stack, int depth, CTrace *t)
{
	state[node] = 1;
	for (int i = 0; i < r->nedges; i++) {
		const OrderEdge *e = &r->edges[i];
		if (ORDER_NODE(e->from, e->from_sub) != node || e->to < 0 || e->to >= t->p->nclasses)
			continue;
		int to = ORDER_NODE(e->to, e->to_sub);
		stack[depth] = i;
		if (state[to] == 1) {
			int first = depth;
			while (first > 0 && ORDER_NODE(r->edges[stack[first]].from, r->edges[stack[first]].from_sub) != to)
				first--;
			t->nchain = depth - first + 1;
			t->chain = arena_array((size_t)t->nchain, sizeof(CChainEdge));
			for (int j = 0; j < t->nchain; j++) {
				const OrderEdge *x = &r->edges[stack[first + j]];
				t->chain[j] = (CChainEdge){ lock_at(t->p, x->from_loc, x->from),
							    lock_at(t->p, x->loc, x->to), -1, x->loc, x->from_loc,
							    x->from_sub, x->to_sub };
			}
			return true;
		}
		if (state[to] == 0 && order_dfs(r, to, state, stack, depth + 1, t))
			return true;
	}
	state[node] = 2;
	return false;
}

static void trace_order_chain(CTrace *t)
{
	const CheckResult *r = t->r;
	int n = t->p->nclasses;
	if (!r->nedges || !n)
		return;
	int *state = arena_array((size_t)n * IR_MAX_SUBCLASS, sizeof(int));
	int *stack = arena_array((size_t)r->nedges + 1, sizeof(int));
	for (int i = 0; i < r->nedges && !t->nchain; i++) {
		int from = r->edges[i].from;
		if (from >= 0 && from < n && !state[ORDER_NODE(from, r->edges[i].from_sub)])
			order_dfs(r, ORDER_NODE(from, r->edges[i].from_sub), state, stack, 0, t);
	}
}

/* Without a trail, a potential deadlock gets lockdep's hypothetical
 * scenario: path i takes chain[i].from, then every path requests its
 * chain[i].to. */
static Trail *trace_synthesize(CTrace *t)
{
	int k = t->nchain;
	Trail *tr = arena_alloc(sizeof(Trail));
	tr->nthreads = k;
	tr->steps = arena_array((size_t)k, sizeof(TrailStep));
	tr->stuck = arena_array((size_t)k, sizeof(IrStmt *));
	tr->stuck_lock = arena_array((size_t)k, sizeof(int));
	tr->failed_thread = -1;
	tr->failed_lock = -1;
	tr->failed_level = -1;
	tr->failed_rank = -1;
	tr->cycle_start = -1;
	t->nlanes = k;
	t->lane_names = arena_array((size_t)k, sizeof(char *));
	for (int i = 0; i < k; i++) {
		const CChainEdge *e = &t->chain[i];
		IrStmt *take = arena_alloc(sizeof(IrStmt));
		take->kind = S_LOCK;
		take->op = LO_ACQUIRE;
		take->mode = LM_EXCL;
		take->loc = e->from_loc;
		IrStmt *want = arena_alloc(sizeof(IrStmt));
		*want = *take;
		want->loc = e->loc;
		tr->steps[tr->nsteps++] = (TrailStep){ i, take, e->from, true, -1, -1, -1, NULL, 0 };
		tr->stuck[i] = want;
		tr->stuck_lock[i] = e->to;
		t->lane_names[i] = xprintf("P%d: %s, then %s", i + 1, trace_lock_name(t, e->from),
					   trace_lock_name(t, e->to));
	}
	t->synthetic = true;
	return tr;
}

/* ---- the projection ----------------------------------------------------- */
/* The acquisition by a cycle thread of a lock another cycle thread waits for. */
static bool step_closes_cycle(const CTrace *t, int step)
{
	for (int i = 0; i < t->nchain; i++) {
		int lane = t->chain[i].thread;
		if (lane < 0)
			continue;
		const CHeldSet *h = &t->final_held[lane];
		for (int k = 0; k < h->n; k++)
			if (h->v[k].step == step && h->v[k].lock == t->chain[i].from)
				return true;
	}
	return false;
}

static void trace_mark_cycle(CTrace *t)
{
	t->lane_in_cycle = arena_array((size_t)t->nlanes + 1, sizeof(bool));
	for (int l = 0; l < t->nlanes; l++)
		t->lane_in_cycle[l] = t->synthetic;
	for (int i = 0; i < t->ncycle; i++)
		t->lane_in_cycle[t->cycle[i]] = true;
	for (int i = 0; i < t->nsteps; i++)
		t->steps[i].cycle_acquire = step_closes_cycle(t, i);
}

/* The trail over the IR; paths: ignore the trail and build lockdep's
 * hypothetical paths of a potential deadlock's chain instead. */
static CTrace *trace_build(const IrProgram *p, const CheckResult *r, bool paths)
{
	CTrace *t = arena_alloc(sizeof(CTrace));
	t->p = p;
	t->r = r;
	t->failed_step = -1;
	t->fail_level = -1;
	t->fail_rank = -1;
	t->cycle_start = -1;
	t->nlanes = p->nthreads;
	t->lane_names = arena_array((size_t)p->nthreads + 1, sizeof(char *));
	for (int i = 0; i < p->nthreads; i++)
		t->lane_names[i] = xprintf("T%d %s", i + 1, p->threads[i]->name);

	const Trail *tr = paths ? NULL : r->trail;
	if (r->verdict == V_POTENTIAL_DEADLOCK) {
		trace_order_chain(t);
		if (!tr && t->nchain)
			tr = trace_synthesize(t);
	}
	if (!tr) {
		trace_mark_cycle(t);
		return t;
	}

	/* the failing check: its thread's last step, if the trail has it.  The
	 * search stops at the violation, so an earlier execution of the same
	 * check that its thread went on from (a range check in a loop, passed
	 * at the previous call) held: then the failing one is appended */
	int failed_at = -1;
	if (tr->failed)
		for (int i = tr->nsteps - 1; i >= 0; i--)
			if (tr->steps[i].thread == tr->failed_thread) {
				if (tr->steps[i].stmt == tr->failed)
					failed_at = i;
				break;
			}
	bool append_failed = tr->failed && failed_at < 0 && tr->failed_thread >= 0;

	CHeldSet *held = arena_array((size_t)t->nlanes + 1, sizeof(CHeldSet));
	t->steps = arena_array((size_t)tr->nsteps + 1, sizeof(CStep));
	for (int i = 0; i < tr->nsteps + (append_failed ? 1 : 0); i++) {
		TrailStep synth;
		const TrailStep *ts = &tr->steps[i];
		if (i == tr->nsteps) {
			/* the failing check is not in the trail: it is the next step */
			int lvl = -1;
			for (int j = tr->nsteps - 1; j >= 0; j--)
				if (tr->steps[j].thread == tr->failed_thread && tr->steps[j].level_after >= 0) {
					lvl = tr->steps[j].level_after;
					break;
				}
			if (tr->failed_level >= 0)
				lvl = tr->failed_level;
			int lock = tr->failed_lock;
			if (lock < 0 && tr->failed->kind == S_LOCK)
				lock = ir_lockref_const(p, tr->failed->lock);
			synth = (TrailStep){ tr->failed_thread, tr->failed, lock, false, lvl, lvl, -1, NULL, 0 };
			ts = &synth;
			failed_at = i;
		}
		if (!ts->stmt || ts->thread < 0 || ts->thread >= t->nlanes)
			continue;
		/* a run-time check that held is not a step of the C code */
		if (ts->stmt->kind == S_ASSERT && ts->stmt->violation && i != failed_at)
			continue;
		CStep *s = &t->steps[t->nsteps];
		s->n = t->nsteps + 1;
		s->thread = ts->thread;
		s->stmt = ts->stmt;
		s->loc = ts->stmt->loc;
		s->text = trace_src(s->loc);
		s->level_before = ts->level_before;
		s->level_after = ts->level_after;
		if (ts->level_before >= 0 || ts->level_after >= 0)
			t->has_levels = true;
		step_classify(s, ts);
		s->changes = ts->changes;
		s->nchanges = ts->nchanges;
		if (i == failed_at) {
			s->failed = true;
			t->failed_step = t->nsteps;
			if (s->lock < 0 && tr->failed_lock >= 0)
				s->lock = tr->failed_lock;
			if (r->verdict == V_RANK_VIOLATION) {
				t->fail_level = tr->failed_level >= 0 ? tr->failed_level : s->level_before;
				t->fail_rank = tr->failed_rank >= 0 ? tr->failed_rank : trace_lock_rank(t, s->lock);
			}
		}
		if (i == tr->cycle_start)
			t->cycle_start = t->nsteps;
		step_describe(t, s, r->verdict);
		s->lockish = s->kind == CS_ACQUIRE || s->kind == CS_RELEASE || s->kind == CS_DOWNGRADE || s->kind == CS_TRYLOCK_OK ||
			     s->kind == CS_TRYLOCK_FAIL || s->kind == CS_ASSERT;
		s->scenario_row = s->lock >= 0;
		s->held_changed = step_apply(&held[s->thread], s, t->nsteps);
		s->held = held_copy(&held[s->thread]);
		t->nsteps++;
	}
	t->final_held = held;

	/* who is stuck where, and who holds what they wait for: only in a
	 * deadlock (the hypothetical paths are one) */
	bool stuck = r->verdict == V_DEADLOCK || t->synthetic;
	t->waits = arena_array((size_t)t->nlanes + 1, sizeof(CWait));
	for (int i = 0; stuck && tr->stuck && i < tr->nthreads && i < t->nlanes; i++) {
		if (!tr->stuck[i])
			continue;
		CWait *w = &t->waits[t->nwaits++];
		w->thread = i;
		w->lock = tr->stuck_lock ? tr->stuck_lock[i] : -1;
		w->loc = tr->stuck[i]->loc;
		w->text = trace_src(w->loc);
		for (int j = 0; j < t->nlanes && w->lock >= 0; j++) {
			bool holds = false;
			for (int k = 0; k < held[j].n && !holds; k++)
				holds = trace_same_lock(t, held[j].v[k].lock, w->lock);
			if (holds && w->nholders < 8)
				w->holders[w->nholders++] = j;
		}
	}
	if (r->verdict == V_DEADLOCK) {
		trace_find_cycle(t);
		if (t->ncycle)
			trace_chain_from_cycle(t);
	}
	trace_mark_cycle(t);
	return t;
}

/* The state an expression reads: per IrVar, -2 none, the element of its
 * Promela array when instance and index are constants, -1 any element. */
static void expr_reads(const IrProgram *p, const IrExpr *e, int *reads)
{
	if (!e)
		return;
	if (e->kind == E_VAR && e->var >= 0 && e->var < p->nvars) {
		int elem = -1;
		if ((!e->a || e->a->kind == E_CONST) && (!e->b || e->b->kind == E_CONST))
			elem = (e->a ? e->a->value : 1) * p->vars[e->var]->arrlen + (e->b ? e->b->value : 0);
		reads[e->var] = reads[e->var] == -2 || reads[e->var] == elem ? elem : -1;
	}
	expr_reads(p, e->a, reads);
	expr_reads(p, e->b, reads);
	expr_reads(p, e->c, reads);
}

/* With values from the trail (spin -g), a write is a change of an element
 * the check reads; without (a value written equal to the old one is no
 * change), an assignment to a variable it reads. */
static bool step_writes(const IrProgram *p, const CStep *s, const int *reads, bool values)
{
	const IrStmt *st = s->stmt;
	for (int i = 0; i < s->nchanges; i++) {
		if (s->changes[i].var < 0 || s->changes[i].var >= p->nvars)
			continue;
		int r = reads[s->changes[i].var];
		if (r == -1 || (r >= 0 && r == s->changes[i].index))
			return true;
	}
	return !values && st && st->kind == S_ASSIGN && st->lhs && st->lhs->kind == E_VAR &&
	       reads[st->lhs->var] != -2;
}

/* The brief form and the causal step (trace.h). */
static void trace_mark_brief(CTrace *t)
{
	t->causal_step = -1;
	int *reads = arena_array((size_t)t->p->nvars + 1, sizeof(int));
	for (int i = 0; i < t->p->nvars; i++)
		reads[i] = -2;
	const CStep *f = t->failed_step >= 0 ? &t->steps[t->failed_step] : NULL;
	if (f && f->stmt && f->kind == CS_ASSERT)
		expr_reads(t->p, f->stmt->cond, reads);
	bool values = false;
	for (int i = 0; i < t->nsteps; i++)
		values |= t->steps[i].nchanges > 0;
	for (int i = 0; i < t->nsteps; i++) {
		CStep *s = &t->steps[i];
		s->writes_read = f && i < t->failed_step && step_writes(t->p, s, reads, values);
		if (s->writes_read)
			t->causal_step = i;
		/* a read of what the check reads, before the failure: with the
		 * writes it shows a lost update (read, read, write, write) */
		bool reads_read = false;
		if (f && i < t->failed_step && s->stmt && s->stmt->partial) {
			int *r = arena_array((size_t)t->p->nvars + 1, sizeof(int));
			for (int v = 0; v < t->p->nvars; v++)
				r[v] = -2;
			expr_reads(t->p, s->stmt->rhs, r);
			for (int v = 0; v < t->p->nvars && !reads_read; v++)
				reads_read = r[v] != -2 && reads[v] != -2;
		}
		s->in_brief = s->lock >= 0 || s->kind == CS_ACQUIRE || s->kind == CS_RELEASE ||
			      s->kind == CS_TRYLOCK_OK || s->kind == CS_TRYLOCK_FAIL || s->writes_read ||
			      reads_read || s->failed || i == t->cycle_start;
		t->nbrief += s->in_brief;
	}
}

static void trace_fail_loc(CTrace *t)
{
	const Trail *tr = t->r->trail;
	t->fail_thread = -1;
	if (t->failed_step >= 0) {
		t->fail_loc = t->steps[t->failed_step].loc;
		t->fail_thread = t->steps[t->failed_step].thread;
	} else if (t->r->verdict == V_HELD_AT_EXIT && tr && tr->failed_thread >= 0 &&
		   tr->failed_thread < t->p->nthreads) {
		int l = tr->failed_thread;
		const CHeldSet *h = l < t->nlanes && t->final_held ? &t->final_held[l] : NULL;
		t->fail_loc = h && h->n ? h->v[0].loc : t->p->threads[l]->func_loc;
		t->fail_thread = l;
	} else if (t->nwaits) {
		t->fail_loc = t->waits[0].loc;
	} else if (t->nchain) {
		t->fail_loc = t->chain[0].loc;
	} else if (tr && tr->failed) {
		t->fail_loc = tr->failed->loc;
	}
}

CTrace *trace_project(const IrProgram *p, const CheckResult *r, bool full)
{
	CTrace *t = trace_build(p, r, false);
	trace_fail_loc(t);
	trace_mark_brief(t);
	t->full = full;
	t->scenario = t;
	/* a potential deadlock's trail does not block: its scenario is
	 * lockdep's hypothetical paths */
	if (r->verdict == V_POTENTIAL_DEADLOCK && r->trail && t->nchain) {
		CTrace *paths = trace_build(p, r, true);
		trace_mark_brief(paths);
		paths->full = full;
		paths->scenario = paths;
		t->scenario = paths;
	}
	return t;
}

const CheckResult *trace_also_result(const CheckResult *r, const Violation *v)
{
	CheckResult *other = arena_alloc(sizeof(*other));
	*other = *r;
	other->verdict = v->verdict;
	other->detail = v->detail;
	other->trail = v->trail;
	other->spin_output = v->spin_output;
	return other;
}
