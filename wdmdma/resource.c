// SPDX-License-Identifier: GPL-2.0
/*
 * Map registers: the slots of an adapter's chunks, allocations of runs of
 * them (MapRegisterBase), the reserve that backs them on an adapter that
 * may bounce, and the emergency pool of one that never does.  THE RESOURCE
 * MODEL in dma.h says why; this file is all the state it needs, in one
 * place.  The mappings themselves are made in transfer.c.
 *
 * Locking: see channel.c.  Chunks are added (grow_work, process context)
 * and freed only when the adapter is; the list is walked under the lock.
 */
#include <linux/bitmap.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "dma.h"

static void wdmdma_chunk_free(struct wdmdma_adapter *a, struct wdmdma_chunk *c)
{
	if (c->cpu)
		dma_free_coherent(a->dev, (size_t)c->nslots << PAGE_SHIFT, c->cpu, c->dma);
	kvfree(c->arena);
	bitmap_free(c->mapped);
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
	c->mapped = bitmap_zalloc(n, gfp);
	c->arena = kvcalloc(n, WDMDMA_SGL_STRIDE, gfp);
	if (!c->allocs || !c->maps || !c->sg || !c->busy || !c->mapped || !c->arena)
		goto err_free;
	if (a->budgeted) {
		c->cpu = wdmdma_coherent_alloc(a, (size_t)n << PAGE_SHIFT, &c->dma,
					       gfp | __GFP_NOWARN);
		if (!c->cpu)
			goto err_free;
	}
	for (i = 0; i < n; i++) {
		c->allocs[i].chunk = c;
		c->allocs[i].first = i;
	}
	return c;

err_free:
	wdmdma_chunk_free(a, c);
	return NULL;
}

/* Add @c to the adapter's chunks.  Lock held. */
static void wdmdma_chunk_add(struct wdmdma_adapter *a, struct wdmdma_chunk *c)
{
	struct wdmdma_chunk **p = &a->chunks;

	lockdep_assert_held(&a->lock);
	while (*p)
		p = &(*p)->next;
	*p = c;
	a->nslots += c->nslots;
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
		a->chunk_slots = max(a->nregs, 16U);
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
							    &a->pool_dma, GFP_KERNEL | __GFP_NOWARN);
			if (a->pool_cpu)
				break;
		}
		a->pool_pages = a->pool_cpu ? n : 0;
		a->pool_busy = bitmap_zalloc(max(a->pool_pages, 1U), GFP_KERNEL);
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

/**
 * wdmdma_alloc_get() - allocate a run of map registers
 * @a: the adapter; lock held
 * @count: registers wanted, 1..nregs
 *
 * When no run is free and the adapter may grow, a chunk is asked for;
 * the caller waits (in the channel's queue) for it or for a free.
 *
 * Return: the allocation, or NULL when no run of @count is free now.
 */
struct wdmdma_alloc *wdmdma_alloc_get(struct wdmdma_adapter *a, u32 count)
{
	struct wdmdma_chunk *c;
	struct wdmdma_alloc *r;
	unsigned long first;

	lockdep_assert_held(&a->lock);
	for (c = a->chunks; c; c = c->next) {
		if (count > c->nslots)
			continue;
		first = bitmap_find_next_zero_area(c->busy, c->nslots, 0, count, 0);
		if (first < c->nslots)
			goto found;
	}
	/*
	 * Without a budget nothing waits for registers: the slots are only
	 * bookkeeping, so grow right here when memory allows.
	 */
	c = NULL;
	if (!a->budgeted && !a->dying && a->nslots + a->chunk_slots <= a->max_slots)
		c = wdmdma_chunk_alloc(a, a->chunk_slots, GFP_ATOMIC | __GFP_NOWARN);
	if (!c) {
		wdmdma_res_grow(a);
		return NULL;
	}
	wdmdma_chunk_add(a, c);
	first = 0;
found:
	bitmap_set(c->busy, first, count);
	r = &c->allocs[first];
	r->count = count;
	r->state = WDMDMA_ALLOC_HELD;
	r->busy = 0;
	r->sgl = NULL;
	r->sgl_mdl = NULL;
	return r;
}

/* Discard a live mapping of a freed allocation: no data is copied. */
static void wdmdma_map_discard(struct wdmdma_adapter *a, struct wdmdma_alloc *r,
			       struct wdmdma_map *m)
{
	lockdep_assert_held(&a->lock);
	wdmdma_map_end(a, m, m->va, 0);
	wdmdma_map_finish(a, r, m);
}

