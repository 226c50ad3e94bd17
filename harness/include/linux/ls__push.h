/* ls__push.h - push the lock type names a tree's lock headers define
 * (linux/ls__rename.h), to be restored by linux/ls__pop.h.  No guard: each
 * include pushes once. */
#pragma push_macro("spinlock")
#pragma push_macro("spinlock_t")
#pragma push_macro("raw_spinlock")
#pragma push_macro("raw_spinlock_t")
#pragma push_macro("rwlock_t")
#pragma push_macro("mutex")
#pragma push_macro("rw_semaphore")
#pragma push_macro("LS__READING")
