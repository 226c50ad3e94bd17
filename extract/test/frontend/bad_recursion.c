#include "lockspin.h"
#include <setjmp.h>
static ls_mutex_t a;
static jmp_buf jb;
static void walk(int n) { if (n > 0) walk(n - 1); }
static void (*cb)(void);
static void t(void *arg)
{
	(void)arg;
	walk(3);
	cb();
	longjmp(jb, 1);
	ls_mutex_lock(&a);
	ls_mutex_unlock(&a);
}
LS_SCENARIO { ls_thread(t, NULL); }
