// SPDX-License-Identifier: GPL-2.0
/*
 * Group 3: the dispatcher (KeWaitForMultipleObjects over events, timers,
 * mutexes, semaphores), its timeouts, mutexes, semaphores, fast mutexes,
 * ERESOURCE, KeDelayExecutionThread and the clocks.  Concurrent parties
 * are system threads (PsCreateSystemThread), waited on by their objects.
 */
#include <linux/atomic.h>
#include <linux/delay.h>
#include <linux/ktime.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>

#include "suites.h"	/* Linux headers before <wdm.h> */

#include <wdm.h>
#include <wdmdma/binding.h>

#define SY_EPOCH_DELTA	116444736000000000LL	/* 1601 to 1970 in 100 ns units */
#define SY_LONG_MS	10000	/* "never" for a wait that must end: a loaded TCG VM */

static LARGE_INTEGER sy_ms(LONGLONG ms)
{
	LARGE_INTEGER t;

	t.QuadPart = -ms * 10000;	/* negative: relative, 100 ns units */
	return t;
}

static NTSTATUS sy_poll(PVOID object)
{
	LARGE_INTEGER zero = { .QuadPart = 0 };

	return KeWaitForSingleObject(object, Executive, KernelMode, FALSE, &zero);
}

/* Start a system thread; its object, referenced (handle closed) */
static PKTHREAD sy_start(struct kunit *test, PKSTART_ROUTINE routine, PVOID ctx)
{
	HANDLE h;
	PVOID obj;

	KUNIT_ASSERT_EQ(test, PsCreateSystemThread(&h, THREAD_ALL_ACCESS, NULL, NULL, NULL,
						   routine, ctx), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, ObReferenceObjectByHandle(h, THREAD_ALL_ACCESS, *PsThreadType,
							KernelMode, &obj, NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(h), STATUS_SUCCESS);
	return obj;
}

/* Wait for a thread to end (bounded) and drop the reference */
static void sy_join(struct kunit *test, PKTHREAD t)
{
	LARGE_INTEGER limit = sy_ms(SY_LONG_MS);

	KUNIT_EXPECT_EQ(test, KeWaitForSingleObject(t, Executive, KernelMode, FALSE, &limit),
			STATUS_SUCCESS);
	ObDereferenceObject(t);
}

/* A waiter thread: one KeWaitForMultipleObjects() call, its result kept */
struct sy_waiter {
	PVOID objects[4];
	ULONG count;
	WAIT_TYPE type;
	LONGLONG timeout_ms;	/* 0: none (wait for ever) */
	NTSTATUS status;
	atomic_t done;
};

static VOID sy_waiter_main(PVOID ctx)
{
	struct sy_waiter *w = ctx;
	LARGE_INTEGER t = sy_ms(w->timeout_ms);

	w->status = KeWaitForMultipleObjects(w->count, w->objects, w->type, Executive, KernelMode,
					     FALSE, w->timeout_ms ? &t : NULL, NULL);
	atomic_set(&w->done, 1);
}

/* Has the waiter finished, within @ms? */
static bool sy_done_within(struct sy_waiter *w, unsigned int ms)
{
	unsigned long end = jiffies + msecs_to_jiffies(ms);

	while (!atomic_read(&w->done) && time_before(jiffies, end))
		usleep_range(5000, 6000);
	return atomic_read(&w->done);
}

/* WaitAny returns the signaled object's index, the lowest of several. */
static void sy_wait_any_index(struct kunit *test)
{
	KEVENT ev[3];
	PVOID obj[3] = { &ev[0], &ev[1], &ev[2] };
	LARGE_INTEGER zero = { .QuadPart = 0 };
	int i;

	KeInitializeEvent(&ev[0], NotificationEvent, FALSE);
	KeInitializeEvent(&ev[1], SynchronizationEvent, FALSE);
	KeInitializeEvent(&ev[2], NotificationEvent, FALSE);
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(3, obj, WaitAny, Executive, KernelMode,
						       FALSE, &zero, NULL), STATUS_TIMEOUT);
	KeSetEvent(&ev[2], 0, FALSE);
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(3, obj, WaitAny, Executive, KernelMode,
						       FALSE, &zero, NULL), STATUS_WAIT_0 + 2);
	KeSetEvent(&ev[1], 0, FALSE);
	/* both 1 and 2 signaled: 1 wins and only it (a synchronization event) is consumed */
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(3, obj, WaitAny, Executive, KernelMode,
						       FALSE, NULL, NULL), STATUS_WAIT_0 + 1);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&ev[1]), 0);
	KUNIT_EXPECT_NE(test, KeReadStateEvent(&ev[2]), 0);
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(3, obj, WaitAny, Executive, KernelMode,
						       FALSE, NULL, NULL), STATUS_WAIT_0 + 2);
	for (i = 0; i < 3; i++)
		KeClearEvent(&ev[i]);
}

