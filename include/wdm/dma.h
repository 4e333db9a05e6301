/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dma.h - the WDM DMA interface: device descriptions, adapter objects, the
 * DMA_OPERATIONS table, scatter/gather lists and the driver callbacks
 *
 * A driver obtains a DMA_ADAPTER from IoGetDmaAdapter() and calls every
 * other DMA routine through the adapter's DmaOperations table.  The table
 * grows by version: its Size tells the driver which entries exist (v1 for
 * DEVICE_DESCRIPTION_VERSION/VERSION1, v2 for VERSION2, v3 for VERSION3).
 *
 * IO_ALLOCATION_ACTION and DRIVER_CONTROL are in <wdm/io.h>, because every
 * DEVICE_OBJECT embeds a WAIT_CONTEXT_BLOCK that refers to them.
 */
#ifndef _WDM_DMA_H_
#define _WDM_DMA_H_

#include <wdm/ntdef.h>
#include <wdm/ke.h>
#include <wdm/mdl.h>
#include <wdm/io.h>

/* Bus types */
typedef enum _INTERFACE_TYPE {
	InterfaceTypeUndefined = -1,
	Internal,
	Isa,
	Eisa,
	MicroChannel,
	TurboChannel,
	PCIBus,
	VMEBus,
	NuBus,
	PCMCIABus,
	CBus,
	MPIBus,
	MPSABus,
	ProcessorInternal,
	InternalPowerBus,
	PNPISABus,
	PNPBus,
	Vmcs,
	ACPIBus,
	MaximumInterfaceType
} INTERFACE_TYPE, *PINTERFACE_TYPE;

/* Transfer width of a system (slave) DMA channel */
typedef enum _DMA_WIDTH {
	Width8Bits,
	Width16Bits,
	Width32Bits,
	Width64Bits,
	WidthNoWrap,
	MaximumDmaWidth
} DMA_WIDTH, *PDMA_WIDTH;

/* Timing of a system DMA channel */
typedef enum _DMA_SPEED {
	Compatible,
	TypeA,
	TypeB,
	TypeC,
	TypeF,
	MaximumDmaSpeed
} DMA_SPEED, *PDMA_SPEED;

/* What a driver tells IoGetDmaAdapter() about its device */
typedef struct _DEVICE_DESCRIPTION {
	ULONG Version;
	BOOLEAN Master;
	BOOLEAN ScatterGather;
	BOOLEAN DemandMode;
	BOOLEAN AutoInitialize;
	BOOLEAN Dma32BitAddresses;
	BOOLEAN IgnoreCount;
	BOOLEAN Reserved1;
	BOOLEAN Dma64BitAddresses;
	ULONG BusNumber;
	ULONG DmaChannel;
	INTERFACE_TYPE InterfaceType;
	DMA_WIDTH DmaWidth;
	DMA_SPEED DmaSpeed;
	ULONG MaximumLength;
	ULONG DmaPort;
	/* DEVICE_DESCRIPTION_VERSION3 */
	ULONG DmaAddressWidth;
	ULONG DmaControllerInstance;
	ULONG DmaRequestLine;
	PHYSICAL_ADDRESS DeviceAddress;
} DEVICE_DESCRIPTION, *PDEVICE_DESCRIPTION;

#define DEVICE_DESCRIPTION_VERSION	0
#define DEVICE_DESCRIPTION_VERSION1	1
#define DEVICE_DESCRIPTION_VERSION2	2
#define DEVICE_DESCRIPTION_VERSION3	3

/* Adapter information (GetDmaAdapterInfo) */
#define DMA_ADAPTER_INFO_VERSION1	1

typedef struct _DMA_ADAPTER_INFO_V1 {
	ULONG ReadDmaCounterAvailable;
	ULONG ScatterGatherLimit;
	ULONG DmaAddressWidth;
	ULONG Flags;
	ULONG MinimumTransferUnit;
} DMA_ADAPTER_INFO_V1, *PDMA_ADAPTER_INFO_V1;

/* What a crash-dump stack is told about the adapter (Windows 11 22H2) */
typedef struct _DMA_ADAPTER_INFO_CRASHDUMP {
	DEVICE_DESCRIPTION DeviceDescription;
	SIZE_T DeviceIdSize;
	PVOID DeviceId;
} DMA_ADAPTER_INFO_CRASHDUMP, *PDMA_ADAPTER_INFO_CRASHDUMP;

