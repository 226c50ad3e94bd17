/*
 * ir.h - the protocol IR: the narrow waist of lockspin.
 *
 *   spec.c --frontend.c--> IrProgram --promela.c--> model.pml --spin.c--> Trail
 *          --trace.c--> CTrace --report.c / diagram.c--> trace.txt, trace.dot/svg
 *
 * Only frontend.c includes <clang-c/Index.h>; only promela.c knows Promela.
 * Everything downstream of the front end speaks this IR and SrcLoc.
 *
 * One IrProgram is one variant of one spec, already specialised for its
 * scenario: every thread of the scenario is one IrThread whose body has all
 * calls to functions of the spec inlined, with parameters bound.  So a lock
 * reached through a pointer parameter is usually a constant lock id; a lock
 * reached through a pointer held in modelled state is a dynamic reference
 * (IrExpr E_LOCKREF with a non-constant instance).
 *
 * Objects.  A struct type with lock or state fields is an IrType; each global
 * object of that type (a global variable, or an element of a global array)
 * is an instance, numbered 1..ninst within its type.  A pointer value is
 * that number; 0 is NULL.  Globals that are not inside a struct belong to the
 * pseudo type 0, "global", with exactly one instance (number 1).
 *
 * Locks.  Each lock field (or global lock) is an IrLockClass; every instance
 * of every class has a global lock id 0..nlocks-1, contiguous per class:
 *   id = cls->first + (inst - 1) * cls->arrlen + index
 *
 * State.  Each modelled field (or global) is an IrVar holding
 * (ninst + 1) * arrlen values: slot 0 of the instance dimension is the NULL
 * object and never used, so var[inst][index] needs no arithmetic on inst.
 *
 * All memory is arena memory (util.h).
 */
#ifndef LS_IR_H
#define LS_IR_H

#include "util.h"

typedef struct IrExpr IrExpr;
typedef struct IrStmt IrStmt;

/* ---- types, objects ----------------------------------------------------- */
typedef struct IrType {
	int id;             /* 0 is the "global" pseudo type */
	const char *name;   /* "domain" for struct domain */
	int ninst;
	const char **inst_names; /* [1..ninst]: "d0", "dom[1]" */
	SrcLoc loc;
} IrType;

/* ---- locks -------------------------------------------------------------- */
/* LK_MUTEX = 1, LK_SPIN, LK_RWLOCK, LK_RWSEM: the one table, shared with
 * the harness (its LS_K_* have the same values). */
typedef enum IrLockKind {
#define LS_KIND(id, value, word) LK_##id = value,
#include "../harness/ls_kinds.h"
#undef LS_KIND
} IrLockKind;

typedef struct IrLockClass {
	int id;
	const char *name;   /* lockdep style class: "domain.pod_lock", or "a" for a global */
	const char *field;  /* C access path inside the object ("pod_lock", "arch.paging.lock"),
			     * or the global's name; NULL: taken from name after its first '.' */
	IrLockKind kind;
	bool recursive;     /* LS_RECURSIVE: exclusive side re-entrant */
	int rank;           /* LS_RANK, or -1 */
	int bias_var;       /* LS_RANK_BIAS: IrVar id of the owner's bool field, or -1 */
	int bias;           /* amount added when that field is true */
	int type;           /* owning IrType id (0: global) */
	int arrlen;         /* 1, or the length of a lock array field */
	int first;          /* first lock id */
	int count;          /* = types[type].ninst * arrlen */
	int order_class;    /* the lockdep class, as the lock-order graph keys it: the id
			     * of the first declaration with this name (LS_CLASS puts
			     * several declarations in one class), else id itself */
	SrcLoc loc;         /* declaration */
} IrLockClass;

typedef struct IrLock {
	int id;
	int cls;
	int inst;           /* 1-based instance of the class's type */
	int index;          /* within a lock array field, else 0 */
	const char *name;   /* "d0.pod_lock", "lk[2]", "a" */
} IrLock;

/* ---- modelled state ----------------------------------------------------- */
/* VK_FN: a function pointer with LS_STATE and LS_TARGETS(f, g, ...):
 * 0 is NULL, k (1..ntargets) the k-th target in LS_TARGETS order. */
typedef enum IrValKind { VK_BOOL = 1, VK_INT, VK_ENUM, VK_PTR, VK_FN } IrValKind;

