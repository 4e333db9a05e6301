// SPDX-License-Identifier: GPL-2.0
/*
 * The version 3 and Windows 10 common-buffer entries of a bus master:
 * AllocateCommonBufferEx, AllocateCommonBufferWithBounds, the common
 * buffer vector entries, and FlushDmaBuffer.  A buffer's
 * logical address lies within the bounds asked for -- also under the
 * IOMMU, where the bound is the IOVA's -- and the device moves data
 * through it both ways, checked byte for byte (the edu device under the
 * IOMMU); a bound the platform cannot meet, and bad arguments, fail with
 * NULL and a report.
 */
#include <linux/mm.h>
#include <linux/slab.h>

#include "suites.h"
#include "target.h"

#define V3C_NONE	U64_MAX		/* no such bound: a NULL pointer */
#define V3C_1T		BIT_ULL(40)	/* above all RAM of the test VMs */

static int v3c_init(struct kunit *test)
{
	test->priv = kunit_kzalloc(test, sizeof(struct wdmdma_target), GFP_KERNEL);
	return test->priv ? 0 : -ENOMEM;
}

static void v3c_exit(struct kunit *test)
{
	if (test->priv)
		wdmdma_target_exit(test->priv);
}

/*
 * A version 3 adapter for a target of @kind: the edu device's 28 bits, or
 * 64 bits for a kunit device.
 */
static PDMA_ADAPTER v3c_adapter(struct kunit *test, enum wdmdma_target_kind kind)
{
	struct wdmdma_target *t = test->priv;
	DEVICE_DESCRIPTION d;
	ULONG n;

	wdmdma_target_init(test, t, kind);
	wdmdma_target_desc(t, &d, TRUE, 0x10000);
	if (!wdmdma_target_is_edu(t)) {
		d.Version = DEVICE_DESCRIPTION_VERSION3;
		d.Dma64BitAddresses = FALSE;
		d.DmaAddressWidth = 64;
	}
	return wdmdma_target_adapter(t, &d, &n);
}

static u64 v3c_limit(struct kunit *test)
{
	return wdmdma_target_is_edu(test->priv) ? DMA_BIT_MASK(28) : U64_MAX;
}

/* WithBounds (@ex false) or Ex (@ex true: no minimum) for [@min, @max]. */
static void *v3c_alloc(PDMA_ADAPTER da, bool ex, u64 min, u64 max, ULONG len,
		       PHYSICAL_ADDRESS *la)
{
	PHYSICAL_ADDRESS lo = { .QuadPart = min }, hi = { .QuadPart = max };
	PPHYSICAL_ADDRESS plo = min == V3C_NONE ? NULL : &lo;
	PPHYSICAL_ADDRESS phi = max == V3C_NONE ? NULL : &hi;
	PDMA_OPERATIONS ops = da->DmaOperations;

	if (ex)
		return ops->AllocateCommonBufferEx(da, phi, len, la, TRUE, MM_ANY_NODE_OK);
	return ops->AllocateCommonBufferWithBounds(da, plo, phi, len, 0, NULL, 0, la);
}

/*
 * A buffer of @len bytes in [@min, @max] (V3C_NONE: no bound, the
 * adapter's own limit): page aligned, within the bounds, the device reads
 * at its logical address what the CPU wrote and the other way round (the
 * last 512 bytes on the edu device, whose side is real DMA); freed by
 * FreeCommonBuffer, nothing reported.
 */
