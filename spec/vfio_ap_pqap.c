/*
 * vfio_ap_pqap.c - s390 KVM PQAP interception into vfio_ap through a hook
 * function pointer (arch/s390/kvm/priv.c, drivers/s390/crypto/vfio_ap_ops.c).
 *
 * Locks.
 *   kvm->lock              mutex; KVM_S390_PV_COMMAND holds it and converts each
 *                          vCPU (kvm_s390_cpus_to_pv() takes vcpu->mutex).
 *   vcpu->mutex            mutex; held by KVM_RUN while the PQAP intercept runs.
 *   matrix_dev->lock       mutex of the vfio_ap driver; taken by its PQAP handler
 *                          and by the group notifier (set/unset of the KVM).
 *   pqap_hook_rwsem        rw_semaphore in kvm->arch.crypto (v5.15): read around
 *                          the hook call, write around setting the pointer.
 *   The hook: kvm->arch.crypto.pqap_hook, set and cleared by vfio_ap, called by
 *   KVM's handle_pqap(); KVM cannot see matrix_dev->lock.  It is modelled state
 *   (LS_STATE + LS_TARGETS): NULL or handle_pqap_vfio_ap, so the scenario's
 *   registration, the notifier's clear and KVM's test are exact, and a call
 *   that finds it NULL is an assertion.
 *
 * The real lockdep report (three locks, three threads):
 *
 *   Chain exists of: kvm->lock --> vcpu->mutex --> matrix_dev->lock --> kvm->lock
 *
 *        CPU0 (KVM_PV_ENABLE)   CPU1 (KVM_RUN, PQAP)      CPU2 (group notifier)
 *        ----                   ----                      ----
 *        lock(kvm->lock)
 *                               lock(vcpu->mutex)
 *                                                         lock(matrix_dev->lock)
 *        lock(vcpu->mutex)
 *                               handle_pqap() -> hook:
 *                               lock(matrix_dev->lock)
 *                                                         kvm_arch_crypto_clear_masks()
 *                                                         lock(kvm->lock)
 *        *** DEADLOCK ***
 *
 * Variants and history (seed 002)
 *   seed_two_lock   the series discussed in the seed: KVM's handle_pqap() holds the
 *                   hook lock across the hook, which takes matrix_dev->lock;
 *                   vfio_ap_mdev_unset_kvm() holds matrix_dev->lock (it needs
 *                   matrix_mdev->kvm) and takes the hook lock to clear the pointer.
 *                   Modelled with the rwsem the merged fix uses, to show the fix is
 *                   the order, not the lock type.  Two threads.
 *   lockdep_cycle   v5.11 code (after f21916ec4826): no hook lock; the notifier
 *                   clears the masks (kvm->lock) under matrix_dev->lock.
 *   busy_wait_v5_12 0cc00c8d40: the notifier sets matrix_mdev->kvm_busy, drops
 *                   matrix_dev->lock around kvm_arch_crypto_clear_masks() and
 *                   wakes matrix_mdev->wait_for_kvm; the PQAP handler waits with
 *                   wait_event_cmd(wait_for_kvm, !kvm_busy, unlock, lock).
 *                   The wait queue is modelled as a mutex `wait_for_kvm` that the
 *                   notifier holds for as long as kvm_busy can be true (it takes
 *                   it just before matrix_dev->lock and drops it after wake_up_all
 *                   would run); a waiter that saw kvm_busy takes and releases it:
 *                   it blocks exactly until the flag is cleared, and a release is
 *                   never lost, like a wait_event() that rechecks the condition.
 *                   A `while (kvm_busy) ;` loop would not be a wait at all.
 *                   Lockdep no longer sees matrix_dev->lock -> kvm->lock, but the
 *                   wait closes the same cycle: kvm->lock -> vcpu->mutex ->
 *                   (wait for kvm_busy) -> kvm->lock.
 *   merged_v5_15    86956e7076 (pqap_hook_rwsem) + 1e753732bd (set/unset take
 *                   kvm->lock then matrix_dev->lock, kvm_busy removed): the hook
 *                   rwsem is never held with vfio_ap's mutexes by vfio_ap.
 *
 * The pointer race.  Before v5.15, handle_pqap() tests the hook and reads it
 * again to call it, with no lock against the notifier's clear.  lockdep_cycle
 * and busy_wait_v5_12 therefore also get an assertion (reported next to the
 * deadlock): test, clear, call through NULL.  Real code had the same window
 * (priv.c re-read pqap_hook for try_module_get(->owner) and ->hook(vcpu));
 * the rwsem of 86956e7076 closes it, and merged_v5_15 has no such run.
 */
