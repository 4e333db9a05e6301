// SPDX-License-Identifier: GPL-2.0
/*
 * The power manager: a test function driver owning its stack's power
 * policy (FDO over a PDO), as a WDM driver does it: system IRPs go down and
 * come back with a device IRP requested through PoRequestPowerIrp(); the
 * system IRP completes in that request's PowerCompletion.  The binding's
 * suspend and resume (what a port's dev_pm_ops call) must produce Windows'
 * order; a failed query vetoes; PoSetPowerState() keeps each device
 * object's state; IRP_MN_WAIT_WAKE at the PDO; idle detection; misuse.
 */
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/jiffies.h>
#include <linux/pm_wakeup.h>
#include <linux/spinlock.h>

#include "env.h"

#include <wdm.h>
#include <wdmdma/binding.h>

#include "suites.h"

/* What the test driver and the PowerCompletion routines saw, in order */
enum pw_what {
	PW_DISPATCH,		/* the FDO's dispatch routine got a power IRP */
	PW_SIRP_BACK,		/* a system IRP came back up to the FDO */
	PW_DIRP_BACK,		/* a device IRP came back up to the FDO */
	PW_POWER_DONE,		/* a PowerCompletion routine was called */
	PW_SIRP_DONE,		/* the FDO completed a system IRP */
};

/**
 * struct pw_ev - one thing seen
 * @what: enum pw_what
 * @dev: the device object it was for (PowerCompletion: its DeviceObject)
 * @minor: the IRP's minor function
 * @type: Parameters.Power.Type
 * @state: Parameters.Power.State (WAIT_WAKE: Parameters.WaitWake.PowerState)
 * @action: Parameters.Power.ShutdownType
 * @target: a system IRP's SystemPowerStateContext.TargetSystemState
 * @pdo_state: the device state recorded for the PDO at that moment
 * @status: the IRP's status (PowerCompletion: IoStatus->Status)
 * @ctx: PowerCompletion's Context
 */
struct pw_ev {
	enum pw_what what;
	PDEVICE_OBJECT dev;
	UCHAR minor;
	POWER_STATE_TYPE type;
	ULONG state;
	POWER_ACTION action;
	ULONG target;
	ULONG pdo_state;
	NTSTATUS status;
	PVOID ctx;
};

#define PW_EVENTS	32

/**
 * struct pw - the stack and what was seen
 * @td: the Linux device the PDO stands for
 * @drv: the test driver
 * @pdo: the PDO
 * @fdo: the test driver's FDO, attached over @pdo
 * @lower: what IoAttachDeviceToDeviceStack() returned
 * @veto: fail system IRP_MN_QUERY_POWER
 * @fail_query: fail device IRP_MN_QUERY_POWER with this status (0: pass down)
 * @idle: the idle counter registered for @fdo, for the exit to cancel
 * @wake: a pending IRP_MN_WAIT_WAKE to cancel at exit
 * @lock: guards @ev and @n (idle detection sends from a work item)
 * @ev: what was seen
 * @n: entries of @ev used
 */
struct pw {
	struct wdmdma_test_dev td;
	PDRIVER_OBJECT drv;
	PDEVICE_OBJECT pdo;
	PDEVICE_OBJECT fdo;
	PDEVICE_OBJECT lower;
	bool veto;
	NTSTATUS fail_query;
	PULONG idle;
	PIRP wake;
	spinlock_t lock;	/* guards ev and n */
	struct pw_ev ev[PW_EVENTS];
	int n;
};

/* The running test's stack: the driver's routines find it here */
static struct pw *pw_cur;

static void pw_log(struct pw *s, enum pw_what what, PDEVICE_OBJECT dev, PIO_STACK_LOCATION sl,
		   NTSTATUS status, PVOID ctx)
{
	struct pw_ev e = { .what = what, .dev = dev, .status = status, .ctx = ctx };
	unsigned long flags;

	if (sl) {
		e.minor = sl->MinorFunction;
		if (sl->MinorFunction == IRP_MN_WAIT_WAKE) {
			e.state = sl->Parameters.WaitWake.PowerState;
		} else {
			e.type = sl->Parameters.Power.Type;
			e.state = sl->Parameters.Power.State.DeviceState;
			e.action = sl->Parameters.Power.ShutdownType;
			e.target = sl->Parameters.Power.SystemPowerStateContext.TargetSystemState;
		}
	}
	e.pdo_state = wdmdma_power_state(s->pdo, DevicePowerState);
	spin_lock_irqsave(&s->lock, flags);
	if (s->n < PW_EVENTS)
		s->ev[s->n++] = e;
	spin_unlock_irqrestore(&s->lock, flags);
}

