// SPDX-License-Identifier: GPL-2.0
/*
 * System threads: PsCreateSystemThread() runs the start routine in a
 * kernel thread at PASSIVE_LEVEL and hands out a kernel handle;
 * ObReferenceObjectByHandle() turns the handle into the thread object, a
 * dispatcher object signaled when the thread ends (returns, or calls
 * PsTerminateSystemThread()).  ZwClose() closes the handle.  Also the
 * current-thread queries and the critical regions.
 *
 * The thread object (struct _KTHREAD, which a PETHREAD also points to)
 * is counted: the handle, the running thread and each reference taken
 * with ObReferenceObjectByHandle() or ObReferenceObject() hold one; the
 * last ObDereferenceObject() or ZwClose() frees it.  A running thread
 * holds a reference on this module, dropped as it exits.  A task that is
 * not a system thread of ours has no thread object: PsGetCurrentThread()
 * gives its task as an identity (an owner of mutexes and resources) that
 * can be compared, not waited on or referenced.
 *
 * Handles are kernel handles as Windows makes them: 0xffffffff80000000
 * plus four times an index into the handle table (an xarray).
 *
 * LOCKING
 *
 * wdmdma_thread_lock (irqsave: ObDereferenceObject() is allowed at
 * DISPATCH_LEVEL; innermost) guards the list of live thread objects and
 * their reference counts, so a pointer is recognized as a thread object
 * (by its presence on the list) and referenced in one step.  The handle
 * table has the xarray's own lock.  The thread object's signal state is
 * the dispatcher's (dispatch.c).
 */
#include <linux/kthread.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/xarray.h>

#include "dispatch.h"

#define WDMDMA_HANDLE_BASE	0x80000000u
#define WDMDMA_HANDLE_MAX	((1u << 29) - 1)

struct _KTHREAD {
	DISPATCHER_HEADER Header;	/* ThreadObject; signaled once it has ended */
	struct list_head link;		/* on wdmdma_threads */
	int refs;
	PKSTART_ROUTINE routine;
	PVOID context;
	NTSTATUS exit_status;		/* STATUS_PENDING while it runs */
	ACCESS_MASK access;		/* what the creator asked for */
	pid_t pid;
};

/* A PETHREAD points to the same object */
struct _ETHREAD {
	struct _KTHREAD kthread;
};

/* *PsThreadType: what ObReferenceObjectByHandle() checks a handle against */
struct _OBJECT_TYPE {
	const char *name;
};

static struct _OBJECT_TYPE wdmdma_thread_type = { .name = "Thread" };
static POBJECT_TYPE wdmdma_thread_type_ptr = &wdmdma_thread_type;
POBJECT_TYPE *PsThreadType = &wdmdma_thread_type_ptr;
EXPORT_SYMBOL_GPL(PsThreadType);

static DEFINE_SPINLOCK(wdmdma_thread_lock);
static LIST_HEAD(wdmdma_threads);
static DEFINE_XARRAY_ALLOC1(wdmdma_handles);

static int wdmdma_thread_main(void *arg);

/**
 * wdmdma_thread_object_size() - the size of a thread object
 *
 * Return: sizeof(struct _KTHREAD), for the dispatcher's type check.
 */
size_t wdmdma_thread_object_size(void)
{
	return sizeof(struct _KTHREAD);
}

/* Is @object a live thread object?  Under wdmdma_thread_lock. */
static bool wdmdma_thread_live(PVOID object)
{
	PKTHREAD t;

	list_for_each_entry(t, &wdmdma_threads, link)
		if (t == object)
			return true;
	return false;
}

/**
 * wdmdma_is_thread() - is @object a live thread object?
 * @object: any pointer
 *
 * Return: true for a thread object not yet freed.
 */
bool wdmdma_is_thread(PVOID object)
{
	unsigned long flags;
	bool live;

	spin_lock_irqsave(&wdmdma_thread_lock, flags);
	live = wdmdma_thread_live(object);
	spin_unlock_irqrestore(&wdmdma_thread_lock, flags);
	return live;
}

