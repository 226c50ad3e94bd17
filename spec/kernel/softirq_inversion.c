/*
 * A network driver's receive queue lock, taken in process context and in
 * the queue's softirq (its NAPI poll, or a tasklet) on the same CPU:
 * lockdep's "inconsistent {SOFTIRQ-ON-W} -> {IN-SOFTIRQ-W} usage".  With
 * spin_lock() the softirq can run on the CPU while it holds the lock (on
 * the way out of an interrupt) and spin on it forever; spin_lock_bh() keeps
 * bottom halves off until the lock is released.  Bottom-half disables nest:
 * in the nested variant the statistics lock is taken with spin_lock() after
 * an inner spin_unlock_bh(), still inside local_bh_disable(), which is safe.
 * The unbalanced variant enables bottom halves it never disabled (lockdep
 * warns): an assertion, before the softirq can come.
 */
#include <linux/spinlock.h>
#include <linux/interrupt.h>

LS_VARIANT(bad, "BAD", "irq-inversion", "rx_drain() takes rx_lock with spin_lock(), softirqs enabled");
LS_VARIANT(nested, "NESTED", "ok",
	   "rx_drain() takes stats_lock with spin_lock() inside local_bh_disable(), after an inner spin_unlock_bh()");
LS_VARIANT(unbalanced, "UNBALANCED", "assertion", "rx_drain() calls local_bh_enable() once more than local_bh_disable()");
LS_VARIANT(ok, "", "ok", "rx_drain() uses spin_lock_bh()");

struct rx_queue {
	spinlock_t rx_lock;
	spinlock_t stats_lock;
	int pending LS_STATE LS_RANGE(0, 2);
	int dropped LS_STATE LS_RANGE(0, 2);
};

static struct rx_queue rxq0;

/* the softirq: the poll of the queue, with bottom halves disabled */
static void rx_poll(void *arg)
{
	struct rx_queue *q = arg;

	spin_lock(&q->rx_lock);
	q->pending = 1;
	spin_unlock(&q->rx_lock);
	spin_lock(&q->stats_lock);
	q->dropped = 0;
	spin_unlock(&q->stats_lock);
}

static void rx_drain(void *arg)
{
	struct rx_queue *q = arg;
#if defined(BAD)
	spin_lock(&q->rx_lock);
	q->pending = 0;
	spin_unlock(&q->rx_lock);
#elif defined(NESTED)
	local_bh_disable();
	spin_lock_bh(&q->rx_lock);
	q->pending = 0;
	spin_unlock_bh(&q->rx_lock);
	spin_lock(&q->stats_lock);
	q->dropped = 1;
	spin_unlock(&q->stats_lock);
	local_bh_enable();
#else
	spin_lock_bh(&q->rx_lock);
	q->pending = 0;
	spin_unlock_bh(&q->rx_lock);
#endif
#if defined(UNBALANCED)
	local_bh_enable();
#endif
}

LS_SCENARIO
{
	ls_thread(rx_drain, &rxq0);
	ls_softirq_thread(rx_poll, &rxq0, 0);
}