/* The system IRP's device IRP is done: complete the system IRP with its status. */
static VOID pw_dirp_requested_done(PDEVICE_OBJECT DeviceObject, UCHAR MinorFunction,
				   POWER_STATE PowerState, PVOID Context,
				   PIO_STATUS_BLOCK IoStatus)
{
	PIRP sirp = Context;
	struct pw_ev e = { .what = PW_POWER_DONE, .dev = DeviceObject, .minor = MinorFunction,
			   .type = DevicePowerState, .state = PowerState.DeviceState,
			   .status = IoStatus->Status, .ctx = Context };
	struct pw *s = pw_cur;
	unsigned long flags;

	e.pdo_state = wdmdma_power_state(s->pdo, DevicePowerState);
	spin_lock_irqsave(&s->lock, flags);
	if (s->n < PW_EVENTS)
		s->ev[s->n++] = e;
	spin_unlock_irqrestore(&s->lock, flags);
	sirp->IoStatus.Status = IoStatus->Status;
	PoStartNextPowerIrp(sirp);
	pw_log(s, PW_SIRP_DONE, s->fdo, IoGetCurrentIrpStackLocation(sirp), IoStatus->Status,
	       NULL);
	IoCompleteRequest(sirp, IO_NO_INCREMENT);
}

/* A system set-power IRP is back at the FDO: request the device state. */
static NTSTATUS pw_sirp_back(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
	PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(Irp);
	struct pw *s = Context;
	POWER_STATE d;

	pw_log(s, PW_SIRP_BACK, DeviceObject, sl, Irp->IoStatus.Status, NULL);
	d.DeviceState = sl->Parameters.Power.State.SystemState == PowerSystemWorking ?
			PowerDeviceD0 : PowerDeviceD3;
	if (PoRequestPowerIrp(s->pdo, IRP_MN_SET_POWER, d, pw_dirp_requested_done, Irp,
			      NULL) == STATUS_PENDING)
		return STATUS_MORE_PROCESSING_REQUIRED;
	return STATUS_CONTINUE_COMPLETION;
}

/* A device IRP is back at the FDO. */
static NTSTATUS pw_dirp_back(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
	pw_log(Context, PW_DIRP_BACK, DeviceObject, IoGetCurrentIrpStackLocation(Irp),
	       Irp->IoStatus.Status, NULL);
	if (DeviceObject && Irp->IoStatus.Status == STATUS_SUCCESS &&
	    IoGetCurrentIrpStackLocation(Irp)->MinorFunction == IRP_MN_SET_POWER)
		PoSetPowerState(DeviceObject, DevicePowerState,
				IoGetCurrentIrpStackLocation(Irp)->Parameters.Power.State);
	return STATUS_CONTINUE_COMPLETION;
}

/* The test driver's IRP_MJ_POWER: the power policy owner's way */
static NTSTATUS pw_power(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(Irp);
	struct pw *s = pw_cur;
	NTSTATUS st;

	pw_log(s, PW_DISPATCH, DeviceObject, sl, Irp->IoStatus.Status, NULL);
	if (sl->MinorFunction == IRP_MN_QUERY_POWER &&
	    (sl->Parameters.Power.Type == SystemPowerState ? s->veto : !!s->fail_query)) {
		st = sl->Parameters.Power.Type == SystemPowerState ? STATUS_UNSUCCESSFUL :
		     s->fail_query;
		Irp->IoStatus.Status = st;
		PoStartNextPowerIrp(Irp);
		IoCompleteRequest(Irp, IO_NO_INCREMENT);
		return st;
	}
	if (sl->MinorFunction == IRP_MN_QUERY_POWER &&
	    sl->Parameters.Power.Type == SystemPowerState) {
		PoStartNextPowerIrp(Irp);
		IoSkipCurrentIrpStackLocation(Irp);
		return PoCallDriver(s->lower, Irp);
	}
	IoMarkIrpPending(Irp);
	IoCopyCurrentIrpStackLocationToNext(Irp);
	if (sl->MinorFunction == IRP_MN_SET_POWER && sl->Parameters.Power.Type == SystemPowerState)
		IoSetCompletionRoutine(Irp, pw_sirp_back, s, TRUE, TRUE, TRUE);
	else
		IoSetCompletionRoutine(Irp, pw_dirp_back, s, TRUE, TRUE, TRUE);
	PoCallDriver(s->lower, Irp);
	return STATUS_PENDING;
}

static NTSTATUS pw_other(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
	IoCompleteRequest(Irp, IO_NO_INCREMENT);
	return STATUS_INVALID_DEVICE_REQUEST;
}

