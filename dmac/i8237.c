// SPDX-License-Identifier: GPL-2.0
/*
 * wdmdma_i8237: a dmaengine provider over the PC's two 8237 DMA
 * controllers, programmed through Linux's ISA DMA API (request_dma(),
 * claim_dma_lock(), set_dma_mode/addr/count(), get_dma_residue()).
 *
 * Each controller is a platform device, I8237_NAME id 0 (channels 0-3,
 * 8-bit) and id 1 (channels 5-7, 16-bit), with a 24-bit DMA mask, its
 * segment boundary (64 KiB or 128 KiB) and its longest segment, so a
 * client maps for what the controller can reach.  A channel is claimed
 * with request_dma() while a client holds it.
 *
 * TRANSFERS.  Slave transfers of exactly one segment (max_sg_burst 1) and
 * cyclic ones (auto-initialize mode, one period: the buffer), DEV_TO_MEM
 * or MEM_TO_DEV; the device side is whatever device answers the channel's
 * DREQ, so src_addr / dst_addr are ignored.  A segment above 16 MiB, longer
 * than 64 KiB (128 KiB), crossing that boundary, or odd on a 16-bit channel
 * is refused with a report.  Issued transfers run one at a time per
 * channel, in order.
 *
 * COMPLETION.  The 8237 raises no interrupt; the device it serves does (a
 * floppy controller, a sound card).  A transfer is complete when the
 * controller's status register shows the channel's terminal count.  The
 * status bits clear on read and are shared by the four channels of a
 * controller, so every read is folded into a latch (under the ISA DMA
 * lock) from which each channel takes its own bit.  The provider looks:
 * when the client asks (tx_status, which also gives the residue), and
 * every jiffy from a timer while a transfer runs; callbacks always come
 * from that timer (softirq), outside the channel's lock.  A cyclic
 * transfer's callback runs each time its terminal count is seen.
 *
 * RESIDUE.  The count register, read under the ISA DMA lock until two
 * reads agree (the 16-bit count is read a byte at a time, so a read while
 * the controller moves data can be torn).  After terminal count the
 * register reads 0xffff (residue 0); a transfer of the controller's whole
 * 64 KiB (128 KiB) that has not started reads the same and is told apart
 * by the terminal-count bit.
 *
 * LOCKING.  c->lock (irqsave) guards a channel's lists, cookies and
 * state; the ISA DMA lock (claim_dma_lock()) is taken inside it, never the
 * other way round, and guards the controllers' registers and the latch.
 * The poll timer is armed under c->lock and deleted without it.
 */
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <asm/dma.h>

#include <wdmdma/i8237.h>
#include <wdmdma/isadma.h>

static unsigned int channels = 0xef;
module_param(channels, uint, 0444);
MODULE_PARM_DESC(channels, "bit mask of the channels offered (0-3, 5-7; default all)");

#define I8237_LIMIT		0xffffffULL	/* 24 address bits */

struct i8237_desc {
	struct dma_async_tx_descriptor tx;
	struct list_head node;
	enum dma_transfer_direction dir;
	dma_addr_t addr;
	u32 len;
	bool cyclic;
};

struct i8237_chan {
	struct dma_chan chan;
	struct i8237_ctl *ctl;
	unsigned int nr;		/* 0-3 or 5-7 */
	spinlock_t lock;		/* see LOCKING */
	struct list_head submitted;
	struct list_head issued;	/* the first runs when active */
	struct list_head done;		/* finished, callback owed */
	bool active;			/* the first issued one is programmed */
	bool paused;
	bool demand;			/* demand transfer mode (slave config), under lock */
	u8 mode;			/* the mode byte last programmed */
	unsigned int wraps;		/* cyclic: terminal counts not yet called back */
	dma_cookie_t completed;
	struct timer_list poll;
};

struct i8237_ctl {
	struct platform_device *pdev;
	struct dma_device dd;
	unsigned int id;		/* 0: channels 0-3, 1: channels 5-7 */
	u32 boundary;			/* bytes: 64 KiB or 128 KiB */
	struct i8237_chan chan[4];
};

static struct i8237_ctl *i8237_ctls[2];
static u8 i8237_tc_latch[2];	/* terminal counts seen; under the ISA DMA lock */

static struct i8237_chan *to_i8237_chan(struct dma_chan *chan)
{
	return container_of(chan, struct i8237_chan, chan);
}

static struct i8237_desc *to_i8237_desc(struct dma_async_tx_descriptor *tx)
{
	return container_of(tx, struct i8237_desc, tx);
}

