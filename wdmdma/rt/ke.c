// SPDX-License-Identifier: GPL-2.0
/*
 * The Ke runtime: spin locks, IRQL and DPCs.
 *
 * IRQL is Linux context (KeGetCurrentIrql() below): DISPATCH_LEVEL is
 * bottom halves disabled or softirq context.  KeAcquireSpinLock() is
 * spin_lock_bh(); KeReleaseSpinLock() undoes exactly that, so nested and
 * out-of-order releases balance whatever old IRQL the driver passes.
 * KeRaiseIrql() to DISPATCH_LEVEL disables bottom halves and counts it per
 * CPU; KeLowerIrql() below DISPATCH_LEVEL undoes only what it counted.
 *
 * DPCs: one queue per CPU, drained by that queue's tasklet (softirq, so
 * routines run at DISPATCH_LEVEL).  KeInsertQueueDpc() appends the KDPC to
 * the current CPU's queue.  The queue, not the KDPC, owns the tasklet: the
 * KDPC is off its queue before its routine is called and never touched by
 * wdmdma again, so a routine may requeue or free its own KDPC.
 *
 * LOCKING
 *
 * wdmdma_dpc_lock (irqsave; innermost: nothing is taken under it, no
 * routine runs under it) guards every queue and, of a queued KDPC,
 * DpcData (its queue; NULL when not queued), DpcListEntry and the system
 * arguments.  wdmdma_dpc_pending counts DPCs queued or running, for
 * KeFlushQueuedDpcs().
 */
#include <linux/bottom_half.h>
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/percpu.h>
#include <linux/wait_bit.h>

#include "../internal.h"

/**
 * KeGetCurrentIrql() - the IRQL the caller runs at, as Linux context
 *
 * Return: HIGH_LEVEL with interrupts off or in hard interrupt context,
 * DISPATCH_LEVEL in atomic context (softirq, bottom halves disabled, a
 * spin lock held), PASSIVE_LEVEL in process context.
 */
KIRQL KeGetCurrentIrql(void)
{
	if (in_hardirq() || irqs_disabled())
		return HIGH_LEVEL;
	if (wdmdma_atomic_context())
		return DISPATCH_LEVEL;
	return PASSIVE_LEVEL;
}
EXPORT_SYMBOL_GPL(KeGetCurrentIrql);

/* Driver routines a drain runs at most before it yields the CPU. */
#define WDMDMA_DPC_BATCH	64

/* KOBJECTS type of a DPC object */
#define WDMDMA_DPC_OBJECT	0x13

static DEFINE_PER_CPU(unsigned int, wdmdma_raised);

/* A NULL KSPIN_LOCK passed to @call */
static void wdmdma_ke_bad_spin_lock(const char *call)
{
	wdmdma_report(NULL, call, "NULL spin lock");
}

/**
 * WdmdmaInitializeSpinLock() - what KeInitializeSpinLock() expands to
 * @SpinLock: the lock
 * @Class: the call site's static lockdep class
 * @Name: the call site's expression, lockdep's name for the class
 *
 * One class per call site, as spin_lock_init() gives, so lockdep checks a
 * driver's lock order.
 */
void WdmdmaInitializeSpinLock(PKSPIN_LOCK SpinLock, WDMDMA_LOCK_CLASS *Class, PCSTR Name)
{
	struct lock_class_key *key = (struct lock_class_key *)Class->Key;

	BUILD_BUG_ON(sizeof(Class->Key) < sizeof(*key));
	BUILD_BUG_ON(__alignof__(WDMDMA_LOCK_CLASS) < __alignof__(struct lock_class_key));
	if (unlikely(!SpinLock)) {
		wdmdma_ke_bad_spin_lock("KeInitializeSpinLock");
		return;
	}
	spin_lock_init(wdmdma_spin(SpinLock));
	lockdep_set_class_and_name(wdmdma_spin(SpinLock), key, Name);
	SpinLock->WdmdmaRaised = FALSE;
}
EXPORT_SYMBOL_GPL(WdmdmaInitializeSpinLock);

/*
 * Is @l held (by anyone)?  A sanity check on a driver's release, not a
 * locking assertion; kernels that cannot tell (UP without spin lock
 * debugging) say yes.
 */
static bool wdmdma_lock_held(PKSPIN_LOCK l)
{
	if (!IS_ENABLED(CONFIG_SMP) && !IS_ENABLED(CONFIG_DEBUG_SPINLOCK))
		return true;
	return raw_spin_is_locked(&wdmdma_spin(l)->rlock);
}

