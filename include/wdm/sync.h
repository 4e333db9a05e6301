/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sync.h - synchronization and threads: the dispatcher's waits
 * (KeWaitForMultipleObjects, KWAIT_BLOCK), mutexes (KMUTEX, FAST_MUTEX,
 * KGUARDED_MUTEX), semaphores, executive resources (ERESOURCE), system
 * threads and their handles, and the clocks (KeQuerySystemTime...)
 *
 * Every waitable object starts with a DISPATCHER_HEADER: events, timers,
 * mutexes, semaphores and thread objects can be mixed in one
 * KeWaitForMultipleObjects() call.  There are no APCs: KeEnterCriticalRegion
 * and the APC_LEVEL of a fast mutex change nothing, and no wait is alerted.
 * WDK types only: nothing of Linux is named here.
 */
#ifndef _WDM_SYNC_H_
#define _WDM_SYNC_H_

#include <wdm/ntdef.h>
#include <wdm/ke.h>
#include <wdm/access.h>

/* A thread priority, or a boost to it (ignored: Linux schedules) */
typedef LONG KPRIORITY;

/* Waits on several objects */
typedef enum _WAIT_TYPE {
	WaitAll,
	WaitAny,
	WaitNotification,
	WaitDequeue,
	WaitDpc
} WAIT_TYPE;

/* Wait blocks built into every thread: enough for this many objects */
#define THREAD_WAIT_OBJECTS	3
/* The most objects one KeWaitForMultipleObjects() call takes */
#define MAXIMUM_WAIT_OBJECTS	64

/*
 * Wait block: one per object of a wait, linked on the object's
 * Header.WaitListHead while the wait is pending.  Its contents belong to
 * the runtime (Thread designates the wait, not a KTHREAD); a caller's
 * array must stay in place until the wait returns.
 */
typedef struct _KWAIT_BLOCK {
	LIST_ENTRY WaitListEntry;
	UCHAR WaitType;
	__volatile UCHAR BlockState;
	USHORT WaitKey;
#ifdef __LP64__
	LONG SpareLong;
#endif
	union {
		struct _KTHREAD *Thread;
		struct _KQUEUE *NotificationQueue;
		struct _KDPC *Dpc;
	};
	PVOID Object;
	PVOID SparePtr;
} KWAIT_BLOCK, *PKWAIT_BLOCK, *PRKWAIT_BLOCK;

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
NTSTATUS
KeWaitForMultipleObjects(_In_ ULONG Count,
			 _In_reads_(Count) PVOID Object[],
			 _In_ WAIT_TYPE WaitType,
			 _In_ KWAIT_REASON WaitReason,
			 _In_ KPROCESSOR_MODE WaitMode,
			 _In_ BOOLEAN Alertable,
			 _In_opt_ PLARGE_INTEGER Timeout,
			 _Out_opt_ PKWAIT_BLOCK WaitBlockArray);

/* KeWaitForMutexObject is KeWaitForSingleObject, as in the WDK */
#define KeWaitForMutexObject KeWaitForSingleObject

_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI
NTSTATUS
KeDelayExecutionThread(_In_ KPROCESSOR_MODE WaitMode,
		       _In_ BOOLEAN Alertable,
		       _In_ PLARGE_INTEGER Interval);

/* Mutex objects (wdmdma/rt/mutex.c) */
typedef struct _KMUTANT {
	DISPATCHER_HEADER Header;
	LIST_ENTRY MutantListEntry;
	struct _KTHREAD *OwnerThread;
	BOOLEAN Abandoned;
	UCHAR ApcDisable;
} KMUTANT, *PKMUTANT, *PRKMUTANT, KMUTEX, *PKMUTEX, *PRKMUTEX;

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
KeInitializeMutex(_Out_ PRKMUTEX Mutex, _In_ ULONG Level);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
LONG
KeReleaseMutex(_Inout_ PRKMUTEX Mutex, _In_ BOOLEAN Wait);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
LONG
KeReadStateMutex(_In_ PRKMUTEX Mutex);

/* Semaphore objects (wdmdma/rt/mutex.c) */
typedef struct _KSEMAPHORE {
	DISPATCHER_HEADER Header;
	LONG Limit;
} KSEMAPHORE, *PKSEMAPHORE, *PRKSEMAPHORE;

/* KeReleaseSemaphore's Increment for a driver's semaphore */
#define SEMAPHORE_INCREMENT	1

_IRQL_requires_max_(PASSIVE_LEVEL)
NTKERNELAPI
VOID
KeInitializeSemaphore(_Out_ PRKSEMAPHORE Semaphore, _In_ LONG Count, _In_ LONG Limit);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
LONG
KeReleaseSemaphore(_Inout_ PRKSEMAPHORE Semaphore, _In_ KPRIORITY Increment,
		   _In_ LONG Adjustment, _In_ BOOLEAN Wait);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
LONG
KeReadStateSemaphore(_In_ PRKSEMAPHORE Semaphore);

