/*
 * native_side.c - the native form of a side-car program (IrSideProg): the
 * program `lockspin check --sidecar S.c FILE.c...` modelled, built for
 * `lockspin run` and `check --replay` (native.c compiles and caches it).
 *
 * The front end reads the upstream files and then the side-car as one
 * translation unit, so the side-car sees every name they declare (statics
 * too: an LS_TARGETS_OF target is often a static of another file).  The
 * native program is that same unit: a wrapper that #includes a generated
 * copy of each file in order, then the side-car's glue, then the lock
 * registry, compiled once with the flags compile_commands.json records for
 * the files, merged as the front end merges them (a macro defined two ways
 * is already the front end's error), through harness/include first, so the
 * lock API is lockspin's runtime.  Compiling each file apart with its own
 * command would change what the side-car means: it could no longer name a
 * static of an upstream file, and a call could not be sent elsewhere
 * without editing a declaration in a header.
 *
 * Each copy starts with `#line 1 "FILE"` and adds no newline, so __FILE__
 * and __LINE__, the compiler's messages and the runtime's reports are the
 * upstream file's own.  What the side-car changes natively:
 *   LS_REPLACE(fn, mine), LS_ABSTRACT(fn, ...)
 *       fn's definition (its extent from libclang, IrFnText) is renamed
 *       ls__orig_fn in the copy, with its prototype after it so that later
 *       calls in the file still name fn; after the side-car, fn is defined
 *       again with the same head: replace calls mine(args); LS_IGNORE
 *       returns zero bytes; LS_RESULT(lo, hi) returns lo + ls__choose(hi -
 *       lo + 1) at the call's own file:line (each call site the model
 *       reached is marked in the copy, so a replay follows the schedule's
 *       choice there); a function no given file defines, whose calls the
 *       model ignores, is defined the same way as a no-op (said in a note);
 *   LS_POINTS_TO(struct T, field, obj), LS_POINTS_TO_EACH
 *       before the scenario, the field of every T object the model has
 *       (its IrType's instances) is pointed at obj (&obj[i] in a T **
 *       field's element i; &obj[k] in the k-th T for _EACH);
 *   a struct list_head in a global object (IrSideList), still zeros
 *       before the scenario, is made an empty list, as creation's
 *       INIT_LIST_HEAD would make it: the model walks a list as untracked
 *       data (any number of entries, none among them), where a zeroed
 *       head natively is a NULL the walk follows;
 *   LS_FIELD(..., LS_RANGE(lo, hi)) with 0 outside lo..hi
 *       the model starts the state at lo, not at C's zero: so does the
 *       program, before the scenario;
 *   LS_TARGETS_OF(ptr, field, f)
 *       before the scenario, ptr is pointed at a copy of its table (of
 *       zeroes when ptr is NULL) whose field is f; with several targets,
 *       a dispatcher with f's head picks one with ls__choose() in a stress
 *       run and the first in a replay (the model's choice is no step of
 *       the schedule).
 * Flags that cannot apply to a program run on this machine are left out,
 * each said in a note; a --target for another architecture is an error.
 */
#include "native.h"

#include "proc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

/* A note once a run, on stderr (the build's own messages go there too). */
static void side_note(const char *fmt, ...)
{
	static PtrVec said;
	va_list ap;
	va_start(ap, fmt);
	char buf[1024];
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	for (int i = 0; i < said.len; i++)
		if (!strcmp(said.data[i], buf))
			return;
	vec_push(&said, xstrdup(buf));
	fprintf(stderr, "lockspin: note: %s\n", buf);
}

/* The architecture of a target triple or machine name, as one spelling. */
static const char *side_arch(const char *s)
{
	size_t n = strcspn(s, "-");
	const char *a = xstrndup(s, n);
	if (!strcmp(a, "amd64") || !strcmp(a, "x86-64"))
		return "x86_64";
	if (!strcmp(a, "arm64"))
		return "aarch64";
	if (!strcmp(a, "i486") || !strcmp(a, "i586") || !strcmp(a, "i686"))
		return "i386";
	return a;
}

static const char *side_host_arch(void)
{
	static struct utsname u;
	if (!u.machine[0] && uname(&u) != 0)
		return "unknown";
	return side_arch(u.machine);
}

static const char *side_abs(const char *dir, const char *p)
{
	return p[0] == '/' || !dir ? p : xprintf("%s/%s", dir, p);
}

/* Options taking a path, made absolute against the entry's directory. */
static const char *const side_path_opts[] = { "-I", "-isystem", "-iquote", "-idirafter", "-include", "-imacros",
					      NULL };

