// SPDX-License-Identifier: GPL-2.0
/*
 * MapTransfer() and FlushAdapterBuffers(): the packet-DMA data path.
 *
 * MapTransfer maps [CurrentVa, CurrentVa + Length) of an MDL with the next
 * free registers of the allocation (in order, as on Windows) in one
 * dma_map_sg() call, and returns its first device-contiguous piece.  A
 * scatter/gather driver then calls again for the rest and gets the
 * following pieces of that same mapping; a master that cannot take
 * scatter/gather gets the whole range as one piece -- merged by the IOMMU,
 * physically contiguous, or copied through the adapter's contiguous buffer.
 * FlushAdapterBuffers ends every mapping it covers: unmap (swiotlb copies
 * back), or copy back from the contiguous buffer; the registers are then
 * free for the allocation's next MapTransfer.
 *
 * Locking: see channel.c.  A mapping is made or undone outside the lock by
 * whoever marked it busy.
 */
#include <linux/highmem.h>
#include <linux/iommu.h>
#include <linux/mm.h>

#include "internal.h"

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
	phys_addr_t next = 0;
	int nents = 0;

	sg_init_table(sgl, m->nregs);
	while (va < end) {
		struct page *page = wdmdma_mdl_page(m->mdl, (va - base) >> PAGE_SHIFT);
		u32 off = offset_in_page(va);
		u32 len = min_t(unsigned long, PAGE_SIZE - off, end - va);

		if (!page)
			return -EINVAL;
		if (s && page_to_phys(page) + off == next && s->length + len <= a->max_seg) {
			s->length += len;
		} else {
			s = s ? sg_next(s) : sgl;
			sg_set_page(s, page, len, off);
			nents++;
		}
		next = page_to_phys(page) + off + len;
		va += len;
	}
	sg_mark_end(s);
	return nents;
}

/* Map through the adapter's contiguous buffer (non-scatter/gather master). */
static void wdmdma_map_bounce(struct wdmdma_adapter *a, struct wdmdma_map *m, u32 first)
{
	size_t off = ((size_t)first << PAGE_SHIFT) + offset_in_page(m->va);

	m->dma = a->bounce_dma + off;
	m->dma_nents = 0;
	if (m->dir == DMA_TO_DEVICE)
		wdmdma_mdl_copy(m->mdl, m->va, a->bounce_cpu + off, m->len, true);
}

/* Make the mapping the busy record @m describes.  Return: 0 or -errno. */
static int wdmdma_map_make(struct wdmdma_adapter *a, struct wdmdma_map *m, u32 first)
{
	struct scatterlist *sgl = &a->sg[first];
	int nents, dma_nents;

	nents = wdmdma_map_build_sg(a, m, sgl);
	if (nents < 0)
		return nents;
	m->nents = nents;
	/* Without an IOMMU to merge them, separate runs stay separate. */
	if (a->desc.ScatterGather || nents == 1 || device_iommu_mapped(a->dev)) {
		dma_nents = dma_map_sg(a->dev, sgl, nents, m->dir);
		if (dma_nents > 0 && (a->desc.ScatterGather || dma_nents == 1)) {
			m->dma_nents = dma_nents;
			return 0;
		}
		if (dma_nents > 0)
			dma_unmap_sg(a->dev, sgl, nents, m->dir);
		if (a->desc.ScatterGather)
			return -ENOMEM;
	}
	wdmdma_map_bounce(a, m, first);
	return 0;
}

/**
 * wdmdma_map_undo() - undo a mapping
 * @a: the adapter
 * @m: the mapping (busy, or lock held)
 * @copy_back: copy device-to-memory data back from the contiguous buffer
 *
 * swiotlb copies its own bounce slots back on unmap.
 */
void wdmdma_map_undo(struct wdmdma_adapter *a, struct wdmdma_map *m, bool copy_back)
{
	u32 first = m - a->maps;

	if (m->dma_nents)
		dma_unmap_sg(a->dev, &a->sg[first], m->nents, m->dir);
	else if (copy_back && m->dir == DMA_FROM_DEVICE)
		wdmdma_mdl_copy(m->mdl, m->va, a->bounce_cpu + ((size_t)first << PAGE_SHIFT) +
				offset_in_page(m->va), m->len, false);
	m->dma_nents = 0;
}

/*
 * The device-contiguous piece of mapping @m that starts at @va, at most
 * @want bytes.  Lock held.  Return: its length, and its address in @addr.
 */
