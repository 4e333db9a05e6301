// SPDX-License-Identifier: GPL-2.0
/*
 * Mappings, and the packet-DMA entries on them: MapTransfer() and
 * FlushAdapterBuffers().
 *
 * A mapping is made in three steps, the same for MapTransfer and for the
 * scatter/gather lists: reserve the next free registers of the allocation
 * and the mapping record (lock held), make the mapping (lock not held),
 * commit it (lock held).  Making it tries the DMA API first; when that
 * fails, or hands the device an address beyond the adapter's own limit, or
 * gives a master without scatter/gather more than one piece, the data is
 * copied through memory the adapter owns: the allocation's reserve pages
 * (budgeted adapters), else the emergency pool.  A copy always starts with
 * the caller's own data, also for a device-to-memory transfer, so neither
 * the device nor the caller ever sees bytes of another transfer.
 *
 * MapTransfer maps [CurrentVa, CurrentVa + Length) with the allocation's
 * next registers in one go and returns its first device-contiguous piece;
 * a scatter/gather driver calls again for the following pieces of that
 * mapping.  FlushAdapterBuffers ends every mapping of the MDL that starts
 * in its range, copying back exactly the bytes of the range it names.
 *
 * Locking: see channel.c.
 */
#include <linux/dma-direct.h>
#include <linux/highmem.h>
#include <linux/mm.h>

#include "dma.h"

/* Copy between an MDL's pages and a kernel buffer. */
static void wdmdma_mdl_copy(PMDL mdl, unsigned long va, void *buf, u32 len,
			    bool from_mdl)
{
	unsigned long base = (unsigned long)mdl->StartVa;

	while (len) {
		struct page *page = wdmdma_mdl_page(mdl, (va - base) >> PAGE_SHIFT);
		u32 off = offset_in_page(va);
		u32 n = min_t(u32, len, PAGE_SIZE - off);

		if (from_mdl)
			memcpy_from_page(buf, page, off, n);
		else
			memcpy_to_page(page, off, buf, n);
		buf += n;
		va += n;
		len -= n;
	}
}

/* Do an MDL's bytes [va, va + len) differ from @buf? */
static bool wdmdma_mdl_differs(PMDL mdl, unsigned long va, const void *buf, u32 len)
{
	unsigned long base = (unsigned long)mdl->StartVa;
	bool differs = false;

	while (len && !differs) {
		struct page *page = wdmdma_mdl_page(mdl, (va - base) >> PAGE_SHIFT);
		u32 off = offset_in_page(va);
		u32 n = min_t(u32, len, PAGE_SIZE - off);
		void *p = kmap_local_page(page);

		differs = memcmp(p + off, buf, n);
		kunmap_local(p);
		buf += n;
		va += n;
		len -= n;
	}
	return differs;
}

static u32 wdmdma_map_slot(struct wdmdma_alloc *r, struct wdmdma_map *m)
{
	return m - r->chunk->maps;
}

/**
 * wdmdma_map_init() - a mapping record is reserved for a range: MAKING
 * @m: the record, owned by the caller (free, or its allocation's own)
 * @mdl: the MDL to map
 * @va: first byte
 * @len: bytes
 * @dir: direction
 */
void wdmdma_map_init(struct wdmdma_map *m, PMDL mdl, unsigned long va, u32 len,
		     enum dma_data_direction dir)
{
	*m = (struct wdmdma_map){ .state = WDMDMA_MAP_MAKING, .gen = m->gen + 1, .mdl = mdl,
				  .va = va, .len = len, .dir = dir,
				  .nregs = ADDRESS_AND_SIZE_TO_SPAN_PAGES(va, len) };
}

/**
 * wdmdma_map_reserve() - reserve the allocation's next free registers
 * @a: the adapter
 * @r: the allocation; its lock held
 * @mdl: the MDL to map
 * @va: first byte
 * @len: in: bytes; out: cut to what the free run of registers covers
 * @dir: direction
 * @call: the entry, for reports
 *
 * The allocation's registers are used in order: a live mapping's record
 * heads the registers it occupies, so a walk from the first register,
 * skipping over mappings, finds the first free run.
 *
 * Return: the mapping record, MAKING and owned by the caller, or NULL
 * (reported) when every register of the allocation is mapped.
 */
struct wdmdma_map *wdmdma_map_reserve(struct wdmdma_adapter *a, struct wdmdma_alloc *r,
				      PMDL mdl, unsigned long va, u32 *len,
				      enum dma_data_direction dir, const char *call)
{
	struct wdmdma_map *maps = r->chunk->maps;
	u32 end = r->first + r->count, first, run, pages;
	struct wdmdma_map *m;

	lockdep_assert_held(&r->lock);
	for (first = r->first; first < end && maps[first].state; first += maps[first].nregs)
		;
	if (first >= end) {
		wdmdma_report_chk(a, call, WDMDMA_CHK_REGS_EXHAUSTED,
				  "all %u map registers are mapped (flush first)", r->count);
		return NULL;
	}
	for (run = 1; first + run < end && !maps[first + run].state; run++)
		;
	pages = DIV_ROUND_UP(offset_in_page(va) + (u64)*len, PAGE_SIZE);
	if (pages > run) {
		if (!a->desc.ScatterGather)
			wdmdma_report_chk(a, call, WDMDMA_CHK_REGS_EXHAUSTED,
					  "Length %u needs %u map registers, %u left",
					  *len, pages, run);
		*len = (run << PAGE_SHIFT) - offset_in_page(va);
	}
	m = &maps[first];
	wdmdma_map_init(m, mdl, va, *len, dir);
	r->busy++;
	return m;
}

/*
 * Fill the mapping's scatterlist from the MDL's pages, one entry per run of
 * physically contiguous pages, no entry longer than the adapter's max_seg.
 * Return: the entry count, or -EINVAL for a page frame that is not RAM.
 */
static int wdmdma_map_build_sg(struct wdmdma_adapter *a, struct wdmdma_map *m,
			       struct scatterlist *sgl)
{
	unsigned long va = m->va, end = m->va + m->len;
	unsigned long base = (unsigned long)m->mdl->StartVa;
	struct scatterlist *s = NULL;
	unsigned long prev = 0;
	int nents = 0;

	sg_init_table(sgl, m->nregs);
	while (va < end) {
		struct page *page = wdmdma_mdl_page(m->mdl, (va - base) >> PAGE_SHIFT);
		u32 off = offset_in_page(va);
		u32 len = min_t(unsigned long, PAGE_SIZE - off, end - va);

		if (!page)
			return -EINVAL;
		if (s && page_to_pfn(page) == prev + 1 && !off && s->length + len <= a->max_seg) {
			s->length += len;
		} else {
			s = s ? sg_next(s) : sgl;
			sg_set_page(s, page, len, off);
			nents++;
		}
		prev = page_to_pfn(page);
		va += len;
	}
	sg_mark_end(s);
	return nents;
}

