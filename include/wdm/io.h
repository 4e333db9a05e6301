/* SPDX-License-Identifier: GPL-2.0 */
/*
 * io.h - I/O manager objects of the WDM surface: device and driver objects,
 * IRPs and their stack locations, the driver routine types
 *
 * DEVICE_OBJECT, DRIVER_OBJECT, IRP and IO_STACK_LOCATION keep the WDK's
 * field names and order, and Windows' offsets up to DEVICE_OBJECT.DeviceQueue
 * (its KSPIN_LOCK is a Linux spin lock, so the members after it move).
 * DEVICE_OBJECT carries one extra member after the WDK's last one, WdmdmaPrivate,
 * which belongs to the wdmdma runtime (opaque here: <wdmdma/devobj.h>).
 */
#ifndef _WDM_IO_H_
#define _WDM_IO_H_

#include <wdm/ntdef.h>
#include <wdm/ke.h>
#include <wdm/mdl.h>

struct _DEVICE_OBJECT;
struct _DRIVER_OBJECT;
struct _IRP;

/* Objects this header refers to only by pointer */
typedef struct _IO_TIMER *PIO_TIMER;
typedef struct _VPB *PVPB;
typedef struct _FILE_OBJECT *PFILE_OBJECT;
typedef struct _FAST_IO_DISPATCH *PFAST_IO_DISPATCH;
typedef struct _IO_SECURITY_CONTEXT *PIO_SECURITY_CONTEXT;
typedef struct _CM_RESOURCE_LIST *PCM_RESOURCE_LIST;
typedef PVOID PSECURITY_DESCRIPTOR;

typedef ULONG DEVICE_TYPE;

typedef VOID (NTAPI *PIO_APC_ROUTINE)(_In_ PVOID ApcContext,
				      _In_ PIO_STATUS_BLOCK IoStatusBlock,
				      _In_ ULONG Reserved);

#ifdef CONFIG_64BIT
#define POINTER_ALIGNMENT	DECLSPEC_ALIGN(8)
#else
#define POINTER_ALIGNMENT
#endif

/* Object types (the Type field of I/O manager objects) */
#define IO_TYPE_ADAPTER			0x00000001
#define IO_TYPE_CONTROLLER		0x00000002
#define IO_TYPE_DEVICE			0x00000003
#define IO_TYPE_DRIVER			0x00000004
#define IO_TYPE_FILE			0x00000005
#define IO_TYPE_IRP			0x00000006
#define IO_TYPE_MASTER_ADAPTER		0x00000007
#define IO_TYPE_OPEN_PACKET		0x00000008
#define IO_TYPE_TIMER			0x00000009
#define IO_TYPE_VPB			0x0000000a
#define IO_TYPE_ERROR_LOG		0x0000000b
#define IO_TYPE_ERROR_MESSAGE		0x0000000c
#define IO_TYPE_DEVICE_OBJECT_EXTENSION	0x0000000d

/* Major function codes */
#define IRP_MJ_CREATE			0x00
#define IRP_MJ_CREATE_NAMED_PIPE	0x01
#define IRP_MJ_CLOSE			0x02
#define IRP_MJ_READ			0x03
#define IRP_MJ_WRITE			0x04
#define IRP_MJ_QUERY_INFORMATION	0x05
#define IRP_MJ_SET_INFORMATION		0x06
#define IRP_MJ_QUERY_EA			0x07
#define IRP_MJ_SET_EA			0x08
#define IRP_MJ_FLUSH_BUFFERS		0x09
#define IRP_MJ_QUERY_VOLUME_INFORMATION	0x0a
#define IRP_MJ_SET_VOLUME_INFORMATION	0x0b
#define IRP_MJ_DIRECTORY_CONTROL	0x0c
#define IRP_MJ_FILE_SYSTEM_CONTROL	0x0d
#define IRP_MJ_DEVICE_CONTROL		0x0e
#define IRP_MJ_INTERNAL_DEVICE_CONTROL	0x0f
#define IRP_MJ_SHUTDOWN			0x10
#define IRP_MJ_LOCK_CONTROL		0x11
#define IRP_MJ_CLEANUP			0x12
#define IRP_MJ_CREATE_MAILSLOT		0x13
#define IRP_MJ_QUERY_SECURITY		0x14
#define IRP_MJ_SET_SECURITY		0x15
#define IRP_MJ_POWER			0x16
#define IRP_MJ_SYSTEM_CONTROL		0x17
#define IRP_MJ_DEVICE_CHANGE		0x18
#define IRP_MJ_QUERY_QUOTA		0x19
#define IRP_MJ_SET_QUOTA		0x1a
#define IRP_MJ_PNP			0x1b
#define IRP_MJ_PNP_POWER		IRP_MJ_PNP
#define IRP_MJ_MAXIMUM_FUNCTION		0x1b
#define IRP_MJ_SCSI			IRP_MJ_INTERNAL_DEVICE_CONTROL

