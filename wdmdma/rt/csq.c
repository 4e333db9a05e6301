// SPDX-License-Identifier: GPL-2.0
/*
 * Cancel-safe IRP queues (<wdm/csq.h>): IoCsqInitialize(Ex),
 * IoCsqInsertIrp(Ex), IoCsqRemoveIrp, IoCsqRemoveNextIrp.
 *
 * The driver's six routines keep the queue and its lock; this file keeps
 * each queued IRP cancelable and decides, for every IRP, which one side
 * takes it off the queue: a removal (IoCsqRemoveIrp, IoCsqRemoveNextIrp)
 * or its cancellation (IoCancelIrp calling wdmdma_csq_cancel).  The
 * decision is IoSetCancelRoutine(Irp, NULL), an atomic exchange: whoever
 * gets the routine back owns the IRP.  A removal that gets NULL leaves the
 * IRP where it is (its cancel routine is about to take the queue lock and
 * remove it) and reports it gone; the cancel routine only ever runs for an
 * IRP still queued, because nothing else clears the routine without
 * removing the IRP under the queue lock.
 *
 * Inserting: the IRP goes on the queue (CsqInsertIrp), is marked pending,
 * and gets the cancel routine, all under the queue lock.  An IRP already
 * cancelled when it arrives is not queued, and one cancelled while being
 * queued (Cancel read after the routine was set; IoCancelIrp sets Cancel
 * before taking the routine, both with full barriers) is taken back off
 * if its routine is still there: both complete through
 * CsqCompleteCanceledIrp, outside the queue lock.
 *
 * A queued IRP's Tail.Overlay.DriverContext[3] points at its
 * IO_CSQ_IRP_CONTEXT, or at the IO_CSQ itself when inserted without one
 * (both start with their Type); a context's Irp is cleared when the IRP
 * leaves the queue, so IoCsqRemoveIrp of it returns NULL afterwards.
 *
 * LOCKING
 *
 * The driver's queue lock (CsqAcquireLock / CsqReleaseLock) guards the
 * queue, each queued IRP's DriverContext[3] and its context's Irp.  The
 * cancel spin lock is never held with it: wdmdma_csq_cancel releases the
 * cancel lock before taking the queue lock.  CsqCompleteCanceledIrp runs
 * with neither held.
 */
#include "rt.h"
#include <wdm/csq.h>

#define WDMDMA_CSQ_SLOT	3	/* Tail.Overlay.DriverContext[] index the queue uses */

static bool wdmdma_csq_ok(PIO_CSQ csq, const char *call)
{
	if (unlikely(!csq || (csq->Type != IO_TYPE_CSQ && csq->Type != IO_TYPE_CSQ_EX))) {
		wdmdma_report(NULL, call, "%p is not an initialized IO_CSQ", csq);
		return false;
	}
	if (unlikely(KeGetCurrentIrql() > DISPATCH_LEVEL)) {
		wdmdma_report(NULL, call, "called above DISPATCH_LEVEL");
		return false;
	}
	return true;
}

static NTSTATUS wdmdma_csq_init(PIO_CSQ csq, ULONG type, PVOID insert,
				PIO_CSQ_REMOVE_IRP remove, PIO_CSQ_PEEK_NEXT_IRP peek,
				PIO_CSQ_ACQUIRE_LOCK acquire, PIO_CSQ_RELEASE_LOCK release,
				PIO_CSQ_COMPLETE_CANCELED_IRP complete, const char *call)
{
	if (unlikely(!csq || !insert || !remove || !peek || !acquire || !release || !complete)) {
		wdmdma_report(NULL, call, "NULL %s", csq ? "routine" : "Csq");
		return STATUS_INVALID_PARAMETER;
	}
	csq->Type = type;
	csq->CsqInsertIrp = (PIO_CSQ_INSERT_IRP)insert;
	csq->CsqRemoveIrp = remove;
	csq->CsqPeekNextIrp = peek;
	csq->CsqAcquireLock = acquire;
	csq->CsqReleaseLock = release;
	csq->CsqCompleteCanceledIrp = complete;
	csq->ReservePointer = NULL;
	return STATUS_SUCCESS;
}

