// SPDX-License-Identifier: GPL-2.0
/*
 * IRP cancellation (the cancel spin lock, IoCancelIrp, cancelable StartIo
 * queues), the Ke device queue routines, and remove locks.
 */
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/wait.h>

#include <wdm.h>
#undef __out	/* SAL's, not the label wait_event() uses */
#include <wdmdma/binding.h>

#include "suites.h"

/**
 * struct cx - what a test shares with its driver routines
 * @drv: the driver object (DriverStartIo = cx_startio)
 * @devobj: its device object
 * @started: IRPs StartIo was called with, in order
 * @nstarted: how many
 * @cancelled: IRPs the cancel routine ran for, in order
 * @ncancelled: how many
 * @cancel_devobj: DeviceObject the cancel routine last got
 * @cancel_irql: KeGetCurrentIrql() in the cancel routine, last call
 * @cancel_irp_irql: Irp->CancelIrql there, last call
 * @was_current: the last cancel routine call found its IRP current
 * @bad: impossible things the routines saw
 * @stress: StartIo follows the documented cancelable pattern and hands
 *	the IRP to the device DPC (cancel_stress)
 * @st_bad: impossible things seen in stress mode
 * @plug: in stress mode, the IRP StartIo holds without completing
 */
struct cx {
	PDRIVER_OBJECT drv;
	PDEVICE_OBJECT devobj;
	PIRP started[8];
	int nstarted;
	PIRP cancelled[8];
	int ncancelled;
	PDEVICE_OBJECT cancel_devobj;
	KIRQL cancel_irql;
	KIRQL cancel_irp_irql;
	bool was_current;
	int bad;
	bool stress;
	atomic_t st_bad;
	PIRP plug;
};

static struct cx *cx;

/*
 * StartIo of a driver whose IRPs stay cancelable while queued: once
 * current, it makes the IRP not cancelable unless its cancel routine got
 * it first, then lets the DPC complete it.
 */
static VOID cx_startio_stress(PDEVICE_OBJECT devobj, PIRP irp)
{
	KIRQL irql;

	IoAcquireCancelSpinLock(&irql);
	if (irp != devobj->CurrentIrp || irp->Cancel) {
		IoReleaseCancelSpinLock(irql);
		return;		/* the cancel routine completes it */
	}
	IoSetCancelRoutine(irp, NULL);
	IoReleaseCancelSpinLock(irql);
	if (irp == READ_ONCE(cx->plug))
		return;		/* held until the canceller queues the DPC */
	if (!KeInsertQueueDpc(&devobj->Dpc, irp, NULL))
		atomic_inc(&cx->st_bad);	/* one IRP in progress at a time */
}

static VOID cx_startio(PDEVICE_OBJECT devobj, PIRP irp)
{
	if (cx->stress) {
		cx_startio_stress(devobj, irp);
		return;
	}
	if (devobj != cx->devobj || devobj->CurrentIrp != irp ||
	    KeGetCurrentIrql() != DISPATCH_LEVEL)
		cx->bad++;
	if (cx->nstarted < ARRAY_SIZE(cx->started))
		cx->started[cx->nstarted++] = irp;
}

/* The cancel routine of a driver with StartIo, as the WDK documents it. */
static VOID cx_cancel(PDEVICE_OBJECT devobj, PIRP irp)
	__releases(_Global_cancel_spin_lock_)
{
	cx->cancel_devobj = devobj;
	cx->cancel_irql = KeGetCurrentIrql();
	cx->cancel_irp_irql = irp->CancelIrql;
	if (!irp->Cancel || irp->CancelRoutine)
		cx->bad++;
	if (!cx->stress && cx->ncancelled < ARRAY_SIZE(cx->cancelled))
		cx->cancelled[cx->ncancelled++] = irp;
	cx->was_current = irp == devobj->CurrentIrp;
	if (cx->was_current) {
		IoReleaseCancelSpinLock(irp->CancelIrql);
		IoStartNextPacket(devobj, TRUE);
	} else {
		if (!KeRemoveEntryDeviceQueue(&devobj->DeviceQueue,
					      &irp->Tail.Overlay.DeviceQueueEntry)) {
			if (cx->stress)
				atomic_inc(&cx->st_bad);
			else
				cx->bad++;
		}
		IoReleaseCancelSpinLock(irp->CancelIrql);
	}
	irp->IoStatus.Status = STATUS_CANCELLED;
	irp->IoStatus.Information = 0;
	IoCompleteRequest(irp, IO_NO_INCREMENT);
}

