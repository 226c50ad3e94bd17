/*
 * pod.sidecar.c - a side-car for Xen's own xen/arch/x86/mm/p2m-pod.c, p2m.c
 * and p2m-pt.c, unmodified: the PoD reclaim vs nested-p2m flush of
 * ../shared/PROTOCOLS.md section 1 (seed spec/xen_pod_reclaim.c), fixed by
 * 6d187caae5 "x86/PoD: defer nested P2M flushes" (Xen 4.16).  The rank
 * check is Xen's own C: mm-locks.h's _check_lock_level() on the per-CPU
 * mm_lock_level, so the violation is its BUG() at mm-locks.h:82.
 *
 *   sh spec/sidecar/xen/prepare-tree-x86.sh XEN.git 6d187caae5^ /tmp/xen-pod-bug
 *   X=/tmp/xen-pod-bug/xen/arch/x86/mm
 *   lockspin check --variant before_fix --compile-commands /tmp/xen-pod-bug/compile_commands.json \
 *       --sidecar spec/sidecar/xen/pod.sidecar.c $X/p2m-pod.c $X/p2m.c $X/p2m-pt.c
 *   (the same with 6d187caae5 and --variant fixed)
 *
 * What is the side-car's (each listed by --explain at its upstream line):
 * the domain, its host and one nested p2m and two vCPUs as globals; NPT
 * (p2m-pt with HAP, no superpages); each p2m's leaf entries for two gfns
 * instead of its page tables (p2m_pt_set_entry()'s walk), written by Xen's
 * write_p2m_entry(); PoD's page lists as a one-page cache; the PoD sweep
 * as a zero check of GFN_ZERO (without reading the page); the owner and
 * depth of a recursive spinlock as the model's lock state (mm-locks.h reads
 * spinlock_t's recurse_cpu/recurse_cnt); get_cpu_info()'s stack pointer;
 * d->arch.nested_p2m[] as one nested p2m; safe_write_pte()'s whole-struct
 * store as a store of the entry's value.
 */
#include "lockspin-sidecar.h"

LS_VARIANT(before_fix, "", "assertion",
	   "at 6d187caae5^: p2m_pod_demand_populate() reclaims a zero page under pod_lock (level 48); the host "
	   "p2m write flushes the nested p2ms, p2m_lock(np2m) at 16: mm locking order violation, BUG()");
LS_VARIANT(fixed, "", "ok",
	   "at 6d187caae5: defer_nested_flush is set under pod_lock, pod_unlock_and_flush() flushes at level 16");

#define GFN_ZERO 0	/* mapped to the zero page PoD reclaims */
#define GFN_POD 1	/* the populate-on-demand gfn vCPU 0 faults on */
#define MFN_ZERO 5

static struct domain dom;
static struct p2m_domain hostp2m, np2m;
static struct vcpu vc0, vc1;
static struct cpu_info sc_cpu[2];
static struct paging_mode sc_hap_mode;
static struct page_info sc_page;
/* the two gfns' leaf entries of each p2m */
static l1_pgentry_t host_l1[2], np2m_l1[2];

/* mm-locks.h's own state; mm.c defines the per-CPU level */
DEFINE_PER_CPU(int, mm_lock_level);
LS_PER_CPU(mm_lock_level, LS_STATE LS_RANGE(0, 128));
LS_FIELD(struct mm_rwlock, locker, LS_STATE LS_RANGE(-1, 1));
LS_FIELD(struct mm_rwlock, recurse_count, LS_STATE LS_RANGE(0, 3));
LS_FIELD(struct mm_rwlock, unlock_level, LS_STATE LS_RANGE(0, 128));
LS_FIELD(struct mm_lock, unlock_level, LS_STATE LS_RANGE(0, 128));

