/*
 * fe.h - the front end's private header: the types its files share and
 * the functions they call across files (see frontend.c).
 */
#ifndef LS_FE_H
#define LS_FE_H

#include "stages.h"

#include "ast.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- objects ------------------------------------------------------------ */
struct Struct;

/* FK_POINTS: a pointer field LS_POINTS_TO binds to a global object (pst's),
 * a constant in every object: no class or var of its own */
typedef enum FieldKind { FK_LOCK = 1, FK_STATE, FK_POINTS } FieldKind;

/* A modelled field of a struct, flattened: path "p2m.lock". */
typedef struct Field {
	const char *path;
	const char *prefix; /* path of the enclosing nested struct, "" or "p2m." */
	FieldKind kind;
	Ast decl;
	IrLockKind lk;
	int arrlen;
	IrValKind vk;
	int lo, hi;
	struct Struct *pst; /* VK_PTR: the struct pointed to */
	const char **targets; /* VK_FN: [1..hi] the LS_TARGETS names */
	const struct Sidecar *points; /* FK_POINTS: the LS_POINTS_TO entry (->with the object) */
	bool ptrarr;        /* FK_POINTS: a T ** field, element i pointing to object i */
	bool each;          /* FK_POINTS: LS_POINTS_TO_EACH, object k's to element k */
	int id;             /* class or var id, -1 until made */
	Ast outer;          /* a lock in a wrapper struct (Xen's mm_lock_t): the
			     * wrapper's field, whose LS_RANK, LS_RANK_BIAS, LS_CLASS
			     * and LS_RECURSIVE apply when the lock has none of its own */
	const char *outer_prefix;
} Field;

typedef struct Struct {
	Ast decl;      /* canonical */
	const char *name;
	Field *f;
	int nf;
	int ninst;
	/* fields the model cannot hold (an array of lock-bearing structs):
	 * pairs of path and the error an access to it reports, so that a
	 * struct no thread reaches into is no error */
	PtrVec unmodelled;
	int type;           /* IrType id, or -1 (no instance) */
	SrcLoc loc;
	bool done;
	bool pointee;       /* a modelled pointer points to it: its global objects
			     * are instances even without locks or state */
} Struct;

/* G_PTR: a global pointer LS_GLOBAL_POINTS_TO binds to an object (f.points) */
typedef enum GlobalKind { G_OBJ = 1, G_LOCK, G_STATE, G_PTR } GlobalKind;

typedef struct Global {
	Ast decl;      /* canonical */
	const char *name;
	GlobalKind kind;
	Struct *st;         /* G_OBJ */
	int base;           /* G_OBJ: first instance number */
	int len;            /* 0: not an array */
	Field f;            /* G_LOCK, G_STATE: as a field of the global type */
	SrcLoc loc;
} Global;

/* ---- values --------------------------------------------------------------- */
typedef enum XKind {
	X_UNTRACKED,
	X_VAL,      /* e; ptype >= 0: a pointer to an object of IrType ptype */
	X_OBJ,      /* lvalue object: st, e = instance, pfx = nested path prefix */
	X_OBJARR,   /* global array of objects: st, base, len */
	X_PTRARR,   /* an array of pointers (LS_POINTS_TO on a T ** field): element
		     * i points to object base + i of st, i < len */
	X_LOCK,     /* id = class, e = instance (NULL global), idx; addr: &lock */
	X_LOCKARR,  /* id = class, e = instance */
	X_STATE,    /* id = var, e = instance, idx */
	X_STATEARR, /* id = var, e = instance */
	X_LOCAL,    /* id = IrLocal */
	X_FUNC,     /* fn */
	X_BIND,     /* a C local not yet resolved (lvalue of assignments) */
	X_ADDR,     /* &local: b, the C local it points to (*p is that local) */
} XKind;

struct Binding;

typedef struct X {
	XKind k;
	IrExpr *e, *idx;
	int id;
	int ptype;
	Struct *st;
	int base, len;
	bool addr;
	const char *pfx;
	const char *why;
	Ast fn;
	struct Binding *b;
} X;

typedef enum BindKind { B_UNSET, B_VAL, B_LOCAL, B_UNTRACKED } BindKind;