static int cancel_init(struct kunit *test)
{
	struct cx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	if (!c)
		return -ENOMEM;
	c->drv = wdmdma_driver_create("wdmdma_cancel");
	if (!c->drv)
		return -ENOMEM;
	c->drv->DriverStartIo = cx_startio;
	if (IoCreateDevice(c->drv, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE,
			   &c->devobj) != STATUS_SUCCESS) {
		wdmdma_driver_destroy(c->drv);
		return -ENOMEM;
	}
	cx = c;
	return 0;
}

static void cancel_exit(struct kunit *test)
{
	if (!cx)
		return;
	KeFlushQueuedDpcs();
	IoDeleteDevice(cx->devobj);
	wdmdma_driver_destroy(cx->drv);
	cx = NULL;
}

/* An IRP sent to cx->devobj: one stack location, current, naming it. */
static PIRP cx_irp(struct kunit *test)
{
	PIRP irp = IoAllocateIrp(1, FALSE);

	KUNIT_ASSERT_NOT_NULL(test, irp);
	IoSetNextIrpStackLocation(irp);
	IoGetCurrentIrpStackLocation(irp)->DeviceObject = cx->devobj;
	return irp;
}

static bool cx_completed(PIRP irp)
{
	return irp->CurrentLocation == irp->StackCount + 2;
}

/* IoCancelIrp without a cancel routine: FALSE, Cancel set all the same. */
static void cancel_no_routine(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	PIRP irp = cx_irp(test);

	KUNIT_EXPECT_FALSE(test, irp->Cancel);
	KUNIT_EXPECT_FALSE(test, IoCancelIrp(irp));
	KUNIT_EXPECT_TRUE(test, irp->Cancel);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
	KUNIT_EXPECT_EQ(test, cx->ncancelled, 0);
	KUNIT_EXPECT_FALSE(test, cx_completed(irp));
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
	IoFreeIrp(irp);
}

/*
 * IoCancelIrp with a routine: TRUE, the routine ran once at DISPATCH_LEVEL
 * with the cancel lock held (its release is not reported) and CancelIrql
 * the caller's IRQL, with the current stack location's DeviceObject.
 */
static void cancel_with_routine(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	PIRP irp = cx_irp(test);
	KIRQL old;

	/* no device queue involved: the routine finds it not queued */
	KUNIT_EXPECT_NULL(test, IoSetCancelRoutine(irp, cx_cancel));
	KUNIT_EXPECT_TRUE(test, IoCancelIrp(irp));
	KUNIT_ASSERT_EQ(test, cx->ncancelled, 1);
	KUNIT_EXPECT_PTR_EQ(test, cx->cancelled[0], irp);
	KUNIT_EXPECT_PTR_EQ(test, cx->cancel_devobj, cx->devobj);
	KUNIT_EXPECT_EQ(test, cx->cancel_irql, DISPATCH_LEVEL);
	KUNIT_EXPECT_EQ(test, cx->cancel_irp_irql, PASSIVE_LEVEL);
	KUNIT_EXPECT_EQ(test, irp->CancelIrql, PASSIVE_LEVEL);
	KUNIT_EXPECT_FALSE(test, cx->was_current);
	KUNIT_EXPECT_EQ(test, cx->bad, 1);	/* KeRemoveEntryDeviceQueue: FALSE, not queued */
	KUNIT_EXPECT_TRUE(test, cx_completed(irp));
	KUNIT_EXPECT_EQ(test, irp->IoStatus.Status, STATUS_CANCELLED);
	KUNIT_EXPECT_NULL(test, irp->CancelRoutine);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);

	/* the routine is taken: cancelling again calls nothing */
	KUNIT_EXPECT_FALSE(test, IoCancelIrp(irp));
	KUNIT_EXPECT_EQ(test, cx->ncancelled, 1);
	IoFreeIrp(irp);

	/* from DISPATCH_LEVEL, CancelIrql says so */
	irp = cx_irp(test);
	IoSetCancelRoutine(irp, cx_cancel);
	KeRaiseIrql(DISPATCH_LEVEL, &old);
	KUNIT_EXPECT_TRUE(test, IoCancelIrp(irp));
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), DISPATCH_LEVEL);
	KeLowerIrql(old);
	KUNIT_EXPECT_EQ(test, cx->ncancelled, 2);
	KUNIT_EXPECT_EQ(test, cx->cancel_irp_irql, DISPATCH_LEVEL);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
	IoFreeIrp(irp);

	/* the cancel lock by hand: DISPATCH_LEVEL while held */
	IoAcquireCancelSpinLock(&old);
	KUNIT_EXPECT_EQ(test, old, PASSIVE_LEVEL);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), DISPATCH_LEVEL);
	IoReleaseCancelSpinLock(old);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
	__acquire(_Global_cancel_spin_lock_);	/* sparse: releasing it unheld is the test */
	IoReleaseCancelSpinLock(PASSIVE_LEVEL);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);
}

