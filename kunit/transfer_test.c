// SPDX-License-Identifier: GPL-2.0
/*
 * MapTransfer() and FlushAdapterBuffers() on real mappings, data verified
 * end to end: the CPU writes, the device side reads through the addresses
 * MapTransfer returned, and back.  Under direct mapping the device gets
 * physical addresses, under forced bouncing swiotlb slots, under the IOMMU
 * IOVAs the edu device really DMAs through.
 */
#include <linux/completion.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>

#include "suites.h"
#include "target.h"

#define XFER_MAX_PIECES	64

struct xfer_ctx {
	struct wdmdma_target t;
	PDMA_ADAPTER da;
	PDMA_OPERATIONS ops;
	ULONG nregs;
};

struct piece {
	u64 addr;
	ULONG len;
};

static IO_ALLOCATION_ACTION xfer_keep_regs(PDEVICE_OBJECT d, PIRP irp, PVOID base, PVOID ctx)
{
	*(PVOID *)ctx = base;
	return DeallocateObjectKeepRegisters;
}

static int xfer_init(struct kunit *test)
{
	struct xfer_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	if (!c)
		return -ENOMEM;
	test->priv = c;
	wdmdma_target_init(test, &c->t, WDMDMA_TARGET_PLATFORM);
	return 0;
}

static void xfer_put(struct xfer_ctx *c)
{
	if (c->da)
		c->ops->PutDmaAdapter(c->da);
	c->da = NULL;
}

static void xfer_exit(struct kunit *test)
{
	struct xfer_ctx *c = test->priv;

	if (!c)
		return;
	xfer_put(c);
	wdmdma_target_exit(&c->t);
}

/* An adapter for the target: scatter/gather or not, room for @maxlen. */
static void xfer_adapter(struct kunit *test, bool sg, ULONG maxlen)
{
	struct xfer_ctx *c = test->priv;
	DEVICE_DESCRIPTION d;

	xfer_put(c);
	wdmdma_target_desc(&c->t, &d, sg, maxlen);
	c->da = wdmdma_target_adapter(&c->t, &d, &c->nregs);
	c->ops = c->da->DmaOperations;
}

/* Registers for a transfer, kept by the routine (the packet-DMA pattern). */
static PVOID xfer_regs(struct kunit *test, ULONG n)
{
	struct xfer_ctx *c = test->priv;
	PVOID base = NULL;

	KUNIT_ASSERT_EQ(test, c->ops->AllocateAdapterChannel(c->da, c->t.fdo[0], n,
							     xfer_keep_regs, &base),
			STATUS_SUCCESS);
	KUNIT_ASSERT_NOT_NULL(test, base);
	return base;
}

/* MapTransfer [va, va + len) piece by piece; return the piece count. */
static int xfer_map_all(struct kunit *test, PMDL mdl, PVOID base, u8 *va, ULONG len,
			bool write, struct piece *p)
{
	struct xfer_ctx *c = test->priv;
	PHYSICAL_ADDRESS a;
	int n = 0;

	while (len) {
		ULONG got = len;

		KUNIT_ASSERT_LT(test, n, XFER_MAX_PIECES);
		a = c->ops->MapTransfer(c->da, mdl, base, va, &got, write);
		KUNIT_ASSERT_GT_MSG(test, got, 0, "MapTransfer mapped nothing at +%u", n);
		KUNIT_ASSERT_LE(test, got, len);
		p[n].addr = a.QuadPart;
		p[n].len = got;
		va += got;
		len -= got;
		n++;
	}
	return n;
}