LS_FIELD(struct cpu_info, current_vcpu, LS_STATE);
LS_FIELD(struct cpu_info, processor_id, LS_STATE LS_RANGE(0, 1));
LS_FIELD(struct vcpu, domain, LS_STATE);
LS_FIELD(struct paging_vcpu, mode, LS_STATE);
LS_FIELD(struct domain, options, LS_STATE LS_RANGE(0, 127));
LS_FIELD(struct domain, is_dying, LS_STATE LS_RANGE(0, 2));
/* not the control domain: mm-locks.h gives its locks no bias */
LS_FIELD(struct domain, is_privileged, LS_STATE);
LS_FIELD(struct arch_domain, p2m, LS_STATE);
LS_FIELD(struct paging_domain, mode, LS_STATE LS_RANGE(0, 0x3f));
LS_FIELD(struct p2m_domain, domain, LS_STATE);
LS_FIELD(struct p2m_domain, p2m_class, LS_STATE);
LS_FIELD(struct p2m_domain, defer_nested_flush, LS_STATE);
LS_FIELD(l1_pgentry_t, l1, LS_STATE LS_RANGE(0, 0x7fff));
/* p2m_lock()/p2m_unlock() count the nesting for the deferred TLB flush;
 * only EPT sets need_flush, its tlb_flush is never called on p2m-pt */
LS_FIELD(struct p2m_domain, defer_flush, LS_STATE LS_RANGE(0, 3));
LS_FIELD(struct p2m_domain, need_flush, LS_STATE);
static void sc_tlb_flush(struct p2m_domain *p2m) { (void)p2m; }
LS_FIELD(struct p2m_domain, tlb_flush, LS_STATE LS_TARGETS(sc_tlb_flush));

/* NPT: p2m-pt with HAP, no superpages; hvm.c defines hvm_funcs */
struct hvm_function_table hvm_funcs;
LS_FIELD(struct hvm_function_table, hap_capabilities, LS_STATE LS_RANGE(0, 3));
LS_FIELD(struct p2m_domain, pod.count, LS_STATE LS_RANGE(0, 1));
LS_FIELD(struct p2m_domain, pod.entry_count, LS_STATE LS_RANGE(0, 2));

/* get_cpu_info() finds the CPU's block below its stack pointer */
static struct cpu_info *sc_get_cpu_info(void)
{
	return &sc_cpu[smp_processor_id()];
}
LS_REPLACE(get_cpu_info, sc_get_cpu_info);

/* mm-locks.h: the owner and depth of a recursive spinlock are the model's
 * lock state, not spinlock_t's recurse_cpu and recurse_cnt; the rest is
 * Xen's: the level check, the level saved and restored */
static int sc_mm_locked_by_me(mm_lock_t *l)
{
	return ls__held_by_me(&l->lock, LS__HERE);
}
LS_REPLACE(mm_locked_by_me, sc_mm_locked_by_me);
static void sc_mm_lock(const struct domain *d, mm_lock_t *l, const char *func, int level, int rec)
{
	bool held = ls__held_by_me(&l->lock, LS__HERE);

	/* the scenario takes no mm_lock_t recursively (shadow code's
	 * paging_lock_recursive() does): mm_unlock() below is the outermost */
	ls_assert(!(held && rec));
	if ( !(held && rec) )
		_check_lock_level(d, level);
	spin_lock_recursive(&l->lock);
	if ( !held )
	{
		l->locker_function = func;
		l->unlock_level = _get_lock_level();
	}
	else if ( !rec )
		panic("mm lock already held by %s\n", l->locker_function);
	_set_lock_level(_lock_level(d, level));
}
LS_REPLACE(_mm_lock, sc_mm_lock);
static void sc_mm_unlock(mm_lock_t *l)
{
	l->locker_function = "nobody";
	_set_lock_level(l->unlock_level);
	spin_unlock_recursive(&l->lock);
}
LS_REPLACE(mm_unlock, sc_mm_unlock);

/* p2m_pt_set_entry() without its page-table walk: the leaf entry of the
 * gfn is the side-car's, written by Xen's own write_p2m_entry().  A struct
 * passed by value is untracked: the l1_pgentry_t it gets is (its tests of
 * the new entry are a choice), so the value is
 * also in the CPU's new_l1, which safe_write_pte() stores */
