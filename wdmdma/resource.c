// SPDX-License-Identifier: GPL-2.0
/*
 * Map registers: the slots of an adapter's chunks, allocations of runs of
 * them (MapRegisterBase), the reserve that backs them on an adapter that
 * may bounce, and the emergency pool of one that never does.  THE RESOURCE
 * MODEL in dma.h says why; this file is all the state it needs, in one
 * place.  The mappings themselves are made in transfer.c.
 *
 * Locking: see channel.c.  Chunks are added (under the adapter lock,
 * published with a release store) and freed only with the adapter, so the
 * list is walked without a lock.  A chunk's busy bitmap is changed only by
 * atomic word operations (wdmdma_bits_claim/release): a run of slots is
 * claimed without the adapter lock, and so are the emergency pool's pages.
 * Everything else about an allocation (its state, its mapping records) is
 * under its own lock, r->lock, taken inside the adapter lock when both are
 * needed: MapTransfer and FlushAdapterBuffers on a MapRegisterBase take no
 * adapter-wide lock.
 */
#include <linux/bitmap.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "dma.h"

/* The mask of bits [bit, bit + n) of one word, n >= 1. */
static unsigned long wdmdma_word_mask(u32 bit, u32 n)
{
	return (n >= BITS_PER_LONG ? ~0UL : (1UL << n) - 1) << bit;
}

/**
 * wdmdma_bits_release() - clear bits [first, first + n), atomically per word
 * @map: the bitmap
 * @first: first bit
 * @n: bits
 */
void wdmdma_bits_release(unsigned long *map, u32 first, u32 n)
{
	u32 pos = first, end = first + n, cnt;

	for (; pos < end; pos += cnt) {
		cnt = min_t(u32, end - pos, BITS_PER_LONG - pos % BITS_PER_LONG);
		atomic_long_andnot(wdmdma_word_mask(pos % BITS_PER_LONG, cnt),
				   (atomic_long_t *)&map[pos / BITS_PER_LONG]);
	}
	/* pairs with the smp_mb() in wdmdma_channel_enqueue() */
	smp_mb__after_atomic();
}

/**
 * wdmdma_bits_claim() - set bits [first, first + n) if all are clear
 * @map: the bitmap, which other CPUs may change meanwhile
 * @first: first bit
 * @n: bits
 *
 * Return: true when claimed; false (nothing changed) when one was set.
 */
bool wdmdma_bits_claim(unsigned long *map, u32 first, u32 n)
{
	u32 pos = first, end = first + n, cnt;
	unsigned long mask;
	atomic_long_t *w;
	long old;

	for (; pos < end; pos += cnt) {
		cnt = min_t(u32, end - pos, BITS_PER_LONG - pos % BITS_PER_LONG);
		mask = wdmdma_word_mask(pos % BITS_PER_LONG, cnt);
		w = (atomic_long_t *)&map[pos / BITS_PER_LONG];
		old = atomic_long_read(w);
		do {
			if (old & mask) {
				if (pos > first)
					wdmdma_bits_release(map, first, pos - first);
				return false;
			}
		} while (!atomic_long_try_cmpxchg(w, &old, old | mask));
	}
	return true;
}

/**
 * wdmdma_bits_take() - find and claim a run of @n clear bits
 * @map: the bitmap
 * @size: its bits
 * @n: bits wanted
 *
 * Return: the first bit of the run, or @size when none could be had.
 */
u32 wdmdma_bits_take(unsigned long *map, u32 size, u32 n)
{
	unsigned long first;
	int tries;

	for (tries = 0; tries < 4; tries++) {
		if (n == 1) {	/* the common case: one slot, one atomic op */
			first = find_first_zero_bit(map, size);
			if (first >= size)
				break;
			if (!test_and_set_bit(first, map))
				return first;
			continue;
		}
		first = bitmap_find_next_zero_area(map, size, 0, n, 0);
		if (first >= size)
			break;
		if (wdmdma_bits_claim(map, first, n))
			return first;
	}
	return size;
}

static void wdmdma_chunk_free(struct wdmdma_adapter *a, struct wdmdma_chunk *c)
{
	if (c->cpu)
		dma_free_coherent(a->dev, (size_t)c->nslots << PAGE_SHIFT, c->cpu, c->dma);
	kvfree(c->arena);
	bitmap_free(c->poison);
	bitmap_free(c->busy);
	kvfree(c->sg);
	kvfree(c->maps);
	kvfree(c->allocs);
	kfree(c);
}

