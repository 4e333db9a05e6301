// SPDX-License-Identifier: GPL-2.0
/*
 * The obsolete exports older drivers call by name (<wdm/hal.h>): each does
 * what its DMA_OPERATIONS entry does, on the configuration's real device
 * (the edu bus master under the IOMMU), and a NULL adapter is reported,
 * never dereferenced.  HalGetAdapter serves the device the glue named.
 */
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "suites.h"
#include "target.h"

static int legacy_init(struct kunit *test)
{
	struct wdmdma_target *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	if (!t)
		return -ENOMEM;
	test->priv = t;
	wdmdma_target_init(test, t, WDMDMA_TARGET_PLATFORM);
	return 0;
}

static void legacy_exit(struct kunit *test)
{
	wdmdma_set_legacy_device(NULL);
	if (test->priv)
		wdmdma_target_exit(test->priv);
}

static PDMA_ADAPTER legacy_adapter(struct kunit *test, bool sg, ULONG maxlen, ULONG *nregs)
{
	struct wdmdma_target *t = test->priv;
	DEVICE_DESCRIPTION d;

	wdmdma_target_desc(t, &d, sg, maxlen);
	return wdmdma_target_adapter(t, &d, nregs);
}

/* What an AdapterControl routine saw, and what it returns. */
struct legacy_ctl {
	IO_ALLOCATION_ACTION action;
	int calls;
	PDEVICE_OBJECT devobj;
	PIRP irp;
	PVOID base;
	KIRQL irql;
};

static IO_ALLOCATION_ACTION legacy_routine(PDEVICE_OBJECT d, PIRP irp, PVOID base, PVOID ctx)
{
	struct legacy_ctl *c = ctx;

	c->calls++;
	c->devobj = d;
	c->irp = irp;
	c->base = base;
	c->irql = KeGetCurrentIrql();
	return c->action;
}

/*
 * IoAllocateAdapterChannel: with the channel free the routine runs before
 * the call returns, at DISPATCH_LEVEL, with the device object, its
 * CurrentIrp, a MapRegisterBase and the context; DeallocateObject then
 * frees the channel for the next device object at once.
 */
static void legacy_allocate_channel(struct kunit *test)
{
	struct wdmdma_target *t = test->priv;
	struct legacy_ctl c0 = { .action = DeallocateObject };
	struct legacy_ctl c1 = { .action = DeallocateObject };
	PIRP irp = kunit_kzalloc(test, sizeof(IRP), GFP_KERNEL);
	PDMA_ADAPTER da;
	ULONG n;

	KUNIT_ASSERT_NOT_NULL(test, irp);
	da = legacy_adapter(test, TRUE, 4 * PAGE_SIZE, &n);
	t->fdo[0]->CurrentIrp = irp;
	KUNIT_EXPECT_EQ(test, IoAllocateAdapterChannel(da, t->fdo[0], 2, legacy_routine, &c0),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, c0.calls, 1);
	KUNIT_EXPECT_PTR_EQ(test, c0.devobj, t->fdo[0]);
	KUNIT_EXPECT_PTR_EQ(test, c0.irp, irp);
	KUNIT_EXPECT_NOT_NULL(test, c0.base);
	KUNIT_EXPECT_EQ(test, c0.irql, DISPATCH_LEVEL);

	KUNIT_EXPECT_EQ(test, IoAllocateAdapterChannel(da, t->fdo[1], n, legacy_routine, &c1),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, c1.calls, 1);
	KUNIT_EXPECT_NOT_NULL(test, c1.base);
	/* more registers than IoGetDmaAdapter allowed: refused, never run */
	KUNIT_EXPECT_EQ(test, IoAllocateAdapterChannel(da, t->fdo[1], n + 1, legacy_routine, &c1),
			STATUS_INSUFFICIENT_RESOURCES);
	KUNIT_EXPECT_EQ(test, c1.calls, 1);
	t->fdo[0]->CurrentIrp = NULL;
	da->DmaOperations->PutDmaAdapter(da);
}

/*
 * Map [va, va + len) piece by piece; the device reads or writes each
 * piece.  A scatter/gather master under direct mapping gets the physical
 * address; bouncing and the IOMMU never hand it out.
 */
