/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wmilib.h - the WMI library: a driver describes its data blocks in a
 * WMILIB_CONTEXT and hands every IRP_MJ_SYSTEM_CONTROL request to
 * WmiSystemControl, which calls the context's routines; they finish with
 * WmiCompleteRequest.  x64 layouts as documented.  wdmdma/rt/wmi.c.
 */
#ifndef _WMILIB_H_
#define _WMILIB_H_

#include <wdm.h>

/* One block the driver exposes */
typedef struct {
	LPCGUID Guid;
	ULONG InstanceCount;
	ULONG Flags;			/* WMIREG_FLAG_* */
} WMIGUIDREGINFO, *PWMIGUIDREGINFO;

typedef enum {
	WmiEventControl,		/* IRP_MN_ENABLE_EVENTS, IRP_MN_DISABLE_EVENTS */
	WmiDataBlockControl		/* IRP_MN_ENABLE/DISABLE_COLLECTION */
} WMIENABLEDISABLECONTROL, *PWMIENABLEDISABLECONTROL;

typedef NTSTATUS WMI_QUERY_REGINFO_CALLBACK(_Inout_ PDEVICE_OBJECT DeviceObject,
					    _Inout_ PULONG RegFlags,
					    _Inout_ PUNICODE_STRING InstanceName,
					    _Outptr_result_maybenull_ PUNICODE_STRING *RegistryPath,
					    _Inout_ PUNICODE_STRING MofResourceName,
					    _Outptr_result_maybenull_ PDEVICE_OBJECT *Pdo);
typedef WMI_QUERY_REGINFO_CALLBACK *PWMI_QUERY_REGINFO;

typedef NTSTATUS WMI_QUERY_DATABLOCK_CALLBACK(_Inout_ PDEVICE_OBJECT DeviceObject,
					      _Inout_ PIRP Irp,
					      _In_ ULONG GuidIndex,
					      _In_ ULONG InstanceIndex,
					      _In_ ULONG InstanceCount,
					      _Out_writes_opt_(InstanceCount)
					      PULONG InstanceLengthArray,
					      _In_ ULONG BufferAvail,
					      _Out_writes_bytes_opt_(BufferAvail) PUCHAR Buffer);
typedef WMI_QUERY_DATABLOCK_CALLBACK *PWMI_QUERY_DATABLOCK;

typedef NTSTATUS WMI_SET_DATABLOCK_CALLBACK(_Inout_ PDEVICE_OBJECT DeviceObject,
					    _Inout_ PIRP Irp,
					    _In_ ULONG GuidIndex,
					    _In_ ULONG InstanceIndex,
					    _In_ ULONG BufferSize,
					    _In_reads_bytes_(BufferSize) PUCHAR Buffer);
typedef WMI_SET_DATABLOCK_CALLBACK *PWMI_SET_DATABLOCK;

typedef NTSTATUS WMI_SET_DATAITEM_CALLBACK(_Inout_ PDEVICE_OBJECT DeviceObject,
					   _Inout_ PIRP Irp,
					   _In_ ULONG GuidIndex,
					   _In_ ULONG InstanceIndex,
					   _In_ ULONG DataItemId,
					   _In_ ULONG BufferSize,
					   _In_reads_bytes_(BufferSize) PUCHAR Buffer);
typedef WMI_SET_DATAITEM_CALLBACK *PWMI_SET_DATAITEM;

typedef NTSTATUS WMI_EXECUTE_METHOD_CALLBACK(_Inout_ PDEVICE_OBJECT DeviceObject,
					     _Inout_ PIRP Irp,
					     _In_ ULONG GuidIndex,
					     _In_ ULONG InstanceIndex,
					     _In_ ULONG MethodId,
					     _In_ ULONG InBufferSize,
					     _In_ ULONG OutBufferSize,
					     _When_(InBufferSize >= OutBufferSize,
						    _Inout_updates_bytes_(InBufferSize))
					     _When_(InBufferSize < OutBufferSize,
						    _Inout_updates_bytes_(OutBufferSize))
					     PUCHAR Buffer);
typedef WMI_EXECUTE_METHOD_CALLBACK *PWMI_EXECUTE_METHOD;

typedef NTSTATUS WMI_FUNCTION_CONTROL_CALLBACK(_Inout_ PDEVICE_OBJECT DeviceObject,
					       _Inout_ PIRP Irp,
					       _In_ ULONG GuidIndex,
					       _In_ WMIENABLEDISABLECONTROL Function,
					       _In_ BOOLEAN Enable);
typedef WMI_FUNCTION_CONTROL_CALLBACK *PWMI_FUNCTION_CONTROL;

typedef struct _WMILIB_CONTEXT {
	ULONG GuidCount;
	PWMIGUIDREGINFO GuidList;
	PWMI_QUERY_REGINFO QueryWmiRegInfo;
	PWMI_QUERY_DATABLOCK QueryWmiDataBlock;
	PWMI_SET_DATABLOCK SetWmiDataBlock;
	PWMI_SET_DATAITEM SetWmiDataItem;
	PWMI_EXECUTE_METHOD ExecuteWmiMethod;
	PWMI_FUNCTION_CONTROL WmiFunctionControl;
} WMILIB_CONTEXT, *PWMILIB_CONTEXT;

/* What WmiSystemControl did with the IRP, and what the driver does next */
typedef enum {
	IrpProcessed,		/* handled (completed, or pending in a callback) */
	IrpNotCompleted,	/* handled, not completed: the driver completes it */
	IrpNotWmi,		/* not a WMI minor: the driver handles or forwards it */
	IrpForward		/* for another device object: forward it down */
} SYSCTL_IRP_DISPOSITION, *PSYSCTL_IRP_DISPOSITION;

_IRQL_requires_max_(DISPATCH_LEVEL)
NTSTATUS
WmiCompleteRequest(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp,
		   _In_ NTSTATUS Status, _In_ ULONG BufferUsed, _In_ CCHAR PriorityBoost);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSTATUS
WmiSystemControl(_In_ PWMILIB_CONTEXT WmiLibInfo, _In_ PDEVICE_OBJECT DeviceObject,
		 _Inout_ PIRP Irp, _Out_ PSYSCTL_IRP_DISPOSITION IrpDisposition);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTSTATUS
WmiFireEvent(_In_ PDEVICE_OBJECT DeviceObject, _In_ LPCGUID Guid, _In_ ULONG InstanceIndex,
	     _In_ ULONG EventDataSize, _In_reads_bytes_opt_(EventDataSize) PVOID EventData);

#ifdef CONFIG_X86_64
WDM_STATIC_ASSERT(sizeof(WMIGUIDREGINFO) == 0x10);
WDM_STATIC_ASSERT(sizeof(WMILIB_CONTEXT) == 0x40);
WDM_STATIC_ASSERT(FIELD_OFFSET(WMILIB_CONTEXT, WmiFunctionControl) == 0x38);
#endif

#endif /* _WMILIB_H_ */
