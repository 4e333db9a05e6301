// SPDX-License-Identifier: GPL-2.0
/*
 * Scatter/gather lists: GetScatterGatherList, PutScatterGatherList,
 * CalculateScatterGatherList, BuildScatterGatherList and
 * BuildMdlFromScatterGatherList on real mappings, data verified on the
 * device side, in every platform configuration.
 */
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/vmalloc.h>

#include "../wdmdma/compat.h"
#include "suites.h"
#include "target.h"

/* What a list-control routine saw. */
struct sgl_seen {
	struct completion done;
	atomic_t runs;
	PSCATTER_GATHER_LIST list;
	PDEVICE_OBJECT devobj;
	bool bh_off;
	int order;
	atomic_t *seq;
};

struct sgl_ctx {
	struct wdmdma_target t;
	PDMA_ADAPTER da;
	PDMA_OPERATIONS ops;
	ULONG nregs;
	atomic_t seq;
	struct sgl_seen seen[4];
};

static void sgl_routine(PDEVICE_OBJECT d, PIRP irp, PSCATTER_GATHER_LIST list, PVOID ctx)
{
	struct sgl_seen *s = ctx;

	s->list = list;
	s->devobj = d;
	s->bh_off = in_softirq();
	s->order = atomic_inc_return(s->seq);
	atomic_inc(&s->runs);
	complete(&s->done);
}

static struct sgl_seen *sgl_seen_init(struct sgl_ctx *c, int i)
{
	struct sgl_seen *s = &c->seen[i];

	memset(s, 0, sizeof(*s));
	init_completion(&s->done);
	s->seq = &c->seq;
	return s;
}

static int sgl_init(struct kunit *test)
{
	struct sgl_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	if (!c)
		return -ENOMEM;
	test->priv = c;
	wdmdma_target_init(test, &c->t, WDMDMA_TARGET_PLATFORM);
	return 0;
}

static void sgl_put_adapter(struct sgl_ctx *c)
{
	if (c->da)
		c->ops->PutDmaAdapter(c->da);
	c->da = NULL;
}

static void sgl_exit(struct kunit *test)
{
	struct sgl_ctx *c = test->priv;

	if (!c)
		return;
	sgl_put_adapter(c);
	wdmdma_target_exit(&c->t);
}

static void sgl_adapter(struct kunit *test, bool sg, ULONG maxlen)
{
	struct sgl_ctx *c = test->priv;
	DEVICE_DESCRIPTION d;

	sgl_put_adapter(c);
	wdmdma_target_desc(&c->t, &d, sg, maxlen);
	c->da = wdmdma_target_adapter(&c->t, &d, &c->nregs);
	c->ops = c->da->DmaOperations;
}

static phys_addr_t sgl_phys(void *va)
{
	struct page *page = is_vmalloc_addr(va) ? vmalloc_to_page(va) : virt_to_page(va);

	return page_to_phys(page) + offset_in_page(va);
}

struct sgl_range {
	const char *name;
	u32 offset;
	u32 len;
	bool verify;	/* data checked on the device side (slow through edu) */
};

static const struct sgl_range sgl_ranges[] = {
	{ "one byte", 33, 1, true },
	{ "one page", 0, PAGE_SIZE, true },
	{ "page straddle", PAGE_SIZE - 5, 10, true },
	{ "unaligned 7 pages", 300, 7 * PAGE_SIZE - 700, true },
	{ "1 MiB", 0, SZ_1M, false },
	{ "2 MiB unaligned", 1000, SZ_2M, false },
};