static void v3c_check(struct kunit *test, PDMA_ADAPTER da, bool ex, u64 min, u64 max,
		      ULONG len)
{
	struct wdmdma_target *t = test->priv;
	u64 lo = min == V3C_NONE ? 0 : min, hi = min_t(u64, max, v3c_limit(test));
	unsigned long before = wdmdma_violations(da);
	PHYSICAL_ADDRESS la = { .QuadPart = -1 };
	u8 *seen = kunit_kmalloc(test, len, GFP_KERNEL);
	u8 *want = kunit_kmalloc(test, len, GFP_KERNEL);
	ULONG off = 0;
	u8 *va;

	KUNIT_ASSERT_TRUE(test, seen && want);
	if (wdmdma_target_is_edu(t) && len > 512)
		off = len - 512;
	va = v3c_alloc(da, ex, min, max, len, &la);
	KUNIT_ASSERT_NOT_NULL_MSG(test, va, "%s: %u bytes in [%llx, %llx]",
				  ex ? "Ex" : "WithBounds", len, lo, hi);
	KUNIT_EXPECT_TRUE_MSG(test, PAGE_ALIGNED(va), "%p", va);
	KUNIT_EXPECT_GE_MSG(test, (u64)la.QuadPart, lo, "%u bytes at %llx", len, la.QuadPart);
	KUNIT_EXPECT_LE_MSG(test, (u64)la.QuadPart + len - 1, hi, "%u bytes at %llx", len,
			    la.QuadPart);

	wdmdma_fill(va, len, len + 7);
	wdmdma_target_dev_read(t, la.QuadPart + off, seen, len - off);
	KUNIT_EXPECT_EQ_MSG(test, memcmp(seen, va + off, len - off), 0,
			    "device reads what the CPU wrote at %llx", la.QuadPart);
	wdmdma_fill(want, len, len + 8);
	wdmdma_target_dev_write(t, la.QuadPart + off, want, len - off);
	KUNIT_EXPECT_EQ_MSG(test, memcmp(va + off, want, len - off), 0,
			    "CPU reads what the device wrote at %llx", la.QuadPart);

	da->DmaOperations->FreeCommonBuffer(da, len, la, va, TRUE);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before);
}

/*
 * The configuration's device (edu under the IOMMU): buffers within bounds
 * that leave room, with Ex and with WithBounds, of a byte, a page and
 * several pages.
 */
static void v3c_within_bounds(struct kunit *test)
{
	PDMA_ADAPTER da = v3c_adapter(test, WDMDMA_TARGET_PLATFORM);
	static const ULONG lens[] = { 1, PAGE_SIZE, 5 * PAGE_SIZE + 100 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		v3c_check(test, da, true, V3C_NONE, V3C_NONE, lens[i]);
		v3c_check(test, da, true, V3C_NONE, DMA_BIT_MASK(27), lens[i]);
		v3c_check(test, da, false, V3C_NONE, V3C_NONE, lens[i]);
		v3c_check(test, da, false, SZ_1M, V3C_NONE, lens[i]);
		v3c_check(test, da, false, SZ_1M, DMA_BIT_MASK(27), lens[i]);
		v3c_check(test, da, false, V3C_NONE, DMA_BIT_MASK(26), lens[i]);
	}
	da->DmaOperations->PutDmaAdapter(da);
}

/*
 * A maximum below the device's reach is honoured, under the IOMMU too
 * (where the device could reach any IOVA of its 28 bits): 16 MiB.  A
 * window of [4 MiB, 16 MiB) holding three buffers at once: under the IOMMU
 * (IOVAs are allocated downwards from the maximum) every buffer lies in
 * it; with direct mapping the DMA API gives the lowest free pages of
 * ZONE_DMA, and nothing takes a minimum, so each call gives a buffer in
 * the window or fails cleanly, reported.
 */
static void v3c_below_reach(struct kunit *test)
{
	PDMA_ADAPTER da = v3c_adapter(test, WDMDMA_TARGET_PLATFORM);
	bool iova = device_iommu_mapped(((struct wdmdma_target *)test->priv)->dev);
	PDMA_OPERATIONS ops = da->DmaOperations;
	unsigned long before = wdmdma_violations(da), failed = 0;
	PHYSICAL_ADDRESS la[3];
	void *va[3];
	unsigned int i;

	v3c_check(test, da, true, V3C_NONE, SZ_16M - 1, 3 * PAGE_SIZE);
	v3c_check(test, da, false, V3C_NONE, SZ_16M - 1, PAGE_SIZE);
	if (iova)
		v3c_check(test, da, false, SZ_4M, SZ_16M - 1, 3 * PAGE_SIZE);
	for (i = 0; i < ARRAY_SIZE(va); i++) {
		va[i] = v3c_alloc(da, false, SZ_4M, SZ_16M - 1, 2 * PAGE_SIZE, &la[i]);
		if (iova)
			KUNIT_EXPECT_NOT_NULL(test, va[i]);
		if (!va[i]) {
			KUNIT_EXPECT_EQ(test, la[i].QuadPart, 0);
			failed++;
			continue;
		}
		KUNIT_EXPECT_GE(test, (u64)la[i].QuadPart, (u64)SZ_4M);
		KUNIT_EXPECT_LE(test, (u64)la[i].QuadPart + 2 * PAGE_SIZE - 1, (u64)SZ_16M - 1);
	}
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before + failed);
	for (i = 0; i < ARRAY_SIZE(va); i++)
		if (va[i])
			ops->FreeCommonBuffer(da, 2 * PAGE_SIZE, la[i], va[i], TRUE);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before + failed);
	ops->PutDmaAdapter(da);
}

