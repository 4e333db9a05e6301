// SPDX-License-Identifier: GPL-2.0
/*
 * wdmdma_bench: the CPU cost of the WDM DMA path against native
 * dma-mapping on the same PCI device, in the same boot.
 *
 * The device is QEMU's edu device (PCI 1234:11e8, in every test VM), so
 * under intel-iommu the mappings really go through the IOMMU.  No device
 * DMA is done: only mapping and unmapping are timed.  The module takes a
 * PDO for the pci_dev (wdmdma_pdo_create()) and four adapters from it:
 * DEVICE_DESCRIPTION_VERSION3 with DmaAddressWidth 28 (what the edu device
 * honours) and 64, each with and without scatter/gather.
 *
 * Every round runs every measurement, shim then native back to back, so
 * slow drifts of the emulated machine hit both sides alike:
 *
 *  map_transfer  MapTransfer (looped until the range is mapped) and
 *                FlushAdapterBuffers, with map registers held, against
 *                dma_map_sg + dma_unmap_sg of the same pages (scatterlist
 *                filled each time; also for the adapters without S/G), and
 *                for one page against dma_map_page + dma_unmap_page
 *  get_sgl       GetScatterGatherList + PutScatterGatherList
 *  build_sgl     BuildScatterGatherList (buffer sized by
 *                CalculateScatterGatherList) + PutScatterGatherList
 *  channel_cycle AllocateAdapterChannel of 1 map register whose routine
 *                returns DeallocateObject, against one page mapped and
 *                unmapped
 *  dispatch      from the FreeAdapterChannel that frees the channel to the
 *                waiting AdapterControl routine starting, against
 *                queue_work to the work function starting (a WQ_HIGHPRI
 *                workqueue, as wdmdma's); p50 and p99 of each round
 *  verifier      MapTransfer+FlushAdapterBuffers and GetScatterGatherList+
 *                PutScatterGatherList again on the sg28 adapter, in
 *                verifier mode (wdmdma_verifier_set() on for the
 *                measurement only: every mapping double-buffered between
 *                guard areas, checked at its end), up to 16 pages; reported
 *                against native dma_map_sg and against the same call with
 *                the verifier off
 *  scaling       requests per second with 1, 2 and 4 device objects (one
 *                bound kthread each, over the online CPUs) on one adapter,
 *                each request a channel cycle whose routine maps and
 *                flushes one page, against the same threads mapping and
 *                unmapping one page per request; counted over a window
 *                that opens once every thread runs
 *
 * For the native side the device's DMA mask is set to the adapter's width,
 * as a native driver for that description would set it, and restored
 * before the shim runs again.  Operations per measurement are calibrated
 * once, in the first round after a warm-up, to take about target_us.
 *
 * After the rounds, the 1-page measurements of the scatter/gather
 * adapters run once more for profile_ms each under a sampling profiler
 * (profile.c), which prints where their time goes, function by function.
 *
 * Results are printed once all rounds ran, one JSON object per line after
 * "wdmdma-bench: ", with every round's value (ns per operation) on both
 * sides; tools/bench/report.py makes the table, JSON and plots.  Loading
 * fails only when a call fails (a mapping, a list, a channel), never on a
 * timing.
 */
#define pr_fmt(fmt) "wdmdma-bench: " fmt

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/iommu.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>

#include <wdm.h>
#include <wdmdma/binding.h>
#include <wdmdma/verifier.h>

#include "profile.h"

static bool quick;
module_param(quick, bool, 0444);
MODULE_PARM_DESC(quick, "a short run (make check): 3 rounds, 1 and 16 pages, short measurements");

static unsigned int rounds;
module_param(rounds, uint, 0444);
MODULE_PARM_DESC(rounds, "rounds of every measurement (default 9, quick 3; at most 31)");

static unsigned int target_us;
module_param(target_us, uint, 0444);
MODULE_PARM_DESC(target_us, "time one measurement of one side aims at (default 10000, quick 300)");

static unsigned int samples;
module_param(samples, uint, 0444);
MODULE_PARM_DESC(samples, "dispatch latency samples per side and round (default 200, quick 20)");

static unsigned int profile_ms;
module_param(profile_ms, uint, 0444);
MODULE_PARM_DESC(profile_ms, "time each profiled measurement runs (default 300, quick 20)");

static char *config = "";
module_param(config, charp, 0444);
MODULE_PARM_DESC(config, "the platform configuration's name, echoed in the results");

#define BENCH_MAX_ROUNDS	31
#define BENCH_MAX_SAMPLES	2000
#define BENCH_MIN_OPS		5
#define BENCH_MAX_OPS		1000000
#define BENCH_DEVOBJS		4
#define BENCH_MAX_SERIES	160
#define BENCH_LINE		960
#define BENCH_PROF_PERIOD_NS	50000
#define BENCH_PROF_TOP		12
/* Verifier mode's copies: up to this many pages (swiotlb maps 256 KiB at most) */
#define BENCH_VERIFY_MAX_PAGES	16

#define EDU_VENDOR		0x1234
#define EDU_DEVICE		0x11e8

static const u32 bench_sizes[] = { 1, 4, 16, 64, 256, 1024 };
static const u32 bench_quick_sizes[] = { 1, 16 };
static const u32 bench_devobjs[] = { 1, 2, 4 };

static const struct bench_adapter_desc {
	const char *name;
	u32 width;
	bool sg;
	bool dispatch;		/* measure the dispatch latency on it */
} bench_adapter_descs[] = {
	{ "sg28", 28, true, true },
	{ "nosg28", 28, false, true },
	{ "sg64", 64, true, false },
	{ "nosg64", 64, false, false },
};

#define BENCH_ADAPTERS	ARRAY_SIZE(bench_adapter_descs)

