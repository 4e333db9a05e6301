/* SPDX-License-Identifier: GPL-2.0 */
/*
 * workitem.h - work items (IoAllocateWorkItem, ExQueueWorkItem) and
 * lookaside lists (NPAGED_LOOKASIDE_LIST, PAGED_LOOKASIDE_LIST)
 *
 * Work item routines run at PASSIVE_LEVEL in a kernel worker thread (the
 * kernel's unbound workqueue; the WORK_QUEUE_TYPE is not distinguished).
 * An IO_WORKITEM holds a reference on its device object from
 * IoQueueWorkItem until its routine has returned, so the device object
 * outlives IoDeleteDevice meanwhile.  A lookaside list keeps up to
 * MaximumDepth (256) freed entries for reuse; ExDelete*LookasideList
 * frees them.
 */
#ifndef _WDM_WORKITEM_H_
#define _WDM_WORKITEM_H_

#include <wdm/ntdef.h>
#include <wdm/mdl.h>
#include <wdm/lists.h>
#include <wdm/io.h>

typedef enum _WORK_QUEUE_TYPE {
	CriticalWorkQueue,
	DelayedWorkQueue,
	HyperCriticalWorkQueue,
	NormalWorkQueue,
	BackgroundWorkQueue,
	RealTimeWorkQueue,
	SuperCriticalWorkQueue,
	MaximumWorkQueue,
	CustomPriorityWorkQueue = 32
} WORK_QUEUE_TYPE;

/* IoAllocateWorkItem's object: opaque (IoSizeofWorkItem tells its size) */
typedef struct _IO_WORKITEM IO_WORKITEM, *PIO_WORKITEM;

typedef
_Function_class_(IO_WORKITEM_ROUTINE)
_IRQL_requires_(PASSIVE_LEVEL)
_IRQL_requires_same_
VOID
IO_WORKITEM_ROUTINE(_In_ PDEVICE_OBJECT DeviceObject, _In_opt_ PVOID Context);
typedef IO_WORKITEM_ROUTINE *PIO_WORKITEM_ROUTINE;

typedef
_Function_class_(IO_WORKITEM_ROUTINE_EX)
_IRQL_requires_(PASSIVE_LEVEL)
_IRQL_requires_same_
VOID
IO_WORKITEM_ROUTINE_EX(_In_ PVOID IoObject, _In_opt_ PVOID Context,
		       _In_ PIO_WORKITEM IoWorkItem);
typedef IO_WORKITEM_ROUTINE_EX *PIO_WORKITEM_ROUTINE_EX;

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
PIO_WORKITEM
IoAllocateWorkItem(_In_ PDEVICE_OBJECT DeviceObject);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
IoFreeWorkItem(_In_ PIO_WORKITEM IoWorkItem);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
IoQueueWorkItem(_Inout_ PIO_WORKITEM IoWorkItem, _In_ PIO_WORKITEM_ROUTINE WorkerRoutine,
		_In_ WORK_QUEUE_TYPE QueueType, _In_opt_ PVOID Context);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
IoQueueWorkItemEx(_Inout_ PIO_WORKITEM IoWorkItem, _In_ PIO_WORKITEM_ROUTINE_EX WorkerRoutine,
		  _In_ WORK_QUEUE_TYPE QueueType, _In_opt_ PVOID Context);

NTKERNELAPI
ULONG
IoSizeofWorkItem(VOID);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
IoInitializeWorkItem(_In_ PVOID IoObject, _Out_ PIO_WORKITEM IoWorkItem);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
IoUninitializeWorkItem(_Inout_ PIO_WORKITEM IoWorkItem);

/* ExQueueWorkItem: the driver's own WORK_QUEUE_ITEM (the WDK's layout) */
typedef
_Function_class_(WORKER_THREAD_ROUTINE)
_IRQL_requires_(PASSIVE_LEVEL)
_IRQL_requires_same_
VOID
WORKER_THREAD_ROUTINE(_In_ PVOID Parameter);
typedef WORKER_THREAD_ROUTINE *PWORKER_THREAD_ROUTINE;

typedef struct _WORK_QUEUE_ITEM {
	LIST_ENTRY List;
	PWORKER_THREAD_ROUTINE WorkerRoutine;
	__volatile PVOID Parameter;
} WORK_QUEUE_ITEM, *PWORK_QUEUE_ITEM;

#define ExInitializeWorkItem(Item, Routine, Context) do {	\
		(Item)->WorkerRoutine = (Routine);		\
		(Item)->Parameter = (Context);			\
		(Item)->List.Flink = NULL;			\
	} while (0)

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
ExQueueWorkItem(_Inout_ PWORK_QUEUE_ITEM WorkItem, _In_ WORK_QUEUE_TYPE QueueType);