/*
 * Fast mutex, and the guarded mutex that has the same layout since
 * Windows 8 (wdmdma/rt/mutex.c).  Count is FM_LOCK_BIT when free; waiters
 * sleep on Event (a synchronization event).  Not recursive.
 */
#define FM_LOCK_BIT		0x1
#define FM_LOCK_BIT_V		0x0

typedef struct _FAST_MUTEX {
	__volatile LONG Count;
	PVOID Owner;
	ULONG Contention;
	KEVENT Event;
	ULONG OldIrql;
} FAST_MUTEX, *PFAST_MUTEX, KGUARDED_MUTEX, *PKGUARDED_MUTEX;

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
ExInitializeFastMutex(_Out_ PFAST_MUTEX FastMutex);

_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI
VOID
ExAcquireFastMutex(_Inout_ PFAST_MUTEX FastMutex);

_IRQL_requires_(APC_LEVEL)
NTKERNELAPI
VOID
ExReleaseFastMutex(_Inout_ PFAST_MUTEX FastMutex);

_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI
BOOLEAN
ExTryToAcquireFastMutex(_Inout_ PFAST_MUTEX FastMutex);

_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI
VOID
ExAcquireFastMutexUnsafe(_Inout_ PFAST_MUTEX FastMutex);

_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI
VOID
ExReleaseFastMutexUnsafe(_Inout_ PFAST_MUTEX FastMutex);

_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI
VOID
KeInitializeGuardedMutex(_Out_ PKGUARDED_MUTEX Mutex);

_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI
VOID
KeAcquireGuardedMutex(_Inout_ PKGUARDED_MUTEX Mutex);

_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI
VOID
KeReleaseGuardedMutex(_Inout_ PKGUARDED_MUTEX Mutex);

_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI
BOOLEAN
KeTryToAcquireGuardedMutex(_Inout_ PKGUARDED_MUTEX Mutex);

_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI
VOID
KeAcquireGuardedMutexUnsafe(_Inout_ PKGUARDED_MUTEX FastMutex);

_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI
VOID
KeReleaseGuardedMutexUnsafe(_Inout_ PKGUARDED_MUTEX FastMutex);

/* Critical regions: there are no APCs to hold off */
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI
VOID
KeEnterCriticalRegion(VOID);

_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI
VOID
KeLeaveCriticalRegion(VOID);

/* Executive resources (wdmdma/rt/eresource.c) */
typedef ULONG_PTR ERESOURCE_THREAD, *PERESOURCE_THREAD;

typedef struct _OWNER_ENTRY {
	ERESOURCE_THREAD OwnerThread;
	union {
		LONG OwnerCount;
		ULONG TableSize;
	};
} OWNER_ENTRY, *POWNER_ENTRY;

/*
 * ERESOURCE: the WDK's fields.  OwnerEntry is the exclusive owner or the
 * first shared one, OwnerTable (TableSize entries in its element 0) the
 * other shared owners; the runtime's own lock guards them, not SpinLock.
 */
typedef struct _ERESOURCE {
	LIST_ENTRY SystemResourcesList;
	POWNER_ENTRY OwnerTable;
	SHORT ActiveCount;
	union {
		USHORT Flag;
		struct {
			UCHAR ReservedLowFlags;
			UCHAR WaiterPriority;
		};
	};
	PVOID SharedWaiters;
	PVOID ExclusiveWaiters;
	OWNER_ENTRY OwnerEntry;
	ULONG ActiveEntries;
	ULONG ContentionCount;
	ULONG NumberOfSharedWaiters;
	ULONG NumberOfExclusiveWaiters;
#ifdef __LP64__
	PVOID Reserved2;
#endif
	union {
		PVOID Address;
		ULONG_PTR CreatorBackTraceIndex;
	};
	KSPIN_LOCK SpinLock;
} ERESOURCE, *PERESOURCE;

/* ERESOURCE.Flag */
#define ResourceNeverExclusive		0x0010
#define ResourceReleaseByOtherThread	0x0020
#define ResourceOwnedExclusive		0x0080

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
NTSTATUS
ExInitializeResourceLite(_Out_ PERESOURCE Resource);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
NTSTATUS
ExDeleteResourceLite(_Inout_ PERESOURCE Resource);

_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI
BOOLEAN
ExAcquireResourceExclusiveLite(_Inout_ PERESOURCE Resource, _In_ BOOLEAN Wait);

_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI
BOOLEAN
ExAcquireResourceSharedLite(_Inout_ PERESOURCE Resource, _In_ BOOLEAN Wait);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
ExReleaseResourceLite(_Inout_ PERESOURCE Resource);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
ExReleaseResourceForThreadLite(_Inout_ PERESOURCE Resource,
			       _In_ ERESOURCE_THREAD ResourceThreadId);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
BOOLEAN
ExIsResourceAcquiredExclusiveLite(_In_ PERESOURCE Resource);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
ULONG
ExIsResourceAcquiredSharedLite(_In_ PERESOURCE Resource);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
ERESOURCE_THREAD
ExGetCurrentResourceThread(VOID);

