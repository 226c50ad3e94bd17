/*
 * main.c - the lockspin command line.  A command table (git's
 * `{ "check", cmd_check }`), one option table and parser for every
 * command, and the pipeline, one stage a line, each in its own file:
 *
 *   variants = frontend_variants(spec)       C file -> LS_VARIANTs        frontend.c
 *   ir       = frontend_extract(spec, v)     C -> IR                      frontend.c
 *              ir_check(ir)                  IR invariants                ir.c
 *              ir_slice(ir), ir_check(ir)    the cone of influence of the
 *                                            checked properties (--no-slice)  ir_slice.c
 *   pml      = pml_emit(ir)                  IR -> Promela                promela.c
 *   result   = cache_check(ir, pml)          reuse a verdict (--changed,  cache.c
 *                                            --reuse)
 *              -> swarm_search(ir, pml)      --mode: exhaustive, swarm, auto   swarm.c
 *                 spin_check(ir, pml)        spin, cc, pan, trail -> verdict   spin.c
 *                 swarm_check(ir, pml)       bitstate searches, GNU parallel   swarm.c
 *                 pml_decode_trail()         spin -t -p -> Trail (IR)     pml_decode.c
 *   trace    = trace_project(ir, result)     Trail -> CTrace, once per
 *                                            counterexample               trace.c
 *              report_trace_text(trace)      trace.txt, also-N.trace.txt  report.c
 *              report_schedule(trace)        schedule.txt                 report.c
 *              diagram_dot(trace)            trace.dot (trace.svg)        diagram.c
 *              lockgraph_write()             order.txt: the lock-order graph  lockgraph.c
 *              results_write_variant()       the files of one variant     results.c
 *              native_confirm(schedule)      --replay on the real code    native.c
 *              results_write_summary()       SUMMARY.md, timings.tsv      results.c
 *                 sarif_write, junit_write,  lockspin.sarif, junit.xml,   sarif.c, junit.c,
 *                 html_write, vjson_write    index.html, verdict.json     html.c, vjson.c
 *
 * With check -j N (the default: one per core) the front end runs here, one
 * variant after another, and each variant from cache_check on runs in a
 * process of its own; lockspin shows their lines and adds their rows in
 * order (the job pool, check()).
 *
 * `run` is the same front end, then native_run() (native.c): the spec
 * compiled against harness/, stressed (its lock order compared with the
 * order.txt check wrote) or made to replay a schedule.  `trace` rebuilds
 * the IR a model names and tells a trail in C (spin_replay, spin.c).
 * Shared: util.c (arena, strings, diagnostics), ir.c (the IR, --dump=ir).
 */
#include "native.h"
#include "results.h"
#include "stages.h"
#include "swarm.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* The commands, as bits: which options each takes. */
enum { C_CHECK = 1, C_RUN = 2, C_TRACE = 4, C_INSPECT = 8, C_ALL = 15 };

enum OptId {
	O_VARIANT = 1, O_RESULTS, O_WORK, O_MAX_DEPTH, O_MEMORY, O_TIMEOUT, O_QUIET, O_CHANGED, O_REUSE, O_STRICT,
	O_REPLAY, O_REPLAY_RUNS, O_JOBS, O_RUN_REPLAY, O_FULL, O_PASS, O_PASS_FLAG, O_DUMP, O_EXPLAIN, O_LIST, O_CARG,
	O_MODE, O_SWARM_JOBS, O_SWARM_HOSTS, O_SIDECAR, O_CCDB, O_NO_SLICE,
};

/* One option of one or more commands.  arg: the argument's name in the
 * help, NULL for a flag.  The first entry that names the option for the
 * command at hand wins, so `--replay` is a flag of check and takes a
 * directory in run. */
typedef struct Opt {
	const char *name;
	const char *arg;
	unsigned cmds;
	enum OptId id;
	const char *help;
} Opt;

