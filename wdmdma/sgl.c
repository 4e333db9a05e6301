// SPDX-License-Identifier: GPL-2.0
/*
 * Scatter/gather lists: GetScatterGatherList() and BuildScatterGatherList()
 * are a channel request (channel.c's FIFO, the same map registers as
 * AllocateAdapterChannel) whose granted step maps the whole range (an MDL
 * chain), builds a SCATTER_GATHER_LIST and hands it to the driver's
 * list-control routine, at once or from the workqueue.  The channel is
 * held only while the routine runs; the registers stay with the list until
 * PutScatterGatherList().
 *
 * A Get list lives in the adapter's list arena, at the slot of its first
 * map register (a list of k registers has at most k elements and fits the
 * k slots it owns), a Build list in the caller's buffer; either way the
 * immediate path allocates nothing.  The list's Reserved field points at
 * its register allocation, which PutScatterGatherList validates.
 *
 * While a granted request builds its list, the allocation is its own: no
 * driver holds it yet, so its mapping records are filled without the lock.
 * A request whose mapping cannot be made yet (only possible without a
 * budget, when the DMA API and the emergency pool both fail) goes back to
 * the head of the queue and is retried: it is never dropped.
 *
 * Locking: see channel.c.
 */
#include <linux/mm.h>
#include <linux/slab.h>

#include "dma.h"

static_assert(sizeof(SCATTER_GATHER_ELEMENT) + offsetof(SCATTER_GATHER_LIST, Elements) <=
	      WDMDMA_SGL_STRIDE);

/**
 * struct wdmdma_sgl_req - a Get/BuildScatterGatherList request
 * @wait: the channel request (devobj, nregs), queued while waiting
 * @irp: the device object's CurrentIrp when the request was made
 * @mdl: first MDL of the range
 * @va: MDL virtual address of the first byte
 * @len: bytes, possibly over chained MDLs
 * @routine: the driver's list-control routine
 * @context: passed to @routine
 * @buf: BuildScatterGatherList's buffer; NULL for GetScatterGatherList
 * @out: version 3 with DMA_SYNCHRONOUS_CALLBACK: receives the list
 * @write: memory to device
 * @sync: DMA_SYNCHRONOUS_CALLBACK: build now or fail, never wait
 * @allocated: kmalloc'd for waiting (freed when it runs or is dropped)
 */
struct wdmdma_sgl_req {
	struct wdmdma_wait wait;
	PIRP irp;
	PMDL mdl;
	unsigned long va;
	u32 len;
	PDRIVER_LIST_CONTROL routine;
	PVOID context;
	PSCATTER_GATHER_LIST buf;
	PSCATTER_GATHER_LIST *out;
	bool write;
	bool sync;
	bool allocated;
};

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

/* The mapping records of a list's allocation, in order: the first. */
static struct wdmdma_map *wdmdma_sgl_first(struct wdmdma_alloc *r)
{
	return &r->chunk->maps[r->first];
}

/* The one after @m, or NULL after the last of @used registers. */
static struct wdmdma_map *wdmdma_sgl_next(struct wdmdma_alloc *r, struct wdmdma_map *m,
					  u32 used)
{
	m += m->nregs;
	return m < &r->chunk->maps[r->first + used] ? m : NULL;
}

/* Undo the first @made mappings of a failed build and free the records. */
static void wdmdma_sgl_unmake(struct wdmdma_adapter *a, struct wdmdma_alloc *r, u32 used,
			      u32 made)
{
	struct wdmdma_map *m;

	for (m = wdmdma_sgl_first(r); m; m = wdmdma_sgl_next(r, m, used)) {
		if (made) {
			wdmdma_map_end(a, m, m->va, 0, NULL);
			made--;
		} else {
			m->kind = WDMDMA_MAP_API;	/* nothing of it was made */
		}
		wdmdma_map_finish(a, m);
	}
}

/*
 * Map the request's range with allocation @r (owned: no driver has it yet,
 * so its records are filled without its lock) and fill @list.  Return: 0,
 * or -EAGAIN when a mapping could not be made (everything undone).
 */
