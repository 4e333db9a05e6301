// SPDX-License-Identifier: GPL-2.0
/*
 * Device queues: KDEVICE_QUEUE and the Ke*DeviceQueue routines, which also
 * keep each device object's StartIo queue (DeviceObject->DeviceQueue) for
 * IoStartPacket() and IoStartNextPacket() in iomgr.c.
 *
 * A device queue is a Busy flag and a list of KDEVICE_QUEUE_ENTRYs.
 * Inserting into a queue that is not busy makes it busy and queues nothing:
 * the caller starts the request itself.  Inserting into a busy queue puts
 * the entry at the tail, or by key after every entry whose SortKey is lower
 * or equal.  Removing from a busy queue takes the head, or by key the first
 * entry whose key is at least the one given (the head when none is); a busy
 * queue found empty becomes not busy and gives NULL.  An entry's Inserted
 * flag tells whether it is on the list, which is what a cancel routine's
 * KeRemoveEntryDeviceQueue() goes by.
 *
 * A queue is initialized once its Size says so: KeInitializeDeviceQueue()
 * sets it last, with release semantics, and every other Ke*DeviceQueue
 * routine checks it (reporting a queue never initialized).  A device
 * object's StartIo queue is initialized on its first use (wdmdma_devq()).
 *
 * LOCKING
 *
 * A KDEVICE_QUEUE's Lock (a spinlock_t, always taken with bottom halves off;
 * innermost) guards the queue: Busy, its entry list, and each entry's
 * Inserted flag and SortKey.  The routines here take it and release it
 * before returning, take no other lock under it and call no driver routine
 * under it, so the documented cancel routine, which calls
 * KeRemoveEntryDeviceQueue() with the cancel spin lock held, nests in
 * iomgr.c's order (the cancel spin lock, then a device queue's Lock).
 * wdmdma_devq_remove() also writes a device object's CurrentIrp under it
 * for iomgr.c's StartIo queue, and iomgr.c guards the device object's
 * Wdmdma.startio state with it (see iomgr.c, LOCKING).
 *
 * wdmdma_devq_init_lock (interrupts off) only makes a device object's lazy
 * queue initialization race-free; nothing is taken under it.
 */
#include "../internal.h"
#include "devqueue.h"

/* KOBJECTS type of a device queue */
#define WDMDMA_DEVICE_QUEUE_OBJECT	0x14

static DEFINE_SPINLOCK(wdmdma_devq_init_lock);

static void wdmdma_list_init(PLIST_ENTRY head)
{
	head->Flink = head;
	head->Blink = head;
}

static bool wdmdma_list_empty(PLIST_ENTRY head)
{
	return head->Flink == head;
}

/* Insert @e before @pos (at the tail when @pos is the head). */
static void wdmdma_list_insert_before(PLIST_ENTRY pos, PLIST_ENTRY e)
{
	e->Flink = pos;
	e->Blink = pos->Blink;
	pos->Blink->Flink = e;
	pos->Blink = e;
}

static void wdmdma_list_del(PLIST_ENTRY e)
{
	e->Blink->Flink = e->Flink;
	e->Flink->Blink = e->Blink;
	e->Flink = e;
	e->Blink = e;
}

/**
 * KeInitializeDeviceQueue() - initialize a device queue, not busy and empty
 * @DeviceQueue: the queue
 *
 * The StartIo queue of a device object is initialized on its first use;
 * a driver calls this only for queues of its own.
 */
void KeInitializeDeviceQueue(PKDEVICE_QUEUE DeviceQueue)
{
	if (unlikely(!DeviceQueue)) {
		wdmdma_report(NULL, "KeInitializeDeviceQueue", "NULL DeviceQueue");
		return;
	}
	spin_lock_init(wdmdma_spin(&DeviceQueue->Lock));
	DeviceQueue->Lock.WdmdmaRaised = FALSE;
	wdmdma_list_init(&DeviceQueue->DeviceListHead);
	DeviceQueue->Busy = FALSE;
	DeviceQueue->Type = WDMDMA_DEVICE_QUEUE_OBJECT;
	/* Size last: wdmdma_devq() then sees an initialized queue */
	smp_store_release(&DeviceQueue->Size, (CSHORT)sizeof(*DeviceQueue));
}
EXPORT_SYMBOL_GPL(KeInitializeDeviceQueue);

/* The device object's StartIo queue, initialized on first use. */
PKDEVICE_QUEUE wdmdma_devq(PDEVICE_OBJECT devobj)
{
	PKDEVICE_QUEUE q = &devobj->DeviceQueue;
	unsigned long flags;

	/* pairs with the release in KeInitializeDeviceQueue() */
	if (likely(smp_load_acquire(&q->Size) == (CSHORT)sizeof(*q)))
		return q;
	spin_lock_irqsave(&wdmdma_devq_init_lock, flags);
	if (q->Size != (CSHORT)sizeof(*q))
		KeInitializeDeviceQueue(q);
	spin_unlock_irqrestore(&wdmdma_devq_init_lock, flags);
	return q;
}