/* One recorded command's flags for the native build, appended to out as
 * (option, value-or-NULL) pairs; false after an error. */
static bool side_file_flags(const IrProgFile *f, PtrVec *out)
{
	const char *host = side_host_arch();
	bool ok = true;
	for (int i = 1; i < f->nargs; i++) {
		const char *a = f->args[i], *next = i + 1 < f->nargs ? f->args[i + 1] : NULL;
		bool path = false;
		/* a compiler's own headers (what a -nostdinc build adds back): the
		 * native compiler has its own, and clang's do not build under gcc */
		const char *sys = !strcmp(a, "-isystem") && next ? next : !strncmp(a, "-isystem", 8) && a[8] ? a + 8 : NULL;
		if (sys && (strstr(sys, "/lib/clang/") || strstr(sys, "/lib/gcc/"))) {
			side_note("%s: '-isystem %s' left out of the native build (a compiler's own headers: the native "
				  "compiler uses its own)", f->path, sys);
			i += sys == next;
			continue;
		}
		for (int k = 0; side_path_opts[k] && !path; k++) {
			const char *o = side_path_opts[k];
			size_t ol = strlen(o);
			if (!strcmp(a, o) && next) {
				vec_push(out, (void *)o);
				vec_push(out, (void *)side_abs(f->dir, next));
				i++;
				path = true;
			} else if (ol == 2 && !strncmp(a, o, ol) && a[ol]) {
				vec_push(out, xprintf("%s%s", o, side_abs(f->dir, a + ol)));
				vec_push(out, NULL);
				path = true;
			}
		}
		if (path)
			continue;
		bool joined = !strncmp(a, "--target=", 9);
		const char *target = joined ? a + 9 : !strcmp(a, "-target") && next ? next : NULL;
		if (target) {
			const char *flag = joined ? a : xprintf("%s %s", a, target);
			/* this machine's: its architecture, on Linux (the vendor may differ) */
			bool native = !strcmp(side_arch(target), host) && (!strchr(target, '-') || strstr(target, "-linux"));
			if (!native) {
				error_at((SrcLoc){ f->path, 0, 0 },
					 "compile_commands.json builds '%s' with '%s', for another machine: lockspin run "
					 "builds a program for this one (%s Linux); give the file a native entry (a host "
					 "build's compile_commands.json)",
					 f->path, flag, host);
				ok = false;
			} else {
				side_note("%s: '%s' left out of the native build (this machine's own target)", f->path,
					  flag);
			}
			i += !joined;
			continue;
		}
		/* what the compiler writes, and the file itself: the native build's own */
		if (!strcmp(a, "-c") || !strcmp(a, "-MD") || !strcmp(a, "-MMD") || !strcmp(a, "-MP") ||
		    !strcmp(a, "-E") || !strcmp(a, "-S"))
			continue;
		if ((!strcmp(a, "-o") || !strcmp(a, "-MF") || !strcmp(a, "-MT") || !strcmp(a, "-MQ")) && next) {
			i++;
			continue;
		}
		if (a[0] != '-')
			continue; /* the source file */
		if (!strcmp(a, "-nostdinc") || !strcmp(a, "-nostdlib") || !strncmp(a, "-mcmodel=", 9) ||
		    !strcmp(a, "-Werror") || !strncmp(a, "-Werror=", 8)) {
			side_note("%s: '%s' left out of the native build (%s)", f->path, a,
				  a[1] == 'W' ? "the harness glue must not fail on the upstream code's warnings"
					      : "the native program is a user-space program on the C library and pthreads");
			continue;
		}
		/* a separate argument stays with its option (-D NAME, -U NAME, -x c) */
		if ((!strcmp(a, "-D") || !strcmp(a, "-U") || !strcmp(a, "-x")) && next) {
			if (strcmp(a, "-x")) {
				vec_push(out, xprintf("%s%s", a, next));
				vec_push(out, NULL);
			}
			i++;
			continue;
		}
		vec_push(out, (void *)a);
		vec_push(out, NULL);
	}
	return ok;
}

/* The native compiler flags of the program: every file's, each once, in
 * order.  False after an error (reported). */