static void sgl_range_desc(const struct sgl_range *r, char *desc)
{
	strscpy(desc, r->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(sgl_range, sgl_ranges, sgl_range_desc);

/* The device reads everything a list describes into @buf.  Return: bytes. */
static u32 sgl_dev_read(struct kunit *test, PSCATTER_GATHER_LIST list, u8 *buf)
{
	struct sgl_ctx *c = test->priv;
	u32 i, off = 0;

	for (i = 0; i < list->NumberOfElements; off += list->Elements[i++].Length)
		wdmdma_target_dev_read(&c->t, list->Elements[i].Address.QuadPart, buf + off,
				       list->Elements[i].Length);
	return off;
}

/* Check a list's elements against the buffer they describe. */
static void sgl_check_list(struct kunit *test, PSCATTER_GATHER_LIST list, u8 *va, u32 len,
			   ULONG nregs)
{
	struct sgl_ctx *c = test->priv;
	u64 limit = wdmdma_target_is_edu(&c->t) ? DMA_BIT_MASK(28) : DMA_BIT_MASK(64);
	u32 i, off = 0;

	KUNIT_ASSERT_GE(test, list->NumberOfElements, 1);
	KUNIT_EXPECT_LE(test, list->NumberOfElements, nregs);
	for (i = 0; i < list->NumberOfElements; off += list->Elements[i].Length, i++) {
		SCATTER_GATHER_ELEMENT *e = &list->Elements[i];

		KUNIT_ASSERT_GT(test, e->Length, 0);
		KUNIT_EXPECT_EQ(test, e->Reserved, 0);
		KUNIT_EXPECT_LE(test, (u64)e->Address.QuadPart + e->Length - 1, limit);
		if (wdmdma_test_platform_direct())
			KUNIT_EXPECT_EQ(test, e->Address.QuadPart, sgl_phys(va + off));
		else if (wdmdma_test_platform() == WDMDMA_PLATFORM_BOUNCE)
			KUNIT_EXPECT_NE(test, e->Address.QuadPart, sgl_phys(va + off));
	}
	KUNIT_EXPECT_EQ(test, off, len);
}

/*
 * GetScatterGatherList over one byte to 2 MiB: the routine runs at once at
 * DISPATCH_LEVEL with one element per device-contiguous piece -- one in
 * all under the IOMMU, a bounce slot each when bouncing, a page each over
 * scattered pages otherwise (hundreds for 2 MiB) -- and the device reads
 * the data through them; device-to-memory data is in the buffer once
 * PutScatterGatherList returns.
 */
static void sgl_get_ranges(struct kunit *test)
{
	const struct sgl_range *r = test->param_value;
	struct sgl_ctx *c = test->priv;
	u32 pages = DIV_ROUND_UP(r->offset + r->len, PAGE_SIZE);
	PSCATTER_GATHER_LIST list;
	struct sgl_seen *s;
	u8 *buf, *va, *seen;
	u32 i, off;
	PMDL mdl;

	sgl_adapter(test, true, SZ_4M);
	buf = wdmdma_test_scattered(test, pages);
	va = buf + r->offset;
	wdmdma_fill(va, r->len, 7);
	mdl = wdmdma_test_mdl(test, va, r->len);

	s = sgl_seen_init(c, 0);
	KUNIT_ASSERT_EQ(test, c->ops->GetScatterGatherList(c->da, c->t.fdo[0], mdl, va, r->len,
							   sgl_routine, s, TRUE),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, atomic_read(&s->runs), 1);	/* at once */
	KUNIT_EXPECT_TRUE(test, s->bh_off);
	list = s->list;
	sgl_check_list(test, list, va, r->len, ADDRESS_AND_SIZE_TO_SPAN_PAGES(va, r->len));
	if (wdmdma_test_platform() == WDMDMA_PLATFORM_IOMMU)
		KUNIT_EXPECT_EQ(test, list->NumberOfElements, 1);
	else if (r->len >= SZ_2M)
		KUNIT_EXPECT_GT(test, list->NumberOfElements, 500);
	kunit_info(test, "%u bytes: %u elements\n", r->len, list->NumberOfElements);
	if (r->verify || !wdmdma_target_is_edu(&c->t)) {
		seen = kvmalloc(r->len, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, seen);
		sgl_dev_read(test, list, seen);
		KUNIT_EXPECT_EQ(test, memcmp(seen, va, r->len), 0);
		kvfree(seen);
	}
	c->ops->PutScatterGatherList(c->da, list, TRUE);

	if (!r->verify && wdmdma_target_is_edu(&c->t))
		return;
	/* device to memory */
	s = sgl_seen_init(c, 1);
	KUNIT_ASSERT_EQ(test, c->ops->GetScatterGatherList(c->da, c->t.fdo[0], mdl, va, r->len,
							   sgl_routine, s, FALSE),
			STATUS_SUCCESS);
	list = s->list;
	seen = kvmalloc(r->len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, seen);
	wdmdma_fill(seen, r->len, 8);
	for (i = 0, off = 0; i < list->NumberOfElements; off += list->Elements[i++].Length)
		wdmdma_target_dev_write(&c->t, list->Elements[i].Address.QuadPart, seen + off,
					list->Elements[i].Length);
	c->ops->PutScatterGatherList(c->da, list, FALSE);
	KUNIT_EXPECT_EQ(test, memcmp(seen, va, r->len), 0);
	kvfree(seen);
}

/* A chain of MDLs is one list: every MDL's part, in order. */
static void sgl_chained(struct kunit *test)
{
	static const u32 len[3] = { 3000, 2 * PAGE_SIZE + 17, 700 };
	struct sgl_ctx *c = test->priv;
	PSCATTER_GATHER_LIST list;
	u32 i, total = 0;
	struct sgl_seen *s;
	u8 *buf[3], *seen;
	PMDL mdl[3];

	sgl_adapter(test, true, 16 * PAGE_SIZE);
	for (i = 0; i < 3; i++) {
		buf[i] = wdmdma_test_buf(test, len[i] + 100, i == 1) + 100;
		wdmdma_fill(buf[i], len[i], 20 + i);
		mdl[i] = wdmdma_test_mdl(test, buf[i], len[i]);
		if (i)
			mdl[i - 1]->Next = mdl[i];
		total += len[i];
	}
	s = sgl_seen_init(c, 0);
	KUNIT_ASSERT_EQ(test, c->ops->GetScatterGatherList(c->da, c->t.fdo[0], mdl[0], buf[0],
							   total, sgl_routine, s, TRUE),
			STATUS_SUCCESS);
	list = s->list;
	KUNIT_ASSERT_NOT_NULL(test, list);
	seen = kunit_kmalloc(test, total, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, seen);
	KUNIT_ASSERT_EQ(test, sgl_dev_read(test, list, seen), total);
	KUNIT_EXPECT_EQ(test, memcmp(seen, buf[0], len[0]), 0);
	KUNIT_EXPECT_EQ(test, memcmp(seen + len[0], buf[1], len[1]), 0);
	KUNIT_EXPECT_EQ(test, memcmp(seen + len[0] + len[1], buf[2], len[2]), 0);
	c->ops->PutScatterGatherList(c->da, list, TRUE);
	mdl[0]->Next = NULL;
	mdl[1]->Next = NULL;
}

/* A master without scatter/gather gets one element per MDL. */
static void sgl_non_sg(struct kunit *test)
{
	struct sgl_ctx *c = test->priv;
	u32 len = 5 * PAGE_SIZE - 100;
	struct sgl_seen *s;
	u8 *va, *seen;
	PMDL mdl;

	sgl_adapter(test, false, 8 * PAGE_SIZE);
	va = wdmdma_test_scattered(test, 5) + 50;
	wdmdma_fill(va, len, 9);
	mdl = wdmdma_test_mdl(test, va, len);
	s = sgl_seen_init(c, 0);
	KUNIT_ASSERT_EQ(test, c->ops->GetScatterGatherList(c->da, c->t.fdo[0], mdl, va, len,
							   sgl_routine, s, TRUE),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, s->list->NumberOfElements, 1);
	KUNIT_EXPECT_EQ(test, s->list->Elements[0].Length, len);
	seen = kunit_kmalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, seen);
	wdmdma_target_dev_read(&c->t, s->list->Elements[0].Address.QuadPart, seen, len);
	KUNIT_EXPECT_EQ(test, memcmp(seen, va, len), 0);
	c->ops->PutScatterGatherList(c->da, s->list, TRUE);
}

static NTSTATUS sgl_build(struct sgl_ctx *c, PMDL mdl, u8 *va, ULONG len, struct sgl_seen *s,
			  void *sgbuf, ULONG size)
{
	return c->ops->BuildScatterGatherList(c->da, c->t.fdo[0], mdl, va, len, sgl_routine, s,
					      TRUE, sgbuf, size);
}

/*
 * CalculateScatterGatherList gives exactly what BuildScatterGatherList
 * needs, for random ranges: that size works, one byte less is
 * STATUS_BUFFER_TOO_SMALL with nothing mapped and the routine not run.
 * Without an MDL, N pages from offset 0 are N registers (KMDF relies on
 * it).
 */
static void sgl_calculate_build(struct kunit *test)
{
	struct sgl_ctx *c = test->priv;
	ULONG size, regs, off, len;
	struct sgl_seen *s;
	unsigned int iter;
	void *sgbuf;
	u8 *buf;
	PMDL mdl;

	sgl_adapter(test, true, 32 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, c->ops->CalculateScatterGatherList(c->da, NULL, NULL,
								 c->nregs * PAGE_SIZE, &size,
								 &regs), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, regs, c->nregs);
	KUNIT_EXPECT_EQ(test, size, offsetof(SCATTER_GATHER_LIST, Elements) +
			c->nregs * sizeof(SCATTER_GATHER_ELEMENT));
	len = (c->nregs + 1) * PAGE_SIZE;
	KUNIT_EXPECT_EQ(test, c->ops->CalculateScatterGatherList(c->da, NULL, NULL, len, &size,
								 NULL),
			STATUS_INSUFFICIENT_RESOURCES);

	buf = wdmdma_test_buf(test, 32 * PAGE_SIZE, true);
	sgbuf = kunit_kmalloc(test, 4096, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sgbuf);
	for (iter = 0; iter < 20; iter++) {
		off = get_random_u32_below(2 * PAGE_SIZE);
		len = 1 + get_random_u32_below(24 * PAGE_SIZE);
		mdl = wdmdma_test_mdl(test, buf + off, len);
		KUNIT_ASSERT_EQ(test, c->ops->CalculateScatterGatherList(c->da, mdl, buf + off,
									 len, &size, &regs),
				STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, regs, ADDRESS_AND_SIZE_TO_SPAN_PAGES(buf + off, len));
		s = sgl_seen_init(c, 0);
		KUNIT_EXPECT_EQ(test, sgl_build(c, mdl, buf + off, len, s, sgbuf, size - 1),
				STATUS_BUFFER_TOO_SMALL);
		KUNIT_EXPECT_EQ(test, atomic_read(&s->runs), 0);
		KUNIT_ASSERT_EQ(test, sgl_build(c, mdl, buf + off, len, s, sgbuf, size),
				STATUS_SUCCESS);
		KUNIT_ASSERT_EQ(test, atomic_read(&s->runs), 1);
		KUNIT_EXPECT_PTR_EQ(test, (void *)s->list, sgbuf);	/* in the caller's buffer */
		KUNIT_EXPECT_LE(test, s->list->NumberOfElements, regs);
		sgl_check_list(test, s->list, buf + off, len, regs);
		c->ops->PutScatterGatherList(c->da, s->list, TRUE);
	}
}

/*
 * More registers than the adapter has: STATUS_INSUFFICIENT_RESOURCES before
 * anything is mapped; the routine never runs.
 */
static void sgl_insufficient(struct kunit *test)
{
	struct sgl_ctx *c = test->priv;
	struct sgl_seen *s = sgl_seen_init(c, 0);
	u8 *buf;
	PMDL mdl;

	sgl_adapter(test, true, 4 * PAGE_SIZE);
	buf = wdmdma_test_buf(test, 8 * PAGE_SIZE, false);
	mdl = wdmdma_test_mdl(test, buf + 1, 5 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, c->ops->GetScatterGatherList(c->da, c->t.fdo[0], mdl, buf + 1,
							   5 * PAGE_SIZE, sgl_routine, s, TRUE),
			STATUS_INSUFFICIENT_RESOURCES);
	msleep(20);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->runs), 0);
}

