// SPDX-License-Identifier: GPL-2.0
/*
 * wdmdma_swdmac: a software DMA controller -- a test and development aid.
 *
 * A real dmaengine provider (dma_async_device_register()), not a mock: it
 * shows what the 8237 cannot (32-bit addresses, request lines with a
 * device-side address as SoC controllers have them, slave scatter/gather,
 * pause, errors, exact residue), and the kernel's own dmatest client
 * validates it as a provider.  Its struct device is a platform device,
 * SWDMAC_NAME, with an addr_bits-bit DMA mask; clients map their memory
 * for it as for any controller.
 *
 * Request line N is channel N.  Its device side is a FIFO of fifo_size
 * bytes at bus address swdmac_fifo_addr(N) (a name, never dereferenced):
 * DMA_MEM_TO_DEV fills it, DMA_DEV_TO_MEM drains it, and tests use
 * swdmac_fifo_put() and swdmac_fifo_get() as the device would.  A full or
 * empty FIFO stalls the transfer until a test makes room or data.  Every
 * channel also does memcpy.  Slave scatter/gather and cyclic (a ring of
 * periods, a callback per period, until terminated) transfers are
 * supported, so are pause, resume, terminate and synchronize.
 *
 * The engine of a channel is a soft high-resolution timer ("tick"): every
 * tick_us it moves bytes_per_tick bytes of the active transfer (0: all of
 * it), reading and writing memory through the bus addresses the client
 * mapped (dma_to_phys() of this device).  Residue is exact, in bytes.  An
 * error injected with swdmac_inject_error() ends the next transfer after
 * the given bytes with the given result (DMA_ERROR for its cookie).
 * Completion callbacks run from the tick, in softirq context, outside the
 * channel's lock; finished descriptors are freed after their callback.
 *
 * LOCKING
 *
 * Each channel's spin lock (c->lock, irqsave: clients may call from hard
 * interrupts) guards its lists, cookies, configuration, FIFO, rate and
 * injected error.  Callbacks are collected under it and called after it is
 * dropped.  The tick timer is started under the lock and cancelled without
 * it (synchronize, free).
 */
#include <linux/dma-direct.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/highmem.h>
#include <linux/hrtimer.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vmalloc.h>

#include <wdmdma/swdmac.h>

static unsigned int lines = 4;
module_param(lines, uint, 0444);
MODULE_PARM_DESC(lines, "request lines (channels), 1 to 16");

static unsigned int fifo_size = 65536;
module_param(fifo_size, uint, 0444);
MODULE_PARM_DESC(fifo_size, "bytes of each line's device-side FIFO");

static unsigned int addr_bits = 32;
module_param(addr_bits, uint, 0444);
MODULE_PARM_DESC(addr_bits, "the controller's address width (its DMA mask)");

#define SWDMAC_MAX_LINES	16
#define SWDMAC_TICK_US		20
#define SWDMAC_STEP		PAGE_SIZE

/* One contiguous piece of a transfer's memory side. */
struct swdmac_seg {
	dma_addr_t addr;
	u32 len;
};

struct swdmac_desc {
	struct dma_async_tx_descriptor tx;
	struct list_head node;
	enum dma_transfer_direction dir;
	dma_addr_t dst;			/* memcpy: the destination */
	bool cyclic;
	size_t len;			/* bytes of the whole transfer (one ring) */
	size_t done;			/* bytes moved (within the ring if cyclic) */
	size_t period;			/* cyclic: bytes per period */
	enum dmaengine_tx_result result;
	unsigned int nseg;
	struct swdmac_seg seg[];
};

struct swdmac_chan {
	struct dma_chan chan;
	struct swdmac *s;
	u32 line;
	spinlock_t lock;		/* see LOCKING */
	struct list_head submitted;
	struct list_head issued;	/* the first is active */
	dma_cookie_t completed;
	dma_cookie_t err_cookie;	/* the last transfer that ended in error */
	struct dma_slave_config cfg;
	bool paused;
	u8 *fifo;
	size_t head, count;		/* FIFO: next byte to read, bytes held */
	u8 *scratch;			/* SWDMAC_STEP bytes: one step's data */
	u32 bytes_per_tick;		/* 0: a whole transfer per tick */
	ktime_t tick;
	ssize_t fail_after;		/* < 0: no error injected */
	enum dmaengine_tx_result fail_result;
	u64 moved;			/* bytes moved, for tests */
	bool ticking;			/* the timer is armed or will re-arm */
	struct hrtimer timer;
};

