#ifndef __LINUX_RWLOCK_TYPES_H
#define __LINUX_RWLOCK_TYPES_H
typedef struct qrwlock {
	atomic_t cnts;
	arch_spinlock_t wait_lock;
} arch_rwlock_t;
typedef struct {
	arch_rwlock_t raw_lock;
	unsigned int magic, owner_cpu;
	void *owner;
} rwlock_t;
#define __RW_LOCK_UNLOCKED(lockname) (rwlock_t) { .raw_lock = { { 0 }, { { 0 } } }, .magic = 0xdeaf1eed }
#define DEFINE_RWLOCK(x)	rwlock_t x = __RW_LOCK_UNLOCKED(x)
#endif
