// SPDX-License-Identifier: GPL-2.0
/*
 * Event objects: KeInitializeEvent(), KeSetEvent() and the rest.  Waits
 * on them are the dispatcher's (dispatch.c).
 *
 * A KEVENT keeps its WDK size.  Header.SignalState is the state (0 or 1),
 * Header.Lock the object type (EventNotificationObject or
 * EventSynchronizationObject) and size, as on Windows.  LOCKING: the state
 * changes under the dispatcher lock, where KeSetEvent() satisfies the
 * waits it can (a synchronization event lets one through and is reset by
 * it); KeReadStateEvent() reads it lockless.
 */
#include "dispatch.h"

static bool wdmdma_event_ok(PRKEVENT ev, const char *call)
{
	int type;

	if (unlikely(!ev)) {
		wdmdma_report(NULL, call, "NULL Event");
		return false;
	}
	type = wdmdma_dispatch_type(&ev->Header);
	if (unlikely(type != WDMDMA_OBJ_EVENT_NOTIFICATION &&
		     type != WDMDMA_OBJ_EVENT_SYNCHRONIZATION)) {
		wdmdma_report(NULL, call, "%p is not an initialized event", ev);
		return false;
	}
	return true;
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
	wdmdma_dispatch_init(&Event->Header, Type == SynchronizationEvent ?
			     WDMDMA_OBJ_EVENT_SYNCHRONIZATION : WDMDMA_OBJ_EVENT_NOTIFICATION,
			     sizeof(*Event), State ? 1 : 0);
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
	unsigned long flags;
	LONG old;

	if (!wdmdma_event_ok(Event, "KeSetEvent"))
		return 0;
	flags = wdmdma_dispatch_lock();
	old = Event->Header.SignalState;
	WRITE_ONCE(Event->Header.SignalState, 1);
	wdmdma_dispatch_signal(&Event->Header);
	wdmdma_dispatch_unlock(flags);
	return old;
}
EXPORT_SYMBOL_GPL(KeSetEvent);

static LONG wdmdma_event_reset(PRKEVENT ev, const char *call)
{
	unsigned long flags;
	LONG old;

	if (!wdmdma_event_ok(ev, call))
		return 0;
	flags = wdmdma_dispatch_lock();
	old = ev->Header.SignalState;
	WRITE_ONCE(ev->Header.SignalState, 0);
	wdmdma_dispatch_unlock(flags);
	return old;
}

/**
 * KeResetEvent() - set an event to not signalled
 * @Event: the event
 *
 * Return: the previous state.
 */
LONG KeResetEvent(PRKEVENT Event)
{
	return wdmdma_event_reset(Event, "KeResetEvent");
}
EXPORT_SYMBOL_GPL(KeResetEvent);

/**
 * KeClearEvent() - set an event to not signalled
 * @Event: the event
 */
void KeClearEvent(PRKEVENT Event)
{
	wdmdma_event_reset(Event, "KeClearEvent");
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
	return READ_ONCE(Event->Header.SignalState);
}
EXPORT_SYMBOL_GPL(KeReadStateEvent);
