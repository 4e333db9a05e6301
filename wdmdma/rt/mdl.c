// SPDX-License-Identifier: GPL-2.0
/*
 * Memory descriptor lists: the WDK layout (header, then one page frame
 * number per page), with Linux page frame numbers.  User buffers are
 * pinned with pin_user_pages(), the pinned pages' pointers written in place
 * in the MDL's own frame array and turned into frame numbers there, so
 * locking a buffer allocates nothing.
 */
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include <linux/io.h>

#include "../internal.h"
#include <wdm/mm.h>

static_assert(sizeof(struct page *) == sizeof(PFN_NUMBER));

static unsigned long wdmdma_mdl_npages(PMDL mdl)
{
	return ADDRESS_AND_SIZE_TO_SPAN_PAGES(MmGetMdlVirtualAddress(mdl), mdl->ByteCount);
}

/**
 * wdmdma_mdl_dma_ready() - are an MDL's frame numbers valid for DMA?
 * @mdl: the MDL
 *
 * Return: true when its pages were locked (MmProbeAndLockPages), it
 * describes nonpaged memory (MmBuildMdlForNonPagedPool), or it is a partial
 * MDL built from such an MDL.
 */
bool wdmdma_mdl_dma_ready(PMDL mdl)
{
	return mdl->MdlFlags & (MDL_PAGES_LOCKED | MDL_SOURCE_IS_NONPAGED_POOL | MDL_PARTIAL);
}

/**
 * wdmdma_mdl_page() - the page behind one of an MDL's frame numbers
 * @mdl: the MDL
 * @index: page index from the MDL's StartVa
 *
 * Return: the page, or NULL past the MDL or for a frame that is not RAM.
 */
struct page *wdmdma_mdl_page(PMDL mdl, unsigned long index)
{
	PFN_NUMBER pfn;

	if (index >= wdmdma_mdl_npages(mdl))
		return NULL;
	pfn = MmGetMdlPfnArray(mdl)[index];
	return pfn_valid(pfn) ? pfn_to_page(pfn) : NULL;
}

/*
 * A module's static data lives where modules are loaded, outside the
 * vmalloc range on x86-64 but mapped the same way: a Windows driver's
 * globals are nonpaged, so MmBuildMdlForNonPagedPool() takes them.
 */
static bool wdmdma_module_addr(unsigned long addr)
{
#ifdef MODULES_VADDR
	return addr >= MODULES_VADDR && addr < MODULES_END;
#else
	return false;
#endif
}

/* The page of kernel virtual address @addr, or NULL outside kernel memory. */
static struct page *wdmdma_kernel_page(unsigned long addr)
{
	if (is_vmalloc_addr((void *)addr) || wdmdma_module_addr(addr))
		return vmalloc_to_page((void *)addr);
	if (virt_addr_valid((void *)addr))
		return virt_to_page((void *)addr);
	return NULL;
}

/* Fill the frame array for a kernel buffer.  Return: false (reported) if not kernel memory. */
static bool wdmdma_mdl_fill_kernel(PMDL mdl, const char *call)
{
	unsigned long base = (unsigned long)mdl->StartVa, i, n = wdmdma_mdl_npages(mdl);
	PPFN_NUMBER pfns = MmGetMdlPfnArray(mdl);

	if (object_is_on_stack(MmGetMdlVirtualAddress(mdl))) {
		wdmdma_report(NULL, call, "buffer %p is on the stack; DMA needs pool memory",
			      MmGetMdlVirtualAddress(mdl));
		return false;
	}
	for (i = 0; i < n; i++) {
		struct page *page = wdmdma_kernel_page(base + (i << PAGE_SHIFT));

		if (!page) {
			wdmdma_report(NULL, call, "%lx is not kernel memory",
				      base + (i << PAGE_SHIFT));
			return false;
		}
		pfns[i] = page_to_pfn(page);
	}
	return true;
}

