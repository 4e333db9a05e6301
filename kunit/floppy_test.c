// SPDX-License-Identifier: GPL-2.0
/*
 * The floppy round trip: QEMU's floppy controller (isa-fdc, ports 0x3f0,
 * IRQ 6, DMA channel 2) driven as an ISA-era Windows driver drives it,
 * through a WDM system-DMA adapter on the 8237 provider (wdmdma_i8237):
 * a DEVICE_DESCRIPTION with Master = FALSE and DmaChannel = 2 (the legacy
 * binding names the provider's channel 2), AllocateAdapterChannel,
 * MapTransfer, the controller's WRITE and READ commands by port I/O, its
 * interrupt through IoConnectInterrupt and a DPC, FlushAdapterBuffers and
 * FreeAdapterChannel.  Four sectors are written with a pattern (a transfer
 * armed for four that the controller stops after two, so ReadDmaCounter
 * is sampled mid-way, then the rest as the next piece), read back in one
 * command and checked byte by byte.
 * The harness checks the disk image on the host after the boot
 * (tools/vm/floppy_check.py): the line FLOPPY_DONE names what was written.
 */
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include <wdmdma/i8237.h>

#include "suites.h"
#include "target.h"

#define FDC_BASE	0x3f0
#define FDC_DOR		(FDC_BASE + 2)
#define FDC_MSR		(FDC_BASE + 4)
#define FDC_FIFO	(FDC_BASE + 5)
#define FDC_CCR		(FDC_BASE + 7)
#define FDC_IRQ		6
#define FDC_DMA		2

#define MSR_RQM		0x80
#define MSR_DIO		0x40

#define CMD_SPECIFY	0x03
#define CMD_SENSE_INT	0x08
#define CMD_RECAL	0x07
#define CMD_SEEK	0x0f
#define CMD_WRITE	0x45	/* MFM */
#define CMD_READ	0x46	/* MFM */

/* What is written: cylinder 3, head 1, sectors 1-4 of a 1.44 MB disk. */
#define FL_CYL		3
#define FL_HEAD		1
#define FL_SECTORS	4
#define FL_SECT_SIZE	512
#define FL_SPT		18
#define FL_LEN		(FL_SECTORS * FL_SECT_SIZE)
#define FL_LBA		((2 * FL_CYL + FL_HEAD) * FL_SPT)	/* sector 1 */

struct fl_ctx {
	struct wdmdma_target t;
	bool have_ports, have_dor;
	PKINTERRUPT intr;
	KDPC dpc;
	KEVENT irq_event;
	atomic_t irqs;
	PDMA_ADAPTER da;
	PDMA_OPERATIONS ops;
	ULONG nregs;
	PVOID base;
	u8 *buf;		/* two pages, vmalloc: the transfer spans both */
	PMDL mdl;
};

/* The byte the image holds at @off once the test wrote it (floppy_check.py). */
static u8 fl_pattern(u32 off)
{
	return (u8)(off * 31 + (off >> 9) * 7 + 0xa5);
}

static BOOLEAN fl_isr(PKINTERRUPT intr, PVOID ctx)
{
	struct fl_ctx *c = ctx;

	atomic_inc(&c->irqs);
	KeInsertQueueDpc(&c->dpc, NULL, NULL);
	return TRUE;
}

static void fl_dpc(PKDPC dpc, PVOID ctx, PVOID a1, PVOID a2)
{
	struct fl_ctx *c = ctx;

	KeSetEvent(&c->irq_event, 0, FALSE);
}

/* Wait up to 2 s for the controller's interrupt (its DPC). */
static bool fl_wait_irq(struct fl_ctx *c)
{
	LARGE_INTEGER timeout = { .QuadPart = -20000000LL };	/* 2 s, relative */
	NTSTATUS st;

	st = KeWaitForSingleObject(&c->irq_event, Executive, KernelMode, FALSE, &timeout);
	KeClearEvent(&c->irq_event);
	return st == STATUS_SUCCESS;
}

static bool fl_wait_msr(u8 mask, u8 want)
{
	int i;

	for (i = 0; i < 100000; i++) {
		if ((inb(FDC_MSR) & mask) == want)
			return true;
		usleep_range(10, 20);
	}
	return false;
}

static bool fl_out(u8 b)
{
	if (!fl_wait_msr(MSR_RQM | MSR_DIO, MSR_RQM))
		return false;
	outb(b, FDC_FIFO);
	return true;
}

static int fl_in(void)
{
	if (!fl_wait_msr(MSR_RQM | MSR_DIO, MSR_RQM | MSR_DIO))
		return -1;
	return inb(FDC_FIFO);
}

