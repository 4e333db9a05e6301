// SPDX-License-Identifier: GPL-2.0
/*
 * The PnP runtime: events, device stacks and IoCallDriver, the PDO's bus
 * driver, and a PCI start and removal the Windows way on QEMU's edu
 * device, whose test FDO driver maps its BAR and connects its interrupt
 * from the IRP_MN_START_DEVICE resources.
 */
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/pci.h>
#include <linux/timekeeping.h>

#include <wdm.h>
#include <wdmdma/binding.h>
#include <wdmdma/swdmac.h>

#include "suites.h"
#include "target.h"

#define EDU_VENDOR	0x1234
#define EDU_DEVICE	0x11e8
#define EDU_ID		0x00
#define EDU_IRQ_STATUS	0x24
#define EDU_IRQ_RAISE	0x60
#define EDU_IRQ_ACK	0x64

/* 100 ns units */
#define MS_100NS(ms)	((LONGLONG)(ms) * 10000)

static void ev_init_zero(PLARGE_INTEGER t)
{
	t->QuadPart = 0;
}

/* Set, reset, clear and read a notification event. */
static void pnp_event_notification(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	LARGE_INTEGER zero;
	KEVENT ev;

	ev_init_zero(&zero);
	KeInitializeEvent(&ev, NotificationEvent, FALSE);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&ev), 0);
	KUNIT_EXPECT_EQ(test, KeWaitForSingleObject(&ev, Executive, KernelMode, FALSE, &zero),
			STATUS_TIMEOUT);
	KUNIT_EXPECT_EQ(test, KeSetEvent(&ev, IO_NO_INCREMENT, FALSE), 0);
	KUNIT_EXPECT_NE(test, KeReadStateEvent(&ev), 0);
	KUNIT_EXPECT_NE(test, KeSetEvent(&ev, IO_NO_INCREMENT, FALSE), 0);
	/* a notification event stays signalled through satisfied waits */
	KUNIT_EXPECT_EQ(test, KeWaitForSingleObject(&ev, Executive, KernelMode, FALSE, &zero),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, KeWaitForSingleObject(&ev, Executive, KernelMode, FALSE, NULL),
			STATUS_SUCCESS);
	KUNIT_EXPECT_NE(test, KeReadStateEvent(&ev), 0);
	KUNIT_EXPECT_NE(test, KeResetEvent(&ev), 0);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&ev), 0);
	KUNIT_EXPECT_EQ(test, KeResetEvent(&ev), 0);
	KeSetEvent(&ev, IO_NO_INCREMENT, FALSE);
	KeClearEvent(&ev);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&ev), 0);
	/* initially signalled */
	KeInitializeEvent(&ev, NotificationEvent, TRUE);
	KUNIT_EXPECT_NE(test, KeReadStateEvent(&ev), 0);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
	KUNIT_EXPECT_EQ(test, sizeof(KEVENT), sizeof(DISPATCHER_HEADER));
}

/* A synchronization event lets one wait through and resets. */
static void pnp_event_synchronization(struct kunit *test)
{
	LARGE_INTEGER zero;
	KEVENT ev;

	ev_init_zero(&zero);
	KeInitializeEvent(&ev, SynchronizationEvent, TRUE);
	KUNIT_EXPECT_EQ(test, KeWaitForSingleObject(&ev, Executive, KernelMode, FALSE, &zero),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&ev), 0);
	KUNIT_EXPECT_EQ(test, KeWaitForSingleObject(&ev, Executive, KernelMode, FALSE, &zero),
			STATUS_TIMEOUT);
	KUNIT_EXPECT_EQ(test, KeSetEvent(&ev, IO_NO_INCREMENT, FALSE), 0);
	KUNIT_EXPECT_EQ(test, KeWaitForSingleObject(&ev, Executive, KernelMode, FALSE, NULL),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(&ev), 0);
}

/* Relative and absolute timeouts run out; the wait really waits. */
static void pnp_event_timeout(struct kunit *test)
{
	LARGE_INTEGER t;
	ktime_t start;
	s64 ms;
	KEVENT ev;

	KeInitializeEvent(&ev, NotificationEvent, FALSE);
	t.QuadPart = -MS_100NS(30);
	start = ktime_get();
	KUNIT_EXPECT_EQ(test, KeWaitForSingleObject(&ev, Executive, KernelMode, FALSE, &t),
			STATUS_TIMEOUT);
	ms = ktime_ms_delta(ktime_get(), start);
	KUNIT_EXPECT_GE(test, ms, 20);
	KUNIT_EXPECT_LT(test, ms, 2000);

	/* absolute: 1601-based system time, 30 ms from now */
	t.QuadPart = ktime_get_real_ns() / 100 + 116444736000000000LL + MS_100NS(30);
	start = ktime_get();
	KUNIT_EXPECT_EQ(test, KeWaitForSingleObject(&ev, Executive, KernelMode, FALSE, &t),
			STATUS_TIMEOUT);
	ms = ktime_ms_delta(ktime_get(), start);
	KUNIT_EXPECT_GE(test, ms, 20);
	KUNIT_EXPECT_LT(test, ms, 2000);

	/* absolute, in the past: a poll */
	t.QuadPart = 1;
	KUNIT_EXPECT_EQ(test, KeWaitForSingleObject(&ev, Executive, KernelMode, FALSE, &t),
			STATUS_TIMEOUT);
	KeSetEvent(&ev, IO_NO_INCREMENT, FALSE);
	t.QuadPart = -MS_100NS(1000);
	start = ktime_get();
	KUNIT_EXPECT_EQ(test, KeWaitForSingleObject(&ev, Executive, KernelMode, FALSE, &t),
			STATUS_SUCCESS);
	KUNIT_EXPECT_LT(test, ktime_ms_delta(ktime_get(), start), 100);
}

