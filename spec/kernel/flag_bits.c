/*
 * test_bit()/set_bit()/clear_bit() on a modelled flag word, and
 * READ_ONCE()/WRITE_ONCE() on a published value.  A work item is claimed
 * by the thread that finds its PENDING and DONE bits clear and sets PENDING:
 * done with a
 * test_bit() and a separate set_bit() (bad) two threads both find it clear
 * and both run the work; under the device lock (ok) only one does.  The
 * result is published with WRITE_ONCE() after the DONE bit's owner wrote it,
 * and read with READ_ONCE().
 */
#include <linux/bitops.h>
#include <linux/spinlock.h>
#include <linux/compiler.h>

LS_VARIANT(bad, "BAD", "assertion", "test_bit() then set_bit() without the lock: both threads claim the work");
LS_VARIANT(ok, "", "ok", "the test and the set under work_lock");

enum { WORK_PENDING = 0, WORK_DONE = 1 };

struct work {
	spinlock_t work_lock;
	unsigned long flags LS_STATE LS_RANGE(0, 3);
	int runs LS_STATE LS_RANGE(0, 3);
	int result LS_STATE LS_RANGE(0, 2);
};

static struct work w;

/* each test a statement of its own: native replay can stop between them */
static bool idle(struct work *wk)
{
	if (test_bit(WORK_PENDING, &wk->flags))
		return false;
	return !test_bit(WORK_DONE, &wk->flags);
}

static bool claim(struct work *wk)
{
	bool mine = false;
#ifndef BAD
	spin_lock(&wk->work_lock);
#endif
	if (idle(wk)) {
		set_bit(WORK_PENDING, &wk->flags);
		mine = true;
	}
#ifndef BAD
	spin_unlock(&wk->work_lock);
#endif
	return mine;
}

static void worker(void *arg)
{
	struct work *wk = arg;

	if (!claim(wk))
		return;
	int runs = wk->runs;
	wk->runs = runs + 1;
	ls_assert(wk->runs == 1);
	WRITE_ONCE(wk->result, 1);
	set_bit(WORK_DONE, &wk->flags);
	clear_bit(WORK_PENDING, &wk->flags);
}

static void reader(void *arg)
{
	struct work *wk = arg;

	if (test_bit(WORK_DONE, &wk->flags))
		ls_assert(READ_ONCE(wk->result) == 1);
}

LS_SCENARIO
{
	ls_thread(worker, &w);
	ls_thread(worker, &w);
	ls_thread(reader, &w);
}
