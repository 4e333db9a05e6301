/* SPDX-License-Identifier: GPL-2.0 */
/*
 * busif.h - what a device's bus driver tells a WDM driver about its
 * device: the configuration space of a PCI device (PCI_COMMON_CONFIG and
 * its constants), the bus interface (INTERFACE, BUS_INTERFACE_STANDARD,
 * IRP_MN_QUERY_INTERFACE), the device's capabilities
 * (IRP_MN_QUERY_CAPABILITIES), its PnP state (IRP_MN_QUERY_PNP_DEVICE_STATE,
 * IoInvalidateDeviceState()), the bus it sits on (IRP_MN_QUERY_BUS_INFORMATION
 * and _LEGACY_BUS_INFORMATION) and IoGetDeviceProperty().
 *
 * The PDO of wdmdma_pdo_create() answers these (wdmdma/rt/pdo.c).
 */
#ifndef _WDM_BUSIF_H_
#define _WDM_BUSIF_H_

#include <wdm/ntdef.h>
#include <wdm/io.h>
#include <wdm/dma.h>
#include <wdm/power.h>
#include <guiddef.h>

/* PCI configuration space */
#define PCI_TYPE0_ADDRESSES		6
#define PCI_TYPE1_ADDRESSES		2
#define PCI_TYPE2_ADDRESSES		5

typedef struct _PCI_HEADER_TYPE_0 {
	ULONG BaseAddresses[PCI_TYPE0_ADDRESSES];
	ULONG CIS;
	USHORT SubVendorID;
	USHORT SubSystemID;
	ULONG ROMBaseAddress;
	UCHAR CapabilitiesPtr;
	UCHAR Reserved1[3];
	ULONG Reserved2;
	UCHAR InterruptLine;
	UCHAR InterruptPin;
	UCHAR MinimumGrant;
	UCHAR MaximumLatency;
} PCI_HEADER_TYPE_0, *PPCI_HEADER_TYPE_0;

typedef struct _PCI_HEADER_TYPE_1 {
	ULONG BaseAddresses[PCI_TYPE1_ADDRESSES];
	UCHAR PrimaryBus;
	UCHAR SecondaryBus;
	UCHAR SubordinateBus;
	UCHAR SecondaryLatency;
	UCHAR IOBase;
	UCHAR IOLimit;
	USHORT SecondaryStatus;
	USHORT MemoryBase;
	USHORT MemoryLimit;
	USHORT PrefetchBase;
	USHORT PrefetchLimit;
	ULONG PrefetchBaseUpper32;
	ULONG PrefetchLimitUpper32;
	USHORT IOBaseUpper16;
	USHORT IOLimitUpper16;
	UCHAR CapabilitiesPtr;
	UCHAR Reserved1[3];
	ULONG ROMBaseAddress;
	UCHAR InterruptLine;
	UCHAR InterruptPin;
	USHORT BridgeControl;
} PCI_HEADER_TYPE_1, *PPCI_HEADER_TYPE_1;

typedef struct _PCI_HEADER_TYPE_2 {
	ULONG SocketRegistersBaseAddress;
	UCHAR CapabilitiesPtr;
	UCHAR Reserved;
	USHORT SecondaryStatus;
	UCHAR PrimaryBus;
	UCHAR SecondaryBus;
	UCHAR SubordinateBus;
	UCHAR SecondaryLatency;
	struct {
		ULONG Base;
		ULONG Limit;
	} Range[PCI_TYPE2_ADDRESSES - 1];
	UCHAR InterruptLine;
	UCHAR InterruptPin;
	USHORT BridgeControl;
} PCI_HEADER_TYPE_2, *PPCI_HEADER_TYPE_2;

/*
 * The first 64 bytes, common to every PCI function: PCI_COMMON_HEADER, and
 * the start of PCI_COMMON_CONFIG (the WDK derives one from the other; C
 * spells the fields out twice)
 */
