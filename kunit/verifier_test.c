// SPDX-License-Identifier: GPL-2.0
/*
 * Verifier mode's double buffering on real mappings: in it the device sees
 * a copy of each transfer between guard areas, so what it writes before or
 * past the range lands in a guard area and is reported at the flush, while
 * the caller's memory around the range stays as it was; a buffer the CPU
 * writes while mapped, a memory-to-device copy the device writes, and
 * common buffers written past their ends are reported too.  Data still
 * goes both ways intact.  The device side is real: physical addresses,
 * swiotlb slots, or the edu device DMAing through IOVAs.
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <wdmdma/verifier.h>

#include "suites.h"
#include "target.h"

struct ver_ctx {
	struct wdmdma_target t;
	PDMA_ADAPTER da;
	PDMA_OPERATIONS ops;
	ULONG nregs;
};

static int ver_init(struct kunit *test)
{
	struct ver_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	if (!c)
		return -ENOMEM;
	test->priv = c;
	wdmdma_target_init(test, &c->t, WDMDMA_TARGET_PLATFORM);
	return 0;
}

static void ver_exit(struct kunit *test)
{
	struct ver_ctx *c = test->priv;

	if (!c)
		return;
	if (c->da)
		c->ops->PutDmaAdapter(c->da);
	wdmdma_target_exit(&c->t);
}

/* A verified adapter for the target: scatter/gather or not, room for @maxlen. */
static void ver_adapter(struct kunit *test, bool sg, ULONG maxlen)
{
	struct ver_ctx *c = test->priv;
	DEVICE_DESCRIPTION d;

	wdmdma_target_desc(&c->t, &d, sg, maxlen);
	if (d.Version < DEVICE_DESCRIPTION_VERSION3) {	/* the table with FlushDmaBuffer */
		d.Version = DEVICE_DESCRIPTION_VERSION3;
		d.DmaAddressWidth = 64;
	}
	c->da = wdmdma_target_adapter(&c->t, &d, &c->nregs);
	c->ops = c->da->DmaOperations;
	KUNIT_EXPECT_FALSE(test, wdmdma_verifier_set(c->da, true));
}

static IO_ALLOCATION_ACTION ver_keep(PDEVICE_OBJECT d, PIRP irp, PVOID base, PVOID ctx)
{
	*(PVOID *)ctx = base;
	return DeallocateObjectKeepRegisters;
}

/* @n map registers, asked for at DISPATCH_LEVEL as documented (granted at once). */
static PVOID ver_regs(struct kunit *test, ULONG n)
{
	struct ver_ctx *c = test->priv;
	PVOID base = NULL;
	NTSTATUS st;
	KIRQL old;

	KeRaiseIrql(DISPATCH_LEVEL, &old);
	st = c->ops->AllocateAdapterChannel(c->da, c->t.fdo[0], n, ver_keep, &base);
	KeLowerIrql(old);
	KUNIT_ASSERT_EQ(test, st, STATUS_SUCCESS);
	KUNIT_ASSERT_NOT_NULL_MSG(test, base, "the channel was not granted at once");
	return base;
}

/* Map all of [va, va + len) in one piece (the copy is contiguous). */
static u64 ver_map(struct kunit *test, PMDL mdl, PVOID base, u8 *va, ULONG len, bool write)
{
	struct ver_ctx *c = test->priv;
	PHYSICAL_ADDRESS a;
	ULONG got = len;

	a = c->ops->MapTransfer(c->da, mdl, base, va, &got, write);
	KUNIT_ASSERT_EQ_MSG(test, got, len, "a verified mapping is one piece");
	KUNIT_EXPECT_EQ_MSG(test, a.QuadPart & ~PAGE_MASK, offset_in_page(va),
			    "the copy keeps the offset in the page");
	return a.QuadPart;
}

/* The counts a case looks at, before it misbehaves. */
struct ver_counts {
	unsigned long total, overrun, cpu;
};

static void ver_counts_get(struct ver_ctx *c, struct ver_counts *v)
{
	v->total = wdmdma_violations(c->da);
	v->overrun = wdmdma_verifier_count(c->da, WDMDMA_CHK_OVERRUN);
	v->cpu = wdmdma_verifier_count(c->da, WDMDMA_CHK_CPU_WROTE);
}