/* ExReleaseResource is the Lite form, as in the WDK */
#define ExReleaseResource(R)	ExReleaseResourceLite(R)

/* System threads and their handles (wdmdma/rt/thread.c) */
typedef struct _CLIENT_ID {
	HANDLE UniqueProcess;
	HANDLE UniqueThread;
} CLIENT_ID, *PCLIENT_ID;

typedef
_Function_class_(KSTART_ROUTINE)
_IRQL_requires_same_
VOID
KSTART_ROUTINE(_In_ PVOID StartContext);
typedef KSTART_ROUTINE *PKSTART_ROUTINE;

/* Object types: PsThreadType is the one ObReferenceObjectByHandle knows */
typedef struct _OBJECT_TYPE *POBJECT_TYPE;
extern POBJECT_TYPE *PsThreadType;

typedef struct _OBJECT_HANDLE_INFORMATION {
	ULONG HandleAttributes;
	ACCESS_MASK GrantedAccess;
} OBJECT_HANDLE_INFORMATION, *POBJECT_HANDLE_INFORMATION;

#define NtCurrentProcess()	((HANDLE)(LONG_PTR)-1)
#define ZwCurrentProcess()	NtCurrentProcess()
#define NtCurrentThread()	((HANDLE)(LONG_PTR)-2)
#define ZwCurrentThread()	NtCurrentThread()

_IRQL_requires_max_(PASSIVE_LEVEL)
NTKERNELAPI
NTSTATUS
PsCreateSystemThread(_Out_ PHANDLE ThreadHandle,
		     _In_ ULONG DesiredAccess,
		     _In_opt_ POBJECT_ATTRIBUTES ObjectAttributes,
		     _In_opt_ HANDLE ProcessHandle,
		     _Out_opt_ PCLIENT_ID ClientId,
		     _In_ PKSTART_ROUTINE StartRoutine,
		     _In_opt_ PVOID StartContext);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTKERNELAPI
NTSTATUS
PsTerminateSystemThread(_In_ NTSTATUS ExitStatus);

NTKERNELAPI
NTSTATUS
PsGetThreadExitStatus(_In_ PETHREAD Thread);

NTKERNELAPI
PETHREAD
PsGetCurrentThread(VOID);

NTKERNELAPI
PKTHREAD
KeGetCurrentThread(VOID);

NTKERNELAPI
HANDLE
PsGetCurrentThreadId(VOID);

NTKERNELAPI
HANDLE
PsGetCurrentProcessId(VOID);

_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI
NTSTATUS
ObReferenceObjectByHandle(_In_ HANDLE Handle,
			  _In_ ACCESS_MASK DesiredAccess,
			  _In_opt_ POBJECT_TYPE ObjectType,
			  _In_ KPROCESSOR_MODE AccessMode,
			  _Out_ PVOID *Object,
			  _Out_opt_ POBJECT_HANDLE_INFORMATION HandleInformation);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI
NTSTATUS
NTAPI
ZwClose(_In_ HANDLE Handle);

/* Clocks (wdmdma/rt/time.c): system time is 100 ns units since 1601 UTC */
_IRQL_requires_max_(HIGH_LEVEL)
NTKERNELAPI
VOID
KeQuerySystemTime(_Out_ PLARGE_INTEGER CurrentTime);

_IRQL_requires_max_(HIGH_LEVEL)
NTKERNELAPI
VOID
KeQuerySystemTimePrecise(_Out_ PLARGE_INTEGER CurrentTime);

_IRQL_requires_max_(HIGH_LEVEL)
NTKERNELAPI
VOID
KeQueryTickCount(_Out_ PLARGE_INTEGER CurrentCount);

_IRQL_requires_max_(HIGH_LEVEL)
NTKERNELAPI
ULONG
KeQueryTimeIncrement(VOID);

_IRQL_requires_max_(HIGH_LEVEL)
NTKERNELAPI
LARGE_INTEGER
KeQueryPerformanceCounter(_Out_opt_ PLARGE_INTEGER PerformanceFrequency);

_IRQL_requires_max_(HIGH_LEVEL)
NTKERNELAPI
ULONGLONG
KeQueryInterruptTime(VOID);

_IRQL_requires_max_(HIGH_LEVEL)
NTKERNELAPI
ULONGLONG
KeQueryInterruptTimePrecise(_Out_ PULONG64 QpcTimeStamp);

#ifdef __LP64__
WDM_STATIC_ASSERT(sizeof(KWAIT_BLOCK) == 0x30);
WDM_STATIC_ASSERT(sizeof(KMUTANT) == 0x38);
WDM_STATIC_ASSERT(sizeof(KSEMAPHORE) == 0x20);
WDM_STATIC_ASSERT(sizeof(FAST_MUTEX) == 0x38);
WDM_STATIC_ASSERT(offsetof(ERESOURCE, OwnerEntry) == 0x30);
#endif

#endif /* _WDM_SYNC_H_ */
