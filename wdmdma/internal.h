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
#include <wdmdma/devobj.h>
#include <wdmdma/verifier.h>

struct wdmdma_adapter;
struct seq_file;

/* wdmdma's private part of a DEVICE_OBJECT (opaque to <wdm.h>) */
static inline struct wdmdma_devobj *wdmdma_devobj(PDEVICE_OBJECT d)
{
	BUILD_BUG_ON(sizeof(d->WdmdmaPrivate) < sizeof(struct wdmdma_devobj));
	BUILD_BUG_ON(__alignof__(DEVICE_OBJECT) < __alignof__(struct wdmdma_devobj));
	return (struct wdmdma_devobj *)d->WdmdmaPrivate;
}

/* main.c */
extern struct workqueue_struct *wdmdma_wq;

/* verifier.c: reports, per-check counts, verifier mode */
void wdmdma_report_chk(struct wdmdma_adapter *a, const char *call, enum wdmdma_check chk,
		       const char *fmt, ...) __printf(4, 5);
/* a misuse of no particular class (WDMDMA_CHK_MISUSE) */
#define wdmdma_report(a, call, ...) \
	wdmdma_report_chk(a, call, WDMDMA_CHK_MISUSE, __VA_ARGS__)
bool wdmdma_verifying(struct wdmdma_adapter *a);
int wdmdma_check_code(enum wdmdma_check chk);
bool wdmdma_irql_ok(struct wdmdma_adapter *a, const char *call);
bool wdmdma_atomic_context(void);
gfp_t wdmdma_gfp(void);

/* channel.c: a device object goes away; its channel request with it */
void wdmdma_channel_forget(PDEVICE_OBJECT devobj);
/* sysdma.c: a PDO goes away; the DMA lines its glue named with it */
void wdmdma_sysdma_forget(PDEVICE_OBJECT pdo);
struct _CM_PARTIAL_RESOURCE_DESCRIPTOR;
u32 wdmdma_pdo_dma_resources(PDEVICE_OBJECT pdo, struct _CM_PARTIAL_RESOURCE_DESCRIPTOR *d,
			     u32 max);

/* rt/pdo.c: the PDO's answers to PnP IRPs about the device */
NTSTATUS wdmdma_pdo_pnp_query(PDEVICE_OBJECT pdo, PIRP irp, NTSTATUS status);
/* rt/pnp.c: a PnP IRP from the PnP manager to the top of a PDO's stack */
struct _CM_RESOURCE_LIST;
NTSTATUS wdmdma_pnp_send_info(PDEVICE_OBJECT pdo, UCHAR minor, struct _CM_RESOURCE_LIST *raw,
			      struct _CM_RESOURCE_LIST *trans, ULONG_PTR *info);

/* timer.c; rt/dispatch.c */
void wdmdma_io_timer_free(PDEVICE_OBJECT devobj);
unsigned long wdmdma_timeout_jiffies(LONGLONG t);

/* mdl.c */
bool wdmdma_mdl_dma_ready(PMDL mdl);
struct page *wdmdma_mdl_page(PMDL mdl, unsigned long index);

/* debugfs.c: wdmdma/ in debugfs, made and removed with the module */
void wdmdma_debugfs_init(void);
void wdmdma_debugfs_exit(void);
struct dentry;
struct dentry *wdmdma_debugfs_dir(void);

/* rt/devobj.c: debugfs wdmdma/drivers; rt/pnp.c, iomgr.c: IRPs in flight */
void wdmdma_drivers_show(struct seq_file *m);
/* adapter.c: a driver object goes away; its adapters not put are reported */
void wdmdma_adapters_driver_gone(PDRIVER_OBJECT driver);
void wdmdma_irp_counts(unsigned long *dispatched, unsigned long *finished);
void wdmdma_irp_count_dispatch(PIRP irp);

/* rt/workitem.c: the work items' workqueue, made and drained with the module */
int wdmdma_workitem_init(void);
void wdmdma_workitem_exit(void);

/* rt/cancel.c: the cancel spin lock, made with the module */
void wdmdma_cancel_init(void);

