/*
 * pml_decode.c - pan's and spin's output about a model back into IR: the
 * trail `spin -t -p` prints (a Trail of IR statements), pan's unreached
 * report (the lock operations and assertions no execution reaches) and the
 * order markers it lists (the lock-order pairs some execution takes).
 *
 * It reads the PmlMap pml_emit returned (which statement and thread every
 * tag id is, which entry tags name a lock, the order markers) and the tag
 * formats of pml_tags.h, never the model text: what an emitted statement
 * looks like is promela.c's (and pml_lock.c's) alone.
 *
 * The stuck statement of a blocked thread is the last one it entered and
 * did not finish; spin prints no text for it, only a state number.  A
 * thread that printed no tag and is not at a valid end waits at the
 * acquisition it starts with (PmlMap.first_lock), whose tag comes after the
 * guard.
 */
#include "pml_tags.h"
#include "stages.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- decoding spin -t -p ------------------------------------------------------------------ */
typedef struct ThreadState {
	const IrStmt *cur; /* entered, not finished */
	int curlock;
	int currank;       /* from an " r<R>" tag, else -1 */
	bool plain_pending; /* cur is recorded at its next non-tag step */
	int chosen;
	bool at_exit;
	bool tagged;       /* some tag of the thread's ran */
	int level;
	int *hold, *rhold, *saved;
} ThreadState;

typedef struct Decoder {
	const IrProgram *p;
	const PmlMap *map;
	ThreadState *ts;
	PtrVec steps;
	bool ranks;
} Decoder;

/* Whether tag is the tag format fmt (pml_tags.h, up to three %d) exactly,
 * or with rest != NULL as a prefix (*rest: what follows); its values in v. */
static bool pml_tag_is(const char *tag, const char *fmt, int *v, const char **rest)
{
	int k = 0, n = -1, got;
	for (const char *c = fmt; (c = strstr(c, "%d")); c += 2)
		k++;
	const char *f = xprintf("%s%%n", fmt);
	int w[3];
	if (!v)
		v = w;
	switch (k) {
	case 0: got = sscanf(tag, f, &n); break;
	case 1: got = sscanf(tag, f, &v[0], &n); break;
	case 2: got = sscanf(tag, f, &v[0], &v[1], &n); break;
	case 3: got = sscanf(tag, f, &v[0], &v[1], &v[2], &n); break;
	default: BUG("tag format '%s'", fmt);
	}
	if (got != k || n < 0 || (!rest && tag[n]))
		return false;
	if (rest)
		*rest = tag + n;
	return true;
}

static int pml_rank_of(Decoder *d, ThreadState *t, int id)
{
	if (t->currank >= 0)
		return t->currank;
	return d->p->classes[d->p->locks[id]->cls]->rank;
}

static TrailStep *dec_step(Decoder *d, int thread, const IrStmt *s)
{
	TrailStep *st = arena_alloc(sizeof(*st));
	st->thread = thread;
	st->stmt = s;
	st->lock = -1;
	st->level_before = st->level_after = d->ranks ? d->ts[thread].level : -1;
	st->chosen = d->ts[thread].chosen;
	d->ts[thread].chosen = -1;
	vec_push(&d->steps, st);
	return st;
}

