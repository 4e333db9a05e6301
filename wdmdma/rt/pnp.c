// SPDX-License-Identifier: GPL-2.0
/*
 * Plug and Play the Windows way: IRPs down a device stack (IoCallDriver),
 * the PnP manager's start and removal of a PCI device
 * (wdmdma_pnp_start_pci(), wdmdma_pnp_remove_pci()) with the hardware
 * resource lists a driver's IRP_MN_START_DEVICE handler receives, and
 * MmMapIoSpace() to map the memory they describe.
 *
 * wdmdma_pnp_start_pci() does what Windows' PCI bus driver and PnP manager
 * do before a start: it enables the device and makes it a bus master,
 * allocates its interrupts (its MSI-X or MSI messages when its hardware key
 * says MSISupported, as an INF does; else its INTx line), describes the
 * BARs and the interrupts in raw and translated CM_RESOURCE_LISTs and sends
 * IRP_MN_START_DEVICE to the top of the device stack.  Translated
 * resources: a memory BAR is its CPU physical address (what MmMapIoSpace()
 * takes); an interrupt's Vector is its Linux IRQ number (what
 * IoConnectInterrupt() takes) and its Level WDMDMA_PNP_DIRQL.
 *
 * LOCKING
 *
 * wdmdma_pnp_lock (a mutex, never held while a driver runs) guards the
 * list of started devices.
 */
#include <linux/cpumask.h>
#include <linux/io.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "../internal.h"
#include "../trace.h"
#include <wdm/pnp.h>

#ifndef PCI_IRQ_INTX
#define PCI_IRQ_INTX	PCI_IRQ_LEGACY		/* before 6.8 */
#endif

/* Where an INF's DDInstall.HW section puts a device's MSI settings */
#define WDMDMA_MSI_KEY	"Interrupt Management\\MessageSignaledInterruptProperties"

/**
 * struct wdmdma_pnp_started - a PCI device wdmdma_pnp_start_pci() started
 * @link: on wdmdma_pnp_started_list
 * @pdo: its PDO
 * @pdev: the device (referenced)
 * @irq: interrupt vectors were allocated
 * @nvec: how many (message-signalled: one per message; INTx: 1)
 */
struct wdmdma_pnp_started {
	struct list_head link;
	PDEVICE_OBJECT pdo;
	struct pci_dev *pdev;
	bool irq;
	unsigned int nvec;
};

static LIST_HEAD(wdmdma_pnp_started_list);
static DEFINE_MUTEX(wdmdma_pnp_lock);

/**
 * IoCallDriver() - pass an IRP to a driver's dispatch routine
 * @DeviceObject: the device object to send it to (usually the next-lower one)
 * @Irp: the IRP; the caller filled in the next stack location
 *
 * The next stack location becomes the current one, its DeviceObject is set
 * to @DeviceObject and the dispatch routine DriverObject->MajorFunction[]
 * of its MajorFunction is called.  A driver without a routine for it gets
 * the IRP completed with STATUS_INVALID_DEVICE_REQUEST, as Windows' default.
 * An IRP with no stack location left is reported and returned untouched.
 *
 * Context: at or below DISPATCH_LEVEL.
 * Return: what the dispatch routine returned (STATUS_PENDING when the IRP
 * completes later); STATUS_INVALID_PARAMETER on misuse.
 */
