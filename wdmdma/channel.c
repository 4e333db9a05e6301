// SPDX-License-Identifier: GPL-2.0
/*
 * The adapter channel and its queue: AllocateAdapterChannel() and
 * FreeAdapterChannel(), and the FIFO every kind of request waits in.
 *
 * A request gets the channel (exclusive: one driver routine per adapter at
 * a time) and its map registers; its routine then runs at once, before the
 * call returns, or -- when the channel or the registers are taken -- later,
 * in FIFO order, from wdmdma's workqueue as soon as they free up.  The
 * queue knows requests only as struct wdmdma_wait with their ops: what a
 * granted request does (run an AdapterControl routine, build a list) is its
 * own business.  AllocateAdapterChannel's request lives in the device
 * object's wait block (DeviceObject->Queue.Wcb, as on Windows), so queueing
 * allocates nothing.
 *
 * LOCKING
 *
 * Each adapter has one spin lock, a->lock, taken with bottom halves
 * disabled (every entry refuses hard interrupt context).  It guards the
 * channel (owner, owner_alloc, in_routine, routine_cpu, free_on_return),
 * the wait queue, adding chunks of slots, the common-buffer list and the
 * dying flag.  Each allocation of map registers has its own lock, r->lock,
 * for its state and its mapping records, taken inside a->lock when both
 * are held; slot and emergency-pool bitmaps change by atomic word
 * operations (resource.c).  So MapTransfer, FlushAdapterBuffers and, on an
 * adapter without budget, Get/Build/PutScatterGatherList take no
 * adapter-wide lock.  It is never held while a driver routine runs, nor while
 * data is copied or a mapping made: a routine may call back into every
 * entry.  Discarding a mapping the driver left (no copy) is the one DMA API
 * call made under it.  wdmdma_adapters_lock (a mutex) is taken at
 * PASSIVE_LEVEL only, never under a->lock.
 *
 * Bit WDMDMA_WAIT_PENDING of a device object's wait_flags is set atomically
 * when AllocateAdapterChannel accepts a request and cleared when its routine
 * is called (or the request is dropped): it claims the device object's wait
 * block, across adapters, without a lock.  As on Windows, the wait block is
 * consumed when the routine is called, so what the routine tells its driver
 * is true at once: another CPU may make the device object's next request,
 * or FreeAdapterChannel (free_on_return), while the routine is returning.
 *
 * Driver routines run with bottom halves disabled (DISPATCH_LEVEL: the
 * driver's DPCs cannot interleave), with the adapter's in_routine and
 * routine_cpu set: a call on the same adapter from inside it is known, and
 * one on another adapter is not confused with it.
 */
#include <linux/bottom_half.h>

#include "dma.h"

/**
 * wdmdma_channel_inside() - is the caller inside a routine of @a?
 * @a: the adapter
 *
 * A routine runs with bottom halves off, so nothing else runs on its CPU
 * until it returns (hard interrupts are refused by every entry).
 *
 * Return: true when called from @a's running AdapterControl or
 * list-control routine.
 */
bool wdmdma_channel_inside(struct wdmdma_adapter *a)
{
	return READ_ONCE(a->in_routine) &&
	       READ_ONCE(a->routine_cpu) == raw_smp_processor_id();
}

/**
 * wdmdma_channel_grant() - give the channel and map registers if both are free
 * @a: the adapter; lock held
 * @w: the request
 *
 * Return: true when granted: the request's device object owns the channel
 * (in_routine set) and owner_alloc holds its registers.
 */
bool wdmdma_channel_grant(struct wdmdma_adapter *a, struct wdmdma_wait *w)
{
	struct wdmdma_alloc *r = NULL;

	lockdep_assert_held(&a->lock);
	if (a->owner || a->dying)
		return false;
	if (w->nregs) {
		r = wdmdma_alloc_get(a, w->nregs);
		if (!r)
			return false;
	}
	a->owner = w->devobj;
	a->owner_alloc = r;
	a->in_routine = true;
	return true;
}

/**
 * wdmdma_channel_enqueue() - a request waits, last in the FIFO
 * @a: the adapter; lock held
 * @w: the request, in storage that lives until its routine runs
 */
void wdmdma_channel_enqueue(struct wdmdma_adapter *a, struct wdmdma_wait *w)
{
	lockdep_assert_held(&a->lock);
	list_add_tail(&w->node, &a->waiters);
	wdmdma_stat_queued(a, w);
	/*
	 * Registers are freed without this lock (wdmdma_res_freed()): one
	 * freed after the grant failed but before this add saw no waiter, so
	 * the worker looks again.
	 */
	smp_mb();
	wdmdma_channel_kick(a);
}

