// SPDX-License-Identifier: GPL-2.0
/*
 * What wdmdma shows: an adapter's debugfs figures after known operations
 * (map registers in use and peak, transfers, bytes, bounced bytes, flushes,
 * lists outstanding, common buffers, the queue and its waits, misuse),
 * the debugfs files themselves (the stats file reads what the same code
 * gives a caller, the directory goes with PutDmaAdapter, wdmdma/drivers
 * lists a driver's device objects and the IRPs in flight), and the trace
 * events, caught by probes registered on them.
 */
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/tracepoint.h>

#include "../wdmdma/trace.h"
#include "suites.h"
#include "target.h"

#define DBG_TEXT	4096
#define DBG_ROOT	"/sys/kernel/debug/"

/* A channel request and what its routine saw. */
struct dbg_req {
	struct completion done;
	IO_ALLOCATION_ACTION action;
	PVOID base;
	PSCATTER_GATHER_LIST list;
};

struct dbg_ctx {
	struct wdmdma_target t;
	PDMA_ADAPTER da;
	PDMA_OPERATIONS ops;
	ULONG nregs;
	char *text;
	char *file;
	struct dbg_req req[2];
	PDRIVER_OBJECT drv;
	PDEVICE_OBJECT devobj;
	PIRP pending;
};

static IO_ALLOCATION_ACTION dbg_routine(PDEVICE_OBJECT d, PIRP irp, PVOID base, PVOID ctx)
{
	struct dbg_req *r = ctx;
	IO_ALLOCATION_ACTION action = r->action;

	r->base = base;
	complete(&r->done);
	return action;
}

static void dbg_list_routine(PDEVICE_OBJECT d, PIRP irp, PSCATTER_GATHER_LIST list, PVOID ctx)
{
	struct dbg_req *r = ctx;

	r->list = list;
	complete(&r->done);
}

static void dbg_req_init(struct dbg_req *r, IO_ALLOCATION_ACTION action)
{
	memset(r, 0, sizeof(*r));
	init_completion(&r->done);
	r->action = action;
}

static void dbg_req_wait(struct kunit *test, struct dbg_req *r)
{
	KUNIT_ASSERT_GT_MSG(test, wait_for_completion_timeout(&r->done, 10 * HZ), 0,
			    "routine never ran");
}

/* The adapter's stats text, as its debugfs file has it. */
static const char *dbg_text(struct kunit *test)
{
	struct dbg_ctx *c = test->priv;

	KUNIT_ASSERT_GT(test, wdmdma_adapter_stats_text(c->da, c->text, DBG_TEXT), 0);
	return c->text;
}

/* One figure of the stats text. */
static u64 dbg_val(struct kunit *test, const char *key)
{
	const char *text = dbg_text(test), *p;
	char pat[48];
	u64 v = 0;
	int n;

	snprintf(pat, sizeof(pat), "\n%s=", key);
	p = strstr(text, pat);
	KUNIT_ASSERT_NOT_NULL_MSG(test, p, "no %s in the stats", key);
	n = sscanf(p + strlen(pat), "%llu", &v);
	KUNIT_ASSERT_EQ(test, n, 1);
	return v;
}

static bool dbg_has(struct kunit *test, const char *line)
{
	return strstr(dbg_text(test), line);
}

static int dbg_init(struct kunit *test)
{
	struct dbg_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	DEVICE_DESCRIPTION d;

	if (!c)
		return -ENOMEM;
	test->priv = c;
	c->text = kunit_kzalloc(test, DBG_TEXT, GFP_KERNEL);
	c->file = kunit_kzalloc(test, DBG_TEXT, GFP_KERNEL);
	if (!c->text || !c->file)
		return -ENOMEM;
	wdmdma_target_init(test, &c->t, WDMDMA_TARGET_PLATFORM);
	wdmdma_target_desc(&c->t, &d, TRUE, 4 * PAGE_SIZE);
	c->da = wdmdma_target_adapter(&c->t, &d, &c->nregs);
	c->ops = c->da->DmaOperations;
	return 0;
}