/* Minor function codes of IRP_MJ_PNP */
#define IRP_MN_START_DEVICE			0x00
#define IRP_MN_QUERY_REMOVE_DEVICE		0x01
#define IRP_MN_REMOVE_DEVICE			0x02
#define IRP_MN_CANCEL_REMOVE_DEVICE		0x03
#define IRP_MN_STOP_DEVICE			0x04
#define IRP_MN_QUERY_STOP_DEVICE		0x05
#define IRP_MN_CANCEL_STOP_DEVICE		0x06
#define IRP_MN_QUERY_DEVICE_RELATIONS		0x07
#define IRP_MN_QUERY_INTERFACE			0x08
#define IRP_MN_QUERY_CAPABILITIES		0x09
#define IRP_MN_QUERY_RESOURCES			0x0a
#define IRP_MN_QUERY_RESOURCE_REQUIREMENTS	0x0b
#define IRP_MN_QUERY_DEVICE_TEXT		0x0c
#define IRP_MN_FILTER_RESOURCE_REQUIREMENTS	0x0d
#define IRP_MN_READ_CONFIG			0x0f
#define IRP_MN_WRITE_CONFIG			0x10
#define IRP_MN_EJECT				0x11
#define IRP_MN_SET_LOCK				0x12
#define IRP_MN_QUERY_ID				0x13
#define IRP_MN_QUERY_PNP_DEVICE_STATE		0x14
#define IRP_MN_QUERY_BUS_INFORMATION		0x15
#define IRP_MN_DEVICE_USAGE_NOTIFICATION	0x16
#define IRP_MN_SURPRISE_REMOVAL			0x17
#define IRP_MN_QUERY_LEGACY_BUS_INFORMATION	0x18
#define IRP_MN_DEVICE_ENUMERATED		0x19

/* Minor function codes of IRP_MJ_POWER */
#define IRP_MN_WAIT_WAKE			0x00
#define IRP_MN_POWER_SEQUENCE			0x01
#define IRP_MN_SET_POWER			0x02
#define IRP_MN_QUERY_POWER			0x03

/* Minor function codes of IRP_MJ_SYSTEM_CONTROL (WMI) */
#define IRP_MN_QUERY_ALL_DATA			0x00
#define IRP_MN_QUERY_SINGLE_INSTANCE		0x01
#define IRP_MN_CHANGE_SINGLE_INSTANCE		0x02
#define IRP_MN_CHANGE_SINGLE_ITEM		0x03
#define IRP_MN_ENABLE_EVENTS			0x04
#define IRP_MN_DISABLE_EVENTS			0x05
#define IRP_MN_ENABLE_COLLECTION		0x06
#define IRP_MN_DISABLE_COLLECTION		0x07
#define IRP_MN_REGINFO				0x08
#define IRP_MN_EXECUTE_METHOD			0x09
#define IRP_MN_REGINFO_EX			0x0b

/* What a completion routine returns to let completion go on upward */
#ifndef STATUS_CONTINUE_COMPLETION
#define STATUS_CONTINUE_COMPLETION	STATUS_SUCCESS
#endif