NTSTATUS IoCallDriver(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	PDRIVER_DISPATCH dispatch = NULL;
	PIO_STACK_LOCATION sl;

	if (unlikely(!DeviceObject || !Irp || Irp->Type != IO_TYPE_IRP)) {
		wdmdma_report(NULL, "IoCallDriver", "%s",
			      DeviceObject ? "Irp is not an IRP" : "NULL DeviceObject");
		return STATUS_INVALID_PARAMETER;
	}
	if (unlikely(Irp->CurrentLocation <= 1 || Irp->CurrentLocation > Irp->StackCount + 1)) {
		wdmdma_report(NULL, "IoCallDriver", "IRP %p: %s", Irp,
			      Irp->CurrentLocation <= 1 ? "no more stack locations" :
			      "IRP already completed");
		return STATUS_INVALID_PARAMETER;
	}
	wdmdma_irp_count_dispatch(Irp);
	IoSetNextIrpStackLocation(Irp);
	sl = IoGetCurrentIrpStackLocation(Irp);
	sl->DeviceObject = DeviceObject;
	trace_wdmdma_irp_dispatch(Irp, DeviceObject, sl->MajorFunction, sl->MinorFunction);
	if (unlikely(!DeviceObject->DriverObject || sl->MajorFunction > IRP_MJ_MAXIMUM_FUNCTION))
		wdmdma_report(NULL, "IoCallDriver", "%s",
			      DeviceObject->DriverObject ? "bad MajorFunction" :
			      "device object has no driver");
	else
		dispatch = DeviceObject->DriverObject->MajorFunction[sl->MajorFunction];
	if (!dispatch) {
		Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
		Irp->IoStatus.Information = 0;
		IoCompleteRequest(Irp, IO_NO_INCREMENT);
		return STATUS_INVALID_DEVICE_REQUEST;
	}
	return dispatch(DeviceObject, Irp);
}
EXPORT_SYMBOL_GPL(IoCallDriver);

static NTSTATUS wdmdma_signal_done(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
	KeSetEvent(Context, IO_NO_INCREMENT, FALSE);
	return STATUS_MORE_PROCESSING_REQUIRED;
}

/**
 * IoForwardIrpSynchronously() - send an IRP down and wait for its completion
 * @DeviceObject: the next-lower device object
 * @Irp: the IRP, at the caller's stack location
 *
 * The caller's stack location is copied to the next one, which gets a
 * completion routine that stops the completion there; the caller owns
 * the IRP again afterwards, its IoStatus set, and completes it itself.
 *
 * Context: process context (PASSIVE_LEVEL).
 * Return: TRUE once the IRP came back; FALSE when it could not be sent
 * (no stack location left, atomic context: reported).
 */
BOOLEAN IoForwardIrpSynchronously(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	KEVENT done;

	if (unlikely(!DeviceObject || !Irp || Irp->Type != IO_TYPE_IRP ||
		     Irp->CurrentLocation <= 1)) {
		wdmdma_report(NULL, "IoForwardIrpSynchronously", "%s",
			      !DeviceObject || !Irp ? "NULL DeviceObject or Irp" :
			      "no stack location left for the next driver");
		return FALSE;
	}
	if (unlikely(wdmdma_atomic_context())) {
		wdmdma_report(NULL, "IoForwardIrpSynchronously", "called above PASSIVE_LEVEL");
		return FALSE;
	}
	KeInitializeEvent(&done, NotificationEvent, FALSE);
	IoCopyCurrentIrpStackLocationToNext(Irp);
	IoSetCompletionRoutine(Irp, wdmdma_signal_done, &done, TRUE, TRUE, TRUE);
	if (IoCallDriver(DeviceObject, Irp) == STATUS_PENDING)
		KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, NULL);
	return TRUE;
}
EXPORT_SYMBOL_GPL(IoForwardIrpSynchronously);

/**
 * MmMapIoSpace() - map a range of device memory into system space
 * @PhysicalAddress: CPU physical address (a translated memory resource)
 * @NumberOfBytes: its length
 * @CacheType: MmNonCached (and MmNonCachedUnordered) for registers,
 *	MmWriteCombined (and MmUSWCCached) or MmCached (and
 *	MmHardwareCoherentCached)
 *
 * READ_REGISTER_ULONG() and the other register accessors work on the
 * returned address.
 *
 * Context: process context: ioremap() may sleep, so the DISPATCH_LEVEL
 * calls Windows allows are refused (reported).
 * Return: the mapping, or NULL on failure or misuse.
 */
