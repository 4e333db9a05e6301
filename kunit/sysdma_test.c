// SPDX-License-Identifier: GPL-2.0
/*
 * System DMA (Master = FALSE) as an ISA-era or SoC driver uses it, on the
 * software DMA controller (wdmdma_swdmac, line SYS_LINE): the classic
 * AllocateAdapterChannel -> MapTransfer -> FlushAdapterBuffers ->
 * FreeAdapterChannel sequence in both directions with the data checked at
 * the controller's device-side FIFO, ReadDmaCounter through a slow transfer,
 * AutoInitialize cycling until flushed, IgnoreCount, the version 3 entries
 * with completion routines (complete, error, cancelled, aborted at the
 * flush), no channel for a line, a transfer left running at
 * FreeAdapterChannel and PutDmaAdapter, and verifier mode's guarded copies.
 */
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include <wdmdma/swdmac.h>
#include <wdmdma/verifier.h>

#include "../wdmdma/compat.h"
#include "suites.h"
#include "target.h"

#define SYS_LINE	2
#define SYS_PAGES	3
#define SYS_WAIT	(5 * HZ)

struct sys_ctx {
	struct wdmdma_target t;
	PDMA_ADAPTER da;
	PDMA_OPERATIONS ops;
	ULONG nregs;
	u8 *buf;			/* SYS_PAGES pages, vmalloc: scattered */
	PMDL mdl;
	u8 *check;
	PVOID base;
	struct completion granted;
	struct completion done;
	atomic_t calls;
	DMA_COMPLETION_STATUS status;
	u8 xfer[DMA_TRANSFER_CONTEXT_SIZE_V1] __aligned(8);
};

static int sys_init(struct kunit *test)
{
	struct sys_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	struct wdmdma_dma_line line = {
		.line = SYS_LINE, .filter = swdmac_filter,
		.filter_param = (void *)(uintptr_t)SYS_LINE,
		.device_address = swdmac_fifo_addr(SYS_LINE),
	};

	if (!c)
		return -ENOMEM;
	test->priv = c;
	KUNIT_ASSERT_GT_MSG(test, swdmac_lines(), SYS_LINE, "wdmdma_swdmac is not loaded");
	wdmdma_target_init(test, &c->t, WDMDMA_TARGET_PLATFORM);
	KUNIT_ASSERT_EQ(test, wdmdma_pdo_add_dma_line(c->t.pdo, &line), 0);
	swdmac_fifo_reset(SYS_LINE);
	c->buf = vzalloc(SYS_PAGES * PAGE_SIZE);
	KUNIT_ASSERT_NOT_NULL(test, c->buf);
	c->check = kunit_kzalloc(test, 16 * PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c->check);
	c->mdl = IoAllocateMdl(c->buf, SYS_PAGES * PAGE_SIZE, FALSE, FALSE, NULL);
	KUNIT_ASSERT_NOT_NULL(test, c->mdl);
	MmBuildMdlForNonPagedPool(c->mdl);
	init_completion(&c->granted);
	init_completion(&c->done);
	return 0;
}

static void sys_exit(struct kunit *test)
{
	struct sys_ctx *c = test->priv;

	if (!c)
		return;
	if (c->da)
		c->ops->PutDmaAdapter(c->da);
	if (c->mdl)
		IoFreeMdl(c->mdl);
	vfree(c->buf);
	wdmdma_target_exit(&c->t);
	swdmac_fifo_reset(SYS_LINE);
}

/* A system-DMA adapter for the line: version @version, AutoInitialize, IgnoreCount. */
static void sys_adapter(struct kunit *test, ULONG version, bool autoinit, bool ignore)
{
	struct sys_ctx *c = test->priv;
	DEVICE_DESCRIPTION d = {
		.Version = version, .Master = FALSE, .DmaWidth = Width32Bits,
		.AutoInitialize = autoinit, .IgnoreCount = ignore,
		.InterfaceType = Internal, .MaximumLength = SYS_PAGES * PAGE_SIZE,
	};

	if (version == DEVICE_DESCRIPTION_VERSION3)
		d.DmaRequestLine = SYS_LINE;
	else
		d.DmaChannel = SYS_LINE;
	c->da = IoGetDmaAdapter(c->t.pdo, &d, &c->nregs);
	KUNIT_ASSERT_NOT_NULL(test, c->da);
	c->ops = c->da->DmaOperations;
	KUNIT_EXPECT_GE(test, c->nregs, SYS_PAGES);
}

