// SPDX-License-Identifier: GPL-2.0
/*
 * The I/O manager runtime a bus-master driver needs around DMA: IRPs and
 * their completion, the StartIo device queue, and the device object's DPC.
 *
 * IoCompleteRequest() walks the stack locations up from the current one,
 * calling each completion routine whose SL_INVOKE_ON_* flag matches, and
 * stops when one returns STATUS_MORE_PROCESSING_REQUIRED.  Past the top
 * location it only copies IoStatus to UserIosb (when set) and marks the IRP
 * completed: there is no I/O manager thread, APC or event to signal, and an
 * IRP is freed by whoever allocated it.
 *
 * LOCKING
 *
 * Each device object's DeviceQueue.Lock (taken with bottom halves off, the
 * driver at DISPATCH_LEVEL) guards DeviceQueue (Busy, its IRP list) and the
 * device object's CurrentIrp.  It is never held while StartIo runs.
 * wdmdma_devq_init_lock only makes a device queue's lazy initialization
 * race-free; nothing is taken under either.
 */
#include <linux/bottom_half.h>
#include <linux/slab.h>

#include "internal.h"

/* Most stack locations an IRP may have: CurrentLocation must stay a CHAR. */
#define WDMDMA_IRP_MAX_STACK	100

/* KOBJECTS type of a device queue */
#define WDMDMA_DEVICE_QUEUE_OBJECT	0x14

static DEFINE_SPINLOCK(wdmdma_devq_init_lock);

static void wdmdma_list_init(PLIST_ENTRY head)
{
	head->Flink = head;
	head->Blink = head;
}

static bool wdmdma_list_empty(PLIST_ENTRY head)
{
	return head->Flink == head;
}

/* Insert @e before @pos (at the tail when @pos is the head). */
static void wdmdma_list_insert_before(PLIST_ENTRY pos, PLIST_ENTRY e)
{
	e->Flink = pos;
	e->Blink = pos->Blink;
	pos->Blink->Flink = e;
	pos->Blink = e;
}

static void wdmdma_list_del(PLIST_ENTRY e)
{
	e->Blink->Flink = e->Flink;
	e->Flink->Blink = e->Blink;
	e->Flink = e;
	e->Blink = e;
}

/**
 * KeInitializeDeviceQueue() - initialize a device queue, not busy and empty
 * @DeviceQueue: the queue
 *
 * The StartIo queue of a device object is initialized on its first use;
 * a driver calls this only for queues of its own.
 */
void KeInitializeDeviceQueue(PKDEVICE_QUEUE DeviceQueue)
{
	if (unlikely(!DeviceQueue)) {
		wdmdma_report(NULL, "KeInitializeDeviceQueue", "NULL DeviceQueue");
		return;
	}
	spin_lock_init(&DeviceQueue->Lock.Lock);
	DeviceQueue->Lock.WdmdmaRaised = FALSE;
	wdmdma_list_init(&DeviceQueue->DeviceListHead);
	DeviceQueue->Busy = FALSE;
	DeviceQueue->Type = WDMDMA_DEVICE_QUEUE_OBJECT;
	/* Size last: wdmdma_devq() then sees an initialized queue */
	smp_store_release(&DeviceQueue->Size, (CSHORT)sizeof(*DeviceQueue));
}
EXPORT_SYMBOL_GPL(KeInitializeDeviceQueue);

/* The device object's StartIo queue, initialized on first use. */
static PKDEVICE_QUEUE wdmdma_devq(PDEVICE_OBJECT devobj)
{
	PKDEVICE_QUEUE q = &devobj->DeviceQueue;
	unsigned long flags;

	/* pairs with the release in KeInitializeDeviceQueue() */
	if (likely(smp_load_acquire(&q->Size) == (CSHORT)sizeof(*q)))
		return q;
	spin_lock_irqsave(&wdmdma_devq_init_lock, flags);
	if (q->Size != (CSHORT)sizeof(*q))
		KeInitializeDeviceQueue(q);
	spin_unlock_irqrestore(&wdmdma_devq_init_lock, flags);
	return q;
}

/**
 * IoInitializeIrp() - initialize an IRP in storage the driver allocated
 * @Irp: the IRP
 * @PacketSize: its size in bytes, at least IoSizeOfIrp(@StackSize)
 * @StackSize: its number of stack locations (0 to 100)
 *
 * The IRP is zeroed; its current stack location is just past the last
 * one, so IoGetNextIrpStackLocation() gives the first to fill in.
 */