static bool side_flags(const IrSideProg *sp, PtrVec *out)
{
	PtrVec all = { 0 };
	bool ok = true;
	for (int i = 0; i < sp->nfiles - 1; i++) {
		const IrProgFile *f = &sp->files[i];
		if (!f->dir)
			continue;
		PtrVec one = { 0 };
		if (!side_file_flags(f, &one)) {
			ok = false;
			continue;
		}
		for (int k = 0; k + 1 < one.len; k += 2) {
			bool seen = false;
			for (int j = 0; j + 1 < all.len && !seen; j += 2)
				seen = !strcmp(all.data[j], one.data[k]) &&
				       ((!all.data[j + 1] && !one.data[k + 1]) ||
					(all.data[j + 1] && one.data[k + 1] && !strcmp(all.data[j + 1], one.data[k + 1])));
			if (!seen) {
				vec_push(&all, one.data[k]);
				vec_push(&all, one.data[k + 1]);
			}
		}
	}
	for (int k = 0; k + 1 < all.len; k += 2) {
		vec_push(out, all.data[k]);
		if (all.data[k + 1])
			vec_push(out, all.data[k + 1]);
	}
	return ok;
}

/* An edit of a copy: at pos, drop len bytes and insert text. */
typedef struct SideEdit {
	unsigned pos, len;
	const char *text;
	/* at one place: 0 the closing parentheses of inner points (inner
	 * first), 1 a statement's point and checks, 2 opening LS__READ(
	 * (outer first), 3 the rest (a renamed name, a call site's mark) */
	int order;
	unsigned key; /* 0: the start of its expression; 2: its end (larger first) */
} SideEdit;

static int side_edit_cmp(const void *a, const void *b)
{
	const SideEdit *x = a, *y = b;
	if (x->pos != y->pos)
		return x->pos < y->pos ? -1 : 1;
	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1; /* insertions before a replacement */
	return x->key > y->key ? -1 : x->key < y->key;
}

/* text with newlines made spaces: an insertion adds no line */
static const char *side_one_line(const char *s)
{
	char *r = xstrdup(s);
	for (char *q = r; *q; q++)
		if (*q == '\n' || *q == '\r')
			*q = ' ';
	return r;
}

/* Byte offset of line:col (1-based, bytes) in text; -1 past its end. */
static long side_offset(const char *text, size_t len, int line, int col)
{
	size_t o = 0;
	for (int l = 1; l < line && o < len; o++)
		if (text[o] == '\n')
			l++;
	o += (size_t)(col - 1);
	return o < len ? (long)o : -1;
}

/* The run-time checks of the statement at offset in file: after its turn
 * (its point), before it runs. */
static const char *side_checks(const IrProgram *p, const char *file, unsigned offset)
{
	StrBuf sb;
	sb_init(&sb);
	for (int k = 0; k < p->nnchecks; k++) {
		const IrNativeCheck *nc = &p->nchecks[k];
		if (nc->end || nc->offset != offset || !nc->file || strcmp(nc->file, file))
			continue;
		const char *call = xprintf("%s; ", side_one_line(native_check_call(nc)));
		if (!sb.len || !strstr(sb.buf, call)) /* each inlined copy made it again */
			sb_add(&sb, call);
	}
	return sb_detach_arena(&sb);
}

static bool side_is_ident(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* The copy of program file i, written to path; with points, the replay's,
 * as native.c makes a spec's: ls__point() before each statement the front
 * end made a scheduling point in this file (IrProgram.points), then the
 * statement's run-time checks (IrProgram.nchecks: the real code reports a
 * NULL dereference or a bad index where the model does, instead of
 * crashing), and each inner point's expression as LS__READ(expr), so that
 * another thread can run between C's read of modelled state and the rest
 * of the statement, as in the model's schedule. */
