// SPDX-License-Identifier: GPL-2.0
/*
 * Executive support: pool allocation on kmalloc and DbgPrint on printk.
 *
 * Nonpaged pool is allocated with GFP_ATOMIC when the caller is atomic
 * (DISPATCH_LEVEL or above), GFP_KERNEL otherwise; paged pool only below
 * DISPATCH_LEVEL, as on Windows.  Pool tags are not kept.
 */
#include <linux/log2.h>
#include <linux/printk.h>
#include <linux/slab.h>

#include "../internal.h"

/* Allocate pool; NULL (reported) when paged pool is asked for when atomic. */
static void *wdmdma_pool_alloc(bool paged, bool zero, bool cache_aligned,
			       SIZE_T bytes, const char *call)
{
	gfp_t gfp = GFP_KERNEL;

	if (wdmdma_atomic_context()) {
		if (paged) {
			wdmdma_report(NULL, call, "paged pool above PASSIVE_LEVEL");
			return NULL;
		}
		gfp = GFP_ATOMIC;
	}
	if (zero)
		gfp |= __GFP_ZERO;
	if (!bytes)
		bytes = 1;
	if (cache_aligned)
		bytes = roundup_pow_of_two(max_t(SIZE_T, bytes, L1_CACHE_BYTES));
	return kmalloc(bytes, gfp | __GFP_NOWARN);
}

/**
 * ExAllocatePoolWithTag() - allocate pool memory (not zeroed)
 * @PoolType: NonPagedPool, NonPagedPoolNx, PagedPool, ... (the *CacheAligned
 *	types align to a cache line)
 * @NumberOfBytes: size
 * @Tag: pool tag (not kept)
 *
 * Context: at or below DISPATCH_LEVEL (paged pool: below).
 * Return: the memory (ExFreePoolWithTag), or NULL.
 */
PVOID ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
	return wdmdma_pool_alloc(PoolType & PagedPool, false, PoolType & NonPagedPoolCacheAligned,
				 NumberOfBytes, "ExAllocatePoolWithTag");
}
EXPORT_SYMBOL_GPL(ExAllocatePoolWithTag);

/**
 * ExAllocatePool() - allocate pool memory without a tag (obsolete)
 * @PoolType: as for ExAllocatePoolWithTag()
 * @NumberOfBytes: size
 *
 * Return: the memory (ExFreePool), or NULL.
 */
PVOID ExAllocatePool(POOL_TYPE PoolType, SIZE_T NumberOfBytes)
{
	return wdmdma_pool_alloc(PoolType & PagedPool, false, PoolType & NonPagedPoolCacheAligned,
				 NumberOfBytes, "ExAllocatePool");
}
EXPORT_SYMBOL_GPL(ExAllocatePool);

#define WDMDMA_POOL_KNOWN	(POOL_FLAG_USE_QUOTA | POOL_FLAG_UNINITIALIZED | \
				 POOL_FLAG_CACHE_ALIGNED | POOL_FLAG_RAISE_ON_FAILURE | \
				 POOL_FLAG_NON_PAGED | POOL_FLAG_NON_PAGED_EXECUTE | \
				 POOL_FLAG_PAGED)

/**
 * ExAllocatePool2() - allocate pool memory, zeroed unless
 * POOL_FLAG_UNINITIALIZED
 * @Flags: exactly one of POOL_FLAG_NON_PAGED, POOL_FLAG_NON_PAGED_EXECUTE,
 *	POOL_FLAG_PAGED, with POOL_FLAG_UNINITIALIZED, POOL_FLAG_CACHE_ALIGNED,
 *	POOL_FLAG_USE_QUOTA (ignored); unknown optional (high 32) bits are
 *	ignored, unknown required ones fail the call
 * @NumberOfBytes: size
 * @Tag: nonzero pool tag (not kept)
 *
 * POOL_FLAG_RAISE_ON_FAILURE cannot raise: it is reported and the call
 * returns NULL on failure as without it.
 *
 * Context: at or below DISPATCH_LEVEL (paged pool: below).
 * Return: the memory (ExFreePoolWithTag), or NULL.
 */