PVOID MmMapIoSpace(PHYSICAL_ADDRESS PhysicalAddress, SIZE_T NumberOfBytes,
		   MEMORY_CACHING_TYPE CacheType)
{
	resource_size_t pa = PhysicalAddress.QuadPart;
	void __iomem *va;

	if (unlikely(!NumberOfBytes)) {
		wdmdma_report(NULL, "MmMapIoSpace", "zero NumberOfBytes");
		return NULL;
	}
	if (unlikely(wdmdma_atomic_context())) {
		wdmdma_report(NULL, "MmMapIoSpace", "called above PASSIVE_LEVEL (ioremap sleeps)");
		return NULL;
	}
	switch (CacheType) {
	case MmNonCached:
	case MmNonCachedUnordered:
		va = ioremap(pa, NumberOfBytes);
		break;
	case MmWriteCombined:
	case MmUSWCCached:
		va = ioremap_wc(pa, NumberOfBytes);
		break;
	case MmCached:
	case MmHardwareCoherentCached:
		va = ioremap_cache(pa, NumberOfBytes);
		break;
	default:
		wdmdma_report(NULL, "MmMapIoSpace", "bad CacheType %d", CacheType);
		return NULL;
	}
	return (__force PVOID)va;
}
EXPORT_SYMBOL_GPL(MmMapIoSpace);

/**
 * MmUnmapIoSpace() - undo MmMapIoSpace()
 * @BaseAddress: what MmMapIoSpace() returned
 * @NumberOfBytes: the length mapped
 *
 * Context: process context (iounmap() may sleep); otherwise reported and
 * the mapping is left.
 */
void MmUnmapIoSpace(PVOID BaseAddress, SIZE_T NumberOfBytes)
{
	if (unlikely(!BaseAddress)) {
		wdmdma_report(NULL, "MmUnmapIoSpace", "NULL BaseAddress");
		return;
	}
	if (unlikely(wdmdma_atomic_context())) {
		wdmdma_report(NULL, "MmUnmapIoSpace", "called above PASSIVE_LEVEL (leaked)");
		return;
	}
	iounmap((__force void __iomem *)BaseAddress);
}
EXPORT_SYMBOL_GPL(MmUnmapIoSpace);

/* A resource list of one full descriptor with room for @n partial ones */
static PCM_RESOURCE_LIST wdmdma_res_alloc(struct pci_dev *pdev, unsigned int n)
{
	size_t size = offsetof(CM_RESOURCE_LIST, List[0].PartialResourceList.PartialDescriptors) +
		      max(n, 1U) * sizeof(CM_PARTIAL_RESOURCE_DESCRIPTOR);
	PCM_RESOURCE_LIST l = kzalloc(size, GFP_KERNEL);

	if (!l)
		return NULL;
	l->Count = 1;
	l->List[0].InterfaceType = PCIBus;
	l->List[0].BusNumber = pdev->bus->number;
	l->List[0].PartialResourceList.Version = 1;
	l->List[0].PartialResourceList.Revision = 1;
	return l;
}

static PCM_PARTIAL_RESOURCE_DESCRIPTOR wdmdma_res_next(PCM_RESOURCE_LIST l)
{
	PCM_PARTIAL_RESOURCE_LIST pl = &l->List[0].PartialResourceList;

	return &pl->PartialDescriptors[pl->Count++];
}

/* A memory range: CmResourceTypeMemory, or MemoryLarge past 4 GiB - 1 */
static void wdmdma_res_memory(PCM_PARTIAL_RESOURCE_DESCRIPTOR d, u64 start, u64 len,
			      bool prefetch)
{
	d->ShareDisposition = CmResourceShareDeviceExclusive;
	d->Flags = CM_RESOURCE_MEMORY_READ_WRITE;
	if (prefetch)
		d->Flags |= CM_RESOURCE_MEMORY_PREFETCHABLE;
	d->u.Memory.Start.QuadPart = start;
	if (len <= U32_MAX) {
		d->Type = CmResourceTypeMemory;
		d->u.Memory.Length = len;
		return;
	}
	d->Type = CmResourceTypeMemoryLarge;
	if (len <= CM_RESOURCE_MEMORY_LARGE_40_MAXLEN && !(len & 0xff)) {
		d->Flags |= CM_RESOURCE_MEMORY_LARGE_40;
		d->u.Memory40.Length40 = len >> 8;
	} else if (len <= CM_RESOURCE_MEMORY_LARGE_48_MAXLEN && !(len & 0xffff)) {
		d->Flags |= CM_RESOURCE_MEMORY_LARGE_48;
		d->u.Memory48.Length48 = len >> 16;
	} else {
		d->Flags |= CM_RESOURCE_MEMORY_LARGE_64;
		d->u.Memory64.Length64 = len >> 32;
	}
}