/* Does every device segment end within the adapter's limit? */
static bool wdmdma_map_in_limit(struct wdmdma_adapter *a, struct scatterlist *sgl, int n)
{
	struct scatterlist *s;
	int i;

	for_each_sg(sgl, s, n, i)
		if (sg_dma_address(s) + sg_dma_len(s) - 1 > a->limit)
			return false;
	return true;
}

/* Undo a DMA API mapping, as it was made. */
static void wdmdma_map_unmap(struct wdmdma_adapter *a, struct wdmdma_map *m,
			     unsigned long attrs)
{
	struct scatterlist *sgl = m->cur - m->cur_idx;

	if (m->single)
		dma_unmap_page_attrs(a->dev, sg_dma_address(sgl), sg_dma_len(sgl), m->dir, attrs);
	else
		dma_unmap_sg_attrs(a->dev, sgl, m->nents, m->dir, attrs);
}

/*
 * Map through the DMA API: dma_map_page() for one segment, dma_map_sg()
 * for more.  Return: 0, or -errno when it cannot serve.
 */
static int wdmdma_map_api(struct wdmdma_adapter *a, struct wdmdma_map *m,
			  struct scatterlist *sgl)
{
	int n;

	if (wdmdma_fail_dma_map())
		return -ENOMEM;
	m->cur = sgl;
	m->cur_idx = 0;
	m->cur_off = 0;
	if (m->nents == 1) {		/* one segment: the page is all there is */
		dma_addr_t addr = dma_map_page(a->dev, sg_page(sgl), sgl->offset, sgl->length,
					       m->dir);

		if (dma_mapping_error(a->dev, addr))
			return -ENOMEM;
		sg_dma_address(sgl) = addr;
		sg_dma_len(sgl) = sgl->length;
		m->single = true;
		n = 1;
	} else {
		n = dma_map_sg(a->dev, sgl, m->nents, m->dir);
		if (n <= 0)
			return -ENOMEM;
		m->single = false;
	}
	m->kind = WDMDMA_MAP_API;
	m->dma_nents = n;
	if ((!a->desc.ScatterGather && n != 1) || !wdmdma_map_in_limit(a, sgl, n)) {
		wdmdma_map_unmap(a, m, DMA_ATTR_SKIP_CPU_SYNC);
		return -ERANGE;
	}
	return 0;
}

/*
 * Map through the adapter's own memory: the allocation's reserve pages, or
 * the emergency pool.  The copy starts with the caller's data, whatever
 * the direction.  Return: 0, or -ENOMEM when the pool is taken.
 */
static int wdmdma_map_copy(struct wdmdma_adapter *a, struct wdmdma_alloc *r,
			   struct wdmdma_map *m)
{
	size_t off = offset_in_page(m->va);
	u32 first;

	if (a->budgeted) {
		off += (size_t)wdmdma_map_slot(r, m) << PAGE_SHIFT;
		m->kind = WDMDMA_MAP_RESERVE;
		m->cpu = r->chunk->cpu + off;
		m->dma = r->chunk->dma + off;
	} else {
		first = wdmdma_bits_take(a->pool_busy, a->pool_pages, m->nregs);
		if (first >= a->pool_pages)
			return -ENOMEM;
		off += (size_t)first << PAGE_SHIFT;
		m->kind = WDMDMA_MAP_POOL;
		m->pool_first = first;
		m->cpu = a->pool_cpu + off;
		m->dma = a->pool_dma + off;
	}
	wdmdma_mdl_copy(m->mdl, m->va, m->cpu, m->len, true);
	return 0;
}

/* The page allocator's zone for memory the adapter can reach. */
static gfp_t wdmdma_verify_zone(struct wdmdma_adapter *a)
{
#ifdef CONFIG_ZONE_DMA
	if (a->limit < SZ_16M - 1)
		return GFP_DMA;
#endif
#ifdef CONFIG_ZONE_DMA32
	if (a->limit < U32_MAX)
		return GFP_DMA32;
#endif
	return 0;
}

/*
 * Verifier mode: the device sees a copy of the data with guard areas
 * around it, mapped whole: the page before the data's first page (and
 * the data's first page up to it) and everything after its last byte up
 * to the end of the page after its last page hold the guard pattern, so a
 * device writing before or past the range writes there, and
 * wdmdma_map_verify_end() finds it.  The copy keeps the data's offset in
 * its page.  After the mapped part, not mapped, a snapshot of the data as
 * last synced tells a CPU write to the caller's buffer and a device write
 * to a memory-to-device copy.  Return: 0, or -errno (the mapping is made
 * the usual way and counted as not double-buffered).
 */
static int wdmdma_map_verify(struct wdmdma_adapter *a, struct wdmdma_map *m)
{
	size_t head = PAGE_SIZE + offset_in_page(m->va);
	size_t size = PAGE_SIZE + PAGE_ALIGN(offset_in_page(m->va) + m->len) + PAGE_SIZE;
	unsigned int order = get_order(size + m->len);
	struct page *page;
	dma_addr_t dma;
	u8 *buf;

	if (order > WDMDMA_MAX_ORDER || wdmdma_fail_dma_map())
		return -E2BIG;
	page = alloc_pages(wdmdma_gfp() | __GFP_NOWARN | wdmdma_verify_zone(a), order);
	if (!page)
		return -ENOMEM;
	buf = page_address(page);
	wdmdma_guard_fill(buf, 0, head);
	wdmdma_mdl_copy(m->mdl, m->va, buf + head, m->len, true);
	wdmdma_guard_fill(buf, head + m->len, size);
	dma = dma_map_page(a->dev, page, 0, size, DMA_BIDIRECTIONAL);
	if (dma_mapping_error(a->dev, dma))
		goto err_free;
	if (dma + size - 1 > a->limit) {
		dma_unmap_page(a->dev, dma, size, DMA_BIDIRECTIONAL);
		goto err_free;
	}
	m->kind = WDMDMA_MAP_VERIFY;
	m->vbuf = buf;
	m->vdma = dma;
	m->vsize = size;
	m->cpu = buf + head;
	m->dma = dma + head;
	memcpy(buf + size, m->cpu, m->len);	/* the snapshot */
	return 0;

err_free:
	__free_pages(page, order);
	return -ENOMEM;
}

/*
 * Undo a verifier-mode mapping: unmap the copy, check the guard areas and
 * the buffers (reported for @call; NULL: the device never had it), copy
 * back [@lo, @hi) of a device-to-memory mapping, free the copy.
 */