/* A lock operation finished (ok: acquired / released / trylock succeeded). */
static void dec_lock_done(Decoder *d, int thread, bool ok)
{
	ThreadState *t = &d->ts[thread];
	const IrStmt *s = t->cur;
	if (!s || s->kind != S_LOCK)
		return;
	TrailStep *st = dec_step(d, thread, s);
	int id = t->curlock;
	st->lock = id;
	st->taken = ok;
	if (ok && id >= 0) {
		const IrLockClass *c = d->p->classes[d->p->locks[id]->cls];
		bool ranked = d->ranks && c->rank >= 0;
		if (s->op == LO_DOWNGRADE) {
			t->hold[id]--;
			t->rhold[id]++;
		} else if (s->op == LO_RELEASE) {
			if (s->mode == LM_SHARED)
				t->rhold[id]--;
			else if (--t->hold[id] == 0 && ranked)
				t->level = t->saved[id];
		} else if (s->mode == LM_SHARED) {
			t->rhold[id]++;
		} else if (t->hold[id] > 0) {
			t->hold[id]++; /* recursive re-take: no level change */
		} else {
			t->hold[id] = 1;
			if (ranked) {
				t->saved[id] = t->level;
				t->level = pml_rank_of(d, t, id);
			}
		}
	}
	if (d->ranks)
		st->level_after = t->level;
	t->cur = NULL;
}

static void dec_tag(Decoder *d, int thread, const char *tag)
{
	ThreadState *t = &d->ts[thread];
	int v[3];
	const char *rest;
	t->tagged = true;
	if (pml_tag_is(tag, PML_TAG_EXIT, NULL, NULL)) {
		t->cur = NULL;
		t->at_exit = true;
		return;
	}
	if (pml_tag_is(tag, PML_TAG_ORDER, NULL, NULL) || !pml_tag_is(tag, PML_TAG_ENTER, v, &rest))
		return;
	int n = v[0];
	if (n < 1 || n > d->p->nstmts || !d->map->stmt[n])
		return;
	const IrStmt *s = d->map->stmt[n];
	if (!*rest) {
		/* entering a statement */
		t->cur = s;
		t->curlock = -1;
		t->currank = -1;
		t->plain_pending = false;
		switch (s->kind) {
		case S_ASSIGN:
		case S_ASSERT:
			t->plain_pending = true;
			break;
		case S_LOCK:
			break;
		default:
			dec_step(d, thread, s);
			t->cur = NULL;
		}
		return;
	}
	if (pml_tag_is(tag, PML_TAG_LOCK, v, &rest)) {
		t->cur = s;
		t->plain_pending = false;
		t->curlock = v[1];
		if (t->curlock < 0 || t->curlock >= d->p->nlocks)
			t->curlock = -1;
		t->currank = -1;
		int r;
		if (sscanf(rest, PML_TAG_RANK, &r) == 1)
			t->currank = r;
	} else if (pml_tag_is(tag, PML_TAG_DONE, v, NULL) || pml_tag_is(tag, PML_TAG_FAILED, v, NULL)) {
		if (t->cur != s) {
			t->cur = s;
			t->curlock = -1;
		}
		dec_lock_done(d, thread, pml_tag_is(tag, PML_TAG_DONE, v, NULL));
	} else if (pml_tag_is(tag, PML_TAG_TRUE, v, NULL) || pml_tag_is(tag, PML_TAG_FALSE, v, NULL)) {
		TrailStep *st = dec_step(d, thread, s);
		st->taken = pml_tag_is(tag, PML_TAG_TRUE, v, NULL);
		t->cur = NULL;
	} else if (pml_tag_is(tag, PML_TAG_CHOSE, v, NULL)) {
		t->chosen = v[1];
		if (t->cur != s && (s->kind == S_ASSIGN || s->kind == S_ASSERT)) {
			t->cur = s;
			t->plain_pending = true;
		}
	}
}

/* Parse "  12:\tproc  2 (t1_f:1) spec/x.c:41 (state 3)\t[text]". */
typedef struct StepLine {
	int pid;
	const char *file;
	int line;
	const char *text; /* NULL: a final-state line */
	bool valid_end;
} StepLine;