/**
 * wdmdma_channel_routine_begin() - the granted routine is about to run here
 * @a: the adapter (bottom halves disabled)
 */
void wdmdma_channel_routine_begin(struct wdmdma_adapter *a)
{
	WRITE_ONCE(a->routine_cpu, smp_processor_id());
}

/* The channel is free again; registers are not touched.  Lock held. */
static void __wdmdma_channel_free(struct wdmdma_adapter *a)
{
	lockdep_assert_held(&a->lock);
	a->owner = NULL;
	a->owner_alloc = NULL;
	WRITE_ONCE(a->in_routine, false);
	WRITE_ONCE(a->routine_cpu, -1);
	a->free_on_return = false;
}

/**
 * wdmdma_channel_release() - the channel is free again, next request please
 * @a: the adapter; lock held
 *
 * Whoever held the registers keeps them.
 */
void wdmdma_channel_release(struct wdmdma_adapter *a)
{
	__wdmdma_channel_free(a);
	if (!list_empty(&a->waiters))
		wdmdma_channel_kick(a);
}

/**
 * wdmdma_channel_defer() - a granted request could not run yet
 * @a: the adapter; lock held
 * @w: the request, in storage that lives until it runs; NULL when it
 *	failed for good
 *
 * Its registers and the channel are given back and it goes to the head of
 * the queue, retried a jiffy later: a request is never dropped.
 */
void wdmdma_channel_defer(struct wdmdma_adapter *a, struct wdmdma_wait *w)
{
	lockdep_assert_held(&a->lock);
	if (a->owner_alloc)
		wdmdma_alloc_put(a, a->owner_alloc, "a deferred request");
	__wdmdma_channel_free(a);
	if (w && a->dying) {
		w->ops->drop(a, w, "PutDmaAdapter");
	} else if (w) {
		list_add(&w->node, &a->waiters);
		wdmdma_stat_queued(a, w);
		mod_delayed_work(wdmdma_wq, &a->retry_work, 1);
	} else if (!list_empty(&a->waiters)) {
		wdmdma_channel_kick(a);
	}
}

/**
 * wdmdma_channel_kick() - let the workqueue serve waiting requests
 * @a: the adapter whose channel or registers were released
 */
void wdmdma_channel_kick(struct wdmdma_adapter *a)
{
	queue_work(wdmdma_wq, &a->work);
}

/**
 * wdmdma_channel_retry_work() - a request that could not be mapped tries again
 * @work: the adapter's retry_work
 */
void wdmdma_channel_retry_work(struct work_struct *work)
{
	wdmdma_channel_kick(container_of(to_delayed_work(work), struct wdmdma_adapter,
					 retry_work));
}

/**
 * wdmdma_channel_work() - run waiting requests, oldest first, while the
 * channel and their registers are free
 * @work: the adapter's work item
 *
 * A work item never runs concurrently with itself, so requests start in
 * the order they were queued.  A request that cannot be mapped yet goes
 * back to the head of the queue and is retried a jiffy later: none is
 * dropped.
 */
void wdmdma_channel_work(struct work_struct *work)
{
	struct wdmdma_adapter *a = container_of(work, struct wdmdma_adapter, work);
	struct wdmdma_wait *w;
	bool granted;

	for (;;) {
		spin_lock_bh(&a->lock);
		w = list_first_entry_or_null(&a->waiters, struct wdmdma_wait, node);
		granted = w && wdmdma_channel_grant(a, w);
		if (granted) {
			list_del_init(&w->node);
			wdmdma_stat_unqueued(a, w, true);
		}
		spin_unlock_bh(&a->lock);
		if (!granted)
			return;
		if (w->ops->run(a, w) == -EAGAIN) {
			spin_lock_bh(&a->lock);
			wdmdma_channel_defer(a, w);
			spin_unlock_bh(&a->lock);
			return;
		}
		cond_resched();
	}
}

/**
 * wdmdma_channel_returned() - a granted AdapterControl routine returned
 * @a: the adapter (bottom halves disabled, lock not held)
 * @action: what it returned
 *
 * KeepObject keeps channel and registers (until FreeAdapterChannel),
 * DeallocateObject releases both, DeallocateObjectKeepRegisters releases
 * the channel and leaves the registers to FreeMapRegisters.
 */
