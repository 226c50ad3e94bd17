#ifndef __LIB_H__
#define __LIB_H__
#include <xen/types.h>
#include <xen/kernel.h>
void assert_failed(const char *msg);
#define ASSERT(p) do { if ( unlikely(!(p)) ) assert_failed(#p); } while (0)
#define BUG() __builtin_trap()
#define BUG_ON(p)  do { if (unlikely(p)) BUG();  } while (0)
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))
#define ACCESS_ONCE(x) (*(volatile typeof(x) *)&(x))
void *memset(void *s, int c, size_t n);
void printk(const char *format, ...) __attribute__ ((format (printf, 1, 2)));
#define gprintk(lvl, fmt, args...) printk(lvl fmt, ## args)
#endif
