// SPDX-License-Identifier: GPL-2.0
/*
 * The version 3 entries of a bus master: GetDmaAdapterInfo,
 * GetDmaTransferInfo, transfer contexts, AllocateAdapterChannelEx with and
 * without DMA_SYNCHRONOUS_CALLBACK, CancelAdapterChannel, FreeAdapterObject,
 * MapTransferEx, FlushAdapterBuffersEx and BuildScatterGatherListEx, in
 * the sequences KMDF drives them in, data checked on the device side (the
 * edu device under the IOMMU) byte for byte.
 */
#include <linux/completion.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "suites.h"
#include "target.h"

struct v3_ctx {
	struct wdmdma_target t;
	PDMA_ADAPTER da;
	PDMA_OPERATIONS ops;
	ULONG nregs;
};

/* What an AdapterControl routine saw, and what it returns. */
struct v3_seen {
	atomic_t runs;
	PVOID base;
	IO_ALLOCATION_ACTION action;
	struct completion done;
};

/* A transfer context as a driver declares one. */
struct v3_xfer {
	ULONG_PTR ctx[DMA_TRANSFER_CONTEXT_SIZE_V1 / sizeof(ULONG_PTR)];
};

static IO_ALLOCATION_ACTION v3_control(PDEVICE_OBJECT d, PIRP irp, PVOID base, PVOID ctx)
{
	struct v3_seen *s = ctx;
	IO_ALLOCATION_ACTION action = s->action;

	s->base = base;
	atomic_inc(&s->runs);
	complete(&s->done);
	return action;
}

static void v3_seen_init(struct v3_seen *s, IO_ALLOCATION_ACTION action)
{
	memset(s, 0, sizeof(*s));
	init_completion(&s->done);
	s->action = action;
}

static int v3_init(struct kunit *test)
{
	struct v3_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	if (!c)
		return -ENOMEM;
	test->priv = c;
	wdmdma_target_init(test, &c->t, WDMDMA_TARGET_PLATFORM);
	return 0;
}

static void v3_exit(struct kunit *test)
{
	struct v3_ctx *c = test->priv;

	if (!c)
		return;
	if (c->da)
		c->ops->PutDmaAdapter(c->da);
	wdmdma_target_exit(&c->t);
}

/* A version 3 adapter for the target: scatter/gather or not, room for @maxlen. */
static void v3_adapter(struct kunit *test, bool sg, ULONG maxlen)
{
	struct v3_ctx *c = test->priv;
	DEVICE_DESCRIPTION d;

	wdmdma_target_desc(&c->t, &d, sg, maxlen);
	d.Version = DEVICE_DESCRIPTION_VERSION3;
	d.DmaAddressWidth = wdmdma_target_is_edu(&c->t) ? 28 : 64;
	c->da = wdmdma_target_adapter(&c->t, &d, &c->nregs);
	c->ops = c->da->DmaOperations;
	KUNIT_ASSERT_EQ(test, c->ops->Size, sizeof(DMA_OPERATIONS));
}

static PVOID v3_new_ctx(struct kunit *test)
{
	struct v3_ctx *c = test->priv;
	struct v3_xfer *x = kunit_kzalloc(test, sizeof(*x), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, x);
	KUNIT_ASSERT_EQ(test, c->ops->InitializeDmaTransferContext(c->da, x), STATUS_SUCCESS);
	return x;
}

/* The device reads each element and finds @want there. */
static void v3_expect_read(struct kunit *test, PSCATTER_GATHER_LIST list, const u8 *want,
			   ULONG len)
{
	struct v3_ctx *c = test->priv;
	u8 *seen = kunit_kzalloc(test, len, GFP_KERNEL);
	ULONG i, off = 0;

	KUNIT_ASSERT_NOT_NULL(test, seen);
	for (i = 0; i < list->NumberOfElements; i++) {
		KUNIT_ASSERT_LE(test, off + list->Elements[i].Length, len);
		wdmdma_target_dev_read(&c->t, list->Elements[i].Address.QuadPart, seen + off,
				       list->Elements[i].Length);
		off += list->Elements[i].Length;
	}
	KUNIT_EXPECT_EQ(test, off, len);
	KUNIT_EXPECT_EQ(test, memcmp(seen, want, len), 0);
}