void wdmdma_channel_returned(struct wdmdma_adapter *a, IO_ALLOCATION_ACTION action)
{
	spin_lock(&a->lock);
	WRITE_ONCE(a->in_routine, false);
	WRITE_ONCE(a->routine_cpu, -1);
	if (a->free_on_return && action != KeepObject)
		wdmdma_report_chk(a, "FreeAdapterChannel", WDMDMA_CHK_CHANNEL_FREED_TWICE,
				  "freed, but the routine did not keep it");
	switch (action) {
	case KeepObject:
		if (!a->free_on_return)
			break;
		fallthrough;
	case DeallocateObject:
		if (a->owner_alloc)
			wdmdma_alloc_put(a, a->owner_alloc, "AdapterControl (DeallocateObject)");
		wdmdma_channel_release(a);
		break;
	default:
		wdmdma_report(a, "AdapterControl",
			      "returned %d, not an IO_ALLOCATION_ACTION; taken as DeallocateObjectKeepRegisters",
			      action);
		fallthrough;
	case DeallocateObjectKeepRegisters:
		wdmdma_channel_release(a);
		break;
	}
	a->free_on_return = false;
	spin_unlock(&a->lock);
}

/*
 * Run the AdapterControl routine of the device object whose request was
 * just granted; the wait block is consumed first.
 */
static int wdmdma_channel_run(struct wdmdma_adapter *a, struct wdmdma_wait *w)
{
	PDEVICE_OBJECT devobj = w->devobj;
	WAIT_CONTEXT_BLOCK *wcb = &devobj->Queue.Wcb;
	PDRIVER_CONTROL routine = wcb->DeviceRoutine;
	PVOID context = wcb->DeviceContext;
	PIRP irp = wcb->CurrentIrp;
	IO_ALLOCATION_ACTION action;

	local_bh_disable();
	wdmdma_channel_routine_begin(a);
	WRITE_ONCE(wdmdma_devobj(devobj)->wait_adapter, NULL);
	clear_bit_unlock(WDMDMA_WAIT_PENDING, &wdmdma_devobj(devobj)->wait_flags);
	trace_wdmdma_routine_start(a->id, routine, false);
	action = routine(devobj, irp, a->owner_alloc, context);
	trace_wdmdma_routine_end(a->id, routine, action);
	wdmdma_channel_returned(a, action);
	local_bh_enable();
	return 0;
}

/* PutDmaAdapter or IoDeleteDevice drops a waiting request.  Lock held. */
static void wdmdma_channel_drop(struct wdmdma_adapter *a, struct wdmdma_wait *w,
				const char *call)
{
	PDEVICE_OBJECT devobj = w->devobj;

	WRITE_ONCE(wdmdma_devobj(devobj)->wait_adapter, NULL);
	clear_bit(WDMDMA_WAIT_PENDING, &wdmdma_devobj(devobj)->wait_flags);
	wdmdma_report(a, call, "request of device object %p dropped, routine not run", devobj);
}

static const struct wdmdma_wait_ops wdmdma_channel_ops = {
	.run = wdmdma_channel_run,
	.drop = wdmdma_channel_drop,
};

/*
 * The checks AllocateAdapterChannel makes before it touches the device
 * object's wait block.
 */
static NTSTATUS wdmdma_channel_check(struct wdmdma_adapter *a, PDEVICE_OBJECT devobj,
				     ULONG nregs, PDRIVER_CONTROL routine)
{
	static const char call[] = "AllocateAdapterChannel";

	if (!devobj || !routine) {
		wdmdma_report(a, call, "NULL %s", devobj ? "ExecutionRoutine" : "DeviceObject");
		return STATUS_INVALID_PARAMETER;
	}
	if (nregs > a->nregs) {
		wdmdma_report_chk(a, call, WDMDMA_CHK_TOO_MANY_REGS,
				  "asks for %u map registers; IoGetDmaAdapter allows %u",
				  nregs, a->nregs);
		return STATUS_INSUFFICIENT_RESOURCES;
	}
	if (!wdmdma_irql_ok(a, call))
		return STATUS_INVALID_DEVICE_STATE;
	if (wdmdma_channel_inside(a)) {
		wdmdma_report_chk(a, call, WDMDMA_CHK_TWO_CHANNELS,
				  "called from inside this adapter's own routine");
		return STATUS_INVALID_DEVICE_STATE;
	}
	return STATUS_SUCCESS;
}

