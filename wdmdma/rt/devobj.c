// SPDX-License-Identifier: GPL-2.0
/*
 * Device and driver objects: the PDO a port's glue makes for its Linux
 * device (and the bus driver object it belongs to), IoCreateDevice() and
 * IoDeleteDevice() for the driver's own device objects, device stacks
 * (IoAttachDeviceToDeviceStack() and the rest), object references, and
 * driver objects.
 *
 * Every device object made here carries a DEVOBJ_EXTENSION after its
 * DeviceExtension, holding the device it is attached to and a reference
 * count: one reference for the object's existence, dropped by
 * IoDeleteDevice() (wdmdma_pdo_destroy() for a PDO), one per
 * ObReferenceObject().  The memory goes when the count reaches zero.
 *
 * LOCKING
 *
 * wdmdma_devobj_lock (a mutex) guards every driver object's DeviceObject
 * list.  wdmdma_stack_lock (irqsave, innermost) guards every device
 * object's AttachedDevice and its extension's AttachedTo: the device
 * stacks.  References are atomic.
 */
#include <linux/atomic.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "../internal.h"

/* Protects every driver object's DeviceObject list. */
static DEFINE_MUTEX(wdmdma_devobj_lock);

/**
 * struct wdmdma_driver_rec - what wdmdma keeps of a driver object it made,
 *	after its DRIVER_EXTENSION
 * @link: on wdmdma_drivers
 * @name: the name the glue gave, for debugfs
 */
struct wdmdma_driver_rec {
	struct list_head link;
	char name[32];
};

/* The driver objects wdmdma_driver_create() made; under wdmdma_devobj_lock. */
static LIST_HEAD(wdmdma_drivers);

/* Protects every device stack: AttachedDevice and AttachedTo. */
static DEFINE_SPINLOCK(wdmdma_stack_lock);

/* Bytes of the device object, its DeviceExtension and its DEVOBJ_EXTENSION */
static size_t wdmdma_devobj_alloc_size(size_t ext)
{
	return ALIGN(sizeof(DEVICE_OBJECT), 16) + ALIGN(ext, 16) + sizeof(DEVOBJ_EXTENSION);
}

static void wdmdma_devobj_init(PDEVICE_OBJECT d, size_t ext)
{
	PDEVOBJ_EXTENSION doe;

	d->Type = IO_TYPE_DEVICE;
	d->Size = (USHORT)(ALIGN(sizeof(DEVICE_OBJECT), 16) + ext);
	d->StackSize = 1;
	INIT_LIST_HEAD(&wdmdma_devobj(d)->wait.node);
	doe = (PDEVOBJ_EXTENSION)((u8 *)d + ALIGN(sizeof(DEVICE_OBJECT), 16) + ALIGN(ext, 16));
	doe->Type = IO_TYPE_DEVICE_OBJECT_EXTENSION;
	doe->Size = sizeof(*doe);
	doe->DeviceObject = d;
	atomic_set((atomic_t *)&doe->WdmdmaReferences, 1);
	d->DeviceObjectExtension = doe;
}

/* The extension of a device object made here, else NULL */
static PDEVOBJ_EXTENSION wdmdma_doe(PDEVICE_OBJECT d)
{
	PDEVOBJ_EXTENSION doe;

	if (!d || d->Type != IO_TYPE_DEVICE)
		return NULL;
	doe = d->DeviceObjectExtension;
	if (!doe || doe->Type != IO_TYPE_DEVICE_OBJECT_EXTENSION || doe->DeviceObject != d)
		return NULL;
	return doe;
}

static atomic_t *wdmdma_doe_refs(PDEVOBJ_EXTENSION doe)
{
	BUILD_BUG_ON(sizeof(atomic_t) != sizeof(doe->WdmdmaReferences));
	return (atomic_t *)&doe->WdmdmaReferences;
}

