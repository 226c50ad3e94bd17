/*
 * proc.h - the one process runner (proc.c): spin, cc, pan and the native
 * program all run through proc_run.
 */
#ifndef LS_PROC_H
#define LS_PROC_H

#include "util.h"

/* Where the child's standard output and error go. */
typedef enum ProcOutput {
	PROC_CAPTURE, /* both into ProcResult.output (stdin is /dev/null unless input) */
	PROC_INHERIT, /* lockspin's own stdout and stderr */
	PROC_DISCARD, /* /dev/null */
} ProcOutput;

typedef struct ProcOptions {
	const char *dir;            /* run in this directory; NULL: here */
	const char *input;          /* text on standard input; NULL: /dev/null
	                             * when capturing, else lockspin's own */
	ProcOutput output;
	const char *phase;          /* $LOCKSPIN_PHASES: the phase it counts in;
	                             * NULL: the program's name (proc.c) */
	/* Both only with PROC_CAPTURE (the runner waits on the output): */
	int time_limit;             /* seconds, 0: none; then SIGKILL, timed_out */
	const char *progress_label; /* once past 1 s, say how long (and pan's
	                             * "States=" count so far) */
} ProcOptions;

typedef struct ProcResult {
	char *output;     /* stdout + stderr with PROC_CAPTURE, else "" */
	int status;       /* exit status, or 128 + signal */
	bool timed_out;
	bool exec_failed; /* exit status 127: the program could not be run */
} ProcResult;

/* Run argv[0] (searched on PATH) with argv; waits for it to end. */
ProcResult proc_run(char *const argv[], const ProcOptions *o);

#endif
