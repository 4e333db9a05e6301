// SPDX-License-Identifier: GPL-2.0
/*
 * The software DMA controller (dmac/swdmac.c) as a dmaengine client sees
 * it: slave transfers in both directions with the data checked at the
 * device-side FIFO, exact residue through a slow transfer, a stalled FIFO,
 * cyclic transfers with a callback per period until terminated, pause and
 * resume, injected errors, memcpy, and a device address that is not the
 * line's FIFO.  System DMA adapters are built on it; this proves the
 * controller first.
 */
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

#include <kunit/test.h>
#include <wdmdma/swdmac.h>

#include "suites.h"

#define SWT_LINE	1
#define SWT_PAGES	3
#define SWT_WAIT	(5 * HZ)

struct swt {
	struct dma_chan *chan;
	struct device *dev;
	void *page[SWT_PAGES];
	struct scatterlist sg[SWT_PAGES];
	int npages;			/* mapped */
	int nents;
	enum dma_data_direction dir;
	struct completion done;
	atomic_t calls;
	enum dmaengine_tx_result result;
	u32 residue;
	u8 *check;
};

static void swt_callback(void *param, const struct dmaengine_result *res)
{
	struct swt *t = param;

	t->result = res->result;
	t->residue = res->residue;
	atomic_inc(&t->calls);
	complete(&t->done);
}

static int swt_init(struct kunit *test)
{
	struct swt *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	dma_cap_mask_t mask;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_ASSERT_GT_MSG(test, swdmac_lines(), SWT_LINE, "wdmdma_swdmac is not loaded");
	dma_cap_zero(mask);
	dma_cap_set(DMA_SLAVE, mask);
	t->chan = dma_request_channel(mask, swdmac_filter, (void *)(uintptr_t)SWT_LINE);
	KUNIT_ASSERT_NOT_NULL(test, t->chan);
	t->dev = swdmac_device();
	KUNIT_ASSERT_PTR_EQ(test, t->dev, t->chan->device->dev);
	swdmac_fifo_reset(SWT_LINE);
	for (i = 0; i < SWT_PAGES; i++) {
		t->page[i] = kunit_kmalloc(test, PAGE_SIZE, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, t->page[i]);
	}
	t->check = kunit_kmalloc(test, SWT_PAGES * PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->check);
	init_completion(&t->done);
	test->priv = t;
	return 0;
}

static void swt_exit(struct kunit *test)
{
	struct swt *t = test->priv;

	if (!t || !t->chan)
		return;
	dmaengine_terminate_sync(t->chan);
	if (t->npages)
		dma_unmap_sg(t->dev, t->sg, t->npages, t->dir);
	dma_release_channel(t->chan);
	swdmac_fifo_reset(SWT_LINE);
}

/* Map the first @bytes of the pages; to the device, filled with @seed's pattern. */
static void swt_map(struct kunit *test, struct swt *t, enum dma_data_direction dir,
		    size_t bytes, u8 seed)
{
	size_t n, k;
	int i;

	t->npages = DIV_ROUND_UP(bytes, PAGE_SIZE);
	sg_init_table(t->sg, t->npages);
	for (i = 0; i < t->npages; i++) {
		n = min_t(size_t, bytes - i * PAGE_SIZE, PAGE_SIZE);
		memset(t->page[i], 0, PAGE_SIZE);
		if (dir == DMA_TO_DEVICE)
			for (k = 0; k < n; k++)
				((u8 *)t->page[i])[k] = seed + i * 7 + k * 13;
		sg_set_buf(&t->sg[i], t->page[i], n);
	}
	t->dir = dir;
	t->nents = dma_map_sg(t->dev, t->sg, t->npages, dir);
	KUNIT_ASSERT_GT(test, t->nents, 0);
}

static void swt_unmap(struct swt *t)
{
	dma_unmap_sg(t->dev, t->sg, t->npages, t->dir);
	t->npages = 0;
	t->nents = 0;
}

static void swt_config(struct kunit *test, struct swt *t, dma_addr_t addr)
{
	struct dma_slave_config cfg = {
		.src_addr = addr, .dst_addr = addr,
		.src_addr_width = DMA_SLAVE_BUSWIDTH_4_BYTES,
		.dst_addr_width = DMA_SLAVE_BUSWIDTH_4_BYTES,
		.src_maxburst = 4, .dst_maxburst = 4,
	};

	KUNIT_ASSERT_EQ(test, dmaengine_slave_config(t->chan, &cfg), 0);
}

/* Prepare, submit and issue the mapped pages as one slave transfer. */
static dma_cookie_t swt_start(struct kunit *test, struct swt *t,
			      enum dma_transfer_direction dir)
{
	struct dma_async_tx_descriptor *tx;
	dma_cookie_t cookie;