typedef struct Binding {
	Ast decl;
	const char *name;
	BindKind kind;
	X x;          /* B_VAL */
	int local;    /* B_LOCAL */
	int depth;    /* control depth of the declaration */
	AstType ctype;
	PtrVec members; /* a struct local: Binding * of the fields used (fe_local_member) */
} Binding;

typedef struct Frame {
	struct Frame *parent;
	Ast fn;
	const char *fname;
	const char *chain;   /* "fname < caller < ... < entry function" */
	const char *sites;   /* the call sites from the entry function down to this
			      * frame, "spec/x.c:266 -> spec/x.c:140"; NULL in the entry */
	int id;
	PtrVec binds;
	PtrVec labels;       /* pairs: C name, IR name */
	const char *ret_label;
	bool ret_used;
	int result;          /* IrLocal of the return value, or -1 */
	PtrVec untracked_rets; /* S_SKIPs to patch into "any value" assignments */
	X xret;              /* a returned lock or object */
	bool has_xret, ret_untracked;
	const char *ret_why;
	int scope_base;
	int depth_base;
} Frame;

/* What a scope does when it is left, on every exit path: release an
 * ls_guard()'s lock, or call an __attribute__((cleanup(fn))) function as
 * fn(&var). */
typedef struct ScopeExit {
	IrExpr *lock;        /* a guard: release this lock reference */
	IrLockMode mode;     /* a guard: the side it holds */
	int irq;             /* a guard: 0, or after the release restore the CPU's
			      * interrupts (1: enable; 2: from IrLocal irq_local; 3:
			      * enable bottom halves) */
	int irq_local;
	Ast fn;         /* cleanup: the function (when lock is NULL) */
	Binding *var;        /* cleanup: the local whose address it gets */
	Ast decl;       /* the local's declaration */
} ScopeExit;

typedef struct Scope {
	Ast stmt;
	PtrVec guards;       /* ScopeExit *, in declaration order */
} Scope;

typedef struct Jump {
	bool is_switch;
	const char *brk;     /* label, or NULL: S_BREAK */
	const char *cont;    /* label, or NULL: S_CONTINUE */
	bool cont_used;
	int nscopes;
	Ast *cases;
	const char **case_labels;
	int ncases;
} Jump;

typedef struct Seq {
	IrStmt *head, *tail;
} Seq;

/* The C statement being lowered, as a possible scheduling point for native
 * replay (IrPoint): open while none of its IR statements has claimed it and
 * nothing that is a scheduling point of its own in native code (an
 * annotation, a nested statement, an inlined body) has run since it began. */
typedef struct FePoint {
	bool open;
	bool after;       /* past a nested block: no longer at the statement's start */
	SrcLoc loc;
	unsigned offset;
} FePoint;

#define MAX_NEST 256

/* The front end's state for the translation unit being lowered: one per
 * frontend_variants() or frontend_extract() call, passed to every lowering
 * function as its first parameter. */
typedef struct Fe {
	const char *path;
	AstUnit tu;
	AstFile mainfile;
	IrProgram *p;
	PtrVec structs;     /* Struct *, in order of analysis */
	PtrVec order;       /* Struct * or Global *, source order (tagged) */
	PtrVec globals;
	Struct **type_struct; /* IrType id -> Struct */
	IrThread *t;
	Frame *frame;
	int nframes;
	Scope scopes[MAX_NEST];
	int nscopes;
	Jump jumps[MAX_NEST];
	int njumps;
	int depth;
	PtrVec labels;      /* IR labels used in this thread */
	PtrVec final_locals; /* IrLocals whose range is complete (inlined results) */
	FePoint pt;         /* the current C statement as a point */
	/* Run-time checks (guard_check): the condition under which the
	 * expression being evaluated runs (the left side of && / || and the
	 * test of ?: so far; NULL: always), and its C text for the native
	 * twin (NULL when there is none, or ctx_bad: it has side effects). */
	IrExpr *ctx;
	const char *ctx_c;
	bool ctx_bad;
	const char *store_c; /* C text of the value fe_assign() stores next, or NULL */
	PtrVec range_checks; /* RangeCheck *: local stores, bounded once the thread is done */
	int ncpus;           /* threads the scenario starts: the CPUs of cpu.irqs_off */
	bool softirq;        /* the scenario declares a softirq handler: bottom halves are
			      * modelled (cpu.bh_off), else local_bh_disable() is nothing */
	PtrVec reads;       /* FeRead *: the C expression of each read of modelled state */
	bool one_step;      /* evaluating an ls_assert() condition: one step, reads not split */
	PtrVec ltypes;      /* LocalType *: the C types of the thread's int locals */
	PtrVec dead;        /* IrLocal *: temporaries of reads whose value the current
			     * C statement alone uses, reset when it ends (fe_block) */
	struct FeNames *names; /* the thread's names given out (fe_names.c) */
} Fe;

