/*
 * guard(mutex) inside a switch case and scoped_guard(spinlock): the
 * ioctl path takes cfg_lock by guard() in its case and then the stats lock by
 * scoped_guard(); the timer path takes them the other way round in the bad
 * variant (ABBA), in the same order in the ok one.  The guards release at
 * every exit of their scopes (the break out of the case, the end of the
 * scoped block).
 */
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/cleanup.h>

LS_VARIANT(bad, "BAD", "deadlock", "timer_fn() takes stats_lock, then cfg_lock");
LS_VARIANT(ok, "", "ok", "both take cfg_lock, then stats_lock");

enum { CMD_SET = 1, CMD_GET = 2 };

struct mydev {
	struct mutex cfg_lock;
	spinlock_t stats_lock;
	int mode LS_STATE LS_RANGE(0, 2);
	int reads LS_STATE LS_RANGE(0, 2);
};

static struct mydev dev;

static int dev_ioctl(struct mydev *d, int cmd)
{
	switch (cmd) {
	case CMD_SET: {
		guard(mutex)(&d->cfg_lock);
		d->mode = 1;
		scoped_guard(spinlock, &d->stats_lock) {
			d->reads = 0;
		}
		break;
	}
	case CMD_GET:
		return d->mode;
	default:
		return -EINVAL;
	}
	lockdep_assert_not_held(&d->cfg_lock);
	return 0;
}

static void ioctl_thread(void *arg)
{
	dev_ioctl(arg, CMD_SET);
}

static void timer_fn(void *arg)
{
	struct mydev *d = arg;
#ifdef BAD
	spin_lock(&d->stats_lock);
	mutex_lock(&d->cfg_lock);
#else
	mutex_lock(&d->cfg_lock);
	spin_lock(&d->stats_lock);
#endif
	if (d->mode == 1)
		d->reads = 1;
	spin_unlock(&d->stats_lock);
	mutex_unlock(&d->cfg_lock);
}

LS_SCENARIO
{
	ls_thread(ioctl_thread, &dev);
	ls_thread(timer_fn, &dev);
}