/* What one series times: each has a value per round, in tenths of ns. */
enum bench_kind {
	BENCH_MAP_TRANSFER,	/* shim: MapTransfer loop + FlushAdapterBuffers */
	BENCH_GET_SGL,		/* shim: Get + PutScatterGatherList */
	BENCH_BUILD_SGL,	/* shim: Build + PutScatterGatherList */
	BENCH_CYCLE,		/* shim: AllocateAdapterChannel, DeallocateObject */
	BENCH_MAP_SG,		/* native: sg table filled, dma_map_sg, dma_unmap_sg */
	BENCH_MAP_PAGE,		/* native: dma_map_page, dma_unmap_page */
	BENCH_DISPATCH_P50,	/* shim: FreeAdapterChannel -> waiting routine */
	BENCH_DISPATCH_P99,
	BENCH_QUEUE_WORK_P50,	/* native: queue_work -> work function */
	BENCH_QUEUE_WORK_P99,
	BENCH_SCALE,		/* shim: channel cycle + 1-page MapTransfer, per request */
	BENCH_SCALE_NATIVE,	/* native: 1-page dma_map_page + unmap, per request */
	BENCH_MAP_TRANSFER_VERIFY, /* shim, verifier mode: MapTransfer loop + Flush */
	BENCH_GET_SGL_VERIFY,	/* shim, verifier mode: Get + PutScatterGatherList */
};

struct bench_adapter {
	const struct bench_adapter_desc *desc;
	PDMA_ADAPTER da;
	ULONG nregs;
	bool la_is_phys;	/* a mapped page's logical address is its RAM address */
};

struct bench_series {
	enum bench_kind kind;
	struct bench_adapter *ad;
	u32 size;		/* pages; device objects for scaling */
	unsigned int ops;	/* per measurement, calibrated in the first round */
	u64 val[BENCH_MAX_ROUNDS];
};

/*
 * A driver routine that ran, inline or deferred.  The issuer sleeps only
 * when the routine did not run before the call returned, so the inline
 * path costs one atomic exchange on each side.
 */
enum { BENCH_ISSUED, BENCH_SLEEPING, BENCH_DONE };

struct bench_wait {
	atomic_t state;
	struct completion done;
	PVOID base;			/* MapRegisterBase the routine got */
	PSCATTER_GATHER_LIST sgl;	/* the list a list-control routine got */
	u64 stamp;			/* ktime_get_ns() when the routine started */
};

struct bench;

struct bench_worker {
	struct bench *b;
	struct task_struct *task;
	PDEVICE_OBJECT fdo;
	struct bench_wait w;
	void *va;			/* its page of the buffer */
	struct page *page;
	unsigned long done;		/* requests completed */
	bool native;
	bool stopped;
	int err;
};

struct bench {
	struct pci_dev *pdev;
	struct device *dev;
	u64 mask, coherent_mask;	/* as found, restored at the end */
	PDEVICE_OBJECT pdo;
	PDEVICE_OBJECT fdo[BENCH_DEVOBJS];
	struct bench_adapter ad[BENCH_ADAPTERS];
	const u32 *sizes;
	unsigned int nsizes;
	u32 max_pages;
	u8 *buf;
	struct page **pages;
	PMDL mdl;
	struct scatterlist *sg;
	void *sgl_buf;
	ULONG sgl_buf_len;
	struct workqueue_struct *wq;
	struct work_struct work;
	struct bench_wait work_wait;
	struct bench_wait w;
	struct bench_worker workers[BENCH_DEVOBJS];
	bool stop;			/* the workers' end */
	u64 *lat_shim, *lat_native;
	unsigned int rounds, round, samples;
	u64 target_ns;
	atomic_long_t deferred;		/* routines that did not run inline */
	struct bench_series *series;
	unsigned int nseries;
	struct bench_prof prof;
	u64 profile_ns;
	char line[BENCH_LINE];
};

static const char *bench_bool(bool v)
{
	return v ? "true" : "false";
}

static void bench_wait_arm(struct bench_wait *w)
{
	atomic_set(&w->state, BENCH_ISSUED);
}

/* The routine ran: wake the issuer if it sleeps. */
static void bench_wait_done(struct bench_wait *w)
{
	if (atomic_xchg(&w->state, BENCH_DONE) == BENCH_SLEEPING)
		complete(&w->done);
}

/* Wait for the routine; true when it had not run yet (deferred). */
static bool bench_wait_for(struct bench_wait *w)
{
	if (atomic_cmpxchg(&w->state, BENCH_ISSUED, BENCH_SLEEPING) != BENCH_ISSUED)
		return false;
	wait_for_completion(&w->done);
	return true;
}

static IO_ALLOCATION_ACTION bench_keep_registers(PDEVICE_OBJECT devobj, PIRP irp,
						 PVOID base, PVOID context)
{
	struct bench_wait *w = context;

	w->base = base;
	bench_wait_done(w);
	return DeallocateObjectKeepRegisters;
}

static IO_ALLOCATION_ACTION bench_keep_channel(PDEVICE_OBJECT devobj, PIRP irp,
					       PVOID base, PVOID context)
{
	bench_wait_done(context);
	return KeepObject;
}

static IO_ALLOCATION_ACTION bench_deallocate(PDEVICE_OBJECT devobj, PIRP irp,
					     PVOID base, PVOID context)
{
	bench_wait_done(context);
	return DeallocateObject;
}

static IO_ALLOCATION_ACTION bench_stamp(PDEVICE_OBJECT devobj, PIRP irp,
					PVOID base, PVOID context)
{
	struct bench_wait *w = context;

	w->stamp = ktime_get_ns();
	bench_wait_done(w);
	return DeallocateObject;
}

static void bench_list_ready(PDEVICE_OBJECT devobj, PIRP irp,
			     PSCATTER_GATHER_LIST sgl, PVOID context)
{
	struct bench_wait *w = context;

	w->sgl = sgl;
	bench_wait_done(w);
}

static void bench_work_stamp(struct work_struct *work)
{
	struct bench *b = container_of(work, struct bench, work);

	b->work_wait.stamp = ktime_get_ns();
	bench_wait_done(&b->work_wait);
}

/* Map registers for @nregs pages, held (DeallocateObjectKeepRegisters). */
static int bench_registers_get(struct bench *b, struct bench_adapter *ad, u32 nregs, PVOID *base)
{
	NTSTATUS st;

	bench_wait_arm(&b->w);
	st = ad->da->DmaOperations->AllocateAdapterChannel(ad->da, b->fdo[0], nregs,
							    bench_keep_registers, &b->w);
	if (st != STATUS_SUCCESS) {
		pr_err("%s: AllocateAdapterChannel(%u) failed: %#x\n", ad->desc->name, nregs, st);
		return -EIO;
	}
	bench_wait_for(&b->w);
	*base = b->w.base;
	return 0;
}