#define WDMDMA_PCI_COMMON_HEADER_FIELDS		\
	USHORT VendorID;			\
	USHORT DeviceID;			\
	USHORT Command;				\
	USHORT Status;				\
	UCHAR RevisionID;			\
	UCHAR ProgIf;				\
	UCHAR SubClass;				\
	UCHAR BaseClass;			\
	UCHAR CacheLineSize;			\
	UCHAR LatencyTimer;			\
	UCHAR HeaderType;			\
	UCHAR BIST;				\
	union {					\
		PCI_HEADER_TYPE_0 type0;	\
		PCI_HEADER_TYPE_1 type1;	\
		PCI_HEADER_TYPE_2 type2;	\
	} u

typedef struct _PCI_COMMON_HEADER {
	WDMDMA_PCI_COMMON_HEADER_FIELDS;
} PCI_COMMON_HEADER, *PPCI_COMMON_HEADER;

/* The 256 bytes of conventional configuration space */
typedef struct _PCI_COMMON_CONFIG {
	WDMDMA_PCI_COMMON_HEADER_FIELDS;
	UCHAR DeviceSpecific[192];
} PCI_COMMON_CONFIG, *PPCI_COMMON_CONFIG;

#define PCI_COMMON_HDR_LENGTH		(FIELD_OFFSET(PCI_COMMON_CONFIG, DeviceSpecific))
#define PCI_EXTENDED_CONFIG_LENGTH	0x1000

#define PCI_MAX_DEVICES			32
#define PCI_MAX_FUNCTION		8
#define PCI_MAX_BRIDGE_NUMBER		0xFF
#define PCI_INVALID_VENDORID		0xFFFF

/* HeaderType */
#define PCI_MULTIFUNCTION		0x80
#define PCI_DEVICE_TYPE			0x00
#define PCI_BRIDGE_TYPE			0x01
#define PCI_CARDBUS_BRIDGE_TYPE		0x02

#define PCI_CONFIGURATION_TYPE(PciData) \
	(((PPCI_COMMON_CONFIG)(PciData))->HeaderType & ~PCI_MULTIFUNCTION)
#define PCI_MULTIFUNCTION_DEVICE(PciData) \
	((((PPCI_COMMON_CONFIG)(PciData))->HeaderType & PCI_MULTIFUNCTION) != 0)

/* Command */
#define PCI_ENABLE_IO_SPACE		0x0001
#define PCI_ENABLE_MEMORY_SPACE		0x0002
#define PCI_ENABLE_BUS_MASTER		0x0004
#define PCI_ENABLE_SPECIAL_CYCLES	0x0008
#define PCI_ENABLE_WRITE_AND_INVALIDATE	0x0010
#define PCI_ENABLE_VGA_COMPATIBLE_PALETTE 0x0020
#define PCI_ENABLE_PARITY		0x0040
#define PCI_ENABLE_WAIT_CYCLE		0x0080
#define PCI_ENABLE_SERR			0x0100
#define PCI_ENABLE_FAST_BACK_TO_BACK	0x0200
#define PCI_DISABLE_LEVEL_INTERRUPT	0x0400

/* Status */
#define PCI_STATUS_INTERRUPT_PENDING	0x0008
#define PCI_STATUS_CAPABILITIES_LIST	0x0010
#define PCI_STATUS_66MHZ_CAPABLE	0x0020
#define PCI_STATUS_UDF_SUPPORTED	0x0040
#define PCI_STATUS_FAST_BACK_TO_BACK	0x0080
#define PCI_STATUS_DATA_PARITY_DETECTED	0x0100
#define PCI_STATUS_DEVSEL		0x0600
#define PCI_STATUS_SIGNALED_TARGET_ABORT 0x0800
#define PCI_STATUS_RECEIVED_TARGET_ABORT 0x1000
#define PCI_STATUS_RECEIVED_MASTER_ABORT 0x2000
#define PCI_STATUS_SIGNALED_SYSTEM_ERROR 0x4000
#define PCI_STATUS_DETECTED_PARITY_ERROR 0x8000

