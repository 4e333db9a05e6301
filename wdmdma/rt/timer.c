// SPDX-License-Identifier: GPL-2.0
/*
 * Timers: KTIMER (KeSetTimer/KeSetTimerEx with an optional DPC, one-shot or
 * periodic) and the device object's one-second I/O timer (IoInitializeTimer,
 * IoStartTimer, IoStopTimer), on Linux timers.  Both fire in softirq
 * context, which is DISPATCH_LEVEL here; a KTIMER's DPC is queued as
 * KeInsertQueueDpc() queues any DPC.
 *
 * LOCKING
 *
 * A KTIMER's fields are written by the driver's calls before the Linux
 * timer is armed and read by its expiry (the timer core orders the two);
 * Header.SignalState changes under the dispatcher lock (dispatch.c), where
 * the expiry satisfies the waits on the timer (a synchronization timer
 * lets one through and is reset by it).  An
 * I/O timer's running flag is read by its expiry, which re-arms only while
 * it is set; IoDeleteDevice() clears it and waits the timer out.
 */
#include <linux/jiffies.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/timer.h>

#include "dispatch.h"

/* The Linux timer a KTIMER holds (opaque to <wdm.h>) */
static struct timer_list *wdmdma_timer(PKTIMER timer)
{
	BUILD_BUG_ON(sizeof(timer->WdmdmaTimer) < sizeof(struct timer_list));
	BUILD_BUG_ON(__alignof__(KTIMER) < __alignof__(struct timer_list));
	return (struct timer_list *)timer->WdmdmaTimer;
}

/* ... and back */
static PKTIMER wdmdma_ktimer(struct timer_list *t)
{
	return (PKTIMER)((char *)t - offsetof(KTIMER, WdmdmaTimer));
}

static void wdmdma_ktimer_expired(struct timer_list *t)
{
	PKTIMER timer = wdmdma_ktimer(t);
	PKDPC dpc = READ_ONCE(timer->Dpc);
	ULONG period = READ_ONCE(timer->Period);
	u64 now = ktime_get_ns() / 100;
	unsigned long flags;

	flags = wdmdma_dispatch_lock();
	WRITE_ONCE(timer->Header.SignalState, 1);
	wdmdma_dispatch_signal(&timer->Header);
	wdmdma_dispatch_unlock(flags);
	if (period)
		mod_timer(wdmdma_timer(timer), jiffies + max(msecs_to_jiffies(period), 1UL));
	if (dpc)
		KeInsertQueueDpc(dpc, (PVOID)(ULONG_PTR)(u32)now,
				 (PVOID)(ULONG_PTR)(u32)(now >> 32));
}

/**
 * KeInitializeTimerEx() - initialize a timer, not set and not signaled
 * @Timer: the timer
 * @Type: NotificationTimer or SynchronizationTimer
 */
void KeInitializeTimerEx(PKTIMER Timer, TIMER_TYPE Type)
{
	if (unlikely(!Timer)) {
		wdmdma_report(NULL, "KeInitializeTimerEx", "NULL Timer");
		return;
	}
	memset(Timer, 0, offsetof(KTIMER, WdmdmaTimer));
	wdmdma_dispatch_init(&Timer->Header, Type == SynchronizationTimer ?
			     WDMDMA_OBJ_TIMER_SYNCHRONIZATION : WDMDMA_OBJ_TIMER_NOTIFICATION,
			     sizeof(*Timer), 0);
	Timer->TimerListEntry.Flink = &Timer->TimerListEntry;
	Timer->TimerListEntry.Blink = &Timer->TimerListEntry;
	timer_setup(wdmdma_timer(Timer), wdmdma_ktimer_expired, 0);
}
EXPORT_SYMBOL_GPL(KeInitializeTimerEx);

/**
 * KeInitializeTimer() - initialize a notification timer
 * @Timer: the timer
 */
void KeInitializeTimer(PKTIMER Timer)
{
	KeInitializeTimerEx(Timer, NotificationTimer);
}
EXPORT_SYMBOL_GPL(KeInitializeTimer);