/* IO_STACK_LOCATION.Control */
#define SL_PENDING_RETURNED		0x01
#define SL_ERROR_RETURNED		0x02
#define SL_INVOKE_ON_CANCEL		0x20
#define SL_INVOKE_ON_SUCCESS		0x40
#define SL_INVOKE_ON_ERROR		0x80

/* DEVICE_OBJECT.Flags */
#define DO_VERIFY_VOLUME		0x00000002
#define DO_BUFFERED_IO			0x00000004
#define DO_EXCLUSIVE			0x00000008
#define DO_DIRECT_IO			0x00000010
#define DO_MAP_IO_BUFFER		0x00000020
#define DO_DEVICE_INITIALIZING		0x00000080
#define DO_SHUTDOWN_REGISTERED		0x00000800
#define DO_BUS_ENUMERATED_DEVICE	0x00001000
#define DO_POWER_PAGABLE		0x00002000
#define DO_POWER_INRUSH			0x00004000
#define DO_DEVICE_TO_BE_RESET		0x04000000
#define DO_DAX_VOLUME			0x10000000

/* DEVICE_OBJECT.Characteristics */
#define FILE_REMOVABLE_MEDIA		0x00000001
#define FILE_READ_ONLY_DEVICE		0x00000002
#define FILE_FLOPPY_DISKETTE		0x00000004
#define FILE_WRITE_ONCE_MEDIA		0x00000008
#define FILE_REMOTE_DEVICE		0x00000010
#define FILE_DEVICE_IS_MOUNTED		0x00000020
#define FILE_VIRTUAL_VOLUME		0x00000040
#define FILE_AUTOGENERATED_DEVICE_NAME	0x00000080
#define FILE_DEVICE_SECURE_OPEN		0x00000100
#define FILE_CHARACTERISTIC_PNP_DEVICE	0x00000800

/* DEVICE_OBJECT.DeviceType */
#define FILE_DEVICE_BEEP		0x00000001
#define FILE_DEVICE_CD_ROM		0x00000002
#define FILE_DEVICE_CONTROLLER		0x00000004
#define FILE_DEVICE_DISK		0x00000007
#define FILE_DEVICE_KEYBOARD		0x0000000b
#define FILE_DEVICE_MOUSE		0x0000000f
#define FILE_DEVICE_NETWORK		0x00000012
#define FILE_DEVICE_NULL		0x00000015
#define FILE_DEVICE_PARALLEL_PORT	0x00000016
#define FILE_DEVICE_PHYSICAL_NETCARD	0x00000017
#define FILE_DEVICE_PRINTER		0x00000018
#define FILE_DEVICE_SCANNER		0x00000019
#define FILE_DEVICE_SERIAL_PORT		0x0000001b
#define FILE_DEVICE_SCREEN		0x0000001c
#define FILE_DEVICE_SOUND		0x0000001d
#define FILE_DEVICE_TAPE		0x0000001f
#define FILE_DEVICE_TRANSPORT		0x00000021
#define FILE_DEVICE_UNKNOWN		0x00000022
#define FILE_DEVICE_VIDEO		0x00000023
#define FILE_DEVICE_BUS_EXTENDER	0x0000002a
#define FILE_DEVICE_MASS_STORAGE	0x0000002d
#define FILE_DEVICE_KS			0x0000002f
#define FILE_DEVICE_SMARTCARD		0x00000031
#define FILE_DEVICE_ACPI		0x00000032

/* I/O control codes */
#define METHOD_BUFFERED			0
#define METHOD_IN_DIRECT		1
#define METHOD_OUT_DIRECT		2
#define METHOD_NEITHER			3
#define FILE_ANY_ACCESS			0
#define FILE_SPECIAL_ACCESS		FILE_ANY_ACCESS
#define FILE_READ_ACCESS		0x0001
#define FILE_WRITE_ACCESS		0x0002
#define CTL_CODE(DeviceType, Function, Method, Access)			\
	(((DeviceType) << 16) | ((Access) << 14) | ((Function) << 2) |	\
	 (Method))

