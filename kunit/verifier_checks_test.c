// SPDX-License-Identifier: GPL-2.0
/*
 * Every class of misuse reported under its check: each case commits one
 * misuse on purpose on a real adapter, expects it counted under its class
 * (wdmdma_verifier_count()) and nowhere else (wdmdma_violations()), and
 * then uses the adapter legitimately to show the kernel and the adapter
 * survived.  Checks of verifier mode are also shown silent on the
 * legitimate form of the same call.
 */
#include <linux/bottom_half.h>
#include <linux/completion.h>
#include <linux/slab.h>

#include <wdmdma/verifier.h>

#include "suites.h"
#include "target.h"

struct vc_ctx {
	struct wdmdma_target t;
	PDMA_ADAPTER da;
	PDMA_OPERATIONS ops;
	ULONG nregs;
};

/* A count before the misuse: of one check, and of all of them. */
struct vc_mark {
	PDMA_ADAPTER da;
	enum wdmdma_check chk;
	unsigned long n;
	unsigned long total;
};

static void vc_mark(struct vc_mark *m, PDMA_ADAPTER da, enum wdmdma_check chk)
{
	m->da = da;
	m->chk = chk;
	m->n = wdmdma_verifier_count(da, chk);
	m->total = wdmdma_violations(da);
}

/* @n more reports since vc_mark(), all of them under the mark's check. */
static void vc_expect(struct kunit *test, const struct vc_mark *m, unsigned long n)
{
	KUNIT_EXPECT_EQ_MSG(test, wdmdma_verifier_count(m->da, m->chk), m->n + n,
			    "reports under check %s", wdmdma_check_name(m->chk));
	KUNIT_EXPECT_EQ_MSG(test, wdmdma_violations(m->da), m->total + n,
			    "reports of every check (only %s expected)",
			    wdmdma_check_name(m->chk));
}

static PDMA_ADAPTER vc_new_adapter(struct kunit *test)
{
	struct vc_ctx *c = test->priv;
	DEVICE_DESCRIPTION d;
	ULONG n;

	wdmdma_target_desc(&c->t, &d, TRUE, 4 * PAGE_SIZE);
	return wdmdma_target_adapter(&c->t, &d, &n);
}

static int vc_init(struct kunit *test)
{
	struct vc_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	DEVICE_DESCRIPTION d;

	if (!c)
		return -ENOMEM;
	test->priv = c;
	wdmdma_target_init(test, &c->t, WDMDMA_TARGET_KUNIT);
	wdmdma_target_desc(&c->t, &d, TRUE, 4 * PAGE_SIZE);
	c->da = wdmdma_target_adapter(&c->t, &d, &c->nregs);
	c->ops = c->da->DmaOperations;
	return 0;
}

static void vc_exit(struct kunit *test)
{
	struct vc_ctx *c = test->priv;

	if (!c)
		return;
	if (c->da)
		c->ops->PutDmaAdapter(c->da);
	wdmdma_target_exit(&c->t);
}

/* The channel, granted to an AdapterControl routine that returns @action. */
struct vc_grant {
	struct completion done;
	IO_ALLOCATION_ACTION action;
	PVOID base;
};

static IO_ALLOCATION_ACTION vc_control(PDEVICE_OBJECT d, PIRP irp, PVOID base, PVOID ctx)
{
	struct vc_grant *g = ctx;

	g->base = base;
	complete(&g->done);
	return g->action;
}

static struct vc_grant *vc_grant_new(struct kunit *test, IO_ALLOCATION_ACTION action)
{
	struct vc_grant *g = kunit_kzalloc(test, sizeof(*g), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, g);
	init_completion(&g->done);
	g->action = action;
	return g;
}

/*
 * AllocateAdapterChannel for @nregs registers, at DISPATCH_LEVEL (as
 * Windows requires) or, @passive, at PASSIVE_LEVEL; waited for.
 * Return: the MapRegisterBase.
 */
