/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What wdmdma's files share.  Nothing outside wdmdma/ includes this.
 *
 * WDK names stop at the DMA_OPERATIONS table and the exported WDK entry
 * points; behind them everything is Linux style with the wdmdma_ prefix.
 */
#ifndef _WDMDMA_INTERNAL_H_
#define _WDMDMA_INTERNAL_H_

#include <linux/atomic.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/list.h>
#include <linux/scatterlist.h>
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

#define WDMDMA_ADAPTER_MAGIC	0x57444d41	/* "WDMA" */
#define WDMDMA_ADAPTER_DEAD	0x64656164	/* "dead": after PutDmaAdapter */

/* Bytes of list arena per map register: an element plus a header's share. */
#define WDMDMA_SGL_STRIDE	40

/* Bits of struct wdmdma_devobj.wait_flags */
#define WDMDMA_WAIT_PENDING	0	/* AllocateAdapterChannel made, routine not yet returned */

/**
 * struct wdmdma_regs - an allocation of map registers; MapRegisterBase
 * @adapter: the adapter whose registers these are
 * @first: index of the first register
 * @count: number of registers
 * @live: allocated; false once given back
 * @sgl: the scatter/gather list built with these registers, or NULL
 * @sgl_mdl: the MDL chain BuildMdlFromScatterGatherList made for it
 * @sgl_write: the list's direction
 *
 * One record per register of an adapter, used when that register is the
 * first of an allocation, so MapRegisterBase is &adapter->regs[first] and
 * validating it is a range check, never a dereference of a driver pointer.
 * Protected by the adapter's lock.
 */
struct wdmdma_regs {
	struct wdmdma_adapter *adapter;
	u32 first;
	u32 count;
	bool live;
	PSCATTER_GATHER_LIST sgl;
	PMDL sgl_mdl;
	bool sgl_write;
};

/**
 * struct wdmdma_map - one mapping made by MapTransfer
 * @mdl: the MDL it maps part of
 * @va: MDL virtual address of its first byte
 * @len: bytes mapped
 * @nregs: map registers it occupies (the pages it spans)
 * @nents: CPU-side scatterlist entries, at the adapter's sg[first]
 * @dma_nents: what dma_map_sg() returned; 0 when bounced
 * @dma: device address of the first byte, when bounced
 * @dir: DMA direction
 * @live: the mapping exists
 * @busy: being made or undone outside the lock; not to be looked up
 * @flushing: picked by the FlushAdapterBuffers call that set @busy
 *
 * Headed by its first register: adapter->maps[first].  Protected by the
 * adapter's lock, except that the CPU and DMA sides are written only by
 * whoever set @busy.
 */
struct wdmdma_map {
	PMDL mdl;
	unsigned long va;
	u32 len;
	u32 nregs;
	u32 nents;
	int dma_nents;
	dma_addr_t dma;
	enum dma_data_direction dir;
	bool live;
	bool busy;
	bool flushing;
};

/**
 * struct wdmdma_adapter - a DMA adapter object
 * @dma: what the driver sees; first, so a PDMA_ADAPTER is this object
 * @magic: WDMDMA_ADAPTER_MAGIC while the adapter lives
 * @id: number for reports ("adapter 3")
 * @dev: the device DMA is done for (referenced)
 * @pdo: the physical device object it was made for
 * @desc: the DEVICE_DESCRIPTION the driver gave; desc.ScatterGather says
 *	MapTransfer may return pieces, else every piece is the whole range
 * @width: device address width in bits
 * @nregs: map registers: the most one request may hold, and the budget
 * @max_seg: the longest device-contiguous piece to build
 * @link: on the list of all adapters
 * @lock: guards everything below it; see LOCKING in channel.c
 * @owner: device object holding the channel; NULL when free
 * @owner_regs: registers allocated with the channel to @owner
 * @in_routine: @owner's AdapterControl routine is running
 * @free_on_return: FreeAdapterChannel came from another CPU while the
 *	routine was returning; release the channel when it has returned
 * @waiters: device objects waiting for the channel, oldest first
 * @reg_busy: registers allocated to some MapRegisterBase
 * @reg_mapped: registers carrying a live mapping
 * @common: common buffers outstanding (struct wdmdma_common)
 * @dying: PutDmaAdapter has begun; nothing more is granted
 * @work: runs waiters' routines once the channel frees up
 * @violations: misuses reported for this adapter
 * @regs: per-register allocation records
 * @maps: per-register mapping records
 * @sg: per-register scatterlist entries
 * @sgl_arena: GetScatterGatherList's lists, WDMDMA_SGL_STRIDE bytes per
 *	register: a list lives at the slot of its first register
 * @bounce_cpu: non-scatter/gather masters: one page per map register,
 *	device-contiguous, for transfers whose pages are not
 * @bounce_dma: device address of @bounce_cpu
 */
struct wdmdma_adapter {
	DMA_ADAPTER dma;
	u32 magic;
	unsigned int id;
	struct device *dev;
	PDEVICE_OBJECT pdo;
	DEVICE_DESCRIPTION desc;
	unsigned int width;
	u32 nregs;
	unsigned int max_seg;
	struct list_head link;

	spinlock_t lock;		/* see LOCKING in channel.c */
	PDEVICE_OBJECT owner;
	struct wdmdma_regs *owner_regs;
	bool in_routine;
	bool free_on_return;
	struct list_head waiters;
	unsigned long *reg_busy;
	unsigned long *reg_mapped;
	struct list_head common;
	bool dying;

