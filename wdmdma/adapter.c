// SPDX-License-Identifier: GPL-2.0
/*
 * Adapter objects: IoGetDmaAdapter() turns a DEVICE_DESCRIPTION into an
 * address limit, a resource model (dma.h) and the operations table of the
 * description's version; PutDmaAdapter() gives it all back.
 *
 * Every entry finds the adapter behind the driver's pointer in a hash of
 * live adapters under rcu_read_lock(): a released or made-up adapter is
 * reported without being touched, and PutDmaAdapter() waits for the calls
 * in flight (a grace period) before it takes anything apart.
 */
#define pr_fmt(fmt) "wdmdma: " fmt

#include <linux/hash.h>
#include <linux/iommu.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/swiotlb.h>

#include "dma.h"

/*
 * wdmdma_adapters_lock (a mutex, PASSIVE_LEVEL only) guards the list of
 * adapters, each device's DMA masks and the legacy device.  The hash of
 * live adapters is read under RCU and changed under wdmdma_hash_lock.
 */
DEFINE_MUTEX(wdmdma_adapters_lock);
static LIST_HEAD(wdmdma_adapters);		/* protected by wdmdma_adapters_lock */
struct device *wdmdma_legacy_dev;		/* protected by wdmdma_adapters_lock */
#define WDMDMA_HASH_BITS	6
static struct hlist_head wdmdma_hash[1 << WDMDMA_HASH_BITS];
static DEFINE_SPINLOCK(wdmdma_hash_lock);	/* writers of wdmdma_hash */
static atomic_t wdmdma_adapter_ids = ATOMIC_INIT(0);

/**
 * struct wdmdma_devmask - a streaming mask of wdmdma's for a device that
 *	had none of its own
 * @link: on wdmdma_devmasks
 * @dev: the device, whose dma_mask pointed at its coherent_dma_mask
 * @mask: its streaming mask while wdmdma's adapters exist for it
 * @users: adapters of @dev
 *
 * Platform and kunit devices point dma_mask at coherent_dma_mask, so the
 * two masks are one and an adapter's coherent allocation within its own
 * limit would narrow every adapter's streaming mappings.  While adapters
 * exist for such a device its dma_mask points here, as a PCI device's
 * points at its own field; the last adapter puts it back.  Protected by
 * wdmdma_adapters_lock.
 */
struct wdmdma_devmask {
	struct list_head link;
	struct device *dev;
	u64 mask;
	unsigned int users;
};

static LIST_HEAD(wdmdma_devmasks);		/* protected by wdmdma_adapters_lock */

/* Give @dev a streaming mask of its own, or count one more user of it. */
static int wdmdma_devmask_get(struct device *dev)
{
	struct wdmdma_devmask *m;

	lockdep_assert_held(&wdmdma_adapters_lock);
	list_for_each_entry(m, &wdmdma_devmasks, link)
		if (m->dev == dev) {
			m->users++;
			return 0;
		}
	if (dev->dma_mask != &dev->coherent_dma_mask)
		return 0;
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	m->dev = dev;
	m->mask = dev->coherent_dma_mask;
	m->users = 1;
	dev->dma_mask = &m->mask;
	list_add(&m->link, &wdmdma_devmasks);
	return 0;
}

/* An adapter of @dev goes: the last one gives the device its mask back. */
static void wdmdma_devmask_put(struct device *dev)
{
	struct wdmdma_devmask *m;

	lockdep_assert_held(&wdmdma_adapters_lock);
	list_for_each_entry(m, &wdmdma_devmasks, link) {
		if (m->dev != dev)
			continue;
		if (--m->users)
			return;
		dev->coherent_dma_mask = m->mask;
		dev->dma_mask = &dev->coherent_dma_mask;
		list_del(&m->link);
		kfree(m);
		return;
	}
}

/* The tables, one per table version, filled in at module init. */
static DMA_OPERATIONS wdmdma_ops_v1 __ro_after_init;
static DMA_OPERATIONS wdmdma_ops_v2 __ro_after_init;
static DMA_OPERATIONS wdmdma_ops_v3 __ro_after_init;

static struct hlist_head *wdmdma_hash_head(PDMA_ADAPTER da)
{
	return &wdmdma_hash[hash_ptr(da, WDMDMA_HASH_BITS)];
}