/* Has the channel reached terminal count since it was programmed?  ISA DMA lock held. */
static bool i8237_take_tc(unsigned int nr)
{
	unsigned int id = nr > 3;
	u8 bit = BIT(nr & 3);
	bool hit;

	i8237_tc_latch[id] |= dma_inb(id ? DMA2_STAT_REG : DMA1_STAT_REG) & 0x0f;
	hit = i8237_tc_latch[id] & bit;
	i8237_tc_latch[id] &= ~bit;
	return hit;
}

/* The count register's bytes left, read until two reads agree.  ISA DMA lock held. */
static u32 i8237_read_count(unsigned int nr)
{
	u32 prev, now;
	int i;

	clear_dma_ff(nr);
	prev = get_dma_residue(nr);
	for (i = 0; i < 4; i++) {
		clear_dma_ff(nr);
		now = get_dma_residue(nr);
		if (now == prev)
			break;
		prev = now;
	}
	return now;
}

static struct i8237_desc *i8237_first(struct i8237_chan *c)
{
	return list_first_entry_or_null(&c->issued, struct i8237_desc, node);
}

/* Program and unmask the channel for the first issued transfer.  Lock held. */
static void i8237_start(struct i8237_chan *c)
{
	struct i8237_desc *d = i8237_first(c);
	unsigned long flags;
	char mode;

	if (c->active || !d)
		return;
	mode = d->dir == DMA_DEV_TO_MEM ? DMA_MODE_READ : DMA_MODE_WRITE;
	if (d->cyclic)
		mode |= DMA_AUTOINIT;
	/* bits 7-6: 01 single transfer (DMA_MODE_*'s), 00 demand */
	if (c->demand)
		mode &= ~I8237_MODE_SELECT;
	c->mode = mode;
	flags = claim_dma_lock();
	disable_dma(c->nr);
	i8237_take_tc(c->nr);		/* a stale terminal count is not this one's */
	clear_dma_ff(c->nr);
	set_dma_mode(c->nr, mode);
	set_dma_addr(c->nr, d->addr);
	set_dma_count(c->nr, d->len);
	if (!c->paused)
		enable_dma(c->nr);
	release_dma_lock(flags);
	c->active = true;
	c->wraps = 0;
	mod_timer(&c->poll, jiffies + 1);
}

/*
 * Look at the running transfer: a finished one goes to c->done and the
 * next starts.  Lock held.  Return: the bytes the running transfer has
 * left (after the look), 0 when none runs.
 */
static u32 i8237_check(struct i8237_chan *c)
{
	struct i8237_desc *d = i8237_first(c);
	unsigned long flags;
	u32 left;
	bool tc;

	if (!c->active || !d)
		return 0;
	flags = claim_dma_lock();
	left = i8237_read_count(c->nr);
	tc = i8237_take_tc(c->nr);
	release_dma_lock(flags);
	if (!left && !tc)
		left = d->len;		/* the whole 64 (128) KiB, not started */
	if (d->cyclic) {
		if (tc)
			c->wraps++;
		return left ?: d->len;
	}
	if (!tc)
		return left;
	c->completed = d->tx.cookie;
	list_move_tail(&d->node, &c->done);
	c->active = false;
	i8237_start(c);
	return 0;
}

static void i8237_callback(struct dma_async_tx_descriptor *tx, u32 residue)
{
	struct dmaengine_result res = { .result = DMA_TRANS_NOERROR, .residue = residue };

	if (tx->callback_result)
		tx->callback_result(tx->callback_param, &res);
	else if (tx->callback)
		tx->callback(tx->callback_param);
}

/* Every jiffy while a transfer runs, or at once when tx_status finished one. */
static void i8237_poll(struct timer_list *t)
{
	struct i8237_chan *c = from_timer(c, t, poll);
	dma_async_tx_callback_result cb_result = NULL;
	dma_async_tx_callback cb = NULL;
	struct i8237_desc *d, *next;
	unsigned int wraps = 0;
	unsigned long flags;
	void *cb_param = NULL;
	LIST_HEAD(done);
	u32 left = 0;

	spin_lock_irqsave(&c->lock, flags);
	if (!c->paused)
		left = i8237_check(c);
	list_splice_init(&c->done, &done);
	d = i8237_first(c);
	if (c->active && d && d->cyclic && c->wraps) {
		/* copied: the descriptor may be freed by a terminate meanwhile */
		wraps = c->wraps;
		c->wraps = 0;
		cb_result = d->tx.callback_result;
		cb = d->tx.callback;
		cb_param = d->tx.callback_param;
	}
	if (c->active)
		mod_timer(&c->poll, jiffies + 1);
	spin_unlock_irqrestore(&c->lock, flags);

	while (wraps--) {
		struct dmaengine_result res = { .result = DMA_TRANS_NOERROR, .residue = left };

		if (cb_result)
			cb_result(cb_param, &res);
		else if (cb)
			cb(cb_param);
	}
	list_for_each_entry_safe(d, next, &done, node) {
		i8237_callback(&d->tx, 0);
		list_del(&d->node);
		kfree(d);
	}
}

