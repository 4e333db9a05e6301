// SPDX-License-Identifier: GPL-2.0
/*
 * DMA transfer contexts and the version 3 entries on the adapter channel:
 * InitializeDmaTransferContext(), AllocateAdapterChannelEx(),
 * CancelAdapterChannel() and FreeAdapterObject().
 *
 * A transfer context is DMA_TRANSFER_CONTEXT_SIZE_V1 bytes of the driver's
 * memory.  wdmdma keeps its struct wdmdma_xfer there, so nothing is
 * allocated: a magic (an uninitialized context is refused), the adapter it
 * was initialized for, a state (one request per initialization: a context
 * used again without InitializeDmaTransferContext is refused), and
 * AllocateAdapterChannelEx's request while it waits.
 *
 * AllocateAdapterChannelEx is AllocateAdapterChannel with its request in
 * the transfer context instead of the device object's wait block: the same
 * FIFO, grant and IO_ALLOCATION_ACTION handling (channel.c).  With
 * DMA_SYNCHRONOUS_CALLBACK it never queues: the routine runs before the
 * call returns, or the call fails with STATUS_INSUFFICIENT_RESOURCES.
 * Without a routine (allowed only then) the caller holds channel and
 * registers as if a routine had returned KeepObject, and FreeAdapterObject
 * says what to release.
 *
 * CancelAdapterChannel looks for the request made with the context
 * (AllocateAdapterChannelEx's, or a Get/BuildScatterGatherListEx list
 * request) on the adapter's queue, under the adapter lock, which is also
 * the lock under which the worker takes a request off the queue to grant
 * it: the request is either still queued and removed before its routine
 * could run (TRUE), or already granted (FALSE).
 *
 * Locking: see channel.c.
 */
#include <linux/bottom_half.h>

#include "dma.h"

static_assert(sizeof(struct wdmdma_xfer) <= DMA_TRANSFER_CONTEXT_SIZE_V1);

/* The transfer context @ctx, if it is an initialized one of @a's; else reported. */
static struct wdmdma_xfer *wdmdma_xfer_check(struct wdmdma_adapter *a, PVOID ctx,
					     const char *call)
{
	struct wdmdma_xfer *x = ctx;

	if (!x) {
		wdmdma_report(a, call, "NULL DmaTransferContext");
		return NULL;
	}
	if (!IS_ALIGNED((unsigned long)x, sizeof(long)) ||
	    READ_ONCE(x->magic) != WDMDMA_XFER_MAGIC) {
		wdmdma_report(a, call,
			      "DmaTransferContext %p is not initialized (InitializeDmaTransferContext)",
			      x);
		return NULL;
	}
	if (READ_ONCE(x->adapter) != a) {
		wdmdma_report(a, call, "DmaTransferContext %p was initialized for another adapter",
			      x);
		return NULL;
	}
	return x;
}

/**
 * wdmdma_xfer_claim() - a request is made with a transfer context
 * @a: the adapter
 * @ctx: the driver's DmaTransferContext
 * @call: the entry, for reports
 *
 * Return: the context, now used; NULL (reported) when it is not an
 * initialized context of @a's, or was used since it was initialized.
 */
struct wdmdma_xfer *wdmdma_xfer_claim(struct wdmdma_adapter *a, PVOID ctx, const char *call)
{
	struct wdmdma_xfer *x = wdmdma_xfer_check(a, ctx, call);

	if (x && cmpxchg(&x->state, WDMDMA_XFER_READY, WDMDMA_XFER_USED) != WDMDMA_XFER_READY) {
		wdmdma_report(a, call,
			      "DmaTransferContext %p reused: initialize it for each request", x);
		return NULL;
	}
	return x;
}

/**
 * wdmdma_xfer_valid() - is @ctx an initialized transfer context of @a's?
 * @a: the adapter
 * @ctx: the driver's DmaTransferContext
 * @call: the entry, for reports
 *
 * Return: true; false (reported) otherwise.
 */
bool wdmdma_xfer_valid(struct wdmdma_adapter *a, PVOID ctx, const char *call)
{
	return wdmdma_xfer_check(a, ctx, call);
}

/**
 * wdmdma_xfer_unclaim() - the request failed: the context was not used
 * @x: a context wdmdma_xfer_claim() returned
 */
void wdmdma_xfer_unclaim(struct wdmdma_xfer *x)
{
	WRITE_ONCE(x->state, WDMDMA_XFER_READY);
}

