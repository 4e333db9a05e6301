/* SPDX-License-Identifier: GPL-2.0 */
/*
 * file.h - handles and names: the file object an open carries, device
 * names, symbolic links and device interfaces, and the IRPs one driver
 * builds for another.  Included by <wdm/io.h>.
 *
 * FILE_OBJECT keeps the WDK's field names and order, and Windows' offsets
 * up to IrpListLock (a KSPIN_LOCK, which is a Linux spin lock here, so the
 * members after it move).  wdmdma/rt/file.c documents what is filled in.
 */
#ifndef _WDM_FILE_H_
#define _WDM_FILE_H_

#include <wdm/io.h>
#include <wdm/access.h>
#include <guiddef.h>

typedef struct _SECTION_OBJECT_POINTERS *PSECTION_OBJECT_POINTERS;
typedef struct _IO_COMPLETION_CONTEXT *PIO_COMPLETION_CONTEXT;

/* An open instance of a device: one per CreateFile (per open(2) here) */
typedef struct _FILE_OBJECT {
	CSHORT Type;
	CSHORT Size;
	PDEVICE_OBJECT DeviceObject;
	PVPB Vpb;
	PVOID FsContext;
	PVOID FsContext2;
	PSECTION_OBJECT_POINTERS SectionObjectPointer;
	PVOID PrivateCacheMap;
	NTSTATUS FinalStatus;
	struct _FILE_OBJECT *RelatedFileObject;
	BOOLEAN LockOperation;
	BOOLEAN DeletePending;
	BOOLEAN ReadAccess;
	BOOLEAN WriteAccess;
	BOOLEAN DeleteAccess;
	BOOLEAN SharedRead;
	BOOLEAN SharedWrite;
	BOOLEAN SharedDelete;
	ULONG Flags;
	UNICODE_STRING FileName;
	LARGE_INTEGER CurrentByteOffset;
	__volatile ULONG Waiters;
	__volatile ULONG Busy;
	PVOID LastLock;
	KEVENT Lock;
	KEVENT Event;
	__volatile PIO_COMPLETION_CONTEXT CompletionContext;
	KSPIN_LOCK IrpListLock;
	LIST_ENTRY IrpList;
	__volatile PVOID FileObjectExtension;
} FILE_OBJECT;

/* FILE_OBJECT.Flags */
#define FO_FILE_OPEN			0x00000001
#define FO_SYNCHRONOUS_IO		0x00000002
#define FO_ALERTABLE_IO			0x00000004
#define FO_NO_INTERMEDIATE_BUFFERING	0x00000008
#define FO_WRITE_THROUGH		0x00000010
#define FO_SEQUENTIAL_ONLY		0x00000020
#define FO_CACHE_SUPPORTED		0x00000040
#define FO_NAMED_PIPE			0x00000080
#define FO_STREAM_FILE			0x00000100
#define FO_MAILSLOT			0x00000200
#define FO_GENERATE_AUDIT_ON_CLOSE	0x00000400
#define FO_QUEUE_IRP_TO_THREAD		FO_GENERATE_AUDIT_ON_CLOSE
#define FO_DIRECT_DEVICE_OPEN		0x00000800
#define FO_FILE_MODIFIED		0x00001000
#define FO_FILE_SIZE_CHANGED		0x00002000
#define FO_CLEANUP_COMPLETE		0x00004000
#define FO_TEMPORARY_FILE		0x00008000
#define FO_DELETE_ON_CLOSE		0x00010000
#define FO_OPENED_CASE_SENSITIVE	0x00020000
#define FO_HANDLE_CREATED		0x00040000
#define FO_FILE_FAST_IO_READ		0x00080000
#define FO_RANDOM_ACCESS		0x00100000
#define FO_FILE_OPEN_CANCELLED		0x00200000
#define FO_VOLUME_OPEN			0x00400000

