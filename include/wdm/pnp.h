/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pnp.h - hardware resources of the WDM surface: the resource lists a
 * driver's IRP_MN_START_DEVICE handler receives, and MmMapIoSpace() to map
 * the memory ranges they describe
 *
 * CM_PARTIAL_RESOURCE_DESCRIPTOR is packed to 4 bytes as the WDK's
 * #pragma pack(4) does (written as attributes, which sparse understands)
 * and declared as with NT_PROCESSOR_GROUPS (Windows 7 and later):
 * interrupt Level and Group are USHORTs.
 */
#ifndef _WDM_PNP_H_
#define _WDM_PNP_H_

#include <wdm/ntdef.h>
#include <wdm/mdl.h>
#include <wdm/dma.h>

/* CM_PARTIAL_RESOURCE_DESCRIPTOR.Type */
#define CmResourceTypeNull		0
#define CmResourceTypePort		1
#define CmResourceTypeInterrupt		2
#define CmResourceTypeMemory		3
#define CmResourceTypeDma		4
#define CmResourceTypeDeviceSpecific	5
#define CmResourceTypeBusNumber		6
#define CmResourceTypeMemoryLarge	7
#define CmResourceTypeNonArbitrated	128
#define CmResourceTypeConfigData	128
#define CmResourceTypeDevicePrivate	129
#define CmResourceTypePcCardConfig	130
#define CmResourceTypeMfCardConfig	131
#define CmResourceTypeConnection	132

/* CM_PARTIAL_RESOURCE_DESCRIPTOR.ShareDisposition */
typedef enum _CM_SHARE_DISPOSITION {
	CmResourceShareUndetermined = 0,
	CmResourceShareDeviceExclusive,
	CmResourceShareDriverExclusive,
	CmResourceShareShared
} CM_SHARE_DISPOSITION;

/* Flags of CmResourceTypeInterrupt */
#define CM_RESOURCE_INTERRUPT_LEVEL_SENSITIVE		0x0000
#define CM_RESOURCE_INTERRUPT_LATCHED			0x0001
#define CM_RESOURCE_INTERRUPT_MESSAGE			0x0002
#define CM_RESOURCE_INTERRUPT_POLICY_INCLUDED		0x0004
#define CM_RESOURCE_INTERRUPT_SECONDARY_INTERRUPT	0x0010
#define CM_RESOURCE_INTERRUPT_WAKE_HINT			0x0020
#define CM_RESOURCE_INTERRUPT_LEVEL_LATCHED_BITS	0x0001

/* u.MessageInterrupt.Raw.Vector of a message-signaled interrupt */
#define CM_RESOURCE_INTERRUPT_MESSAGE_TOKEN		((ULONG)-2)

/* Flags of CmResourceTypeMemory and CmResourceTypeMemoryLarge */
#define CM_RESOURCE_MEMORY_READ_WRITE			0x0000
#define CM_RESOURCE_MEMORY_READ_ONLY			0x0001
#define CM_RESOURCE_MEMORY_WRITE_ONLY			0x0002
#define CM_RESOURCE_MEMORY_WRITEABILITY_MASK		0x0003
#define CM_RESOURCE_MEMORY_PREFETCHABLE			0x0004
#define CM_RESOURCE_MEMORY_COMBINEDWRITE		0x0008
#define CM_RESOURCE_MEMORY_24				0x0010
#define CM_RESOURCE_MEMORY_CACHEABLE			0x0020
#define CM_RESOURCE_MEMORY_WINDOW_DECODE		0x0040
#define CM_RESOURCE_MEMORY_BAR				0x0080
#define CM_RESOURCE_MEMORY_COMPAT_FOR_INACCESSIBLE_RANGE	0x0100
#define CM_RESOURCE_MEMORY_LARGE			0x0e00
#define CM_RESOURCE_MEMORY_LARGE_40			0x0200
#define CM_RESOURCE_MEMORY_LARGE_48			0x0400
#define CM_RESOURCE_MEMORY_LARGE_64			0x0800