static int pw_init(struct kunit *test)
{
	struct pw *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	PDEVICE_OBJECT *ext;
	int i;

	if (!s)
		return -ENOMEM;
	spin_lock_init(&s->lock);
	if (wdmdma_test_dev_create(test, &s->td))
		return -ENODEV;
	test->priv = s;
	pw_cur = s;
	s->drv = wdmdma_driver_create("wdmdma-power-test");
	s->pdo = wdmdma_pdo_create(s->td.dev);
	if (!s->drv || !s->pdo)
		return -ENOMEM;
	for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
		s->drv->MajorFunction[i] = pw_other;
	s->drv->MajorFunction[IRP_MJ_POWER] = pw_power;
	if (IoCreateDevice(s->drv, sizeof(*ext), NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &s->fdo))
		return -ENOMEM;
	s->lower = IoAttachDeviceToDeviceStack(s->fdo, s->pdo);
	if (!s->lower)
		return -ENODEV;
	s->fdo->Flags |= DO_POWER_PAGABLE;
	s->fdo->Flags &= ~DO_DEVICE_INITIALIZING;
	return 0;
}

static void pw_exit(struct kunit *test)
{
	struct pw *s = test->priv;

	if (!s)
		return;
	if (s->wake)
		IoCancelIrp(s->wake);
	if (s->idle)
		PoRegisterDeviceForIdleDetection(s->fdo, 0, 0, PowerDeviceD3);
	if (s->td.dev)
		device_set_wakeup_capable(s->td.dev, false);
	if (s->fdo) {
		if (s->lower)
			IoDetachDevice(s->lower);
		IoDeleteDevice(s->fdo);
	}
	wdmdma_pdo_destroy(s->pdo);
	if (s->drv)
		wdmdma_driver_destroy(s->drv);
	wdmdma_test_dev_destroy(&s->td);
	pw_cur = NULL;
}

static struct pw *pw_get(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, pw_init(test), 0);
	return test->priv;
}

/* Expect event @i to be @what for @dev, @minor, @type, @state. */
static void pw_expect(struct kunit *test, struct pw *s, int i, enum pw_what what,
		      PDEVICE_OBJECT dev, UCHAR minor, POWER_STATE_TYPE type, ULONG state)
{
	struct pw_ev *e = &s->ev[i];

	KUNIT_ASSERT_LT(test, i, s->n);
	KUNIT_EXPECT_EQ_MSG(test, e->what, what, "event %d", i);
	KUNIT_EXPECT_PTR_EQ_MSG(test, e->dev, dev, "event %d", i);
	KUNIT_EXPECT_EQ_MSG(test, e->minor, minor, "event %d", i);
	KUNIT_EXPECT_EQ_MSG(test, e->type, type, "event %d", i);
	KUNIT_EXPECT_EQ_MSG(test, e->state, state, "event %d", i);
}

/*
 * Suspend: QUERY S3, SET S3 at the FDO and down to the PDO; back at the
 * FDO the policy owner requests D3, which reaches the FDO, then the PDO
 * (recorded there before the FDO's completion routine), then its
 * PowerCompletion completes the S-IRP, last.  Resume: SET S0, then D0 the
 * same way, the binding returning only after D0 completed.
 */
