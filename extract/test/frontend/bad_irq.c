#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/kernel.h>
/* what an interrupt handler cannot do, and irq flags the model does not know */
struct dev { spinlock_t lock; struct mutex m; struct rw_semaphore sem LS_RANK(4); };
static struct dev d;
static void handler(void *arg)
{
	(void)arg;
	mutex_lock(&d.m);       /* a sleeping lock in interrupt context */
	mutex_unlock(&d.m);
	might_sleep();          /* and anything that may sleep */
}
extern unsigned long arch_local_save_flags(void);
static void cpu(void *arg)
{
	(void)arg;
	unsigned long flags = arch_local_save_flags(); /* not what an irq save returned */
	spin_unlock_irqrestore(&d.lock, flags);
	down_write(&d.sem);
	downgrade_write(&d.sem); /* ranked: mm-locks has no downgrade */
	up_read(&d.sem);
}
LS_SCENARIO
{
	ls_thread(cpu, NULL);
	ls_irq_thread(handler, NULL, 0);
	ls_irq_thread(handler, NULL, 1); /* a handler cannot interrupt a handler */
	ls_irq_thread(handler, NULL, 5);
}