#define CM_RESOURCE_MEMORY_LARGE_40_MAXLEN		0x000000ffffffff00ULL
#define CM_RESOURCE_MEMORY_LARGE_48_MAXLEN		0x0000ffffffff0000ULL
#define CM_RESOURCE_MEMORY_LARGE_64_MAXLEN		0xffffffff00000000ULL

/* Flags of CmResourceTypePort */
#define CM_RESOURCE_PORT_MEMORY				0x0000
#define CM_RESOURCE_PORT_IO				0x0001
#define CM_RESOURCE_PORT_10_BIT_DECODE			0x0004
#define CM_RESOURCE_PORT_12_BIT_DECODE			0x0008
#define CM_RESOURCE_PORT_16_BIT_DECODE			0x0010
#define CM_RESOURCE_PORT_POSITIVE_DECODE		0x0020
#define CM_RESOURCE_PORT_PASSIVE_DECODE			0x0040
#define CM_RESOURCE_PORT_WINDOW_DECODE			0x0080
#define CM_RESOURCE_PORT_BAR				0x0100

/* Flags of CmResourceTypeDma */
#define CM_RESOURCE_DMA_8				0x0000
#define CM_RESOURCE_DMA_16				0x0001
#define CM_RESOURCE_DMA_32				0x0002
#define CM_RESOURCE_DMA_8_AND_16			0x0004
#define CM_RESOURCE_DMA_BUS_MASTER			0x0008
#define CM_RESOURCE_DMA_TYPE_A				0x0010
#define CM_RESOURCE_DMA_TYPE_B				0x0020
#define CM_RESOURCE_DMA_TYPE_F				0x0040
#define CM_RESOURCE_DMA_V3				0x0080

/* u.DmaV3.TransferWidth */
#define DMAV3_TRANFER_WIDTH_8				0x00
#define DMAV3_TRANFER_WIDTH_16				0x01
#define DMAV3_TRANFER_WIDTH_32				0x02
#define DMAV3_TRANFER_WIDTH_64				0x03
#define DMAV3_TRANFER_WIDTH_128				0x04
#define DMAV3_TRANFER_WIDTH_256				0x05

/* #pragma pack(4): no member aligned beyond 4 bytes */
#ifdef __GENKSYMS__
/* genksyms cannot parse an attribute between struct and its tag */
#define WDMDMA_PACK4
#else
#define WDMDMA_PACK4	__attribute__((__packed__, __aligned__(4)))
#endif

/* One resource of one type */
typedef struct WDMDMA_PACK4 _CM_PARTIAL_RESOURCE_DESCRIPTOR {
	UCHAR Type;
	UCHAR ShareDisposition;
	USHORT Flags;
	union {
		struct WDMDMA_PACK4 {
			PHYSICAL_ADDRESS Start;
			ULONG Length;
		} Generic;
		struct WDMDMA_PACK4 {
			PHYSICAL_ADDRESS Start;
			ULONG Length;
		} Port;
		struct WDMDMA_PACK4 {
			USHORT Level;
			USHORT Group;
			ULONG Vector;
			KAFFINITY Affinity;
		} Interrupt;
		struct {
			union {
				struct WDMDMA_PACK4 {
					USHORT Group;
					USHORT MessageCount;
					ULONG Vector;
					KAFFINITY Affinity;
				} Raw;
				struct WDMDMA_PACK4 {
					USHORT Level;
					USHORT Group;
					ULONG Vector;
					KAFFINITY Affinity;
				} Translated;
			};
		} MessageInterrupt;
		struct WDMDMA_PACK4 {
			PHYSICAL_ADDRESS Start;
			ULONG Length;
		} Memory;
		struct {
			ULONG Channel;
			ULONG Port;
			ULONG Reserved1;
		} Dma;
		struct {
			ULONG Channel;
			ULONG RequestLine;
			UCHAR TransferWidth;
			UCHAR Reserved1;
			UCHAR Reserved2;
			UCHAR Reserved3;
		} DmaV3;
		struct {
			ULONG Data[3];
		} DevicePrivate;
		struct {
			ULONG Start;
			ULONG Length;
			ULONG Reserved;
		} BusNumber;
		struct {
			ULONG DataSize;
			ULONG Reserved1;
			ULONG Reserved2;
		} DeviceSpecificData;
		struct WDMDMA_PACK4 {
			PHYSICAL_ADDRESS Start;
			ULONG Length40;
		} Memory40;
		struct WDMDMA_PACK4 {
			PHYSICAL_ADDRESS Start;
			ULONG Length48;
		} Memory48;
		struct WDMDMA_PACK4 {
			PHYSICAL_ADDRESS Start;
			ULONG Length64;
		} Memory64;
		struct {
			UCHAR Class;
			UCHAR Type;
			UCHAR Reserved1;
			UCHAR Reserved2;
			ULONG IdLowPart;
			ULONG IdHighPart;
		} Connection;
	} u;
} CM_PARTIAL_RESOURCE_DESCRIPTOR, *PCM_PARTIAL_RESOURCE_DESCRIPTOR;