static void power_suspend_resume_order(struct kunit *test)
{
	struct pw *s = pw_get(test);
	unsigned long v0 = wdmdma_violations(NULL);
	int i;

	KUNIT_EXPECT_EQ(test, wdmdma_power_state(s->pdo, DevicePowerState), PowerDeviceD0);
	KUNIT_EXPECT_EQ(test, wdmdma_power_state(s->pdo, SystemPowerState), PowerSystemWorking);

	KUNIT_ASSERT_EQ(test, wdmdma_pnp_suspend(s->pdo), 0);
	KUNIT_ASSERT_EQ(test, s->n, 7);
	pw_expect(test, s, 0, PW_DISPATCH, s->fdo, IRP_MN_QUERY_POWER, SystemPowerState,
		  PowerSystemSleeping3);
	pw_expect(test, s, 1, PW_DISPATCH, s->fdo, IRP_MN_SET_POWER, SystemPowerState,
		  PowerSystemSleeping3);
	pw_expect(test, s, 2, PW_SIRP_BACK, s->fdo, IRP_MN_SET_POWER, SystemPowerState,
		  PowerSystemSleeping3);
	pw_expect(test, s, 3, PW_DISPATCH, s->fdo, IRP_MN_SET_POWER, DevicePowerState,
		  PowerDeviceD3);
	pw_expect(test, s, 4, PW_DIRP_BACK, s->fdo, IRP_MN_SET_POWER, DevicePowerState,
		  PowerDeviceD3);
	pw_expect(test, s, 5, PW_POWER_DONE, s->pdo, IRP_MN_SET_POWER, DevicePowerState,
		  PowerDeviceD3);
	pw_expect(test, s, 6, PW_SIRP_DONE, s->fdo, IRP_MN_SET_POWER, SystemPowerState,
		  PowerSystemSleeping3);
	for (i = 0; i < 2; i++) {
		KUNIT_EXPECT_EQ(test, s->ev[i].action, PowerActionSleep);
		KUNIT_EXPECT_EQ(test, s->ev[i].target, PowerSystemSleeping3);
		KUNIT_EXPECT_EQ(test, s->ev[i].pdo_state, PowerDeviceD0);
	}
	/* the device IRP carries the system transition's action */
	KUNIT_EXPECT_EQ(test, s->ev[3].action, PowerActionSleep);
	KUNIT_EXPECT_EQ(test, s->ev[3].pdo_state, PowerDeviceD0);
	/* the PDO set (and recorded) D3 before the FDO's completion routine ran */
	KUNIT_EXPECT_EQ(test, s->ev[4].pdo_state, PowerDeviceD3);
	KUNIT_EXPECT_EQ(test, s->ev[4].status, STATUS_SUCCESS);
	/* PowerCompletion: the target, the minor, the state, the S-IRP as Context */
	KUNIT_EXPECT_EQ(test, s->ev[5].status, STATUS_SUCCESS);
	KUNIT_EXPECT_NOT_NULL(test, s->ev[5].ctx);
	KUNIT_EXPECT_EQ(test, wdmdma_power_state(s->fdo, DevicePowerState), PowerDeviceD3);
	KUNIT_EXPECT_EQ(test, wdmdma_power_state(s->pdo, SystemPowerState),
			PowerSystemSleeping3);

	s->n = 0;
	KUNIT_ASSERT_EQ(test, wdmdma_pnp_resume(s->pdo), 0);
	/* the binding returned: everything, D0 included, is done */
	KUNIT_ASSERT_EQ(test, s->n, 6);
	pw_expect(test, s, 0, PW_DISPATCH, s->fdo, IRP_MN_SET_POWER, SystemPowerState,
		  PowerSystemWorking);
	KUNIT_EXPECT_EQ(test, s->ev[0].action, PowerActionNone);
	pw_expect(test, s, 1, PW_SIRP_BACK, s->fdo, IRP_MN_SET_POWER, SystemPowerState,
		  PowerSystemWorking);
	pw_expect(test, s, 2, PW_DISPATCH, s->fdo, IRP_MN_SET_POWER, DevicePowerState,
		  PowerDeviceD0);
	KUNIT_EXPECT_EQ(test, s->ev[2].pdo_state, PowerDeviceD3);
	pw_expect(test, s, 3, PW_DIRP_BACK, s->fdo, IRP_MN_SET_POWER, DevicePowerState,
		  PowerDeviceD0);
	/* D0 reached the PDO before the FDO's completion routine */
	KUNIT_EXPECT_EQ(test, s->ev[3].pdo_state, PowerDeviceD0);
	pw_expect(test, s, 4, PW_POWER_DONE, s->pdo, IRP_MN_SET_POWER, DevicePowerState,
		  PowerDeviceD0);
	pw_expect(test, s, 5, PW_SIRP_DONE, s->fdo, IRP_MN_SET_POWER, SystemPowerState,
		  PowerSystemWorking);
	KUNIT_EXPECT_EQ(test, wdmdma_power_state(s->pdo, SystemPowerState), PowerSystemWorking);
	KUNIT_EXPECT_EQ(test, wdmdma_power_state(s->fdo, DevicePowerState), PowerDeviceD0);

	/* hibernation: S4, PowerActionHibernate */
	s->n = 0;
	KUNIT_ASSERT_EQ(test, wdmdma_pnp_hibernate(s->pdo), 0);
	KUNIT_ASSERT_EQ(test, s->n, 7);
	pw_expect(test, s, 0, PW_DISPATCH, s->fdo, IRP_MN_QUERY_POWER, SystemPowerState,
		  PowerSystemHibernate);
	KUNIT_EXPECT_EQ(test, s->ev[0].action, PowerActionHibernate);
	pw_expect(test, s, 3, PW_DISPATCH, s->fdo, IRP_MN_SET_POWER, DevicePowerState,
		  PowerDeviceD3);
	KUNIT_EXPECT_EQ(test, wdmdma_pnp_resume(s->pdo), 0);
	KUNIT_EXPECT_EQ(test, wdmdma_power_state(s->pdo, DevicePowerState), PowerDeviceD0);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
}