/* NULL, a zero LogicalAddress and one report more. */
static void v3c_expect_fail(struct kunit *test, PDMA_ADAPTER da, bool ex, u64 min, u64 max,
			    ULONG len, const char *what)
{
	unsigned long before = wdmdma_violations(da);
	PHYSICAL_ADDRESS la = { .QuadPart = 0x1234 };
	void *va = v3c_alloc(da, ex, min, max, len, &la);

	KUNIT_EXPECT_NULL_MSG(test, va, "%s: at %llx", what, la.QuadPart);
	KUNIT_EXPECT_EQ_MSG(test, la.QuadPart, 0, "%s", what);
	KUNIT_EXPECT_EQ_MSG(test, wdmdma_violations(da), before + 1, "%s", what);
	if (va)
		da->DmaOperations->FreeCommonBuffer(da, len, la, va, TRUE);
}

/*
 * Bounds that cannot be met fail cleanly, reported: a minimum above all
 * RAM (1 TiB) on a 64-bit kunit device, where the DMA API has nothing to
 * give there; a window smaller than the buffer; a window beyond the edu
 * device's 28 bits.  The adapter then still serves buffers.
 */
static void v3c_unmeetable(struct kunit *test)
{
	PDMA_ADAPTER da = v3c_adapter(test, WDMDMA_TARGET_KUNIT);

	v3c_expect_fail(test, da, false, V3C_1T, V3C_NONE, PAGE_SIZE, "1 TiB minimum");
	v3c_expect_fail(test, da, false, V3C_1T, V3C_1T + SZ_1M, PAGE_SIZE, "1 TiB window");
	v3c_expect_fail(test, da, false, SZ_16M, SZ_16M + PAGE_SIZE - 2, PAGE_SIZE,
			"window a byte too small");
	v3c_check(test, da, false, SZ_1M, V3C_NONE, PAGE_SIZE);
	da->DmaOperations->PutDmaAdapter(da);
	wdmdma_target_exit(test->priv);

	da = v3c_adapter(test, WDMDMA_TARGET_EDU);
	v3c_expect_fail(test, da, false, SZ_256M, V3C_NONE, PAGE_SIZE,
			"minimum beyond 28 bits");
	v3c_expect_fail(test, da, true, V3C_NONE, PAGE_SIZE - 2, PAGE_SIZE,
			"maximum below the buffer's length");
	v3c_check(test, da, false, SZ_1M, SZ_256M - 1, 2 * PAGE_SIZE);
	da->DmaOperations->PutDmaAdapter(da);
}

/*
 * Bad arguments: NULL LogicalAddress, zero Length, a minimum above the
 * maximum, a CacheType other than MmCached/MmNonCached, unsupported Flags:
 * NULL, reported.  MmNonCached is served.
 */