/**
 * KeAcquireSpinLockRaiseToDpc() - raise to DISPATCH_LEVEL and take a spin lock
 * @SpinLock: the lock (KeInitializeSpinLock)
 *
 * What KeAcquireSpinLock() expands to.  Called above DISPATCH_LEVEL (a
 * misuse, reported) it only takes the lock, and the IRQL it returns makes
 * KeReleaseSpinLock() only release it.
 *
 * Return: the IRQL before the call, for KeReleaseSpinLock().
 */
KIRQL KeAcquireSpinLockRaiseToDpc(PKSPIN_LOCK SpinLock)
	__acquires(SpinLock)
{
	KIRQL old = KeGetCurrentIrql();

	if (unlikely(!SpinLock)) {
		wdmdma_ke_bad_spin_lock("KeAcquireSpinLock");
		__acquire(SpinLock);	/* for sparse: KeReleaseSpinLock pairs */
		return old;
	}
	if (unlikely(old > DISPATCH_LEVEL)) {
		wdmdma_report(NULL, "KeAcquireSpinLock", "called above DISPATCH_LEVEL");
		spin_lock(wdmdma_spin(SpinLock));
		return old;
	}
	spin_lock_bh(wdmdma_spin(SpinLock));
	return old;
}
EXPORT_SYMBOL_GPL(KeAcquireSpinLockRaiseToDpc);

/**
 * KeReleaseSpinLock() - release a spin lock and return to the old IRQL
 * @SpinLock: the lock, taken with KeAcquireSpinLock()
 * @NewIrql: the IRQL KeAcquireSpinLock() returned
 *
 * Releasing a lock nobody holds is reported and ignored.
 */
void KeReleaseSpinLock(PKSPIN_LOCK SpinLock, KIRQL NewIrql)
	__releases(SpinLock)
{
	if (unlikely(!SpinLock)) {
		wdmdma_ke_bad_spin_lock("KeReleaseSpinLock");
		__release(SpinLock);
		return;
	}
	if (unlikely(!wdmdma_lock_held(SpinLock))) {
		wdmdma_report(NULL, "KeReleaseSpinLock", "spin lock %p is not held", SpinLock);
		__release(SpinLock);
		return;
	}
	if (unlikely(NewIrql > DISPATCH_LEVEL))
		spin_unlock(wdmdma_spin(SpinLock));
	else
		spin_unlock_bh(wdmdma_spin(SpinLock));
}
EXPORT_SYMBOL_GPL(KeReleaseSpinLock);

/**
 * KeAcquireSpinLockAtDpcLevel() - take a spin lock, already at DISPATCH_LEVEL
 * @SpinLock: the lock
 *
 * Called below DISPATCH_LEVEL (a misuse, reported) it raises as well, and
 * KeReleaseSpinLockFromDpcLevel() lowers again.
 */
void KeAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock)
	__acquires(SpinLock)
{
	if (unlikely(!SpinLock)) {
		wdmdma_ke_bad_spin_lock("KeAcquireSpinLockAtDpcLevel");
		__acquire(SpinLock);
		return;
	}
	if (unlikely(KeGetCurrentIrql() < DISPATCH_LEVEL)) {
		wdmdma_report(NULL, "KeAcquireSpinLockAtDpcLevel", "called below DISPATCH_LEVEL");
		spin_lock_bh(wdmdma_spin(SpinLock));
		SpinLock->WdmdmaRaised = TRUE;
		return;
	}
	spin_lock(wdmdma_spin(SpinLock));
}
EXPORT_SYMBOL_GPL(KeAcquireSpinLockAtDpcLevel);

/**
 * KeReleaseSpinLockFromDpcLevel() - release a spin lock, staying at
 * DISPATCH_LEVEL
 * @SpinLock: the lock, taken with KeAcquireSpinLockAtDpcLevel()
 */
