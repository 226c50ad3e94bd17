/*
 * main.c - the lockspin command line.  The whole pipeline, one stage a line:
 *
 *   variants = frontend_variants(spec)             C file -> LS_VARIANTs
 *   ir       = frontend_extract(spec, variant)     C -> IR       (frontend.c)
 *              ir_check(ir)                        IR invariants (ir.c)
 *   pml      = pml_emit(ir)                        IR -> Promela (promela.c)
 *   result   = spin_check(ir, pml)                 spin, pan, trail -> verdict (spin.c)
 *              results_write_variant(ir, result)   trace.txt, trace.dot/svg (report.c, diagram.c)
 *              results_write_summary()             results/SUMMARY.md (results.c)
 */
#include "native.h"
#include "results.h"
#include "stages.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
	"usage: lockspin check [options] FILE.c...     verify every variant of each spec\n"
	"       lockspin trace MODEL.pml TRAIL          tell a trail made outside lockspin in C\n"
	"       lockspin run FILE.c [--variant V] [run options]   run the spec natively (see README)\n"
	"       lockspin --dump=ir|pml FILE.c [--variant V]\n"
	"       lockspin --explain FILE.c [--variant V]\n"
	"       lockspin --list FILE.c                  list the variants\n"
	"\n"
	"options:\n"
	"  --variant NAME    only this variant (may be repeated)\n"
	"  --results DIR     where check writes its results (default: results)\n"
	"  --work DIR        scratch space for pan (default: ~/.cache/lockspin/pan)\n"
	"  --max-depth N     pan search depth limit (default: 1000000)\n"
	"  --memory MB       pan memory limit (default: 8192)\n"
	"  --timeout S       give up a search after S seconds: inconclusive (default: 600)\n"
	"  --quiet           no progress lines\n"
	"  --changed REV     search again only specs whose file or headers changed since git REV;\n"
	"                    reuse cached verdicts of unchanged models for the rest\n"
	"  --strict          also fail (exit 4) on an also-found violation or unreached code\n"
	"  --replay          confirm each counterexample on the real code (lockspin run --replay)\n"
	"  --replay-runs N   replay each counterexample N times (default 1); all must confirm\n"
	"  -I DIR, -D NAME[=VALUE]   passed to the C front end\n"
	"  --help, --version\n"
	"\n"
	"exit codes: 0 every verdict as expected, 1 a verdict differs from the spec's\n"
	"expectation, 2 bad input or usage, 3 inconclusive search or tool failure,\n"
	"4 (--strict) an also-found violation or unreached code\n";

typedef struct Options {
	PtrVec files;
	PtrVec variants;  /* names selected with --variant */
	PtrVec cargs;     /* -I/-D for the front end */
	const char *results;
	const char *work;
	const char *changed;  /* --changed REV */
	const char *dump;  /* "ir", "pml" or NULL */
	bool explain, list, quiet, strict;
	int replay_runs;  /* 0: no replay */
	long max_depth, memory_mb;
	int timeout;
} Options;

static long parse_number(const char *opt, const char *s)
{
	char *end;
	long v = strtol(s ? s : "", &end, 10);
	if (!s || !*s || *end || v <= 0)
		die_usage("%s needs a positive number, got '%s'", opt, s ? s : "");
	return v;
}

