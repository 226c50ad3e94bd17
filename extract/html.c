/*
 * html.c - results/index.html: one static page for the whole run, for
 * people reviewing it (and for posting in a review thread).
 *
 *   - the verdict matrix per spec: variants as rows, with the verdict, the
 *     expectation, the states explored and whether the search finished;
 *   - per counterexample: the interleaving as a table over the C source
 *     lines, the diagram inline (trace.svg), the replay confirmation, and
 *     links to every file of the variant.
 * Static: one file plus the files it links, no script, no external font or
 * style sheet, readable with JavaScript off.  Links are relative to the
 * results folder, so the folder can be moved or archived whole.  The same
 * bytes on every run.
 */
#include "results.h"
#include "trace.h"

#include <string.h>
#include <unistd.h>

static const char html_style[] =
	"body{font-family:sans-serif;margin:1.5em;color:#222;max-width:110em}\n"
	"table{border-collapse:collapse;margin:.5em 0 1em}\n"
	"th,td{border:1px solid #bbb;padding:.2em .5em;text-align:left;vertical-align:top}\n"
	"th{background:#eee}\n"
	"td.num{text-align:right}\n"
	"code,pre,td.src{font-family:monospace}\n"
	".ok{color:#060}.bad{color:#a00;font-weight:bold}.warn{color:#960;font-weight:bold}\n"
	"tr.failed td{background:#fdd}tr.wait td{background:#fec}\n"
	".diagram svg{max-width:100%;height:auto}\n"
	"section{border-top:2px solid #ccc;margin-top:1.5em}\n";

static const char *anchor(const ResultRow *row)
{
	char *a = xprintf("v-%s", row->dir);
	for (char *c = a; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '-'))
			*c = '-';
	return a;
}

static void link_to(StrBuf *sb, const char *results_dir, const char *rel, const char *label)
{
	if (access(xprintf("%s/%s", results_dir, rel), R_OK) != 0)
		return;
	sb_add(sb, "<a href=\"");
	sb_add_xml(sb, rel);
	sb_add(sb, "\">");
	sb_add_xml(sb, label);
	sb_add(sb, "</a> ");
}

static void html_matrix(StrBuf *sb, ResultRow *const *rows, int n)
{
	sb_add(sb, "<h2>");
	sb_add_xml(sb, rows[0]->spec);
	sb_add(sb, "</h2>\n<table>\n<tr><th>variant</th><th>verdict</th><th>expected</th><th>states</th>"
		   "<th>search</th><th>replay</th><th>files</th></tr>\n");
	for (int i = 0; i < n; i++) {
		const ResultRow *row = rows[i];
		const char *cls = row->unproven ? "warn" : row->match ? "ok" : "bad";
		sb_add(sb, "<tr><td>");
		sb_add_xml(sb, row->variant);
		sb_addf(sb, "</td><td class=\"%s\">%s", cls, verdict_name(row->verdict));
		if (row->also) {
			sb_add(sb, " <span class=\"warn\">(also: ");
			sb_add_xml(sb, row->also);
			sb_add(sb, ")</span>");
		}
		if (row->nunreached)
			sb_addf(sb, " <span class=\"warn\">(%d unreached)</span>", row->nunreached);
		sb_add(sb, "</td><td>");
		sb_add_xml(sb, row->expect);
		sb_addf(sb, "%s</td><td class=\"num\">%ld</td><td>", row->match ? "" : " <span class=\"bad\">(differs)</span>",
			row->states);
		if (row->r->complete)
			sb_add(sb, "complete");
		else {
			sb_add(sb, "<span class=\"warn\">incomplete: ");
			sb_add_xml(sb, row->r->incomplete_why ? row->r->incomplete_why : "unknown");
			sb_add(sb, "</span>");
		}
		sb_add(sb, "</td><td>");
		if (row->replay_runs)
			sb_addf(sb, "<span class=\"%s\">%s %d/%d</span>",
				row->replay_confirmed == row->replay_runs ? "ok" : "bad",
				row->replay_confirmed == row->replay_runs ? "confirmed" : "not confirmed",
				row->replay_confirmed, row->replay_runs);
		sb_add(sb, "</td><td>");
		if (row->violation)
			sb_addf(sb, "<a href=\"#%s\">counterexample</a> ", anchor(row));
		sb_add(sb, "<a href=\"");
		sb_add_xml(sb, xprintf("%s/verdict.txt", row->dir));
		sb_add(sb, "\">verdict</a></td></tr>\n");
	}
	sb_add(sb, "</table>\n");
}

/* The thread, location and C source cells of a step or wait row, from inside its thread cell
 * to inside its action cell. */
static void html_where(StrBuf *sb, const CTrace *t, int thread, SrcLoc loc, const char *text)
{
	sb_add_xml(sb, t->lane_names[thread]);
	sb_add(sb, "</td><td>");
	sb_add_xml(sb, trace_loc(loc));
	sb_add(sb, "</td><td class=\"src\">");
	sb_add_xml(sb, text);
	sb_add(sb, "</td><td>");
}

