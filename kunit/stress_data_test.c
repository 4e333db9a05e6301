// SPDX-License-Identifier: GPL-2.0
/*
 * wdmdma_stress, data cases: packet and scatter/gather requests from
 * kthreads on every CPU with every byte checked on the device side, and
 * one MapRegisterBase misused from two CPUs at once.
 */
#include <linux/bitops.h>
#include <linux/bottom_half.h>
#include <linux/jiffies.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/prandom.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "stress.h"

/*
 * data workload: DATA_THREADS threads, spread over the CPUs, each owning a
 * buffer and two device objects, make random requests one after another:
 *   - packet DMA on a non-S/G or an S/G adapter: AllocateAdapterChannel
 *     (the routine keeps the registers), a MapTransfer loop, the device
 *     reads or writes each piece, FlushAdapterBuffers, FreeMapRegisters;
 *   - GetScatterGatherList or BuildScatterGatherList on a third adapter,
 *     the device reads or writes each element, PutScatterGatherList; at
 *     times behind the thread's own hold of the channel, so it queues.
 * DMA calls are made with bottom halves off (DISPATCH_LEVEL).  Every
 * accepted request's routine runs exactly once, a master without
 * scatter/gather gets the whole range in one piece, every byte arrives,
 * and no misuse is reported.  The caller may inject mapping failures
 * (wdmdma_test_fail_dma_map()): all of that must still hold.
 */
#define DATA_THREADS	4
#define DATA_ITERS	40	/* per thread; through the edu device fewer */
#define DATA_EDU_ITERS	4
#define DATA_PAGES	4	/* each adapter's MaximumLength */
#define DATA_MAX_MS	30000	/* a slow host stops early (reported) */

enum data_err {
	DERR_REFUSED,
	DERR_TIMEOUT,
	DERR_TWICE,
	DERR_MAP,
	DERR_FLUSH,
	DERR_LIST,
	DERR_DATA,
	DERR_NR
};

static const char * const data_err_name[DERR_NR] = {
	[DERR_REFUSED] = "a correct request was refused",
	[DERR_TIMEOUT] = "a routine never ran",
	[DERR_TWICE] = "a routine ran twice",
	[DERR_MAP] = "MapTransfer mapped short, nothing, or beyond the mask",
	[DERR_FLUSH] = "FlushAdapterBuffers failed",
	[DERR_LIST] = "a list does not describe the range",
	[DERR_DATA] = "data did not arrive",
};

struct data_work;

struct data_thread {
	struct data_work *w;
	unsigned int id;
	struct rnd_state rnd;
	PDEVICE_OBJECT devobj, holder;
	u8 *buf, *want, *seen;
	PMDL mdl;
	void *sgbuf;
	ULONG sgsize;
	/* the current request */
	struct completion done;
	struct task_struct *issuer;
	atomic_t runs;
	PVOID base;
	PSCATTER_GATHER_LIST list;
	atomic_t held;
	/* totals */
	atomic_t ran;
	unsigned int accepted, deferred, queued, packets, lists, iters;
	u64 bytes;
	unsigned long errs;
	u64 deadline;
};

struct data_work {
	struct wdmdma_target *t;
	struct mutex dev_lock;		/* the device side: one edu DMA engine */
	PDMA_ADAPTER pkt[2];		/* without and with scatter/gather */
	ULONG pkt_nregs[2];
	PDMA_ADAPTER sgl;
	ULONG sgl_nregs;
	u64 mask;
	unsigned int iters;
	u32 max_len;
	struct data_thread th[DATA_THREADS];
};

static void data_ran(struct data_thread *th)
{
	if (atomic_inc_return(&th->runs) != 1)
		set_bit(DERR_TWICE, &th->errs);
	atomic_inc(&th->ran);
	if (current != th->issuer)
		th->deferred++;
	complete(&th->done);
}

static IO_ALLOCATION_ACTION data_pkt_routine(PDEVICE_OBJECT d, PIRP irp, PVOID base, PVOID ctx)
{
	struct data_thread *th = ctx;

	th->base = base;
	data_ran(th);
	return DeallocateObjectKeepRegisters;
}

static IO_ALLOCATION_ACTION data_hold_routine(PDEVICE_OBJECT d, PIRP irp, PVOID base, PVOID ctx)
{
	struct data_thread *th = ctx;

	atomic_inc(&th->held);
	return KeepObject;
}

