/*
 * results.c - writing the results/ tree and SUMMARY.md (see results.h).
 *
 * Reproducibility: everything here must be the same bytes on every run of
 * the same specs, so that results/ can be committed and diffed.  pan's
 * output carries timings; those lines are dropped from spin.txt, SUMMARY.md
 * shows only a coarse time class, and the exact figures go to timings.tsv,
 * which is not committed.
 */
#include "results.h"
#include "stages.h"
#include "swarm.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

typedef ResultRow Row;

struct Results {
	const char *dir;
	PtrVec rows;
	int colour; /* the verdict lines in colour: 1, 0, or -1: if stdout is a terminal */
};

Results *results_open(const char *dir)
{
	Results *r = arena_alloc(sizeof(*r));
	r->dir = xstrdup(dir);
	r->colour = -1;
	if (!mkdir_p(dir))
		die("cannot create results directory '%s'", dir);
	return r;
}

const char *results_spec_stem(const char *spec)
{
	const char *s = spec;
	while (!strncmp(s, "./", 2))
		s += 2;
	const char *in_spec = strstr(s, "spec/");
	if (in_spec && (in_spec == s || in_spec[-1] == '/'))
		s = in_spec + 5;
	else if (strrchr(s, '/'))
		s = strrchr(s, '/') + 1;
	size_t n = strlen(s);
	if (n > 2 && !strcmp(s + n - 2, ".c"))
		n -= 2;
	return xstrndup(s, n);
}

const char *results_workdir(const char *work, const IrProgram *p)
{
	const char *dir = xprintf("%s/%s/%s", work, results_spec_stem(p->spec), p->variant);
	if (!mkdir_p(dir))
		die("cannot create work directory '%s'", dir);
	return dir;
}

static void put(const char *dir, const char *name, const char *text, size_t len)
{
	const char *path = xprintf("%s/%s", dir, name);
	if (!write_file(path, text, len))
		die("cannot write '%s'", path);
}

/* pan's and spin's lines that change from run to run (timings, rates,
 * progress ticks, spin's remark on file dates when a cached pan is
 * reused, and the hash table's size and conflicts). */
static bool timing_line(const char *line, size_t n)
{
	/* pan's periodic progress lines ("Depth= 110 States= 7.5e+03 ... t= 0.02
	 * R= 4e+05") carry a time only when a clock tick has passed */
	if (n >= 6 && !strncmp(line, "Depth=", 6))
		return true;
	/* and what depends on the size of pan's hash table, which spin.c sizes
	 * from the last search of the same work folder */
	static const char *const keys[] = { "elapsed time", "pan: rate", "states/second", "is newer than",
					    "hash conflicts:", "memory used for hash table", "actual memory usage for states",
					    "total actual memory usage", "increase hashtable-size" };
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		size_t kl = strlen(keys[k]);
		for (size_t i = 0; i + kl <= n; i++)
			if (!memcmp(line + i, keys[k], kl))
				return true;
	}
	return false;
}

static void add_without_timings(StrBuf *out, const char *text)
{
	while (text && *text) {
		const char *e = strchr(text, '\n');
		size_t n = e ? (size_t)(e - text) + 1 : strlen(text);
		if (!timing_line(text, n))
			sb_addn(out, text, n);
		text += n;
	}
}

/* How many erroneous interleavings pan's all-violations search counted
 * ("800 erroneous interleavings"), NULL when it did not run. */
static const char *errors_text(const CheckResult *r)
{
	if (r->errors <= 0)
		return NULL;
	return xprintf("%s%ld erroneous interleaving%s%s", r->errors_counted ? "" : "at least ", r->errors,
		       r->errors == 1 ? "" : "s", r->errors_counted ? "" : " (the search that counts them did not finish)");
}

