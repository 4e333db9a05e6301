// SPDX-License-Identifier: GPL-2.0
/*
 * Handles and names: file objects, the names device objects, symbolic
 * links and device interfaces carry, and IoGetDeviceObjectPointer().
 *
 * FILE OBJECTS
 *
 * A FILE_OBJECT stands for one open of a device: rt/iodev.c makes one per
 * open(2) of a /dev node and IoGetDeviceObjectPointer() one per call.  Its
 * DeviceObject is the device that was opened (the named one, not the top
 * of its stack, as on Windows); it holds a reference on it.  Filled in:
 * Type, Size, DeviceObject, Flags, ReadAccess, WriteAccess,
 * CurrentByteOffset; FsContext and FsContext2 are the driver's.  File
 * objects are counted (ObReferenceObject/ObDereferenceObject); the last
 * reference frees one, after IRP_MJ_CLOSE for those that
 * IoGetDeviceObjectPointer() opened.
 *
 * NAMES
 *
 * There is no object namespace, only a table of names: "\Device\X" from
 * IoCreateDevice(), symbolic links from IoCreateSymbolicLink() and device
 * interfaces from IoRegisterDeviceInterface().  A link whose name is in
 * the DOS device directory (\DosDevices\X, \??\X, \GLOBAL??\X and their
 * Global\ forms) is a /dev node, /dev/X, for as long as the link exists;
 * an enabled interface is /dev/wdm/{guid}/DEV[-ref], DEV the Linux name of
 * the PDO's device.  Names compare without regard to case; the node keeps
 * the case given.  A driver that calls none of these keeps the node its
 * glue made with wdmdma_iodev_create().
 *
 * LOCKING
 *
 * wdmdma_names_lock (a mutex) guards the table and its entries.  Nodes are
 * created under it (no IRP is sent then).  A node whose entry goes is
 * destroyed after the entry is unlisted, outside it; one whose device or
 * stack goes (wdmdma_names_device_gone(), wdmdma_names_stack_closing()) is
 * shut down under it, which sends IRP_MJ_CLEANUP and IRP_MJ_CLOSE for files
 * still open: a driver must not call the routines here from its cleanup
 * and close dispatch routines.  File object references are atomic.
 */
#include <linux/ctype.h>
#include <linux/err.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "../internal.h"
#include <wdm/file.h>
#include <wdm/lists.h>
#include <wdm/rtlstring.h>
#include <wdmdma/iodev.h>

/* Longest name kept, in characters */
#define WDMDMA_NAME_MAX		128

#define WDMDMA_FILE_MAGIC	0x46696c65	/* "File" */

/**
 * struct wdmdma_file - a file object and what wdmdma keeps of it
 * @fo: the FILE_OBJECT drivers see
 * @magic: WDMDMA_FILE_MAGIC while alive
 * @refs: references; the last one frees it
 * @close_at_last: send IRP_MJ_CLOSE when the last reference goes
 */
struct wdmdma_file {
	FILE_OBJECT fo;
	u32 magic;
	atomic_t refs;
	bool close_at_last;
};

enum wdmdma_name_kind {
	WDMDMA_NAME_DEVICE,	/* IoCreateDevice's DeviceName */
	WDMDMA_NAME_LINK,	/* IoCreateSymbolicLink */
	WDMDMA_NAME_IFACE,	/* IoRegisterDeviceInterface */
};

/**
 * struct wdmdma_name - a name in the table
 * @link: on wdmdma_names
 * @kind: what it names
 * @name: the name: "\Device\X", or a link's "\??\X"
 * @target: a link's device name
 * @dev: the device named (a device name), the PDO (an interface), a link's
 *	target device (NULL once it is deleted)
 * @node: the /dev node's name, or ""
 * @iodev: the node while it exists
 * @enabled: an interface's state
 */
struct wdmdma_name {
	struct list_head link;
	enum wdmdma_name_kind kind;
	char name[WDMDMA_NAME_MAX];
	char target[WDMDMA_NAME_MAX];
	PDEVICE_OBJECT dev;
	char node[WDMDMA_NAME_MAX];
	struct wdmdma_iodev *iodev;
	bool enabled;
};

static DEFINE_MUTEX(wdmdma_names_lock);
static LIST_HEAD(wdmdma_names);

