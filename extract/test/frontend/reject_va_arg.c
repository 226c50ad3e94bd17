/* va_arg reads an argument the model does not have: rejected by name. */
#include <stdarg.h>
#include "lockspin.h"

static ls_mutex_t m;

static int first(int n, ...)
{
	va_list ap;
	va_start(ap, n);
	int v = va_arg(ap, int);
	va_end(ap);
	return v;
}

static void t1(void *arg)
{
	(void)arg;
	if (first(1, 2))
		ls_mutex_lock(&m);
}

LS_SCENARIO
{
	ls_thread(t1, NULL);
}
