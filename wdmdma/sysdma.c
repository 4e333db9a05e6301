// SPDX-License-Identifier: GPL-2.0
/*
 * System DMA (DEVICE_DESCRIPTION.Master = FALSE) on dmaengine slave
 * channels.
 *
 * BINDING.  Which channel a system-DMA adapter gets is the port's glue's
 * choice, per PDO: wdmdma_pdo_add_dma_line() names, for a request line
 * (DmaRequestLine in a version 3 description, DmaChannel in older ones), a
 * dmaengine channel by name (dma_request_chan() on the PDO's device: device
 * tree, ACPI or a provider's slave map) or by filter
 * (dma_request_channel() with DMA_SLAVE), and the device side's bus address
 * when the description has none.  IoGetDmaAdapter takes the channel for
 * the adapter's life; no line or no channel gives NULL and a report naming
 * the device and the line.
 *
 * THE ADAPTER.  Its struct device is the controller's
 * (dmaengine_get_dma_device()): map registers, the reserve and common
 * buffers are the controller's to reach, under its mask (the description's
 * address width is ignored, as on Windows) and its IOMMU, so the core's
 * resource model applies unchanged.  A controller that takes one segment a
 * transfer (dma_slave_caps.max_sg_burst == 1, the 8237) is treated as a
 * master without scatter/gather: the core hands it one contiguous piece.
 *
 * A TRANSFER.  MapTransfer (or MapTransferEx) maps the whole range, as the
 * core maps any transfer (copies included), configures the channel
 * (DmaWidth, the device address plus DeviceOffset), prepares a slave
 * scatter/gather transfer (a cyclic one over the range for AutoInitialize)
 * and starts it; *Length stays what was asked.  One transfer at a time per
 * adapter.  ReadDmaCounter is the residue.  FlushAdapterBuffers stops a
 * transfer still running (dmaengine_terminate_async(): the controller
 * stops, its descriptors get no callback) before the core unmaps and copies
 * back.  A version 3 completion routine runs from the dmaengine callback
 * (DmaComplete, DmaError), or from CancelMappedTransfer (DmaCancelled) or
 * the flush of a transfer still running (DmaAborted), exactly once.
 * FreeAdapterChannel, FreeAdapterObject and PutDmaAdapter stop a transfer
 * the driver left running.
 *
 * LOCKING.  s->lock (bottom halves off; the dmaengine callback runs in a
 * tasklet) guards the transfer's state.  It is never held across a call
 * into the provider that may call back, nor across the driver's routine.
 * The callback acts only for the current cookie, once the controller says
 * it is over, so a late callback of a stopped transfer does nothing.
 */
#include <linux/dmaengine.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

#include "dma.h"
#include <wdm/pnp.h>

/* A line a port's glue named for a PDO (wdmdma_pdo_add_dma_line()). */
struct wdmdma_line_entry {
	struct list_head node;
	PDEVICE_OBJECT pdo;
	struct wdmdma_dma_line line;
};

static LIST_HEAD(wdmdma_lines);
static DEFINE_MUTEX(wdmdma_lines_lock);	/* guards wdmdma_lines */

/**
 * wdmdma_pdo_add_dma_line() - name the channel of a request line for a PDO
 * @pdo: a PDO made by wdmdma_pdo_create()
 * @line: the line and how to find its channel (copied)
 *
 * A later entry for the same line replaces the earlier one.
 *
 * Context: process context.
 * Return: 0, -EINVAL (no PDO, or neither a name nor a filter), -ENOMEM.
 */
int wdmdma_pdo_add_dma_line(PDEVICE_OBJECT pdo, const struct wdmdma_dma_line *line)
{
	struct wdmdma_line_entry *e, *old;

	if (!wdmdma_pdo_device(pdo) || !line || (!line->name && !line->filter))
		return -EINVAL;
	e = kzalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	e->pdo = pdo;
	e->line = *line;
	if (line->name) {
		e->line.name = kstrdup(line->name, GFP_KERNEL);
		if (!e->line.name) {
			kfree(e);
			return -ENOMEM;
		}
	}
	mutex_lock(&wdmdma_lines_lock);
	list_for_each_entry(old, &wdmdma_lines, node) {
		if (old->pdo == pdo && old->line.line == line->line) {
			list_replace(&old->node, &e->node);
			mutex_unlock(&wdmdma_lines_lock);
			kfree(old->line.name);
			kfree(old);
			return 0;
		}
	}
	list_add_tail(&e->node, &wdmdma_lines);
	mutex_unlock(&wdmdma_lines_lock);
	return 0;
}
EXPORT_SYMBOL_GPL(wdmdma_pdo_add_dma_line);

