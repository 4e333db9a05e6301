// SPDX-License-Identifier: GPL-2.0
/*
 * Callback objects (<wdm/callback.h>): ExCreateCallback,
 * ExRegisterCallback, ExUnregisterCallback, ExNotifyCallback.
 *
 * A callback object is named (\Callback\Name) and lives in one namespace,
 * the list of live objects.  ExCreateCallback opens an object by name (the
 * comparison ignores case with OBJ_CASE_INSENSITIVE) or, with Create,
 * makes one; either way the caller gets a reference, dropped with
 * ObDereferenceObject().  Each registration holds a reference too.  An
 * object goes with its last reference, OBJ_PERMANENT or not (there is no
 * ZwMakeTemporaryObject to undo it with).
 *
 * The system's objects are made at module load and never go:
 * \Callback\PowerState is notified from Linux's PM notifier
 * (PO_CB_SYSTEM_STATE_LOCK, Argument2 0 before system sleep, 1 after
 * resume); \Callback\SetSystemTime, \Callback\ProcessorAdd,
 * \Callback\PowerStateChange... are there to open and register with, but
 * nothing notifies them (Linux has no clock-set or processor-add event a
 * module can hook).  Any driver may notify any object, as on Windows.
 *
 * ExNotifyCallback calls each registered routine outside the object's lock,
 * holding the registration busy; ExUnregisterCallback marks a registration
 * dead (never called again), then waits for calls in progress when it may
 * sleep.  Called from inside its own routine, or where it cannot sleep, it
 * leaves the registration to the last call in progress to free.
 *
 * LOCKING
 *
 * wdmdma_cb_lock (irqsave; innermost) guards the namespace list, every
 * object's reference count and registration list, and each registration's
 * dead flag, busy count and caller.  No routine runs under it.
 */
#define pr_fmt(fmt) "wdmdma: " fmt

#include <linux/slab.h>
#include <linux/suspend.h>
#include <linux/wait.h>

#include "rt.h"
#include <wdm/rtlstring.h>
#include <wdm/callback.h>

#undef __out	/* SAL's; wait_event() uses the name */

#define WDMDMA_CB_NAME_MAX	128	/* WCHARs of a callback object's name */

/**
 * struct _CALLBACK_OBJECT - a callback object
 * @node: on wdmdma_cb_objects
 * @refs: references: ExCreateCallback's, registrations', the system's
 * @multiple: AllowMultipleCallbacks
 * @system: made by wdmdma (never freed before module exit)
 * @regs: its registrations, oldest first
 * @name: its name (@name_len WCHARs)
 * @name_len: WCHARs in @name
 */
struct _CALLBACK_OBJECT {
	struct list_head node;
	long refs;
	bool multiple;
	bool system;
	struct list_head regs;
	WCHAR name[WDMDMA_CB_NAME_MAX];
	USHORT name_len;
};

/**
 * struct wdmdma_cb_reg - a registration ExRegisterCallback returns
 * @node: on its object's @regs
 * @obj: the object (referenced)
 * @fn: the routine
 * @ctx: its CallbackContext
 * @busy: calls in progress
 * @dead: unregistered: never called again
 * @deferred: ExUnregisterCallback did not wait: the call that brings
 *	@busy to 0 frees it
 * @caller: the task of the last call started (to catch a routine that
 *	unregisters itself)
 */
struct wdmdma_cb_reg {
	struct list_head node;
	PCALLBACK_OBJECT obj;
	PCALLBACK_FUNCTION fn;
	PVOID ctx;
	unsigned int busy;
	bool dead;
	bool deferred;
	struct task_struct *caller;
};

static DEFINE_SPINLOCK(wdmdma_cb_lock);
static LIST_HEAD(wdmdma_cb_objects);
static DECLARE_WAIT_QUEUE_HEAD(wdmdma_cb_idle);

/* The documented system objects */
static const char *const wdmdma_cb_system[] = {
	"\\Callback\\PowerState",
	"\\Callback\\SetSystemTime",
	"\\Callback\\ProcessorAdd",
	"\\Callback\\PowerStateChange",
};

static PCALLBACK_OBJECT wdmdma_cb_power;

