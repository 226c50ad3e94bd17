/* one bad line, two variants: the error is printed once */
#include "lockspin.h"
LS_VARIANT(one, "A", "ok", "first");
LS_VARIANT(two, "B", "ok", "second");
static ls_mutex_t m;
static int count LS_STATE;
static void t(void *a) { (void)a; ls_mutex_lock(&m); ls_mutex_unlock(&m); }
LS_SCENARIO { ls_thread(t, NULL); }
