// SPDX-License-Identifier: GPL-2.0
/*
 * Scatter/gather lists: GetScatterGatherList() and BuildScatterGatherList()
 * are AllocateAdapterChannel + MapTransfer over the whole range (an MDL
 * chain) + a SCATTER_GATHER_LIST handed to the driver's list-control
 * routine, at once or from the workqueue, through the same FIFO and
 * map-register budget as AllocateAdapterChannel.  The channel is held only
 * while the routine runs; the registers stay with the list until
 * PutScatterGatherList().
 *
 * A Get list lives in the adapter's list arena, at the slot of its first
 * map register (a list of k registers has at most k elements and fits the
 * k slots it owns), a Build list in the caller's buffer; either way the
 * immediate path allocates nothing.  The list's Reserved field points at
 * its register allocation, which PutScatterGatherList validates.
 *
 * Locking: see channel.c.
 */
#include <linux/iommu.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "internal.h"

static_assert(sizeof(SCATTER_GATHER_ELEMENT) + offsetof(SCATTER_GATHER_LIST, Elements) <=
	      WDMDMA_SGL_STRIDE);

/**
 * struct wdmdma_sgl_req - a Get/BuildScatterGatherList request
 * @wait: on the adapter's wait queue while waiting
 * @devobj: the device object
 * @irp: its CurrentIrp when the request was made
 * @mdl: first MDL of the range
 * @va: MDL virtual address of the first byte
 * @len: bytes, possibly over chained MDLs
 * @nregs: map registers the range spans
 * @routine: the driver's list-control routine
 * @context: passed to @routine
 * @buf: BuildScatterGatherList's buffer; NULL for GetScatterGatherList
 * @write: memory to device
 * @allocated: kmalloc'd for waiting (freed when it runs or is dropped)
 */
struct wdmdma_sgl_req {
	struct wdmdma_wait wait;
	PDEVICE_OBJECT devobj;
	PIRP irp;
	PMDL mdl;
	unsigned long va;
	u32 len;
	u32 nregs;
	PDRIVER_LIST_CONTROL routine;
	PVOID context;
	PSCATTER_GATHER_LIST buf;
	bool write;
	bool allocated;
};

static u32 wdmdma_sgl_size(u32 nregs)
{
	return offsetof(SCATTER_GATHER_LIST, Elements) + nregs * sizeof(SCATTER_GATHER_ELEMENT);
}

/*
 * Map registers [va, va + len) spans over @mdl and the MDLs chained after
 * it (each MDL's part counted on its own, as the device sees it).
 * Return: 0, -EFAULT when @va is not in @mdl, -ENOSPC when the range runs
 * past the chain, -EPERM for an MDL whose pages are not locked (only
 * checked when @locked).
 */
static int wdmdma_sgl_count(PMDL mdl, unsigned long va, u32 len, bool locked, u32 *nregs)
{
	unsigned long start, end;
	u64 regs = 0;
	u32 n;

	start = (unsigned long)MmGetMdlVirtualAddress(mdl);
	if (va < start || va - start >= max(mdl->ByteCount, 1U))
		return -EFAULT;
	while (len) {
		if (!mdl)
			return -ENOSPC;
		if (locked && !wdmdma_mdl_dma_ready(mdl))
			return -EPERM;
		end = (unsigned long)MmGetMdlVirtualAddress(mdl) + mdl->ByteCount;
		n = min_t(unsigned long, len, end - va);
		if (n)
			regs += ADDRESS_AND_SIZE_TO_SPAN_PAGES(va, n);
		len -= n;
		mdl = mdl->Next;
		if (mdl)
			va = (unsigned long)MmGetMdlVirtualAddress(mdl);
	}
	*nregs = min_t(u64, regs, U32_MAX);
	return 0;
}

