/*
 * classify.c - what a counterexample is: pan's error line and spin's replay
 * errors named as verdicts, and a decoded Trail classified into a verdict
 * with its one-line detail ("'t1' waits for 'b' held by 't2'; ...").
 * Reads pan and spin output and IR; knows no Promela.
 */
#include "stages.h"

#include <stdio.h>
#include <string.h>

/* ---- pan's own error messages ------------------------------------------------------------ */
/*
 * pan reports an error as "pan:1: <message> (at depth N)".  The model's
 * own checks say "assertion violated <expr>", "invalid end state",
 * "non-progress cycle" or "acceptance cycle"; pan's run-time errors are
 * messages of their own ("assertion violated - invalid array index" is one,
 * whatever its prefix).  Each is named here; anything else is a tool
 * failure naming pan's text, never a deadlock.
 */
int classify_pan_error(const char *out, const char **msg)
{
	*msg = NULL;
	for (const char *l = out, *nl; l && *l; l = (nl = strchr(l, '\n')) ? nl + 1 : NULL) {
		if (strncmp(l, "pan:", 4) != 0)
			continue;
		const char *c = l + 4;
		while (*c >= '0' && *c <= '9')
			c++;
		if (c == l + 4 || c[0] != ':' || c[1] != ' ')
			continue; /* "pan: wrote ...", "pan: elapsed time ..." */
		c += 2;
		const char *end = strchr(c, '\n');
		size_t n = end ? (size_t)(end - c) : strlen(c);
		const char *depth = strstr(c, " (at depth ");
		if (depth && (size_t)(depth - c) < n)
			n = (size_t)(depth - c);
		*msg = xstrndup(c, n);
		if (strstr(*msg, "invalid array index"))
			return V_OUT_OF_BOUNDS;
		if (!strncmp(*msg, "invalid end state", 17))
			return V_DEADLOCK;
		if (!strncmp(*msg, "assertion violated", 18))
			return V_ASSERTION;
		if (!strncmp(*msg, "non-progress cycle", 18) || !strncmp(*msg, "acceptance cycle", 16))
			return V_LIVELOCK;
		return V_INCONCLUSIVE;
	}
	return -1;
}

int classify_replay_error(const char *out)
{
	/* spin -t goes on past a failed assertion: only an error before the
	 * first one is where the trail stopped */
	const char *idx = strstr(out, "Error: indexing array");
	const char *as = strstr(out, "Error: assertion violated");
	if (idx && (!as || idx < as))
		return V_OUT_OF_BOUNDS;
	return -1;
}

/* ---- classification ------------------------------------------------------------------ */
static const char *lock_name(const IrProgram *p, int id)
{
	return id >= 0 && id < p->nlocks ? p->locks[id]->name : "?";
}

static const char *thread_name(const IrProgram *p, int t)
{
	return t >= 0 && t < p->nthreads ? p->threads[t]->name : "?";
}

/* Exclusive owner of every lock at the end of the trail, and per thread the
 * locks it holds, by replaying the decoded steps. */
static int *trail_owners(const IrProgram *p, const Trail *tr)
{
	int *own = arena_array((size_t)p->nlocks + 1, sizeof(int));
	for (int i = 0; i < p->nlocks; i++)
		own[i] = -1;
	for (int i = 0; i < tr->nsteps; i++) {
		const TrailStep *s = &tr->steps[i];
		if (!s->stmt || s->stmt->kind != S_LOCK || s->lock < 0 || !s->taken || s->stmt->mode != LM_EXCL)
			continue;
		if (s->stmt->op == LO_RELEASE || s->stmt->op == LO_DOWNGRADE)
			own[s->lock] = -1;
		else
			own[s->lock] = s->thread;
	}
	return own;
}

static bool released_before(const Trail *tr, int thread, int lock)
{
	for (int i = 0; i < tr->nsteps; i++) {
		const TrailStep *s = &tr->steps[i];
		if (s->thread == thread && s->lock == lock && s->stmt && s->stmt->kind == S_LOCK &&
		    s->stmt->op == LO_RELEASE && s->taken)
			return true;
	}
	return false;
}

