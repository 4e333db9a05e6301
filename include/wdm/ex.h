/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ex.h - executive support of the WDM surface: pool allocation, debug
 * output, and register/port access
 *
 * Pool is kmalloc memory: nonpaged pool may be allocated at DISPATCH_LEVEL
 * (GFP_ATOMIC there), paged pool only below it.  DbgPrint() and friends go
 * to printk(); their format strings are Linux printk formats.
 */
#ifndef _WDM_EX_H_
#define _WDM_EX_H_

#include <wdm/ntdef.h>
#include <wdm/mdl.h>

/* POOL_TYPE (ExAllocatePoolWithTag) is in <wdm/mdl.h> */

/* Flags of ExAllocatePool2: low 32 bits required, high 32 bits optional */
typedef ULONG64 POOL_FLAGS;

#define POOL_FLAG_REQUIRED_START	0x0000000000000001ULL
#define POOL_FLAG_USE_QUOTA		0x0000000000000001ULL
#define POOL_FLAG_UNINITIALIZED		0x0000000000000002ULL
#define POOL_FLAG_SESSION		0x0000000000000004ULL
#define POOL_FLAG_CACHE_ALIGNED		0x0000000000000008ULL
#define POOL_FLAG_RESERVED1		0x0000000000000010ULL
#define POOL_FLAG_RAISE_ON_FAILURE	0x0000000000000020ULL
#define POOL_FLAG_NON_PAGED		0x0000000000000040ULL
#define POOL_FLAG_NON_PAGED_EXECUTE	0x0000000000000080ULL
#define POOL_FLAG_PAGED			0x0000000000000100ULL
#define POOL_FLAG_RESERVED2		0x0000000000000200ULL
#define POOL_FLAG_RESERVED3		0x0000000000000400ULL

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
PVOID
ExAllocatePoolWithTag(_In_ POOL_TYPE PoolType,
		      _In_ SIZE_T NumberOfBytes,
		      _In_ ULONG Tag);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
PVOID
ExAllocatePool(_In_ POOL_TYPE PoolType, _In_ SIZE_T NumberOfBytes);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
PVOID
ExAllocatePool2(_In_ POOL_FLAGS Flags,
		_In_ SIZE_T NumberOfBytes,
		_In_ ULONG Tag);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
ExFreePoolWithTag(_Pre_notnull_ PVOID P, _In_ ULONG Tag);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
ExFreePool(_Pre_notnull_ PVOID P);

/*
 * DbgPrintEx component ids (DPFLTR_TYPE): the Windows 7 and later numbering.
 * Drivers use the IHV ones (DPFLTR_IHVDRIVER_ID...); every id prints here.
 */