/*
 * Lists share the channel's FIFO with channel requests, several for one
 * device object too.  Where nothing bounces, lists holding every map
 * register between them leave no one waiting: NumberOfMapRegisters caps
 * one request only.  Where mappings bounce the registers are a reserve
 * and a list may wait; PutScatterGatherList starts it, deferred at
 * DISPATCH_LEVEL.  Behind a held channel lists always wait, in order.
 */
static void sgl_queue(struct kunit *test)
{
	struct sgl_ctx *c = test->priv;
	struct sgl_seen *a = sgl_seen_init(c, 0), *b = sgl_seen_init(c, 1);
	struct sgl_seen *b2 = sgl_seen_init(c, 2);
	bool budgeted;
	u8 *buf;
	PMDL mdl;

	sgl_adapter(test, true, 3 * PAGE_SIZE);		/* 4 registers */
	budgeted = wdmdma_target_budgeted(&c->t, true, wdmdma_target_is_edu(&c->t) ? 28 : 64);
	buf = wdmdma_test_buf(test, 4 * PAGE_SIZE, false);
	mdl = wdmdma_test_mdl(test, buf, 4 * PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, c->ops->GetScatterGatherList(c->da, c->t.fdo[0], mdl, buf,
							   4 * PAGE_SIZE, sgl_routine, a, TRUE),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, atomic_read(&a->runs), 1);
	KUNIT_ASSERT_EQ(test, c->ops->GetScatterGatherList(c->da, c->t.fdo[1], mdl, buf,
							   2 * PAGE_SIZE, sgl_routine, b, TRUE),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, c->ops->GetScatterGatherList(c->da, c->t.fdo[1], mdl, buf,
							   PAGE_SIZE, sgl_routine, b2, TRUE),
			STATUS_SUCCESS);
	if (!budgeted) {
		KUNIT_EXPECT_EQ(test, atomic_read(&b->runs), 1);
		KUNIT_EXPECT_EQ(test, atomic_read(&b2->runs), 1);
	}
	c->ops->PutScatterGatherList(c->da, a->list, TRUE);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&b->done, 10 * HZ), 0);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&b2->done, 10 * HZ), 0);
	KUNIT_EXPECT_LT(test, b->order, b2->order);
	KUNIT_EXPECT_TRUE(test, b->bh_off);
	KUNIT_EXPECT_PTR_EQ(test, b->devobj, c->t.fdo[1]);
	c->ops->PutScatterGatherList(c->da, b->list, TRUE);
	c->ops->PutScatterGatherList(c->da, b2->list, TRUE);
}

