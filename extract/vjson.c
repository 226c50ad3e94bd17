/*
 * vjson.c - results/<spec>/<variant>/verdict.json: the fields of
 * verdict.txt as JSON, so that scripts never parse text.  Written from the
 * same CheckResult as verdict.txt (results.c), key for key:
 *   spec, variant, verdict, expected, as_expected, why, detail,
 *   complete, incomplete_why, states, transitions,
 *   search, hash_factor, coverage   (only for a swarm's result, swarm.c)
 *   also_found: [{verdict, detail, file, line, trace}],
 *   warnings:   [{file, line, what, source}]     (unreached code)
 * Absent optional values are null.  Same bytes on every run.
 */
#include "results.h"

static void field(StrBuf *sb, const char *key, const char *val, bool last)
{
	sb_addf(sb, "  \"%s\": ", key);
	sb_add_json(sb, val);
	sb_add(sb, last ? "\n" : ",\n");
}

void vjson_write(const char *path, const IrProgram *p, const CheckResult *r, bool match)
{
	StrBuf sb;
	sb_init(&sb);
	sb_add(&sb, "{\n");
	field(&sb, "spec", p->spec, false);
	field(&sb, "variant", p->variant, false);
	field(&sb, "verdict", verdict_name(r->verdict), false);
	field(&sb, "expected", p->expect, false);
	sb_addf(&sb, "  \"as_expected\": %s,\n", match ? "true" : "false");
	field(&sb, "why", *p->why ? p->why : NULL, false);
	field(&sb, "detail", r->detail, false);
	sb_addf(&sb, "  \"complete\": %s,\n", r->complete ? "true" : "false");
	field(&sb, "incomplete_why", r->complete ? NULL : r->incomplete_why ? r->incomplete_why : "unknown", false);
	if (r->search) {
		field(&sb, "search", r->search, false);
		/* as the text says it: never a rounded 100 */
		sb_addf(&sb, "  \"hash_factor\": %.6g,\n  \"coverage\": %.6g,\n", r->hash_factor,
			r->coverage > 99.99 ? 99.99 : r->coverage);
	}
	sb_addf(&sb, "  \"states\": %ld,\n  \"transitions\": %ld,\n  \"also_found\": [", r->states, r->transitions);
	int k = 0;
	for (int i = 0; i < r->nall; i++) {
		const Violation *v = &r->all[i];
		if (v->trail == r->trail)
			continue;
		const IrStmt *at = v->trail ? v->trail->failed : NULL;
		sb_add(&sb, k ? ",\n    {" : "\n    {");
		sb_add(&sb, "\"verdict\": ");
		sb_add_json(&sb, verdict_name(v->verdict));
		sb_add(&sb, ", \"detail\": ");
		sb_add_json(&sb, v->detail);
		sb_add(&sb, ", \"file\": ");
		sb_add_json(&sb, at ? at->loc.file : NULL);
		if (at)
			sb_addf(&sb, ", \"line\": %d", at->loc.line);
		else
			sb_add(&sb, ", \"line\": null");
		sb_addf(&sb, ", \"trace\": \"also-%d.trace.txt\"}", ++k);
	}
	sb_add(&sb, k ? "\n  ],\n  \"warnings\": [" : "],\n  \"warnings\": [");
	for (int i = 0; i < r->nunreached; i++) {
		const IrStmt *s = r->unreached[i];
		sb_add(&sb, i ? ",\n    {" : "\n    {");
		sb_add(&sb, "\"file\": ");
		sb_add_json(&sb, s->loc.file);
		sb_addf(&sb, ", \"line\": %d, \"what\": \"%s never reached in any execution\", \"source\": ", s->loc.line,
			s->kind == S_LOCK ? "lock operation" : "assertion");
		sb_add_json(&sb, source_line(s->loc.file, s->loc.line));
		sb_add(&sb, "}");
	}
	sb_add(&sb, r->nunreached ? "\n  ]\n}\n" : "]\n}\n");
	if (!write_file(path, sb.buf, sb.len))
		die("cannot write '%s'", path);
	sb_release(&sb);
}