	struct work_struct work;
	atomic_long_t violations;

	struct wdmdma_regs *regs;
	struct wdmdma_map *maps;
	struct scatterlist *sg;
	void *sgl_arena;
	void *bounce_cpu;
	dma_addr_t bounce_dma;
};

/* main.c */
extern struct workqueue_struct *wdmdma_wq;
extern unsigned int wdmdma_max_map_registers;
void wdmdma_report(struct wdmdma_adapter *a, const char *call, const char *fmt, ...)
	__printf(3, 4);
struct wdmdma_adapter *wdmdma_adapter_get(PDMA_ADAPTER da, const char *call);
bool wdmdma_irql_ok(struct wdmdma_adapter *a, const char *call);
bool wdmdma_atomic_context(void);
gfp_t wdmdma_gfp(void);

/* adapter.c */
void wdmdma_adapters_init(void);
void wdmdma_adapters_exit(void);

/* channel.c */
NTSTATUS wdmdma_allocate_adapter_channel(PDMA_ADAPTER da, PDEVICE_OBJECT devobj,
					 ULONG nregs, PDRIVER_CONTROL routine,
					 PVOID context);
VOID wdmdma_free_adapter_channel(PDMA_ADAPTER da);
bool wdmdma_channel_grant(struct wdmdma_adapter *a, PDEVICE_OBJECT devobj, u32 count);
bool wdmdma_channel_release(struct wdmdma_adapter *a);
void wdmdma_channel_work(struct work_struct *work);
void wdmdma_channel_kick(struct wdmdma_adapter *a);
void wdmdma_channel_teardown(struct wdmdma_adapter *a);
void wdmdma_channel_forget(PDEVICE_OBJECT devobj);
void wdmdma_io_timer_free(PDEVICE_OBJECT devobj);
unsigned long wdmdma_timeout_jiffies(LONGLONG t);

/* mapreg.c */
int wdmdma_regs_init(struct wdmdma_adapter *a);
void wdmdma_regs_exit(struct wdmdma_adapter *a);
struct wdmdma_regs *wdmdma_regs_alloc(struct wdmdma_adapter *a, u32 count);
bool wdmdma_regs_release(struct wdmdma_adapter *a, struct wdmdma_regs *r,
			 const char *call);
struct wdmdma_regs *wdmdma_regs_lookup(struct wdmdma_adapter *a, PVOID base,
				       const char *call);
VOID wdmdma_free_map_registers(PDMA_ADAPTER da, PVOID base, ULONG count);

/* transfer.c */
PHYSICAL_ADDRESS wdmdma_map_transfer(PDMA_ADAPTER da, PMDL mdl, PVOID base,
				     PVOID current_va, PULONG length,
				     BOOLEAN write_to_device);
BOOLEAN wdmdma_flush_adapter_buffers(PDMA_ADAPTER da, PMDL mdl, PVOID base,
				     PVOID current_va, ULONG length,
				     BOOLEAN write_to_device);
void wdmdma_map_undo(struct wdmdma_adapter *a, struct wdmdma_map *m,
		     bool copy_back);
void wdmdma_map_end_all(struct wdmdma_adapter *a, struct wdmdma_regs *r, bool copy_back);
bool wdmdma_map_range(struct wdmdma_adapter *a, struct wdmdma_regs *r, PMDL mdl,
		      unsigned long va, u32 len, enum dma_data_direction dir,
		      PSCATTER_GATHER_ELEMENT elems, u32 *n);
bool wdmdma_map_bounced(struct wdmdma_adapter *a, struct wdmdma_regs *r);
void *wdmdma_map_cpu_addr(struct wdmdma_adapter *a, struct wdmdma_regs *r, u64 dma);

/* sgl.c */
struct wdmdma_sgl_req;
bool wdmdma_sgl_grant(struct wdmdma_adapter *a, struct wdmdma_sgl_req *q);
void wdmdma_sgl_run_deferred(struct wdmdma_adapter *a, struct wdmdma_sgl_req *q);
void wdmdma_sgl_drop(struct wdmdma_adapter *a, struct wdmdma_sgl_req *q, const char *call);
void wdmdma_sgl_ops(DMA_OPERATIONS *ops);

/* common.c */
PVOID wdmdma_allocate_common_buffer(PDMA_ADAPTER da, ULONG length,
				    PPHYSICAL_ADDRESS logical, BOOLEAN cache);
VOID wdmdma_free_common_buffer(PDMA_ADAPTER da, ULONG length,
			       PHYSICAL_ADDRESS logical, PVOID va, BOOLEAN cache);
void wdmdma_common_teardown(struct wdmdma_adapter *a);

/* mdl.c */
bool wdmdma_mdl_dma_ready(PMDL mdl);
struct page *wdmdma_mdl_page(PMDL mdl, unsigned long index);

/* ke.c: wdmdma_ke_exit() belongs in module exit (no DPC tasklet may outlive it) */
void wdmdma_ke_exit(void);

/* stubs.c: entries of later work, STATUS_NOT_SUPPORTED until then */
extern const DMA_OPERATIONS wdmdma_stub_ops;

#endif /* _WDMDMA_INTERNAL_H_ */