/* The device writes @data through each element. */
static void v3_dev_write(struct kunit *test, PSCATTER_GATHER_LIST list, const u8 *data,
			 ULONG len)
{
	struct v3_ctx *c = test->priv;
	ULONG i, off = 0;

	for (i = 0; i < list->NumberOfElements; i++) {
		KUNIT_ASSERT_LE(test, off + list->Elements[i].Length, len);
		wdmdma_target_dev_write(&c->t, list->Elements[i].Address.QuadPart, data + off,
					list->Elements[i].Length);
		off += list->Elements[i].Length;
	}
	KUNIT_EXPECT_EQ(test, off, len);
}

/* GetDmaAdapterInfo tells the adapter's true values; other versions are refused. */
static void v3_adapter_info(struct kunit *test)
{
	struct v3_ctx *c = test->priv;
	DMA_ADAPTER_INFO info = { .Version = DMA_ADAPTER_INFO_VERSION1 };
	unsigned long before;

	v3_adapter(test, true, 16 * PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, c->ops->GetDmaAdapterInfo(c->da, &info), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, info.V1.DmaAddressWidth, wdmdma_target_is_edu(&c->t) ? 28 : 64);
	KUNIT_EXPECT_EQ(test, info.V1.ScatterGatherLimit, c->nregs);
	KUNIT_EXPECT_FALSE(test, info.V1.ReadDmaCounterAvailable);
	KUNIT_EXPECT_TRUE(test, info.V1.Flags & ADAPTER_INFO_SYNCHRONOUS_CALLBACK);
	KUNIT_EXPECT_EQ(test, info.V1.MinimumTransferUnit, 1);

	before = wdmdma_violations(c->da);
	info.Version = 2;
	KUNIT_EXPECT_EQ(test, c->ops->GetDmaAdapterInfo(c->da, &info), STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, c->ops->GetDmaAdapterInfo(c->da, NULL), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, c->ops->ConfigureAdapterChannel(c->da, 1, NULL),
			STATUS_NOT_IMPLEMENTED);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(c->da), before + 3);
}

/* GetDmaTransferInfo: registers, elements and list size for a range of a chain. */
static void v3_transfer_info(struct kunit *test)
{
	struct v3_ctx *c = test->priv;
	DMA_TRANSFER_INFO info = { .Version = DMA_TRANSFER_INFO_VERSION2 };
	u8 *a = wdmdma_test_buf(test, 3 * PAGE_SIZE, true);
	u8 *b = wdmdma_test_buf(test, 2 * PAGE_SIZE, true);
	PMDL first = wdmdma_test_mdl(test, a, 3 * PAGE_SIZE);
	PMDL second = wdmdma_test_mdl(test, b, 2 * PAGE_SIZE);
	unsigned long before;

	v3_adapter(test, true, 16 * PAGE_SIZE);
	first->Next = second;
	/* 100 bytes into the first page, two pages long: three pages spanned */
	KUNIT_ASSERT_EQ(test, c->ops->GetDmaTransferInfo(c->da, first, 100, 2 * PAGE_SIZE, TRUE,
							 &info), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, info.V2.MapRegisterCount, 3);
	KUNIT_EXPECT_EQ(test, info.V2.ScatterGatherElementCount, 3);
	KUNIT_EXPECT_EQ(test, info.V2.LogicalPageCount, 3);
	KUNIT_EXPECT_EQ(test, info.V2.ScatterGatherListSize,
			offsetof(SCATTER_GATHER_LIST, Elements) +
			3 * sizeof(SCATTER_GATHER_ELEMENT));
	/* Over the chain: the last page of the first MDL and both of the second */
	info.Version = DMA_TRANSFER_INFO_VERSION1;
	KUNIT_ASSERT_EQ(test, c->ops->GetDmaTransferInfo(c->da, first, 2 * PAGE_SIZE,
							 3 * PAGE_SIZE, FALSE, &info),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, info.V1.MapRegisterCount, 3);
	/* Inside the second MDL only */
	KUNIT_ASSERT_EQ(test, c->ops->GetDmaTransferInfo(c->da, first, 3 * PAGE_SIZE + 8, 16,
							 FALSE, &info), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, info.V1.MapRegisterCount, 1);

	before = wdmdma_violations(c->da);
	KUNIT_EXPECT_EQ(test, c->ops->GetDmaTransferInfo(c->da, first, 5 * PAGE_SIZE, 1, FALSE,
							 &info), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, c->ops->GetDmaTransferInfo(c->da, first, 4 * PAGE_SIZE,
							 2 * PAGE_SIZE, FALSE, &info),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, c->ops->GetDmaTransferInfo(c->da, first, 0, 0, FALSE, &info),
			STATUS_INVALID_PARAMETER);
	info.Version = 3;
	KUNIT_EXPECT_EQ(test, c->ops->GetDmaTransferInfo(c->da, first, 0, 1, FALSE, &info),
			STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(c->da), before + 4);
	first->Next = NULL;
}