struct swdmac {
	struct platform_device *pdev;
	struct dma_device dd;
	unsigned int nchan;
	struct swdmac_chan chan[];
};

static struct swdmac *swdmac;

static struct swdmac_chan *to_swdmac_chan(struct dma_chan *chan)
{
	return container_of(chan, struct swdmac_chan, chan);
}

static struct swdmac_desc *to_swdmac_desc(struct dma_async_tx_descriptor *tx)
{
	return container_of(tx, struct swdmac_desc, tx);
}

static struct swdmac_chan *swdmac_line(u32 line)
{
	if (!swdmac || line >= swdmac->nchan)
		return NULL;
	return &swdmac->chan[line];
}

/* Copy between @buf and the memory at bus address @addr (one page at most). */
static bool swdmac_mem(struct swdmac_chan *c, dma_addr_t addr, void *buf, size_t len,
		       bool to_mem)
{
	phys_addr_t phys = dma_to_phys(c->s->dd.dev, addr);
	unsigned long pfn = PHYS_PFN(phys);
	void *va;

	if (!pfn_valid(pfn) || offset_in_page(phys) + len > PAGE_SIZE)
		return false;
	va = kmap_local_page(pfn_to_page(pfn));
	if (to_mem)
		memcpy(va + offset_in_page(phys), buf, len);
	else
		memcpy(buf, va + offset_in_page(phys), len);
	kunmap_local(va);
	return true;
}

/* The FIFO's side of one step: take @len bytes out or put them in. */
static void swdmac_fifo_move(struct swdmac_chan *c, void *buf, size_t len, bool out)
{
	size_t pos, n;

	while (len) {
		pos = out ? c->head : (c->head + c->count) % fifo_size;
		n = min(len, fifo_size - pos);
		if (out) {
			memcpy(buf, c->fifo + pos, n);
			c->head = (c->head + n) % fifo_size;
			c->count -= n;
		} else {
			memcpy(c->fifo + pos, buf, n);
			c->count += n;
		}
		buf += n;
		len -= n;
	}
}

/* The bus address of the transfer's byte @off and the bytes left in its piece. */
static dma_addr_t swdmac_desc_addr(struct swdmac_desc *d, size_t off, size_t *left)
{
	unsigned int i;

	for (i = 0; i < d->nseg; i++) {
		if (off < d->seg[i].len) {
			*left = d->seg[i].len - off;
			return d->seg[i].addr + off;
		}
		off -= d->seg[i].len;
	}
	*left = 0;
	return 0;
}

/*
 * Move up to @budget bytes of @d.  Lock held.  Returns the bytes moved;
 * sets d->result when the transfer fails (injected, or an address the
 * controller cannot reach).
 */
static size_t swdmac_step(struct swdmac_chan *c, struct swdmac_desc *d, size_t budget)
{
	size_t moved = 0, n, left;
	dma_addr_t addr;

	while (moved < budget && d->result == DMA_TRANS_NOERROR) {
		n = min3(budget - moved, (size_t)SWDMAC_STEP, d->len - d->done);
		if (!n)
			break;
		if (d->cyclic && d->period)
			n = min(n, d->period - d->done % d->period);
		if (c->fail_after >= 0) {
			if (!c->fail_after) {
				d->result = c->fail_result;
				c->fail_after = -1;
				break;
			}
			n = min_t(size_t, n, c->fail_after);
		}
		addr = swdmac_desc_addr(d, d->done, &left);
		n = min(n, left);
		n = min(n, PAGE_SIZE - offset_in_page(dma_to_phys(c->s->dd.dev, addr)));
		if (d->dir == DMA_MEM_TO_DEV)
			n = min(n, fifo_size - c->count);
		else if (d->dir == DMA_DEV_TO_MEM)
			n = min(n, c->count);
		else	/* memcpy: the destination's page too */
			n = min(n, PAGE_SIZE - offset_in_page(dma_to_phys(c->s->dd.dev,
									  d->dst + d->done)));
		if (!n)
			break;	/* FIFO full or empty: stalled until the device side moves */
		if (d->dir == DMA_DEV_TO_MEM) {
			swdmac_fifo_move(c, c->scratch, n, true);
			if (!swdmac_mem(c, addr, c->scratch, n, true))
				d->result = DMA_TRANS_WRITE_FAILED;
		} else if (!swdmac_mem(c, addr, c->scratch, n, false)) {
			d->result = DMA_TRANS_READ_FAILED;
		} else if (d->dir == DMA_MEM_TO_DEV) {
			swdmac_fifo_move(c, c->scratch, n, false);
		} else if (!swdmac_mem(c, d->dst + d->done, c->scratch, n, true)) {
			d->result = DMA_TRANS_WRITE_FAILED;
		}
		if (d->result != DMA_TRANS_NOERROR)
			break;
		if (c->fail_after > 0)
			c->fail_after -= n;
		d->done += n;
		moved += n;
		c->moved += n;
		if (d->cyclic && d->done == d->len)
			break;
		if (d->cyclic && d->period && d->done % d->period == 0)
			break;	/* one period at a time: a callback each */
	}
	return moved;
}