/**
 * IoCsqInitialize() - set up a cancel-safe queue's dispatch table
 * @Csq: the driver's IO_CSQ
 * @CsqInsertIrp: puts an IRP on the driver's queue
 * @CsqRemoveIrp: takes an IRP off it
 * @CsqPeekNextIrp: the IRP after a given one (the first for NULL) that
 *	matches a peek context, or NULL
 * @CsqAcquireLock: takes the queue's lock
 * @CsqReleaseLock: releases it
 * @CsqCompleteCanceledIrp: completes an IRP cancelled while queued
 *
 * Context: at or below DISPATCH_LEVEL.
 * Return: STATUS_SUCCESS, or STATUS_INVALID_PARAMETER for a NULL argument
 * (reported).
 */
NTSTATUS IoCsqInitialize(PIO_CSQ Csq, PIO_CSQ_INSERT_IRP CsqInsertIrp,
			 PIO_CSQ_REMOVE_IRP CsqRemoveIrp, PIO_CSQ_PEEK_NEXT_IRP CsqPeekNextIrp,
			 PIO_CSQ_ACQUIRE_LOCK CsqAcquireLock, PIO_CSQ_RELEASE_LOCK CsqReleaseLock,
			 PIO_CSQ_COMPLETE_CANCELED_IRP CsqCompleteCanceledIrp)
{
	return wdmdma_csq_init(Csq, IO_TYPE_CSQ, (PVOID)CsqInsertIrp, CsqRemoveIrp, CsqPeekNextIrp,
			       CsqAcquireLock, CsqReleaseLock, CsqCompleteCanceledIrp,
			       "IoCsqInitialize");
}
EXPORT_SYMBOL_GPL(IoCsqInitialize);

/**
 * IoCsqInitializeEx() - IoCsqInitialize() with an insert routine that can fail
 * @Csq: the driver's IO_CSQ
 * @CsqInsertIrp: puts an IRP on the queue, or returns why not (NTSTATUS)
 * @CsqRemoveIrp: as IoCsqInitialize()
 * @CsqPeekNextIrp: as IoCsqInitialize()
 * @CsqAcquireLock: as IoCsqInitialize()
 * @CsqReleaseLock: as IoCsqInitialize()
 * @CsqCompleteCanceledIrp: as IoCsqInitialize()
 *
 * Context: at or below DISPATCH_LEVEL.
 * Return: as IoCsqInitialize().
 */
NTSTATUS IoCsqInitializeEx(PIO_CSQ Csq, PIO_CSQ_INSERT_IRP_EX CsqInsertIrp,
			   PIO_CSQ_REMOVE_IRP CsqRemoveIrp, PIO_CSQ_PEEK_NEXT_IRP CsqPeekNextIrp,
			   PIO_CSQ_ACQUIRE_LOCK CsqAcquireLock,
			   PIO_CSQ_RELEASE_LOCK CsqReleaseLock,
			   PIO_CSQ_COMPLETE_CANCELED_IRP CsqCompleteCanceledIrp)
{
	return wdmdma_csq_init(Csq, IO_TYPE_CSQ_EX, (PVOID)CsqInsertIrp, CsqRemoveIrp,
			       CsqPeekNextIrp, CsqAcquireLock, CsqReleaseLock,
			       CsqCompleteCanceledIrp, "IoCsqInitializeEx");
}
EXPORT_SYMBOL_GPL(IoCsqInitializeEx);

/* The queue of a queued IRP, from what DriverContext[3] holds */
static PIO_CSQ wdmdma_csq_of(PVOID slot)
{
	PIO_CSQ_IRP_CONTEXT ctx = slot;

	if (ctx && ctx->Type == IO_TYPE_CSQ_IRP_CONTEXT)
		return ctx->Csq;
	return slot;
}

/* @irp leaves the queue: forget the link to it.  Under the queue lock. */
static void wdmdma_csq_unlink(PIRP irp)
{
	PIO_CSQ_IRP_CONTEXT ctx = irp->Tail.Overlay.DriverContext[WDMDMA_CSQ_SLOT];

	if (ctx && ctx->Type == IO_TYPE_CSQ_IRP_CONTEXT)
		ctx->Irp = NULL;
	irp->Tail.Overlay.DriverContext[WDMDMA_CSQ_SLOT] = NULL;
}

