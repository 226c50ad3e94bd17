/*
 * xen_deferred_nested_flush.c - Xen x86: is deferring the nested-p2m flush past
 * pod_unlock() safe for the vCPUs that still use the stale nested mapping?
 *
 * Protocol.  The host p2m maps L1 gfns to machine frames; a nested p2m (np2m)
 * caches L2 -> machine translations built from it.  When the host p2m replaces a
 * present entry, write_p2m_entry() / ept_sync_domain_prepare() must flush all
 * nested p2ms (p2m_flush_nestedp2m()), or an L2 guest keeps reaching the old
 * frame.  p2m->defer_nested_flush (p2m_change_type_range(), and since 6d187caae5
 * the PoD paths) postpones that flush: pod_unlock_and_flush() does
 *     pod_unlock(p2m); p2m->defer_nested_flush = false; p2m_flush_nestedp2m(d);
 * and its callers still hold gfn_lock (= the host p2m lock) across it.
 *
 * Locks: hostp2m->lock (16, recursive write lock; gfn_lock), p2m->pod.lock (48),
 * np2m->lock (16).  Locks order the WRITERS of p2m entries.  The readers are
 * hardware: a vCPU in L2 walks the np2m (EPT/NPT walk, TLB) with no software lock
 * at all.  p2m_flush_table() stops them with a synchronous IPI
 * (nestedhvm_vmcx_flushtlb()), so one guest access never straddles a flush: an
 * access is modelled as ONE step that reads the np2m entry and the page it
 * reaches (a single ls_assert expression).
 *
 * Property (the assertion in l2_guest_access()): no vCPU reaches a frame through a
 * nested mapping made before the frame was reclaimed once the frame has been
 * handed to a new gfn; i.e. the frame reached through np2m[g] still belongs to
 * gfn g (m2p[mfn] == g), or is free in the PoD cache (m2p[mfn] == INVALID_GFN).
 *
 * Model: gfns Z (a zero page, mfn P), A and B (PoD, not present); frames P and
 * two spare frames R0, R1.  The L1 hypervisor maps its L2 guest 1:1, so np2m[g]
 * caches hostp2m[g]; np2m[Z] = P exists at the start ("made before the reclaim").
 * Nested-fault refill (nestedhap_fix_p2m) is not modelled: only mappings made
 * before the reclaim matter to the property.  The PoD cache hands out any cached
 * frame (the order of p2m->pod.single is history; a design that is safe only
 * because of the list order is not modelled as safe).
 *
 * The bad interleaving of the merged code (deferred_merged):
 *
 *        CPU0 (PoD fault on gfn A)                CPU2 (vCPU in L2, hardware)
 *        ----                                     ----
 *        gfn_lock(hostp2m)
 *        pod_lock(hostp2m)
 *        defer_nested_flush = true
 *        p2m_pod_zero_check(): Z -> PoD, P cached
 *          (nested flush deferred)
 *        p2m_pod_cache_get() = P
 *        p2m_set_entry(A, P); m2p[P] = A
 *        pod_unlock(hostp2m)
 *                                                 walk np2m[Z] = P (stale)
 *                                                 *** reaches gfn A's page ***
 *        p2m_flush_nestedp2m()
 *        put_gfn()
 *
 * Variants and history (seed 000; 6d187caae5, Xen 4.16)
 *   flush_under_pod         pre-4.16 code: flush inside the PoD lock.
 *   deferred_merged         6d187caae5 as merged: flush after pod_unlock, gfn lock
 *                           still held.
 *   deferred_after_put_gfn  Andres' option (1) taken literally: flush "when we are
 *                           done with the fault", after put_gfn().
 *   reserve_after_put_gfn   Tim's refinement: keep one free PoD page per vCPU so a
 *                           fault never maps the page it just reclaimed; flush after
 *                           the fault.  Tim: "even then we have a race window after
 *                           we pod-unlock and before we finish flushing where
 *                           another CPU could pod-lock and map the page."
 *   reserve_merged          the reserve plus the merged placement of the flush
 *                           (gfn lock held across pod_unlock_and_flush()).
 */
#include "lockspin.h"

LS_VARIANT(flush_under_pod, "", "rank-violation",
	   "the reclaim's p2m_set_entry() flushes nested p2ms under pod_lock: p2m_lock(np2m) 16 < 48; (the synchronous flush itself would keep the property)");
LS_VARIANT(deferred_merged, "DEFER_NESTED_FLUSH", "assertion",
	   "finding: the fault maps the page it just reclaimed at the new gfn BEFORE pod_unlock_and_flush(); the gfn lock held across only keeps other writers out, the L2 vCPU's hardware walk takes no lock and reaches the page through the stale np2m entry in that window");
