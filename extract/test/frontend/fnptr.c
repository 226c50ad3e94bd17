/* Calls through function pointers: LS_TARGETS on a field and on a global,
 * a parameter bound to a function. */
#include "lockspin.h"

LS_VARIANT(base, "", "ok", "the hook targets take matrix_lock or kvm->lock alone");

struct kvm {
	ls_mutex_t lock;
	ls_rwsem_t hook_sem;
	void (*pqap_hook)(struct kvm *k) LS_TARGETS(vfio_hook, null_hook, other_hook);
};

static ls_mutex_t matrix_lock;
static void (*notifier)(struct kvm *k) LS_TARGETS(vfio_hook);
struct kvm kvm0;

static void vfio_hook(struct kvm *k)
{
	(void)k;
	ls_mutex_lock(&matrix_lock);
	ls_mutex_unlock(&matrix_lock);
}

static void null_hook(struct kvm *k)
{
	(void)k;
}

static void other_hook(struct kvm *k)
{
	ls_mutex_lock(&k->lock);
	ls_mutex_unlock(&k->lock);
}

static void apply(void (*fn)(struct kvm *), struct kvm *k)
{
	fn(k);
}

static void handle_pqap(void *arg)
{
	struct kvm *k = arg;
	ls_down_read(&k->hook_sem);
	k->pqap_hook(k);
	ls_up_read(&k->hook_sem);
	notifier(k);
	apply(vfio_hook, k);
	apply(&null_hook, k);
}

LS_SCENARIO
{
	ls_thread(handle_pqap, &kvm0);
}