/* IRP.Flags */
#define IRP_NOCACHE			0x00000001
#define IRP_PAGING_IO			0x00000002
#define IRP_MOUNT_COMPLETION		0x00000002
#define IRP_SYNCHRONOUS_API		0x00000004
#define IRP_ASSOCIATED_IRP		0x00000008
#define IRP_BUFFERED_IO			0x00000010
#define IRP_DEALLOCATE_BUFFER		0x00000020
#define IRP_INPUT_OPERATION		0x00000040
#define IRP_SYNCHRONOUS_PAGING_IO	0x00000040
#define IRP_CREATE_OPERATION		0x00000080
#define IRP_READ_OPERATION		0x00000100
#define IRP_WRITE_OPERATION		0x00000200
#define IRP_CLOSE_OPERATION		0x00000400
#define IRP_DEFER_IO_COMPLETION		0x00000800
#define IRP_OB_QUERY_NAME		0x00001000
#define IRP_HOLD_DEVICE_QUEUE		0x00002000

/* Priority boosts for IoCompleteRequest */
#define IO_NO_INCREMENT			0
#define IO_CD_ROM_INCREMENT		1
#define IO_DISK_INCREMENT		1
#define IO_KEYBOARD_INCREMENT		6
#define IO_MAILSLOT_INCREMENT		2
#define IO_MOUSE_INCREMENT		6
#define IO_NAMED_PIPE_INCREMENT		2
#define IO_NETWORK_INCREMENT		2
#define IO_PARALLEL_INCREMENT		1
#define IO_SERIAL_INCREMENT		2
#define IO_SOUND_INCREMENT		8
#define IO_VIDEO_INCREMENT		1

/*
 * What an adapter/controller execution routine asks of the allocator when
 * it returns.  Defined here, not in <wdm/dma.h>, because the wait context
 * block in every DEVICE_OBJECT refers to DRIVER_CONTROL.
 */
typedef enum _IO_ALLOCATION_ACTION {
	KeepObject = 1,
	DeallocateObject,
	DeallocateObjectKeepRegisters
} IO_ALLOCATION_ACTION, *PIO_ALLOCATION_ACTION;

typedef
_Function_class_(DRIVER_CONTROL)
_IRQL_requires_same_
IO_ALLOCATION_ACTION
DRIVER_CONTROL(_In_ struct _DEVICE_OBJECT *DeviceObject,
	       _Inout_ struct _IRP *Irp,
	       _In_ PVOID MapRegisterBase,
	       _In_ PVOID Context);
typedef DRIVER_CONTROL *PDRIVER_CONTROL;

/* Wait context block: a request queued for an adapter or controller */
typedef struct _WAIT_CONTEXT_BLOCK {
	union {
		KDEVICE_QUEUE_ENTRY WaitQueueEntry;
		struct {
			LIST_ENTRY DmaWaitEntry;
			ULONG NumberOfChannels;
			ULONG SyncCallback : 1;
			ULONG DmaContext : 1;
			ULONG ZeroMapRegisters : 1;
			ULONG Reserved : 9;
			ULONG NumberOfRemapPages : 20;
		};
	};
	PDRIVER_CONTROL DeviceRoutine;
	PVOID DeviceContext;
	ULONG NumberOfMapRegisters;
	PVOID DeviceObject;
	PVOID CurrentIrp;
	PKDPC BufferChainingDpc;
} WAIT_CONTEXT_BLOCK, *PWAIT_CONTEXT_BLOCK;

/* Driver routine types */
typedef
_Function_class_(DRIVER_INITIALIZE)
_IRQL_requires_same_
NTSTATUS
DRIVER_INITIALIZE(_In_ struct _DRIVER_OBJECT *DriverObject,
		  _In_ PUNICODE_STRING RegistryPath);
typedef DRIVER_INITIALIZE *PDRIVER_INITIALIZE;

