/*
 * abba_helper.c - ABBA where each second acquisition hides in a helper.
 *
 * stats_note() takes stats_lock, cfg_peek() takes cfg_lock.  t1 calls
 * stats_note() under cfg_lock (cfg -> stats); the bad t2 calls cfg_peek()
 * under stats_lock (stats -> cfg).  Neither thread body shows both locks:
 * the extractor inlines the helpers, and the trace must point into them.
 *
 *  Possible unsafe locking scenario (bad):
 *
 *        t1                    t2
 *        ----                  ----
 *   lock(cfg_lock);
 *                              lock(stats_lock);
 *   lock(stats_lock);
 *     in stats_note()
 *                              lock(cfg_lock);
 *                                in cfg_peek()
 *
 *  *** DEADLOCK ***
 *
 * The ok twin: t2 calls cfg_peek() before it takes stats_lock.
 */
#include "lockspin.h"

LS_VARIANT(bad, "BAD", "deadlock", "t2 calls cfg_peek() (cfg_lock) while holding stats_lock");
LS_VARIANT(ok, "", "ok", "t2 calls cfg_peek() before taking stats_lock");

static ls_mutex_t cfg_lock, stats_lock;

static void stats_note(void)
{
	ls_mutex_lock(&stats_lock);
	ls_mutex_unlock(&stats_lock);
}

static void cfg_peek(void)
{
	ls_mutex_lock(&cfg_lock);	/* bad: blocks here, stats_lock held */
	ls_mutex_unlock(&cfg_lock);
}

static void t1(void *arg)
{
	(void)arg;
	ls_mutex_lock(&cfg_lock);
	stats_note();		/* cfg -> stats */
	ls_mutex_unlock(&cfg_lock);
}

static void t2(void *arg)
{
	(void)arg;
#ifdef BAD
	ls_mutex_lock(&stats_lock);
	cfg_peek();		/* stats -> cfg */
#else
	cfg_peek();
	ls_mutex_lock(&stats_lock);
#endif
	ls_mutex_unlock(&stats_lock);
}

LS_SCENARIO
{
	ls_thread(t1, NULL);
	ls_thread(t2, NULL);
}
