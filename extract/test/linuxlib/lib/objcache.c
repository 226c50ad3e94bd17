// SPDX-License-Identifier: GPL-2.0
/*
 * objcache.c - an object cache in kernel style, written for lockspin's tests
 * (extract/test/t/167-linux-headers.sh): no lockspin name in it, and only
 * the generic kernel headers a lib/ file includes, which lockspin provides
 * when no Linux tree is given (harness/include/linux/).
 *
 * An object is looked up without the cache lock (cache_obj_tryget(): a
 * count that reached zero stays there) and put with a fast path that never
 * drops the last reference (cache_obj_put()).  Up to CACHE_MAX_USERS
 * callers may claim an object at once (a compare-and-swap loop).  Warnings
 * are rate limited; an object is stale HZ jiffies after its stamp.
 */
#include <linux/export.h>
#include <linux/spinlock.h>
#include <linux/atomic.h>
#include <linux/jiffies.h>
#include <linux/printk.h>
#include <linux/ratelimit.h>

#define CACHE_MAX_USERS 2

struct cache_obj {
	atomic_t ref;
	atomic_t users;
	bool hashed;
	bool dead;
	unsigned long stamp;
};

static DEFINE_SPINLOCK(cache_lock);
static DEFINE_RATELIMIT_STATE(cache_rs, 5 * HZ, 1);

bool cache_obj_tryget(struct cache_obj *obj)
{
	return atomic_inc_not_zero(&obj->ref);
}
EXPORT_SYMBOL(cache_obj_tryget);

/* the cache takes a reference with the lock held, while hashed */
bool cache_obj_get_locked(struct cache_obj *obj)
{
	bool got = false;

	spin_lock(&cache_lock);
	if (obj->hashed) {
		atomic_inc(&obj->ref);
		got = true;
	}
	spin_unlock(&cache_lock);
	return got;
}
EXPORT_SYMBOL_GPL(cache_obj_get_locked);

void cache_obj_put(struct cache_obj *obj)
{
	/* not the last reference: no lock */
	if (atomic_add_unless(&obj->ref, -1, 1))
		return;
	spin_lock(&cache_lock);
	if (atomic_dec_and_test(&obj->ref)) {
		obj->hashed = false;
		obj->dead = true;
	}
	spin_unlock(&cache_lock);
}
EXPORT_SYMBOL(cache_obj_put);

bool cache_obj_claim(struct cache_obj *obj)
{
	int users = atomic_read(&obj->users);

	do {
		if (users >= CACHE_MAX_USERS)
			return false;
	} while (!atomic_try_cmpxchg(&obj->users, &users, users + 1));
	return true;
}

void cache_obj_unclaim(struct cache_obj *obj)
{
	atomic_dec(&obj->users);
}

bool cache_obj_stale(struct cache_obj *obj)
{
	return time_is_before_jiffies(obj->stamp + HZ);
}

/* a warning not printed is counted; cache_report() takes the count */
void cache_miss(void)
{
	ratelimit_state_inc_miss(&cache_rs);
}

int cache_report(void)
{
	int missed = ratelimit_state_reset_miss(&cache_rs);

	if (missed)
		pr_warn("objcache: %d warnings suppressed\n", missed);
	return missed;
}

void cache_warn(struct cache_obj *obj)
{
	if (__ratelimit(&cache_rs))
		printk_deferred(KERN_WARNING "objcache: %p busy\n", obj);
	else
		pr_debug("objcache: warning suppressed\n");
}