#include "lockspin.h"

LS_VARIANT(seed_two_lock, "SEED_HOOK_LOCK", "deadlock",
	   "handle_pqap(): hook lock (read) then matrix_dev->lock; vfio_ap_mdev_unset_kvm(): matrix_dev->lock then hook lock (write): ABBA");
LS_VARIANT(lockdep_cycle, "V5_11", "deadlock",
	   "kvm->lock -> vcpu->mutex (PV conversion), vcpu->mutex -> matrix_dev->lock (PQAP hook), matrix_dev->lock -> kvm->lock (clear_masks under the notifier): three threads, one cycle");
LS_VARIANT(busy_wait_v5_12, "V5_12_BUSY_WAIT", "deadlock",
	   "0cc00c8d40 drops matrix_dev->lock around clear_masks, but the vCPU (holding vcpu->mutex) now waits for kvm_busy, which the notifier clears only after it gets kvm->lock, which the PV thread holds while it waits for vcpu->mutex");
LS_VARIANT(merged_v5_15, "V5_15", "ok",
	   "86956e7076 + 1e753732bd: kvm->lock -> matrix_dev->lock in set/unset, vcpu->mutex -> hook rwsem (read) -> matrix_dev->lock in PQAP, the rwsem write side nests nothing: no cycle");

struct kvm_vcpu;

struct kvm {
	ls_mutex_t lock;                        /* kvm->lock */
	ls_rwsem_t pqap_hook_rwsem;             /* kvm->arch.crypto.pqap_hook_rwsem */
	/* kvm->arch.crypto.pqap_hook (->hook in struct kvm_s390_module_hook) */
	void (*pqap_hook)(struct kvm_vcpu *) LS_STATE LS_TARGETS(handle_pqap_vfio_ap);
};

struct kvm_vcpu {
	ls_mutex_t mutex;                       /* vcpu->mutex */
	struct kvm *kvm LS_STATE;
};

struct ap_matrix_dev {
	ls_mutex_t lock;                        /* matrix_dev->lock */
};

struct ap_matrix_mdev {
	struct kvm *kvm LS_STATE;               /* matrix_mdev->kvm */
	bool kvm_busy LS_STATE;                 /* v5.12 */
	ls_mutex_t wait_for_kvm;                /* v5.12 wait queue, see the header */
};

static struct kvm kvms[1];
static struct kvm_vcpu vcpus[1];
static struct ap_matrix_dev matrix_dev[1];
static struct ap_matrix_mdev matrix_mdevs[1];

