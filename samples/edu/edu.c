// SPDX-License-Identifier: GPL-2.0
/*
 * edu.c - a WDM driver for QEMU's "edu" PCI device, written the way Windows
 * bus-master drivers are written, against <wdm.h> alone.  It builds for
 * Windows with the WDK and for Linux against wdmdma unchanged; the Linux
 * side of the port is edu_linux.c.
 *
 * wdmdma-lint: windows-source (Windows names and style are kept)
 *
 * The device: BAR 0 holds its registers and a 4 KiB buffer the device can
 * DMA to and from host memory, one operation at a time, raising an
 * interrupt when done.  ReadFile/WriteFile at an offset move bytes between
 * the caller's buffer and the device buffer at that offset.
 *
 * The classic shape:
 *   AddDevice     creates the FDO, attaches it over the PDO (DO_DIRECT_IO)
 *   START_DEVICE  maps the registers, IoGetDmaAdapter (28-bit addresses),
 *                 IoConnectInterruptEx (message-based: the device's MSI when
 *                 the INF's MSISupported got it one, else its line)
 *   Read/Write    validated, then IoStartPacket (cancelable while queued)
 *   StartIo       AllocateAdapterChannel (packet path) or
 *                 GetScatterGatherList (scatter/gather path)
 *   AdapterControl  MapTransfer, program the device,
 *                 DeallocateObjectKeepRegisters
 *   ISR           acknowledges the interrupt, IoRequestDpc (the message
 *                 ISR and the line-based fallback alike)
 *   DPC           FlushAdapterBuffers, next piece or FreeMapRegisters /
 *                 PutScatterGatherList, IoStartNextPacket, IoCompleteRequest
 *   REMOVE_DEVICE fails what is queued, waits for what is in flight
 *                 (remove lock), disconnects, PutDmaAdapter, deletes the FDO
 *
 * What a production driver adds around it:
 *   DriverEntry   reads its setting (DmaPath) from its Parameters key
 *   AddDevice     registers with WMI (IoWMIRegistrationControl); a
 *                 WMILIB_CONTEXT exposes the statistics block, every
 *                 IRP_MJ_SYSTEM_CONTROL goes through WmiSystemControl
 *   START_DEVICE  names the device for applications: the symbolic link
 *                 \DosDevices\edu_wdm to \Device\EduWdm0 (Win32's
 *                 \\.\edu_wdm; /dev/edu_wdm with wdmdma)
 *   REMOVE_DEVICE deletes the link, deregisters from WMI
 *   POWER         the power policy owner: a system IRP goes down, then
 *                 PoRequestPowerIrp asks for the device state it maps to
 *                 (S0: D0, else D3) and completes the system IRP when that
 *                 is done.  D3: StartIo holds new requests, the transfer on
 *                 the device finishes, the registers are saved, then down.
 *                 D0: down first, the completion routine restores them and
 *                 restarts the held request.
 */
#include <wdm.h>
#include <ntstrsafe.h>
#include <wmilib.h>

#include "edu.h"
#include <initguid.h>		/* edu_ioctl.h's GUID is defined here */
#include "edu_ioctl.h"

/* 'wudE', spelled as a number: sparse rejects multi-character constants */
#define EDU_POOL_TAG		0x77756445

/* Registers (BAR 0) */
#define EDU_REG_IDENTIFICATION	0x00	/* 0xRRrr00ed */
#define EDU_REG_LIVENESS	0x04	/* reads back the inverse of what was written */
#define EDU_REG_INTERRUPT_STATUS 0x24
#define EDU_REG_INTERRUPT_ACK	0x64
#define EDU_REG_DMA_SOURCE	0x80
#define EDU_REG_DMA_DESTINATION	0x88
#define EDU_REG_DMA_COUNT	0x90
#define EDU_REG_DMA_COMMAND	0x98
#define EDU_REGISTERS_LENGTH	0x100

#define EDU_DMA_START		0x1
#define EDU_DMA_TO_RAM		0x2
#define EDU_DMA_INTERRUPT	0x4
#define EDU_INTERRUPT_DMA	0x100

/* Where the device buffer is, as the device's DMA engine addresses it */
#define EDU_BUFFER_DEVICE_ADDRESS 0x40000

/* The device's DMA engine drives 28 address bits */
#define EDU_DMA_ADDRESS_WIDTH	28

/* The driver's setting, from its registry key (DriverEntry) */
static ULONG EduDmaPath = EDU_DMA_PATH_ALTERNATE;
/* DriverEntry's RegistryPath, kept for WMI's registration */
static UNICODE_STRING EduRegistryPath;
/*
 * The device numbers in use (bit N: \Device\EduWdmN), so a device found
 * again gets the number, and the link, it had
 */
static LONG EduDeviceNumbers;
#define EDU_MAX_DEVICES		32

/* The lowest free device number, taken; EDU_MAX_DEVICES when none is */
static ULONG EduTakeNumber(VOID)
{
	ULONG number;
	LONG bit;

	for (number = 0; number < EDU_MAX_DEVICES; number++) {
		bit = (LONG)(1UL << number);
		if (!(InterlockedOr(&EduDeviceNumbers, bit) & bit))
			return number;
	}
	return EDU_MAX_DEVICES;
}

/* The WMI data block: EDU_WMI_STATISTICS, one instance per device */
static WMIGUIDREGINFO EduWmiGuids[] = {
	{ &EDU_WMI_STATISTICS_GUID, 1, 0 },
};

typedef struct _EDU_EXTENSION {
	PDEVICE_OBJECT DeviceObject;
	PDEVICE_OBJECT LowerDevice;
	PDEVICE_OBJECT Pdo;
	IO_REMOVE_LOCK RemoveLock;

	BOOLEAN Started;
	BOOLEAN Removing;		/* set at SURPRISE_REMOVAL / REMOVE_DEVICE */
	PUCHAR Registers;
	SIZE_T RegistersLength;
	PKINTERRUPT Interrupt;		/* line-based (the fallback) */
	PIO_INTERRUPT_MESSAGE_INFO InterruptMessageTable; /* message-based */
	ULONG InterruptVersion;		/* what IoConnectInterruptEx connected */
	PDMA_ADAPTER DmaAdapter;
	ULONG MapRegisters;
	ULONG NextPath;			/* alternating: the path of the next IRP */

	/* The request in progress: one at a time (StartIo), owned by StartIo/DPC */
	PIRP Irp;
	ULONG Path;
	BOOLEAN WriteToDevice;
	ULONG DeviceOffset;		/* of the next piece, in the device buffer */
	ULONG Remaining;		/* bytes not yet moved */
	ULONG Transferred;		/* bytes moved */
	PUCHAR CurrentVa;		/* of the next piece, in the MDL's address range */
	ULONG PieceLength;		/* bytes of the piece in flight */
	PVOID MapRegisterBase;		/* packet path */
	ULONG MapRegistersNeeded;
	PSCATTER_GATHER_LIST ScatterGather; /* scatter/gather path */
	ULONG Element;
	ULONG PieceOverrun;		/* test hook: bytes past the mapping, this piece */

	/*
	 * Power: PowerLock guards HoldQueue, HeldIrp and InFlight, and the
	 * clearing and setting of TransferIdle with them.  The rest belongs
	 * to the power IRP in progress (one at a time in a stack).
	 */
	KSPIN_LOCK PowerLock;
	BOOLEAN HoldQueue;		/* D3 or on its way: StartIo holds requests */
	BOOLEAN InFlight;		/* a transfer is on the device */
	PIRP HeldIrp;			/* the request StartIo held, current, not cancelable */
	KEVENT TransferIdle;		/* signalled while no transfer is on the device */
	DEVICE_POWER_STATE DevicePower;
	SYSTEM_POWER_STATE SystemPower;
	ULONG SavedLiveness;		/* the liveness register, saved at D3 */

	KSPIN_LOCK StatisticsLock;	/* guards Statistics and TestOverrun */
	ULONG TestOverrun;		/* test hook armed: bytes, for the next read */
	EDU_STATISTICS Statistics;

	WMILIB_CONTEXT WmiLib;		/* the WMI data block */
	BOOLEAN WmiRegistered;
	UNICODE_STRING LinkName;	/* \DosDevices\edu_wdm[N], while started */
	WCHAR LinkBuffer[32];
	WCHAR NameBuffer[32];		/* \Device\EduWdmN */
	ULONG Number;			/* N */
} EDU_EXTENSION, *PEDU_EXTENSION;

