/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the wdmdma_stress suite's files share: the case context, worker
 * kthreads, adapters and device objects it owns, and its cases.
 */
#ifndef _WDMDMA_KUNIT_STRESS_H_
#define _WDMDMA_KUNIT_STRESS_H_

#include <linux/completion.h>
#include <linux/prandom.h>

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

unsigned int stress_cpu(unsigned int i);
u32 stress_rand(struct rnd_state *rnd, u32 n);
PDMA_ADAPTER stress_adapter(struct kunit *test, bool sg, ULONG maxlen, ULONG *nregs);
void stress_put_adapters(struct stress_ctx *c);
PDEVICE_OBJECT stress_devobj(struct kunit *test);
void stress_join(struct stress_ctx *c);
int stress_init(struct kunit *test);
void stress_exit(struct kunit *test);
IO_ALLOCATION_ACTION stress_hold_routine(PDEVICE_OBJECT d, PIRP irp, PVOID base,
					 PVOID ctx);
bool stress_map(PDMA_ADAPTER da, PMDL mdl, PVOID base, u8 *va, u32 len,
		bool to_dev, bool sg, u64 mask);
void stress_start(struct kunit *test, int (*fn)(void *), void *arg, unsigned int i);
void stress_fifo_under_load(struct kunit *test);
void stress_register_pressure(struct kunit *test);
void stress_routine_context(struct kunit *test);
void stress_data_workload(struct kunit *test);
void stress_data(struct kunit *test);
void stress_shared_base(struct kunit *test);

#endif /* _WDMDMA_KUNIT_STRESS_H_ */