/**
 * wdmdma_sysdma_forget() - a PDO goes away: forget its lines
 * @pdo: the PDO
 */
void wdmdma_sysdma_forget(PDEVICE_OBJECT pdo)
{
	struct wdmdma_line_entry *e, *next;
	LIST_HEAD(gone);

	mutex_lock(&wdmdma_lines_lock);
	list_for_each_entry_safe(e, next, &wdmdma_lines, node)
		if (e->pdo == pdo)
			list_move(&e->node, &gone);
	mutex_unlock(&wdmdma_lines_lock);
	list_for_each_entry_safe(e, next, &gone, node) {
		kfree(e->line.name);
		kfree(e);
	}
}

/**
 * wdmdma_pdo_dma_resources() - the CmResourceTypeDma descriptors of a PDO
 * @pdo: the PDO
 * @d: where to put them (the raw form; the translated one is the same)
 * @max: room in @d
 *
 * One descriptor per line named with wdmdma_pdo_add_dma_line(), in order:
 * u.Dma.Channel = the line, Flags CM_RESOURCE_DMA_8/16/32 from its width;
 * or, for a v3 line, CM_RESOURCE_DMA_V3 with u.DmaV3's Channel,
 * RequestLine and TransferWidth.
 *
 * Context: process context.
 * Return: how many lines the PDO has (more than @max: only @max filled).
 */
u32 wdmdma_pdo_dma_resources(PDEVICE_OBJECT pdo, PCM_PARTIAL_RESOURCE_DESCRIPTOR d, u32 max)
{
	struct wdmdma_line_entry *e;
	unsigned int w;
	u32 n = 0;

	mutex_lock(&wdmdma_lines_lock);
	list_for_each_entry(e, &wdmdma_lines, node) {
		if (e->pdo != pdo)
			continue;
		if (n < max) {
			memset(&d[n], 0, sizeof(d[n]));
			w = e->line.width ?: 8;
			d[n].Type = CmResourceTypeDma;
			d[n].ShareDisposition = CmResourceShareDeviceExclusive;
			d[n].Flags = w >= 32 ? CM_RESOURCE_DMA_32 : w == 16 ? CM_RESOURCE_DMA_16 :
				     CM_RESOURCE_DMA_8;
			if (e->line.v3) {
				d[n].Flags |= CM_RESOURCE_DMA_V3;
				d[n].u.DmaV3.Channel = e->line.channel;
				d[n].u.DmaV3.RequestLine = e->line.line;
				/* 8 bits: 0, 16: 1 ... 256: 5 */
				d[n].u.DmaV3.TransferWidth = w >= 8 ? ilog2(w) - 3 : 0;
			} else {
				d[n].u.Dma.Channel = e->line.line;
			}
		}
		n++;
	}
	mutex_unlock(&wdmdma_lines_lock);
	return n;
}

/* The channel named for @pdo's @line, or an ERR_PTR. */
static struct dma_chan *wdmdma_line_chan(PDEVICE_OBJECT pdo, struct device *dev, ULONG line,
					 dma_addr_t *dev_addr, bool *isa)
{
	struct dma_chan *chan = ERR_PTR(-ENOENT);
	struct wdmdma_line_entry *e;
	dma_cap_mask_t mask;

	mutex_lock(&wdmdma_lines_lock);
	list_for_each_entry(e, &wdmdma_lines, node) {
		if (e->pdo != pdo || e->line.line != line)
			continue;
		*dev_addr = e->line.device_address;
		*isa = e->line.isa_mode;
		if (e->line.name) {
			chan = dma_request_chan(dev, e->line.name);
		} else {
			dma_cap_zero(mask);
			dma_cap_set(DMA_SLAVE, mask);
			chan = dma_request_channel(mask, e->line.filter, e->line.filter_param);
			if (!chan)
				chan = ERR_PTR(-ENODEV);
		}
		break;
	}
	mutex_unlock(&wdmdma_lines_lock);
	return chan;
}

static enum dma_slave_buswidth wdmdma_sysdma_width(DMA_WIDTH w)
{
	switch (w) {
	case Width16Bits:
		return DMA_SLAVE_BUSWIDTH_2_BYTES;
	case Width32Bits:
		return DMA_SLAVE_BUSWIDTH_4_BYTES;
	case Width64Bits:
		return DMA_SLAVE_BUSWIDTH_8_BYTES;
	default:
		return DMA_SLAVE_BUSWIDTH_1_BYTE;
	}
}

