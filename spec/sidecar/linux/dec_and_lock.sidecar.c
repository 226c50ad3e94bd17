/*
 * dec_and_lock.sidecar.c - the side-car of Linux's lib/dec_and_lock.c, given
 * as it is upstream (see README.md here: which blob, and prepare.sh).
 *
 * An object on a list holds a reference count; the last put must unlink it
 * under the list lock before it is freed, and a lookup takes a reference
 * only under that lock while the object is listed.  The file's point is that
 * the decrement to zero and the lock are one step for the lookup: whoever
 * drops the count to zero holds the lock.  Two CPUs: the owner puts its
 * reference; the other looks the object up, uses it, and puts.  A freed
 * object must not be used (ls_assert).
 *
 * lockless: the lookup takes its reference without the lock, as an RCU
 * lookup does, with atomic_inc_not_zero(): it cannot revive a count that
 * reached zero, and a put that finds the count at 1 takes the slow path
 * (lock, then decrement) while the lookup's increment can still land.
 *
 * irq_*: the lookup runs in process context and an interrupt handler on
 * the same CPU drops the owner's reference, so the list lock is taken in
 * interrupt context: process context must take it with interrupts off.
 */
#include "lockspin-sidecar.h"

LS_VARIANT(ok, "", "ok", "puts through atomic_dec_and_lock()");
LS_VARIANT(naive, "NAIVE", "assertion",
	   "puts with atomic_dec_and_test(), then spin_lock(): the lookup revives a dying object");
LS_VARIANT(lockless, "LOCKLESS", "ok", "the lookup takes its reference with atomic_inc_not_zero(), no lock");
LS_VARIANT(irq_unsafe, "IRQ", "irq-inversion",
	   "the handler puts with atomic_dec_and_lock_irqsave(), the lookup takes the lock with interrupts on");
LS_VARIANT(irq_ok, "IRQ IRQSAVE", "ok", "both put with atomic_dec_and_lock_irqsave(), the lookup with spin_lock_irqsave()");

struct obj {
	atomic_t ref;
	bool listed;
	bool freed;
};
LS_FIELD(struct obj, listed, LS_STATE);
LS_FIELD(struct obj, freed, LS_STATE);

static struct obj o;
static spinlock_t list_lock;

static void put(struct obj *p)
{
#if defined(NAIVE)
	if (atomic_dec_and_test(&p->ref)) {
		spin_lock(&list_lock);
		p->listed = false;
		spin_unlock(&list_lock);
		p->freed = true;
	}
#elif defined(IRQSAVE)
	unsigned long flags;

	if (atomic_dec_and_lock_irqsave(&p->ref, &list_lock, flags)) {
		p->listed = false;
		spin_unlock_irqrestore(&list_lock, flags);
		p->freed = true;
	}
#else
	if (atomic_dec_and_lock(&p->ref, &list_lock)) {
		p->listed = false;
		spin_unlock(&list_lock);
		p->freed = true;
	}
#endif
}

/* the owner's put, in an interrupt handler (irq_*) */
static void irq_put(struct obj *p)
{
	unsigned long flags;

	if (atomic_dec_and_lock_irqsave(&p->ref, &list_lock, flags)) {
		p->listed = false;
		spin_unlock_irqrestore(&list_lock, flags);
		p->freed = true;
	}
}

static void t_owner(void *arg)
{
#if defined(IRQ)
	irq_put(arg);
#else
	put(arg);
#endif
}

static void t_lookup(void *arg)
{
	struct obj *p = arg;
	bool got = false;
#if defined(LOCKLESS)
	got = atomic_inc_not_zero(&p->ref);
#elif defined(IRQSAVE)
	unsigned long flags;

	spin_lock_irqsave(&list_lock, flags);
	if (p->listed) {
		atomic_inc(&p->ref);
		got = true;
	}
	spin_unlock_irqrestore(&list_lock, flags);
#else
	spin_lock(&list_lock);
	if (p->listed) {
		atomic_inc(&p->ref);
		got = true;
	}
	spin_unlock(&list_lock);
#endif
	if (got) {
		ls_assert(!p->freed);
		put(p);
	}
}

LS_SCENARIO
{
	o.ref.counter = 1;
	o.listed = true;
	ls_thread(t_lookup, &o);
#if defined(IRQ)
	ls_irq_thread(t_owner, &o, 0);
#else
	ls_thread(t_owner, &o);
#endif
}