/* Base address registers */
#define PCI_ADDRESS_IO_SPACE		0x00000001
#define PCI_ADDRESS_MEMORY_TYPE_MASK	0x00000006
#define PCI_ADDRESS_MEMORY_PREFETCHABLE	0x00000008
#define PCI_ADDRESS_IO_ADDRESS_MASK	0xfffffffc
#define PCI_ADDRESS_MEMORY_ADDRESS_MASK	0xfffffff0
#define PCI_ADDRESS_ROM_ADDRESS_MASK	0xfffff800

#define PCI_TYPE_32BIT			0
#define PCI_TYPE_20BIT			2
#define PCI_TYPE_64BIT			4

#define PCI_ROMADDRESS_ENABLED		0x00000001

/* GetBusData / SetBusData DataType, IRP_MN_READ_CONFIG WhichSpace */
#define PCI_WHICHSPACE_CONFIG		0x0
#define PCI_WHICHSPACE_ROM		0x52696350

/* The header of every interface IRP_MN_QUERY_INTERFACE returns */
typedef VOID (*PINTERFACE_REFERENCE)(PVOID Context);
typedef VOID (*PINTERFACE_DEREFERENCE)(PVOID Context);

typedef struct _INTERFACE {
	USHORT Size;
	USHORT Version;
	PVOID Context;
	PINTERFACE_REFERENCE InterfaceReference;
	PINTERFACE_DEREFERENCE InterfaceDereference;
} INTERFACE, *PINTERFACE;

typedef BOOLEAN (*PTRANSLATE_BUS_ADDRESS)(PVOID Context, PHYSICAL_ADDRESS BusAddress,
					  ULONG Length, PULONG AddressSpace,
					  PPHYSICAL_ADDRESS TranslatedAddress);
typedef struct _DMA_ADAPTER *(*PGET_DMA_ADAPTER)(PVOID Context,
						 struct _DEVICE_DESCRIPTION *DeviceDescriptor,
						 PULONG NumberOfMapRegisters);
typedef ULONG (*PGET_SET_DEVICE_DATA)(PVOID Context, ULONG DataType, PVOID Buffer,
				      ULONG Offset, ULONG Length);

/* GUID_BUS_INTERFACE_STANDARD: direct calls into the parent bus driver */
typedef struct _BUS_INTERFACE_STANDARD {
	USHORT Size;
	USHORT Version;
	PVOID Context;
	PINTERFACE_REFERENCE InterfaceReference;
	PINTERFACE_DEREFERENCE InterfaceDereference;
	PTRANSLATE_BUS_ADDRESS TranslateBusAddress;
	PGET_DMA_ADAPTER GetDmaAdapter;
	PGET_SET_DEVICE_DATA SetBusData;
	PGET_SET_DEVICE_DATA GetBusData;
} BUS_INTERFACE_STANDARD, *PBUS_INTERFACE_STANDARD;

/* The one version of BUS_INTERFACE_STANDARD there is */
#define WDMDMA_BUS_INTERFACE_STANDARD_VERSION	1

/* GUID_BUS_INTERFACE_STANDARD and the bus type GUIDs: <wdmguid.h> */

/* IRP_MN_QUERY_CAPABILITIES */
typedef struct _DEVICE_CAPABILITIES {
	USHORT Size;
	USHORT Version;
	ULONG DeviceD1 : 1;
	ULONG DeviceD2 : 1;
	ULONG LockSupported : 1;
	ULONG EjectSupported : 1;
	ULONG Removable : 1;
	ULONG DockDevice : 1;
	ULONG UniqueID : 1;
	ULONG SilentInstall : 1;
	ULONG RawDeviceOK : 1;
	ULONG SurpriseRemovalOK : 1;
	ULONG WakeFromD0 : 1;
	ULONG WakeFromD1 : 1;
	ULONG WakeFromD2 : 1;
	ULONG WakeFromD3 : 1;
	ULONG HardwareDisabled : 1;
	ULONG NonDynamic : 1;
	ULONG WarmEjectSupported : 1;
	ULONG NoDisplayInUI : 1;
	ULONG Reserved1 : 1;
	ULONG WakeFromInterrupt : 1;
	ULONG SecureDevice : 1;
	ULONG ChildOfVgaEnabledBridge : 1;
	ULONG DecodeIoOnBoot : 1;
	ULONG Reserved : 9;
	ULONG Address;
	ULONG UINumber;
	DEVICE_POWER_STATE DeviceState[PowerSystemMaximum];
	SYSTEM_POWER_STATE SystemWake;
	DEVICE_POWER_STATE DeviceWake;
	ULONG D1Latency;
	ULONG D2Latency;
	ULONG D3Latency;
} DEVICE_CAPABILITIES, *PDEVICE_CAPABILITIES;