/* Exactly @overrun overrun and @cpu CPU-write reports since @v, nothing else. */
static void ver_expect(struct kunit *test, const struct ver_counts *v, unsigned long overrun,
		       unsigned long cpu)
{
	struct ver_ctx *c = test->priv;
	struct ver_counts now;

	ver_counts_get(c, &now);
	KUNIT_EXPECT_EQ(test, now.overrun - v->overrun, overrun);
	KUNIT_EXPECT_EQ(test, now.cpu - v->cpu, cpu);
	KUNIT_EXPECT_EQ(test, now.total - v->total, overrun + cpu);
}

/*
 * Both directions, offsets in the page and lengths across pages: the
 * device reads the caller's data from the copy, writes come back exactly
 * over the range, bytes around it keep their value, nothing is reported,
 * and every mapping was double-buffered.
 */
static void ver_clean(struct kunit *test)
{
	static const struct { u32 off, len; } r[] = {
		{ 0, 512 }, { 100, 4096 }, { 4000, 300 }, { 8, 3 * PAGE_SIZE + 17 },
	};
	struct ver_ctx *c = test->priv;
	u8 *buf, *want, *seen;
	struct ver_counts v;
	char *stats;
	PVOID base;
	PMDL mdl;
	u64 addr;
	int i;

	ver_adapter(test, true, 8 * PAGE_SIZE);
	buf = wdmdma_test_buf(test, 6 * PAGE_SIZE, true);
	want = kunit_kmalloc(test, 6 * PAGE_SIZE, GFP_KERNEL);
	seen = kunit_kmalloc(test, 6 * PAGE_SIZE, GFP_KERNEL);
	stats = kunit_kzalloc(test, 4096, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, want);
	KUNIT_ASSERT_NOT_NULL(test, seen);
	KUNIT_ASSERT_NOT_NULL(test, stats);
	mdl = wdmdma_test_mdl(test, buf, 6 * PAGE_SIZE);
	base = ver_regs(test, c->nregs);
	ver_counts_get(c, &v);

	for (i = 0; i < ARRAY_SIZE(r); i++) {
		u8 *va = buf + r[i].off;

		/* memory to device: the device reads the caller's bytes */
		wdmdma_fill(buf, 6 * PAGE_SIZE, i);
		addr = ver_map(test, mdl, base, va, r[i].len, true);
		wdmdma_target_dev_read(&c->t, addr, seen, r[i].len);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(seen, va, r[i].len), 0, "range %d", i);
		KUNIT_EXPECT_TRUE(test, c->ops->FlushAdapterBuffers(c->da, mdl, base, va,
								    r[i].len, TRUE));

		/* device to memory: exactly the range comes back */
		wdmdma_fill(buf, 6 * PAGE_SIZE, 100 + i);
		memcpy(want, buf, 6 * PAGE_SIZE);
		wdmdma_fill(seen, r[i].len, 200 + i);
		memcpy(want + r[i].off, seen, r[i].len);
		addr = ver_map(test, mdl, base, va, r[i].len, false);
		wdmdma_target_dev_write(&c->t, addr, seen, r[i].len);
		KUNIT_EXPECT_TRUE(test, c->ops->FlushAdapterBuffers(c->da, mdl, base, va,
								    r[i].len, FALSE));
		KUNIT_EXPECT_EQ_MSG(test, memcmp(buf, want, 6 * PAGE_SIZE), 0, "range %d", i);
	}
	c->ops->FreeMapRegisters(c->da, base, c->nregs);
	ver_expect(test, &v, 0, 0);
	KUNIT_ASSERT_GT(test, wdmdma_adapter_stats_text(c->da, stats, 4096), 0);
	KUNIT_EXPECT_NOT_NULL(test, strstr(stats, "\nverifier=1\n"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(stats, "\nunverified=0\n"));
	KUNIT_EXPECT_NULL(test, strstr(stats, "\ncheck."));
}

/*
 * The device writes past the end of a device-to-memory mapping, then before
 * its start: each is reported at the flush, the range itself comes back,
 * and the caller's bytes around it -- which the device would have hit
 * without the verifier -- are untouched.
 */
