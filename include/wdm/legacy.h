/* SPDX-License-Identifier: GPL-2.0 */
/*
 * legacy.h - what a legacy (non-PnP) driver finds its hardware with, and
 * the storage-stack names such drivers use
 *
 * A driver that is not started by the PnP manager looks its controller up
 * in the hardware description (IoQueryDeviceDescription and its callout,
 * CONFIGURATION_TYPE, the CM_*_DEVICE_DATA records), maps the bus-relative
 * interrupt (HalGetInterruptVector), reads bus configuration space
 * (HalGetBusData...), claims what it found (IoReportResourceForDetection,
 * IoReportResourceUsage) and counts its devices in the system's
 * CONFIGURATION_INFORMATION.  Here the description is what the port's glue
 * declared (<wdmdma/binding.h>, wdmdma_hw_declare()); wdmdma/rt/hwdesc.c.
 *
 * The storage names (VPB, IoAssignArcName, SL_OVERRIDE_VERIFY_VOLUME...)
 * behave as on a machine where no file system is ever mounted on the
 * device: a disk-type device object has a VPB whose VPB_MOUNTED is never
 * set by the system.
 */
#ifndef _WDM_LEGACY_H_
#define _WDM_LEGACY_H_

#include <wdm/ntdef.h>
#include <wdm/ke.h>
#include <wdm/io.h>
#include <wdm/dma.h>
#include <wdm/pnp.h>
#include <wdm/registry.h>
#include <wdm/file.h>

/* What a node of the hardware description tree is */
typedef enum _CONFIGURATION_TYPE {
	ArcSystem,
	CentralProcessor,
	FloatingPointProcessor,
	PrimaryIcache,
	PrimaryDcache,
	SecondaryIcache,
	SecondaryDcache,
	SecondaryCache,
	EisaAdapter,
	TcAdapter,
	ScsiAdapter,
	DtiAdapter,
	MultiFunctionAdapter,
	DiskController,
	TapeController,
	CdromController,
	WormController,
	SerialController,
	NetworkController,
	DisplayController,
	ParallelController,
	PointerController,
	KeyboardController,
	AudioController,
	OtherController,
	DiskPeripheral,
	FloppyDiskPeripheral,
	TapePeripheral,
	ModemPeripheral,
	MonitorPeripheral,
	PrinterPeripheral,
	PointerPeripheral,
	KeyboardPeripheral,
	TerminalPeripheral,
	OtherPeripheral,
	LinePeripheral,
	NetworkPeripheral,
	SystemMemory,
	DockingInformation,
	RealModeIrqRoutingTable,
	RealModePCIEnumeration,
	MaximumType
} CONFIGURATION_TYPE, *PCONFIGURATION_TYPE;

/* Index into the callout's BusInformation, ControllerInformation... arrays */
typedef enum _IO_QUERY_DEVICE_DATA_FORMAT {
	IoQueryDeviceIdentifier = 0,
	IoQueryDeviceConfigurationData,
	IoQueryDeviceComponentInformation,
	IoQueryDeviceMaxData
} IO_QUERY_DEVICE_DATA_FORMAT, *PIO_QUERY_DEVICE_DATA_FORMAT;

typedef
_Function_class_(IO_QUERY_DEVICE_ROUTINE)
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS
IO_QUERY_DEVICE_ROUTINE(_In_ PVOID Context,
			_In_ PUNICODE_STRING PathName,
			_In_ INTERFACE_TYPE BusType,
			_In_ ULONG BusNumber,
			_In_ PKEY_VALUE_FULL_INFORMATION *BusInformation,
			_In_ CONFIGURATION_TYPE ControllerType,
			_In_ ULONG ControllerNumber,
			_In_ PKEY_VALUE_FULL_INFORMATION *ControllerInformation,
			_In_ CONFIGURATION_TYPE PeripheralType,
			_In_ ULONG PeripheralNumber,
			_In_ PKEY_VALUE_FULL_INFORMATION *PeripheralInformation);
typedef IO_QUERY_DEVICE_ROUTINE *PIO_QUERY_DEVICE_ROUTINE;

/* The "Component Information" value of a hardware description node */
typedef struct _DEVICE_FLAGS {
	ULONG Failed : 1;
	ULONG ReadOnly : 1;
	ULONG Removable : 1;
	ULONG ConsoleIn : 1;
	ULONG ConsoleOut : 1;
	ULONG Input : 1;
	ULONG Output : 1;
} DEVICE_FLAGS, *PDEVICE_FLAGS;

