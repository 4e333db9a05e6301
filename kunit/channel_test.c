// SPDX-License-Identifier: GPL-2.0
/*
 * AllocateAdapterChannel(), the AdapterControl routine and what its
 * IO_ALLOCATION_ACTION keeps, FreeAdapterChannel() and FreeMapRegisters():
 * immediate versus queued requests, FIFO order, map registers as a
 * per-request cap (waited for only where mappings bounce),
 * CurrentIrp, and the misuse Driver Verifier catches.
 */
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/sched.h>

#include "suites.h"
#include "target.h"

/* A request and what its routine saw. */
struct chan_req {
	struct completion done;
	atomic_t runs;
	IO_ALLOCATION_ACTION action;
	struct task_struct *caller;
	atomic_t *seq;
	/* seen by the routine */
	PDEVICE_OBJECT devobj;
	PIRP irp;
	PVOID base;
	bool bh_off, irqs_on, deferred;
	KIRQL irql;
	int order;
	/* a nested AllocateAdapterChannel from inside the routine */
	PDMA_ADAPTER nest_da;
	PDEVICE_OBJECT nest_devobj;
	NTSTATUS nest_status;
};

struct chan_ctx {
	struct wdmdma_target t;
	PDMA_ADAPTER da;
	PDMA_OPERATIONS ops;
	ULONG nregs;
	atomic_t seq;
	struct chan_req req[6];		/* off the stack: KASAN makes frames big */
	IRP irp[2];
};

static IO_ALLOCATION_ACTION chan_never_routine(PDEVICE_OBJECT d, PIRP irp, PVOID base, PVOID ctx)
{
	atomic_inc(ctx);
	return DeallocateObject;
}

static IO_ALLOCATION_ACTION chan_routine(PDEVICE_OBJECT d, PIRP irp, PVOID base, PVOID ctx)
{
	struct chan_req *r = ctx;
	atomic_t never = ATOMIC_INIT(0);
	IO_ALLOCATION_ACTION action;

	r->devobj = d;
	r->irp = irp;
	r->base = base;
	r->bh_off = in_softirq();
	r->irqs_on = !irqs_disabled();
	r->deferred = current != r->caller;
	r->irql = KeGetCurrentIrql();
	r->order = atomic_inc_return(r->seq);
	if (r->nest_da) {
		r->nest_status = r->nest_da->DmaOperations->AllocateAdapterChannel(r->nest_da,
				r->nest_devobj, 0, chan_never_routine, &never);
		WARN_ON_ONCE(atomic_read(&never));
	}
	action = r->action;	/* @r may be reused once done */
	atomic_inc(&r->runs);
	complete(&r->done);
	return action;
}

static void req_init(struct chan_ctx *c, struct chan_req *r, IO_ALLOCATION_ACTION action)
{
	memset(r, 0, sizeof(*r));
	init_completion(&r->done);
	r->action = action;
	r->caller = current;
	r->seq = &c->seq;
}

static NTSTATUS req_submit(struct chan_ctx *c, struct chan_req *r, int fdo, ULONG n)
{
	return c->ops->AllocateAdapterChannel(c->da, c->t.fdo[fdo], n, chan_routine, r);
}

/* Wait for a queued routine; a timeout fails the test instead of hanging it. */
static void req_wait(struct kunit *test, struct chan_req *r)
{
	KUNIT_ASSERT_GT_MSG(test, wait_for_completion_timeout(&r->done, 10 * HZ), 0,
			    "routine never ran");
}

/* A routine that must not run yet has not run, even given a moment. */
static void req_not_run(struct kunit *test, struct chan_req *r)
{
	msleep(30);
	KUNIT_EXPECT_EQ(test, atomic_read(&r->runs), 0);
}

static int chan_init(struct kunit *test)
{
	struct chan_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	DEVICE_DESCRIPTION d;

	if (!c)
		return -ENOMEM;
	test->priv = c;
	wdmdma_target_init(test, &c->t, WDMDMA_TARGET_PLATFORM);
	wdmdma_target_desc(&c->t, &d, TRUE, 4 * PAGE_SIZE);
	c->da = wdmdma_target_adapter(&c->t, &d, &c->nregs);
	c->ops = c->da->DmaOperations;
	KUNIT_ASSERT_EQ(test, c->nregs, 5);
	return 0;
}

static void chan_exit(struct kunit *test)
{
	struct chan_ctx *c = test->priv;

	if (!c)
		return;
	if (c->da)
		c->ops->PutDmaAdapter(c->da);
	wdmdma_target_exit(&c->t);
}