static PVOID vc_channel(struct kunit *test, PDMA_ADAPTER da, ULONG nregs,
			IO_ALLOCATION_ACTION action, bool passive)
{
	struct vc_ctx *c = test->priv;
	struct vc_grant *g = vc_grant_new(test, action);
	NTSTATUS st;

	if (!passive)
		local_bh_disable();
	st = da->DmaOperations->AllocateAdapterChannel(da, c->t.fdo[0], nregs, vc_control, g);
	if (!passive)
		local_bh_enable();
	KUNIT_ASSERT_EQ(test, st, STATUS_SUCCESS);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&g->done, 5 * HZ), 0);
	KUNIT_ASSERT_NOT_NULL(test, g->base);
	return g->base;
}

/* A list-control routine: the list it got. */
struct vc_list {
	struct completion done;
	PSCATTER_GATHER_LIST list;
};

static void vc_list_control(PDEVICE_OBJECT d, PIRP irp, PSCATTER_GATHER_LIST list, PVOID ctx)
{
	struct vc_list *l = ctx;

	l->list = list;
	complete(&l->done);
}

/* GetScatterGatherList for @len bytes of @mdl, at DISPATCH_LEVEL; waited for. */
static PSCATTER_GATHER_LIST vc_get_sgl(struct kunit *test, PDMA_ADAPTER da, PMDL mdl,
				       ULONG len, BOOLEAN write)
{
	struct vc_ctx *c = test->priv;
	struct vc_list *l = kunit_kzalloc(test, sizeof(*l), GFP_KERNEL);
	NTSTATUS st;

	KUNIT_ASSERT_NOT_NULL(test, l);
	init_completion(&l->done);
	local_bh_disable();
	st = da->DmaOperations->GetScatterGatherList(da, c->t.fdo[0], mdl,
						     MmGetMdlVirtualAddress(mdl), len,
						     vc_list_control, l, write);
	local_bh_enable();
	KUNIT_ASSERT_EQ(test, st, STATUS_SUCCESS);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&l->done, 5 * HZ), 0);
	KUNIT_ASSERT_NOT_NULL(test, l->list);
	KUNIT_ASSERT_GT(test, l->list->NumberOfElements, 0);
	return l->list;
}

/* A nonpaged buffer of @len bytes and its MDL (both freed with the test). */
static PMDL vc_mdl(struct kunit *test, ULONG len, u8 **buf)
{
	*buf = kunit_kzalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, *buf);
	return wdmdma_test_mdl(test, *buf, len);
}

/* The adapter still works: a common buffer, with no report. */
static void vc_works(struct kunit *test, PDMA_ADAPTER da)
{
	unsigned long before = wdmdma_violations(da);
	PHYSICAL_ADDRESS la;
	void *va;

	va = da->DmaOperations->AllocateCommonBuffer(da, PAGE_SIZE, &la, TRUE);
	KUNIT_ASSERT_NOT_NULL(test, va);
	memset(va, 0x5a, PAGE_SIZE);
	da->DmaOperations->FreeCommonBuffer(da, PAGE_SIZE, la, va, TRUE);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before);
}

/* The adapter still transfers: channel, MapTransfer, flush, free, no report. */
static void vc_transfers(struct kunit *test, PDMA_ADAPTER da)
{
	PDMA_OPERATIONS ops = da->DmaOperations;
	unsigned long before = wdmdma_violations(da);
	ULONG len = PAGE_SIZE;
	PVOID base;
	PMDL mdl;
	u8 *buf;

	mdl = vc_mdl(test, PAGE_SIZE, &buf);
	base = vc_channel(test, da, 1, KeepObject, false);
	ops->MapTransfer(da, mdl, base, buf, &len, TRUE);
	KUNIT_EXPECT_EQ(test, len, PAGE_SIZE);
	KUNIT_EXPECT_TRUE(test, ops->FlushAdapterBuffers(da, mdl, base, buf, len, TRUE));
	ops->FreeAdapterChannel(da);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before);
	vc_works(test, da);
}

/*
 * PutDmaAdapter(@da) reports what it takes back under @chk (counted on no
 * adapter: it is gone); the suite's adapter still works.
 */