/**
 * MmSizeOfMdl() - bytes an MDL for a buffer takes
 * @Base: start of the buffer
 * @Length: its length
 *
 * Return: the MDL header plus one frame number per page spanned.
 */
SIZE_T MmSizeOfMdl(PVOID Base, SIZE_T Length)
{
	return sizeof(MDL) + ADDRESS_AND_SIZE_TO_SPAN_PAGES(Base, Length) * sizeof(PFN_NUMBER);
}
EXPORT_SYMBOL_GPL(MmSizeOfMdl);

/**
 * IoAllocateMdl() - allocate an MDL for a buffer
 * @VirtualAddress: start of the buffer
 * @Length: its length in bytes
 * @SecondaryBuffer: chain the MDL at the end of @Irp's MDL chain instead of
 *	making it @Irp->MdlAddress
 * @ChargeQuota: ignored
 * @Irp: IRP to attach the MDL to, or NULL
 *
 * The frame array is not filled: MmBuildMdlForNonPagedPool() or
 * MmProbeAndLockPages() does that.  As on Windows, a primary MDL replaces
 * whatever @Irp->MdlAddress held (its Next stays NULL: the old chain may
 * already be freed).
 *
 * Context: at most DISPATCH_LEVEL.
 * Return: the MDL, or NULL when out of memory.
 */
PMDL IoAllocateMdl(PVOID VirtualAddress, ULONG Length, BOOLEAN SecondaryBuffer,
		   BOOLEAN ChargeQuota, PIRP Irp)
{
	PMDL mdl, *link;

	mdl = kmalloc(MmSizeOfMdl(VirtualAddress, Length), wdmdma_gfp() | __GFP_NOWARN);
	if (!mdl)
		return NULL;
	MmInitializeMdl(mdl, VirtualAddress, Length);
	mdl->MdlFlags = MDL_ALLOCATED_FIXED_SIZE;
	mdl->Process = NULL;
	mdl->MappedSystemVa = NULL;
	if (Irp) {
		link = &Irp->MdlAddress;
		if (SecondaryBuffer)
			while (*link)
				link = &(*link)->Next;
		*link = mdl;
	}
	return mdl;
}
EXPORT_SYMBOL_GPL(IoAllocateMdl);

/**
 * IoFreeMdl() - free an MDL allocated by IoAllocateMdl()
 * @Mdl: the MDL
 *
 * An MDL still locked or mapped is reported and unlocked/unmapped first.
 */
void IoFreeMdl(PMDL Mdl)
{
	if (!Mdl) {
		wdmdma_report(NULL, __func__, "NULL Mdl");
		return;
	}
	if (!(Mdl->MdlFlags & MDL_ALLOCATED_FIXED_SIZE)) {
		wdmdma_report(NULL, __func__, "MDL %p was not allocated by IoAllocateMdl", Mdl);
		return;
	}
	if (Mdl->MdlFlags & MDL_PAGES_LOCKED) {
		wdmdma_report(NULL, __func__, "MDL %p is still locked; unlocking", Mdl);
		MmUnlockPages(Mdl);
	}
	if (Mdl->MdlFlags & (MDL_MAPPED_TO_SYSTEM_VA | MDL_PARTIAL_HAS_BEEN_MAPPED))
		MmUnmapLockedPages(Mdl->MappedSystemVa, Mdl);
	kfree(Mdl);
}
EXPORT_SYMBOL_GPL(IoFreeMdl);

/**
 * MmBuildMdlForNonPagedPool() - fill an MDL for nonpaged kernel memory
 * @MemoryDescriptorList: MDL describing kmalloc, page-allocator or vmalloc
 *	memory (not the stack)
 *
 * The MDL is then ready for DMA and its MappedSystemVa is the buffer.
 */
void MmBuildMdlForNonPagedPool(PMDL MemoryDescriptorList)
{
	PMDL mdl = MemoryDescriptorList;

	if (!mdl) {
		wdmdma_report(NULL, __func__, "NULL MDL");
		return;
	}
	if (!wdmdma_mdl_fill_kernel(mdl, __func__))
		return;
	mdl->MappedSystemVa = MmGetMdlVirtualAddress(mdl);
	mdl->MdlFlags |= MDL_SOURCE_IS_NONPAGED_POOL;
}
EXPORT_SYMBOL_GPL(MmBuildMdlForNonPagedPool);