static void bench_registers_put(struct bench_adapter *ad, PVOID base, u32 nregs)
{
	ad->da->DmaOperations->FreeMapRegisters(ad->da, base, nregs);
}

/* The device's DMA mask for native calls: the adapter's width. */
static int bench_native_begin(struct bench *b, struct bench_adapter *ad, u64 *mask, u64 *coherent)
{
	int ret;

	*mask = dma_get_mask(b->dev);
	*coherent = b->dev->coherent_dma_mask;
	ret = dma_set_mask_and_coherent(b->dev, DMA_BIT_MASK(ad->desc->width));
	if (ret)
		pr_err("%s: no %u-bit DMA mask: %d\n", ad->desc->name, ad->desc->width, ret);
	return ret;
}

static void bench_native_end(struct bench *b, u64 mask, u64 coherent)
{
	if (dma_set_mask(b->dev, mask) || dma_set_coherent_mask(b->dev, coherent))
		pr_warn("could not restore the DMA masks\n");
}

static int bench_map_transfer(struct bench *b, struct bench_adapter *ad, u32 pages,
			      unsigned int ops, u64 *ns)
{
	PDMA_OPERATIONS o = ad->da->DmaOperations;
	ULONG len = pages * PAGE_SIZE, done, got;
	unsigned int i;
	PVOID base;
	u64 start;
	int ret;

	ret = bench_registers_get(b, ad, pages, &base);
	if (ret)
		return ret;
	start = ktime_get_ns();
	for (i = 0; i < ops && !ret; i++) {
		for (done = 0; done < len; done += got) {
			got = len - done;
			o->MapTransfer(ad->da, b->mdl, base, b->buf + done, &got, TRUE);
			if (!got) {
				ret = -EIO;
				break;
			}
		}
		if (!o->FlushAdapterBuffers(ad->da, b->mdl, base, b->buf, len, TRUE))
			ret = -EIO;
	}
	*ns = ktime_get_ns() - start;
	bench_registers_put(ad, base, pages);
	if (ret)
		pr_err("%s: MapTransfer/FlushAdapterBuffers of %u pages failed\n",
		       ad->desc->name, pages);
	return ret;
}

static int bench_sgl(struct bench *b, struct bench_adapter *ad, u32 pages, bool build,
		     unsigned int ops, u64 *ns)
{
	PDMA_OPERATIONS o = ad->da->DmaOperations;
	ULONG len = pages * PAGE_SIZE, size = 0;
	unsigned int i;
	NTSTATUS st;
	u64 start;

	if (build) {
		st = o->CalculateScatterGatherList(ad->da, b->mdl, b->buf, len, &size, NULL);
		if (st != STATUS_SUCCESS || size > b->sgl_buf_len) {
			pr_err("%s: CalculateScatterGatherList(%u pages): %#x, %u bytes\n",
			       ad->desc->name, pages, st, size);
			return -EIO;
		}
	}
	start = ktime_get_ns();
	for (i = 0; i < ops; i++) {
		bench_wait_arm(&b->w);
		if (build)
			st = o->BuildScatterGatherList(ad->da, b->fdo[0], b->mdl, b->buf, len,
						       bench_list_ready, &b->w, TRUE,
						       b->sgl_buf, size);
		else
			st = o->GetScatterGatherList(ad->da, b->fdo[0], b->mdl, b->buf, len,
						     bench_list_ready, &b->w, TRUE);
		if (st != STATUS_SUCCESS) {
			pr_err("%s: %sScatterGatherList(%u pages) failed: %#x\n",
			       ad->desc->name, build ? "Build" : "Get", pages, st);
			return -EIO;
		}
		if (bench_wait_for(&b->w))
			atomic_long_inc(&b->deferred);
		o->PutScatterGatherList(ad->da, b->w.sgl, TRUE);
	}
	*ns = ktime_get_ns() - start;
	return 0;
}

static int bench_cycle(struct bench *b, struct bench_adapter *ad, unsigned int ops, u64 *ns)
{
	PDMA_OPERATIONS o = ad->da->DmaOperations;
	unsigned int i;
	NTSTATUS st;
	u64 start;

	start = ktime_get_ns();
	for (i = 0; i < ops; i++) {
		bench_wait_arm(&b->w);
		st = o->AllocateAdapterChannel(ad->da, b->fdo[0], 1, bench_deallocate, &b->w);
		if (st != STATUS_SUCCESS) {
			pr_err("%s: AllocateAdapterChannel failed: %#x\n", ad->desc->name, st);
			return -EIO;
		}
		if (bench_wait_for(&b->w))
			atomic_long_inc(&b->deferred);
	}
	*ns = ktime_get_ns() - start;
	return 0;
}

static int bench_map_sg(struct bench *b, struct bench_adapter *ad, u32 pages,
			unsigned int ops, u64 *ns)
{
	u64 mask, coherent, start;
	unsigned int i, k;
	int ret;

	ret = bench_native_begin(b, ad, &mask, &coherent);
	if (ret)
		return ret;
	start = ktime_get_ns();
	for (i = 0; i < ops; i++) {
		sg_init_table(b->sg, pages);
		for (k = 0; k < pages; k++)
			sg_set_page(&b->sg[k], b->pages[k], PAGE_SIZE, 0);
		if (!dma_map_sg(b->dev, b->sg, pages, DMA_TO_DEVICE)) {
			pr_err("%s: dma_map_sg of %u pages failed\n", ad->desc->name, pages);
			ret = -EIO;
			break;
		}
		dma_unmap_sg(b->dev, b->sg, pages, DMA_TO_DEVICE);
	}
	*ns = ktime_get_ns() - start;
	bench_native_end(b, mask, coherent);
	return ret;
}

