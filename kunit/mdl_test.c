// SPDX-License-Identifier: GPL-2.0
/*
 * Memory descriptor lists as a ported driver builds and reads them: the
 * header IoAllocateMdl() fills, IRP chains, frame numbers of nonpaged,
 * locked, partial and user buffers, system addresses, and the misuse the
 * memory manager reports instead of crashing.
 */
#include <linux/bottom_half.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "suites.h"
#include "target.h"

/* The process that loaded the suites: its address space for user buffers. */
static struct mm_struct *mdl_mm;

/* Runs in the loading process (insmod), unlike the cases. */
static int mdl_suite_init(struct kunit_suite *suite)
{
	if (current->mm) {
		mmget(current->mm);
		mdl_mm = current->mm;
	}
	return 0;
}

static void mdl_suite_exit(struct kunit_suite *suite)
{
	if (mdl_mm)
		mmput(mdl_mm);
	mdl_mm = NULL;
}

/* A driver global: nonpaged on Windows, module memory here. */
static u8 mdl_static_buf[3 * PAGE_SIZE] __aligned(PAGE_SIZE);

static unsigned long mdl_page_of(unsigned long va)
{
	return va & ~(PAGE_SIZE - 1);
}

static unsigned long mdl_npages(unsigned long va, unsigned long len)
{
	return (((va & (PAGE_SIZE - 1)) + len + PAGE_SIZE - 1) >> PAGE_SHIFT);
}

/* The page frame of kernel address @va, found independently of wdmdma. */
static PFN_NUMBER mdl_kernel_pfn(unsigned long va)
{
	void *p = (void *)va;

	if (is_vmalloc_addr(p) || !virt_addr_valid(p))
		return page_to_pfn(vmalloc_to_page(p));
	return page_to_pfn(virt_to_page(p));
}

/* Every frame number of @mdl is the frame of the kernel page it describes. */
static void mdl_expect_kernel_pfns(struct kunit *test, PMDL mdl)
{
	unsigned long base = (unsigned long)mdl->StartVa, i;
	unsigned long n = mdl_npages((unsigned long)MmGetMdlVirtualAddress(mdl), mdl->ByteCount);

	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ_MSG(test, MmGetMdlPfnArray(mdl)[i],
				    mdl_kernel_pfn(base + (i << PAGE_SHIFT)), "page %lu", i);
}

static PMDL mdl_alloc(struct kunit *test, void *va, ULONG len)
{
	PMDL mdl = IoAllocateMdl(va, len, FALSE, FALSE, NULL);

	KUNIT_ASSERT_NOT_NULL(test, mdl);
	return mdl;
}

static void *mdl_vbuf(struct kunit *test, size_t len)
{
	return wdmdma_test_buf(test, len, true);
}

/*
 * IoAllocateMdl fills the header: StartVa is the page of the first byte,
 * ByteOffset the offset in it, Size the header plus one frame per page
 * spanned, MDL_ALLOCATED_FIXED_SIZE the only flag, nothing chained.
 */
static void mdl_allocate_fields(struct kunit *test)
{
	static const struct { unsigned long off, len, pages; } cases[] = {
		{ 0, PAGE_SIZE, 1 },			/* aligned, one page */
		{ 100, 200, 1 },			/* unaligned, inside a page */
		{ 100, PAGE_SIZE, 2 },			/* unaligned, crosses a page */
		{ PAGE_SIZE - 1, 2, 2 },		/* two bytes, two pages */
		{ 0, 3 * PAGE_SIZE, 3 },		/* aligned, several pages */
		{ 10, 3 * PAGE_SIZE, 4 },		/* unaligned, several pages */
		{ 300, 0, 1 },				/* empty: its address's page */
	};
	u8 *buf = mdl_vbuf(test, 5 * PAGE_SIZE);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		unsigned long va = (unsigned long)buf + cases[i].off;
		PMDL mdl = mdl_alloc(test, (void *)va, cases[i].len);

		KUNIT_EXPECT_EQ_MSG(test, (unsigned long)mdl->StartVa, mdl_page_of(va),
				    "case %u", i);
		KUNIT_EXPECT_EQ_MSG(test, mdl->ByteOffset, va % PAGE_SIZE, "case %u", i);
		KUNIT_EXPECT_EQ_MSG(test, mdl->ByteCount, cases[i].len, "case %u", i);
		KUNIT_EXPECT_EQ_MSG(test, mdl->Size,
				    sizeof(MDL) + cases[i].pages * sizeof(PFN_NUMBER),
				    "case %u", i);
		KUNIT_EXPECT_EQ_MSG(test, mdl->MdlFlags, MDL_ALLOCATED_FIXED_SIZE, "case %u", i);
		KUNIT_EXPECT_NULL_MSG(test, mdl->Next, "case %u", i);
		KUNIT_EXPECT_NULL_MSG(test, mdl->MappedSystemVa, "case %u", i);
		KUNIT_EXPECT_NULL_MSG(test, mdl->Process, "case %u", i);
		/* the accessors read the same header */
		KUNIT_EXPECT_EQ(test, (unsigned long)MmGetMdlVirtualAddress(mdl), va);
		KUNIT_EXPECT_EQ(test, MmGetMdlByteCount(mdl), cases[i].len);
		KUNIT_EXPECT_EQ(test, MmGetMdlByteOffset(mdl), cases[i].off % PAGE_SIZE);
		KUNIT_EXPECT_PTR_EQ(test, MmGetMdlBaseVa(mdl), mdl->StartVa);
		KUNIT_EXPECT_PTR_EQ(test, (void *)MmGetMdlPfnArray(mdl), (void *)(mdl + 1));
		IoFreeMdl(mdl);
	}
}

