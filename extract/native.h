/*
 * native.h - running a spec natively against the harness (native.c).
 */
#ifndef LS_NATIVE_H
#define LS_NATIVE_H

#include "stages.h"

/* What `lockspin run` was asked (main.c parses it). */
typedef struct NativeOptions {
	const char *work;      /* builds and the scratch pan */
	const char *results;   /* where check wrote order.txt */
	const char *replay;    /* a results directory or schedule.txt; NULL: stress */
	const PtrVec *cargs;   /* -I/-D, for the native compiler too */
	const PtrVec *pass;    /* --iterations, --seed, --validate, --timeout, --quiet for the driver */
	SpinOptions search;    /* when order.txt must be made again */
} NativeOptions;

/* `lockspin run`: build p's spec natively, stress it (and compare the lock
 * order it takes with the model's, order.txt) or replay a schedule. */
int native_run(const IrProgram *p, const IrVariant *v, const NativeOptions *o);
/* Replay schedule `runs` times on the real code; true if every run
 * confirmed.  *unreproducible (NULL: none): the error of a run that
 * reached what the model assumes and the native program cannot do.
 * reuse: a replay of the same program bytes, schedule and runs that
 * confirmed every run before is not run again (then *reused). */
bool native_confirm(const IrProgram *p, const IrVariant *v, const char *work, const PtrVec *cargs,
		    const char *schedule, int runs, bool reuse, int *confirmed, const char **unreproducible,
		    bool *reused);

/* s as a C string literal, quotes and backslashes escaped. */
void native_c_string(StrBuf *sb, const char *s);
/* "ls__check(cond, verdict, text, __FILE__, line)": a run-time check's native twin */
const char *native_check_call(const IrNativeCheck *nc);
/* the same check at the same place (made again by each inlined copy) */
bool native_check_same(const IrNativeCheck *a, const IrNativeCheck *b);

/* A side-car program natively (native_side.c): the wrapper (copies of its
 * files written into dir, with points the replay's, then the side-car's
 * changes) and the flags its unit needs; false after an error.
 * native_side_bind: in ls_registry(), before the scenario, the
 * LS_POINTS_TO fields, the list heads, the ranges' starts and the ops
 * tables. */
bool native_side_wrapper(const IrProgram *p, const char *dir, bool points, StrBuf *out, PtrVec *flags);
void native_side_bind(const IrProgram *p, StrBuf *out);
/* Build it (argv NULL-terminated, input on stdin), with stubs that abort for
 * functions only unreached code calls and no file given defines; the status. */
int native_side_spawn(PtrVec *argv, const char *input, const char *dir, const char *cc);

#endif