typedef enum _DPFLTR_TYPE {
	DPFLTR_SYSTEM_ID	= 0,
	DPFLTR_SMSS_ID		= 1,
	DPFLTR_SETUP_ID		= 2,
	DPFLTR_NTFS_ID		= 3,
	DPFLTR_FSTUB_ID		= 4,
	DPFLTR_CRASHDUMP_ID	= 5,
	DPFLTR_CDAUDIO_ID	= 6,
	DPFLTR_CDROM_ID		= 7,
	DPFLTR_CLASSPNP_ID	= 8,
	DPFLTR_DISK_ID		= 9,
	DPFLTR_REDBOOK_ID	= 10,
	DPFLTR_STORPROP_ID	= 11,
	DPFLTR_SCSIPORT_ID	= 12,
	DPFLTR_SCSIMINIPORT_ID	= 13,
	DPFLTR_CONFIG_ID	= 14,
	DPFLTR_I8042PRT_ID	= 15,
	DPFLTR_SERMOUSE_ID	= 16,
	DPFLTR_LSERMOUS_ID	= 17,
	DPFLTR_KBDHID_ID	= 18,
	DPFLTR_MOUHID_ID	= 19,
	DPFLTR_KBDCLASS_ID	= 20,
	DPFLTR_MOUCLASS_ID	= 21,
	DPFLTR_TWOTRACK_ID	= 22,
	DPFLTR_WMILIB_ID	= 23,
	DPFLTR_ACPI_ID		= 24,
	DPFLTR_AMLI_ID		= 25,
	DPFLTR_HALIA64_ID	= 26,
	DPFLTR_VIDEO_ID		= 27,
	DPFLTR_SVCHOST_ID	= 28,
	DPFLTR_VIDEOPRT_ID	= 29,
	DPFLTR_TCPIP_ID		= 30,
	DPFLTR_DMSYNTH_ID	= 31,
	DPFLTR_NTOSPNP_ID	= 32,
	DPFLTR_FASTFAT_ID	= 33,
	DPFLTR_SAMSS_ID		= 34,
	DPFLTR_PNPMGR_ID	= 35,
	DPFLTR_NETAPI_ID	= 36,
	DPFLTR_SCSERVER_ID	= 37,
	DPFLTR_SCCLIENT_ID	= 38,
	DPFLTR_SERIAL_ID	= 39,
	DPFLTR_SERENUM_ID	= 40,
	DPFLTR_UHCD_ID		= 41,
	DPFLTR_RPCPROXY_ID	= 42,
	DPFLTR_AUTOCHK_ID	= 43,
	DPFLTR_DCOMSS_ID	= 44,
	DPFLTR_UNIMODEM_ID	= 45,
	DPFLTR_SIS_ID		= 46,
	DPFLTR_FLTMGR_ID	= 47,
	DPFLTR_WMICORE_ID	= 48,
	DPFLTR_BURNENG_ID	= 49,
	DPFLTR_IMAPI_ID		= 50,
	DPFLTR_SXS_ID		= 51,
	DPFLTR_FUSION_ID	= 52,
	DPFLTR_IDLETASK_ID	= 53,
	DPFLTR_SOFTPCI_ID	= 54,
	DPFLTR_TAPE_ID		= 55,
	DPFLTR_MCHGR_ID		= 56,
	DPFLTR_IDEP_ID		= 57,
	DPFLTR_PCIIDE_ID	= 58,
	DPFLTR_FLOPPY_ID	= 59,
	DPFLTR_FDC_ID		= 60,
	DPFLTR_TERMSRV_ID	= 61,
	DPFLTR_W32TIME_ID	= 62,
	DPFLTR_PREFETCHER_ID	= 63,
	DPFLTR_RSFILTER_ID	= 64,
	DPFLTR_FCPORT_ID	= 65,
	DPFLTR_PCI_ID		= 66,
	DPFLTR_DMIO_ID		= 67,
	DPFLTR_DMCONFIG_ID	= 68,
	DPFLTR_DMADMIN_ID	= 69,
	DPFLTR_WSOCKTRANSPORT_ID	= 70,
	DPFLTR_VSS_ID		= 71,
	DPFLTR_PNPMEM_ID	= 72,
	DPFLTR_PROCESSOR_ID	= 73,
	DPFLTR_DMSERVER_ID	= 74,
	DPFLTR_SR_ID		= 75,
	DPFLTR_INFINIBAND_ID	= 76,
	DPFLTR_IHVDRIVER_ID	= 77,
	DPFLTR_IHVVIDEO_ID	= 78,
	DPFLTR_IHVAUDIO_ID	= 79,
	DPFLTR_IHVNETWORK_ID	= 80,
	DPFLTR_IHVSTREAMING_ID	= 81,
	DPFLTR_IHVBUS_ID	= 82,
	DPFLTR_HPS_ID		= 83,
	DPFLTR_RTLTHREADPOOL_ID	= 84,
	DPFLTR_LDR_ID		= 85,
	DPFLTR_TCPIP6_ID	= 86,
	DPFLTR_ISAPNP_ID	= 87,
	DPFLTR_SHPC_ID		= 88,
	DPFLTR_STORPORT_ID	= 89,
	DPFLTR_STORMINIPORT_ID	= 90,
	DPFLTR_PRINTSPOOLER_ID	= 91,
	DPFLTR_VSSDYNDISK_ID	= 92,
	DPFLTR_VERIFIER_ID	= 93,
	DPFLTR_VDS_ID		= 94,
	DPFLTR_VDSBAS_ID	= 95,
	DPFLTR_VDSDYN_ID	= 96,
	DPFLTR_VDSDYNDR_ID	= 97,
	DPFLTR_VDSLDR_ID	= 98,
	DPFLTR_VDSUTIL_ID	= 99,
	DPFLTR_DFRGIFC_ID	= 100,
	DPFLTR_DEFAULT_ID	= 101,
	DPFLTR_MM_ID		= 102,
	DPFLTR_DFSC_ID		= 103,
	DPFLTR_WOW64_ID		= 104,
	DPFLTR_ALPC_ID		= 105,
	DPFLTR_WDI_ID		= 106,
	DPFLTR_PERFLIB_ID	= 107,
	DPFLTR_KTM_ID		= 108,
	DPFLTR_ENDOFTABLE_ID
} DPFLTR_TYPE;

