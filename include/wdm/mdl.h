/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mdl.h - memory descriptor lists and the memory-manager (Mm) names that
 * go with them: caching types, page priorities, pool types
 *
 * An MDL describes a virtually contiguous buffer by its physical pages.  The
 * page frame numbers (PFN_NUMBER, one per page the buffer spans) follow the
 * header directly in memory; MmGetMdlPfnArray() returns their address.
 */
#ifndef _WDM_MDL_H_
#define _WDM_MDL_H_

#include <wdm/ntdef.h>
#include <wdm/ke.h>

struct _IRP;

typedef ULONG_PTR PFN_NUMBER, *PPFN_NUMBER;

typedef struct _MDL {
	struct _MDL *Next;
	CSHORT Size;
	CSHORT MdlFlags;
	struct _EPROCESS *Process;
	PVOID MappedSystemVa;
	PVOID StartVa;
	ULONG ByteCount;
	ULONG ByteOffset;
} MDL, *PMDL;

/* MdlFlags */
#define MDL_MAPPED_TO_SYSTEM_VA		0x0001
#define MDL_PAGES_LOCKED		0x0002
#define MDL_SOURCE_IS_NONPAGED_POOL	0x0004
#define MDL_ALLOCATED_FIXED_SIZE	0x0008
#define MDL_PARTIAL			0x0010
#define MDL_PARTIAL_HAS_BEEN_MAPPED	0x0020
#define MDL_IO_PAGE_READ		0x0040
#define MDL_WRITE_OPERATION		0x0080
#define MDL_LOCKED_PAGE_TABLES		0x0100
#define MDL_PARENT_MAPPED_SYSTEM_VA	MDL_LOCKED_PAGE_TABLES
#define MDL_FREE_EXTRA_PTES		0x0200
#define MDL_DESCRIBES_AWE		0x0400
#define MDL_IO_SPACE			0x0800
#define MDL_NETWORK_HEADER		0x1000
#define MDL_MAPPING_CAN_FAIL		0x2000
#define MDL_PAGE_CONTENTS_INVARIANT	0x4000
#define MDL_ALLOCATED_MUST_SUCCEED	MDL_PAGE_CONTENTS_INVARIANT
#define MDL_INTERNAL			0x8000

/* Access a caller wants to a buffer it probes and locks */
typedef enum _LOCK_OPERATION {
	IoReadAccess,
	IoWriteAccess,
	IoModifyAccess
} LOCK_OPERATION;

typedef enum _MEMORY_CACHING_TYPE_ORIG {
	MmFrameBufferCached = 2
} MEMORY_CACHING_TYPE_ORIG;

typedef enum _MEMORY_CACHING_TYPE {
	MmNonCached = FALSE,
	MmCached = TRUE,
	MmWriteCombined = MmFrameBufferCached,
	MmHardwareCoherentCached,
	MmNonCachedUnordered,
	MmUSWCCached,
	MmMaximumCacheType,
	MmNotMapped = -1
} MEMORY_CACHING_TYPE;

typedef enum _MM_PAGE_PRIORITY {
	LowPagePriority,
	NormalPagePriority = 16,
	HighPagePriority = 32
} MM_PAGE_PRIORITY;

/* May be OR'ed into the Priority argument of the mapping routines */
#define MdlMappingNoWrite	0x80000000
#define MdlMappingNoExecute	0x40000000