static void vc_put_reports(struct kunit *test, PDMA_ADAPTER da, enum wdmdma_check chk)
{
	struct vc_ctx *c = test->priv;
	struct vc_mark m;

	vc_mark(&m, NULL, chk);
	da->DmaOperations->PutDmaAdapter(da);
	vc_expect(test, &m, 1);
	vc_transfers(test, c->da);
}

/*
 * MapTransfer of @len bytes at @va in @mdl, with the channel held: refused
 * (nothing mapped) and reported under @chk; then the adapter still works.
 */
static void vc_map_refused(struct kunit *test, PMDL mdl, u8 *va, ULONG len,
			   enum wdmdma_check chk)
{
	struct vc_ctx *c = test->priv;
	struct vc_mark m;
	PVOID base;

	base = vc_channel(test, c->da, 1, KeepObject, false);
	vc_mark(&m, c->da, chk);
	c->ops->MapTransfer(c->da, mdl, base, va, &len, TRUE);
	KUNIT_EXPECT_EQ(test, len, 0);
	vc_expect(test, &m, 1);
	c->ops->FreeAdapterChannel(c->da);
	vc_transfers(test, c->da);
}

/* 0x19: a NULL adapter is refused and reported (on no adapter). */
static void vc_null_adapter(struct kunit *test)
{
	struct vc_ctx *c = test->priv;
	PHYSICAL_ADDRESS la;
	struct vc_mark m;

	vc_mark(&m, NULL, WDMDMA_CHK_NULL_ADAPTER);
	KUNIT_EXPECT_NULL(test, c->ops->AllocateCommonBuffer(NULL, PAGE_SIZE, &la, TRUE));
	vc_expect(test, &m, 1);
	vc_works(test, c->da);
}

/* 0x18: an adapter used after PutDmaAdapter. */
static void vc_after_release(struct kunit *test)
{
	struct vc_ctx *c = test->priv;
	PDMA_ADAPTER gone = vc_new_adapter(test);
	PHYSICAL_ADDRESS la;
	struct vc_mark m;

	c->ops->PutDmaAdapter(gone);
	vc_mark(&m, NULL, WDMDMA_CHK_AFTER_RELEASE);
	KUNIT_EXPECT_NULL(test, c->ops->AllocateCommonBuffer(gone, PAGE_SIZE, &la, TRUE));
	vc_expect(test, &m, 1);
	vc_works(test, c->da);
}

/*
 * A common buffer of a page freed with Length @len, after a right free when
 * @twice: reported under @chk, and the adapter still works.
 */
static void vc_common_free_misuse(struct kunit *test, ULONG len, bool twice,
				  enum wdmdma_check chk)
{
	struct vc_ctx *c = test->priv;
	PHYSICAL_ADDRESS la;
	struct vc_mark m;
	void *va;

	va = c->ops->AllocateCommonBuffer(c->da, PAGE_SIZE, &la, TRUE);
	KUNIT_ASSERT_NOT_NULL(test, va);
	if (twice)
		c->ops->FreeCommonBuffer(c->da, PAGE_SIZE, la, va, TRUE);
	vc_mark(&m, c->da, chk);
	c->ops->FreeCommonBuffer(c->da, len, la, va, TRUE);
	vc_expect(test, &m, 1);
	vc_works(test, c->da);
}

/* 0x03: a common buffer freed twice. */
static void vc_common_freed_twice(struct kunit *test)
{
	vc_common_free_misuse(test, PAGE_SIZE, true, WDMDMA_CHK_COMMON_FREED_TWICE);
}

/* 0x04: the channel freed twice. */
static void vc_channel_freed_twice(struct kunit *test)
{
	struct vc_ctx *c = test->priv;
	struct vc_mark m;

	vc_channel(test, c->da, 1, KeepObject, false);
	c->ops->FreeAdapterChannel(c->da);
	vc_mark(&m, c->da, WDMDMA_CHK_CHANNEL_FREED_TWICE);
	c->ops->FreeAdapterChannel(c->da);
	vc_expect(test, &m, 1);
	vc_transfers(test, c->da);
}

