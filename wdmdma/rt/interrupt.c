// SPDX-License-Identifier: GPL-2.0
/*
 * Interrupt objects: IoConnectInterrupt() and IoConnectInterruptEx() over
 * request_irq().
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
 * IoConnectInterruptEx() finds a device's interrupts from its PDO: the
 * vectors the PnP start allocated (wdmdma_pnp_irqs()).  A message-based
 * connection is one KINTERRUPT per message, whose ISR gets the message
 * number, and a table (struct wdmdma_msg_table) the driver sees as its
 * IO_INTERRUPT_MESSAGE_INFO.
 *
 * LOCKING
 *
 * wdmdma_interrupts_lock (a mutex) guards the lists of connected
 * interrupts and message tables, so IoDisconnectInterrupt(Ex)() can tell a
 * connected object from a stale pointer without dereferencing it, and each
 * object's @inactive.
 */
#include <linux/cpumask.h>
#include <linux/interrupt.h>
#include <linux/list.h>
#include <linux/msi.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "../internal.h"
#include <wdm/intr.h>

#define WDMDMA_INTERRUPT_MAGIC	0x57494e54	/* "WINT" */

#define WDMDMA_MSG_TABLE_MAGIC	0x574d5347	/* "WMSG" */

struct wdmdma_msg_table;

/*
 * The interrupt object behind a PKINTERRUPT (an incomplete type to a
 * driver): IoConnectInterrupt(Ex)() makes it, IoDisconnectInterrupt(Ex)()
 * frees it.
 */
struct _KINTERRUPT {
	ULONG magic;			/* WDMDMA_INTERRUPT_MAGIC while connected */
	ULONG irq;			/* the Linux IRQ number (Vector) */
	PKSERVICE_ROUTINE routine;	/* a line-based ISR, or */
	PKMESSAGE_SERVICE_ROUTINE msg_routine;	/* a message's, with */
	ULONG message_id;		/* its message number */
	struct wdmdma_msg_table *table;	/* the message table it belongs to */
	PVOID context;
	spinlock_t *lock;		/* the driver's KSPIN_LOCK, or ->own_lock */
	spinlock_t own_lock;
	unsigned long flags;		/* KeAcquireInterruptSpinLock's saved state */
	KIRQL old_irql;
	bool inactive;			/* IoReportInterruptInactive: disabled */
	struct list_head link;		/* on wdmdma's list of connected interrupts */
};

/*
 * A message-based connection: what the driver gets is @info, with one
 * entry per message (each its own connected KINTERRUPT).
 */
struct wdmdma_msg_table {
	ULONG magic;			/* WDMDMA_MSG_TABLE_MAGIC while connected */
	struct list_head link;		/* on wdmdma_msg_tables */
	IO_INTERRUPT_MESSAGE_INFO info;	/* last: MessageInfo[] runs on */
};

static LIST_HEAD(wdmdma_interrupts);
static LIST_HEAD(wdmdma_msg_tables);
static DEFINE_MUTEX(wdmdma_interrupts_lock);

static irqreturn_t wdmdma_isr(int irq, void *data)
{
	PKINTERRUPT intr = data;
	BOOLEAN mine;

	spin_lock(intr->lock);
	if (intr->msg_routine)
		mine = intr->msg_routine(intr, intr->context, intr->message_id);
	else
		mine = intr->routine(intr, intr->context);
	spin_unlock(intr->lock);
	return mine ? IRQ_HANDLED : IRQ_NONE;
}

static NTSTATUS wdmdma_irq_status(int err)
{
	return err == -ENOMEM ? STATUS_INSUFFICIENT_RESOURCES : STATUS_INVALID_PARAMETER;
}

/*
 * Make an interrupt object for @irq, calling @routine (or @msg_routine with
 * @message_id, a message of @table) under @lock (NULL: its own), request
 * the IRQ and put the object on the connected list.  Reported on failure.
 */
