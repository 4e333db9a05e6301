// SPDX-License-Identifier: GPL-2.0
/*
 * Group 8: cancel-safe IRP queues (IoCsqInitialize(Ex), IoCsqInsertIrp(Ex),
 * IoCsqRemoveIrp, IoCsqRemoveNextIrp) over a driver queue written as the
 * WDK documents it: a LIST_ENTRY of IRPs (Tail.Overlay.ListEntry) under a
 * KSPIN_LOCK.  Every IRP must be completed exactly once, whether a removal
 * or its cancellation gets it.
 */
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/sched/task.h>

#include "suites.h"	/* Linux headers before <wdm.h> */

#include <csq.h>	/* what an old driver includes; <wdm.h> has it too */
#include <wdmdma/binding.h>

struct tq {
	IO_CSQ csq;
	KSPIN_LOCK lock;
	LIST_ENTRY head;
	atomic_t cancelled;	/* CsqCompleteCanceledIrp calls */
	atomic_t completed;	/* every completion */
	PVOID insert_ctx;	/* the last InsertContext CsqInsertIrpEx saw */
};

/* One IRP's record: DriverContext[1] points at it, [0] is its peek key */
struct tq_rec {
	atomic_t done;
	NTSTATUS status;
};

#define TQ(c)	container_of(c, struct tq, csq)

static void tq_insert(PIO_CSQ Csq, PIRP Irp)
{
	InsertTailList(&TQ(Csq)->head, &Irp->Tail.Overlay.ListEntry);
}

static NTSTATUS tq_insert_ex(PIO_CSQ Csq, PIRP Irp, PVOID InsertContext)
{
	TQ(Csq)->insert_ctx = InsertContext;
	if (InsertContext == (PVOID)1)
		return STATUS_DEVICE_BUSY;
	tq_insert(Csq, Irp);
	return STATUS_SUCCESS;
}

static void tq_remove(PIO_CSQ Csq, PIRP Irp)
{
	RemoveEntryList(&Irp->Tail.Overlay.ListEntry);
}

static PIRP tq_peek(PIO_CSQ Csq, PIRP Irp, PVOID PeekContext)
{
	struct tq *q = TQ(Csq);
	PLIST_ENTRY e = Irp ? Irp->Tail.Overlay.ListEntry.Flink : q->head.Flink;
	PIRP i;

	for (; e != &q->head; e = e->Flink) {
		i = CONTAINING_RECORD(e, IRP, Tail.Overlay.ListEntry);
		if (!PeekContext || i->Tail.Overlay.DriverContext[0] == PeekContext)
			return i;
	}
	return NULL;
}

static void tq_acquire(PIO_CSQ Csq, PKIRQL Irql)
	__acquires(Csq)
{
	KeAcquireSpinLock(&TQ(Csq)->lock, Irql);
}

static void tq_release(PIO_CSQ Csq, KIRQL Irql)
	__releases(Csq)
{
	KeReleaseSpinLock(&TQ(Csq)->lock, Irql);
}

static void tq_complete(struct tq *q, PIRP irp, NTSTATUS status)
{
	struct tq_rec *rec = irp->Tail.Overlay.DriverContext[1];

	rec->status = status;
	atomic_inc(&rec->done);
	irp->IoStatus.Status = status;
	irp->IoStatus.Information = 0;
	IoCompleteRequest(irp, IO_NO_INCREMENT);
	atomic_inc(&q->completed);
}

static void tq_complete_canceled(PIO_CSQ Csq, PIRP Irp)
{
	atomic_inc(&TQ(Csq)->cancelled);
	tq_complete(TQ(Csq), Irp, STATUS_CANCELLED);
}

static void tq_init(struct kunit *test, struct tq *q, bool ex)
{
	KeInitializeSpinLock(&q->lock);
	InitializeListHead(&q->head);
	if (ex)
		KUNIT_ASSERT_EQ(test, IoCsqInitializeEx(&q->csq, tq_insert_ex, tq_remove, tq_peek,
							tq_acquire, tq_release,
							tq_complete_canceled), STATUS_SUCCESS);
	else
		KUNIT_ASSERT_EQ(test, IoCsqInitialize(&q->csq, tq_insert, tq_remove, tq_peek,
						      tq_acquire, tq_release,
						      tq_complete_canceled), STATUS_SUCCESS);
}