static void side_copy(const IrProgram *p, int i, const char *path, bool points)
{
	const IrSideProg *sp = p->sideprog;
	const IrProgFile *f = &sp->files[i];
	size_t len;
	char *text = read_file(f->real, &len);
	if (!text)
		die("cannot read '%s'", f->path);
	PtrVec ev = { 0 };
	for (int k = 0; k < sp->nfns; k++) {
		const IrFnText *t = &sp->fns[k].fn;
		if (t->file != i || t->why_not)
			continue;
		SideEdit *e = arena_array(3, sizeof(SideEdit));
		e[0] = (SideEdit){ t->start, 0, "__attribute__((__unused__)) ", 3, 0 };
		e[1] = (SideEdit){ t->name_at, (unsigned)strlen(t->name), xprintf("ls__orig_%s", t->name), 3, 0 };
		e[2] = (SideEdit){ t->end, 0, xprintf(" %s;", side_one_line(t->head)), 3, 0 };
		for (int j = 0; j < 3; j++)
			vec_push(&ev, &e[j]);
	}
	/* the call sites of an LS_RESULT function the model reached: the
	 * native choice is made at the call's own file:line */
	for (int k = 0; k < p->nnotes; k++) {
		const IrNote *n = p->notes[k];
		char name[256];
		if (!n->loc.file || strcmp(n->loc.file, f->path) || !strstr(n->what, "' abstracted by the side-car: any result") ||
		    sscanf(n->what, "call to '%255[^']'", name) != 1)
			continue;
		long o = side_offset(text, len, n->loc.line, n->loc.col);
		size_t nl = strlen(name);
		if (o < 0 || (size_t)o + nl > len || strncmp(text + o, name, nl) || side_is_ident(text[o + nl]) ||
		    (o > 0 && side_is_ident(text[o - 1])))
			continue; /* written by a macro: the choice is made at the definition */
		bool dup = false;
		for (int j = 0; j < ev.len && !dup; j++)
			dup = ((SideEdit *)ev.data[j])->pos == (unsigned)o;
		if (dup)
			continue;
		SideEdit *e = arena_alloc(sizeof(*e));
		*e = (SideEdit){ (unsigned)o, (unsigned)nl, xprintf("(ls__side_site(__FILE__, __LINE__), %s)", name), 3, 0 };
		vec_push(&ev, e);
	}
	for (int k = 0; points && k < p->npoints; k++) {
		const IrPoint *pt = &p->points[k];
		if (!pt->loc.file || strcmp(pt->loc.file, f->path) || pt->offset > len || pt->end > len)
			continue;
		SideEdit *e = arena_alloc(sizeof(*e));
		if (pt->end) {
			*e = (SideEdit){ pt->offset, 0, "LS__READ(", 2, pt->end };
			SideEdit *c = arena_alloc(sizeof(*c));
			*c = (SideEdit){ pt->end, 0, ")", 0, pt->offset };
			vec_push(&ev, c);
		} else {
			*e = (SideEdit){ pt->offset, 0, xprintf("ls__point(__FILE__, __LINE__); %s", side_checks(p, f->path, pt->offset)), 1, 0 };
		}
		vec_push(&ev, e);
	}
	/* the checks of a statement that is no point (it reads no modelled state
	 * first): at its start all the same */
	for (int k = 0; points && k < p->nnchecks; k++) {
		const IrNativeCheck *nc = &p->nchecks[k];
		bool again = false; /* each inlined copy made it again */
		for (int i = 0; i < k && nc->end && !again; i++)
			again = native_check_same(&p->nchecks[i], nc);
		if (again)
			continue;
		if (nc->end && nc->file && !strcmp(nc->file, f->path) && nc->end <= len) {
			/* in the operand itself: (ls__check(...), (expr)) */
			SideEdit *e = arena_array(2, sizeof(SideEdit));
			e[0] = (SideEdit){ nc->offset, 0, xprintf("(%s, (", side_one_line(native_check_call(nc))), 2, nc->end };
			e[1] = (SideEdit){ nc->end, 0, "))", 0, nc->offset };
			vec_push(&ev, &e[0]);
			vec_push(&ev, &e[1]);
			continue;
		}
		bool known = nc->end || !nc->file || strcmp(nc->file, f->path) || nc->offset > len;
		for (int i = 0; i < p->npoints && !known; i++)
			known = !p->points[i].end && p->points[i].offset == nc->offset && p->points[i].loc.file &&
				!strcmp(p->points[i].loc.file, f->path);
		for (int i = 0; i < k && !known; i++)
			known = !p->nchecks[i].end && p->nchecks[i].file && !strcmp(p->nchecks[i].file, f->path) &&
				p->nchecks[i].offset == nc->offset;
		if (known)
			continue;
		SideEdit *e = arena_alloc(sizeof(*e));
		*e = (SideEdit){ nc->offset, 0, side_checks(p, f->path, nc->offset), 1, 0 };
		vec_push(&ev, e);
	}
	SideEdit *es = arena_array((size_t)ev.len + 1, sizeof(SideEdit));
	for (int k = 0; k < ev.len; k++)
		es[k] = *(SideEdit *)ev.data[k];
	qsort(es, (size_t)ev.len, sizeof(SideEdit), side_edit_cmp);
	StrBuf out;
	sb_init(&out);
	sb_add(&out, "#line 1 ");
	native_c_string(&out, f->path);
	sb_add(&out, "\n");
	size_t at = 0;
	for (int k = 0; k < ev.len; k++) {
		if (es[k].pos < at || es[k].pos + es[k].len > len)
			BUG("edit at %u outside '%s'", es[k].pos, f->path);
		sb_addn(&out, text + at, es[k].pos - at);
		sb_add(&out, es[k].text);
		at = es[k].pos + es[k].len;
	}
	sb_addn(&out, text + at, len - at);
	write_file(path, out.buf, out.len);
	sb_release(&out);
}

