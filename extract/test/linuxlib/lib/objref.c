// SPDX-License-Identifier: GPL-2.0
/*
 * objref.c - a refcounted handle in kernel style, written for lockspin's
 * tests (extract/test/t/167-linux-headers.sh).  Like many lib/ files it
 * uses EXPORT_SYMBOL() without including linux/export.h (the kernel's
 * linux/spinlock.h reaches it through linux/linkage.h), and refcount_t
 * from linux/refcount.h.
 *
 * A handle is published under handle_lock; handle_get() takes a reference
 * only while it is published; the last handle_put() unpublishes it.
 */
#include <linux/spinlock.h>
#include <linux/refcount.h>
#include <linux/bug.h>

struct handle {
	refcount_t ref;
	bool published;
	bool gone;
};

static DEFINE_SPINLOCK(handle_lock);

bool handle_get(struct handle *h)
{
	bool got = false;

	spin_lock(&handle_lock);
	if (h->published) {
		refcount_inc(&h->ref);
		got = true;
	}
	spin_unlock(&handle_lock);
	return got;
}
EXPORT_SYMBOL(handle_get);

/* no lock: fails once the count is 0 */
bool handle_tryget(struct handle *h)
{
	return refcount_inc_not_zero(&h->ref);
}
EXPORT_SYMBOL_GPL(handle_tryget);

void handle_put(struct handle *h)
{
	if (!refcount_dec_and_test(&h->ref))
		return;
	spin_lock(&handle_lock);
	h->published = false;
	spin_unlock(&handle_lock);
	h->gone = true;
}
EXPORT_SYMBOL(handle_put);

/* the last put, under the lock: the count reaches 0 only unpublished */
void handle_put_locked(struct handle *h)
{
	spin_lock(&handle_lock);
	if (refcount_dec_and_test(&h->ref)) {
		h->published = false;
		h->gone = true;
	}
	spin_unlock(&handle_lock);
}
EXPORT_SYMBOL(handle_put_locked);

void handle_drop_extra(struct handle *h)
{
	refcount_dec(&h->ref);
}