static u32 wdmdma_map_piece(struct wdmdma_adapter *a, struct wdmdma_map *m,
			    unsigned long va, u32 want, dma_addr_t *addr)
{
	unsigned long rel = va - m->va, off = 0;
	struct scatterlist *s;
	int i;

	want = min_t(unsigned long, want, m->len - rel);
	if (!m->dma_nents) {
		*addr = m->dma + rel;
		return want;
	}
	for_each_sg(&a->sg[m - a->maps], s, m->dma_nents, i) {
		if (rel < off + sg_dma_len(s)) {
			*addr = sg_dma_address(s) + (rel - off);
			return min_t(unsigned long, want, off + sg_dma_len(s) - rel);
		}
		off += sg_dma_len(s);
	}
	return 0;
}

/* A live mapping of @mdl in allocation @r that holds @va.  Lock held. */
static struct wdmdma_map *wdmdma_map_find(struct wdmdma_adapter *a, struct wdmdma_regs *r,
					  PMDL mdl, unsigned long va)
{
	u32 i;

	for (i = r->first; i < r->first + r->count; i++) {
		struct wdmdma_map *m = &a->maps[i];

		if (m->live && !m->busy && m->mdl == mdl && va >= m->va && va - m->va < m->len)
			return m;
	}
	return NULL;
}

/*
 * Reserve the next free registers of allocation @r for [va, va + *len) and
 * claim their mapping record; cut *len to what the registers cover.
 * Lock held.  Return: the busy record, or NULL when none is free.
 */
static struct wdmdma_map *wdmdma_map_reserve(struct wdmdma_adapter *a, struct wdmdma_regs *r,
					     unsigned long va, u32 *len)
{
	u32 end = r->first + r->count, first, run, pages;
	struct wdmdma_map *m;

	pages = DIV_ROUND_UP(offset_in_page(va) + (u64)*len, PAGE_SIZE);
	first = find_next_zero_bit(a->reg_mapped, end, r->first);
	if (first >= end) {
		wdmdma_report(a, "MapTransfer", "all %u map registers are mapped (flush first)",
			      r->count);
		return NULL;
	}
	run = find_next_bit(a->reg_mapped, end, first) - first;
	if (pages > run) {
		if (!a->desc.ScatterGather)
			wdmdma_report(a, "MapTransfer", "Length %u needs %u map registers, %u left",
				      *len, pages, run);
		pages = run;
		*len = ((u32)pages << PAGE_SHIFT) - offset_in_page(va);
	}
	bitmap_set(a->reg_mapped, first, pages);
	m = &a->maps[first];
	*m = (struct wdmdma_map){ .va = va, .len = *len, .nregs = pages,
				  .live = true, .busy = true };
	return m;
}

