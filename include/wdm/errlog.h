/* SPDX-License-Identifier: GPL-2.0 */
/*
 * errlog.h - reporting errors: the I/O error log (IoAllocateErrorLogEntry,
 * IoWriteErrorLogEntry), IoIsErrorUserInduced, IoSetHardErrorOrVerifyDevice
 * and the bug check (KeBugCheckEx)
 *
 * An error log entry is written to the kernel log, readably (the device,
 * the ErrorCode's name, the insertion strings, the dump data in hex), at
 * once, by the call: there is no event log service.  KeBugCheckEx stops
 * the system (panic) unless wdmdma's bugcheck_panic parameter is off, in
 * which case it reports and stops only the calling thread (see README).
 */
#ifndef _WDM_ERRLOG_H_
#define _WDM_ERRLOG_H_

#include <wdm/ntdef.h>
#include <wdm/ntstatus.h>
#include <wdm/io.h>
#include <ntiologc.h>

/* The header of an error log entry; DumpData and the strings follow it */
typedef struct _IO_ERROR_LOG_PACKET {
	UCHAR MajorFunctionCode;
	UCHAR RetryCount;
	USHORT DumpDataSize;
	USHORT NumberOfStrings;
	USHORT StringOffset;
	USHORT EventCategory;
	NTSTATUS ErrorCode;
	ULONG UniqueErrorValue;
	NTSTATUS FinalStatus;
	ULONG SequenceNumber;
	ULONG IoControlCode;
	LARGE_INTEGER DeviceOffset;
	ULONG DumpData[1];
} IO_ERROR_LOG_PACKET, *PIO_ERROR_LOG_PACKET;

/* The message the I/O manager sends the event log on Windows */
typedef struct _IO_ERROR_LOG_MESSAGE {
	USHORT Type;
	USHORT Size;
	USHORT DriverNameLength;
	LARGE_INTEGER TimeStamp;
	ULONG DriverNameOffset;
	IO_ERROR_LOG_PACKET EntryData;
} IO_ERROR_LOG_MESSAGE, *PIO_ERROR_LOG_MESSAGE;

/* The most a port message carries (64-bit Windows) */
#define PORT_MAXIMUM_MESSAGE_LENGTH	512

/* How large an error log entry may be: 240 bytes, packet included */
#define ERROR_LOG_LIMIT_SIZE	(256 - 16)
#define IO_ERROR_LOG_MESSAGE_HEADER_LENGTH \
	(sizeof(IO_ERROR_LOG_MESSAGE) - sizeof(IO_ERROR_LOG_PACKET) + sizeof(WCHAR) * 40)
#define ERROR_LOG_MESSAGE_LIMIT_SIZE \
	(ERROR_LOG_LIMIT_SIZE + IO_ERROR_LOG_MESSAGE_HEADER_LENGTH)
#define IO_ERROR_LOG_MESSAGE_LENGTH \
	((PORT_MAXIMUM_MESSAGE_LENGTH > ERROR_LOG_MESSAGE_LIMIT_SIZE) ? \
	 ERROR_LOG_MESSAGE_LIMIT_SIZE : PORT_MAXIMUM_MESSAGE_LENGTH)
#define ERROR_LOG_MAXIMUM_SIZE \
	(IO_ERROR_LOG_MESSAGE_LENGTH - IO_ERROR_LOG_MESSAGE_HEADER_LENGTH)

/* The error log (wdmdma/rt/errlog.c) */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
PVOID
IoAllocateErrorLogEntry(_In_ PVOID IoObject, _In_ UCHAR EntrySize);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
IoWriteErrorLogEntry(_In_ PVOID ElEntry);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
IoFreeErrorLogEntry(_In_ PVOID ElEntry);

/* Whether an I/O error is one the user can correct (removable media) */
#define IoIsErrorUserInduced(Status) ((BOOLEAN)			\
	(((Status) == STATUS_DEVICE_NOT_READY) ||		\
	 ((Status) == STATUS_IO_TIMEOUT) ||			\
	 ((Status) == STATUS_MEDIA_WRITE_PROTECTED) ||		\
	 ((Status) == STATUS_NO_MEDIA_IN_DEVICE) ||		\
	 ((Status) == STATUS_UNRECOGNIZED_MEDIA) ||		\
	 ((Status) == STATUS_VERIFY_REQUIRED) ||		\
	 ((Status) == STATUS_WRONG_VOLUME)))

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
IoSetHardErrorOrVerifyDevice(_In_ PIRP Irp, _In_ PDEVICE_OBJECT DeviceObject);