/* A failed system QUERY_POWER vetoes the suspend: no SET, nothing recorded. */
static void power_query_veto(struct kunit *test)
{
	struct pw *s = pw_get(test);

	s->veto = true;
	KUNIT_EXPECT_EQ(test, wdmdma_pnp_suspend(s->pdo), -EBUSY);
	KUNIT_ASSERT_EQ(test, s->n, 1);
	pw_expect(test, s, 0, PW_DISPATCH, s->fdo, IRP_MN_QUERY_POWER, SystemPowerState,
		  PowerSystemSleeping3);
	KUNIT_EXPECT_EQ(test, wdmdma_power_state(s->pdo, DevicePowerState), PowerDeviceD0);
	KUNIT_EXPECT_EQ(test, wdmdma_power_state(s->pdo, SystemPowerState), PowerSystemWorking);
	KUNIT_EXPECT_EQ(test, wdmdma_power_state(s->fdo, DevicePowerState), PowerDeviceD0);

	/* the next suspend, not vetoed, goes through */
	s->veto = false;
	s->n = 0;
	KUNIT_EXPECT_EQ(test, wdmdma_pnp_suspend(s->pdo), 0);
	KUNIT_EXPECT_EQ(test, s->n, 7);
	KUNIT_EXPECT_EQ(test, wdmdma_pnp_resume(s->pdo), 0);
}

/* PoSetPowerState() returns the state recorded before, per device object. */
static void power_set_state_previous(struct kunit *test)
{
	struct pw *s = pw_get(test);
	unsigned long v0 = wdmdma_violations(NULL);
	POWER_STATE p, d3 = { .DeviceState = PowerDeviceD3 }, d1 = { .DeviceState = PowerDeviceD1 };
	POWER_STATE s3 = { .SystemState = PowerSystemSleeping3 }, bad = { .DeviceState = 9 };

	p = PoSetPowerState(s->fdo, DevicePowerState, d3);
	KUNIT_EXPECT_EQ(test, p.DeviceState, PowerDeviceD0);	/* a started device: D0 */
	p = PoSetPowerState(s->fdo, DevicePowerState, d1);
	KUNIT_EXPECT_EQ(test, p.DeviceState, PowerDeviceD3);
	/* the system state is kept apart from the device state */
	p = PoSetPowerState(s->fdo, SystemPowerState, s3);
	KUNIT_EXPECT_EQ(test, p.SystemState, PowerSystemWorking);
	p = PoSetPowerState(s->fdo, SystemPowerState, s3);
	KUNIT_EXPECT_EQ(test, p.SystemState, PowerSystemSleeping3);
	p = PoSetPowerState(s->fdo, DevicePowerState, d3);
	KUNIT_EXPECT_EQ(test, p.DeviceState, PowerDeviceD1);
	/* each device object its own */
	p = PoSetPowerState(s->pdo, DevicePowerState, d1);
	KUNIT_EXPECT_EQ(test, p.DeviceState, PowerDeviceD0);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);

	/* misuse: reported, nothing recorded */
	p = PoSetPowerState(s->fdo, DevicePowerState, bad);
	KUNIT_EXPECT_EQ(test, p.DeviceState, PowerDeviceUnspecified);
	p = PoSetPowerState(s->fdo, (POWER_STATE_TYPE)7, d1);
	KUNIT_EXPECT_EQ(test, p.DeviceState, PowerDeviceUnspecified);
	p = PoSetPowerState(NULL, DevicePowerState, d1);
	KUNIT_EXPECT_EQ(test, p.DeviceState, PowerDeviceUnspecified);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 3);
	KUNIT_EXPECT_EQ(test, wdmdma_power_state(s->fdo, DevicePowerState), PowerDeviceD3);
}

/* What a PowerCompletion routine of the test's own requests got */
struct pw_done {
	int calls;
	PDEVICE_OBJECT dev;
	UCHAR minor;
	POWER_STATE state;
	PVOID ctx;
	NTSTATUS status;
};

static VOID pw_record_done(PDEVICE_OBJECT DeviceObject, UCHAR MinorFunction,
			   POWER_STATE PowerState, PVOID Context, PIO_STATUS_BLOCK IoStatus)
{
	struct pw_done *d = Context;

	d->calls++;
	d->dev = DeviceObject;
	d->minor = MinorFunction;
	d->state = PowerState;
	d->ctx = Context;
	d->status = IoStatus->Status;
}