typedef struct IrVar {
	int id;
	const char *name;   /* "domain.is_control", or "count" for a global */
	IrValKind vk;
	int lo, hi;         /* value range (bool 0..1; ptr 0..ninst of ptr_type; fn 0..ntargets) */
	int ptr_type;       /* VK_PTR: the IrType pointed to */
	int type;           /* owning IrType id (0: global) */
	int arrlen;         /* 1, or array length */
	int *init;          /* (types[type].ninst + 1) * arrlen initial values */
	SrcLoc loc;
	const char **targets; /* VK_FN: [1..hi] the target function names ([0] unused: NULL) */
} IrVar;

/* A thread-local variable (C locals of inlined functions, renamed unique
 * within the thread, and temporaries made by lowering). */
typedef struct IrLocal {
	int id;
	const char *name;
	const char *cname;  /* the name before the suffix that made it unique ("target"
			     * for "target_2"), for messages; NULL: name */
	IrValKind vk;
	int lo, hi;
	int ptr_type;
	SrcLoc loc;
} IrLocal;

/* ---- expressions -------------------------------------------------------- */
typedef enum IrExprKind {
	E_CONST,   /* value */
	E_VAR,     /* var[a][b]: a = instance expr (NULL: global, instance 1), b = index expr or NULL */
	E_LOCAL,   /* local */
	E_UNOP,    /* op a: '-', '!', '~' */
	E_BINOP,   /* a op b: + - * / % < <= > >= == != && || & | ^ << >> */
	E_COND,    /* a ? b : c */
	E_CHOOSE,  /* any value 0..value-1 (ls_choose) */
	E_LOCKREF, /* a lock id: cls, a = instance expr (NULL: global), b = index expr or NULL */
	E_HELD,    /* bool: the lock a (an E_LOCKREF) is held by this thread; value 1:
		    * by any thread, on either side (spin_is_locked) */
} IrExprKind;

enum { OP_LE = 256, OP_GE, OP_EQ, OP_NE, OP_LAND, OP_LOR, OP_SHL, OP_SHR };

struct IrExpr {
	IrExprKind kind;
	int op;       /* E_UNOP, E_BINOP: the C character, or OP_* */
	int value;    /* E_CONST; E_CHOOSE: n */
	int var;      /* E_VAR: IrVar id; E_LOCAL: IrLocal id; E_LOCKREF: class id */
	IrExpr *a, *b, *c;
	SrcLoc loc;
};

/* ---- statements --------------------------------------------------------- */
typedef enum IrStmtKind {
	S_SEQ,      /* body: a list through ->next */
	S_IF,       /* cond (NULL: abstracted, either branch), then, els (may be NULL) */
	S_LOOP,     /* while (cond) body; cond NULL: abstracted; test_after: do-while */
	S_BREAK,    /* leaves the innermost S_LOOP */
	S_CONTINUE, /* next iteration of the innermost S_LOOP */
	S_GOTO,     /* label */
	S_LABEL,    /* label (unique within the thread) */
	S_ASSIGN,   /* lhs (E_VAR or E_LOCAL) = rhs */
	S_LOCK,     /* lock operation, see IrLockOp */
	S_ASSERT,   /* ls_assert / ls_assert_held / ls_assert_not_held: cond, text */
	S_PROGRESS, /* ls_progress(): a Promela progress label */
	S_SKIP,     /* nothing (kept for its location, e.g. an ignored call) */
} IrStmtKind;

/* lockdep's MAX_LOCKDEP_SUBCLASSES (IrStmt.subclass) */
#define IR_MAX_SUBCLASS 8

/* LO_DOWNGRADE: rw_semaphore downgrade_write(), the exclusive hold becomes a
 * shared one in one step */
typedef enum IrLockOp { LO_ACQUIRE = 1, LO_RELEASE, LO_TRYLOCK, LO_DOWNGRADE } IrLockOp;
typedef enum IrLockMode { LM_EXCL = 1, LM_SHARED } IrLockMode;

