// SPDX-License-Identifier: GPL-2.0
/*
 * Concurrency stress: AllocateAdapterChannel() and the AdapterControl
 * routines it runs at once or from the workqueue, FreeAdapterChannel(),
 * FreeMapRegisters(), MapTransfer() and FlushAdapterBuffers(), driven from
 * kthreads bound to every online CPU.  Randomness (fixed seeds) only picks
 * the requests; the interleaving is the machine's.  Every assertion holds
 * for any interleaving: each accepted request's routine runs exactly once,
 * queued requests start in FIFO order, one routine holds a channel at a
 * time, no more map registers are held than the adapter has, routines run
 * at DISPATCH_LEVEL, and a correct driver gets no misuse reported.
 */
#include <linux/atomic.h>
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

#include "suites.h"
#include "target.h"

/* The longest a routine may take to come once it can; then the test fails. */
#define STRESS_WAIT		(10 * HZ)

#define STRESS_MAX_ADAPTERS	8
#define STRESS_MAX_DEVOBJS	48
#define STRESS_MAX_WORKERS	24

/* A kthread of the case; joined by stress_join() or the suite's exit. */
struct stress_worker {
	struct task_struct *task;
	struct completion done;
	int (*fn)(void *arg);
	void *arg;
};

/*
 * What every case owns.  The suite's exit releases it in a safe order:
 * threads first (they use the rest), then adapters (PutDmaAdapter waits
 * for a deferred routine still running), device objects, the target.
 */
struct stress_ctx {
	struct wdmdma_target t;
	PDMA_ADAPTER da[STRESS_MAX_ADAPTERS];
	unsigned int nda;
	PDEVICE_OBJECT devobj[STRESS_MAX_DEVOBJS];
	unsigned int ndevobj;
	struct stress_worker worker[STRESS_MAX_WORKERS];
	unsigned int nworker;
	u64 mask;			/* the device's DMA mask */
	unsigned long violations;	/* wdmdma_violations(NULL) at the start */
};

/* The @i-th online CPU, round robin. */
static unsigned int stress_cpu(unsigned int i)
{
	unsigned int cpu, n = i % num_online_cpus();

	for_each_online_cpu(cpu)
		if (!n--)
			return cpu;
	return cpumask_first(cpu_online_mask);
}

static u32 stress_rand(struct rnd_state *rnd, u32 n)
{
	return n ? prandom_u32_state(rnd) % n : 0;
}

static PDMA_ADAPTER stress_adapter(struct kunit *test, bool sg, ULONG maxlen, ULONG *nregs)
{
	struct stress_ctx *c = test->priv;
	DEVICE_DESCRIPTION d;
	PDMA_ADAPTER da;

	KUNIT_ASSERT_LT(test, c->nda, STRESS_MAX_ADAPTERS);
	wdmdma_target_desc(&c->t, &d, sg, maxlen);
	da = wdmdma_target_adapter(&c->t, &d, nregs);
	c->da[c->nda++] = da;
	c->mask = *c->t.dev->dma_mask;
	return da;
}

/* PutDmaAdapter for every adapter of the case. */
static void stress_put_adapters(struct stress_ctx *c)
{
	unsigned int i;

	for (i = 0; i < c->nda; i++) {
		if (c->da[i])
			c->da[i]->DmaOperations->PutDmaAdapter(c->da[i]);
		c->da[i] = NULL;
	}
	c->nda = 0;
}

static PDEVICE_OBJECT stress_devobj(struct kunit *test)
{
	struct stress_ctx *c = test->priv;
	PDEVICE_OBJECT d;

	KUNIT_ASSERT_LT(test, c->ndevobj, STRESS_MAX_DEVOBJS);
	KUNIT_ASSERT_EQ(test, IoCreateDevice(NULL, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &d),
			STATUS_SUCCESS);
	d->Flags &= ~DO_DEVICE_INITIALIZING;
	c->devobj[c->ndevobj++] = d;
	return d;
}