static const Opt opts[] = {
	{ "--variant", "NAME", C_CHECK | C_INSPECT, O_VARIANT, "only this variant (may be repeated)" },
	{ "--variant", "NAME", C_RUN, O_VARIANT, "the variant to build (needed when the spec has several)" },
	{ "--results", "DIR", C_CHECK, O_RESULTS, "where check writes its results (default: lockspin-results)" },
	{ "--results", "DIR", C_RUN, O_RESULTS,
	  "where check wrote the model's order.txt (default: lockspin-results)" },
	{ "--work", "DIR", C_CHECK | C_RUN, O_WORK,
	  "scratch space for spin, pan and native builds (default: ~/.cache/lockspin)" },
	{ "--max-depth", "N", C_CHECK | C_RUN, O_MAX_DEPTH, "pan search depth limit" },
	{ "--memory", "MB", C_CHECK | C_RUN, O_MEMORY, "pan memory limit" },
	{ "--timeout", "S", C_CHECK, O_TIMEOUT,
	  "give up a search after S seconds: inconclusive" },
	{ "--mode", "exhaustive|swarm|auto", C_CHECK, O_MODE,
	  "exhaustive (default): pan's full search, ok means every interleaving;\n"
	  "swarm: many bitstate searches through GNU parallel, no-violation-found\n"
	  "at best; auto: exhaustive, then swarm if it runs out of memory, time or depth" },
	{ "--swarm-jobs", "N", C_CHECK, O_SWARM_JOBS, "swarm: how many diversified searches (default: 4 per core)" },
	{ "--swarm-hosts", "FILE|LIST", C_CHECK, O_SWARM_HOSTS,
	  "swarm: GNU parallel's --sshlogin list or --sshloginfile (default ':', this machine)" },
	{ "--timeout", "S", C_RUN, O_PASS, "per iteration; a run that hangs is reported, not waited for" },
	{ "--quiet", NULL, C_CHECK, O_QUIET, "no progress lines" },
	{ "-j", "N", C_CHECK, O_JOBS,
	  "check N variants at once, each in its own process (default: the number of cores);\n"
	  "the output and the files are those of -j 1, which checks one after another\n"
	  "(and alone shows progress lines)" },
	{ "--full", NULL, C_CHECK, O_FULL,
	  "every step in trace.txt and the diagram (default: the brief form: lock operations, the reads and writes of what the failing check reads, the failing step)" },
	{ "--quiet", NULL, C_RUN, O_PASS_FLAG, "print only what went wrong" },
	{ "--changed", "REV", C_CHECK, O_CHANGED,
	  "search again only specs whose file or headers changed since git REV;\n"
	  "reuse cached verdicts of unchanged models for the rest" },
	{ "--reuse", NULL, C_CHECK, O_REUSE,
	  "reuse a cached verdict whose key (model, IR, search options, lockspin and spin)\n"
	  "is unchanged, and a replay of the same program and schedule that confirmed\n"
	  "every run; the files written are those of a full check (make check uses it)" },
	{ "--strict", NULL, C_CHECK, O_STRICT, "also fail (exit 4) on an also-found violation or unreached code" },
	{ "--replay", NULL, C_CHECK, O_REPLAY, "confirm each counterexample on the real code (lockspin run --replay)" },
	{ "--replay-runs", "N", C_CHECK, O_REPLAY_RUNS,
	  "replay each counterexample N times (default 1); all must confirm" },
	{ "--replay", "DIR", C_RUN, O_RUN_REPLAY,
	  "replay DIR/schedule.txt (a results/<spec>/<variant>/ directory) on the real threads" },
	{ "--iterations", "N", C_RUN, O_PASS, "stress: run the scenario N times (default 100)" },
	{ "--seed", "S", C_RUN, O_PASS, "stress: the first iteration's random seed" },
	{ "--validate", "off|ranks|full", C_RUN, O_PASS, "the run-time validator (default: full)" },
	{ "--dump=", "ir|sliced|pml", C_INSPECT, O_DUMP,
	  "print the front end's IR, the IR after the slice, or the Promela" },
	{ "--no-slice", NULL, C_CHECK | C_INSPECT, O_NO_SLICE,
	  "keep what no checked property depends on in the model (no cone-of-influence slice)" },
	{ "--explain", NULL, C_INSPECT, O_EXPLAIN, "what the model abstracts, each with its location" },
	{ "--list", NULL, C_INSPECT, O_LIST, "list the variants" },
	{ "--sidecar", "FILE", C_CHECK | C_RUN | C_INSPECT, O_SIDECAR,
	  "the files given form one program that FILE annotates (harness/lockspin-sidecar.h)\n"
	  "and holds the scenario of; the files are read as they are" },
	{ "--compile-commands", "FILE", C_CHECK | C_RUN | C_INSPECT, O_CCDB,
	  "compile_commands.json: parse each file with the -I, -D, -include and -std it records" },
	{ "-I", "DIR", C_CHECK | C_RUN | C_INSPECT, O_CARG, "passed to the C front end (and run's compiler)" },
	{ "-D", "NAME[=VALUE]", C_CHECK | C_RUN | C_INSPECT, O_CARG, "passed to the C front end (and run's compiler)" },
};

typedef struct Command {
	const char *name;
	int (*fn)(int argc, char **argv);
	unsigned bit;
	const char *usage;
	const char *what;
	const char *exits;
} Command;

static const char run_exit_codes[] =
	"exit codes: 0 no problem (stress) or confirmed (replay), 1 a problem found, a lock\n"
	"order the model lacks (stress) or not confirmed (replay), 2 bad input or usage,\n"
	"3 a hang or crash, or a tool failure\n";

static const char exit_codes[] =
	"exit codes: 0 every verdict as expected, 1 a verdict differs from the spec's\n"
	"expectation, 2 bad input or usage, 3 inconclusive search, no-violation-found\n"
	"(--mode swarm|auto) where the spec expects another verdict, or tool failure,\n"
	"4 (check --strict) an also-found violation or unreached code\n";

typedef struct Options {
	PtrVec files;
	PtrVec variants;  /* names selected with --variant */
	PtrVec cargs;     /* -I/-D for the front end */
	PtrVec pass;      /* run: options for the native driver */
	const char *results;
	const char *work;
	const char *changed;  /* --changed REV */
	const char *dump;  /* "ir", "sliced", "pml" or NULL */
	const char *replay_dir;  /* run --replay DIR */
	const char *sidecar;  /* --sidecar FILE */
	const char *ccdb;     /* --compile-commands FILE */
	bool explain, list, quiet, strict, full, no_slice;
	bool reuse;       /* --reuse */
	int replay_runs;  /* 0: no replay */
	int jobs;         /* check -j: variants checked at once */
	SpinOptions search;  /* max_depth, memory_mb, time_limit */
} Options;

static long parse_number(const char *opt, const char *s)
{
	char *end;
	long v = strtol(s ? s : "", &end, 10);
	if (!s || !*s || *end || v <= 0)
		die_usage("%s needs a positive number, got '%s'", opt, s ? s : "");
	return v;
}