static bool fl_cmd(const u8 *b, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (!fl_out(b[i]))
			return false;
	return true;
}

/* SENSE INTERRUPT STATUS: ST0 in the low byte, the cylinder above; -1 on timeout. */
static int fl_sense(void)
{
	int st0, cyl;

	if (!fl_out(CMD_SENSE_INT))
		return -1;
	st0 = fl_in();
	if (st0 < 0 || st0 == 0x80)
		return st0 < 0 ? -1 : st0;
	cyl = fl_in();
	return cyl < 0 ? -1 : st0 | cyl << 8;
}

/* Reset, data rate, SPECIFY (DMA mode), RECALIBRATE and SEEK to FL_CYL. */
static void fl_setup(struct kunit *test, struct fl_ctx *c)
{
	u8 specify[] = { CMD_SPECIFY, 0xdf, 0x02 };
	u8 recal[] = { CMD_RECAL, 0 };
	u8 seek[] = { CMD_SEEK, FL_HEAD << 2, FL_CYL };
	int i, s;

	KeClearEvent(&c->irq_event);
	outb(0x00, FDC_DOR);		/* reset */
	usleep_range(100, 200);
	outb(0x1c, FDC_DOR);		/* drive 0, its motor, DMA and IRQ on */
	KUNIT_ASSERT_TRUE_MSG(test, fl_wait_irq(c), "no interrupt after the reset");
	for (i = 0; i < 4; i++)
		KUNIT_ASSERT_GE(test, fl_sense(), 0);
	outb(0x00, FDC_CCR);		/* 500 kb/s: a 1.44 MB disk */
	KUNIT_ASSERT_TRUE(test, fl_cmd(specify, sizeof(specify)));
	KUNIT_ASSERT_TRUE(test, fl_cmd(recal, sizeof(recal)));
	KUNIT_ASSERT_TRUE_MSG(test, fl_wait_irq(c), "no interrupt after RECALIBRATE");
	s = fl_sense();
	KUNIT_ASSERT_EQ_MSG(test, s & 0xf0ff, 0x0020, "RECALIBRATE: ST0/cylinder %#x", s);
	KUNIT_ASSERT_TRUE(test, fl_cmd(seek, sizeof(seek)));
	KUNIT_ASSERT_TRUE_MSG(test, fl_wait_irq(c), "no interrupt after SEEK");
	s = fl_sense();
	KUNIT_ASSERT_EQ_MSG(test, s >> 8, FL_CYL, "SEEK: ST0/cylinder %#x", s);
	KUNIT_ASSERT_EQ_MSG(test, s & 0xc0, 0, "SEEK: ST0 %#x", s & 0xff);
}

/*
 * READ or WRITE sectors @first..@last of the track, wait for the
 * interrupt, read the seven result bytes.  ST0's interrupt code must be
 * normal, or "abnormal" with only End of Cylinder in ST1 (a command that
 * stops at EOT before the DMA count is used up, as the per-sector writes
 * do).
 */
static void fl_rw(struct kunit *test, struct fl_ctx *c, u8 op, u8 first, u8 last)
{
	u8 cmd[] = { op, FL_HEAD << 2, FL_CYL, FL_HEAD, first, 2, last, 0x1b, 0xff };
	int res[7], i;

	KUNIT_ASSERT_TRUE(test, fl_cmd(cmd, sizeof(cmd)));
	KUNIT_ASSERT_TRUE_MSG(test, fl_wait_irq(c), "no interrupt after %s of sector %u",
			      op == CMD_WRITE ? "WRITE" : "READ", first);
	for (i = 0; i < 7; i++) {
		res[i] = fl_in();
		KUNIT_ASSERT_GE(test, res[i], 0);
	}
	KUNIT_ASSERT_TRUE_MSG(test, (res[0] & 0xc0) == 0 ||
			      ((res[0] & 0xc0) == 0x40 && res[1] == 0x80 && !res[2]),
			      "%s %u-%u: ST0 %#x ST1 %#x ST2 %#x",
			      op == CMD_WRITE ? "WRITE" : "READ", first, last, res[0], res[1],
			      res[2]);
}

static void fl_channel(struct kunit *test, struct fl_ctx *c)
{
	c->base = wdmdma_test_keep_channel(test, c->da, c->t.fdo[0], c->nregs);
}

/* The 8237's limits on what MapTransfer handed it. */
static void fl_check_addr(struct kunit *test, PHYSICAL_ADDRESS la, ULONG len)
{
	u64 first = la.QuadPart, last = first + len - 1;

	KUNIT_EXPECT_LT_MSG(test, last, 0x1000000ULL, "%#llx + %u is beyond 16 MiB", first, len);
	KUNIT_EXPECT_EQ_MSG(test, first >> 16, last >> 16, "%#llx + %u crosses 64 KiB", first,
			    len);
}