/* Is @x's own request on @a's queue?  Lock held. */
static bool wdmdma_xfer_queued(struct wdmdma_adapter *a, struct wdmdma_xfer *x)
{
	lockdep_assert_held(&a->lock);
	return x->magic == WDMDMA_XFER_MAGIC && x->adapter == a && x->wait.xfer == x &&
	       !list_empty(&x->wait.node);
}

/* PDMA_OPERATIONS->InitializeDmaTransferContext on a live adapter. */
static NTSTATUS wdmdma_xfer_init(struct wdmdma_adapter *a, PVOID ctx)
{
	static const char call[] = "InitializeDmaTransferContext";
	struct wdmdma_xfer *x = ctx;
	bool queued = false;

	if (!x || !IS_ALIGNED((unsigned long)x, sizeof(long))) {
		wdmdma_report(a, call, "DmaTransferContext %p is NULL or misaligned", x);
		return STATUS_INVALID_PARAMETER;
	}
	/* A context whose request still waits is on the queue: leave it be. */
	spin_lock_bh(&a->lock);
	queued = wdmdma_xfer_queued(a, x);
	if (!queued) {
		memset(ctx, 0, DMA_TRANSFER_CONTEXT_SIZE_V1);
		x->state = WDMDMA_XFER_READY;
		x->adapter = a;
		INIT_LIST_HEAD(&x->wait.node);
		WRITE_ONCE(x->magic, WDMDMA_XFER_MAGIC);
	}
	spin_unlock_bh(&a->lock);
	if (queued) {
		wdmdma_report_chk(a, call, WDMDMA_CHK_TWO_CHANNELS,
				  "DmaTransferContext %p still has a request waiting", x);
		return STATUS_DEVICE_BUSY;
	}
	return STATUS_SUCCESS;
}

static NTSTATUS wdmdma_init_transfer_context(PDMA_ADAPTER da, PVOID ctx)
{
	NTSTATUS status = STATUS_INVALID_PARAMETER;
	struct wdmdma_adapter *a;

	rcu_read_lock();
	a = wdmdma_adapter_find(da, "InitializeDmaTransferContext");
	if (a)
		status = wdmdma_xfer_init(a, ctx);
	rcu_read_unlock();
	return status;
}

/*
 * The channel and registers are granted to a context's request: run its
 * routine (none: the caller keeps both) and do what it returns.
 */
static int wdmdma_xfer_run(struct wdmdma_adapter *a, struct wdmdma_wait *w)
{
	struct wdmdma_xfer *x = container_of(w, struct wdmdma_xfer, wait);
	PDRIVER_CONTROL routine = x->routine;
	PDEVICE_OBJECT devobj = w->devobj;
	PVOID context = x->context;
	PIRP irp = x->irp;
	IO_ALLOCATION_ACTION action = KeepObject;

	/* From here on the context is the driver's again (it may reuse it). */
	local_bh_disable();
	wdmdma_channel_routine_begin(a);
	if (routine) {
		trace_wdmdma_routine_start(a->id, routine, false);
		action = routine(devobj, irp, a->owner_alloc, context);
		trace_wdmdma_routine_end(a->id, routine, action);
	}
	wdmdma_channel_returned(a, action);
	local_bh_enable();
	return 0;
}

/* PutDmaAdapter dropped, or CancelAdapterChannel removed (@call NULL), a request. */
static void wdmdma_xfer_drop(struct wdmdma_adapter *a, struct wdmdma_wait *w, const char *call)
{
	if (call)
		wdmdma_report(a, call, "request of transfer context %p dropped, routine not run",
			      w->xfer);
}

static const struct wdmdma_wait_ops wdmdma_xfer_wait_ops = {
	.run = wdmdma_xfer_run,
	.drop = wdmdma_xfer_drop,
};