static int stress_worker_fn(void *arg)
{
	struct stress_worker *w = arg;
	int ret = w->fn(w->arg);

	complete(&w->done);
	return ret;
}

/* Run @fn(@arg) in a kthread bound to the @i-th online CPU. */
static void stress_start(struct kunit *test, int (*fn)(void *), void *arg, unsigned int i)
{
	struct stress_ctx *c = test->priv;
	struct stress_worker *w;
	struct task_struct *task;

	KUNIT_ASSERT_LT(test, c->nworker, STRESS_MAX_WORKERS);
	w = &c->worker[c->nworker];
	init_completion(&w->done);
	w->fn = fn;
	w->arg = arg;
	task = kthread_create(stress_worker_fn, w, "wdmdma-stress/%u", c->nworker);
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	kthread_bind(task, stress_cpu(i));
	get_task_struct(task);
	w->task = task;
	c->nworker++;
	wake_up_process(task);
}

/*
 * Wait for every thread to end.  Their waits are bounded (STRESS_WAIT),
 * so this is too.  Waiting for @done first lets each thread run its
 * function: kthread_stop() before it starts would skip it.
 */
static void stress_join(struct stress_ctx *c)
{
	unsigned int i;

	for (i = 0; i < c->nworker; i++) {
		struct stress_worker *w = &c->worker[i];

		if (!w->task)
			continue;
		wait_for_completion(&w->done);
		kthread_stop(w->task);
		put_task_struct(w->task);
		w->task = NULL;
	}
	c->nworker = 0;
}

static int stress_init(struct kunit *test)
{
	struct stress_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	if (!c)
		return -ENOMEM;
	test->priv = c;
	wdmdma_target_init(test, &c->t, WDMDMA_TARGET_PLATFORM);
	c->violations = wdmdma_violations(NULL);
	return 0;
}

static void stress_exit(struct kunit *test)
{
	struct stress_ctx *c = test->priv;
	unsigned int i;

	if (!c)
		return;
	stress_join(c);
	stress_put_adapters(c);
	for (i = 0; i < c->ndevobj; i++)
		IoDeleteDevice(c->devobj[i]);
	c->ndevobj = 0;
	wdmdma_target_exit(&c->t);
}

/* A routine that keeps the channel and counts its runs. */
static IO_ALLOCATION_ACTION stress_hold_routine(PDEVICE_OBJECT d, PIRP irp, PVOID base,
						PVOID ctx)
{
	atomic_inc(ctx);
	return KeepObject;
}

/* Map [va, va + len) of @mdl through @base, piece by piece.  Return: all mapped. */
static bool stress_map(PDMA_ADAPTER da, PMDL mdl, PVOID base, u8 *va, u32 len,
		       bool to_dev, bool sg, u64 mask)
{
	u32 left = len;

	while (left) {
		ULONG l = left;
		PHYSICAL_ADDRESS pa = da->DmaOperations->MapTransfer(da, mdl, base, va, &l, to_dev);

		/* a master without scatter/gather gets it all in one piece */
		if (!l || l > left || (!sg && l != len) || (u64)pa.QuadPart + l - 1 > mask)
			return false;
		va += l;
		left -= l;
	}
	return true;
}

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
	HERR_BUDGET,		/* more registers held than the adapter has */
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
	[HERR_BUDGET] = "more map registers held than the adapter has",
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
	atomic_t regs;		/* map registers held */
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
	if (atomic_add_return(s->nregs, &ha->regs) > ha->nregs)
		set_bit(HERR_BUDGET, &th->errs);

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

/*
 * fifo_under_load: with the channel held, FIFO_REQS device objects queue
 * requests from kthreads on every CPU, in an order a chain of completions
 * fixes; once the holder releases the channel the routines run in exactly
 * that order, each once, from the workqueue at DISPATCH_LEVEL.  Rounds on
 * a fresh adapter each.
 */
#define FIFO_REQS	16
#define FIFO_ROUNDS	3

struct fifo;

