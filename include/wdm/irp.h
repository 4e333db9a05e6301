/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The I/O request packet and its stack locations, the StartIo device queue
 * and the device object's DPC request: the half of the WDK's I/O manager
 * surface that moves requests.  Included by <wdm/io.h>.
 */
#ifndef _WDM_IRP_H_
#define _WDM_IRP_H_

#include <wdm/io.h>
#include <wdm/power.h>

/* I/O request packet; its stack locations follow it in memory */
typedef struct DECLSPEC_ALIGN(MEMORY_ALLOCATION_ALIGNMENT) _IRP {
	CSHORT Type;
	USHORT Size;
	PMDL MdlAddress;
	ULONG Flags;
	union {
		struct _IRP *MasterIrp;
		__volatile LONG IrpCount;
		PVOID SystemBuffer;
	} AssociatedIrp;
	LIST_ENTRY ThreadListEntry;
	IO_STATUS_BLOCK IoStatus;
	KPROCESSOR_MODE RequestorMode;
	BOOLEAN PendingReturned;
	CHAR StackCount;
	CHAR CurrentLocation;
	BOOLEAN Cancel;
	KIRQL CancelIrql;
	CCHAR ApcEnvironment;
	UCHAR AllocationFlags;
	PIO_STATUS_BLOCK UserIosb;
	PKEVENT UserEvent;
	union {
		struct {
			union {
				PIO_APC_ROUTINE UserApcRoutine;
				PVOID IssuingProcess;
			};
			PVOID UserApcContext;
		} AsynchronousParameters;
		LARGE_INTEGER AllocationSize;
	} Overlay;
	__volatile PDRIVER_CANCEL CancelRoutine;
	PVOID UserBuffer;
	union {
		struct {
			union {
				KDEVICE_QUEUE_ENTRY DeviceQueueEntry;
				struct {
					PVOID DriverContext[4];
				};
			};
			PETHREAD Thread;
			PCHAR AuxiliaryBuffer;
			struct {
				LIST_ENTRY ListEntry;
				union {
					struct _IO_STACK_LOCATION *CurrentStackLocation;
					ULONG PacketType;
				};
			};
			PFILE_OBJECT OriginalFileObject;
		} Overlay;
		KAPC Apc;
		PVOID CompletionKey;
	} Tail;
} IRP, *PIRP;

/* IRP.AllocationFlags */
#define IRP_QUOTA_CHARGED		0x01
#define IRP_ALLOCATED_MUST_SUCCEED	0x02
#define IRP_ALLOCATED_FIXED_SIZE	0x04
#define IRP_LOOKASIDE_ALLOCATION	0x08

typedef enum _DEVICE_RELATION_TYPE {
	BusRelations,
	EjectionRelations,
	PowerRelations,
	RemovalRelations,
	TargetDeviceRelation,
	SingleBusRelations,
	TransportRelations
} DEVICE_RELATION_TYPE, *PDEVICE_RELATION_TYPE;

/* IRP_MN_QUERY_ID: which identifier (Parameters.QueryId.IdType) */
typedef enum {
	BusQueryDeviceID = 0,
	BusQueryHardwareIDs = 1,
	BusQueryCompatibleIDs = 2,
	BusQueryInstanceID = 3,
	BusQueryDeviceSerialNumber = 4,
	BusQueryContainerID = 5
} BUS_QUERY_ID_TYPE, *PBUS_QUERY_ID_TYPE;

/* IRP_MN_QUERY_DEVICE_TEXT: which text (Parameters.QueryDeviceText) */
typedef enum {
	DeviceTextDescription = 0,
	DeviceTextLocationInformation = 1
} DEVICE_TEXT_TYPE, *PDEVICE_TEXT_TYPE;

typedef ULONG LCID;

struct _GUID;
struct _INTERFACE;
struct _DEVICE_CAPABILITIES;