static void dbg_exit(struct kunit *test)
{
	struct dbg_ctx *c = test->priv;

	if (!c)
		return;
	if (c->pending) {
		c->pending->IoStatus.Status = STATUS_CANCELLED;
		IoCompleteRequest(c->pending, IO_NO_INCREMENT);
		IoFreeIrp(c->pending);
	}
	if (c->devobj)
		IoDeleteDevice(c->devobj);
	if (c->drv)
		wdmdma_driver_destroy(c->drv);
	if (c->da)
		c->ops->PutDmaAdapter(c->da);
	wdmdma_target_exit(&c->t);
}

/* What the platform's device gets: "mode=..." and whether mappings bounce. */
static const char *dbg_mode(struct dbg_ctx *c)
{
	if (wdmdma_test_platform() == WDMDMA_PLATFORM_IOMMU && wdmdma_target_is_edu(&c->t))
		return "\nmode=iommu\n";
	return wdmdma_target_budgeted(&c->t, true, wdmdma_target_is_edu(&c->t) ? 28 : 64) ?
	       "\nmode=bounce\n" : "\nmode=direct\n";
}

/* Map @len bytes of @mdl from its start with MapTransfer, piece by piece. */
static dma_addr_t dbg_map(struct kunit *test, PMDL mdl, PVOID base, ULONG len)
{
	struct dbg_ctx *c = test->priv;
	u8 *va = MmGetMdlVirtualAddress(mdl);
	dma_addr_t first = 0;
	ULONG done = 0, n;
	PHYSICAL_ADDRESS pa;

	while (done < len) {
		n = len - done;
		pa = c->ops->MapTransfer(c->da, mdl, base, va + done, &n, TRUE);
		KUNIT_ASSERT_GT(test, n, 0);
		if (!done)
			first = pa.QuadPart;
		done += n;
	}
	return first;
}