static bool parse_step_line(const char *ln, StepLine *out)
{
	const char *c = ln;
	while (*c == ' ' || *c == '\t')
		c++;
	if (!isdigit((unsigned char)*c))
		return false;
	while (isdigit((unsigned char)*c))
		c++;
	if (*c++ != ':')
		return false;
	while (*c == ' ' || *c == '\t')
		c++;
	if (strncmp(c, "proc", 4) != 0)
		return false;
	c += 4;
	char *e;
	out->pid = (int)strtol(c, &e, 10);
	if (e == c)
		return false;
	c = e;
	while (*c == ' ')
		c++;
	if (*c != '(')
		return false; /* "proc 2 terminates" */
	c = strchr(c, ')');
	if (!c)
		return false;
	c++;
	while (*c == ' ')
		c++;
	const char *st = strstr(c, " (state ");
	if (!st)
		return false;
	const char *colon = st;
	while (colon > c && *colon != ':')
		colon--;
	out->file = xstrndup(c, (size_t)(colon - c));
	out->line = atoi(colon + 1);
	const char *br = strchr(st, '[');
	out->text = NULL;
	if (br) {
		const char *rb = strrchr(br, ']');
		out->text = xstrndup(br + 1, rb ? (size_t)(rb - br - 1) : strlen(br + 1));
	}
	out->valid_end = strstr(st, "<valid end state>") != NULL;
	return true;
}

/* The tag of a tag statement's text as spin shows it (PML_SHOWN_OPEN ...),
 * when the printed output line was not seen. */
static const char *tag_from_text(const char *text)
{
	const char *q = strstr(text, PML_SHOWN_OPEN);
	if (!q)
		return NULL;
	q += strlen(PML_SHOWN_OPEN);
	const char *e = strstr(q, PML_SHOWN_NL);
	if (!e)
		e = strstr(q, PML_SHOWN_CLOSE);
	return e ? xstrndup(q, (size_t)(e - q)) : NULL;
}

/* A `\t\tNAME[I] = V` line of spin -g: if V is new, a ValChange of the
 * last step of thread th (the one whose statement spin just printed; the
 * statement is that step or belongs to it).  False if not a value line. */
static bool dec_value(Decoder *d, const char *c, int **vals, int th)
{
	const IrProgram *p = d->p;
	size_t n = strcspn(c, "[ ");
	int var = -1;
	for (int i = 0; i < p->nvars && var < 0; i++)
		if (strlen(d->map->var[i]) == n && !strncmp(d->map->var[i], c, n))
			var = i;
	int index = 0, value;
	char *e;
	c += n;
	if (*c == '[') {
		index = (int)strtol(c + 1, &e, 10);
		if (*e != ']')
			return false;
		c = e + 1;
	}
	if (strncmp(c, " = ", 3))
		return false;
	value = (int)strtol(c + 3, &e, 10);
	if (var < 0 || *e)
		return var < 0; /* a global of the model's own (lk_owner): not C state */
	const IrVar *v = p->vars[var];
	if (index < 0 || index >= (p->types[v->type]->ninst + 1) * v->arrlen || vals[var][index] == value)
		return true;
	int before = vals[var][index];
	vals[var][index] = value;
	TrailStep *st = NULL;
	for (int i = d->steps.len - 1; th >= 0 && i >= 0 && !st; i--)
		if (((TrailStep *)d->steps.data[i])->thread == th)
			st = d->steps.data[i];
	if (!st)
		return true; /* init's initial values */
	ValChange *vc = arena_array((size_t)st->nchanges + 1, sizeof(ValChange));
	if (st->nchanges)
		memcpy(vc, st->changes, (size_t)st->nchanges * sizeof(ValChange));
	vc[st->nchanges++] = (ValChange){ var, index, before, value };
	st->changes = vc;
	return true;
}

