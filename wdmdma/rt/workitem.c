// SPDX-License-Identifier: GPL-2.0
/*
 * Work items and lookaside lists (<wdm/workitem.h>).
 *
 * An IO_WORKITEM wraps a work_struct on wdmdma's unbound workqueue
 * (wdmdma_work_wq, drained at module exit).
 * IoQueueWorkItem takes a reference on the device object (ObReferenceObject)
 * and the worker drops it once the routine has returned.  Queueing an item
 * that is still queued, or freeing one that is, is reported and refused
 * (Windows stops the machine).
 *
 * ExQueueWorkItem's WORK_QUEUE_ITEM has no room for a work_struct: items
 * wait on one FIFO (linked through their List field) that one work drains,
 * so they run one at a time, in order.
 *
 * LOCKING
 *
 * wdmdma_ex_work_lock (irqsave; innermost) guards wdmdma_ex_work_list.
 * An IO_WORKITEM's queued flag is atomic; its routine and context are set
 * by the one IoQueueWorkItem that won the flag, before queue_work().
 */
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "rt.h"
#include <wdm/workitem.h>

struct _IO_WORKITEM {
	struct work_struct work;
	PVOID io_object;		/* the device (or driver) object */
	PIO_WORKITEM_ROUTINE routine;
	PIO_WORKITEM_ROUTINE_EX routine_ex;
	PVOID context;
	atomic_t queued;
	bool allocated;			/* by IoAllocateWorkItem (IoFreeWorkItem frees) */
};

static struct workqueue_struct *wdmdma_work_wq;
static DEFINE_SPINLOCK(wdmdma_ex_work_lock);
static LIST_ENTRY wdmdma_ex_work_list = { &wdmdma_ex_work_list, &wdmdma_ex_work_list };

static void wdmdma_io_work(struct work_struct *work)
{
	PIO_WORKITEM item = container_of(work, struct _IO_WORKITEM, work);
	PIO_WORKITEM_ROUTINE_EX routine_ex = item->routine_ex;
	PIO_WORKITEM_ROUTINE routine = item->routine;
	PVOID object = item->io_object, context = item->context;

	/* the item may be queued again (or freed) as soon as it is not queued */
	atomic_set(&item->queued, 0);
	if (routine_ex)
		routine_ex(object, context, item);
	else
		routine(object, context);
	ObDereferenceObject(object);
}

/**
 * IoInitializeWorkItem() - prepare driver-allocated work item storage
 * @IoObject: the device (or driver) object the item belongs to
 * @IoWorkItem: IoSizeofWorkItem() bytes of nonpaged memory
 */
void IoInitializeWorkItem(PVOID IoObject, PIO_WORKITEM IoWorkItem)
{
	memset(IoWorkItem, 0, sizeof(*IoWorkItem));
	INIT_WORK(&IoWorkItem->work, wdmdma_io_work);
	IoWorkItem->io_object = IoObject;
}
EXPORT_SYMBOL_GPL(IoInitializeWorkItem);

/**
 * IoUninitializeWorkItem() - end the use of IoInitializeWorkItem() storage
 * @IoWorkItem: the item, not queued
 */
void IoUninitializeWorkItem(PIO_WORKITEM IoWorkItem)
{
	if (atomic_read(&IoWorkItem->queued))
		wdmdma_report(NULL, "IoUninitializeWorkItem", "work item %p still queued",
			      IoWorkItem);
}
EXPORT_SYMBOL_GPL(IoUninitializeWorkItem);

ULONG IoSizeofWorkItem(void)
{
	return sizeof(struct _IO_WORKITEM);
}
EXPORT_SYMBOL_GPL(IoSizeofWorkItem);

/**
 * IoAllocateWorkItem() - allocate a work item for a device object
 * @DeviceObject: the driver's device object
 *
 * Context: at or below DISPATCH_LEVEL.
 * Return: the item (IoFreeWorkItem), or NULL.
 */
PIO_WORKITEM IoAllocateWorkItem(PDEVICE_OBJECT DeviceObject)
{
	PIO_WORKITEM item;

	if (!DeviceObject) {
		wdmdma_report(NULL, "IoAllocateWorkItem", "NULL DeviceObject");
		return NULL;
	}
	item = kmalloc(sizeof(*item), wdmdma_gfp());
	if (!item)
		return NULL;
	IoInitializeWorkItem(DeviceObject, item);
	item->allocated = true;
	return item;
}
EXPORT_SYMBOL_GPL(IoAllocateWorkItem);

/**
 * IoFreeWorkItem() - free a work item that is not queued
 * @IoWorkItem: the item (its routine may be running: it may free its item)
 */