void classify_runtime(const IrProgram *p, CheckResult *r, const Trail *tr, int v)
{
	/* the last step executed is the one that failed */
	const TrailStep *last = tr->nsteps ? &tr->steps[tr->nsteps - 1] : NULL;
	r->verdict = (Verdict)v;
	if (last && last->stmt)
		r->detail = xprintf("pan: invalid array index at %s:%d in thread '%s'", last->stmt->loc.file,
				    last->stmt->loc.line, thread_name(p, last->thread));
	else
		r->detail = "pan: invalid array index";
}

void classify_trail(const IrProgram *p, CheckResult *r, const Trail *tr, bool deadlock, bool cycle)
{
	if (cycle) {
		r->verdict = V_LIVELOCK;
		r->detail = "non-progress cycle: the threads can loop forever without ls_progress()";
		return;
	}
	if (tr->failed_thread >= 0) {
		const IrStmt *s = tr->failed;
		const char *who = thread_name(p, tr->failed_thread);
		if (!s) {
			/* held-at-exit: which locks? */
			StrBuf sb;
			sb_init(&sb);
			int *hold = arena_array((size_t)p->nlocks + 1, sizeof(int));
			for (int i = 0; i < tr->nsteps; i++) {
				const TrailStep *st = &tr->steps[i];
				if (st->thread != tr->failed_thread || st->lock < 0 || !st->taken)
					continue;
				hold[st->lock] += st->stmt->op == LO_RELEASE ? -1 : 1;
			}
			for (int i = 0; i < p->nlocks; i++)
				if (hold[i] > 0)
					sb_addf(&sb, "%s'%s'", sb.len ? ", " : "", lock_name(p, i));
			r->verdict = V_HELD_AT_EXIT;
			r->detail = xprintf("thread '%s' ends holding %s", who, sb.len ? sb.buf : "a lock");
			sb_release(&sb);
			return;
		}
		if (s->kind == S_ASSERT && s->violation) {
			r->verdict = (Verdict)s->violation;
			r->detail = xprintf("%s in thread '%s'", s->text, who);
			return;
		}
		if (s->kind == S_ASSERT) {
			r->verdict = V_ASSERTION;
			r->detail = xprintf("assertion '%s' failed in thread '%s'", s->text, who);
			return;
		}
		if (s->kind == S_LOCK && (s->op == LO_RELEASE || s->op == LO_DOWNGRADE)) {
			if (released_before(tr, tr->failed_thread, tr->failed_lock)) {
				r->verdict = V_DOUBLE_UNLOCK;
				r->detail = xprintf("thread '%s' releases '%s' a second time", who,
						    lock_name(p, tr->failed_lock));
			} else {
				r->verdict = V_UNLOCK_NOT_HELD;
				/* the wrong side of a rw lock: say which side is held */
				int other = 0;
				for (int i = 0; i < tr->nsteps; i++) {
					const TrailStep *st = &tr->steps[i];
					if (st->thread == tr->failed_thread && st->lock == tr->failed_lock &&
					    st->taken && st->stmt != s && st->stmt->mode != s->mode)
						other += st->stmt->op == LO_RELEASE ? -1 : 1;
				}
				r->detail = xprintf("thread '%s' %s '%s', which it does not hold%s%s", who,
						    s->mode == LM_SHARED ? "read-unlocks" : "releases",
						    lock_name(p, tr->failed_lock),
						    s->mode == LM_SHARED ? " for reading" : other > 0 ? " for writing" : "",
						    other > 0 ? (s->mode == LM_SHARED ? " (it holds it for writing)"
										       : " (it holds it for reading)")
							      : "");
			}
			return;
		}
		const IrThread *ft = p->threads[tr->failed_thread];
		/* a handler's acquisition checks its CPU's ownership before the
		 * rank (promela.c): an unranked lock fails only that check */
		if (s->kind == S_LOCK && tr->failed_lock >= 0 && s->op == LO_ACQUIRE && ft->irq_cpu >= 0 &&
		    (p->classes[p->locks[tr->failed_lock]->cls]->rank < 0 ||
		     trail_owners(p, tr)[tr->failed_lock] == ft->irq_cpu)) {
			/* lockdep: inconsistent {HARDIRQ-ON-W} -> {IN-HARDIRQ-W} usage,
			 * or {SOFTIRQ-ON-W} -> {IN-SOFTIRQ-W} */
			r->verdict = V_IRQ_INVERSION;
			r->detail = ft->softirq
				? xprintf("softirq handler '%s' takes '%s', which '%s' holds with softirqs enabled "
					  "on the CPU it interrupted (softirq-safe -> softirq-unsafe)", who,
					  lock_name(p, tr->failed_lock), thread_name(p, ft->irq_cpu))
				: xprintf("interrupt handler '%s' takes '%s', which '%s' holds with interrupts enabled "
					  "on the CPU it interrupted (irq-safe -> irq-unsafe)", who,
					  lock_name(p, tr->failed_lock), thread_name(p, ft->irq_cpu));
			return;
		}
		if (s->kind == S_LOCK && tr->failed_lock >= 0) {
			r->verdict = V_RANK_VIOLATION;
			r->detail = xprintf("mm locking order violation: %d > %d taking '%s' in thread '%s'",
					    tr->failed_level, tr->failed_rank, lock_name(p, tr->failed_lock), who);
			return;
		}
		r->verdict = V_ASSERTION;
		r->detail = s->kind == S_LOCK ? xprintf("lock reference at %s:%d names no lock", s->loc.file, s->loc.line)
					      : "assertion failed";
		return;
	}
	if (deadlock) {
		r->verdict = V_DEADLOCK;
		int *own = trail_owners(p, tr);
		StrBuf sb;
		sb_init(&sb);
		bool elsewhere = false;
		for (int t = 0; t < tr->nthreads; t++) {
			/* a CPU does not run while its handler is inside */
			int h = tr->stuck[t] ? -1 : t;
			for (int k = t + 1; h >= 0 && k < tr->nthreads && k < p->nthreads; k++)
				if (p->threads[k]->irq_cpu == t && tr->stuck[k]) {
					sb_addf(&sb, "%s'%s' is interrupted by '%s'", sb.len ? "; " : "", thread_name(p, t),
						thread_name(p, k));
					break;
				}
			if (!tr->stuck[t])
				continue;
			if (tr->stuck[t]->kind != S_LOCK || tr->stuck_lock[t] < 0) {
				elsewhere = true;
				sb_addf(&sb, "%s'%s' is blocked at %s:%d", sb.len ? "; " : "", thread_name(p, t),
					tr->stuck[t]->loc.file, tr->stuck[t]->loc.line);
				continue;
			}
			int l = tr->stuck_lock[t];
			sb_addf(&sb, "%s'%s' waits for '%s'", sb.len ? "; " : "", thread_name(p, t), lock_name(p, l));
			if (own[l] >= 0)
				sb_addf(&sb, " held by '%s'", thread_name(p, own[l]));
			else
				sb_add(&sb, " (held shared or by a waiting writer)");
		}
		r->detail = xprintf("%s%s", sb.len ? sb.buf : "no thread can move",
				    elsewhere ? " (a thread is blocked outside a lock operation)" : "");
		sb_release(&sb);
		return;
	}
	r->verdict = V_ASSERTION;
	r->detail = "pan reported an error lockspin cannot classify";
}

/* Two violations are the same when they have the same verdict and fail at
 * the same C place (for a deadlock: wait for the same locks). */
const char *classify_key(const CheckResult *v)
{
	StrBuf sb;
	sb_init(&sb);
	sb_addf(&sb, "%d", v->verdict);
	const Trail *t = v->trail;
	if (t->failed)
		sb_addf(&sb, " %s:%d:%d", t->failed->loc.file, t->failed->loc.line, t->failed->loc.col);
	else if (t->failed_thread >= 0)
		sb_addf(&sb, " exit of %d", t->failed_thread);
	else {
		/* a deadlock is the set of locks waited for, whoever else is stuck */
		int prev = -1;
		for (;;) {
			int next = -1;
			for (int i = 0; i < t->nthreads; i++)
				if (t->stuck[i] && t->stuck_lock[i] > prev && (next < 0 || t->stuck_lock[i] < next))
					next = t->stuck_lock[i];
			if (next < 0)
				break;
			sb_addf(&sb, " L%d", next);
			prev = next;
		}
	}
	return sb_detach_arena(&sb);
}