Trail *pml_decode_trail(const IrProgram *p, const PmlMap *map, const char *spin_output)
{
	if (!spin_output)
		return NULL;
	Decoder d = { .p = p, .map = map };
	d.ts = arena_array((size_t)p->nthreads + 1, sizeof(ThreadState));
	for (int i = 0; i < p->nclasses; i++)
		if (p->classes[i]->rank >= 0)
			d.ranks = true;
	int nl = p->nlocks + 1;
	for (int i = 0; i < p->nthreads; i++) {
		ThreadState *t = &d.ts[i];
		t->curlock = t->currank = t->chosen = -1;
		t->hold = arena_array((size_t)nl, sizeof(int));
		t->rhold = arena_array((size_t)nl, sizeof(int));
		t->saved = arena_array((size_t)nl, sizeof(int));
	}
	Trail *tr = arena_alloc(sizeof(*tr));
	tr->nthreads = p->nthreads;
	tr->stuck = arena_array((size_t)p->nthreads + 1, sizeof(*tr->stuck));
	tr->stuck_lock = arena_array((size_t)p->nthreads + 1, sizeof(int));
	tr->failed_thread = -1;
	tr->failed_lock = tr->failed_level = tr->failed_rank = -1;
	tr->cycle_start = -1;
	for (int i = 0; i < p->nthreads; i++)
		tr->stuck_lock[i] = -1;

	bool final = false, assert_next = false, seen_proc = false, past_error = false;
	const char *lastout = NULL; /* the last printf output line */
	/* spin -g prints every global after each step that changes one:
	 * the values as they are, from the initial ones, to tell what changed */
	int **vals = arena_array((size_t)p->nvars + 1, sizeof(int *));
	for (int i = 0; i < p->nvars; i++) {
		int n = (p->types[p->vars[i]->type]->ninst + 1) * p->vars[i]->arrlen;
		vals[i] = arena_array((size_t)n, sizeof(int));
		memcpy(vals[i], p->vars[i]->init, (size_t)n * sizeof(int));
	}
	int lastth = -1; /* the thread of the last step line */
	const char *ln = spin_output;
	while (*ln) {
		const char *nl_ = strchr(ln, '\n');
		size_t len = nl_ ? (size_t)(nl_ - ln) : strlen(ln);
		char *line = xstrndup(ln, len);
		ln += len + (nl_ ? 1 : 0);

		StepLine sl;
		if (strstr(line, "<<<<<START OF CYCLE>>>>>")) {
			tr->cycle_start = d.steps.len;
			continue;
		}
		if (strncmp(line, "#processes:", 11) == 0) {
			final = true;
			continue;
		}
		if (strstr(line, "Error: assertion violated")) {
			assert_next = true;
			continue;
		}
		if (!parse_step_line(line, &sl)) {
			const char *c = line;
			while (*c == ' ' || *c == '\t')
				c++;
			if (!final && !past_error && line[0] == '\t' && dec_value(&d, c, vals, lastth))
				continue;
			lastout = !strncmp(c, PML_TAG_START, strlen(PML_TAG_START)) ? xstrdup(c) : NULL;
			continue;
		}
		int th = sl.pid - 1;
		if (th < 0 || th >= p->nthreads) {
			lastth = -1;
			lastout = NULL;
			continue;
		}
		seen_proc = true;
		lastth = th;
		ThreadState *t = &d.ts[th];
		if (final) {
			/* where each unfinished process is when the trail ends */
			if (!sl.valid_end && t->cur && !t->at_exit) {
				tr->stuck[th] = t->cur;
				tr->stuck_lock[th] = t->curlock;
			} else if (!sl.valid_end && !t->tagged && map->first_lock[th] > 0) {
				/* the acquisition it starts with, whose tag is
				 * after its guard (PmlMap.first_lock) */
				const IrStmt *f = map->stmt[map->first_lock[th]];
				tr->stuck[th] = f;
				tr->stuck_lock[th] = ir_lockref_const(p, f->lock);
			}
			continue;
		}
		if (past_error)
			continue;
		if (assert_next) {
			assert_next = false;
			/* The first error is the violation.  A trail from pan -e can go
			 * on past it (a search that continues after an error), and what
			 * follows is an artefact of the broken state, not a new bug. */
			past_error = true;
			tr->failed_thread = th;
			if (t->at_exit) {
				tr->failed = NULL;
			} else {
				tr->failed = t->cur;
				tr->failed_lock = t->curlock;
				if (t->cur && t->cur->kind == S_LOCK && t->curlock >= 0) {
					tr->failed_level = d.ranks ? t->level : -1;
					tr->failed_rank = d.ranks ? pml_rank_of(&d, t, t->curlock) : -1;
				}
			}
			lastout = NULL;
			continue;
		}
		if (!sl.text) {
			lastout = NULL;
			continue;
		}
		if (strncmp(sl.text, PML_SHOWN_OPEN PML_TAG_START, strlen(PML_SHOWN_OPEN PML_TAG_START)) == 0) {
			const char *tag = lastout ? lastout : tag_from_text(sl.text);
			if (tag)
				dec_tag(&d, th, tag);
		} else if (t->plain_pending && t->cur) {
			dec_step(&d, th, t->cur);
			t->plain_pending = false;
			if (t->cur->kind == S_ASSIGN)
				t->cur = NULL;
			/* an S_ASSERT stays current until its check ran, so a
			 * failure names it; the next entry tag replaces it */
		}
		lastout = NULL;
	}
	if (!seen_proc)
		return NULL;
	tr->nsteps = d.steps.len;
	tr->steps = arena_array((size_t)d.steps.len + 1, sizeof(TrailStep));
	for (int i = 0; i < d.steps.len; i++)
		tr->steps[i] = *(TrailStep *)d.steps.data[i];
	return tr;
}