/**
 * KeSetTimerEx() - set a timer to expire at a time, then every @Period ms
 * @Timer: the timer (KeInitializeTimer)
 * @DueTime: negative: in that many 100 ns units from now; positive: at that
 *	absolute system time (100 ns units since 1601)
 * @Period: 0 for once, else the period in milliseconds
 * @Dpc: queued at each expiry (KeInsertQueueDpc), or NULL
 *
 * The timer is no longer signaled until it expires.  Setting a set timer
 * replaces its due time, period and DPC.
 *
 * Return: TRUE when the timer was already set.
 */
BOOLEAN KeSetTimerEx(PKTIMER Timer, LARGE_INTEGER DueTime, LONG Period, PKDPC Dpc)
{
	unsigned long flags;

	if (unlikely(!Timer || Period < 0 || !wdmdma_timer(Timer)->function)) {
		wdmdma_report(NULL, "KeSetTimerEx", "%s", !Timer ? "NULL Timer" :
			      Period < 0 ? "negative Period" : "timer not initialized");
		return FALSE;
	}
	WRITE_ONCE(Timer->Dpc, Dpc);
	WRITE_ONCE(Timer->Period, (ULONG)Period);
	Timer->DueTime.QuadPart = (ULONGLONG)DueTime.QuadPart;
	flags = wdmdma_dispatch_lock();
	WRITE_ONCE(Timer->Header.SignalState, 0);
	wdmdma_dispatch_unlock(flags);
	return mod_timer(wdmdma_timer(Timer), jiffies + wdmdma_timeout_jiffies(DueTime.QuadPart)) ?
		TRUE : FALSE;
}
EXPORT_SYMBOL_GPL(KeSetTimerEx);

/**
 * KeSetTimer() - set a timer to expire once
 * @Timer: the timer
 * @DueTime: as for KeSetTimerEx()
 * @Dpc: queued when it expires, or NULL
 *
 * Return: TRUE when the timer was already set.
 */
BOOLEAN KeSetTimer(PKTIMER Timer, LARGE_INTEGER DueTime, PKDPC Dpc)
{
	return KeSetTimerEx(Timer, DueTime, 0, Dpc);
}
EXPORT_SYMBOL_GPL(KeSetTimer);

/**
 * KeCancelTimer() - take a set timer out, before it expires
 * @Timer: the timer
 *
 * A periodic timer stops.  A DPC already queued by an expiry still runs
 * (as on Windows: KeRemoveQueueDpc() or KeFlushQueuedDpcs() deal with it).
 *
 * Return: TRUE when the timer was set.
 */
BOOLEAN KeCancelTimer(PKTIMER Timer)
{
	if (unlikely(!Timer || !wdmdma_timer(Timer)->function)) {
		wdmdma_report(NULL, "KeCancelTimer", "%s",
			      Timer ? "timer not initialized" : "NULL Timer");
		return FALSE;
	}
	WRITE_ONCE(Timer->Period, 0);		/* an expiry running now does not re-arm */
	return del_timer(wdmdma_timer(Timer)) ? TRUE : FALSE;
}
EXPORT_SYMBOL_GPL(KeCancelTimer);

/**
 * KeReadStateTimer() - whether a timer has expired since it was set
 * @Timer: the timer
 *
 * Return: TRUE when signaled.
 */
BOOLEAN KeReadStateTimer(PKTIMER Timer)
{
	if (unlikely(!Timer)) {
		wdmdma_report(NULL, "KeReadStateTimer", "NULL Timer");
		return FALSE;
	}
	return READ_ONCE(Timer->Header.SignalState) ? TRUE : FALSE;
}
EXPORT_SYMBOL_GPL(KeReadStateTimer);

/* The device object's I/O timer: what DEVICE_OBJECT.Timer points to */
struct _IO_TIMER {
	struct timer_list timer;
	PDEVICE_OBJECT devobj;
	PIO_TIMER_ROUTINE routine;
	PVOID context;
	bool running;		/* between IoStartTimer and IoStopTimer */
};

