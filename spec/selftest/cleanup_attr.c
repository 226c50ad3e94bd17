/*
 * cleanup_attr.c - __attribute__((cleanup(fn))) runs fn(&var) at scope exit.
 *
 * A user cleanup function that unlocks, as Linux's __free() and
 * DEFINE_GUARD helpers do: the model calls it whenever the variable's scope
 * is left, on every path: falling off the end of a loop body, `continue`,
 * `break`, `goto` out of a block, and `return` from a helper.
 *
 * double_unlock: the loop body also unlocks by hand, and the cleanup unlocks
 * again at the end of the iteration: `double-unlock`.
 * ok: only the cleanups unlock; every later ls_mutex_lock(&m) finds m free.
 * (When only ls_guard()'s own cleanup was modelled, the ok twin was a false
 * deadlock, and the hand unlock in double looked like the only one.)
 */
#include "lockspin.h"

LS_VARIANT(double_unlock, "BAD_DOUBLE", "double-unlock", "the loop body unlocks m and its cleanup unlocks m again");
LS_VARIANT(ok, "", "ok", "the cleanup functions release m on every exit path");

static ls_mutex_t m;
static int work LS_STATE LS_RANGE(0, 3);

static void unlock_mutex(ls_mutex_t **lp)
{
	ls_mutex_unlock(*lp);
}

static int step(void)
{
	ls_mutex_t *l __attribute__((cleanup(unlock_mutex))) = &m;

	ls_mutex_lock(l);
	if (work == 0)
		return 0;	/* cleanup on return */
	work = work - 1;
	return 1;
}

static void worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < 2; i++) {
		ls_mutex_t *l __attribute__((cleanup(unlock_mutex))) = &m;

		ls_mutex_lock(l);
		if (ls_choose(2))
			continue;	/* cleanup on continue */
		if (work == 0)
			break;		/* cleanup on break */
		work = work - 1;
#ifdef BAD_DOUBLE
		ls_mutex_unlock(l);	/* and the cleanup unlocks again */
#endif
	}			/* cleanup at the end of each iteration */
	{
		ls_mutex_t *l __attribute__((cleanup(unlock_mutex))) = &m;

		ls_mutex_lock(l);
		if (work != 0)
			goto out;	/* cleanup on goto out of the block */
	}
out:
	step();
	ls_mutex_lock(&m);
	ls_mutex_unlock(&m);
}

LS_SCENARIO
{
	work = 2;
	ls_thread(worker, NULL);
	ls_thread(worker, NULL);
}
