/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The DMA core's objects, shared by the DMA files only (adapter.c,
 * resource.c, channel.c, transfer.c, sgl.c, common.c, hal.c, stubs.c).
 *
 * THE RESOURCE MODEL
 *
 * NumberOfMapRegisters is a per-transfer cap.  What backs map registers
 * depends on whether the adapter can ever need a copy of the data:
 *
 * - An adapter that never bounces (an IOMMU translates for the device, or
 *   direct mapping with a mask that reaches all RAM, for a scatter/gather
 *   master) has no budget: its registers are bookkeeping only, slots grown
 *   on demand, and no request waits for them.  Should the DMA API still
 *   fail to map (IOVA space exhausted), a small emergency pool of the
 *   adapter's own device-visible pages carries the transfer.
 * - An adapter that may bounce ("budgeted": forced bouncing, a mask below
 *   some RAM, or a master without scatter/gather and no IOMMU, which needs
 *   contiguous copies) has a reserve: coherent pages within its own address
 *   limit, one per map register, grown on demand up to max_reserve_pages.
 *   An allocation of N registers holds N reserve pages for its lifetime, so
 *   a mapping the DMA API cannot make, or makes beyond the adapter's limit,
 *   is copied through pages the allocation already owns: nothing can fail
 *   after the driver's routine got its registers.  The reserve is the
 *   budget; a request waits only while it is exhausted and cannot grow.
 *
 * Registers are slots of chunks.  A chunk is an array of slots; each slot
 * has an allocation record (the MapRegisterBase of an allocation starting
 * there), a mapping record, a scatterlist entry and a list-arena slot, and,
 * in a budgeted adapter's chunk, a reserve page.  An allocation is a run of
 * slots in one chunk.  Chunks are only added while the adapter lives, so
 * a MapRegisterBase is validated by range against them, never dereferenced.
 *
 * LIFETIME
 *
 * Adapters live in an RCU hash keyed by the DMA_ADAPTER pointer; every
 * entry looks the driver's pointer up there under rcu_read_lock(), so a
 * stale or made-up adapter is reported without being touched, and a call in
 * flight keeps the adapter alive.  PutDmaAdapter marks the adapter dying,
 * unhashes it, drops waiting requests, waits for a grace period (at
 * PASSIVE_LEVEL; deferred to a work item at DISPATCH_LEVEL), then takes
 * back what the driver left and drops its reference; the adapter is freed
 * at the last one (entries that sleep hold one).
 */
#ifndef _WDMDMA_DMA_H_
#define _WDMDMA_DMA_H_

#include <linux/dma-mapping.h>
#include <linux/kref.h>
#include <linux/rculist.h>
#include <linux/dmaengine.h>
#include <linux/scatterlist.h>

#include "internal.h"
#include "trace.h"

/* Bytes of list arena per slot: an element plus a header's share. */
#define WDMDMA_SGL_STRIDE	40

/* Bytes of a SCATTER_GATHER_LIST of @n elements. */
static inline u32 wdmdma_sgl_bytes(u32 n)
{
	return offsetof(SCATTER_GATHER_LIST, Elements) + n * sizeof(SCATTER_GATHER_ELEMENT);
}

/* Bits of struct wdmdma_devobj.wait_flags */
#define WDMDMA_WAIT_PENDING	0	/* AllocateAdapterChannel made, routine not yet called */

struct wdmdma_chunk;

/* What backs a mapping. */
enum wdmdma_map_kind {
	WDMDMA_MAP_API,		/* dma_map_sg(): IOMMU, direct or swiotlb */
	WDMDMA_MAP_RESERVE,	/* copied through the allocation's reserve pages */
	WDMDMA_MAP_POOL,	/* copied through the emergency pool (no budget) */
	WDMDMA_MAP_VERIFY,	/* verifier mode: copied between guard areas */
};