/* 0x05: map registers freed twice. */
static void vc_regs_freed_twice(struct kunit *test)
{
	struct vc_ctx *c = test->priv;
	struct vc_mark m;
	PVOID base;

	base = vc_channel(test, c->da, 1, DeallocateObjectKeepRegisters, false);
	c->ops->FreeMapRegisters(c->da, base, 1);
	vc_mark(&m, c->da, WDMDMA_CHK_REGS_FREED_TWICE);
	c->ops->FreeMapRegisters(c->da, base, 1);
	vc_expect(test, &m, 1);
	vc_transfers(test, c->da);
}

/* 0x06: a scatter/gather list put twice. */
static void vc_sgl_freed_twice(struct kunit *test)
{
	struct vc_ctx *c = test->priv;
	PSCATTER_GATHER_LIST list;
	struct vc_mark m;
	PMDL mdl;
	u8 *buf;

	mdl = vc_mdl(test, 2 * PAGE_SIZE, &buf);
	list = vc_get_sgl(test, c->da, mdl, 2 * PAGE_SIZE, TRUE);
	c->ops->PutScatterGatherList(c->da, list, TRUE);
	vc_mark(&m, c->da, WDMDMA_CHK_SGL_FREED_TWICE);
	c->ops->PutScatterGatherList(c->da, list, TRUE);
	vc_expect(test, &m, 1);
	vc_transfers(test, c->da);
}

/* 0x07: a common buffer left at PutDmaAdapter (counted on no adapter: it is gone). */
static void vc_leak_common(struct kunit *test)
{
	struct vc_ctx *c = test->priv;
	PDMA_ADAPTER da = vc_new_adapter(test);
	PHYSICAL_ADDRESS la;

	KUNIT_ASSERT_NOT_NULL(test, c->ops->AllocateCommonBuffer(da, PAGE_SIZE, &la, TRUE));
	vc_put_reports(test, da, WDMDMA_CHK_LEAK_COMMON);
}

/* 0x08: the channel still held at PutDmaAdapter. */
static void vc_leak_channel(struct kunit *test)
{
	PDMA_ADAPTER da = vc_new_adapter(test);

	vc_channel(test, da, 1, KeepObject, false);
	vc_put_reports(test, da, WDMDMA_CHK_LEAK_CHANNEL);
}

/*
 * 0x09: map registers kept at PutDmaAdapter, one of them still mapped; in
 * verifier mode the allocation and its mapping are listed.
 */
static void vc_leak_regs(struct kunit *test)
{
	struct vc_ctx *c = test->priv;
	PDMA_ADAPTER da = vc_new_adapter(test);
	ULONG len = PAGE_SIZE;
	PVOID base;
	PMDL mdl;
	u8 *buf;

	mdl = vc_mdl(test, PAGE_SIZE, &buf);
	wdmdma_verifier_set(da, true);
	base = vc_channel(test, da, 2, DeallocateObjectKeepRegisters, false);
	c->ops->MapTransfer(da, mdl, base, buf, &len, TRUE);
	KUNIT_EXPECT_EQ(test, len, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), 0);
	vc_put_reports(test, da, WDMDMA_CHK_LEAK_REGS);
}

/* 0x0A: a list not put at PutDmaAdapter (verifier mode: listed with its registers). */
static void vc_leak_sgl(struct kunit *test)
{
	PDMA_ADAPTER da = vc_new_adapter(test);
	PMDL mdl;
	u8 *buf;

	mdl = vc_mdl(test, 3 * PAGE_SIZE, &buf);
	wdmdma_verifier_set(da, true);
	vc_get_sgl(test, da, mdl, 3 * PAGE_SIZE, FALSE);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), 0);
	vc_put_reports(test, da, WDMDMA_CHK_LEAK_SGL);
}

/* 0x0B: a second channel request of a device object that holds the channel. */
static void vc_two_channels(struct kunit *test)
{
	struct vc_ctx *c = test->priv;
	struct vc_grant *g = vc_grant_new(test, KeepObject);
	struct vc_mark m;
	NTSTATUS st;

	vc_channel(test, c->da, 1, KeepObject, false);
	vc_mark(&m, c->da, WDMDMA_CHK_TWO_CHANNELS);
	st = c->ops->AllocateAdapterChannel(c->da, c->t.fdo[0], 1, vc_control, g);
	KUNIT_EXPECT_EQ(test, st, STATUS_DEVICE_BUSY);
	vc_expect(test, &m, 1);
	KUNIT_EXPECT_FALSE(test, completion_done(&g->done));
	c->ops->FreeAdapterChannel(c->da);
	vc_transfers(test, c->da);
}