struct fifo_req {
	struct fifo *f;
	unsigned int idx;
	PDEVICE_OBJECT devobj;
	struct task_struct *enqueuer;
	bool enqueued;
	NTSTATUS status;
	/* seen by the routine */
	atomic_t runs;
	int order;
	bool bh_off, irqs_on, other_task;
	KIRQL irql;
};

struct fifo {
	PDMA_ADAPTER da;
	ULONG nregs;
	struct completion turn[FIFO_REQS + 1];
	struct fifo_req req[FIFO_REQS];
	atomic_t order;
	atomic_t ran;
	atomic_t held;
	struct completion all_ran;
};

static IO_ALLOCATION_ACTION fifo_routine(PDEVICE_OBJECT d, PIRP irp, PVOID base, PVOID ctx)
{
	struct fifo_req *r = ctx;
	struct fifo *f = r->f;

	r->order = atomic_inc_return(&f->order);
	r->bh_off = in_softirq();
	r->irqs_on = !irqs_disabled();
	r->irql = KeGetCurrentIrql();
	r->other_task = current != r->enqueuer;
	atomic_inc(&r->runs);
	if (atomic_inc_return(&f->ran) == FIFO_REQS)
		complete(&f->all_ran);
	return DeallocateObject;
}

/* Wait for this request's turn, queue it, pass the turn on. */
static int fifo_enqueue(void *arg)
{
	struct fifo_req *r = arg;
	struct fifo *f = r->f;

	if (wait_for_completion_timeout(&f->turn[r->idx], STRESS_WAIT)) {
		r->enqueuer = current;
		r->status = f->da->DmaOperations->AllocateAdapterChannel(f->da, r->devobj,
				r->idx % (f->nregs + 1), fifo_routine, r);
		r->enqueued = true;
	}
	complete(&f->turn[r->idx + 1]);
	return 0;
}

static void fifo_round(struct kunit *test, struct fifo *f, PDEVICE_OBJECT *devobj,
		       PDEVICE_OBJECT holder)
{
	struct stress_ctx *c = test->priv;
	unsigned int i;
	NTSTATUS st;

	memset(f, 0, sizeof(*f));
	f->da = stress_adapter(test, true, 4 * PAGE_SIZE, &f->nregs);
	init_completion(&f->all_ran);
	for (i = 0; i <= FIFO_REQS; i++)
		init_completion(&f->turn[i]);

	st = f->da->DmaOperations->AllocateAdapterChannel(f->da, holder, 1, stress_hold_routine,
							  &f->held);
	KUNIT_ASSERT_EQ(test, st, STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, atomic_read(&f->held), 1);

	for (i = 0; i < FIFO_REQS; i++) {
		f->req[i].f = f;
		f->req[i].idx = i;
		f->req[i].devobj = devobj[i];
		stress_start(test, fifo_enqueue, &f->req[i], i);
	}
	complete(&f->turn[0]);
	KUNIT_ASSERT_GT(test, wait_for_completion_timeout(&f->turn[FIFO_REQS], STRESS_WAIT), 0);
	stress_join(c);
	msleep(20);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->ran), 0);

	f->da->DmaOperations->FreeAdapterChannel(f->da);
	KUNIT_ASSERT_GT_MSG(test, wait_for_completion_timeout(&f->all_ran, STRESS_WAIT), 0,
			    "%d of %d routines ran", atomic_read(&f->ran), FIFO_REQS);
	msleep(20);
	for (i = 0; i < FIFO_REQS; i++) {
		struct fifo_req *r = &f->req[i];

		KUNIT_EXPECT_TRUE_MSG(test, r->enqueued, "request %u", i);
		KUNIT_EXPECT_EQ_MSG(test, r->status, STATUS_SUCCESS, "request %u", i);
		KUNIT_EXPECT_EQ_MSG(test, atomic_read(&r->runs), 1, "request %u", i);
		KUNIT_EXPECT_EQ_MSG(test, r->order, i + 1, "request %u", i);
		KUNIT_EXPECT_TRUE_MSG(test, r->bh_off, "request %u", i);
		KUNIT_EXPECT_TRUE_MSG(test, r->irqs_on, "request %u", i);
		KUNIT_EXPECT_EQ_MSG(test, r->irql, DISPATCH_LEVEL, "request %u", i);
		KUNIT_EXPECT_TRUE_MSG(test, r->other_task, "request %u", i);
	}
	/* Waits for the last routine to be done with the adapter. */
	stress_put_adapters(c);
}

