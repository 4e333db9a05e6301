// SPDX-License-Identifier: GPL-2.0
/*
 * Group 7, callbacks: ExCreateCallback, ExRegisterCallback,
 * ExUnregisterCallback, ExNotifyCallback, ObDereferenceObject on a
 * callback object, the system's \Callback\ objects.
 */
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/sched/task.h>

#include "suites.h"	/* Linux headers before <wdm.h> */

#include <wdm.h>
#include <wdmdma/binding.h>

#define CB_CALLS	8

struct cb_log {
	int n;
	struct {
		int who;
		PVOID a1, a2;
	} call[CB_CALLS];
	PVOID self_reg;		/* cb_self unregisters this */
	atomic_t count;
};

struct cb_ctx {
	struct cb_log *log;
	int who;
};

static void cb_record(PVOID Context, PVOID Argument1, PVOID Argument2)
{
	struct cb_ctx *c = Context;
	struct cb_log *l = c->log;

	if (l->n < CB_CALLS) {
		l->call[l->n].who = c->who;
		l->call[l->n].a1 = Argument1;
		l->call[l->n].a2 = Argument2;
	}
	l->n++;
}

static NTSTATUS cb_open(PCALLBACK_OBJECT *obj, const WCHAR *name, ULONG attributes,
			BOOLEAN create, BOOLEAN multiple)
{
	OBJECT_ATTRIBUTES oa;
	UNICODE_STRING us;

	RtlInitUnicodeString(&us, name);
	InitializeObjectAttributes(&oa, &us, attributes, NULL, NULL);
	return ExCreateCallback(obj, &oa, create, multiple);
}

/* Create, open by name (case as asked), unnamed and missing objects; lifetime */
static void cb_create_open(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	PCALLBACK_OBJECT a, b, c;
	OBJECT_ATTRIBUTES oa;

	InitializeObjectAttributes(&oa, NULL, OBJ_CASE_INSENSITIVE, NULL, NULL);
	KUNIT_EXPECT_EQ(test, ExCreateCallback(&a, &oa, TRUE, TRUE), STATUS_UNSUCCESSFUL);
	KUNIT_EXPECT_EQ(test, cb_open(&a, L"\\Callback\\wdmdmaTestOpen", OBJ_CASE_INSENSITIVE,
				      FALSE, TRUE), STATUS_OBJECT_NAME_NOT_FOUND);
	KUNIT_EXPECT_NULL(test, a);
	KUNIT_ASSERT_EQ(test, cb_open(&a, L"\\Callback\\wdmdmaTestOpen",
				      OBJ_CASE_INSENSITIVE | OBJ_PERMANENT, TRUE, TRUE),
			STATUS_SUCCESS);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_EXPECT_EQ(test, cb_open(&b, L"\\CALLBACK\\WDMDMATESTOPEN", OBJ_CASE_INSENSITIVE,
				      FALSE, FALSE), STATUS_SUCCESS);
	KUNIT_EXPECT_PTR_EQ(test, b, a);
	KUNIT_EXPECT_EQ(test, cb_open(&c, L"\\CALLBACK\\WDMDMATESTOPEN", 0, FALSE, FALSE),
			STATUS_OBJECT_NAME_NOT_FOUND);
	/* Create on an existing name opens it */
	KUNIT_EXPECT_EQ(test, cb_open(&c, L"\\Callback\\wdmdmaTestOpen", 0, TRUE, FALSE),
			STATUS_SUCCESS);
	KUNIT_EXPECT_PTR_EQ(test, c, a);
	KUNIT_EXPECT_EQ(test, ObReferenceObject(a), 4);
	KUNIT_EXPECT_EQ(test, ObDereferenceObject(a), 3);
	ObDereferenceObject(c);
	ObDereferenceObject(b);
	ObDereferenceObject(a);		/* the last: the object goes with its name */
	KUNIT_EXPECT_EQ(test, cb_open(&a, L"\\Callback\\wdmdmaTestOpen", OBJ_CASE_INSENSITIVE,
				      FALSE, TRUE), STATUS_OBJECT_NAME_NOT_FOUND);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
	KUNIT_EXPECT_EQ(test, ExCreateCallback(NULL, &oa, TRUE, TRUE), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);
}

