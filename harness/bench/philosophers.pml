/* Hand-minimal model of spec/scale/philosophers.c: N dining philosophers,
 * philosopher i takes fork i then fork (i+1)%N.  spin -a -DN=5 scales it.
 * Default: everyone takes left then right: a deadlock (pan's "invalid end
 * state").  -DOK: the last philosopher takes fork 0 first: no deadlock. */
#ifndef N
#define N 3
#endif
#define LEFT  (_pid)
#define RIGHT ((_pid + 1) % N)
#ifdef OK
#define FIRST  (_pid == N - 1 -> RIGHT : LEFT)
#define SECOND (_pid == N - 1 -> LEFT : RIGHT)
#else
#define FIRST  LEFT
#define SECOND RIGHT
#endif
bool fork[N];
#define LOCK(l)   atomic { !fork[l] -> fork[l] = true }
#define UNLOCK(l) fork[l] = false
active [N] proctype phil() { LOCK(FIRST); LOCK(SECOND); UNLOCK(SECOND); UNLOCK(FIRST) }