/* An IRP as a dispatch routine gets it: its stack location current */
static PIRP tq_irp(struct kunit *test, struct tq_rec *rec, PVOID key)
{
	PIRP irp = IoAllocateIrp(1, FALSE);

	KUNIT_ASSERT_NOT_NULL(test, irp);
	IoSetNextIrpStackLocation(irp);
	irp->Tail.Overlay.DriverContext[0] = key;
	irp->Tail.Overlay.DriverContext[1] = rec;
	atomic_set(&rec->done, 0);
	return irp;
}

static bool tq_pending(PIRP irp)
{
	return IoGetCurrentIrpStackLocation(irp)->Control & SL_PENDING_RETURNED;
}

#define TQ_N	5

/* FIFO order, pending marked, no longer cancelable once removed */
static void csq_order(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	struct tq_rec rec[TQ_N];
	IO_CSQ_IRP_CONTEXT ctx[TQ_N];
	PIRP irp[TQ_N], got;
	struct tq q = {};
	int i;

	tq_init(test, &q, false);
	for (i = 0; i < TQ_N; i++) {
		irp[i] = tq_irp(test, &rec[i], NULL);
		IoCsqInsertIrp(&q.csq, irp[i], i & 1 ? &ctx[i] : NULL);
		KUNIT_EXPECT_TRUE(test, tq_pending(irp[i]));
		KUNIT_EXPECT_NOT_NULL(test, irp[i]->CancelRoutine);
	}
	for (i = 0; i < TQ_N; i++) {
		got = IoCsqRemoveNextIrp(&q.csq, NULL);
		KUNIT_EXPECT_PTR_EQ(test, got, irp[i]);
		if (!got)
			continue;
		KUNIT_EXPECT_NULL(test, got->CancelRoutine);
		KUNIT_EXPECT_FALSE(test, IoCancelIrp(got));	/* ours now: not cancelled */
		tq_complete(&q, got, STATUS_SUCCESS);
	}
	KUNIT_EXPECT_NULL(test, IoCsqRemoveNextIrp(&q.csq, NULL));
	KUNIT_EXPECT_NULL(test, IoCsqRemoveIrp(&q.csq, &ctx[1]));	/* gone already */
	KUNIT_EXPECT_TRUE(test, IsListEmpty(&q.head));
	for (i = 0; i < TQ_N; i++) {
		KUNIT_EXPECT_EQ(test, atomic_read(&rec[i].done), 1);
		IoFreeIrp(irp[i]);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&q.cancelled), 0);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
}

/* IoCsqRemoveIrp takes the context's IRP from the middle, once */
static void csq_context(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	struct tq_rec rec[3];
	IO_CSQ_IRP_CONTEXT ctx[3];
	struct tq q = {};
	PIRP irp[3];
	int i;

	tq_init(test, &q, false);
	for (i = 0; i < 3; i++) {
		irp[i] = tq_irp(test, &rec[i], NULL);
		IoCsqInsertIrp(&q.csq, irp[i], &ctx[i]);
		KUNIT_EXPECT_PTR_EQ(test, ctx[i].Irp, irp[i]);
		KUNIT_EXPECT_PTR_EQ(test, ctx[i].Csq, &q.csq);
	}
	KUNIT_EXPECT_PTR_EQ(test, IoCsqRemoveIrp(&q.csq, &ctx[1]), irp[1]);
	KUNIT_EXPECT_NULL(test, IoCsqRemoveIrp(&q.csq, &ctx[1]));
	tq_complete(&q, irp[1], STATUS_SUCCESS);
	KUNIT_EXPECT_PTR_EQ(test, IoCsqRemoveNextIrp(&q.csq, NULL), irp[0]);
	KUNIT_EXPECT_PTR_EQ(test, IoCsqRemoveIrp(&q.csq, &ctx[2]), irp[2]);
	KUNIT_EXPECT_NULL(test, IoCsqRemoveIrp(&q.csq, &ctx[0]));
	tq_complete(&q, irp[0], STATUS_SUCCESS);
	tq_complete(&q, irp[2], STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, IsListEmpty(&q.head));
	for (i = 0; i < 3; i++)
		IoFreeIrp(irp[i]);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
	IoCsqRemoveIrp(&q.csq, NULL);			/* misuse: reported */
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);
}

