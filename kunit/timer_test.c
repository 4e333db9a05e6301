// SPDX-License-Identifier: GPL-2.0
/*
 * Timers: KTIMER with a DPC (one-shot, cancelled, periodic, absolute due
 * time) and the device object's one-second I/O timer.
 */
#include <linux/atomic.h>
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>

#include <wdm.h>
#include <wdmdma/binding.h>

#include "suites.h"

struct tm_state {
	KTIMER timer;
	KDPC dpc;
	atomic_t runs;
	atomic_t bad;		/* a run not at DISPATCH_LEVEL, or with a wrong argument */
	ktime_t first;
};

static VOID tm_dpc(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1,
		   PVOID SystemArgument2)
{
	struct tm_state *st = DeferredContext;

	if (KeGetCurrentIrql() != DISPATCH_LEVEL || Dpc != &st->dpc)
		atomic_inc(&st->bad);
	if (atomic_inc_return(&st->runs) == 1)
		st->first = ktime_get();
}

static struct tm_state *tm_setup(struct kunit *test)
{
	struct tm_state *st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, st);
	KeInitializeTimer(&st->timer);
	KeInitializeDpc(&st->dpc, tm_dpc, st);
	return st;
}

static void tm_teardown(struct tm_state *st)
{
	KeCancelTimer(&st->timer);
	msleep(20);
	KeFlushQueuedDpcs();
}

static LARGE_INTEGER tm_relative_ms(LONGLONG ms)
{
	LARGE_INTEGER due;

	due.QuadPart = -ms * 10000;	/* 100 ns units, negative: relative */
	return due;
}

/* A one-shot timer: signaled and its DPC run once, not before the due time. */
static void timer_one_shot(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	struct tm_state *st = tm_setup(test);
	ktime_t start = ktime_get();
	int i;

	KUNIT_EXPECT_FALSE(test, KeReadStateTimer(&st->timer));
	KUNIT_EXPECT_FALSE(test, KeSetTimer(&st->timer, tm_relative_ms(60), &st->dpc));
	KUNIT_EXPECT_FALSE(test, KeReadStateTimer(&st->timer));
	for (i = 0; i < 200 && !atomic_read(&st->runs); i++)
		usleep_range(10000, 11000);
	KUNIT_ASSERT_EQ(test, atomic_read(&st->runs), 1);
	KUNIT_EXPECT_GE(test, ktime_ms_delta(st->first, start), 60);
	KUNIT_EXPECT_TRUE(test, KeReadStateTimer(&st->timer));
	msleep(150);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->runs), 1);	/* once */
	KUNIT_EXPECT_EQ(test, atomic_read(&st->bad), 0);
	KUNIT_EXPECT_FALSE(test, KeCancelTimer(&st->timer));	/* no longer set */
	/* setting it again clears the signal */
	KUNIT_EXPECT_FALSE(test, KeSetTimer(&st->timer, tm_relative_ms(1000), NULL));
	KUNIT_EXPECT_FALSE(test, KeReadStateTimer(&st->timer));
	KUNIT_EXPECT_TRUE(test, KeCancelTimer(&st->timer));
	tm_teardown(st);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
}

/* Cancelled before it expires: no DPC; setting a set timer says so. */
static void timer_cancel(struct kunit *test)
{
	struct tm_state *st = tm_setup(test);

	KUNIT_EXPECT_FALSE(test, KeSetTimer(&st->timer, tm_relative_ms(300), &st->dpc));
	KUNIT_EXPECT_TRUE(test, KeSetTimer(&st->timer, tm_relative_ms(300), &st->dpc));
	KUNIT_EXPECT_TRUE(test, KeCancelTimer(&st->timer));
	KUNIT_EXPECT_FALSE(test, KeCancelTimer(&st->timer));
	msleep(500);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->runs), 0);
	KUNIT_EXPECT_FALSE(test, KeReadStateTimer(&st->timer));
	tm_teardown(st);
}

/* Periodic: runs again and again until cancelled, then stops. */
static void timer_periodic(struct kunit *test)
{
	struct tm_state *st = tm_setup(test);
	int n;

	KeSetTimerEx(&st->timer, tm_relative_ms(10), 20, &st->dpc);
	msleep(400);
	KUNIT_EXPECT_TRUE(test, KeCancelTimer(&st->timer));
	msleep(50);
	KeFlushQueuedDpcs();
	n = atomic_read(&st->runs);
	KUNIT_EXPECT_GE(test, n, 4);
	msleep(200);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->runs), n);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->bad), 0);
	tm_teardown(st);
}

/* An absolute due time already past expires at once; a NULL timer is reported. */
static void timer_absolute_and_misuse(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	struct tm_state *st = tm_setup(test);
	LARGE_INTEGER due;
	int i;

	due.QuadPart = 1;	/* 1601: long past */
	KeSetTimer(&st->timer, due, &st->dpc);
	for (i = 0; i < 100 && !atomic_read(&st->runs); i++)
		usleep_range(10000, 11000);
	KUNIT_EXPECT_EQ(test, atomic_read(&st->runs), 1);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);

	KUNIT_EXPECT_FALSE(test, KeSetTimer(NULL, due, NULL));
	KUNIT_EXPECT_FALSE(test, KeSetTimerEx(&st->timer, due, -1, NULL));
	KUNIT_EXPECT_FALSE(test, KeCancelTimer(NULL));
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 3);
	tm_teardown(st);
}

struct tm_io {
	PDEVICE_OBJECT devobj;
	atomic_t calls;
	atomic_t bad;
};

static VOID tm_io_routine(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
	struct tm_io *t = Context;

	if (DeviceObject != t->devobj || KeGetCurrentIrql() != DISPATCH_LEVEL)
		atomic_inc(&t->bad);
	atomic_inc(&t->calls);
}

/* IoStartTimer: about once a second until IoStopTimer; freed with the object. */
static void timer_io_timer(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	struct tm_io *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	int n;

	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_ASSERT_EQ(test, IoCreateDevice(NULL, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE,
					     &t->devobj), STATUS_SUCCESS);
	IoStartTimer(t->devobj);		/* not initialized: reported */
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);
	KUNIT_ASSERT_EQ(test, IoInitializeTimer(t->devobj, tm_io_routine, t), STATUS_SUCCESS);
	msleep(1300);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->calls), 0);	/* not started yet */
	IoStartTimer(t->devobj);
	msleep(2600);
	IoStopTimer(t->devobj);
	n = atomic_read(&t->calls);
	KUNIT_EXPECT_GE(test, n, 2);
	KUNIT_EXPECT_LE(test, n, 3);
	msleep(1300);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->calls), n);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->bad), 0);
	/* deleted while started: the timer goes with it (kmemleak checks) */
	IoStartTimer(t->devobj);
	IoDeleteDevice(t->devobj);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);
}

static struct kunit_case timer_cases[] = {
	KUNIT_CASE(timer_one_shot),
	KUNIT_CASE(timer_cancel),
	KUNIT_CASE(timer_periodic),
	KUNIT_CASE(timer_absolute_and_misuse),
	KUNIT_CASE(timer_io_timer),
	{}
};

struct kunit_suite wdmdma_timer_suite = {
	.name = "wdmdma_timer",
	.test_cases = timer_cases,
};