/* A sleeping WaitAny wait is woken by the object signaled, with its index. */
static void sy_wait_any_wakes(struct kunit *test)
{
	struct sy_waiter *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	KEVENT *ev = kunit_kcalloc(test, 2, sizeof(*ev), GFP_KERNEL);
	KSEMAPHORE *sem = kunit_kzalloc(test, sizeof(*sem), GFP_KERNEL);
	PKTHREAD t;

	KUNIT_ASSERT_NOT_NULL(test, w);
	KUNIT_ASSERT_NOT_NULL(test, ev);
	KUNIT_ASSERT_NOT_NULL(test, sem);
	KeInitializeEvent(&ev[0], NotificationEvent, FALSE);
	KeInitializeEvent(&ev[1], SynchronizationEvent, FALSE);
	KeInitializeSemaphore(sem, 0, 5);
	w->objects[0] = &ev[0];
	w->objects[1] = sem;
	w->objects[2] = &ev[1];
	w->count = 3;
	w->type = WaitAny;
	t = sy_start(test, sy_waiter_main, w);
	KUNIT_EXPECT_FALSE(test, sy_done_within(w, 50));
	KeReleaseSemaphore(sem, SEMAPHORE_INCREMENT, 1, FALSE);
	KUNIT_EXPECT_TRUE(test, sy_done_within(w, SY_LONG_MS));
	KUNIT_EXPECT_EQ(test, w->status, STATUS_WAIT_0 + 1);
	KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(sem), 0);	/* the waiter took it */
	sy_join(test, t);
}

/*
 * WaitAll is satisfied only when every object is, and takes them all at
 * once: before that nothing is consumed, and a WaitAny waiter on one of
 * the synchronization events takes it meanwhile.
 */
static void sy_wait_all(struct kunit *test)
{
	struct sy_waiter *all = kunit_kzalloc(test, sizeof(*all), GFP_KERNEL);
	struct sy_waiter *any = kunit_kzalloc(test, sizeof(*any), GFP_KERNEL);
	KEVENT *ev = kunit_kcalloc(test, 2, sizeof(*ev), GFP_KERNEL);
	KSEMAPHORE *sem = kunit_kzalloc(test, sizeof(*sem), GFP_KERNEL);
	LARGE_INTEGER zero = { .QuadPart = 0 };
	PKTHREAD ta, tb;

	KUNIT_ASSERT_NOT_NULL(test, all);
	KUNIT_ASSERT_NOT_NULL(test, any);
	KUNIT_ASSERT_NOT_NULL(test, ev);
	KUNIT_ASSERT_NOT_NULL(test, sem);
	KeInitializeEvent(&ev[0], SynchronizationEvent, FALSE);	/* A */
	KeInitializeEvent(&ev[1], NotificationEvent, FALSE);	/* B */
	KeInitializeSemaphore(sem, 1, 2);

	/* A and the semaphore ready, B not: a poll takes nothing */
	KeSetEvent(&ev[0], 0, FALSE);
	all->objects[0] = &ev[0];
	all->objects[1] = sem;
	all->objects[2] = &ev[1];
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(3, all->objects, WaitAll, Executive,
						       KernelMode, FALSE, &zero, NULL),
			STATUS_TIMEOUT);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&ev[0]), 1);
	KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(sem), 1);
	KeClearEvent(&ev[0]);

	/* a WaitAll waiter on A, sem, B and a WaitAny waiter on A */
	all->count = 3;
	all->type = WaitAll;
	any->objects[0] = &ev[0];
	any->count = 1;
	any->type = WaitAny;
	ta = sy_start(test, sy_waiter_main, all);
	KUNIT_EXPECT_FALSE(test, sy_done_within(all, 30));
	tb = sy_start(test, sy_waiter_main, any);
	KUNIT_EXPECT_FALSE(test, sy_done_within(any, 30));
	/* A alone: the WaitAll wait cannot use it; the WaitAny one takes it */
	KeSetEvent(&ev[0], 0, FALSE);
	KUNIT_EXPECT_TRUE(test, sy_done_within(any, SY_LONG_MS));
	KUNIT_EXPECT_EQ(test, any->status, STATUS_WAIT_0);
	KUNIT_EXPECT_FALSE(test, atomic_read(&all->done));
	KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(sem), 1);
	/* B, then A again: all three ready, all taken in one step */
	KeSetEvent(&ev[1], 0, FALSE);
	KUNIT_EXPECT_FALSE(test, sy_done_within(all, 30));
	KeSetEvent(&ev[0], 0, FALSE);
	KUNIT_EXPECT_TRUE(test, sy_done_within(all, SY_LONG_MS));
	KUNIT_EXPECT_EQ(test, all->status, STATUS_WAIT_0);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&ev[0]), 0);	/* consumed */
	KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(sem), 0);	/* consumed */
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&ev[1]), 1);	/* notification: stays */
	sy_join(test, ta);
	sy_join(test, tb);
}