void KeReleaseSpinLockFromDpcLevel(PKSPIN_LOCK SpinLock)
	__releases(SpinLock)
{
	if (unlikely(!SpinLock)) {
		wdmdma_ke_bad_spin_lock("KeReleaseSpinLockFromDpcLevel");
		__release(SpinLock);
		return;
	}
	if (unlikely(!wdmdma_lock_held(SpinLock))) {
		wdmdma_report(NULL, "KeReleaseSpinLockFromDpcLevel",
			      "spin lock %p is not held", SpinLock);
		__release(SpinLock);
		return;
	}
	if (unlikely(SpinLock->WdmdmaRaised)) {
		SpinLock->WdmdmaRaised = FALSE;
		spin_unlock_bh(wdmdma_spin(SpinLock));
		return;
	}
	spin_unlock(wdmdma_spin(SpinLock));
}
EXPORT_SYMBOL_GPL(KeReleaseSpinLockFromDpcLevel);

/**
 * KfRaiseIrql() - raise the IRQL (what KeRaiseIrql() expands to)
 * @NewIrql: DISPATCH_LEVEL, or APC_LEVEL (no Linux equivalent: no change)
 *
 * Raising to DISPATCH_LEVEL disables bottom halves.  Lowering, or raising
 * above DISPATCH_LEVEL, is reported and changes nothing.
 *
 * Return: the IRQL before the call, for KeLowerIrql().
 */
KIRQL KfRaiseIrql(KIRQL NewIrql)
{
	KIRQL old = KeGetCurrentIrql();

	if (unlikely(NewIrql < old)) {
		wdmdma_report(NULL, "KeRaiseIrql", "new IRQL %u is below the current %u",
			      NewIrql, old);
		return old;
	}
	if (unlikely(NewIrql > DISPATCH_LEVEL)) {
		wdmdma_report(NULL, "KeRaiseIrql", "IRQL %u is not supported", NewIrql);
		return old;
	}
	if (NewIrql == DISPATCH_LEVEL && old < DISPATCH_LEVEL) {
		local_bh_disable();
		this_cpu_inc(wdmdma_raised);
	}
	return old;
}
EXPORT_SYMBOL_GPL(KfRaiseIrql);

/**
 * KeRaiseIrqlToDpcLevel() - raise the IRQL to DISPATCH_LEVEL
 *
 * Return: the IRQL before the call, for KeLowerIrql().
 */
KIRQL KeRaiseIrqlToDpcLevel(void)
{
	return KfRaiseIrql(DISPATCH_LEVEL);
}
EXPORT_SYMBOL_GPL(KeRaiseIrqlToDpcLevel);

/**
 * KeLowerIrql() - return to the IRQL KeRaiseIrql() returned
 * @NewIrql: that IRQL
 *
 * Only a raise made by KeRaiseIrql() on this CPU is undone; lowering below
 * a level the driver did not raise to (a held spin lock, a DPC) is
 * reported and ignored.
 */
void KeLowerIrql(KIRQL NewIrql)
{
	KIRQL cur = KeGetCurrentIrql();

	if (unlikely(NewIrql > cur)) {
		wdmdma_report(NULL, "KeLowerIrql", "new IRQL %u is above the current %u",
			      NewIrql, cur);
		return;
	}
	if (NewIrql >= DISPATCH_LEVEL || cur != DISPATCH_LEVEL)
		return;
	if (unlikely(!this_cpu_read(wdmdma_raised))) {
		wdmdma_report(NULL, "KeLowerIrql", "IRQL was not raised by KeRaiseIrql");
		return;
	}
	this_cpu_dec(wdmdma_raised);
	local_bh_enable();
}
EXPORT_SYMBOL_GPL(KeLowerIrql);

/**
 * KeStallExecutionProcessor() - busy-wait
 * @MicroSeconds: how long
 */
void KeStallExecutionProcessor(ULONG MicroSeconds)
{
	while (MicroSeconds >= 1000) {
		mdelay(1);
		MicroSeconds -= 1000;
	}
	if (MicroSeconds)
		udelay(MicroSeconds);
}
EXPORT_SYMBOL_GPL(KeStallExecutionProcessor);

/**
 * struct wdmdma_dpc_queue - a CPU's DPC queue
 * @tasklet: runs the queue's DPCs
 * @head: the oldest queued DPC, or NULL
 * @tail: the newest, or NULL
 */
struct wdmdma_dpc_queue {
	struct tasklet_struct tasklet;
	PKDPC head;
	PKDPC tail;
};

static void wdmdma_dpc_drain(struct tasklet_struct *t);

static DEFINE_SPINLOCK(wdmdma_dpc_lock);
static atomic_t wdmdma_dpc_pending = ATOMIC_INIT(0);
/* Each queue's tasklet is set up under wdmdma_dpc_lock on its first use. */
static DEFINE_PER_CPU(struct wdmdma_dpc_queue, wdmdma_dpc_queues);