/* AllocateAdapterChannel on a live adapter. */
static NTSTATUS wdmdma_channel_request(struct wdmdma_adapter *a, PDEVICE_OBJECT devobj,
				       ULONG nregs, PDRIVER_CONTROL routine, PVOID context)
{
	static const char call[] = "AllocateAdapterChannel";
	struct wdmdma_wait *w = &wdmdma_devobj(devobj)->wait;
	WAIT_CONTEXT_BLOCK *wcb;
	NTSTATUS status;
	bool now;

	status = wdmdma_channel_check(a, devobj, nregs, routine);
	if (status != STATUS_SUCCESS)
		return status;
	if (test_and_set_bit(WDMDMA_WAIT_PENDING, &wdmdma_devobj(devobj)->wait_flags)) {
		wdmdma_report_chk(a, call, WDMDMA_CHK_TWO_CHANNELS,
				  "device object %p already has a request pending", devobj);
		return STATUS_DEVICE_BUSY;
	}
	wcb = &devobj->Queue.Wcb;
	wcb->DeviceRoutine = routine;
	wcb->DeviceContext = context;
	wcb->NumberOfMapRegisters = nregs;
	wcb->DeviceObject = devobj;
	wcb->CurrentIrp = devobj->CurrentIrp;
	w->ops = &wdmdma_channel_ops;
	w->devobj = devobj;
	w->nregs = nregs;
	w->xfer = NULL;

	spin_lock_bh(&a->lock);
	if ((a->owner == devobj && !a->in_routine) || a->dying) {
		spin_unlock_bh(&a->lock);
		clear_bit(WDMDMA_WAIT_PENDING, &wdmdma_devobj(devobj)->wait_flags);
		wdmdma_report_chk(a, call,
				  a->dying ? WDMDMA_CHK_AFTER_RELEASE : WDMDMA_CHK_TWO_CHANNELS,
				  "%s", a->dying ? "adapter is being released" :
				  "device object still holds the channel (KeepObject without FreeAdapterChannel)");
		return a->dying ? STATUS_INVALID_DEVICE_STATE : STATUS_DEVICE_BUSY;
	}
	now = list_empty(&a->waiters) && wdmdma_channel_grant(a, w);
	if (!now) {
		wdmdma_channel_enqueue(a, w);
		WRITE_ONCE(wdmdma_devobj(devobj)->wait_adapter, a);
	}
	spin_unlock_bh(&a->lock);
	trace_wdmdma_channel_request(a->id, devobj, nregs, false, !now);

	if (now)
		wdmdma_channel_run(a, w);
	return STATUS_SUCCESS;
}

/**
 * wdmdma_allocate_adapter_channel() - PDMA_OPERATIONS->AllocateAdapterChannel
 * @da: the adapter
 * @devobj: the device object the transfer is for
 * @nregs: map registers the transfer needs
 * @routine: the driver's AdapterControl routine
 * @context: passed to @routine
 *
 * Return: STATUS_SUCCESS when @routine has run or will run;
 * STATUS_INSUFFICIENT_RESOURCES when @nregs exceeds what IoGetDmaAdapter
 * allowed; for a misuse (reported), STATUS_DEVICE_BUSY when a request for
 * @devobj is already pending or @devobj still holds the channel, and
 * STATUS_INVALID_DEVICE_STATE or STATUS_INVALID_PARAMETER otherwise.  In
 * every failure @routine is never called.
 */
NTSTATUS wdmdma_allocate_adapter_channel(PDMA_ADAPTER da, PDEVICE_OBJECT devobj,
					 ULONG nregs, PDRIVER_CONTROL routine,
					 PVOID context)
{
	KIRQL irql = KeGetCurrentIrql();
	struct wdmdma_adapter *a;
	NTSTATUS status = STATUS_INVALID_PARAMETER;

	rcu_read_lock();
	a = wdmdma_adapter_find(da, "AllocateAdapterChannel");
	wdmdma_verify_irql(a, "AllocateAdapterChannel", irql, DISPATCH_LEVEL);
	if (a)
		status = wdmdma_channel_request(a, devobj, nregs, routine, context);
	rcu_read_unlock();
	return status;
}

/**
 * wdmdma_channel_free() - release the channel a routine kept
 * @a: the adapter
 * @keep_regs: leave the registers to FreeMapRegisters
 *	(FreeAdapterObject's DeallocateObjectKeepRegisters)
 * @call: the entry, for reports
 */
