/*
 * lockgraph.h - the lock-order graph (lockgraph.c): which lock classes some
 * execution takes while holding another, and whether that order has a cycle
 * (lockdep's "possible circular locking dependency").
 *
 *   model's order markers --pml_decode_order()--> LockPair[] (lock ids)
 *   LockPair[] --lockgraph_build()--> CheckResult.edges (OrderEdge, class ids)
 *
 * Every producer and consumer of an OrderEdge (spin.c, cache.c, trace.c,
 * `lockspin run`'s conformance check) reads it with the one meaning below.
 */
#ifndef LS_LOCKGRAPH_H
#define LS_LOCKGRAPH_H

#include "ir.h"

/* An edge of the lock-order graph: some explored execution takes a lock of
 * class `to` while holding a lock of class `from`.  from and to are order
 * classes: IrLockClass ids that are some class's IrLockClass.order_class
 * (LS_CLASS puts several declarations in one), never IrLock ids, because the
 * verdict is about classes.  Each (from, to) pair is one edge, first seen at
 * `loc` (the acquisition of the `to` lock) with the `from` lock taken at
 * from_loc. */
typedef struct OrderEdge {
	int from, to;         /* IrLockClass ids of order classes */
	SrcLoc loc, from_loc;
} OrderEdge;

/* What one order marker of the model tells when an execution reaches it:
 * lock `held` is held while lock `taken` is acquired (IrLock ids), at loc,
 * `held` taken at held_loc (its first acquisition in the same thread). */
typedef struct LockPair {
	int held, taken;      /* IrLock ids */
	SrcLoc loc, held_loc;
} LockPair;

struct CheckResult;
/* Fill r->edges from the reached pairs.  If r is otherwise clean (V_OK), a
 * cycle among locks that block (some thread takes them exclusively) makes it
 * V_POTENTIAL_DEADLOCK, its detail naming the cycle. */
void lockgraph_build(const IrProgram *p, const LockPair *pairs, int npairs, struct CheckResult *r);
/* The first lock (IrLock id) of order class c, to name or take a lock of
 * that class in a hypothetical path; -1 if none. */
int lockgraph_class_lock(const IrProgram *p, int c);

#endif
