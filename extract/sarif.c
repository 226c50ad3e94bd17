/*
 * sarif.c - results/lockspin.sarif: the run as a SARIF 2.1.0 log, for
 * GitHub code scanning and other SARIF viewers.
 *
 *   - one result per violation: ruleId is the verdict's name (from the
 *     verdict table, so new verdicts need nothing here), level "error",
 *     the primary location at the failing C line, and one codeFlow whose
 *     threadFlows hold one flow per thread with each of its steps (and,
 *     for a deadlock, its final wait) at their C locations, numbered in
 *     the order of the interleaving by executionOrder;
 *   - each also-found violation is a result of its own, with its own flow;
 *   - an inconclusive search is a "note" that says it proves nothing, and
 *     so is no-violation-found (a swarm's bitstate searches, swarm.c);
 *   - each unreached lock operation or assertion is a "warning" under the
 *     rule "unreached-code";
 *   - ok variants are no result.
 * Whether a variant was expected to fail is in the result's properties:
 * an expected deadlock is still a deadlock in the code it models.
 * Reproducible: no dates, no times, no absolute paths.
 */
#include "results.h"
#include "trace.h"

#include <string.h>

#define SARIF_UNREACHED "unreached-code"

SrcLoc result_fail_loc(const CTrace *t)
{
	return t->fail_loc; /* trace.c decides it, once */
}

static void sarif_loc(StrBuf *sb, SrcLoc loc, const char *msg)
{
	sb_add(sb, "{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ");
	sb_add_json(sb, loc.file);
	sb_add(sb, "}");
	if (loc.line > 0) {
		sb_addf(sb, ", \"region\": {\"startLine\": %d", loc.line);
		if (loc.col > 0)
			sb_addf(sb, ", \"startColumn\": %d", loc.col);
		sb_add(sb, "}");
	}
	sb_add(sb, "}");
	if (msg) {
		sb_add(sb, ", \"message\": {\"text\": ");
		sb_add_json(sb, msg);
		sb_add(sb, "}");
	}
	sb_add(sb, "}");
}

static int rule_index(const char *id)
{
	int k = 0;
	for (int v = 0; v < V_NVERDICTS; v++) {
		if (v == V_OK)
			continue;
		if (!strcmp(verdict_name((Verdict)v), id))
			return k;
		k++;
	}
	return k; /* SARIF_UNREACHED comes last */
}

static const char *wait_text(const CTrace *t, const CWait *w)
{
	StrBuf sb;
	sb_init(&sb);
	sb_addf(&sb, "waits for '%s'", trace_lock_name(t, w->lock));
	for (int i = 0; i < w->nholders; i++)
		sb_addf(&sb, "%s%s", i ? ", " : " (held by ", trace_lane_short(t, w->holders[i]));
	if (w->nholders)
		sb_add(&sb, ")");
	return sb_detach_arena(&sb);
}

/* One threadFlow per thread that did something, in lane order; every
 * location carries its place in the interleaving. */
static void sarif_code_flow(StrBuf *sb, const CTrace *t)
{
	bool any = false;
	for (int lane = 0; lane < t->nlanes; lane++) {
		bool has = trace_wait_of(t, lane) != NULL;
		for (int i = 0; i < t->nsteps && !has; i++)
			has = t->steps[i].thread == lane;
		if (!has)
			continue;
		sb_add(sb, any ? ",\n" : ",\n      \"codeFlows\": [{\"threadFlows\": [\n");
		any = true;
		sb_addf(sb, "        {\"id\": \"%s\", \"message\": {\"text\": ", trace_lane_short(t, lane));
		sb_add_json(sb, t->lane_names[lane]);
		sb_add(sb, "}, \"locations\": [");
		bool first = true;
		for (int i = 0; i < t->nsteps; i++) {
			const CStep *s = &t->steps[i];
			if (s->thread != lane)
				continue;
			sb_add(sb, first ? "\n          {\"location\": " : ",\n          {\"location\": ");
			first = false;
			const char *msg = s->failed ? xprintf("%s (fails)", s->action) : s->action;
			sarif_loc(sb, s->loc, msg);
			sb_addf(sb, ", \"executionOrder\": %d}", s->n);
		}
		const CWait *w = trace_wait_of(t, lane);
		if (w) {
			sb_add(sb, first ? "\n          {\"location\": " : ",\n          {\"location\": ");
			sarif_loc(sb, w->loc, wait_text(t, w));
			/* the waits come after every step, in lane order */
			sb_addf(sb, ", \"executionOrder\": %d}", t->nsteps + 1 + (int)(w - t->waits));
		}
		sb_add(sb, "]}");
	}
	if (any)
		sb_add(sb, "\n      ]}]");
}

static void sarif_props(StrBuf *sb, const ResultRow *row, const char *trace)
{
	sb_add(sb, ",\n      \"properties\": {\"spec\": ");
	sb_add_json(sb, row->spec);
	sb_add(sb, ", \"variant\": ");
	sb_add_json(sb, row->variant);
	sb_add(sb, ", \"expected\": ");
	sb_add_json(sb, row->expect);
	sb_addf(sb, ", \"asExpected\": %s", row->match ? "true" : "false");
	if (trace) {
		sb_add(sb, ", \"trace\": ");
		sb_add_json(sb, trace);
	}
	sb_add(sb, "}");
}