/* Known operations, one after the other, and the figures after each. */
static void dbg_figures(struct kunit *test)
{
	struct dbg_ctx *c = test->priv;
	u8 *buf = wdmdma_test_buf(test, 3 * PAGE_SIZE, false);
	PMDL mdl = wdmdma_test_mdl(test, buf, 2 * PAGE_SIZE);
	PMDL mdl2 = wdmdma_test_mdl(test, buf + 2 * PAGE_SIZE, PAGE_SIZE);
	struct dbg_req *r = &c->req[0];
	unsigned long before = wdmdma_violations(NULL);
	bool bounce = wdmdma_test_platform() == WDMDMA_PLATFORM_BOUNCE;
	PHYSICAL_ADDRESS la;
	PVOID cb;

	KUNIT_EXPECT_TRUE(test, dbg_has(test, dbg_mode(c)));
	KUNIT_EXPECT_EQ(test, dbg_val(test, "map_registers"), (u64)c->nregs);
	KUNIT_EXPECT_EQ(test, dbg_val(test, "maximum_length"), 4 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, dbg_val(test, "scatter_gather"), 1);
	KUNIT_EXPECT_EQ(test, dbg_val(test, "transfers"), 0);
	KUNIT_EXPECT_EQ(test, dbg_val(test, "map_registers_in_use"), 0);
	KUNIT_EXPECT_EQ(test, dbg_val(test, "map_registers_peak"), 0);
	KUNIT_EXPECT_TRUE(test, dbg_has(test, "\nchannel_owner=free\n"));

	/* the channel and 3 registers, kept */
	dbg_req_init(r, KeepObject);
	KUNIT_ASSERT_EQ(test, c->ops->AllocateAdapterChannel(c->da, c->t.fdo[0], 3, dbg_routine,
							     r), STATUS_SUCCESS);
	dbg_req_wait(test, r);
	KUNIT_EXPECT_EQ(test, dbg_val(test, "map_registers_in_use"), 3);
	KUNIT_EXPECT_EQ(test, dbg_val(test, "map_registers_peak"), 3);
	KUNIT_EXPECT_TRUE(test, dbg_has(test, "\nchannel_owner=held\n"));

	/* one transfer of two pages, then its flush */
	dbg_map(test, mdl, r->base, 2 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, dbg_val(test, "transfers"), 1);
	KUNIT_EXPECT_EQ(test, dbg_val(test, "bytes"), 2 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, dbg_val(test, "bounced_bytes"), bounce ? 2 * PAGE_SIZE : 0);
	KUNIT_EXPECT_TRUE(test, c->ops->FlushAdapterBuffers(c->da, mdl, r->base,
							    MmGetMdlVirtualAddress(mdl),
							    2 * PAGE_SIZE, TRUE));
	KUNIT_EXPECT_EQ(test, dbg_val(test, "flushes"), 1);
	c->ops->FreeAdapterChannel(c->da);
	KUNIT_EXPECT_EQ(test, dbg_val(test, "map_registers_in_use"), 0);
	KUNIT_EXPECT_EQ(test, dbg_val(test, "map_registers_peak"), 3);
	KUNIT_EXPECT_TRUE(test, dbg_has(test, "\nchannel_owner=free\n"));

	/* a scatter/gather list of one page, outstanding until Put */
	dbg_req_init(r, KeepObject);
	KUNIT_ASSERT_EQ(test, c->ops->GetScatterGatherList(c->da, c->t.fdo[0], mdl2,
							   MmGetMdlVirtualAddress(mdl2),
							   PAGE_SIZE, dbg_list_routine, r, TRUE),
			STATUS_SUCCESS);
	dbg_req_wait(test, r);
	KUNIT_EXPECT_EQ(test, dbg_val(test, "sg_lists"), 1);
	KUNIT_EXPECT_EQ(test, dbg_val(test, "sg_lists_outstanding"), 1);
	KUNIT_EXPECT_EQ(test, dbg_val(test, "map_registers_in_use"), 1);
	KUNIT_EXPECT_EQ(test, dbg_val(test, "transfers"), 2);
	KUNIT_EXPECT_EQ(test, dbg_val(test, "bytes"), 3 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, dbg_val(test, "bounced_bytes"), bounce ? 3 * PAGE_SIZE : 0);
	c->ops->PutScatterGatherList(c->da, r->list, TRUE);
	KUNIT_EXPECT_EQ(test, dbg_val(test, "sg_lists_outstanding"), 0);
	KUNIT_EXPECT_EQ(test, dbg_val(test, "map_registers_in_use"), 0);
	KUNIT_EXPECT_EQ(test, dbg_val(test, "map_registers_peak"), 3);

	/* a common buffer */
	cb = c->ops->AllocateCommonBuffer(c->da, PAGE_SIZE, &la, FALSE);
	KUNIT_ASSERT_NOT_NULL(test, cb);
	KUNIT_EXPECT_EQ(test, dbg_val(test, "common_buffers"), 1);
	KUNIT_EXPECT_EQ(test, dbg_val(test, "common_buffer_bytes"), PAGE_SIZE);
	c->ops->FreeCommonBuffer(c->da, PAGE_SIZE, la, cb, FALSE);
	KUNIT_EXPECT_EQ(test, dbg_val(test, "common_buffers"), 0);

	/* none of that was misuse; one is, and is counted */
	KUNIT_EXPECT_EQ(test, dbg_val(test, "violations"), 0);
	c->ops->FreeAdapterChannel(c->da);
	KUNIT_EXPECT_EQ(test, dbg_val(test, "violations"), 1);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 1);
}