typedef
_Function_class_(DRIVER_STARTIO)
_IRQL_always_function_min_(DISPATCH_LEVEL)
_IRQL_requires_(DISPATCH_LEVEL)
_IRQL_requires_same_
VOID
DRIVER_STARTIO(_Inout_ struct _DEVICE_OBJECT *DeviceObject,
	       _Inout_ struct _IRP *Irp);
typedef DRIVER_STARTIO *PDRIVER_STARTIO;

typedef
_Function_class_(DRIVER_UNLOAD)
_IRQL_requires_(PASSIVE_LEVEL)
_IRQL_requires_same_
VOID
DRIVER_UNLOAD(_In_ struct _DRIVER_OBJECT *DriverObject);
typedef DRIVER_UNLOAD *PDRIVER_UNLOAD;

typedef
_Function_class_(DRIVER_DISPATCH)
_IRQL_requires_max_(DISPATCH_LEVEL)
_IRQL_requires_same_
NTSTATUS
DRIVER_DISPATCH(_In_ struct _DEVICE_OBJECT *DeviceObject,
		_Inout_ struct _IRP *Irp);
typedef DRIVER_DISPATCH *PDRIVER_DISPATCH;

typedef
_Function_class_(DRIVER_ADD_DEVICE)
_IRQL_requires_(PASSIVE_LEVEL)
_IRQL_requires_same_
NTSTATUS
DRIVER_ADD_DEVICE(_In_ struct _DRIVER_OBJECT *DriverObject,
		  _In_ struct _DEVICE_OBJECT *PhysicalDeviceObject);
typedef DRIVER_ADD_DEVICE *PDRIVER_ADD_DEVICE;

typedef
_Function_class_(DRIVER_CANCEL)
_Requires_lock_held_(_Global_cancel_spin_lock_)
_Releases_lock_(_Global_cancel_spin_lock_)
_IRQL_requires_min_(DISPATCH_LEVEL)
_IRQL_requires_(DISPATCH_LEVEL)
VOID
DRIVER_CANCEL(_Inout_ struct _DEVICE_OBJECT *DeviceObject,
	      _Inout_ _IRQL_uses_cancel_ struct _IRP *Irp);
typedef DRIVER_CANCEL *PDRIVER_CANCEL;

/* Called once a second at DISPATCH_LEVEL after IoStartTimer() */
typedef
_Function_class_(IO_TIMER_ROUTINE)
_IRQL_requires_same_
VOID
IO_TIMER_ROUTINE(_In_ struct _DEVICE_OBJECT *DeviceObject,
		 _In_opt_ PVOID Context);
typedef IO_TIMER_ROUTINE *PIO_TIMER_ROUTINE;

typedef
_Function_class_(IO_DPC_ROUTINE)
_IRQL_always_function_min_(DISPATCH_LEVEL)
_IRQL_requires_(DISPATCH_LEVEL)
_IRQL_requires_same_
VOID
IO_DPC_ROUTINE(_In_ PKDPC Dpc,
	       _In_ struct _DEVICE_OBJECT *DeviceObject,
	       _Inout_ struct _IRP *Irp,
	       _In_opt_ PVOID Context);
typedef IO_DPC_ROUTINE *PIO_DPC_ROUTINE;

typedef
_Function_class_(IO_COMPLETION_ROUTINE)
_IRQL_requires_same_
_IRQL_requires_max_(DISPATCH_LEVEL)
NTSTATUS
IO_COMPLETION_ROUTINE(_In_ struct _DEVICE_OBJECT *DeviceObject,
		      _In_ struct _IRP *Irp,
		      _In_reads_opt_(_Inexpressible_("varies")) PVOID Context);
typedef IO_COMPLETION_ROUTINE *PIO_COMPLETION_ROUTINE;

