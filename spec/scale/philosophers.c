/*
 * philosophers.c - N dining philosophers: a benchmark of how the model
 * grows with threads (not in make check's corpus; see harness/bench/).
 *
 * Philosopher i eats with fork i on its left and fork (i+1)%N on its
 * right.  N defaults to 3; `lockspin check -DN=9 spec/scale/philosophers.c`
 * scales it.
 *
 *  Possible unsafe locking scenario (bad), N = 3:
 *
 *        phil0           phil1           phil2
 *        ----            ----            ----
 *   lock(fork[0]);
 *                   lock(fork[1]);
 *                                   lock(fork[2]);
 *   lock(fork[1]);
 *                   lock(fork[2]);
 *                                   lock(fork[0]);
 *
 *  *** DEADLOCK ***
 *
 * The ok twin: the last philosopher takes its right fork (fork 0) first,
 * so every philosopher takes the lower-numbered fork first and there is
 * no cycle.
 */
#include "lockspin.h"

#ifndef N
#define N 3
#endif

LS_VARIANT(bad, "BAD", "deadlock", "every philosopher takes its left fork, then its right");
LS_VARIANT(ok, "", "ok", "the last philosopher takes its right fork first: lower fork first for all");

struct fork {
	ls_mutex_t lock;
};

/* LS_RANGE takes literal numbers, so the range is a bound on N */
_Static_assert(N >= 2 && N <= 16, "philosophers.c models 2 to 16 philosophers");

struct phil {
	int id LS_STATE LS_RANGE(0, 15);
};

static struct fork forks[N];
static struct phil phils[N];

static void philosopher(void *arg)
{
	struct phil *p = arg;
	int left = p->id;
	int right = (p->id + 1) % N;

#ifndef BAD
	if (right < left) {	/* only the last one: its right fork is fork 0 */
		int t = left;
		left = right;
		right = t;
	}
#endif
	ls_mutex_lock(&forks[left].lock);
	ls_mutex_lock(&forks[right].lock);	/* eat */
	ls_mutex_unlock(&forks[right].lock);
	ls_mutex_unlock(&forks[left].lock);
}

/* the scenario is straight-line code and sets all state before the first
 * thread starts, so one line of each per possible philosopher */
#define ID(i) phils[i].id = i
#define PHIL(i) ls_thread(philosopher, &phils[i])

LS_SCENARIO
{
	ID(0);
	ID(1);
#if N > 2
	ID(2);
#endif
#if N > 3
	ID(3);
#endif
#if N > 4
	ID(4);
#endif
#if N > 5
	ID(5);
#endif
#if N > 6
	ID(6);
#endif
#if N > 7
	ID(7);
#endif
#if N > 8
	ID(8);
#endif
#if N > 9
	ID(9);
#endif
#if N > 10
	ID(10);
#endif
#if N > 11
	ID(11);
#endif
#if N > 12
	ID(12);
#endif
#if N > 13
	ID(13);
#endif
#if N > 14
	ID(14);
#endif
#if N > 15
	ID(15);
#endif
	PHIL(0);
	PHIL(1);
#if N > 2
	PHIL(2);
#endif
#if N > 3
	PHIL(3);
#endif
#if N > 4
	PHIL(4);
#endif
#if N > 5
	PHIL(5);
#endif
#if N > 6
	PHIL(6);
#endif
#if N > 7
	PHIL(7);
#endif
#if N > 8
	PHIL(8);
#endif
#if N > 9
	PHIL(9);
#endif
#if N > 10
	PHIL(10);
#endif
#if N > 11
	PHIL(11);
#endif
#if N > 12
	PHIL(12);
#endif
#if N > 13
	PHIL(13);
#endif
#if N > 14
	PHIL(14);
#endif
#if N > 15
	PHIL(15);
#endif
}