/* The resources of one device, on one bus */
typedef struct _CM_PARTIAL_RESOURCE_LIST {
	USHORT Version;
	USHORT Revision;
	ULONG Count;
	CM_PARTIAL_RESOURCE_DESCRIPTOR PartialDescriptors[1];
} CM_PARTIAL_RESOURCE_LIST, *PCM_PARTIAL_RESOURCE_LIST;

typedef struct _CM_FULL_RESOURCE_DESCRIPTOR {
	INTERFACE_TYPE InterfaceType;
	ULONG BusNumber;
	CM_PARTIAL_RESOURCE_LIST PartialResourceList;
} CM_FULL_RESOURCE_DESCRIPTOR, *PCM_FULL_RESOURCE_DESCRIPTOR;

/* IO_STACK_LOCATION.Parameters.StartDevice.AllocatedResources(Translated) */
typedef struct _CM_RESOURCE_LIST {
	ULONG Count;
	CM_FULL_RESOURCE_DESCRIPTOR List[1];
} CM_RESOURCE_LIST, *PCM_RESOURCE_LIST;

/* Mapping device memory (wdmdma/rt/pnp.c) */
_Must_inspect_result_
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
PVOID
MmMapIoSpace(_In_ PHYSICAL_ADDRESS PhysicalAddress,
	     _In_ SIZE_T NumberOfBytes,
	     _In_ MEMORY_CACHING_TYPE CacheType);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
MmUnmapIoSpace(_In_ PVOID BaseAddress, _In_ SIZE_T NumberOfBytes);

#ifdef CONFIG_X86_64
WDM_STATIC_ASSERT(sizeof(CM_PARTIAL_RESOURCE_DESCRIPTOR) == 0x14);
WDM_STATIC_ASSERT(offsetof(CM_PARTIAL_RESOURCE_DESCRIPTOR, u) == 0x04);
WDM_STATIC_ASSERT(offsetof(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.Memory.Length) == 0x0c);
WDM_STATIC_ASSERT(offsetof(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.Interrupt.Vector) == 0x08);
WDM_STATIC_ASSERT(offsetof(CM_PARTIAL_RESOURCE_DESCRIPTOR, u.Interrupt.Affinity) == 0x0c);
WDM_STATIC_ASSERT(offsetof(CM_PARTIAL_RESOURCE_DESCRIPTOR,
			   u.MessageInterrupt.Raw.MessageCount) == 0x06);
WDM_STATIC_ASSERT(sizeof(CM_PARTIAL_RESOURCE_LIST) == 0x1c);
WDM_STATIC_ASSERT(offsetof(CM_PARTIAL_RESOURCE_LIST, PartialDescriptors) == 0x08);
WDM_STATIC_ASSERT(sizeof(CM_FULL_RESOURCE_DESCRIPTOR) == 0x24);
WDM_STATIC_ASSERT(offsetof(CM_FULL_RESOURCE_DESCRIPTOR, PartialResourceList) == 0x08);
WDM_STATIC_ASSERT(sizeof(CM_RESOURCE_LIST) == 0x28);
#endif

#endif /* _WDM_PNP_H_ */