static int wdmdma_sgl_build(struct wdmdma_adapter *a, struct wdmdma_alloc *r,
			    const struct wdmdma_sgl_req *q, PSCATTER_GATHER_LIST list)
{
	enum dma_data_direction dir = q->write ? DMA_TO_DEVICE : DMA_FROM_DEVICE;
	unsigned long va = q->va, end;
	u32 left = q->len, used = 0, made = 0, n = 0, chunk, k;
	struct wdmdma_map *m;
	PMDL mdl = q->mdl;

	if ((void *)list == r->chunk->arena + r->first * WDMDMA_SGL_STRIDE)
		wdmdma_sgl_poison_check(a, r->chunk, r->first, r->count, "GetScatterGatherList");
	/* Reserve: a record per MDL of the chain, registers in order. */
	while (left) {
		end = (unsigned long)MmGetMdlVirtualAddress(mdl) + mdl->ByteCount;
		chunk = min_t(unsigned long, left, end - va);
		if (chunk) {
			m = &r->chunk->maps[r->first + used];
			wdmdma_map_init(m, mdl, va, chunk, dir);
			used += m->nregs;
			left -= chunk;
		}
		mdl = mdl->Next;
		if (mdl)
			va = (unsigned long)MmGetMdlVirtualAddress(mdl);
	}
	for (m = wdmdma_sgl_first(r); m; m = wdmdma_sgl_next(r, m, used), made++) {
		if (wdmdma_map_make(a, r, m)) {
			wdmdma_sgl_unmake(a, r, used, made);
			return -EAGAIN;
		}
	}
	for (m = wdmdma_sgl_first(r); m; m = wdmdma_sgl_next(r, m, used)) {
		m->state = WDMDMA_MAP_LIVE;
		wdmdma_map_pieces(a, m, m->va, m->len, list->Elements + n, U32_MAX, &k);
		n += k;
	}
	list->NumberOfElements = n;
	list->Reserved = (ULONG_PTR)r;
	spin_lock_bh(&r->lock);
	r->sgl = list;
	r->sgl_write = q->write;
	r->sgl_mdl = NULL;
	spin_unlock_bh(&r->lock);
	wdmdma_stat_add(a, WDMDMA_STAT_SGL_GETS, 1);
	trace_wdmdma_sgl_get(a->id, list, n);
	return 0;
}

/*
 * The channel and registers are granted to @w: build the list, run the
 * routine at DISPATCH_LEVEL, release the channel (the registers stay with
 * the list).  Return: 0, or -EAGAIN when the list could not be mapped yet
 * (the request is intact: requeue it).
 */
static int wdmdma_sgl_run(struct wdmdma_adapter *a, struct wdmdma_wait *w)
{
	struct wdmdma_sgl_req *qin = container_of(w, struct wdmdma_sgl_req, wait);
	struct wdmdma_sgl_req q = *qin;	/* @qin may sit in the list's buffer */
	struct wdmdma_alloc *r = a->owner_alloc;
	PSCATTER_GATHER_LIST list;

	list = q.buf ? q.buf : r->chunk->arena + r->first * WDMDMA_SGL_STRIDE;
	if (wdmdma_sgl_build(a, r, &q, list)) {
		*qin = q;
		return -EAGAIN;
	}
	if (q.allocated)
		kfree(qin);

	if (q.out)
		*q.out = list;
	local_bh_disable();
	wdmdma_channel_routine_begin(a);
	if (q.routine) {
		trace_wdmdma_routine_start(a->id, q.routine, true);
		q.routine(q.wait.devobj, q.irp, list, q.context);
		trace_wdmdma_routine_end(a->id, q.routine, -1);
	}
	spin_lock(&a->lock);
	if (a->free_on_return)
		wdmdma_report_chk(a, "FreeAdapterChannel", WDMDMA_CHK_CHANNEL_FREED_TWICE,
				  "list-control routines hold no channel");
	wdmdma_channel_release(a);
	spin_unlock(&a->lock);
	local_bh_enable();
	return 0;
}

/*
 * The fast path of an adapter without budget: no channel, no queue, no
 * adapter lock -- registers claimed from the slot bitmap, the list built
 * and the routine called, as Windows does for a master that needs no map
 * registers.  Return: 0, or -EAGAIN when it must go the channel's way
 * (no slots free, or the list could not be mapped yet).
 */
static int wdmdma_sgl_fast(struct wdmdma_adapter *a, struct wdmdma_sgl_req *q)
{
	struct wdmdma_alloc *r = wdmdma_alloc_take(a, q->wait.nregs);
	PSCATTER_GATHER_LIST list;

	if (!r)
		return -EAGAIN;
	/* @q is the caller's own copy: a Build list overwrites only its buffer */
	list = q->buf ? q->buf : r->chunk->arena + r->first * WDMDMA_SGL_STRIDE;
	if (wdmdma_sgl_build(a, r, q, list)) {
		if (wdmdma_alloc_put(a, r, "GetScatterGatherList"))
			wdmdma_res_freed(a);
		return -EAGAIN;
	}
	if (q->out)
		*q->out = list;
	trace_wdmdma_channel_request(a->id, q->wait.devobj, q->wait.nregs, true, false);
	if (q->routine) {
		local_bh_disable();
		trace_wdmdma_routine_start(a->id, q->routine, true);
		q->routine(q->wait.devobj, q->irp, list, q->context);
		trace_wdmdma_routine_end(a->id, q->routine, -1);
		local_bh_enable();
	}
	return 0;
}