/* The life of a mapping record. */
enum wdmdma_map_state {
	WDMDMA_MAP_FREE,	/* no mapping */
	WDMDMA_MAP_MAKING,	/* reserved, being mapped outside the lock */
	WDMDMA_MAP_LIVE,	/* mapped; MapTransfer returns its pieces */
	WDMDMA_MAP_ENDING,	/* a list's, being ended by PutScatterGatherList outside the lock */
};

/**
 * struct wdmdma_map - one mapping made by MapTransfer or for a list
 * @state: see enum wdmdma_map_state; changes under the adapter lock
 * @gen: bumped each time the record is reserved
 * @kind: what backs it
 * @dir: DMA direction
 * @mdl: the MDL it maps part of
 * @va: MDL virtual address of its first byte
 * @len: bytes mapped
 * @nregs: slots it occupies (the pages it spans), from its own
 * @nents: CPU-side scatterlist entries (WDMDMA_MAP_API)
 * @dma_nents: what dma_map_sg() returned (WDMDMA_MAP_API)
 * @single: mapped with dma_map_page() (one segment), not dma_map_sg()
 * @dma: device address of the first byte (reserve and pool)
 * @cpu: kernel address of the first byte's copy (reserve and pool)
 * @pool_first: first emergency-pool page (WDMDMA_MAP_POOL)
 * @cur: device segment where the next piece is looked for (WDMDMA_MAP_API),
 *	so a walk over the pieces is linear
 * @cur_idx: its index among the device segments
 * @cur_off: offset in the mapping of @cur's first byte
 * @vbuf: WDMDMA_MAP_VERIFY: the copy's pages, guard areas around the data,
 *	then a snapshot of the data as last synced (@len bytes, not mapped)
 * @vdma: the device address of the mapped part
 * @vsize: its bytes (the snapshot follows)
 *
 * Headed by its first slot.  Whoever moved it to MAKING or ENDING owns the
 * data fields until it moves it on.
 */
struct wdmdma_map {
	enum wdmdma_map_state state;
	u32 gen;
	enum wdmdma_map_kind kind;
	enum dma_data_direction dir;
	PMDL mdl;
	unsigned long va;
	u32 len;
	u32 nregs;
	u32 nents;
	int dma_nents;
	bool single;
	dma_addr_t dma;
	void *cpu;
	u32 pool_first;
	struct scatterlist *cur;
	u32 cur_idx;
	u32 cur_off;
	void *vbuf;
	dma_addr_t vdma;
	u32 vsize;
};

/* An adapter's hot-path counters (struct wdmdma_pcpu_stats). */
enum wdmdma_stat {
	WDMDMA_STAT_TRANSFERS,	/* mappings made (MapTransfer(Ex), lists, system DMA) */
	WDMDMA_STAT_BYTES,	/* bytes they cover */
	WDMDMA_STAT_BOUNCED,	/* bytes of them the device saw through a copy */
	WDMDMA_STAT_FLUSHES,	/* mappings ended by FlushAdapterBuffers(Ex) */
	WDMDMA_STAT_SGL_GETS,	/* scatter/gather lists built */
	WDMDMA_STAT_SGL_PUTS,	/* lists ended (Put, or taken back with their registers) */
	WDMDMA_STAT_N
};

/**
 * struct wdmdma_pcpu_stats - an adapter's hot-path counters, one set per CPU
 *	(summed when debugfs reads them; updated with this_cpu ops, no lock)
 * @v: indexed by enum wdmdma_stat
 */
struct wdmdma_pcpu_stats {
	u64 v[WDMDMA_STAT_N];
};

/* The life of an allocation record. */
enum wdmdma_alloc_state {
	WDMDMA_ALLOC_FREE,	/* not allocated */
	WDMDMA_ALLOC_HELD,	/* allocated: a live MapRegisterBase */
	WDMDMA_ALLOC_DOOMED,	/* freed while mapping; the last mapping releases it */
};

