/*
 * cache.c - the verdict cache behind `lockspin check --changed REV` and
 * `lockspin check --reuse` (make check's).
 *
 * A CheckResult is stored under a key that hashes everything its search
 * depended on: the Promela model text, the IR it was emitted from, the
 * search options, the lockspin binary itself (so a rebuilt lockspin never
 * reuses an old verdict), spin's version, and for a side-car program the
 * contents of every file it was read from.  With --changed git also decides
 * which specs may reuse at all (cache_spec_changed); with --reuse the key
 * alone decides, so an unchanged model is never searched twice.
 *
 * The stored form is text, one value a line; strings are length-prefixed
 * ("s 12" then the bytes and a newline), NULL is "n".  IR statements are
 * stored by id: the same model text comes from the same IR, whose ids
 * ir_number() gave in the same order.
 *   <work>/verdicts/<key>   one CheckResult
 */
#include "results.h"

#include "proc.h"
#include "stages.h"
#include "swarm.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CACHE_MAGIC "lockspin-verdict-cache 5\n"

uint64_t cache_fnv(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h;
}

/* What every key starts from: lockspin's version and its binary (a rebuilt
 * lockspin never reuses an old verdict), spin's version (spin -a writes
 * pan.c, spin -t decodes the trails) and $LOCKSPIN_REPLAY_EVERY_TRAIL
 * (spin.c: which trails are decoded).  Computed once per process;
 * cache_prepare() computes it before check -j forks its jobs. */
uint64_t cache_self(void)
{
	static uint64_t self;
	if (self)
		return self;
	size_t n = 0;
	const char *exe = read_file("/proc/self/exe", &n);
	uint64_t h = cache_fnv(CACHE_FNV_SEED, LOCKSPIN_VERSION, strlen(LOCKSPIN_VERSION) + 1);
	if (exe)
		h = cache_fnv(h, exe, n);
	char *argv[] = { "spin", "-V", NULL };
	ProcOptions o = { .output = PROC_CAPTURE, .phase = "spin -V" };
	ProcResult r = proc_run(argv, &o);
	h = cache_fnv(h, r.output, strlen(r.output) + 1);
	const char *every = getenv("LOCKSPIN_REPLAY_EVERY_TRAIL");
	h = cache_fnv(h, every ? every : "", strlen(every ? every : "") + 1);
	self = h ? h : 1;
	return self;
}

void cache_prepare(void)
{
	(void)cache_self();
}

const char *cache_key(const char *model_text, const char *options)
{
	uint64_t h = cache_fnv(cache_self(), options, strlen(options) + 1);
	h = cache_fnv(h, model_text, strlen(model_text));
	return xprintf("%016llx", (unsigned long long)h);
}

/* ---- the stored form, written and read by one description ------------- */
/* A Codec either writes (out) or reads (p..end); io_result() below lists
 * every stored field once, in order, for both directions, so the writer and
 * the reader cannot drift apart.  Reading checks what it reads and sets bad
 * (the entry is then ignored and the model searched again). */
typedef struct Codec {
	StrBuf *out;            /* writing: the stored form grows here; NULL when reading */
	const char *p, *end;    /* reading: what is left of the stored form */
	const IrProgram *prog;  /* reading: the IR the result is about */
	const IrStmt **byid;    /* reading: its statements by id */
	bool bad;
} Codec;

static long get_i(Codec *c)
{
	char *e;
	long v = strtol(c->p, &e, 10);
	if (e == c->p || *e != '\n')
		c->bad = true;
	else
		c->p = e + 1;
	return v;
}

static void io_long(Codec *c, long *v)
{
	if (c->out)
		sb_addf(c->out, "%ld\n", *v);
	else
		*v = get_i(c);
}

static void io_int(Codec *c, int *v)
{
	if (c->out)
		sb_addf(c->out, "%d\n", *v);
	else
		*v = (int)get_i(c);
}

static void io_bool(Codec *c, bool *v)
{
	if (c->out)
		sb_addf(c->out, "%d\n", *v ? 1 : 0);
	else
		*v = get_i(c) != 0;
}

/* a count of what follows: reading, 0..max or bad */
static void io_count(Codec *c, int *n, int max)
{
	io_int(c, n);
	if (!c->out && (*n < 0 || *n > max))
		c->bad = true;
}

static void io_verdict(Codec *c, Verdict *v)
{
	int n = (int)*v;
	io_int(c, &n);
	if (!c->out && (n < 0 || n >= V_NVERDICTS))
		c->bad = true;
	*v = (Verdict)n;
}

