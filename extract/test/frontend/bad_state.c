#include "lockspin.h"
static ls_mutex_t a;
static int n LS_STATE;
static void t(void *arg) { (void)arg; ls_mutex_lock(&a); ls_mutex_unlock(&a); }
LS_SCENARIO { ls_thread(t, NULL); }
