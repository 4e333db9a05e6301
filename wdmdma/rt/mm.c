// SPDX-License-Identifier: GPL-2.0
/*
 * The memory manager's allocation routines (<wdm/mm.h>): physical pages for
 * an MDL, physically contiguous memory, noncached memory, and the
 * pageable-section routines (nothing is paged here).
 *
 * Physical address limits: the page allocator takes no address range, only
 * a zone (ZONE_DMA below 16 MiB, ZONE_DMA32 below 4 GiB, the rest), so the
 * zone under the highest acceptable address is asked, and pages that still
 * fall outside the range are held aside (so the allocator hands out others)
 * and given back once the allocation is done.  The number of such tries is
 * bounded, so an impossible range ends in a partial allocation or NULL,
 * never a loop.
 *
 * Every allocation a driver frees by address or by MDL is recorded, so a
 * free of something else, or a second free, is reported and refused.
 *
 * LOCKING
 *
 * wdmdma_mm_lock (irqsave; innermost) guards wdmdma_mm_blocks.  Nothing is
 * allocated or freed under it: records are made before and freed after.
 */
#include <linux/gfp.h>
#include <linux/hashtable.h>
#include <linux/io.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>
#ifdef CONFIG_X86
#include <asm/set_memory.h>
#endif

#include "rt.h"
#include "../compat.h"
#include <wdm/mm.h>

enum wdmdma_mm_kind {
	WDMDMA_MM_PAGES_MDL,	/* MmAllocatePagesForMdl(Ex): keyed by the MDL */
	WDMDMA_MM_CONTIG,	/* MmAllocateContiguousMemory*: keyed by the address */
	WDMDMA_MM_NONCACHED,	/* MmAllocateNonCachedMemory: keyed by the address */
};

/**
 * struct wdmdma_mm_block - an allocation a driver frees by key
 * @node: in wdmdma_mm_blocks
 * @key: the MDL, or the address handed out
 * @kind: which routine made it
 * @npages: pages it holds
 * @cache: the caching type its pages were given (MmCached when left alone)
 */
struct wdmdma_mm_block {
	struct hlist_node node;
	const void *key;
	enum wdmdma_mm_kind kind;
	unsigned long npages;
	MEMORY_CACHING_TYPE cache;
};

static DEFINE_HASHTABLE(wdmdma_mm_blocks, 7);
static DEFINE_SPINLOCK(wdmdma_mm_lock);

/* Record @key; false when out of memory. */
static bool wdmdma_mm_track(const void *key, enum wdmdma_mm_kind kind, unsigned long npages,
			    MEMORY_CACHING_TYPE cache)
{
	struct wdmdma_mm_block *b = kmalloc(sizeof(*b), wdmdma_gfp() | __GFP_NOWARN);
	unsigned long flags;

	if (!b)
		return false;
	b->key = key;
	b->kind = kind;
	b->npages = npages;
	b->cache = cache;
	spin_lock_irqsave(&wdmdma_mm_lock, flags);
	hash_add(wdmdma_mm_blocks, &b->node, (unsigned long)key);
	spin_unlock_irqrestore(&wdmdma_mm_lock, flags);
	return true;
}

/* Does @cache leave RAM write-back cached? */
static bool wdmdma_mm_cache_wb(MEMORY_CACHING_TYPE cache)
{
	return cache == MmCached || cache == MmHardwareCoherentCached;
}

static struct wdmdma_mm_block *wdmdma_mm_find(const void *key, enum wdmdma_mm_kind kind)
{
	struct wdmdma_mm_block *b;

	hash_for_each_possible(wdmdma_mm_blocks, b, node, (unsigned long)key)
		if (b->key == key && b->kind == kind)
			return b;
	return NULL;
}

/*
 * Take @key's record out, unless the caller is in atomic context (@atomic,
 * found before the lock is taken) and the allocation's pages are not
 * write-back: giving them back their caching sleeps, so the record is then
 * left in place.  Return: the record (the caller frees it), or NULL
 * (reported) when @key is not a live allocation of @kind or must stay.
 */
static struct wdmdma_mm_block *wdmdma_mm_untrack(const void *key, enum wdmdma_mm_kind kind,
						 const char *call, bool atomic)
{
	struct wdmdma_mm_block *b;
	unsigned long flags;

	spin_lock_irqsave(&wdmdma_mm_lock, flags);
	b = wdmdma_mm_find(key, kind);
	if (b && atomic && !wdmdma_mm_cache_wb(b->cache)) {
		spin_unlock_irqrestore(&wdmdma_mm_lock, flags);
		wdmdma_report(NULL, call,
			      "%p holds noncached pages: free it at PASSIVE_LEVEL (left allocated)",
			      key);
		return NULL;
	}
	if (b)
		hash_del(&b->node);
	spin_unlock_irqrestore(&wdmdma_mm_lock, flags);
	if (!b)
		wdmdma_report(NULL, call,
			      "%p is not a live allocation of its routine (freed twice?)", key);
	return b;
}

