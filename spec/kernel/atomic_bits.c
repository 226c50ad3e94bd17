/*
 * set_bit() and test_and_set_bit() are atomic, as the kernel's are: two
 * threads that set different bits of one flag word with no lock never lose
 * one (ok; the non-atomic __set_bit() does, inside its one statement, where
 * native replay cannot stop: extract/test/native/set_bit_lost.c).
 * test_and_set_bit() on a BUSY bit is a try-lock: one thread at a time is
 * inside (ok), where a test_bit() and then a set_bit() let both in
 * (bad_trylock).  The last thread to finish (atomic_inc_return() on a
 * count) checks both bits.
 */
#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/bug.h>

LS_VARIANT(ok, "", "ok", "set_bit() and test_and_set_bit() are atomic: no update is lost, one thread is inside");
LS_VARIANT(bad_trylock, "TEST_THEN_SET", "assertion", "test_bit() then set_bit(): both threads find BUSY clear");

enum { DEV_BUSY = 0, DEV_READY_A = 1, DEV_READY_B = 2 };

struct dev {
	unsigned long flags LS_STATE LS_RANGE(0, 7);
	int inside LS_STATE LS_RANGE(0, 2);
	atomic_t finished;
};

static struct dev d;

/* the BUSY bit as a try-lock */
static bool dev_trylock(struct dev *dv)
{
#ifdef TEST_THEN_SET
	if (test_bit(DEV_BUSY, &dv->flags))
		return false;
	set_bit(DEV_BUSY, &dv->flags);
	return true;
#else
	return !test_and_set_bit(DEV_BUSY, &dv->flags);
#endif
}

static void dev_ready(struct dev *dv, int bit)
{
	set_bit(bit, &dv->flags);
}

static void worker(struct dev *dv, int bit)
{
	if (dev_trylock(dv)) {
		dv->inside++;
		BUG_ON(dv->inside != 1);
		dv->inside--;
		clear_bit(DEV_BUSY, &dv->flags);
	}
	dev_ready(dv, bit);
	if (atomic_inc_return(&dv->finished) == 2)
		BUG_ON(!test_bit(DEV_READY_A, &dv->flags) || !test_bit(DEV_READY_B, &dv->flags));
}

static void thread_a(void *arg)
{
	worker(arg, DEV_READY_A);
}

static void thread_b(void *arg)
{
	worker(arg, DEV_READY_B);
}

LS_SCENARIO
{
	ls_thread(thread_a, &d);
	ls_thread(thread_b, &d);
}
