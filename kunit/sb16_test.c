// SPDX-License-Identifier: GPL-2.0
/*
 * Auto-initialize DMA on real emulated hardware: QEMU's Sound Blaster 16
 * (ports 0x220, IRQ 5, 8-bit DMA channel 1, with a "none" audio backend
 * that takes samples in real time) plays 8-bit PCM from a ring as an
 * ISA-era Windows sound driver plays it: a DEVICE_DESCRIPTION with
 * Master = FALSE, DmaChannel = 1 and AutoInitialize = TRUE, a common
 * buffer (8237-reachable: the adapter's limit is the controller's 24
 * bits), AllocateAdapterChannel and one MapTransfer over the whole ring,
 * the DSP's commands by port I/O (speaker on, output rate, 8-bit
 * auto-initialize output with a block a quarter of the ring), the block
 * interrupt acknowledged in the ISR, ReadDmaCounter sampled while the
 * controller goes round the ring, then the DSP halted, FlushAdapterBuffers
 * (the channel is masked: a DSP asking for data again gets none),
 * FreeAdapterChannel and PutDmaAdapter.
 *
 * QEMU's 8237 does not reload its count on an auto-initialize wrap: the
 * SB16 model wraps its own position, so the count register cycles but the
 * terminal-count status bit is never set (no cyclic callbacks from the
 * provider; README, "System DMA").  The assertions are about the counter
 * cycling and the block interrupts, not exact rates.
 */
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/jiffies.h>
#include <linux/slab.h>
#include <asm/dma.h>

#include <wdmdma/i8237.h>

#include "suites.h"
#include "target.h"

#define SB_BASE		0x220
#define SB_RESET	(SB_BASE + 0x6)
#define SB_READ		(SB_BASE + 0xa)
#define SB_WRITE	(SB_BASE + 0xc)	/* bit 7 set on read: busy */
#define SB_STATUS	(SB_BASE + 0xe)	/* bit 7: data to read; a read acks the 8-bit IRQ */
#define SB_PORTS	16
#define SB_IRQ		5
#define SB_DMA		1

#define DSP_READY	0xaa
#define DSP_RATE_OUT	0x41
#define DSP_AUTO8_OUT	0xc6
#define DSP_HALT	0xd0
#define DSP_SPEAKER_ON	0xd1
#define DSP_SPEAKER_OFF	0xd3
#define DSP_CONTINUE	0xd4
#define DSP_EXIT_AUTO8	0xda

#define SB_RATE		8000
#define SB_RING		4096		/* 0.5 s of 8-bit mono at 8 kHz */
#define SB_BLOCK	(SB_RING / 4)	/* an interrupt every 128 ms */
#define SB_WRAPS	3

struct sb_ctx {
	struct wdmdma_target t;
	bool have_ports;
	PKINTERRUPT intr;
	atomic_t irqs;
	PDMA_ADAPTER da;
	PDMA_OPERATIONS ops;
	ULONG nregs;
	PVOID base;
	u8 *ring;
	PHYSICAL_ADDRESS ring_la;
	PMDL mdl;
	bool have_channel;
};

/* The block interrupt: acknowledged by reading the status port, as the DSP wants. */
static BOOLEAN sb_isr(PKINTERRUPT intr, PVOID ctx)
{
	struct sb_ctx *c = ctx;

	inb(SB_STATUS);
	atomic_inc(&c->irqs);
	return TRUE;
}

static bool sb_write(u8 b)
{
	int i;

	for (i = 0; i < 10000; i++) {
		if (!(inb(SB_WRITE) & 0x80)) {
			outb(b, SB_WRITE);
			return true;
		}
		usleep_range(10, 20);
	}
	return false;
}

static bool sb_cmd(const u8 *b, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (!sb_write(b[i]))
			return false;
	return true;
}

/* DSP reset: 1 then 0 to the reset port, then 0xAA to read.  Return: the byte or -1. */
static int sb_reset(void)
{
	int i;

	outb(1, SB_RESET);
	usleep_range(10, 20);
	outb(0, SB_RESET);
	for (i = 0; i < 1000; i++) {
		if (inb(SB_STATUS) & 0x80)
			return inb(SB_READ);
		usleep_range(10, 20);
	}
	return -1;
}

/* The 8237's count for channel 1, read under the ISA DMA lock (agreeing twice). */
static u32 sb_raw_count(void)
{
	unsigned long flags = claim_dma_lock();
	u32 a, b;
	int i;

	for (i = 0, a = ~0U, b = 0; i < 8 && a != b; i++) {
		a = b;
		clear_dma_ff(SB_DMA);
		b = get_dma_residue(SB_DMA);
	}
	release_dma_lock(flags);
	return b;
}

