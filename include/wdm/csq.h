/* SPDX-License-Identifier: GPL-2.0 */
/*
 * csq.h - cancel-safe IRP queues (IO_CSQ, IoCsqInitialize(Ex),
 * IoCsqInsertIrp(Ex), IoCsqRemoveIrp, IoCsqRemoveNextIrp)
 *
 * The driver keeps the queue and its lock (the six routines); wdmdma
 * makes each queued IRP cancelable and settles the race between
 * IoCancelIrp() and a removal, so exactly one side gets the IRP.  A queued
 * IRP's Tail.Overlay.DriverContext[3] is the queue's: the driver must not
 * use it while the IRP is queued.
 */
#ifndef _WDM_CSQ_H_
#define _WDM_CSQ_H_

#include <wdm/ntdef.h>
#include <wdm/io.h>

/* IO_CSQ.Type, IO_CSQ_IRP_CONTEXT.Type */
#define IO_TYPE_CSQ_IRP_CONTEXT		1
#define IO_TYPE_CSQ			2
#define IO_TYPE_CSQ_EX			3

struct _IO_CSQ;

/* Ties a queued IRP to the queue, for IoCsqRemoveIrp */
typedef struct _IO_CSQ_IRP_CONTEXT {
	ULONG Type;
	struct _IRP *Irp;
	struct _IO_CSQ *Csq;
} IO_CSQ_IRP_CONTEXT, *PIO_CSQ_IRP_CONTEXT;

typedef
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID
IO_CSQ_INSERT_IRP(_In_ struct _IO_CSQ *Csq, _In_ PIRP Irp);
typedef IO_CSQ_INSERT_IRP *PIO_CSQ_INSERT_IRP;

typedef
_IRQL_requires_max_(DISPATCH_LEVEL)
NTSTATUS
IO_CSQ_INSERT_IRP_EX(_In_ struct _IO_CSQ *Csq, _In_ PIRP Irp, _In_ PVOID InsertContext);
typedef IO_CSQ_INSERT_IRP_EX *PIO_CSQ_INSERT_IRP_EX;

typedef
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID
IO_CSQ_REMOVE_IRP(_In_ struct _IO_CSQ *Csq, _In_ PIRP Irp);
typedef IO_CSQ_REMOVE_IRP *PIO_CSQ_REMOVE_IRP;

typedef
_IRQL_requires_max_(DISPATCH_LEVEL)
PIRP
IO_CSQ_PEEK_NEXT_IRP(_In_ struct _IO_CSQ *Csq, _In_opt_ PIRP Irp, _In_opt_ PVOID PeekContext);
typedef IO_CSQ_PEEK_NEXT_IRP *PIO_CSQ_PEEK_NEXT_IRP;

typedef
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID
IO_CSQ_ACQUIRE_LOCK(_In_ struct _IO_CSQ *Csq, _Out_ PKIRQL Irql);
typedef IO_CSQ_ACQUIRE_LOCK *PIO_CSQ_ACQUIRE_LOCK;

typedef
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID
IO_CSQ_RELEASE_LOCK(_In_ struct _IO_CSQ *Csq, _In_ KIRQL Irql);
typedef IO_CSQ_RELEASE_LOCK *PIO_CSQ_RELEASE_LOCK;

typedef
_IRQL_requires_max_(DISPATCH_LEVEL)
VOID
IO_CSQ_COMPLETE_CANCELED_IRP(_In_ struct _IO_CSQ *Csq, _In_ PIRP Irp);
typedef IO_CSQ_COMPLETE_CANCELED_IRP *PIO_CSQ_COMPLETE_CANCELED_IRP;

/* The queue's dispatch table, in the driver's storage */
typedef struct _IO_CSQ {
	ULONG Type;
	PIO_CSQ_INSERT_IRP CsqInsertIrp;
	PIO_CSQ_REMOVE_IRP CsqRemoveIrp;
	PIO_CSQ_PEEK_NEXT_IRP CsqPeekNextIrp;
	PIO_CSQ_ACQUIRE_LOCK CsqAcquireLock;
	PIO_CSQ_RELEASE_LOCK CsqReleaseLock;
	PIO_CSQ_COMPLETE_CANCELED_IRP CsqCompleteCanceledIrp;
	PVOID ReservePointer;
} IO_CSQ, *PIO_CSQ;

/* Cancel-safe queues (wdmdma/rt/csq.c) */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
NTSTATUS
IoCsqInitialize(_Out_ PIO_CSQ Csq,
		_In_ PIO_CSQ_INSERT_IRP CsqInsertIrp,
		_In_ PIO_CSQ_REMOVE_IRP CsqRemoveIrp,
		_In_ PIO_CSQ_PEEK_NEXT_IRP CsqPeekNextIrp,
		_In_ PIO_CSQ_ACQUIRE_LOCK CsqAcquireLock,
		_In_ PIO_CSQ_RELEASE_LOCK CsqReleaseLock,
		_In_ PIO_CSQ_COMPLETE_CANCELED_IRP CsqCompleteCanceledIrp);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
NTSTATUS
IoCsqInitializeEx(_Out_ PIO_CSQ Csq,
		  _In_ PIO_CSQ_INSERT_IRP_EX CsqInsertIrp,
		  _In_ PIO_CSQ_REMOVE_IRP CsqRemoveIrp,
		  _In_ PIO_CSQ_PEEK_NEXT_IRP CsqPeekNextIrp,
		  _In_ PIO_CSQ_ACQUIRE_LOCK CsqAcquireLock,
		  _In_ PIO_CSQ_RELEASE_LOCK CsqReleaseLock,
		  _In_ PIO_CSQ_COMPLETE_CANCELED_IRP CsqCompleteCanceledIrp);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
IoCsqInsertIrp(_Inout_ PIO_CSQ Csq,
	       _Inout_ PIRP Irp,
	       _Out_opt_ PIO_CSQ_IRP_CONTEXT Context);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
NTSTATUS
IoCsqInsertIrpEx(_Inout_ PIO_CSQ Csq,
		 _Inout_ PIRP Irp,
		 _Out_opt_ PIO_CSQ_IRP_CONTEXT Context,
		 _In_opt_ PVOID InsertContext);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
PIRP
IoCsqRemoveIrp(_Inout_ PIO_CSQ Csq, _Inout_ PIO_CSQ_IRP_CONTEXT Context);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
PIRP
IoCsqRemoveNextIrp(_Inout_ PIO_CSQ Csq, _In_opt_ PVOID PeekContext);

#endif /* _WDM_CSQ_H_ */