/* Pin a user buffer, the page pointers written in place, then made frame numbers. */
static bool wdmdma_mdl_pin_user(PMDL mdl, LOCK_OPERATION op)
{
	unsigned long i, n = wdmdma_mdl_npages(mdl);
	struct page **pages = (struct page **)MmGetMdlPfnArray(mdl);
	PPFN_NUMBER pfns = MmGetMdlPfnArray(mdl);
	long got;

	/*
	 * A user buffer is pageable: Windows probes it at APC_LEVEL at most,
	 * in the thread of the process that owns it.  Pinning may sleep, and
	 * a kernel thread has no user address space to pin from.
	 */
	if (!current->mm || wdmdma_atomic_context()) {
		wdmdma_report_chk(NULL, "MmProbeAndLockPages",
				  current->mm ? WDMDMA_CHK_IRQL : WDMDMA_CHK_MISUSE,
				  "user buffer %p probed %s",
				  MmGetMdlVirtualAddress(mdl), current->mm ?
				  "above APC_LEVEL" : "from a thread with no user address space");
		return false;
	}
	got = pin_user_pages_fast((unsigned long)mdl->StartVa, n,
				  op == IoReadAccess ? 0 : FOLL_WRITE, pages);
	if (got != n) {
		if (got > 0)
			unpin_user_pages(pages, got);
		memset(pfns, 0, n * sizeof(*pfns));
		wdmdma_report(NULL, "MmProbeAndLockPages",
			      "user buffer %p (+%u) is not accessible (%ld of %lu pages)",
			      MmGetMdlVirtualAddress(mdl), mdl->ByteCount, got, n);
		return false;
	}
	for (i = 0; i < n; i++)
		pfns[i] = page_to_pfn(pages[i]);
	mdl->Process = (struct _EPROCESS *)current;
	return true;
}

/**
 * MmGetPhysicalAddress() - the physical address behind a kernel virtual
 *	address of nonpaged memory
 * @BaseAddress: the address (pool, a module's data, vmalloc memory)
 *
 * Return: the physical address, or 0 (reported) for an address that is
 * not kernel memory.
 */
PHYSICAL_ADDRESS MmGetPhysicalAddress(PVOID BaseAddress)
{
	struct page *page = wdmdma_kernel_page((unsigned long)BaseAddress);
	PHYSICAL_ADDRESS pa;

	pa.QuadPart = 0;
	if (unlikely(!page)) {
		wdmdma_report(NULL, __func__, "%p is not kernel memory", BaseAddress);
		return pa;
	}
	pa.QuadPart = page_to_phys(page) + offset_in_page(BaseAddress);
	return pa;
}
EXPORT_SYMBOL_GPL(MmGetPhysicalAddress);

/**
 * MmIsAddressValid() - would reading @VirtualAddress fault?
 * @VirtualAddress: any address
 *
 * Kernel addresses: memory of the direct map, vmalloc space or a module
 * that has a page behind it.  User addresses: resident in the calling
 * process (probed without faulting).  As on Windows the answer may be
 * stale as soon as it is given.
 *
 * Return: TRUE when a read of the byte would not fault.
 */
BOOLEAN MmIsAddressValid(PVOID VirtualAddress)
{
	unsigned long addr = (unsigned long)VirtualAddress;
	char c;

	if (addr < TASK_SIZE_MAX)
		return current->mm && !copy_from_user_nofault(&c, (const void __user *)addr, 1);
	return !!wdmdma_kernel_page(addr);
}
EXPORT_SYMBOL_GPL(MmIsAddressValid);