/* Map the request's range with allocation @r and fill @list.  Lock not held. */
static NTSTATUS wdmdma_sgl_build(struct wdmdma_adapter *a, struct wdmdma_regs *r,
				 const struct wdmdma_sgl_req *q, PSCATTER_GATHER_LIST list)
{
	enum dma_data_direction dir = q->write ? DMA_TO_DEVICE : DMA_FROM_DEVICE;
	unsigned long va = q->va, end;
	u32 left = q->len, n = 0, chunk;
	unsigned long flags;
	PMDL mdl = q->mdl;

	while (left) {
		end = (unsigned long)MmGetMdlVirtualAddress(mdl) + mdl->ByteCount;
		chunk = min_t(unsigned long, left, end - va);
		if (chunk) {
			if (!wdmdma_map_range(a, r, mdl, va, chunk, dir, list->Elements, &n)) {
				wdmdma_map_end_all(a, r, false);
				return STATUS_INSUFFICIENT_RESOURCES;
			}
			left -= chunk;
		}
		mdl = mdl->Next;
		if (mdl)
			va = (unsigned long)MmGetMdlVirtualAddress(mdl);
	}
	list->NumberOfElements = n;
	list->Reserved = (ULONG_PTR)r;
	spin_lock_irqsave(&a->lock, flags);
	r->sgl = list;
	r->sgl_write = q->write;
	r->sgl_mdl = NULL;
	spin_unlock_irqrestore(&a->lock, flags);
	return STATUS_SUCCESS;
}

/**
 * wdmdma_sgl_grant() - give a waiting request the channel and its registers
 * @a: the adapter; lock held
 * @q: the request
 *
 * Return: true when granted.
 */
bool wdmdma_sgl_grant(struct wdmdma_adapter *a, struct wdmdma_sgl_req *q)
{
	return wdmdma_channel_grant(a, q->devobj, q->nregs);
}

/*
 * The channel and registers are granted to @qin: build the list, run the
 * routine at DISPATCH_LEVEL, release the channel (the registers stay with
 * the list).  Return: STATUS_SUCCESS, or why the routine did not run.
 */
static NTSTATUS wdmdma_sgl_run(struct wdmdma_adapter *a, struct wdmdma_sgl_req *qin)
{
	struct wdmdma_sgl_req q = *qin;	/* @qin may sit in the list's buffer */
	struct wdmdma_regs *r = a->owner_regs;
	PSCATTER_GATHER_LIST list;
	unsigned long flags;
	NTSTATUS status;
	bool kick;

	if (qin->allocated)
		kfree(qin);
	list = q.buf ? q.buf : (PSCATTER_GATHER_LIST)(a->sgl_arena + r->first * WDMDMA_SGL_STRIDE);
	status = wdmdma_sgl_build(a, r, &q, list);
	if (status == STATUS_SUCCESS) {
		local_bh_disable();
		q.routine(q.devobj, q.irp, list, q.context);
		local_bh_enable();
	}

	spin_lock_irqsave(&a->lock, flags);
	if (status != STATUS_SUCCESS)
		wdmdma_regs_release(a, r, "GetScatterGatherList");
	if (a->free_on_return)
		wdmdma_report(a, "FreeAdapterChannel", "list-control routines hold no channel");
	a->free_on_return = false;
	a->in_routine = false;
	kick = wdmdma_channel_release(a);
	spin_unlock_irqrestore(&a->lock, flags);
	if (kick)
		wdmdma_channel_kick(a);
	return status;
}

/**
 * wdmdma_sgl_run_deferred() - run a waiting request the worker granted
 * @a: the adapter
 * @q: the request
 */
void wdmdma_sgl_run_deferred(struct wdmdma_adapter *a, struct wdmdma_sgl_req *q)
{
	if (wdmdma_sgl_run(a, q) != STATUS_SUCCESS)
		wdmdma_report(a, "GetScatterGatherList",
			      "mapping failed (out of IOVA or bounce space?); routine not run");
}

/**
 * wdmdma_sgl_drop() - drop a waiting request, its routine never run
 * @a: the adapter; lock held
 * @q: the request, already off the queue
 * @call: who drops it
 */
