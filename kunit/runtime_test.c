// SPDX-License-Identifier: GPL-2.0
/*
 * The WDM runtime around DMA: spin locks and IRQL, DPCs, IRPs and their
 * completion, the StartIo device queue, pool and register access.
 */
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/kthread.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>

#include <wdm.h>
#undef __out	/* SAL's, not the label wait_event() uses */
#include <wdmdma/binding.h>

#include "env.h"
#include "suites.h"

#define RT_TAG		0x74526d57	/* "WmRt" */

/* Spin locks raise to DISPATCH_LEVEL and restore the old IRQL. */
static void runtime_spin_lock_irql(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	KSPIN_LOCK a, b;
	KIRQL old_a, old_b, old;

	KeInitializeSpinLock(&a);
	KeInitializeSpinLock(&b);
	KUNIT_ASSERT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);

	KeAcquireSpinLock(&a, &old_a);
	KUNIT_EXPECT_EQ(test, old_a, PASSIVE_LEVEL);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), DISPATCH_LEVEL);
	KUNIT_EXPECT_TRUE(test, in_softirq());
	KeAcquireSpinLock(&b, &old_b);
	KUNIT_EXPECT_EQ(test, old_b, DISPATCH_LEVEL);
	/* out of order, each with the other's IRQL: still balanced */
	KeReleaseSpinLock(&a, old_b);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), DISPATCH_LEVEL);
	KeReleaseSpinLock(&b, old_a);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);

	KeRaiseIrql(DISPATCH_LEVEL, &old);
	KUNIT_EXPECT_EQ(test, old, PASSIVE_LEVEL);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), DISPATCH_LEVEL);
	KeAcquireSpinLockAtDpcLevel(&a);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), DISPATCH_LEVEL);
	KeReleaseSpinLockFromDpcLevel(&a);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), DISPATCH_LEVEL);
	KeLowerIrql(old);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);

	/* misuse: reported, the IRQL stays right */
	__acquire(&a);		/* for sparse: this release of a free lock is the misuse */
	KeReleaseSpinLock(&a, PASSIVE_LEVEL);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);
	KeLowerIrql(PASSIVE_LEVEL);		/* at PASSIVE_LEVEL: nothing to do */
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);
	KeAcquireSpinLockAtDpcLevel(&a);	/* below DISPATCH_LEVEL */
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 2);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), DISPATCH_LEVEL);
	KeReleaseSpinLockFromDpcLevel(&a);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
	KeAcquireSpinLock(&a, &old_a);
	KeLowerIrql(PASSIVE_LEVEL);		/* not raised by KeRaiseIrql */
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 3);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), DISPATCH_LEVEL);
	KeReleaseSpinLock(&a, old_a);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
}

struct rt_excl {
	KSPIN_LOCK lock;
	unsigned long counter;
	bool inside;
	atomic_t overlaps;
	struct completion done[2];
};

#define RT_EXCL_LOOPS	2000

static int rt_excl_thread(void *arg)
{
	struct rt_excl *x = arg;
	unsigned long v;
	KIRQL old;
	int i;

	for (i = 0; i < RT_EXCL_LOOPS; i++) {
		KeAcquireSpinLock(&x->lock, &old);
		if (READ_ONCE(x->inside))
			atomic_inc(&x->overlaps);
		WRITE_ONCE(x->inside, true);
		v = READ_ONCE(x->counter);
		cpu_relax();
		WRITE_ONCE(x->counter, v + 1);
		WRITE_ONCE(x->inside, false);
		KeReleaseSpinLock(&x->lock, old);
		if (!(i % 64))
			cond_resched();
	}
	return 0;
}

static int rt_excl_thread0(void *arg)
{
	struct rt_excl *x = arg;

	rt_excl_thread(x);
	complete(&x->done[0]);
	return 0;
}

static int rt_excl_thread1(void *arg)
{
	struct rt_excl *x = arg;

	rt_excl_thread(x);
	complete(&x->done[1]);
	return 0;
}

/* A KSPIN_LOCK excludes: two kthreads' increments under it are not lost. */
static void runtime_spin_lock_exclusion(struct kunit *test)
{
	struct rt_excl *x = kunit_kzalloc(test, sizeof(*x), GFP_KERNEL);
	struct task_struct *t0, *t1;

	KUNIT_ASSERT_NOT_NULL(test, x);
	KeInitializeSpinLock(&x->lock);
	init_completion(&x->done[0]);
	init_completion(&x->done[1]);
	t0 = kthread_run(rt_excl_thread0, x, "wdmdma_rt0");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t0));
	t1 = kthread_run(rt_excl_thread1, x, "wdmdma_rt1");
	if (IS_ERR(t1))
		complete(&x->done[1]);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&x->done[0], 20 * HZ), 0);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&x->done[1], 20 * HZ), 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(t1));
	KUNIT_EXPECT_EQ(test, x->counter, 2UL * RT_EXCL_LOOPS);
	KUNIT_EXPECT_EQ(test, atomic_read(&x->overlaps), 0);
}

struct rt_dpc {
	KDPC dpc;
	atomic_t runs;
	int requeue;		/* times the routine queues itself again */
	bool softirq, bad_irql, bad_args;
	PVOID ctx, arg1, arg2;
};