	swt_config(test, t, swdmac_fifo_addr(SWT_LINE));
	tx = dmaengine_prep_slave_sg(t->chan, t->sg, t->nents, dir, DMA_PREP_INTERRUPT);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	tx->callback_result = swt_callback;
	tx->callback_param = t;
	cookie = dmaengine_submit(tx);
	KUNIT_ASSERT_GE(test, cookie, DMA_MIN_COOKIE);
	dma_async_issue_pending(t->chan);
	return cookie;
}

static void swt_wait(struct kunit *test, struct swt *t)
{
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&t->done, SWT_WAIT), 0);
}

/* What the pages should hold: the pattern swt_map() wrote. */
static void swt_expect(struct swt *t, size_t bytes, u8 seed)
{
	size_t k;

	for (k = 0; k < bytes; k++)
		t->check[k] = seed + (k / PAGE_SIZE) * 7 + (k % PAGE_SIZE) * 13;
}

static void swt_to_device(struct kunit *test)
{
	struct swt *t = test->priv;
	size_t bytes = 2 * PAGE_SIZE + 100;
	struct dma_tx_state st;
	dma_cookie_t cookie;
	u8 *got = kunit_kzalloc(test, bytes + 1, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, got);
	swt_map(test, t, DMA_TO_DEVICE, bytes, 3);
	cookie = swt_start(test, t, DMA_MEM_TO_DEV);
	swt_wait(test, t);
	KUNIT_EXPECT_EQ(test, t->result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, t->residue, 0);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(t->chan, cookie, &st), DMA_COMPLETE);
	swt_unmap(t);
	KUNIT_ASSERT_EQ(test, swdmac_fifo_level(SWT_LINE), bytes);
	KUNIT_ASSERT_EQ(test, swdmac_fifo_get(SWT_LINE, got, bytes + 1), bytes);
	swt_expect(t, bytes, 3);
	KUNIT_EXPECT_EQ(test, memcmp(got, t->check, bytes), 0);
}

static void swt_from_device(struct kunit *test)
{
	struct swt *t = test->priv;
	size_t bytes = 3 * PAGE_SIZE, k;

	swt_expect(t, bytes, 9);
	swt_map(test, t, DMA_FROM_DEVICE, bytes, 0);
	KUNIT_ASSERT_EQ(test, swdmac_fifo_put(SWT_LINE, t->check, bytes), bytes);
	swt_start(test, t, DMA_DEV_TO_MEM);
	swt_wait(test, t);
	KUNIT_EXPECT_EQ(test, t->result, DMA_TRANS_NOERROR);
	swt_unmap(t);
	for (k = 0; k < SWT_PAGES; k++)
		KUNIT_EXPECT_EQ(test, memcmp(t->page[k], t->check + k * PAGE_SIZE, PAGE_SIZE), 0);
	KUNIT_EXPECT_EQ(test, swdmac_fifo_level(SWT_LINE), 0);
}

/* Slow: 256 bytes every 500 us; the residue goes down to 0, exactly. */
static void swt_residue(struct kunit *test)
{
	struct swt *t = test->priv;
	size_t bytes = 3 * PAGE_SIZE;
	u32 last = bytes, seen = 0;
	struct dma_tx_state st;
	dma_cookie_t cookie;
	enum dma_status s;
	int i;

	swdmac_set_rate(SWT_LINE, 256, 500);
	swt_map(test, t, DMA_TO_DEVICE, bytes, 5);
	cookie = swt_start(test, t, DMA_MEM_TO_DEV);
	for (i = 0; i < 400; i++) {
		s = dmaengine_tx_status(t->chan, cookie, &st);
		if (s == DMA_COMPLETE)
			break;
		KUNIT_EXPECT_EQ(test, s, DMA_IN_PROGRESS);
		KUNIT_EXPECT_LE(test, st.residue, last);
		KUNIT_EXPECT_EQ(test, (bytes - st.residue) % 256, 0);
		if (st.residue < last && st.residue)
			seen++;
		last = st.residue;
		usleep_range(300, 400);
	}
	swt_wait(test, t);
	KUNIT_EXPECT_GE_MSG(test, seen, 2, "residue never seen mid-way");
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(t->chan, cookie, &st), DMA_COMPLETE);
	KUNIT_EXPECT_EQ(test, st.residue, 0);
	KUNIT_EXPECT_EQ(test, swdmac_transferred(SWT_LINE), bytes);
}

