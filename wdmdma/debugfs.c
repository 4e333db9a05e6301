// SPDX-License-Identifier: GPL-2.0
/*
 * What wdmdma shows in debugfs, and the adapter counters behind it.
 *
 *   wdmdma/drivers                 each ported driver's device objects and
 *                                  the IRPs in flight (rt/devobj.c)
 *   wdmdma/<device>/<id>/description  the DEVICE_DESCRIPTION and limits
 *   wdmdma/<device>/<id>/state     the adapter's figures, for people
 *   wdmdma/<device>/<id>/stats     the same as key=value lines, for tools
 *                                  (tools/wdmdma-stat)
 *
 * <device> is the Linux name of the PDO's device, <id> the adapter's number
 * in reports ("adapter 3").  An adapter's directory is made when
 * IoGetDmaAdapter returns it and removed by PutDmaAdapter's teardown, in
 * process context, before the adapter can be freed: debugfs_remove() waits
 * for a read in progress, and no file holds a reference of its own.
 *
 * COUNTERS
 *
 * Hot paths (MapTransfer, the lists, FlushAdapterBuffers) add to per-CPU
 * counters (struct wdmdma_pcpu_stats) without a lock, summed here.  Map
 * registers in use are an atomic count changed where an allocation's
 * slots are claimed and released (themselves atomic bitmap operations),
 * with a peak.  The queue's depth, peak and wait times change under the
 * adapter lock, where requests are queued and granted already.
 *
 * LOCKING
 *
 * wdmdma_dbg_lock (a mutex) guards the list of device directories; it is
 * taken in process context only, never under another wdmdma lock.
 */
#define pr_fmt(fmt) "wdmdma: " fmt

#include <linux/debugfs.h>
#include <linux/math64.h>
#include <linux/mutex.h>
#include <linux/sched/clock.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "dma.h"

/**
 * struct wdmdma_dbg_dev - a device's directory, shared by its adapters
 * @link: on wdmdma_dbg_devs
 * @name: the device's name
 * @dir: wdmdma/<name>/
 * @users: adapters with a directory in it
 */
struct wdmdma_dbg_dev {
	struct list_head link;
	const char *name;
	struct dentry *dir;
	unsigned int users;
};

static struct dentry *wdmdma_dbg_root;
static DEFINE_MUTEX(wdmdma_dbg_lock);		/* guards wdmdma_dbg_devs */
static LIST_HEAD(wdmdma_dbg_devs);

/**
 * wdmdma_now_us() - a microsecond clock for wait times
 *
 * Return: local_clock() in microseconds, cut to 32 bits: differences are
 * right for waits below 71 minutes.
 */
unsigned int wdmdma_now_us(void)
{
	return (unsigned int)div_u64(local_clock(), NSEC_PER_USEC);
}

/**
 * wdmdma_stat_regs() - map registers were allocated (@n > 0) or freed
 * @a: the adapter
 * @n: registers
 */
void wdmdma_stat_regs(struct wdmdma_adapter *a, long n)
{
	long used = atomic_long_add_return(n, &a->regs_used);
	unsigned long peak = READ_ONCE(a->regs_peak);

	/* the peak moves rarely: a compare-and-swap only when it does */
	while (used > 0 && (unsigned long)used > peak) {
		unsigned long old = cmpxchg(&a->regs_peak, peak, used);

		if (old == peak)
			break;
		peak = old;
	}
}

/**
 * wdmdma_stat_queued() - a request joins the adapter's queue
 * @a: the adapter; lock held
 * @w: the request; one granted that could not run yet (back at the
 *	head) waits again from now
 */
void wdmdma_stat_queued(struct wdmdma_adapter *a, struct wdmdma_wait *w)
{
	lockdep_assert_held(&a->lock);
	w->queued_us = wdmdma_now_us();
	if (++a->qdepth > a->qpeak)
		a->qpeak = a->qdepth;
}

/**
 * wdmdma_stat_unqueued() - a request leaves the adapter's queue
 * @a: the adapter; lock held
 * @w: the request
 * @granted: it got the channel (its wait counts); else dropped or cancelled
 */
void wdmdma_stat_unqueued(struct wdmdma_adapter *a, struct wdmdma_wait *w, bool granted)
{
	unsigned int us;

	lockdep_assert_held(&a->lock);
	if (a->qdepth)
		a->qdepth--;
	if (!granted)
		return;
	us = wdmdma_now_us() - w->queued_us;
	a->waits++;
	a->wait_total_us += us;
	if (us > a->wait_max_us)
		a->wait_max_us = us;
	trace_wdmdma_channel_grant(a->id, w->devobj, us);
}

