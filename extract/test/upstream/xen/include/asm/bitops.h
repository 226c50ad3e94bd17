#ifndef _ARM_BITOPS_H
#define _ARM_BITOPS_H
/* the shapes of Xen's ARM bit operations: the atomic ones out of line
 * (arch/arm/lib/bitops.c, exclusive loads and stores), test_bit inline over
 * 32-bit words, fls() the clz instruction and ffs() a macro over it */
#define __set_bit(n,p)            set_bit(n,p)
#define __clear_bit(n,p)          clear_bit(n,p)
#define BITS_PER_WORD           32
#define BIT_MASK(nr)            (1UL << ((nr) % BITS_PER_WORD))
#define BIT_WORD(nr)            ((nr) / BITS_PER_WORD)
void set_bit(int nr, volatile void *p);
void clear_bit(int nr, volatile void *p);
int test_and_set_bit(int nr, volatile void *p);
int test_and_clear_bit(int nr, volatile void *p);
static inline int test_bit(int nr, const volatile void *addr)
{
    const volatile unsigned int *p = (const volatile unsigned int *)addr;
    return 1UL & (p[BIT_WORD(nr)] >> (nr & (BITS_PER_WORD-1)));
}
static inline int fls(unsigned int x)
{
    int ret;

    asm("clz\t%w0, %w1" : "=r" (ret) : "r" (x));
    return 32 - ret;
}
#define ffs(x) ({ unsigned int __t = (x); fls(__t & -__t); })
/* arm64: the bitmap searches out of line (arch/arm/lib/find_next_bit.c),
 * find_first_bit() a macro over them */
#ifndef find_next_bit
extern unsigned long find_next_bit(const unsigned long *addr, unsigned long size, unsigned long offset);
#endif
#ifndef find_next_zero_bit
extern unsigned long find_next_zero_bit(const unsigned long *addr, unsigned long size, unsigned long offset);
#endif
#define find_first_bit(addr, size) find_next_bit((addr), (size), 0)
#define find_first_zero_bit(addr, size) find_next_zero_bit((addr), (size), 0)
static inline unsigned int find_first_set_bit(unsigned long word)
{
    return __builtin_ctzl(word);
}
#endif
