// SPDX-License-Identifier: GPL-2.0
/*
 * The system-wide cancel spin lock (IoAcquireCancelSpinLock): what
 * IoCancelIrp() holds while it calls a driver's cancel routine, and what
 * a cancelable StartIo queue changes under (see iomgr.c, LOCKING).
 *
 * It is a KSPIN_LOCK taken and released through the Ke routines, so it has
 * their IRQL rules and misuse reports.  Kept apart from iomgr.c so sparse
 * sees the callers' lock context through the annotated prototypes.
 */
#include "../internal.h"

/* Initialized with the module (wdmdma_cancel_init) */
static KSPIN_LOCK wdmdma_cancel_lock;

/**
 * wdmdma_cancel_init() - initialize the cancel spin lock
 *
 * Context: module init, before any IRP exists.
 */
void wdmdma_cancel_init(void)
{
	KeInitializeSpinLock(&wdmdma_cancel_lock);
}

/**
 * IoAcquireCancelSpinLock() - take the system-wide cancel spin lock
 * @Irql: receives the IRQL before the call, for IoReleaseCancelSpinLock()
 *
 * As KeAcquireSpinLock(): the caller runs at DISPATCH_LEVEL until it
 * releases the lock.  A driver takes it to synchronize with its cancel
 * routines, which IoCancelIrp() calls with it held.
 *
 * Context: at or below DISPATCH_LEVEL.
 */
void IoAcquireCancelSpinLock(PKIRQL Irql)
	__acquires(_Global_cancel_spin_lock_)
{
	__acquire(_Global_cancel_spin_lock_);
	if (unlikely(!Irql)) {
		wdmdma_report(NULL, "IoAcquireCancelSpinLock", "NULL Irql");
		return;
	}
	*Irql = KeAcquireSpinLockRaiseToDpc(&wdmdma_cancel_lock);
	__release(&wdmdma_cancel_lock);	/* sparse: counted as the cancel lock */
}
EXPORT_SYMBOL_GPL(IoAcquireCancelSpinLock);

/**
 * IoReleaseCancelSpinLock() - release the cancel spin lock
 * @Irql: the IRQL IoAcquireCancelSpinLock() returned (in a cancel routine:
 *	Irp->CancelIrql)
 *
 * As KeReleaseSpinLock(); releasing it while not held is reported.
 */
void IoReleaseCancelSpinLock(KIRQL Irql)
	__releases(_Global_cancel_spin_lock_)
{
	__release(_Global_cancel_spin_lock_);
	__acquire(&wdmdma_cancel_lock);	/* sparse: counted as the cancel lock */
	KeReleaseSpinLock(&wdmdma_cancel_lock, Irql);
}
EXPORT_SYMBOL_GPL(IoReleaseCancelSpinLock);