/**
 * wdmdma_sysdma_bind() - IoGetDmaAdapter for Master = FALSE: take the channel
 * @a: the adapter being made (a->dev: the PDO's device, referenced)
 * @call: the entry, for reports
 *
 * On success a->dev is the controller's device (referenced instead),
 * a->width and a->limit are the controller's, and a->desc.ScatterGather
 * says whether it takes more than one segment a transfer.
 *
 * Context: process context.
 * Return: 0, or a negative errno (reported).
 */
int wdmdma_sysdma_bind(struct wdmdma_adapter *a, const char *call)
{
	const DEVICE_DESCRIPTION *d = &a->desc;
	ULONG line = d->Version == DEVICE_DESCRIPTION_VERSION3 ? d->DmaRequestLine :
		     d->DmaChannel;
	struct dma_slave_caps caps = {};
	struct wdmdma_sysdma *s;
	dma_addr_t dev_addr = 0;
	struct device *cdev;
	int ret;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	spin_lock_init(&s->lock);
	s->chan = wdmdma_line_chan(a->pdo, a->dev, line, &dev_addr, &s->isa);
	if (IS_ERR(s->chan)) {
		ret = PTR_ERR(s->chan);
		wdmdma_report(a, call, "no DMA channel for %s %u (%d)%s",
			      d->Version == DEVICE_DESCRIPTION_VERSION3 ? "DmaRequestLine" :
			      "DmaChannel", line, ret,
			      ret == -ENOENT ? ": none named (wdmdma_pdo_add_dma_line)" : "");
		goto err_free;
	}
	s->dev_addr = d->Version == DEVICE_DESCRIPTION_VERSION3 && d->DeviceAddress.QuadPart ?
		      d->DeviceAddress.QuadPart : dev_addr;
	s->cyclic = d->AutoInitialize;
	s->ignore_count = d->Version >= DEVICE_DESCRIPTION_VERSION1 && d->IgnoreCount;
	s->width = wdmdma_sysdma_width(d->DmaWidth);
	s->isa_mode.magic = WDMDMA_ISA_DMA_MODE_MAGIC;
	s->isa_mode.demand = d->DemandMode;
	s->isa_mode.speed = d->DmaSpeed;
	s->nsg = a->nregs + 1;
	s->sg = kcalloc(s->nsg, sizeof(*s->sg), GFP_KERNEL);
	s->list = kzalloc(wdmdma_sgl_bytes(s->nsg), GFP_KERNEL);
	if (!s->sg || !s->list) {
		ret = -ENOMEM;
		goto err_chan;
	}
	cdev = dmaengine_get_dma_device(s->chan);
	a->desc.ScatterGather = dma_get_slave_caps(s->chan, &caps) || caps.max_sg_burst != 1;
	a->width = fls64(dma_get_mask(cdev));
	a->limit = dma_get_mask(cdev);
	put_device(a->dev);
	a->dev = get_device(cdev);
	a->sys = s;
	dev_dbg(cdev, "wdmdma: adapter %u: system DMA line %u on %s, device address %pad\n",
		a->id, line, dma_chan_name(s->chan), &s->dev_addr);
	return 0;

err_chan:
	kfree(s->list);
	kfree(s->sg);
	dma_release_channel(s->chan);
err_free:
	kfree(s);
	return ret;
}

/**
 * wdmdma_sysdma_release() - the adapter is freed: give the channel back
 * @a: the adapter
 *
 * Context: process context.
 */
void wdmdma_sysdma_release(struct wdmdma_adapter *a)
{
	struct wdmdma_sysdma *s = a->sys;

	if (!s)
		return;
	dmaengine_terminate_sync(s->chan);
	dma_release_channel(s->chan);
	kfree(s->list);
	kfree(s->sg);
	kfree(s);
	a->sys = NULL;
}

/* Run a completion routine, if the transfer still owes one.  Lock not held. */
static void wdmdma_sysdma_complete(struct wdmdma_adapter *a, PDMA_COMPLETION_ROUTINE done,
				   PVOID ctx, DMA_COMPLETION_STATUS status)
{
	if (!done)
		return;
	local_bh_disable();
	done(&a->dma, a->pdo, ctx, status);
	local_bh_enable();
}