static const Opt *opt_find(const char *a, unsigned cmd)
{
	for (size_t k = 0; k < sizeof(opts) / sizeof(opts[0]); k++) {
		const Opt *o = &opts[k];
		size_t n = strlen(o->name);
		if (!(o->cmds & cmd))
			continue;
		if (o->id == O_JOBS ? !strncmp(a, "-j", 2) && (!a[2] || isdigit((unsigned char)a[2])) :
		    o->id == O_CARG ? !strncmp(a, o->name, n) : o->id == O_DUMP ? !strncmp(a, o->name, n)
										 : !strcmp(a, o->name))
			return o;
	}
	return NULL;
}

/* `lockspin CMD --help`: the options of CMD, from the one table. */
static void help(const Command *c)
{
	printf("usage: %s\n\n%s\n\noptions:\n", c->usage, c->what);
	for (size_t k = 0; k < sizeof(opts) / sizeof(opts[0]); k++) {
		const Opt *o = &opts[k];
		if (!(o->cmds & c->bit))
			continue;
		const char *form = o->arg ? xprintf("%s%s%s", o->name, o->id == O_DUMP ? "" : " ", o->arg) : o->name;
		printf("  %-22s", form);
		/* the defaults are SPIN_DEFAULTS', not written twice */
		SpinOptions d = SPIN_DEFAULTS;
		const char *text = o->id == O_MAX_DEPTH ? xprintf("%s (default: %ld)", o->help, d.max_depth)
			: o->id == O_MEMORY ? xprintf("%s (default: %ld)", o->help, d.memory_mb)
			: o->id == O_TIMEOUT ? xprintf("%s (default: %d)", o->help, d.time_limit) : o->help;
		for (const char *h = text; *h;) {
			size_t n = strcspn(h, "\n");
			printf("%s%.*s\n", h == text ? (strlen(form) > 22 ? "\n                        " : "")
						    : "                        ", (int)n, h);
			h += n + (h[n] == '\n');
		}
	}
	printf("  %-22sthis text\n\n%s", "--help", c->exits);
}

/* The one parser of every command: argv[start..] against the options of cmd. */
static void parse_options(Options *o, const Command *c, int argc, char **argv, int start)
{
	o->results = "lockspin-results";
	o->search = (SpinOptions)SPIN_DEFAULTS;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	o->jobs = cores > 0 ? (int)cores : 1;
	for (int i = start; i < argc; i++) {
		const char *a = argv[i];
		const char *next = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--help")) {
			help(c);
			exit(EXIT_VERIFIED);
		}
		if (a[0] != '-') {
			vec_push(&o->files, (void *)a);
			continue;
		}
		/* --variant=NAME as well as --variant NAME */
		const char *eq = !strncmp(a, "--", 2) ? strchr(a, '=') : NULL;
		const char *key = eq && strncmp(a, "--dump=", 7) ? xstrndup(a, (size_t)(eq - a)) : a;
		const Opt *opt = opt_find(key, c->bit);
		if (!opt)
			die_usage("unknown option '%s'%s", a,
				  c->bit == C_INSPECT ? "" : xprintf(" (try 'lockspin %s --help')", c->name));
		const char *val = NULL;
		if (opt->id == O_CARG) {
			val = a[2] ? a + 2 : next;
			if (!a[2] && next)
				i++;
			if (!val)
				die_usage("%s needs %s", a, opt->arg);
			vec_push(&o->cargs, xprintf("%s%s", opt->name, val));
			continue;
		}
		if (opt->id == O_DUMP) {
			val = a + 7;
		} else if (opt->id == O_JOBS && a[2]) {
			val = a + 2; /* -j2 as well as -j 2 */
		} else if (opt->arg) {
			val = eq ? eq + 1 : next;
			if (!eq)
				i++;
			if (!val)
				die_usage("%s needs %s", key, opt->arg);
		}
		switch (opt->id) {
		case O_VARIANT: vec_push(&o->variants, (void *)val); break;
		case O_RESULTS: o->results = val; break;
		case O_WORK: o->work = val; break;
		case O_CHANGED: o->changed = val; break;
		case O_MAX_DEPTH:
			o->search.max_depth = parse_number(key, val);
			/* pan reads -m with atoi() into an int: anything larger wraps
			 * and pan prints its usage text instead of searching */
			if (o->search.max_depth > INT_MAX)
				die_usage("--max-depth is at most %d (pan's limit), got '%s'", INT_MAX, val);
			break;
		case O_MEMORY: o->search.memory_mb = parse_number(key, val); break;
		case O_TIMEOUT: o->search.time_limit = (int)parse_number(key, val); break;
		case O_MODE:
			o->search.mode = (SearchMode)swarm_parse_mode(val);
			if ((int)o->search.mode < 0)
				die_usage("--mode takes 'exhaustive', 'swarm' or 'auto', not '%s'", val);
			break;
		case O_SWARM_JOBS:
			o->search.swarm_jobs = (int)parse_number(key, val);
			/* each search has its own seed, -RS 7919 * N, in an int */
			if (parse_number(key, val) > 100000)
				die_usage("--swarm-jobs is at most 100000, got '%s'", val);
			break;
		case O_SWARM_HOSTS:
			if (!*val)
				die_usage("--swarm-hosts needs a login list or a file, got ''");
			o->search.swarm_hosts = val;
			break;
		case O_QUIET: o->quiet = true; break;
		case O_FULL: o->full = true; break;
		case O_STRICT: o->strict = true; break;
		case O_REUSE: o->reuse = true; break;
		case O_REPLAY: o->replay_runs = o->replay_runs ? o->replay_runs : 1; break;
		case O_REPLAY_RUNS: o->replay_runs = (int)parse_number(key, val); break;
		case O_JOBS: o->jobs = (int)parse_number("-j", val); break;
		case O_RUN_REPLAY: o->replay_dir = val; break;
		case O_PASS:
			vec_push(&o->pass, (void *)key);
			vec_push(&o->pass, (void *)val);
			break;
		case O_PASS_FLAG: vec_push(&o->pass, (void *)key); break;
		case O_EXPLAIN: o->explain = true; break;
		case O_NO_SLICE: o->no_slice = true; break;
		case O_LIST: o->list = true; break;
		case O_DUMP:
			o->dump = val;
			if (strcmp(o->dump, "ir") && strcmp(o->dump, "sliced") && strcmp(o->dump, "pml"))
				die_usage("--dump takes 'ir', 'sliced' or 'pml', not '%s'", o->dump);
			break;
		case O_SIDECAR: o->sidecar = val; break;
		case O_CCDB: o->ccdb = val; break;
		case O_CARG: BUG("handled above");
		}
	}
	if (!o->files.len)
		die_usage(o->sidecar ? "--sidecar needs the upstream files it annotates" : "no spec file given");
	if (!o->sidecar && !o->ccdb)
		return;
	/* the front end reads the program's files and flags; what check and
	 * the inspectors see is one spec, the side-car */
	if (!frontend_program(o->sidecar, (const char **)o->files.data, o->files.len, o->ccdb))
		exit(EXIT_BADINPUT);
	if (o->sidecar) {
		o->files = (PtrVec){ 0 };
		vec_push(&o->files, (void *)o->sidecar);
	}
}

