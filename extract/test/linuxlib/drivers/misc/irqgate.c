// SPDX-License-Identifier: GPL-2.0
/*
 * irqgate.c - lockspin's own platform driver in kernel style (not Linux
 * code): its interrupt handler acknowledges the device and masks the line
 * until a reader re-arms it, as a UIO driver does.  It includes only
 * generic device-API headers and uses their names as a driver does:
 * devm_kzalloc(), devm_platform_ioremap_resource(), platform_get_irq(),
 * devm_request_irq(), readl()/writel(), disable_irq_nosync(), enable_irq(),
 * module_platform_driver(), of_match_ptr(), pm_runtime_*, dev_err_probe(),
 * and the lock API's guard(spinlock) and scoped_guard(spinlock_irqsave).
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/of.h>
#include <linux/pm_runtime.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/bitops.h>
#include <linux/err.h>
#include <linux/cleanup.h>

#define IRQGATE_STATUS 0x00
#define IRQGATE_ACK 0x04
#define IRQGATE_MASKED 0

struct irqgate {
	void __iomem *base;
	int irq;
	spinlock_t lock;
	unsigned long flags;
	unsigned int events;
};

static irqreturn_t irqgate_interrupt(int irq, void *dev_id)
{
	struct irqgate *gate = dev_id;
	u32 status = readl(gate->base + IRQGATE_STATUS);

	(void)irq;
	writel(status, gate->base + IRQGATE_ACK);
	guard(spinlock)(&gate->lock);
	gate->events++;
	if (!__test_and_set_bit(IRQGATE_MASKED, &gate->flags))
		disable_irq_nosync(gate->irq);
	return IRQ_HANDLED;
}

/* a reader has consumed the events: re-arm the line */
int irqgate_rearm(struct irqgate *gate)
{
	unsigned long flags;
	unsigned int n;

	spin_lock_irqsave(&gate->lock, flags);
	n = gate->events;
	gate->events = 0;
	if (__test_and_clear_bit(IRQGATE_MASKED, &gate->flags))
		enable_irq(gate->irq);
	spin_unlock_irqrestore(&gate->lock, flags);
	return n;
}
EXPORT_SYMBOL_GPL(irqgate_rearm);

/* the reader is gone: mask the line for good */
void irqgate_close(struct irqgate *gate)
{
	scoped_guard(spinlock_irqsave, &gate->lock) {
		if (!__test_and_set_bit(IRQGATE_MASKED, &gate->flags))
			disable_irq_nosync(gate->irq);
	}
	synchronize_irq(gate->irq);
}
EXPORT_SYMBOL_GPL(irqgate_close);

static int irqgate_probe(struct platform_device *pdev)
{
	struct irqgate *gate;
	int ret;

	gate = devm_kzalloc(&pdev->dev, sizeof(*gate), GFP_KERNEL);
	if (!gate)
		return -ENOMEM;
	gate->base = devm_platform_ioremap_resource(pdev, 0);
	if (IS_ERR(gate->base))
		return PTR_ERR(gate->base);
	gate->irq = platform_get_irq(pdev, 0);
	if (gate->irq < 0)
		return gate->irq;
	spin_lock_init(&gate->lock);
	ret = devm_request_irq(&pdev->dev, gate->irq, irqgate_interrupt, IRQF_SHARED, "irqgate", gate);
	if (ret)
		return dev_err_probe(&pdev->dev, ret, "cannot request irq %d\n", gate->irq);
	platform_set_drvdata(pdev, gate);
	pm_runtime_enable(&pdev->dev);
	dev_info(&pdev->dev, "irqgate at irq %d\n", gate->irq);
	return 0;
}

static int irqgate_remove(struct platform_device *pdev)
{
	struct irqgate *gate = platform_get_drvdata(pdev);

	irqgate_close(gate);
	pm_runtime_disable(&pdev->dev);
	return 0;
}

static const struct of_device_id irqgate_of_match[] = {
	{ .compatible = "lockspin,irqgate" },
	{ }
};
MODULE_DEVICE_TABLE(of, irqgate_of_match);

static struct platform_driver irqgate_driver = {
	.probe = irqgate_probe,
	.remove = irqgate_remove,
	.driver = {
		.name = "irqgate",
		.owner = THIS_MODULE,
		.of_match_table = of_match_ptr(irqgate_of_match),
	},
};
module_platform_driver(irqgate_driver);

MODULE_AUTHOR("lockspin");
MODULE_DESCRIPTION("an interrupt gate, lockspin's test driver");
MODULE_LICENSE("GPL");