/**
 * wdmdma_thread_ref() - take or drop a reference on a thread object
 * @object: what ObReferenceObject() or ObDereferenceObject() got
 * @delta: +1 or -1
 * @count: the new count, when @object is a thread object
 *
 * The last reference frees the object.
 *
 * Return: false when @object is not a thread object (nothing done).
 */
bool wdmdma_thread_ref(PVOID object, int delta, LONG_PTR *count)
{
	PKTHREAD t = object;
	unsigned long flags;
	bool live;

	spin_lock_irqsave(&wdmdma_thread_lock, flags);
	live = wdmdma_thread_live(object);
	if (live) {
		t->refs += delta;
		*count = t->refs;
		if (!t->refs)
			list_del(&t->link);
	}
	spin_unlock_irqrestore(&wdmdma_thread_lock, flags);
	if (live && !*count)
		kfree(t);
	return live;
}

static void wdmdma_thread_put(PKTHREAD t)
{
	LONG_PTR count;

	wdmdma_thread_ref(t, -1, &count);
}

/* The thread object of the calling task, or NULL when it has none */
static PKTHREAD wdmdma_thread_self(void)
{
	if (in_task() && (current->flags & PF_KTHREAD) &&
	    kthread_func(current) == wdmdma_thread_main)
		return kthread_data(current);
	return NULL;
}

/**
 * wdmdma_current_thread() - who the caller is, for ownership
 *
 * Return: the caller's thread object for a system thread, else its task.
 */
PKTHREAD wdmdma_current_thread(void)
{
	PKTHREAD t = wdmdma_thread_self();

	return t ? t : (PKTHREAD)current;
}

/* The end of a system thread: signal its object, drop its references. */
static void __noreturn wdmdma_thread_end(PKTHREAD t, NTSTATUS status)
{
	unsigned long flags;

	flags = wdmdma_dispatch_lock();
	t->exit_status = status;
	WRITE_ONCE(t->Header.SignalState, 1);
	wdmdma_dispatch_signal(&t->Header);
	wdmdma_dispatch_unlock(flags);
	wdmdma_thread_put(t);
	module_put_and_kthread_exit(0);
}

static int wdmdma_thread_main(void *arg)
{
	PKTHREAD t = arg;

	t->routine(t->context);
	wdmdma_thread_end(t, STATUS_SUCCESS);
}

static HANDLE wdmdma_handle(u32 index)
{
	return (HANDLE)(LONG_PTR)(LONG)(WDMDMA_HANDLE_BASE | (index << 2));
}

/* The table index of @h, or 0 when @h is not one of our handles */
static u32 wdmdma_handle_index(HANDLE h)
{
	LONG_PTR v = (LONG_PTR)h;

	if (v != (LONG_PTR)(LONG)v || (v & 3) || !((ULONG)v & WDMDMA_HANDLE_BASE))
		return 0;
	return ((ULONG)v & ~WDMDMA_HANDLE_BASE) >> 2;
}

/**
 * wdmdma_handle_insert() - a kernel handle for another subsystem's object
 * @object: the object (a registry key's handle state); ZwClose() hands
 *	what is not a thread object to wdmdma_registry_close()
 * @handle: receives the handle
 *
 * The one handle table, so that ZwClose() takes every handle wdmdma
 * gives out.  ObReferenceObjectByHandle() refuses these handles
 * (STATUS_INVALID_HANDLE): it turns thread handles into objects only.
 *
 * Return: STATUS_SUCCESS or STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS wdmdma_handle_insert(PVOID object, PHANDLE handle)
{
	u32 index;

	if (xa_alloc(&wdmdma_handles, &index, object, XA_LIMIT(1, WDMDMA_HANDLE_MAX), GFP_KERNEL))
		return STATUS_INSUFFICIENT_RESOURCES;
	*handle = wdmdma_handle(index);
	return STATUS_SUCCESS;
}

/**
 * wdmdma_handle_object() - the object a handle stands for
 * @handle: any handle
 *
 * The caller checks the object is one of its own under its lock (a
 * handle may be closed meanwhile).
 *
 * Return: the object, or NULL.
 */
PVOID wdmdma_handle_object(HANDLE handle)
{
	u32 index = wdmdma_handle_index(handle);

	return index ? xa_load(&wdmdma_handles, index) : NULL;
}

