// SPDX-License-Identifier: GPL-2.0
/*
 * The suites' DMA target; see target.h.
 */
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "../wdmdma/compat.h"
#include "target.h"

#define EDU_CHUNK	2048

void wdmdma_target_init(struct kunit *test, struct wdmdma_target *t,
			enum wdmdma_target_kind kind)
{
	NTSTATUS st;
	int i;

	memset(t, 0, sizeof(*t));
	t->test = test;
	if (kind == WDMDMA_TARGET_EDU ||
	    (kind == WDMDMA_TARGET_PLATFORM &&
	     wdmdma_test_platform() == WDMDMA_PLATFORM_IOMMU)) {
		KUNIT_ASSERT_EQ_MSG(test, wdmdma_edu_open(&t->edu), 0, "no edu device");
		t->dev = &t->edu.pdev->dev;
		/* The edu device addresses 28 bits. */
		KUNIT_ASSERT_EQ(test, dma_set_mask_and_coherent(t->dev, DMA_BIT_MASK(28)), 0);
		t->scratch = dma_alloc_coherent(t->dev, PAGE_SIZE, &t->scratch_dma, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, t->scratch);
	} else {
		KUNIT_ASSERT_EQ(test, wdmdma_test_dev_create(test, &t->td), 0);
		t->dev = t->td.dev;
	}
	t->pdo = wdmdma_pdo_create(t->dev);
	KUNIT_ASSERT_NOT_NULL(test, t->pdo);
	for (i = 0; i < WDMDMA_TARGET_FDOS; i++) {
		st = IoCreateDevice(NULL, 64, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &t->fdo[i]);
		KUNIT_ASSERT_EQ(test, st, STATUS_SUCCESS);
		t->fdo[i]->Flags &= ~DO_DEVICE_INITIALIZING;
	}
}

void wdmdma_target_exit(struct wdmdma_target *t)
{
	int i;

	for (i = 0; i < WDMDMA_TARGET_FDOS; i++)
		if (t->fdo[i])
			IoDeleteDevice(t->fdo[i]);
	wdmdma_pdo_destroy(t->pdo);
	if (t->scratch)
		dma_free_coherent(t->dev, PAGE_SIZE, t->scratch, t->scratch_dma);
	if (t->edu.pdev)
		wdmdma_edu_close(&t->edu);
	else
		wdmdma_test_dev_destroy(&t->td);
	memset(t, 0, sizeof(*t));
}

bool wdmdma_target_is_edu(const struct wdmdma_target *t)
{
	return t->edu.pdev;
}

void wdmdma_target_desc(const struct wdmdma_target *t, DEVICE_DESCRIPTION *desc,
			bool sg, ULONG maxlen)
{
	memset(desc, 0, sizeof(*desc));
	desc->Master = TRUE;
	desc->ScatterGather = sg;
	desc->InterfaceType = PCIBus;
	desc->MaximumLength = maxlen;
	if (wdmdma_target_is_edu(t)) {
		desc->Version = DEVICE_DESCRIPTION_VERSION3;
		desc->DmaAddressWidth = 28;
	} else {
		desc->Version = DEVICE_DESCRIPTION_VERSION2;
		desc->Dma64BitAddresses = TRUE;
	}
}

bool wdmdma_target_budgeted(const struct wdmdma_target *t, bool sg, unsigned int width)
{
	if (device_iommu_mapped(t->dev))
		return false;
	if (!sg || wdmdma_test_platform() == WDMDMA_PLATFORM_BOUNCE)
		return true;
	if (wdmdma_test_platform() == WDMDMA_PLATFORM_HIGHMEM)
		return width <= 32;
	return width < 28;
}

PDMA_ADAPTER wdmdma_target_adapter(struct wdmdma_target *t, DEVICE_DESCRIPTION *desc,
				   ULONG *nregs)
{
	PDMA_ADAPTER da = IoGetDmaAdapter(t->pdo, desc, nregs);

	KUNIT_ASSERT_NOT_NULL(t->test, da);
	return da;
}