static bool wdmdma_cb_is_object(PVOID p)
{
	PCALLBACK_OBJECT o;

	lockdep_assert_held(&wdmdma_cb_lock);
	list_for_each_entry(o, &wdmdma_cb_objects, node)
		if (o == p)
			return true;
	return false;
}

static bool wdmdma_cb_is_reg(PVOID p)
{
	struct wdmdma_cb_reg *r;
	PCALLBACK_OBJECT o;

	lockdep_assert_held(&wdmdma_cb_lock);
	list_for_each_entry(o, &wdmdma_cb_objects, node)
		list_for_each_entry(r, &o->regs, node)
			if (r == p)
				return true;
	return false;
}

/* Drop a reference under the lock; true when the caller must free @o. */
static bool wdmdma_cb_put_locked(PCALLBACK_OBJECT o)
{
	lockdep_assert_held(&wdmdma_cb_lock);
	if (--o->refs)
		return false;
	list_del(&o->node);
	return true;
}

static PCALLBACK_OBJECT wdmdma_cb_find(const WCHAR *name, USHORT len, bool nocase)
{
	UNICODE_STRING a = { len * sizeof(WCHAR), len * sizeof(WCHAR), (PWSTR)name }, b;
	PCALLBACK_OBJECT o;

	lockdep_assert_held(&wdmdma_cb_lock);
	list_for_each_entry(o, &wdmdma_cb_objects, node) {
		b.Length = o->name_len * sizeof(WCHAR);
		b.MaximumLength = b.Length;
		b.Buffer = o->name;
		if (RtlEqualUnicodeString(&a, &b, nocase))
			return o;
	}
	return NULL;
}

static PCALLBACK_OBJECT wdmdma_cb_alloc(const WCHAR *name, USHORT len, bool multiple)
{
	PCALLBACK_OBJECT o = kzalloc(sizeof(*o), GFP_KERNEL);

	if (!o)
		return NULL;
	INIT_LIST_HEAD(&o->regs);
	o->refs = 1;
	o->multiple = multiple;
	memcpy(o->name, name, len * sizeof(WCHAR));
	o->name_len = len;
	return o;
}

/**
 * ExCreateCallback() - open a callback object by name, or make it
 * @CallbackObject: receives the object (referenced: ObDereferenceObject())
 * @ObjectAttributes: its ObjectName (required; up to 128 characters) and
 *	Attributes (OBJ_CASE_INSENSITIVE compares the name ignoring case)
 * @Create: make the object when none has the name
 * @AllowMultipleCallbacks: a made object takes more than one registration
 *
 * Context: PASSIVE_LEVEL.
 * Return: STATUS_SUCCESS; STATUS_UNSUCCESSFUL for an unnamed object (as
 * documented); STATUS_OBJECT_NAME_NOT_FOUND when none has the name and
 * @Create is FALSE; STATUS_INVALID_PARAMETER (reported) for NULL
 * arguments or a name too long; STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS ExCreateCallback(PCALLBACK_OBJECT *CallbackObject, POBJECT_ATTRIBUTES ObjectAttributes,
			  BOOLEAN Create, BOOLEAN AllowMultipleCallbacks)
{
	PCALLBACK_OBJECT o, made = NULL;
	PUNICODE_STRING name;
	unsigned long flags;
	bool nocase;
	USHORT len;

	if (unlikely(!CallbackObject || !ObjectAttributes)) {
		wdmdma_report(NULL, "ExCreateCallback", "NULL %s",
			      CallbackObject ? "ObjectAttributes" : "CallbackObject");
		return STATUS_INVALID_PARAMETER;
	}
	*CallbackObject = NULL;
	name = ObjectAttributes->ObjectName;
	if (!name || !name->Buffer || name->Length < sizeof(WCHAR))
		return STATUS_UNSUCCESSFUL;
	len = name->Length / sizeof(WCHAR);
	if (unlikely(len > WDMDMA_CB_NAME_MAX)) {
		wdmdma_report(NULL, "ExCreateCallback", "name longer than %d characters",
			      WDMDMA_CB_NAME_MAX);
		return STATUS_INVALID_PARAMETER;
	}
	if (unlikely(wdmdma_atomic_context())) {
		wdmdma_report(NULL, "ExCreateCallback", "called above PASSIVE_LEVEL");
		return STATUS_INVALID_PARAMETER;
	}
	nocase = ObjectAttributes->Attributes & OBJ_CASE_INSENSITIVE;
	if (Create) {
		made = wdmdma_cb_alloc(name->Buffer, len, AllowMultipleCallbacks);
		if (!made)
			return STATUS_INSUFFICIENT_RESOURCES;
	}
	spin_lock_irqsave(&wdmdma_cb_lock, flags);
	o = wdmdma_cb_find(name->Buffer, len, nocase);
	if (o) {
		o->refs++;
	} else if (made) {
		list_add_tail(&made->node, &wdmdma_cb_objects);
		o = made;
		made = NULL;
	}
	spin_unlock_irqrestore(&wdmdma_cb_lock, flags);
	kfree(made);
	if (!o)
		return STATUS_OBJECT_NAME_NOT_FOUND;
	*CallbackObject = o;
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(ExCreateCallback);

/**
 * ExRegisterCallback() - register a routine with a callback object
 * @CallbackObject: the object (from ExCreateCallback)
 * @CallbackFunction: the routine ExNotifyCallback() calls, with
 *	@CallbackContext and its two arguments, at the notifier's IRQL
 * @CallbackContext: passed to @CallbackFunction
 *
 * Context: at or below APC_LEVEL.
 * Return: the registration (for ExUnregisterCallback()), or NULL when the
 * object takes one registration and has it, for a bad argument (reported)
 * or without memory.
 */
