/*
 * blk.sidecar.c - blk-core.c and blk-gen.c as they are (test 162): the
 * registers and the tracing core become the side-car's abstractions, the ops table leads to
 * either generation.  The deadlock needs blk_fw_ready() to say "not
 * ready": a choice the replay must make where the model made it.
 */
#include "lockspin-sidecar.h"

LS_VARIANT(bad, "", "deadlock", "complete() resets under the device lock and takes the queue lock");
LS_VARIANT(ok, "READY", "ok", "firmware that is always ready never resets");
LS_VARIANT(race, "READY RACE", "assertion",
	   "blk_peek() reads busy twice without the device lock; complete() clears it in between");

/* what probing the device (which no scenario runs) would have linked */
LS_POINTS_TO(struct blk_dev, q, blk_queue0);

/* the device's busy flag is the state the peek is about */
LS_FIELD(struct blk_dev, busy, LS_STATE LS_RANGE(0, 1));

/* the registers: any ready bit, a doorbell that does nothing the locks see */
#ifdef READY
static int blk_fw_ready_always(struct blk_dev *dev)
{
	(void)dev;
	return 1;
}
LS_REPLACE(blk_fw_ready, blk_fw_ready_always);
#else
LS_ABSTRACT(blk_fw_ready, LS_RESULT(0, 1));
#endif
LS_ABSTRACT(blk_doorbell, LS_IGNORE);
/* defined in no file given: natively it is defined from its declaration */
LS_ABSTRACT(blk_trace, LS_IGNORE);
LS_TARGETS_OF(blk_ops, reset, gen1_reset, gen2_reset);

static void submitter(void *arg)
{
	(void)arg;
	blk_submit(&blk_devs[0]);
}

static void completer(void *arg)
{
	(void)arg;
	blk_complete(&blk_devs[0]);
}

static void peeker(void *arg)
{
	(void)arg;
	blk_peek(&blk_devs[0]);
}

LS_SCENARIO
{
#ifdef RACE
	blk_devs[0].busy = 1;
	ls_thread(peeker, NULL);
#else
	ls_thread(submitter, NULL);
#endif
	ls_thread(completer, NULL);
}