static void write_verdict_txt(const char *dir, const IrProgram *p, const CheckResult *r, bool match)
{
	StrBuf sb;
	sb_init(&sb);
	sb_addf(&sb, "spec: %s\nvariant: %s\nverdict: %s\nexpected: %s (%s)\n", p->spec, p->variant,
		verdict_name(r->verdict), p->expect, match ? "as expected" : "DIFFERS");
	if (*p->why)
		sb_addf(&sb, "why: %s\n", p->why);
	if (r->detail)
		sb_addf(&sb, "detail: %s\n", r->detail);
	if (!r->complete)
		sb_addf(&sb, "search incomplete: %s\n", r->incomplete_why ? r->incomplete_why : "unknown");
	if (r->search)
		sb_addf(&sb, "search: %s\nhash factor: %.4g\ncoverage estimate: %s %%\n", r->search, r->hash_factor,
			swarm_percent(r->coverage));
	sb_addf(&sb, "states: %ld\ntransitions: %ld\n", r->states, r->transitions);
	if (errors_text(r))
		sb_addf(&sb, "errors: %s, %d distinct violation%s\n", errors_text(r), r->nall > 0 ? r->nall : 1,
			r->nall > 1 ? "s" : "");
	for (int i = 0, k = 0; i < r->nall; i++) {
		const Violation *v = &r->all[i];
		if (v->trail == r->trail)
			continue;
		const IrStmt *at = v->trail->failed ? v->trail->failed : NULL;
		sb_addf(&sb, "also found: %s: %s", verdict_name(v->verdict), v->detail);
		if (at)
			sb_addf(&sb, " (%s:%d)", at->loc.file, at->loc.line);
		sb_addf(&sb, "; see also-%d.trace.txt\n", ++k);
	}
	for (int i = 0; i < r->nunreached; i++) {
		const IrStmt *s = r->unreached[i];
		sb_addf(&sb, "warning: %s:%d: %s: %s\n", s->loc.file, s->loc.line, spin_unreached_what(r, i),
			source_line(s->loc.file, s->loc.line));
	}
	put(dir, "verdict.txt", sb.buf, sb.len);
	sb_release(&sb);
	vjson_write(xprintf("%s/verdict.json", dir), p, r, match);
}

/* The row of one variant, for SUMMARY.md and the run-wide writers. */
void results_add_row(Results *res, const IrProgram *p, const CheckResult *r, const VariantOut *vo)
{
	const char *stem = results_spec_stem(p->spec);
	int expect = verdict_parse(p->expect);
	bool match = expect >= 0 && (Verdict)expect == r->verdict;
	bool unproven = r->verdict == V_INCONCLUSIVE || (r->verdict == V_NO_VIOLATION_FOUND && !match);
	bool violation = vo->trace_txt != NULL;
	StrBuf also;
	sb_init(&also);
	for (int i = 0; i < r->nall; i++)
		if (r->all[i].trail != r->trail)
			sb_addf(&also, "%s%s", also.len ? ", " : "", verdict_name(r->all[i].verdict));

	Row *row = arena_alloc(sizeof(*row));
	*row = (Row){
		.p = p, .r = r, .dir = xprintf("%s/%s", stem, p->variant),
		.spec = p->spec, .stem = stem, .variant = p->variant, .expect = p->expect, .why = p->why,
		.verdict = r->verdict, .match = match, .unproven = unproven, .violation = violation, .states = r->states,
		.seconds = r->seconds, .detail = r->detail, .nunreached = r->nunreached,
		.also = also.len ? sb_detach_arena(&also) : NULL,
		.trace = vo->trace, .also_traces = (const CTrace *const *)vo->also, .nalso = vo->nalso,
	};
	sb_release(&also);
	vec_push(&res->rows, row);
}

