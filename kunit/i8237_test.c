// SPDX-License-Identifier: GPL-2.0
/*
 * The 8237 provider (wdmdma_i8237) as a dmaengine client sees it: what a
 * channel offers (slave and cyclic, one segment, its width), the segments
 * it refuses (beyond 16 MiB, across its 64 / 128 KiB boundary, longer than
 * that, odd on a 16-bit channel, more than one), and a transfer that no
 * device serves: in progress with its whole length left, until terminated.
 * The floppy suite runs data through it.
 */
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/scatterlist.h>
#include <asm/dma.h>

#include <wdmdma/i8237.h>

#include "suites.h"

static struct dma_chan *i8_chan(struct kunit *test, unsigned int nr)
{
	struct dma_chan *chan;
	dma_cap_mask_t mask;

	KUNIT_ASSERT_NOT_NULL_MSG(test, i8237_device(nr), "wdmdma_i8237 is not loaded");
	dma_cap_zero(mask);
	dma_cap_set(DMA_SLAVE, mask);
	chan = dma_request_channel(mask, i8237_filter, (void *)(uintptr_t)nr);
	KUNIT_ASSERT_NOT_NULL(test, chan);
	return chan;
}

/* One segment of @len bytes at bus address @addr: does the channel take it? */
static bool i8_takes(struct dma_chan *chan, dma_addr_t addr, u32 len)
{
	struct dma_async_tx_descriptor *tx;
	struct scatterlist sg;

	sg_init_table(&sg, 1);
	sg_dma_address(&sg) = addr;
	sg_dma_len(&sg) = len;
	tx = dmaengine_prep_slave_sg(chan, &sg, 1, DMA_DEV_TO_MEM, 0);
	if (!tx)
		return false;
	/* never submitted: a descriptor is freed by submit + terminate */
	dmaengine_submit(tx);
	dmaengine_terminate_sync(chan);
	return true;
}

static void i8_caps(struct kunit *test)
{
	struct dma_chan *c8 = i8_chan(test, 2), *c16;
	struct dma_slave_caps caps;

	KUNIT_ASSERT_EQ(test, dma_get_slave_caps(c8, &caps), 0);
	KUNIT_EXPECT_EQ(test, caps.max_sg_burst, 1U);
	KUNIT_EXPECT_EQ(test, caps.src_addr_widths, BIT(DMA_SLAVE_BUSWIDTH_1_BYTE));
	KUNIT_EXPECT_TRUE(test, caps.directions & BIT(DMA_DEV_TO_MEM));
	KUNIT_EXPECT_TRUE(test, caps.directions & BIT(DMA_MEM_TO_DEV));
	KUNIT_EXPECT_TRUE(test, dma_has_cap(DMA_CYCLIC, c8->device->cap_mask));
	KUNIT_EXPECT_EQ(test, dma_get_mask(i8237_device(2)), DMA_BIT_MASK(24));
	KUNIT_EXPECT_EQ(test, dma_get_seg_boundary(i8237_device(2)), 0xffffUL);
	KUNIT_EXPECT_NULL(test, i8237_device(4));	/* the cascade */
	dma_release_channel(c8);

	c16 = i8_chan(test, 5);
	KUNIT_ASSERT_EQ(test, dma_get_slave_caps(c16, &caps), 0);
	KUNIT_EXPECT_EQ(test, caps.src_addr_widths, BIT(DMA_SLAVE_BUSWIDTH_2_BYTES));
	KUNIT_EXPECT_EQ(test, dma_get_seg_boundary(i8237_device(5)), 0x1ffffUL);
	dma_release_channel(c16);
}

