/*
 * conformance_bug.c - the real code and the model disagree: the nested
 * lock is compiled only where libclang does not look (__clang__ is
 * defined for the extractor, not for gcc).  `lockspin run` must report the
 * edge a --> b that the real code takes and the model never does.
 */
#include "lockspin.h"

static ls_mutex_t a, b;

static void t1(void *arg)
{
	(void)arg;
	ls_mutex_lock(&a);
#ifndef __clang__
	ls_mutex_lock(&b);	/* invisible to the model */
	ls_mutex_unlock(&b);
#endif
	ls_mutex_unlock(&a);
}

static void t2(void *arg)
{
	(void)arg;
	ls_mutex_lock(&b);
	ls_mutex_unlock(&b);
}

LS_SCENARIO
{
	ls_thread(t1, NULL);
	ls_thread(t2, NULL);
}
