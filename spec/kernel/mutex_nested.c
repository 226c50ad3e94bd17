/*
 * mutex_lock_nested() on two objects of one class, as the VFS locks a parent
 * directory and then a child (I_MUTEX_PARENT, I_MUTEX_CHILD).  lockdep needs
 * the subclass to accept the nesting; lockspin orders the instances
 * themselves, so the subclass is only listed by --explain.  The bad variant
 * is a rename that locks the target's parent after the child another thread
 * holds as a parent: a real ABBA between the two inodes.
 */
#include <linux/mutex.h>
#include <linux/lockdep.h>

LS_VARIANT(bad, "BAD", "deadlock", "rename_thread() locks the child before the parent");
LS_VARIANT(ok, "", "ok", "both lock the parent, then the child");

enum { I_MUTEX_PARENT = 1, I_MUTEX_CHILD = 2 };

struct inode {
	struct mutex i_mutex;
	int nlink LS_STATE LS_RANGE(0, 2);
};

static struct inode dir, file;

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
#ifdef BAD
	lock_two(&file, &dir);
	lockdep_assert_held(&dir.i_mutex);
	unlock_two(&file, &dir);
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