void IoInitializeIrp(PIRP Irp, USHORT PacketSize, CCHAR StackSize)
{
	if (unlikely(!Irp || StackSize < 0 || StackSize > WDMDMA_IRP_MAX_STACK ||
		     PacketSize < IoSizeOfIrp(StackSize))) {
		wdmdma_report(NULL, "IoInitializeIrp", "%s",
			      Irp ? "StackSize or PacketSize out of range" : "NULL Irp");
		return;
	}
	memset(Irp, 0, PacketSize);
	Irp->Type = IO_TYPE_IRP;
	Irp->Size = PacketSize;
	Irp->StackCount = StackSize;
	Irp->CurrentLocation = StackSize + 1;
	wdmdma_list_init(&Irp->ThreadListEntry);
	Irp->Tail.Overlay.CurrentStackLocation = (PIO_STACK_LOCATION)(Irp + 1) + StackSize;
}
EXPORT_SYMBOL_GPL(IoInitializeIrp);

/**
 * IoAllocateIrp() - allocate and initialize an IRP
 * @StackSize: its number of stack locations (1 to 100)
 * @ChargeQuota: ignored (no quota)
 *
 * Context: at or below DISPATCH_LEVEL.
 * Return: the IRP (free it with IoFreeIrp), or NULL.
 */
PIRP IoAllocateIrp(CCHAR StackSize, BOOLEAN ChargeQuota)
{
	USHORT size;
	PIRP irp;

	if (unlikely(StackSize < 1 || StackSize > WDMDMA_IRP_MAX_STACK)) {
		wdmdma_report(NULL, "IoAllocateIrp", "StackSize %d out of range",
			      StackSize);
		return NULL;
	}
	size = IoSizeOfIrp(StackSize);
	irp = kmalloc(size, wdmdma_gfp());
	if (!irp)
		return NULL;
	IoInitializeIrp(irp, size, StackSize);
	irp->AllocationFlags = IRP_ALLOCATED_FIXED_SIZE;
	if (ChargeQuota)
		irp->AllocationFlags |= IRP_QUOTA_CHARGED;
	return irp;
}
EXPORT_SYMBOL_GPL(IoAllocateIrp);

/**
 * IoFreeIrp() - free an IRP made by IoAllocateIrp()
 * @Irp: the IRP
 *
 * An IRP not made by IoAllocateIrp() (or already freed, as far as can be
 * told) is reported and left alone.
 */
void IoFreeIrp(PIRP Irp)
{
	if (unlikely(!Irp || Irp->Type != IO_TYPE_IRP ||
		     !(Irp->AllocationFlags & IRP_ALLOCATED_FIXED_SIZE))) {
		wdmdma_report(NULL, "IoFreeIrp", "%p is not an IRP from IoAllocateIrp", Irp);
		return;
	}
	Irp->Type = 0;
	kfree(Irp);
}
EXPORT_SYMBOL_GPL(IoFreeIrp);

static bool wdmdma_irp_invoke(PIRP irp, UCHAR control)
{
	if (irp->Cancel)
		return control & SL_INVOKE_ON_CANCEL;
	if (NT_SUCCESS(irp->IoStatus.Status))
		return control & SL_INVOKE_ON_SUCCESS;
	return control & SL_INVOKE_ON_ERROR;
}

/**
 * IoCompleteRequest() - a driver has finished with an IRP
 * @Irp: the IRP, IoStatus set
 * @PriorityBoost: ignored (IO_NO_INCREMENT and the others)
 *
 * Each stack location from the current one up gives way to the one above
 * it, whose driver's completion routine (IoSetCompletionRoutine) is called
 * when its SL_INVOKE_ON_* flags match the outcome, with PendingReturned
 * set from the lower location.  A routine returning
 * STATUS_MORE_PROCESSING_REQUIRED stops the walk: the IRP is its driver's
 * again.  Past the top, IoStatus is copied to UserIosb when set.
 * Completing an IRP that already reached the top is reported and ignored.
 *
 * Context: at or below DISPATCH_LEVEL.
 */