/*
 * A chunk of @n slots; on a budgeted adapter with a reserve page each,
 * within the adapter's limit (process context: @gfp is GFP_KERNEL).  An
 * adapter without budget may grow with GFP_ATOMIC, where its chunks are
 * only bookkeeping.
 */
static struct wdmdma_chunk *wdmdma_chunk_alloc(struct wdmdma_adapter *a, u32 n, gfp_t gfp)
{
	struct wdmdma_chunk *c;
	u32 i;

	c = kzalloc(sizeof(*c), gfp);
	if (!c)
		return NULL;
	c->adapter = a;
	c->nslots = n;
	c->allocs = kvcalloc(n, sizeof(*c->allocs), gfp);
	c->maps = kvcalloc(n, sizeof(*c->maps), gfp);
	c->sg = kvcalloc(n, sizeof(*c->sg), gfp);
	c->busy = bitmap_zalloc(n, gfp);
	c->arena = kvcalloc(n, WDMDMA_SGL_STRIDE, gfp);
	c->poison = bitmap_zalloc(2 * n, gfp);
	if (!c->allocs || !c->maps || !c->sg || !c->busy || !c->arena || !c->poison)
		goto err_free;
	if (a->budgeted) {
		c->cpu = wdmdma_coherent_alloc(a, (size_t)n << PAGE_SHIFT, &c->dma,
					       gfp | __GFP_NOWARN);
		if (!c->cpu)
			goto err_free;
		/* within one window of a controller with a boundary (dma.h: @window) */
		if (a->window && (c->dma ^ (c->dma + ((u64)n << PAGE_SHIFT) - 1)) >=
		    a->window) {
			dev_err(a->dev, "wdmdma: adapter %u: reserve at %pad crosses a %u KiB boundary\n",
				a->id, &c->dma, a->window >> 10);
			goto err_free;
		}
	}
	for (i = 0; i < n; i++) {
		spin_lock_init(&c->allocs[i].lock);
		c->allocs[i].chunk = c;
		c->allocs[i].first = i;
	}
	return c;

err_free:
	wdmdma_chunk_free(a, c);
	return NULL;
}

/* Add @c to the adapter's chunks, for walkers without the lock.  Lock held. */
static void wdmdma_chunk_add(struct wdmdma_adapter *a, struct wdmdma_chunk *c)
{
	struct wdmdma_chunk **p = &a->chunks;

	lockdep_assert_held(&a->lock);
	while (*p)
		p = &(*p)->next;
	smp_store_release(p, c);	/* pairs with wdmdma_chunk_first/next() */
	a->nslots += c->nslots;
}

/* The adapter's first chunk; wdmdma_chunk_next() the following ones. */
static struct wdmdma_chunk *wdmdma_chunk_first(struct wdmdma_adapter *a)
{
	return smp_load_acquire(&a->chunks);	/* pairs with wdmdma_chunk_add() */
}

static struct wdmdma_chunk *wdmdma_chunk_next(struct wdmdma_chunk *c)
{
	return smp_load_acquire(&c->next);	/* pairs with wdmdma_chunk_add() */
}

/**
 * wdmdma_res_init() - an adapter's first chunk, and its emergency pool
 * @a: the adapter, with nregs and budgeted set; nregs is lowered when a
 *	budgeted adapter's reserve cannot be had at full size
 *
 * A budgeted adapter's reserve starts at max(nregs, 16) pages and grows,
 * a chunk of that size at a time, up to max_reserve_pages (never below
 * nregs).  An adapter without budget starts with max(2 * nregs, 16) slots
 * of bookkeeping (about 120 bytes each) and an emergency pool of up to 64
 * pages, no more than nregs.
 *
 * Context: process context.
 * Return: 0 or -ENOMEM.
 */
