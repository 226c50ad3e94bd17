#include "lockspin.h"
static ls_mutex_t a;
static void f(void) { ls_mutex_lock(&a); ls_mutex_unlock(&a); }
static void (*cb)(void) LS_STATE = f;
static void t(void *arg) { (void)arg; if (cb) cb(); }
LS_SCENARIO { ls_thread(t, NULL); }
