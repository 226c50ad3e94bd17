/* Control flow: helpers with return values, goto out_unlock, early return
 * under a lock, do-while, for with continue, while (!trylock), guard,
 * untracked conditions, undefined calls. */
#include "lockspin.h"

LS_VARIANT(base, "", "livelock", "user spins on list_lock with while (!trylock), passing no ls_progress()");
#include <string.h>

struct dev {
	ls_mutex_t lock;
	bool busy LS_STATE;
	int users LS_STATE LS_RANGE(0, 3);
	int len;
};

static ls_spinlock_t list_lock;
static struct dev dev0, dev1;

static bool dev_busy(struct dev *d)
{
	return d->busy;
}

static int grab(struct dev *d)
{
	ls_mutex_lock(&d->lock);
	if (dev_busy(d)) {
		ls_mutex_unlock(&d->lock);
		return -1;
	}
	d->users++;
	return 0;
}

static void put(struct dev *d)
{
	d->users--;
	ls_mutex_unlock(&d->lock);
}

static void user(void *arg)
{
	struct dev *d = arg;
	char buf[8];
	int i, n = 0;

	if (grab(d) < 0)
		goto out;
	if (d->len > 0)
		memcpy(buf, "x", 1);
	for (i = 0; i < 3; i++) {
		if (i == 1)
			continue;
		n += i;
	}
	do {
		n--;
	} while (n > 0);
	while (!ls_spin_trylock(&list_lock))
		;
	ls_spin_unlock(&list_lock);
	put(d);
out:
	return;
}

static int scoped(struct dev *d)
{
	ls_guard(MUTEX, &d->lock);
	if (d->busy)
		return 1;
	{
		ls_guard(SPIN, &list_lock);
		d->busy = true;
	}
	return 0;
}

static void scoped_thread(void *arg)
{
	int r = scoped(arg);
	if (r)
		ls_progress();
	for (;;) {
		ls_guard(SPIN, &list_lock);
		if (ls_choose(2))
			break;
	}
}

LS_SCENARIO
{
	dev1.busy = true;
	ls_thread(user, &dev0);
	ls_thread(scoped_thread, &dev1);
}
