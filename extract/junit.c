/*
 * junit.c - results/junit.xml: the run as JUnit XML, for CI systems that
 * show test reports.  One <testsuite> per spec, one <testcase> per
 * variant (classname the spec's results path, name the variant):
 *   - a verdict that differs from the expectation is a <failure> whose
 *     message is the verdict line and the path of its trace;
 *   - an inconclusive search is an <error>: it is not a pass; so is
 *     no-violation-found (a swarm) where the spec expects another verdict;
 *   - the verdict line is the testcase's <system-out> either way.
 * No time attributes: junit.xml is committed and must be the same bytes
 * on every run (timings.tsv has the times).  extract/test/junit.xsd is the
 * schema it is checked against.
 */
#include "results.h"

#include <string.h>

static const char *verdict_line(const ResultRow *row)
{
	return xprintf("%s %s: %s%s%s (expected %s) %ld states", row->spec, row->variant, verdict_name(row->verdict),
		       row->detail ? ": " : "", row->detail ? row->detail : "", row->expect, row->states);
}

/* JUnit's counts: a differing verdict is a failure, an inconclusive search
 * an error (it proves nothing, so it is not a pass either). */
static void junit_count(ResultRow *const *rows, int n, int *failures, int *errors)
{
	*failures = *errors = 0;
	for (int i = 0; i < n; i++) {
		if (rows[i]->unproven)
			(*errors)++;
		else if (!rows[i]->match)
			(*failures)++;
	}
}

static void junit_suite(StrBuf *sb, ResultRow *const *rows, int n)
{
	int failures, errors;
	junit_count(rows, n, &failures, &errors);
	sb_add(sb, "  <testsuite name=\"");
	sb_add_xml(sb, rows[0]->spec);
	sb_addf(sb, "\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"0\">\n", n, failures, errors);
	for (int i = 0; i < n; i++) {
		const ResultRow *row = rows[i];
		const char *line = verdict_line(row);
		sb_add(sb, "    <testcase classname=\"");
		sb_add_xml(sb, row->stem);
		sb_add(sb, "\" name=\"");
		sb_add_xml(sb, row->variant);
		sb_add(sb, "\">\n");
		if (row->unproven) {
			sb_addf(sb, "      <error type=\"%s\" message=\"", verdict_name(row->verdict));
			sb_add_xml(sb, xprintf("%s; %s, this proves nothing; see %s/verdict.txt", line,
					       row->verdict == V_INCONCLUSIVE ? "the search did not finish"
					       : "a swarm of bitstate searches is not exhaustive", row->dir));
			sb_add(sb, "\"/>\n");
		} else if (!row->match) {
			sb_add(sb, "      <failure type=\"verdict-differs\" message=\"");
			sb_add_xml(sb, xprintf("%s; see %s/%s", line, row->dir, row->violation ? "trace.txt" : "verdict.txt"));
			sb_add(sb, "\"/>\n");
		}
		sb_add(sb, "      <system-out>");
		sb_add_xml(sb, line);
		sb_add(sb, "</system-out>\n    </testcase>\n");
	}
	sb_add(sb, "  </testsuite>\n");
}

void junit_write(const char *path, ResultRow *const *rows, int n)
{
	int failures, errors;
	junit_count(rows, n, &failures, &errors);
	StrBuf sb;
	sb_init(&sb);
	sb_addf(&sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		     "<testsuites name=\"lockspin\" tests=\"%d\" failures=\"%d\" errors=\"%d\">\n", n, failures, errors);
	/* rows come spec by spec (results.c checks the specs in order) */
	for (int i = 0; i < n;) {
		int k = i;
		while (k < n && !strcmp(rows[k]->spec, rows[i]->spec))
			k++;
		junit_suite(&sb, rows + i, k - i);
		i = k;
	}
	sb_add(&sb, "</testsuites>\n");
	if (!write_file(path, sb.buf, sb.len))
		die("cannot write '%s'", path);
	sb_release(&sb);
}