/* One stack location per driver in the device stack the IRP visits */
typedef struct _IO_STACK_LOCATION {
	UCHAR MajorFunction;
	UCHAR MinorFunction;
	UCHAR Flags;
	UCHAR Control;
	union {
		struct {
			PIO_SECURITY_CONTEXT SecurityContext;
			ULONG Options;
			USHORT POINTER_ALIGNMENT FileAttributes;
			USHORT ShareAccess;
			ULONG POINTER_ALIGNMENT EaLength;
		} Create;
		struct {
			ULONG Length;
			ULONG POINTER_ALIGNMENT Key;
#ifdef CONFIG_64BIT
			ULONG Flags;
#endif
			LARGE_INTEGER ByteOffset;
		} Read;
		struct {
			ULONG Length;
			ULONG POINTER_ALIGNMENT Key;
#ifdef CONFIG_64BIT
			ULONG Flags;
#endif
			LARGE_INTEGER ByteOffset;
		} Write;
		struct {
			ULONG OutputBufferLength;
			ULONG POINTER_ALIGNMENT InputBufferLength;
			ULONG POINTER_ALIGNMENT IoControlCode;
			PVOID Type3InputBuffer;
		} DeviceIoControl;
		struct {
			DEVICE_RELATION_TYPE Type;
		} QueryDeviceRelations;
		struct {
			const struct _GUID *InterfaceType;
			USHORT Size;
			USHORT Version;
			struct _INTERFACE *Interface;
			PVOID InterfaceSpecificData;
		} QueryInterface;
		struct {
			struct _DEVICE_CAPABILITIES *Capabilities;
		} DeviceCapabilities;
		struct {
			ULONG WhichSpace;
			PVOID Buffer;
			ULONG Offset;
			ULONG POINTER_ALIGNMENT Length;
		} ReadWriteConfig;
		struct {
			BUS_QUERY_ID_TYPE IdType;
		} QueryId;
		struct {
			DEVICE_TEXT_TYPE DeviceTextType;
			LCID POINTER_ALIGNMENT LocaleId;
		} QueryDeviceText;
		struct {
			PCM_RESOURCE_LIST AllocatedResources;
			PCM_RESOURCE_LIST AllocatedResourcesTranslated;
		} StartDevice;
		struct {
			SYSTEM_POWER_STATE PowerState;
		} WaitWake;
		struct {
			PPOWER_SEQUENCE PowerSequence;
		} PowerSequence;
		struct {
			union {
				ULONG SystemContext;
				SYSTEM_POWER_STATE_CONTEXT SystemPowerStateContext;
			};
			POWER_STATE_TYPE POINTER_ALIGNMENT Type;
			POWER_STATE POINTER_ALIGNMENT State;
			POWER_ACTION POINTER_ALIGNMENT ShutdownType;
		} Power;
		struct {
			ULONG_PTR ProviderId;
			PVOID DataPath;
			ULONG BufferSize;
			PVOID Buffer;
		} WMI;
		struct {
			PVOID Argument1;
			PVOID Argument2;
			PVOID Argument3;
			PVOID Argument4;
		} Others;
	} Parameters;
	PDEVICE_OBJECT DeviceObject;
	PFILE_OBJECT FileObject;
	PIO_COMPLETION_ROUTINE CompletionRoutine;
	PVOID Context;
} IO_STACK_LOCATION, *PIO_STACK_LOCATION;

/* Bytes needed for an IRP with StackSize stack locations */
#define IoSizeOfIrp(StackSize) \
	((USHORT)(sizeof(IRP) + (StackSize) * sizeof(IO_STACK_LOCATION)))

/**
 * IoGetCurrentIrpStackLocation() - the caller's stack location in an IRP
 * @Irp: the IRP
 */
static inline PIO_STACK_LOCATION
IoGetCurrentIrpStackLocation(_In_ PIRP Irp)
{
	return Irp->Tail.Overlay.CurrentStackLocation;
}

/**
 * IoGetNextIrpStackLocation() - the stack location of the next-lower driver
 * @Irp: the IRP
 */
static inline PIO_STACK_LOCATION
IoGetNextIrpStackLocation(_In_ PIRP Irp)
{
	return Irp->Tail.Overlay.CurrentStackLocation - 1;
}

/**
 * IoSkipCurrentIrpStackLocation() - pass the caller's stack location on
 * unchanged to the next-lower driver
 * @Irp: the IRP
 */
static inline VOID
IoSkipCurrentIrpStackLocation(_Inout_ PIRP Irp)
{
	Irp->CurrentLocation++;
	Irp->Tail.Overlay.CurrentStackLocation++;
}

/**
 * IoCopyCurrentIrpStackLocationToNext() - copy the caller's parameters to
 * the next-lower driver's stack location, without the completion routine
 * @Irp: the IRP
 */
static inline VOID
IoCopyCurrentIrpStackLocationToNext(_Inout_ PIRP Irp)
{
	PIO_STACK_LOCATION cur = IoGetCurrentIrpStackLocation(Irp);
	PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(Irp);

	memcpy(next, cur, offsetof(IO_STACK_LOCATION, CompletionRoutine));
	next->Control = 0;
}

/**
 * IoMarkIrpPending() - note that the caller returns STATUS_PENDING for @Irp
 * @Irp: the IRP
 */
static inline VOID
IoMarkIrpPending(_Inout_ PIRP Irp)
{
	IoGetCurrentIrpStackLocation(Irp)->Control |= SL_PENDING_RETURNED;
}