/* Is @cache a MEMORY_CACHING_TYPE a caller may pass? */
static bool wdmdma_mm_cache_ok(MEMORY_CACHING_TYPE cache, const char *call)
{
	if (cache >= MmNonCached && cache < MmMaximumCacheType)
		return true;
	wdmdma_report(NULL, call, "bad CacheType %d", cache);
	return false;
}

/*
 * Give @n pages of the direct map at @va the caching @cache asks
 * (uncached, write-combined), or back to write-back.  Sleeps.  On other
 * architectures RAM stays cached (their DMA coherence is the DMA API's).
 */
static int wdmdma_mm_set_cache(void *va, unsigned long n, MEMORY_CACHING_TYPE cache)
{
#ifdef CONFIG_X86
	unsigned long addr = (unsigned long)va;

	switch (cache) {
	case MmNonCached:
	case MmNonCachedUnordered:
		return set_memory_uc(addr, n);
	case MmWriteCombined:
	case MmUSWCCached:
		return set_memory_wc(addr, n);
	default:
		return set_memory_wb(addr, n);
	}
#else
	return 0;
#endif
}

/*
 * The zone that holds pages at or below @high: the page allocator takes
 * no address, so this is the smallest zone reaching it; pages above
 * @high still come back when the zone reaches beyond it (filtered).
 */
static gfp_t wdmdma_mm_zone(u64 high)
{
#ifdef CONFIG_ZONE_DMA
	if (high <= SZ_16M - 1)
		return GFP_DMA;
#endif
#ifdef CONFIG_ZONE_DMA32
	if (high <= SZ_4G - 1)
		return GFP_DMA32;
#endif
	return 0;
}

/*
 * Does [@pa, @pa + @len) lie inside one of the ranges
 * [@low + k * @skip, @high + k * @skip], k = 0, 1, ... (k = 0 only
 * when @skip is 0)?  The candidate is the last range starting at or
 * below @pa: the later a range, the higher its end.
 */
static bool wdmdma_mm_in_range(u64 pa, u64 len, u64 low, u64 high, u64 skip)
{
	u64 k = 0, shift, end = pa + len - 1;

	if (pa < low)
		return false;
	if (skip)
		k = div64_u64(pa - low, skip);
	if (check_mul_overflow(k, skip, &shift) || check_add_overflow(high, shift, &shift))
		return true;	/* that range reaches past every address */
	return end <= shift;
}

/* Pages held aside because they fell outside the caller's range */
struct wdmdma_mm_rejects {
	struct list_head pages;		/* linked through page->lru of each block */
	unsigned long count;
};

static void wdmdma_mm_reject(struct wdmdma_mm_rejects *r, struct page *page, unsigned int order)
{
	set_page_private(page, order);
	list_add(&page->lru, &r->pages);
	r->count++;
}

static void wdmdma_mm_rejects_free(struct wdmdma_mm_rejects *r)
{
	struct page *page, *next;

	list_for_each_entry_safe(page, next, &r->pages, lru) {
		unsigned int order = page_private(page);

		list_del(&page->lru);
		set_page_private(page, 0);
		__free_pages(page, order);
	}
	r->count = 0;
}

/*
 * Keep the first @keep pages of a block of 2^@order (split, so each page
 * is freed alone later) and free the rest.
 */
static void wdmdma_mm_trim(struct page *page, unsigned int order, unsigned long keep)
{
	unsigned long i;

	if (order)
		split_page(page, order);
	for (i = keep; i < (1UL << order); i++)
		__free_page(page + i);
}

