// SPDX-License-Identifier: GPL-2.0
/*
 * IRPs one driver builds for another: IoBuildDeviceIoControlRequest(),
 * IoBuildSynchronousFsdRequest() and IoBuildAsynchronousFsdRequest().
 *
 * The buffers are described as the I/O manager describes a caller's:
 * for a control code by its method (METHOD_BUFFERED one system buffer for
 * input and output; METHOD_IN/OUT_DIRECT the input in a system buffer, the
 * output in a locked MDL; METHOD_NEITHER the caller's pointers), for a
 * read or write by the target's Flags (DO_BUFFERED_IO a system buffer,
 * DO_DIRECT_IO a locked MDL, neither the caller's pointer in UserBuffer).
 *
 * What the I/O manager does at the end lives in a record after the IRP's
 * stack locations.  A synchronous IRP (the control and synchronous Fsd
 * requests) is finished when its completion reaches the top:
 * IoCompleteRequest() calls wdmdma_irp_built_complete(), which copies
 * buffered output back (IoStatus.Information bytes at most), unlocks and
 * frees what was allocated, sets the IoStatusBlock and the event and frees
 * the IRP.  An asynchronous IRP is freed by the caller's completion routine
 * with IoFreeIrp(), which copies a buffered read back and frees what was
 * allocated; an MDL the routine already freed (and took out of
 * Irp->MdlAddress, as Microsoft's example does) is left alone.
 *
 * LOCKING: none; an IRP belongs to one driver at a time.
 */
#include <linux/minmax.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "../internal.h"
#include <wdm/file.h>

#define WDMDMA_BUILT_MAGIC	0x4275696c	/* "Buil" */
/*
 * IRP.AllocationFlags: wdmdma's, a record follows the stack locations
 * (0x80 is iomgr.c's WDMDMA_IRP_IN_FLIGHT)
 */
#define WDMDMA_IRP_BUILT	0x40

/**
 * struct wdmdma_built - what the I/O manager keeps of a built IRP
 * @magic: WDMDMA_BUILT_MAGIC
 * @sync: finished at completion (else freed by the caller)
 * @copy_to: where buffered output goes back, or NULL
 * @copy_len: at most this many bytes
 * @sysbuf: the system buffer allocated, or NULL
 * @mdl: the MDL built and locked, or NULL
 * @event: signalled at completion (synchronous), or NULL
 */
struct wdmdma_built {
	u32 magic;
	bool sync;
	void *copy_to;
	ULONG copy_len;
	void *sysbuf;
	PMDL mdl;
	PKEVENT event;
};

static struct wdmdma_built *wdmdma_built_of(PIRP irp)
{
	struct wdmdma_built *b;

	if (!(irp->AllocationFlags & WDMDMA_IRP_BUILT))
		return NULL;
	b = (void *)((u8 *)irp + ALIGN(irp->Size, 8));
	return b->magic == WDMDMA_BUILT_MAGIC ? b : NULL;
}

/* An IRP for @dev with a record; its next stack location gets @major. */
static PIRP wdmdma_built_alloc(PDEVICE_OBJECT dev, UCHAR major, bool sync, const char *call)
{
	struct wdmdma_built *b;
	USHORT size;
	PIRP irp;

	if (!dev || dev->Type != IO_TYPE_DEVICE || dev->StackSize < 1) {
		wdmdma_report(NULL, call, "%p is not a device object", dev);
		return NULL;
	}
	size = IoSizeOfIrp(dev->StackSize);
	irp = kmalloc(ALIGN(size, 8) + sizeof(*b), wdmdma_gfp());
	if (!irp)
		return NULL;
	IoInitializeIrp(irp, size, dev->StackSize);
	irp->AllocationFlags = IRP_ALLOCATED_FIXED_SIZE | WDMDMA_IRP_BUILT;
	irp->RequestorMode = KernelMode;
	b = (void *)((u8 *)irp + ALIGN(size, 8));
	memset(b, 0, sizeof(*b));
	b->magic = WDMDMA_BUILT_MAGIC;
	b->sync = sync;
	IoGetNextIrpStackLocation(irp)->MajorFunction = major;
	return irp;
}