static struct wdmdma_file *wdmdma_file_of(PVOID object)
{
	struct wdmdma_file *f = object;

	if (!f || f->fo.Type != IO_TYPE_FILE || f->fo.Size != sizeof(FILE_OBJECT) ||
	    f->magic != WDMDMA_FILE_MAGIC)
		return NULL;
	return f;
}

/**
 * wdmdma_file_alloc() - a file object for an open of @dev
 * @dev: the device opened (referenced while the file object lives)
 * @flags: FO_* flags
 * @read: ReadAccess
 * @write: WriteAccess
 *
 * Return: the file object (one reference), or NULL when out of memory.
 */
PFILE_OBJECT wdmdma_file_alloc(PDEVICE_OBJECT dev, ULONG flags, bool read, bool write)
{
	struct wdmdma_file *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return NULL;
	f->fo.Type = IO_TYPE_FILE;
	f->fo.Size = sizeof(FILE_OBJECT);
	f->fo.DeviceObject = dev;
	f->fo.Flags = flags;
	f->fo.ReadAccess = read;
	f->fo.WriteAccess = write;
	KeInitializeEvent(&f->fo.Lock, SynchronizationEvent, FALSE);
	KeInitializeEvent(&f->fo.Event, NotificationEvent, FALSE);
	InitializeListHead(&f->fo.IrpList);
	f->magic = WDMDMA_FILE_MAGIC;
	atomic_set(&f->refs, 1);
	ObReferenceObject(dev);
	return &f->fo;
}

static NTSTATUS wdmdma_file_done(PDEVICE_OBJECT device, PIRP irp, PVOID context)
{
	complete(context);
	return STATUS_MORE_PROCESSING_REQUIRED;
}

/**
 * wdmdma_file_send() - send an IRP with no buffer for @fo and wait for it
 * @fo: the file object
 * @major: IRP_MJ_CREATE, IRP_MJ_CLEANUP or IRP_MJ_CLOSE
 *
 * The IRP goes to the top of the stack of the device @fo opened.
 *
 * Context: process context.
 * Return: the IRP's final status.
 */
NTSTATUS wdmdma_file_send(PFILE_OBJECT fo, UCHAR major)
{
	PDEVICE_OBJECT top = IoGetAttachedDevice(fo->DeviceObject);
	DECLARE_COMPLETION_ONSTACK(done);
	PIO_STACK_LOCATION sl;
	NTSTATUS status;
	PIRP irp;

	irp = IoAllocateIrp(top->StackSize, FALSE);
	if (!irp)
		return STATUS_INSUFFICIENT_RESOURCES;
	irp->RequestorMode = KernelMode;
	irp->Tail.Overlay.OriginalFileObject = fo;
	irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
	sl = IoGetNextIrpStackLocation(irp);
	sl->MajorFunction = major;
	sl->FileObject = fo;
	if (major == IRP_MJ_CREATE)
		sl->Parameters.Create.Options = (ULONG)FILE_OPEN << 24;
	IoSetCompletionRoutine(irp, wdmdma_file_done, &done, TRUE, TRUE, TRUE);
	IoCallDriver(top, irp);
	wait_for_completion(&done);
	status = irp->IoStatus.Status;
	IoFreeIrp(irp);
	if (major == IRP_MJ_CLEANUP)
		fo->Flags |= FO_CLEANUP_COMPLETE;
	return status;
}

static void wdmdma_file_free(struct wdmdma_file *f)
{
	PDEVICE_OBJECT dev = f->fo.DeviceObject;

	if (f->close_at_last)
		wdmdma_file_send(&f->fo, IRP_MJ_CLOSE);
	f->magic = 0;
	f->fo.Type = 0;
	kfree(f);
	ObDereferenceObject(dev);
}

/**
 * wdmdma_file_ref() - count a reference on a file object
 * @object: any object
 * @delta: +1 or -1
 * @count: out: the new count, when @object is a file object
 *
 * Return: whether @object is a file object made here.
 */
