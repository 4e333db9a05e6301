// SPDX-License-Identifier: GPL-2.0
/*
 * wdmdma: the Windows WDM DMA API on Linux dma-mapping and dmaengine.
 *
 * Module init and exit, parameters, the workqueue deferred AdapterControl
 * routines run on, and the one place misuse is reported.
 */
#define pr_fmt(fmt) "wdmdma: " fmt

#include <linux/hardirq.h>
#include <linux/module.h>
#include <linux/printk.h>

#include "internal.h"

unsigned int wdmdma_max_map_registers = 1024;
module_param_named(max_map_registers, wdmdma_max_map_registers, uint, 0444);
MODULE_PARM_DESC(max_map_registers,
		 "most map registers one adapter hands out (NumberOfMapRegisters cap)");

struct workqueue_struct *wdmdma_wq;
static atomic_long_t wdmdma_total_violations = ATOMIC_LONG_INIT(0);

/**
 * wdmdma_report() - report a ported driver's misuse of the API
 * @a: the adapter involved, or NULL
 * @call: the WDK entry the driver called
 * @fmt: what was wrong
 *
 * Misuse never stops the kernel: the call is refused or repaired and the
 * report names the adapter, its device and the call.  Counted for
 * wdmdma_violations().
 */
void wdmdma_report(struct wdmdma_adapter *a, const char *call, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	atomic_long_inc(&wdmdma_total_violations);
	if (a)
		atomic_long_inc(&a->violations);
	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	if (a)
		pr_err_ratelimited("adapter %u (%s): %s: %pV\n", a->id,
				   dev_name(a->dev), call, &vaf);
	else
		pr_err_ratelimited("%s: %pV\n", call, &vaf);
	va_end(args);
}

/**
 * wdmdma_violations() - how many misuses wdmdma has reported
 * @adapter: count those of this adapter; NULL for all since module load
 *
 * Return: the count.
 */
unsigned long wdmdma_violations(PDMA_ADAPTER adapter)
{
	struct wdmdma_adapter *a;

	if (!adapter)
		return atomic_long_read(&wdmdma_total_violations);
	a = container_of(adapter, struct wdmdma_adapter, dma);
	return atomic_long_read(&a->violations);
}
EXPORT_SYMBOL_GPL(wdmdma_violations);

/**
 * wdmdma_adapter_get() - the adapter behind a driver's PDMA_ADAPTER
 * @da: what the driver passed
 * @call: the entry it called, for the report
 *
 * Return: the adapter, or NULL (reported) for NULL or a released adapter.
 */
struct wdmdma_adapter *wdmdma_adapter_get(PDMA_ADAPTER da, const char *call)
{
	struct wdmdma_adapter *a;

	if (unlikely(!da)) {
		wdmdma_report(NULL, call, "NULL DMA adapter");
		return NULL;
	}
	a = container_of(da, struct wdmdma_adapter, dma);
	if (unlikely(a->magic != WDMDMA_ADAPTER_MAGIC)) {
		wdmdma_report(NULL, call, "%p is not a live DMA adapter (released?)", da);
		return NULL;
	}
	return a;
}

/**
 * wdmdma_irql_ok() - may a DISPATCH_LEVEL entry run in this context?
 * @a: the adapter
 * @call: the entry
 *
 * Those entries run at or below DISPATCH_LEVEL: process or softirq context
 * with interrupts enabled.  Hard interrupt context (an ISR, at DIRQL) and
 * interrupts disabled are refused, as Driver Verifier would.
 *
 * Return: true when the context is right.
 */
bool wdmdma_irql_ok(struct wdmdma_adapter *a, const char *call)
{
	if (likely(!in_hardirq() && !irqs_disabled()))
		return true;
	wdmdma_report(a, call, "called above DISPATCH_LEVEL (hardirq or irqs off)");
	return false;
}

/**
 * wdmdma_atomic_context() - is the caller above PASSIVE_LEVEL?
 *
 * The WDK's IRQL rules are checked against Linux context: interrupt or
 * softirq context, bottom halves or preemption disabled (a spin lock held)
 * or interrupts off all mean the caller must not sleep.  This is the one
 * place that reads preempt_count() for it; without CONFIG_PREEMPT_COUNT a
 * held spin lock goes unseen (the debug kernels the tests run on have it).
 *
 * Return: true in atomic context.
 */
bool wdmdma_atomic_context(void)
{
	return preempt_count() || irqs_disabled();
}

/**
 * wdmdma_gfp() - allocation flags for the caller's context
 *
 * Return: GFP_ATOMIC in atomic context (DISPATCH_LEVEL), else GFP_KERNEL.
 */
gfp_t wdmdma_gfp(void)
{
	return wdmdma_atomic_context() ? GFP_ATOMIC : GFP_KERNEL;
}

/**
 * KeGetCurrentIrql() - the IRQL the caller runs at, as Linux context
 *
 * Return: HIGH_LEVEL with interrupts off or in hard interrupt context,
 * DISPATCH_LEVEL in atomic context (softirq, bottom halves disabled, a
 * spin lock held), PASSIVE_LEVEL in process context.
 */
KIRQL KeGetCurrentIrql(void)
{
	if (in_hardirq() || irqs_disabled())
		return HIGH_LEVEL;
	if (wdmdma_atomic_context())
		return DISPATCH_LEVEL;
	return PASSIVE_LEVEL;
}
EXPORT_SYMBOL_GPL(KeGetCurrentIrql);

static int __init wdmdma_init(void)
{
	if (!wdmdma_max_map_registers)
		wdmdma_max_map_registers = 1;
	wdmdma_wq = alloc_workqueue("wdmdma", WQ_HIGHPRI | WQ_MEM_RECLAIM, 0);
	if (!wdmdma_wq)
		return -ENOMEM;
	wdmdma_adapters_init();
	return 0;
}

static void __exit wdmdma_exit(void)
{
	wdmdma_ke_exit();
	wdmdma_adapters_exit();
	destroy_workqueue(wdmdma_wq);
}

module_init(wdmdma_init);
module_exit(wdmdma_exit);
MODULE_DESCRIPTION("Windows WDM DMA API on Linux dma-mapping and dmaengine");
MODULE_LICENSE("GPL");
