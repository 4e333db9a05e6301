// SPDX-License-Identifier: GPL-2.0
/*
 * Interrupt objects: IoConnectInterrupt() over request_irq().
 *
 * A KINTERRUPT is one request_irq() registration whose handler calls the
 * driver's ISR with the interrupt's spin lock held: the driver's KSPIN_LOCK
 * when it passed one (several interrupts may share it), else one of the
 * object's own.  KeSynchronizeExecution() and KeAcquireInterruptSpinLock()
 * take that lock with interrupts off, so the ISR is excluded on every CPU.
 *
 * The Vector a driver passes is the Linux IRQ number its glue file got
 * (pci_irq_vector(), pdev->irq).  KeGetCurrentIrql() reports HIGH_LEVEL in
 * the ISR and under the interrupt lock: Linux has no distinct device IRQL.
 *
 * LOCKING
 *
 * wdmdma_interrupts_lock (a mutex) guards the list of connected
 * interrupts, so IoDisconnectInterrupt() can tell a connected object from a
 * stale pointer without dereferencing it.
 */
#include <linux/interrupt.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/slab.h>

#include "../internal.h"

#define WDMDMA_INTERRUPT_MAGIC	0x57494e54	/* "WINT" */

/*
 * The interrupt object behind a PKINTERRUPT (an incomplete type to a
 * driver): IoConnectInterrupt() makes it, IoDisconnectInterrupt() frees it.
 */
struct _KINTERRUPT {
	ULONG magic;			/* WDMDMA_INTERRUPT_MAGIC while connected */
	ULONG irq;			/* the Linux IRQ number (Vector) */
	PKSERVICE_ROUTINE routine;
	PVOID context;
	spinlock_t *lock;		/* the driver's KSPIN_LOCK, or ->own_lock */
	spinlock_t own_lock;
	unsigned long flags;		/* KeAcquireInterruptSpinLock's saved state */
	KIRQL old_irql;
	struct list_head link;		/* on wdmdma's list of connected interrupts */
};

static LIST_HEAD(wdmdma_interrupts);
static DEFINE_MUTEX(wdmdma_interrupts_lock);

static irqreturn_t wdmdma_isr(int irq, void *data)
{
	PKINTERRUPT intr = data;
	BOOLEAN mine;

	spin_lock(intr->lock);
	mine = intr->routine(intr, intr->context);
	spin_unlock(intr->lock);
	return mine ? IRQ_HANDLED : IRQ_NONE;
}

static NTSTATUS wdmdma_irq_status(int err)
{
	return err == -ENOMEM ? STATUS_INSUFFICIENT_RESOURCES : STATUS_INVALID_PARAMETER;
}

/**
 * IoConnectInterrupt() - connect an interrupt service routine to an interrupt
 * @InterruptObject: receives the interrupt object
 * @ServiceRoutine: the ISR, called in hard interrupt context with the
 *	interrupt's spin lock held; it returns TRUE when its device interrupted
 * @ServiceContext: the ISR's second argument
 * @SpinLock: a spin lock (KeInitializeSpinLock) the ISR runs under, for a
 *	driver with several interrupts; NULL for one of the object's own
 * @Vector: the Linux IRQ number (pci_irq_vector() or pdev->irq)
 * @Irql: the device IRQL; only checked against @SynchronizeIrql
 * @SynchronizeIrql: the IRQL the ISR runs at; not below @Irql
 * @InterruptMode: LevelSensitive or Latched; the platform's trigger applies
 * @ShareVector: the IRQ may be shared with other devices (IRQF_SHARED)
 * @ProcessorEnableMask: ignored: the platform's affinity applies
 * @FloatingSave: ignored
 *
 * Misuse (NULL arguments, vector 0, @SynchronizeIrql below @Irql, an IRQ
 * request_irq() refuses) is reported.
 *
 * Context: process context (PASSIVE_LEVEL).
 * Return: STATUS_SUCCESS; STATUS_INVALID_PARAMETER for bad arguments or an
 * IRQ that cannot be requested; STATUS_INSUFFICIENT_RESOURCES when out of
 * memory.
 */