static int fl_init(struct kunit *test)
{
	struct fl_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	struct wdmdma_dma_line line = {
		.line = FDC_DMA, .filter = i8237_filter,
		.filter_param = (void *)(uintptr_t)FDC_DMA, .isa_mode = TRUE,
	};
	NTSTATUS st;

	if (!c)
		return -ENOMEM;
	test->priv = c;
	KUNIT_ASSERT_NOT_NULL_MSG(test, i8237_device(FDC_DMA), "wdmdma_i8237 is not loaded");
	c->have_ports = request_region(FDC_BASE, 6, "wdmdma-floppy-test");
	KUNIT_ASSERT_TRUE_MSG(test, c->have_ports, "the floppy controller's ports are taken");
	c->have_dor = request_region(FDC_CCR, 1, "wdmdma-floppy-test");
	KUNIT_ASSERT_TRUE(test, c->have_dor);
	if (inb(FDC_MSR) == 0xff)
		kunit_skip(test, "no floppy controller at %#x", FDC_BASE);
	wdmdma_target_init(test, &c->t, WDMDMA_TARGET_KUNIT);
	KUNIT_ASSERT_EQ(test, wdmdma_pdo_add_dma_line(c->t.pdo, &line), 0);
	KeInitializeEvent(&c->irq_event, NotificationEvent, FALSE);
	KeInitializeDpc(&c->dpc, fl_dpc, c);
	st = IoConnectInterrupt(&c->intr, fl_isr, c, NULL, FDC_IRQ, 6, 6, Latched, FALSE, 0,
				FALSE);
	KUNIT_ASSERT_EQ(test, st, STATUS_SUCCESS);
	c->buf = vzalloc(2 * PAGE_SIZE);
	KUNIT_ASSERT_NOT_NULL(test, c->buf);
	c->mdl = IoAllocateMdl(c->buf, 2 * PAGE_SIZE, FALSE, FALSE, NULL);
	KUNIT_ASSERT_NOT_NULL(test, c->mdl);
	MmBuildMdlForNonPagedPool(c->mdl);
	return 0;
}

static void fl_exit(struct kunit *test)
{
	struct fl_ctx *c = test->priv;

	if (!c)
		return;
	if (c->da)
		c->ops->PutDmaAdapter(c->da);
	if (c->intr) {
		outb(0x00, FDC_DOR);	/* reset: no more interrupts */
		IoDisconnectInterrupt(c->intr);
		KeFlushQueuedDpcs();
	}
	if (c->mdl)
		IoFreeMdl(c->mdl);
	vfree(c->buf);
	if (c->t.pdo)
		wdmdma_target_exit(&c->t);
	if (c->have_dor)
		release_region(FDC_CCR, 1);
	if (c->have_ports)
		release_region(FDC_BASE, 6);
}

/*
 * The classic system-DMA sequence, both ways: write four sectors in two
 * pieces (ReadDmaCounter: the whole, half after the first WRITE, 0 after
 * the second), read them back in one READ, check every byte.
 */
