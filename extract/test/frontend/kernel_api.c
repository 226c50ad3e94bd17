#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/bitops.h>
#include <linux/list.h>
#include <linux/interrupt.h>
/* the Linux lock-API headers as the IR has them: guards with interrupt
 * state, scoped_guard, container_of, interruptible locks, flag bits,
 * WARN_ON, BUG_ON(!spin_is_locked()), lockdep's irq assertion */
struct part { spinlock_t lock; int n LS_STATE LS_RANGE(0, 2); struct list_head node; };
struct dev {
	struct mutex m;
	struct rw_semaphore sem;
	struct part p;
	unsigned long flags LS_STATE LS_RANGE(0, 3);
	struct list_head items;
};
static struct dev d0;

static void bump(struct part *pt)
{
	struct dev *d = container_of(pt, struct dev, p);
	guard(spinlock_irqsave)(&d->p.lock);
	lockdep_assert_irqs_disabled();
	BUG_ON(!spin_is_locked(&pt->lock));
	WRITE_ONCE(pt->n, 1);
}

static irqreturn_t dev_irq(int irq, void *id)
{
	struct dev *d = id;
	(void)irq;
	spin_lock(&d->p.lock);
	set_bit(1, &d->flags);
	spin_unlock(&d->p.lock);
	return IRQ_HANDLED;
}

static void cpu0(void *arg)
{
	struct dev *d = arg;
	bump(&d->p);
	if (mutex_lock_interruptible(&d->m))
		return;
	scoped_guard(rwsem_read, &d->sem) {
		if (WARN_ON(test_bit(0, &d->flags)))
			clear_bit(0, &d->flags);
	}
	mutex_unlock(&d->m);
}

LS_SCENARIO
{
	ls_thread(cpu0, &d0);
	ls_irq_thread(dev_irq, &d0, 0);
}