static bool variant_selected(const Options *o, const char *name)
{
	if (!o->variants.len)
		return true;
	for (int i = 0; i < o->variants.len; i++)
		if (!strcmp(o->variants.data[i], name))
			return true;
	return false;
}

/* The variants of one spec that the options select; NULL on bad input. */
static IrVariant *select_variants(const Options *o, const char *file, int *n)
{
	int nall;
	IrVariant *all = frontend_variants(file, (const char **)o->cargs.data, o->cargs.len, &nall);
	if (!all)
		return NULL;
	IrVariant *sel = arena_array((size_t)nall + 1, sizeof(*sel));
	*n = 0;
	for (int i = 0; i < nall; i++)
		if (variant_selected(o, all[i].name))
			sel[(*n)++] = all[i];
	for (int i = 0; i < o->variants.len; i++) {
		bool found = false;
		for (int k = 0; k < nall; k++)
			found |= !strcmp(all[k].name, o->variants.data[i]);
		if (!found && o->files.len == 1) {
			SrcLoc loc = { file, 0, 0 };
			error_at(loc, "no variant named '%s' (try 'lockspin --list %s')",
				 (const char *)o->variants.data[i], file);
			return NULL;
		}
	}
	return sel;
}

/* The selected variants of every spec file given, one at a time (check and
 * inspect walk them alike): while (selection_next(&sel)) uses sel.file and
 * sel.v.  Each file starts a new error count (diag_new_file); a file whose
 * variants cannot be read sets bad_input and is passed over. */
typedef struct Selection {
	const Options *o;
	int f;            /* the next file of o->files */
	IrVariant *vs;    /* the selected variants of the current file */
	int n, i;         /* how many, and the next one */
	const char *file; /* the current spec file */
	IrVariant *v;     /* the current variant */
	bool bad_input;
} Selection;

static bool selection_next(Selection *sel)
{
	while (sel->i >= sel->n) {
		if (sel->f >= sel->o->files.len)
			return false;
		sel->file = sel->o->files.data[sel->f++];
		diag_new_file();
		sel->vs = select_variants(sel->o, sel->file, &sel->n);
		sel->i = 0;
		if (!sel->vs) {
			sel->bad_input = true;
			sel->n = 0;
		}
	}
	sel->v = &sel->vs[sel->i++];
	return true;
}

/* The model is the cone of influence of the checked properties
 * (ir_slice.c), unless --no-slice; `trace` always rebuilds the sliced
 * model (o NULL).  `run` builds the real code from the sliced IR too, as
 * `check --replay` does (the slice keeps every lock, point and check), so
 * that its stress run compares its lock order with the order.txt of the
 * model check searched, not with a model check never made. */
static void slice(const Options *o, IrProgram *p)
{
	if (o && o->no_slice)
		return;
	ir_slice(p);
	ir_check(p);
}

/* --dump, --explain, --list: look at what the front end makes of a spec. */
static int cmd_inspect(const Options *o)
{
	Selection sel = { .o = o };
	bool bad_input = false;
	while (selection_next(&sel)) {
		StrBuf out;
		sb_init(&out);
		if (o->list) {
			sb_addf(&out, "%s %s expect %s: %s\n", sel.v->name,
				*sel.v->defines ? sel.v->defines : "-", sel.v->expect, sel.v->why);
		} else {
			IrProgram *p = frontend_extract(sel.file, sel.v, (const char **)o->cargs.data, o->cargs.len);
			if (!p) {
				bad_input = true;
				sb_release(&out);
				continue;
			}
			ir_check(p);
			if (o->dump && !strcmp(o->dump, "ir")) {
				ir_dump(p, &out);
			} else {
				slice(o, p);
				if (o->explain)
					ir_explain(p, &out);
				else if (!strcmp(o->dump, "sliced"))
					ir_dump(p, &out);
				else
					pml_emit(p, &out);
			}
		}
		fwrite(out.buf, 1, out.len, stdout);
		sb_release(&out);
	}
	return bad_input || sel.bad_input ? EXIT_BADINPUT : EXIT_VERIFIED;
}

