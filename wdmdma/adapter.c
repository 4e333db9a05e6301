// SPDX-License-Identifier: GPL-2.0
/*
 * Adapter objects: IoGetDmaAdapter() turns a DEVICE_DESCRIPTION into DMA
 * masks, a map-register budget and the operations table of the
 * description's version; PutDmaAdapter() gives it all back.
 */
#define pr_fmt(fmt) "wdmdma: " fmt

#include <linux/hardirq.h>
#include <linux/mutex.h>
#include <linux/slab.h>

#include "internal.h"

/*
 * All live adapters, and released ones kept (small, emptied) so that a
 * driver using an adapter after PutDmaAdapter is reported rather than
 * touching freed memory.  The graveyard is bounded; its oldest entries go.
 */
static DEFINE_MUTEX(wdmdma_adapters_lock);
static LIST_HEAD(wdmdma_adapters);		/* protected by wdmdma_adapters_lock */
static LIST_HEAD(wdmdma_graveyard);		/* protected by wdmdma_adapters_lock */
static unsigned int wdmdma_graveyard_len;	/* protected by wdmdma_adapters_lock */
#define WDMDMA_GRAVEYARD_MAX	1024
static atomic_t wdmdma_adapter_ids = ATOMIC_INIT(0);
static struct device *wdmdma_legacy_dev;	/* protected by wdmdma_adapters_lock */

/* The tables, one per table version, filled in at module init. */
static DMA_OPERATIONS wdmdma_ops_v1 __ro_after_init;
static DMA_OPERATIONS wdmdma_ops_v2 __ro_after_init;
static DMA_OPERATIONS wdmdma_ops_v3 __ro_after_init;

/*
 * Device address width a description asks for.  Versions 0-2: 64 with
 * Dma64BitAddresses, 32 with Dma32BitAddresses or for a scatter/gather PCI
 * master (documented to be assumed 32-bit), else 24 (ISA).  Version 3:
 * DmaAddressWidth, which must be 1..64.
 */
static unsigned int wdmdma_desc_width(const DEVICE_DESCRIPTION *desc)
{
	if (desc->Version == DEVICE_DESCRIPTION_VERSION3)
		return desc->DmaAddressWidth <= 64 ? desc->DmaAddressWidth : 0;
	if (desc->Dma64BitAddresses)
		return 64;
	if (desc->Dma32BitAddresses ||
	    (desc->ScatterGather && desc->InterfaceType == PCIBus))
		return 32;
	return 24;
}

/*
 * NumberOfMapRegisters: enough for MaximumLength at any page offset,
 * BYTES_TO_PAGES(MaximumLength) + 1, capped by the module parameter.  What
 * the platform maps at once does not cap it further: a scatter/gather
 * piece or element longer than a swiotlb segment is split into several
 * mappings, and a master without scatter/gather has the adapter's own
 * contiguous buffer (whose size can lower the count, in mapreg.c).
 */
static u32 wdmdma_nregs(const DEVICE_DESCRIPTION *desc)
{
	u64 want = (((u64)desc->MaximumLength + PAGE_SIZE - 1) >> PAGE_SHIFT) + 1;

	return min_t(u64, want, wdmdma_max_map_registers);
}

/*
 * A device's mask is shared by every adapter made for it: it stays the
 * narrowest any of them asked for, so none is handed addresses it cannot
 * use.
 */
static unsigned int wdmdma_shared_width(struct device *dev, unsigned int width)
{
	struct wdmdma_adapter *a;

	lockdep_assert_held(&wdmdma_adapters_lock);
	list_for_each_entry(a, &wdmdma_adapters, link)
		if (a->dev == dev && a->width < width)
			width = a->width;
	return width;
}

static DMA_OPERATIONS *wdmdma_ops_for(ULONG version)
{
	switch (version) {
	case DEVICE_DESCRIPTION_VERSION:
	case DEVICE_DESCRIPTION_VERSION1:
		return &wdmdma_ops_v1;
	case DEVICE_DESCRIPTION_VERSION2:
		return &wdmdma_ops_v2;
	default:
		return &wdmdma_ops_v3;
	}
}

static int wdmdma_adapter_setup_dev(struct wdmdma_adapter *a)
{
	struct device *dev = a->dev;
	unsigned int width;
	int ret;

	width = wdmdma_shared_width(dev, a->width);
	if (width != a->width)
		dev_info(dev, "wdmdma: adapter %u: keeping the %u-bit mask another adapter set\n",
			 a->id, width);
	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(width));
	if (ret) {
		wdmdma_report(a, "IoGetDmaAdapter",
			      "the platform cannot do DMA with a %u-bit address limit", width);
		return ret;
	}
	if (dev->dma_parms && dma_get_max_seg_size(dev) < UINT_MAX)
		dma_set_max_seg_size(dev, UINT_MAX);
	a->max_seg = min_t(u64, dma_get_max_seg_size(dev), dma_max_mapping_size(dev));
	a->max_seg = max_t(unsigned int, a->max_seg & PAGE_MASK, PAGE_SIZE);
	a->nregs = wdmdma_nregs(&a->desc);
	return 0;
}