void IoCompleteRequest(PIRP Irp, CCHAR PriorityBoost)
{
	PIO_COMPLETION_ROUTINE routine;
	PIO_STACK_LOCATION sl;
	PDEVICE_OBJECT devobj;
	UCHAR control;
	PVOID context;

	if (unlikely(!Irp || Irp->Type != IO_TYPE_IRP)) {
		wdmdma_report(NULL, "IoCompleteRequest", "%p is not an IRP", Irp);
		return;
	}
	if (unlikely(Irp->CurrentLocation > Irp->StackCount + 1)) {
		wdmdma_report(NULL, "IoCompleteRequest", "IRP %p completed twice", Irp);
		return;
	}
	if (unlikely(Irp->IoStatus.Status == STATUS_PENDING))
		wdmdma_report(NULL, "IoCompleteRequest", "IRP %p completed with STATUS_PENDING",
			      Irp);

	while (Irp->CurrentLocation <= Irp->StackCount) {
		sl = IoGetCurrentIrpStackLocation(Irp);
		control = sl->Control;
		routine = sl->CompletionRoutine;
		context = sl->Context;
		Irp->PendingReturned = !!(control & SL_PENDING_RETURNED);
		sl->Control = 0;
		sl->CompletionRoutine = NULL;
		sl->Context = NULL;
		IoSkipCurrentIrpStackLocation(Irp);
		devobj = Irp->CurrentLocation <= Irp->StackCount ?
			IoGetCurrentIrpStackLocation(Irp)->DeviceObject : NULL;
		if (routine && wdmdma_irp_invoke(Irp, control)) {
			if (routine(devobj, Irp, context) == STATUS_MORE_PROCESSING_REQUIRED)
				return;
		} else if (Irp->PendingReturned && Irp->CurrentLocation <= Irp->StackCount) {
			IoMarkIrpPending(Irp);
		}
	}
	if (Irp->UserIosb)
		*Irp->UserIosb = Irp->IoStatus;
	Irp->CurrentLocation = Irp->StackCount + 2;	/* completed */
}
EXPORT_SYMBOL_GPL(IoCompleteRequest);

/**
 * IoStartPacket() - start an IRP on a device, or queue it while busy
 * @DeviceObject: the device object; its driver has DriverStartIo
 * @Irp: the IRP
 * @Key: NULL to queue at the tail; else the sort key (queued after every
 *	IRP whose key is lower or equal)
 * @CancelFunction: stored in Irp->CancelRoutine (cancellation is not
 *	implemented yet)
 *
 * When the device is not busy, DeviceObject->CurrentIrp becomes @Irp and
 * DriverStartIo is called at once, at DISPATCH_LEVEL; otherwise the IRP
 * waits for IoStartNextPacket().  One IRP at a time per device object.
 *
 * Context: at or below DISPATCH_LEVEL.
 */
void IoStartPacket(PDEVICE_OBJECT DeviceObject, PIRP Irp, PULONG Key,
		   PDRIVER_CANCEL CancelFunction)
{
	PKDEVICE_QUEUE_ENTRY e;
	PLIST_ENTRY pos;
	PKDEVICE_QUEUE q;
	bool start;

	if (unlikely(!DeviceObject || !Irp || !DeviceObject->DriverObject ||
		     !DeviceObject->DriverObject->DriverStartIo)) {
		wdmdma_report(NULL, "IoStartPacket", "%s",
			      !DeviceObject || !Irp ? "NULL DeviceObject or Irp" :
			      "the driver has no DriverStartIo");
		return;
	}
	if (unlikely(KeGetCurrentIrql() > DISPATCH_LEVEL)) {
		wdmdma_report(NULL, "IoStartPacket", "called above DISPATCH_LEVEL");
		return;
	}
	q = wdmdma_devq(DeviceObject);
	e = &Irp->Tail.Overlay.DeviceQueueEntry;
	if (CancelFunction)
		WRITE_ONCE(Irp->CancelRoutine, CancelFunction);

	spin_lock_bh(&q->Lock.Lock);
	start = !q->Busy;
	if (start) {
		q->Busy = TRUE;
		e->Inserted = FALSE;
		DeviceObject->CurrentIrp = Irp;
	} else {
		e->SortKey = Key ? *Key : 0;
		pos = &q->DeviceListHead;
		if (Key)
			for (pos = q->DeviceListHead.Flink; pos != &q->DeviceListHead;
			     pos = pos->Flink)
				if (container_of(pos, KDEVICE_QUEUE_ENTRY,
						 DeviceListEntry)->SortKey > *Key)
					break;
		wdmdma_list_insert_before(pos, &e->DeviceListEntry);
		e->Inserted = TRUE;
	}
	spin_unlock(&q->Lock.Lock);
	if (start)
		DeviceObject->DriverObject->DriverStartIo(DeviceObject, Irp);
	local_bh_enable();
}
EXPORT_SYMBOL_GPL(IoStartPacket);

