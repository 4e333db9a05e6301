// SPDX-License-Identifier: GPL-2.0
/*
 * Common buffers: memory the CPU and the device see at once.  What the CPU
 * writes the device reads at the logical address and the other way round,
 * within the adapter's address limit; freeing checks its arguments and
 * survives a driver's mistakes.
 */
#include <linux/bottom_half.h>
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "suites.h"
#include "target.h"

/*
 * Each case sets up the one target it needs (two kunit devices of one
 * name cannot coexist); exit tears down whatever was set up.
 */
static int common_init(struct kunit *test)
{
	test->priv = kunit_kzalloc(test, sizeof(struct wdmdma_target), GFP_KERNEL);
	return test->priv ? 0 : -ENOMEM;
}

static void common_exit(struct kunit *test)
{
	if (test->priv)
		wdmdma_target_exit(test->priv);
}

static struct wdmdma_target *common_target(struct kunit *test, enum wdmdma_target_kind kind)
{
	wdmdma_target_init(test, test->priv, kind);
	return test->priv;
}

/* An adapter for the configuration's device (edu under the IOMMU). */
static PDMA_ADAPTER common_adapter(struct kunit *test)
{
	struct wdmdma_target *t = common_target(test, WDMDMA_TARGET_PLATFORM);
	DEVICE_DESCRIPTION d;
	ULONG n;

	wdmdma_target_desc(t, &d, TRUE, 0x10000);
	return wdmdma_target_adapter(t, &d, &n);
}

static unsigned int common_width(struct wdmdma_target *t)
{
	return wdmdma_target_is_edu(t) ? 28 : 64;
}

/*
 * One buffer of @len bytes: page-aligned, inside the adapter's @width-bit
 * limit, and coherent both ways -- the device reads at the logical address
 * what the CPU wrote, and the CPU reads what the device wrote there.  A
 * kunit device's side is memory and checks it all; the edu device's costs
 * real DMA, so it checks the last 512 bytes (across a page boundary in a
 * multi-page buffer, up to the last byte).
 */
static void common_check(struct kunit *test, struct wdmdma_target *t, PDMA_ADAPTER da,
			 ULONG len, unsigned int width)
{
	PDMA_OPERATIONS ops = da->DmaOperations;
	u8 *seen = kunit_kmalloc(test, len, GFP_KERNEL);
	u8 *want = kunit_kmalloc(test, len, GFP_KERNEL);
	PHYSICAL_ADDRESS la = { .QuadPart = -1 };
	unsigned long before = wdmdma_violations(da);
	ULONG off = 0;
	u8 *va;

	KUNIT_ASSERT_TRUE(test, seen && want);
	if (wdmdma_target_is_edu(t) && len > 512)
		off = len - 512;
	va = ops->AllocateCommonBuffer(da, len, &la, TRUE);
	KUNIT_ASSERT_NOT_NULL_MSG(test, va, "%u bytes, %u-bit", len, width);
	KUNIT_EXPECT_TRUE_MSG(test, PAGE_ALIGNED(va), "%p", va);
	KUNIT_EXPECT_NE(test, la.QuadPart, 0);
	KUNIT_EXPECT_LE_MSG(test, (u64)la.QuadPart + len - 1, DMA_BIT_MASK(width),
			    "%u bytes at %llx, %u-bit adapter", len, la.QuadPart, width);
	/* The device side of a kunit device is the physical address. */
	if (!wdmdma_target_is_edu(t) && !is_vmalloc_addr(va))
		KUNIT_EXPECT_EQ(test, (u64)la.QuadPart, (u64)virt_to_phys(va));

	wdmdma_fill(va, len, len);
	wdmdma_target_dev_read(t, la.QuadPart + off, seen, len - off);
	KUNIT_EXPECT_EQ_MSG(test, memcmp(seen, va + off, len - off), 0,
			    "device reads what the CPU wrote");

	wdmdma_fill(want, len, len + 1);
	wdmdma_target_dev_write(t, la.QuadPart + off, want, len - off);
	KUNIT_EXPECT_EQ_MSG(test, memcmp(va + off, want, len - off), 0,
			    "CPU reads what the device wrote");

	ops->FreeCommonBuffer(da, len, la, va, TRUE);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before);
}

/* The configuration's device (edu under the IOMMU): 1 byte and a page. */
static void common_coherent(struct kunit *test)
{
	PDMA_ADAPTER da = common_adapter(test);
	struct wdmdma_target *t = test->priv;

	common_check(test, t, da, 1, common_width(t));
	common_check(test, t, da, PAGE_SIZE, common_width(t));
	da->DmaOperations->PutDmaAdapter(da);
}

