#include "lockspin.h"
/* a rank must be a number: mm-locks levels are integers */
static ls_spinlock_t pod_lock LS_RANK(high);
static ls_spinlock_t p2m_lock LS_RANK(-3);
static void t(void *arg) { (void)arg; ls_spin_lock(&pod_lock); ls_spin_unlock(&pod_lock); ls_spin_lock(&p2m_lock); ls_spin_unlock(&p2m_lock); }
LS_SCENARIO { ls_thread(t, NULL); }