/*
 * Per-open state, in the FILE_OBJECT's FsContext from IRP_MJ_CREATE to
 * IRP_MJ_CLOSE.  Statistics is guarded by the device's StatisticsLock.
 */
typedef struct _EDU_FILE_CONTEXT {
	EDU_HANDLE_STATISTICS Statistics;	/* this handle's transfers */
	BOOLEAN CleanedUp;			/* IRP_MJ_CLEANUP came */
} EDU_FILE_CONTEXT, *PEDU_FILE_CONTEXT;

/* The per-open state of the file an IRP came through, or NULL */
static PEDU_FILE_CONTEXT EduFileContext(PIRP Irp)
{
	PFILE_OBJECT file = IoGetCurrentIrpStackLocation(Irp)->FileObject;

	return file ? file->FsContext : NULL;
}

DRIVER_ADD_DEVICE EduAddDevice;
DRIVER_UNLOAD EduUnload;
DRIVER_STARTIO EduStartIo;
DRIVER_DISPATCH EduCreate;
DRIVER_DISPATCH EduCleanup;
DRIVER_DISPATCH EduClose;
DRIVER_DISPATCH EduReadWrite;
DRIVER_DISPATCH EduDeviceControl;
DRIVER_DISPATCH EduPnp;
DRIVER_DISPATCH EduSystemControl;
WMI_QUERY_REGINFO_CALLBACK EduQueryWmiRegInfo;
WMI_QUERY_DATABLOCK_CALLBACK EduQueryWmiDataBlock;
DRIVER_DISPATCH EduPower;
IO_COMPLETION_ROUTINE EduSystemPowerCompletion;
IO_COMPLETION_ROUTINE EduDevicePowerUpCompletion;
REQUEST_POWER_COMPLETE EduDevicePowerDone;
DRIVER_CANCEL EduCancel;
DRIVER_CONTROL EduAdapterControl;
DRIVER_LIST_CONTROL EduListControl;
KSERVICE_ROUTINE EduInterruptService;
KMESSAGE_SERVICE_ROUTINE EduInterruptMessageService;
IO_DPC_ROUTINE EduDpc;
IO_COMPLETION_ROUTINE EduSignalCompletion;

static VOID EduCompleteRequest(PEDU_EXTENSION Extension, PIRP Irp, NTSTATUS Status,
			       ULONG_PTR Information)
{
	PEDU_FILE_CONTEXT context = EduFileContext(Irp);
	KIRQL oldIrql;

	KeAcquireSpinLock(&Extension->StatisticsLock, &oldIrql);
	if (NT_SUCCESS(Status)) {
		Extension->Statistics.Requests++;
		Extension->Statistics.Bytes += Information;
		if (context) {
			context->Statistics.Requests++;
			context->Statistics.Bytes += Information;
		}
	} else if (Status == STATUS_CANCELLED || Status == STATUS_DELETE_PENDING) {
		Extension->Statistics.Cancelled++;
	} else {
		Extension->Statistics.Failed++;
	}
	KeReleaseSpinLock(&Extension->StatisticsLock, oldIrql);

	Irp->IoStatus.Status = Status;
	Irp->IoStatus.Information = Information;
	IoCompleteRequest(Irp, IO_NO_INCREMENT);
	IoReleaseRemoveLock(&Extension->RemoveLock, Irp);
}

static VOID EduWriteRegister(PEDU_EXTENSION Extension, ULONG Offset, ULONG Value)
{
	WRITE_REGISTER_ULONG((PULONG)(Extension->Registers + Offset), Value);
}

static ULONG EduReadRegister(PEDU_EXTENSION Extension, ULONG Offset)
{
	return READ_REGISTER_ULONG((PULONG)(Extension->Registers + Offset));
}

/* The RAM address behind CurrentVa of the request's MDL */
static ULONGLONG EduPhysicalAddress(PMDL Mdl, PUCHAR Va)
{
	ULONG_PTR page = ((ULONG_PTR)Va - (ULONG_PTR)MmGetMdlBaseVa(Mdl)) >> PAGE_SHIFT;

	return ((ULONGLONG)MmGetMdlPfnArray(Mdl)[page] << PAGE_SHIFT) + BYTE_OFFSET(Va);
}

/* Program one DMA operation: Length bytes between LogicalAddress and the device buffer. */
static VOID EduProgramDevice(PEDU_EXTENSION Extension, PHYSICAL_ADDRESS LogicalAddress,
			     ULONG Length)
{
	ULONGLONG ram = EduPhysicalAddress(Extension->Irp->MdlAddress, Extension->CurrentVa);
	ULONGLONG device = EDU_BUFFER_DEVICE_ADDRESS + Extension->DeviceOffset;
	ULONGLONG logical = (ULONGLONG)LogicalAddress.QuadPart;
	ULONG count = Length, overrun = Extension->PieceOverrun;

	Extension->PieceLength = Length;

	/*
	 * Test hook (IOCTL_EDU_TEST_OVERRUN): the device moves more than was
	 * mapped, but never to the end of its own buffer.
	 */
	Extension->PieceOverrun = 0;
	if (overrun > EDU_BUFFER_SIZE - 1 - Extension->DeviceOffset - Length)
		overrun = EDU_BUFFER_SIZE - 1 - Extension->DeviceOffset - Length;
	count += overrun;

	KeAcquireSpinLockAtDpcLevel(&Extension->StatisticsLock);
	if (overrun) {
		Extension->Statistics.TestOverruns++;
		Extension->Statistics.TestOverrunBytes += overrun;
	}
	Extension->Statistics.DeviceTransfers++;
	if (logical != ram)
		Extension->Statistics.Remapped++;
	if (ram + Length > (1ULL << EDU_DMA_ADDRESS_WIDTH))
		Extension->Statistics.AboveLimit++;
	KeReleaseSpinLockFromDpcLevel(&Extension->StatisticsLock);

	WRITE_REGISTER_ULONG64((PULONG64)(Extension->Registers + EDU_REG_DMA_SOURCE),
			       Extension->WriteToDevice ? logical : device);
	WRITE_REGISTER_ULONG64((PULONG64)(Extension->Registers + EDU_REG_DMA_DESTINATION),
			       Extension->WriteToDevice ? device : logical);
	EduWriteRegister(Extension, EDU_REG_DMA_COUNT, count);
	EduWriteRegister(Extension, EDU_REG_DMA_COMMAND,
			 EDU_DMA_START | EDU_DMA_INTERRUPT |
			 (Extension->WriteToDevice ? 0 : EDU_DMA_TO_RAM));
}

/* Packet path: map the next piece of the transfer and start it. */
static VOID EduMapNextPiece(PEDU_EXTENSION Extension)
{
	PDMA_OPERATIONS ops = Extension->DmaAdapter->DmaOperations;
	PHYSICAL_ADDRESS logical;
	ULONG length = Extension->Remaining;

	logical = ops->MapTransfer(Extension->DmaAdapter, Extension->Irp->MdlAddress,
				   Extension->MapRegisterBase, Extension->CurrentVa,
				   &length, Extension->WriteToDevice);
	EduProgramDevice(Extension, logical, length);
}

/*
 * AdapterControl: the channel and MapRegistersNeeded map registers are the
 * driver's.  Runs at DISPATCH_LEVEL.
 */