typedef enum _POOL_TYPE {
	NonPagedPool,
	NonPagedPoolExecute = NonPagedPool,
	PagedPool,
	NonPagedPoolMustSucceed = NonPagedPool + 2,
	DontUseThisType,
	NonPagedPoolCacheAligned = NonPagedPool + 4,
	PagedPoolCacheAligned,
	NonPagedPoolCacheAlignedMustS = NonPagedPool + 6,
	MaxPoolType,

	NonPagedPoolBase = 0,
	NonPagedPoolBaseMustSucceed = NonPagedPoolBase + 2,
	NonPagedPoolBaseCacheAligned = NonPagedPoolBase + 4,
	NonPagedPoolBaseCacheAlignedMustS = NonPagedPoolBase + 6,

	NonPagedPoolSession = 32,
	PagedPoolSession = NonPagedPoolSession + 1,
	NonPagedPoolMustSucceedSession = PagedPoolSession + 1,
	DontUseThisTypeSession = NonPagedPoolMustSucceedSession + 1,
	NonPagedPoolCacheAlignedSession = DontUseThisTypeSession + 1,
	PagedPoolCacheAlignedSession = NonPagedPoolCacheAlignedSession + 1,
	NonPagedPoolCacheAlignedMustSSession = PagedPoolCacheAlignedSession + 1,

	NonPagedPoolNx = 512,
	NonPagedPoolNxCacheAligned = NonPagedPoolNx + 4,
	NonPagedPoolSessionNx = NonPagedPoolNx + 32,
} POOL_TYPE;

/* Accessors */
#define MmGetMdlPfnArray(Mdl)		((PPFN_NUMBER)((Mdl) + 1))
#define MmGetMdlBaseVa(Mdl)		((Mdl)->StartVa)
#define MmGetMdlByteCount(Mdl)		((Mdl)->ByteCount)
#define MmGetMdlByteOffset(Mdl)		((Mdl)->ByteOffset)
#define MmGetMdlVirtualAddress(Mdl)	\
	((PVOID)((PUCHAR)(Mdl)->StartVa + (Mdl)->ByteOffset))

/* Routines */
_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
PMDL
IoAllocateMdl(_In_opt_ __drv_aliasesMem PVOID VirtualAddress,
	      _In_ ULONG Length,
	      _In_ BOOLEAN SecondaryBuffer,
	      _In_ BOOLEAN ChargeQuota,
	      _Inout_opt_ struct _IRP *Irp);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
IoFreeMdl(_In_ PMDL Mdl);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
IoBuildPartialMdl(_In_ PMDL SourceMdl,
		  _Inout_ PMDL TargetMdl,
		  _Inout_ PVOID VirtualAddress,
		  _In_ ULONG Length);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
MmBuildMdlForNonPagedPool(_Inout_ PMDL MemoryDescriptorList);

/*
 * MmProbeAndLockPages - make the pages of the buffer resident and lock them.
 * On Windows a failure raises an exception the caller catches with
 * __try/__except; there is no SEH on Linux, and the failure behaviour of
 * this implementation is defined separately.
 */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
MmProbeAndLockPages(_Inout_ PMDL MemoryDescriptorList,
		    _In_ KPROCESSOR_MODE AccessMode,
		    _In_ LOCK_OPERATION Operation);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
MmUnlockPages(_Inout_ PMDL MemoryDescriptorList);

NTKERNELAPI
PHYSICAL_ADDRESS
MmGetPhysicalAddress(_In_ PVOID BaseAddress);

_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
PVOID
MmMapLockedPagesSpecifyCache(_Inout_ PMDL MemoryDescriptorList,
			     _In_ KPROCESSOR_MODE AccessMode,
			     _In_ MEMORY_CACHING_TYPE CacheType,
			     _In_opt_ PVOID RequestedAddress,
			     _In_ ULONG BugCheckOnFailure,
			     _In_ ULONG Priority);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
MmUnmapLockedPages(_In_ PVOID BaseAddress,
		   _Inout_ PMDL MemoryDescriptorList);

NTKERNELAPI
SIZE_T
MmSizeOfMdl(_In_reads_bytes_opt_(Length) PVOID Base,
	    _In_ SIZE_T Length);

/**
 * MmInitializeMdl() - initialise the header of a caller-allocated MDL
 * @MemoryDescriptorList: MDL with room for the PFN array of the buffer
 * @BaseVa: start of the buffer
 * @Length: length of the buffer in bytes
 */
