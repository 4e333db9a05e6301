/* SPDX-License-Identifier: GPL-2.0 */
/*
 * intr.h - IoConnectInterruptEx and IoDisconnectInterruptEx: line-based,
 * message-signalled (MSI, MSI-X) and fully specified interrupts found from
 * a device's PDO, the message table of a message-based connection, and
 * IoGetAffinityInterrupt, IoReportInterruptActive/Inactive
 *
 * The structures have the WDK's names, field order and x64 layout.  The
 * routines live in wdmdma/rt/interrupt.c; the interrupt resources they
 * find are those the PnP start (wdmdma_pnp_start_pci()) gave the device,
 * message-signalled when its hardware key says MSISupported (README,
 * "Porting a driver").
 */
#ifndef _WDM_INTR_H_
#define _WDM_INTR_H_

#include <wdm/ntdef.h>
#include <wdm/ke.h>

struct _DEVICE_OBJECT;

/* IO_CONNECT_INTERRUPT_PARAMETERS.Version */
#define CONNECT_FULLY_SPECIFIED		0x1
#define CONNECT_LINE_BASED		0x2
#define CONNECT_MESSAGE_BASED		0x3
#define CONNECT_FULLY_SPECIFIED_GROUP	0x4
#define CONNECT_MESSAGE_BASED_PASSIVE	0x5
#define CONNECT_CURRENT_VERSION		0x5

/* The polarity of an interrupt line */
typedef enum _KINTERRUPT_POLARITY {
	InterruptPolarityUnknown,
	InterruptActiveHigh,
	InterruptRisingEdge = InterruptActiveHigh,
	InterruptActiveLow,
	InterruptFallingEdge = InterruptActiveLow,
	InterruptActiveBoth,
	InterruptActiveBothTriggerLow = InterruptActiveBoth,
	InterruptActiveBothTriggerHigh
} KINTERRUPT_POLARITY, *PKINTERRUPT_POLARITY;

/* A processor group's affinity */
typedef struct _GROUP_AFFINITY {
	KAFFINITY Mask;
	USHORT Group;
	USHORT Reserved[3];
} GROUP_AFFINITY, *PGROUP_AFFINITY;

/* The ISR of a message-signalled interrupt: MessageID counts from 0 */
typedef
_Function_class_(KMESSAGE_SERVICE_ROUTINE)
_IRQL_requires_same_
BOOLEAN
KMESSAGE_SERVICE_ROUTINE(_In_ struct _KINTERRUPT *Interrupt,
			 _In_ PVOID ServiceContext,
			 _In_ ULONG MessageID);
typedef KMESSAGE_SERVICE_ROUTINE *PKMESSAGE_SERVICE_ROUTINE;

/* One message of a message-based connection */
typedef struct _IO_INTERRUPT_MESSAGE_INFO_ENTRY {
	PHYSICAL_ADDRESS MessageAddress;
	KAFFINITY TargetProcessorSet;
	PKINTERRUPT InterruptObject;
	ULONG MessageData;
	ULONG Vector;
	KIRQL Irql;
	KINTERRUPT_MODE Mode;
	KINTERRUPT_POLARITY Polarity;
} IO_INTERRUPT_MESSAGE_INFO_ENTRY, *PIO_INTERRUPT_MESSAGE_INFO_ENTRY;

/* What CONNECT_MESSAGE_BASED returns in ConnectionContext */
typedef struct _IO_INTERRUPT_MESSAGE_INFO {
	KIRQL UnifiedIrql;
	ULONG MessageCount;
	IO_INTERRUPT_MESSAGE_INFO_ENTRY MessageInfo[1];
} IO_INTERRUPT_MESSAGE_INFO, *PIO_INTERRUPT_MESSAGE_INFO;

typedef struct _IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS {
	struct _DEVICE_OBJECT *PhysicalDeviceObject;
	PKINTERRUPT *InterruptObject;
	PKSERVICE_ROUTINE ServiceRoutine;
	PVOID ServiceContext;
	PKSPIN_LOCK SpinLock;
	KIRQL SynchronizeIrql;
	BOOLEAN FloatingSave;
	BOOLEAN ShareVector;
	ULONG Vector;
	KIRQL Irql;
	KINTERRUPT_MODE InterruptMode;
	KAFFINITY ProcessorEnableMask;
	USHORT Group;
} IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS,
	*PIO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS;