/* A request queued behind the channel's holder: depth, peak, its wait. */
static void dbg_waits(struct kunit *test)
{
	struct dbg_ctx *c = test->priv;
	struct dbg_req *a = &c->req[0], *b = &c->req[1];
	u64 total;

	dbg_req_init(a, KeepObject);
	dbg_req_init(b, DeallocateObject);
	KUNIT_ASSERT_EQ(test, c->ops->AllocateAdapterChannel(c->da, c->t.fdo[0], 1, dbg_routine,
							     a), STATUS_SUCCESS);
	dbg_req_wait(test, a);
	KUNIT_ASSERT_EQ(test, c->ops->AllocateAdapterChannel(c->da, c->t.fdo[1], 1, dbg_routine,
							     b), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, dbg_val(test, "queue_depth"), 1);
	KUNIT_EXPECT_EQ(test, dbg_val(test, "queue_peak"), 1);
	KUNIT_EXPECT_EQ(test, dbg_val(test, "waits"), 0);
	msleep(20);
	c->ops->FreeAdapterChannel(c->da);
	dbg_req_wait(test, b);
	wdmdma_quiesce();
	KUNIT_EXPECT_EQ(test, dbg_val(test, "queue_depth"), 0);
	KUNIT_EXPECT_EQ(test, dbg_val(test, "queue_peak"), 1);
	KUNIT_EXPECT_EQ(test, dbg_val(test, "waits"), 1);
	total = dbg_val(test, "wait_total_us");
	KUNIT_EXPECT_GE(test, total, 15000);
	KUNIT_EXPECT_LT(test, total, 10 * USEC_PER_SEC);
	KUNIT_EXPECT_EQ(test, dbg_val(test, "wait_max_us"), total);
	KUNIT_EXPECT_EQ(test, dbg_val(test, "map_registers_in_use"), 0);
	KUNIT_EXPECT_EQ(test, dbg_val(test, "map_registers_peak"), 1);
	KUNIT_EXPECT_TRUE(test, dbg_has(test, "\nchannel_owner=free\n"));
}

/* Read a debugfs file whole into c->file.  Return: bytes, or -errno. */
static ssize_t dbg_read_file(struct dbg_ctx *c, const char *rel)
{
	char path[128];
	struct file *f;
	loff_t pos = 0;
	ssize_t n;

	snprintf(path, sizeof(path), DBG_ROOT "%s", rel);
	f = filp_open(path, O_RDONLY, 0);
	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_read(f, c->file, DBG_TEXT - 1, &pos);
	filp_close(f, NULL);
	if (n >= 0)
		c->file[n] = '\0';
	return n;
}

static NTSTATUS dbg_dispatch(PDEVICE_OBJECT d, PIRP irp)
{
	PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(irp);
	struct dbg_ctx *c = *(struct dbg_ctx **)d->DeviceExtension;

	if (sl->MinorFunction) {	/* leave it pending */
		IoMarkIrpPending(irp);
		c->pending = irp;
		return STATUS_PENDING;
	}
	irp->IoStatus.Status = STATUS_SUCCESS;
	irp->IoStatus.Information = 7;
	IoCompleteRequest(irp, IO_NO_INCREMENT);
	return STATUS_SUCCESS;
}

/* A driver object with one device object whose dispatch is dbg_dispatch(). */
static void dbg_driver(struct kunit *test)
{
	struct dbg_ctx *c = test->priv;

	c->drv = wdmdma_driver_create("wdmdma_dbg_test");
	KUNIT_ASSERT_NOT_NULL(test, c->drv);
	c->drv->MajorFunction[IRP_MJ_DEVICE_CONTROL] = dbg_dispatch;
	KUNIT_ASSERT_EQ(test, IoCreateDevice(c->drv, sizeof(c), NULL, FILE_DEVICE_UNKNOWN, 0,
					     FALSE, &c->devobj), STATUS_SUCCESS);
	*(struct dbg_ctx **)c->devobj->DeviceExtension = c;
}

/* The originator's completion routine: the IRP stays the originator's. */
static NTSTATUS dbg_keep(PDEVICE_OBJECT d, PIRP irp, PVOID ctx)
{
	atomic_inc(ctx);
	return STATUS_MORE_PROCESSING_REQUIRED;
}

/*
 * Send an IRP_MJ_DEVICE_CONTROL; @minor nonzero leaves it pending; @kept
 * non-NULL: with dbg_keep() as the originator's completion routine.
 */
