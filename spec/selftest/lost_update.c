/*
 * lost_update.c - a read-modify-write of modelled state without a lock.
 *
 * Two threads add one to count; the second to finish checks that both
 * updates are there.  C reads count, adds, then writes, and the other
 * thread may run in between: without the lock one update is lost.  Before
 * the model split such a statement into its read and its write (one step
 * each), `count = count + 1` was one atomic step and the bad variants were
 * a false ok.  Two forms of the update are variants, `count = count + 1`
 * and one through a pointer field (`c->hits = c->hits + c->step`), whose
 * replay stops natively between the read and the write (LS__READ); `count++`
 * and `count += 1` are split the same way (extract/test/frontend/rmw.c) but
 * native code cannot stop inside them.  The ok twin holds the lock.
 *
 *  Possible unsafe scenario (bad):
 *
 *        t1                          t2
 *        ----                        ----
 *   read count (0)
 *                                    read count (0)
 *                                    count = 0 + 1
 *   count = 0 + 1
 *                                    ls_assert(count == 2) fails
 */
#include "lockspin.h"

LS_VARIANT(bad_assign, "FORM=1", "assertion", "count = count + 1 unlocked: one update is lost");
LS_VARIANT(bad_field, "FORM=4", "assertion", "c->hits = c->hits + c->step unlocked: one update is lost");
LS_VARIANT(ok, "", "ok", "the update is under the lock: none is lost");

struct counter {
	int hits LS_STATE LS_RANGE(0, 2);
	int step LS_STATE LS_RANGE(0, 1);
};

static ls_mutex_t l;
static int count LS_STATE LS_RANGE(0, 2);
static int done LS_STATE LS_RANGE(0, 2);
static struct counter ctr;
static struct counter *cur LS_STATE;

#ifndef FORM
#define FORM 0
#endif

static void bump_count(void)
{
	count = count + 1;
}

static void worker(void *arg)
{
	struct counter *c = cur;

	(void)arg;
#if FORM == 1
	bump_count();
#else
	ls_mutex_lock(&l);
	bump_count();
	ls_mutex_unlock(&l);
#endif
#if FORM == 4
	c->hits = c->hits + c->step;
#else
	ls_mutex_lock(&l);
	c->hits = c->hits + c->step;
	ls_mutex_unlock(&l);
#endif
	ls_mutex_lock(&l);
	done = done + 1;
	if (done == 2)
		ls_assert(count == 2 && c->hits == 2);
	ls_mutex_unlock(&l);
}

LS_SCENARIO
{
	ctr.step = 1;
	cur = &ctr;
	ls_thread(worker, NULL);
	ls_thread(worker, NULL);
}
