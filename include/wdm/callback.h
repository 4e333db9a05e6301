/* SPDX-License-Identifier: GPL-2.0 */
/*
 * callback.h - callback objects: ExCreateCallback, ExRegisterCallback,
 * ExUnregisterCallback, ExNotifyCallback
 *
 * A driver's own named callback objects work as on Windows.  The system's
 * \Callback\PowerState is notified from Linux's PM notifier (around system
 * sleep); \Callback\SetSystemTime, \Callback\ProcessorAdd and the other
 * documented system objects open and accept registrations but never fire
 * (no Linux event a module can hook; see README).
 */
#ifndef _WDM_CALLBACK_H_
#define _WDM_CALLBACK_H_

#include <wdm/ntdef.h>
#include <wdm/ex.h>

/* A callback object (opaque); ObDereferenceObject drops a reference */
typedef struct _CALLBACK_OBJECT *PCALLBACK_OBJECT;

/* \Callback\PowerState: Argument1 says what changed */
#define PO_CB_SYSTEM_POWER_POLICY	0
#define PO_CB_AC_STATUS			1
#define PO_CB_BUTTON_COLLISION		2
#define PO_CB_SYSTEM_STATE_LOCK		3
#define PO_CB_LID_SWITCH_STATE		4
#define PO_CB_PROCESSOR_POWER_POLICY	5

/* Callback objects (wdmdma/rt/callback.c) */
_IRQL_requires_max_(PASSIVE_LEVEL)
NTKERNELAPI
NTSTATUS
ExCreateCallback(_Outptr_ PCALLBACK_OBJECT *CallbackObject,
		 _In_ POBJECT_ATTRIBUTES ObjectAttributes,
		 _In_ BOOLEAN Create,
		 _In_ BOOLEAN AllowMultipleCallbacks);

_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI
PVOID
ExRegisterCallback(_Inout_ PCALLBACK_OBJECT CallbackObject,
		   _In_ PCALLBACK_FUNCTION CallbackFunction,
		   _In_opt_ PVOID CallbackContext);

_IRQL_requires_max_(APC_LEVEL)
NTKERNELAPI
VOID
ExUnregisterCallback(_Inout_ PVOID CallbackRegistration);

_IRQL_requires_max_(DISPATCH_LEVEL)
NTKERNELAPI
VOID
ExNotifyCallback(_In_ PVOID CallbackObject,
		 _In_opt_ PVOID Argument1,
		 _In_opt_ PVOID Argument2);

#endif /* _WDM_CALLBACK_H_ */