/* Pool that is zeroed, or explicitly not (ExAllocatePoolWithTag's) */
static inline PVOID ExAllocatePoolZero(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
	PVOID p = ExAllocatePoolWithTag(PoolType, NumberOfBytes, Tag);

	if (p)
		memset(p, 0, NumberOfBytes);
	return p;
}

static inline PVOID ExAllocatePoolUninitialized(POOL_TYPE PoolType, SIZE_T NumberOfBytes,
						ULONG Tag)
{
	return ExAllocatePoolWithTag(PoolType, NumberOfBytes, Tag);
}

/* Lookaside lists */
typedef
_IRQL_requires_same_
_Function_class_(ALLOCATE_FUNCTION)
PVOID
ALLOCATE_FUNCTION(_In_ POOL_TYPE PoolType, _In_ SIZE_T NumberOfBytes, _In_ ULONG Tag);
typedef ALLOCATE_FUNCTION *PALLOCATE_FUNCTION;

typedef
_IRQL_requires_same_
_Function_class_(FREE_FUNCTION)
VOID
FREE_FUNCTION(_In_ PVOID Buffer);
typedef FREE_FUNCTION *PFREE_FUNCTION;

#define LOOKASIDE_MINIMUM_BLOCK_SIZE	(RTL_SIZEOF_THROUGH_FIELD(SLIST_ENTRY, Next))

/* The WDK's field names (not its exact size); free entries wait in ListHead */
typedef struct DECLSPEC_ALIGN(16) _GENERAL_LOOKASIDE {
	SLIST_HEADER ListHead;
	USHORT Depth;
	USHORT MaximumDepth;
	ULONG TotalAllocates;
	ULONG AllocateMisses;
	ULONG TotalFrees;
	ULONG FreeMisses;
	POOL_TYPE Type;
	ULONG Tag;
	ULONG Size;
	PALLOCATE_FUNCTION Allocate;
	PFREE_FUNCTION Free;
	LIST_ENTRY ListEntry;
	ULONG LastTotalAllocates;
	ULONG LastAllocateMisses;
	ULONG Future[2];
} GENERAL_LOOKASIDE, *PGENERAL_LOOKASIDE;

typedef struct DECLSPEC_ALIGN(16) _NPAGED_LOOKASIDE_LIST {
	GENERAL_LOOKASIDE L;
} NPAGED_LOOKASIDE_LIST, *PNPAGED_LOOKASIDE_LIST;

typedef struct DECLSPEC_ALIGN(16) _PAGED_LOOKASIDE_LIST {
	GENERAL_LOOKASIDE L;
} PAGED_LOOKASIDE_LIST, *PPAGED_LOOKASIDE_LIST;

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
ExInitializeNPagedLookasideList(_Out_ PNPAGED_LOOKASIDE_LIST Lookaside,
				_In_opt_ PALLOCATE_FUNCTION Allocate, _In_opt_ PFREE_FUNCTION Free,
				_In_ ULONG Flags, _In_ SIZE_T Size, _In_ ULONG Tag,
				_In_ USHORT Depth);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
ExDeleteNPagedLookasideList(_Inout_ PNPAGED_LOOKASIDE_LIST Lookaside);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
PVOID
ExAllocateFromNPagedLookasideList(_Inout_ PNPAGED_LOOKASIDE_LIST Lookaside);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
ExFreeToNPagedLookasideList(_Inout_ PNPAGED_LOOKASIDE_LIST Lookaside, _In_ PVOID Entry);

_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI
VOID
ExInitializePagedLookasideList(_Out_ PPAGED_LOOKASIDE_LIST Lookaside,
			       _In_opt_ PALLOCATE_FUNCTION Allocate, _In_opt_ PFREE_FUNCTION Free,
			       _In_ ULONG Flags, _In_ SIZE_T Size, _In_ ULONG Tag,
			       _In_ USHORT Depth);

_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI
VOID
ExDeletePagedLookasideList(_Inout_ PPAGED_LOOKASIDE_LIST Lookaside);

_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI
PVOID
ExAllocateFromPagedLookasideList(_Inout_ PPAGED_LOOKASIDE_LIST Lookaside);

_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI
VOID
ExFreeToPagedLookasideList(_Inout_ PPAGED_LOOKASIDE_LIST Lookaside, _In_ PVOID Entry);

#ifdef CONFIG_X86_64
WDM_STATIC_ASSERT(sizeof(WORK_QUEUE_ITEM) == 32);
WDM_STATIC_ASSERT(offsetof(GENERAL_LOOKASIDE, TotalAllocates) == 0x14);
WDM_STATIC_ASSERT(offsetof(GENERAL_LOOKASIDE, Allocate) == 0x30);
#endif

#endif /* _WDM_WORKITEM_H_ */