static struct wdmdma_adapter *wdmdma_adapter_create(struct device *dev,
						    PDEVICE_OBJECT pdo,
						    const DEVICE_DESCRIPTION *desc,
						    const char *call)
{
	struct wdmdma_adapter *a;
	int ret;

	if (desc->Version > DEVICE_DESCRIPTION_VERSION3) {
		wdmdma_report(NULL, call, "%s: unknown DEVICE_DESCRIPTION version %u",
			      dev_name(dev), desc->Version);
		return NULL;
	}
	if (!desc->Master) {
		wdmdma_report(NULL, call, "%s: system DMA (Master = FALSE) is not supported yet",
			      dev_name(dev));
		return NULL;
	}
	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return NULL;
	a->id = atomic_inc_return(&wdmdma_adapter_ids);
	a->dev = get_device(dev);
	a->pdo = pdo;
	a->desc = *desc;
	a->width = wdmdma_desc_width(desc);
	spin_lock_init(&a->lock);
	INIT_LIST_HEAD(&a->waiters);
	INIT_LIST_HEAD(&a->common);
	INIT_WORK(&a->work, wdmdma_channel_work);
	if (!a->width) {
		wdmdma_report(a, call, "DmaAddressWidth %u is not 1..64", desc->DmaAddressWidth);
		goto err_put;
	}

	mutex_lock(&wdmdma_adapters_lock);
	ret = wdmdma_adapter_setup_dev(a);
	if (!ret)
		ret = wdmdma_regs_init(a);
	if (ret) {
		mutex_unlock(&wdmdma_adapters_lock);
		goto err_put;
	}
	a->dma.Version = 1;	/* always 1: DmaOperations->Size tells the version */
	a->dma.Size = sizeof(DMA_ADAPTER);
	a->dma.DmaOperations = wdmdma_ops_for(desc->Version);
	a->magic = WDMDMA_ADAPTER_MAGIC;
	list_add_tail(&a->link, &wdmdma_adapters);
	mutex_unlock(&wdmdma_adapters_lock);
	return a;

err_put:
	put_device(a->dev);
	kfree(a);
	return NULL;
}

/**
 * IoGetDmaAdapter() - get the DMA adapter object for a physical device
 * @PhysicalDeviceObject: the PDO (from wdmdma_pdo_create())
 * @DeviceDescription: the device's DMA capabilities, versions 0 to 3
 * @NumberOfMapRegisters: out: the most map registers one transfer may use
 *
 * Sets the device's DMA masks from the description's address width, sizes
 * the adapter's map registers and returns the adapter with the operations
 * table of the description's version (DmaOperations->Size tells which;
 * the adapter's Version is always 1, as documented).
 *
 * Context: process context (PASSIVE_LEVEL).
 * Return: the adapter, or NULL (reported) for an unknown description
 * version, an address width the platform cannot do, or no memory.
 */
PDMA_ADAPTER IoGetDmaAdapter(PDEVICE_OBJECT PhysicalDeviceObject,
			     PDEVICE_DESCRIPTION DeviceDescription,
			     PULONG NumberOfMapRegisters)
{
	struct wdmdma_adapter *a;
	struct device *dev;

	if (!DeviceDescription || !NumberOfMapRegisters) {
		wdmdma_report(NULL, __func__, "NULL %s",
			      DeviceDescription ? "NumberOfMapRegisters" : "DeviceDescription");
		return NULL;
	}
	if (wdmdma_atomic_context()) {
		wdmdma_report(NULL, __func__, "called above PASSIVE_LEVEL");
		return NULL;
	}
	dev = wdmdma_pdo_device(PhysicalDeviceObject);
	if (!dev) {
		wdmdma_report(NULL, __func__, "%p is not a physical device object",
			      PhysicalDeviceObject);
		return NULL;
	}
	a = wdmdma_adapter_create(dev, PhysicalDeviceObject, DeviceDescription, __func__);
	if (!a)
		return NULL;
	*NumberOfMapRegisters = a->nregs;
	return &a->dma;
}
EXPORT_SYMBOL_GPL(IoGetDmaAdapter);

/**
 * HalGetAdapter() - obsolete: an adapter for the device the glue named
 * @DeviceDescription: the device's DMA capabilities
 * @NumberOfMapRegisters: out: the most map registers one transfer may use
 *
 * HalGetAdapter names no device, so it serves the one the driver's Linux
 * glue gave wdmdma_set_legacy_device().
 *
 * Context: process context.
 * Return: the adapter, or NULL (reported).
 */
