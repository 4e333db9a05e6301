// SPDX-License-Identifier: GPL-2.0
/*
 * The adapter channel: AllocateAdapterChannel() and FreeAdapterChannel().
 *
 * A request gets the channel (exclusive: one AdapterControl routine per
 * adapter at a time) and its map registers; its routine then runs at once,
 * before AllocateAdapterChannel returns, or -- when the channel or the
 * registers are taken -- later, in FIFO order, from wdmdma's workqueue as
 * soon as they free up.  The routine's IO_ALLOCATION_ACTION says what it
 * keeps.  The request's state lives in the device object's own wait block
 * (DeviceObject->Queue.Wcb, as on Windows), so queueing allocates nothing.
 *
 * LOCKING
 *
 * Each adapter has one spin lock, a->lock, taken with interrupts saved.  It
 * guards the channel (owner, owner_regs, in_routine), the wait queue
 * (waiters: device objects' channel requests and scatter/gather requests,
 * in one FIFO), the owner's scatter/gather lists,
 * the map-register bitmaps and records, the live/busy/flushing state of the
 * mapping records, the common-buffer list and the dying flag.  It is never
 * held while a driver routine runs, nor while data is copied or a new
 * mapping made: a routine may call back into every entry.  The dma-mapping
 * core's own locks are the only ones taken inside it (unmapping what a
 * misbehaving driver left mapped).  wdmdma_adapters_lock (a mutex, in
 * adapter.c) is taken at PASSIVE_LEVEL only, never under a->lock.
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
 * driver's DPCs cannot interleave) and with this CPU's wdmdma_in_routine
 * count raised, which is how a call made from inside a routine is known.
 */
#include <linux/bottom_half.h>
#include <linux/percpu.h>

#include "internal.h"

static DEFINE_PER_CPU(unsigned int, wdmdma_in_routine);

/**
 * wdmdma_channel_grant() - give the channel and map registers if both are free
 * @a: the adapter; lock held
 * @devobj: the device object the request is for
 * @count: map registers it needs
 *
 * Return: true when granted: @devobj owns the channel (in_routine set) and
 * owner_regs holds the registers.
 */
bool wdmdma_channel_grant(struct wdmdma_adapter *a, PDEVICE_OBJECT devobj, u32 count)
{
	struct wdmdma_regs *r = NULL;

	lockdep_assert_held(&a->lock);
	if (a->owner || a->dying)
		return false;
	if (count) {
		r = wdmdma_regs_alloc(a, count);
		if (!r)
			return false;
	}
	a->owner = devobj;
	a->owner_regs = r;
	a->in_routine = true;
	return true;
}

/**
 * wdmdma_channel_release() - the channel is free again (registers are not
 * touched: whoever held them keeps them)
 * @a: the adapter; lock held
 *
 * Return: true when requests wait (kick the worker once unlocked).
 */
bool wdmdma_channel_release(struct wdmdma_adapter *a)
{
	lockdep_assert_held(&a->lock);
	a->owner = NULL;
	a->owner_regs = NULL;
	return !list_empty(&a->waiters);
}

/*
 * Run the AdapterControl routine of @devobj, which was just granted the
 * channel, and do what the IO_ALLOCATION_ACTION it returns says:
 * KeepObject keeps channel and registers (until FreeAdapterChannel),
 * DeallocateObject releases both, DeallocateObjectKeepRegisters releases
 * the channel and leaves the registers to FreeMapRegisters.
 *
 * Return: true when the channel was released and requests wait for it.
 */