_Use_decl_annotations_
IO_ALLOCATION_ACTION EduAdapterControl(PDEVICE_OBJECT DeviceObject, PIRP Irp,
				       PVOID MapRegisterBase, PVOID Context)
{
	PEDU_EXTENSION extension = Context;

	UNREFERENCED_PARAMETER(DeviceObject);
	UNREFERENCED_PARAMETER(Irp);

	extension->MapRegisterBase = MapRegisterBase;
	EduMapNextPiece(extension);
	/* keep the map registers until the DPC is done; free the channel now */
	return DeallocateObjectKeepRegisters;
}

/* Scatter/gather path: the list is built; start its first element. */
_Use_decl_annotations_
VOID EduListControl(PDEVICE_OBJECT DeviceObject, PIRP Irp,
		    PSCATTER_GATHER_LIST ScatterGather, PVOID Context)
{
	PEDU_EXTENSION extension = Context;

	UNREFERENCED_PARAMETER(DeviceObject);
	UNREFERENCED_PARAMETER(Irp);

	extension->ScatterGather = ScatterGather;
	extension->Element = 0;
	EduProgramDevice(extension, ScatterGather->Elements[0].Address,
			 ScatterGather->Elements[0].Length);
}

/*
 * Power: may a transfer start on the device?  Not while it goes to or is
 * in D3: the request is held (as the current one) until D0 restarts it.
 * Called at DISPATCH_LEVEL.
 */
static BOOLEAN EduPowerBeginTransfer(PEDU_EXTENSION Extension, PIRP Irp)
{
	BOOLEAN start;

	KeAcquireSpinLockAtDpcLevel(&Extension->PowerLock);
	start = !Extension->HoldQueue;
	if (start) {
		Extension->InFlight = TRUE;
		KeClearEvent(&Extension->TransferIdle);
	} else {
		Extension->HeldIrp = Irp;
	}
	KeReleaseSpinLockFromDpcLevel(&Extension->PowerLock);
	return start;
}

/* Power: the transfer on the device is over (completed or failed to start). */
static VOID EduPowerEndTransfer(PEDU_EXTENSION Extension)
{
	KeAcquireSpinLockAtDpcLevel(&Extension->PowerLock);
	Extension->InFlight = FALSE;
	KeSetEvent(&Extension->TransferIdle, IO_NO_INCREMENT, FALSE);
	KeReleaseSpinLockFromDpcLevel(&Extension->PowerLock);
}

/* StartIo failed to start the request: complete it, start the next one. */
static VOID EduFailStart(PEDU_EXTENSION Extension, PIRP Irp, NTSTATUS Status)
{
	Extension->Irp = NULL;
	EduPowerEndTransfer(Extension);
	IoStartNextPacket(Extension->DeviceObject, TRUE);
	EduCompleteRequest(Extension, Irp, Status, 0);
}

static VOID EduStartTransfer(PDEVICE_OBJECT DeviceObject, PIRP Irp);

_Use_decl_annotations_
VOID EduStartIo(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	PEDU_EXTENSION extension = DeviceObject->DeviceExtension;
	KIRQL oldIrql;

	/*
	 * Past this point the request is not cancelable: the device owns it.
	 * If it was cancelled since it was dequeued, EduCancel has made the
	 * next request current (it starts the next packet before completing
	 * this one), so compare before touching the IRP, which may be gone.
	 */
	IoAcquireCancelSpinLock(&oldIrql);
	if (Irp != DeviceObject->CurrentIrp || Irp->Cancel) {
		IoReleaseCancelSpinLock(oldIrql);
		return;
	}
	IoSetCancelRoutine(Irp, NULL);
	IoReleaseCancelSpinLock(oldIrql);

	if (extension->Removing) {
		EduFailStart(extension, Irp, STATUS_DELETE_PENDING);
		return;
	}
	/* its handle was cleaned up while it waited: cancelled, as CLEANUP asks */
	if (EduFileContext(Irp) && EduFileContext(Irp)->CleanedUp) {
		EduFailStart(extension, Irp, STATUS_CANCELLED);
		return;
	}
	EduStartTransfer(DeviceObject, Irp);
}

/* Start the current request on the device, or hold it while powered down. */
static VOID EduStartTransfer(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	PEDU_EXTENSION extension = DeviceObject->DeviceExtension;
	PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
	PDMA_OPERATIONS ops = extension->DmaAdapter->DmaOperations;
	NTSTATUS status;

	if (!EduPowerBeginTransfer(extension, Irp))
		return;		/* held until the device is back in D0 */

	extension->Irp = Irp;
	extension->WriteToDevice = stack->MajorFunction == IRP_MJ_WRITE;
	extension->DeviceOffset = (ULONG)stack->Parameters.Read.ByteOffset.QuadPart;
	extension->Remaining = stack->Parameters.Read.Length;
	extension->Transferred = 0;
	extension->CurrentVa = MmGetMdlVirtualAddress(Irp->MdlAddress);

	extension->Path = EduDmaPath;
	if (extension->Path == EDU_DMA_PATH_ALTERNATE) {
		extension->Path = extension->NextPath;
		extension->NextPath = extension->Path == EDU_DMA_PATH_PACKET ?
			EDU_DMA_PATH_SCATTER_GATHER : EDU_DMA_PATH_PACKET;
	}
	/* test hook: a read armed to overrun goes through MapTransfer */
	extension->PieceOverrun = 0;
	if (!extension->WriteToDevice) {
		KeAcquireSpinLockAtDpcLevel(&extension->StatisticsLock);
		if (extension->TestOverrun) {
			extension->PieceOverrun = extension->TestOverrun;
			extension->TestOverrun = 0;
			extension->Path = EDU_DMA_PATH_PACKET;
		}
		KeReleaseSpinLockFromDpcLevel(&extension->StatisticsLock);
	}

	if (extension->Path == EDU_DMA_PATH_SCATTER_GATHER) {
		status = ops->GetScatterGatherList(extension->DmaAdapter, DeviceObject,
						   Irp->MdlAddress, extension->CurrentVa,
						   extension->Remaining, EduListControl,
						   extension, extension->WriteToDevice);
	} else {
		extension->MapRegistersNeeded =
			ADDRESS_AND_SIZE_TO_SPAN_PAGES(extension->CurrentVa, extension->Remaining);
		if (extension->MapRegistersNeeded > extension->MapRegisters)
			extension->MapRegistersNeeded = extension->MapRegisters;
		status = ops->AllocateAdapterChannel(extension->DmaAdapter, DeviceObject,
						     extension->MapRegistersNeeded,
						     EduAdapterControl, extension);
	}
	if (!NT_SUCCESS(status))
		EduFailStart(extension, Irp, status);
}

/*
 * The device raised its interrupt.  Acknowledge it and leave the rest to
 * the DPC.  Runs at the device's IRQL.
 */
_Use_decl_annotations_
BOOLEAN EduInterruptService(PKINTERRUPT Interrupt, PVOID ServiceContext)
{
	PEDU_EXTENSION extension = ServiceContext;
	ULONG status;

	UNREFERENCED_PARAMETER(Interrupt);

	status = EduReadRegister(extension, EDU_REG_INTERRUPT_STATUS);
	if (!status)
		return FALSE;		/* not ours: the line may be shared */
	EduWriteRegister(extension, EDU_REG_INTERRUPT_ACK, status);
	if (status & EDU_INTERRUPT_DMA)
		IoRequestDpc(extension->DeviceObject, extension->DeviceObject->CurrentIrp,
			     extension);
	return TRUE;
}

/*
 * The device's message-signalled interrupt (it has one message): the same
 * work as on its line.  A message is never shared, but the status register
 * still says what happened.
 */
_Use_decl_annotations_
BOOLEAN EduInterruptMessageService(PKINTERRUPT Interrupt, PVOID ServiceContext, ULONG MessageId)
{
	UNREFERENCED_PARAMETER(MessageId);

	return EduInterruptService(Interrupt, ServiceContext);
}