/**
 * MmAllocatePagesForMdlEx() - physical pages for an MDL
 * @LowAddress: lowest physical address of the first acceptable range
 * @HighAddress: highest physical address of the first acceptable range
 * @SkipBytes: page multiple: the next ranges are the first moved up by
 *	SkipBytes, 2 x SkipBytes...; 0 for the first range alone.  With
 *	MM_ALLOCATE_REQUIRE_CONTIGUOUS_CHUNKS it is the size of the
 *	physically contiguous chunks instead (a power-of-two number of
 *	pages, at most the page allocator's largest block), taken from the
 *	first range
 * @TotalBytes: bytes wanted
 * @CacheType: caching the caller will map the pages with (checked; RAM
 *	stays write-back cached, coherent for DMA on x86)
 * @Flags: MM_ALLOCATE_* / MM_DONT_ZERO_ALLOCATION: pages are zeroed unless
 *	MM_DONT_ZERO_ALLOCATION; MM_ALLOCATE_FULLY_REQUIRED makes a partial
 *	result NULL; MM_ALLOCATE_NO_WAIT (or a call at DISPATCH_LEVEL) does
 *	not sleep; MM_ALLOCATE_PREFER_CONTIGUOUS tries blocks of up to 16
 *	pages first; the NUMA, large-page, trim and hot-remove flags are
 *	accepted and change nothing
 *
 * The MDL describes the pages from virtual address 0 (no system mapping:
 * MmMapLockedPagesSpecifyCache() makes one) and is ready for DMA.  As on
 * Windows it may describe fewer bytes than asked (MmGetMdlByteCount());
 * MmFreePagesFromMdl() frees the pages, then ExFreePool() the MDL.
 *
 * Context: at most DISPATCH_LEVEL.
 * Return: the MDL, or NULL when no page (or, FULLY_REQUIRED, not every
 * page) was found, or on misuse (reported).
 */
PMDL MmAllocatePagesForMdlEx(PHYSICAL_ADDRESS LowAddress, PHYSICAL_ADDRESS HighAddress,
			     PHYSICAL_ADDRESS SkipBytes, SIZE_T TotalBytes,
			     MEMORY_CACHING_TYPE CacheType, ULONG Flags)
{
	const ULONG known = MM_DONT_ZERO_ALLOCATION | MM_ALLOCATE_FROM_LOCAL_NODE_ONLY |
			    MM_ALLOCATE_FULLY_REQUIRED | MM_ALLOCATE_NO_WAIT |
			    MM_ALLOCATE_PREFER_CONTIGUOUS | MM_ALLOCATE_REQUIRE_CONTIGUOUS_CHUNKS |
			    MM_ALLOCATE_FAST_LARGE_PAGES | MM_ALLOCATE_TRIM_IF_NECESSARY |
			    MM_ALLOCATE_AND_HOT_REMOVE;
	u64 low = LowAddress.QuadPart, high = HighAddress.QuadPart, skip = SkipBytes.QuadPart;
	bool chunks = Flags & MM_ALLOCATE_REQUIRE_CONTIGUOUS_CHUNKS;
	struct wdmdma_mm_rejects rejects = { LIST_HEAD_INIT(rejects.pages), 0 };
	unsigned long n, got = 0, max_rejects, take;
	unsigned int order = 0, want;
	PPFN_NUMBER pfns;
	struct page *page;
	size_t size;
	gfp_t gfp;
	PMDL mdl;

	if (!wdmdma_irql_ok(NULL, __func__) || !wdmdma_mm_cache_ok(CacheType, __func__))
		return NULL;
	if (!TotalBytes || LowAddress.QuadPart < 0 || low > high || (skip & ~PAGE_MASK) ||
	    (Flags & ~known) || TotalBytes > (SIZE_T)U32_MAX - PAGE_SIZE + 1) {
		wdmdma_report(NULL, __func__,
			      "bad arguments: Low %#llx High %#llx Skip %#llx Total %#zx Flags %#x",
			      low, high, skip, (size_t)TotalBytes, Flags);
		return NULL;
	}
	if (chunks) {
		if (!skip || !is_power_of_2(skip >> PAGE_SHIFT) ||
		    ilog2(skip >> PAGE_SHIFT) > WDMDMA_MAX_ORDER) {
			wdmdma_report(NULL, __func__,
				      "chunk size (SkipBytes) %#llx: a power-of-two number of pages up to %lu are supported",
				      skip, PAGE_SIZE << WDMDMA_MAX_ORDER);
			return NULL;
		}
		order = ilog2(skip >> PAGE_SHIFT);
		skip = 0;	/* chunks come from the first range */
	}

	n = PAGE_ALIGN(TotalBytes) >> PAGE_SHIFT;
	size = MmSizeOfMdl(NULL, n << PAGE_SHIFT);
	mdl = kmalloc(size, wdmdma_gfp() | __GFP_NOWARN);
	if (!mdl)
		return NULL;
	pfns = MmGetMdlPfnArray(mdl);

	gfp = (wdmdma_atomic_context() || (Flags & MM_ALLOCATE_NO_WAIT)) ? GFP_NOWAIT : GFP_KERNEL;
	gfp |= __GFP_NOWARN | __GFP_NORETRY | (skip ? 0 : wdmdma_mm_zone(high));
	if (!(Flags & MM_DONT_ZERO_ALLOCATION))
		gfp |= __GFP_ZERO;
	max_rejects = 2 * n + 2048;

	while (got < n && rejects.count < max_rejects) {
		want = order;
		if (!chunks && (Flags & MM_ALLOCATE_PREFER_CONTIGUOUS))
			want = min_t(unsigned int, ilog2(n - got), 4);
		page = alloc_pages(gfp, want);
		if (!page && want && !chunks) {
			want = 0;
			page = alloc_pages(gfp, 0);
		}
		if (!page)
			break;		/* the zone is exhausted */
		if (!wdmdma_mm_in_range(page_to_phys(page), PAGE_SIZE << want, low, high, skip)) {
			wdmdma_mm_reject(&rejects, page, want);
			continue;
		}
		take = min(n - got, 1UL << want);
		wdmdma_mm_trim(page, want, take);
		while (take--)
			pfns[got++] = page_to_pfn(page++);
	}
	wdmdma_mm_rejects_free(&rejects);

	if (!got || (got < n && (Flags & MM_ALLOCATE_FULLY_REQUIRED)))
		goto err_free;
	MmInitializeMdl(mdl, NULL, min_t(SIZE_T, TotalBytes, got << PAGE_SHIFT));
	/* a CSHORT: capped (only IoBuildPartialMdl reads it) */
	mdl->Size = (CSHORT)min_t(size_t, size, S16_MAX);
	mdl->MdlFlags = MDL_PAGES_LOCKED;
	mdl->Process = NULL;
	mdl->MappedSystemVa = NULL;
	if (!wdmdma_mm_track(mdl, WDMDMA_MM_PAGES_MDL, got, CacheType))
		goto err_free;
	return mdl;

err_free:
	while (got)
		__free_page(pfn_to_page(pfns[--got]));
	kfree(mdl);
	return NULL;
}
EXPORT_SYMBOL_GPL(MmAllocatePagesForMdlEx);

