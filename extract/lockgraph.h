/*
 * lockgraph.h - the lock-order graph (lockgraph.c): which lock classes some
 * execution takes while holding another, and whether that order has a cycle
 * (lockdep's "possible circular locking dependency").
 *
 *   model's order markers --pml_decode_order()--> LockPair[] (lock ids)
 *   LockPair[] --lockgraph_build()--> CheckResult.edges (OrderEdge, class ids)
 *   CheckResult --lockgraph_of_result()--> LockGraph --lockgraph_write()--> order.txt
 *   order.txt --lockgraph_read()--> LockGraph (`lockspin run`'s conformance check)
 *
 * Every producer and consumer of an OrderEdge (spin.c, cache.c, trace.c,
 * order.txt, `lockspin run`'s conformance check) reads it with the one
 * meaning below; order.txt is the same graph in a file, not another one.
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
	/* lockdep's subclasses (mutex_lock_nested) of the two: (class,
	 * subclass) is a node of the graph, so `from` and `to` may be one class.
	 * order.txt and the runtime's edge log are per class (no subclass) */
	int from_sub, to_sub;
} OrderEdge;

/* What one order marker of the model tells when an execution reaches it:
 * lock `held` is held while lock `taken` is acquired (IrLock ids), at loc,
 * `held` taken at held_loc (its first acquisition in the same thread). */
typedef struct LockPair {
	int held, taken;      /* IrLock ids */
	SrcLoc loc, held_loc;
	int stmt;             /* the acquisition of `taken` (IR statement id), 0: unknown */
} LockPair;

/* The lock-order graph of one search of a model: its edges, and whether the
 * search that found them finished (an unfinished one may lack edges, so it
 * cannot tell that the model never takes an order).  A view of a
 * CheckResult, or what order.txt holds. */
typedef struct LockGraph {
	const OrderEdge *edges;
	int nedges;
	bool complete;
	const char *incomplete_why;
} LockGraph;

struct CheckResult;
/* Fill r->edges from the reached pairs.  If r is otherwise clean (V_OK), a
 * cycle among locks that block (some thread takes them exclusively) makes it
 * V_POTENTIAL_DEADLOCK, its detail naming the cycle. */
void lockgraph_build(const IrProgram *p, const LockPair *pairs, int npairs, struct CheckResult *r);
/* Whether some lock operation of p has a subclass (IrStmt.subclass). */
bool lockgraph_nests(const IrProgram *p);
/* The first lock (IrLock id) of order class c, to name or take a lock of
 * that class in a hypothetical path; -1 if none. */
int lockgraph_class_lock(const IrProgram *p, int c);

/* The graph of a search (CheckResult.edges and its completeness). */
LockGraph *lockgraph_of_result(const struct CheckResult *r);
/* The graph as order.txt (lockgraph.c documents the format), for the model
 * text it was searched from. */
void lockgraph_write(const IrProgram *p, const char *model_text, const LockGraph *g, StrBuf *out);
/* The graph order.txt at path holds, when it was made from this model text
 * of p; else NULL and *why says why ("absent", "malformed" after a warning,
 * "stale: ..."). */
LockGraph *lockgraph_read(const char *path, const IrProgram *p, const char *model_text, const char **why);
/* A place as order.txt writes it: "spec/x.c:16", "-:0" for none. */
const char *lockgraph_at(SrcLoc loc);

#endif
