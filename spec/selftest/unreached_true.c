/*
 * unreached_true.c - the "never reached" warning is true as written.
 *
 * A lock operation or assertion that no execution reaches is a vacuous
 * check, and lockspin warns about it; one that runs must never be warned
 * about, whatever the lowering made of it.  The ok variant runs every C lock
 * operation, yet pan has unreached states in each of them:
 *   - a recursive lock and unlock lower to "already held?" branches, and
 *     each of the four operations takes only one of them;
 *   - objs[idx].lock and cur->lock dispatch over both objects, and idx and
 *     cur only ever name objs[0];
 *   - helper() is inlined twice, and both copies run.
 * None of that is a C statement nobody reaches: no warning.
 *
 * The dead twin adds a branch on idx == 1, which no execution takes: its
 * lock, unlock and assertion really never run, and each is warned about
 * once (not once per copy or dispatch arm).
 */
#include "lockspin.h"

LS_VARIANT(dead, "DEAD", "ok", "objs[1].lock is taken only when idx == 1, and idx is always 0: warned as never reached");
LS_VARIANT(ok, "", "ok", "every lock operation runs in some execution: no warning");

struct obj {
	ls_spinlock_t lock;
	bool busy LS_STATE;
};

static struct obj objs[2];
static ls_spinlock_t r LS_RECURSIVE;
static int idx LS_STATE LS_RANGE(0, 1);
static struct obj *cur LS_STATE;

static void helper(struct obj *o)
{
	ls_spin_lock(&o->lock);
	o->busy = !o->busy;
	ls_spin_unlock(&o->lock);
}

static void t1(void *arg)
{
	(void)arg;
	ls_spin_lock_recursive(&r);
	ls_spin_lock_recursive(&r);
	ls_spin_unlock_recursive(&r);
	ls_spin_unlock_recursive(&r);
	ls_spin_lock(&objs[idx].lock);
	objs[idx].busy = true;
	ls_spin_unlock(&objs[idx].lock);
#ifdef DEAD
	if (idx == 1) {
		ls_spin_lock(&objs[1].lock);
		ls_assert(objs[1].busy);
		ls_spin_unlock(&objs[1].lock);
	}
#endif
}

static void t2(void *arg)
{
	(void)arg;
	ls_spin_lock(&cur->lock);
	cur->busy = false;
	ls_spin_unlock(&cur->lock);
	helper(&objs[0]);
	helper(&objs[1]);
}

LS_SCENARIO
{
	cur = &objs[0];
	ls_thread(t1, NULL);
	ls_thread(t2, NULL);
}