typedef struct _IO_CONNECT_INTERRUPT_LINE_BASED_PARAMETERS {
	struct _DEVICE_OBJECT *PhysicalDeviceObject;
	PKINTERRUPT *InterruptObject;
	PKSERVICE_ROUTINE ServiceRoutine;
	PVOID ServiceContext;
	PKSPIN_LOCK SpinLock;
	KIRQL SynchronizeIrql;
	BOOLEAN FloatingSave;
} IO_CONNECT_INTERRUPT_LINE_BASED_PARAMETERS, *PIO_CONNECT_INTERRUPT_LINE_BASED_PARAMETERS;

typedef struct _IO_CONNECT_INTERRUPT_MESSAGE_BASED_PARAMETERS {
	struct _DEVICE_OBJECT *PhysicalDeviceObject;
	union {
		PVOID *Generic;
		PIO_INTERRUPT_MESSAGE_INFO *InterruptMessageTable;
		PKINTERRUPT *InterruptObject;
	} ConnectionContext;
	PKMESSAGE_SERVICE_ROUTINE MessageServiceRoutine;
	PVOID ServiceContext;
	PKSPIN_LOCK SpinLock;
	KIRQL SynchronizeIrql;
	BOOLEAN FloatingSave;
	PKSERVICE_ROUTINE FallBackServiceRoutine;
} IO_CONNECT_INTERRUPT_MESSAGE_BASED_PARAMETERS,
	*PIO_CONNECT_INTERRUPT_MESSAGE_BASED_PARAMETERS;

typedef struct _IO_CONNECT_INTERRUPT_PARAMETERS {
	ULONG Version;
	union {
		IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS FullySpecified;
		IO_CONNECT_INTERRUPT_LINE_BASED_PARAMETERS LineBased;
		IO_CONNECT_INTERRUPT_MESSAGE_BASED_PARAMETERS MessageBased;
	};
} IO_CONNECT_INTERRUPT_PARAMETERS, *PIO_CONNECT_INTERRUPT_PARAMETERS;

typedef struct _IO_DISCONNECT_INTERRUPT_PARAMETERS {
	ULONG Version;
	union {
		PVOID Generic;
		PKINTERRUPT InterruptObject;
		PIO_INTERRUPT_MESSAGE_INFO InterruptMessageTable;
	} ConnectionContext;
} IO_DISCONNECT_INTERRUPT_PARAMETERS, *PIO_DISCONNECT_INTERRUPT_PARAMETERS;

typedef struct _IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS {
	ULONG Version;
	union {
		PVOID Generic;
		PKINTERRUPT InterruptObject;
		PIO_INTERRUPT_MESSAGE_INFO InterruptMessageTable;
	} ConnectionContext;
} IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS, *PIO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS;

/*
 * IoConnectInterruptEx - connect an ISR to a device's interrupts, found
 * from its PDO's resources: CONNECT_LINE_BASED its line interrupt,
 * CONNECT_MESSAGE_BASED every message (one interrupt object each, the
 * table in ConnectionContext; a device without messages gets the
 * FallBackServiceRoutine on its line and Version CONNECT_LINE_BASED back),
 * CONNECT_FULLY_SPECIFIED(_GROUP) the one the translated resource names.
 * CONNECT_MESSAGE_BASED_PASSIVE: STATUS_NOT_SUPPORTED.
 */
_IRQL_requires_(PASSIVE_LEVEL)
NTKERNELAPI
NTSTATUS
IoConnectInterruptEx(_Inout_ PIO_CONNECT_INTERRUPT_PARAMETERS Parameters);

/* IoDisconnectInterruptEx - undo IoConnectInterruptEx, with its Version */
_IRQL_requires_(PASSIVE_LEVEL)
NTKERNELAPI
VOID
IoDisconnectInterruptEx(_In_ PIO_DISCONNECT_INTERRUPT_PARAMETERS Parameters);