static void legacy_transfer(struct kunit *test, PDMA_ADAPTER da, PMDL mdl, PVOID base,
			    u8 *va, ULONG len, u8 *dev, bool to_device, bool sg)
{
	u64 phys = page_to_phys(vmalloc_to_page(va)) + offset_in_page(va);
	bool direct = wdmdma_test_platform_direct();
	struct wdmdma_target *t = test->priv;
	PHYSICAL_ADDRESS pa;
	ULONG done, piece;

	for (done = 0; done < len; done += piece) {
		piece = len - done;
		pa = IoMapTransfer(da, mdl, base, va + done, &piece, to_device);
		KUNIT_ASSERT_GT_MSG(test, piece, 0, "at %u of %u", done, len);
		KUNIT_ASSERT_LE(test, piece, len - done);
		if (!done && direct && sg)
			KUNIT_EXPECT_EQ(test, (u64)pa.QuadPart, phys);
		if (!done && !direct)	/* slot or IOVA */
			KUNIT_EXPECT_NE(test, (u64)pa.QuadPart, phys);
		if (to_device)
			wdmdma_target_dev_read(t, pa.QuadPart, dev + done, piece);
		else
			wdmdma_target_dev_write(t, pa.QuadPart, dev + done, piece);
	}
	KUNIT_EXPECT_TRUE(test, IoFlushAdapterBuffers(da, mdl, base, va, len, to_device));
}

/*
 * IoMapTransfer + IoFlushAdapterBuffers round trip across a page boundary:
 * the device reads at the returned addresses what the buffer holds, and
 * what it writes there is in the buffer after the flush.
 * IoFreeAdapterChannel then frees the channel KeepObject kept.
 */
static void legacy_round_trip(struct kunit *test, bool sg)
{
	struct wdmdma_target *t = test->priv;
	struct legacy_ctl c = { .action = KeepObject };
	const ULONG len = 600;
	u8 *buf = wdmdma_test_buf(test, 2 * PAGE_SIZE, true);
	u8 *dev = kunit_kmalloc(test, len, GFP_KERNEL);
	u8 *va = buf + PAGE_SIZE - 300;		/* 300 bytes, then a page boundary */
	PMDL mdl = wdmdma_test_mdl(test, va, len);
	unsigned long before;
	PDMA_ADAPTER da;
	ULONG n;

	KUNIT_ASSERT_NOT_NULL(test, dev);
	da = legacy_adapter(test, sg, len, &n);
	before = wdmdma_violations(da);
	KUNIT_ASSERT_EQ(test, IoAllocateAdapterChannel(da, t->fdo[0],
						       ADDRESS_AND_SIZE_TO_SPAN_PAGES(va, len),
						       legacy_routine, &c), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, c.calls, 1);

	wdmdma_fill(va, len, 11);
	memset(dev, 0, len);
	legacy_transfer(test, da, mdl, c.base, va, len, dev, true, sg);
	KUNIT_EXPECT_EQ_MSG(test, memcmp(dev, va, len), 0, "device reads the buffer");

	wdmdma_fill(dev, len, 21);
	memset(va, 0, len);
	legacy_transfer(test, da, mdl, c.base, va, len, dev, false, sg);
	KUNIT_EXPECT_EQ_MSG(test, memcmp(dev, va, len), 0, "buffer holds what the device wrote");

	IoFreeAdapterChannel(da);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before);
	da->DmaOperations->PutDmaAdapter(da);
}

/* A scatter/gather master: the transfer may come back in pieces. */
static void legacy_map_round_trip_sg(struct kunit *test)
{
	legacy_round_trip(test, true);
}

/* A master without scatter/gather: one device-contiguous piece. */
static void legacy_map_round_trip_packet(struct kunit *test)
{
	legacy_round_trip(test, false);
}

/*
 * IoFreeAdapterChannel after a KeepObject routine releases the channel
 * (the device object may ask again at once); a second one is reported.
 */
static void legacy_free_adapter_channel(struct kunit *test)
{
	struct wdmdma_target *t = test->priv;
	struct legacy_ctl c = { .action = KeepObject };
	unsigned long before;
	PDMA_ADAPTER da;
	ULONG n;

	da = legacy_adapter(test, TRUE, 2 * PAGE_SIZE, &n);
	KUNIT_ASSERT_EQ(test, IoAllocateAdapterChannel(da, t->fdo[0], 1, legacy_routine, &c),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, c.calls, 1);
	before = wdmdma_violations(da);
	IoFreeAdapterChannel(da);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before);
	IoFreeAdapterChannel(da);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before + 1);

	c.action = DeallocateObject;
	KUNIT_EXPECT_EQ(test, IoAllocateAdapterChannel(da, t->fdo[0], 1, legacy_routine, &c),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, c.calls, 2);
	da->DmaOperations->PutDmaAdapter(da);
}

