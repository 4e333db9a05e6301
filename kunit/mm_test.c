// SPDX-License-Identifier: GPL-2.0
/*
 * The memory manager's allocation routines: pages for an MDL within
 * address limits (and the DMA core mapping them), physically contiguous
 * and noncached memory, the pageable-section handles, MmIsAddressValid.
 */
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "target.h"
#include "suites.h"

static PHYSICAL_ADDRESS mm_pa(u64 v)
{
	PHYSICAL_ADDRESS a;

	a.QuadPart = v;
	return a;
}

static u64 mm_pfn_pa(PMDL mdl, ULONG i)
{
	return (u64)MmGetMdlPfnArray(mdl)[i] << PAGE_SHIFT;
}

static ULONG mm_pages(PMDL mdl)
{
	return ADDRESS_AND_SIZE_TO_SPAN_PAGES(MmGetMdlVirtualAddress(mdl), mdl->ByteCount);
}

/* Free what MmAllocatePagesForMdl(Ex) gave, the documented way. */
static void mm_free_mdl(PMDL mdl)
{
	MmFreePagesFromMdl(mdl);
	ExFreePool(mdl);
}

/*
 * Pages for an MDL: the bytes asked, locked (DMA-ready), zeroed, from
 * virtual address 0; mapped and unmapped; freed the documented way, a
 * second free and IoFreeMdl refused.
 */
static void mm_pages_basic(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	ULONG len = 5 * PAGE_SIZE + 100, i;
	PMDL mdl, part;
	u8 *va;

	mdl = MmAllocatePagesForMdl(mm_pa(0), mm_pa(~0ULL), mm_pa(0), len);
	KUNIT_ASSERT_NOT_NULL(test, mdl);
	KUNIT_EXPECT_EQ(test, MmGetMdlByteCount(mdl), len);
	KUNIT_EXPECT_EQ(test, MmGetMdlByteOffset(mdl), 0U);
	KUNIT_EXPECT_NULL(test, MmGetMdlVirtualAddress(mdl));
	KUNIT_EXPECT_TRUE(test, mdl->MdlFlags & MDL_PAGES_LOCKED);
	KUNIT_EXPECT_FALSE(test, mdl->MdlFlags & MDL_MAPPED_TO_SYSTEM_VA);
	for (i = 0; i < mm_pages(mdl); i++)
		KUNIT_EXPECT_TRUE(test, pfn_valid(MmGetMdlPfnArray(mdl)[i]));

	va = MmGetSystemAddressForMdlSafe(mdl, NormalPagePriority);
	KUNIT_ASSERT_NOT_NULL(test, va);
	KUNIT_EXPECT_TRUE(test, mdl->MdlFlags & MDL_MAPPED_TO_SYSTEM_VA);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(va, 0, len));	/* zeroed */
	wdmdma_fill(va, len, 3);
	/* the mapping is of the MDL's own pages */
	KUNIT_EXPECT_EQ(test, MmGetPhysicalAddress(va + 2 * PAGE_SIZE + 7).QuadPart,
			(LONGLONG)mm_pfn_pa(mdl, 2) + 7);
	/* a partial MDL of it shares its pages and its mapping */
	part = IoAllocateMdl((PVOID)PAGE_SIZE, PAGE_SIZE, FALSE, FALSE, NULL);
	KUNIT_ASSERT_NOT_NULL(test, part);
	IoBuildPartialMdl(mdl, part, (PVOID)PAGE_SIZE, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, MmGetMdlPfnArray(part)[0], MmGetMdlPfnArray(mdl)[1]);
	KUNIT_EXPECT_PTR_EQ(test, (u8 *)MmGetSystemAddressForMdlSafe(part, NormalPagePriority),
			    va + PAGE_SIZE);
	IoFreeMdl(part);
	MmUnmapLockedPages(va, mdl);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);

	IoFreeMdl(mdl);					/* not IoAllocateMdl's: refused */
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);
	MmFreePagesFromMdl(mdl);
	KUNIT_EXPECT_EQ(test, MmGetMdlByteCount(mdl), 0U);
	KUNIT_EXPECT_FALSE(test, mdl->MdlFlags & MDL_PAGES_LOCKED);
	MmFreePagesFromMdl(mdl);			/* twice: refused */
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 2);
	ExFreePool(mdl);

	/* no flags beyond MmAllocatePagesForMdl; MM_DONT_ZERO_ALLOCATION works */
	mdl = MmAllocatePagesForMdlEx(mm_pa(0), mm_pa(~0ULL), mm_pa(0), PAGE_SIZE, MmCached,
				      MM_DONT_ZERO_ALLOCATION);
	KUNIT_ASSERT_NOT_NULL(test, mdl);
	mm_free_mdl(mdl);
	/* misuse: nothing to allocate, bad range, bad flags, bad cache type */
	KUNIT_EXPECT_NULL(test, MmAllocatePagesForMdl(mm_pa(0), mm_pa(~0ULL), mm_pa(0), 0));
	KUNIT_EXPECT_NULL(test, MmAllocatePagesForMdl(mm_pa(SZ_16M), mm_pa(SZ_8M), mm_pa(0),
						      PAGE_SIZE));
	KUNIT_EXPECT_NULL(test, MmAllocatePagesForMdl(mm_pa(0), mm_pa(~0ULL), mm_pa(100),
						      PAGE_SIZE));
	KUNIT_EXPECT_NULL(test, MmAllocatePagesForMdlEx(mm_pa(0), mm_pa(~0ULL), mm_pa(0),
							PAGE_SIZE, MmCached, 0x10000));
	KUNIT_EXPECT_NULL(test, MmAllocatePagesForMdlEx(mm_pa(0), mm_pa(~0ULL), mm_pa(0),
							PAGE_SIZE, MmMaximumCacheType, 0));
	MmFreePagesFromMdl(NULL);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 8);
}