/* The 8237's limits: each refused with a report, the edges accepted. */
static void i8_limits(struct kunit *test)
{
	struct dma_chan *c8 = i8_chan(test, 2), *c16;
	struct dma_async_tx_descriptor *tx;
	struct scatterlist sg[2];

	KUNIT_EXPECT_TRUE(test, i8_takes(c8, 0x20000, 0x10000));	/* a whole 64 KiB */
	KUNIT_EXPECT_TRUE(test, i8_takes(c8, 0xfff000, 0x1000));	/* ends at 16 MiB */
	KUNIT_EXPECT_FALSE(test, i8_takes(c8, 0xfff000, 0x1001));	/* past 16 MiB */
	KUNIT_EXPECT_FALSE(test, i8_takes(c8, 0x1000000, 512));
	KUNIT_EXPECT_FALSE(test, i8_takes(c8, 0x2ff00, 0x200));	/* across 0x30000 */
	KUNIT_EXPECT_FALSE(test, i8_takes(c8, 0x20000, 0x10001));
	KUNIT_EXPECT_FALSE(test, i8_takes(c8, 0x20000, 0));
	sg_init_table(sg, 2);
	sg_dma_address(&sg[0]) = 0x10000;
	sg_dma_len(&sg[0]) = 512;
	sg_dma_address(&sg[1]) = 0x11000;
	sg_dma_len(&sg[1]) = 512;
	KUNIT_EXPECT_NULL(test, dmaengine_prep_slave_sg(c8, sg, 2, DMA_DEV_TO_MEM, 0));
	tx = dmaengine_prep_dma_cyclic(c8, 0x10000, 4096, 1024, DMA_MEM_TO_DEV, 0);
	KUNIT_EXPECT_NULL_MSG(test, tx, "periods: the 8237 signals only the buffer's end");
	dma_release_channel(c8);

	c16 = i8_chan(test, 6);
	KUNIT_EXPECT_TRUE(test, i8_takes(c16, 0x20000, 0x20000));	/* a whole 128 KiB */
	KUNIT_EXPECT_FALSE(test, i8_takes(c16, 0x30000, 0x20000));	/* across 0x40000 */
	KUNIT_EXPECT_FALSE(test, i8_takes(c16, 0x20001, 0x100));	/* odd address */
	KUNIT_EXPECT_FALSE(test, i8_takes(c16, 0x20000, 0x101));	/* odd length */
	dma_release_channel(c16);
}

/*
 * No device answers channel 3: an issued transfer stays in progress with
 * all its bytes left (the count register untouched), and a terminate
 * ends it without a callback.
 */
static void i8_idle(struct kunit *test)
{
	struct dma_chan *chan = i8_chan(test, 3);
	struct dma_async_tx_descriptor *tx;
	struct dma_slave_config cfg = {
		.direction = DMA_DEV_TO_MEM, .src_addr_width = DMA_SLAVE_BUSWIDTH_1_BYTE,
	};
	struct device *dev = i8237_device(3);
	struct dma_tx_state st;
	struct scatterlist sg;
	dma_cookie_t cookie;
	dma_addr_t addr;
	void *buf;

	KUNIT_ASSERT_EQ(test, dmaengine_slave_config(chan, &cfg), 0);
	cfg.src_addr_width = DMA_SLAVE_BUSWIDTH_2_BYTES;
	KUNIT_EXPECT_NE(test, dmaengine_slave_config(chan, &cfg), 0);
	buf = dma_alloc_coherent(dev, 0x800, &addr, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	sg_init_table(&sg, 1);
	sg_dma_address(&sg) = addr;
	sg_dma_len(&sg) = 0x800;
	tx = dmaengine_prep_slave_sg(chan, &sg, 1, DMA_DEV_TO_MEM, 0);
	KUNIT_EXPECT_NOT_NULL(test, tx);
	if (!tx)
		goto out;
	cookie = dmaengine_submit(tx);
	dma_async_issue_pending(chan);
	/* no ISA settings given: single transfer mode, writing memory */
	KUNIT_EXPECT_EQ(test, i8237_channel_mode(3), (u8)DMA_MODE_READ);
	KUNIT_EXPECT_EQ(test, i8237_channel_mode(3) & I8237_MODE_SELECT, I8237_MODE_SINGLE);
	msleep(20);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, cookie, &st), DMA_IN_PROGRESS);
	KUNIT_EXPECT_EQ(test, st.residue, 0x800U);
	dmaengine_terminate_sync(chan);
	KUNIT_EXPECT_EQ(test, dmaengine_tx_status(chan, cookie, &st), DMA_COMPLETE);
out:
	dma_release_channel(chan);
	dma_free_coherent(dev, 0x800, buf, addr);
}

static struct kunit_case i8_cases[] = {
	KUNIT_CASE(i8_caps),
	KUNIT_CASE(i8_limits),
	KUNIT_CASE(i8_idle),
	{}
};

struct kunit_suite wdmdma_i8237_suite = {
	.name = "wdmdma_i8237",
	.test_cases = i8_cases,
};