/* Uninitialized and reused contexts are refused, and nothing runs. */
static void v3_context_misuse(struct kunit *test)
{
	struct v3_ctx *c = test->priv;
	struct v3_xfer *raw = kunit_kmalloc(test, sizeof(*raw), GFP_KERNEL);
	PDEVICE_OBJECT fdo = c->t.fdo[0];
	unsigned long before;
	struct v3_seen s;
	PVOID ctx, base;

	KUNIT_ASSERT_NOT_NULL(test, raw);
	v3_adapter(test, true, 4 * PAGE_SIZE);
	memset(raw, 0x5a, sizeof(*raw));
	v3_seen_init(&s, DeallocateObject);
	before = wdmdma_violations(c->da);
	KUNIT_EXPECT_EQ(test, c->ops->AllocateAdapterChannelEx(c->da, fdo, raw, 1, 0, v3_control,
							       &s, &base),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, c->ops->AllocateAdapterChannelEx(c->da, fdo, NULL, 1, 0,
							       v3_control, &s, &base),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, atomic_read(&s.runs), 0);

	ctx = v3_new_ctx(test);
	KUNIT_ASSERT_EQ(test, c->ops->AllocateAdapterChannelEx(c->da, fdo, ctx, 1, 0, v3_control,
							       &s, NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&s.runs), 1);
	/* Used once: a second request needs InitializeDmaTransferContext again */
	KUNIT_EXPECT_EQ(test, c->ops->AllocateAdapterChannelEx(c->da, fdo, ctx, 1, 0, v3_control,
							       &s, NULL),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, atomic_read(&s.runs), 1);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(c->da), before + 3);
	KUNIT_ASSERT_EQ(test, c->ops->InitializeDmaTransferContext(c->da, ctx), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, c->ops->AllocateAdapterChannelEx(c->da, fdo, ctx, 1, 0, v3_control,
							       &s, NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&s.runs), 2);
	/* Without DMA_SYNCHRONOUS_CALLBACK a routine is required; bad flags refused */
	ctx = v3_new_ctx(test);
	KUNIT_EXPECT_EQ(test, c->ops->AllocateAdapterChannelEx(c->da, fdo, ctx, 1, 0, NULL, NULL,
							       NULL), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, c->ops->AllocateAdapterChannelEx(c->da, fdo, ctx, 1, 0x80,
							       v3_control, &s, NULL),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, c->ops->AllocateAdapterChannelEx(c->da, fdo, ctx, c->nregs + 1, 0,
							       v3_control, &s, NULL),
			STATUS_INSUFFICIENT_RESOURCES);
	KUNIT_EXPECT_EQ(test, atomic_read(&s.runs), 2);
}

static struct kunit_case v3_info_cases[] = {
	KUNIT_CASE(v3_adapter_info),
	KUNIT_CASE(v3_transfer_info),
	KUNIT_CASE(v3_context_misuse),
	{}
};

struct kunit_suite wdmdma_v3_info_suite = {
	.name = "wdmdma_v3_info",
	.init = v3_init,
	.exit = v3_exit,
	.test_cases = v3_info_cases,
};

