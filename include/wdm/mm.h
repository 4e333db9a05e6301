/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mm.h - the memory manager's allocation routines: physical pages for an
 * MDL (MmAllocatePagesForMdl(Ex), MmFreePagesFromMdl), physically
 * contiguous memory, noncached memory, the pageable-section routines and
 * MmIsAddressValid
 *
 * Nothing in a driver is pageable here: every section of a module stays
 * resident, so the Mm*Pagable* routines only hand out and take back a
 * handle.  The limits Linux puts on the allocations (address ranges met
 * through the page allocator's zones, a contiguous block of at most what
 * the buddy allocator hands out at once) are described in README.
 */
#ifndef _WDM_MM_H_
#define _WDM_MM_H_

#include <wdm/ntdef.h>
#include <wdm/mdl.h>
#include <wdm/dma.h>

/* Flags of MmAllocatePagesForMdlEx */
#define MM_DONT_ZERO_ALLOCATION			0x00000001
#define MM_ALLOCATE_FROM_LOCAL_NODE_ONLY	0x00000002
#define MM_ALLOCATE_FULLY_REQUIRED		0x00000004
#define MM_ALLOCATE_NO_WAIT			0x00000008
#define MM_ALLOCATE_PREFER_CONTIGUOUS		0x00000010
#define MM_ALLOCATE_REQUIRE_CONTIGUOUS_CHUNKS	0x00000020
#define MM_ALLOCATE_FAST_LARGE_PAGES		0x00000040
#define MM_ALLOCATE_TRIM_IF_NECESSARY		0x00000080
#define MM_ALLOCATE_AND_HOT_REMOVE		0x00000100

/*
 * Page protections (MmAllocateContiguousNodeMemory's Protect).  x86 Linux
 * has a PAGE_READONLY of its own: a glue file that included Linux headers
 * first keeps it; a driver's file sees the WDK's.
 */
#define PAGE_NOACCESS		0x01
#ifndef PAGE_READONLY
#define PAGE_READONLY		0x02
#endif
#define PAGE_READWRITE		0x04
#define PAGE_WRITECOPY		0x08
#define PAGE_EXECUTE		0x10
#define PAGE_EXECUTE_READ	0x20
#define PAGE_EXECUTE_READWRITE	0x40
#define PAGE_EXECUTE_WRITECOPY	0x80
#define PAGE_GUARD		0x100
#define PAGE_NOCACHE		0x200
#define PAGE_WRITECOMBINE	0x400

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
PMDL
MmAllocatePagesForMdl(_In_ PHYSICAL_ADDRESS LowAddress,
		      _In_ PHYSICAL_ADDRESS HighAddress,
		      _In_ PHYSICAL_ADDRESS SkipBytes,
		      _In_ SIZE_T TotalBytes);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
PMDL
MmAllocatePagesForMdlEx(_In_ PHYSICAL_ADDRESS LowAddress,
			_In_ PHYSICAL_ADDRESS HighAddress,
			_In_ PHYSICAL_ADDRESS SkipBytes,
			_In_ SIZE_T TotalBytes,
			_In_ MEMORY_CACHING_TYPE CacheType,
			_In_ ULONG Flags);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
MmFreePagesFromMdl(_Inout_ PMDL MemoryDescriptorList);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
PVOID
MmAllocateContiguousMemory(_In_ SIZE_T NumberOfBytes,
			   _In_ PHYSICAL_ADDRESS HighestAcceptableAddress);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
PVOID
MmAllocateContiguousMemorySpecifyCache(_In_ SIZE_T NumberOfBytes,
				       _In_ PHYSICAL_ADDRESS LowestAcceptableAddress,
				       _In_ PHYSICAL_ADDRESS HighestAcceptableAddress,
				       _In_opt_ PHYSICAL_ADDRESS BoundaryAddressMultiple,
				       _In_ MEMORY_CACHING_TYPE CacheType);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
PVOID
MmAllocateContiguousNodeMemory(_In_ SIZE_T NumberOfBytes,
			       _In_ PHYSICAL_ADDRESS LowestAcceptableAddress,
			       _In_ PHYSICAL_ADDRESS HighestAcceptableAddress,
			       _In_opt_ PHYSICAL_ADDRESS BoundaryAddressMultiple,
			       _In_ ULONG Protect,
			       _In_ NODE_REQUIREMENT PreferredNode);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
MmFreeContiguousMemory(_In_ PVOID BaseAddress);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
MmFreeContiguousMemorySpecifyCache(_In_ PVOID BaseAddress,
				   _In_ SIZE_T NumberOfBytes,
				   _In_ MEMORY_CACHING_TYPE CacheType);

_Must_inspect_result_
_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI
PVOID
MmAllocateNonCachedMemory(_In_ SIZE_T NumberOfBytes);

_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI
VOID
MmFreeNonCachedMemory(_In_ PVOID BaseAddress, _In_ SIZE_T NumberOfBytes);

_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI
PVOID
MmLockPagableDataSection(_In_ PVOID AddressWithinSection);

_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI
PVOID
MmLockPagableCodeSection(_In_ PVOID AddressWithinSection);

_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI
VOID
MmLockPagableSectionByHandle(_In_ PVOID ImageSectionHandle);

_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI
VOID
MmUnlockPagableImageSection(_In_ PVOID ImageSectionHandle);

_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI
PVOID
MmPageEntireDriver(_In_ PVOID AddressWithinSection);

_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI
VOID
MmResetDriverPaging(_In_ PVOID AddressWithinSection);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
BOOLEAN
MmIsAddressValid(_In_ PVOID VirtualAddress);

#endif /* _WDM_MM_H_ */