static int sb_init(struct kunit *test)
{
	struct sb_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	struct wdmdma_dma_line line = {
		.line = SB_DMA, .filter = i8237_filter,
		.filter_param = (void *)(uintptr_t)SB_DMA,
	};
	NTSTATUS st;
	int r;

	if (!c)
		return -ENOMEM;
	test->priv = c;
	KUNIT_ASSERT_NOT_NULL_MSG(test, i8237_device(SB_DMA), "wdmdma_i8237 is not loaded");
	c->have_ports = request_region(SB_BASE, SB_PORTS, "wdmdma-sb16-test");
	KUNIT_ASSERT_TRUE_MSG(test, c->have_ports, "the SB16's ports are taken");
	r = sb_reset();
	if (r < 0 && inb(SB_STATUS) == 0xff)
		kunit_skip(test, "no Sound Blaster at %#x", SB_BASE);
	KUNIT_ASSERT_EQ_MSG(test, r, DSP_READY, "DSP reset: read %d", r);
	wdmdma_target_init(test, &c->t, WDMDMA_TARGET_KUNIT);
	KUNIT_ASSERT_EQ(test, wdmdma_pdo_add_dma_line(c->t.pdo, &line), 0);
	st = IoConnectInterrupt(&c->intr, sb_isr, c, NULL, SB_IRQ, SB_IRQ, SB_IRQ, Latched, FALSE,
				0, FALSE);
	KUNIT_ASSERT_EQ(test, st, STATUS_SUCCESS);
	return 0;
}

static void sb_exit(struct kunit *test)
{
	struct sb_ctx *c = test->priv;

	if (!c)
		return;
	if (c->have_ports)
		sb_reset();	/* no more DMA requests, no more interrupts */
	if (c->have_channel)
		c->ops->FreeAdapterChannel(c->da);
	if (c->mdl)
		IoFreeMdl(c->mdl);
	if (c->ring)
		c->ops->FreeCommonBuffer(c->da, SB_RING, c->ring_la, c->ring, FALSE);
	if (c->da)
		c->ops->PutDmaAdapter(c->da);
	if (c->intr)
		IoDisconnectInterrupt(c->intr);
	if (c->t.pdo)
		wdmdma_target_exit(&c->t);
	if (c->have_ports)
		release_region(SB_BASE, SB_PORTS);
}

/*
 * Play the ring and watch ReadDmaCounter: it falls, jumps back up towards
 * the ring's length when the controller starts the ring again, and falls
 * again, SB_WRAPS times; an interrupt per block meanwhile.  Then halt,
 * flush (the channel stops: the count holds even with the DSP asking
 * again), free.
 */
