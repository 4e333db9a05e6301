// SPDX-License-Identifier: GPL-2.0
/*
 * Concurrency stress: AllocateAdapterChannel() and the AdapterControl
 * routines it runs at once or from the workqueue, FreeAdapterChannel(),
 * FreeMapRegisters(), MapTransfer() and FlushAdapterBuffers(), driven from
 * kthreads bound to every online CPU.  Randomness (fixed seeds) only picks
 * the requests; the interleaving is the machine's.  Every assertion holds
 * for any interleaving: each accepted request's routine runs exactly once,
 * queued requests start in FIFO order, one routine holds a channel at a
 * time, routines run at DISPATCH_LEVEL, and a correct driver gets no
 * misuse reported.  (Map registers cap each request, not what the adapter
 * holds in all: kept allocations may add up to more.)
 */
#include <linux/bitops.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/prandom.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/wait.h>

#include "stress.h"

/*
 * hammer: HAMMER_THREADS threads, each owning HAMMER_SLOTS device objects,
 * make random requests on HAMMER_ADAPTERS adapters of one device: registers
 * 0..nregs, any IO_ALLOCATION_ACTION, a small buffer mapped through the
 * MapRegisterBase and flushed in the routine or later by the thread.  A
 * thread releases what a routine kept as soon as it sees the routine ran,
 * so it never waits while holding anything: any hang is wdmdma's.
 */
#define HAMMER_ADAPTERS	3
#define HAMMER_THREADS	4
#define HAMMER_SLOTS	2
#define HAMMER_ITERS	1000	/* per thread: 2 to 5 s in all under TCG */
#define HAMMER_MAX_MS	5000	/* a slow host stops early (reported) */
#define HAMMER_SPIN_NS	20000	/* a thread spins this long before sleeping */

enum hammer_err {
	HERR_STRAY,		/* a routine ran with no request outstanding */
	HERR_ARGS,		/* wrong device object, Irp or MapRegisterBase */
	HERR_CONTEXT,		/* not DISPATCH_LEVEL with interrupts on */
	HERR_EXCLUSIVE,		/* two routines held one channel */
	HERR_MAP,		/* MapTransfer mapped short or outside the mask */
	HERR_FLUSH,		/* FlushAdapterBuffers failed */
	HERR_REFUSED,		/* a correct request was refused */
	HERR_TIMEOUT,		/* an accepted request's routine never ran */
	HERR_NR
};

static const char * const hammer_err_name[HERR_NR] = {
	[HERR_STRAY] = "routine ran for no outstanding request",
	[HERR_ARGS] = "routine got a wrong argument",
	[HERR_CONTEXT] = "routine not at DISPATCH_LEVEL",
	[HERR_EXCLUSIVE] = "two routines held one channel",
	[HERR_MAP] = "MapTransfer failed",
	[HERR_FLUSH] = "FlushAdapterBuffers failed",
	[HERR_REFUSED] = "AllocateAdapterChannel refused a correct request",
	[HERR_TIMEOUT] = "a routine never ran",
};

static const IO_ALLOCATION_ACTION hammer_actions[] = {
	KeepObject, DeallocateObject, DeallocateObjectKeepRegisters,
};

struct hammer_adapter {
	PDMA_ADAPTER da;
	ULONG nregs;
	bool sg;
	u64 mask;
	atomic_t chan;		/* routines holding the channel: 0 or 1 */
	atomic_t regs;		/* map registers held: 0 at the end */
};

struct hammer_thread;

/* A device object and its one request. */
struct hammer_slot {
	struct hammer_thread *th;
	PDEVICE_OBJECT devobj;
	IRP irp[2];
	u8 *buf;
	PMDL mdl;
	/* the request: written before AllocateAdapterChannel */
	struct hammer_adapter *ha;
	struct task_struct *issuer;
	u32 seq;
	ULONG nregs;
	IO_ALLOCATION_ACTION action;
	u32 off, len;		/* what is mapped: buf + off; len 0 for nothing */
	bool to_dev, flush_late;
	atomic_t pending;	/* seq of the outstanding request; 0 when none */
	/* the routine's part */
	PVOID base;
	bool mapped;
	bool ran;		/* routine ran; what it kept is not released */
	bool busy;		/* accepted, not yet released (thread only) */
};

