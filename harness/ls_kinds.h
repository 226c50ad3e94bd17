/*
 * ls_kinds.h - the lock kinds, defined once for the extractor and the
 * harness alike (an X-macro table, as cproc's tokens.h).  Each user defines
 * LS_KIND(ID, VALUE, WORD) and includes this file:
 *   extract/ir.h         enum IrLockKind: LK_<ID> = VALUE
 *   extract/ir.c         ir_lock_kind_name(): WORD (--dump=ir, models, errors)
 *   harness/lockspin.h   LS_K_<ID> = VALUE, the kind argument of every lock call
 * VALUE is what the registry `lockspin run` generates passes from the model
 * to the runtime (ls_register_lock), so both sides must read the same line.
 * Adding a kind is one line here (then its semantics in the lowering, the
 * Promela and the runtime).  No include guard: included once per use.
 */
/*     ID      VALUE  WORD */
LS_KIND(MUTEX,  1,    "mutex")     /* sleeping, exclusive */
LS_KIND(SPIN,   2,    "spinlock")  /* spinning, exclusive */
LS_KIND(RWLOCK, 3,    "rwlock")    /* Linux rwlock_t: readers share, recursive readers; writer waits for readers */
LS_KIND(RWSEM,  4,    "rwsem")     /* rw_semaphore: as rwlock, and a waiting writer blocks new readers */
