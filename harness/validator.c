/*
 * validator.c - the checks and their reports.
 *
 *   rank-violation      mm-locks levels (the check itself is inline in runtime.c)
 *   potential-deadlock  lockdep-style class graph: an edge that closes a cycle
 *   deadlock            wait-for graph of blocked threads: a cycle is reported
 *                       and the process _exit()s with RT_EXIT_DEADLOCK
 *   double-unlock, unlock-not-held, held-at-exit, assertion
 *   out-of-range, null-deref, out-of-bounds, division-by-zero: ls__check()
 *                       (runtime.c) in a replay's instrumented copy
 *
 * Everything here is a slow path and may take val_lock.  The only fast-path
 * data is the edge matrix, read without a lock: a set bit means "this
 * (from, to) pair was seen with these read/write sides before".
 *
 * A report goes to stderr (unless quiet) as
 *     lockspin: <verdict>: <detail>
 *       <indented lines with file:line>
 * to the driver's pipe as the machine line followed by the text with "| "
 * in front of each line, and to $LOCKSPIN_REPORT (appended) as the machine
 * line alone:  <verdict> <thread id> <file>:<line> <detail>
 * Each distinct problem (verdict and site, or cycle) is reported once.
 * That is the default sink (val_print_sink); replay.c installs its own,
 * which prints the same and ends the run once the report is the one its
 * schedule asks about.  The validator knows nothing of replay.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "rt.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int ls__val_mode = VAL_FULL;
static bool val_quiet;
static int val_fd = -1;
static int val_file_fd = -2; /* -2: $LOCKSPIN_REPORT not looked at yet */
static unsigned val_count;
static pthread_mutex_t val_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t val_dl_lock = PTHREAD_MUTEX_INITIALIZER;

#define VAL_MAX_KEYS 256
static char *val_keys[VAL_MAX_KEYS];
static int val_nkeys;

int val_set_mode(const char *s)
{
	if (!strcmp(s, "off"))
		ls__val_mode = VAL_OFF;
	else if (!strcmp(s, "ranks"))
		ls__val_mode = VAL_RANKS;
	else if (!strcmp(s, "full"))
		ls__val_mode = VAL_FULL;
	else
		return EINVAL;
	rt_fmode_update();
	return 0;
}

void val_set_report_fd(int fd) { val_fd = fd; }
void val_set_quiet(bool q) { val_quiet = q; }
unsigned val_nreports(void) { return __atomic_load_n(&val_count, __ATOMIC_RELAXED); }

static void val_write_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

/* Caller holds val_lock.  Returns false if key was reported before. */
static bool val_first(const char *key)
{
	for (int i = 0; i < val_nkeys; i++)
		if (!strcmp(val_keys[i], key))
			return false;
	if (val_nkeys < VAL_MAX_KEYS)
		val_keys[val_nkeys++] = strdup(key);
	return true;
}

/* The default sink: the text to stderr (unless quiet), the machine lines
 * to $LOCKSPIN_REPORT and both to the driver's pipe.  Never ends the run. */
static bool val_print(const char *machine, const char *text)
{
	if (!val_quiet) {
		fputs(text, stderr);
		fflush(stderr);
	}
	if (val_file_fd == -2) {
		const char *p = getenv("LOCKSPIN_REPORT");
		val_file_fd = p && *p ? open(p, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644) : -1;
	}
	if (val_file_fd >= 0)
		val_write_all(val_file_fd, machine, strlen(machine));
	if (val_fd >= 0) {
		char buf[8192];
		size_t n = (size_t)snprintf(buf, sizeof buf, "%s", machine);
		for (const char *s = text; *s && n < sizeof buf - 4;) {
			const char *e = strchr(s, '\n');
			size_t len = e ? (size_t)(e - s + 1) : strlen(s);
			n += (size_t)snprintf(buf + n, sizeof buf - n, "| %.*s", (int)len, s);
			s += len;
		}
		if (n >= sizeof buf)
			n = sizeof buf - 1;
		val_write_all(val_fd, buf, n);
	}
	return false;
}

const struct val_sink val_print_sink = { val_print };
static const struct val_sink *val_sink = &val_print_sink;

void val_set_sink(const struct val_sink *s) { val_sink = s ? s : &val_print_sink; }