static void v3c_bad_args(struct kunit *test)
{
	PDMA_ADAPTER da = v3c_adapter(test, WDMDMA_TARGET_PLATFORM);
	PDMA_OPERATIONS ops = da->DmaOperations;
	PHYSICAL_ADDRESS lo = { .QuadPart = SZ_1M }, hi = { .QuadPart = SZ_64M };
	PHYSICAL_ADDRESS la = { .QuadPart = 0x1234 };
	MEMORY_CACHING_TYPE type = MmWriteCombined;
	unsigned long before = wdmdma_violations(da);
	void *va;

	KUNIT_EXPECT_NULL(test, ops->AllocateCommonBufferEx(da, NULL, PAGE_SIZE, NULL, TRUE, 0));
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before + 1);
	KUNIT_EXPECT_NULL(test, ops->AllocateCommonBufferWithBounds(da, &lo, &hi, PAGE_SIZE, 0,
								    NULL, 0, NULL));
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before + 2);
	v3c_expect_fail(test, da, true, V3C_NONE, V3C_NONE, 0, "Ex zero length");
	v3c_expect_fail(test, da, false, SZ_1M, V3C_NONE, 0, "zero length");
	v3c_expect_fail(test, da, false, SZ_64M, SZ_16M, PAGE_SIZE, "min > max");

	before = wdmdma_violations(da);
	KUNIT_EXPECT_NULL(test, ops->AllocateCommonBufferWithBounds(da, &lo, &hi, PAGE_SIZE, 0,
								    &type, 0, &la));
	KUNIT_EXPECT_EQ(test, la.QuadPart, 0);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before + 1);
	va = ops->AllocateCommonBufferWithBounds(da, &lo, &hi, PAGE_SIZE,
						 DOMAIN_COMMON_BUFFER_LARGE_PAGE, NULL, 0, &la);
	KUNIT_EXPECT_NULL(test, va);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before + 2);

	type = MmNonCached;
	va = ops->AllocateCommonBufferWithBounds(da, &lo, &hi, PAGE_SIZE, 0, &type, 0, &la);
	KUNIT_ASSERT_NOT_NULL(test, va);
	KUNIT_EXPECT_GE(test, (u64)la.QuadPart, (u64)SZ_1M);
	KUNIT_EXPECT_LE(test, (u64)la.QuadPart + PAGE_SIZE - 1, (u64)SZ_64M);
	ops->FreeCommonBuffer(da, PAGE_SIZE, la, va, FALSE);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before + 2);
	/* Freed twice: reported, nothing touched. */
	ops->FreeCommonBuffer(da, PAGE_SIZE, la, va, FALSE);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before + 3);
	ops->PutDmaAdapter(da);
}

/* A buffer of the new entries left at PutDmaAdapter is reported and freed. */
static void v3c_left_at_put(struct kunit *test)
{
	PDMA_ADAPTER da = v3c_adapter(test, WDMDMA_TARGET_PLATFORM);
	unsigned long before = wdmdma_violations(NULL);
	PHYSICAL_ADDRESS la;

	KUNIT_ASSERT_NOT_NULL(test, v3c_alloc(da, false, SZ_1M, SZ_64M, PAGE_SIZE, &la));
	da->DmaOperations->PutDmaAdapter(da);
	wdmdma_quiesce();
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 1);
}

/*
 * A common buffer vector of 5 elements of 3000 bytes within [1 MiB,
 * 64 MiB): each indexed, within the bounds, page aligned, distinct, the
 * device moving data through it both ways; one freed on its own (then
 * indexed: NULL, reported; freed again: reported); FreeCommonBuffer on an
 * element refused; the vector freed with the rest (freed again: reported).
 */