static KAFFINITY wdmdma_all_processors(void)
{
	return (KAFFINITY)cpumask_bits(cpu_online_mask)[0];
}

/* The raw and translated descriptors of message @i of @nvec (MSI, MSI-X) */
static void wdmdma_res_message(struct pci_dev *pdev, unsigned int i, unsigned int nvec,
			       PCM_PARTIAL_RESOURCE_DESCRIPTOR r,
			       PCM_PARTIAL_RESOURCE_DESCRIPTOR t)
{
	r->Type = CmResourceTypeInterrupt;
	r->ShareDisposition = CmResourceShareDeviceExclusive;
	r->Flags = CM_RESOURCE_INTERRUPT_MESSAGE | CM_RESOURCE_INTERRUPT_LATCHED;
	r->u.MessageInterrupt.Raw.Group = 0;
	/* MSI: the messages share one address, each descriptor tells how many */
	r->u.MessageInterrupt.Raw.MessageCount = pdev->msix_enabled ? 1 : nvec;
	r->u.MessageInterrupt.Raw.Vector = CM_RESOURCE_INTERRUPT_MESSAGE_TOKEN;
	r->u.MessageInterrupt.Raw.Affinity = wdmdma_all_processors();
	t->Type = CmResourceTypeInterrupt;
	t->ShareDisposition = r->ShareDisposition;
	t->Flags = r->Flags;
	t->u.MessageInterrupt.Translated.Level = WDMDMA_PNP_DIRQL;
	t->u.MessageInterrupt.Translated.Group = 0;
	t->u.MessageInterrupt.Translated.Vector = pci_irq_vector(pdev, i);
	t->u.MessageInterrupt.Translated.Affinity = wdmdma_all_processors();
}

/*
 * Raw and translated lists for @pdo's system-DMA lines (CmResourceTypeDma),
 * @pdev's BARs and its @nvec interrupt vectors: one descriptor per message
 * when they are message-signalled, else the INTx line
 */