const char *results_write_variant(Results *res, const IrProgram *p, const char *pml, const CheckResult *r,
				  const VariantOut *vo, const char *workdir)
{
	const char *stem = results_spec_stem(p->spec);
	const char *dir = xprintf("%s/%s/%s", res->dir, stem, p->variant);
	if (!mkdir_p(dir))
		die("cannot create '%s'", dir);
	/* a verdict that changed must not leave the old counterexample behind;
	 * model.pml and trace.dot are left by the older layout, which wrote
	 * them here (they are in the work folder now) */
	static const char *const stale[] = { "trace.txt", "trace.dot", "trace.svg", "schedule.txt", "verdict.json",
					     "order.txt", "model.pml" };
	for (size_t i = 0; i < sizeof(stale) / sizeof(stale[0]); i++)
		unlink(xprintf("%s/%s", dir, stale[i]));
	for (int k = 1; unlink(xprintf("%s/also-%d.trace.txt", dir, k)) == 0; k++)
		;

	int expect = verdict_parse(p->expect);
	bool match = expect >= 0 && (Verdict)expect == r->verdict;
	bool unproven = r->verdict == V_INCONCLUSIVE || (r->verdict == V_NO_VIOLATION_FOUND && !match);
	/* The model is committed once, in models/; the one checked stays in
	 * the work folder beside pan.  spin -a wrote it there unless the
	 * verdict came from the cache: then it may be another run's. */
	char *had = read_file(xprintf("%s/model.pml", workdir), NULL);
	if (!had || strcmp(had, pml))
		put(workdir, "model.pml", pml, strlen(pml));
	if (vo->order)
		put(dir, "order.txt", vo->order, strlen(vo->order));
	StrBuf sb;
	sb_init(&sb);
	sb_add(&sb, "=== pan ===\n");
	add_without_timings(&sb, r->pan_output);
	if (r->spin_output) {
		sb_add(&sb, "=== spin -t -p (counterexample replay) ===\n");
		add_without_timings(&sb, r->spin_output);
	}
	put(dir, "spin.txt", sb.buf, sb.len);
	sb_release(&sb);
	write_verdict_txt(dir, p, r, match);

	bool violation = vo->trace_txt != NULL;
	if (violation) {
		put(dir, "trace.txt", vo->trace_txt, strlen(vo->trace_txt));
		if (vo->schedule) /* none for lockdep's hypothetical paths */
			put(dir, "schedule.txt", vo->schedule, strlen(vo->schedule));
		/* the diagram's source is for re-rendering, not for reading: work folder */
		put(workdir, "trace.dot", vo->dot, strlen(vo->dot));
		/* the rendering writes the file itself (libgvc) */
		if (!diagram_render_svg(vo->dot, xprintf("%s/trace.svg", dir)))
			warning_at((SrcLoc){ p->spec, 0, 0 }, "could not render %s/trace.svg", dir);
		for (int k = 0; k < vo->nalso; k++)
			put(dir, xprintf("also-%d.trace.txt", k + 1), vo->also_txt[k], strlen(vo->also_txt[k]));
	}

	results_add_row(res, p, r, vo);

	/* green as expected, red differs, yellow inconclusive: on a terminal only */
	const char *on = !(res->colour >= 0 ? res->colour : tty_colour(1)) ? "" : unproven ? "\033[33m" : match ? "\033[32m"
		: "\033[1;31m";
	printf("%s %s: %s%s%s%s%s (expected %s) %ld states%s%s\n", p->spec, p->variant, on, verdict_name(r->verdict),
	       *on ? "\033[0m" : "", r->detail ? ": " : "", r->detail ? r->detail : "", p->expect, r->states,
	       errors_text(r) ? ", " : "", errors_text(r) ? errors_text(r) : "");
	fflush(stdout); /* the warnings below go to stderr, after their verdict line */
	for (int i = 0; i < r->nunreached; i++) {
		const IrStmt *s = r->unreached[i];
		warning_at(s->loc, "%s (a vacuous check is not a proof)", spin_unreached_what(r, i));
	}
	for (int i = 0; i < r->nall; i++)
		if (r->all[i].trail != r->trail)
			printf("  also found: %s: %s\n", verdict_name(r->all[i].verdict), r->all[i].detail);
	if (r->search)
		printf("  searched by %s\n", r->search);
	if (r->verdict == V_NO_VIOLATION_FOUND && !match)
		printf("  -> %s %s: no proof: a swarm of bitstate searches is not exhaustive (coverage estimate "
		       "%s %%); give the exhaustive search more --memory or --timeout, or make the scenario "
		       "smaller\n", p->spec, p->variant, swarm_percent(r->coverage));
	else if (r->verdict == V_INCONCLUSIVE)
		printf("  -> %s %s: no verdict: the search did not finish (%s); raise --max-depth, --memory "
		       "or --timeout, or make the scenario smaller\n", p->spec, p->variant,
		       r->incomplete_why ? r->incomplete_why : "incomplete");
	else if (!match)
		printf("  -> %s %s: verdict %s differs from the expected %s; see %s/%s\n", p->spec, p->variant,
		       verdict_name(r->verdict), p->expect, dir, violation ? "trace.txt" : "verdict.txt");
	fflush(stdout);
	return violation && vo->schedule ? xprintf("%s/schedule.txt", dir) : NULL;
}

