/*
 * objcache.sidecar.c - the side-car of lib/objcache.c (167-linux-headers.sh):
 * each variant's verdict depends on what one of the generic kernel headers
 * means (atomic_add_unless(), atomic_inc_not_zero(), atomic_try_cmpxchg(),
 * time_is_before_jiffies(), ratelimit_state_inc_miss()), so a header that got it wrong,
 * or a call the model ignored, changes a verdict.
 */
#include "lockspin-sidecar.h"

LS_VARIANT(put_ok, "", "ok", "a locked get and two puts: the object dies once, after both");
LS_VARIANT(tryget_ok, "TRYGET", "ok", "a lockless get cannot revive a dead object");
LS_VARIANT(claim_ok, "CLAIM", "ok", "three claimers: at most two hold it");
LS_VARIANT(claim_drain, "CLAIM DRAIN LS_ATOMIC_MIN=-1", "out-of-range",
	   "one thread unclaims three times: users leaves -1..7 at the third");
LS_VARIANT(stale, "STALE", "assertion", "jiffies past stamp + HZ: stale");
LS_VARIANT(fresh, "STALE FRESH", "ok", "jiffies at stamp + HZ: not yet stale");
LS_VARIANT(atomics_ok, "ATOMICS", "ok", "each conditional atomic's result and effect, one thread");
LS_VARIANT(miss_ok, "MISS", "ok", "two misses, then the report takes both and zeroes the count");

LS_FIELD(struct cache_obj, hashed, LS_STATE);
LS_FIELD(struct cache_obj, dead, LS_STATE);
LS_FIELD(struct cache_obj, stamp, LS_STATE LS_RANGE(0, 3));

unsigned long volatile jiffies;
LS_GLOBAL(jiffies, LS_STATE LS_RANGE(0, 200));

static struct cache_obj obj;

static void t_owner(void *arg)
{
	cache_obj_put(arg);
}

static void t_user(void *arg)
{
	struct cache_obj *o = arg;
#if defined(TRYGET)
	if (cache_obj_tryget(o)) {
#else
	if (cache_obj_get_locked(o)) {
#endif
		ls_assert(!o->dead);
		cache_obj_put(o);
	}
}

static atomic_t holders;

static void t_claim(void *arg)
{
	struct cache_obj *o = arg;

	if (cache_obj_claim(o)) {
		atomic_inc(&holders);
		ls_assert(atomic_read(&holders) <= CACHE_MAX_USERS);
		atomic_dec(&holders);
		cache_obj_unclaim(o);
	}
}

static void t_drain(void *arg)
{
	for (int i = 0; i < 3; i++)
		cache_obj_unclaim(arg);
}

static void t_stale(void *arg)
{
	ls_assert(!cache_obj_stale(arg));
}

/* what the kernel's documentation says each returns and leaves */
static atomic_t a;

static void t_atomics(void *arg)
{
	int old = 3, r;
	bool ok;

	(void)arg;
	r = atomic_fetch_add_unless(&a, 2, 1);
	ls_assert(r == 1 && atomic_read(&a) == 1);
	ok = atomic_add_unless(&a, 2, 0);
	ls_assert(ok && atomic_read(&a) == 3);
	ok = atomic_try_cmpxchg(&a, &old, 4);
	ls_assert(ok && atomic_read(&a) == 4 && old == 3);
	old = 0;
	ok = atomic_try_cmpxchg(&a, &old, 6);
	ls_assert(!ok && old == 4 && atomic_read(&a) == 4);
	atomic_set(&a, 0);
	ok = atomic_inc_not_zero(&a);
	ls_assert(!ok && atomic_read(&a) == 0);
}

static void t_report(void *arg)
{
	(void)arg;
	cache_miss();
	cache_miss();
	int missed = cache_report();

	ls_assert(missed == 2);
	ls_assert(ratelimit_state_get_miss(&cache_rs) == 0);
}

LS_SCENARIO
{
	obj.ref.counter = 1;
	obj.hashed = true;
#if defined(DRAIN)
	obj.users.counter = 1;
	ls_thread(t_drain, &obj);
#elif defined(CLAIM)
	ls_thread(t_claim, &obj);
	ls_thread(t_claim, &obj);
	ls_thread(t_claim, &obj);
#elif defined(STALE)
	obj.stamp = 1;
#if defined(FRESH)
	jiffies = 101;
#else
	jiffies = 102;
#endif
	ls_thread(t_stale, &obj);
#elif defined(ATOMICS)
	a.counter = 1;
	ls_thread(t_atomics, NULL);
#elif defined(MISS)
	ls_thread(t_report, NULL);
#else
	ls_thread(t_owner, &obj);
	ls_thread(t_user, &obj);
#endif
}
