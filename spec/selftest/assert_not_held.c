/*
 * assert_not_held.c - ls_assert_not_held() is the negation of ls_assert_held().
 *
 * A caller-context check as lockdep's lockdep_assert_not_held(): put_ref()
 * must not be called with the object's lock held (it may take it itself).
 * The bad variants call it with the lock held, on the exclusive side of a
 * mutex and on the read side of an rwlock: each is an `assertion` at the
 * ls_assert_not_held() line.  The ok twin checks both before taking the
 * locks and ls_assert_held() after, so a front end that reads
 * "assert_not_held" as "assert_held" fails the ok twin (false alarm) and
 * passes the bad ones (false ok).
 */
#include "lockspin.h"

LS_VARIANT(excl_held, "BAD_EXCL", "assertion", "put_ref() is called holding the mutex it asserts is not held");
LS_VARIANT(read_held, "BAD_READ", "assertion", "put_ref_rw() is called holding the rwlock's read side");
LS_VARIANT(ok, "", "ok", "both checks run before the locks are taken, ls_assert_held() after");

static ls_mutex_t m;
static ls_rwlock_t rw;

static void put_ref(void)
{
	ls_assert_not_held(&m);
}

static void put_ref_rw(void)
{
	ls_assert_not_held(&rw);
}

static void t1(void *arg)
{
	(void)arg;
#ifndef BAD_EXCL
	put_ref();
#endif
	ls_mutex_lock(&m);
	ls_assert_held(&m);
#ifdef BAD_EXCL
	put_ref();
#endif
	ls_mutex_unlock(&m);
}

static void t2(void *arg)
{
	(void)arg;
#ifndef BAD_READ
	put_ref_rw();
#endif
	ls_read_lock(&rw);
	ls_assert_held(&rw);
#ifdef BAD_READ
	put_ref_rw();
#endif
	ls_read_unlock(&rw);
}

LS_SCENARIO
{
	ls_thread(t1, NULL);
	ls_thread(t2, NULL);
}
