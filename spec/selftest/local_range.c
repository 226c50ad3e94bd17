/*
 * local_range.c - locals whose range the front end cannot compute.
 *
 * sum adds 50 four times in a loop (its value reads itself, so no bound is
 * computed before the thread is lowered) and c, an unsigned char, counts
 * past 255.  Before, such a local got -128..127: sum = 150 was reported
 * `out-of-range` although the C declares no range (a false alarm), and a
 * C unsigned char that wraps was not wrapped.  Now an int local holds any
 * int (a Promela int), and a store into a type narrower than int converts
 * as C does (modulo 2^8 here): the ok twin is ok, and the bad variant's
 * assertion fails on the wrapped value, natively too.
 */
#include "lockspin.h"

LS_VARIANT(ok, "", "ok", "sum reaches 200 without an alarm; c wraps from 255 to 0 and ends at 4");
LS_VARIANT(bad, "BAD", "assertion", "the assertion expects c unwrapped (260), C holds 4");

static ls_mutex_t l;
static int seen LS_STATE LS_RANGE(0, 2);

static void worker(void *arg)
{
	int sum = 0, i;
	unsigned char c = 250;

	(void)arg;
	for (i = 0; i < 4; i++)
		sum += 50;
	for (i = 0; i < 10; i++)
		c = c + 1;
	ls_mutex_lock(&l);
	seen = seen + 1;
#ifdef BAD
	ls_assert(sum + c == 460);
#else
	ls_assert(sum + c == 204);
#endif
	ls_mutex_unlock(&l);
}

LS_SCENARIO
{
	ls_thread(worker, NULL);
	ls_thread(worker, NULL);
}