/* "a, b, c": the parameters as arguments */
static const char *side_args(const IrFnText *t)
{
	StrBuf sb;
	sb_init(&sb);
	for (int i = 0; i < t->nparams; i++)
		sb_addf(&sb, "%s%s", i ? ", " : "", t->params[i]);
	return sb_detach_arena(&sb);
}

/* t's head with its name made `name` */
static const char *side_head_as(const IrFnText *t, const char *name)
{
	return xprintf("%.*s%s%s", (int)t->head_name, t->head, name, t->head + t->head_name + strlen(t->name));
}

/* a head without the white space before its body */
static size_t side_head_len(const char *h)
{
	size_t n = strlen(h);
	while (n && strchr(" \t\r\n", h[n - 1]))
		n--;
	return n;
}

static void side_die_at(SrcLoc loc, const char *why)
{
	error_at(loc, "natively, %s", why);
	exit(EXIT_BADINPUT);
}

/* The side-car's definitions after the side-car: each function it
 * abstracts or replaces, defined again; the ops tables' dispatchers. */
static void side_glue(const IrSideProg *sp, StrBuf *out)
{
	sb_add(out, "\n/* the side-car's changes, natively (lockspin run) */\n");
	for (int i = 0; i < sp->nfns; i++) {
		const IrSideFn *f = &sp->fns[i];
		const IrFnText *t = &f->fn;
		if (t->why_not && !strcmp(f->how, "undefined")) {
			side_note("%s:%d: %s, so no-op cannot be defined natively: the link fails (LS_ABSTRACT or "
				  "LS_REPLACE it with a function of the side-car's)", f->loc.file, f->loc.line, t->why_not);
			continue;
		}
		if (t->why_not)
			side_die_at(f->loc, t->why_not);
		if (!strcmp(f->how, "undefined"))
			side_note("%s:%d: '%s' is defined in no file given: natively a no-op, as the model ignores "
				  "its calls (LS_ABSTRACT or LS_REPLACE it to say otherwise)",
				  f->loc.file, f->loc.line, t->name);
		const char *args = side_args(t);
		sb_addf(out, "%.*s\n{\n", (int)side_head_len(t->head), t->head);
		for (int k = 0; k < t->nparams && strcmp(f->how, "replace"); k++)
			sb_addf(out, "\t(void)%s;\n", t->params[k]);
		int lo, hi;
		if (!strcmp(f->how, "replace")) {
			sb_addf(out, "\t%s%s(%s);\n", t->returns_void ? "" : "return ", f->with, args);
		} else if (sscanf(f->how, "result %d %d", &lo, &hi) == 2) {
			sb_add(out, "\tconst char *ls__f = ls__site_file ? ls__site_file : ");
			native_c_string(out, t->loc.file);
			sb_addf(out, ";\n\tint ls__l = ls__site_file ? ls__site_line : %d;\n", t->loc.line);
			sb_add(out, "\tls__site_file = 0;\n");
			sb_addf(out, "\t%s(%d + ls__choose(%d, ls__f, ls__l));\n",
				t->returns_void ? "(void)" : xprintf("return (__typeof__(%s(%s)))", t->name, args), lo,
				hi - lo + 1);
		} else if (!t->returns_void) {
			/* LS_IGNORE: no effect; a value, if C wants one, of zero bytes */
			sb_addf(out, "\t__typeof__(%s(%s)) ls__r;\n", t->name, args);
			sb_add(out, "\t__builtin_memset(&ls__r, 0, sizeof ls__r);\n\treturn ls__r;\n");
		}
		sb_add(out, "}\n");
	}
	for (int i = 0; i < sp->nops; i++) {
		const IrSideOps *o = &sp->ops[i];
		if (o->why_not)
			side_die_at(o->loc, o->why_not);
		for (int k = 0; k < o->ntargets; k++)
			if (o->targets[k].why_not)
				side_die_at(o->loc, o->targets[k].why_not);
		if (o->ntargets < 2)
			continue;
		const IrFnText *t = &o->targets[0];
		const char *args = side_args(t);
		const char *dh = side_head_as(t, xprintf("ls__ops_%d", i));
		sb_addf(out, "%.*s\n{\n", (int)side_head_len(dh), dh);
		/* 2: SCHED_REPLAY (harness/rt.h) */
		sb_add(out, "\tint ls__k = ls__sched_mode == 2 ? 0 : ls__choose(");
		sb_addf(out, "%d, ", o->ntargets);
		native_c_string(out, o->loc.file);
		sb_addf(out, ", %d);\n", o->loc.line);
		for (int k = 0; k < o->ntargets; k++)
			sb_addf(out, "\tif (ls__k == %d) {\n\t\t%s%s(%s);%s\n\t}\n", k, t->returns_void ? "" : "return ",
				o->targets[k].name, args, t->returns_void ? " return;" : "");
		if (!t->returns_void)
			sb_addf(out, "\treturn %s(%s);\n", o->targets[0].name, args);
		sb_add(out, "}\n");
	}
}

