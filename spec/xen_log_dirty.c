/*
 * xen_log_dirty.c - Xen x86: paging_log_dirty_op() copying the dirty bitmap to a
 * caller that itself runs in a paging mode (PVH dom0).
 *
 * Protocol (xen/arch/x86/mm/paging.c, mm-locks.h).
 *   d->arch.paging.lock   mm_lock_t "paging", MM_LOCK_ORDER_paging = 64.  Guards
 *                         the log-dirty bitmap: paging_log_dirty_op() (the
 *                         toolstack's XEN_DOMCTL_SHADOW_OP_CLEAN/PEEK) reads and
 *                         clears it, paging_mark_pfn_dirty() sets bits.  The device
 *                         model marks pages dirty (XEN_DMOP_modified_memory) even
 *                         while d is paused.
 *   p2m->lock             MM_LOCK_ORDER_p2m = 16.  copy_to_guest() into a PVH
 *                         dom0's buffer translates through dom0's p2m
 *                         (__hvm_copy -> get_page_from_gfn: p2m read lock).
 *   The level check does not know which domain owns a lock: domU's paging lock
 *   (64) then dom0's p2m lock (16) is "64 > 16" although no cycle exists.
 *
 *        CPU0 (toolstack in dom0: CLEAN of domU)   CPU1 (device model: DMOP)
 *        ----                                      ----
 *        paging_lock(domU)          [64]
 *        copy_to_guest(dom0 buffer)
 *         p2m_read_lock(dom0)       [16 < 64]  *** mm locking order violation ***
 *                                                  paging_mark_pfn_dirty(domU)
 *                                                   paging_lock(domU)
 *
 * The model: domU's bitmap has two chunks of one bit (pfn 0, 1), copied and
 * cleaned chunk by chunk like the trie walk of paging_log_dirty_op().  A ghost bit
 * owed[pfn] is set with every mark: a mark is lost when owed[pfn] holds but the
 * pfn is neither still dirty in domU's bitmap nor reported in dom0's buffer.
 *
 * Variants and history (seed 001, Xen 4.12)
 *   copy_under_lock   the code of the report: rank-violation.
 *   drop_and_restart  Roger Pau Monne's v1: around each copy, if
 *                     paging_mode_enabled(current->domain), paging_unlock(d), copy,
 *                     paging_lock(d), and restart the whole op if the bitmap
 *                     changed (dirty_count moved).  Jan Beulich: the writer takes the
 *                     same lock and the copy assumes no concurrent update.  With a
 *                     steady device-model writer (for (;;) marking pages) and the
 *                     toolstack's migration rounds (ls_progress() per completed op).
 *   bounce_page       Roger's answer: copy the chunk to a Xen bounce page under the
 *                     lock, clean, unlock, copy the bounce page out.  Not merged.
 *   per_domain_levels Roger: one level per CPU per domain
 *                     (DECLARE_PER_CPU(uint8_t, mm_lock_level[DOMID_FIRST_RESERVED]),
 *                     about 32 KiB per CPU).  Not merged.  lockspin's rank check
 *                     has one level per thread, so this variant drops LS_RANK and
 *                     writes the per-domain check of _mm_lock()/_check_lock_level()
 *                     in the spec: a per-CPU, per-domain level array plus
 *                     unlock_level saved in the lock; a violation is an
 *                     assertion (Xen's BUG()).
 *   control_bias      merged e5268a3ce3 "x86/mm-locks: apply a bias to lock levels
 *                     for control domain": level = rank + (owner is the control
 *                     domain ? MM_LOCK_ORDER_MAX (64) : 0), when checking and when
 *                     setting.  dom0's p2m lock becomes 80 > 64.
 */
#include "lockspin.h"

LS_VARIANT(copy_under_lock, "COPY_UNDER_LOCK", "rank-violation",
	   "copy_to_guest() into the PVH dom0 buffer takes dom0's p2m lock (16) while domU's paging lock holds the CPU at 64");
LS_VARIANT(drop_and_restart, "DROP_AND_RESTART", "assertion",
	   "a restart after a chunk was already cleaned re-copies that chunk from the cleaned bitmap over the caller's buffer: the dirty bit is lost (the model also has the livelock: a steady writer re-dirtying a cleaned chunk during each later copy restarts the op forever)");
LS_VARIANT(bounce_page, "BOUNCE_PAGE", "ok",
	   "copy and clean of a chunk are atomic under the paging lock; the copy into dom0 happens after paging_unlock, at level 0");
LS_VARIANT(per_domain_levels, "PER_DOMAIN_LEVELS", "ok",
	   "domU's paging lock raises only domU's level on this CPU; dom0's p2m lock is checked against dom0's level (0), so the copy under the lock passes");
LS_VARIANT(control_bias, "CONTROL_DOMAIN_BIAS", "ok",
	   "e5268a3ce3: dom0 is the control domain, its p2m lock ranks 16 + 64 = 80 >= 64, so copying under domU's paging lock passes; domU's locks are unbiased");