/* Bug check codes drivers raise most */
#define IRQL_NOT_LESS_OR_EQUAL			0x0000000AL
#define KMODE_EXCEPTION_NOT_HANDLED		0x0000001EL
#define NO_MORE_IRP_STACK_LOCATIONS		0x00000035L
#define MULTIPLE_IRP_COMPLETE_REQUESTS		0x00000044L
#define PAGE_FAULT_IN_NONPAGED_AREA		0x00000050L
#define INACCESSIBLE_BOOT_DEVICE		0x0000007BL
#define DRIVER_POWER_STATE_FAILURE		0x0000009FL
#define BAD_POOL_CALLER				0x000000C2L
#define DRIVER_VERIFIER_DETECTED_VIOLATION	0x000000C4L
#define DRIVER_CORRUPTED_EXPOOL			0x000000C5L
#define DRIVER_IRQL_NOT_LESS_OR_EQUAL		0x000000D1L
#define MANUALLY_INITIATED_CRASH		0x000000E2L
#define KERNEL_SECURITY_CHECK_FAILURE		0x00000139L

/*
 * The bug check (wdmdma/rt/bugcheck.c).  KeBugCheckEx never returns; it is
 * an inline over wdmdma's exported routine, with a trap after the call, so
 * that the compiler's and objtool's view of a driver function ending in a
 * bug check agree (objtool cannot know a routine of another module does
 * not return).
 */
NTKERNELAPI
VOID
wdmdma_bugcheck(_In_ ULONG BugCheckCode,
		_In_ ULONG_PTR BugCheckParameter1,
		_In_ ULONG_PTR BugCheckParameter2,
		_In_ ULONG_PTR BugCheckParameter3,
		_In_ ULONG_PTR BugCheckParameter4);

/**
 * KeBugCheckEx() - stop: the driver found state it cannot go on from
 * @BugCheckCode: the bug check code (IRQL_NOT_LESS_OR_EQUAL...)
 * @BugCheckParameter1: the code's first parameter
 * @BugCheckParameter2: its second
 * @BugCheckParameter3: its third
 * @BugCheckParameter4: its fourth
 *
 * Context: any IRQL (_IRQL_requires_max_(HIGH_LEVEL)).
 * Return: never.
 */
static inline DECLSPEC_NORETURN VOID
KeBugCheckEx(_In_ ULONG BugCheckCode,
	     _In_ ULONG_PTR BugCheckParameter1,
	     _In_ ULONG_PTR BugCheckParameter2,
	     _In_ ULONG_PTR BugCheckParameter3,
	     _In_ ULONG_PTR BugCheckParameter4)
{
	wdmdma_bugcheck(BugCheckCode, BugCheckParameter1, BugCheckParameter2,
			BugCheckParameter3, BugCheckParameter4);
	__builtin_trap();
}

/**
 * KeBugCheck() - KeBugCheckEx() with parameters 0
 * @BugCheckCode: the bug check code
 *
 * Return: never.
 */
static inline DECLSPEC_NORETURN VOID
KeBugCheck(_In_ ULONG BugCheckCode)
{
	wdmdma_bugcheck(BugCheckCode, 0, 0, 0, 0);
	__builtin_trap();
}

#ifdef CONFIG_X86_64
WDM_STATIC_ASSERT(offsetof(IO_ERROR_LOG_PACKET, ErrorCode) == 0x0c);
WDM_STATIC_ASSERT(offsetof(IO_ERROR_LOG_PACKET, DeviceOffset) == 0x20);
WDM_STATIC_ASSERT(offsetof(IO_ERROR_LOG_PACKET, DumpData) == 0x28);
WDM_STATIC_ASSERT(sizeof(IO_ERROR_LOG_PACKET) == 0x30);
WDM_STATIC_ASSERT(ERROR_LOG_MAXIMUM_SIZE == 240);
#endif

#endif /* _WDM_ERRLOG_H_ */