typedef struct _CM_COMPONENT_INFORMATION {
	DEVICE_FLAGS Flags;
	ULONG Version;
	ULONG Key;
	KAFFINITY AffinityMask;
} CM_COMPONENT_INFORMATION, *PCM_COMPONENT_INFORMATION;

/* Device-type-specific data (a CmResourceTypeDeviceSpecific descriptor's) */
typedef struct _CM_FLOPPY_DEVICE_DATA {
	USHORT Version;
	USHORT Revision;
	CHAR Size[8];
	ULONG MaxDensity;
	ULONG MountDensity;
	UCHAR StepRateHeadUnloadTime;
	UCHAR HeadLoadTime;
	UCHAR MotorOffTime;
	UCHAR SectorLengthCode;
	UCHAR SectorPerTrack;
	UCHAR ReadWriteGapLength;
	UCHAR DataTransferLength;
	UCHAR FormatGapLength;
	UCHAR FormatFillCharacter;
	UCHAR HeadSettleTime;
	UCHAR MotorSettleTime;
	UCHAR MaximumTrackValue;
	UCHAR DataTransferRate;
} CM_FLOPPY_DEVICE_DATA, *PCM_FLOPPY_DEVICE_DATA;

typedef struct _CM_DISK_GEOMETRY_DEVICE_DATA {
	ULONG BytesPerSector;
	ULONG NumberOfCylinders;
	ULONG SectorsPerTrack;
	ULONG NumberOfHeads;
} CM_DISK_GEOMETRY_DEVICE_DATA, *PCM_DISK_GEOMETRY_DEVICE_DATA;

typedef struct _CM_SERIAL_DEVICE_DATA {
	USHORT Version;
	USHORT Revision;
	ULONG BaudClock;
} CM_SERIAL_DEVICE_DATA, *PCM_SERIAL_DEVICE_DATA;

typedef struct _CM_KEYBOARD_DEVICE_DATA {
	USHORT Version;
	USHORT Revision;
	UCHAR Type;
	UCHAR Subtype;
	USHORT KeyboardFlags;
} CM_KEYBOARD_DEVICE_DATA, *PCM_KEYBOARD_DEVICE_DATA;

typedef struct _CM_SCSI_DEVICE_DATA {
	USHORT Version;
	USHORT Revision;
	UCHAR HostIdentifier;
} CM_SCSI_DEVICE_DATA, *PCM_SCSI_DEVICE_DATA;

/* The system's device counts, updated by the drivers that find devices */
typedef struct _CONFIGURATION_INFORMATION {
	ULONG DiskCount;
	ULONG FloppyCount;
	ULONG CdRomCount;
	ULONG TapeCount;
	ULONG ScsiPortCount;
	ULONG SerialCount;
	ULONG ParallelCount;
	BOOLEAN AtDiskPrimaryAddressClaimed;
	BOOLEAN AtDiskSecondaryAddressClaimed;
	ULONG Version;
	ULONG MediumChangerCount;
} CONFIGURATION_INFORMATION, *PCONFIGURATION_INFORMATION;

/* HalGetBusData's address spaces */
typedef enum _BUS_DATA_TYPE {
	ConfigurationSpaceUndefined = -1,
	Cmos,
	EisaConfiguration,
	Pos,
	CbusConfiguration,
	PCIConfiguration,
	VMEConfiguration,
	NuBusConfiguration,
	PCMCIAConfiguration,
	MPIConfiguration,
	MPSAConfiguration,
	PNPISAConfiguration,
	SgiInternalConfiguration,
	MaximumBusDataType
} BUS_DATA_TYPE, *PBUS_DATA_TYPE;

/* A PCI device and function on a bus: HalGetBusData's SlotNumber */
typedef struct _PCI_SLOT_NUMBER {
	union {
		struct {
			ULONG DeviceNumber : 5;
			ULONG FunctionNumber : 3;
			ULONG Reserved : 24;
		} bits;
		ULONG AsULONG;
	} u;
} PCI_SLOT_NUMBER, *PPCI_SLOT_NUMBER;

#ifndef PCI_INVALID_VENDORID
#define PCI_INVALID_VENDORID	0xFFFF
#endif

