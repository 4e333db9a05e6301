// SPDX-License-Identifier: GPL-2.0
/*
 * IoGetDmaAdapter() and PutDmaAdapter(): description versions, the table
 * each version gets, DMA masks from the address width, the
 * NumberOfMapRegisters arithmetic, and releasing an adapter that still
 * holds things.
 */
#include <linux/dma-mapping.h>
#include <linux/mm.h>

#include "suites.h"
#include "target.h"

static int adapter_init(struct kunit *test)
{
	struct wdmdma_target *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	if (!t)
		return -ENOMEM;
	test->priv = t;
	wdmdma_target_init(test, t, WDMDMA_TARGET_KUNIT);
	return 0;
}

static void adapter_exit_target(struct kunit *test)
{
	if (test->priv)
		wdmdma_target_exit(test->priv);
}

static void desc_v(DEVICE_DESCRIPTION *d, ULONG version)
{
	memset(d, 0, sizeof(*d));
	d->Version = version;
	d->Master = TRUE;
	d->ScatterGather = TRUE;
	d->InterfaceType = PCIBus;
	d->Dma32BitAddresses = TRUE;
	d->DmaAddressWidth = 32;
	d->MaximumLength = 0x10000;
}

/* Version is always 1; DmaOperations->Size covers exactly the version's entries. */
static void adapter_versions(struct kunit *test)
{
	static const ULONG size[] = {
		offsetof(DMA_OPERATIONS, CalculateScatterGatherList),
		offsetof(DMA_OPERATIONS, CalculateScatterGatherList),
		offsetof(DMA_OPERATIONS, GetDmaAdapterInfo),
		sizeof(DMA_OPERATIONS),
	};
	struct wdmdma_target *t = test->priv;
	DEVICE_DESCRIPTION d;
	PDMA_ADAPTER da;
	unsigned long before;
	ULONG v, n;

	for (v = 0; v <= 3; v++) {
		desc_v(&d, v);
		da = IoGetDmaAdapter(t->pdo, &d, &n);
		KUNIT_ASSERT_NOT_NULL(test, da);
		KUNIT_EXPECT_EQ(test, da->Version, 1);
		KUNIT_EXPECT_EQ(test, da->Size, sizeof(DMA_ADAPTER));
		KUNIT_EXPECT_EQ_MSG(test, da->DmaOperations->Size, size[v], "version %u", v);
		KUNIT_EXPECT_PTR_NE(test, da->DmaOperations->MapTransfer, NULL);
		da->DmaOperations->PutDmaAdapter(da);
	}
	KUNIT_EXPECT_EQ(test, offsetof(DMA_OPERATIONS, CalculateScatterGatherList), 0x68);
	KUNIT_EXPECT_EQ(test, offsetof(DMA_OPERATIONS, GetDmaAdapterInfo), 0x80);

	before = wdmdma_violations(NULL);
	desc_v(&d, 4);
	n = 77;
	KUNIT_EXPECT_NULL(test, IoGetDmaAdapter(t->pdo, &d, &n));
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 1);
	KUNIT_EXPECT_NULL(test, IoGetDmaAdapter(NULL, &d, &n));
	desc_v(&d, 2);
	KUNIT_EXPECT_NULL(test, IoGetDmaAdapter(t->pdo, NULL, &n));
	KUNIT_EXPECT_NULL(test, IoGetDmaAdapter(t->pdo, &d, NULL));
}

struct mask_case {
	ULONG version;
	BOOLEAN sg, dma32, dma64;
	INTERFACE_TYPE bus;
	ULONG width;		/* DmaAddressWidth, version 3 */
	unsigned int bits;	/* expected mask width; 0: refused */
};

static const struct mask_case mask_cases[] = {
	{ 2, TRUE,  FALSE, TRUE,  PCIBus, 0, 64 },
	{ 2, FALSE, TRUE,  FALSE, PCIBus, 0, 32 },
	{ 0, TRUE,  FALSE, FALSE, PCIBus, 0, 32 },	/* S/G PCI master: 32 assumed */
	{ 1, FALSE, FALSE, FALSE, Isa,    0, 24 },	/* ISA: 24 */
	{ 1, FALSE, FALSE, FALSE, PCIBus, 0, 24 },	/* non-S/G, no width: 24 */
	{ 3, TRUE,  FALSE, FALSE, PCIBus, 40, 40 },
	{ 3, TRUE,  TRUE,  TRUE,  PCIBus, 28, 28 },	/* v3 ignores Dma32/Dma64 */
	{ 3, TRUE,  FALSE, FALSE, PCIBus, 0, 0 },
	{ 3, TRUE,  FALSE, FALSE, PCIBus, 65, 0 },
};

/*
 * The address width becomes the device's coherent mask (its allocations)
 * and, at least 32 bits without an IOMMU, its streaming mask.
 */