PVOID ExRegisterCallback(PCALLBACK_OBJECT CallbackObject, PCALLBACK_FUNCTION CallbackFunction,
			 PVOID CallbackContext)
{
	struct wdmdma_cb_reg *r;
	const char *bad = NULL;
	unsigned long flags;

	if (unlikely(!CallbackFunction)) {
		wdmdma_report(NULL, "ExRegisterCallback", "NULL CallbackFunction");
		return NULL;
	}
	r = kzalloc(sizeof(*r), wdmdma_gfp());
	if (!r)
		return NULL;
	r->obj = CallbackObject;
	r->fn = CallbackFunction;
	r->ctx = CallbackContext;
	spin_lock_irqsave(&wdmdma_cb_lock, flags);
	if (!wdmdma_cb_is_object(CallbackObject)) {
		bad = "not a callback object";
	} else if (!CallbackObject->multiple && !list_empty(&CallbackObject->regs)) {
		bad = "";	/* documented: NULL, not a misuse */
	} else {
		CallbackObject->refs++;
		list_add_tail(&r->node, &CallbackObject->regs);
	}
	spin_unlock_irqrestore(&wdmdma_cb_lock, flags);
	if (!bad)
		return r;
	if (*bad)
		wdmdma_report(NULL, "ExRegisterCallback", "%p is %s", CallbackObject, bad);
	kfree(r);
	return NULL;
}
EXPORT_SYMBOL_GPL(ExRegisterCallback);

/* Free @r and drop its reference on the object; both off every list. */
static void wdmdma_cb_reg_free(struct wdmdma_cb_reg *r)
{
	PCALLBACK_OBJECT o = r->obj;
	unsigned long flags;
	bool free_obj;

	spin_lock_irqsave(&wdmdma_cb_lock, flags);
	list_del(&r->node);
	free_obj = wdmdma_cb_put_locked(o);
	spin_unlock_irqrestore(&wdmdma_cb_lock, flags);
	kfree(r);
	if (free_obj)
		kfree(o);
}

static bool wdmdma_cb_reg_idle(struct wdmdma_cb_reg *r)
{
	unsigned long flags;
	bool idle;

	spin_lock_irqsave(&wdmdma_cb_lock, flags);
	idle = !r->busy;
	spin_unlock_irqrestore(&wdmdma_cb_lock, flags);
	return idle;
}

/**
 * ExUnregisterCallback() - remove a registration
 * @CallbackRegistration: what ExRegisterCallback() returned
 *
 * The routine is not called again once this returns.  Where the caller
 * may sleep, this also waits for calls of it in progress on other CPUs;
 * from inside the routine itself, or where it cannot sleep, the last call
 * in progress frees the registration.
 *
 * Context: at or below APC_LEVEL.
 */
