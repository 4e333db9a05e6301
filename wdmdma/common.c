// SPDX-License-Identifier: GPL-2.0
/*
 * Common buffers: memory the CPU and the device see at once, on
 * dma_alloc_coherent() within the adapter's own address limit (the
 * device's coherent mask is set to it for the allocation).  Page aligned,
 * at least a page, cached (CacheEnabled is ignored on cache-coherent x86,
 * as on Windows).  Tracked per adapter, so a double or mismatched free and
 * buffers left at PutDmaAdapter are reported.
 *
 * The Ex and WithBounds entries bound the logical address: the maximum is
 * the allocation's coherent mask (under an IOMMU it bounds the IOVA), the
 * minimum is met by trying (see wdmdma_common_place()).  FreeCommonBuffer
 * frees them all.
 */
#include <linux/slab.h>

#include <linux/scatterlist.h>

#include "dma.h"

/**
 * struct wdmdma_common - one common buffer
 * @node: on the adapter's common list (adapter lock)
 * @cpu: CPU virtual address
 * @dma: device (logical) address
 * @len: length asked for
 * @cache: CacheEnabled as asked for
 * @vec: the common buffer vector it is an element of, or NULL
 * @sgt: CreateCommonBufferFromMdl: the driver's pages, mapped; else NULL
 *	(memory of dma_alloc_coherent())
 * @dir: @sgt's direction
 * @guard: verifier mode: a guard page before @cpu, and a guard area from
 *	@cpu + @len to the end of the page after the last (checked at free)
 */
struct wdmdma_common {
	struct list_head node;
	void *cpu;
	dma_addr_t dma;
	u32 len;
	bool cache;
	bool guard;
	struct wdmdma_vector *vec;
	struct sg_table *sgt;
	enum dma_data_direction dir;
};

/* Bytes of a guarded common buffer of @len bytes: a page each side. */
static size_t wdmdma_common_guarded_size(u32 len)
{
	return PAGE_SIZE + PAGE_ALIGN(len) + PAGE_SIZE;
}

/*
 * Check a guarded common buffer's guard areas, reporting for @call what
 * the device or the CPU wrote before or past it.
 */
static void wdmdma_common_guard_check(struct wdmdma_adapter *a, struct wdmdma_common *c,
				      const char *call)
{
	u8 *base = (u8 *)c->cpu - PAGE_SIZE;
	size_t size = wdmdma_common_guarded_size(c->len), end = PAGE_SIZE + c->len;
	size_t first, last;
	u32 n;

	n = wdmdma_guard_check(base, 0, PAGE_SIZE, &first, &last);
	if (n)
		wdmdma_report_chk(a, call, WDMDMA_CHK_OVERRUN,
				  "underrun: %u bytes before common buffer %p (%u bytes, logical %pad) were written, from %zu to %zu bytes before it",
				  n, c->cpu, c->len, &c->dma, PAGE_SIZE - first, PAGE_SIZE - last);
	n = wdmdma_guard_check(base, end, size, &first, &last);
	if (n)
		wdmdma_report_chk(a, call, WDMDMA_CHK_OVERRUN,
				  "overrun: %u bytes past common buffer %p (%u bytes, logical %pad) were written, from byte %zu to byte %zu after its end",
				  n, c->cpu, c->len, &c->dma, first - end, last - end);
}

/*
 * Give a common buffer's memory back (its own, or the driver's unmapped);
 * a guarded one's guard areas are checked first, for @call.
 */
static void wdmdma_common_release(struct wdmdma_adapter *a, struct wdmdma_common *c,
				  const char *call)
{
	trace_wdmdma_common_free(a->id, c->len, c->dma);
	if (c->sgt) {
		dma_unmap_sgtable(a->dev, c->sgt, c->dir, 0);
		sg_free_table(c->sgt);
		kfree(c->sgt);
	} else if (c->guard) {
		wdmdma_common_guard_check(a, c, call);
		dma_free_coherent(a->dev, wdmdma_common_guarded_size(c->len),
				  (u8 *)c->cpu - PAGE_SIZE, c->dma - PAGE_SIZE);
	} else {
		dma_free_coherent(a->dev, c->len, c->cpu, c->dma);
	}
	kfree(c);
}

/**
 * struct wdmdma_vector - a common buffer vector (DMA_COMMON_BUFFER_VECTOR)
 * @node: on the adapter's vector list (adapter lock)
 * @n: NumberOfElements
 * @elem: per index, its common buffer (also on the adapter's common
 *	list); NULL once FreeCommonBufferFromVector freed it (adapter lock)
 */
struct wdmdma_vector {
	struct list_head node;
	u32 n;
	struct wdmdma_common *elem[] __counted_by(n);
};

/*
 * Put a new common buffer on the adapter's list; on a dying adapter it is
 * given back instead (reported).  Return: true when listed.
 */
