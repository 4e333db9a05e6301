// SPDX-License-Identifier: GPL-2.0
/*
 * Group 3: system threads.  PsCreateSystemThread's handle, turned into a
 * waitable thread object by ObReferenceObjectByHandle(PsThreadType), is
 * signaled when the thread ends (PsTerminateSystemThread with its status,
 * or a return); ZwClose, the current-thread queries.
 */
#include <linux/sched.h>
#include <linux/slab.h>

#include "suites.h"	/* Linux headers before <wdm.h> */

#include <wdm.h>
#include <wdmdma/binding.h>

#define TH_LONG_MS	10000

struct th_ctx {
	KEVENT go;
	NTSTATUS exit_status;
	bool terminate;
	/* what the thread saw */
	KIRQL irql;
	bool atomic;
	PETHREAD self;
	PKTHREAD kself;
	HANDLE id;
	PVOID by_current;	/* ObReferenceObjectByHandle(NtCurrentThread()) */
	NTSTATUS after;		/* set if PsTerminateSystemThread returned */
};

static LARGE_INTEGER th_ms(LONGLONG ms)
{
	LARGE_INTEGER t;

	t.QuadPart = -ms * 10000;
	return t;
}

static VOID th_main(PVOID ctx)
{
	struct th_ctx *c = ctx;
	LARGE_INTEGER limit = th_ms(TH_LONG_MS);

	c->irql = KeGetCurrentIrql();
	c->atomic = !in_task() || irqs_disabled();
	c->self = PsGetCurrentThread();
	c->kself = KeGetCurrentThread();
	c->id = PsGetCurrentThreadId();
	if (ObReferenceObjectByHandle(NtCurrentThread(), THREAD_ALL_ACCESS, *PsThreadType,
				      KernelMode, &c->by_current, NULL) == STATUS_SUCCESS)
		ObDereferenceObject(c->by_current);
	KeWaitForSingleObject(&c->go, Executive, KernelMode, FALSE, &limit);
	if (c->terminate) {
		PsTerminateSystemThread(c->exit_status);
		c->after = STATUS_UNSUCCESSFUL;		/* never reached */
	}
}

/* A thread waited on by handle ends with the status it terminates with. */
static void th_wait_by_handle(struct kunit *test)
{
	struct th_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	LARGE_INTEGER zero = { .QuadPart = 0 }, limit = th_ms(TH_LONG_MS);
	OBJECT_HANDLE_INFORMATION info;
	CLIENT_ID cid;
	HANDLE h;
	PVOID obj;

	KUNIT_ASSERT_NOT_NULL(test, c);
	KeInitializeEvent(&c->go, NotificationEvent, FALSE);
	c->terminate = true;
	c->exit_status = STATUS_DEVICE_NOT_READY;
	KUNIT_ASSERT_EQ(test, PsCreateSystemThread(&h, THREAD_ALL_ACCESS, NULL, NULL, &cid,
						   th_main, c), STATUS_SUCCESS);
	/* a kernel handle, as Windows makes them */
	KUNIT_EXPECT_TRUE(test, (LONG_PTR)h < 0 && !((ULONG_PTR)h & 3));
	KUNIT_ASSERT_EQ(test, ObReferenceObjectByHandle(h, THREAD_ALL_ACCESS, *PsThreadType,
							KernelMode, &obj, &info),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, info.GrantedAccess, THREAD_ALL_ACCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(h), STATUS_SUCCESS);	/* the object stays referenced */
	KUNIT_EXPECT_EQ(test, KeWaitForSingleObject(obj, Executive, KernelMode, FALSE, &zero),
			STATUS_TIMEOUT);
	KUNIT_EXPECT_EQ(test, PsGetThreadExitStatus(obj), STATUS_PENDING);
	KeSetEvent(&c->go, 0, FALSE);
	KUNIT_EXPECT_EQ(test, KeWaitForSingleObject(obj, Executive, KernelMode, FALSE, &limit),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, PsGetThreadExitStatus(obj), STATUS_DEVICE_NOT_READY);
	/* a thread object stays signaled (a notification object) */
	KUNIT_EXPECT_EQ(test, KeWaitForSingleObject(obj, Executive, KernelMode, FALSE, &zero),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, c->after, STATUS_SUCCESS);	/* did not return */
	KUNIT_EXPECT_EQ(test, c->irql, PASSIVE_LEVEL);
	KUNIT_EXPECT_FALSE(test, c->atomic);
	KUNIT_EXPECT_PTR_EQ(test, (PVOID)c->self, obj);
	KUNIT_EXPECT_PTR_EQ(test, (PVOID)c->kself, obj);
	KUNIT_EXPECT_PTR_EQ(test, c->by_current, obj);
	KUNIT_EXPECT_PTR_EQ(test, c->id, cid.UniqueThread);
	KUNIT_EXPECT_PTR_NE(test, (PVOID)PsGetCurrentThread(), obj);
	ObDereferenceObject(obj);
}