/* PutDmaAdapter drops a waiting request.  Lock held. */
static void wdmdma_sgl_drop(struct wdmdma_adapter *a, struct wdmdma_wait *w, const char *call)
{
	struct wdmdma_sgl_req *q = container_of(w, struct wdmdma_sgl_req, wait);

	if (call)
		wdmdma_report(a, call, "S/G request of device object %p dropped, routine not run",
			      w->devobj);
	if (q->allocated)
		kfree(q);
}

static const struct wdmdma_wait_ops wdmdma_sgl_wait_ops = {
	.run = wdmdma_sgl_run,
	.drop = wdmdma_sgl_drop,
};

/*
 * A copy of @q that lives until it runs: in the caller's buffer if it
 * fits, else allocated.  Lock held.  Return: it, or NULL.
 */
static struct wdmdma_sgl_req *wdmdma_sgl_persist(const struct wdmdma_sgl_req *q, u32 buflen)
{
	struct wdmdma_sgl_req *w;

	if (q->buf && buflen >= sizeof(*q) && IS_ALIGNED((unsigned long)q->buf, sizeof(long))) {
		w = (struct wdmdma_sgl_req *)q->buf;
		*w = *q;
		return w;
	}
	w = kmemdup(q, sizeof(*q), GFP_ATOMIC);
	if (w)
		w->allocated = true;
	return w;
}

/* Run @q now if the channel and registers are free, else queue it. */
static NTSTATUS wdmdma_sgl_submit(struct wdmdma_adapter *a, struct wdmdma_sgl_req *q,
				  u32 buflen, const char *call)
{
	struct wdmdma_sgl_req *w;
	bool now;

	if (!a->budgeted && !READ_ONCE(a->dying) && !wdmdma_sgl_fast(a, q))
		return STATUS_SUCCESS;
	spin_lock_bh(&a->lock);
	if (a->dying) {
		spin_unlock_bh(&a->lock);
		wdmdma_report_chk(a, call, WDMDMA_CHK_AFTER_RELEASE, "adapter is being released");
		return STATUS_INVALID_DEVICE_STATE;
	}
	now = list_empty(&a->waiters) && wdmdma_channel_grant(a, &q->wait);
	if (now) {
		spin_unlock_bh(&a->lock);
		trace_wdmdma_channel_request(a->id, q->wait.devobj, q->wait.nregs, true, false);
		if (!wdmdma_sgl_run(a, &q->wait))
			return STATUS_SUCCESS;
		spin_lock_bh(&a->lock);
	}
	/* DMA_SYNCHRONOUS_CALLBACK: fail rather than wait. */
	w = q->sync ? NULL : wdmdma_sgl_persist(q, buflen);
	if (now) {
		/* Mapped nothing: give back, and wait at the head (or fail). */
		wdmdma_channel_defer(a, w ? &w->wait : NULL);
	} else if (w) {
		wdmdma_channel_enqueue(a, &w->wait);
	}
	spin_unlock_bh(&a->lock);
	if (!now && w)	/* @w may have run and gone already: @q tells the same */
		trace_wdmdma_channel_request(a->id, q->wait.devobj, q->wait.nregs, true, true);
	return w ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}