/* IRP_MN_QUERY_PNP_DEVICE_STATE: the bits of IoStatus.Information */
typedef ULONG PNP_DEVICE_STATE, *PPNP_DEVICE_STATE;

#define PNP_DEVICE_DISABLED			0x00000001
#define PNP_DEVICE_DONT_DISPLAY_IN_UI		0x00000002
#define PNP_DEVICE_FAILED			0x00000004
#define PNP_DEVICE_REMOVED			0x00000008
#define PNP_DEVICE_RESOURCE_REQUIREMENTS_CHANGED 0x00000010
#define PNP_DEVICE_NOT_DISABLEABLE		0x00000020
#define PNP_DEVICE_DISCONNECTED			0x00000040

/* IRP_MN_QUERY_BUS_INFORMATION: paged pool, the caller ExFreePool()s it */
typedef struct _PNP_BUS_INFORMATION {
	GUID BusTypeGuid;
	INTERFACE_TYPE LegacyBusType;
	ULONG BusNumber;
} PNP_BUS_INFORMATION, *PPNP_BUS_INFORMATION;

/* IRP_MN_QUERY_LEGACY_BUS_INFORMATION: likewise */
typedef struct _LEGACY_BUS_INFORMATION {
	GUID BusTypeGuid;
	INTERFACE_TYPE LegacyBusType;
	ULONG BusNumber;
} LEGACY_BUS_INFORMATION, *PLEGACY_BUS_INFORMATION;

/* IoGetDeviceProperty() */
typedef enum {
	DevicePropertyDeviceDescription,
	DevicePropertyHardwareID,
	DevicePropertyCompatibleIDs,
	DevicePropertyBootConfiguration,
	DevicePropertyBootConfigurationTranslated,
	DevicePropertyClassName,
	DevicePropertyClassGuid,
	DevicePropertyDriverKeyName,
	DevicePropertyManufacturer,
	DevicePropertyFriendlyName,
	DevicePropertyLocationInformation,
	DevicePropertyPhysicalDeviceObjectName,
	DevicePropertyBusTypeGuid,
	DevicePropertyLegacyBusType,
	DevicePropertyBusNumber,
	DevicePropertyEnumeratorName,
	DevicePropertyAddress,
	DevicePropertyUINumber,
	DevicePropertyInstallState,
	DevicePropertyRemovalPolicy,
	DevicePropertyResourceRequirements,
	DevicePropertyAllocatedResources,
	DevicePropertyContainerID
} DEVICE_REGISTRY_PROPERTY;

/* DevicePropertyInstallState */
typedef enum _DEVICE_INSTALL_STATE {
	InstallStateInstalled,
	InstallStateNeedsReinstall,
	InstallStateFailedInstall,
	InstallStateFinishInstall
} DEVICE_INSTALL_STATE, *PDEVICE_INSTALL_STATE;

/* DevicePropertyRemovalPolicy */
typedef enum _DEVICE_REMOVAL_POLICY {
	RemovalPolicyExpectNoRemoval = 1,
	RemovalPolicyExpectOrderlyRemoval = 2,
	RemovalPolicyExpectSurpriseRemoval = 3
} DEVICE_REMOVAL_POLICY, *PDEVICE_REMOVAL_POLICY;