/* 0x0C/0x15: more map registers than IoGetDmaAdapter allowed. */
static void vc_too_many_regs(struct kunit *test)
{
	struct vc_ctx *c = test->priv;
	struct vc_grant *g = vc_grant_new(test, KeepObject);
	struct vc_mark m;
	NTSTATUS st;

	vc_mark(&m, c->da, WDMDMA_CHK_TOO_MANY_REGS);
	st = c->ops->AllocateAdapterChannel(c->da, c->t.fdo[0], c->nregs + 1, vc_control, g);
	KUNIT_EXPECT_EQ(test, st, STATUS_INSUFFICIENT_RESOURCES);
	vc_expect(test, &m, 1);
	KUNIT_EXPECT_FALSE(test, completion_done(&g->done));
	vc_transfers(test, c->da);
}

/* 0x00: a second MapTransfer when every register is mapped. */
static void vc_regs_exhausted(struct kunit *test)
{
	struct vc_ctx *c = test->priv;
	ULONG len = 100, len2 = 100;
	struct vc_mark m;
	PVOID base;
	PMDL mdl;
	u8 *buf;

	mdl = vc_mdl(test, 2 * PAGE_SIZE, &buf);
	base = vc_channel(test, c->da, 1, KeepObject, false);
	c->ops->MapTransfer(c->da, mdl, base, buf, &len, TRUE);
	KUNIT_EXPECT_EQ(test, len, 100);
	vc_mark(&m, c->da, WDMDMA_CHK_REGS_EXHAUSTED);
	c->ops->MapTransfer(c->da, mdl, base, buf + PAGE_SIZE, &len2, TRUE);
	KUNIT_EXPECT_EQ(test, len2, 0);
	vc_expect(test, &m, 1);
	KUNIT_EXPECT_TRUE(test, c->ops->FlushAdapterBuffers(c->da, mdl, base, buf, len, TRUE));
	c->ops->FreeAdapterChannel(c->da);
	vc_transfers(test, c->da);
}

/* 0x10 (0x0D): registers freed with a transfer still mapped, not flushed. */
static void vc_freed_mapped(struct kunit *test)
{
	struct vc_ctx *c = test->priv;
	ULONG len = PAGE_SIZE;
	struct vc_mark m;
	PVOID base;
	PMDL mdl;
	u8 *buf;

	mdl = vc_mdl(test, PAGE_SIZE, &buf);
	base = vc_channel(test, c->da, 1, KeepObject, false);
	c->ops->MapTransfer(c->da, mdl, base, buf, &len, FALSE);
	KUNIT_EXPECT_EQ(test, len, PAGE_SIZE);
	vc_mark(&m, c->da, WDMDMA_CHK_FREED_MAPPED);
	c->ops->FreeAdapterChannel(c->da);
	vc_expect(test, &m, 1);
	vc_transfers(test, c->da);
}

/* 0x0E: an MDL whose pages were never locked. */
static void vc_not_locked(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	PMDL mdl;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	mdl = IoAllocateMdl(buf, PAGE_SIZE, FALSE, FALSE, NULL);
	KUNIT_ASSERT_NOT_NULL(test, mdl);
	vc_map_refused(test, mdl, buf, PAGE_SIZE, WDMDMA_CHK_NOT_LOCKED);
	IoFreeMdl(mdl);
}

/*
 * 0x13/0x14: always on, FreeCommonBuffer above PASSIVE_LEVEL (refused, the
 * buffer kept); verifier mode, AllocateAdapterChannel below DISPATCH_LEVEL
 * and PutDmaAdapter above PASSIVE_LEVEL (both done all the same), and
 * silence at the right IRQL.
 */