struct IrStmt {
	IrStmtKind kind;
	int id;          /* unique within the program, > 0; set by ir_number() */
	SrcLoc loc;      /* the C location of the statement (macro expansion site) */
	const char *func; /* the C function it is in, then its inlined callers:
			   * "hva_to_pfn_retry < __kvm_gpc_refresh < kvm_gpc_refresh" */
	const char *sites; /* the call sites that inlined it, outermost first:
			    * "spec/x.c:266 -> spec/x.c:140"; NULL in the entry function */
	IrStmt *next;    /* next statement in the enclosing S_SEQ */
	IrStmt *body;    /* S_SEQ: first; S_LOOP: loop body */
	IrStmt *then, *els;
	IrExpr *cond;    /* S_IF, S_LOOP, S_ASSERT */
	bool test_after; /* S_LOOP: do { } while */
	const char *label;
	IrExpr *lhs, *rhs;
	/* S_LOCK */
	IrLockOp op;
	IrLockMode mode;
	bool recursive;  /* this acquisition/release is re-entrant (op or class) */
	int subclass;    /* lockdep's subclass (mutex_lock_nested), 0..IR_MAX_SUBCLASS-1:
			  * (class, subclass) is a node of its own in the lock-order graph */
	IrExpr *lock;    /* E_LOCKREF */
	int result;      /* LO_TRYLOCK: IrLocal receiving 1/0, or -1 */
	/* S_ASSERT */
	const char *text; /* the C text of the asserted condition */
	bool implicit;    /* a check the front end adds (a call through a modelled
			   * function pointer is not through NULL), not an ls_assert*():
			   * native code has no scheduling point for it */
	/* S_ASSERT implicit: the Verdict its failure is (a run-time check the
	 * front end adds before a store, dereference, index or division:
	 * V_OUT_OF_RANGE, V_NULL_DEREF, V_OUT_OF_BOUNDS, V_DIV_ZERO); 0: an
	 * assertion.  guard: it checks the statement that follows it, and the
	 * model runs the two as one step when that statement is an S_ASSIGN. */
	int violation;
	bool guard;
	bool native_twin; /* violation: the replay copy checks it too (IrNativeCheck) */
	/* why: for S_IF/S_LOOP with cond == NULL and for S_SKIP, the reason
	 * shown by --explain ("condition over untracked data", "call to
	 * undefined function 'memcpy'") */
	const char *why;
	/* > 0: the statement is the first step of a C statement that reads or
	 * writes modelled state, and that C statement is the scheduling point
	 * IrProgram.points[point - 1] of native replay (report_schedule names
	 * it as a "point" step); 0: not a point */
	int point;
	/* S_ASSIGN: a read of modelled state into a temporary that is not the
	 * last step of its C statement (every model step makes at most one
	 * access to modelled state, so another thread may run between C's read
	 * and the rest of the statement): this thread's next step continues the
	 * same C statement.  after_point > 0: the inner point
	 * IrProgram.points[after_point - 1] where native replay stops right
	 * after this read (report_schedule names it for that next step); 0:
	 * native code cannot stop there */
	bool partial;
	int after_point;
	/* S_ASSIGN: the read of an atomic read-modify-write (ls_atomic_*, the
	 * kernel's set_bit, atomic_inc): this read of one modelled variable into
	 * a temporary, the run-time checks of the store that follows and that
	 * store (the next S_ASSIGN) are ONE model step, the exception to the
	 * one-access-a-step rule, as the CPU's atomic instruction is one */
	bool atomic;
};

/* the deepest local_bh_disable() nesting the model holds (cpu.bh_off) */
#define IR_MAX_BH 7

typedef struct IrThread {
	int id;            /* 0-based; the Promela process is pid id+1 */
	const char *name;  /* "pod_fault(&d0)" */
	const char *func;  /* entry function */
	SrcLoc loc;        /* the ls_thread() call */
	SrcLoc func_loc;   /* the entry function's definition */
	IrStmt *body;      /* S_SEQ */
	IrLocal **locals;
	int nlocals;
	int irq_cpu;       /* an interrupt handler (ls_irq_thread): the id of the thread
			    * (CPU) it interrupts, which is lower than its own; else -1 */
	bool softirq;      /* irq_cpu >= 0: a softirq handler (ls_softirq_thread), which runs
			    * only while its CPU has bottom halves and interrupts enabled */
} IrThread;

/* Something the front end abstracted or ignored, for --explain. */
typedef struct IrNote {
	SrcLoc loc;
	const char *what;  /* "condition 'len > 0' over untracked data: either branch" */
} IrNote;

/* A fine-grained scheduling point for native replay: a C statement that
 * is a direct child of a compound statement `{ ... }` in the spec file
 * itself (not in a header or a macro), so that text inserted at offset is
 * always valid C and runs just before the statement.  Set by the front end
 * on the IrStmt that a C statement reading or writing modelled state starts
 * with (S_ASSIGN to state or from state, S_IF / S_LOOP over state). */
typedef struct IrPoint {
	SrcLoc loc;           /* the statement's start: spec file (or a side-car program's file), line, column */
	unsigned offset;      /* byte offset of that start in that file */
	/* 0: a statement point (ls__point before it).  > offset: an inner
	 * point, the C expression at [offset, end) that reads modelled state
	 * and is wrapped in the replay copy as LS__READ(expr), which evaluates
	 * it and then stops at ls__point (IrStmt.after_point) */
	unsigned end;
} IrPoint;