/* n tabs */
static const char *side_tabs(int n)
{
	return xprintf("%.*s", n, "\t\t\t\t\t\t\t\t");
}

/*
 * The column of a list walk at file:line, for the check of its head
 * (ls__side_list in harness/runtime.c, LS__LIST in the lock-API headers'
 * list.h): from the front end's notes of the loops over untracked data.
 */
static void side_list_check(const IrProgram *p, StrBuf *out)
{
	sb_add(out, "\n/* the list walks' columns, for the check of a walk's head */\n"
		    "int ls__side_walk_col(const char *file, int line);\n"
		    "int ls__side_walk_col(const char *file, int line)\n{\n");
	for (int i = 0; i < p->nnotes; i++) {
		const IrNote *n = p->notes[i];
		if (!n->loc.file || strncmp(n->what, "loop condition '", 16) || !strstr(n->what, "' over untracked data"))
			continue;
		sb_addf(out, "\tif (line == %d && !__builtin_strcmp(file, ", n->loc.line);
		native_c_string(out, n->loc.file);
		sb_addf(out, "))\n\t\treturn %d;\n", n->loc.col);
	}
	sb_add(out, "\t(void)file;\n\t(void)line;\n\treturn 0;\n}\n");
}

/* In ls_registry(), before the scenario: each LS_POINTS_TO field of every
 * object of its struct (the IR's instances) at the side-car's object, as
 * creation would have allocated and linked it; every zeroed list head of
 * the globals empty; each ops-table pointer at a copy of its table with
 * the side-car's targets in it. */