static void fl_round_trip(struct kunit *test)
{
	struct fl_ctx *c = test->priv;
	DEVICE_DESCRIPTION d = {
		.Version = DEVICE_DESCRIPTION_VERSION1, .Master = FALSE,
		.DmaChannel = FDC_DMA, .InterfaceType = Isa, .DmaWidth = Width8Bits,
		.DmaSpeed = Compatible, .DemandMode = TRUE,
		.MaximumLength = FL_SPT * FL_SECT_SIZE,
	};
	u8 *va = c->buf + PAGE_SIZE - 3 * FL_SECT_SIZE;	/* spans both pages */
	ULONG len, left, last;
	PHYSICAL_ADDRESS la;
	unsigned long before = 0;
	u32 k, bad = 0;

	fl_setup(test, c);
	c->da = IoGetDmaAdapter(c->t.pdo, &d, &c->nregs);
	KUNIT_ASSERT_NOT_NULL(test, c->da);
	c->ops = c->da->DmaOperations;
	before = wdmdma_violations(c->da);
	KUNIT_EXPECT_GE(test, c->nregs, (ULONG)DIV_ROUND_UP(FL_LEN, PAGE_SIZE) + 1);
	KUNIT_EXPECT_LE_MSG(test, c->nregs, 16U, "an 8-bit 8237 channel moves 64 KiB at most");

	for (k = 0; k < FL_LEN; k++)
		va[k] = fl_pattern(FL_LBA * FL_SECT_SIZE + k);
	fl_channel(test, c);
	/*
	 * One transfer armed for all four sectors, a WRITE that stops at
	 * sector 2 (EOT): the counter holds the half not moved.  QEMU's
	 * controller restarts a command at the transfer's first byte, so
	 * the driver flushes and maps the rest as the next piece, as a
	 * Windows driver continues a transfer the device cut short.
	 */
	len = FL_LEN;
	la = c->ops->MapTransfer(c->da, c->mdl, c->base, va, &len, TRUE);
	KUNIT_EXPECT_EQ(test, len, (ULONG)FL_LEN);
	fl_check_addr(test, la, len);
	/* DemandMode reached the 8237: demand mode (bits 7-6 00), memory to device (0x08) */
	KUNIT_EXPECT_EQ(test, i8237_channel_mode(FDC_DMA), (u8)0x08);
	last = c->ops->ReadDmaCounter(c->da);
	KUNIT_EXPECT_EQ_MSG(test, last, (ULONG)FL_LEN, "nothing moved before the command");
	fl_rw(test, c, CMD_WRITE, 1, FL_SECTORS / 2);
	left = c->ops->ReadDmaCounter(c->da);
	KUNIT_EXPECT_EQ_MSG(test, left, (ULONG)FL_LEN / 2, "mid-transfer, after sector %u",
			    FL_SECTORS / 2);
	KUNIT_EXPECT_TRUE(test, c->ops->FlushAdapterBuffers(c->da, c->mdl, c->base, va, len,
							    TRUE));
	len = FL_LEN / 2;
	la = c->ops->MapTransfer(c->da, c->mdl, c->base, va + FL_LEN / 2, &len, TRUE);
	KUNIT_EXPECT_EQ(test, len, (ULONG)FL_LEN / 2);
	fl_check_addr(test, la, len);
	KUNIT_EXPECT_EQ(test, c->ops->ReadDmaCounter(c->da), (ULONG)FL_LEN / 2);
	fl_rw(test, c, CMD_WRITE, FL_SECTORS / 2 + 1, FL_SECTORS);
	KUNIT_EXPECT_EQ_MSG(test, c->ops->ReadDmaCounter(c->da), 0U, "at the end");
	KUNIT_EXPECT_TRUE(test, c->ops->FlushAdapterBuffers(c->da, c->mdl, c->base,
							    va + FL_LEN / 2, len, TRUE));
	c->ops->FreeAdapterChannel(c->da);
	kunit_info(test, "FLOPPY_DONE lba %u sectors %u\n", FL_LBA, FL_SECTORS);

	memset(c->buf, 0, 2 * PAGE_SIZE);
	fl_channel(test, c);
	len = FL_LEN;
	la = c->ops->MapTransfer(c->da, c->mdl, c->base, va, &len, FALSE);
	KUNIT_EXPECT_EQ(test, len, (ULONG)FL_LEN);
	fl_check_addr(test, la, len);
	KUNIT_EXPECT_EQ(test, c->ops->ReadDmaCounter(c->da), (ULONG)FL_LEN);
	fl_rw(test, c, CMD_READ, 1, FL_SECTORS);
	KUNIT_EXPECT_EQ(test, c->ops->ReadDmaCounter(c->da), 0U);
	KUNIT_EXPECT_TRUE(test, c->ops->FlushAdapterBuffers(c->da, c->mdl, c->base, va, len,
							    FALSE));
	c->ops->FreeAdapterChannel(c->da);
	for (k = 0; k < FL_LEN; k++)
		if (va[k] != fl_pattern(FL_LBA * FL_SECT_SIZE + k) && !bad++)
			kunit_err(test, "byte %u: %#x, wrote %#x\n", k, va[k],
				  fl_pattern(FL_LBA * FL_SECT_SIZE + k));
	KUNIT_EXPECT_EQ_MSG(test, bad, 0U, "wrong bytes read back");
	bad = 0;
	for (k = 0; k < 3 * FL_SECT_SIZE && va - k > c->buf; k++)
		bad += !!va[-1 - (int)k];
	KUNIT_EXPECT_EQ_MSG(test, bad, 0U, "bytes before the buffer were written");
	KUNIT_EXPECT_EQ(test, wdmdma_violations(c->da), before);
	KUNIT_EXPECT_GE(test, atomic_read(&c->irqs), 3 + 3);	/* reset, recal, seek; 3 commands */
}

static struct kunit_case fl_cases[] = {
	KUNIT_CASE(fl_round_trip),
	{}
};

struct kunit_suite wdmdma_floppy_suite = {
	.name = "wdmdma_floppy",
	.init = fl_init,
	.exit = fl_exit,
	.test_cases = fl_cases,
};
