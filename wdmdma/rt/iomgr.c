// SPDX-License-Identifier: GPL-2.0
/*
 * The I/O manager runtime a bus-master driver needs around DMA: IRPs and
 * their completion, StartIo (IoStartPacket, IoStartNextPacket) over the
 * device object's device queue (devqueue.c), and the device object's DPC.
 *
 * IoCompleteRequest() walks the stack locations up from the current one,
 * calling each completion routine whose SL_INVOKE_ON_* flag matches, and
 * stops when one returns STATUS_MORE_PROCESSING_REQUIRED.  Past the top
 * location it copies IoStatus to UserIosb (when set) and marks the IRP
 * completed: there is no I/O manager thread or APC, and an IRP is freed by
 * whoever allocated it, except one IoBuildDeviceIoControlRequest() or
 * IoBuildSynchronousFsdRequest() made, which the I/O manager finishes there
 * (irpbuild.c: output copied back, event set, IRP freed).
 *
 * Cancellation: one system-wide cancel spin lock (IoAcquireCancelSpinLock)
 * and Irp->Cancel / Irp->CancelRoutine, as the WDK documents them.
 * IoCancelIrp() sets Cancel, takes the lock and exchanges CancelRoutine for
 * NULL; a routine it gets is called with the lock held, and releases it.
 * IoStartPacket() with a CancelFunction makes the IRP cancelable under the
 * lock, and IoStartNextPacket(TRUE) dequeues under it, so a driver's cancel
 * routine sees DeviceObject->CurrentIrp and the queue consistent.
 *
 * LOCKING
 *
 * Order: the cancel spin lock, then a device queue's Lock.  Nothing else is
 * taken under either by wdmdma (a driver's cancel routine may take its own
 * locks: its order against them is its business, as on Windows).
 *
 * The cancel spin lock (wdmdma/rt/cancel.c; taken as KeAcquireSpinLock,
 * bottom halves off) guards, of every IRP, the call of its CancelRoutine:
 * IoCancelIrp() and IoStartPacket() only call one they exchanged out under
 * it.  It also orders a cancelable device's CurrentIrp against the queue:
 * IoStartPacket(.., CancelFunction) and IoStartNextPacket(.., TRUE) update
 * both under it, so a cancel routine (called with it held) finds an IRP
 * either CurrentIrp or still queued.  Driver cancel routines run under it;
 * StartIo never does.
 *
 * A KDEVICE_QUEUE's Lock (bottom halves off; innermost) guards the queue:
 * Busy, its entry list and each entry's Inserted flag (devqueue.c, LOCKING).
 * The Ke*DeviceQueue routines and devqueue.c's helpers used here take it
 * and release it before returning, so the documented cancel routine, which
 * calls KeRemoveEntryDeviceQueue() with the cancel lock held, nests in the
 * order above.  No driver routine runs under it.
 *
 * DeviceObject->CurrentIrp belongs to whoever holds the device busy: it is
 * written by the IoStartPacket() that found the queue idle (after making it
 * busy) and by IoStartNextPacket() under the queue's Lock (before it can
 * make the queue idle), so the two never cross.  Reads by a cancel routine
 * are ordered by the cancel lock as above.
 *
 * The same Lock guards the device object's private startio state
 * (IoSetStartIoAttributes, and with DeferredStartIo whether StartIo is
 * running and a start of the next packet waits for it to return).
 */
#include <linux/bottom_half.h>
#include <linux/slab.h>

#include "../internal.h"
#include "../trace.h"
#include "devqueue.h"

/*
 * IRPs in flight, for debugfs wdmdma/drivers: an IRP is in flight from the
 * IoCallDriver that first sends it down a stack until completion passes its
 * top stack location (whatever the originator's completion routine there
 * returns), or until it is freed part way (a lower completion routine kept
 * it with STATUS_MORE_PROCESSING_REQUIRED).  The I/O manager's own bit
 * WDMDMA_IRP_IN_FLIGHT in AllocationFlags (drivers never touch that field)
 * marks it, changed by whoever holds the IRP; the counts are atomic.
 */