/* Every page of @mdl inside [@low + k * @skip, @high + k * @skip] for some k */
static void mm_expect_in(struct kunit *test, PMDL mdl, u64 low, u64 high, u64 skip)
{
	ULONG i, bad = 0;

	for (i = 0; i < mm_pages(mdl); i++) {
		u64 pa = mm_pfn_pa(mdl, i), k = skip ? (pa - low) / skip : 0;

		if (pa < low || pa + PAGE_SIZE - 1 > high + k * skip)
			bad++;
	}
	KUNIT_EXPECT_EQ_MSG(test, bad, 0U, "%u of %u pages outside the ranges", bad,
			    mm_pages(mdl));
}

/*
 * LowAddress and HighAddress hold for every page; a range that cannot hold
 * what is asked gives a partial MDL, and NULL with FULLY_REQUIRED.
 */
static void mm_pages_limits(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	ULONG want = 12 * SZ_1M;
	PMDL mdl;

	/* below 16 MiB (ZONE_DMA) */
	mdl = MmAllocatePagesForMdl(mm_pa(0), mm_pa(SZ_16M - 1), mm_pa(0), 64 * PAGE_SIZE);
	KUNIT_ASSERT_NOT_NULL(test, mdl);
	KUNIT_EXPECT_EQ(test, MmGetMdlByteCount(mdl), 64 * PAGE_SIZE);
	mm_expect_in(test, mdl, 0, SZ_16M - 1, 0);
	mm_free_mdl(mdl);

	/* below 256 MiB, above 1 MiB (ZONE_DMA32, filtered) */
	mdl = MmAllocatePagesForMdl(mm_pa(SZ_1M), mm_pa(SZ_256M - 1), mm_pa(0),
				    64 * PAGE_SIZE);
	KUNIT_ASSERT_NOT_NULL(test, mdl);
	KUNIT_EXPECT_EQ(test, MmGetMdlByteCount(mdl), 64 * PAGE_SIZE);
	mm_expect_in(test, mdl, SZ_1M, SZ_256M - 1, 0);
	mm_free_mdl(mdl);

	/* [8 MiB, 16 MiB) cannot hold 12 MiB: fewer bytes, all inside */
	mdl = MmAllocatePagesForMdl(mm_pa(SZ_8M), mm_pa(SZ_16M - 1), mm_pa(0), want);
	KUNIT_ASSERT_NOT_NULL(test, mdl);
	KUNIT_EXPECT_GT(test, MmGetMdlByteCount(mdl), 0U);
	KUNIT_EXPECT_LE(test, MmGetMdlByteCount(mdl), (ULONG)SZ_8M);
	KUNIT_EXPECT_EQ(test, MmGetMdlByteCount(mdl) % PAGE_SIZE, 0UL);
	mm_expect_in(test, mdl, SZ_8M, SZ_16M - 1, 0);
	kunit_info(test, "[8M, 16M): %u of %u bytes\n", MmGetMdlByteCount(mdl), want);
	mm_free_mdl(mdl);
	/* the same all-or-nothing: NULL, cleanly (nothing reported, nothing kept) */
	KUNIT_EXPECT_NULL(test, MmAllocatePagesForMdlEx(mm_pa(SZ_8M), mm_pa(SZ_16M - 1),
							mm_pa(0), want, MmCached,
							MM_ALLOCATE_FULLY_REQUIRED));
	/* a range with no RAM at all */
	KUNIT_EXPECT_NULL(test, MmAllocatePagesForMdl(mm_pa(1ULL << 50), mm_pa(~0ULL), mm_pa(0),
						      PAGE_SIZE));
	/* what fits is fully allocated with FULLY_REQUIRED */
	mdl = MmAllocatePagesForMdlEx(mm_pa(0), mm_pa(SZ_16M - 1), mm_pa(0), 16 * PAGE_SIZE,
				      MmCached, MM_ALLOCATE_FULLY_REQUIRED | MM_ALLOCATE_NO_WAIT);
	KUNIT_ASSERT_NOT_NULL(test, mdl);
	KUNIT_EXPECT_EQ(test, MmGetMdlByteCount(mdl), 16 * PAGE_SIZE);
	mm_free_mdl(mdl);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
}