void wdmdma_sgl_drop(struct wdmdma_adapter *a, struct wdmdma_sgl_req *q, const char *call)
{
	wdmdma_report(a, call, "S/G request of device object %p dropped, routine not run",
		      q->devobj);
	if (q->allocated)
		kfree(q);
}

/* Run @q now if the channel and registers are free, else queue it. */
static NTSTATUS wdmdma_sgl_submit(struct wdmdma_adapter *a, struct wdmdma_sgl_req *q,
				  u32 buflen, const char *call)
{
	struct wdmdma_sgl_req *w;
	unsigned long flags;

	spin_lock_irqsave(&a->lock, flags);
	if (a->dying) {
		spin_unlock_irqrestore(&a->lock, flags);
		wdmdma_report(a, call, "adapter is being released");
		return STATUS_INVALID_DEVICE_STATE;
	}
	if (list_empty(&a->waiters) && wdmdma_channel_grant(a, q->devobj, q->nregs)) {
		spin_unlock_irqrestore(&a->lock, flags);
		return wdmdma_sgl_run(a, q);
	}
	/* Waiting: keep the request in the caller's buffer if it fits. */
	if (q->buf && buflen >= sizeof(*q) && IS_ALIGNED((unsigned long)q->buf, sizeof(long))) {
		w = (struct wdmdma_sgl_req *)q->buf;
		*w = *q;
	} else {
		w = kmemdup(q, sizeof(*q), GFP_ATOMIC);
		if (!w) {
			spin_unlock_irqrestore(&a->lock, flags);
			return STATUS_INSUFFICIENT_RESOURCES;
		}
		w->allocated = true;
	}
	w->wait.sgl = w;
	list_add_tail(&w->wait.node, &a->waiters);
	spin_unlock_irqrestore(&a->lock, flags);
	return STATUS_SUCCESS;
}

/* Check a Get/Build request and fill @q.  Return: STATUS_SUCCESS or why not. */
static NTSTATUS wdmdma_sgl_prepare(struct wdmdma_adapter *a, PDEVICE_OBJECT devobj, PMDL mdl,
				   PVOID va, ULONG len, PDRIVER_LIST_CONTROL routine,
				   PVOID context, BOOLEAN write, struct wdmdma_sgl_req *q,
				   const char *call)
{
	int ret;

	if (!devobj || !mdl || !routine || !len) {
		wdmdma_report(a, call, "%s", !len ? "zero Length" : "NULL argument");
		return STATUS_INVALID_PARAMETER;
	}
	ret = wdmdma_sgl_count(mdl, (unsigned long)va, len, true, &q->nregs);
	if (ret) {
		wdmdma_report(a, call, "%s", ret == -EFAULT ? "CurrentVa is outside the MDL" :
			      ret == -ENOSPC ? "Length runs past the MDL chain" :
			      "MDL pages not locked (no MmProbeAndLockPages)");
		return ret == -ENOSPC ? STATUS_BUFFER_TOO_SMALL : STATUS_INVALID_PARAMETER;
	}
	if (q->nregs > a->nregs)
		return STATUS_INSUFFICIENT_RESOURCES;
	if (!wdmdma_irql_ok(a, call))
		return STATUS_INVALID_DEVICE_STATE;
	q->devobj = devobj;
	q->irp = devobj->CurrentIrp;
	q->mdl = mdl;
	q->va = (unsigned long)va;
	q->len = len;
	q->routine = routine;
	q->context = context;
	q->write = write;
	q->allocated = false;
	return STATUS_SUCCESS;
}