static void data_list_routine(PDEVICE_OBJECT d, PIRP irp, PSCATTER_GATHER_LIST list, PVOID ctx)
{
	struct data_thread *th = ctx;

	th->list = list;
	data_ran(th);
}

static void data_begin(struct data_thread *th)
{
	reinit_completion(&th->done);
	atomic_set(&th->runs, 0);
	th->base = NULL;
	th->list = NULL;
	th->issuer = current;
}

static bool data_wait(struct data_thread *th)
{
	if (wait_for_completion_timeout(&th->done, STRESS_WAIT))
		return true;
	set_bit(DERR_TIMEOUT, &th->errs);
	return false;
}

/* A random range of the thread's buffer: *off and *len, at most max_len. */
static void data_range(struct data_thread *th, u32 *off, u32 *len)
{
	*off = stress_rand(&th->rnd, PAGE_SIZE);
	*len = 1 + stress_rand(&th->rnd, th->w->max_len);
}

/* The device side of one piece: read it into @seen, or write @want to it. */
static void data_dev(struct data_thread *th, u64 addr, u32 len, u8 *seen, const u8 *want,
		     bool to_dev)
{
	struct data_work *w = th->w;

	mutex_lock(&w->dev_lock);
	if (to_dev)
		wdmdma_target_dev_read(w->t, addr, seen, len);
	else
		wdmdma_target_dev_write(w->t, addr, want, len);
	mutex_unlock(&w->dev_lock);
}

static void data_prepare(struct data_thread *th, u32 off, u32 len, bool to_dev, u32 seed)
{
	wdmdma_fill(th->buf + off, len, seed);
	wdmdma_fill(th->want, len, seed + 1);
	memset(th->seen, 0, len);
}

static void data_verify(struct data_thread *th, u32 off, u32 len, bool to_dev)
{
	if (memcmp(to_dev ? th->seen : th->buf + off, to_dev ? th->buf + off : th->want, len))
		set_bit(DERR_DATA, &th->errs);
	else
		th->bytes += len;
}

static void data_packet(struct data_thread *th, unsigned int which)
{
	struct data_work *w = th->w;
	PDMA_ADAPTER da = w->pkt[which];
	PDMA_OPERATIONS ops = da->DmaOperations;
	bool sg = which, to_dev = prandom_u32_state(&th->rnd) & 1;
	u32 off, len, done, regs;
	PHYSICAL_ADDRESS a;
	NTSTATUS st;
	ULONG got;
	BOOLEAN ok;
	u8 *va;

	data_range(th, &off, &len);
	va = th->buf + off;
	regs = ADDRESS_AND_SIZE_TO_SPAN_PAGES(va, len);
	data_prepare(th, off, len, to_dev, th->id * 1000 + th->iters);
	data_begin(th);
	local_bh_disable();
	st = ops->AllocateAdapterChannel(da, th->devobj, regs, data_pkt_routine, th);
	local_bh_enable();
	if (st != STATUS_SUCCESS) {
		set_bit(DERR_REFUSED, &th->errs);
		return;
	}
	th->accepted++;
	if (!data_wait(th))
		return;
	for (done = 0; done < len; done += got) {
		got = len - done;
		local_bh_disable();
		a = ops->MapTransfer(da, th->mdl, th->base, va + done, &got, to_dev);
		local_bh_enable();
		if (!got || got > len - done || (!sg && got != len) ||
		    (u64)a.QuadPart + got - 1 > w->mask) {
			set_bit(DERR_MAP, &th->errs);
			break;
		}
		data_dev(th, a.QuadPart, got, th->seen + done, th->want + done, to_dev);
	}
	local_bh_disable();
	ok = done && ops->FlushAdapterBuffers(da, th->mdl, th->base, va, len, to_dev);
	local_bh_enable();
	if (!ok)
		set_bit(DERR_FLUSH, &th->errs);
	if (done == len)
		data_verify(th, off, len, to_dev);
	local_bh_disable();
	ops->FreeMapRegisters(da, th->base, regs);
	local_bh_enable();
	th->packets++;
}

