// SPDX-License-Identifier: GPL-2.0
/*
 * The power manager: power IRPs (PoCallDriver(), PoStartNextPowerIrp()),
 * the power states recorded for each device object (PoSetPowerState()),
 * device power IRPs a driver requests (PoRequestPowerIrp()), idle
 * detection (PoRegisterDeviceForIdleDetection(), PoSetDeviceBusyEx(),
 * PoStartDeviceBusy(), PoEndDeviceBusy()), what the PDO's bus driver does
 * with power IRPs (wdmdma_power_pdo()), and Linux system sleep turned into
 * the system power IRPs Windows' power manager sends
 * (wdmdma_pnp_suspend(), wdmdma_pnp_hibernate(), wdmdma_pnp_resume()).
 *
 * A system transition: the system IRP (IRP_MN_QUERY_POWER, then
 * IRP_MN_SET_POWER when nobody vetoed) goes to the top of the stack; the
 * power policy owner requests the device IRP with PoRequestPowerIrp() and
 * completes the system IRP when the device IRP is done.  The binding waits
 * for both: Linux's suspend callback returns once the device is in D3, its
 * resume callback once the device is back in D0.  Power IRPs are sent at
 * PASSIVE_LEVEL from the PM core's thread, whether or not the device
 * object has DO_POWER_PAGABLE.
 *
 * LOCKING
 *
 * wdmdma_po_lock (irqsave; innermost, no driver code runs under it)
 * guards the list of power IRPs PoRequestPowerIrp() has in flight, every
 * PDO's pending IRP_MN_WAIT_WAKE (struct wdmdma_devobj.wait_wake) and the
 * idle detection registrations: their list and every field but the idle
 * counter, which drivers write without a lock (PoSetDeviceBusy() is a
 * plain store, as in the WDK).  The recorded power states are updated with
 * cmpxchg.  wdmdma_po_sys_lock (a mutex, held while drivers run) makes the
 * binding's system transitions one at a time.
 */
#include <linux/device.h>
#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "../internal.h"
#include "../trace.h"

/* struct wdmdma_devobj.power: the recorded device (bits 0-7) and system state */
#define WDMDMA_PO_SYSTEM_SHIFT	8

/* How long a system transition waits for the device IRPs it caused */
#define WDMDMA_PO_DIRP_TIMEOUT	(30 * HZ)

/* Idle detection: the most device IRPs one tick sends */
#define WDMDMA_PO_IDLE_BATCH	8

static DEFINE_SPINLOCK(wdmdma_po_lock);
static DECLARE_WAIT_QUEUE_HEAD(wdmdma_po_wq);
static DEFINE_MUTEX(wdmdma_po_sys_lock);

/* What the system transition in progress is for: device IRPs' ShutdownType */
static POWER_ACTION wdmdma_po_action = PowerActionNone;

/**
 * struct wdmdma_po_req - a power IRP PoRequestPowerIrp() sent
 * @link: on wdmdma_po_reqs, under wdmdma_po_lock
 * @target: the device object the caller named (referenced)
 * @top: the top of its stack, where the IRP went (referenced)
 * @base: the bottom of the stack (not referenced: compared only)
 * @minor: IRP_MN_SET_POWER, IRP_MN_QUERY_POWER or IRP_MN_WAIT_WAKE
 * @state: the state the caller asked for
 * @fn: the caller's PowerCompletion routine, or NULL
 * @ctx: its Context
 */
struct wdmdma_po_req {
	struct list_head link;
	PDEVICE_OBJECT target;
	PDEVICE_OBJECT top;
	PDEVICE_OBJECT base;
	UCHAR minor;
	POWER_STATE state;
	PREQUEST_POWER_COMPLETE fn;
	PVOID ctx;
};

static LIST_HEAD(wdmdma_po_reqs);

/**
 * struct wdmdma_po_idle - a device object registered for idle detection
 * @link: on wdmdma_po_idle_list, under wdmdma_po_lock
 * @ref: the list's reference and one per device IRP being sent for it
 * @devobj: the device object (referenced until the record goes)
 * @counter: idle seconds; what PoRegisterDeviceForIdleDetection() returns
 *	and PoSetDeviceBusy() zeroes
 * @busy: PoStartDeviceBusy() calls not yet ended
 * @timeout: idle seconds after which @state is requested (PerformanceIdleTime)
 * @state: the device power state to request
 * @sent: @state was requested in this idle period
 */
struct wdmdma_po_idle {
	struct list_head link;
	struct kref ref;
	PDEVICE_OBJECT devobj;
	ULONG counter;
	unsigned int busy;
	ULONG timeout;
	DEVICE_POWER_STATE state;
	bool sent;
};