static NTSTATUS wdmdma_intr_connect(const char *call, PKINTERRUPT *out, PKSERVICE_ROUTINE routine,
				    PKMESSAGE_SERVICE_ROUTINE msg_routine, ULONG message_id,
				    struct wdmdma_msg_table *table, PVOID context,
				    PKSPIN_LOCK lock, ULONG irq, bool share)
{
	PKINTERRUPT intr;
	int err;

	intr = kzalloc(sizeof(*intr), GFP_KERNEL);
	if (!intr)
		return STATUS_INSUFFICIENT_RESOURCES;
	spin_lock_init(&intr->own_lock);
	intr->lock = lock ? wdmdma_spin(lock) : &intr->own_lock;
	intr->irq = irq;
	intr->routine = routine;
	intr->msg_routine = msg_routine;
	intr->message_id = message_id;
	intr->table = table;
	intr->context = context;
	intr->magic = WDMDMA_INTERRUPT_MAGIC;

	err = request_irq(irq, wdmdma_isr, share ? IRQF_SHARED : 0, "wdmdma", intr);
	if (err) {
		wdmdma_report(NULL, call, "vector %u: request_irq failed (%d)", irq, err);
		kfree(intr);
		return wdmdma_irq_status(err);
	}
	mutex_lock(&wdmdma_interrupts_lock);
	list_add(&intr->link, &wdmdma_interrupts);
	mutex_unlock(&wdmdma_interrupts_lock);
	*out = intr;
	return STATUS_SUCCESS;
}

/* Free an interrupt object taken off the connected list: no ISR runs after. */
static void wdmdma_intr_free(PKINTERRUPT intr)
{
	if (intr->inactive)
		enable_irq(intr->irq);	/* balance IoReportInterruptInactive */
	free_irq(intr->irq, intr);
	intr->magic = 0;
	kfree(intr);
}

/*
 * Take @intr off the connected list.  A message of a message-based
 * connection is refused: its table is disconnected as a whole.
 */