/* AllocateAdapterChannelEx's checks of everything but the context. */
static NTSTATUS wdmdma_xfer_check_args(struct wdmdma_adapter *a, PDEVICE_OBJECT devobj,
				       ULONG nregs, ULONG flags, PDRIVER_CONTROL routine)
{
	static const char call[] = "AllocateAdapterChannelEx";

	if (!devobj) {
		wdmdma_report(a, call, "NULL DeviceObject");
		return STATUS_INVALID_PARAMETER;
	}
	if (flags & ~DMA_SYNCHRONOUS_CALLBACK) {
		wdmdma_report(a, call, "unknown Flags %#x", flags);
		return STATUS_INVALID_PARAMETER;
	}
	if (!routine && !(flags & DMA_SYNCHRONOUS_CALLBACK)) {
		wdmdma_report(a, call, "NULL ExecutionRoutine without DMA_SYNCHRONOUS_CALLBACK");
		return STATUS_INVALID_PARAMETER;
	}
	if (nregs > a->nregs) {
		wdmdma_report_chk(a, call, WDMDMA_CHK_TOO_MANY_REGS,
				  "asks for %u map registers; IoGetDmaAdapter allows %u",
				  nregs, a->nregs);
		return STATUS_INSUFFICIENT_RESOURCES;
	}
	return wdmdma_irql_ok(a, call) ? STATUS_SUCCESS : STATUS_INVALID_DEVICE_STATE;
}

/* AllocateAdapterChannelEx on a live adapter. */
static NTSTATUS wdmdma_xfer_request(struct wdmdma_adapter *a, PDEVICE_OBJECT devobj,
				    PVOID ctx, ULONG nregs, ULONG flags,
				    PDRIVER_CONTROL routine, PVOID context, PVOID *base)
{
	static const char call[] = "AllocateAdapterChannelEx";
	bool sync = flags & DMA_SYNCHRONOUS_CALLBACK, now, dying;
	struct wdmdma_xfer *x;
	NTSTATUS status;
	PVOID regs;

	status = wdmdma_xfer_check_args(a, devobj, nregs, flags, routine);
	if (status != STATUS_SUCCESS)
		return status;
	x = wdmdma_xfer_claim(a, ctx, call);
	if (!x)
		return STATUS_INVALID_PARAMETER;
	x->routine = routine;
	x->context = context;
	x->irp = devobj->CurrentIrp;
	x->wait.ops = &wdmdma_xfer_wait_ops;
	x->wait.devobj = devobj;
	x->wait.nregs = nregs;
	x->wait.xfer = x;

	spin_lock_bh(&a->lock);
	dying = a->dying;
	now = !dying && list_empty(&a->waiters) && wdmdma_channel_grant(a, &x->wait);
	if (!now && !sync && !dying)
		wdmdma_channel_enqueue(a, &x->wait);
	regs = now ? a->owner_alloc : NULL;
	spin_unlock_bh(&a->lock);
	if (!dying && (now || !sync))
		trace_wdmdma_channel_request(a->id, devobj, nregs, false, !now);

	if (dying || (sync && !now)) {
		wdmdma_xfer_unclaim(x);
		if (dying)
			wdmdma_report_chk(a, call, WDMDMA_CHK_AFTER_RELEASE,
					  "adapter is being released");
		return dying ? STATUS_INVALID_DEVICE_STATE : STATUS_INSUFFICIENT_RESOURCES;
	}
	if (now) {
		if (base)
			*base = regs;
		wdmdma_xfer_run(a, &x->wait);
	}
	return STATUS_SUCCESS;
}

/**
 * wdmdma_alloc_channel_ex() - PDMA_OPERATIONS->AllocateAdapterChannelEx
 * @da: the adapter
 * @devobj: the device object the transfer is for
 * @ctx: an initialized DMA transfer context, unique to this request
 * @nregs: map registers the transfer needs
 * @flags: 0 or DMA_SYNCHRONOUS_CALLBACK
 * @routine: the AdapterControl routine; optional with DMA_SYNCHRONOUS_CALLBACK
 * @context: passed to @routine
 * @base: optional: receives the MapRegisterBase when the request is granted
 *	before the call returns (always with DMA_SYNCHRONOUS_CALLBACK); NULL
 *	when it waits
 *
 * Return: STATUS_SUCCESS when @routine ran or will run (or, without one,
 * the channel and registers are the caller's until FreeAdapterObject);
 * STATUS_INSUFFICIENT_RESOURCES when @nregs exceeds what IoGetDmaAdapter
 * allowed, or with DMA_SYNCHRONOUS_CALLBACK when the channel or registers
 * are not free now (nothing queued); STATUS_INVALID_PARAMETER or
 * STATUS_INVALID_DEVICE_STATE for a misuse (reported).
 */