static void data_list(struct data_thread *th, bool build)
{
	struct data_work *w = th->w;
	PDMA_ADAPTER da = w->sgl;
	PDMA_OPERATIONS ops = da->DmaOperations;
	bool to_dev = prandom_u32_state(&th->rnd) & 1;
	bool hold = !stress_rand(&th->rnd, 3);
	u32 off, len, i, done = 0;
	ULONG size = 0;
	NTSTATUS st;
	u8 *va;

	data_range(th, &off, &len);
	va = th->buf + off;
	data_prepare(th, off, len, to_dev, th->id * 1000 + th->iters);
	if (build &&
	    (ops->CalculateScatterGatherList(da, th->mdl, va, len, &size, NULL) != STATUS_SUCCESS ||
	     size > th->sgsize)) {
		set_bit(DERR_LIST, &th->errs);
		return;
	}
	if (hold) {
		/* take the channel first: the request below has to wait for it */
		local_bh_disable();
		st = ops->AllocateAdapterChannel(da, th->holder, 0, data_hold_routine, th);
		local_bh_enable();
		if (st != STATUS_SUCCESS)
			set_bit(DERR_REFUSED, &th->errs);
		hold = st == STATUS_SUCCESS;
	}
	data_begin(th);
	local_bh_disable();
	if (build)
		st = ops->BuildScatterGatherList(da, th->devobj, th->mdl, va, len,
						 data_list_routine, th, to_dev, th->sgbuf, size);
	else
		st = ops->GetScatterGatherList(da, th->devobj, th->mdl, va, len,
					       data_list_routine, th, to_dev);
	local_bh_enable();
	if (hold) {
		unsigned long end = jiffies + STRESS_WAIT;

		/* the holder may have queued behind another thread's hold */
		while (!atomic_read(&th->held) && time_before(jiffies, end))
			usleep_range(50, 100);
		if (!atomic_read(&th->held)) {
			set_bit(DERR_TIMEOUT, &th->errs);
			return;
		}
		if (!atomic_read(&th->runs))
			th->queued++;
		udelay(stress_rand(&th->rnd, 300));
		atomic_dec(&th->held);
		local_bh_disable();
		ops->FreeAdapterChannel(da);
		local_bh_enable();
	}
	if (st != STATUS_SUCCESS) {
		set_bit(DERR_REFUSED, &th->errs);
		return;
	}
	th->accepted++;
	if (!data_wait(th))
		return;
	for (i = 0; i < th->list->NumberOfElements; i++) {
		SCATTER_GATHER_ELEMENT *e = &th->list->Elements[i];

		if (!e->Length || done + e->Length > len ||
		    (u64)e->Address.QuadPart + e->Length - 1 > w->mask) {
			set_bit(DERR_LIST, &th->errs);
			break;
		}
		data_dev(th, e->Address.QuadPart, e->Length, th->seen + done, th->want + done,
			 to_dev);
		done += e->Length;
	}
	if (done != len)
		set_bit(DERR_LIST, &th->errs);
	local_bh_disable();
	ops->PutScatterGatherList(da, th->list, to_dev);
	local_bh_enable();
	if (done == len)
		data_verify(th, off, len, to_dev);
	th->lists++;
}

static int data_thread_fn(void *arg)
{
	struct data_thread *th = arg;

	for (; th->iters < th->w->iters && ktime_get_ns() < th->deadline; th->iters++) {
		switch (stress_rand(&th->rnd, 4)) {
		case 0:
		case 1:
			data_packet(th, th->iters & 1);
			break;
		case 2:
			data_list(th, false);
			break;
		default:
			data_list(th, true);
			break;
		}
		if (th->errs & (BIT(DERR_TIMEOUT) | BIT(DERR_REFUSED)))
			break;
	}
	return 0;
}