void IoFreeWorkItem(PIO_WORKITEM IoWorkItem)
{
	if (!IoWorkItem || !IoWorkItem->allocated) {
		wdmdma_report(NULL, "IoFreeWorkItem", "%p is not from IoAllocateWorkItem",
			      IoWorkItem);
		return;
	}
	if (atomic_read(&IoWorkItem->queued)) {
		wdmdma_report(NULL, "IoFreeWorkItem", "work item %p still queued: not freed",
			      IoWorkItem);
		return;
	}
	kfree(IoWorkItem);
}
EXPORT_SYMBOL_GPL(IoFreeWorkItem);

static void wdmdma_io_queue(PIO_WORKITEM item, PIO_WORKITEM_ROUTINE routine,
			    PIO_WORKITEM_ROUTINE_EX routine_ex, PVOID context, const char *call)
{
	if (!item || (!routine && !routine_ex)) {
		wdmdma_report(NULL, call, "NULL work item or routine");
		return;
	}
	if (atomic_cmpxchg(&item->queued, 0, 1)) {
		wdmdma_report(NULL, call, "work item %p queued twice", item);
		return;
	}
	item->routine = routine;
	item->routine_ex = routine_ex;
	item->context = context;
	ObReferenceObject(item->io_object);
	queue_work(wdmdma_work_wq, &item->work);
}

/**
 * IoQueueWorkItem() - run a routine at PASSIVE_LEVEL in a worker thread
 * @IoWorkItem: the item, not queued already
 * @WorkerRoutine: called with the item's device object and @Context
 * @QueueType: DelayedWorkQueue, CriticalWorkQueue... (all alike here)
 * @Context: the routine's argument
 *
 * The device object stays referenced until the routine returns.
 * Context: at or below DISPATCH_LEVEL.
 */
void IoQueueWorkItem(PIO_WORKITEM IoWorkItem, PIO_WORKITEM_ROUTINE WorkerRoutine,
		     WORK_QUEUE_TYPE QueueType, PVOID Context)
{
	wdmdma_io_queue(IoWorkItem, WorkerRoutine, NULL, Context, "IoQueueWorkItem");
}
EXPORT_SYMBOL_GPL(IoQueueWorkItem);

void IoQueueWorkItemEx(PIO_WORKITEM IoWorkItem, PIO_WORKITEM_ROUTINE_EX WorkerRoutine,
		       WORK_QUEUE_TYPE QueueType, PVOID Context)
{
	wdmdma_io_queue(IoWorkItem, NULL, WorkerRoutine, Context, "IoQueueWorkItemEx");
}
EXPORT_SYMBOL_GPL(IoQueueWorkItemEx);

static void wdmdma_ex_work(struct work_struct *work)
{
	PWORK_QUEUE_ITEM item;
	unsigned long flags;

	for (;;) {
		spin_lock_irqsave(&wdmdma_ex_work_lock, flags);
		item = NULL;
		if (!IsListEmpty(&wdmdma_ex_work_list)) {
			item = CONTAINING_RECORD(RemoveHeadList(&wdmdma_ex_work_list),
						 WORK_QUEUE_ITEM, List);
			item->List.Flink = NULL;	/* may be queued again */
		}
		spin_unlock_irqrestore(&wdmdma_ex_work_lock, flags);
		if (!item)
			return;
		item->WorkerRoutine(item->Parameter);
	}
}

static DECLARE_WORK(wdmdma_ex_work_drain, wdmdma_ex_work);

/**
 * ExQueueWorkItem() - run a WORK_QUEUE_ITEM's routine in a worker thread
 * @WorkItem: the item (ExInitializeWorkItem), not queued already
 * @QueueType: DelayedWorkQueue, CriticalWorkQueue... (all alike here)
 *
 * Context: at or below DISPATCH_LEVEL.
 */
void ExQueueWorkItem(PWORK_QUEUE_ITEM WorkItem, WORK_QUEUE_TYPE QueueType)
{
	unsigned long flags;

	if (!WorkItem || !WorkItem->WorkerRoutine) {
		wdmdma_report(NULL, "ExQueueWorkItem", "NULL item or routine");
		return;
	}
	spin_lock_irqsave(&wdmdma_ex_work_lock, flags);
	if (WorkItem->List.Flink) {
		spin_unlock_irqrestore(&wdmdma_ex_work_lock, flags);
		wdmdma_report(NULL, "ExQueueWorkItem", "item %p queued twice", WorkItem);
		return;
	}
	InsertTailList(&wdmdma_ex_work_list, &WorkItem->List);
	spin_unlock_irqrestore(&wdmdma_ex_work_lock, flags);
	queue_work(wdmdma_work_wq, &wdmdma_ex_work_drain);
}
EXPORT_SYMBOL_GPL(ExQueueWorkItem);

/* Module init: the work items' workqueue */
int wdmdma_workitem_init(void)
{
	wdmdma_work_wq = alloc_workqueue("wdmdma_work", WQ_UNBOUND, 0);
	return wdmdma_work_wq ? 0 : -ENOMEM;
}

/* Module exit: every queued routine has run (destroy_workqueue drains). */
void wdmdma_workitem_exit(void)
{
	destroy_workqueue(wdmdma_work_wq);
}
