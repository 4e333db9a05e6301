/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lists.h - the WDK's doubly and singly linked lists (LIST_ENTRY,
 * SINGLE_LIST_ENTRY, SLIST_HEADER) and their interlocked forms
 *
 * The plain routines are inline, as in the WDK.  Like the WDK's, the
 * doubly linked ones check the neighbours' links before changing them: a
 * corrupt list is reported (FatalListEntryError) and left as it is, where
 * Windows would stop the machine.  The ExInterlocked* routines take the
 * driver's KSPIN_LOCK with interrupts off, so they may be called at any
 * IRQL up to DIRQL; the lock must serve only those routines.  The SLIST
 * routines need no lock of the driver's (wdmdma keeps one per header).
 */
#ifndef _WDM_LISTS_H_
#define _WDM_LISTS_H_

#include <wdm/ntdef.h>
#include <wdm/ke.h>

NTKERNELAPI
VOID
FatalListEntryError(_In_ PVOID P1, _In_ PVOID P2, _In_ PVOID P3);

/* An empty list: the head points at itself both ways. */
static inline VOID InitializeListHead(_Out_ PLIST_ENTRY ListHead)
{
	ListHead->Flink = ListHead;
	ListHead->Blink = ListHead;
}

static inline BOOLEAN IsListEmpty(_In_ const LIST_ENTRY *ListHead)
{
	return ListHead->Flink == ListHead;
}

/**
 * RemoveEntryList() - unlink an entry from its list
 * @Entry: the entry
 *
 * Return: TRUE when the list is empty afterwards.
 */
static inline BOOLEAN RemoveEntryList(_In_ PLIST_ENTRY Entry)
{
	PLIST_ENTRY next = Entry->Flink, prev = Entry->Blink;

	if (next->Blink != Entry || prev->Flink != Entry) {
		FatalListEntryError(prev, Entry, next);
		return FALSE;
	}
	prev->Flink = next;
	next->Blink = prev;
	return next == prev;
}

/**
 * RemoveHeadList() - unlink the first entry of a list
 * @ListHead: the list
 *
 * Return: the entry, or @ListHead itself when the list is empty.
 */
static inline PLIST_ENTRY RemoveHeadList(_Inout_ PLIST_ENTRY ListHead)
{
	PLIST_ENTRY entry = ListHead->Flink;

	RemoveEntryList(entry);
	return entry;
}

/**
 * RemoveTailList() - unlink the last entry of a list
 * @ListHead: the list
 *
 * Return: the entry, or @ListHead itself when the list is empty.
 */
static inline PLIST_ENTRY RemoveTailList(_Inout_ PLIST_ENTRY ListHead)
{
	PLIST_ENTRY entry = ListHead->Blink;

	RemoveEntryList(entry);
	return entry;
}

static inline VOID InsertHeadList(_Inout_ PLIST_ENTRY ListHead, _Out_ PLIST_ENTRY Entry)
{
	PLIST_ENTRY first = ListHead->Flink;

	if (first->Blink != ListHead) {
		FatalListEntryError(ListHead, first, first->Blink);
		return;
	}
	Entry->Flink = first;
	Entry->Blink = ListHead;
	first->Blink = Entry;
	ListHead->Flink = Entry;
}

static inline VOID InsertTailList(_Inout_ PLIST_ENTRY ListHead, _Out_ PLIST_ENTRY Entry)
{
	PLIST_ENTRY last = ListHead->Blink;

	if (last->Flink != ListHead) {
		FatalListEntryError(last, ListHead, last->Flink);
		return;
	}
	Entry->Flink = ListHead;
	Entry->Blink = last;
	last->Flink = Entry;
	ListHead->Blink = Entry;
}

/*
 * AppendTailList: the entries of a list without a head (ListToAppend is
 * one of them, the first) go, in their order, to the end of ListHead.
 */
static inline VOID AppendTailList(_Inout_ PLIST_ENTRY ListHead, _Inout_ PLIST_ENTRY ListToAppend)
{
	PLIST_ENTRY last = ListHead->Blink, appended_last = ListToAppend->Blink;

	last->Flink = ListToAppend;
	ListToAppend->Blink = last;
	appended_last->Flink = ListHead;
	ListHead->Blink = appended_last;
}

/* Singly linked lists: the head's Next is the first entry (NULL: empty). */
static inline VOID PushEntryList(_Inout_ PSINGLE_LIST_ENTRY ListHead,
				 _Inout_ PSINGLE_LIST_ENTRY Entry)
{
	Entry->Next = ListHead->Next;
	ListHead->Next = Entry;
}