/* More registers than IoGetDmaAdapter allowed: refused, routine never runs. */
static void chan_insufficient(struct kunit *test)
{
	struct chan_ctx *c = test->priv;
	struct chan_req *r = &c->req[0];

	req_init(c, r, DeallocateObject);
	KUNIT_EXPECT_EQ(test, req_submit(c, r, 0, c->nregs + 1), STATUS_INSUFFICIENT_RESOURCES);
	req_not_run(test, r);
	/* the limit itself is fine */
	KUNIT_EXPECT_EQ(test, req_submit(c, r, 0, c->nregs), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&r->runs), 1);
}

/*
 * Channel and registers free: the routine runs before the call returns, at
 * DISPATCH_LEVEL (bottom halves off, interrupts on), with the device
 * object, its CurrentIrp, a MapRegisterBase (NULL for no registers) and
 * the context.
 */
static void chan_immediate(struct kunit *test)
{
	struct chan_ctx *c = test->priv;
	struct chan_req *r = &c->req[0];

	c->t.fdo[0]->CurrentIrp = &c->irp[0];
	req_init(c, r, DeallocateObject);
	KUNIT_ASSERT_EQ(test, req_submit(c, r, 0, 3), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&r->runs), 1);
	KUNIT_EXPECT_FALSE(test, r->deferred);
	KUNIT_EXPECT_PTR_EQ(test, r->devobj, c->t.fdo[0]);
	KUNIT_EXPECT_PTR_EQ(test, r->irp, &c->irp[0]);
	KUNIT_EXPECT_NOT_NULL(test, r->base);
	KUNIT_EXPECT_TRUE(test, r->bh_off);
	KUNIT_EXPECT_TRUE(test, r->irqs_on);
	KUNIT_EXPECT_EQ(test, r->irql, DISPATCH_LEVEL);
	KUNIT_EXPECT_FALSE(test, in_softirq());		/* restored after */

	req_init(c, r, DeallocateObject);
	KUNIT_ASSERT_EQ(test, req_submit(c, r, 1, 0), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&r->runs), 1);
	KUNIT_EXPECT_NULL(test, r->base);
	c->t.fdo[0]->CurrentIrp = NULL;
}

/*
 * While the channel is held, requests queue and run in FIFO order, each
 * once, from the workqueue at DISPATCH_LEVEL, as soon as it is released.
 */
static void chan_fifo(struct kunit *test)
{
	struct chan_ctx *c = test->priv;
	struct chan_req *hold = &c->req[0], *q = &c->req[1];
	int i;

	req_init(c, hold, KeepObject);
	KUNIT_ASSERT_EQ(test, req_submit(c, hold, 0, 1), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, atomic_read(&hold->runs), 1);
	for (i = 0; i < 3; i++) {
		req_init(c, &q[i], DeallocateObject);
		KUNIT_ASSERT_EQ(test, req_submit(c, &q[i], i + 1, 1), STATUS_SUCCESS);
	}
	req_not_run(test, &q[0]);
	c->ops->FreeAdapterChannel(c->da);
	for (i = 0; i < 3; i++) {
		req_wait(test, &q[i]);
		KUNIT_EXPECT_EQ(test, q[i].order, hold->order + 1 + i);
		KUNIT_EXPECT_TRUE(test, q[i].deferred);
		KUNIT_EXPECT_TRUE(test, q[i].bh_off);
		KUNIT_EXPECT_EQ(test, q[i].irql, DISPATCH_LEVEL);
		KUNIT_EXPECT_PTR_EQ(test, q[i].devobj, c->t.fdo[i + 1]);
	}
	msleep(20);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, atomic_read(&q[i].runs), 1);
}

/*
 * KeepObject keeps channel and registers: FreeAdapterChannel releases
 * both, so afterwards a request for every register runs.  (It may queue
 * for a moment: the deferred routine that just signalled may still be
 * returning.)
 */
static void chan_keep_object(struct kunit *test)
{
	struct chan_ctx *c = test->priv;
	struct chan_req *hold = &c->req[0], *next = &c->req[1], *all = &c->req[2];

	req_init(c, hold, KeepObject);
	KUNIT_ASSERT_EQ(test, req_submit(c, hold, 0, c->nregs), STATUS_SUCCESS);
	req_init(c, next, DeallocateObject);
	KUNIT_ASSERT_EQ(test, req_submit(c, next, 1, 0), STATUS_SUCCESS);
	req_not_run(test, next);
	c->ops->FreeAdapterChannel(c->da);
	req_wait(test, next);
	req_init(c, all, DeallocateObject);
	KUNIT_ASSERT_EQ(test, req_submit(c, all, 2, c->nregs), STATUS_SUCCESS);
	req_wait(test, all);
	KUNIT_EXPECT_NOT_NULL(test, all->base);
}