/* One DMA operation finished: the next, or complete the request. */
_Use_decl_annotations_
VOID EduDpc(PKDPC Dpc, PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
	PEDU_EXTENSION extension = Context;
	PSCATTER_GATHER_LIST sgl = extension->ScatterGather;
	PIRP irp = extension->Irp;
	PDMA_OPERATIONS ops;
	ULONG transferred;

	UNREFERENCED_PARAMETER(Dpc);
	UNREFERENCED_PARAMETER(Irp);

	if (!irp)
		return;		/* no transfer in progress: a stray interrupt */
	ops = extension->DmaAdapter->DmaOperations;

	extension->CurrentVa += extension->PieceLength;
	extension->DeviceOffset += extension->PieceLength;
	extension->Remaining -= extension->PieceLength;
	extension->Transferred += extension->PieceLength;

	if (extension->Path == EDU_DMA_PATH_SCATTER_GATHER) {
		if (++extension->Element < sgl->NumberOfElements) {
			EduProgramDevice(extension, sgl->Elements[extension->Element].Address,
					 sgl->Elements[extension->Element].Length);
			return;
		}
		ops->PutScatterGatherList(extension->DmaAdapter, sgl, extension->WriteToDevice);
		extension->ScatterGather = NULL;
	} else {
		ops->FlushAdapterBuffers(extension->DmaAdapter, irp->MdlAddress,
					 extension->MapRegisterBase,
					 extension->CurrentVa - extension->PieceLength,
					 extension->PieceLength, extension->WriteToDevice);
		if (extension->Remaining) {
			EduMapNextPiece(extension);
			return;
		}
		ops->FreeMapRegisters(extension->DmaAdapter, extension->MapRegisterBase,
				      extension->MapRegistersNeeded);
		extension->MapRegisterBase = NULL;
	}

	KeAcquireSpinLockAtDpcLevel(&extension->StatisticsLock);
	if (extension->Path == EDU_DMA_PATH_SCATTER_GATHER)
		extension->Statistics.ScatterGatherRequests++;
	else
		extension->Statistics.PacketRequests++;
	KeReleaseSpinLockFromDpcLevel(&extension->StatisticsLock);

	transferred = extension->Transferred;
	extension->Irp = NULL;
	EduPowerEndTransfer(extension);
	IoStartNextPacket(DeviceObject, TRUE);
	EduCompleteRequest(extension, irp, STATUS_SUCCESS, transferred);
}

/*
 * A queued request is cancelled.  Called with the cancel spin lock held;
 * StartIo takes a request off the cancelable state before the device sees
 * it, so a request still current here has not reached the device.
 */
_Use_decl_annotations_
_Releases_lock_(_Global_cancel_spin_lock_)
VOID EduCancel(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	PEDU_EXTENSION extension = DeviceObject->DeviceExtension;

	if (Irp == DeviceObject->CurrentIrp) {
		IoReleaseCancelSpinLock(Irp->CancelIrql);
		IoStartNextPacket(DeviceObject, TRUE);
	} else {
		KeRemoveEntryDeviceQueue(&DeviceObject->DeviceQueue,
					 &Irp->Tail.Overlay.DeviceQueueEntry);
		IoReleaseCancelSpinLock(Irp->CancelIrql);
	}
	EduCompleteRequest(extension, Irp, STATUS_CANCELLED, 0);
}

_Use_decl_annotations_
NTSTATUS EduReadWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	PEDU_EXTENSION extension = DeviceObject->DeviceExtension;
	PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
	LONGLONG offset = stack->Parameters.Read.ByteOffset.QuadPart;
	ULONG length = stack->Parameters.Read.Length;
	NTSTATUS status;

	status = IoAcquireRemoveLock(&extension->RemoveLock, Irp);
	if (!NT_SUCCESS(status)) {
		Irp->IoStatus.Status = status;
		Irp->IoStatus.Information = 0;
		IoCompleteRequest(Irp, IO_NO_INCREMENT);
		return status;
	}
	if (!extension->Started || extension->Removing) {
		EduCompleteRequest(extension, Irp, STATUS_DEVICE_NOT_READY, 0);
		return STATUS_DEVICE_NOT_READY;
	}
	if (length == 0) {
		EduCompleteRequest(extension, Irp, STATUS_SUCCESS, 0);
		return STATUS_SUCCESS;
	}
	/* the device's DMA engine must not reach the end of its buffer */
	if (offset < 0 || offset >= EDU_BUFFER_SIZE ||
	    length >= EDU_BUFFER_SIZE - (ULONG)offset || !Irp->MdlAddress) {
		EduCompleteRequest(extension, Irp, STATUS_INVALID_PARAMETER, 0);
		return STATUS_INVALID_PARAMETER;
	}

	IoMarkIrpPending(Irp);
	IoStartPacket(DeviceObject, Irp, NULL, EduCancel);
	return STATUS_PENDING;
}

_Use_decl_annotations_
NTSTATUS EduDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	PEDU_EXTENSION extension = DeviceObject->DeviceExtension;
	PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
	ULONG_PTR information = 0;
	NTSTATUS status;
	ULONG overrun;
	KIRQL oldIrql;

	status = IoAcquireRemoveLock(&extension->RemoveLock, Irp);
	if (!NT_SUCCESS(status)) {
		Irp->IoStatus.Status = status;
		IoCompleteRequest(Irp, IO_NO_INCREMENT);
		return status;
	}
	switch (stack->Parameters.DeviceIoControl.IoControlCode) {
	case IOCTL_EDU_GET_STATISTICS:
		if (stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(EDU_STATISTICS)) {
			status = STATUS_BUFFER_TOO_SMALL;
			break;
		}
		KeAcquireSpinLock(&extension->StatisticsLock, &oldIrql);
		RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &extension->Statistics,
			      sizeof(EDU_STATISTICS));
		KeReleaseSpinLock(&extension->StatisticsLock, oldIrql);
		information = sizeof(EDU_STATISTICS);
		status = STATUS_SUCCESS;
		break;
	case IOCTL_EDU_GET_HANDLE_STATISTICS:
		if (stack->Parameters.DeviceIoControl.OutputBufferLength <
		    sizeof(EDU_HANDLE_STATISTICS) || !EduFileContext(Irp)) {
			status = STATUS_BUFFER_TOO_SMALL;
			break;
		}
		KeAcquireSpinLock(&extension->StatisticsLock, &oldIrql);
		RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &EduFileContext(Irp)->Statistics,
			      sizeof(EDU_HANDLE_STATISTICS));
		KeReleaseSpinLock(&extension->StatisticsLock, oldIrql);
		information = sizeof(EDU_HANDLE_STATISTICS);
		status = STATUS_SUCCESS;
		break;
	case IOCTL_EDU_TEST_OVERRUN:
		if (stack->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG)) {
			status = STATUS_BUFFER_TOO_SMALL;
			break;
		}
		overrun = *(PULONG)Irp->AssociatedIrp.SystemBuffer;
		if (overrun > EDU_TEST_OVERRUN_MAX) {
			status = STATUS_INVALID_PARAMETER;
			break;
		}
		KeAcquireSpinLock(&extension->StatisticsLock, &oldIrql);
		extension->TestOverrun = overrun;
		KeReleaseSpinLock(&extension->StatisticsLock, oldIrql);
		DbgPrint("edu: test hook: the next read overruns its mapping by %u bytes\n",
			 overrun);
		status = STATUS_SUCCESS;
		break;
	default:
		status = STATUS_INVALID_DEVICE_REQUEST;
		break;
	}
	Irp->IoStatus.Status = status;
	Irp->IoStatus.Information = information;
	IoCompleteRequest(Irp, IO_NO_INCREMENT);
	IoReleaseRemoveLock(&extension->RemoveLock, Irp);
	return status;
}

static NTSTATUS EduCompleteSimple(PIRP Irp, NTSTATUS Status)
{
	Irp->IoStatus.Status = Status;
	Irp->IoStatus.Information = 0;
	IoCompleteRequest(Irp, IO_NO_INCREMENT);
	return Status;
}

