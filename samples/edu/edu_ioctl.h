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

/*
 * Output: EDU_HANDLE_STATISTICS, the figures of the handle the request
 * comes through (each open has its own).  METHOD_BUFFERED, FILE_ANY_ACCESS.
 */
#define IOCTL_EDU_GET_HANDLE_STATISTICS	CTL_CODE(0x22, 0x802, 0, 0)

/*
 * A test hook for DMA verifiers, not for use in production.  Input: one
 * unsigned int, N bytes (0 disarms, at most EDU_TEST_OVERRUN_MAX).  The
 * next read request goes through the packet path (AllocateAdapterChannel
 * + MapTransfer) and the driver programs the device's DMA count of its
 * first operation N bytes longer than MapTransfer mapped (less when the
 * device buffer ends sooner), so the device writes N bytes of its buffer
 * past the end of the mapping.  A verifier that double-buffers the
 * transfer between guard areas (wdmdma's verifier mode, Driver Verifier's
 * DMA verification) catches it at FlushAdapterBuffers; without one the
 * device writes into whatever memory follows the buffer.
 */
#define IOCTL_EDU_TEST_OVERRUN		CTL_CODE(0x22, 0x801, 0, 0)
#define EDU_TEST_OVERRUN_MAX		4096

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
	unsigned long long TestOverruns;	/* DMA operations programmed past their mapping */
	unsigned long long TestOverrunBytes;	/* ... by so many bytes in all */
} EDU_STATISTICS, *PEDU_STATISTICS;

/* What one handle has done since it was opened */
typedef struct _EDU_HANDLE_STATISTICS {
	unsigned long long Requests;		/* its read and write IRPs completed successfully */
	unsigned long long Bytes;		/* bytes they moved */
} EDU_HANDLE_STATISTICS, *PEDU_HANDLE_STATISTICS;

/*
 * The driver's WMI data block, one instance per device: what it has done
 * since it started.  On Linux, debugfs wdmdma/wmi/<PCI device>/<GUID>
 * queries it (IRP_MN_QUERY_ALL_DATA) and prints the instance's bytes.
 */
#define EDU_WMI_STATISTICS_GUID_STRING	"5c6a4f10-9b2e-4d3a-8e71-2f0b6c9d1e47"
#ifdef DEFINE_GUID
DEFINE_GUID(EDU_WMI_STATISTICS_GUID, 0x5c6a4f10, 0x9b2e, 0x4d3a,
	    0x8e, 0x71, 0x2f, 0x0b, 0x6c, 0x9d, 0x1e, 0x47);
#endif

typedef struct _EDU_WMI_STATISTICS {
	unsigned long long Transfers;	/* read and write IRPs completed successfully */
	unsigned long long Bytes;	/* bytes they moved */
	unsigned long long Errors;	/* IRPs completed with an error */
} EDU_WMI_STATISTICS, *PEDU_WMI_STATISTICS;

#endif /* _EDU_IOCTL_H_ */