struct hammer_thread {
	struct hammer *h;
	unsigned int id;
	struct rnd_state rnd;
	wait_queue_head_t wq;
	struct hammer_slot slot[HAMMER_SLOTS];
	unsigned long errs;
	u32 count;
	unsigned int iters, accepted, pairs;
	u64 deadline;			/* ktime_get_ns() to stop at */
	atomic_t ran, deferred;
};

struct hammer {
	struct hammer_adapter ad[HAMMER_ADAPTERS];
	struct hammer_thread th[HAMMER_THREADS];
};

static void hammer_flush(struct hammer_slot *s)
{
	PDMA_ADAPTER da = s->ha->da;

	if (!s->mapped)
		return;
	if (!da->DmaOperations->FlushAdapterBuffers(da, s->mdl, s->base, s->buf + s->off,
						    s->len, s->to_dev))
		set_bit(HERR_FLUSH, &s->th->errs);
	s->mapped = false;
}

static IO_ALLOCATION_ACTION hammer_routine(PDEVICE_OBJECT d, PIRP irp, PVOID base, PVOID ctx)
{
	struct hammer_slot *s = ctx;
	struct hammer_thread *th = s->th;
	struct hammer_adapter *ha;
	IO_ALLOCATION_ACTION action;
	u32 seq = atomic_xchg(&s->pending, 0);

	if (!seq) {
		set_bit(HERR_STRAY, &th->errs);
		return DeallocateObject;
	}
	ha = s->ha;
	action = s->action;
	if (d != s->devobj || irp != &s->irp[seq & 1] || !base != !s->nregs)
		set_bit(HERR_ARGS, &th->errs);
	if (!in_softirq() || irqs_disabled() || KeGetCurrentIrql() != DISPATCH_LEVEL)
		set_bit(HERR_CONTEXT, &th->errs);
	if (current != s->issuer)
		atomic_inc(&th->deferred);
	if (atomic_inc_return(&ha->chan) != 1)
		set_bit(HERR_EXCLUSIVE, &th->errs);
	atomic_add(s->nregs, &ha->regs);

	s->base = base;
	if (s->len) {
		s->mapped = true;
		if (!stress_map(ha->da, s->mdl, base, s->buf + s->off, s->len, s->to_dev,
				ha->sg, ha->mask))
			set_bit(HERR_MAP, &th->errs);
		if (!s->flush_late)
			hammer_flush(s);
	}

	/* What is released when the routine returns: never counted after. */
	if (action != KeepObject)
		atomic_dec(&ha->chan);
	if (action == DeallocateObject)
		atomic_sub(s->nregs, &ha->regs);
	atomic_inc(&th->ran);
	/* Pairs with the thread's acquire: it sees base and mapped as set here. */
	smp_store_release(&s->ran, true);
	wake_up(&th->wq);
	return action;
}