static VOID rt_dpc_routine(PKDPC dpc, PVOID ctx, PVOID arg1, PVOID arg2)
{
	struct rt_dpc *d = ctx;

	if (dpc != &d->dpc)
		d->bad_args = true;
	d->softirq = in_serving_softirq();
	if (KeGetCurrentIrql() != DISPATCH_LEVEL)
		d->bad_irql = true;
	d->ctx = ctx;
	d->arg1 = arg1;
	d->arg2 = arg2;
	atomic_inc(&d->runs);
	if (d->requeue > 0) {
		d->requeue--;
		if (!KeInsertQueueDpc(dpc, arg1, arg2))
			d->bad_args = true;
	}
}

/* A DPC runs once per insert, in softirq context, with its arguments. */
static void runtime_dpc_runs(struct kunit *test)
{
	struct rt_dpc *d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);
	KIRQL old;

	KUNIT_ASSERT_NOT_NULL(test, d);
	KeInitializeDpc(&d->dpc, rt_dpc_routine, d);
	KeRaiseIrql(DISPATCH_LEVEL, &old);	/* nothing runs until lowered */
	KUNIT_EXPECT_TRUE(test, KeInsertQueueDpc(&d->dpc, (PVOID)1, (PVOID)2));
	KUNIT_EXPECT_FALSE(test, KeInsertQueueDpc(&d->dpc, (PVOID)3, (PVOID)4));
	KUNIT_EXPECT_EQ(test, atomic_read(&d->runs), 0);
	KeLowerIrql(old);
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_EQ(test, atomic_read(&d->runs), 1);
	KUNIT_EXPECT_TRUE(test, d->softirq);
	KUNIT_EXPECT_FALSE(test, d->bad_irql);
	KUNIT_EXPECT_FALSE(test, d->bad_args);
	KUNIT_EXPECT_PTR_EQ(test, d->ctx, (PVOID)d);
	KUNIT_EXPECT_PTR_EQ(test, d->arg1, (PVOID)1);
	KUNIT_EXPECT_PTR_EQ(test, d->arg2, (PVOID)2);

	/* queued again once it ran, from process context */
	KUNIT_EXPECT_TRUE(test, KeInsertQueueDpc(&d->dpc, (PVOID)5, (PVOID)6));
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_EQ(test, atomic_read(&d->runs), 2);
	KUNIT_EXPECT_PTR_EQ(test, d->arg1, (PVOID)5);
	KUNIT_EXPECT_PTR_EQ(test, d->arg2, (PVOID)6);
}

/* KeRemoveQueueDpc takes a queued DPC off: it does not run. */
static void runtime_dpc_remove(struct kunit *test)
{
	struct rt_dpc *d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);
	struct rt_dpc *e = kunit_kzalloc(test, sizeof(*e), GFP_KERNEL);
	unsigned long v0 = wdmdma_violations(NULL);
	KIRQL old;

	KUNIT_ASSERT_NOT_NULL(test, d);
	KUNIT_ASSERT_NOT_NULL(test, e);
	KeInitializeDpc(&d->dpc, rt_dpc_routine, d);
	KeInitializeDpc(&e->dpc, rt_dpc_routine, e);
	KUNIT_EXPECT_FALSE(test, KeRemoveQueueDpc(&d->dpc));
	KeRaiseIrql(DISPATCH_LEVEL, &old);
	KUNIT_EXPECT_TRUE(test, KeInsertQueueDpc(&d->dpc, NULL, NULL));
	KUNIT_EXPECT_TRUE(test, KeInsertQueueDpc(&e->dpc, NULL, NULL));
	KeInitializeDpc(&e->dpc, rt_dpc_routine, d);	/* queued: refused */
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);
	KUNIT_EXPECT_TRUE(test, KeRemoveQueueDpc(&d->dpc));
	KUNIT_EXPECT_FALSE(test, KeRemoveQueueDpc(&d->dpc));
	KeLowerIrql(old);
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_EQ(test, atomic_read(&d->runs), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&e->runs), 1);
	KUNIT_EXPECT_FALSE(test, KeRemoveQueueDpc(&e->dpc));
	KUNIT_EXPECT_TRUE(test, KeInsertQueueDpc(&d->dpc, NULL, NULL));
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_EQ(test, atomic_read(&d->runs), 1);
}

#define RT_NDPC	8

/* KeFlushQueuedDpcs returns once every queued DPC, requeued ones too, ran. */
static void runtime_dpc_flush(struct kunit *test)
{
	struct rt_dpc *d = kunit_kcalloc(test, RT_NDPC, sizeof(*d), GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, d);
	for (i = 0; i < RT_NDPC; i++) {
		KeInitializeDpc(&d[i].dpc, rt_dpc_routine, &d[i]);
		d[i].requeue = i;
	}
	for (i = 0; i < RT_NDPC; i++)
		KUNIT_EXPECT_TRUE(test, KeInsertQueueDpc(&d[i].dpc, NULL, NULL));
	KeFlushQueuedDpcs();
	for (i = 0; i < RT_NDPC; i++) {
		KUNIT_EXPECT_EQ(test, atomic_read(&d[i].runs), i + 1);
		KUNIT_EXPECT_FALSE(test, d[i].bad_args);
	}
}

