/*
 * ptr_param.c - ABBA through pointer parameters: transfer(from, to).
 *
 * transfer() locks from->lock, then to->lock.  Two threads transfer in
 * opposite directions, so the same line takes acct_a.lock first in one
 * thread and acct_b.lock first in the other.  The ok twin orders by the
 * modelled id: the account with the lower id is always locked first.
 *
 *  Possible unsafe locking scenario (bad):
 *
 *        a_to_b                b_to_a
 *        ----                  ----
 *   lock(acct_a.lock);
 *                              lock(acct_b.lock);
 *   lock(acct_b.lock);
 *                              lock(acct_a.lock);
 *
 *  *** DEADLOCK ***
 */
#include "lockspin.h"

LS_VARIANT(bad, "BAD", "deadlock", "transfer() locks from then to; the threads pass (a,b) and (b,a)");
LS_VARIANT(ok, "", "ok", "transfer() locks the account with the lower id first");

struct account {
	ls_mutex_t lock;
	int id LS_STATE LS_RANGE(0, 3);
	int balance LS_STATE LS_RANGE(0, 2);
};

static struct account acct_a, acct_b;

static void transfer(struct account *from, struct account *to)
{
#ifdef BAD
	ls_mutex_lock(&from->lock);
	ls_mutex_lock(&to->lock);	/* the other thread's from */
#else
	if (from->id < to->id) {
		ls_mutex_lock(&from->lock);
		ls_mutex_lock(&to->lock);
	} else {
		ls_mutex_lock(&to->lock);
		ls_mutex_lock(&from->lock);
	}
#endif
	if (from->balance > 0) {
		from->balance = from->balance - 1;
		to->balance = to->balance + 1;
	}
	ls_mutex_unlock(&to->lock);
	ls_mutex_unlock(&from->lock);
}

static void a_to_b(void *arg)
{
	(void)arg;
	transfer(&acct_a, &acct_b);
}

static void b_to_a(void *arg)
{
	(void)arg;
	transfer(&acct_b, &acct_a);
}

LS_SCENARIO
{
	acct_a.id = 1;
	acct_b.id = 2;
	acct_a.balance = 1;
	acct_b.balance = 1;
	ls_thread(a_to_b, NULL);
	ls_thread(b_to_a, NULL);
}