static VOID cx_other_cancel(PDEVICE_OBJECT devobj, PIRP irp)
	__releases(_Global_cancel_spin_lock_)
{
	cx->bad++;
	IoReleaseCancelSpinLock(irp->CancelIrql);
}

/* IoSetCancelRoutine exchanges; IoCompleteRequest reports one left set. */
static void cancel_set_routine(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	PIRP irp = cx_irp(test);

	KUNIT_EXPECT_NULL(test, IoSetCancelRoutine(irp, cx_cancel));
	KUNIT_EXPECT_PTR_EQ(test, IoSetCancelRoutine(irp, cx_other_cancel),
			    (PDRIVER_CANCEL)cx_cancel);
	KUNIT_EXPECT_PTR_EQ(test, irp->CancelRoutine, (PDRIVER_CANCEL)cx_other_cancel);
	KUNIT_EXPECT_PTR_EQ(test, IoSetCancelRoutine(irp, NULL), (PDRIVER_CANCEL)cx_other_cancel);
	KUNIT_EXPECT_NULL(test, irp->CancelRoutine);

	/* completed cleanly: nothing reported */
	irp->IoStatus.Status = STATUS_SUCCESS;
	IoCompleteRequest(irp, IO_NO_INCREMENT);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
	IoFreeIrp(irp);

	/* completed with its cancel routine still set: reported and cleared */
	irp = cx_irp(test);
	IoSetCancelRoutine(irp, cx_other_cancel);
	irp->IoStatus.Status = STATUS_SUCCESS;
	IoCompleteRequest(irp, IO_NO_INCREMENT);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);
	KUNIT_EXPECT_NULL(test, irp->CancelRoutine);
	KUNIT_EXPECT_TRUE(test, cx_completed(irp));
	KUNIT_EXPECT_FALSE(test, IoCancelIrp(irp));
	KUNIT_EXPECT_EQ(test, cx->bad, 0);
	IoFreeIrp(irp);
}

/*
 * A queued cancelable IRP cancelled while another is current: the
 * documented cancel routine takes it off the device queue and completes
 * it, and IoStartNextPacket(TRUE) skips it.  Then the current one is
 * cancelled: the routine finds it current and starts the next (none).
 */
static void cancel_queued_packet(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	PIRP a = cx_irp(test), b = cx_irp(test), c = cx_irp(test);
	PDEVICE_OBJECT d = cx->devobj;
	KIRQL old;

	IoStartPacket(d, a, NULL, cx_cancel);
	IoStartPacket(d, b, NULL, cx_cancel);
	IoStartPacket(d, c, NULL, cx_cancel);
	KUNIT_ASSERT_EQ(test, cx->nstarted, 1);
	KUNIT_EXPECT_PTR_EQ(test, cx->started[0], a);
	KUNIT_EXPECT_PTR_EQ(test, d->CurrentIrp, a);
	KUNIT_EXPECT_TRUE(test, b->Tail.Overlay.DeviceQueueEntry.Inserted);
	KUNIT_EXPECT_PTR_EQ(test, b->CancelRoutine, (PDRIVER_CANCEL)cx_cancel);

	KUNIT_EXPECT_TRUE(test, IoCancelIrp(b));
	KUNIT_ASSERT_EQ(test, cx->ncancelled, 1);
	KUNIT_EXPECT_PTR_EQ(test, cx->cancelled[0], b);
	KUNIT_EXPECT_FALSE(test, cx->was_current);
	KUNIT_EXPECT_PTR_EQ(test, cx->cancel_devobj, d);
	KUNIT_EXPECT_TRUE(test, cx_completed(b));
	KUNIT_EXPECT_EQ(test, b->IoStatus.Status, STATUS_CANCELLED);
	KUNIT_EXPECT_FALSE(test, b->Tail.Overlay.DeviceQueueEntry.Inserted);
	KUNIT_EXPECT_PTR_EQ(test, d->CurrentIrp, a);

	/* a is done (its driver makes it not cancelable first): c is next */
	KUNIT_EXPECT_PTR_EQ(test, IoSetCancelRoutine(a, NULL), (PDRIVER_CANCEL)cx_cancel);
	KeRaiseIrql(DISPATCH_LEVEL, &old);
	IoStartNextPacket(d, TRUE);
	KeLowerIrql(old);
	a->IoStatus.Status = STATUS_SUCCESS;
	IoCompleteRequest(a, IO_NO_INCREMENT);
	KUNIT_ASSERT_EQ(test, cx->nstarted, 2);
	KUNIT_EXPECT_PTR_EQ(test, cx->started[1], c);
	KUNIT_EXPECT_PTR_EQ(test, d->CurrentIrp, c);

	/* the current IRP cancelled: the routine starts the next (none) */
	KUNIT_EXPECT_TRUE(test, IoCancelIrp(c));
	KUNIT_ASSERT_EQ(test, cx->ncancelled, 2);
	KUNIT_EXPECT_TRUE(test, cx->was_current);
	KUNIT_EXPECT_TRUE(test, cx_completed(c));
	KUNIT_EXPECT_EQ(test, c->IoStatus.Status, STATUS_CANCELLED);
	KUNIT_EXPECT_NULL(test, d->CurrentIrp);
	KUNIT_EXPECT_FALSE(test, d->DeviceQueue.Busy);
	KUNIT_EXPECT_EQ(test, cx->nstarted, 2);
	KUNIT_EXPECT_EQ(test, cx->bad, 0);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
	IoFreeIrp(a);
	IoFreeIrp(b);
	IoFreeIrp(c);
}

