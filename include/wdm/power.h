/* SPDX-License-Identifier: GPL-2.0 */
/*
 * power.h - the power manager's surface: system and device power states,
 * what a power IRP's stack location carries (<wdm/irp.h> Parameters.Power
 * and Parameters.WaitWake), PoCallDriver(), PoRequestPowerIrp(),
 * PoSetPowerState() and idle detection.  Included by <wdm/irp.h>.
 *
 * What Linux system sleep sends a driver, and in which order: README,
 * "What power transitions a driver sees".
 */
#ifndef _WDM_POWER_H_
#define _WDM_POWER_H_

#include <wdm/ntdef.h>

struct _DEVICE_OBJECT;
struct _IRP;
struct _IO_STATUS_BLOCK;

/* A system power state: S0 (working) to S5 (off) */
typedef enum _SYSTEM_POWER_STATE {
	PowerSystemUnspecified = 0,
	PowerSystemWorking = 1,
	PowerSystemSleeping1 = 2,
	PowerSystemSleeping2 = 3,
	PowerSystemSleeping3 = 4,
	PowerSystemHibernate = 5,
	PowerSystemShutdown = 6,
	PowerSystemMaximum = 7
} SYSTEM_POWER_STATE, *PSYSTEM_POWER_STATE;

/* A device power state: D0 (working) to D3 (off) */
typedef enum _DEVICE_POWER_STATE {
	PowerDeviceUnspecified = 0,
	PowerDeviceD0,
	PowerDeviceD1,
	PowerDeviceD2,
	PowerDeviceD3,
	PowerDeviceMaximum
} DEVICE_POWER_STATE, *PDEVICE_POWER_STATE;

/* Which of POWER_STATE's members a power IRP carries */
typedef enum _POWER_STATE_TYPE {
	SystemPowerState = 0,
	DevicePowerState
} POWER_STATE_TYPE, *PPOWER_STATE_TYPE;

typedef union _POWER_STATE {
	SYSTEM_POWER_STATE SystemState;
	DEVICE_POWER_STATE DeviceState;
} POWER_STATE, *PPOWER_STATE;

/* Why the system changes state: Parameters.Power.ShutdownType */
typedef enum _POWER_ACTION {
	PowerActionNone = 0,
	PowerActionReserved,
	PowerActionSleep,
	PowerActionHibernate,
	PowerActionShutdown,
	PowerActionShutdownReset,
	PowerActionShutdownOff,
	PowerActionWarmEject,
	PowerActionDisplayOff
} POWER_ACTION, *PPOWER_ACTION;

/* Parameters.Power.SystemPowerStateContext of a system power IRP */
typedef struct _SYSTEM_POWER_STATE_CONTEXT {
	union {
		struct {
			ULONG Reserved1 : 8;
			ULONG TargetSystemState : 4;
			ULONG EffectiveSystemState : 4;
			ULONG CurrentSystemState : 4;
			ULONG IgnoreHibernationPath : 1;
			ULONG PseudoTransition : 1;
			ULONG KernelSoftReboot : 1;
			ULONG DirectedDripsTransition : 1;
			ULONG Reserved2 : 8;
		};
		ULONG ContextAsUlong;
	};
} SYSTEM_POWER_STATE_CONTEXT, *PSYSTEM_POWER_STATE_CONTEXT;

/* Parameters.PowerSequence: IRP_MN_POWER_SEQUENCE (never sent here) */
typedef struct _POWER_SEQUENCE {
	ULONG SequenceD1;
	ULONG SequenceD2;
	ULONG SequenceD3;
} POWER_SEQUENCE, *PPOWER_SEQUENCE;

/* PoRequestPowerIrp()'s completion callback (a driver's PowerCompletion) */
typedef VOID
REQUEST_POWER_COMPLETE(_In_ struct _DEVICE_OBJECT *DeviceObject,
		       _In_ UCHAR MinorFunction,
		       _In_ POWER_STATE PowerState,
		       _In_opt_ PVOID Context,
		       _In_ struct _IO_STATUS_BLOCK *IoStatus);
typedef REQUEST_POWER_COMPLETE *PREQUEST_POWER_COMPLETE;

/* Power IRPs (wdmdma/rt/power.c) */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
NTSTATUS
PoCallDriver(_In_ struct _DEVICE_OBJECT *DeviceObject, _Inout_ struct _IRP *Irp);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
PoStartNextPowerIrp(_Inout_ struct _IRP *Irp);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
POWER_STATE
PoSetPowerState(_In_ struct _DEVICE_OBJECT *DeviceObject,
		_In_ POWER_STATE_TYPE Type,
		_In_ POWER_STATE State);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
NTSTATUS
PoRequestPowerIrp(_In_ struct _DEVICE_OBJECT *DeviceObject,
		  _In_ UCHAR MinorFunction,
		  _In_ POWER_STATE PowerState,
		  _In_opt_ PREQUEST_POWER_COMPLETE CompletionFunction,
		  _In_opt_ PVOID Context,
		  _Outptr_opt_ struct _IRP **Irp);

/* Idle detection (wdmdma/rt/power.c) */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
PULONG
PoRegisterDeviceForIdleDetection(_In_ struct _DEVICE_OBJECT *DeviceObject,
				 _In_ ULONG ConservationIdleTime,
				 _In_ ULONG PerformanceIdleTime,
				 _In_ DEVICE_POWER_STATE State);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
PoSetDeviceBusyEx(_Inout_ PULONG IdlePointer);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
PoStartDeviceBusy(_Inout_ PULONG IdlePointer);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
PoEndDeviceBusy(_Inout_ PULONG IdlePointer);

/* Reset the idle counter PoRegisterDeviceForIdleDetection() returned */
#define PoSetDeviceBusy(IdlePointer)	((void)(*(__volatile ULONG *)(IdlePointer) = 0))

WDM_STATIC_ASSERT(sizeof(SYSTEM_POWER_STATE_CONTEXT) == 4);
WDM_STATIC_ASSERT(sizeof(POWER_STATE) == 4);

#endif /* _WDM_POWER_H_ */
