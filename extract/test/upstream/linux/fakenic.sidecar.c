/*
 * fakenic.sidecar.c - the side-car of drivers/net/fakenic/fakenic.c over the
 * fake Linux tree (extract/test/t/166-linux-upstream.sh): the only file that
 * names lockspin.
 */
#include "lockspin-sidecar.h"

LS_VARIANT(bad, "", "irq-inversion", "fakenic_tx_timeout() takes tx_lock with spin_lock(), interrupts enabled");
LS_VARIANT(ok, "XMIT", "ok", "fakenic_xmit() takes tx_lock with spin_lock_irqsave()");

LS_FIELD(struct fakenic, tx_pending, LS_STATE LS_RANGE(0, 2));
LS_FIELD(struct fakenic, up, LS_STATE);

/* the CPU: an MTU change before the device is up (-ENODEV), open, a
 * transmit or a watchdog timeout, another MTU change */
static void t_cpu(void *arg)
{
	struct fakenic *nic = arg;

	fakenic_change_mtu(nic, 9000);
	fakenic_open(nic);
#if defined(XMIT)
	fakenic_xmit(nic);
#else
	fakenic_tx_timeout(nic);
#endif
	fakenic_change_mtu(nic, 1500);
}

static void t_irq(void *arg)
{
	fakenic_interrupt(11, arg);
}

LS_SCENARIO
{
	ls_thread(t_cpu, &fakenics[0]);
	ls_irq_thread(t_irq, &fakenics[0], 0);
}