static dma_cookie_t i8237_tx_submit(struct dma_async_tx_descriptor *tx)
{
	struct i8237_chan *c = to_i8237_chan(tx->chan);
	struct i8237_desc *d = to_i8237_desc(tx);
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

/* Can the channel move @len bytes at bus address @addr in one go?  Reports why not. */
static bool i8237_segment_ok(struct i8237_chan *c, dma_addr_t addr, size_t len,
			     const char *call)
{
	struct device *dev = c->ctl->dd.dev;
	u64 last = (u64)addr + len - 1;
	const char *why = NULL;

	if (!len)
		why = "no bytes";
	else if (len > c->ctl->boundary)
		why = "longer than the controller moves";
	else if (last > I8237_LIMIT)
		why = "beyond 16 MiB";
	else if ((addr ^ last) & ~(u64)(c->ctl->boundary - 1))
		why = "crosses the controller's boundary";
	else if (c->nr > 3 && ((addr | len) & 1))
		why = "odd address or length on a 16-bit channel";
	if (!why)
		return true;
	dev_err(dev, "%s: channel %u: %pad + %zu bytes refused: %s\n", call, c->nr, &addr, len,
		why);
	return false;
}

static struct i8237_desc *i8237_desc_new(struct i8237_chan *c, enum dma_transfer_direction dir,
					 dma_addr_t addr, size_t len, unsigned long flags,
					 const char *call)
{
	struct i8237_desc *d;

	if (dir != DMA_DEV_TO_MEM && dir != DMA_MEM_TO_DEV) {
		dev_err(c->ctl->dd.dev, "%s: channel %u: only device <-> memory\n", call, c->nr);
		return NULL;
	}
	if (!i8237_segment_ok(c, addr, len, call))
		return NULL;
	d = kzalloc(sizeof(*d), GFP_NOWAIT);
	if (!d)
		return NULL;
	d->dir = dir;
	d->addr = addr;
	d->len = len;
	dma_async_tx_descriptor_init(&d->tx, &c->chan);
	d->tx.flags = flags;
	d->tx.tx_submit = i8237_tx_submit;
	INIT_LIST_HEAD(&d->node);
	return d;
}

static struct dma_async_tx_descriptor *
i8237_prep_slave_sg(struct dma_chan *chan, struct scatterlist *sgl, unsigned int sg_len,
		    enum dma_transfer_direction dir, unsigned long flags, void *context)
{
	struct i8237_chan *c = to_i8237_chan(chan);
	struct i8237_desc *d;

	if (sg_len != 1) {
		dev_err(c->ctl->dd.dev, "prep_slave_sg: channel %u: %u segments, the 8237 takes one\n",
			c->nr, sg_len);
		return NULL;
	}
	d = i8237_desc_new(c, dir, sg_dma_address(sgl), sg_dma_len(sgl), flags, "prep_slave_sg");
	return d ? &d->tx : NULL;
}

static struct dma_async_tx_descriptor *
i8237_prep_cyclic(struct dma_chan *chan, dma_addr_t buf, size_t buf_len, size_t period_len,
		  enum dma_transfer_direction dir, unsigned long flags)
{
	struct i8237_chan *c = to_i8237_chan(chan);
	struct i8237_desc *d;

	if (period_len != buf_len) {
		dev_err(c->ctl->dd.dev,
			"prep_dma_cyclic: channel %u: period %zu of %zu: the 8237 signals only the end of the buffer\n",
			c->nr, period_len, buf_len);
		return NULL;
	}
	d = i8237_desc_new(c, dir, buf, buf_len, flags, "prep_dma_cyclic");
	if (!d)
		return NULL;
	d->cyclic = true;
	return &d->tx;
}

/* The channel's width is fixed by its controller; a client that says otherwise is wrong. */
static int i8237_config(struct dma_chan *chan, struct dma_slave_config *cfg)
{
	struct i8237_chan *c = to_i8237_chan(chan);
	enum dma_slave_buswidth want = c->nr > 3 ? DMA_SLAVE_BUSWIDTH_2_BYTES :
				       DMA_SLAVE_BUSWIDTH_1_BYTE;
	enum dma_slave_buswidth w = cfg->direction == DMA_DEV_TO_MEM ? cfg->src_addr_width :
				    cfg->dst_addr_width;
	const struct wdmdma_isa_dma_mode *m = NULL;
	unsigned long flags;

	if (!w)
		w = cfg->src_addr_width ?: cfg->dst_addr_width;
	if (w && w != want) {
		dev_err(c->ctl->dd.dev, "config: channel %u moves %u-byte units, not %u\n", c->nr,
			want, w);
		return -EINVAL;
	}
	if (cfg->peripheral_config) {
		m = cfg->peripheral_config;
		if (cfg->peripheral_size != sizeof(*m) || m->magic != WDMDMA_ISA_DMA_MODE_MAGIC) {
			dev_err(c->ctl->dd.dev,
				"config: channel %u: peripheral_config is not a struct wdmdma_isa_dma_mode\n",
				c->nr);
			return -EINVAL;
		}
	}
	/* The PC's 8237 has compatible timing only: DmaSpeed has no register. */
	spin_lock_irqsave(&c->lock, flags);
	c->demand = m && m->demand;
	spin_unlock_irqrestore(&c->lock, flags);
	return 0;
}

static int i8237_pause(struct dma_chan *chan)
{
	struct i8237_chan *c = to_i8237_chan(chan);
	unsigned long flags, dflags;

	spin_lock_irqsave(&c->lock, flags);
	c->paused = true;
	dflags = claim_dma_lock();
	disable_dma(c->nr);
	release_dma_lock(dflags);
	spin_unlock_irqrestore(&c->lock, flags);
	return 0;
}

static int i8237_resume(struct dma_chan *chan)
{
	struct i8237_chan *c = to_i8237_chan(chan);
	unsigned long flags, dflags;

	spin_lock_irqsave(&c->lock, flags);
	c->paused = false;
	if (c->active) {
		dflags = claim_dma_lock();
		enable_dma(c->nr);
		release_dma_lock(dflags);
	}
	spin_unlock_irqrestore(&c->lock, flags);
	return 0;
}

static void i8237_free_list(struct list_head *list)
{
	struct i8237_desc *d, *next;

	list_for_each_entry_safe(d, next, list, node) {
		list_del(&d->node);
		kfree(d);
	}
}

/* Mask the channel and drop every transfer, without callbacks. */
static int i8237_terminate_all(struct dma_chan *chan)
{
	struct i8237_chan *c = to_i8237_chan(chan);
	unsigned long flags, dflags;
	LIST_HEAD(gone);

	spin_lock_irqsave(&c->lock, flags);
	dflags = claim_dma_lock();
	disable_dma(c->nr);
	release_dma_lock(dflags);
	list_splice_init(&c->submitted, &gone);
	list_splice_init(&c->issued, &gone);
	list_splice_init(&c->done, &gone);
	c->active = false;
	c->paused = false;
	c->wraps = 0;
	c->completed = c->chan.cookie;
	spin_unlock_irqrestore(&c->lock, flags);
	del_timer(&c->poll);
	i8237_free_list(&gone);
	return 0;
}

static void i8237_synchronize(struct dma_chan *chan)
{
	del_timer_sync(&to_i8237_chan(chan)->poll);
}

static enum dma_status i8237_tx_status(struct dma_chan *chan, dma_cookie_t cookie,
				       struct dma_tx_state *state)
{
	struct i8237_chan *c = to_i8237_chan(chan);
	enum dma_status status = DMA_IN_PROGRESS;
	struct i8237_desc *d;
	unsigned long flags;
	u32 residue = 0;

	spin_lock_irqsave(&c->lock, flags);
	d = i8237_first(c);
	if (d && c->active && d->tx.cookie == cookie) {
		residue = i8237_check(c);
		if (!list_empty(&c->done))
			mod_timer(&c->poll, jiffies);	/* its callback, soon */
	}
	if (dma_async_is_complete(cookie, c->completed, c->chan.cookie) == DMA_COMPLETE) {
		status = DMA_COMPLETE;
		residue = 0;
		goto out;
	}
	list_for_each_entry(d, &c->issued, node)
		if (d->tx.cookie == cookie && !residue)
			residue = d->len;	/* waiting behind the running one */
	list_for_each_entry(d, &c->submitted, node)
		if (d->tx.cookie == cookie)
			residue = d->len;
	if (c->paused)
		status = DMA_PAUSED;
out:
	dma_set_tx_state(state, c->completed, c->chan.cookie, residue);
	spin_unlock_irqrestore(&c->lock, flags);
	return status;
}

static void i8237_issue_pending(struct dma_chan *chan)
{
	struct i8237_chan *c = to_i8237_chan(chan);
	unsigned long flags;

	spin_lock_irqsave(&c->lock, flags);
	list_splice_tail_init(&c->submitted, &c->issued);
	i8237_start(c);
	spin_unlock_irqrestore(&c->lock, flags);
}

static int i8237_alloc_chan_resources(struct dma_chan *chan)
{
	struct i8237_chan *c = to_i8237_chan(chan);
	unsigned long flags;
	int ret;

	ret = request_dma(c->nr, I8237_NAME);
	if (ret) {
		dev_err(c->ctl->dd.dev, "channel %u is taken (request_dma: %d)\n", c->nr, ret);
		return ret;
	}
	spin_lock_irqsave(&c->lock, flags);
	c->completed = c->chan.cookie;
	c->paused = false;
	spin_unlock_irqrestore(&c->lock, flags);
	return 0;
}

static void i8237_free_chan_resources(struct dma_chan *chan)
{
	struct i8237_chan *c = to_i8237_chan(chan);

	i8237_terminate_all(chan);
	i8237_synchronize(chan);
	free_dma(c->nr);
}

/**
 * i8237_filter() - dma_request_channel() filter for one 8237 channel
 * @chan: a candidate channel
 * @channel: the channel number (0-3, 5-7), cast to a pointer
 *
 * Return: true for this provider's channel of that number.
 */
bool i8237_filter(struct dma_chan *chan, void *channel)
{
	unsigned int id;

	for (id = 0; id < ARRAY_SIZE(i8237_ctls); id++)
		if (i8237_ctls[id] && chan->device == &i8237_ctls[id]->dd)
			return to_i8237_chan(chan)->nr == (uintptr_t)channel;
	return false;
}
EXPORT_SYMBOL_GPL(i8237_filter);

/**
 * i8237_device() - the struct device of a channel's controller
 * @channel: 0-3 or 5-7
 *
 * Return: the device (what clients map for), or NULL.
 */
struct device *i8237_device(unsigned int channel)
{
	unsigned int id = channel > 3;

	if (channel > 7 || channel == 4 || !i8237_ctls[id])
		return NULL;
	return i8237_ctls[id]->dd.dev;
}
EXPORT_SYMBOL_GPL(i8237_device);

/**
 * i8237_channel_mode() - the mode byte last programmed on a channel
 * @channel: 0-3 or 5-7
 *
 * The 8237's mode register is write-only; this is what the provider wrote,
 * for tests.
 *
 * Return: the byte, without the channel number set_dma_mode() adds
 * (DMA_MODE_* | DMA_AUTOINIT, bits 7-6 cleared in demand
 * mode), or 0 when the channel has not run a transfer.
 */
u8 i8237_channel_mode(unsigned int channel)
{
	unsigned int id = channel > 3;

	if (channel > 7 || channel == 4 || !i8237_ctls[id])
		return 0;
	return READ_ONCE(i8237_ctls[id]->chan[channel & 3].mode);
}
EXPORT_SYMBOL_GPL(i8237_channel_mode);

static void i8237_dd_init(struct i8237_ctl *s)
{
	struct dma_device *dd = &s->dd;
	enum dma_slave_buswidth w = s->id ? DMA_SLAVE_BUSWIDTH_2_BYTES :
				    DMA_SLAVE_BUSWIDTH_1_BYTE;

	dd->dev = &s->pdev->dev;
	dd->owner = THIS_MODULE;
	INIT_LIST_HEAD(&dd->channels);
	dma_cap_set(DMA_PRIVATE, dd->cap_mask);
	dma_cap_set(DMA_SLAVE, dd->cap_mask);
	dma_cap_set(DMA_CYCLIC, dd->cap_mask);
	dd->src_addr_widths = BIT(w);
	dd->dst_addr_widths = BIT(w);
	dd->directions = BIT(DMA_MEM_TO_DEV) | BIT(DMA_DEV_TO_MEM);
	dd->residue_granularity = DMA_RESIDUE_GRANULARITY_BURST;
	dd->max_burst = 1;
	dd->max_sg_burst = 1;
	dd->device_alloc_chan_resources = i8237_alloc_chan_resources;
	dd->device_free_chan_resources = i8237_free_chan_resources;
	dd->device_prep_slave_sg = i8237_prep_slave_sg;
	dd->device_prep_dma_cyclic = i8237_prep_cyclic;
	dd->device_config = i8237_config;
	dd->device_pause = i8237_pause;
	dd->device_resume = i8237_resume;
	dd->device_terminate_all = i8237_terminate_all;
	dd->device_synchronize = i8237_synchronize;
	dd->device_tx_status = i8237_tx_status;
	dd->device_issue_pending = i8237_issue_pending;
}

static int i8237_probe(struct platform_device *pdev)
{
	unsigned int id = pdev->id, i, nr, n = 0;
	struct device *dev = &pdev->dev;
	struct i8237_ctl *s;
	int ret;

	if (id > 1)
		return -ENODEV;
	s = devm_kzalloc(dev, sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	s->pdev = pdev;
	s->id = id;
	s->boundary = id ? SZ_128K : SZ_64K;
	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(24));
	if (ret)
		return ret;
	/* a platform device has its dma_parms: these cannot fail */
	dma_set_seg_boundary(dev, s->boundary - 1);
	dma_set_max_seg_size(dev, s->boundary);
	i8237_dd_init(s);
	for (i = 0; i < 4; i++) {
		struct i8237_chan *c = &s->chan[i];

		nr = id * 4 + i;
		if (nr == 4 || !(channels & BIT(nr)))
			continue;
		c->ctl = s;
		c->nr = nr;
		spin_lock_init(&c->lock);
		INIT_LIST_HEAD(&c->submitted);
		INIT_LIST_HEAD(&c->issued);
		INIT_LIST_HEAD(&c->done);
		timer_setup(&c->poll, i8237_poll, 0);
		c->chan.device = &s->dd;
		list_add_tail(&c->chan.device_node, &s->dd.channels);
		n++;
	}
	if (!n)
		return -ENODEV;
	ret = dma_async_device_register(&s->dd);
	if (ret)
		return ret;
	i8237_ctls[id] = s;
	platform_set_drvdata(pdev, s);
	dev_info(dev, "8237 channels %s, %u-bit, below 16 MiB, no %u KiB boundary crossed\n",
		 id ? "5-7" : "0-3", id ? 16 : 8, s->boundary >> 10);
	return 0;
}

static void i8237_remove_ctl(struct platform_device *pdev)
{
	struct i8237_ctl *s = platform_get_drvdata(pdev);

	if (!s)
		return;
	dma_async_device_unregister(&s->dd);
	i8237_ctls[s->id] = NULL;
}

static struct platform_driver i8237_driver = {
	.probe = i8237_probe,	/* no remove: the module's exit undoes the probe */
	.driver = {
		.name = I8237_NAME,
		.probe_type = PROBE_FORCE_SYNCHRONOUS,
	},
};

static struct platform_device *i8237_pdevs[2];

static void i8237_unregister(void)
{
	int id;

	for (id = 1; id >= 0; id--) {
		if (!i8237_pdevs[id])
			continue;
		i8237_remove_ctl(i8237_pdevs[id]);
		platform_device_unregister(i8237_pdevs[id]);
		i8237_pdevs[id] = NULL;
	}
	platform_driver_unregister(&i8237_driver);
}

static int __init i8237_init(void)
{
	struct platform_device_info info = { .name = I8237_NAME, .dma_mask = DMA_BIT_MASK(24) };
	int ret, id;

	ret = platform_driver_register(&i8237_driver);
	if (ret)
		return ret;
	for (id = 0; id < 2; id++) {
		info.id = id;
		i8237_pdevs[id] = platform_device_register_full(&info);
		if (IS_ERR(i8237_pdevs[id])) {
			ret = PTR_ERR(i8237_pdevs[id]);
			i8237_pdevs[id] = NULL;
			goto err;
		}
	}
	if (!i8237_ctls[0] && !i8237_ctls[1]) {	/* probes failed (reported) */
		ret = -ENODEV;
		goto err;
	}
	return 0;

err:
	i8237_unregister();
	return ret;
}

static void __exit i8237_exit(void)
{
	i8237_unregister();
}

module_init(i8237_init);
module_exit(i8237_exit);
MODULE_DESCRIPTION("wdmdma: a dmaengine provider for the PC's 8237 DMA controllers");
MODULE_LICENSE("GPL");