static bool wdmdma_common_publish(struct wdmdma_adapter *a, struct wdmdma_common *c,
				  const char *call)
{
	bool dying;

	spin_lock_bh(&a->lock);
	dying = a->dying;
	if (!dying)
		list_add_tail(&c->node, &a->common);
	spin_unlock_bh(&a->lock);
	if (dying) {
		wdmdma_report_chk(a, call, WDMDMA_CHK_AFTER_RELEASE, "adapter is being released");
		wdmdma_common_release(a, c, NULL);
	} else {
		trace_wdmdma_common_alloc(a->id, c->len, c->dma);
	}
	return !dying;
}

/**
 * wdmdma_common_count() - common buffers outstanding, for debugfs
 * @a: the adapter; lock held
 * @n: out: common buffers (vector elements included)
 * @bytes: out: their bytes
 * @vectors: out: common buffer vectors
 */
void wdmdma_common_count(struct wdmdma_adapter *a, u32 *n, u64 *bytes, u32 *vectors)
{
	struct wdmdma_common *c;
	struct wdmdma_vector *v;

	lockdep_assert_held(&a->lock);
	*n = 0;
	*bytes = 0;
	*vectors = 0;
	list_for_each_entry(c, &a->common, node) {
		(*n)++;
		*bytes += c->len;
	}
	list_for_each_entry(v, &a->vectors, node)
		(*vectors)++;
}

/* Allocations kept aside while looking for memory at or above a minimum */
#define WDMDMA_COMMON_TRIES	8

/*
 * Coherent memory for @len bytes at logical addresses in [@min, @max].
 * The maximum is the allocation's mask; nothing in the DMA API takes a
 * minimum, so memory placed below it is kept aside (so the next try gets
 * other memory) and given back once one lands above it, or after
 * WDMDMA_COMMON_TRIES tries.  *@missed says a try succeeded but below @min.
 */
static void *wdmdma_common_place(struct wdmdma_adapter *a, u64 min, u64 max, u32 len,
				 dma_addr_t *dma, gfp_t gfp, bool *unreachable, bool *missed)
{
	struct { void *cpu; dma_addr_t dma; } aside[WDMDMA_COMMON_TRIES];
	unsigned int n = 0, i;
	void *cpu;

	*missed = false;
	for (;;) {
		cpu = wdmdma_coherent_alloc_below(a, len, dma, gfp, max, unreachable);
		if (!cpu || *dma >= min)
			break;
		*missed = true;
		if (n == ARRAY_SIZE(aside)) {
			dma_free_coherent(a->dev, len, cpu, *dma);
			cpu = NULL;
			break;
		}
		aside[n].cpu = cpu;
		aside[n++].dma = *dma;
	}
	for (i = 0; i < n; i++)
		dma_free_coherent(a->dev, len, aside[i].cpu, aside[i].dma);
	return cpu;
}

/* How many addresses [@min, @max] leave for @len bytes within the adapter's limit. */
static bool wdmdma_common_room(struct wdmdma_adapter *a, u64 min, u64 max, u64 len)
{
	u64 top = min(max, a->limit);

	return min <= top && top - min >= len - 1;
}

/*
 * A common buffer of @length bytes whose logical addresses lie in [@min,
 * @max], tracked on the adapter (as an element of @vec if not NULL).
 * @bounded: the caller asked for the bounds (a bound the platform cannot
 * meet is then reported, naming @call); else they are the adapter's own.
 * Context: holding a reference on @a.
 */
static struct wdmdma_common *wdmdma_common_new(struct wdmdma_adapter *a, const char *call,
					       u64 min, u64 max, bool bounded, u32 length,
					       bool cache, struct wdmdma_vector *vec)
{
	bool unreachable, missed;
	gfp_t gfp = GFP_KERNEL;
	struct wdmdma_common *c;

	if (!wdmdma_irql_ok(a, call))
		return NULL;
	if (min > max) {
		wdmdma_report(a, call, "MinimumAddress %llx is above MaximumAddress %llx",
			      min, max);
		return NULL;
	}
	if (!wdmdma_common_room(a, min, max, length)) {
		if (bounded)
			wdmdma_report(a, call,
				      "no room for %u bytes in [%llx, %llx] within the adapter's %u-bit limit",
				      length, min, max, a->width);
		return NULL;	/* else more than the adapter can reach: quietly */
	}
	if (wdmdma_atomic_context()) {
		wdmdma_report_chk(a, call, WDMDMA_CHK_IRQL, "called above PASSIVE_LEVEL");
		gfp = GFP_ATOMIC;
	}
	c = kzalloc(sizeof(*c), gfp);
	if (!c)
		return NULL;
	/* verifier mode: guard areas around it, if they fit the bounds */
	c->guard = READ_ONCE(a->verify) && !vec &&
		   wdmdma_common_room(a, min, max, wdmdma_common_guarded_size(length));
	if (c->guard) {
		c->cpu = wdmdma_common_place(a, min, min(max, a->limit),
					     wdmdma_common_guarded_size(length), &c->dma,
					     gfp | __GFP_NOWARN, &unreachable, &missed);
		c->guard = !!c->cpu;
		if (c->guard) {
			wdmdma_guard_fill(c->cpu, 0, PAGE_SIZE);
			wdmdma_guard_fill(c->cpu, PAGE_SIZE + length,
					  wdmdma_common_guarded_size(length));
			c->cpu += PAGE_SIZE;
			c->dma += PAGE_SIZE;
		}
	}
	if (!c->guard)
		c->cpu = wdmdma_common_place(a, min, min(max, a->limit), length, &c->dma,
					     gfp | __GFP_NOWARN, &unreachable, &missed);
	if (!c->cpu) {
		if (bounded && unreachable)
			wdmdma_report(a, call, "the platform cannot allocate below %llx",
				      min(max, a->limit));
		else if (bounded && missed)
			wdmdma_report(a, call,
				      "the platform placed %u tries of %u bytes below MinimumAddress %llx",
				      WDMDMA_COMMON_TRIES + 1, length, min);
		kfree(c);
		return NULL;
	}
	c->len = length;
	c->cache = cache;
	c->vec = vec;
	return wdmdma_common_publish(a, c, call) ? c : NULL;
}