/**
 * MmProbeAndLockPages() - make a buffer's pages resident and lock them
 * @MemoryDescriptorList: MDL from IoAllocateMdl()
 * @AccessMode: UserMode for a user-space buffer, KernelMode otherwise
 * @Operation: IoReadAccess when the pages are only read (memory to device),
 *	IoWriteAccess or IoModifyAccess when written
 *
 * User buffers are pinned (pin_user_pages); kernel buffers need no pinning.
 * Windows raises an exception when the buffer is not accessible; here the
 * failure is reported and the MDL stays unlocked, which every DMA entry
 * refuses.
 */
void MmProbeAndLockPages(PMDL MemoryDescriptorList, KPROCESSOR_MODE AccessMode,
			 LOCK_OPERATION Operation)
{
	PMDL mdl = MemoryDescriptorList;
	unsigned long va;
	bool ok;

	if (!mdl || (mdl->MdlFlags & (MDL_PAGES_LOCKED | MDL_SOURCE_IS_NONPAGED_POOL))) {
		wdmdma_report(NULL, __func__, "%s", mdl ? "MDL already locked" : "NULL MDL");
		return;
	}
	va = (unsigned long)MmGetMdlVirtualAddress(mdl);
	if (AccessMode == UserMode || va < TASK_SIZE_MAX)
		ok = wdmdma_mdl_pin_user(mdl, Operation);
	else
		ok = wdmdma_mdl_fill_kernel(mdl, __func__);
	if (!ok)
		return;
	if (Operation != IoReadAccess)
		mdl->MdlFlags |= MDL_WRITE_OPERATION;
	mdl->MdlFlags |= MDL_PAGES_LOCKED;
}
EXPORT_SYMBOL_GPL(MmProbeAndLockPages);

/**
 * struct wdmdma_release - a system mapping and user pages to let go of
 *	later, from process context
 * @work: on wdmdma's workqueue
 * @vaddr: vmap() area to unmap first, or NULL
 * @count: user pages to unpin then
 * @dirty: the lock was for writing: mark them dirty
 * @pages: the pages
 */
struct wdmdma_release {
	struct work_struct work;
	void *vaddr;
	unsigned long count;
	bool dirty;
	struct page *pages[];
};

static void wdmdma_release_work(struct work_struct *work)
{
	struct wdmdma_release *r = container_of(work, struct wdmdma_release, work);

	if (r->vaddr)
		vunmap(r->vaddr);
	if (r->count)
		unpin_user_pages_dirty_lock(r->pages, r->count, r->dirty);
	kfree(r);
}

/*
 * Unmap @vaddr (a vmap() area, or NULL), then unpin @n user pages.  Both
 * may sleep -- vunmap(), and the page lock taken to mark a page dirty --
 * so at DISPATCH_LEVEL (a DPC unlocking a completed transfer, as Windows
 * allows) they go to wdmdma's workqueue, as the block layer does for pages
 * dirtied by a read.  Clean pages are unpinned at once.
 */
static void wdmdma_release(void *vaddr, struct page **pages, unsigned long n, bool dirty)
{
	struct wdmdma_release *r;

	if (!wdmdma_atomic_context() || (!vaddr && !dirty)) {
		if (vaddr)
			vunmap(vaddr);
		if (n)
			unpin_user_pages_dirty_lock(pages, n, dirty);
		return;
	}
	r = kmalloc(struct_size(r, pages, n), GFP_ATOMIC | __GFP_NOWARN);
	if (r) {
		INIT_WORK(&r->work, wdmdma_release_work);
		r->vaddr = vaddr;
		r->count = n;
		r->dirty = dirty;
		memcpy(r->pages, pages, n * sizeof(*pages));
		queue_work(wdmdma_wq, &r->work);
		return;
	}
	/* No memory to defer with: keep the mapping, dirty without the page lock. */
	if (vaddr)
		wdmdma_report(NULL, "MmUnlockPages",
			      "out of memory at DISPATCH_LEVEL: system mapping %p leaked", vaddr);
	while (n--) {
		if (dirty)
			set_page_dirty(pages[n]);
		unpin_user_page(pages[n]);
	}
}

