// SPDX-License-Identifier: GPL-2.0
/*
 * The dispatcher: KeWaitForSingleObject(), KeWaitForMultipleObjects() and
 * KeDelayExecutionThread() over every waitable object (events, timers,
 * mutexes, semaphores, threads), as Windows waits.
 *
 * Each object starts with a DISPATCHER_HEADER: Header.Lock holds its type
 * and size, Header.SignalState its state (> 0: signaled; a mutex's is 1
 * when free and goes down by one per acquisition), Header.WaitListHead the
 * wait blocks of the waits pending on it, oldest first.  A wait that
 * cannot be satisfied at once links one KWAIT_BLOCK per object (the
 * caller's array, or blocks on its own stack for up to
 * THREAD_WAIT_OBJECTS) and sleeps.  Whoever makes an object signaled calls
 * wdmdma_dispatch_signal(), which satisfies the waits it can, in order:
 * a WaitAny wait takes this object, a WaitAll wait takes all of its
 * objects at once when every one is signaled for it.  Taking an object
 * consumes what a satisfied wait consumes on Windows: a synchronization
 * event or timer resets, a semaphore's count goes down by one, a mutex
 * becomes the waiter's.  The satisfied wait's blocks are unlinked, its
 * status set and its task woken; the waiter only reads its status.
 *
 * LOCKING
 *
 * wdmdma_dispatcher_lock (irqsave: timers signal from softirq, a driver
 * may set an event from its ISR) guards every dispatcher object's
 * SignalState writes, WaitListHead and wait blocks, a mutex's OwnerThread,
 * and a pending wait's status.  Nothing else is taken under it, except the
 * scheduler's lock in wake_up_process(): the satisfied waiter's frame (its
 * wait blocks and status) is only known to exist while the lock is held,
 * so the wake-up is the one piece of work done under it.  SignalState is
 * written with WRITE_ONCE(), so the KeReadState* calls read it lockless.
 */
#include <linux/hrtimer.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <linux/timekeeping.h>

#include "dispatch.h"

/* 100 ns intervals between 1601-01-01 (Windows system time) and 1970-01-01 */
#define WDMDMA_EPOCH_DELTA	116444736000000000LL

DEFINE_SPINLOCK(wdmdma_dispatcher_lock);

/* A wait in progress: what its KWAIT_BLOCKs' Thread field points to */
struct wdmdma_kwait {
	struct task_struct *task;
	PKTHREAD thread;		/* the owner a mutex it takes gets */
	PKWAIT_BLOCK blocks;
	ULONG count;
	WAIT_TYPE type;
	NTSTATUS status;		/* STATUS_PENDING until satisfied */
};

/**
 * wdmdma_dispatch_lock() - take the dispatcher lock
 *
 * Return: the flags for wdmdma_dispatch_unlock().
 */
unsigned long wdmdma_dispatch_lock(void)
	__acquires(wdmdma_dispatcher_lock)
{
	unsigned long flags;

	spin_lock_irqsave(&wdmdma_dispatcher_lock, flags);
	return flags;
}

/**
 * wdmdma_dispatch_unlock() - release the dispatcher lock
 * @flags: what wdmdma_dispatch_lock() returned
 */
void wdmdma_dispatch_unlock(unsigned long flags)
	__releases(wdmdma_dispatcher_lock)
{
	spin_unlock_irqrestore(&wdmdma_dispatcher_lock, flags);
}

/**
 * wdmdma_dispatch_init() - initialize a dispatcher header
 * @h: the object's header
 * @type: its type
 * @size: the object's size in bytes
 * @state: the initial SignalState
 *
 * The object must not be waited on (an initialization has no waiters).
 */
void wdmdma_dispatch_init(PDISPATCHER_HEADER h, enum wdmdma_object_type type, size_t size,
			  LONG state)
{
	InitializeListHead(&h->WaitListHead);
	WRITE_ONCE(h->SignalState, state);
	WRITE_ONCE(h->Lock, WDMDMA_HEADER_WORD(type, size));
}

/**
 * wdmdma_dispatch_type() - the type of an initialized dispatcher object
 * @h: what should be an object's header
 *
 * Return: its type, or -1 when @h is not an initialized object.
 */