/* Take the routine the transfer owes, if any.  Lock held. */
static PDMA_COMPLETION_ROUTINE wdmdma_sysdma_take_routine(struct wdmdma_sysdma *s, PVOID *ctx)
{
	PDMA_COMPLETION_ROUTINE done = s->done;

	*ctx = s->done_ctx;
	s->done = NULL;
	return done;
}

/*
 * The dmaengine callback (a tasklet).  A callback of a transfer already
 * stopped may still come after a new one started: only the current
 * cookie, finished by the controller, counts.
 */
static void wdmdma_sysdma_callback(void *param, const struct dmaengine_result *res)
{
	struct wdmdma_adapter *a = param;
	struct wdmdma_sysdma *s = a->sys;
	DMA_COMPLETION_STATUS status = DmaComplete;
	PDMA_COMPLETION_ROUTINE done = NULL;
	bool ended = false;
	enum dma_status ds;
	PVOID ctx = NULL;
	u32 residue = 0;

	spin_lock_bh(&s->lock);
	if (s->active && !s->cyclic && !s->finished) {
		ds = dmaengine_tx_status(s->chan, s->cookie, NULL);
		if (ds == DMA_COMPLETE || ds == DMA_ERROR) {
			s->finished = true;
			s->residue = res ? res->residue : 0;
			if (ds == DMA_ERROR || (res && res->result != DMA_TRANS_NOERROR))
				status = DmaError;
			done = wdmdma_sysdma_take_routine(s, &ctx);
			ended = true;
			residue = s->residue;
		}
	}
	spin_unlock_bh(&s->lock);
	if (ended)
		trace_wdmdma_sysdma_complete(a->id, status, residue);
	wdmdma_sysdma_complete(a, done, ctx, status);
}

/*
 * Start the slave transfer over the pieces in s->list.  Return: 0, or a
 * negative errno (nothing started).
 */
static int wdmdma_sysdma_start(struct wdmdma_adapter *a, enum dma_data_direction dir,
			       u32 devoff)
{
	struct wdmdma_sysdma *s = a->sys;
	enum dma_transfer_direction tdir = dir == DMA_TO_DEVICE ? DMA_MEM_TO_DEV :
					   DMA_DEV_TO_MEM;
	struct dma_slave_config cfg = {
		.src_addr_width = s->width, .dst_addr_width = s->width,
		.src_maxburst = 1, .dst_maxburst = 1,
	};
	struct dma_async_tx_descriptor *tx;
	SCATTER_GATHER_ELEMENT *el = s->list->Elements;
	u32 i, n = s->list->NumberOfElements;

	if (tdir == DMA_MEM_TO_DEV)
		cfg.dst_addr = s->dev_addr + devoff;
	else
		cfg.src_addr = s->dev_addr + devoff;
	if (s->isa) {
		cfg.peripheral_config = &s->isa_mode;
		cfg.peripheral_size = sizeof(s->isa_mode);
	}
	if (dmaengine_slave_config(s->chan, &cfg))
		return -EINVAL;
	if (s->cyclic) {
		if (n != 1)
			return -EINVAL;
		tx = dmaengine_prep_dma_cyclic(s->chan, el[0].Address.QuadPart, el[0].Length,
					       el[0].Length, tdir, DMA_PREP_INTERRUPT);
	} else {
		sg_init_table(s->sg, n);
		for (i = 0; i < n; i++) {
			sg_dma_address(&s->sg[i]) = el[i].Address.QuadPart;
			sg_dma_len(&s->sg[i]) = el[i].Length;
		}
		tx = dmaengine_prep_slave_sg(s->chan, s->sg, n, tdir, DMA_PREP_INTERRUPT);
	}
	if (!tx)
		return -EIO;
	tx->callback_result = wdmdma_sysdma_callback;
	tx->callback_param = a;
	s->cookie = dmaengine_submit(tx);
	if (dma_submit_error(s->cookie))
		return -EIO;
	dma_async_issue_pending(s->chan);
	return 0;
}

/**
 * wdmdma_sysdma_map() - MapTransfer(Ex) on a system-DMA adapter
 * @a: the adapter
 * @mdl: the MDL
 * @base: the MapRegisterBase
 * @va: first byte
 * @len: bytes (the whole transfer; within one MDL, checked by the caller)
 * @dir: direction
 * @devoff: MapTransferEx's DeviceOffset, added to the device address
 * @done: a version 3 completion routine, or NULL
 * @done_ctx: its context
 * @addr: out: the first piece's device address
 * @call: the entry, for reports
 *
 * Return: STATUS_SUCCESS (the transfer runs); otherwise nothing runs:
 * STATUS_DEVICE_BUSY while a transfer is mapped and not flushed,
 * STATUS_CANCELLED after CancelMappedTransfer, STATUS_INSUFFICIENT_RESOURCES
 * when the range could not be mapped whole, STATUS_UNSUCCESSFUL when the
 * controller refused the transfer (all reported).
 */