/* vfio_ap_ops.c: handle_pqap(), reached only through kvm->arch.crypto.pqap_hook */
static void handle_pqap_vfio_ap(struct kvm_vcpu *vcpu)
{
	struct ap_matrix_mdev *matrix_mdev = &matrix_mdevs[0];  /* container_of(hook) */

	ls_mutex_lock(&matrix_dev[0].lock);     /* mutex_lock(&matrix_dev->lock) */
#if defined(V5_12_BUSY_WAIT)
	/* wait_event_cmd(matrix_mdev->wait_for_kvm, !matrix_mdev->kvm_busy,
	 *                mutex_unlock(&matrix_dev->lock), mutex_lock(&matrix_dev->lock)) */
	if (matrix_mdev->kvm_busy) {
		ls_mutex_unlock(&matrix_dev[0].lock);
		ls_mutex_lock(&matrix_mdev->wait_for_kvm);      /* sleep until wake_up_all() */
		ls_mutex_unlock(&matrix_mdev->wait_for_kvm);
		ls_mutex_lock(&matrix_dev[0].lock);
	}
#endif
	if (matrix_mdev->kvm == vcpu->kvm) {
		/* vfio_ap_irq_enable() / vfio_ap_irq_disable() */
	}
	ls_mutex_unlock(&matrix_dev[0].lock);   /* mutex_unlock(&matrix_dev->lock) */
}

/* priv.c: handle_pqap(), the PQAP intercept of KVM */
static void handle_pqap(struct kvm_vcpu *vcpu)
{
	struct kvm *kvm = vcpu->kvm;

#if defined(SEED_HOOK_LOCK) || defined(V5_15)
	ls_down_read(&kvm->pqap_hook_rwsem);    /* down_read(&vcpu->kvm->arch.crypto.pqap_hook_rwsem) */
#endif
	if (kvm->pqap_hook)
		kvm->pqap_hook(vcpu);           /* ret = pqap_hook(vcpu) */
#if defined(SEED_HOOK_LOCK) || defined(V5_15)
	ls_up_read(&kvm->pqap_hook_rwsem);
#endif
}

/* kvm-s390.c: kvm_arch_crypto_clear_masks(); takes kvm->lock itself before v5.15 */
static void kvm_arch_crypto_clear_masks(struct kvm *kvm)
{
#if !defined(V5_15)
	ls_mutex_lock(&kvm->lock);              /* mutex_lock(&kvm->lock) */
#endif
	/* kvm_s390_vcpu_block_all(); memset(apcb masks); kvm_s390_vcpu_unblock_all() */
	ls_assert_held(&kvm->lock);
#if !defined(V5_15)
	ls_mutex_unlock(&kvm->lock);
#endif
}

/* vfio_ap_ops.c: vfio_ap_mdev_unset_kvm(), from the group notifier
 * (VFIO_GROUP_NOTIFY_SET_KVM with a NULL kvm) */
#if defined(V5_15)
static void vfio_ap_mdev_unset_kvm(struct ap_matrix_mdev *matrix_mdev, struct kvm *kvm)
{
	ls_down_write(&kvm->pqap_hook_rwsem);   /* down_write(&kvm->arch.crypto.pqap_hook_rwsem) */
	kvm->pqap_hook = NULL;
	ls_up_write(&kvm->pqap_hook_rwsem);

	ls_mutex_lock(&kvm->lock);              /* mutex_lock(&kvm->lock) */
	ls_mutex_lock(&matrix_dev[0].lock);     /* mutex_lock(&matrix_dev->lock) */
	kvm_arch_crypto_clear_masks(kvm);
	matrix_mdev->kvm = NULL;                /* vfio_ap_mdev_reset_queues(); kvm_put_kvm() */
	ls_mutex_unlock(&kvm->lock);
	ls_mutex_unlock(&matrix_dev[0].lock);
}
#elif defined(V5_12_BUSY_WAIT)
/* called with matrix_dev->lock held */
static void vfio_ap_mdev_unset_kvm(struct ap_matrix_mdev *matrix_mdev, struct kvm *kvm)
{
	matrix_mdev->kvm_busy = true;
	ls_mutex_unlock(&matrix_dev[0].lock);   /* mutex_unlock(&matrix_dev->lock) */
	kvm_arch_crypto_clear_masks(kvm);
	ls_mutex_lock(&matrix_dev[0].lock);     /* mutex_lock(&matrix_dev->lock) */
	kvm->pqap_hook = NULL;
	matrix_mdev->kvm = NULL;
	matrix_mdev->kvm_busy = false;          /* wake_up_all(&matrix_mdev->wait_for_kvm) below */
}
#else
/* called with matrix_dev->lock held */
static void vfio_ap_mdev_unset_kvm(struct ap_matrix_mdev *matrix_mdev, struct kvm *kvm)
{
#if defined(SEED_HOOK_LOCK)
	ls_down_write(&kvm->pqap_hook_rwsem);   /* lock the hook pointer */
	kvm->pqap_hook = NULL;
	ls_up_write(&kvm->pqap_hook_rwsem);
#else
	kvm->pqap_hook = NULL;
#endif
	kvm_arch_crypto_clear_masks(kvm);
	matrix_mdev->kvm = NULL;
}
#endif

