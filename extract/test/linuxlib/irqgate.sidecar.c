/*
 * irqgate.sidecar.c - the side-car of drivers/misc/irqgate.c (lockspin's own
 * test driver, see extract/test/t/168-linux-driver.sh): the interrupt on
 * CPU 1 masks the line, the reader on CPU 0 re-arms it.
 *
 * nolock: the handler's bit and mask without the lock (LS_REPLACE), the
 * re-arm enables a line the handler has not masked yet.  close_sync: the
 * reader closes with synchronize_irq(), which may sleep, called under the
 * lock (LS_REPLACE).  plain: the reader takes the lock with spin_lock() and
 * the interrupt hits its own CPU.
 */
#include "lockspin-sidecar.h"

LS_VARIANT(ok, "", "ok", "handler masks, reader re-arms, both under gate->lock");
LS_VARIANT(nolock, "NOLOCK", "assertion", "the handler masks without the lock");
LS_VARIANT(closed, "CLOSE", "ok", "the reader closes: the line stays masked");
LS_VARIANT(close_sync, "CLOSE SYNC", "assertion", "synchronize_irq() under spin_lock_irqsave()");
LS_VARIANT(plain, "PLAIN", "irq-inversion", "the reader takes the lock with spin_lock(), the interrupt on its CPU");

int ls_irq_line_depth[LS_NR_IRQS];
LS_GLOBAL(ls_irq_line_depth, LS_STATE LS_RANGE(0, 3));
LS_FIELD(struct irqgate, flags, LS_STATE LS_RANGE(0, 1));
LS_FIELD(struct irqgate, irq, LS_STATE LS_RANGE(0, 3));
LS_FIELD(struct irqgate, events, LS_STATE LS_RANGE(0, 2));

static struct irqgate gate;
/* the registers probe() would have mapped: natively plain memory, in the
 * model untracked I/O (linux/io.h) */
static struct irqgate_regs {
	u32 r[4];
} regs;
LS_POINTS_TO(struct irqgate, base, regs);

#if defined(NOLOCK)
static irqreturn_t nolock_interrupt(int irq, void *dev_id)
{
	struct irqgate *g = dev_id;

	(void)irq;
	g->events++;
	if (!test_and_set_bit(IRQGATE_MASKED, &g->flags))
		disable_irq_nosync(g->irq);
	return IRQ_HANDLED;
}
LS_REPLACE(irqgate_interrupt, nolock_interrupt);
#endif
#if defined(SYNC)
static void close_sync(struct irqgate *g)
{
	unsigned long flags;

	spin_lock_irqsave(&g->lock, flags);
	if (!__test_and_set_bit(IRQGATE_MASKED, &g->flags))
		disable_irq_nosync(g->irq);
	synchronize_irq(g->irq);
	spin_unlock_irqrestore(&g->lock, flags);
}
LS_REPLACE(irqgate_close, close_sync);
#endif
#if defined(PLAIN)
static int plain_rearm(struct irqgate *g)
{
	spin_lock(&g->lock);
	g->events = 0;
	if (__test_and_clear_bit(IRQGATE_MASKED, &g->flags))
		enable_irq(g->irq);
	spin_unlock(&g->lock);
	return 0;
}
LS_REPLACE(irqgate_rearm, plain_rearm);
#endif

static void t_reader(void *arg)
{
#if defined(CLOSE)
	irqgate_close(arg);
#else
	irqgate_rearm(arg);
#endif
}

static void t_idle(void *arg)
{
	(void)arg;
}

/* the irq the driver requested: the handler devm_request_irq() bound */
static irqreturn_t line_interrupt(int irq, void *dev_id)
{
	return irqgate_interrupt(irq, dev_id);
}

LS_SCENARIO
{
	gate.irq = 2;
	ls_thread(t_reader, &gate);
#if defined(PLAIN)
	ls_irq_thread(line_interrupt, &gate, 0);
#else
	ls_thread(t_idle, NULL);
	ls_irq_thread(line_interrupt, &gate, 1);
#endif
}