/* A system buffer of @size bytes, the first @copy from @from. */
static bool wdmdma_built_sysbuf(PIRP irp, struct wdmdma_built *b, ULONG size,
				const void *from, ULONG copy)
{
	b->sysbuf = kzalloc(size, wdmdma_gfp());
	if (!b->sysbuf)
		return false;
	if (copy && from)
		memcpy(b->sysbuf, from, copy);
	irp->AssociatedIrp.SystemBuffer = b->sysbuf;
	irp->Flags |= IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER;
	return true;
}

/* A locked MDL over @len bytes at @va, for the device to @op them. */
static bool wdmdma_built_mdl(PIRP irp, struct wdmdma_built *b, PVOID va, ULONG len,
			     LOCK_OPERATION op)
{
	b->mdl = IoAllocateMdl(va, len, FALSE, FALSE, NULL);
	if (!b->mdl)
		return false;
	MmProbeAndLockPages(b->mdl, KernelMode, op);
	if (!(b->mdl->MdlFlags & MDL_PAGES_LOCKED)) {
		IoFreeMdl(b->mdl);
		b->mdl = NULL;
		return false;
	}
	irp->MdlAddress = b->mdl;
	return true;
}

/* Copy buffered output back and free what @b holds. */
static void wdmdma_built_release(PIRP irp, struct wdmdma_built *b)
{
	ULONG n;

	if (b->sysbuf && b->copy_to && NT_SUCCESS(irp->IoStatus.Status)) {
		n = min_t(ULONG_PTR, irp->IoStatus.Information, b->copy_len);
		memcpy(b->copy_to, b->sysbuf, n);
	}
	if (b->mdl && irp->MdlAddress == b->mdl) {
		MmUnlockPages(b->mdl);
		IoFreeMdl(b->mdl);
		irp->MdlAddress = NULL;
	}
	kfree(b->sysbuf);
	b->sysbuf = NULL;
	b->mdl = NULL;
	b->copy_to = NULL;
}

/* Undo a build that failed part way. */
static PIRP wdmdma_built_fail(PIRP irp)
{
	struct wdmdma_built *b = wdmdma_built_of(irp);

	b->copy_to = NULL;
	wdmdma_built_release(irp, b);
	IoFreeIrp(irp);
	return NULL;
}

/**
 * wdmdma_irp_built_complete() - the I/O manager's end of a synchronous
 *	built IRP, once its completion has reached the top
 * @irp: the IRP
 *
 * Return: true when @irp was such an IRP (now freed).
 */
bool wdmdma_irp_built_complete(PIRP irp)
{
	struct wdmdma_built *b = wdmdma_built_of(irp);
	PKEVENT event;

	if (!b || !b->sync)
		return false;
	wdmdma_built_release(irp, b);
	event = b->event;
	IoFreeIrp(irp);
	if (event)
		KeSetEvent(event, IO_NO_INCREMENT, FALSE);
	return true;
}

/**
 * wdmdma_irp_built_free() - IoFreeIrp() of a built IRP: copy a buffered
 *	read back and free what the build allocated
 * @irp: the IRP
 */
void wdmdma_irp_built_free(PIRP irp)
{
	struct wdmdma_built *b = wdmdma_built_of(irp);

	if (!b)
		return;
	wdmdma_built_release(irp, b);
	b->magic = 0;
}

/**
 * IoBuildDeviceIoControlRequest() - an IRP_MJ_(INTERNAL_)DEVICE_CONTROL
 *	request for another driver
 * @IoControlCode: the control code; its method says how the buffers go
 * @DeviceObject: the target (the next-lower device, or the top of a stack
 *	IoGetDeviceObjectPointer() returned)
 * @InputBuffer: the input, or NULL
 * @InputBufferLength: its bytes
 * @OutputBuffer: the output, or NULL
 * @OutputBufferLength: its bytes
 * @InternalDeviceIoControl: IRP_MJ_INTERNAL_DEVICE_CONTROL when TRUE
 * @Event: set when the request completes, or NULL
 * @IoStatusBlock: gets the final status and Information
 *
 * Send the IRP with IoCallDriver(); the I/O manager frees it when it
 * completes (the caller must not), after copying METHOD_BUFFERED output
 * back and setting @IoStatusBlock and @Event.
 *
 * Context: PASSIVE_LEVEL (MDLs are built over kernel buffers).
 * Return: the IRP, or NULL when out of memory or on misuse (reported).
 */