/**
 * MmAllocatePagesForMdl() - MmAllocatePagesForMdlEx() with MmCached and no flags
 * @LowAddress: lowest physical address of the first acceptable range
 * @HighAddress: highest physical address of the first acceptable range
 * @SkipBytes: page multiple the next ranges are moved up by (0: one range)
 * @TotalBytes: bytes wanted
 *
 * Return: the MDL (possibly describing fewer bytes than asked), or NULL.
 */
PMDL MmAllocatePagesForMdl(PHYSICAL_ADDRESS LowAddress, PHYSICAL_ADDRESS HighAddress,
			   PHYSICAL_ADDRESS SkipBytes, SIZE_T TotalBytes)
{
	return MmAllocatePagesForMdlEx(LowAddress, HighAddress, SkipBytes, TotalBytes,
				       MmCached, 0);
}
EXPORT_SYMBOL_GPL(MmAllocatePagesForMdl);

/**
 * MmFreePagesFromMdl() - free the pages MmAllocatePagesForMdl(Ex) gave an MDL
 * @MemoryDescriptorList: the MDL; the caller then frees it with ExFreePool()
 *
 * A system mapping still made of the MDL is reported and unmapped.  The
 * MDL is left describing nothing (ByteCount 0, not locked), so a DMA
 * entry given it afterwards refuses it.
 *
 * Context: at most DISPATCH_LEVEL.
 */
void MmFreePagesFromMdl(PMDL MemoryDescriptorList)
{
	PMDL mdl = MemoryDescriptorList;
	struct wdmdma_mm_block *b;
	PPFN_NUMBER pfns;
	unsigned long i;

	if (!mdl) {
		wdmdma_report(NULL, __func__, "NULL MDL");
		return;
	}
	b = wdmdma_mm_untrack(mdl, WDMDMA_MM_PAGES_MDL, __func__, false);
	if (!b)
		return;
	if (mdl->MdlFlags & MDL_MAPPED_TO_SYSTEM_VA) {
		wdmdma_report(NULL, __func__, "MDL %p is still mapped; unmapping", mdl);
		MmUnmapLockedPages(mdl->MappedSystemVa, mdl);
	}
	pfns = MmGetMdlPfnArray(mdl);
	for (i = 0; i < b->npages; i++) {
		__free_page(pfn_to_page(pfns[i]));
		pfns[i] = 0;
	}
	mdl->ByteCount = 0;
	mdl->MdlFlags &= ~(MDL_PAGES_LOCKED | MDL_WRITE_OPERATION);
	kfree(b);
}
EXPORT_SYMBOL_GPL(MmFreePagesFromMdl);