static void hammer_issue(struct hammer_thread *th, struct hammer_slot *s)
{
	struct hammer_adapter *ha = &th->h->ad[stress_rand(&th->rnd, HAMMER_ADAPTERS)];
	u32 r = prandom_u32_state(&th->rnd);
	u32 span;
	NTSTATUS st;

	s->ha = ha;
	s->seq = (th->id + 1) << 24 | (++th->count & 0xffffff);
	s->nregs = stress_rand(&th->rnd, ha->nregs + 1);
	s->action = hammer_actions[stress_rand(&th->rnd, ARRAY_SIZE(hammer_actions))];
	s->to_dev = r & 1;
	s->flush_late = (r & 2) && s->action != DeallocateObject;
	/* Map 1 or 2 pages' worth, never more pages than registers; or nothing. */
	s->off = 0;
	s->len = 0;
	span = min_t(u32, s->nregs, 2);
	if (span && (r & 12)) {
		s->off = stress_rand(&th->rnd, PAGE_SIZE);
		s->len = 1 + stress_rand(&th->rnd, span * PAGE_SIZE - s->off);
	}
	s->base = NULL;
	s->mapped = false;
	s->ran = false;
	s->issuer = current;
	s->devobj->CurrentIrp = &s->irp[s->seq & 1];
	atomic_set(&s->pending, s->seq);

	st = ha->da->DmaOperations->AllocateAdapterChannel(ha->da, s->devobj, s->nregs,
							   hammer_routine, s);
	if (st != STATUS_SUCCESS) {
		set_bit(HERR_REFUSED, &th->errs);
		atomic_set(&s->pending, 0);
		return;
	}
	th->accepted++;
	s->busy = true;
}

/* Release what the routine of @s kept. */
static void hammer_release(struct hammer_slot *s)
{
	struct hammer_adapter *ha = s->ha;
	PDMA_OPERATIONS ops = ha->da->DmaOperations;

	hammer_flush(s);
	switch (s->action) {
	case KeepObject:
		atomic_sub(s->nregs, &ha->regs);
		atomic_dec(&ha->chan);
		ops->FreeAdapterChannel(ha->da);
		break;
	case DeallocateObjectKeepRegisters:
		atomic_sub(s->nregs, &ha->regs);
		ops->FreeMapRegisters(ha->da, s->base, s->nregs);
		break;
	default:
		break;
	}
	s->ran = false;
	s->busy = false;
}

static bool hammer_any_ran(struct hammer_thread *th)
{
	unsigned int i;

	for (i = 0; i < HAMMER_SLOTS; i++) {
		struct hammer_slot *s = &th->slot[i];

		/* Pairs with the routine's release of ran. */
		if (s->busy && smp_load_acquire(&s->ran))
			return true;
	}
	return false;
}

/* Release each request as its routine runs, until none is outstanding. */
static bool hammer_reap(struct hammer_thread *th)
{
	unsigned int i;
	bool busy;
	u64 until;

	for (;;) {
		busy = false;
		for (i = 0; i < HAMMER_SLOTS; i++) {
			struct hammer_slot *s = &th->slot[i];

			if (!s->busy)
				continue;
			/* Pairs with the routine's release: its writes to s are seen. */
			if (smp_load_acquire(&s->ran))
				hammer_release(s);
			else
				busy = true;
		}
		if (!busy)
			return true;
		/* React at once, as a DPC on another CPU would. */
		until = ktime_get_ns() + HAMMER_SPIN_NS;
		while (!hammer_any_ran(th) && ktime_get_ns() < until)
			cpu_relax();
		if (!wait_event_timeout(th->wq, hammer_any_ran(th), STRESS_WAIT)) {
			set_bit(HERR_TIMEOUT, &th->errs);
			return false;
		}
	}
}

static int hammer_thread_fn(void *arg)
{
	struct hammer_thread *th = arg;
	unsigned int i, first;

	for (i = 0; i < HAMMER_ITERS && ktime_get_ns() < th->deadline; i++) {
		first = i % HAMMER_SLOTS;
		hammer_issue(th, &th->slot[first]);
		/* at times a second request in flight, maybe on the same adapter */
		if (!stress_rand(&th->rnd, 3)) {
			hammer_issue(th, &th->slot[!first]);
			th->pairs++;
		}
		if (!hammer_reap(th))
			break;
		th->iters++;
	}
	return 0;
}

