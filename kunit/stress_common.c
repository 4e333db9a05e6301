// SPDX-License-Identifier: GPL-2.0
/*
 * The wdmdma_stress suite's shared machinery: worker kthreads, adapters and
 * device objects a case owns, and the suite's init and exit.
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

/* The @i-th online CPU, round robin. */
unsigned int stress_cpu(unsigned int i)
{
	unsigned int cpu, n = i % num_online_cpus();

	for_each_online_cpu(cpu)
		if (!n--)
			return cpu;
	return cpumask_first(cpu_online_mask);
}

u32 stress_rand(struct rnd_state *rnd, u32 n)
{
	return n ? prandom_u32_state(rnd) % n : 0;
}

PDMA_ADAPTER stress_adapter(struct kunit *test, bool sg, ULONG maxlen, ULONG *nregs)
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
void stress_put_adapters(struct stress_ctx *c)
{
	unsigned int i;

	for (i = 0; i < c->nda; i++) {
		if (c->da[i])
			c->da[i]->DmaOperations->PutDmaAdapter(c->da[i]);
		c->da[i] = NULL;
	}
	c->nda = 0;
}

PDEVICE_OBJECT stress_devobj(struct kunit *test)
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
void stress_start(struct kunit *test, int (*fn)(void *), void *arg, unsigned int i)
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
void stress_join(struct stress_ctx *c)
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

int stress_init(struct kunit *test)
{
	struct stress_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	if (!c)
		return -ENOMEM;
	test->priv = c;
	wdmdma_target_init(test, &c->t, WDMDMA_TARGET_PLATFORM);
	c->violations = wdmdma_violations(NULL);
	return 0;
}

void stress_exit(struct kunit *test)
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
IO_ALLOCATION_ACTION stress_hold_routine(PDEVICE_OBJECT d, PIRP irp, PVOID base,
					 PVOID ctx)
{
	atomic_inc(ctx);
	return KeepObject;
}

/* Map [va, va + len) of @mdl through @base, piece by piece.  Return: all mapped. */
bool stress_map(PDMA_ADAPTER da, PMDL mdl, PVOID base, u8 *va, u32 len,
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