int wdmdma_dispatch_type(PDISPATCHER_HEADER h)
{
	LONG word = READ_ONCE(h->Lock);
	size_t size;

	switch (word & 0xff) {
	case WDMDMA_OBJ_EVENT_NOTIFICATION:
	case WDMDMA_OBJ_EVENT_SYNCHRONIZATION:
		size = sizeof(KEVENT);
		break;
	case WDMDMA_OBJ_MUTANT:
		size = sizeof(KMUTANT);
		break;
	case WDMDMA_OBJ_SEMAPHORE:
		size = sizeof(KSEMAPHORE);
		break;
	case WDMDMA_OBJ_TIMER_NOTIFICATION:
	case WDMDMA_OBJ_TIMER_SYNCHRONIZATION:
		size = sizeof(KTIMER);
		break;
	case WDMDMA_OBJ_THREAD:
		if (!wdmdma_is_thread(h))
			return -1;
		size = wdmdma_thread_object_size();
		break;
	default:
		return -1;
	}
	if (word != WDMDMA_HEADER_WORD(word & 0xff, size))
		return -1;
	return word & 0xff;
}

/* Is @h signaled for a wait of @thread?  A mutex is, to its owner. */
static bool wdmdma_object_ready(PDISPATCHER_HEADER h, PKTHREAD thread)
{
	if (h->SignalState > 0)
		return true;
	return (h->Lock & 0xff) == WDMDMA_OBJ_MUTANT &&
		container_of(h, KMUTANT, Header)->OwnerThread == thread;
}

/* A wait of @thread is satisfied by @h: consume what it consumes. */
static void wdmdma_object_take(PDISPATCHER_HEADER h, PKTHREAD thread)
{
	switch (h->Lock & 0xff) {
	case WDMDMA_OBJ_EVENT_SYNCHRONIZATION:
	case WDMDMA_OBJ_TIMER_SYNCHRONIZATION:
		WRITE_ONCE(h->SignalState, 0);
		break;
	case WDMDMA_OBJ_SEMAPHORE:
		WRITE_ONCE(h->SignalState, h->SignalState - 1);
		break;
	case WDMDMA_OBJ_MUTANT:
		WRITE_ONCE(h->SignalState, h->SignalState - 1);
		container_of(h, KMUTANT, Header)->OwnerThread = thread;
		break;
	default:	/* notification events and timers, threads: stay signaled */
		break;
	}
}

static PDISPATCHER_HEADER wdmdma_block_object(PKWAIT_BLOCK b)
{
	return b->Object;
}

/*
 * Try to satisfy @w now, consuming what it takes.  @key: the block whose
 * object was just signaled (a WaitAny wait takes that one), or -1 to look
 * at the objects in order.
 */
static bool wdmdma_wait_try(struct wdmdma_kwait *w, int key)
{
	ULONG i;

	if (w->type == WaitAny) {
		for (i = 0; i < w->count; i++) {
			PDISPATCHER_HEADER h = wdmdma_block_object(&w->blocks[i]);

			if ((key < 0 || i == key) && wdmdma_object_ready(h, w->thread)) {
				wdmdma_object_take(h, w->thread);
				w->status = STATUS_WAIT_0 + i;
				return true;
			}
		}
		return false;
	}
	for (i = 0; i < w->count; i++)
		if (!wdmdma_object_ready(wdmdma_block_object(&w->blocks[i]), w->thread))
			return false;
	for (i = 0; i < w->count; i++)
		wdmdma_object_take(wdmdma_block_object(&w->blocks[i]), w->thread);
	w->status = STATUS_WAIT_0;
	return true;
}

static void wdmdma_wait_unlink(struct wdmdma_kwait *w)
{
	ULONG i;

	for (i = 0; i < w->count; i++) {
		if (w->blocks[i].BlockState) {
			RemoveEntryList(&w->blocks[i].WaitListEntry);
			w->blocks[i].BlockState = 0;
		}
	}
}

/**
 * wdmdma_dispatch_signal() - satisfy the waits an object's new state allows
 * @h: the object, just made signaled (or a mutex just released)
 *
 * The waits are tried oldest first, again from the oldest after each one
 * satisfied, until none can be: a notification event satisfies all, a
 * synchronization event one, a semaphore as many as its count.
 *
 * Context: wdmdma_dispatcher_lock held.
 */