/* More than THREAD_WAIT_OBJECTS objects need the caller's wait blocks. */
static void sy_wait_blocks(struct kunit *test)
{
	KEVENT *ev = kunit_kcalloc(test, MAXIMUM_WAIT_OBJECTS + 1, sizeof(*ev), GFP_KERNEL);
	PVOID *obj = kunit_kcalloc(test, MAXIMUM_WAIT_OBJECTS + 1, sizeof(*obj), GFP_KERNEL);
	PKWAIT_BLOCK blocks = kunit_kcalloc(test, MAXIMUM_WAIT_OBJECTS + 1, sizeof(*blocks),
					    GFP_KERNEL);
	LARGE_INTEGER zero = { .QuadPart = 0 };
	unsigned long before;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, ev);
	KUNIT_ASSERT_NOT_NULL(test, obj);
	KUNIT_ASSERT_NOT_NULL(test, blocks);
	for (i = 0; i <= MAXIMUM_WAIT_OBJECTS; i++) {
		KeInitializeEvent(&ev[i], NotificationEvent, TRUE);
		obj[i] = &ev[i];
	}
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS, obj, WaitAll,
						       Executive, KernelMode, FALSE, &zero, blocks),
			STATUS_WAIT_0);
	KeClearEvent(&ev[0]);
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS, obj, WaitAny,
						       Executive, KernelMode, FALSE, &zero, blocks),
			STATUS_WAIT_0 + 1);
	before = wdmdma_violations(NULL);
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(THREAD_WAIT_OBJECTS + 1, obj, WaitAny,
						       Executive, KernelMode, FALSE, &zero, NULL),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS + 1, obj, WaitAny,
						       Executive, KernelMode, FALSE, &zero, blocks),
			STATUS_INVALID_PARAMETER);
	obj[1] = obj[2];
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(3, obj, WaitAll, Executive, KernelMode,
						       FALSE, &zero, NULL),
			STATUS_INVALID_PARAMETER_MIX);
	obj[1] = blocks;	/* not a dispatcher object */
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(2, obj, WaitAny, Executive, KernelMode,
						       FALSE, &zero, NULL),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 4);
}

/* Timeouts: relative and absolute, in 100 ns units, end the wait on time. */
static void sy_timeouts(struct kunit *test)
{
	KEVENT ev;
	PVOID obj[1] = { &ev };
	LARGE_INTEGER t;
	s64 ms;
	ktime_t start;

	KeInitializeEvent(&ev, NotificationEvent, FALSE);
	t = sy_ms(60);
	start = ktime_get();
	KUNIT_EXPECT_EQ(test, KeWaitForSingleObject(&ev, Executive, KernelMode, FALSE, &t),
			STATUS_TIMEOUT);
	ms = ktime_ms_delta(ktime_get(), start);
	KUNIT_EXPECT_GE(test, ms, 60);
	KUNIT_EXPECT_LT(test, ms, SY_LONG_MS);

	/* absolute: system time now + 60 ms */
	KeQuerySystemTimePrecise(&t);
	t.QuadPart += 60 * 10000;
	start = ktime_get();
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(1, obj, WaitAny, Executive, KernelMode,
						       FALSE, &t, NULL), STATUS_TIMEOUT);
	ms = ktime_ms_delta(ktime_get(), start);
	KUNIT_EXPECT_GE(test, ms, 55);	/* the clocks are read at slightly different times */
	KUNIT_EXPECT_LT(test, ms, SY_LONG_MS);

	/* an absolute time past is a poll */
	KeQuerySystemTimePrecise(&t);
	t.QuadPart -= 10000000;
	start = ktime_get();
	KUNIT_EXPECT_EQ(test, KeWaitForSingleObject(&ev, Executive, KernelMode, FALSE, &t),
			STATUS_TIMEOUT);
	KUNIT_EXPECT_LT(test, ktime_ms_delta(ktime_get(), start), 1000);

	/* KeDelayExecutionThread sleeps the interval */
	t = sy_ms(30);
	start = ktime_get();
	KUNIT_EXPECT_EQ(test, KeDelayExecutionThread(KernelMode, FALSE, &t), STATUS_SUCCESS);
	ms = ktime_ms_delta(ktime_get(), start);
	KUNIT_EXPECT_GE(test, ms, 30);
	KUNIT_EXPECT_LT(test, ms, SY_LONG_MS);
}