/* Volume parameter block: what ties a mounted file system to a device */
#define MAXIMUM_VOLUME_LABEL_LENGTH	(32 * sizeof(WCHAR))

typedef struct _VPB {
	CSHORT Type;
	CSHORT Size;
	USHORT Flags;
	USHORT VolumeLabelLength;
	struct _DEVICE_OBJECT *DeviceObject;
	struct _DEVICE_OBJECT *RealDevice;
	ULONG SerialNumber;
	ULONG ReferenceCount;
	WCHAR VolumeLabel[MAXIMUM_VOLUME_LABEL_LENGTH / sizeof(WCHAR)];
} VPB;

/* VPB.Flags */
#define VPB_MOUNTED			0x00000001
#define VPB_LOCKED			0x00000002
#define VPB_PERSISTENT			0x00000004
#define VPB_REMOVE_PENDING		0x00000008
#define VPB_RAW_MOUNT			0x00000010
#define VPB_DIRECT_WRITES_ALLOWED	0x00000020

/* IO_STACK_LOCATION.Flags of IRP_MJ_READ and IRP_MJ_WRITE */
#define SL_KEY_SPECIFIED		0x01
#define SL_OVERRIDE_VERIFY_VOLUME	0x02
#define SL_WRITE_THROUGH		0x04
#define SL_FT_SEQUENTIAL_WRITE		0x08

/* Device types that get a VPB from IoCreateDevice (besides disk, CD, tape) */
#define FILE_DEVICE_DISK_FILE_SYSTEM	0x00000008
#define FILE_DEVICE_VIRTUAL_DISK	0x00000024

/*
 * ARC names: a symbolic link from \ArcName\... to the device, as the WDK's
 * own macros make it.  No boot loader reads them here.
 */
#define IoAssignArcName(ArcName, DeviceName)				\
	(IoCreateSymbolicLink((ArcName), (DeviceName)))
#define IoDeassignArcName(ArcName) IoDeleteSymbolicLink((ArcName))

/* The hardware description (wdmdma/rt/hwdesc.c) */
_IRQL_requires_max_(PASSIVE_LEVEL)
NTKERNELAPI
NTSTATUS
IoQueryDeviceDescription(_In_opt_ PINTERFACE_TYPE BusType,
			 _In_opt_ PULONG BusNumber,
			 _In_opt_ PCONFIGURATION_TYPE ControllerType,
			 _In_opt_ PULONG ControllerNumber,
			 _In_opt_ PCONFIGURATION_TYPE PeripheralType,
			 _In_opt_ PULONG PeripheralNumber,
			 _In_ PIO_QUERY_DEVICE_ROUTINE CalloutRoutine,
			 _Inout_opt_ PVOID Context);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTKERNELAPI
PCONFIGURATION_INFORMATION
IoGetConfigurationInformation(VOID);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTKERNELAPI
NTSTATUS
IoReportResourceForDetection(_In_ PDRIVER_OBJECT DriverObject,
			     _In_opt_ PCM_RESOURCE_LIST DriverList,
			     _In_opt_ ULONG DriverListSize,
			     _In_opt_ PDEVICE_OBJECT DeviceObject,
			     _In_opt_ PCM_RESOURCE_LIST DeviceList,
			     _In_opt_ ULONG DeviceListSize,
			     _Out_ PBOOLEAN ConflictDetected);

DECLSPEC_DEPRECATED_DDK
_IRQL_requires_max_(PASSIVE_LEVEL)
NTKERNELAPI
NTSTATUS
IoReportResourceUsage(_In_opt_ PUNICODE_STRING DriverClassName,
		      _In_ PDRIVER_OBJECT DriverObject,
		      _In_opt_ PCM_RESOURCE_LIST DriverList,
		      _In_opt_ ULONG DriverListSize,
		      _In_opt_ PDEVICE_OBJECT DeviceObject,
		      _In_opt_ PCM_RESOURCE_LIST DeviceList,
		      _In_opt_ ULONG DeviceListSize,
		      _In_ BOOLEAN OverrideConflict,
		      _Out_ PBOOLEAN ConflictDetected);

DECLSPEC_DEPRECATED_DDK
_IRQL_requires_max_(PASSIVE_LEVEL)
NTHALAPI
ULONG
HalGetInterruptVector(_In_ INTERFACE_TYPE InterfaceType,
		      _In_ ULONG BusNumber,
		      _In_ ULONG BusInterruptLevel,
		      _In_ ULONG BusInterruptVector,
		      _Out_ PKIRQL Irql,
		      _Out_ PKAFFINITY Affinity);