static void swdmac_callback(struct swdmac_desc *d, u32 residue)
{
	struct dmaengine_result res = { .result = d->result, .residue = residue };

	if (d->tx.callback_result)
		d->tx.callback_result(d->tx.callback_param, &res);
	else if (d->tx.callback)
		d->tx.callback(d->tx.callback_param);
}

static void swdmac_free_list(struct list_head *list)
{
	struct swdmac_desc *d, *next;

	list_for_each_entry_safe(d, next, list, node) {
		list_del(&d->node);
		kfree(d);
	}
}

/*
 * A finished (or failed) transfer leaves the channel.  Lock held.  Its
 * cookie is complete; its callback runs from @done after the lock.
 */
static void swdmac_finish(struct swdmac_chan *c, struct swdmac_desc *d, struct list_head *done)
{
	list_move_tail(&d->node, done);
	c->completed = d->tx.cookie;
	if (d->result != DMA_TRANS_NOERROR)
		c->err_cookie = d->tx.cookie;
}

static enum hrtimer_restart swdmac_tick(struct hrtimer *t)
{
	struct swdmac_chan *c = container_of(t, struct swdmac_chan, timer);
	u32 budget, residue = 0;
	struct swdmac_desc *d, *cyc = NULL;
	unsigned long flags;
	LIST_HEAD(done);
	size_t before;
	bool more;

	spin_lock_irqsave(&c->lock, flags);
	budget = c->bytes_per_tick ?: U32_MAX;
	while (!c->paused && budget) {
		d = list_first_entry_or_null(&c->issued, struct swdmac_desc, node);
		if (!d)
			break;
		before = d->done;
		budget -= swdmac_step(c, d, budget);
		if (d->result != DMA_TRANS_NOERROR) {
			swdmac_finish(c, d, &done);
			continue;
		}
		if (d->cyclic) {
			/* at most one period a tick: it never ends by itself */
			if (d->done != before && (d->done % d->period == 0 || d->done == d->len)) {
				cyc = d;
				residue = d->len - d->done;
				if (d->done == d->len)
					d->done = 0;	/* around the ring again */
			}
			break;
		}
		if (d->done < d->len)
			break;			/* budget spent, or the FIFO stalls */
		swdmac_finish(c, d, &done);
	}
	more = !c->paused && !list_empty(&c->issued);
	c->ticking = more;
	spin_unlock_irqrestore(&c->lock, flags);

	/*
	 * A cyclic transfer is freed only by terminate, after synchronize
	 * (which cancels this timer), so it is still there for its callbacks.
	 */
	if (cyc)
		swdmac_callback(cyc, residue);
	list_for_each_entry(d, &done, node)
		swdmac_callback(d, d->len - d->done);
	swdmac_free_list(&done);
	if (!more)
		return HRTIMER_NORESTART;
	hrtimer_forward_now(t, c->tick);
	return HRTIMER_RESTART;
}

/*
 * Start the engine if it has work and is not ticking.  Lock held.  A tick
 * that found no more work cleared ticking under the lock, so work added
 * after it is never left without a tick.
 */
static void swdmac_kick(struct swdmac_chan *c)
{
	if (c->ticking || c->paused || list_empty(&c->issued))
		return;
	c->ticking = true;
	hrtimer_start(&c->timer, c->bytes_per_tick ? c->tick : 0, HRTIMER_MODE_REL_SOFT);
}