/**
 * struct ev_waiter - a thread waiting on an event
 * @ev: the event
 * @timeout: KeWaitForSingleObject's Timeout value; 0 for NULL (forever)
 * @status: what the wait returned
 * @woken: counts the waits that returned
 * @done: completed when the thread is about to exit
 */
struct ev_waiter {
	PKEVENT ev;
	LONGLONG timeout;
	NTSTATUS status;
	atomic_t *woken;
	struct completion done;
};

static int ev_waiter_fn(void *data)
{
	struct ev_waiter *w = data;
	LARGE_INTEGER t = { .QuadPart = w->timeout };

	w->status = KeWaitForSingleObject(w->ev, Executive, KernelMode, FALSE,
					  w->timeout ? &t : NULL);
	atomic_inc(w->woken);
	complete(&w->done);
	return 0;
}

static bool ev_wait_count(atomic_t *n, int want)
{
	int i;

	for (i = 0; i < 1000 && atomic_read(n) < want; i++)
		usleep_range(1000, 2000);
	return atomic_read(n) >= want;
}

/* Threads woken by KeSetEvent: all for a notification event, one at a time else. */
static void pnp_event_threads(struct kunit *test)
{
	struct ev_waiter *w = kunit_kzalloc(test, 2 * sizeof(*w), GFP_KERNEL);
	PKEVENT ev = kunit_kzalloc(test, sizeof(*ev), GFP_KERNEL);
	atomic_t *woken = kunit_kzalloc(test, sizeof(*woken), GFP_KERNEL);
	struct task_struct *task;
	int i, tries;

	KUNIT_ASSERT_NOT_NULL(test, w);
	KUNIT_ASSERT_NOT_NULL(test, ev);
	KUNIT_ASSERT_NOT_NULL(test, woken);

	/* synchronization event: two waiters, each KeSetEvent releases one */
	KeInitializeEvent(ev, SynchronizationEvent, FALSE);
	for (i = 0; i < 2; i++) {
		w[i].ev = ev;
		w[i].woken = woken;
		init_completion(&w[i].done);
		task = kthread_run(ev_waiter_fn, &w[i], "wdmdma-ev%d", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	}
	msleep(30);
	KUNIT_EXPECT_EQ(test, atomic_read(woken), 0);
	KeSetEvent(ev, IO_NO_INCREMENT, FALSE);
	KUNIT_EXPECT_TRUE(test, ev_wait_count(woken, 1));
	msleep(30);
	KUNIT_EXPECT_EQ(test, atomic_read(woken), 1);
	KUNIT_EXPECT_EQ(test, KeReadStateEvent(ev), 0);
	KeSetEvent(ev, IO_NO_INCREMENT, FALSE);
	KUNIT_EXPECT_TRUE(test, ev_wait_count(woken, 2));
	/* never leave a thread waiting on freed memory */
	for (tries = 0; tries < 100 && atomic_read(woken) < 2; tries++) {
		KeSetEvent(ev, IO_NO_INCREMENT, FALSE);
		msleep(20);
	}
	for (i = 0; i < 2; i++) {
		wait_for_completion(&w[i].done);
		KUNIT_EXPECT_EQ(test, w[i].status, STATUS_SUCCESS);
	}

	/* notification event: both waiters go, the event stays signalled */
	atomic_set(woken, 0);
	KeInitializeEvent(ev, NotificationEvent, FALSE);
	for (i = 0; i < 2; i++) {
		init_completion(&w[i].done);
		w[i].timeout = -MS_100NS(10000);
		task = kthread_run(ev_waiter_fn, &w[i], "wdmdma-ev%d", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	}
	msleep(30);
	KUNIT_EXPECT_EQ(test, atomic_read(woken), 0);
	KeSetEvent(ev, IO_NO_INCREMENT, FALSE);
	for (i = 0; i < 2; i++) {
		wait_for_completion(&w[i].done);
		KUNIT_EXPECT_EQ(test, w[i].status, STATUS_SUCCESS);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(woken), 2);
	KUNIT_EXPECT_NE(test, KeReadStateEvent(ev), 0);
}

/* Waiting above APC_LEVEL is reported and only polls; a poll is fine. */
static void pnp_event_misuse(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	LARGE_INTEGER t;
	NTSTATUS st;
	KEVENT ev;

	KeInitializeEvent(&ev, NotificationEvent, FALSE);
	t.QuadPart = 0;
	local_bh_disable();
	st = KeWaitForSingleObject(&ev, Executive, KernelMode, FALSE, &t);
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, st, STATUS_TIMEOUT);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);

	t.QuadPart = -MS_100NS(10);
	local_bh_disable();
	st = KeWaitForSingleObject(&ev, Executive, KernelMode, FALSE, &t);
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, st, STATUS_TIMEOUT);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);

	KUNIT_EXPECT_EQ(test, KeSetEvent(NULL, 0, FALSE), 0);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 2);
}

/**
 * struct stk - a test driver's FDO over a PDO, and what its routines saw
 * @td: the Linux device the PDO stands for
 * @drv: the test driver
 * @pdo: the PDO
 * @fdo: the test driver's device object
 * @lower: what IoAttachDeviceToDeviceStack() returned
 * @dispatch_dev: DeviceObject the last dispatch call got
 * @dispatch_loc: the IRP's CurrentLocation in it
 * @dispatch_sl_dev: its stack location's DeviceObject
 * @completion_dev: DeviceObject the completion routine got
 * @completion_status: the IRP's status it saw
 * @completion_ctx: the Context it got
 * @completions: its calls
 */