bool wdmdma_file_ref(PVOID object, int delta, LONG_PTR *count)
{
	struct wdmdma_file *f = wdmdma_file_of(object);
	int old;

	if (!f)
		return false;
	if (delta > 0) {
		*count = atomic_inc_return(&f->refs);
		return true;
	}
	do {
		old = atomic_read(&f->refs);
		if (old <= 0) {
			wdmdma_report(NULL, "ObDereferenceObject",
				      "file object %p: reference not taken", object);
			*count = 0;
			return true;
		}
	} while (atomic_cmpxchg(&f->refs, old, old - 1) != old);
	*count = old - 1;
	if (!*count)
		wdmdma_file_free(f);
	return true;
}

/*
 * @src as ASCII in @buf (@size bytes, terminated).  Return: false when it
 * is empty, too long or not ASCII.
 */
static bool wdmdma_name_ascii(PCUNICODE_STRING src, char *buf, size_t size)
{
	size_t n, i;

	if (!src || !src->Buffer || !src->Length)
		return false;
	n = src->Length / sizeof(WCHAR);
	if (n >= size)
		return false;
	for (i = 0; i < n; i++) {
		if (!src->Buffer[i] || src->Buffer[i] > 0x7e)
			return false;
		buf[i] = (char)src->Buffer[i];
	}
	buf[n] = '\0';
	return true;
}

static const char * const wdmdma_dos_prefixes[] = {
	"\\DosDevices\\Global\\", "\\DosDevices\\", "\\??\\Global\\", "\\??\\",
	"\\GLOBAL??\\",
};

/* The part of @name after a DOS device directory prefix, or NULL. */
static const char *wdmdma_dos_name(const char *name)
{
	size_t i, n;

	for (i = 0; i < ARRAY_SIZE(wdmdma_dos_prefixes); i++) {
		n = strlen(wdmdma_dos_prefixes[i]);
		if (!strncasecmp(name, wdmdma_dos_prefixes[i], n))
			return name + n;
	}
	return NULL;
}

/* Whether @s can be a /dev node's name (one path component, or wdm/...). */
static bool wdmdma_node_ok(const char *s)
{
	if (!*s || !strcmp(s, ".") || !strcmp(s, ".."))
		return false;
	for (; *s; s++)
		if (!isalnum(*s) && !strchr("._-#{}:", *s))
			return false;
	return true;
}

/* Called with wdmdma_names_lock held. */
static struct wdmdma_name *wdmdma_name_find(enum wdmdma_name_kind kind, const char *name)
{
	struct wdmdma_name *n;

	list_for_each_entry(n, &wdmdma_names, link)
		if (n->kind == kind && !strcasecmp(n->name, name))
			return n;
	return NULL;
}

/* A device object a name stands for.  Called with wdmdma_names_lock held. */
static PDEVICE_OBJECT wdmdma_name_device(const char *name)
{
	const char *dos = wdmdma_dos_name(name);
	char canon[WDMDMA_NAME_MAX + 4];
	struct wdmdma_name *n;

	if (!dos) {
		/* a link outside the DOS directory (\ArcName\...) names its target */
		n = wdmdma_name_find(WDMDMA_NAME_LINK, name);
		n = wdmdma_name_find(WDMDMA_NAME_DEVICE, n ? n->target : name);
		return n ? n->dev : NULL;
	}
	snprintf(canon, sizeof(canon), "\\??\\%s", dos);
	n = wdmdma_name_find(WDMDMA_NAME_LINK, canon);
	if (n) {
		n = wdmdma_name_find(WDMDMA_NAME_DEVICE, n->target);
		return n ? n->dev : NULL;
	}
	n = wdmdma_name_find(WDMDMA_NAME_IFACE, canon);
	return n ? n->dev : NULL;
}

/* Make @n's node.  Called with wdmdma_names_lock held. */
static NTSTATUS wdmdma_name_node_create(struct wdmdma_name *n, PDEVICE_OBJECT dev)
{
	struct wdmdma_iodev *io;

	io = wdmdma_iodev_create(dev, n->node, wdmdma_pdo_device(dev));
	if (IS_ERR(io)) {
		wdmdma_report(NULL, "wdmdma names", "/dev/%s: node not created (%ld)", n->node,
			      PTR_ERR(io));
		return PTR_ERR(io) == -ENOMEM ? STATUS_INSUFFICIENT_RESOURCES :
			STATUS_OBJECT_NAME_COLLISION;
	}
	n->iodev = io;
	return STATUS_SUCCESS;
}