static void parse_options(Options *o, int argc, char **argv, int start)
{
	o->results = "results";
	o->max_depth = 1000000;
	o->memory_mb = 8192;
	o->timeout = 600;
	for (int i = start; i < argc; i++) {
		const char *a = argv[i];
		const char *next = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--variant") && next)
			vec_push(&o->variants, argv[++i]);
		else if (!strncmp(a, "--variant=", 10))
			vec_push(&o->variants, (void *)(a + 10));
		else if (!strcmp(a, "--results") && next)
			o->results = argv[++i];
		else if (!strcmp(a, "--work") && next)
			o->work = argv[++i];
		else if (!strcmp(a, "--changed") && next)
			o->changed = argv[++i];
		else if (!strcmp(a, "--max-depth")) {
			o->max_depth = parse_number(a, next), i++;
			/* pan reads -m with atoi() into an int: anything larger wraps
			 * and pan prints its usage text instead of searching */
			if (o->max_depth > INT_MAX)
				die_usage("--max-depth is at most %d (pan's limit), got '%s'", INT_MAX, next);
		} else if (!strcmp(a, "--memory"))
			o->memory_mb = parse_number(a, next), i++;
		else if (!strcmp(a, "--timeout"))
			o->timeout = (int)parse_number(a, next), i++;
		else if (!strcmp(a, "--quiet"))
			o->quiet = true;
		else if (!strcmp(a, "--strict"))
			o->strict = true;
		else if (!strcmp(a, "--replay"))
			o->replay_runs = o->replay_runs ? o->replay_runs : 1;
		else if (!strcmp(a, "--replay-runs"))
			o->replay_runs = (int)parse_number(a, next), i++;
		else if (!strcmp(a, "--explain"))
			o->explain = true;
		else if (!strcmp(a, "--list"))
			o->list = true;
		else if (!strncmp(a, "--dump=", 7)) {
			o->dump = a + 7;
			if (strcmp(o->dump, "ir") && strcmp(o->dump, "pml"))
				die_usage("--dump takes 'ir' or 'pml', not '%s'", o->dump);
		} else if ((!strcmp(a, "-I") || !strcmp(a, "-D")) && next) {
			vec_push(&o->cargs, xprintf("%s%s", a, next));
			i++;
		} else if (!strncmp(a, "-I", 2) || !strncmp(a, "-D", 2))
			vec_push(&o->cargs, (void *)a);
		else if (a[0] == '-')
			die_usage("unknown option '%s'", a);
		else
			vec_push(&o->files, (void *)a);
	}
	if (!o->files.len)
		die_usage("no spec file given");
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

/* --dump, --explain, --list: look at what the front end makes of a spec. */
static int cmd_inspect(const Options *o)
{
	int status = EXIT_VERIFIED;
	for (int f = 0; f < o->files.len; f++) {
		const char *file = o->files.data[f];
		int n;
		diag_new_file();
		IrVariant *vs = select_variants(o, file, &n);
		if (!vs) {
			status = EXIT_BADINPUT;
			continue;
		}
		for (int i = 0; i < n; i++) {
			StrBuf out;
			sb_init(&out);
			if (o->list) {
				sb_addf(&out, "%s %s expect %s: %s\n", vs[i].name,
					*vs[i].defines ? vs[i].defines : "-", vs[i].expect, vs[i].why);
			} else {
				IrProgram *p = frontend_extract(file, &vs[i], (const char **)o->cargs.data,
								o->cargs.len);
				if (!p) {
					status = EXIT_BADINPUT;
					sb_release(&out);
					continue;
				}
				ir_check(p);
				if (o->explain)
					ir_explain(p, &out);
				else if (!strcmp(o->dump, "ir"))
					ir_dump(p, &out);
				else
					pml_emit(p, &out);
			}
			fwrite(out.buf, 1, out.len, stdout);
			sb_release(&out);
		}
	}
	return status;
}

/* lockspin check: every selected variant of every spec, verdict vs expectation. */
static int cmd_check(const Options *o)
{
	Results *res = results_open(o->results);
	bool bad_input = false;
	for (int f = 0; f < o->files.len; f++) {
		const char *file = o->files.data[f];
		int n;
		diag_new_file();
		IrVariant *vs = select_variants(o, file, &n);
		if (!vs) {
			bad_input = true;
			continue;
		}
		for (int i = 0; i < n; i++) {
			IrProgram *p = frontend_extract(file, &vs[i], (const char **)o->cargs.data, o->cargs.len);
			if (!p) {
				bad_input = true;
				continue;
			}
			ir_check(p);
			StrBuf pml;
			sb_init(&pml);
			const PmlMap *map = pml_emit(p, &pml);
			SpinOptions so = {
				.workdir = results_workdir(o->work ? o->work : cache_dir("pan"), p),
				.max_depth = o->max_depth,
				.memory_mb = o->memory_mb,
				.time_limit = o->timeout,
				.progress = !o->quiet,
				.map = map,
			};
			bool reused;
			CheckResult *r = cache_check(p, &vs[i], pml.buf, &so, o->work ? o->work : cache_dir("pan"),
						     o->changed, (const char **)o->cargs.data, o->cargs.len, &reused);
			const char *schedule = results_write_variant(res, p, pml.buf, r);
			if (reused)
				results_note_reused(res);
			const IrStmt *failed = r->trail ? r->trail->failed : NULL;
			if (o->replay_runs && schedule && failed && failed->violation && !failed->native_twin) {
				/* the real code has nothing that would fail there (a C local
				 * holds what the model's range does not, or the operation is
				 * in a macro or a loop): say so, never claim confirmed */
				printf("  replayed on the real code: not reproducible natively: no native check "
				       "for the %s at %s:%d\n", verdict_name((Verdict)failed->violation),
				       failed->loc.file, failed->loc.line);
			} else if (o->replay_runs && schedule) {
				int confirmed;
				native_confirm(p, &vs[i], o->work ? xprintf("%s/native", o->work) : cache_dir("native"),
					       &o->cargs, schedule, o->replay_runs, &confirmed);
				results_note_replay(res, confirmed, o->replay_runs);
			}
			sb_release(&pml);
		}
	}
	/* bad input: leave the previous SUMMARY.md alone rather than write a
	 * table that is missing the specs that could not be read */
	if (bad_input)
		return EXIT_BADINPUT;
	return results_write_summary(res, !o->quiet, o->strict);
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
static int cmd_trace(int argc, char **argv)
{
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
		CheckResult *r = spin_replay(p, model, trail);
		StrBuf out;
		sb_init(&out);
		report_trace_text(p, r, &out);
		fwrite(out.buf, 1, out.len, stdout);
		sb_release(&out);
		return r->verdict == V_OK ? EXIT_VERIFIED : EXIT_MISMATCH;
	}
	SrcLoc loc = { spec, 0, 0 };
	error_at(loc, "no variant named '%s'", variant);
	return EXIT_BADINPUT;
}

int main(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_BADINPUT : EXIT_VERIFIED;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("lockspin %s\n", LOCKSPIN_VERSION);
		return EXIT_VERIFIED;
	}
	Options o = { 0 };
	int status;
	if (!strcmp(argv[1], "check")) {
		parse_options(&o, argc, argv, 2);
		status = cmd_check(&o);
	} else if (!strcmp(argv[1], "trace")) {
		status = cmd_trace(argc, argv);
	} else if (!strcmp(argv[1], "run")) {
		status = native_run(argc, argv);
	} else {
		parse_options(&o, argc, argv, 1);
		if (!o.dump && !o.explain && !o.list)
			die_usage("unknown command '%s'", argv[1]);
		status = cmd_inspect(&o);
	}
	arena_free_all();
	return status;
}