/* ---- decoding pan's unreached report ----------------------------------------------------- */
/*
 * spin's pan.t marks the first statement of every merge chain reached before
 * the search starts (a settr line ending in the comment `m: A -> ...`, then
 * `reachedP[A] = 1;`: "Sheinman's example" in spin's pangen2.c), so the
 * report never lists it, even when no run executes it.  The transition that
 * runs the chain marks A itself (pan.m: `reached[P][A] = 1` for each merged
 * statement), so without the static mark the report is exact for every
 * merged statement.  The tags the report must show are merged (promela.c
 * gives them no label: a label ends a chain and costs a stored state), and
 * one is the first of its chain wherever it follows a test or a lock's
 * atomic: an untaken branch's entry tag, a marker behind `hold[a] > 0`.
 * pan.t is rewritten without those marks before pan.c is compiled.  false
 * if pan.t cannot be read or written.
 */
static bool static_mark(const char *ln, size_t n)
{
	static const char pre[] = "\treached";
	if (n < sizeof(pre) || strncmp(ln, pre, sizeof(pre) - 1) != 0)
		return false;
	const char *c = ln + sizeof(pre) - 1, *end = ln + n;
	while (c < end && isdigit((unsigned char)*c))
		c++;
	if (c == end || *c++ != '[')
		return false;
	while (c < end && isdigit((unsigned char)*c))
		c++;
	static const char post[] = "] = 1;";
	return (size_t)(end - c) >= sizeof(post) - 1 && strncmp(c, post, sizeof(post) - 1) == 0 &&
	       (size_t)(end - c) <= sizeof(post);
}

bool pml_unreached_prepare(const char *pan_t)
{
	size_t len;
	char *t = read_file(pan_t, &len);
	if (!t)
		return false;
	StrBuf sb;
	sb_init(&sb);
	bool after_merge = false, changed = false;
	for (const char *ln = t; ln < t + len;) {
		const char *nl = memchr(ln, '\n', (size_t)(t + len - ln));
		size_t n = nl ? (size_t)(nl - ln) + 1 : (size_t)(t + len - ln);
		bool mark = after_merge && static_mark(ln, n);
		after_merge = memmem(ln, n, "/* m: ", 6) != NULL;
		if (mark)
			changed = true;
		else
			sb_addn(&sb, ln, n);
		ln += n;
	}
	bool ok = !changed || write_file(pan_t, sb.buf, sb.len);
	sb_release(&sb);
	return ok;
}