/* PoRequestPowerIrp(): the IRP goes to the top, the callback gets the documented arguments. */
static void power_request_irp(struct kunit *test)
{
	struct pw *s = pw_get(test);
	POWER_STATE d2 = { .DeviceState = PowerDeviceD2 };
	struct pw_done d = { };
	PIRP irp = NULL;

	/* named by the PDO: sent to the top of its stack, the FDO */
	KUNIT_EXPECT_EQ(test, PoRequestPowerIrp(s->pdo, IRP_MN_SET_POWER, d2, pw_record_done,
						&d, &irp), STATUS_PENDING);
	KUNIT_EXPECT_NOT_NULL(test, irp);
	KUNIT_ASSERT_EQ(test, d.calls, 1);
	KUNIT_EXPECT_PTR_EQ(test, d.dev, s->pdo);
	KUNIT_EXPECT_EQ(test, d.minor, IRP_MN_SET_POWER);
	KUNIT_EXPECT_EQ(test, d.state.DeviceState, PowerDeviceD2);
	KUNIT_EXPECT_PTR_EQ(test, d.ctx, (PVOID)&d);
	KUNIT_EXPECT_EQ(test, d.status, STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, s->n, 2);
	pw_expect(test, s, 0, PW_DISPATCH, s->fdo, IRP_MN_SET_POWER, DevicePowerState,
		  PowerDeviceD2);
	KUNIT_EXPECT_EQ(test, s->ev[0].action, PowerActionNone);
	/* the power manager presets STATUS_NOT_SUPPORTED */
	KUNIT_EXPECT_EQ(test, s->ev[0].status, STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, s->ev[1].pdo_state, PowerDeviceD2);

	/* named by the FDO; a device query the driver fails reaches the callback */
	memset(&d, 0, sizeof(d));
	s->fail_query = STATUS_DEVICE_BUSY;
	KUNIT_EXPECT_EQ(test, PoRequestPowerIrp(s->fdo, IRP_MN_QUERY_POWER, d2, pw_record_done,
						&d, NULL), STATUS_PENDING);
	KUNIT_ASSERT_EQ(test, d.calls, 1);
	KUNIT_EXPECT_PTR_EQ(test, d.dev, s->fdo);
	KUNIT_EXPECT_EQ(test, d.minor, IRP_MN_QUERY_POWER);
	KUNIT_EXPECT_EQ(test, d.status, STATUS_DEVICE_BUSY);
	s->fail_query = 0;
	memset(&d, 0, sizeof(d));
	KUNIT_EXPECT_EQ(test, PoRequestPowerIrp(s->fdo, IRP_MN_QUERY_POWER, d2, pw_record_done,
						&d, NULL), STATUS_PENDING);
	KUNIT_EXPECT_EQ(test, d.calls, 1);
	KUNIT_EXPECT_EQ(test, d.status, STATUS_SUCCESS);
	/* no callback: fine */
	KUNIT_EXPECT_EQ(test, PoRequestPowerIrp(s->pdo, IRP_MN_SET_POWER, d2, NULL, NULL, NULL),
			STATUS_PENDING);
}

/*
 * IRP_MN_WAIT_WAKE: a device that cannot wake gets STATUS_NOT_SUPPORTED
 * from its bus driver; one that can keeps it pending (one at a time:
 * STATUS_DEVICE_BUSY) until the sender cancels it.
 */
