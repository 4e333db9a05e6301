/* SPDX-License-Identifier: GPL-2.0 */
/*
 * registry.h - the configuration registry: ZwOpenKey, ZwCreateKey,
 * ZwQueryValueKey, ZwEnumerateValueKey, ZwSetValueKey, ZwDeleteValueKey,
 * ZwDeleteKey, ZwEnumerateKey, ZwQueryKey, RtlWriteRegistryValue...
 * (ZwClose closes the handles, <wdm/sync.h>), RtlQueryRegistryValues and
 * IoOpenDeviceRegistryKey
 *
 * The registry is an in-memory tree of keys that lives as long as
 * wdmdma.ko (wdmdma/rt/registry.c): a port's glue declares the values the
 * driver's INF would have installed, an administrator sets and reads them
 * through debugfs (wdmdma/registry), see README "Where settings live".
 */
#ifndef _WDM_REGISTRY_H_
#define _WDM_REGISTRY_H_

#include <wdm/ntdef.h>
#include <wdm/access.h>
#include <wdm/io.h>

/* Value types */
#define REG_NONE			0
#define REG_SZ				1
#define REG_EXPAND_SZ			2
#define REG_BINARY			3
#define REG_DWORD			4
#define REG_DWORD_LITTLE_ENDIAN		4
#define REG_DWORD_BIG_ENDIAN		5
#define REG_LINK			6
#define REG_MULTI_SZ			7
#define REG_RESOURCE_LIST		8
#define REG_FULL_RESOURCE_DESCRIPTOR	9
#define REG_RESOURCE_REQUIREMENTS_LIST	10
#define REG_QWORD			11
#define REG_QWORD_LITTLE_ENDIAN		11

/* Access to a key */
#define KEY_QUERY_VALUE		0x0001
#define KEY_SET_VALUE		0x0002
#define KEY_CREATE_SUB_KEY	0x0004
#define KEY_ENUMERATE_SUB_KEYS	0x0008
#define KEY_NOTIFY		0x0010
#define KEY_CREATE_LINK		0x0020
#define KEY_WOW64_32KEY		0x0200
#define KEY_WOW64_64KEY		0x0100
#define KEY_WOW64_RES		0x0300
#define KEY_READ		((STANDARD_RIGHTS_READ | KEY_QUERY_VALUE | \
				  KEY_ENUMERATE_SUB_KEYS | KEY_NOTIFY) & ~SYNCHRONIZE)
#define KEY_WRITE		((STANDARD_RIGHTS_WRITE | KEY_SET_VALUE | \
				  KEY_CREATE_SUB_KEY) & ~SYNCHRONIZE)
#define KEY_EXECUTE		(KEY_READ & ~SYNCHRONIZE)
#define KEY_ALL_ACCESS		((STANDARD_RIGHTS_ALL | KEY_QUERY_VALUE | KEY_SET_VALUE | \
				  KEY_CREATE_SUB_KEY | KEY_ENUMERATE_SUB_KEYS | KEY_NOTIFY | \
				  KEY_CREATE_LINK) & ~SYNCHRONIZE)

/* ZwCreateKey's CreateOptions and Disposition */
#define REG_OPTION_RESERVED		0x00000000L
#define REG_OPTION_NON_VOLATILE		0x00000000L
#define REG_OPTION_VOLATILE		0x00000001L
#define REG_OPTION_CREATE_LINK		0x00000002L
#define REG_OPTION_BACKUP_RESTORE	0x00000004L
#define REG_OPTION_OPEN_LINK		0x00000008L
#define REG_LEGAL_OPTION		0x0000000FL
#define REG_CREATED_NEW_KEY		0x00000001L
#define REG_OPENED_EXISTING_KEY		0x00000002L

typedef enum _KEY_VALUE_INFORMATION_CLASS {
	KeyValueBasicInformation,
	KeyValueFullInformation,
	KeyValuePartialInformation,
	KeyValueFullInformationAlign64,
	KeyValuePartialInformationAlign64,
	KeyValueLayerInformation,
	MaxKeyValueInfoClass
} KEY_VALUE_INFORMATION_CLASS;