/**
 * struct wdmdma_alloc - an allocation of map registers: a MapRegisterBase
 * @lock: guards the fields below and the allocation's mapping records;
 *	inside the adapter lock when both are held
 * @chunk: the chunk of its slots
 * @first: index of its first slot in @chunk
 * @count: slots (map registers)
 * @state: see enum wdmdma_alloc_state
 * @gen: bumped at each release
 * @busy: mappings being made or ended outside the lock
 * @sgl: the scatter/gather list built with it, or NULL
 * @sgl_mdl: the MDL chain BuildMdlFromScatterGatherList made for it
 * @sgl_write: the list's direction
 *
 * @chunk and @first are fixed; the rest is under @lock.
 */
struct wdmdma_alloc {
	spinlock_t lock;		/* see above */
	struct wdmdma_chunk *chunk;
	u32 first;
	u32 count;
	enum wdmdma_alloc_state state;
	u32 gen;
	u32 busy;
	PSCATTER_GATHER_LIST sgl;
	PMDL sgl_mdl;
	bool sgl_write;
};

/**
 * struct wdmdma_chunk - a run of map-register slots
 * @next: the adapter's next chunk (the list only grows while it lives)
 * @adapter: its adapter
 * @nslots: slots
 * @busy: slots allocated (changed with atomic word operations)
 * @allocs: per slot: the allocation starting there
 * @maps: per slot: the mapping starting there
 * @sg: per slot: scatterlist entries
 * @arena: per slot: WDMDMA_SGL_STRIDE bytes of GetScatterGatherList lists
 * @poison: verifier mode, two bits per slot: bit 2s: slot s of @arena was
 *	poisoned at PutScatterGatherList; bit 2s + 1: a list's header starts
 *	there (left as it was).  Checked when the slot is next used for a
 *	list and at PutDmaAdapter (atomic bit operations)
 * @poisoned: a list was ever poisoned in @arena (only then is @poison
 *	looked at: the S/G hot path skips it otherwise)
 * @cpu: budgeted adapters: one reserve page per slot; else NULL
 * @dma: device address of @cpu
 */
struct wdmdma_chunk {
	struct wdmdma_chunk *next;
	struct wdmdma_adapter *adapter;
	u32 nslots;
	unsigned long *busy;
	struct wdmdma_alloc *allocs;
	struct wdmdma_map *maps;
	struct scatterlist *sg;
	void *arena;
	unsigned long *poison;
	bool poisoned;
	void *cpu;
	dma_addr_t dma;
};

/**
 * struct wdmdma_wait_ops - what a kind of request does with the channel
 * @run: the request was granted the channel and its registers (the
 *	adapter's owner_alloc): run the driver's routine and release the
 *	channel.  Called without the lock.  Return: 0, or -EAGAIN when it
 *	could not run yet (its registers were given back): it goes back to
 *	the head of the queue and is retried.
 * @drop: the adapter is released with the request still waiting: forget
 *	it, reporting @call; or CancelAdapterChannel took it off the queue
 *	(@call NULL: no misuse).  Called with the lock held.
 */
struct wdmdma_wait_ops {
	int (*run)(struct wdmdma_adapter *a, struct wdmdma_wait *w);
	void (*drop)(struct wdmdma_adapter *a, struct wdmdma_wait *w, const char *call);
};