/* rt/pdo.c: configuration space, in dword/word pieces where aligned */
struct pci_dev;
ULONG wdmdma_pci_config(struct pci_dev *pdev, bool write, u8 *buf, ULONG off, ULONG len);
/* rt/pnp.c: an IRP to the top of a stack, waited for (the PnP and power managers') */
NTSTATUS wdmdma_stack_send(PDEVICE_OBJECT pdo, const IO_STACK_LOCATION *loc,
			   NTSTATUS (*call)(PDEVICE_OBJECT DeviceObject, PIRP Irp),
			   ULONG_PTR *info);
/* rt/power.c: the PDO's power IRPs; module exit stops idle detection */
NTSTATUS wdmdma_power_pdo(PDEVICE_OBJECT pdo, PIRP Irp);
void wdmdma_power_exit(void);

/* rt/callback.c: the system callback objects, made and freed with the module */
int wdmdma_callback_init(void);
void wdmdma_callback_exit(void);
/* ObReference/DereferenceObject on a callback object (false: not one) */
bool wdmdma_callback_ref(PVOID object, LONG_PTR *count);
bool wdmdma_callback_deref(PVOID object, LONG_PTR *count);

/* rt/thread.c: thread objects for ObReference/DereferenceObject; module exit */
bool wdmdma_thread_ref(PVOID object, int delta, LONG_PTR *count);
void wdmdma_thread_exit(void);
/* the kernel handle table ZwClose() takes: other subsystems' handles */
NTSTATUS wdmdma_handle_insert(PVOID object, PHANDLE handle);
PVOID wdmdma_handle_object(HANDLE handle);
PVOID wdmdma_handle_remove(HANDLE handle);

/* rt/registry.c: the registry, made and freed with the module */
int wdmdma_registry_init(void);
void wdmdma_registry_exit(void);
/* ZwClose() of a handle that is no thread's */
void wdmdma_registry_close(PVOID object);
/* a REG_DWORD below a device's hardware key (the PnP start's MSI settings) */
bool wdmdma_reg_device_dword(struct device *dev, const char *subkey, const char *name, u32 *val);

/*
 * rt/pnp.c: the interrupts the PnP start gave a PDO's PCI device, for
 * IoConnectInterruptEx (rt/interrupt.c): @nvec Linux vectors
 * (pci_irq_vector(@pdev, 0 .. @nvec - 1)), message-signalled when @msi
 * (@msix: MSI-X), else @nvec is 1 and the vector is the INTx line.
 * WDMDMA_PNP_DIRQL is the device IRQL of every translated interrupt.
 */
#define WDMDMA_PNP_DIRQL	5
struct pci_dev;
struct wdmdma_pnp_irqs {
	struct pci_dev *pdev;
	unsigned int nvec;
	bool msi;
	bool msix;
};

bool wdmdma_pnp_irqs(PDEVICE_OBJECT pdo, struct wdmdma_pnp_irqs *irqs);

/* rt/hwdesc.c: claims of deleted objects; disk-type devices' VPBs; module exit */
void wdmdma_hw_owner_gone(PDRIVER_OBJECT driver, PDEVICE_OBJECT device);
int wdmdma_vpb_create(PDEVICE_OBJECT d);
void wdmdma_vpb_free(PDEVICE_OBJECT d);
void wdmdma_hwdesc_exit(void);

/* rt/file.c: file objects (ObReference/DereferenceObject), names, nodes */
bool wdmdma_file_ref(PVOID object, int delta, LONG_PTR *count);
PFILE_OBJECT wdmdma_file_alloc(PDEVICE_OBJECT dev, ULONG flags, bool read, bool write);
NTSTATUS wdmdma_file_send(PFILE_OBJECT fo, UCHAR major);
NTSTATUS wdmdma_names_device_add(PDEVICE_OBJECT dev, PUNICODE_STRING name);
void wdmdma_names_device_gone(PDEVICE_OBJECT dev);
void wdmdma_names_stack_closing(PDEVICE_OBJECT pdo);

/* rt/wmi.c: a device object goes away; a WMI registration it left with it */
void wdmdma_wmi_device_gone(PDEVICE_OBJECT dev);

/* rt/irpbuild.c: the I/O manager's part of IRPs IoBuild*Request made */
bool wdmdma_irp_built_complete(PIRP irp);
void wdmdma_irp_built_free(PIRP irp);

/* ke.c: wdmdma_ke_exit() belongs in module exit (no DPC tasklet may outlive it) */
void wdmdma_ke_exit(void);

#endif /* _WDMDMA_INTERNAL_H_ */