/* Drop one reference; the last frees the object. */
static LONG wdmdma_devobj_put(PDEVICE_OBJECT d, PDEVOBJ_EXTENSION doe)
{
	int left = atomic_dec_return(wdmdma_doe_refs(doe));

	if (left == 0) {
		d->Type = 0;
		doe->Type = 0;
		wdmdma_vpb_free(d);
		kfree(d);
	}
	return left;
}

/* Take @d off its stack: detach what is above it and what it sits on. */
static void wdmdma_stack_unlink(PDEVICE_OBJECT d, const char *call)
{
	PDEVOBJ_EXTENSION doe = wdmdma_doe(d), up;
	PDEVICE_OBJECT lower = NULL, upper;
	unsigned long flags;

	spin_lock_irqsave(&wdmdma_stack_lock, flags);
	upper = d->AttachedDevice;
	if (upper) {
		d->AttachedDevice = NULL;
		up = wdmdma_doe(upper);
		if (up)
			up->AttachedTo = NULL;
	}
	if (doe && doe->AttachedTo) {
		lower = doe->AttachedTo;
		if (lower->AttachedDevice == d)
			lower->AttachedDevice = NULL;
		doe->AttachedTo = NULL;
	}
	spin_unlock_irqrestore(&wdmdma_stack_lock, flags);
	if (upper)
		wdmdma_report(NULL, call, "device %p still has %p attached to it (detached)",
			      d, upper);
	if (lower)
		wdmdma_report(NULL, call, "device %p is still attached to %p; IoDetachDevice first",
			      d, lower);
}

/**
 * ObfReferenceObject() - take a reference on an object (ObReferenceObject)
 * @Object: the object
 *
 * Counted for device objects made by IoCreateDevice() and
 * wdmdma_pdo_create(): their memory outlives IoDeleteDevice() until the
 * last ObDereferenceObject().  Callback objects (ExCreateCallback,
 * callback.c) and thread objects (rt/thread.c) are counted too.  Other
 * objects are not.
 *
 * Return: the new reference count (1 for objects not counted).
 */
LONG_PTR ObfReferenceObject(PVOID Object)
{
	PDEVOBJ_EXTENSION doe;
	LONG_PTR count;

	if (unlikely(!Object)) {
		wdmdma_report(NULL, "ObReferenceObject", "NULL Object");
		return 0;
	}
	if (wdmdma_callback_ref(Object, &count))
		return count;
	if (wdmdma_thread_ref(Object, 1, &count))
		return count;
	if (wdmdma_file_ref(Object, 1, &count))
		return count;
	if (Object == (PVOID)current)	/* PsGetCurrentThread() of a task: not counted */
		return 1;
	doe = wdmdma_doe(Object);
	if (!doe)
		return 1;
	return atomic_inc_return(wdmdma_doe_refs(doe));
}
EXPORT_SYMBOL_GPL(ObfReferenceObject);

/**
 * ObfDereferenceObject() - drop a reference (ObDereferenceObject)
 * @Object: the object
 *
 * The last reference on a deleted device object, or on a callback object,
 * frees it.  Dropping more references than were taken is reported and
 * ignored.
 *
 * Return: the new reference count (0 for objects not counted).
 */
LONG_PTR ObfDereferenceObject(PVOID Object)
{
	PDEVOBJ_EXTENSION doe;
	LONG_PTR count;

	if (unlikely(!Object)) {
		wdmdma_report(NULL, "ObDereferenceObject", "NULL Object");
		return 0;
	}
	if (wdmdma_callback_deref(Object, &count))
		return count;
	if (wdmdma_thread_ref(Object, -1, &count))
		return count;
	if (wdmdma_file_ref(Object, -1, &count))
		return count;
	if (Object == (PVOID)current)
		return 0;
	doe = wdmdma_doe(Object);
	if (!doe)
		return 0;
	if (unlikely(atomic_read(wdmdma_doe_refs(doe)) <= 1 &&
		     !(READ_ONCE(doe->ExtensionFlags) & DOE_DELETE_PENDING))) {
		wdmdma_report(NULL, "ObDereferenceObject",
			      "device %p: reference not taken with ObReferenceObject", Object);
		return atomic_read(wdmdma_doe_refs(doe));
	}
	return wdmdma_devobj_put(Object, doe);
}
EXPORT_SYMBOL_GPL(ObfDereferenceObject);

