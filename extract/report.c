/*
 * report.c - a counterexample as text: trace.txt for people, in lockdep's
 * shape (chain, possible unsafe locking scenario, locks held, each with
 * file:line and the C line), and schedule.txt for the runtime replay.
 *
 * Output is deterministic: no pointers, no dates, no timings but those in
 * the CheckResult.  Column widths come from the data.
 */
#include "stages.h"
#include "trace.h"

#include <string.h>

#define SRC_MAX 52 /* C text shown in the interleaving table */


static const char *clip(const char *s, size_t max)
{
	if (!s)
		return "";
	if (strlen(s) <= max)
		return s;
	return xprintf("%.*s...", (int)(max - 3), s);
}

static void pad(StrBuf *out, const char *s, int width)
{
	int n = (int)strlen(s);
	sb_add(out, s);
	for (; n < width; n++)
		sb_add(out, " ");
}

/* Trim trailing blanks of the last line (padding of a last column). */
static void end_line(StrBuf *out)
{
	while (out->len && out->buf[out->len - 1] == ' ')
		out->buf[--out->len] = '\0';
	sb_add(out, "\n");
}

/* "T2" list of the holders of a wait */
static const char *holders_text(const CTrace *t, const CWait *w)
{
	if (!w->nholders)
		return "held by no thread";
	StrBuf sb;
	sb_init(&sb);
	sb_add(&sb, "held by ");
	for (int i = 0; i < w->nholders; i++)
		sb_addf(&sb, "%s%s", i ? (i == w->nholders - 1 ? " and " : ", ") : "",
			trace_lane_short(t, w->holders[i]));
	return sb_detach_arena(&sb);
}

/* ---- 1. header ---------------------------------------------------------- */
static void report_header(const CTrace *t, StrBuf *out)
{
	const IrProgram *p = t->p;
	const CheckResult *r = t->r;
	const char *v = verdict_name(r->verdict);
	sb_addf(out, "lockspin trace: %s, variant %s\n", p->spec, p->variant);
	sb_addf(out, "verdict:  %s", v);
	if (r->detail && *r->detail)
		sb_addf(out, ": %s", r->detail);
	sb_add(out, "\n");
	bool match = p->expect && strcmp(p->expect, v) == 0;
	sb_addf(out, "expected: %s (%s)", p->expect ? p->expect : "?", match ? "as expected" : "DIFFERS");
	if (p->why && *p->why)
		sb_addf(out, ": %s", p->why);
	sb_add(out, "\n");
	/* no time here: trace.txt is committed and must not change run to run */
	sb_addf(out, "search:   %s, %ld states, %ld transitions\n",
		r->complete ? "complete" : xprintf("INCOMPLETE (%s)",
						   r->incomplete_why ? r->incomplete_why : "unknown"),
		r->states, r->transitions);
	if (t->nlanes && !t->synthetic) {
		sb_add(out, "threads: ");
		for (int i = 0; i < t->nlanes; i++)
			sb_addf(out, " %s (%s)%s", t->lane_names[i], trace_loc(p->threads[i]->loc),
				i + 1 < t->nlanes ? "," : "");
		sb_add(out, "\n");
	}
}

/* ---- 2. the interleaving ------------------------------------------------ */
/* "hva_to_pfn_retry()": the innermost C function of a step. */
static const char *func_name(const IrStmt *st)
{
	if (!st || !st->func)
		return "";
	size_t n = strcspn(st->func, " ");
	return xprintf("%.*s()", (int)n, st->func);
}

