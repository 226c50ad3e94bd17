/*
 * pml_emit.h - the emitter's own state and helpers, shared by promela.c
 * (declarations, threads, statements) and pml_lock.c (lock operations):
 * private to the two, like fe.h to the front end.
 */
#ifndef LS_PML_EMIT_H
#define LS_PML_EMIT_H

#include "stages.h"

#define MAXCHOOSE 16

typedef struct Pml {
	const IrProgram *p;
	StrBuf *out;
	const IrThread *t;
	bool ranks, rw, rwsem, order;
	bool irq;          /* some thread is an interrupt handler (IrThread.irq_cpu) */
	const char *mfile; /* the C location the next output line maps to */
	int mline;
	int depth;
	bool *acq;         /* lock ids the current thread may acquire */
	const IrExpr *chooses[MAXCHOOSE];
	int nchooses;
	int loopid[64];    /* enclosing IR loops (statement ids), for continue */
	bool loopafter[64];
	int nloops;
	PmlMap *map;       /* what is emitted, for the decoders */
	int markers_cap;
	bool *written;     /* by IrVar id: some thread assigns it (else it is a constant) */
	bool in_atomic;    /* emitting inside an atomic block */
	bool started;      /* the current thread has a statement emitted (pml_lock_on) */
	const IrStmt *lead; /* a thread's statements before its first acquisition
			     * that run inside its atomic (pml_lead), up to it */
	bool dispatch;     /* emitting the arms of a dynamic lock reference */
	signed char *held; /* by statement id * nlocks: what the thread holds of each
			    * lock entering that lock operation (pml_held_flow) */
} Pml;

/* The Promela statement that prints tag: TAG(PML_TAG_DONE, id). */
const char *pml_print_tag(const char *tag);
#define TAG(...) pml_print_tag(xprintf(__VA_ARGS__))

/* promela.c */
const char *pml_var_name(const IrProgram *p, int id);
const char *pml_local_name(const IrThread *t, int id);
void pml_line(Pml *m, SrcLoc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The condition under which a dynamic lock reference denotes lock id. */
void pml_lockref_match(Pml *m, const IrExpr *ref, int id, StrBuf *sb);
void pml_map_marker(Pml *m, int stmt, int held, int taken, bool implied);
void pml_stmt(Pml *m, const IrStmt *s);

/* pml_lock.c: one lock operation (S_LOCK), on a constant lock or through a
 * dynamic reference (a dispatch over the locks it may denote). */
void pml_emit_lock(Pml *m, const IrStmt *s);

#endif
