/*
 * asm/nospec.h - over an upstream Xen tree (LS_UPSTREAM): the real header
 * first, for what else it declares, with its speculation barriers renamed
 * away while it is read: Xen defines block_speculation() and
 * evaluate_nospec() as inline functions (an `alternative()` lfence on
 * x86), xen/lib.h has block_speculation() as a macro already, and a
 * barrier orders nothing the model has.  evaluate_nospec(c) is c.
 */
#ifndef LS__ASM_NOSPEC_H
#define LS__ASM_NOSPEC_H

#include "xen/lib.h"

#if defined(LS_UPSTREAM) && __has_include_next(<asm/nospec.h>)
#undef block_speculation
#define block_speculation ls__upstream_block_speculation
#define evaluate_nospec ls__upstream_evaluate_nospec
#include_next <asm/nospec.h>
#undef block_speculation
#undef evaluate_nospec
#endif

#define block_speculation() ((void)0)
#define evaluate_nospec(c) (!!(c))

#endif /* LS__ASM_NOSPEC_H */