static void wdmdma_dpc_done(void)
{
	if (atomic_dec_and_test(&wdmdma_dpc_pending))
		wake_up_var(&wdmdma_dpc_pending);
}

static PKDPC wdmdma_dpc_next(PKDPC dpc)
{
	PSINGLE_LIST_ENTRY next = dpc->DpcListEntry.Next;

	return next ? container_of(next, KDPC, DpcListEntry) : NULL;
}

static void wdmdma_dpc_drain(struct tasklet_struct *t)
{
	struct wdmdma_dpc_queue *q = container_of(t, struct wdmdma_dpc_queue, tasklet);
	PKDEFERRED_ROUTINE routine;
	PVOID context, arg1, arg2;
	unsigned int n;
	PKDPC dpc;

	for (n = 0; n < WDMDMA_DPC_BATCH; n++) {
		spin_lock_irq(&wdmdma_dpc_lock);
		dpc = q->head;
		if (!dpc) {
			spin_unlock_irq(&wdmdma_dpc_lock);
			return;
		}
		q->head = wdmdma_dpc_next(dpc);
		if (!q->head)
			q->tail = NULL;
		dpc->DpcListEntry.Next = NULL;
		dpc->DpcData = NULL;
		routine = dpc->DeferredRoutine;
		context = dpc->DeferredContext;
		arg1 = dpc->SystemArgument1;
		arg2 = dpc->SystemArgument2;
		spin_unlock_irq(&wdmdma_dpc_lock);

		routine(dpc, context, arg1, arg2);
		wdmdma_dpc_done();
	}
	tasklet_schedule(t);	/* more queued: let the CPU breathe first */
}

/* Does @dpc say it is on one of the queues?  (Its storage may be garbage.) */
static bool wdmdma_dpc_queued(PKDPC dpc)
{
	PVOID data = READ_ONCE(dpc->DpcData);
	int cpu;

	if (!data)
		return false;
	for_each_possible_cpu(cpu)
		if (data == per_cpu_ptr(&wdmdma_dpc_queues, cpu))
			return true;
	return false;
}

/**
 * KeInitializeDpc() - initialize a DPC object
 * @Dpc: the DPC, in storage the driver provides (nonpaged); not queued
 * @DeferredRoutine: called at DISPATCH_LEVEL each time the DPC runs
 * @DeferredContext: its second argument
 *
 * Initializing a DPC that is queued is reported and ignored.
 */
void KeInitializeDpc(PKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine, PVOID DeferredContext)
{
	if (unlikely(!Dpc || !DeferredRoutine)) {
		wdmdma_report(NULL, "KeInitializeDpc", "NULL %s",
			      Dpc ? "DeferredRoutine" : "Dpc");
		return;
	}
	if (unlikely(wdmdma_dpc_queued(Dpc))) {
		wdmdma_report(NULL, "KeInitializeDpc", "DPC %p is queued", Dpc);
		return;
	}
	Dpc->Type = WDMDMA_DPC_OBJECT;
	Dpc->Importance = MediumImportance;
	Dpc->Number = 0;
	Dpc->DpcListEntry.Next = NULL;
	Dpc->ProcessorHistory = 0;
	Dpc->DeferredRoutine = DeferredRoutine;
	Dpc->DeferredContext = DeferredContext;
	Dpc->SystemArgument1 = NULL;
	Dpc->SystemArgument2 = NULL;
	Dpc->DpcData = NULL;
	Dpc->WdmdmaIoDpcRoutine = NULL;
}
EXPORT_SYMBOL_GPL(KeInitializeDpc);

/**
 * KeInsertQueueDpc() - queue a DPC to run on this CPU
 * @Dpc: the DPC (KeInitializeDpc)
 * @SystemArgument1: the routine's third argument
 * @SystemArgument2: the routine's fourth argument
 *
 * The routine runs once per successful insert, in softirq context
 * (DISPATCH_LEVEL), after the DPCs this CPU queued before it.
 *
 * Context: any, hard interrupt context included.
 * Return: TRUE when queued; FALSE when it already was (the arguments of
 * the earlier insert stay).
 */