/* wdmdma/rt/pdo.c */
_IRQL_requires_max_(PASSIVE_LEVEL)
NTKERNELAPI
NTSTATUS
IoGetDeviceProperty(_In_ PDEVICE_OBJECT DeviceObject,
		    _In_ DEVICE_REGISTRY_PROPERTY DeviceProperty,
		    _In_ ULONG BufferLength,
		    _Out_writes_bytes_opt_(BufferLength) PVOID PropertyBuffer,
		    _Out_ PULONG ResultLength);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
IoInvalidateDeviceState(_In_ PDEVICE_OBJECT PhysicalDeviceObject);

#ifdef CONFIG_X86_64
WDM_STATIC_ASSERT(sizeof(PCI_HEADER_TYPE_0) == 0x30);
WDM_STATIC_ASSERT(sizeof(PCI_HEADER_TYPE_1) == 0x30);
WDM_STATIC_ASSERT(sizeof(PCI_HEADER_TYPE_2) == 0x30);
WDM_STATIC_ASSERT(offsetof(PCI_COMMON_HEADER, HeaderType) == 0x0e);
WDM_STATIC_ASSERT(offsetof(PCI_COMMON_HEADER, u.type0.BaseAddresses) == 0x10);
WDM_STATIC_ASSERT(offsetof(PCI_COMMON_HEADER, u.type0.SubVendorID) == 0x2c);
WDM_STATIC_ASSERT(offsetof(PCI_COMMON_HEADER, u.type0.ROMBaseAddress) == 0x30);
WDM_STATIC_ASSERT(offsetof(PCI_COMMON_HEADER, u.type0.CapabilitiesPtr) == 0x34);
WDM_STATIC_ASSERT(offsetof(PCI_COMMON_HEADER, u.type0.InterruptLine) == 0x3c);
WDM_STATIC_ASSERT(offsetof(PCI_COMMON_HEADER, u.type1.PrimaryBus) == 0x18);
WDM_STATIC_ASSERT(offsetof(PCI_COMMON_HEADER, u.type1.ROMBaseAddress) == 0x38);
WDM_STATIC_ASSERT(offsetof(PCI_COMMON_HEADER, u.type1.BridgeControl) == 0x3e);
WDM_STATIC_ASSERT(offsetof(PCI_COMMON_HEADER, u.type2.Range) == 0x1c);
WDM_STATIC_ASSERT(offsetof(PCI_COMMON_HEADER, u.type2.InterruptLine) == 0x3c);
WDM_STATIC_ASSERT(sizeof(PCI_COMMON_HEADER) == 0x40);
WDM_STATIC_ASSERT(sizeof(PCI_COMMON_CONFIG) == 0x100);
WDM_STATIC_ASSERT(offsetof(PCI_COMMON_CONFIG, u) == offsetof(PCI_COMMON_HEADER, u));
WDM_STATIC_ASSERT(sizeof(INTERFACE) == 0x20);
WDM_STATIC_ASSERT(offsetof(BUS_INTERFACE_STANDARD, TranslateBusAddress) == 0x20);
WDM_STATIC_ASSERT(offsetof(BUS_INTERFACE_STANDARD, GetBusData) == 0x38);
WDM_STATIC_ASSERT(sizeof(BUS_INTERFACE_STANDARD) == 0x40);
WDM_STATIC_ASSERT(offsetof(DEVICE_CAPABILITIES, Address) == 0x08);
WDM_STATIC_ASSERT(offsetof(DEVICE_CAPABILITIES, DeviceState) == 0x10);
WDM_STATIC_ASSERT(offsetof(DEVICE_CAPABILITIES, SystemWake) == 0x2c);
WDM_STATIC_ASSERT(offsetof(DEVICE_CAPABILITIES, D3Latency) == 0x3c);
WDM_STATIC_ASSERT(sizeof(DEVICE_CAPABILITIES) == 0x40);
WDM_STATIC_ASSERT(sizeof(PNP_BUS_INFORMATION) == 0x18);
WDM_STATIC_ASSERT(sizeof(LEGACY_BUS_INFORMATION) == 0x18);
#endif

#endif /* _WDM_BUSIF_H_ */