static int new_l1[2] LS_STATE LS_RANGE(0, 0x7fff);
static int sc_pt_set_entry(struct p2m_domain *p2m, gfn_t gfn, mfn_t mfn, unsigned int page_order,
			   p2m_type_t p2mt, p2m_access_t p2ma, int sve)
{
	l1_pgentry_t *e = &host_l1[gfn_x(gfn)];

	if ( p2m_is_nestedp2m(p2m) )
		e = &np2m_l1[gfn_x(gfn)];
	(void)page_order, (void)p2mt, (void)p2ma, (void)sve;
	new_l1[smp_processor_id()] = 0;
	if ( !mfn_eq(mfn, INVALID_MFN) )
		new_l1[smp_processor_id()] = (mfn_x(mfn) << PAGE_SHIFT) | _PAGE_PRESENT;
	return write_p2m_entry(p2m, gfn_x(gfn), e, l1e_from_intpte(new_l1[smp_processor_id()]), 1);
}
static void sc_safe_write_pte(l1_pgentry_t *p, l1_pgentry_t new)
{
	(void)new;
	p->l1 = new_l1[smp_processor_id()];
}
LS_REPLACE(safe_write_pte, sc_safe_write_pte);
LS_FIELD(struct p2m_domain, set_entry, LS_TARGETS(sc_pt_set_entry));
/* the host p2m's paging mode hooks nothing in; type changes of the
 * entry (ioreq, foreign pages) are not these threads' */
static void sc_entry_pre(struct domain *d, unsigned long gfn, l1_pgentry_t old, l1_pgentry_t new, unsigned int level)
{
	(void)d, (void)gfn, (void)old, (void)new, (void)level;
}
LS_FIELD(struct p2m_domain, write_p2m_entry_pre, LS_STATE LS_TARGETS(sc_entry_pre));
/* a nested p2m's: nestedp2m_write_p2m_entry_post() (hap/nested_hap.c) flushes
 * the vCPUs' TLBs; it takes no lock */
static void sc_entry_post(struct p2m_domain *p2m, unsigned int oflags)
{
	(void)p2m, (void)oflags;
}
LS_FIELD(struct p2m_domain, write_p2m_entry_post, LS_STATE LS_TARGETS(sc_entry_post));
LS_ABSTRACT(p2m_entry_modify, LS_RESULT(0, 0));

/* p2m_flush_nestedp2m() over d->arch.nested_p2m[], one nested p2m here */
static void sc_flush_nestedp2m(struct domain *d)
{
	struct p2m_domain *p2m = &np2m;

	(void)d;
	if ( p2m_locked_by_me(p2m) )
		p2m_flush_table_locked(p2m);
	else
		p2m_flush_table(p2m);
}
LS_REPLACE(p2m_flush_nestedp2m, sc_flush_nestedp2m);
/* emptying the table frees its pages: page lists the model does not follow */
static void sc_flush_table_locked(struct p2m_domain *p2m)
{
	ASSERT(p2m_locked_by_me(p2m));
	np2m_l1[GFN_ZERO].l1 = 0;
	np2m_l1[GFN_POD].l1 = 0;
}
LS_REPLACE(p2m_flush_table_locked, sc_flush_table_locked);

/* PoD's cache is page lists: here a count, the page is the zero page */
static void sc_pod_zero_check(struct p2m_domain *p2m, const gfn_t *gfns, unsigned int count)
{
	gfn_t gfn = *gfns;  /* count is 1 */

	(void)count;
	if ( !(host_l1[gfn_x(gfn)].l1 & _PAGE_PRESENT) )
		return;
	/* as p2m_pod_zero_check(): the entry goes first, then the page is checked */
	if ( p2m_set_entry(p2m, gfn, INVALID_MFN, PAGE_ORDER_4K, p2m_populate_on_demand, p2m->default_access) )
		return;
	p2m_pod_cache_add(p2m, &sc_page, PAGE_ORDER_4K);
	p2m->pod.entry_count++;
}
LS_REPLACE(p2m_pod_zero_check, sc_pod_zero_check);
static void sc_pod_emergency_sweep(struct p2m_domain *p2m)
{
	gfn_t gfn = _gfn(GFN_ZERO);

	p2m_pod_zero_check(p2m, &gfn, 1);
}
LS_REPLACE(p2m_pod_emergency_sweep, sc_pod_emergency_sweep);
LS_ABSTRACT(pod_eager_reclaim, LS_IGNORE);
LS_ABSTRACT(pod_eager_record, LS_IGNORE);
/* the host p2m's p2m->pod.single list, of at most one 4k page (a field
 * of struct page_info modelled makes its objects the model's) */