/* IoCsqRemoveNextIrp with a peek context takes only the matching IRPs */
static void csq_peek(struct kunit *test)
{
	static int one, two;
	struct tq_rec rec[4];
	struct tq q = {};
	PIRP irp[4];
	int i;

	tq_init(test, &q, false);
	for (i = 0; i < 4; i++) {
		irp[i] = tq_irp(test, &rec[i], i & 1 ? &two : &one);
		IoCsqInsertIrp(&q.csq, irp[i], NULL);
	}
	KUNIT_EXPECT_PTR_EQ(test, IoCsqRemoveNextIrp(&q.csq, &two), irp[1]);
	KUNIT_EXPECT_PTR_EQ(test, IoCsqRemoveNextIrp(&q.csq, &two), irp[3]);
	KUNIT_EXPECT_NULL(test, IoCsqRemoveNextIrp(&q.csq, &two));
	KUNIT_EXPECT_PTR_EQ(test, IoCsqRemoveNextIrp(&q.csq, NULL), irp[0]);
	KUNIT_EXPECT_PTR_EQ(test, IoCsqRemoveNextIrp(&q.csq, &one), irp[2]);
	KUNIT_EXPECT_NULL(test, IoCsqRemoveNextIrp(&q.csq, NULL));
	for (i = 0; i < 4; i++) {
		tq_complete(&q, irp[i], STATUS_SUCCESS);
		IoFreeIrp(irp[i]);
	}
}

/* Cancelled while queued, or before insertion: CsqCompleteCanceledIrp once */
static void csq_cancel(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	struct tq_rec rec[3];
	IO_CSQ_IRP_CONTEXT ctx[3];
	struct tq q = {};
	PIRP irp[3];
	int i;

	tq_init(test, &q, false);
	for (i = 0; i < 2; i++) {
		irp[i] = tq_irp(test, &rec[i], NULL);
		IoCsqInsertIrp(&q.csq, irp[i], &ctx[i]);
	}
	KUNIT_EXPECT_TRUE(test, IoCancelIrp(irp[0]));
	KUNIT_EXPECT_EQ(test, atomic_read(&rec[0].done), 1);
	KUNIT_EXPECT_EQ(test, rec[0].status, STATUS_CANCELLED);
	KUNIT_EXPECT_EQ(test, irp[0]->IoStatus.Status, STATUS_CANCELLED);
	KUNIT_EXPECT_FALSE(test, IoCancelIrp(irp[0]));	/* again: nothing to call */
	KUNIT_EXPECT_NULL(test, IoCsqRemoveIrp(&q.csq, &ctx[0]));
	KUNIT_EXPECT_PTR_EQ(test, IoCsqRemoveNextIrp(&q.csq, NULL), irp[1]);
	KUNIT_EXPECT_NULL(test, IoCsqRemoveNextIrp(&q.csq, NULL));
	tq_complete(&q, irp[1], STATUS_SUCCESS);

	/* cancelled before it reaches the queue: never queued, completed */
	irp[2] = tq_irp(test, &rec[2], NULL);
	KUNIT_EXPECT_FALSE(test, IoCancelIrp(irp[2]));	/* not cancelable yet */
	IoCsqInsertIrp(&q.csq, irp[2], &ctx[2]);
	KUNIT_EXPECT_TRUE(test, irp[2]->PendingReturned);	/* marked before completion */
	KUNIT_EXPECT_EQ(test, atomic_read(&rec[2].done), 1);
	KUNIT_EXPECT_EQ(test, rec[2].status, STATUS_CANCELLED);
	KUNIT_EXPECT_NULL(test, irp[2]->CancelRoutine);
	KUNIT_EXPECT_NULL(test, IoCsqRemoveIrp(&q.csq, &ctx[2]));
	KUNIT_EXPECT_TRUE(test, IsListEmpty(&q.head));
	KUNIT_EXPECT_EQ(test, atomic_read(&q.cancelled), 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&rec[1].done), 1);
	for (i = 0; i < 3; i++)
		IoFreeIrp(irp[i]);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
}