/*
 * What the AllocateCommonBuffer entries share: wdmdma_common_new() for
 * the driver's arguments.
 */
static PVOID wdmdma_common_alloc(PDMA_ADAPTER da, const char *call, u64 min, u64 max,
				 bool bounded, ULONG length, PPHYSICAL_ADDRESS logical,
				 BOOLEAN cache)
{
	struct wdmdma_adapter *a = wdmdma_adapter_get_ref(da, call);
	struct wdmdma_common *c = NULL;

	if (!a)
		return NULL;
	if (logical)
		logical->QuadPart = 0;
	if (!logical || !length)
		wdmdma_report_chk(a, call, logical ? WDMDMA_CHK_ZERO_LENGTH : WDMDMA_CHK_MISUSE,
				  "%s", logical ? "zero Length" : "NULL LogicalAddress");
	else
		c = wdmdma_common_new(a, call, min, max, bounded, length, cache, NULL);
	if (c)
		logical->QuadPart = c->dma;
	wdmdma_adapter_put_ref(a);
	return c ? c->cpu : NULL;
}

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
	return wdmdma_common_alloc(da, "AllocateCommonBuffer", 0, U64_MAX, false, length,
				   logical, cache);
}

/*
 * PDMA_OPERATIONS->AllocateCommonBufferEx: AllocateCommonBuffer with an
 * optional highest logical address.  The NUMA node is a preference, left
 * to the DMA API (the device's node).  Return: as AllocateCommonBuffer;
 * NULL, reported, when no memory can lie below the maximum.
 */
static PVOID wdmdma_allocate_common_buffer_ex(PDMA_ADAPTER da, PPHYSICAL_ADDRESS max,
					      ULONG length, PPHYSICAL_ADDRESS logical,
					      BOOLEAN cache, NODE_REQUIREMENT node)
{
	return wdmdma_common_alloc(da, "AllocateCommonBufferEx", 0,
				   max ? (u64)max->QuadPart : U64_MAX, max, length, logical,
				   cache);
}

/* The caching types a common buffer can have: cached, or not (x86 snoops). */
static bool wdmdma_cache_type(struct wdmdma_adapter *a, const char *call,
			      const MEMORY_CACHING_TYPE *type, BOOLEAN *cache)
{
	*cache = TRUE;
	if (!type)
		return true;
	if (*type == MmCached || *type == MmNonCached) {
		*cache = *type == MmCached;
		return true;
	}
	wdmdma_report(a, call, "CacheType %d is neither MmCached nor MmNonCached", *type);
	return false;
}

/*
 * PDMA_OPERATIONS->AllocateCommonBufferWithBounds: a common buffer whose
 * logical addresses lie in [*MinimumAddress, *MaximumAddress], both
 * optional.  Flags: none is supported (DOMAIN_COMMON_BUFFER_LARGE_PAGE
 * asks for 2 MiB pages, which dma_alloc_coherent() does not promise).
 * Return: the CPU address, or NULL (reported for bad arguments and for
 * bounds the platform cannot meet).
 */