static void wdmdma_map_verify_end(struct wdmdma_adapter *a, struct wdmdma_map *m,
				  unsigned long lo, unsigned long hi, const char *call)
{
	size_t head = PAGE_SIZE + offset_in_page(m->va), first, last;
	const u8 *snap = (const u8 *)m->vbuf + m->vsize;
	const char *dir = m->dir == DMA_TO_DEVICE ? "memory to device" : "device to memory";
	u32 n;

	dma_unmap_page(a->dev, m->vdma, m->vsize, DMA_BIDIRECTIONAL);
	if (!call)
		goto out;
	n = wdmdma_guard_check(m->vbuf, 0, head, &first, &last);
	if (n)
		wdmdma_report_chk(a, call, WDMDMA_CHK_OVERRUN,
				  "underrun: the device wrote %u bytes before the mapped range, from %zu to %zu bytes before its first byte (MDL %p, va %lx, %u bytes, %s)",
				  n, head - first, head - last, m->mdl, m->va, m->len, dir);
	n = wdmdma_guard_check(m->vbuf, head + m->len, m->vsize, &first, &last);
	if (n)
		wdmdma_report_chk(a, call, WDMDMA_CHK_OVERRUN,
				  "overrun: the device wrote %u bytes past the mapped range, from byte %zu to byte %zu after its end (MDL %p, va %lx, %u bytes, %s)",
				  n, first - head - m->len, last - head - m->len, m->mdl, m->va,
				  m->len, dir);
	if (m->dir == DMA_TO_DEVICE && memcmp(m->cpu, snap, m->len))
		wdmdma_report_chk(a, call, WDMDMA_CHK_OVERRUN,
				  "the device wrote into a memory-to-device transfer (MDL %p, va %lx, %u bytes)",
				  m->mdl, m->va, m->len);
	/* discarded (registers freed unflushed): the MDL may be gone already */
	if (lo < hi && wdmdma_mdl_differs(m->mdl, m->va, snap, m->len))
		wdmdma_report_chk(a, call, WDMDMA_CHK_CPU_WROTE,
				  "the CPU wrote the buffer while it was mapped (MDL %p, va %lx, %u bytes, %s): %s",
				  m->mdl, m->va, m->len, dir, m->dir == DMA_TO_DEVICE ?
				  "the device may have read old data" :
				  "the device's data overwrite it");
	if (m->dir == DMA_FROM_DEVICE && lo < hi)
		wdmdma_mdl_copy(m->mdl, lo, m->cpu + (lo - m->va), hi - lo, false);
out:
	__free_pages(virt_to_page(m->vbuf), get_order(m->vsize + m->len));
	m->vbuf = NULL;
}

/* Make the mapping; wdmdma_map_make() counts it. */
static int __wdmdma_map_make(struct wdmdma_adapter *a, struct wdmdma_alloc *r,
			     struct wdmdma_map *m)
{
	struct scatterlist *sgl = &r->chunk->sg[wdmdma_map_slot(r, m)];
	int nents, tries;

	nents = wdmdma_map_build_sg(a, m, sgl);
	if (nents < 0)
		return nents;
	m->nents = nents;
	/* system DMA's copies are the controller's to bound: not verified */
	if (unlikely(READ_ONCE(a->verify)) && !a->copy_only) {
		if (!wdmdma_map_verify(a, m))
			return 0;
		atomic_long_inc(&a->unverified);
	}
	/* Without an IOMMU to merge them, separate runs stay separate. */
	if ((a->desc.ScatterGather || nents == 1 || a->iommu) && !a->copy_only &&
	    !wdmdma_map_api(a, m, sgl))
		return 0;
	if (!wdmdma_map_copy(a, r, m))
		return 0;
	if (a->copy_only)
		return -ENOMEM;
	for (tries = 0; tries < 8; tries++)
		if (!wdmdma_map_api(a, m, sgl))
			return 0;
	return -ENOMEM;
}

/**
 * wdmdma_map_make() - make the mapping a reserved record describes
 * @a: the adapter; lock not held
 * @r: the allocation
 * @m: the record, MAKING
 *
 * On a budgeted adapter this cannot fail: the allocation's own reserve
 * pages take what the DMA API cannot map.  Without a budget the emergency
 * pool does, and when it is taken the DMA API is asked a few times more.
 *
 * Counted in the adapter's per-CPU statistics and traced.
 *
 * Return: 0, or -errno (the record stays MAKING: unreserve it).
 */
int wdmdma_map_make(struct wdmdma_adapter *a, struct wdmdma_alloc *r, struct wdmdma_map *m)
{
	int ret = __wdmdma_map_make(a, r, m);
	bool bounced;

	if (ret)
		return ret;
	/* counted per CPU; whether it bounced is only asked when it matters */
	bounced = (a->budgeted || trace_wdmdma_map_transfer_enabled()) &&
		  wdmdma_map_bounced(a, m);
	wdmdma_stat_add(a, WDMDMA_STAT_TRANSFERS, 1);
	wdmdma_stat_add(a, WDMDMA_STAT_BYTES, m->len);
	if (bounced)
		wdmdma_stat_add(a, WDMDMA_STAT_BOUNCED, m->len);
	trace_wdmdma_map_transfer(a->id, m->len,
				  m->kind == WDMDMA_MAP_API ? sg_dma_address(m->cur) : m->dma,
				  bounced, m->dir == DMA_TO_DEVICE);
	return 0;
}

/**
 * wdmdma_map_finish() - a mapping is over: free its record (and pool pages)
 * @a: the adapter
 * @m: the record, whose mapping is undone; its allocation's lock held
 */
void wdmdma_map_finish(struct wdmdma_adapter *a, struct wdmdma_map *m)
{
	if (m->kind == WDMDMA_MAP_POOL)
		wdmdma_bits_release(a->pool_busy, m->pool_first, m->nregs);
	m->kind = WDMDMA_MAP_API;
	m->state = WDMDMA_MAP_FREE;
}

/*
 * A mapping step is over.  Allocation lock held.  Return: true when the
 * allocation was freed meanwhile and this was its last step: release it
 * (wdmdma_map_step_release()) once the lock is dropped.
 */
static bool wdmdma_map_step_done(struct wdmdma_alloc *r)
{
	lockdep_assert_held(&r->lock);
	r->busy--;
	return r->state == WDMDMA_ALLOC_DOOMED && !r->busy;
}

/* Release an allocation freed while a mapping step ran.  Lock not held. */
static void wdmdma_map_step_release(struct wdmdma_adapter *a, struct wdmdma_alloc *r)
{
	if (wdmdma_alloc_put(a, r, "FreeMapRegisters"))
		wdmdma_res_freed(a);
}

/**
 * wdmdma_map_unreserve() - give back a reserved record that was not mapped
 * @a: the adapter
 * @r: the allocation; its lock held
 * @m: the record, MAKING
 *
 * Return: as wdmdma_map_step_done().
 */
