/*
 * linux/io.h - device registers, written for lockspin from their documented
 * meaning.  A register is untracked I/O: each accessor is a static inline
 * function, which the front end ignores (a read gives any value, a write
 * is lost), so a driver's protocol never depends on what the hardware
 * answers unless its side-car replaces the accessor (LS_REPLACE) or models
 * the device.  Natively a register is plain memory: ioremap() and the devm_
 * forms return a zeroed buffer of the range's size (never unmapped: the
 * device outlives the run), and each access is one volatile load or store.
 * The _relaxed forms and ioread/iowrite are the same accesses (the model
 * is sequentially consistent).
 */
#ifndef LS__LINUX_IO_H
#define LS__LINUX_IO_H
#if defined(LS_UPSTREAM) && defined(__KERNEL__) && __has_include_next(<linux/io.h>)
#include_next <linux/io.h>
#else
#include "linux/types.h"
#include "linux/slab.h"
#include "linux/compiler.h"
#include "linux/err.h"
#include "linux/ioport.h"

struct device;
#define LS__IO_ACCESSORS(sz, t) \
	static inline t read##sz(const volatile void __iomem *addr) { return *(const volatile t *)addr; } \
	static inline void write##sz(t v, volatile void __iomem *addr) { *(volatile t *)addr = v; }
LS__IO_ACCESSORS(b, u8)
LS__IO_ACCESSORS(w, u16)
LS__IO_ACCESSORS(l, u32)
LS__IO_ACCESSORS(q, u64)
#undef LS__IO_ACCESSORS
#define readb_relaxed(a) readb(a)
#define readw_relaxed(a) readw(a)
#define readl_relaxed(a) readl(a)
#define readq_relaxed(a) readq(a)
#define writeb_relaxed(v, a) writeb(v, a)
#define writew_relaxed(v, a) writew(v, a)
#define writel_relaxed(v, a) writel(v, a)
#define writeq_relaxed(v, a) writeq(v, a)
#define ioread8(a) readb(a)
#define ioread16(a) readw(a)
#define ioread32(a) readl(a)
#define iowrite8(v, a) writeb(v, a)
#define iowrite16(v, a) writew(v, a)
#define iowrite32(v, a) writel(v, a)

static inline void __iomem *ioremap(phys_addr_t offset, size_t size)
{
	(void)offset;
	return calloc(1, size ? size : 1);
}
static inline void iounmap(volatile void __iomem *addr)
{
	(void)addr;
}
static inline void __iomem *devm_ioremap(struct device *dev, resource_size_t offset, resource_size_t size)
{
	(void)dev;
	return ioremap(offset, size);
}
static inline void __iomem *devm_ioremap_resource(struct device *dev, const struct resource *res)
{
	(void)dev;
	if (!res)
		return ERR_PTR(-EINVAL);
	return ioremap(res->start, resource_size(res));
}
#endif
#endif /* LS__LINUX_IO_H */