static void io_double(Codec *c, double *v)
{
	if (c->out) {
		sb_addf(c->out, "%.17g\n", *v);
		return;
	}
	char *e;
	*v = strtod(c->p, &e);
	if (e == c->p || *e != '\n')
		c->bad = true;
	else
		c->p = e + 1;
}

/* "s LEN", the bytes and a newline; NULL is "n" */
static void io_str(Codec *c, const char **s)
{
	if (c->out) {
		if (!*s) {
			sb_add(c->out, "n\n");
			return;
		}
		sb_addf(c->out, "s %zu\n", strlen(*s));
		sb_add(c->out, *s);
		sb_add(c->out, "\n");
		return;
	}
	*s = NULL;
	if (c->bad)
		return;
	if (!strncmp(c->p, "n\n", 2)) {
		c->p += 2;
		return;
	}
	char *e;
	if (strncmp(c->p, "s ", 2)) {
		c->bad = true;
		return;
	}
	unsigned long n = strtoul(c->p + 2, &e, 10);
	if (*e != '\n' || (size_t)(c->end - (e + 1)) < n + 1) {
		c->bad = true;
		return;
	}
	*s = xstrndup(e + 1, n);
	c->p = e + 1 + n + 1;
}

static void io_loc(Codec *c, SrcLoc *l)
{
	io_str(c, &l->file);
	io_int(c, &l->line);
	io_int(c, &l->col);
}

/* a statement by its id, 0 for none */
static void io_stmt(Codec *c, const IrStmt **s)
{
	int id = *s ? (*s)->id : 0;
	io_int(c, &id);
	if (c->out)
		return;
	if (id < 0 || id > c->prog->nstmts || (id && !c->byid[id])) {
		c->bad = true;
		*s = NULL;
		return;
	}
	*s = id ? c->byid[id] : NULL;
}

/* an array of n elements: as it is when writing, a new one when reading
 * (none once the text is bad: n may be anything then) */
static void *io_array(Codec *c, void *data, int n, size_t size)
{
	if (c->out)
		return data;
	return c->bad ? NULL : arena_array((size_t)n + 1, size);
}

static void io_trail(Codec *c, Trail **tp)
{
	bool present = *tp != NULL;
	io_bool(c, &present);
	if (!present || c->bad) {
		*tp = NULL;
		return;
	}
	Trail *t = c->out ? *tp : arena_alloc(sizeof(*t));
	io_count(c, &t->nsteps, 100000000);
	io_count(c, &t->nthreads, 1000);
	if (c->bad) {
		*tp = NULL;
		return;
	}
	t->steps = io_array(c, t->steps, t->nsteps, sizeof(TrailStep));
	for (int i = 0; i < t->nsteps && !c->bad; i++) {
		TrailStep *s = &t->steps[i];
		io_int(c, &s->thread);
		io_stmt(c, &s->stmt);
		io_int(c, &s->lock);
		io_bool(c, &s->taken);
		io_int(c, &s->level_before);
		io_int(c, &s->level_after);
		io_int(c, &s->chosen);
		/* the values it changed (spin -g), so a reused trace shows them */
		io_count(c, &s->nchanges, 100000);
		s->changes = io_array(c, s->changes, s->nchanges, sizeof(ValChange));
		for (int k = 0; k < s->nchanges && !c->bad; k++) {
			ValChange *v = &s->changes[k];
			io_int(c, &v->var);
			io_int(c, &v->index);
			io_int(c, &v->before);
			io_int(c, &v->after);
			if (v->var < 0) /* trace.c checks the upper bound */
				c->bad = true;
		}
	}
	bool stuck = t->stuck != NULL, stuck_lock = t->stuck_lock != NULL;
	io_bool(c, &stuck);
	if (stuck) {
		t->stuck = io_array(c, t->stuck, t->nthreads, sizeof(IrStmt *));
		for (int i = 0; i < t->nthreads && !c->bad; i++)
			io_stmt(c, &t->stuck[i]);
	}
	io_bool(c, &stuck_lock);
	if (stuck_lock) {
		t->stuck_lock = io_array(c, t->stuck_lock, t->nthreads, sizeof(int));
		for (int i = 0; i < t->nthreads && !c->bad; i++)
			io_int(c, &t->stuck_lock[i]);
	}
	io_stmt(c, &t->failed);
	io_int(c, &t->failed_thread);
	io_int(c, &t->failed_lock);
	io_int(c, &t->failed_level);
	io_int(c, &t->failed_rank);
	io_int(c, &t->cycle_start);
	*tp = t;
}

/* Every stored field of r, in order.  Reading fills a zeroed r (the arena
 * is calloc'd) and allocates its arrays; writing stores back into *r only
 * the values it read from it. */