struct rt_io_dpc {
	PKDPC dpc;
	PDEVICE_OBJECT devobj;
	PIRP irp;
	PVOID context;
	int runs;
};

static struct rt_io_dpc rt_io_seen;

static VOID rt_io_dpc_routine(PKDPC dpc, PDEVICE_OBJECT devobj, PIRP irp, PVOID context)
{
	rt_io_seen.dpc = dpc;
	rt_io_seen.devobj = devobj;
	rt_io_seen.irp = irp;
	rt_io_seen.context = context;
	rt_io_seen.runs++;
}

/* IoRequestDpc runs the IoInitializeDpcRequest routine with its arguments. */
static void runtime_io_dpc(struct kunit *test)
{
	PDEVICE_OBJECT devobj;

	memset(&rt_io_seen, 0, sizeof(rt_io_seen));
	KUNIT_ASSERT_EQ(test, IoCreateDevice(NULL, 0, NULL, FILE_DEVICE_UNKNOWN, 0,
					     FALSE, &devobj), STATUS_SUCCESS);
	IoInitializeDpcRequest(devobj, rt_io_dpc_routine);
	IoRequestDpc(devobj, (PIRP)0x1000, (PVOID)0x2000);
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_EQ(test, rt_io_seen.runs, 1);
	KUNIT_EXPECT_PTR_EQ(test, rt_io_seen.dpc, &devobj->Dpc);
	KUNIT_EXPECT_PTR_EQ(test, rt_io_seen.devobj, devobj);
	KUNIT_EXPECT_PTR_EQ(test, rt_io_seen.irp, (PIRP)0x1000);
	KUNIT_EXPECT_PTR_EQ(test, rt_io_seen.context, (PVOID)0x2000);
	IoDeleteDevice(devobj);
}

struct rt_completion {
	int order[4];
	int n;
	PDEVICE_OBJECT devobj[4];
	bool pending[4];
	NTSTATUS ret;
};

static NTSTATUS rt_complete_a(PDEVICE_OBJECT devobj, PIRP irp, PVOID ctx)
{
	struct rt_completion *c = ctx;

	c->devobj[c->n] = devobj;
	c->pending[c->n] = irp->PendingReturned;
	c->order[c->n++] = 'A';
	return c->ret;
}

static NTSTATUS rt_complete_b(PDEVICE_OBJECT devobj, PIRP irp, PVOID ctx)
{
	struct rt_completion *c = ctx;

	c->devobj[c->n] = devobj;
	c->pending[c->n] = irp->PendingReturned;
	c->order[c->n++] = 'B';
	return STATUS_SUCCESS;
}

/* IoAllocateIrp's stack locations, and IoCompleteRequest's walk up them. */
static void runtime_irp_complete(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	struct rt_completion *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	IO_STATUS_BLOCK iosb = { 0 };
	PIO_STACK_LOCATION first;
	PDEVICE_OBJECT devb;
	PIRP irp;

	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_NULL(test, IoAllocateIrp(0, FALSE));
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);
	irp = IoAllocateIrp(2, FALSE);
	KUNIT_ASSERT_NOT_NULL(test, irp);
	KUNIT_EXPECT_EQ(test, irp->Type, IO_TYPE_IRP);
	KUNIT_EXPECT_EQ(test, irp->Size, IoSizeOfIrp(2));
	KUNIT_EXPECT_EQ(test, irp->StackCount, 2);
	KUNIT_EXPECT_EQ(test, irp->CurrentLocation, 3);
	first = (PIO_STACK_LOCATION)(irp + 1);
	KUNIT_EXPECT_PTR_EQ(test, IoGetNextIrpStackLocation(irp), first + 1);
	devb = (PDEVICE_OBJECT)0x3000;

	/* the top driver (location 2) wants its routine A back */
	IoSetCompletionRoutine(irp, rt_complete_a, c, TRUE, TRUE, TRUE);
	IoSetNextIrpStackLocation(irp);
	IoGetCurrentIrpStackLocation(irp)->DeviceObject = devb;
	/* driver B at location 2 asks for B, then the lowest one pends */
	IoSetCompletionRoutine(irp, rt_complete_b, c, TRUE, TRUE, TRUE);
	IoSetNextIrpStackLocation(irp);
	KUNIT_EXPECT_PTR_EQ(test, IoGetCurrentIrpStackLocation(irp), first);
	IoMarkIrpPending(irp);

	irp->UserIosb = &iosb;
	irp->IoStatus.Status = STATUS_SUCCESS;
	irp->IoStatus.Information = 42;
	c->ret = STATUS_SUCCESS;
	IoCompleteRequest(irp, IO_NO_INCREMENT);
	KUNIT_ASSERT_EQ(test, c->n, 2);
	KUNIT_EXPECT_EQ(test, c->order[0], 'B');
	KUNIT_EXPECT_PTR_EQ(test, c->devobj[0], devb);
	KUNIT_EXPECT_TRUE(test, c->pending[0]);
	KUNIT_EXPECT_EQ(test, c->order[1], 'A');
	KUNIT_EXPECT_NULL(test, c->devobj[1]);
	KUNIT_EXPECT_EQ(test, iosb.Information, 42UL);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);
	IoCompleteRequest(irp, IO_NO_INCREMENT);	/* twice */
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 2);
	KUNIT_EXPECT_EQ(test, c->n, 2);

	/* reused: MORE_PROCESSING_REQUIRED stops the walk; flags filter */
	IoInitializeIrp(irp, IoSizeOfIrp(2), 2);
	irp->AllocationFlags = IRP_ALLOCATED_FIXED_SIZE;
	c->n = 0;
	c->ret = STATUS_MORE_PROCESSING_REQUIRED;
	IoSetCompletionRoutine(irp, rt_complete_a, c, TRUE, TRUE, TRUE);
	IoSetNextIrpStackLocation(irp);
	IoSetCompletionRoutine(irp, rt_complete_b, c, FALSE, TRUE, TRUE);
	IoSetNextIrpStackLocation(irp);
	irp->IoStatus.Status = STATUS_SUCCESS;
	IoCompleteRequest(irp, IO_NO_INCREMENT);
	KUNIT_ASSERT_EQ(test, c->n, 1);
	KUNIT_EXPECT_EQ(test, c->order[0], 'A');
	KUNIT_EXPECT_EQ(test, irp->CurrentLocation, 3);
	IoFreeIrp(irp);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 2);
}