/**
 * struct wdmdma_adapter - a DMA adapter object
 * @dma: what the driver sees; first, so a PDMA_ADAPTER is this object
 * @hash: on the hash of live adapters (RCU)
 * @link: on the list of all adapters (wdmdma_adapters_lock)
 * @ref: references: the driver's (until PutDmaAdapter) and entries that sleep
 * @rcu_work: PutDmaAdapter's deferred part
 * @id: number for reports ("adapter 3")
 * @dev: the device DMA is done for (referenced)
 * @pdo: the physical device object it was made for
 * @desc: the DEVICE_DESCRIPTION the driver gave; desc.ScatterGather says
 *	MapTransfer may return pieces, else every piece is the whole range
 * @width: the adapter's device address width in bits
 * @limit: the highest device address it may hand the device
 * @nregs: NumberOfMapRegisters: the most one request may hold
 * @budgeted: may bounce: registers are reserve pages (see THE RESOURCE MODEL)
 * @iommu: an IOMMU translates for the device
 * @has_devmask: counted as a user of its device's streaming mask (adapter.c)
 * @max_seg: the longest device-contiguous piece to build
 * @window: a system-DMA controller's segment boundary as a size (64 KiB for
 *	the 8-bit 8237), else 0: no reserve chunk and no mapping crosses one
 * @copy_only: every mapping is copied through the reserve (an ISA-era
 *	controller: the DMA API's own bounce pool may lie beyond its limit)
 * @chunk_slots: slots of a chunk added when the adapter grows
 * @max_slots: the most slots the adapter grows to
 * @lock: guards everything below it; see LOCKING in channel.c
 * @chunks: the slot chunks, oldest first
 * @nslots: slots in all chunks
 * @growing: a chunk is being added
 * @grow_failed: the last growth failed; waiters wait for frees
 * @owner: device object holding the channel; NULL when free
 * @owner_alloc: registers allocated with the channel to @owner
 * @in_routine: @owner's routine (AdapterControl or list control) is running
 * @routine_cpu: the CPU it runs on (bottom halves off: it cannot move)
 * @free_on_return: FreeAdapterChannel came from another CPU while the
 *	routine was returning; release the channel when it has returned
 * @waiters: requests waiting for the channel, oldest first
 * @common: common buffers outstanding (struct wdmdma_common)
 * @vectors: common buffer vectors outstanding (struct wdmdma_vector)
 * @dying: PutDmaAdapter has begun; nothing more is granted
 * @pool_busy: emergency pool pages in use (atomic word operations)
 * @work: runs waiters' routines once the channel frees up
 * @grow_work: adds a chunk of slots (process context)
 * @retry_work: retries a request that could not be mapped yet
 * @violations: misuses reported for this adapter
 * @checks: the same, per enum wdmdma_check
 * @verify: verifier mode is on for it (verifier.c; read with READ_ONCE)
 * @unverified: verifier-mode mappings that could not be double-buffered
 * @driver: the driver on top of the PDO's stack when the adapter was made
 *	(compared with, never dereferenced): its unload reports the adapter
 * @pool_cpu: emergency pool (adapters without budget): pages for mappings
 *	the DMA API could not make
 * @pool_dma: its device address
 * @pool_pages: its size in pages
 * @sys: a system-DMA adapter's channel and transfer (sysdma.c), else NULL
 * @stats: hot-path counters (per CPU)
 * @regs_used: map registers allocated now (an atomic add next to the slot
 *	bitmap's own atomic operations)
 * @regs_peak: the most @regs_used has been
 * @qdepth: requests in @waiters (under @lock)
 * @qpeak: the most @qdepth has been (under @lock)
 * @waits: requests granted after waiting in the queue (under @lock)
 * @wait_total_us: their time in the queue, microseconds (under @lock)
 * @wait_max_us: the longest of them (under @lock)
 * @dbg: its debugfs directory, or NULL (debugfs.c)
 */
struct wdmdma_adapter {
	DMA_ADAPTER dma;
	struct hlist_node hash;
	struct list_head link;
	struct kref ref;
	struct rcu_work rcu_work;
	unsigned int id;
	struct device *dev;
	PDEVICE_OBJECT pdo;
	DEVICE_DESCRIPTION desc;
	unsigned int width;
	u64 limit;
	u32 nregs;
	bool budgeted;
	bool iommu;
	bool has_devmask;
	unsigned int max_seg;
	u32 window;
	bool copy_only;
	u32 chunk_slots;
	u32 max_slots;