/* Version selects V1; the crash-dump variant starts after a 64-bit header */
typedef union _DMA_ADAPTER_INFO {
	struct {
		ULONG Version;
		DMA_ADAPTER_INFO_V1 V1;
	};
	struct {
		ULONGLONG Reserved;
		union {
			DMA_ADAPTER_INFO_CRASHDUMP Crashdump;
		};
	};
} DMA_ADAPTER_INFO, *PDMA_ADAPTER_INFO;

/* DMA_ADAPTER_INFO_V1.Flags */
#define ADAPTER_INFO_SYNCHRONOUS_CALLBACK	0x0001
#define ADAPTER_INFO_API_BYPASS			0x0002

/* Transfer information (GetDmaTransferInfo) */
#define DMA_TRANSFER_INFO_VERSION1	1
#define DMA_TRANSFER_INFO_VERSION2	2

typedef struct _DMA_TRANSFER_INFO_V1 {
	ULONG MapRegisterCount;
	ULONG ScatterGatherElementCount;
	ULONG ScatterGatherListSize;
} DMA_TRANSFER_INFO_V1, *PDMA_TRANSFER_INFO_V1;

typedef struct _DMA_TRANSFER_INFO_V2 {
	ULONG MapRegisterCount;
	ULONG ScatterGatherElementCount;
	ULONG ScatterGatherListSize;
	ULONG LogicalPageCount;
} DMA_TRANSFER_INFO_V2, *PDMA_TRANSFER_INFO_V2;

typedef struct _DMA_TRANSFER_INFO {
	ULONG Version;
	union {
		DMA_TRANSFER_INFO_V1 V1;
		DMA_TRANSFER_INFO_V2 V2;
	};
} DMA_TRANSFER_INFO, *PDMA_TRANSFER_INFO;

/* Opaque transfer context a driver allocates for the v3 routines */
#define DMA_TRANSFER_CONTEXT_VERSION1	1
#ifdef CONFIG_64BIT
#define DMA_TRANSFER_CONTEXT_SIZE_V1	128
#else
#define DMA_TRANSFER_CONTEXT_SIZE_V1	64
#endif

/* Flags of AllocateAdapterChannelEx, GetScatterGatherListEx, ... */
#define DMA_SYNCHRONOUS_CALLBACK	0x01
#define DMA_ZERO_BUFFERS		0x02

/* Preferred NUMA node of a common buffer */
typedef ULONG NODE_REQUIREMENT;
#define MM_ANY_NODE_OK			0x80000000

/* Flags of AllocateDomainCommonBuffer */
#define DOMAIN_COMMON_BUFFER_LARGE_PAGE	0x0001

/* Scatter/gather lists: one element per device-contiguous piece */
typedef struct _SCATTER_GATHER_ELEMENT {
	PHYSICAL_ADDRESS Address;
	ULONG Length;
	ULONG_PTR Reserved;
} SCATTER_GATHER_ELEMENT, *PSCATTER_GATHER_ELEMENT;

typedef struct _SCATTER_GATHER_LIST {
	ULONG NumberOfElements;
	ULONG_PTR Reserved;
	SCATTER_GATHER_ELEMENT Elements[];
} SCATTER_GATHER_LIST, *PSCATTER_GATHER_LIST;

/* The adapter object */
typedef struct _DMA_OPERATIONS *PDMA_OPERATIONS;

#define HAL_DMA_ADAPTER_VERSION_1	1

typedef struct _DMA_ADAPTER {
	USHORT Version;
	USHORT Size;
	PDMA_OPERATIONS DmaOperations;
	/* the bus driver's private adapter data follows */
} DMA_ADAPTER, *PDMA_ADAPTER;

/*
 * The legacy adapter object.  As in the WDK's wdm.h, PADAPTER_OBJECT is a
 * pointer to DMA_ADAPTER: the object behind a PDMA_ADAPTER is the adapter
 * object the legacy Hal/Io routines of <wdm/hal.h> take.
 */
