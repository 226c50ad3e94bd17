/*
 * cache.c - the verdict cache behind `lockspin check --changed REV`.
 *
 * A CheckResult is stored under a key that hashes everything its search
 * depended on: the Promela model text, the search options, and the lockspin
 * binary itself (so a rebuilt lockspin never reuses an old verdict).  An
 * unchanged model is therefore never searched twice, whatever git says; git
 * only decides which specs may reuse at all (cache_spec_changed).
 *
 * The stored form is text, one value a line; strings are length-prefixed
 * ("s 12" then the bytes and a newline), NULL is "n".  IR statements are
 * stored by id: the same model text comes from the same IR, whose ids
 * ir_number() gave in the same order.
 *   <work>/verdicts/<key>   one CheckResult
 */
#include "results.h"

#include "stages.h"
#include "swarm.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_MAGIC "lockspin-verdict-cache 3\n"

uint64_t cache_fnv(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h;
}

const char *cache_key(const char *model_text, const char *options)
{
	static uint64_t self;
	if (!self) {
		size_t n = 0;
		const char *exe = read_file("/proc/self/exe", &n);
		self = cache_fnv(1469598103934665603ull, LOCKSPIN_VERSION, strlen(LOCKSPIN_VERSION));
		if (exe)
			self = cache_fnv(self, exe, n);
	}
	uint64_t h = cache_fnv(self, options, strlen(options) + 1);
	h = cache_fnv(h, model_text, strlen(model_text));
	return xprintf("%016llx", (unsigned long long)h);
}

/* ---- writing ------------------------------------------------------------ */
static void put_i(StrBuf *sb, long v)
{
	sb_addf(sb, "%ld\n", v);
}

static void put_s(StrBuf *sb, const char *s)
{
	if (!s) {
		sb_add(sb, "n\n");
		return;
	}
	sb_addf(sb, "s %zu\n", strlen(s));
	sb_add(sb, s);
	sb_add(sb, "\n");
}

static void put_loc(StrBuf *sb, SrcLoc l)
{
	put_s(sb, l.file);
	put_i(sb, l.line);
	put_i(sb, l.col);
}

static void put_stmt(StrBuf *sb, const IrStmt *s)
{
	put_i(sb, s ? s->id : 0);
}

static void put_trail(StrBuf *sb, const Trail *t)
{
	put_i(sb, t != NULL);
	if (!t)
		return;
	put_i(sb, t->nsteps);
	put_i(sb, t->nthreads);
	for (int i = 0; i < t->nsteps; i++) {
		const TrailStep *s = &t->steps[i];
		put_i(sb, s->thread);
		put_stmt(sb, s->stmt);
		put_i(sb, s->lock);
		put_i(sb, s->taken);
		put_i(sb, s->level_before);
		put_i(sb, s->level_after);
		put_i(sb, s->chosen);
		/* the values it changed (spin -g), so a reused trace shows them */
		put_i(sb, s->nchanges);
		for (int k = 0; k < s->nchanges; k++) {
			put_i(sb, s->changes[k].var);
			put_i(sb, s->changes[k].index);
			put_i(sb, s->changes[k].before);
			put_i(sb, s->changes[k].after);
		}
	}
	put_i(sb, t->stuck != NULL);
	for (int i = 0; t->stuck && i < t->nthreads; i++)
		put_stmt(sb, t->stuck[i]);
	put_i(sb, t->stuck_lock != NULL);
	for (int i = 0; t->stuck_lock && i < t->nthreads; i++)
		put_i(sb, t->stuck_lock[i]);
	put_stmt(sb, t->failed);
	put_i(sb, t->failed_thread);
	put_i(sb, t->failed_lock);
	put_i(sb, t->failed_level);
	put_i(sb, t->failed_rank);
	put_i(sb, t->cycle_start);
}