/* DeallocateObject releases channel and registers when the routine returns. */
static void chan_deallocate_object(struct kunit *test)
{
	struct chan_ctx *c = test->priv;
	struct chan_req *a = &c->req[0], *b = &c->req[1];

	req_init(c, a, DeallocateObject);
	KUNIT_ASSERT_EQ(test, req_submit(c, a, 0, c->nregs), STATUS_SUCCESS);
	req_init(c, b, DeallocateObject);
	KUNIT_ASSERT_EQ(test, req_submit(c, b, 1, c->nregs), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&b->runs), 1);
	KUNIT_EXPECT_FALSE(test, b->deferred);
}

/*
 * Where nothing bounces, map registers are no budget: NumberOfMapRegisters
 * only caps one request.  Where mappings can bounce they are the
 * adapter's bounce reserve, which may grow: a request may wait for
 * registers then, and runs as soon as they come back.
 */
static bool chan_budgeted(struct chan_ctx *c)
{
	return wdmdma_target_budgeted(&c->t, true, wdmdma_target_is_edu(&c->t) ? 28 : 64);
}

/*
 * DeallocateObjectKeepRegisters releases the channel only: a request for
 * no registers runs at once.  One needing registers runs at once too
 * where nothing bounces; where they are a bounce reserve it may wait (FIFO:
 * so does everything behind it) until FreeMapRegisters.
 */
static void chan_keep_registers(struct kunit *test)
{
	struct chan_ctx *c = test->priv;
	struct chan_req *a = &c->req[0], *none = &c->req[1], *one = &c->req[2], *after = &c->req[3];

	req_init(c, a, DeallocateObjectKeepRegisters);
	KUNIT_ASSERT_EQ(test, req_submit(c, a, 0, c->nregs), STATUS_SUCCESS);
	KUNIT_ASSERT_NOT_NULL(test, a->base);
	req_init(c, none, DeallocateObject);
	KUNIT_ASSERT_EQ(test, req_submit(c, none, 1, 0), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&none->runs), 1);
	req_init(c, one, DeallocateObjectKeepRegisters);
	KUNIT_ASSERT_EQ(test, req_submit(c, one, 2, 1), STATUS_SUCCESS);
	req_init(c, after, DeallocateObject);
	KUNIT_ASSERT_EQ(test, req_submit(c, after, 3, 0), STATUS_SUCCESS);
	if (!chan_budgeted(c)) {
		KUNIT_EXPECT_EQ(test, atomic_read(&one->runs), 1);
		KUNIT_EXPECT_EQ(test, atomic_read(&after->runs), 1);
		KUNIT_EXPECT_FALSE(test, one->deferred);
	}

	c->ops->FreeMapRegisters(c->da, a->base, c->nregs);
	req_wait(test, one);
	req_wait(test, after);
	KUNIT_EXPECT_LT(test, one->order, after->order);
	KUNIT_EXPECT_NOT_NULL(test, one->base);
	KUNIT_EXPECT_PTR_NE(test, one->base, a->base);
	c->ops->FreeMapRegisters(c->da, one->base, 1);
}

/*
 * Kept registers: where nothing bounces, requests that together ask for
 * more than NumberOfMapRegisters all run at once; where they are a bounce
 * reserve, one may wait, and runs once enough come back.
 */
static void chan_register_budget(struct kunit *test)
{
	struct chan_ctx *c = test->priv;
	struct chan_req *a = &c->req[0], *b = &c->req[1], *big = &c->req[2];

	req_init(c, a, DeallocateObjectKeepRegisters);
	KUNIT_ASSERT_EQ(test, req_submit(c, a, 0, 2), STATUS_SUCCESS);
	req_init(c, b, DeallocateObjectKeepRegisters);
	KUNIT_ASSERT_EQ(test, req_submit(c, b, 1, 2), STATUS_SUCCESS);
	req_init(c, big, DeallocateObject);
	KUNIT_ASSERT_EQ(test, req_submit(c, big, 2, 3), STATUS_SUCCESS);
	if (!chan_budgeted(c)) {
		KUNIT_EXPECT_EQ(test, atomic_read(&b->runs), 1);
		KUNIT_EXPECT_EQ(test, atomic_read(&big->runs), 1);
		KUNIT_EXPECT_FALSE(test, big->deferred);
	}
	req_wait(test, a);
	req_wait(test, b);
	KUNIT_EXPECT_PTR_NE(test, a->base, b->base);
	c->ops->FreeMapRegisters(c->da, a->base, 2);
	c->ops->FreeMapRegisters(c->da, b->base, 2);
	req_wait(test, big);
	KUNIT_EXPECT_NOT_NULL(test, big->base);
}

