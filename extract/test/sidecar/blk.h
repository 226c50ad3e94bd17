/*
 * blk.h - a block driver in the kernel's style, for test 162 (written for
 * lockspin, no kernel code): a queue lock and a per-device lock, a
 * firmware probe and a doorbell that touch hardware, and the ops table of
 * the two controller generations.  No lockspin annotation: blk.sidecar.c
 * gives them all.
 */
#ifndef _BLK_H
#define _BLK_H

#include <linux/spinlock.h>
#include <linux/types.h>

#ifndef BLK_NR_DEVS
#error "built without -DBLK_NR_DEVS (from compile_commands.json)"
#endif

struct blk_queue {
	spinlock_t lock;
	int depth;
};

struct blk_dev {
	spinlock_t lock;
	int busy;
	int gen;
	struct blk_queue *q;  /* set when the device is probed */
};

struct blk_ops {
	const char *name;
	void (*reset)(struct blk_dev *dev);
};

extern const struct blk_ops *blk_ops;
extern struct blk_dev blk_devs[BLK_NR_DEVS];
extern struct blk_queue blk_queue0;

int blk_fw_ready(struct blk_dev *dev);
void blk_doorbell(struct blk_dev *dev);
int blk_submit(struct blk_dev *dev);
void blk_complete(struct blk_dev *dev);
int blk_peek(struct blk_dev *dev);
/* the tracing core, in a file not given: declared only */
void blk_trace(const char *event, int gen);
/* the statistics core, likewise; the side-car says nothing of it */
void blk_stat_inc(int gen);

#endif
