/*
 * swarm.h - check --mode swarm|auto: many diversified bitstate searches run
 * through GNU parallel (swarm.c), and the pieces of spin.c they share with
 * the exhaustive search.
 */
#ifndef LS_SWARM_H
#define LS_SWARM_H

#include "stages.h"

/* The search --mode asks for: spin_check (exhaustive), swarm_check, or
 * spin_check falling back to swarm_check when it ran out of memory, time or
 * depth (auto).  What cache_check calls. */
CheckResult *swarm_search(const IrProgram *p, const char *model_text, const SpinOptions *o);
/* A swarm of bitstate searches over the model.  exhaustive: the exhaustive
 * result that ran out (auto), or NULL (--mode swarm).  A violation is a
 * counterexample like any other (trail decoded); no violation is
 * V_NO_VIOLATION_FOUND with the hash factor and coverage estimate, never
 * V_OK. */
CheckResult *swarm_check(const IrProgram *p, const char *model_text, const SpinOptions *o,
			 const CheckResult *exhaustive);
/* A coverage estimate in percent as the reports print it (">= 99.99", never 100). */
const char *swarm_percent(double coverage);
/* "exhaustive", "swarm", "auto" as a SearchMode; -1 if none of them. */
int swarm_parse_mode(const char *s);

/* spin.c, shared with swarm.c */
CheckResult *spin_new_result(void);
/* spin -a + cc into exe in dir, unless built from the same text and flags
 * (and <dir>/vectorsz).  time_bound: its searches stop at a time limit, so
 * it is compiled for speed of search, not of compiling. */
void spin_build(const char *dir, const char *model_text, const char *exe, char *const ccflags[], int nflags,
		bool time_bound);
/* pan aborted for want of VECTORSZ: record the size it needs in
 * <dir>/vectorsz (then spin_build again) and say true. */
bool spin_vectorsz_grow(const char *dir, const char *pan_output);
/* states, transitions, memory and time from pan's output */
void spin_parse_stats(CheckResult *r, const char *out);
/* spin -t -p the trail in dir, decode it into r->trail and classify it */
void spin_replay_into(const IrProgram *p, const PmlMap *map, CheckResult *r, const char *dir, const char *model,
		      const char *trail, bool deadlock, bool cycle);
/* the spec has an ls_progress(): check searches for livelock too */
bool spec_has_progress(const IrProgram *p);

#endif
