#include "lockspin.h"
static ls_mutex_t a;
static void (*cb)(void) LS_TARGETS(no_such_fn);
static void t(void *arg) { (void)arg; cb(); ls_mutex_lock(&a); ls_mutex_unlock(&a); }
LS_SCENARIO { ls_thread(t, NULL); }
