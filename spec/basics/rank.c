/*
 * rank.c - Xen mm-locks order: a lock of lower rank taken under one of
 * higher rank is a BUG at run time, even when no deadlock follows.
 *
 *   mm locking order violation: 48 > 16
 *
 *        t1 (bad)
 *        ----
 *   lock(pod_lock);       level 0 -> 48
 *   lock(p2m_lock);       rank 16 < level 48: BUG
 *
 * Only one thread takes both locks, so no interleaving can deadlock: the
 * rank rule is stricter than deadlock freedom, on purpose.  The ok twin
 * takes them in rank order (p2m, then pod), and t2 shows that re-taking a
 * lock of equal rank (two p2m locks at rank 16) is allowed.
 */
#include "lockspin.h"

LS_VARIANT(bad, "BAD", "rank-violation", "p2m_lock (rank 16) taken under pod_lock (rank 48)");
LS_VARIANT(ok, "", "ok", "p2m_lock (16) then pod_lock (48): ranks only rise");

static ls_spinlock_t pod_lock LS_RANK(48);
static ls_spinlock_t p2m_lock LS_RANK(16);
static ls_spinlock_t altp2m_lock LS_RANK(16);

static void t1(void *arg)
{
	(void)arg;
#ifdef BAD
	ls_spin_lock(&pod_lock);
	ls_spin_lock(&p2m_lock);	/* 16 under 48 */
	ls_spin_unlock(&p2m_lock);
	ls_spin_unlock(&pod_lock);
#else
	ls_spin_lock(&p2m_lock);
	ls_spin_lock(&pod_lock);
	ls_spin_unlock(&pod_lock);
	ls_spin_unlock(&p2m_lock);
#endif
}

static void t2(void *arg)
{
	(void)arg;
	ls_spin_lock(&p2m_lock);
	ls_spin_lock(&altp2m_lock);	/* equal ranks are allowed */
	ls_spin_unlock(&altp2m_lock);
	ls_spin_unlock(&p2m_lock);
}

LS_SCENARIO
{
	ls_thread(t1, NULL);
	ls_thread(t2, NULL);
}