static void report_steps(const CTrace *t, StrBuf *out)
{
	if (!t->nsteps)
		return;
	enum { C_N, C_THR, C_LOC, C_FN, C_SRC, C_ACT, C_VAL, C_HELD, C_LVL, NCOL };
	static const char *const head[NCOL] = { "step", "thread", "location", "in", "C source", "action",
						"changed", "held after", "level" };
	int w[NCOL];
	for (int c = 0; c < NCOL; c++)
		w[c] = (int)strlen(head[c]);
	const char **cell = arena_array((size_t)t->nsteps * NCOL, sizeof(char *));
	for (int i = 0; i < t->nsteps; i++) {
		const CStep *s = &t->steps[i];
		const char **row = &cell[i * NCOL];
		row[C_N] = xprintf("%d", s->n);
		row[C_THR] = t->lane_names[s->thread];
		row[C_LOC] = trace_loc(s->loc);
		row[C_FN] = func_name(s->stmt);
		row[C_SRC] = clip(s->text, SRC_MAX);
		row[C_ACT] = i == t->causal_step ? xprintf("%s  <- causes the failure", s->action) : s->action;
		row[C_VAL] = trace_changes_text(t, s);
		/* dimmer: non-lock steps show no held column */
		row[C_HELD] = s->lockish ? trace_held_text(t, &s->held) : "";
		row[C_LVL] = "";
		if (t->has_levels && s->lock >= 0)
			row[C_LVL] = s->failed && t->fail_level >= 0
					       ? xprintf("%d > %d", t->fail_level, t->fail_rank)
					       : xprintf("%d->%d", s->level_before, s->level_after);
		for (int c = 0; c < NCOL && trace_shows(t, i); c++)
			if ((int)strlen(row[c]) > w[c])
				w[c] = (int)strlen(row[c]);
	}
	int ncol = t->has_levels ? NCOL : NCOL - 1;
	bool vals = false; /* a "changed" column only when the trail has values */
	for (int i = 0; i < t->nsteps; i++)
		vals |= trace_shows(t, i) && t->steps[i].nchanges > 0;
	if (t->full || t->nbrief == t->nsteps)
		sb_addf(out, "\nInterleaving (%d step%s):\n", t->nsteps, t->nsteps == 1 ? "" : "s");
	else
		sb_addf(out, "\nInterleaving (%d steps; brief form, %d shown: lock operations, reads and writes of"
			     " what the failing check reads, the failing step; --full for all):\n", t->nsteps, t->nbrief);
	sb_add(out, "  ");
	for (int c = 0; c < ncol; c++) {
		if (c == C_VAL && !vals)
			continue;
		if (c == C_N)
			sb_addf(out, "%*s", w[c], head[c]);
		else
			pad(out, head[c], w[c]);
		sb_add(out, "  ");
	}
	end_line(out);
	for (int i = 0; i < t->nsteps; i++) {
		const char **row = &cell[i * NCOL];
		if (!trace_shows(t, i))
			continue;
		if (i == t->cycle_start)
			sb_add(out, "  <<< cycle starts here, repeats forever >>>\n");
		sb_add(out, t->steps[i].failed ? "> " : "  ");
		for (int c = 0; c < ncol; c++) {
			if (c == C_VAL && !vals)
				continue;
			if (c == C_N)
				sb_addf(out, "%*s", w[c], row[c]);
			else
				pad(out, row[c], w[c]);
			sb_add(out, "  ");
		}
		end_line(out);
	}
	if (t->cycle_start >= 0)
		sb_add(out, "  <<< back to the cycle start, forever, with no ls_progress() >>>\n");
	/* only a deadlock has waits (trace.h) */
	for (int i = 0; i < t->nwaits; i++) {
		const CWait *wt = &t->waits[i];
		sb_addf(out, "  %s waits for '%s' at %s (%s)\n", trace_lane_short(t, wt->thread),
			trace_lock_name(t, wt->lock), trace_loc(wt->loc), holders_text(t, wt));
	}
}

/* "  #0: a, taken at file:line: text" for every lock of h */
static void report_held(const CTrace *t, const CHeldSet *h, const char *indent, StrBuf *out)
{
	for (int i = 0; i < h->n; i++) {
		const CHeld *c = &h->v[i];
		sb_addf(out, "%s#%d: %s%s%s, taken at %s: %s", indent, i, trace_lock_name(t, c->lock),
			c->shared ? " (shared)" : "", c->count > 1 ? xprintf(" (%d deep)", c->count) : "",
			trace_loc(c->loc), trace_src(c->loc));
		if (c->step >= 0 && !t->synthetic)
			sb_addf(out, "  [step %d]", t->steps[c->step].n);
		sb_add(out, "\n");
	}
}

static void report_lane_held(const CTrace *t, int lane, const CHeldSet *h, StrBuf *out)
{
	sb_addf(out, " %s holds %d lock%s%s\n", t->lane_names[lane], h->n, h->n == 1 ? "" : "s",
		h->n ? ":" : ".");
	report_held(t, h, "  ", out);
}

/* ---- 3. deadlock: chain, scenario, wait-for state ----------------------- */
/* A lock of the chain, with lockdep's "/subclass" when it was taken nested. */
static const char *chain_lock(const CTrace *t, int lock, int sub)
{
	return sub ? xprintf("%s/%d", trace_lock_name(t, lock), sub) : trace_lock_name(t, lock);
}

