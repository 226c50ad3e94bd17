/* Modelled function pointers: LS_STATE + LS_TARGETS on a field and on a
 * global.  0 is NULL, k the k-th target; tests, assignments and calls go
 * through that number; a call reads the pointer once, asserts it is not
 * NULL and dispatches on it.  A pointer with LS_TARGETS alone stays a
 * nondeterministic choice. */
#include "lockspin.h"

LS_VARIANT(base, "", "assertion",
	   "hook is tested, called and cleared under hook_sem; notifier is cleared between handle_pqap's test and its call");

struct kvm {
	ls_mutex_t lock;
	ls_rwsem_t hook_sem;
	void (*hook)(struct kvm *k) LS_STATE LS_TARGETS(vfio_hook, other_hook);
	void (*any)(struct kvm *k) LS_TARGETS(vfio_hook, other_hook);
};

static void notify(void);

static ls_mutex_t matrix_lock;
static void (*notifier)(void) LS_STATE LS_TARGETS(notify) = notify;
static bool notified LS_STATE;
static struct kvm kvm0;

static void vfio_hook(struct kvm *k)
{
	(void)k;
	ls_mutex_lock(&matrix_lock);
	ls_mutex_unlock(&matrix_lock);
}

static void other_hook(struct kvm *k)
{
	ls_mutex_lock(&k->lock);
	ls_mutex_unlock(&k->lock);
}

static void notify(void)
{
	notified = true;
}

static void not_a_target(struct kvm *k)
{
	(void)k;
}

static void handle_pqap(void *arg)
{
	struct kvm *k = arg;
	ls_down_read(&k->hook_sem);
	if (k->hook)
		k->hook(k);
	if (k->hook == other_hook)
		(*k->hook)(k);
	if (k->hook != NULL && k->hook != not_a_target)
		notified = false;
	ls_up_read(&k->hook_sem);
	k->any(k);
	if (notifier)
		notifier();
}

static void unset(void *arg)
{
	struct kvm *k = arg;
	ls_down_write(&k->hook_sem);
	if (!k->hook)
		k->hook = &other_hook;
	else if (k->hook == vfio_hook)
		k->hook = NULL;
	ls_up_write(&k->hook_sem);
	notifier = NULL;
}

LS_SCENARIO
{
	kvm0.hook = vfio_hook;
	kvm0.any = other_hook;  /* not modelled: calls explore every target */
	ls_thread(handle_pqap, &kvm0);
	ls_thread(unset, &kvm0);
}
