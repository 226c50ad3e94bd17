#include <linux/list.h>
#include <linux/spinlock.h>
/* list pointers are untracked: an entry of a modelled struct reached
 * through one cannot be modelled, and the error names the walk */
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