static void report_chain(const CTrace *t, StrBuf *out)
{
	if (!t->nchain)
		return;
	sb_add(out, "\nChain exists of:\n  ");
	for (int i = 0; i < t->nchain; i++)
		sb_addf(out, "%s --> ", chain_lock(t, t->chain[i].from, t->chain[i].from_sub));
	/* the last edge's lock: a class cycle may close on another lock of the class */
	sb_addf(out, "%s\n\n", chain_lock(t, t->chain[t->nchain - 1].to, t->chain[t->nchain - 1].to_sub));
	int w = 0;
	const char **arrow = arena_array((size_t)t->nchain, sizeof(char *));
	for (int i = 0; i < t->nchain; i++) {
		arrow[i] = xprintf("%s --> %s", chain_lock(t, t->chain[i].from, t->chain[i].from_sub),
				   chain_lock(t, t->chain[i].to, t->chain[i].to_sub));
		if ((int)strlen(arrow[i]) > w)
			w = (int)strlen(arrow[i]);
	}
	for (int i = 0; i < t->nchain; i++) {
		const CChainEdge *e = &t->chain[i];
		const char *from = trace_lock_name(t, e->from), *to = trace_lock_name(t, e->to);
		sb_add(out, "  ");
		pad(out, arrow[i], w);
		if (e->thread >= 0 && !t->synthetic)
			sb_addf(out, "  %s holds '%s' and waits for '%s':\n", t->lane_names[e->thread], from, to);
		else
			sb_addf(out, "  '%s' taken while '%s' is held:\n", to, from);
		sb_addf(out, "  %*s    %s: %s\n", w, "", trace_loc(e->from_loc), trace_src(e->from_loc));
		sb_addf(out, "  %*s    %s: %s\n", w, "", trace_loc(e->loc), trace_src(e->loc));
	}
}

static void report_scenario(const CTrace *t, StrBuf *out)
{
	/* lanes that take part: every lane with a lock step or a wait */
	int *col = arena_array((size_t)t->nlanes + 1, sizeof(int));
	int ncol = 0, nrows = 0;
	for (int l = 0; l < t->nlanes; l++) {
		bool used = trace_wait_of(t, l) != NULL;
		for (int i = 0; i < t->nsteps && !used; i++)
			used = t->steps[i].thread == l && t->steps[i].scenario_row;
		col[l] = used ? ncol++ : -1;
	}
	if (!ncol)
		return;
	int maxrows = t->nsteps + t->nwaits;
	int *rlane = arena_array((size_t)maxrows + 1, sizeof(int));
	const char **rtext = arena_array((size_t)maxrows + 1, sizeof(char *));
	for (int i = 0; i < t->nsteps; i++) {
		const CStep *s = &t->steps[i];
		if (!s->scenario_row || col[s->thread] < 0)
			continue;
		rlane[nrows] = s->thread;
		rtext[nrows++] = s->brief;
	}
	for (int i = 0; i < t->nwaits; i++) {
		rlane[nrows] = t->waits[i].thread;
		rtext[nrows++] = xprintf("lock(%s);  <- waits", trace_lock_name(t, t->waits[i].lock));
	}
	int *w = arena_array((size_t)ncol, sizeof(int));
	const char **head = arena_array((size_t)ncol, sizeof(char *));
	for (int l = 0; l < t->nlanes; l++)
		if (col[l] >= 0) {
			head[col[l]] = t->synthetic ? xprintf("P%d", l + 1) : trace_lane_short(t, l);
			w[col[l]] = 8;
		}
	for (int i = 0; i < nrows; i++)
		if ((int)strlen(rtext[i]) > w[col[rlane[i]]])
			w[col[rlane[i]]] = (int)strlen(rtext[i]);

	sb_add(out, "\n Possible unsafe locking scenario:\n\n");
	for (int pass = 0; pass < 2; pass++) {
		sb_add(out, "  ");
		for (int c = 0; c < ncol; c++) {
			pad(out, pass ? "----" : head[c], w[c]);
			sb_add(out, "    ");
		}
		end_line(out);
	}
	for (int i = 0; i < nrows; i++) {
		sb_add(out, "  ");
		for (int c = 0; c < col[rlane[i]]; c++) {
			pad(out, "", w[c]);
			sb_add(out, "    ");
		}
		sb_add(out, rtext[i]);
		end_line(out);
	}
	sb_add(out, "\n *** DEADLOCK ***\n");
}