/* Is @q initialized (KeInitializeDeviceQueue)?  Reported when not. */
static bool wdmdma_devq_ready(PKDEVICE_QUEUE q, const char *call)
{
	if (unlikely(!q)) {
		wdmdma_report(NULL, call, "NULL DeviceQueue");
		return false;
	}
	/* pairs with the release in KeInitializeDeviceQueue() */
	if (unlikely(smp_load_acquire(&q->Size) != (CSHORT)sizeof(*q) ||
		     q->Type != WDMDMA_DEVICE_QUEUE_OBJECT)) {
		wdmdma_report(NULL, call, "device queue %p is not initialized", q);
		return false;
	}
	return true;
}

/*
 * Insert @e into @q when it is busy (by @key when @bykey: after every entry
 * whose key is lower or equal); else make @q busy.  Returns whether @e was
 * queued.
 */
bool wdmdma_devq_insert(PKDEVICE_QUEUE q, PKDEVICE_QUEUE_ENTRY e, ULONG key, bool bykey)
{
	PLIST_ENTRY pos;
	bool queued;

	spin_lock_bh(wdmdma_spin(&q->Lock));
	queued = q->Busy;
	if (!queued) {
		q->Busy = TRUE;
		e->Inserted = FALSE;
	} else {
		e->SortKey = key;
		pos = &q->DeviceListHead;
		if (bykey)
			for (pos = q->DeviceListHead.Flink; pos != &q->DeviceListHead;
			     pos = pos->Flink)
				if (container_of(pos, KDEVICE_QUEUE_ENTRY,
						 DeviceListEntry)->SortKey > key)
					break;
		wdmdma_list_insert_before(pos, &e->DeviceListEntry);
		e->Inserted = TRUE;
	}
	spin_unlock_bh(wdmdma_spin(&q->Lock));
	return queued;
}

/*
 * Take the next entry off busy @q: the head, or with @bykey the first whose
 * key is at least @key (the head when none is).  An empty queue becomes not
 * busy and gives NULL.  A queue not busy is the caller's misuse (@call).
 * @cur_irp, when not NULL, is a device object's CurrentIrp: set to the
 * entry's IRP (or NULL) before the queue can go idle, so an IoStartPacket()
 * that finds it idle sets CurrentIrp after this.
 */
PKDEVICE_QUEUE_ENTRY wdmdma_devq_remove(PKDEVICE_QUEUE q, ULONG key, bool bykey,
					const char *call, PIRP *cur_irp)
{
	PKDEVICE_QUEUE_ENTRY e = NULL, cur;
	PLIST_ENTRY pos;

	spin_lock_bh(wdmdma_spin(&q->Lock));
	if (unlikely(!q->Busy)) {
		spin_unlock_bh(wdmdma_spin(&q->Lock));
		wdmdma_report(NULL, call, "device queue %p is not busy", q);
		return NULL;
	}
	if (wdmdma_list_empty(&q->DeviceListHead)) {
		q->Busy = FALSE;
		goto out;
	}
	e = container_of(q->DeviceListHead.Flink, KDEVICE_QUEUE_ENTRY, DeviceListEntry);
	if (bykey)
		for (pos = q->DeviceListHead.Flink; pos != &q->DeviceListHead;
		     pos = pos->Flink) {
			cur = container_of(pos, KDEVICE_QUEUE_ENTRY, DeviceListEntry);
			if (cur->SortKey >= key) {
				e = cur;
				break;
			}
		}
	wdmdma_list_del(&e->DeviceListEntry);
	e->Inserted = FALSE;
out:
	if (cur_irp)
		WRITE_ONCE(*cur_irp, e ? container_of(e, IRP, Tail.Overlay.DeviceQueueEntry) :
			   NULL);
	spin_unlock_bh(wdmdma_spin(&q->Lock));
	return e;
}

/**
 * KeInsertDeviceQueue() - queue an entry on a busy device queue
 * @DeviceQueue: the queue (KeInitializeDeviceQueue)
 * @DeviceQueueEntry: the entry, not queued
 *
 * When the queue is busy the entry goes to its tail; when it is not, the
 * queue becomes busy and the entry is not queued: the caller starts the
 * request itself.
 *
 * Context: DISPATCH_LEVEL; lower is tolerated.
 * Return: TRUE when queued, FALSE when the caller must start the request
 * (or on misuse, reported).
 */
BOOLEAN KeInsertDeviceQueue(PKDEVICE_QUEUE DeviceQueue, PKDEVICE_QUEUE_ENTRY DeviceQueueEntry)
{
	if (unlikely(!wdmdma_devq_ready(DeviceQueue, "KeInsertDeviceQueue")))
		return FALSE;
	if (unlikely(!DeviceQueueEntry)) {
		wdmdma_report(NULL, "KeInsertDeviceQueue", "NULL DeviceQueueEntry");
		return FALSE;
	}
	return wdmdma_devq_insert(DeviceQueue, DeviceQueueEntry, 0, false);
}
EXPORT_SYMBOL_GPL(KeInsertDeviceQueue);