/* MmSizeOfMdl: header plus a frame number per page the range spans. */
static void mdl_size_of_mdl(struct kunit *test)
{
	const SIZE_T hdr = sizeof(MDL), pfn = sizeof(PFN_NUMBER);
	u8 *page = (u8 *)(PAGE_SIZE * 16);

	KUNIT_EXPECT_EQ(test, sizeof(MDL), 0x30);
	KUNIT_EXPECT_EQ(test, MmSizeOfMdl(page, 0), hdr);
	KUNIT_EXPECT_EQ(test, MmSizeOfMdl(page, 1), hdr + pfn);
	KUNIT_EXPECT_EQ(test, MmSizeOfMdl(page, PAGE_SIZE), hdr + pfn);
	KUNIT_EXPECT_EQ(test, MmSizeOfMdl(page + 1, PAGE_SIZE), hdr + 2 * pfn);
	KUNIT_EXPECT_EQ(test, MmSizeOfMdl(page + PAGE_SIZE - 1, 2), hdr + 2 * pfn);
	KUNIT_EXPECT_EQ(test, MmSizeOfMdl(NULL, 5 * PAGE_SIZE + 100), hdr + 6 * pfn);
}

/*
 * With an IRP, a primary MDL becomes Irp->MdlAddress (replacing what was
 * there, its Next NULL) and a secondary one is appended at the chain's end.
 */
static void mdl_irp_attach(struct kunit *test)
{
	PIRP irp = kunit_kzalloc(test, sizeof(IRP), GFP_KERNEL);
	u8 *buf = mdl_vbuf(test, 4 * PAGE_SIZE);
	PMDL m1, m2, m3, m4;

	KUNIT_ASSERT_NOT_NULL(test, irp);
	m1 = IoAllocateMdl(buf, PAGE_SIZE, FALSE, FALSE, irp);
	KUNIT_ASSERT_NOT_NULL(test, m1);
	KUNIT_EXPECT_PTR_EQ(test, irp->MdlAddress, m1);
	KUNIT_EXPECT_NULL(test, m1->Next);

	m2 = IoAllocateMdl(buf + PAGE_SIZE, 100, TRUE, FALSE, irp);
	KUNIT_ASSERT_NOT_NULL(test, m2);
	m3 = IoAllocateMdl(buf + 2 * PAGE_SIZE, 200, TRUE, FALSE, irp);
	KUNIT_ASSERT_NOT_NULL(test, m3);
	KUNIT_EXPECT_PTR_EQ(test, irp->MdlAddress, m1);
	KUNIT_EXPECT_PTR_EQ(test, m1->Next, m2);
	KUNIT_EXPECT_PTR_EQ(test, m2->Next, m3);
	KUNIT_EXPECT_NULL(test, m3->Next);

	/* A new primary MDL replaces the chain; it does not adopt it. */
	m4 = IoAllocateMdl(buf + 3 * PAGE_SIZE, 300, FALSE, FALSE, irp);
	KUNIT_ASSERT_NOT_NULL(test, m4);
	KUNIT_EXPECT_PTR_EQ(test, irp->MdlAddress, m4);
	KUNIT_EXPECT_NULL(test, m4->Next);

	IoFreeMdl(m4);
	IoFreeMdl(m3);
	IoFreeMdl(m2);
	IoFreeMdl(m1);
}