/* The tick is cancelled: start it again if work came meanwhile. */
static void swdmac_stopped(struct swdmac_chan *c)
{
	unsigned long flags;

	spin_lock_irqsave(&c->lock, flags);
	c->ticking = false;
	swdmac_kick(c);
	spin_unlock_irqrestore(&c->lock, flags);
}

static dma_cookie_t swdmac_tx_submit(struct dma_async_tx_descriptor *tx)
{
	struct swdmac_chan *c = to_swdmac_chan(tx->chan);
	struct swdmac_desc *d = to_swdmac_desc(tx);
	unsigned long flags;
	dma_cookie_t cookie;

	spin_lock_irqsave(&c->lock, flags);
	cookie = c->chan.cookie + 1;
	if (cookie < DMA_MIN_COOKIE)
		cookie = DMA_MIN_COOKIE;
	c->chan.cookie = cookie;
	tx->cookie = cookie;
	list_add_tail(&d->node, &c->submitted);
	spin_unlock_irqrestore(&c->lock, flags);
	return cookie;
}

static struct swdmac_desc *swdmac_desc_alloc(struct swdmac_chan *c, unsigned int nseg,
					     enum dma_transfer_direction dir,
					     unsigned long flags)
{
	struct swdmac_desc *d = kzalloc(struct_size(d, seg, nseg), GFP_NOWAIT);

	if (!d)
		return NULL;
	d->nseg = nseg;
	d->dir = dir;
	dma_async_tx_descriptor_init(&d->tx, &c->chan);
	d->tx.flags = flags;
	d->tx.tx_submit = swdmac_tx_submit;
	INIT_LIST_HEAD(&d->node);
	return d;
}

/* A slave transfer's device side must be this line's FIFO. */
static bool swdmac_slave_ok(struct swdmac_chan *c, enum dma_transfer_direction dir)
{
	dma_addr_t want = swdmac_fifo_addr(c->line);

	if (dir == DMA_MEM_TO_DEV && c->cfg.dst_addr == want)
		return true;
	if (dir == DMA_DEV_TO_MEM && c->cfg.src_addr == want)
		return true;
	dev_dbg(c->s->dd.dev, "line %u: %s with a device address other than its FIFO %pad\n",
		c->line, dir == DMA_MEM_TO_DEV ? "MEM_TO_DEV" : "DEV_TO_MEM", &want);
	return false;
}

static struct dma_async_tx_descriptor *
swdmac_prep_slave_sg(struct dma_chan *chan, struct scatterlist *sgl, unsigned int sg_len,
		     enum dma_transfer_direction dir, unsigned long flags, void *context)
{
	struct swdmac_chan *c = to_swdmac_chan(chan);
	struct scatterlist *sg;
	struct swdmac_desc *d;
	unsigned int i;

	if (!sg_len || (dir != DMA_MEM_TO_DEV && dir != DMA_DEV_TO_MEM) ||
	    !swdmac_slave_ok(c, dir))
		return NULL;
	d = swdmac_desc_alloc(c, sg_len, dir, flags);
	if (!d)
		return NULL;
	for_each_sg(sgl, sg, sg_len, i) {
		d->seg[i].addr = sg_dma_address(sg);
		d->seg[i].len = sg_dma_len(sg);
		d->len += sg_dma_len(sg);
	}
	return &d->tx;
}

static struct dma_async_tx_descriptor *
swdmac_prep_cyclic(struct dma_chan *chan, dma_addr_t buf, size_t buf_len, size_t period_len,
		   enum dma_transfer_direction dir, unsigned long flags)
{
	struct swdmac_chan *c = to_swdmac_chan(chan);
	struct swdmac_desc *d;

	if (!buf_len || !period_len || buf_len % period_len || buf_len > U32_MAX ||
	    (dir != DMA_MEM_TO_DEV && dir != DMA_DEV_TO_MEM) || !swdmac_slave_ok(c, dir))
		return NULL;
	d = swdmac_desc_alloc(c, 1, dir, flags);
	if (!d)
		return NULL;
	d->seg[0].addr = buf;
	d->seg[0].len = buf_len;
	d->len = buf_len;
	d->cyclic = true;
	d->period = period_len;
	return &d->tx;
}