void wdmdma_dispatch_signal(PDISPATCHER_HEADER h)
{
	PLIST_ENTRY e;

	lockdep_assert_held(&wdmdma_dispatcher_lock);
restart:
	for (e = h->WaitListHead.Flink; e != &h->WaitListHead; e = e->Flink) {
		PKWAIT_BLOCK b = CONTAINING_RECORD(e, KWAIT_BLOCK, WaitListEntry);
		struct wdmdma_kwait *w = (struct wdmdma_kwait *)b->Thread;

		if (!wdmdma_wait_try(w, b->WaitKey))
			continue;
		wdmdma_wait_unlink(w);
		wake_up_process(w->task);
		goto restart;
	}
}

/*
 * Nanoseconds from now to a Windows time @t: negative, that many 100 ns
 * units from now; positive, an absolute system time (100 ns units since
 * 1601); 0, now.  0 for now or a time past (a poll).
 */
static u64 wdmdma_timeout_ns(LONGLONG t)
{
	if (t > 0) {
		/* absolute system time, 100 ns units since 1601 */
		t -= ktime_get_real_ns() / 100 + WDMDMA_EPOCH_DELTA;
		if (t <= 0)
			return 0;
		t = -t;
	}
	if (t < -(S64_MAX / 100))
		return S64_MAX;
	return (u64)(-t) * 100;
}

/**
 * wdmdma_timeout_jiffies() - jiffies from now to a Windows time
 * @t: negative: that many 100 ns units from now; positive: an absolute
 *	system time (100 ns units since 1601); 0: now
 *
 * Return: 0 for now or a time past (a poll), else at least 1.
 */
unsigned long wdmdma_timeout_jiffies(LONGLONG t)
{
	u64 ns = wdmdma_timeout_ns(t);

	if (!ns)
		return 0;
	return clamp_t(unsigned long, nsecs_to_jiffies(ns), 1, MAX_JIFFY_OFFSET);
}

/*
 * Sleep until @w is satisfied or the monotonic clock reaches @deadline
 * (when @timed).  The deadline is a high-resolution timer's: jiffies run
 * fast under emulation (a periodic tick that catches up).
 */
static void wdmdma_wait_sleep(struct wdmdma_kwait *w, bool timed, ktime_t deadline,
			      unsigned long *flags)
	__must_hold(wdmdma_dispatcher_lock)
{
	for (;;) {
		if (w->status != STATUS_PENDING)
			return;
		if (timed && ktime_compare(ktime_get(), deadline) >= 0) {
			wdmdma_wait_unlink(w);
			w->status = STATUS_TIMEOUT;
			return;
		}
		/* TASK_IDLE: a driver thread may wait for ever, unlike a hung task */
		set_current_state(TASK_IDLE);
		spin_unlock_irqrestore(&wdmdma_dispatcher_lock, *flags);
		if (timed)
			schedule_hrtimeout(&deadline, HRTIMER_MODE_ABS);
		else
			schedule();
		spin_lock_irqsave(&wdmdma_dispatcher_lock, *flags);
		__set_current_state(TASK_RUNNING);
	}
}

/*
 * The wait behind KeWaitForSingleObject, KeWaitForMultipleObjects and
 * KeDelayExecutionThread (@count 0: only the timeout ends it).  The
 * objects are valid; @blocks has @count entries.
 */