/**
 * KeInsertByKeyDeviceQueue() - queue an entry on a busy device queue by key
 * @DeviceQueue: the queue (KeInitializeDeviceQueue)
 * @DeviceQueueEntry: the entry, not queued
 * @SortKey: stored in the entry; it goes after every entry whose key is
 *	lower or equal
 *
 * As KeInsertDeviceQueue(), sorted.
 *
 * Context: DISPATCH_LEVEL; lower is tolerated.
 * Return: TRUE when queued, FALSE when the caller must start the request
 * (or on misuse, reported).
 */
BOOLEAN KeInsertByKeyDeviceQueue(PKDEVICE_QUEUE DeviceQueue,
				 PKDEVICE_QUEUE_ENTRY DeviceQueueEntry, ULONG SortKey)
{
	if (unlikely(!wdmdma_devq_ready(DeviceQueue, "KeInsertByKeyDeviceQueue")))
		return FALSE;
	if (unlikely(!DeviceQueueEntry)) {
		wdmdma_report(NULL, "KeInsertByKeyDeviceQueue", "NULL DeviceQueueEntry");
		return FALSE;
	}
	return wdmdma_devq_insert(DeviceQueue, DeviceQueueEntry, SortKey, true);
}
EXPORT_SYMBOL_GPL(KeInsertByKeyDeviceQueue);

/**
 * KeRemoveDeviceQueue() - take the head entry off a busy device queue
 * @DeviceQueue: the queue, busy
 *
 * An empty queue becomes not busy.  Calling it on a queue that is not busy
 * is reported.
 *
 * Context: DISPATCH_LEVEL; lower is tolerated.
 * Return: the entry, or NULL when the queue was empty.
 */
PKDEVICE_QUEUE_ENTRY KeRemoveDeviceQueue(PKDEVICE_QUEUE DeviceQueue)
{
	if (unlikely(!wdmdma_devq_ready(DeviceQueue, "KeRemoveDeviceQueue")))
		return NULL;
	return wdmdma_devq_remove(DeviceQueue, 0, false, "KeRemoveDeviceQueue", NULL);
}
EXPORT_SYMBOL_GPL(KeRemoveDeviceQueue);

/**
 * KeRemoveByKeyDeviceQueue() - take an entry, chosen by key, off a busy
 * device queue
 * @DeviceQueue: the queue, busy
 * @SortKey: the first entry whose key is greater or equal is taken; the
 *	head when there is none
 *
 * An empty queue becomes not busy.  Calling it on a queue that is not busy
 * is reported.
 *
 * Context: DISPATCH_LEVEL; lower is tolerated.
 * Return: the entry, or NULL when the queue was empty.
 */
PKDEVICE_QUEUE_ENTRY KeRemoveByKeyDeviceQueue(PKDEVICE_QUEUE DeviceQueue, ULONG SortKey)
{
	if (unlikely(!wdmdma_devq_ready(DeviceQueue, "KeRemoveByKeyDeviceQueue")))
		return NULL;
	return wdmdma_devq_remove(DeviceQueue, SortKey, true, "KeRemoveByKeyDeviceQueue",
				  NULL);
}
EXPORT_SYMBOL_GPL(KeRemoveByKeyDeviceQueue);

/**
 * KeRemoveEntryDeviceQueue() - take a given entry off a device queue
 * @DeviceQueue: the queue
 * @DeviceQueueEntry: the entry
 *
 * What a cancel routine calls for an IRP still queued; the queue's Busy
 * state is left as it is.
 *
 * Context: at or below DISPATCH_LEVEL (the cancel spin lock may be held).
 * Return: TRUE when the entry was queued (and now is not), FALSE when it
 * was not (already being processed, or removed before).
 */
BOOLEAN KeRemoveEntryDeviceQueue(PKDEVICE_QUEUE DeviceQueue,
				 PKDEVICE_QUEUE_ENTRY DeviceQueueEntry)
{
	BOOLEAN queued;

	if (unlikely(!wdmdma_devq_ready(DeviceQueue, "KeRemoveEntryDeviceQueue")))
		return FALSE;
	if (unlikely(!DeviceQueueEntry)) {
		wdmdma_report(NULL, "KeRemoveEntryDeviceQueue", "NULL DeviceQueueEntry");
		return FALSE;
	}
	spin_lock_bh(wdmdma_spin(&DeviceQueue->Lock));
	queued = DeviceQueueEntry->Inserted;
	if (queued) {
		wdmdma_list_del(&DeviceQueueEntry->DeviceListEntry);
		DeviceQueueEntry->Inserted = FALSE;
	}
	spin_unlock_bh(wdmdma_spin(&DeviceQueue->Lock));
	return queued;
}
EXPORT_SYMBOL_GPL(KeRemoveEntryDeviceQueue);
