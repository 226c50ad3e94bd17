#include "lockspin.h"
static ls_mutex_t a;
static void f(void) { ls_mutex_lock(&a); ls_mutex_unlock(&a); }
static void g(void) { }
static void (*cb)(void) LS_STATE LS_TARGETS(f);
static void t(void *arg) { (void)arg; cb = &g; if (cb) cb(); }
LS_SCENARIO { cb = g; ls_thread(t, NULL); }