bool wdmdma_map_unreserve(struct wdmdma_adapter *a, struct wdmdma_alloc *r,
			  struct wdmdma_map *m)
{
	m->kind = WDMDMA_MAP_API;
	wdmdma_map_finish(a, m);
	return wdmdma_map_step_done(r);
}

/**
 * wdmdma_map_commit() - a record's mapping is made: make it live
 * @a: the adapter
 * @r: the allocation; its lock held
 * @m: the record, MAKING
 * @release: out: as wdmdma_map_step_done()
 *
 * Return: true; false when the allocation was freed meanwhile (the misuse
 * was reported; the mapping is discarded with it).
 */
bool wdmdma_map_commit(struct wdmdma_adapter *a, struct wdmdma_alloc *r,
		       struct wdmdma_map *m, bool *release)
{
	bool ok = r->state == WDMDMA_ALLOC_HELD;

	m->state = WDMDMA_MAP_LIVE;
	*release = wdmdma_map_step_done(r);
	return ok;
}

/**
 * wdmdma_map_piece() - the device-contiguous piece of a mapping at @va
 * @a: the adapter
 * @m: the live mapping (lock held, or owned)
 * @va: first byte, inside the mapping
 * @want: at most this many bytes
 * @addr: out: its device address
 *
 * Return: its length.
 */
u32 wdmdma_map_piece(struct wdmdma_adapter *a, struct wdmdma_map *m, unsigned long va,
		     u32 want, dma_addr_t *addr)
{
	u32 rel = va - m->va, off = m->cur_off, i = m->cur_idx;
	struct scatterlist *s = m->cur;

	want = min_t(u32, want, m->len - rel);
	if (m->kind != WDMDMA_MAP_API) {
		*addr = m->dma + rel;
		return want;
	}
	if (rel < off) {	/* backwards: from the first segment */
		s = m->cur - m->cur_idx;
		i = 0;
		off = 0;
	}
	for (; s && i < m->dma_nents; i++, s = sg_next(s)) {
		if (rel < off + sg_dma_len(s)) {
			m->cur = s;
			m->cur_idx = i;
			m->cur_off = off;
			*addr = sg_dma_address(s) + (rel - off);
			return min_t(u32, want, off + sg_dma_len(s) - rel);
		}
		off += sg_dma_len(s);
	}
	return 0;
}

/**
 * wdmdma_map_end() - undo a mapping, copying back part of it
 * @a: the adapter
 * @m: the mapping (ENDING and owned, or lock held when nothing is copied)
 * @va: first byte to bring back to memory
 * @len: bytes from @va; 0 to discard the device's data
 * @call: the entry, for verifier reports; NULL when the device never had it
 *
 * Only the bytes of [va, va + len) inside the mapping come back (the
 * mapping's other bytes keep what memory held), and only for a
 * device-to-memory mapping.  The emergency pool pages are freed by
 * wdmdma_map_finish().
 */
void wdmdma_map_end(struct wdmdma_adapter *a, struct wdmdma_map *m, unsigned long va,
		    u32 len, const char *call)
{
	unsigned long lo = max(va, m->va), hi = min(va + len, m->va + m->len);
	struct scatterlist *sgl, *s;
	u32 off = 0, n;
	int i;

	if (m->kind == WDMDMA_MAP_VERIFY) {
		wdmdma_map_verify_end(a, m, lo, hi, call);
		return;
	}
	if (m->kind != WDMDMA_MAP_API) {
		if (m->dir == DMA_FROM_DEVICE && lo < hi)
			wdmdma_mdl_copy(m->mdl, lo, m->cpu + (lo - m->va), hi - lo, false);
		return;
	}
	sgl = m->cur - m->cur_idx;
	if (m->dir == DMA_FROM_DEVICE && lo == m->va && hi == m->va + m->len) {
		wdmdma_map_unmap(a, m, 0);
		return;
	}
	/* Part of it (or none): sync just that part, then unmap. */
	for_each_sg(sgl, s, m->dma_nents, i) {
		if (m->dir != DMA_FROM_DEVICE || lo >= hi)
			break;
		if (m->va + off + sg_dma_len(s) > lo && m->va + off < hi) {
			u32 skip = lo > m->va + off ? lo - (m->va + off) : 0;

			n = min_t(unsigned long, sg_dma_len(s) - skip, hi - (m->va + off + skip));
			dma_sync_single_for_cpu(a->dev, sg_dma_address(s) + skip, n, m->dir);
		}
		off += sg_dma_len(s);
	}
	wdmdma_map_unmap(a, m, DMA_ATTR_SKIP_CPU_SYNC);
}

/*
 * End the live mappings of @r that start in [va, va + len) of @mdl,
 * bringing back that range, and free their registers.  Allocation lock
 * held.  Return: how many.
 */
static u32 wdmdma_map_flush(struct wdmdma_adapter *a, struct wdmdma_alloc *r, PMDL mdl,
			    unsigned long va, u32 len, enum dma_data_direction dir,
			    const char *call)
{
	struct wdmdma_map *m;
	u32 i, step, n = 0;

	lockdep_assert_held(&r->lock);
	for (i = r->first; i < r->first + r->count; i += step) {
		m = &r->chunk->maps[i];
		step = m->state ? m->nregs : 1;
		if (m->state != WDMDMA_MAP_LIVE || m->mdl != mdl || m->va < va ||
		    m->va - va >= max(len, 1U))
			continue;
		if (m->dir != dir)
			wdmdma_report_chk(a, call, WDMDMA_CHK_WRONG_SIZE,
					  "WriteToDevice differs from the mapping's");
		wdmdma_map_end(a, m, va, len, call);
		wdmdma_map_finish(a, m);
		n++;
	}
	return n;
}

/*
 * The live mapping of @mdl in allocation @r that holds @va.  Allocation
 * lock held.
 * A mapping's record heads its registers, so the walk skips over them.
 */
static struct wdmdma_map *wdmdma_map_find(struct wdmdma_alloc *r, PMDL mdl,
					  unsigned long va)
{
	struct wdmdma_map *m;
	u32 i;

	for (i = r->first; i < r->first + r->count; i += m->state ? m->nregs : 1) {
		m = &r->chunk->maps[i];
		if (m->state == WDMDMA_MAP_LIVE && m->mdl == mdl && va >= m->va &&
		    va - m->va < m->len)
			return m;
	}
	return NULL;
}

/*
 * Is [va, va + *len) a transfer MapTransfer can do in direction @dir?  Cuts
 * *len to the MDL.
 */
static bool wdmdma_map_args_ok(struct wdmdma_adapter *a, PMDL mdl, unsigned long va, u32 *len,
			       enum dma_data_direction dir, const char *call)
{
	unsigned long start, end;