/* A boundary @boundary (0: none) that [@pa, @pa + @len) does not cross */
static bool wdmdma_mm_boundary_ok(u64 pa, u64 len, u64 boundary)
{
	return !boundary || div64_u64(pa, boundary) == div64_u64(pa + len - 1, boundary);
}

/*
 * Physically contiguous memory in [@low, @high] not crossing a multiple
 * of @boundary, its direct mapping given @cache.  A block of 2^order pages
 * comes aligned to its size, so a power-of-two boundary at least that
 * large is met by every block; other boundaries are checked, as is the
 * range, and a block that misses is held aside while others are tried,
 * until the zone has no more or the blocks held aside add up to an eighth
 * of RAM (at most 64 MiB): the buddy allocator hands out a split block
 * piece by piece, so a narrow range (ISA's [8 MiB, 16 MiB), say) may be
 * reached only after every free piece below it.
 */
static void *wdmdma_mm_contig(const char *call, SIZE_T bytes, u64 low, u64 high, u64 boundary,
			      MEMORY_CACHING_TYPE cache, int node)
{
	struct wdmdma_mm_rejects rejects = { LIST_HEAD_INIT(rejects.pages), 0 };
	unsigned long n = PAGE_ALIGN(bytes) >> PAGE_SHIFT;
	unsigned int order = get_order(bytes);
	unsigned long max_rejects;
	struct page *page = NULL;
	void *va;
	gfp_t gfp;

	if (!wdmdma_irql_ok(NULL, call) || !wdmdma_mm_cache_ok(cache, call))
		return NULL;
	if (!bytes || low > high || (boundary && boundary < PAGE_ALIGN(bytes))) {
		wdmdma_report(NULL, call,
			      "bad arguments: %#zx bytes in [%#llx, %#llx], boundary %#llx",
			      (size_t)bytes, low, high, boundary);
		return NULL;
	}
	if (order > WDMDMA_MAX_ORDER) {
		wdmdma_report(NULL, call, "%#zx bytes: at most %lu are physically contiguous here",
			      (size_t)bytes, PAGE_SIZE << WDMDMA_MAX_ORDER);
		return NULL;
	}
	if (!wdmdma_mm_cache_wb(cache) && wdmdma_atomic_context()) {
		wdmdma_report(NULL, call,
			      "CacheType %d above PASSIVE_LEVEL: changing the caching of RAM sleeps",
			      cache);
		return NULL;
	}
	gfp = wdmdma_gfp() | __GFP_NOWARN | __GFP_NORETRY | wdmdma_mm_zone(high);
	max_rejects = max(16UL, min_t(unsigned long, SZ_64M >> PAGE_SHIFT, totalram_pages() / 8) >>
				 order);
	while (rejects.count < max_rejects) {
		page = alloc_pages_node(node, gfp, order);
		if (!page)
			break;
		if (wdmdma_mm_in_range(page_to_phys(page), n << PAGE_SHIFT, low, high, 0) &&
		    wdmdma_mm_boundary_ok(page_to_phys(page), n << PAGE_SHIFT, boundary))
			break;
		wdmdma_mm_reject(&rejects, page, order);
		page = NULL;
	}
	wdmdma_mm_rejects_free(&rejects);
	if (!page)
		return NULL;
	wdmdma_mm_trim(page, order, n);
	va = page_address(page);
	if (!wdmdma_mm_cache_wb(cache) && wdmdma_mm_set_cache(va, n, cache))
		goto err_free;
	if (!wdmdma_mm_track(va, WDMDMA_MM_CONTIG, n, cache))
		goto err_cache;
	return va;

err_cache:
	if (!wdmdma_mm_cache_wb(cache))
		wdmdma_mm_set_cache(va, n, MmCached);
err_free:
	while (n--)
		__free_page(page + n);
	return NULL;
}