/*
 * MmBuildMdlForNonPagedPool on kmalloc (contiguous) and vmalloc (scattered)
 * memory and on a driver global: every frame is the page's own, the system
 * address is the buffer, the MDL is nonpaged and not "locked".
 */
static void mdl_build_nonpaged(struct kunit *test)
{
	u8 *kbuf = kunit_kmalloc(test, 3 * PAGE_SIZE, GFP_KERNEL);
	u8 *vbuf = mdl_vbuf(test, 4 * PAGE_SIZE);
	struct { u8 *va; ULONG len; } cases[] = {
		{ kbuf + 100, 2 * PAGE_SIZE },
		{ vbuf, PAGE_SIZE },
		{ vbuf + 10, 3 * PAGE_SIZE + 20 },
		{ mdl_static_buf + 1, 2 * PAGE_SIZE },
	};
	unsigned long before = wdmdma_violations(NULL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, kbuf);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		PMDL mdl = mdl_alloc(test, cases[i].va, cases[i].len);

		MmBuildMdlForNonPagedPool(mdl);
		KUNIT_EXPECT_EQ_MSG(test, mdl->MdlFlags,
				    MDL_ALLOCATED_FIXED_SIZE | MDL_SOURCE_IS_NONPAGED_POOL,
				    "case %u", i);
		KUNIT_EXPECT_PTR_EQ_MSG(test, mdl->MappedSystemVa, (void *)cases[i].va,
					"case %u", i);
		KUNIT_EXPECT_PTR_EQ(test, MmGetSystemAddressForMdlSafe(mdl, NormalPagePriority),
				    (void *)cases[i].va);
		KUNIT_EXPECT_PTR_EQ(test, MmGetSystemAddressForMdl(mdl), (void *)cases[i].va);
		mdl_expect_kernel_pfns(test, mdl);
		IoFreeMdl(mdl);
	}
	/* contiguous memory: consecutive frames */
	KUNIT_EXPECT_EQ(test, PHYS_PFN(virt_to_phys(kbuf + PAGE_SIZE)),
			PHYS_PFN(virt_to_phys(kbuf)) + 1);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before);
}

/* A stack buffer is not pool memory: refused, reported, the MDL not ready. */
static void mdl_build_nonpaged_stack(struct kunit *test)
{
	u8 stackbuf[64];
	unsigned long before;
	PMDL mdl;

	memset(stackbuf, 0, sizeof(stackbuf));
	mdl = mdl_alloc(test, stackbuf, sizeof(stackbuf));
	before = wdmdma_violations(NULL);
	MmBuildMdlForNonPagedPool(mdl);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 1);
	KUNIT_EXPECT_EQ(test, mdl->MdlFlags, MDL_ALLOCATED_FIXED_SIZE);
	KUNIT_EXPECT_NULL(test, mdl->MappedSystemVa);

	before = wdmdma_violations(NULL);
	MmBuildMdlForNonPagedPool(NULL);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 1);
	IoFreeMdl(mdl);
}

/*
 * IoBuildPartialMdl: the part's header, its frames (those of the source's
 * pages it spans), Length 0 for the rest, its system address, and the
 * nonpaged flag inherited.
 */