typedef struct _KEY_VALUE_BASIC_INFORMATION {
	ULONG TitleIndex;
	ULONG Type;
	ULONG NameLength;
	WCHAR Name[1];
} KEY_VALUE_BASIC_INFORMATION, *PKEY_VALUE_BASIC_INFORMATION;

typedef struct _KEY_VALUE_FULL_INFORMATION {
	ULONG TitleIndex;
	ULONG Type;
	ULONG DataOffset;
	ULONG DataLength;
	ULONG NameLength;
	WCHAR Name[1];
} KEY_VALUE_FULL_INFORMATION, *PKEY_VALUE_FULL_INFORMATION;

typedef struct _KEY_VALUE_PARTIAL_INFORMATION {
	ULONG TitleIndex;
	ULONG Type;
	ULONG DataLength;
	UCHAR Data[1];
} KEY_VALUE_PARTIAL_INFORMATION, *PKEY_VALUE_PARTIAL_INFORMATION;

WDM_STATIC_ASSERT(offsetof(KEY_VALUE_BASIC_INFORMATION, Name) == 12);
WDM_STATIC_ASSERT(sizeof(KEY_VALUE_BASIC_INFORMATION) == 16);
WDM_STATIC_ASSERT(offsetof(KEY_VALUE_FULL_INFORMATION, DataOffset) == 8);
WDM_STATIC_ASSERT(offsetof(KEY_VALUE_FULL_INFORMATION, Name) == 20);
WDM_STATIC_ASSERT(sizeof(KEY_VALUE_FULL_INFORMATION) == 24);
WDM_STATIC_ASSERT(offsetof(KEY_VALUE_PARTIAL_INFORMATION, Data) == 12);
WDM_STATIC_ASSERT(sizeof(KEY_VALUE_PARTIAL_INFORMATION) == 16);

/* ZwQueryKey, ZwEnumerateKey: what to return of a key */
typedef enum _KEY_INFORMATION_CLASS {
	KeyBasicInformation,
	KeyNodeInformation,
	KeyFullInformation,
	KeyNameInformation,
	KeyCachedInformation,
	KeyFlagsInformation,
	KeyVirtualizationInformation,
	KeyHandleTagsInformation,
	KeyTrustInformation,
	KeyLayerInformation,
	MaxKeyInfoClass
} KEY_INFORMATION_CLASS;

typedef struct _KEY_BASIC_INFORMATION {
	LARGE_INTEGER LastWriteTime;
	ULONG TitleIndex;
	ULONG NameLength;
	WCHAR Name[1];
} KEY_BASIC_INFORMATION, *PKEY_BASIC_INFORMATION;

typedef struct _KEY_NODE_INFORMATION {
	LARGE_INTEGER LastWriteTime;
	ULONG TitleIndex;
	ULONG ClassOffset;
	ULONG ClassLength;
	ULONG NameLength;
	WCHAR Name[1];
} KEY_NODE_INFORMATION, *PKEY_NODE_INFORMATION;

typedef struct _KEY_FULL_INFORMATION {
	LARGE_INTEGER LastWriteTime;
	ULONG TitleIndex;
	ULONG ClassOffset;
	ULONG ClassLength;
	ULONG SubKeys;
	ULONG MaxNameLen;
	ULONG MaxClassLen;
	ULONG Values;
	ULONG MaxValueNameLen;
	ULONG MaxValueDataLen;
	WCHAR Class[1];
} KEY_FULL_INFORMATION, *PKEY_FULL_INFORMATION;

typedef struct _KEY_NAME_INFORMATION {
	ULONG NameLength;
	WCHAR Name[1];
} KEY_NAME_INFORMATION, *PKEY_NAME_INFORMATION;