/* The counterexamples of one result, each projected once (trace.c) and
 * told by the presenters (report.c, diagram.c); the order graph (lockgraph.c). */
static VariantOut present(const IrProgram *p, const char *pml, const CheckResult *r, bool full)
{
	VariantOut vo = { 0 };
	StrBuf sb;
	sb_init(&sb);
	lockgraph_write(p, pml, lockgraph_of_result(r), &sb);
	vo.order = sb_detach_arena(&sb);
	if (r->verdict == V_OK || r->verdict == V_INCONCLUSIVE || r->verdict == V_NO_VIOLATION_FOUND)
		return vo;
	vo.trace = trace_project(p, r, full);
	vo.also = arena_array((size_t)r->nall + 1, sizeof(CTrace *));
	for (int i = 0; i < r->nall; i++)
		if (r->all[i].trail != r->trail)
			vo.also[vo.nalso++] = trace_project(p, trace_also_result(r, &r->all[i]), full);
	/* a potential deadlock without a trail is told as lockdep's
	 * hypothetical paths: a trace and a diagram, but no schedule to replay */
	if (!r->trail && !vo.trace->nchain)
		return vo;
	vo.also_txt = arena_array((size_t)vo.nalso + 1, sizeof(char *));
	sb_init(&sb);
	report_trace_text(vo.trace, &sb);
	vo.trace_txt = sb_detach_arena(&sb);
	sb_init(&sb);
	report_schedule(vo.trace, &sb);
	vo.schedule = sb_detach_arena(&sb);
	if (!r->trail)
		vo.schedule = NULL;
	sb_init(&sb);
	diagram_dot(vo.trace, &sb);
	vo.dot = sb_detach_arena(&sb);
	for (int k = 0; k < vo.nalso; k++) {
		sb_init(&sb);
		report_trace_text(vo.also[k], &sb);
		vo.also_txt[k] = sb_detach_arena(&sb);
	}
	return vo;
}

/* The partial read of modelled state (IrStmt.partial) in trail after which
 * another thread runs before the rest of its C statement, where native code
 * has no point to stop at (after_point 0); NULL when the replay can follow.
 * The rest starts at the thread's next step past its run-time checks (they
 * test the temporaries alone); when that is an annotation (a lock
 * operation, ls_assert, ls_progress), native code stops there anyway. */
static const IrStmt *replay_blind_read(const Trail *tr)
{
	for (int i = 0; tr && i < tr->nsteps; i++) {
		const IrStmt *st = tr->steps[i].stmt;
		if (!st || !st->partial || st->after_point)
			continue;
		int k = i + 1, th = tr->steps[i].thread;
		bool other = false;
		for (; k < tr->nsteps; k++) {
			const IrStmt *n = tr->steps[k].stmt;
			if (tr->steps[k].thread != th)
				other = other || tr->steps[k].thread >= 0;
			else if (!n || n->kind != S_ASSERT || !n->implicit)
				break;
		}
		/* past the trail: where the thread is stopped (a blocked lock) */
		const IrStmt *rest = k < tr->nsteps ? tr->steps[k].stmt
				   : tr->stuck && th >= 0 && th < tr->nthreads ? tr->stuck[th] : NULL;
		bool annotation = rest && (rest->kind == S_LOCK || rest->kind == S_PROGRESS ||
					   (rest->kind == S_ASSERT && !rest->implicit));
		if (other && !annotation)
			return st;
	}
	return NULL;
}

/* ---- check --------------------------------------------------------------------------------- */
/* One variant to check, as the front end made it. */
typedef struct Job {
	IrProgram *p;
	IrVariant *v;
	const char *pml;  /* arena: a job process leaves nothing malloc'd behind */
	const PmlMap *map;
	/* check -j: the process that checks it and what it leaves */
	pid_t pid;
	bool done;
	int status;
	const char *out, *err, *state; /* its stdout, stderr; what the summary needs */
} Job;

/* What checking one variant tells the summary besides its CheckResult. */
typedef struct JobState {
	bool reused;         /* the verdict came from the cache */
	bool replay_reused;  /* --reuse: so did the replay's confirmation */
	int confirmed, runs; /* runs 0: not replayed */
} JobState;

/* Search one variant (or reuse its verdict), tell its counterexamples, write
 * its files and print its lines, replay on the real code: everything but
 * the summary, which needs every variant. */