void wdmdma_channel_free(struct wdmdma_adapter *a, bool keep_regs, const char *call)
{
	bool inside = wdmdma_channel_inside(a);
	bool regs;

	/* a system transfer still running stops before its registers go */
	wdmdma_sysdma_channel_freed(a, call);
	spin_lock_bh(&a->lock);
	if (a->owner && a->in_routine && !inside && !a->free_on_return && !keep_regs) {
		/*
		 * The routine told the driver it ran and is returning on
		 * another CPU: release when it returns KeepObject.
		 */
		a->free_on_return = true;
		spin_unlock_bh(&a->lock);
		return;
	}
	if (!a->owner || a->in_routine) {
		spin_unlock_bh(&a->lock);
		if (inside)
			wdmdma_report(a, call,
				      "called inside the AdapterControl routine (return DeallocateObject)");
		else
			wdmdma_report_chk(a, call, WDMDMA_CHK_CHANNEL_FREED_TWICE,
					  "no channel is held (freed twice, or the routine did not return KeepObject)");
		return;
	}
	regs = a->owner_alloc && !keep_regs;
	if (regs)
		wdmdma_alloc_put(a, a->owner_alloc, call);
	wdmdma_channel_release(a);
	spin_unlock_bh(&a->lock);
	trace_wdmdma_free_adapter_channel(a->id, regs);
}

/**
 * wdmdma_free_adapter_channel() - PDMA_OPERATIONS->FreeAdapterChannel
 * @da: the adapter
 *
 * Releases the channel an AdapterControl routine kept (KeepObject) and the
 * map registers allocated with it, and starts the next waiting request.
 */
void wdmdma_free_adapter_channel(PDMA_ADAPTER da)
{
	struct wdmdma_adapter *a;

	rcu_read_lock();
	a = wdmdma_adapter_find(da, "FreeAdapterChannel");
	if (a && wdmdma_irql_ok(a, "FreeAdapterChannel"))
		wdmdma_channel_free(a, false, "FreeAdapterChannel");
	rcu_read_unlock();
}

/**
 * wdmdma_channel_teardown() - PutDmaAdapter's first part: the adapter is
 * dying, waiting requests are dropped (reported), nothing more is granted
 * @a: the adapter, already unhashed
 */
void wdmdma_channel_teardown(struct wdmdma_adapter *a)
{
	struct wdmdma_wait *w, *next;

	spin_lock_bh(&a->lock);
	a->dying = true;
	list_for_each_entry_safe(w, next, &a->waiters, node) {
		list_del_init(&w->node);
		wdmdma_stat_unqueued(a, w, false);
		w->ops->drop(a, w, "PutDmaAdapter");
	}
	spin_unlock_bh(&a->lock);
}

/**
 * wdmdma_channel_reclaim() - PutDmaAdapter's part after the grace period:
 * take back a channel a driver still holds (KeepObject, never freed)
 * @a: the adapter, with no routine running
 */
void wdmdma_channel_reclaim(struct wdmdma_adapter *a)
{
	spin_lock_bh(&a->lock);
	if (a->owner) {
		wdmdma_report_chk(a, "PutDmaAdapter", WDMDMA_CHK_LEAK_CHANNEL,
				  "adapter channel still held by device object %p (MapRegisterBase %p); released",
				  a->owner, a->owner_alloc);
		if (a->owner_alloc)
			wdmdma_alloc_put(a, a->owner_alloc, "PutDmaAdapter");
		__wdmdma_channel_free(a);
	}
	spin_unlock_bh(&a->lock);
}

/**
 * wdmdma_channel_forget() - a device object goes away: drop its request
 * @devobj: the device object
 *
 * The adapter it waits on cannot be freed meanwhile: PutDmaAdapter clears
 * wait_adapter under the adapter's lock and frees the adapter only after a
 * grace period.
 *
 * Context: process context.
 */
void wdmdma_channel_forget(PDEVICE_OBJECT devobj)
{
	struct wdmdma_adapter *a;

	rcu_read_lock();
	a = READ_ONCE(wdmdma_devobj(devobj)->wait_adapter);
	if (a) {
		spin_lock_bh(&a->lock);
		if (wdmdma_devobj(devobj)->wait_adapter == a &&
		    !list_empty(&wdmdma_devobj(devobj)->wait.node)) {
			list_del_init(&wdmdma_devobj(devobj)->wait.node);
			wdmdma_stat_unqueued(a, &wdmdma_devobj(devobj)->wait, false);
			wdmdma_channel_drop(a, &wdmdma_devobj(devobj)->wait, "IoDeleteDevice");
		}
		spin_unlock_bh(&a->lock);
	}
	rcu_read_unlock();
}
