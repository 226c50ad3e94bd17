/*
 * A driver's statistics lock, taken in process context and in the device's
 * interrupt handler on the same CPU: lockdep's "inconsistent
 * {HARDIRQ-ON-W} -> {IN-HARDIRQ-W} usage".  With spin_lock() the handler can
 * fire while the CPU holds the lock and spin on it forever; spin_lock_irqsave()
 * keeps the handler out until the lock is released.
 */
#include <linux/spinlock.h>
#include <linux/interrupt.h>

LS_VARIANT(bad, "BAD", "irq-inversion", "dev_stats_read() takes stats_lock with interrupts enabled");
LS_VARIANT(ok, "", "ok", "dev_stats_read() uses spin_lock_irqsave()");

struct netdev {
	spinlock_t stats_lock;
	int rx_packets LS_STATE LS_RANGE(0, 3);
};

static struct netdev dev0;

static irqreturn_t dev_interrupt(int irq, void *dev_id)
{
	struct netdev *dev = dev_id;

	(void)irq;
	spin_lock(&dev->stats_lock);
	dev->rx_packets = 1;
	spin_unlock(&dev->stats_lock);
	return IRQ_HANDLED;
}

static void dev_stats_read(void *arg)
{
	struct netdev *dev = arg;
	int rx;
#ifdef BAD
	spin_lock(&dev->stats_lock);
	rx = dev->rx_packets;
	spin_unlock(&dev->stats_lock);
#else
	unsigned long flags;

	spin_lock_irqsave(&dev->stats_lock, flags);
	rx = dev->rx_packets;
	spin_unlock_irqrestore(&dev->stats_lock, flags);
#endif
	(void)rx;
}

LS_SCENARIO
{
	ls_thread(dev_stats_read, &dev0);
	ls_irq_thread(dev_interrupt, &dev0, 0);
}
