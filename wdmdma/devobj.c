// SPDX-License-Identifier: GPL-2.0
/*
 * Device and driver objects: the PDO a port's glue makes for its Linux
 * device, IoCreateDevice()/IoDeleteDevice() for the driver's own device
 * objects, and driver objects.
 */
#include <linux/mutex.h>
#include <linux/slab.h>

#include "internal.h"

/* Protects every driver object's DeviceObject list. */
static DEFINE_MUTEX(wdmdma_devobj_lock);

static void wdmdma_devobj_init(PDEVICE_OBJECT d, size_t size)
{
	d->Type = IO_TYPE_DEVICE;
	d->Size = (USHORT)size;
	d->StackSize = 1;
	INIT_LIST_HEAD(&d->Wdmdma.wait.node);
}

/**
 * wdmdma_pdo_create() - a physical device object standing for a Linux device
 * @dev: the device DMA is done for
 *
 * Return: the PDO, or NULL when out of memory.
 */
PDEVICE_OBJECT wdmdma_pdo_create(struct device *dev)
{
	PDEVICE_OBJECT pdo = kzalloc(sizeof(*pdo), GFP_KERNEL);

	if (!pdo)
		return NULL;
	wdmdma_devobj_init(pdo, sizeof(*pdo));
	pdo->Flags = DO_BUS_ENUMERATED_DEVICE;
	KeInitializeDeviceQueue(&pdo->DeviceQueue);
	pdo->Wdmdma.dev = get_device(dev);
	return pdo;
}
EXPORT_SYMBOL_GPL(wdmdma_pdo_create);

/**
 * wdmdma_pdo_destroy() - release a PDO made by wdmdma_pdo_create()
 * @pdo: the PDO; NULL is ignored
 */
void wdmdma_pdo_destroy(PDEVICE_OBJECT pdo)
{
	if (!pdo)
		return;
	wdmdma_channel_forget(pdo);
	put_device(pdo->Wdmdma.dev);
	kfree(pdo);
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
	return pdo && pdo->Type == IO_TYPE_DEVICE ? pdo->Wdmdma.dev : NULL;
}
EXPORT_SYMBOL_GPL(wdmdma_pdo_device);

/**
 * IoCreateDevice() - create a device object for a driver
 * @DriverObject: the driver (may be NULL for objects a test makes)
 * @DeviceExtensionSize: bytes of zeroed DeviceExtension to allocate with it
 * @DeviceName: ignored (no object namespace)
 * @DeviceType: FILE_DEVICE_* type
 * @DeviceCharacteristics: FILE_* characteristics
 * @Exclusive: ignored
 * @DeviceObject: out: the new device object
 *
 * The object starts with DO_DEVICE_INITIALIZING set, as on Windows.
 *
 * Context: process context.
 * Return: STATUS_SUCCESS, STATUS_INSUFFICIENT_RESOURCES, or
 * STATUS_INVALID_PARAMETER for a NULL @DeviceObject.
 */
NTSTATUS IoCreateDevice(PDRIVER_OBJECT DriverObject, ULONG DeviceExtensionSize,
			PUNICODE_STRING DeviceName, DEVICE_TYPE DeviceType,
			ULONG DeviceCharacteristics, BOOLEAN Exclusive,
			PDEVICE_OBJECT *DeviceObject)
{
	size_t head = ALIGN(sizeof(DEVICE_OBJECT), 16);
	PDEVICE_OBJECT d;

	if (!DeviceObject)
		return STATUS_INVALID_PARAMETER;
	*DeviceObject = NULL;
	d = kzalloc(head + DeviceExtensionSize, GFP_KERNEL);
	if (!d)
		return STATUS_INSUFFICIENT_RESOURCES;
	wdmdma_devobj_init(d, head + DeviceExtensionSize);
	d->DriverObject = DriverObject;
	d->DeviceType = DeviceType;
	d->Characteristics = DeviceCharacteristics;
	d->Flags = DO_DEVICE_INITIALIZING;
	d->DeviceExtension = DeviceExtensionSize ? (u8 *)d + head : NULL;
	KeInitializeDeviceQueue(&d->DeviceQueue);
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
 * A channel request still waiting for it is dropped (and reported).
 *
 * Context: process context.
 */
void IoDeleteDevice(PDEVICE_OBJECT DeviceObject)
{
	PDEVICE_OBJECT *link;

	if (!DeviceObject) {
		wdmdma_report(NULL, __func__, "NULL DeviceObject");
		return;
	}
	wdmdma_channel_forget(DeviceObject);
	KeRemoveQueueDpc(&DeviceObject->Dpc);	/* a DPC must not run on freed memory */
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
	kfree(DeviceObject);
}
EXPORT_SYMBOL_GPL(IoDeleteDevice);

/**
 * wdmdma_driver_create() - a DRIVER_OBJECT for a ported driver
 * @name: the driver's name, for reports
 *
 * Return: the driver object, or NULL when out of memory.
 */
PDRIVER_OBJECT wdmdma_driver_create(const char *name)
{
	PDRIVER_OBJECT drv = kzalloc(sizeof(*drv) + sizeof(DRIVER_EXTENSION), GFP_KERNEL);

	if (!drv)
		return NULL;
	drv->Type = IO_TYPE_DRIVER;
	drv->Size = sizeof(*drv);
	drv->DriverExtension = (PDRIVER_EXTENSION)(drv + 1);
	drv->DriverExtension->DriverObject = drv;
	return drv;
}
EXPORT_SYMBOL_GPL(wdmdma_driver_create);

/**
 * wdmdma_driver_destroy() - release a driver object
 * @driver: the driver object; its device objects must be deleted first
 */
void wdmdma_driver_destroy(PDRIVER_OBJECT driver)
{
	if (!driver)
		return;
	if (driver->DeviceObject)
		wdmdma_report(NULL, "wdmdma_driver_destroy",
			      "device objects remain; IoDeleteDevice them first (leaked)");
	kfree(driver);
}
EXPORT_SYMBOL_GPL(wdmdma_driver_destroy);