static void report_waitfor(const CTrace *t, StrBuf *out)
{
	if (t->synthetic)
		return;
	int nheld = 0;
	for (int l = 0; l < t->nlanes; l++)
		nheld += t->final_held[l].n;
	sb_addf(out, "\n%d thread%s stuck, %d lock%s held when the trail ends:\n", t->nwaits,
		t->nwaits == 1 ? "" : "s", nheld, nheld == 1 ? "" : "s");
	for (int l = 0; l < t->nlanes; l++) {
		const CWait *w = trace_wait_of(t, l);
		if (!w && !t->final_held[l].n)
			continue;
		report_lane_held(t, l, &t->final_held[l], out);
		if (w)
			sb_addf(out, "  waits for '%s' at %s: %s  (%s)\n", trace_lock_name(t, w->lock),
				trace_loc(w->loc), w->text, holders_text(t, w));
	}
	if (t->ncycle) {
		sb_add(out, "\nWait-for cycle: ");
		for (int i = 0; i < t->ncycle; i++)
			sb_addf(out, "%s --> ", trace_lane_short(t, t->cycle[i]));
		sb_addf(out, "%s\n", trace_lane_short(t, t->cycle[0]));
	}
}

/* ---- 4. a failed check -------------------------------------------------- */
static void expr_vars(const IrExpr *e, int *vars, int *n, int max)
{
	if (!e)
		return;
	if (e->kind == E_VAR) {
		for (int i = 0; i < *n; i++)
			if (vars[i] == e->var)
				goto sub;
		if (*n < max)
			vars[(*n)++] = e->var;
	}
sub:
	expr_vars(e->a, vars, n, max);
	expr_vars(e->b, vars, n, max);
	expr_vars(e->c, vars, n, max);
}

/* For an assertion: who last wrote each piece of state it reads. */
static void report_last_writes(const CTrace *t, const CStep *s, StrBuf *out)
{
	int vars[16], n = 0;
	expr_vars(s->stmt ? s->stmt->cond : NULL, vars, &n, 16);
	bool first = true;
	for (int k = 0; k < n; k++) {
		const char *name = vars[k] >= 0 && vars[k] < t->p->nvars ? t->p->vars[vars[k]]->name : "?";
		const CStep *w = NULL;
		for (int i = t->failed_step - 1; i >= 0 && !w; i--) {
			const IrStmt *st = t->steps[i].stmt;
			if (st && st->kind == S_ASSIGN && st->lhs && st->lhs->kind == E_VAR && st->lhs->var == vars[k])
				w = &t->steps[i];
		}
		if (first)
			sb_add(out, "\nState the check reads, last written:\n");
		first = false;
		if (w)
			sb_addf(out, "  %s: by %s, step %d, at %s: %s\n", name, t->lane_names[w->thread], w->n,
				trace_loc(w->loc), w->text);
		else
			sb_addf(out, "  %s: not written in this trace (initial value)\n", name);
	}
	if (t->causal_step >= 0) {
		const CStep *c = &t->steps[t->causal_step];
		const char *vals = trace_changes_text(t, c);
		sb_addf(out, "The causal step, the last write of it: step %d, %s, at %s: %s%s%s\n", c->n,
			trace_lane_short(t, c->thread), trace_loc(c->loc), c->text, *vals ? "  " : "", vals);
	}
}

static void report_others_held(const CTrace *t, int except, StrBuf *out)
{
	/* held sets of the other lanes at the failing step */
	int upto = t->failed_step >= 0 ? t->failed_step : t->nsteps - 1;
	for (int l = 0; l < t->nlanes; l++) {
		if (l == except)
			continue;
		const CHeldSet *h = NULL;
		for (int i = upto; i >= 0 && !h; i--)
			if (t->steps[i].thread == l)
				h = &t->steps[i].held;
		if (h && h->n)
			report_lane_held(t, l, h, out);
	}
}

