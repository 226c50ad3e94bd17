/*
 * linux/export.h - EXPORT_SYMBOL() and its variants, written for lockspin
 * from the kernel's documented use: after a function's definition,
 * `EXPORT_SYMBOL(fn);` makes it visible to modules.  The model has no
 * modules, so each is a redeclaration of the symbol (valid C at file scope,
 * with the semicolon the caller writes), which also checks that the name
 * exists.  Over a Linux tree (LS_UPSTREAM) the tree's header is read
 * instead.
 */
#ifndef LS__LINUX_EXPORT_H
#define LS__LINUX_EXPORT_H

#if defined(LS_UPSTREAM) && defined(__KERNEL__) && __has_include_next(<linux/export.h>)
#include_next <linux/export.h>
#else
#define EXPORT_SYMBOL(sym) extern __typeof__(sym) sym
#define EXPORT_SYMBOL_GPL(sym) EXPORT_SYMBOL(sym)
#define EXPORT_SYMBOL_NS(sym, ns) EXPORT_SYMBOL(sym)
#define EXPORT_SYMBOL_NS_GPL(sym, ns) EXPORT_SYMBOL(sym)
#define EXPORT_SYMBOL_GPL_FOR_MODULES(sym, mods) EXPORT_SYMBOL(sym)
#define THIS_MODULE ((struct module *)0)
#endif

#endif /* LS__LINUX_EXPORT_H */
