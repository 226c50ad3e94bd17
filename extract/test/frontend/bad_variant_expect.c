/* a misspelt expected verdict */
#include "lockspin.h"
LS_VARIANT(one, "A", "dedlock", "a typo in the verdict");
static ls_mutex_t m;
static void t(void *a) { (void)a; ls_mutex_lock(&m); ls_mutex_unlock(&m); }
LS_SCENARIO { ls_thread(t, NULL); }
