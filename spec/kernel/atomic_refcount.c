/*
 * A reference count in Xen style: an atomic_t that each of two users
 * drops with atomic_dec_and_test(), the one that takes it to 0 frees the
 * object, exactly once (ok).  Dropped with a read and a separate set
 * (bad_nonatomic: atomic_read() then atomic_set(), each atomic alone, the
 * pair not) both users may read 2 and write 1: nobody frees it, which the
 * last user to finish (atomic_inc_return() on a second count) asserts.
 * A domain's "dying" flag is claimed once with Xen's test_and_set_bit().
 */
#include <xen/atomic.h>
#include <xen/bitops.h>
#include <xen/lib.h>

LS_VARIANT(ok, "", "ok", "atomic_dec_and_test(): the last put frees, once");
LS_VARIANT(bad_nonatomic, "NONATOMIC", "assertion", "atomic_read() then atomic_set(): a put is lost, nobody frees");

enum { _DOMF_dying = 0 };

struct domain {
	atomic_t refcnt;
	atomic_t done;
	unsigned long flags LS_STATE LS_RANGE(0, 1);
	int freed LS_STATE LS_RANGE(0, 2);
	int killed LS_STATE LS_RANGE(0, 2);
};

static struct domain dom;

static void put_domain(struct domain *d)
{
#ifdef NONATOMIC
	int r = atomic_read(&d->refcnt) - 1;

	atomic_set(&d->refcnt, r);
	if (r == 0)
		d->freed++;
#else
	if (atomic_dec_and_test(&d->refcnt))
		d->freed++;
#endif
}

static void user(void *arg)
{
	struct domain *d = arg;

	if (!test_and_set_bit(_DOMF_dying, &d->flags))
		d->killed++;
	put_domain(d);
	if (atomic_inc_return(&d->done) == 2) {
		ASSERT(d->freed == 1);
		ASSERT(d->killed == 1);
	}
}

LS_SCENARIO
{
	atomic_set(&dom.refcnt, 2);
	ls_thread(user, &dom);
	ls_thread(user, &dom);
}