/* DMA_SYNCHRONOUS_CALLBACK: the routine runs before the call returns. */
static void v3_sync_now(struct kunit *test)
{
	struct v3_ctx *c = test->priv;
	PVOID base = NULL;
	struct v3_seen s;

	v3_adapter(test, false, 4 * PAGE_SIZE);
	v3_seen_init(&s, DeallocateObjectKeepRegisters);
	KUNIT_ASSERT_EQ(test, c->ops->AllocateAdapterChannelEx(c->da, c->t.fdo[0],
							       v3_new_ctx(test), 2,
							       DMA_SYNCHRONOUS_CALLBACK,
							       v3_control, &s, &base),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&s.runs), 1);
	KUNIT_EXPECT_NOT_NULL(test, s.base);
	KUNIT_EXPECT_PTR_EQ(test, base, s.base);
	c->ops->FreeMapRegisters(c->da, s.base, 2);
}

/*
 * DMA_SYNCHRONOUS_CALLBACK while the channel is held: fails at once with
 * STATUS_INSUFFICIENT_RESOURCES and never queues (its routine never runs,
 * not even after the channel is released).
 */
static void v3_sync_while_held(struct kunit *test)
{
	struct v3_ctx *c = test->priv;
	struct v3_seen hold, s;
	PVOID base = (PVOID)1;
	PVOID ctx;

	v3_adapter(test, false, 4 * PAGE_SIZE);
	v3_seen_init(&hold, KeepObject);
	v3_seen_init(&s, DeallocateObject);
	KUNIT_ASSERT_EQ(test, c->ops->AllocateAdapterChannel(c->da, c->t.fdo[0], 1, v3_control,
							     &hold), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, atomic_read(&hold.runs), 1);
	ctx = v3_new_ctx(test);
	KUNIT_EXPECT_EQ(test, c->ops->AllocateAdapterChannelEx(c->da, c->t.fdo[1], ctx, 1,
							       DMA_SYNCHRONOUS_CALLBACK,
							       v3_control, &s, &base),
			STATUS_INSUFFICIENT_RESOURCES);
	KUNIT_EXPECT_NULL(test, base);
	c->ops->FreeAdapterChannel(c->da);
	wdmdma_quiesce();
	KUNIT_EXPECT_EQ(test, atomic_read(&s.runs), 0);
	/* The failed request did not use the context: it works now */
	KUNIT_EXPECT_EQ(test, c->ops->AllocateAdapterChannelEx(c->da, c->t.fdo[1], ctx, 1,
							       DMA_SYNCHRONOUS_CALLBACK,
							       v3_control, &s, &base),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&s.runs), 1);
}

/*
 * No routine: the caller holds channel and registers (MapRegisterBase
 * out) until FreeAdapterObject, which keeps the registers on request.
 */
static void v3_sync_no_routine(struct kunit *test)
{
	struct v3_ctx *c = test->priv;
	PVOID base = NULL, base2 = NULL;
	struct v3_seen s;

	v3_adapter(test, false, 4 * PAGE_SIZE);
	v3_seen_init(&s, DeallocateObject);
	KUNIT_ASSERT_EQ(test, c->ops->AllocateAdapterChannelEx(c->da, c->t.fdo[0],
							       v3_new_ctx(test), 2,
							       DMA_SYNCHRONOUS_CALLBACK, NULL,
							       NULL, &base),
			STATUS_SUCCESS);
	KUNIT_ASSERT_NOT_NULL(test, base);
	KUNIT_EXPECT_EQ(test, c->ops->AllocateAdapterChannelEx(c->da, c->t.fdo[1],
							       v3_new_ctx(test), 1,
							       DMA_SYNCHRONOUS_CALLBACK,
							       v3_control, &s, NULL),
			STATUS_INSUFFICIENT_RESOURCES);
	c->ops->FreeAdapterObject(c->da, DeallocateObjectKeepRegisters);
	KUNIT_EXPECT_EQ(test, c->ops->AllocateAdapterChannelEx(c->da, c->t.fdo[1],
							       v3_new_ctx(test), 1,
							       DMA_SYNCHRONOUS_CALLBACK, NULL,
							       NULL, &base2),
			STATUS_SUCCESS);
	KUNIT_EXPECT_NOT_NULL(test, base2);
	KUNIT_EXPECT_PTR_NE(test, base, base2);
	c->ops->FreeAdapterObject(c->da, DeallocateObject);
	c->ops->FreeMapRegisters(c->da, base, 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&s.runs), 0);
}