/* Timers are waitable; a synchronization timer is consumed by the wait. */
static void sy_timer_objects(struct kunit *test)
{
	KTIMER *tm = kunit_kcalloc(test, 2, sizeof(*tm), GFP_KERNEL);
	KEVENT ev;
	PVOID obj[2];
	LARGE_INTEGER due = sy_ms(40), limit = sy_ms(SY_LONG_MS);
	ktime_t start;

	KUNIT_ASSERT_NOT_NULL(test, tm);
	KeInitializeTimerEx(&tm[0], NotificationTimer);
	KeInitializeTimerEx(&tm[1], SynchronizationTimer);
	KeInitializeEvent(&ev, NotificationEvent, FALSE);
	obj[0] = &ev;
	obj[1] = &tm[0];
	start = ktime_get();
	KeSetTimer(&tm[0], due, NULL);
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(2, obj, WaitAny, Executive, KernelMode,
						       FALSE, &limit, NULL), STATUS_WAIT_0 + 1);
	/* a KTIMER is a jiffies timer: an emulated periodic tick may run fast */
	KUNIT_EXPECT_GE(test, ktime_ms_delta(ktime_get(), start), 20);
	KUNIT_EXPECT_TRUE(test, KeReadStateTimer(&tm[0]));	/* notification: stays */
	KUNIT_EXPECT_EQ(test, sy_poll(&tm[0]), STATUS_SUCCESS);

	KeSetTimer(&tm[1], sy_ms(20), NULL);
	KUNIT_EXPECT_EQ(test, KeWaitForSingleObject(&tm[1], Executive, KernelMode, FALSE, &limit),
			STATUS_SUCCESS);
	KUNIT_EXPECT_FALSE(test, KeReadStateTimer(&tm[1]));	/* synchronization: taken */
	KUNIT_EXPECT_EQ(test, sy_poll(&tm[1]), STATUS_TIMEOUT);
	KeCancelTimer(&tm[0]);
	KeCancelTimer(&tm[1]);
}

struct sy_mutex_ctx {
	KMUTEX mutex;
	KEVENT polled;
	NTSTATUS poll, wait;
	LONG state_after;
};

static VOID sy_mutex_other(PVOID ctx)
{
	struct sy_mutex_ctx *c = ctx;
	LARGE_INTEGER limit = sy_ms(SY_LONG_MS);

	c->poll = sy_poll(&c->mutex);		/* owned by the test: not signaled for us */
	KeSetEvent(&c->polled, 0, FALSE);
	c->wait = KeWaitForSingleObject(&c->mutex, Executive, KernelMode, FALSE, &limit);
	c->state_after = KeReadStateMutex(&c->mutex);
	if (c->wait == STATUS_SUCCESS)
		KeReleaseMutex(&c->mutex, FALSE);
}