#ifdef CONFIG_X86_64
WDM_STATIC_ASSERT(offsetof(FILE_OBJECT, DeviceObject) == 0x08);
WDM_STATIC_ASSERT(offsetof(FILE_OBJECT, FsContext) == 0x18);
WDM_STATIC_ASSERT(offsetof(FILE_OBJECT, FsContext2) == 0x20);
WDM_STATIC_ASSERT(offsetof(FILE_OBJECT, FinalStatus) == 0x38);
WDM_STATIC_ASSERT(offsetof(FILE_OBJECT, RelatedFileObject) == 0x40);
WDM_STATIC_ASSERT(offsetof(FILE_OBJECT, LockOperation) == 0x48);
WDM_STATIC_ASSERT(offsetof(FILE_OBJECT, Flags) == 0x50);
WDM_STATIC_ASSERT(offsetof(FILE_OBJECT, FileName) == 0x58);
WDM_STATIC_ASSERT(offsetof(FILE_OBJECT, CurrentByteOffset) == 0x68);
WDM_STATIC_ASSERT(offsetof(FILE_OBJECT, LastLock) == 0x78);
WDM_STATIC_ASSERT(offsetof(FILE_OBJECT, Lock) == 0x80);
WDM_STATIC_ASSERT(offsetof(FILE_OBJECT, Event) == 0x98);
WDM_STATIC_ASSERT(offsetof(FILE_OBJECT, CompletionContext) == 0xb0);
WDM_STATIC_ASSERT(offsetof(FILE_OBJECT, IrpListLock) == 0xb8);
#endif

/* Names, links and the file object of another driver's device (rt/file.c) */
_IRQL_requires_max_(PASSIVE_LEVEL)
NTKERNELAPI
NTSTATUS
IoGetDeviceObjectPointer(_In_ PUNICODE_STRING ObjectName,
			 _In_ ACCESS_MASK DesiredAccess,
			 _Out_ PFILE_OBJECT *FileObject,
			 _Out_ PDEVICE_OBJECT *DeviceObject);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTKERNELAPI
NTSTATUS
IoCreateSymbolicLink(_In_ PUNICODE_STRING SymbolicLinkName,
		     _In_ PUNICODE_STRING DeviceName);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTKERNELAPI
NTSTATUS
IoDeleteSymbolicLink(_In_ PUNICODE_STRING SymbolicLinkName);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTKERNELAPI
NTSTATUS
IoRegisterDeviceInterface(_In_ PDEVICE_OBJECT PhysicalDeviceObject,
			  _In_ CONST GUID *InterfaceClassGuid,
			  _In_opt_ PUNICODE_STRING ReferenceString,
			  _Out_ PUNICODE_STRING SymbolicLinkName);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTKERNELAPI
NTSTATUS
IoSetDeviceInterfaceState(_In_ PUNICODE_STRING SymbolicLinkName,
			  _In_ BOOLEAN Enable);

/* IRPs one driver builds for another (rt/irpbuild.c) */
_IRQL_requires_max_(PASSIVE_LEVEL)
NTKERNELAPI
PIRP
IoBuildDeviceIoControlRequest(_In_ ULONG IoControlCode,
			      _In_ PDEVICE_OBJECT DeviceObject,
			      _In_opt_ PVOID InputBuffer,
			      _In_ ULONG InputBufferLength,
			      _Out_opt_ PVOID OutputBuffer,
			      _In_ ULONG OutputBufferLength,
			      _In_ BOOLEAN InternalDeviceIoControl,
			      _In_opt_ PKEVENT Event,
			      _Out_ PIO_STATUS_BLOCK IoStatusBlock);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTKERNELAPI
PIRP
IoBuildSynchronousFsdRequest(_In_ ULONG MajorFunction,
			     _In_ PDEVICE_OBJECT DeviceObject,
			     _Inout_opt_ PVOID Buffer,
			     _In_opt_ ULONG Length,
			     _In_opt_ PLARGE_INTEGER StartingOffset,
			     _In_ PKEVENT Event,
			     _Out_ PIO_STATUS_BLOCK IoStatusBlock);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
PIRP
IoBuildAsynchronousFsdRequest(_In_ ULONG MajorFunction,
			      _In_ PDEVICE_OBJECT DeviceObject,
			      _Inout_opt_ PVOID Buffer,
			      _In_opt_ ULONG Length,
			      _In_opt_ PLARGE_INTEGER StartingOffset,
			      _In_opt_ PIO_STATUS_BLOCK IoStatusBlock);

#endif /* _WDM_FILE_H_ */