static bool wdmdma_channel_run(struct wdmdma_adapter *a, PDEVICE_OBJECT devobj)
{
	WAIT_CONTEXT_BLOCK *wcb = &devobj->Queue.Wcb;
	PDRIVER_CONTROL routine = wcb->DeviceRoutine;
	PVOID context = wcb->DeviceContext;
	PIRP irp = wcb->CurrentIrp;
	IO_ALLOCATION_ACTION action;
	unsigned long flags;
	bool kick;

	local_bh_disable();
	this_cpu_inc(wdmdma_in_routine);
	clear_bit_unlock(WDMDMA_WAIT_PENDING, &devobj->Wdmdma.wait_flags);
	action = routine(devobj, irp, a->owner_regs, context);

	spin_lock_irqsave(&a->lock, flags);
	a->in_routine = false;
	if (a->free_on_return && action != KeepObject)
		wdmdma_report(a, "FreeAdapterChannel", "freed, but the routine did not keep it");
	kick = false;
	switch (action) {
	case KeepObject:
		if (!a->free_on_return)
			break;
		fallthrough;
	case DeallocateObject:
		if (a->owner_regs)
			wdmdma_regs_release(a, a->owner_regs, "AdapterControl (DeallocateObject)");
		kick = wdmdma_channel_release(a);
		break;
	default:
		wdmdma_report(a, "AdapterControl",
			      "returned %d, not an IO_ALLOCATION_ACTION; taken as DeallocateObjectKeepRegisters",
			      action);
		fallthrough;
	case DeallocateObjectKeepRegisters:
		kick = wdmdma_channel_release(a);
		break;
	}
	a->free_on_return = false;
	spin_unlock_irqrestore(&a->lock, flags);

	this_cpu_dec(wdmdma_in_routine);
	local_bh_enable();
	return kick;
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
 * wdmdma_channel_work() - run waiting requests, oldest first, while the
 * channel and their registers are free
 * @work: the adapter's work item
 *
 * A work item never runs concurrently with itself, so requests start in
 * the order they were queued.
 */
void wdmdma_channel_work(struct work_struct *work)
{
	struct wdmdma_adapter *a = container_of(work, struct wdmdma_adapter, work);
	PDEVICE_OBJECT devobj;
	struct wdmdma_wait *w;
	bool granted;

	for (;;) {
		spin_lock_irq(&a->lock);
		w = list_first_entry_or_null(&a->waiters, struct wdmdma_wait, node);
		granted = false;
		if (w && w->sgl) {
			granted = wdmdma_sgl_grant(a, w->sgl);
		} else if (w) {
			devobj = container_of(w, DEVICE_OBJECT, Wdmdma.wait);
			granted = wdmdma_channel_grant(a, devobj,
						       devobj->Queue.Wcb.NumberOfMapRegisters);
			if (granted)
				devobj->Wdmdma.wait_adapter = NULL;
		}
		if (granted)
			list_del_init(&w->node);
		spin_unlock_irq(&a->lock);
		if (!granted)
			return;
		if (w->sgl)
			wdmdma_sgl_run_deferred(a, w->sgl);
		else
			wdmdma_channel_run(a, devobj);
		cond_resched();
	}
}

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
		wdmdma_report(a, call, "asks for %u map registers; IoGetDmaAdapter allows %u",
			      nregs, a->nregs);
		return STATUS_INSUFFICIENT_RESOURCES;
	}
	if (!wdmdma_irql_ok(a, call))
		return STATUS_INVALID_DEVICE_STATE;
	if (raw_cpu_read(wdmdma_in_routine)) {
		wdmdma_report(a, call, "called from inside an AdapterControl routine");
		return STATUS_INVALID_DEVICE_STATE;
	}
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
	static const char call[] = "AllocateAdapterChannel";
	struct wdmdma_adapter *a = wdmdma_adapter_get(da, call);
	WAIT_CONTEXT_BLOCK *wcb;
	unsigned long flags;
	NTSTATUS status;
	bool now;

	if (!a)
		return STATUS_INVALID_PARAMETER;
	status = wdmdma_channel_check(a, devobj, nregs, routine);
	if (status != STATUS_SUCCESS)
		return status;
	if (test_and_set_bit(WDMDMA_WAIT_PENDING, &devobj->Wdmdma.wait_flags)) {
		wdmdma_report(a, call, "device object %p already has a request pending",
			      devobj);
		return STATUS_DEVICE_BUSY;
	}
	wcb = &devobj->Queue.Wcb;
	wcb->DeviceRoutine = routine;
	wcb->DeviceContext = context;
	wcb->NumberOfMapRegisters = nregs;
	wcb->DeviceObject = devobj;
	wcb->CurrentIrp = devobj->CurrentIrp;

	spin_lock_irqsave(&a->lock, flags);
	if ((a->owner == devobj && !a->in_routine) || a->dying) {
		spin_unlock_irqrestore(&a->lock, flags);
		clear_bit(WDMDMA_WAIT_PENDING, &devobj->Wdmdma.wait_flags);
		wdmdma_report(a, call, "%s", a->dying ? "adapter is being released" :
			      "device object still holds the channel (KeepObject without FreeAdapterChannel)");
		return a->dying ? STATUS_INVALID_DEVICE_STATE : STATUS_DEVICE_BUSY;
	}
	now = list_empty(&a->waiters) && wdmdma_channel_grant(a, devobj, nregs);
	if (!now) {
		devobj->Wdmdma.wait.sgl = NULL;
		list_add_tail(&devobj->Wdmdma.wait.node, &a->waiters);
		devobj->Wdmdma.wait_adapter = a;
	}
	spin_unlock_irqrestore(&a->lock, flags);

	if (now && wdmdma_channel_run(a, devobj))
		wdmdma_channel_kick(a);
	return STATUS_SUCCESS;
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
	static const char call[] = "FreeAdapterChannel";
	struct wdmdma_adapter *a = wdmdma_adapter_get(da, call);
	unsigned long flags;
	bool kick;

	if (!a || !wdmdma_irql_ok(a, call))
		return;
	spin_lock_irqsave(&a->lock, flags);
	if (a->owner && a->in_routine && !raw_cpu_read(wdmdma_in_routine) &&
	    !a->free_on_return) {
		/*
		 * The routine told the driver it ran and is returning on
		 * another CPU: release when it returns KeepObject.
		 */
		a->free_on_return = true;
		spin_unlock_irqrestore(&a->lock, flags);
		return;
	}
	if (!a->owner || a->in_routine) {
		spin_unlock_irqrestore(&a->lock, flags);
		wdmdma_report(a, call, "%s", a->in_routine ?
			      "called inside the AdapterControl routine (return DeallocateObject)" :
			      "no channel is held (freed twice, or the routine did not return KeepObject)");
		return;
	}
	if (a->owner_regs)
		wdmdma_regs_release(a, a->owner_regs, call);
	kick = wdmdma_channel_release(a);
	spin_unlock_irqrestore(&a->lock, flags);
	if (kick)
		wdmdma_channel_kick(a);
}