/**
 * IoAttachDeviceToDeviceStack() - attach a device object on top of a stack
 * @SourceDevice: the caller's device object (its FDO or filter DO)
 * @TargetDevice: a device object of the stack, typically the PDO that
 *	AddDevice received
 *
 * @SourceDevice goes on top of the stack @TargetDevice belongs to, above
 * whatever is highest there now; its StackSize becomes that device's plus
 * one and its AlignmentRequirement at least that device's.
 *
 * Context: at or below DISPATCH_LEVEL.
 * Return: the device object @SourceDevice was attached to (the former top
 * of the stack: what IoCallDriver() passes IRPs on to), or NULL when the
 * stack is being deleted or on misuse (reported): NULL arguments,
 * @SourceDevice already attached or in the stack.
 */
PDEVICE_OBJECT IoAttachDeviceToDeviceStack(PDEVICE_OBJECT SourceDevice,
					   PDEVICE_OBJECT TargetDevice)
{
	PDEVOBJ_EXTENSION src, top_doe;
	PDEVICE_OBJECT top, d;
	const char *bad = NULL;
	unsigned long flags;

	if (unlikely(!SourceDevice || !TargetDevice)) {
		wdmdma_report(NULL, "IoAttachDeviceToDeviceStack", "NULL %s",
			      SourceDevice ? "TargetDevice" : "SourceDevice");
		return NULL;
	}
	src = wdmdma_doe(SourceDevice);
	spin_lock_irqsave(&wdmdma_stack_lock, flags);
	for (d = top = TargetDevice; d; d = d->AttachedDevice) {
		if (d == SourceDevice)
			bad = "SourceDevice is in the target's stack already";
		top = d;
	}
	if (!bad && ((src && src->AttachedTo) || SourceDevice->AttachedDevice))
		bad = "SourceDevice is in a device stack already";
	top_doe = wdmdma_doe(top);
	if (!bad && top_doe && (top_doe->ExtensionFlags & DOE_DELETE_PENDING))
		top = NULL;	/* documented: NULL for a stack being deleted */
	if (!bad && top) {
		top->AttachedDevice = SourceDevice;
		if (src)
			src->AttachedTo = top;
		SourceDevice->StackSize = top->StackSize + 1;
		SourceDevice->AlignmentRequirement = max(SourceDevice->AlignmentRequirement,
							 top->AlignmentRequirement);
		SourceDevice->SectorSize = top->SectorSize;
	}
	spin_unlock_irqrestore(&wdmdma_stack_lock, flags);
	if (bad) {
		wdmdma_report(NULL, "IoAttachDeviceToDeviceStack", "%s", bad);
		return NULL;
	}
	return top;
}
EXPORT_SYMBOL_GPL(IoAttachDeviceToDeviceStack);

/**
 * IoDetachDevice() - detach the device attached above a device object
 * @TargetDevice: the device object a driver's device was attached to
 *	(what IoAttachDeviceToDeviceStack() returned)
 *
 * A @TargetDevice with nothing attached is reported and left alone.
 *
 * Context: process context (PASSIVE_LEVEL).
 */