static PVOID wdmdma_allocate_common_buffer_bounds(PDMA_ADAPTER da, PPHYSICAL_ADDRESS min,
						  PPHYSICAL_ADDRESS max, ULONG length,
						  ULONG flags, MEMORY_CACHING_TYPE *type,
						  NODE_REQUIREMENT node,
						  PPHYSICAL_ADDRESS logical)
{
	static const char call[] = "AllocateCommonBufferWithBounds";
	struct wdmdma_adapter *a;
	BOOLEAN cache;
	bool ok;

	rcu_read_lock();
	a = wdmdma_adapter_find(da, call);
	ok = a && wdmdma_cache_type(a, call, type, &cache);
	if (ok && flags) {
		wdmdma_report(a, call, "Flags %#x: %s", flags,
			      flags == DOMAIN_COMMON_BUFFER_LARGE_PAGE ?
			      "large pages are not supported" : "unknown flags");
		ok = false;
	}
	rcu_read_unlock();
	if (!ok) {
		if (logical)
			logical->QuadPart = 0;
		return NULL;
	}
	return wdmdma_common_alloc(da, call, min ? (u64)min->QuadPart : 0,
				   max ? (u64)max->QuadPart : U64_MAX, min || max, length,
				   logical, cache);
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
		wdmdma_report_chk(a, call, WDMDMA_CHK_IRQL,
				  "called above PASSIVE_LEVEL; %p not freed", va);
		goto out;
	}
	spin_lock_bh(&a->lock);
	list_for_each_entry(c, &a->common, node)
		if (c->cpu == va) {
			found = c;
			break;
		}
	if (found && found->vec) {
		spin_unlock_bh(&a->lock);
		wdmdma_report(a, call,
			      "%p is an element of common buffer vector %p: FreeCommonBufferFromVector frees it",
			      va, found->vec);
		goto out;
	}
	if (found)
		list_del(&found->node);
	spin_unlock_bh(&a->lock);
	if (!found) {
		wdmdma_report_chk(a, call, WDMDMA_CHK_COMMON_FREED_TWICE,
				  "%p is not a common buffer of this adapter (freed twice?)",
				  va);
		goto out;
	}
	if (found->len != length || found->dma != logical.QuadPart ||
	    (!found->sgt && !found->cache != !cache))
		wdmdma_report_chk(a, call, WDMDMA_CHK_WRONG_SIZE,
				  "arguments differ from the allocation (Length %u/%u, LogicalAddress %llx/%pad, CacheEnabled %u/%u)",
				  length, found->len, logical.QuadPart, &found->dma, cache,
				  found->cache);
	wdmdma_common_release(a, found, call);
out:
	wdmdma_adapter_put_ref(a);
}

/**
 * wdmdma_common_teardown() - PutDmaAdapter's part: free what is left
 * @a: the adapter
 */
void wdmdma_common_teardown(struct wdmdma_adapter *a)
{
	struct wdmdma_vector *v, *vnext;
	struct wdmdma_common *c, *next;
	LIST_HEAD(left);
	LIST_HEAD(vecs);

	spin_lock_bh(&a->lock);
	list_splice_init(&a->common, &left);
	list_splice_init(&a->vectors, &vecs);
	spin_unlock_bh(&a->lock);
	list_for_each_entry_safe(c, next, &left, node) {
		if (!c->vec)
			wdmdma_report_chk(a, "PutDmaAdapter", WDMDMA_CHK_LEAK_COMMON,
					  "common buffer %p (%u bytes, logical %pad) still allocated; freed",
					  c->cpu, c->len, &c->dma);
		list_del(&c->node);
		wdmdma_common_release(a, c, "PutDmaAdapter");
	}
	list_for_each_entry_safe(v, vnext, &vecs, node) {
		wdmdma_report_chk(a, "PutDmaAdapter", WDMDMA_CHK_LEAK_COMMON,
				  "common buffer vector %p (%u elements) still allocated; freed",
				  v, v->n);
		list_del(&v->node);
		kfree(v);
	}
}

/* The live vector behind a driver's pointer, never dereferenced.  Adapter lock held. */
static struct wdmdma_vector *wdmdma_vector_find(struct wdmdma_adapter *a,
						PDMA_COMMON_BUFFER_VECTOR vector)
{
	struct wdmdma_vector *v;

	lockdep_assert_held(&a->lock);
	list_for_each_entry(v, &a->vectors, node)
		if ((void *)v == (void *)vector)
			return v;
	return NULL;
}

/* Free elements of a vector taken off the adapter's lists. */
static void wdmdma_vector_free_elems(struct wdmdma_adapter *a, struct wdmdma_vector *v)
{
	u32 i;

	for (i = 0; i < v->n; i++) {
		struct wdmdma_common *c = v->elem[i];

		if (!c)
			continue;
		dma_free_coherent(a->dev, c->len, c->cpu, c->dma);
		kfree(c);
	}
}

/**
 * wdmdma_allocate_common_buffer_vector() - PDMA_OPERATIONS->AllocateCommonBufferVector
 * @da: the adapter
 * @low: lowest logical address of every element
 * @high: highest logical address of every element
 * @type: MmCached or MmNonCached
 * @node: preferred NUMA node (a preference, left to the DMA API)
 * @flags: none is defined
 * @n: NumberOfElements
 * @size: SizeOfElements, bytes of each
 * @out: out: the vector
 *
 * Each element is a common buffer within [@low, @high]; all are allocated
 * or none.
 *
 * Context: PASSIVE_LEVEL.
 * Return: STATUS_SUCCESS; STATUS_INVALID_PARAMETER (reported) for bad
 * arguments or bounds the adapter cannot meet; STATUS_INSUFFICIENT_RESOURCES
 * when the memory cannot be had.
 */