/* Calls fn with the text of each `\tFILE:LINE, state N, "TEXT"` line of a
 * thread's proctype (named as map->proc says). */
typedef void UnreachedFn(const char *text, void *arg);

static void pml_each_unreached(const IrProgram *p, const PmlMap *map, const char *pan_output, UnreachedFn *fn,
			       void *arg)
{
	int thread = -1;
	const char *ln = pan_output;
	while (ln && *ln) {
		const char *nl = strchr(ln, '\n');
		size_t len = nl ? (size_t)(nl - ln) : strlen(ln);
		char *line = xstrndup(ln, len);
		ln += len + (nl ? 1 : 0);
		if (strncmp(line, "unreached in ", 13) == 0) {
			thread = -1;
			const char *pt = strstr(line, "proctype ");
			for (int id = 0; pt && id < p->nthreads && thread < 0; id++)
				if (map->proc[id] && strcmp(pt + 9, map->proc[id]) == 0)
					thread = id;
			continue;
		}
		if (thread < 0 || line[0] != '\t')
			continue;
		char *st = strstr(line, ", state ");
		if (!st)
			continue;
		char *colon = st;
		while (colon > line && *colon != ':')
			colon--;
		if (colon == line)
			continue;
		const char *q = strchr(st, '"');
		fn(q ? q + 1 : "", arg);
	}
}

/* Each tag statement in an unreached statement's text. */
typedef void TagFn(const char *tag, void *arg);

static void pml_each_shown_tag(const char *text, TagFn *fn, void *arg)
{
	for (const char *q = strstr(text, PML_SHOWN_OPEN PML_TAG_START); q;
	     q = strstr(q + 1, PML_SHOWN_OPEN PML_TAG_START)) {
		const char *tag = tag_from_text(q);
		if (tag)
			fn(tag, arg);
	}
}

/*
 * A lock operation or assertion is unreached exactly when its entry tag is:
 * PML_TAG_ENTER (an assertion, or the dispatch of a lock reached through a
 * pointer) or PML_TAG_LOCK (a lock operation on one constant lock:
 * PmlMap.lock_entry).  Nothing else in pan's report says anything about the
 * C statement: the arms of a dispatch that a run never takes, the untaken
 * branch inside a recursive unlock, the blocking half of a lock that never
 * waits are the lowering's own, and a line number is shared by every
 * inlined copy of the statement.
 */
typedef struct UnreachedAcc {
	const IrProgram *p;
	const PmlMap *map;
	bool *missed;  /* per statement id: its entry tag is unreached */
} UnreachedAcc;

static void unreached_tag(const char *tag, void *arg)
{
	UnreachedAcc *a = arg;
	int v[3];
	const char *rest;
	bool plain = pml_tag_is(tag, PML_TAG_ENTER, v, NULL);
	bool on_lock = !plain && pml_tag_is(tag, PML_TAG_LOCK, v, &rest);
	if ((!plain && !on_lock) || v[0] < 1 || v[0] > a->p->nstmts || !a->map->stmt[v[0]])
		return;
	const IrStmt *s = a->map->stmt[v[0]];
	/* a thread's first acquisition is reached (the thread starts there);
	 * its tag, after the guard, is unreached only if no run passed it */
	int th = a->map->thread[v[0]];
	if (th >= 0 && a->map->first_lock[th] == v[0])
		return;
	if (s->kind == S_ASSERT ? plain : s->kind == S_LOCK ? (a->map->lock_entry[v[0]] ? on_lock : plain) : false)
		a->missed[v[0]] = true;
}

static void unreached_one(const char *text, void *arg)
{
	/* the statement's entry tag is the first tag of its text */
	const char *q = strstr(text, PML_SHOWN_OPEN PML_TAG_START);
	const char *tag = q ? tag_from_text(q) : NULL;
	if (tag)
		unreached_tag(tag, arg);
}

