#ifndef XEN_BITOPS_H
#define XEN_BITOPS_H
#include <asm/bitops.h>
#define for_each_set_bit(bit, addr, size)               \
    for ( (bit) = find_first_bit(addr, size);           \
          (bit) < (size);                               \
          (bit) = find_next_bit(addr, size, (bit) + 1) )
#endif