/* A new handle: its own state in FsContext */
_Use_decl_annotations_
NTSTATUS EduCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	PFILE_OBJECT file = IoGetCurrentIrpStackLocation(Irp)->FileObject;
	PEDU_FILE_CONTEXT context;

	UNREFERENCED_PARAMETER(DeviceObject);

	if (!file)
		return EduCompleteSimple(Irp, STATUS_INVALID_PARAMETER);
	context = ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(EDU_FILE_CONTEXT), EDU_POOL_TAG);
	if (!context)
		return EduCompleteSimple(Irp, STATUS_INSUFFICIENT_RESOURCES);
	file->FsContext = context;
	return EduCompleteSimple(Irp, STATUS_SUCCESS);
}

/*
 * The handle's last user closed it: its requests still queued are
 * cancelled (StartIo fails them with STATUS_CANCELLED before the device
 * sees them); the one on the device finishes.
 */
_Use_decl_annotations_
NTSTATUS EduCleanup(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	PEDU_EXTENSION extension = DeviceObject->DeviceExtension;
	PEDU_FILE_CONTEXT context = EduFileContext(Irp);
	KIRQL oldIrql;

	if (context) {
		KeAcquireSpinLock(&extension->StatisticsLock, &oldIrql);
		context->CleanedUp = TRUE;
		KeReleaseSpinLock(&extension->StatisticsLock, oldIrql);
	}
	return EduCompleteSimple(Irp, STATUS_SUCCESS);
}

/* No request of the handle is left: its state goes */
_Use_decl_annotations_
NTSTATUS EduClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	PFILE_OBJECT file = IoGetCurrentIrpStackLocation(Irp)->FileObject;

	UNREFERENCED_PARAMETER(DeviceObject);

	if (file && file->FsContext) {
		ExFreePoolWithTag(file->FsContext, EDU_POOL_TAG);
		file->FsContext = NULL;
	}
	return EduCompleteSimple(Irp, STATUS_SUCCESS);
}

/* WMI: what the block is and where the driver's registry key is */
_Use_decl_annotations_
NTSTATUS EduQueryWmiRegInfo(PDEVICE_OBJECT DeviceObject, PULONG RegFlags,
			    PUNICODE_STRING InstanceName, PUNICODE_STRING *RegistryPath,
			    PUNICODE_STRING MofResourceName, PDEVICE_OBJECT *Pdo)
{
	PEDU_EXTENSION extension = DeviceObject->DeviceExtension;

	UNREFERENCED_PARAMETER(InstanceName);

	*RegFlags = WMIREG_FLAG_INSTANCE_PDO;
	*RegistryPath = &EduRegistryPath;
	RtlInitUnicodeString(MofResourceName, L"EduWmi");
	*Pdo = extension->Pdo;
	return STATUS_SUCCESS;
}

/* WMI: the statistics block (one instance) */
_Use_decl_annotations_
NTSTATUS EduQueryWmiDataBlock(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex,
			      ULONG InstanceIndex, ULONG InstanceCount,
			      PULONG InstanceLengthArray, ULONG BufferAvail, PUCHAR Buffer)
{
	PEDU_EXTENSION extension = DeviceObject->DeviceExtension;
	PEDU_WMI_STATISTICS block = (PEDU_WMI_STATISTICS)Buffer;
	KIRQL oldIrql;

	if (GuidIndex != 0 || InstanceIndex != 0 || InstanceCount != 1)
		return WmiCompleteRequest(DeviceObject, Irp, STATUS_WMI_INSTANCE_NOT_FOUND, 0,
					  IO_NO_INCREMENT);
	if (!InstanceLengthArray || BufferAvail < sizeof(EDU_WMI_STATISTICS))
		return WmiCompleteRequest(DeviceObject, Irp, STATUS_BUFFER_TOO_SMALL,
					  sizeof(EDU_WMI_STATISTICS), IO_NO_INCREMENT);
	KeAcquireSpinLock(&extension->StatisticsLock, &oldIrql);
	block->Transfers = extension->Statistics.Requests;
	block->Bytes = extension->Statistics.Bytes;
	block->Errors = extension->Statistics.Failed;
	KeReleaseSpinLock(&extension->StatisticsLock, oldIrql);
	InstanceLengthArray[0] = sizeof(EDU_WMI_STATISTICS);
	return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, sizeof(EDU_WMI_STATISTICS),
				  IO_NO_INCREMENT);
}

_Use_decl_annotations_
NTSTATUS EduSystemControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	PEDU_EXTENSION extension = DeviceObject->DeviceExtension;
	SYSCTL_IRP_DISPOSITION disposition;
	NTSTATUS status;

	status = IoAcquireRemoveLock(&extension->RemoveLock, Irp);
	if (!NT_SUCCESS(status))
		return EduCompleteSimple(Irp, status);
	status = WmiSystemControl(&extension->WmiLib, DeviceObject, Irp, &disposition);
	switch (disposition) {
	case IrpProcessed:
		break;
	case IrpNotCompleted:
		IoCompleteRequest(Irp, IO_NO_INCREMENT);
		break;
	default:	/* IrpForward, IrpNotWmi: the bus driver's */
		IoSkipCurrentIrpStackLocation(Irp);
		status = IoCallDriver(extension->LowerDevice, Irp);
		break;
	}
	IoReleaseRemoveLock(&extension->RemoveLock, Irp);
	return status;
}

/* The name applications open: \DosDevices\edu_wdm (the first device) */
static NTSTATUS EduCreateLink(PEDU_EXTENSION Extension, ULONG Number)
{
	UNICODE_STRING deviceName;
	NTSTATUS status;

	Extension->LinkName.Buffer = Extension->LinkBuffer;
	Extension->LinkName.Length = 0;
	Extension->LinkName.MaximumLength = sizeof(Extension->LinkBuffer);
	if (Number == 0)
		status = RtlUnicodeStringPrintf(&Extension->LinkName, L"\\DosDevices\\edu_wdm");
	else
		status = RtlUnicodeStringPrintf(&Extension->LinkName,
						L"\\DosDevices\\edu_wdm%lu", Number);
	if (!NT_SUCCESS(status))
		return status;
	RtlInitUnicodeString(&deviceName, Extension->NameBuffer);
	status = IoCreateSymbolicLink(&Extension->LinkName, &deviceName);
	if (!NT_SUCCESS(status))
		Extension->LinkName.Length = 0;
	return status;
}

static VOID EduDeleteLink(PEDU_EXTENSION Extension)
{
	if (!Extension->LinkName.Length)
		return;
	IoDeleteSymbolicLink(&Extension->LinkName);
	Extension->LinkName.Length = 0;
}

/*
 * START_DEVICE: find the registers, get the DMA adapter, connect the
 * interrupt: message-based, which falls back to the line when the PnP
 * manager gave the device no message (its INF did not say MSISupported).
 */