/* IoStartPacket of an IRP already cancelled: its routine runs, not StartIo. */
static void cancel_start_cancelled(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	PIRP a = cx_irp(test), b = cx_irp(test), e = cx_irp(test);
	PDEVICE_OBJECT d = cx->devobj;
	ULONG key = 7;
	KIRQL old;

	/* busy with a: b, cancelled before, is queued and cancelled at once */
	IoStartPacket(d, a, NULL, cx_cancel);
	KUNIT_EXPECT_FALSE(test, IoCancelIrp(b));
	IoStartPacket(d, b, &key, cx_cancel);
	KUNIT_ASSERT_EQ(test, cx->ncancelled, 1);
	KUNIT_EXPECT_PTR_EQ(test, cx->cancelled[0], b);
	KUNIT_EXPECT_FALSE(test, cx->was_current);
	KUNIT_EXPECT_PTR_EQ(test, cx->cancel_devobj, d);
	KUNIT_EXPECT_EQ(test, cx->cancel_irql, DISPATCH_LEVEL);
	KUNIT_EXPECT_TRUE(test, cx_completed(b));
	KUNIT_EXPECT_EQ(test, b->IoStatus.Status, STATUS_CANCELLED);
	KUNIT_EXPECT_PTR_EQ(test, d->CurrentIrp, a);
	KUNIT_EXPECT_EQ(test, cx->nstarted, 1);

	/* nothing left queued: a's end makes the device idle */
	IoSetCancelRoutine(a, NULL);
	KeRaiseIrql(DISPATCH_LEVEL, &old);
	IoStartNextPacket(d, TRUE);
	KeLowerIrql(old);
	KUNIT_EXPECT_NULL(test, d->CurrentIrp);
	KUNIT_EXPECT_FALSE(test, d->DeviceQueue.Busy);
	KUNIT_EXPECT_EQ(test, cx->nstarted, 1);

	/* idle: e, cancelled before, becomes current and is cancelled at once */
	KUNIT_EXPECT_FALSE(test, IoCancelIrp(e));
	IoStartPacket(d, e, NULL, cx_cancel);
	KUNIT_ASSERT_EQ(test, cx->ncancelled, 2);
	KUNIT_EXPECT_PTR_EQ(test, cx->cancelled[1], e);
	KUNIT_EXPECT_TRUE(test, cx->was_current);
	KUNIT_EXPECT_TRUE(test, cx_completed(e));
	KUNIT_EXPECT_EQ(test, cx->nstarted, 1);		/* StartIo never saw it */
	KUNIT_EXPECT_NULL(test, d->CurrentIrp);
	KUNIT_EXPECT_FALSE(test, d->DeviceQueue.Busy);
	KUNIT_EXPECT_EQ(test, cx->bad, 0);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
	IoFreeIrp(a);
	IoFreeIrp(b);
	IoFreeIrp(e);
}

