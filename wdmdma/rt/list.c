// SPDX-License-Identifier: GPL-2.0
/*
 * The list routines that are not inline: the ExInterlocked* forms over the
 * driver's spin lock, the SLIST routines, and the report of a corrupt list.
 *
 * LOCKING
 *
 * ExInterlocked* take the driver's KSPIN_LOCK with interrupts off
 * (spin_lock_irqsave): as on Windows they may be called from an ISR, and
 * the lock must not be taken by KeAcquireSpinLock elsewhere.  An SLIST
 * header is guarded by one of wdmdma_slist_locks, chosen by its address
 * (irqsave; innermost: nothing is taken under it).
 */
#include <linux/hash.h>
#include <linux/spinlock.h>

#include "../internal.h"
#include <wdm/lists.h>
#include <wdm/rtl.h>

#define WDMDMA_SLIST_LOCK_BITS	4

static spinlock_t wdmdma_slist_locks[1 << WDMDMA_SLIST_LOCK_BITS] = {
	[0 ... (1 << WDMDMA_SLIST_LOCK_BITS) - 1] = __SPIN_LOCK_UNLOCKED(wdmdma_slist_locks)
};

/**
 * FatalListEntryError() - report a doubly linked list whose links disagree
 * @P1: the entry before the one being changed
 * @P2: the entry being changed
 * @P3: the entry after it
 *
 * Windows stops the machine (KERNEL_SECURITY_CHECK_FAILURE); here the
 * corruption is reported and the list left as it is.
 */
void FatalListEntryError(PVOID P1, PVOID P2, PVOID P3)
{
	wdmdma_report(NULL, "LIST_ENTRY", "corrupt list: %px <-> %px <-> %px", P1, P2, P3);
}
EXPORT_SYMBOL_GPL(FatalListEntryError);

/**
 * ExInterlockedInsertHeadList() - InsertHeadList() under a spin lock
 * @ListHead: the list
 * @ListEntry: the entry to insert first
 * @Lock: the lock guarding the list (taken with interrupts off)
 *
 * Context: any IRQL up to DIRQL.
 * Return: the entry that was first before, or NULL when the list was empty.
 */
PLIST_ENTRY ExInterlockedInsertHeadList(PLIST_ENTRY ListHead, PLIST_ENTRY ListEntry,
					PKSPIN_LOCK Lock)
{
	PLIST_ENTRY first;
	unsigned long flags;

	spin_lock_irqsave(wdmdma_spin(Lock), flags);
	first = ListHead->Flink;
	InsertHeadList(ListHead, ListEntry);
	spin_unlock_irqrestore(wdmdma_spin(Lock), flags);
	return first == ListHead ? NULL : first;
}
EXPORT_SYMBOL_GPL(ExInterlockedInsertHeadList);

/**
 * ExInterlockedInsertTailList() - InsertTailList() under a spin lock
 * @ListHead: the list
 * @ListEntry: the entry to insert last
 * @Lock: the lock guarding the list (taken with interrupts off)
 *
 * Context: any IRQL up to DIRQL.
 * Return: the entry that was last before, or NULL when the list was empty.
 */
PLIST_ENTRY ExInterlockedInsertTailList(PLIST_ENTRY ListHead, PLIST_ENTRY ListEntry,
					PKSPIN_LOCK Lock)
{
	PLIST_ENTRY last;
	unsigned long flags;

	spin_lock_irqsave(wdmdma_spin(Lock), flags);
	last = ListHead->Blink;
	InsertTailList(ListHead, ListEntry);
	spin_unlock_irqrestore(wdmdma_spin(Lock), flags);
	return last == ListHead ? NULL : last;
}
EXPORT_SYMBOL_GPL(ExInterlockedInsertTailList);

/**
 * ExInterlockedRemoveHeadList() - RemoveHeadList() under a spin lock
 * @ListHead: the list
 * @Lock: the lock guarding the list (taken with interrupts off)
 *
 * Context: any IRQL up to DIRQL.
 * Return: the entry removed, or NULL when the list was empty.
 */
PLIST_ENTRY ExInterlockedRemoveHeadList(PLIST_ENTRY ListHead, PKSPIN_LOCK Lock)
{
	PLIST_ENTRY entry = NULL;
	unsigned long flags;

	spin_lock_irqsave(wdmdma_spin(Lock), flags);
	if (!IsListEmpty(ListHead))
		entry = RemoveHeadList(ListHead);
	spin_unlock_irqrestore(wdmdma_spin(Lock), flags);
	return entry;
}
EXPORT_SYMBOL_GPL(ExInterlockedRemoveHeadList);

/**
 * ExInterlockedPushEntryList() - PushEntryList() under a spin lock
 * @ListHead: the list
 * @ListEntry: the entry to push
 * @Lock: the lock guarding the list (taken with interrupts off)
 *
 * Context: any IRQL up to DIRQL.
 * Return: the entry that was first before, or NULL when the list was empty.
 */
PSINGLE_LIST_ENTRY ExInterlockedPushEntryList(PSINGLE_LIST_ENTRY ListHead,
					      PSINGLE_LIST_ENTRY ListEntry, PKSPIN_LOCK Lock)
{
	PSINGLE_LIST_ENTRY first;
	unsigned long flags;

	spin_lock_irqsave(wdmdma_spin(Lock), flags);
	first = ListHead->Next;
	PushEntryList(ListHead, ListEntry);
	spin_unlock_irqrestore(wdmdma_spin(Lock), flags);
	return first;
}
EXPORT_SYMBOL_GPL(ExInterlockedPushEntryList);