LS_VARIANT(deferred_after_put_gfn, "DEFER_NESTED_FLUSH FLUSH_AFTER_PUT_GFN", "assertion",
	   "same window as merged, and wider: after put_gfn() another CPU's PoD fault can also take the reclaimed page before the flush");
LS_VARIANT(reserve_after_put_gfn, "DEFER_NESTED_FLUSH FLUSH_AFTER_PUT_GFN POD_RESERVE", "assertion",
	   "Tim's race: the fault maps a reserve page, but after pod_unlock and put_gfn, before its flush, vCPU1's fault pod-locks and maps the reclaimed page while np2m[Z] still points at it");
LS_VARIANT(reserve_merged, "DEFER_NESTED_FLUSH POD_RESERVE", "ok",
	   "the faulting CPU never maps the page it reclaimed, and it holds gfn_lock (the whole host p2m lock) until its flush is done, so no other fault can hand the page out first");

#define INVALID_MFN 0
#define MFN_P 1         /* zero page at gfn Z, the one PoD reclaims */
#define MFN_R0 2        /* spare PoD pages (the reserve) */
#define MFN_R1 3
#define NR_MFNS 4

#define GFN_Z 0
#define GFN_A 1
#define GFN_B 2
#define INVALID_GFN 3   /* INVALID_M2P_ENTRY */
#define NR_GFNS 3

struct p2m_domain {
	ls_rwlock_t lock LS_RANK(16) LS_RECURSIVE;    /* p2m->lock; gfn_lock() */
	ls_spinlock_t pod_lock LS_RANK(48);           /* p2m->pod.lock */
	bool defer_nested_flush LS_STATE;
	int pod_count LS_STATE LS_RANGE(0, 3);        /* p2m->pod.count */
	int entry[NR_GFNS] LS_STATE LS_RANGE(0, 3);   /* mfn at gfn; 0: not present / PoD */
};

static struct p2m_domain hostp2m;   /* p2m_get_hostp2m(d) */
static struct p2m_domain np2m;      /* d->arch.nested_p2m[0] */

/* machine_to_phys_mapping: set_gpfn_from_mfn() */
static int m2p[NR_MFNS] LS_STATE LS_RANGE(0, 3);
/* the frames on p2m->pod.single */
static bool pod_cached[NR_MFNS] LS_STATE;

struct vcpu {
	int gfn LS_STATE LS_RANGE(0, 2);   /* fault gfn, or the L2 gfn it accesses */
};
static struct vcpu vcpus[3];

/* p2m_flush_table(): empties a nested p2m; the IPI waits for its users. */
static void p2m_flush_table(struct p2m_domain *p2m)
{
	int gfn;

	ls_write_lock(&p2m->lock);              /* p2m_lock(p2m) */
	for (gfn = 0; gfn < NR_GFNS; gfn++)
		p2m->entry[gfn] = INVALID_MFN;
	ls_write_unlock(&p2m->lock);            /* p2m_unlock(p2m) */
}

static void p2m_flush_nestedp2m(void)
{
	p2m_flush_table(&np2m);
}

/* p2m_set_entry() -> write_p2m_entry(): replacing a present entry flushes
 * the nested p2ms unless the flush is deferred. */
static void p2m_set_entry(struct p2m_domain *p2m, int gfn, int mfn)
{
	int old = p2m->entry[gfn];

	ls_assert_held(&p2m->lock);             /* ASSERT(p2m_locked_by_me(p2m)) */
	p2m->entry[gfn] = mfn;
	if (old != INVALID_MFN && !p2m->defer_nested_flush)
		p2m_flush_nestedp2m();
}

/* p2m_pod_zero_check(): gfn Z still maps a zero page: take it back. */
static void p2m_pod_zero_check(struct p2m_domain *p2m)
{
	int mfn = p2m->entry[GFN_Z];

	if (mfn == INVALID_MFN)
		return;
	p2m_set_entry(p2m, GFN_Z, INVALID_MFN);         /* p2m_populate_on_demand */
	m2p[mfn] = INVALID_GFN;
	pod_cached[mfn] = true;                         /* p2m_pod_cache_add() */
	p2m->pod_count = p2m->pod_count + 1;
}

/* p2m_pod_cache_get(): any cached frame (see the header). */
static int p2m_pod_cache_get(struct p2m_domain *p2m)
{
	int mfn = INVALID_MFN;

	if (pod_cached[MFN_R0])
		mfn = MFN_R0;
	else if (pod_cached[MFN_R1])
		mfn = MFN_R1;
	if (pod_cached[MFN_P] && (mfn == INVALID_MFN || ls_choose(2) == 1))
		mfn = MFN_P;
	pod_cached[mfn] = false;
	p2m->pod_count = p2m->pod_count - 1;
	return mfn;
}