static void vc_irql(struct kunit *test)
{
	struct vc_ctx *c = test->priv;
	PDMA_ADAPTER da;
	PHYSICAL_ADDRESS la;
	struct vc_mark m;
	void *va;

	va = c->ops->AllocateCommonBuffer(c->da, PAGE_SIZE, &la, TRUE);
	KUNIT_ASSERT_NOT_NULL(test, va);
	vc_mark(&m, c->da, WDMDMA_CHK_IRQL);
	local_bh_disable();
	c->ops->FreeCommonBuffer(c->da, PAGE_SIZE, la, va, TRUE);
	local_bh_enable();
	vc_expect(test, &m, 1);
	memset(va, 0x5a, PAGE_SIZE);		/* still the driver's */
	c->ops->FreeCommonBuffer(c->da, PAGE_SIZE, la, va, TRUE);
	vc_expect(test, &m, 1);

	wdmdma_verifier_set(c->da, true);
	vc_channel(test, c->da, 1, KeepObject, true);
	vc_expect(test, &m, 2);
	c->ops->FreeAdapterChannel(c->da);
	vc_channel(test, c->da, 1, KeepObject, false);
	c->ops->FreeAdapterChannel(c->da);
	vc_expect(test, &m, 2);
	wdmdma_verifier_set(c->da, false);

	da = vc_new_adapter(test);
	wdmdma_verifier_set(da, true);
	vc_mark(&m, NULL, WDMDMA_CHK_IRQL);
	local_bh_disable();
	c->ops->PutDmaAdapter(da);
	local_bh_enable();
	wdmdma_quiesce();
	vc_expect(test, &m, 1);
	vc_transfers(test, c->da);
}

/* 0x16/0x20: FlushAdapterBuffers of a range never mapped. */
static void vc_never_mapped(struct kunit *test)
{
	struct vc_ctx *c = test->priv;
	struct vc_mark m;
	PVOID base;
	PMDL mdl;
	u8 *buf;

	mdl = vc_mdl(test, PAGE_SIZE, &buf);
	base = vc_channel(test, c->da, 1, KeepObject, false);
	vc_mark(&m, c->da, WDMDMA_CHK_NEVER_MAPPED);
	c->ops->FlushAdapterBuffers(c->da, mdl, base, buf, PAGE_SIZE, TRUE);
	vc_expect(test, &m, 1);
	c->ops->FreeAdapterChannel(c->da);
	vc_transfers(test, c->da);
}

/* 0x1B/0x1F: CurrentVa outside the MDL. */
static void vc_not_in_mdl(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, 3 * PAGE_SIZE, GFP_KERNEL);
	PMDL mdl;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	mdl = wdmdma_test_mdl(test, buf, PAGE_SIZE);	/* the first page only */
	vc_map_refused(test, mdl, buf + 2 * PAGE_SIZE, 16, WDMDMA_CHK_NOT_IN_MDL);
}

/* 0x21: a zero-length MapTransfer. */
static void vc_zero_length(struct kunit *test)
{
	PMDL mdl;
	u8 *buf;

	mdl = vc_mdl(test, PAGE_SIZE, &buf);
	vc_map_refused(test, mdl, buf, 0, WDMDMA_CHK_ZERO_LENGTH);
}

/* 0x25: a DEVICE_DESCRIPTION version IoGetDmaAdapter does not know. */
static void vc_desc_version(struct kunit *test)
{
	struct vc_ctx *c = test->priv;
	DEVICE_DESCRIPTION d;
	struct vc_mark m;
	ULONG n = 0;

	wdmdma_target_desc(&c->t, &d, TRUE, PAGE_SIZE);
	d.Version = 77;
	vc_mark(&m, NULL, WDMDMA_CHK_DESC_VERSION);
	KUNIT_EXPECT_NULL(test, IoGetDmaAdapter(c->t.pdo, &d, &n));
	vc_expect(test, &m, 1);
	vc_works(test, c->da);
}

/* FreeCommonBuffer with another Length than the allocation's (freed all the same). */
static void vc_wrong_size(struct kunit *test)
{
	vc_common_free_misuse(test, PAGE_SIZE / 2, false, WDMDMA_CHK_WRONG_SIZE);
}