static IO_ALLOCATION_ACTION sys_keep(PDEVICE_OBJECT devobj, PIRP irp, PVOID base, PVOID ctx)
{
	struct sys_ctx *c = ctx;

	c->base = base;
	complete(&c->granted);
	return KeepObject;	/* system DMA keeps the channel for the transfer */
}

static void sys_done(PDMA_ADAPTER da, PDEVICE_OBJECT devobj, PVOID ctx,
		     DMA_COMPLETION_STATUS status)
{
	struct sys_ctx *c = ctx;

	c->status = status;
	atomic_inc(&c->calls);
	complete(&c->done);
}

static void sys_channel(struct kunit *test)
{
	struct sys_ctx *c = test->priv;
	NTSTATUS st = c->ops->AllocateAdapterChannel(c->da, c->t.fdo[0], c->nregs, sys_keep, c);

	KUNIT_ASSERT_EQ(test, st, STATUS_SUCCESS);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&c->granted, SYS_WAIT), 0);
}

/* sys_channel() at DISPATCH_LEVEL, as documented (verifier mode checks it). */
static void sys_channel_dispatch(struct kunit *test)
{
	struct sys_ctx *c = test->priv;
	NTSTATUS st;
	KIRQL old;

	KeRaiseIrql(DISPATCH_LEVEL, &old);
	st = c->ops->AllocateAdapterChannel(c->da, c->t.fdo[0], c->nregs, sys_keep, c);
	KeLowerIrql(old);
	KUNIT_ASSERT_EQ(test, st, STATUS_SUCCESS);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&c->granted, SYS_WAIT), 0);
}

static void sys_channel_ex(struct kunit *test)
{
	struct sys_ctx *c = test->priv;
	NTSTATUS st = c->ops->InitializeDmaTransferContext(c->da, c->xfer);

	KUNIT_ASSERT_EQ(test, st, STATUS_SUCCESS);
	st = c->ops->AllocateAdapterChannelEx(c->da, c->t.fdo[0], c->xfer, c->nregs, 0, sys_keep,
					      c, NULL);
	KUNIT_ASSERT_EQ(test, st, STATUS_SUCCESS);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&c->granted, SYS_WAIT), 0);
}

static void sys_fill(struct sys_ctx *c, size_t len, u8 seed)
{
	size_t k;

	for (k = 0; k < len; k++)
		c->buf[k] = seed + k * 7 + k / 251;
}

/* Wait, at most SYS_WAIT, for the FIFO to hold @level bytes. */
static bool sys_wait_fifo(size_t level)
{
	unsigned long end = jiffies + SYS_WAIT;

	while (swdmac_fifo_level(SYS_LINE) != level && time_before(jiffies, end))
		usleep_range(200, 400);
	return swdmac_fifo_level(SYS_LINE) == level;
}

/* Wait, at most SYS_WAIT, for ReadDmaCounter to reach 0. */
static bool sys_wait_counter(struct sys_ctx *c)
{
	unsigned long end = jiffies + SYS_WAIT;

	while (c->ops->ReadDmaCounter(c->da) && time_before(jiffies, end))
		usleep_range(200, 400);
	return !c->ops->ReadDmaCounter(c->da);
}

/* MapTransferEx to the device of @len bytes from @off, with sys_done. */
static NTSTATUS sys_map_ex(struct sys_ctx *c, ULONGLONG off, ULONG *len)
{
	return c->ops->MapTransferEx(c->da, c->mdl, c->base, off, 0, len, TRUE, NULL, 0,
				     sys_done, c);
}

static NTSTATUS sys_flush_ex(struct sys_ctx *c, ULONGLONG off, ULONG len)
{
	return c->ops->FlushAdapterBuffersEx(c->da, c->mdl, c->base, off, len, TRUE);
}

/* FlushAdapterBuffers of a transfer from @va. */
static bool sys_flush(struct sys_ctx *c, PMDL mdl, void *va, ULONG len, bool write)
{
	return c->ops->FlushAdapterBuffers(c->da, mdl, c->base, va, len, write);
}