static void adapter_masks(struct kunit *test)
{
	struct wdmdma_target *t = test->priv;
	unsigned int i, stream;
	DEVICE_DESCRIPTION d;
	PDMA_ADAPTER da;
	ULONG n;

	for (i = 0; i < ARRAY_SIZE(mask_cases); i++) {
		const struct mask_case *c = &mask_cases[i];

		desc_v(&d, c->version);
		d.ScatterGather = c->sg;
		d.Dma32BitAddresses = c->dma32;
		d.Dma64BitAddresses = c->dma64;
		d.InterfaceType = c->bus;
		d.DmaAddressWidth = c->width;
		da = IoGetDmaAdapter(t->pdo, &d, &n);
		if (!c->bits) {
			KUNIT_EXPECT_NULL_MSG(test, da, "case %u", i);
			continue;
		}
		KUNIT_ASSERT_NOT_NULL_MSG(test, da, "case %u", i);
		/*
		 * The streaming mask serves the DMA API's own bouncing, whose
		 * pool lies below 4 GiB, so without an IOMMU it is never below
		 * 32 bits: the adapter keeps its narrower limit itself.
		 */
		stream = device_iommu_mapped(t->dev) ? c->bits : max(c->bits, 32U);
		KUNIT_EXPECT_EQ_MSG(test, *t->dev->dma_mask, DMA_BIT_MASK(stream), "case %u", i);
		KUNIT_EXPECT_EQ_MSG(test, t->dev->coherent_dma_mask, DMA_BIT_MASK(c->bits),
				    "case %u", i);
		da->DmaOperations->PutDmaAdapter(da);
	}
}

/*
 * Two adapters for one device each keep their own limit: the narrower one
 * made first does not hold the wider one's device to 32 bits, nor does
 * it cut the mask when made second (where mappings are direct, the wide
 * adapter would bounce what it reaches); each still maps within its own.
 */
static void adapter_shared_mask(struct kunit *test)
{
	struct wdmdma_target *t = test->priv;
	bool direct = wdmdma_test_platform_direct();
	DEVICE_DESCRIPTION d;
	PDMA_ADAPTER narrow, wide, late;
	ULONG n;

	desc_v(&d, 3);
	d.DmaAddressWidth = 32;
	narrow = IoGetDmaAdapter(t->pdo, &d, &n);
	KUNIT_ASSERT_NOT_NULL(test, narrow);
	d.DmaAddressWidth = 64;
	wide = IoGetDmaAdapter(t->pdo, &d, &n);
	KUNIT_ASSERT_NOT_NULL(test, wide);
	if (direct)
		KUNIT_EXPECT_GT(test, *t->dev->dma_mask, DMA_BIT_MASK(32));
	d.DmaAddressWidth = 24;
	late = IoGetDmaAdapter(t->pdo, &d, &n);
	KUNIT_ASSERT_NOT_NULL(test, late);
	if (direct)
		KUNIT_EXPECT_GT(test, *t->dev->dma_mask, DMA_BIT_MASK(32));
	late->DmaOperations->PutDmaAdapter(late);
	wide->DmaOperations->PutDmaAdapter(wide);
	narrow->DmaOperations->PutDmaAdapter(narrow);
}

/*
 * NumberOfMapRegisters = BYTES_TO_PAGES(MaximumLength) + 1, capped by the
 * module parameter (1024), whether or not mappings bounce; a master without
 * scatter/gather gets no more than its contiguous buffer holds.
 */
static void adapter_map_registers(struct kunit *test)
{
	static const struct { ULONG maxlen; ULONG nregs; } cases[] = {
		{ 0, 1 },
		{ 1, 2 },
		{ PAGE_SIZE, 2 },
		{ PAGE_SIZE + 1, 3 },
		{ 0x10000, 17 },
		{ 0x40000, 65 },
		{ 0x100000, 257 },
		{ 0x3ff000, 1024 },
		{ 0xffffffff, 1024 },
	};
	struct wdmdma_target *t = test->priv;
	DEVICE_DESCRIPTION d;
	PDMA_ADAPTER da;
	unsigned int i;
	ULONG n;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		desc_v(&d, 2);
		d.Dma64BitAddresses = TRUE;
		d.MaximumLength = cases[i].maxlen;
		n = 0;
		da = IoGetDmaAdapter(t->pdo, &d, &n);
		KUNIT_ASSERT_NOT_NULL(test, da);
		KUNIT_EXPECT_EQ_MSG(test, n, cases[i].nregs, "MaximumLength %#x",
				    cases[i].maxlen);
		da->DmaOperations->PutDmaAdapter(da);
	}
	/* without scatter/gather: at most what the contiguous buffer holds */
	desc_v(&d, 2);
	d.ScatterGather = FALSE;
	d.MaximumLength = 0x10000;
	da = IoGetDmaAdapter(t->pdo, &d, &n);
	KUNIT_ASSERT_NOT_NULL(test, da);
	KUNIT_EXPECT_EQ(test, n, 17);
	da->DmaOperations->PutDmaAdapter(da);
}