static LIST_HEAD(wdmdma_po_idle_list);
static void wdmdma_po_idle_tick(struct work_struct *work);
static DECLARE_DELAYED_WORK(wdmdma_po_idle_work, wdmdma_po_idle_tick);

static bool wdmdma_po_device_state_ok(DEVICE_POWER_STATE s)
{
	return s > PowerDeviceUnspecified && s < PowerDeviceMaximum;
}

static bool wdmdma_po_system_state_ok(SYSTEM_POWER_STATE s)
{
	return s > PowerSystemUnspecified && s < PowerSystemMaximum;
}

/* The recorded state of @type: D0 and S0 (both 1) until one is recorded */
static unsigned int wdmdma_po_recorded(PDEVICE_OBJECT d, POWER_STATE_TYPE type)
{
	unsigned int v = READ_ONCE(wdmdma_devobj(d)->power);

	v = type == SystemPowerState ? v >> WDMDMA_PO_SYSTEM_SHIFT : v;
	return (v & 0xff) ? (v & 0xff) : PowerDeviceD0;
}

/**
 * wdmdma_power_state() - the power state recorded for a device object
 * @d: the device object
 * @type: DevicePowerState or SystemPowerState
 *
 * Return: what PoSetPowerState() recorded last (the PDO's bus driver and
 * the binding record theirs the same way): PowerDeviceD0 or
 * PowerSystemWorking before anything was recorded, 0 for a NULL @d.
 */
ULONG wdmdma_power_state(PDEVICE_OBJECT d, POWER_STATE_TYPE type)
{
	return d ? wdmdma_po_recorded(d, type) : 0;
}
EXPORT_SYMBOL_GPL(wdmdma_power_state);

/**
 * PoSetPowerState() - record a device object's new power state
 * @DeviceObject: the device object whose state changed
 * @Type: DevicePowerState or SystemPowerState
 * @State: the new state (a DEVICE_POWER_STATE, or a SYSTEM_POWER_STATE)
 *
 * The state is kept for each device object.  A device object's first
 * call returns PowerDeviceD0 (PowerSystemWorking): a started device is in
 * D0.  A bad @Type or @State is reported and nothing is recorded.
 *
 * Context: at or below DISPATCH_LEVEL.
 * Return: the state recorded before; for misuse, a POWER_STATE of 0
 * (PowerDeviceUnspecified).
 */
POWER_STATE PoSetPowerState(PDEVICE_OBJECT DeviceObject, POWER_STATE_TYPE Type,
			    POWER_STATE State)
{
	POWER_STATE prev = { .DeviceState = PowerDeviceUnspecified };
	unsigned int shift, old, new, *w;

	if (unlikely(!DeviceObject)) {
		wdmdma_report(NULL, "PoSetPowerState", "NULL DeviceObject");
		return prev;
	}
	if (Type == DevicePowerState && wdmdma_po_device_state_ok(State.DeviceState)) {
		shift = 0;
	} else if (Type == SystemPowerState && wdmdma_po_system_state_ok(State.SystemState)) {
		shift = WDMDMA_PO_SYSTEM_SHIFT;
	} else {
		wdmdma_report(NULL, "PoSetPowerState", "device %p: bad Type %d or State %d",
			      DeviceObject, Type, State.DeviceState);
		return prev;
	}
	w = &wdmdma_devobj(DeviceObject)->power;
	do {
		old = READ_ONCE(*w);
		new = (old & ~(0xffU << shift)) | ((unsigned int)State.DeviceState << shift);
	} while (cmpxchg(w, old, new) != old);
	old = (old >> shift) & 0xff;
	prev.DeviceState = old ? old : PowerDeviceD0;	/* PowerSystemWorking alike */
	return prev;
}
EXPORT_SYMBOL_GPL(PoSetPowerState);

/**
 * PoCallDriver() - pass a power IRP to the next driver
 * @DeviceObject: the device object to send it to
 * @Irp: the power IRP, its next stack location filled in
 *
 * What IoCallDriver() does (as on Windows Vista and later), with a
 * wdmdma_power_irp trace event.  An IRP that is not IRP_MJ_POWER is
 * reported and passed on.
 *
 * Context: at or below DISPATCH_LEVEL.
 * Return: what the driver's dispatch routine returned;
 * STATUS_INVALID_PARAMETER on misuse.
 */