/**
 * wdmdma_alloc_put() - give an allocation back
 * @a: the adapter; lock held
 * @r: the allocation
 * @call: the entry releasing it, for a report
 *
 * What the driver left mapped (it should have flushed) is reported and
 * unmapped, its data discarded.  An allocation with a mapping being made
 * or ended on another CPU (one MapRegisterBase used from two contexts) is
 * reported and released by the last of those when it finishes.
 *
 * Return: true when it was released now.
 */
bool wdmdma_alloc_put(struct wdmdma_adapter *a, struct wdmdma_alloc *r, const char *call)
{
	struct wdmdma_chunk *c = r->chunk;
	bool left = false;
	u32 i;

	lockdep_assert_held(&a->lock);
	if (r->busy) {
		wdmdma_report(a, call,
			      "map registers freed while MapTransfer or FlushAdapterBuffers runs on them");
		r->state = WDMDMA_ALLOC_DOOMED;
		return false;
	}
	for (i = r->first; i < r->first + r->count; i++) {
		struct wdmdma_map *m = &c->maps[i];

		if (m->state != WDMDMA_MAP_LIVE)
			continue;
		left = true;
		wdmdma_map_discard(a, r, m);
	}
	if (left && !a->dying)
		wdmdma_report(a, call, "map registers freed while mapped (not flushed)");
	bitmap_clear(c->mapped, r->first, r->count);
	bitmap_clear(c->busy, r->first, r->count);
	r->state = WDMDMA_ALLOC_FREE;
	r->gen++;
	r->count = 0;
	r->sgl = NULL;
	while (r->sgl_mdl) {		/* BuildMdlFromScatterGatherList's, left over */
		PMDL next = r->sgl_mdl->Next;

		IoFreeMdl(r->sgl_mdl);
		r->sgl_mdl = next;
	}
	a->grow_failed = false;
	return true;
}

/**
 * wdmdma_alloc_lookup() - the allocation a driver's MapRegisterBase names
 * @a: the adapter; lock held
 * @base: what the driver passed
 * @call: the entry, for a report
 *
 * Only a range check against the adapter's own chunks: a stale or made-up
 * pointer is reported, never dereferenced.
 *
 * Return: the live allocation, or NULL.
 */
struct wdmdma_alloc *wdmdma_alloc_lookup(struct wdmdma_adapter *a, PVOID base,
					 const char *call)
{
	struct wdmdma_chunk *c;
	unsigned long off;
	struct wdmdma_alloc *r;

	lockdep_assert_held(&a->lock);
	if (!base) {
		wdmdma_report(a, call, "NULL MapRegisterBase: no map registers were allocated");
		return NULL;
	}
	for (c = a->chunks; c; c = c->next) {
		off = (unsigned long)base - (unsigned long)c->allocs;
		if (off >= (unsigned long)c->nslots * sizeof(*r))
			continue;
		r = &c->allocs[off / sizeof(*r)];
		if (off % sizeof(*r) || r->first != off / sizeof(*r))
			break;
		if (r->state != WDMDMA_ALLOC_HELD) {
			wdmdma_report(a, call, "MapRegisterBase %p was already freed", base);
			return NULL;
		}
		return r;
	}
	wdmdma_report(a, call, "MapRegisterBase %p is not this adapter's", base);
	return NULL;
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

	spin_lock_bh(&a->lock);
	for (c = a->chunks; c; c = c->next) {
		for (i = 0; i < c->nslots; i++) {
			struct wdmdma_alloc *r = &c->allocs[i];

			if (r->state == WDMDMA_ALLOC_FREE || r->first != i)
				continue;
			wdmdma_report(a, "PutDmaAdapter",
				      "map registers %u..%u still allocated; freed", i,
				      i + r->count - 1);
			r->busy = 0;
			wdmdma_alloc_put(a, r, "PutDmaAdapter");
		}
	}
	spin_unlock_bh(&a->lock);
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
	bool kick = false;

	rcu_read_lock();
	a = wdmdma_adapter_find(da, call);
	if (!a || !wdmdma_irql_ok(a, call) || (!base && !count))
		goto out;
	spin_lock_bh(&a->lock);
	r = wdmdma_alloc_lookup(a, base, call);
	if (r) {
		if (count != r->count)
			wdmdma_report(a, call,
				      "frees %u map registers of an allocation of %u; freeing %u",
				      count, r->count, r->count);
		if (r == a->owner_alloc)
			a->owner_alloc = NULL;
		wdmdma_alloc_put(a, r, call);
		kick = !list_empty(&a->waiters);
	}
	spin_unlock_bh(&a->lock);
	if (kick)
		wdmdma_channel_kick(a);
out:
	rcu_read_unlock();
}
