/*
 * spin.c - run SPIN over one model: spin -a, cc pan.c, pan, and for a
 * violation `spin -t -p` decoded into IR by promela.c.
 *
 * How pan is run (measured choices, see SPIN-NOTES.md):
 *   - cc -O0 -DSAFETY -DBFS -DMEMLIM=<mb>: small models are compile bound,
 *     and -O0 pan is only ~14 % slower.  The binary is cached in the workdir
 *     by a hash of the model text and the flags: an unchanged model is not
 *     recompiled.
 *   - Breadth-first search: the counterexample is a shortest one (DFS
 *     trails were 2 to 14 times longer; people read these traces).  BFS
 *     keeps partial order reduction.  pan's depth bound -m still limits BFS
 *     and "max search depth too small" still means inconclusive.
 *   - Neither -E nor -A: we want invalid end states (deadlocks) and
 *     assertions.  Never bitstate, hash-compact, swarm or NCORE: a verdict
 *     of ok must come from an exhaustive search.
 *   - With ls_progress() in the IR and a clean safety search, a second pan
 *     built with -DNP (no -DSAFETY) runs `-l -f` (weak fairness) for
 *     non-progress cycles (livelock).
 *   - Lock order: the model's order markers that pan's unreached report does
 *     not list are the lock-order graph (pml_decode_order).
 */
#define _POSIX_C_SOURCE 200809L
#include "stages.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- running a command ------------------------------------------------------ */
typedef struct RunResult {
	char *output;    /* stdout + stderr */
	int status;      /* exit status, or 128 + signal */
	bool timed_out;
	bool exec_failed;
} RunResult;

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Run argv in dir, collecting its output.  time_limit 0: none.  With
 * progress_label, once past 1 s, say how long and how many states so far:
 * on a terminal one line rewritten every second and cleared at the end,
 * elsewhere a line every 10 s. */
static RunResult spin_run(const char *dir, char *const argv[], int time_limit, const char *progress_label)
{
	RunResult r = { 0 };
	int fd[2];
	if (pipe(fd) != 0)
		die("cannot create a pipe: %s", strerror(errno));
	pid_t pid = fork();
	if (pid < 0)
		die("cannot fork: %s", strerror(errno));
	if (pid == 0) {
		close(fd[0]);
		dup2(fd[1], 1);
		dup2(fd[1], 2);
		close(fd[1]);
		int devnull = open("/dev/null", O_RDONLY);
		if (devnull >= 0)
			dup2(devnull, 0);
		if (dir && chdir(dir) != 0)
			_exit(126);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(fd[1]);
	StrBuf out;
	sb_init(&out);
	double start = now_seconds(), next_progress = start + 1.0;
	bool shown = false;
	for (;;) {
		struct pollfd pfd = { fd[0], POLLIN, 0 };
		int n = poll(&pfd, 1, 250);
		if (n > 0) {
			char buf[8192];
			ssize_t k = read(fd[0], buf, sizeof(buf));
			if (k > 0) {
				sb_addn(&out, buf, (size_t)k);
				continue;
			}
			if (k == 0 || (k < 0 && errno != EINTR && errno != EAGAIN))
				break;
		}
		double t = now_seconds();
		if (time_limit > 0 && t - start > time_limit && !r.timed_out) {
			r.timed_out = true;
			kill(pid, SIGKILL);
		}
		if (progress_label && t >= next_progress) {
			/* pan's own "Depth= ... States= N" lines say how far it is */
			const char *st = NULL;
			for (const char *q = strstr(out.buf, "States="); q; q = strstr(q + 1, "States="))
				st = q + 7;
			const char *states = st ? xprintf(", %.0f states so far", strtod(st, NULL)) : "";
			if (tty_progress(2)) {
				fprintf(stderr, "\rlockspin: %s: searching, %.0f s%s\033[K", progress_label, t - start, states);
				next_progress = t + 1.0;
				shown = true;
			} else {
				fprintf(stderr, "lockspin: %s: searching... %.0f s%s\n", progress_label, t - start, states);
				next_progress = t + 10.0;
			}
		}
	}
	if (shown)
		fputs("\r\033[K", stderr);
	close(fd[0]);
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(st))
		r.status = WEXITSTATUS(st);
	else if (WIFSIGNALED(st))
		r.status = 128 + WTERMSIG(st);
	r.exec_failed = WIFEXITED(st) && WEXITSTATUS(st) == 127;
	r.output = sb_detach_arena(&out);
	return r;
}

static uint64_t fnv1a(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	return h;
}

static const char *path_in(const char *dir, const char *name)
{
	return xprintf("%s/%s", dir, name);
}