NTSTATUS PoCallDriver(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	PIO_STACK_LOCATION next;

	if (unlikely(!DeviceObject || !Irp || Irp->Type != IO_TYPE_IRP ||
		     Irp->CurrentLocation <= 1)) {
		wdmdma_report(NULL, "PoCallDriver", "%s",
			      !DeviceObject || !Irp ? "NULL DeviceObject or Irp" :
			      "not an IRP, or no stack location left");
		return STATUS_INVALID_PARAMETER;
	}
	next = IoGetNextIrpStackLocation(Irp);
	if (unlikely(next->MajorFunction != IRP_MJ_POWER))
		wdmdma_report(NULL, "PoCallDriver", "IRP %p: major %#x is not IRP_MJ_POWER",
			      Irp, next->MajorFunction);
	else if (next->MinorFunction == IRP_MN_WAIT_WAKE)
		trace_wdmdma_power_irp(Irp, DeviceObject, next->MinorFunction, SystemPowerState,
				       next->Parameters.WaitWake.PowerState);
	else
		trace_wdmdma_power_irp(Irp, DeviceObject, next->MinorFunction,
				       next->Parameters.Power.Type,
				       next->Parameters.Power.State.DeviceState);
	return IoCallDriver(DeviceObject, Irp);
}
EXPORT_SYMBOL_GPL(PoCallDriver);

/**
 * PoStartNextPowerIrp() - let the next power IRP come
 * @Irp: the power IRP the caller is done with
 *
 * Nothing to do, as on Windows Vista and later: power IRPs are not held
 * back per device object.  Kept for drivers written for older systems.
 *
 * Context: at or below DISPATCH_LEVEL.
 */
void PoStartNextPowerIrp(PIRP Irp)
{
	if (unlikely(!Irp || Irp->Type != IO_TYPE_IRP))
		wdmdma_report(NULL, "PoStartNextPowerIrp", "%p is not an IRP", Irp);
}
EXPORT_SYMBOL_GPL(PoStartNextPowerIrp);

/* The bottom of @d's stack (not referenced: for comparisons) */
static PDEVICE_OBJECT wdmdma_po_base(PDEVICE_OBJECT d)
{
	PDEVICE_OBJECT lower;

	while ((lower = IoGetLowerDeviceObject(d))) {
		ObDereferenceObject(lower);
		d = lower;
	}
	return d;
}

/* Device IRPs (not WAIT_WAKE) PoRequestPowerIrp() has in flight in @base's stack */
static bool wdmdma_po_reqs_busy(PDEVICE_OBJECT base)
{
	struct wdmdma_po_req *r;
	unsigned long flags;
	bool busy = false;

	spin_lock_irqsave(&wdmdma_po_lock, flags);
	list_for_each_entry(r, &wdmdma_po_reqs, link)
		if (r->base == base && r->minor != IRP_MN_WAIT_WAKE)
			busy = true;
	spin_unlock_irqrestore(&wdmdma_po_lock, flags);
	return busy;
}

/* The requested IRP is done: the caller's PowerCompletion, then free it. */
static NTSTATUS wdmdma_po_req_done(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
	struct wdmdma_po_req *r = Context;
	unsigned long flags;

	if (r->fn)
		r->fn(r->target, r->minor, r->state, r->ctx, &Irp->IoStatus);
	IoFreeIrp(Irp);
	spin_lock_irqsave(&wdmdma_po_lock, flags);
	list_del(&r->link);
	spin_unlock_irqrestore(&wdmdma_po_lock, flags);
	wake_up_all(&wdmdma_po_wq);
	ObDereferenceObject(r->top);
	ObDereferenceObject(r->target);
	kfree(r);
	return STATUS_MORE_PROCESSING_REQUIRED;
}

/**
 * PoRequestPowerIrp() - send a device power IRP to the top of a stack
 * @DeviceObject: a device object of the stack (the PDO, or the caller's FDO)
 * @MinorFunction: IRP_MN_SET_POWER, IRP_MN_QUERY_POWER or IRP_MN_WAIT_WAKE
 * @PowerState: the device power state asked for; for IRP_MN_WAIT_WAKE the
 *	least-powered system state the device may wake the system from
 * @CompletionFunction: called once every driver has completed the IRP,
 *	with @DeviceObject, @MinorFunction, @PowerState, @Context and the
 *	IRP's IO_STATUS_BLOCK, in the completing driver's context (at or
 *	below DISPATCH_LEVEL); may be NULL
 * @Context: for @CompletionFunction (a policy owner passes the system IRP)
 * @Irp: receives the IRP, meant for IRP_MN_WAIT_WAKE (to cancel it); for
 *	the others it may be freed by the time this returns; may be NULL
 *
 * The IRP's Parameters.Power carries DevicePowerState and @PowerState
 * (ShutdownType: the system transition in progress, else PowerActionNone);
 * IRP_MN_WAIT_WAKE's Parameters.WaitWake.PowerState carries @PowerState.
 * Its IoStatus.Status starts as STATUS_NOT_SUPPORTED.
 *
 * Context: at or below DISPATCH_LEVEL.
 * Return: STATUS_PENDING once sent (@CompletionFunction will be called,
 * whatever the drivers do with the IRP); STATUS_INSUFFICIENT_RESOURCES;
 * STATUS_INVALID_PARAMETER_2 for another @MinorFunction;
 * STATUS_INVALID_PARAMETER_1 or _3 for a NULL @DeviceObject or a bad
 * @PowerState (all reported).
 */