typedef struct _DMA_ADAPTER *PADAPTER_OBJECT;

typedef enum {
	DmaComplete,
	DmaAborted,
	DmaError,
	DmaCancelled
} DMA_COMPLETION_STATUS;

/* Driver callbacks */
typedef
_Function_class_(DRIVER_LIST_CONTROL)
_IRQL_requires_same_
VOID
DRIVER_LIST_CONTROL(_In_ struct _DEVICE_OBJECT *DeviceObject,
		    _In_ struct _IRP *Irp,
		    _In_ PSCATTER_GATHER_LIST ScatterGather,
		    _In_ PVOID Context);
typedef DRIVER_LIST_CONTROL *PDRIVER_LIST_CONTROL;

typedef
_Function_class_(DMA_COMPLETION_ROUTINE)
_IRQL_requires_max_(DISPATCH_LEVEL)
_IRQL_requires_min_(DISPATCH_LEVEL)
VOID
DMA_COMPLETION_ROUTINE(_In_ PDMA_ADAPTER DmaAdapter,
		       _In_ PDEVICE_OBJECT DeviceObject,
		       _In_ PVOID CompletionContext,
		       _In_ DMA_COMPLETION_STATUS Status);
typedef DMA_COMPLETION_ROUTINE *PDMA_COMPLETION_ROUTINE;

/* Common buffer vectors (opaque) and extended common buffer configuration */
typedef struct _DMA_COMMON_BUFFER_VECTOR DMA_COMMON_BUFFER_VECTOR,
	*PDMA_COMMON_BUFFER_VECTOR;

typedef enum _DMA_COMMON_BUFFER_EXTENDED_CONFIGURATION_TYPE {
	CommonBufferConfigTypeLogicalAddressLimits,
	CommonBufferConfigTypeSubSection,
	CommonBufferConfigTypeHardwareAccessPermissions,
	CommonBufferConfigTypeMax
} DMA_COMMON_BUFFER_EXTENDED_CONFIGURATION_TYPE,
	*PDMA_COMMON_BUFFER_EXTENDED_CONFIGURATION_TYPE;

typedef enum _DMA_COMMON_BUFFER_EXTENDED_CONFIGURATION_ACCESS_TYPE {
	CommonBufferHardwareAccessReadOnly,
	CommonBufferHardwareAccessWriteOnly,
	CommonBufferHardwareAccessReadWrite,
	CommonBufferHardwareAccessMax
} DMA_COMMON_BUFFER_EXTENDED_CONFIGURATION_ACCESS_TYPE,
	*PDMA_COMMON_BUFFER_EXTENDED_CONFIGURATION_ACCESS_TYPE;

typedef struct _DMA_COMMON_BUFFER_EXTENDED_CONFIGURATION {
	DMA_COMMON_BUFFER_EXTENDED_CONFIGURATION_TYPE ConfigType;
	union {
		struct {
			PHYSICAL_ADDRESS MinimumAddress;
			PHYSICAL_ADDRESS MaximumAddress;
		} LogicalAddressLimits;
		struct {
			ULONGLONG Offset;
			ULONG Length;
		} SubSection;
		DMA_COMMON_BUFFER_EXTENDED_CONFIGURATION_ACCESS_TYPE
			HardwareAccessType;
		ULONGLONG Reserved[4];
	};
} DMA_COMMON_BUFFER_EXTENDED_CONFIGURATION,
	*PDMA_COMMON_BUFFER_EXTENDED_CONFIGURATION;

/* DMA_OPERATIONS entries, version 1 */
typedef VOID (*PPUT_DMA_ADAPTER)(_In_ PDMA_ADAPTER DmaAdapter);

typedef PVOID (*PALLOCATE_COMMON_BUFFER)(_In_ PDMA_ADAPTER DmaAdapter,
					 _In_ ULONG Length,
					 _Out_ PPHYSICAL_ADDRESS LogicalAddress,
					 _In_ BOOLEAN CacheEnabled);

typedef VOID (*PFREE_COMMON_BUFFER)(_In_ PDMA_ADAPTER DmaAdapter,
				    _In_ ULONG Length,
				    _In_ PHYSICAL_ADDRESS LogicalAddress,
				    _In_ PVOID VirtualAddress,
				    _In_ BOOLEAN CacheEnabled);