/* spin -a + cc, unless the cached binary was built from the same text. */
static void spin_build(const char *dir, const char *model_text, const char *exe, char *const ccflags[],
		       int nflags)
{
	uint64_t h = fnv1a(1469598103934665603ull, model_text);
	for (int i = 0; i < nflags; i++)
		h = fnv1a(h, ccflags[i]);
	const char *stamp = xprintf("%016llx\n", (unsigned long long)h);
	const char *stamp_path = path_in(dir, xprintf("%s.hash", exe));
	char *old = read_file(stamp_path, NULL);
	struct stat sb;
	const char *model_path = path_in(dir, "model.pml");
	char *old_model = read_file(model_path, NULL);
	if (old && strcmp(old, stamp) == 0 && stat(path_in(dir, exe), &sb) == 0 && old_model &&
	    strcmp(old_model, model_text) == 0)
		return;
	if (!old_model || strcmp(old_model, model_text) != 0)
		if (!write_file(model_path, model_text, strlen(model_text)))
			die("cannot write '%s': %s", model_path, strerror(errno));
	unlink(stamp_path);

	char *spin_argv[] = { "spin", "-a", "model.pml", NULL };
	RunResult r = spin_run(dir, spin_argv, 0, NULL);
	if (r.exec_failed)
		die("cannot run 'spin': is SPIN installed and on PATH?");
	if (r.status != 0 || strstr(r.output, "syntax error") || strstr(r.output, "Error:"))
		die("spin -a rejected the generated model '%s':\n%s", model_path, r.output);

	char *cc_argv[32];
	int n = 0;
	cc_argv[n++] = "cc";
	for (int i = 0; i < nflags && n < 28; i++)
		cc_argv[n++] = ccflags[i];
	cc_argv[n++] = "-o";
	cc_argv[n++] = (char *)exe;
	cc_argv[n++] = "pan.c";
	cc_argv[n] = NULL;
	r = spin_run(dir, cc_argv, 0, NULL);
	if (r.exec_failed)
		die("cannot run 'cc' to compile pan");
	if (r.status != 0)
		die("compiling pan.c in '%s' failed:\n%s", dir, r.output);
	write_file(stamp_path, stamp, strlen(stamp));
}

/* ---- pan's statistics ------------------------------------------------------------ */
static double num_before(const char *out, const char *what)
{
	const char *w = strstr(out, what);
	if (!w)
		return -1;
	const char *c = w;
	while (c > out && (c[-1] == ' ' || c[-1] == '\t'))
		c--;
	while (c > out && (strchr("0123456789.e+-", c[-1])))
		c--;
	return atof(c);
}

static void spin_parse_stats(CheckResult *r, const char *out)
{
	double v;
	if ((v = num_before(out, " states, stored")) >= 0)
		r->states = (long)v;
	if ((v = num_before(out, " transitions (= ")) >= 0)
		r->transitions = (long)v;
	if ((v = num_before(out, "\ttotal actual memory usage")) >= 0)
		r->memory_mb = v;
	const char *e = strstr(out, "pan: elapsed time ");
	if (e)
		r->seconds = atof(e + 18);
}

static const char *spin_incomplete(const char *out, const RunResult *rr)
{
	if (rr->timed_out)
		return "time limit reached";
	if (strstr(out, "max search depth too small"))
		return "max search depth too small";
	if (strstr(out, "out of memory") || strstr(out, "MEMLIM"))
		return "out of memory";
	if (rr->status >= 128)
		return NULL; /* a crash: a tool failure, not a verdict */
	return NULL;
}

/* ---- pan's own error messages ------------------------------------------------------------ */
/*
 * pan reports an error as "pan:1: <message> (at depth N)".  The model's
 * own checks say "assertion violated <expr>", "invalid end state",
 * "non-progress cycle" or "acceptance cycle"; pan's run-time errors are
 * messages of their own ("assertion violated - invalid array index" is one,
 * whatever its prefix).  Each is named here; anything else is a tool
 * failure naming pan's text, never a deadlock.
 */
int spin_pan_error(const char *out, const char **msg)
{
	*msg = NULL;
	for (const char *l = out, *nl; l && *l; l = (nl = strchr(l, '\n')) ? nl + 1 : NULL) {
		if (strncmp(l, "pan:", 4) != 0)
			continue;
		const char *c = l + 4;
		while (*c >= '0' && *c <= '9')
			c++;
		if (c == l + 4 || c[0] != ':' || c[1] != ' ')
			continue; /* "pan: wrote ...", "pan: elapsed time ..." */
		c += 2;
		const char *end = strchr(c, '\n');
		size_t n = end ? (size_t)(end - c) : strlen(c);
		const char *depth = strstr(c, " (at depth ");
		if (depth && (size_t)(depth - c) < n)
			n = (size_t)(depth - c);
		*msg = xstrndup(c, n);
		if (strstr(*msg, "invalid array index"))
			return V_OUT_OF_BOUNDS;
		if (!strncmp(*msg, "invalid end state", 17))
			return V_DEADLOCK;
		if (!strncmp(*msg, "assertion violated", 18))
			return V_ASSERTION;
		if (!strncmp(*msg, "non-progress cycle", 18) || !strncmp(*msg, "acceptance cycle", 16))
			return V_LIVELOCK;
		return V_INCONCLUSIVE;
	}
	return -1;
}