/* IoGetAffinityInterrupt - the processors an interrupt object's ISR runs on */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
NTSTATUS
IoGetAffinityInterrupt(_In_ PKINTERRUPT InterruptObject,
		       _Out_ PGROUP_AFFINITY GroupAffinity);

/*
 * IoReportInterruptInactive / IoReportInterruptActive - mask and unmask
 * the interrupts of a connection (the ISR is not called while inactive)
 */
_IRQL_requires_max_(PASSIVE_LEVEL)
NTKERNELAPI
VOID
IoReportInterruptInactive(_In_ PIO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS Parameters);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTKERNELAPI
VOID
IoReportInterruptActive(_In_ PIO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS Parameters);

#ifdef CONFIG_X86_64
WDM_STATIC_ASSERT(sizeof(IO_INTERRUPT_MESSAGE_INFO_ENTRY) == 0x30);
WDM_STATIC_ASSERT(offsetof(IO_INTERRUPT_MESSAGE_INFO_ENTRY, TargetProcessorSet) == 0x08);
WDM_STATIC_ASSERT(offsetof(IO_INTERRUPT_MESSAGE_INFO_ENTRY, InterruptObject) == 0x10);
WDM_STATIC_ASSERT(offsetof(IO_INTERRUPT_MESSAGE_INFO_ENTRY, MessageData) == 0x18);
WDM_STATIC_ASSERT(offsetof(IO_INTERRUPT_MESSAGE_INFO_ENTRY, Vector) == 0x1c);
WDM_STATIC_ASSERT(offsetof(IO_INTERRUPT_MESSAGE_INFO_ENTRY, Irql) == 0x20);
WDM_STATIC_ASSERT(offsetof(IO_INTERRUPT_MESSAGE_INFO_ENTRY, Mode) == 0x24);
WDM_STATIC_ASSERT(offsetof(IO_INTERRUPT_MESSAGE_INFO_ENTRY, Polarity) == 0x28);
WDM_STATIC_ASSERT(offsetof(IO_INTERRUPT_MESSAGE_INFO, MessageCount) == 0x04);
WDM_STATIC_ASSERT(offsetof(IO_INTERRUPT_MESSAGE_INFO, MessageInfo) == 0x08);
WDM_STATIC_ASSERT(sizeof(IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS) == 0x48);
WDM_STATIC_ASSERT(offsetof(IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS,
			   SynchronizeIrql) == 0x28);
WDM_STATIC_ASSERT(offsetof(IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS, ShareVector) == 0x2a);
WDM_STATIC_ASSERT(offsetof(IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS, Vector) == 0x2c);
WDM_STATIC_ASSERT(offsetof(IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS, Irql) == 0x30);
WDM_STATIC_ASSERT(offsetof(IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS,
			   InterruptMode) == 0x34);
WDM_STATIC_ASSERT(offsetof(IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS,
			   ProcessorEnableMask) == 0x38);
WDM_STATIC_ASSERT(offsetof(IO_CONNECT_INTERRUPT_FULLY_SPECIFIED_PARAMETERS, Group) == 0x40);
WDM_STATIC_ASSERT(sizeof(IO_CONNECT_INTERRUPT_LINE_BASED_PARAMETERS) == 0x30);
WDM_STATIC_ASSERT(sizeof(IO_CONNECT_INTERRUPT_MESSAGE_BASED_PARAMETERS) == 0x38);
WDM_STATIC_ASSERT(offsetof(IO_CONNECT_INTERRUPT_MESSAGE_BASED_PARAMETERS,
			   FallBackServiceRoutine) == 0x30);
WDM_STATIC_ASSERT(sizeof(IO_CONNECT_INTERRUPT_PARAMETERS) == 0x50);
WDM_STATIC_ASSERT(offsetof(IO_CONNECT_INTERRUPT_PARAMETERS, FullySpecified) == 0x08);
WDM_STATIC_ASSERT(sizeof(IO_DISCONNECT_INTERRUPT_PARAMETERS) == 0x10);
WDM_STATIC_ASSERT(sizeof(GROUP_AFFINITY) == 0x10);
#endif

#endif /* _WDM_INTR_H_ */