/*
 * Behind a channel an AdapterControl routine keeps, lists of an adapter
 * that may bounce wait in FIFO order; where nothing bounces they need no
 * channel (as on Windows) and run at once, still in order.
 */
static IO_ALLOCATION_ACTION sgl_hold_routine(PDEVICE_OBJECT d, PIRP irp, PVOID base, PVOID ctx)
{
	atomic_inc(ctx);
	return KeepObject;
}

static void sgl_queue_held(struct kunit *test)
{
	struct sgl_ctx *c = test->priv;
	struct sgl_seen *b = sgl_seen_init(c, 1), *b2 = sgl_seen_init(c, 2);
	atomic_t held = ATOMIC_INIT(0);
	u8 *buf;
	PMDL mdl;

	sgl_adapter(test, true, 3 * PAGE_SIZE);
	buf = wdmdma_test_buf(test, 4 * PAGE_SIZE, false);
	mdl = wdmdma_test_mdl(test, buf, 4 * PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, c->ops->AllocateAdapterChannel(c->da, c->t.fdo[0], 0,
							     sgl_hold_routine, &held),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, atomic_read(&held), 1);
	KUNIT_ASSERT_EQ(test, c->ops->GetScatterGatherList(c->da, c->t.fdo[1], mdl, buf,
							   2 * PAGE_SIZE, sgl_routine, b, TRUE),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, c->ops->GetScatterGatherList(c->da, c->t.fdo[1], mdl, buf,
							   PAGE_SIZE, sgl_routine, b2, TRUE),
			STATUS_SUCCESS);
	msleep(30);
	if (!wdmdma_target_budgeted(&c->t, true, wdmdma_target_is_edu(&c->t) ? 28 : 64)) {
		/* Nothing bounces: lists need no channel and never wait for one. */
		KUNIT_EXPECT_EQ(test, atomic_read(&b->runs), 1);
		KUNIT_EXPECT_EQ(test, atomic_read(&b2->runs), 1);
	} else {
		KUNIT_EXPECT_EQ(test, atomic_read(&b->runs), 0);
		KUNIT_EXPECT_EQ(test, atomic_read(&b2->runs), 0);
	}
	c->ops->FreeAdapterChannel(c->da);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&b->done, 10 * HZ), 0);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&b2->done, 10 * HZ), 0);
	KUNIT_EXPECT_LT(test, b->order, b2->order);
	KUNIT_EXPECT_TRUE(test, b->bh_off);
	KUNIT_EXPECT_PTR_EQ(test, b2->devobj, c->t.fdo[1]);
	c->ops->PutScatterGatherList(c->da, b->list, TRUE);
	c->ops->PutScatterGatherList(c->da, b2->list, TRUE);
}