/* The routine ExRegisterCallback calls (CALLBACK_FUNCTION) */
typedef
_Function_class_(CALLBACK_FUNCTION)
_IRQL_requires_same_
VOID
CALLBACK_FUNCTION(_In_opt_ PVOID CallbackContext,
		  _In_opt_ PVOID Argument1,
		  _In_opt_ PVOID Argument2);
typedef CALLBACK_FUNCTION *PCALLBACK_FUNCTION;

/* DbgPrintEx levels (a Level above 31 is a mask; taken as informational) */
#define DPFLTR_ERROR_LEVEL	0
#define DPFLTR_WARNING_LEVEL	1
#define DPFLTR_TRACE_LEVEL	2
#define DPFLTR_INFO_LEVEL	3
#define DPFLTR_MASK		0x80000000

ULONG __attribute__((__format__(__printf__, 1, 2)))
DbgPrint(_In_z_ PCSTR Format, ...);

NTSYSAPI
ULONG __attribute__((__format__(__printf__, 3, 4)))
DbgPrintEx(_In_ ULONG ComponentId, _In_ ULONG Level, _In_z_ PCSTR Format, ...);

/* KdPrint((Format, ...)): DbgPrint in a checked (DBG) build, else nothing */
#if defined(DBG) && DBG
#define KdPrint(_x_)		DbgPrint _x_
#define KdPrintEx(_x_)		DbgPrintEx _x_
#else
#define KdPrint(_x_)		do { } while (0)
#define KdPrintEx(_x_)		do { } while (0)
#endif

/*
 * Register access: Register is a virtual address of mapped device memory
 * (what MmMapIoSpace or the port's glue gives the driver).  Out of line
 * (wdmdma/rt/port.c): the kernel's accessors carry the barriers each
 * architecture needs.
 */
NTKERNELAPI UCHAR READ_REGISTER_UCHAR(_In_ __volatile UCHAR *Register);
NTKERNELAPI USHORT READ_REGISTER_USHORT(_In_ __volatile USHORT *Register);
NTKERNELAPI ULONG READ_REGISTER_ULONG(_In_ __volatile ULONG *Register);
NTKERNELAPI ULONG64 READ_REGISTER_ULONG64(_In_ __volatile ULONG64 *Register);
NTKERNELAPI VOID WRITE_REGISTER_UCHAR(_In_ __volatile UCHAR *Register, _In_ UCHAR Value);
NTKERNELAPI VOID WRITE_REGISTER_USHORT(_In_ __volatile USHORT *Register, _In_ USHORT Value);
NTKERNELAPI VOID WRITE_REGISTER_ULONG(_In_ __volatile ULONG *Register, _In_ ULONG Value);
NTKERNELAPI VOID WRITE_REGISTER_ULONG64(_In_ __volatile ULONG64 *Register, _In_ ULONG64 Value);

#endif /* _WDM_EX_H_ */