/* Every routine, in registration order, with both arguments; unregistered: not */
static void cb_multiple(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	struct cb_log log = {};
	struct cb_ctx ctx[3] = { { &log, 0 }, { &log, 1 }, { &log, 2 } };
	PCALLBACK_OBJECT o;
	PVOID reg[3];
	KIRQL old;
	int i;

	KUNIT_ASSERT_EQ(test, cb_open(&o, L"\\Callback\\wdmdmaTestMulti", OBJ_CASE_INSENSITIVE,
				      TRUE, TRUE), STATUS_SUCCESS);
	for (i = 0; i < 3; i++) {
		reg[i] = ExRegisterCallback(o, cb_record, &ctx[i]);
		KUNIT_ASSERT_NOT_NULL(test, reg[i]);
	}
	ExNotifyCallback(o, (PVOID)11, (PVOID)22);
	KUNIT_ASSERT_EQ(test, log.n, 3);
	for (i = 0; i < 3; i++) {
		KUNIT_EXPECT_EQ(test, log.call[i].who, i);
		KUNIT_EXPECT_PTR_EQ(test, log.call[i].a1, (PVOID)11);
		KUNIT_EXPECT_PTR_EQ(test, log.call[i].a2, (PVOID)22);
	}
	ExUnregisterCallback(reg[1]);
	log.n = 0;
	KeRaiseIrql(DISPATCH_LEVEL, &old);	/* notified at DISPATCH_LEVEL */
	ExNotifyCallback(o, NULL, (PVOID)33);
	KeLowerIrql(old);
	KUNIT_ASSERT_EQ(test, log.n, 2);
	KUNIT_EXPECT_EQ(test, log.call[0].who, 0);
	KUNIT_EXPECT_EQ(test, log.call[1].who, 2);
	KUNIT_EXPECT_PTR_EQ(test, log.call[1].a2, (PVOID)33);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
	ExUnregisterCallback(reg[1]);		/* twice: reported */
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);
	ExUnregisterCallback(reg[0]);
	ExUnregisterCallback(reg[2]);
	/* the registrations held references: the object outlives them only with ours */
	ObDereferenceObject(o);
	KUNIT_EXPECT_EQ(test, cb_open(&o, L"\\Callback\\wdmdmaTestMulti", 0, FALSE, TRUE),
			STATUS_OBJECT_NAME_NOT_FOUND);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);
}

/* AllowMultipleCallbacks FALSE: a second registration gets NULL */
static void cb_single(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	struct cb_log log = {};
	struct cb_ctx ctx[2] = { { &log, 0 }, { &log, 1 } };
	PCALLBACK_OBJECT o;
	PVOID r0, r1;

	KUNIT_ASSERT_EQ(test, cb_open(&o, L"\\Callback\\wdmdmaTestSingle", 0, TRUE, FALSE),
			STATUS_SUCCESS);
	r0 = ExRegisterCallback(o, cb_record, &ctx[0]);
	KUNIT_ASSERT_NOT_NULL(test, r0);
	KUNIT_EXPECT_NULL(test, ExRegisterCallback(o, cb_record, &ctx[1]));
	ExNotifyCallback(o, NULL, NULL);
	KUNIT_EXPECT_EQ(test, log.n, 1);
	ExUnregisterCallback(r0);
	r1 = ExRegisterCallback(o, cb_record, &ctx[1]);	/* free again */
	KUNIT_ASSERT_NOT_NULL(test, r1);
	ExNotifyCallback(o, NULL, NULL);
	KUNIT_EXPECT_EQ(test, log.n, 2);
	KUNIT_EXPECT_EQ(test, log.call[1].who, 1);
	ExUnregisterCallback(r1);
	ObDereferenceObject(o);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
}

static void cb_self(PVOID Context, PVOID Argument1, PVOID Argument2)
{
	struct cb_log *l = Context;

	l->n++;
	ExUnregisterCallback(l->self_reg);
}

/* A routine may unregister itself; it is not called again, nothing leaks */
static void cb_unregister_self(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	struct cb_log log = {};
	PCALLBACK_OBJECT o;

	KUNIT_ASSERT_EQ(test, cb_open(&o, L"\\Callback\\wdmdmaTestSelf", 0, TRUE, TRUE),
			STATUS_SUCCESS);
	log.self_reg = ExRegisterCallback(o, cb_self, &log);
	KUNIT_ASSERT_NOT_NULL(test, log.self_reg);
	ExNotifyCallback(o, NULL, NULL);
	ExNotifyCallback(o, NULL, NULL);
	KUNIT_EXPECT_EQ(test, log.n, 1);
	ObDereferenceObject(o);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
}