#define WDMDMA_IRP_IN_FLIGHT	0x80
static atomic_long_t wdmdma_irps_dispatched = ATOMIC_LONG_INIT(0);
static atomic_long_t wdmdma_irps_finished = ATOMIC_LONG_INIT(0);

/**
 * wdmdma_irp_count_dispatch() - IoCallDriver sends an IRP down a stack
 * @irp: the IRP; counted once until it is done
 */
void wdmdma_irp_count_dispatch(PIRP irp)
{
	if (irp->AllocationFlags & WDMDMA_IRP_IN_FLIGHT)
		return;
	irp->AllocationFlags |= WDMDMA_IRP_IN_FLIGHT;
	atomic_long_inc(&wdmdma_irps_dispatched);
}

/* @irp is done with (past the top, or freed): no longer in flight. */
static void wdmdma_irp_count_done(PIRP irp)
{
	if (!(irp->AllocationFlags & WDMDMA_IRP_IN_FLIGHT))
		return;
	irp->AllocationFlags &= ~WDMDMA_IRP_IN_FLIGHT;
	atomic_long_inc(&wdmdma_irps_finished);
}

/**
 * wdmdma_irp_counts() - IRPs sent down, and IRPs done with
 * @dispatched: out: IRPs IoCallDriver sent down a stack
 * @finished: out: those completed past the top, or freed part way
 */
void wdmdma_irp_counts(unsigned long *dispatched, unsigned long *finished)
{
	*finished = atomic_long_read(&wdmdma_irps_finished);
	*dispatched = atomic_long_read(&wdmdma_irps_dispatched);
}

/* Most stack locations an IRP may have: CurrentLocation must stay a CHAR. */
#define WDMDMA_IRP_MAX_STACK	100

/* The device object whose driver holds @irp at its current stack location */
static PDEVICE_OBJECT wdmdma_irp_devobj(PIRP irp)
{
	if (irp->CurrentLocation < 1 || irp->CurrentLocation > irp->StackCount)
		return NULL;
	return IoGetCurrentIrpStackLocation(irp)->DeviceObject;
}

/**
 * IoCancelIrp() - cancel an IRP
 * @Irp: the IRP
 *
 * Sets Irp->Cancel, then, under the cancel spin lock, takes the IRP's
 * cancel routine (IoSetCancelRoutine).  When there is one it is called
 * with the cancel spin lock held and Irp->CancelIrql set to the IRQL to
 * release it at, with the DeviceObject of the IRP's current stack
 * location; the routine releases the lock.
 *
 * Context: at or below DISPATCH_LEVEL.
 * Return: TRUE when a cancel routine was called, FALSE when the IRP had
 * none (it is not cancelable: Cancel is set all the same).
 */
BOOLEAN IoCancelIrp(PIRP Irp)
{
	PDRIVER_CANCEL routine;
	KIRQL irql;

	if (unlikely(!Irp || Irp->Type != IO_TYPE_IRP)) {
		wdmdma_report(NULL, "IoCancelIrp", "%p is not an IRP", Irp);
		return FALSE;
	}
	if (unlikely(KeGetCurrentIrql() > DISPATCH_LEVEL)) {
		wdmdma_report(NULL, "IoCancelIrp", "called above DISPATCH_LEVEL");
		return FALSE;
	}
	IoAcquireCancelSpinLock(&irql);
	WRITE_ONCE(Irp->Cancel, TRUE);
	routine = IoSetCancelRoutine(Irp, NULL);
	if (!routine) {
		IoReleaseCancelSpinLock(irql);
		return FALSE;
	}
	Irp->CancelIrql = irql;
	routine(wdmdma_irp_devobj(Irp), Irp);
	__release(_Global_cancel_spin_lock_);	/* the routine released it */
	return TRUE;
}
EXPORT_SYMBOL_GPL(IoCancelIrp);

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
	Irp->ThreadListEntry.Flink = &Irp->ThreadListEntry;
	Irp->ThreadListEntry.Blink = &Irp->ThreadListEntry;
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
	wdmdma_irp_count_done(Irp);	/* kept part way by a completion routine */
	wdmdma_irp_built_free(Irp);	/* IoBuild*Request's buffers (irpbuild.c) */
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
 * Completing an IRP that already reached the top is reported and ignored;
 * one that still has a cancel routine set is reported, and the routine
 * cleared (the driver must IoSetCancelRoutine(Irp, NULL) first).
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
	if (unlikely(IoSetCancelRoutine(Irp, NULL)))
		wdmdma_report(NULL, "IoCompleteRequest",
			      "IRP %p completed with a cancel routine set (cleared)", Irp);
	if (unlikely(Irp->IoStatus.Status == STATUS_PENDING))
		wdmdma_report(NULL, "IoCompleteRequest", "IRP %p completed with STATUS_PENDING",
			      Irp);
	trace_wdmdma_irp_complete(Irp, Irp->IoStatus.Status, Irp->IoStatus.Information);

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
		if (Irp->CurrentLocation == Irp->StackCount + 1)
			wdmdma_irp_count_done(Irp);	/* past the top */
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
	wdmdma_irp_built_complete(Irp);	/* IoBuild*Request: event set, IRP freed */
}
EXPORT_SYMBOL_GPL(IoCompleteRequest);