static void stress_fifo_under_load(struct kunit *test)
{
	struct stress_ctx *c = test->priv;
	struct fifo *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	PDEVICE_OBJECT devobj[FIFO_REQS], holder;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, f);
	holder = stress_devobj(test);
	for (i = 0; i < FIFO_REQS; i++)
		devobj[i] = stress_devobj(test);
	/* After PutDmaAdapter the device objects are idle: reused each round. */
	for (i = 0; i < FIFO_ROUNDS; i++)
		fifo_round(test, f, devobj, holder);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), c->violations);
}

/*
 * register_pressure: PRESSURE_REQS requests whose register counts add up
 * to several times the budget, each keeping its registers
 * (DeallocateObjectKeepRegisters) and mapping all of them; a thread on
 * another CPU flushes and frees them in random order, fragmenting the
 * registers.  Every routine runs, once, and never are more registers held
 * than the adapter has.
 */
#define PRESSURE_REQS	32
#define PRESSURE_PAGES	8	/* MaximumLength: nregs = 9 */

enum pressure_err {
	PERR_BUDGET,
	PERR_MAP,
	PERR_FLUSH,
	PERR_ARGS,
	PERR_TIMEOUT,
	PERR_NR
};

static const char * const pressure_err_name[PERR_NR] = {
	[PERR_BUDGET] = "more map registers held than the adapter has",
	[PERR_MAP] = "MapTransfer failed",
	[PERR_FLUSH] = "FlushAdapterBuffers failed",
	[PERR_ARGS] = "routine got a wrong MapRegisterBase",
	[PERR_TIMEOUT] = "a routine never ran",
};

struct pressure;

struct pressure_req {
	struct pressure *p;
	PDEVICE_OBJECT devobj;
	ULONG nregs;
	u8 *buf;
	PMDL mdl;
	NTSTATUS status;
	atomic_t runs;
	PVOID base;
	bool mapped;
};

struct pressure {
	PDMA_ADAPTER da;
	ULONG nregs;
	u64 mask;
	struct rnd_state rnd;		/* the issuer's */
	struct rnd_state free_rnd;	/* the freer's */
	struct task_struct *issuer;
	atomic_t held, max_held, ran, deferred;
	unsigned long errs;
	spinlock_t lock;		/* guards kept, nkept */
	struct pressure_req *kept[PRESSURE_REQS];
	unsigned int nkept;
	unsigned int freed, picks;	/* picks: frees chosen among several */
	wait_queue_head_t wq;
	struct pressure_req req[PRESSURE_REQS];
};

static IO_ALLOCATION_ACTION pressure_routine(PDEVICE_OBJECT d, PIRP irp, PVOID base,
					     PVOID ctx)
{
	struct pressure_req *r = ctx;
	struct pressure *p = r->p;
	int held = atomic_add_return(r->nregs, &p->held);
	int max = atomic_read(&p->max_held);

	while (held > max && !atomic_try_cmpxchg(&p->max_held, &max, held))
		;
	if (held > p->nregs)
		set_bit(PERR_BUDGET, &p->errs);
	if (d != r->devobj || !base != !r->nregs)
		set_bit(PERR_ARGS, &p->errs);
	r->base = base;
	/* Every register of the allocation carries a mapping. */
	if (r->nregs) {
		r->mapped = true;
		if (!stress_map(p->da, r->mdl, base, r->buf, r->nregs * PAGE_SIZE, true, true,
				p->mask))
			set_bit(PERR_MAP, &p->errs);
	}
	if (current != p->issuer)
		atomic_inc(&p->deferred);
	atomic_inc(&r->runs);
	atomic_inc(&p->ran);
	spin_lock(&p->lock);
	p->kept[p->nkept++] = r;
	spin_unlock(&p->lock);
	wake_up(&p->wq);
	return DeallocateObjectKeepRegisters;
}