static NTSTATUS wdmdma_allocate_common_buffer_vector(PDMA_ADAPTER da, PHYSICAL_ADDRESS low,
						     PHYSICAL_ADDRESS high,
						     MEMORY_CACHING_TYPE type,
						     NODE_REQUIREMENT node, ULONG flags,
						     ULONG n, ULONGLONG size,
						     PDMA_COMMON_BUFFER_VECTOR *out)
{
	static const char call[] = "AllocateCommonBufferVector";
	struct wdmdma_adapter *a = wdmdma_adapter_get_ref(da, call);
	NTSTATUS status = STATUS_INVALID_PARAMETER;
	struct wdmdma_vector *v = NULL;
	BOOLEAN cache;
	bool all;
	u32 i;

	if (!a)
		return STATUS_INVALID_PARAMETER;
	if (out)
		*out = NULL;
	if (!out || !n || !size || size > U32_MAX) {
		wdmdma_report(a, call, "%s", !out ? "NULL VectorOut" :
			      !n ? "zero NumberOfElements" : "SizeOfElements not 1..4 GiB - 1");
		goto out;
	}
	if (flags) {
		wdmdma_report(a, call, "unknown Flags %#x", flags);
		goto out;
	}
	if (!wdmdma_cache_type(a, call, &type, &cache))
		goto out;
	if ((u64)low.QuadPart > (u64)high.QuadPart ||
	    !wdmdma_common_room(a, low.QuadPart, high.QuadPart, size)) {
		wdmdma_report(a, call,
			      "no room for %llu bytes in [%llx, %llx] within the adapter's %u-bit limit",
			      size, low.QuadPart, high.QuadPart, a->width);
		goto out;
	}
	status = STATUS_INSUFFICIENT_RESOURCES;
	v = kzalloc(struct_size(v, elem, n), GFP_KERNEL | __GFP_NOWARN);
	if (!v)
		goto out;
	v->n = n;
	for (i = 0; i < n; i++) {
		v->elem[i] = wdmdma_common_new(a, call, low.QuadPart, high.QuadPart, true, size,
					       cache, v);
		if (!v->elem[i])
			break;
	}
	all = v->elem[n - 1];
	spin_lock_bh(&a->lock);
	if (all && !a->dying) {
		list_add_tail(&v->node, &a->vectors);
		*out = (PDMA_COMMON_BUFFER_VECTOR)v;
		status = STATUS_SUCCESS;
	} else {
		for (i = 0; i < n && v->elem[i]; i++)	/* give them all back */
			list_del(&v->elem[i]->node);
	}
	spin_unlock_bh(&a->lock);
	if (status != STATUS_SUCCESS) {
		wdmdma_vector_free_elems(a, v);
		kfree(v);
	}
out:
	wdmdma_adapter_put_ref(a);
	return status;
}

/**
 * wdmdma_get_common_buffer_from_vector() - PDMA_OPERATIONS->GetCommonBufferFromVectorByIndex
 * @da: the adapter
 * @vector: as AllocateCommonBufferVector returned it
 * @index: the element
 * @va: out: its CPU address; NULL (reported) for a bad vector or index,
 *	or an element freed
 * @la: out: its logical address; 0 then
 *
 * Return: nothing (the entry is VOID).
 */
static VOID wdmdma_get_common_buffer_from_vector(PDMA_ADAPTER da,
						 PDMA_COMMON_BUFFER_VECTOR vector, ULONG index,
						 PVOID *va, PPHYSICAL_ADDRESS la)
{
	static const char call[] = "GetCommonBufferFromVectorByIndex";
	struct wdmdma_common *c = NULL;
	struct wdmdma_adapter *a;
	struct wdmdma_vector *v;

	if (va)
		*va = NULL;
	if (la)
		la->QuadPart = 0;
	rcu_read_lock();
	a = wdmdma_adapter_find(da, call);
	if (!a)
		goto out;
	if (!va || !la) {
		wdmdma_report(a, call, "NULL %s", va ? "LogicalAddressOut" : "VirtualAddressOut");
		goto out;
	}
	spin_lock_bh(&a->lock);
	v = wdmdma_vector_find(a, vector);
	if (v && index < v->n)
		c = v->elem[index];
	if (c) {
		*va = c->cpu;
		la->QuadPart = c->dma;
	}
	spin_unlock_bh(&a->lock);
	if (!v)
		wdmdma_report(a, call, "%p is not a common buffer vector of this adapter", vector);
	else if (index >= v->n)
		wdmdma_report(a, call, "Index %u is past the vector's %u elements", index, v->n);
	else if (!c)
		wdmdma_report(a, call, "element %u was freed", index);
out:
	rcu_read_unlock();
}

/*
 * The adapter, referenced, for a free at PASSIVE_LEVEL: above it the call
 * is reported and refused, as FreeCommonBuffer's.
 */
static struct wdmdma_adapter *wdmdma_vector_free_begin(PDMA_ADAPTER da, const char *call)
{
	struct wdmdma_adapter *a = wdmdma_adapter_get_ref(da, call);

	if (a && (!wdmdma_irql_ok(a, call) || wdmdma_atomic_context())) {
		if (wdmdma_atomic_context())
			wdmdma_report_chk(a, call, WDMDMA_CHK_IRQL,
					  "called above PASSIVE_LEVEL; nothing freed");
		wdmdma_adapter_put_ref(a);
		a = NULL;
	}
	return a;
}