_IRQL_requires_max_(DISPATCH_LEVEL)
static inline VOID
MmInitializeMdl(_Out_ PMDL MemoryDescriptorList, _In_opt_ PVOID BaseVa,
		_In_ SIZE_T Length)
{
	SIZE_T pages = ADDRESS_AND_SIZE_TO_SPAN_PAGES(BaseVa, Length);

	MemoryDescriptorList->Next = NULL;
	MemoryDescriptorList->Size =
		(CSHORT)(sizeof(MDL) + sizeof(PFN_NUMBER) * pages);
	MemoryDescriptorList->MdlFlags = 0;
	MemoryDescriptorList->StartVa =
		(PVOID)((ULONG_PTR)BaseVa & ~(ULONG_PTR)(PAGE_SIZE - 1));
	MemoryDescriptorList->ByteOffset = BYTE_OFFSET(BaseVa);
	MemoryDescriptorList->ByteCount = (ULONG)Length;
}

/**
 * MmGetSystemAddressForMdlSafe() - kernel virtual address of an MDL's buffer
 * @Mdl: the MDL
 * @Priority: MM_PAGE_PRIORITY, optionally OR'ed with MdlMapping* flags
 *
 * Return: the existing system address when the MDL is already mapped or
 * describes nonpaged pool, otherwise a new mapping of its locked pages, or
 * NULL when that mapping fails.
 */
_IRQL_requires_max_(DISPATCH_LEVEL)
_Check_return_
static inline PVOID
MmGetSystemAddressForMdlSafe(_Inout_ PMDL Mdl, _In_ ULONG Priority)
{
	if (Mdl->MdlFlags &
	    (MDL_MAPPED_TO_SYSTEM_VA | MDL_SOURCE_IS_NONPAGED_POOL))
		return Mdl->MappedSystemVa;
	return MmMapLockedPagesSpecifyCache(Mdl, KernelMode, MmCached, NULL,
					    FALSE, Priority);
}

/*
 * The obsolete form: the same, but a failed mapping is fatal on Windows
 * (BugCheckOnFailure).
 */
#define MmGetSystemAddressForMdl(Mdl)					\
	(((Mdl)->MdlFlags &						\
	  (MDL_MAPPED_TO_SYSTEM_VA | MDL_SOURCE_IS_NONPAGED_POOL)) ?	\
	 (Mdl)->MappedSystemVa :					\
	 MmMapLockedPagesSpecifyCache((Mdl), KernelMode, MmCached,	\
				      NULL, TRUE, NormalPagePriority))

/**
 * MmPrepareMdlForReuse() - release what a partial MDL holds before reuse
 * @Mdl: the MDL to reuse, e.g. as the target of another IoBuildPartialMdl()
 *
 * Unmaps the system mapping of a partial MDL if one has been made.
 */
_IRQL_requires_max_(DISPATCH_LEVEL)
static inline VOID
MmPrepareMdlForReuse(_Inout_ PMDL Mdl)
{
	if (Mdl->MdlFlags & MDL_PARTIAL_HAS_BEEN_MAPPED)
		MmUnmapLockedPages(Mdl->MappedSystemVa, Mdl);
}

#ifdef CONFIG_X86_64
WDM_STATIC_ASSERT(sizeof(MDL) == 0x30);
WDM_STATIC_ASSERT(offsetof(MDL, Size) == 0x08);
WDM_STATIC_ASSERT(offsetof(MDL, MdlFlags) == 0x0a);
WDM_STATIC_ASSERT(offsetof(MDL, Process) == 0x10);
WDM_STATIC_ASSERT(offsetof(MDL, MappedSystemVa) == 0x18);
WDM_STATIC_ASSERT(offsetof(MDL, StartVa) == 0x20);
WDM_STATIC_ASSERT(offsetof(MDL, ByteCount) == 0x28);
WDM_STATIC_ASSERT(offsetof(MDL, ByteOffset) == 0x2c);
WDM_STATIC_ASSERT(sizeof(PFN_NUMBER) == 8);
#endif

#endif /* _WDM_MDL_H_ */