/* IoCsqInitializeEx: InsertContext reaches CsqInsertIrpEx, its failure the caller */
static void csq_ex(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	struct tq_rec rec[2];
	struct tq q = {}, plain = {};
	PIRP irp[2];

	tq_init(test, &q, true);
	irp[0] = tq_irp(test, &rec[0], NULL);
	irp[1] = tq_irp(test, &rec[1], NULL);
	KUNIT_EXPECT_EQ(test, IoCsqInsertIrpEx(&q.csq, irp[0], NULL, (PVOID)1),
			STATUS_DEVICE_BUSY);
	KUNIT_EXPECT_PTR_EQ(test, q.insert_ctx, (PVOID)1);
	KUNIT_EXPECT_NULL(test, irp[0]->CancelRoutine);	/* not queued: the driver's */
	KUNIT_EXPECT_FALSE(test, tq_pending(irp[0]));
	KUNIT_EXPECT_TRUE(test, IsListEmpty(&q.head));
	KUNIT_EXPECT_EQ(test, IoCsqInsertIrpEx(&q.csq, irp[1], NULL, (PVOID)2), STATUS_SUCCESS);
	KUNIT_EXPECT_PTR_EQ(test, q.insert_ctx, (PVOID)2);
	KUNIT_EXPECT_PTR_EQ(test, IoCsqRemoveNextIrp(&q.csq, NULL), irp[1]);
	tq_complete(&q, irp[0], STATUS_DEVICE_BUSY);
	tq_complete(&q, irp[1], STATUS_SUCCESS);

	/* a queue from IoCsqInitialize: IoCsqInsertIrpEx always succeeds */
	tq_init(test, &plain, false);
	IoFreeIrp(irp[0]);
	irp[0] = tq_irp(test, &rec[0], NULL);
	KUNIT_EXPECT_EQ(test, IoCsqInsertIrpEx(&plain.csq, irp[0], NULL, (PVOID)1),
			STATUS_SUCCESS);
	KUNIT_EXPECT_PTR_EQ(test, IoCsqRemoveNextIrp(&plain.csq, NULL), irp[0]);
	tq_complete(&plain, irp[0], STATUS_SUCCESS);
	IoFreeIrp(irp[0]);
	IoFreeIrp(irp[1]);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
}

/* Misuse: reported, refused */
static void csq_misuse(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	struct tq q = {};
	struct tq_rec rec;
	PIRP irp;

	KUNIT_EXPECT_EQ(test, IoCsqInitialize(&q.csq, tq_insert, NULL, tq_peek, tq_acquire,
					      tq_release, tq_complete_canceled),
			STATUS_INVALID_PARAMETER);
	irp = tq_irp(test, &rec, NULL);
	IoCsqInsertIrp(&q.csq, irp, NULL);		/* not initialized */
	KUNIT_EXPECT_NULL(test, IoCsqRemoveNextIrp(NULL, NULL));
	tq_init(test, &q, false);
	IoCsqInsertIrp(&q.csq, NULL, NULL);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 4);
	KUNIT_EXPECT_TRUE(test, IsListEmpty(&q.head));
	IoFreeIrp(irp);
}

#define RACE_IRPS	64
#define RACE_ROUNDS	80

struct race {
	struct tq q;
	PIRP irp[RACE_IRPS];
	struct tq_rec rec[RACE_IRPS];
	IO_CSQ_IRP_CONTEXT ctx[RACE_IRPS];
	int inserted[RACE_IRPS];
	struct completion ready[2], go;
};

static int race_inserter(void *data)
{
	struct race *r = data;
	int i;

	complete(&r->ready[0]);
	wait_for_completion(&r->go);
	for (i = 0; i < RACE_IRPS; i++) {
		IoCsqInsertIrp(&r->q.csq, r->irp[i], i & 1 ? &r->ctx[i] : NULL);
		smp_store_release(&r->inserted[i], 1);	/* ctx[i] is set: RemoveIrp may use it */
		if (!(i & 7))
			cond_resched();
	}
	return 0;
}

static int race_canceller(void *data)
{
	struct race *r = data;
	int i, k;

	complete(&r->ready[1]);
	wait_for_completion(&r->go);
	for (k = 0; k < RACE_IRPS; k++) {
		i = (k * 37) % RACE_IRPS;	/* out of order: before, during, after insertion */
		if (i % 3)
			IoCancelIrp(r->irp[i]);
		if (!(k & 7))
			cond_resched();
	}
	return 0;
}

static struct task_struct *race_start(struct kunit *test, int (*fn)(void *), struct race *r,
				      const char *name)
{
	struct task_struct *t = kthread_create(fn, r, "%s", name);

	if (IS_ERR(t))
		return NULL;
	get_task_struct(t);
	wake_up_process(t);
	return t;
}