/* A mutex: owned by one thread, recursively; others wait for its last release. */
static void sy_mutex(struct kunit *test)
{
	struct sy_mutex_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	unsigned long before;
	PKTHREAD t;

	KUNIT_ASSERT_NOT_NULL(test, c);
	KeInitializeMutex(&c->mutex, 0);
	KeInitializeEvent(&c->polled, NotificationEvent, FALSE);
	c->wait = STATUS_PENDING;
	KUNIT_EXPECT_EQ(test, KeReadStateMutex(&c->mutex), 1);
	KUNIT_EXPECT_EQ(test, KeWaitForMutexObject(&c->mutex, Executive, KernelMode, FALSE, NULL),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, KeReadStateMutex(&c->mutex), 0);
	KUNIT_EXPECT_EQ(test, sy_poll(&c->mutex), STATUS_SUCCESS);	/* recursion */
	KUNIT_EXPECT_EQ(test, KeReadStateMutex(&c->mutex), -1);
	KUNIT_EXPECT_PTR_EQ(test, c->mutex.OwnerThread, KeGetCurrentThread());

	t = sy_start(test, sy_mutex_other, c);
	KUNIT_EXPECT_EQ(test, KeWaitForSingleObject(&c->polled, Executive, KernelMode, FALSE,
						    NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, KeReleaseMutex(&c->mutex, FALSE), -1);
	msleep(30);
	KUNIT_EXPECT_EQ(test, READ_ONCE(c->wait), STATUS_PENDING);	/* still ours once */
	KUNIT_EXPECT_EQ(test, KeReleaseMutex(&c->mutex, FALSE), 0);
	sy_join(test, t);
	KUNIT_EXPECT_EQ(test, c->poll, STATUS_TIMEOUT);
	KUNIT_EXPECT_EQ(test, c->wait, STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, c->state_after, 0);
	KUNIT_EXPECT_EQ(test, KeReadStateMutex(&c->mutex), 1);
	KUNIT_EXPECT_NULL(test, c->mutex.OwnerThread);

	before = wdmdma_violations(NULL);
	KeReleaseMutex(&c->mutex, FALSE);	/* not owned */
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 1);
	KUNIT_EXPECT_EQ(test, KeReadStateMutex(&c->mutex), 1);
}

/* A semaphore: its count is what waits take; a release wakes that many. */
static void sy_semaphore(struct kunit *test)
{
	struct sy_waiter *w = kunit_kcalloc(test, 3, sizeof(*w), GFP_KERNEL);
	KSEMAPHORE *sem = kunit_kzalloc(test, sizeof(*sem), GFP_KERNEL);
	unsigned long before, end;
	PKTHREAD t[3];
	int i, done;

	KUNIT_ASSERT_NOT_NULL(test, w);
	KUNIT_ASSERT_NOT_NULL(test, sem);
	KeInitializeSemaphore(sem, 2, 3);
	KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(sem), 2);
	KUNIT_EXPECT_EQ(test, sy_poll(sem), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, sy_poll(sem), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, sy_poll(sem), STATUS_TIMEOUT);
	KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(sem), 0);

	before = wdmdma_violations(NULL);
	KUNIT_EXPECT_EQ(test, KeReleaseSemaphore(sem, SEMAPHORE_INCREMENT, 1, FALSE), 0);
	KUNIT_EXPECT_EQ(test, KeReleaseSemaphore(sem, SEMAPHORE_INCREMENT, 3, FALSE), 1);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 1);	/* limit exceeded */
	KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(sem), 1);
	KUNIT_EXPECT_EQ(test, KeReleaseSemaphore(sem, SEMAPHORE_INCREMENT, 2, FALSE), 1);
	KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(sem), 3);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, sy_poll(sem), STATUS_SUCCESS);

	for (i = 0; i < 3; i++) {
		w[i].objects[0] = sem;
		w[i].count = 1;
		w[i].type = WaitAny;
		t[i] = sy_start(test, sy_waiter_main, &w[i]);
	}
	KeReleaseSemaphore(sem, SEMAPHORE_INCREMENT, 2, FALSE);
	for (end = jiffies + msecs_to_jiffies(SY_LONG_MS); time_before(jiffies, end); msleep(5)) {
		for (i = 0, done = 0; i < 3; i++)
			done += atomic_read(&w[i].done);
		if (done >= 2)
			break;
	}
	msleep(50);	/* a third would have been woken by now */
	for (i = 0, done = 0; i < 3; i++)
		done += atomic_read(&w[i].done);
	KUNIT_EXPECT_EQ(test, done, 2);
	KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(sem), 0);
	KeReleaseSemaphore(sem, SEMAPHORE_INCREMENT, 1, FALSE);
	for (i = 0; i < 3; i++) {
		sy_join(test, t[i]);
		KUNIT_EXPECT_EQ(test, w[i].status, STATUS_WAIT_0);
	}
	KUNIT_EXPECT_EQ(test, KeReadStateSemaphore(sem), 0);
}

