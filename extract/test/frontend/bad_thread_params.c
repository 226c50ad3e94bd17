/* a thread function takes one pointer */
#include "lockspin.h"
static ls_mutex_t m;
static void t(void *a, int n) { (void)a; (void)n; ls_mutex_lock(&m); ls_mutex_unlock(&m); }
LS_SCENARIO { ls_thread(t, NULL); }