/* An empty FIFO stalls DEV_TO_MEM until the device side has data. */
static void swt_stall(struct kunit *test)
{
	struct swt *t = test->priv;
	size_t bytes = PAGE_SIZE;
	struct dma_tx_state st;
	dma_cookie_t cookie;

	swt_expect(t, bytes, 11);
	swt_map(test, t, DMA_FROM_DEVICE, bytes, 0);
	cookie = swt_start(test, t, DMA_DEV_TO_MEM);
	msleep(20);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(t->chan, cookie, &st), DMA_IN_PROGRESS);
	KUNIT_EXPECT_EQ(test, st.residue, bytes);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->calls), 0);
	KUNIT_ASSERT_EQ(test, swdmac_fifo_put(SWT_LINE, t->check, 100), 100);
	msleep(20);
	dmaengine_tx_status(t->chan, cookie, &st);
	KUNIT_EXPECT_EQ(test, st.residue, bytes - 100);
	KUNIT_ASSERT_EQ(test, swdmac_fifo_put(SWT_LINE, t->check + 100, bytes - 100), bytes - 100);
	swt_wait(test, t);
	swt_unmap(t);
	KUNIT_EXPECT_EQ(test, memcmp(t->page[0], t->check, bytes), 0);
}

/* A cyclic transfer calls back per period and wraps until terminated. */
static void swt_cyclic(struct kunit *test)
{
	struct swt *t = test->priv;
	struct dma_async_tx_descriptor *tx;
	size_t period = 512, ring = 4 * period;
	int calls, i;
	dma_addr_t buf;

	for (i = 0; i < ring; i++)
		((u8 *)t->page[0])[i] = i / period + 1;
	buf = dma_map_single(t->dev, t->page[0], ring, DMA_TO_DEVICE);
	KUNIT_ASSERT_FALSE(test, dma_mapping_error(t->dev, buf));
	swt_config(test, t, swdmac_fifo_addr(SWT_LINE));
	swdmac_set_rate(SWT_LINE, 128, 100);
	tx = dmaengine_prep_dma_cyclic(t->chan, buf, ring, period, DMA_MEM_TO_DEV,
				       DMA_PREP_INTERRUPT);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	tx->callback_result = swt_callback;
	tx->callback_param = t;
	dmaengine_submit(tx);
	dma_async_issue_pending(t->chan);
	for (i = 0; i < 6; i++) {
		reinit_completion(&t->done);
		swt_wait(test, t);
	}
	dmaengine_terminate_sync(t->chan);
	calls = atomic_read(&t->calls);
	KUNIT_EXPECT_GE(test, calls, 6);
	usleep_range(10000, 11000);
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&t->calls), calls, "callback after terminate");
	dma_unmap_single(t->dev, buf, ring, DMA_TO_DEVICE);
	/* the FIFO got the ring over and over: period k's bytes are k + 1 */
	KUNIT_ASSERT_GE(test, swdmac_fifo_get(SWT_LINE, t->check, ring + period), ring + period);
	for (i = 0; i < ring + period; i++)
		if (t->check[i] != (i % ring) / period + 1)
			break;
	KUNIT_EXPECT_EQ(test, i, ring + period);
}

static void swt_pause(struct kunit *test)
{
	struct swt *t = test->priv;
	size_t bytes = 2 * PAGE_SIZE;
	struct dma_tx_state st;
	dma_cookie_t cookie;
	u32 held;

	swdmac_set_rate(SWT_LINE, 64, 500);	/* 64 ms for the whole */
	swt_map(test, t, DMA_TO_DEVICE, bytes, 1);
	cookie = swt_start(test, t, DMA_MEM_TO_DEV);
	usleep_range(2000, 3000);
	KUNIT_ASSERT_EQ(test, dmaengine_pause(t->chan), 0);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(t->chan, cookie, &st), DMA_PAUSED);
	held = st.residue;
	msleep(20);
	dmaengine_tx_status(t->chan, cookie, &st);
	KUNIT_EXPECT_EQ(test, st.residue, held);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->calls), 0);
	KUNIT_ASSERT_EQ(test, dmaengine_resume(t->chan), 0);
	swt_wait(test, t);
	KUNIT_EXPECT_EQ(test, t->result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, swdmac_fifo_level(SWT_LINE), bytes);
}