/* Device object */
typedef struct DECLSPEC_ALIGN(MEMORY_ALLOCATION_ALIGNMENT) _DEVICE_OBJECT {
	CSHORT Type;
	USHORT Size;
	LONG ReferenceCount;
	struct _DRIVER_OBJECT *DriverObject;
	struct _DEVICE_OBJECT *NextDevice;
	struct _DEVICE_OBJECT *AttachedDevice;
	struct _IRP *CurrentIrp;
	PIO_TIMER Timer;
	ULONG Flags;
	ULONG Characteristics;
	__volatile PVPB Vpb;
	PVOID DeviceExtension;
	DEVICE_TYPE DeviceType;
	CCHAR StackSize;
	union {
		LIST_ENTRY ListEntry;
		WAIT_CONTEXT_BLOCK Wcb;
	} Queue;
	ULONG AlignmentRequirement;
	KDEVICE_QUEUE DeviceQueue;
	KDPC Dpc;
	ULONG ActiveThreadCount;
	PSECURITY_DESCRIPTOR SecurityDescriptor;
	KEVENT DeviceLock;
	USHORT SectorSize;
	USHORT Spare1;
	struct _DEVOBJ_EXTENSION *DeviceObjectExtension;
	PVOID Reserved;
	/* Not in the WDK: wdmdma's private state, see <wdmdma/devobj.h> */
	UCHAR WdmdmaPrivate[WDM_SIZEOF_DEVOBJ] __attribute__((__aligned__(WDM_ALIGNOF_DEVOBJ)));
} DEVICE_OBJECT, *PDEVICE_OBJECT;

/*
 * Device object extension: the system's part of a device object.  The WDK
 * publishes Type, Size and DeviceObject; the rest is the system's (here:
 * wdmdma's).  IoCreateDevice() and wdmdma_pdo_create() allocate it with the
 * device object; a DEVICE_OBJECT made any other way has none.
 */
typedef struct _DEVOBJ_EXTENSION {
	CSHORT Type;
	USHORT Size;
	PDEVICE_OBJECT DeviceObject;
	/* Not in the WDK's public part: DOE_* flags */
	ULONG ExtensionFlags;
	/* the references ObReferenceObject() holds on the device object */
	LONG WdmdmaReferences;
	/* the device object this one is attached to, or NULL */
	struct _DEVICE_OBJECT *AttachedTo;
} DEVOBJ_EXTENSION, *PDEVOBJ_EXTENSION;

/* DEVOBJ_EXTENSION.ExtensionFlags */
#define DOE_UNLOAD_PENDING		0x00000001
#define DOE_DELETE_PENDING		0x00000002
#define DOE_REMOVE_PENDING		0x00000004
#define DOE_REMOVE_PROCESSED		0x00000008
#define DOE_START_PENDING		0x00000010

/* Driver object */
typedef struct _DRIVER_EXTENSION {
	struct _DRIVER_OBJECT *DriverObject;
	PDRIVER_ADD_DEVICE AddDevice;
	ULONG Count;
	UNICODE_STRING ServiceKeyName;
} DRIVER_EXTENSION, *PDRIVER_EXTENSION;

typedef struct _DRIVER_OBJECT {
	CSHORT Type;
	CSHORT Size;
	PDEVICE_OBJECT DeviceObject;
	ULONG Flags;
	PVOID DriverStart;
	ULONG DriverSize;
	PVOID DriverSection;
	PDRIVER_EXTENSION DriverExtension;
	UNICODE_STRING DriverName;
	PUNICODE_STRING HardwareDatabase;
	PFAST_IO_DISPATCH FastIoDispatch;
	PDRIVER_INITIALIZE DriverInit;
	PDRIVER_STARTIO DriverStartIo;
	PDRIVER_UNLOAD DriverUnload;
	PDRIVER_DISPATCH MajorFunction[IRP_MJ_MAXIMUM_FUNCTION + 1];
} DRIVER_OBJECT, *PDRIVER_OBJECT;

_Must_inspect_result_
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI
NTSTATUS
IoCreateDevice(_In_ PDRIVER_OBJECT DriverObject,
	       _In_ ULONG DeviceExtensionSize,
	       _In_opt_ PUNICODE_STRING DeviceName,
	       _In_ DEVICE_TYPE DeviceType,
	       _In_ ULONG DeviceCharacteristics,
	       _In_ BOOLEAN Exclusive,
	       _Outptr_result_nullonfailure_ PDEVICE_OBJECT *DeviceObject);