static NTSTATUS dbg_send_kept(struct kunit *test, UCHAR minor, PIRP *out, atomic_t *kept)
{
	struct dbg_ctx *c = test->priv;
	PIRP irp = IoAllocateIrp(1, FALSE);
	PIO_STACK_LOCATION sl;
	NTSTATUS st;

	KUNIT_ASSERT_NOT_NULL(test, irp);
	sl = IoGetNextIrpStackLocation(irp);
	sl->MajorFunction = IRP_MJ_DEVICE_CONTROL;
	sl->MinorFunction = minor;
	if (kept)
		IoSetCompletionRoutine(irp, dbg_keep, kept, TRUE, TRUE, TRUE);
	st = IoCallDriver(c->devobj, irp);
	if (out)
		*out = irp;
	else
		IoFreeIrp(irp);
	return st;
}

static NTSTATUS dbg_send(struct kunit *test, UCHAR minor, PIRP *out)
{
	return dbg_send_kept(test, minor, out, NULL);
}

static long dbg_in_flight(struct kunit *test)
{
	struct dbg_ctx *c = test->priv;
	const char *p;
	long n = -1;
	int got;

	KUNIT_ASSERT_GT(test, dbg_read_file(c, "wdmdma/drivers"), 0);
	p = strstr(c->file, "irps_in_flight=");
	KUNIT_ASSERT_NOT_NULL(test, p);
	got = sscanf(p, "irps_in_flight=%ld", &n);
	KUNIT_ASSERT_EQ(test, got, 1);
	return n;
}

/*
 * The files: stats reads what wdmdma_adapter_stats_text() gives, the
 * description names the DEVICE_DESCRIPTION, drivers lists a driver's device
 * object and an IRP in flight, and PutDmaAdapter takes the directory away.
 */
static void dbg_files(struct kunit *test)
{
	struct dbg_ctx *c = test->priv;
	atomic_t kept = ATOMIC_INIT(0);
	char dir[96], rel[128];
	ssize_t n;
	long base;
	PIRP irp;

	KUNIT_ASSERT_EQ(test, wdmdma_adapter_debugfs_name(c->da, dir, sizeof(dir)), 0);
	snprintf(rel, sizeof(rel), "%s/stats", dir);
	n = dbg_read_file(c, rel);
	KUNIT_ASSERT_GT_MSG(test, n, 0, "%s" DBG_ROOT "%s", "cannot read ", rel);
	KUNIT_EXPECT_STREQ(test, c->file, dbg_text(test));
	snprintf(rel, sizeof(rel), "%s/description", dir);
	KUNIT_ASSERT_GT(test, dbg_read_file(c, rel), 0);
	KUNIT_EXPECT_NOT_NULL(test, strstr(c->file, "MaximumLength         16384\n"));
	snprintf(rel, sizeof(rel), "%s/state", dir);
	KUNIT_ASSERT_GT(test, dbg_read_file(c, rel), 0);
	KUNIT_EXPECT_NOT_NULL(test, strstr(c->file, "map registers   5 per transfer; 0 in use"));

	dbg_driver(test);
	KUNIT_ASSERT_GT(test, dbg_read_file(c, "wdmdma/drivers"), 0);
	KUNIT_EXPECT_NOT_NULL(test, strstr(c->file, "driver wdmdma_dbg_test\n  devobj "));
	base = dbg_in_flight(test);
	KUNIT_EXPECT_EQ(test, dbg_send(test, 0, NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, dbg_in_flight(test), base);
	KUNIT_EXPECT_EQ(test, dbg_send(test, 1, &irp), STATUS_PENDING);
	KUNIT_EXPECT_PTR_EQ(test, c->pending, irp);
	KUNIT_EXPECT_EQ(test, dbg_in_flight(test), base + 1);
	c->pending = NULL;
	irp->IoStatus.Status = STATUS_SUCCESS;
	IoCompleteRequest(irp, IO_NO_INCREMENT);
	IoFreeIrp(irp);
	KUNIT_EXPECT_EQ(test, dbg_in_flight(test), base);
	/* completed past the top although its originator's routine keeps it */
	KUNIT_EXPECT_EQ(test, dbg_send_kept(test, 0, NULL, &kept), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&kept), 1);
	KUNIT_EXPECT_EQ(test, dbg_in_flight(test), base);
	IoDeleteDevice(c->devobj);
	c->devobj = NULL;
	wdmdma_driver_destroy(c->drv);
	c->drv = NULL;
	KUNIT_ASSERT_GT(test, dbg_read_file(c, "wdmdma/drivers"), 0);
	KUNIT_EXPECT_NULL(test, strstr(c->file, "driver wdmdma_dbg_test\n"));

	c->ops->PutDmaAdapter(c->da);
	c->da = NULL;
	wdmdma_quiesce();
	snprintf(rel, sizeof(rel), "%s/stats", dir);
	KUNIT_EXPECT_EQ(test, dbg_read_file(c, rel), -ENOENT);
}