/**
 * wdmdma_adapter_find() - the live adapter behind a driver's PDMA_ADAPTER
 * @da: what the driver passed
 * @call: the entry it called, for the report
 *
 * Context: inside rcu_read_lock(), which keeps the adapter alive.
 * Return: the adapter, or NULL (reported) for NULL, a released adapter or
 * anything else; @da itself is never dereferenced.
 */
struct wdmdma_adapter *wdmdma_adapter_find(PDMA_ADAPTER da, const char *call)
{
	struct wdmdma_adapter *a;

	if (unlikely(!da)) {
		wdmdma_report_chk(NULL, call, WDMDMA_CHK_NULL_ADAPTER, "NULL DMA adapter");
		return NULL;
	}
	a = wdmdma_adapter_lookup(da);
	if (unlikely(!a))
		wdmdma_report_chk(NULL, call, WDMDMA_CHK_AFTER_RELEASE,
				  "%p is not a live DMA adapter (released?)", da);
	return a;
}

/**
 * wdmdma_adapter_lookup() - wdmdma_adapter_find() without a report
 * @da: a pointer that may be a live adapter's
 *
 * Context: inside rcu_read_lock().
 * Return: the adapter, or NULL.
 */
struct wdmdma_adapter *wdmdma_adapter_lookup(PDMA_ADAPTER da)
{
	struct wdmdma_adapter *a;

	hlist_for_each_entry_rcu(a, wdmdma_hash_head(da), hash)
		if (&a->dma == da)
			return a;
	return NULL;
}

/**
 * wdmdma_adapter_get_ref() - find an adapter and take a reference on it
 * @da: what the driver passed
 * @call: the entry, for the report
 *
 * For entries that sleep and so cannot stay inside rcu_read_lock().
 *
 * Return: the adapter (put it with wdmdma_adapter_put_ref()), or NULL.
 */
struct wdmdma_adapter *wdmdma_adapter_get_ref(PDMA_ADAPTER da, const char *call)
{
	struct wdmdma_adapter *a;

	rcu_read_lock();
	a = wdmdma_adapter_find(da, call);
	if (a && !kref_get_unless_zero(&a->ref))
		a = NULL;
	rcu_read_unlock();
	return a;
}

/* The last reference: free the adapter (process context). */
static void wdmdma_adapter_release(struct kref *ref)
{
	struct wdmdma_adapter *a = container_of(ref, struct wdmdma_adapter, ref);

	wdmdma_res_exit(a);
	mutex_lock(&wdmdma_adapters_lock);
	if (a->has_devmask)
		wdmdma_devmask_put(a->dev);
	list_del(&a->link);
	mutex_unlock(&wdmdma_adapters_lock);
	wdmdma_sysdma_release(a);
	put_device(a->dev);
	free_percpu(a->stats);
	kfree(a);
}

/**
 * wdmdma_adapter_put_ref() - drop a reference
 * @a: the adapter
 *
 * Context: process context (the last reference frees the reserve).
 */
void wdmdma_adapter_put_ref(struct wdmdma_adapter *a)
{
	kref_put(&a->ref, wdmdma_adapter_release);
}

/**
 * wdmdma_adapter_ops() - the table of a live adapter, for the legacy names
 * @da: what the driver passed
 * @call: the entry, for the report
 *
 * Return: the operations table (static), or NULL (reported).
 */
PDMA_OPERATIONS wdmdma_adapter_ops(PDMA_ADAPTER da, const char *call)
{
	struct wdmdma_adapter *a;
	PDMA_OPERATIONS ops = NULL;

	rcu_read_lock();
	a = wdmdma_adapter_find(da, call);
	if (a)
		ops = a->dma.DmaOperations;
	rcu_read_unlock();
	return ops;
}

/*
 * Device address width a description asks for.  Versions 0-2: 64 with
 * Dma64BitAddresses, 32 with Dma32BitAddresses or for a scatter/gather PCI
 * master (documented to be assumed 32-bit; an Undefined or PNPBus
 * interface type is the PDO's bus, as Windows asks it), else 24 (ISA).
 * Version 3: DmaAddressWidth, which must be 1..64.
 */