/**
 * struct wdmdma_figures - an adapter's figures at one moment
 * @stat: the per-CPU counters, summed (enum wdmdma_stat)
 * @regs_used: map registers allocated
 * @regs_peak: the most at once
 * @slots: map-register slots (reserve pages when budgeted)
 * @pool_used: emergency pool pages in use
 * @qdepth: requests waiting
 * @qpeak: the most at once
 * @waits: requests granted after waiting
 * @wait_total_us: their total wait
 * @wait_max_us: the longest
 * @owner: the device object holding the channel, or NULL
 * @in_routine: its routine is running
 * @common: common buffers outstanding
 * @common_bytes: their bytes
 * @vectors: common buffer vectors outstanding
 * @violations: misuses reported for the adapter
 */
struct wdmdma_figures {
	u64 stat[WDMDMA_STAT_N];
	long regs_used;
	unsigned long regs_peak;
	u32 slots;
	u32 pool_used;
	u32 qdepth;
	u32 qpeak;
	u64 waits;
	u64 wait_total_us;
	u32 wait_max_us;
	void *owner;
	bool in_routine;
	u32 common;
	u64 common_bytes;
	u32 vectors;
	unsigned long violations;
};

static void wdmdma_figures_get(struct wdmdma_adapter *a, struct wdmdma_figures *f)
{
	const struct wdmdma_pcpu_stats *s;
	int cpu, i;

	memset(f, 0, sizeof(*f));
	for_each_possible_cpu(cpu) {
		s = per_cpu_ptr(a->stats, cpu);
		for (i = 0; i < WDMDMA_STAT_N; i++)
			f->stat[i] += READ_ONCE(s->v[i]);
	}
	f->regs_used = atomic_long_read(&a->regs_used);
	f->regs_peak = READ_ONCE(a->regs_peak);
	f->violations = atomic_long_read(&a->violations);
	if (a->pool_busy)
		f->pool_used = bitmap_weight(a->pool_busy, max(a->pool_pages, 1U));

	spin_lock_bh(&a->lock);
	f->slots = a->nslots;
	f->qdepth = a->qdepth;
	f->qpeak = a->qpeak;
	f->waits = a->waits;
	f->wait_total_us = a->wait_total_us;
	f->wait_max_us = a->wait_max_us;
	f->owner = a->owner;
	f->in_routine = a->in_routine;
	wdmdma_common_count(a, &f->common, &f->common_bytes, &f->vectors);
	spin_unlock_bh(&a->lock);
}

/**
 * wdmdma_adapter_mode() - how an adapter's mappings are made
 * @a: the adapter
 *
 * Return: "system" (a dmaengine channel), "iommu", "bounce" (budgeted: it
 * may copy, see THE RESOURCE MODEL in dma.h) or "direct".
 */
const char *wdmdma_adapter_mode(struct wdmdma_adapter *a)
{
	if (a->sys)
		return "system";
	if (a->iommu)
		return "iommu";
	return a->budgeted ? "bounce" : "direct";
}

static const char *wdmdma_adapter_chan(struct wdmdma_adapter *a)
{
	return a->sys ? dma_chan_name(a->sys->chan) : "-";
}

static const char *wdmdma_adapter_devname(struct wdmdma_adapter *a)
{
	struct device *dev = a->pdo ? wdmdma_pdo_device(a->pdo) : NULL;

	return dev_name(dev ? dev : a->dev);
}