	spinlock_t lock;		/* see LOCKING in channel.c */
	struct wdmdma_chunk *chunks;
	u32 nslots;
	bool growing;
	bool grow_failed;
	PDEVICE_OBJECT owner;
	struct wdmdma_alloc *owner_alloc;
	bool in_routine;
	int routine_cpu;
	bool free_on_return;
	struct list_head waiters;
	struct list_head common;
	struct list_head vectors;
	bool dying;
	unsigned long *pool_busy;

	struct work_struct work;
	struct work_struct grow_work;
	struct delayed_work retry_work;
	atomic_long_t violations;
	atomic_long_t checks[WDMDMA_CHK_N];
	bool verify;
	atomic_long_t unverified;
	PDRIVER_OBJECT driver;

	void *pool_cpu;
	dma_addr_t pool_dma;
	u32 pool_pages;

	struct wdmdma_sysdma *sys;

	struct wdmdma_pcpu_stats __percpu *stats;
	atomic_long_t regs_used;
	unsigned long regs_peak;
	u32 qdepth;
	u32 qpeak;
	u64 waits;
	u64 wait_total_us;
	u32 wait_max_us;
	struct dentry *dbg;
};

/* Add @n to the calling CPU's counter @i of @a. */
static inline void wdmdma_stat_add(struct wdmdma_adapter *a, enum wdmdma_stat i, u64 n)
{
	this_cpu_add(a->stats->v[i], n);
}

/**
 * struct wdmdma_sysdma - a system-DMA adapter's channel and transfer
 *	(sysdma.c; LOCKING there)
 * @chan: the dmaengine slave channel, held for the adapter's life
 * @dev_addr: the device side's bus address (DeviceAddress, or the binding's)
 * @width: the device side's bus width (DmaWidth)
 * @cyclic: AutoInitialize: the controller loops over the range until flushed
 * @ignore_count: IgnoreCount: ReadDmaCounter is 0
 * @isa: the line's controller takes @isa_mode (wdmdma_dma_line.isa_mode)
 * @isa_mode: DemandMode and DmaSpeed, as the slave config's peripheral_config
 * @sg: a scatterlist of @nsg entries for the transfer's pieces
 * @list: the pieces as the core maps them (@nsg elements)
 * @nsg: entries of @sg and @list
 * @lock: guards what follows
 * @active: a transfer is mapped and not flushed
 * @finished: it is over (completed, failed, stopped, or never started)
 * @cancelled: CancelMappedTransfer: no new transfer until the channel is freed
 * @cookie: its dmaengine cookie
 * @residue: bytes it left untransferred when it ended
 * @done: the completion routine it still owes, or NULL
 * @done_ctx: @done's context
 */
struct wdmdma_sysdma {
	struct dma_chan *chan;
	dma_addr_t dev_addr;
	enum dma_slave_buswidth width;
	bool cyclic;
	bool ignore_count;
	bool isa;
	struct wdmdma_isa_dma_mode isa_mode;
	struct scatterlist *sg;
	PSCATTER_GATHER_LIST list;
	u32 nsg;

	spinlock_t lock;		/* guards what follows */
	bool active;
	bool finished;
	bool cancelled;
	dma_cookie_t cookie;
	u32 residue;
	PDMA_COMPLETION_ROUTINE done;
	PVOID done_ctx;
};

/* A DMA transfer context's magic once InitializeDmaTransferContext made it */
#define WDMDMA_XFER_MAGIC	0x58664457	/* "WDfX" */

/* The life of a DMA transfer context. */
enum wdmdma_xfer_state {
	WDMDMA_XFER_READY = 1,	/* initialized, no request made with it yet */
	WDMDMA_XFER_USED,	/* a request was made with it: initialize it again */
};