/* Map a cached frame at gfn: the end of p2m_pod_demand_populate(). */
static void pod_map_page(struct p2m_domain *p2m, int gfn)
{
	int mfn = p2m_pod_cache_get(p2m);

	p2m_set_entry(p2m, gfn, mfn);           /* p2m_ram_rw, entry was not present */
	m2p[mfn] = gfn;                         /* set_gpfn_from_mfn(mfn, gfn) */
}

#if defined(DEFER_NESTED_FLUSH) && !defined(FLUSH_AFTER_PUT_GFN)
static void pod_unlock_and_flush(struct p2m_domain *p2m)
{
	ls_spin_unlock(&p2m->pod_lock);         /* pod_unlock(p2m) */
	p2m->defer_nested_flush = false;
	p2m_flush_nestedp2m();
}
#endif

static void p2m_pod_demand_populate(struct p2m_domain *p2m, int gfn)
{
	ls_assert_held(&p2m->lock);             /* ASSERT(gfn_locked_by_me(p2m, gfn)) */
	ls_spin_lock(&p2m->pod_lock);           /* pod_lock(p2m) */
#if defined(DEFER_NESTED_FLUSH)
	p2m->defer_nested_flush = true;
#endif
#if defined(POD_RESERVE)
	/* one free page per vCPU is always cached: use it, then replenish */
	if (p2m->pod_count != 0)
		pod_map_page(p2m, gfn);
	p2m_pod_zero_check(p2m);                /* sweep to keep the reserve */
#else
	if (p2m->pod_count == 0)
		p2m_pod_zero_check(p2m);        /* p2m_pod_emergency_sweep() */
	if (p2m->pod_count != 0)
		pod_map_page(p2m, gfn);
	/* else out_of_memory: domain_crash() */
#endif
#if defined(DEFER_NESTED_FLUSH) && !defined(FLUSH_AFTER_PUT_GFN)
	pod_unlock_and_flush(p2m);              /* 6d187caae5: gfn lock still held */
#else
	ls_spin_unlock(&p2m->pod_lock);         /* pod_unlock(p2m) */
#endif
}

/* Thread: a vCPU faults on a PoD gfn (hvm_hap_nested_page_fault -> get_gfn). */
static void pod_fault(struct vcpu *v)
{
	ls_write_lock(&hostp2m.lock);           /* gfn_lock() in __get_gfn_type_access() */
	if (hostp2m.entry[v->gfn] == INVALID_MFN)
		p2m_pod_demand_populate(&hostp2m, v->gfn);
	ls_write_unlock(&hostp2m.lock);         /* put_gfn() */
#if defined(DEFER_NESTED_FLUSH) && defined(FLUSH_AFTER_PUT_GFN)
	/* the deferred flush once the fault has unrolled the stack */
	hostp2m.defer_nested_flush = false;
	p2m_flush_nestedp2m();
#endif
}

/* Thread: a vCPU running an L2 guest touches L2 gfn v->gfn.  Hardware walk of
 * the nested p2m and the access, in one step, under no lock. */
static void l2_guest_access(struct vcpu *v)
{
	ls_assert(np2m.entry[v->gfn] == INVALID_MFN ||
		  m2p[np2m.entry[v->gfn]] == v->gfn ||
		  m2p[np2m.entry[v->gfn]] == INVALID_GFN);
}

LS_SCENARIO
{
	hostp2m.entry[GFN_Z] = MFN_P;
	hostp2m.entry[GFN_A] = INVALID_MFN;     /* PoD */
	hostp2m.entry[GFN_B] = INVALID_MFN;     /* PoD */
	np2m.entry[GFN_Z] = MFN_P;              /* nested mapping made before the reclaim */
	m2p[MFN_P] = GFN_Z;
	m2p[MFN_R0] = INVALID_GFN;
	m2p[MFN_R1] = INVALID_GFN;
#if defined(POD_RESERVE)
	pod_cached[MFN_R0] = true;              /* one free PoD page per faulting vCPU */
	pod_cached[MFN_R1] = true;
	hostp2m.pod_count = 2;
#else
	hostp2m.pod_count = 0;                  /* cache empty: the fault must reclaim */
#endif
	vcpus[0].gfn = GFN_A;
	vcpus[1].gfn = GFN_B;
	vcpus[2].gfn = GFN_Z;
	ls_thread(pod_fault, &vcpus[0]);
	ls_thread(pod_fault, &vcpus[1]);
	ls_thread(l2_guest_access, &vcpus[2]);
}