static void io_result(Codec *c, CheckResult *r)
{
	io_verdict(c, &r->verdict);
	io_bool(c, &r->complete);
	io_str(c, &r->incomplete_why);
	io_str(c, &r->detail);
	io_long(c, &r->states);
	io_long(c, &r->transitions);
	io_double(c, &r->seconds);
	io_double(c, &r->memory_mb);
	io_str(c, &r->pan_output);
	io_str(c, &r->spin_output);
	io_trail(c, &r->trail);
	io_count(c, &r->nunreached, c->out ? INT_MAX : c->prog->nstmts);
	r->unreached = io_array(c, r->unreached, r->nunreached, sizeof(IrStmt *));
	r->unreached_via = io_array(c, r->unreached_via, r->nunreached, sizeof(char *));
	for (int i = 0; i < r->nunreached && !c->bad; i++) {
		io_stmt(c, &r->unreached[i]);
		/* the call chain of an unreached inlined copy: without it the
		 * warning would say "never reached in any execution" */
		io_str(c, r->unreached_via ? &r->unreached_via[i] : &(const char *){ NULL });
	}
	io_count(c, &r->nall, 100000);
	r->all = io_array(c, r->all, r->nall, sizeof(Violation));
	for (int i = 0; i < r->nall && !c->bad; i++) {
		Violation *v = &r->all[i];
		io_verdict(c, &v->verdict);
		io_str(c, &v->detail);
		io_str(c, &v->spin_output);
		/* results.c tells the primary violation by its trail pointer */
		bool primary = v->trail && v->trail == r->trail;
		io_bool(c, &primary);
		if (!primary)
			io_trail(c, &v->trail);
		else if (!c->out)
			v->trail = r->trail;
	}
	io_long(c, &r->errors);
	io_bool(c, &r->errors_counted);
	/* a swarm result is never cached, but check -j's children hand theirs
	 * back in this form */
	io_str(c, &r->search);
	io_double(c, &r->hash_factor);
	io_double(c, &r->coverage);
	io_count(c, &r->nedges, 1000000);
	r->edges = io_array(c, r->edges, r->nedges, sizeof(OrderEdge));
	for (int i = 0; i < r->nedges && !c->bad; i++) {
		OrderEdge *e = &r->edges[i];
		io_int(c, &e->from);
		io_int(c, &e->to);
		io_loc(c, &e->loc);
		io_loc(c, &e->from_loc);
		io_int(c, &e->from_sub);
		io_int(c, &e->to_sub);
		if (!c->out && (e->from_sub < 0 || e->from_sub >= IR_MAX_SUBCLASS || e->to_sub < 0 ||
				e->to_sub >= IR_MAX_SUBCLASS))
			c->bad = true;
		if (!c->out && (e->from < 0 || e->from >= c->prog->nclasses || e->to < 0 || e->to >= c->prog->nclasses))
			c->bad = true;
	}
}

void cache_store(const char *work, const char *key, const CheckResult *r)
{
	const char *dir = xprintf("%s/verdicts", work);
	if (!mkdir_p(dir))
		die("cannot create '%s'", dir);
	StrBuf sb;
	sb_init(&sb);
	sb_add(&sb, CACHE_MAGIC);
	Codec c = { .out = &sb };
	io_result(&c, (CheckResult *)r);
	sb_add(&sb, "end\n");
	const char *path = xprintf("%s/%s", dir, key), *tmp = xprintf("%s.tmp", path);
	/* written whole, then renamed: a run that stops midway leaves no half entry */
	if (!write_file(tmp, sb.buf, sb.len) || rename(tmp, path) != 0)
		die("cannot write '%s'", path);
	sb_release(&sb);
}

static void index_stmts(const IrStmt *s, const IrStmt **byid, int n)
{
	for (; s; s = s->next) {
		if (s->id > 0 && s->id <= n)
			byid[s->id] = s;
		index_stmts(s->body, byid, n);
		index_stmts(s->then, byid, n);
		index_stmts(s->els, byid, n);
	}
}

CheckResult *cache_load(const char *work, const char *key, const IrProgram *p)
{
	size_t len;
	const char *text = read_file(xprintf("%s/verdicts/%s", work, key), &len);
	if (!text || strncmp(text, CACHE_MAGIC, strlen(CACHE_MAGIC)))
		return NULL;
	Codec c = { .p = text + strlen(CACHE_MAGIC), .end = text + len, .prog = p };
	c.byid = arena_array((size_t)p->nstmts + 1, sizeof(IrStmt *));
	for (int t = 0; t < p->nthreads; t++)
		index_stmts(p->threads[t]->body, c.byid, p->nstmts);
	CheckResult *r = arena_alloc(sizeof(*r));
	io_result(&c, r);
	if (c.bad || strcmp(c.p, "end\n"))
		return NULL;
	return r;
}

