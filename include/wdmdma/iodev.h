/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The I/O manager's user-facing half for a ported driver: a character
 * device whose open, read, write, ioctl and close become the IRPs Windows'
 * I/O manager would send.  Include Linux headers first, then <wdm.h>, then
 * this.
 */
#ifndef _WDMDMA_IODEV_H_
#define _WDMDMA_IODEV_H_

#include <wdm/io.h>

struct device;
struct wdmdma_iodev;

/**
 * wdmdma_iodev_create() - a /dev node sending IRPs to a device object
 * @device: the device object IRPs go to: the top of the driver's stack
 * @name: the node's name under /dev
 * @parent: the Linux device it belongs to (sysfs parent), or NULL
 *
 * open(2) sends IRP_MJ_CREATE; read(2)/write(2) (and pread/pwrite, the
 * file offset becoming ByteOffset) IRP_MJ_READ/IRP_MJ_WRITE, with the
 * buffer described as @device's Flags ask: DO_DIRECT_IO a locked MDL over
 * the caller's pages (Irp->MdlAddress), DO_BUFFERED_IO a system buffer
 * (AssociatedIrp.SystemBuffer), neither the user pointer (UserBuffer);
 * the WDMDMA_IOC_DEVICE_CONTROL ioctl (<wdmdma/ioctl.h>) IRP_MJ_DEVICE_CONTROL
 * by the code's method; the last close IRP_MJ_CLEANUP then IRP_MJ_CLOSE.
 * Every IRP of one open carries that open's FILE_OBJECT (<wdm/file.h>),
 * whose DeviceObject is @device; IRPs go to the top of @device's stack.
 * Each caller waits for its IRP; a fatal signal cancels it (IoCancelIrp)
 * and the caller still waits for the driver to complete it.
 *
 * Context: process context.
 * Return: the device, or an ERR_PTR().
 */
struct wdmdma_iodev *wdmdma_iodev_create(PDEVICE_OBJECT device, const char *name,
					 struct device *parent);

/**
 * wdmdma_iodev_shutdown() - stop sending IRPs, before the device object goes
 * @iodev: the device
 *
 * Removes the node; files still open get IRP_MJ_CLEANUP then IRP_MJ_CLOSE,
 * as on Windows before a removal, and their calls fail with -ENODEV from
 * now on.  When this returns, no thread is in the driver's dispatch
 * routines through @iodev, so the driver may be sent IRP_MN_REMOVE_DEVICE
 * and delete its device objects.  IRPs sent earlier are still the driver's
 * to complete or cancel; their callers keep waiting for them.  Calling it
 * again does nothing.
 *
 * Context: process context.
 */
void wdmdma_iodev_shutdown(struct wdmdma_iodev *iodev);

/**
 * wdmdma_iodev_destroy() - shut down (if not yet) and drop the device
 * @iodev: the device, or NULL
 *
 * Its memory goes when the last open file is closed.
 *
 * Context: process context.
 */
void wdmdma_iodev_destroy(struct wdmdma_iodev *iodev);

#endif /* _WDMDMA_IODEV_H_ */