void IoDetachDevice(PDEVICE_OBJECT TargetDevice)
{
	PDEVICE_OBJECT upper;
	PDEVOBJ_EXTENSION up;
	unsigned long flags;

	if (unlikely(!TargetDevice)) {
		wdmdma_report(NULL, "IoDetachDevice", "NULL TargetDevice");
		return;
	}
	spin_lock_irqsave(&wdmdma_stack_lock, flags);
	upper = TargetDevice->AttachedDevice;
	if (upper) {
		TargetDevice->AttachedDevice = NULL;
		up = wdmdma_doe(upper);
		if (up)
			up->AttachedTo = NULL;
	}
	spin_unlock_irqrestore(&wdmdma_stack_lock, flags);
	if (unlikely(!upper))
		wdmdma_report(NULL, "IoDetachDevice", "nothing is attached to device %p",
			      TargetDevice);
}
EXPORT_SYMBOL_GPL(IoDetachDevice);

static PDEVICE_OBJECT wdmdma_stack_top(PDEVICE_OBJECT d, bool ref)
{
	unsigned long flags;

	spin_lock_irqsave(&wdmdma_stack_lock, flags);
	while (d->AttachedDevice)
		d = d->AttachedDevice;
	if (ref)
		ObfReferenceObject(d);
	spin_unlock_irqrestore(&wdmdma_stack_lock, flags);
	return d;
}

/**
 * IoGetAttachedDevice() - the highest device object of a stack
 * @DeviceObject: a device object of the stack
 *
 * No reference is taken: use IoGetAttachedDeviceReference() unless the
 * stack cannot change meanwhile.
 *
 * Return: the top of the stack (@DeviceObject itself when nothing is
 * attached to it); NULL for a NULL @DeviceObject (reported).
 */
PDEVICE_OBJECT IoGetAttachedDevice(PDEVICE_OBJECT DeviceObject)
{
	if (unlikely(!DeviceObject)) {
		wdmdma_report(NULL, "IoGetAttachedDevice", "NULL DeviceObject");
		return NULL;
	}
	return wdmdma_stack_top(DeviceObject, false);
}
EXPORT_SYMBOL_GPL(IoGetAttachedDevice);

/**
 * IoGetAttachedDeviceReference() - the highest device object of a stack,
 * referenced
 * @DeviceObject: a device object of the stack
 *
 * Return: the top of the stack, with a reference the caller drops with
 * ObDereferenceObject(); NULL for a NULL @DeviceObject (reported).
 */
PDEVICE_OBJECT IoGetAttachedDeviceReference(PDEVICE_OBJECT DeviceObject)
{
	if (unlikely(!DeviceObject)) {
		wdmdma_report(NULL, "IoGetAttachedDeviceReference", "NULL DeviceObject");
		return NULL;
	}
	return wdmdma_stack_top(DeviceObject, true);
}
EXPORT_SYMBOL_GPL(IoGetAttachedDeviceReference);

/**
 * IoGetLowerDeviceObject() - the device object a device is attached to
 * @DeviceObject: a device object made by IoCreateDevice()
 *
 * Return: the next-lower device object, referenced (ObDereferenceObject()
 * it), or NULL when @DeviceObject is attached to nothing.
 */
PDEVICE_OBJECT IoGetLowerDeviceObject(PDEVICE_OBJECT DeviceObject)
{
	PDEVOBJ_EXTENSION doe = wdmdma_doe(DeviceObject);
	PDEVICE_OBJECT lower = NULL;
	unsigned long flags;

	if (unlikely(!DeviceObject)) {
		wdmdma_report(NULL, "IoGetLowerDeviceObject", "NULL DeviceObject");
		return NULL;
	}
	if (!doe)
		return NULL;
	spin_lock_irqsave(&wdmdma_stack_lock, flags);
	lower = doe->AttachedTo;
	if (lower)
		ObfReferenceObject(lower);
	spin_unlock_irqrestore(&wdmdma_stack_lock, flags);
	return lower;
}
EXPORT_SYMBOL_GPL(IoGetLowerDeviceObject);