/* Thread: vfio_ap_mdev_group_notifier(VFIO_GROUP_NOTIFY_SET_KVM, NULL) */
static void vfio_ap_mdev_group_notifier(struct ap_matrix_mdev *matrix_mdev)
{
#if defined(V5_15)
	vfio_ap_mdev_unset_kvm(matrix_mdev, matrix_mdev->kvm);
#elif defined(V5_12_BUSY_WAIT)
	ls_mutex_lock(&matrix_mdev->wait_for_kvm);      /* kvm_busy may become true */
	ls_mutex_lock(&matrix_dev[0].lock);     /* mutex_lock(&matrix_dev->lock) */
	vfio_ap_mdev_unset_kvm(matrix_mdev, matrix_mdev->kvm);
	ls_mutex_unlock(&matrix_dev[0].lock);
	ls_mutex_unlock(&matrix_mdev->wait_for_kvm);    /* wake_up_all(&matrix_mdev->wait_for_kvm) */
#else
	ls_mutex_lock(&matrix_dev[0].lock);     /* mutex_lock(&matrix_dev->lock) */
	vfio_ap_mdev_unset_kvm(matrix_mdev, matrix_mdev->kvm);
	ls_mutex_unlock(&matrix_dev[0].lock);
#endif
}

/* Thread: KVM_RUN on the vCPU; the guest executes PQAP (AQIC). */
static void kvm_vcpu_ioctl_run(struct kvm_vcpu *vcpu)
{
	ls_mutex_lock(&vcpu->mutex);            /* kvm_vcpu_ioctl(): mutex_lock(&vcpu->mutex) */
	handle_pqap(vcpu);                      /* kvm_handle_sie_intercept() -> kvm_s390_handle_b2() */
	ls_mutex_unlock(&vcpu->mutex);
}

#if !defined(SEED_HOOK_LOCK)
/* Thread: KVM_S390_PV_COMMAND(KVM_PV_ENABLE) from the VMM. */
static void kvm_s390_handle_pv(struct kvm *kvm)
{
	ls_mutex_lock(&kvm->lock);              /* kvm_arch_vm_ioctl(): mutex_lock(&kvm->lock) */
	ls_mutex_lock(&vcpus[0].mutex);         /* kvm_s390_cpus_to_pv(): mutex_lock(&vcpu->mutex) */
	/* kvm_s390_pv_create_cpu(vcpu) */
	ls_mutex_unlock(&vcpus[0].mutex);
	ls_mutex_unlock(&kvm->lock);
}
#endif

LS_SCENARIO
{
	/* The guest runs with the AP matrix attached: the hook is registered. */
	kvms[0].pqap_hook = handle_pqap_vfio_ap;
	vcpus[0].kvm = &kvms[0];
	matrix_mdevs[0].kvm = &kvms[0];
	matrix_mdevs[0].kvm_busy = false;
	ls_thread(kvm_vcpu_ioctl_run, &vcpus[0]);
	ls_thread(vfio_ap_mdev_group_notifier, &matrix_mdevs[0]);
#if !defined(SEED_HOOK_LOCK)
	ls_thread(kvm_s390_handle_pv, &kvms[0]);
#endif
}