/**
 * wdmdma_handle_remove() - take a handle out of the table, not closing it
 * @handle: a handle from wdmdma_handle_insert()
 *
 * Return: the object it stood for, or NULL.
 */
PVOID wdmdma_handle_remove(HANDLE handle)
{
	u32 index = wdmdma_handle_index(handle);

	return index ? xa_erase(&wdmdma_handles, index) : NULL;
}

/**
 * PsCreateSystemThread() - start a system thread
 * @ThreadHandle: receives the thread's handle (close it with ZwClose())
 * @DesiredAccess: the access the handle grants (THREAD_ALL_ACCESS...)
 * @ObjectAttributes: ignored (a driver passes NULL or OBJ_KERNEL_HANDLE)
 * @ProcessHandle: NULL (or NtCurrentProcess()): the thread belongs to no
 *	process here; anything else is reported and ignored
 * @ClientId: receives the thread's id (a Linux pid) and process id 0, or NULL
 * @StartRoutine: what the thread runs, at PASSIVE_LEVEL; its return ends
 *	the thread as PsTerminateSystemThread(STATUS_SUCCESS) does
 * @StartContext: @StartRoutine's argument
 *
 * The thread is a Linux kernel thread named after @StartRoutine.  A
 * driver must wait for its threads to end before it is unloaded, as on
 * Windows.
 *
 * Context: PASSIVE_LEVEL.
 * Return: STATUS_SUCCESS; STATUS_INVALID_PARAMETER (reported),
 * STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS PsCreateSystemThread(PHANDLE ThreadHandle, ULONG DesiredAccess,
			      POBJECT_ATTRIBUTES ObjectAttributes, HANDLE ProcessHandle,
			      PCLIENT_ID ClientId, PKSTART_ROUTINE StartRoutine, PVOID StartContext)
{
	struct task_struct *task;
	unsigned long flags;
	PKTHREAD t;
	u32 index;

	if (unlikely(!ThreadHandle || !StartRoutine)) {
		wdmdma_report(NULL, "PsCreateSystemThread", "NULL %s",
			      ThreadHandle ? "StartRoutine" : "ThreadHandle");
		return STATUS_INVALID_PARAMETER;
	}
	if (unlikely(wdmdma_atomic_context())) {
		wdmdma_report(NULL, "PsCreateSystemThread", "called above PASSIVE_LEVEL");
		return STATUS_INVALID_PARAMETER;
	}
	if (unlikely(ProcessHandle && ProcessHandle != NtCurrentProcess()))
		wdmdma_report(NULL, "PsCreateSystemThread",
			      "ProcessHandle %p ignored: system threads belong to no process",
			      ProcessHandle);
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return STATUS_INSUFFICIENT_RESOURCES;
	wdmdma_dispatch_init(&t->Header, WDMDMA_OBJ_THREAD, sizeof(*t), 0);
	t->routine = StartRoutine;
	t->context = StartContext;
	t->exit_status = STATUS_PENDING;
	t->access = DesiredAccess;
	t->refs = 2;			/* the handle's and the running thread's */
	if (xa_alloc(&wdmdma_handles, &index, t, XA_LIMIT(1, WDMDMA_HANDLE_MAX), GFP_KERNEL))
		goto err_free;
	task = kthread_create(wdmdma_thread_main, t, "wdm/%ps", StartRoutine);
	if (IS_ERR(task))
		goto err_handle;
	t->pid = task_pid_nr(task);
	__module_get(THIS_MODULE);	/* module_put_and_kthread_exit() drops it */
	spin_lock_irqsave(&wdmdma_thread_lock, flags);
	list_add(&t->link, &wdmdma_threads);
	spin_unlock_irqrestore(&wdmdma_thread_lock, flags);
	*ThreadHandle = wdmdma_handle(index);
	if (ClientId) {
		ClientId->UniqueProcess = NULL;
		ClientId->UniqueThread = (HANDLE)(ULONG_PTR)t->pid;
	}
	wake_up_process(task);
	return STATUS_SUCCESS;

err_handle:
	xa_erase(&wdmdma_handles, index);
err_free:
	kfree(t);
	return STATUS_INSUFFICIENT_RESOURCES;
}
EXPORT_SYMBOL_GPL(PsCreateSystemThread);