DECLSPEC_DEPRECATED_DDK
NTHALAPI
ULONG
HalGetBusData(_In_ BUS_DATA_TYPE BusDataType,
	      _In_ ULONG BusNumber,
	      _In_ ULONG SlotNumber,
	      _Out_writes_bytes_(Length) PVOID Buffer,
	      _In_ ULONG Length);

DECLSPEC_DEPRECATED_DDK
NTHALAPI
ULONG
HalGetBusDataByOffset(_In_ BUS_DATA_TYPE BusDataType,
		      _In_ ULONG BusNumber,
		      _In_ ULONG SlotNumber,
		      _Out_writes_bytes_(Length) PVOID Buffer,
		      _In_ ULONG Offset,
		      _In_ ULONG Length);

DECLSPEC_DEPRECATED_DDK
NTHALAPI
ULONG
HalSetBusData(_In_ BUS_DATA_TYPE BusDataType,
	      _In_ ULONG BusNumber,
	      _In_ ULONG SlotNumber,
	      _In_reads_bytes_(Length) PVOID Buffer,
	      _In_ ULONG Length);

DECLSPEC_DEPRECATED_DDK
NTHALAPI
ULONG
HalSetBusDataByOffset(_In_ BUS_DATA_TYPE BusDataType,
		      _In_ ULONG BusNumber,
		      _In_ ULONG SlotNumber,
		      _In_reads_bytes_(Length) PVOID Buffer,
		      _In_ ULONG Offset,
		      _In_ ULONG Length);

DECLSPEC_DEPRECATED_DDK
NTHALAPI
BOOLEAN
HalTranslateBusAddress(_In_ INTERFACE_TYPE InterfaceType,
		       _In_ ULONG BusNumber,
		       _In_ PHYSICAL_ADDRESS BusAddress,
		       _Inout_ PULONG AddressSpace,
		       _Out_ PPHYSICAL_ADDRESS TranslatedAddress);

#ifdef CONFIG_X86_64
WDM_STATIC_ASSERT(sizeof(CM_COMPONENT_INFORMATION) == 0x18);
WDM_STATIC_ASSERT(offsetof(CM_COMPONENT_INFORMATION, AffinityMask) == 0x10);
WDM_STATIC_ASSERT(sizeof(CM_FLOPPY_DEVICE_DATA) == 0x24);
WDM_STATIC_ASSERT(offsetof(CM_FLOPPY_DEVICE_DATA, MaxDensity) == 0x0c);
WDM_STATIC_ASSERT(offsetof(CM_FLOPPY_DEVICE_DATA, StepRateHeadUnloadTime) == 0x14);
WDM_STATIC_ASSERT(offsetof(CM_FLOPPY_DEVICE_DATA, DataTransferRate) == 0x20);
WDM_STATIC_ASSERT(sizeof(CM_SERIAL_DEVICE_DATA) == 8);
WDM_STATIC_ASSERT(sizeof(CM_KEYBOARD_DEVICE_DATA) == 8);
WDM_STATIC_ASSERT(sizeof(CM_DISK_GEOMETRY_DEVICE_DATA) == 16);
WDM_STATIC_ASSERT(sizeof(CONFIGURATION_INFORMATION) == 0x28);
WDM_STATIC_ASSERT(offsetof(CONFIGURATION_INFORMATION, AtDiskPrimaryAddressClaimed) == 0x1c);
WDM_STATIC_ASSERT(offsetof(CONFIGURATION_INFORMATION, Version) == 0x20);
WDM_STATIC_ASSERT(sizeof(PCI_SLOT_NUMBER) == 4);
WDM_STATIC_ASSERT(sizeof(VPB) == 0x60);
WDM_STATIC_ASSERT(offsetof(VPB, DeviceObject) == 0x08);
WDM_STATIC_ASSERT(offsetof(VPB, RealDevice) == 0x10);
WDM_STATIC_ASSERT(offsetof(VPB, SerialNumber) == 0x18);
WDM_STATIC_ASSERT(offsetof(VPB, VolumeLabel) == 0x20);
#endif

#endif /* _WDM_LEGACY_H_ */
