/*
 * kvm_gpc_refresh.c - KVM gfn_to_pfn_cache: refresh drops gpc->lock while it maps
 * the page, deactivate runs in that window (virt/kvm/pfncache.c, v6.2 .. v6.8).
 *
 * Locks.
 *   gpc->lock           rwlock_t.  Writers: refresh, activate, deactivate, the
 *                       mmu-notifier invalidation.  Readers: users that
 *                       kvm_gpc_check() the cache and dereference gpc->khva
 *                       (event channel delivery, runstate, shared_info init).
 *   gpc->refresh_lock   mutex: serializes refreshes (v6.2+).
 *   outer mutexes       kvm->arch.xen.xen_lock (shared_info cache), vcpu->mutex
 *                       (vcpu_info caches), held by most callers.
 *   Order: xen_lock -> refresh_lock -> gpc->lock.
 *
 * Bug.  hva_to_pfn_retry() drops the write lock around hva_to_pfn() and
 * memremap() (they sleep) and then reuses old_khva if the pfn did not change.
 * kvm_gpc_deactivate() did not take refresh_lock: in the window it clears
 * pfn/khva, marks the cache inactive and invalid, and unmaps old_khva.  The
 * refresher retakes the lock and marks the cache valid with the unmapped khva.
 * Property (asserted by every reader under gpc->lock): valid implies khva is a
 * live mapping.  And the refresher's own premise (asserted where it reads them
 * under the write lock): pfn and khva change together under gpc->lock, so a
 * good pfn's mapping is khva and an error pfn has none; that is what lets
 * hva_to_pfn_retry() reuse old_khva when the pfn did not change.
 *
 *        CPU0 (KVM_XEN_HVM_SET_ATTR: shared_info)  CPU1 (kvm_xen_destroy_vm)
 *        ----                                      ----
 *        mutex_lock(xen_lock)
 *        mutex_lock(gpc->refresh_lock)
 *        write_lock(gpc->lock)
 *        old_khva = gpc->khva; valid = false
 *        write_unlock(gpc->lock)
 *        new_pfn == gpc->pfn: new_khva = old_khva
 *                                                  write_lock(gpc->lock)
 *                                                  active = valid = false
 *                                                  khva = NULL, pfn = ERR
 *                                                  write_unlock(gpc->lock)
 *                                                  gpc_unmap(old_pfn, old_khva)
 *        write_lock(gpc->lock)
 *        valid = true, khva = old_khva (unmapped)
 *        write_unlock(gpc->lock)
 *        read_lock(gpc->lock)
 *        *** valid cache, dead khva ***
 *
 * kvm_gpc_check() also tests gpc->active, so in this exact interleaving the
 * dead mapping is not dereferenced at once: the cache is left valid, inactive,
 * off gpc_list (no more mmu-notifier invalidation) and pointing at an unmapped
 * address; a later re-activation trips KVM_BUG_ON(gpc->valid).  The model
 * reports the broken invariant where it is first observable.
 *
 * Not modelled: the mmu-notifier retry loop (mmu_notifier_retry_cache() is taken
 * as false: no invalidation thread), gpa/uhva changes (the page never moves, which
 * is exactly when old_khva is reused), kvm->gpc_lock around the list.
 *
 * Variants and history (seed 004)
 *   v6_6              v6.2 .. v6.8: refresh_lock in refresh only.
 *   outer_mutex       Sean Christopherson's direction: rely on the callers'
 *                     outer mutex (here xen_lock) instead of refresh_lock; the
 *                     destroy path does not hold it.
 *   refresh_lock_all  merged in v6.9, 6addfcf271: kvm_gpc_refresh(),
 *                     __kvm_gpc_activate() and kvm_gpc_deactivate() all take
 *                     refresh_lock with guard(mutex).
 *   no_lock_drop      David Woodhouse's rework in spirit: refresh never drops
 *                     gpc->lock (NAKed as a bug fix).
 */
#include "lockspin.h"

LS_VARIANT(v6_6, "V6_6", "assertion",
	   "kvm_gpc_deactivate() takes only gpc->lock: it unmaps old_khva while hva_to_pfn_retry() has dropped the lock and reuses old_khva, then the refresher marks the cache valid with the dead khva");
LS_VARIANT(outer_mutex, "OUTER_MUTEX", "assertion",
	   "every refresh holds xen_lock, but kvm_xen_destroy_vm() deactivates without it: the same window as v6.6");
LS_VARIANT(refresh_lock_all, "REFRESH_LOCK_EVERYWHERE", "ok",
	   "6addfcf271: deactivate and activate take refresh_lock too, so nothing but the mmu notifier (which only clears valid) can run in the refresh's unlocked window");
LS_VARIANT(no_lock_drop, "V6_6 NO_LOCK_DROP", "ok",
	   "refresh holds gpc->lock for write across hva_to_pfn() and the mapping, so deactivate cannot interleave; the cost is that readers (IRQ-context event delivery) spin through a page fault and memremap(), which may sleep: not allowed under a spinning rwlock");