static NTSTATUS EduStartDevice(PEDU_EXTENSION Extension, PCM_RESOURCE_LIST Translated)
{
	PCM_PARTIAL_RESOURCE_DESCRIPTOR interrupt = NULL, resource;
	PHYSICAL_ADDRESS registers = { .QuadPart = 0 };
	IO_CONNECT_INTERRUPT_PARAMETERS connect;
	DEVICE_DESCRIPTION description;
	PVOID connection = NULL;
	ULONG i, identification;
	NTSTATUS status;

	if (!Translated || Translated->Count < 1)
		return STATUS_INSUFFICIENT_RESOURCES;
	for (i = 0; i < Translated->List[0].PartialResourceList.Count; i++) {
		resource = &Translated->List[0].PartialResourceList.PartialDescriptors[i];
		switch (resource->Type) {
		case CmResourceTypeMemory:
			if (!Extension->Registers &&
			    resource->u.Memory.Length >= EDU_REGISTERS_LENGTH) {
				registers = resource->u.Memory.Start;
				Extension->RegistersLength = resource->u.Memory.Length;
				Extension->Registers = MmMapIoSpace(registers,
								    Extension->RegistersLength,
								    MmNonCached);
			}
			break;
		case CmResourceTypeInterrupt:
			if (!interrupt)
				interrupt = resource;
			break;
		default:
			break;
		}
	}
	if (!Extension->Registers || !interrupt) {
		status = STATUS_INSUFFICIENT_RESOURCES;
		goto fail;
	}
	identification = EduReadRegister(Extension, EDU_REG_IDENTIFICATION);
	if ((identification & 0xff) != 0xed) {
		DbgPrint("edu: not an edu device (identification %08x)\n", identification);
		status = STATUS_DEVICE_CONFIGURATION_ERROR;
		goto fail;
	}

	RtlZeroMemory(&description, sizeof(description));
	description.Version = DEVICE_DESCRIPTION_VERSION3;
	description.Master = TRUE;
	description.ScatterGather = TRUE;
	description.InterfaceType = PCIBus;
	description.MaximumLength = EDU_BUFFER_SIZE;
	description.DmaAddressWidth = EDU_DMA_ADDRESS_WIDTH;
	Extension->DmaAdapter = IoGetDmaAdapter(Extension->Pdo, &description,
						&Extension->MapRegisters);
	if (!Extension->DmaAdapter) {
		status = STATUS_INSUFFICIENT_RESOURCES;
		goto fail;
	}
	Extension->Statistics.DmaAddressWidth = EDU_DMA_ADDRESS_WIDTH;
	Extension->Statistics.MapRegisters = Extension->MapRegisters;

	RtlZeroMemory(&connect, sizeof(connect));
	connect.Version = CONNECT_MESSAGE_BASED;
	connect.MessageBased.PhysicalDeviceObject = Extension->Pdo;
	connect.MessageBased.ConnectionContext.Generic = &connection;
	connect.MessageBased.MessageServiceRoutine = EduInterruptMessageService;
	connect.MessageBased.ServiceContext = Extension;
	connect.MessageBased.SynchronizeIrql = (KIRQL)interrupt->u.Interrupt.Level;
	connect.MessageBased.FallBackServiceRoutine = EduInterruptService;
	status = IoConnectInterruptEx(&connect);
	if (!NT_SUCCESS(status))
		goto fail;
	/* Version says which: the message table, or the fallback's object */
	Extension->InterruptVersion = connect.Version;
	if (connect.Version == CONNECT_LINE_BASED)
		Extension->Interrupt = connection;
	else
		Extension->InterruptMessageTable = connection;

	Extension->Started = TRUE;
	DbgPrint("edu: started, identification %08x, %u map registers, %u-bit DMA, %s interrupt\n",
		 identification, Extension->MapRegisters, EDU_DMA_ADDRESS_WIDTH,
		 Extension->InterruptMessageTable ? "message-signalled" : "line-based");
	return STATUS_SUCCESS;

fail:
	if (Extension->DmaAdapter) {
		Extension->DmaAdapter->DmaOperations->PutDmaAdapter(Extension->DmaAdapter);
		Extension->DmaAdapter = NULL;
	}
	if (Extension->Registers) {
		MmUnmapIoSpace(Extension->Registers, Extension->RegistersLength);
		Extension->Registers = NULL;
	}
	return status;
}

static VOID EduStopDevice(PEDU_EXTENSION Extension)
{
	IO_DISCONNECT_INTERRUPT_PARAMETERS disconnect;

	if (!Extension->Started)
		return;
	Extension->Started = FALSE;
	DbgPrint("edu: stopped after %llu requests (%llu bytes), %llu failed, %llu cancelled\n",
		 Extension->Statistics.Requests, Extension->Statistics.Bytes,
		 Extension->Statistics.Failed, Extension->Statistics.Cancelled);
	RtlZeroMemory(&disconnect, sizeof(disconnect));
	disconnect.Version = Extension->InterruptVersion;
	if (Extension->InterruptMessageTable)
		disconnect.ConnectionContext.InterruptMessageTable =
			Extension->InterruptMessageTable;
	else
		disconnect.ConnectionContext.InterruptObject = Extension->Interrupt;
	IoDisconnectInterruptEx(&disconnect);
	Extension->Interrupt = NULL;
	Extension->InterruptMessageTable = NULL;
	/* a DPC the last interrupt queued must not outlive the device */
	KeFlushQueuedDpcs();
	Extension->DmaAdapter->DmaOperations->PutDmaAdapter(Extension->DmaAdapter);
	Extension->DmaAdapter = NULL;
	MmUnmapIoSpace(Extension->Registers, Extension->RegistersLength);
	Extension->Registers = NULL;
}

_Use_decl_annotations_
NTSTATUS EduSignalCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
	UNREFERENCED_PARAMETER(DeviceObject);
	UNREFERENCED_PARAMETER(Irp);

	KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
	return STATUS_MORE_PROCESSING_REQUIRED;
}

/* Pass the IRP down and wait for the lower drivers to finish it. */
static NTSTATUS EduForwardAndWait(PEDU_EXTENSION Extension, PIRP Irp)
{
	KEVENT event;
	NTSTATUS status;

	KeInitializeEvent(&event, NotificationEvent, FALSE);
	IoCopyCurrentIrpStackLocationToNext(Irp);
	IoSetCompletionRoutine(Irp, EduSignalCompletion, &event, TRUE, TRUE, TRUE);
	status = IoCallDriver(Extension->LowerDevice, Irp);
	if (status == STATUS_PENDING) {
		KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
		status = Irp->IoStatus.Status;
	}
	return status;
}

_Use_decl_annotations_
NTSTATUS EduPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	PEDU_EXTENSION extension = DeviceObject->DeviceExtension;
	PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
	PCM_RESOURCE_LIST resources;
	NTSTATUS status;

	status = IoAcquireRemoveLock(&extension->RemoveLock, Irp);
	if (!NT_SUCCESS(status)) {
		Irp->IoStatus.Status = status;
		IoCompleteRequest(Irp, IO_NO_INCREMENT);
		return status;
	}

	switch (stack->MinorFunction) {
	case IRP_MN_START_DEVICE:
		/* the bus driver starts the device first */
		status = EduForwardAndWait(extension, Irp);
		resources = stack->Parameters.StartDevice.AllocatedResourcesTranslated;
		if (NT_SUCCESS(status))
			status = EduStartDevice(extension, resources);
		/* applications find the device by its link once it works */
		if (NT_SUCCESS(status) && !extension->LinkName.Length) {
			status = EduCreateLink(extension, extension->Number);
			if (!NT_SUCCESS(status))
				EduStopDevice(extension);
		}
		Irp->IoStatus.Status = status;
		IoCompleteRequest(Irp, IO_NO_INCREMENT);
		IoReleaseRemoveLock(&extension->RemoveLock, Irp);
		return status;

	case IRP_MN_SURPRISE_REMOVAL:
		extension->Removing = TRUE;
		EduDeleteLink(extension);
		Irp->IoStatus.Status = STATUS_SUCCESS;
		break;

	case IRP_MN_REMOVE_DEVICE:
		/*
		 * Queued requests are failed as StartIo meets them; the one on
		 * the device finishes.  Then nothing holds the lock but this IRP.
		 */
		extension->Removing = TRUE;
		EduDeleteLink(extension);
		IoReleaseRemoveLockAndWait(&extension->RemoveLock, Irp);
		if (extension->WmiRegistered)
			IoWMIRegistrationControl(DeviceObject, WMIREG_ACTION_DEREGISTER);
		EduStopDevice(extension);
		Irp->IoStatus.Status = STATUS_SUCCESS;
		IoSkipCurrentIrpStackLocation(Irp);
		status = IoCallDriver(extension->LowerDevice, Irp);
		IoDetachDevice(extension->LowerDevice);
		InterlockedAnd(&EduDeviceNumbers, ~(LONG)(1UL << extension->Number));
		IoDeleteDevice(DeviceObject);
		return status;

	case IRP_MN_QUERY_REMOVE_DEVICE:
	case IRP_MN_CANCEL_REMOVE_DEVICE:
		Irp->IoStatus.Status = STATUS_SUCCESS;
		break;

	default:
		break;
	}
	IoSkipCurrentIrpStackLocation(Irp);
	status = IoCallDriver(extension->LowerDevice, Irp);
	IoReleaseRemoveLock(&extension->RemoveLock, Irp);
	return status;
}