/* SkipBytes: the next ranges are the first moved up by it, and only those. */
static void mm_pages_skip(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	ULONG i, second = 0;
	PMDL mdl;

	/* [0, 6M), [8M, 14M), [16M, 22M), ...: a quarter of RAM is excluded */
	mdl = MmAllocatePagesForMdl(mm_pa(0), mm_pa(6 * SZ_1M - 1), mm_pa(SZ_8M),
				    256 * PAGE_SIZE);
	KUNIT_ASSERT_NOT_NULL(test, mdl);
	KUNIT_EXPECT_EQ(test, MmGetMdlByteCount(mdl), 256 * PAGE_SIZE);
	mm_expect_in(test, mdl, 0, 6 * SZ_1M - 1, SZ_8M);
	for (i = 0; i < mm_pages(mdl); i++) {
		KUNIT_EXPECT_LT(test, mm_pfn_pa(mdl, i) % SZ_8M, (u64)6 * SZ_1M);
		second += mm_pfn_pa(mdl, i) >= SZ_8M;
	}
	/* pages came from beyond the first range: the ranges were iterated */
	KUNIT_EXPECT_GT(test, second, 0U);
	mm_free_mdl(mdl);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
}

/* MM_ALLOCATE_REQUIRE_CONTIGUOUS_CHUNKS: SkipBytes-sized physically contiguous chunks. */
static void mm_pages_chunks(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	ULONG chunk = 16, i;
	PPFN_NUMBER pfn;
	PMDL mdl;

	mdl = MmAllocatePagesForMdlEx(mm_pa(0), mm_pa(~0ULL), mm_pa(chunk * PAGE_SIZE),
				      4 * chunk * PAGE_SIZE, MmCached,
				      MM_ALLOCATE_REQUIRE_CONTIGUOUS_CHUNKS |
				      MM_ALLOCATE_FULLY_REQUIRED);
	KUNIT_ASSERT_NOT_NULL(test, mdl);
	KUNIT_ASSERT_EQ(test, mm_pages(mdl), 4 * chunk);
	pfn = MmGetMdlPfnArray(mdl);
	for (i = 0; i < 4 * chunk; i++) {
		if (i % chunk)
			KUNIT_EXPECT_EQ(test, pfn[i], pfn[i - 1] + 1);
		else
			KUNIT_EXPECT_EQ(test, pfn[i] % chunk, 0UL);	/* aligned */
	}
	mm_free_mdl(mdl);

	/* with limits: chunks below 16 MiB */
	mdl = MmAllocatePagesForMdlEx(mm_pa(0), mm_pa(SZ_16M - 1), mm_pa(SZ_64K), SZ_256K,
				      MmCached, MM_ALLOCATE_REQUIRE_CONTIGUOUS_CHUNKS);
	KUNIT_ASSERT_NOT_NULL(test, mdl);
	mm_expect_in(test, mdl, 0, SZ_16M - 1, 0);
	mm_free_mdl(mdl);

	/* PREFER_CONTIGUOUS: all of it, however pieced */
	mdl = MmAllocatePagesForMdlEx(mm_pa(0), mm_pa(~0ULL), mm_pa(0), 37 * PAGE_SIZE, MmCached,
				      MM_ALLOCATE_PREFER_CONTIGUOUS);
	KUNIT_ASSERT_NOT_NULL(test, mdl);
	KUNIT_EXPECT_EQ(test, MmGetMdlByteCount(mdl), 37 * PAGE_SIZE);
	mm_free_mdl(mdl);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);

	/* a chunk that is not a power-of-two number of pages: refused */
	KUNIT_EXPECT_NULL(test, MmAllocatePagesForMdlEx(mm_pa(0), mm_pa(~0ULL),
							mm_pa(3 * PAGE_SIZE), SZ_64K, MmCached,
							MM_ALLOCATE_REQUIRE_CONTIGUOUS_CHUNKS));
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);
}