static struct dma_async_tx_descriptor *
swdmac_prep_memcpy(struct dma_chan *chan, dma_addr_t dst, dma_addr_t src, size_t len,
		   unsigned long flags)
{
	struct swdmac_desc *d;

	if (!len || len > U32_MAX)
		return NULL;
	d = swdmac_desc_alloc(to_swdmac_chan(chan), 1, DMA_MEM_TO_MEM, flags);
	if (!d)
		return NULL;
	d->seg[0].addr = src;
	d->seg[0].len = len;
	d->len = len;
	d->dst = dst;
	return &d->tx;
}

static int swdmac_config(struct dma_chan *chan, struct dma_slave_config *cfg)
{
	struct swdmac_chan *c = to_swdmac_chan(chan);
	unsigned long flags;

	spin_lock_irqsave(&c->lock, flags);
	c->cfg = *cfg;
	spin_unlock_irqrestore(&c->lock, flags);
	return 0;
}

static int swdmac_pause(struct dma_chan *chan)
{
	struct swdmac_chan *c = to_swdmac_chan(chan);
	unsigned long flags;

	spin_lock_irqsave(&c->lock, flags);
	c->paused = true;
	spin_unlock_irqrestore(&c->lock, flags);
	return 0;
}

static int swdmac_resume(struct dma_chan *chan)
{
	struct swdmac_chan *c = to_swdmac_chan(chan);
	unsigned long flags;

	spin_lock_irqsave(&c->lock, flags);
	c->paused = false;
	swdmac_kick(c);
	spin_unlock_irqrestore(&c->lock, flags);
	return 0;
}

/* Drop every transfer, no callback; the tick may still be running. */
static int swdmac_terminate_all(struct dma_chan *chan)
{
	struct swdmac_chan *c = to_swdmac_chan(chan);
	unsigned long flags;
	LIST_HEAD(gone);

	spin_lock_irqsave(&c->lock, flags);
	list_splice_init(&c->submitted, &gone);
	list_splice_init(&c->issued, &gone);
	c->paused = false;
	c->completed = c->chan.cookie;
	spin_unlock_irqrestore(&c->lock, flags);
	/*
	 * A running tick may still call a cyclic transfer's callback with
	 * it: freed after the tick is gone.
	 */
	hrtimer_cancel(&c->timer);
	swdmac_stopped(c);
	swdmac_free_list(&gone);
	return 0;
}

static void swdmac_synchronize(struct dma_chan *chan)
{
	struct swdmac_chan *c = to_swdmac_chan(chan);

	hrtimer_cancel(&c->timer);
	swdmac_stopped(c);
}

static enum dma_status swdmac_tx_status(struct dma_chan *chan, dma_cookie_t cookie,
					struct dma_tx_state *state)
{
	struct swdmac_chan *c = to_swdmac_chan(chan);
	enum dma_status status;
	struct swdmac_desc *d;
	unsigned long flags;
	u32 residue = 0;

	spin_lock_irqsave(&c->lock, flags);
	status = dma_async_is_complete(cookie, c->completed, c->chan.cookie);
	if (status == DMA_COMPLETE) {
		if (cookie == c->err_cookie)
			status = DMA_ERROR;
		goto out;
	}
	list_for_each_entry(d, &c->issued, node) {
		if (d->tx.cookie == cookie) {
			residue = d->len - d->done;
			goto found;
		}
	}
	list_for_each_entry(d, &c->submitted, node) {
		if (d->tx.cookie == cookie) {
			residue = d->len;
			goto found;
		}
	}
found:
	if (c->paused)
		status = DMA_PAUSED;
out:
	dma_set_tx_state(state, c->completed, c->chan.cookie, residue);
	spin_unlock_irqrestore(&c->lock, flags);
	return status;
}

static void swdmac_issue_pending(struct dma_chan *chan)
{
	struct swdmac_chan *c = to_swdmac_chan(chan);
	unsigned long flags;

	spin_lock_irqsave(&c->lock, flags);
	list_splice_tail_init(&c->submitted, &c->issued);
	swdmac_kick(c);
	spin_unlock_irqrestore(&c->lock, flags);
}

