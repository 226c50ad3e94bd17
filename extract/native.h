/*
 * native.h - running a spec natively against the harness (native.c).
 */
#ifndef LS_NATIVE_H
#define LS_NATIVE_H

#include "ir.h"

/* `lockspin run FILE.c ...` (argv as given to main). */
int native_run(int argc, char **argv);
/* The generated wrapper: the spec, then ls_registry() for its locks. */
void native_wrapper(const IrProgram *p, StrBuf *out);
/* Build the native program of one variant under work/; returns its path. */
const char *native_build(const IrProgram *p, const IrVariant *v, const char *work);
/* Replay schedule `runs` times on the real code; true if every run confirmed. */
bool native_confirm(const IrProgram *p, const IrVariant *v, const char *work, const char *schedule,
		    int runs, int *confirmed);

#endif