static int wdmdma_res_build(PDEVICE_OBJECT pdo, struct pci_dev *pdev, unsigned int nvec,
			    PCM_RESOURCE_LIST *raw, PCM_RESOURCE_LIST *trans)
{
	u32 ndma = wdmdma_pdo_dma_resources(pdo, NULL, 0), i;
	PCM_PARTIAL_RESOURCE_DESCRIPTOR r, t;
	unsigned long flags;
	int bar;

	*raw = wdmdma_res_alloc(pdev, PCI_STD_NUM_BARS + nvec + ndma);
	*trans = wdmdma_res_alloc(pdev, PCI_STD_NUM_BARS + nvec + ndma);
	if (!*raw || !*trans) {
		kfree(*raw);
		kfree(*trans);
		return -ENOMEM;
	}
	/* the system-DMA lines the glue named (wdmdma_pdo_add_dma_line()) */
	r = &(*raw)->List[0].PartialResourceList.PartialDescriptors[0];
	ndma = min(ndma, wdmdma_pdo_dma_resources(pdo, r, ndma));
	for (i = 0; i < ndma; i++) {
		*wdmdma_res_next(*trans) = r[i];	/* a DMA channel needs no translation */
		wdmdma_res_next(*raw);
	}
	for (bar = 0; bar < PCI_STD_NUM_BARS; bar++) {
		flags = pci_resource_flags(pdev, bar);
		if (!pci_resource_len(pdev, bar) || !(flags & (IORESOURCE_MEM | IORESOURCE_IO)))
			continue;
		r = wdmdma_res_next(*raw);
		t = wdmdma_res_next(*trans);
		if (flags & IORESOURCE_MEM) {
			wdmdma_res_memory(r, pci_bus_address(pdev, bar),
					  pci_resource_len(pdev, bar), flags & IORESOURCE_PREFETCH);
			wdmdma_res_memory(t, pci_resource_start(pdev, bar),
					  pci_resource_len(pdev, bar), flags & IORESOURCE_PREFETCH);
			continue;
		}
		r->Type = CmResourceTypePort;
		r->ShareDisposition = CmResourceShareDeviceExclusive;
		r->Flags = CM_RESOURCE_PORT_IO | CM_RESOURCE_PORT_16_BIT_DECODE;
		r->u.Port.Start.QuadPart = pci_bus_address(pdev, bar);
		r->u.Port.Length = pci_resource_len(pdev, bar);
		*t = *r;
		t->u.Port.Start.QuadPart = pci_resource_start(pdev, bar);
	}
	if (!nvec)
		return 0;

	if (pdev->msi_enabled || pdev->msix_enabled) {
		for (i = 0; i < nvec; i++)
			wdmdma_res_message(pdev, i, nvec, wdmdma_res_next(*raw),
					   wdmdma_res_next(*trans));
		return 0;
	}
	r = wdmdma_res_next(*raw);
	t = wdmdma_res_next(*trans);
	r->Type = CmResourceTypeInterrupt;
	r->ShareDisposition = CmResourceShareShared;
	r->Flags = CM_RESOURCE_INTERRUPT_LEVEL_SENSITIVE;
	r->u.Interrupt.Level = pdev->irq;
	r->u.Interrupt.Vector = pdev->irq;
	r->u.Interrupt.Affinity = wdmdma_all_processors();
	t->Type = CmResourceTypeInterrupt;
	t->ShareDisposition = r->ShareDisposition;
	t->Flags = r->Flags;
	t->u.Interrupt.Level = WDMDMA_PNP_DIRQL;
	t->u.Interrupt.Group = 0;
	t->u.Interrupt.Vector = pci_irq_vector(pdev, 0);
	t->u.Interrupt.Affinity = wdmdma_all_processors();
	return 0;
}

/**
 * wdmdma_stack_send() - send an IRP to the top of a stack and wait for it,
 *	as Windows' PnP and power managers do
 * @pdo: a device object of the stack
 * @loc: the top driver's stack location: MajorFunction, MinorFunction and
 *	Parameters (the rest is ignored)
 * @call: IoCallDriver, or PoCallDriver for a power IRP
 * @info: if not NULL, receives the IRP's IoStatus.Information
 *
 * The extra stack location at the top is the manager's, whose completion
 * routine signals the wait and keeps the IRP.  IoStatus.Status starts as
 * STATUS_NOT_SUPPORTED, the Information as 0.
 *
 * Context: process context.
 * Return: the status the IRP completed with.
 */
NTSTATUS wdmdma_stack_send(PDEVICE_OBJECT pdo, const IO_STACK_LOCATION *loc,
			   NTSTATUS (*call)(PDEVICE_OBJECT DeviceObject, PIRP Irp),
			   ULONG_PTR *info)
{
	PDEVICE_OBJECT top = IoGetAttachedDeviceReference(pdo);
	PIO_STACK_LOCATION sl;
	NTSTATUS status;
	KEVENT done;
	PIRP irp;

	irp = IoAllocateIrp(top->StackSize + 1, FALSE);
	if (!irp) {
		ObDereferenceObject(top);
		return STATUS_INSUFFICIENT_RESOURCES;
	}
	KeInitializeEvent(&done, NotificationEvent, FALSE);
	irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
	irp->IoStatus.Information = 0;
	IoSetNextIrpStackLocation(irp);		/* the manager's own location */
	sl = IoGetNextIrpStackLocation(irp);
	sl->MajorFunction = loc->MajorFunction;
	sl->MinorFunction = loc->MinorFunction;
	sl->Parameters = loc->Parameters;
	IoSetCompletionRoutine(irp, wdmdma_signal_done, &done, TRUE, TRUE, TRUE);
	status = call(top, irp);
	if (status != STATUS_PENDING && !KeReadStateEvent(&done)) {
		/* refused, or returned without completing: it may come back later */
		wdmdma_report(NULL, "IoCallDriver",
			      "IRP (major %#x, minor %#x) neither pending nor completed (%#x); leaked",
			      loc->MajorFunction, loc->MinorFunction, status);
		ObDereferenceObject(top);
		return NT_SUCCESS(status) ? STATUS_UNSUCCESSFUL : status;
	}
	KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, NULL);
	status = irp->IoStatus.Status;
	if (info)
		*info = irp->IoStatus.Information;
	IoFreeIrp(irp);
	ObDereferenceObject(top);
	return status;
}