#define NR_PFNS 2
#define __maybe_unused __attribute__((unused))
#define MM_LOCK_ORDER_p2m 16
#define MM_LOCK_ORDER_paging 64

#if defined(CONTROL_DOMAIN_BIAS)
#define P2M_LOCK_LEVEL LS_RANK(16) LS_RANK_BIAS(is_control, 64)
#define PAGING_LOCK_LEVEL LS_RANK(64) LS_RANK_BIAS(is_control, 64)
#elif defined(PER_DOMAIN_LEVELS)
#define P2M_LOCK_LEVEL          /* checked per domain by mm_lock_check() */
#define PAGING_LOCK_LEVEL
#else
#define P2M_LOCK_LEVEL LS_RANK(16)
#define PAGING_LOCK_LEVEL LS_RANK(64)
#endif

struct p2m_domain {
	ls_rwlock_t lock P2M_LOCK_LEVEL LS_RECURSIVE;   /* p2m->lock */
	bool is_control LS_STATE;                       /* is_control_domain(p2m->domain) */
};

struct domain {
	ls_spinlock_t paging_lock PAGING_LOCK_LEVEL;    /* d->arch.paging.lock */
	bool is_control LS_STATE;                       /* is_control_domain(d) */
	int domain_id LS_STATE LS_RANGE(0, 1);
	struct p2m_domain *p2m LS_STATE;                /* p2m_get_hostp2m(d) */
	bool dirty[NR_PFNS] LS_STATE;                   /* d->arch.paging.log_dirty bitmap */
	bool dirty_count_moved LS_STATE;                /* dirty_count != the op's snapshot */
	bool owed[NR_PFNS] LS_STATE;                    /* ghost: marked, not yet reported */
#if defined(PER_DOMAIN_LEVELS)
	int paging_unlock_level LS_STATE LS_RANGE(0, 64); /* paging lock's unlock_level */
#endif
};

static struct domain doms[2];          /* doms[0]: dom0 (PVH), doms[1]: domU */
static struct p2m_domain p2ms[2];

/* sc->dirty_bitmap: the toolstack's buffer in dom0's memory */
static bool dirty_bitmap_buf[NR_PFNS] LS_STATE;

struct cpu {
	struct domain *current_domain LS_STATE;  /* current->domain: dom0 */
	struct domain *target LS_STATE;          /* the domain the hypercall acts on */
#if defined(PER_DOMAIN_LEVELS)
	int mm_lock_level[2] LS_STATE LS_RANGE(0, 64);  /* this_cpu(mm_lock_level)[domid] */
#endif
};
static struct cpu cpus[2];

#if defined(PER_DOMAIN_LEVELS)
/* _check_lock_level() per domain: BUG() becomes an assertion. */
static void mm_lock_check(struct cpu *cpu, struct domain *d, int level)
{
	ls_assert(cpu->mm_lock_level[d->domain_id] <= level);   /* "mm locking order violation" */
}
#endif

static void paging_lock(struct cpu *cpu __maybe_unused, struct domain *d)
{
#if defined(PER_DOMAIN_LEVELS)
	mm_lock_check(cpu, d, MM_LOCK_ORDER_paging);
#endif
	ls_spin_lock(&d->paging_lock);          /* paging_lock(d) */
#if defined(PER_DOMAIN_LEVELS)
	d->paging_unlock_level = cpu->mm_lock_level[d->domain_id];
	cpu->mm_lock_level[d->domain_id] = MM_LOCK_ORDER_paging;
#endif
}

#if defined(PER_DOMAIN_LEVELS)
/* l->unlock_level as mm_unlock() reads it: only under `if ( l->lock.recurse_cnt
 * == 1 )`, i.e. by the CPU that holds l and saved it at lock time.  One saved
 * level per lock is right only because the holder alone reads and writes it. */
static int mm_unlock_level(struct domain *d)
{
	ls_assert_held(&d->paging_lock);
	return d->paging_unlock_level;
}
#endif

static void paging_unlock(struct cpu *cpu __maybe_unused, struct domain *d)
{
#if defined(PER_DOMAIN_LEVELS)
	cpu->mm_lock_level[d->domain_id] = mm_unlock_level(d);      /* _set_lock_level() */
#endif
	ls_spin_unlock(&d->paging_lock);        /* paging_unlock(d) */
}

/* copy_to_guest_offset(sc->dirty_bitmap, ...) for a PVH caller: __hvm_copy()
 * translates through the caller's own p2m (get_page_from_gfn, p2m read lock). */
static void copy_to_guest(struct cpu *cpu, int pfn, bool bit)
{
	struct domain *dom0 = cpu->current_domain;

#if defined(PER_DOMAIN_LEVELS)
	mm_lock_check(cpu, dom0, MM_LOCK_ORDER_p2m);    /* read locks check, do not raise */
#endif
	ls_read_lock(&dom0->p2m->lock);         /* p2m_read_lock() in get_page_from_gfn() */
	dirty_bitmap_buf[pfn] = bit;
	ls_read_unlock(&dom0->p2m->lock);       /* put_page(), p2m_read_unlock() */
}