/*
 * The bus driver of every PDO: what a PCI bus driver does with the IRPs
 * that reach the bottom of a device stack.  The hardware side of start and
 * removal is wdmdma_pnp_start_pci()'s and wdmdma_pnp_remove_pci()'s.
 */
static NTSTATUS wdmdma_pdo_pnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	NTSTATUS status = Irp->IoStatus.Status;

	switch (IoGetCurrentIrpStackLocation(Irp)->MinorFunction) {
	case IRP_MN_START_DEVICE:
	case IRP_MN_QUERY_REMOVE_DEVICE:
	case IRP_MN_CANCEL_REMOVE_DEVICE:
	case IRP_MN_SURPRISE_REMOVAL:
	case IRP_MN_REMOVE_DEVICE:
	case IRP_MN_QUERY_STOP_DEVICE:
	case IRP_MN_CANCEL_STOP_DEVICE:
	case IRP_MN_STOP_DEVICE:
		status = STATUS_SUCCESS;
		break;
	default:	/* the questions about the device (rt/pdo.c); else the preset status */
		status = wdmdma_pdo_pnp_query(DeviceObject, Irp, status);
		break;
	}
	Irp->IoStatus.Status = status;
	IoCompleteRequest(Irp, IO_NO_INCREMENT);
	return status;
}

static NTSTATUS wdmdma_pdo_power(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	return wdmdma_power_pdo(DeviceObject, Irp);	/* rt/power.c */
}

static NTSTATUS wdmdma_pdo_dispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	switch (IoGetCurrentIrpStackLocation(Irp)->MajorFunction) {
	case IRP_MJ_PNP:
		return wdmdma_pdo_pnp(DeviceObject, Irp);
	case IRP_MJ_POWER:
		return wdmdma_pdo_power(DeviceObject, Irp);
	case IRP_MJ_SYSTEM_CONTROL: {
		/* a PDO that provides no WMI leaves a WMI IRP's status as it is */
		NTSTATUS status = Irp->IoStatus.Status;

		IoCompleteRequest(Irp, IO_NO_INCREMENT);
		return status;
	}
	default:
		Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
		Irp->IoStatus.Information = 0;
		IoCompleteRequest(Irp, IO_NO_INCREMENT);
		return STATUS_INVALID_DEVICE_REQUEST;
	}
}

/* The bus driver object every PDO belongs to */
static DRIVER_OBJECT wdmdma_pdo_driver = {
	.Type = IO_TYPE_DRIVER,
	.Size = sizeof(DRIVER_OBJECT),
	.MajorFunction = { [0 ... IRP_MJ_MAXIMUM_FUNCTION] = wdmdma_pdo_dispatch },
};

/**
 * wdmdma_pdo_create() - a physical device object standing for a Linux device
 * @dev: the device DMA is done for
 *
 * Return: the PDO, or NULL when out of memory.
 */
PDEVICE_OBJECT wdmdma_pdo_create(struct device *dev)
{
	PDEVICE_OBJECT pdo = kzalloc(wdmdma_devobj_alloc_size(0), GFP_KERNEL);

	if (!pdo)
		return NULL;
	wdmdma_devobj_init(pdo, 0);
	pdo->DriverObject = &wdmdma_pdo_driver;
	pdo->DeviceType = FILE_DEVICE_BUS_EXTENDER;
	pdo->Flags = DO_BUS_ENUMERATED_DEVICE;
	KeInitializeDeviceQueue(&pdo->DeviceQueue);
	wdmdma_devobj(pdo)->dev = get_device(dev);
	return pdo;
}
EXPORT_SYMBOL_GPL(wdmdma_pdo_create);

/**
 * wdmdma_pdo_destroy() - release a PDO made by wdmdma_pdo_create()
 * @pdo: the PDO; NULL is ignored
 */