/* The classic sequence, memory to device: the FIFO gets every byte. */
static void sys_to_device(struct kunit *test)
{
	struct sys_ctx *c = test->priv;
	ULONG len = 2 * PAGE_SIZE + 300, got;

	sys_adapter(test, DEVICE_DESCRIPTION_VERSION2, false, false);
	sys_channel(test);
	sys_fill(c, len, 1);
	got = len;
	c->ops->MapTransfer(c->da, c->mdl, c->base, c->buf + 100, &got, TRUE);
	KUNIT_EXPECT_EQ_MSG(test, got, len, "a system transfer keeps its Length");
	KUNIT_EXPECT_TRUE(test, sys_wait_fifo(len));
	KUNIT_EXPECT_EQ(test, c->ops->ReadDmaCounter(c->da), 0);
	KUNIT_EXPECT_TRUE(test, sys_flush(c, c->mdl, c->buf + 100, len, true));
	c->ops->FreeAdapterChannel(c->da);
	KUNIT_ASSERT_EQ(test, swdmac_fifo_get(SYS_LINE, c->check, len), len);
	KUNIT_EXPECT_EQ(test, memcmp(c->check, c->buf + 100, len), 0);
}

/*
 * Verifier mode on a system adapter: the controller moves the data through
 * the guarded copy, both ways, every byte right, nothing reported.
 */
static void sys_verified(struct kunit *test)
{
	struct sys_ctx *c = test->priv;
	ULONG len = 2 * PAGE_SIZE + 300, got = len;
	unsigned long v0;
	char *stats;
	size_t k;

	stats = kunit_kzalloc(test, 4096, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, stats);
	sys_adapter(test, DEVICE_DESCRIPTION_VERSION2, false, false);
	wdmdma_verifier_set(c->da, true);
	v0 = wdmdma_violations(c->da);

	sys_channel_dispatch(test);
	sys_fill(c, len + 100, 3);
	c->ops->MapTransfer(c->da, c->mdl, c->base, c->buf + 100, &got, TRUE);
	KUNIT_EXPECT_EQ(test, got, len);
	KUNIT_EXPECT_TRUE(test, sys_wait_fifo(len));
	KUNIT_EXPECT_TRUE(test, sys_flush(c, c->mdl, c->buf + 100, len, true));
	c->ops->FreeAdapterChannel(c->da);
	KUNIT_ASSERT_EQ(test, swdmac_fifo_get(SYS_LINE, c->check, len), len);
	KUNIT_EXPECT_EQ(test, memcmp(c->check, c->buf + 100, len), 0);

	for (k = 0; k < len; k++)
		c->check[k] = k * 11 + 3;
	KUNIT_ASSERT_EQ(test, swdmac_fifo_put(SYS_LINE, c->check, len), len);
	reinit_completion(&c->granted);
	sys_channel_dispatch(test);
	got = len;
	c->ops->MapTransfer(c->da, c->mdl, c->base, c->buf + 100, &got, FALSE);
	KUNIT_EXPECT_EQ(test, got, len);
	KUNIT_EXPECT_TRUE(test, sys_wait_fifo(0));
	KUNIT_EXPECT_TRUE(test, sys_wait_counter(c));
	KUNIT_EXPECT_TRUE(test, sys_flush(c, c->mdl, c->buf + 100, len, false));
	c->ops->FreeAdapterChannel(c->da);
	KUNIT_EXPECT_EQ(test, memcmp(c->buf + 100, c->check, len), 0);

	KUNIT_EXPECT_EQ(test, wdmdma_violations(c->da), v0);
	KUNIT_ASSERT_GT(test, wdmdma_adapter_stats_text(c->da, stats, 4096), 0);
	KUNIT_EXPECT_NOT_NULL(test, strstr(stats, "\nverifier=1\nunverified=0\n"));
}

/* Device to memory: what the device puts in its FIFO lands in the buffer. */
static void sys_from_device(struct kunit *test)
{
	struct sys_ctx *c = test->priv;
	ULONG len = SYS_PAGES * PAGE_SIZE, got = len;
	size_t k;

	for (k = 0; k < len; k++)
		c->check[k] = k * 13 + 5;
	KUNIT_ASSERT_EQ(test, swdmac_fifo_put(SYS_LINE, c->check, len), len);
	sys_adapter(test, DEVICE_DESCRIPTION_VERSION, false, false);
	sys_channel(test);
	c->ops->MapTransfer(c->da, c->mdl, c->base, c->buf, &got, FALSE);
	KUNIT_EXPECT_EQ(test, got, len);
	KUNIT_EXPECT_TRUE(test, sys_wait_fifo(0));
	KUNIT_EXPECT_TRUE(test, sys_wait_counter(c));
	KUNIT_EXPECT_TRUE(test, sys_flush(c, c->mdl, c->buf, len, false));
	c->ops->FreeAdapterChannel(c->da);
	KUNIT_EXPECT_EQ(test, memcmp(c->buf, c->check, len), 0);
}

