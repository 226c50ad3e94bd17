/*
 * pml_flow.h - what the emitter (promela.c) knows of a thread before it
 * writes it: which values are constants (pml_fold_thread) and what the
 * thread holds at each lock operation (pml_held_flow).  Both only let
 * promela.c write fewer states for the same behaviour; neither changes
 * what any run of the model does.
 */
#ifndef LS_PML_FLOW_H
#define LS_PML_FLOW_H

#include "ir.h"

#define HELD_ANY (-1) /* pml_held_flow: the count depends on the run */

/* The value of a read of state no thread writes (written[var] false):
 * init's, into *value; false if e is not such a read. */
bool pml_var_const(const IrProgram *p, const bool *written, const IrExpr *e, int *value);

/* A copy of t's body with every expression folded where its value is the
 * same in every run that reaches it: reads of state no thread writes,
 * locals whose last assignment is a constant on every path, and
 * operators over constants.  Statement ids and locations stay: the copy is
 * what is emitted, the original what the decoders name. */
IrStmt *pml_fold_thread(const IrProgram *p, const IrThread *t, const bool *written);

/* For every lock operation N of body: held[N * nlocks + id] is what the
 * thread holds of lock id (exclusive and shared together) entering N, the
 * same in every run, or HELD_ANY. */
void pml_held_flow(const IrProgram *p, const IrStmt *body, signed char *held);

#endif