static void ver_overrun(struct kunit *test)
{
	struct ver_ctx *c = test->priv;
	u8 *buf, *want, *junk;
	const u32 off = 256, len = 1000;
	struct ver_counts v;
	PVOID base;
	PMDL mdl;
	u64 addr;
	int pass;

	ver_adapter(test, false, 4 * PAGE_SIZE);
	buf = wdmdma_test_buf(test, 2 * PAGE_SIZE, false);
	want = kunit_kmalloc(test, 2 * PAGE_SIZE, GFP_KERNEL);
	junk = kunit_kmalloc(test, len + 64, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, want);
	KUNIT_ASSERT_NOT_NULL(test, junk);
	mdl = wdmdma_test_mdl(test, buf, 2 * PAGE_SIZE);
	base = ver_regs(test, 2);

	for (pass = 0; pass < 2; pass++) {
		wdmdma_fill(buf, 2 * PAGE_SIZE, 7 + pass);
		memcpy(want, buf, 2 * PAGE_SIZE);
		wdmdma_fill(junk, len + 64, 9 + pass);
		ver_counts_get(c, &v);
		addr = ver_map(test, mdl, base, buf + off, len, false);
		if (pass == 0) {	/* 40 bytes too many */
			wdmdma_target_dev_write(&c->t, addr, junk, len + 40);
			memcpy(want + off, junk, len);
		} else {		/* starts 24 bytes early */
			wdmdma_target_dev_write(&c->t, addr - 24, junk, len + 24);
			memcpy(want + off, junk + 24, len);
		}
		KUNIT_EXPECT_TRUE(test, c->ops->FlushAdapterBuffers(c->da, mdl, base, buf + off,
								    len, FALSE));
		ver_expect(test, &v, 1, 0);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(buf, want, 2 * PAGE_SIZE), 0,
				    "pass %d: the range came back, the bytes around it did not change",
				    pass);
	}

	/* survived: a clean transfer on the same registers is not reported */
	ver_counts_get(c, &v);
	addr = ver_map(test, mdl, base, buf, len, false);
	wdmdma_target_dev_write(&c->t, addr, junk, len);
	KUNIT_EXPECT_TRUE(test, c->ops->FlushAdapterBuffers(c->da, mdl, base, buf, len, FALSE));
	KUNIT_EXPECT_EQ(test, memcmp(buf, junk, len), 0);
	ver_expect(test, &v, 0, 0);
	c->ops->FreeMapRegisters(c->da, base, 2);
}

/*
 * Buffers changed while mapped: the CPU writes a memory-to-device buffer
 * (the device may have read old data) or a device-to-memory one (the
 * device's data overwrite it); the device writes a memory-to-device copy.
 */
static void ver_writes_while_mapped(struct kunit *test)
{
	struct ver_ctx *c = test->priv;
	const u32 len = 2 * PAGE_SIZE;
	struct ver_counts v;
	u8 *buf, *junk;
	PVOID base;
	PMDL mdl;
	u64 addr;

	ver_adapter(test, true, 4 * PAGE_SIZE);
	buf = wdmdma_test_buf(test, len, true);
	junk = kunit_kmalloc(test, 64, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, junk);
	wdmdma_fill(junk, 64, 3);
	mdl = wdmdma_test_mdl(test, buf, len);
	base = ver_regs(test, 2);

	ver_counts_get(c, &v);
	ver_map(test, mdl, base, buf, len, true);
	buf[len - 1] ^= 0xff;
	KUNIT_EXPECT_TRUE(test, c->ops->FlushAdapterBuffers(c->da, mdl, base, buf, len, TRUE));
	ver_expect(test, &v, 0, 1);

	ver_counts_get(c, &v);
	ver_map(test, mdl, base, buf, len, false);
	buf[0] ^= 0xff;
	KUNIT_EXPECT_TRUE(test, c->ops->FlushAdapterBuffers(c->da, mdl, base, buf, len, FALSE));
	ver_expect(test, &v, 0, 1);

	ver_counts_get(c, &v);
	addr = ver_map(test, mdl, base, buf, len, true);
	wdmdma_target_dev_write(&c->t, addr + 100, junk, 64);
	KUNIT_EXPECT_TRUE(test, c->ops->FlushAdapterBuffers(c->da, mdl, base, buf, len, TRUE));
	ver_expect(test, &v, 1, 0);

	/*
	 * FlushDmaBuffer in the middle is no CPU write: the device's data come
	 * to memory, then the flush finds the buffer as FlushDmaBuffer left it.
	 */
	ver_counts_get(c, &v);
	addr = ver_map(test, mdl, base, buf, len, false);
	wdmdma_target_dev_write(&c->t, addr, junk, 64);
	KUNIT_EXPECT_EQ(test, c->ops->FlushDmaBuffer(c->da, mdl, TRUE), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, memcmp(buf, junk, 64), 0);
	KUNIT_EXPECT_TRUE(test, c->ops->FlushAdapterBuffers(c->da, mdl, base, buf, len, FALSE));
	KUNIT_EXPECT_EQ(test, memcmp(buf, junk, 64), 0);
	ver_expect(test, &v, 0, 0);

	c->ops->FreeMapRegisters(c->da, base, 2);
}