/**
 * PsTerminateSystemThread() - end the calling system thread
 * @ExitStatus: its exit status (PsGetThreadExitStatus())
 *
 * Does not return when called by a system thread: its object is signaled
 * and the thread exits.  Called by anything else it is reported.
 *
 * Return: STATUS_INVALID_PARAMETER when the caller is no system thread.
 */
NTSTATUS PsTerminateSystemThread(NTSTATUS ExitStatus)
{
	PKTHREAD t = wdmdma_thread_self();

	if (unlikely(!t)) {
		wdmdma_report(NULL, "PsTerminateSystemThread",
			      "the caller is not a thread of PsCreateSystemThread");
		return STATUS_INVALID_PARAMETER;
	}
	wdmdma_thread_end(t, ExitStatus);
}
EXPORT_SYMBOL_GPL(PsTerminateSystemThread);

/**
 * PsGetThreadExitStatus() - a thread's exit status
 * @Thread: a referenced thread object
 *
 * Return: the status it ended with, STATUS_PENDING while it runs;
 * STATUS_INVALID_PARAMETER for what is no thread object (reported).
 */
NTSTATUS PsGetThreadExitStatus(PETHREAD Thread)
{
	unsigned long flags;
	NTSTATUS status;

	if (unlikely(!Thread || !wdmdma_is_thread(Thread))) {
		wdmdma_report(NULL, "PsGetThreadExitStatus", "%p is not a thread object", Thread);
		return STATUS_INVALID_PARAMETER;
	}
	flags = wdmdma_dispatch_lock();
	status = Thread->kthread.exit_status;
	wdmdma_dispatch_unlock(flags);
	return status;
}
EXPORT_SYMBOL_GPL(PsGetThreadExitStatus);

/**
 * PsGetCurrentThread() - the calling thread
 *
 * Return: the thread object of a system thread; for any other task an
 * identity (not waitable, not counted) that tells threads apart.
 */
PETHREAD PsGetCurrentThread(void)
{
	return (PETHREAD)wdmdma_current_thread();
}
EXPORT_SYMBOL_GPL(PsGetCurrentThread);

/**
 * KeGetCurrentThread() - the calling thread
 *
 * Return: as PsGetCurrentThread().
 */
PKTHREAD KeGetCurrentThread(void)
{
	return wdmdma_current_thread();
}
EXPORT_SYMBOL_GPL(KeGetCurrentThread);

/**
 * PsGetCurrentThreadId() - the calling thread's id
 *
 * Return: its Linux pid (what PsCreateSystemThread()'s ClientId gave).
 */
HANDLE PsGetCurrentThreadId(void)
{
	return (HANDLE)(ULONG_PTR)task_pid_nr(current);
}
EXPORT_SYMBOL_GPL(PsGetCurrentThreadId);

/**
 * PsGetCurrentProcessId() - the calling process's id
 *
 * Return: the Linux thread group id; 0 (the system process) for kernel
 * threads.
 */
HANDLE PsGetCurrentProcessId(void)
{
	if (current->flags & PF_KTHREAD)
		return NULL;
	return (HANDLE)(ULONG_PTR)task_tgid_nr(current);
}
EXPORT_SYMBOL_GPL(PsGetCurrentProcessId);

/**
 * ObReferenceObjectByHandle() - the object a handle designates, referenced
 * @Handle: a handle from PsCreateSystemThread(), or NtCurrentThread() in a
 *	system thread
 * @DesiredAccess: the access wanted; checked against the handle's for a
 *	UserMode @AccessMode only, as on Windows
 * @ObjectType: *PsThreadType, or NULL for any type
 * @AccessMode: KernelMode or UserMode
 * @Object: receives the object (a PKTHREAD / PETHREAD), referenced: drop
 *	the reference with ObDereferenceObject()
 * @HandleInformation: receives the handle's attributes and access, or NULL
 *
 * Context: at or below APC_LEVEL.
 * Return: STATUS_SUCCESS; STATUS_INVALID_HANDLE, STATUS_OBJECT_TYPE_MISMATCH,
 * STATUS_ACCESS_DENIED; STATUS_INVALID_PARAMETER for a NULL @Object
 * (reported).
 */