	if (!mdl || !*len) {
		wdmdma_report_chk(a, call, mdl ? WDMDMA_CHK_ZERO_LENGTH : WDMDMA_CHK_MISUSE,
				  "%s", mdl ? "zero-length transfer" : "NULL Mdl");
		return false;
	}
	start = (unsigned long)MmGetMdlVirtualAddress(mdl);
	end = start + mdl->ByteCount;
	if (va < start || va >= end) {
		wdmdma_report_chk(a, call, WDMDMA_CHK_NOT_IN_MDL,
				  "CurrentVa %lx outside the MDL [%lx, %lx)", va, start, end);
		return false;
	}
	if (*len > end - va) {
		wdmdma_report_chk(a, call, WDMDMA_CHK_NOT_IN_MDL,
				  "Length %u runs %lu bytes past the end of the MDL; cut",
				  *len, *len - (end - va));
		*len = end - va;
	}
	if (!wdmdma_mdl_dma_ready(mdl)) {
		wdmdma_report_chk(a, call, WDMDMA_CHK_NOT_LOCKED,
				  "MDL pages not locked (no MmProbeAndLockPages)");
		return false;
	}
	wdmdma_verify_access(a, call, mdl, *len, dir);
	return true;
}

/**
 * wdmdma_map_pieces() - list the device-contiguous pieces of a mapping
 * @a: the adapter
 * @m: the live mapping (lock held, or owned)
 * @va: first byte, inside the mapping
 * @len: bytes from @va (cut to the mapping)
 * @el: the elements to fill
 * @max: at most this many
 * @n: out: elements filled
 *
 * Return: the bytes they cover.
 */
u32 wdmdma_map_pieces(struct wdmdma_adapter *a, struct wdmdma_map *m, unsigned long va,
		      u32 len, SCATTER_GATHER_ELEMENT *el, u32 max, u32 *n)
{
	u32 done = 0, piece;
	dma_addr_t addr;

	for (*n = 0; done < len && *n < max; done += piece, (*n)++) {
		piece = wdmdma_map_piece(a, m, va + done, len - done, &addr);
		if (!piece)
			break;
		el[*n].Address.QuadPart = addr;
		el[*n].Length = piece;
		el[*n].Reserved = 0;
	}
	return done;
}

/*
 * The live mapping of @mdl at @va in allocation @r, made now (as much of
 * [va, va + len) as the free registers cover) when there is none.
 * Allocation lock held.  Return: it, or NULL; *@release and *@ret as
 * wdmdma_map_unreserve() / wdmdma_map_make() say.
 */
static struct wdmdma_map *wdmdma_map_get(struct wdmdma_adapter *a, struct wdmdma_alloc *r,
					 PMDL mdl, unsigned long va, u32 len,
					 enum dma_data_direction dir, bool *release, int *ret,
					 const char *call)
{
	struct wdmdma_map *m = wdmdma_map_find(r, mdl, va);

	if (m) {
		if (m->dir != dir)
			wdmdma_report(a, call, "WriteToDevice differs from the mapping's");
		return m;
	}
	m = wdmdma_map_reserve(a, r, mdl, va, &len, dir, call);
	if (!m)
		return NULL;
	*ret = wdmdma_map_make(a, r, m);
	if (*ret) {
		*release = wdmdma_map_unreserve(a, r, m);
		return NULL;
	}
	return wdmdma_map_commit(a, r, m, release) ? m : NULL;
}

/*
 * MapTransfer (@list NULL: the first piece, its address in *@addr) or
 * MapTransferEx (up to @max pieces into @list) on a live adapter: one
 * round of the allocation's own lock, which covers making the mapping (a
 * copy, if one is needed, too: the lock is the allocation's, not the
 * adapter's, and interrupts stay on).  Return: the bytes mapped.
 */
static u32 wdmdma_map_transfer_on(struct wdmdma_adapter *a, PMDL mdl, PVOID base,
				  unsigned long va, u32 len, enum dma_data_direction dir,
				  dma_addr_t *addr, PSCATTER_GATHER_LIST list, u32 max,
				  const char *call)
{
	bool release = false;
	struct wdmdma_alloc *r;
	struct wdmdma_map *m;
	u32 piece = 0;
	int ret = 0;

	r = wdmdma_alloc_find(a, base, call);
	if (!r)
		return 0;
	spin_lock_bh(&r->lock);
	m = wdmdma_alloc_live(a, r, call) ?
	    wdmdma_map_get(a, r, mdl, va, len, dir, &release, &ret, call) : NULL;
	if (m && list)
		piece = wdmdma_map_pieces(a, m, va, len, list->Elements, max,
					  &list->NumberOfElements);
	else if (m)
		piece = wdmdma_map_piece(a, m, va, len, addr);
	spin_unlock_bh(&r->lock);
	if (release)
		wdmdma_map_step_release(a, r);
	if (ret)
		wdmdma_report(a, call, "no mapping: IOVA space and emergency pool exhausted");
	return piece;
}

/**
 * wdmdma_map_transfer_list() - map a range into a list of pieces
 * @a: the adapter
 * @mdl: the MDL (one)
 * @base: the MapRegisterBase
 * @va: first byte
 * @len: bytes
 * @dir: direction
 * @list: receives the pieces
 * @max: at most this many
 * @call: the entry, for reports
 *
 * Return: the bytes mapped.
 */
u32 wdmdma_map_transfer_list(struct wdmdma_adapter *a, PMDL mdl, PVOID base, unsigned long va,
			     u32 len, enum dma_data_direction dir, PSCATTER_GATHER_LIST list,
			     u32 max, const char *call)
{
	return wdmdma_map_transfer_on(a, mdl, base, va, len, dir, NULL, list, max, call);
}

/**
 * wdmdma_map_transfer() - PDMA_OPERATIONS->MapTransfer
 * @da: the adapter
 * @mdl: the MDL (one MDL; a chain is mapped one MDL per call)
 * @base: the MapRegisterBase the AdapterControl routine got
 * @current_va: MDL virtual address of the first byte to map
 * @length: in: bytes wanted; out: bytes mapped in the returned piece
 * @write_to_device: TRUE for memory to device, FALSE for device to memory
 *
 * Return: the device address of the piece; 0 with *@length 0 on misuse
 * (reported).
 */