int wdmdma_res_init(struct wdmdma_adapter *a)
{
	struct wdmdma_chunk *c = NULL;
	u32 n;

	if (a->budgeted) {
		a->chunk_slots = a->window ? a->window >> PAGE_SHIFT : max(a->nregs, 16U);
		a->max_slots = max(a->nregs, wdmdma_max_reserve_pages);
		c = wdmdma_chunk_alloc(a, a->chunk_slots, GFP_KERNEL);
		/* Halve down: one transfer's worth first, then fewer registers. */
		for (n = a->nregs; !c && n; n /= 2) {
			c = wdmdma_chunk_alloc(a, n, GFP_KERNEL);
			if (c) {
				a->nregs = n;
				a->chunk_slots = n;
			}
		}
	} else {
		a->chunk_slots = max(2 * a->nregs, 16U);
		a->max_slots = max(a->chunk_slots, 1U << 20);
		c = wdmdma_chunk_alloc(a, a->chunk_slots, GFP_KERNEL);
		for (n = min(a->nregs, 64U); n; n /= 2) {
			a->pool_cpu = wdmdma_coherent_alloc(a, (size_t)n << PAGE_SHIFT,
							    &a->pool_dma,
							    GFP_KERNEL | __GFP_NOWARN);
			if (a->pool_cpu)
				break;
		}
		a->pool_pages = a->pool_cpu ? n : 0;
		a->pool_busy = bitmap_zalloc(max(a->pool_pages, 1U), GFP_KERNEL);
		/* pool pages are claimed with wdmdma_bits_take(), without a lock */
		if (!a->pool_busy) {
			if (c)
				wdmdma_chunk_free(a, c);
			c = NULL;
		}
	}
	if (!c) {
		wdmdma_res_exit(a);
		return -ENOMEM;
	}
	spin_lock_bh(&a->lock);
	wdmdma_chunk_add(a, c);
	spin_unlock_bh(&a->lock);
	return 0;
}

/**
 * wdmdma_res_exit() - free the chunks and the pool
 * @a: the adapter, with nothing allocated any more
 *
 * Context: process context.
 */
void wdmdma_res_exit(struct wdmdma_adapter *a)
{
	struct wdmdma_chunk *c = a->chunks, *next;

	a->chunks = NULL;
	for (; c; c = next) {
		next = c->next;
		wdmdma_chunk_free(a, c);
	}
	if (a->pool_cpu)
		dma_free_coherent(a->dev, (size_t)a->pool_pages << PAGE_SHIFT, a->pool_cpu,
				  a->pool_dma);
	a->pool_cpu = NULL;
	bitmap_free(a->pool_busy);
	a->pool_busy = NULL;
}

/**
 * wdmdma_res_grow() - have a chunk added, when the adapter may still grow
 * @a: the adapter; lock held
 */
void wdmdma_res_grow(struct wdmdma_adapter *a)
{
	lockdep_assert_held(&a->lock);
	if (a->growing || a->grow_failed || a->dying ||
	    a->nslots + a->chunk_slots > a->max_slots)
		return;
	a->growing = true;
	queue_work(wdmdma_wq, &a->grow_work);
}

/**
 * wdmdma_grow_work() - add a chunk of slots, then serve the waiters
 * @work: the adapter's grow_work
 */
void wdmdma_grow_work(struct work_struct *work)
{
	struct wdmdma_adapter *a = container_of(work, struct wdmdma_adapter, grow_work);
	struct wdmdma_chunk *c = wdmdma_chunk_alloc(a, a->chunk_slots, GFP_KERNEL);

	spin_lock_bh(&a->lock);
	a->growing = false;
	if (c && !a->dying) {
		wdmdma_chunk_add(a, c);
		c = NULL;
	} else if (!c) {
		a->grow_failed = true;	/* until registers are freed */
		dev_info_ratelimited(a->dev, "wdmdma: adapter %u: reserve stays at %u pages\n",
				     a->id, a->nslots);
	}
	spin_unlock_bh(&a->lock);
	if (c)
		wdmdma_chunk_free(a, c);
	wdmdma_channel_kick(a);
}

/* A claimed run of slots becomes an allocation. */
static struct wdmdma_alloc *wdmdma_alloc_init(struct wdmdma_chunk *c, u32 first, u32 count)
{
	struct wdmdma_alloc *r = &c->allocs[first];

	spin_lock_bh(&r->lock);
	r->count = count;
	r->state = WDMDMA_ALLOC_HELD;
	r->busy = 0;
	r->sgl = NULL;
	r->sgl_mdl = NULL;
	spin_unlock_bh(&r->lock);
	wdmdma_stat_regs(c->adapter, count);
	return r;
}