NTSTATUS ObReferenceObjectByHandle(HANDLE Handle, ACCESS_MASK DesiredAccess,
				   POBJECT_TYPE ObjectType, KPROCESSOR_MODE AccessMode,
				   PVOID *Object, POBJECT_HANDLE_INFORMATION HandleInformation)
{
	unsigned long flags;
	PKTHREAD t = NULL;
	u32 index;

	if (unlikely(!Object)) {
		wdmdma_report(NULL, "ObReferenceObjectByHandle", "NULL Object");
		return STATUS_INVALID_PARAMETER;
	}
	*Object = NULL;
	if (ObjectType && ObjectType != *PsThreadType)
		return STATUS_OBJECT_TYPE_MISMATCH;
	if (Handle == NtCurrentThread()) {
		t = wdmdma_thread_self();
	} else {
		index = wdmdma_handle_index(Handle);
		if (index)
			t = xa_load(&wdmdma_handles, index);
	}
	spin_lock_irqsave(&wdmdma_thread_lock, flags);
	if (t && !wdmdma_thread_live(t))
		t = NULL;		/* closed and freed meanwhile */
	if (t && AccessMode != KernelMode && (DesiredAccess & ~t->access)) {
		spin_unlock_irqrestore(&wdmdma_thread_lock, flags);
		return STATUS_ACCESS_DENIED;
	}
	if (t)
		t->refs++;
	spin_unlock_irqrestore(&wdmdma_thread_lock, flags);
	if (!t)
		return STATUS_INVALID_HANDLE;
	if (HandleInformation) {
		HandleInformation->HandleAttributes = OBJ_KERNEL_HANDLE;
		HandleInformation->GrantedAccess = t->access;
	}
	*Object = t;
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(ObReferenceObjectByHandle);

/**
 * ZwClose() - close a handle
 * @Handle: a handle from PsCreateSystemThread(), or a registry key's
 *	(ZwOpenKey(), ZwCreateKey(), IoOpenDeviceRegistryKey())
 *
 * The handle's reference on its object goes; the object stays while
 * referenced otherwise (the running thread, ObReferenceObjectByHandle()).
 *
 * Context: PASSIVE_LEVEL.
 * Return: STATUS_SUCCESS, or STATUS_INVALID_HANDLE.
 */
NTSTATUS ZwClose(HANDLE Handle)
{
	u32 index = wdmdma_handle_index(Handle);
	PVOID object = index ? xa_erase(&wdmdma_handles, index) : NULL;
	LONG_PTR count;

	if (!object)
		return STATUS_INVALID_HANDLE;
	if (!wdmdma_thread_ref(object, -1, &count))
		wdmdma_registry_close(object);
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(ZwClose);

/**
 * KeEnterCriticalRegion() - hold off normal kernel APCs
 *
 * There are no APCs here: nothing to do.
 */
void KeEnterCriticalRegion(void)
{
}
EXPORT_SYMBOL_GPL(KeEnterCriticalRegion);

/**
 * KeLeaveCriticalRegion() - end what KeEnterCriticalRegion() began
 */
void KeLeaveCriticalRegion(void)
{
}
EXPORT_SYMBOL_GPL(KeLeaveCriticalRegion);

/**
 * wdmdma_thread_exit() - module exit: report and free what drivers left
 *
 * Threads still running hold the module, so none is; objects still
 * referenced or handles not closed are leaks of the drivers.
 */
void wdmdma_thread_exit(void)
{
	unsigned long index, flags;
	PKTHREAD t, next;
	unsigned int n = 0;
	LIST_HEAD(leaked);

	xa_for_each(&wdmdma_handles, index, t)
		n++;
	xa_destroy(&wdmdma_handles);
	spin_lock_irqsave(&wdmdma_thread_lock, flags);
	list_splice_init(&wdmdma_threads, &leaked);
	spin_unlock_irqrestore(&wdmdma_thread_lock, flags);
	list_for_each_entry_safe(t, next, &leaked, link) {
		n++;
		kfree(t);
	}
	if (n)
		wdmdma_report(NULL, "ZwClose", "%u thread handles or references left at unload", n);
}