/* CancelAdapterChannel of a waiting request: TRUE, and its routine never runs. */
static void v3_cancel_waiting(struct kunit *test)
{
	struct v3_ctx *c = test->priv;
	struct v3_seen hold, s, next;
	unsigned long before;
	PVOID ctx, ctx2;

	v3_adapter(test, false, 4 * PAGE_SIZE);
	v3_seen_init(&hold, KeepObject);
	v3_seen_init(&s, DeallocateObject);
	v3_seen_init(&next, DeallocateObject);
	KUNIT_ASSERT_EQ(test, c->ops->AllocateAdapterChannel(c->da, c->t.fdo[0], 1, v3_control,
							     &hold), STATUS_SUCCESS);
	ctx = v3_new_ctx(test);
	ctx2 = v3_new_ctx(test);
	KUNIT_ASSERT_EQ(test, c->ops->AllocateAdapterChannelEx(c->da, c->t.fdo[1], ctx, 1, 0,
							       v3_control, &s, NULL),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, c->ops->AllocateAdapterChannelEx(c->da, c->t.fdo[2], ctx2, 1, 0,
							       v3_control, &next, NULL),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&s.runs), 0);
	/* Re-initializing a context whose request waits would corrupt the queue */
	before = wdmdma_violations(c->da);
	KUNIT_EXPECT_EQ(test, c->ops->InitializeDmaTransferContext(c->da, ctx),
			STATUS_DEVICE_BUSY);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(c->da), before + 1);
	KUNIT_EXPECT_TRUE(test, c->ops->CancelAdapterChannel(c->da, c->t.fdo[1], ctx));
	KUNIT_EXPECT_FALSE(test, c->ops->CancelAdapterChannel(c->da, c->t.fdo[1], ctx));
	c->ops->FreeAdapterChannel(c->da);
	/* The request behind the cancelled one runs, the cancelled one never */
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&next.done, 10 * HZ), 0);
	wdmdma_quiesce();
	KUNIT_EXPECT_EQ(test, atomic_read(&s.runs), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&next.runs), 1);
	KUNIT_EXPECT_FALSE(test, c->ops->CancelAdapterChannel(c->da, c->t.fdo[2], ctx2));
	KUNIT_EXPECT_EQ(test, wdmdma_violations(c->da), before + 1);
}

/* CancelAdapterChannel after the routine ran (at once, or from the queue): FALSE. */
static void v3_cancel_after_run(struct kunit *test)
{
	struct v3_ctx *c = test->priv;
	struct v3_seen hold, s;
	PVOID ctx;

	v3_adapter(test, false, 4 * PAGE_SIZE);
	v3_seen_init(&s, DeallocateObject);
	ctx = v3_new_ctx(test);
	KUNIT_ASSERT_EQ(test, c->ops->AllocateAdapterChannelEx(c->da, c->t.fdo[0], ctx, 1, 0,
							       v3_control, &s, NULL),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&s.runs), 1);
	KUNIT_EXPECT_FALSE(test, c->ops->CancelAdapterChannel(c->da, c->t.fdo[0], ctx));

	v3_seen_init(&hold, KeepObject);
	v3_seen_init(&s, DeallocateObject);
	KUNIT_ASSERT_EQ(test, c->ops->AllocateAdapterChannel(c->da, c->t.fdo[0], 1, v3_control,
							     &hold), STATUS_SUCCESS);
	ctx = v3_new_ctx(test);
	KUNIT_ASSERT_EQ(test, c->ops->AllocateAdapterChannelEx(c->da, c->t.fdo[1], ctx, 1, 0,
							       v3_control, &s, NULL),
			STATUS_SUCCESS);
	c->ops->FreeAdapterChannel(c->da);
	KUNIT_EXPECT_GT(test, wait_for_completion_timeout(&s.done, 10 * HZ), 0);
	KUNIT_EXPECT_FALSE(test, c->ops->CancelAdapterChannel(c->da, c->t.fdo[1], ctx));
	wdmdma_quiesce();
	KUNIT_EXPECT_EQ(test, atomic_read(&s.runs), 1);
}

