/* linux/pm_runtime.h - runtime power management.  The model has no power
 * states: each call is a static inline function (ignored by the front end,
 * any result; natively it succeeds, 0). */
#ifndef LS__LINUX_PM_RUNTIME_H
#define LS__LINUX_PM_RUNTIME_H
#if defined(LS_UPSTREAM) && defined(__KERNEL__) && __has_include_next(<linux/pm_runtime.h>)
#include_next <linux/pm_runtime.h>
#else
#include "linux/pm.h"
static inline void pm_runtime_enable(struct device *dev) { (void)dev; }
static inline void pm_runtime_disable(struct device *dev) { (void)dev; }
static inline int pm_runtime_get_sync(struct device *dev) { (void)dev; return 0; }
static inline int pm_runtime_resume_and_get(struct device *dev) { (void)dev; return 0; }
static inline int pm_runtime_get(struct device *dev) { (void)dev; return 0; }
static inline int pm_runtime_put(struct device *dev) { (void)dev; return 0; }
static inline int pm_runtime_put_sync(struct device *dev) { (void)dev; return 0; }
static inline int pm_runtime_put_autosuspend(struct device *dev) { (void)dev; return 0; }
static inline void pm_runtime_mark_last_busy(struct device *dev) { (void)dev; }
static inline int devm_pm_runtime_enable(struct device *dev) { (void)dev; return 0; }
#endif
#endif /* LS__LINUX_PM_RUNTIME_H */