/* The native twin of a run-time check (IrStmt.violation): the C condition
 * the instrumented replay copy tests just after the scheduling point at
 * offset, before the statement runs, so that the real code reports the
 * same verdict at the same line instead of crashing or wrapping. */
typedef struct IrNativeCheck {
	const char *file;     /* the file of the statement (the spec, or a side-car program's file) */
	unsigned offset;      /* the C statement's start (point_at), a point or not; with end, the operand's */
	int line;             /* the line of the checked C operation */
	const char *verdict;  /* "null-deref", ... */
	const char *cond;     /* C text, true when the operation is safe */
	const char *text;     /* what is checked, for the report */
	/* > offset: no statement's start can hold it (a branch without braces,
	 * a loop): the C expression at [offset, end) of file, the operand it
	 * guards, is wrapped as (ls__check(...), (expr)) where it is evaluated */
	unsigned end;
} IrNativeCheck;

/* ---- a side-car program natively (native.c) -------------------------------
 * What `lockspin run` needs to build the program the model was made from:
 * the files of the one translation unit, the flags compile_commands.json
 * records for each, every file the front end read (for --changed), and
 * what the side-car changes in the real code, with the offsets of the
 * definitions it changes (libclang's extents). */
typedef struct IrProgFile {
	const char *path;     /* as given (the name traces use) */
	const char *real;     /* its real path */
	const char *dir;      /* compile_commands.json: the entry's directory; NULL: no entry */
	const char **args;    /* the entry's arguments, the compiler first */
	int nargs;
} IrProgFile;

/* A function's definition (or, undefined, its declaration) as written. */
typedef struct IrFnText {
	const char *name;
	int file;             /* the program file of the definition; -1: declared only */
	unsigned start;       /* byte offsets in it: the definition's start, */
	unsigned name_at;     /* its name, */
	unsigned body, end;   /* its body's '{' and one past its '}' */
	const char *head;     /* the text before the body: "static int f(int a, int b)" */
	unsigned head_name;   /* where the name starts in head */
	const char **params;  int nparams;  /* the parameters' names */
	bool returns_void;
	SrcLoc loc;
	const char *why_not;  /* non-NULL: it cannot be written again natively, why */
} IrFnText;

/* LS_ABSTRACT or LS_REPLACE of fn, or a function no given file defines
 * whose calls the model ignores. */
typedef struct IrSideFn {
	IrFnText fn;
	const char *how;      /* "ignore", "result LO HI", "replace" or "undefined" */
	const char *with;     /* replace: the side-car's function */
	SrcLoc loc;           /* the side-car's line */
} IrSideFn;

/* LS_TARGETS_OF(ptr, field, targets...). */
typedef struct IrSideOps {
	const char *ptr, *field;
	IrFnText *targets;    int ntargets;
	SrcLoc loc;
	const char *why_not;  /* non-NULL: natively not bound, why */
} IrSideOps;

/* LS_POINTS_TO(struct T, field, obj), LS_POINTS_TO_EACH and
 * LS_GLOBAL_POINTS_TO(ptr, obj) (type NULL, field the global's name). */
typedef struct IrSidePtr {
	const char *type;     /* T's tag ("domain"), an IrType's name; NULL: a global */
	const char *field;    /* the pointer field's path in T: "arch.vgic.shared_irqs" */
	const char *obj;      /* the global it points to */
	bool each;            /* LS_POINTS_TO_EACH: the k-th T's field to &obj[k] */
	bool ptrarr;          /* a T ** field: its element i to &obj[i] */
	SrcLoc loc;
} IrSidePtr;

/* A struct list_head in a global of the program (natively made an empty
 * list before the scenario when it is still zeros, as creation's
 * INIT_LIST_HEAD would: the model walks lists as untracked data). */
#define IR_SIDE_MAXDIMS 4
typedef struct IrSideList {
	const char *lv;       /* its C lvalue, element k of the k-th array indexed by ls__iK */
	int ndims;
	long dims[IR_SIDE_MAXDIMS];
} IrSideList;

typedef struct IrSideProg {
	IrProgFile *files;    int nfiles;   /* the upstream files in order, then the side-car */
	const char *ccdb;     /* compile_commands.json, or NULL */
	const char **inputs;  int ninputs;  /* every file the translation unit read, real paths */
	IrSideFn *fns;        int nfns;
	IrSideOps *ops;       int nops;
	IrSidePtr *ptrs;      int nptrs;
	IrSideList *lists;    int nlists;
} IrSideProg;