static int bench_map_page(struct bench *b, struct bench_adapter *ad, unsigned int ops, u64 *ns)
{
	u64 mask, coherent, start;
	dma_addr_t addr;
	unsigned int i;
	int ret;

	ret = bench_native_begin(b, ad, &mask, &coherent);
	if (ret)
		return ret;
	start = ktime_get_ns();
	for (i = 0; i < ops; i++) {
		addr = dma_map_page(b->dev, b->pages[0], 0, PAGE_SIZE, DMA_TO_DEVICE);
		if (dma_mapping_error(b->dev, addr)) {
			pr_err("%s: dma_map_page failed\n", ad->desc->name);
			ret = -EIO;
			break;
		}
		dma_unmap_page(b->dev, addr, PAGE_SIZE, DMA_TO_DEVICE);
	}
	*ns = ktime_get_ns() - start;
	bench_native_end(b, mask, coherent);
	return ret;
}

/* The scaling request's routine: map and flush the worker's page. */
static IO_ALLOCATION_ACTION bench_scale_routine(PDEVICE_OBJECT devobj, PIRP irp,
						PVOID base, PVOID context)
{
	struct bench_worker *wk = context;
	PDMA_ADAPTER da = wk->b->ad[0].da;
	ULONG got = PAGE_SIZE;

	da->DmaOperations->MapTransfer(da, wk->b->mdl, base, wk->va, &got, TRUE);
	if (!got ||
	    !da->DmaOperations->FlushAdapterBuffers(da, wk->b->mdl, base, wk->va, PAGE_SIZE, TRUE))
		wk->err = -EIO;
	bench_wait_done(&wk->w);
	return DeallocateObject;
}

static int bench_worker_fn(void *data)
{
	struct bench_worker *wk = data;
	struct bench *b = wk->b;
	struct bench_adapter *ad = &b->ad[0];
	PDMA_OPERATIONS o = ad->da->DmaOperations;
	dma_addr_t addr;
	NTSTATUS st;

	while (!READ_ONCE(b->stop)) {
		if (wk->native) {
			addr = dma_map_page(b->dev, wk->page, 0, PAGE_SIZE, DMA_TO_DEVICE);
			if (dma_mapping_error(b->dev, addr)) {
				wk->err = -EIO;
				break;
			}
			dma_unmap_page(b->dev, addr, PAGE_SIZE, DMA_TO_DEVICE);
		} else {
			bench_wait_arm(&wk->w);
			st = o->AllocateAdapterChannel(ad->da, wk->fdo, 1, bench_scale_routine, wk);
			if (st != STATUS_SUCCESS) {
				wk->err = -EIO;
				break;
			}
			if (bench_wait_for(&wk->w))
				atomic_long_inc(&b->deferred);
			if (wk->err)
				break;
		}
		WRITE_ONCE(wk->done, wk->done + 1);
		if (!(wk->done % 64))
			cond_resched();
	}
	WRITE_ONCE(wk->stopped, true);
	while (!kthread_should_stop()) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!kthread_should_stop())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	return 0;
}

static u64 bench_workers_done(struct bench *b, u32 n)
{
	u64 sum = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		sum += READ_ONCE(b->workers[i].done);
	return sum;
}

static bool bench_workers_started(struct bench *b, u32 n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (!READ_ONCE(b->workers[i].done) && !READ_ONCE(b->workers[i].stopped))
			return false;
	return true;
}

/*
 * @n workers, bound round robin to the online CPUs, issue requests until
 * told to stop.  Counted over a window of @window ns that opens once every
 * worker has completed a request, so thread start-up (a cross-CPU wakeup,
 * slow when the emulator's host is busy) is not in it.
 */
static int bench_scale(struct bench *b, u32 n, bool native, u64 window, u64 *requests, u64 *ns)
{
	struct bench_adapter *ad = &b->ad[0];
	u64 mask = 0, coherent = 0, start, count;
	unsigned int i, cpu = cpumask_first(cpu_online_mask);
	int ret = 0;

	if (native) {
		ret = bench_native_begin(b, ad, &mask, &coherent);
		if (ret)
			return ret;
	}
	WRITE_ONCE(b->stop, false);
	for (i = 0; i < n; i++) {
		struct bench_worker *wk = &b->workers[i];

		wk->b = b;
		wk->fdo = b->fdo[i];
		wk->va = b->buf + i * PAGE_SIZE;
		wk->page = b->pages[i];
		wk->native = native;
		wk->done = 0;
		wk->stopped = false;
		wk->err = 0;
		init_completion(&wk->w.done);
		wk->task = kthread_create(bench_worker_fn, wk, "wdmdma_bench/%u", i);
		if (IS_ERR(wk->task)) {
			ret = PTR_ERR(wk->task);
			while (i--)
				kthread_stop(b->workers[i].task);
			goto out;
		}
		kthread_bind(wk->task, cpu);
		cpu = cpumask_next(cpu, cpu_online_mask);
		if (cpu >= nr_cpu_ids)
			cpu = cpumask_first(cpu_online_mask);
	}
	for (i = 0; i < n; i++)
		wake_up_process(b->workers[i].task);
	start = ktime_get_ns();
	while (!bench_workers_started(b, n)) {
		if (ktime_get_ns() - start > 10 * NSEC_PER_SEC) {
			ret = -ETIMEDOUT;
			break;
		}
		usleep_range(100, 200);
	}
	if (!ret) {
		count = bench_workers_done(b, n);
		start = ktime_get_ns();
		while (ktime_get_ns() - start < window)
			usleep_range(1000, 2000);
		*requests = bench_workers_done(b, n) - count;
		*ns = ktime_get_ns() - start;
	}
	WRITE_ONCE(b->stop, true);
	for (i = 0; i < n; i++) {
		kthread_stop(b->workers[i].task);
		if (b->workers[i].err)
			ret = b->workers[i].err;
	}
	if (ret)
		pr_err("scaling with %u device objects (%s) failed: %d\n", n,
		       native ? "native" : "shim", ret);
out:
	if (native)
		bench_native_end(b, mask, coherent);
	return ret;
}

/* A shim measurement in verifier mode: on for the adapter while it runs. */
static int bench_verified(struct bench *b, struct bench_series *s, unsigned int ops, u64 *ns)
{
	int ret;

	wdmdma_verifier_set(s->ad->da, true);
	if (s->kind == BENCH_MAP_TRANSFER_VERIFY)
		ret = bench_map_transfer(b, s->ad, s->size, ops, ns);
	else
		ret = bench_sgl(b, s->ad, s->size, false, ops, ns);
	wdmdma_verifier_set(s->ad->da, false);
	return ret;
}

