#include <linux/list.h>
#include <linux/spinlock.h>
/* list pointers are untracked: a lock of an entry reached through one
 * is an error at its line (the walk itself is a loop of any length) */
struct item { spinlock_t lock; struct list_head node; };
static struct item a;
static LIST_HEAD(items);
static void t(void *arg)
{
	struct item *it;
	(void)arg;
	list_for_each_entry(it, &items, node)
		spin_lock(&it->lock);
}
LS_SCENARIO { ls_thread(t, NULL); }