static unsigned int wdmdma_desc_width(const DEVICE_DESCRIPTION *desc, struct device *dev)
{
	INTERFACE_TYPE bus = desc->InterfaceType;

	if (desc->Version == DEVICE_DESCRIPTION_VERSION3)
		return desc->DmaAddressWidth <= 64 ? desc->DmaAddressWidth : 0;
	if (desc->Dma64BitAddresses)
		return 64;
	if ((bus == InterfaceTypeUndefined || bus == PNPBus) && dev_is_pci(dev))
		bus = PCIBus;
	if (desc->Dma32BitAddresses || (desc->ScatterGather && bus == PCIBus))
		return 32;
	return 24;
}

/*
 * NumberOfMapRegisters: enough for MaximumLength at any page offset,
 * BYTES_TO_PAGES(MaximumLength) + 1, capped by the module parameter.
 */
static u32 wdmdma_nregs(const DEVICE_DESCRIPTION *desc)
{
	u64 want = (((u64)desc->MaximumLength + PAGE_SIZE - 1) >> PAGE_SHIFT) + 1;

	return min_t(u64, want, wdmdma_max_map_registers);
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

/* Does an IOMMU translate the device's DMA (not an identity domain)? */
static bool wdmdma_dev_translated(struct device *dev)
{
	struct iommu_domain *dom;

	if (!device_iommu_mapped(dev))
		return false;
	dom = iommu_get_domain_for_dev(dev);
	return dom && iommu_is_dma_domain(dom);
}

static bool wdmdma_dev_untrusted(struct device *dev)
{
	return dev_is_pci(dev) && to_pci_dev(dev)->untrusted;
}

/*
 * A system-DMA adapter maps for the DMA controller, whose masks are its
 * own: they are read, never set (the description's width is ignored, as
 * on Windows).
 */
static int wdmdma_adapter_setup_sysdma(struct wdmdma_adapter *a)
{
	struct device *dev = a->dev;
	u64 boundary = dma_get_seg_boundary(dev);

	a->iommu = wdmdma_dev_translated(dev);
	a->max_seg = min_t(u64, dma_get_max_seg_size(dev), dma_max_mapping_size(dev));
	a->max_seg = max_t(unsigned int, a->max_seg & PAGE_MASK, PAGE_SIZE);
	if (a->iommu)
		a->budgeted = wdmdma_dev_untrusted(dev);
	else
		a->budgeted = is_swiotlb_force_bounce(dev) || !a->desc.ScatterGather ||
			      dma_get_required_mask(dev) > a->limit;
	/*
	 * An ISA-era controller (below 32 bits, the 8237's 24) is handed
	 * only the adapter's reserve: swiotlb's pool lies anywhere below
	 * 4 GiB and the DMA API warns when it cannot reach a mask.  A
	 * controller with a segment boundary (the 8237's 64 or 128 KiB) gets
	 * reserve chunks of exactly that window, which dma_alloc_coherent()
	 * aligns to their size, and at most that many map registers.
	 */
	if (!a->iommu && a->limit < DMA_BIT_MASK(32)) {
		a->copy_only = true;
		a->budgeted = true;
	}
	if (boundary < a->limit && boundary >= PAGE_SIZE - 1 && is_power_of_2(boundary + 1)) {
		a->window = boundary + 1;
		a->nregs = min_t(u32, a->nregs, a->window >> PAGE_SHIFT);
		a->max_seg = min(a->max_seg, a->window);
	}
	return 0;
}

/*
 * The device's streaming mask follows its adapters.  Without an IOMMU it
 * is the widest adapter's, and never below 32 bits, so the DMA API's own
 * bouncing (whose pool lies below 4 GiB) can always serve it; an adapter
 * narrower than the mask checks each mapping against its own limit and
 * copies through its reserve when beyond.  Under an IOMMU it is the
 * narrowest adapter's: IOVAs are then good for every adapter, and none of
 * them needs to copy.  Each adapter's coherent allocations use its own
 * width (wdmdma_coherent_alloc()).
 */
static int wdmdma_adapter_setup_dev(struct wdmdma_adapter *a)
{
	struct device *dev = a->dev;
	unsigned int width = a->width, w;
	struct wdmdma_adapter *o;
	int ret;

	lockdep_assert_held(&wdmdma_adapters_lock);
	if (a->sys)
		return wdmdma_adapter_setup_sysdma(a);
	ret = wdmdma_devmask_get(dev);
	if (ret)
		return ret;
	a->has_devmask = true;
	a->iommu = wdmdma_dev_translated(dev);
	list_for_each_entry(o, &wdmdma_adapters, link) {
		if (o->dev != dev)
			continue;
		if (a->iommu ? o->width < width : o->width > width)
			width = o->width;
	}
	w = a->iommu ? width : max(width, 32U);
	ret = dma_set_mask(dev, DMA_BIT_MASK(w));
	if (ret && w != width)
		ret = dma_set_mask(dev, DMA_BIT_MASK(width));
	if (ret) {
		wdmdma_report(a, "IoGetDmaAdapter",
			      "the platform cannot do DMA with a %u-bit address limit", width);
		wdmdma_devmask_put(dev);
		a->has_devmask = false;
		return ret;
	}
	if (dev->dma_parms && dma_get_max_seg_size(dev) < UINT_MAX)
		dma_set_max_seg_size(dev, UINT_MAX);
	a->max_seg = min_t(u64, dma_get_max_seg_size(dev), dma_max_mapping_size(dev));
	a->max_seg = max_t(unsigned int, a->max_seg & PAGE_MASK, PAGE_SIZE);

	if (a->iommu)
		a->budgeted = wdmdma_dev_untrusted(dev);
	else
		a->budgeted = is_swiotlb_force_bounce(dev) || !a->desc.ScatterGather ||
			      dma_get_required_mask(dev) > a->limit;
	return 0;
}

/**
 * wdmdma_coherent_alloc_below() - coherent memory below a device address
 * @a: the adapter
 * @size: bytes
 * @dma: out: device address
 * @gfp: allocation flags
 * @max: the highest device address the memory may use; above the
 *	adapter's limit, the limit
 * @unreachable: out, or NULL: set when the platform cannot allocate
 *	below @max at all (a mask it does not support)
 *
 * The device's coherent mask is set to @max for the allocation, under
 * wdmdma_adapters_lock, and the result checked against it: under an IOMMU
 * the mask bounds the IOVA, so the bound is the logical address's.  A
 * bound below the adapter's limit is put back to the limit afterwards.  In
 * atomic context (a reported misuse) the mask cannot be changed: the
 * memory is only checked.
 *
 * Return: the kernel address, or NULL.
 */
void *wdmdma_coherent_alloc_below(struct wdmdma_adapter *a, size_t size, dma_addr_t *dma,
				  gfp_t gfp, u64 max, bool *unreachable)
{
	void *cpu = NULL;

	max = min(max, a->limit);
	if (unreachable)
		*unreachable = false;
	if (!gfpflags_allow_blocking(gfp)) {
		cpu = dma_alloc_coherent(a->dev, size, dma, gfp);
	} else {
		mutex_lock(&wdmdma_adapters_lock);
		if (!dma_set_coherent_mask(a->dev, max))
			cpu = dma_alloc_coherent(a->dev, size, dma, gfp);
		else if (unreachable)
			*unreachable = true;
		if (max < a->limit)
			dma_set_coherent_mask(a->dev, a->limit);
		mutex_unlock(&wdmdma_adapters_lock);
	}
	if (cpu && *dma + size - 1 > max) {
		dma_free_coherent(a->dev, size, cpu, *dma);
		cpu = NULL;
	}
	return cpu;
}

/**
 * wdmdma_coherent_alloc() - coherent memory within an adapter's own limit
 * @a: the adapter
 * @size: bytes
 * @dma: out: device address
 * @gfp: allocation flags
 *
 * wdmdma_coherent_alloc_below() the adapter's limit.
 *
 * Return: the kernel address, or NULL.
 */
void *wdmdma_coherent_alloc(struct wdmdma_adapter *a, size_t size, dma_addr_t *dma,
			    gfp_t gfp)
{
	return wdmdma_coherent_alloc_below(a, size, dma, gfp, a->limit, NULL);
}

/**
 * wdmdma_adapter_create() - make an adapter for a device
 * @dev: the device
 * @pdo: its PDO, or NULL (HalGetAdapter)
 * @desc: the description
 * @call: the entry, for reports
 *
 * Context: process context.
 * Return: the adapter, live, or NULL (reported).
 */
struct wdmdma_adapter *wdmdma_adapter_create(struct device *dev, PDEVICE_OBJECT pdo,
					     const DEVICE_DESCRIPTION *desc,
					     const char *call)
{
	struct wdmdma_adapter *a;
	int ret;

	if (desc->Version > DEVICE_DESCRIPTION_VERSION3) {
		wdmdma_report_chk(NULL, call, WDMDMA_CHK_DESC_VERSION,
				  "%s: unknown DEVICE_DESCRIPTION version %u",
				  dev_name(dev), desc->Version);
		return NULL;
	}
	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return NULL;
	a->stats = alloc_percpu(struct wdmdma_pcpu_stats);
	if (!a->stats) {
		kfree(a);
		return NULL;
	}
	a->id = atomic_inc_return(&wdmdma_adapter_ids);
	a->dev = get_device(dev);
	a->pdo = pdo;
	a->desc = *desc;
	a->width = wdmdma_desc_width(desc, dev);
	a->limit = DMA_BIT_MASK(a->width);
	a->nregs = wdmdma_nregs(desc);
	a->routine_cpu = -1;
	kref_init(&a->ref);
	spin_lock_init(&a->lock);
	INIT_LIST_HEAD(&a->waiters);
	INIT_LIST_HEAD(&a->common);
	INIT_LIST_HEAD(&a->vectors);
	INIT_LIST_HEAD(&a->link);
	INIT_WORK(&a->work, wdmdma_channel_work);
	INIT_WORK(&a->grow_work, wdmdma_grow_work);
	INIT_DELAYED_WORK(&a->retry_work, wdmdma_channel_retry_work);
	if (!desc->Master && wdmdma_sysdma_bind(a, call))
		goto err_put;	/* a->dev is the controller's from here */
	if (!a->width) {
		wdmdma_report(a, call, "DmaAddressWidth %u is not 1..64", desc->DmaAddressWidth);
		goto err_put;
	}

	mutex_lock(&wdmdma_adapters_lock);
	ret = wdmdma_adapter_setup_dev(a);
	mutex_unlock(&wdmdma_adapters_lock);
	if (ret)
		goto err_put;
	ret = wdmdma_res_init(a);
	if (ret) {
		wdmdma_report(a, call, "no memory for %u map registers within %u bits",
			      a->nregs, a->width);
		mutex_lock(&wdmdma_adapters_lock);
		if (a->has_devmask)
			wdmdma_devmask_put(a->dev);
		mutex_unlock(&wdmdma_adapters_lock);
		goto err_put;
	}
	dev_dbg(a->dev, "wdmdma: adapter %u: %u bits, %s%s, mask %llx\n", a->id, a->width,
		a->iommu ? "iommu" : "direct", a->budgeted ? ", budgeted" : "",
		dma_get_mask(a->dev));
	wdmdma_verifier_adapter_init(a);
	a->dma.Version = 1;	/* always 1: DmaOperations->Size tells the version */
	a->dma.Size = sizeof(DMA_ADAPTER);
	a->dma.DmaOperations = wdmdma_ops_for(desc->Version);

	mutex_lock(&wdmdma_adapters_lock);
	list_add_tail(&a->link, &wdmdma_adapters);
	mutex_unlock(&wdmdma_adapters_lock);
	spin_lock(&wdmdma_hash_lock);
	hlist_add_head_rcu(&a->hash, wdmdma_hash_head(&a->dma));
	spin_unlock(&wdmdma_hash_lock);
	wdmdma_debugfs_adapter_add(a);
	trace_wdmdma_adapter_get(a->id, dev_name(a->dev), desc->Version, desc->Master,
				 desc->ScatterGather, a->width, a->nregs, wdmdma_adapter_mode(a));
	return a;

err_put:
	wdmdma_sysdma_release(a);
	put_device(a->dev);
	free_percpu(a->stats);
	kfree(a);
	return NULL;
}

/**
 * IoGetDmaAdapter() - get the DMA adapter object for a physical device
 * @PhysicalDeviceObject: the PDO (from wdmdma_pdo_create())
 * @DeviceDescription: the device's DMA capabilities, versions 0 to 3
 * @NumberOfMapRegisters: out: the most map registers one transfer may use
 *
 * Sets up the adapter's address limit and map registers (see THE RESOURCE
 * MODEL in dma.h) and returns it with the operations table of the
 * description's version (DmaOperations->Size tells which; the adapter's
 * Version is always 1, as documented).
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
		wdmdma_report_chk(NULL, __func__, WDMDMA_CHK_IRQL, "called above PASSIVE_LEVEL");
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

/*
 * PutDmaAdapter's part after the grace period: no call is in flight any
 * more, and none can start.  Takes back what the driver left.
 */
static void wdmdma_adapter_teardown(struct wdmdma_adapter *a)
{
	wdmdma_debugfs_adapter_remove(a);
	/* grow_work and retry_work kick work; work queues neither once dying */
	cancel_work_sync(&a->grow_work);
	cancel_delayed_work_sync(&a->retry_work);
	cancel_work_sync(&a->work);
	wdmdma_sysdma_channel_freed(a, "PutDmaAdapter");
	wdmdma_channel_reclaim(a);
	wdmdma_res_teardown(a);
	wdmdma_common_teardown(a);
	wdmdma_adapter_put_ref(a);
}

static void wdmdma_adapter_teardown_work(struct work_struct *work)
{
	wdmdma_adapter_teardown(container_of(to_rcu_work(work), struct wdmdma_adapter,
					     rcu_work));
}

/*
 * PDMA_OPERATIONS->PutDmaAdapter: release the adapter and all it still
 * holds.  Callable at IRQL <= DISPATCH_LEVEL: there the part that sleeps
 * runs from a work item after a grace period.  Windows documents
 * PASSIVE_LEVEL: verifier mode reports a call at DISPATCH_LEVEL.
 */
static void wdmdma_put_dma_adapter(PDMA_ADAPTER da)
{
	KIRQL irql = KeGetCurrentIrql();
	struct wdmdma_adapter *a;

	rcu_read_lock();
	a = wdmdma_adapter_find(da, "PutDmaAdapter");
	wdmdma_verify_irql(a, "PutDmaAdapter", irql, PASSIVE_LEVEL);
	if (a) {
		spin_lock(&wdmdma_hash_lock);
		if (hlist_unhashed(&a->hash))
			a = NULL;	/* a put racing with this one took it */
		else
			hlist_del_init_rcu(&a->hash);
		spin_unlock(&wdmdma_hash_lock);
	}
	if (a) {
		trace_wdmdma_adapter_put(a->id, atomic_long_read(&a->violations));
		wdmdma_channel_teardown(a);
	}
	rcu_read_unlock();
	if (!a)
		return;

	if (wdmdma_atomic_context()) {
		INIT_RCU_WORK(&a->rcu_work, wdmdma_adapter_teardown_work);
		queue_rcu_work(wdmdma_wq, &a->rcu_work);
		return;
	}
	synchronize_rcu_expedited();
	wdmdma_adapter_teardown(a);
}

/**
 * wdmdma_quiesce() - wait for wdmdma's deferred work to finish
 */
void wdmdma_quiesce(void)
{
	might_sleep();
	rcu_barrier();
	flush_workqueue(wdmdma_wq);
}
EXPORT_SYMBOL_GPL(wdmdma_quiesce);

/* PDMA_OPERATIONS->GetDmaAlignment: the platform's real requirement. */
static ULONG wdmdma_get_dma_alignment(PDMA_ADAPTER da)
{
	bool live;

	rcu_read_lock();
	live = wdmdma_adapter_find(da, "GetDmaAlignment");
	rcu_read_unlock();
	return live ? max(dma_get_cache_alignment(), 1) : 1;
}

/**
 * wdmdma_get_adapter_info() - PDMA_OPERATIONS->GetDmaAdapterInfo
 * @da: the adapter
 * @info: in: Version DMA_ADAPTER_INFO_VERSION1; out: V1 filled
 *
 * A bus master has no DMA counter to read and takes lists of at most its
 * NumberOfMapRegisters elements, of any byte count; it supports
 * DMA_SYNCHRONOUS_CALLBACK.
 *
 * Return: STATUS_SUCCESS; STATUS_NOT_SUPPORTED for another Version (the
 * crash-dump variant included); STATUS_INVALID_PARAMETER for NULL @info.
 */
static NTSTATUS wdmdma_get_adapter_info(PDMA_ADAPTER da, PDMA_ADAPTER_INFO info)
{
	static const char call[] = "GetDmaAdapterInfo";
	NTSTATUS status = STATUS_INVALID_PARAMETER;
	struct wdmdma_adapter *a;

	rcu_read_lock();
	a = wdmdma_adapter_find(da, call);
	if (!a)
		goto out;
	if (!info) {
		wdmdma_report(a, call, "NULL AdapterInfo");
	} else if (info->Version != DMA_ADAPTER_INFO_VERSION1) {
		wdmdma_report(a, call, "DMA_ADAPTER_INFO version %u is not 1", info->Version);
		status = STATUS_NOT_SUPPORTED;
	} else {
		info->V1.ReadDmaCounterAvailable = a->sys && !a->sys->ignore_count;
		info->V1.ScatterGatherLimit = a->nregs;
		info->V1.DmaAddressWidth = a->width;
		info->V1.Flags = ADAPTER_INFO_SYNCHRONOUS_CALLBACK;
		info->V1.MinimumTransferUnit = 1;
		status = STATUS_SUCCESS;
	}
out:
	rcu_read_unlock();
	return status;
}

/**
 * wdmdma_configure_channel() - PDMA_OPERATIONS->ConfigureAdapterChannel
 * @da: the adapter
 * @fn: the DMA controller's custom function number
 * @ctx: its parameters
 *
 * Custom functions are a system DMA controller's (its DMA extension's);
 * none is implemented, and a bus master has none.
 *
 * Return: STATUS_NOT_IMPLEMENTED.
 */
static NTSTATUS wdmdma_configure_channel(PDMA_ADAPTER da, ULONG fn, PVOID ctx)
{
	static const char call[] = "ConfigureAdapterChannel";
	struct wdmdma_adapter *a;

	rcu_read_lock();
	a = wdmdma_adapter_find(da, call);
	if (a && a->desc.Master)
		wdmdma_report(a, call, "is for system DMA adapters, not a bus master");
	rcu_read_unlock();
	return STATUS_NOT_IMPLEMENTED;
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
	ops.GetDmaAdapterInfo = wdmdma_get_adapter_info;
	ops.ConfigureAdapterChannel = wdmdma_configure_channel;
	wdmdma_context_ops(&ops);
	wdmdma_transfer_ex_ops(&ops);
	wdmdma_sysdma_ops(&ops);
	wdmdma_common_ops(&ops);

	/* Every table carries every entry; Size says which belong to it. */
	wdmdma_ops_v1 = ops;
	wdmdma_ops_v1.Size = offsetof(DMA_OPERATIONS, CalculateScatterGatherList);
	wdmdma_ops_v2 = ops;
	wdmdma_ops_v2.Size = offsetof(DMA_OPERATIONS, GetDmaAdapterInfo);
	wdmdma_ops_v3 = ops;
	wdmdma_ops_v3.Size = sizeof(DMA_OPERATIONS);
}

/* Module exit: every deferred release has finished (wdmdma_quiesce()). */
void wdmdma_adapters_exit(void)
{
	struct wdmdma_adapter *a;

	wdmdma_quiesce();
	mutex_lock(&wdmdma_adapters_lock);
	list_for_each_entry(a, &wdmdma_adapters, link)
		pr_err("adapter %u (%s) was never released (PutDmaAdapter)\n", a->id,
		       dev_name(a->dev));
	mutex_unlock(&wdmdma_adapters_lock);
}

/**
 * wdmdma_adapters_driver_gone() - a driver object goes away: its adapters?
 * @driver: the driver
 *
 * Every adapter made while @driver was on top of its PDO's stack and not
 * put yet is reported, one by one (WDMDMA_CHK_LEAK_ADAPTER): the driver
 * unloads without PutDmaAdapter.  The adapter stays usable (the glue may
 * still put it); it is no longer counted as the driver's.
 *
 * Context: process context.
 */
void wdmdma_adapters_driver_gone(PDRIVER_OBJECT driver)
{
	struct wdmdma_adapter *a;
	bool live;

	mutex_lock(&wdmdma_adapters_lock);
	list_for_each_entry(a, &wdmdma_adapters, link) {
		if (a->driver != driver)
			continue;
		a->driver = NULL;
		spin_lock(&wdmdma_hash_lock);
		live = !hlist_unhashed(&a->hash);
		spin_unlock(&wdmdma_hash_lock);
		if (live)
			wdmdma_report_chk(a, "DriverUnload", WDMDMA_CHK_LEAK_ADAPTER,
					  "adapter %p of PDO %p not released (PutDmaAdapter) before its driver object %p went away",
					  &a->dma, a->pdo, driver);
	}
	mutex_unlock(&wdmdma_adapters_lock);
}