/* A read of modelled state (an E_VAR made by fe_evr) and the C expression it
 * reads, for the inner point of native replay (fe_read_once). */
typedef struct FeRead {
	const IrExpr *e;
	Ast c;
} FeRead;

/* ---- AST helpers (fe_ast.c) ------------------------------------------------ */
typedef struct Kids {
	Ast *c;
	int n;
} Kids;

/* The construct allow-list (frontend.c). */
typedef enum FeHow { FE_MODELLED = 1, FE_UNTRACKED, FE_REJECTED } FeHow;

struct FeConstruct {
	int kind; /* an AstKind, written as libclang names it (CXCursor_...) */
	FeHow how;
	const char *what;
};

/* A store to a local: its range grows with what is stored, so the check is
 * bounded only once the thread is lowered (fe_range_checks_finish).  So is
 * the all-ones check of an unsigned local's >>, / or % (all_ones: value is
 * the local, and the check goes where its range has no -1). */
typedef struct RangeCheck {
	IrStmt *ck;
	IrLocal *l;
	IrExpr *value;
	bool all_ones;
} RangeCheck;

/* The C type of a local as the model holds it (fe_int_type_range). */
typedef struct LocalType {
	const IrLocal *l;
	int lo, hi;
	bool wrap;
} LocalType;

/* The evaluation context saved by fe_ctx_push(). */
typedef struct CtxSave {
	IrExpr *ctx;
	const char *ctx_c;
	bool ctx_bad;
} CtxSave;

Kids fe_kids(Ast c);
Kids fe_expr_kids(Ast c);
const char *fe_spelling(Ast c);
bool fe_same(Ast a, Ast b);
SrcLoc fe_loc_at(Fe *fe, AstLoc l);
SrcLoc fe_loc_of(Fe *fe, Ast c);
SrcLoc fe_loc_end(Fe *fe, Ast c);
const char *fe_text_of(Fe *fe, Ast c);
bool fe_native_span(Fe *fe, Ast c, AstLoc ends[2], unsigned off[2]);
const char *fe_native_text(Fe *fe, Ast c);
unsigned fe_offset_of(AstLoc l);
bool fe_contains(Ast outer, Ast inner);
bool fe_is_implicit(Ast c, Kids ks);
Ast fe_strip(Ast c);
bool fe_eval_int(Ast c, long long *v);
const char *fe_eval_str(Ast c);
const char *fe_ann_find(Ast c, const char *key);
const char *fe_ann_own_find(Ast c, const char *key);
bool fe_parse_int(const char *s, int *v);
IrLockKind fe_lock_kind_of(AstType t);
AstType fe_elem_type(AstType t, int *len);
void fe_range_of_type(AstType t, IrValKind *vk, int *lo, int *hi);
void fe_int_type_range(AstType t, int *lo, int *hi, bool *wrap);
Ast fe_fn_named(Fe *fe, const char *name);
int fe_target_names(Fe *fe, Ast decl, const char *text, const char ***out);
Struct *fe_struct_of(Fe *fe, AstType t);
Global *fe_global_of(Fe *fe, Ast ref);
/* the value of an LS_POINTS_TO field: a pointer to its object, or an X_PTRARR */
X fe_points_value(Fe *fe, const Field *f, X obj, SrcLoc loc);
void fe_build_objects(Fe *fe);
X fe_untracked(const char *why);
X fe_val(IrExpr *e, int ptype);
IrExpr *fe_e_local(int id, SrcLoc loc);
IrExpr *fe_e_var(Fe *fe, int id, IrExpr *inst, IrExpr *idx, SrcLoc loc);
bool fe_is_const(const IrExpr *e);
IrExpr *fe_unop(int op, IrExpr *a, SrcLoc loc);
IrExpr *fe_binop(int op, IrExpr *a, IrExpr *b, SrcLoc loc);
bool fe_expr_range(Fe *fe, const IrExpr *e, long *lo, long *hi);
void fe_widen_local(Fe *fe, IrLocal *l, const IrExpr *rhs);
const LocalType *fe_local_type(Fe *fe, const IrLocal *l);
void fe_set_local_type(Fe *fe, IrLocal *l, AstType t);
IrExpr *fe_wrap_int(IrExpr *e, int lo, int hi, SrcLoc loc);
IrStmt *fe_guard_check(Fe *fe, Seq *s, IrExpr *ok, int verdict, const char *what, SrcLoc loc, const char *native);
/* the same, with the operand `at` the native check wraps where no
 * statement's start can hold it */