int spin_replay_error(const char *out)
{
	/* spin -t goes on past a failed assertion: only an error before the
	 * first one is where the trail stopped */
	const char *idx = strstr(out, "Error: indexing array");
	const char *as = strstr(out, "Error: assertion violated");
	if (idx && (!as || idx < as))
		return V_OUT_OF_BOUNDS;
	return -1;
}

/* ---- classification ------------------------------------------------------------------ */
static const char *lock_name(const IrProgram *p, int id)
{
	return id >= 0 && id < p->nlocks ? p->locks[id]->name : "?";
}

static const char *thread_name(const IrProgram *p, int t)
{
	return t >= 0 && t < p->nthreads ? p->threads[t]->name : "?";
}

/* Exclusive owner of every lock at the end of the trail, and per thread the
 * locks it holds, by replaying the decoded steps. */
static int *trail_owners(const IrProgram *p, const Trail *tr)
{
	int *own = arena_array((size_t)p->nlocks + 1, sizeof(int));
	for (int i = 0; i < p->nlocks; i++)
		own[i] = -1;
	for (int i = 0; i < tr->nsteps; i++) {
		const TrailStep *s = &tr->steps[i];
		if (!s->stmt || s->stmt->kind != S_LOCK || s->lock < 0 || !s->taken || s->stmt->mode != LM_EXCL)
			continue;
		if (s->stmt->op == LO_RELEASE)
			own[s->lock] = -1;
		else
			own[s->lock] = s->thread;
	}
	return own;
}

static bool released_before(const Trail *tr, int thread, int lock)
{
	for (int i = 0; i < tr->nsteps; i++) {
		const TrailStep *s = &tr->steps[i];
		if (s->thread == thread && s->lock == lock && s->stmt && s->stmt->kind == S_LOCK &&
		    s->stmt->op == LO_RELEASE && s->taken)
			return true;
	}
	return false;
}

static void spin_classify_runtime(const IrProgram *p, CheckResult *r, const Trail *tr, int v)
{
	/* the last step executed is the one that failed */
	const TrailStep *last = tr->nsteps ? &tr->steps[tr->nsteps - 1] : NULL;
	r->verdict = (Verdict)v;
	if (last && last->stmt)
		r->detail = xprintf("pan: invalid array index at %s:%d in thread '%s'", last->stmt->loc.file,
				    last->stmt->loc.line, thread_name(p, last->thread));
	else
		r->detail = "pan: invalid array index";
}

static void spin_classify(const IrProgram *p, CheckResult *r, const Trail *tr, bool deadlock, bool cycle)
{
	if (cycle) {
		r->verdict = V_LIVELOCK;
		r->detail = "non-progress cycle: the threads can loop forever without ls_progress()";
		return;
	}
	if (tr->failed_thread >= 0) {
		const IrStmt *s = tr->failed;
		const char *who = thread_name(p, tr->failed_thread);
		if (!s) {
			/* held-at-exit: which locks? */
			StrBuf sb;
			sb_init(&sb);
			int *hold = arena_array((size_t)p->nlocks + 1, sizeof(int));
			for (int i = 0; i < tr->nsteps; i++) {
				const TrailStep *st = &tr->steps[i];
				if (st->thread != tr->failed_thread || st->lock < 0 || !st->taken)
					continue;
				hold[st->lock] += st->stmt->op == LO_RELEASE ? -1 : 1;
			}
			for (int i = 0; i < p->nlocks; i++)
				if (hold[i] > 0)
					sb_addf(&sb, "%s'%s'", sb.len ? ", " : "", lock_name(p, i));
			r->verdict = V_HELD_AT_EXIT;
			r->detail = xprintf("thread '%s' ends holding %s", who, sb.len ? sb.buf : "a lock");
			sb_release(&sb);
			return;
		}
		if (s->kind == S_ASSERT && s->violation) {
			r->verdict = (Verdict)s->violation;
			r->detail = xprintf("%s in thread '%s'", s->text, who);
			return;
		}
		if (s->kind == S_ASSERT) {
			r->verdict = V_ASSERTION;
			r->detail = xprintf("assertion '%s' failed in thread '%s'", s->text, who);
			return;
		}
		if (s->kind == S_LOCK && s->op == LO_RELEASE) {
			if (released_before(tr, tr->failed_thread, tr->failed_lock)) {
				r->verdict = V_DOUBLE_UNLOCK;
				r->detail = xprintf("thread '%s' releases '%s' a second time", who,
						    lock_name(p, tr->failed_lock));
			} else {
				r->verdict = V_UNLOCK_NOT_HELD;
				/* the wrong side of a rw lock: say which side is held */
				int other = 0;
				for (int i = 0; i < tr->nsteps; i++) {
					const TrailStep *st = &tr->steps[i];
					if (st->thread == tr->failed_thread && st->lock == tr->failed_lock &&
					    st->taken && st->stmt != s && st->stmt->mode != s->mode)
						other += st->stmt->op == LO_RELEASE ? -1 : 1;
				}
				r->detail = xprintf("thread '%s' %s '%s', which it does not hold%s%s", who,
						    s->mode == LM_SHARED ? "read-unlocks" : "releases",
						    lock_name(p, tr->failed_lock),
						    s->mode == LM_SHARED ? " for reading" : other > 0 ? " for writing" : "",
						    other > 0 ? (s->mode == LM_SHARED ? " (it holds it for writing)"
										       : " (it holds it for reading)")
							      : "");
			}
			return;
		}
		if (s->kind == S_LOCK && tr->failed_lock >= 0) {
			r->verdict = V_RANK_VIOLATION;
			r->detail = xprintf("mm locking order violation: %d > %d taking '%s' in thread '%s'",
					    tr->failed_level, tr->failed_rank, lock_name(p, tr->failed_lock), who);
			return;
		}
		r->verdict = V_ASSERTION;
		r->detail = s->kind == S_LOCK ? xprintf("lock reference at %s:%d names no lock", s->loc.file, s->loc.line)
					      : "assertion failed";
		return;
	}
	if (deadlock) {
		r->verdict = V_DEADLOCK;
		int *own = trail_owners(p, tr);
		StrBuf sb;
		sb_init(&sb);
		bool elsewhere = false;
		for (int t = 0; t < tr->nthreads; t++) {
			if (!tr->stuck[t])
				continue;
			if (tr->stuck[t]->kind != S_LOCK || tr->stuck_lock[t] < 0) {
				elsewhere = true;
				sb_addf(&sb, "%s'%s' is blocked at %s:%d", sb.len ? "; " : "", thread_name(p, t),
					tr->stuck[t]->loc.file, tr->stuck[t]->loc.line);
				continue;
			}
			int l = tr->stuck_lock[t];
			sb_addf(&sb, "%s'%s' waits for '%s'", sb.len ? "; " : "", thread_name(p, t), lock_name(p, l));
			if (own[l] >= 0)
				sb_addf(&sb, " held by '%s'", thread_name(p, own[l]));
			else
				sb_add(&sb, " (held shared or by a waiting writer)");
		}
		r->detail = xprintf("%s%s", sb.len ? sb.buf : "no thread can move",
				    elsewhere ? " (a thread is blocked outside a lock operation)" : "");
		sb_release(&sb);
		return;
	}
	r->verdict = V_ASSERTION;
	r->detail = "pan reported an error lockspin cannot classify";
}