#define SY_FM_THREADS	4
#define SY_FM_ROUNDS	300

struct sy_fm_ctx {
	FAST_MUTEX fm;
	KGUARDED_MUTEX gm;
	atomic_t inside, overlaps;
	unsigned long counter;	/* under the mutex: a plain increment */
};

static VOID sy_fm_worker(PVOID ctx)
{
	struct sy_fm_ctx *c = ctx;
	unsigned long v;
	int i;

	for (i = 0; i < SY_FM_ROUNDS; i++) {
		if (i & 1)
			KeAcquireGuardedMutex(&c->gm);
		ExAcquireFastMutex(&c->fm);
		if (atomic_inc_return(&c->inside) != 1)
			atomic_inc(&c->overlaps);
		v = READ_ONCE(c->counter);
		if (!(i % 16))
			usleep_range(50, 100);	/* be preempted inside, now and then */
		WRITE_ONCE(c->counter, v + 1);
		atomic_dec(&c->inside);
		ExReleaseFastMutex(&c->fm);
		if (i & 1)
			KeReleaseGuardedMutex(&c->gm);
	}
}

/* A fast mutex excludes under contention; try-acquire fails while it is held. */
static void sy_fast_mutex(struct kunit *test)
{
	struct sy_fm_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	PKTHREAD t[SY_FM_THREADS];
	unsigned long before;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, c);
	ExInitializeFastMutex(&c->fm);
	KeInitializeGuardedMutex(&c->gm);
	KUNIT_EXPECT_EQ(test, c->fm.Count, FM_LOCK_BIT);
	KUNIT_EXPECT_TRUE(test, ExTryToAcquireFastMutex(&c->fm));
	KUNIT_EXPECT_PTR_EQ(test, c->fm.Owner, (PVOID)KeGetCurrentThread());
	before = wdmdma_violations(NULL);
	ExAcquireFastMutex(&c->fm);	/* not recursive: reported, not a deadlock */
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 1);
	for (i = 0; i < SY_FM_THREADS; i++)
		t[i] = sy_start(test, sy_fm_worker, c);
	msleep(30);
	KUNIT_EXPECT_EQ(test, READ_ONCE(c->counter), 0);	/* all wait for us */
	ExReleaseFastMutex(&c->fm);
	for (i = 0; i < SY_FM_THREADS; i++)
		sy_join(test, t[i]);
	KUNIT_EXPECT_EQ(test, c->counter, SY_FM_THREADS * SY_FM_ROUNDS);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->overlaps), 0);
	KUNIT_EXPECT_EQ(test, c->fm.Count, FM_LOCK_BIT);
	KUNIT_EXPECT_NULL(test, c->fm.Owner);
	KUNIT_EXPECT_TRUE(test, KeTryToAcquireGuardedMutex(&c->gm));
	KeReleaseGuardedMutex(&c->gm);
	before = wdmdma_violations(NULL);
	ExReleaseFastMutex(&c->fm);	/* not owned */
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 1);
}

#define SY_RES_READERS	3
#define SY_RES_WRITERS	2
#define SY_RES_ROUNDS	200

struct sy_res_ctx {
	ERESOURCE res;
	atomic_t readers, writers, bad;
	KEVENT held, go;
	ERESOURCE_THREAD owner;
	BOOLEAN try_shared;
};

static VOID sy_res_reader(PVOID ctx)
{
	struct sy_res_ctx *c = ctx;
	int i;

	for (i = 0; i < SY_RES_ROUNDS; i++) {
		ExAcquireResourceSharedLite(&c->res, TRUE);
		atomic_inc(&c->readers);
		if (atomic_read(&c->writers))
			atomic_inc(&c->bad);
		if (!(i % 8))
			usleep_range(100, 200);
		atomic_dec(&c->readers);
		ExReleaseResourceLite(&c->res);
	}
}

static VOID sy_res_writer(PVOID ctx)
{
	struct sy_res_ctx *c = ctx;
	int i;

	for (i = 0; i < SY_RES_ROUNDS; i++) {
		ExAcquireResourceExclusiveLite(&c->res, TRUE);
		if (atomic_inc_return(&c->writers) != 1 || atomic_read(&c->readers))
			atomic_inc(&c->bad);
		if (!ExIsResourceAcquiredExclusiveLite(&c->res))
			atomic_inc(&c->bad);
		if (!(i % 8))
			usleep_range(50, 100);
		atomic_dec(&c->writers);
		ExReleaseResourceLite(&c->res);
	}
}