#define RT_THREADS	4
#define RT_PER_THREAD	40

struct rt_queue {
	PDRIVER_OBJECT drv;
	PDEVICE_OBJECT devobj;
	atomic_t active;
	atomic_t overlaps;
	atomic_t bad;
	atomic_t started;
	atomic_t completed;
	wait_queue_head_t wq;
	bool hold;		/* StartIo does not go on to the next packet */
	PIRP order[16];
	int norder;
	int last[RT_THREADS];
	struct completion go;
	struct completion done[RT_THREADS];
	int id[RT_THREADS];
};

static struct rt_queue *rt_q;

static VOID rt_startio(PDEVICE_OBJECT devobj, PIRP irp)
{
	struct rt_queue *q = rt_q;
	PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(irp);
	int t, seq;

	if (atomic_inc_return(&q->active) != 1)
		atomic_inc(&q->overlaps);
	if (devobj != q->devobj || devobj->CurrentIrp != irp ||
	    KeGetCurrentIrql() != DISPATCH_LEVEL)
		atomic_inc(&q->bad);
	atomic_inc(&q->started);
	if (q->hold) {
		if (q->norder < ARRAY_SIZE(q->order))
			q->order[q->norder++] = irp;
		atomic_dec(&q->active);
		return;
	}
	t = (long)sl->Parameters.Others.Argument1;
	seq = (long)sl->Parameters.Others.Argument2;
	if (seq != q->last[t] + 1)
		atomic_inc(&q->bad);
	q->last[t] = seq;
	IoRequestDpc(devobj, irp, q);
}

static VOID rt_queue_dpc(PKDPC dpc, PDEVICE_OBJECT devobj, PIRP irp, PVOID ctx)
{
	struct rt_queue *q = ctx;

	atomic_dec(&q->active);
	IoStartNextPacket(devobj, FALSE);
	irp->IoStatus.Status = STATUS_SUCCESS;
	IoCompleteRequest(irp, IO_NO_INCREMENT);
}

static NTSTATUS rt_queue_completion(PDEVICE_OBJECT devobj, PIRP irp, PVOID ctx)
{
	struct rt_queue *q = ctx;

	IoFreeIrp(irp);
	if (atomic_inc_return(&q->completed) == RT_THREADS * RT_PER_THREAD)
		wake_up(&q->wq);
	return STATUS_MORE_PROCESSING_REQUIRED;
}

static int rt_queue_thread(void *arg)
{
	int t = *(int *)arg;
	struct rt_queue *q = rt_q;
	PIO_STACK_LOCATION sl;
	PIRP irp;
	int i;

	wait_for_completion(&q->go);
	for (i = 1; i <= RT_PER_THREAD; i++) {
		irp = IoAllocateIrp(1, FALSE);
		if (!irp) {
			atomic_inc(&q->bad);
			continue;
		}
		IoSetCompletionRoutine(irp, rt_queue_completion, q, TRUE, TRUE, TRUE);
		IoSetNextIrpStackLocation(irp);
		sl = IoGetCurrentIrpStackLocation(irp);
		sl->DeviceObject = q->devobj;
		sl->Parameters.Others.Argument1 = (PVOID)(long)t;
		sl->Parameters.Others.Argument2 = (PVOID)(long)i;
		IoStartPacket(q->devobj, irp, NULL, NULL);
		if (!(i % 8))
			cond_resched();
	}
	complete(&q->done[t]);
	return 0;
}