static void stress_hammer(struct kunit *test)
{
	static const struct { bool sg; ULONG pages; } desc[HAMMER_ADAPTERS] = {
		{ true, 8 }, { false, 4 }, { true, 2 },
	};
	struct stress_ctx *c = test->priv;
	struct hammer *h = kunit_kzalloc(test, sizeof(*h), GFP_KERNEL);
	unsigned int i, j, k, accepted = 0, ran = 0, deferred = 0, pairs = 0, iters = 0;
	unsigned long errs = 0;
	ktime_t start;

	KUNIT_ASSERT_NOT_NULL(test, h);
	for (i = 0; i < HAMMER_ADAPTERS; i++) {
		struct hammer_adapter *ha = &h->ad[i];

		ha->da = stress_adapter(test, desc[i].sg, desc[i].pages * PAGE_SIZE, &ha->nregs);
		ha->sg = desc[i].sg;
		ha->mask = c->mask;
		KUNIT_ASSERT_GE(test, ha->nregs, 2);
	}
	for (i = 0; i < HAMMER_THREADS; i++) {
		struct hammer_thread *th = &h->th[i];

		th->h = h;
		th->id = i;
		prandom_seed_state(&th->rnd, 0x57444d41ULL + i);
		init_waitqueue_head(&th->wq);
		for (j = 0; j < HAMMER_SLOTS; j++) {
			struct hammer_slot *s = &th->slot[j];

			s->th = th;
			s->devobj = stress_devobj(test);
			s->buf = wdmdma_test_buf(test, 3 * PAGE_SIZE, j);
			s->mdl = wdmdma_test_mdl(test, s->buf, 3 * PAGE_SIZE);
		}
	}

	start = ktime_get();
	for (i = 0; i < HAMMER_THREADS; i++) {
		h->th[i].deadline = ktime_to_ns(start) + HAMMER_MAX_MS * NSEC_PER_MSEC;
		stress_start(test, hammer_thread_fn, &h->th[i], i);
	}
	stress_join(c);

	for (i = 0; i < HAMMER_THREADS; i++) {
		struct hammer_thread *th = &h->th[i];

		accepted += th->accepted;
		ran += atomic_read(&th->ran);
		deferred += atomic_read(&th->deferred);
		pairs += th->pairs;
		iters += th->iters;
		errs |= th->errs;
	}
	kunit_info(test, "%u iterations%s: %u requests (%u deferred, %u pairs in flight) in %lld ms\n",
		   iters, iters < HAMMER_THREADS * HAMMER_ITERS ? " (time cap)" : "",
		   accepted, deferred, pairs, ktime_ms_delta(ktime_get(), start));
	for_each_set_bit(k, &errs, HERR_NR)
		KUNIT_FAIL(test, "%s", hammer_err_name[k]);
	KUNIT_EXPECT_EQ(test, ran, accepted);
	KUNIT_EXPECT_EQ(test, accepted, iters + pairs);

	/* No routine runs late, or twice; nothing is left held. */
	msleep(50);
	for (ran = 0, i = 0; i < HAMMER_THREADS; i++) {
		ran += atomic_read(&h->th[i].ran);
		for (j = 0; j < HAMMER_SLOTS; j++)
			KUNIT_EXPECT_EQ(test, atomic_read(&h->th[i].slot[j].pending), 0);
	}
	KUNIT_EXPECT_EQ(test, ran, accepted);
	for (i = 0; i < HAMMER_ADAPTERS; i++) {
		KUNIT_EXPECT_EQ(test, atomic_read(&h->ad[i].chan), 0);
		KUNIT_EXPECT_EQ(test, atomic_read(&h->ad[i].regs), 0);
	}

	/* PutDmaAdapter finds nothing left over; no misuse was reported. */
	stress_put_adapters(c);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), c->violations);
}

static struct kunit_case stress_cases[] = {
	KUNIT_CASE(stress_hammer),
	KUNIT_CASE(stress_fifo_under_load),
	KUNIT_CASE(stress_register_pressure),
	KUNIT_CASE(stress_routine_context),
	KUNIT_CASE(stress_data),
	KUNIT_CASE(stress_shared_base),
	{}
};

struct kunit_suite wdmdma_stress_suite = {
	.name = "wdmdma_stress",
	.init = stress_init,
	.exit = stress_exit,
	.test_cases = stress_cases,
};