static void spin_replay_into(const IrProgram *p, CheckResult *r, const char *dir, const char *model,
			     const char *trail, bool deadlock, bool cycle)
{
	char *argv[] = { "spin", "-t", "-p", "-g", "-k", (char *)trail, (char *)model, NULL };
	RunResult rr = spin_run(dir, argv, 0, NULL);
	if (rr.exec_failed)
		die("cannot run 'spin' to replay the trail");
	r->spin_output = rr.output;
	Trail *tr = pml_decode_trail(p, rr.output);
	if (!tr)
		die("the trail '%s' does not belong to the model of '%s' (variant %s):\n%s", trail, p->spec,
		    p->variant, rr.output);
	r->trail = tr;
	if (tr->cycle_start >= 0)
		cycle = true;
	int rv = spin_replay_error(rr.output);
	if (rv >= 0)
		spin_classify_runtime(p, r, tr, rv);
	else
		spin_classify(p, r, tr, deadlock, cycle);
}

/* ---- the lock-order graph ------------------------------------------------------------- */
static bool graph_cycle_from(int n, const bool *adj, int v, int *color, int *stack, int *depth)
{
	color[v] = 1;
	stack[(*depth)++] = v;
	for (int w = 0; w < n; w++) {
		if (!adj[v * n + w])
			continue;
		if (color[w] == 1) {
			stack[(*depth)++] = w;
			return true;
		}
		if (color[w] == 0 && graph_cycle_from(n, adj, w, color, stack, depth))
			return true;
	}
	color[v] = 2;
	(*depth)--;
	return false;
}

/* A cycle in the graph: its vertices (first == last) in path, or 0. */
static int graph_cycle(int n, const bool *adj, int *path)
{
	int *color = arena_array((size_t)n + 1, sizeof(int));
	int *stack = arena_array((size_t)n * 2 + 2, sizeof(int));
	for (int v = 0; v < n; v++) {
		int depth = 0;
		if (color[v] == 0 && graph_cycle_from(n, adj, v, color, stack, &depth)) {
			int w = stack[depth - 1], k = 0, i = depth - 2;
			while (i >= 0 && stack[i] != w)
				i--;
			for (; i < depth; i++)
				path[k++] = stack[i];
			return k;
		}
	}
	return 0;
}

static void collect_checks(const IrStmt *s, PtrVec *out);

/* The lock-order graph of every explored execution (from pan's unreached
 * report of the order markers); a cycle makes an otherwise clean result a
 * potential deadlock. */