/* At DISPATCH_LEVEL pages come without sleeping. */
static void mm_pages_dispatch(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	KIRQL old;
	PMDL mdl;

	KeRaiseIrql(DISPATCH_LEVEL, &old);
	mdl = MmAllocatePagesForMdlEx(mm_pa(0), mm_pa(~0ULL), mm_pa(0), 4 * PAGE_SIZE, MmCached,
				      MM_ALLOCATE_NO_WAIT);
	if (mdl)
		MmFreePagesFromMdl(mdl);
	KeLowerIrql(old);
	KUNIT_ASSERT_NOT_NULL(test, mdl);
	ExFreePool(mdl);
	/* noncached memory needs PASSIVE_LEVEL */
	KeRaiseIrql(DISPATCH_LEVEL, &old);
	KUNIT_EXPECT_NULL(test, MmAllocateNonCachedMemory(PAGE_SIZE));
	KeLowerIrql(old);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);
}

struct mm_sgl {
	PSCATTER_GATHER_LIST list;
	int runs;
};

static void mm_sgl_routine(PDEVICE_OBJECT d, PIRP irp, PSCATTER_GATHER_LIST list, PVOID ctx)
{
	struct mm_sgl *s = ctx;

	s->list = list;
	s->runs++;
}

static IO_ALLOCATION_ACTION mm_keep_regs(PDEVICE_OBJECT d, PIRP irp, PVOID base, PVOID ctx)
{
	*(PVOID *)ctx = base;
	return DeallocateObjectKeepRegisters;
}

/*
 * The DMA core maps a pages-for-MDL MDL (CurrentVa from its virtual
 * address 0): GetScatterGatherList and MapTransfer, both directions, data
 * checked on the device side of the configuration's real device.
 */