static CheckResult *check_variant(const Options *o, Results *res, const char *work, Job *j, JobState *js)
{
	IrProgram *p = j->p;
	SpinOptions so = o->search;
	so.workdir = results_workdir(work, p);
	so.progress = !o->quiet && o->jobs <= 1;
	so.map = j->map;
	*js = (JobState){ 0 };
	CheckResult *r = cache_check(p, j->v, j->pml, &so, work, o->changed, o->reuse, (const char **)o->cargs.data,
				     o->cargs.len, &js->reused);
	VariantOut vo = present(p, j->pml, r, o->full);
	const char *schedule = results_write_variant(res, p, j->pml, r, &vo, so.workdir);
	/* --changed says which verdicts it reused, in SUMMARY.md too; --reuse
	 * only counts them (check's last line): its files are a full check's */
	if (js->reused && o->changed)
		results_note_reused(res, true);
	const IrStmt *failed = r->trail ? r->trail->failed : NULL, *blind;
	if (o->replay_runs && schedule && failed && failed->violation && !failed->native_twin) {
		/* the real code has nothing that would fail there (a C local
		 * holds what the model's range does not, or the operation is
		 * in a macro or a loop): say so, never claim confirmed */
		printf("  replayed on the real code: not reproducible natively: no native check "
		       "for the %s at %s:%d\n", verdict_name((Verdict)failed->violation),
		       failed->loc.file, failed->loc.line);
	} else if (o->replay_runs && schedule && (blind = replay_blind_read(r->trail))) {
		/* the replay cannot stop where the counterexample needs it */
		printf("  replayed on the real code: not reproducible natively: another thread runs between "
		       "the read of modelled state at %s:%d and the rest of its C statement, which native "
		       "code cannot stop inside (a read-modify-write such as x++ or x += e)\n",
		       blind->loc.file, blind->loc.line);
	} else if (o->replay_runs && schedule) {
		const char *why;
		native_confirm(p, j->v, o->work ? xprintf("%s/native", o->work) : cache_dir("native"), &o->cargs,
			       schedule, o->replay_runs, o->reuse, &js->confirmed, &why, &js->replay_reused);
		if (why) {
			/* the run reached what the native program cannot do (a
			 * side-car program's list no code made one): its error */
			js->confirmed = 0;
			printf("  replayed on the real code: not reproducible natively: %s\n", why);
		} else {
			js->runs = o->replay_runs;
			results_note_replay(res, js->confirmed, js->runs, true);
		}
	}
	return r;
}

/*
 * check -j N: the variants are checked by up to N processes at once, one
 * per variant, forked once the front end has made its model (libclang and
 * the arena stay in one process).  Each prints into files of its own and
 * leaves its CheckResult in the verdict cache's format; lockspin shows the
 * lines and adds the rows in spec and variant order, so stdout and every
 * file written are those of a serial run.
 */
typedef struct Pool {
	const Options *o;
	Results *res;
	const char *work, *dir; /* dir: the jobs' files, <work>/jobs/<pid> */
	Job **jobs;
	int njobs, started, shown, running;
	int failed; /* a job's exit status other than 0: start no more, show none after it */
	bool one_stream; /* stdout and stderr are one file: so is each job's */
	int reused, replays, replays_reused; /* verdicts reused; replays, of them from the cache */
} Pool;

static void pool_start(Pool *pl, int i)
{
	Job *j = pl->jobs[i];
	j->out = xprintf("%s/%d.out", pl->dir, i);
	j->err = pl->one_stream ? j->out : xprintf("%s/%d.err", pl->dir, i);
	j->state = xprintf("%d", i);
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0)
		die("cannot fork: %s", strerror(errno));
	if (pid == 0) {
		int fd = open(j->out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int fe = pl->one_stream ? fd : open(j->err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || fe < 0 || dup2(fd, 1) < 0 || dup2(fe, 2) < 0)
			_exit(EXIT_INCONCLUSIVE);
		JobState js;
		CheckResult *r = check_variant(pl->o, pl->res, pl->work, j, &js);
		cache_store(pl->dir, j->state, r);
		const char *st = xprintf("%d %d %d %d\n", js.reused, js.confirmed, js.runs, js.replay_reused);
		const char *path = xprintf("%s/%d.state", pl->dir, i);
		int rc = write_file(path, st, strlen(st)) ? EXIT_VERIFIED : EXIT_INCONCLUSIVE;
		fflush(NULL);
		_exit(rc);
	}
	j->pid = pid;
	pl->running++;
}

static void pool_copy(const char *path, FILE *to)
{
	size_t n;
	char *text = read_file(path, &n);
	if (text)
		fwrite(text, 1, n, to);
	fflush(to);
	unlink(path);
}

/* Job i's lines, then its row, as a serial run would have made them. */
static void pool_show(Pool *pl, int i)
{
	Job *j = pl->jobs[i];
	pool_copy(j->out, stdout);
	if (!pl->one_stream)
		pool_copy(j->err, stderr);
	if (j->status != 0) {
		pl->failed = j->status;
		return;
	}
	const char *path = xprintf("%s/%d.state", pl->dir, i);
	char *st = read_file(path, NULL);
	int reused, confirmed, runs, replay_reused;
	CheckResult *r = cache_load(pl->dir, j->state, j->p);
	if (!st || sscanf(st, "%d %d %d %d", &reused, &confirmed, &runs, &replay_reused) != 4 || !r)
		die("check -j: the process that checked %s variant %s left no result in '%s'", j->p->spec,
		    j->p->variant, pl->dir);
	unlink(path);
	unlink(xprintf("%s/verdicts/%s", pl->dir, j->state));
	VariantOut vo = present(j->p, j->pml, r, pl->o->full);
	results_add_row(pl->res, j->p, r, &vo);
	if (reused && pl->o->changed)
		results_note_reused(pl->res, false);
	pl->reused += reused;
	pl->replays += runs > 0;
	pl->replays_reused += replay_reused;
	if (runs)
		results_note_replay(pl->res, confirmed, runs, false);
}

/* Start what may start, show what is done in order; with wait, until every
 * job started is shown. */
