/*
 * ls_verdicts.h - the verdicts, defined once for the extractor and the
 * harness alike (an X-macro table, as cproc's tokens.h).  Each user defines
 * LS_VERDICT(ID, NAME) and includes this file:
 *   extract/verdict.h    enum Verdict: V_<ID>, in this order
 *   extract/ir.c         verdict_name() / verdict_parse(): NAME
 *   harness/rt.h         LS_V_<ID>: NAME as a string, what the runtime reports
 *                        and what a schedule's `verdict` line is compared with
 * NAME is the contract: LS_VARIANT expectations, verdict.txt, schedule.txt,
 * SARIF rule ids, the runtime's reports.  Adding a verdict is one line here,
 * before INCONCLUSIVE (the SARIF rules and SUMMARY list them in this order).
 * No include guard: included once per use.
 */
/*         ID                  NAME */
LS_VERDICT(OK,                 "ok")
LS_VERDICT(DEADLOCK,           "deadlock")           /* threads each waiting on a lock another (or itself) holds */
LS_VERDICT(ASSERTION,          "assertion")          /* ls_assert / ls_assert_held / ls_assert_not_held failed */
LS_VERDICT(DOUBLE_UNLOCK,      "double-unlock")      /* release of a lock this thread released before */
LS_VERDICT(UNLOCK_NOT_HELD,    "unlock-not-held")    /* release of a lock this thread never took */
LS_VERDICT(HELD_AT_EXIT,       "held-at-exit")       /* a thread ended holding a lock */
LS_VERDICT(RANK_VIOLATION,     "rank-violation")     /* mm-locks order: rank below the thread's current level */
LS_VERDICT(POTENTIAL_DEADLOCK, "potential-deadlock") /* classes taken in a cyclic order across executions */
LS_VERDICT(LIVELOCK,           "livelock")           /* a non-progress cycle */
LS_VERDICT(OUT_OF_RANGE,       "out-of-range")       /* a store leaves the variable's declared range (LS_RANGE, type) */
LS_VERDICT(NULL_DEREF,         "null-deref")         /* a read or write through a modelled pointer that is NULL */
LS_VERDICT(OUT_OF_BOUNDS,      "out-of-bounds")      /* an array index outside 0..len-1 */
LS_VERDICT(DIV_ZERO,           "division-by-zero")   /* a division or remainder by zero */
LS_VERDICT(IRQ_INVERSION,      "irq-inversion")      /* an interrupt handler takes a lock the CPU it interrupted holds with interrupts enabled */
LS_VERDICT(NO_VIOLATION_FOUND, "no-violation-found") /* swarm: bitstate searches found nothing: not a proof, never "ok" */
LS_VERDICT(INCONCLUSIVE,       "inconclusive")       /* the search did not finish: never "ok" */