static void wdmdma_startio_call(PDEVICE_OBJECT devobj, PIRP irp);

/**
 * IoStartPacket() - start an IRP on a device, or queue it while busy
 * @DeviceObject: the device object; its driver has DriverStartIo
 * @Irp: the IRP
 * @Key: NULL to queue at the tail; else the sort key (queued after every
 *	IRP whose key is lower or equal)
 * @CancelFunction: NULL, or the driver's cancel routine: the IRP is then
 *	cancelable while it waits (and until the driver clears the routine)
 *
 * When the device is not busy, DeviceObject->CurrentIrp becomes @Irp and
 * DriverStartIo is called at once, at DISPATCH_LEVEL; otherwise the IRP
 * waits for IoStartNextPacket().  One IRP at a time per device object.
 *
 * With @CancelFunction, the routine is set and the IRP queued or made
 * current under the cancel spin lock.  An IRP already cancelled
 * (Irp->Cancel set by IoCancelIrp) gets @CancelFunction called at once,
 * with the cancel spin lock held, queued or current, instead of StartIo.
 *
 * Context: at or below DISPATCH_LEVEL.
 */
void IoStartPacket(PDEVICE_OBJECT DeviceObject, PIRP Irp, PULONG Key,
		   PDRIVER_CANCEL CancelFunction)
{
	PDRIVER_CANCEL routine;
	PKDEVICE_QUEUE q;
	KIRQL irql = DISPATCH_LEVEL;
	bool queued;

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

	local_bh_disable();		/* DISPATCH_LEVEL, StartIo included */
	if (CancelFunction) {
		IoAcquireCancelSpinLock(&irql);
		IoSetCancelRoutine(Irp, CancelFunction);
	} else {
		__acquire(_Global_cancel_spin_lock_);	/* sparse: one path */
	}
	queued = wdmdma_devq_insert(q, &Irp->Tail.Overlay.DeviceQueueEntry,
				    Key ? *Key : 0, !!Key);
	if (!queued)
		WRITE_ONCE(DeviceObject->CurrentIrp, Irp);
	if (CancelFunction) {
		routine = READ_ONCE(Irp->Cancel) ? IoSetCancelRoutine(Irp, NULL) : NULL;
		if (routine) {
			Irp->CancelIrql = irql;
			routine(DeviceObject, Irp);
			__release(_Global_cancel_spin_lock_);	/* the routine did */
			goto out;
		}
		IoReleaseCancelSpinLock(irql);
	} else {
		__release(_Global_cancel_spin_lock_);
	}
	if (!queued)
		wdmdma_startio_call(DeviceObject, Irp);
out:
	local_bh_enable();
}
EXPORT_SYMBOL_GPL(IoStartPacket);

/*
 * Take the next IRP off @devobj's queue and make it CurrentIrp (NULL and the
 * queue idle when there is none).  With NonCancelable, the IRP loses its
 * cancel routine as it leaves the queue.  Bottom halves are off.
 */
