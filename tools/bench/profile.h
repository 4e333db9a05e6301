/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A sampling profiler for wdmdma_bench (profile.c): where the CPU time of
 * one measured loop goes, function by function.
 */
#ifndef WDMDMA_BENCH_PROFILE_H
#define WDMDMA_BENCH_PROFILE_H

#include <linux/hrtimer.h>
#include <linux/types.h>

struct task_struct;

#define BENCH_PROF_MAX_SAMPLES	16384

/**
 * struct bench_prof - one profiled stretch of one task on one CPU
 * @timer: pinned to the CPU the stretch runs on; samples in hard irq
 * @period: sampling period
 * @task: the task profiled; samples taken while another runs are dropped
 * @ip: the interrupted kernel instruction of each sample
 * @n: samples taken
 * @other: timer ticks that found another task or user mode
 */
struct bench_prof {
	struct hrtimer timer;
	ktime_t period;
	struct task_struct *task;
	unsigned long *ip;
	unsigned int n;
	unsigned int other;
};

int bench_prof_init(struct bench_prof *p);
void bench_prof_free(struct bench_prof *p);
void bench_prof_start(struct bench_prof *p, u32 period_ns);
void bench_prof_stop(struct bench_prof *p);
void bench_prof_report(struct bench_prof *p, const char *config, const char *what,
		       const char *adapter, unsigned int top);

#endif