/* The vmap() area behind an MDL's system mapping; NULL for a kernel buffer's own. */
static void *wdmdma_mdl_vmap_area(PMDL mdl, PVOID mapping)
{
	if (mapping == MmGetMdlVirtualAddress(mdl))
		return NULL;
	return (void *)((unsigned long)mapping & PAGE_MASK);
}

/**
 * MmUnlockPages() - unlock what MmProbeAndLockPages() locked
 * @MemoryDescriptorList: the MDL
 *
 * Unmaps a system mapping of the MDL, and unpins user pages, marking them
 * dirty when the lock was for writing.
 *
 * Context: at most DISPATCH_LEVEL.
 */
void MmUnlockPages(PMDL MemoryDescriptorList)
{
	PMDL mdl = MemoryDescriptorList;
	struct page **pages = NULL;
	unsigned long i, n = 0;
	void *vaddr = NULL;

	if (!mdl || !(mdl->MdlFlags & MDL_PAGES_LOCKED)) {
		wdmdma_report(NULL, __func__, "%s", mdl ? "MDL is not locked" : "NULL MDL");
		return;
	}
	if (mdl->MdlFlags & MDL_MAPPED_TO_SYSTEM_VA) {
		vaddr = wdmdma_mdl_vmap_area(mdl, mdl->MappedSystemVa);
		mdl->MdlFlags &= ~MDL_MAPPED_TO_SYSTEM_VA;
		mdl->MappedSystemVa = NULL;
	}
	if (mdl->Process) {
		n = wdmdma_mdl_npages(mdl);
		pages = (struct page **)MmGetMdlPfnArray(mdl);
		for (i = 0; i < n; i++)
			pages[i] = pfn_to_page(MmGetMdlPfnArray(mdl)[i]);
	}
	wdmdma_release(vaddr, pages, n, mdl->MdlFlags & MDL_WRITE_OPERATION);
	if (pages)
		memset(pages, 0, n * sizeof(*pages));
	mdl->Process = NULL;
	mdl->MdlFlags &= ~(MDL_PAGES_LOCKED | MDL_WRITE_OPERATION);
}
EXPORT_SYMBOL_GPL(MmUnlockPages);

/**
 * MmMapLockedPagesSpecifyCache() - a kernel virtual address for an MDL
 * @MemoryDescriptorList: a locked MDL
 * @AccessMode: KernelMode (mapping into user space is not supported)
 * @CacheType: ignored: Linux maps RAM cached
 * @RequestedAddress: must be NULL
 * @BugCheckOnFailure: ignored: failure returns NULL
 * @Priority: ignored
 *
 * Kernel buffers already have one, which becomes the MDL's mapping; user
 * pages are mapped with vmap().
 *
 * Context: a new mapping needs process context (vmap() sleeps); in atomic
 * context only an existing address is returned, and a user MDL not mapped
 * yet is reported and gets NULL: map it once at PASSIVE_LEVEL (in the
 * dispatch routine) and later calls return that mapping.
 * Return: the address of the MDL's first byte, or NULL.
 */
