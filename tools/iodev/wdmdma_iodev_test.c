// SPDX-License-Identifier: GPL-2.0
/*
 * wdmdma_iodev_test: two device objects behind wdmdma I/O devices, for the
 * buffer methods the edu sample does not use.  /dev/wdmdma_iot_buffered is
 * DO_BUFFERED_IO, /dev/wdmdma_iot_neither has neither flag; both keep a
 * 4 KiB store that writes fill and reads return at ByteOffset, and answer
 * one control code per method (<wdmdma/ioctl.h> from user space,
 * tools/vm/iodev_check.c).  Every request checks what the I/O manager
 * handed it: a violation fails the request with STATUS_DATA_ERROR.
 */
#include <linux/err.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <wdm.h>
#include <wdmdma/binding.h>
#include <wdmdma/iodev.h>

#include "iodev_test.h"

struct iot_ext {
	UCHAR store[IOT_STORE_SIZE];
	struct iot_counts counts;
	bool buffered;
};

static PDRIVER_OBJECT iot_driver;
static PDEVICE_OBJECT iot_dev[2];
static struct wdmdma_iodev *iot_node[2];

static NTSTATUS iot_complete(PIRP irp, NTSTATUS status, ULONG_PTR information)
{
	irp->IoStatus.Status = status;
	irp->IoStatus.Information = information;
	IoCompleteRequest(irp, IO_NO_INCREMENT);
	return status;
}

static NTSTATUS iot_create_close(PDEVICE_OBJECT dev, PIRP irp)
{
	struct iot_ext *x = dev->DeviceExtension;
	UCHAR major = IoGetCurrentIrpStackLocation(irp)->MajorFunction;

	if (major == IRP_MJ_CREATE)
		x->counts.creates++;
	else if (major == IRP_MJ_CLEANUP)
		x->counts.cleanups++;
	else if (x->counts.cleanups == x->counts.closes + 1)	/* CLEANUP came first */
		x->counts.closes++;
	return iot_complete(irp, STATUS_SUCCESS, 0);
}

/* Reads and writes at ByteOffset; the buffer as the device's flags say. */
static NTSTATUS iot_read_write(PDEVICE_OBJECT dev, PIRP irp)
{
	struct iot_ext *x = dev->DeviceExtension;
	PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(irp);
	LONGLONG off = sl->Parameters.Read.ByteOffset.QuadPart;
	ULONG len = sl->Parameters.Read.Length;
	bool reading = sl->MajorFunction == IRP_MJ_READ;
	void __user *ubuf = (__force void __user *)irp->UserBuffer;

	if (off < 0 || off > IOT_STORE_SIZE || len > IOT_STORE_SIZE - off)
		return iot_complete(irp, STATUS_INVALID_PARAMETER, 0);
	if (irp->MdlAddress || (x->buffered ? !irp->AssociatedIrp.SystemBuffer || ubuf :
				!ubuf || irp->AssociatedIrp.SystemBuffer))
		return iot_complete(irp, STATUS_DATA_ERROR, 0);
	if (x->buffered) {
		if (reading)
			memcpy(irp->AssociatedIrp.SystemBuffer, x->store + off, len);
		else
			memcpy(x->store + off, irp->AssociatedIrp.SystemBuffer, len);
	} else if (reading ? copy_to_user(ubuf, x->store + off, len) :
		   copy_from_user(x->store + off, ubuf, len)) {
		/* neither I/O: the caller's own pointer, in the caller's context */
		return iot_complete(irp, STATUS_ACCESS_VIOLATION, 0);
	}
	return iot_complete(irp, STATUS_SUCCESS, len);
}

/* Reverse @n bytes from @src into @dst. */
static void iot_reverse(UCHAR *dst, const UCHAR *src, ULONG n)
{
	ULONG i;

	for (i = 0; i < n; i++)
		dst[i] = src[n - 1 - i];
}