static int pressure_issue(void *arg)
{
	struct pressure *p = arg;
	unsigned int i;

	p->issuer = current;
	for (i = 0; i < PRESSURE_REQS; i++) {
		struct pressure_req *r = &p->req[i];

		r->status = p->da->DmaOperations->AllocateAdapterChannel(p->da, r->devobj,
				r->nregs, pressure_routine, r);
		udelay(stress_rand(&p->rnd, 200));
	}
	return 0;
}

/* Flush and free what the routines kept, picking at random among them. */
static int pressure_free(void *arg)
{
	struct pressure *p = arg;
	struct pressure_req *r;
	unsigned int i;

	while (p->freed < PRESSURE_REQS) {
		if (!wait_event_timeout(p->wq, READ_ONCE(p->nkept), STRESS_WAIT)) {
			set_bit(PERR_TIMEOUT, &p->errs);
			break;
		}
		/* let a few pile up: freed out of order */
		usleep_range(50, 150);
		spin_lock_bh(&p->lock);
		if (p->nkept > 1)
			p->picks++;
		i = stress_rand(&p->free_rnd, p->nkept);
		r = p->kept[i];
		p->kept[i] = p->kept[--p->nkept];
		spin_unlock_bh(&p->lock);

		if (r->mapped &&
		    !p->da->DmaOperations->FlushAdapterBuffers(p->da, r->mdl, r->base, r->buf,
							       r->nregs * PAGE_SIZE, true))
			set_bit(PERR_FLUSH, &p->errs);
		atomic_sub(r->nregs, &p->held);
		p->da->DmaOperations->FreeMapRegisters(p->da, r->base, r->nregs);
		p->freed++;
	}
	return 0;
}

static void stress_register_pressure(struct kunit *test)
{
	struct stress_ctx *c = test->priv;
	struct pressure *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	unsigned int i, k, total = 0;

	KUNIT_ASSERT_NOT_NULL(test, p);
	p->da = stress_adapter(test, true, PRESSURE_PAGES * PAGE_SIZE, &p->nregs);
	KUNIT_ASSERT_EQ(test, p->nregs, PRESSURE_PAGES + 1);
	p->mask = c->mask;
	spin_lock_init(&p->lock);
	init_waitqueue_head(&p->wq);
	prandom_seed_state(&p->rnd, 0x50524553ULL);
	prandom_seed_state(&p->free_rnd, 0x46524545ULL);
	for (i = 0; i < PRESSURE_REQS; i++) {
		struct pressure_req *r = &p->req[i];

		r->p = p;
		r->devobj = stress_devobj(test);
		/* every fourth asks for all registers, one in eight for none */
		if (i % 4 == 3)
			r->nregs = p->nregs;
		else if (i % 8 == 5)
			r->nregs = 0;
		else
			r->nregs = 1 + stress_rand(&p->rnd, p->nregs / 2);
		total += r->nregs;
		r->buf = wdmdma_test_buf(test, p->nregs * PAGE_SIZE, true);
		r->mdl = wdmdma_test_mdl(test, r->buf, p->nregs * PAGE_SIZE);
	}
	KUNIT_ASSERT_GT(test, total, 3 * p->nregs);

	stress_start(test, pressure_free, p, 1);
	stress_start(test, pressure_issue, p, 0);
	stress_join(c);

	for_each_set_bit(k, &p->errs, PERR_NR)
		KUNIT_FAIL(test, "%s", pressure_err_name[k]);
	KUNIT_EXPECT_EQ(test, p->freed, PRESSURE_REQS);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->ran), PRESSURE_REQS);
	KUNIT_EXPECT_LE(test, atomic_read(&p->max_held), p->nregs);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->held), 0);
	msleep(20);
	for (i = 0; i < PRESSURE_REQS; i++) {
		KUNIT_EXPECT_EQ_MSG(test, p->req[i].status, STATUS_SUCCESS, "request %u", i);
		KUNIT_EXPECT_EQ_MSG(test, atomic_read(&p->req[i].runs), 1, "request %u", i);
	}
	kunit_info(test, "%u registers asked for in all (%d requests queued, %u freed out of several), budget %u, at most %d held\n",
		   total, atomic_read(&p->deferred), p->picks, p->nregs,
		   atomic_read(&p->max_held));
	stress_put_adapters(c);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), c->violations);
}