static void report_failed(const CTrace *t, StrBuf *out)
{
	const CheckResult *r = t->r;
	const Trail *tr = r->trail;
	if (r->verdict == V_HELD_AT_EXIT && tr && tr->failed_thread >= 0 && tr->failed_thread < t->nlanes) {
		int l = tr->failed_thread;
		const IrThread *th = t->p->threads[l];
		sb_addf(out, "\n%s returned from %s() (%s) still holding:\n", t->lane_names[l], th->func,
			trace_loc(th->func_loc));
		report_held(t, &t->final_held[l], "  ", out);
		return;
	}
	if (t->failed_step < 0)
		return;
	const CStep *s = &t->steps[t->failed_step];
	const char *ln = trace_lock_name(t, s->lock);
	/* a softirq handler's inversion is lockdep's SOFTIRQ one */
	bool soft = s->thread >= 0 && s->thread < t->p->nthreads && t->p->threads[s->thread]->softirq;
	sb_add(out, "\n");
	switch (r->verdict) {
	case V_ASSERTION:
		sb_addf(out, "Assertion failed: %s\n", s->stmt && s->stmt->text ? s->stmt->text : "?");
		break;
	case V_RANK_VIOLATION:
		sb_addf(out, "mm locking order violation: %d > %d\n", t->fail_level, t->fail_rank);
		break;
	case V_IRQ_INVERSION:
		sb_addf(out, "inconsistent lock state: {%s-ON-W} -> {IN-%s-W} usage\n", soft ? "SOFTIRQ" : "HARDIRQ",
			soft ? "SOFTIRQ" : "HARDIRQ");
		break;
	case V_DOUBLE_UNLOCK:
		sb_addf(out, "Double unlock of '%s'\n", ln);
		break;
	case V_UNLOCK_NOT_HELD:
		sb_addf(out, "Unlock of '%s', which %s does not hold\n", ln, trace_lane_short(t, s->thread));
		break;
	case V_OUT_OF_RANGE:
	case V_NULL_DEREF:
	case V_OUT_OF_BOUNDS:
	case V_DIV_ZERO:
		sb_addf(out, "Run-time check failed (%s): %s\n", verdict_name(r->verdict),
			s->stmt && s->stmt->text ? s->stmt->text : "?");
		break;
	default:
		sb_addf(out, "Check failed: %s\n", s->action);
		break;
	}
	sb_addf(out, "  at %s: %s\n", trace_loc(s->loc), s->text);
	sb_addf(out, "  in %s, step %d: %s\n", t->lane_names[s->thread], s->n, s->action);

	const CHeldSet *h = &s->held;
	int cpu = s->thread >= 0 && s->thread < t->p->nthreads ? t->p->threads[s->thread]->irq_cpu : -1;
	if (r->verdict == V_IRQ_INVERSION && cpu >= 0 && cpu < t->nlanes) {
		/* lockdep's shape: the CPU's hold with interrupts on, then the handler */
		const CHeld *mine = NULL;
		for (int i = 0; i < t->final_held[cpu].n; i++)
			if (trace_same_lock(t, t->final_held[cpu].v[i].lock, s->lock))
				mine = &t->final_held[cpu].v[i];
		if (mine)
			sb_addf(out, "\n'%s' was taken with %s enabled by %s at %s: %s\n", ln,
				soft ? "softirqs" : "interrupts", trace_lane_short(t, cpu), trace_loc(mine->loc),
				trace_src(mine->loc));
		sb_addf(out, "and is taken in %s handler %s, which interrupts it, at %s: %s\n",
			soft ? "softirq" : "interrupt", trace_lane_short(t, s->thread), trace_loc(s->loc), s->text);
		sb_addf(out, "\n Possible unsafe locking scenario:\n\n       %s\n       ----\n  lock(%s);\n"
			     "  <%s>\n    lock(%s);\n\n *** DEADLOCK ***\n",
			trace_lane_short(t, cpu), ln, soft ? "SoftIRQ" : "Interrupt", ln);
	}
	if (r->verdict == V_RANK_VIOLATION && s->lock >= 0) {
		const IrProgram *p = t->p;
		const IrLockClass *c = p->classes[p->locks[s->lock]->cls];
		sb_addf(out, "\n'%s' (class %s, declared at %s) has rank %d", ln, c->name,
			trace_loc(c->loc), t->fail_rank);
		if (c->bias_var >= 0 && c->bias_var < p->nvars)
			sb_addf(out, " (rank %d, +%d when %s)", c->rank, c->bias, p->vars[c->bias_var]->name);
		sb_addf(out, ";\n%s is at level %d", trace_lane_short(t, s->thread), t->fail_level);
		/* the held lock that set the level: the latest taken with it */
		const CHeld *setter = NULL;
		for (int i = 0; i < h->n; i++)
			if (h->v[i].level == t->fail_level)
				setter = &h->v[i];
		if (setter) {
			const IrLockClass *sc = p->classes[p->locks[setter->lock]->cls];
			sb_addf(out, ", set by '%s' (rank %d), taken at %s: %s\n", trace_lock_name(t, setter->lock),
				sc->rank, trace_loc(setter->loc), trace_src(setter->loc));
		} else {
			sb_add(out, "\n");
		}
		sb_add(out, "taking a lock of lower rank than the current level is a BUG (equal ranks are allowed)\n");
	}
	if (r->verdict == V_DOUBLE_UNLOCK && s->lock >= 0) {
		for (int i = t->failed_step - 1; i >= 0; i--) {
			const CStep *q = &t->steps[i];
			if (q->thread == s->thread && q->lock == s->lock && q->kind == CS_RELEASE) {
				sb_addf(out, "\n'%s' was released before at %s: %s  [step %d]\n", ln,
					trace_loc(q->loc), q->text, q->n);
				break;
			}
		}
	}
	if (r->verdict == V_UNLOCK_NOT_HELD && s->lock >= 0) {
		bool any = false;
		for (int l = 0; l < t->nlanes; l++) {
			int upto = t->failed_step;
			for (int i = upto; i >= 0; i--) {
				if (t->steps[i].thread != l)
					continue;
				for (int k = 0; k < t->steps[i].held.n; k++)
					if (t->steps[i].held.v[k].lock == s->lock) {
						sb_addf(out, "\n'%s' is held by %s, taken at %s\n", ln, trace_lane_short(t, l),
							trace_loc(t->steps[i].held.v[k].loc));
						any = true;
					}
				break;
			}
		}
		if (!any)
			sb_addf(out, "\n'%s' is held by no thread\n", ln);
	}
	if (r->verdict == V_ASSERTION || (r->verdict >= V_OUT_OF_RANGE && r->verdict <= V_DIV_ZERO))
		report_last_writes(t, s, out);
	sb_add(out, "\n");
	report_lane_held(t, s->thread, h, out);
	report_others_held(t, s->thread, out);
}

