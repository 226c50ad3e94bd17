/* LS_RANGE is for integers: a modelled pointer ranges over its objects */
#include "lockspin.h"
struct obj { ls_mutex_t lock; bool up LS_STATE; };
static struct obj objs[2];
static struct obj *cur LS_STATE LS_RANGE(0, 1);
static void t(void *a) { (void)a; ls_mutex_lock(&cur->lock); ls_mutex_unlock(&cur->lock); }
LS_SCENARIO { cur = &objs[0]; ls_thread(t, NULL); }