static void v3c_vector(struct kunit *test)
{
	PDMA_ADAPTER da = v3c_adapter(test, WDMDMA_TARGET_PLATFORM);
	struct wdmdma_target *t = test->priv;
	PDMA_OPERATIONS ops = da->DmaOperations;
	PHYSICAL_ADDRESS lo = { .QuadPart = SZ_1M }, hi = { .QuadPart = SZ_64M - 1 };
	unsigned long before = wdmdma_violations(da);
	PDMA_COMMON_BUFFER_VECTOR vec = NULL;
	const ULONG n = 5, size = 3000;
	u8 *seen = kunit_kmalloc(test, size, GFP_KERNEL);
	u8 *want = kunit_kmalloc(test, size, GFP_KERNEL);
	PHYSICAL_ADDRESS la[5];
	void *va[5];
	ULONG i, j;

	KUNIT_ASSERT_TRUE(test, seen && want);
	KUNIT_ASSERT_EQ(test, ops->AllocateCommonBufferVector(da, lo, hi, MmCached, 0, 0, n,
							      size, &vec), STATUS_SUCCESS);
	KUNIT_ASSERT_NOT_NULL(test, vec);
	for (i = 0; i < n; i++) {
		ops->GetCommonBufferFromVectorByIndex(da, vec, i, &va[i], &la[i]);
		KUNIT_ASSERT_NOT_NULL(test, va[i]);
		KUNIT_EXPECT_TRUE(test, PAGE_ALIGNED(va[i]));
		KUNIT_EXPECT_GE(test, (u64)la[i].QuadPart, (u64)SZ_1M);
		KUNIT_EXPECT_LE(test, (u64)la[i].QuadPart + size - 1, (u64)SZ_64M - 1);
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_NE(test, la[i].QuadPart, la[j].QuadPart);
		wdmdma_fill(va[i], size, 60 + i);
		wdmdma_target_dev_read(t, la[i].QuadPart, seen, size);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(seen, va[i], size), 0, "element %u", i);
		wdmdma_fill(want, size, 70 + i);
		wdmdma_target_dev_write(t, la[i].QuadPart, want, size);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(va[i], want, size), 0, "element %u", i);
	}
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before);

	ops->FreeCommonBuffer(da, size, la[1], va[1], TRUE);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before + 1);
	ops->FreeCommonBufferFromVector(da, vec, 2);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before + 1);
	ops->GetCommonBufferFromVectorByIndex(da, vec, 2, &va[2], &la[2]);
	KUNIT_EXPECT_NULL(test, va[2]);
	KUNIT_EXPECT_EQ(test, la[2].QuadPart, 0);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before + 2);
	ops->FreeCommonBufferFromVector(da, vec, 2);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before + 3);
	ops->GetCommonBufferFromVectorByIndex(da, vec, n, &va[0], &la[0]);
	KUNIT_EXPECT_NULL(test, va[0]);
	ops->FreeCommonBufferFromVector(da, vec, n);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before + 5);
	/* The others are still there. */
	ops->GetCommonBufferFromVectorByIndex(da, vec, 4, &va[0], &la[0]);
	KUNIT_EXPECT_PTR_EQ(test, va[0], va[4]);
	KUNIT_EXPECT_EQ(test, la[0].QuadPart, la[4].QuadPart);

	ops->FreeCommonBufferVector(da, vec);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before + 5);
	ops->FreeCommonBufferVector(da, vec);
	ops->GetCommonBufferFromVectorByIndex(da, vec, 0, &va[0], &la[0]);
	KUNIT_EXPECT_NULL(test, va[0]);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before + 7);
	ops->PutDmaAdapter(da);
}

/*
 * AllocateCommonBufferVector's bad arguments: STATUS_INVALID_PARAMETER
 * and a NULL vector, reported; bounds that leave no room likewise.  A
 * vector left at PutDmaAdapter is reported and freed (KASAN, kmemleak).
 */
static void v3c_vector_bad_args(struct kunit *test)
{
	PDMA_ADAPTER da = v3c_adapter(test, WDMDMA_TARGET_PLATFORM);
	PDMA_OPERATIONS ops = da->DmaOperations;
	PHYSICAL_ADDRESS lo = { .QuadPart = SZ_1M }, hi = { .QuadPart = SZ_64M - 1 };
	PHYSICAL_ADDRESS tiny = { .QuadPart = SZ_1M + 100 };
	unsigned long before = wdmdma_violations(da);
	PDMA_COMMON_BUFFER_VECTOR vec = (PDMA_COMMON_BUFFER_VECTOR)test;
	static const struct {
		ULONG n;
		ULONGLONG size;
		int type;
		bool tiny, swap;
	} bad[] = {
		{ 0, PAGE_SIZE, MmCached },
		{ 2, 0, MmCached },
		{ 2, 1ULL << 32, MmCached },
		{ 2, PAGE_SIZE, MmWriteCombined },
		{ 2, PAGE_SIZE, MmCached, true },
		{ 2, PAGE_SIZE, MmCached, false, true },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		PHYSICAL_ADDRESS low = bad[i].swap ? hi : lo;
		PHYSICAL_ADDRESS high = bad[i].tiny ? tiny : bad[i].swap ? lo : hi;
		NTSTATUS status;

		vec = (PDMA_COMMON_BUFFER_VECTOR)test;
		status = ops->AllocateCommonBufferVector(da, low, high, bad[i].type, 0, 0,
							 bad[i].n, bad[i].size, &vec);
		KUNIT_EXPECT_EQ_MSG(test, status, STATUS_INVALID_PARAMETER, "case %u", i);
		KUNIT_EXPECT_NULL_MSG(test, vec, "case %u", i);
		KUNIT_EXPECT_EQ_MSG(test, wdmdma_violations(da), before + i + 1, "case %u", i);
	}
	KUNIT_EXPECT_EQ(test, ops->AllocateCommonBufferVector(da, lo, hi, MmCached, 0, 0, 2,
							      PAGE_SIZE, NULL),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before + i + 1);

	before = wdmdma_violations(NULL);
	KUNIT_ASSERT_EQ(test, ops->AllocateCommonBufferVector(da, lo, hi, MmNonCached, 0, 0, 3,
							      PAGE_SIZE, &vec), STATUS_SUCCESS);
	ops->PutDmaAdapter(da);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 1);
}