IrStmt *fe_guard_check_at(Fe *fe, Seq *s, IrExpr *ok, int verdict, const char *what, SrcLoc loc, const char *native,
			  Ast at);
IrExpr *fe_in_range(IrExpr *v, long lo, long hi, SrcLoc loc);
void fe_range_checks_finish(Fe *fe);
IrStmt *fe_tmp_store(Fe *fe, const char *base, IrExpr *e, SrcLoc loc, IrLocal **l);
IrExpr *fe_pin(Fe *fe, Seq *s, IrExpr *e, SrcLoc loc);
void fe_int_range(long *lo, long *hi);
void fe_note_read(Fe *fe, const IrExpr *e, Ast c);
int fe_count_reads(const IrExpr *e);
IrExpr *fe_read_once(Fe *fe, Seq *s, IrExpr *e, SrcLoc loc);
IrExpr *fe_read_temp(Fe *fe, Seq *s, IrExpr *e, SrcLoc loc, bool dead);
IrExpr *fe_read_atomic(Fe *fe, Seq *s, IrExpr *e, SrcLoc loc);
X fe_state_lvalue(Fe *fe, X x, Seq *s, SrcLoc loc);
X fe_ev_deref(Fe *fe, Ast p, Seq *s);
X fe_atomic_op(Fe *fe, const char *what, Ast *arg, int n, SrcLoc loc, Seq *s);
void fe_reset_temps(Fe *fe, Seq *s, int from, SrcLoc loc);
void fe_split_reads(Fe *fe, Seq *s, IrExpr **es, int n, int keep, SrcLoc loc);
IrExpr *fe_any_value(int lo, int hi, SrcLoc loc);
X fe_resolve(Fe *fe, X x);
X fe_rv(Fe *fe, X x, SrcLoc loc);
X fe_evr(Fe *fe, Ast c, Seq *s);
const IrVar *fe_fn_var_of(Fe *fe, X x);
X fe_fn_value(Fe *fe, const IrVar *v, X rhs, Ast lhs_c, SrcLoc loc, bool *bad);
Binding *fe_find_binding(Fe *fe, Ast decl);
X fe_member(Fe *fe, X obj, const char *fname, Ast whole);
X fe_local_member(Fe *fe, Binding *pb, Ast member);
void fe_record_local_init(Fe *fe, Binding *d, Ast init, Seq *s);
/* p[i] for a pointer p into a global array of objects (fe_objects.c) */
X fe_index_pointer(Fe *fe, X base, X idx, Ast c, Kids k, SrcLoc loc, Seq *s);
bool fe_is_record_local(const Binding *b);
X fe_deref(Fe *fe, X p, Ast base, Seq *s);
X fe_ev_index(Fe *fe, Ast c, Seq *s);
X fe_ev_decl_ref(Fe *fe, Ast c);
X fe_ev_unary(Fe *fe, Ast c, Seq *s);
X fe_ev_binary(Fe *fe, Ast c, Seq *s);
X fe_ev_cond_op(Fe *fe, Ast c, Seq *s);
X fe_reject(Fe *fe, Ast c, const char *what);
const char *fe_first_token(Fe *fe, Ast c);
X fe_ev(Fe *fe, Ast c, Seq *s);
bool fe_has_effects(Ast c);
bool fe_is_modified(Ast body, Ast decl);
IrExpr *fe_assign(Fe *fe, X lhs, X rhs, Ast lhs_c, SrcLoc loc, Seq *s);
IrExpr *fe_cond_expr(Fe *fe, Ast c, Seq *s, const char **why);
bool fe_unsigned_wide(Ast e);
IrExpr *fe_unsigned_binop(Fe *fe, int op, IrExpr *a, IrExpr *b, Ast left, Seq *s, SrcLoc loc);
X fe_cond_calls(Fe *fe, Ast c, Kids k, SrcLoc loc, Seq *s);
IrExpr *fe_test_expr(Fe *fe, Ast c, Seq *s, const char **why);
const char *fe_lock_text(Fe *fe, Ast arg);
IrExpr *fe_lock_ref(Fe *fe, Ast arg, SrcLoc loc, Seq *s, int *cls);
bool fe_check_kind(Fe *fe, int cls, Ast kind_arg, IrLockOp op, IrLockMode mode, Ast lock_arg,
		       SrcLoc loc);