PADAPTER_OBJECT HalGetAdapter(PDEVICE_DESCRIPTION DeviceDescription,
			      PULONG NumberOfMapRegisters)
{
	struct wdmdma_adapter *a;
	struct device *dev;

	/* Referenced under the lock: the glue may forget the device meanwhile. */
	mutex_lock(&wdmdma_adapters_lock);
	dev = get_device(wdmdma_legacy_dev);
	mutex_unlock(&wdmdma_adapters_lock);
	if (!DeviceDescription || !NumberOfMapRegisters || !dev) {
		wdmdma_report(NULL, __func__, "%s", !dev ?
			      "no device: the glue must call wdmdma_set_legacy_device()" :
			      "NULL argument");
		put_device(dev);
		return NULL;
	}
	a = wdmdma_adapter_create(dev, NULL, DeviceDescription, __func__);
	put_device(dev);
	if (!a)
		return NULL;
	*NumberOfMapRegisters = a->nregs;
	return &a->dma;
}
EXPORT_SYMBOL_GPL(HalGetAdapter);

/**
 * wdmdma_set_legacy_device() - the device HalGetAdapter() adapters are for
 * @dev: the device, or NULL to forget it
 */
void wdmdma_set_legacy_device(struct device *dev)
{
	struct device *old;

	mutex_lock(&wdmdma_adapters_lock);
	old = wdmdma_legacy_dev;
	wdmdma_legacy_dev = get_device(dev);
	mutex_unlock(&wdmdma_adapters_lock);
	put_device(old);
}
EXPORT_SYMBOL_GPL(wdmdma_set_legacy_device);

static void wdmdma_bury(struct wdmdma_adapter *a)
{
	struct wdmdma_adapter *old;

	lockdep_assert_held(&wdmdma_adapters_lock);
	list_move_tail(&a->link, &wdmdma_graveyard);
	if (++wdmdma_graveyard_len > WDMDMA_GRAVEYARD_MAX) {
		old = list_first_entry(&wdmdma_graveyard, struct wdmdma_adapter, link);
		list_del(&old->link);
		wdmdma_graveyard_len--;
		kfree(old);
	}
}

/* PDMA_OPERATIONS->PutDmaAdapter: release the adapter and all it still holds. */
static void wdmdma_put_dma_adapter(PDMA_ADAPTER da)
{
	struct wdmdma_adapter *a = wdmdma_adapter_get(da, "PutDmaAdapter");

	if (!a)
		return;
	if (wdmdma_atomic_context()) {
		wdmdma_report(a, "PutDmaAdapter", "called above PASSIVE_LEVEL; adapter kept");
		return;
	}
	wdmdma_channel_teardown(a);
	wdmdma_common_teardown(a);
	wdmdma_regs_exit(a);

	mutex_lock(&wdmdma_adapters_lock);
	a->magic = WDMDMA_ADAPTER_DEAD;
	put_device(a->dev);
	a->dev = NULL;
	wdmdma_bury(a);
	mutex_unlock(&wdmdma_adapters_lock);
}

/* PDMA_OPERATIONS->GetDmaAlignment: the platform's real requirement. */
static ULONG wdmdma_get_dma_alignment(PDMA_ADAPTER da)
{
	if (!wdmdma_adapter_get(da, "GetDmaAlignment"))
		return 1;
	return max(dma_get_cache_alignment(), 1);
}

void wdmdma_adapters_init(void)
{
	DMA_OPERATIONS ops = wdmdma_stub_ops;

	ops.PutDmaAdapter = wdmdma_put_dma_adapter;
	ops.AllocateCommonBuffer = wdmdma_allocate_common_buffer;
	ops.FreeCommonBuffer = wdmdma_free_common_buffer;
	ops.AllocateAdapterChannel = wdmdma_allocate_adapter_channel;
	ops.FlushAdapterBuffers = wdmdma_flush_adapter_buffers;
	ops.FreeAdapterChannel = wdmdma_free_adapter_channel;
	ops.FreeMapRegisters = wdmdma_free_map_registers;
	ops.MapTransfer = wdmdma_map_transfer;
	ops.GetDmaAlignment = wdmdma_get_dma_alignment;
	wdmdma_sgl_ops(&ops);

	/* Every table carries every entry; Size says which belong to it. */
	wdmdma_ops_v1 = ops;
	wdmdma_ops_v1.Size = offsetof(DMA_OPERATIONS, CalculateScatterGatherList);
	wdmdma_ops_v2 = ops;
	wdmdma_ops_v2.Size = offsetof(DMA_OPERATIONS, GetDmaAdapterInfo);
	wdmdma_ops_v3 = ops;
	wdmdma_ops_v3.Size = sizeof(DMA_OPERATIONS);
}

void wdmdma_adapters_exit(void)
{
	struct wdmdma_adapter *a, *next;

	mutex_lock(&wdmdma_adapters_lock);
	list_for_each_entry_safe(a, next, &wdmdma_graveyard, link) {
		list_del(&a->link);
		kfree(a);
	}
	wdmdma_graveyard_len = 0;
	mutex_unlock(&wdmdma_adapters_lock);
}
