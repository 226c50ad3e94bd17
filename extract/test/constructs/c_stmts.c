/*
 * c_stmts.c - the C statements the front end models, each with a bad
 * variant that only that statement's exact lowering catches, and one ok
 * twin for all: labels and goto, do-while (and its test, which reads what
 * the body assigned), while, for, switch, break, continue, the empty
 * statement, a block with a declaration, and inline assembly (no effect on
 * the model, listed by --explain).
 * extract/test/constructs.sh checks every verdict.
 */
#include "lockspin.h"

LS_VARIANT(goto_label, "BAD_GOTO", "held-at-exit", "goto out skips the unlock");
LS_VARIANT(do_while, "BAD_DO", "deadlock", "a do-while body runs once before its test");
LS_VARIANT(while_loop, "BAD_WHILE", "assertion", "while runs its body until the test fails");
LS_VARIANT(for_loop, "BAD_FOR", "assertion", "for runs init, test, body, step");
LS_VARIANT(switch_break, "BAD_SWITCH", "deadlock", "a case without break falls through");
LS_VARIANT(continue_stmt, "BAD_CONTINUE", "deadlock", "continue skips the unlock: the next lock waits for itself");
LS_VARIANT(null_stmt, "BAD_NULL", "deadlock", "an empty statement is the loop's whole body");
LS_VARIANT(asm_stmt, "BAD_ASM", "deadlock", "inline assembly does not release the lock");
LS_VARIANT(ok, "", "ok", "every statement used as C means it");

static ls_mutex_t m;
static int x LS_STATE LS_RANGE(0, 3);

static void t1(void *arg)
{
	int i, n, v, seen;

	(void)arg;
	/* goto and labels */
	ls_mutex_lock(&m);
#ifdef BAD_GOTO
	if (x == 0)
		goto out;
#endif
	ls_mutex_unlock(&m);
	if (x == 3)
		goto out;	/* never: x is 0 */
	goto next;
out:
	return;
next:
	/* do-while */
	do {
		ls_mutex_lock(&m);
#ifndef BAD_DO
		ls_mutex_unlock(&m);
#endif
	} while (0);
#ifdef BAD_DO
	ls_mutex_lock(&m);
#endif
	/* a do-while test reads what its body assigned (v has no value
	 * before the loop): twice round, exactly */
	seen = 0;
	do {
		v = seen + 1;
		seen++;
	} while (v < 2);
	ls_assert(seen == 2);
	/* while */
	n = 0;
	while (n < 3)
		n++;
#ifdef BAD_WHILE
	ls_assert(n == 2);
#else
	ls_assert(n == 3);
#endif
	/* for */
	n = 0;
	for (i = 0; i < 2; i++)
		n = n + 2;
#ifdef BAD_FOR
	ls_assert(n == 2);
#else
	ls_assert(n == 4 && i == 2);
#endif
	/* switch and break */
	switch (ls_choose(3)) {
	case 0:
		ls_mutex_lock(&m);
#ifndef BAD_SWITCH
		break;
#endif
	case 1:
		ls_mutex_lock(&m);
		break;
	default:
		ls_mutex_lock(&m);
		break;
	}
	ls_mutex_unlock(&m);
	/* continue */
	for (i = 0; i < 2; i++) {
		ls_mutex_lock(&m);
#ifdef BAD_CONTINUE
		if (i == 1)
			continue;
#endif
		ls_mutex_unlock(&m);
	}
	/* the empty statement */
	ls_mutex_lock(&m);
	for (i = 0; i < 1; i++)
		;
#ifdef BAD_NULL
	ls_mutex_lock(&m);	/* after the loop: the empty statement was its body */
#else
	ls_mutex_unlock(&m);
#endif
	/* a block with its own declaration */
	{
		int k = 1;
		(void)k;
	}
	/* inline assembly */
	ls_mutex_lock(&m);
	__asm__ volatile("" ::: "memory");
#ifdef BAD_ASM
	ls_mutex_lock(&m);
#endif
	ls_mutex_unlock(&m);
}

LS_SCENARIO
{
	ls_thread(t1, NULL);
}