/**
 * ExInterlockedPopEntryList() - PopEntryList() under a spin lock
 * @ListHead: the list
 * @Lock: the lock guarding the list (taken with interrupts off)
 *
 * Context: any IRQL up to DIRQL.
 * Return: the entry popped, or NULL when the list was empty.
 */
PSINGLE_LIST_ENTRY ExInterlockedPopEntryList(PSINGLE_LIST_ENTRY ListHead, PKSPIN_LOCK Lock)
{
	PSINGLE_LIST_ENTRY entry;
	unsigned long flags;

	spin_lock_irqsave(wdmdma_spin(Lock), flags);
	entry = PopEntryList(ListHead);
	spin_unlock_irqrestore(wdmdma_spin(Lock), flags);
	return entry;
}
EXPORT_SYMBOL_GPL(ExInterlockedPopEntryList);

static spinlock_t *wdmdma_slist_lock(PSLIST_HEADER head)
{
	return &wdmdma_slist_locks[hash_ptr(head, WDMDMA_SLIST_LOCK_BITS)];
}

/**
 * InterlockedPushEntrySList() - push an entry on a sequenced list
 * @ListHead: the list
 * @ListEntry: the entry (16-byte aligned, as on Windows)
 *
 * Context: any IRQL.
 * Return: the entry that was first before, or NULL when the list was empty.
 */
PSLIST_ENTRY InterlockedPushEntrySList(PSLIST_HEADER ListHead, PSLIST_ENTRY ListEntry)
{
	spinlock_t *lock = wdmdma_slist_lock(ListHead);
	PSLIST_ENTRY first;
	unsigned long flags;

	spin_lock_irqsave(lock, flags);
	first = ListHead->WdmdmaFirst;
	ListEntry->Next = first;
	ListHead->WdmdmaFirst = ListEntry;
	WRITE_ONCE(ListHead->WdmdmaDepth, ListHead->WdmdmaDepth + 1);
	ListHead->WdmdmaSequence++;
	spin_unlock_irqrestore(lock, flags);
	return first;
}
EXPORT_SYMBOL_GPL(InterlockedPushEntrySList);

/**
 * InterlockedPopEntrySList() - pop the first entry of a sequenced list
 * @ListHead: the list
 *
 * Context: any IRQL.
 * Return: the entry, or NULL when the list is empty.
 */
PSLIST_ENTRY InterlockedPopEntrySList(PSLIST_HEADER ListHead)
{
	spinlock_t *lock = wdmdma_slist_lock(ListHead);
	PSLIST_ENTRY first;
	unsigned long flags;

	spin_lock_irqsave(lock, flags);
	first = ListHead->WdmdmaFirst;
	if (first) {
		ListHead->WdmdmaFirst = first->Next;
		WRITE_ONCE(ListHead->WdmdmaDepth, ListHead->WdmdmaDepth - 1);
		ListHead->WdmdmaSequence++;
	}
	spin_unlock_irqrestore(lock, flags);
	return first;
}
EXPORT_SYMBOL_GPL(InterlockedPopEntrySList);

/**
 * InterlockedFlushSList() - take every entry of a sequenced list at once
 * @ListHead: the list, empty afterwards
 *
 * Context: any IRQL.
 * Return: the first entry (the others follow through Next), or NULL.
 */
PSLIST_ENTRY InterlockedFlushSList(PSLIST_HEADER ListHead)
{
	spinlock_t *lock = wdmdma_slist_lock(ListHead);
	PSLIST_ENTRY first;
	unsigned long flags;

	spin_lock_irqsave(lock, flags);
	first = ListHead->WdmdmaFirst;
	ListHead->WdmdmaFirst = NULL;
	WRITE_ONCE(ListHead->WdmdmaDepth, 0);
	spin_unlock_irqrestore(lock, flags);
	return first;
}
EXPORT_SYMBOL_GPL(InterlockedFlushSList);

/**
 * WdmdmaPagedCodeViolation() - PAGED_CODE() found its caller above APC_LEVEL
 * @Function: the function that said PAGED_CODE()
 *
 * Nothing is paged here, but the driver's code would fault on Windows:
 * reported.
 */
void WdmdmaPagedCodeViolation(PCSTR Function)
{
	wdmdma_report(NULL, "PAGED_CODE", "%s runs at IRQL %u", Function, KeGetCurrentIrql());
}
EXPORT_SYMBOL_GPL(WdmdmaPagedCodeViolation);

/**
 * RtlAssert() - a checked build's ASSERT() failed
 * @VoidFailedAssertion: the expression, as text
 * @VoidFileName: the source file
 * @LineNumber: the line
 * @MutableMessage: ASSERTMSG()'s message, or NULL
 *
 * Windows breaks into the debugger; here a kernel warning (with its stack)
 * names the assertion, and the driver goes on as it would after "ignore".
 */
void NTAPI RtlAssert(PVOID VoidFailedAssertion, PVOID VoidFileName, ULONG LineNumber,
		     PSTR MutableMessage)
{
	WARN(1, "wdmdma: ASSERT(%s) failed at %s:%u%s%s\n",
	     (const char *)VoidFailedAssertion, (const char *)VoidFileName, LineNumber,
	     MutableMessage ? ": " : "", MutableMessage ?: "");
}
EXPORT_SYMBOL_GPL(RtlAssert);