PIRP IoBuildDeviceIoControlRequest(ULONG IoControlCode, PDEVICE_OBJECT DeviceObject,
				   PVOID InputBuffer, ULONG InputBufferLength,
				   PVOID OutputBuffer, ULONG OutputBufferLength,
				   BOOLEAN InternalDeviceIoControl, PKEVENT Event,
				   PIO_STATUS_BLOCK IoStatusBlock)
{
	ULONG method = IoControlCode & 3, size;
	struct wdmdma_built *b;
	PIO_STACK_LOCATION sl;
	PIRP irp;

	if (!IoStatusBlock || (InputBufferLength && !InputBuffer) ||
	    (OutputBufferLength && !OutputBuffer)) {
		wdmdma_report(NULL, "IoBuildDeviceIoControlRequest",
			      "NULL IoStatusBlock, or a NULL buffer with a length");
		return NULL;
	}
	irp = wdmdma_built_alloc(DeviceObject, InternalDeviceIoControl ?
				 IRP_MJ_INTERNAL_DEVICE_CONTROL : IRP_MJ_DEVICE_CONTROL, true,
				 "IoBuildDeviceIoControlRequest");
	if (!irp)
		return NULL;
	b = wdmdma_built_of(irp);
	b->event = Event;
	irp->UserIosb = IoStatusBlock;
	irp->UserEvent = Event;
	irp->UserBuffer = OutputBuffer;
	irp->Flags |= IRP_SYNCHRONOUS_API;
	sl = IoGetNextIrpStackLocation(irp);
	sl->Parameters.DeviceIoControl.IoControlCode = IoControlCode;
	sl->Parameters.DeviceIoControl.InputBufferLength = InputBufferLength;
	sl->Parameters.DeviceIoControl.OutputBufferLength = OutputBufferLength;
	if (method == METHOD_NEITHER) {
		sl->Parameters.DeviceIoControl.Type3InputBuffer = InputBuffer;
		return irp;
	}
	size = method == METHOD_BUFFERED ? max(InputBufferLength, OutputBufferLength) :
		InputBufferLength;
	if (size && !wdmdma_built_sysbuf(irp, b, size, InputBuffer, InputBufferLength))
		return wdmdma_built_fail(irp);
	if (method == METHOD_BUFFERED) {
		if (OutputBufferLength) {
			b->copy_to = OutputBuffer;
			b->copy_len = OutputBufferLength;
			irp->Flags |= IRP_INPUT_OPERATION;
		}
		return irp;
	}
	if (OutputBufferLength &&
	    !wdmdma_built_mdl(irp, b, OutputBuffer, OutputBufferLength,
			      method == METHOD_IN_DIRECT ? IoReadAccess : IoWriteAccess))
		return wdmdma_built_fail(irp);
	return irp;
}
EXPORT_SYMBOL_GPL(IoBuildDeviceIoControlRequest);

static PIRP wdmdma_build_fsd(ULONG major, PDEVICE_OBJECT dev, PVOID buf, ULONG len,
			     PLARGE_INTEGER offset, bool sync, const char *call)
{
	bool reading = major == IRP_MJ_READ;
	struct wdmdma_built *b;
	PIO_STACK_LOCATION sl;
	PIRP irp;

	if (major != IRP_MJ_READ && major != IRP_MJ_WRITE && major != IRP_MJ_FLUSH_BUFFERS &&
	    major != IRP_MJ_SHUTDOWN && major != IRP_MJ_PNP && major != IRP_MJ_POWER) {
		wdmdma_report(NULL, call, "MajorFunction %#x is not one it builds", major);
		return NULL;
	}
	if ((major == IRP_MJ_READ || major == IRP_MJ_WRITE) && len && !buf) {
		wdmdma_report(NULL, call, "NULL Buffer with Length %u", len);
		return NULL;
	}
	irp = wdmdma_built_alloc(dev, major, sync, call);
	if (!irp)
		return NULL;
	b = wdmdma_built_of(irp);
	sl = IoGetNextIrpStackLocation(irp);
	if (major == IRP_MJ_PNP) {
		/* as the PnP manager sends them: not handled until a driver says */
		irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
		return irp;
	}
	if (major != IRP_MJ_READ && major != IRP_MJ_WRITE)
		return irp;
	irp->UserBuffer = buf;
	sl->Parameters.Read.Length = len;
	sl->Parameters.Read.ByteOffset.QuadPart = offset ? offset->QuadPart : 0;
	if (!len)
		return irp;
	if (dev->Flags & DO_BUFFERED_IO) {
		if (!wdmdma_built_sysbuf(irp, b, len, reading ? NULL : buf, reading ? 0 : len))
			return wdmdma_built_fail(irp);
		if (reading) {
			b->copy_to = buf;
			b->copy_len = len;
			irp->Flags |= IRP_INPUT_OPERATION;
		}
	} else if (dev->Flags & DO_DIRECT_IO) {
		if (!wdmdma_built_mdl(irp, b, buf, len, reading ? IoWriteAccess : IoReadAccess))
			return wdmdma_built_fail(irp);
	}
	return irp;
}