/*
 * Verifier mode: a Get list is poisoned at Put; reusing its slots after
 * a clean Put reports nothing, a write after Put is caught (here at
 * PutDmaAdapter, on no adapter: it is gone).
 */
static void vc_sgl_after_put(struct kunit *test)
{
	struct vc_ctx *c = test->priv;
	PDMA_ADAPTER da = vc_new_adapter(test);
	PSCATTER_GATHER_LIST list;
	PMDL mdl;
	u8 *buf;

	mdl = vc_mdl(test, 2 * PAGE_SIZE, &buf);
	wdmdma_verifier_set(da, true);
	list = vc_get_sgl(test, da, mdl, 2 * PAGE_SIZE, TRUE);
	c->ops->PutScatterGatherList(da, list, TRUE);
	KUNIT_EXPECT_EQ(test, list->Elements[0].Address.QuadPart, 0xE6E6E6E6E6E6E6E6ULL);
	KUNIT_EXPECT_EQ(test, list->Elements[0].Length, 0xE6E6E6E6U);
	list = vc_get_sgl(test, da, mdl, 2 * PAGE_SIZE, TRUE);
	KUNIT_EXPECT_NE(test, list->Elements[0].Length, 0xE6E6E6E6U);
	c->ops->PutScatterGatherList(da, list, TRUE);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), 0);

	list->Elements[0].Length = 512;		/* the misuse */
	vc_put_reports(test, da, WDMDMA_CHK_SGL_AFTER_PUT);
}

/*
 * Verifier mode: a device-to-memory transfer into an MDL locked for
 * IoReadAccess (done all the same); the same into a nonpaged-pool MDL and
 * a memory-to-device transfer from the read-locked one report nothing.
 */
static void vc_wrong_access(struct kunit *test)
{
	struct vc_ctx *c = test->priv;
	u8 *buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL), *pool;
	PMDL mdl, pmdl;
	struct vc_mark m;
	ULONG len;
	PVOID base;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	pmdl = vc_mdl(test, PAGE_SIZE, &pool);
	mdl = IoAllocateMdl(buf, PAGE_SIZE, FALSE, FALSE, NULL);
	KUNIT_ASSERT_NOT_NULL(test, mdl);
	MmProbeAndLockPages(mdl, KernelMode, IoReadAccess);
	KUNIT_ASSERT_TRUE(test, mdl->MdlFlags & MDL_PAGES_LOCKED);
	base = vc_channel(test, c->da, 1, KeepObject, false);
	wdmdma_verifier_set(c->da, true);

	vc_mark(&m, c->da, WDMDMA_CHK_WRONG_ACCESS);
	len = PAGE_SIZE;
	c->ops->MapTransfer(c->da, mdl, base, buf, &len, TRUE);
	KUNIT_EXPECT_EQ(test, len, PAGE_SIZE);
	KUNIT_EXPECT_TRUE(test, c->ops->FlushAdapterBuffers(c->da, mdl, base, buf, len, TRUE));
	vc_expect(test, &m, 0);

	len = PAGE_SIZE;
	c->ops->MapTransfer(c->da, pmdl, base, pool, &len, FALSE);
	KUNIT_EXPECT_EQ(test, len, PAGE_SIZE);
	KUNIT_EXPECT_TRUE(test, c->ops->FlushAdapterBuffers(c->da, pmdl, base, pool, len, FALSE));
	vc_expect(test, &m, 0);

	len = PAGE_SIZE;
	c->ops->MapTransfer(c->da, mdl, base, buf, &len, FALSE);
	KUNIT_EXPECT_EQ(test, len, PAGE_SIZE);
	vc_expect(test, &m, 1);
	KUNIT_EXPECT_TRUE(test, c->ops->FlushAdapterBuffers(c->da, mdl, base, buf, len, FALSE));
	vc_expect(test, &m, 1);

	wdmdma_verifier_set(c->da, false);
	c->ops->FreeAdapterChannel(c->da);
	MmUnlockPages(mdl);
	IoFreeMdl(mdl);
	vc_transfers(test, c->da);
}

