/*
 * results.h - the results tree that `lockspin check` writes (--results,
 * lockspin-results/ by default; `make check` writes the committed results/):
 *   results/<spec>/<variant>/{spin.txt,verdict.txt,order.txt,
 *                             trace.txt,trace.svg,schedule.txt}
 *   results/<spec>/<variant>/also-N.trace.txt   each also-found violation
 *   results/<spec>/<variant>/verdict.json   verdict.txt's fields, for scripts
 *   results/SUMMARY.md    one row per spec and variant
 *   results/lockspin.sarif, junit.xml, index.html   the same rows for CI
 *                         systems, SARIF viewers and people (sarif.c,
 *                         junit.c, html.c)
 *   results/timings.tsv   wall-clock figures (not reproducible, so not in SUMMARY)
 * Everything but timings.tsv is reproducible byte for byte.  The model
 * checked and the diagram's source go to the variant's work folder
 * (<work>/<spec>/<variant>/{model.pml,trace.dot}), beside pan: the model is
 * committed once, in models/, and trace.svg is what a reader opens.
 *
 * results.c only writes: the texts come from the stages main.c runs
 * (report.c, diagram.c, lockgraph.c), each counterexample projected once
 * (trace.c) and handed here in a VariantOut.
 */
#ifndef LS_RESULTS_H
#define LS_RESULTS_H

#include "trace.h"

typedef struct Results Results;

/* One variant's outputs, as main.c's stages made them. */
typedef struct VariantOut {
	const CTrace *trace;      /* the counterexample projected, NULL if none */
	const CTrace **also;      /* each also-found violation projected */
	int nalso;
	/* report.c and diagram.c: NULL when the result has no trail to tell */
	const char *trace_txt, *schedule, *dot;
	const char **also_txt;    /* nalso texts, also-N.trace.txt */
	const char *order;        /* order.txt (lockgraph.c) */
} VariantOut;

/* One checked variant, as the writers of the whole run see it.  p and r
 * live in the arena until exit. */
typedef struct ResultRow {
	const IrProgram *p;
	const CheckResult *r;
	const char *spec, *stem, *variant, *expect, *why;
	const char *dir;      /* "basics/abba/bad": relative to the results folder */
	Verdict verdict;
	bool match, violation;
	/* proves nothing: inconclusive, or no-violation-found where the spec
	 * expects something else (a swarm, not an exhaustive search) */
	bool unproven;
	long states;
	double seconds;
	const char *detail;
	int nunreached;
	const char *also;  /* other violations found, "assertion, deadlock", or NULL */
	int replay_runs, replay_confirmed; /* replay_runs 0: not replayed */
	bool reused;       /* the verdict came from the cache (--changed) */
	const CTrace *trace;           /* as VariantOut: the projections */
	const CTrace *const *also_traces; /* nalso */
	int nalso;
} ResultRow;

/* The run-wide writers, each in its own file, fed the rows in check order.
 * Their output is the same bytes on every run (no dates, no times). */
void sarif_write(const char *path, ResultRow *const *rows, int n);   /* sarif.c */
void junit_write(const char *path, ResultRow *const *rows, int n);   /* junit.c */
void html_write(const char *results_dir, ResultRow *const *rows, int n); /* html.c */
/* results/<spec>/<variant>/verdict.json (vjson.c) */
void vjson_write(const char *path, const IrProgram *p, const CheckResult *r, bool match);
/* The primary C location of a violation (the failing check, the first
 * wait of a deadlock, the first chain edge), file NULL if none (sarif.c). */
SrcLoc result_fail_loc(const CTrace *t);

Results *results_open(const char *dir);
/* "basics/abba" for spec/basics/abba.c: the results and models path of a spec. */
const char *results_spec_stem(const char *spec);
/* Scratch directory for pan of one variant (created). */
const char *results_workdir(const char *work, const IrProgram *p);
/* Writes results/<spec>/<variant>/, model.pml and trace.dot in workdir
 * (results_workdir's), and prints the verdict line; returns the path of
 * schedule.txt when the result is a counterexample (to replay on the real
 * code), else NULL. */
const char *results_write_variant(Results *res, const IrProgram *p, const char *pml, const CheckResult *r,
				  const VariantOut *out, const char *workdir);
/* Only the row results_write_variant adds (check -j: another process
 * wrote the variant's files and printed its lines). */
void results_add_row(Results *res, const IrProgram *p, const CheckResult *r, const VariantOut *out);
/* Verdict lines in colour or not, whatever stdout is (check -j: the
 * lines are printed into a file and shown later). */
void results_set_colour(Results *res, bool on);
/* The last variant's counterexample was replayed `runs` times on the real
 * code and confirmed `confirmed` times; print: say so on stdout. */
void results_note_replay(Results *res, int confirmed, int runs, bool print);
/* The last variant's verdict was reused from the verdict cache. */
void results_note_reused(Results *res, bool print);
/* Writes SUMMARY.md, lockspin.sarif, junit.xml and index.html, and returns
 * the exit status of the whole run.  strict: an also-found violation or an
 * unreached-code warning fails the run too (EXIT_STRICT). */
int results_write_summary(Results *res, bool print, bool strict);

#endif
