// SPDX-License-Identifier: GPL-2.0
/*
 * Group 4: work items (IoAllocateWorkItem, ExQueueWorkItem), lookaside
 * lists, ExAllocatePoolZero.
 */
#include <linux/completion.h>
#include <linux/delay.h>

#include "suites.h"	/* Linux headers before <wdm.h> */

#include <wdm.h>
#include <wdmdma/binding.h>

#define WI_TAG	0x6b496d57	/* "WmIk" */

struct wi_ctx {
	PIO_WORKITEM item;
	PDEVICE_OBJECT seen;
	KIRQL irql;
	bool atomic;
	struct completion go, done;
	int runs;
};

/* Waits for the test's go, then writes to the device extension. */
static void wi_routine(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
	struct wi_ctx *c = Context;

	c->irql = KeGetCurrentIrql();
	c->atomic = !in_task() || irqs_disabled();
	c->seen = DeviceObject;
	wait_for_completion(&c->go);
	/* after IoDeleteDevice: still ours (KASAN would see a freed object) */
	memset(DeviceObject->DeviceExtension, 0x5a, sizeof(ULONG));
	c->runs++;
	IoFreeWorkItem(c->item);	/* a routine may free its own item */
	complete(&c->done);
}

/* Our reference plus how many others the device object has now */
static LONG_PTR wi_refs(PDEVICE_OBJECT dev)
{
	LONG_PTR n = ObReferenceObject(dev);

	ObDereferenceObject(dev);
	return n - 1;
}

/* The routine runs at PASSIVE_LEVEL; the device object outlives its deletion. */
static void wi_io_workitem(struct kunit *test)
{
	struct wi_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	unsigned long v0 = wdmdma_violations(NULL);
	PDRIVER_OBJECT drv;
	PDEVICE_OBJECT dev;
	KIRQL old;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, c);
	init_completion(&c->go);
	init_completion(&c->done);
	drv = wdmdma_driver_create("wdmdma_wi");
	KUNIT_ASSERT_NOT_NULL(test, drv);
	KUNIT_ASSERT_EQ(test, IoCreateDevice(drv, sizeof(ULONG), NULL, FILE_DEVICE_UNKNOWN, 0,
					     FALSE, &dev), STATUS_SUCCESS);
	ObReferenceObject(dev);			/* the test's own, to watch the count */
	c->item = IoAllocateWorkItem(dev);
	KUNIT_ASSERT_NOT_NULL(test, c->item);
	KUNIT_EXPECT_GT(test, IoSizeofWorkItem(), 0U);

	KeRaiseIrql(DISPATCH_LEVEL, &old);	/* queued at DISPATCH_LEVEL, as from a DPC */
	IoQueueWorkItem(c->item, wi_routine, DelayedWorkQueue, c);
	KeLowerIrql(old);
	IoDeleteDevice(dev);			/* drops the creation's reference */
	KUNIT_EXPECT_EQ(test, wi_refs(dev), 2);	/* the test's and the work item's */
	complete(&c->go);
	wait_for_completion(&c->done);
	for (i = 0; i < 50 && wi_refs(dev) != 1; i++)
		msleep(20);			/* the worker drops it after the routine */
	KUNIT_EXPECT_EQ(test, wi_refs(dev), 1);
	KUNIT_EXPECT_EQ(test, c->irql, PASSIVE_LEVEL);
	KUNIT_EXPECT_FALSE(test, c->atomic);
	KUNIT_EXPECT_PTR_EQ(test, c->seen, dev);
	KUNIT_EXPECT_EQ(test, c->runs, 1);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
	ObDereferenceObject(dev);		/* the last: frees it */
	wdmdma_driver_destroy(drv);
}

struct wi_ex {
	WORK_QUEUE_ITEM item[3];
	struct completion go, done;
	int order[3], n;
	KIRQL irql;
};

static void wi_ex_record(struct wi_ex *x, int which)
{
	x->order[x->n] = which;
	if (++x->n == 3)
		complete(&x->done);
}

static void wi_ex_routine_first(PVOID Parameter)
{
	struct wi_ex *x = Parameter;

	x->irql = KeGetCurrentIrql();
	wait_for_completion(&x->go);
	wi_ex_record(x, 0);
}

static void wi_ex_routine_one(PVOID Parameter)
{
	wi_ex_record(Parameter, 1);
}

static void wi_ex_routine_two(PVOID Parameter)
{
	wi_ex_record(Parameter, 2);
}

