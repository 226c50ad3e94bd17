#include "lockspin.h"
static ls_mutex_t a;
static void t(void *arg) { ls_mutex_lock(&a) }
LS_SCENARIO { ls_thread(t, NULL); }
