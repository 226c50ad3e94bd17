/* a define that is not NAME or NAME=VALUE: reported at its LS_VARIANT */
#include "lockspin.h"
LS_VARIANT(one, "1BAD", "ok", "not a macro name");
static ls_mutex_t m;
static void t(void *a) { (void)a; ls_mutex_lock(&m); ls_mutex_unlock(&m); }
LS_SCENARIO { ls_thread(t, NULL); }