/* The Ke device queue routines, as documented. */
static void cancel_device_queue(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	KDEVICE_QUEUE_ENTRY *e = kunit_kcalloc(test, 5, sizeof(*e), GFP_KERNEL);
	KDEVICE_QUEUE *q = kunit_kzalloc(test, sizeof(*q), GFP_KERNEL);
	KIRQL old;

	KUNIT_ASSERT_NOT_NULL(test, e);
	KUNIT_ASSERT_NOT_NULL(test, q);
	/* not initialized: refused and reported */
	KUNIT_EXPECT_FALSE(test, KeInsertDeviceQueue(q, &e[0]));
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);

	KeInitializeDeviceQueue(q);
	KUNIT_EXPECT_FALSE(test, q->Busy);
	KeRaiseIrql(DISPATCH_LEVEL, &old);
	/* not busy: not queued, busy now */
	KUNIT_EXPECT_FALSE(test, KeInsertDeviceQueue(q, &e[0]));
	KUNIT_EXPECT_TRUE(test, q->Busy);
	KUNIT_EXPECT_FALSE(test, e[0].Inserted);
	/* busy: queued at the tail, or by key */
	KUNIT_EXPECT_TRUE(test, KeInsertDeviceQueue(q, &e[1]));
	KUNIT_EXPECT_TRUE(test, e[1].Inserted);
	KUNIT_EXPECT_TRUE(test, KeInsertByKeyDeviceQueue(q, &e[2], 5));
	KUNIT_EXPECT_TRUE(test, KeInsertByKeyDeviceQueue(q, &e[3], 1));
	KUNIT_EXPECT_TRUE(test, KeInsertByKeyDeviceQueue(q, &e[4], 3));
	KUNIT_EXPECT_EQ(test, e[2].SortKey, 5U);
	/* queue: e1 (key 0), e3 (1), e4 (3), e2 (5) */
	KUNIT_EXPECT_PTR_EQ(test, KeRemoveByKeyDeviceQueue(q, 2), &e[4]);
	KUNIT_EXPECT_FALSE(test, e[4].Inserted);
	KUNIT_EXPECT_PTR_EQ(test, KeRemoveByKeyDeviceQueue(q, 9), &e[1]);	/* none >= 9 */
	KUNIT_EXPECT_TRUE(test, KeRemoveEntryDeviceQueue(q, &e[2]));
	KUNIT_EXPECT_FALSE(test, e[2].Inserted);
	KUNIT_EXPECT_FALSE(test, KeRemoveEntryDeviceQueue(q, &e[2]));
	KUNIT_EXPECT_FALSE(test, KeRemoveEntryDeviceQueue(q, &e[0]));
	KUNIT_EXPECT_TRUE(test, q->Busy);
	KUNIT_EXPECT_PTR_EQ(test, KeRemoveDeviceQueue(q), &e[3]);
	KUNIT_EXPECT_TRUE(test, q->Busy);
	/* empty: NULL, and not busy any more */
	KUNIT_EXPECT_NULL(test, KeRemoveDeviceQueue(q));
	KUNIT_EXPECT_FALSE(test, q->Busy);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);
	/* not busy: an error, reported */
	KUNIT_EXPECT_NULL(test, KeRemoveDeviceQueue(q));
	KUNIT_EXPECT_NULL(test, KeRemoveByKeyDeviceQueue(q, 0));
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 3);
	/* busy again, the by-key removal of an empty queue idles it */
	KUNIT_EXPECT_FALSE(test, KeInsertByKeyDeviceQueue(q, &e[0], 4));
	KUNIT_EXPECT_TRUE(test, q->Busy);
	KUNIT_EXPECT_NULL(test, KeRemoveByKeyDeviceQueue(q, 0));
	KUNIT_EXPECT_FALSE(test, q->Busy);
	KeLowerIrql(old);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 3);
}

#define CX_THREADS	3
#define CX_PER_THREAD	60
#define CX_IRPS		(CX_THREADS * CX_PER_THREAD)
#define CX_PLUG		CX_IRPS		/* the slot of the IRP holding the device */

/**
 * struct cx_slot - one IRP of cancel_stress
 * @irp: the IRP, published once set up
 * @done: times it was completed
 * @status: its final status
 * @tried: IoCancelIrp was called on it
 */
struct cx_slot {
	PIRP irp;
	atomic_t done;
	NTSTATUS status;
	bool tried;
};

/**
 * struct cx_stress - cancel_stress's shared state
 * @slot: the IRPs, thread t submitting t, t + CX_THREADS, ...; the last
 *	is the plug, started first, which StartIo holds until the canceller,
 *	halfway through, hands it to the DPC
 * @completed: IRPs completed
 * @wq: woken when all are
 * @go: the threads start together
 * @done: each thread has finished
 * @id: the submitters' thread numbers
 * @bad: allocation failures and the like
 */
