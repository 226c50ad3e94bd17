/*
 * blk-core.c - submit and complete (kernel style, written for lockspin).
 */
#include "blk.h"

#include <linux/bug.h>

struct blk_dev blk_devs[BLK_NR_DEVS];
struct blk_queue blk_queue0;

/* the firmware's ready bit, read from the device's registers */
int blk_fw_ready(struct blk_dev *dev)
{
	volatile int *reg = (volatile int *)(unsigned long)(0xfee00000u + (unsigned)dev->gen);

	return *reg & 1;
}

/* ring the doorbell: a write to the device's registers */
void blk_doorbell(struct blk_dev *dev)
{
	volatile int *reg = (volatile int *)(unsigned long)(0xfee00010u + (unsigned)dev->gen);

	*reg = 1;
}

/* the queue lock, then the device lock */
int blk_submit(struct blk_dev *dev)
{
	blk_trace("submit", dev->gen);
	spin_lock(&blk_queue0.lock);
	blk_queue0.depth++;
	spin_lock(&dev->lock);
	dev->busy = 1;
	blk_doorbell(dev);
	spin_unlock(&dev->lock);
	spin_unlock(&blk_queue0.lock);
	return 0;
}

/* the device lock; a controller whose firmware is not ready is reset,
 * and the reset path retires the queue: the queue lock under the device
 * lock */
void blk_complete(struct blk_dev *dev)
{
	spin_lock(&dev->lock);
	dev->busy = 0;
	blk_stat_inc(dev->gen);
	if (!blk_fw_ready(dev)) {
		blk_ops->reset(dev);
		spin_lock(&dev->q->lock);
		dev->q->depth = 0;
		spin_unlock(&dev->q->lock);
	}
	spin_unlock(&dev->lock);
}

/* a look at the device without its lock: busy is read twice, and the
 * completer may clear it in between */
int blk_peek(struct blk_dev *dev)
{
	if (dev->busy) {
		BUG_ON(!dev->busy);
		return 1;
	}
	return 0;
}