/**
 * wdmdma_pnp_send_info() - send a PnP IRP to the top of a PDO's stack and
 *	wait for it, as the PnP manager does
 * @pdo: the PDO
 * @minor: the minor function
 * @raw: IRP_MN_START_DEVICE: the raw resources
 * @trans: IRP_MN_START_DEVICE: the translated resources
 * @info: if not NULL, receives the IRP's IoStatus.Information
 *
 * Context: process context.
 * Return: the status the stack completed the IRP with.
 */
NTSTATUS wdmdma_pnp_send_info(PDEVICE_OBJECT pdo, UCHAR minor, PCM_RESOURCE_LIST raw,
			      PCM_RESOURCE_LIST trans, ULONG_PTR *info)
{
	IO_STACK_LOCATION loc = { .MajorFunction = IRP_MJ_PNP, .MinorFunction = minor };

	if (minor == IRP_MN_START_DEVICE) {
		loc.Parameters.StartDevice.AllocatedResources = raw;
		loc.Parameters.StartDevice.AllocatedResourcesTranslated = trans;
	}
	return wdmdma_stack_send(pdo, &loc, IoCallDriver, info);
}

static NTSTATUS wdmdma_pnp_send(PDEVICE_OBJECT pdo, UCHAR minor, PCM_RESOURCE_LIST raw,
				PCM_RESOURCE_LIST trans)
{
	return wdmdma_pnp_send_info(pdo, minor, raw, trans, NULL);
}

static struct wdmdma_pnp_started *wdmdma_pnp_find(PDEVICE_OBJECT pdo)
{
	struct wdmdma_pnp_started *s;

	list_for_each_entry(s, &wdmdma_pnp_started_list, link)
		if (s->pdo == pdo)
			return s;
	return NULL;
}

/*
 * Allocate @pdev's interrupt vectors as Windows' PnP manager assigns them:
 * message-signalled (MSI-X preferred, then MSI; as many messages as the
 * device has, at most MessageNumberLimit) when the device's hardware key
 * says MSISupported, else its INTx line.
 * Return: how many vectors were allocated (0: none), or a -errno.
 */
static int wdmdma_pnp_alloc_irqs(struct pci_dev *pdev)
{
	struct device *dev = &pdev->dev;
	u32 msi = 0, limit = 0;
	int want;

	wdmdma_reg_device_dword(dev, WDMDMA_MSI_KEY, "MSISupported", &msi);
	if (!msi || (!pdev->msix_cap && !pdev->msi_cap))
		return pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_INTX);
	want = max(pci_msix_vec_count(pdev), pci_msi_vec_count(pdev));
	if (wdmdma_reg_device_dword(dev, WDMDMA_MSI_KEY, "MessageNumberLimit", &limit) &&
	    limit && limit < want)
		want = limit;
	return pci_alloc_irq_vectors(pdev, 1, max(want, 1), PCI_IRQ_ALL_TYPES);
}

/**
 * wdmdma_pnp_irqs() - the interrupt vectors the PnP start gave a device
 * @pdo: the device's PDO
 * @irqs: receives them
 *
 * Context: process context.
 * Return: false when @pdo's device was not started by
 * wdmdma_pnp_start_pci() or got no interrupt.
 */
