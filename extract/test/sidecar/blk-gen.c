/*
 * blk-gen.c - the two controller generations' operations (kernel style,
 * written for lockspin).
 */
#include "blk.h"

const struct blk_ops *blk_ops;

static void gen1_reset(struct blk_dev *dev)
{
	dev->gen = 1;
}

static void gen2_reset(struct blk_dev *dev)
{
	dev->gen = 2;
}

const struct blk_ops gen1_ops = { .name = "gen1", .reset = gen1_reset };
const struct blk_ops gen2_ops = { .name = "gen2", .reset = gen2_reset };