IrStmt *fe_lock_stmt(Fe *fe, IrLockOp op, IrLockMode mode, bool rec, IrExpr *lock, SrcLoc loc);
X fe_do_op(Fe *fe, const char *op, Ast c, Seq *s);
Ast fe_fn_body(Ast def);
Binding *fe_new_binding(Fe *fe, Ast decl);
void fe_bind(Fe *fe, Ast decl, X x, Ast body, SrcLoc loc, Seq *s);
X fe_inline_call(Fe *fe, Ast fd, X *args, int nargs, Ast callsite, Seq *s);
bool fe_is_defined(Ast fd);
X fe_call(Fe *fe, Ast c, Seq *s);
void fe_emit(Fe *fe, Seq *s, IrStmt *st);
IrStmt *fe_wrap(Seq *s, SrcLoc loc);
IrStmt *fe_if_chain(Fe *fe, IrStmt *ifs, Seq *then, IrStmt *chain, SrcLoc loc);
IrStmt *fe_mk_label(const char *label, SrcLoc loc);
/* e reads a modelled variable (LS_STATE data, not a local) */
bool fe_reads_state(const IrExpr *e);
int fe_point_add(Fe *fe, SrcLoc loc, unsigned offset, unsigned end);
void fe_add_note(Fe *fe, SrcLoc loc, const char *what);
void fe_point_claim(Fe *fe, IrStmt *st, const IrExpr *cond);
const char *fe_unique_name(Fe *fe, const char *base, bool label);
IrLocal *fe_new_local(Fe *fe, const char *base, IrValKind vk, int lo, int hi, int ptype, SrcLoc loc);
void fe_block(Fe *fe, Ast c, Seq *s);
X fe_ev_stmt_expr(Fe *fe, Ast c, Seq *s);
void fe_global_inits(Fe *fe);
void fe_scenario(Fe *fe);
/* the side-car (fe_scenario.c): annotations attached by name */
typedef struct Sidecar {
	Ast self;          /* the side-car's function: its attributes are the annotations */
	const char *kind;  /* field, global, targets_of, points_to, abstract, replace */
	Ast target;        /* canonical: the field, global or function annotated */
	Ast with;          /* replace: the function that runs instead; points_to: the object */
	SrcLoc loc;
} Sidecar;
void fe_sidecar_load(Fe *fe);
/* the next side-car entry after `after` (NULL: the first) on decl, of kind (NULL: any) */
const Sidecar *fe_sidecar_next(Ast decl, const char *kind, const Sidecar *after);
/* every entry in order: the one after `after` (NULL: the first) */
const Sidecar *fe_sidecar_next_any(const Sidecar *after);
const char *fe_display_name(const char *name);
/* f is one of a side-car program's files (frontend_program), upstream or the side-car */
bool fe_in_program(AstFile f);
/* its index among them (the side-car last), -1: none */
int fe_prog_file_index(AstFile f);
/* what run needs of a side-car program (fe_sideprog.c); the files, their
 * commands and every file read (frontend.c) */
void fe_side_program(Fe *fe);
void fe_prog_files(Fe *fe, IrSideProg *sp);
int fe_irq_var(Fe *fe, SrcLoc loc);
int fe_bh_var(Fe *fe, SrcLoc loc);
void fe_bh_add(Fe *fe, int d, SrcLoc loc, Seq *s);
int fe_irq_save(Fe *fe, SrcLoc loc, Seq *s);
void fe_irq_set(Fe *fe, IrExpr *v, SrcLoc loc, Seq *s);
const struct FeConstruct *fe_construct_of(AstKind k);
AstVisitResult fe_check_anns_visit(Ast c, Ast parent, void * d);

#endif