/* One round: insert, cancel and remove at once; every IRP completed once */
static bool race_round(struct kunit *test, struct race *r, int *cancelled, int *removed)
{
	struct task_struct *ins, *can;
	unsigned long until;
	bool ok = true;
	PIRP irp;
	int i, j = 1;

	memset(r, 0, sizeof(*r));
	tq_init(test, &r->q, false);
	for (i = 0; i < RACE_IRPS; i++)
		r->irp[i] = tq_irp(test, &r->rec[i], NULL);
	init_completion(&r->ready[0]);
	init_completion(&r->ready[1]);
	init_completion(&r->go);
	ins = race_start(test, race_inserter, r, "wdmdma_csq_ins");
	can = race_start(test, race_canceller, r, "wdmdma_csq_can");
	if (!ins || !can) {
		KUNIT_FAIL(test, "kthread_create failed");
		ok = false;
		complete_all(&r->go);
		goto out_stop;
	}
	wait_for_completion(&r->ready[0]);
	wait_for_completion(&r->ready[1]);
	complete_all(&r->go);

	until = jiffies + 30 * HZ;
	while (atomic_read(&r->q.completed) < RACE_IRPS) {
		if (time_after(jiffies, until)) {
			KUNIT_FAIL(test, "IRPs never completed: %d of %d",
				   atomic_read(&r->q.completed), RACE_IRPS);
			ok = false;
			break;
		}
		irp = IoCsqRemoveNextIrp(&r->q.csq, NULL);
		if (irp)
			tq_complete(&r->q, irp, STATUS_SUCCESS);
		if (smp_load_acquire(&r->inserted[j])) {	/* pairs with race_inserter */
			irp = IoCsqRemoveIrp(&r->q.csq, &r->ctx[j]);
			if (irp)
				tq_complete(&r->q, irp, STATUS_SUCCESS);
		}
		j = (j + 2) % RACE_IRPS;
		cond_resched();
	}
out_stop:
	if (ins) {
		kthread_stop(ins);
		put_task_struct(ins);
	}
	if (can) {
		kthread_stop(can);
		put_task_struct(can);
	}
	if (!ok)
		return false;		/* IRPs may still be queued: leaked, not freed */
	KUNIT_EXPECT_TRUE(test, IsListEmpty(&r->q.head));
	for (i = 0; i < RACE_IRPS; i++) {
		if (atomic_read(&r->rec[i].done) != 1) {
			KUNIT_FAIL(test, "IRP %d completed %d times", i,
				   atomic_read(&r->rec[i].done));
			ok = false;
		}
		if (r->rec[i].status == STATUS_CANCELLED && !r->irp[i]->Cancel) {
			KUNIT_FAIL(test, "IRP %d completed as cancelled without IoCancelIrp", i);
			ok = false;
		}
		IoFreeIrp(r->irp[i]);
	}
	*cancelled += atomic_read(&r->q.cancelled);
	*removed += RACE_IRPS - atomic_read(&r->q.cancelled);
	return ok;
}

/*
 * Thousands of IRPs inserted, cancelled and removed concurrently: each is
 * completed exactly once, by its cancellation or by the removal that got
 * it, and none is left queued.
 */
static void csq_cancel_race(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	int round, cancelled = 0, removed = 0;
	struct race *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, r);
	for (round = 0; round < RACE_ROUNDS; round++)
		if (!race_round(test, r, &cancelled, &removed))
			break;
	kunit_info(test, "%d IRPs: %d cancelled, %d removed", round * RACE_IRPS, cancelled,
		   removed);
	KUNIT_EXPECT_EQ(test, round, RACE_ROUNDS);
	KUNIT_EXPECT_GT(test, cancelled, 0);
	KUNIT_EXPECT_GT(test, removed, 0);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
}

static struct kunit_case wdmdma_csq_cases[] = {
	KUNIT_CASE(csq_order),
	KUNIT_CASE(csq_context),
	KUNIT_CASE(csq_peek),
	KUNIT_CASE(csq_cancel),
	KUNIT_CASE(csq_ex),
	KUNIT_CASE(csq_misuse),
	KUNIT_CASE(csq_cancel_race),
	{}
};

struct kunit_suite wdmdma_csq_suite = {
	.name = "wdmdma_csq",
	.test_cases = wdmdma_csq_cases,
};