static void wdmdma_io_timer_expired(struct timer_list *t)
{
	struct _IO_TIMER *io = from_timer(io, t, timer);

	if (!READ_ONCE(io->running))
		return;
	io->routine(io->devobj, io->context);
	if (READ_ONCE(io->running))
		mod_timer(&io->timer, jiffies + HZ);
}

/**
 * IoInitializeTimer() - give a device object its one-second timer
 * @DeviceObject: the device object
 * @TimerRoutine: called about once a second at DISPATCH_LEVEL, as
 *	TimerRoutine(DeviceObject, Context), between IoStartTimer() and
 *	IoStopTimer()
 * @Context: passed to @TimerRoutine
 *
 * A second call replaces the routine and context.  The timer goes with the
 * device object (IoDeleteDevice).
 *
 * Context: process context.
 * Return: STATUS_SUCCESS, STATUS_INSUFFICIENT_RESOURCES, or
 * STATUS_INVALID_PARAMETER for a NULL argument.
 */
NTSTATUS IoInitializeTimer(PDEVICE_OBJECT DeviceObject, PIO_TIMER_ROUTINE TimerRoutine,
			   PVOID Context)
{
	struct _IO_TIMER *io;

	if (unlikely(!DeviceObject || !TimerRoutine)) {
		wdmdma_report(NULL, "IoInitializeTimer", "NULL %s",
			      DeviceObject ? "TimerRoutine" : "DeviceObject");
		return STATUS_INVALID_PARAMETER;
	}
	io = DeviceObject->Timer;
	if (io) {
		WRITE_ONCE(io->running, false);
		del_timer_sync(&io->timer);
	} else {
		io = kzalloc(sizeof(*io), GFP_KERNEL);
		if (!io)
			return STATUS_INSUFFICIENT_RESOURCES;
		timer_setup(&io->timer, wdmdma_io_timer_expired, 0);
		io->devobj = DeviceObject;
	}
	io->routine = TimerRoutine;
	io->context = Context;
	DeviceObject->Timer = io;
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(IoInitializeTimer);

/* The device object's I/O timer; NULL (reported) when it has none. */
static struct _IO_TIMER *wdmdma_io_timer(PDEVICE_OBJECT devobj, const char *call)
{
	struct _IO_TIMER *io = devobj ? devobj->Timer : NULL;

	if (unlikely(!io))
		wdmdma_report(NULL, call, "%s", devobj ? "IoInitializeTimer was not called" :
			      "NULL DeviceObject");
	return io;
}

/**
 * IoStartTimer() - start calling the device object's timer routine
 * @DeviceObject: the device object (IoInitializeTimer)
 */
void IoStartTimer(PDEVICE_OBJECT DeviceObject)
{
	struct _IO_TIMER *io = wdmdma_io_timer(DeviceObject, "IoStartTimer");

	if (!io)
		return;
	WRITE_ONCE(io->running, true);
	mod_timer(&io->timer, jiffies + HZ);
}
EXPORT_SYMBOL_GPL(IoStartTimer);

/**
 * IoStopTimer() - stop calling the device object's timer routine
 * @DeviceObject: the device object
 *
 * A call already running finishes.
 */
void IoStopTimer(PDEVICE_OBJECT DeviceObject)
{
	struct _IO_TIMER *io = wdmdma_io_timer(DeviceObject, "IoStopTimer");

	if (!io)
		return;
	WRITE_ONCE(io->running, false);
	del_timer(&io->timer);
}
EXPORT_SYMBOL_GPL(IoStopTimer);

/**
 * wdmdma_io_timer_free() - free a device object's I/O timer, waiting out a
 *	call in progress
 * @devobj: the device object being deleted
 *
 * Context: process context.
 */
void wdmdma_io_timer_free(PDEVICE_OBJECT devobj)
{
	struct _IO_TIMER *io = devobj->Timer;

	if (!io)
		return;
	WRITE_ONCE(io->running, false);
	del_timer_sync(&io->timer);
	devobj->Timer = NULL;
	kfree(io);
}
