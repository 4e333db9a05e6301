// SPDX-License-Identifier: GPL-2.0
/*
 * legacy_hw_driver.c - a floppy driver's start, written the Windows NT 4
 * way against <wdm.h> alone: DriverEntry finds the controller with
 * IoQueryDeviceDescription and its ConfigCallback, claims it with
 * IoReportResourceForDetection, creates \Device\Floppy0, a DOS link and
 * an ARC name, counts the drive in IoGetConfigurationInformation, maps the
 * interrupt with HalGetInterruptVector and connects it; its ISR reads the
 * controller's main status register.  Driven by legacy_hw_test.c.
 *
 * wdmdma-lint: windows-source (Windows names and style are kept)
 */
#include <wdm.h>

#include "legacy_hw.h"

#define FL_POOL_TAG	0x46436c46	/* "FlCF" in a dump */

static BOOLEAN FlValueNamed(PKEY_VALUE_FULL_INFORMATION v, PCWSTR Name)
{
	UNICODE_STRING a = { (USHORT)v->NameLength, (USHORT)v->NameLength, v->Name }, b;

	RtlInitUnicodeString(&b, Name);
	return RtlEqualUnicodeString(&a, &b, FALSE);
}

static VOID FlKeepIdentifier(PFL_CONFIG Config, ULONG Level, PKEY_VALUE_FULL_INFORMATION *Info)
{
	PKEY_VALUE_FULL_INFORMATION v = Info[IoQueryDeviceIdentifier];
	PKEY_VALUE_FULL_INFORMATION c = Info[IoQueryDeviceComponentInformation];
	PKEY_VALUE_FULL_INFORMATION d = Info[IoQueryDeviceConfigurationData];

	if (v && v->Type == REG_SZ && v->DataLength <= sizeof(Config->Identifier[Level]))
		RtlCopyMemory(Config->Identifier[Level], (PUCHAR)v + v->DataOffset, v->DataLength);
	if (c && c->Type == REG_BINARY) {
		Config->ComponentLength[Level] = c->DataLength;
		Config->ComponentKey[Level] =
			((PCM_COMPONENT_INFORMATION)((PUCHAR)c + c->DataOffset))->Key;
	}
	if ((v && !FlValueNamed(v, L"Identifier")) ||
	    (d && !FlValueNamed(d, L"Configuration Data")) ||
	    (c && !FlValueNamed(c, L"Component Information")))
		Config->NamesRight = FALSE;
	if ((v && (v->DataOffset & 3)) || (d && (d->DataOffset & 3)) || (c && (c->DataOffset & 3)))
		Config->OffsetsAligned = FALSE;
}

/* The ConfigCallback: keeps what the driver will need */
NTSTATUS FlConfigCallback(PVOID Context, PUNICODE_STRING PathName,
			  INTERFACE_TYPE BusType, ULONG BusNumber,
			  PKEY_VALUE_FULL_INFORMATION *BusInformation,
			  CONFIGURATION_TYPE ControllerType, ULONG ControllerNumber,
			  PKEY_VALUE_FULL_INFORMATION *ControllerInformation,
			  CONFIGURATION_TYPE PeripheralType, ULONG PeripheralNumber,
			  PKEY_VALUE_FULL_INFORMATION *PeripheralInformation)
{
	PFL_CONFIG Config = Context;
	PKEY_VALUE_FULL_INFORMATION v;
	PCM_FULL_RESOURCE_DESCRIPTOR full;
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d;
	ULONG i;

	Config->Calls++;
	if (PathName->Length < sizeof(Config->Path))
		RtlCopyMemory(Config->Path, PathName->Buffer, PathName->Length);
	Config->BusType = BusType;
	Config->BusNumber = BusNumber;
	Config->ControllerType = ControllerType;
	Config->ControllerNumber = ControllerNumber;
	Config->PeripheralType = PeripheralType;
	Config->PeripheralNumber = PeripheralNumber;
	Config->HaveController = !!ControllerInformation;
	Config->HavePeripheral = !!PeripheralInformation;
	Config->NamesRight = TRUE;
	Config->OffsetsAligned = TRUE;
	FlKeepIdentifier(Config, 0, BusInformation);
	if (!ControllerInformation)
		return STATUS_SUCCESS;
	FlKeepIdentifier(Config, 1, ControllerInformation);
	v = ControllerInformation[IoQueryDeviceConfigurationData];
	if (!v || v->Type != REG_FULL_RESOURCE_DESCRIPTOR)
		return STATUS_SUCCESS;
	full = (PCM_FULL_RESOURCE_DESCRIPTOR)((PUCHAR)v + v->DataOffset);
	Config->CtlInterfaceType = full->InterfaceType;
	Config->CtlBusNumber = full->BusNumber;
	for (i = 0; i < full->PartialResourceList.Count; i++) {
		d = &full->PartialResourceList.PartialDescriptors[i];
		switch (d->Type) {
		case CmResourceTypePort:
			Config->PortCount++;
			Config->PortStart = d->u.Port.Start;
			Config->PortLength = d->u.Port.Length;
			Config->PortFlags = d->Flags;
			break;
		case CmResourceTypeInterrupt:
			Config->InterruptCount++;
			Config->Level = d->u.Interrupt.Level;
			Config->Vector = d->u.Interrupt.Vector;
			Config->InterruptFlags = d->Flags;
			break;
		case CmResourceTypeDma:
			Config->DmaCount++;
			Config->DmaChannel = d->u.Dma.Channel;
			break;
		default:
			Config->OtherCount++;
		}
	}
	if (!PeripheralInformation)
		return STATUS_SUCCESS;
	FlKeepIdentifier(Config, 2, PeripheralInformation);
	v = PeripheralInformation[IoQueryDeviceConfigurationData];
	if (!v || v->Type != REG_FULL_RESOURCE_DESCRIPTOR)
		return STATUS_SUCCESS;
	full = (PCM_FULL_RESOURCE_DESCRIPTOR)((PUCHAR)v + v->DataOffset);
	d = &full->PartialResourceList.PartialDescriptors[full->PartialResourceList.Count - 1];
	if (d->Type == CmResourceTypeDeviceSpecific) {
		Config->DeviceSpecificSize = d->u.DeviceSpecificData.DataSize;
		if (d->u.DeviceSpecificData.DataSize >= sizeof(CM_FLOPPY_DEVICE_DATA))
			RtlCopyMemory(&Config->Drive, d + 1, sizeof(CM_FLOPPY_DEVICE_DATA));
	}
	return STATUS_SUCCESS;
}