/* Emit one report: text is the human form (first line included, each line
 * ending in '\n'); machine lines are one or more "<verdict> <tid> ..." lines. */
static void val_emit(const char *key, const char *machine, const char *text)
{
	pthread_mutex_lock(&val_lock);
	if (!val_first(key)) {
		pthread_mutex_unlock(&val_lock);
		return;
	}
	val_count++;
	bool done = val_sink->report(machine, text);
	pthread_mutex_unlock(&val_lock);
	/* The sink says the run has its answer: threads that would run on (a
	 * steady writer's endless loop) must not keep it alive until the
	 * watchdog. */
	if (done) {
		fflush(NULL);
		_exit(1);
	}
}

static const char *val_tname(const struct rt_thread *t)
{
	return t->fname ? t->fname : "(not a scenario thread)";
}

void val_report(const char *verdict, const struct rt_thread *t, const char *file, int line,
		const char *detail, const char *fmt, ...)
{
	char head[512], key[512], machine[1024], text[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(head, sizeof head, fmt, ap);
	va_end(ap);
	snprintf(key, sizeof key, "%s %s:%d", verdict, file, line);
	snprintf(machine, sizeof machine, "%s %d %s:%d %s\n", verdict, t->id, file, line, detail);
	snprintf(text, sizeof text, "lockspin: %s: %s\n  thread %d (%s) at %s:%d\n",
		 verdict, head, t->id, val_tname(t), file, line);
	val_emit(key, machine, text);
}

void val_diverged(const struct rt_thread *t, const char *file, int line, const char *fmt, ...)
{
	char detail[512], machine[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	snprintf(machine, sizeof machine, "diverged %d %s:%d %s\n", t ? t->id : -1, file, line, detail);
	val_emit("diverged", machine, "");
}

/* ---- ranks ----------------------------------------------------------- */

void val_rank_violation(struct rt_thread *t, struct ls__lockrt *l, int rank, const char *file, int line)
{
	char nb[64], ob[64], detail[128], text[2048], key[512], machine[1024];
	snprintf(detail, sizeof detail, "mm locking order violation: %d > %d", t->f.level, rank);
	int n = snprintf(text, sizeof text, "lockspin: rank-violation: %s\n"
			 "  thread %d (%s) takes %s (rank %d) at %s:%d\n", detail, t->id,
			 val_tname(t), rt_lock_name(l, nb, sizeof nb), rank, file, line);
	for (int i = t->f.nheld - 1; i >= 0; i--) {
		struct ls__held *h = &t->f.held[i];
		if ((h->flags & LS__H_RAISED) && rt_eff_rank(h->lock) == t->f.level) {
			snprintf(text + n, sizeof text - (size_t)n, "  level %d set by %s taken at %s:%d\n",
				 t->f.level, rt_lock_name(h->lock, ob, sizeof ob), h->file, h->line);
			break;
		}
	}
	snprintf(key, sizeof key, "%s %s:%d", LS_V_RANK_VIOLATION, file, line);
	snprintf(machine, sizeof machine, "%s %d %s:%d %s\n", LS_V_RANK_VIOLATION, t->id, file, line, detail);
	val_emit(key, machine, text);
}

void val_irq_inversion(struct rt_thread *t, struct ls__lockrt *l, int cpu, bool in_handler, bool soft, const char *file,
		       int line)
{
	char nb[64], detail[256];
	const char *name = rt_lock_name(l, nb, sizeof nb);
	const struct rt_thread *c = &rt_threads[cpu];
	/* lockdep's SOFTIRQ-safe -> SOFTIRQ-unsafe is the same rule */
	const char *h = soft ? "softirq handler" : "interrupt handler", *on = soft ? "softirqs" : "interrupts",
		   *rule = soft ? "softirq-safe -> softirq-unsafe" : "irq-safe -> irq-unsafe";
	if (in_handler)
		snprintf(detail, sizeof detail, "%s is taken in %s %s and with %s enabled by "
			 "thread %d (%s), the CPU it interrupts (%s)", name, h, val_tname(t), on, cpu,
			 val_tname(c), rule);
	else
		snprintf(detail, sizeof detail, "%s is taken with %s enabled and in %s %s of "
			 "this CPU (%s)", name, on, soft ? "a" : "an", h, rule);
	val_report(LS_V_IRQ_INVERSION, t, file, line, detail, "%s", detail);
}

void val_bad_unlock(struct rt_thread *t, struct ls__lockrt *l, bool twice, const char *file, int line)
{
	char nb[64], detail[256];
	const char *name = rt_lock_name(l, nb, sizeof nb);
	snprintf(detail, sizeof detail, twice ? "release of %s, released before by this thread"
		 : "release of %s, not held by this thread", name);
	val_report(twice ? LS_V_DOUBLE_UNLOCK : LS_V_UNLOCK_NOT_HELD, t, file, line, detail, "%s", detail);
}

void val_bad_side(struct rt_thread *t, struct ls__lockrt *l, bool shared, const char *file, int line)
{
	char nb[64], detail[256];
	const char *name = rt_lock_name(l, nb, sizeof nb);
	snprintf(detail, sizeof detail, shared ? "read-release of %s, not held for reading by this thread (held for writing)"
		 : "write-release of %s, not held for writing by this thread (held for reading)", name);
	val_report(LS_V_UNLOCK_NOT_HELD, t, file, line, detail, "%s", detail);
}

void val_held_at_exit(struct rt_thread *t)
{
	char nb[64], detail[256];
	for (int i = 0; i < t->f.nheld; i++) {
		struct ls__held *h = &t->f.held[i];
		snprintf(detail, sizeof detail, "%s ends holding %s", val_tname(t),
			 rt_lock_name(h->lock, nb, sizeof nb));
		val_report(LS_V_HELD_AT_EXIT, t, h->file, h->line, detail, "%s (taken here)", detail);
	}
}

/* ---- the class graph ---------------------------------------------------- */

struct val_edge {
	const char *file, *from_file;
	int line, from_line;
};

static char val_cname[RT_MAX_CLASSES][64];
/* A class is (name, effective rank), as the model's lock-order graph keys
 * its nodes (spin.c spin_order): mm-locks tells locks apart by rank, so a
 * nested p2m lock biased to its own level (LS_RANK_BIAS) is not the host
 * p2m lock of the same declaration.  LS__NO_RANK: unranked. */
static int val_crank[RT_MAX_CLASSES];
/* lockdep's subclass (mutex_lock_nested): (name, rank, subclass) is a class
 * of its own, as the model's graph has a node per subclass (lockgraph.c) */
static int val_csub[RT_MAX_CLASSES];
static int val_ncls;
/* bit (from_shared * 2 + to_shared) set: that pair was seen */
static unsigned char val_pairs[RT_MAX_CLASSES][RT_MAX_CLASSES];
static struct val_edge val_first_edge[RT_MAX_CLASSES][RT_MAX_CLASSES];

/* The class names ls_register_lock gave, by lock.  Resolved to a class at
 * the lock's first acquisition, not at registration: the registry runs
 * before the scenario sets the bias flags, and the model reads a bias
 * flag's value when the threads start. */
#define VAL_MAX_NAMED 1024
static struct {
	const struct ls__lockrt *lock;
	const char *cls;
} val_named[VAL_MAX_NAMED];
static int val_nnamed;

int val_set_class(struct ls__lockrt *l, const char *cls)
{
	int r = 0;
	pthread_mutex_lock(&val_lock);
	int i = 0;
	while (i < val_nnamed && val_named[i].lock != l)
		i++;
	if (i == val_nnamed && val_nnamed < VAL_MAX_NAMED)
		val_nnamed++;
	if (i < val_nnamed)
		val_named[i].lock = l, val_named[i].cls = cls;
	else
		r = ENOSPC;
	pthread_mutex_unlock(&val_lock);
	return r;
}

/* The class of a lock: (its registered class name, else its own name, and
 * its effective rank now).  An unregistered lock is a class of its own. */
int val_class(struct ls__lockrt *l)
{
	int c = __atomic_load_n(&l->cls, __ATOMIC_ACQUIRE);
	if (c)
		return c - 1;
	char nb[64];
	const char *name = rt_lock_name(l, nb, sizeof nb);
	int rank = l->rank ? rt_eff_rank(l) : LS__NO_RANK;
	pthread_mutex_lock(&val_lock);
	for (int i = 0; i < val_nnamed; i++)
		if (val_named[i].lock == l)
			name = val_named[i].cls;
	c = -1;
	for (int i = 0; i < val_ncls && l->name; i++)
		if (!strcmp(val_cname[i], name) && val_crank[i] == rank && !val_csub[i])
			c = i;
	if (c < 0 && val_ncls < RT_MAX_CLASSES) {
		c = val_ncls++;
		snprintf(val_cname[c], sizeof val_cname[c], "%s", name);
		val_crank[c] = rank;
		val_csub[c] = 0;
	}
	if (c < 0)
		c = RT_MAX_CLASSES - 1; /* out of classes: merge, may cost precision */
	pthread_mutex_unlock(&val_lock);
	__atomic_store_n(&l->cls, c + 1, __ATOMIC_RELEASE);
	/* the inline path takes it from now on, unless its rank can move (a
	 * bias flag) or a re-take nests: those stay out of line */
	if (!l->recursive && !l->bias_flag) {
		l->chain0 = ls__chain_next(0, c, false);
		__atomic_store_n(&l->fcls, c + 1, __ATOMIC_RELEASE);
	}
	return c;
}

/* The class of subclass sub of class c (c itself for 0).  Its edges are
 * logged under c's name: order.txt is per class. */
int val_subclass(int c, int sub)
{
	if (sub <= 0)
		return c;
	pthread_mutex_lock(&val_lock);
	int s = -1;
	for (int i = 0; i < val_ncls && s < 0; i++)
		if (!strcmp(val_cname[i], val_cname[c]) && val_crank[i] == val_crank[c] && val_csub[i] == sub)
			s = i;
	if (s < 0 && val_ncls < RT_MAX_CLASSES) {
		s = val_ncls++;
		memcpy(val_cname[s], val_cname[c], sizeof val_cname[s]);
		val_crank[s] = val_crank[c];
		val_csub[s] = sub;
	}
	pthread_mutex_unlock(&val_lock);
	return s < 0 ? c : s;
}

/* A class's name in a report: "p2m_domain.lock (rank 52)" when another
 * class has the same name (the model's "'p2m_domain.lock' (rank 52)"). */
static const char *val_cdisplay(int c, char *buf, size_t n)
{
	char sub[16] = "";
	if (val_csub[c])
		snprintf(sub, sizeof sub, "/%d", val_csub[c]);
	snprintf(buf, n, "%s%s", val_cname[c], sub);
	for (int i = 0; i < val_ncls; i++)
		if (i != c && !strcmp(val_cname[i], val_cname[c]) && val_crank[i] != val_crank[c]) {
			snprintf(buf, n, "%s%s (rank %d)", val_cname[c], sub, val_crank[c]);
			break;
		}
	return buf;
}

/* Is there a path from (start, start_shared) back to `target` that may be
 * followed by an edge leaving target with side from_shared?  Two shared
 * sides in a row at one lock do not block each other (readers share), so
 * states are (class, entered shared).  Fills path (classes, target last). */
static int val_find_cycle(int start, bool start_shared, int target, bool from_shared, int *path)
{
	static int prev[2 * RT_MAX_CLASSES], queue[2 * RT_MAX_CLASSES];
	int n = val_ncls, qh = 0, qt = 0;
	for (int i = 0; i < 2 * n; i++)
		prev[i] = -2;
	int s0 = start * 2 + start_shared;
	prev[s0] = -1;
	queue[qt++] = s0;
	while (qh < qt) {
		int s = queue[qh++], x = s / 2;
		bool in_shared = s & 1;
		if (x == target && !(in_shared && from_shared)) {
			int len = 0;
			for (int p = s; p >= 0; p = prev[p])
				path[len++] = p / 2;
			for (int i = 0; i < len / 2; i++) {
				int tmp = path[i];
				path[i] = path[len - 1 - i];
				path[len - 1 - i] = tmp;
			}
			return len;
		}
		for (int y = 0; y < n; y++) {
			unsigned char bits = __atomic_load_n(&val_pairs[x][y], __ATOMIC_RELAXED);
			for (int combo = 0; combo < 4; combo++) {
				bool fs = combo & 2, ts = combo & 1;
				if (!(bits & (1 << combo)) || (in_shared && fs))
					continue;
				int s2 = y * 2 + ts;
				if (prev[s2] == -2) {
					prev[s2] = s;
					queue[qt++] = s2;
				}
			}
		}
	}
	return 0;
}

static void val_potential_deadlock(struct rt_thread *t, int from, int to, const char *file, int line,
				   const int *path, int len)
{
	/* the cycle: from --> to --> ... --> from; name it from its smallest
	 * class so that one cycle closed at different edges is one problem */
	int cyc[RT_MAX_CLASSES + 1], n = 0;
	cyc[n++] = from;
	for (int i = 0; i < len; i++)
		cyc[n++] = path[i];
	int m = n - 1, best = 0;
	char dn[RT_MAX_CLASSES + 1][96], dto[96], dfrom[96];
	for (int i = 0; i < n; i++)
		val_cdisplay(cyc[i], dn[i], sizeof dn[i]);
	for (int i = 1; i < m; i++)
		if (strcmp(dn[i], dn[best]) < 0)
			best = i;
	char chain[1024], key[1100], text[4096], machine[1300];
	size_t c = 0;
	for (int i = 0; i <= m && c < sizeof chain; i++)
		c += (size_t)snprintf(chain + c, sizeof chain - c, "%s%s", i ? " --> " : "",
				      dn[(best + i) % m]);
	snprintf(key, sizeof key, "%s %s", LS_V_POTENTIAL_DEADLOCK, chain);
	int k = snprintf(text, sizeof text, "lockspin: potential-deadlock: lock order inversion, "
			 "thread %d (%s) takes %s while holding %s at %s:%d\n  Chain exists of:\n    %s\n",
			 t->id, val_tname(t), val_cdisplay(to, dto, sizeof dto), val_cdisplay(from, dfrom, sizeof dfrom), file, line, chain);
	for (int i = 0; i < m && k < (int)sizeof text; i++) {
		int ia = (best + i) % m, ib = (best + i + 1) % m, a = cyc[ia], b = cyc[ib];
		struct val_edge *e = &val_first_edge[a][b];
		k += snprintf(text + k, sizeof text - (size_t)k, "  %s --> %s at %s:%d (%s taken at %s:%d)\n",
			      dn[ia], dn[ib], e->file, e->line, dn[ia], e->from_file, e->from_line);
	}
	snprintf(machine, sizeof machine, "%s %d %s:%d chain %s\n", LS_V_POTENTIAL_DEADLOCK, t->id, file, line,
		 chain);
	val_emit(key, machine, text);
}

/* $LOCKSPIN_EDGES: every class pair (held --> taken) the first time it is
 * seen, for `lockspin run` to compare with the model's lock-order graph.
 * Called with val_lock held. */
static int val_edges_fd = -2;

static void val_log_edge(int from, int to, const char *file, int line, const char *hfile, int hline)
{
	if (val_edges_fd == -2) {
		const char *p = getenv("LOCKSPIN_EDGES");
		val_edges_fd = p && *p ? open(p, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644) : -1;
	}
	if (val_edges_fd < 0)
		return;
	char buf[1024];
	int n = snprintf(buf, sizeof buf, "edge\t%s\t%s\t%s:%d\t%s:%d\n", val_cname[from], val_cname[to],
			 file, line, hfile, hline);
	if (n > 0)
		val_write_all(val_edges_fd, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

static void val_add_edge(struct rt_thread *t, const struct ls__held *h, int to, bool shared,
			 const char *file, int line)
{
	bool hshared = h->flags & LS__H_SHARED;
	int from = h->cls, combo = (hshared ? 2 : 0) | shared, path[2 * RT_MAX_CLASSES];
	int len = 0;
	pthread_mutex_lock(&val_lock);
	unsigned char bits = val_pairs[from][to];
	if (!(bits & (1 << combo))) {
		if (!bits) {
			val_first_edge[from][to] = (struct val_edge){ file, h->file, line, h->line };
			val_log_edge(from, to, file, line, h->file, h->line);
		}
		__atomic_store_n(&val_pairs[from][to], bits | (1 << combo), __ATOMIC_RELAXED);
		len = val_find_cycle(to, shared, from, hshared, path);
	}
	pthread_mutex_unlock(&val_lock);
	if (len)
		val_potential_deadlock(t, from, to, file, line, path, len);
}

/* Record held --> l for every held lock of another class.  Same-class
 * nesting (two instances of one class) has no nesting annotation here and
 * is not an order; a real self-deadlock shows in the wait-for graph. */
void val_order(struct rt_thread *t, int cls, bool shared, const char *file, int line)
{
	for (int i = 0; i < t->f.nheld; i++) {
		const struct ls__held *h = &t->f.held[i];
		int bit = 1 << ((h->flags & LS__H_SHARED ? 2 : 0) | shared);
		if (h->cls != cls && !(__atomic_load_n(&val_pairs[h->cls][cls], __ATOMIC_RELAXED) & bit))
			val_add_edge(t, h, cls, shared, file, line);
	}
}

/* ---- the wait-for graph --------------------------------------------------- */

struct val_wait {
	struct rt_thread *t;
	struct ls__lockrt *lock;  /* NULL: t has exited */
	unsigned seq;
};

static bool val_holds(struct rt_thread *u, const struct ls__lockrt *l, bool want_shared)
{
	/* an exclusive holder's tag is in the word, with or without a held
	 * entry (the validation-off fast path pushes none) */
	if (u->f.tag && (__atomic_load_n(&l->word, __ATOMIC_RELAXED) & ~RT_UNTRACKED) == u->f.tag)
		return true;
	int n = __atomic_load_n(&u->f.nheld, __ATOMIC_ACQUIRE);
	for (int i = 0; i < n && i < RT_MAX_HELD; i++)
		if (__atomic_load_n(&u->f.held[i].lock, __ATOMIC_RELAXED) == l)
			return !(want_shared && (__atomic_load_n(&u->f.held[i].flags, __ATOMIC_RELAXED) & LS__H_SHARED));
	return false;
}

/* Does t (blocked on l) wait for u?  For all holders, since a writer needs
 * every reader gone; for a waiting writer, when t is an rwsem reader. */
static bool val_waits_for(struct rt_thread *t, struct ls__lockrt *l, bool shared, struct rt_thread *u)
{
	if (val_holds(u, l, shared))
		return true;
	return shared && u != t && __atomic_load_n(&l->wwait, __ATOMIC_RELAXED) &&
	       __atomic_load_n(&u->waiting_for, __ATOMIC_ACQUIRE) == l && !u->wait_shared;
}

static int val_dfs(struct rt_thread *t, struct val_wait *stack, int depth, unsigned char *seen)
{
	for (int d = 0; d < depth; d++)
		if (stack[d].t == t) {
			memmove(stack, stack + d, (size_t)(depth - d) * sizeof *stack);
			return depth - d; /* a cycle */
		}
	if (seen[t - rt_threads])
		return 0;
	seen[t - rt_threads] = 1;
	if (__atomic_load_n(&t->exited, __ATOMIC_ACQUIRE)) {
		stack[depth] = (struct val_wait){ t, NULL, 0 };
		return -(depth + 1); /* a chain ending at a thread that will never release */
	}
	unsigned seq = __atomic_load_n(&t->wait_seq, __ATOMIC_ACQUIRE);
	struct ls__lockrt *l = __atomic_load_n(&t->waiting_for, __ATOMIC_ACQUIRE);
	if (!l)
		return 0;
	stack[depth] = (struct val_wait){ t, l, seq };
	for (int i = 0; i < RT_MAX_THREADS; i++) {
		struct rt_thread *u = &rt_threads[i];
		if (!__atomic_load_n(&u->active, __ATOMIC_ACQUIRE) || !val_waits_for(t, l, t->wait_shared, u))
			continue;
		int r = val_dfs(u, stack, depth + 1, seen);
		if (r)
			return r;
	}
	return 0;
}

/* The threads found are blocked still, on the same wait (same sequence
 * number): they were frozen all along, so what they hold is what we read. */
static bool val_still(const struct val_wait *w, int n, bool chain)
{
	for (int i = 0; i < n; i++) {
		if (!w[i].lock)
			continue;
		if (__atomic_load_n(&w[i].t->waiting_for, __ATOMIC_ACQUIRE) != w[i].lock ||
		    __atomic_load_n(&w[i].t->wait_seq, __ATOMIC_ACQUIRE) != w[i].seq)
			return false;
		struct rt_thread *next = i + 1 < n ? w[i + 1].t : chain ? NULL : w[0].t;
		if (next && !val_waits_for(w[i].t, w[i].lock, w[i].t->wait_shared, next))
			return false;
	}
	return true;
}

static void val_deadlock_report(struct val_wait *w, int n, bool chain)
{
	char text[8192], machine[4096], nb[64], hb[64];
	size_t k = 0, m = 0;
	int waiters = chain ? n - 1 : n;
	if (chain)
		k += (size_t)snprintf(text, sizeof text, "lockspin: deadlock: %d thread%s wait%s for a lock held by an exited thread\n",
				      waiters, waiters > 1 ? "s" : "", waiters > 1 ? "" : "s");
	else if (n == 1)
		k += (size_t)snprintf(text, sizeof text, "lockspin: deadlock: a thread waits for a lock it holds\n");
	else
		k += (size_t)snprintf(text, sizeof text, "lockspin: deadlock: %d threads wait for each other\n", n);
	for (int i = 0; i < n && k < sizeof text; i++) {
		struct rt_thread *t = w[i].t;
		if (!w[i].lock) {
			k += (size_t)snprintf(text + k, sizeof text - k, "  thread %d (%s) has exited\n", t->id, val_tname(t));
		} else {
			struct rt_thread *u = i + 1 < n ? w[i + 1].t : w[0].t;
			const char *lk = rt_lock_name(w[i].lock, nb, sizeof nb);
			k += (size_t)snprintf(text + k, sizeof text - k, "  thread %d (%s) waits for %s%s at %s:%d, held by thread %d\n",
					      t->id, val_tname(t), lk, t->wait_shared ? " (read)" : "",
					      t->wait_file, t->wait_line, u->id);
			m += (size_t)snprintf(machine + m, sizeof machine - m, "deadlock %d %s:%d waits for %s held by thread %d\n",
					      t->id, t->wait_file, t->wait_line, lk, u->id);
		}
		for (int j = 0; j < t->f.nheld && k < sizeof text; j++)
			k += (size_t)snprintf(text + k, sizeof text - k, "    holding %s taken at %s:%d\n",
					      rt_lock_name(t->f.held[j].lock, hb, sizeof hb), t->f.held[j].file, t->f.held[j].line);
	}
	val_emit(LS_V_DEADLOCK, machine, text);
}

/* Called by a thread that has been blocked for a while.  A confirmed cycle
 * is reported and ends the process: nothing can make progress, and the run
 * is a child of the driver, which reads the report and the exit status. */
void val_deadlock_check(struct rt_thread *self)
{
	struct val_wait w[RT_MAX_THREADS + 1];
	unsigned char seen[RT_MAX_THREADS] = { 0 };
	if (pthread_mutex_trylock(&val_dl_lock))
		return; /* another waiter is checking */
	int r = val_dfs(self, w, 0, seen);
	bool chain = r < 0;
	int n = chain ? -r : r;
	if (n) {
		/* Not a timing heuristic: val_still() confirms by the wait
		 * sequence numbers that every thread of the cycle stayed in the
		 * same wait from before its holdings were read until after, and a
		 * thread in a wait releases nothing.  The pause only lets a wait
		 * that is about to end (a release in flight) end first. */
		struct timespec ts = { 0, 200 * 1000 };
		nanosleep(&ts, NULL);
		if (val_still(w, n, chain)) {
			val_deadlock_report(w, n, chain);
			fflush(NULL);
			_exit(RT_EXIT_DEADLOCK);
		}
	}
	pthread_mutex_unlock(&val_dl_lock);
}

/* ---- out-of-line parts of the inline fast path (lockspin.h) ---------------- */

void ls__rank_slow(struct ls__fast *f, struct ls__lockrt *l, int rank, const char *file, int line)
{
	struct rt_thread *t = (struct rt_thread *)f;
	for (unsigned i = 0; i < t->nrank_seen && i < 8; i++)
		if (t->rank_seen[i].file == file && t->rank_seen[i].line == line)
			return; /* reported once already (val_emit would drop it) */
	val_rank_violation(t, l, rank, file, line);
	t->rank_seen[t->nrank_seen++ % 8].file = file;
	t->rank_seen[(t->nrank_seen - 1) % 8].line = line;
}

int ls__class_slow(struct ls__lockrt *l)
{
	return val_class(l);
}

/* A chain of held classes not seen by this thread yet: record its edges,
 * then remember it (edges are never removed, so it stays recorded). */
void ls__order_slow(struct ls__fast *f, int cls, bool shared, uint64_t chain, const char *file, int line)
{
	val_order((struct rt_thread *)f, cls, shared, file, line);
	f->chains[chain >> (64 - LS__CHAIN_BITS)] = chain;
}
