/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ke.h - kernel (Ke) types of the WDM surface: IRQL, processor mode,
 * spin locks, DPCs, events, device queues, timers, APCs
 *
 * The structures a driver embeds in its own objects (KDPC, KEVENT, KTIMER,
 * KDEVICE_QUEUE, ...) have the WDK's field names; their contents belong to
 * the wdmdma runtime.  KSPIN_LOCK holds a real Linux spin lock (so lockdep
 * sees a driver's locks) and KDPC carries one word more than on Windows:
 * drivers are recompiled, and only the DMA structures keep Windows' exact
 * layout.  What a structure holds of a Linux object is opaque storage,
 * sized at build time (<generated/wdm_sizes.h>).
 */
#ifndef _WDM_KE_H_
#define _WDM_KE_H_

#include <wdm/ntdef.h>

struct _MDL;
struct _KINTERRUPT;
struct _DEVICE_OBJECT;
struct _IRP;

/* Interrupt request levels */
typedef UCHAR KIRQL, *PKIRQL;

#define PASSIVE_LEVEL	0
#define LOW_LEVEL	0
#define APC_LEVEL	1
#define DISPATCH_LEVEL	2
#define CMCI_LEVEL	5
#ifdef CONFIG_X86_32
#define PROFILE_LEVEL	27
#define CLOCK1_LEVEL	28
#define CLOCK2_LEVEL	28
#define IPI_LEVEL	29
#define POWER_LEVEL	30
#define HIGH_LEVEL	31
#define CLOCK_LEVEL	CLOCK2_LEVEL
#else
#define CLOCK_LEVEL	13
#define IPI_LEVEL	14
#define DRS_LEVEL	14
#define POWER_LEVEL	14
#define PROFILE_LEVEL	15
#define HIGH_LEVEL	15
#endif
#define SYNCH_LEVEL	(IPI_LEVEL - 2)

/* Processor mode of a caller or of a request */
typedef CCHAR KPROCESSOR_MODE;

typedef enum _MODE {
	KernelMode,
	UserMode,
	MaximumMode
} MODE;

/* Opaque kernel objects a driver only handles by pointer */
typedef struct _KTHREAD *PKTHREAD, *PRKTHREAD;
typedef struct _KPROCESS *PKPROCESS, *PRKPROCESS;
typedef struct _ETHREAD *PETHREAD;
typedef struct _EPROCESS *PEPROCESS;
typedef struct _KINTERRUPT *PKINTERRUPT, *PRKINTERRUPT;

/*
 * Spin lock: a Linux spin lock, only ever used through the Ke* calls.
 * Not pointer-sized as on Windows: it holds lockdep's state.
 */
typedef struct _KSPIN_LOCK {
	/* the Linux spin lock (wdmdma/rt/ke.c) */
	UCHAR WdmdmaLock[WDM_SIZEOF_SPINLOCK]
		__attribute__((__aligned__(WDM_ALIGNOF_SPINLOCK)));
	/* taken by KeAcquireSpinLockAtDpcLevel below DISPATCH_LEVEL (misuse) */
	BOOLEAN WdmdmaRaised;
} KSPIN_LOCK, *PKSPIN_LOCK;

/* Deferred procedure call */
struct _KDPC;

typedef
_Function_class_(KDEFERRED_ROUTINE)
_IRQL_requires_(DISPATCH_LEVEL)
_IRQL_requires_same_
VOID
KDEFERRED_ROUTINE(_In_ struct _KDPC *Dpc,
		  _In_opt_ PVOID DeferredContext,
		  _In_opt_ PVOID SystemArgument1,
		  _In_opt_ PVOID SystemArgument2);
typedef KDEFERRED_ROUTINE *PKDEFERRED_ROUTINE;

typedef struct _KDPC {
	union {
		ULONG TargetInfoAsUlong;
		struct {
			UCHAR Type;
			UCHAR Importance;
			__volatile USHORT Number;
		};
	};
	SINGLE_LIST_ENTRY DpcListEntry;
	KAFFINITY ProcessorHistory;
	PKDEFERRED_ROUTINE DeferredRoutine;
	PVOID DeferredContext;
	PVOID SystemArgument1;
	PVOID SystemArgument2;
	__volatile PVOID DpcData;
	/* Not in the WDK: the PIO_DPC_ROUTINE of IoInitializeDpcRequest */
	VOID (*WdmdmaIoDpcRoutine)(struct _KDPC *Dpc,
				   struct _DEVICE_OBJECT *DeviceObject,
				   struct _IRP *Irp, PVOID Context);
} KDPC, *PKDPC, *PRKDPC;

/* KDPC.Importance */
typedef enum _KDPC_IMPORTANCE {
	LowImportance,
	MediumImportance,
	HighImportance,
	MediumHighImportance
} KDPC_IMPORTANCE;

/*
 * Dispatcher header: only its size and the three words every version shares
 * are reproduced; the first word is a union of type/state bytes on Windows.
 */
typedef struct _DISPATCHER_HEADER {
	LONG Lock;
	LONG SignalState;
	LIST_ENTRY WaitListHead;
} DISPATCHER_HEADER, *PDISPATCHER_HEADER;

typedef struct _KEVENT {
	DISPATCHER_HEADER Header;
} KEVENT, *PKEVENT, *PRKEVENT;

typedef enum _EVENT_TYPE {
	NotificationEvent,
	SynchronizationEvent
} EVENT_TYPE;

/* Why a thread waits (KeWaitForSingleObject's WaitReason) */
typedef enum _KWAIT_REASON {
	Executive,
	FreePage,
	PageIn,
	PoolAllocation,
	DelayExecution,
	Suspended,
	UserRequest,
	WrExecutive,
	WrFreePage,
	WrPageIn,
	WrPoolAllocation,
	WrDelayExecution,
	WrSuspended,
	WrUserRequest,
	WrSpare0,
	WrQueue,
	WrLpcReceive,
	WrLpcReply,
	WrVirtualMemory,
	WrPageOut,
	WrRendezvous,
	WrKeyedEvent,
	WrTerminated,
	WrProcessInSwap,
	WrCpuRateControl,
	WrCalloutStack,
	WrKernel,
	WrResource,
	WrPushLock,
	WrMutex,
	WrQuantumEnd,
	WrDispatchInt,
	WrPreempted,
	WrYieldExecution,
	WrFastMutex,
	WrGuardedMutex,
	WrRundown,
	WrAlertByThreadId,
	WrDeferredPreempt,
	WrPhysicalFault,
	WrIoRing,
	WrMdlCache,
	MaximumWaitReason
} KWAIT_REASON;

/* Priority increments for KeSetEvent */
#define EVENT_INCREMENT			1

/*
 * Timer: the WDK's fields, then the Linux timer that carries it (so not
 * Windows' x64 size, as KSPIN_LOCK and KDPC): drivers only reach it
 * through the Ke*Timer calls.
 */
typedef struct _KTIMER {
	DISPATCHER_HEADER Header;
	ULARGE_INTEGER DueTime;
	LIST_ENTRY TimerListEntry;
	struct _KDPC *Dpc;
#ifndef CONFIG_X86_32
	ULONG Processor;
#endif
	ULONG Period;
	/* Not in the WDK: the Linux timer behind it (wdmdma/rt/timer.c) */
	UCHAR WdmdmaTimer[WDM_SIZEOF_TIMER] __attribute__((__aligned__(WDM_ALIGNOF_TIMER)));
} KTIMER, *PKTIMER, *PRKTIMER;

typedef enum _TIMER_TYPE {
	NotificationTimer,
	SynchronizationTimer
} TIMER_TYPE;

/* Device queue (used by the I/O manager's StartIo queueing) */
typedef struct _KDEVICE_QUEUE_ENTRY {
	LIST_ENTRY DeviceListEntry;
	ULONG SortKey;
	BOOLEAN Inserted;
} KDEVICE_QUEUE_ENTRY, *PKDEVICE_QUEUE_ENTRY, *PRKDEVICE_QUEUE_ENTRY;

typedef struct _KDEVICE_QUEUE {
	CSHORT Type;
	CSHORT Size;
	LIST_ENTRY DeviceListHead;
	KSPIN_LOCK Lock;
#ifdef CONFIG_X86_64
	union {
		BOOLEAN Busy;
		struct {
			LONG64 Reserved : 8;
			LONG64 Hint : 56;
		};
	};
#else
	BOOLEAN Busy;
#endif
} KDEVICE_QUEUE, *PKDEVICE_QUEUE, *PRKDEVICE_QUEUE;

/* Asynchronous procedure call object (embedded in the IRP) */
typedef struct _KAPC {
	UCHAR Type;
	UCHAR SpareByte0;
	UCHAR Size;
	UCHAR SpareByte1;
	ULONG SpareLong0;
	struct _KTHREAD *Thread;
	LIST_ENTRY ApcListEntry;
	PVOID Reserved[3];
	PVOID NormalContext;
	PVOID SystemArgument1;
	PVOID SystemArgument2;
	CCHAR ApcStateIndex;
	KPROCESSOR_MODE ApcMode;
	BOOLEAN Inserted;
} KAPC, *PKAPC, *PRKAPC;

/* Interrupt service routine */
typedef
_Function_class_(KSERVICE_ROUTINE)
_IRQL_requires_same_
BOOLEAN
KSERVICE_ROUTINE(_In_ struct _KINTERRUPT *Interrupt,
		 _In_opt_ PVOID ServiceContext);
typedef KSERVICE_ROUTINE *PKSERVICE_ROUTINE;

_IRQL_requires_max_(HIGH_LEVEL)
NTHALAPI
KIRQL
NTAPI
KeGetCurrentIrql(VOID);

/* Interrupt objects (wdmdma/rt/interrupt.c) */
typedef enum _KINTERRUPT_MODE {
	LevelSensitive,
	Latched
} KINTERRUPT_MODE;

typedef
_Function_class_(KSYNCHRONIZE_ROUTINE)
_IRQL_requires_same_
BOOLEAN
KSYNCHRONIZE_ROUTINE(_In_opt_ PVOID SynchronizeContext);
typedef KSYNCHRONIZE_ROUTINE *PKSYNCHRONIZE_ROUTINE;

/*
 * Interrupt object: IoConnectInterrupt() makes it, IoDisconnectInterrupt()
 * frees it.  Its contents belong to the wdmdma runtime (wdmdma/rt/interrupt.c);
 * a driver only passes the pointer around.
 */

/*
 * IoConnectInterrupt - connect an ISR to an interrupt
 *
 * On Linux, Vector is the Linux IRQ number the driver's glue file got from
 * pci_irq_vector() (or pdev->irq) and passes to the driver as its
 * interrupt resource; Irql and SynchronizeIrql are only checked
 * (SynchronizeIrql >= Irql); InterruptMode, ProcessorEnableMask and
 * FloatingSave are ignored (the trigger and affinity are the platform's).
 * The ISR runs in hard interrupt context with the interrupt's spin lock
 * held; KeGetCurrentIrql() reports HIGH_LEVEL there.
 */
_IRQL_requires_(PASSIVE_LEVEL)
NTKERNELAPI
NTSTATUS
IoConnectInterrupt(_Out_ PKINTERRUPT *InterruptObject,
		   _In_ PKSERVICE_ROUTINE ServiceRoutine,
		   _In_opt_ PVOID ServiceContext,
		   _In_opt_ PKSPIN_LOCK SpinLock,
		   _In_ ULONG Vector,
		   _In_ KIRQL Irql,
		   _In_ KIRQL SynchronizeIrql,
		   _In_ KINTERRUPT_MODE InterruptMode,
		   _In_ BOOLEAN ShareVector,
		   _In_ KAFFINITY ProcessorEnableMask,
		   _In_ BOOLEAN FloatingSave);

_IRQL_requires_(PASSIVE_LEVEL)
NTKERNELAPI
VOID
IoDisconnectInterrupt(_In_ PKINTERRUPT InterruptObject);

_IRQL_requires_max_(HIGH_LEVEL)
NTKERNELAPI
BOOLEAN
KeSynchronizeExecution(_Inout_ PKINTERRUPT Interrupt,
		       _In_ PKSYNCHRONIZE_ROUTINE SynchronizeRoutine,
		       _In_opt_ PVOID SynchronizeContext);

_IRQL_requires_max_(HIGH_LEVEL)
NTKERNELAPI
KIRQL
KeAcquireInterruptSpinLock(_Inout_ PKINTERRUPT Interrupt) _WDM_ACQUIRES(Interrupt);

_IRQL_requires_max_(HIGH_LEVEL)
NTKERNELAPI
VOID
KeReleaseInterruptSpinLock(_Inout_ PKINTERRUPT Interrupt, _In_ KIRQL OldIrql)
	_WDM_RELEASES(Interrupt);

/*
 * KeFlushIoBuffers - make the CPU caches coherent with memory for the
 * buffer an MDL describes, before (DmaOperation) or after a transfer.
 * A no-op on x86 Windows; on Linux it performs the cache maintenance that
 * non-coherent platforms need.
 */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
KeFlushIoBuffers(_In_ struct _MDL *Mdl,
		 _In_ BOOLEAN ReadOperation,
		 _In_ BOOLEAN DmaOperation);

/* Spin locks and IRQL (wdmdma/rt/ke.c) */

/*
 * Where KeInitializeSpinLock() puts each call site's lockdep class (a
 * static object per site, as spin_lock_init() makes one).
 */
typedef struct _WDMDMA_LOCK_CLASS {
	UCHAR Key[WDM_SIZEOF_LOCK_CLASS_KEY]
		__attribute__((__aligned__(WDM_ALIGNOF_LOCK_CLASS_KEY)));
} WDMDMA_LOCK_CLASS;

VOID WdmdmaInitializeSpinLock(PKSPIN_LOCK SpinLock, WDMDMA_LOCK_CLASS *Class, PCSTR Name);

/**
 * KeInitializeSpinLock() - initialize a spin lock
 * @SpinLock: the lock, in storage the driver provides (nonpaged)
 *
 * A macro, as spin_lock_init() is: each call site gets its own lockdep
 * class, so lockdep checks a driver's lock order.
 */
#define KeInitializeSpinLock(SpinLock)					\
	do {								\
		static WDMDMA_LOCK_CLASS wdmdma_lock_class_;		\
									\
		WdmdmaInitializeSpinLock((SpinLock), &wdmdma_lock_class_, #SpinLock); \
	} while (0)

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
KIRQL
KeAcquireSpinLockRaiseToDpc(_Inout_ PKSPIN_LOCK SpinLock) _WDM_ACQUIRES(SpinLock);

/* KeAcquireSpinLock(SpinLock, &OldIrql): raise to DISPATCH_LEVEL and lock */
#define KeAcquireSpinLock(SpinLock, OldIrql)				\
	(*(OldIrql) = KeAcquireSpinLockRaiseToDpc(SpinLock))

_IRQL_requires_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
KeReleaseSpinLock(_Inout_ PKSPIN_LOCK SpinLock, _In_ KIRQL NewIrql) _WDM_RELEASES(SpinLock);

_IRQL_requires_min_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
KeAcquireSpinLockAtDpcLevel(_Inout_ PKSPIN_LOCK SpinLock) _WDM_ACQUIRES(SpinLock);

_IRQL_requires_min_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
KeReleaseSpinLockFromDpcLevel(_Inout_ PKSPIN_LOCK SpinLock) _WDM_RELEASES(SpinLock);

_IRQL_requires_max_(HIGH_LEVEL)
NTHALAPI
KIRQL
KfRaiseIrql(_In_ KIRQL NewIrql);

/* KeRaiseIrql(NewIrql, &OldIrql) */
#define KeRaiseIrql(NewIrql, OldIrql)	(*(OldIrql) = KfRaiseIrql(NewIrql))

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
KIRQL
KeRaiseIrqlToDpcLevel(VOID);

_IRQL_requires_max_(HIGH_LEVEL)
NTHALAPI
VOID
KeLowerIrql(_In_ KIRQL NewIrql);

_IRQL_requires_max_(HIGH_LEVEL)
NTHALAPI
VOID
KeStallExecutionProcessor(_In_ ULONG MicroSeconds);

/* DPCs (wdmdma/rt/ke.c) */
_IRQL_requires_max_(HIGH_LEVEL)
NTKERNELAPI
VOID
KeInitializeDpc(_Out_ PKDPC Dpc,
		_In_ PKDEFERRED_ROUTINE DeferredRoutine,
		_In_opt_ PVOID DeferredContext);

_IRQL_requires_max_(HIGH_LEVEL)
NTKERNELAPI
BOOLEAN
KeInsertQueueDpc(_Inout_ PKDPC Dpc,
		 _In_opt_ PVOID SystemArgument1,
		 _In_opt_ PVOID SystemArgument2);

_IRQL_requires_max_(HIGH_LEVEL)
NTKERNELAPI
BOOLEAN
KeRemoveQueueDpc(_Inout_ PKDPC Dpc);

_IRQL_requires_(PASSIVE_LEVEL)
NTKERNELAPI
VOID
KeFlushQueuedDpcs(VOID);

/*
 * Events (wdmdma/rt/event.c).  Header.Lock holds the object type byte
 * (NotificationEvent or SynchronizationEvent) and, in its third byte, the
 * object size in ULONGs as on Windows; Header.SignalState is the state,
 * WaitListHead the waits pending on it (the dispatcher, wdmdma/rt/dispatch.c,
 * whose KeWaitForMultipleObjects is in <wdm/sync.h>).
 */
/* Timers (wdmdma/rt/timer.c) */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
KeInitializeTimer(_Out_ PKTIMER Timer);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
KeInitializeTimerEx(_Out_ PKTIMER Timer, _In_ TIMER_TYPE Type);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
BOOLEAN
KeSetTimer(_Inout_ PKTIMER Timer, _In_ LARGE_INTEGER DueTime, _In_opt_ PKDPC Dpc);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
BOOLEAN
KeSetTimerEx(_Inout_ PKTIMER Timer, _In_ LARGE_INTEGER DueTime, _In_ LONG Period,
	     _In_opt_ PKDPC Dpc);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
BOOLEAN
KeCancelTimer(_Inout_ PKTIMER Timer);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
BOOLEAN
KeReadStateTimer(_In_ PKTIMER Timer);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
KeInitializeEvent(_Out_ PRKEVENT Event, _In_ EVENT_TYPE Type, _In_ BOOLEAN State);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
LONG
KeSetEvent(_Inout_ PRKEVENT Event, _In_ LONG Increment, _In_ BOOLEAN Wait);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
LONG
KeResetEvent(_Inout_ PRKEVENT Event);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
KeClearEvent(_Inout_ PRKEVENT Event);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
LONG
KeReadStateEvent(_In_ PRKEVENT Event);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
NTSTATUS
KeWaitForSingleObject(_In_ PVOID Object,
		      _In_ KWAIT_REASON WaitReason,
		      _In_ KPROCESSOR_MODE WaitMode,
		      _In_ BOOLEAN Alertable,
		      _In_opt_ PLARGE_INTEGER Timeout);

/* Device queues (wdmdma/rt/devqueue.c) */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
KeInitializeDeviceQueue(_Out_ PKDEVICE_QUEUE DeviceQueue);

_IRQL_requires_(DISPATCH_LEVEL)
NTKERNELAPI
BOOLEAN
KeInsertDeviceQueue(_Inout_ PKDEVICE_QUEUE DeviceQueue,
		    _Inout_ PKDEVICE_QUEUE_ENTRY DeviceQueueEntry);

_IRQL_requires_(DISPATCH_LEVEL)
NTKERNELAPI
BOOLEAN
KeInsertByKeyDeviceQueue(_Inout_ PKDEVICE_QUEUE DeviceQueue,
			 _Inout_ PKDEVICE_QUEUE_ENTRY DeviceQueueEntry,
			 _In_ ULONG SortKey);

_IRQL_requires_(DISPATCH_LEVEL)
NTKERNELAPI
PKDEVICE_QUEUE_ENTRY
KeRemoveDeviceQueue(_Inout_ PKDEVICE_QUEUE DeviceQueue);

_IRQL_requires_(DISPATCH_LEVEL)
NTKERNELAPI
PKDEVICE_QUEUE_ENTRY
KeRemoveByKeyDeviceQueue(_Inout_ PKDEVICE_QUEUE DeviceQueue, _In_ ULONG SortKey);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
BOOLEAN
KeRemoveEntryDeviceQueue(_Inout_ PKDEVICE_QUEUE DeviceQueue,
			 _Inout_ PKDEVICE_QUEUE_ENTRY DeviceQueueEntry);

#ifdef CONFIG_X86_64
WDM_STATIC_ASSERT(offsetof(KDPC, DeferredRoutine) == 0x18);
WDM_STATIC_ASSERT(offsetof(KDPC, DpcData) == 0x38);
WDM_STATIC_ASSERT(sizeof(DISPATCHER_HEADER) == 0x18);
WDM_STATIC_ASSERT(sizeof(KEVENT) == 0x18);
WDM_STATIC_ASSERT(sizeof(KDEVICE_QUEUE_ENTRY) == 0x18);
WDM_STATIC_ASSERT(offsetof(KDEVICE_QUEUE, Lock) == 0x18);
WDM_STATIC_ASSERT(sizeof(KAPC) == 0x58);
#endif

#endif /* _WDM_KE_H_ */