typedef NTSTATUS
(*PALLOCATE_ADAPTER_CHANNEL)(_In_ PDMA_ADAPTER DmaAdapter,
			     _In_ PDEVICE_OBJECT DeviceObject,
			     _In_ ULONG NumberOfMapRegisters,
			     _In_ PDRIVER_CONTROL ExecutionRoutine,
			     _In_ PVOID Context);

typedef BOOLEAN (*PFLUSH_ADAPTER_BUFFERS)(_In_ PDMA_ADAPTER DmaAdapter,
					  _In_ PMDL Mdl,
					  _In_ PVOID MapRegisterBase,
					  _In_ PVOID CurrentVa,
					  _In_ ULONG Length,
					  _In_ BOOLEAN WriteToDevice);

typedef VOID (*PFREE_ADAPTER_CHANNEL)(_In_ PDMA_ADAPTER DmaAdapter);

typedef VOID (*PFREE_MAP_REGISTERS)(_In_ PDMA_ADAPTER DmaAdapter,
				    PVOID MapRegisterBase,
				    ULONG NumberOfMapRegisters);

typedef PHYSICAL_ADDRESS (*PMAP_TRANSFER)(_In_ PDMA_ADAPTER DmaAdapter,
					  _In_ PMDL Mdl,
					  _In_ PVOID MapRegisterBase,
					  _In_ PVOID CurrentVa,
					  _Inout_ PULONG Length,
					  _In_ BOOLEAN WriteToDevice);

typedef ULONG (*PGET_DMA_ALIGNMENT)(_In_ PDMA_ADAPTER DmaAdapter);

typedef ULONG (*PREAD_DMA_COUNTER)(_In_ PDMA_ADAPTER DmaAdapter);

typedef NTSTATUS
(*PGET_SCATTER_GATHER_LIST)(_In_ PDMA_ADAPTER DmaAdapter,
			    _In_ PDEVICE_OBJECT DeviceObject,
			    _In_ PMDL Mdl,
			    _In_ PVOID CurrentVa,
			    _In_ ULONG Length,
			    _In_ PDRIVER_LIST_CONTROL ExecutionRoutine,
			    _In_ PVOID Context,
			    _In_ BOOLEAN WriteToDevice);

typedef VOID
(*PPUT_SCATTER_GATHER_LIST)(_In_ PDMA_ADAPTER DmaAdapter,
			    _In_ PSCATTER_GATHER_LIST ScatterGather,
			    _In_ BOOLEAN WriteToDevice);

/* Version 2 */
typedef NTSTATUS
(*PCALCULATE_SCATTER_GATHER_LIST_SIZE)(_In_ PDMA_ADAPTER DmaAdapter,
				       _In_opt_ PMDL Mdl,
				       _In_ PVOID CurrentVa,
				       _In_ ULONG Length,
				       _Out_ PULONG ScatterGatherListSize,
				       _Out_opt_ PULONG pNumberOfMapRegisters);

typedef NTSTATUS
(*PBUILD_SCATTER_GATHER_LIST)(_In_ PDMA_ADAPTER DmaAdapter,
			      _In_ PDEVICE_OBJECT DeviceObject,
			      _In_ PMDL Mdl,
			      _In_ PVOID CurrentVa,
			      _In_ ULONG Length,
			      _In_ PDRIVER_LIST_CONTROL ExecutionRoutine,
			      _In_ PVOID Context,
			      _In_ BOOLEAN WriteToDevice,
			      _In_ PVOID ScatterGatherBuffer,
			      _In_ ULONG ScatterGatherLength);

typedef NTSTATUS
(*PBUILD_MDL_FROM_SCATTER_GATHER_LIST)(_In_ PDMA_ADAPTER DmaAdapter,
				       _In_ PSCATTER_GATHER_LIST ScatterGather,
				       _In_ PMDL OriginalMdl,
				       _Out_ PMDL *TargetMdl);

/* Version 3 */
typedef NTSTATUS
(*PGET_DMA_ADAPTER_INFO)(_In_ PDMA_ADAPTER DmaAdapter,
			 _Inout_ PDMA_ADAPTER_INFO AdapterInfo);