static void spin_order(const IrProgram *p, CheckResult *r, const char *pan_output)
{
	OrderEdge *le;
	int nle = pml_decode_order(p, pan_output, &le);
	if (!nle)
		return;
	int nc = p->nclasses, nl = p->nlocks;
	bool *ladj = arena_array((size_t)nl * nl + 1, sizeof(bool));
	OrderEdge *ce = arena_array((size_t)nle, sizeof(OrderEdge));
	int nce = 0;
	/* A lock nobody ever takes exclusively blocks no one (readers share), so
	 * it cannot close a deadlock cycle: Linux rwlock_t readers taken in
	 * opposite orders are not an inversion. */
	bool *exclusive = arena_array((size_t)nc + 1, sizeof(bool));
	PtrVec ops = { 0 };
	for (int t = 0; t < p->nthreads; t++)
		collect_checks(p->threads[t]->body, &ops);
	for (int i = 0; i < ops.len; i++) {
		const IrStmt *s = ops.data[i];
		if (s->kind == S_LOCK && s->mode == LM_EXCL && s->op != LO_RELEASE)
			exclusive[s->lock->var] = true;
	}
	/* The nodes of the class graph.  Under mm-locks the ordering machinery
	 * tells locks apart by rank, not by declaration: a nested p2m lock
	 * biased to its own rank (PoD option 2) "looks different" from the host
	 * p2m lock of the same struct field, so (class, effective rank) is one
	 * node.  Without ranks this is lockdep's class: the order class, so
	 * that declarations LS_CLASS puts in one class are one node. */
	int *node = arena_array((size_t)nl + 1, sizeof(int));
	int *node_cls = arena_array((size_t)nl + 1, sizeof(int));
	int *node_rank = arena_array((size_t)nl + 1, sizeof(int));
	int nn = 0;
	for (int l = 0; l < nl; l++) {
		const IrLockClass *c = p->classes[p->locks[l]->cls];
		int rank = c->rank;
		if (rank >= 0 && c->bias_var >= 0 && p->vars[c->bias_var]->init[p->locks[l]->inst])
			rank += c->bias;
		int k = 0;
		while (k < nn && !(node_cls[k] == c->order_class && node_rank[k] == rank))
			k++;
		if (k == nn) {
			node_cls[nn] = c->order_class;
			node_rank[nn++] = rank;
		}
		node[l] = k;
	}
	bool *split = arena_array((size_t)nc + 1, sizeof(bool));
	for (int k = 0; k < nn; k++)
		for (int j = 0; j < k; j++)
			if (node_cls[j] == node_cls[k])
				split[node_cls[k]] = true;
	bool *nadj = arena_array((size_t)nn * nn + 1, sizeof(bool));
	for (int i = 0; i < nle; i++) {
		int da = p->locks[le[i].from]->cls, db = p->locks[le[i].to]->cls;
		bool blocks = exclusive[da] && exclusive[db];
		int a = p->classes[da]->order_class, b = p->classes[db]->order_class;
		int na = node[le[i].from], nb = node[le[i].to];
		if (blocks && na != nb)
			nadj[na * nn + nb] = true;
		if (blocks)
			ladj[le[i].from * nl + le[i].to] = true;
		bool dup = false;
		for (int k = 0; k < nce && !dup; k++)
			dup = ce[k].from == a && ce[k].to == b;
		if (!dup) {
			ce[nce] = le[i];
			ce[nce].from = a;
			ce[nce].to = b;
			nce++;
		}
	}
	r->edges = ce;
	r->nedges = nce;
	if (r->verdict != V_OK)
		return;
	int *path = arena_array((size_t)(nn > nl ? nn : nl) * 2 + 2, sizeof(int));
	int k = graph_cycle(nn, nadj, path);
	bool classes = true;
	if (!k) {
		k = graph_cycle(nl, ladj, path);
		classes = false;
	}
	if (!k)
		return;
	StrBuf sb;
	sb_init(&sb);
	for (int i = 0; i < k; i++)
		if (!classes)
			sb_addf(&sb, "%s'%s'", i ? " -> " : "", p->locks[path[i]]->name);
		else if (split[node_cls[path[i]]])
			sb_addf(&sb, "%s'%s' (rank %d)", i ? " -> " : "", p->classes[node_cls[path[i]]]->name,
				node_rank[path[i]]);
		else
			sb_addf(&sb, "%s'%s'", i ? " -> " : "", p->classes[node_cls[path[i]]]->name);
	r->verdict = V_POTENTIAL_DEADLOCK;
	r->detail = xprintf("lock order cycle %s: %s", classes ? "between classes" : "between locks", sb.buf);
	sb_release(&sb);
}

static CheckResult *spin_new_result(void);
static void spin_order(const IrProgram *p, CheckResult *r, const char *pan_output);

/* ---- every distinct violation ------------------------------------------------------------------ */
#define MAX_TRAILS 256

/* Two violations are the same when they have the same verdict and fail at
 * the same C place (for a deadlock: wait for the same locks). */