/* ReadDmaCounter: the bytes left, falling through a slow transfer to 0. */
static void sys_counter(struct kunit *test)
{
	struct sys_ctx *c = test->priv;
	ULONG len = 2 * PAGE_SIZE, got = len, left, last = len, mid = 0;
	DMA_ADAPTER_INFO info = { .Version = DMA_ADAPTER_INFO_VERSION1 };
	int i;

	swdmac_set_rate(SYS_LINE, 256, 500);	/* 16 ms for the whole */
	sys_adapter(test, DEVICE_DESCRIPTION_VERSION3, false, false);
	KUNIT_ASSERT_EQ(test, c->ops->GetDmaAdapterInfo(c->da, &info), STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, info.V1.ReadDmaCounterAvailable);
	sys_channel(test);
	sys_fill(c, len, 3);
	c->ops->MapTransfer(c->da, c->mdl, c->base, c->buf, &got, TRUE);
	for (i = 0; i < 2000; i++) {
		left = c->ops->ReadDmaCounter(c->da);
		KUNIT_EXPECT_LE(test, left, last);
		if (left && left < len)
			mid++;
		last = left;
		if (!left)
			break;
		usleep_range(200, 300);
	}
	KUNIT_EXPECT_EQ(test, last, 0);
	KUNIT_EXPECT_GE_MSG(test, mid, 2, "the counter was never seen mid-way");
	KUNIT_EXPECT_TRUE(test, sys_flush(c, c->mdl, c->buf, len, true));
	c->ops->FreeAdapterChannel(c->da);
	KUNIT_EXPECT_EQ(test, swdmac_fifo_level(SYS_LINE), len);
}

/* AutoInitialize: the controller loops over a common buffer until flushed. */
static void sys_autoinit(struct kunit *test)
{
	struct sys_ctx *c = test->priv;
	ULONG len = PAGE_SIZE, got = len, left, last = len;
	PHYSICAL_ADDRESS la;
	bool wrapped = false;
	u64 moved;
	PMDL mdl;
	u8 *cb;
	int i;

	swdmac_set_rate(SYS_LINE, 256, 200);
	sys_adapter(test, DEVICE_DESCRIPTION_VERSION2, true, false);
	cb = c->ops->AllocateCommonBuffer(c->da, len, &la, FALSE);
	KUNIT_ASSERT_NOT_NULL(test, cb);
	memset(cb, 0x5a, len);
	mdl = IoAllocateMdl(cb, len, FALSE, FALSE, NULL);
	KUNIT_ASSERT_NOT_NULL(test, mdl);
	MmBuildMdlForNonPagedPool(mdl);
	sys_channel(test);
	c->ops->MapTransfer(c->da, mdl, c->base, cb, &got, TRUE);
	KUNIT_EXPECT_EQ(test, got, len);
	for (i = 0; i < 3000 && !wrapped; i++) {
		left = c->ops->ReadDmaCounter(c->da);
		if (left > last)
			wrapped = true;	/* around the ring again */
		last = left;
		/* drain what the device got, so the FIFO never fills */
		swdmac_fifo_get(SYS_LINE, c->check, 8 * PAGE_SIZE);
		usleep_range(200, 300);
	}
	KUNIT_EXPECT_TRUE_MSG(test, wrapped, "ReadDmaCounter never went around the buffer");
	KUNIT_EXPECT_GE(test, swdmac_transferred(SYS_LINE), (u64)len);	/* a whole ring */
	KUNIT_EXPECT_TRUE(test, sys_flush(c, mdl, cb, len, true));
	moved = swdmac_transferred(SYS_LINE);
	usleep_range(5000, 6000);
	KUNIT_EXPECT_EQ_MSG(test, swdmac_transferred(SYS_LINE), moved, "still running after flush");
	c->ops->FreeAdapterChannel(c->da);
	IoFreeMdl(mdl);
	c->ops->FreeCommonBuffer(c->da, len, la, cb, FALSE);
}

