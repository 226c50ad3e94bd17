/*
 * unreached_chain.c - one inlined copy of a helper is never reached.
 *
 * flush() is called from two places in t1.  Every call is inlined, so its
 * lock operations exist once per call site.  In the bad variant nobody ever
 * sets dirty, so the call under "if (dirty)" never runs while the other one
 * does: the helper's lines do run, and the warning must say which call
 * chain does not reach them (t1's call at its line, then the helper's
 * line), not that the helper's line is "never reached in any execution".
 *
 * The ok twin: t2 sets dirty under the lock, so some execution takes the
 * branch and both copies run: no warning.
 */
#include "lockspin.h"

LS_VARIANT(bad, "BAD", "ok", "nobody sets dirty: the flush() under 'if (dirty)' is warned with its call chain");
LS_VARIANT(ok, "", "ok", "t2 may set dirty first: both calls of flush() run, no warning");

static ls_mutex_t m;
static bool dirty LS_STATE;

static void flush(void)
{
	ls_mutex_lock(&m);
	dirty = false;
	ls_mutex_unlock(&m);
}

static void t1(void *arg)
{
	(void)arg;
	flush();
	if (dirty)
		flush();
}

static void t2(void *arg)
{
	(void)arg;
#ifndef BAD
	ls_mutex_lock(&m);
	dirty = true;
	ls_mutex_unlock(&m);
#endif
}

LS_SCENARIO
{
	ls_thread(t1, NULL);
	ls_thread(t2, NULL);
}