static void sarif_result(StrBuf *sb, bool *first, const ResultRow *row, const CTrace *t, const char *level,
			 const char *rule, const char *text, SrcLoc loc, const char *trace)
{
	sb_add(sb, *first ? "\n    {" : ",\n    {");
	*first = false;
	sb_add(sb, "\"ruleId\": ");
	sb_add_json(sb, rule);
	sb_addf(sb, ", \"ruleIndex\": %d, \"level\": \"%s\",\n      \"message\": {\"text\": ", rule_index(rule), level);
	sb_add_json(sb, text);
	sb_add(sb, "},\n      \"locations\": [");
	sarif_loc(sb, loc.file ? loc : (SrcLoc){ row->spec, 0, 0 }, NULL);
	sb_add(sb, "]");
	if (t)
		sarif_code_flow(sb, t);
	sarif_props(sb, row, trace);
	sb_add(sb, "}");
}

void sarif_write(const char *path, ResultRow *const *rows, int n)
{
	StrBuf sb;
	sb_init(&sb);
	sb_add(&sb, "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n"
		    "  \"runs\": [{\n  \"tool\": {\"driver\": {\"name\": \"lockspin\", \"version\": \"" LOCKSPIN_VERSION "\",\n"
		    "    \"rules\": [");
	bool first = true;
	for (int v = 0; v < V_NVERDICTS; v++) {
		if (v == V_OK)
			continue;
		const char *name = verdict_name((Verdict)v);
		sb_add(&sb, first ? "\n      {\"id\": " : ",\n      {\"id\": ");
		first = false;
		sb_add_json(&sb, name);
		sb_add(&sb, ", \"shortDescription\": {\"text\": ");
		sb_add_json(&sb, v == V_INCONCLUSIVE ? "the search did not finish: the variant is not verified"
				 : v == V_NO_VIOLATION_FOUND ? "a swarm of bitstate searches found no violation: not a proof"
						     : xprintf("lockspin found a %s (README, Verdicts)", name));
		sb_add(&sb, "}}");
	}
	sb_add(&sb, ",\n      {\"id\": \"" SARIF_UNREACHED "\", \"shortDescription\": {\"text\": \"a lock operation or "
		    "assertion that no execution reaches: a vacuous check proves nothing\"}}\n    ]}},\n"
		    "  \"columnKind\": \"unicodeCodePoints\",\n  \"results\": [");
	first = true;
	for (int i = 0; i < n; i++) {
		const ResultRow *row = rows[i];
		const CheckResult *r = row->r;
		const char *what = xprintf("%s %s", row->spec, row->variant);
		if (r->verdict == V_NO_VIOLATION_FOUND) {
			sarif_result(&sb, &first, row, NULL, "note", verdict_name(r->verdict),
				     xprintf("%s: no-violation-found: %s; this is not a proof", what,
					     r->detail ? r->detail : "a swarm found no violation"),
				     (SrcLoc){ row->spec, 0, 0 }, NULL);
		} else if (r->verdict == V_INCONCLUSIVE) {
			sarif_result(&sb, &first, row, NULL, "note", verdict_name(r->verdict),
				     xprintf("%s: inconclusive: the search did not finish (%s); this proves nothing", what,
					     r->incomplete_why ? r->incomplete_why : "incomplete"),
				     (SrcLoc){ row->spec, 0, 0 }, NULL);
		} else if (r->verdict != V_OK) {
			sarif_result(&sb, &first, row, row->trace, "error", verdict_name(r->verdict),
				     xprintf("%s: %s%s%s", what, verdict_name(r->verdict), r->detail ? ": " : "",
					     r->detail ? r->detail : ""),
				     result_fail_loc(row->trace), row->violation ? xprintf("%s/trace.txt", row->dir) : NULL);
			for (int k = 0; k < row->nalso; k++) {
				const CTrace *other = row->also_traces[k];
				const CheckResult *o = other->r;
				sarif_result(&sb, &first, row, other, "error", verdict_name(o->verdict),
					     xprintf("%s: also found: %s: %s", what, verdict_name(o->verdict),
						     o->detail ? o->detail : ""),
					     result_fail_loc(other),
					     row->violation ? xprintf("%s/also-%d.trace.txt", row->dir, k + 1) : NULL);
			}
		}
		for (int k = 0; k < r->nunreached; k++) {
			const IrStmt *s = r->unreached[k];
			sarif_result(&sb, &first, row, NULL, "warning", SARIF_UNREACHED,
				     xprintf("%s: %s never reached in any execution (a vacuous check is not a proof)", what,
					     s->kind == S_LOCK ? "lock operation" : "assertion"),
				     s->loc, NULL);
		}
	}
	sb_add(&sb, first ? "]\n  }]\n}\n" : "\n  ]\n  }]\n}\n");
	if (!write_file(path, sb.buf, sb.len))
		die("cannot write '%s'", path);
	sb_release(&sb);
}