struct stk {
	struct wdmdma_test_dev td;
	PDRIVER_OBJECT drv;
	PDEVICE_OBJECT pdo;
	PDEVICE_OBJECT fdo;
	PDEVICE_OBJECT lower;
	PDEVICE_OBJECT dispatch_dev;
	int dispatch_loc;
	PDEVICE_OBJECT dispatch_sl_dev;
	PDEVICE_OBJECT completion_dev;
	NTSTATUS completion_status;
	PVOID completion_ctx;
	int completions;
};

/* The FDO's device extension */
struct stk_ext {
	struct stk *s;
};

static NTSTATUS stk_completion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
	struct stk *s = ((struct stk_ext *)DeviceObject->DeviceExtension)->s;

	s->completion_dev = DeviceObject;
	s->completion_status = Irp->IoStatus.Status;
	s->completion_ctx = Context;
	s->completions++;
	return STATUS_CONTINUE_COMPLETION;
}

/* Every major: record, then pass down with a completion routine. */
static NTSTATUS stk_dispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	struct stk *s = ((struct stk_ext *)DeviceObject->DeviceExtension)->s;

	s->dispatch_dev = DeviceObject;
	s->dispatch_loc = Irp->CurrentLocation;
	s->dispatch_sl_dev = IoGetCurrentIrpStackLocation(Irp)->DeviceObject;
	IoCopyCurrentIrpStackLocationToNext(Irp);
	IoSetCompletionRoutine(Irp, stk_completion, (PVOID)0x5a5a, TRUE, TRUE, TRUE);
	return IoCallDriver(s->lower, Irp);
}

/* What the running test set up, for pnp_exit() to release */
static void (*pnp_teardown)(struct kunit *test);

static void stk_exit(struct kunit *test);

static int stk_setup(struct kunit *test)
{
	struct stk *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	int i;

	if (!s)
		return -ENOMEM;
	if (wdmdma_test_dev_create(test, &s->td))
		return -ENODEV;
	test->priv = s;
	pnp_teardown = stk_exit;
	s->drv = wdmdma_driver_create("wdmdma-pnp-test");
	s->pdo = wdmdma_pdo_create(s->td.dev);
	if (!s->drv || !s->pdo)
		return -ENOMEM;
	for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
		s->drv->MajorFunction[i] = stk_dispatch;
	return 0;
}

static void stk_exit(struct kunit *test)
{
	struct stk *s = test->priv;

	if (!s)
		return;
	if (s->fdo) {
		if (s->lower)
			IoDetachDevice(s->lower);
		IoDeleteDevice(s->fdo);
	}
	wdmdma_pdo_destroy(s->pdo);
	if (s->drv)
		wdmdma_driver_destroy(s->drv);
	wdmdma_test_dev_destroy(&s->td);
}

/* Set up the stack fixture for the running test. */
static struct stk *stk_get(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, stk_setup(test), 0);
	return test->priv;
}

static NTSTATUS stk_add_device(struct stk *s)
{
	struct stk_ext *x;
	NTSTATUS st;

	st = IoCreateDevice(s->drv, sizeof(*x), NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &s->fdo);
	if (st != STATUS_SUCCESS)
		return st;
	x = s->fdo->DeviceExtension;
	x->s = s;
	s->lower = IoAttachDeviceToDeviceStack(s->fdo, s->pdo);
	if (!s->lower)
		return STATUS_NO_SUCH_DEVICE;
	s->fdo->Flags &= ~DO_DEVICE_INITIALIZING;
	return STATUS_SUCCESS;
}

/* Send an IRP of @major/@minor to the top of the stack; return its final status. */
static NTSTATUS stk_send(struct stk *s, PDEVICE_OBJECT to, UCHAR major, UCHAR minor,
			 NTSTATUS preset, NTSTATUS *returned)
{
	PIRP irp = IoAllocateIrp(to->StackSize, FALSE);
	PIO_STACK_LOCATION sl;
	NTSTATUS st;

	if (!irp)
		return STATUS_INSUFFICIENT_RESOURCES;
	irp->IoStatus.Status = preset;
	sl = IoGetNextIrpStackLocation(irp);
	sl->MajorFunction = major;
	sl->MinorFunction = minor;
	*returned = IoCallDriver(to, irp);
	st = irp->IoStatus.Status;
	IoFreeIrp(irp);
	return st;
}

/* Attach, the stack's shape, detach. */
static void pnp_stack_attach(struct kunit *test)
{
	struct stk *s = stk_get(test);
	unsigned long v0 = wdmdma_violations(NULL);
	PDEVICE_OBJECT d;

	KUNIT_EXPECT_PTR_EQ(test, IoGetAttachedDevice(s->pdo), s->pdo);
	KUNIT_ASSERT_EQ(test, stk_add_device(s), STATUS_SUCCESS);
	KUNIT_EXPECT_PTR_EQ(test, s->lower, s->pdo);
	KUNIT_EXPECT_EQ(test, s->pdo->StackSize, 1);
	KUNIT_EXPECT_EQ(test, s->fdo->StackSize, 2);
	KUNIT_EXPECT_PTR_EQ(test, s->pdo->AttachedDevice, s->fdo);
	KUNIT_EXPECT_PTR_EQ(test, IoGetAttachedDevice(s->pdo), s->fdo);
	KUNIT_EXPECT_PTR_EQ(test, IoGetAttachedDevice(s->fdo), s->fdo);
	d = IoGetLowerDeviceObject(s->fdo);
	KUNIT_EXPECT_PTR_EQ(test, d, s->pdo);
	if (d)
		ObDereferenceObject(d);
	KUNIT_EXPECT_NULL(test, IoGetLowerDeviceObject(s->pdo));
	/* attaching twice is refused */
	KUNIT_EXPECT_NULL(test, IoAttachDeviceToDeviceStack(s->fdo, s->pdo));
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);

	IoDetachDevice(s->lower);
	KUNIT_EXPECT_NULL(test, s->pdo->AttachedDevice);
	KUNIT_EXPECT_NULL(test, IoGetLowerDeviceObject(s->fdo));
	KUNIT_EXPECT_PTR_EQ(test, IoGetAttachedDevice(s->pdo), s->pdo);
	s->lower = NULL;
	IoDetachDevice(s->pdo);		/* nothing attached: reported */
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 2);
}

