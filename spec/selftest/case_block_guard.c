/*
 * case_block_guard.c - a scoped guard in a `case X: { ... }` block.
 *
 * Linux's common shape: `case X: { guard(mutex)(&m); ... }` followed by
 * more case labels.  The guard is taken in the block and released at its
 * closing brace, on the break out of the switch and on the fall-through
 * into the next label alike.  (A declaration in a case block followed by
 * another case label used to abort the tool with "goto to missing label".)
 *
 * aa: case 0 takes m again under its own guard: `deadlock` (AA).
 * stale: the default label asserts m is held after case 1's block, whose
 * guard has been released at the brace: `assertion`.
 * ok: the default label asserts m is not held, and m is taken again after
 * the switch.
 */
#include "lockspin.h"

LS_VARIANT(aa, "BAD_AA", "deadlock", "case 0 locks m while its guard holds m");
LS_VARIANT(stale, "BAD_STALE", "assertion", "default asserts m held after case 1's guard was released");
LS_VARIANT(ok, "", "ok", "each case's guard is released at the end of its block");

static ls_mutex_t m;
static int count LS_STATE LS_RANGE(0, 2);

static void worker(void *arg)
{
	(void)arg;
	switch (ls_choose(3)) {
	case 0: {
		ls_guard(MUTEX, &m);
		count = 1;
#ifdef BAD_AA
		ls_mutex_lock(&m);
		ls_mutex_unlock(&m);
#endif
		break;
	}
	case 1: {
		ls_guard(MUTEX, &m);
		count = 2;
	}
		/* fall through */
	default:
#ifdef BAD_STALE
		ls_assert_held(&m);
#else
		ls_assert_not_held(&m);
#endif
		break;
	}
	ls_mutex_lock(&m);
	count = 0;
	ls_mutex_unlock(&m);
}

LS_SCENARIO
{
	ls_thread(worker, NULL);
	ls_thread(worker, NULL);
}