void results_set_colour(Results *res, bool on)
{
	res->colour = on;
}

void results_note_replay(Results *res, int confirmed, int runs, bool print)
{
	if (!res->rows.len)
		BUG("replay noted before any variant");
	Row *row = res->rows.data[res->rows.len - 1];
	row->replay_runs = runs;
	row->replay_confirmed = confirmed;
	if (!print)
		return;
	printf("  replayed on the real code: %s %d/%d\n", confirmed == runs ? "confirmed" : "NOT confirmed",
	       confirmed, runs);
	fflush(stdout);
}

void results_note_reused(Results *res, bool print)
{
	if (!res->rows.len)
		BUG("reuse noted before any variant");
	((Row *)res->rows.data[res->rows.len - 1])->reused = true;
	if (!print)
		return;
	printf("  reused: the verdict cache has this model with these options (not searched again)\n");
	fflush(stdout);
}

/* A time class rather than a time: SUMMARY.md must be the same bytes on
 * every run.  The figures are in timings.tsv. */
static const char *time_class(double s)
{
	return s < 1 ? "< 1 s" : s < 10 ? "< 10 s" : s < 60 ? "< 1 min" : ">= 1 min";
}

static void md_escape(StrBuf *sb, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '|')
			sb_add(sb, "\\|");
		else if (*s == '\n')
			sb_add(sb, " ");
		else
			sb_addn(sb, s, 1);
	}
}