/* IoCallDriver's stack locations and completion routines over two devices. */
static void pnp_stack_call(struct kunit *test)
{
	struct stk *s = stk_get(test);
	unsigned long v0 = wdmdma_violations(NULL);
	NTSTATUS ret, st;
	PIRP irp;

	KUNIT_ASSERT_EQ(test, stk_add_device(s), STATUS_SUCCESS);

	/* a READ: the PDO's bus driver refuses it */
	st = stk_send(s, s->fdo, IRP_MJ_READ, 0, STATUS_SUCCESS, &ret);
	KUNIT_EXPECT_EQ(test, ret, STATUS_INVALID_DEVICE_REQUEST);
	KUNIT_EXPECT_EQ(test, st, STATUS_INVALID_DEVICE_REQUEST);
	KUNIT_EXPECT_PTR_EQ(test, s->dispatch_dev, s->fdo);
	KUNIT_EXPECT_PTR_EQ(test, s->dispatch_sl_dev, s->fdo);
	KUNIT_EXPECT_EQ(test, s->dispatch_loc, 2);
	KUNIT_EXPECT_EQ(test, s->completions, 1);
	KUNIT_EXPECT_PTR_EQ(test, s->completion_dev, s->fdo);
	KUNIT_EXPECT_PTR_EQ(test, s->completion_ctx, (PVOID)0x5a5a);
	KUNIT_EXPECT_EQ(test, s->completion_status, STATUS_INVALID_DEVICE_REQUEST);

	/* PnP: handled by the PDO, or the preset status kept */
	st = stk_send(s, s->fdo, IRP_MJ_PNP, IRP_MN_QUERY_STOP_DEVICE, STATUS_NOT_SUPPORTED,
		      &ret);
	KUNIT_EXPECT_EQ(test, st, STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ret, STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, s->completions, 2);
	st = stk_send(s, s->fdo, IRP_MJ_PNP, IRP_MN_SET_LOCK, STATUS_NOT_SUPPORTED, &ret);
	KUNIT_EXPECT_EQ(test, st, STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, s->completion_status, STATUS_NOT_SUPPORTED);

	/* no stack location left below the current one: refused */
	irp = IoAllocateIrp(2, FALSE);
	KUNIT_ASSERT_NOT_NULL(test, irp);
	IoSetNextIrpStackLocation(irp);
	IoSetNextIrpStackLocation(irp);		/* current: location 1, none below */
	KUNIT_EXPECT_EQ(test, IoCallDriver(s->pdo, irp), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, irp->CurrentLocation, 1);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);
	IoFreeIrp(irp);
}

/* The PDO's bus driver on its own. */
static void pnp_pdo_default(struct kunit *test)
{
	static const UCHAR ok[] = {
		IRP_MN_START_DEVICE, IRP_MN_QUERY_REMOVE_DEVICE, IRP_MN_CANCEL_REMOVE_DEVICE,
		IRP_MN_SURPRISE_REMOVAL, IRP_MN_REMOVE_DEVICE, IRP_MN_QUERY_STOP_DEVICE,
		IRP_MN_STOP_DEVICE,
	};
	struct stk *s = stk_get(test);
	NTSTATUS ret;
	int i;

	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		KUNIT_EXPECT_EQ(test, stk_send(s, s->pdo, IRP_MJ_PNP, ok[i], STATUS_NOT_SUPPORTED,
					       &ret), STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, ret, STATUS_SUCCESS);
	}
	/* not answered (wdmdma_busif tests what the PDO does answer) */
	KUNIT_EXPECT_EQ(test, stk_send(s, s->pdo, IRP_MJ_PNP, IRP_MN_SET_LOCK,
				       STATUS_NOT_SUPPORTED, &ret), STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, ret, STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, stk_send(s, s->pdo, IRP_MJ_POWER, IRP_MN_SET_POWER,
				       STATUS_NOT_SUPPORTED, &ret), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, stk_send(s, s->pdo, IRP_MJ_POWER, IRP_MN_WAIT_WAKE,
				       STATUS_NOT_SUPPORTED, &ret), STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, stk_send(s, s->pdo, IRP_MJ_DEVICE_CONTROL, 0, STATUS_SUCCESS,
				       &ret), STATUS_INVALID_DEVICE_REQUEST);
	KUNIT_EXPECT_EQ(test, ret, STATUS_INVALID_DEVICE_REQUEST);
}

/* IoDeleteDevice: a forgotten detach is repaired; references keep the memory. */
static void pnp_stack_delete(struct kunit *test)
{
	struct stk *s = stk_get(test);
	unsigned long v0 = wdmdma_violations(NULL);
	PDEVICE_OBJECT top;

	KUNIT_ASSERT_EQ(test, stk_add_device(s), STATUS_SUCCESS);
	top = IoGetAttachedDeviceReference(s->pdo);
	KUNIT_EXPECT_PTR_EQ(test, top, s->fdo);
	IoDeleteDevice(s->fdo);		/* still attached: reported, detached */
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);
	KUNIT_EXPECT_NULL(test, s->pdo->AttachedDevice);
	/* still referenced: the memory stays (KASAN would see a use after free) */
	KUNIT_EXPECT_EQ(test, top->Type, IO_TYPE_DEVICE);
	ObDereferenceObject(top);
	s->fdo = NULL;
	s->lower = NULL;
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);
}

