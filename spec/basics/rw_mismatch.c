/*
 * rw_mismatch.c - read-unlock of a write-held lock: the unlock names the
 * wrong side of the rwlock.  Linux would corrupt the reader count; lockspin
 * reports the release as one of a lock (side) the thread does not hold.
 *
 *        t1 (bad)
 *        ----
 *   write_lock(&rw);
 *   read_unlock(&rw);      <- rw is not read-held by t1
 *
 * The ok twin releases the side it took.
 */
#include "lockspin.h"

LS_VARIANT(bad, "BAD", "unlock-not-held", "t1 write-locks rw and read-unlocks it");
LS_VARIANT(ok, "", "ok", "t1 write-unlocks what it write-locked");

static ls_rwlock_t rw;
static int generation LS_STATE LS_RANGE(0, 1);

static void t1(void *arg)
{
	(void)arg;
	ls_write_lock(&rw);
	generation = 1;
#ifdef BAD
	ls_read_unlock(&rw);	/* the wrong side */
#else
	ls_write_unlock(&rw);
#endif
}

static void t2(void *arg)
{
	(void)arg;
	ls_read_lock(&rw);
	ls_assert_held(&rw);	/* the read side counts as held */
	ls_read_unlock(&rw);
}

LS_SCENARIO
{
	ls_thread(t1, NULL);
	ls_thread(t2, NULL);
}
