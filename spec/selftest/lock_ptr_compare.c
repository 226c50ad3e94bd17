/*
 * lock_ptr_compare.c - lock pointers compare by instance identity.
 *
 * lock_pair() takes two locks that may be the same one (double_lock_balance
 * style): `if (x != y)` it takes the second.  t1 passes its own object's
 * lock and the lock of `cur`, a modelled pointer that the scenario points
 * at the same object, so the comparison is over a run-time instance.  t2
 * unlocks only if the lock it took is its own object's (`l == mine`, a local
 * against a local bound to a parameter's field).
 *
 * leak: t2 takes the global mutex `a` instead, so `l == mine` is false and
 * `a` is still held when t2 returns: `held-at-exit`.
 * abba: t1's pair is o1.lock and `a` (distinct: both are taken) while t2
 * takes `a`, then o1.lock through `cur`: `deadlock`.
 * ok: t2 takes its own lock and unlocks it, then pairs o2.lock with `a`;
 * t1's pair is o1.lock twice, taken once.
 * (When a lock address was a constant "non-null" in comparisons, `x == y`
 * was always true and `x != y` always false: t2 unlocked a lock it never
 * took in leak, and t1 never took `a` in abba, a false ok.)
 */
#include "lockspin.h"

LS_VARIANT(leak, "BAD", "held-at-exit", "t2 locks a, then unlocks only if that was its own object's lock");
LS_VARIANT(abba, "BAD_ABBA", "deadlock", "t1 pairs o1.lock with a, t2 takes a then o1.lock");
LS_VARIANT(ok, "", "ok", "t2 locks its own object's lock; t1's pair is one lock, taken once");

struct obj {
	ls_mutex_t lock;
	int n LS_STATE LS_RANGE(0, 2);
};

static struct obj o1, o2;
static struct obj *cur LS_STATE;
static ls_mutex_t a;

static void lock_pair(ls_mutex_t *x, ls_mutex_t *y)
{
	ls_mutex_lock(x);
	if (x != y)
		ls_mutex_lock(y);
}

static void unlock_pair(ls_mutex_t *x, ls_mutex_t *y)
{
	if (x != y)
		ls_mutex_unlock(y);
	ls_mutex_unlock(x);
}

static void t1(void *arg)
{
	struct obj *o = arg;

#ifdef BAD_ABBA
	ls_mutex_t *second = &a;
#else
	ls_mutex_t *second = &cur->lock;
#endif

	lock_pair(&o->lock, second);
	o->n = 1;
	unlock_pair(&o->lock, second);
}

static void put(struct obj *o, ls_mutex_t *mine)
{
	ls_mutex_t *l = &o->lock;

	ls_mutex_lock(mine);
	o->n = 2;
	if (l == mine)
		ls_mutex_unlock(l);
}

static void t2(void *arg)
{
	struct obj *o = arg;

#if defined(BAD)
	put(o, &a);
#elif defined(BAD_ABBA)
	(void)o;
	ls_mutex_lock(&a);
	ls_mutex_lock(&cur->lock);
	ls_mutex_unlock(&cur->lock);
	ls_mutex_unlock(&a);
#else
	put(o, &o->lock);
	lock_pair(&o->lock, &a);	/* distinct: both taken, both released */
	unlock_pair(&o->lock, &a);
#endif
}

LS_SCENARIO
{
	cur = &o1;
	ls_thread(t1, &o1);
	ls_thread(t2, &o2);
}