/*
 * IoFreeMapRegisters frees what DeallocateObjectKeepRegisters kept (the
 * channel itself was freed when the routine returned); twice is reported.
 */
static void legacy_free_map_registers(struct kunit *test)
{
	struct wdmdma_target *t = test->priv;
	struct legacy_ctl c0 = { .action = DeallocateObjectKeepRegisters };
	struct legacy_ctl c1 = { .action = DeallocateObject };
	unsigned long before;
	PDMA_ADAPTER da;
	ULONG n;

	da = legacy_adapter(test, TRUE, 4 * PAGE_SIZE, &n);
	KUNIT_ASSERT_EQ(test, IoAllocateAdapterChannel(da, t->fdo[0], 2, legacy_routine, &c0),
			STATUS_SUCCESS);
	KUNIT_ASSERT_NOT_NULL(test, c0.base);
	KUNIT_EXPECT_EQ(test, IoAllocateAdapterChannel(da, t->fdo[1], 1, legacy_routine, &c1),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, c1.calls, 1);

	before = wdmdma_violations(da);
	IoFreeMapRegisters(da, c0.base, 2);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before);
	IoFreeMapRegisters(da, c0.base, 2);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before + 1);
	/* all registers free again: a request for every one runs at once */
	c1.calls = 0;
	KUNIT_EXPECT_EQ(test, IoAllocateAdapterChannel(da, t->fdo[1], n, legacy_routine, &c1),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, c1.calls, 1);
	da->DmaOperations->PutDmaAdapter(da);
}

/*
 * HalAllocateCommonBuffer / HalFreeCommonBuffer: the device sees the
 * buffer at its logical address; freeing twice is reported.
 */
static void legacy_common_buffer(struct kunit *test)
{
	struct wdmdma_target *t = test->priv;
	u8 seen[256];
	unsigned long before;
	PHYSICAL_ADDRESS la;
	PDMA_ADAPTER da;
	u8 *va;
	ULONG n;

	da = legacy_adapter(test, TRUE, PAGE_SIZE, &n);
	before = wdmdma_violations(da);
	va = HalAllocateCommonBuffer(da, 3000, &la, FALSE);
	KUNIT_ASSERT_NOT_NULL(test, va);
	KUNIT_EXPECT_TRUE(test, PAGE_ALIGNED(va));
	wdmdma_fill(va, 3000, 31);
	wdmdma_target_dev_read(t, la.QuadPart + 3000 - sizeof(seen), seen, sizeof(seen));
	KUNIT_EXPECT_EQ(test, memcmp(seen, va + 3000 - sizeof(seen), sizeof(seen)), 0);
	HalFreeCommonBuffer(da, 3000, la, va, FALSE);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before);
	HalFreeCommonBuffer(da, 3000, la, va, FALSE);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before + 1);
	da->DmaOperations->PutDmaAdapter(da);
}

/* HalReadDmaCounter of a bus master: 0 (nothing system DMA to count). */
static void legacy_read_dma_counter(struct kunit *test)
{
	unsigned long before;
	PDMA_ADAPTER da;
	ULONG n;

	da = legacy_adapter(test, TRUE, PAGE_SIZE, &n);
	before = wdmdma_violations(da);
	KUNIT_EXPECT_EQ(test, HalReadDmaCounter(da), 0);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before);
	da->DmaOperations->PutDmaAdapter(da);
}

/*
 * HalGetAdapter names no device: NULL (reported) until the glue calls
 * wdmdma_set_legacy_device(), then an ordinary adapter for that device --
 * the table of its description's version, usable, released through its
 * table's PutDmaAdapter (and dead afterwards).
 */