PVOID MmMapLockedPagesSpecifyCache(PMDL MemoryDescriptorList, KPROCESSOR_MODE AccessMode,
				   MEMORY_CACHING_TYPE CacheType, PVOID RequestedAddress,
				   ULONG BugCheckOnFailure, ULONG Priority)
{
	PMDL mdl = MemoryDescriptorList;
	unsigned long i, n;
	struct page **pages;
	void *vaddr;

	if (!mdl || AccessMode != KernelMode || RequestedAddress) {
		wdmdma_report(NULL, __func__, "only KernelMode mappings of an MDL are supported");
		return NULL;
	}
	if (mdl->MdlFlags & (MDL_MAPPED_TO_SYSTEM_VA | MDL_SOURCE_IS_NONPAGED_POOL |
			     MDL_PARENT_MAPPED_SYSTEM_VA))
		return mdl->MappedSystemVa;
	if (!wdmdma_mdl_dma_ready(mdl)) {
		wdmdma_report_chk(NULL, __func__, WDMDMA_CHK_NOT_LOCKED,
				  "MDL %p is not locked", mdl);
		return NULL;
	}
	if (!mdl->Process && (unsigned long)mdl->StartVa >= TASK_SIZE_MAX) {
		vaddr = MmGetMdlVirtualAddress(mdl);	/* kernel memory is mapped */
		goto mapped;
	}
	if (wdmdma_atomic_context()) {
		wdmdma_report_chk(NULL, __func__, WDMDMA_CHK_IRQL,
				  "user MDL %p first mapped above PASSIVE_LEVEL: vmap() sleeps; map it at PASSIVE_LEVEL first",
				  mdl);
		return NULL;
	}

	n = wdmdma_mdl_npages(mdl);
	pages = kmalloc_array(n, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return NULL;
	for (i = 0; i < n; i++)
		pages[i] = wdmdma_mdl_page(mdl, i);
	vaddr = vmap(pages, n, VM_MAP, PAGE_KERNEL);
	kfree(pages);
	if (!vaddr)
		return NULL;
	vaddr += mdl->ByteOffset;
mapped:
	mdl->MappedSystemVa = vaddr;
	mdl->MdlFlags |= mdl->MdlFlags & MDL_PARTIAL ? MDL_PARTIAL_HAS_BEEN_MAPPED :
			 MDL_MAPPED_TO_SYSTEM_VA;
	return mdl->MappedSystemVa;
}
EXPORT_SYMBOL_GPL(MmMapLockedPagesSpecifyCache);

/**
 * MmUnmapLockedPages() - undo MmMapLockedPagesSpecifyCache()
 * @BaseAddress: the address it returned
 * @MemoryDescriptorList: the MDL
 *
 * Context: at most DISPATCH_LEVEL.
 */
void MmUnmapLockedPages(PVOID BaseAddress, PMDL MemoryDescriptorList)
{
	PMDL mdl = MemoryDescriptorList;
	CSHORT mapped = MDL_MAPPED_TO_SYSTEM_VA | MDL_PARTIAL_HAS_BEEN_MAPPED;

	if (!mdl || !(mdl->MdlFlags & mapped) || BaseAddress != mdl->MappedSystemVa) {
		wdmdma_report(NULL, __func__, "%p is not a mapping of MDL %p", BaseAddress, mdl);
		return;
	}
	/* A kernel buffer's mapping is the buffer itself: nothing to undo. */
	wdmdma_release(wdmdma_mdl_vmap_area(mdl, BaseAddress), NULL, 0, false);
	mdl->MdlFlags &= ~mapped;
	mdl->MappedSystemVa = NULL;
}
EXPORT_SYMBOL_GPL(MmUnmapLockedPages);

/**
 * IoBuildPartialMdl() - an MDL for part of another MDL's buffer
 * @SourceMdl: the locked (or nonpaged) MDL
 * @TargetMdl: an MDL with room for the part's frame numbers
 * @VirtualAddress: start of the part, inside @SourceMdl
 * @Length: its length; 0 for the rest of @SourceMdl
 *
 * A target whose previous part is still mapped (MmPrepareMdlForReuse()
 * not called) is reported and unmapped first.
 */
void IoBuildPartialMdl(PMDL SourceMdl, PMDL TargetMdl, PVOID VirtualAddress, ULONG Length)
{
	CSHORT inherit = MDL_SOURCE_IS_NONPAGED_POOL | MDL_IO_PAGE_READ | MDL_WRITE_OPERATION;
	unsigned long src, va = (unsigned long)VirtualAddress, off, first, n;
	CSHORT size, flags;

	if (!SourceMdl || !TargetMdl) {
		wdmdma_report(NULL, __func__, "NULL %s", SourceMdl ? "TargetMdl" : "SourceMdl");
		return;
	}
	src = (unsigned long)MmGetMdlVirtualAddress(SourceMdl);
	off = va - src;
	if (!Length && off < SourceMdl->ByteCount)
		Length = SourceMdl->ByteCount - off;
	if (va < src || off >= SourceMdl->ByteCount || Length > SourceMdl->ByteCount - off ||
	    MmSizeOfMdl(VirtualAddress, Length) > (SIZE_T)(USHORT)TargetMdl->Size) {
		wdmdma_report_chk(NULL, __func__, WDMDMA_CHK_NOT_IN_MDL,
				  "%lx (+%u) is not inside the source MDL, or the target is too small",
				  va, Length);
		return;
	}
	if (TargetMdl->MdlFlags & MDL_PARTIAL_HAS_BEEN_MAPPED) {
		wdmdma_report(NULL, __func__, "target %p still mapped; MmPrepareMdlForReuse first",
			      TargetMdl);
		MmUnmapLockedPages(TargetMdl->MappedSystemVa, TargetMdl);
	}
	size = TargetMdl->Size;
	flags = TargetMdl->MdlFlags & MDL_ALLOCATED_FIXED_SIZE;
	MmInitializeMdl(TargetMdl, VirtualAddress, Length);
	TargetMdl->Size = size;		/* the room it has, not what this part needs */
	TargetMdl->MdlFlags = flags | (SourceMdl->MdlFlags & inherit);
	TargetMdl->Process = SourceMdl->Process;
	first = ((va & PAGE_MASK) - (unsigned long)SourceMdl->StartVa) >> PAGE_SHIFT;
	n = wdmdma_mdl_npages(TargetMdl);
	memcpy(MmGetMdlPfnArray(TargetMdl), MmGetMdlPfnArray(SourceMdl) + first,
	       n * sizeof(PFN_NUMBER));
	if (wdmdma_mdl_dma_ready(SourceMdl))
		TargetMdl->MdlFlags |= MDL_PARTIAL;
	else
		wdmdma_report_chk(NULL, __func__, WDMDMA_CHK_NOT_LOCKED,
				  "source MDL is not locked");
	if (SourceMdl->MdlFlags & (MDL_MAPPED_TO_SYSTEM_VA | MDL_SOURCE_IS_NONPAGED_POOL |
				   MDL_PARENT_MAPPED_SYSTEM_VA)) {
		TargetMdl->MappedSystemVa = SourceMdl->MappedSystemVa + off;
		if (!(SourceMdl->MdlFlags & MDL_SOURCE_IS_NONPAGED_POOL))
			TargetMdl->MdlFlags |= MDL_PARENT_MAPPED_SYSTEM_VA;
	}
}
EXPORT_SYMBOL_GPL(IoBuildPartialMdl);

/**
 * KeFlushIoBuffers() - make an MDL's buffer coherent for an I/O operation
 * @Mdl: the MDL
 * @ReadOperation: TRUE when the device writes memory
 * @DmaOperation: TRUE for DMA
 *
 * Flushes the CPU's view of each page of the MDL (flush_dcache_page(): what
 * a platform with virtually indexed or non-coherent caches needs so the
 * kernel's and the user's mappings agree; nothing on x86).  The DMA side
 * of cache maintenance belongs to the mapping, not the pages: MapTransfer
 * (dma_map_*) and FlushAdapterBuffers (dma_sync_* / dma_unmap_*) do it for
 * exactly the bytes transferred.
 */
void KeFlushIoBuffers(PMDL Mdl, BOOLEAN ReadOperation, BOOLEAN DmaOperation)
{
	unsigned long i, n;
	struct page *page;

	if (!Mdl) {
		wdmdma_report(NULL, __func__, "NULL Mdl");
		return;
	}
	if (!wdmdma_mdl_dma_ready(Mdl))
		return;
	n = wdmdma_mdl_npages(Mdl);
	for (i = 0; i < n; i++) {
		page = wdmdma_mdl_page(Mdl, i);
		if (page)
			flush_dcache_page(page);
	}
}
EXPORT_SYMBOL_GPL(KeFlushIoBuffers);