/* GetDmaAlignment: the platform's real requirement, 1 on cache-coherent x86. */
static void adapter_alignment(struct kunit *test)
{
	struct wdmdma_target *t = test->priv;
	DEVICE_DESCRIPTION d;
	PDMA_ADAPTER da;
	ULONG n;

	desc_v(&d, 2);
	da = wdmdma_target_adapter(t, &d, &n);
	KUNIT_EXPECT_EQ(test, da->DmaOperations->GetDmaAlignment(da),
			(ULONG)max(dma_get_cache_alignment(), 1));
	KUNIT_EXPECT_EQ(test, HalGetDmaAlignment(da), 1);
	da->DmaOperations->PutDmaAdapter(da);
}

static IO_ALLOCATION_ACTION adapter_keep(PDEVICE_OBJECT d, PIRP irp, PVOID base, PVOID ctx)
{
	*(PVOID *)ctx = base;
	return KeepObject;
}

static IO_ALLOCATION_ACTION adapter_keep_regs(PDEVICE_OBJECT d, PIRP irp, PVOID base, PVOID ctx)
{
	*(PVOID *)ctx = base;
	return DeallocateObjectKeepRegisters;
}

static IO_ALLOCATION_ACTION adapter_never(PDEVICE_OBJECT d, PIRP irp, PVOID base, PVOID ctx)
{
	(*(int *)ctx)++;
	return DeallocateObject;
}

/*
 * PutDmaAdapter with a channel held, registers kept and mapped, a request
 * waiting and a common buffer: every leftover is reported and reclaimed
 * (kmemleak and DMA-API debug check the reclaiming), the waiting routine
 * never runs, and using the adapter afterwards is reported, not a crash.
 */
static void adapter_put_leftovers(struct kunit *test)
{
	struct wdmdma_target *t = test->priv;
	PVOID held = NULL, kept = NULL, cpu;
	PHYSICAL_ADDRESS la;
	DEVICE_DESCRIPTION d;
	PDMA_OPERATIONS ops;
	unsigned long before;
	PDMA_ADAPTER da, da2;
	int never = 0;
	ULONG n, len;
	PMDL mdl;
	u8 *buf;

	wdmdma_target_desc(t, &d, TRUE, 0x4000);
	da = wdmdma_target_adapter(t, &d, &n);
	ops = da->DmaOperations;
	da2 = wdmdma_target_adapter(t, &d, &n);

	/* registers kept and left mapped */
	KUNIT_ASSERT_EQ(test, ops->AllocateAdapterChannel(da, t->fdo[0], 2, adapter_keep_regs,
							  &kept), STATUS_SUCCESS);
	KUNIT_ASSERT_NOT_NULL(test, kept);
	buf = wdmdma_test_buf(test, PAGE_SIZE, false);
	mdl = wdmdma_test_mdl(test, buf, PAGE_SIZE);
	len = PAGE_SIZE;
	ops->MapTransfer(da, mdl, kept, buf, &len, TRUE);
	KUNIT_EXPECT_EQ(test, len, PAGE_SIZE);
	/* channel held, and a request waiting behind it */
	KUNIT_ASSERT_EQ(test, ops->AllocateAdapterChannel(da, t->fdo[1], 1, adapter_keep, &held),
			STATUS_SUCCESS);
	KUNIT_ASSERT_NOT_NULL(test, held);
	KUNIT_ASSERT_EQ(test, ops->AllocateAdapterChannel(da, t->fdo[2], 1, adapter_never, &never),
			STATUS_SUCCESS);
	cpu = ops->AllocateCommonBuffer(da, 100, &la, TRUE);
	KUNIT_ASSERT_NOT_NULL(test, cpu);

	before = wdmdma_violations(NULL);
	ops->PutDmaAdapter(da);
	KUNIT_EXPECT_GE(test, wdmdma_violations(NULL), before + 4);
	KUNIT_EXPECT_EQ(test, never, 0);

	/* The device object whose request was dropped can ask again. */
	KUNIT_EXPECT_EQ(test, ops->AllocateAdapterChannel(da2, t->fdo[2], 1, adapter_never,
							  &never), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, never, 1);

	before = wdmdma_violations(NULL);
	KUNIT_EXPECT_EQ(test, ops->GetDmaAlignment(da), 1);
	KUNIT_EXPECT_EQ(test, ops->AllocateAdapterChannel(da, t->fdo[3], 1, adapter_never, &never),
			STATUS_INVALID_PARAMETER);
	ops->PutDmaAdapter(da);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 3);
	KUNIT_EXPECT_EQ(test, never, 1);
	ops->PutDmaAdapter(da2);
}

static struct kunit_case adapter_cases[] = {
	KUNIT_CASE(adapter_versions),
	KUNIT_CASE(adapter_masks),
	KUNIT_CASE(adapter_shared_mask),
	KUNIT_CASE(adapter_map_registers),
	KUNIT_CASE(adapter_alignment),
	KUNIT_CASE(adapter_put_leftovers),
	{}
};

struct kunit_suite wdmdma_adapter_suite = {
	.name = "wdmdma_adapter",
	.init = adapter_init,
	.exit = adapter_exit_target,
	.test_cases = adapter_cases,
};