/* ---- what changed since REV --------------------------------------------- */
static const char *shell_quote(const char *s)
{
	StrBuf sb;
	sb_init(&sb);
	sb_add(&sb, "'");
	for (; *s; s++)
		sb_add(&sb, *s == '\'' ? "'\\''" : (char[]){ *s, 0 });
	sb_add(&sb, "'");
	return sb_detach_arena(&sb);
}

/* stdout of a shell command, NULL if it failed */
static char *cache_run(const char *cmd)
{
	FILE *f = popen(cmd, "r");
	if (!f)
		return NULL;
	StrBuf sb;
	sb_init(&sb);
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_addn(&sb, buf, n);
	int st = pclose(f);
	char *out = sb_detach_arena(&sb);
	return st == 0 ? out : NULL;
}

static const char *real(const char *path)
{
	char buf[PATH_MAX];
	return realpath(path, buf) ? xstrdup(buf) : xstrdup(path);
}

/* The files changed since rev (committed, staged, in the work tree, and
 * untracked), as real paths; dies if rev is not a revision here. */
static PtrVec *changed_files(const char *rev)
{
	static PtrVec files;
	static const char *done;
	if (done && !strcmp(done, rev))
		return &files;
	done = xstrdup(rev);
	const char *top = cache_run("git rev-parse --show-toplevel 2>/dev/null");
	if (!top)
		die("--changed needs a git work tree");
	top = xstrndup(top, strcspn(top, "\n"));
	const char *q = shell_quote(rev);
	char *diff = cache_run(xprintf("git diff --name-only %s -- 2>/dev/null && "
				       "git ls-files --others --exclude-standard --full-name 2>/dev/null", q));
	if (!diff || !cache_run(xprintf("git rev-parse --verify --quiet %s^{commit} >/dev/null", q)))
		die_usage("--changed: '%s' is not a revision of this repository", rev);
	for (char *line = strtok(diff, "\n"); line; line = strtok(NULL, "\n"))
		vec_push(&files, (void *)real(xprintf("%s/%s", top, line)));
	return &files;
}

bool cache_spec_changed(const char *rev, const char *spec, const char *defines, const char **cargs, int ncargs)
{
	PtrVec *changed = changed_files(rev);
	/* the spec and every header it includes, as the compiler sees them */
	StrBuf cmd;
	sb_init(&cmd);
	sb_addf(&cmd, "${CC:-cc} -M -std=c11 -xc -I%s", shell_quote(harness_find() ? harness_find() : "harness"));
	for (int i = 0; i < ncargs; i++)
		sb_addf(&cmd, " %s", shell_quote(cargs[i]));
	char *defs = xstrdup(defines ? defines : "");
	for (char *tok = strtok(defs, " \t"); tok; tok = strtok(NULL, " \t"))
		sb_addf(&cmd, " %s", shell_quote(xprintf("-D%s", tok)));
	sb_addf(&cmd, " %s 2>/dev/null", shell_quote(spec));
	char *deps = cache_run(cmd.buf);
	sb_release(&cmd);
	if (!deps)
		return true; /* cannot tell: search again */
	/* "spec.o: spec.c lockspin.h \\\n ..." */
	char *colon = strchr(deps, ':');
	for (char *tok = strtok(colon ? colon + 1 : deps, " \t\n\\"); tok; tok = strtok(NULL, " \t\n\\")) {
		const char *r = real(tok);
		for (int i = 0; i < changed->len; i++)
			if (!strcmp(changed->data[i], r))
				return true;
	}
	return false;
}

/* A side-car program changed since rev: any file its translation unit read
 * (the upstream files, the side-car, every header, the forced -include),
 * or compile_commands.json, is among git's changed files. */
static bool cache_program_changed(const char *rev, const IrSideProg *sp)
{
	PtrVec *changed = changed_files(rev);
	for (int k = 0; k < sp->ninputs; k++)
		for (int i = 0; i < changed->len; i++)
			if (!strcmp(changed->data[i], sp->inputs[k]))
				return true;
	return false;
}

/* The contents of every input of a side-car program, as one hash: its
 * verdicts are keyed on them too, so an edit of a file git does not
 * follow (an upstream tree outside this repository) is never reused. */