/* Power: what the device's extension starts with (a started device is in D0) */
static VOID EduInitializePower(PEDU_EXTENSION Extension)
{
	KeInitializeSpinLock(&Extension->PowerLock);
	KeInitializeEvent(&Extension->TransferIdle, NotificationEvent, TRUE);
	Extension->DevicePower = PowerDeviceD0;
	Extension->SystemPower = PowerSystemWorking;
}

/* The device power state the driver wants in a system state: D0 in S0, else D3 */
static DEVICE_POWER_STATE EduDeviceStateFor(SYSTEM_POWER_STATE System)
{
	return System == PowerSystemWorking ? PowerDeviceD0 : PowerDeviceD3;
}

/*
 * The device IRP this driver requested for a system IRP is done (its
 * PowerCompletion routine): the system IRP completes with its status.
 */
_Use_decl_annotations_
VOID EduDevicePowerDone(PDEVICE_OBJECT DeviceObject, UCHAR MinorFunction, POWER_STATE PowerState,
			PVOID Context, PIO_STATUS_BLOCK IoStatus)
{
	PIRP systemIrp = Context;
	PDEVICE_OBJECT fdo = IoGetCurrentIrpStackLocation(systemIrp)->DeviceObject;
	PEDU_EXTENSION extension = fdo->DeviceExtension;

	UNREFERENCED_PARAMETER(DeviceObject);
	UNREFERENCED_PARAMETER(MinorFunction);

	DbgPrint("edu: power: system S%u done (device D%u, status %08x)\n",
		 extension->SystemPower - 1, PowerState.DeviceState - 1, IoStatus->Status);
	systemIrp->IoStatus.Status = IoStatus->Status;
	PoStartNextPowerIrp(systemIrp);
	IoCompleteRequest(systemIrp, IO_NO_INCREMENT);
	IoReleaseRemoveLock(&extension->RemoveLock, systemIrp);
}

/*
 * A system set-power IRP is back from the bus driver: request the device
 * state it maps to; the system IRP completes when that is done.
 */
_Use_decl_annotations_
NTSTATUS EduSystemPowerCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
	PEDU_EXTENSION extension = DeviceObject->DeviceExtension;
	PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
	POWER_STATE state;
	NTSTATUS status;

	UNREFERENCED_PARAMETER(Context);

	status = Irp->IoStatus.Status;
	if (NT_SUCCESS(status)) {
		extension->SystemPower = stack->Parameters.Power.State.SystemState;
		state.DeviceState = EduDeviceStateFor(extension->SystemPower);
		status = PoRequestPowerIrp(extension->Pdo, IRP_MN_SET_POWER, state,
					   EduDevicePowerDone, Irp, NULL);
		if (status == STATUS_PENDING)
			return STATUS_MORE_PROCESSING_REQUIRED;
		Irp->IoStatus.Status = status;
	}
	PoStartNextPowerIrp(Irp);
	IoReleaseRemoveLock(&extension->RemoveLock, Irp);
	return STATUS_CONTINUE_COMPLETION;
}

/*
 * The bus driver has powered the device up (D0): restore the registers,
 * restart the request StartIo held.  May run at DISPATCH_LEVEL.
 */
_Use_decl_annotations_
NTSTATUS EduDevicePowerUpCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
	PEDU_EXTENSION extension = DeviceObject->DeviceExtension;
	BOOLEAN restored = TRUE;
	POWER_STATE state;
	KIRQL oldIrql;
	PIRP held;

	UNREFERENCED_PARAMETER(Context);

	if (NT_SUCCESS(Irp->IoStatus.Status)) {
		if (extension->Started) {
			EduWriteRegister(extension, EDU_REG_LIVENESS, ~extension->SavedLiveness);
			restored = EduReadRegister(extension, EDU_REG_LIVENESS) ==
				   extension->SavedLiveness;
		}
		extension->DevicePower = PowerDeviceD0;
		state.DeviceState = PowerDeviceD0;
		PoSetPowerState(DeviceObject, DevicePowerState, state);
		KeAcquireSpinLock(&extension->PowerLock, &oldIrql);
		extension->HoldQueue = FALSE;
		held = extension->HeldIrp;
		extension->HeldIrp = NULL;
		KeReleaseSpinLock(&extension->PowerLock, oldIrql);
		DbgPrint("edu: power: device D0: registers %s, queue restarted%s\n",
			 restored ? "restored" : "NOT restored",
			 held ? " with the request held" : "");
		if (held) {
			KeRaiseIrql(DISPATCH_LEVEL, &oldIrql);
			EduStartTransfer(DeviceObject, held);
			KeLowerIrql(oldIrql);
		}
	}
	PoStartNextPowerIrp(Irp);
	IoReleaseRemoveLock(&extension->RemoveLock, Irp);
	return STATUS_CONTINUE_COMPLETION;
}

/* Pass a power IRP down unchanged; the remove lock taken for it goes. */
static NTSTATUS EduPassPowerDown(PEDU_EXTENSION Extension, PIRP Irp)
{
	NTSTATUS status;

	PoStartNextPowerIrp(Irp);
	IoSkipCurrentIrpStackLocation(Irp);
	status = PoCallDriver(Extension->LowerDevice, Irp);
	IoReleaseRemoveLock(&Extension->RemoveLock, Irp);
	return status;
}

/* A device set-power IRP (this driver requested it for a system IRP). */
static NTSTATUS EduSetDevicePower(PEDU_EXTENSION Extension, PIRP Irp, DEVICE_POWER_STATE State)
{
	POWER_STATE state;
	BOOLEAN waited;
	KIRQL oldIrql;

	if (State == PowerDeviceD0 && Extension->DevicePower != PowerDeviceD0) {
		/* the bus driver powers the device first */
		IoMarkIrpPending(Irp);
		IoCopyCurrentIrpStackLocationToNext(Irp);
		IoSetCompletionRoutine(Irp, EduDevicePowerUpCompletion, NULL, TRUE, TRUE, TRUE);
		PoCallDriver(Extension->LowerDevice, Irp);
		return STATUS_PENDING;
	}
	if (State != PowerDeviceD0 && Extension->DevicePower == PowerDeviceD0) {
		/*
		 * No new transfer starts; the one on the device finishes.  Power
		 * IRPs come at PASSIVE_LEVEL (DO_POWER_PAGABLE), so this may wait.
		 */
		KeAcquireSpinLock(&Extension->PowerLock, &oldIrql);
		Extension->HoldQueue = TRUE;
		waited = Extension->InFlight;
		KeReleaseSpinLock(&Extension->PowerLock, oldIrql);
		KeWaitForSingleObject(&Extension->TransferIdle, Executive, KernelMode, FALSE, NULL);
		if (Extension->Started)
			Extension->SavedLiveness = EduReadRegister(Extension, EDU_REG_LIVENESS);
		Extension->DevicePower = State;
		state.DeviceState = State;
		PoSetPowerState(Extension->DeviceObject, DevicePowerState, state);
		DbgPrint("edu: power: device D%u: queue held, %s, registers saved\n",
			 State - 1, waited ? "the transfer on the device finished" :
			 "no transfer on the device");
	}
	return EduPassPowerDown(Extension, Irp);
}

/*
 * IRP_MJ_POWER.  The driver owns its stack's power policy: system IRPs go
 * down and come back with a device IRP requested; device IRPs change the
 * device's state.  Anything else (WAIT_WAKE...) passes down.
 */