/* ERESOURCE: readers share, a writer excludes all, under real concurrency. */
static void sy_eresource_exclusion(struct kunit *test)
{
	struct sy_res_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	PKTHREAD t[SY_RES_READERS + SY_RES_WRITERS];
	int i;

	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_ASSERT_EQ(test, ExInitializeResourceLite(&c->res), STATUS_SUCCESS);
	for (i = 0; i < SY_RES_READERS; i++)
		t[i] = sy_start(test, sy_res_reader, c);
	for (; i < SY_RES_READERS + SY_RES_WRITERS; i++)
		t[i] = sy_start(test, sy_res_writer, c);
	for (i = 0; i < SY_RES_READERS + SY_RES_WRITERS; i++)
		sy_join(test, t[i]);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->bad), 0);
	/* whether readers overlapped here is timing; sy_eresource_rules shows they may */
	KUNIT_EXPECT_EQ(test, c->res.ActiveCount, 0);
	KUNIT_EXPECT_EQ(test, ExDeleteResourceLite(&c->res), STATUS_SUCCESS);
}

static VOID sy_res_sharer(PVOID ctx)
{
	struct sy_res_ctx *c = ctx;
	LARGE_INTEGER limit = sy_ms(SY_LONG_MS);

	c->try_shared = ExAcquireResourceSharedLite(&c->res, FALSE);
	if (c->try_shared) {
		c->owner = ExGetCurrentResourceThread();
		KeSetEvent(&c->held, 0, FALSE);
		/* the test releases it for us (ExReleaseResourceForThreadLite) */
		KeWaitForSingleObject(&c->go, Executive, KernelMode, FALSE, &limit);
		return;
	}
	KeSetEvent(&c->held, 0, FALSE);
	ExAcquireResourceSharedLite(&c->res, TRUE);	/* waits for the exclusive owner */
	c->owner = ExGetCurrentResourceThread();
	ExReleaseResourceLite(&c->res);
}

/* Recursion, the queries, waiting out an exclusive owner, release for a thread. */
static void sy_eresource_rules(struct kunit *test)
{
	struct sy_res_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	LARGE_INTEGER limit = sy_ms(SY_LONG_MS);
	unsigned long before;
	PKTHREAD t;

	KUNIT_ASSERT_NOT_NULL(test, c);
	ExInitializeResourceLite(&c->res);
	KeInitializeEvent(&c->held, NotificationEvent, FALSE);
	KeInitializeEvent(&c->go, NotificationEvent, FALSE);
	KUNIT_EXPECT_TRUE(test, ExAcquireResourceExclusiveLite(&c->res, TRUE));
	KUNIT_EXPECT_TRUE(test, ExAcquireResourceExclusiveLite(&c->res, FALSE));
	KUNIT_EXPECT_TRUE(test, ExAcquireResourceSharedLite(&c->res, FALSE));
	KUNIT_EXPECT_TRUE(test, ExIsResourceAcquiredExclusiveLite(&c->res));
	KUNIT_EXPECT_EQ(test, ExIsResourceAcquiredSharedLite(&c->res), 3);

	/* another thread: refused without waiting, then waits for our last release */
	t = sy_start(test, sy_res_sharer, c);
	KUNIT_EXPECT_EQ(test, KeWaitForSingleObject(&c->held, Executive, KernelMode, FALSE,
						    &limit), STATUS_SUCCESS);
	KUNIT_EXPECT_FALSE(test, c->try_shared);
	ExReleaseResourceLite(&c->res);
	ExReleaseResourceLite(&c->res);
	msleep(30);
	KUNIT_EXPECT_EQ(test, c->owner, 0);	/* still ours once */
	ExReleaseResourceLite(&c->res);
	sy_join(test, t);
	KUNIT_EXPECT_NE(test, c->owner, 0);
	KUNIT_EXPECT_FALSE(test, ExIsResourceAcquiredExclusiveLite(&c->res));
	KUNIT_EXPECT_EQ(test, ExIsResourceAcquiredSharedLite(&c->res), 0);

	/* a shared owner's acquisition released by the test for it */
	c->owner = 0;
	KeClearEvent(&c->held);
	t = sy_start(test, sy_res_sharer, c);
	KeWaitForSingleObject(&c->held, Executive, KernelMode, FALSE, &limit);
	KUNIT_EXPECT_TRUE(test, c->try_shared);
	KUNIT_EXPECT_TRUE(test, ExAcquireResourceSharedLite(&c->res, FALSE));	/* shares */
	KUNIT_EXPECT_FALSE(test, ExIsResourceAcquiredExclusiveLite(&c->res));
	before = wdmdma_violations(NULL);
	/* exclusive for a thread that shares it: a deadlock, refused */
	KUNIT_EXPECT_FALSE(test, ExAcquireResourceExclusiveLite(&c->res, TRUE));
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 1);
	ExReleaseResourceLite(&c->res);
	KUNIT_EXPECT_FALSE(test, ExAcquireResourceExclusiveLite(&c->res, FALSE));
	ExReleaseResourceForThreadLite(&c->res, c->owner);
	KUNIT_EXPECT_TRUE(test, ExAcquireResourceExclusiveLite(&c->res, FALSE));
	ExReleaseResourceLite(&c->res);
	KeSetEvent(&c->go, 0, FALSE);
	sy_join(test, t);
	before = wdmdma_violations(NULL);
	ExReleaseResourceLite(&c->res);		/* not owned */
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 1);
	KUNIT_EXPECT_EQ(test, ExDeleteResourceLite(&c->res), STATUS_SUCCESS);
}