typedef NTSTATUS
(*PGET_DMA_TRANSFER_INFO)(_In_ PDMA_ADAPTER DmaAdapter,
			  _In_ PMDL Mdl,
			  _In_ ULONGLONG Offset,
			  _In_ ULONG Length,
			  _In_ BOOLEAN WriteOnly,
			  _Inout_ PDMA_TRANSFER_INFO TransferInfo);

typedef NTSTATUS
(*PINITIALIZE_DMA_TRANSFER_CONTEXT)(_In_ PDMA_ADAPTER DmaAdapter,
				    _Out_ PVOID DmaTransferContext);

typedef PVOID
(*PALLOCATE_COMMON_BUFFER_EX)(_In_ PDMA_ADAPTER DmaAdapter,
			      _In_opt_ PPHYSICAL_ADDRESS MaximumAddress,
			      _In_ ULONG Length,
			      _Out_ PPHYSICAL_ADDRESS LogicalAddress,
			      _In_ BOOLEAN CacheEnabled,
			      _In_ NODE_REQUIREMENT PreferredNode);

typedef NTSTATUS
(*PALLOCATE_ADAPTER_CHANNEL_EX)(_In_ PDMA_ADAPTER DmaAdapter,
				_In_ PDEVICE_OBJECT DeviceObject,
				_In_ PVOID DmaTransferContext,
				_In_ ULONG NumberOfMapRegisters,
				_In_ ULONG Flags,
				_In_opt_ PDRIVER_CONTROL ExecutionRoutine,
				_In_opt_ PVOID ExecutionContext,
				_Out_opt_ PVOID *MapRegisterBase);

typedef NTSTATUS (*PCONFIGURE_ADAPTER_CHANNEL)(_In_ PDMA_ADAPTER DmaAdapter,
					       _In_ ULONG FunctionNumber,
					       _In_ PVOID Context);

typedef BOOLEAN (*PCANCEL_ADAPTER_CHANNEL)(_In_ PDMA_ADAPTER DmaAdapter,
					   _In_ PDEVICE_OBJECT DeviceObject,
					   _In_ PVOID DmaTransferContext);

typedef NTSTATUS
(*PMAP_TRANSFER_EX)(_In_ PDMA_ADAPTER DmaAdapter,
		    _In_ PMDL Mdl,
		    _In_ PVOID MapRegisterBase,
		    _In_ ULONGLONG Offset,
		    _In_ ULONG DeviceOffset,
		    _Inout_ PULONG Length,
		    _In_ BOOLEAN WriteToDevice,
		    _Out_writes_bytes_opt_(ScatterGatherBufferLength)
		    PSCATTER_GATHER_LIST ScatterGatherBuffer,
		    _In_ ULONG ScatterGatherBufferLength,
		    _In_opt_ PDMA_COMPLETION_ROUTINE DmaCompletionRoutine,
		    _In_opt_ PVOID CompletionContext);

typedef NTSTATUS
(*PGET_SCATTER_GATHER_LIST_EX)(_In_ PDMA_ADAPTER DmaAdapter,
			       _In_ PDEVICE_OBJECT DeviceObject,
			       _In_ PVOID DmaTransferContext,
			       _In_ PMDL Mdl,
			       _In_ ULONGLONG Offset,
			       _In_ ULONG Length,
			       _In_ ULONG Flags,
			       _In_opt_ PDRIVER_LIST_CONTROL ExecutionRoutine,
			       _In_opt_ PVOID Context,
			       _In_ BOOLEAN WriteToDevice,
			       _In_opt_ PDMA_COMPLETION_ROUTINE
			       DmaCompletionRoutine,
			       _In_opt_ PVOID CompletionContext,
			       _Out_opt_ PSCATTER_GATHER_LIST
			       *ScatterGatherList);

