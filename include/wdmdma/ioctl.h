/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The user-space side of a wdmdma I/O device (wdmdma_iodev_create()): the
 * device node takes read(2), write(2), pread(2) and pwrite(2) as
 * IRP_MJ_READ and IRP_MJ_WRITE (the file offset is ByteOffset), and this
 * ioctl as IRP_MJ_DEVICE_CONTROL, the DeviceIoControl() of a ported
 * Windows application.  Usable from user space and kernel alike.
 */
#ifndef _WDMDMA_IOCTL_H_
#define _WDMDMA_IOCTL_H_

#include <linux/ioctl.h>
#include <linux/types.h>

/**
 * struct wdmdma_device_control - DeviceIoControl()'s arguments
 * @code: the control code, CTL_CODE() as on Windows; its method
 *	(METHOD_BUFFERED, METHOD_IN_DIRECT, METHOD_OUT_DIRECT, METHOD_NEITHER)
 *	says how the buffers reach the driver
 * @input_length: bytes at @input
 * @output_length: bytes at @output
 * @returned: out: IoStatus.Information, the bytes the driver returned
 * @input: user pointer to the input buffer (0 when none)
 * @output: user pointer to the output buffer (0 when none)
 * @status: out: the IRP's final NTSTATUS
 * @reserved: zero
 *
 * The ioctl returns 0 when @status is a success, else the errno closest
 * to @status; @status and @returned are filled in either way.
 */
struct wdmdma_device_control {
	__u32 code;
	__u32 input_length;
	__u32 output_length;
	__u32 returned;
	__u64 input;
	__u64 output;
	__s32 status;
	__u32 reserved;
};

#define WDMDMA_IOC_DEVICE_CONTROL	_IOWR('W', 0x01, struct wdmdma_device_control)

#endif /* _WDMDMA_IOCTL_H_ */