/* Run @s with @ops operations. */
static int bench_run(struct bench *b, struct bench_series *s, unsigned int ops, u64 *ns)
{
	switch (s->kind) {
	case BENCH_MAP_TRANSFER_VERIFY:
	case BENCH_GET_SGL_VERIFY:
		return bench_verified(b, s, ops, ns);
	case BENCH_MAP_TRANSFER:
		return bench_map_transfer(b, s->ad, s->size, ops, ns);
	case BENCH_GET_SGL:
		return bench_sgl(b, s->ad, s->size, false, ops, ns);
	case BENCH_BUILD_SGL:
		return bench_sgl(b, s->ad, s->size, true, ops, ns);
	case BENCH_CYCLE:
		return bench_cycle(b, s->ad, ops, ns);
	case BENCH_MAP_SG:
		return bench_map_sg(b, s->ad, s->size, ops, ns);
	case BENCH_MAP_PAGE:
		return bench_map_page(b, s->ad, ops, ns);
	default:
		return -EINVAL;
	}
}

static struct bench_series *bench_series(struct bench *b, enum bench_kind kind,
					 struct bench_adapter *ad, u32 size)
{
	struct bench_series *s;
	unsigned int i;

	for (i = 0; i < b->nseries; i++) {
		s = &b->series[i];
		if (s->kind == kind && s->ad == ad && s->size == size)
			return s;
	}
	if (WARN_ON(b->nseries == BENCH_MAX_SERIES))
		return NULL;
	s = &b->series[b->nseries++];
	s->kind = kind;
	s->ad = ad;
	s->size = size;
	return s;
}

/*
 * One measurement of one side for this round, in tenths of ns per
 * operation.  The first round first warms the path up, then finds how many
 * operations take about target_ns.  Scaling counts requests (every
 * worker's) over a window of 4 target_ns, 20 ms at least, instead.
 */
static int bench_time(struct bench *b, enum bench_kind kind, struct bench_adapter *ad, u32 size)
{
	struct bench_series *s = bench_series(b, kind, ad, size);
	unsigned int ops;
	u64 ns, n;
	int ret;

	if (!s)
		return -ENOSPC;
	if (kind == BENCH_SCALE || kind == BENCH_SCALE_NATIVE) {
		ret = bench_scale(b, size, kind == BENCH_SCALE_NATIVE,
				  max_t(u64, 4 * b->target_ns, 20 * NSEC_PER_MSEC), &n, &ns);
		if (ret)
			return ret;
		s->ops = max_t(u64, n, 1);
		s->val[b->round] = max_t(u64, div64_u64(ns * 10, s->ops), 1);
		return 0;
	}
	if (!s->ops) {
		ret = bench_run(b, s, 1, &ns);
		for (ops = 1; !ret; ops *= 4) {
			ret = bench_run(b, s, ops, &ns);
			if (ns >= b->target_ns / 8 || ops >= BENCH_MAX_OPS / 4)
				break;
		}
		if (ret)
			return ret;
		s->ops = clamp_t(u64, div64_u64((u64)ops * b->target_ns, max_t(u64, ns, 1)),
				 BENCH_MIN_OPS, BENCH_MAX_OPS);
		cond_resched();
	}
	ret = bench_run(b, s, s->ops, &ns);
	if (ret)
		return ret;
	s->val[b->round] = max_t(u64, div64_u64(ns * 10, s->ops), 1);
	cond_resched();
	return 0;
}

static int bench_cmp_u64(const void *x, const void *y)
{
	u64 a = *(const u64 *)x, c = *(const u64 *)y;

	return a < c ? -1 : a > c;
}

/*
 * Dispatch latency: a holder keeps the channel (KeepObject), a second
 * device object's request waits; the time from FreeAdapterChannel to the
 * waiting routine's first statement, against queue_work to the work
 * function's.  Samples alternate between the two.
 */
static int bench_dispatch(struct bench *b, struct bench_adapter *ad)
{
	PDMA_OPERATIONS o = ad->da->DmaOperations;
	struct bench_wait holder;
	struct bench_series *s;
	unsigned int i, n = b->samples;
	NTSTATUS st;
	u64 start;

	init_completion(&holder.done);
	for (i = 0; i < n; i++) {
		bench_wait_arm(&holder);
		st = o->AllocateAdapterChannel(ad->da, b->fdo[1], 1, bench_keep_channel, &holder);
		if (st != STATUS_SUCCESS)
			goto fail;
		bench_wait_for(&holder);
		bench_wait_arm(&b->w);
		st = o->AllocateAdapterChannel(ad->da, b->fdo[0], 1, bench_stamp, &b->w);
		if (st != STATUS_SUCCESS) {
			o->FreeAdapterChannel(ad->da);
			goto fail;
		}
		if (atomic_read(&b->w.state) == BENCH_DONE) {
			pr_err("%s: a request ran while another held the channel\n",
			       ad->desc->name);
			o->FreeAdapterChannel(ad->da);
			return -EIO;
		}
		start = ktime_get_ns();
		o->FreeAdapterChannel(ad->da);
		bench_wait_for(&b->w);
		b->lat_shim[i] = (b->w.stamp - start) * 10;

		bench_wait_arm(&b->work_wait);
		start = ktime_get_ns();
		queue_work(b->wq, &b->work);
		bench_wait_for(&b->work_wait);
		b->lat_native[i] = (b->work_wait.stamp - start) * 10;
		flush_work(&b->work);
		if (!(i % 16))
			cond_resched();
	}
	sort(b->lat_shim, n, sizeof(u64), bench_cmp_u64, NULL);
	sort(b->lat_native, n, sizeof(u64), bench_cmp_u64, NULL);
	s = bench_series(b, BENCH_DISPATCH_P50, ad, 1);
	if (s)
		s->val[b->round] = max_t(u64, b->lat_shim[n / 2], 1);
	s = bench_series(b, BENCH_DISPATCH_P99, ad, 1);
	if (s)
		s->val[b->round] = max_t(u64, b->lat_shim[n * 99 / 100], 1);
	s = bench_series(b, BENCH_QUEUE_WORK_P50, ad, 1);
	if (s)
		s->val[b->round] = max_t(u64, b->lat_native[n / 2], 1);
	s = bench_series(b, BENCH_QUEUE_WORK_P99, ad, 1);
	if (s)
		s->val[b->round] = max_t(u64, b->lat_native[n * 99 / 100], 1);
	return 0;
fail:
	pr_err("%s: AllocateAdapterChannel failed: %#x\n", ad->desc->name, st);
	return -EIO;
}

