/*
 * error_heavy.c - one planted bug, reachable in thousands of interleavings.
 *
 * The bench's spec for "cost grows with the interleavings, not with the
 * errors" (harness/bench/search.sh): six threads bump per-slot counters
 * under their slot's lock and a shared statistics lock, so the threads
 * interleave in many ways; one planted bug is then reached in every one of
 * them.  pan counts an error per erroneous interleaving (up to the states
 * it had stored), and lockspin must report the one distinct violation at
 * about the cost of pan's own search, not one `spin -t` per error.
 *
 * Not in `make check`'s SPECS: a bench input, checked by `make bench`.
 */
#include "lockspin.h"

LS_VARIANT(double_unlock, "BAD_UNLOCK", "double-unlock",
	   "the last worker's error path unlocks the stats lock, then unlocks it again");
LS_VARIANT(abba, "BAD_ABBA", "deadlock",
	   "the last worker takes the first slot's lock while holding stats: the reverse of the first worker");
LS_VARIANT(ok, "", "ok", "every worker takes its slot lock, then stats, and unlocks each once");

#define NSLOTS 6

struct slot {
	ls_mutex_t lock;
	int count LS_STATE LS_RANGE(0, 2);
	bool last LS_STATE;
};

static struct slot slots[NSLOTS];
static ls_mutex_t stats;
static int total LS_STATE LS_RANGE(0, 6);

static void worker(struct slot *s)
{
#ifdef BAD_ABBA
	if (s->last) {
		ls_mutex_lock(&stats);
		ls_mutex_lock(&slots[0].lock);	/* stats -> slot 0: the reverse of worker 0 */
		slots[0].count = slots[0].count + 1;
		ls_mutex_unlock(&slots[0].lock);
		ls_mutex_unlock(&stats);
		return;
	}
#endif
	ls_mutex_lock(&s->lock);
	s->count = s->count + 1;
	ls_mutex_lock(&stats);
	total = total + 1;
#ifdef BAD_UNLOCK
	if (s->last)
		ls_mutex_unlock(&stats);	/* the error path's early unlock ... */
#endif
	ls_mutex_unlock(&stats);	/* ... and the common one */
	ls_mutex_unlock(&s->lock);
}

LS_SCENARIO
{
	slots[NSLOTS - 1].last = true;
	ls_thread(worker, &slots[0]);
	ls_thread(worker, &slots[1]);
	ls_thread(worker, &slots[2]);
	ls_thread(worker, &slots[3]);
	ls_thread(worker, &slots[4]);
	ls_thread(worker, &slots[5]);
}