NTSTATUS IoConnectInterrupt(PKINTERRUPT *InterruptObject, PKSERVICE_ROUTINE ServiceRoutine,
			    PVOID ServiceContext, PKSPIN_LOCK SpinLock, ULONG Vector,
			    KIRQL Irql, KIRQL SynchronizeIrql, KINTERRUPT_MODE InterruptMode,
			    BOOLEAN ShareVector, KAFFINITY ProcessorEnableMask,
			    BOOLEAN FloatingSave)
{
	PKINTERRUPT intr;
	int err;

	if (InterruptObject)
		*InterruptObject = NULL;
	if (unlikely(!InterruptObject || !ServiceRoutine)) {
		wdmdma_report(NULL, "IoConnectInterrupt", "NULL %s",
			      InterruptObject ? "ServiceRoutine" : "InterruptObject");
		return STATUS_INVALID_PARAMETER;
	}
	if (unlikely(wdmdma_atomic_context())) {
		wdmdma_report(NULL, "IoConnectInterrupt", "called above PASSIVE_LEVEL");
		return STATUS_INVALID_PARAMETER;
	}
	if (unlikely(!Vector)) {
		wdmdma_report(NULL, "IoConnectInterrupt", "no interrupt vector");
		return STATUS_INVALID_PARAMETER;
	}
	if (unlikely(SynchronizeIrql < Irql)) {
		wdmdma_report(NULL, "IoConnectInterrupt", "SynchronizeIrql %u below Irql %u",
			      SynchronizeIrql, Irql);
		return STATUS_INVALID_PARAMETER;
	}

	intr = kzalloc(sizeof(*intr), GFP_KERNEL);
	if (!intr)
		return STATUS_INSUFFICIENT_RESOURCES;
	spin_lock_init(&intr->own_lock);
	intr->lock = SpinLock ? wdmdma_spin(SpinLock) : &intr->own_lock;
	intr->irq = Vector;
	intr->routine = ServiceRoutine;
	intr->context = ServiceContext;
	intr->magic = WDMDMA_INTERRUPT_MAGIC;

	err = request_irq(Vector, wdmdma_isr, ShareVector ? IRQF_SHARED : 0, "wdmdma", intr);
	if (err) {
		wdmdma_report(NULL, "IoConnectInterrupt", "vector %u: request_irq failed (%d)",
			      Vector, err);
		kfree(intr);
		return wdmdma_irq_status(err);
	}
	mutex_lock(&wdmdma_interrupts_lock);
	list_add(&intr->link, &wdmdma_interrupts);
	mutex_unlock(&wdmdma_interrupts_lock);
	*InterruptObject = intr;
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(IoConnectInterrupt);

/**
 * IoDisconnectInterrupt() - disconnect an ISR and free its interrupt object
 * @InterruptObject: what IoConnectInterrupt() returned
 *
 * Waits for a running ISR to return; the ISR is not called afterwards.
 * NULL, or an object not connected (disconnected before), is reported and
 * ignored.
 *
 * Context: process context (PASSIVE_LEVEL).
 */
void IoDisconnectInterrupt(PKINTERRUPT InterruptObject)
{
	PKINTERRUPT intr;
	bool found = false;

	if (unlikely(!InterruptObject)) {
		wdmdma_report(NULL, "IoDisconnectInterrupt", "NULL InterruptObject");
		return;
	}
	if (unlikely(wdmdma_atomic_context())) {
		wdmdma_report(NULL, "IoDisconnectInterrupt", "called above PASSIVE_LEVEL");
		return;
	}
	mutex_lock(&wdmdma_interrupts_lock);
	list_for_each_entry(intr, &wdmdma_interrupts, link) {
		if (intr == InterruptObject) {
			list_del(&intr->link);
			found = true;
			break;
		}
	}
	mutex_unlock(&wdmdma_interrupts_lock);
	if (unlikely(!found)) {
		wdmdma_report(NULL, "IoDisconnectInterrupt", "interrupt %p is not connected",
			      InterruptObject);
		return;
	}
	free_irq(intr->irq, intr);
	intr->magic = 0;
	kfree(intr);
}
EXPORT_SYMBOL_GPL(IoDisconnectInterrupt);

static bool wdmdma_interrupt_ok(PKINTERRUPT intr, const char *call)
{
	if (unlikely(!intr)) {
		wdmdma_report(NULL, call, "NULL Interrupt");
		return false;
	}
	if (unlikely(intr->magic != WDMDMA_INTERRUPT_MAGIC)) {
		wdmdma_report(NULL, call, "%p is not a connected interrupt", intr);
		return false;
	}
	return true;
}

/**
 * KeSynchronizeExecution() - run a routine synchronized with an ISR
 * @Interrupt: the interrupt object (IoConnectInterrupt)
 * @SynchronizeRoutine: called with the interrupt's spin lock held and
 *	interrupts off on this CPU, so the ISR runs on no CPU meanwhile
 * @SynchronizeContext: its argument
 *
 * A NULL or unconnected @Interrupt, or a NULL routine, is reported and
 * nothing runs.
 *
 * Context: any but the ISR itself (the lock is not recursive).
 * Return: what the routine returned; FALSE on misuse.
 */
BOOLEAN KeSynchronizeExecution(PKINTERRUPT Interrupt, PKSYNCHRONIZE_ROUTINE SynchronizeRoutine,
			       PVOID SynchronizeContext)
{
	unsigned long flags;
	BOOLEAN ret;

	if (!wdmdma_interrupt_ok(Interrupt, "KeSynchronizeExecution"))
		return FALSE;
	if (unlikely(!SynchronizeRoutine)) {
		wdmdma_report(NULL, "KeSynchronizeExecution", "NULL SynchronizeRoutine");
		return FALSE;
	}
	spin_lock_irqsave(Interrupt->lock, flags);
	ret = SynchronizeRoutine(SynchronizeContext);
	spin_unlock_irqrestore(Interrupt->lock, flags);
	return ret;
}
EXPORT_SYMBOL_GPL(KeSynchronizeExecution);

/**
 * KeAcquireInterruptSpinLock() - take an interrupt's spin lock, ISR excluded
 * @Interrupt: the interrupt object (IoConnectInterrupt)
 *
 * Interrupts go off on this CPU until KeReleaseInterruptSpinLock().
 *
 * Context: any but the ISR itself.
 * Return: the IRQL before the call, for KeReleaseInterruptSpinLock().
 */
KIRQL KeAcquireInterruptSpinLock(PKINTERRUPT Interrupt)
	__acquires(Interrupt)
{
	KIRQL old = KeGetCurrentIrql();
	unsigned long flags;

	if (!wdmdma_interrupt_ok(Interrupt, "KeAcquireInterruptSpinLock")) {
		__acquire(Interrupt);	/* for sparse: KeReleaseInterruptSpinLock pairs */
		return old;
	}
	spin_lock_irqsave(Interrupt->lock, flags);
	Interrupt->flags = flags;
	Interrupt->old_irql = old;
	__acquire(Interrupt);
	__release(Interrupt->lock);
	return old;
}
EXPORT_SYMBOL_GPL(KeAcquireInterruptSpinLock);

/**
 * KeReleaseInterruptSpinLock() - release an interrupt's spin lock
 * @Interrupt: the interrupt object
 * @OldIrql: what KeAcquireInterruptSpinLock() returned
 *
 * Restores the interrupt state KeAcquireInterruptSpinLock() found.
 * Releasing a lock that is not held is reported and ignored.
 */
void KeReleaseInterruptSpinLock(PKINTERRUPT Interrupt, KIRQL OldIrql)
	__releases(Interrupt)
{
	if (!wdmdma_interrupt_ok(Interrupt, "KeReleaseInterruptSpinLock")) {
		__release(Interrupt);
		return;
	}
	if (unlikely((IS_ENABLED(CONFIG_SMP) || IS_ENABLED(CONFIG_DEBUG_SPINLOCK)) &&
		     !raw_spin_is_locked(&Interrupt->lock->rlock))) {
		wdmdma_report(NULL, "KeReleaseInterruptSpinLock", "interrupt %p lock is not held",
			      Interrupt);
		__release(Interrupt);
		return;
	}
	if (unlikely(OldIrql != Interrupt->old_irql))
		wdmdma_report(NULL, "KeReleaseInterruptSpinLock",
			      "IRQL %u is not the one returned (%u)",
			      OldIrql, Interrupt->old_irql);
	__acquire(Interrupt->lock);
	spin_unlock_irqrestore(Interrupt->lock, Interrupt->flags);
	__release(Interrupt);
}
EXPORT_SYMBOL_GPL(KeReleaseInterruptSpinLock);