static struct kunit_case v3_channel_cases[] = {
	KUNIT_CASE(v3_sync_now),
	KUNIT_CASE(v3_sync_while_held),
	KUNIT_CASE(v3_sync_no_routine),
	KUNIT_CASE(v3_cancel_waiting),
	KUNIT_CASE(v3_cancel_after_run),
	{}
};

struct kunit_suite wdmdma_v3_channel_suite = {
	.name = "wdmdma_v3_channel",
	.init = v3_init,
	.exit = v3_exit,
	.test_cases = v3_channel_cases,
};

/*
 * KMDF's scatter/gather sequence: GetDmaTransferInfo sizes the list,
 * InitializeDmaTransferContext, BuildScatterGatherListEx into the
 * preallocated buffer with DMA_SYNCHRONOUS_CALLBACK (no routine: the list
 * comes back in the out-parameter), the device moves the data,
 * PutScatterGatherList.  Both directions.
 */
static void v3_kmdf_sg(struct kunit *test)
{
	struct v3_ctx *c = test->priv;
	DMA_TRANSFER_INFO info = { .Version = DMA_TRANSFER_INFO_VERSION2 };
	const ULONG skip = 300, len = 3 * PAGE_SIZE - 500;
	PSCATTER_GATHER_LIST list;
	u8 *buf, *want;
	void *sgbuf;
	ULONG sglen;
	PMDL mdl;
	int dir;

	v3_adapter(test, true, 16 * PAGE_SIZE);
	buf = wdmdma_test_scattered(test, 4);
	want = kunit_kmalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, want);
	mdl = wdmdma_test_mdl(test, buf, 4 * PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, c->ops->GetDmaTransferInfo(c->da, mdl, skip, len, FALSE, &info),
			STATUS_SUCCESS);
	sglen = info.V2.ScatterGatherListSize;
	sgbuf = kunit_kzalloc(test, sglen, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sgbuf);

	for (dir = 0; dir < 2; dir++) {
		bool write = !dir;

		wdmdma_fill(buf, 4 * PAGE_SIZE, 7 + dir);
		wdmdma_fill(want, len, 20 + dir);
		if (write)
			memcpy(want, buf + skip, len);
		list = NULL;
		KUNIT_ASSERT_EQ(test, c->ops->BuildScatterGatherListEx(c->da, c->t.fdo[0],
								       v3_new_ctx(test), mdl,
								       skip, len,
								       DMA_SYNCHRONOUS_CALLBACK,
								       NULL, NULL, write, sgbuf,
								       sglen,
								       NULL, NULL, &list),
				STATUS_SUCCESS);
		KUNIT_ASSERT_PTR_EQ(test, (void *)list, sgbuf);
		KUNIT_EXPECT_LE(test, list->NumberOfElements,
				info.V2.ScatterGatherElementCount);
		if (write)
			v3_expect_read(test, list, want, len);
		else
			v3_dev_write(test, list, want, len);
		c->ops->PutScatterGatherList(c->da, list, write);
		if (!write)
			KUNIT_EXPECT_EQ(test, memcmp(buf + skip, want, len), 0);
	}
}

/*
 * KMDF's packet profile on a master without scatter/gather:
 * AllocateAdapterChannelEx whose routine returns
 * DeallocateObjectKeepRegisters, then MapTransferEx for each fragment of a
 * multi-page MDL (each one device-contiguous piece), the device moves it,
 * FlushAdapterBuffersEx, and FreeMapRegisters at the end.  Both directions.
 */