/* A start routine's return ends the thread with STATUS_SUCCESS; WaitAll on two. */
static void th_return_ends(struct kunit *test)
{
	struct th_ctx *c = kunit_kcalloc(test, 2, sizeof(*c), GFP_KERNEL);
	LARGE_INTEGER zero = { .QuadPart = 0 }, limit = th_ms(TH_LONG_MS);
	PVOID obj[2];
	HANDLE h;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, c);
	for (i = 0; i < 2; i++) {
		KeInitializeEvent(&c[i].go, NotificationEvent, FALSE);
		KUNIT_ASSERT_EQ(test, PsCreateSystemThread(&h, THREAD_ALL_ACCESS, NULL, NULL,
							   NULL, th_main, &c[i]),
				STATUS_SUCCESS);
		KUNIT_ASSERT_EQ(test, ObReferenceObjectByHandle(h, SYNCHRONIZE, NULL, KernelMode,
								&obj[i], NULL),
				STATUS_SUCCESS);
		ZwClose(h);
	}
	KeSetEvent(&c[1].go, 0, FALSE);
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(2, obj, WaitAny, Executive, KernelMode,
						       FALSE, &limit, NULL), STATUS_WAIT_0 + 1);
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(2, obj, WaitAll, Executive, KernelMode,
						       FALSE, &zero, NULL), STATUS_TIMEOUT);
	KeSetEvent(&c[0].go, 0, FALSE);
	KUNIT_EXPECT_EQ(test, KeWaitForMultipleObjects(2, obj, WaitAll, Executive, KernelMode,
						       FALSE, &limit, NULL), STATUS_WAIT_0);
	for (i = 0; i < 2; i++) {
		KUNIT_EXPECT_EQ(test, PsGetThreadExitStatus(obj[i]), STATUS_SUCCESS);
		ObDereferenceObject(obj[i]);
	}
}

/* Handles: closed once, then invalid; the type is checked; misuse reported. */
static void th_handles(struct kunit *test)
{
	struct th_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	LARGE_INTEGER limit = th_ms(TH_LONG_MS);
	POBJECT_TYPE other = (POBJECT_TYPE)c;
	unsigned long before;
	PVOID obj = c;
	HANDLE h;

	KUNIT_ASSERT_NOT_NULL(test, c);
	KeInitializeEvent(&c->go, NotificationEvent, TRUE);
	KUNIT_ASSERT_EQ(test, PsCreateSystemThread(&h, THREAD_ALL_ACCESS, NULL, NULL, NULL,
						   th_main, c), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ObReferenceObjectByHandle(h, THREAD_ALL_ACCESS, other, KernelMode,
							&obj, NULL),
			STATUS_OBJECT_TYPE_MISMATCH);
	KUNIT_EXPECT_NULL(test, obj);
	KUNIT_EXPECT_EQ(test, ObReferenceObjectByHandle(h, THREAD_ALL_ACCESS, *PsThreadType,
							KernelMode, &obj, NULL),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(h), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(h), STATUS_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, ObReferenceObjectByHandle(h, THREAD_ALL_ACCESS, *PsThreadType,
							KernelMode, &c->by_current, NULL),
			STATUS_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, ObReferenceObjectByHandle(NULL, THREAD_ALL_ACCESS, *PsThreadType,
							KernelMode, &c->by_current, NULL),
			STATUS_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, KeWaitForSingleObject(obj, Executive, KernelMode, FALSE, &limit),
			STATUS_SUCCESS);
	/*
	 * a reference taken by ObReferenceObject is counted with ours (and the
	 * ending thread's, if it has not dropped it yet)
	 */
	KUNIT_EXPECT_GE(test, ObReferenceObject(obj), 2);
	KUNIT_EXPECT_GE(test, ObDereferenceObject(obj), 1);
	ObDereferenceObject(obj);

	before = wdmdma_violations(NULL);
	KUNIT_EXPECT_EQ(test, PsTerminateSystemThread(STATUS_SUCCESS), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, PsCreateSystemThread(&h, THREAD_ALL_ACCESS, NULL, NULL, NULL, NULL,
						   c), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 2);
}

static struct kunit_case thread_cases[] = {
	KUNIT_CASE(th_wait_by_handle),
	KUNIT_CASE(th_return_ends),
	KUNIT_CASE(th_handles),
	{}
};

struct kunit_suite wdmdma_thread_suite = {
	.name = "wdmdma_thread",
	.test_cases = thread_cases,
};
