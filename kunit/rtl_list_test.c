// SPDX-License-Identifier: GPL-2.0
/*
 * Group 1 of the executive library: lists (LIST_ENTRY, SINGLE_LIST_ENTRY,
 * SLIST_HEADER and the ExInterlocked forms), ntintsafe.h, pointer casts,
 * GUIDs, the NTSTATUS table, object attributes, access masks, PAGED_CODE.
 * The file is a checked (DBG) build, as a driver's test build would be.
 */
#include <linux/completion.h>
#include <linux/kthread.h>

#include "suites.h"	/* Linux headers before <wdm.h> */

#define DBG 1
#include <initguid.h>
#include <wdm.h>
#include <ntintsafe.h>
#include <wdmdma/binding.h>

struct rl_item {
	int value;
	LIST_ENTRY link;
};

/* Walk @head forwards into @out; return how many entries it has. */
static int rl_walk(PLIST_ENTRY head, int *out, int max)
{
	PLIST_ENTRY e;
	int n = 0;

	for (e = head->Flink; e != head && n < max; e = e->Flink)
		out[n++] = CONTAINING_RECORD(e, struct rl_item, link)->value;
	return n;
}

/* Head and tail insertion and removal keep the order drivers rely on. */
static void rl_order(struct kunit *test)
{
	struct rl_item it[4] = { { 0 }, { 1 }, { 2 }, { 3 } };
	LIST_ENTRY head;
	int seen[8];

	InitializeListHead(&head);
	KUNIT_EXPECT_TRUE(test, IsListEmpty(&head));
	KUNIT_EXPECT_PTR_EQ(test, RemoveHeadList(&head), &head);	/* empty: the head */
	KUNIT_EXPECT_PTR_EQ(test, RemoveTailList(&head), &head);

	InsertTailList(&head, &it[1].link);
	InsertTailList(&head, &it[2].link);
	InsertHeadList(&head, &it[0].link);
	InsertTailList(&head, &it[3].link);
	KUNIT_EXPECT_FALSE(test, IsListEmpty(&head));
	KUNIT_ASSERT_EQ(test, rl_walk(&head, seen, 8), 4);
	KUNIT_EXPECT_EQ(test, seen[0], 0);
	KUNIT_EXPECT_EQ(test, seen[1], 1);
	KUNIT_EXPECT_EQ(test, seen[2], 2);
	KUNIT_EXPECT_EQ(test, seen[3], 3);
	KUNIT_EXPECT_PTR_EQ(test, head.Blink, &it[3].link);

	KUNIT_EXPECT_PTR_EQ(test, RemoveHeadList(&head), &it[0].link);
	KUNIT_EXPECT_PTR_EQ(test, RemoveTailList(&head), &it[3].link);
	KUNIT_EXPECT_FALSE(test, RemoveEntryList(&it[1].link));	/* 2 is left */
	KUNIT_EXPECT_TRUE(test, RemoveEntryList(&it[2].link));	/* now empty */
	KUNIT_EXPECT_TRUE(test, IsListEmpty(&head));
	KUNIT_EXPECT_PTR_EQ(test, head.Blink, &head);
}

/* AppendTailList moves a headless ring, in order, to the end. */
static void rl_append(struct kunit *test)
{
	struct rl_item it[4] = { { 0 }, { 1 }, { 2 }, { 3 } };
	LIST_ENTRY head, other;
	int seen[8];

	InitializeListHead(&head);
	InitializeListHead(&other);
	InsertTailList(&head, &it[0].link);
	InsertTailList(&other, &it[1].link);
	InsertTailList(&other, &it[2].link);
	InsertTailList(&other, &it[3].link);
	RemoveEntryList(&other);		/* a ring of 1, 2, 3 without a head */
	AppendTailList(&head, &it[1].link);
	KUNIT_ASSERT_EQ(test, rl_walk(&head, seen, 8), 4);
	KUNIT_EXPECT_EQ(test, seen[1], 1);
	KUNIT_EXPECT_EQ(test, seen[3], 3);
	KUNIT_EXPECT_PTR_EQ(test, head.Blink, &it[3].link);
	KUNIT_EXPECT_PTR_EQ(test, it[3].link.Flink, &head);
}