static void mm_pages_dma(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	ULONG len = 3 * PAGE_SIZE - 200, nregs, i, off, got;
	struct wdmdma_target *t;
	PDMA_OPERATIONS ops;
	DEVICE_DESCRIPTION d;
	PHYSICAL_ADDRESS a;
	struct mm_sgl s = {};
	PDMA_ADAPTER da;
	PVOID base = NULL;
	u8 *va, *seen;
	PUCHAR cur;
	PMDL mdl;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	seen = kunit_kzalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_ASSERT_NOT_NULL(test, seen);
	wdmdma_target_init(test, t, WDMDMA_TARGET_PLATFORM);
	wdmdma_target_desc(t, &d, true, SZ_64K);
	da = wdmdma_target_adapter(t, &d, &nregs);
	ops = da->DmaOperations;

	mdl = MmAllocatePagesForMdl(mm_pa(0), mm_pa(~0ULL), mm_pa(0), len);
	if (!mdl)
		goto out_put;
	va = MmGetSystemAddressForMdlSafe(mdl, NormalPagePriority);
	if (!va)
		goto out_free;
	cur = MmGetMdlVirtualAddress(mdl);
	wdmdma_fill(va, len, 11);

	/* memory to device through a scatter/gather list */
	KUNIT_EXPECT_EQ(test, ops->GetScatterGatherList(da, t->fdo[0], mdl, cur, len,
							mm_sgl_routine, &s, TRUE),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, s.runs, 1);
	if (s.list) {
		for (i = 0, off = 0; i < s.list->NumberOfElements;
		     off += s.list->Elements[i++].Length)
			wdmdma_target_dev_read(t, s.list->Elements[i].Address.QuadPart, seen + off,
					       s.list->Elements[i].Length);
		KUNIT_EXPECT_EQ(test, off, len);
		KUNIT_EXPECT_EQ(test, memcmp(seen, va, len), 0);
		ops->PutScatterGatherList(da, s.list, TRUE);
	}

	/* device to memory through MapTransfer (packet DMA) */
	KUNIT_EXPECT_EQ(test, ops->AllocateAdapterChannel(da, t->fdo[0],
							  ADDRESS_AND_SIZE_TO_SPAN_PAGES(cur, len),
							  mm_keep_regs, &base),
			STATUS_SUCCESS);
	wdmdma_fill(seen, len, 12);
	for (off = 0; base && off < len; off += got) {
		got = len - off;
		a = ops->MapTransfer(da, mdl, base, cur + off, &got, FALSE);
		if (!got) {
			KUNIT_FAIL(test, "MapTransfer mapped nothing at +%u", off);
			break;
		}
		wdmdma_target_dev_write(t, a.QuadPart, seen + off, got);
	}
	if (base) {
		KUNIT_EXPECT_TRUE(test, ops->FlushAdapterBuffers(da, mdl, base, cur, len, FALSE));
		ops->FreeMapRegisters(da, base, ADDRESS_AND_SIZE_TO_SPAN_PAGES(cur, len));
	}
	KUNIT_EXPECT_EQ(test, memcmp(seen, va, len), 0);
	MmUnmapLockedPages(va, mdl);
out_free:
	mm_free_mdl(mdl);
out_put:
	da->DmaOperations->PutDmaAdapter(da);
	wdmdma_target_exit(t);
	KUNIT_EXPECT_NOT_NULL(test, mdl);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
}

/* Is [va, va + len) physically contiguous? */
static bool mm_phys_contig(u8 *va, size_t len)
{
	LONGLONG pa = MmGetPhysicalAddress(va).QuadPart;
	size_t off;

	for (off = PAGE_SIZE; off < len; off += PAGE_SIZE)
		if (MmGetPhysicalAddress(va + off).QuadPart != pa + (LONGLONG)off)
			return false;
	return true;
}