/**
 * wdmdma_free_common_buffer_from_vector() - PDMA_OPERATIONS->FreeCommonBufferFromVector
 * @da: the adapter
 * @vector: the vector
 * @index: the element to free; the others stay
 *
 * Context: PASSIVE_LEVEL.  A bad vector or index, or an element freed
 * already, is reported and nothing is touched.
 * Return: nothing (the entry is VOID).
 */
static VOID wdmdma_free_common_buffer_from_vector(PDMA_ADAPTER da,
						  PDMA_COMMON_BUFFER_VECTOR vector, ULONG index)
{
	static const char call[] = "FreeCommonBufferFromVector";
	struct wdmdma_adapter *a = wdmdma_vector_free_begin(da, call);
	struct wdmdma_common *c = NULL;
	struct wdmdma_vector *v;

	if (!a)
		return;
	spin_lock_bh(&a->lock);
	v = wdmdma_vector_find(a, vector);
	if (v && index < v->n) {
		c = v->elem[index];
		v->elem[index] = NULL;
		if (c)
			list_del(&c->node);
	}
	spin_unlock_bh(&a->lock);
	if (c) {
		dma_free_coherent(a->dev, c->len, c->cpu, c->dma);
		kfree(c);
	} else if (!v) {
		wdmdma_report(a, call, "%p is not a common buffer vector of this adapter", vector);
	} else if (index >= v->n) {
		wdmdma_report(a, call, "Index %u is past the vector's %u elements", index, v->n);
	} else {
		wdmdma_report_chk(a, call, WDMDMA_CHK_COMMON_FREED_TWICE,
				  "element %u was freed already", index);
	}
	wdmdma_adapter_put_ref(a);
}

/**
 * wdmdma_free_common_buffer_vector() - PDMA_OPERATIONS->FreeCommonBufferVector
 * @da: the adapter
 * @vector: the vector; it and the elements still allocated are freed
 *
 * Context: PASSIVE_LEVEL.  Not a vector of the adapter (freed twice?):
 * reported, nothing touched.
 * Return: nothing (the entry is VOID).
 */
static VOID wdmdma_free_common_buffer_vector(PDMA_ADAPTER da, PDMA_COMMON_BUFFER_VECTOR vector)
{
	static const char call[] = "FreeCommonBufferVector";
	struct wdmdma_adapter *a = wdmdma_vector_free_begin(da, call);
	struct wdmdma_vector *v;
	u32 i;

	if (!a)
		return;
	spin_lock_bh(&a->lock);
	v = wdmdma_vector_find(a, vector);
	if (v) {
		list_del(&v->node);
		for (i = 0; i < v->n; i++)
			if (v->elem[i])
				list_del(&v->elem[i]->node);
	}
	spin_unlock_bh(&a->lock);
	if (v) {
		wdmdma_vector_free_elems(a, v);
		kfree(v);
	} else {
		wdmdma_report_chk(a, call, WDMDMA_CHK_COMMON_FREED_TWICE,
				  "%p is not a common buffer vector of this adapter (freed twice?)",
				  vector);
	}
	wdmdma_adapter_put_ref(a);
}

/* The entries of this file that the tables set beyond version 1's. */
/* CreateCommonBufferFromMdl's extended configurations, parsed. */
struct wdmdma_mdl_cfg {
	u64 min, max;
	u64 offset;
	u32 len;			/* 0: the whole MDL */
	enum dma_data_direction dir;
};

static NTSTATUS wdmdma_mdl_cfg_parse(struct wdmdma_adapter *a, const char *call,
				     PDMA_COMMON_BUFFER_EXTENDED_CONFIGURATION cfgs, ULONG n,
				     struct wdmdma_mdl_cfg *p)
{
	unsigned long seen = 0;
	ULONG i;