_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI
VOID
IoDeleteDevice(_In_ __drv_freesMem(Mem) PDEVICE_OBJECT DeviceObject);

/* The device object's one-second timer (wdmdma/rt/timer.c) */
_IRQL_requires_max_(PASSIVE_LEVEL)
NTKERNELAPI
NTSTATUS
IoInitializeTimer(_In_ PDEVICE_OBJECT DeviceObject,
		  _In_ PIO_TIMER_ROUTINE TimerRoutine,
		  _In_opt_ __drv_aliasesMem PVOID Context);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
IoStartTimer(_In_ PDEVICE_OBJECT DeviceObject);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
IoStopTimer(_In_ PDEVICE_OBJECT DeviceObject);

/* Device stacks (wdmdma/rt/pnp.c) */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
NTSTATUS
IoCallDriver(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ struct _IRP *Irp);

#define IofCallDriver(DeviceObject, Irp)	IoCallDriver(DeviceObject, Irp)

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
PDEVICE_OBJECT
IoAttachDeviceToDeviceStack(_In_ _When_(return != 0, __drv_aliasesMem)
			    PDEVICE_OBJECT SourceDevice,
			    _In_ PDEVICE_OBJECT TargetDevice);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTKERNELAPI
VOID
IoDetachDevice(_Inout_ PDEVICE_OBJECT TargetDevice);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
PDEVICE_OBJECT
IoGetAttachedDevice(_In_ PDEVICE_OBJECT DeviceObject);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
PDEVICE_OBJECT
IoGetAttachedDeviceReference(_In_ PDEVICE_OBJECT DeviceObject);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
PDEVICE_OBJECT
IoGetLowerDeviceObject(_In_ PDEVICE_OBJECT DeviceObject);

_IRQL_requires_(PASSIVE_LEVEL)
NTKERNELAPI
BOOLEAN
IoForwardIrpSynchronously(_In_ PDEVICE_OBJECT DeviceObject, _In_ struct _IRP *Irp);

/* Object references (wdmdma/rt/pnp.c): counted for device objects */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
LONG_PTR
ObfReferenceObject(_In_ PVOID Object);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
LONG_PTR
ObfDereferenceObject(_In_ PVOID Object);

#define ObReferenceObject(Object)	ObfReferenceObject(Object)
#define ObDereferenceObject(Object)	ObfDereferenceObject(Object)

#ifdef CONFIG_X86_64
WDM_STATIC_ASSERT(sizeof(WAIT_CONTEXT_BLOCK) == 0x48);
WDM_STATIC_ASSERT(offsetof(WAIT_CONTEXT_BLOCK, DeviceRoutine) == 0x18);
WDM_STATIC_ASSERT(offsetof(WAIT_CONTEXT_BLOCK, BufferChainingDpc) == 0x40);
WDM_STATIC_ASSERT(offsetof(DEVICE_OBJECT, DriverObject) == 0x08);
WDM_STATIC_ASSERT(offsetof(DEVICE_OBJECT, CurrentIrp) == 0x20);
WDM_STATIC_ASSERT(offsetof(DEVICE_OBJECT, Flags) == 0x30);
WDM_STATIC_ASSERT(offsetof(DEVICE_OBJECT, DeviceExtension) == 0x40);
WDM_STATIC_ASSERT(offsetof(DEVICE_OBJECT, DeviceType) == 0x48);
WDM_STATIC_ASSERT(offsetof(DEVICE_OBJECT, StackSize) == 0x4c);
WDM_STATIC_ASSERT(offsetof(DEVICE_OBJECT, Queue) == 0x50);
WDM_STATIC_ASSERT(offsetof(DEVICE_OBJECT, AlignmentRequirement) == 0x98);
WDM_STATIC_ASSERT(offsetof(DEVICE_OBJECT, DeviceQueue) == 0xa0);
WDM_STATIC_ASSERT(sizeof(DRIVER_EXTENSION) == 0x28);
WDM_STATIC_ASSERT(offsetof(DRIVER_OBJECT, DriverName) == 0x38);
WDM_STATIC_ASSERT(offsetof(DRIVER_OBJECT, DriverInit) == 0x58);
WDM_STATIC_ASSERT(offsetof(DRIVER_OBJECT, MajorFunction) == 0x70);
WDM_STATIC_ASSERT(sizeof(DRIVER_OBJECT) == 0x150);
#endif

