/*
 * pool.c - code in Xen's style over the fake tree's headers (written for
 * lockspin's tests): it uses what those headers declare besides the
 * locking API (atomic_t, struct lock_profile_qhead, DIV_ROUND_UP, memset,
 * the per-CPU cpu_id behind smp_processor_id()), so it
 * parses only when lockspin's lock-API headers layer over the tree's.
 */
#include <xen/lib.h>
#include <xen/spinlock.h>
#include <xen/rwlock.h>
#include <xen/percpu.h>
#include <xen/list.h>
#include <asm/atomic.h>
#include <asm/smp.h>

struct pool {
    spinlock_t lock;
    rwlock_t map_lock;
    atomic_t refcnt;
    struct lock_profile_qhead profile;
    struct list_head entries;
    unsigned int nr_slots;
    unsigned int busy;
};

struct pool pools[2];
static DEFINE_PER_CPU(unsigned int, nr_grabs);

static inline void pool_flush_cache(void)
{
    asm volatile ( "dc civac, %0" :: "r" (0) : "memory" );
}

void pool_reset(struct pool *p)
{
    memset(&p->profile, 0, sizeof(p->profile));
    p->nr_slots = DIV_ROUND_UP(p->nr_slots, 8);
    pool_flush_cache();
}

/* the pool's lock, then the other pool's map */
void pool_grab(struct pool *a, struct pool *b)
{
    unsigned long flags;

    spin_lock_irqsave(&a->lock, flags);
    ASSERT(spin_is_locked(&a->lock));
    this_cpu(nr_grabs) = smp_processor_id();
    write_lock(&b->map_lock);
    b->busy = read_atomic(&a->busy) + 1;
    smp_mb();
    write_unlock(&b->map_lock);
    spin_unlock_irqrestore(&a->lock, flags);
}

/* the map, then the pool's lock: the other order */
void pool_remap(struct pool *b, struct pool *a)
{
    write_lock(&b->map_lock);
    spin_lock(&a->lock);
    a->busy = 0;
    spin_unlock(&a->lock);
    write_unlock(&b->map_lock);
}