/* Is size @p on @ad measured in verifier mode too?  The sg28 adapter's small sizes. */
static bool bench_verify_series(struct bench *b, struct bench_adapter *ad, u32 p)
{
	return ad == &b->ad[0] && p <= BENCH_VERIFY_MAX_PAGES;
}

static int bench_round(struct bench *b)
{
	struct bench_adapter *ad;
	unsigned int a, i;
	int ret = 0;
	u32 p;

	for (a = 0; a < BENCH_ADAPTERS && !ret; a++) {
		ad = &b->ad[a];
		for (i = 0; i < b->nsizes && !ret; i++) {
			p = b->sizes[i];
			ret = bench_time(b, BENCH_MAP_TRANSFER, ad, p) ?:
			      bench_time(b, BENCH_MAP_SG, ad, p) ?:
			      bench_time(b, BENCH_GET_SGL, ad, p) ?:
			      bench_time(b, BENCH_BUILD_SGL, ad, p);
			if (!ret && bench_verify_series(b, ad, p))
				ret = bench_time(b, BENCH_MAP_TRANSFER_VERIFY, ad, p) ?:
				      bench_time(b, BENCH_GET_SGL_VERIFY, ad, p);
		}
		if (!ret)
			ret = bench_time(b, BENCH_CYCLE, ad, 1) ?:
			      bench_time(b, BENCH_MAP_PAGE, ad, 1);
		if (!ret && ad->desc->dispatch)
			ret = bench_dispatch(b, ad);
	}
	for (i = 0; i < ARRAY_SIZE(bench_devobjs) && !ret; i++)
		ret = bench_time(b, BENCH_SCALE, NULL, bench_devobjs[i]) ?:
		      bench_time(b, BENCH_SCALE_NATIVE, NULL, bench_devobjs[i]);
	return ret;
}

/* What the profiler looks at: the 1-page paths, shim and native. */
static const struct bench_prof_case {
	const char *what;
	enum bench_kind kind;
} bench_prof_cases[] = {
	{ "map_transfer_page", BENCH_MAP_TRANSFER },
	{ "map_page", BENCH_MAP_PAGE },
	{ "get_sgl", BENCH_GET_SGL },
	{ "map_sg", BENCH_MAP_SG },
	{ "channel_cycle", BENCH_CYCLE },
};

/* Run @c on @ad (calibrated by the rounds) for profile_ns under the profiler. */
static int bench_profile_one(struct bench *b, const struct bench_prof_case *c,
			     struct bench_adapter *ad)
{
	struct bench_series *s = bench_series(b, c->kind, ad, 1);
	u64 end, ns;
	int ret = 0;

	if (!s || !s->ops)
		return -EINVAL;
	bench_prof_start(&b->prof, BENCH_PROF_PERIOD_NS);
	end = ktime_get_ns() + b->profile_ns;
	while (!ret && ktime_get_ns() < end) {
		ret = bench_run(b, s, s->ops, &ns);
		cond_resched();
	}
	bench_prof_stop(&b->prof);
	if (!ret)
		bench_prof_report(&b->prof, config, c->what, ad->desc->name, BENCH_PROF_TOP);
	return ret;
}

static int bench_profile(struct bench *b)
{
	unsigned int a, i;
	int ret = 0;

	for (a = 0; a < BENCH_ADAPTERS && !ret; a++) {
		if (!b->ad[a].desc->sg)
			continue;
		for (i = 0; i < ARRAY_SIZE(bench_prof_cases) && !ret; i++)
			ret = bench_profile_one(b, &bench_prof_cases[i], &b->ad[a]);
	}
	return ret;
}

/* Append @s's per-round values as a JSON array. */
static size_t bench_put_values(struct bench *b, size_t len, const char *key,
			       const struct bench_series *s)
{
	unsigned int r;

	len += scnprintf(b->line + len, BENCH_LINE - len, ",\"%s\":[", key);
	for (r = 0; r < b->rounds; r++)
		len += scnprintf(b->line + len, BENCH_LINE - len, "%s%llu.%llu", r ? "," : "",
				 s->val[r] / 10, s->val[r] % 10);
	return len + scnprintf(b->line + len, BENCH_LINE - len, "]");
}

/* One result line: a shim series against a native one, every round. */
static void bench_print(struct bench *b, const char *m, const char *shim, const char *native,
			enum bench_kind shim_kind, enum bench_kind native_kind,
			struct bench_adapter *ad, u32 size)
{
	struct bench_series *s = bench_series(b, shim_kind, ad, size);
	struct bench_series *n = bench_series(b, native_kind, ad, size);
	size_t len;

	if (!s || !n)
		return;
	len = scnprintf(b->line, BENCH_LINE,
			"{\"config\":\"%s\",\"m\":\"%s\",\"adapter\":\"%s\",\"%s\":%u,",
			config, m, ad ? ad->desc->name : "sg28",
			shim_kind == BENCH_SCALE ? "devobjs" : "pages", size);
	len += scnprintf(b->line + len, BENCH_LINE - len,
			 "\"shim\":\"%s\",\"native\":\"%s\",\"ops\":[%u,%u]",
			 shim, native, s->ops, n->ops);
	len = bench_put_values(b, len, "shim_ns", s);
	len = bench_put_values(b, len, "native_ns", n);
	scnprintf(b->line + len, BENCH_LINE - len, "}");
	pr_info("%s\n", b->line);
}