WDM_STATIC_ASSERT(offsetof(KEY_BASIC_INFORMATION, NameLength) == 12);
WDM_STATIC_ASSERT(offsetof(KEY_BASIC_INFORMATION, Name) == 16);
WDM_STATIC_ASSERT(offsetof(KEY_NODE_INFORMATION, NameLength) == 20);
WDM_STATIC_ASSERT(offsetof(KEY_NODE_INFORMATION, Name) == 24);
WDM_STATIC_ASSERT(offsetof(KEY_FULL_INFORMATION, SubKeys) == 20);
WDM_STATIC_ASSERT(offsetof(KEY_FULL_INFORMATION, MaxValueDataLen) == 40);
WDM_STATIC_ASSERT(offsetof(KEY_FULL_INFORMATION, Class) == 44);
WDM_STATIC_ASSERT(offsetof(KEY_NAME_INFORMATION, Name) == 4);

/* RtlQueryRegistryValues: RelativeTo */
#define RTL_REGISTRY_ABSOLUTE		0
#define RTL_REGISTRY_SERVICES		1
#define RTL_REGISTRY_CONTROL		2
#define RTL_REGISTRY_WINDOWS_NT		3
#define RTL_REGISTRY_DEVICEMAP		4
#define RTL_REGISTRY_USER		5
#define RTL_REGISTRY_MAXIMUM		6
#define RTL_REGISTRY_HANDLE		0x40000000
#define RTL_REGISTRY_OPTIONAL		0x80000000

/* RtlQueryRegistryValues: a table entry's Flags */
#define RTL_QUERY_REGISTRY_SUBKEY	0x00000001
#define RTL_QUERY_REGISTRY_TOPKEY	0x00000002
#define RTL_QUERY_REGISTRY_REQUIRED	0x00000004
#define RTL_QUERY_REGISTRY_NOVALUE	0x00000008
#define RTL_QUERY_REGISTRY_NOEXPAND	0x00000010
#define RTL_QUERY_REGISTRY_DIRECT	0x00000020
#define RTL_QUERY_REGISTRY_DELETE	0x00000040
#define RTL_QUERY_REGISTRY_NOSTRING	0x00000080
#define RTL_QUERY_REGISTRY_TYPECHECK	0x00000100
#define RTL_QUERY_REGISTRY_TYPECHECK_SHIFT	24
#define RTL_QUERY_REGISTRY_TYPECHECK_MASK	(0xff << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT)

typedef NTSTATUS NTAPI RTL_QUERY_REGISTRY_ROUTINE(_In_z_ PWSTR ValueName,
						  _In_ ULONG ValueType,
						  _In_reads_bytes_opt_(ValueLength) PVOID ValueData,
						  _In_ ULONG ValueLength,
						  _In_opt_ PVOID Context,
						  _In_opt_ PVOID EntryContext);
typedef RTL_QUERY_REGISTRY_ROUTINE *PRTL_QUERY_REGISTRY_ROUTINE;

typedef struct _RTL_QUERY_REGISTRY_TABLE {
	PRTL_QUERY_REGISTRY_ROUTINE QueryRoutine;
	ULONG Flags;
	PWSTR Name;
	PVOID EntryContext;
	ULONG DefaultType;
	PVOID DefaultData;
	ULONG DefaultLength;
} RTL_QUERY_REGISTRY_TABLE, *PRTL_QUERY_REGISTRY_TABLE;

WDM_STATIC_ASSERT(offsetof(RTL_QUERY_REGISTRY_TABLE, Flags) == 8);
WDM_STATIC_ASSERT(offsetof(RTL_QUERY_REGISTRY_TABLE, Name) == 16);
WDM_STATIC_ASSERT(offsetof(RTL_QUERY_REGISTRY_TABLE, EntryContext) == 24);
WDM_STATIC_ASSERT(offsetof(RTL_QUERY_REGISTRY_TABLE, DefaultType) == 32);
WDM_STATIC_ASSERT(offsetof(RTL_QUERY_REGISTRY_TABLE, DefaultData) == 40);
WDM_STATIC_ASSERT(offsetof(RTL_QUERY_REGISTRY_TABLE, DefaultLength) == 48);
WDM_STATIC_ASSERT(sizeof(RTL_QUERY_REGISTRY_TABLE) == 56);

/* IoOpenDeviceRegistryKey: which key of a device */
#define PLUGPLAY_REGKEY_DEVICE			1
#define PLUGPLAY_REGKEY_DRIVER			2
#define PLUGPLAY_REGKEY_CURRENT_HWPROFILE	4