static void mdl_partial(struct kunit *test)
{
	u8 *buf = mdl_vbuf(test, 4 * PAGE_SIZE);
	const ULONG srclen = 3 * PAGE_SIZE + 50;
	PMDL src = wdmdma_test_mdl(test, buf + 100, srclen);
	PMDL part = mdl_alloc(test, buf + 100, srclen);
	CSHORT room = part->Size;
	u8 *va = buf + PAGE_SIZE + 200;

	IoBuildPartialMdl(src, part, va, PAGE_SIZE);
	KUNIT_EXPECT_PTR_EQ(test, part->StartVa, (void *)(buf + PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, part->ByteOffset, 200);
	KUNIT_EXPECT_EQ(test, part->ByteCount, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, part->Size, room);
	KUNIT_EXPECT_EQ(test, part->MdlFlags, MDL_ALLOCATED_FIXED_SIZE | MDL_PARTIAL |
			MDL_SOURCE_IS_NONPAGED_POOL);
	KUNIT_EXPECT_EQ(test, MmGetMdlPfnArray(part)[0], MmGetMdlPfnArray(src)[1]);
	KUNIT_EXPECT_EQ(test, MmGetMdlPfnArray(part)[1], MmGetMdlPfnArray(src)[2]);
	KUNIT_EXPECT_PTR_EQ(test, part->MappedSystemVa, (void *)va);
	KUNIT_EXPECT_PTR_EQ(test, MmGetSystemAddressForMdlSafe(part, NormalPagePriority),
			    (void *)va);
	mdl_expect_kernel_pfns(test, part);

	/* Length 0: from VirtualAddress to the end of the source */
	va = buf + 2 * PAGE_SIZE;
	IoBuildPartialMdl(src, part, va, 0);
	KUNIT_EXPECT_PTR_EQ(test, MmGetMdlVirtualAddress(part), (void *)va);
	KUNIT_EXPECT_EQ(test, part->ByteCount, buf + 100 + srclen - va);
	KUNIT_EXPECT_EQ(test, MmGetMdlPfnArray(part)[0], MmGetMdlPfnArray(src)[2]);
	KUNIT_EXPECT_EQ(test, MmGetMdlPfnArray(part)[1], MmGetMdlPfnArray(src)[3]);
	KUNIT_EXPECT_PTR_EQ(test, part->MappedSystemVa, (void *)va);
	IoFreeMdl(part);
}

/*
 * A part outside the source, running past its end, or too big for the
 * target is refused and reported, the target left as it was; a part of a
 * source whose pages are not locked is reported and not DMA-ready.
 */
static void mdl_partial_refused(struct kunit *test)
{
	u8 *buf = mdl_vbuf(test, 4 * PAGE_SIZE);
	PMDL src = wdmdma_test_mdl(test, buf + PAGE_SIZE, 2 * PAGE_SIZE);
	PMDL part = mdl_alloc(test, buf, 4 * PAGE_SIZE);
	PMDL small = mdl_alloc(test, buf, 1);
	PMDL unlocked = mdl_alloc(test, buf, 2 * PAGE_SIZE);
	u8 *saved = kunit_kmalloc(test, part->Size, GFP_KERNEL);
	struct { PMDL target; u8 *va; ULONG len; } bad[] = {
		{ part, buf + PAGE_SIZE - 1, 10 },		/* starts before */
		{ part, buf + 3 * PAGE_SIZE, 0 },		/* starts at the end */
		{ part, buf + 3 * PAGE_SIZE + 5, 1 },		/* after */
		{ part, buf + PAGE_SIZE + 10, 2 * PAGE_SIZE },	/* runs past the end */
		{ small, buf + PAGE_SIZE + 10, PAGE_SIZE },	/* target too small */
	};
	unsigned long before;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, saved);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memcpy(saved, bad[i].target, bad[i].target->Size);
		before = wdmdma_violations(NULL);
		IoBuildPartialMdl(src, bad[i].target, bad[i].va, bad[i].len);
		KUNIT_EXPECT_EQ_MSG(test, wdmdma_violations(NULL), before + 1, "case %u", i);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(saved, bad[i].target, bad[i].target->Size), 0,
				    "case %u", i);
	}

	before = wdmdma_violations(NULL);
	IoBuildPartialMdl(unlocked, part, buf, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 1);
	KUNIT_EXPECT_FALSE(test, part->MdlFlags & (MDL_PARTIAL | MDL_SOURCE_IS_NONPAGED_POOL));
	IoBuildPartialMdl(NULL, part, buf, PAGE_SIZE);
	IoBuildPartialMdl(src, NULL, buf, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 3);
	IoFreeMdl(unlocked);
	IoFreeMdl(small);
	IoFreeMdl(part);
}

/*
 * MmProbeAndLockPages on a kernel buffer: the frames filled, the MDL
 * locked (MDL_WRITE_OPERATION when the device writes), its system address
 * the buffer; MmUnlockPages clears both flags; locking twice or unlocking
 * an unlocked MDL is reported.
 */