/* A corrupt neighbour is reported and the list is not touched. */
static void rl_corrupt(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	struct rl_item it[2] = { { 0 }, { 1 } };
	LIST_ENTRY head, stray;

	InitializeListHead(&head);
	InsertTailList(&head, &it[0].link);
	InsertTailList(&head, &it[1].link);
	it[1].link.Blink = &stray;		/* it[1] no longer agrees with it[0] */
	KUNIT_EXPECT_FALSE(test, RemoveEntryList(&it[1].link));
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);
	KUNIT_EXPECT_PTR_EQ(test, it[0].link.Flink, &it[1].link);
	KUNIT_EXPECT_PTR_EQ(test, head.Blink, &it[1].link);
}

/* Singly linked lists are LIFO; popping an empty one gives NULL. */
static void rl_single(struct kunit *test)
{
	SINGLE_LIST_ENTRY head = { NULL }, a, b;
	KSPIN_LOCK lock;

	PushEntryList(&head, &a);
	PushEntryList(&head, &b);
	KUNIT_EXPECT_PTR_EQ(test, PopEntryList(&head), &b);
	KUNIT_EXPECT_PTR_EQ(test, PopEntryList(&head), &a);
	KUNIT_EXPECT_NULL(test, PopEntryList(&head));

	KeInitializeSpinLock(&lock);
	KUNIT_EXPECT_NULL(test, ExInterlockedPushEntryList(&head, &a, &lock));
	KUNIT_EXPECT_PTR_EQ(test, ExInterlockedPushEntryList(&head, &b, &lock), &a);
	KUNIT_EXPECT_PTR_EQ(test, ExInterlockedPopEntryList(&head, &lock), &b);
	KUNIT_EXPECT_PTR_EQ(test, ExInterlockedPopEntryList(&head, &lock), &a);
	KUNIT_EXPECT_NULL(test, ExInterlockedPopEntryList(&head, &lock));
}

/* The ExInterlocked forms return the old neighbour, NULL on an empty list. */
static void rl_interlocked(struct kunit *test)
{
	struct rl_item it[3] = { { 0 }, { 1 }, { 2 } };
	unsigned long flags;
	KSPIN_LOCK lock;
	LIST_ENTRY head;

	KeInitializeSpinLock(&lock);
	InitializeListHead(&head);
	KUNIT_EXPECT_NULL(test, ExInterlockedRemoveHeadList(&head, &lock));
	KUNIT_EXPECT_NULL(test, ExInterlockedInsertTailList(&head, &it[1].link, &lock));
	KUNIT_EXPECT_PTR_EQ(test, ExInterlockedInsertTailList(&head, &it[2].link, &lock),
			    &it[1].link);
	/* as from an ISR: interrupts off */
	local_irq_save(flags);
	KUNIT_EXPECT_PTR_EQ(test, ExInterlockedInsertHeadList(&head, &it[0].link, &lock),
			    &it[1].link);
	local_irq_restore(flags);
	KUNIT_EXPECT_PTR_EQ(test, ExInterlockedRemoveHeadList(&head, &lock), &it[0].link);
	KUNIT_EXPECT_PTR_EQ(test, ExInterlockedRemoveHeadList(&head, &lock), &it[1].link);
	KUNIT_EXPECT_PTR_EQ(test, ExInterlockedRemoveHeadList(&head, &lock), &it[2].link);
	KUNIT_EXPECT_TRUE(test, IsListEmpty(&head));
}

#define RL_PER_THREAD	500

struct rl_race {
	KSPIN_LOCK lock;
	LIST_ENTRY head;
	struct rl_item items[2][RL_PER_THREAD];
	struct completion done[2];
	atomic_t removed;
};

struct rl_thread {
	struct rl_race *race;
	int who;
};

/* Insert this thread's items, taking one entry off after each insertion. */
static int rl_race_thread(void *arg)
{
	struct rl_thread *t = arg;
	struct rl_race *r = t->race;
	int i;

	for (i = 0; i < RL_PER_THREAD; i++) {
		ExInterlockedInsertTailList(&r->head, &r->items[t->who][i].link, &r->lock);
		if (ExInterlockedRemoveHeadList(&r->head, &r->lock))
			atomic_inc(&r->removed);
	}
	complete(&r->done[t->who]);
	return 0;
}