static const char *violation_key(const CheckResult *v)
{
	StrBuf sb;
	sb_init(&sb);
	sb_addf(&sb, "%d", v->verdict);
	const Trail *t = v->trail;
	if (t->failed)
		sb_addf(&sb, " %s:%d:%d", t->failed->loc.file, t->failed->loc.line, t->failed->loc.col);
	else if (t->failed_thread >= 0)
		sb_addf(&sb, " exit of %d", t->failed_thread);
	else {
		/* a deadlock is the set of locks waited for, whoever else is stuck */
		int prev = -1;
		for (;;) {
			int next = -1;
			for (int i = 0; i < t->nthreads; i++)
				if (t->stuck[i] && t->stuck_lock[i] > prev && (next < 0 || t->stuck_lock[i] < next))
					next = t->stuck_lock[i];
			if (next < 0)
				break;
			sb_addf(&sb, " L%d", next);
			prev = next;
		}
	}
	return sb_detach_arena(&sb);
}

/*
 * BFS stops at the first error, but a design can be wrong in two ways at
 * once (Xen 4.8's vGIC has both the ABBA and the affinity race).  Search
 * again writing a trail for every error (pan -e -c0), replay the first
 * MAX_TRAILS and keep the first, hence shortest, of every distinct violation.  The
 * primary verdict becomes the spec's expected one when it is among them:
 * the other violations are still reported, never hidden.
 */
static void spin_all_violations(const IrProgram *p, CheckResult *r, const char *dir, long depth, int time_limit,
				const char *label)
{
	char *argv[] = { "./pan", xprintf("-m%ld", depth), "-e", "-c0", NULL };
	for (int k = 1; access(path_in(dir, xprintf("model.pml%d.trail", k)), F_OK) == 0; k++)
		unlink(path_in(dir, xprintf("model.pml%d.trail", k)));
	RunResult rr = spin_run(dir, argv, time_limit, label);
	/* the full search saw every execution: its order markers give the
	 * lock-order graph (for `lockspin run`'s conformance check) */
	if (!rr.exec_failed && !spin_incomplete(rr.output, &rr))
		spin_order(p, r, rr.output);
	PtrVec found = { 0 }, keys = { 0 };
	Violation first = { r->verdict, r->detail, r->trail, r->spin_output };
	vec_push(&found, arena_alloc(sizeof(Violation)));
	*(Violation *)found.data[0] = first;
	vec_push(&keys, (void *)violation_key(r));
	for (int k = 1; k <= MAX_TRAILS && !rr.exec_failed; k++) {
		const char *trail = xprintf("model.pml%d.trail", k);
		if (access(path_in(dir, trail), R_OK) != 0)
			break;
		CheckResult *v = spin_new_result();
		char *sargv[] = { "spin", "-t", "-p", "-g", "-k", (char *)trail, "model.pml", NULL };
		RunResult sr = spin_run(dir, sargv, 0, NULL);
		Trail *tr = sr.exec_failed ? NULL : pml_decode_trail(p, sr.output);
		if (!tr)
			continue;
		v->trail = tr;
		v->spin_output = sr.output;
		int rv = spin_replay_error(sr.output);
		if (rv >= 0)
			spin_classify_runtime(p, v, tr, rv);
		else
			spin_classify(p, v, tr, tr->failed_thread < 0, tr->cycle_start >= 0);
		const char *key = violation_key(v);
		bool dup = false;
		for (int i = 0; i < keys.len && !dup; i++)
			dup = !strcmp(keys.data[i], key);
		if (dup)
			continue;
		Violation *nv = arena_alloc(sizeof(*nv));
		*nv = (Violation){ v->verdict, v->detail, v->trail, v->spin_output };
		vec_push(&found, nv);
		vec_push(&keys, (void *)key);
	}
	r->nall = found.len;
	r->all = arena_array((size_t)found.len, sizeof(Violation));
	for (int i = 0; i < found.len; i++)
		r->all[i] = *(Violation *)found.data[i];
	int expect = verdict_parse(p->expect);
	if (expect < 0 || (Verdict)expect == r->verdict)
		return;
	for (int i = 0; i < r->nall; i++) {
		if (r->all[i].verdict != (Verdict)expect)
			continue;
		r->verdict = r->all[i].verdict;
		r->detail = r->all[i].detail;
		r->trail = r->all[i].trail;
		r->spin_output = r->all[i].spin_output;
		return;
	}
}

/* ---- unreached code -------------------------------------------------------------------------- */
static void collect_checks(const IrStmt *s, PtrVec *out)
{
	for (; s; s = s->next) {
		if (s->kind == S_LOCK || (s->kind == S_ASSERT && !s->violation))
			vec_push(out, (void *)s);
		collect_checks(s->body, out);
		collect_checks(s->then, out);
		collect_checks(s->els, out);
	}
}

static bool same_loc(SrcLoc a, SrcLoc b)
{
	return a.line == b.line && a.col == b.col && !strcmp(a.file, b.file);
}

static bool same_sites(const IrStmt *a, const IrStmt *b)
{
	return a->sites == b->sites || (a->sites && b->sites && !strcmp(a->sites, b->sites));
}

static bool stmt_listed(const IrStmt *const *v, int n, const IrStmt *s)
{
	for (int i = 0; i < n; i++)
		if (v[i] == s)
			return true;
	return false;
}

