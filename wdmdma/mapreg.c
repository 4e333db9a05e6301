// SPDX-License-Identifier: GPL-2.0
/*
 * Map registers: a counted per-adapter resource of nregs pages of device
 * address space.  An allocation is a run of registers; its first
 * register's record is the MapRegisterBase the driver gets.  Each register
 * also has a mapping record and a scatterlist entry, preallocated here, so
 * MapTransfer needs no memory of its own.  What backs a mapped register is
 * whatever dma-mapping gives: an IOVA page under an IOMMU, a swiotlb slot
 * when bouncing, the page itself under direct mapping -- or, for a master
 * that cannot take scatter/gather, a page of the adapter's contiguous
 * buffer when the transfer's pages are not device-contiguous.
 *
 * Locking: see channel.c.
 */
#include <linux/bitmap.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "internal.h"

static void wdmdma_regs_free(struct wdmdma_adapter *a)
{
	kvfree(a->sgl_arena);
	bitmap_free(a->reg_mapped);
	bitmap_free(a->reg_busy);
	kvfree(a->sg);
	kvfree(a->maps);
	kvfree(a->regs);
}

/**
 * wdmdma_regs_init() - preallocate an adapter's per-register state
 * @a: the adapter, with nregs set; may lower nregs when the contiguous
 *	buffer of a non-scatter/gather master cannot be had at full size
 *
 * Context: process context.
 * Return: 0 or -ENOMEM.
 */
int wdmdma_regs_init(struct wdmdma_adapter *a)
{
	u32 n = a->nregs, i;

	a->regs = kvcalloc(n, sizeof(*a->regs), GFP_KERNEL);
	a->maps = kvcalloc(n, sizeof(*a->maps), GFP_KERNEL);
	a->sg = kvcalloc(n, sizeof(*a->sg), GFP_KERNEL);
	a->reg_busy = bitmap_zalloc(n, GFP_KERNEL);
	a->reg_mapped = bitmap_zalloc(n, GFP_KERNEL);
	a->sgl_arena = kvcalloc(n, WDMDMA_SGL_STRIDE, GFP_KERNEL);
	if (!a->regs || !a->maps || !a->sg || !a->reg_busy || !a->reg_mapped || !a->sgl_arena)
		goto err_free;
	for (i = 0; i < n; i++) {
		a->regs[i].adapter = a;
		a->regs[i].first = i;
	}
	if (a->desc.ScatterGather)
		return 0;

	/* One device-contiguous page per register; halve until it fits. */
	for (; n; n /= 2) {
		a->bounce_cpu = dma_alloc_coherent(a->dev, (size_t)n << PAGE_SHIFT,
						   &a->bounce_dma, GFP_KERNEL | __GFP_NOWARN);
		if (a->bounce_cpu)
			break;
	}
	if (!a->bounce_cpu)
		goto err_free;
	a->nregs = n;
	return 0;

err_free:
	wdmdma_regs_free(a);
	return -ENOMEM;
}

/**
 * wdmdma_regs_exit() - take back registers still allocated, free the state
 * @a: the adapter, whose channel is already torn down
 *
 * Context: process context.
 */
void wdmdma_regs_exit(struct wdmdma_adapter *a)
{
	u32 i;

	spin_lock_irq(&a->lock);
	for_each_set_bit(i, a->reg_busy, a->nregs) {
		if (!a->regs[i].live)
			continue;
		wdmdma_report(a, "PutDmaAdapter", "map registers %u..%u still allocated; freed",
			      i, i + a->regs[i].count - 1);
		wdmdma_regs_release(a, &a->regs[i], "PutDmaAdapter");
	}
	spin_unlock_irq(&a->lock);

	if (a->bounce_cpu)
		dma_free_coherent(a->dev, (size_t)a->nregs << PAGE_SHIFT, a->bounce_cpu,
				  a->bounce_dma);
	wdmdma_regs_free(a);
}

/**
 * wdmdma_regs_alloc() - allocate a run of map registers
 * @a: the adapter; lock held
 * @count: registers wanted, 1..nregs
 *
 * Return: the allocation, or NULL when no run of @count is free.
 */
