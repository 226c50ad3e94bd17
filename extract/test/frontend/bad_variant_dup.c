/* two variants with one name */
#include "lockspin.h"
LS_VARIANT(one, "A", "ok", "first");
LS_VARIANT(one, "B", "ok", "second with the same name");
static ls_mutex_t m;
static void t(void *a) { (void)a; ls_mutex_lock(&m); ls_mutex_unlock(&m); }
LS_SCENARIO { ls_thread(t, NULL); }