static int swdmac_alloc_chan_resources(struct dma_chan *chan)
{
	struct swdmac_chan *c = to_swdmac_chan(chan);
	unsigned long flags;

	spin_lock_irqsave(&c->lock, flags);
	c->completed = c->chan.cookie;
	c->err_cookie = 0;
	c->paused = false;
	memset(&c->cfg, 0, sizeof(c->cfg));
	spin_unlock_irqrestore(&c->lock, flags);
	return 0;
}

static void swdmac_free_chan_resources(struct dma_chan *chan)
{
	swdmac_terminate_all(chan);
}

/**
 * swdmac_filter() - dma_request_channel() filter for one request line
 * @chan: a candidate channel
 * @line: the line number, cast to a pointer
 *
 * Return: true for this controller's channel of that line.
 */
bool swdmac_filter(struct dma_chan *chan, void *line)
{
	return swdmac && chan->device == &swdmac->dd &&
	       to_swdmac_chan(chan)->line == (uintptr_t)line;
}
EXPORT_SYMBOL_GPL(swdmac_filter);

/**
 * swdmac_device() - the controller's struct device (what clients map for)
 *
 * Return: the device, or NULL before the module is initialised.
 */
struct device *swdmac_device(void)
{
	return swdmac ? swdmac->dd.dev : NULL;
}
EXPORT_SYMBOL_GPL(swdmac_device);

/**
 * swdmac_lines() - how many request lines there are
 *
 * Return: the number of lines (channels).
 */
u32 swdmac_lines(void)
{
	return swdmac ? swdmac->nchan : 0;
}
EXPORT_SYMBOL_GPL(swdmac_lines);

/**
 * swdmac_fifo_addr() - the bus address of a line's FIFO
 * @line: request line
 *
 * Return: what a client puts in dma_slave_config's src_addr or dst_addr.
 */
dma_addr_t swdmac_fifo_addr(u32 line)
{
	return SWDMAC_FIFO_BASE + (dma_addr_t)line * SWDMAC_FIFO_STRIDE;
}
EXPORT_SYMBOL_GPL(swdmac_fifo_addr);

/*
 * The device side of a FIFO: put data in (@put) or take it out.  Starts a
 * transfer that was stalled on it.
 */
static size_t swdmac_fifo_io(u32 line, void *buf, size_t len, bool put)
{
	struct swdmac_chan *c = swdmac_line(line);
	unsigned long flags;

	if (!c)
		return 0;
	spin_lock_irqsave(&c->lock, flags);
	len = min(len, put ? fifo_size - c->count : c->count);
	swdmac_fifo_move(c, buf, len, !put);
	swdmac_kick(c);
	spin_unlock_irqrestore(&c->lock, flags);
	return len;
}

/**
 * swdmac_fifo_put() - the device produces data (read by DEV_TO_MEM)
 * @line: request line
 * @buf: the data
 * @len: its bytes
 *
 * Return: the bytes that fitted.
 */
size_t swdmac_fifo_put(u32 line, const void *buf, size_t len)
{
	return swdmac_fifo_io(line, (void *)buf, len, true);
}
EXPORT_SYMBOL_GPL(swdmac_fifo_put);

/**
 * swdmac_fifo_get() - the device consumes data (written by MEM_TO_DEV)
 * @line: request line
 * @buf: where the bytes go
 * @len: at most this many
 *
 * Return: the bytes taken.
 */
size_t swdmac_fifo_get(u32 line, void *buf, size_t len)
{
	return swdmac_fifo_io(line, buf, len, false);
}
EXPORT_SYMBOL_GPL(swdmac_fifo_get);

/**
 * swdmac_fifo_level() - bytes a line's FIFO holds
 * @line: request line
 *
 * Return: the bytes, 0 for a line that does not exist.
 */
size_t swdmac_fifo_level(u32 line)
{
	struct swdmac_chan *c = swdmac_line(line);
	unsigned long flags;
	size_t n;

	if (!c)
		return 0;
	spin_lock_irqsave(&c->lock, flags);
	n = c->count;
	spin_unlock_irqrestore(&c->lock, flags);
	return n;
}
EXPORT_SYMBOL_GPL(swdmac_fifo_level);

/**
 * swdmac_fifo_reset() - empty a line's FIFO, forget its rate and error
 * @line: request line
 *
 * Return: 0, or -EINVAL for a line that does not exist.
 */