/**
 * wdmdma_names_device_add() - record a device object's name
 * @dev: the device object IoCreateDevice() made
 * @name: its DeviceName, or NULL
 *
 * Return: STATUS_SUCCESS, STATUS_OBJECT_NAME_INVALID,
 * STATUS_OBJECT_NAME_COLLISION or STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS wdmdma_names_device_add(PDEVICE_OBJECT dev, PUNICODE_STRING name)
{
	struct wdmdma_name *n;
	NTSTATUS status = STATUS_SUCCESS;

	if (!name)
		return STATUS_SUCCESS;
	n = kzalloc(sizeof(*n), GFP_KERNEL);
	if (!n)
		return STATUS_INSUFFICIENT_RESOURCES;
	if (!wdmdma_name_ascii(name, n->name, sizeof(n->name)) || n->name[0] != '\\') {
		kfree(n);
		return STATUS_OBJECT_NAME_INVALID;
	}
	n->kind = WDMDMA_NAME_DEVICE;
	n->dev = dev;
	mutex_lock(&wdmdma_names_lock);
	if (wdmdma_name_find(WDMDMA_NAME_DEVICE, n->name))
		status = STATUS_OBJECT_NAME_COLLISION;
	else
		list_add(&n->link, &wdmdma_names);
	mutex_unlock(&wdmdma_names_lock);
	if (status != STATUS_SUCCESS)
		kfree(n);
	return status;
}

/* Shut down and free the nodes collected on @gone (entries already unlisted). */
static void wdmdma_names_free(struct list_head *gone)
{
	struct wdmdma_name *n, *tmp;

	list_for_each_entry_safe(n, tmp, gone, link) {
		wdmdma_iodev_destroy(n->iodev);
		kfree(n);
	}
}

/**
 * wdmdma_names_device_gone() - a device object is being deleted
 * @dev: the device object
 *
 * Its name and the interfaces registered for it (a PDO) go; the nodes of
 * links to it are shut down (the links stay until IoDeleteSymbolicLink()).
 *
 * Context: process context.
 */
void wdmdma_names_device_gone(PDEVICE_OBJECT dev)
{
	struct wdmdma_name *n, *tmp;
	LIST_HEAD(gone);

	mutex_lock(&wdmdma_names_lock);
	list_for_each_entry_safe(n, tmp, &wdmdma_names, link) {
		if (n->kind != WDMDMA_NAME_LINK && n->dev == dev) {
			list_move(&n->link, &gone);
		} else if (n->dev == dev) {	/* a link to it: dangling from now */
			wdmdma_iodev_shutdown(n->iodev);
			n->dev = NULL;
		}
	}
	mutex_unlock(&wdmdma_names_lock);
	wdmdma_names_free(&gone);
}

/**
 * wdmdma_names_stack_closing() - a device stack is about to be removed
 * @pdo: its PDO
 *
 * The nodes of the names that reach the stack are shut down: files still
 * open get IRP_MJ_CLEANUP and IRP_MJ_CLOSE now, before the PnP manager's
 * removal IRPs, as Windows closes the handles before a removal.
 *
 * Context: process context.
 */
void wdmdma_names_stack_closing(PDEVICE_OBJECT pdo)
{
	PDEVICE_OBJECT top = IoGetAttachedDevice(pdo);
	struct wdmdma_name *n;

	mutex_lock(&wdmdma_names_lock);
	list_for_each_entry(n, &wdmdma_names, link)
		if (n->dev && IoGetAttachedDevice(n->dev) == top)
			wdmdma_iodev_shutdown(n->iodev);
	mutex_unlock(&wdmdma_names_lock);
}

