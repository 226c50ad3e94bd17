/* Reads of modelled state, one model step per access: every form of a
 * read-modify-write (x = x + 1, x++, ++x, x += e, a field through a
 * pointer, an assignment used as a value) reads into a temporary, then
 * writes; a test reads all but its last read first; the left of && is read
 * before the right; unordered reads are listed by --explain; ls_assert is
 * one step; a local store keeps one read. */
#include "lockspin.h"

struct obj {
	int x LS_STATE LS_RANGE(0, 7);
	int y LS_STATE LS_RANGE(0, 7);
};

static struct obj o0;
static struct obj *cur LS_STATE;
static int a LS_STATE LS_RANGE(0, 7);
static int b LS_STATE LS_RANGE(0, 7);
static bool f LS_STATE;

static void t(void *arg)
{
	int v;

	(void)arg;
	a = a + 1;
	a++;
	++b;
	a += b;
	cur->x = cur->y;
	v = b++;
	b = v;
	v = a + b;
	if (a == b)
		f = true;
	if (f && a > 1)
		b = 0;
	while (a < b)
		a = (b = 1) + 1;
	ls_assert(a <= 7 && b <= 7);
}

LS_SCENARIO
{
	cur = &o0;
	ls_thread(t, NULL);
}