/* Two threads insert and remove at once: no entry is lost or doubled. */
static void rl_interlocked_race(struct kunit *test)
{
	struct rl_race *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	struct rl_thread t[2];
	struct task_struct *k;
	int i, left = 0;

	KUNIT_ASSERT_NOT_NULL(test, r);
	KeInitializeSpinLock(&r->lock);
	InitializeListHead(&r->head);
	for (i = 0; i < 2; i++) {
		init_completion(&r->done[i]);
		t[i].race = r;
		t[i].who = i;
		k = kthread_run(rl_race_thread, &t[i], "wdmdma-rl%d", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(k));
	}
	for (i = 0; i < 2; i++)
		wait_for_completion(&r->done[i]);
	while (ExInterlockedRemoveHeadList(&r->head, &r->lock))
		left++;
	KUNIT_EXPECT_EQ(test, atomic_read(&r->removed) + left, 2 * RL_PER_THREAD);
}

/* SLISTs: LIFO, a depth, a flush that takes everything. */
static void rl_slist(struct kunit *test)
{
	SLIST_ENTRY *e = kunit_kcalloc(test, 3, sizeof(*e), GFP_KERNEL);
	SLIST_HEADER head;

	KUNIT_ASSERT_NOT_NULL(test, e);
	InitializeSListHead(&head);
	KUNIT_EXPECT_EQ(test, ExQueryDepthSList(&head), 0);
	KUNIT_EXPECT_NULL(test, InterlockedPopEntrySList(&head));
	KUNIT_EXPECT_NULL(test, InterlockedPushEntrySList(&head, &e[0]));
	KUNIT_EXPECT_PTR_EQ(test, InterlockedPushEntrySList(&head, &e[1]), &e[0]);
	KUNIT_EXPECT_PTR_EQ(test, ExInterlockedPushEntrySList(&head, &e[2], NULL), &e[1]);
	KUNIT_EXPECT_EQ(test, ExQueryDepthSList(&head), 3);
	KUNIT_EXPECT_PTR_EQ(test, InterlockedPopEntrySList(&head), &e[2]);
	KUNIT_EXPECT_EQ(test, ExQueryDepthSList(&head), 2);
	KUNIT_EXPECT_PTR_EQ(test, InterlockedFlushSList(&head), &e[1]);
	KUNIT_EXPECT_PTR_EQ(test, e[1].Next, &e[0]);
	KUNIT_EXPECT_EQ(test, ExQueryDepthSList(&head), 0);
	KUNIT_EXPECT_NULL(test, InterlockedPopEntrySList(&head));
	KUNIT_EXPECT_EQ(test, __alignof__(SLIST_HEADER), 16);
}

/* ntintsafe: exact results, or STATUS_INTEGER_OVERFLOW and the error value. */
static void rl_intsafe(struct kunit *test)
{
	ULONGLONG ull;
	SIZE_T sz;
	USHORT us;
	ULONG ul;
	LONG l;

	KUNIT_EXPECT_EQ(test, RtlULongAdd(0xfffffffe, 1, &ul), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ul, 0xffffffffU);
	KUNIT_EXPECT_EQ(test, RtlULongAdd(0xffffffff, 1, &ul), STATUS_INTEGER_OVERFLOW);
	KUNIT_EXPECT_EQ(test, ul, ULONG_ERROR);
	KUNIT_EXPECT_EQ(test, RtlULongMult(0xffff, 0x10001, &ul), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ul, 0xffffffffU);
	KUNIT_EXPECT_EQ(test, RtlULongMult(0x10000, 0x10000, &ul), STATUS_INTEGER_OVERFLOW);
	KUNIT_EXPECT_EQ(test, RtlULongSub(1, 2, &ul), STATUS_INTEGER_OVERFLOW);
	KUNIT_EXPECT_EQ(test, RtlSizeTMult((SIZE_T)1 << 32, (SIZE_T)1 << 31, &sz),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, RtlSizeTMult((SIZE_T)1 << 32, (SIZE_T)1 << 32, &sz),
			STATUS_INTEGER_OVERFLOW);
	KUNIT_EXPECT_EQ(test, sz, SIZET_ERROR);
	KUNIT_EXPECT_EQ(test, RtlSizeTAdd(~(SIZE_T)0, 1, &sz), STATUS_INTEGER_OVERFLOW);
	KUNIT_EXPECT_EQ(test, RtlUShortAdd(0xffff, 1, &us), STATUS_INTEGER_OVERFLOW);
	KUNIT_EXPECT_EQ(test, us, USHORT_ERROR);
	KUNIT_EXPECT_EQ(test, RtlLongAdd(MAXLONG, 1, &l), STATUS_INTEGER_OVERFLOW);
	KUNIT_EXPECT_EQ(test, l, LONG_ERROR);
	KUNIT_EXPECT_EQ(test, RtlLongSub(MINLONG, 1, &l), STATUS_INTEGER_OVERFLOW);
	KUNIT_EXPECT_EQ(test, RtlLongMult(-2, 3, &l), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, l, -6);
	KUNIT_EXPECT_EQ(test, RtlULongLongMult(1ULL << 63, 2, &ull), STATUS_INTEGER_OVERFLOW);
	/* conversions */
	KUNIT_EXPECT_EQ(test, RtlULongLongToULong(0x100000000ULL, &ul), STATUS_INTEGER_OVERFLOW);
	KUNIT_EXPECT_EQ(test, ul, ULONG_ERROR);
	KUNIT_EXPECT_EQ(test, RtlULongLongToULong(0xffffffffULL, &ul), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, RtlLongToULong(-1, &ul), STATUS_INTEGER_OVERFLOW);
	KUNIT_EXPECT_EQ(test, RtlULongToLong(0x80000000U, &l), STATUS_INTEGER_OVERFLOW);
	KUNIT_EXPECT_EQ(test, RtlSizeTToULong((SIZE_T)1 << 32, &ul), STATUS_INTEGER_OVERFLOW);
	KUNIT_EXPECT_EQ(test, RtlULongToUShort(0x10000, &us), STATUS_INTEGER_OVERFLOW);
	KUNIT_EXPECT_EQ(test, RtlULongToUShort(0xffff, &us), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, us, 0xffff);
}