/* The clocks: system time since 1601, ticks, the performance counter. */
static void sy_clocks(struct kunit *test)
{
	LARGE_INTEGER sys, precise, tick0, tick1, freq, qpc0, qpc1, delay;
	ULONGLONG it0, it1;
	s64 real, ms;

	KeQuerySystemTime(&sys);
	KeQuerySystemTimePrecise(&precise);
	real = ktime_get_real_ns() / 100 + SY_EPOCH_DELTA;
	KUNIT_EXPECT_LT(test, abs(real - precise.QuadPart), 10000000LL);	/* 1 s */
	KUNIT_EXPECT_LT(test, abs(real - sys.QuadPart), 10000000LL);
	/* 2026 is between 13e16 and 14e16 units after 1601 */
	KUNIT_EXPECT_GT(test, precise.QuadPart, 130000000000000000LL);
	KUNIT_EXPECT_LT(test, precise.QuadPart, 140000000000000000LL);

	KeQueryTickCount(&tick0);
	qpc0 = KeQueryPerformanceCounter(&freq);
	it0 = KeQueryInterruptTime();
	delay = sy_ms(100);
	KUNIT_EXPECT_EQ(test, KeDelayExecutionThread(KernelMode, FALSE, &delay), STATUS_SUCCESS);
	KeQueryTickCount(&tick1);
	qpc1 = KeQueryPerformanceCounter(NULL);
	it1 = KeQueryInterruptTime();
	KUNIT_EXPECT_EQ(test, freq.QuadPart, 10000000LL);
	ms = (qpc1.QuadPart - qpc0.QuadPart) * 1000 / freq.QuadPart;
	KUNIT_EXPECT_GE(test, ms, 100);
	KUNIT_EXPECT_LT(test, ms, SY_LONG_MS);
	ms = (tick1.QuadPart - tick0.QuadPart) * KeQueryTimeIncrement() / 10000;
	/* jiffies: a periodic tick under emulation may lose or catch up ticks */
	KUNIT_EXPECT_GE(test, ms, 25);
	KUNIT_EXPECT_LT(test, ms, SY_LONG_MS);
	ms = (s64)(it1 - it0) / 10000;
	KUNIT_EXPECT_GE(test, ms, 100);
	KUNIT_EXPECT_LT(test, ms, SY_LONG_MS);
}

static struct kunit_case sync_cases[] = {
	KUNIT_CASE(sy_wait_any_index),
	KUNIT_CASE(sy_wait_any_wakes),
	KUNIT_CASE(sy_wait_all),
	KUNIT_CASE(sy_wait_blocks),
	KUNIT_CASE(sy_timeouts),
	KUNIT_CASE(sy_timer_objects),
	KUNIT_CASE(sy_mutex),
	KUNIT_CASE(sy_semaphore),
	KUNIT_CASE(sy_fast_mutex),
	KUNIT_CASE(sy_eresource_exclusion),
	KUNIT_CASE(sy_eresource_rules),
	KUNIT_CASE(sy_clocks),
	{}
};

struct kunit_suite wdmdma_sync_suite = {
	.name = "wdmdma_sync",
	.test_cases = sync_cases,
};