static void ver_list_op(PDEVICE_OBJECT d, PIRP irp, PSCATTER_GATHER_LIST sgl, PVOID ctx)
{
	*(PSCATTER_GATHER_LIST *)ctx = sgl;
}

/*
 * Scatter/gather lists are double-buffered too: the list is one element
 * over the copy, data come back at Put, an overrun is reported there.
 */
static void ver_list(struct kunit *test)
{
	struct ver_ctx *c = test->priv;
	const u32 len = 3 * PAGE_SIZE;
	PSCATTER_GATHER_LIST sgl = NULL;
	struct ver_counts v;
	u8 *buf, *junk;
	NTSTATUS st;
	KIRQL old;
	PMDL mdl;

	ver_adapter(test, true, 4 * PAGE_SIZE);
	buf = wdmdma_test_buf(test, len, true);
	junk = kunit_kmalloc(test, len + 16, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, junk);
	wdmdma_fill(junk, len + 16, 5);
	mdl = wdmdma_test_mdl(test, buf, len);
	ver_counts_get(c, &v);

	KeRaiseIrql(DISPATCH_LEVEL, &old);
	st = c->ops->GetScatterGatherList(c->da, c->t.fdo[0], mdl, buf, len, ver_list_op, &sgl,
					  FALSE);
	KeLowerIrql(old);
	KUNIT_ASSERT_EQ(test, st, STATUS_SUCCESS);
	KUNIT_ASSERT_NOT_NULL(test, sgl);
	KUNIT_EXPECT_EQ(test, sgl->NumberOfElements, 1U);
	KUNIT_EXPECT_EQ(test, sgl->Elements[0].Length, len);
	wdmdma_target_dev_write(&c->t, sgl->Elements[0].Address.QuadPart, junk, len + 16);
	KeRaiseIrql(DISPATCH_LEVEL, &old);
	c->ops->PutScatterGatherList(c->da, sgl, FALSE);
	KeLowerIrql(old);
	KUNIT_EXPECT_EQ(test, memcmp(buf, junk, len), 0);
	ver_expect(test, &v, 1, 0);
}

/*
 * Common buffers get a guard page each side: a device writing past the
 * end or before the start is reported at FreeCommonBuffer; a clean one
 * is not.
 */
static void ver_common(struct kunit *test)
{
	struct ver_ctx *c = test->priv;
	const ULONG len = PAGE_SIZE + 200;
	PHYSICAL_ADDRESS la;
	struct ver_counts v;
	u8 junk[32];
	u8 *va;
	int pass;

	ver_adapter(test, true, 4 * PAGE_SIZE);
	memset(junk, 0x5c, sizeof(junk));
	for (pass = 0; pass < 3; pass++) {
		ver_counts_get(c, &v);
		va = c->ops->AllocateCommonBuffer(c->da, len, &la, TRUE);
		KUNIT_ASSERT_NOT_NULL(test, va);
		KUNIT_EXPECT_EQ(test, offset_in_page(va), 0UL);
		KUNIT_EXPECT_EQ(test, la.QuadPart & ~PAGE_MASK, 0ULL);
		memset(va, 0xa5, len);			/* all of it is the driver's */
		if (pass == 1)
			wdmdma_target_dev_write(&c->t, la.QuadPart + len, junk, sizeof(junk));
		else if (pass == 2)
			wdmdma_target_dev_write(&c->t, la.QuadPart - 8, junk, 8);
		c->ops->FreeCommonBuffer(c->da, len, la, va, TRUE);
		ver_expect(test, &v, pass ? 1 : 0, 0);
	}
}