/**
 * wdmdma_alloc_take() - allocate a run of map registers, without a lock
 * @a: the adapter
 * @count: registers wanted, 1..nregs
 *
 * Return: the allocation, or NULL when no run of @count was free.
 */
struct wdmdma_alloc *wdmdma_alloc_take(struct wdmdma_adapter *a, u32 count)
{
	struct wdmdma_chunk *c;
	u32 first;

	for (c = wdmdma_chunk_first(a); c; c = wdmdma_chunk_next(c)) {
		if (count > c->nslots)
			continue;
		first = wdmdma_bits_take(c->busy, c->nslots, count);
		if (first < c->nslots)
			return wdmdma_alloc_init(c, first, count);
	}
	return NULL;
}

/**
 * wdmdma_alloc_get() - allocate a run of map registers, or grow
 * @a: the adapter; lock held
 * @count: registers wanted, 1..nregs
 *
 * An adapter without budget grows here (its chunks are only bookkeeping,
 * allocated with GFP_ATOMIC) so that nothing waits for its registers; a
 * budgeted one, or one whose atomic growth failed, asks the grow work for
 * a chunk and the caller waits (in the channel's queue) for it or a free.
 *
 * Return: the allocation, or NULL when no run of @count is free now.
 */
struct wdmdma_alloc *wdmdma_alloc_get(struct wdmdma_adapter *a, u32 count)
{
	struct wdmdma_alloc *r = wdmdma_alloc_take(a, count);
	struct wdmdma_chunk *c = NULL;

	lockdep_assert_held(&a->lock);
	if (r)
		return r;
	if (!a->budgeted && !a->dying && a->nslots + a->chunk_slots <= a->max_slots)
		c = wdmdma_chunk_alloc(a, a->chunk_slots, GFP_ATOMIC | __GFP_NOWARN);
	if (!c) {
		wdmdma_res_grow(a);
		return NULL;
	}
	wdmdma_bits_claim(c->busy, 0, count);	/* nobody sees it yet */
	wdmdma_chunk_add(a, c);
	return wdmdma_alloc_init(c, 0, count);
}

/*
 * Give an allocation back, its lock held: what the driver left mapped is
 * discarded.  Return: true when released; the caller then drops the lock
 * and calls wdmdma_alloc_done() with what *@built and *@count say.
 */
static bool __wdmdma_alloc_put(struct wdmdma_adapter *a, struct wdmdma_alloc *r,
			       const char *call, PMDL *built, u32 *count)
{
	struct wdmdma_map *m;
	bool left = false;
	u32 i;

	lockdep_assert_held(&r->lock);
	if (r->state == WDMDMA_ALLOC_FREE) {
		wdmdma_report_chk(a, call, WDMDMA_CHK_REGS_FREED_TWICE,
				  "map registers freed twice");
		return false;
	}
	if (r->busy) {
		if (r->state == WDMDMA_ALLOC_HELD)
			wdmdma_report_chk(a, call, WDMDMA_CHK_FREED_MAPPED,
					  "map registers freed while MapTransfer or FlushAdapterBuffers runs on them");
		r->state = WDMDMA_ALLOC_DOOMED;
		return false;
	}
	for (i = r->first; i < r->first + r->count; i += m->state ? m->nregs : 1) {
		m = &r->chunk->maps[i];
		if (m->state != WDMDMA_MAP_LIVE)
			continue;
		left = true;
		wdmdma_map_end(a, m, m->va, 0, call);	/* discarded: nothing copied */
		wdmdma_map_finish(a, m);
	}
	if (left && !a->dying && r->state == WDMDMA_ALLOC_HELD)
		wdmdma_report_chk(a, call, WDMDMA_CHK_FREED_MAPPED,
				  "map registers freed while mapped (not flushed)");
	if (r->sgl)	/* a list taken back with its registers */
		wdmdma_stat_add(a, WDMDMA_STAT_SGL_PUTS, 1);
	*count = r->count;
	*built = r->sgl_mdl;
	r->state = WDMDMA_ALLOC_FREE;
	r->gen++;
	r->count = 0;
	r->sgl = NULL;
	r->sgl_mdl = NULL;
	return true;
}