/* IoForwardIrpSynchronously from a START handler down to the PDO. */
static NTSTATUS fwd_dispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	struct stk *s = ((struct stk_ext *)DeviceObject->DeviceExtension)->s;
	NTSTATUS st;

	s->completions = IoForwardIrpSynchronously(s->lower, Irp) ? 1 : -1;
	s->completion_status = Irp->IoStatus.Status;
	s->dispatch_loc = Irp->CurrentLocation;
	st = Irp->IoStatus.Status == STATUS_SUCCESS ? STATUS_DEVICE_NOT_READY : STATUS_UNSUCCESSFUL;
	Irp->IoStatus.Status = st;
	IoCompleteRequest(Irp, IO_NO_INCREMENT);
	return st;
}

static void pnp_stack_forward(struct kunit *test)
{
	struct stk *s = stk_get(test);
	NTSTATUS ret;

	s->drv->MajorFunction[IRP_MJ_PNP] = fwd_dispatch;
	KUNIT_ASSERT_EQ(test, stk_add_device(s), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, stk_send(s, s->fdo, IRP_MJ_PNP, IRP_MN_START_DEVICE,
				       STATUS_NOT_SUPPORTED, &ret), STATUS_DEVICE_NOT_READY);
	KUNIT_EXPECT_EQ(test, ret, STATUS_DEVICE_NOT_READY);
	KUNIT_EXPECT_EQ(test, s->completions, 1);
	KUNIT_EXPECT_EQ(test, s->completion_status, STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, s->dispatch_loc, 2);
}

/**
 * struct edu_drv - the test's WDM driver for the edu device
 * @pdev: the edu device
 * @drv: its driver object
 * @pdo: the PDO
 * @fdo: its FDO
 * @lower: the device its FDO is attached to
 * @veto: fail IRP_MN_QUERY_REMOVE_DEVICE
 * @started: wdmdma_pnp_start_pci() succeeded, no removal yet
 * @log: the PnP minor codes received, in order
 * @nlog: entries in @log
 * @raw_count: descriptors in the raw list
 * @trans_count: descriptors in the translated list
 * @bar: BAR0, MmMapIoSpace()d
 * @bar_len: its length
 * @id: the identification register read in START
 * @intr: the connected interrupt
 * @int_flags: the interrupt resource's Flags
 * @int_share: its ShareDisposition
 * @int_level: its Level
 * @int_affinity: its Affinity
 * @isr_calls: ISR calls that found a raised interrupt
 * @isr_status: what the ISR read from the status register
 * @devres_group: devres the test adds to the device (MSI), released at exit
 * @dma: the CmResourceTypeDma descriptors of the translated list
 * @ndma: how many
 * @raw_dma: those of the raw list
 * @nraw_dma: how many
 */
struct edu_drv {
	struct pci_dev *pdev;
	void *devres_group;	/* what the test added to the device (MSI) */
	PDRIVER_OBJECT drv;
	PDEVICE_OBJECT pdo;
	PDEVICE_OBJECT fdo;
	PDEVICE_OBJECT lower;
	bool veto;
	bool started;
	UCHAR log[8];
	int nlog;
	ULONG raw_count;
	ULONG trans_count;
	PUCHAR bar;
	SIZE_T bar_len;
	ULONG id;
	PKINTERRUPT intr;
	USHORT int_flags;
	UCHAR int_share;
	USHORT int_level;
	KAFFINITY int_affinity;
	atomic_t isr_calls;
	ULONG isr_status;
	CM_PARTIAL_RESOURCE_DESCRIPTOR dma[2];
	ULONG ndma;
	CM_PARTIAL_RESOURCE_DESCRIPTOR raw_dma[2];
	ULONG nraw_dma;
};

/* Keep the CmResourceTypeDma descriptors of @pl (at most 2) in @out. */
static ULONG edu_dma_resources(PCM_PARTIAL_RESOURCE_LIST pl, CM_PARTIAL_RESOURCE_DESCRIPTOR *out)
{
	ULONG i, n = 0;

	for (i = 0; i < pl->Count; i++)
		if (pl->PartialDescriptors[i].Type == CmResourceTypeDma && n < 2)
			out[n++] = pl->PartialDescriptors[i];
	return n;
}

/* The edu_drv of the running test, for AddDevice */
static struct edu_drv *edu_current;

static BOOLEAN edu_isr(PKINTERRUPT Interrupt, PVOID ServiceContext)
{
	struct edu_drv *e = ServiceContext;
	ULONG status = READ_REGISTER_ULONG((PULONG)(e->bar + EDU_IRQ_STATUS));

	if (!status)
		return FALSE;
	WRITE_REGISTER_ULONG((PULONG)(e->bar + EDU_IRQ_ACK), status);
	e->isr_status = status;
	atomic_inc(&e->isr_calls);
	return TRUE;
}