void native_side_bind(const IrProgram *p, StrBuf *out)
{
	const IrSideProg *sp = p->sideprog;
	/* the model starts a modelled int whose range leaves out 0 at its low
	 * end (the C zero is outside it); the real objects start there too */
	for (int i = 0; i < p->nvars; i++) {
		const IrVar *v = p->vars[i];
		if (v->vk != VK_INT || (v->lo <= 0 && v->hi >= 0))
			continue;
		const IrType *t = p->types[v->type];
		const char *dot = strchr(v->name, '.');
		for (int k = v->type ? 1 : 0; k <= (v->type ? t->ninst : 0); k++) {
			const char *lv = v->type ? xprintf("(%s).%s", t->inst_names[k], dot ? dot + 1 : v->name) : v->name;
			for (int j = 0; j < v->arrlen; j++)
				sb_addf(out, "\t%s%s = %d;\n", lv, v->arrlen > 1 ? xprintf("[%d]", j) : "", v->lo);
		}
	}
	for (int i = 0; i < sp->nptrs; i++) {
		const IrSidePtr *pt = &sp->ptrs[i];
		if (!pt->type) { /* a global pointer (an ops table), before the ops are bound below */
			sb_addf(out, "\t%s = (__typeof__(%s))(void *)&(%s);\n", pt->field, pt->field, pt->obj);
			continue;
		}
		const IrType *t = NULL;
		for (int k = 1; k < p->ntypes && !t; k++)
			if (!strcmp(p->types[k]->name, pt->type))
				t = p->types[k];
		if (!t)
			continue; /* no object of the struct: nothing points */
		if (pt->ptrarr) {
			sb_addf(out, "\t{\n\t\tstatic __typeof__(&(%s)[0]) ls__pa[sizeof(%s) / sizeof((%s)[0])];\n", pt->obj,
				pt->obj, pt->obj);
			sb_add(out, "\t\tfor (unsigned long ls__i = 0; ls__i < sizeof ls__pa / sizeof ls__pa[0]; ls__i++)\n");
			sb_addf(out, "\t\t\tls__pa[ls__i] = &(%s)[ls__i];\n", pt->obj);
		}
		for (int k = 1; k <= t->ninst; k++) {
			const char *lv = xprintf("(%s).%s", t->inst_names[k], pt->field);
			if (pt->ptrarr)
				sb_addf(out, "\t\t%s = ls__pa;\n", lv);
			else if (pt->each)
				sb_addf(out, "\t%s = &(%s)[%d];\n", lv, pt->obj, k - 1);
			else
				sb_addf(out, "\t%s = (__typeof__(%s))(void *)&(%s);\n", lv, lv, pt->obj);
		}
		if (pt->ptrarr)
			sb_add(out, "\t}\n");
	}
	/* every list head of the program's globals still zeros: empty */
	for (int i = 0; i < sp->nlists; i++) {
		const IrSideList *l = &sp->lists[i];
		bool dup = false;
		for (int k = 0; k < i && !dup; k++)
			dup = !strcmp(sp->lists[k].lv, l->lv);
		if (dup)
			continue;
		sb_add(out, "\t{\n");
		for (int d = 0; d < l->ndims; d++)
			sb_addf(out, "%s\tfor (unsigned long ls__i%d = 0; ls__i%d < %ldUL; ls__i%d++)\n", side_tabs(d + 1), d, d,
				l->dims[d], d);
		const char *in = side_tabs(l->ndims + 1);
		sb_addf(out, "%s{\n%s\t__typeof__(&(%s)) ls__l = &(%s);\n", in, in, l->lv, l->lv);
		sb_addf(out, "%s\tif (!ls__l->next && !ls__l->prev)\n%s\t\tls__l->next = ls__l->prev = ls__l;\n%s}\n\t}\n",
			in, in, in);
	}
	for (int i = 0; i < sp->nops; i++) {
		const IrSideOps *o = &sp->ops[i];
		bool first = true;
		for (int k = 0; k < i && first; k++)
			first = strcmp(sp->ops[k].ptr, o->ptr) != 0;
		if (!first)
			continue;
		sb_addf(out, "\t{\n\t\tstatic unsigned char ls__t[sizeof(*(%s))] __attribute__((__aligned__));\n", o->ptr);
		sb_addf(out, "\t\tif (%s)\n\t\t\t__builtin_memcpy(ls__t, %s, sizeof ls__t);\n", o->ptr, o->ptr);
		for (int k = i; k < sp->nops; k++) {
			const IrSideOps *q = &sp->ops[k];
			if (strcmp(q->ptr, o->ptr))
				continue;
			/* &*: the field's type without the table's const */
			sb_addf(out, "\t\t{\n\t\t\t__typeof__(&*(%s)->%s) ls__f = %s;\n", q->ptr, q->field,
				q->ntargets == 1 ? q->targets[0].name : xprintf("ls__ops_%d", k));
			sb_addf(out, "\t\t\t__builtin_memcpy(ls__t + __builtin_offsetof(__typeof__(*(%s)), %s), &ls__f, "
				     "sizeof ls__f);\n\t\t}\n", q->ptr, q->field);
		}
		sb_addf(out, "\t\t%s = (__typeof__(%s))(void *)ls__t;\n\t}\n", o->ptr, o->ptr);
	}
}

/* The wrapper of a side-car program (the copies written into dir), and the
 * compiler flags its unit needs besides the harness's; false after an error. */
bool native_side_wrapper(const IrProgram *p, const char *dir, bool points, StrBuf *out, PtrVec *flags)
{
	const IrSideProg *sp = p->sideprog;
	if (!side_flags(sp, flags))
		return false;
	sb_add(out, "/* generated by lockspin run: the side-car program (copies of its files), the side-car's\n"
		    " * changes, then its lock registry */\n");
	/* the replay's copies call ls__point() (lockspin.h) wherever a point is */
	if (points)
		sb_add(out, "#include \"lockspin.h\"\n#define LS__READ(x) ({ __typeof__((x) + 0) ls__read_v = (x); "
			    "ls__point(__FILE__, __LINE__); ls__read_v; })\n");
	sb_add(out, "static __thread const char *ls__site_file __attribute__((__unused__));\n");
	sb_add(out, "static __thread int ls__site_line __attribute__((__unused__));\n");
	sb_add(out, "static inline __attribute__((__unused__)) int ls__side_site(const char *f, int l)\n"
		    "{\n\tls__site_file = f;\n\tls__site_line = l;\n\treturn 0;\n}\n");
	for (int i = 0; i < sp->nfiles; i++) {
		const char *base = strrchr(sp->files[i].real, '/');
		const char *copy = xprintf("%s/%s%d-%s", dir, points ? "replay-" : "", i, base ? base + 1 : sp->files[i].real);
		side_copy(p, i, copy, points);
		/* the side-car's annotations are unused statics whose bodies only
		 * name things ((void)(f, g) for several targets), and a variant's
		 * scenario leaves the other's threads unused: no warning there */
		bool sidecar = i == sp->nfiles - 1;
		if (sidecar)
			sb_add(out, "#pragma GCC diagnostic push\n#pragma GCC diagnostic ignored \"-Wunused-value\"\n"
				    "#pragma GCC diagnostic ignored \"-Wunused-function\"\n");
		sb_add(out, "#include ");
		native_c_string(out, copy);
		sb_add(out, "\n");
		if (sidecar)
			sb_add(out, "#pragma GCC diagnostic pop\n");
		/* its own "..." includes, now that the copy is elsewhere */
		const char *d = base ? xstrndup(sp->files[i].real, (size_t)(base - sp->files[i].real)) : ".";
		bool seen = false;
		for (int k = 0; k + 1 < flags->len && !seen; k++)
			seen = !strcmp(flags->data[k], "-iquote") && !strcmp(flags->data[k + 1], d);
		if (!seen) {
			vec_push(flags, "-iquote");
			vec_push(flags, (void *)d);
		}
	}
	side_glue(sp, out);
	side_list_check(p, out);
	return true;
}