/* The rest of a release, the allocation's lock dropped. */
static void wdmdma_alloc_done(struct wdmdma_adapter *a, struct wdmdma_alloc *r, PMDL built,
			      u32 count)
{
	PMDL next;

	for (; built; built = next) {	/* BuildMdlFromScatterGatherList's, left over */
		next = built->Next;
		IoFreeMdl(built);
	}
	WRITE_ONCE(a->grow_failed, false);
	wdmdma_bits_release(r->chunk->busy, r->first, count);
	wdmdma_stat_regs(a, -(long)count);
}

/**
 * wdmdma_alloc_put() - give an allocation back
 * @a: the adapter (its lock may be held)
 * @r: the allocation; its lock not held
 * @call: the entry releasing it, for a report
 *
 * What the driver left mapped (it should have flushed) is reported and
 * unmapped, its data discarded.  An allocation with a mapping being made
 * or ended on another CPU (one MapRegisterBase used from two contexts) is
 * reported and released by the last of those when it finishes.  The
 * caller starts waiters (wdmdma_res_freed()) when it returns true.
 *
 * Return: true when it was released now.
 */
bool wdmdma_alloc_put(struct wdmdma_adapter *a, struct wdmdma_alloc *r, const char *call)
{
	PMDL built = NULL;
	u32 count = 0;
	bool done;

	spin_lock_bh(&r->lock);
	done = __wdmdma_alloc_put(a, r, call, &built, &count);
	spin_unlock_bh(&r->lock);
	if (done)
		wdmdma_alloc_done(a, r, built, count);
	return done;
}

/**
 * wdmdma_res_freed() - registers were freed: start a waiter, if any
 * @a: the adapter
 *
 * A request that found no registers is queued under the adapter lock and
 * the worker kicked after that (channel.c), so either it sees the freed
 * bits or this sees it (both sides order with a full barrier).
 */
void wdmdma_res_freed(struct wdmdma_adapter *a)
{
	if (!list_empty(&a->waiters))
		wdmdma_channel_kick(a);
}

/**
 * wdmdma_alloc_find() - the allocation record a MapRegisterBase points at
 * @a: the adapter
 * @base: what the driver passed
 * @call: the entry, for a report
 *
 * Only a range check against the adapter's own chunks: a made-up pointer
 * is reported, never dereferenced.  Whether the allocation is live is
 * for wdmdma_alloc_live() to say, under its lock.
 *
 * Return: the record, or NULL.
 */
struct wdmdma_alloc *wdmdma_alloc_find(struct wdmdma_adapter *a, PVOID base,
				       const char *call)
{
	struct wdmdma_chunk *c;
	unsigned long off;

	if (!base) {
		wdmdma_report(a, call, "NULL MapRegisterBase: no map registers were allocated");
		return NULL;
	}
	for (c = wdmdma_chunk_first(a); c; c = wdmdma_chunk_next(c)) {
		off = (unsigned long)base - (unsigned long)c->allocs;
		if (off >= (unsigned long)c->nslots * sizeof(*c->allocs))
			continue;
		if (off % sizeof(*c->allocs))
			break;
		return &c->allocs[off / sizeof(*c->allocs)];
	}
	wdmdma_report(a, call, "MapRegisterBase %p is not this adapter's", base);
	return NULL;
}

/**
 * wdmdma_alloc_live() - is a found allocation live?
 * @a: the adapter
 * @r: the record; its lock held
 * @call: the entry, for a report
 *
 * Return: true; false (reported) when it was already freed: freed twice
 * when @call frees it (FreeMapRegisters, PutScatterGatherList).
 */
bool wdmdma_alloc_live(struct wdmdma_adapter *a, struct wdmdma_alloc *r, const char *call)
{
	enum wdmdma_check chk = WDMDMA_CHK_MISUSE;

	lockdep_assert_held(&r->lock);
	if (r->state == WDMDMA_ALLOC_HELD)
		return true;
	if (!strcmp(call, "FreeMapRegisters"))
		chk = WDMDMA_CHK_REGS_FREED_TWICE;
	else if (!strcmp(call, "PutScatterGatherList"))
		chk = WDMDMA_CHK_SGL_FREED_TWICE;
	wdmdma_report_chk(a, call, chk, "MapRegisterBase %p was already freed", r);
	return false;
}

/*
 * Report an allocation left at PutDmaAdapter: a list not put, or map
 * registers not freed.  Verifier mode names its MapRegisterBase and lists
 * each live mapping.
 */