/* One edu transfer between device address @addr and the scratch page. */
static void wdmdma_target_edu_copy(struct wdmdma_target *t, u64 addr, size_t len,
				   bool to_ram)
{
	struct kunit *test = t->test;

	if (to_ram) {
		KUNIT_ASSERT_EQ(test, wdmdma_edu_dma(&t->edu, t->scratch_dma, 0, len, true), 0);
		KUNIT_ASSERT_EQ(test, wdmdma_edu_dma(&t->edu, addr, 0, len, false), 0);
	} else {
		KUNIT_ASSERT_EQ(test, wdmdma_edu_dma(&t->edu, addr, 0, len, true), 0);
		KUNIT_ASSERT_EQ(test, wdmdma_edu_dma(&t->edu, t->scratch_dma, 0, len, false), 0);
	}
}

void wdmdma_target_dev_read(struct wdmdma_target *t, u64 addr, void *buf, size_t len)
{
	size_t n;

	if (!wdmdma_target_is_edu(t)) {
		/* A kunit device's bus address is a physical address. */
		KUNIT_ASSERT_TRUE(t->test, pfn_valid(PHYS_PFN(addr)) &&
				  pfn_valid(PHYS_PFN(addr + len - 1)));
		memcpy(buf, phys_to_virt(addr), len);
		return;
	}
	for (; len; len -= n, addr += n, buf += n) {
		n = min_t(size_t, len, EDU_CHUNK);
		wdmdma_target_edu_copy(t, addr, n, false);
		memcpy(buf, t->scratch, n);
	}
}

void wdmdma_target_dev_write(struct wdmdma_target *t, u64 addr, const void *buf, size_t len)
{
	size_t n;

	if (!wdmdma_target_is_edu(t)) {
		KUNIT_ASSERT_TRUE(t->test, pfn_valid(PHYS_PFN(addr)) &&
				  pfn_valid(PHYS_PFN(addr + len - 1)));
		memcpy(phys_to_virt(addr), buf, len);
		return;
	}
	for (; len; len -= n, addr += n, buf += n) {
		n = min_t(size_t, len, EDU_CHUNK);
		memcpy(t->scratch, buf, n);
		wdmdma_target_edu_copy(t, addr, n, true);
	}
}

void wdmdma_fill(void *buf, size_t len, u32 seed)
{
	u8 *p = buf;
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (u8)(seed * 31 + i * 7 + (i >> 9));
}

static void wdmdma_vfree_action(void *p)
{
	vfree(p);
}

static void wdmdma_test_vunmap_action(void *p)
{
	vunmap(p);
}

static void wdmdma_test_free_blocks_action(void *p)
{
	struct page **pages = p;
	int i;

	for (i = 0; pages[i]; i++)
		__free_pages(pages[i], 1);
	kfree(pages);
}

/**
 * wdmdma_test_scattered() - a buffer whose pages are never adjacent
 * @test: the test, which frees it at its end
 * @n: pages
 *
 * The first page of separate order-1 blocks, mapped with vmap(): without
 * an IOMMU every page is its own device-contiguous piece, and a master
 * without scatter/gather needs a copy of them.
 *
 * Return: the buffer (the test is failed when it cannot be had).
 */
u8 *wdmdma_test_scattered(struct kunit *test, unsigned int n)
{
	struct page **pages = kcalloc(n + 1, sizeof(*pages), GFP_KERNEL);
	unsigned int i;
	void *va;

	KUNIT_ASSERT_NOT_NULL(test, pages);
	for (i = 0; i < n; i++) {
		pages[i] = alloc_pages(GFP_KERNEL, 1);
		if (!pages[i])
			break;
	}
	KUNIT_ASSERT_EQ(test, wdmdma_kunit_defer(test, wdmdma_test_free_blocks_action, pages), 0);
	KUNIT_ASSERT_EQ(test, i, n);
	va = vmap(pages, n, VM_MAP, PAGE_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, va);
	KUNIT_ASSERT_EQ(test, wdmdma_kunit_defer(test, wdmdma_test_vunmap_action, va), 0);
	return va;
}

void *wdmdma_test_buf(struct kunit *test, size_t len, bool scattered)
{
	void *buf;

	if (!scattered) {
		buf = kunit_kzalloc(test, len, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, buf);
		return buf;
	}
	buf = vzalloc(len);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, wdmdma_kunit_defer(test, wdmdma_vfree_action, buf), 0);
	return buf;
}