/**
 * IoBuildSynchronousFsdRequest() - a read, write, flush, shutdown or PnP
 *	request for another driver, finished by the I/O manager
 * @MajorFunction: IRP_MJ_READ, _WRITE, _FLUSH_BUFFERS, _SHUTDOWN, _PNP or
 *	_POWER
 * @DeviceObject: the target; its DO_BUFFERED_IO or DO_DIRECT_IO says how
 *	@Buffer goes (a system buffer, a locked MDL; else UserBuffer)
 * @Buffer: the data (read and write), or NULL
 * @Length: its bytes
 * @StartingOffset: the ByteOffset, or NULL for 0
 * @Event: set when the request completes
 * @IoStatusBlock: gets the final status and Information
 *
 * Send it with IoCallDriver(); the I/O manager frees it at completion (a
 * buffered read copied back first).
 *
 * Context: PASSIVE_LEVEL.
 * Return: the IRP, or NULL when out of memory or on misuse (reported).
 */
PIRP IoBuildSynchronousFsdRequest(ULONG MajorFunction, PDEVICE_OBJECT DeviceObject,
				  PVOID Buffer, ULONG Length, PLARGE_INTEGER StartingOffset,
				  PKEVENT Event, PIO_STATUS_BLOCK IoStatusBlock)
{
	PIRP irp;

	if (!Event || !IoStatusBlock) {
		wdmdma_report(NULL, "IoBuildSynchronousFsdRequest", "NULL Event or IoStatusBlock");
		return NULL;
	}
	irp = wdmdma_build_fsd(MajorFunction, DeviceObject, Buffer, Length, StartingOffset, true,
			       "IoBuildSynchronousFsdRequest");
	if (!irp)
		return NULL;
	wdmdma_built_of(irp)->event = Event;
	irp->UserIosb = IoStatusBlock;
	irp->UserEvent = Event;
	irp->Flags |= IRP_SYNCHRONOUS_API;
	return irp;
}
EXPORT_SYMBOL_GPL(IoBuildSynchronousFsdRequest);

/**
 * IoBuildAsynchronousFsdRequest() - a read, write, flush, shutdown or PnP
 *	request for another driver, freed by the caller
 * @MajorFunction: as IoBuildSynchronousFsdRequest()'s
 * @DeviceObject: the target
 * @Buffer: the data, or NULL
 * @Length: its bytes
 * @StartingOffset: the ByteOffset, or NULL for 0
 * @IoStatusBlock: gets the final status, or NULL
 *
 * The caller sets a completion routine that calls IoFreeIrp() (and returns
 * STATUS_MORE_PROCESSING_REQUIRED); IoFreeIrp() copies a buffered read back
 * and frees the system buffer and an MDL still in Irp->MdlAddress.
 *
 * Context: at or below DISPATCH_LEVEL; PASSIVE_LEVEL for a DO_DIRECT_IO
 * target (the buffer's pages are locked).
 * Return: the IRP, or NULL when out of memory or on misuse (reported).
 */
PIRP IoBuildAsynchronousFsdRequest(ULONG MajorFunction, PDEVICE_OBJECT DeviceObject,
				   PVOID Buffer, ULONG Length, PLARGE_INTEGER StartingOffset,
				   PIO_STATUS_BLOCK IoStatusBlock)
{
	PIRP irp;

	irp = wdmdma_build_fsd(MajorFunction, DeviceObject, Buffer, Length, StartingOffset, false,
			       "IoBuildAsynchronousFsdRequest");
	if (irp)
		irp->UserIosb = IoStatusBlock;
	return irp;
}
EXPORT_SYMBOL_GPL(IoBuildAsynchronousFsdRequest);
