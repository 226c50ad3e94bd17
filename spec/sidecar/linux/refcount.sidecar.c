/*
 * refcount.sidecar.c - the side-car of Linux's lib/refcount.c, given as it
 * is upstream (see README.md here: which blob, and prepare.sh).
 *
 * A registry object: a refcount_t, on a list under a mutex.  The last put
 * must unlink it under the mutex before it is freed; a lookup takes a
 * reference under the mutex while the object is listed, with refcount_inc(),
 * which WARNs on a count of 0 (linux/refcount.h: a use after free; WARN is
 * a failed check).  Two CPUs: the owner puts its reference, the other looks
 * the object up, uses it and puts.
 *
 *   ok        puts through refcount_dec_and_mutex_lock(): whoever drops the
 *             count to 0 holds the mutex
 *   naive     puts with refcount_dec_and_test(), then mutex_lock(): the
 *             lookup finds the object listed at count 0 and refcount_inc()
 *             WARNs (addition on 0; use-after-free)
 *   spin      the list under a spinlock, puts through refcount_dec_and_lock()
 *   irq_*     the owner's put runs in an interrupt handler on the lookup's
 *             CPU, through refcount_dec_and_lock_irqsave(): the lookup must
 *             take the spinlock with interrupts off (irq_ok), or the
 *             handler spins on a lock its CPU holds (irq_unsafe)
 * Through refcount_dec_and_mutex_lock() the handler would take a mutex,
 * which lockspin rejects before any search (a sleeping lock in interrupt
 * context, at the file's mutex_lock() line).
 */
#include "lockspin-sidecar.h"

LS_VARIANT(ok, "", "ok", "puts through refcount_dec_and_mutex_lock()");
LS_VARIANT(naive, "NAIVE", "assertion", "puts with refcount_dec_and_test(), then mutex_lock(): refcount_inc() on 0");
LS_VARIANT(spin, "SPIN", "ok", "the list under a spinlock, puts through refcount_dec_and_lock()");
LS_VARIANT(irq_unsafe, "SPIN IRQ", "irq-inversion",
	   "the owner puts from an interrupt handler through refcount_dec_and_lock_irqsave(), the lookup takes the lock with interrupts on");
LS_VARIANT(irq_ok, "SPIN IRQ IRQSAVE", "ok", "the lookup takes the lock and puts with interrupts off");

struct robj {
	refcount_t ref;
	bool listed;
	bool freed;
};
LS_FIELD(struct robj, listed, LS_STATE);
LS_FIELD(struct robj, freed, LS_STATE);

static struct robj o;
static struct mutex reg_mutex;
static spinlock_t reg_lock;

static void put(struct robj *p)
{
#if defined(NAIVE)
	if (refcount_dec_and_test(&p->ref)) {
		mutex_lock(&reg_mutex);
		p->listed = false;
		mutex_unlock(&reg_mutex);
		p->freed = true;
	}
#elif defined(IRQSAVE)
	unsigned long flags;

	if (refcount_dec_and_lock_irqsave(&p->ref, &reg_lock, &flags)) {
		p->listed = false;
		spin_unlock_irqrestore(&reg_lock, flags);
		p->freed = true;
	}
#elif defined(SPIN)
	if (refcount_dec_and_lock(&p->ref, &reg_lock)) {
		p->listed = false;
		spin_unlock(&reg_lock);
		p->freed = true;
	}
#else
	if (refcount_dec_and_mutex_lock(&p->ref, &reg_mutex)) {
		p->listed = false;
		mutex_unlock(&reg_mutex);
		p->freed = true;
	}
#endif
}

static void t_owner(void *arg)
{
#if defined(IRQ)
	struct robj *p = arg;
	unsigned long flags;

	if (refcount_dec_and_lock_irqsave(&p->ref, &reg_lock, &flags)) {
		p->listed = false;
		spin_unlock_irqrestore(&reg_lock, flags);
		p->freed = true;
	}
#else
	put(arg);
#endif
}

static void t_lookup(void *arg)
{
	struct robj *p = arg;
	bool got = false;

#if defined(IRQSAVE)
	unsigned long flags;

	spin_lock_irqsave(&reg_lock, flags);
#elif defined(SPIN)
	spin_lock(&reg_lock);
#else
	mutex_lock(&reg_mutex);
#endif
	if (p->listed) {
		refcount_inc(&p->ref);
		got = true;
	}
#if defined(IRQSAVE)
	spin_unlock_irqrestore(&reg_lock, flags);
#elif defined(SPIN)
	spin_unlock(&reg_lock);
#else
	mutex_unlock(&reg_mutex);
#endif
	if (got) {
		ls_assert(!p->freed);
		put(p);
	}
}

LS_SCENARIO
{
	o.ref.refs.counter = 1;
	o.listed = true;
	ls_thread(t_lookup, &o);
#if defined(IRQ)
	ls_irq_thread(t_owner, &o, 0);
#else
	ls_thread(t_owner, &o);
#endif
}