_Use_decl_annotations_
NTSTATUS EduPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	PEDU_EXTENSION extension = DeviceObject->DeviceExtension;
	PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
	BOOLEAN set = stack->MinorFunction == IRP_MN_SET_POWER;
	NTSTATUS status;

	status = IoAcquireRemoveLock(&extension->RemoveLock, Irp);
	if (!NT_SUCCESS(status)) {
		PoStartNextPowerIrp(Irp);
		Irp->IoStatus.Status = status;
		IoCompleteRequest(Irp, IO_NO_INCREMENT);
		return status;
	}
	if (!set && stack->MinorFunction != IRP_MN_QUERY_POWER)
		return EduPassPowerDown(extension, Irp);
	if (stack->Parameters.Power.Type == DevicePowerState && set)
		return EduSetDevicePower(extension, Irp, stack->Parameters.Power.State.DeviceState);
	if (stack->Parameters.Power.Type == SystemPowerState)
		DbgPrint("edu: power: system S%u (%s)\n",
			 stack->Parameters.Power.State.SystemState - 1, set ? "set" : "query");
	if (stack->Parameters.Power.Type == SystemPowerState && set) {
		/* down first; the completion routine requests the device state */
		IoMarkIrpPending(Irp);
		IoCopyCurrentIrpStackLocationToNext(Irp);
		IoSetCompletionRoutine(Irp, EduSystemPowerCompletion, NULL, TRUE, TRUE, TRUE);
		PoCallDriver(extension->LowerDevice, Irp);
		return STATUS_PENDING;
	}
	/* a query: the device can go to any state asked of it */
	Irp->IoStatus.Status = STATUS_SUCCESS;
	return EduPassPowerDown(extension, Irp);
}

_Use_decl_annotations_
NTSTATUS EduAddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT PhysicalDeviceObject)
{
	WCHAR nameBuffer[32];
	UNICODE_STRING name;
	PDEVICE_OBJECT fdo;
	PEDU_EXTENSION extension;
	NTSTATUS status;
	ULONG number = EduTakeNumber();

	if (number == EDU_MAX_DEVICES)
		return STATUS_INSUFFICIENT_RESOURCES;
	status = RtlStringCbPrintfW(nameBuffer, sizeof(nameBuffer), L"\\Device\\EduWdm%lu",
				    number);
	if (NT_SUCCESS(status)) {
		RtlInitUnicodeString(&name, nameBuffer);
		status = IoCreateDevice(DriverObject, sizeof(EDU_EXTENSION), &name,
					FILE_DEVICE_UNKNOWN, 0, FALSE, &fdo);
	}
	if (!NT_SUCCESS(status)) {
		InterlockedAnd(&EduDeviceNumbers, ~(LONG)(1UL << number));
		return status;
	}
	extension = fdo->DeviceExtension;
	extension->DeviceObject = fdo;
	extension->Number = number;
	RtlCopyMemory(extension->NameBuffer, nameBuffer, sizeof(nameBuffer));
	extension->Pdo = PhysicalDeviceObject;
	extension->NextPath = EDU_DMA_PATH_PACKET;
	IoInitializeRemoveLock(&extension->RemoveLock, EDU_POOL_TAG, 0, 0);
	KeInitializeSpinLock(&extension->StatisticsLock);
	EduInitializePower(extension);
	IoInitializeDpcRequest(fdo, EduDpc);
	/* StartIo fails queued requests during removal: loop, do not recurse */
	IoSetStartIoAttributes(fdo, TRUE, FALSE);

	extension->LowerDevice = IoAttachDeviceToDeviceStack(fdo, PhysicalDeviceObject);
	if (!extension->LowerDevice) {
		IoDeleteDevice(fdo);
		InterlockedAnd(&EduDeviceNumbers, ~(LONG)(1UL << number));
		return STATUS_NO_SUCH_DEVICE;
	}
	fdo->Flags |= DO_DIRECT_IO | DO_POWER_PAGABLE;

	/* WMI: the statistics block, through the WMI library */
	extension->WmiLib.GuidCount = ARRAYSIZE(EduWmiGuids);
	extension->WmiLib.GuidList = EduWmiGuids;
	extension->WmiLib.QueryWmiRegInfo = EduQueryWmiRegInfo;
	extension->WmiLib.QueryWmiDataBlock = EduQueryWmiDataBlock;
	status = IoWMIRegistrationControl(fdo, WMIREG_ACTION_REGISTER);
	if (NT_SUCCESS(status))
		extension->WmiRegistered = TRUE;
	else
		DbgPrint("edu: WMI registration failed (%08x); going on without\n", status);

	fdo->Flags &= ~DO_DEVICE_INITIALIZING;
	return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID EduUnload(PDRIVER_OBJECT DriverObject)
{
	UNREFERENCED_PARAMETER(DriverObject);
	if (EduRegistryPath.Buffer)
		ExFreePoolWithTag(EduRegistryPath.Buffer, EDU_POOL_TAG);
	EduRegistryPath.Buffer = NULL;
	DbgPrint("edu: unloaded\n");
}

/* The setting under the service key: Parameters\DmaPath (REG_DWORD) */
static NTSTATUS EduReadSettings(PUNICODE_STRING RegistryPath)
{
	RTL_QUERY_REGISTRY_TABLE table[3];
	ULONG defaultPath = EDU_DMA_PATH_ALTERNATE, path = EDU_DMA_PATH_ALTERNATE;
	NTSTATUS status;

	RtlZeroMemory(table, sizeof(table));
	table[0].Flags = RTL_QUERY_REGISTRY_SUBKEY;
	table[0].Name = L"Parameters";
	table[1].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
	table[1].Name = L"DmaPath";
	table[1].EntryContext = &path;
	table[1].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
	table[1].DefaultData = &defaultPath;
	table[1].DefaultLength = sizeof(ULONG);
	status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
					RegistryPath->Buffer, table, NULL, NULL);
	if (!NT_SUCCESS(status)) {
		DbgPrint("edu: reading the settings failed (%08x); defaults\n", status);
		path = defaultPath;
	}
	if (path > EDU_DMA_PATH_SCATTER_GATHER) {
		DbgPrint("edu: DmaPath %u is not 0, 1 or 2; 0\n", path);
		path = defaultPath;
	}
	EduDmaPath = path;
	DbgPrint("edu: DmaPath %u\n", EduDmaPath);
	return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	/* kept for WMI, which asks for it after DriverEntry returns */
	EduRegistryPath.MaximumLength = RegistryPath->Length + sizeof(WCHAR);
	EduRegistryPath.Buffer = ExAllocatePool2(POOL_FLAG_PAGED, EduRegistryPath.MaximumLength,
						 EDU_POOL_TAG);
	if (!EduRegistryPath.Buffer)
		return STATUS_INSUFFICIENT_RESOURCES;
	RtlCopyUnicodeString(&EduRegistryPath, RegistryPath);
	EduReadSettings(&EduRegistryPath);

	DriverObject->MajorFunction[IRP_MJ_CREATE] = EduCreate;
	DriverObject->MajorFunction[IRP_MJ_CLEANUP] = EduCleanup;
	DriverObject->MajorFunction[IRP_MJ_CLOSE] = EduClose;
	DriverObject->MajorFunction[IRP_MJ_READ] = EduReadWrite;
	DriverObject->MajorFunction[IRP_MJ_WRITE] = EduReadWrite;
	DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = EduDeviceControl;
	DriverObject->MajorFunction[IRP_MJ_PNP] = EduPnp;
	DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = EduSystemControl;
	DriverObject->MajorFunction[IRP_MJ_POWER] = EduPower;
	DriverObject->DriverStartIo = EduStartIo;
	DriverObject->DriverUnload = EduUnload;
	DriverObject->DriverExtension->AddDevice = EduAddDevice;
	return STATUS_SUCCESS;
}
