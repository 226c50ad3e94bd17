/* ls__pop.h - restore what linux/ls__push.h pushed.  No guard. */
#pragma pop_macro("spinlock")
#pragma pop_macro("spinlock_t")
#pragma pop_macro("raw_spinlock")
#pragma pop_macro("raw_spinlock_t")
#pragma pop_macro("rwlock_t")
#pragma pop_macro("mutex")
#pragma pop_macro("rw_semaphore")
#pragma pop_macro("LS__READING")
