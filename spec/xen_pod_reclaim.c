/*
 * xen_pod_reclaim.c - Xen x86: PoD zero-page reclaim vs the nested-p2m flush.
 *
 * Protocol (xen/arch/x86/mm/mm-locks.h, p2m-pod.c, p2m-pt.c / p2m-ept.c).
 *   p2m->lock      mm_rwlock_t, MM_LOCK_ORDER_p2m = 16, recursive write lock;
 *                  gfn_lock(p2m, gfn, order) is this same lock.
 *   p2m->pod.lock  mm_lock_t, MM_LOCK_ORDER_pod = 48 (only the host p2m does PoD,
 *                  so it is the domain's PoD lock).
 *   Rule (_check_lock_level(), per CPU at run time): taking a lock whose level is
 *   below the CPU's current level is a BUG: "mm locking order violation: 48 > 16".
 *   Equal levels are allowed; re-taking a recursive lock already held skips the
 *   check; unlock restores the level saved at lock time.
 *
 * Chain (seed 000, Tim Deegan): a guest fault on a PoD gfn
 *   get_gfn_type_access()           gfn_lock(hostp2m)               level 16
 *    p2m_pod_demand_populate()      pod_lock(hostp2m)               level 48
 *     p2m_pod_emergency_sweep() -> p2m_pod_zero_check()   reclaims a zero page:
 *      p2m_set_entry(old gfn, INVALID_MFN, p2m_populate_on_demand)
 *       write_p2m_entry()           a present entry is replaced, so
 *        p2m_flush_nestedp2m(d) -> p2m_flush_table(np2m)
 *         p2m_lock(np2m)            level 16 < 48: BUG
 *
 * Not a two-thread cycle: one CPU breaks the ranking rule.
 *
 *        CPU0 (PoD fault, vCPU0)             CPU1 (nested fault, vCPU1)
 *        ----                                ----
 *        gfn_lock(hostp2m)       [16]
 *        pod_lock(hostp2m)       [48]
 *                                            p2m_lock(np2m)      [16]
 *                                            p2m_set_entry(np2m)
 *                                            p2m_unlock(np2m)
 *        p2m_set_entry(hostp2m, zero gfn)
 *         p2m_flush_nestedp2m()
 *          p2m_lock(np2m)        [16 < 48]  *** mm locking order violation ***
 *
 * Variants and history
 *   flush_under_pod  the code of the 2013 report (Xen 4.3/4.4): rank-violation.
 *   nested_own_rank  Tim's option (2): give nested p2m locks their own level,
 *                    "ranked below PoD in mm-locks.h".  mm-locks.h lists locks in
 *                    the order they are taken, so "below PoD" in the file means a
 *                    HIGHER number than 48.  Never merged.  Modelled as a bias on
 *                    the p2m lock when the p2m is nested: 16 + 36 = 52, between
 *                    pod (48) and page_alloc (56).  Safe because nested p2ms never
 *                    take the PoD or a host p2m lock while their own lock is held.
 *   deferred_flush   option (1), merged in Xen 4.16 as 6d187caae5 "x86/PoD: defer
 *                    nested P2M flushes": under pod_lock set
 *                    p2m->defer_nested_flush; write_p2m_entry() (and, for EPT,
 *                    ept_sync_domain_prepare()) skip the flush while it is set;
 *                    pod_unlock_and_flush() unlocks, clears the flag and flushes.
 *                    The level is back to 16 (gfn_lock) when np2m is locked: ok.
 *                    Whether the deferral is also SAFE for the vCPUs still using
 *                    the stale nested mapping is the question of
 *                    xen_deferred_nested_flush.c; this spec checks lock ranks.
 */
#include "lockspin.h"

LS_VARIANT(flush_under_pod, "", "rank-violation",
	   "p2m_flush_nestedp2m() from write_p2m_entry() takes p2m_lock(np2m), level 16, while pod_lock holds the CPU at 48: mm locking order violation 48 > 16");
LS_VARIANT(nested_own_rank, "NESTED_OWN_RANK", "ok",
	   "Tim's option (2): nested p2m locks at their own level 52 (later than pod in mm-locks.h), so np2m under pod_lock is 52 >= 48; no path holds an np2m lock while taking pod or a host p2m lock");
LS_VARIANT(deferred_flush, "DEFER_NESTED_FLUSH", "ok",
	   "6d187caae5: the flush is deferred to pod_unlock_and_flush(); after pod_unlock the level is back to 16 (gfn_lock held) and p2m_lock(np2m) at 16 is allowed");

#define INVALID_MFN 0
#define MFN_ZERO 1      /* the zero page PoD will reclaim */
#define GFN_ZERO 0      /* gfn mapped to the zero page */
#define GFN_POD 1       /* the populate-on-demand gfn vCPU0 faults on */
#define NR_GFNS 2

#if defined(NESTED_OWN_RANK)
/* option (2): p2m_lock() of a nested p2m is its own thing in mm-locks.h */
#define NP2M_LEVEL LS_RANK_BIAS(is_nested, 36)
#else
#define NP2M_LEVEL
#endif

struct p2m_domain {
	ls_rwlock_t lock LS_RANK(16) LS_RECURSIVE NP2M_LEVEL; /* p2m->lock (gfn_lock) */
	ls_spinlock_t pod_lock LS_RANK(48);                   /* p2m->pod.lock */
	bool is_nested LS_STATE;                              /* p2m_is_nestedp2m(p2m) */
	bool defer_nested_flush LS_STATE;
	int entry[NR_GFNS] LS_STATE LS_RANGE(0, 2);           /* mfn at gfn, 0: not present */
	int pod_count LS_STATE LS_RANGE(0, 1);                /* p2m->pod.count */
	int pod_cache LS_STATE LS_RANGE(0, 2);                /* the page in p2m->pod.single */
};

