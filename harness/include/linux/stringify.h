/* linux/stringify.h - __stringify(x): x macro-expanded, then made a string. */
#ifndef LS__LINUX_STRINGIFY_H
#define LS__LINUX_STRINGIFY_H
#if defined(LS_UPSTREAM) && defined(__KERNEL__) && __has_include_next(<linux/stringify.h>)
#include_next <linux/stringify.h>
#else
#define __stringify_1(x...) #x
#define __stringify(x...) __stringify_1(x)
#endif
#endif /* LS__LINUX_STRINGIFY_H */