void stress_data_workload(struct kunit *test)
{
	struct stress_ctx *c = test->priv;
	struct data_work *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	unsigned int i, k, accepted = 0, ran = 0, deferred = 0, queued = 0;
	unsigned int packets = 0, lists = 0, iters = 0;
	bool edu = wdmdma_target_is_edu(&c->t);
	unsigned long errs = 0, before = wdmdma_violations(NULL);
	u64 bytes = 0;
	ktime_t start;

	KUNIT_ASSERT_NOT_NULL(test, w);
	w->t = &c->t;
	mutex_init(&w->dev_lock);
	w->pkt[0] = stress_adapter(test, false, DATA_PAGES * PAGE_SIZE, &w->pkt_nregs[0]);
	w->pkt[1] = stress_adapter(test, true, DATA_PAGES * PAGE_SIZE, &w->pkt_nregs[1]);
	w->sgl = stress_adapter(test, true, DATA_PAGES * PAGE_SIZE, &w->sgl_nregs);
	w->mask = c->mask;
	/* through the edu device each 2 KiB costs two 100 ms DMAs */
	w->iters = edu ? DATA_EDU_ITERS : DATA_ITERS;
	w->max_len = edu ? PAGE_SIZE : (DATA_PAGES - 1) * PAGE_SIZE;
	for (i = 0; i < DATA_THREADS; i++) {
		struct data_thread *th = &w->th[i];

		th->w = w;
		th->id = i;
		prandom_seed_state(&th->rnd, 0x44415441ULL + i);
		init_completion(&th->done);
		th->devobj = stress_devobj(test);
		th->holder = stress_devobj(test);
		th->buf = wdmdma_test_buf(test, DATA_PAGES * PAGE_SIZE, true);
		th->mdl = wdmdma_test_mdl(test, th->buf, DATA_PAGES * PAGE_SIZE);
		th->want = kunit_kmalloc(test, DATA_PAGES * PAGE_SIZE, GFP_KERNEL);
		th->seen = kunit_kmalloc(test, DATA_PAGES * PAGE_SIZE, GFP_KERNEL);
		th->sgsize = offsetof(SCATTER_GATHER_LIST, Elements) +
			     (DATA_PAGES + 1) * sizeof(SCATTER_GATHER_ELEMENT);
		th->sgbuf = kunit_kzalloc(test, th->sgsize, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, th->want);
		KUNIT_ASSERT_NOT_NULL(test, th->seen);
		KUNIT_ASSERT_NOT_NULL(test, th->sgbuf);
	}

	start = ktime_get();
	for (i = 0; i < DATA_THREADS; i++) {
		w->th[i].deadline = ktime_to_ns(start) + DATA_MAX_MS * NSEC_PER_MSEC;
		stress_start(test, data_thread_fn, &w->th[i], i);
	}
	stress_join(c);

	msleep(50);	/* a routine running late or twice would show now */
	for (i = 0; i < DATA_THREADS; i++) {
		struct data_thread *th = &w->th[i];

		accepted += th->accepted;
		ran += atomic_read(&th->ran);
		deferred += th->deferred;
		queued += th->queued;
		packets += th->packets;
		lists += th->lists;
		iters += th->iters;
		bytes += th->bytes;
		errs |= th->errs;
	}
	kunit_info(test, "%u iterations%s: %u packet and %u list requests (%u queued behind a held channel, %u run deferred), %llu bytes checked, in %lld ms\n",
		   iters, iters < DATA_THREADS * w->iters ? " (time cap)" : "", packets, lists,
		   queued, deferred, bytes, ktime_ms_delta(ktime_get(), start));
	for_each_set_bit(k, &errs, DERR_NR)
		KUNIT_FAIL(test, "%s", data_err_name[k]);
	KUNIT_EXPECT_EQ(test, ran, accepted);
	KUNIT_EXPECT_EQ(test, packets + lists, accepted);
	KUNIT_EXPECT_GT(test, bytes, 0);
	stress_put_adapters(c);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before);
}

/* The workload as it is: nothing injected. */
void stress_data(struct kunit *test)
{
	stress_data_workload(test);
}

/*
 * shared_base: a driver bug -- one MapRegisterBase used from two CPUs at
 * once: MapTransfer and FlushAdapterBuffers loop on one while
 * FreeMapRegisters frees the registers on the other.  The use after the
 * free is reported, nothing is unmapped twice (DMA-API debug would say),
 * nothing crashes; afterwards the adapter works as before.
 */
#define SHARED_ROUNDS	24
#define SHARED_AFTER	16	/* calls made after the free was seen */
#define SHARED_MAX	4000

struct shared {
	PDMA_ADAPTER da;
	PMDL mdl;
	u8 *buf;
	u32 len, regs;
	PVOID base;
	struct rnd_state rnd;
	struct completion go, granted;
	atomic_t freed;
	unsigned int calls, after;
};

