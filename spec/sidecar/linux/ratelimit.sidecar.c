/*
 * ratelimit.sidecar.c - the side-car of Linux's lib/ratelimit.c, given as it
 * is upstream (see README.md here: which blob, and prepare.sh).
 *
 * ___ratelimit() grants at most rs->burst calls in every rs->interval
 * jiffies.  The owner of rs->lock (taken with raw_spin_trylock_irqsave())
 * sets rs_n_left to the burst when an interval begins; a CPU that finds the
 * lock taken does not wait: it decrements rs_n_left and is granted if that
 * left it at 0 or above.  No time passes here (jiffies is modelled state,
 * held at 0), so every call is in one interval.
 *
 * Every atomic_t of the program is modelled over LS_ATOMIC_MIN..MAX (the
 * variants' defines): rs_n_left may go below 0 by one for each CPU that
 * decrements it after it reached 0, so with three CPUs -2 is its floor.
 *
 *   ok        three CPUs call once each with a burst of 1: at most one is
 *             granted, whichever path each takes
 *   spew      one CPU calls four times, as a message printed in a loop
 *             does: each suppressed call decrements rs_n_left again, so it
 *             falls by one per call, not per CPU, and leaves -2..7
 *             (out-of-range): the counter's floor is set by how often it is
 *             called while rate-limited, which for a flood is without bound
 */
#include "lockspin-sidecar.h"

LS_VARIANT(ok, "LS_ATOMIC_MIN=-2", "ok", "three CPUs, burst 1: at most one grant, locked or lockless");
LS_VARIANT(spew, "LS_ATOMIC_MIN=-2 SPEW", "out-of-range",
	   "one CPU calls four times: rs_n_left falls once per suppressed call");

LS_FIELD(struct ratelimit_state, interval, LS_STATE LS_RANGE(0, 5));
LS_FIELD(struct ratelimit_state, burst, LS_STATE LS_RANGE(0, 2));
LS_FIELD(struct ratelimit_state, flags, LS_STATE LS_RANGE(0, 3));
LS_FIELD(struct ratelimit_state, begin, LS_STATE LS_RANGE(0, 0));

/* linux/jiffies.h declares it; the kernel's timer code defines it */
unsigned long volatile jiffies;
LS_GLOBAL(jiffies, LS_STATE LS_RANGE(0, 0));

static struct ratelimit_state rs;
static atomic_t granted;

static void ask(void)
{
	if (___ratelimit(&rs, "ask")) {
		atomic_inc(&granted);
		ls_assert(atomic_read(&granted) <= 1);
	}
}

static void t_cpu(void *arg)
{
	(void)arg;
	ask();
}

static void t_spew(void *arg)
{
	(void)arg;
	for (int i = 0; i < 4; i++)
		ask();
}

LS_SCENARIO
{
	rs.interval = 5;
	rs.burst = 1;
#if defined(SPEW)
	ls_thread(t_spew, NULL);
#else
	ls_thread(t_cpu, NULL);
	ls_thread(t_cpu, NULL);
	ls_thread(t_cpu, NULL);
#endif
}