/*
 * Build the program (argv, NULL-terminated, the wrapper on stdin).  Real
 * code calls functions of files not given (an allocator, printk) from
 * code no thread reaches; the model never lowers them, and natively the
 * program must still link: when the link fails only for undefined
 * references, each is given a stub in a file of its own (no declaration
 * there to disagree with) that says so and aborts if it is ever called,
 * and the program is linked again; a note names them.  A reached call to
 * such a function is defined as the model's no-op instead (side_glue).
 */
int native_side_spawn(PtrVec *argv, const char *input, const char *dir, const char *cc)
{
	ProcOptions o = { .input = input, .output = PROC_CAPTURE, .phase = "native-build" };
	ProcResult r = proc_run((char **)argv->data, &o);
	if (r.status == 0 || r.exec_failed) {
		fputs(r.output, stderr);
		return r.exec_failed ? 127 : 0;
	}
	PtrVec names = { 0 };
	bool other = false;
	for (char *line = strtok(r.output, "\n"); line; line = strtok(NULL, "\n")) {
		const char *u = strstr(line, "undefined reference to `");
		if (u) {
			const char *name = xstrndup(u + 24, strcspn(u + 24, "'"));
			bool dup = false;
			for (int i = 0; i < names.len && !dup; i++)
				dup = !strcmp(names.data[i], name);
			if (!dup)
				vec_push(&names, (void *)name);
		} else if (strstr(line, "error:") && !strstr(line, "ld returned")) {
			other = true;
		}
	}
	if (other || !names.len) {
		ProcOptions again = { .input = input, .output = PROC_INHERIT, .phase = "native-build" };
		return proc_run((char **)argv->data, &again).status; /* its messages, as they came */
	}
	StrBuf sb, list;
	sb_init(&sb);
	sb_init(&list);
	sb_add(&sb, "/* generated by lockspin run: functions no given file defines, called only where no thread goes */\n"
		    "#include <stdio.h>\n#include <stdlib.h>\n");
	for (int i = 0; i < names.len; i++) {
		const char *n = names.data[i];
		sb_addf(&sb, "void %s(void)\n{\n\tfputs(\"lockspin: native: '%s', defined in no file given, was called: "
			     "LS_ABSTRACT or LS_REPLACE it in the side-car\\n\", stderr);\n\tabort();\n}\n", n, n);
		sb_addf(&list, "%s'%s'", i ? ", " : "", n);
	}
	const char *stubs = xprintf("%s/unreached-stubs.c", dir), *obj = xprintf("%s/unreached-stubs.o", dir);
	write_file(stubs, sb.buf, sb.len);
	sb_release(&sb);
	char *cargv[] = { (char *)cc, "-c", "-w", (char *)stubs, "-o", (char *)obj, NULL };
	ProcOptions co = { .output = PROC_INHERIT, .phase = "native-build" };
	if (proc_run(cargv, &co).status != 0)
		return 1;
	side_note("%d function%s no given file defines, called only from code no thread reaches, %s a stub that "
		  "aborts if called: %s", names.len, names.len == 1 ? "" : "s", names.len == 1 ? "is" : "are", list.buf);
	sb_release(&list);
	argv->len--; /* the NULL */
	vec_push(argv, (void *)obj);
	vec_push(argv, NULL);
	ProcOptions again = { .input = input, .output = PROC_INHERIT, .phase = "native-build" };
	return proc_run((char **)argv->data, &again).status;
}
