/*
 * mutex_lock_nested() on two objects of one class, as the VFS locks a parent
 * directory and then a child (I_MUTEX_PARENT, I_MUTEX_CHILD).  As in
 * lockdep, (class, subclass) is a class of its own: the nesting of a parent
 * and a child is an order between inode.i_mutex/1 and inode.i_mutex/2, never
 * a report by itself, and the order between subclasses is checked.  The bad
 * variant is a rename that locks the target's parent after the child another
 * thread holds as a parent: a real ABBA between the two inodes.  The swapped
 * variant never contends (its rename works on two other inodes) but gives
 * the child's subclass to the parent: lockdep's circular dependency
 * i_mutex/1 -> i_mutex/2 -> i_mutex/1, which two inodes shared by both
 * threads would turn into a deadlock.
 */
#include <linux/mutex.h>
#include <linux/lockdep.h>

LS_VARIANT(bad, "BAD", "deadlock", "rename_thread() locks the child before the parent");
LS_VARIANT(swapped, "SWAPPED", "potential-deadlock",
	   "rename_thread() locks a directory with I_MUTEX_CHILD, then an entry with I_MUTEX_PARENT");
LS_VARIANT(ok, "", "ok", "both lock the parent, then the child");

enum { I_MUTEX_PARENT = 1, I_MUTEX_CHILD = 2 };

struct inode {
	struct mutex i_mutex;
	int nlink LS_STATE LS_RANGE(0, 2);
};

static struct inode dir, file, olddir, victim;

static void lock_two(struct inode *parent, struct inode *child)
{
	mutex_lock_nested(&parent->i_mutex, I_MUTEX_PARENT);
	mutex_lock_nested(&child->i_mutex, I_MUTEX_CHILD);
}

static void unlock_two(struct inode *a, struct inode *b)
{
	mutex_unlock(&b->i_mutex);
	mutex_unlock(&a->i_mutex);
}

static void link_thread(void *arg)
{
	(void)arg;
	lock_two(&dir, &file);
	file.nlink = 1;
	unlock_two(&dir, &file);
}

static void rename_thread(void *arg)
{
	(void)arg;
#if defined(BAD)
	lock_two(&file, &dir);
	lockdep_assert_held(&dir.i_mutex);
	unlock_two(&file, &dir);
#elif defined(SWAPPED)
	/* the directory first, but annotated as the child */
	mutex_lock_nested(&olddir.i_mutex, I_MUTEX_CHILD);
	mutex_lock_nested(&victim.i_mutex, I_MUTEX_PARENT);
	victim.nlink = 0;
	unlock_two(&olddir, &victim);
#else
	lock_two(&dir, &file);
	lockdep_assert_held(&file.i_mutex);
	file.nlink = 2;
	unlock_two(&dir, &file);
#endif
}

LS_SCENARIO
{
	ls_thread(link_thread, NULL);
	ls_thread(rename_thread, NULL);
}