NTSTATUS wdmdma_sysdma_map(struct wdmdma_adapter *a, PMDL mdl, PVOID base, unsigned long va,
			   u32 len, enum dma_data_direction dir, u32 devoff,
			   PDMA_COMPLETION_ROUTINE done, PVOID done_ctx, dma_addr_t *addr,
			   const char *call)
{
	struct wdmdma_sysdma *s = a->sys;
	NTSTATUS status = STATUS_SUCCESS;
	u32 got;

	spin_lock_bh(&s->lock);
	if (s->cancelled)
		status = STATUS_CANCELLED;
	else if (s->active)
		status = STATUS_DEVICE_BUSY;
	else
		s->active = true;	/* this call owns the transfer state */
	spin_unlock_bh(&s->lock);
	if (status != STATUS_SUCCESS) {
		if (status == STATUS_CANCELLED)
			wdmdma_report(a, call,
				      "cancelled (CancelMappedTransfer): flush, then free the channel");
		else
			wdmdma_report_chk(a, call, WDMDMA_CHK_NOT_FLUSHED,
					  "a transfer is mapped and not flushed (FlushAdapterBuffers first)");
		return status;
	}
	s->list->NumberOfElements = 0;
	got = wdmdma_map_transfer_list(a, mdl, base, va, len, dir, s->list, s->nsg, call);
	if (got != len) {
		wdmdma_report(a, call, "mapped %u of %u bytes: a system transfer is mapped whole",
			      got, len);
		status = STATUS_INSUFFICIENT_RESOURCES;
		goto err;
	}
	*addr = s->list->Elements[0].Address.QuadPart;
	spin_lock_bh(&s->lock);
	s->residue = len;
	s->finished = false;
	s->done = done;
	s->done_ctx = done_ctx;
	spin_unlock_bh(&s->lock);
	if (wdmdma_sysdma_start(a, dir, devoff)) {
		wdmdma_report(a, call, "%s refused the transfer (%u bytes, %u pieces%s)",
			      dma_chan_name(s->chan), len, s->list->NumberOfElements,
			      s->cyclic ? ", AutoInitialize" : "");
		status = STATUS_UNSUCCESSFUL;
		goto err;
	}
	trace_wdmdma_sysdma_submit(a->id, dma_chan_name(s->chan), len, s->cyclic, s->cookie);
	return STATUS_SUCCESS;

err:
	/* The mapping stays for the driver's FlushAdapterBuffers. */
	spin_lock_bh(&s->lock);
	s->done = NULL;
	s->finished = true;
	spin_unlock_bh(&s->lock);
	return status;
}

/**
 * wdmdma_sysdma_stop() - stop the adapter's transfer if it still runs
 * @a: the adapter (a system-DMA one)
 * @status: what a completion routine still owed gets (DmaAborted,
 *	DmaCancelled)
 * @end: the transfer is over (a flush, the channel freed): the next
 *	MapTransfer may start another
 *
 * Return: true when a transfer was mapped.
 */
bool wdmdma_sysdma_stop(struct wdmdma_adapter *a, DMA_COMPLETION_STATUS status, bool end)
{
	struct wdmdma_sysdma *s = a->sys;
	PDMA_COMPLETION_ROUTINE done = NULL;
	struct dma_tx_state st;
	bool active, running;
	PVOID ctx = NULL;

	spin_lock_bh(&s->lock);
	active = s->active;
	running = active && !s->finished;
	if (running)
		s->finished = true;	/* a late callback of it does nothing */
	st.residue = s->residue;	/* a controller without residue: all left */
	spin_unlock_bh(&s->lock);
	if (running) {
		if (dmaengine_tx_status(s->chan, s->cookie, &st) == DMA_COMPLETE)
			st.residue = 0;
		dmaengine_terminate_async(s->chan);
		spin_lock_bh(&s->lock);
		s->residue = st.residue;
		done = wdmdma_sysdma_take_routine(s, &ctx);
		spin_unlock_bh(&s->lock);
		trace_wdmdma_sysdma_complete(a->id, status, st.residue);
	}
	wdmdma_sysdma_complete(a, done, ctx, status);
	if (end) {
		spin_lock_bh(&s->lock);
		s->active = false;
		s->done = NULL;
		spin_unlock_bh(&s->lock);
	}
	return active;
}