static void swt_error(struct kunit *test)
{
	struct swt *t = test->priv;
	size_t bytes = 2 * PAGE_SIZE;
	struct dma_tx_state st;
	dma_cookie_t cookie;

	KUNIT_ASSERT_EQ(test, swdmac_inject_error(SWT_LINE, 1000, DMA_TRANS_READ_FAILED), 0);
	swt_map(test, t, DMA_TO_DEVICE, bytes, 2);
	cookie = swt_start(test, t, DMA_MEM_TO_DEV);
	swt_wait(test, t);
	KUNIT_EXPECT_EQ(test, t->result, DMA_TRANS_READ_FAILED);
	KUNIT_EXPECT_EQ(test, t->residue, bytes - 1000);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(t->chan, cookie, &st), DMA_ERROR);
	KUNIT_EXPECT_EQ(test, swdmac_fifo_level(SWT_LINE), 1000);
	/* the error was for one transfer: the next one goes through */
	reinit_completion(&t->done);
	swt_unmap(t);
	swt_map(test, t, DMA_TO_DEVICE, bytes, 2);
	cookie = swt_start(test, t, DMA_MEM_TO_DEV);
	swt_wait(test, t);
	KUNIT_EXPECT_EQ(test, t->result, DMA_TRANS_NOERROR);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(t->chan, cookie, &st), DMA_COMPLETE);
}

/* Terminated mid-way: no callback, the rest never moves. */
static void swt_terminate(struct kunit *test)
{
	struct swt *t = test->priv;
	size_t bytes = 3 * PAGE_SIZE;
	u64 moved;

	swdmac_set_rate(SWT_LINE, 64, 500);	/* 96 ms for the whole */
	swt_map(test, t, DMA_TO_DEVICE, bytes, 4);
	swt_start(test, t, DMA_MEM_TO_DEV);
	usleep_range(2000, 3000);
	dmaengine_terminate_sync(t->chan);
	moved = swdmac_transferred(SWT_LINE);
	usleep_range(10000, 11000);
	KUNIT_EXPECT_EQ(test, swdmac_transferred(SWT_LINE), moved);
	KUNIT_EXPECT_LT(test, moved, bytes);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->calls), 0);
}

/* The controller reaches only the line's FIFO on the device side. */
static void swt_wrong_address(struct kunit *test)
{
	struct swt *t = test->priv;

	swt_map(test, t, DMA_TO_DEVICE, PAGE_SIZE, 0);
	swt_config(test, t, swdmac_fifo_addr(SWT_LINE + 1));
	KUNIT_EXPECT_NULL(test, dmaengine_prep_slave_sg(t->chan, t->sg, t->nents,
							DMA_MEM_TO_DEV, 0));
}

/* memcpy, both sides crossing a page. */
static void swt_memcpy(struct kunit *test)
{
	struct swt *t = test->priv;
	struct dma_async_tx_descriptor *tx;
	size_t bytes = PAGE_SIZE + 333, k;
	u8 *from = t->check + 100;
	u8 *to = kunit_kzalloc(test, 2 * PAGE_SIZE, GFP_KERNEL);
	dma_addr_t src, dst;

	KUNIT_ASSERT_NOT_NULL(test, to);
	for (k = 0; k < bytes; k++)
		from[k] = k * 31 + 7;
	src = dma_map_single(t->dev, from, bytes, DMA_TO_DEVICE);
	KUNIT_ASSERT_FALSE(test, dma_mapping_error(t->dev, src));
	dst = dma_map_single(t->dev, to + 50, bytes, DMA_FROM_DEVICE);
	if (dma_mapping_error(t->dev, dst)) {
		dma_unmap_single(t->dev, src, bytes, DMA_TO_DEVICE);
		KUNIT_FAIL(test, "no mapping for the destination");
		return;
	}
	tx = dmaengine_prep_dma_memcpy(t->chan, dst, src, bytes, DMA_PREP_INTERRUPT);
	if (tx) {
		tx->callback_result = swt_callback;
		tx->callback_param = t;
		dmaengine_submit(tx);
		dma_async_issue_pending(t->chan);
		KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&t->done, SWT_WAIT), 0);
	}
	dma_unmap_single(t->dev, dst, bytes, DMA_FROM_DEVICE);
	dma_unmap_single(t->dev, src, bytes, DMA_TO_DEVICE);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	KUNIT_EXPECT_EQ(test, memcmp(to + 50, from, bytes), 0);
	KUNIT_EXPECT_EQ(test, to[49], 0);
	KUNIT_EXPECT_EQ(test, to[50 + bytes], 0);
}

static struct kunit_case swt_cases[] = {
	KUNIT_CASE(swt_to_device),
	KUNIT_CASE(swt_from_device),
	KUNIT_CASE(swt_residue),
	KUNIT_CASE(swt_stall),
	KUNIT_CASE(swt_cyclic),
	KUNIT_CASE(swt_pause),
	KUNIT_CASE(swt_error),
	KUNIT_CASE(swt_terminate),
	KUNIT_CASE(swt_wrong_address),
	KUNIT_CASE(swt_memcpy),
	{}
};

struct kunit_suite wdmdma_swdmac_suite = {
	.name = "wdmdma_swdmac",
	.init = swt_init,
	.exit = swt_exit,
	.test_cases = swt_cases,
};