/**
 * MmAllocateContiguousMemorySpecifyCache() - physically contiguous memory
 * @NumberOfBytes: its size; up to the page allocator's largest block
 *	(4 MiB on x86-64)
 * @LowestAcceptableAddress: lowest physical address it may start at
 * @HighestAcceptableAddress: highest physical address it may reach
 * @BoundaryAddressMultiple: 0, or a physical address multiple the block
 *	must not cross
 * @CacheType: MmCached, or MmNonCached / MmWriteCombined (x86: the
 *	direct mapping of the pages is changed, which sleeps: PASSIVE_LEVEL)
 *
 * The memory is not zeroed.  MmFreeContiguousMemory() frees it.
 *
 * Context: at most DISPATCH_LEVEL (PASSIVE_LEVEL for uncached types).
 * Return: its system address, or NULL.
 */
PVOID MmAllocateContiguousMemorySpecifyCache(SIZE_T NumberOfBytes,
					     PHYSICAL_ADDRESS LowestAcceptableAddress,
					     PHYSICAL_ADDRESS HighestAcceptableAddress,
					     PHYSICAL_ADDRESS BoundaryAddressMultiple,
					     MEMORY_CACHING_TYPE CacheType)
{
	return wdmdma_mm_contig(__func__, NumberOfBytes, LowestAcceptableAddress.QuadPart,
				HighestAcceptableAddress.QuadPart,
				BoundaryAddressMultiple.QuadPart, CacheType, NUMA_NO_NODE);
}
EXPORT_SYMBOL_GPL(MmAllocateContiguousMemorySpecifyCache);

/**
 * MmAllocateContiguousMemory() - physically contiguous, cached memory
 * @NumberOfBytes: its size (see MmAllocateContiguousMemorySpecifyCache())
 * @HighestAcceptableAddress: highest physical address it may reach
 *
 * Return: its system address, or NULL.
 */
PVOID MmAllocateContiguousMemory(SIZE_T NumberOfBytes, PHYSICAL_ADDRESS HighestAcceptableAddress)
{
	return wdmdma_mm_contig(__func__, NumberOfBytes, 0, HighestAcceptableAddress.QuadPart, 0,
				MmCached, NUMA_NO_NODE);
}
EXPORT_SYMBOL_GPL(MmAllocateContiguousMemory);

/**
 * MmAllocateContiguousNodeMemory() - physically contiguous memory from a
 *	preferred NUMA node
 * @NumberOfBytes: its size (see MmAllocateContiguousMemorySpecifyCache())
 * @LowestAcceptableAddress: lowest physical address it may start at
 * @HighestAcceptableAddress: highest physical address it may reach
 * @BoundaryAddressMultiple: 0, or a multiple the block must not cross
 * @Protect: PAGE_READWRITE or PAGE_EXECUTE_READWRITE (the latter mapped
 *	no-execute here, reported), with PAGE_NOCACHE or PAGE_WRITECOMBINE
 * @PreferredNode: the node, or MM_ANY_NODE_OK
 *
 * Return: its system address, or NULL.
 */
PVOID MmAllocateContiguousNodeMemory(SIZE_T NumberOfBytes,
				     PHYSICAL_ADDRESS LowestAcceptableAddress,
				     PHYSICAL_ADDRESS HighestAcceptableAddress,
				     PHYSICAL_ADDRESS BoundaryAddressMultiple, ULONG Protect,
				     NODE_REQUIREMENT PreferredNode)
{
	ULONG access = Protect & ~(PAGE_NOCACHE | PAGE_WRITECOMBINE);
	MEMORY_CACHING_TYPE cache = MmCached;
	int node = NUMA_NO_NODE;

	if ((access != PAGE_READWRITE && access != PAGE_EXECUTE_READWRITE) ||
	    (Protect & PAGE_NOCACHE && Protect & PAGE_WRITECOMBINE)) {
		wdmdma_report(NULL, __func__, "bad Protect %#x", Protect);
		return NULL;
	}
	if (access == PAGE_EXECUTE_READWRITE)
		wdmdma_report(NULL, __func__,
			      "executable memory is not handed out: mapped no-execute");
	if (Protect & PAGE_NOCACHE)
		cache = MmNonCached;
	else if (Protect & PAGE_WRITECOMBINE)
		cache = MmWriteCombined;
	if (PreferredNode != MM_ANY_NODE_OK && PreferredNode < MAX_NUMNODES &&
	    node_online(PreferredNode))
		node = PreferredNode;
	return wdmdma_mm_contig(__func__, NumberOfBytes, LowestAcceptableAddress.QuadPart,
				HighestAcceptableAddress.QuadPart,
				BoundaryAddressMultiple.QuadPart, cache, node);
}
EXPORT_SYMBOL_GPL(MmAllocateContiguousNodeMemory);