static NTSTATUS wdmdma_wait(const char *call, ULONG count, PVOID *objects, WAIT_TYPE type,
			    PLARGE_INTEGER timeout, PKWAIT_BLOCK blocks)
{
	struct wdmdma_kwait w = {
		.task = current,
		.thread = wdmdma_current_thread(),
		.blocks = blocks,
		.count = count,
		.type = type,
		.status = STATUS_PENDING,
	};
	bool atomic = wdmdma_atomic_context();
	ktime_t deadline = 0;
	bool poll = false;
	unsigned long flags;
	ULONG i;
	u64 ns;

	if (timeout) {
		ns = wdmdma_timeout_ns(timeout->QuadPart);
		poll = !ns;
		deadline = ktime_add_ns(ktime_get(), min_t(u64, ns, KTIME_MAX / 2));
	}
	if (unlikely(atomic && !(timeout && timeout->QuadPart == 0))) {
		wdmdma_report(NULL, call, "waiting above APC_LEVEL; only the state is tested");
		poll = true;
	}
	for (i = 0; i < count; i++) {
		blocks[i].WaitType = type;
		blocks[i].BlockState = 0;
		blocks[i].WaitKey = i;
		blocks[i].Thread = (struct _KTHREAD *)&w;
		blocks[i].Object = objects[i];
	}

	flags = wdmdma_dispatch_lock();
	if (count && wdmdma_wait_try(&w, -1))
		goto out;
	if (poll) {
		w.status = count ? STATUS_TIMEOUT : STATUS_SUCCESS;
		goto out;
	}
	for (i = 0; i < count; i++) {
		PDISPATCHER_HEADER h = objects[i];

		InsertTailList(&h->WaitListHead, &blocks[i].WaitListEntry);
		blocks[i].BlockState = 1;
	}
	wdmdma_wait_sleep(&w, timeout, deadline, &flags);
	if (!count)
		w.status = STATUS_SUCCESS;	/* a delay: the interval has passed */
out:
	wdmdma_dispatch_unlock(flags);
	return w.status;
}

/* Check one object of a wait; report what is wrong. */
static bool wdmdma_wait_object_ok(PVOID object, const char *call)
{
	if (unlikely(!object)) {
		wdmdma_report(NULL, call, "NULL Object");
		return false;
	}
	if (unlikely(wdmdma_dispatch_type(object) < 0)) {
		wdmdma_report(NULL, call, "%p is not an initialized dispatcher object", object);
		return false;
	}
	return true;
}

/**
 * KeWaitForSingleObject() - wait for a dispatcher object to be signaled
 * @Object: an event, timer, mutex, semaphore or thread object
 * @WaitReason: Executive, or another KWAIT_REASON; ignored
 * @WaitMode: KernelMode or UserMode; ignored
 * @Alertable: ignored: no APC or alert ends a wait
 * @Timeout: NULL to wait for ever; 0 to test the state without waiting;
 *	negative: an interval relative to now, in 100 ns units; positive: an
 *	absolute system time (100 ns units since 1601-01-01 UTC), waited for
 *	as the interval from now to then on the monotonic clock
 *
 * A satisfied wait consumes what Windows' does: a synchronization event or
 * timer is reset, a semaphore's count decremented, a mutex owned (again,
 * recursively, by its owner).  The wait is uninterruptible and timed by a
 * high-resolution timer on the monotonic clock (it never ends early).  Waiting with a nonzero (or
 * NULL) @Timeout above APC_LEVEL is a misuse: it is reported and the state
 * is only tested.
 *
 * Context: at or below APC_LEVEL; DISPATCH_LEVEL with a zero @Timeout.
 * Return: STATUS_SUCCESS when the object was (or became) signaled,
 * STATUS_TIMEOUT when the interval ran out, STATUS_INVALID_PARAMETER for
 * what is not an initialized dispatcher object (reported).
 */
NTSTATUS KeWaitForSingleObject(PVOID Object, KWAIT_REASON WaitReason, KPROCESSOR_MODE WaitMode,
			       BOOLEAN Alertable, PLARGE_INTEGER Timeout)
{
	KWAIT_BLOCK block;

	if (!wdmdma_wait_object_ok(Object, "KeWaitForSingleObject"))
		return STATUS_INVALID_PARAMETER;
	return wdmdma_wait("KeWaitForSingleObject", 1, &Object, WaitAny, Timeout, &block);
}
EXPORT_SYMBOL_GPL(KeWaitForSingleObject);

