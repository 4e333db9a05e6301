/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What all of wdmdma's files share: misuse reporting, the IRQL rules, the
 * workqueue, and the runtime helpers the DMA core uses (MDL pages).  The
 * DMA core's own objects (adapters, map registers, mappings, the channel)
 * are in dma.h, which only the DMA files include.
 *
 * WDK names stop at the DMA_OPERATIONS table and the exported WDK entry
 * points; behind them everything is Linux style with the wdmdma_ prefix.
 */
#ifndef _WDMDMA_INTERNAL_H_
#define _WDMDMA_INTERNAL_H_

#include <linux/atomic.h>
#include <linux/device.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include <wdm/ntdef.h>
#include <wdm/ntstatus.h>
#include <wdm/ke.h>
#include <wdm/mdl.h>
#include <wdm/io.h>
#include <wdm/dma.h>
#include <wdm/hal.h>
#include <wdm/ex.h>
#include <wdmdma/binding.h>

struct wdmdma_adapter;

/* main.c */
extern struct workqueue_struct *wdmdma_wq;
void wdmdma_report(struct wdmdma_adapter *a, const char *call, const char *fmt, ...)
	__printf(3, 4);
bool wdmdma_irql_ok(struct wdmdma_adapter *a, const char *call);
bool wdmdma_atomic_context(void);
gfp_t wdmdma_gfp(void);

/* channel.c: a device object goes away; its channel request with it */
void wdmdma_channel_forget(PDEVICE_OBJECT devobj);
/* sysdma.c: a PDO goes away; the DMA lines its glue named with it */
void wdmdma_sysdma_forget(PDEVICE_OBJECT pdo);

/* timer.c; rt/dispatch.c */
void wdmdma_io_timer_free(PDEVICE_OBJECT devobj);
unsigned long wdmdma_timeout_jiffies(LONGLONG t);

/* mdl.c */
bool wdmdma_mdl_dma_ready(PMDL mdl);
struct page *wdmdma_mdl_page(PMDL mdl, unsigned long index);

/* rt/workitem.c: the work items' workqueue, made and drained with the module */
int wdmdma_workitem_init(void);
void wdmdma_workitem_exit(void);

/* rt/thread.c: thread objects for ObReference/DereferenceObject; module exit */
bool wdmdma_thread_ref(PVOID object, int delta, LONG_PTR *count);
void wdmdma_thread_exit(void);

/* ke.c: wdmdma_ke_exit() belongs in module exit (no DPC tasklet may outlive it) */
void wdmdma_ke_exit(void);

#endif /* _WDMDMA_INTERNAL_H_ */
