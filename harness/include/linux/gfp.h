/* linux/gfp.h - allocation flags: accepted, meaning nothing to the model or
 * to the C library's allocator (linux/slab.h). */
#ifndef LS__LINUX_GFP_H
#define LS__LINUX_GFP_H
#if defined(LS_UPSTREAM) && defined(__KERNEL__) && __has_include_next(<linux/gfp.h>)
#include_next <linux/gfp.h>
#else
#include "linux/types.h"
#define GFP_KERNEL ((gfp_t)0x01)
#define GFP_ATOMIC ((gfp_t)0x02)
#define GFP_NOWAIT ((gfp_t)0x04)
#define GFP_NOIO ((gfp_t)0x08)
#define GFP_NOFS ((gfp_t)0x10)
#define GFP_DMA ((gfp_t)0x20)
#define __GFP_ZERO ((gfp_t)0x100)
#define __GFP_NOWARN ((gfp_t)0x200)
#endif
#endif /* LS__LINUX_GFP_H */