LS_FIELD(struct page_info, count_info, LS_STATE LS_RANGE(0, 0));
static struct page_info *pod_single LS_STATE;
static struct page_info *sc_pod_cache_get(struct p2m_domain *p2m, unsigned int order)
{
	struct page_info *p = pod_single;

	(void)order;
	ASSERT(pod_locked_by_me(p2m));
	if ( p )
	{
		pod_single = NULL;
		p2m->pod.count = 0;
	}
	return p;
}
LS_REPLACE(p2m_pod_cache_get, sc_pod_cache_get);
static int sc_pod_cache_add(struct p2m_domain *p2m, struct page_info *page, unsigned int order)
{
	(void)order;
	ASSERT(pod_locked_by_me(p2m));
	pod_single = page;
	p2m->pod.count = 1;
	return 0;
}
LS_REPLACE(p2m_pod_cache_add, sc_pod_cache_add);
/* page_to_mfn() is frame-table arithmetic: the cached page is the zero page */
static unsigned long sc_pdx_to_pfn(unsigned long pdx)
{
	(void)pdx;
	return MFN_ZERO;
}
LS_REPLACE(pdx_to_pfn, sc_pdx_to_pfn);

/* vCPU 0 faults on a PoD gfn: hvm_hap_nested_page_fault() ->
 * get_gfn_type_access() takes the gfn lock and demand-populates */
static void pod_fault(void *arg)
{
	(void)arg;
	gfn_lock(&hostp2m, _gfn(GFN_POD), 0);
	p2m_pod_demand_populate(&hostp2m, _gfn(GFN_POD), PAGE_ORDER_4K);
	gfn_unlock(&hostp2m, _gfn(GFN_POD), 0);
}

/* vCPU 1 runs an L2 guest and takes a nested page fault on GFN_ZERO:
 * nestedhap_walk_L0_p2m() reads the host entry under the gfn lock (dropped
 * by put_gfn()), nestedhap_fix_p2m() maps it in the nested p2m under
 * p2m_lock(np2m) */
static void nested_fault(void *arg)
{
	mfn_t mfn;

	(void)arg;
	gfn_lock(&hostp2m, _gfn(GFN_ZERO), 0);
	mfn = l1e_get_mfn(host_l1[GFN_ZERO]);
	gfn_unlock(&hostp2m, _gfn(GFN_ZERO), 0);
	if ( mfn_x(mfn) == 0 )
		return;                 /* not present: a host fault first */
	p2m_lock(&np2m);
	p2m_set_entry(&np2m, _gfn(GFN_ZERO), mfn, PAGE_ORDER_4K, p2m_ram_rw, p2m_access_rwx);
	p2m_unlock(&np2m);
}

LS_SCENARIO
{
	dom.options = XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap | XEN_DOMCTL_CDF_nested_virt;
	dom.arch.p2m = &hostp2m;
	dom.arch.paging.mode = 1; /* not 0: paging_mode_enabled() */
	hostp2m.domain = &dom;
	hostp2m.p2m_class = p2m_host;
	np2m.domain = &dom;
	np2m.p2m_class = p2m_nested;
	np2m.write_p2m_entry_post = sc_entry_post;
	vc0.domain = &dom;
	vc1.domain = &dom;
	vc0.arch.paging.mode = &sc_hap_mode;
	vc1.arch.paging.mode = &sc_hap_mode;
	sc_cpu[0].current_vcpu = &vc0;
	sc_cpu[1].current_vcpu = &vc1;
	sc_cpu[1].processor_id = 1;
	host_l1[GFN_ZERO].l1 = (MFN_ZERO << PAGE_SHIFT) | _PAGE_PRESENT;
	hostp2m.pod.entry_count = 1;    /* GFN_POD */
	hostp2m.lock.locker = -1;
	np2m.lock.locker = -1;
	ls_thread(pod_fault, NULL);
	ls_thread(nested_fault, NULL);
}