static IO_ALLOCATION_ACTION v3c_keep_regs(PDEVICE_OBJECT d, PIRP irp, PVOID base, PVOID ctx)
{
	*(PVOID *)ctx = base;
	return DeallocateObjectKeepRegisters;
}

#define V3C_PIECES	8

struct v3c_piece {
	u64 addr;
	ULONG len;
};

/* MapTransfer all of [va, va + len); return the pieces. */
static int v3c_map(struct kunit *test, PDMA_ADAPTER da, PMDL mdl, PVOID base, u8 *va,
		   ULONG len, bool write, struct v3c_piece *p)
{
	int n = 0;

	while (len) {
		ULONG got = len;

		KUNIT_ASSERT_LT(test, n, V3C_PIECES);
		p[n].addr = da->DmaOperations->MapTransfer(da, mdl, base, va, &got,
							   write).QuadPart;
		KUNIT_ASSERT_GT(test, got, 0);
		KUNIT_ASSERT_LE(test, got, len);
		p[n++].len = got;
		va += got;
		len -= got;
	}
	return n;
}

/* The device writes (@to_ram) or reads @buf through the pieces. */
static void v3c_dev(struct wdmdma_target *t, struct v3c_piece *p, int n, u8 *buf, bool to_ram)
{
	ULONG off = 0;
	int i;

	for (i = 0; i < n; off += p[i].len, i++) {
		if (to_ram)
			wdmdma_target_dev_write(t, p[i].addr, buf + off, p[i].len);
		else
			wdmdma_target_dev_read(t, p[i].addr, buf + off, p[i].len);
	}
}

/*
 * FlushDmaBuffer on an MDL mapped by MapTransfer, over two pages at an
 * offset.  A read: what the device wrote is in the buffer after
 * FlushDmaBuffer(TRUE), before FlushAdapterBuffers (bounced mappings are
 * copied back), twice over the same live mapping.  A write: what the CPU
 * wrote after MapTransfer reaches the device after FlushDmaBuffer(FALSE).
 * A NULL MDL, an MDL not mapped, or the other direction: reported,
 * STATUS_INVALID_PARAMETER.
 */