static NTSTATUS edu_start(struct edu_drv *e, PCM_RESOURCE_LIST raw, PCM_RESOURCE_LIST trans)
{
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d;
	PCM_PARTIAL_RESOURCE_LIST pl;
	NTSTATUS st;
	ULONG i;

	if (!raw || !trans || raw->Count != 1 || trans->Count != 1)
		return STATUS_INSUFFICIENT_RESOURCES;
	e->raw_count = raw->List[0].PartialResourceList.Count;
	e->nraw_dma = edu_dma_resources(&raw->List[0].PartialResourceList, e->raw_dma);
	pl = &trans->List[0].PartialResourceList;
	e->trans_count = pl->Count;
	e->ndma = edu_dma_resources(pl, e->dma);
	for (i = 0; i < pl->Count; i++) {
		d = &pl->PartialDescriptors[i];
		if (d->Type == CmResourceTypeMemory && !e->bar) {
			e->bar = MmMapIoSpace(d->u.Memory.Start, d->u.Memory.Length, MmNonCached);
			if (!e->bar)
				return STATUS_INSUFFICIENT_RESOURCES;
			e->bar_len = d->u.Memory.Length;
			e->id = READ_REGISTER_ULONG((PULONG)(e->bar + EDU_ID));
		} else if (d->Type == CmResourceTypeInterrupt && !e->intr) {
			e->int_flags = d->Flags;
			e->int_share = d->ShareDisposition;
			e->int_level = d->u.Interrupt.Level;
			e->int_affinity = d->u.Interrupt.Affinity;
			if (!e->bar)
				return STATUS_DEVICE_CONFIGURATION_ERROR;
			st = IoConnectInterrupt(&e->intr, edu_isr, e, NULL, d->u.Interrupt.Vector,
						(KIRQL)d->u.Interrupt.Level,
						(KIRQL)d->u.Interrupt.Level,
						d->Flags & CM_RESOURCE_INTERRUPT_LATCHED ?
						Latched : LevelSensitive,
						d->ShareDisposition == CmResourceShareShared,
						d->u.Interrupt.Affinity, FALSE);
			if (st != STATUS_SUCCESS)
				return st;
		}
	}
	return e->bar && e->intr ? STATUS_SUCCESS : STATUS_DEVICE_CONFIGURATION_ERROR;
}

static void edu_stop(struct edu_drv *e)
{
	if (e->intr)
		IoDisconnectInterrupt(e->intr);
	e->intr = NULL;
	if (e->bar)
		MmUnmapIoSpace(e->bar, e->bar_len);
	e->bar = NULL;
}

static NTSTATUS edu_pnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	struct edu_drv *e = *(struct edu_drv **)DeviceObject->DeviceExtension;
	PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(Irp);
	PDEVICE_OBJECT lower = e->lower;
	NTSTATUS st;

	if (e->nlog < ARRAY_SIZE(e->log))
		e->log[e->nlog++] = sl->MinorFunction;
	switch (sl->MinorFunction) {
	case IRP_MN_START_DEVICE:
		if (!IoForwardIrpSynchronously(lower, Irp))
			st = STATUS_UNSUCCESSFUL;
		else
			st = Irp->IoStatus.Status;
		if (NT_SUCCESS(st))
			st = edu_start(e, sl->Parameters.StartDevice.AllocatedResources,
				       sl->Parameters.StartDevice.AllocatedResourcesTranslated);
		if (!NT_SUCCESS(st))
			edu_stop(e);
		Irp->IoStatus.Status = st;
		IoCompleteRequest(Irp, IO_NO_INCREMENT);
		return st;
	case IRP_MN_QUERY_REMOVE_DEVICE:
		if (e->veto) {
			Irp->IoStatus.Status = STATUS_UNSUCCESSFUL;
			IoCompleteRequest(Irp, IO_NO_INCREMENT);
			return STATUS_UNSUCCESSFUL;
		}
		Irp->IoStatus.Status = STATUS_SUCCESS;
		break;
	case IRP_MN_SURPRISE_REMOVAL:
		edu_stop(e);
		Irp->IoStatus.Status = STATUS_SUCCESS;
		break;
	case IRP_MN_REMOVE_DEVICE:
		edu_stop(e);
		return wdmdma_test_remove_fdo(Irp, &e->fdo, &e->lower);
	default:
		break;
	}
	IoSkipCurrentIrpStackLocation(Irp);
	return IoCallDriver(lower, Irp);
}

static NTSTATUS edu_add_device(PDRIVER_OBJECT DriverObject,
			       PDEVICE_OBJECT PhysicalDeviceObject)
{
	return wdmdma_test_add_fdo(DriverObject, PhysicalDeviceObject, edu_current,
				   &edu_current->fdo, &edu_current->lower);
}

static void edu_drv_exit(struct kunit *test);

/* Set up the edu driver fixture for the running test; skip without edu. */
static struct edu_drv *edu_get(struct kunit *test)
{
	struct edu_drv *e = kunit_kzalloc(test, sizeof(*e), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, e);
	e->pdev = pci_get_device(EDU_VENDOR, EDU_DEVICE, NULL);
	if (!e->pdev)
		kunit_skip(test, "no edu device");
	/*
	 * Enabling MSI on a device adds devres (msi_setup_device_data) that
	 * only a driver's unbind releases: this test binds no driver, so it
	 * releases the group itself, or a later driver's probe would fail.
	 */
	e->devres_group = devres_open_group(&e->pdev->dev, NULL, GFP_KERNEL);
	test->priv = e;
	pnp_teardown = edu_drv_exit;
	e->drv = wdmdma_driver_create("wdmdma-edu-pnp");
	e->pdo = wdmdma_pdo_create(&e->pdev->dev);
	KUNIT_ASSERT_NOT_NULL(test, e->drv);
	KUNIT_ASSERT_NOT_NULL(test, e->pdo);
	e->drv->MajorFunction[IRP_MJ_PNP] = edu_pnp;
	e->drv->DriverExtension->AddDevice = edu_add_device;
	edu_current = e;	/* how AddDevice finds the test's state */
	return e;
}