static void legacy_hal_get_adapter(struct kunit *test)
{
	struct wdmdma_target *t = test->priv;
	struct legacy_ctl c = { .action = DeallocateObject };
	DEVICE_DESCRIPTION d;
	unsigned long before;
	PHYSICAL_ADDRESS la;
	PDMA_ADAPTER da;
	ULONG n = 77;
	u8 seen[64];
	u8 *va;

	wdmdma_target_desc(t, &d, TRUE, 3 * PAGE_SIZE);
	wdmdma_set_legacy_device(NULL);
	before = wdmdma_violations(NULL);
	KUNIT_EXPECT_NULL(test, HalGetAdapter(&d, &n));
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 1);
	KUNIT_EXPECT_EQ(test, n, 77);

	wdmdma_set_legacy_device(t->dev);
	KUNIT_EXPECT_NULL(test, HalGetAdapter(NULL, &n));
	KUNIT_EXPECT_NULL(test, HalGetAdapter(&d, NULL));
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 3);

	da = HalGetAdapter(&d, &n);
	KUNIT_ASSERT_NOT_NULL(test, da);
	KUNIT_EXPECT_EQ(test, n, 4);
	KUNIT_EXPECT_EQ(test, da->Version, 1);
	KUNIT_EXPECT_EQ(test, da->DmaOperations->Size,
			d.Version == DEVICE_DESCRIPTION_VERSION3 ? sizeof(DMA_OPERATIONS) :
			offsetof(DMA_OPERATIONS, GetDmaAdapterInfo));
	KUNIT_EXPECT_EQ(test, IoAllocateAdapterChannel(da, t->fdo[0], n, legacy_routine, &c),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, c.calls, 1);
	va = HalAllocateCommonBuffer(da, sizeof(seen), &la, TRUE);
	KUNIT_ASSERT_NOT_NULL(test, va);
	wdmdma_fill(va, sizeof(seen), 41);
	wdmdma_target_dev_read(t, la.QuadPart, seen, sizeof(seen));
	KUNIT_EXPECT_EQ(test, memcmp(seen, va, sizeof(seen)), 0);
	HalFreeCommonBuffer(da, sizeof(seen), la, va, TRUE);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), 0);

	da->DmaOperations->PutDmaAdapter(da);
	before = wdmdma_violations(NULL);
	KUNIT_EXPECT_EQ(test, IoAllocateAdapterChannel(da, t->fdo[0], 1, legacy_routine, &c),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 1);
	KUNIT_EXPECT_EQ(test, c.calls, 1);
	wdmdma_set_legacy_device(NULL);
}

/* Every legacy call with a NULL adapter: reported once, its failure value returned. */
static void legacy_null_adapter(struct kunit *test)
{
	struct wdmdma_target *t = test->priv;
	struct legacy_ctl c = { .action = DeallocateObject };
	u8 *buf = wdmdma_test_buf(test, PAGE_SIZE, false);
	PMDL mdl = wdmdma_test_mdl(test, buf, PAGE_SIZE);
	PHYSICAL_ADDRESS la = { .QuadPart = 0x1234 };
	unsigned long before = wdmdma_violations(NULL);
	ULONG len = PAGE_SIZE;

	KUNIT_EXPECT_EQ(test, IoAllocateAdapterChannel(NULL, t->fdo[0], 1, legacy_routine, &c),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, c.calls, 0);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 1);
	KUNIT_EXPECT_EQ(test, IoMapTransfer(NULL, mdl, buf, buf, &len, TRUE).QuadPart, 0);
	KUNIT_EXPECT_EQ(test, len, 0);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 2);
	KUNIT_EXPECT_FALSE(test, IoFlushAdapterBuffers(NULL, mdl, buf, buf, PAGE_SIZE, TRUE));
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 3);
	IoFreeAdapterChannel(NULL);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 4);
	IoFreeMapRegisters(NULL, buf, 1);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 5);
	KUNIT_EXPECT_NULL(test, HalAllocateCommonBuffer(NULL, PAGE_SIZE, &la, TRUE));
	KUNIT_EXPECT_EQ(test, la.QuadPart, 0);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 6);
	HalFreeCommonBuffer(NULL, PAGE_SIZE, la, buf, TRUE);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 7);
	KUNIT_EXPECT_EQ(test, HalReadDmaCounter(NULL), 0);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 8);
}

static struct kunit_case legacy_cases[] = {
	KUNIT_CASE(legacy_allocate_channel),
	KUNIT_CASE(legacy_map_round_trip_sg),
	KUNIT_CASE(legacy_map_round_trip_packet),
	KUNIT_CASE(legacy_free_adapter_channel),
	KUNIT_CASE(legacy_free_map_registers),
	KUNIT_CASE(legacy_common_buffer),
	KUNIT_CASE(legacy_read_dma_counter),
	KUNIT_CASE(legacy_hal_get_adapter),
	KUNIT_CASE(legacy_null_adapter),
	{}
};

struct kunit_suite wdmdma_legacy_suite = {
	.name = "wdmdma_legacy",
	.init = legacy_init,
	.exit = legacy_exit,
	.test_cases = legacy_cases,
};