static ULONG_PTR rl_bits = 0x123456789abcdef0UL;	/* not a constant: sparse */

/* Casts: a LONG sign-extends, a ULONG zero-extends, a pointer truncates. */
static void rl_casts(struct kunit *test)
{
	PVOID p = (PVOID)READ_ONCE(rl_bits);

	KUNIT_EXPECT_PTR_EQ(test, LongToPtr(-1), (PVOID)~0UL);
	KUNIT_EXPECT_PTR_EQ(test, ULongToPtr(0xffffffffU), (PVOID)0xffffffffUL);
	KUNIT_EXPECT_PTR_EQ(test, UlongToPtr(-1), (PVOID)0xffffffffUL);
	KUNIT_EXPECT_EQ(test, PtrToUlong(p), 0x9abcdef0U);
	KUNIT_EXPECT_EQ(test, PtrToLong(p), (LONG)0x9abcdef0);
	KUNIT_EXPECT_EQ(test, PtrToUshort(p), 0xdef0);
	KUNIT_EXPECT_EQ(test, HandleToUlong(UlongToHandle(42)), 42U);
	KUNIT_EXPECT_EQ(test, HandleToLong(LongToHandle(-5)), -5);
	KUNIT_EXPECT_EQ(test, UNICODE_NULL, 0);
	KUNIT_EXPECT_EQ(test, sizeof(L"ab"), 3 * sizeof(WCHAR));
	KUNIT_EXPECT_EQ(test, L"ab"[1], (WCHAR)'b');
}

DEFINE_GUID(RL_TEST_GUID, 0x12345678, 0x9abc, 0xdef0,
	    0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef);

/* DEFINE_GUID after <initguid.h> defines the GUID, field by field. */
static void rl_guid(struct kunit *test)
{
	GUID same = { 0x12345678, 0x9abc, 0xdef0, { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab,
						     0xcd, 0xef } };
	GUID other = same;

	KUNIT_EXPECT_EQ(test, sizeof(GUID), 16);
	KUNIT_EXPECT_EQ(test, RL_TEST_GUID.Data1, 0x12345678U);
	KUNIT_EXPECT_EQ(test, RL_TEST_GUID.Data4[7], 0xef);
	KUNIT_EXPECT_TRUE(test, IsEqualGUID(&RL_TEST_GUID, &same));
	other.Data4[7] ^= 1;
	KUNIT_EXPECT_FALSE(test, IsEqualGUID(&RL_TEST_GUID, &other));
	KUNIT_EXPECT_FALSE(test, InlineIsEqualGUID(&other, &same));
}