/**
 * IoStartNextPacket() - the current IRP is done: start the next queued one
 * @DeviceObject: the device object
 * @Cancelable: ignored (cancellation is not implemented yet)
 *
 * CurrentIrp becomes NULL, or the oldest queued IRP (lowest key first),
 * which is passed to DriverStartIo; with none queued the device is idle.
 *
 * Context: DISPATCH_LEVEL (a DPC, StartIo); lower is tolerated.
 */
void IoStartNextPacket(PDEVICE_OBJECT DeviceObject, BOOLEAN Cancelable)
{
	PKDEVICE_QUEUE_ENTRY e = NULL;
	PKDEVICE_QUEUE q;
	PIRP irp = NULL;

	if (unlikely(!DeviceObject || !DeviceObject->DriverObject ||
		     !DeviceObject->DriverObject->DriverStartIo)) {
		wdmdma_report(NULL, "IoStartNextPacket", "%s",
			      !DeviceObject ? "NULL DeviceObject" :
			      "the driver has no DriverStartIo");
		return;
	}
	if (unlikely(KeGetCurrentIrql() > DISPATCH_LEVEL)) {
		wdmdma_report(NULL, "IoStartNextPacket", "called above DISPATCH_LEVEL");
		return;
	}
	q = wdmdma_devq(DeviceObject);

	spin_lock_bh(&q->Lock.Lock);
	if (unlikely(!q->Busy)) {
		spin_unlock_bh(&q->Lock.Lock);
		wdmdma_report(NULL, "IoStartNextPacket", "no packet was started");
		return;
	}
	DeviceObject->CurrentIrp = NULL;
	if (wdmdma_list_empty(&q->DeviceListHead)) {
		q->Busy = FALSE;
	} else {
		e = container_of(q->DeviceListHead.Flink, KDEVICE_QUEUE_ENTRY, DeviceListEntry);
		wdmdma_list_del(&e->DeviceListEntry);
		e->Inserted = FALSE;
		irp = container_of(e, IRP, Tail.Overlay.DeviceQueueEntry);
		DeviceObject->CurrentIrp = irp;
	}
	spin_unlock(&q->Lock.Lock);
	if (irp)
		DeviceObject->DriverObject->DriverStartIo(DeviceObject, irp);
	local_bh_enable();
}
EXPORT_SYMBOL_GPL(IoStartNextPacket);

static void wdmdma_io_dpc(PKDPC dpc, PVOID context, PVOID irp, PVOID arg)
{
	dpc->WdmdmaIoDpcRoutine(dpc, context, irp, arg);
}

/**
 * IoInitializeDpcRequest() - set up the device object's DPC for IoRequestDpc
 * @DeviceObject: the device object
 * @DpcRoutine: called as DpcRoutine(Dpc, DeviceObject, Irp, Context)
 */
void IoInitializeDpcRequest(PDEVICE_OBJECT DeviceObject, PIO_DPC_ROUTINE DpcRoutine)
{
	if (unlikely(!DeviceObject || !DpcRoutine)) {
		wdmdma_report(NULL, "IoInitializeDpcRequest", "NULL %s",
			      DeviceObject ? "DpcRoutine" : "DeviceObject");
		return;
	}
	KeInitializeDpc(&DeviceObject->Dpc, wdmdma_io_dpc, DeviceObject);
	DeviceObject->Dpc.WdmdmaIoDpcRoutine = DpcRoutine;
}
EXPORT_SYMBOL_GPL(IoInitializeDpcRequest);

/**
 * IoRequestDpc() - queue the device object's DPC (typically from its ISR)
 * @DeviceObject: the device object (IoInitializeDpcRequest)
 * @Irp: the DPC routine's Irp argument
 * @Context: its Context argument
 *
 * As KeInsertQueueDpc(): a request made while the DPC is queued is dropped.
 *
 * Context: any.
 */
void IoRequestDpc(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
	if (unlikely(!DeviceObject)) {
		wdmdma_report(NULL, "IoRequestDpc", "NULL DeviceObject");
		return;
	}
	KeInsertQueueDpc(&DeviceObject->Dpc, Irp, Context);
}
EXPORT_SYMBOL_GPL(IoRequestDpc);
