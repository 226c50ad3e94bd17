/*
 * __set_bit() is the kernel's non-atomic variant: a read and then a write,
 * so two threads setting different bits of one word with no lock may lose
 * one (bad), where set_bit() never does (ok).  The lost update is inside
 * one statement of a header macro, where native replay has no point to
 * stop at: lockspin check finds it, and says the replay cannot reproduce
 * it (130-replay.sh); spec/kernel/atomic_bits.c has the replayable twins.
 */
#include <linux/bitops.h>
#include <linux/bug.h>

LS_VARIANT(bad, "NONATOMIC", "assertion", "__set_bit() is a read and then a write: one thread's bit is lost");
LS_VARIANT(ok, "", "ok", "set_bit() is atomic: no bit is lost");

unsigned long flags LS_STATE LS_RANGE(0, 3);
int done LS_STATE LS_RANGE(0, 2);

static void setter(int bit)
{
#ifdef NONATOMIC
	__set_bit(bit, &flags);
#else
	set_bit(bit, &flags);
#endif
	if (ls_atomic_fetch_add(&done, 1) == 1)
		BUG_ON(flags != 3);
}

static void set0(void *arg)
{
	(void)arg;
	setter(0);
}

static void set1(void *arg)
{
	(void)arg;
	setter(1);
}

LS_SCENARIO
{
	ls_thread(set0, NULL);
	ls_thread(set1, NULL);
}