static void wdmdma_res_leaked(struct wdmdma_adapter *a, struct wdmdma_alloc *r)
{
	static const char call[] = "PutDmaAdapter";
	bool verbose = wdmdma_verifying(a);
	struct wdmdma_map *m;
	u32 i;

	if (r->sgl)
		wdmdma_report_chk(a, call, WDMDMA_CHK_LEAK_SGL,
				  "scatter/gather list %p (map registers %u..%u, %s) not put; freed",
				  r->sgl, r->first, r->first + r->count - 1,
				  r->sgl_write ? "to device" : "from device");
	else if (verbose)
		wdmdma_report_chk(a, call, WDMDMA_CHK_LEAK_REGS,
				  "map registers %u..%u still allocated (MapRegisterBase %p, %u registers); freed",
				  r->first, r->first + r->count - 1, r, r->count);
	else
		wdmdma_report_chk(a, call, WDMDMA_CHK_LEAK_REGS,
				  "map registers %u..%u still allocated; freed", r->first,
				  r->first + r->count - 1);
	if (!verbose)
		return;
	for (i = r->first; i < r->first + r->count; i += m->state ? m->nregs : 1) {
		m = &r->chunk->maps[i];
		if (m->state == WDMDMA_MAP_LIVE)
			wdmdma_verifier_note(a, call,
					     "still mapped: MDL %p va %lx, %u bytes, %s",
					     m->mdl, m->va, m->len,
					     m->dir == DMA_TO_DEVICE ? "to device" : "from device");
	}
}

/**
 * wdmdma_res_teardown() - PutDmaAdapter's part: take back every allocation
 * @a: the adapter, dying, with no call in flight
 *
 * Context: process context.
 */
void wdmdma_res_teardown(struct wdmdma_adapter *a)
{
	struct wdmdma_chunk *c;
	u32 i;

	for (c = wdmdma_chunk_first(a); c; c = wdmdma_chunk_next(c)) {
		wdmdma_sgl_poison_check(a, c, 0, c->nslots, "PutDmaAdapter");
		for (i = 0; i < c->nslots; i++) {
			struct wdmdma_alloc *r = &c->allocs[i];

			if (r->state == WDMDMA_ALLOC_FREE)
				continue;
			wdmdma_res_leaked(a, r);
			r->busy = 0;		/* no call is in flight any more */
			wdmdma_alloc_put(a, r, "PutDmaAdapter");
		}
	}
}

/**
 * wdmdma_free_map_registers() - PDMA_OPERATIONS->FreeMapRegisters
 * @da: the adapter
 * @base: the MapRegisterBase the AdapterControl routine got
 * @count: how many registers it was (must match; a mismatch is reported
 *	and the whole allocation freed)
 *
 * Frees registers kept by DeallocateObjectKeepRegisters and starts the
 * next waiting request.  NULL with a count of 0 (a zero-register
 * allocation) is accepted and does nothing.
 */
void wdmdma_free_map_registers(PDMA_ADAPTER da, PVOID base, ULONG count)
{
	static const char call[] = "FreeMapRegisters";
	struct wdmdma_adapter *a;
	struct wdmdma_alloc *r;
	bool done = false;
	PMDL built = NULL;
	u32 n = 0;

	rcu_read_lock();
	a = wdmdma_adapter_find(da, call);
	if (!a || !wdmdma_irql_ok(a, call) || (!base && !count))
		goto out;
	r = wdmdma_alloc_find(a, base, call);
	if (!r)
		goto out;
	/* The channel's own registers are forgotten there in the same step. */
	spin_lock_bh(&a->lock);
	spin_lock(&r->lock);
	if (wdmdma_alloc_live(a, r, call)) {
		if (count != r->count)
			wdmdma_report_chk(a, call, WDMDMA_CHK_WRONG_SIZE,
					  "frees %u map registers of an allocation of %u; freeing %u",
					  count, r->count, r->count);
		if (a->owner_alloc == r)
			a->owner_alloc = NULL;
		done = __wdmdma_alloc_put(a, r, call, &built, &n);
	}
	spin_unlock(&r->lock);
	spin_unlock_bh(&a->lock);
	if (done) {
		wdmdma_alloc_done(a, r, built, n);
		wdmdma_res_freed(a);
		trace_wdmdma_free_map_registers(a->id, n);
	}
out:
	rcu_read_unlock();
}