/* Contiguous memory: within its bounds, not crossing its boundary, usable. */
static void mm_contig(struct kunit *test)
{
	static const MEMORY_CACHING_TYPE types[] = { MmCached, MmNonCached, MmWriteCombined };
	unsigned long v0 = wdmdma_violations(NULL);
	size_t len = 3 * PAGE_SIZE + 1;
	u8 *va, *ref = kunit_kmalloc(test, 40 * 1024, GFP_KERNEL);
	KIRQL old;
	u64 pa;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, ref);
	va = MmAllocateContiguousMemory(len, mm_pa(SZ_16M - 1));
	KUNIT_ASSERT_NOT_NULL(test, va);
	KUNIT_EXPECT_TRUE(test, mm_phys_contig(va, len));
	KUNIT_EXPECT_LE(test, (u64)MmGetPhysicalAddress(va).QuadPart + len - 1, (u64)SZ_16M - 1);
	KUNIT_EXPECT_EQ(test, offset_in_page(va), 0UL);
	memset(va, 0x5a, len);
	KUNIT_EXPECT_EQ(test, va[len - 1], 0x5a);
	MmFreeContiguousMemory(va);
	MmFreeContiguousMemory(va);			/* twice: refused */
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);

	/*
	 * ISA-style windows: [8 MiB, 16 MiB) and the narrower [12 MiB, 16 MiB),
	 * reached even when the allocator's free pieces below come first
	 */
	for (i = 0; i < 2 * ARRAY_SIZE(types); i++) {
		u64 low = i < ARRAY_SIZE(types) ? SZ_8M : SZ_8M + SZ_4M;
		size_t n = 40 * 1024;

		va = MmAllocateContiguousMemorySpecifyCache(n, mm_pa(low), mm_pa(SZ_16M - 1),
							    mm_pa(SZ_64K),
							    types[i % ARRAY_SIZE(types)]);
		KUNIT_ASSERT_NOT_NULL_MSG(test, va, "%zu bytes in [%#llx, 16M), CacheType %d", n,
					  low, types[i % ARRAY_SIZE(types)]);
		pa = MmGetPhysicalAddress(va).QuadPart;
		KUNIT_EXPECT_TRUE(test, mm_phys_contig(va, n));
		KUNIT_EXPECT_GE(test, pa, low);
		KUNIT_EXPECT_LE(test, pa + n - 1, (u64)SZ_16M - 1);
		KUNIT_EXPECT_EQ(test, pa / SZ_64K, (pa + n - 1) / SZ_64K);
		/* usable: what is written reads back */
		wdmdma_fill(ref, n, i);
		memcpy(va, ref, n);
		KUNIT_EXPECT_EQ(test, memcmp(va, ref, n), 0);
		MmFreeContiguousMemorySpecifyCache(va, n, types[i % ARRAY_SIZE(types)]);
	}
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);

	/* uncached memory freed at DISPATCH_LEVEL: reported, kept, freed later */
	va = MmAllocateContiguousMemorySpecifyCache(PAGE_SIZE, mm_pa(0), mm_pa(~0ULL), mm_pa(0),
						    MmNonCached);
	KUNIT_ASSERT_NOT_NULL(test, va);
	KeRaiseIrql(DISPATCH_LEVEL, &old);
	MmFreeContiguousMemory(va);
	KeLowerIrql(old);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 2);
	MmFreeContiguousMemory(va);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 2);
	v0++;

	/* a boundary that is not a power of two is honoured too */
	va = MmAllocateContiguousMemorySpecifyCache(2 * PAGE_SIZE, mm_pa(0), mm_pa(~0ULL),
						    mm_pa(3 * PAGE_SIZE), MmCached);
	KUNIT_ASSERT_NOT_NULL(test, va);
	pa = MmGetPhysicalAddress(va).QuadPart;
	KUNIT_EXPECT_EQ(test, pa / (3 * PAGE_SIZE), (pa + 2 * PAGE_SIZE - 1) / (3 * PAGE_SIZE));
	MmFreeContiguousMemory(va);

	/* the node variant: no-cache protection, any node */
	va = MmAllocateContiguousNodeMemory(PAGE_SIZE, mm_pa(0), mm_pa(~0ULL), mm_pa(0),
					    PAGE_READWRITE | PAGE_NOCACHE, MM_ANY_NODE_OK);
	KUNIT_ASSERT_NOT_NULL(test, va);
	va[7] = 7;
	KUNIT_EXPECT_EQ(test, va[7], 7);
	MmFreeContiguousMemory(va);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);

	/* refused: a boundary smaller than the block, more than one block, bad bounds */
	KUNIT_EXPECT_NULL(test, MmAllocateContiguousMemorySpecifyCache(SZ_64K, mm_pa(0),
								       mm_pa(~0ULL),
								       mm_pa(SZ_32K), MmCached));
	KUNIT_EXPECT_NULL(test, MmAllocateContiguousMemory(SZ_8M, mm_pa(~0ULL)));
	KUNIT_EXPECT_NULL(test, MmAllocateContiguousMemorySpecifyCache(PAGE_SIZE, mm_pa(SZ_16M),
								       mm_pa(SZ_8M), mm_pa(0),
								       MmCached));
	KUNIT_EXPECT_NULL(test, MmAllocateContiguousNodeMemory(PAGE_SIZE, mm_pa(0), mm_pa(~0ULL),
							       mm_pa(0), PAGE_NOACCESS, 0));
	MmFreeContiguousMemory(NULL);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 6);
	/* a range with no RAM: NULL, nothing to report */
	KUNIT_EXPECT_NULL(test, MmAllocateContiguousMemorySpecifyCache(PAGE_SIZE,
								       mm_pa(1ULL << 50),
								       mm_pa(~0ULL), mm_pa(0),
								       MmCached));
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 6);
}

