/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What wdmdma_iodev_test.ko and tools/vm/iodev_check.c share: the control
 * codes (CTL_CODE as on Windows, FILE_DEVICE_UNKNOWN, FILE_ANY_ACCESS) and
 * the counts.  Plain C types: usable from user space.
 */
#ifndef _WDMDMA_IODEV_TEST_H_
#define _WDMDMA_IODEV_TEST_H_

#define IOT_CTL(function, method)	((0x22 << 16) | ((function) << 2) | (method))

/* out: struct iot_counts */
#define IOCTL_IOT_COUNTS		IOT_CTL(0x900, 0)	/* METHOD_BUFFERED */
/* in: bytes; out: them reversed */
#define IOCTL_IOT_REVERSE_BUFFERED	IOT_CTL(0x901, 0)	/* METHOD_BUFFERED */
/* in: bytes; "out": the same bytes, compared by the driver */
#define IOCTL_IOT_COMPARE_IN_DIRECT	IOT_CTL(0x902, 1)	/* METHOD_IN_DIRECT */
/* in: bytes; out: them reversed */
#define IOCTL_IOT_REVERSE_OUT_DIRECT	IOT_CTL(0x903, 2)	/* METHOD_OUT_DIRECT */
#define IOCTL_IOT_REVERSE_NEITHER	IOT_CTL(0x904, 3)	/* METHOD_NEITHER */

#define IOT_STORE_SIZE	4096

/* IRPs a device saw (a CLOSE counts only after its CLEANUP) */
struct iot_counts {
	unsigned int creates;
	unsigned int cleanups;
	unsigned int closes;
};

/* NTSTATUS values the checker expects */
#define IOT_STATUS_DATA_ERROR		0xC000003EU
#define IOT_STATUS_INVALID_DEVICE_REQUEST 0xC0000010U

#endif /* _WDMDMA_IODEV_TEST_H_ */