PHYSICAL_ADDRESS wdmdma_map_transfer(PDMA_ADAPTER da, PMDL mdl, PVOID base,
				     PVOID current_va, PULONG length,
				     BOOLEAN write_to_device)
{
	static const char call[] = "MapTransfer";
	enum dma_data_direction dir = write_to_device ? DMA_TO_DEVICE : DMA_FROM_DEVICE;
	unsigned long va = (unsigned long)current_va;
	PHYSICAL_ADDRESS out = { .QuadPart = 0 };
	struct wdmdma_adapter *a;
	dma_addr_t addr = 0;
	u32 len, piece = 0;

	rcu_read_lock();
	a = wdmdma_adapter_find(da, call);
	if (!length) {
		wdmdma_report(a, call, "NULL Length");
		goto out;
	}
	len = *length;
	*length = 0;
	if (!a || !wdmdma_irql_ok(a, call) || !wdmdma_map_args_ok(a, mdl, va, &len, dir, call))
		piece = 0;
	else if (a->sys)	/* system DMA: the whole range, the controller started */
		piece = wdmdma_sysdma_map(a, mdl, base, va, len, dir, 0, NULL, NULL, &addr,
					  call) == STATUS_SUCCESS ? len : 0;
	else
		piece = wdmdma_map_transfer_on(a, mdl, base, va, len, dir, &addr, NULL, 0, call);
	*length = piece;
	out.QuadPart = piece ? addr : 0;
out:
	rcu_read_unlock();
	return out;
}

/**
 * wdmdma_map_bounced() - does the device see a copy of a mapping's data?
 * @a: the adapter
 * @m: the live mapping
 *
 * Return: true for the adapter's own copies and, without an IOMMU, for a
 * mapping the DMA API bounced (it says the mapping needs syncing).
 */
bool wdmdma_map_bounced(struct wdmdma_adapter *a, struct wdmdma_map *m)
{
	struct scatterlist *s;
	int i;

	if (m->kind != WDMDMA_MAP_API)
		return true;
	if (a->iommu)		/* translated, not copied (untrusted devices aside) */
		return false;
	for_each_sg(m->cur - m->cur_idx, s, m->dma_nents, i)
		if (dma_need_sync(a->dev, sg_dma_address(s)))
			return true;
	return false;
}

/**
 * wdmdma_map_cpu_addr() - the kernel address of what the device sees
 * @a: the adapter
 * @m: the live mapping
 * @dma: a device address inside it
 * @len: bytes from @dma, inside one piece
 *
 * Return: the address of the adapter's copy, or of the DMA API's bounce
 * copy (its own dma_to_phys() translation, without an IOMMU); NULL when
 * there is no kernel address for it.
 */
void *wdmdma_map_cpu_addr(struct wdmdma_adapter *a, struct wdmdma_map *m, u64 dma, u32 len)
{
	if (m->kind != WDMDMA_MAP_API)
		return dma >= m->dma && dma + len <= m->dma + m->len ?
		       m->cpu + (dma - m->dma) : NULL;
	if (a->iommu || !dma_need_sync(a->dev, dma))
		return NULL;
	return phys_to_virt(dma_to_phys(a->dev, dma));
}

/*
 * FlushAdapterBuffers (@chain false: @mdl only) or FlushAdapterBuffersEx
 * (@chain: on through the MDLs chained after @mdl) on a live adapter: one
 * round of the allocation's lock.  Return: mappings ended.
 */
static u32 wdmdma_flush_on(struct wdmdma_adapter *a, PMDL mdl, PVOID base,
			   unsigned long va, u32 len, enum dma_data_direction dir,
			   bool chain, const char *call)
{
	unsigned long end, va0 = va;
	struct wdmdma_alloc *r;
	u32 n = 0, part, len0 = len;
	bool live;

	if (a->sys)	/* a system transfer still running stops first */
		wdmdma_sysdma_stop(a, DmaAborted, true);
	r = wdmdma_alloc_find(a, base, call);
	if (!r)
		return 0;
	spin_lock_bh(&r->lock);
	live = wdmdma_alloc_live(a, r, call);
	for (; live && mdl; mdl = chain ? mdl->Next : NULL) {
		end = (unsigned long)MmGetMdlVirtualAddress(mdl) + mdl->ByteCount;
		part = chain ? min_t(unsigned long, len, end - va) : len;
		n += wdmdma_map_flush(a, r, mdl, va, part, dir, call);
		len -= part;
		if (!len || !mdl->Next)
			break;
		va = (unsigned long)MmGetMdlVirtualAddress(mdl->Next);
	}
	spin_unlock_bh(&r->lock);
	if (!n && live)
		wdmdma_report_chk(a, call, WDMDMA_CHK_NEVER_MAPPED,
				  "nothing mapped at %lx (+%u), or flushed twice", va0, len0);
	wdmdma_stat_add(a, WDMDMA_STAT_FLUSHES, n);
	trace_wdmdma_flush(a->id, len0, n);
	return n;
}

/**
 * wdmdma_flush_adapter_buffers() - PDMA_OPERATIONS->FlushAdapterBuffers
 * @da: the adapter
 * @mdl: the MDL given to MapTransfer
 * @base: the MapRegisterBase given to MapTransfer
 * @current_va: the CurrentVa of the transfer's first MapTransfer
 * @length: bytes of the whole transfer
 * @write_to_device: as given to MapTransfer
 *
 * Ends every mapping of @mdl that starts inside the range: device-to-memory
 * data of exactly that range is in memory when it returns, and the
 * registers are free for the allocation's next MapTransfer.
 *
 * Return: TRUE; FALSE (reported) when nothing was mapped there.
 */
BOOLEAN wdmdma_flush_adapter_buffers(PDMA_ADAPTER da, PMDL mdl, PVOID base,
				     PVOID current_va, ULONG length,
				     BOOLEAN write_to_device)
{
	enum dma_data_direction dir = write_to_device ? DMA_TO_DEVICE : DMA_FROM_DEVICE;
	struct wdmdma_adapter *a;
	bool ok = false;

	rcu_read_lock();
	a = wdmdma_adapter_find(da, "FlushAdapterBuffers");
	if (a && wdmdma_irql_ok(a, "FlushAdapterBuffers"))
		ok = wdmdma_flush_on(a, mdl, base, (unsigned long)current_va, length, dir, false,
				     "FlushAdapterBuffers");
	rcu_read_unlock();
	return ok;
}

/**
 * wdmdma_mdl_at() - where a byte offset into an MDL chain falls
 * @mdl: in: the chain's first MDL; out: the MDL holding the byte
 * @offset: bytes from the start of the first MDL's buffer
 * @va: out: the byte's MDL virtual address
 *
 * Return: 0, or -EFAULT when the chain ends before @offset.
 */
int wdmdma_mdl_at(PMDL *mdl, u64 offset, unsigned long *va)
{
	PMDL m;

	for (m = *mdl; m; m = m->Next) {
		if (offset < m->ByteCount) {
			*mdl = m;
			*va = (unsigned long)MmGetMdlVirtualAddress(m) + offset;
			return 0;
		}
		offset -= m->ByteCount;
	}
	return -EFAULT;
}