#define KVM_PFN_ERR_FAULT 0
#define GUEST_PFN 1     /* the one page behind the cached gpa */
#define EFAULT 14
#define EINVAL 22
#define EIO 5

/* A kernel mapping of the pfn (memremap() or kmap()).  Addresses are not
 * reused: a fresh mapping is never the one that was unmapped. */
struct kvm_mapping {
	bool used LS_STATE;
	bool live LS_STATE;
};
static struct kvm_mapping maps[3];

struct kvm;

struct gfn_to_pfn_cache {
	ls_rwlock_t lock;                 /* gpc->lock */
	ls_mutex_t refresh_lock;          /* gpc->refresh_lock */
	struct kvm *kvm LS_STATE;
	bool active LS_STATE;
	bool valid LS_STATE;
	int pfn LS_STATE LS_RANGE(0, 1);
	struct kvm_mapping *khva LS_STATE;
};

struct kvm {
	ls_mutex_t xen_lock;              /* kvm->arch.xen.xen_lock */
	struct gfn_to_pfn_cache *shinfo_cache LS_STATE;  /* &kvm->arch.xen.shinfo_cache */
};

static struct gfn_to_pfn_cache gpcs[1];
static struct kvm kvms[1];

static struct kvm_mapping *gpc_map(void)
{
	if (!maps[1].used) {
		maps[1].used = true;
		maps[1].live = true;
		return &maps[1];
	}
	if (!maps[2].used) {
		maps[2].used = true;
		maps[2].live = true;
		return &maps[2];
	}
	return NULL;
}

static void gpc_unmap(int pfn, struct kvm_mapping *khva)
{
	if (pfn == KVM_PFN_ERR_FAULT || khva == NULL)  /* is_error_noslot_pfn(pfn) */
		return;
	khva->live = false;               /* memunmap(khva) / kunmap() */
}

/* The invariant every reader relies on. */
static void gpc_assert_khva_live(struct gfn_to_pfn_cache *gpc)
{
	ls_assert(!gpc->valid || (gpc->khva != NULL && gpc->khva->live));
}

static bool kvm_gpc_check(struct gfn_to_pfn_cache *gpc)
{
	return gpc->active && gpc->valid;
}

static int hva_to_pfn_retry(struct gfn_to_pfn_cache *gpc)
{
	struct kvm_mapping *old_khva = gpc->khva;
	struct kvm_mapping *new_khva;
	int new_pfn;

	ls_assert_held(&gpc->lock);       /* lockdep_assert_held_write(&gpc->lock) */
	/* For a cache KVM maps itself (KVM_HOST_USES_PFN, as shared_info's is),
	 * every writer sets or clears pfn and khva together under gpc->lock
	 * (refresh, its error path, deactivate): old_khva is gpc->pfn's mapping. */
	ls_assert((gpc->pfn == KVM_PFN_ERR_FAULT) == (old_khva == NULL));
	gpc->valid = false;
#if !defined(NO_LOCK_DROP)
	ls_write_unlock(&gpc->lock);      /* write_unlock_irq(&gpc->lock) */
#endif
	new_pfn = GUEST_PFN;              /* hva_to_pfn(gpc->uhva, ...) */
	if (new_pfn == gpc->pfn)
		new_khva = old_khva;      /* keep the existing mapping */
	else
		new_khva = gpc_map();     /* gpc_map(new_pfn) */
#if !defined(NO_LOCK_DROP)
	ls_write_lock(&gpc->lock);        /* write_lock_irq(&gpc->lock) */
#endif
	if (new_khva == NULL)
		return -EFAULT;
	gpc->valid = true;
	gpc->pfn = new_pfn;
	gpc->khva = new_khva;
	return 0;
}

static int __kvm_gpc_refresh(struct gfn_to_pfn_cache *gpc)
{
	int old_pfn = KVM_PFN_ERR_FAULT;
	struct kvm_mapping *old_khva = NULL;
	bool unmap_old = false;
	int ret = 0;

#if defined(REFRESH_LOCK_EVERYWHERE)
	ls_assert_held(&gpc->refresh_lock);     /* lockdep_assert_held(&gpc->refresh_lock) */
#elif defined(OUTER_MUTEX)
	ls_assert_held(&gpc->kvm->xen_lock);    /* the caller's mutex serializes refreshes */
#else
	ls_mutex_lock(&gpc->refresh_lock);      /* mutex_lock(&gpc->refresh_lock) */
#endif
	ls_write_lock(&gpc->lock);              /* write_lock_irq(&gpc->lock) */
	if (!gpc->active) {
		ret = -EINVAL;
	} else {
		old_pfn = gpc->pfn;
		old_khva = gpc->khva;
		if (!gpc->valid) {
			ret = hva_to_pfn_retry(gpc);
			if (ret != 0) {
				gpc->valid = false;
				gpc->pfn = KVM_PFN_ERR_FAULT;
				gpc->khva = NULL;
			}
			/* Detect a pfn change before dropping the lock! */
			unmap_old = (old_pfn != gpc->pfn);
		}
	}
	ls_write_unlock(&gpc->lock);            /* write_unlock_irq(&gpc->lock) */
#if !defined(REFRESH_LOCK_EVERYWHERE) && !defined(OUTER_MUTEX)
	ls_mutex_unlock(&gpc->refresh_lock);    /* mutex_unlock(&gpc->refresh_lock) */
#endif
	if (unmap_old)
		gpc_unmap(old_pfn, old_khva);
	return ret;
}