static void v3_kmdf_packet(struct kunit *test)
{
	struct v3_ctx *c = test->priv;
	DMA_TRANSFER_INFO info = { .Version = DMA_TRANSFER_INFO_VERSION1 };
	const ULONG skip = 100, len = 3 * PAGE_SIZE, frag = PAGE_SIZE + PAGE_SIZE / 2;
	u8 buf_sg[sizeof(SCATTER_GATHER_LIST) + 2 * sizeof(SCATTER_GATHER_ELEMENT)];
	PSCATTER_GATHER_LIST list = (PSCATTER_GATHER_LIST)buf_sg;
	ULONG off, got;
	struct v3_seen s;
	u8 *buf, *want;
	PMDL mdl;
	int dir;

	v3_adapter(test, false, 8 * PAGE_SIZE);
	buf = wdmdma_test_scattered(test, 4);
	want = kunit_kmalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, want);
	mdl = wdmdma_test_mdl(test, buf, 4 * PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, c->ops->GetDmaTransferInfo(c->da, mdl, skip, len, FALSE, &info),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, info.V1.MapRegisterCount, 4);

	for (dir = 0; dir < 2; dir++) {
		bool write = !dir;

		wdmdma_fill(buf, 4 * PAGE_SIZE, 40 + dir);
		wdmdma_fill(want, len, 60 + dir);
		if (write)
			memcpy(want, buf + skip, len);
		v3_seen_init(&s, DeallocateObjectKeepRegisters);
		KUNIT_ASSERT_EQ(test, c->ops->AllocateAdapterChannelEx(c->da, c->t.fdo[0],
								       v3_new_ctx(test),
								       info.V1.MapRegisterCount,
								       0, v3_control, &s, NULL),
				STATUS_SUCCESS);
		KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&s.done, 10 * HZ), 0);
		for (off = 0; off < len; off += got) {
			got = min(frag, len - off);
			KUNIT_ASSERT_EQ(test, c->ops->MapTransferEx(c->da, mdl, s.base,
								    skip + off, 0, &got, write,
								    list, sizeof(buf_sg),
								    NULL, NULL),
					STATUS_SUCCESS);
			KUNIT_ASSERT_GT(test, got, 0);
			/* Without scatter/gather every fragment is one piece */
			KUNIT_EXPECT_EQ(test, list->NumberOfElements, 1);
			KUNIT_EXPECT_EQ(test, list->Elements[0].Length, got);
			if (write)
				v3_expect_read(test, list, want + off, got);
			else
				v3_dev_write(test, list, want + off, got);
			KUNIT_EXPECT_EQ(test, c->ops->FlushAdapterBuffersEx(c->da, mdl, s.base,
									    skip + off, got,
									    write),
					STATUS_SUCCESS);
		}
		c->ops->FreeMapRegisters(c->da, s.base, info.V1.MapRegisterCount);
		if (!write)
			KUNIT_EXPECT_EQ(test, memcmp(buf + skip, want, len), 0);
	}
}

static void v3_list_control(PDEVICE_OBJECT d, PIRP irp, PSCATTER_GATHER_LIST list, PVOID ctx)
{
	*(PSCATTER_GATHER_LIST *)ctx = list;
}

/*
 * GetScatterGatherListEx at an offset into a chain of two MDLs, running on
 * from the first into the second: the routine gets the list before the
 * call returns (DMA_SYNCHRONOUS_CALLBACK), the out-parameter the same
 * list, and the device reads both MDLs' bytes in order.
 */
static void v3_get_sgl_chain(struct kunit *test)
{
	struct v3_ctx *c = test->priv;
	PSCATTER_GATHER_LIST seen = NULL, list = NULL;
	const ULONG skip = PAGE_SIZE + 200, len = 2 * PAGE_SIZE;
	u8 *a = wdmdma_test_buf(test, 2 * PAGE_SIZE, true);
	u8 *b = wdmdma_test_buf(test, 2 * PAGE_SIZE, true);
	PMDL first = wdmdma_test_mdl(test, a, 2 * PAGE_SIZE);
	PMDL second = wdmdma_test_mdl(test, b, 2 * PAGE_SIZE);
	ULONG in_first = 2 * PAGE_SIZE - skip;
	u8 *want = kunit_kmalloc(test, len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, want);
	v3_adapter(test, true, 16 * PAGE_SIZE);
	first->Next = second;
	wdmdma_fill(a, 2 * PAGE_SIZE, 80);
	wdmdma_fill(b, 2 * PAGE_SIZE, 81);
	memcpy(want, a + skip, in_first);
	memcpy(want + in_first, b, len - in_first);
	KUNIT_ASSERT_EQ(test, c->ops->GetScatterGatherListEx(c->da, c->t.fdo[0], v3_new_ctx(test),
							     first, skip, len,
							     DMA_SYNCHRONOUS_CALLBACK,
							     v3_list_control, &seen, TRUE, NULL,
							     NULL, &list),
			STATUS_SUCCESS);
	KUNIT_ASSERT_NOT_NULL(test, seen);
	KUNIT_EXPECT_PTR_EQ(test, list, seen);
	v3_expect_read(test, seen, want, len);
	c->ops->PutScatterGatherList(c->da, seen, TRUE);
	first->Next = NULL;
}