void wdmdma_pdo_destroy(PDEVICE_OBJECT pdo)
{
	PDEVOBJ_EXTENSION doe = wdmdma_doe(pdo);

	if (!pdo)
		return;
	if (unlikely(!doe || (doe->ExtensionFlags & DOE_DELETE_PENDING))) {
		wdmdma_report(NULL, "wdmdma_pdo_destroy", "%p is not a live PDO", pdo);
		return;
	}
	wdmdma_names_device_gone(pdo);
	wdmdma_channel_forget(pdo);
	wdmdma_sysdma_forget(pdo);
	wdmdma_stack_unlink(pdo, "wdmdma_pdo_destroy");
	put_device(wdmdma_devobj(pdo)->dev);
	wdmdma_devobj(pdo)->dev = NULL;
	WRITE_ONCE(doe->ExtensionFlags, doe->ExtensionFlags | DOE_DELETE_PENDING);
	wdmdma_devobj_put(pdo, doe);
}
EXPORT_SYMBOL_GPL(wdmdma_pdo_destroy);

/**
 * wdmdma_pdo_device() - the Linux device a PDO stands for
 * @pdo: a PDO made by wdmdma_pdo_create()
 *
 * Return: the device, or NULL when @pdo is NULL or not such a PDO.
 */
struct device *wdmdma_pdo_device(PDEVICE_OBJECT pdo)
{
	return pdo && pdo->Type == IO_TYPE_DEVICE ? wdmdma_devobj(pdo)->dev : NULL;
}
EXPORT_SYMBOL_GPL(wdmdma_pdo_device);

/**
 * IoCreateDevice() - create a device object for a driver
 * @DriverObject: the driver (may be NULL for objects a test makes)
 * @DeviceExtensionSize: bytes of zeroed DeviceExtension to allocate with it
 * @DeviceName: its name (\Device\X), or NULL: what IoCreateSymbolicLink()
 *	and IoGetDeviceObjectPointer() find it by (rt/file.c)
 * @DeviceType: FILE_DEVICE_* type
 * @DeviceCharacteristics: FILE_* characteristics
 * @Exclusive: ignored
 * @DeviceObject: out: the new device object
 *
 * The object starts with DO_DEVICE_INITIALIZING set, as on Windows.
 *
 * Context: process context.
 * Return: STATUS_SUCCESS, STATUS_INSUFFICIENT_RESOURCES,
 * STATUS_OBJECT_NAME_COLLISION (a device has @DeviceName),
 * STATUS_OBJECT_NAME_INVALID, or STATUS_INVALID_PARAMETER for a NULL
 * @DeviceObject.
 */