/* What the probes saw: counts per event and the last values. */
struct dbg_seen {
	atomic_t get, put, request, queued, grant, start, end, map, flush, freechan;
	atomic_t sgl_get, sgl_put, cb_alloc, cb_free, dispatch, complete;
	unsigned int id;
	unsigned int map_len;
	u64 map_addr;
	bool map_bounced;
	int action;
	unsigned int flush_n;
	unsigned int sgl_elems;
	u64 cb_len, cb_logical;
	unsigned int wait_us;
	const void *irp;
	int irp_status;
	u64 irp_info;
};

static void p_get(void *d, unsigned int id, const char *dev, unsigned int version, bool master,
		  bool sg, unsigned int width, unsigned int nregs, const char *mode)
{
	struct dbg_seen *s = d;

	s->id = id;
	atomic_inc(&s->get);
}

static void p_put(void *d, unsigned int id, unsigned long long n)
{
	struct dbg_seen *s = d;

	if (id == s->id)
		atomic_inc(&s->put);
}

static void p_request(void *d, unsigned int id, const void *devobj, unsigned int nregs,
		      bool list, bool queued)
{
	struct dbg_seen *s = d;

	if (id != s->id)
		return;
	atomic_inc(&s->request);
	if (queued)
		atomic_inc(&s->queued);
}

static void p_grant(void *d, unsigned int id, const void *devobj, unsigned int wait_us)
{
	struct dbg_seen *s = d;

	if (id != s->id)
		return;
	s->wait_us = wait_us;
	atomic_inc(&s->grant);
}

static void p_start(void *d, unsigned int id, const void *routine, bool list)
{
	struct dbg_seen *s = d;

	if (id == s->id)
		atomic_inc(&s->start);
}

static void p_end(void *d, unsigned int id, const void *routine, int action)
{
	struct dbg_seen *s = d;

	if (id != s->id)
		return;
	s->action = action;
	atomic_inc(&s->end);
}

static void p_map(void *d, unsigned int id, unsigned int len, unsigned long long addr,
		  bool bounced, bool to_device)
{
	struct dbg_seen *s = d;

	if (id != s->id)
		return;
	s->map_len = len;
	s->map_addr = addr;
	s->map_bounced = bounced;
	atomic_inc(&s->map);
}

static void p_flush(void *d, unsigned int id, unsigned int len, unsigned int n)
{
	struct dbg_seen *s = d;

	if (id != s->id)
		return;
	s->flush_n = n;
	atomic_inc(&s->flush);
}

static void p_freechan(void *d, unsigned int id, unsigned long long n)
{
	struct dbg_seen *s = d;

	if (id == s->id)
		atomic_inc(&s->freechan);
}

static void p_sgl_get(void *d, unsigned int id, const void *list, unsigned int elements)
{
	struct dbg_seen *s = d;

	if (id != s->id)
		return;
	s->sgl_elems = elements;
	atomic_inc(&s->sgl_get);
}

static void p_sgl_put(void *d, unsigned int id, const void *list, unsigned int elements)
{
	struct dbg_seen *s = d;

	if (id == s->id)
		atomic_inc(&s->sgl_put);
}

static void p_cb_alloc(void *d, unsigned int id, unsigned long long len,
		       unsigned long long logical)
{
	struct dbg_seen *s = d;

	if (id != s->id)
		return;
	s->cb_len = len;
	s->cb_logical = logical;
	atomic_inc(&s->cb_alloc);
}

