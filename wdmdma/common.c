// SPDX-License-Identifier: GPL-2.0
/*
 * Common buffers: memory the CPU and the device see at once, on
 * dma_alloc_coherent() within the adapter's own address limit (the
 * device's coherent mask is set to it for the allocation).  Page aligned,
 * at least a page, cached (CacheEnabled is ignored on cache-coherent x86,
 * as on Windows).  Tracked per adapter, so a double or mismatched free and
 * buffers left at PutDmaAdapter are reported.
 */
#include <linux/slab.h>

#include "dma.h"

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
	struct wdmdma_adapter *a = wdmdma_adapter_get_ref(da, call);
	gfp_t gfp = GFP_KERNEL;
	struct wdmdma_common *c = NULL;
	bool dying;

	if (!a)
		return NULL;
	if (!logical || !length) {
		wdmdma_report(a, call, "%s", logical ? "zero Length" : "NULL LogicalAddress");
		goto out;
	}
	logical->QuadPart = 0;
	if (!wdmdma_irql_ok(a, call))
		goto out;
	if (wdmdma_atomic_context()) {
		wdmdma_report(a, call, "called above PASSIVE_LEVEL");
		gfp = GFP_ATOMIC;
	}
	c = kmalloc(sizeof(*c), gfp);
	if (!c)
		goto out;
	c->cpu = wdmdma_coherent_alloc(a, length, &c->dma, gfp | __GFP_NOWARN);
	if (!c->cpu)
		goto err_free;
	c->len = length;
	c->cache = cache;
	spin_lock_bh(&a->lock);
	dying = a->dying;
	if (!dying)
		list_add_tail(&c->node, &a->common);
	spin_unlock_bh(&a->lock);
	if (dying) {
		wdmdma_report(a, call, "adapter is being released");
		dma_free_coherent(a->dev, length, c->cpu, c->dma);
		goto err_free;
	}
	logical->QuadPart = c->dma;
	wdmdma_adapter_put_ref(a);
	return c->cpu;

err_free:
	kfree(c);
out:
	wdmdma_adapter_put_ref(a);
	return NULL;
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
	struct wdmdma_adapter *a = wdmdma_adapter_get_ref(da, call);
	struct wdmdma_common *c, *found = NULL;

	if (!a)
		return;
	if (!wdmdma_irql_ok(a, call))
		goto out;
	if (wdmdma_atomic_context()) {
		wdmdma_report(a, call, "called above PASSIVE_LEVEL; %p not freed", va);
		goto out;
	}
	spin_lock_bh(&a->lock);
	list_for_each_entry(c, &a->common, node)
		if (c->cpu == va) {
			found = c;
			list_del(&c->node);
			break;
		}
	spin_unlock_bh(&a->lock);
	if (!found) {
		wdmdma_report(a, call, "%p is not a common buffer of this adapter (freed twice?)",
			      va);
		goto out;
	}
	if (found->len != length || found->dma != logical.QuadPart ||
	    !found->cache != !cache)
		wdmdma_report(a, call,
			      "arguments differ from the allocation (Length %u/%u, LogicalAddress %llx/%pad, CacheEnabled %u/%u)",
			      length, found->len, logical.QuadPart, &found->dma, cache,
			      found->cache);
	dma_free_coherent(a->dev, found->len, found->cpu, found->dma);
	kfree(found);
out:
	wdmdma_adapter_put_ref(a);
}

/**
 * wdmdma_common_teardown() - PutDmaAdapter's part: free what is left
 * @a: the adapter
 */
void wdmdma_common_teardown(struct wdmdma_adapter *a)
{
	struct wdmdma_common *c, *next;
	LIST_HEAD(left);

	spin_lock_bh(&a->lock);
	list_splice_init(&a->common, &left);
	spin_unlock_bh(&a->lock);
	list_for_each_entry_safe(c, next, &left, node) {
		wdmdma_report(a, "PutDmaAdapter",
			      "common buffer %p (%u bytes) still allocated; freed",
			      c->cpu, c->len);
		list_del(&c->node);
		dma_free_coherent(a->dev, c->len, c->cpu, c->dma);
		kfree(c);
	}
}