static int shared_user(void *arg)
{
	struct shared *s = arg;
	PDMA_OPERATIONS ops = s->da->DmaOperations;
	unsigned int i, after = 0;

	wait_for_completion(&s->go);
	for (i = 0; i < SHARED_MAX && after < SHARED_AFTER; i++) {
		ULONG got = s->len;

		if (atomic_read(&s->freed))
			after++;
		local_bh_disable();
		ops->MapTransfer(s->da, s->mdl, s->base, s->buf, &got, TRUE);
		if (got)
			ops->FlushAdapterBuffers(s->da, s->mdl, s->base, s->buf, s->len, TRUE);
		local_bh_enable();
		s->calls++;
		if (!(i % 16))
			cond_resched();
	}
	s->after += after;
	return 0;
}

static int shared_freer(void *arg)
{
	struct shared *s = arg;

	wait_for_completion(&s->go);
	udelay(stress_rand(&s->rnd, 400));
	local_bh_disable();
	s->da->DmaOperations->FreeMapRegisters(s->da, s->base, s->regs);
	local_bh_enable();
	atomic_set(&s->freed, 1);
	return 0;
}

static IO_ALLOCATION_ACTION shared_routine(PDEVICE_OBJECT d, PIRP irp, PVOID base, PVOID ctx)
{
	struct shared *s = ctx;

	s->base = base;
	complete(&s->granted);
	return DeallocateObjectKeepRegisters;
}

/* Registers for the whole range, kept by the routine. */
static void shared_regs(struct kunit *test, struct shared *s, PDEVICE_OBJECT devobj)
{
	PDMA_OPERATIONS ops = s->da->DmaOperations;

	s->base = NULL;
	init_completion(&s->granted);
	KUNIT_ASSERT_EQ(test, ops->AllocateAdapterChannel(s->da, devobj, s->regs, shared_routine,
							  s), STATUS_SUCCESS);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&s->granted, STRESS_WAIT), 0);
	KUNIT_ASSERT_NOT_NULL(test, s->base);
}

void stress_shared_base(struct kunit *test)
{
	struct stress_ctx *c = test->priv;
	struct shared *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	PDEVICE_OBJECT devobj;
	PHYSICAL_ADDRESS a;
	unsigned long before;
	unsigned int r;
	ULONG nregs, got;
	u8 *seen;

	KUNIT_ASSERT_NOT_NULL(test, s);
	s->da = stress_adapter(test, true, 4 * PAGE_SIZE, &nregs);
	devobj = stress_devobj(test);
	s->len = 2 * PAGE_SIZE + 100;
	s->buf = wdmdma_test_buf(test, 3 * PAGE_SIZE, true) + 50;
	s->mdl = wdmdma_test_mdl(test, s->buf, s->len);
	s->regs = ADDRESS_AND_SIZE_TO_SPAN_PAGES(s->buf, s->len);
	prandom_seed_state(&s->rnd, 0x53484152ULL);
	wdmdma_fill(s->buf, s->len, 7);
	before = wdmdma_violations(NULL);

	for (r = 0; r < SHARED_ROUNDS; r++) {
		shared_regs(test, s, devobj);
		init_completion(&s->go);
		atomic_set(&s->freed, 0);
		stress_start(test, shared_user, s, r);
		stress_start(test, shared_freer, s, r + 1);
		complete_all(&s->go);
		stress_join(c);
	}
	kunit_info(test, "%u calls, %u after the free, %lu reports\n", s->calls, s->after,
		   wdmdma_violations(NULL) - before);
	KUNIT_EXPECT_GE(test, s->after, SHARED_ROUNDS);
	KUNIT_EXPECT_GE(test, wdmdma_violations(NULL), before + SHARED_ROUNDS);

	/* The adapter still works: a clean transfer, nothing reported. */
	before = wdmdma_violations(NULL);
	seen = kunit_kmalloc(test, s->len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, seen);
	shared_regs(test, s, devobj);
	for (got = 0; got < s->len; ) {
		ULONG l = s->len - got;

		a = s->da->DmaOperations->MapTransfer(s->da, s->mdl, s->base, s->buf + got, &l,
						      TRUE);
		KUNIT_ASSERT_GT(test, l, 0);
		wdmdma_target_dev_read(&c->t, a.QuadPart, seen + got, l);
		got += l;
	}
	KUNIT_EXPECT_EQ(test, memcmp(seen, s->buf, s->len), 0);
	KUNIT_EXPECT_TRUE(test, s->da->DmaOperations->FlushAdapterBuffers(s->da, s->mdl, s->base,
									  s->buf, s->len, TRUE));
	s->da->DmaOperations->FreeMapRegisters(s->da, s->base, s->regs);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before);
}