BOOLEAN KeInsertQueueDpc(PKDPC Dpc, PVOID SystemArgument1, PVOID SystemArgument2)
{
	struct wdmdma_dpc_queue *q;
	unsigned long flags;

	if (unlikely(!Dpc || !Dpc->DeferredRoutine)) {
		wdmdma_report(NULL, "KeInsertQueueDpc", "%s",
			      Dpc ? "DPC not initialized" : "NULL Dpc");
		return FALSE;
	}
	spin_lock_irqsave(&wdmdma_dpc_lock, flags);
	if (Dpc->DpcData) {
		spin_unlock_irqrestore(&wdmdma_dpc_lock, flags);
		return FALSE;
	}
	q = this_cpu_ptr(&wdmdma_dpc_queues);
	if (unlikely(!q->tasklet.callback))
		tasklet_setup(&q->tasklet, wdmdma_dpc_drain);
	Dpc->SystemArgument1 = SystemArgument1;
	Dpc->SystemArgument2 = SystemArgument2;
	Dpc->Number = (USHORT)smp_processor_id();
	Dpc->DpcListEntry.Next = NULL;
	Dpc->DpcData = q;
	if (q->tail)
		q->tail->DpcListEntry.Next = &Dpc->DpcListEntry;
	else
		q->head = Dpc;
	q->tail = Dpc;
	atomic_inc(&wdmdma_dpc_pending);
	tasklet_schedule(&q->tasklet);
	spin_unlock_irqrestore(&wdmdma_dpc_lock, flags);
	return TRUE;
}
EXPORT_SYMBOL_GPL(KeInsertQueueDpc);

/**
 * KeRemoveQueueDpc() - take a queued DPC off its queue
 * @Dpc: the DPC
 *
 * A routine already running is not waited for.
 *
 * Context: any.
 * Return: TRUE when it was queued (and now will not run), else FALSE.
 */
BOOLEAN KeRemoveQueueDpc(PKDPC Dpc)
{
	struct wdmdma_dpc_queue *q;
	unsigned long flags;
	PKDPC prev, cur;

	if (unlikely(!Dpc)) {
		wdmdma_report(NULL, "KeRemoveQueueDpc", "NULL Dpc");
		return FALSE;
	}
	spin_lock_irqsave(&wdmdma_dpc_lock, flags);
	q = Dpc->DpcData;
	if (!q) {
		spin_unlock_irqrestore(&wdmdma_dpc_lock, flags);
		return FALSE;
	}
	for (prev = NULL, cur = q->head; cur && cur != Dpc; cur = wdmdma_dpc_next(cur))
		prev = cur;
	if (WARN_ON_ONCE(!cur)) {	/* DpcData says queued: a wdmdma bug */
		spin_unlock_irqrestore(&wdmdma_dpc_lock, flags);
		return FALSE;
	}
	if (prev)
		prev->DpcListEntry.Next = Dpc->DpcListEntry.Next;
	else
		q->head = wdmdma_dpc_next(Dpc);
	if (q->tail == Dpc)
		q->tail = prev;
	Dpc->DpcListEntry.Next = NULL;
	Dpc->DpcData = NULL;
	spin_unlock_irqrestore(&wdmdma_dpc_lock, flags);
	wdmdma_dpc_done();
	return TRUE;
}
EXPORT_SYMBOL_GPL(KeRemoveQueueDpc);

/**
 * KeFlushQueuedDpcs() - wait until every queued DPC has run
 *
 * Returns once no DPC is queued or running on any CPU: a driver calls it
 * before unloading, after its device can no longer queue any.  A DPC that
 * keeps requeueing itself keeps it waiting.
 *
 * Context: process context (PASSIVE_LEVEL); elsewhere reported, no wait.
 */
void KeFlushQueuedDpcs(void)
{
	if (unlikely(wdmdma_atomic_context())) {
		wdmdma_report(NULL, "KeFlushQueuedDpcs", "called above PASSIVE_LEVEL");
		return;
	}
	wait_var_event(&wdmdma_dpc_pending, !atomic_read(&wdmdma_dpc_pending));
}
EXPORT_SYMBOL_GPL(KeFlushQueuedDpcs);

/**
 * wdmdma_ke_exit() - at module exit: no DPC tasklet may run afterwards
 */
void wdmdma_ke_exit(void)
{
	int cpu;

	KeFlushQueuedDpcs();
	for_each_possible_cpu(cpu)
		if (per_cpu(wdmdma_dpc_queues, cpu).tasklet.callback)
			tasklet_kill(&per_cpu(wdmdma_dpc_queues, cpu).tasklet);
}