/* Ex work items run in order at PASSIVE_LEVEL; one queued twice is refused. */
static void wi_ex_workitem(struct kunit *test)
{
	struct wi_ex *x = kunit_kzalloc(test, sizeof(*x), GFP_KERNEL);
	unsigned long v0 = wdmdma_violations(NULL);

	KUNIT_ASSERT_NOT_NULL(test, x);
	init_completion(&x->go);
	init_completion(&x->done);
	ExInitializeWorkItem(&x->item[0], wi_ex_routine_first, x);
	ExInitializeWorkItem(&x->item[1], wi_ex_routine_one, x);
	ExInitializeWorkItem(&x->item[2], wi_ex_routine_two, x);
	ExQueueWorkItem(&x->item[0], DelayedWorkQueue);
	ExQueueWorkItem(&x->item[1], DelayedWorkQueue);
	ExQueueWorkItem(&x->item[2], CriticalWorkQueue);
	ExQueueWorkItem(&x->item[1], DelayedWorkQueue);	/* waits behind item 0: queued */
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);
	complete(&x->go);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&x->done, 10 * HZ), 0UL);
	KUNIT_EXPECT_EQ(test, x->irql, PASSIVE_LEVEL);
	KUNIT_EXPECT_EQ(test, x->order[0], 0);
	KUNIT_EXPECT_EQ(test, x->order[1], 1);
	KUNIT_EXPECT_EQ(test, x->order[2], 2);
}

static int wi_allocs, wi_frees;

static PVOID wi_allocate(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
	wi_allocs++;
	return ExAllocatePoolWithTag(PoolType, NumberOfBytes, Tag);
}

static VOID wi_free(PVOID Buffer)
{
	wi_frees++;
	ExFreePoolWithTag(Buffer, WI_TAG);
}

/* Lookaside lists give freed entries back; delete frees what they keep. */
static void wi_lookaside(struct kunit *test)
{
	NPAGED_LOOKASIDE_LIST *np = kunit_kzalloc(test, sizeof(*np), GFP_KERNEL);
	PAGED_LOOKASIDE_LIST *pg = kunit_kzalloc(test, sizeof(*pg), GFP_KERNEL);
	PVOID a, b, c;

	KUNIT_ASSERT_NOT_NULL(test, np);
	KUNIT_ASSERT_NOT_NULL(test, pg);
	wi_allocs = 0;
	wi_frees = 0;
	ExInitializeNPagedLookasideList(np, wi_allocate, wi_free, 0, 100, WI_TAG, 0);
	a = ExAllocateFromNPagedLookasideList(np);
	b = ExAllocateFromNPagedLookasideList(np);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	memset(a, 1, 100);
	memset(b, 2, 100);
	KUNIT_EXPECT_EQ(test, wi_allocs, 2);
	ExFreeToNPagedLookasideList(np, a);
	c = ExAllocateFromNPagedLookasideList(np);
	KUNIT_EXPECT_PTR_EQ(test, c, a);		/* reused, not allocated */
	KUNIT_EXPECT_EQ(test, wi_allocs, 2);
	KUNIT_EXPECT_EQ(test, np->L.TotalAllocates, 3U);
	KUNIT_EXPECT_EQ(test, np->L.AllocateMisses, 2U);
	ExFreeToNPagedLookasideList(np, b);
	ExFreeToNPagedLookasideList(np, c);
	KUNIT_EXPECT_EQ(test, wi_frees, 0);
	ExDeleteNPagedLookasideList(np);
	KUNIT_EXPECT_EQ(test, wi_frees, 2);		/* both kept entries freed */

	ExInitializePagedLookasideList(pg, NULL, NULL, 0, 8, WI_TAG, 0);
	a = ExAllocateFromPagedLookasideList(pg);	/* 8 bytes asked, an SLIST entry given */
	KUNIT_ASSERT_NOT_NULL(test, a);
	ExFreeToPagedLookasideList(pg, a);
	KUNIT_EXPECT_PTR_EQ(test, ExAllocateFromPagedLookasideList(pg), a);
	ExFreeToPagedLookasideList(pg, a);
	ExDeletePagedLookasideList(pg);
}

/* ExAllocatePoolZero zeroes; ExAllocatePoolUninitialized allocates. */
static void wi_pool_zero(struct kunit *test)
{
	UCHAR *p = ExAllocatePoolUninitialized(NonPagedPoolNx, 64, WI_TAG);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, p);
	memset(p, 0xff, 64);
	ExFreePoolWithTag(p, WI_TAG);
	p = ExAllocatePoolZero(NonPagedPoolNx, 64, WI_TAG);
	KUNIT_ASSERT_NOT_NULL(test, p);
	for (i = 0; i < 64; i++)
		KUNIT_EXPECT_EQ(test, p[i], 0);
	ExFreePoolWithTag(p, WI_TAG);
}

static struct kunit_case workitem_cases[] = {
	KUNIT_CASE(wi_io_workitem),
	KUNIT_CASE(wi_ex_workitem),
	KUNIT_CASE(wi_lookaside),
	KUNIT_CASE(wi_pool_zero),
	{}
};

struct kunit_suite wdmdma_workitem_suite = {
	.name = "wdmdma_workitem",
	.test_cases = workitem_cases,
};