/*
 * Remove locks (wdmdma/rt/removelock.c): the free-build layout, no debug block.
 * RemoveEvent is storage only: IoReleaseRemoveLockAndWait() waits on
 * IoCount itself.
 */
typedef struct _IO_REMOVE_LOCK_COMMON_BLOCK {
	BOOLEAN Removed;
	BOOLEAN Reserved[3];
	__volatile LONG IoCount;
	KEVENT RemoveEvent;
} IO_REMOVE_LOCK_COMMON_BLOCK;

typedef struct _IO_REMOVE_LOCK {
	IO_REMOVE_LOCK_COMMON_BLOCK Common;
} IO_REMOVE_LOCK, *PIO_REMOVE_LOCK;

_IRQL_requires_max_(DISPATCH_LEVEL)
NTSYSAPI
VOID
NTAPI
IoInitializeRemoveLockEx(_Out_writes_bytes_(RemlockSize) PIO_REMOVE_LOCK Lock,
			 _In_ ULONG AllocateTag,
			 _In_ ULONG MaxLockedMinutes,
			 _In_ ULONG HighWatermark,
			 _In_ ULONG RemlockSize);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
NTSYSAPI
NTSTATUS
NTAPI
IoAcquireRemoveLockEx(_Inout_ PIO_REMOVE_LOCK RemoveLock,
		      _In_opt_ PVOID Tag,
		      _In_ PCSTR File,
		      _In_ ULONG Line,
		      _In_ ULONG RemlockSize);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTSYSAPI
VOID
NTAPI
IoReleaseRemoveLockEx(_Inout_ PIO_REMOVE_LOCK RemoveLock,
		      _In_opt_ PVOID Tag,
		      _In_ ULONG RemlockSize);

_IRQL_requires_(PASSIVE_LEVEL)
NTSYSAPI
VOID
NTAPI
IoReleaseRemoveLockAndWaitEx(_Inout_ PIO_REMOVE_LOCK RemoveLock,
			     _In_opt_ PVOID Tag,
			     _In_ ULONG RemlockSize);

#define IoInitializeRemoveLock(Lock, AllocateTag, MaxLockedMinutes, HighWatermark) \
	IoInitializeRemoveLockEx(Lock, AllocateTag, MaxLockedMinutes, HighWatermark, \
				 sizeof(IO_REMOVE_LOCK))
#define IoAcquireRemoveLock(RemoveLock, Tag) \
	IoAcquireRemoveLockEx(RemoveLock, Tag, __FILE__, __LINE__, sizeof(IO_REMOVE_LOCK))
#define IoReleaseRemoveLock(RemoveLock, Tag) \
	IoReleaseRemoveLockEx(RemoveLock, Tag, sizeof(IO_REMOVE_LOCK))
#define IoReleaseRemoveLockAndWait(RemoveLock, Tag) \
	IoReleaseRemoveLockAndWaitEx(RemoveLock, Tag, sizeof(IO_REMOVE_LOCK))

#ifdef CONFIG_X86_64
WDM_STATIC_ASSERT(offsetof(IO_REMOVE_LOCK_COMMON_BLOCK, IoCount) == 0x04);
WDM_STATIC_ASSERT(offsetof(IO_REMOVE_LOCK_COMMON_BLOCK, RemoveEvent) == 0x08);
WDM_STATIC_ASSERT(sizeof(IO_REMOVE_LOCK) == 0x20);
#endif
/* End of remove locks */

#include <wdm/irp.h>
#include <wdm/file.h>

#endif /* _WDM_IO_H_ */