static void wdmdma_mm_contig_free(PVOID BaseAddress, const char *call)
{
	struct wdmdma_mm_block *b;
	struct page *page;
	unsigned long i;

	if (!BaseAddress) {
		wdmdma_report(NULL, call, "NULL BaseAddress");
		return;
	}
	b = wdmdma_mm_untrack(BaseAddress, WDMDMA_MM_CONTIG, call, wdmdma_atomic_context());
	if (!b)
		return;
	if (!wdmdma_mm_cache_wb(b->cache))
		wdmdma_mm_set_cache(BaseAddress, b->npages, MmCached);
	page = virt_to_page(BaseAddress);
	for (i = 0; i < b->npages; i++)
		__free_page(page + i);
	kfree(b);
}

/**
 * MmFreeContiguousMemory() - free what MmAllocateContiguousMemory*() gave
 * @BaseAddress: the address it returned
 *
 * Context: at most DISPATCH_LEVEL; memory allocated uncached or
 * write-combined only at PASSIVE_LEVEL (else reported and left allocated).
 */
void MmFreeContiguousMemory(PVOID BaseAddress)
{
	wdmdma_mm_contig_free(BaseAddress, __func__);
}
EXPORT_SYMBOL_GPL(MmFreeContiguousMemory);

/**
 * MmFreeContiguousMemorySpecifyCache() - free what
 *	MmAllocateContiguousMemorySpecifyCache() gave
 * @BaseAddress: the address it returned
 * @NumberOfBytes: the size asked then (checked)
 * @CacheType: the caching type asked then (checked)
 *
 * A size or caching type other than the allocation's is reported; the
 * allocation is freed all the same.
 */
void MmFreeContiguousMemorySpecifyCache(PVOID BaseAddress, SIZE_T NumberOfBytes,
					MEMORY_CACHING_TYPE CacheType)
{
	struct wdmdma_mm_block *b;
	unsigned long flags;
	bool match = false;

	spin_lock_irqsave(&wdmdma_mm_lock, flags);
	b = wdmdma_mm_find(BaseAddress, WDMDMA_MM_CONTIG);
	if (b)
		match = b->npages == PAGE_ALIGN(NumberOfBytes) >> PAGE_SHIFT &&
			b->cache == CacheType;
	spin_unlock_irqrestore(&wdmdma_mm_lock, flags);
	if (b && !match)
		wdmdma_report(NULL, __func__,
			      "%p: %#zx bytes, CacheType %d differ from the allocation's",
			      BaseAddress, (size_t)NumberOfBytes, CacheType);
	wdmdma_mm_contig_free(BaseAddress, __func__);
}
EXPORT_SYMBOL_GPL(MmFreeContiguousMemorySpecifyCache);

/**
 * MmAllocateNonCachedMemory() - virtually contiguous, uncached memory
 * @NumberOfBytes: its size
 *
 * Pages from anywhere, each made uncached in the direct map (x86) and
 * mapped uncached together (vmap), zeroed.  MmFreeNonCachedMemory() frees it.
 *
 * Context: PASSIVE_LEVEL (changing the caching of RAM sleeps); otherwise
 * reported and NULL.
 * Return: its system address, or NULL.
 */
PVOID MmAllocateNonCachedMemory(SIZE_T NumberOfBytes)
{
	unsigned long i, n = PAGE_ALIGN(NumberOfBytes) >> PAGE_SHIFT;
	struct page **pages;
	void *va = NULL;

	if (!NumberOfBytes || wdmdma_atomic_context()) {
		wdmdma_report(NULL, __func__, "%s", NumberOfBytes ? "called above PASSIVE_LEVEL" :
			      "zero NumberOfBytes");
		return NULL;
	}
	pages = kvcalloc(n, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return NULL;
	for (i = 0; i < n; i++) {
		pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN);
		if (!pages[i])
			goto err_pages;
		if (wdmdma_mm_set_cache(page_address(pages[i]), 1, MmNonCached)) {
			__free_page(pages[i]);
			goto err_pages;
		}
	}
	va = vmap(pages, n, VM_MAP, pgprot_noncached(PAGE_KERNEL));
	if (!va)
		goto err_pages;
	if (!wdmdma_mm_track(va, WDMDMA_MM_NONCACHED, n, MmNonCached))
		goto err_vmap;
	kvfree(pages);
	return va;

err_vmap:
	vunmap(va);
err_pages:
	while (i--) {
		wdmdma_mm_set_cache(page_address(pages[i]), 1, MmCached);
		__free_page(pages[i]);
	}
	kvfree(pages);
	return NULL;
}
EXPORT_SYMBOL_GPL(MmAllocateNonCachedMemory);