static BOOLEAN FlInterruptService(PKINTERRUPT Interrupt, PVOID ServiceContext)
{
	PDEVICE_OBJECT DeviceObject = ServiceContext;
	PFL_EXTENSION Ext = DeviceObject->DeviceExtension;

	Ext->IsrStatus = READ_PORT_UCHAR((PUCHAR)(ULONG_PTR)(Ext->Config.PortStart.LowPart + 4));
	InterlockedIncrement(&Ext->Interrupts);
	IoRequestDpc(DeviceObject, NULL, NULL);
	return TRUE;
}

static VOID FlDpc(PKDPC Dpc, PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
	PFL_EXTENSION Ext = DeviceObject->DeviceExtension;

	KeSetEvent(&Ext->InterruptEvent, IO_NO_INCREMENT, FALSE);
}

static NTSTATUS FlCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	Irp->IoStatus.Status = STATUS_SUCCESS;
	Irp->IoStatus.Information = 0;
	IoCompleteRequest(Irp, IO_NO_INCREMENT);
	return STATUS_SUCCESS;
}

UNICODE_STRING FlDeviceName = RTL_CONSTANT_STRING(L"\\Device\\Floppy0");
UNICODE_STRING FlLinkName = RTL_CONSTANT_STRING(L"\\DosDevices\\WdmLegacyA");
UNICODE_STRING FlArcName =
	RTL_CONSTANT_STRING(L"\\ArcName\\multi(0)disk(0)fdisk(0)");

static VOID FlUnload(PDRIVER_OBJECT DriverObject)
{
	PDEVICE_OBJECT DeviceObject = DriverObject->DeviceObject;
	PFL_EXTENSION Ext;
	BOOLEAN Conflict;

	if (!DeviceObject)
		return;
	Ext = DeviceObject->DeviceExtension;
	if (Ext->Interrupt) {
		WRITE_PORT_UCHAR((PUCHAR)(ULONG_PTR)(Ext->Config.PortStart.LowPart + 2), 0);
		IoDisconnectInterrupt(Ext->Interrupt);
		KeFlushQueuedDpcs();
	}
	if (Ext->ArcMade)
		IoDeassignArcName(&FlArcName);
	if (Ext->LinkMade)
		IoDeleteSymbolicLink(&FlLinkName);
	if (Ext->Claimed)	/* release the claim: an empty report */
		IoReportResourceForDetection(DriverObject, NULL, 0, NULL, NULL, 0, &Conflict);
	IoGetConfigurationInformation()->FloppyCount--;
	IoDeleteDevice(DeviceObject);
}