static int kvm_gpc_refresh(struct gfn_to_pfn_cache *gpc)
{
#if defined(REFRESH_LOCK_EVERYWHERE)
	ls_guard(MUTEX, &gpc->refresh_lock);    /* guard(mutex)(&gpc->refresh_lock) */
#endif
	return __kvm_gpc_refresh(gpc);
}

static int kvm_gpc_activate(struct gfn_to_pfn_cache *gpc)
{
#if defined(REFRESH_LOCK_EVERYWHERE)
	ls_guard(MUTEX, &gpc->refresh_lock);    /* __kvm_gpc_activate(): guard(mutex) */
#endif
	if (!gpc->active) {
		if (gpc->valid)                 /* KVM_BUG_ON(gpc->valid, kvm) */
			return -EIO;
		/* spin_lock(&kvm->gpc_lock); list_add(); spin_unlock() */
		ls_write_lock(&gpc->lock);      /* write_lock_irq(&gpc->lock) */
		gpc->active = true;
		ls_write_unlock(&gpc->lock);
	}
	return __kvm_gpc_refresh(gpc);
}

static void kvm_gpc_deactivate(struct gfn_to_pfn_cache *gpc)
{
	int old_pfn;
	struct kvm_mapping *old_khva;

#if defined(REFRESH_LOCK_EVERYWHERE)
	ls_guard(MUTEX, &gpc->refresh_lock);    /* guard(mutex)(&gpc->refresh_lock) */
#endif
	if (gpc->active) {
		ls_write_lock(&gpc->lock);      /* write_lock_irq(&gpc->lock) */
		gpc->active = false;
		gpc->valid = false;
		old_khva = gpc->khva;
		gpc->khva = NULL;
		old_pfn = gpc->pfn;
		gpc->pfn = KVM_PFN_ERR_FAULT;
		ls_write_unlock(&gpc->lock);    /* write_unlock_irq(&gpc->lock) */
		/* spin_lock(&kvm->gpc_lock); list_del(&gpc->list); spin_unlock() */
		gpc_unmap(old_pfn, old_khva);
	}
}

/* kvm_xen_shared_info_init(): a reader that writes the wallclock through khva. */
static void kvm_xen_shared_info_init(struct kvm *kvm)
{
	struct gfn_to_pfn_cache *gpc = kvm->shinfo_cache;

	ls_read_lock(&gpc->lock);               /* read_lock_irq(&gpc->lock) */
	gpc_assert_khva_live(gpc);
	if (!kvm_gpc_check(gpc)) {
		ls_read_unlock(&gpc->lock);
		if (kvm_gpc_refresh(gpc) != 0)
			return;
		ls_read_lock(&gpc->lock);
		gpc_assert_khva_live(gpc);
	}
	/* if (kvm_gpc_check()) shinfo = gpc->khva; shinfo->wc = ... */
	ls_read_unlock(&gpc->lock);             /* read_unlock_irq(&gpc->lock) */
}

/* Thread: KVM_XEN_HVM_SET_ATTR(KVM_XEN_ATTR_TYPE_SHARED_INFO) from the VMM. */
static void kvm_xen_hvm_set_attr(struct kvm *kvm)
{
	ls_mutex_lock(&kvm->xen_lock);          /* mutex_lock(&kvm->arch.xen.xen_lock) */
	kvm_gpc_activate(kvm->shinfo_cache);
	kvm_xen_shared_info_init(kvm);
	ls_mutex_unlock(&kvm->xen_lock);
}

/* Thread: VM teardown, kvm_arch_destroy_vm() -> kvm_xen_destroy_vm(): no xen_lock. */
static void kvm_xen_destroy_vm(struct kvm *kvm)
{
	kvm_gpc_deactivate(kvm->shinfo_cache);
}

LS_SCENARIO
{
	/* An active cache an mmu-notifier invalidation has marked invalid; its
	 * pfn and mapping are kept, so the next refresh reuses old_khva. */
	maps[0].used = true;
	maps[0].live = true;
	gpcs[0].kvm = &kvms[0];
	gpcs[0].active = true;
	gpcs[0].valid = false;
	gpcs[0].pfn = GUEST_PFN;
	gpcs[0].khva = &maps[0];
	kvms[0].shinfo_cache = &gpcs[0];
	ls_thread(kvm_xen_hvm_set_attr, &kvms[0]);
	ls_thread(kvm_xen_destroy_vm, &kvms[0]);
}