bool wdmdma_pnp_irqs(PDEVICE_OBJECT pdo, struct wdmdma_pnp_irqs *irqs)
{
	struct wdmdma_pnp_started *s;
	bool found = false;

	mutex_lock(&wdmdma_pnp_lock);
	s = wdmdma_pnp_find(pdo);
	if (s && s->irq) {
		irqs->pdev = s->pdev;
		irqs->nvec = s->nvec;
		irqs->msix = s->pdev->msix_enabled;
		irqs->msi = s->pdev->msi_enabled || irqs->msix;
		found = true;
	}
	mutex_unlock(&wdmdma_pnp_lock);
	return found;
}

static void wdmdma_pnp_undo(struct pci_dev *pdev, bool irq)
{
	if (irq)
		pci_free_irq_vectors(pdev);
	pci_clear_master(pdev);
	pci_disable_device(pdev);
}

/**
 * wdmdma_pnp_start_pci() - start a PCI device's driver stack the PnP way
 * @pdo: the PDO made by wdmdma_pdo_create(&pdev->dev), with the driver's
 *	FDO attached over it by its AddDevice routine
 * @pdev: the PCI device
 *
 * Enables @pdev, makes it a bus master, allocates its interrupts and sends
 * IRP_MN_START_DEVICE to the top of the stack, with raw and translated
 * resource lists describing every BAR (CmResourceTypeMemory: translated
 * Start is the CPU physical address for MmMapIoSpace(); CmResourceTypePort)
 * and the interrupts (CmResourceTypeInterrupt: translated Vector is the
 * Linux IRQ number, Level a DIRQL, both for IoConnectInterrupt(); Affinity
 * every processor).  With MSISupported = 1 in the device's hardware key
 * (Interrupt Management\MessageSignaledInterruptProperties), MSI-X or
 * else MSI, as many messages as the device has (at most
 * MessageNumberLimit), one descriptor each: CM_RESOURCE_INTERRUPT_MESSAGE |
 * CM_RESOURCE_INTERRUPT_LATCHED, device-exclusive.  Otherwise the INTx
 * line: level-sensitive and CmResourceShareShared.  Waits for the IRP to
 * complete.  On failure everything is undone.
 *
 * Context: process context.
 * Return: the status the driver completed the IRP with, or
 * STATUS_INVALID_PARAMETER, STATUS_INVALID_DEVICE_STATE (started already,
 * atomic context), STATUS_INSUFFICIENT_RESOURCES, or
 * STATUS_DEVICE_NOT_READY when the device cannot be enabled.
 */
NTSTATUS wdmdma_pnp_start_pci(PDEVICE_OBJECT pdo, struct pci_dev *pdev)
{
	PCM_RESOURCE_LIST raw, trans;
	struct wdmdma_pnp_started *s;
	NTSTATUS status;
	int nvec;

	if (unlikely(!pdo || !pdev || wdmdma_pdo_device(pdo) != &pdev->dev)) {
		wdmdma_report(NULL, "wdmdma_pnp_start_pci", "%s",
			      !pdo || !pdev ? "NULL pdo or pdev" : "pdo is not pdev's PDO");
		return STATUS_INVALID_PARAMETER;
	}
	if (unlikely(wdmdma_atomic_context())) {
		wdmdma_report(NULL, "wdmdma_pnp_start_pci", "called in atomic context");
		return STATUS_INVALID_DEVICE_STATE;
	}
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return STATUS_INSUFFICIENT_RESOURCES;
	mutex_lock(&wdmdma_pnp_lock);
	if (wdmdma_pnp_find(pdo)) {
		mutex_unlock(&wdmdma_pnp_lock);
		kfree(s);
		wdmdma_report(NULL, "wdmdma_pnp_start_pci", "%s is started already",
			      pci_name(pdev));
		return STATUS_INVALID_DEVICE_STATE;
	}
	s->pdo = pdo;
	s->pdev = pdev;
	list_add(&s->link, &wdmdma_pnp_started_list);	/* claims @pdo meanwhile */
	mutex_unlock(&wdmdma_pnp_lock);

	if (pci_enable_device(pdev)) {
		status = STATUS_DEVICE_NOT_READY;
		goto err_list;
	}
	pci_set_master(pdev);
	nvec = wdmdma_pnp_alloc_irqs(pdev);
	mutex_lock(&wdmdma_pnp_lock);
	s->irq = nvec > 0;
	s->nvec = max(nvec, 0);
	mutex_unlock(&wdmdma_pnp_lock);
	if (wdmdma_res_build(pdo, pdev, s->nvec, &raw, &trans)) {
		status = STATUS_INSUFFICIENT_RESOURCES;
		goto err_undo;
	}
	status = wdmdma_pnp_send(pdo, IRP_MN_START_DEVICE, raw, trans);
	kfree(raw);
	kfree(trans);
	if (!NT_SUCCESS(status))
		goto err_undo;
	pci_dev_get(pdev);
	return STATUS_SUCCESS;

err_undo:
	wdmdma_pnp_undo(pdev, s->irq);
err_list:
	mutex_lock(&wdmdma_pnp_lock);
	list_del(&s->link);
	mutex_unlock(&wdmdma_pnp_lock);
	kfree(s);
	return status;
}
EXPORT_SYMBOL_GPL(wdmdma_pnp_start_pci);