int swdmac_fifo_reset(u32 line)
{
	struct swdmac_chan *c = swdmac_line(line);
	unsigned long flags;

	if (!c)
		return -EINVAL;
	spin_lock_irqsave(&c->lock, flags);
	c->head = 0;
	c->count = 0;
	c->bytes_per_tick = 0;
	c->tick = ns_to_ktime((u64)(SWDMAC_TICK_US) * NSEC_PER_USEC);
	c->fail_after = -1;
	c->moved = 0;
	spin_unlock_irqrestore(&c->lock, flags);
	return 0;
}
EXPORT_SYMBOL_GPL(swdmac_fifo_reset);

/**
 * swdmac_set_rate() - how fast a line's transfers go
 * @line: request line
 * @bytes_per_tick: bytes moved each tick; 0 moves a whole transfer at once
 * @tick_us: the tick's period, microseconds (0: the default, 20)
 *
 * Return: 0, or -EINVAL for a line that does not exist.
 */
int swdmac_set_rate(u32 line, u32 bytes_per_tick, u32 tick_us)
{
	struct swdmac_chan *c = swdmac_line(line);
	unsigned long flags;

	if (!c)
		return -EINVAL;
	spin_lock_irqsave(&c->lock, flags);
	c->bytes_per_tick = bytes_per_tick;
	c->tick = ns_to_ktime((u64)(tick_us ?: SWDMAC_TICK_US) * NSEC_PER_USEC);
	spin_unlock_irqrestore(&c->lock, flags);
	return 0;
}
EXPORT_SYMBOL_GPL(swdmac_set_rate);

/**
 * swdmac_inject_error() - make a line's next transfer fail part way
 * @line: request line
 * @after: bytes the transfer moves before it fails
 * @result: what its callback gets (DMA_TRANS_READ_FAILED, ...)
 *
 * Return: 0, or -EINVAL for a line that does not exist or no error result.
 */
int swdmac_inject_error(u32 line, size_t after, enum dmaengine_tx_result result)
{
	struct swdmac_chan *c = swdmac_line(line);
	unsigned long flags;

	if (!c || result == DMA_TRANS_NOERROR)
		return -EINVAL;
	spin_lock_irqsave(&c->lock, flags);
	c->fail_after = after;
	c->fail_result = result;
	spin_unlock_irqrestore(&c->lock, flags);
	return 0;
}
EXPORT_SYMBOL_GPL(swdmac_inject_error);

/**
 * swdmac_transferred() - bytes a line moved since its last reset
 * @line: request line
 *
 * Return: the bytes.
 */
u64 swdmac_transferred(u32 line)
{
	struct swdmac_chan *c = swdmac_line(line);
	unsigned long flags;
	u64 n;

	if (!c)
		return 0;
	spin_lock_irqsave(&c->lock, flags);
	n = c->moved;
	spin_unlock_irqrestore(&c->lock, flags);
	return n;
}
EXPORT_SYMBOL_GPL(swdmac_transferred);

static void swdmac_free(struct swdmac *s)
{
	unsigned int i;

	for (i = 0; i < s->nchan; i++) {
		kfree(s->chan[i].scratch);
		vfree(s->chan[i].fifo);
	}
	kfree(s);
}