/*
 * BuildMdlFromScatterGatherList: without copies the original MDL; with
 * bounce copies a chain whose system addresses hold the copies (the data
 * the device reads); a second call STATUS_NONE_MAPPED.
 */
static void sgl_build_mdl(struct kunit *test)
{
	struct sgl_ctx *c = test->priv;
	struct sgl_seen *s = sgl_seen_init(c, 0);
	u32 len = 3 * PAGE_SIZE + 9, off = 0;
	PMDL mdl, target = NULL, m;
	u8 *buf;

	sgl_adapter(test, true, 8 * PAGE_SIZE);
	buf = wdmdma_test_buf(test, len, true);
	wdmdma_fill(buf, len, 30);
	mdl = wdmdma_test_mdl(test, buf, len);
	KUNIT_ASSERT_EQ(test, c->ops->GetScatterGatherList(c->da, c->t.fdo[0], mdl, buf, len,
							   sgl_routine, s, TRUE), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, c->ops->BuildMdlFromScatterGatherList(c->da, s->list, NULL,
								    &target),
			STATUS_INVALID_PARAMETER);
	KUNIT_ASSERT_EQ(test, c->ops->BuildMdlFromScatterGatherList(c->da, s->list, mdl,
								    &target), STATUS_SUCCESS);
	if (wdmdma_test_platform() != WDMDMA_PLATFORM_BOUNCE) {
		KUNIT_EXPECT_PTR_EQ(test, target, mdl);
	} else {
		KUNIT_EXPECT_PTR_NE(test, target, mdl);
		for (m = target; m; off += MmGetMdlByteCount(m), m = m->Next) {
			void *copy = MmGetSystemAddressForMdlSafe(m, NormalPagePriority);

			KUNIT_EXPECT_EQ(test, memcmp(copy, buf + off, MmGetMdlByteCount(m)), 0);
		}
		KUNIT_EXPECT_EQ(test, off, len);
		KUNIT_EXPECT_EQ(test, c->ops->BuildMdlFromScatterGatherList(c->da, s->list, mdl,
									    &target),
				STATUS_NONE_MAPPED);
	}
	c->ops->PutScatterGatherList(c->da, s->list, TRUE);
}

