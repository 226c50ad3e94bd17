/*
 * c_fnptr.c - the result of a call through a function pointer (an ops
 * table's field, LS_TARGETS): the value the target returns, as a direct
 * call's, for one target and for a modelled pointer that may reach either
 * of two.  Xen's p2m_set_entry() decides its return code by
 * `set_rc = p2m->set_entry(...)`; the result was untracked, so a test of
 * it went either way and a store of it into a modelled local kept only the
 * values stored before.  extract/test/constructs.sh checks every verdict.
 */
#include "lockspin.h"

LS_VARIANT(one_target, "BAD_ONE", "assertion", "a call through a pointer with one target returns what the target does");
LS_VARIANT(two_targets, "BAD_TWO", "assertion", "a call through a pointer that may reach two targets returns what the one it reached does");
LS_VARIANT(ok, "", "ok", "every call through a pointer returns its target's value");

static int set_leaf(int v)
{
	return v + 1;
}

static int set_huge(int v)
{
	return v + 2;
}

struct ops {
	int (*set_entry)(int) LS_TARGETS(set_leaf);
	int (*pick)(int) LS_STATE LS_TARGETS(set_leaf, set_huge);
};

static struct ops ops = { set_leaf, set_leaf };
static int rc LS_STATE LS_RANGE(0, 7);

static void writer(void *arg)
{
	(void)arg;
	int set_rc, r = 0;

	set_rc = ops.set_entry(1);
	if (set_rc)
		r = set_rc;
#ifdef BAD_ONE
	ls_assert(r == 0);
#else
	ls_assert(r == 2);
#endif
	r = ops.pick(3);
#ifdef BAD_TWO
	ls_assert(r == 4);
#else
	ls_assert(r == 4 || r == 5);
#endif
	rc = r;
}

static void switcher(void *arg)
{
	(void)arg;
	ops.pick = set_huge;
}

LS_SCENARIO
{
	ls_thread(writer, NULL);
	ls_thread(switcher, NULL);
}