static int runtime_queue_init(struct kunit *test)
{
	struct rt_queue *q = kunit_kzalloc(test, sizeof(*q), GFP_KERNEL);

	if (!q)
		return -ENOMEM;
	q->drv = wdmdma_driver_create("wdmdma_rt");
	if (!q->drv)
		return -ENOMEM;
	q->drv->DriverStartIo = rt_startio;
	if (IoCreateDevice(q->drv, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE,
			   &q->devobj) != STATUS_SUCCESS) {
		wdmdma_driver_destroy(q->drv);
		return -ENOMEM;
	}
	IoInitializeDpcRequest(q->devobj, rt_queue_dpc);
	init_waitqueue_head(&q->wq);
	rt_q = q;
	return 0;
}

static void runtime_queue_exit(struct kunit *test)
{
	struct rt_queue *q = rt_q;

	if (!q)
		return;
	KeFlushQueuedDpcs();
	IoDeleteDevice(q->devobj);
	wdmdma_driver_destroy(q->drv);
	rt_q = NULL;
}

/* IoStartPacket starts an idle device at once, queues FIFO (or by key). */
static void runtime_start_packet_fifo(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	struct rt_queue *q = rt_q;
	PIRP irp[8];
	ULONG keys[3] = { 5, 1, 3 };
	int i;

	KUNIT_ASSERT_NOT_NULL(test, q);
	q->hold = true;
	for (i = 0; i < 8; i++) {
		irp[i] = IoAllocateIrp(1, FALSE);
		KUNIT_ASSERT_NOT_NULL(test, irp[i]);
	}
	for (i = 0; i < 5; i++)
		IoStartPacket(q->devobj, irp[i], NULL, NULL);
	KUNIT_EXPECT_EQ(test, q->norder, 1);
	KUNIT_EXPECT_PTR_EQ(test, q->devobj->CurrentIrp, irp[0]);
	for (i = 1; i < 5; i++) {
		IoStartNextPacket(q->devobj, FALSE);
		KUNIT_EXPECT_PTR_EQ(test, q->devobj->CurrentIrp, irp[i]);
	}
	/* busy with irp[4]: keyed ones go lowest key first */
	for (i = 0; i < 3; i++)
		IoStartPacket(q->devobj, irp[5 + i], &keys[i], NULL);
	for (i = 0; i < 4; i++)
		IoStartNextPacket(q->devobj, FALSE);
	KUNIT_EXPECT_NULL(test, q->devobj->CurrentIrp);
	KUNIT_ASSERT_EQ(test, q->norder, 8);
	for (i = 0; i < 5; i++)
		KUNIT_EXPECT_PTR_EQ(test, q->order[i], irp[i]);
	KUNIT_EXPECT_PTR_EQ(test, q->order[5], irp[6]);
	KUNIT_EXPECT_PTR_EQ(test, q->order[6], irp[7]);
	KUNIT_EXPECT_PTR_EQ(test, q->order[7], irp[5]);
	KUNIT_EXPECT_EQ(test, atomic_read(&q->bad), 0);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
	IoStartNextPacket(q->devobj, FALSE);	/* idle: nothing was started */
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);
	for (i = 0; i < 8; i++)
		IoFreeIrp(irp[i]);
}

/* From several threads: StartIo one IRP at a time, each thread's in order. */
static void runtime_start_packet_threads(struct kunit *test)
{
	struct rt_queue *q = rt_q;
	struct task_struct *t;
	int i, started = 0;

	KUNIT_ASSERT_NOT_NULL(test, q);
	init_completion(&q->go);
	for (i = 0; i < RT_THREADS; i++) {
		init_completion(&q->done[i]);
		q->id[i] = i;
		t = kthread_run(rt_queue_thread, &q->id[i], "wdmdma_rtq%d", i);
		if (IS_ERR(t)) {
			complete(&q->done[i]);
			atomic_inc(&q->bad);
			continue;
		}
		started++;
	}
	complete_all(&q->go);
	for (i = 0; i < RT_THREADS; i++)
		KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&q->done[i], 20 * HZ), 0);
	KUNIT_ASSERT_EQ(test, started, RT_THREADS);
	KUNIT_ASSERT_GT(test, wait_event_timeout(q->wq, atomic_read(&q->completed) ==
						 RT_THREADS * RT_PER_THREAD, 20 * HZ), 0);
	KeFlushQueuedDpcs();
	KUNIT_EXPECT_EQ(test, atomic_read(&q->started), RT_THREADS * RT_PER_THREAD);
	KUNIT_EXPECT_EQ(test, atomic_read(&q->overlaps), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&q->bad), 0);
	for (i = 0; i < RT_THREADS; i++)
		KUNIT_EXPECT_EQ(test, q->last[i], RT_PER_THREAD);
	KUNIT_EXPECT_NULL(test, q->devobj->CurrentIrp);
}