/* The documented system objects open without Create and take registrations */
static void cb_system(struct kunit *test)
{
	static const WCHAR *const names[] = {
		L"\\Callback\\PowerState", L"\\Callback\\SetSystemTime",
		L"\\Callback\\ProcessorAdd",
	};
	unsigned long v0 = wdmdma_violations(NULL);
	struct cb_log log = {};
	struct cb_ctx ctx = { &log, 7 };
	PCALLBACK_OBJECT o;
	unsigned int i;
	PVOID reg;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		KUNIT_ASSERT_EQ(test, cb_open(&o, names[i], OBJ_CASE_INSENSITIVE, FALSE, FALSE),
				STATUS_SUCCESS);
		reg = ExRegisterCallback(o, cb_record, &ctx);
		KUNIT_ASSERT_NOT_NULL(test, reg);
		ExNotifyCallback(o, (PVOID)PO_CB_SYSTEM_STATE_LOCK, (PVOID)1);
		ExUnregisterCallback(reg);
		ObDereferenceObject(o);
	}
	KUNIT_EXPECT_EQ(test, log.n, 3);
	KUNIT_EXPECT_PTR_EQ(test, log.call[0].a1, (PVOID)PO_CB_SYSTEM_STATE_LOCK);
	/* still there after the last driver reference */
	KUNIT_EXPECT_EQ(test, cb_open(&o, L"\\callback\\powerstate", OBJ_CASE_INSENSITIVE,
				      FALSE, FALSE), STATUS_SUCCESS);
	ObDereferenceObject(o);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
}

struct cb_race {
	PCALLBACK_OBJECT o;
	struct completion started;
	atomic_t calls;
};

static void cb_count(PVOID Context, PVOID Argument1, PVOID Argument2)
{
	struct cb_race *r = Context;

	atomic_inc(&r->calls);
	usleep_range(20, 40);
}

static int cb_notifier(void *data)
{
	struct cb_race *r = data;

	complete(&r->started);
	while (!kthread_should_stop()) {
		ExNotifyCallback(r->o, NULL, NULL);
		cond_resched();
	}
	return 0;
}

/* Unregistering while another CPU notifies: no call after it returns */
static void cb_unregister_race(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	struct cb_race r = {};
	struct task_struct *t;
	int i, after;
	PVOID reg;

	init_completion(&r.started);
	KUNIT_ASSERT_EQ(test, cb_open(&r.o, L"\\Callback\\wdmdmaTestRace", 0, TRUE, TRUE),
			STATUS_SUCCESS);
	t = kthread_run(cb_notifier, &r, "wdmdma_cb_race");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	get_task_struct(t);
	wait_for_completion(&r.started);
	for (i = 0; i < 200; i++) {
		reg = ExRegisterCallback(r.o, cb_count, &r);
		if (!reg) {
			KUNIT_FAIL(test, "ExRegisterCallback failed");
			break;
		}
		usleep_range(50, 100);
		ExUnregisterCallback(reg);
		after = atomic_read(&r.calls);
		usleep_range(50, 100);
		if (atomic_read(&r.calls) != after) {
			KUNIT_FAIL(test, "called after ExUnregisterCallback returned");
			break;
		}
	}
	kthread_stop(t);
	put_task_struct(t);
	KUNIT_EXPECT_GT(test, atomic_read(&r.calls), 0);
	ObDereferenceObject(r.o);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
}

static struct kunit_case wdmdma_callback_cases[] = {
	KUNIT_CASE(cb_create_open),
	KUNIT_CASE(cb_multiple),
	KUNIT_CASE(cb_single),
	KUNIT_CASE(cb_unregister_self),
	KUNIT_CASE(cb_system),
	KUNIT_CASE(cb_unregister_race),
	{}
};

struct kunit_suite wdmdma_callback_suite = {
	.name = "wdmdma_callback",
	.test_cases = wdmdma_callback_cases,
};