/* Every thread has its own inlined copy of each function, and a function
 * called from two places has a copy per call.  A C lock operation or
 * assertion is vacuous only when no copy of it is reached: then it "never
 * runs in any execution".  When some copies are reached, one that is not is
 * named by its call chain (the copies of one chain in several threads are
 * one C path: warned only when none of them is reached). */
static void spin_unreached(const IrProgram *p, CheckResult *r, const char *pan_output)
{
	const IrStmt **un;
	int nun = pml_decode_unreached(p, pan_output, &un);
	PtrVec all = { 0 };
	for (int t = 0; t < p->nthreads; t++)
		collect_checks(p->threads[t]->body, &all);
	const IrStmt **keep = arena_array((size_t)nun + 1, sizeof(*keep));
	const char **via = arena_array((size_t)nun + 1, sizeof(*via));
	int nkeep = 0;
	for (int i = 0; i < nun; i++) {
		const IrStmt *u = un[i];
		bool any = false, chain = false, dup = false;
		/* a run-time check the front end added is not a check of the spec:
		 * the statement it guards is what matters */
		if (u->kind == S_ASSERT && u->violation)
			continue;
		for (int k = 0; k < all.len; k++) {
			const IrStmt *s = all.data[k];
			if (!same_loc(s->loc, u->loc) || stmt_listed(un, nun, s))
				continue;
			any = true;
			chain = chain || same_sites(s, u);
		}
		if (chain)
			continue;
		for (int k = 0; k < nkeep && !dup; k++)
			dup = same_loc(keep[k]->loc, u->loc) && (!any ? !via[k] : via[k] && same_sites(keep[k], u));
		if (dup)
			continue;
		keep[nkeep] = u;
		via[nkeep++] = !any ? NULL
			: u->sites ? xprintf("%s -> %s:%d", u->sites, u->loc.file, u->loc.line)
			: xprintf("%s:%d as the thread's own function", u->loc.file, u->loc.line);
	}
	r->unreached = keep;
	r->unreached_via = via;
	r->nunreached = nkeep;
}

const char *spin_unreached_what(const CheckResult *r, int i)
{
	const IrStmt *s = r->unreached[i];
	const char *what = s->kind == S_ASSERT ? "assertion" : "lock operation";
	if (!r->unreached_via || !r->unreached_via[i])
		return xprintf("%s never reached in any execution", what);
	return xprintf("%s never reached through %s (other calls reach it)", what, r->unreached_via[i]);
}

static bool has_progress(const IrStmt *s)
{
	for (; s; s = s->next)
		if (s->kind == S_PROGRESS || has_progress(s->body) || has_progress(s->then) || has_progress(s->els))
			return true;
	return false;
}

/* ---- livelock --------------------------------------------------------------------------------- */
static bool spec_has_progress(const IrProgram *p)
{
	for (int t = 0; t < p->nthreads; t++)
		if (has_progress(p->threads[t]->body))
			return true;
	return false;
}

/* A search for non-progress cycles under weak fairness (-DNP, pan -l -f):
 * an infinite run that passes no ls_progress() while every thread that can
 * move eventually does.  Returns V_LIVELOCK with its lasso, V_OK, or
 * V_INCONCLUSIVE. */
static CheckResult *spin_livelock(const IrProgram *p, const char *dir, const char *model_text, long memlim,
				  long depth, int time_limit, const char *label)
{
	CheckResult *r = spin_new_result();
	char *npflags[] = { "-O0", "-w", "-DNP", xprintf("-DMEMLIM=%ld", memlim) };
	spin_build(dir, model_text, "pan_np", npflags, 4);
	unlink(path_in(dir, "model.pml.trail"));
	char *np_argv[] = { "./pan_np", "-l", "-f", xprintf("-m%ld", depth), NULL };
	RunResult nr = spin_run(dir, np_argv, time_limit, label);
	r->pan_output = nr.output;
	const char *nwhy = spin_incomplete(nr.output, &nr);
	bool nerr = strstr(nr.output, "errors: 0") == NULL && strstr(nr.output, "errors: ") != NULL;
	if (!nwhy && !nerr && nr.status != 0)
		die("pan (non-progress) failed (status %d) in '%s':\n%s", nr.status, dir, nr.output);
	if (nerr) {
		spin_replay_into(p, r, dir, "model.pml", "model.pml.trail", false, true);
	} else if (nwhy) {
		r->verdict = V_INCONCLUSIVE;
		r->complete = false;
		r->incomplete_why = xprintf("non-progress search: %s", nwhy);
		r->detail = xprintf("search incomplete: %s", r->incomplete_why);
	}
	return r;
}

/* A design can both break safety and starve (a restart loop): add the
 * livelock to the distinct violations, leading if the spec expects it. */