/* NTSTATUS: Microsoft's numbers, classified by severity. */
static void rl_status(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, (ULONG)STATUS_NO_MATCH, 0xC0000272U);
	KUNIT_EXPECT_EQ(test, (ULONG)STATUS_NO_MEDIA_IN_DEVICE, 0xC0000013U);
	KUNIT_EXPECT_EQ(test, (ULONG)STATUS_MEDIA_WRITE_PROTECTED, 0xC00000A2U);
	KUNIT_EXPECT_EQ(test, (ULONG)STATUS_UNRECOGNIZED_MEDIA, 0xC0000014U);
	KUNIT_EXPECT_EQ(test, (ULONG)STATUS_WMI_GUID_NOT_FOUND, 0xC0000295U);
	KUNIT_EXPECT_EQ(test, (ULONG)STATUS_BUFFER_OVERFLOW, 0x80000005U);
	KUNIT_EXPECT_EQ(test, (ULONG)STATUS_WAIT_1, 1U);
	KUNIT_EXPECT_EQ(test, (ULONG)STATUS_DEVICE_HARDWARE_ERROR, 0xC0000483U);
	KUNIT_EXPECT_TRUE(test, NT_SUCCESS(STATUS_PENDING));
	KUNIT_EXPECT_TRUE(test, NT_INFORMATION(STATUS_SERVICE_NOTIFICATION));
	KUNIT_EXPECT_FALSE(test, NT_SUCCESS(STATUS_BUFFER_OVERFLOW));
	KUNIT_EXPECT_TRUE(test, NT_WARNING(STATUS_BUFFER_OVERFLOW));
	KUNIT_EXPECT_TRUE(test, NT_ERROR(STATUS_NO_MATCH));
}

/* Object attributes and the access masks have the WDK's values. */
static void rl_objects(struct kunit *test)
{
	UNICODE_STRING name = { 0 };
	OBJECT_ATTRIBUTES oa;
	HANDLE root = UlongToHandle(8);

	InitializeObjectAttributes(&oa, &name, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
				   root, NULL);
	KUNIT_EXPECT_EQ(test, oa.Length, sizeof(OBJECT_ATTRIBUTES));
	KUNIT_EXPECT_EQ(test, oa.Attributes, 0x240U);
	KUNIT_EXPECT_PTR_EQ(test, oa.ObjectName, &name);
	KUNIT_EXPECT_PTR_EQ(test, oa.RootDirectory, root);
	KUNIT_EXPECT_NULL(test, oa.SecurityQualityOfService);
	KUNIT_EXPECT_EQ(test, STANDARD_RIGHTS_ALL, 0x1F0000L);
	KUNIT_EXPECT_EQ(test, THREAD_ALL_ACCESS, 0x1FFFFFL);
	KUNIT_EXPECT_EQ(test, FILE_ALL_ACCESS, 0x1F01FFL);
	KUNIT_EXPECT_EQ(test, FILE_GENERIC_READ, 0x120089L);
	KUNIT_EXPECT_EQ(test, FILE_GENERIC_WRITE, 0x120116L);
	KUNIT_EXPECT_EQ(test, FILE_GENERIC_EXECUTE, 0x1200A0L);
	KUNIT_EXPECT_EQ(test, FILE_OPENED, 1);
	KUNIT_EXPECT_EQ(test, FILE_DOES_NOT_EXIST, 5);
	KUNIT_EXPECT_EQ(test, DPFLTR_IHVDRIVER_ID, 77);
	KUNIT_EXPECT_EQ(test, DPFLTR_DEFAULT_ID, 101);
}

#pragma alloc_text(PAGE, rl_paged_code)	/* accepted, ignored */

/* PAGED_CODE in a checked build: silent at PASSIVE_LEVEL, reported above. */
static void rl_paged_code(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	KIRQL old;

	PAGED_CODE();
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
	KeRaiseIrql(DISPATCH_LEVEL, &old);
	PAGED_CODE();
	KeLowerIrql(old);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);
}

static struct kunit_case rtl_list_cases[] = {
	KUNIT_CASE(rl_order),
	KUNIT_CASE(rl_append),
	KUNIT_CASE(rl_corrupt),
	KUNIT_CASE(rl_single),
	KUNIT_CASE(rl_interlocked),
	KUNIT_CASE(rl_interlocked_race),
	KUNIT_CASE(rl_slist),
	KUNIT_CASE(rl_intsafe),
	KUNIT_CASE(rl_casts),
	KUNIT_CASE(rl_guid),
	KUNIT_CASE(rl_status),
	KUNIT_CASE(rl_objects),
	KUNIT_CASE(rl_paged_code),
	{}
};

struct kunit_suite wdmdma_rtl_list_suite = {
	.name = "wdmdma_rtl_list",
	.test_cases = rtl_list_cases,
};