/* PDMA_OPERATIONS->GetScatterGatherList */
static NTSTATUS wdmdma_get_sgl(PDMA_ADAPTER da, PDEVICE_OBJECT devobj, PMDL mdl, PVOID va,
			       ULONG len, PDRIVER_LIST_CONTROL routine, PVOID context,
			       BOOLEAN write)
{
	static const char call[] = "GetScatterGatherList";
	struct wdmdma_adapter *a = wdmdma_adapter_get(da, call);
	struct wdmdma_sgl_req q = { .buf = NULL };
	NTSTATUS status;

	if (!a)
		return STATUS_INVALID_PARAMETER;
	status = wdmdma_sgl_prepare(a, devobj, mdl, va, len, routine, context, write, &q, call);
	if (status != STATUS_SUCCESS)
		return status;
	return wdmdma_sgl_submit(a, &q, 0, call);
}

/* PDMA_OPERATIONS->BuildScatterGatherList: Get, with the list in the caller's buffer. */
static NTSTATUS wdmdma_build_sgl(PDMA_ADAPTER da, PDEVICE_OBJECT devobj, PMDL mdl, PVOID va,
				 ULONG len, PDRIVER_LIST_CONTROL routine, PVOID context,
				 BOOLEAN write, PVOID buf, ULONG buflen)
{
	static const char call[] = "BuildScatterGatherList";
	struct wdmdma_adapter *a = wdmdma_adapter_get(da, call);
	struct wdmdma_sgl_req q = { .buf = buf };
	NTSTATUS status;

	if (!a)
		return STATUS_INVALID_PARAMETER;
	if (!buf) {
		wdmdma_report(a, call, "NULL ScatterGatherBuffer");
		return STATUS_INVALID_PARAMETER;
	}
	status = wdmdma_sgl_prepare(a, devobj, mdl, va, len, routine, context, write, &q, call);
	if (status != STATUS_SUCCESS)
		return status;
	if (buflen < wdmdma_sgl_size(q.nregs))
		return STATUS_BUFFER_TOO_SMALL;
	return wdmdma_sgl_submit(a, &q, buflen, call);
}

/* PDMA_OPERATIONS->PutScatterGatherList: end the mappings, free the registers. */
static void wdmdma_put_sgl(PDMA_ADAPTER da, PSCATTER_GATHER_LIST list, BOOLEAN write)
{
	static const char call[] = "PutScatterGatherList";
	struct wdmdma_adapter *a = wdmdma_adapter_get(da, call);
	struct wdmdma_regs *r = NULL;
	unsigned long flags;
	PMDL built, next;
	bool kick;

	if (!a || !wdmdma_irql_ok(a, call))
		return;
	spin_lock_irqsave(&a->lock, flags);
	if (list)
		r = wdmdma_regs_lookup(a, (PVOID)list->Reserved, call);
	if (!r || r->sgl != list) {
		spin_unlock_irqrestore(&a->lock, flags);
		if (!list || r)
			wdmdma_report(a, call, "%p is not a live scatter/gather list (put twice?)",
				      list);
		return;
	}
	if (!r->sgl_write != !write)
		wdmdma_report(a, call, "WriteToDevice differs from the list's");
	built = r->sgl_mdl;
	r->sgl = NULL;
	r->sgl_mdl = NULL;
	spin_unlock_irqrestore(&a->lock, flags);

	wdmdma_map_end_all(a, r, true);

	spin_lock_irqsave(&a->lock, flags);
	wdmdma_regs_release(a, r, call);
	kick = !list_empty(&a->waiters);
	spin_unlock_irqrestore(&a->lock, flags);
	for (; built; built = next) {
		next = built->Next;
		IoFreeMdl(built);
	}
	if (kick)
		wdmdma_channel_kick(a);
}