/*
 * routine_context: on every CPU, a routine run at once (in the caller) and
 * one run from the workqueue both see bottom halves disabled, interrupts
 * enabled and DISPATCH_LEVEL; an AllocateAdapterChannel from inside either
 * is refused and reported, its routine never runs, and it leaves its
 * device object free to ask again.
 */
#define CTX_MAX_CPUS	8

struct ctx_req {
	struct task_struct *caller;
	PDMA_ADAPTER nest_da;
	PDEVICE_OBJECT nest_devobj;
	atomic_t *never;
	struct completion done;
	/* seen by the routine */
	atomic_t runs;
	bool bh_off, irqs_on, deferred;
	KIRQL irql;
	NTSTATUS nest_status;
};

struct ctx_cpu {
	PDMA_ADAPTER da;
	PDEVICE_OBJECT now_devobj, hold_devobj, later_devobj, nest_devobj;
	atomic_t *never;
	struct ctx_req now, later;
	atomic_t held;
	NTSTATUS now_status, hold_status, later_status;
	bool later_queued, later_ran;
};

struct ctx_test {
	struct ctx_cpu cpu;
	atomic_t never;		/* runs of routines that must never run */
	atomic_t again;		/* runs of the requests made afterwards */
};

static IO_ALLOCATION_ACTION ctx_count_routine(PDEVICE_OBJECT d, PIRP irp, PVOID base, PVOID ctx)
{
	atomic_inc(ctx);
	return DeallocateObject;
}

static IO_ALLOCATION_ACTION ctx_routine(PDEVICE_OBJECT d, PIRP irp, PVOID base, PVOID ctx)
{
	struct ctx_req *r = ctx;

	r->bh_off = in_softirq();
	r->irqs_on = !irqs_disabled();
	r->irql = KeGetCurrentIrql();
	r->deferred = current != r->caller;
	r->nest_status = r->nest_da->DmaOperations->AllocateAdapterChannel(r->nest_da,
			r->nest_devobj, 0, ctx_count_routine, r->never);
	atomic_inc(&r->runs);
	complete(&r->done);
	return DeallocateObject;
}

static void ctx_req_init(struct ctx_req *r, struct ctx_cpu *cc)
{
	r->caller = current;
	r->nest_da = cc->da;
	r->nest_devobj = cc->nest_devobj;
	r->never = cc->never;
	init_completion(&r->done);
}

static int ctx_on_cpu(void *arg)
{
	struct ctx_cpu *cc = arg;
	PDMA_OPERATIONS ops = cc->da->DmaOperations;

	/* The channel is free: the routine runs in this thread, at once. */
	ctx_req_init(&cc->now, cc);
	cc->now_status = ops->AllocateAdapterChannel(cc->da, cc->now_devobj, 1, ctx_routine,
						     &cc->now);

	/* Behind a holder: queued, run from the workqueue once it lets go. */
	cc->hold_status = ops->AllocateAdapterChannel(cc->da, cc->hold_devobj, 0,
						      stress_hold_routine, &cc->held);
	ctx_req_init(&cc->later, cc);
	cc->later_status = ops->AllocateAdapterChannel(cc->da, cc->later_devobj, 1, ctx_routine,
						       &cc->later);
	cc->later_queued = !atomic_read(&cc->later.runs);
	if (atomic_read(&cc->held) == 1)
		ops->FreeAdapterChannel(cc->da);
	cc->later_ran = wait_for_completion_timeout(&cc->later.done, STRESS_WAIT);
	return 0;
}

