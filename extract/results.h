/*
 * results.h - the results/ tree that `lockspin check` writes:
 *   results/<spec>/<variant>/{model.pml,spin.txt,verdict.txt,trace.txt,
 *                             trace.dot,trace.svg,schedule.txt}
 *   results/SUMMARY.md    one row per spec and variant
 *   results/timings.tsv   wall-clock figures (not reproducible, so not in SUMMARY)
 * Everything but timings.tsv is reproducible byte for byte.
 */
#ifndef LS_RESULTS_H
#define LS_RESULTS_H

#include "verdict.h"

typedef struct Results Results;

Results *results_open(const char *dir);
/* "basics/abba" for spec/basics/abba.c: the results and models path of a spec. */
const char *results_spec_stem(const char *spec);
/* Scratch directory for pan of one variant (created). */
const char *results_workdir(const char *work, const IrProgram *p);
/* Writes results/<spec>/<variant>/; returns the path of schedule.txt when the
 * result is a counterexample (to replay on the real code), else NULL. */
const char *results_write_variant(Results *res, const IrProgram *p, const char *pml, const CheckResult *r);
/* The last variant's counterexample was replayed `runs` times on the real
 * code and confirmed `confirmed` times. */
void results_note_replay(Results *res, int confirmed, int runs);
/* Writes SUMMARY.md and returns the exit status of the whole run. */
int results_write_summary(Results *res, bool print);

#endif