NTSTATUS IoCreateDevice(PDRIVER_OBJECT DriverObject, ULONG DeviceExtensionSize,
			PUNICODE_STRING DeviceName, DEVICE_TYPE DeviceType,
			ULONG DeviceCharacteristics, BOOLEAN Exclusive,
			PDEVICE_OBJECT *DeviceObject)
{
	size_t head = ALIGN(sizeof(DEVICE_OBJECT), 16);
	PDEVICE_OBJECT d;
	NTSTATUS status;

	if (!DeviceObject)
		return STATUS_INVALID_PARAMETER;
	*DeviceObject = NULL;
	d = kzalloc(wdmdma_devobj_alloc_size(DeviceExtensionSize), GFP_KERNEL);
	if (!d)
		return STATUS_INSUFFICIENT_RESOURCES;
	wdmdma_devobj_init(d, DeviceExtensionSize);
	d->DriverObject = DriverObject;
	d->DeviceType = DeviceType;
	d->Characteristics = DeviceCharacteristics;
	d->Flags = DO_DEVICE_INITIALIZING;
	d->DeviceExtension = DeviceExtensionSize ? (u8 *)d + head : NULL;
	KeInitializeDeviceQueue(&d->DeviceQueue);
	if (wdmdma_vpb_create(d)) {
		kfree(d);
		return STATUS_INSUFFICIENT_RESOURCES;
	}
	status = wdmdma_names_device_add(d, DeviceName);
	if (status != STATUS_SUCCESS) {
		wdmdma_vpb_free(d);
		kfree(d);
		return status;
	}
	if (DriverObject) {
		mutex_lock(&wdmdma_devobj_lock);
		d->NextDevice = DriverObject->DeviceObject;
		DriverObject->DeviceObject = d;
		mutex_unlock(&wdmdma_devobj_lock);
	}
	*DeviceObject = d;
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(IoCreateDevice);

/**
 * IoDeleteDevice() - delete a device object made by IoCreateDevice()
 * @DeviceObject: the device object
 *
 * A channel request still waiting for it is dropped (and reported).  A
 * device object still attached to a lower one (IoDetachDevice() not
 * called), or with one still attached to it, is detached and reported.
 * The memory stays until the last ObDereferenceObject().
 *
 * Context: process context.
 */
void IoDeleteDevice(PDEVICE_OBJECT DeviceObject)
{
	PDEVOBJ_EXTENSION doe = wdmdma_doe(DeviceObject);
	PDEVICE_OBJECT *link;

	if (!DeviceObject) {
		wdmdma_report(NULL, __func__, "NULL DeviceObject");
		return;
	}
	if (unlikely(!doe || (doe->ExtensionFlags & DOE_DELETE_PENDING) ||
		     DeviceObject->DriverObject == &wdmdma_pdo_driver)) {
		wdmdma_report(NULL, "IoDeleteDevice",
			      "%p is not a live device object from IoCreateDevice", DeviceObject);
		return;
	}
	WRITE_ONCE(doe->ExtensionFlags, doe->ExtensionFlags | DOE_DELETE_PENDING);
	wdmdma_names_device_gone(DeviceObject);
	wdmdma_hw_owner_gone(NULL, DeviceObject);
	wdmdma_wmi_device_gone(DeviceObject);
	wdmdma_stack_unlink(DeviceObject, "IoDeleteDevice");
	wdmdma_channel_forget(DeviceObject);
	KeRemoveQueueDpc(&DeviceObject->Dpc);	/* a DPC must not run on freed memory */
	wdmdma_io_timer_free(DeviceObject);
	if (DeviceObject->DriverObject) {
		mutex_lock(&wdmdma_devobj_lock);
		for (link = &DeviceObject->DriverObject->DeviceObject; *link;
		     link = &(*link)->NextDevice)
			if (*link == DeviceObject) {
				*link = DeviceObject->NextDevice;
				break;
			}
		mutex_unlock(&wdmdma_devobj_lock);
	}
	wdmdma_devobj_put(DeviceObject, doe);
}
EXPORT_SYMBOL_GPL(IoDeleteDevice);

/**
 * wdmdma_driver_create() - a DRIVER_OBJECT for a ported driver
 * @name: the driver's name, for reports; DriverName becomes \Driver\@name
 *	(ASCII; up to 64 characters kept)
 *
 * Return: the driver object, or NULL when out of memory.
 */
PDRIVER_OBJECT wdmdma_driver_create(const char *name)
{
	static const char prefix[] = "\\Driver\\";
	size_t len = sizeof(prefix) - 1 + (name ? strnlen(name, 64) : 0), i;
	struct wdmdma_driver_rec *rec;
	PDRIVER_OBJECT drv;
	PWSTR buf;

	drv = kzalloc(sizeof(*drv) + sizeof(DRIVER_EXTENSION) + sizeof(*rec) + len * sizeof(WCHAR),
		      GFP_KERNEL);
	if (!drv)
		return NULL;
	drv->Type = IO_TYPE_DRIVER;
	drv->Size = sizeof(*drv);
	drv->DriverExtension = (PDRIVER_EXTENSION)(drv + 1);
	drv->DriverExtension->DriverObject = drv;
	rec = (struct wdmdma_driver_rec *)(drv->DriverExtension + 1);
	strscpy(rec->name, name ? name : "?", sizeof(rec->name));
	mutex_lock(&wdmdma_devobj_lock);
	list_add_tail(&rec->link, &wdmdma_drivers);
	mutex_unlock(&wdmdma_devobj_lock);
	buf = (PWSTR)(rec + 1);
	for (i = 0; i < len; i++)
		buf[i] = i < sizeof(prefix) - 1 ? prefix[i] : (UCHAR)name[i - sizeof(prefix) + 1];
	drv->DriverName.Buffer = buf;
	drv->DriverName.Length = len * sizeof(WCHAR);
	drv->DriverName.MaximumLength = drv->DriverName.Length;
	return drv;
}
EXPORT_SYMBOL_GPL(wdmdma_driver_create);

/**
 * wdmdma_driver_destroy() - release a driver object
 * @driver: the driver object; its device objects must be deleted first
 *
 * The driver's unload: its adapters not put yet are reported.
 */
void wdmdma_driver_destroy(PDRIVER_OBJECT driver)
{
	if (!driver)
		return;
	if (driver->DeviceObject)
		wdmdma_report(NULL, "wdmdma_driver_destroy",
			      "device objects remain; IoDeleteDevice them first (leaked)");
	wdmdma_adapters_driver_gone(driver);
	wdmdma_hw_owner_gone(driver, NULL);
	mutex_lock(&wdmdma_devobj_lock);
	list_del(&((struct wdmdma_driver_rec *)(driver->DriverExtension + 1))->link);
	mutex_unlock(&wdmdma_devobj_lock);
	kfree(driver);
}
EXPORT_SYMBOL_GPL(wdmdma_driver_destroy);

/**
 * wdmdma_drivers_show() - debugfs wdmdma/drivers: each driver object
 *	wdmdma_driver_create() made, its device objects, and the IRPs in flight
 * @m: the file
 *
 * A device object shows its type, flags, reference count, whether StartIo
 * holds an IRP (CurrentIrp) and its device queue is busy, and the device
 * it is attached to.  IRPs in flight are counted over all drivers
 * (wdmdma_irp_counts()).
 *
 * Context: process context (takes wdmdma_devobj_lock).
 */
void wdmdma_drivers_show(struct seq_file *m)
{
	unsigned long sent, done;
	struct wdmdma_driver_rec *rec;
	PDRIVER_OBJECT drv;
	PDEVOBJ_EXTENSION doe;
	PDEVICE_OBJECT d;
	unsigned long flags;
	PDEVICE_OBJECT below;

	wdmdma_irp_counts(&sent, &done);
	seq_printf(m, "irps_dispatched=%lu irps_finished=%lu irps_in_flight=%ld\n", sent, done,
		   (long)(sent - done));
	mutex_lock(&wdmdma_devobj_lock);
	list_for_each_entry(rec, &wdmdma_drivers, link) {
		drv = (PDRIVER_OBJECT)((u8 *)rec - sizeof(DRIVER_EXTENSION) - sizeof(*drv));
		seq_printf(m, "driver %s\n", rec->name);
		for (d = drv->DeviceObject; d; d = d->NextDevice) {
			doe = wdmdma_doe(d);
			spin_lock_irqsave(&wdmdma_stack_lock, flags);
			below = doe ? doe->AttachedTo : NULL;
			spin_unlock_irqrestore(&wdmdma_stack_lock, flags);
			seq_printf(m, "  devobj %p type=%#x flags=%#x refs=%d current_irp=%s queue=%s attached_to=%p\n",
				   d, d->DeviceType, d->Flags,
				   doe ? atomic_read(wdmdma_doe_refs(doe)) : 0,
				   READ_ONCE(d->CurrentIrp) ? "yes" : "no",
				   READ_ONCE(d->DeviceQueue.Busy) ? "busy" : "idle", below);
		}
	}
	mutex_unlock(&wdmdma_devobj_lock);
}