/* Noncached memory: virtually contiguous, usable, freed by address. */
static void mm_noncached(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	size_t len = 3 * PAGE_SIZE + 5, i;
	u8 *va;

	va = MmAllocateNonCachedMemory(len);
	KUNIT_ASSERT_NOT_NULL(test, va);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(va, 0, len));
	for (i = 0; i < len; i++)
		va[i] = i * 7;
	for (i = 0; i < len; i++)
		if (va[i] != (u8)(i * 7))
			break;
	KUNIT_EXPECT_EQ(test, i, len);
	KUNIT_EXPECT_TRUE(test, MmIsAddressValid(va + len - 1));
	MmFreeNonCachedMemory(va, len);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
	MmFreeNonCachedMemory(va, len);			/* twice: refused */
	MmFreeNonCachedMemory(NULL, len);
	KUNIT_EXPECT_NULL(test, MmAllocateNonCachedMemory(0));
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 3);
}

static int mm_section_data = 1;

/* Nothing is paged: the handles come back non-NULL and are taken back. */
static void mm_sections(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	PVOID code, data, image;

	code = MmLockPagableCodeSection((PVOID)mm_sections);
	data = MmLockPagableDataSection(&mm_section_data);
	KUNIT_EXPECT_NOT_NULL(test, code);
	KUNIT_EXPECT_NOT_NULL(test, data);
	MmLockPagableSectionByHandle(code);
	MmUnlockPagableImageSection(code);
	MmUnlockPagableImageSection(code);
	MmUnlockPagableImageSection(data);
	image = MmPageEntireDriver((PVOID)mm_sections);
	KUNIT_EXPECT_NOT_NULL(test, image);
	MmResetDriverPaging((PVOID)mm_sections);
	KUNIT_EXPECT_EQ(test, mm_section_data, 1);	/* still resident, of course */
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
	MmUnlockPagableImageSection(NULL);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);
}

/* MmIsAddressValid: pool, vmalloc and module memory; nothing else. */
static void mm_address_valid(struct kunit *test)
{
	void *k = kunit_kzalloc(test, 64, GFP_KERNEL);
	void *v = vmalloc(PAGE_SIZE);

	KUNIT_ASSERT_NOT_NULL(test, k);
	KUNIT_ASSERT_NOT_NULL(test, v);
	KUNIT_EXPECT_TRUE(test, MmIsAddressValid(k));
	KUNIT_EXPECT_TRUE(test, MmIsAddressValid(v));
	KUNIT_EXPECT_TRUE(test, MmIsAddressValid(&mm_section_data));
	KUNIT_EXPECT_FALSE(test, MmIsAddressValid(NULL));
	KUNIT_EXPECT_FALSE(test, MmIsAddressValid((PVOID)0x1000));	/* no user space here */
	KUNIT_EXPECT_FALSE(test, MmIsAddressValid((PVOID)0xdead000000000000UL));
	vfree(v);
}

static struct kunit_case wdmdma_mm_cases[] = {
	KUNIT_CASE(mm_pages_basic),
	KUNIT_CASE(mm_pages_limits),
	KUNIT_CASE(mm_pages_skip),
	KUNIT_CASE(mm_pages_chunks),
	KUNIT_CASE(mm_pages_dispatch),
	KUNIT_CASE(mm_pages_dma),
	KUNIT_CASE(mm_contig),
	KUNIT_CASE(mm_noncached),
	KUNIT_CASE(mm_sections),
	KUNIT_CASE(mm_address_valid),
	{}
};

struct kunit_suite wdmdma_mm_suite = {
	.name = "wdmdma_mm",
	.test_cases = wdmdma_mm_cases,
};