/* ScatterGatherList is PVOID here in the WDK, unlike GetScatterGatherListEx */
typedef NTSTATUS
(*PBUILD_SCATTER_GATHER_LIST_EX)(_In_ PDMA_ADAPTER DmaAdapter,
				 _In_ PDEVICE_OBJECT DeviceObject,
				 _In_ PVOID DmaTransferContext,
				 _In_ PMDL Mdl,
				 _In_ ULONGLONG Offset,
				 _In_ ULONG Length,
				 _In_ ULONG Flags,
				 _In_opt_ PDRIVER_LIST_CONTROL ExecutionRoutine,
				 _In_opt_ PVOID Context,
				 _In_ BOOLEAN WriteToDevice,
				 _In_ PVOID ScatterGatherBuffer,
				 _In_ ULONG ScatterGatherLength,
				 _In_opt_ PDMA_COMPLETION_ROUTINE
				 DmaCompletionRoutine,
				 _In_opt_ PVOID CompletionContext,
				 _Out_opt_ PVOID ScatterGatherList);

typedef NTSTATUS
(*PFLUSH_ADAPTER_BUFFERS_EX)(_In_ PDMA_ADAPTER DmaAdapter,
			     _In_ PMDL Mdl,
			     _In_ PVOID MapRegisterBase,
			     _In_ ULONGLONG Offset,
			     _In_ ULONG Length,
			     _In_ BOOLEAN WriteToDevice);

typedef VOID
(*PFREE_ADAPTER_OBJECT)(_In_ PDMA_ADAPTER DmaAdapter,
			_In_ IO_ALLOCATION_ACTION AllocationAction);

typedef NTSTATUS (*PCANCEL_MAPPED_TRANSFER)(_In_ PDMA_ADAPTER DmaAdapter,
					    _In_ PVOID DmaTransferContext);

/* Windows 10 and later additions to version 3 */
typedef NTSTATUS
(*PALLOCATE_DOMAIN_COMMON_BUFFER)(_In_ PDMA_ADAPTER DmaAdapter,
				  _In_ HANDLE DomainHandle,
				  _In_opt_ PPHYSICAL_ADDRESS MaximumAddress,
				  _In_ ULONG Length,
				  _In_ ULONG Flags,
				  _In_opt_ MEMORY_CACHING_TYPE *CacheType,
				  _In_ NODE_REQUIREMENT PreferredNode,
				  _Out_ PPHYSICAL_ADDRESS LogicalAddress,
				  _Out_ PVOID *VirtualAddress);

typedef NTSTATUS (*PFLUSH_DMA_BUFFER)(_In_ PDMA_ADAPTER DmaAdapter,
				      _In_ PMDL Mdl,
				      _In_ BOOLEAN ReadOperation);

typedef NTSTATUS (*PJOIN_DMA_DOMAIN)(_In_ PDMA_ADAPTER DmaAdapter,
				     _In_ HANDLE DomainHandle);

typedef NTSTATUS (*PLEAVE_DMA_DOMAIN)(_In_ PDMA_ADAPTER DmaAdapter);

typedef HANDLE (*PGET_DMA_DOMAIN)(_In_ PDMA_ADAPTER DmaAdapter);

typedef PVOID
(*PALLOCATE_COMMON_BUFFER_WITH_BOUNDS)(_In_ PDMA_ADAPTER DmaAdapter,
				       _In_opt_ PPHYSICAL_ADDRESS
				       MinimumAddress,
				       _In_opt_ PPHYSICAL_ADDRESS
				       MaximumAddress,
				       _In_ ULONG Length,
				       _In_ ULONG Flags,
				       _In_opt_ MEMORY_CACHING_TYPE *CacheType,
				       _In_ NODE_REQUIREMENT PreferredNode,
				       _Out_ PPHYSICAL_ADDRESS LogicalAddress);

typedef NTSTATUS
(*PALLOCATE_COMMON_BUFFER_VECTOR)(_In_ PDMA_ADAPTER DmaAdapter,
				  _In_ PHYSICAL_ADDRESS LowAddress,
				  _In_ PHYSICAL_ADDRESS HighAddress,
				  _In_ MEMORY_CACHING_TYPE CacheType,
				  _In_ NODE_REQUIREMENT IdealNode,
				  _In_ ULONG Flags,
				  _In_ ULONG NumberOfElements,
				  _In_ ULONGLONG SizeOfElements,
				  _Out_ PDMA_COMMON_BUFFER_VECTOR *VectorOut);