/* The cancel routine of every queued IRP; IoCancelIrp calls it. */
static void wdmdma_csq_cancel(PDEVICE_OBJECT devobj, PIRP irp)
	__releases(_Global_cancel_spin_lock_)
{
	PIO_CSQ csq = wdmdma_csq_of(irp->Tail.Overlay.DriverContext[WDMDMA_CSQ_SLOT]);
	KIRQL irql;

	IoReleaseCancelSpinLock(irp->CancelIrql);
	csq->CsqAcquireLock(csq, &irql);
	csq->CsqRemoveIrp(csq, irp);
	wdmdma_csq_unlink(irp);
	csq->CsqReleaseLock(csq, irql);
	csq->CsqCompleteCanceledIrp(csq, irp);
}

/**
 * IoCsqInsertIrpEx() - queue an IRP on a cancel-safe queue
 * @Csq: the queue
 * @Irp: the IRP; it must not be cancelable already (no cancel routine)
 * @Context: NULL, or the driver's IO_CSQ_IRP_CONTEXT to remove the IRP by
 *	with IoCsqRemoveIrp()
 * @InsertContext: passed to the CsqInsertIrpEx routine of a queue from
 *	IoCsqInitializeEx(); ignored otherwise
 *
 * Under the queue lock: the insert routine, IoMarkIrpPending(), the cancel
 * routine.  An IRP already cancelled is not queued; it, and one cancelled
 * during the insertion, is marked pending and completed through
 * CsqCompleteCanceledIrp before this returns.
 *
 * Context: at or below DISPATCH_LEVEL.
 * Return: STATUS_SUCCESS (also for an IRP completed as cancelled); what
 * CsqInsertIrpEx returned when it failed (the IRP is then the driver's,
 * not queued, not marked pending); STATUS_INVALID_PARAMETER for misuse
 * (reported).
 */
NTSTATUS IoCsqInsertIrpEx(PIO_CSQ Csq, PIRP Irp, PIO_CSQ_IRP_CONTEXT Context,
			  PVOID InsertContext)
{
	NTSTATUS status = STATUS_SUCCESS;
	bool cancelled = false;
	PDRIVER_CANCEL old;
	KIRQL irql;

	if (!wdmdma_csq_ok(Csq, "IoCsqInsertIrp"))
		return STATUS_INVALID_PARAMETER;
	if (unlikely(!Irp || Irp->Type != IO_TYPE_IRP || READ_ONCE(Irp->CancelRoutine))) {
		wdmdma_report(NULL, "IoCsqInsertIrp", "%p is not an IRP, or has a cancel routine",
			      Irp);
		return STATUS_INVALID_PARAMETER;
	}
	Csq->CsqAcquireLock(Csq, &irql);
	if (Context) {
		Context->Type = IO_TYPE_CSQ_IRP_CONTEXT;
		Context->Irp = Irp;
		Context->Csq = Csq;
		Irp->Tail.Overlay.DriverContext[WDMDMA_CSQ_SLOT] = Context;
	} else {
		Irp->Tail.Overlay.DriverContext[WDMDMA_CSQ_SLOT] = Csq;
	}
	if (READ_ONCE(Irp->Cancel)) {
		wdmdma_csq_unlink(Irp);
		IoMarkIrpPending(Irp);
		cancelled = true;
		goto out_unlock;
	}
	if (Csq->Type == IO_TYPE_CSQ_EX)
		status = ((PIO_CSQ_INSERT_IRP_EX)(PVOID)Csq->CsqInsertIrp)(Csq, Irp,
								      InsertContext);
	else
		Csq->CsqInsertIrp(Csq, Irp);
	if (!NT_SUCCESS(status)) {
		wdmdma_csq_unlink(Irp);
		goto out_unlock;
	}
	IoMarkIrpPending(Irp);
	IoSetCancelRoutine(Irp, wdmdma_csq_cancel);
	if (READ_ONCE(Irp->Cancel)) {
		old = IoSetCancelRoutine(Irp, NULL);
		if (old) {
			/* IoCancelIrp found no routine: the cancellation is ours */
			Csq->CsqRemoveIrp(Csq, Irp);
			wdmdma_csq_unlink(Irp);
			cancelled = true;
		}
		/* else IoCancelIrp took it: wdmdma_csq_cancel waits for the lock */
	}
out_unlock:
	Csq->CsqReleaseLock(Csq, irql);
	if (cancelled)
		Csq->CsqCompleteCanceledIrp(Csq, Irp);
	return status;
}
EXPORT_SYMBOL_GPL(IoCsqInsertIrpEx);

