/*
 * util.c - the arena, strings, files and diagnostics.
 *
 * The arena: lockspin runs once over a few specs and exits, so every
 * allocation comes from large blocks that are freed together at exit
 * (arena_free_all).  Nothing is freed piecemeal, so nothing can be freed
 * twice.  Blocks are 1 MiB; a larger request gets a block of its own.
 */
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

typedef struct Block {
	struct Block *prev;
	size_t used, size;
	_Alignas(16) unsigned char data[];
} Block;

static Block *arena_top;

void *arena_alloc(size_t n)
{
	n = (n + 15) & ~(size_t)15;
	if (!n)
		n = 16;
	if (!arena_top || arena_top->size - arena_top->used < n) {
		size_t size = n > (1u << 20) ? n : (1u << 20);
		Block *b = calloc(1, sizeof(Block) + size);
		if (!b)
			die("out of memory allocating %zu bytes", n);
		b->size = size;
		if (arena_top && n > (1u << 20)) {
			/* keep filling the current block; the big one sits below it */
			b->prev = arena_top->prev;
			arena_top->prev = b;
			b->used = n;
			return b->data;
		}
		b->prev = arena_top;
		arena_top = b;
	}
	void *p = arena_top->data + arena_top->used;
	arena_top->used += n;
	return p;
}

void *arena_array(size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		die("allocation overflow: %zu * %zu", n, size);
	return arena_alloc(n * size);
}

void arena_free_all(void)
{
	while (arena_top) {
		Block *b = arena_top;
		arena_top = b->prev;
		free(b);
	}
}

char *xstrndup(const char *s, size_t n)
{
	char *p = arena_alloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xprintf(const char *fmt, ...)
{
	StrBuf sb;
	va_list ap;
	sb_init(&sb);
	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	return sb_detach_arena(&sb);
}

void vec_push(PtrVec *v, void *p)
{
	if (v->len == v->cap) {
		int cap = v->cap ? v->cap * 2 : 8;
		void **d = arena_array((size_t)cap, sizeof(*d));
		if (v->len)
			memcpy(d, v->data, (size_t)v->len * sizeof(*d));
		v->data = d;
		v->cap = cap;
	}
	v->data[v->len++] = p;
}

static size_t strmap_hash(const char *s)
{
	size_t h = 5381; /* djb2 */
	for (; *s; s++)
		h = h * 33 + (unsigned char)*s;
	return h;
}

/* The slot of key: its own, or the empty one where it would go. */
static StrMapSlot *strmap_find(const StrMap *m, const char *key)
{
	size_t i = strmap_hash(key) & (m->cap - 1);
	while (m->slot[i].key && strcmp(m->slot[i].key, key))
		i = (i + 1) & (m->cap - 1);
	return &m->slot[i];
}

int *strmap_get(StrMap *m, const char *key, bool *isnew)
{
	if (2 * (m->n + 1) > m->cap) {
		StrMap old = *m;
		m->cap = old.cap ? old.cap * 2 : 64;
		m->slot = arena_array(m->cap, sizeof(StrMapSlot));
		for (size_t i = 0; i < old.cap; i++)
			if (old.slot[i].key)
				*strmap_find(m, old.slot[i].key) = old.slot[i];
	}
	StrMapSlot *s = strmap_find(m, key);
	*isnew = !s->key;
	if (!s->key) {
		s->key = key;
		m->n++;
	}
	return &s->val;
}

/* ---- StrBuf ------------------------------------------------------------- */
static char sb_empty[1];

void sb_init(StrBuf *sb)
{
	sb->buf = sb_empty;
	sb->len = sb->cap = 0;
}

static void sb_grow(StrBuf *sb, size_t extra)
{
	if (sb->len + extra + 1 <= sb->cap)
		return;
	size_t cap = sb->cap ? sb->cap : 64;
	while (cap < sb->len + extra + 1) {
		if (cap > SIZE_MAX / 2)
			die("string too long");
		cap *= 2;
	}
	char *b = realloc(sb->cap ? sb->buf : NULL, cap);
	if (!b)
		die("out of memory");
	if (!sb->cap)
		b[0] = '\0';
	sb->buf = b;
	sb->cap = cap;
}

void sb_addn(StrBuf *sb, const char *s, size_t n)
{
	sb_grow(sb, n);
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void sb_add(StrBuf *sb, const char *s)
{
	sb_addn(sb, s, strlen(s));
}

void sb_vaddf(StrBuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		die("bad format string '%s'", fmt);
	sb_grow(sb, (size_t)n);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void sb_addf(StrBuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sb_vaddf(sb, fmt, ap);
	va_end(ap);
}

char *sb_detach_arena(StrBuf *sb)
{
	char *s = xstrndup(sb->buf, sb->len);
	sb_release(sb);
	return s;
}

void sb_release(StrBuf *sb)
{
	if (sb->cap)
		free(sb->buf);
	sb_init(sb);
}

void sb_add_json(StrBuf *sb, const char *s)
{
	if (!s) {
		sb_add(sb, "null");
		return;
	}
	sb_add(sb, "\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			sb_addf(sb, "\\%c", c);
		else if (c == '\n')
			sb_add(sb, "\\n");
		else if (c == '\t')
			sb_add(sb, "\\t");
		else if (c < 0x20)
			sb_addf(sb, "\\u%04x", c);
		else
			sb_addn(sb, s, 1);
	}
	sb_add(sb, "\"");
}

void sb_add_xml(StrBuf *sb, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '&': sb_add(sb, "&amp;"); break;
		case '<': sb_add(sb, "&lt;"); break;
		case '>': sb_add(sb, "&gt;"); break;
		case '"': sb_add(sb, "&quot;"); break;
		case '\'': sb_add(sb, "&#39;"); break;
		default:
			if (c < 0x20 && c != '\n' && c != '\t')
				sb_add(sb, " ");
			else
				sb_addn(sb, s, 1);
		}
	}
}

/* ---- files -------------------------------------------------------------- */
char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	StrBuf sb;
	char buf[65536];
	size_t n;
	sb_init(&sb);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_addn(&sb, buf, n);
	int err = ferror(f);
	fclose(f);
	if (err) {
		sb_release(&sb);
		errno = EIO;
		return NULL;
	}
	if (len)
		*len = sb.len;
	return sb_detach_arena(&sb);
}