/*
 * Where MapTransferEx or FlushAdapterBuffersEx starts: the MDL of the
 * chain holding byte @offset, and the byte's virtual address.  Return:
 * true; false (reported) when the arguments name no bytes of the chain.
 */
static bool wdmdma_ex_start(struct wdmdma_adapter *a, PMDL *mdl, u64 offset, u32 len,
			    unsigned long *va, const char *call)
{
	if (!*mdl || !len) {
		wdmdma_report_chk(a, call, *mdl ? WDMDMA_CHK_ZERO_LENGTH : WDMDMA_CHK_MISUSE,
				  "%s", *mdl ? "zero Length" : "NULL Mdl");
		return false;
	}
	if (wdmdma_mdl_at(mdl, offset, va)) {
		wdmdma_report_chk(a, call, WDMDMA_CHK_NOT_IN_MDL,
				  "Offset %llu is past the end of the MDL chain", offset);
		return false;
	}
	return true;
}

/* MapTransferEx on a live adapter.  Return: its status; *@length as mapped. */
static NTSTATUS wdmdma_map_ex_on(struct wdmdma_adapter *a, PMDL mdl, PVOID base, u64 offset,
				 u32 *length, bool write, PSCATTER_GATHER_LIST list, u32 listlen)
{
	static const char call[] = "MapTransferEx";
	enum dma_data_direction dir = write ? DMA_TO_DEVICE : DMA_FROM_DEVICE;
	u32 len = *length, max, end;
	unsigned long va;

	*length = 0;
	if (!wdmdma_ex_start(a, &mdl, offset, len, &va, call))
		return STATUS_INVALID_PARAMETER;
	if (!list) {
		wdmdma_report(a, call, "NULL ScatterGatherBuffer (a bus master's addresses)");
		return STATUS_INVALID_PARAMETER;
	}
	if (listlen < wdmdma_sgl_bytes(1)) {
		wdmdma_report(a, call, "ScatterGatherBufferLength %u holds no element", listlen);
		return STATUS_BUFFER_TOO_SMALL;
	}
	/* One MDL per call, as MapTransfer: *Length says how far it got. */
	end = (unsigned long)MmGetMdlVirtualAddress(mdl) + mdl->ByteCount - va;
	len = min(len, end);
	if (!wdmdma_irql_ok(a, call) || !wdmdma_map_args_ok(a, mdl, va, &len, dir, call))
		return STATUS_INVALID_PARAMETER;
	max = (listlen - offsetof(SCATTER_GATHER_LIST, Elements)) / sizeof(SCATTER_GATHER_ELEMENT);
	list->NumberOfElements = 0;
	list->Reserved = 0;
	*length = wdmdma_map_transfer_on(a, mdl, base, va, len, dir, NULL, list, max, call);
	return *length ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}

/* MapTransferEx on a live system-DMA adapter: the whole range, started. */
static NTSTATUS wdmdma_sysdma_map_ex(struct wdmdma_adapter *a, PMDL mdl, PVOID base,
				     u64 offset, u32 devoff, u32 *length, bool write,
				     PDMA_COMPLETION_ROUTINE done, PVOID done_ctx)
{
	static const char call[] = "MapTransferEx";
	enum dma_data_direction dir = write ? DMA_TO_DEVICE : DMA_FROM_DEVICE;
	u32 len = *length, end;
	unsigned long va;
	dma_addr_t addr;
	NTSTATUS status;

	*length = 0;
	if (!wdmdma_ex_start(a, &mdl, offset, len, &va, call))
		return STATUS_INVALID_PARAMETER;
	end = (unsigned long)MmGetMdlVirtualAddress(mdl) + mdl->ByteCount - va;
	if (len > end) {
		wdmdma_report_chk(a, call, WDMDMA_CHK_NOT_IN_MDL,
				  "Length %u runs past the MDL holding Offset (%u bytes)",
				  len, end);
		return STATUS_INVALID_PARAMETER;
	}
	if (!wdmdma_irql_ok(a, call) || !wdmdma_map_args_ok(a, mdl, va, &len, dir, call))
		return STATUS_INVALID_PARAMETER;
	/* *Length is set before the routine can run */
	*length = len;
	status = wdmdma_sysdma_map(a, mdl, base, va, len, dir, devoff, done, done_ctx, &addr, call);
	if (status != STATUS_SUCCESS)
		*length = 0;
	return status;
}

/**
 * wdmdma_map_transfer_ex() - PDMA_OPERATIONS->MapTransferEx
 * @da: the adapter
 * @mdl: the MDL chain
 * @base: the MapRegisterBase from AllocateAdapterChannelEx
 * @offset: bytes from the start of the chain's buffer to the first to map
 * @devoff: system DMA only; 0 for a bus master
 * @length: in: bytes wanted; out: bytes mapped (at most to the end of the
 *	MDL holding @offset, and what the list's room and the registers cover)
 * @write: TRUE for memory to device
 * @list: receives one element per device-contiguous piece (a master
 *	without scatter/gather gets exactly one)
 * @listlen: its size in bytes
 * @done: system DMA only: must be NULL for a bus master
 * @done_ctx: ignored with @done
 *
 * MapTransfer with a byte offset, its pieces written to @list in one call.
 *
 * Return: STATUS_SUCCESS; STATUS_BUFFER_TOO_SMALL when @list holds no
 * element; STATUS_INSUFFICIENT_RESOURCES when nothing could be mapped;
 * STATUS_INVALID_PARAMETER for a misuse (reported).
 */
static NTSTATUS wdmdma_map_transfer_ex(PDMA_ADAPTER da, PMDL mdl, PVOID base, ULONGLONG offset,
				       ULONG devoff, PULONG length, BOOLEAN write,
				       PSCATTER_GATHER_LIST list, ULONG listlen,
				       PDMA_COMPLETION_ROUTINE done, PVOID done_ctx)
{
	static const char call[] = "MapTransferEx";
	NTSTATUS status = STATUS_INVALID_PARAMETER;
	struct wdmdma_adapter *a;

	rcu_read_lock();
	a = wdmdma_adapter_find(da, call);
	if (!a)
		goto out;
	if (!length)
		wdmdma_report(a, call, "NULL Length");
	else if (a->sys)
		status = wdmdma_sysdma_map_ex(a, mdl, base, offset, devoff, length, write, done,
					      done_ctx);
	else if (devoff || done)
		wdmdma_report(a, call, "%s is for system DMA; a bus master passes %s",
			      done ? "DmaCompletionRoutine" : "DeviceOffset", done ? "NULL" : "0");
	else
		status = wdmdma_map_ex_on(a, mdl, base, offset, length, write, list, listlen);
	if (length && status != STATUS_SUCCESS)
		*length = 0;
out:
	rcu_read_unlock();
	return status;
}