struct wdmdma_regs *wdmdma_regs_alloc(struct wdmdma_adapter *a, u32 count)
{
	unsigned long first;
	struct wdmdma_regs *r;

	lockdep_assert_held(&a->lock);
	first = bitmap_find_next_zero_area(a->reg_busy, a->nregs, 0, count, 0);
	if (first >= a->nregs)
		return NULL;
	bitmap_set(a->reg_busy, first, count);
	r = &a->regs[first];
	r->count = count;
	r->live = true;
	return r;
}

/**
 * wdmdma_regs_release() - give an allocation back
 * @a: the adapter; lock held
 * @r: the allocation
 * @call: the entry releasing it, for a report
 *
 * What the driver left mapped (it should have called FlushAdapterBuffers)
 * is reported and unmapped, its data discarded.
 *
 * Return: true when something was left mapped.
 */
bool wdmdma_regs_release(struct wdmdma_adapter *a, struct wdmdma_regs *r,
			 const char *call)
{
	u32 i, end = r->first + r->count;
	bool left = false;

	lockdep_assert_held(&a->lock);
	for (i = r->first; i < end; i++) {
		struct wdmdma_map *m = &a->maps[i];

		if (!m->live || m->busy)
			continue;
		left = true;
		wdmdma_map_undo(a, m, false);
		m->live = false;
	}
	if (left)
		wdmdma_report(a, call, "map registers freed while mapped (not flushed)");
	bitmap_clear(a->reg_mapped, r->first, r->count);
	bitmap_clear(a->reg_busy, r->first, r->count);
	r->live = false;
	r->count = 0;
	r->sgl = NULL;
	while (r->sgl_mdl) {		/* BuildMdlFromScatterGatherList's, left over */
		PMDL next = r->sgl_mdl->Next;

		IoFreeMdl(r->sgl_mdl);
		r->sgl_mdl = next;
	}
	return left;
}

/**
 * wdmdma_regs_lookup() - the allocation a driver's MapRegisterBase names
 * @a: the adapter; lock held
 * @base: what the driver passed
 * @call: the entry, for a report
 *
 * Only a range check against the adapter's own records: a stale or
 * made-up pointer is reported, never dereferenced.
 *
 * Return: the live allocation, or NULL.
 */
struct wdmdma_regs *wdmdma_regs_lookup(struct wdmdma_adapter *a, PVOID base,
				       const char *call)
{
	unsigned long off = (unsigned long)base - (unsigned long)a->regs;

	lockdep_assert_held(&a->lock);
	if (!base) {
		wdmdma_report(a, call, "NULL MapRegisterBase: no map registers were allocated");
		return NULL;
	}
	if (off >= (unsigned long)a->nregs * sizeof(*a->regs) || off % sizeof(*a->regs) ||
	    a->regs[off / sizeof(*a->regs)].first != off / sizeof(*a->regs)) {
		wdmdma_report(a, call, "MapRegisterBase %p is not this adapter's", base);
		return NULL;
	}
	if (!a->regs[off / sizeof(*a->regs)].live) {
		wdmdma_report(a, call, "MapRegisterBase %p was already freed", base);
		return NULL;
	}
	return &a->regs[off / sizeof(*a->regs)];
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
	struct wdmdma_adapter *a = wdmdma_adapter_get(da, call);
	struct wdmdma_regs *r;
	unsigned long flags;
	bool kick;

	if (!a || !wdmdma_irql_ok(a, call))
		return;
	if (!base && !count)
		return;
	spin_lock_irqsave(&a->lock, flags);
	r = wdmdma_regs_lookup(a, base, call);
	if (!r) {
		spin_unlock_irqrestore(&a->lock, flags);
		return;
	}
	if (count != r->count)
		wdmdma_report(a, call, "frees %u map registers of an allocation of %u; freeing %u",
			      count, r->count, r->count);
	if (r == a->owner_regs)
		a->owner_regs = NULL;
	wdmdma_regs_release(a, r, call);
	kick = !list_empty(&a->waiters);
	spin_unlock_irqrestore(&a->lock, flags);
	if (kick)
		wdmdma_channel_kick(a);
}