/**
 * wdmdma_pnp_remove_pci() - remove a PCI device's driver stack the PnP way
 * @pdo: the PDO wdmdma_pnp_start_pci() started
 * @pdev: the PCI device
 *
 * Shuts down the /dev nodes of the stack's symbolic links and device
 * interfaces (files still open get IRP_MJ_CLEANUP and IRP_MJ_CLOSE).
 * Sends IRP_MN_QUERY_REMOVE_DEVICE, then IRP_MN_REMOVE_DEVICE, to the top
 * of the stack, each waited for.  Linux cannot keep the device: a failed
 * query is reported and followed by IRP_MN_SURPRISE_REMOVAL and
 * IRP_MN_REMOVE_DEVICE.  Then undoes what wdmdma_pnp_start_pci() did: frees
 * the interrupt vector, clears bus mastering, disables the device.  A stack
 * that was never started, or whose start failed, gets IRP_MN_REMOVE_DEVICE
 * alone, as on Windows: the driver deletes the device objects AddDevice made.
 *
 * Context: process context; otherwise reported and nothing is done.
 */
void wdmdma_pnp_remove_pci(PDEVICE_OBJECT pdo, struct pci_dev *pdev)
{
	struct wdmdma_pnp_started *s;
	NTSTATUS status;

	if (unlikely(!pdo || !pdev || wdmdma_pdo_device(pdo) != &pdev->dev)) {
		wdmdma_report(NULL, "wdmdma_pnp_remove_pci", "%s",
			      !pdo || !pdev ? "NULL pdo or pdev" : "pdo is not pdev's PDO");
		return;
	}
	if (unlikely(wdmdma_atomic_context())) {
		wdmdma_report(NULL, "wdmdma_pnp_remove_pci", "called in atomic context");
		return;
	}
	mutex_lock(&wdmdma_pnp_lock);
	s = wdmdma_pnp_find(pdo);
	if (s)
		list_del(&s->link);
	mutex_unlock(&wdmdma_pnp_lock);

	/* files opened through the stack's links and interfaces close first */
	wdmdma_names_stack_closing(pdo);
	if (s) {
		status = wdmdma_pnp_send(pdo, IRP_MN_QUERY_REMOVE_DEVICE, NULL, NULL);
		if (!NT_SUCCESS(status)) {
			wdmdma_report(NULL, "wdmdma_pnp_remove_pci",
				      "%s: IRP_MN_QUERY_REMOVE_DEVICE failed (%#x); removing anyway",
				      pci_name(pdev), status);
			wdmdma_pnp_send(pdo, IRP_MN_SURPRISE_REMOVAL, NULL, NULL);
		}
	}
	wdmdma_pnp_send(pdo, IRP_MN_REMOVE_DEVICE, NULL, NULL);
	if (!s)
		return;
	wdmdma_pnp_undo(s->pdev, s->irq);
	pci_dev_put(s->pdev);
	kfree(s);
}
EXPORT_SYMBOL_GPL(wdmdma_pnp_remove_pci);