/**
 * wdmdma_flush_ex() - PDMA_OPERATIONS->FlushAdapterBuffersEx
 * @da: the adapter
 * @mdl: the MDL chain given to MapTransferEx
 * @base: the MapRegisterBase given to MapTransferEx
 * @offset: the Offset of the transfer's first MapTransferEx
 * @len: bytes of the whole transfer (it may run on through the chain)
 * @write: as given to MapTransferEx
 *
 * Ends every mapping that starts in the range, as FlushAdapterBuffers.
 *
 * Return: STATUS_SUCCESS; STATUS_INVALID_PARAMETER (reported) when the
 * range is not in the chain or nothing was mapped there.
 */
static NTSTATUS wdmdma_flush_ex(PDMA_ADAPTER da, PMDL mdl, PVOID base, ULONGLONG offset,
				ULONG len, BOOLEAN write)
{
	static const char call[] = "FlushAdapterBuffersEx";
	enum dma_data_direction dir = write ? DMA_TO_DEVICE : DMA_FROM_DEVICE;
	struct wdmdma_adapter *a;
	unsigned long va;
	u32 n = 0;

	rcu_read_lock();
	a = wdmdma_adapter_find(da, call);
	if (a && wdmdma_irql_ok(a, call) && wdmdma_ex_start(a, &mdl, offset, len, &va, call))
		n = wdmdma_flush_on(a, mdl, base, va, len, dir, true, call);
	rcu_read_unlock();
	return n ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}

/*
 * Bring one live mapping up to date for the CPU (@read: the device wrote
 * it) or for the device, leaving it mapped.  Allocation lock held.
 */
static void wdmdma_map_sync(struct wdmdma_adapter *a, struct wdmdma_map *m, bool read)
{
	struct scatterlist *sgl = m->cur - m->cur_idx;

	if (m->kind != WDMDMA_MAP_API) {
		if (m->kind == WDMDMA_MAP_VERIFY)
			dma_sync_single_for_cpu(a->dev, m->vdma, m->vsize, DMA_BIDIRECTIONAL);
		wdmdma_mdl_copy(m->mdl, m->va, m->cpu, m->len, !read);
		if (m->kind == WDMDMA_MAP_VERIFY) {
			memcpy((u8 *)m->vbuf + m->vsize, m->cpu, m->len);
			dma_sync_single_for_device(a->dev, m->vdma, m->vsize, DMA_BIDIRECTIONAL);
		}
		return;
	}
	if (m->single && read)
		dma_sync_single_for_cpu(a->dev, sg_dma_address(sgl), sg_dma_len(sgl), m->dir);
	else if (m->single)
		dma_sync_single_for_device(a->dev, sg_dma_address(sgl), sg_dma_len(sgl), m->dir);
	else if (read)
		dma_sync_sg_for_cpu(a->dev, sgl, m->nents, m->dir);
	else
		dma_sync_sg_for_device(a->dev, sgl, m->nents, m->dir);
}

/*
 * Sync the live mappings of @mdl in the allocation starting at slot @i of
 * @ch, if one does.  Adapter lock held.  Return: the slots to step over.
 */
static u32 wdmdma_alloc_sync(struct wdmdma_adapter *a, struct wdmdma_chunk *ch, u32 i,
			     PMDL mdl, bool read, u32 *synced, u32 *wrong)
{
	struct wdmdma_alloc *r = &ch->allocs[i];
	struct wdmdma_map *m;
	u32 j, step = 1;
	bool from_dev;

	spin_lock(&r->lock);
	if (r->state == WDMDMA_ALLOC_FREE)
		goto out;
	step = max(r->count, 1U);
	for (j = r->first; j < r->first + r->count; j += m->state ? m->nregs : 1) {
		m = &ch->maps[j];
		if (m->state != WDMDMA_MAP_LIVE || m->mdl != mdl)
			continue;
		from_dev = m->dir == DMA_FROM_DEVICE;
		if (from_dev != read) {
			(*wrong)++;
			continue;
		}
		wdmdma_map_sync(a, m, read);
		(*synced)++;
	}
out:
	spin_unlock(&r->lock);
	return step;
}

/**
 * wdmdma_flush_dma_buffer() - PDMA_OPERATIONS->FlushDmaBuffer
 * @da: the adapter
 * @mdl: an MDL mapped with MapTransfer (or a list) on this adapter
 * @read: TRUE: the device wrote it (a read operation), so its data are
 *	brought to the CPU; FALSE: the CPU wrote it for the device to read
 *
 * Every live mapping of @mdl on the adapter is synced, copied through its
 * reserve or pool pages when it bounces, and stays mapped until
 * FlushAdapterBuffers.  A mapping of the other direction is reported and
 * left alone.
 *
 * Context: IRQL <= DISPATCH_LEVEL.
 * Return: STATUS_SUCCESS; STATUS_INVALID_PARAMETER (reported) for a NULL
 * MDL or one with no mapping of that direction on the adapter.
 */
static NTSTATUS wdmdma_flush_dma_buffer(PDMA_ADAPTER da, PMDL mdl, BOOLEAN read)
{
	static const char call[] = "FlushDmaBuffer";
	NTSTATUS status = STATUS_INVALID_PARAMETER;
	u32 i, synced = 0, wrong = 0;
	struct wdmdma_adapter *a;
	struct wdmdma_chunk *ch;

	rcu_read_lock();
	a = wdmdma_adapter_find(da, call);
	if (!a)
		goto out;
	if (!mdl) {
		wdmdma_report(a, call, "NULL Mdl");
		goto out;
	}
	spin_lock_bh(&a->lock);
	for (ch = a->chunks; ch; ch = ch->next)
		for (i = 0; i < ch->nslots; )
			i += wdmdma_alloc_sync(a, ch, i, mdl, read, &synced, &wrong);
	spin_unlock_bh(&a->lock);
	if (wrong)
		wdmdma_report(a, call,
			      "%u mapping(s) of MDL %p are for the other direction (ReadOperation %u)",
			      wrong, mdl, read);
	if (synced)
		status = STATUS_SUCCESS;
	else if (!wrong)
		wdmdma_report_chk(a, call, WDMDMA_CHK_NEVER_MAPPED,
				  "MDL %p is not mapped on this adapter", mdl);
out:
	rcu_read_unlock();
	return status;
}

/**
 * wdmdma_transfer_ex_ops() - put the offset-based packet entries in a table
 * @ops: the table being built
 */
void wdmdma_transfer_ex_ops(DMA_OPERATIONS *ops)
{
	ops->MapTransferEx = wdmdma_map_transfer_ex;
	ops->FlushAdapterBuffersEx = wdmdma_flush_ex;
	ops->FlushDmaBuffer = wdmdma_flush_dma_buffer;
}
