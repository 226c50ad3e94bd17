/*
 * util.h - memory, strings and diagnostics shared by every stage.
 *
 * Memory: lockspin is a short-lived tool.  Everything is allocated from one
 * arena per run (arena_alloc and the x* helpers) and freed once at exit;
 * nothing is freed piecemeal.  Only StrBuf owns heap memory of its own.
 */
#ifndef LS_UTIL_H
#define LS_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdnoreturn.h>

/* lockspin's own version: --version, the SARIF driver, the verdict cache key. */
#define LOCKSPIN_VERSION "0.1"

/* Exit codes are an interface (README "Exit codes"). */
enum {
	EXIT_VERIFIED = 0,     /* every verdict matches the spec's expectation */
	EXIT_MISMATCH = 1,     /* a verdict differs, or a violation was not expected */
	EXIT_BADINPUT = 2,     /* bad input or usage */
	EXIT_INCONCLUSIVE = 3, /* search incomplete, or a tool failed */
	EXIT_STRICT = 4,       /* --strict: also-found violation or unreached code */
};

/* A source location; every IR node carries one.  file is arena memory. */
typedef struct SrcLoc {
	const char *file;
	int line, col;
} SrcLoc;

void *arena_alloc(size_t n);           /* zeroed; dies on overflow or OOM */
void *arena_array(size_t n, size_t size); /* overflow-checked n * size */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void arena_free_all(void);

/* Growable array of pointers kept in the arena (old blocks are abandoned). */
typedef struct PtrVec {
	void **data;
	int len, cap;
} PtrVec;
void vec_push(PtrVec *v, void *p);

/* A map from strings (arena or static, not copied) to an int, open
 * addressing: O(1) lookups where the front end and ir_slice.c would
 * otherwise scan thousands of inlined names.  Zero-initialised is empty. */
typedef struct StrMapSlot {
	const char *key;
	int val;
} StrMapSlot;
typedef struct StrMap {
	StrMapSlot *slot;
	size_t cap, n;
} StrMap;
/* key's value slot, made with val 0 when new (*isnew says which) */
int *strmap_get(StrMap *m, const char *key, bool *isnew);

/*
 * StrBuf: a growable string, git's strbuf.  Invariant: buf is never NULL
 * after sb_init and buf[len] == '\0'.  Heap memory: release with sb_release.
 */
typedef struct StrBuf {
	char *buf;
	size_t len, cap;
} StrBuf;
void sb_init(StrBuf *sb);
void sb_add(StrBuf *sb, const char *s);
void sb_addn(StrBuf *sb, const char *s, size_t n);
void sb_addf(StrBuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vaddf(StrBuf *sb, const char *fmt, va_list ap);
char *sb_detach_arena(StrBuf *sb); /* copy into the arena and release */
/* Escaped text for the machine-readable outputs (sarif.c, junit.c, html.c,
 * vjson.c): a JSON string with its quotes, and XML/HTML character data or
 * attribute text.  NULL adds "null" / nothing.  Control characters XML
 * cannot carry become spaces. */
void sb_add_json(StrBuf *sb, const char *s);
void sb_add_xml(StrBuf *sb, const char *s);
void sb_release(StrBuf *sb);

/* Files. */
char *read_file(const char *path, size_t *len); /* arena; NULL + errno on failure */
bool write_file(const char *path, const char *data, size_t len);
bool mkdir_p(const char *path);
/* The harness sources (lockspin.h, runtime.c, ...): beside the binary
 * (./lockspin, build/lockspin-asan, build/test/), in ../share/lockspin/harness of an
 * installed binary (relocatable, so DESTDIR installs work too), in the
 * compiled-in LS_HARNESS_DIR, or ./harness; NULL if none has lockspin.h. */
const char *harness_find(void);
/* Scratch space lockspin keeps between runs (cached pans, native builds):
 * $XDG_CACHE_HOME/lockspin/<what>, else ~/.cache/lockspin/<what>, else
 * /tmp/lockspin-<uid>/<what>.  Not created here. */
const char *cache_dir(const char *what);
/* Colour and \r progress lines only on a terminal, and never with NO_COLOR
 * set (no-color.org): logs and CI output stay plain. */
bool tty_colour(int fd);
bool tty_progress(int fd);
/* The text of line `line` of `file` (trimmed, no newline), or "" if unknown. */
const char *source_line(const char *file, int line);

/*
 * Diagnostics, compiler style so editors can jump to them:
 *   file:line:col: error: message
 * error_at() counts and returns.  An error is printed once: the front end
 * reads a spec once per variant and meets the same bad line each time.
 * After DIAG_MAX_ERRORS in one spec file (diag_new_file()) the rest of its
 * errors are counted, not shown, and the other files are still checked.
 * die() never returns (exit 3: a tool failure, not bad input);
 * die_usage() exits 2.  BUG() is for broken invariants.
 */
#define DIAG_MAX_ERRORS 20
void error_at(SrcLoc loc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void warning_at(SrcLoc loc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int diag_error_count(void);
void diag_new_file(void);
noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
noreturn void die_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
noreturn void bug_at(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#define BUG(...) bug_at(__FILE__, __LINE__, __VA_ARGS__)

#endif