/*
 * Misuse: bad ranges and unlocked MDLs refused before mapping; putting a
 * list twice or a made-up list reported, nothing freed twice.
 */
static void sgl_misuse(struct kunit *test)
{
	struct sgl_ctx *c = test->priv;
	struct sgl_seen *s = sgl_seen_init(c, 0);
	PSCATTER_GATHER_LIST list;
	unsigned long before;
	PMDL mdl, raw;
	u8 *buf;
	u8 junk[64] = { 0 };

	sgl_adapter(test, true, 8 * PAGE_SIZE);
	buf = wdmdma_test_buf(test, 2 * PAGE_SIZE, false);
	mdl = wdmdma_test_mdl(test, buf + 8, PAGE_SIZE);
	before = wdmdma_violations(c->da);
	KUNIT_EXPECT_EQ(test, c->ops->GetScatterGatherList(c->da, c->t.fdo[0], mdl, buf, 8,
							   sgl_routine, s, TRUE),
			STATUS_INVALID_PARAMETER);	/* before the MDL */
	KUNIT_EXPECT_EQ(test, c->ops->GetScatterGatherList(c->da, c->t.fdo[0], mdl, buf + 8,
							   2 * PAGE_SIZE, sgl_routine, s, TRUE),
			STATUS_BUFFER_TOO_SMALL);	/* past the chain */
	raw = IoAllocateMdl(buf, 64, FALSE, FALSE, NULL);
	KUNIT_ASSERT_NOT_NULL(test, raw);
	KUNIT_EXPECT_EQ(test, c->ops->GetScatterGatherList(c->da, c->t.fdo[0], raw, buf, 64,
							   sgl_routine, s, TRUE),
			STATUS_INVALID_PARAMETER);	/* never locked */
	IoFreeMdl(raw);
	KUNIT_EXPECT_EQ(test, c->ops->GetScatterGatherList(c->da, c->t.fdo[0], mdl, buf + 8, 8,
							   NULL, s, TRUE),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(c->da), before + 4);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->runs), 0);

	KUNIT_ASSERT_EQ(test, c->ops->GetScatterGatherList(c->da, c->t.fdo[0], mdl, buf + 8, 8,
							   sgl_routine, s, TRUE), STATUS_SUCCESS);
	list = s->list;
	c->ops->PutScatterGatherList(c->da, list, TRUE);
	c->ops->PutScatterGatherList(c->da, list, TRUE);
	c->ops->PutScatterGatherList(c->da, (PSCATTER_GATHER_LIST)junk, TRUE);
	c->ops->PutScatterGatherList(c->da, NULL, TRUE);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(c->da), before + 7);
}

static struct kunit_case sgl_cases[] = {
	KUNIT_CASE_PARAM(sgl_get_ranges, sgl_range_gen_params),
	KUNIT_CASE(sgl_chained),
	KUNIT_CASE(sgl_non_sg),
	KUNIT_CASE(sgl_calculate_build),
	KUNIT_CASE(sgl_insufficient),
	KUNIT_CASE(sgl_queue),
	KUNIT_CASE(sgl_queue_held),
	KUNIT_CASE(sgl_build_mdl),
	KUNIT_CASE(sgl_misuse),
	{}
};

struct kunit_suite wdmdma_sgl_suite = {
	.name = "wdmdma_sgl",
	.init = sgl_init,
	.exit = sgl_exit,
	.test_cases = sgl_cases,
};