static void mdl_probe_and_lock_kernel(struct kunit *test)
{
	static const LOCK_OPERATION ops[] = { IoReadAccess, IoWriteAccess, IoModifyAccess };
	u8 *buf = mdl_vbuf(test, 3 * PAGE_SIZE);
	unsigned long before;
	unsigned int i;
	PMDL mdl;

	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		CSHORT want = MDL_ALLOCATED_FIXED_SIZE | MDL_PAGES_LOCKED |
			      (ops[i] == IoReadAccess ? 0 : MDL_WRITE_OPERATION);

		mdl = mdl_alloc(test, buf + 50, 2 * PAGE_SIZE);
		before = wdmdma_violations(NULL);
		MmProbeAndLockPages(mdl, KernelMode, ops[i]);
		KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before);
		KUNIT_EXPECT_EQ_MSG(test, mdl->MdlFlags, want, "operation %d", ops[i]);
		KUNIT_EXPECT_NULL(test, mdl->Process);
		mdl_expect_kernel_pfns(test, mdl);
		KUNIT_EXPECT_PTR_EQ(test, MmGetSystemAddressForMdlSafe(mdl, NormalPagePriority),
				    (void *)(buf + 50));

		MmProbeAndLockPages(mdl, KernelMode, ops[i]);
		KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 1);
		MmUnlockPages(mdl);
		KUNIT_EXPECT_FALSE(test, mdl->MdlFlags & (MDL_PAGES_LOCKED | MDL_WRITE_OPERATION |
							  MDL_MAPPED_TO_SYSTEM_VA));
		MmUnlockPages(mdl);
		KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 2);
		IoFreeMdl(mdl);
	}
}

/*
 * MmMapLockedPagesSpecifyCache and MmUnmapLockedPages pair up on a locked
 * kernel buffer: the mapping is the buffer, and undoing it is no misuse.
 */
static void mdl_map_locked_kernel(struct kunit *test)
{
	u8 *buf = mdl_vbuf(test, 2 * PAGE_SIZE);
	PMDL mdl = mdl_alloc(test, buf + 8, PAGE_SIZE);
	unsigned long before = wdmdma_violations(NULL);
	PVOID va;

	MmProbeAndLockPages(mdl, KernelMode, IoReadAccess);
	va = MmMapLockedPagesSpecifyCache(mdl, KernelMode, MmCached, NULL, FALSE,
					  NormalPagePriority);
	KUNIT_EXPECT_PTR_EQ(test, va, (void *)(buf + 8));
	KUNIT_EXPECT_PTR_EQ(test, MmGetSystemAddressForMdlSafe(mdl, NormalPagePriority), va);
	MmUnmapLockedPages(va, mdl);
	KUNIT_EXPECT_FALSE(test, mdl->MdlFlags & MDL_MAPPED_TO_SYSTEM_VA);
	MmUnlockPages(mdl);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before);

	/* unmapping what is not mapped, or mapping for user mode, is reported */
	MmUnmapLockedPages(buf, mdl);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 1);
	MmProbeAndLockPages(mdl, KernelMode, IoReadAccess);
	KUNIT_EXPECT_NULL(test, MmMapLockedPagesSpecifyCache(mdl, UserMode, MmCached, NULL,
							     FALSE, NormalPagePriority));
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 2);
	MmUnlockPages(mdl);
	IoFreeMdl(mdl);
}

/* IoFreeMdl of a locked MDL is reported and unlocks it; of NULL, reported. */
static void mdl_free_locked(struct kunit *test)
{
	u8 *buf = mdl_vbuf(test, PAGE_SIZE);
	PMDL mdl = mdl_alloc(test, buf, PAGE_SIZE);
	unsigned long before;

	MmProbeAndLockPages(mdl, KernelMode, IoWriteAccess);
	KUNIT_ASSERT_TRUE(test, mdl->MdlFlags & MDL_PAGES_LOCKED);
	before = wdmdma_violations(NULL);
	IoFreeMdl(mdl);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 1);
	IoFreeMdl(NULL);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 2);
}

/*
 * KeFlushIoBuffers takes an MDL in either direction without complaint;
 * KeGetCurrentIrql is PASSIVE_LEVEL in a test thread and DISPATCH_LEVEL
 * with bottom halves disabled (where DPCs run).
 */
static void mdl_flush_and_irql(struct kunit *test)
{
	u8 *buf = mdl_vbuf(test, 2 * PAGE_SIZE);
	PMDL mdl = wdmdma_test_mdl(test, buf + 3, PAGE_SIZE);
	unsigned long before = wdmdma_violations(NULL);
	KIRQL irql;

	KeFlushIoBuffers(mdl, TRUE, TRUE);
	KeFlushIoBuffers(mdl, FALSE, TRUE);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before);

	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
	local_bh_disable();
	irql = KeGetCurrentIrql();
	KeFlushIoBuffers(mdl, TRUE, TRUE);
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, irql, DISPATCH_LEVEL);
	KUNIT_EXPECT_EQ(test, KeGetCurrentIrql(), PASSIVE_LEVEL);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before);
}