/* ---- 5. livelock -------------------------------------------------------- */
static void report_livelock(const CTrace *t, StrBuf *out)
{
	if (t->cycle_start < 0)
		return;
	sb_addf(out, "\nSteps %d..%d repeat forever and pass no ls_progress(): threads",
		t->steps[t->cycle_start].n, t->steps[t->nsteps - 1].n);
	for (int l = 0; l < t->nlanes; l++) {
		bool in = false;
		for (int i = t->cycle_start; i < t->nsteps && !in; i++)
			in = t->steps[i].thread == l;
		if (in)
			sb_addf(out, " %s", trace_lane_short(t, l));
	}
	sb_add(out, " keep retrying without getting anywhere.\n");
}

/* ---- 6. unreached ------------------------------------------------------- */
static void report_unreached(const CTrace *t, StrBuf *out)
{
	const CheckResult *r = t->r;
	if (r->nunreached)
		sb_add(out, "\n");
	for (int i = 0; i < r->nunreached; i++) {
		const IrStmt *s = r->unreached[i];
		sb_addf(out, "warning: %s: %s (a vacuous check is not a proof)\n", trace_loc(s->loc),
			spin_unreached_what(r, i));
	}
}

void report_trace_text(const CTrace *t, StrBuf *out)
{
	const CheckResult *r = t->r;
	report_header(t, out);
	if (r->verdict == V_OK && !r->trail)
		sb_add(out, "\nNo violation in any interleaving.\n");
	if (!t->synthetic)
		report_steps(t, out);
	switch (r->verdict) {
	case V_DEADLOCK:
	case V_POTENTIAL_DEADLOCK:
		if (r->verdict == V_POTENTIAL_DEADLOCK)
			sb_add(out, "\nThese locks are taken in a cyclic order by different executions;"
				    " no explored execution deadlocks, but the order allows it.\n");
		report_chain(t, out);
		if (t->scenario != t || t->nsteps || t->nwaits)
			report_scenario(t->scenario, out);
		if (r->verdict == V_DEADLOCK)
			report_waitfor(t, out);
		break;
	case V_ASSERTION:
	case V_RANK_VIOLATION:
	case V_IRQ_INVERSION:
	case V_DOUBLE_UNLOCK:
	case V_UNLOCK_NOT_HELD:
	case V_HELD_AT_EXIT:
	case V_OUT_OF_RANGE:
	case V_NULL_DEREF:
	case V_OUT_OF_BOUNDS:
	case V_DIV_ZERO:
		report_failed(t, out);
		break;
	case V_LIVELOCK:
		report_livelock(t, out);
		break;
	default:
		break;
	}
	report_unreached(t, out);
}