/* The interleaving over the C lines, as trace.txt has it. */
static void html_steps(StrBuf *sb, const CTrace *t)
{
	sb_add(sb, "<table>\n<tr><th>step</th><th>thread</th><th>location</th><th>C source</th><th>action</th>"
		   "<th>held after</th></tr>\n");
	for (int i = 0; i < t->nsteps; i++) {
		const CStep *s = &t->steps[i];
		if (!trace_shows(t, i)) /* the brief form, as trace.txt */
			continue;
		sb_addf(sb, "<tr%s><td class=\"num\">%d</td><td>", s->failed ? " class=\"failed\"" : "", s->n);
		html_where(sb, t, s->thread, s->loc, s->text);
		sb_add_xml(sb, s->failed ? xprintf("%s (fails)", s->action) : s->action);
		sb_add(sb, "</td><td>");
		sb_add_xml(sb, trace_held_text(t, &s->held));
		sb_add(sb, "</td></tr>\n");
	}
	for (int i = 0; i < t->nwaits; i++) {
		const CWait *w = &t->waits[i];
		sb_add(sb, "<tr class=\"wait\"><td></td><td>");
		html_where(sb, t, w->thread, w->loc, w->text);
		sb_add(sb, "waits for ");
		sb_add_xml(sb, trace_lock_name(t, w->lock));
		for (int k = 0; k < w->nholders; k++) {
			sb_add(sb, k ? ", " : " (held by ");
			sb_add_xml(sb, trace_lane_short(t, w->holders[k]));
		}
		sb_add(sb, w->nholders ? ")</td><td></td></tr>\n" : "</td><td></td></tr>\n");
	}
	sb_add(sb, "</table>\n");
}

/* trace.svg inline: without its XML prolog and doctype, its ids
 * prefixed so that two diagrams on one page do not share one. */
static void html_svg(StrBuf *sb, const char *results_dir, const ResultRow *row)
{
	const char *svg = read_file(xprintf("%s/%s/trace.svg", results_dir, row->dir), NULL);
	const char *start = svg ? strstr(svg, "<svg") : NULL;
	if (!start) {
		sb_add(sb, "<p class=\"warn\">no diagram (trace.svg could not be rendered)</p>\n");
		return;
	}
	const char *pre = xprintf(" id=\"%s-", anchor(row));
	sb_add(sb, "<div class=\"diagram\">\n");
	for (const char *c = start; *c;) {
		if (!strncmp(c, " id=\"", 5)) {
			sb_add(sb, pre);
			c += 5;
		} else
			sb_addn(sb, c++, 1);
	}
	sb_add(sb, "</div>\n");
}

static void html_counterexample(StrBuf *sb, const char *results_dir, const ResultRow *row)
{
	sb_addf(sb, "<section id=\"%s\">\n<h3>", anchor(row));
	sb_add_xml(sb, xprintf("%s %s: %s", row->spec, row->variant, verdict_name(row->verdict)));
	sb_add(sb, "</h3>\n<p>");
	sb_add_xml(sb, row->detail ? row->detail : "");
	sb_add(sb, "</p>\n<p>expected: ");
	sb_add_xml(sb, row->expect);
	sb_add(sb, row->match ? " (as expected)" : " <span class=\"bad\">(differs)</span>");
	if (*row->why) {
		sb_add(sb, ": ");
		sb_add_xml(sb, row->why);
	}
	sb_add(sb, "</p>\n<p>replay on the real code: ");
	if (row->replay_runs)
		sb_addf(sb, "<span class=\"%s\">%s %d/%d</span>", row->replay_confirmed == row->replay_runs ? "ok" : "bad",
			row->replay_confirmed == row->replay_runs ? "confirmed" : "not confirmed", row->replay_confirmed,
			row->replay_runs);
	else
		sb_add(sb, "not replayed (run check with --replay)");
	sb_add(sb, "</p>\n<p>files: ");
	static const char *const files[] = { "trace.txt", "trace.svg", "schedule.txt", "verdict.txt",
					     "verdict.json", "spin.txt" };
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		link_to(sb, results_dir, xprintf("%s/%s", row->dir, files[i]), files[i]);
	for (int k = 1; access(xprintf("%s/%s/also-%d.trace.txt", results_dir, row->dir, k), R_OK) == 0; k++)
		link_to(sb, results_dir, xprintf("%s/also-%d.trace.txt", row->dir, k), xprintf("also-%d.trace.txt", k));
	sb_add(sb, "</p>\n");
	html_steps(sb, row->trace);
	html_svg(sb, results_dir, row);
	sb_add(sb, "</section>\n");
}

void html_write(const char *results_dir, ResultRow *const *rows, int n)
{
	int as_expected = 0, differ = 0, inconclusive = 0;
	for (int i = 0; i < n; i++) {
		if (rows[i]->unproven)
			inconclusive++;
		else if (rows[i]->match)
			as_expected++;
		else
			differ++;
	}
	StrBuf sb;
	sb_init(&sb);
	sb_addf(&sb, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		     "<title>lockspin results</title>\n<style>\n%s</style>\n</head>\n<body>\n"
		     "<h1>lockspin results</h1>\n<p>%d variant%s: %d as expected, %d differ, %d inconclusive. "
		     "Also: <a href=\"SUMMARY.md\">SUMMARY.md</a> <a href=\"lockspin.sarif\">lockspin.sarif</a> "
		     "<a href=\"junit.xml\">junit.xml</a></p>\n",
		html_style, n, n == 1 ? "" : "s", as_expected, differ, inconclusive);
	for (int i = 0; i < n;) {
		int k = i;
		while (k < n && !strcmp(rows[k]->spec, rows[i]->spec))
			k++;
		html_matrix(&sb, rows + i, k - i);
		i = k;
	}
	sb_add(&sb, "<h2>Counterexamples</h2>\n");
	for (int i = 0; i < n; i++)
		if (rows[i]->violation)
			html_counterexample(&sb, results_dir, rows[i]);
	sb_add(&sb, "</body>\n</html>\n");
	const char *path = xprintf("%s/index.html", results_dir);
	if (!write_file(path, sb.buf, sb.len))
		die("cannot write '%s'", path);
	sb_release(&sb);
}