	*p = (struct wdmdma_mdl_cfg){ .max = U64_MAX, .dir = DMA_BIDIRECTIONAL };
	if (n && !cfgs) {
		wdmdma_report(a, call, "ExtendedConfigsCount %u with NULL ExtendedConfigs", n);
		return STATUS_INVALID_PARAMETER;
	}
	for (i = 0; i < n; i++) {
		DMA_COMMON_BUFFER_EXTENDED_CONFIGURATION *c = &cfgs[i];

		if ((u32)c->ConfigType >= CommonBufferConfigTypeMax ||
		    test_and_set_bit(c->ConfigType, &seen)) {
			bool unknown = (u32)c->ConfigType >= CommonBufferConfigTypeMax;

			wdmdma_report(a, call, "extended configuration %u: type %d %s", i,
				      c->ConfigType, unknown ? "unknown" : "given twice");
			return STATUS_INVALID_PARAMETER;
		}
		switch (c->ConfigType) {
		case CommonBufferConfigTypeLogicalAddressLimits:
			p->min = c->LogicalAddressLimits.MinimumAddress.QuadPart;
			p->max = c->LogicalAddressLimits.MaximumAddress.QuadPart;
			break;
		case CommonBufferConfigTypeSubSection:
			p->offset = c->SubSection.Offset;
			p->len = c->SubSection.Length;
			if (!p->len)
				goto bad_subsection;
			break;
		default:	/* the device's access */
			if (c->HardwareAccessType == CommonBufferHardwareAccessReadOnly)
				p->dir = DMA_TO_DEVICE;
			else if (c->HardwareAccessType == CommonBufferHardwareAccessWriteOnly)
				p->dir = DMA_FROM_DEVICE;
			else if (c->HardwareAccessType != CommonBufferHardwareAccessReadWrite)
				goto bad_access;
			break;
		}
	}
	if (p->min > p->max) {
		wdmdma_report(a, call, "MinimumAddress %llx is above MaximumAddress %llx",
			      p->min, p->max);
		return STATUS_INVALID_PARAMETER;
	}
	return STATUS_SUCCESS;

bad_subsection:
	wdmdma_report_chk(a, call, WDMDMA_CHK_ZERO_LENGTH, "SubSection of zero Length");
	return STATUS_INVALID_PARAMETER;
bad_access:
	wdmdma_report(a, call, "HardwareAccessType %d unknown", cfgs[i].HardwareAccessType);
	return STATUS_INVALID_PARAMETER;
}

/*
 * The MDL's pages of [@p->offset, + @p->len) mapped for the device as one
 * logical range.  Return: STATUS_SUCCESS with *@out; otherwise reported.
 */
static NTSTATUS wdmdma_common_map_mdl(struct wdmdma_adapter *a, const char *call, PMDL mdl,
				      struct wdmdma_mdl_cfg *p, struct wdmdma_common **out)
{
	struct wdmdma_common *c;
	PPFN_NUMBER pfn;
	unsigned long va;
	unsigned int i, npages;
	u8 *sys;
	int ret;

	if (!p->len && mdl->Next) {
		wdmdma_report(a, call, "a chained MDL needs a SubSection inside one of its MDLs");
		return STATUS_INVALID_PARAMETER;
	}
	if (wdmdma_mdl_at(&mdl, p->offset, &va)) {
		wdmdma_report_chk(a, call, WDMDMA_CHK_NOT_IN_MDL,
				  "SubSection Offset %llu is past the MDL", p->offset);
		return STATUS_INVALID_PARAMETER;
	}
	p->offset = va - (unsigned long)MmGetMdlVirtualAddress(mdl);
	if (!p->len)
		p->len = mdl->ByteCount;
	if (!PAGE_ALIGNED(va) || !PAGE_ALIGNED(p->len) ||
	    p->offset + p->len > mdl->ByteCount) {
		wdmdma_report(a, call,
			      "%u bytes at %lx: not whole pages of one MDL (page-aligned, a multiple of PAGE_SIZE)",
			      p->len, va);
		return STATUS_INVALID_PARAMETER;
	}
	sys = MmGetSystemAddressForMdlSafe(mdl, NormalPagePriority);
	if (!sys) {
		wdmdma_report_chk(a, call, WDMDMA_CHK_NO_SYSTEM_VA,
				  "the MDL's pages are not mapped into system space");
		return STATUS_INVALID_PARAMETER;
	}
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return STATUS_INSUFFICIENT_RESOURCES;
	c->sgt = kzalloc(sizeof(*c->sgt), GFP_KERNEL);
	npages = p->len >> PAGE_SHIFT;
	if (!c->sgt || sg_alloc_table(c->sgt, npages, GFP_KERNEL))
		goto err_nomem;
	pfn = MmGetMdlPfnArray(mdl) + (p->offset >> PAGE_SHIFT);
	for (i = 0; i < npages; i++)
		sg_set_page(&c->sgt->sgl[i], pfn_to_page(pfn[i]), PAGE_SIZE, 0);
	c->dir = p->dir;
	ret = dma_map_sgtable(a->dev, c->sgt, c->dir, 0);
	if (ret) {
		wdmdma_report(a, call, "the DMA API cannot map the MDL's pages (%d)", ret);
		goto err_table;
	}
	c->dma = sg_dma_address(c->sgt->sgl);
	c->cpu = sys + p->offset;
	c->len = p->len;
	c->cache = true;
	*out = c;
	return STATUS_SUCCESS;

err_table:
	sg_free_table(c->sgt);
	kfree(c->sgt);
	kfree(c);
	return STATUS_INVALID_PARAMETER;
err_nomem:
	kfree(c->sgt);
	kfree(c);
	return STATUS_INSUFFICIENT_RESOURCES;
}

/* Are the mapped pieces one logical range of @len bytes (in order, abutting)? */
static bool wdmdma_sg_contiguous(struct sg_table *sgt, u32 len)
{
	struct scatterlist *sg;
	dma_addr_t next = sg_dma_address(sgt->sgl);
	u32 seen = 0;
	int i;

	for_each_sgtable_dma_sg(sgt, sg, i) {
		if (sg_dma_address(sg) != next)
			return false;
		next += sg_dma_len(sg);
		seen += sg_dma_len(sg);
	}
	return seen == len;
}

