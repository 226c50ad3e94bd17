#include "lockspin.h"
/* the bias names a field the struct does not have */
struct domain {
	ls_spinlock_t paging_lock LS_RANK(64) LS_RANK_BIAS(is_ctrl, 64);
	bool is_control LS_STATE;
};
static struct domain d0;
static void t(struct domain *d) { ls_spin_lock(&d->paging_lock); ls_spin_unlock(&d->paging_lock); }
LS_SCENARIO { ls_thread(t, &d0); }