bool write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return false;
	bool ok = fwrite(data, 1, len, f) == len;
	if (fclose(f) != 0)
		ok = false;
	return ok;
}

bool mkdir_p(const char *path)
{
	char *p = xstrdup(path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST)
			return false;
		*s = '/';
	}
	return mkdir(p, 0777) == 0 || errno == EEXIST;
}

/* A one-entry cache: reports ask for many lines of the same spec in a row. */
#ifndef LS_HARNESS_DIR
#define LS_HARNESS_DIR "/usr/local/share/lockspin/harness"
#endif

const char *harness_find(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	const char *cands[6];
	int nc = 0;
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			cands[nc++] = xprintf("%s/harness", exe);
			cands[nc++] = xprintf("%s/../harness", exe);
			cands[nc++] = xprintf("%s/../../harness", exe); /* build/test/ */
			cands[nc++] = xprintf("%s/../share/lockspin/harness", exe);
		}
	}
	cands[nc++] = LS_HARNESS_DIR;
	cands[nc++] = "harness";
	/* canonical: the same header is cited by one name whichever binary
	 * (./lockspin, build/lockspin-asan, build/test/...) found it */
	char real[PATH_MAX];
	for (int i = 0; i < nc; i++)
		if (access(xprintf("%s/lockspin.h", cands[i]), R_OK) == 0)
			return realpath(cands[i], real) ? xstrdup(real) : cands[i];
	return NULL;
}

const char *cache_dir(const char *what)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	if (xdg && *xdg == '/')
		return xprintf("%s/lockspin/%s", xdg, what);
	if (home && *home == '/')
		return xprintf("%s/.cache/lockspin/%s", home, what);
	return xprintf("/tmp/lockspin-%u/%s", (unsigned)getuid(), what);
}

bool tty_colour(int fd)
{
	const char *nc = getenv("NO_COLOR");
	return isatty(fd) && !(nc && *nc) && !(getenv("TERM") && !strcmp(getenv("TERM"), "dumb"));
}

bool tty_progress(int fd)
{
	return isatty(fd) && !(getenv("TERM") && !strcmp(getenv("TERM"), "dumb"));
}

const char *source_line(const char *file, int line)
{
	static const char *cached_path, *cached_text;
	if (!file || line <= 0)
		return "";
	if (!cached_path || strcmp(cached_path, file) != 0) {
		cached_path = xstrdup(file);
		cached_text = read_file(file, NULL);
	}
	if (!cached_text)
		return "";
	const char *s = cached_text;
	for (int i = 1; i < line; i++) {
		s = strchr(s, '\n');
		if (!s)
			return "";
		s++;
	}
	const char *e = strchr(s, '\n');
	if (!e)
		e = s + strlen(s);
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	return xstrndup(s, (size_t)(e - s));
}

/* ---- diagnostics -------------------------------------------------------- */
static int nerrors;

/* One diagnostic line; text is already formatted. */
static void diag(SrcLoc loc, const char *kind, const char *text)
{
	if (loc.file && loc.line > 0 && loc.col > 0)
		fprintf(stderr, "%s:%d:%d: %s: ", loc.file, loc.line, loc.col, kind);
	else if (loc.file && loc.line > 0)
		fprintf(stderr, "%s:%d: %s: ", loc.file, loc.line, kind);
	else if (loc.file)
		fprintf(stderr, "%s: %s: ", loc.file, kind);
	else
		fprintf(stderr, "lockspin: %s: ", kind);
	fputs(text, stderr);
	fputc('\n', stderr);
}

static PtrVec printed;   /* every error printed so far, as "file:line:col: text" */
static int nfile_errors; /* errors printed for the current spec file */

void diag_new_file(void)
{
	nfile_errors = 0;
}

void error_at(SrcLoc loc, const char *fmt, ...)
{
	va_list ap;
	nerrors++;
	va_start(ap, fmt);
	char text[1024];
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	const char *key = xprintf("%s:%d:%d: %s", loc.file ? loc.file : "", loc.line, loc.col, text);
	for (int i = 0; i < printed.len; i++)
		if (!strcmp(printed.data[i], key))
			return;
	vec_push(&printed, (void *)key);
	if (++nfile_errors > DIAG_MAX_ERRORS)
		return;
	diag(loc, "error", text);
	if (nfile_errors == DIAG_MAX_ERRORS)
		fprintf(stderr, "lockspin: too many errors in this file, the rest are not shown\n");
}

void warning_at(SrcLoc loc, const char *fmt, ...)
{
	va_list ap;
	char text[1024];
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	diag(loc, "warning", text);
}

int diag_error_count(void)
{
	return nerrors;
}

void die(const char *fmt, ...)
{
	va_list ap;
	fputs("lockspin: fatal: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_INCONCLUSIVE);
}

void die_usage(const char *fmt, ...)
{
	va_list ap;
	fputs("lockspin: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nusage: see 'lockspin --help'\n", stderr);
	exit(EXIT_BADINPUT);
}

void bug_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "lockspin: BUG at %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}
