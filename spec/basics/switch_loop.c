/*
 * switch_loop.c - locks taken inside a switch inside a bounded loop.
 *
 * Two workers each run two jobs; each job is none, copy or move, chosen
 * freely.  copy takes src then dst.  In the bad variant move takes dst then
 * src: one worker copying while the other moves is ABBA, reachable only
 * through the right case of the switch.  The none case leaves the switch
 * with `continue`, straight to the next loop iteration, skipping the
 * unlocks.
 *
 *  Possible unsafe locking scenario (bad):
 *
 *        worker (copy)         worker (move)
 *        ----                  ----
 *   lock(src);
 *                              lock(dst);
 *   lock(dst);
 *                              lock(src);
 *
 *  *** DEADLOCK ***
 */
#include "lockspin.h"

LS_VARIANT(bad, "BAD", "deadlock", "copy takes src then dst, move takes dst then src");
LS_VARIANT(ok, "", "ok", "copy and move both take src then dst");

enum { JOB_NONE, JOB_COPY, JOB_MOVE };

static ls_mutex_t src, dst;

static void worker(void *arg)
{
	int i, job;

	(void)arg;
	for (i = 0; i < 2; i++) {
		job = ls_choose(3);
		switch (job) {
		case JOB_COPY:
			ls_mutex_lock(&src);
			ls_mutex_lock(&dst);
			break;
		case JOB_MOVE:
#ifdef BAD
			ls_mutex_lock(&dst);
			ls_mutex_lock(&src);	/* dst -> src: the reverse of copy */
#else
			ls_mutex_lock(&src);
			ls_mutex_lock(&dst);
#endif
			break;
		default:	/* JOB_NONE: no locks taken */
			continue;
		}
		ls_mutex_unlock(&dst);
		ls_mutex_unlock(&src);
	}
}

LS_SCENARIO
{
	ls_thread(worker, NULL);
	ls_thread(worker, NULL);
}