static PIRP wdmdma_dequeue_next(PDEVICE_OBJECT devobj, BOOLEAN cancelable, ULONG key,
				bool bykey, const char *call)
{
	PKDEVICE_QUEUE_ENTRY e;
	PIRP irp = NULL;
	KIRQL irql = DISPATCH_LEVEL;

	if (cancelable)
		IoAcquireCancelSpinLock(&irql);
	else
		__acquire(_Global_cancel_spin_lock_);	/* sparse: one path */
	e = wdmdma_devq_remove(wdmdma_devq(devobj), key, bykey, call, &devobj->CurrentIrp);
	if (e) {
		irp = container_of(e, IRP, Tail.Overlay.DeviceQueueEntry);
		if (READ_ONCE(wdmdma_devobj(devobj)->startio) & WDMDMA_STARTIO_NONCANCELABLE)
			IoSetCancelRoutine(irp, NULL);
	}
	if (cancelable)
		IoReleaseCancelSpinLock(irql);
	else
		__release(_Global_cancel_spin_lock_);
	return irp;
}

/*
 * Call the driver's StartIo for @irp, bottom halves off.  With
 * DeferredStartIo, a start of the next packet asked for while StartIo runs
 * (IoStartNextPacket from inside it, or from a DPC on another processor) is
 * only noted, and done here once StartIo has returned: a StartIo that
 * fails one queued IRP after another loops here instead of recursing.
 */
static void wdmdma_startio_call(PDEVICE_OBJECT devobj, PIRP irp)
{
	struct wdmdma_devobj *w = wdmdma_devobj(devobj);
	PKDEVICE_QUEUE q = wdmdma_devq(devobj);
	unsigned long st;
	ULONG key;

	if (!(READ_ONCE(w->startio) & WDMDMA_STARTIO_DEFERRED)) {
		devobj->DriverObject->DriverStartIo(devobj, irp);
		return;
	}
	while (irp) {
		spin_lock(wdmdma_spin(&q->Lock));
		w->startio |= WDMDMA_STARTIO_ACTIVE;
		spin_unlock(wdmdma_spin(&q->Lock));

		devobj->DriverObject->DriverStartIo(devobj, irp);

		spin_lock(wdmdma_spin(&q->Lock));
		st = w->startio;
		key = w->startio_key;
		w->startio &= ~(WDMDMA_STARTIO_ACTIVE | WDMDMA_STARTIO_PENDING |
				WDMDMA_STARTIO_PENDING_CANCELABLE | WDMDMA_STARTIO_PENDING_BYKEY);
		spin_unlock(wdmdma_spin(&q->Lock));
		if (!(st & WDMDMA_STARTIO_PENDING))
			break;
		irp = wdmdma_dequeue_next(devobj, !!(st & WDMDMA_STARTIO_PENDING_CANCELABLE), key,
					  st & WDMDMA_STARTIO_PENDING_BYKEY, "IoStartNextPacket");
	}
}

/* With DeferredStartIo and StartIo running: note the request. */
static bool wdmdma_start_next_deferred(PDEVICE_OBJECT devobj, BOOLEAN cancelable, ULONG key,
				       bool bykey)
{
	struct wdmdma_devobj *w = wdmdma_devobj(devobj);
	PKDEVICE_QUEUE q = wdmdma_devq(devobj);
	bool deferred = false;

	if (!(READ_ONCE(w->startio) & WDMDMA_STARTIO_DEFERRED))
		return false;
	spin_lock(wdmdma_spin(&q->Lock));
	if (w->startio & WDMDMA_STARTIO_ACTIVE) {
		w->startio |= WDMDMA_STARTIO_PENDING;
		if (cancelable)
			w->startio |= WDMDMA_STARTIO_PENDING_CANCELABLE;
		if (bykey)
			w->startio |= WDMDMA_STARTIO_PENDING_BYKEY;
		w->startio_key = key;
		deferred = true;
	}
	spin_unlock(wdmdma_spin(&q->Lock));
	return deferred;
}