struct cx_stress {
	struct cx_slot slot[CX_IRPS + 1];
	atomic_t completed;
	wait_queue_head_t wq;
	struct completion go;
	struct completion done[CX_THREADS + 1];
	int id[CX_THREADS];
	atomic_t bad;
};

static struct cx_stress *cx_st;

static VOID cx_dpc(PKDPC dpc, PDEVICE_OBJECT devobj, PIRP irp, PVOID ctx)
{
	KeStallExecutionProcessor(20);	/* the "device": slower than submission */
	IoStartNextPacket(devobj, TRUE);
	irp->IoStatus.Status = STATUS_SUCCESS;
	IoCompleteRequest(irp, IO_NO_INCREMENT);
}

static NTSTATUS cx_stress_done(PDEVICE_OBJECT devobj, PIRP irp, PVOID ctx)
{
	struct cx_slot *slot = ctx;

	slot->status = irp->IoStatus.Status;
	atomic_inc(&slot->done);
	if (atomic_inc_return(&cx_st->completed) == CX_IRPS + 1)
		wake_up(&cx_st->wq);
	return STATUS_MORE_PROCESSING_REQUIRED;	/* freed by the test */
}

static int cx_submit_thread(void *arg)
{
	int t = *(int *)arg, i;
	struct cx_slot *slot;
	PIRP irp;

	wait_for_completion(&cx_st->go);
	for (i = t; i < CX_IRPS; i += CX_THREADS) {
		slot = &cx_st->slot[i];
		irp = IoAllocateIrp(1, FALSE);
		if (!irp) {
			atomic_inc(&cx_st->bad);
			atomic_inc(&slot->done);
			atomic_inc(&cx_st->completed);
			continue;
		}
		IoSetCompletionRoutine(irp, cx_stress_done, slot, TRUE, TRUE, TRUE);
		IoSetNextIrpStackLocation(irp);
		IoGetCurrentIrpStackLocation(irp)->DeviceObject = cx->devobj;
		/* publish it set up; pairs with the canceller's acquire */
		smp_store_release(&slot->irp, irp);
		IoStartPacket(cx->devobj, irp, NULL, cx_cancel);
		if (!(i % 8))
			cond_resched();
	}
	complete(&cx_st->done[t]);
	return 0;
}

/* Cancels every third IRP as soon as it is published; unplugs halfway. */
static int cx_cancel_thread(void *arg)
{
	unsigned long deadline;
	PIRP irp;
	int i;

	wait_for_completion(&cx_st->go);
	for (i = 0; i < CX_IRPS; i += 3) {
		deadline = jiffies + 10 * HZ;
		/* pairs with the submitter's release: the IRP is set up */
		while (!(irp = smp_load_acquire(&cx_st->slot[i].irp)) &&
		       atomic_read(&cx_st->slot[i].done) == 0 && time_before(jiffies, deadline))
			cond_resched();
		if (irp) {
			cx_st->slot[i].tried = true;
			IoCancelIrp(irp);
		}
		if (i / 3 == CX_IRPS / 6 &&
		    !KeInsertQueueDpc(&cx->devobj->Dpc, cx->plug, NULL))
			atomic_inc(&cx_st->bad);
	}
	complete(&cx_st->done[CX_THREADS]);
	return 0;
}

/*
 * Submitters race a canceller on a cancelable StartIo queue completed from
 * the device DPC: every IRP completes exactly once, cancelled only if
 * IoCancelIrp was called on it; no lock inversion (lockdep watches).
 */