/* The configuration's device: several pages (5 pages + 100 bytes). */
static void common_coherent_pages(struct kunit *test)
{
	PDMA_ADAPTER da = common_adapter(test);
	struct wdmdma_target *t = test->priv;

	common_check(test, t, da, 5 * PAGE_SIZE + 100, common_width(t));
	da->DmaOperations->PutDmaAdapter(da);
}

/*
 * The logical address respects the adapter's limit: 24-bit (ISA), 28-bit
 * (version 3 DmaAddressWidth), 32-bit and 64-bit, on a kunit device.
 */
static void common_address_limits(struct kunit *test)
{
	static const struct {
		ULONG version;
		INTERFACE_TYPE bus;
		BOOLEAN sg, d32, d64;
		ULONG width;		/* DmaAddressWidth */
		unsigned int bits;	/* the limit */
	} cases[] = {
		{ DEVICE_DESCRIPTION_VERSION1, Isa, FALSE, FALSE, FALSE, 0, 24 },
		{ DEVICE_DESCRIPTION_VERSION3, PCIBus, TRUE, FALSE, FALSE, 28, 28 },
		{ DEVICE_DESCRIPTION_VERSION2, PCIBus, TRUE, TRUE, FALSE, 0, 32 },
		{ DEVICE_DESCRIPTION_VERSION2, PCIBus, TRUE, FALSE, TRUE, 0, 64 },
	};
	struct wdmdma_target *t = common_target(test, WDMDMA_TARGET_KUNIT);
	DEVICE_DESCRIPTION d;
	PDMA_ADAPTER da;
	unsigned int i;
	ULONG n;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		memset(&d, 0, sizeof(d));
		d.Version = cases[i].version;
		d.Master = TRUE;
		d.InterfaceType = cases[i].bus;
		d.ScatterGather = cases[i].sg;
		d.Dma32BitAddresses = cases[i].d32;
		d.Dma64BitAddresses = cases[i].d64;
		d.DmaAddressWidth = cases[i].width;
		d.MaximumLength = 2 * PAGE_SIZE;
		da = wdmdma_target_adapter(t, &d, &n);
		common_check(test, t, da, PAGE_SIZE, cases[i].bits);
		common_check(test, t, da, 5 * PAGE_SIZE + 100, cases[i].bits);
		da->DmaOperations->PutDmaAdapter(da);
	}
}

/* Freeing twice: the second is reported and touches nothing (KASAN watches). */
static void common_free_twice(struct kunit *test)
{
	PDMA_ADAPTER da = common_adapter(test);
	PDMA_OPERATIONS ops = da->DmaOperations;
	unsigned long before;
	PHYSICAL_ADDRESS la;
	void *va;

	va = ops->AllocateCommonBuffer(da, 3000, &la, TRUE);
	KUNIT_ASSERT_NOT_NULL(test, va);
	before = wdmdma_violations(da);
	ops->FreeCommonBuffer(da, 3000, la, va, TRUE);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before);
	ops->FreeCommonBuffer(da, 3000, la, va, TRUE);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before + 1);
	ops->PutDmaAdapter(da);
}

/*
 * A free whose Length, LogicalAddress or CacheEnabled differ from the
 * allocation's is reported, and the buffer is still freed (as allocated):
 * freeing it again is then "not a common buffer".
 */
static void common_free_mismatch(struct kunit *test)
{
	PDMA_ADAPTER da = common_adapter(test);
	PDMA_OPERATIONS ops = da->DmaOperations;
	PHYSICAL_ADDRESS la, other;
	unsigned long before;
	unsigned int i;
	void *va;

	for (i = 0; i < 3; i++) {
		va = ops->AllocateCommonBuffer(da, 2 * PAGE_SIZE, &la, TRUE);
		KUNIT_ASSERT_NOT_NULL(test, va);
		other.QuadPart = la.QuadPart + (i == 1 ? PAGE_SIZE : 0);
		before = wdmdma_violations(da);
		ops->FreeCommonBuffer(da, i == 0 ? 100 : 2 * PAGE_SIZE, other, va, i != 2);
		KUNIT_EXPECT_EQ_MSG(test, wdmdma_violations(da), before + 1, "case %u", i);
		ops->FreeCommonBuffer(da, 2 * PAGE_SIZE, la, va, TRUE);
		KUNIT_EXPECT_EQ_MSG(test, wdmdma_violations(da), before + 2, "case %u", i);
	}
	ops->PutDmaAdapter(da);
}