/**
 * MmFreeNonCachedMemory() - free what MmAllocateNonCachedMemory() gave
 * @BaseAddress: the address it returned
 * @NumberOfBytes: the size asked then (checked)
 *
 * Context: PASSIVE_LEVEL; otherwise reported and left allocated.
 */
void MmFreeNonCachedMemory(PVOID BaseAddress, SIZE_T NumberOfBytes)
{
	struct wdmdma_mm_block *b;
	struct page *page;
	unsigned long i;

	if (!BaseAddress || wdmdma_atomic_context()) {
		wdmdma_report(NULL, __func__, "%s", BaseAddress ?
			      "called above PASSIVE_LEVEL (left allocated)" : "NULL BaseAddress");
		return;
	}
	b = wdmdma_mm_untrack(BaseAddress, WDMDMA_MM_NONCACHED, __func__, false);
	if (!b)
		return;
	if (b->npages != PAGE_ALIGN(NumberOfBytes) >> PAGE_SHIFT)
		wdmdma_report(NULL, __func__, "%p: %#zx bytes differ from the allocation's",
			      BaseAddress, (size_t)NumberOfBytes);
	for (i = 0; i < b->npages; i++) {
		page = vmalloc_to_page(BaseAddress + (i << PAGE_SHIFT));
		wdmdma_mm_set_cache(page_address(page), 1, MmCached);
		__free_page(page);
	}
	vunmap(BaseAddress);
	kfree(b);
}
EXPORT_SYMBOL_GPL(MmFreeNonCachedMemory);

/*
 * The pageable-section routines.  No part of a module is paged here, so
 * there is nothing to lock: a section's handle is the address the driver
 * named (never NULL), and unlocking takes any such handle back.
 */
static PVOID wdmdma_mm_section(PVOID AddressWithinSection, const char *call)
{
	if (wdmdma_atomic_context())
		wdmdma_report(NULL, call, "called above APC_LEVEL");
	if (!AddressWithinSection)
		wdmdma_report(NULL, call, "NULL AddressWithinSection");
	return AddressWithinSection;
}

/**
 * MmLockPagableDataSection() - lock a pageable data section (nothing to do)
 * @AddressWithinSection: an address in the section
 *
 * Return: the section's handle: @AddressWithinSection.
 */
PVOID MmLockPagableDataSection(PVOID AddressWithinSection)
{
	return wdmdma_mm_section(AddressWithinSection, __func__);
}
EXPORT_SYMBOL_GPL(MmLockPagableDataSection);

/**
 * MmLockPagableCodeSection() - lock a pageable code section (nothing to do)
 * @AddressWithinSection: an address in the section (a function)
 *
 * Return: the section's handle: @AddressWithinSection.
 */
PVOID MmLockPagableCodeSection(PVOID AddressWithinSection)
{
	return wdmdma_mm_section(AddressWithinSection, __func__);
}
EXPORT_SYMBOL_GPL(MmLockPagableCodeSection);

/**
 * MmLockPagableSectionByHandle() - lock a section again by its handle
 * @ImageSectionHandle: what MmLockPagable*Section() returned
 */
void MmLockPagableSectionByHandle(PVOID ImageSectionHandle)
{
	wdmdma_mm_section(ImageSectionHandle, __func__);
}
EXPORT_SYMBOL_GPL(MmLockPagableSectionByHandle);

/**
 * MmUnlockPagableImageSection() - release a section lock
 * @ImageSectionHandle: what MmLockPagable*Section() returned
 */
void MmUnlockPagableImageSection(PVOID ImageSectionHandle)
{
	wdmdma_mm_section(ImageSectionHandle, __func__);
}
EXPORT_SYMBOL_GPL(MmUnlockPagableImageSection);

/**
 * MmPageEntireDriver() - let the whole driver be paged (it never is here)
 * @AddressWithinSection: an address in the driver
 *
 * Return: @AddressWithinSection, as the driver's image handle.
 */
PVOID MmPageEntireDriver(PVOID AddressWithinSection)
{
	return wdmdma_mm_section(AddressWithinSection, __func__);
}
EXPORT_SYMBOL_GPL(MmPageEntireDriver);

/**
 * MmResetDriverPaging() - undo MmPageEntireDriver() (nothing to do)
 * @AddressWithinSection: an address in the driver
 */
void MmResetDriverPaging(PVOID AddressWithinSection)
{
	wdmdma_mm_section(AddressWithinSection, __func__);
}
EXPORT_SYMBOL_GPL(MmResetDriverPaging);