NTSTATUS PoRequestPowerIrp(PDEVICE_OBJECT DeviceObject, UCHAR MinorFunction,
			   POWER_STATE PowerState, PREQUEST_POWER_COMPLETE CompletionFunction,
			   PVOID Context, PIRP *Irp)
{
	struct wdmdma_po_req *r;
	PIO_STACK_LOCATION sl;
	unsigned long flags;
	PIRP irp;

	if (Irp)
		*Irp = NULL;
	if (unlikely(!DeviceObject)) {
		wdmdma_report(NULL, "PoRequestPowerIrp", "NULL DeviceObject");
		return STATUS_INVALID_PARAMETER_1;
	}
	if (unlikely(MinorFunction != IRP_MN_SET_POWER && MinorFunction != IRP_MN_QUERY_POWER &&
		     MinorFunction != IRP_MN_WAIT_WAKE)) {
		wdmdma_report(NULL, "PoRequestPowerIrp", "device %p: bad MinorFunction %#x",
			      DeviceObject, MinorFunction);
		return STATUS_INVALID_PARAMETER_2;
	}
	if (unlikely(MinorFunction == IRP_MN_WAIT_WAKE ?
		     !wdmdma_po_system_state_ok(PowerState.SystemState) :
		     !wdmdma_po_device_state_ok(PowerState.DeviceState))) {
		wdmdma_report(NULL, "PoRequestPowerIrp", "device %p: bad PowerState %d",
			      DeviceObject, PowerState.DeviceState);
		return STATUS_INVALID_PARAMETER_3;
	}
	r = kzalloc(sizeof(*r), wdmdma_gfp());
	if (!r)
		return STATUS_INSUFFICIENT_RESOURCES;
	r->top = IoGetAttachedDeviceReference(DeviceObject);
	irp = IoAllocateIrp(r->top->StackSize + 1, FALSE);
	if (!irp) {
		ObDereferenceObject(r->top);
		kfree(r);
		return STATUS_INSUFFICIENT_RESOURCES;
	}
	ObReferenceObject(DeviceObject);
	r->target = DeviceObject;
	r->base = wdmdma_po_base(DeviceObject);
	r->minor = MinorFunction;
	r->state = PowerState;
	r->fn = CompletionFunction;
	r->ctx = Context;

	irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
	IoSetNextIrpStackLocation(irp);		/* the power manager's own location */
	IoGetCurrentIrpStackLocation(irp)->DeviceObject = DeviceObject;
	sl = IoGetNextIrpStackLocation(irp);
	sl->MajorFunction = IRP_MJ_POWER;
	sl->MinorFunction = MinorFunction;
	if (MinorFunction == IRP_MN_WAIT_WAKE) {
		sl->Parameters.WaitWake.PowerState = PowerState.SystemState;
	} else {
		sl->Parameters.Power.Type = DevicePowerState;
		sl->Parameters.Power.State = PowerState;
		sl->Parameters.Power.ShutdownType = READ_ONCE(wdmdma_po_action);
	}
	IoSetCompletionRoutine(irp, wdmdma_po_req_done, r, TRUE, TRUE, TRUE);
	spin_lock_irqsave(&wdmdma_po_lock, flags);
	list_add_tail(&r->link, &wdmdma_po_reqs);
	spin_unlock_irqrestore(&wdmdma_po_lock, flags);
	if (Irp)
		*Irp = irp;
	PoCallDriver(r->top, irp);
	return STATUS_PENDING;
}
EXPORT_SYMBOL_GPL(PoRequestPowerIrp);