/*
 * No LogicalAddress or a zero Length: NULL, reported.  Freeing what was
 * never allocated (a pool block, NULL): reported, left alone.
 */
static void common_bad_args(struct kunit *test)
{
	PDMA_ADAPTER da = common_adapter(test);
	PDMA_OPERATIONS ops = da->DmaOperations;
	PHYSICAL_ADDRESS la = { .QuadPart = 0x1234 };
	unsigned long before = wdmdma_violations(da);
	void *pool;

	KUNIT_EXPECT_NULL(test, ops->AllocateCommonBuffer(da, PAGE_SIZE, NULL, TRUE));
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before + 1);
	KUNIT_EXPECT_NULL(test, ops->AllocateCommonBuffer(da, 0, &la, TRUE));
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before + 2);

	pool = kunit_kmalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pool);
	la.QuadPart = virt_to_phys(pool);
	ops->FreeCommonBuffer(da, PAGE_SIZE, la, pool, TRUE);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before + 3);
	ops->FreeCommonBuffer(da, PAGE_SIZE, la, NULL, TRUE);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before + 4);
	memset(pool, 0, PAGE_SIZE);	/* still ours: KASAN would see a free */
	ops->PutDmaAdapter(da);
}

/*
 * Above PASSIVE_LEVEL (a DPC): allocating is reported but still served;
 * freeing is reported and refused -- under an IOMMU it would unmap a
 * remapped buffer where that cannot be done -- the buffer staying usable
 * until a free at PASSIVE_LEVEL.
 */
static void common_dispatch_level(struct kunit *test)
{
	PDMA_ADAPTER da = common_adapter(test);
	struct wdmdma_target *t = test->priv;
	PDMA_OPERATIONS ops = da->DmaOperations;
	PHYSICAL_ADDRESS la, la2 = { };
	unsigned long before = wdmdma_violations(da);
	u8 seen[64];
	void *va, *va2;

	local_bh_disable();
	va2 = ops->AllocateCommonBuffer(da, 64, &la2, TRUE);
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before + 1);
	KUNIT_ASSERT_NOT_NULL(test, va2);

	va = ops->AllocateCommonBuffer(da, PAGE_SIZE, &la, TRUE);
	KUNIT_ASSERT_NOT_NULL(test, va);
	local_bh_disable();
	ops->FreeCommonBuffer(da, PAGE_SIZE, la, va, TRUE);
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before + 2);
	wdmdma_fill(va, sizeof(seen), 5);
	wdmdma_target_dev_read(t, la.QuadPart, seen, sizeof(seen));
	KUNIT_EXPECT_EQ(test, memcmp(seen, va, sizeof(seen)), 0);

	ops->FreeCommonBuffer(da, PAGE_SIZE, la, va, TRUE);
	ops->FreeCommonBuffer(da, 64, la2, va2, TRUE);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before + 2);
	ops->PutDmaAdapter(da);
}

/*
 * More than the platform can give contiguously: NULL and a zero logical
 * address, quietly (no allocator warning), as Windows fails it.  On a
 * kunit device, never behind an IOMMU that would try page by page.
 */
static void common_too_big(struct kunit *test)
{
	struct wdmdma_target *t = common_target(test, WDMDMA_TARGET_KUNIT);
	PHYSICAL_ADDRESS la = { .QuadPart = 0x1234 };
	DEVICE_DESCRIPTION d;
	PDMA_ADAPTER da;
	void *va;
	ULONG n;

	wdmdma_target_desc(t, &d, TRUE, PAGE_SIZE);
	da = wdmdma_target_adapter(t, &d, &n);
	va = da->DmaOperations->AllocateCommonBuffer(da, 512U << 20, &la, TRUE);
	KUNIT_EXPECT_NULL(test, va);
	KUNIT_EXPECT_EQ(test, la.QuadPart, 0);
	if (va)
		da->DmaOperations->FreeCommonBuffer(da, 512U << 20, la, va, TRUE);
	da->DmaOperations->PutDmaAdapter(da);
}

static struct kunit_case common_cases[] = {
	KUNIT_CASE(common_coherent),
	KUNIT_CASE(common_coherent_pages),
	KUNIT_CASE(common_address_limits),
	KUNIT_CASE(common_free_twice),
	KUNIT_CASE(common_free_mismatch),
	KUNIT_CASE(common_bad_args),
	KUNIT_CASE(common_dispatch_level),
	KUNIT_CASE(common_too_big),
	{}
};

struct kunit_suite wdmdma_common_suite = {
	.name = "wdmdma_common",
	.init = common_init,
	.exit = common_exit,
	.test_cases = common_cases,
};