typedef struct IrProgram {
	const char *spec;     /* path of the spec file as given */
	const char *variant;  /* variant name, or "default" */
	const char *expect;   /* expected verdict string ("ok", "deadlock", ...) */
	const char *why;      /* the variant's one-line reason */
	IrType **types;       int ntypes;    /* types[0] is "global" */
	IrLockClass **classes; int nclasses;
	IrLock **locks;       int nlocks;
	IrVar **vars;         int nvars;
	IrThread **threads;   int nthreads;
	IrNote **notes;       int nnotes;
	int nstmts;           /* statement ids are 1..nstmts (ir_number) */
	IrPoint *points;      int npoints;   /* distinct offsets, in order of discovery */
	IrNativeCheck *nchecks; int nnchecks;
	int irq_var;          /* the IrVar "cpu.irqs_off" (a bool per thread: its CPU's
			       * interrupts are disabled), or -1: nothing uses interrupts */
	int bh_var;           /* the IrVar "cpu.bh_off" (per thread: its CPU's local_bh_disable()
			       * count, 0..IR_MAX_BH), or -1: no softirq handler */
	const IrSideProg *sideprog; /* a side-car program (frontend_program); NULL: a spec */
} IrProgram;

/* A variant as declared by LS_VARIANT (frontend_variants()). */
typedef struct IrVariant {
	const char *name;
	const char *defines;  /* space separated NAME or NAME=VALUE */
	const char *expect;
	const char *why;
	SrcLoc loc;
} IrVariant;

/* ---- construction (ir.c) ------------------------------------------------ */
IrProgram *ir_new_program(const char *spec, const char *variant);
IrType *ir_add_type(IrProgram *p, const char *name, SrcLoc loc);
int ir_add_instance(IrProgram *p, IrType *t, const char *name); /* returns the instance number */
IrLockClass *ir_add_class(IrProgram *p, const char *name, IrLockKind kind, int type, int arrlen, SrcLoc loc);
void ir_layout_locks(IrProgram *p);  /* after all instances exist: assigns first/count, makes IrLocks */
IrVar *ir_add_var(IrProgram *p, const char *name, IrValKind vk, int lo, int hi, int type, int arrlen, SrcLoc loc);
void ir_alloc_var_inits(IrProgram *p); /* after all instances exist: zeroed init arrays */
IrThread *ir_add_thread(IrProgram *p, const char *name, const char *func, SrcLoc loc);
IrLocal *ir_add_local(IrThread *t, const char *name, IrValKind vk, int lo, int hi, SrcLoc loc);
void ir_add_note(IrProgram *p, SrcLoc loc, const char *what);

IrStmt *ir_stmt(IrStmtKind kind, SrcLoc loc);
IrExpr *ir_expr(IrExprKind kind, SrcLoc loc);
IrExpr *ir_const(int v, SrcLoc loc);
IrExpr *ir_binop(int op, IrExpr *a, IrExpr *b, SrcLoc loc);
IrExpr *ir_lockref(int cls, IrExpr *inst, IrExpr *index, SrcLoc loc);

/* Lock id of a lock reference whose instance and index are constants, or -1. */
int ir_lockref_const(const IrProgram *p, const IrExpr *e);
/* All lock ids a reference may denote (dynamic refs: every id of the class). */
int ir_lockref_ids(const IrProgram *p, const IrExpr *e, int *ids, int max);
const char *ir_lock_kind_name(IrLockKind k);
/* Rank of lock id for the static part (rank without bias), or -1. */

/* ---- passes ------------------------------------------------------------- */
void ir_number(IrProgram *p);        /* gives every statement its id */
void ir_check(const IrProgram *p);   /* BUG() on any broken invariant */
/* The cone of influence (ir_slice.c): removes every write, branch and
 * variable no lock operation, assertion, check or loop depends on,
 * noting each for --explain; renumbers variables, locals and statements. */
void ir_slice(IrProgram *p);
void ir_dump(const IrProgram *p, StrBuf *out); /* the --dump=ir text form */
void ir_expr_dump(const IrProgram *p, const IrThread *t, const IrExpr *e, StrBuf *out);
const char *ir_op_text(int op);      /* "<=", "&&", "+": an operator as C writes it */
/* x op y over constants as C computes it on int, into *r; false where that
 * is undefined or does not fit in an int (left to the model) */
bool ir_const_binop(int op, long x, long y, int *r);
void ir_explain(const IrProgram *p, StrBuf *out); /* the --explain text */
/* ---- the text form read back (ir_parse.c) ------------------------------- */
/* ir_dump's text into a program that dumps identically (locations in the
 * spec file, no points, call chains or notes: what the text has); NULL
 * after a "path:line:col: error:" message on malformed text. */
IrProgram *ir_parse(const char *path, const char *text);

#endif