static void cancel_stress(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	int i, started = 0, ncancelled = 0;
	struct task_struct *t;

	cx_st = kunit_kzalloc(test, sizeof(*cx_st), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cx_st);
	cx->stress = true;
	IoInitializeDpcRequest(cx->devobj, cx_dpc);
	cx->plug = IoAllocateIrp(1, FALSE);
	KUNIT_ASSERT_NOT_NULL(test, cx->plug);
	IoSetCompletionRoutine(cx->plug, cx_stress_done, &cx_st->slot[CX_PLUG], TRUE, TRUE,
			       TRUE);
	IoSetNextIrpStackLocation(cx->plug);
	IoGetCurrentIrpStackLocation(cx->plug)->DeviceObject = cx->devobj;
	cx_st->slot[CX_PLUG].irp = cx->plug;
	IoStartPacket(cx->devobj, cx->plug, NULL, NULL);
	KUNIT_EXPECT_PTR_EQ(test, cx->devobj->CurrentIrp, cx->plug);
	init_waitqueue_head(&cx_st->wq);
	init_completion(&cx_st->go);
	for (i = 0; i <= CX_THREADS; i++)
		init_completion(&cx_st->done[i]);
	for (i = 0; i < CX_THREADS; i++) {
		cx_st->id[i] = i;
		t = kthread_run(cx_submit_thread, &cx_st->id[i], "wdmdma_cxs%d", i);
		if (IS_ERR(t)) {
			complete(&cx_st->done[i]);
			continue;
		}
		started++;
	}
	t = kthread_run(cx_cancel_thread, NULL, "wdmdma_cxc");
	if (IS_ERR(t))
		complete(&cx_st->done[CX_THREADS]);
	else
		started++;
	complete_all(&cx_st->go);
	for (i = 0; i <= CX_THREADS; i++)
		KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&cx_st->done[i], 20 * HZ), 0);
	KUNIT_ASSERT_EQ(test, started, CX_THREADS + 1);
	KUNIT_ASSERT_GT(test, wait_event_timeout(cx_st->wq, atomic_read(&cx_st->completed) ==
						 CX_IRPS + 1, 20 * HZ), 0);
	KeFlushQueuedDpcs();
	for (i = 0; i <= CX_PLUG; i++) {
		struct cx_slot *slot = &cx_st->slot[i];

		KUNIT_EXPECT_EQ(test, atomic_read(&slot->done), 1);
		if (slot->status == STATUS_CANCELLED) {
			ncancelled++;
			KUNIT_EXPECT_TRUE(test, slot->tried);
		} else {
			KUNIT_EXPECT_EQ(test, slot->status, STATUS_SUCCESS);
		}
		if (slot->irp)
			IoFreeIrp(slot->irp);
	}
	kunit_info(test, "%d of %d IRPs cancelled, %d tried\n", ncancelled, CX_IRPS,
		   DIV_ROUND_UP(CX_IRPS, 3));
	KUNIT_EXPECT_EQ(test, atomic_read(&cx_st->bad), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&cx->st_bad), 0);
	KUNIT_EXPECT_EQ(test, cx->bad, 0);
	KUNIT_EXPECT_NULL(test, cx->devobj->CurrentIrp);
	KUNIT_EXPECT_FALSE(test, cx->devobj->DeviceQueue.Busy);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
}

#define RL_TAG	0x6b6c6d52	/* "RmlK" */

/*
 * Acquisitions outstanding after removal: IoCount's low bits (wdmdma keeps
 * a removed flag above them).
 */
static LONG rl_outstanding(PIO_REMOVE_LOCK l)
{
	return l->Common.IoCount & 0xffff;
}

/* Acquisitions count up, releases down; over-release is reported. */
static void cancel_remove_lock_count(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	IO_REMOVE_LOCK *l = kunit_kzalloc(test, sizeof(*l), GFP_KERNEL);
	KIRQL old;

	KUNIT_ASSERT_NOT_NULL(test, l);
	memset(l, 0xa5, sizeof(*l));
	IoInitializeRemoveLock(l, RL_TAG, 0, 0);
	KUNIT_EXPECT_FALSE(test, l->Common.Removed);
	KUNIT_EXPECT_EQ(test, l->Common.IoCount, 1);
	KUNIT_EXPECT_EQ(test, IoAcquireRemoveLock(l, NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, IoAcquireRemoveLock(l, (PVOID)l), STATUS_SUCCESS);
	KeRaiseIrql(DISPATCH_LEVEL, &old);
	KUNIT_EXPECT_EQ(test, IoAcquireRemoveLock(l, NULL), STATUS_SUCCESS);
	KeLowerIrql(old);
	KUNIT_EXPECT_EQ(test, l->Common.IoCount, 4);
	IoReleaseRemoveLock(l, NULL);
	IoReleaseRemoveLock(l, (PVOID)l);
	KUNIT_EXPECT_EQ(test, l->Common.IoCount, 2);
	IoReleaseRemoveLock(l, NULL);
	KUNIT_EXPECT_EQ(test, l->Common.IoCount, 1);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);

	/* one release too many: reported, the count stays right */
	IoReleaseRemoveLock(l, NULL);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);
	KUNIT_EXPECT_EQ(test, l->Common.IoCount, 1);
	KUNIT_EXPECT_EQ(test, IoAcquireRemoveLock(l, NULL), STATUS_SUCCESS);

	/* removal with nothing else held returns at once */
	IoReleaseRemoveLockAndWait(l, NULL);
	KUNIT_EXPECT_TRUE(test, l->Common.Removed);
	KUNIT_EXPECT_EQ(test, rl_outstanding(l), 0);
	KUNIT_EXPECT_EQ(test, IoAcquireRemoveLock(l, NULL), STATUS_DELETE_PENDING);
	KUNIT_EXPECT_EQ(test, rl_outstanding(l), 0);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);
	IoReleaseRemoveLock(l, NULL);			/* after removal */
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 2);
	KUNIT_EXPECT_EQ(test, rl_outstanding(l), 0);
	IoReleaseRemoveLockAndWait(l, NULL);		/* twice */
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 3);

	/* removal without holding it: reported, still no hang */
	IoInitializeRemoveLock(l, RL_TAG, 0, 0);
	IoReleaseRemoveLockAndWait(l, NULL);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 4);
	KUNIT_EXPECT_EQ(test, rl_outstanding(l), 0);
	/* wrong size: refused */
	IoInitializeRemoveLockEx(l, RL_TAG, 0, 0, sizeof(*l) + 8);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 5);
}