/**
 * IoCreateSymbolicLink() - give a device object a second name
 * @SymbolicLinkName: the link, e.g. \DosDevices\X (which makes /dev/X)
 * @DeviceName: a name IoCreateDevice() gave, e.g. \Device\X
 *
 * A link in the DOS device directory is a /dev node named as the link's
 * last part, sending the IRPs of its opens to the top of the device's
 * stack, until IoDeleteSymbolicLink().
 *
 * Context: PASSIVE_LEVEL.
 * Return: STATUS_SUCCESS; STATUS_OBJECT_NAME_INVALID for a name that is
 * not ASCII or cannot be a node's name; STATUS_OBJECT_NAME_NOT_FOUND when
 * no device has @DeviceName (the target must exist here);
 * STATUS_OBJECT_NAME_COLLISION when the link exists;
 * STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS IoCreateSymbolicLink(PUNICODE_STRING SymbolicLinkName, PUNICODE_STRING DeviceName)
{
	char link[WDMDMA_NAME_MAX];
	struct wdmdma_name *n, *target;
	const char *dos;
	NTSTATUS status;

	if (!wdmdma_name_ascii(SymbolicLinkName, link, sizeof(link)) || link[0] != '\\') {
		wdmdma_report(NULL, "IoCreateSymbolicLink", "a NULL, empty or non-ASCII link name");
		return STATUS_OBJECT_NAME_INVALID;
	}
	n = kzalloc(sizeof(*n), GFP_KERNEL);
	if (!n)
		return STATUS_INSUFFICIENT_RESOURCES;
	n->kind = WDMDMA_NAME_LINK;
	dos = wdmdma_dos_name(link);
	if (dos) {
		snprintf(n->name, sizeof(n->name), "\\??\\%s", dos);
		strscpy(n->node, dos, sizeof(n->node));
	} else {
		strscpy(n->name, link, sizeof(n->name));
	}
	status = STATUS_OBJECT_NAME_INVALID;
	if (!wdmdma_name_ascii(DeviceName, n->target, sizeof(n->target)) ||
	    (dos && !wdmdma_node_ok(n->node)))
		goto err_free;
	mutex_lock(&wdmdma_names_lock);
	status = STATUS_OBJECT_NAME_COLLISION;
	if (wdmdma_name_find(WDMDMA_NAME_LINK, n->name))
		goto err_unlock;
	status = STATUS_OBJECT_NAME_NOT_FOUND;
	target = wdmdma_name_find(WDMDMA_NAME_DEVICE, n->target);
	if (!target)
		goto err_unlock;
	n->dev = target->dev;
	if (dos) {
		status = wdmdma_name_node_create(n, n->dev);
		if (status != STATUS_SUCCESS)
			goto err_unlock;
	}
	list_add(&n->link, &wdmdma_names);
	mutex_unlock(&wdmdma_names_lock);
	return STATUS_SUCCESS;

err_unlock:
	mutex_unlock(&wdmdma_names_lock);
err_free:
	kfree(n);
	return status;
}
EXPORT_SYMBOL_GPL(IoCreateSymbolicLink);

/**
 * IoDeleteSymbolicLink() - remove a link IoCreateSymbolicLink() made
 * @SymbolicLinkName: the link
 *
 * Its /dev node goes: files still open get IRP_MJ_CLEANUP and
 * IRP_MJ_CLOSE, and fail with -ENODEV from then on (on Windows handles
 * opened through a link outlive it).
 *
 * Context: PASSIVE_LEVEL, not from a dispatch routine of the link's node.
 * Return: STATUS_SUCCESS or STATUS_OBJECT_NAME_NOT_FOUND.
 */