static void edu_drv_exit(struct kunit *test)
{
	struct edu_drv *e = test->priv;

	if (!e)
		return;
	if (e->started)
		wdmdma_pnp_remove_pci(e->pdo, e->pdev);
	if (e->fdo) {
		edu_stop(e);
		IoDetachDevice(e->lower);
		IoDeleteDevice(e->fdo);
	}
	wdmdma_pdo_destroy(e->pdo);
	if (e->drv)
		wdmdma_driver_destroy(e->drv);
	if (e->devres_group)
		devres_release_group(&e->pdev->dev, e->devres_group);
	pci_dev_put(e->pdev);
	edu_current = NULL;
}

/* START with real resources, the ISR on a real interrupt, then removal. */
static void pnp_edu_start_remove(struct kunit *test)
{
	struct edu_drv *e = edu_get(test);
	unsigned long v0 = wdmdma_violations(NULL);
	int enabled = atomic_read(&e->pdev->enable_cnt);
	int i;

	KUNIT_ASSERT_EQ(test, e->drv->DriverExtension->AddDevice(e->drv, e->pdo),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, wdmdma_pnp_start_pci(e->pdo, e->pdev), STATUS_SUCCESS);
	e->started = true;
	KUNIT_EXPECT_EQ(test, e->nlog, 1);
	KUNIT_EXPECT_EQ(test, e->log[0], IRP_MN_START_DEVICE);
	KUNIT_EXPECT_EQ(test, e->id & 0xff, 0xed);
	KUNIT_EXPECT_GE(test, e->trans_count, 2U);
	KUNIT_EXPECT_EQ(test, e->raw_count, e->trans_count);
	KUNIT_EXPECT_TRUE(test, e->pdev->is_busmaster);
	KUNIT_EXPECT_GT(test, e->int_level, DISPATCH_LEVEL);
	KUNIT_EXPECT_NE(test, e->int_affinity, 0);
	if (e->pdev->msi_enabled) {
		KUNIT_EXPECT_EQ(test, e->int_flags,
				CM_RESOURCE_INTERRUPT_MESSAGE | CM_RESOURCE_INTERRUPT_LATCHED);
	} else {
		KUNIT_EXPECT_EQ(test, e->int_flags, CM_RESOURCE_INTERRUPT_LEVEL_SENSITIVE);
		KUNIT_EXPECT_EQ(test, e->int_share, CmResourceShareShared);
	}
	KUNIT_ASSERT_NOT_NULL(test, e->intr);

	/* the edu device raises an interrupt; the driver's ISR acknowledges */
	WRITE_REGISTER_ULONG((PULONG)(e->bar + EDU_IRQ_RAISE), 0x5a);
	for (i = 0; i < 1000 && !atomic_read(&e->isr_calls); i++)
		usleep_range(1000, 2000);
	KUNIT_EXPECT_EQ(test, atomic_read(&e->isr_calls), 1);
	KUNIT_EXPECT_EQ(test, e->isr_status, 0x5a);

	wdmdma_pnp_remove_pci(e->pdo, e->pdev);
	e->started = false;
	KUNIT_EXPECT_EQ(test, e->nlog, 3);
	KUNIT_EXPECT_EQ(test, e->log[1], IRP_MN_QUERY_REMOVE_DEVICE);
	KUNIT_EXPECT_EQ(test, e->log[2], IRP_MN_REMOVE_DEVICE);
	KUNIT_EXPECT_NULL(test, e->fdo);
	KUNIT_EXPECT_NULL(test, e->pdo->AttachedDevice);
	KUNIT_EXPECT_EQ(test, atomic_read(&e->pdev->enable_cnt), enabled);
	KUNIT_EXPECT_FALSE(test, e->pdev->msi_enabled);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
}

/* A vetoed query: reported, then surprise removal and removal. */
static void pnp_edu_veto(struct kunit *test)
{
	struct edu_drv *e = edu_get(test);
	unsigned long v0 = wdmdma_violations(NULL);

	KUNIT_ASSERT_EQ(test, e->drv->DriverExtension->AddDevice(e->drv, e->pdo),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, wdmdma_pnp_start_pci(e->pdo, e->pdev), STATUS_SUCCESS);
	e->started = true;
	/* a second start is refused */
	KUNIT_EXPECT_EQ(test, wdmdma_pnp_start_pci(e->pdo, e->pdev),
			STATUS_INVALID_DEVICE_STATE);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);
	e->veto = true;
	wdmdma_pnp_remove_pci(e->pdo, e->pdev);
	e->started = false;
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 2);
	KUNIT_ASSERT_EQ(test, e->nlog, 4);
	KUNIT_EXPECT_EQ(test, e->log[0], IRP_MN_START_DEVICE);
	KUNIT_EXPECT_EQ(test, e->log[1], IRP_MN_QUERY_REMOVE_DEVICE);
	KUNIT_EXPECT_EQ(test, e->log[2], IRP_MN_SURPRISE_REMOVAL);
	KUNIT_EXPECT_EQ(test, e->log[3], IRP_MN_REMOVE_DEVICE);
	KUNIT_EXPECT_NULL(test, e->fdo);
}

/* A system-DMA adapter from @d (filled from a DMA resource) must be had. */
static void pnp_dma_adapter(struct kunit *test, struct edu_drv *e, DEVICE_DESCRIPTION *d)
{
	PDMA_ADAPTER da;
	ULONG nregs;

	d->Master = FALSE;
	d->MaximumLength = PAGE_SIZE;
	da = IoGetDmaAdapter(e->pdo, d, &nregs);
	KUNIT_EXPECT_NOT_NULL_MSG(test, da, "no adapter for description version %u",
				  d->Version);
	if (da)
		da->DmaOperations->PutDmaAdapter(da);
}

/*
 * The system-DMA lines the glue named for a PDO come to the driver's
 * IRP_MN_START_DEVICE as CmResourceTypeDma descriptors (legacy and v3
 * forms, raw and translated alike), and a DEVICE_DESCRIPTION filled from
 * them unchanged gets an adapter.
 */
