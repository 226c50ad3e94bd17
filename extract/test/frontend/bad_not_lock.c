/* a lock argument that points to an int is not a lock */
#include "lockspin.h"
static ls_mutex_t m;
static int an_int;
static void t(void *a) { (void)a; ls_mutex_lock(&an_int); ls_mutex_unlock((ls_mutex_t *)&an_int); (void)m; }
LS_SCENARIO { ls_thread(t, NULL); }