static void v3c_flush(struct kunit *test)
{
	PDMA_ADAPTER da = v3c_adapter(test, WDMDMA_TARGET_PLATFORM);
	struct wdmdma_target *t = test->priv;
	PDMA_OPERATIONS ops = da->DmaOperations;
	const ULONG len = PAGE_SIZE + 200;
	struct v3c_piece p[V3C_PIECES];
	u8 *buf = wdmdma_test_buf(test, 2 * PAGE_SIZE, true);
	u8 *want = kunit_kmalloc(test, len, GFP_KERNEL);
	u8 *seen = kunit_kmalloc(test, len, GFP_KERNEL);
	u8 *va = buf + 300, *other = buf + 300 + len;
	unsigned long before = wdmdma_violations(da);
	ULONG regs = ADDRESS_AND_SIZE_TO_SPAN_PAGES(va, len);
	PMDL mdl, stray;
	PVOID base = NULL;
	int n, i;

	KUNIT_ASSERT_TRUE(test, buf && want && seen);
	mdl = wdmdma_test_mdl(test, va, len);
	stray = wdmdma_test_mdl(test, other, 64);
	KUNIT_ASSERT_EQ(test, ops->AllocateAdapterChannel(da, t->fdo[0], regs, v3c_keep_regs,
							  &base), STATUS_SUCCESS);
	KUNIT_ASSERT_NOT_NULL(test, base);

	/* Device to memory, flushed twice while mapped. */
	memset(va, 0x5a, len);
	n = v3c_map(test, da, mdl, base, va, len, false, p);
	for (i = 0; i < 2; i++) {
		wdmdma_fill(want, len, 40 + i);
		v3c_dev(t, p, n, want, true);
		KUNIT_EXPECT_EQ(test, ops->FlushDmaBuffer(da, mdl, TRUE), STATUS_SUCCESS);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(va, want, len), 0, "read flush %d", i);
	}
	KUNIT_EXPECT_EQ(test, ops->FlushDmaBuffer(da, mdl, FALSE), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before + 1);
	KUNIT_EXPECT_TRUE(test, ops->FlushAdapterBuffers(da, mdl, base, va, len, FALSE));
	KUNIT_EXPECT_EQ(test, memcmp(va, want, len), 0);

	/* Memory to device: the CPU writes after MapTransfer. */
	wdmdma_fill(va, len, 50);
	n = v3c_map(test, da, mdl, base, va, len, true, p);
	wdmdma_fill(va, len, 51);
	KUNIT_EXPECT_EQ(test, ops->FlushDmaBuffer(da, mdl, FALSE), STATUS_SUCCESS);
	v3c_dev(t, p, n, seen, false);
	KUNIT_EXPECT_EQ_MSG(test, memcmp(seen, va, len), 0, "device reads the CPU's last write");
	KUNIT_EXPECT_TRUE(test, ops->FlushAdapterBuffers(da, mdl, base, va, len, TRUE));

	/* Nothing mapped any more; NULL; an MDL never mapped. */
	KUNIT_EXPECT_EQ(test, ops->FlushDmaBuffer(da, mdl, TRUE), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, ops->FlushDmaBuffer(da, NULL, TRUE), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, ops->FlushDmaBuffer(da, stray, FALSE), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before + 4);
	ops->FreeMapRegisters(da, base, regs);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before + 4);
	ops->PutDmaAdapter(da);
}

/* CreateCommonBufferFromMdl over @npages of @va (an MDL for them), @cfgs. */
static NTSTATUS v3c_from_mdl(PDMA_ADAPTER da, void *va, unsigned int npages,
			     PDMA_COMMON_BUFFER_EXTENDED_CONFIGURATION cfgs, ULONG n,
			     PMDL *mdl, PHYSICAL_ADDRESS *la)
{
	*mdl = IoAllocateMdl(va, npages * PAGE_SIZE, FALSE, FALSE, NULL);
	if (!*mdl)
		return STATUS_INSUFFICIENT_RESOURCES;
	MmBuildMdlForNonPagedPool(*mdl);
	return da->DmaOperations->CreateCommonBufferFromMdl(da, *mdl, cfgs, n, la);
}