void cache_store(const char *work, const char *key, const CheckResult *r)
{
	const char *dir = xprintf("%s/verdicts", work);
	if (!mkdir_p(dir))
		die("cannot create '%s'", dir);
	StrBuf sb;
	sb_init(&sb);
	sb_add(&sb, CACHE_MAGIC);
	put_i(&sb, r->verdict);
	put_i(&sb, r->complete);
	put_s(&sb, r->incomplete_why);
	put_s(&sb, r->detail);
	put_i(&sb, r->states);
	put_i(&sb, r->transitions);
	sb_addf(&sb, "%.17g\n%.17g\n", r->seconds, r->memory_mb);
	put_s(&sb, r->pan_output);
	put_s(&sb, r->spin_output);
	put_trail(&sb, r->trail);
	put_i(&sb, r->nunreached);
	for (int i = 0; i < r->nunreached; i++)
		put_stmt(&sb, r->unreached[i]);
	put_i(&sb, r->nall);
	for (int i = 0; i < r->nall; i++) {
		const Violation *v = &r->all[i];
		put_i(&sb, v->verdict);
		put_s(&sb, v->detail);
		put_s(&sb, v->spin_output);
		/* results.c tells the primary violation by its trail pointer */
		put_i(&sb, v->trail && v->trail == r->trail);
		if (!(v->trail && v->trail == r->trail))
			put_trail(&sb, v->trail);
	}
	put_i(&sb, r->errors);
	put_i(&sb, r->errors_counted);
	put_i(&sb, r->nedges);
	for (int i = 0; i < r->nedges; i++) {
		put_i(&sb, r->edges[i].from);
		put_i(&sb, r->edges[i].to);
		put_loc(&sb, r->edges[i].loc);
		put_loc(&sb, r->edges[i].from_loc);
	}
	sb_add(&sb, "end\n");
	const char *path = xprintf("%s/%s", dir, key), *tmp = xprintf("%s.tmp", path);
	/* written whole, then renamed: a run that stops midway leaves no half entry */
	if (!write_file(tmp, sb.buf, sb.len) || rename(tmp, path) != 0)
		die("cannot write '%s'", path);
	sb_release(&sb);
}

/* ---- reading ------------------------------------------------------------ */
typedef struct Reader {
	const char *p, *end;
	const IrStmt **byid;
	int nstmts;
	bool bad;
} Reader;

static long get_i(Reader *r)
{
	char *e;
	long v = strtol(r->p, &e, 10);
	if (e == r->p || *e != '\n')
		r->bad = true;
	else
		r->p = e + 1;
	return v;
}

static double get_d(Reader *r)
{
	char *e;
	double v = strtod(r->p, &e);
	if (e == r->p || *e != '\n')
		r->bad = true;
	else
		r->p = e + 1;
	return v;
}

static const char *get_s(Reader *r)
{
	if (r->bad)
		return NULL;
	if (!strncmp(r->p, "n\n", 2)) {
		r->p += 2;
		return NULL;
	}
	char *e;
	if (strncmp(r->p, "s ", 2)) {
		r->bad = true;
		return NULL;
	}
	unsigned long n = strtoul(r->p + 2, &e, 10);
	if (*e != '\n' || (size_t)(r->end - (e + 1)) < n + 1) {
		r->bad = true;
		return NULL;
	}
	const char *s = xstrndup(e + 1, n);
	r->p = e + 1 + n + 1;
	return s;
}

static SrcLoc get_loc(Reader *r)
{
	SrcLoc l;
	l.file = get_s(r);
	l.line = (int)get_i(r);
	l.col = (int)get_i(r);
	return l;
}

static const IrStmt *get_stmt(Reader *r)
{
	long id = get_i(r);
	if (id < 0 || id > r->nstmts || (id && !r->byid[id])) {
		r->bad = true;
		return NULL;
	}
	return id ? r->byid[id] : NULL;
}