typedef VOID
(*PGET_COMMON_BUFFER_FROM_VECTOR_BY_INDEX)(_In_ PDMA_ADAPTER DmaAdapter,
					   _In_ PDMA_COMMON_BUFFER_VECTOR
					   Vector,
					   _In_ ULONG Index,
					   _Out_ PVOID *VirtualAddressOut,
					   _Out_ PPHYSICAL_ADDRESS
					   LogicalAddressOut);

typedef VOID
(*PFREE_COMMON_BUFFER_FROM_VECTOR)(_In_ PDMA_ADAPTER DmaAdapter,
				   _In_ PDMA_COMMON_BUFFER_VECTOR Vector,
				   _In_ ULONG Index);

typedef VOID
(*PFREE_COMMON_BUFFER_VECTOR)(_In_ PDMA_ADAPTER DmaAdapter,
			      _In_ PDMA_COMMON_BUFFER_VECTOR Vector);

typedef NTSTATUS
(*PCREATE_COMMON_BUFFER_FROM_MDL)(_In_ PDMA_ADAPTER DmaAdapter,
				  _In_ PMDL Mdl,
				  _In_reads_opt_(ExtendedConfigsCount)
				  PDMA_COMMON_BUFFER_EXTENDED_CONFIGURATION
				  ExtendedConfigs,
				  _In_ ULONG ExtendedConfigsCount,
				  _Out_ PPHYSICAL_ADDRESS LogicalAddress);

typedef struct _DMA_OPERATIONS {
	ULONG Size;
	/* version 1 */
	PPUT_DMA_ADAPTER PutDmaAdapter;
	PALLOCATE_COMMON_BUFFER AllocateCommonBuffer;
	PFREE_COMMON_BUFFER FreeCommonBuffer;
	PALLOCATE_ADAPTER_CHANNEL AllocateAdapterChannel;
	PFLUSH_ADAPTER_BUFFERS FlushAdapterBuffers;
	PFREE_ADAPTER_CHANNEL FreeAdapterChannel;
	PFREE_MAP_REGISTERS FreeMapRegisters;
	PMAP_TRANSFER MapTransfer;
	PGET_DMA_ALIGNMENT GetDmaAlignment;
	PREAD_DMA_COUNTER ReadDmaCounter;
	PGET_SCATTER_GATHER_LIST GetScatterGatherList;
	PPUT_SCATTER_GATHER_LIST PutScatterGatherList;
	/* version 2 */
	PCALCULATE_SCATTER_GATHER_LIST_SIZE CalculateScatterGatherList;
	PBUILD_SCATTER_GATHER_LIST BuildScatterGatherList;
	PBUILD_MDL_FROM_SCATTER_GATHER_LIST BuildMdlFromScatterGatherList;
	/* version 3 (Windows 8) */
	PGET_DMA_ADAPTER_INFO GetDmaAdapterInfo;
	PGET_DMA_TRANSFER_INFO GetDmaTransferInfo;
	PINITIALIZE_DMA_TRANSFER_CONTEXT InitializeDmaTransferContext;
	PALLOCATE_COMMON_BUFFER_EX AllocateCommonBufferEx;
	PALLOCATE_ADAPTER_CHANNEL_EX AllocateAdapterChannelEx;
	PCONFIGURE_ADAPTER_CHANNEL ConfigureAdapterChannel;
	PCANCEL_ADAPTER_CHANNEL CancelAdapterChannel;
	PMAP_TRANSFER_EX MapTransferEx;
	PGET_SCATTER_GATHER_LIST_EX GetScatterGatherListEx;
	PBUILD_SCATTER_GATHER_LIST_EX BuildScatterGatherListEx;
	PFLUSH_ADAPTER_BUFFERS_EX FlushAdapterBuffersEx;
	PFREE_ADAPTER_OBJECT FreeAdapterObject;
	PCANCEL_MAPPED_TRANSFER CancelMappedTransfer;
	/* Windows 10 and later */
	PALLOCATE_DOMAIN_COMMON_BUFFER AllocateDomainCommonBuffer;
	PFLUSH_DMA_BUFFER FlushDmaBuffer;
	PJOIN_DMA_DOMAIN JoinDmaDomain;
	PLEAVE_DMA_DOMAIN LeaveDmaDomain;
	PGET_DMA_DOMAIN GetDmaDomain;
	PALLOCATE_COMMON_BUFFER_WITH_BOUNDS AllocateCommonBufferWithBounds;
	PALLOCATE_COMMON_BUFFER_VECTOR AllocateCommonBufferVector;
	PGET_COMMON_BUFFER_FROM_VECTOR_BY_INDEX GetCommonBufferFromVectorByIndex;
	PFREE_COMMON_BUFFER_FROM_VECTOR FreeCommonBufferFromVector;
	PFREE_COMMON_BUFFER_VECTOR FreeCommonBufferVector;
	/* Windows Server 2022 and later */
	PCREATE_COMMON_BUFFER_FROM_MDL CreateCommonBufferFromMdl;
} DMA_OPERATIONS;