static IO_ALLOCATION_ACTION mdl_keep_regs(PDEVICE_OBJECT d, PIRP irp, PVOID base, PVOID ctx)
{
	*(PVOID *)ctx = base;
	return DeallocateObjectKeepRegisters;
}

/* MapTransfer refuses an MDL whose probe failed: *Length 0, reported. */
static void mdl_expect_map_refused(struct kunit *test, PMDL mdl)
{
	struct wdmdma_target *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	DEVICE_DESCRIPTION d;
	PDMA_OPERATIONS ops;
	unsigned long before;
	PVOID base = NULL;
	PHYSICAL_ADDRESS pa;
	PDMA_ADAPTER da;
	ULONG n, len;

	KUNIT_ASSERT_NOT_NULL(test, t);
	wdmdma_target_init(test, t, WDMDMA_TARGET_KUNIT);
	wdmdma_target_desc(t, &d, TRUE, 4 * PAGE_SIZE);
	da = wdmdma_target_adapter(t, &d, &n);
	ops = da->DmaOperations;
	KUNIT_ASSERT_EQ(test, ops->AllocateAdapterChannel(da, t->fdo[0], 2, mdl_keep_regs, &base),
			STATUS_SUCCESS);
	KUNIT_ASSERT_NOT_NULL(test, base);
	len = mdl->ByteCount;
	before = wdmdma_violations(da);
	pa = ops->MapTransfer(da, mdl, base, MmGetMdlVirtualAddress(mdl), &len, TRUE);
	KUNIT_EXPECT_EQ(test, len, 0);
	KUNIT_EXPECT_EQ(test, pa.QuadPart, 0);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(da), before + 1);
	ops->FreeMapRegisters(da, base, 2);
	ops->PutDmaAdapter(da);
	wdmdma_target_exit(t);
}

/*
 * A user address probed from a thread with no user address space (a
 * worker, a DPC's kernel thread) fails: reported, the MDL stays unlocked,
 * and DMA on it is refused.
 */
static void mdl_probe_user_no_mm(struct kunit *test)
{
	PMDL mdl = mdl_alloc(test, (void *)0x10000, PAGE_SIZE);
	unsigned long before = wdmdma_violations(NULL);

	KUNIT_ASSERT_NULL(test, current->mm);
	MmProbeAndLockPages(mdl, UserMode, IoReadAccess);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 1);
	KUNIT_EXPECT_EQ(test, mdl->MdlFlags, MDL_ALLOCATED_FIXED_SIZE);
	KUNIT_EXPECT_NULL(test, mdl->Process);
	mdl_expect_map_refused(test, mdl);
	IoFreeMdl(mdl);
}

/*
 * A user buffer: MmProbeAndLockPages(UserMode) pins the process's pages
 * (the frames are theirs, DMA-pinned), the system address maps them (the
 * process's data reads back, a kernel write reaches the process), and
 * MmUnlockPages -- or IoFreeMdl, reported -- unpins them.  Probing it at
 * DISPATCH_LEVEL is refused; unlocking it there (a DPC) is not misuse.
 * Partial MDLs of it have their own mappings.
 * Runs in the loading process's address space; no assertion may abort
 * between kthread_use_mm() and kthread_unuse_mm().
 */
