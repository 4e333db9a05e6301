// SPDX-License-Identifier: GPL-2.0
/*
 * Event objects: KeInitializeEvent(), KeSetEvent() and the rest, and
 * KeWaitForSingleObject() on them.
 *
 * A KEVENT keeps its WDK size.  Header.SignalState is the state (0 or 1),
 * changed only with atomic operations: KeSetEvent() exchanges in 1 and
 * wakes the waiters of the state's address (wake_up_var()); a waiter sleeps
 * in wait_var_event() until it sees 1, and a synchronization event's waiter
 * must also win the exchange of 1 for 0, so exactly one waiter leaves per
 * KeSetEvent() while the others sleep on.  Header.Lock holds the object
 * type (its low byte) and size (third byte), as the first word of a
 * Windows dispatcher header does; WaitListHead is not used.  No lock.
 */
#include <linux/atomic.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/sched.h>
#include <linux/timekeeping.h>
#include <linux/wait_bit.h>

#include "../internal.h"

/* Header.Lock: type byte, and the object's size in ULONGs in byte 2 */
#define WDMDMA_EVENT_SIZE	(sizeof(KEVENT) / sizeof(ULONG))
#define WDMDMA_EVENT_WORD(type)	((LONG)((type) | (WDMDMA_EVENT_SIZE << 16)))

/* 100 ns intervals between 1601-01-01 (Windows system time) and 1970-01-01 */
#define WDMDMA_EPOCH_DELTA	116444736000000000LL

static atomic_t *wdmdma_event_state(PRKEVENT ev)
{
	BUILD_BUG_ON(sizeof(atomic_t) != sizeof(ev->Header.SignalState));
	return (atomic_t *)&ev->Header.SignalState;
}

static bool wdmdma_event_ok(PRKEVENT ev, const char *call)
{
	LONG word;

	if (unlikely(!ev)) {
		wdmdma_report(NULL, call, "NULL Event");
		return false;
	}
	word = READ_ONCE(ev->Header.Lock);
	if (unlikely(word != WDMDMA_EVENT_WORD(NotificationEvent) &&
		     word != WDMDMA_EVENT_WORD(SynchronizationEvent))) {
		wdmdma_report(NULL, call, "%p is not an initialized event", ev);
		return false;
	}
	return true;
}

static bool wdmdma_event_sync(PRKEVENT ev)
{
	return READ_ONCE(ev->Header.Lock) == WDMDMA_EVENT_WORD(SynchronizationEvent);
}

/**
 * KeInitializeEvent() - initialize an event object
 * @Event: the event, in nonpaged storage the driver provides
 * @Type: NotificationEvent (stays signalled until reset) or
 *	SynchronizationEvent (a satisfied wait resets it)
 * @State: its initial state: TRUE for signalled
 */
void KeInitializeEvent(PRKEVENT Event, EVENT_TYPE Type, BOOLEAN State)
{
	if (unlikely(!Event)) {
		wdmdma_report(NULL, "KeInitializeEvent", "NULL Event");
		return;
	}
	if (unlikely(Type != NotificationEvent && Type != SynchronizationEvent)) {
		wdmdma_report(NULL, "KeInitializeEvent", "bad event type %d", Type);
		Type = NotificationEvent;
	}
	Event->Header.WaitListHead.Flink = &Event->Header.WaitListHead;
	Event->Header.WaitListHead.Blink = &Event->Header.WaitListHead;
	atomic_set(wdmdma_event_state(Event), State ? 1 : 0);
	WRITE_ONCE(Event->Header.Lock, WDMDMA_EVENT_WORD(Type));
}
EXPORT_SYMBOL_GPL(KeInitializeEvent);

/**
 * KeSetEvent() - signal an event, waking its waiters
 * @Event: the event
 * @Increment: priority boost for the woken; ignored
 * @Wait: TRUE when a KeWaitXxx call follows at once; no meaning here
 *
 * A notification event wakes every waiter and stays signalled; a
 * synchronization event lets one waiter through and is reset by it.
 *
 * Context: at or below DISPATCH_LEVEL (any context works).
 * Return: the previous state: nonzero when it was signalled already.
 */
LONG KeSetEvent(PRKEVENT Event, LONG Increment, BOOLEAN Wait)
{
	LONG old;

	if (!wdmdma_event_ok(Event, "KeSetEvent"))
		return 0;
	/* fully ordered: the state is visible before wake_up_var() looks */
	old = atomic_xchg(wdmdma_event_state(Event), 1);
	wake_up_var(&Event->Header.SignalState);
	return old;
}
EXPORT_SYMBOL_GPL(KeSetEvent);

/**
 * KeResetEvent() - set an event to not signalled
 * @Event: the event
 *
 * Return: the previous state.
 */