/* Is [va, va + *len) a transfer MapTransfer can do?  Cuts *len to the MDL. */
static bool wdmdma_map_args_ok(struct wdmdma_adapter *a, PMDL mdl, unsigned long va, u32 *len)
{
	static const char call[] = "MapTransfer";
	unsigned long start, end;

	if (!mdl || !*len) {
		wdmdma_report(a, call, "%s", mdl ? "zero-length transfer" : "NULL Mdl");
		return false;
	}
	start = (unsigned long)MmGetMdlVirtualAddress(mdl);
	end = start + mdl->ByteCount;
	if (va < start || va >= end) {
		wdmdma_report(a, call, "CurrentVa %lx outside the MDL [%lx, %lx)", va, start, end);
		return false;
	}
	if (*len > end - va) {
		wdmdma_report(a, call, "Length %u runs %lu bytes past the end of the MDL; cut",
			      *len, *len - (end - va));
		*len = end - va;
	}
	if (!wdmdma_mdl_dma_ready(mdl)) {
		wdmdma_report(a, call, "MDL pages not locked (no MmProbeAndLockPages)");
		return false;
	}
	return true;
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
 * (reported) or when mapping failed.
 */
PHYSICAL_ADDRESS wdmdma_map_transfer(PDMA_ADAPTER da, PMDL mdl, PVOID base,
				     PVOID current_va, PULONG length,
				     BOOLEAN write_to_device)
{
	static const char call[] = "MapTransfer";
	struct wdmdma_adapter *a = wdmdma_adapter_get(da, call);
	enum dma_data_direction dir = write_to_device ? DMA_TO_DEVICE : DMA_FROM_DEVICE;
	unsigned long va = (unsigned long)current_va;
	PHYSICAL_ADDRESS out = { .QuadPart = 0 };
	struct wdmdma_regs *r;
	struct wdmdma_map *m;
	unsigned long flags;
	dma_addr_t addr = 0;
	u32 len, piece = 0;
	int ret;

	if (!length) {
		wdmdma_report(a, call, "NULL Length");
		return out;
	}
	len = *length;
	*length = 0;
	if (!a || !wdmdma_irql_ok(a, call) || !wdmdma_map_args_ok(a, mdl, va, &len))
		return out;

	spin_lock_irqsave(&a->lock, flags);
	r = wdmdma_regs_lookup(a, base, call);
	m = r ? wdmdma_map_find(a, r, mdl, va) : NULL;
	if (m) {
		if (m->dir != dir)
			wdmdma_report(a, call, "WriteToDevice differs from the mapping's");
		piece = wdmdma_map_piece(a, m, va, len, &addr);
		goto out_unlock;
	}
	m = r ? wdmdma_map_reserve(a, r, va, &len) : NULL;
	if (!m)
		goto out_unlock;
	m->mdl = mdl;
	m->dir = dir;
	spin_unlock_irqrestore(&a->lock, flags);

	ret = wdmdma_map_make(a, m, m - a->maps);

	spin_lock_irqsave(&a->lock, flags);
	m->busy = false;
	if (ret || !r->live) {
		wdmdma_report(a, call, "%s", ret ? "mapping failed (out of IOVA or bounce space?)" :
			      "map registers freed while MapTransfer ran");
		if (!ret)
			wdmdma_map_undo(a, m, false);
		m->live = false;
		if (r->live)
			bitmap_clear(a->reg_mapped, m - a->maps, m->nregs);
		goto out_unlock;
	}
	piece = wdmdma_map_piece(a, m, va, len, &addr);
out_unlock:
	spin_unlock_irqrestore(&a->lock, flags);
	*length = piece;
	out.QuadPart = piece ? addr : 0;
	return out;
}

/*
 * Mark the mappings a flush of [va, va + len) of @mdl covers; every live
 * mapping of the allocation when @mdl is NULL.  Lock held.
 */
static u32 wdmdma_flush_pick(struct wdmdma_adapter *a, struct wdmdma_regs *r, PMDL mdl,
			     unsigned long va, u32 len, enum dma_data_direction dir)
{
	u32 i, n = 0;

	for (i = r->first; i < r->first + r->count; i++) {
		struct wdmdma_map *m = &a->maps[i];

		if (!m->live || m->busy)
			continue;
		if (mdl && (m->mdl != mdl || m->va < va || m->va - va >= max(len, 1U)))
			continue;
		if (mdl && m->dir != dir)
			wdmdma_report(a, "FlushAdapterBuffers", "direction differs from the map");
		m->busy = true;
		m->flushing = true;
		n++;
	}
	return n;
}

/* Undo the mappings wdmdma_flush_pick() marked and free their registers. */
static void wdmdma_flush_picked(struct wdmdma_adapter *a, struct wdmdma_regs *r,
				bool copy_back)
{
	unsigned long flags;
	u32 i;

	for (i = r->first; i < r->first + r->count; i++)
		if (a->maps[i].flushing)
			wdmdma_map_undo(a, &a->maps[i], copy_back);

	spin_lock_irqsave(&a->lock, flags);
	for (i = r->first; i < r->first + r->count; i++) {
		struct wdmdma_map *m = &a->maps[i];

		if (!m->flushing)
			continue;
		bitmap_clear(a->reg_mapped, i, m->nregs);
		m->live = false;
		m->busy = false;
		m->flushing = false;
	}
	spin_unlock_irqrestore(&a->lock, flags);
}

/**
 * wdmdma_map_end_all() - end every mapping of an allocation
 * @a: the adapter
 * @r: the allocation (owned by the caller)
 * @copy_back: device-to-memory data is wanted (not an error path)
 */
void wdmdma_map_end_all(struct wdmdma_adapter *a, struct wdmdma_regs *r, bool copy_back)
{
	unsigned long flags;
	u32 n;

	spin_lock_irqsave(&a->lock, flags);
	n = wdmdma_flush_pick(a, r, NULL, 0, 0, DMA_NONE);
	spin_unlock_irqrestore(&a->lock, flags);
	if (n)
		wdmdma_flush_picked(a, r, copy_back);
}

/**
 * wdmdma_map_range() - map a range for a scatter/gather list
 * @a: the adapter
 * @r: the list's allocation, with registers left for the whole range
 * @mdl: the MDL
 * @va: first byte
 * @len: bytes, inside @mdl
 * @dir: direction
 * @elems: the list's elements
 * @n: in: elements filled so far; out: after this range's
 *
 * Return: true when mapped and the elements appended.
 */
bool wdmdma_map_range(struct wdmdma_adapter *a, struct wdmdma_regs *r, PMDL mdl,
		      unsigned long va, u32 len, enum dma_data_direction dir,
		      PSCATTER_GATHER_ELEMENT elems, u32 *n)
{
	struct wdmdma_map *m;
	unsigned long flags;
	u32 want = len, off, piece;
	dma_addr_t addr;

	spin_lock_irqsave(&a->lock, flags);
	m = wdmdma_map_reserve(a, r, va, &len);
	if (m) {
		m->mdl = mdl;
		m->dir = dir;
	}
	spin_unlock_irqrestore(&a->lock, flags);
	if (!m)
		return false;
	if (len != want || wdmdma_map_make(a, m, m - a->maps)) {
		spin_lock_irqsave(&a->lock, flags);
		bitmap_clear(a->reg_mapped, m - a->maps, m->nregs);
		m->live = false;
		m->busy = false;
		spin_unlock_irqrestore(&a->lock, flags);
		return false;
	}
	for (off = 0; off < len; off += piece, (*n)++) {
		piece = wdmdma_map_piece(a, m, va + off, len - off, &addr);
		if (WARN_ON_ONCE(!piece))	/* the segments cover the mapping */
			break;
		elems[*n].Address.QuadPart = addr;
		elems[*n].Length = piece;
		elems[*n].Reserved = 0;
	}
	spin_lock_irqsave(&a->lock, flags);
	m->busy = false;
	spin_unlock_irqrestore(&a->lock, flags);
	return true;
}

/**
 * wdmdma_map_bounced() - does the device see copies of an allocation's data?
 * @a: the adapter; lock held
 * @r: the allocation
 *
 * Return: true when a mapping goes through the adapter's contiguous buffer
 * or through swiotlb slots (without an IOMMU the device address of a
 * segment is then not the page's own).
 */
bool wdmdma_map_bounced(struct wdmdma_adapter *a, struct wdmdma_regs *r)
{
	struct scatterlist *s;
	u32 i;
	int k;

	for (i = r->first; i < r->first + r->count; i++) {
		struct wdmdma_map *m = &a->maps[i];

		if (!m->live)
			continue;
		if (!m->dma_nents)
			return true;
		if (device_iommu_mapped(a->dev))
			continue;
		for_each_sg(&a->sg[i], s, m->dma_nents, k)
			if (sg_dma_address(s) != sg_phys(s))
				return true;
	}
	return false;
}

/**
 * wdmdma_map_cpu_addr() - the CPU address of a bounce copy's device address
 * @a: the adapter
 * @r: the allocation
 * @dma: a device address of one of its (bounced) mappings
 *
 * Return: the kernel address, or NULL when there is none.
 */
void *wdmdma_map_cpu_addr(struct wdmdma_adapter *a, struct wdmdma_regs *r, u64 dma)
{
	u64 off = dma - a->bounce_dma;

	if (a->bounce_cpu && dma >= a->bounce_dma && off < ((u64)a->nregs << PAGE_SHIFT))
		return a->bounce_cpu + off;
	if (device_iommu_mapped(a->dev) || !pfn_valid(PHYS_PFN(dma)))
		return NULL;
	return phys_to_virt(dma);
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
 * data is in memory when it returns, and the registers are free for the
 * allocation's next MapTransfer.
 *
 * Return: TRUE; FALSE (reported) when nothing was mapped there.
 */
BOOLEAN wdmdma_flush_adapter_buffers(PDMA_ADAPTER da, PMDL mdl, PVOID base,
				     PVOID current_va, ULONG length,
				     BOOLEAN write_to_device)
{
	static const char call[] = "FlushAdapterBuffers";
	struct wdmdma_adapter *a = wdmdma_adapter_get(da, call);
	enum dma_data_direction dir = write_to_device ? DMA_TO_DEVICE : DMA_FROM_DEVICE;
	struct wdmdma_regs *r;
	unsigned long flags;
	u32 n = 0;

	if (!a || !wdmdma_irql_ok(a, call))
		return FALSE;
	spin_lock_irqsave(&a->lock, flags);
	r = wdmdma_regs_lookup(a, base, call);
	if (r && mdl)
		n = wdmdma_flush_pick(a, r, mdl, (unsigned long)current_va, length, dir);
	spin_unlock_irqrestore(&a->lock, flags);
	if (!n) {
		if (r)
			wdmdma_report(a, call, "nothing mapped at %p (+%u), or flushed twice",
				      current_va, length);
		return FALSE;
	}

	wdmdma_flush_picked(a, r, true);
	return TRUE;
}