static void power_wait_wake(struct kunit *test)
{
	struct pw *s = pw_get(test);
	POWER_STATE s3 = { .SystemState = PowerSystemSleeping3 };
	struct pw_done d = { }, d2 = { };
	PIRP irp = NULL;

	KUNIT_EXPECT_EQ(test, PoRequestPowerIrp(s->pdo, IRP_MN_WAIT_WAKE, s3, pw_record_done,
						&d, &irp), STATUS_PENDING);
	KUNIT_ASSERT_EQ(test, d.calls, 1);
	KUNIT_EXPECT_EQ(test, d.status, STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, d.minor, IRP_MN_WAIT_WAKE);
	KUNIT_EXPECT_EQ(test, d.state.SystemState, PowerSystemSleeping3);
	KUNIT_ASSERT_GE(test, s->n, 1);
	pw_expect(test, s, 0, PW_DISPATCH, s->fdo, IRP_MN_WAIT_WAKE, 0, PowerSystemSleeping3);

	device_set_wakeup_capable(s->td.dev, true);
	memset(&d, 0, sizeof(d));
	irp = NULL;
	KUNIT_EXPECT_EQ(test, PoRequestPowerIrp(s->pdo, IRP_MN_WAIT_WAKE, s3, pw_record_done,
						&d, &irp), STATUS_PENDING);
	KUNIT_ASSERT_NOT_NULL(test, irp);
	s->wake = irp;
	msleep(20);
	KUNIT_EXPECT_EQ(test, d.calls, 0);	/* pending */
	/* a second one while it is pending */
	KUNIT_EXPECT_EQ(test, PoRequestPowerIrp(s->pdo, IRP_MN_WAIT_WAKE, s3, pw_record_done,
						&d2, NULL), STATUS_PENDING);
	KUNIT_EXPECT_EQ(test, d2.calls, 1);
	KUNIT_EXPECT_EQ(test, d2.status, STATUS_DEVICE_BUSY);
	/* system transitions go on while it is pending */
	KUNIT_EXPECT_EQ(test, wdmdma_pnp_suspend(s->pdo), 0);
	KUNIT_EXPECT_EQ(test, wdmdma_pnp_resume(s->pdo), 0);
	KUNIT_EXPECT_EQ(test, d.calls, 0);
	/* the sender cancels it */
	KUNIT_EXPECT_TRUE(test, IoCancelIrp(irp));
	s->wake = NULL;
	KUNIT_EXPECT_EQ(test, d.calls, 1);
	KUNIT_EXPECT_EQ(test, d.status, STATUS_CANCELLED);
	KUNIT_EXPECT_PTR_EQ(test, d.dev, s->pdo);
	/* and can send another */
	memset(&d, 0, sizeof(d));
	KUNIT_EXPECT_EQ(test, PoRequestPowerIrp(s->pdo, IRP_MN_WAIT_WAKE, s3, pw_record_done,
						&d, &irp), STATUS_PENDING);
	KUNIT_EXPECT_EQ(test, d.calls, 0);
	KUNIT_EXPECT_TRUE(test, IoCancelIrp(irp));
	KUNIT_EXPECT_EQ(test, d.status, STATUS_CANCELLED);
}

/* Device IRPs the FDO's dispatch routine saw since event @from */
static int pw_dirps(struct pw *s, int from)
{
	unsigned long flags;
	int i, n = 0;

	spin_lock_irqsave(&s->lock, flags);
	for (i = from; i < s->n; i++)
		if (s->ev[i].what == PW_DISPATCH && s->ev[i].type == DevicePowerState &&
		    s->ev[i].minor == IRP_MN_SET_POWER)
			n++;
	spin_unlock_irqrestore(&s->lock, flags);
	return n;
}

/*
 * Idle detection: no device IRP while the driver keeps the device busy
 * (PoSetDeviceBusy, PoStartDeviceBusy); once idle for the timeout, one
 * IRP_MN_SET_POWER for the registered state, once.  0 times cancel.
 */
static void power_idle_detection(struct kunit *test)
{
	struct pw *s = pw_get(test);
	unsigned long v0 = wdmdma_violations(NULL), end;
	PULONG counter, again;
	ULONG bogus = 0;

	counter = PoRegisterDeviceForIdleDetection(s->fdo, 0, 2, PowerDeviceD3);
	KUNIT_ASSERT_NOT_NULL(test, counter);
	s->idle = counter;
	/* busy: reset more often than a second */
	end = jiffies + msecs_to_jiffies(2500);
	while (time_before(jiffies, end)) {
		PoSetDeviceBusy(counter);
		msleep(100);
	}
	KUNIT_EXPECT_EQ(test, pw_dirps(s, 0), 0);
	/* busy from start to end */
	PoStartDeviceBusy(counter);
	msleep(2500);
	KUNIT_EXPECT_EQ(test, pw_dirps(s, 0), 0);
	PoEndDeviceBusy(counter);
	/* idle: 2 s to 3 s later, D3 */
	end = jiffies + msecs_to_jiffies(5000);
	while (!pw_dirps(s, 0) && time_before(jiffies, end))
		msleep(50);
	KUNIT_ASSERT_EQ(test, pw_dirps(s, 0), 1);
	/* wait for the IRP to finish */
	end = jiffies + msecs_to_jiffies(1000);
	while (wdmdma_power_state(s->fdo, DevicePowerState) != PowerDeviceD3 &&
	       time_before(jiffies, end))
		msleep(20);
	KUNIT_EXPECT_EQ(test, wdmdma_power_state(s->pdo, DevicePowerState), PowerDeviceD3);
	KUNIT_EXPECT_EQ(test, wdmdma_power_state(s->fdo, DevicePowerState), PowerDeviceD3);
	msleep(2000);
	KUNIT_EXPECT_EQ(test, pw_dirps(s, 0), 1);	/* once per idle period */
	/* registering again: the same counter */
	again = PoRegisterDeviceForIdleDetection(s->fdo, 5, 2, PowerDeviceD2);
	KUNIT_EXPECT_PTR_EQ(test, again, counter);
	KUNIT_EXPECT_NULL(test, PoRegisterDeviceForIdleDetection(s->fdo, 0, 0, PowerDeviceD3));
	s->idle = NULL;
	msleep(2000);
	KUNIT_EXPECT_EQ(test, pw_dirps(s, 0), 1);	/* cancelled: nothing more */
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);

	/* misuse */
	KUNIT_EXPECT_NULL(test, PoRegisterDeviceForIdleDetection(NULL, 1, 1, PowerDeviceD3));
	KUNIT_EXPECT_NULL(test, PoRegisterDeviceForIdleDetection(s->fdo, 1, 1, PowerDeviceD0));
	PoStartDeviceBusy(&bogus);
	counter = PoRegisterDeviceForIdleDetection(s->fdo, 0, 60, PowerDeviceD3);
	KUNIT_ASSERT_NOT_NULL(test, counter);
	s->idle = counter;
	PoEndDeviceBusy(counter);	/* not started */
	PoSetDeviceBusyEx(NULL);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 5);
}

