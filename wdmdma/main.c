// SPDX-License-Identifier: GPL-2.0
/*
 * wdmdma: the Windows WDM DMA API on Linux dma-mapping and dmaengine.
 *
 * Module init and exit, parameters, the workqueue deferred AdapterControl
 * routines run on, the IRQL rules (misuse is reported in verifier.c).
 */
#define pr_fmt(fmt) "wdmdma: " fmt

#include <linux/types.h>	/* before fault-inject.h, which needs it on 6.1 */
#include <linux/fault-inject.h>
#include <linux/hardirq.h>
#include <linux/module.h>
#include <linux/printk.h>

#include "dma.h"

#define CREATE_TRACE_POINTS
#include "trace.h"

/* For probes of other modules (the KUnit suite wdmdma_debugfs). */
EXPORT_TRACEPOINT_SYMBOL_GPL(wdmdma_adapter_get);
EXPORT_TRACEPOINT_SYMBOL_GPL(wdmdma_adapter_put);
EXPORT_TRACEPOINT_SYMBOL_GPL(wdmdma_free_map_registers);
EXPORT_TRACEPOINT_SYMBOL_GPL(wdmdma_free_adapter_channel);
EXPORT_TRACEPOINT_SYMBOL_GPL(wdmdma_channel_request);
EXPORT_TRACEPOINT_SYMBOL_GPL(wdmdma_channel_grant);
EXPORT_TRACEPOINT_SYMBOL_GPL(wdmdma_routine_start);
EXPORT_TRACEPOINT_SYMBOL_GPL(wdmdma_routine_end);
EXPORT_TRACEPOINT_SYMBOL_GPL(wdmdma_map_transfer);
EXPORT_TRACEPOINT_SYMBOL_GPL(wdmdma_flush);
EXPORT_TRACEPOINT_SYMBOL_GPL(wdmdma_sgl_get);
EXPORT_TRACEPOINT_SYMBOL_GPL(wdmdma_sgl_put);
EXPORT_TRACEPOINT_SYMBOL_GPL(wdmdma_common_alloc);
EXPORT_TRACEPOINT_SYMBOL_GPL(wdmdma_common_free);
EXPORT_TRACEPOINT_SYMBOL_GPL(wdmdma_sysdma_submit);
EXPORT_TRACEPOINT_SYMBOL_GPL(wdmdma_sysdma_complete);
EXPORT_TRACEPOINT_SYMBOL_GPL(wdmdma_irp_dispatch);
EXPORT_TRACEPOINT_SYMBOL_GPL(wdmdma_irp_complete);

unsigned int wdmdma_max_map_registers = 1024;
module_param_named(max_map_registers, wdmdma_max_map_registers, uint, 0444);
MODULE_PARM_DESC(max_map_registers,
		 "most map registers one transfer may use (NumberOfMapRegisters cap)");

unsigned int wdmdma_max_reserve_pages = 4096;
module_param_named(max_reserve_pages, wdmdma_max_reserve_pages, uint, 0444);
MODULE_PARM_DESC(max_reserve_pages,
		 "most reserve pages an adapter that may bounce grows to (its map-register budget)");

#ifdef CONFIG_FAULT_INJECTION
static DECLARE_FAULT_ATTR(wdmdma_fail_map_attr);

/**
 * wdmdma_fail_dma_map() - should this call into the DMA API fail (tests)?
 *
 * Return: true when wdmdma_test_fail_dma_map() asked for failures and the
 * fault attribute fires.
 */
bool wdmdma_fail_dma_map(void)
{
	return READ_ONCE(wdmdma_fail_map_attr.probability) &&
	       should_fail(&wdmdma_fail_map_attr, 1);
}

/**
 * wdmdma_test_fail_dma_map() - make the DMA API's mappings fail, for tests
 * @percent: chance (0..100) that each mapping fails; 0 stops it
 */
void wdmdma_test_fail_dma_map(unsigned int percent)
{
	wdmdma_fail_map_attr.verbose = 0;
	wdmdma_fail_map_attr.interval = 1;
	atomic_set(&wdmdma_fail_map_attr.times, -1);
	WRITE_ONCE(wdmdma_fail_map_attr.probability, min(percent, 100U));
}
#else
bool wdmdma_fail_dma_map(void)
{
	return false;
}

void wdmdma_test_fail_dma_map(unsigned int percent)
{
}
#endif
EXPORT_SYMBOL_GPL(wdmdma_test_fail_dma_map);

struct workqueue_struct *wdmdma_wq;

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
	wdmdma_report_chk(a, call, WDMDMA_CHK_IRQL,
			  "called above DISPATCH_LEVEL (hardirq or irqs off)");
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

static int __init wdmdma_init(void)
{
	int ret;

	if (!wdmdma_max_map_registers)
		wdmdma_max_map_registers = 1;
	wdmdma_wq = alloc_workqueue("wdmdma", WQ_HIGHPRI | WQ_MEM_RECLAIM, 0);
	if (!wdmdma_wq)
		return -ENOMEM;
	wdmdma_cancel_init();
	ret = wdmdma_workitem_init();
	if (ret)
		goto out_destroy_wq;
	ret = wdmdma_callback_init();
	if (ret)
		goto out_workitem;
	wdmdma_adapters_init();
	wdmdma_debugfs_init();
	ret = wdmdma_registry_init();
	if (ret)
		goto out_debugfs;
	return 0;

out_debugfs:
	wdmdma_debugfs_exit();
	wdmdma_adapters_exit();
	wdmdma_callback_exit();
out_workitem:
	wdmdma_workitem_exit();
out_destroy_wq:
	destroy_workqueue(wdmdma_wq);
	return ret;
}

static void __exit wdmdma_exit(void)
{
	wdmdma_power_exit();
	wdmdma_callback_exit();
	wdmdma_workitem_exit();
	wdmdma_ke_exit();
	wdmdma_registry_exit();
	wdmdma_hwdesc_exit();
	wdmdma_thread_exit();
	wdmdma_adapters_exit();
	wdmdma_debugfs_exit();
	destroy_workqueue(wdmdma_wq);
}

module_init(wdmdma_init);
module_exit(wdmdma_exit);
MODULE_DESCRIPTION("Windows WDM DMA API on Linux dma-mapping and dmaengine");
MODULE_LICENSE("GPL");
