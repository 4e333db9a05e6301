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

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/io.h>

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

/* DbgPrintEx levels (a Level above 31 is a mask; taken as informational) */
#define DPFLTR_ERROR_LEVEL	0
#define DPFLTR_WARNING_LEVEL	1
#define DPFLTR_TRACE_LEVEL	2
#define DPFLTR_INFO_LEVEL	3
#define DPFLTR_MASK		0x80000000

ULONG __printf(1, 2)
DbgPrint(_In_z_ PCSTR Format, ...);

NTSYSAPI
ULONG __printf(3, 4)
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
 * (what MmMapIoSpace or the port's glue gives the driver).
 */
static inline UCHAR READ_REGISTER_UCHAR(__volatile UCHAR *Register)
{
	return readb((const __volatile void __iomem __force *)Register);
}

static inline USHORT READ_REGISTER_USHORT(__volatile USHORT *Register)
{
	return readw((const __volatile void __iomem __force *)Register);
}

static inline ULONG READ_REGISTER_ULONG(__volatile ULONG *Register)
{
	return readl((const __volatile void __iomem __force *)Register);
}

static inline VOID WRITE_REGISTER_UCHAR(__volatile UCHAR *Register, UCHAR Value)
{
	writeb(Value, (__volatile void __iomem __force *)Register);
}

static inline VOID WRITE_REGISTER_USHORT(__volatile USHORT *Register, USHORT Value)
{
	writew(Value, (__volatile void __iomem __force *)Register);
}

static inline VOID WRITE_REGISTER_ULONG(__volatile ULONG *Register, ULONG Value)
{
	writel(Value, (__volatile void __iomem __force *)Register);
}

static inline ULONG64 READ_REGISTER_ULONG64(__volatile ULONG64 *Register)
{
	return readq((const __volatile void __iomem __force *)Register);
}

static inline VOID WRITE_REGISTER_ULONG64(__volatile ULONG64 *Register, ULONG64 Value)
{
	writeq(Value, (__volatile void __iomem __force *)Register);
}

#endif /* _WDM_EX_H_ */