/* Nonpaged pool at DISPATCH_LEVEL; paged pool refused there. */
static void runtime_pool(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	PUCHAR a, b, c;
	ULONG *reg;
	KIRQL old;
	int i;

	a = ExAllocatePoolWithTag(PagedPool, 300, RT_TAG);
	KUNIT_ASSERT_NOT_NULL(test, a);
	b = ExAllocatePool2(POOL_FLAG_NON_PAGED, 200, RT_TAG);
	KUNIT_ASSERT_NOT_NULL(test, b);
	for (i = 0; i < 200; i++)
		KUNIT_EXPECT_EQ(test, b[i], 0);
	ExFreePoolWithTag(b, RT_TAG);

	KeRaiseIrql(DISPATCH_LEVEL, &old);
	b = ExAllocatePoolWithTag(NonPagedPoolNx, 5000, RT_TAG);
	c = ExAllocatePool2(POOL_FLAG_NON_PAGED | POOL_FLAG_CACHE_ALIGNED, 100, RT_TAG);
	KUNIT_EXPECT_NULL(test, ExAllocatePoolWithTag(PagedPool, 64, RT_TAG));
	KUNIT_EXPECT_NULL(test, ExAllocatePool2(POOL_FLAG_PAGED, 64, RT_TAG));
	KeLowerIrql(old);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 2);
	KUNIT_EXPECT_NOT_NULL(test, b);
	KUNIT_EXPECT_NOT_NULL(test, c);
	KUNIT_EXPECT_EQ(test, (unsigned long)c % L1_CACHE_BYTES, 0UL);
	KUNIT_EXPECT_NULL(test, ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, 0));
	KUNIT_EXPECT_NULL(test, ExAllocatePool2(POOL_FLAG_NON_PAGED | POOL_FLAG_PAGED, 64,
						RT_TAG));
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 4);

	/* register access on ordinary memory (x86: plain loads and stores) */
	reg = (ULONG *)a;
	WRITE_REGISTER_ULONG(reg, 0x12345678);
	KUNIT_EXPECT_EQ(test, READ_REGISTER_ULONG(reg), 0x12345678U);
	WRITE_REGISTER_USHORT((USHORT *)reg, 0xabcd);
	KUNIT_EXPECT_EQ(test, READ_REGISTER_USHORT((USHORT *)reg), 0xabcd);
	WRITE_REGISTER_UCHAR(a + 4, 0x5a);
	KUNIT_EXPECT_EQ(test, READ_REGISTER_UCHAR(a + 4), 0x5a);
	KUNIT_EXPECT_EQ(test, DbgPrint("wdmdma_runtime: DbgPrint %d\n", 1), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, DbgPrintEx(0, DPFLTR_INFO_LEVEL, "wdmdma_runtime: %s\n", "Ex"),
			STATUS_SUCCESS);
	KeStallExecutionProcessor(10);

	ExFreePool(a);
	ExFreePoolWithTag(b, RT_TAG);
	ExFreePool(c);
}

/* The run-time library: memory helpers and interlocked operations. */
static void runtime_rtl(struct kunit *test)
{
	UCHAR a[16], b[16];
	LONG v = 5;
	LONG64 v64 = 1LL << 40;
	PVOID p = a, q = b;
	PVOID ptr = p;

	RtlFillMemory(a, sizeof(a), 0x5a);
	RtlCopyMemory(b, a, sizeof(b));
	KUNIT_EXPECT_TRUE(test, RtlEqualMemory(a, b, sizeof(a)));
	KUNIT_EXPECT_EQ(test, RtlCompareMemory(a, b, sizeof(a)), sizeof(a));
	b[9] = 0;
	KUNIT_EXPECT_EQ(test, RtlCompareMemory(a, b, sizeof(a)), 9);
	KUNIT_EXPECT_FALSE(test, RtlEqualMemory(a, b, sizeof(a)));
	RtlZeroMemory(a, sizeof(a));
	KUNIT_EXPECT_EQ(test, RtlCompareMemory(a, b + 9, 1), 1);
	RtlMoveMemory(a + 1, a, 8);	/* overlapping */
	KUNIT_EXPECT_EQ(test, a[8], 0);

	/* Increment/Decrement/Add return the new value, ExchangeAdd the old */
	KUNIT_EXPECT_EQ(test, InterlockedIncrement(&v), 6);
	KUNIT_EXPECT_EQ(test, InterlockedDecrement(&v), 5);
	KUNIT_EXPECT_EQ(test, InterlockedAdd(&v, 10), 15);
	KUNIT_EXPECT_EQ(test, InterlockedExchangeAdd(&v, 5), 15);
	KUNIT_EXPECT_EQ(test, v, 20);
	KUNIT_EXPECT_EQ(test, InterlockedExchange(&v, 7), 20);
	/* CompareExchange returns what was there, and swaps only on a match */
	KUNIT_EXPECT_EQ(test, InterlockedCompareExchange(&v, 9, 8), 7);
	KUNIT_EXPECT_EQ(test, v, 7);
	KUNIT_EXPECT_EQ(test, InterlockedCompareExchange(&v, 9, 7), 7);
	KUNIT_EXPECT_EQ(test, v, 9);
	KUNIT_EXPECT_EQ(test, InterlockedOr(&v, 0x10), 9);
	KUNIT_EXPECT_EQ(test, InterlockedAnd(&v, 0x18), 0x19);
	KUNIT_EXPECT_EQ(test, v, 0x18);
	KUNIT_EXPECT_EQ(test, InterlockedIncrement64(&v64), (1LL << 40) + 1);
	KUNIT_EXPECT_PTR_EQ(test, InterlockedExchangePointer(&ptr, q), p);
	KUNIT_EXPECT_PTR_EQ(test, InterlockedCompareExchangePointer(&ptr, p, p), q);
	KUNIT_EXPECT_PTR_EQ(test, ptr, q);
	KUNIT_EXPECT_PTR_EQ(test, InterlockedCompareExchangePointer(&ptr, p, q), q);
	KUNIT_EXPECT_PTR_EQ(test, ptr, p);
}