/**
 * wdmdma_sysdma_channel_freed() - the channel was released: stop and forget
 * @a: the adapter
 * @call: the entry, for a report when a transfer still ran
 */
void wdmdma_sysdma_channel_freed(struct wdmdma_adapter *a, const char *call)
{
	struct wdmdma_sysdma *s = a->sys;

	if (!s)
		return;
	if (wdmdma_sysdma_stop(a, DmaAborted, true))
		wdmdma_report_chk(a, call, WDMDMA_CHK_NOT_FLUSHED,
				  "a transfer was mapped and not flushed: stopped");
	spin_lock_bh(&s->lock);
	s->cancelled = false;
	spin_unlock_bh(&s->lock);
}

/* PDMA_OPERATIONS->ReadDmaCounter: bytes the current transfer has left. */
static ULONG wdmdma_read_dma_counter(PDMA_ADAPTER da)
{
	struct wdmdma_adapter *a;
	struct wdmdma_sysdma *s;
	struct dma_tx_state st;
	enum dma_status ds;
	ULONG left = 0;

	rcu_read_lock();
	a = wdmdma_adapter_find(da, "ReadDmaCounter");
	s = a ? a->sys : NULL;
	if (!s || s->ignore_count)
		goto out;	/* a bus master has no counter; IgnoreCount: unreliable */
	spin_lock_bh(&s->lock);
	left = s->active ? s->residue : 0;
	if (s->active && !s->finished) {
		st.residue = left;
		ds = dmaengine_tx_status(s->chan, s->cookie, &st);
		left = ds == DMA_COMPLETE ? 0 : st.residue;
	}
	spin_unlock_bh(&s->lock);
out:
	rcu_read_unlock();
	return left;
}

/* PDMA_OPERATIONS->CancelMappedTransfer on a live adapter. */
static NTSTATUS wdmdma_cancel_mapped_on(struct wdmdma_adapter *a, PVOID ctx)
{
	static const char call[] = "CancelMappedTransfer";
	struct wdmdma_sysdma *s = a->sys;
	bool active;

	if (!s) {
		wdmdma_report(a, call, "not a system DMA adapter");
		return STATUS_INVALID_DEVICE_REQUEST;
	}
	if (!wdmdma_xfer_valid(a, ctx, call))
		return STATUS_INVALID_PARAMETER;
	spin_lock_bh(&s->lock);
	active = s->active;
	if (active)
		s->cancelled = true;
	spin_unlock_bh(&s->lock);
	if (!active) {
		wdmdma_report_chk(a, call, WDMDMA_CHK_NEVER_MAPPED, "no transfer is mapped");
		return STATUS_INVALID_DEVICE_STATE;
	}
	wdmdma_sysdma_stop(a, DmaCancelled, false);
	return STATUS_SUCCESS;
}

/**
 * wdmdma_cancel_mapped_transfer() - PDMA_OPERATIONS->CancelMappedTransfer
 * @da: the adapter
 * @ctx: the DmaTransferContext of the AllocateAdapterChannelEx call
 *
 * Stops the system transfer; its completion routine, if it has not run
 * yet, runs with DmaCancelled.  MapTransferEx is then refused until the
 * transfer is flushed and the channel freed.
 *
 * Return: STATUS_SUCCESS; STATUS_INVALID_DEVICE_REQUEST for a bus master,
 * STATUS_INVALID_DEVICE_STATE with no transfer mapped,
 * STATUS_INVALID_PARAMETER for a bad context (all reported).
 */
NTSTATUS wdmdma_cancel_mapped_transfer(PDMA_ADAPTER da, PVOID ctx)
{
	static const char call[] = "CancelMappedTransfer";
	NTSTATUS status = STATUS_INVALID_PARAMETER;
	struct wdmdma_adapter *a;

	rcu_read_lock();
	a = wdmdma_adapter_find(da, call);
	if (a && wdmdma_irql_ok(a, call))
		status = wdmdma_cancel_mapped_on(a, ctx);
	rcu_read_unlock();
	return status;
}

/**
 * wdmdma_sysdma_ops() - put the system-DMA entries in a table
 * @ops: the table being built
 */
void wdmdma_sysdma_ops(DMA_OPERATIONS *ops)
{
	ops->ReadDmaCounter = wdmdma_read_dma_counter;
	ops->CancelMappedTransfer = wdmdma_cancel_mapped_transfer;
}