/* Keys and values (wdmdma/rt/registry.c); all at PASSIVE_LEVEL */
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI
ZwOpenKey(_Out_ PHANDLE KeyHandle, _In_ ACCESS_MASK DesiredAccess,
	  _In_ POBJECT_ATTRIBUTES ObjectAttributes);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI
ZwCreateKey(_Out_ PHANDLE KeyHandle, _In_ ACCESS_MASK DesiredAccess,
	    _In_ POBJECT_ATTRIBUTES ObjectAttributes, _Reserved_ ULONG TitleIndex,
	    _In_opt_ PUNICODE_STRING Class, _In_ ULONG CreateOptions,
	    _Out_opt_ PULONG Disposition);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI
ZwQueryValueKey(_In_ HANDLE KeyHandle, _In_ PUNICODE_STRING ValueName,
		_In_ KEY_VALUE_INFORMATION_CLASS KeyValueInformationClass,
		_Out_writes_bytes_opt_(Length) PVOID KeyValueInformation,
		_In_ ULONG Length, _Out_ PULONG ResultLength);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI
ZwEnumerateValueKey(_In_ HANDLE KeyHandle, _In_ ULONG Index,
		    _In_ KEY_VALUE_INFORMATION_CLASS KeyValueInformationClass,
		    _Out_writes_bytes_opt_(Length) PVOID KeyValueInformation,
		    _In_ ULONG Length, _Out_ PULONG ResultLength);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI
ZwSetValueKey(_In_ HANDLE KeyHandle, _In_ PUNICODE_STRING ValueName,
	      _In_opt_ ULONG TitleIndex, _In_ ULONG Type,
	      _In_reads_bytes_opt_(DataSize) PVOID Data, _In_ ULONG DataSize);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI
ZwDeleteValueKey(_In_ HANDLE KeyHandle, _In_ PUNICODE_STRING ValueName);

/* Keys themselves, and the Rtl write routines (wdmdma/rt/regkey.c) */
_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI
ZwDeleteKey(_In_ HANDLE KeyHandle);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI
ZwEnumerateKey(_In_ HANDLE KeyHandle, _In_ ULONG Index,
	       _In_ KEY_INFORMATION_CLASS KeyInformationClass,
	       _Out_writes_bytes_opt_(Length) PVOID KeyInformation,
	       _In_ ULONG Length, _Out_ PULONG ResultLength);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI
ZwQueryKey(_In_ HANDLE KeyHandle, _In_ KEY_INFORMATION_CLASS KeyInformationClass,
	   _Out_writes_bytes_opt_(Length) PVOID KeyInformation,
	   _In_ ULONG Length, _Out_ PULONG ResultLength);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI
RtlWriteRegistryValue(_In_ ULONG RelativeTo, _In_ PCWSTR Path, _In_z_ PCWSTR ValueName,
		      _In_ ULONG ValueType, _In_reads_bytes_opt_(ValueLength) PVOID ValueData,
		      _In_ ULONG ValueLength);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI
RtlDeleteRegistryValue(_In_ ULONG RelativeTo, _In_ PCWSTR Path, _In_z_ PCWSTR ValueName);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI
RtlCheckRegistryKey(_In_ ULONG RelativeTo, _In_ PWSTR Path);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI
RtlCreateRegistryKey(_In_ ULONG RelativeTo, _In_ PWSTR Path);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTSYSAPI NTSTATUS NTAPI
RtlQueryRegistryValues(_In_ ULONG RelativeTo, _In_ PCWSTR Path,
		       _Inout_ PRTL_QUERY_REGISTRY_TABLE QueryTable,
		       _In_opt_ PVOID Context, _In_opt_ PVOID Environment);

_IRQL_requires_max_(PASSIVE_LEVEL)
NTKERNELAPI NTSTATUS
IoOpenDeviceRegistryKey(_In_ PDEVICE_OBJECT DeviceObject, _In_ ULONG DevInstKeyType,
			_In_ ACCESS_MASK DesiredAccess, _Out_ PHANDLE DeviceRegKey);

#endif /* _WDM_REGISTRY_H_ */
