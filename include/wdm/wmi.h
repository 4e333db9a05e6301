/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdm/wmi.h - WMI in <wdm.h>: IoWMIRegistrationControl and the actions it
 * takes, IoWMIWriteEvent, IoWMIAllocateInstanceIds (wdmdma/rt/wmi.c).  The
 * WNODE and WMIREGINFO structures are <wmistr.h>'s, the WMI library's
 * routines <wmilib.h>'s.  What differs from Windows: README, "WMI".
 */
#ifndef _WDM_WMI_H_
#define _WDM_WMI_H_

#include <wdm/ntdef.h>
#include <wdm/io.h>
#include <wmistr.h>

/* IoWMIRegistrationControl() Action */
#define WMIREG_ACTION_REGISTER		1
#define WMIREG_ACTION_DEREGISTER	2
#define WMIREG_ACTION_REREGISTER	3
#define WMIREG_ACTION_UPDATE_GUIDS	4
#define WMIREG_ACTION_BLOCK_IRPS	5

/* Action flag: the caller is a trace provider, not a device object */
#define WMIREG_FLAG_CALLBACK		0x80000000
#define WMIREG_FLAG_TRACE_PROVIDER	0x00010000
#define WMIREG_FLAG_TRACE_NOTIFY_MASK	0x00F00000

_IRQL_requires_max_(PASSIVE_LEVEL)
NTKERNELAPI
NTSTATUS
IoWMIRegistrationControl(_In_ PDEVICE_OBJECT DeviceObject, _In_ ULONG Action);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
NTSTATUS
IoWMIWriteEvent(_Inout_ PVOID WnodeEventItem);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTKERNELAPI
NTSTATUS
IoWMIAllocateInstanceIds(_In_ GUID *Guid, _In_ ULONG InstanceCount,
			 _Out_ ULONG *FirstInstanceId);

/* The ProviderId of a device object's WNODE_HEADER (its low 32 bits) */
_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
ULONG
IoWMIDeviceObjectToProviderId(_In_ PDEVICE_OBJECT DeviceObject);

#endif /* _WDM_WMI_H_ */