PVOID ExAllocatePool2(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag)
{
	POOL_FLAGS type = Flags & (POOL_FLAG_NON_PAGED | POOL_FLAG_NON_PAGED_EXECUTE |
				   POOL_FLAG_PAGED);

	if (unlikely(!Tag || !is_power_of_2(type) ||
		     (Flags & 0xffffffffULL & ~WDMDMA_POOL_KNOWN))) {
		wdmdma_report(NULL, "ExAllocatePool2", "invalid %s",
			      Tag ? "Flags" : "Tag 0");
		return NULL;
	}
	if (unlikely(Flags & POOL_FLAG_RAISE_ON_FAILURE))
		wdmdma_report(NULL, "ExAllocatePool2",
			      "POOL_FLAG_RAISE_ON_FAILURE: no exceptions, NULL on failure");
	return wdmdma_pool_alloc(type == POOL_FLAG_PAGED, !(Flags & POOL_FLAG_UNINITIALIZED),
				 Flags & POOL_FLAG_CACHE_ALIGNED, NumberOfBytes,
				 "ExAllocatePool2");
}
EXPORT_SYMBOL_GPL(ExAllocatePool2);

/**
 * ExFreePoolWithTag() - free pool memory
 * @P: what an ExAllocatePool* call returned; NULL is reported
 * @Tag: its tag (not checked)
 *
 * Context: at or below DISPATCH_LEVEL.
 */
void ExFreePoolWithTag(PVOID P, ULONG Tag)
{
	if (unlikely(!P)) {
		wdmdma_report(NULL, "ExFreePoolWithTag", "NULL pointer");
		return;
	}
	kfree(P);
}
EXPORT_SYMBOL_GPL(ExFreePoolWithTag);

/**
 * ExFreePool() - free pool memory
 * @P: what an ExAllocatePool* call returned; NULL is reported
 *
 * Context: at or below DISPATCH_LEVEL.
 */
void ExFreePool(PVOID P)
{
	if (unlikely(!P)) {
		wdmdma_report(NULL, "ExFreePool", "NULL pointer");
		return;
	}
	kfree(P);
}
EXPORT_SYMBOL_GPL(ExFreePool);

/* Print at a DbgPrintEx level: 0 error, 1 warning, 2-3 info, else debug. */
static __printf(2, 0) ULONG wdmdma_vprint(ULONG level, PCSTR fmt, va_list args)
{
	struct va_format vaf;
	va_list aq;

	va_copy(aq, args);
	vaf.fmt = fmt;
	vaf.va = &aq;
	switch (level) {
	case DPFLTR_ERROR_LEVEL:
		pr_err("%pV", &vaf);
		break;
	case DPFLTR_WARNING_LEVEL:
		pr_warn("%pV", &vaf);
		break;
	case DPFLTR_TRACE_LEVEL:
	case DPFLTR_INFO_LEVEL:
		pr_info("%pV", &vaf);
		break;
	default:
		pr_debug("%pV", &vaf);
		break;
	}
	va_end(aq);
	return STATUS_SUCCESS;
}

/**
 * DbgPrint() - print a driver's debug message (printk, KERN_INFO)
 * @Format: a printk format
 *
 * Return: STATUS_SUCCESS.
 */
ULONG DbgPrint(PCSTR Format, ...)
{
	va_list args;
	ULONG ret;

	va_start(args, Format);
	ret = wdmdma_vprint(DPFLTR_INFO_LEVEL, Format, args);
	va_end(args);
	return ret;
}
EXPORT_SYMBOL_GPL(DbgPrint);

/**
 * DbgPrintEx() - print a driver's debug message at a level
 * @ComponentId: ignored
 * @Level: DPFLTR_ERROR_LEVEL (KERN_ERR), DPFLTR_WARNING_LEVEL (KERN_WARNING),
 *	DPFLTR_TRACE_LEVEL or DPFLTR_INFO_LEVEL (KERN_INFO); others pr_debug()
 * @Format: a printk format
 *
 * Return: STATUS_SUCCESS.
 */
ULONG DbgPrintEx(ULONG ComponentId, ULONG Level, PCSTR Format, ...)
{
	va_list args;
	ULONG ret;

	va_start(args, Format);
	ret = wdmdma_vprint(Level, Format, args);
	va_end(args);
	return ret;
}
EXPORT_SYMBOL_GPL(DbgPrintEx);