static inline PSINGLE_LIST_ENTRY PopEntryList(_Inout_ PSINGLE_LIST_ENTRY ListHead)
{
	PSINGLE_LIST_ENTRY first = ListHead->Next;

	if (first)
		ListHead->Next = first->Next;
	return first;
}

/* The interlocked forms: NULL where the list was (or is) empty. */
_IRQL_requires_max_(HIGH_LEVEL)
NTKERNELAPI
PLIST_ENTRY
ExInterlockedInsertHeadList(_Inout_ PLIST_ENTRY ListHead, _Inout_ PLIST_ENTRY ListEntry,
			    _Inout_ PKSPIN_LOCK Lock);

_IRQL_requires_max_(HIGH_LEVEL)
NTKERNELAPI
PLIST_ENTRY
ExInterlockedInsertTailList(_Inout_ PLIST_ENTRY ListHead, _Inout_ PLIST_ENTRY ListEntry,
			    _Inout_ PKSPIN_LOCK Lock);

_IRQL_requires_max_(HIGH_LEVEL)
NTKERNELAPI
PLIST_ENTRY
ExInterlockedRemoveHeadList(_Inout_ PLIST_ENTRY ListHead, _Inout_ PKSPIN_LOCK Lock);

_IRQL_requires_max_(HIGH_LEVEL)
NTKERNELAPI
PSINGLE_LIST_ENTRY
ExInterlockedPushEntryList(_Inout_ PSINGLE_LIST_ENTRY ListHead,
			   _Inout_ PSINGLE_LIST_ENTRY ListEntry, _Inout_ PKSPIN_LOCK Lock);

_IRQL_requires_max_(HIGH_LEVEL)
NTKERNELAPI
PSINGLE_LIST_ENTRY
ExInterlockedPopEntryList(_Inout_ PSINGLE_LIST_ENTRY ListHead, _Inout_ PKSPIN_LOCK Lock);

/*
 * Sequenced singly linked lists.  SLIST_HEADER has the WDK's x64 size and
 * alignment (16 bytes); its contents belong to wdmdma.
 */
typedef struct DECLSPEC_ALIGN(16) _SLIST_ENTRY {
	struct _SLIST_ENTRY *Next;
} SLIST_ENTRY, *PSLIST_ENTRY;

typedef union DECLSPEC_ALIGN(16) _SLIST_HEADER {
	struct {
		ULONGLONG Alignment;
		ULONGLONG Region;
	};
	struct {
		PSLIST_ENTRY WdmdmaFirst;	/* the first entry, NULL when empty */
		USHORT WdmdmaDepth;		/* how many entries */
		USHORT WdmdmaSequence;		/* bumped by every push and pop */
	};
} SLIST_HEADER, *PSLIST_HEADER;

static inline VOID InitializeSListHead(_Out_ PSLIST_HEADER SListHead)
{
	SListHead->Alignment = 0;
	SListHead->Region = 0;
}

#define ExQueryDepthSList(SListHead)	(*(__volatile USHORT *)&(SListHead)->WdmdmaDepth)
#define QueryDepthSList(SListHead)	ExQueryDepthSList(SListHead)

NTKERNELAPI
PSLIST_ENTRY
InterlockedPushEntrySList(_Inout_ PSLIST_HEADER ListHead, _Inout_ PSLIST_ENTRY ListEntry);

NTKERNELAPI
PSLIST_ENTRY
InterlockedPopEntrySList(_Inout_ PSLIST_HEADER ListHead);

NTKERNELAPI
PSLIST_ENTRY
InterlockedFlushSList(_Inout_ PSLIST_HEADER ListHead);

/* The forms with a lock argument: the lock is not needed (nor taken). */
#define ExInterlockedPushEntrySList(ListHead, ListEntry, Lock) \
	InterlockedPushEntrySList((ListHead), (ListEntry))
#define ExInterlockedPopEntrySList(ListHead, Lock) \
	InterlockedPopEntrySList(ListHead)
#define ExInterlockedFlushSList(ListHead) \
	InterlockedFlushSList(ListHead)

#ifdef CONFIG_X86_64
WDM_STATIC_ASSERT(sizeof(SLIST_HEADER) == 16);
WDM_STATIC_ASSERT(sizeof(SLIST_ENTRY) == 16);
#endif

#endif /* _WDM_LISTS_H_ */