/**
 * IoCsqInsertIrp() - IoCsqInsertIrpEx() without an insert context
 * @Csq: the queue
 * @Irp: the IRP
 * @Context: NULL, or the context to remove it by
 *
 * Context: at or below DISPATCH_LEVEL.
 */
void IoCsqInsertIrp(PIO_CSQ Csq, PIRP Irp, PIO_CSQ_IRP_CONTEXT Context)
{
	IoCsqInsertIrpEx(Csq, Irp, Context, NULL);
}
EXPORT_SYMBOL_GPL(IoCsqInsertIrp);

/*
 * Take @irp off the queue if its cancel routine is still set (we then own
 * it); under the queue lock.
 */
static bool wdmdma_csq_claim(PIO_CSQ csq, PIRP irp)
{
	if (!IoSetCancelRoutine(irp, NULL))
		return false;	/* being cancelled: wdmdma_csq_cancel removes it */
	csq->CsqRemoveIrp(csq, irp);
	wdmdma_csq_unlink(irp);
	return true;
}

/**
 * IoCsqRemoveIrp() - take a given IRP off a cancel-safe queue
 * @Csq: the queue
 * @Context: the context the IRP was inserted with
 *
 * Context: at or below DISPATCH_LEVEL.
 * Return: the IRP, no longer cancelable (the caller completes it), or NULL
 * when it has been removed or cancelled already (or is being cancelled:
 * its CsqCompleteCanceledIrp runs or has run).
 */
PIRP IoCsqRemoveIrp(PIO_CSQ Csq, PIO_CSQ_IRP_CONTEXT Context)
{
	PIRP irp;
	KIRQL irql;

	if (!wdmdma_csq_ok(Csq, "IoCsqRemoveIrp"))
		return NULL;
	if (unlikely(!Context || Context->Type != IO_TYPE_CSQ_IRP_CONTEXT ||
		     Context->Csq != Csq)) {
		wdmdma_report(NULL, "IoCsqRemoveIrp", "%p is not a context of queue %p",
			      Context, Csq);
		return NULL;
	}
	Csq->CsqAcquireLock(Csq, &irql);
	irp = Context->Irp;
	if (irp && !wdmdma_csq_claim(Csq, irp))
		irp = NULL;
	Csq->CsqReleaseLock(Csq, irql);
	return irp;
}
EXPORT_SYMBOL_GPL(IoCsqRemoveIrp);

/**
 * IoCsqRemoveNextIrp() - take the next matching IRP off a cancel-safe queue
 * @Csq: the queue
 * @PeekContext: passed to CsqPeekNextIrp, which picks the IRPs that match
 *	(NULL: any)
 *
 * Walks the queue with CsqPeekNextIrp from the start and takes the first
 * IRP it returns that is not being cancelled.
 *
 * Context: at or below DISPATCH_LEVEL.
 * Return: the IRP, no longer cancelable (the caller completes it), or NULL
 * when none matches.
 */
PIRP IoCsqRemoveNextIrp(PIO_CSQ Csq, PVOID PeekContext)
{
	PIRP irp;
	KIRQL irql;

	if (!wdmdma_csq_ok(Csq, "IoCsqRemoveNextIrp"))
		return NULL;
	Csq->CsqAcquireLock(Csq, &irql);
	irp = Csq->CsqPeekNextIrp(Csq, NULL, PeekContext);
	while (irp && !wdmdma_csq_claim(Csq, irp))
		irp = Csq->CsqPeekNextIrp(Csq, irp, PeekContext);
	Csq->CsqReleaseLock(Csq, irql);
	return irp;
}
EXPORT_SYMBOL_GPL(IoCsqRemoveNextIrp);
