// SPDX-License-Identifier: GPL-2.0
/*
 * profile.c: a sampling profiler for wdmdma_bench.
 *
 * The test guests run under TCG, without a PMU and without a perf binary,
 * so the benchmark samples itself.  A high-resolution timer pinned to the
 * CPU of the measured loop (whose task keeps migration disabled for the
 * stretch) fires every period in hard interrupt context and records the
 * kernel instruction it interrupted (get_irq_regs()).  The report folds the
 * samples by function through kallsyms and prints the heaviest as one JSON
 * line.  As with any timer-driven profiler, time spent with interrupts
 * disabled is charged to the place that enabled them again.
 */
#define pr_fmt(fmt) "wdmdma-bench: " fmt

#include <linux/kallsyms.h>
#include <linux/minmax.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <asm/irq_regs.h>
#include <asm/ptrace.h>

#include "profile.h"

#define BENCH_PROF_FUNCS	96
#define BENCH_PROF_NAME		48
#define BENCH_PROF_LINE		960

struct bench_prof_func {
	char name[BENCH_PROF_NAME];
	unsigned int n;
};

static enum hrtimer_restart bench_prof_tick(struct hrtimer *t)
{
	struct bench_prof *p = container_of(t, struct bench_prof, timer);
	struct pt_regs *regs = get_irq_regs();

	if (regs && !user_mode(regs) && current == p->task && p->n < BENCH_PROF_MAX_SAMPLES)
		p->ip[p->n++] = instruction_pointer(regs);
	else
		p->other++;
	hrtimer_forward_now(t, p->period);
	return HRTIMER_RESTART;
}

/**
 * bench_prof_init() - get a profiler ready
 * @p: the profiler
 *
 * Return: 0 or -ENOMEM.
 */
int bench_prof_init(struct bench_prof *p)
{
	p->ip = vmalloc_array(BENCH_PROF_MAX_SAMPLES, sizeof(*p->ip));
	if (!p->ip)
		return -ENOMEM;
	hrtimer_init(&p->timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_PINNED_HARD);
	p->timer.function = bench_prof_tick;
	return 0;
}

/**
 * bench_prof_free() - free what bench_prof_init() took
 * @p: the profiler, stopped
 */
void bench_prof_free(struct bench_prof *p)
{
	vfree(p->ip);
	p->ip = NULL;
}

/**
 * bench_prof_start() - sample the current task on this CPU
 * @p: the profiler
 * @period_ns: sampling period
 *
 * Disables migration until bench_prof_stop(), so the pinned timer and the
 * loop share a CPU.  Forgets earlier samples.
 */
void bench_prof_start(struct bench_prof *p, u32 period_ns)
{
	p->n = 0;
	p->other = 0;
	p->task = current;
	p->period = ns_to_ktime(period_ns);
	migrate_disable();
	hrtimer_start(&p->timer, p->period, HRTIMER_MODE_REL_PINNED_HARD);
}

/**
 * bench_prof_stop() - stop sampling
 * @p: the profiler, started by this task
 */
void bench_prof_stop(struct bench_prof *p)
{
	hrtimer_cancel(&p->timer);
	migrate_enable();
}

static int bench_prof_cmp_ip(const void *x, const void *y)
{
	unsigned long a = *(const unsigned long *)x, b = *(const unsigned long *)y;

	return a < b ? -1 : a > b;
}

static int bench_prof_cmp_func(const void *x, const void *y)
{
	const struct bench_prof_func *a = x, *b = y;

	return a->n > b->n ? -1 : a->n < b->n;
}

/* Add @n samples to @name's function; the last slot takes what overflows. */
static unsigned int bench_prof_add(struct bench_prof_func *f, unsigned int nf,
				   const char *name, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < nf; i++) {
		if (!strcmp(f[i].name, name)) {
			f[i].n += n;
			return nf;
		}
	}
	if (nf == BENCH_PROF_FUNCS) {
		f[nf - 1].n += n;
		strscpy(f[nf - 1].name, "(other functions)", BENCH_PROF_NAME);
		return nf;
	}
	strscpy(f[nf].name, name, BENCH_PROF_NAME);
	f[nf].n = n;
	return nf + 1;
}

/**
 * bench_prof_report() - print where the samples fell, by function
 * @p: the profiler, stopped
 * @config: platform configuration, echoed
 * @what: the measurement profiled, echoed
 * @adapter: the adapter profiled, echoed
 * @top: functions to print, heaviest first
 *
 * One JSON line: the sample count, the ticks that hit another task, and
 * [function, samples] pairs; "function [module]" for module code.
 */
void bench_prof_report(struct bench_prof *p, const char *config, const char *what,
		       const char *adapter, unsigned int top)
{
	char sym[KSYM_SYMBOL_LEN], *line;
	struct bench_prof_func *f;
	unsigned int i, j, nf = 0;
	size_t len;

	f = kcalloc(BENCH_PROF_FUNCS, sizeof(*f), GFP_KERNEL);
	line = kmalloc(BENCH_PROF_LINE, GFP_KERNEL);
	if (!f || !line)
		goto out;
	sort(p->ip, p->n, sizeof(*p->ip), bench_prof_cmp_ip, NULL);
	for (i = 0; i < p->n; i = j) {
		for (j = i + 1; j < p->n && p->ip[j] == p->ip[i]; j++)
			;
		sprint_symbol_no_offset(sym, p->ip[i]);
		nf = bench_prof_add(f, nf, sym, j - i);
	}
	sort(f, nf, sizeof(*f), bench_prof_cmp_func, NULL);
	len = scnprintf(line, BENCH_PROF_LINE,
			"{\"config\":\"%s\",\"profile\":\"%s\",\"adapter\":\"%s\",\"samples\":%u,\"other\":%u,\"top\":[",
			config, what, adapter, p->n, p->other);
	for (i = 0; i < min(nf, top); i++)
		len += scnprintf(line + len, BENCH_PROF_LINE - len, "%s[\"%s\",%u]",
				 i ? "," : "", f[i].name, f[i].n);
	scnprintf(line + len, BENCH_PROF_LINE - len, "]}");
	pr_info("%s\n", line);
out:
	kfree(line);
	kfree(f);
}
