// SPDX-License-Identifier: GPL-2.0
/*
 * wdmdma_stress, ordering cases: FIFO order under load, register pressure,
 * and the context routines run in.
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

void stress_fifo_under_load(struct kunit *test)
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
 * to several times NumberOfMapRegisters, each keeping its registers
 * (DeallocateObjectKeepRegisters) and mapping all of them; a thread on
 * another CPU flushes and frees them in random order.  Every routine runs,
 * once.  NumberOfMapRegisters caps each request, not the total: where
 * nothing bounces none waits (each runs in the issuing thread); where
 * mappings bounce they may wait for the bounce reserve.
 */
#define PRESSURE_REQS	32
#define PRESSURE_PAGES	8	/* MaximumLength: nregs = 9 */

enum pressure_err {
	PERR_MAP,
	PERR_FLUSH,
	PERR_ARGS,
	PERR_TIMEOUT,
	PERR_NR
};

static const char * const pressure_err_name[PERR_NR] = {
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

void stress_register_pressure(struct kunit *test)
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
	if (!wdmdma_target_budgeted(&c->t, true, wdmdma_target_is_edu(&c->t) ? 28 : 64))
		KUNIT_EXPECT_EQ_MSG(test, atomic_read(&p->deferred), 0,
				    "a request waited for map registers although nothing bounces");
	KUNIT_EXPECT_EQ(test, atomic_read(&p->held), 0);
	msleep(20);
	for (i = 0; i < PRESSURE_REQS; i++) {
		KUNIT_EXPECT_EQ_MSG(test, p->req[i].status, STATUS_SUCCESS, "request %u", i);
		KUNIT_EXPECT_EQ_MSG(test, atomic_read(&p->req[i].runs), 1, "request %u", i);
	}
	kunit_info(test, "%u registers asked for in all (%d requests queued, %u freed out of several), %u per request, at most %d held\n",
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

void stress_routine_context(struct kunit *test)
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
