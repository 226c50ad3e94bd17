/*
 * rwlock_read.c - readers share an ls_rwlock_t; a writer does not.
 *
 * t1 holds rw for reading and takes m; t2 holds m and takes rw.  That is
 * ABBA in shape, but two readers share rw, so t2 gets in while t1 reads:
 * read_read is ok.  If t2 takes rw as a writer (read_write), it waits for
 * t1's read side while t1 waits for m.  upgrade: t1 takes rw for writing
 * while it still reads it; the writer waits for all readers, itself too.
 *
 *  Possible unsafe locking scenario (read_write):
 *
 *        t1                    t2
 *        ----                  ----
 *   read_lock(rw);
 *                              lock(m);
 *   lock(m);
 *                              write_lock(rw);
 *
 *  *** DEADLOCK ***
 */
#include "lockspin.h"

LS_VARIANT(read_read, "", "ok", "rw is taken for reading on both sides of m, and readers share");
LS_VARIANT(read_write, "WRITER", "deadlock", "t2 takes rw for writing under m while t1 reads rw and waits for m");
LS_VARIANT(upgrade, "UPGRADE", "deadlock", "t1 takes rw for writing while it holds rw for reading");

static ls_rwlock_t rw;
static ls_mutex_t m;

static void t1(void *arg)
{
	(void)arg;
	ls_read_lock(&rw);
	ls_mutex_lock(&m);
	ls_mutex_unlock(&m);
#ifdef UPGRADE
	ls_write_lock(&rw);	/* waits for readers: t1 is one */
	ls_write_unlock(&rw);
#endif
	ls_read_unlock(&rw);
}

static void t2(void *arg)
{
	(void)arg;
	ls_mutex_lock(&m);
#ifdef WRITER
	ls_write_lock(&rw);	/* waits for t1's read side, under m */
	ls_write_unlock(&rw);
#else
	ls_read_lock(&rw);	/* shares rw with t1 */
	ls_read_unlock(&rw);
#endif
	ls_mutex_unlock(&m);
}

LS_SCENARIO
{
	ls_thread(t1, NULL);
	ls_thread(t2, NULL);
}