/**
 * struct rl_holder - a kthread holding a remove lock across a removal
 * @lock: the remove lock
 * @held: the thread holds it
 * @done: the thread has finished
 * @late: what its IoAcquireRemoveLock returned once removal began
 * @saw_removed: it saw Removed set while still holding the lock
 * @released: it is about to release (set just before)
 */
struct rl_holder {
	IO_REMOVE_LOCK lock;
	struct completion held;
	struct completion done;
	NTSTATUS late;
	bool saw_removed;
	bool released;
};

static int rl_holder_thread(void *arg)
{
	struct rl_holder *h = arg;
	int i;

	h->late = IoAcquireRemoveLock(&h->lock, h);
	complete(&h->held);
	if (h->late != STATUS_SUCCESS)
		goto out;
	for (i = 0; i < 250 && !READ_ONCE(h->lock.Common.Removed); i++)
		msleep(20);
	h->saw_removed = READ_ONCE(h->lock.Common.Removed);
	h->late = IoAcquireRemoveLock(&h->lock, NULL);	/* during removal */
	msleep(200);					/* the remover must wait */
	WRITE_ONCE(h->released, true);
	IoReleaseRemoveLock(&h->lock, h);
out:
	complete(&h->done);
	return 0;
}

/* IoReleaseRemoveLockAndWait waits for another thread's acquisition. */
static void cancel_remove_lock_wait(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	struct rl_holder *h = kunit_kzalloc(test, sizeof(*h), GFP_KERNEL);
	struct task_struct *t;

	KUNIT_ASSERT_NOT_NULL(test, h);
	IoInitializeRemoveLock(&h->lock, RL_TAG, 0, 0);
	init_completion(&h->held);
	init_completion(&h->done);
	KUNIT_ASSERT_EQ(test, IoAcquireRemoveLock(&h->lock, NULL), STATUS_SUCCESS);
	t = kthread_run(rl_holder_thread, h, "wdmdma_rlock");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&h->held, 20 * HZ), 0);
	KUNIT_ASSERT_EQ(test, h->late, STATUS_SUCCESS);

	IoReleaseRemoveLockAndWait(&h->lock, NULL);
	KUNIT_EXPECT_TRUE(test, READ_ONCE(h->released));
	KUNIT_EXPECT_EQ(test, rl_outstanding(&h->lock), 0);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&h->done, 20 * HZ), 0);
	KUNIT_EXPECT_TRUE(test, h->saw_removed);
	KUNIT_EXPECT_EQ(test, h->late, STATUS_DELETE_PENDING);
	KUNIT_EXPECT_EQ(test, IoAcquireRemoveLock(&h->lock, NULL), STATUS_DELETE_PENDING);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
}

static struct kunit_case cancel_cases[] = {
	KUNIT_CASE(cancel_no_routine),
	KUNIT_CASE(cancel_with_routine),
	KUNIT_CASE(cancel_set_routine),
	KUNIT_CASE(cancel_queued_packet),
	KUNIT_CASE(cancel_start_cancelled),
	KUNIT_CASE(cancel_device_queue),
	KUNIT_CASE(cancel_stress),
	KUNIT_CASE(cancel_remove_lock_count),
	KUNIT_CASE(cancel_remove_lock_wait),
	{}
};

struct kunit_suite wdmdma_cancel_suite = {
	.name = "wdmdma_cancel",
	.init = cancel_init,
	.exit = cancel_exit,
	.test_cases = cancel_cases,
};