static void spin_add_livelock(const IrProgram *p, CheckResult *r, const char *dir, const char *model_text,
			      long memlim, long depth, int time_limit, const char *label)
{
	CheckResult *lr = spin_livelock(p, dir, model_text, memlim, depth, time_limit, label);
	if (lr->verdict != V_LIVELOCK)
		return;
	Violation *all = arena_array((size_t)r->nall + 2, sizeof(Violation));
	if (r->nall)
		memcpy(all, r->all, (size_t)r->nall * sizeof(Violation));
	else
		all[r->nall++] = (Violation){ r->verdict, r->detail, r->trail, r->spin_output };
	all[r->nall++] = (Violation){ lr->verdict, lr->detail, lr->trail, lr->spin_output };
	r->all = all;
	int expect = verdict_parse(p->expect);
	if (expect == V_LIVELOCK && r->verdict != V_LIVELOCK) {
		r->verdict = lr->verdict;
		r->detail = lr->detail;
		r->trail = lr->trail;
		r->spin_output = lr->spin_output;
	}
}

/* ---- entry points ---------------------------------------------------------------------------- */

static CheckResult *spin_new_result(void)
{
	CheckResult *r = arena_alloc(sizeof(*r));
	r->verdict = V_OK;
	r->complete = true;
	return r;
}

CheckResult *spin_check(const IrProgram *p, const char *model_text, const SpinOptions *o)
{
	const char *dir = o->workdir;
	if (!mkdir_p(dir))
		die("cannot create '%s': %s", dir, strerror(errno));
	CheckResult *r = spin_new_result();
	const char *label = o->progress ? xprintf("%s %s", p->spec, p->variant) : NULL;
	long memlim = o->memory_mb > 0 ? o->memory_mb : 4096;
	long depth = o->max_depth > 0 ? o->max_depth : 10000;

	/* safety: deadlocks and assertions */
	char *flags[] = { "-O0", "-w", "-DSAFETY", "-DBFS", xprintf("-DMEMLIM=%ld", memlim) };
	spin_build(dir, model_text, "pan", flags, 5);
	unlink(path_in(dir, "model.pml.trail"));
	char *pan_argv[] = { "./pan", xprintf("-m%ld", depth), NULL };
	RunResult rr = spin_run(dir, pan_argv, o->time_limit, label);
	r->pan_output = rr.output;
	spin_parse_stats(r, rr.output);
	const char *why = spin_incomplete(rr.output, &rr);
	bool errors = strstr(rr.output, "errors: 0") == NULL && strstr(rr.output, "errors: ") != NULL;
	if (rr.status == 128 + SIGFPE)
		die("pan died of SIGFPE (an arithmetic error, such as a division by zero the model does not "
		    "guard) in '%s':\n%s", dir, rr.output);
	if (!why && !errors && rr.status != 0)
		die("pan failed (status %d) in '%s':\n%s", rr.status, dir, rr.output);
	if (!why && !strstr(rr.output, "errors: "))
		die("pan produced no result in '%s':\n%s", dir, rr.output);
	const char *pmsg;
	int pv = spin_pan_error(rr.output, &pmsg);
	if (errors && pv == V_INCONCLUSIVE)
		die("pan reported an error lockspin does not know, '%s', in '%s'", pmsg, dir);
	if (errors) {
		bool deadlock = pv == V_DEADLOCK;
		spin_replay_into(p, r, dir, "model.pml", "model.pml.trail", deadlock, false);
		r->complete = !why;
		if (!why)
			spin_all_violations(p, r, dir, depth, o->time_limit, label);
		if (!why && spec_has_progress(p))
			spin_add_livelock(p, r, dir, model_text, memlim, depth, o->time_limit, label);
		return r;
	}
	if (why) {
		r->verdict = V_INCONCLUSIVE;
		r->complete = false;
		r->incomplete_why = why;
		r->detail = xprintf("search incomplete: %s", why);
		return r;
	}

	/* liveness: non-progress cycles */
	if (spec_has_progress(p)) {
		CheckResult *lr = spin_livelock(p, dir, model_text, memlim, depth, o->time_limit, label);
		if (lr->verdict == V_LIVELOCK) {
			lr->pan_output = xprintf("%s\n%s", r->pan_output, lr->pan_output);
			lr->states = r->states;
			lr->transitions = r->transitions;
			lr->seconds += r->seconds;
			return lr;
		}
		if (lr->verdict == V_INCONCLUSIVE) {
			r->verdict = V_INCONCLUSIVE;
			r->complete = false;
			r->incomplete_why = lr->incomplete_why;
			r->detail = lr->detail;
			return r;
		}
	}

	/* pan's unreached report means something only after a complete search
	 * that found nothing: BFS stops at the first error. */
	spin_unreached(p, r, rr.output);
	spin_order(p, r, rr.output);
	return r;
}

CheckResult *spin_replay(const IrProgram *p, const char *model_path, const char *trail_path)
{
	CheckResult *r = spin_new_result();
	r->complete = false;
	char *dir = xstrdup(model_path);
	char *slash = strrchr(dir, '/');
	const char *model = model_path, *trail = trail_path;
	char cwd[4096];
	if (!getcwd(cwd, sizeof(cwd)))
		die("cannot get the current directory");
	if (slash) {
		*slash = 0;
		model = slash + 1;
		if (trail_path[0] != '/')
			trail = xprintf("%s/%s", cwd, trail_path);
	} else {
		dir = NULL;
	}
	spin_replay_into(p, r, dir, model, trail, true, false);
	return r;
}