/* MmGetPhysicalAddress: pool, vmalloc memory, and what is neither. */
static void runtime_physical_address(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	PUCHAR pool = kunit_kmalloc(test, 3 * PAGE_SIZE, GFP_KERNEL);
	PUCHAR vm = vmalloc(2 * PAGE_SIZE);
	PHYSICAL_ADDRESS pa;

	KUNIT_ASSERT_NOT_NULL(test, pool);
	KUNIT_ASSERT_NOT_NULL(test, vm);
	pa = MmGetPhysicalAddress(pool + PAGE_SIZE + 123);
	KUNIT_EXPECT_EQ(test, (u64)pa.QuadPart, (u64)virt_to_phys(pool + PAGE_SIZE + 123));
	/* vmalloc pages are not contiguous: each page's own frame */
	pa = MmGetPhysicalAddress(vm + PAGE_SIZE + 7);
	KUNIT_EXPECT_EQ(test, (u64)pa.QuadPart,
			(u64)page_to_phys(vmalloc_to_page(vm + PAGE_SIZE)) + 7);
	vfree(vm);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);

	/* a user-space address: 0, reported */
	pa = MmGetPhysicalAddress((PVOID)0x10000);
	KUNIT_EXPECT_EQ(test, pa.QuadPart, 0);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);
}

/* 64-bit register access reaches a real device: the edu DMA source register. */
static void runtime_register_64(struct kunit *test)
{
	struct wdmdma_edu edu = { };
	PULONG64 src;

	if (wdmdma_edu_open(&edu))
		kunit_skip(test, "no edu device");
	src = (__force PULONG64)(edu.bar + 0x80);
	WRITE_REGISTER_ULONG64(src, 0x0123456789abcdefULL);
	KUNIT_EXPECT_EQ(test, READ_REGISTER_ULONG64(src), 0x0123456789abcdefULL);
	/* the low half alone, as a 32-bit access */
	KUNIT_EXPECT_EQ(test, READ_REGISTER_ULONG((PULONG)src), 0x89abcdefU);
	WRITE_REGISTER_ULONG64(src, 0);
	KUNIT_EXPECT_EQ(test, READ_REGISTER_ULONG64(src), 0ULL);
	wdmdma_edu_close(&edu);
}

/*
 * IoSetStartIoAttributes: a StartIo that finishes each IRP at once and
 * starts the next recurses through IoStartNextPacket, unless DeferredStartIo
 * makes the I/O manager loop instead.
 */
#define RT_DEFER_N	48

struct rt_defer {
	PDRIVER_OBJECT drv;
	PDEVICE_OBJECT devobj;
	bool hold;		/* StartIo only records (the device stays busy) */
	int depth, max_depth, started;
	PIRP order[RT_DEFER_N + 1];
};

static struct rt_defer *rt_defer_cur;

static VOID rt_defer_startio(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	struct rt_defer *d = rt_defer_cur;

	if (++d->depth > d->max_depth)
		d->max_depth = d->depth;
	if (d->started <= RT_DEFER_N)
		d->order[d->started++] = Irp;
	if (!d->hold) {
		Irp->IoStatus.Status = STATUS_SUCCESS;
		IoStartNextPacket(DeviceObject, FALSE);
		IoCompleteRequest(Irp, IO_NO_INCREMENT);
	}
	d->depth--;
}

/* A driver with rt_defer_startio and one device object, made current. */
static struct rt_defer *rt_defer_create(struct kunit *test)
{
	struct rt_defer *d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, d);
	d->drv = wdmdma_driver_create("wdmdma_rt_startio");
	KUNIT_ASSERT_NOT_NULL(test, d->drv);
	d->drv->DriverStartIo = rt_defer_startio;
	KUNIT_ASSERT_EQ(test, IoCreateDevice(d->drv, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE,
					     &d->devobj), STATUS_SUCCESS);
	rt_defer_cur = d;
	return d;
}

static void rt_defer_destroy(struct rt_defer *d)
{
	rt_defer_cur = NULL;
	IoDeleteDevice(d->devobj);
	wdmdma_driver_destroy(d->drv);
}

