/*
 * pml_lock.c - the Promela of a lock operation (promela.c's stage for
 * S_LOCK): the test-and-set and its bookkeeping, ranks, order markers, the
 * interrupt checks, and the tags the decoders read (pml_tags.h).
 *
 * Shape: the entry tag `printf("@N:L<id>")`, then the operation as one
 * atomic, then the done tag.  The entry tag is a local statement after the
 * previous step, so pan merges it into that step's transition: no state of
 * its own, and a thread blocked at the guard has printed it (the decoder's
 * "entered, not finished").  A thread's first statement has no previous
 * step: there the tag goes inside the atomic, after the guard
 * (PmlMap.first_lock), with the thread's lead (promela.c's pml_lead: the
 * local statements before it).
 */
#include "pml_emit.h"
#include "pml_flow.h"
#include "pml_tags.h"

#include <stdio.h>
#include <string.h>

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
 * plain tag (a is held) or absent (it is not); otherwise
 * `if :: hold[a] > 0 -> tag ... :: else fi;`. */
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
			sb_addf(&sure, "%s; ", tag);
		else if (m->rw)
			sb_addf(&maybe, "%s:: hold[%d] + rhold[%d] > 0 -> %s ", maybe.len ? "" : "if ", a, a, tag);
		else
			sb_addf(&maybe, "%s:: hold[%d] > 0 -> %s ", maybe.len ? "" : "if ", a, tag);
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
		/* the owner is the thread's pid as a constant, not _pid: a swarm
		 * search's pan (-DPERMUTED -p_permute, -p_reverse) runs the
		 * processes in another order and _pid then names the slot, which
		 * can be 0 (free): measured, abba's deadlock was never found */
		int pid = m->t->id + 1;
		*take = announced ? xprintf("lk_owner[%d] = %d; lk_wwait[%d]--", id, pid, id)
				  : xprintf("lk_owner[%d] = %d", id, pid);
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

	/* The first statement of a thread (nothing before it, no handler to
	 * interrupt it): elsewhere the entry tag joins the previous step's
	 * transition (pan merges a local statement into it), but here there is
	 * no previous step, and a tag of its own would be a stored state per
	 * thread (abba3 bad 23 -> 20 states, the hand model's).  So the tag
	 * goes inside the operation's one atomic, after its guard; a thread
	 * blocked there has printed no tag, which says where it is
	 * (PmlMap.first_lock).  Nothing is held yet: no markers, no recursion. */
	bool first = !m->started && !cpu && !m->dispatch && m->t->irq_cpu < 0 && s->op != LO_DOWNGRADE &&
		     !(s->op == LO_ACQUIRE && s->mode == LM_EXCL && (rec || c->kind == LK_RWSEM));
	m->started = true;
	const IrStmt *lead = m->lead;
	m->lead = NULL;
	if (lead && !(first && s->op == LO_ACQUIRE)) {
		/* the lead goes where it stands: this one has a step before it */
		for (; lead != s; lead = lead->next)
			pml_stmt(m, lead);
		first = false;
	}
	if (first) {
		const char *t0 = pml_entry_tag(m, s, id);
		if (s->op == LO_ACQUIRE) {
			pml_guard_take(m, id, s->mode, false, &guard, &take);
			m->map->first_lock[m->t->id] = s->id;
			const char *rest = s->mode == LM_EXCL
						   ? xprintf("%s; %s%s; hold[%d] = 1; %s%s };", t0, check, take, id,
							     setlevel, done)
						   : xprintf("%s; %s%s; rhold[%d]++; %s };", t0, check, take, id, done);
			if (!lead) {
				pml_line(m, s->loc, "atomic { %s -> %s", guard, rest);
				return;
			}
			/* the thread's lead (pml_lead) after the guard, then the rest */
			pml_line(m, s->loc, "atomic { %s ->", guard);
			m->depth++;
			m->in_atomic = true;
			for (; lead != s; lead = lead->next)
				pml_stmt(m, lead);
			m->in_atomic = false;
			pml_line(m, s->loc, "%s", rest);
			m->depth--;
			return;
		}
		/* a trylock or release does not wait: its tag first, as anywhere */
		prefix = xprintf("atomic { %s", t0);
		W0 = "";
		W1 = " }";
	}

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

void pml_emit_lock(Pml *m, const IrStmt *s)
{
	int id = ir_lockref_const(m->p, s->lock);
	if (id >= 0) {
		m->map->lock_entry[s->id] = true;
		pml_lock_on(m, s, id, pml_entry_tag(m, s, id));
		return;
	}
	/* A dynamic reference: dispatch over the ids it may denote, so every
	 * branch names one constant lock and the trail tells which. */
	int ids[1024];
	int n = ir_lockref_ids(m->p, s->lock, ids, 1024);
	if (n > 1024)
		BUG("too many locks behind one reference");
	pml_line(m, s->loc, "%s;", TAG(PML_TAG_ENTER, s->id));
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

