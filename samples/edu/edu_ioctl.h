/* SPDX-License-Identifier: GPL-2.0 */
/*
 * edu_ioctl.h - the edu sample driver's interface to applications, shared
 * by the driver and user space (as a Windows driver's public header is):
 * plain C types only.  On Linux an application sends the request with
 * the WDMDMA_IOC_DEVICE_CONTROL ioctl of <wdmdma/ioctl.h>, the equivalent
 * of DeviceIoControl().
 *
 * wdmdma-lint: windows-source (Windows names and style are kept)
 */
#ifndef _EDU_IOCTL_H_
#define _EDU_IOCTL_H_

#ifndef CTL_CODE
#define CTL_CODE(DeviceType, Function, Method, Access) \
	(((DeviceType) << 16) | ((Access) << 14) | ((Function) << 2) | (Method))
#endif

/* Bytes of the device's own buffer; a transfer must end before its end. */
#define EDU_BUFFER_SIZE		4096

/* Output: EDU_STATISTICS.  FILE_DEVICE_UNKNOWN, METHOD_BUFFERED, FILE_ANY_ACCESS. */
#define IOCTL_EDU_GET_STATISTICS	CTL_CODE(0x22, 0x800, 0, 0)

/* What the driver has done since its device started */
typedef struct _EDU_STATISTICS {
	unsigned long long Requests;		/* read and write IRPs completed successfully */
	unsigned long long Bytes;		/* bytes they moved */
	unsigned long long Failed;		/* IRPs completed with an error */
	unsigned long long Cancelled;		/* IRPs cancelled or failed by removal */
	unsigned long long PacketRequests;	/* through AllocateAdapterChannel + MapTransfer */
	unsigned long long ScatterGatherRequests; /* through GetScatterGatherList */
	unsigned long long DeviceTransfers;	/* DMA operations programmed into the device */
	unsigned long long Remapped;		/* ... at a device address not the RAM's */
	unsigned long long AboveLimit;		/* ... with RAM beyond the device's reach */
	unsigned int DmaAddressWidth;		/* the device's address width, bits */
	unsigned int MapRegisters;		/* what IoGetDmaAdapter granted */
} EDU_STATISTICS, *PEDU_STATISTICS;

#endif /* _EDU_IOCTL_H_ */