/* Check a Get/Build request and fill @q.  Return: STATUS_SUCCESS or why not. */
static NTSTATUS wdmdma_sgl_prepare(struct wdmdma_adapter *a, PDEVICE_OBJECT devobj, PMDL mdl,
				   PVOID va, ULONG len, PDRIVER_LIST_CONTROL routine,
				   PVOID context, BOOLEAN write, struct wdmdma_sgl_req *q,
				   const char *call)
{
	int ret;

	if (!devobj || !mdl || (!routine && !q->sync) || !len) {
		wdmdma_report_chk(a, call, !len ? WDMDMA_CHK_ZERO_LENGTH : WDMDMA_CHK_MISUSE,
				  "%s", !len ? "zero Length" : "NULL argument");
		return STATUS_INVALID_PARAMETER;
	}
	ret = wdmdma_sgl_count(mdl, (unsigned long)va, len, true, &q->wait.nregs);
	if (ret) {
		wdmdma_report_chk(a, call,
				  ret == -EFAULT || ret == -ENOSPC ? WDMDMA_CHK_NOT_IN_MDL :
				  WDMDMA_CHK_NOT_LOCKED,
				  "%s", ret == -EFAULT ? "CurrentVa is outside the MDL" :
				  ret == -ENOSPC ? "Length runs past the MDL chain" :
				  "MDL pages not locked (no MmProbeAndLockPages)");
		return ret == -ENOSPC ? STATUS_BUFFER_TOO_SMALL : STATUS_INVALID_PARAMETER;
	}
	wdmdma_verify_access(a, call, mdl, len, write ? DMA_TO_DEVICE : DMA_FROM_DEVICE);
	if (q->wait.nregs > a->nregs)
		return STATUS_INSUFFICIENT_RESOURCES;
	if (!wdmdma_irql_ok(a, call))
		return STATUS_INVALID_DEVICE_STATE;
	q->wait.ops = &wdmdma_sgl_wait_ops;
	q->wait.devobj = devobj;
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

/*
 * Get (@q->buf NULL) or Build a list on a live adapter; @q holds what the
 * caller set (buf, out, sync, wait.xfer), the rest is filled here.
 */
static NTSTATUS wdmdma_sgl_request(struct wdmdma_adapter *a, struct wdmdma_sgl_req *q,
				   PDEVICE_OBJECT devobj, PMDL mdl, PVOID va, ULONG len,
				   PDRIVER_LIST_CONTROL routine, PVOID context, BOOLEAN write,
				   ULONG buflen, const char *call)
{
	NTSTATUS status;

	status = wdmdma_sgl_prepare(a, devobj, mdl, va, len, routine, context, write, q, call);
	if (status != STATUS_SUCCESS)
		return status;
	if (q->buf && buflen < wdmdma_sgl_bytes(q->wait.nregs))
		return STATUS_BUFFER_TOO_SMALL;
	return wdmdma_sgl_submit(a, q, buflen, call);
}

/* PDMA_OPERATIONS->GetScatterGatherList */
static NTSTATUS wdmdma_get_sgl(PDMA_ADAPTER da, PDEVICE_OBJECT devobj, PMDL mdl, PVOID va,
			       ULONG len, PDRIVER_LIST_CONTROL routine, PVOID context,
			       BOOLEAN write)
{
	static const char call[] = "GetScatterGatherList";
	NTSTATUS status = STATUS_INVALID_PARAMETER;
	KIRQL irql = KeGetCurrentIrql();
	struct wdmdma_sgl_req q = {};
	struct wdmdma_adapter *a;

	rcu_read_lock();
	a = wdmdma_adapter_find(da, call);
	wdmdma_verify_irql(a, call, irql, DISPATCH_LEVEL);
	if (a)
		status = wdmdma_sgl_request(a, &q, devobj, mdl, va, len, routine, context, write,
					    0, call);
	rcu_read_unlock();
	return status;
}

/* PDMA_OPERATIONS->BuildScatterGatherList: Get, with the list in the caller's buffer. */
static NTSTATUS wdmdma_build_sgl(PDMA_ADAPTER da, PDEVICE_OBJECT devobj, PMDL mdl, PVOID va,
				 ULONG len, PDRIVER_LIST_CONTROL routine, PVOID context,
				 BOOLEAN write, PVOID buf, ULONG buflen)
{
	static const char call[] = "BuildScatterGatherList";
	struct wdmdma_sgl_req q = { .buf = buf };
	NTSTATUS status = STATUS_INVALID_PARAMETER;
	KIRQL irql = KeGetCurrentIrql();
	struct wdmdma_adapter *a;

	rcu_read_lock();
	a = wdmdma_adapter_find(da, call);
	wdmdma_verify_irql(a, call, irql, DISPATCH_LEVEL);
	if (a && !buf)
		wdmdma_report(a, call, "NULL ScatterGatherBuffer");
	else if (a)
		status = wdmdma_sgl_request(a, &q, devobj, mdl, va, len, routine, context, write,
					    buflen, call);
	rcu_read_unlock();
	return status;
}

/* PutScatterGatherList on a live adapter. */
static void wdmdma_put_sgl_on(struct wdmdma_adapter *a, PSCATTER_GATHER_LIST list,
			      BOOLEAN write)
{
	static const char call[] = "PutScatterGatherList";
	struct wdmdma_alloc *r = NULL;
	struct wdmdma_map *m;
	u32 i;

	bool live, ok;

	if (list)
		r = wdmdma_alloc_find(a, (PVOID)list->Reserved, call);
	if (!r) {
		if (!list)
			wdmdma_report(a, call, "NULL ScatterGatherList");
		return;
	}
	spin_lock_bh(&r->lock);
	live = wdmdma_alloc_live(a, r, call);
	ok = live && r->sgl == list && !r->busy;
	if (ok) {
		if (!r->sgl_write != !write)
			wdmdma_report_chk(a, call, WDMDMA_CHK_WRONG_SIZE,
					  "WriteToDevice differs from the list's");
		r->sgl = NULL;
		wdmdma_stat_add(a, WDMDMA_STAT_SGL_PUTS, 1);
		trace_wdmdma_sgl_put(a->id, list, list->NumberOfElements);
		r->busy++;	/* the list's mappings are ended outside the lock */
		for (i = r->first; i < r->first + r->count; i += m->state ? m->nregs : 1) {
			m = &r->chunk->maps[i];
			if (m->state == WDMDMA_MAP_LIVE)
				m->state = WDMDMA_MAP_ENDING;
		}
	}
	spin_unlock_bh(&r->lock);
	if (!ok) {
		if (live)
			wdmdma_report_chk(a, call, WDMDMA_CHK_SGL_FREED_TWICE,
					  "%p is not a live scatter/gather list (put twice?)",
					  list);
		return;
	}

	for (i = r->first; i < r->first + r->count; i += m->state ? m->nregs : 1) {
		m = &r->chunk->maps[i];
		if (m->state == WDMDMA_MAP_ENDING)
			wdmdma_map_end(a, m, m->va, m->len, call);
	}

	spin_lock_bh(&r->lock);
	for (i = r->first; i < r->first + r->count; i += m->state ? m->nregs : 1) {
		m = &r->chunk->maps[i];
		if (m->state == WDMDMA_MAP_ENDING)
			wdmdma_map_finish(a, m);
	}
	r->busy--;
	spin_unlock_bh(&r->lock);
	wdmdma_sgl_poison(a, r, list);
	if (wdmdma_alloc_put(a, r, call))
		wdmdma_res_freed(a);
}

/* PDMA_OPERATIONS->PutScatterGatherList: end the mappings, free the registers. */
static void wdmdma_put_sgl(PDMA_ADAPTER da, PSCATTER_GATHER_LIST list, BOOLEAN write)
{
	static const char call[] = "PutScatterGatherList";
	struct wdmdma_adapter *a;

	rcu_read_lock();
	a = wdmdma_adapter_find(da, call);
	if (a && wdmdma_irql_ok(a, call))
		wdmdma_put_sgl_on(a, list, write);
	rcu_read_unlock();
}

/* PDMA_OPERATIONS->CalculateScatterGatherList: what BuildScatterGatherList needs. */
static NTSTATUS wdmdma_calc_sgl(PDMA_ADAPTER da, PMDL mdl, PVOID va, ULONG len, PULONG size,
				PULONG nregs)
{
	static const char call[] = "CalculateScatterGatherList";
	NTSTATUS status = STATUS_INVALID_PARAMETER;
	struct wdmdma_adapter *a;
	u32 regs;

	rcu_read_lock();
	a = wdmdma_adapter_find(da, call);
	if (!a)
		goto out;
	if (!size) {
		wdmdma_report(a, call, "NULL ScatterGatherListSize");
		goto out;
	}
	if (!mdl) {
		regs = ADDRESS_AND_SIZE_TO_SPAN_PAGES(va, len);
	} else if (wdmdma_sgl_count(mdl, (unsigned long)va, len, false, &regs)) {
		status = STATUS_BUFFER_TOO_SMALL;
		goto out;
	}
	*size = wdmdma_sgl_bytes(regs);
	if (nregs)
		*nregs = regs;
	status = regs > a->nregs ? STATUS_INSUFFICIENT_RESOURCES : STATUS_SUCCESS;
out:
	rcu_read_unlock();
	return status;
}

/*
 * An MDL for one piece of a list: over the copy the device sees when there
 * is one, else over the piece's own pages (a partial MDL of @m's MDL).
 */
static PMDL wdmdma_sgl_piece_mdl(struct wdmdma_adapter *a, struct wdmdma_map *m,
				 unsigned long va, dma_addr_t addr, u32 len)
{
	void *cpu = wdmdma_map_cpu_addr(a, m, addr, len);
	PMDL mdl;

	if (cpu) {
		mdl = IoAllocateMdl(cpu, len, FALSE, FALSE, NULL);
		if (mdl)
			MmBuildMdlForNonPagedPool(mdl);
		return mdl;
	}
	mdl = IoAllocateMdl((PVOID)va, len, FALSE, FALSE, NULL);
	if (mdl)
		IoBuildPartialMdl(m->mdl, mdl, (PVOID)va, len);
	return mdl;
}

/*
 * PDMA_OPERATIONS->BuildMdlFromScatterGatherList: an MDL for what the
 * device really accesses.  The list's own pages: the original MDL.  Copies
 * (the adapter's, or the DMA API's bounce buffers): a chain of MDLs, one
 * per element, freed by PutScatterGatherList.
 */
static NTSTATUS wdmdma_build_mdl_on(struct wdmdma_adapter *a, PSCATTER_GATHER_LIST list,
				    PMDL orig, PMDL *target)
{
	static const char call[] = "BuildMdlFromScatterGatherList";
	PMDL head = NULL, *link = &head, next;
	struct wdmdma_alloc *r;
	struct wdmdma_map *m;
	bool bounced = false;
	NTSTATUS status;
	u32 i, off, piece;
	dma_addr_t addr;

	r = wdmdma_alloc_find(a, (PVOID)list->Reserved, call);
	if (!r)
		return STATUS_INVALID_PARAMETER;
	spin_lock_bh(&r->lock);
	status = !wdmdma_alloc_live(a, r, call) || r->sgl != list ? STATUS_INVALID_PARAMETER :
		 r->sgl_mdl ? STATUS_NONE_MAPPED : STATUS_SUCCESS;
	if (status == STATUS_SUCCESS) {
		for (i = r->first; i < r->first + r->count; i += m->state ? m->nregs : 1) {
			m = &r->chunk->maps[i];
			if (m->state == WDMDMA_MAP_LIVE && wdmdma_map_bounced(a, m))
				bounced = true;
		}
	}
	spin_unlock_bh(&r->lock);
	if (status != STATUS_SUCCESS || !bounced) {
		*target = orig;
		return status;
	}
	/* The list and its mappings stay until PutScatterGatherList. */
	for (i = r->first; i < r->first + r->count; i += m->state ? m->nregs : 1) {
		m = &r->chunk->maps[i];
		if (m->state != WDMDMA_MAP_LIVE)
			continue;
		for (off = 0; off < m->len; off += piece) {
			piece = wdmdma_map_piece(a, m, m->va + off, m->len - off, &addr);
			*link = wdmdma_sgl_piece_mdl(a, m, m->va + off, addr, piece);
			if (!*link)
				goto err_free;
			link = &(*link)->Next;
		}
	}
	spin_lock_bh(&r->lock);
	status = r->sgl == list && !r->sgl_mdl ? STATUS_SUCCESS : STATUS_NONE_MAPPED;
	if (status == STATUS_SUCCESS)
		r->sgl_mdl = head;
	spin_unlock_bh(&r->lock);
	if (status == STATUS_SUCCESS) {
		*target = head;
		return status;
	}
err_free:
	for (; head; head = next) {
		next = head->Next;
		IoFreeMdl(head);
	}
	return status == STATUS_SUCCESS ? STATUS_INSUFFICIENT_RESOURCES : status;
}

static NTSTATUS wdmdma_build_mdl_from_sgl(PDMA_ADAPTER da, PSCATTER_GATHER_LIST list,
					  PMDL orig, PMDL *target)
{
	NTSTATUS status = STATUS_INVALID_PARAMETER;
	struct wdmdma_adapter *a;

	rcu_read_lock();
	a = wdmdma_adapter_find(da, "BuildMdlFromScatterGatherList");
	if (a && orig && target && list)
		status = wdmdma_build_mdl_on(a, list, orig, target);
	rcu_read_unlock();
	return status;
}

/* Get/BuildScatterGatherListEx on a live adapter: the v2 request, by offset, with a context. */
static NTSTATUS wdmdma_sgl_ex_on(struct wdmdma_adapter *a, struct wdmdma_sgl_req *q,
				 PDEVICE_OBJECT devobj, PVOID ctx, PMDL mdl, u64 offset, ULONG len,
				 ULONG flags, PDRIVER_LIST_CONTROL routine, PVOID context,
				 BOOLEAN write, ULONG buflen, PDMA_COMPLETION_ROUTINE done,
				 const char *call)
{
	struct wdmdma_xfer *x;
	unsigned long va = 0;
	NTSTATUS status;

	if (flags & ~DMA_SYNCHRONOUS_CALLBACK) {
		wdmdma_report(a, call, "unknown Flags %#x", flags);
		return STATUS_INVALID_PARAMETER;
	}
	if (done) {
		wdmdma_report(a, call, "DmaCompletionRoutine is for system DMA, not a bus master");
		return STATUS_INVALID_PARAMETER;
	}
	if (mdl && wdmdma_mdl_at(&mdl, offset, &va)) {
		wdmdma_report_chk(a, call, WDMDMA_CHK_NOT_IN_MDL,
				  "Offset %llu is past the end of the MDL chain", offset);
		return STATUS_INVALID_PARAMETER;
	}
	q->sync = flags & DMA_SYNCHRONOUS_CALLBACK;
	if (!q->sync)
		q->out = NULL;	/* a list built later has no caller to tell */
	x = wdmdma_xfer_claim(a, ctx, call);
	if (!x)
		return STATUS_INVALID_PARAMETER;
	q->wait.xfer = x;
	status = wdmdma_sgl_request(a, q, devobj, mdl, (PVOID)va, len, routine, context, write,
				    buflen, call);
	if (status != STATUS_SUCCESS)
		wdmdma_xfer_unclaim(x);
	return status;
}

/**
 * wdmdma_get_sgl_ex() - PDMA_OPERATIONS->GetScatterGatherListEx
 * @da: the adapter
 * @devobj: the device object the transfer is for
 * @ctx: an initialized DMA transfer context, unique to this request
 * @mdl: the MDL chain
 * @offset: bytes from the start of the chain's buffer to the first to map
 * @len: bytes, possibly over chained MDLs
 * @flags: 0 or DMA_SYNCHRONOUS_CALLBACK
 * @routine: the list-control routine; optional with DMA_SYNCHRONOUS_CALLBACK
 * @context: passed to @routine
 * @write: TRUE for memory to device
 * @done: system DMA only: NULL for a bus master
 * @done_ctx: ignored with @done
 * @out: optional, with DMA_SYNCHRONOUS_CALLBACK: receives the list
 *
 * GetScatterGatherList by offset.  With DMA_SYNCHRONOUS_CALLBACK the list
 * is built (and @routine run) before the call returns, or the call fails
 * with STATUS_INSUFFICIENT_RESOURCES and nothing waits.  Either way the
 * list goes back with PutScatterGatherList.
 *
 * Return: as GetScatterGatherList; STATUS_INVALID_PARAMETER also for a
 * context that is not initialized or already used (reported).
 */
static NTSTATUS wdmdma_get_sgl_ex(PDMA_ADAPTER da, PDEVICE_OBJECT devobj, PVOID ctx, PMDL mdl,
				  ULONGLONG offset, ULONG len, ULONG flags,
				  PDRIVER_LIST_CONTROL routine, PVOID context, BOOLEAN write,
				  PDMA_COMPLETION_ROUTINE done, PVOID done_ctx,
				  PSCATTER_GATHER_LIST *out)
{
	static const char call[] = "GetScatterGatherListEx";
	NTSTATUS status = STATUS_INVALID_PARAMETER;
	struct wdmdma_sgl_req q = { .out = out };
	struct wdmdma_adapter *a;

	if (out)
		*out = NULL;
	rcu_read_lock();
	a = wdmdma_adapter_find(da, call);
	if (a)
		status = wdmdma_sgl_ex_on(a, &q, devobj, ctx, mdl, offset, len, flags, routine,
					  context, write, 0, done, call);
	rcu_read_unlock();
	return status;
}

/**
 * wdmdma_build_sgl_ex() - PDMA_OPERATIONS->BuildScatterGatherListEx
 * @da: the adapter
 * @devobj: the device object the transfer is for
 * @ctx: an initialized DMA transfer context, unique to this request
 * @mdl: the MDL chain
 * @offset: bytes from the start of the chain's buffer to the first to map
 * @len: bytes, possibly over chained MDLs
 * @flags: 0 or DMA_SYNCHRONOUS_CALLBACK
 * @routine: the list-control routine; optional with DMA_SYNCHRONOUS_CALLBACK
 * @context: passed to @routine
 * @write: TRUE for memory to device
 * @buf: the caller's buffer for the list (GetDmaTransferInfo's
 *	ScatterGatherListSize bytes)
 * @buflen: its size
 * @done: system DMA only: NULL for a bus master
 * @done_ctx: ignored with @done
 * @out: optional, with DMA_SYNCHRONOUS_CALLBACK: a PSCATTER_GATHER_LIST
 *	that receives the list (PVOID in the WDK's prototype)
 *
 * GetScatterGatherListEx with the list in @buf: nothing is allocated.
 *
 * Return: as GetScatterGatherListEx; STATUS_BUFFER_TOO_SMALL when @buf is.
 */
static NTSTATUS wdmdma_build_sgl_ex(PDMA_ADAPTER da, PDEVICE_OBJECT devobj, PVOID ctx,
				    PMDL mdl, ULONGLONG offset, ULONG len, ULONG flags,
				    PDRIVER_LIST_CONTROL routine, PVOID context, BOOLEAN write,
				    PVOID buf, ULONG buflen, PDMA_COMPLETION_ROUTINE done,
				    PVOID done_ctx, PVOID out)
{
	static const char call[] = "BuildScatterGatherListEx";
	struct wdmdma_sgl_req q = { .buf = buf, .out = out };
	NTSTATUS status = STATUS_INVALID_PARAMETER;
	struct wdmdma_adapter *a;

	if (out)
		*(PSCATTER_GATHER_LIST *)out = NULL;
	rcu_read_lock();
	a = wdmdma_adapter_find(da, call);
	if (a && !buf)
		wdmdma_report(a, call, "NULL ScatterGatherBuffer");
	else if (a)
		status = wdmdma_sgl_ex_on(a, &q, devobj, ctx, mdl, offset, len, flags, routine,
					  context, write, buflen, done, call);
	rcu_read_unlock();
	return status;
}

/**
 * wdmdma_get_transfer_info() - PDMA_OPERATIONS->GetDmaTransferInfo
 * @da: the adapter
 * @mdl: the MDL chain
 * @offset: bytes from the start of the chain's buffer to the first byte
 * @len: bytes, possibly over chained MDLs
 * @write_only: memory to device only (no bearing here: no cache work differs)
 * @info: in: Version 1 or 2; out: what a transfer of the range needs
 *
 * What BuildScatterGatherListEx and MapTransferEx take for the range: map
 * registers (the pages each MDL's part spans), list elements (at most one
 * per register) and the list's size in bytes; version 2 adds the logical
 * pages, the same count.
 *
 * Return: STATUS_SUCCESS; STATUS_NOT_SUPPORTED for another Version;
 * STATUS_INVALID_PARAMETER for a range not in the chain, or a NULL or
 * zero argument (reported).
 */
static NTSTATUS wdmdma_get_transfer_info(PDMA_ADAPTER da, PMDL mdl, ULONGLONG offset,
					 ULONG len, BOOLEAN write_only, PDMA_TRANSFER_INFO info)
{
	static const char call[] = "GetDmaTransferInfo";
	NTSTATUS status = STATUS_INVALID_PARAMETER;
	struct wdmdma_adapter *a;
	unsigned long va;
	u32 regs;

	rcu_read_lock();
	a = wdmdma_adapter_find(da, call);
	if (!a)
		goto out;
	if (!mdl || !info || !len) {
		wdmdma_report_chk(a, call, !len ? WDMDMA_CHK_ZERO_LENGTH : WDMDMA_CHK_MISUSE,
				  "%s", !len ? "zero Length" : "NULL argument");
	} else if (info->Version != DMA_TRANSFER_INFO_VERSION1 &&
		   info->Version != DMA_TRANSFER_INFO_VERSION2) {
		wdmdma_report(a, call, "DMA_TRANSFER_INFO version %u is not 1 or 2", info->Version);
		status = STATUS_NOT_SUPPORTED;
	} else if (wdmdma_mdl_at(&mdl, offset, &va) ||
		   wdmdma_sgl_count(mdl, va, len, false, &regs)) {
		wdmdma_report_chk(a, call, WDMDMA_CHK_NOT_IN_MDL,
				  "Offset %llu + Length %u runs past the MDL chain", offset,
				  len);
	} else {
		/* V2 begins as V1 does */
		info->V1.MapRegisterCount = regs;
		info->V1.ScatterGatherElementCount = regs;
		info->V1.ScatterGatherListSize = wdmdma_sgl_bytes(regs);
		if (info->Version == DMA_TRANSFER_INFO_VERSION2)
			info->V2.LogicalPageCount = regs;
		status = STATUS_SUCCESS;
	}
out:
	rcu_read_unlock();
	return status;
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
	ops->GetDmaTransferInfo = wdmdma_get_transfer_info;
	ops->GetScatterGatherListEx = wdmdma_get_sgl_ex;
	ops->BuildScatterGatherListEx = wdmdma_build_sgl_ex;
}