/* MapTransferEx and FlushAdapterBuffersEx refuse what names no transfer. */
static void v3_map_misuse(struct kunit *test)
{
	struct v3_ctx *c = test->priv;
	u8 buf_sg[sizeof(SCATTER_GATHER_LIST) + sizeof(SCATTER_GATHER_ELEMENT)];
	PSCATTER_GATHER_LIST list = (PSCATTER_GATHER_LIST)buf_sg;
	u8 *buf = wdmdma_test_buf(test, 2 * PAGE_SIZE, true);
	PMDL mdl = wdmdma_test_mdl(test, buf, 2 * PAGE_SIZE);
	unsigned long before;
	struct v3_seen s;
	ULONG got;

	v3_adapter(test, true, 4 * PAGE_SIZE);
	v3_seen_init(&s, DeallocateObjectKeepRegisters);
	KUNIT_ASSERT_EQ(test, c->ops->AllocateAdapterChannelEx(c->da, c->t.fdo[0],
							       v3_new_ctx(test), 2,
							       DMA_SYNCHRONOUS_CALLBACK,
							       v3_control, &s, NULL),
			STATUS_SUCCESS);
	before = wdmdma_violations(c->da);
	got = 16;
	KUNIT_EXPECT_EQ(test, c->ops->MapTransferEx(c->da, mdl, s.base, 2 * PAGE_SIZE, 0, &got,
						    TRUE, list, sizeof(buf_sg), NULL, NULL),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, got, 0);
	got = 0;
	KUNIT_EXPECT_EQ(test, c->ops->MapTransferEx(c->da, mdl, s.base, 0, 0, &got, TRUE, list,
						    sizeof(buf_sg), NULL, NULL),
			STATUS_INVALID_PARAMETER);
	got = 16;
	KUNIT_EXPECT_EQ(test, c->ops->MapTransferEx(c->da, mdl, s.base, 0, 0, &got, TRUE, NULL,
						    0, NULL, NULL),
			STATUS_INVALID_PARAMETER);
	got = 16;
	KUNIT_EXPECT_EQ(test, c->ops->MapTransferEx(c->da, mdl, s.base, 0, 4, &got, TRUE, list,
						    sizeof(buf_sg), NULL, NULL),
			STATUS_INVALID_PARAMETER);
	got = 16;
	KUNIT_EXPECT_EQ(test, c->ops->MapTransferEx(c->da, mdl, s.base, 0, 0, &got, TRUE, list,
						    8, NULL, NULL),
			STATUS_BUFFER_TOO_SMALL);
	KUNIT_EXPECT_EQ(test, c->ops->FlushAdapterBuffersEx(c->da, mdl, s.base, 0, 16, TRUE),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(c->da), before + 6);
	/* A real one still works after all that */
	got = 16;
	KUNIT_EXPECT_EQ(test, c->ops->MapTransferEx(c->da, mdl, s.base, PAGE_SIZE + 8, 0, &got,
						    TRUE, list, sizeof(buf_sg), NULL, NULL),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, got, 16);
	KUNIT_EXPECT_EQ(test, c->ops->FlushAdapterBuffersEx(c->da, mdl, s.base, PAGE_SIZE + 8, 16,
							    TRUE), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(c->da), before + 6);
	c->ops->FreeMapRegisters(c->da, s.base, 2);
}

static struct kunit_case v3_map_cases[] = {
	KUNIT_CASE(v3_kmdf_sg),
	KUNIT_CASE(v3_kmdf_packet),
	KUNIT_CASE(v3_get_sgl_chain),
	KUNIT_CASE(v3_map_misuse),
	{}
};

struct kunit_suite wdmdma_v3_map_suite = {
	.name = "wdmdma_v3_map",
	.init = v3_init,
	.exit = v3_exit,
	.test_cases = v3_map_cases,
};