/**
 * struct wdmdma_xfer - what wdmdma keeps in a driver's DMA transfer context
 *	(DMA_TRANSFER_CONTEXT_SIZE_V1 bytes of the driver's memory)
 * @magic: WDMDMA_XFER_MAGIC; anything else is not an initialized context
 * @state: enum wdmdma_xfer_state, changed by cmpxchg (one request per
 *	initialization, also when two CPUs race for it)
 * @adapter: the adapter it was initialized for
 * @wait: AllocateAdapterChannelEx's request, queued while it waits
 * @routine: its AdapterControl routine, or NULL
 * @context: passed to @routine
 * @irp: the device object's CurrentIrp when the request was made
 */
struct wdmdma_xfer {
	u32 magic;
	u32 state;
	struct wdmdma_adapter *adapter;
	struct wdmdma_wait wait;
	PDRIVER_CONTROL routine;
	PVOID context;
	PIRP irp;
};

/* main.c */
extern unsigned int wdmdma_max_map_registers;
extern unsigned int wdmdma_max_reserve_pages;
bool wdmdma_fail_dma_map(void);

/* adapter.c */
struct wdmdma_adapter *wdmdma_adapter_find(PDMA_ADAPTER da, const char *call);
struct wdmdma_adapter *wdmdma_adapter_lookup(PDMA_ADAPTER da);
struct wdmdma_adapter *wdmdma_adapter_get_ref(PDMA_ADAPTER da, const char *call);
void wdmdma_adapter_put_ref(struct wdmdma_adapter *a);
PDMA_OPERATIONS wdmdma_adapter_ops(PDMA_ADAPTER da, const char *call);
struct wdmdma_adapter *wdmdma_adapter_create(struct device *dev, PDEVICE_OBJECT pdo,
					     const DEVICE_DESCRIPTION *desc,
					     const char *call);
void wdmdma_adapters_init(void);
void wdmdma_adapters_exit(void);
void *wdmdma_coherent_alloc(struct wdmdma_adapter *a, size_t size, dma_addr_t *dma,
			    gfp_t gfp);
void *wdmdma_coherent_alloc_below(struct wdmdma_adapter *a, size_t size, dma_addr_t *dma,
				  gfp_t gfp, u64 max, bool *unreachable);
extern struct device *wdmdma_legacy_dev;
extern struct mutex wdmdma_adapters_lock;

/* resource.c: slots, allocations, the reserve and the emergency pool */
int wdmdma_res_init(struct wdmdma_adapter *a);
void wdmdma_res_exit(struct wdmdma_adapter *a);
struct wdmdma_alloc *wdmdma_alloc_get(struct wdmdma_adapter *a, u32 count);
struct wdmdma_alloc *wdmdma_alloc_take(struct wdmdma_adapter *a, u32 count);
bool wdmdma_alloc_put(struct wdmdma_adapter *a, struct wdmdma_alloc *r, const char *call);
void wdmdma_res_freed(struct wdmdma_adapter *a);
bool wdmdma_bits_claim(unsigned long *map, u32 first, u32 n);
void wdmdma_bits_release(unsigned long *map, u32 first, u32 n);
u32 wdmdma_bits_take(unsigned long *map, u32 size, u32 n);
struct wdmdma_alloc *wdmdma_alloc_find(struct wdmdma_adapter *a, PVOID base,
				       const char *call);
bool wdmdma_alloc_live(struct wdmdma_adapter *a, struct wdmdma_alloc *r, const char *call);
void wdmdma_res_grow(struct wdmdma_adapter *a);
void wdmdma_grow_work(struct work_struct *work);
void wdmdma_res_teardown(struct wdmdma_adapter *a);
VOID wdmdma_free_map_registers(PDMA_ADAPTER da, PVOID base, ULONG count);

/* transfer.c: mappings */
void wdmdma_map_init(struct wdmdma_map *m, PMDL mdl, unsigned long va, u32 len,
		     enum dma_data_direction dir);
struct wdmdma_map *wdmdma_map_reserve(struct wdmdma_adapter *a, struct wdmdma_alloc *r,
				      PMDL mdl, unsigned long va, u32 *len,
				      enum dma_data_direction dir, const char *call);