static struct p2m_domain hostp2m;   /* p2m_get_hostp2m(d) */
static struct p2m_domain np2m;      /* d->arch.nested_p2m[0] */

struct vcpu {
	int fault_gfn LS_STATE LS_RANGE(0, 1);
};
static struct vcpu vcpus[2];

/* p2m_flush_table(): empties one nested p2m under its own lock. */
static void p2m_flush_table(struct p2m_domain *p2m)
{
	int gfn;

	ls_write_lock(&p2m->lock);              /* p2m_lock(p2m) */
	for (gfn = 0; gfn < NR_GFNS; gfn++)
		p2m->entry[gfn] = INVALID_MFN;
	ls_write_unlock(&p2m->lock);            /* p2m_unlock(p2m) */
}

/* p2m_flush_nestedp2m(d): every nested p2m of the domain (one here). */
static void p2m_flush_nestedp2m(void)
{
	p2m_flush_table(&np2m);
}

/* p2m_set_entry() -> p2m_pt_set_entry() -> write_p2m_entry() */
static void p2m_set_entry(struct p2m_domain *p2m, int gfn, int mfn)
{
	int old = p2m->entry[gfn];

	ls_assert_held(&p2m->lock);             /* ASSERT(p2m_locked_by_me(p2m)) */
	p2m->entry[gfn] = mfn;
	/* write_p2m_entry(): a present entry of the host p2m was replaced */
	if (!p2m->is_nested && old != INVALID_MFN && !p2m->defer_nested_flush)
		p2m_flush_nestedp2m();
}

/* p2m_pod_zero_check(): take the zero page back from GFN_ZERO into the cache. */
static void p2m_pod_zero_check(struct p2m_domain *p2m)
{
	int mfn = p2m->entry[GFN_ZERO];

	if (mfn == INVALID_MFN)
		return;
	p2m_set_entry(p2m, GFN_ZERO, INVALID_MFN);      /* p2m_populate_on_demand */
	p2m->pod_cache = mfn;                           /* p2m_pod_cache_add() */
	p2m->pod_count = 1;
}

static void p2m_pod_demand_populate(struct p2m_domain *p2m, int gfn)
{
	int mfn;

	ls_assert_held(&p2m->lock);             /* ASSERT(gfn_locked_by_me(p2m, gfn)) */
	ls_spin_lock(&p2m->pod_lock);           /* pod_lock(p2m) */
#if defined(DEFER_NESTED_FLUSH)
	p2m->defer_nested_flush = true;
#endif
	if (p2m->pod_count == 0)
		p2m_pod_zero_check(p2m);        /* p2m_pod_emergency_sweep() */
	if (p2m->pod_count != 0) {
		mfn = p2m->pod_cache;           /* p2m_pod_cache_get() */
		p2m->pod_count = 0;
		p2m->pod_cache = INVALID_MFN;
		p2m_set_entry(p2m, gfn, mfn);   /* not-present entry: no flush */
	}
#if defined(DEFER_NESTED_FLUSH)
	/* pod_unlock_and_flush(p2m) */
	ls_spin_unlock(&p2m->pod_lock);         /* pod_unlock(p2m) */
	p2m->defer_nested_flush = false;
	p2m_flush_nestedp2m();
#else
	ls_spin_unlock(&p2m->pod_lock);         /* pod_unlock(p2m) */
#endif
}

/* Thread: vCPU0 faults on a PoD gfn: hvm_hap_nested_page_fault() -> get_gfn(). */
static void pod_fault(struct vcpu *v)
{
	ls_write_lock(&hostp2m.lock);           /* gfn_lock(p2m, gfn, 0) in __get_gfn_type_access() */
	if (hostp2m.entry[v->fault_gfn] == INVALID_MFN)
		p2m_pod_demand_populate(&hostp2m, v->fault_gfn);
	ls_write_unlock(&hostp2m.lock);         /* put_gfn() */
}

/* Thread: vCPU1 runs an L2 guest and takes a nested page fault:
 * nestedhvm_hap_nested_page_fault() -> nestedhap_walk_L0_p2m() (host gfn lock,
 * dropped by put_gfn()) -> nestedhap_fix_p2m() (np2m lock). */
static void nested_fault(struct vcpu *v)
{
	int mfn;

	ls_write_lock(&hostp2m.lock);           /* gfn_lock() in get_gfn_type_access(hostp2m, L1 gfn) */
	mfn = hostp2m.entry[v->fault_gfn];
	ls_write_unlock(&hostp2m.lock);         /* put_gfn() */
	ls_write_lock(&np2m.lock);              /* p2m_lock(p2m) in nestedhap_fix_p2m() */
	p2m_set_entry(&np2m, v->fault_gfn, mfn);
	ls_write_unlock(&np2m.lock);            /* p2m_unlock(p2m) */
}

LS_SCENARIO
{
	np2m.is_nested = true;
	hostp2m.entry[GFN_ZERO] = MFN_ZERO;     /* a zero page PoD can reclaim */
	hostp2m.entry[GFN_POD] = INVALID_MFN;   /* populate-on-demand, cache empty */
	np2m.entry[GFN_ZERO] = INVALID_MFN;
	vcpus[0].fault_gfn = GFN_POD;
	vcpus[1].fault_gfn = GFN_ZERO;
	ls_thread(pod_fault, &vcpus[0]);
	ls_thread(nested_fault, &vcpus[1]);
}
