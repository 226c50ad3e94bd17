// SPDX-License-Identifier: GPL-2.0
/*
 * fakenic.c - a made-up network driver in the kernel's style over the fake
 * tree's headers (written for lockspin's tests): it uses what those headers
 * declare besides the locking API (struct list_head and INIT_LIST_HEAD(),
 * atomic_t and atomic_inc(), ARRAY_SIZE, container_of, request_irq), so it
 * parses only when lockspin's lock-API headers layer over the tree's.
 */
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/atomic.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/interrupt.h>
#include <linux/errno.h>

struct fakenic_ring {
	struct list_head entry;
	unsigned int id;
};

struct fakenic {
	spinlock_t tx_lock;
	struct mutex cfg_mutex;
	struct list_head rings;
	atomic_t refs;
	unsigned int tx_pending;
	unsigned int mtu;
	bool up;
};

struct fakenic fakenics[1];
static struct fakenic_ring fakenic_rings[2];

static irqreturn_t fakenic_interrupt(int irq, void *dev_id)
{
	struct fakenic *nic = dev_id;

	spin_lock(&nic->tx_lock);
	nic->tx_pending = 0;
	spin_unlock(&nic->tx_lock);
	return IRQ_HANDLED;
}

int fakenic_open(struct fakenic *nic)
{
	unsigned int i;

	INIT_LIST_HEAD(&nic->rings);
	for (i = 0; i < ARRAY_SIZE(fakenic_rings); i++)
		list_add(&fakenic_rings[i].entry, &nic->rings);
	atomic_inc(&nic->refs);
	WRITE_ONCE(nic->up, true);
	return request_irq(11, fakenic_interrupt, 0, "fakenic", nic);
}

int fakenic_xmit(struct fakenic *nic)
{
	unsigned long flags;

	spin_lock_irqsave(&nic->tx_lock, flags);
	if (nic->tx_pending < 2)
		nic->tx_pending++;
	spin_unlock_irqrestore(&nic->tx_lock, flags);
	return 0;
}

/* the watchdog: process context, interrupts enabled */
void fakenic_tx_timeout(struct fakenic *nic)
{
	spin_lock(&nic->tx_lock);
	nic->tx_pending = 0;
	spin_unlock(&nic->tx_lock);
}

int fakenic_change_mtu(struct fakenic *nic, unsigned int mtu)
{
	guard(mutex)(&nic->cfg_mutex);
	if (!nic->up)
		return -ENODEV;
	scoped_guard(spinlock_irqsave, &nic->tx_lock)
		nic->mtu = mtu;
	return 0;
}