/* The PDO's pending IRP_MN_WAIT_WAKE is cancelled (the cancel spin lock held). */
static void wdmdma_po_wake_cancel(PDEVICE_OBJECT DeviceObject, PIRP Irp)
	__releases(_Global_cancel_spin_lock_)
{
	struct wdmdma_devobj *p = wdmdma_devobj(DeviceObject);
	unsigned long flags;
	bool mine;

	IoReleaseCancelSpinLock(Irp->CancelIrql);
	spin_lock_irqsave(&wdmdma_po_lock, flags);
	mine = p->wait_wake == Irp;
	if (mine)
		p->wait_wake = NULL;
	spin_unlock_irqrestore(&wdmdma_po_lock, flags);
	if (!mine)
		return;
	Irp->IoStatus.Status = STATUS_CANCELLED;
	Irp->IoStatus.Information = 0;
	IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

/*
 * IRP_MN_WAIT_WAKE at the PDO: a device Linux says cannot wake the system
 * gets STATUS_NOT_SUPPORTED; a second one while one is pending
 * STATUS_DEVICE_BUSY; otherwise it stays pending until its sender cancels
 * it (no wake signal reaches a wdmdma PDO).
 */
static NTSTATUS wdmdma_po_wait_wake(PDEVICE_OBJECT pdo, PIRP Irp)
{
	struct wdmdma_devobj *p = wdmdma_devobj(pdo);
	unsigned long flags;
	NTSTATUS status;
	KIRQL irql;

	if (!p->dev || !device_can_wakeup(p->dev)) {
		status = STATUS_NOT_SUPPORTED;
		goto complete;
	}
	spin_lock_irqsave(&wdmdma_po_lock, flags);
	status = p->wait_wake ? STATUS_DEVICE_BUSY : STATUS_PENDING;
	if (status == STATUS_PENDING)
		p->wait_wake = Irp;
	spin_unlock_irqrestore(&wdmdma_po_lock, flags);
	if (status != STATUS_PENDING)
		goto complete;

	IoMarkIrpPending(Irp);
	IoAcquireCancelSpinLock(&irql);
	if (!Irp->Cancel) {
		IoSetCancelRoutine(Irp, wdmdma_po_wake_cancel);
		IoReleaseCancelSpinLock(irql);
		return STATUS_PENDING;
	}
	IoReleaseCancelSpinLock(irql);
	/* cancelled before it could be made cancelable */
	spin_lock_irqsave(&wdmdma_po_lock, flags);
	p->wait_wake = NULL;
	spin_unlock_irqrestore(&wdmdma_po_lock, flags);
	Irp->IoStatus.Status = STATUS_CANCELLED;
	IoCompleteRequest(Irp, IO_NO_INCREMENT);
	return STATUS_PENDING;

complete:
	Irp->IoStatus.Status = status;
	IoCompleteRequest(Irp, IO_NO_INCREMENT);
	return status;
}

/**
 * wdmdma_power_pdo() - what the PDO's bus driver does with a power IRP
 * @pdo: the PDO
 * @Irp: the IRP_MJ_POWER IRP
 *
 * IRP_MN_QUERY_POWER succeeds.  IRP_MN_SET_POWER succeeds; a device state
 * is recorded (PoSetPowerState()).  The PCI device itself is put in D3hot
 * and back to D0 by Linux's PCI core, after the suspend callback and before
 * the resume callback.  IRP_MN_WAIT_WAKE: see wdmdma_po_wait_wake().
 * Anything else keeps the status its sender preset.
 *
 * Return: the IRP's status, or STATUS_PENDING.
 */
NTSTATUS wdmdma_power_pdo(PDEVICE_OBJECT pdo, PIRP Irp)
{
	PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(Irp);
	NTSTATUS status = Irp->IoStatus.Status;

	switch (sl->MinorFunction) {
	case IRP_MN_SET_POWER:
		if (sl->Parameters.Power.Type == DevicePowerState &&
		    wdmdma_po_device_state_ok(sl->Parameters.Power.State.DeviceState))
			PoSetPowerState(pdo, DevicePowerState, sl->Parameters.Power.State);
		status = STATUS_SUCCESS;
		break;
	case IRP_MN_QUERY_POWER:
		status = STATUS_SUCCESS;
		break;
	case IRP_MN_WAIT_WAKE:
		return wdmdma_po_wait_wake(pdo, Irp);
	default:
		break;
	}
	Irp->IoStatus.Status = status;
	IoCompleteRequest(Irp, IO_NO_INCREMENT);
	return status;
}

/* Send a system power IRP to the top of @pdo's stack and wait for it. */
static NTSTATUS wdmdma_po_sys_irp(PDEVICE_OBJECT pdo, UCHAR minor, SYSTEM_POWER_STATE state,
				  POWER_ACTION action)
{
	IO_STACK_LOCATION loc = { .MajorFunction = IRP_MJ_POWER, .MinorFunction = minor };
	PSYSTEM_POWER_STATE_CONTEXT ctx = &loc.Parameters.Power.SystemPowerStateContext;

	ctx->TargetSystemState = state;
	ctx->EffectiveSystemState = state;
	ctx->CurrentSystemState = wdmdma_po_recorded(pdo, SystemPowerState);
	loc.Parameters.Power.Type = SystemPowerState;
	loc.Parameters.Power.State.SystemState = state;
	loc.Parameters.Power.ShutdownType = action;
	return wdmdma_stack_send(pdo, &loc, PoCallDriver, NULL);
}

/*
 * A system transition of @pdo's stack to @state: IRP_MN_QUERY_POWER (not
 * for S0), IRP_MN_SET_POWER, then the device IRPs the policy owner
 * requested meanwhile are waited for.
 */
static int wdmdma_po_system(PDEVICE_OBJECT pdo, SYSTEM_POWER_STATE state, POWER_ACTION action,
			    const char *call)
{
	struct device *dev = wdmdma_pdo_device(pdo);
	POWER_STATE ps = { .SystemState = state };
	NTSTATUS status;
	int ret = 0;

	if (unlikely(!dev)) {
		wdmdma_report(NULL, call, "%p is not a PDO", pdo);
		return -EINVAL;
	}
	if (unlikely(wdmdma_atomic_context())) {
		wdmdma_report(NULL, call, "called in atomic context");
		return -EINVAL;
	}
	mutex_lock(&wdmdma_po_sys_lock);
	if (state != PowerSystemWorking) {
		status = wdmdma_po_sys_irp(pdo, IRP_MN_QUERY_POWER, state, action);
		if (!NT_SUCCESS(status)) {
			dev_info(dev, "%s: IRP_MN_QUERY_POWER for S%d failed (%#x): suspend vetoed\n",
				 call, state - 1, status);
			ret = -EBUSY;
			goto out;
		}
	}
	WRITE_ONCE(wdmdma_po_action, action);
	status = wdmdma_po_sys_irp(pdo, IRP_MN_SET_POWER, state, action);
	PoSetPowerState(pdo, SystemPowerState, ps);
	if (!wait_event_timeout(wdmdma_po_wq, !wdmdma_po_reqs_busy(wdmdma_po_base(pdo)),
				WDMDMA_PO_DIRP_TIMEOUT)) {
		wdmdma_report(NULL, call, "%s: a device power IRP did not complete in %d s",
			      dev_name(dev), WDMDMA_PO_DIRP_TIMEOUT / HZ);
		ret = -ETIMEDOUT;
	}
	WRITE_ONCE(wdmdma_po_action, PowerActionNone);
	if (!NT_SUCCESS(status)) {
		wdmdma_report(NULL, call, "%s: IRP_MN_SET_POWER for S%d failed (%#x)",
			      dev_name(dev), state - 1, status);
		ret = -EIO;
	}
out:
	mutex_unlock(&wdmdma_po_sys_lock);
	return ret;
}

/**
 * wdmdma_pnp_suspend() - Linux suspends the device: the system goes to S3
 * @pdo: the PDO of a started stack
 *
 * Return: 0; -EBUSY when a driver failed IRP_MN_QUERY_POWER (nothing was
 * set: Linux aborts the suspend); -EIO, -ETIMEDOUT, -EINVAL (reported).
 */
int wdmdma_pnp_suspend(PDEVICE_OBJECT pdo)
{
	return wdmdma_po_system(pdo, PowerSystemSleeping3, PowerActionSleep,
				"wdmdma_pnp_suspend");
}
EXPORT_SYMBOL_GPL(wdmdma_pnp_suspend);

/**
 * wdmdma_pnp_hibernate() - Linux freezes or powers off the device for
 *	hibernation: the system goes to S4
 * @pdo: the PDO of a started stack
 *
 * Return: as wdmdma_pnp_suspend().
 */
int wdmdma_pnp_hibernate(PDEVICE_OBJECT pdo)
{
	return wdmdma_po_system(pdo, PowerSystemHibernate, PowerActionHibernate,
				"wdmdma_pnp_hibernate");
}
EXPORT_SYMBOL_GPL(wdmdma_pnp_hibernate);

/**
 * wdmdma_pnp_resume() - Linux resumes the device: the system is in S0 again
 * @pdo: the PDO of a started stack
 *
 * Return: 0 once the system IRP and the device IRPs it caused (D0) have
 * completed; -EIO, -ETIMEDOUT, -EINVAL (reported).
 */
int wdmdma_pnp_resume(PDEVICE_OBJECT pdo)
{
	return wdmdma_po_system(pdo, PowerSystemWorking, PowerActionNone, "wdmdma_pnp_resume");
}
EXPORT_SYMBOL_GPL(wdmdma_pnp_resume);

static void wdmdma_po_idle_release(struct kref *ref)
{
	struct wdmdma_po_idle *i = container_of(ref, struct wdmdma_po_idle, ref);

	ObDereferenceObject(i->devobj);
	kfree(i);
}

/* @d's registration; under wdmdma_po_lock */
static struct wdmdma_po_idle *wdmdma_po_idle_find(PDEVICE_OBJECT d, PULONG counter)
{
	struct wdmdma_po_idle *i;

	list_for_each_entry(i, &wdmdma_po_idle_list, link)
		if (i->devobj == d || &i->counter == counter)
			return i;
	return NULL;
}

static bool wdmdma_po_deleted(PDEVICE_OBJECT d)
{
	PDEVOBJ_EXTENSION doe = d->DeviceObjectExtension;

	return doe && (READ_ONCE(doe->ExtensionFlags) & DOE_DELETE_PENDING);
}

/*
 * Once a second: every registration's idle counter goes up (stays 0 while
 * busy); one that reached its timeout gets its device IRP, once per idle
 * period.  The IRPs are sent outside the lock.
 */
static void wdmdma_po_idle_tick(struct work_struct *work)
{
	struct wdmdma_po_idle *send[WDMDMA_PO_IDLE_BATCH], *i, *n;
	POWER_STATE ps;
	unsigned int count = 0, k;
	unsigned long flags;
	bool again;
	ULONG c;

	spin_lock_irqsave(&wdmdma_po_lock, flags);
	list_for_each_entry_safe(i, n, &wdmdma_po_idle_list, link) {
		if (wdmdma_po_deleted(i->devobj))
			continue;	/* reported at unload */
		c = READ_ONCE(i->counter);
		if (!c)
			i->sent = false;	/* busy since the last tick: a new idle period */
		c = i->busy ? 0 : c + (c != U32_MAX);
		WRITE_ONCE(i->counter, c);
		if (!i->timeout || i->sent || c < i->timeout || count == ARRAY_SIZE(send))
			continue;
		i->sent = true;
		if (wdmdma_po_recorded(i->devobj, DevicePowerState) == i->state)
			continue;	/* there already */
		kref_get(&i->ref);
		send[count++] = i;
	}
	again = !list_empty(&wdmdma_po_idle_list);
	spin_unlock_irqrestore(&wdmdma_po_lock, flags);

	for (k = 0; k < count; k++) {
		ps.DeviceState = send[k]->state;
		PoRequestPowerIrp(send[k]->devobj, IRP_MN_SET_POWER, ps, NULL, NULL, NULL);
		kref_put(&send[k]->ref, wdmdma_po_idle_release);
	}
	if (again)
		queue_delayed_work(system_freezable_wq, &wdmdma_po_idle_work, HZ);
}

/**
 * PoRegisterDeviceForIdleDetection() - have a device powered down when idle
 * @DeviceObject: the device object (its stack gets the IRP)
 * @ConservationIdleTime: idle seconds under the power-saving policy: not
 *	used (Linux has no such policy here; the machine counts as on AC power)
 * @PerformanceIdleTime: idle seconds after which an IRP_MN_SET_POWER for
 *	@State goes to the top of the stack; 0: never
 * @State: the device power state to request (D1, D2 or D3)
 *
 * The idle counter goes up once a second, not while the system sleeps;
 * PoSetDeviceBusy() / PoSetDeviceBusyEx() reset it, PoStartDeviceBusy()
 * holds it at 0 until PoEndDeviceBusy().  The IRP is sent once per idle
 * period, and not when the recorded device state is @State already.  Both
 * times 0 cancel the registration.  A registration holds a reference on
 * @DeviceObject: cancel it before deleting the device.  Registering again
 * changes the times and @State and returns the same counter.
 *
 * Context: at or below DISPATCH_LEVEL.
 * Return: the idle counter for PoSetDeviceBusy(); NULL when cancelled, out
 * of memory, or on misuse (reported).
 */
PULONG PoRegisterDeviceForIdleDetection(PDEVICE_OBJECT DeviceObject,
					ULONG ConservationIdleTime, ULONG PerformanceIdleTime,
					DEVICE_POWER_STATE State)
{
	struct wdmdma_po_idle *i, *fresh = NULL;
	unsigned long flags;

	if (unlikely(!DeviceObject)) {
		wdmdma_report(NULL, "PoRegisterDeviceForIdleDetection", "NULL DeviceObject");
		return NULL;
	}
	if (!ConservationIdleTime && !PerformanceIdleTime) {
		spin_lock_irqsave(&wdmdma_po_lock, flags);
		i = wdmdma_po_idle_find(DeviceObject, NULL);
		if (i)
			list_del(&i->link);
		spin_unlock_irqrestore(&wdmdma_po_lock, flags);
		if (i)
			kref_put(&i->ref, wdmdma_po_idle_release);
		return NULL;
	}
	if (unlikely(State < PowerDeviceD1 || State > PowerDeviceD3)) {
		wdmdma_report(NULL, "PoRegisterDeviceForIdleDetection",
			      "device %p: bad State %d (D1, D2 or D3)", DeviceObject, State);
		return NULL;
	}
	fresh = kzalloc(sizeof(*fresh), wdmdma_gfp());
	if (!fresh)
		return NULL;
	kref_init(&fresh->ref);
	fresh->devobj = DeviceObject;
	ObReferenceObject(DeviceObject);	/* the registration's, if it is new */
	spin_lock_irqsave(&wdmdma_po_lock, flags);
	i = wdmdma_po_idle_find(DeviceObject, NULL);
	if (!i) {
		i = fresh;
		fresh = NULL;
		list_add_tail(&i->link, &wdmdma_po_idle_list);
	}
	i->timeout = PerformanceIdleTime;
	i->state = State;
	i->sent = false;
	WRITE_ONCE(i->counter, 0);
	spin_unlock_irqrestore(&wdmdma_po_lock, flags);
	if (fresh) {		/* registered already */
		ObDereferenceObject(DeviceObject);
		kfree(fresh);
	}
	queue_delayed_work(system_freezable_wq, &wdmdma_po_idle_work, HZ);
	return &i->counter;
}
EXPORT_SYMBOL_GPL(PoRegisterDeviceForIdleDetection);

/**
 * PoSetDeviceBusyEx() - the device is in use: reset its idle counter
 * @IdlePointer: what PoRegisterDeviceForIdleDetection() returned
 *
 * Context: any.
 */
void PoSetDeviceBusyEx(PULONG IdlePointer)
{
	if (unlikely(!IdlePointer)) {
		wdmdma_report(NULL, "PoSetDeviceBusyEx", "NULL IdlePointer");
		return;
	}
	WRITE_ONCE(*IdlePointer, 0);
}
EXPORT_SYMBOL_GPL(PoSetDeviceBusyEx);

static void wdmdma_po_busy(PULONG IdlePointer, int delta, const char *call)
{
	struct wdmdma_po_idle *i;
	const char *bad = NULL;
	unsigned long flags;

	spin_lock_irqsave(&wdmdma_po_lock, flags);
	i = IdlePointer ? wdmdma_po_idle_find(NULL, IdlePointer) : NULL;
	if (!i)
		bad = "IdlePointer is not from PoRegisterDeviceForIdleDetection";
	else if (delta < 0 && !i->busy)
		bad = "PoEndDeviceBusy without PoStartDeviceBusy";
	else
		i->busy += delta;
	if (i)
		WRITE_ONCE(i->counter, 0);
	spin_unlock_irqrestore(&wdmdma_po_lock, flags);
	if (bad)
		wdmdma_report(NULL, call, "%s", bad);
}

/**
 * PoStartDeviceBusy() - the device is busy until PoEndDeviceBusy()
 * @IdlePointer: what PoRegisterDeviceForIdleDetection() returned
 *
 * Calls nest.  Context: at or below DISPATCH_LEVEL.
 */
void PoStartDeviceBusy(PULONG IdlePointer)
{
	wdmdma_po_busy(IdlePointer, 1, "PoStartDeviceBusy");
}
EXPORT_SYMBOL_GPL(PoStartDeviceBusy);

/**
 * PoEndDeviceBusy() - end one PoStartDeviceBusy(); idle time counts again
 * @IdlePointer: what PoRegisterDeviceForIdleDetection() returned
 *
 * Context: at or below DISPATCH_LEVEL.
 */
void PoEndDeviceBusy(PULONG IdlePointer)
{
	wdmdma_po_busy(IdlePointer, -1, "PoEndDeviceBusy");
}
EXPORT_SYMBOL_GPL(PoEndDeviceBusy);

/**
 * wdmdma_power_exit() - module exit: stop idle detection
 *
 * Registrations left behind are reported and dropped.
 */
void wdmdma_power_exit(void)
{
	struct wdmdma_po_idle *i, *n;
	unsigned long flags;
	LIST_HEAD(gone);

	spin_lock_irqsave(&wdmdma_po_lock, flags);
	list_splice_init(&wdmdma_po_idle_list, &gone);
	spin_unlock_irqrestore(&wdmdma_po_lock, flags);
	cancel_delayed_work_sync(&wdmdma_po_idle_work);
	list_for_each_entry_safe(i, n, &gone, link) {
		wdmdma_report(NULL, "PoRegisterDeviceForIdleDetection",
			      "device %p still registered at unload (cancelled)", i->devobj);
		list_del(&i->link);
		kref_put(&i->ref, wdmdma_po_idle_release);
	}
}