static void wdmdma_free_mdl_action(void *mdl)
{
	IoFreeMdl(mdl);
}

PMDL wdmdma_test_mdl(struct kunit *test, void *buf, ULONG len)
{
	PMDL mdl = IoAllocateMdl(buf, len, FALSE, FALSE, NULL);

	KUNIT_ASSERT_NOT_NULL(test, mdl);
	KUNIT_ASSERT_EQ(test, wdmdma_kunit_defer(test, wdmdma_free_mdl_action, mdl), 0);
	MmBuildMdlForNonPagedPool(mdl);
	KUNIT_ASSERT_TRUE(test, mdl->MdlFlags & MDL_SOURCE_IS_NONPAGED_POOL);
	return mdl;
}

NTSTATUS wdmdma_test_add_fdo(PDRIVER_OBJECT drv, PDEVICE_OBJECT pdo, void *ctx,
			     PDEVICE_OBJECT *fdo, PDEVICE_OBJECT *lower)
{
	PDEVICE_OBJECT d;
	NTSTATUS st;

	st = IoCreateDevice(drv, sizeof(ctx), NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &d);
	if (st != STATUS_SUCCESS)
		return st;
	*(void **)d->DeviceExtension = ctx;
	*fdo = d;
	*lower = IoAttachDeviceToDeviceStack(d, pdo);
	if (!*lower) {
		IoDeleteDevice(d);
		*fdo = NULL;
		return STATUS_NO_SUCH_DEVICE;
	}
	d->Flags &= ~DO_DEVICE_INITIALIZING;
	return STATUS_SUCCESS;
}

NTSTATUS wdmdma_test_remove_fdo(PIRP irp, PDEVICE_OBJECT *fdo, PDEVICE_OBJECT *lower)
{
	PDEVICE_OBJECT d = *fdo, below = *lower;
	NTSTATUS st;

	irp->IoStatus.Status = STATUS_SUCCESS;
	IoSkipCurrentIrpStackLocation(irp);
	st = IoCallDriver(below, irp);
	IoDetachDevice(below);
	IoDeleteDevice(d);
	*fdo = NULL;
	*lower = NULL;
	return st;
}

struct wdmdma_test_grant {
	KEVENT granted;
	PVOID base;
};

static IO_ALLOCATION_ACTION wdmdma_test_keep(PDEVICE_OBJECT devobj, PIRP irp, PVOID base,
					     PVOID ctx)
{
	struct wdmdma_test_grant *g = ctx;

	g->base = base;
	KeSetEvent(&g->granted, 0, FALSE);
	return KeepObject;	/* system DMA: the channel stays for the transfer */
}

/**
 * wdmdma_test_keep_channel() - AllocateAdapterChannel, kept, waited for
 * @test: the test (asserts; the wait's state is freed with it)
 * @da: the adapter
 * @devobj: the device object
 * @nregs: map registers
 *
 * Return: the MapRegisterBase the execution routine was given (up to 5 s).
 */
PVOID wdmdma_test_keep_channel(struct kunit *test, PDMA_ADAPTER da, PDEVICE_OBJECT devobj,
			       ULONG nregs)
{
	LARGE_INTEGER timeout = { .QuadPart = -50000000LL };	/* 5 s, relative */
	struct wdmdma_test_grant *g = kunit_kzalloc(test, sizeof(*g), GFP_KERNEL);
	NTSTATUS st;

	KUNIT_ASSERT_NOT_NULL(test, g);
	KeInitializeEvent(&g->granted, NotificationEvent, FALSE);
	st = da->DmaOperations->AllocateAdapterChannel(da, devobj, nregs, wdmdma_test_keep, g);
	KUNIT_ASSERT_EQ(test, st, STATUS_SUCCESS);
	st = KeWaitForSingleObject(&g->granted, Executive, KernelMode, FALSE, &timeout);
	KUNIT_ASSERT_EQ_MSG(test, st, STATUS_SUCCESS, "the channel was not granted in 5 s");
	return g->base;
}