/* Drop a waiting request, its routine never run.  Lock held. */
static void wdmdma_channel_drop(struct wdmdma_adapter *a, struct wdmdma_wait *w,
				const char *call)
{
	struct wdmdma_devobj *d = container_of(w, struct wdmdma_devobj, wait);

	lockdep_assert_held(&a->lock);
	list_del_init(&w->node);
	if (w->sgl) {
		wdmdma_sgl_drop(a, w->sgl, call);
		return;
	}
	d->wait_adapter = NULL;
	clear_bit(WDMDMA_WAIT_PENDING, &d->wait_flags);
	wdmdma_report(a, call, "request of device object %p dropped, routine not run",
		      container_of(d, DEVICE_OBJECT, Wdmdma));
}

/**
 * wdmdma_channel_teardown() - PutDmaAdapter's part: drop waiting requests,
 * take back a channel still held, and wait for a deferred routine to end
 * @a: the adapter
 *
 * Context: process context.
 */
void wdmdma_channel_teardown(struct wdmdma_adapter *a)
{
	struct wdmdma_wait *w, *next;

	spin_lock_irq(&a->lock);
	a->dying = true;
	list_for_each_entry_safe(w, next, &a->waiters, node)
		wdmdma_channel_drop(a, w, "PutDmaAdapter");
	spin_unlock_irq(&a->lock);

	cancel_work_sync(&a->work);

	spin_lock_irq(&a->lock);
	if (a->owner && !a->in_routine) {
		wdmdma_report(a, "PutDmaAdapter", "adapter channel still held; released");
		if (a->owner_regs)
			wdmdma_regs_release(a, a->owner_regs, "PutDmaAdapter");
		a->owner = NULL;
		a->owner_regs = NULL;
	}
	spin_unlock_irq(&a->lock);
}

/**
 * wdmdma_channel_forget() - a device object goes away: drop its request
 * @devobj: the device object
 *
 * Context: process context.
 */
void wdmdma_channel_forget(PDEVICE_OBJECT devobj)
{
	struct wdmdma_adapter *a = READ_ONCE(devobj->Wdmdma.wait_adapter);

	if (!a)
		return;
	spin_lock_irq(&a->lock);
	if (devobj->Wdmdma.wait_adapter == a)
		wdmdma_channel_drop(a, &devobj->Wdmdma.wait, "IoDeleteDevice");
	spin_unlock_irq(&a->lock);
}