/* wdmdma/<device>/<id>/stats: every figure, one key=value a line. */
static int wdmdma_stats_show(struct seq_file *m, void *unused)
{
	struct wdmdma_adapter *a = m->private;
	const DEVICE_DESCRIPTION *d = &a->desc;
	struct wdmdma_figures f;
	int i;

	wdmdma_figures_get(a, &f);
	seq_printf(m, "adapter=%u\ndevice=%s\ndma_device=%s\n", a->id,
		   wdmdma_adapter_devname(a), dev_name(a->dev));
	seq_printf(m, "version=%u\nmaster=%u\nscatter_gather=%u\ndma32=%u\ndma64=%u\n",
		   d->Version, d->Master, d->ScatterGather, d->Dma32BitAddresses,
		   d->Dma64BitAddresses);
	seq_printf(m, "maximum_length=%u\ninterface_type=%d\ndma_width=%d\ndma_address_width=%u\n",
		   d->MaximumLength, d->InterfaceType, d->DmaWidth, d->DmaAddressWidth);
	seq_printf(m, "width=%u\nlimit=0x%llx\nmask=0x%llx\nmax_segment=%u\nboundary=0x%lx\n",
		   a->width, a->limit, dma_get_mask(a->dev), a->max_seg,
		   dma_get_seg_boundary(a->dev));
	seq_printf(m, "mode=%s\nchannel=%s\nbudgeted=%u\n", wdmdma_adapter_mode(a),
		   wdmdma_adapter_chan(a), a->budgeted);
	seq_printf(m, "map_registers=%u\nmap_registers_in_use=%ld\nmap_registers_peak=%lu\n",
		   a->nregs, f.regs_used, f.regs_peak);
	seq_printf(m, "slots=%u\nreserve_pages=%u\nreserve_max_pages=%u\npool_pages=%u\npool_in_use=%u\n",
		   f.slots, a->budgeted ? f.slots : 0, a->budgeted ? a->max_slots : 0,
		   a->pool_pages, f.pool_used);
	seq_printf(m, "channel_owner=%s\nin_routine=%u\n", f.owner ? "held" : "free",
		   f.in_routine);
	seq_printf(m, "queue_depth=%u\nqueue_peak=%u\nwaits=%llu\nwait_total_us=%llu\nwait_max_us=%u\n",
		   f.qdepth, f.qpeak, f.waits, f.wait_total_us, f.wait_max_us);
	seq_printf(m, "transfers=%llu\n", f.stat[WDMDMA_STAT_TRANSFERS]);
	seq_printf(m, "bytes=%llu\n", f.stat[WDMDMA_STAT_BYTES]);
	seq_printf(m, "bounced_bytes=%llu\n", f.stat[WDMDMA_STAT_BOUNCED]);
	seq_printf(m, "flushes=%llu\n", f.stat[WDMDMA_STAT_FLUSHES]);
	seq_printf(m, "sg_lists=%llu\n", f.stat[WDMDMA_STAT_SGL_GETS]);
	seq_printf(m, "sg_lists_outstanding=%llu\n",
		   f.stat[WDMDMA_STAT_SGL_GETS] - f.stat[WDMDMA_STAT_SGL_PUTS]);
	seq_printf(m, "common_buffers=%u\ncommon_buffer_bytes=%llu\ncommon_buffer_vectors=%u\n",
		   f.common, f.common_bytes, f.vectors);
	seq_printf(m, "violations=%lu\n", f.violations);
	seq_printf(m, "verifier=%u\nunverified=%ld\n", READ_ONCE(a->verify),
		   atomic_long_read(&a->unverified));
	for (i = 0; i < WDMDMA_CHK_N; i++)
		if (atomic_long_read(&a->checks[i]))
			seq_printf(m, "check.%s=%ld\n", wdmdma_check_name(i),
				   atomic_long_read(&a->checks[i]));
	return 0;
}

/*
 * The files are made with debugfs_create_file_unsafe(), so that their
 * read_iter (seq_read_iter) is their own and kernel_read() works on them
 * (the KUnit suite reads them); each show runs inside debugfs_file_get(),
 * which debugfs_remove() waits for and which fails once the file is gone:
 * a read never touches a released adapter.
 */
static int wdmdma_dbg_guard(struct seq_file *m, int (*show)(struct seq_file *m, void *v))
{
	struct dentry *dentry = m->file->f_path.dentry;
	int ret = debugfs_file_get(dentry);

	if (ret)
		return ret;
	ret = show(m, NULL);
	debugfs_file_put(dentry);
	return ret;
}