/**
 * KeWaitForMultipleObjects() - wait for any or all of several objects
 * @Count: how many objects, 1 to MAXIMUM_WAIT_OBJECTS
 * @Object: the objects (as for KeWaitForSingleObject())
 * @WaitType: WaitAny (the first object signaled satisfies the wait) or
 *	WaitAll (all of them, taken at once)
 * @WaitReason: ignored
 * @WaitMode: ignored
 * @Alertable: ignored
 * @Timeout: as for KeWaitForSingleObject()
 * @WaitBlockArray: @Count wait blocks, or NULL for up to
 *	THREAD_WAIT_OBJECTS objects
 *
 * A WaitAny wait takes (consumes, for synchronization objects) only the
 * object that satisfies it, the lowest-numbered one when several are
 * signaled; a WaitAll wait takes every object in one step, and none until
 * all are signaled for it.  An object listed twice in a WaitAll wait is
 * refused.
 *
 * Context: as KeWaitForSingleObject().
 * Return: STATUS_WAIT_0 + the index of the object that satisfied a WaitAny
 * wait, STATUS_WAIT_0 for WaitAll, STATUS_TIMEOUT; STATUS_INVALID_PARAMETER
 * (reported) for a bad count, object, type or missing wait blocks,
 * STATUS_INVALID_PARAMETER_MIX for a duplicate in a WaitAll wait.
 */
NTSTATUS KeWaitForMultipleObjects(ULONG Count, PVOID Object[], WAIT_TYPE WaitType,
				  KWAIT_REASON WaitReason, KPROCESSOR_MODE WaitMode,
				  BOOLEAN Alertable, PLARGE_INTEGER Timeout,
				  PKWAIT_BLOCK WaitBlockArray)
{
	static const char call[] = "KeWaitForMultipleObjects";
	KWAIT_BLOCK own[THREAD_WAIT_OBJECTS];
	ULONG i, j;

	if (unlikely(!Count || Count > MAXIMUM_WAIT_OBJECTS || !Object)) {
		wdmdma_report(NULL, call, Object ? "Count %u out of 1..%u" : "NULL Object array",
			      Count, MAXIMUM_WAIT_OBJECTS);
		return STATUS_INVALID_PARAMETER;
	}
	if (unlikely(WaitType != WaitAny && WaitType != WaitAll)) {
		wdmdma_report(NULL, call, "WaitType %d is neither WaitAny nor WaitAll", WaitType);
		return STATUS_INVALID_PARAMETER;
	}
	if (unlikely(!WaitBlockArray && Count > THREAD_WAIT_OBJECTS)) {
		wdmdma_report(NULL, call, "%u objects need a WaitBlockArray (over %u)",
			      Count, THREAD_WAIT_OBJECTS);
		return STATUS_INVALID_PARAMETER;
	}
	for (i = 0; i < Count; i++) {
		if (!wdmdma_wait_object_ok(Object[i], call))
			return STATUS_INVALID_PARAMETER;
		for (j = 0; WaitType == WaitAll && j < i; j++) {
			if (unlikely(Object[j] == Object[i])) {
				wdmdma_report(NULL, call, "object %p twice in a WaitAll wait",
					      Object[i]);
				return STATUS_INVALID_PARAMETER_MIX;
			}
		}
	}
	return wdmdma_wait(call, Count, Object, WaitType, Timeout,
			   WaitBlockArray ? WaitBlockArray : own);
}
EXPORT_SYMBOL_GPL(KeWaitForMultipleObjects);

/**
 * KeDelayExecutionThread() - sleep for an interval
 * @WaitMode: ignored
 * @Alertable: ignored: nothing ends the delay early
 * @Interval: negative: in 100 ns units from now; positive: until that
 *	absolute system time; 0: give up the processor only
 *
 * Context: at or below APC_LEVEL.
 * Return: STATUS_SUCCESS; STATUS_INVALID_PARAMETER for a NULL @Interval,
 * STATUS_UNSUCCESSFUL above APC_LEVEL (both reported, no delay).
 */
NTSTATUS KeDelayExecutionThread(KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
				PLARGE_INTEGER Interval)
{
	if (unlikely(!Interval)) {
		wdmdma_report(NULL, "KeDelayExecutionThread", "NULL Interval");
		return STATUS_INVALID_PARAMETER;
	}
	if (unlikely(wdmdma_atomic_context())) {
		wdmdma_report(NULL, "KeDelayExecutionThread", "called above APC_LEVEL");
		return STATUS_UNSUCCESSFUL;
	}
	if (Interval->QuadPart == 0) {
		cond_resched();
		return STATUS_SUCCESS;
	}
	return wdmdma_wait("KeDelayExecutionThread", 0, NULL, WaitAny, Interval, NULL);
}
EXPORT_SYMBOL_GPL(KeDelayExecutionThread);