/* PDMA_OPERATIONS->CalculateScatterGatherList: what BuildScatterGatherList needs. */
static NTSTATUS wdmdma_calc_sgl(PDMA_ADAPTER da, PMDL mdl, PVOID va, ULONG len, PULONG size,
				PULONG nregs)
{
	static const char call[] = "CalculateScatterGatherList";
	struct wdmdma_adapter *a = wdmdma_adapter_get(da, call);
	u32 regs;

	if (!a)
		return STATUS_INVALID_PARAMETER;
	if (!size) {
		wdmdma_report(a, call, "NULL ScatterGatherListSize");
		return STATUS_INVALID_PARAMETER;
	}
	if (!mdl)
		regs = ADDRESS_AND_SIZE_TO_SPAN_PAGES(va, len);
	else if (wdmdma_sgl_count(mdl, (unsigned long)va, len, false, &regs))
		return STATUS_BUFFER_TOO_SMALL;
	*size = wdmdma_sgl_size(regs);
	if (nregs)
		*nregs = regs;
	return regs > a->nregs ? STATUS_INSUFFICIENT_RESOURCES : STATUS_SUCCESS;
}

/*
 * PDMA_OPERATIONS->BuildMdlFromScatterGatherList: an MDL for what the
 * device really accesses.  The list's own pages: the original MDL.  Bounce
 * copies: a chain of MDLs, one per element, freed by PutScatterGatherList.
 */
static NTSTATUS wdmdma_build_mdl_from_sgl(PDMA_ADAPTER da, PSCATTER_GATHER_LIST list,
					  PMDL orig, PMDL *target)
{
	static const char call[] = "BuildMdlFromScatterGatherList";
	struct wdmdma_adapter *a = wdmdma_adapter_get(da, call);
	PMDL head = NULL, *link = &head;
	struct wdmdma_regs *r = NULL;
	unsigned long flags;
	NTSTATUS status;
	bool bounced;
	u32 i;

	if (!a)
		return STATUS_INVALID_PARAMETER;
	if (!orig || !target || !list)
		return STATUS_INVALID_PARAMETER;
	spin_lock_irqsave(&a->lock, flags);
	r = wdmdma_regs_lookup(a, (PVOID)list->Reserved, call);
	status = !r || r->sgl != list ? STATUS_INVALID_PARAMETER :
		 r->sgl_mdl ? STATUS_NONE_MAPPED : STATUS_SUCCESS;
	bounced = status == STATUS_SUCCESS && wdmdma_map_bounced(a, r);
	spin_unlock_irqrestore(&a->lock, flags);
	if (status != STATUS_SUCCESS || !bounced) {
		*target = orig;
		return status;
	}
	for (i = 0; i < list->NumberOfElements; i++) {
		SCATTER_GATHER_ELEMENT *e = &list->Elements[i];
		void *cpu = wdmdma_map_cpu_addr(a, r, e->Address.QuadPart);

		*link = cpu ? IoAllocateMdl(cpu, e->Length, FALSE, FALSE, NULL) : NULL;
		if (!*link)
			goto err_free;
		MmBuildMdlForNonPagedPool(*link);
		link = &(*link)->Next;
	}
	spin_lock_irqsave(&a->lock, flags);
	status = r->sgl == list && !r->sgl_mdl ? STATUS_SUCCESS : STATUS_NONE_MAPPED;
	if (status == STATUS_SUCCESS)
		r->sgl_mdl = head;
	spin_unlock_irqrestore(&a->lock, flags);
	if (status == STATUS_SUCCESS) {
		*target = head;
		return status;
	}
err_free:
	while (head) {
		PMDL next = head->Next;

		IoFreeMdl(head);
		head = next;
	}
	return status == STATUS_SUCCESS ? STATUS_INSUFFICIENT_RESOURCES : status;
}

/**
 * wdmdma_sgl_ops() - put the scatter/gather entries in an operations table
 * @ops: the table being built
 */
void wdmdma_sgl_ops(DMA_OPERATIONS *ops)
{
	ops->GetScatterGatherList = wdmdma_get_sgl;
	ops->PutScatterGatherList = wdmdma_put_sgl;
	ops->CalculateScatterGatherList = wdmdma_calc_sgl;
	ops->BuildScatterGatherList = wdmdma_build_sgl;
	ops->BuildMdlFromScatterGatherList = wdmdma_build_mdl_from_sgl;
}