static bool wdmdma_intr_unlist(const char *call, PKINTERRUPT intr)
{
	PKINTERRUPT i;
	bool found = false, member = false;

	mutex_lock(&wdmdma_interrupts_lock);
	list_for_each_entry(i, &wdmdma_interrupts, link) {
		if (i == intr) {
			member = i->table;
			if (!member)
				list_del(&i->link);
			found = true;
			break;
		}
	}
	mutex_unlock(&wdmdma_interrupts_lock);
	if (unlikely(!found))
		wdmdma_report(NULL, call, "interrupt %p is not connected", intr);
	else if (unlikely(member))
		wdmdma_report(NULL, call,
			      "interrupt %p is one message of a table: disconnect the table",
			      intr);
	return found && !member;
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
	return wdmdma_intr_connect("IoConnectInterrupt", InterruptObject, ServiceRoutine, NULL, 0,
				   NULL, ServiceContext, SpinLock, Vector, ShareVector);
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
	if (unlikely(!InterruptObject)) {
		wdmdma_report(NULL, "IoDisconnectInterrupt", "NULL InterruptObject");
		return;
	}
	if (unlikely(wdmdma_atomic_context())) {
		wdmdma_report(NULL, "IoDisconnectInterrupt", "called above PASSIVE_LEVEL");
		return;
	}
	if (wdmdma_intr_unlist("IoDisconnectInterrupt", InterruptObject))
		wdmdma_intr_free(InterruptObject);
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

/* The interrupts the PnP start gave @pdo's device; reported when none */
static bool wdmdma_intr_find(const char *call, PDEVICE_OBJECT pdo, struct wdmdma_pnp_irqs *irqs)
{
	if (wdmdma_pnp_irqs(pdo, irqs))
		return true;
	wdmdma_report(NULL, call, "PDO %p: no interrupt (not started by wdmdma_pnp_start_pci?)",
		      pdo);
	return false;
}

/* The device's line interrupt (or its only message), for @routine */
static NTSTATUS wdmdma_connect_line(const char *call, PDEVICE_OBJECT pdo, PKINTERRUPT *out,
				    PKSERVICE_ROUTINE routine, PVOID context, PKSPIN_LOCK lock)
{
	struct wdmdma_pnp_irqs irqs;

	if (!wdmdma_intr_find(call, pdo, &irqs))
		return STATUS_NOT_FOUND;
	if (unlikely(irqs.nvec > 1)) {
		wdmdma_report(NULL, call, "CONNECT_LINE_BASED: the device has %u messages",
			      irqs.nvec);
		return STATUS_INVALID_DEVICE_REQUEST;
	}
	return wdmdma_intr_connect(call, out, routine, NULL, 0, NULL, context, lock,
				   pci_irq_vector(irqs.pdev, 0), !irqs.msi);
}

/* Disconnect a message table's interrupts and free it (off the list) */
static void wdmdma_msg_table_free(struct wdmdma_msg_table *t, ULONG connected)
{
	PIO_INTERRUPT_MESSAGE_INFO_ENTRY e;
	ULONG i;

	mutex_lock(&wdmdma_interrupts_lock);
	for (i = 0; i < connected; i++)
		list_del(&t->info.MessageInfo[i].InterruptObject->link);
	mutex_unlock(&wdmdma_interrupts_lock);
	for (i = 0; i < connected; i++) {
		e = &t->info.MessageInfo[i];
		wdmdma_intr_free(e->InterruptObject);
		e->InterruptObject = NULL;
	}
	t->magic = 0;
	kfree(t);
}

/* One message of @t: the interrupt object and what the table tells of it */
static NTSTATUS wdmdma_connect_message(PIO_CONNECT_INTERRUPT_MESSAGE_BASED_PARAMETERS p,
				       struct wdmdma_msg_table *t, struct pci_dev *pdev, ULONG i)
{
	PIO_INTERRUPT_MESSAGE_INFO_ENTRY e = &t->info.MessageInfo[i];
	int irq = pci_irq_vector(pdev, i);
	struct msi_msg msg = { };
	NTSTATUS status;

	if (irq < 0)
		return STATUS_NOT_FOUND;
	status = wdmdma_intr_connect("IoConnectInterruptEx", &e->InterruptObject, NULL,
				     p->MessageServiceRoutine, i, t, p->ServiceContext,
				     p->SpinLock, irq, false);
	if (!NT_SUCCESS(status))
		return status;
	get_cached_msi_msg(irq, &msg);
	e->MessageAddress.QuadPart = ((u64)msg.address_hi << 32) | msg.address_lo;
	e->MessageData = msg.data;
	e->TargetProcessorSet = (KAFFINITY)cpumask_bits(cpu_online_mask)[0];
	e->Vector = irq;
	e->Irql = WDMDMA_PNP_DIRQL;
	e->Mode = Latched;
	e->Polarity = InterruptRisingEdge;
	return STATUS_SUCCESS;
}

/*
 * CONNECT_MESSAGE_BASED: every message of the device, one interrupt object
 * each; a device without messages gets the fallback ISR on its line.
 */
static NTSTATUS wdmdma_connect_messages(PIO_CONNECT_INTERRUPT_PARAMETERS Parameters)
{
	static const char call[] = "IoConnectInterruptEx";
	PIO_CONNECT_INTERRUPT_MESSAGE_BASED_PARAMETERS p = &Parameters->MessageBased;
	struct wdmdma_pnp_irqs irqs;
	struct wdmdma_msg_table *t;
	NTSTATUS status;
	ULONG i;

	if (unlikely(!p->PhysicalDeviceObject || !p->ConnectionContext.Generic)) {
		wdmdma_report(NULL, call, "CONNECT_MESSAGE_BASED: NULL %s",
			      p->PhysicalDeviceObject ? "ConnectionContext" :
			      "PhysicalDeviceObject");
		return STATUS_INVALID_PARAMETER;
	}
	*p->ConnectionContext.Generic = NULL;
	if (!wdmdma_intr_find(call, p->PhysicalDeviceObject, &irqs))
		return STATUS_NOT_FOUND;
	if (!irqs.msi) {
		if (!p->FallBackServiceRoutine)
			return STATUS_NOT_FOUND;	/* no messages, no fallback */
		status = wdmdma_connect_line(call, p->PhysicalDeviceObject,
					     p->ConnectionContext.InterruptObject,
					     p->FallBackServiceRoutine, p->ServiceContext,
					     p->SpinLock);
		if (NT_SUCCESS(status))
			Parameters->Version = CONNECT_LINE_BASED;
		return status;
	}
	if (unlikely(!p->MessageServiceRoutine)) {
		wdmdma_report(NULL, call, "CONNECT_MESSAGE_BASED: NULL MessageServiceRoutine");
		return STATUS_INVALID_PARAMETER;
	}
	t = kzalloc(offsetof(struct wdmdma_msg_table, info.MessageInfo) +
		    irqs.nvec * sizeof(IO_INTERRUPT_MESSAGE_INFO_ENTRY), GFP_KERNEL);
	if (!t)
		return STATUS_INSUFFICIENT_RESOURCES;
	t->magic = WDMDMA_MSG_TABLE_MAGIC;
	t->info.MessageCount = irqs.nvec;
	/* with a driver's lock, every message's ISR runs at its IRQL */
	t->info.UnifiedIrql = p->SpinLock ? max_t(KIRQL, p->SynchronizeIrql, WDMDMA_PNP_DIRQL) :
			      WDMDMA_PNP_DIRQL;
	for (i = 0; i < irqs.nvec; i++) {
		status = wdmdma_connect_message(p, t, irqs.pdev, i);
		if (!NT_SUCCESS(status))
			goto err;
	}
	mutex_lock(&wdmdma_interrupts_lock);
	list_add(&t->link, &wdmdma_msg_tables);
	mutex_unlock(&wdmdma_interrupts_lock);
	*p->ConnectionContext.InterruptMessageTable = &t->info;
	return STATUS_SUCCESS;

err:
	wdmdma_msg_table_free(t, i);
	return status;
}

/* CONNECT_FULLY_SPECIFIED(_GROUP): the vector a translated resource names */
static NTSTATUS wdmdma_connect_fully(PIO_CONNECT_INTERRUPT_PARAMETERS Parameters)
{
	static const char call[] = "IoConnectInterruptEx";
	PIO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS p = &Parameters->FullySpecified;
	struct wdmdma_pnp_irqs irqs;
	unsigned int i;

	if (unlikely(!p->PhysicalDeviceObject || !p->InterruptObject || !p->ServiceRoutine)) {
		wdmdma_report(NULL, call, "CONNECT_FULLY_SPECIFIED: NULL %s",
			      !p->PhysicalDeviceObject ? "PhysicalDeviceObject" :
			      !p->InterruptObject ? "InterruptObject" : "ServiceRoutine");
		return STATUS_INVALID_PARAMETER;
	}
	*p->InterruptObject = NULL;
	if (unlikely(!p->ProcessorEnableMask)) {
		wdmdma_report(NULL, call, "CONNECT_FULLY_SPECIFIED: empty ProcessorEnableMask");
		return STATUS_INVALID_PARAMETER_10;
	}
	if (unlikely(Parameters->Version == CONNECT_FULLY_SPECIFIED_GROUP && p->Group)) {
		wdmdma_report(NULL, call, "CONNECT_FULLY_SPECIFIED_GROUP: no processor group %u",
			      p->Group);
		return STATUS_INVALID_PARAMETER;
	}
	if (unlikely(p->SynchronizeIrql < p->Irql)) {
		wdmdma_report(NULL, call, "SynchronizeIrql %u below Irql %u",
			      p->SynchronizeIrql, p->Irql);
		return STATUS_INVALID_PARAMETER;
	}
	if (!wdmdma_intr_find(call, p->PhysicalDeviceObject, &irqs))
		return STATUS_NOT_FOUND;
	for (i = 0; i < irqs.nvec; i++)
		if (pci_irq_vector(irqs.pdev, i) == p->Vector)
			return wdmdma_intr_connect(call, p->InterruptObject, p->ServiceRoutine,
						   NULL, 0, NULL, p->ServiceContext, p->SpinLock,
						   p->Vector, p->ShareVector);
	wdmdma_report(NULL, call, "CONNECT_FULLY_SPECIFIED: vector %u is not the device's",
		      p->Vector);
	return STATUS_NOT_FOUND;
}

/**
 * IoConnectInterruptEx() - connect an ISR to a device's interrupts
 * @Parameters: Version and the parameters of that kind of connection:
 *
 *	CONNECT_MESSAGE_BASED: every message-signalled interrupt the PnP
 *	start gave the device (MSI-X or MSI), one interrupt object each,
 *	whose MessageServiceRoutine gets the message number; the
 *	IO_INTERRUPT_MESSAGE_INFO table lands in ConnectionContext.  A device
 *	with a line interrupt only gets FallBackServiceRoutine on it, its
 *	interrupt object in ConnectionContext, and Version becomes
 *	CONNECT_LINE_BASED.  With a SpinLock every message's ISR runs under it.
 *
 *	CONNECT_LINE_BASED: the device's line interrupt (or its only
 *	message); several messages: STATUS_INVALID_DEVICE_REQUEST.
 *
 *	CONNECT_FULLY_SPECIFIED, CONNECT_FULLY_SPECIFIED_GROUP (Group 0):
 *	IoConnectInterrupt() of a translated resource's Vector, which must be
 *	one of the device's (STATUS_NOT_FOUND otherwise).
 *
 *	CONNECT_MESSAGE_BASED_PASSIVE: STATUS_NOT_SUPPORTED (passive-level
 *	interrupts are for GPIO and serial-bus devices).
 *
 * FloatingSave is ignored; SynchronizeIrql only checked; misuse (NULL
 * arguments, an unknown Version, a device the PnP start gave no
 * interrupt) is reported.
 *
 * Context: process context (PASSIVE_LEVEL).
 * Return: STATUS_SUCCESS; STATUS_INVALID_PARAMETER,
 * STATUS_INVALID_PARAMETER_1 (Version), STATUS_INVALID_PARAMETER_10
 * (ProcessorEnableMask 0), STATUS_NOT_FOUND, STATUS_INVALID_DEVICE_REQUEST,
 * STATUS_NOT_SUPPORTED, STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS IoConnectInterruptEx(PIO_CONNECT_INTERRUPT_PARAMETERS Parameters)
{
	static const char call[] = "IoConnectInterruptEx";
	PIO_CONNECT_INTERRUPT_LINE_BASED_PARAMETERS l;

	if (unlikely(!Parameters)) {
		wdmdma_report(NULL, call, "NULL Parameters");
		return STATUS_INVALID_PARAMETER;
	}
	if (unlikely(wdmdma_atomic_context())) {
		wdmdma_report(NULL, call, "called above PASSIVE_LEVEL");
		return STATUS_INVALID_PARAMETER;
	}
	switch (Parameters->Version) {
	case CONNECT_FULLY_SPECIFIED:
	case CONNECT_FULLY_SPECIFIED_GROUP:
		return wdmdma_connect_fully(Parameters);
	case CONNECT_LINE_BASED:
		l = &Parameters->LineBased;
		if (unlikely(!l->PhysicalDeviceObject || !l->InterruptObject ||
			     !l->ServiceRoutine)) {
			wdmdma_report(NULL, call, "CONNECT_LINE_BASED: NULL %s",
				      !l->PhysicalDeviceObject ? "PhysicalDeviceObject" :
				      !l->InterruptObject ? "InterruptObject" : "ServiceRoutine");
			return STATUS_INVALID_PARAMETER;
		}
		*l->InterruptObject = NULL;
		return wdmdma_connect_line(call, l->PhysicalDeviceObject, l->InterruptObject,
					   l->ServiceRoutine, l->ServiceContext, l->SpinLock);
	case CONNECT_MESSAGE_BASED:
		return wdmdma_connect_messages(Parameters);
	case CONNECT_MESSAGE_BASED_PASSIVE:
		return STATUS_NOT_SUPPORTED;
	default:
		wdmdma_report(NULL, call, "unknown Version %u", Parameters->Version);
		return STATUS_INVALID_PARAMETER_1;
	}
}
EXPORT_SYMBOL_GPL(IoConnectInterruptEx);

/* The connected message table whose info @info is, taken off the list */
static struct wdmdma_msg_table *wdmdma_msg_table_unlist(PIO_INTERRUPT_MESSAGE_INFO info)
{
	struct wdmdma_msg_table *t, *found = NULL;

	mutex_lock(&wdmdma_interrupts_lock);
	list_for_each_entry(t, &wdmdma_msg_tables, link) {
		if (&t->info == info) {
			list_del(&t->link);
			found = t;
			break;
		}
	}
	mutex_unlock(&wdmdma_interrupts_lock);
	return found;
}

/**
 * IoDisconnectInterruptEx() - undo IoConnectInterruptEx()
 * @Parameters: the Version IoConnectInterruptEx() returned and the
 *	ConnectionContext it filled: the interrupt object
 *	(CONNECT_FULLY_SPECIFIED(_GROUP), CONNECT_LINE_BASED) or the message
 *	table (CONNECT_MESSAGE_BASED)
 *
 * Waits for running ISRs to return; none is called afterwards.  NULL, an
 * unknown Version, or what is not connected (disconnected before, or of
 * another Version) is reported and ignored.
 *
 * Context: process context (PASSIVE_LEVEL).
 */
void IoDisconnectInterruptEx(PIO_DISCONNECT_INTERRUPT_PARAMETERS Parameters)
{
	static const char call[] = "IoDisconnectInterruptEx";
	struct wdmdma_msg_table *t;

	if (unlikely(!Parameters || !Parameters->ConnectionContext.Generic)) {
		wdmdma_report(NULL, call, "NULL %s",
			      Parameters ? "ConnectionContext" : "Parameters");
		return;
	}
	if (unlikely(wdmdma_atomic_context())) {
		wdmdma_report(NULL, call, "called above PASSIVE_LEVEL");
		return;
	}
	switch (Parameters->Version) {
	case CONNECT_FULLY_SPECIFIED:
	case CONNECT_FULLY_SPECIFIED_GROUP:
	case CONNECT_LINE_BASED:
		if (wdmdma_intr_unlist(call, Parameters->ConnectionContext.InterruptObject))
			wdmdma_intr_free(Parameters->ConnectionContext.InterruptObject);
		return;
	case CONNECT_MESSAGE_BASED:
		t = wdmdma_msg_table_unlist(Parameters->ConnectionContext.InterruptMessageTable);
		if (!t) {
			wdmdma_report(NULL, call, "%p is not a connected message table",
				      Parameters->ConnectionContext.InterruptMessageTable);
			return;
		}
		wdmdma_msg_table_free(t, t->info.MessageCount);
		return;
	default:
		wdmdma_report(NULL, call, "unknown Version %u", Parameters->Version);
	}
}
EXPORT_SYMBOL_GPL(IoDisconnectInterruptEx);

/**
 * IoGetAffinityInterrupt() - the processors an interrupt object's ISR may run on
 * @InterruptObject: a connected interrupt object
 * @GroupAffinity: receives group 0 and the online processors (Linux's
 *	affinity management decides among them)
 *
 * Context: any.
 * Return: STATUS_SUCCESS, or STATUS_INVALID_PARAMETER (reported).
 */
NTSTATUS IoGetAffinityInterrupt(PKINTERRUPT InterruptObject, PGROUP_AFFINITY GroupAffinity)
{
	if (!wdmdma_interrupt_ok(InterruptObject, "IoGetAffinityInterrupt"))
		return STATUS_INVALID_PARAMETER;
	if (unlikely(!GroupAffinity)) {
		wdmdma_report(NULL, "IoGetAffinityInterrupt", "NULL GroupAffinity");
		return STATUS_INVALID_PARAMETER;
	}
	memset(GroupAffinity, 0, sizeof(*GroupAffinity));
	GroupAffinity->Mask = (KAFFINITY)cpumask_bits(cpu_online_mask)[0];
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(IoGetAffinityInterrupt);

/* Mask (@inactive) or unmask one connected interrupt.  Under the mutex. */
static void wdmdma_intr_set_inactive(PKINTERRUPT intr, bool inactive)
{
	if (intr->inactive == inactive)
		return;
	intr->inactive = inactive;
	if (inactive)
		disable_irq(intr->irq);		/* waits for a running ISR */
	else
		enable_irq(intr->irq);
}

static void wdmdma_report_state(const char *call,
				PIO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS p, bool inactive)
{
	struct wdmdma_msg_table *t;
	PKINTERRUPT intr;
	bool found = false;
	ULONG i;

	if (unlikely(!p || !p->ConnectionContext.Generic)) {
		wdmdma_report(NULL, call, "NULL %s", p ? "ConnectionContext" : "Parameters");
		return;
	}
	if (unlikely(wdmdma_atomic_context())) {
		wdmdma_report(NULL, call, "called above PASSIVE_LEVEL");
		return;
	}
	/* disable_irq() sleeps: fine under the mutex, which no ISR takes */
	mutex_lock(&wdmdma_interrupts_lock);
	if (p->Version == CONNECT_MESSAGE_BASED) {
		list_for_each_entry(t, &wdmdma_msg_tables, link) {
			if (&t->info != p->ConnectionContext.InterruptMessageTable)
				continue;
			for (i = 0; i < t->info.MessageCount; i++)
				wdmdma_intr_set_inactive(t->info.MessageInfo[i].InterruptObject,
							 inactive);
			found = true;
			break;
		}
	} else {
		list_for_each_entry(intr, &wdmdma_interrupts, link) {
			if (intr != p->ConnectionContext.InterruptObject)
				continue;
			wdmdma_intr_set_inactive(intr, inactive);
			found = true;
			break;
		}
	}
	mutex_unlock(&wdmdma_interrupts_lock);
	if (unlikely(!found))
		wdmdma_report(NULL, call, "%p is not a connection of Version %u",
			      p->ConnectionContext.Generic, p->Version);
}

/**
 * IoReportInterruptInactive() - the device will not interrupt: mask them
 * @Parameters: the Version and ConnectionContext IoConnectInterruptEx()
 *	returned
 *
 * The connection's interrupts are disabled (disable_irq(): on a shared
 * line, the other devices' too) until IoReportInterruptActive(); a
 * second report changes nothing.
 *
 * Context: PASSIVE_LEVEL.
 */
void IoReportInterruptInactive(PIO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS Parameters)
{
	wdmdma_report_state("IoReportInterruptInactive", Parameters, true);
}
EXPORT_SYMBOL_GPL(IoReportInterruptInactive);

/**
 * IoReportInterruptActive() - undo IoReportInterruptInactive()
 * @Parameters: as IoReportInterruptInactive()
 *
 * Context: PASSIVE_LEVEL.
 */
void IoReportInterruptActive(PIO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS Parameters)
{
	wdmdma_report_state("IoReportInterruptActive", Parameters, false);
}
EXPORT_SYMBOL_GPL(IoReportInterruptActive);