/*
 * The switch at run time: off, the mapping is the DMA API's own (in the
 * direct configuration the buffer's physical address); on, a copy; a
 * mapping made before the switch ends the way it was made.
 */
static void ver_switch(struct kunit *test)
{
	struct ver_ctx *c = test->priv;
	const u32 len = 512;
	struct ver_counts v;
	u64 on, off;
	PVOID base;
	u8 *buf;
	PMDL mdl;

	ver_adapter(test, true, 4 * PAGE_SIZE);
	buf = wdmdma_test_buf(test, 2 * PAGE_SIZE, false);
	mdl = wdmdma_test_mdl(test, buf, 2 * PAGE_SIZE);
	base = ver_regs(test, 4);
	ver_counts_get(c, &v);

	on = ver_map(test, mdl, base, buf, len, true);
	KUNIT_EXPECT_TRUE(test, wdmdma_verifier_set(c->da, false));
	off = ver_map(test, mdl, base, buf + PAGE_SIZE, len, true);
	if (wdmdma_test_platform() == WDMDMA_PLATFORM_DIRECT) {
		KUNIT_EXPECT_EQ(test, off, (u64)virt_to_phys(buf + PAGE_SIZE));
		KUNIT_EXPECT_NE(test, on, (u64)virt_to_phys(buf));
	}
	KUNIT_EXPECT_TRUE(test, c->ops->FlushAdapterBuffers(c->da, mdl, base, buf, len, TRUE));
	KUNIT_EXPECT_TRUE(test, c->ops->FlushAdapterBuffers(c->da, mdl, base, buf + PAGE_SIZE,
							    len, TRUE));
	KUNIT_EXPECT_FALSE(test, wdmdma_verifier_set(c->da, true));
	c->ops->FreeMapRegisters(c->da, base, 4);
	ver_expect(test, &v, 0, 0);
}

/*
 * A mapping that cannot be double-buffered (here: the DMA API made to
 * fail, so the adapter's own copy carries it) is still made, and counted
 * as unverified.
 */
static void ver_unverified(struct kunit *test)
{
	struct ver_ctx *c = test->priv;
	const u32 len = 700;
	struct ver_counts v;
	char *stats;
	u8 *buf, *seen;
	PVOID base;
	PMDL mdl;
	u64 addr;

	ver_adapter(test, true, 4 * PAGE_SIZE);
	buf = wdmdma_test_buf(test, len, false);
	seen = kunit_kmalloc(test, len, GFP_KERNEL);
	stats = kunit_kzalloc(test, 4096, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, seen);
	KUNIT_ASSERT_NOT_NULL(test, stats);
	wdmdma_fill(buf, len, 11);
	mdl = wdmdma_test_mdl(test, buf, len);
	base = ver_regs(test, 1);
	ver_counts_get(c, &v);

	wdmdma_test_fail_dma_map(100);
	addr = ver_map(test, mdl, base, buf, len, true);
	wdmdma_test_fail_dma_map(0);
	wdmdma_target_dev_read(&c->t, addr, seen, len);
	KUNIT_EXPECT_EQ(test, memcmp(seen, buf, len), 0);
	KUNIT_EXPECT_TRUE(test, c->ops->FlushAdapterBuffers(c->da, mdl, base, buf, len, TRUE));
	c->ops->FreeMapRegisters(c->da, base, 1);
	ver_expect(test, &v, 0, 0);
	KUNIT_ASSERT_GT(test, wdmdma_adapter_stats_text(c->da, stats, 4096), 0);
	KUNIT_EXPECT_NOT_NULL(test, strstr(stats, "\nunverified=1\n"));
}

static struct kunit_case wdmdma_verifier_cases[] = {
	KUNIT_CASE(ver_clean),
	KUNIT_CASE(ver_overrun),
	KUNIT_CASE(ver_writes_while_mapped),
	KUNIT_CASE(ver_list),
	KUNIT_CASE(ver_common),
	KUNIT_CASE(ver_switch),
	KUNIT_CASE(ver_unverified),
	{}
};

struct kunit_suite wdmdma_verifier_suite = {
	.name = "wdmdma_verifier",
	.init = ver_init,
	.exit = ver_exit,
	.test_cases = wdmdma_verifier_cases,
};