void ExUnregisterCallback(PVOID CallbackRegistration)
{
	struct wdmdma_cb_reg *r = CallbackRegistration;
	bool can_sleep = !wdmdma_atomic_context();	/* before the lock turns irqs off */
	unsigned long flags;
	bool wait, busy;

	spin_lock_irqsave(&wdmdma_cb_lock, flags);
	if (!wdmdma_cb_is_reg(r) || r->dead) {
		spin_unlock_irqrestore(&wdmdma_cb_lock, flags);
		wdmdma_report(NULL, "ExUnregisterCallback",
			      "%p is not a registration (unregistered already?)", r);
		return;
	}
	r->dead = true;
	busy = r->busy;
	wait = busy && can_sleep && !(r->busy == 1 && r->caller == current);
	r->deferred = busy && !wait;
	spin_unlock_irqrestore(&wdmdma_cb_lock, flags);
	if (busy && !wait)
		return;			/* the last call in progress frees it */
	if (wait)
		wait_event(wdmdma_cb_idle, wdmdma_cb_reg_idle(r));
	wdmdma_cb_reg_free(r);
}
EXPORT_SYMBOL_GPL(ExUnregisterCallback);

/**
 * ExNotifyCallback() - call every routine registered with a callback object
 * @CallbackObject: the object
 * @Argument1: passed to each routine
 * @Argument2: passed to each routine
 *
 * Routines run one after the other, in the order they registered, on the
 * caller's thread at its IRQL, with no wdmdma lock held (a routine may
 * register or unregister).
 *
 * Context: at or below DISPATCH_LEVEL.
 */
void ExNotifyCallback(PVOID CallbackObject, PVOID Argument1, PVOID Argument2)
{
	PCALLBACK_OBJECT o = CallbackObject;
	struct wdmdma_cb_reg *r, *next;
	bool waiter = false;
	unsigned long flags;

	spin_lock_irqsave(&wdmdma_cb_lock, flags);
	if (!wdmdma_cb_is_object(o)) {
		spin_unlock_irqrestore(&wdmdma_cb_lock, flags);
		wdmdma_report(NULL, "ExNotifyCallback", "%p is not a callback object", o);
		return;
	}
	o->refs++;		/* the object stays while its routines run */
	r = list_first_entry_or_null(&o->regs, struct wdmdma_cb_reg, node);
	while (r) {
		if (r->dead) {
			r = list_is_last(&r->node, &o->regs) ? NULL : list_next_entry(r, node);
			continue;
		}
		r->busy++;
		r->caller = current;
		spin_unlock_irqrestore(&wdmdma_cb_lock, flags);
		r->fn(r->ctx, Argument1, Argument2);
		spin_lock_irqsave(&wdmdma_cb_lock, flags);
		r->busy--;
		next = list_is_last(&r->node, &o->regs) ? NULL : list_next_entry(r, node);
		if (r->dead && !r->busy) {
			if (r->deferred) {
				/* unregistered meanwhile by a caller that did not wait */
				list_del(&r->node);
				o->refs--;	/* its reference; ours keeps the object */
				kfree(r);
			}
			waiter = true;
		}
		r = next;
	}
	if (wdmdma_cb_put_locked(o)) {
		spin_unlock_irqrestore(&wdmdma_cb_lock, flags);
		kfree(o);
	} else {
		spin_unlock_irqrestore(&wdmdma_cb_lock, flags);
	}
	if (waiter)
		wake_up_all(&wdmdma_cb_idle);
}
EXPORT_SYMBOL_GPL(ExNotifyCallback);

/**
 * wdmdma_callback_ref() - ObReferenceObject() on a callback object
 * @object: the pointer a driver passed
 * @count: receives the new reference count
 *
 * Return: whether @object is a callback object (else nothing was done).
 */
bool wdmdma_callback_ref(PVOID object, LONG_PTR *count)
{
	unsigned long flags;
	bool is;

	spin_lock_irqsave(&wdmdma_cb_lock, flags);
	is = wdmdma_cb_is_object(object);
	if (is)
		*count = ++((PCALLBACK_OBJECT)object)->refs;
	spin_unlock_irqrestore(&wdmdma_cb_lock, flags);
	return is;
}

