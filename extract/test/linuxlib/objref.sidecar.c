/*
 * objref.sidecar.c - the side-car of lib/objref.c (167-linux-headers.sh):
 * the verdicts depend on linux/refcount.h meaning what the kernel's does
 * (refcount_inc() on 0 and refcount_dec() to 0 WARN, refcount_inc_not_zero()
 * does not revive 0, refcount_dec_and_test() is true for the last put).
 */
#include "lockspin-sidecar.h"

LS_VARIANT(locked_ok, "LOCKED", "ok", "the last put unpublishes under the lock: no get on 0");
LS_VARIANT(get_uaf, "", "assertion", "the last put drops to 0 before it takes the lock: a get finds 0");
LS_VARIANT(tryget_ok, "TRYGET", "ok", "a lockless get cannot revive 0");
LS_VARIANT(drop_last, "DROP", "assertion", "refcount_dec() of the last reference");

LS_FIELD(struct handle, published, LS_STATE);
LS_FIELD(struct handle, gone, LS_STATE);

static struct handle hd;

static void t_owner(void *arg)
{
#if defined(DROP)
	handle_drop_extra(arg);
#elif defined(LOCKED)
	handle_put_locked(arg);
#else
	handle_put(arg);
#endif
}

static void t_user(void *arg)
{
	struct handle *h = arg;
#if defined(TRYGET)
	if (handle_tryget(h)) {
#else
	if (handle_get(h)) {
#endif
		ls_assert(!h->gone);
#if defined(LOCKED)
		handle_put_locked(h);
#else
		handle_put(h);
#endif
	}
}

LS_SCENARIO
{
	hd.ref.refs.counter = 1;
	hd.published = true;
	ls_thread(t_owner, &hd);
#if !defined(DROP)
	ls_thread(t_user, &hd);
#endif
}