static const char *cache_program_inputs(const IrSideProg *sp)
{
	uint64_t h = CACHE_FNV_SEED;
	for (int k = 0; k < sp->ninputs; k++) {
		size_t n = 0;
		const char *text = read_file(sp->inputs[k], &n);
		h = cache_fnv(h, sp->inputs[k], strlen(sp->inputs[k]) + 1);
		h = text ? cache_fnv(h, text, n) : cache_fnv(h, "", 1);
	}
	return xprintf(" inputs=%016llx", (unsigned long long)h);
}

/* The lock subclasses (IrStmt.subclass) are not in the model text, yet the
 * lock-order verdict depends on them: a spec edited only in a subclass must
 * not reuse.  "" when there are none, so other keys are what they were. */
static void subclasses_of(const IrStmt *s, StrBuf *sb)
{
	for (; s; s = s->next) {
		if (s->kind == S_LOCK && s->subclass)
			sb_addf(sb, " %d/%d", s->id, s->subclass);
		subclasses_of(s->body, sb);
		subclasses_of(s->then, sb);
		subclasses_of(s->els, sb);
	}
}

static const char *cache_subclasses(const IrProgram *p)
{
	StrBuf sb;
	sb_init(&sb);
	for (int t = 0; t < p->nthreads; t++)
		subclasses_of(p->threads[t]->body, &sb);
	const char *r = sb.len ? xprintf(" subclass=%s", sb.buf + 1) : "";
	sb_release(&sb);
	return r;
}

/* The IR the model was emitted from, as --dump=ir prints it: what the
 * result tells beyond the verdict (a detail's C places, the lock-order
 * edges' locations, statements by id) comes from the IR, so a key that
 * covers the model text alone would let an IR change the model text does
 * not show reuse a stale result.  With --changed, git guarded that; with
 * --reuse this is the guard. */
static const char *cache_ir(const IrProgram *p)
{
	StrBuf sb;
	sb_init(&sb);
	ir_dump(p, &sb);
	const char *r = xprintf(" ir=%016llx", (unsigned long long)cache_fnv(CACHE_FNV_SEED, sb.buf, sb.len));
	sb_release(&sb);
	return r;
}

/* The key of p's result: its model text, the search options, everything
 * above.  check -j --reuse asks for a variant's key twice (cache_has, then
 * cache_check): the last one is kept, so the IR is dumped and a side-car
 * program's inputs are read once a variant. */
static const char *cache_key_of(const IrProgram *p, const char *pml, const SpinOptions *so)
{
	static const IrProgram *last_p;
	static const char *last_pml, *last_key;
	static SpinOptions last_so;
	if (last_key && p == last_p && pml == last_pml && so->max_depth == last_so.max_depth &&
	    so->memory_mb == last_so.memory_mb && so->time_limit == last_so.time_limit && so->mode == last_so.mode)
		return last_key; /* the options the key holds, below */
	/* --mode is part of the key only when it is not the default, so an
	 * exhaustive run's keys are what they were */
	last_p = p, last_pml = pml, last_so = *so;
	return last_key = cache_key(pml, xprintf("depth=%ld memory=%ld timeout=%d%s%s%s%s", so->max_depth, so->memory_mb,
				      so->time_limit, so->mode == SEARCH_AUTO ? " mode=auto"
				      : so->mode == SEARCH_SWARM ? " mode=swarm" : "",
				      cache_subclasses(p), p->sideprog ? cache_program_inputs(p->sideprog) : "",
				      cache_ir(p)));
}

bool cache_has(const IrProgram *p, const char *pml, const SpinOptions *so, const char *work)
{
	return access(xprintf("%s/verdicts/%s", work, cache_key_of(p, pml, so)), R_OK) == 0;
}

CheckResult *cache_check(const IrProgram *p, const IrVariant *v, const char *pml, const SpinOptions *so,
			 const char *work, const char *rev, bool reuse, const char **cargs, int ncargs,
			 bool *reused)
{
	const char *key = cache_key_of(p, pml, so);
	*reused = false;
	/* --changed: only a spec git says is unchanged may reuse; --reuse: any
	 * whose key is in the cache (the key covers every input, above) */
	bool may = rev ? !(p->sideprog ? cache_program_changed(rev, p->sideprog)
			   : cache_spec_changed(rev, p->spec, v->defines, cargs, ncargs))
		   : reuse;
	if (may) {
		CheckResult *r = cache_load(work, key, p);
		if (r) {
			*reused = true;
			return r;
		}
	}
	CheckResult *r = swarm_search(p, pml, so);
	/* a swarm's result is never reused: another swarm may find what this
	 * one missed */
	if (!r->search)
		cache_store(work, key, r);
	return r;
}
