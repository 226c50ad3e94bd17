/*
 * native.h - running a spec natively against the harness (native.c).
 */
#ifndef LS_NATIVE_H
#define LS_NATIVE_H

#include "ir.h"

/* `lockspin run FILE.c ...` (argv as given to main). */
int native_run(int argc, char **argv);
/* Replay schedule `runs` times on the real code; true if every run confirmed. */
bool native_confirm(const IrProgram *p, const IrVariant *v, const char *work, const PtrVec *cargs,
		    const char *schedule,
		    int runs, int *confirmed);

#endif