/**
 * wdmdma_callback_deref() - ObDereferenceObject() on a callback object
 * @object: the pointer a driver passed
 * @count: receives the new reference count
 *
 * The last reference frees the object; a system object keeps the one
 * wdmdma holds (dropping that is reported).
 *
 * Return: whether @object is a callback object (else nothing was done).
 */
bool wdmdma_callback_deref(PVOID object, LONG_PTR *count)
{
	PCALLBACK_OBJECT o = object;
	bool is, free_obj = false, bad;
	unsigned long flags;

	spin_lock_irqsave(&wdmdma_cb_lock, flags);
	is = wdmdma_cb_is_object(o);
	bad = is && o->system && o->refs <= 1;
	if (is && !bad)
		free_obj = wdmdma_cb_put_locked(o);
	if (is)
		*count = o->refs;
	spin_unlock_irqrestore(&wdmdma_cb_lock, flags);
	if (bad)
		wdmdma_report(NULL, "ObDereferenceObject",
			      "callback object %p: reference not taken", o);
	if (free_obj)
		kfree(o);
	return is;
}

#ifdef CONFIG_PM_SLEEP
static int wdmdma_cb_pm(struct notifier_block *nb, unsigned long event, void *unused)
{
	switch (event) {
	case PM_SUSPEND_PREPARE:
	case PM_HIBERNATION_PREPARE:
		ExNotifyCallback(wdmdma_cb_power, (PVOID)PO_CB_SYSTEM_STATE_LOCK, (PVOID)0);
		break;
	case PM_POST_SUSPEND:
	case PM_POST_HIBERNATION:
		ExNotifyCallback(wdmdma_cb_power, (PVOID)PO_CB_SYSTEM_STATE_LOCK, (PVOID)1);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block wdmdma_cb_pm_nb = {
	.notifier_call = wdmdma_cb_pm,
};
#endif

/**
 * wdmdma_callback_init() - make the system callback objects
 *
 * Return: 0 or -ENOMEM.
 */
int wdmdma_callback_init(void)
{
	WCHAR name[WDMDMA_CB_NAME_MAX];
	PCALLBACK_OBJECT o;
	unsigned int i;
	USHORT len;

	for (i = 0; i < ARRAY_SIZE(wdmdma_cb_system); i++) {
		for (len = 0; wdmdma_cb_system[i][len]; len++)
			name[len] = wdmdma_cb_system[i][len];
		o = wdmdma_cb_alloc(name, len, true);
		if (!o) {
			wdmdma_callback_exit();
			return -ENOMEM;
		}
		o->system = true;
		spin_lock_irq(&wdmdma_cb_lock);
		list_add_tail(&o->node, &wdmdma_cb_objects);
		spin_unlock_irq(&wdmdma_cb_lock);
		if (i == 0)
			wdmdma_cb_power = o;
	}
#ifdef CONFIG_PM_SLEEP
	register_pm_notifier(&wdmdma_cb_pm_nb);
#endif
	return 0;
}

/**
 * wdmdma_callback_exit() - free every callback object and registration
 *
 * Drivers should have unregistered and dropped theirs; what is left is
 * reported and freed.
 */
void wdmdma_callback_exit(void)
{
	struct wdmdma_cb_reg *r, *rn;
	PCALLBACK_OBJECT o, on;
	LIST_HEAD(gone);

#ifdef CONFIG_PM_SLEEP
	if (wdmdma_cb_power)
		unregister_pm_notifier(&wdmdma_cb_pm_nb);
#endif
	spin_lock_irq(&wdmdma_cb_lock);
	list_splice_init(&wdmdma_cb_objects, &gone);
	spin_unlock_irq(&wdmdma_cb_lock);
	list_for_each_entry_safe(o, on, &gone, node) {
		if (!o->system || !list_empty(&o->regs) || o->refs > 1)
			wdmdma_report(NULL, "ExCreateCallback",
				      "callback object %p still referenced at unload (freed)", o);
		list_for_each_entry_safe(r, rn, &o->regs, node)
			kfree(r);
		kfree(o);
	}
	wdmdma_cb_power = NULL;
}
