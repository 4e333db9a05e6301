// SPDX-License-Identifier: GPL-2.0
/*
 * Common buffers: memory the CPU and the device see at once, on
 * dma_alloc_coherent() within the adapter's address limit.  Page aligned,
 * at least a page, cached (CacheEnabled is ignored on cache-coherent x86,
 * as on Windows).  Tracked per adapter, so a double or mismatched free and
 * buffers left at PutDmaAdapter are reported.
 */
#include <linux/slab.h>

#include "internal.h"

/**
 * struct wdmdma_common - one common buffer
 * @node: on the adapter's common list (adapter lock)
 * @cpu: CPU virtual address
 * @dma: device (logical) address
 * @len: length asked for
 * @cache: CacheEnabled as asked for
 */
struct wdmdma_common {
	struct list_head node;
	void *cpu;
	dma_addr_t dma;
	u32 len;
	bool cache;
};

/**
 * wdmdma_allocate_common_buffer() - PDMA_OPERATIONS->AllocateCommonBuffer
 * @da: the adapter
 * @length: bytes
 * @logical: out: the device address
 * @cache: CacheEnabled
 *
 * Context: PASSIVE_LEVEL; in atomic context (reported) it still tries,
 * without sleeping.
 * Return: the CPU address, or NULL (quietly, as on Windows, when the
 * memory cannot be had).
 */
PVOID wdmdma_allocate_common_buffer(PDMA_ADAPTER da, ULONG length,
				    PPHYSICAL_ADDRESS logical, BOOLEAN cache)
{
	static const char call[] = "AllocateCommonBuffer";
	struct wdmdma_adapter *a = wdmdma_adapter_get(da, call);
	gfp_t gfp = GFP_KERNEL;
	struct wdmdma_common *c;
	unsigned long flags;

	if (!a)
		return NULL;
	if (!logical || !length) {
		wdmdma_report(a, call, "%s", logical ? "zero Length" : "NULL LogicalAddress");
		return NULL;
	}
	logical->QuadPart = 0;
	if (!wdmdma_irql_ok(a, call))
		return NULL;
	if (wdmdma_atomic_context()) {
		wdmdma_report(a, call, "called above PASSIVE_LEVEL");
		gfp = GFP_ATOMIC;
	}
	c = kmalloc(sizeof(*c), gfp);
	if (!c)
		return NULL;
	c->cpu = dma_alloc_coherent(a->dev, length, &c->dma, gfp | __GFP_NOWARN);
	if (!c->cpu) {
		kfree(c);
		return NULL;
	}
	c->len = length;
	c->cache = cache;
	spin_lock_irqsave(&a->lock, flags);
	list_add_tail(&c->node, &a->common);
	spin_unlock_irqrestore(&a->lock, flags);
	logical->QuadPart = c->dma;
	return c->cpu;
}

/**
 * wdmdma_free_common_buffer() - PDMA_OPERATIONS->FreeCommonBuffer
 * @da: the adapter
 * @length: as allocated
 * @logical: as returned
 * @va: as returned
 * @cache: as allocated
 *
 * A buffer not allocated (or freed twice) is reported and left alone;
 * arguments that do not match the allocation are reported and the buffer
 * is freed as it was allocated.
 *
 * Context: PASSIVE_LEVEL.  Above it (a DPC) the call is reported and
 * refused, the buffer left allocated: freeing may unmap a remapped
 * buffer, which cannot be done there (vunmap() under an IOMMU).
 * PutDmaAdapter() frees what is left.
 */
void wdmdma_free_common_buffer(PDMA_ADAPTER da, ULONG length,
			       PHYSICAL_ADDRESS logical, PVOID va, BOOLEAN cache)
{
	static const char call[] = "FreeCommonBuffer";
	struct wdmdma_adapter *a = wdmdma_adapter_get(da, call);
	struct wdmdma_common *c, *found = NULL;
	unsigned long flags;

	if (!a || !wdmdma_irql_ok(a, call))
		return;
	if (wdmdma_atomic_context()) {
		wdmdma_report(a, call, "called above PASSIVE_LEVEL; %p not freed", va);
		return;
	}
	spin_lock_irqsave(&a->lock, flags);
	list_for_each_entry(c, &a->common, node)
		if (c->cpu == va) {
			found = c;
			list_del(&c->node);
			break;
		}
	spin_unlock_irqrestore(&a->lock, flags);
	if (!found) {
		wdmdma_report(a, call, "%p is not a common buffer of this adapter (freed twice?)",
			      va);
		return;
	}
	if (found->len != length || found->dma != logical.QuadPart ||
	    !found->cache != !cache)
		wdmdma_report(a, call,
			      "arguments differ from the allocation (Length %u/%u, LogicalAddress %llx/%pad, CacheEnabled %u/%u)",
			      length, found->len, logical.QuadPart, &found->dma, cache,
			      found->cache);
	dma_free_coherent(a->dev, found->len, found->cpu, found->dma);
	kfree(found);
}

/**
 * wdmdma_common_teardown() - PutDmaAdapter's part: free what is left
 * @a: the adapter
 */
void wdmdma_common_teardown(struct wdmdma_adapter *a)
{
	struct wdmdma_common *c, *next;

	list_for_each_entry_safe(c, next, &a->common, node) {
		wdmdma_report(a, "PutDmaAdapter",
			      "common buffer %p (%u bytes) still allocated; freed",
			      c->cpu, c->len);
		list_del(&c->node);
		dma_free_coherent(a->dev, c->len, c->cpu, c->dma);
		kfree(c);
	}
}