/* The routine gets the CurrentIrp of the moment AllocateAdapterChannel was called. */
static void chan_current_irp(struct kunit *test)
{
	struct chan_ctx *c = test->priv;
	struct chan_req *hold = &c->req[0], *r = &c->req[1];

	req_init(c, hold, KeepObject);
	KUNIT_ASSERT_EQ(test, req_submit(c, hold, 0, 0), STATUS_SUCCESS);
	c->t.fdo[1]->CurrentIrp = &c->irp[0];
	req_init(c, r, DeallocateObject);
	KUNIT_ASSERT_EQ(test, req_submit(c, r, 1, 0), STATUS_SUCCESS);
	c->t.fdo[1]->CurrentIrp = &c->irp[1];
	c->ops->FreeAdapterChannel(c->da);
	req_wait(test, r);
	KUNIT_EXPECT_PTR_EQ(test, r->irp, &c->irp[0]);
	c->t.fdo[1]->CurrentIrp = NULL;
}

/*
 * One request per device object until its routine has run: a second is
 * refused and reported, and the first still runs exactly once.  A device
 * object holding the channel (KeepObject) cannot ask again either.
 */
static void chan_double_request(struct kunit *test)
{
	struct chan_ctx *c = test->priv;
	struct chan_req *hold = &c->req[0], *first = &c->req[1];
	struct chan_req *second = &c->req[2], *again = &c->req[3];
	unsigned long before;

	req_init(c, hold, KeepObject);
	KUNIT_ASSERT_EQ(test, req_submit(c, hold, 0, 0), STATUS_SUCCESS);
	req_init(c, first, DeallocateObject);
	KUNIT_ASSERT_EQ(test, req_submit(c, first, 1, 0), STATUS_SUCCESS);

	before = wdmdma_violations(c->da);
	req_init(c, second, DeallocateObject);
	KUNIT_EXPECT_EQ(test, req_submit(c, second, 1, 0), STATUS_DEVICE_BUSY);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(c->da), before + 1);
	req_init(c, again, DeallocateObject);
	KUNIT_EXPECT_EQ(test, req_submit(c, again, 0, 0), STATUS_DEVICE_BUSY);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(c->da), before + 2);

	c->ops->FreeAdapterChannel(c->da);
	req_wait(test, first);
	msleep(20);
	KUNIT_EXPECT_EQ(test, atomic_read(&first->runs), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&second->runs), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&again->runs), 0);

	/* once the routine has run, the device object may ask again */
	req_init(c, second, DeallocateObject);
	KUNIT_EXPECT_EQ(test, req_submit(c, second, 1, 0), STATUS_SUCCESS);
	req_wait(test, second);
}

/* AllocateAdapterChannel from inside an AdapterControl routine is refused. */
static void chan_from_routine(struct kunit *test)
{
	struct chan_ctx *c = test->priv;
	struct chan_req *now = &c->req[0], *hold = &c->req[1], *later = &c->req[2];
	unsigned long before = wdmdma_violations(NULL);

	req_init(c, now, DeallocateObject);
	now->nest_da = c->da;
	now->nest_devobj = c->t.fdo[1];
	KUNIT_ASSERT_EQ(test, req_submit(c, now, 0, 0), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, now->nest_status, STATUS_INVALID_DEVICE_STATE);

	/* the same from a deferred routine */
	req_init(c, hold, KeepObject);
	KUNIT_ASSERT_EQ(test, req_submit(c, hold, 2, 0), STATUS_SUCCESS);
	req_init(c, later, DeallocateObject);
	later->nest_da = c->da;
	later->nest_devobj = c->t.fdo[1];
	KUNIT_ASSERT_EQ(test, req_submit(c, later, 0, 0), STATUS_SUCCESS);
	c->ops->FreeAdapterChannel(c->da);
	req_wait(test, later);
	KUNIT_EXPECT_TRUE(test, later->deferred);
	KUNIT_EXPECT_EQ(test, later->nest_status, STATUS_INVALID_DEVICE_STATE);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 2);
}

/*
 * Freeing what is not held is reported and harmless: FreeAdapterChannel
 * with no channel, FreeMapRegisters twice, with a made-up base or a wrong
 * count (the whole allocation is freed), NULL with registers.  NULL with
 * zero registers is legal.  An unknown IO_ALLOCATION_ACTION is reported
 * and taken as DeallocateObjectKeepRegisters.
 */