static void p_cb_free(void *d, unsigned int id, unsigned long long len,
		      unsigned long long logical)
{
	struct dbg_seen *s = d;

	if (id == s->id && len == s->cb_len && logical == s->cb_logical)
		atomic_inc(&s->cb_free);
}

static void p_dispatch(void *d, const void *irp, const void *devobj, unsigned int major,
		       unsigned int minor)
{
	struct dbg_seen *s = d;

	if (major != IRP_MJ_DEVICE_CONTROL)
		return;
	s->irp = irp;
	atomic_inc(&s->dispatch);
}

static void p_complete(void *d, const void *irp, int status, unsigned long long info)
{
	struct dbg_seen *s = d;

	if (irp != s->irp)
		return;
	s->irp_status = status;
	s->irp_info = info;
	atomic_inc(&s->complete);
}

#define DBG_PROBES(op, seen) do {					\
	void *_s = (seen);						\
									\
	op##_trace_wdmdma_adapter_get(p_get, _s);			\
	op##_trace_wdmdma_adapter_put(p_put, _s);			\
	op##_trace_wdmdma_channel_request(p_request, _s);		\
	op##_trace_wdmdma_channel_grant(p_grant, _s);			\
	op##_trace_wdmdma_routine_start(p_start, _s);			\
	op##_trace_wdmdma_routine_end(p_end, _s);			\
	op##_trace_wdmdma_map_transfer(p_map, _s);			\
	op##_trace_wdmdma_flush(p_flush, _s);				\
	op##_trace_wdmdma_free_adapter_channel(p_freechan, _s);		\
	op##_trace_wdmdma_sgl_get(p_sgl_get, _s);			\
	op##_trace_wdmdma_sgl_put(p_sgl_put, _s);			\
	op##_trace_wdmdma_common_alloc(p_cb_alloc, _s);			\
	op##_trace_wdmdma_common_free(p_cb_free, _s);			\
	op##_trace_wdmdma_irp_dispatch(p_dispatch, _s);			\
	op##_trace_wdmdma_irp_complete(p_complete, _s);			\
} while (0)

static void dbg_unprobe(void *s)
{
	DBG_PROBES(unregister, s);
	tracepoint_synchronize_unregister();
}