/* ---- schedule.txt ------------------------------------------------------- */
/* "pod_fault(&d0)" with func "pod_fault" -> "&d0"; "NULL" if empty. */
static const char *thread_arg(const IrThread *th)
{
	const char *name = th->name ? th->name : "";
	const char *open = strchr(name, '(');
	const char *close = strrchr(name, ')');
	if (!open || !close || close <= open + 1)
		return "NULL";
	return xstrndup(open + 1, (size_t)(close - open - 1));
}

static const char *sched_action(const CStep *s)
{
	switch (s->kind) {
	case CS_ACQUIRE: return s->shared ? "acquire-shared" : "acquire";
	case CS_RELEASE: return s->shared ? "release-shared" : "release";
	case CS_DOWNGRADE: return "downgrade";
	case CS_TRYLOCK_OK: return "trylock-ok";
	case CS_TRYLOCK_FAIL: return "trylock-fail";
	case CS_ASSERT: return s->stmt && s->stmt->implicit ? NULL : "assert";
	case CS_PROGRESS: return "progress";
	case CS_CHOOSE: return s->value >= 0 ? xprintf("choose=%d", s->value) : "choose=?";
	default: return NULL;
	}
}

static const char *sched_loc(SrcLoc loc)
{
	return loc.file ? xprintf("%s:%d", loc.file, loc.line) : "-:0";
}

void report_schedule(const CTrace *t, StrBuf *out)
{
	const IrProgram *p = t->p;
	const CheckResult *r = t->r;
	sb_add(out, "lockspin-schedule 1\n");
	sb_addf(out, "spec %s\n", p->spec);
	sb_addf(out, "variant %s\n", p->variant);
	sb_addf(out, "verdict %s\n", verdict_name(r->verdict));
	for (int i = 0; i < p->nthreads; i++)
		sb_addf(out, "thread %d %s %s\n", i, p->threads[i]->func, thread_arg(p->threads[i]));
	if (!t->synthetic) {
		int n = 0;
		/* per thread: its last step was a partial read of modelled state
		 * whose C statement native code stops inside at this inner point */
		int *inner = arena_array((size_t)p->nthreads + 1, sizeof(int));
		for (int i = 0; i < t->nsteps; i++) {
			const CStep *s = &t->steps[i];
			const char *a = sched_action(s);
			int pt = s->stmt && s->stmt->point > 0 && s->stmt->point <= p->npoints ? s->stmt->point : 0;
			int th = s->thread >= 0 && s->thread < p->nthreads ? s->thread : p->nthreads;
			if (!a && !pt && inner[th] > 0 && inner[th] <= p->npoints)
				pt = inner[th]; /* the rest of the statement, after its read */
			if (s->stmt)
				inner[th] = s->stmt->partial ? s->stmt->after_point : 0;
			if (!a && pt) {
				/* a plain statement over modelled state: where the
				 * front end placed its point (ls__point in native code) */
				sb_addf(out, "step %d %d %s point -\n", ++n, s->thread, sched_loc(p->points[pt - 1].loc));
				continue;
			}
			if (!a)
				continue;
			sb_addf(out, "step %d %d %s %s %s\n", ++n, s->thread, sched_loc(s->loc), a,
				s->lock >= 0 ? trace_lock_name(t, s->lock) : "-");
		}
		for (int i = 0; i < t->nwaits; i++)
			sb_addf(out, "stuck %d %s %s\n", t->waits[i].thread, sched_loc(t->waits[i].loc),
				trace_lock_name(t, t->waits[i].lock));
		/* a leak is told where the lock still held was taken (trace.c) */
		if (t->fail_thread >= 0)
			sb_addf(out, "fail %d %s %s\n", t->fail_thread, sched_loc(t->fail_loc),
				verdict_name(r->verdict));
	}
	sb_add(out, "end\n");
}
