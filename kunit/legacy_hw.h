/* SPDX-License-Identifier: GPL-2.0 */
/*
 * legacy_hw.h - the NT 4-style floppy driver of the wdmdma_legacy_hw suite
 * (legacy_hw_driver.c, Windows code) and what its test reads of it.
 *
 * wdmdma-lint: windows-source (Windows names and style are kept)
 */
#ifndef _LEGACY_HW_H_
#define _LEGACY_HW_H_

typedef struct _FL_CONFIG {
	ULONG Calls;
	WCHAR Path[160];
	INTERFACE_TYPE BusType;
	ULONG BusNumber;
	CONFIGURATION_TYPE ControllerType, PeripheralType;
	ULONG ControllerNumber, PeripheralNumber;
	BOOLEAN HaveController, HavePeripheral;
	/* what the controller's configuration data held */
	ULONG PortCount, InterruptCount, DmaCount, OtherCount;
	PHYSICAL_ADDRESS PortStart;
	ULONG PortLength;
	USHORT PortFlags;
	ULONG Level, Vector;
	USHORT InterruptFlags;
	ULONG DmaChannel;
	INTERFACE_TYPE CtlInterfaceType;
	ULONG CtlBusNumber;
	/* the drive's */
	ULONG DeviceSpecificSize;
	CM_FLOPPY_DEVICE_DATA Drive;
	/* identifiers: bus, controller, peripheral */
	WCHAR Identifier[3][32];
	ULONG ComponentKey[3];
	ULONG ComponentLength[3];
	BOOLEAN NamesRight;
	BOOLEAN OffsetsAligned;
} FL_CONFIG, *PFL_CONFIG;

typedef struct _FL_EXTENSION {
	PKINTERRUPT Interrupt;
	FL_CONFIG Config;
	KEVENT InterruptEvent;
	LONG Interrupts;
	UCHAR IsrStatus;
	ULONG Vector;
	KIRQL Irql;
	KAFFINITY Affinity;
	BOOLEAN LinkMade, ArcMade, Claimed;
} FL_EXTENSION, *PFL_EXTENSION;

extern UNICODE_STRING FlDeviceName;
extern UNICODE_STRING FlLinkName;
extern UNICODE_STRING FlArcName;

DRIVER_INITIALIZE FlDriverEntry;
IO_QUERY_DEVICE_ROUTINE FlConfigCallback;

#endif /* _LEGACY_HW_H_ */