/* The trace events a known sequence of calls fires, with their values. */
static void dbg_trace(struct kunit *test)
{
	struct dbg_ctx *c = test->priv;
	struct dbg_seen *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	u8 *buf = wdmdma_test_buf(test, 3 * PAGE_SIZE, false);
	PMDL mdl = wdmdma_test_mdl(test, buf, 2 * PAGE_SIZE);
	PMDL mdl2 = wdmdma_test_mdl(test, buf + 2 * PAGE_SIZE, PAGE_SIZE);
	struct dbg_req *a = &c->req[0], *b = &c->req[1];
	DEVICE_DESCRIPTION d;
	unsigned int id = 0;
	PHYSICAL_ADDRESS la;
	dma_addr_t addr;
	ULONG nregs;
	PVOID cb;
	int n;

	KUNIT_ASSERT_NOT_NULL(test, s);
	/* a second adapter, made while the probes listen */
	c->ops->PutDmaAdapter(c->da);
	c->da = NULL;
	DBG_PROBES(register, s);
	KUNIT_ASSERT_EQ(test, wdmdma_kunit_defer(test, dbg_unprobe, s), 0);
	wdmdma_target_desc(&c->t, &d, TRUE, 4 * PAGE_SIZE);
	c->da = wdmdma_target_adapter(&c->t, &d, &nregs);
	n = sscanf(dbg_text(test), "adapter=%u", &id);
	KUNIT_ASSERT_EQ(test, n, 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->get), 1);
	KUNIT_EXPECT_EQ(test, s->id, id);

	/* immediate request, KeepObject, a transfer, its flush, the free */
	dbg_req_init(a, KeepObject);
	KUNIT_ASSERT_EQ(test, c->ops->AllocateAdapterChannel(c->da, c->t.fdo[0], 3, dbg_routine,
							     a), STATUS_SUCCESS);
	dbg_req_wait(test, a);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->request), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->queued), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->start), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->end), 1);
	KUNIT_EXPECT_EQ(test, s->action, KeepObject);
	addr = dbg_map(test, mdl, a->base, 2 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->map), 1);
	KUNIT_EXPECT_EQ(test, s->map_len, 2 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, s->map_addr, (u64)addr);
	KUNIT_EXPECT_EQ(test, s->map_bounced, dbg_val(test, "bounced_bytes") > 0);
	KUNIT_EXPECT_EQ(test, s->map_bounced,
			wdmdma_test_platform() == WDMDMA_PLATFORM_BOUNCE);
	c->ops->FlushAdapterBuffers(c->da, mdl, a->base, MmGetMdlVirtualAddress(mdl),
				    2 * PAGE_SIZE, TRUE);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->flush), 1);
	KUNIT_EXPECT_EQ(test, s->flush_n, 1);

	/* a request queued behind the holder, granted by the free */
	dbg_req_init(b, DeallocateObject);
	KUNIT_ASSERT_EQ(test, c->ops->AllocateAdapterChannel(c->da, c->t.fdo[1], 1, dbg_routine,
							     b), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->queued), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->grant), 0);
	msleep(20);
	c->ops->FreeAdapterChannel(c->da);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->freechan), 1);
	dbg_req_wait(test, b);
	wdmdma_quiesce();
	KUNIT_EXPECT_EQ(test, atomic_read(&s->grant), 1);
	KUNIT_EXPECT_GE(test, s->wait_us, 15000);
	KUNIT_EXPECT_EQ(test, (u64)s->wait_us, dbg_val(test, "wait_total_us"));
	KUNIT_EXPECT_EQ(test, atomic_read(&s->end), 2);
	KUNIT_EXPECT_EQ(test, s->action, DeallocateObject);

	/* a list, put */
	dbg_req_init(a, KeepObject);
	KUNIT_ASSERT_EQ(test, c->ops->GetScatterGatherList(c->da, c->t.fdo[0], mdl2,
							   MmGetMdlVirtualAddress(mdl2),
							   PAGE_SIZE, dbg_list_routine, a, TRUE),
			STATUS_SUCCESS);
	dbg_req_wait(test, a);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->sgl_get), 1);
	KUNIT_EXPECT_EQ(test, s->sgl_elems, a->list->NumberOfElements);
	KUNIT_EXPECT_EQ(test, s->action, -1);	/* a list-control routine's end */
	c->ops->PutScatterGatherList(c->da, a->list, TRUE);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->sgl_put), 1);

	/* a common buffer */
	cb = c->ops->AllocateCommonBuffer(c->da, PAGE_SIZE, &la, FALSE);
	KUNIT_ASSERT_NOT_NULL(test, cb);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->cb_alloc), 1);
	KUNIT_EXPECT_EQ(test, s->cb_len, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, s->cb_logical, (u64)la.QuadPart);
	c->ops->FreeCommonBuffer(c->da, PAGE_SIZE, la, cb, FALSE);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->cb_free), 1);

	/* an IRP through IoCallDriver and IoCompleteRequest */
	dbg_driver(test);
	KUNIT_EXPECT_EQ(test, dbg_send(test, 0, NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->dispatch), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->complete), 1);
	KUNIT_EXPECT_EQ(test, s->irp_status, STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, s->irp_info, 7);

	c->ops->PutDmaAdapter(c->da);
	c->da = NULL;
	KUNIT_EXPECT_EQ(test, atomic_read(&s->put), 1);
}

static struct kunit_case dbg_cases[] = {
	KUNIT_CASE(dbg_figures),
	KUNIT_CASE(dbg_waits),
	KUNIT_CASE(dbg_files),
	KUNIT_CASE(dbg_trace),
	{}
};

struct kunit_suite wdmdma_debugfs_suite = {
	.name = "wdmdma_debugfs",
	.init = dbg_init,
	.exit = dbg_exit,
	.test_cases = dbg_cases,
};