static void sb_autoinit(struct kunit *test)
{
	struct sb_ctx *c = test->priv;
	DEVICE_DESCRIPTION d = {
		.Version = DEVICE_DESCRIPTION_VERSION1, .Master = FALSE,
		.DmaChannel = SB_DMA, .InterfaceType = Isa, .DmaWidth = Width8Bits,
		.DmaSpeed = Compatible, .AutoInitialize = TRUE, .MaximumLength = SB_RING,
	};
	u8 rate[] = { DSP_RATE_OUT, SB_RATE >> 8, SB_RATE & 0xff };
	u8 play[] = { DSP_AUTO8_OUT, 0x00, (SB_BLOCK - 1) & 0xff, (SB_BLOCK - 1) >> 8 };
	ULONG len = SB_RING, left, last, low = SB_RING, high_after_wrap = 0;
	unsigned int wraps = 0, falls = 0, samples = 0, irqs, k;
	unsigned long before, end;
	PHYSICAL_ADDRESS la;
	u32 raw;

	c->da = IoGetDmaAdapter(c->t.pdo, &d, &c->nregs);
	KUNIT_ASSERT_NOT_NULL(test, c->da);
	c->ops = c->da->DmaOperations;
	before = wdmdma_violations(c->da);
	KUNIT_EXPECT_GE(test, c->nregs, (ULONG)SB_RING / PAGE_SIZE);
	c->ring = c->ops->AllocateCommonBuffer(c->da, SB_RING, &c->ring_la, FALSE);
	KUNIT_ASSERT_NOT_NULL(test, c->ring);
	KUNIT_EXPECT_LT_MSG(test, c->ring_la.QuadPart + SB_RING - 1, 0x1000000LL,
			    "common buffer at %#llx: beyond 16 MiB", c->ring_la.QuadPart);
	for (k = 0; k < SB_RING; k++)	/* a 250 Hz triangle around silence (0x80) */
		c->ring[k] = 0x80 + (k % 32 < 16 ? k % 16 : 16 - k % 16) * 4 - 32;
	c->mdl = IoAllocateMdl(c->ring, SB_RING, FALSE, FALSE, NULL);
	KUNIT_ASSERT_NOT_NULL(test, c->mdl);
	MmBuildMdlForNonPagedPool(c->mdl);

	c->base = wdmdma_test_keep_channel(test, c->da, c->t.fdo[0], c->nregs);
	c->have_channel = true;
	la = c->ops->MapTransfer(c->da, c->mdl, c->base, c->ring, &len, TRUE);
	KUNIT_ASSERT_EQ(test, len, (ULONG)SB_RING);
	KUNIT_EXPECT_LT(test, la.QuadPart + SB_RING - 1, 0x1000000LL);
	KUNIT_EXPECT_EQ_MSG(test, la.QuadPart >> 16, (la.QuadPart + SB_RING - 1) >> 16,
			    "%#llx + %u crosses 64 KiB", la.QuadPart, SB_RING);
	last = c->ops->ReadDmaCounter(c->da);
	KUNIT_EXPECT_EQ_MSG(test, last, (ULONG)SB_RING, "nothing played yet");

	atomic_set(&c->irqs, 0);
	KUNIT_ASSERT_TRUE(test, sb_write(DSP_SPEAKER_ON));
	KUNIT_ASSERT_TRUE(test, sb_cmd(rate, sizeof(rate)));
	KUNIT_ASSERT_TRUE(test, sb_cmd(play, sizeof(play)));

	/* 1.5 s of audio; 20 s allowed for a loaded TCG host */
	end = jiffies + 20 * HZ;
	while (wraps < SB_WRAPS && time_before(jiffies, end)) {
		usleep_range(3000, 5000);
		left = c->ops->ReadDmaCounter(c->da);
		samples++;
		KUNIT_EXPECT_GT_MSG(test, left, 0U, "sample %u", samples);
		KUNIT_EXPECT_LE_MSG(test, left, (ULONG)SB_RING, "sample %u", samples);
		if (left < last) {
			falls++;
			low = min(low, left);
		} else if (left > last) {
			/* round the ring again: from low in the ring back up near its length */
			wraps++;
			high_after_wrap = max(high_after_wrap, left);
		}
		last = left;
	}
	irqs = atomic_read(&c->irqs);
	kunit_info(test, "%u samples: %u wraps, %u falls, low %u, high after a wrap %u, %u IRQs\n",
		   samples, wraps, falls, low, high_after_wrap, irqs);
	KUNIT_EXPECT_GE_MSG(test, wraps, (unsigned int)SB_WRAPS,
			    "ReadDmaCounter did not go round the ring (last %u)", last);
	KUNIT_EXPECT_GE(test, falls, 2 * SB_WRAPS);
	KUNIT_EXPECT_LT_MSG(test, low, (ULONG)SB_RING / 2, "never seen in the ring's second half");
	KUNIT_EXPECT_GT_MSG(test, high_after_wrap, (ULONG)SB_RING / 2,
			    "never seen in the ring's first half after a wrap");
	/*
	 * SB_WRAPS rings played, less than one more: an interrupt per block
	 * (half of them at least, as a stalled host may have the device take
	 * two blocks in one go; one per ring would be SB_WRAPS).
	 */
	KUNIT_EXPECT_GE(test, irqs, SB_WRAPS * SB_RING / SB_BLOCK / 2);
	KUNIT_EXPECT_LE(test, irqs, (SB_WRAPS + 1) * SB_RING / SB_BLOCK + 1);

	/* stop: halt the DSP's DMA, leave auto-initialize mode */
	KUNIT_EXPECT_TRUE(test, sb_write(DSP_HALT));
	KUNIT_EXPECT_TRUE(test, sb_write(DSP_EXIT_AUTO8));
	msleep(50);
	left = c->ops->ReadDmaCounter(c->da);
	msleep(100);
	KUNIT_EXPECT_EQ_MSG(test, c->ops->ReadDmaCounter(c->da), left, "the DSP was halted");
	KUNIT_EXPECT_TRUE(test, c->ops->FlushAdapterBuffers(c->da, c->mdl, c->base, c->ring,
							    SB_RING, TRUE));
	KUNIT_EXPECT_EQ_MSG(test, c->ops->ReadDmaCounter(c->da), 0U, "nothing mapped");
	/* the DSP asks for data again; the flushed (masked) channel moves none */
	raw = sb_raw_count();
	KUNIT_EXPECT_TRUE(test, sb_write(DSP_CONTINUE));
	msleep(200);
	KUNIT_EXPECT_EQ_MSG(test, sb_raw_count(), raw, "the 8237 still moves data after the flush");
	KUNIT_EXPECT_TRUE(test, sb_write(DSP_HALT));
	KUNIT_EXPECT_TRUE(test, sb_write(DSP_SPEAKER_OFF));
	c->ops->FreeAdapterChannel(c->da);
	c->have_channel = false;
	KUNIT_EXPECT_EQ(test, wdmdma_violations(c->da), before);
}

static struct kunit_case sb_cases[] = {
	KUNIT_CASE(sb_autoinit),
	{}
};

struct kunit_suite wdmdma_sb16_suite = {
	.name = "wdmdma_sb16",
	.init = sb_init,
	.exit = sb_exit,
	.test_cases = sb_cases,
};