int results_write_summary(Results *res, bool print, bool strict)
{
	StrBuf md, tsv;
	sb_init(&md);
	sb_init(&tsv);
	int mismatches = 0, inconclusive = 0, strict_fail = 0, reused = 0, swarm = 0, fell_back = 0, nvf = 0;
	sb_add(&md, "# lockspin results\n\n"
		    "Written by `make check` (`lockspin check`). One row per spec and design variant:\n"
		    "the verdict SPIN's exhaustive search gives, what the spec expects, the states\n"
		    "explored, and the counterexample told in C (trace) and drawn (diagram).\n"
		    "Exact times are in `timings.tsv` (not committed: they differ from run to run).\n");
	sb_add(&tsv, "spec\tvariant\tverdict\tstates\tseconds\n");
	const char *cur = NULL;
	for (int i = 0; i < res->rows.len; i++) {
		const Row *r = res->rows.data[i];
		if (!cur || strcmp(cur, r->stem)) {
			cur = r->stem;
			sb_addf(&md, "\n## %s\n\n", r->spec);
			sb_add(&md, "| variant | verdict | expected | states | time | counterexample | why |\n"
				    "|---|---|---|---:|---|---|---|\n");
		}
		sb_addf(&md, "| %s | **%s**%s | %s%s | %ld | %s | ", r->variant, verdict_name(r->verdict),
			r->nunreached ? " (unreached code)" : "", r->expect, r->match ? "" : " **(differs)**",
			r->states, time_class(r->seconds));
		if (r->violation)
			sb_addf(&md, "[trace](%s/%s/trace.txt), [diagram](%s/%s/trace.svg)", r->stem, r->variant,
				r->stem, r->variant);
		if (r->replay_runs)
			sb_addf(&md, "; replay on the real code: %s %d/%d",
				r->replay_confirmed == r->replay_runs ? "**confirmed**" : "**not confirmed**",
				r->replay_confirmed, r->replay_runs);
		else
			sb_addf(&md, "[verdict](%s/%s/verdict.txt)", r->stem, r->variant);
		sb_add(&md, " | ");
		md_escape(&md, r->why);
		if (r->detail && r->violation) {
			sb_add(&md, " — found: ");
			md_escape(&md, r->detail);
		}
		if (r->r->search) {
			sb_addf(&md, " — searched by %s", r->r->search);
			if (r->verdict == V_NO_VIOLATION_FOUND) {
				sb_add(&md, ": ");
				md_escape(&md, r->detail);
			}
		}
		if (r->also) {
			sb_add(&md, " — also found: ");
			md_escape(&md, r->also);
		}
		if (errors_text(r->r)) {
			sb_add(&md, " — ");
			md_escape(&md, errors_text(r->r));
		}
		sb_add(&md, " |\n");
		sb_addf(&tsv, "%s\t%s\t%s\t%ld\t%.3f\n", r->spec, r->variant, verdict_name(r->verdict), r->states,
			r->seconds);
		swarm += r->r->search != NULL;
		fell_back += r->r->search && strcmp(r->r->search, "swarm");
		nvf += r->verdict == V_NO_VIOLATION_FOUND && r->unproven;
		if (r->unproven)
			inconclusive++;
		else if (!r->match)
			mismatches++;
		else if (r->also || r->nunreached)
			strict_fail++;
		reused += r->reused;
	}
	if (reused) {
		/* only with --changed: a full check's SUMMARY.md is unchanged */
		sb_addf(&md, "\nReused from the verdict cache (model and search options unchanged, not searched again):");
		for (int i = 0; i < res->rows.len; i++) {
			const Row *r = res->rows.data[i];
			if (r->reused)
				sb_addf(&md, " %s %s;", r->spec, r->variant);
		}
		md.buf[md.len - 1] = '.';
		sb_add(&md, "\n");
	}
	/* only with --mode swarm or auto: an exhaustive check's SUMMARY.md is
	 * unchanged */
	const char *swarm_note = !swarm ? ""
		: xprintf(" %d searched by swarm (%d after the exhaustive search ran out, --mode auto); of the "
			  "inconclusive, %d no-violation-found: a swarm is not a proof.", swarm, fell_back, nvf);
	sb_addf(&md, "\n%d variant%s: %d as expected, %d differ%s, %d inconclusive.%s\n", res->rows.len,
		res->rows.len == 1 ? "" : "s", res->rows.len - mismatches - inconclusive, mismatches,
		mismatches == 1 ? "s" : "", inconclusive, swarm_note);
	put(res->dir, "SUMMARY.md", md.buf, md.len);
	put(res->dir, "timings.tsv", tsv.buf, tsv.len);
	Row *const *rows = (Row *const *)res->rows.data;
	sarif_write(xprintf("%s/lockspin.sarif", res->dir), rows, res->rows.len);
	junit_write(xprintf("%s/junit.xml", res->dir), rows, res->rows.len);
	html_write(res->dir, rows, res->rows.len);
	if (print)
		printf("lockspin: %d variant%s checked: %d as expected, %d differ, %d inconclusive; see %s/SUMMARY.md\n",
		       res->rows.len, res->rows.len == 1 ? "" : "s", res->rows.len - mismatches - inconclusive,
		       mismatches, inconclusive, res->dir);
	if (swarm && print)
		printf("lockspin:%s\n", swarm_note);
	sb_release(&md);
	sb_release(&tsv);
	if (reused && print)
		printf("lockspin: %d verdict%s reused from the cache (--changed), %d searched\n", reused,
		       reused == 1 ? "" : "s", res->rows.len - reused);
	if (strict && strict_fail && print)
		printf("lockspin: --strict: %d variant%s as expected but with an also-found violation or "
		       "unreached code\n", strict_fail, strict_fail == 1 ? "" : "s");
	/* A definite wrong verdict outranks an unfinished search, and both
	 * outrank what only --strict counts. */
	return mismatches ? EXIT_MISMATCH : inconclusive ? EXIT_INCONCLUSIVE
		: strict && strict_fail ? EXIT_STRICT : EXIT_VERIFIED;
}