static void wdmdma_start_next(PDEVICE_OBJECT devobj, BOOLEAN cancelable, ULONG key,
			      bool bykey, const char *call)
{
	PIRP irp;

	if (unlikely(!devobj || !devobj->DriverObject ||
		     !devobj->DriverObject->DriverStartIo)) {
		wdmdma_report(NULL, call, "%s", !devobj ? "NULL DeviceObject" :
			      "the driver has no DriverStartIo");
		return;
	}
	if (unlikely(KeGetCurrentIrql() > DISPATCH_LEVEL)) {
		wdmdma_report(NULL, call, "called above DISPATCH_LEVEL");
		return;
	}

	local_bh_disable();
	if (!wdmdma_start_next_deferred(devobj, cancelable, key, bykey)) {
		irp = wdmdma_dequeue_next(devobj, cancelable, key, bykey, call);
		if (irp)
			wdmdma_startio_call(devobj, irp);
	}
	local_bh_enable();
}

/**
 * IoSetStartIoAttributes() - how the driver's StartIo is called
 * @DeviceObject: the device object
 * @DeferredStartIo: TRUE: while StartIo runs, a start of the next packet
 *	(IoStartNextPacket from StartIo itself or from a DPC) waits until
 *	StartIo returns, so StartIo is never re-entered
 * @NonCancelable: TRUE: an IRP loses its cancel routine when
 *	IoStartNextPacket() takes it off the queue
 *
 * Attributes only accumulate (a FALSE leaves one set earlier), as on
 * Windows.
 *
 * Context: any.
 */
void IoSetStartIoAttributes(PDEVICE_OBJECT DeviceObject, BOOLEAN DeferredStartIo,
			    BOOLEAN NonCancelable)
{
	PKDEVICE_QUEUE q;
	unsigned long flags;

	if (unlikely(!DeviceObject)) {
		wdmdma_report(NULL, "IoSetStartIoAttributes", "NULL DeviceObject");
		return;
	}
	q = wdmdma_devq(DeviceObject);
	spin_lock_irqsave(wdmdma_spin(&q->Lock), flags);
	if (DeferredStartIo)
		wdmdma_devobj(DeviceObject)->startio |= WDMDMA_STARTIO_DEFERRED;
	if (NonCancelable)
		wdmdma_devobj(DeviceObject)->startio |= WDMDMA_STARTIO_NONCANCELABLE;
	spin_unlock_irqrestore(wdmdma_spin(&q->Lock), flags);
}
EXPORT_SYMBOL_GPL(IoSetStartIoAttributes);

/**
 * IoStartNextPacket() - the current IRP is done: start the next queued one
 * @DeviceObject: the device object
 * @Cancelable: TRUE when the driver passes a CancelFunction to
 *	IoStartPacket(): the queue and CurrentIrp then change under the
 *	cancel spin lock
 *
 * CurrentIrp becomes NULL, or the oldest queued IRP (lowest key first),
 * which is passed to DriverStartIo; with none queued the device is idle.
 * A dequeued IRP keeps its cancel routine: StartIo clears it
 * (IoSetCancelRoutine) under the cancel spin lock, or its cancel routine
 * finds it as CurrentIrp.
 *
 * Context: DISPATCH_LEVEL (a DPC, StartIo); lower is tolerated.
 */
void IoStartNextPacket(PDEVICE_OBJECT DeviceObject, BOOLEAN Cancelable)
{
	wdmdma_start_next(DeviceObject, Cancelable, 0, false, "IoStartNextPacket");
}
EXPORT_SYMBOL_GPL(IoStartNextPacket);

/**
 * IoStartNextPacketByKey() - start the next queued IRP chosen by key
 * @DeviceObject: the device object
 * @Cancelable: as for IoStartNextPacket()
 * @Key: the first queued IRP whose key is greater or equal is started; the
 *	head of the queue when there is none
 *
 * As IoStartNextPacket() otherwise.
 *
 * Context: DISPATCH_LEVEL; lower is tolerated.
 */
void IoStartNextPacketByKey(PDEVICE_OBJECT DeviceObject, BOOLEAN Cancelable, ULONG Key)
{
	wdmdma_start_next(DeviceObject, Cancelable, Key, true, "IoStartNextPacketByKey");
}
EXPORT_SYMBOL_GPL(IoStartNextPacketByKey);

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