/* IgnoreCount: the counter is unreliable, so it reads 0. */
static void sys_ignore_count(struct kunit *test)
{
	struct sys_ctx *c = test->priv;
	DMA_ADAPTER_INFO info = { .Version = DMA_ADAPTER_INFO_VERSION1 };
	ULONG len = 2 * PAGE_SIZE, got = len;

	swdmac_set_rate(SYS_LINE, 64, 500);
	sys_adapter(test, DEVICE_DESCRIPTION_VERSION3, false, true);
	KUNIT_ASSERT_EQ(test, c->ops->GetDmaAdapterInfo(c->da, &info), STATUS_SUCCESS);
	KUNIT_EXPECT_FALSE(test, info.V1.ReadDmaCounterAvailable);
	sys_channel(test);
	c->ops->MapTransfer(c->da, c->mdl, c->base, c->buf, &got, TRUE);
	usleep_range(2000, 3000);
	KUNIT_EXPECT_EQ(test, c->ops->ReadDmaCounter(c->da), 0);
	KUNIT_EXPECT_LT(test, swdmac_transferred(SYS_LINE), (u64)len);
	KUNIT_EXPECT_TRUE(test, sys_flush(c, c->mdl, c->buf, len, true));
	c->ops->FreeAdapterChannel(c->da);
}

/* MapTransferEx with a completion routine: DmaComplete once, at the end. */
static void sys_v3_complete(struct kunit *test)
{
	struct sys_ctx *c = test->priv;
	ULONG len = SYS_PAGES * PAGE_SIZE - 500, got = len;

	sys_adapter(test, DEVICE_DESCRIPTION_VERSION3, false, false);
	sys_channel_ex(test);
	sys_fill(c, SYS_PAGES * PAGE_SIZE, 9);
	KUNIT_ASSERT_EQ(test, sys_map_ex(c, 500, &got), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, got, len);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&c->done, SYS_WAIT), 0);
	KUNIT_EXPECT_EQ(test, c->status, DmaComplete);
	KUNIT_EXPECT_EQ(test, sys_flush_ex(c, 500, len), STATUS_SUCCESS);
	c->ops->FreeAdapterChannel(c->da);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->calls), 1);
	KUNIT_ASSERT_EQ(test, swdmac_fifo_get(SYS_LINE, c->check, len), len);
	KUNIT_EXPECT_EQ(test, memcmp(c->check, c->buf + 500, len), 0);
}

/* A controller error: DmaError. */
static void sys_v3_error(struct kunit *test)
{
	struct sys_ctx *c = test->priv;
	ULONG len = 2 * PAGE_SIZE, got = len;

	sys_adapter(test, DEVICE_DESCRIPTION_VERSION3, false, false);
	sys_channel_ex(test);
	KUNIT_ASSERT_EQ(test, swdmac_inject_error(SYS_LINE, 1000, DMA_TRANS_READ_FAILED), 0);
	KUNIT_ASSERT_EQ(test, sys_map_ex(c, 0, &got), STATUS_SUCCESS);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&c->done, SYS_WAIT), 0);
	KUNIT_EXPECT_EQ(test, c->status, DmaError);
	KUNIT_EXPECT_EQ(test, c->ops->ReadDmaCounter(c->da), len - 1000);
	KUNIT_EXPECT_EQ(test, sys_flush_ex(c, 0, len), STATUS_SUCCESS);
	c->ops->FreeAdapterChannel(c->da);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->calls), 1);
}

/* CancelMappedTransfer: DmaCancelled once; no new transfer until freed. */
static void sys_v3_cancel(struct kunit *test)
{
	struct sys_ctx *c = test->priv;
	ULONG len = 2 * PAGE_SIZE, got = len;
	u64 moved;

	swdmac_set_rate(SYS_LINE, 64, 500);	/* 64 ms for the whole */
	sys_adapter(test, DEVICE_DESCRIPTION_VERSION3, false, false);
	sys_channel_ex(test);
	KUNIT_ASSERT_EQ(test, sys_map_ex(c, 0, &got), STATUS_SUCCESS);
	usleep_range(2000, 3000);
	KUNIT_EXPECT_EQ(test, c->ops->CancelMappedTransfer(c->da, c->xfer), STATUS_SUCCESS);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&c->done, SYS_WAIT), 0);
	KUNIT_EXPECT_EQ(test, c->status, DmaCancelled);
	moved = swdmac_transferred(SYS_LINE);
	KUNIT_EXPECT_LT(test, moved, (u64)len);
	usleep_range(3000, 4000);
	KUNIT_EXPECT_EQ(test, swdmac_transferred(SYS_LINE), moved);
	got = len;
	KUNIT_EXPECT_EQ(test, sys_map_ex(c, 0, &got), STATUS_CANCELLED);
	KUNIT_EXPECT_EQ(test, sys_flush_ex(c, 0, len), STATUS_SUCCESS);
	c->ops->FreeAdapterChannel(c->da);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->calls), 1);
}