static NTSTATUS wdmdma_alloc_channel_ex(PDMA_ADAPTER da, PDEVICE_OBJECT devobj, PVOID ctx,
					ULONG nregs, ULONG flags, PDRIVER_CONTROL routine,
					PVOID context, PVOID *base)
{
	NTSTATUS status = STATUS_INVALID_PARAMETER;
	KIRQL irql = KeGetCurrentIrql();
	struct wdmdma_adapter *a;

	if (base)
		*base = NULL;
	rcu_read_lock();
	a = wdmdma_adapter_find(da, "AllocateAdapterChannelEx");
	if (!(flags & DMA_SYNCHRONOUS_CALLBACK))	/* else it may wait: <= DISPATCH_LEVEL */
		wdmdma_verify_irql(a, "AllocateAdapterChannelEx", irql, DISPATCH_LEVEL);
	if (a)
		status = wdmdma_xfer_request(a, devobj, ctx, nregs, flags, routine, context, base);
	rcu_read_unlock();
	return status;
}

/* CancelAdapterChannel on a live adapter. */
static bool wdmdma_xfer_cancel(struct wdmdma_adapter *a, PDEVICE_OBJECT devobj, PVOID ctx)
{
	static const char call[] = "CancelAdapterChannel";
	struct wdmdma_wait *w, *found = NULL;

	if (!wdmdma_irql_ok(a, call) || !wdmdma_xfer_check(a, ctx, call))
		return false;
	spin_lock_bh(&a->lock);
	list_for_each_entry(w, &a->waiters, node) {
		if (w->xfer == ctx) {
			found = w;
			break;
		}
	}
	if (found) {
		if (found->devobj != devobj)
			wdmdma_report(a, call, "request was made for device object %p, not %p",
				      found->devobj, devobj);
		list_del_init(&found->node);
		wdmdma_stat_unqueued(a, found, false);
		found->ops->drop(a, found, NULL);
		/* The next request may fit where the cancelled one did not. */
		if (!list_empty(&a->waiters))
			wdmdma_channel_kick(a);
	}
	spin_unlock_bh(&a->lock);
	return found;
}

/**
 * wdmdma_cancel_channel() - PDMA_OPERATIONS->CancelAdapterChannel
 * @da: the adapter
 * @devobj: the device object the request was made for
 * @ctx: the transfer context it was made with
 *
 * Return: TRUE when the request was still waiting: it is gone, its routine
 * never runs and nothing is allocated for it; FALSE when its routine has
 * run or is running (or there was no such request).
 */
static BOOLEAN wdmdma_cancel_channel(PDMA_ADAPTER da, PDEVICE_OBJECT devobj, PVOID ctx)
{
	struct wdmdma_adapter *a;
	bool cancelled = false;

	rcu_read_lock();
	a = wdmdma_adapter_find(da, "CancelAdapterChannel");
	if (a)
		cancelled = wdmdma_xfer_cancel(a, devobj, ctx);
	rcu_read_unlock();
	return cancelled;
}

/**
 * wdmdma_free_adapter_object() - PDMA_OPERATIONS->FreeAdapterObject
 * @da: the adapter
 * @action: DeallocateObject releases the channel and its map registers;
 *	DeallocateObjectKeepRegisters releases the channel only (the
 *	registers go with FreeMapRegisters)
 *
 * What an AdapterControl routine's return says, for the holder of a
 * channel that no routine released: AllocateAdapterChannelEx without a
 * routine, or a routine that returned KeepObject.
 */
static void wdmdma_free_adapter_object(PDMA_ADAPTER da, IO_ALLOCATION_ACTION action)
{
	static const char call[] = "FreeAdapterObject";
	struct wdmdma_adapter *a;

	rcu_read_lock();
	a = wdmdma_adapter_find(da, call);
	if (a && wdmdma_irql_ok(a, call)) {
		if (action == DeallocateObject || action == DeallocateObjectKeepRegisters)
			wdmdma_channel_free(a, action == DeallocateObjectKeepRegisters, call);
		else
			wdmdma_report(a, call, "AllocationAction %d releases nothing", action);
	}
	rcu_read_unlock();
}

/**
 * wdmdma_context_ops() - put the transfer-context entries in a table
 * @ops: the table being built
 */
void wdmdma_context_ops(DMA_OPERATIONS *ops)
{
	ops->InitializeDmaTransferContext = wdmdma_init_transfer_context;
	ops->AllocateAdapterChannelEx = wdmdma_alloc_channel_ex;
	ops->CancelAdapterChannel = wdmdma_cancel_channel;
	ops->FreeAdapterObject = wdmdma_free_adapter_object;
}