static void pool_pump(Pool *pl, bool wait)
{
	for (;;) {
		while (!pl->failed && pl->running < pl->o->jobs && pl->started < pl->njobs)
			pool_start(pl, pl->started++);
		while (!pl->failed && pl->shown < pl->started && pl->jobs[pl->shown]->done)
			pool_show(pl, pl->shown++);
		if (!pl->running || (!wait && pl->started == pl->njobs && pl->shown == pl->started))
			return;
		int st;
		pid_t pid = waitpid(-1, &st, wait ? 0 : WNOHANG);
		if (pid == 0)
			return;
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			die("waitpid: %s", strerror(errno));
		}
		for (int i = 0; i < pl->started; i++) {
			Job *j = pl->jobs[i];
			if (j->pid != pid || j->done)
				continue;
			j->done = true;
			j->status = WIFEXITED(st) ? WEXITSTATUS(st) : EXIT_INCONCLUSIVE;
			if (WIFSIGNALED(st))
				fprintf(stderr, "lockspin: fatal: the process that checked %s variant %s died of signal %d\n",
					j->p->spec, j->p->variant, WTERMSIG(st));
			pl->running--;
		}
	}
}

static bool same_file(int a, int b)
{
	struct stat sa, sb;
	return fstat(a, &sa) == 0 && fstat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* lockspin check: every selected variant of every spec, verdict vs expectation. */
static int check(const Options *o)
{
	Results *res = results_open(o->results);
	const char *work = o->work ? o->work : cache_dir("pan");
	Selection sel = { .o = o };
	bool bad_input = false;
	Pool pl = { .o = o, .res = res, .work = work };
	PtrVec jobs = { 0 };
	/* every key's start (lockspin's binary, spin -V): once, not per job */
	cache_prepare();
	if (o->jobs > 1) {
		pl.dir = xprintf("%s/jobs/%ld", work, (long)getpid());
		if (!mkdir_p(pl.dir))
			die("cannot create '%s': %s", pl.dir, strerror(errno));
		pl.one_stream = same_file(1, 2);
		diagram_prepare();
		results_set_colour(res, tty_colour(1));
	}
	while (selection_next(&sel)) {
		IrProgram *p = frontend_extract(sel.file, sel.v, (const char **)o->cargs.data, o->cargs.len);
		if (!p) {
			bad_input = true;
			continue;
		}
		ir_check(p);
		slice(o, p);
		Job *j = arena_alloc(sizeof(*j));
		j->p = p;
		j->v = sel.v;
		StrBuf pml;
		sb_init(&pml);
		j->map = pml_emit(p, &pml);
		j->pml = sb_detach_arena(&pml);
		/* --reuse with the verdict in the cache: what is left (the files,
		 * a replay that is likely cached too) costs less than forking a
		 * job from this 100-200 MB process (measured: a warm make check
		 * took 4.9 CPU s at -j 2 against 3.0 at -j 1).  Checked here,
		 * after every job started before it is shown, so the order of
		 * lines and rows is a serial run's. */
		bool inline_job = o->jobs <= 1;
		if (!inline_job && o->reuse && !o->changed && cache_has(p, j->pml, &o->search, work)) {
			pool_pump(&pl, true);
			if (pl.failed)
				break;
			inline_job = true;
		}
		if (inline_job) {
			JobState js;
			check_variant(o, res, work, j, &js);
			pl.reused += js.reused;
			pl.replays += js.runs > 0;
			pl.replays_reused += js.replay_reused;
			continue;
		}
		vec_push(&jobs, j);
		pl.jobs = (Job **)jobs.data;
		pl.njobs = jobs.len;
		pool_pump(&pl, false);
	}
	if (o->jobs > 1) {
		pool_pump(&pl, true);
		rmdir(xprintf("%s/verdicts", pl.dir));
		rmdir(pl.dir);
		if (pl.failed)
			return pl.failed;
	}
	/* bad input: leave the previous SUMMARY.md alone rather than write a
	 * table that is missing the specs that could not be read */
	if (bad_input || sel.bad_input)
		return EXIT_BADINPUT;
	int rc = results_write_summary(res, !o->quiet, o->strict);
	if (o->reuse && !o->changed && !o->quiet)
		printf("lockspin: --reuse: %d verdict%s and %d of %d replays from the cache (unchanged keys)\n",
		       pl.reused, pl.reused == 1 ? "" : "s", pl.replays_reused, pl.replays);
	return rc;
}

/* lockspin run: one variant of one spec, natively (native.c). */
static int run(const Options *o)
{
	if (o->files.len != 1)
		die_usage("run takes one spec file");
	const char *file = o->files.data[0];
	int n;
	IrVariant *vs = select_variants(o, file, &n);
	if (!vs)
		return EXIT_BADINPUT;
	if (n != 1) {
		error_at((SrcLoc){ file, 0, 0 }, "the spec has %d variants: choose one with --variant", n);
		return EXIT_BADINPUT;
	}
	IrProgram *p = frontend_extract(file, &vs[0], (const char **)o->cargs.data, o->cargs.len);
	if (!p)
		return EXIT_BADINPUT;
	ir_check(p);
	slice(o, p);
	NativeOptions no = {
		.work = o->work ? o->work : cache_dir("native"),
		.results = o->results,
		.replay = o->replay_dir,
		.cargs = &o->cargs,
		.pass = &o->pass,
		.search = o->search,
	};
	return native_run(p, &vs[0], &no);
}

/* A pan trail is lines of three integers, "step:pid:transition"; anything
 * else is bad input, reported at its line before spin is asked to replay it. */
static bool trail_well_formed(const char *path)
{
	char *text = read_file(path, NULL);
	if (!text) {
		error_at((SrcLoc){ path, 0, 0 }, "cannot open '%s': %s", path, strerror(errno));
		return false;
	}
	int line = 0, steps = 0;
	for (char *ln = text; *ln;) {
		char *nl = strchr(ln, '\n');
		size_t len = nl ? (size_t)(nl - ln) : strlen(ln);
		line++;
		long a, b, c;
		char end;
		const char *s = xstrndup(ln, len);
		if (*s && sscanf(s, "%ld:%ld:%ld%c", &a, &b, &c, &end) != 3) {
			error_at((SrcLoc){ path, line, 1 }, "not a pan trail: expected 'step:pid:transition', got '%.40s'",
				 s);
			return false;
		}
		steps += *s != 0;
		ln += len + (nl ? 1 : 0);
	}
	if (!steps) {
		error_at((SrcLoc){ path, 0, 0 }, "not a pan trail: '%s' is empty", path);
		return false;
	}
	return true;
}

/* lockspin trace MODEL.pml TRAIL: the model names its spec and variant on its
 * first line, so the IR can be rebuilt and the trail told in C. */
static const Command commands[3];

static int cmd_trace(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[2], "--help")) {
		help(&commands[2]);
		return EXIT_VERIFIED;
	}
	if (argc != 4)
		die_usage("trace takes MODEL.pml TRAIL");
	const char *model = argv[2], *trail = argv[3];
	char *text = read_file(model, NULL);
	if (!text) {
		SrcLoc loc = { model, 0, 0 };
		error_at(loc, "cannot open '%s'", model);
		return EXIT_BADINPUT;
	}
	char spec[4096], variant[256];
	if (sscanf(text, "/* lockspin model: spec=%4095s variant=%255s */", spec, variant) != 2) {
		SrcLoc loc = { model, 1, 1 };
		error_at(loc, "not a lockspin model (its first line names no spec and variant)");
		return EXIT_BADINPUT;
	}
	if (!trail_well_formed(trail))
		return EXIT_BADINPUT;
	int n;
	IrVariant *vs = frontend_variants(spec, NULL, 0, &n);
	if (!vs)
		return EXIT_BADINPUT;
	for (int i = 0; i < n; i++) {
		if (strcmp(vs[i].name, variant))
			continue;
		IrProgram *p = frontend_extract(spec, &vs[i], NULL, 0);
		if (!p)
			return EXIT_BADINPUT;
		ir_check(p);
		slice(NULL, p);
		CheckResult *r = spin_replay(p, model, trail);
		StrBuf out;
		sb_init(&out);
		report_trace_text(trace_project(p, r, true), &out);
		fwrite(out.buf, 1, out.len, stdout);
		sb_release(&out);
		return r->verdict == V_OK ? EXIT_VERIFIED : EXIT_MISMATCH;
	}
	SrcLoc loc = { spec, 0, 0 };
	error_at(loc, "no variant named '%s'", variant);
	return EXIT_BADINPUT;
}

