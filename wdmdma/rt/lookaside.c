// SPDX-License-Identifier: GPL-2.0
/*
 * Lookaside lists (<wdm/workitem.h>): fixed-size entries from pool, the
 * freed ones kept on the list's SLIST (up to MaximumDepth) for the next
 * allocation.  The paged and nonpaged kinds differ only in their pool.
 * The SLIST routines do the locking (wdmdma/rt/list.c).
 */
#include <linux/export.h>

#include "rt.h"
#include <wdm/workitem.h>

#define WDMDMA_LOOKASIDE_DEPTH	256

static void lookaside_init(PGENERAL_LOOKASIDE l, PALLOCATE_FUNCTION allocate,
			   PFREE_FUNCTION free, POOL_TYPE type, SIZE_T size, ULONG tag)
{
	memset(l, 0, sizeof(*l));
	InitializeSListHead(&l->ListHead);
	l->MaximumDepth = WDMDMA_LOOKASIDE_DEPTH;
	l->Depth = WDMDMA_LOOKASIDE_DEPTH;
	l->Type = type;
	l->Tag = tag;
	l->Size = max_t(SIZE_T, size, sizeof(SLIST_ENTRY));
	l->Allocate = allocate;
	l->Free = free;
}

static PVOID lookaside_alloc(PGENERAL_LOOKASIDE l)
{
	PVOID entry = InterlockedPopEntrySList(&l->ListHead);

	l->TotalAllocates++;
	if (entry)
		return entry;
	l->AllocateMisses++;
	if (l->Allocate)
		return l->Allocate(l->Type, l->Size, l->Tag);
	return ExAllocatePoolWithTag(l->Type, l->Size, l->Tag);
}

static void lookaside_release(PGENERAL_LOOKASIDE l, PVOID entry)
{
	if (l->Free)
		l->Free(entry);
	else
		ExFreePoolWithTag(entry, l->Tag);
}

static void lookaside_free(PGENERAL_LOOKASIDE l, PVOID entry)
{
	l->TotalFrees++;
	if (ExQueryDepthSList(&l->ListHead) < l->Depth) {
		InterlockedPushEntrySList(&l->ListHead, entry);
		return;
	}
	l->FreeMisses++;
	lookaside_release(l, entry);
}

static void lookaside_delete(PGENERAL_LOOKASIDE l)
{
	PSLIST_ENTRY entry = InterlockedFlushSList(&l->ListHead), next;

	for (; entry; entry = next) {
		next = entry->Next;
		lookaside_release(l, entry);
	}
}

/**
 * ExInitializeNPagedLookasideList() - set up a list of nonpaged entries
 * @Lookaside: the list (nonpaged memory)
 * @Allocate: allocates an entry (NULL: ExAllocatePoolWithTag)
 * @Free: frees one (NULL: ExFreePool)
 * @Flags: POOL_RAISE_IF_ALLOCATION_FAILURE... (not used)
 * @Size: bytes per entry
 * @Tag: the pool tag
 * @Depth: not used (the system chooses: up to 256 kept)
 */
void ExInitializeNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside,
				     PALLOCATE_FUNCTION Allocate, PFREE_FUNCTION Free,
				     ULONG Flags, SIZE_T Size, ULONG Tag, USHORT Depth)
{
	lookaside_init(&Lookaside->L, Allocate, Free, NonPagedPoolNx, Size, Tag);
}
EXPORT_SYMBOL_GPL(ExInitializeNPagedLookasideList);

/**
 * ExAllocateFromNPagedLookasideList() - an entry: a kept one, else new
 * @Lookaside: the list
 *
 * Context: at or below DISPATCH_LEVEL.
 * Return: the entry (Size bytes, not zeroed), or NULL.
 */
PVOID ExAllocateFromNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside)
{
	return lookaside_alloc(&Lookaside->L);
}
EXPORT_SYMBOL_GPL(ExAllocateFromNPagedLookasideList);

/**
 * ExFreeToNPagedLookasideList() - give an entry back (kept for reuse)
 * @Lookaside: the list it came from
 * @Entry: the entry
 */
void ExFreeToNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside, PVOID Entry)
{
	lookaside_free(&Lookaside->L, Entry);
}
EXPORT_SYMBOL_GPL(ExFreeToNPagedLookasideList);

/**
 * ExDeleteNPagedLookasideList() - free the kept entries; the list is unusable
 * @Lookaside: the list (entries still out are the driver's to free)
 */
void ExDeleteNPagedLookasideList(PNPAGED_LOOKASIDE_LIST Lookaside)
{
	lookaside_delete(&Lookaside->L);
}
EXPORT_SYMBOL_GPL(ExDeleteNPagedLookasideList);

/* The paged kind: the same, from paged pool (below DISPATCH_LEVEL) */
void ExInitializePagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside,
				    PALLOCATE_FUNCTION Allocate, PFREE_FUNCTION Free,
				    ULONG Flags, SIZE_T Size, ULONG Tag, USHORT Depth)
{
	lookaside_init(&Lookaside->L, Allocate, Free, PagedPool, Size, Tag);
}
EXPORT_SYMBOL_GPL(ExInitializePagedLookasideList);

PVOID ExAllocateFromPagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside)
{
	return lookaside_alloc(&Lookaside->L);
}
EXPORT_SYMBOL_GPL(ExAllocateFromPagedLookasideList);

void ExFreeToPagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside, PVOID Entry)
{
	lookaside_free(&Lookaside->L, Entry);
}
EXPORT_SYMBOL_GPL(ExFreeToPagedLookasideList);

void ExDeletePagedLookasideList(PPAGED_LOOKASIDE_LIST Lookaside)
{
	lookaside_delete(&Lookaside->L);
}
EXPORT_SYMBOL_GPL(ExDeletePagedLookasideList);