static void chan_free_misuse(struct kunit *test)
{
	struct chan_ctx *c = test->priv;
	unsigned long before = wdmdma_violations(c->da);
	struct chan_req *a = &c->req[0], *b = &c->req[1];
	u8 junk[32];

	c->ops->FreeAdapterChannel(c->da);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(c->da), before + 1);

	req_init(c, a, DeallocateObjectKeepRegisters);
	KUNIT_ASSERT_EQ(test, req_submit(c, a, 0, 2), STATUS_SUCCESS);
	c->ops->FreeMapRegisters(c->da, junk, 2);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(c->da), before + 2);
	c->ops->FreeMapRegisters(c->da, (u8 *)a->base + 1, 2);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(c->da), before + 3);
	c->ops->FreeMapRegisters(c->da, a->base, 1);	/* wrong count: all freed */
	KUNIT_EXPECT_EQ(test, wdmdma_violations(c->da), before + 4);
	c->ops->FreeMapRegisters(c->da, a->base, 2);	/* twice */
	KUNIT_EXPECT_EQ(test, wdmdma_violations(c->da), before + 5);
	c->ops->FreeMapRegisters(c->da, NULL, 0);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(c->da), before + 5);
	c->ops->FreeMapRegisters(c->da, NULL, 3);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(c->da), before + 6);

	req_init(c, a, (IO_ALLOCATION_ACTION)42);
	KUNIT_ASSERT_EQ(test, req_submit(c, a, 0, c->nregs), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(c->da), before + 7);
	req_init(c, b, DeallocateObject);
	KUNIT_ASSERT_EQ(test, req_submit(c, b, 1, 0), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, atomic_read(&b->runs), 1);		/* channel was released */
	c->ops->FreeMapRegisters(c->da, a->base, c->nregs);	/* registers were kept */
	KUNIT_EXPECT_EQ(test, wdmdma_violations(c->da), before + 7);

	KUNIT_EXPECT_EQ(test, c->ops->AllocateAdapterChannel(c->da, NULL, 0, chan_routine, b),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, c->ops->AllocateAdapterChannel(c->da, c->t.fdo[0], 0, NULL, NULL),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, c->ops->AllocateAdapterChannel(NULL, c->t.fdo[0], 0, chan_routine,
							     b), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(c->da), before + 9);
}

/*
 * IoDeleteDevice of a device object whose request waits: the request is
 * dropped (reported), never run, and the queue goes on.
 */
static void chan_delete_waiting(struct kunit *test)
{
	struct chan_ctx *c = test->priv;
	struct chan_req *hold = &c->req[0], *gone = &c->req[1], *next = &c->req[2];
	PDEVICE_OBJECT d;

	KUNIT_ASSERT_EQ(test, IoCreateDevice(NULL, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &d),
			STATUS_SUCCESS);
	req_init(c, hold, KeepObject);
	KUNIT_ASSERT_EQ(test, req_submit(c, hold, 0, 0), STATUS_SUCCESS);
	req_init(c, gone, DeallocateObject);
	KUNIT_ASSERT_EQ(test, c->ops->AllocateAdapterChannel(c->da, d, 0, chan_routine, gone),
			STATUS_SUCCESS);
	req_init(c, next, DeallocateObject);
	KUNIT_ASSERT_EQ(test, req_submit(c, next, 1, 0), STATUS_SUCCESS);
	IoDeleteDevice(d);
	c->ops->FreeAdapterChannel(c->da);
	req_wait(test, next);
	KUNIT_EXPECT_EQ(test, atomic_read(&gone->runs), 0);
}

static struct kunit_case channel_cases[] = {
	KUNIT_CASE(chan_insufficient),
	KUNIT_CASE(chan_immediate),
	KUNIT_CASE(chan_fifo),
	KUNIT_CASE(chan_keep_object),
	KUNIT_CASE(chan_deallocate_object),
	KUNIT_CASE(chan_keep_registers),
	KUNIT_CASE(chan_register_budget),
	KUNIT_CASE(chan_current_irp),
	KUNIT_CASE(chan_double_request),
	KUNIT_CASE(chan_from_routine),
	KUNIT_CASE(chan_free_misuse),
	KUNIT_CASE(chan_delete_waiting),
	{}
};

struct kunit_suite wdmdma_channel_suite = {
	.name = "wdmdma_channel",
	.init = chan_init,
	.exit = chan_exit,
	.test_cases = channel_cases,
};