static int cmd_check(int argc, char **argv);
static int cmd_run(int argc, char **argv);

static const Command commands[3] = {
	{ "check", cmd_check, C_CHECK, "lockspin check [options] FILE.c...",
	  "Verify every variant of each spec with SPIN; write the results folder (README, What make check writes).",
	  exit_codes },
	{ "run", cmd_run, C_RUN, "lockspin run FILE.c [--variant V] [options]\n"
	  "       lockspin run --sidecar S.c [--compile-commands DB] FILE.c... [--variant V] [options]",
	  "Compile the spec natively against the harness and stress it (comparing the lock order\n"
	  "it takes with the order.txt check wrote) or replay a counterexample on the real code.",
	  run_exit_codes },
	{ "trace", cmd_trace, C_TRACE, "lockspin trace MODEL.pml TRAIL",
	  "Tell a trail made outside lockspin in C (the model names its spec and variant).",
	  "exit codes: 0 the trail shows no violation, 1 it shows one, 2 bad input or usage\n" },
};

static const Command inspect = { "--dump/--explain/--list", NULL, C_INSPECT,
				 "lockspin --dump=ir|pml|--explain|--list FILE.c [--variant V]",
				 "Look at what the front end makes of a spec.",
				 "exit codes: 0 ok, 2 bad input or usage\n" };

static int cmd_check(int argc, char **argv)
{
	Options o = { 0 };
	parse_options(&o, &commands[0], argc, argv, 2);
	return check(&o);
}

static int cmd_run(int argc, char **argv)
{
	Options o = { 0 };
	parse_options(&o, &commands[1], argc, argv, 2);
	if (!o.files.len)
		die_usage("run needs a spec file");
	return run(&o);
}

static void usage(FILE *f)
{
	fputs("usage: lockspin COMMAND [options] ...   ('lockspin COMMAND --help' for its options)\n\n", f);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %s\n", commands[i].usage);
	fprintf(f, "  %s\n  lockspin --help, --version\n\n%s", inspect.usage, exit_codes);
}

int main(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_BADINPUT : EXIT_VERIFIED;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("lockspin %s\n", LOCKSPIN_VERSION);
		return EXIT_VERIFIED;
	}
	int status = -1;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			status = commands[i].fn(argc, argv);
	if (status < 0) {
		if (argv[1][0] != '-')
			die_usage("unknown command '%s' (try 'lockspin --help')", argv[1]);
		Options o = { 0 };
		parse_options(&o, &inspect, argc, argv, 1);
		if (!o.dump && !o.explain && !o.list)
			die_usage("no command: give check, run, trace, --dump, --explain or --list");
		status = cmd_inspect(&o);
	}
	arena_free_all();
	return status;
}