/**
 * IoSetCompletionRoutine() - register a routine to run when the next-lower
 * driver completes @Irp
 * @Irp: the IRP
 * @CompletionRoutine: the routine
 * @Context: passed to @CompletionRoutine
 * @InvokeOnSuccess: call it when the IRP succeeds
 * @InvokeOnError: call it when the IRP fails
 * @InvokeOnCancel: call it when the IRP is cancelled
 */
static inline VOID
IoSetCompletionRoutine(_In_ PIRP Irp,
		       _In_opt_ PIO_COMPLETION_ROUTINE CompletionRoutine,
		       _In_opt_ PVOID Context,
		       _In_ BOOLEAN InvokeOnSuccess,
		       _In_ BOOLEAN InvokeOnError,
		       _In_ BOOLEAN InvokeOnCancel)
{
	PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(Irp);

	next->CompletionRoutine = CompletionRoutine;
	next->Context = Context;
	next->Control = 0;
	if (InvokeOnSuccess)
		next->Control |= SL_INVOKE_ON_SUCCESS;
	if (InvokeOnError)
		next->Control |= SL_INVOKE_ON_ERROR;
	if (InvokeOnCancel)
		next->Control |= SL_INVOKE_ON_CANCEL;
}

/**
 * IoSetNextIrpStackLocation() - make the next-lower stack location current
 * @Irp: the IRP
 */
static inline VOID
IoSetNextIrpStackLocation(_Inout_ PIRP Irp)
{
	Irp->CurrentLocation--;
	Irp->Tail.Overlay.CurrentStackLocation--;
}

/**
 * IoSetCancelRoutine() - set or clear the routine IoCancelIrp() calls
 * @Irp: the IRP
 * @CancelRoutine: the driver's DRIVER_CANCEL routine, or NULL to make the
 *	IRP not cancelable
 *
 * An interlocked exchange of Irp->CancelRoutine, as in the WDK: a driver
 * that gets NULL back when clearing it knows IoCancelIrp() has taken the
 * routine and is calling (or has called) it.
 *
 * Return: the routine that was set before, or NULL.
 */
static inline PDRIVER_CANCEL
IoSetCancelRoutine(_Inout_ PIRP Irp, _In_opt_ PDRIVER_CANCEL CancelRoutine)
{
	return __atomic_exchange_n((PDRIVER_CANCEL *)&Irp->CancelRoutine, CancelRoutine,
				   __ATOMIC_SEQ_CST);
}

/* IRPs (wdmdma/rt/iomgr.c) */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
PIRP
IoAllocateIrp(_In_ CCHAR StackSize, _In_ BOOLEAN ChargeQuota);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
IoFreeIrp(_In_ __drv_freesMem(Mem) PIRP Irp);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
IoInitializeIrp(_Inout_ PIRP Irp, _In_ USHORT PacketSize, _In_ CCHAR StackSize);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
IoCompleteRequest(_In_ PIRP Irp, _In_ CCHAR PriorityBoost);

/* The StartIo device queue (wdmdma/rt/iomgr.c) */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
IoStartPacket(_In_ PDEVICE_OBJECT DeviceObject,
	      _In_ PIRP Irp,
	      _In_opt_ PULONG Key,
	      _In_opt_ PDRIVER_CANCEL CancelFunction);

_IRQL_requires_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
IoStartNextPacket(_In_ PDEVICE_OBJECT DeviceObject, _In_ BOOLEAN Cancelable);

_IRQL_requires_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
IoStartNextPacketByKey(_In_ PDEVICE_OBJECT DeviceObject,
		       _In_ BOOLEAN Cancelable,
		       _In_ ULONG Key);

_IRQL_requires_max_(HIGH_LEVEL)
NTKERNELAPI
VOID
IoSetStartIoAttributes(_In_ PDEVICE_OBJECT DeviceObject,
		       _In_ BOOLEAN DeferredStartIo,
		       _In_ BOOLEAN NonCancelable);

/* Cancellation (wdmdma/rt/iomgr.c) */
_IRQL_requires_max_(DISPATCH_LEVEL)
_IRQL_raises_(DISPATCH_LEVEL)
_Acquires_lock_(_Global_cancel_spin_lock_)
NTKERNELAPI
VOID
IoAcquireCancelSpinLock(_Out_ _IRQL_saves_ PKIRQL Irql);

_IRQL_requires_(DISPATCH_LEVEL)
_Releases_lock_(_Global_cancel_spin_lock_)
NTKERNELAPI
VOID
IoReleaseCancelSpinLock(_In_ _IRQL_restores_ _IRQL_uses_cancel_ KIRQL Irql);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
BOOLEAN
IoCancelIrp(_In_ PIRP Irp);