int wdmdma_map_make(struct wdmdma_adapter *a, struct wdmdma_alloc *r, struct wdmdma_map *m);
bool wdmdma_map_unreserve(struct wdmdma_adapter *a, struct wdmdma_alloc *r,
			  struct wdmdma_map *m);
bool wdmdma_map_commit(struct wdmdma_adapter *a, struct wdmdma_alloc *r,
		       struct wdmdma_map *m, bool *release);
u32 wdmdma_map_piece(struct wdmdma_adapter *a, struct wdmdma_map *m, unsigned long va,
		     u32 want, dma_addr_t *addr);
void wdmdma_map_end(struct wdmdma_adapter *a, struct wdmdma_map *m, unsigned long va,
		    u32 len, const char *call);
void wdmdma_map_finish(struct wdmdma_adapter *a, struct wdmdma_map *m);
void *wdmdma_map_cpu_addr(struct wdmdma_adapter *a, struct wdmdma_map *m, u64 dma, u32 len);
bool wdmdma_map_bounced(struct wdmdma_adapter *a, struct wdmdma_map *m);
u32 wdmdma_map_pieces(struct wdmdma_adapter *a, struct wdmdma_map *m, unsigned long va,
		      u32 len, SCATTER_GATHER_ELEMENT *el, u32 max, u32 *n);
int wdmdma_mdl_at(PMDL *mdl, u64 offset, unsigned long *va);
void wdmdma_transfer_ex_ops(DMA_OPERATIONS *ops);
u32 wdmdma_map_transfer_list(struct wdmdma_adapter *a, PMDL mdl, PVOID base, unsigned long va,
			     u32 len, enum dma_data_direction dir, PSCATTER_GATHER_LIST list,
			     u32 max, const char *call);
PHYSICAL_ADDRESS wdmdma_map_transfer(PDMA_ADAPTER da, PMDL mdl, PVOID base,
				     PVOID current_va, PULONG length,
				     BOOLEAN write_to_device);
BOOLEAN wdmdma_flush_adapter_buffers(PDMA_ADAPTER da, PMDL mdl, PVOID base,
				     PVOID current_va, ULONG length,
				     BOOLEAN write_to_device);

/* channel.c: the channel and its FIFO of requests */
NTSTATUS wdmdma_allocate_adapter_channel(PDMA_ADAPTER da, PDEVICE_OBJECT devobj,
					 ULONG nregs, PDRIVER_CONTROL routine,
					 PVOID context);
VOID wdmdma_free_adapter_channel(PDMA_ADAPTER da);
void wdmdma_channel_free(struct wdmdma_adapter *a, bool keep_regs, const char *call);
void wdmdma_channel_returned(struct wdmdma_adapter *a, IO_ALLOCATION_ACTION action);
bool wdmdma_channel_grant(struct wdmdma_adapter *a, struct wdmdma_wait *w);
void wdmdma_channel_enqueue(struct wdmdma_adapter *a, struct wdmdma_wait *w);
void wdmdma_channel_defer(struct wdmdma_adapter *a, struct wdmdma_wait *w);
void wdmdma_channel_routine_begin(struct wdmdma_adapter *a);
void wdmdma_channel_release(struct wdmdma_adapter *a);
bool wdmdma_channel_inside(struct wdmdma_adapter *a);
void wdmdma_channel_work(struct work_struct *work);
void wdmdma_channel_retry_work(struct work_struct *work);
void wdmdma_channel_kick(struct wdmdma_adapter *a);
void wdmdma_channel_teardown(struct wdmdma_adapter *a);
void wdmdma_channel_reclaim(struct wdmdma_adapter *a);

/* sgl.c */
void wdmdma_sgl_ops(DMA_OPERATIONS *ops);