static Trail *get_trail(Reader *r)
{
	if (!get_i(r) || r->bad)
		return NULL;
	Trail *t = arena_alloc(sizeof(*t));
	t->nsteps = (int)get_i(r);
	t->nthreads = (int)get_i(r);
	if (r->bad || t->nsteps < 0 || t->nthreads < 0 || t->nsteps > 100000000 || t->nthreads > 1000) {
		r->bad = true;
		return NULL;
	}
	t->steps = arena_array((size_t)t->nsteps + 1, sizeof(TrailStep));
	for (int i = 0; i < t->nsteps && !r->bad; i++) {
		TrailStep *s = &t->steps[i];
		s->thread = (int)get_i(r);
		s->stmt = get_stmt(r);
		s->lock = (int)get_i(r);
		s->taken = get_i(r) != 0;
		s->level_before = (int)get_i(r);
		s->level_after = (int)get_i(r);
		s->chosen = (int)get_i(r);
		s->nchanges = (int)get_i(r);
		if (s->nchanges < 0 || s->nchanges > 100000) {
			r->bad = true;
			break;
		}
		s->changes = arena_array((size_t)s->nchanges + 1, sizeof(ValChange));
		for (int k = 0; k < s->nchanges; k++) {
			ValChange *c = &s->changes[k];
			c->var = (int)get_i(r);
			c->index = (int)get_i(r);
			c->before = (int)get_i(r);
			c->after = (int)get_i(r);
			if (c->var < 0) /* trace.c checks the upper bound */
				r->bad = true;
		}
	}
	if (get_i(r)) {
		t->stuck = arena_array((size_t)t->nthreads + 1, sizeof(IrStmt *));
		for (int i = 0; i < t->nthreads && !r->bad; i++)
			t->stuck[i] = get_stmt(r);
	}
	if (get_i(r)) {
		t->stuck_lock = arena_array((size_t)t->nthreads + 1, sizeof(int));
		for (int i = 0; i < t->nthreads && !r->bad; i++)
			t->stuck_lock[i] = (int)get_i(r);
	}
	t->failed = get_stmt(r);
	t->failed_thread = (int)get_i(r);
	t->failed_lock = (int)get_i(r);
	t->failed_level = (int)get_i(r);
	t->failed_rank = (int)get_i(r);
	t->cycle_start = (int)get_i(r);
	return t;
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
	Reader rd = { text + strlen(CACHE_MAGIC), text + len, NULL, p->nstmts, false };
	rd.byid = arena_array((size_t)p->nstmts + 1, sizeof(IrStmt *));
	for (int t = 0; t < p->nthreads; t++)
		index_stmts(p->threads[t]->body, rd.byid, p->nstmts);
	CheckResult *r = arena_alloc(sizeof(*r));
	r->verdict = (Verdict)get_i(&rd);
	r->complete = get_i(&rd) != 0;
	r->incomplete_why = get_s(&rd);
	r->detail = get_s(&rd);
	r->states = get_i(&rd);
	r->transitions = get_i(&rd);
	r->seconds = get_d(&rd);
	r->memory_mb = get_d(&rd);
	r->pan_output = get_s(&rd);
	r->spin_output = get_s(&rd);
	r->trail = get_trail(&rd);
	r->nunreached = (int)get_i(&rd);
	if (rd.bad || r->nunreached < 0 || r->nunreached > p->nstmts || r->verdict < 0 || r->verdict >= V_NVERDICTS)
		return NULL;
	r->unreached = arena_array((size_t)r->nunreached + 1, sizeof(IrStmt *));
	for (int i = 0; i < r->nunreached; i++)
		r->unreached[i] = get_stmt(&rd);
	r->nall = (int)get_i(&rd);
	if (rd.bad || r->nall < 0 || r->nall > 100000)
		return NULL;
	r->all = arena_array((size_t)r->nall + 1, sizeof(Violation));
	for (int i = 0; i < r->nall && !rd.bad; i++) {
		Violation *v = &r->all[i];
		v->verdict = (Verdict)get_i(&rd);
		v->detail = get_s(&rd);
		v->spin_output = get_s(&rd);
		v->trail = get_i(&rd) ? r->trail : get_trail(&rd);
	}
	r->errors = get_i(&rd);
	r->errors_counted = get_i(&rd) != 0;
	r->nedges = (int)get_i(&rd);
	if (rd.bad || r->nedges < 0 || r->nedges > 1000000)
		return NULL;
	r->edges = arena_array((size_t)r->nedges + 1, sizeof(OrderEdge));
	for (int i = 0; i < r->nedges && !rd.bad; i++) {
		r->edges[i].from = (int)get_i(&rd);
		r->edges[i].to = (int)get_i(&rd);
		r->edges[i].loc = get_loc(&rd);
		r->edges[i].from_loc = get_loc(&rd);
	}
	if (rd.bad || strcmp(rd.p, "end\n"))
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

CheckResult *cache_check(const IrProgram *p, const IrVariant *v, const char *pml, const SpinOptions *so,
			 const char *work, const char *rev, const char **cargs, int ncargs, bool *reused)
{
	/* --mode is part of the key only when it is not the default, so an
	 * exhaustive run's keys are what they were */
	const char *key = cache_key(pml, xprintf("depth=%ld memory=%ld timeout=%d%s", so->max_depth, so->memory_mb,
						 so->time_limit, so->mode == SEARCH_AUTO ? " mode=auto"
								 : so->mode == SEARCH_SWARM ? " mode=swarm" : ""));
	*reused = false;
	if (rev && !cache_spec_changed(rev, p->spec, v->defines, cargs, ncargs)) {
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
