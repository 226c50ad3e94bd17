/* Ranges of int locals: what is stored when it is bounded, else the C
 * type's; int holds any int (no check), a type narrower than int wraps as C
 * converts (unsigned char, short), an unsigned int is checked against the
 * 0..INT_MAX and all-ones (-1) the model holds of it, a return value to the return
 * type. */
#include "lockspin.h"

static int v LS_STATE LS_RANGE(0, 3);

static signed char narrow(int x)
{
	return x * 2;
}

static void t(void *arg)
{
	int i, sum = 0;
	unsigned char c = 250;
	short s = 0;
	unsigned u = 1;

	(void)arg;
	for (i = 0; i < 3; i++) {
		sum += v;
		c = c + 3;
		s = s - 1;
		u = u - 1;
	}
	v = narrow(v) & 3;
}

LS_SCENARIO
{
	ls_thread(t, NULL);
}