static void ctx_expect(struct kunit *test, struct ctx_req *r, bool deferred, unsigned int cpu)
{
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&r->runs), 1, "CPU %u", cpu);
	KUNIT_EXPECT_EQ_MSG(test, r->deferred, deferred, "CPU %u", cpu);
	KUNIT_EXPECT_TRUE_MSG(test, r->bh_off, "CPU %u", cpu);
	KUNIT_EXPECT_TRUE_MSG(test, r->irqs_on, "CPU %u", cpu);
	KUNIT_EXPECT_EQ_MSG(test, r->irql, DISPATCH_LEVEL, "CPU %u", cpu);
	KUNIT_EXPECT_NE_MSG(test, r->nest_status, STATUS_SUCCESS, "CPU %u", cpu);
}

static void stress_routine_context(struct kunit *test)
{
	struct stress_ctx *c = test->priv;
	struct ctx_test *x = kunit_kzalloc(test, sizeof(*x), GFP_KERNEL);
	unsigned int i, n = min_t(unsigned int, num_online_cpus(), CTX_MAX_CPUS);
	struct ctx_cpu *cc;
	PDMA_ADAPTER da;
	NTSTATUS st;
	ULONG nregs;

	KUNIT_ASSERT_NOT_NULL(test, x);
	cc = &x->cpu;
	for (i = 0; i < n; i++) {
		memset(cc, 0, sizeof(*cc));
		cc->da = stress_adapter(test, true, 2 * PAGE_SIZE, &nregs);
		cc->now_devobj = stress_devobj(test);
		cc->hold_devobj = stress_devobj(test);
		cc->later_devobj = stress_devobj(test);
		cc->nest_devobj = stress_devobj(test);
		cc->never = &x->never;
		stress_start(test, ctx_on_cpu, cc, i);
		stress_join(c);

		KUNIT_EXPECT_EQ_MSG(test, cc->now_status, STATUS_SUCCESS, "CPU %u", i);
		ctx_expect(test, &cc->now, false, i);
		KUNIT_EXPECT_EQ_MSG(test, cc->hold_status, STATUS_SUCCESS, "CPU %u", i);
		KUNIT_EXPECT_EQ_MSG(test, atomic_read(&cc->held), 1, "CPU %u", i);
		KUNIT_EXPECT_EQ_MSG(test, cc->later_status, STATUS_SUCCESS, "CPU %u", i);
		KUNIT_EXPECT_TRUE_MSG(test, cc->later_queued, "CPU %u", i);
		KUNIT_ASSERT_TRUE_MSG(test, cc->later_ran, "CPU %u: queued routine never ran", i);
		ctx_expect(test, &cc->later, true, i);
		/* exactly the two nested calls were reported */
		KUNIT_EXPECT_EQ_MSG(test, wdmdma_violations(NULL), c->violations + 2 * (i + 1),
				    "CPU %u", i);
		stress_put_adapters(c);

		/* The refused requests left no request pending for the device object. */
		da = stress_adapter(test, true, 2 * PAGE_SIZE, &nregs);
		st = da->DmaOperations->AllocateAdapterChannel(da, cc->nest_devobj, 0,
							       ctx_count_routine, &x->again);
		KUNIT_EXPECT_EQ(test, st, STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, atomic_read(&x->again), i + 1);
		stress_put_adapters(c);
	}
	msleep(20);
	KUNIT_EXPECT_EQ(test, atomic_read(&x->never), 0);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), c->violations + 2 * n);
}

static struct kunit_case stress_cases[] = {
	KUNIT_CASE(stress_hammer),
	KUNIT_CASE(stress_fifo_under_load),
	KUNIT_CASE(stress_register_pressure),
	KUNIT_CASE(stress_routine_context),
	{}
};

struct kunit_suite wdmdma_stress_suite = {
	.name = "wdmdma_stress",
	.init = stress_init,
	.exit = stress_exit,
	.test_cases = stress_cases,
};