/* The device reads what the CPU wrote and the CPU what the device wrote. */
static void v3c_share(struct kunit *test, u8 *va, u64 la, ULONG len)
{
	struct wdmdma_target *t = test->priv;
	ULONG off = wdmdma_target_is_edu(t) && len > 512 ? len - 512 : 0;
	u8 *buf = kunit_kmalloc(test, len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	wdmdma_fill(va, len, len + 3);
	wdmdma_target_dev_read(t, la + off, buf, len - off);
	KUNIT_EXPECT_EQ(test, memcmp(buf, va + off, len - off), 0);
	wdmdma_fill(buf, len, len + 4);
	wdmdma_target_dev_write(t, la + off, buf, len - off);
	KUNIT_EXPECT_EQ(test, memcmp(va + off, buf, len - off), 0);
}

/*
 * CreateCommonBufferFromMdl: the driver's physically contiguous pages, and
 * a SubSection of them, become common buffers the device shares (where the
 * platform bounces, STATUS_NOT_SUPPORTED); FreeCommonBuffer unmaps them.
 */
static void v3c_mdl(struct kunit *test)
{
	PDMA_ADAPTER da = v3c_adapter(test, WDMDMA_TARGET_PLATFORM);
	DMA_COMMON_BUFFER_EXTENDED_CONFIGURATION cfg[2] = {
		{ .ConfigType = CommonBufferConfigTypeSubSection,
		  .SubSection = { .Offset = PAGE_SIZE, .Length = PAGE_SIZE } },
		{ .ConfigType = CommonBufferConfigTypeHardwareAccessPermissions,
		  .HardwareAccessType = CommonBufferHardwareAccessReadWrite },
	};
	struct page *pages = alloc_pages(GFP_KERNEL | GFP_DMA32, 1);
	unsigned long before = wdmdma_violations(da);
	bool bounce = wdmdma_test_platform() == WDMDMA_PLATFORM_BOUNCE;
	PHYSICAL_ADDRESS la;
	NTSTATUS st;
	PMDL mdl;
	u8 *va;

	KUNIT_ASSERT_NOT_NULL(test, pages);
	va = page_address(pages);
	st = v3c_from_mdl(da, va, 2, NULL, 0, &mdl, &la);
	KUNIT_EXPECT_EQ(test, st, bounce ? STATUS_NOT_SUPPORTED : STATUS_SUCCESS);
	if (st == STATUS_SUCCESS) {
		KUNIT_EXPECT_LE(test, (u64)la.QuadPart + 2 * PAGE_SIZE - 1, v3c_limit(test));
		v3c_share(test, va, la.QuadPart, 2 * PAGE_SIZE);
		da->DmaOperations->FreeCommonBuffer(da, 2 * PAGE_SIZE, la, va, FALSE);
	}
	IoFreeMdl(mdl);

	/* the second page only, with the device's access named */
	st = v3c_from_mdl(da, va, 2, cfg, 2, &mdl, &la);
	KUNIT_EXPECT_EQ(test, st, bounce ? STATUS_NOT_SUPPORTED : STATUS_SUCCESS);
	if (st == STATUS_SUCCESS) {
		v3c_share(test, va + PAGE_SIZE, la.QuadPart, PAGE_SIZE);
		da->DmaOperations->FreeCommonBuffer(da, PAGE_SIZE, la, va + PAGE_SIZE, TRUE);
	}
	IoFreeMdl(mdl);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before + (bounce ? 2 : 0));

	/* misuse: the same type twice, half a page, no LogicalAddress */
	cfg[1] = cfg[0];
	before = wdmdma_violations(da);
	KUNIT_EXPECT_EQ(test, v3c_from_mdl(da, va, 2, cfg, 2, &mdl, &la),
			STATUS_INVALID_PARAMETER);
	IoFreeMdl(mdl);
	cfg[0].SubSection.Length = PAGE_SIZE / 2;
	KUNIT_EXPECT_EQ(test, v3c_from_mdl(da, va, 2, cfg, 1, &mdl, &la),
			STATUS_INVALID_PARAMETER);
	IoFreeMdl(mdl);
	KUNIT_EXPECT_EQ(test, v3c_from_mdl(da, va, 2, NULL, 0, &mdl, NULL),
			STATUS_INVALID_PARAMETER);
	IoFreeMdl(mdl);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before + 3);
	da->DmaOperations->PutDmaAdapter(da);
	__free_pages(pages, 1);
}

static struct kunit_case v3c_cases[] = {
	KUNIT_CASE(v3c_mdl),
	KUNIT_CASE(v3c_within_bounds),
	KUNIT_CASE(v3c_below_reach),
	KUNIT_CASE(v3c_unmeetable),
	KUNIT_CASE(v3c_bad_args),
	KUNIT_CASE(v3c_left_at_put),
	KUNIT_CASE(v3c_flush),
	KUNIT_CASE(v3c_vector),
	KUNIT_CASE(v3c_vector_bad_args),
	{}
};

struct kunit_suite wdmdma_v3_common_suite = {
	.name = "wdmdma_v3_common",
	.init = v3c_init,
	.exit = v3c_exit,
	.test_cases = v3c_cases,
};