static struct piece *xfer_pieces(struct kunit *test)
{
	struct piece *p = kunit_kcalloc(test, XFER_MAX_PIECES, sizeof(*p), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	return p;
}

static phys_addr_t xfer_phys(void *va)
{
	struct page *page = is_vmalloc_addr(va) ? vmalloc_to_page(va) : virt_to_page(va);

	return page_to_phys(page) + offset_in_page(va);
}

/* What the platform says about the first device address of a piece. */
static void xfer_expect_mode(struct kunit *test, u64 addr, void *va)
{
	struct xfer_ctx *c = test->priv;

	switch (wdmdma_test_platform()) {
	case WDMDMA_PLATFORM_DIRECT:
	case WDMDMA_PLATFORM_HIGHMEM:	/* a kunit device's 64-bit mask covers all RAM */
		KUNIT_EXPECT_EQ(test, addr, xfer_phys(va));
		break;
	case WDMDMA_PLATFORM_BOUNCE:
	case WDMDMA_PLATFORM_IOMMU:
		KUNIT_EXPECT_NE(test, addr, xfer_phys(va));	/* a slot or an IOVA */
		break;
	default:
		KUNIT_FAIL(test, "unknown platform");
	}
	if (wdmdma_target_is_edu(&c->t))
		KUNIT_EXPECT_LT(test, addr, 1ULL << 28);
}

struct xfer_range {
	const char *name;
	u32 offset;
	u32 len;
};

static const struct xfer_range xfer_ranges[] = {
	{ "one byte", 17, 1 },
	{ "one page", 0, PAGE_SIZE },
	{ "page straddle", PAGE_SIZE - 3, 8 },
	{ "unaligned multi-page", 100, 5 * PAGE_SIZE - 300 },
	{ "8 pages", 0, 8 * PAGE_SIZE },
};

static void xfer_range_desc(const struct xfer_range *r, char *desc)
{
	strscpy(desc, r->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(xfer_range, xfer_ranges, xfer_range_desc);

/*
 * Scatter/gather master, memory to device: the pieces cover the range in
 * order, each device-contiguous, and the device reads the CPU's data
 * through them.  Under the IOMMU the pages merge into one piece.
 */
static void xfer_sg_to_device(struct kunit *test)
{
	const struct xfer_range *r = test->param_value;
	struct xfer_ctx *c = test->priv;
	struct piece *p = xfer_pieces(test);
	u8 *buf, *va, *seen;
	int i, n;
	ULONG off = 0;
	PVOID base;
	PMDL mdl;

	xfer_adapter(test, true, 16 * PAGE_SIZE);
	buf = wdmdma_test_buf(test, r->offset + r->len, true);
	va = buf + r->offset;
	wdmdma_fill(buf, r->offset + r->len, 1);
	mdl = wdmdma_test_mdl(test, va, r->len);
	base = xfer_regs(test, ADDRESS_AND_SIZE_TO_SPAN_PAGES(va, r->len));

	n = xfer_map_all(test, mdl, base, va, r->len, true, p);
	KUNIT_EXPECT_LE(test, n, (int)ADDRESS_AND_SIZE_TO_SPAN_PAGES(va, r->len));
	if (wdmdma_test_platform() == WDMDMA_PLATFORM_IOMMU)
		KUNIT_EXPECT_EQ(test, n, 1);
	seen = kunit_kmalloc(test, r->len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, seen);
	for (i = 0; i < n; off += p[i].len, i++) {
		xfer_expect_mode(test, p[i].addr, va + off);
		wdmdma_target_dev_read(&c->t, p[i].addr, seen + off, p[i].len);
	}
	KUNIT_EXPECT_EQ(test, memcmp(seen, va, r->len), 0);
	KUNIT_EXPECT_TRUE(test, c->ops->FlushAdapterBuffers(c->da, mdl, base, va, r->len, TRUE));
	c->ops->FreeMapRegisters(c->da, base, ADDRESS_AND_SIZE_TO_SPAN_PAGES(va, r->len));
}

/*
 * Scatter/gather master, device to memory: what the device writes through
 * the pieces is in the buffer once FlushAdapterBuffers returns (bounce
 * slots copied back), and not a byte outside the range changed.
 */
static void xfer_sg_from_device(struct kunit *test)
{
	const struct xfer_range *r = test->param_value;
	struct xfer_ctx *c = test->priv;
	struct piece *p = xfer_pieces(test);
	u8 *buf, *va, *want;
	size_t total = r->offset + r->len + 64;
	ULONG off = 0;
	PVOID base;
	int i, n;
	PMDL mdl;

	xfer_adapter(test, true, 16 * PAGE_SIZE);
	buf = wdmdma_test_buf(test, total, true);
	va = buf + r->offset;
	memset(buf, 0x5a, total);
	want = kunit_kmalloc(test, total, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, want);
	memset(want, 0x5a, total);
	wdmdma_fill(want + r->offset, r->len, 2);
	mdl = wdmdma_test_mdl(test, va, r->len);
	base = xfer_regs(test, ADDRESS_AND_SIZE_TO_SPAN_PAGES(va, r->len));

	n = xfer_map_all(test, mdl, base, va, r->len, false, p);
	for (i = 0; i < n; off += p[i].len, i++)
		wdmdma_target_dev_write(&c->t, p[i].addr, want + r->offset + off, p[i].len);
	KUNIT_EXPECT_TRUE(test, c->ops->FlushAdapterBuffers(c->da, mdl, base, va, r->len, FALSE));
	KUNIT_EXPECT_EQ(test, memcmp(buf, want, total), 0);
	c->ops->FreeMapRegisters(c->da, base, ADDRESS_AND_SIZE_TO_SPAN_PAGES(va, r->len));
}

/*
 * A master without scatter/gather gets the whole range as one
 * device-contiguous piece, even over scattered pages (merged by the IOMMU,
 * or copied through the adapter's contiguous buffer), both directions.
 */
static void xfer_non_sg(struct kunit *test)
{
	const struct xfer_range *r = test->param_value;
	struct xfer_ctx *c = test->priv;
	u8 *buf, *va, *seen;
	PHYSICAL_ADDRESS a;
	PVOID base;
	ULONG len;
	PMDL mdl;

	xfer_adapter(test, false, 16 * PAGE_SIZE);
	buf = wdmdma_test_buf(test, r->offset + r->len, true);
	va = buf + r->offset;
	wdmdma_fill(va, r->len, 3);
	mdl = wdmdma_test_mdl(test, va, r->len);
	base = xfer_regs(test, ADDRESS_AND_SIZE_TO_SPAN_PAGES(va, r->len));
	seen = kunit_kzalloc(test, r->len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, seen);

	len = r->len;
	a = c->ops->MapTransfer(c->da, mdl, base, va, &len, TRUE);
	KUNIT_ASSERT_EQ(test, len, r->len);
	wdmdma_target_dev_read(&c->t, a.QuadPart, seen, len);
	KUNIT_EXPECT_EQ(test, memcmp(seen, va, len), 0);
	KUNIT_EXPECT_TRUE(test, c->ops->FlushAdapterBuffers(c->da, mdl, base, va, len, TRUE));

	/* the same registers again, device to memory */
	wdmdma_fill(seen, r->len, 4);
	a = c->ops->MapTransfer(c->da, mdl, base, va, &len, FALSE);
	KUNIT_ASSERT_EQ(test, len, r->len);
	wdmdma_target_dev_write(&c->t, a.QuadPart, seen, len);
	KUNIT_EXPECT_TRUE(test, c->ops->FlushAdapterBuffers(c->da, mdl, base, va, len, FALSE));
	KUNIT_EXPECT_EQ(test, memcmp(seen, va, len), 0);
	c->ops->FreeMapRegisters(c->da, base, ADDRESS_AND_SIZE_TO_SPAN_PAGES(va, r->len));
}

/*
 * A chain of MDLs (Mdl->Next) shares one allocation: each MDL is mapped
 * with its own MapTransfer calls and flushed on its own.
 */
static void xfer_chained_mdl(struct kunit *test)
{
	static const ULONG len[3] = { 3000, 5000, PAGE_SIZE + 10 };
	struct xfer_ctx *c = test->priv;
	struct piece *p = xfer_pieces(test);
	PMDL mdl[3];
	u8 *buf[3], *seen;
	ULONG regs = 0, off;
	PVOID base;
	int i, j, n;

	xfer_adapter(test, true, 16 * PAGE_SIZE);
	for (i = 0; i < 3; i++) {
		buf[i] = wdmdma_test_buf(test, len[i] + 200, i != 1) + 200 - i * 50;
		wdmdma_fill(buf[i], len[i], 10 + i);
		mdl[i] = wdmdma_test_mdl(test, buf[i], len[i]);
		if (i)
			mdl[i - 1]->Next = mdl[i];
		regs += ADDRESS_AND_SIZE_TO_SPAN_PAGES(buf[i], len[i]);
	}
	base = xfer_regs(test, regs);
	seen = kunit_kmalloc(test, 2 * PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, seen);
	for (i = 0; i < 3; i++) {
		n = xfer_map_all(test, mdl[i], base, buf[i], len[i], true, p);
		for (j = 0, off = 0; j < n; off += p[j].len, j++)
			wdmdma_target_dev_read(&c->t, p[j].addr, seen + off, p[j].len);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(seen, buf[i], len[i]), 0, "MDL %d", i);
	}
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_TRUE(test, c->ops->FlushAdapterBuffers(c->da, mdl[i], base, buf[i],
								    len[i], TRUE));
	for (i = 0; i < 2; i++)
		mdl[i]->Next = NULL;
	c->ops->FreeMapRegisters(c->da, base, regs);
}

/*
 * MapTransfer never uses more registers than the allocation has: a longer
 * Length is cut; with all registers mapped it maps nothing (reported);
 * after FlushAdapterBuffers the same registers map the next piece -- the
 * pattern of a driver splitting a large transfer.
 */
static void xfer_register_limit(struct kunit *test)
{
	struct xfer_ctx *c = test->priv;
	unsigned long before;
	u8 *buf, *seen;
	PHYSICAL_ADDRESS a;
	ULONG len, done;
	PVOID base;
	PMDL mdl;

	xfer_adapter(test, true, 16 * PAGE_SIZE);
	buf = wdmdma_test_buf(test, 6 * PAGE_SIZE, false);
	wdmdma_fill(buf, 6 * PAGE_SIZE, 5);
	mdl = wdmdma_test_mdl(test, buf, 6 * PAGE_SIZE);
	base = xfer_regs(test, 2);
	seen = kunit_kmalloc(test, 2 * PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, seen);

	for (done = 0; done < 6 * PAGE_SIZE; done += 2 * PAGE_SIZE) {
		u8 *va = buf + done;
		ULONG got = 0;

		while (got < 2 * PAGE_SIZE) {
			len = 6 * PAGE_SIZE - done - got;
			a = c->ops->MapTransfer(c->da, mdl, base, va + got, &len, TRUE);
			KUNIT_ASSERT_GT(test, len, 0);
			KUNIT_ASSERT_LE(test, got + len, 2 * PAGE_SIZE);
			wdmdma_target_dev_read(&c->t, a.QuadPart, seen + got, len);
			got += len;
		}
		KUNIT_EXPECT_EQ(test, memcmp(seen, va, 2 * PAGE_SIZE), 0);
		before = wdmdma_violations(c->da);
		len = PAGE_SIZE;
		c->ops->MapTransfer(c->da, mdl, base, va + 2 * PAGE_SIZE, &len, TRUE);
		KUNIT_EXPECT_EQ(test, len, 0);
		KUNIT_EXPECT_EQ(test, wdmdma_violations(c->da), before + 1);
		KUNIT_EXPECT_TRUE(test, c->ops->FlushAdapterBuffers(c->da, mdl, base, va,
								    2 * PAGE_SIZE, TRUE));
	}
	c->ops->FreeMapRegisters(c->da, base, 2);
}

/*
 * The adapter's address width holds for every device address: 32-bit and
 * 28-bit adapters on a kunit device; under forced bouncing the addresses
 * really are bounce slots, and the data crosses them both ways.
 */
static void xfer_address_limits(struct kunit *test)
{
	static const ULONG widths[] = { 32, 28 };
	struct wdmdma_target kt;
	struct piece *p = xfer_pieces(test);
	DEVICE_DESCRIPTION d;
	PDMA_ADAPTER da;
	u8 *buf, *seen;
	ULONG n, len = 3 * PAGE_SIZE + 5, got, off, regs;
	PVOID base = NULL;
	unsigned int w;
	int np;
	PMDL mdl;

	wdmdma_target_init(test, &kt, WDMDMA_TARGET_KUNIT);
	buf = wdmdma_test_buf(test, len, true);
	seen = kunit_kmalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, seen);
	mdl = wdmdma_test_mdl(test, buf, len);
	for (w = 0; w < ARRAY_SIZE(widths); w++) {
		memset(&d, 0, sizeof(d));
		d.Version = DEVICE_DESCRIPTION_VERSION3;
		d.Master = TRUE;
		d.ScatterGather = TRUE;
		d.DmaAddressWidth = widths[w];
		d.MaximumLength = len;
		da = IoGetDmaAdapter(kt.pdo, &d, &n);
		KUNIT_ASSERT_NOT_NULL(test, da);
		regs = ADDRESS_AND_SIZE_TO_SPAN_PAGES(buf, len);
		KUNIT_ASSERT_EQ(test, da->DmaOperations->AllocateAdapterChannel(da, kt.fdo[0], regs,
										xfer_keep_regs,
										&base),
				STATUS_SUCCESS);
		wdmdma_fill(buf, len, w);
		for (np = 0, off = 0; off < len; off += got, np++) {
			got = len - off;
			p[np].addr = da->DmaOperations->MapTransfer(da, mdl, base, buf + off, &got,
								    TRUE).QuadPart;
			KUNIT_ASSERT_GT(test, got, 0);
			p[np].len = got;
			KUNIT_EXPECT_LE(test, p[np].addr + got - 1, DMA_BIT_MASK(widths[w]));
			if (wdmdma_test_platform() == WDMDMA_PLATFORM_BOUNCE)
				KUNIT_EXPECT_NE(test, p[np].addr, xfer_phys(buf + off));
			wdmdma_target_dev_read(&kt, p[np].addr, seen + off, got);
		}
		KUNIT_EXPECT_EQ(test, memcmp(seen, buf, len), 0);
		KUNIT_EXPECT_TRUE(test, da->DmaOperations->FlushAdapterBuffers(da, mdl, base, buf,
									       len, TRUE));
		da->DmaOperations->FreeMapRegisters(da, base, regs);
		da->DmaOperations->PutDmaAdapter(da);
	}
	wdmdma_target_exit(&kt);
}

/*
 * Misuse is reported and refused without mapping anything: CurrentVa
 * outside the MDL, zero length, a length past the MDL (cut), an MDL whose
 * pages were never locked, a made-up MapRegisterBase; flushing what is not
 * mapped (FALSE), twice (FALSE), and freeing registers still mapped
 * (the mapping is taken down: DMA-API debug sees no leak).
 */
static void xfer_misuse(struct kunit *test)
{
	struct xfer_ctx *c = test->priv;
	unsigned long before;
	PMDL mdl, raw;
	u8 *buf, junk[16];
	PHYSICAL_ADDRESS a;
	PVOID base;
	ULONG len;

	xfer_adapter(test, true, 16 * PAGE_SIZE);
	buf = wdmdma_test_buf(test, 2 * PAGE_SIZE, false);
	mdl = wdmdma_test_mdl(test, buf + 10, PAGE_SIZE);
	base = xfer_regs(test, 3);
	before = wdmdma_violations(c->da);

	len = 100;
	a = c->ops->MapTransfer(c->da, mdl, base, buf, &len, TRUE);	/* before the MDL */
	KUNIT_EXPECT_EQ(test, len, 0);
	KUNIT_EXPECT_EQ(test, a.QuadPart, 0);
	len = 0;
	c->ops->MapTransfer(c->da, mdl, base, buf + 10, &len, TRUE);
	KUNIT_EXPECT_EQ(test, len, 0);
	len = 100;
	c->ops->MapTransfer(c->da, mdl, junk, buf + 10, &len, TRUE);
	KUNIT_EXPECT_EQ(test, len, 0);
	raw = IoAllocateMdl(buf, 100, FALSE, FALSE, NULL);	/* never locked */
	KUNIT_ASSERT_NOT_NULL(test, raw);
	len = 100;
	c->ops->MapTransfer(c->da, raw, base, buf, &len, TRUE);
	KUNIT_EXPECT_EQ(test, len, 0);
	IoFreeMdl(raw);
	KUNIT_EXPECT_FALSE(test, c->ops->FlushAdapterBuffers(c->da, mdl, base, buf + 10, 10, TRUE));
	KUNIT_EXPECT_EQ(test, wdmdma_violations(c->da), before + 5);

	len = 2 * PAGE_SIZE;					/* past the MDL: cut */
	c->ops->MapTransfer(c->da, mdl, base, buf + 10, &len, TRUE);
	KUNIT_EXPECT_EQ(test, len, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(c->da), before + 6);
	KUNIT_EXPECT_TRUE(test, c->ops->FlushAdapterBuffers(c->da, mdl, base, buf + 10,
							    PAGE_SIZE, TRUE));
	KUNIT_EXPECT_FALSE(test, c->ops->FlushAdapterBuffers(c->da, mdl, base, buf + 10,
							     PAGE_SIZE, TRUE));
	KUNIT_EXPECT_EQ(test, wdmdma_violations(c->da), before + 7);

	len = 64;						/* freed while mapped */
	c->ops->MapTransfer(c->da, mdl, base, buf + 10, &len, FALSE);
	KUNIT_EXPECT_EQ(test, len, 64);
	c->ops->FreeMapRegisters(c->da, base, 3);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(c->da), before + 8);
	len = 64;
	c->ops->MapTransfer(c->da, mdl, base, buf + 10, &len, FALSE);	/* freed base */
	KUNIT_EXPECT_EQ(test, len, 0);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(c->da), before + 9);
}

static struct kunit_case transfer_cases[] = {
	KUNIT_CASE_PARAM(xfer_sg_to_device, xfer_range_gen_params),
	KUNIT_CASE_PARAM(xfer_sg_from_device, xfer_range_gen_params),
	KUNIT_CASE_PARAM(xfer_non_sg, xfer_range_gen_params),
	KUNIT_CASE(xfer_chained_mdl),
	KUNIT_CASE(xfer_register_limit),
	KUNIT_CASE(xfer_address_limits),
	KUNIT_CASE(xfer_misuse),
	{}
};

struct kunit_suite wdmdma_transfer_suite = {
	.name = "wdmdma_transfer",
	.init = xfer_init,
	.exit = xfer_exit,
	.test_cases = transfer_cases,
};