static void bench_report(struct bench *b)
{
	static const char mt[] = "MapTransfer+FlushAdapterBuffers";
	static const char mt_verify[] = "MapTransfer+FlushAdapterBuffers, verifier mode";
	static const char sgl[] = "GetScatterGatherList+PutScatterGatherList";
	static const char sgl_verify[] = "GetScatterGatherList+PutScatterGatherList, verifier mode";
	static const char map_sg[] = "dma_map_sg+dma_unmap_sg";
	static const char map_page[] = "dma_map_page+dma_unmap_page";
	struct bench_adapter *ad;
	unsigned int a, i;
	u32 p;

	for (a = 0; a < BENCH_ADAPTERS; a++) {
		ad = &b->ad[a];
		for (i = 0; i < b->nsizes; i++) {
			p = b->sizes[i];
			bench_print(b, "map_transfer", mt, map_sg,
				    BENCH_MAP_TRANSFER, BENCH_MAP_SG, ad, p);
		}
		for (i = 0; i < b->nsizes; i++) {
			p = b->sizes[i];
			bench_print(b, "get_sgl", sgl, map_sg, BENCH_GET_SGL, BENCH_MAP_SG, ad, p);
		}
		for (i = 0; i < b->nsizes; i++) {
			p = b->sizes[i];
			bench_print(b, "build_sgl", "BuildScatterGatherList+PutScatterGatherList",
				    map_sg, BENCH_BUILD_SGL, BENCH_MAP_SG, ad, p);
		}
		for (i = 0; i < b->nsizes; i++) {
			p = b->sizes[i];
			if (!bench_verify_series(b, ad, p))
				continue;
			bench_print(b, "map_transfer_verifier", mt_verify, map_sg,
				    BENCH_MAP_TRANSFER_VERIFY, BENCH_MAP_SG, ad, p);
			bench_print(b, "map_transfer_verifier_vs_off", mt_verify, mt,
				    BENCH_MAP_TRANSFER_VERIFY, BENCH_MAP_TRANSFER, ad, p);
			bench_print(b, "get_sgl_verifier", sgl_verify, map_sg,
				    BENCH_GET_SGL_VERIFY, BENCH_MAP_SG, ad, p);
			bench_print(b, "get_sgl_verifier_vs_off", sgl_verify, sgl,
				    BENCH_GET_SGL_VERIFY, BENCH_GET_SGL, ad, p);
		}
		bench_print(b, "map_transfer_page", mt, map_page,
			    BENCH_MAP_TRANSFER, BENCH_MAP_PAGE, ad, 1);
		bench_print(b, "channel_cycle", "AllocateAdapterChannel(1)->DeallocateObject",
			    map_page, BENCH_CYCLE, BENCH_MAP_PAGE, ad, 1);
		if (!ad->desc->dispatch)
			continue;
		bench_print(b, "dispatch_p50", "FreeAdapterChannel->AdapterControl",
			    "queue_work->work", BENCH_DISPATCH_P50, BENCH_QUEUE_WORK_P50, ad, 1);
		bench_print(b, "dispatch_p99", "FreeAdapterChannel->AdapterControl",
			    "queue_work->work", BENCH_DISPATCH_P99, BENCH_QUEUE_WORK_P99, ad, 1);
	}
	for (i = 0; i < ARRAY_SIZE(bench_devobjs); i++)
		bench_print(b, "scaling", "AllocateAdapterChannel+MapTransfer(1 page)",
			    map_page, BENCH_SCALE, BENCH_SCALE_NATIVE, NULL, bench_devobjs[i]);
}

/* Whether a page MapTransfer maps is seen by the device at its RAM address. */
static int bench_probe(struct bench *b, struct bench_adapter *ad)
{
	PDMA_OPERATIONS o = ad->da->DmaOperations;
	PHYSICAL_ADDRESS la;
	ULONG got = PAGE_SIZE;
	PVOID base;
	int ret;

	ret = bench_registers_get(b, ad, 1, &base);
	if (ret)
		return ret;
	la = o->MapTransfer(ad->da, b->mdl, base, b->buf, &got, TRUE);
	if (got)
		o->FlushAdapterBuffers(ad->da, b->mdl, base, b->buf, got, TRUE);
	bench_registers_put(ad, base, 1);
	if (!got) {
		pr_err("%s: MapTransfer of one page failed\n", ad->desc->name);
		return -EIO;
	}
	ad->la_is_phys = la.QuadPart == page_to_phys(b->pages[0]);
	return 0;
}

static int bench_adapters(struct bench *b)
{
	DEVICE_DESCRIPTION d = {
		.Version = DEVICE_DESCRIPTION_VERSION3, .Master = TRUE,
		.InterfaceType = PCIBus, .MaximumLength = b->max_pages * PAGE_SIZE,
	};
	struct bench_adapter *ad;
	ULONG size;
	unsigned int a;
	int ret;

	for (a = 0; a < BENCH_ADAPTERS; a++) {
		ad = &b->ad[a];
		ad->desc = &bench_adapter_descs[a];
		d.ScatterGather = ad->desc->sg;
		d.DmaAddressWidth = ad->desc->width;
		d.Dma32BitAddresses = ad->desc->width >= 32;
		d.Dma64BitAddresses = ad->desc->width > 32;
		ad->da = IoGetDmaAdapter(b->pdo, &d, &ad->nregs);
		if (!ad->da) {
			pr_err("%s: IoGetDmaAdapter failed\n", ad->desc->name);
			return -ENODEV;
		}
		if (ad->nregs < b->max_pages) {
			pr_err("%s: %u map registers, %u needed\n", ad->desc->name, ad->nregs,
			       b->max_pages);
			return -ENOSPC;
		}
		if (ad->da->DmaOperations->CalculateScatterGatherList(ad->da, b->mdl, b->buf,
								      b->max_pages * PAGE_SIZE,
								      &size, NULL))
			return -EIO;
		b->sgl_buf_len = max_t(ULONG, b->sgl_buf_len, size);
		ret = bench_probe(b, ad);
		if (ret)
			return ret;
		pr_info("{\"config\":\"%s\",\"adapter\":\"%s\",\"width\":%u,\"sg\":%s,\"map_registers\":%u,\"la_is_phys\":%s}\n",
			config, ad->desc->name, ad->desc->width, bench_bool(ad->desc->sg),
			ad->nregs, bench_bool(ad->la_is_phys));
	}
	b->sgl_buf = kmalloc(b->sgl_buf_len, GFP_KERNEL);
	return b->sgl_buf ? 0 : -ENOMEM;
}