/* Queue @n IRPs behind a held one, then let them all run; return max depth. */
static int rt_defer_run(struct kunit *test, struct rt_defer *d, PIRP *irp, int n)
{
	int i;

	d->hold = true;
	d->depth = 0;
	d->max_depth = 0;
	d->started = 0;
	for (i = 0; i <= n; i++)
		IoStartPacket(d->devobj, irp[i], NULL, NULL);
	KUNIT_EXPECT_EQ(test, d->started, 1);
	d->hold = false;
	/* the held IRP is done, as a DPC would say */
	irp[0]->IoStatus.Status = STATUS_SUCCESS;
	IoStartNextPacket(d->devobj, FALSE);
	IoCompleteRequest(irp[0], IO_NO_INCREMENT);
	KUNIT_EXPECT_EQ(test, d->started, n + 1);
	for (i = 0; i <= n && i < d->started; i++)
		KUNIT_EXPECT_PTR_EQ(test, d->order[i], irp[i]);
	KUNIT_EXPECT_NULL(test, d->devobj->CurrentIrp);
	KUNIT_EXPECT_FALSE(test, d->devobj->DeviceQueue.Busy);
	for (i = 0; i <= n; i++) {
		IoFreeIrp(irp[i]);
		irp[i] = IoAllocateIrp(1, FALSE);
		KUNIT_ASSERT_NOT_NULL(test, irp[i]);
	}
	return d->max_depth;
}

static void runtime_startio_deferred(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	struct rt_defer *d = rt_defer_create(test);
	PIRP irp[RT_DEFER_N + 1];
	int i;

	for (i = 0; i <= RT_DEFER_N; i++) {
		irp[i] = IoAllocateIrp(1, FALSE);
		KUNIT_ASSERT_NOT_NULL(test, irp[i]);
	}

	/* the default, as on Windows: StartIo is re-entered once per IRP */
	KUNIT_EXPECT_EQ(test, rt_defer_run(test, d, irp, 6), 6);

	/* deferred: never re-entered, same order, every IRP started */
	IoSetStartIoAttributes(d->devobj, TRUE, FALSE);
	KUNIT_EXPECT_EQ(test, rt_defer_run(test, d, irp, RT_DEFER_N), 1);
	/* a FALSE does not clear it */
	IoSetStartIoAttributes(d->devobj, FALSE, FALSE);
	KUNIT_EXPECT_EQ(test, rt_defer_run(test, d, irp, 4), 1);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);

	for (i = 0; i <= RT_DEFER_N; i++)
		IoFreeIrp(irp[i]);
	rt_defer_destroy(d);
}

static VOID rt_never_cancel(PDEVICE_OBJECT DeviceObject, PIRP Irp)
	__releases(_Global_cancel_spin_lock_)
{
	IoReleaseCancelSpinLock(Irp->CancelIrql);
}

/* NonCancelable: an IRP leaves the queue without its cancel routine. */
static void runtime_startio_noncancelable(struct kunit *test)
{
	struct rt_defer *d = rt_defer_create(test);
	PIRP a = IoAllocateIrp(1, FALSE), b = IoAllocateIrp(1, FALSE);
	int pass;

	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	d->hold = true;

	for (pass = 0; pass < 2; pass++) {
		if (pass)
			IoSetStartIoAttributes(d->devobj, FALSE, TRUE);
		d->started = 0;
		IoStartPacket(d->devobj, a, NULL, rt_never_cancel);
		IoSetCancelRoutine(a, NULL);	/* as the StartIo of a cancelable driver */
		IoStartPacket(d->devobj, b, NULL, rt_never_cancel);
		KUNIT_EXPECT_TRUE(test, READ_ONCE(b->CancelRoutine) == rt_never_cancel);
		IoStartNextPacket(d->devobj, TRUE);	/* a is done: b is current */
		KUNIT_EXPECT_PTR_EQ(test, d->devobj->CurrentIrp, b);
		if (pass)	/* dequeued: no longer cancelable */
			KUNIT_EXPECT_NULL(test, READ_ONCE(b->CancelRoutine));
		else		/* StartIo's to take off, under the cancel lock */
			KUNIT_EXPECT_TRUE(test, READ_ONCE(b->CancelRoutine) == rt_never_cancel);
		IoSetCancelRoutine(b, NULL);
		IoStartNextPacket(d->devobj, TRUE);
		KUNIT_EXPECT_NULL(test, d->devobj->CurrentIrp);
		KUNIT_EXPECT_EQ(test, d->started, 2);
	}

	IoFreeIrp(a);
	IoFreeIrp(b);
	rt_defer_destroy(d);
}

static struct kunit_case runtime_cases[] = {
	KUNIT_CASE(runtime_spin_lock_irql),
	KUNIT_CASE(runtime_spin_lock_exclusion),
	KUNIT_CASE(runtime_dpc_runs),
	KUNIT_CASE(runtime_dpc_remove),
	KUNIT_CASE(runtime_dpc_flush),
	KUNIT_CASE(runtime_io_dpc),
	KUNIT_CASE(runtime_irp_complete),
	KUNIT_CASE(runtime_start_packet_fifo),
	KUNIT_CASE(runtime_start_packet_threads),
	KUNIT_CASE(runtime_pool),
	KUNIT_CASE(runtime_rtl),
	KUNIT_CASE(runtime_physical_address),
	KUNIT_CASE(runtime_register_64),
	KUNIT_CASE(runtime_startio_deferred),
	KUNIT_CASE(runtime_startio_noncancelable),
	{}
};

struct kunit_suite wdmdma_runtime_suite = {
	.name = "wdmdma_runtime",
	.init = runtime_queue_init,
	.exit = runtime_queue_exit,
	.test_cases = runtime_cases,
};