static void pnp_edu_dma_resources(struct kunit *test)
{
	struct edu_drv *e = edu_get(test);
	struct wdmdma_dma_line legacy = {
		.line = 2, .filter = swdmac_filter, .filter_param = (void *)2,
		.device_address = swdmac_fifo_addr(2), .width = 16,
	};
	struct wdmdma_dma_line v3 = {
		.line = 3, .filter = swdmac_filter, .filter_param = (void *)3,
		.device_address = swdmac_fifo_addr(3), .width = 32, .v3 = true, .channel = 1,
	};
	DEVICE_DESCRIPTION d = { .Version = DEVICE_DESCRIPTION_VERSION2 };
	PCM_PARTIAL_RESOURCE_DESCRIPTOR r;

	KUNIT_ASSERT_GT_MSG(test, swdmac_lines(), 3U, "wdmdma_swdmac is not loaded");
	KUNIT_ASSERT_EQ(test, wdmdma_pdo_add_dma_line(e->pdo, &legacy), 0);
	KUNIT_ASSERT_EQ(test, wdmdma_pdo_add_dma_line(e->pdo, &v3), 0);
	KUNIT_ASSERT_EQ(test, e->drv->DriverExtension->AddDevice(e->drv, e->pdo),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, wdmdma_pnp_start_pci(e->pdo, e->pdev), STATUS_SUCCESS);
	e->started = true;
	KUNIT_ASSERT_EQ(test, e->ndma, 2U);
	KUNIT_ASSERT_EQ(test, e->nraw_dma, 2U);
	KUNIT_EXPECT_EQ(test, memcmp(e->dma, e->raw_dma, sizeof(e->dma)), 0);

	r = &e->dma[0];
	KUNIT_EXPECT_EQ(test, r->Flags, CM_RESOURCE_DMA_16);
	KUNIT_EXPECT_EQ(test, r->ShareDisposition, CmResourceShareDeviceExclusive);
	KUNIT_EXPECT_EQ(test, r->u.Dma.Channel, 2U);
	KUNIT_EXPECT_EQ(test, r->u.Dma.Port, 0U);
	/* what an ISA-era driver does with it */
	d.DmaChannel = r->u.Dma.Channel;
	d.DmaPort = r->u.Dma.Port;
	d.DmaWidth = r->Flags & CM_RESOURCE_DMA_16 ? Width16Bits :
		     r->Flags & CM_RESOURCE_DMA_32 ? Width32Bits : Width8Bits;
	d.InterfaceType = Isa;
	pnp_dma_adapter(test, e, &d);

	r = &e->dma[1];
	KUNIT_EXPECT_EQ(test, r->Flags, CM_RESOURCE_DMA_32 | CM_RESOURCE_DMA_V3);
	KUNIT_EXPECT_EQ(test, r->u.DmaV3.Channel, 1U);
	KUNIT_EXPECT_EQ(test, r->u.DmaV3.RequestLine, 3U);
	KUNIT_EXPECT_EQ(test, r->u.DmaV3.TransferWidth, DMAV3_TRANFER_WIDTH_32);
	/* what a SoC driver does with it (the SystemDma sample's shape) */
	memset(&d, 0, sizeof(d));
	d.Version = DEVICE_DESCRIPTION_VERSION3;
	d.DmaRequestLine = r->u.DmaV3.RequestLine;
	d.DmaWidth = r->u.DmaV3.TransferWidth == DMAV3_TRANFER_WIDTH_32 ? Width32Bits :
		     Width8Bits;
	d.DmaAddressWidth = 32;
	d.InterfaceType = ACPIBus;
	pnp_dma_adapter(test, e, &d);
}

/* The WDK layouts of the resource descriptors. */
static void pnp_resource_layout(struct kunit *test)
{
	CM_PARTIAL_RESOURCE_DESCRIPTOR d;

	KUNIT_EXPECT_EQ(test, sizeof(d), 20);
	KUNIT_EXPECT_EQ(test, offsetof(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.Memory.Start), 4);
	KUNIT_EXPECT_EQ(test, offsetof(CM_PARTIAL_RESOURCE_DESCRIPTOR,
				       u.MessageInterrupt.Translated.Vector), 8);
	KUNIT_EXPECT_EQ(test, offsetof(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.DmaV3.RequestLine), 8);
	KUNIT_EXPECT_EQ(test, offsetof(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.DmaV3.TransferWidth),
			12);
	KUNIT_EXPECT_EQ(test, sizeof(CM_RESOURCE_LIST), 40);
}

static void pnp_exit(struct kunit *test)
{
	if (pnp_teardown)
		pnp_teardown(test);
	pnp_teardown = NULL;
}

static struct kunit_case wdmdma_pnp_cases[] = {
	KUNIT_CASE(pnp_event_notification),
	KUNIT_CASE(pnp_event_synchronization),
	KUNIT_CASE(pnp_event_timeout),
	KUNIT_CASE(pnp_event_threads),
	KUNIT_CASE(pnp_event_misuse),
	KUNIT_CASE(pnp_resource_layout),
	KUNIT_CASE(pnp_stack_attach),
	KUNIT_CASE(pnp_stack_call),
	KUNIT_CASE(pnp_pdo_default),
	KUNIT_CASE(pnp_stack_delete),
	KUNIT_CASE(pnp_stack_forward),
	KUNIT_CASE(pnp_edu_start_remove),
	KUNIT_CASE(pnp_edu_veto),
	KUNIT_CASE(pnp_edu_dma_resources),
	{}
};

struct kunit_suite wdmdma_pnp_suite = {
	.name = "wdmdma_pnp",
	.exit = pnp_exit,
	.test_cases = wdmdma_pnp_cases,
};