static const char *bench_iommu(struct device *dev)
{
	struct iommu_domain *dom = iommu_get_domain_for_dev(dev);

	if (!dom)
		return "none";
	return dom->type == IOMMU_DOMAIN_IDENTITY ? "identity" : "translated";
}

static int bench_setup(struct bench *b)
{
	unsigned int i;

	b->pdev = pci_get_device(EDU_VENDOR, EDU_DEVICE, NULL);
	if (!b->pdev) {
		pr_err("no edu device (PCI %04x:%04x)\n", EDU_VENDOR, EDU_DEVICE);
		return -ENODEV;
	}
	b->dev = &b->pdev->dev;
	b->mask = dma_get_mask(b->dev);
	b->coherent_mask = b->dev->coherent_dma_mask;
	b->buf = vzalloc(b->max_pages * PAGE_SIZE);
	b->pages = kvcalloc(b->max_pages, sizeof(*b->pages), GFP_KERNEL);
	b->sg = kvcalloc(b->max_pages, sizeof(*b->sg), GFP_KERNEL);
	b->series = kcalloc(BENCH_MAX_SERIES, sizeof(*b->series), GFP_KERNEL);
	b->lat_shim = kcalloc(b->samples, sizeof(u64), GFP_KERNEL);
	b->lat_native = kcalloc(b->samples, sizeof(u64), GFP_KERNEL);
	b->wq = alloc_workqueue("wdmdma_bench", WQ_HIGHPRI | WQ_MEM_RECLAIM, 0);
	if (!b->buf || !b->pages || !b->sg || !b->series || !b->lat_shim || !b->lat_native ||
	    !b->wq)
		return -ENOMEM;
	for (i = 0; i < b->max_pages; i++)
		b->pages[i] = vmalloc_to_page(b->buf + i * PAGE_SIZE);
	INIT_WORK(&b->work, bench_work_stamp);
	init_completion(&b->work_wait.done);
	init_completion(&b->w.done);
	b->mdl = IoAllocateMdl(b->buf, b->max_pages * PAGE_SIZE, FALSE, FALSE, NULL);
	if (!b->mdl)
		return -ENOMEM;
	MmBuildMdlForNonPagedPool(b->mdl);
	b->pdo = wdmdma_pdo_create(b->dev);
	if (!b->pdo)
		return -ENOMEM;
	for (i = 0; i < BENCH_DEVOBJS; i++)
		if (IoCreateDevice(NULL, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &b->fdo[i]) !=
		    STATUS_SUCCESS)
			return -ENOMEM;
	pr_info("{\"config\":\"%s\",\"begin\":true,\"device\":\"%s\",\"iommu\":\"%s\",\"rounds\":%u,\"quick\":%s,\"cpus\":%u,\"target_us\":%llu,\"samples\":%u,\"max_pages\":%u}\n",
		config, dev_name(b->dev), bench_iommu(b->dev), b->rounds, bench_bool(quick),
		num_online_cpus(), div_u64(b->target_ns, NSEC_PER_USEC), b->samples, b->max_pages);
	return bench_adapters(b);
}

static void bench_teardown(struct bench *b)
{
	unsigned int i;

	for (i = 0; i < BENCH_ADAPTERS; i++)
		if (b->ad[i].da)
			b->ad[i].da->DmaOperations->PutDmaAdapter(b->ad[i].da);
	for (i = 0; i < BENCH_DEVOBJS; i++)
		if (b->fdo[i])
			IoDeleteDevice(b->fdo[i]);
	wdmdma_pdo_destroy(b->pdo);
	if (b->mdl)
		IoFreeMdl(b->mdl);
	if (b->wq)
		destroy_workqueue(b->wq);
	kfree(b->sgl_buf);
	kfree(b->lat_native);
	kfree(b->lat_shim);
	kfree(b->series);
	kvfree(b->sg);
	kvfree(b->pages);
	vfree(b->buf);
	bench_prof_free(&b->prof);
	if (b->pdev) {
		bench_native_end(b, b->mask, b->coherent_mask);
		pci_dev_put(b->pdev);
	}
}

static int __init bench_init(void)
{
	struct bench *b = kzalloc(sizeof(*b), GFP_KERNEL);
	u64 start = ktime_get_ns();
	int ret;

	if (!b)
		return -ENOMEM;
	b->rounds = clamp_t(unsigned int, rounds ?: (quick ? 3 : 9), 1, BENCH_MAX_ROUNDS);
	b->target_ns = (u64)(target_us ?: (quick ? 300 : 10000)) * NSEC_PER_USEC;
	b->samples = clamp_t(unsigned int, samples ?: (quick ? 20 : 200), 2, BENCH_MAX_SAMPLES);
	b->sizes = quick ? bench_quick_sizes : bench_sizes;
	b->nsizes = quick ? ARRAY_SIZE(bench_quick_sizes) : ARRAY_SIZE(bench_sizes);
	b->max_pages = max(b->sizes[b->nsizes - 1], bench_devobjs[ARRAY_SIZE(bench_devobjs) - 1]);
	b->profile_ns = (u64)(profile_ms ?: (quick ? 20 : 300)) * NSEC_PER_MSEC;
	ret = bench_prof_init(&b->prof) ?: bench_setup(b);
	for (b->round = 0; !ret && b->round < b->rounds; b->round++)
		ret = bench_round(b);
	if (!ret)
		ret = bench_profile(b);
	if (!ret) {
		bench_report(b);
		pr_info("{\"config\":\"%s\",\"done\":true,\"series\":%u,\"deferred\":%lu,\"seconds\":%llu}\n",
			config, b->nseries, atomic_long_read(&b->deferred),
			div_u64(ktime_get_ns() - start, NSEC_PER_SEC));
	}
	bench_teardown(b);
	kfree(b);
	return ret;
}

static void __exit bench_exit(void)
{
}

module_init(bench_init);
module_exit(bench_exit);
MODULE_DESCRIPTION("wdmdma: the WDM DMA path against native dma-mapping on the edu device");
MODULE_LICENSE("GPL");