static NTSTATUS iot_control(PDEVICE_OBJECT dev, PIRP irp)
{
	struct iot_ext *x = dev->DeviceExtension;
	PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(irp);
	ULONG in_len = sl->Parameters.DeviceIoControl.InputBufferLength;
	ULONG out_len = sl->Parameters.DeviceIoControl.OutputBufferLength;
	PUCHAR sys = irp->AssociatedIrp.SystemBuffer, mdl_va, tmp;
	NTSTATUS status = STATUS_SUCCESS;
	ULONG_PTR info = 0;

	switch (sl->Parameters.DeviceIoControl.IoControlCode) {
	case IOCTL_IOT_COUNTS:		/* METHOD_BUFFERED, output only */
		if (out_len < sizeof(x->counts))
			return iot_complete(irp, STATUS_BUFFER_TOO_SMALL, 0);
		memcpy(sys, &x->counts, sizeof(x->counts));
		return iot_complete(irp, STATUS_SUCCESS, sizeof(x->counts));

	case IOCTL_IOT_REVERSE_BUFFERED: /* one system buffer: input in, output out */
		if (!sys || out_len < in_len || irp->MdlAddress)
			return iot_complete(irp, STATUS_DATA_ERROR, 0);
		tmp = kmalloc(in_len, GFP_KERNEL);
		if (!tmp)
			return iot_complete(irp, STATUS_INSUFFICIENT_RESOURCES, 0);
		iot_reverse(tmp, sys, in_len);
		memcpy(sys, tmp, in_len);
		kfree(tmp);
		return iot_complete(irp, STATUS_SUCCESS, in_len);

	case IOCTL_IOT_COMPARE_IN_DIRECT: /* input buffered; "output" an MDL read here */
	case IOCTL_IOT_REVERSE_OUT_DIRECT: /* input buffered; output an MDL written here */
		if (!sys || !irp->MdlAddress || MmGetMdlByteCount(irp->MdlAddress) != out_len ||
		    in_len != out_len)
			return iot_complete(irp, STATUS_DATA_ERROR, 0);
		mdl_va = MmGetSystemAddressForMdlSafe(irp->MdlAddress, NormalPagePriority);
		if (!mdl_va)
			return iot_complete(irp, STATUS_INSUFFICIENT_RESOURCES, 0);
		if (sl->Parameters.DeviceIoControl.IoControlCode == IOCTL_IOT_COMPARE_IN_DIRECT) {
			if (memcmp(mdl_va, sys, in_len))
				status = STATUS_DATA_ERROR;
		} else {
			iot_reverse(mdl_va, sys, in_len);
			info = in_len;
		}
		return iot_complete(irp, status, info);

	case IOCTL_IOT_REVERSE_NEITHER:	/* both the caller's own pointers */
		if (sys || irp->MdlAddress || out_len < in_len)
			return iot_complete(irp, STATUS_DATA_ERROR, 0);
		tmp = kmalloc(2 * in_len + 1, GFP_KERNEL);
		if (!tmp)
			return iot_complete(irp, STATUS_INSUFFICIENT_RESOURCES, 0);
		if (copy_from_user(tmp, (__force void __user *)
				   sl->Parameters.DeviceIoControl.Type3InputBuffer, in_len)) {
			status = STATUS_ACCESS_VIOLATION;
		} else {
			iot_reverse(tmp + in_len, tmp, in_len);
			if (copy_to_user((__force void __user *)irp->UserBuffer, tmp + in_len,
					 in_len))
				status = STATUS_ACCESS_VIOLATION;
			else
				info = in_len;
		}
		kfree(tmp);
		return iot_complete(irp, status, info);

	default:
		return iot_complete(irp, STATUS_INVALID_DEVICE_REQUEST, 0);
	}
}

static void iot_remove(int i)
{
	wdmdma_iodev_destroy(iot_node[i]);
	iot_node[i] = NULL;
	if (iot_dev[i])
		IoDeleteDevice(iot_dev[i]);
	iot_dev[i] = NULL;
}

static int iot_add(int i, const char *name, bool buffered)
{
	struct iot_ext *x;
	NTSTATUS status;

	status = IoCreateDevice(iot_driver, sizeof(*x), NULL, FILE_DEVICE_UNKNOWN, 0, FALSE,
				&iot_dev[i]);
	if (!NT_SUCCESS(status))
		return -ENOMEM;
	x = iot_dev[i]->DeviceExtension;
	x->buffered = buffered;
	if (buffered)
		iot_dev[i]->Flags |= DO_BUFFERED_IO;
	iot_dev[i]->Flags &= ~DO_DEVICE_INITIALIZING;
	iot_node[i] = wdmdma_iodev_create(iot_dev[i], name, NULL);
	if (IS_ERR(iot_node[i])) {
		int ret = PTR_ERR(iot_node[i]);

		iot_node[i] = NULL;
		iot_remove(i);
		return ret;
	}
	return 0;
}

static int __init iot_init(void)
{
	int ret;

	iot_driver = wdmdma_driver_create("wdmdma_iodev_test");
	if (!iot_driver)
		return -ENOMEM;
	iot_driver->MajorFunction[IRP_MJ_CREATE] = iot_create_close;
	iot_driver->MajorFunction[IRP_MJ_CLEANUP] = iot_create_close;
	iot_driver->MajorFunction[IRP_MJ_CLOSE] = iot_create_close;
	iot_driver->MajorFunction[IRP_MJ_READ] = iot_read_write;
	iot_driver->MajorFunction[IRP_MJ_WRITE] = iot_read_write;
	iot_driver->MajorFunction[IRP_MJ_DEVICE_CONTROL] = iot_control;

	ret = iot_add(0, "wdmdma_iot_buffered", true);
	if (ret)
		goto err_driver;
	ret = iot_add(1, "wdmdma_iot_neither", false);
	if (ret)
		goto err_first;
	return 0;

err_first:
	iot_remove(0);
err_driver:
	wdmdma_driver_destroy(iot_driver);
	return ret;
}
module_init(iot_init);

static void __exit iot_exit(void)
{
	iot_remove(1);
	iot_remove(0);
	wdmdma_driver_destroy(iot_driver);
}
module_exit(iot_exit);

MODULE_DESCRIPTION("wdmdma I/O device test: buffered and neither I/O, every IOCTL method");
MODULE_LICENSE("GPL");