/* FlushAdapterBuffersEx of a transfer still running: DmaAborted, stopped. */
static void sys_v3_flush_aborts(struct kunit *test)
{
	struct sys_ctx *c = test->priv;
	ULONG len = 2 * PAGE_SIZE, got = len;
	u64 moved;

	swdmac_set_rate(SYS_LINE, 64, 500);
	sys_adapter(test, DEVICE_DESCRIPTION_VERSION3, false, false);
	sys_channel_ex(test);
	KUNIT_ASSERT_EQ(test, sys_map_ex(c, 0, &got), STATUS_SUCCESS);
	usleep_range(2000, 3000);
	KUNIT_EXPECT_EQ(test, sys_flush_ex(c, 0, len), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->calls), 1);
	KUNIT_EXPECT_EQ(test, c->status, DmaAborted);
	moved = swdmac_transferred(SYS_LINE);
	usleep_range(3000, 4000);
	KUNIT_EXPECT_EQ(test, swdmac_transferred(SYS_LINE), moved);
	c->ops->FreeAdapterChannel(c->da);
}

/* No channel named for a line, or none behind the name: NULL, reported. */
static void sys_no_channel(struct kunit *test)
{
	struct sys_ctx *c = test->priv;
	struct wdmdma_dma_line bad = {
		.line = 7, .filter = swdmac_filter, .filter_param = (void *)(uintptr_t)99,
	};
	DEVICE_DESCRIPTION d = {
		.Version = DEVICE_DESCRIPTION_VERSION3, .Master = FALSE, .DmaRequestLine = 5,
		.MaximumLength = PAGE_SIZE,
	};
	unsigned long v = wdmdma_violations(NULL);
	ULONG n = 0;

	KUNIT_EXPECT_NULL(test, IoGetDmaAdapter(c->t.pdo, &d, &n));
	KUNIT_ASSERT_EQ(test, wdmdma_pdo_add_dma_line(c->t.pdo, &bad), 0);
	d.DmaRequestLine = 7;
	KUNIT_EXPECT_NULL(test, IoGetDmaAdapter(c->t.pdo, &d, &n));
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v + 2);
}

/* FreeAdapterChannel and PutDmaAdapter with a transfer running stop it. */
static void sys_left_running(struct kunit *test)
{
	struct sys_ctx *c = test->priv;
	ULONG len = 2 * PAGE_SIZE, got = len;
	u64 moved;

	swdmac_set_rate(SYS_LINE, 64, 500);
	sys_adapter(test, DEVICE_DESCRIPTION_VERSION2, false, false);
	sys_channel(test);
	c->ops->MapTransfer(c->da, c->mdl, c->base, c->buf, &got, TRUE);
	usleep_range(2000, 3000);
	c->ops->FreeAdapterChannel(c->da);	/* no flush: reported, stopped */
	moved = swdmac_transferred(SYS_LINE);
	usleep_range(3000, 4000);
	KUNIT_EXPECT_EQ(test, swdmac_transferred(SYS_LINE), moved);
	KUNIT_EXPECT_LT(test, moved, (u64)len);

	reinit_completion(&c->granted);
	sys_channel(test);
	got = len;
	c->ops->MapTransfer(c->da, c->mdl, c->base, c->buf, &got, TRUE);
	usleep_range(2000, 3000);
	c->ops->PutDmaAdapter(c->da);		/* everything left: taken back */
	c->da = NULL;
	moved = swdmac_transferred(SYS_LINE);
	usleep_range(3000, 4000);
	KUNIT_EXPECT_EQ(test, swdmac_transferred(SYS_LINE), moved);
}

static struct kunit_case sys_cases[] = {
	KUNIT_CASE(sys_to_device),
	KUNIT_CASE(sys_from_device),
	KUNIT_CASE(sys_verified),
	KUNIT_CASE(sys_counter),
	KUNIT_CASE(sys_autoinit),
	KUNIT_CASE(sys_ignore_count),
	KUNIT_CASE(sys_v3_complete),
	KUNIT_CASE(sys_v3_error),
	KUNIT_CASE(sys_v3_cancel),
	KUNIT_CASE(sys_v3_flush_aborts),
	KUNIT_CASE(sys_no_channel),
	KUNIT_CASE(sys_left_running),
	{}
};

struct kunit_suite wdmdma_sysdma_suite = {
	.name = "wdmdma_sysdma",
	.init = sys_init,
	.exit = sys_exit,
	.test_cases = sys_cases,
};