/* Misuse of the power routines is reported and refused. */
static void power_bad_input(struct kunit *test)
{
	struct pw *s = pw_get(test);
	unsigned long v0 = wdmdma_violations(NULL);
	POWER_STATE d3 = { .DeviceState = PowerDeviceD3 }, bad = { .DeviceState = 0 };
	struct pw_done d = { };
	PIO_STACK_LOCATION sl;
	PIRP irp = (PIRP)0x1;

	KUNIT_EXPECT_EQ(test, PoRequestPowerIrp(s->pdo, IRP_MN_POWER_SEQUENCE, d3, pw_record_done,
						&d, &irp), STATUS_INVALID_PARAMETER_2);
	KUNIT_EXPECT_NULL(test, irp);
	KUNIT_EXPECT_EQ(test, PoRequestPowerIrp(s->pdo, 0x42, d3, pw_record_done, &d, NULL),
			STATUS_INVALID_PARAMETER_2);
	KUNIT_EXPECT_EQ(test, PoRequestPowerIrp(NULL, IRP_MN_SET_POWER, d3, pw_record_done, &d,
						NULL), STATUS_INVALID_PARAMETER_1);
	KUNIT_EXPECT_EQ(test, PoRequestPowerIrp(s->pdo, IRP_MN_SET_POWER, bad, pw_record_done,
						&d, NULL), STATUS_INVALID_PARAMETER_3);
	KUNIT_EXPECT_EQ(test, d.calls, 0);
	KUNIT_EXPECT_EQ(test, s->n, 0);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 4);

	KUNIT_EXPECT_EQ(test, PoCallDriver(NULL, NULL), STATUS_INVALID_PARAMETER);
	PoStartNextPowerIrp(NULL);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 6);
	/* a non-power IRP through PoCallDriver: reported, passed on */
	irp = IoAllocateIrp(s->fdo->StackSize, FALSE);
	KUNIT_ASSERT_NOT_NULL(test, irp);
	sl = IoGetNextIrpStackLocation(irp);
	sl->MajorFunction = IRP_MJ_READ;
	KUNIT_EXPECT_EQ(test, PoCallDriver(s->fdo, irp), STATUS_INVALID_DEVICE_REQUEST);
	IoFreeIrp(irp);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 7);

	/* the binding: not a PDO */
	KUNIT_EXPECT_EQ(test, wdmdma_pnp_suspend(NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdmdma_pnp_resume(s->fdo), -EINVAL);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 9);
	KUNIT_EXPECT_EQ(test, s->n, 0);
	KUNIT_EXPECT_EQ(test, wdmdma_power_state(s->pdo, DevicePowerState), PowerDeviceD0);
}

static struct kunit_case wdmdma_power_cases[] = {
	KUNIT_CASE(power_suspend_resume_order),
	KUNIT_CASE(power_query_veto),
	KUNIT_CASE(power_set_state_previous),
	KUNIT_CASE(power_request_irp),
	KUNIT_CASE(power_wait_wake),
	KUNIT_CASE(power_idle_detection),
	KUNIT_CASE(power_bad_input),
	{}
};

struct kunit_suite wdmdma_power_suite = {
	.name = "wdmdma_power",
	.exit = pw_exit,
	.test_cases = wdmdma_power_cases,
};