/* Does the mapped buffer work as a common buffer for @a?  Else reported. */
static NTSTATUS wdmdma_common_mdl_usable(struct wdmdma_adapter *a, const char *call,
					 struct wdmdma_common *c, const struct wdmdma_mdl_cfg *p)
{
	u64 last = c->dma + c->len - 1;

	if (!a->iommu && dma_need_sync(a->dev, c->dma)) {
		wdmdma_report(a, call,
			      "the platform bounces this device's DMA: the driver's pages cannot be shared");
		return STATUS_NOT_SUPPORTED;
	}
	if (!wdmdma_sg_contiguous(c->sgt, c->len)) {
		wdmdma_report(a, call, "the MDL's pages are not one range for the device%s",
			      a->iommu ? "" : " (no IOMMU: physically contiguous)");
		return STATUS_INVALID_PARAMETER;
	}
	if (c->dma < p->min || last > p->max || last > a->limit) {
		wdmdma_report(a, call, "range %pad (+%u) is outside [%llx, %llx] or %u bits",
			      &c->dma, c->len, p->min, p->max, a->width);
		return STATUS_INVALID_PARAMETER;
	}
	return STATUS_SUCCESS;
}

/**
 * wdmdma_create_common_buffer_from_mdl() - PDMA_OPERATIONS->CreateCommonBufferFromMdl
 * @da: the adapter
 * @mdl: the driver's locked, system-mapped pages (whole pages; one MDL, or
 *	a SubSection inside one MDL of a chain)
 * @cfgs: optional extended configurations: logical address limits, a
 *	SubSection, the device's access (its mapping's direction)
 * @ncfg: their count
 * @la: out: the buffer's logical address
 *
 * The pages are mapped for the device as one logical range: under an IOMMU
 * any pages; without one they must be physically contiguous and reachable.
 * FreeCommonBuffer (with the MDL's system address of the range) unmaps it;
 * the pages stay the driver's.
 *
 * Context: PASSIVE_LEVEL.
 * Return: STATUS_SUCCESS; STATUS_INVALID_PARAMETER for an MDL or
 * configuration that cannot back a common buffer; STATUS_NOT_SUPPORTED
 * where the platform bounces the device's DMA; STATUS_INSUFFICIENT_RESOURCES
 * (all but the last reported).
 */
static NTSTATUS wdmdma_create_common_buffer_from_mdl(PDMA_ADAPTER da, PMDL mdl,
						     PDMA_COMMON_BUFFER_EXTENDED_CONFIGURATION cfgs,
						     ULONG ncfg, PPHYSICAL_ADDRESS la)
{
	static const char call[] = "CreateCommonBufferFromMdl";
	struct wdmdma_adapter *a = wdmdma_adapter_get_ref(da, call);
	struct wdmdma_common *c = NULL;
	struct wdmdma_mdl_cfg p;
	NTSTATUS status;

	if (!a)
		return STATUS_INVALID_PARAMETER;
	status = STATUS_INVALID_PARAMETER;
	if (la)
		la->QuadPart = 0;
	if (!la || !mdl) {
		wdmdma_report(a, call, "NULL %s", mdl ? "LogicalAddress" : "Mdl");
		goto out;
	}
	if (wdmdma_atomic_context()) {
		wdmdma_report_chk(a, call, WDMDMA_CHK_IRQL, "called above PASSIVE_LEVEL");
		goto out;
	}
	status = wdmdma_mdl_cfg_parse(a, call, cfgs, ncfg, &p);
	if (status == STATUS_SUCCESS)
		status = wdmdma_common_map_mdl(a, call, mdl, &p, &c);
	if (status != STATUS_SUCCESS)
		goto out;
	status = wdmdma_common_mdl_usable(a, call, c, &p);
	if (status != STATUS_SUCCESS)
		goto out_release;
	if (wdmdma_common_publish(a, c, call))
		la->QuadPart = c->dma;
	else
		status = STATUS_INVALID_PARAMETER;
	goto out;

out_release:
	wdmdma_common_release(a, c, NULL);
out:
	wdmdma_adapter_put_ref(a);
	return status;
}

void wdmdma_common_ops(DMA_OPERATIONS *ops)
{
	ops->CreateCommonBufferFromMdl = wdmdma_create_common_buffer_from_mdl;
	ops->AllocateCommonBufferEx = wdmdma_allocate_common_buffer_ex;
	ops->AllocateCommonBufferWithBounds = wdmdma_allocate_common_buffer_bounds;
	ops->AllocateCommonBufferVector = wdmdma_allocate_common_buffer_vector;
	ops->GetCommonBufferFromVectorByIndex = wdmdma_get_common_buffer_from_vector;
	ops->FreeCommonBufferFromVector = wdmdma_free_common_buffer_from_vector;
	ops->FreeCommonBufferVector = wdmdma_free_common_buffer_vector;
}