/* 0x1E: HalGetAdapter in verifier mode (the adapter is made and works). */
static void vc_obsolete(struct kunit *test)
{
	struct vc_ctx *c = test->priv;
	DEVICE_DESCRIPTION d;
	PDMA_ADAPTER da;
	bool was;
	ULONG n;

	wdmdma_target_desc(&c->t, &d, TRUE, 4 * PAGE_SIZE);
	wdmdma_set_legacy_device(c->t.dev);
	da = HalGetAdapter(&d, &n);			/* verifier off: quiet */
	KUNIT_ASSERT_NOT_NULL(test, da);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), 0);
	da->DmaOperations->PutDmaAdapter(da);

	was = wdmdma_verifier_default(true);
	da = HalGetAdapter(&d, &n);
	wdmdma_verifier_default(was);
	wdmdma_set_legacy_device(NULL);
	KUNIT_ASSERT_NOT_NULL(test, da);
	KUNIT_EXPECT_EQ(test, wdmdma_verifier_count(da, WDMDMA_CHK_OBSOLETE), 1);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), 1);
	vc_works(test, da);
	da->DmaOperations->PutDmaAdapter(da);
}

/*
 * A driver object goes away (its unload) while an adapter its device got
 * is not put: reported on the adapter, which still works and is put
 * without another report.  One put first is not reported.
 */
static void vc_leak_adapter(struct kunit *test)
{
	struct vc_ctx *c = test->priv;
	PDEVICE_OBJECT fdo, lower;
	PDRIVER_OBJECT drv;
	unsigned long total;
	PDMA_ADAPTER da, put;
	struct vc_mark m;
	NTSTATUS st;

	drv = wdmdma_driver_create("wdmdma_vchk");
	KUNIT_ASSERT_NOT_NULL(test, drv);
	st = wdmdma_test_add_fdo(drv, c->t.pdo, NULL, &fdo, &lower);
	if (st != STATUS_SUCCESS)
		wdmdma_driver_destroy(drv);
	KUNIT_ASSERT_EQ(test, st, STATUS_SUCCESS);
	da = vc_new_adapter(test);
	put = vc_new_adapter(test);
	IoDetachDevice(lower);
	IoDeleteDevice(fdo);
	c->ops->PutDmaAdapter(put);

	vc_mark(&m, da, WDMDMA_CHK_LEAK_ADAPTER);
	total = wdmdma_violations(NULL);
	wdmdma_driver_destroy(drv);
	vc_expect(test, &m, 1);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), total + 1);
	vc_works(test, da);
	c->ops->PutDmaAdapter(da);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), total + 1);
}

static struct kunit_case vc_cases[] = {
	KUNIT_CASE(vc_null_adapter),
	KUNIT_CASE(vc_after_release),
	KUNIT_CASE(vc_common_freed_twice),
	KUNIT_CASE(vc_channel_freed_twice),
	KUNIT_CASE(vc_regs_freed_twice),
	KUNIT_CASE(vc_sgl_freed_twice),
	KUNIT_CASE(vc_leak_common),
	KUNIT_CASE(vc_leak_channel),
	KUNIT_CASE(vc_leak_regs),
	KUNIT_CASE(vc_leak_sgl),
	KUNIT_CASE(vc_two_channels),
	KUNIT_CASE(vc_too_many_regs),
	KUNIT_CASE(vc_regs_exhausted),
	KUNIT_CASE(vc_freed_mapped),
	KUNIT_CASE(vc_not_locked),
	KUNIT_CASE(vc_irql),
	KUNIT_CASE(vc_never_mapped),
	KUNIT_CASE(vc_not_in_mdl),
	KUNIT_CASE(vc_zero_length),
	KUNIT_CASE(vc_desc_version),
	KUNIT_CASE(vc_wrong_size),
	KUNIT_CASE(vc_sgl_after_put),
	KUNIT_CASE(vc_wrong_access),
	KUNIT_CASE(vc_obsolete),
	KUNIT_CASE(vc_leak_adapter),
	{}
};

struct kunit_suite wdmdma_verifier_checks_suite = {
	.name = "wdmdma_verifier_checks",
	.init = vc_init,
	.exit = vc_exit,
	.test_cases = vc_cases,
};