NTSTATUS IoDeleteSymbolicLink(PUNICODE_STRING SymbolicLinkName)
{
	char link[WDMDMA_NAME_MAX], canon[WDMDMA_NAME_MAX + 4];
	struct wdmdma_name *n = NULL;
	const char *dos;
	LIST_HEAD(gone);

	if (wdmdma_name_ascii(SymbolicLinkName, link, sizeof(link))) {
		dos = wdmdma_dos_name(link);
		if (dos)
			snprintf(canon, sizeof(canon), "\\??\\%s", dos);
		else
			strscpy(canon, link, sizeof(canon));
		mutex_lock(&wdmdma_names_lock);
		n = wdmdma_name_find(WDMDMA_NAME_LINK, canon);
		if (n)
			list_move(&n->link, &gone);
		mutex_unlock(&wdmdma_names_lock);
	}
	if (!n) {
		wdmdma_report(NULL, "IoDeleteSymbolicLink", "no such link");
		return STATUS_OBJECT_NAME_NOT_FOUND;
	}
	wdmdma_names_free(&gone);
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(IoDeleteSymbolicLink);

/**
 * IoRegisterDeviceInterface() - register a device interface of a PDO
 * @PhysicalDeviceObject: a PDO from wdmdma_pdo_create()
 * @InterfaceClassGuid: the interface class
 * @ReferenceString: told apart instances of one class on one PDO, or NULL
 * @SymbolicLinkName: out: the interface's name,
 *	\??\WDM#DEV#{guid}[\ref] (DEV the Linux device's name); free it with
 *	RtlFreeUnicodeString()
 *
 * The interface starts disabled: IoSetDeviceInterfaceState() makes its
 * node, /dev/wdm/{guid}/DEV[-ref].  Registering it again returns the
 * same name.
 *
 * Context: PASSIVE_LEVEL.
 * Return: STATUS_SUCCESS, STATUS_INVALID_DEVICE_REQUEST (not a PDO),
 * STATUS_INVALID_PARAMETER, STATUS_OBJECT_NAME_INVALID or
 * STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS IoRegisterDeviceInterface(PDEVICE_OBJECT PhysicalDeviceObject,
				   const GUID *InterfaceClassGuid,
				   PUNICODE_STRING ReferenceString,
				   PUNICODE_STRING SymbolicLinkName)
{
	struct device *dev = wdmdma_pdo_device(PhysicalDeviceObject);
	const GUID *g = InterfaceClassGuid;
	char guid[40], ref[WDMDMA_NAME_MAX / 2] = "";
	struct wdmdma_name *n, *old;
	ANSI_STRING ansi;
	NTSTATUS status;

	if (!dev || !g || !SymbolicLinkName) {
		wdmdma_report(NULL, "IoRegisterDeviceInterface", "%s",
			      !dev ? "not a PDO" : "NULL InterfaceClassGuid or SymbolicLinkName");
		return !dev ? STATUS_INVALID_DEVICE_REQUEST : STATUS_INVALID_PARAMETER;
	}
	if (ReferenceString && ReferenceString->Length &&
	    (!wdmdma_name_ascii(ReferenceString, ref, sizeof(ref)) || !wdmdma_node_ok(ref)))
		return STATUS_OBJECT_NAME_INVALID;
	n = kzalloc(sizeof(*n), GFP_KERNEL);
	if (!n)
		return STATUS_INSUFFICIENT_RESOURCES;
	snprintf(guid, sizeof(guid), "{%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x}",
		 g->Data1, g->Data2, g->Data3, g->Data4[0], g->Data4[1], g->Data4[2],
		 g->Data4[3], g->Data4[4], g->Data4[5], g->Data4[6], g->Data4[7]);
	n->kind = WDMDMA_NAME_IFACE;
	n->dev = PhysicalDeviceObject;
	snprintf(n->name, sizeof(n->name), "\\??\\WDM#%s#%s%s%s", dev_name(dev), guid,
		 *ref ? "\\" : "", ref);
	snprintf(n->node, sizeof(n->node), "wdm/%s/%s%s%s", guid, dev_name(dev),
		 *ref ? "-" : "", ref);
	mutex_lock(&wdmdma_names_lock);
	old = wdmdma_name_find(WDMDMA_NAME_IFACE, n->name);
	if (!old)
		list_add(&n->link, &wdmdma_names);
	mutex_unlock(&wdmdma_names_lock);
	RtlInitAnsiString(&ansi, n->name);
	status = RtlAnsiStringToUnicodeString(SymbolicLinkName, &ansi, TRUE);
	if (old)
		kfree(n);
	return status;
}
EXPORT_SYMBOL_GPL(IoRegisterDeviceInterface);

/**
 * IoSetDeviceInterfaceState() - enable or disable a device interface
 * @SymbolicLinkName: the name IoRegisterDeviceInterface() returned
 * @Enable: TRUE makes the interface's /dev node, FALSE removes it (files
 *	still open get IRP_MJ_CLEANUP and IRP_MJ_CLOSE)
 *
 * Context: PASSIVE_LEVEL, not from a dispatch routine of the node.
 * Return: STATUS_SUCCESS; STATUS_OBJECT_NAME_EXISTS when enabling an
 * enabled interface, STATUS_OBJECT_NAME_NOT_FOUND when disabling a
 * disabled one or for a name not registered; STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS IoSetDeviceInterfaceState(PUNICODE_STRING SymbolicLinkName, BOOLEAN Enable)
{
	struct wdmdma_iodev *gone = NULL;
	char name[WDMDMA_NAME_MAX];
	struct wdmdma_name *n = NULL;
	NTSTATUS status;

	if (wdmdma_name_ascii(SymbolicLinkName, name, sizeof(name))) {
		mutex_lock(&wdmdma_names_lock);
		n = wdmdma_name_find(WDMDMA_NAME_IFACE, name);
	} else {
		mutex_lock(&wdmdma_names_lock);
	}
	if (!n) {
		status = STATUS_OBJECT_NAME_NOT_FOUND;
		wdmdma_report(NULL, "IoSetDeviceInterfaceState", "interface not registered");
	} else if (Enable) {
		status = n->enabled ? STATUS_OBJECT_NAME_EXISTS :
			wdmdma_name_node_create(n, n->dev);
		if (status == STATUS_SUCCESS)
			n->enabled = true;
	} else if (!n->enabled) {
		status = STATUS_OBJECT_NAME_NOT_FOUND;
	} else {
		n->enabled = false;
		gone = n->iodev;
		n->iodev = NULL;
		status = STATUS_SUCCESS;
	}
	mutex_unlock(&wdmdma_names_lock);
	wdmdma_iodev_destroy(gone);
	return status;
}
EXPORT_SYMBOL_GPL(IoSetDeviceInterfaceState);

/**
 * IoGetDeviceObjectPointer() - open another driver's device by name
 * @ObjectName: a device name (\Device\X), a symbolic link or an
 *	interface's name
 * @DesiredAccess: FILE_READ_DATA and the rest: ReadAccess and WriteAccess
 *	of the file object
 * @FileObject: out: the file object of the open (one reference: release it
 *	with ObDereferenceObject(), which sends IRP_MJ_CLOSE)
 * @DeviceObject: out: the top of the named device's stack
 *
 * As on Windows the device's stack gets IRP_MJ_CREATE, then (the handle
 * being closed at once) IRP_MJ_CLEANUP, with the new file object.
 *
 * Context: PASSIVE_LEVEL.
 * Return: STATUS_SUCCESS, STATUS_OBJECT_NAME_NOT_FOUND, the status of a
 * failed IRP_MJ_CREATE, STATUS_INVALID_PARAMETER or
 * STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS IoGetDeviceObjectPointer(PUNICODE_STRING ObjectName, ACCESS_MASK DesiredAccess,
				  PFILE_OBJECT *FileObject, PDEVICE_OBJECT *DeviceObject)
{
	char name[WDMDMA_NAME_MAX];
	PDEVICE_OBJECT dev = NULL;
	PFILE_OBJECT fo = NULL;
	NTSTATUS status;

	if (!FileObject || !DeviceObject) {
		wdmdma_report(NULL, "IoGetDeviceObjectPointer", "NULL FileObject or DeviceObject");
		return STATUS_INVALID_PARAMETER;
	}
	*FileObject = NULL;
	*DeviceObject = NULL;
	if (wdmdma_name_ascii(ObjectName, name, sizeof(name))) {
		mutex_lock(&wdmdma_names_lock);
		dev = wdmdma_name_device(name);
		if (dev)	/* kept while the file object lives */
			fo = wdmdma_file_alloc(dev, FO_SYNCHRONOUS_IO,
					       !!(DesiredAccess & (FILE_READ_DATA | GENERIC_READ |
								   GENERIC_ALL)),
					       !!(DesiredAccess & (FILE_WRITE_DATA | GENERIC_WRITE |
								   GENERIC_ALL)));
		mutex_unlock(&wdmdma_names_lock);
	}
	if (!dev)
		return STATUS_OBJECT_NAME_NOT_FOUND;
	if (!fo)
		return STATUS_INSUFFICIENT_RESOURCES;
	status = wdmdma_file_send(fo, IRP_MJ_CREATE);
	if (!NT_SUCCESS(status)) {
		ObDereferenceObject(fo);	/* no close: it never opened */
		return status;
	}
	fo->Flags |= FO_FILE_OPEN | FO_HANDLE_CREATED;
	container_of(fo, struct wdmdma_file, fo)->close_at_last = true;
	wdmdma_file_send(fo, IRP_MJ_CLEANUP);
	*FileObject = fo;
	*DeviceObject = IoGetAttachedDevice(dev);
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(IoGetDeviceObjectPointer);