static void mdl_user_buffer(struct kunit *test)
{
	const unsigned long len = 3 * PAGE_SIZE, off = 100, n = len - 2 * off;
	u8 *pattern = kunit_kmalloc(test, len, GFP_KERNEL);
	u8 *back = kunit_kmalloc(test, 64, GFP_KERNEL);
	struct page *pages[3] = { };
	unsigned long addr, before, i;
	PMDL mdl, part;
	u8 *sys;
	int got;

	KUNIT_ASSERT_TRUE(test, pattern && back);
	if (!mdl_mm)
		kunit_skip(test, "not loaded by a user process: no user address space");
	wdmdma_fill(pattern, len, 7);
	before = wdmdma_violations(NULL);

	kthread_use_mm(mdl_mm);
	addr = vm_mmap(NULL, 0, len, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE, 0);
	if (IS_ERR_VALUE(addr)) {
		KUNIT_FAIL(test, "vm_mmap: %ld", (long)addr);
		goto out_unuse;
	}
	KUNIT_EXPECT_EQ(test, copy_to_user((void __user *)addr, pattern, len), 0);
	got = get_user_pages_fast(addr, 3, 0, pages);
	KUNIT_EXPECT_EQ(test, got, 3);
	mdl = IoAllocateMdl((void *)(addr + off), n, FALSE, FALSE, NULL);
	KUNIT_EXPECT_NOT_NULL(test, mdl);
	if (got != 3 || !mdl) {
		if (mdl)
			IoFreeMdl(mdl);
		goto out_put;
	}

	MmProbeAndLockPages(mdl, UserMode, IoWriteAccess);
	KUNIT_EXPECT_EQ(test, mdl->MdlFlags,
			MDL_ALLOCATED_FIXED_SIZE | MDL_PAGES_LOCKED | MDL_WRITE_OPERATION);
	KUNIT_EXPECT_NOT_NULL(test, mdl->Process);
	for (i = 0; i < 3; i++) {
		KUNIT_EXPECT_EQ(test, MmGetMdlPfnArray(mdl)[i], page_to_pfn(pages[i]));
		KUNIT_EXPECT_TRUE(test, folio_maybe_dma_pinned(page_folio(pages[i])));
	}
	sys = MmGetSystemAddressForMdlSafe(mdl, NormalPagePriority);
	KUNIT_EXPECT_NOT_NULL(test, sys);
	if (sys) {
		KUNIT_EXPECT_TRUE(test, mdl->MdlFlags & MDL_MAPPED_TO_SYSTEM_VA);
		KUNIT_EXPECT_EQ(test, memcmp(sys, pattern + off, n), 0);
		memset(sys + PAGE_SIZE, 0x5a, 64);
		KUNIT_EXPECT_EQ(test, copy_from_user(back, (void __user *)(addr + off + PAGE_SIZE),
						     64), 0);
		KUNIT_EXPECT_NULL(test, memchr_inv(back, 0x5a, 64));
	}
	MmUnlockPages(mdl);
	KUNIT_EXPECT_EQ(test, mdl->MdlFlags, MDL_ALLOCATED_FIXED_SIZE);
	KUNIT_EXPECT_NULL(test, mdl->Process);
	KUNIT_EXPECT_NULL(test, mdl->MappedSystemVa);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_FALSE(test, folio_maybe_dma_pinned(page_folio(pages[i])));
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before);

	/* probed at DISPATCH_LEVEL: a pageable buffer there is refused */
	local_bh_disable();
	MmProbeAndLockPages(mdl, UserMode, IoReadAccess);
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, mdl->MdlFlags, MDL_ALLOCATED_FIXED_SIZE);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 1);

	/* IoFreeMdl of the locked MDL unpins (reported) */
	MmProbeAndLockPages(mdl, UserMode, IoReadAccess);
	KUNIT_EXPECT_EQ(test, mdl->MdlFlags, MDL_ALLOCATED_FIXED_SIZE | MDL_PAGES_LOCKED);
	KUNIT_EXPECT_TRUE(test, folio_maybe_dma_pinned(page_folio(pages[1])));
	IoFreeMdl(mdl);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 2);
	KUNIT_EXPECT_FALSE(test, folio_maybe_dma_pinned(page_folio(pages[1])));

	/*
	 * A part of the locked buffer gets its own system mapping; building
	 * another part into it without MmPrepareMdlForReuse is reported (and
	 * repaired).  Then the whole, locked for writing and mapped, is
	 * unlocked at DISPATCH_LEVEL, as a DPC completing the transfer does.
	 */
	mdl = IoAllocateMdl((void *)addr, len, FALSE, FALSE, NULL);
	part = IoAllocateMdl((void *)addr, len, FALSE, FALSE, NULL);
	KUNIT_EXPECT_TRUE(test, mdl && part);
	if (!mdl || !part)
		goto out_mdls;
	MmProbeAndLockPages(mdl, UserMode, IoWriteAccess);
	IoBuildPartialMdl(mdl, part, (void *)(addr + PAGE_SIZE + 8), 16);
	KUNIT_EXPECT_EQ(test, MmGetMdlPfnArray(part)[0], page_to_pfn(pages[1]));
	sys = MmGetSystemAddressForMdlSafe(part, NormalPagePriority);
	KUNIT_EXPECT_TRUE(test, sys && !memcmp(sys, pattern + PAGE_SIZE + 8, 16));
	KUNIT_EXPECT_TRUE(test, part->MdlFlags & MDL_PARTIAL_HAS_BEEN_MAPPED);
	IoBuildPartialMdl(mdl, part, (void *)(addr + 8), 16);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 3);
	KUNIT_EXPECT_EQ(test, MmGetMdlPfnArray(part)[0], page_to_pfn(pages[0]));
	KUNIT_EXPECT_FALSE(test, part->MdlFlags & MDL_PARTIAL_HAS_BEEN_MAPPED);
	KUNIT_EXPECT_NOT_NULL(test, MmGetSystemAddressForMdlSafe(part, NormalPagePriority));
	MmPrepareMdlForReuse(part);
	KUNIT_EXPECT_FALSE(test, part->MdlFlags & MDL_PARTIAL_HAS_BEEN_MAPPED);

	KUNIT_EXPECT_NOT_NULL(test, MmGetSystemAddressForMdlSafe(mdl, NormalPagePriority));
	local_bh_disable();
	MmUnlockPages(mdl);
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, mdl->MdlFlags, MDL_ALLOCATED_FIXED_SIZE);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 3);
out_mdls:
	if (part)
		IoFreeMdl(part);
	if (mdl)
		IoFreeMdl(mdl);