_Must_inspect_result_
_IRQL_requires_max_(PASSIVE_LEVEL)
NTKERNELAPI
PDMA_ADAPTER
IoGetDmaAdapter(_In_opt_ PDEVICE_OBJECT PhysicalDeviceObject,
		_In_ PDEVICE_DESCRIPTION DeviceDescription,
		_Out_ PULONG NumberOfMapRegisters);

#ifdef CONFIG_X86_64
WDM_STATIC_ASSERT(sizeof(DEVICE_DESCRIPTION) == 0x40);
WDM_STATIC_ASSERT(offsetof(DEVICE_DESCRIPTION, BusNumber) == 0x0c);
WDM_STATIC_ASSERT(offsetof(DEVICE_DESCRIPTION, InterfaceType) == 0x14);
WDM_STATIC_ASSERT(offsetof(DEVICE_DESCRIPTION, MaximumLength) == 0x20);
WDM_STATIC_ASSERT(offsetof(DEVICE_DESCRIPTION, DmaPort) == 0x24);
WDM_STATIC_ASSERT(offsetof(DEVICE_DESCRIPTION, DmaAddressWidth) == 0x28);
WDM_STATIC_ASSERT(offsetof(DEVICE_DESCRIPTION, DmaRequestLine) == 0x30);
WDM_STATIC_ASSERT(offsetof(DEVICE_DESCRIPTION, DeviceAddress) == 0x38);
WDM_STATIC_ASSERT(sizeof(DMA_ADAPTER_INFO) == 0x58);
WDM_STATIC_ASSERT(offsetof(DMA_ADAPTER_INFO, V1) == 0x04);
WDM_STATIC_ASSERT(offsetof(DMA_ADAPTER_INFO, Crashdump) == 0x08);
WDM_STATIC_ASSERT(sizeof(DMA_TRANSFER_INFO) == 0x14);
WDM_STATIC_ASSERT(sizeof(SCATTER_GATHER_ELEMENT) == 24);
WDM_STATIC_ASSERT(offsetof(SCATTER_GATHER_LIST, Elements) == 16);
WDM_STATIC_ASSERT(sizeof(DMA_ADAPTER) == 16);
WDM_STATIC_ASSERT(offsetof(DMA_ADAPTER, DmaOperations) == 8);
WDM_STATIC_ASSERT(sizeof(DMA_COMMON_BUFFER_EXTENDED_CONFIGURATION) == 0x28);
/* Size, then one pointer per entry: 12 in v1, 15 in v2, 28 in v3, 39 now */
WDM_STATIC_ASSERT(offsetof(DMA_OPERATIONS, Size) == 0);
WDM_STATIC_ASSERT(offsetof(DMA_OPERATIONS, PutDmaAdapter) == 0x08);
WDM_STATIC_ASSERT(offsetof(DMA_OPERATIONS, PutScatterGatherList) + 8 == 0x68);
WDM_STATIC_ASSERT(offsetof(DMA_OPERATIONS, BuildMdlFromScatterGatherList) + 8 ==
	      0x80);
WDM_STATIC_ASSERT(offsetof(DMA_OPERATIONS, CancelMappedTransfer) + 8 == 0xe8);
WDM_STATIC_ASSERT(offsetof(DMA_OPERATIONS, FreeCommonBufferVector) + 8 == 0x138);
WDM_STATIC_ASSERT(sizeof(DMA_OPERATIONS) == 0x140);
#endif

#endif /* _WDM_DMA_H_ */
