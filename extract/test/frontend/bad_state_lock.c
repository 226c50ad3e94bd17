/* LS_STATE on a lock field and on a global lock */
#include "lockspin.h"
struct obj { ls_mutex_t lock LS_STATE; bool up LS_STATE; };
static struct obj objs[1];
static ls_spinlock_t s LS_STATE;
static void t(void *a) { (void)a; ls_mutex_lock(&objs[0].lock); ls_mutex_unlock(&objs[0].lock); ls_spin_lock(&s); ls_spin_unlock(&s); }
LS_SCENARIO { ls_thread(t, NULL); }