out_put:
	for (i = 0; i < 3; i++)
		if (pages[i])
			put_page(pages[i]);
	vm_munmap(addr, len);
out_unuse:
	kthread_unuse_mm(mdl_mm);
}

/*
 * Probing a user range that is not mapped fails: reported, the MDL stays
 * unlocked, and MapTransfer refuses it.
 */
static void mdl_user_unmapped(struct kunit *test)
{
	unsigned long addr, before = wdmdma_violations(NULL);
	PMDL mdl = NULL;

	if (!mdl_mm)
		kunit_skip(test, "not loaded by a user process: no user address space");

	kthread_use_mm(mdl_mm);
	addr = vm_mmap(NULL, 0, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE,
		       MAP_ANONYMOUS | MAP_PRIVATE, 0);
	if (!IS_ERR_VALUE(addr)) {
		vm_munmap(addr, 2 * PAGE_SIZE);	/* now nothing is mapped there */
		mdl = IoAllocateMdl((void *)(addr + 8), PAGE_SIZE, FALSE, FALSE, NULL);
		if (mdl)
			MmProbeAndLockPages(mdl, UserMode, IoWriteAccess);
	}
	kthread_unuse_mm(mdl_mm);

	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR_VALUE(addr), "vm_mmap: %ld", (long)addr);
	KUNIT_ASSERT_NOT_NULL(test, mdl);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 1);
	KUNIT_EXPECT_EQ(test, mdl->MdlFlags, MDL_ALLOCATED_FIXED_SIZE);
	KUNIT_EXPECT_NULL(test, mdl->Process);
	KUNIT_EXPECT_EQ(test, MmGetMdlPfnArray(mdl)[0], 0);
	mdl_expect_map_refused(test, mdl);
	IoFreeMdl(mdl);
}

static struct kunit_case mdl_cases[] = {
	KUNIT_CASE(mdl_allocate_fields),
	KUNIT_CASE(mdl_size_of_mdl),
	KUNIT_CASE(mdl_irp_attach),
	KUNIT_CASE(mdl_build_nonpaged),
	KUNIT_CASE(mdl_build_nonpaged_stack),
	KUNIT_CASE(mdl_partial),
	KUNIT_CASE(mdl_partial_refused),
	KUNIT_CASE(mdl_probe_and_lock_kernel),
	KUNIT_CASE(mdl_map_locked_kernel),
	KUNIT_CASE(mdl_free_locked),
	KUNIT_CASE(mdl_flush_and_irql),
	KUNIT_CASE(mdl_probe_user_no_mm),
	KUNIT_CASE(mdl_user_buffer),
	KUNIT_CASE(mdl_user_unmapped),
	{}
};

struct kunit_suite wdmdma_mdl_suite = {
	.name = "wdmdma_mdl",
	.suite_init = mdl_suite_init,
	.suite_exit = mdl_suite_exit,
	.test_cases = mdl_cases,
};