LONG KeResetEvent(PRKEVENT Event)
{
	if (!wdmdma_event_ok(Event, "KeResetEvent"))
		return 0;
	return atomic_xchg(wdmdma_event_state(Event), 0);
}
EXPORT_SYMBOL_GPL(KeResetEvent);

/**
 * KeClearEvent() - set an event to not signalled
 * @Event: the event
 */
void KeClearEvent(PRKEVENT Event)
{
	if (!wdmdma_event_ok(Event, "KeClearEvent"))
		return;
	atomic_set(wdmdma_event_state(Event), 0);
}
EXPORT_SYMBOL_GPL(KeClearEvent);

/**
 * KeReadStateEvent() - the current state of an event
 * @Event: the event
 *
 * Return: nonzero when signalled.
 */
LONG KeReadStateEvent(PRKEVENT Event)
{
	if (!wdmdma_event_ok(Event, "KeReadStateEvent"))
		return 0;
	return atomic_read(wdmdma_event_state(Event));
}
EXPORT_SYMBOL_GPL(KeReadStateEvent);

/* Does the event let this waiter through (consuming a synchronization event)? */
static bool wdmdma_event_take(PRKEVENT ev, bool sync)
{
	atomic_t *state = wdmdma_event_state(ev);

	if (sync)
		return atomic_cmpxchg(state, 1, 0) == 1;
	return atomic_read(state) != 0;
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
	u64 ns;

	if (t > 0) {
		/* absolute system time, 100 ns units since 1601 */
		t -= ktime_get_real_ns() / 100 + WDMDMA_EPOCH_DELTA;
		if (t <= 0)
			return 0;
		t = -t;
	}
	if (t == 0)
		return 0;
	if (t < -(S64_MAX / 100))
		return MAX_JIFFY_OFFSET;
	ns = (u64)(-t) * 100;
	return clamp_t(unsigned long, nsecs_to_jiffies(ns), 1, MAX_JIFFY_OFFSET);
}

/**
 * KeWaitForSingleObject() - wait for an event to be signalled
 * @Object: the event (KEVENT); other dispatcher objects are not supported
 * @WaitReason: Executive, or another KWAIT_REASON; ignored
 * @WaitMode: KernelMode or UserMode; ignored (the wait is never alertable)
 * @Alertable: ignored
 * @Timeout: NULL to wait for ever; 0 to test the state without waiting;
 *	negative: an interval relative to now, in 100 ns units; positive: an
 *	absolute system time (100 ns units since 1601-01-01 UTC), waited for
 *	as the interval from now to then on the monotonic clock
 *
 * A satisfied wait on a synchronization event resets the event.  The wait
 * is uninterruptible and has a jiffy's granularity.  Waiting with a
 * nonzero (or NULL) @Timeout above APC_LEVEL is a misuse: it is reported
 * and the state is only tested.
 *
 * Context: at or below APC_LEVEL; DISPATCH_LEVEL with a zero @Timeout.
 * Return: STATUS_SUCCESS when the event was (or became) signalled,
 * STATUS_TIMEOUT when the interval ran out, STATUS_INVALID_PARAMETER for
 * an object that is not an initialized event.
 */
NTSTATUS KeWaitForSingleObject(PVOID Object, KWAIT_REASON WaitReason, KPROCESSOR_MODE WaitMode,
			       BOOLEAN Alertable, PLARGE_INTEGER Timeout)
{
	PRKEVENT ev = Object;
	unsigned long left;
	bool sync;

	if (!wdmdma_event_ok(ev, "KeWaitForSingleObject"))
		return STATUS_INVALID_PARAMETER;
	sync = wdmdma_event_sync(ev);
	if (wdmdma_event_take(ev, sync))
		return STATUS_SUCCESS;
	if (Timeout && Timeout->QuadPart == 0)
		return STATUS_TIMEOUT;
	if (unlikely(wdmdma_atomic_context())) {
		wdmdma_report(NULL, "KeWaitForSingleObject",
			      "waiting above APC_LEVEL; only the state was tested");
		return STATUS_TIMEOUT;
	}
	if (!Timeout) {
		wait_var_event(&ev->Header.SignalState, wdmdma_event_take(ev, sync));
		return STATUS_SUCCESS;
	}
	left = wdmdma_timeout_jiffies(Timeout->QuadPart);
	if (!left)
		return wdmdma_event_take(ev, sync) ? STATUS_SUCCESS : STATUS_TIMEOUT;
	left = wait_var_event_timeout(&ev->Header.SignalState, wdmdma_event_take(ev, sync),
				      left);
	return left ? STATUS_SUCCESS : STATUS_TIMEOUT;
}
EXPORT_SYMBOL_GPL(KeWaitForSingleObject);