/* The claim of what the description said: ports, interrupt, DMA channel */
static NTSTATUS FlClaim(PDRIVER_OBJECT DriverObject, PFL_CONFIG Config, PBOOLEAN Conflict)
{
	UCHAR Buffer[sizeof(CM_RESOURCE_LIST) + 2 * sizeof(CM_PARTIAL_RESOURCE_DESCRIPTOR)];
	PCM_RESOURCE_LIST List = (PCM_RESOURCE_LIST)Buffer;
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d;

	RtlZeroMemory(Buffer, sizeof(Buffer));
	List->Count = 1;
	List->List[0].InterfaceType = Config->BusType;
	List->List[0].BusNumber = Config->BusNumber;
	List->List[0].PartialResourceList.Count = 3;
	d = List->List[0].PartialResourceList.PartialDescriptors;
	d[0].Type = CmResourceTypePort;
	d[0].ShareDisposition = CmResourceShareDeviceExclusive;
	d[0].Flags = CM_RESOURCE_PORT_IO;
	d[0].u.Port.Start = Config->PortStart;
	d[0].u.Port.Length = Config->PortLength;
	d[1].Type = CmResourceTypeInterrupt;
	d[1].ShareDisposition = CmResourceShareDeviceExclusive;
	d[1].u.Interrupt.Level = Config->Level;
	d[1].u.Interrupt.Vector = Config->Vector;
	d[2].Type = CmResourceTypeDma;
	d[2].ShareDisposition = CmResourceShareDeviceExclusive;
	d[2].u.Dma.Channel = Config->DmaChannel;
	return IoReportResourceForDetection(DriverObject, List, sizeof(Buffer), NULL, NULL, 0,
					    Conflict);
}

NTSTATUS FlDriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
	INTERFACE_TYPE BusType = Isa;
	CONFIGURATION_TYPE ControllerType = DiskController;
	CONFIGURATION_TYPE PeripheralType = FloppyDiskPeripheral;
	PCONFIGURATION_INFORMATION ConfigInfo = IoGetConfigurationInformation();
	PDEVICE_OBJECT DeviceObject;
	PFL_EXTENSION Ext;
	PFL_CONFIG Config;
	BOOLEAN Conflict;
	NTSTATUS Status;

	Config = ExAllocatePoolWithTag(PagedPool, sizeof(FL_CONFIG), FL_POOL_TAG);
	if (!Config)
		return STATUS_INSUFFICIENT_RESOURCES;
	RtlZeroMemory(Config, sizeof(FL_CONFIG));
	Status = IoQueryDeviceDescription(&BusType, NULL, &ControllerType, NULL, &PeripheralType,
					  NULL, FlConfigCallback, Config);
	if (NT_SUCCESS(Status))
		Status = FlClaim(DriverObject, Config, &Conflict);
	if (!NT_SUCCESS(Status)) {
		ExFreePoolWithTag(Config, FL_POOL_TAG);
		return Status;
	}
	DriverObject->MajorFunction[IRP_MJ_CREATE] = FlCreateClose;
	DriverObject->MajorFunction[IRP_MJ_CLOSE] = FlCreateClose;
	DriverObject->DriverUnload = FlUnload;
	Status = IoCreateDevice(DriverObject, sizeof(FL_EXTENSION), &FlDeviceName,
				FILE_DEVICE_DISK, FILE_REMOVABLE_MEDIA | FILE_FLOPPY_DISKETTE,
				FALSE, &DeviceObject);
	if (!NT_SUCCESS(Status)) {
		IoReportResourceForDetection(DriverObject, NULL, 0, NULL, NULL, 0, &Conflict);
		ExFreePoolWithTag(Config, FL_POOL_TAG);
		return Status;
	}
	Ext = DeviceObject->DeviceExtension;
	Ext->Claimed = TRUE;
	Ext->Config = *Config;
	ExFreePoolWithTag(Config, FL_POOL_TAG);
	ConfigInfo->FloppyCount++;
	KeInitializeEvent(&Ext->InterruptEvent, NotificationEvent, FALSE);
	IoInitializeDpcRequest(DeviceObject, FlDpc);
	DeviceObject->Flags |= DO_DIRECT_IO;
	Status = IoCreateSymbolicLink(&FlLinkName, &FlDeviceName);
	if (!NT_SUCCESS(Status))
		goto fail;
	Ext->LinkMade = TRUE;
	Status = IoAssignArcName(&FlArcName, &FlDeviceName);
	if (!NT_SUCCESS(Status))
		goto fail;
	Ext->ArcMade = TRUE;
	Ext->Vector = HalGetInterruptVector(Ext->Config.BusType, Ext->Config.BusNumber,
					    Ext->Config.Level, Ext->Config.Vector, &Ext->Irql,
					    &Ext->Affinity);
	Status = IoConnectInterrupt(&Ext->Interrupt, FlInterruptService, DeviceObject, NULL,
				    Ext->Vector, Ext->Irql, Ext->Irql,
				    (Ext->Config.InterruptFlags & CM_RESOURCE_INTERRUPT_LATCHED) ?
				    Latched : LevelSensitive,
				    FALSE, Ext->Affinity, FALSE);
	if (!NT_SUCCESS(Status))
		goto fail;
	DeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
	return STATUS_SUCCESS;

fail:
	FlUnload(DriverObject);
	return Status;
}