int pml_decode_unreached(const IrProgram *p, const PmlMap *map, const char *pan_output, const IrStmt ***out)
{
	UnreachedAcc a = { .p = p, .map = map };
	a.missed = arena_array((size_t)p->nstmts + 1, sizeof(bool));
	pml_each_unreached(p, map, pan_output, unreached_one, &a);
	PtrVec v = { 0 };
	for (int n = 1; n <= p->nstmts; n++)
		if (a.missed[n])
			vec_push(&v, (void *)map->stmt[n]);
	*out = (const IrStmt **)v.data;
	return v.len;
}

/* ---- decoding the order markers ------------------------------------------------------------ */
typedef struct MarkerSet {
	const PmlMap *map;
	bool *unreached; /* per PmlMap.markers entry */
} MarkerSet;

static void mark_tag(const char *tag, void *arg)
{
	MarkerSet *ms = arg;
	int v[3];
	if (!pml_tag_is(tag, PML_TAG_ORDER, v, NULL))
		return;
	for (int i = 0; i < ms->map->nmarkers; i++) {
		const PmlMarker *mk = &ms->map->markers[i];
		if (mk->stmt == v[0] && mk->held == v[1] && mk->taken == v[2])
			ms->unreached[i] = true;
	}
}

static void mark_unreached(const char *text, void *arg)
{
	pml_each_shown_tag(text, mark_tag, arg);
}

int pml_decode_order(const IrProgram *p, const PmlMap *map, const char *pan_output, LockPair **out)
{
	*out = NULL;
	if (!map->nmarkers)
		return 0;
	MarkerSet ms = { map, arena_array((size_t)map->nmarkers, sizeof(bool)) };
	pml_each_unreached(p, map, pan_output, mark_unreached, &ms);
	/* a marker with no tag of its own is reached exactly when its lock
	 * operation's entry tag is */
	UnreachedAcc entries = { .p = p, .map = map };
	entries.missed = arena_array((size_t)p->nstmts + 1, sizeof(bool));
	pml_each_unreached(p, map, pan_output, unreached_one, &entries);
	for (int i = 0; i < map->nmarkers; i++)
		if (map->markers[i].implied)
			ms.unreached[i] = map->markers[i].stmt >= 1 && map->markers[i].stmt <= p->nstmts &&
					  entries.missed[map->markers[i].stmt];

	static const SrcLoc noloc = { NULL, 0, 0 };
	LockPair *e = arena_array((size_t)map->nmarkers, sizeof(LockPair));
	int ne = 0;
	/* with lock subclasses the statement says at which subclasses the pair
	 * is taken (lockgraph.c), so each statement's pair is kept */
	bool nests = lockgraph_nests(p);
	for (int i = 0; i < map->nmarkers; i++) {
		const PmlMarker *mk = &map->markers[i];
		if (ms.unreached[i])
			continue;
		bool dup = false;
		for (int k = 0; k < ne && !dup; k++)
			dup = e[k].held == mk->held && e[k].taken == mk->taken && (!nests || e[k].stmt == mk->stmt);
		if (dup)
			continue;
		const IrStmt *s = mk->stmt >= 1 && mk->stmt <= p->nstmts ? map->stmt[mk->stmt] : NULL;
		e[ne].stmt = s ? mk->stmt : 0;
		e[ne].held = mk->held;
		e[ne].taken = mk->taken;
		e[ne].loc = s ? s->loc : noloc;
		/* where `held` was taken: its first acquisition in the same thread */
		int t = s ? map->thread[mk->stmt] : -1;
		const IrStmt *f = t >= 0 ? map->first_acq[(size_t)t * p->nlocks + mk->held] : NULL;
		e[ne].held_loc = f ? f->loc : noloc;
		ne++;
	}
	*out = e;
	return ne;
}