static int swdmac_chan_init(struct swdmac *s, u32 line)
{
	struct swdmac_chan *c = &s->chan[line];

	c->s = s;
	c->line = line;
	spin_lock_init(&c->lock);
	INIT_LIST_HEAD(&c->submitted);
	INIT_LIST_HEAD(&c->issued);
	hrtimer_init(&c->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	c->timer.function = swdmac_tick;
	c->fifo = vzalloc(fifo_size);
	c->scratch = kmalloc(SWDMAC_STEP, GFP_KERNEL);
	if (!c->fifo || !c->scratch)
		return -ENOMEM;
	c->chan.device = &s->dd;
	list_add_tail(&c->chan.device_node, &s->dd.channels);
	return swdmac_fifo_reset(line);
}

static void swdmac_dd_init(struct swdmac *s)
{
	struct dma_device *dd = &s->dd;

	dd->dev = &s->pdev->dev;
	dd->owner = THIS_MODULE;
	INIT_LIST_HEAD(&dd->channels);
	dma_cap_set(DMA_PRIVATE, dd->cap_mask);	/* requested, never in the public pool */
	dma_cap_set(DMA_SLAVE, dd->cap_mask);
	dma_cap_set(DMA_CYCLIC, dd->cap_mask);
	dma_cap_set(DMA_MEMCPY, dd->cap_mask);
	dd->src_addr_widths = BIT(DMA_SLAVE_BUSWIDTH_1_BYTE) | BIT(DMA_SLAVE_BUSWIDTH_2_BYTES) |
			      BIT(DMA_SLAVE_BUSWIDTH_4_BYTES);
	dd->dst_addr_widths = dd->src_addr_widths;
	dd->directions = BIT(DMA_MEM_TO_DEV) | BIT(DMA_DEV_TO_MEM) | BIT(DMA_MEM_TO_MEM);
	dd->residue_granularity = DMA_RESIDUE_GRANULARITY_BURST;
	dd->max_burst = 16;
	dd->device_alloc_chan_resources = swdmac_alloc_chan_resources;
	dd->device_free_chan_resources = swdmac_free_chan_resources;
	dd->device_prep_dma_memcpy = swdmac_prep_memcpy;
	dd->device_prep_slave_sg = swdmac_prep_slave_sg;
	dd->device_prep_dma_cyclic = swdmac_prep_cyclic;
	dd->device_config = swdmac_config;
	dd->device_pause = swdmac_pause;
	dd->device_resume = swdmac_resume;
	dd->device_terminate_all = swdmac_terminate_all;
	dd->device_synchronize = swdmac_synchronize;
	dd->device_tx_status = swdmac_tx_status;
	dd->device_issue_pending = swdmac_issue_pending;
}

/* dmaengine takes the provider's module from its device's driver: bind one. */
static int swdmac_probe(struct platform_device *pdev)
{
	struct swdmac *s;
	unsigned int i;
	int ret;

	s = kzalloc(struct_size(s, chan, lines), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	s->nchan = lines;
	s->pdev = pdev;
	swdmac_dd_init(s);
	swdmac = s;
	for (i = 0; i < lines; i++) {
		ret = swdmac_chan_init(s, i);
		if (ret)
			goto err_free;
	}
	ret = dma_async_device_register(&s->dd);
	if (ret)
		goto err_free;
	dev_info(s->dd.dev, "%u request lines, FIFOs of %u bytes at %#llx, %u-bit addresses\n",
		 lines, fifo_size, SWDMAC_FIFO_BASE, addr_bits);
	return 0;

err_free:
	swdmac = NULL;
	swdmac_free(s);
	return ret;
}

static struct platform_driver swdmac_driver = {
	.probe = swdmac_probe,	/* no remove: the module's exit undoes the probe */
	.driver = {
		.name = SWDMAC_NAME,
		.probe_type = PROBE_FORCE_SYNCHRONOUS,
	},
};

static struct platform_device *swdmac_pdev;

static int __init swdmac_init(void)
{
	struct platform_device_info info = {
		.name = SWDMAC_NAME, .id = PLATFORM_DEVID_NONE,
	};
	int ret;

	if (!lines || lines > SWDMAC_MAX_LINES || fifo_size < PAGE_SIZE || addr_bits < 24 ||
	    addr_bits > 64)
		return -EINVAL;
	info.dma_mask = DMA_BIT_MASK(addr_bits);
	ret = platform_driver_register(&swdmac_driver);
	if (ret)
		return ret;
	swdmac_pdev = platform_device_register_full(&info);
	if (IS_ERR(swdmac_pdev)) {
		ret = PTR_ERR(swdmac_pdev);
		goto err_driver;
	}
	if (!swdmac) {		/* probe failed (reported by the driver core) */
		ret = -ENODEV;
		goto err_device;
	}
	return 0;

err_device:
	platform_device_unregister(swdmac_pdev);
err_driver:
	platform_driver_unregister(&swdmac_driver);
	return ret;
}

static void __exit swdmac_exit(void)
{
	struct swdmac *s = swdmac;

	dma_async_device_unregister(&s->dd);
	swdmac = NULL;
	swdmac_free(s);
	platform_device_unregister(swdmac_pdev);
	platform_driver_unregister(&swdmac_driver);
}

module_init(swdmac_init);
module_exit(swdmac_exit);
MODULE_DESCRIPTION("wdmdma: a software DMA controller (dmaengine provider) for tests");
MODULE_LICENSE("GPL");