/* paging_mark_pfn_dirty(d, pfn) */
static void paging_mark_pfn_dirty(struct cpu *cpu, struct domain *d, int pfn)
{
	paging_lock(cpu, d);
	if (!d->dirty[pfn]) {                   /* !__test_and_set_bit(i, l1) */
		d->dirty[pfn] = true;
		d->dirty_count_moved = true;    /* log_dirty.dirty_count++ */
	}
	d->owed[pfn] = true;                    /* ghost */
	paging_unlock(cpu, d);
}

/* paging_log_dirty_op(d, sc) with sc->op == XEN_DOMCTL_SHADOW_OP_CLEAN */
#if defined(DROP_AND_RESTART)
static void paging_log_dirty_op(struct cpu *cpu, struct domain *d)
{
	int pfn;
	bool again = true;

	while (again) {                         /* restart the whole process */
		again = false;
		paging_lock(cpu, d);
		d->dirty_count_moved = false;   /* snapshot log_dirty.dirty_count */
		for (pfn = 0; pfn < NR_PFNS; pfn++) {
			/* if ( paging_mode_enabled(current->domain) ) */
			paging_unlock(cpu, d);
			copy_to_guest(cpu, pfn, d->dirty[pfn]);  /* copy_to_guest_offset() */
			paging_lock(cpu, d);
			if (d->dirty_count_moved) {     /* the bitmap changed meanwhile */
				again = true;
				break;
			}
			d->dirty[pfn] = false;  /* clear_page(l1) */
		}
		paging_unlock(cpu, d);
	}
}
#elif defined(BOUNCE_PAGE)
static void paging_log_dirty_op(struct cpu *cpu, struct domain *d)
{
	int pfn;
	bool bounce;

	for (pfn = 0; pfn < NR_PFNS; pfn++) {
		paging_lock(cpu, d);
		bounce = d->dirty[pfn];         /* copy l1 to a Xen bounce page */
		d->dirty[pfn] = false;          /* clear_page(l1) */
		paging_unlock(cpu, d);
		copy_to_guest(cpu, pfn, bounce);        /* bounce page -> sc->dirty_bitmap */
	}
}
#else
static void paging_log_dirty_op(struct cpu *cpu, struct domain *d)
{
	int pfn;

	paging_lock(cpu, d);
	for (pfn = 0; pfn < NR_PFNS; pfn++) {
		copy_to_guest(cpu, pfn, d->dirty[pfn]);  /* copy_to_guest_offset() */
		d->dirty[pfn] = false;          /* clear_page(l1) */
	}
	paging_unlock(cpu, d);
}
#endif

/* What the op reported: every mark is still in the bitmap or in the buffer. */
static void check_no_lost_mark(struct domain *d)
{
	int pfn;

	for (pfn = 0; pfn < NR_PFNS; pfn++)
		ls_assert(!d->owed[pfn] || d->dirty[pfn] || dirty_bitmap_buf[pfn]);
}

/* Thread: the toolstack (libxc, live migration) in dom0. */
static void toolstack_clean(struct cpu *cpu)
{
#if defined(DROP_AND_RESTART)
	int pfn;

	for (;;) {                              /* migration rounds */
		paging_log_dirty_op(cpu, cpu->target);
		check_no_lost_mark(cpu->target);
		ls_progress();                  /* a CLEAN op completed */
		for (pfn = 0; pfn < NR_PFNS; pfn++)
			if (dirty_bitmap_buf[pfn])      /* pages sent: no longer owed */
				cpu->target->owed[pfn] = false;
	}
#else
	paging_log_dirty_op(cpu, cpu->target);
	check_no_lost_mark(cpu->target);
#endif
}

/* Thread: the device model in dom0, XEN_DMOP_modified_memory on domU. */
static void dm_modified_memory(struct cpu *cpu)
{
#if defined(DROP_AND_RESTART)
	for (;;)                                /* a steady writer */
		paging_mark_pfn_dirty(cpu, cpu->target, ls_choose(NR_PFNS));
#else
	paging_mark_pfn_dirty(cpu, cpu->target, ls_choose(NR_PFNS));
#endif
}

LS_SCENARIO
{
	doms[0].is_control = true;              /* dom0: control domain, PVH */
	p2ms[0].is_control = true;
	doms[0].domain_id = 0;
	doms[0].p2m = &p2ms[0];
	doms[1].is_control = false;             /* domU in log-dirty mode */
	p2ms[1].is_control = false;
	doms[1].domain_id = 1;
	doms[1].p2m = &p2ms[1];
	doms[1].dirty[0] = true;                /* pfn 0 already dirty */
	doms[1].owed[0] = true;
	cpus[0].current_domain = &doms[0];
	cpus[0].target = &doms[1];
	cpus[1].current_domain = &doms[0];
	cpus[1].target = &doms[1];
	ls_thread(toolstack_clean, &cpus[0]);
	ls_thread(dm_modified_memory, &cpus[1]);
}