/* The device object's DPC (wdmdma/rt/iomgr.c) */
_IRQL_requires_(PASSIVE_LEVEL)
NTKERNELAPI
VOID
IoInitializeDpcRequest(_In_ PDEVICE_OBJECT DeviceObject,
		       _In_ PIO_DPC_ROUTINE DpcRoutine);

_IRQL_requires_max_(HIGH_LEVEL)
NTKERNELAPI
VOID
IoRequestDpc(_Inout_ PDEVICE_OBJECT DeviceObject,
	     _In_opt_ PIRP Irp,
	     _In_opt_ PVOID Context);

#ifdef CONFIG_X86_64
WDM_STATIC_ASSERT(offsetof(IRP, MdlAddress) == 0x08);
WDM_STATIC_ASSERT(offsetof(IRP, AssociatedIrp) == 0x18);
WDM_STATIC_ASSERT(offsetof(IRP, IoStatus) == 0x30);
WDM_STATIC_ASSERT(offsetof(IRP, RequestorMode) == 0x40);
WDM_STATIC_ASSERT(offsetof(IRP, UserIosb) == 0x48);
WDM_STATIC_ASSERT(offsetof(IRP, CancelRoutine) == 0x68);
WDM_STATIC_ASSERT(offsetof(IRP, UserBuffer) == 0x70);
WDM_STATIC_ASSERT(offsetof(IRP, Tail) == 0x78);
WDM_STATIC_ASSERT(offsetof(IRP, Tail.Overlay.Thread) == 0x98);
WDM_STATIC_ASSERT(offsetof(IRP, Tail.Overlay.CurrentStackLocation) == 0xb8);
WDM_STATIC_ASSERT(offsetof(IRP, Tail.Overlay.OriginalFileObject) == 0xc0);
WDM_STATIC_ASSERT(sizeof(IRP) == 0xd0);
WDM_STATIC_ASSERT(offsetof(IO_STACK_LOCATION, Parameters) == 0x08);
WDM_STATIC_ASSERT(offsetof(IO_STACK_LOCATION, Parameters.Read.Key) == 0x10);
WDM_STATIC_ASSERT(offsetof(IO_STACK_LOCATION, Parameters.Read.ByteOffset) == 0x18);
WDM_STATIC_ASSERT(offsetof(IO_STACK_LOCATION,
			   Parameters.DeviceIoControl.IoControlCode) == 0x18);
WDM_STATIC_ASSERT(offsetof(IO_STACK_LOCATION,
			   Parameters.DeviceIoControl.Type3InputBuffer) == 0x20);
WDM_STATIC_ASSERT(offsetof(IO_STACK_LOCATION, Parameters.QueryInterface.Size) == 0x10);
WDM_STATIC_ASSERT(offsetof(IO_STACK_LOCATION, Parameters.QueryInterface.Version) == 0x12);
WDM_STATIC_ASSERT(offsetof(IO_STACK_LOCATION, Parameters.QueryInterface.Interface) == 0x18);
WDM_STATIC_ASSERT(offsetof(IO_STACK_LOCATION,
			   Parameters.QueryInterface.InterfaceSpecificData) == 0x20);
WDM_STATIC_ASSERT(offsetof(IO_STACK_LOCATION, Parameters.ReadWriteConfig.Buffer) == 0x10);
WDM_STATIC_ASSERT(offsetof(IO_STACK_LOCATION, Parameters.ReadWriteConfig.Offset) == 0x18);
WDM_STATIC_ASSERT(offsetof(IO_STACK_LOCATION, Parameters.ReadWriteConfig.Length) == 0x20);
WDM_STATIC_ASSERT(offsetof(IO_STACK_LOCATION, Parameters.QueryDeviceText.LocaleId) == 0x10);
WDM_STATIC_ASSERT(offsetof(IO_STACK_LOCATION, Parameters.Power.SystemContext) == 0x08);
WDM_STATIC_ASSERT(offsetof(IO_STACK_LOCATION, Parameters.Power.Type) == 0x10);
WDM_STATIC_ASSERT(offsetof(IO_STACK_LOCATION, Parameters.Power.State) == 0x18);
WDM_STATIC_ASSERT(offsetof(IO_STACK_LOCATION, Parameters.Power.ShutdownType) == 0x20);
WDM_STATIC_ASSERT(offsetof(IO_STACK_LOCATION, Parameters.WaitWake.PowerState) == 0x08);
WDM_STATIC_ASSERT(offsetof(IO_STACK_LOCATION, DeviceObject) == 0x28);
WDM_STATIC_ASSERT(offsetof(IO_STACK_LOCATION, CompletionRoutine) == 0x38);
WDM_STATIC_ASSERT(sizeof(IO_STACK_LOCATION) == 0x48);
#endif

#endif /* _WDM_IRP_H_ */