#define WDMDMA_DBG_FILE(name)						\
static int name##_guarded(struct seq_file *m, void *v)			\
{									\
	return wdmdma_dbg_guard(m, name##_show);			\
}									\
static int name##_open(struct inode *inode, struct file *file)		\
{									\
	return single_open(file, name##_guarded, inode->i_private);	\
}									\
static const struct file_operations name##_fops = {			\
	.owner = THIS_MODULE,						\
	.open = name##_open,						\
	.read_iter = seq_read_iter,					\
	.llseek = seq_lseek,						\
	.release = single_release,					\
}

WDMDMA_DBG_FILE(wdmdma_stats);

/* wdmdma/<device>/<id>/description: what the driver asked for, and got. */
static int wdmdma_description_show(struct seq_file *m, void *unused)
{
	struct wdmdma_adapter *a = m->private;
	const DEVICE_DESCRIPTION *d = &a->desc;

	seq_printf(m, "Version               %u\n", d->Version);
	seq_printf(m, "Master                %u\n", d->Master);
	seq_printf(m, "ScatterGather         %u\n", d->ScatterGather);
	seq_printf(m, "DemandMode            %u\n", d->DemandMode);
	seq_printf(m, "AutoInitialize        %u\n", d->AutoInitialize);
	seq_printf(m, "Dma32BitAddresses     %u\n", d->Dma32BitAddresses);
	seq_printf(m, "IgnoreCount           %u\n", d->IgnoreCount);
	seq_printf(m, "Dma64BitAddresses     %u\n", d->Dma64BitAddresses);
	seq_printf(m, "BusNumber             %u\n", d->BusNumber);
	seq_printf(m, "DmaChannel            %u\n", d->DmaChannel);
	seq_printf(m, "InterfaceType         %d\n", d->InterfaceType);
	seq_printf(m, "DmaWidth              %d\n", d->DmaWidth);
	seq_printf(m, "DmaSpeed              %d\n", d->DmaSpeed);
	seq_printf(m, "MaximumLength         %u\n", d->MaximumLength);
	seq_printf(m, "DmaPort               %u\n", d->DmaPort);
	if (d->Version == DEVICE_DESCRIPTION_VERSION3) {
		seq_printf(m, "DmaAddressWidth       %u\n", d->DmaAddressWidth);
		seq_printf(m, "DmaControllerInstance %u\n", d->DmaControllerInstance);
		seq_printf(m, "DmaRequestLine        %u\n", d->DmaRequestLine);
		seq_printf(m, "DeviceAddress         0x%llx\n", d->DeviceAddress.QuadPart);
	}
	seq_puts(m, "\nlimits\n");
	seq_printf(m, "address width         %u bits (highest device address 0x%llx)\n",
		   a->width, a->limit);
	seq_printf(m, "device DMA mask       0x%llx (%s)\n", dma_get_mask(a->dev),
		   dev_name(a->dev));
	seq_printf(m, "max segment           %u bytes\n", a->max_seg);
	seq_printf(m, "segment boundary      0x%lx\n", dma_get_seg_boundary(a->dev));
	seq_printf(m, "NumberOfMapRegisters  %u\n", a->nregs);
	return 0;
}

WDMDMA_DBG_FILE(wdmdma_description);

/* wdmdma/<device>/<id>/state: the figures, for people. */
static int wdmdma_state_show(struct seq_file *m, void *unused)
{
	struct wdmdma_adapter *a = m->private;
	const char *sep = ";";
	struct wdmdma_figures f;
	int i;

	wdmdma_figures_get(a, &f);
	seq_printf(m, "adapter %u of %s: mode %s%s%s\n", a->id, wdmdma_adapter_devname(a),
		   wdmdma_adapter_mode(a), a->sys ? ", channel " : "",
		   a->sys ? wdmdma_adapter_chan(a) : "");
	seq_printf(m, "map registers   %u per transfer; %ld in use, peak %lu\n", a->nregs,
		   f.regs_used, f.regs_peak);
	if (a->budgeted)
		seq_printf(m, "reserve         %u pages (grows to %u)\n", f.slots, a->max_slots);
	else
		seq_printf(m, "slots           %u (bookkeeping); emergency pool %u pages, %u in use\n",
			   f.slots, a->pool_pages, f.pool_used);
	seq_printf(m, "channel         %s%s\n", f.owner ? "held" : "free",
		   f.in_routine ? " (routine running)" : "");
	seq_printf(m, "queue           %u waiting, peak %u\n", f.qdepth, f.qpeak);
	seq_printf(m, "waits           %llu, total %llu us, worst %u us\n", f.waits,
		   f.wait_total_us, f.wait_max_us);
	seq_printf(m, "transfers       %llu, %llu bytes, %llu bounced; %llu flushed\n",
		   f.stat[WDMDMA_STAT_TRANSFERS], f.stat[WDMDMA_STAT_BYTES],
		   f.stat[WDMDMA_STAT_BOUNCED], f.stat[WDMDMA_STAT_FLUSHES]);
	seq_printf(m, "S/G lists       %llu built, %llu outstanding\n",
		   f.stat[WDMDMA_STAT_SGL_GETS],
		   f.stat[WDMDMA_STAT_SGL_GETS] - f.stat[WDMDMA_STAT_SGL_PUTS]);
	seq_printf(m, "common buffers  %u (%llu bytes), %u vectors\n", f.common,
		   f.common_bytes, f.vectors);
	seq_printf(m, "misuse reports  %lu\n", f.violations);
	seq_printf(m, "verifier        %s", READ_ONCE(a->verify) ? "on" : "off");
	if (atomic_long_read(&a->unverified))
		seq_printf(m, ", %ld mappings not double-buffered",
			   atomic_long_read(&a->unverified));
	for (i = 0; i < WDMDMA_CHK_N; i++) {
		if (!atomic_long_read(&a->checks[i]))
			continue;
		seq_printf(m, "%s %s %ld", sep, wdmdma_check_name(i),
			   atomic_long_read(&a->checks[i]));
		sep = ",";
	}
	seq_putc(m, '\n');
	return 0;
}

WDMDMA_DBG_FILE(wdmdma_state);

/**
 * wdmdma_adapter_stats_text() - what an adapter's debugfs stats file reads
 * @adapter: a live adapter
 * @buf: receives the text, NUL-terminated
 * @size: bytes of @buf
 *
 * For tests (and code that cannot open debugfs): the same function fills
 * it as the file's.
 *
 * Return: the text's length, -ENOENT for no live adapter, -ENOSPC when
 * @buf is too small.
 */
LONG_PTR wdmdma_adapter_stats_text(PDMA_ADAPTER adapter, PCHAR buf, SIZE_T size)
{
	struct seq_file m = { .buf = buf, .size = size };
	struct wdmdma_adapter *a;
	LONG_PTR ret;

	if (!buf || !size)
		return -ENOSPC;
	a = wdmdma_adapter_get_ref(adapter, "wdmdma_adapter_stats_text");
	if (!a)
		return -ENOENT;
	m.private = a;
	wdmdma_stats_show(&m, NULL);
	ret = seq_has_overflowed(&m) || m.count >= size ? -ENOSPC : (LONG_PTR)m.count;
	buf[min(m.count, size - 1)] = '\0';
	wdmdma_adapter_put_ref(a);
	return ret;
}
EXPORT_SYMBOL_GPL(wdmdma_adapter_stats_text);

/**
 * wdmdma_adapter_debugfs_name() - an adapter's debugfs directory, relative
 *	to the debugfs mount
 * @adapter: a live adapter
 * @buf: receives "wdmdma/<device>/<id>"
 * @size: bytes of @buf
 *
 * Return: 0, -ENOENT for no live adapter or -ENOSPC.
 */
LONG wdmdma_adapter_debugfs_name(PDMA_ADAPTER adapter, PCHAR buf, SIZE_T size)
{
	struct wdmdma_adapter *a;
	int n;

	rcu_read_lock();
	a = wdmdma_adapter_lookup(adapter);
	n = a ? snprintf(buf, size, "wdmdma/%s/%u", wdmdma_adapter_devname(a), a->id) : -1;
	rcu_read_unlock();
	if (n < 0)
		return -ENOENT;
	return n >= size ? -ENOSPC : 0;
}
EXPORT_SYMBOL_GPL(wdmdma_adapter_debugfs_name);

/* The directory of @name, made or with one more user.  wdmdma_dbg_lock held. */
static struct wdmdma_dbg_dev *wdmdma_dbg_dev_get(const char *name)
{
	struct wdmdma_dbg_dev *d;

	list_for_each_entry(d, &wdmdma_dbg_devs, link)
		if (!strcmp(d->name, name)) {
			d->users++;
			return d;
		}
	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return NULL;
	d->name = kstrdup(name, GFP_KERNEL);
	if (!d->name)
		goto err_free;
	d->dir = debugfs_create_dir(name, wdmdma_dbg_root);
	if (IS_ERR(d->dir))
		goto err_name;
	d->users = 1;
	list_add(&d->link, &wdmdma_dbg_devs);
	return d;

err_name:
	kfree(d->name);
err_free:
	kfree(d);
	return NULL;
}

/* One user less; the last removes the directory.  wdmdma_dbg_lock held. */
static void wdmdma_dbg_dev_put(struct wdmdma_dbg_dev *d)
{
	if (--d->users)
		return;
	list_del(&d->link);
	debugfs_remove(d->dir);
	kfree(d->name);
	kfree(d);
}

static struct wdmdma_dbg_dev *wdmdma_dbg_dev_of(struct dentry *dir)
{
	struct wdmdma_dbg_dev *d;

	list_for_each_entry(d, &wdmdma_dbg_devs, link)
		if (d->dir == dir)
			return d;
	return NULL;
}

/**
 * wdmdma_debugfs_adapter_add() - give a new adapter its directory
 * @a: the adapter, live
 *
 * Without debugfs (or memory) the adapter works, unseen.
 *
 * Context: process context.
 */
void wdmdma_debugfs_adapter_add(struct wdmdma_adapter *a)
{
	struct wdmdma_dbg_dev *d;
	struct dentry *dir;
	char id[16];

	if (IS_ERR_OR_NULL(wdmdma_dbg_root))
		return;
	snprintf(id, sizeof(id), "%u", a->id);
	mutex_lock(&wdmdma_dbg_lock);
	d = wdmdma_dbg_dev_get(wdmdma_adapter_devname(a));
	if (!d)
		goto out;
	dir = debugfs_create_dir(id, d->dir);
	if (IS_ERR(dir)) {
		wdmdma_dbg_dev_put(d);
		goto out;
	}
	debugfs_create_file_unsafe("description", 0444, dir, a, &wdmdma_description_fops);
	debugfs_create_file_unsafe("state", 0444, dir, a, &wdmdma_state_fops);
	debugfs_create_file_unsafe("stats", 0444, dir, a, &wdmdma_stats_fops);
	debugfs_create_bool("verifier", 0600, dir, &a->verify);
	a->dbg = dir;
out:
	mutex_unlock(&wdmdma_dbg_lock);
}

/**
 * wdmdma_debugfs_adapter_remove() - PutDmaAdapter: the directory goes
 * @a: the adapter, not yet freed
 *
 * Returns once no read of its files is in progress.
 *
 * Context: process context.
 */
void wdmdma_debugfs_adapter_remove(struct wdmdma_adapter *a)
{
	struct wdmdma_dbg_dev *d;

	if (!a->dbg)
		return;
	mutex_lock(&wdmdma_dbg_lock);
	d = wdmdma_dbg_dev_of(a->dbg->d_parent);
	debugfs_remove(a->dbg);
	a->dbg = NULL;
	if (d)
		wdmdma_dbg_dev_put(d);
	mutex_unlock(&wdmdma_dbg_lock);
}

static int wdmdma_drivers_file_show(struct seq_file *m, void *unused)
{
	wdmdma_drivers_show(m);
	return 0;
}

WDMDMA_DBG_FILE(wdmdma_drivers_file);

/**
 * wdmdma_debugfs_init() - make wdmdma/ and wdmdma/drivers (module init)
 */
void wdmdma_debugfs_init(void)
{
	wdmdma_dbg_root = debugfs_create_dir("wdmdma", NULL);
	if (IS_ERR(wdmdma_dbg_root))
		return;
	debugfs_create_file_unsafe("drivers", 0444, wdmdma_dbg_root, NULL,
				   &wdmdma_drivers_file_fops);
}

/**
 * wdmdma_debugfs_dir() - debugfs wdmdma/, for the runtime's own files
 *
 * Return: the directory, or NULL/an error pointer when debugfs has none.
 */
struct dentry *wdmdma_debugfs_dir(void)
{
	return wdmdma_dbg_root;
}

/**
 * wdmdma_debugfs_exit() - remove wdmdma/ and all under it (module exit)
 *
 * Adapters never released (reported at exit) lose their directories too.
 */
void wdmdma_debugfs_exit(void)
{
	struct wdmdma_dbg_dev *d, *next;

	debugfs_remove(wdmdma_dbg_root);
	wdmdma_dbg_root = NULL;
	mutex_lock(&wdmdma_dbg_lock);
	list_for_each_entry_safe(d, next, &wdmdma_dbg_devs, link) {
		list_del(&d->link);
		kfree(d->name);
		kfree(d);
	}
	mutex_unlock(&wdmdma_dbg_lock);
}