/* context.c: DMA transfer contexts and the version 3 channel entries */
struct wdmdma_xfer *wdmdma_xfer_claim(struct wdmdma_adapter *a, PVOID ctx, const char *call);
void wdmdma_xfer_unclaim(struct wdmdma_xfer *x);
bool wdmdma_xfer_valid(struct wdmdma_adapter *a, PVOID ctx, const char *call);
void wdmdma_context_ops(DMA_OPERATIONS *ops);

/* common.c */
PVOID wdmdma_allocate_common_buffer(PDMA_ADAPTER da, ULONG length,
				    PPHYSICAL_ADDRESS logical, BOOLEAN cache);
VOID wdmdma_free_common_buffer(PDMA_ADAPTER da, ULONG length,
			       PHYSICAL_ADDRESS logical, PVOID va, BOOLEAN cache);
void wdmdma_common_teardown(struct wdmdma_adapter *a);
void wdmdma_common_count(struct wdmdma_adapter *a, u32 *n, u64 *bytes, u32 *vectors);
void wdmdma_common_ops(DMA_OPERATIONS *ops);

/* sysdma.c: system DMA (Master = FALSE) on dmaengine slave channels */
int wdmdma_sysdma_bind(struct wdmdma_adapter *a, const char *call);
void wdmdma_sysdma_release(struct wdmdma_adapter *a);
NTSTATUS wdmdma_sysdma_map(struct wdmdma_adapter *a, PMDL mdl, PVOID base, unsigned long va,
			   u32 len, enum dma_data_direction dir, u32 devoff,
			   PDMA_COMPLETION_ROUTINE done, PVOID done_ctx, dma_addr_t *addr,
			   const char *call);
bool wdmdma_sysdma_stop(struct wdmdma_adapter *a, DMA_COMPLETION_STATUS status, bool end);
void wdmdma_sysdma_channel_freed(struct wdmdma_adapter *a, const char *call);
NTSTATUS wdmdma_cancel_mapped_transfer(PDMA_ADAPTER da, PVOID ctx);
void wdmdma_sysdma_ops(DMA_OPERATIONS *ops);

/* debugfs.c: what an adapter shows, the counters its users update */
void wdmdma_debugfs_adapter_add(struct wdmdma_adapter *a);
void wdmdma_debugfs_adapter_remove(struct wdmdma_adapter *a);
void wdmdma_stat_regs(struct wdmdma_adapter *a, long n);
void wdmdma_stat_queued(struct wdmdma_adapter *a, struct wdmdma_wait *w);
void wdmdma_stat_unqueued(struct wdmdma_adapter *a, struct wdmdma_wait *w, bool granted);
unsigned int wdmdma_now_us(void);
const char *wdmdma_adapter_mode(struct wdmdma_adapter *a);

/* verifier.c */
void wdmdma_verifier_adapter_init(struct wdmdma_adapter *a);
void wdmdma_guard_fill(void *buf, size_t from, size_t to);
u32 wdmdma_guard_check(const void *buf, size_t from, size_t to, size_t *first, size_t *last);
void wdmdma_verify_irql(struct wdmdma_adapter *a, const char *call, KIRQL now, KIRQL want);
void wdmdma_verify_access(struct wdmdma_adapter *a, const char *call, PMDL mdl, u32 len,
			  enum dma_data_direction dir);
void wdmdma_verifier_note(struct wdmdma_adapter *a, const char *call, const char *fmt, ...)
	__printf(3, 4);
void wdmdma_sgl_poison(struct wdmdma_adapter *a, struct wdmdma_alloc *r,
		       PSCATTER_GATHER_LIST list);
void wdmdma_sgl_poison_check(struct wdmdma_adapter *a, struct wdmdma_chunk *c, u32 first,
			     u32 count, const char *call);

/* stubs.c: entries of later work, STATUS_NOT_SUPPORTED until then */
extern const DMA_OPERATIONS wdmdma_stub_ops;

#endif /* _WDMDMA_DMA_H_ */
