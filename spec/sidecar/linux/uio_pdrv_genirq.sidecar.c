/*
 * uio_pdrv_genirq.sidecar.c - the side-car of Linux's
 * drivers/uio/uio_pdrv_genirq.c, given as it is upstream (see README.md
 * here: which blob, and prepare.sh).
 *
 * The driver leaves an interrupt to user space: its handler masks the line
 * (disable_irq_nosync()) and sets bit 0 of priv->flags; user space writes 1
 * to /dev/uioN when it has served the device, and the UIO core calls
 * ->irqcontrol(info, 1), which clears the bit and unmasks the line
 * (enable_irq()).  The bit must follow the line's disable depth
 * (ls_irq_line_depth[], linux/interrupt.h): enabling a line that is not
 * disabled is the kernel's "Unbalanced enable for IRQ" WARN.
 *
 * Two CPUs.  CPU 0 runs user space's write (irqcontrol); the device's
 * interrupt arrives on CPU 1, whose thread is idle.  Nothing here is the
 * driver's code: the threads are what the UIO core does (uio_write() calls
 * ->irqcontrol, uio_interrupt() calls ->handler, both through struct
 * uio_info, here called directly).
 *
 * In this blob the handler does not take priv->lock, and irqcontrol calls
 * disable_irq() under it: the first is the race Linux fixed in 2016 (commit
 * 34cb27528398, "UIO: Fix concurrency issue": the handler takes the lock),
 * the second a sleeping call with interrupts off (the fix made it
 * disable_irq_nosync()).  The fixed code is this side-car's LS_REPLACE of
 * the two functions, written from that fix's description.
 */
#include "lockspin-sidecar.h"

LS_VARIANT(enable_race, "", "assertion",
	   "upstream: the handler sets the bit, irqcontrol(1) clears it and enables the line before the handler masks it");
LS_VARIANT(disable_sleeps, "DISABLE", "assertion",
	   "upstream: irqcontrol(0) calls disable_irq(), which may sleep, under spin_lock_irqsave()");
LS_VARIANT(fixed, "FIXED", "ok", "the handler takes priv->lock (LS_REPLACE, the 2016 fix)");
LS_VARIANT(fixed_disable, "FIXED DISABLE", "ok", "the fix, user space masking: disable_irq_nosync()");
LS_VARIANT(irq_unsafe, "FIXED PLAIN", "irq-inversion",
	   "the fix, but irqcontrol takes the lock with spin_lock() and the interrupt hits its own CPU");

/* the line's disable depth (linux/interrupt.h leaves it to the side-car) */
int ls_irq_line_depth[LS_NR_IRQS];
LS_GLOBAL(ls_irq_line_depth, LS_STATE LS_RANGE(0, 3));
LS_FIELD(struct uio_pdrv_genirq_platdata, flags, LS_STATE LS_RANGE(0, 1));
LS_FIELD(struct uio_info, irq, LS_STATE LS_RANGE(0, 1));

/* what probe() would have allocated and linked: one device */
static struct uio_pdrv_genirq_platdata pd;
static struct uio_info info;
LS_POINTS_TO(struct uio_info, priv, pd);

#if defined(FIXED)
/* the handler as fixed upstream: the bit and the mask under priv->lock */
static irqreturn_t fixed_handler(int irq, struct uio_info *dev_info)
{
	struct uio_pdrv_genirq_platdata *priv = dev_info->priv;

	spin_lock(&priv->lock);
	if (!__test_and_set_bit(0, &priv->flags))
		disable_irq_nosync(irq);
	spin_unlock(&priv->lock);
	return IRQ_HANDLED;
}
LS_REPLACE(uio_pdrv_genirq_handler, fixed_handler);

static int fixed_irqcontrol(struct uio_info *dev_info, s32 irq_on)
{
	struct uio_pdrv_genirq_platdata *priv = dev_info->priv;
#if defined(PLAIN)
	spin_lock(&priv->lock);
#else
	unsigned long flags;

	spin_lock_irqsave(&priv->lock, flags);
#endif
	if (irq_on) {
		if (__test_and_clear_bit(0, &priv->flags))
			enable_irq(dev_info->irq);
	} else {
		if (!__test_and_set_bit(0, &priv->flags))
			disable_irq_nosync(dev_info->irq);
	}
#if defined(PLAIN)
	spin_unlock(&priv->lock);
#else
	spin_unlock_irqrestore(&priv->lock, flags);
#endif
	return 0;
}
LS_REPLACE(uio_pdrv_genirq_irqcontrol, fixed_irqcontrol);
#endif

/* uio_write(): user space writes 1 (unmask) or, DISABLE, 0 (mask) */
static void t_user(void *arg)
{
#if defined(DISABLE)
	uio_pdrv_genirq_irqcontrol(arg, 0);
#else
	uio_pdrv_genirq_irqcontrol(arg, 1);
#endif
}

/* the other CPU: nothing of its own, it only takes the interrupt */
static void t_idle(void *arg)
{
	(void)arg;
}

/* uio_interrupt(): the core's handler of the line calls the driver's with
 * the line it requested, info->irq (an ls_irq_thread() handler's own irq
 * argument is untracked) */
static irqreturn_t uio_interrupt(int irq, void *dev_id)
{
	struct uio_info *dev_info = dev_id;

	(void)irq;
	return uio_pdrv_genirq_handler(dev_info->irq, dev_info);
}

LS_SCENARIO
{
	info.irq = 0; /* the line ls_irq_thread() handlers are called with */
	pd.flags = 0; /* unmasked, as probe() leaves it */
	ls_thread(t_user, &info);
#if defined(PLAIN)
	ls_irq_thread(uio_interrupt, &info, 0);
#else
	ls_thread(t_idle, NULL);
	ls_irq_thread(uio_interrupt, &info, 1);
#endif
}
