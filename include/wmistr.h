/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wmistr.h - the WMI data structures a driver and WMI exchange: the
 * WNODE_* blocks of IRP_MJ_SYSTEM_CONTROL requests and events, and the
 * WMIREGINFO a driver returns for IRP_MN_REGINFO(_EX).  x64 layouts as
 * documented (offsets asserted below).
 *
 * <wdm.h> includes it, as the WDK's does; a driver may include it alone.
 */
#ifndef _WMISTR_H_
#define _WMISTR_H_

#include <wdm/ntdef.h>
#include <guiddef.h>

/* Every WNODE starts with this header. */
typedef struct _WNODE_HEADER {
	ULONG BufferSize;		/* bytes of the whole WNODE */
	ULONG ProviderId;
	union {
		ULONG64 HistoricalContext;
		struct {
			ULONG Version;
			ULONG Linkage;
		};
	};
	union {
		ULONG CountLost;
		HANDLE KernelHandle;
		LARGE_INTEGER TimeStamp;
	};
	GUID Guid;
	ULONG ClientContext;
	ULONG Flags;
} WNODE_HEADER, *PWNODE_HEADER;

/* WNODE_HEADER.Flags */
#define WNODE_FLAG_ALL_DATA		0x00000001
#define WNODE_FLAG_SINGLE_INSTANCE	0x00000002
#define WNODE_FLAG_SINGLE_ITEM		0x00000004
#define WNODE_FLAG_EVENT_ITEM		0x00000008
#define WNODE_FLAG_FIXED_INSTANCE_SIZE	0x00000010
#define WNODE_FLAG_TOO_SMALL		0x00000020
#define WNODE_FLAG_INSTANCES_SAME	0x00000040
#define WNODE_FLAG_STATIC_INSTANCE_NAMES 0x00000080
#define WNODE_FLAG_INTERNAL		0x00000100
#define WNODE_FLAG_USE_TIMESTAMP	0x00000200
#define WNODE_FLAG_PERSIST_EVENT	0x00000400
#define WNODE_FLAG_EVENT_REFERENCE	0x00002000
#define WNODE_FLAG_ANSI_INSTANCENAMES	0x00004000
#define WNODE_FLAG_METHOD_ITEM		0x00008000
#define WNODE_FLAG_PDO_INSTANCE_NAMES	0x00010000
#define WNODE_FLAG_TRACED_GUID		0x00020000
#define WNODE_FLAG_LOG_WNODE		0x00040000
#define WNODE_FLAG_USE_GUID_PTR		0x00080000
#define WNODE_FLAG_USE_MOF_PTR		0x00100000
#define WNODE_FLAG_NO_HEADER		0x00200000
#define WNODE_FLAG_SEND_DATA_BLOCK	0x00400000
#define WNODE_FLAG_VERSIONED_PROPERTIES	0x00800000
#define WNODE_FLAG_SEVERITY_MASK	0xff000000

typedef struct {
	ULONG OffsetInstanceData;	/* from the start of the WNODE */
	ULONG LengthInstanceData;
} OFFSETINSTANCEDATAANDLENGTH, *POFFSETINSTANCEDATAANDLENGTH;

/* IRP_MN_QUERY_ALL_DATA: every instance of a data block */
typedef struct tagWNODE_ALL_DATA {
	struct _WNODE_HEADER WnodeHeader;
	ULONG DataBlockOffset;
	ULONG InstanceCount;
	ULONG OffsetInstanceNameOffsets;
	union {
		ULONG FixedInstanceSize;	/* with WNODE_FLAG_FIXED_INSTANCE_SIZE */
		struct {
			struct { } _WnodeEmpty;
			OFFSETINSTANCEDATAANDLENGTH OffsetInstanceDataAndLength[];
		};
	};
} WNODE_ALL_DATA, *PWNODE_ALL_DATA;

/* IRP_MN_QUERY_SINGLE_INSTANCE, IRP_MN_CHANGE_SINGLE_INSTANCE; events */
typedef struct tagWNODE_SINGLE_INSTANCE {
	struct _WNODE_HEADER WnodeHeader;
	ULONG OffsetInstanceName;
	ULONG InstanceIndex;
	ULONG DataBlockOffset;
	ULONG SizeDataBlock;
	UCHAR VariableData[];
} WNODE_SINGLE_INSTANCE, *PWNODE_SINGLE_INSTANCE;

/* IRP_MN_CHANGE_SINGLE_ITEM */
typedef struct tagWNODE_SINGLE_ITEM {
	struct _WNODE_HEADER WnodeHeader;
	ULONG OffsetInstanceName;
	ULONG InstanceIndex;
	ULONG ItemId;
	ULONG DataBlockOffset;
	ULONG SizeDataItem;
	UCHAR VariableData[];
} WNODE_SINGLE_ITEM, *PWNODE_SINGLE_ITEM;

/* IRP_MN_EXECUTE_METHOD: input, then output, at DataBlockOffset */
typedef struct tagWNODE_METHOD_ITEM {
	struct _WNODE_HEADER WnodeHeader;
	ULONG OffsetInstanceName;
	ULONG InstanceIndex;
	ULONG MethodId;
	ULONG DataBlockOffset;
	ULONG SizeDataBlock;
	UCHAR VariableData[];
} WNODE_METHOD_ITEM, *PWNODE_METHOD_ITEM;

typedef struct tagWNODE_EVENT_ITEM {
	struct _WNODE_HEADER WnodeHeader;
} WNODE_EVENT_ITEM, *PWNODE_EVENT_ITEM;

typedef struct tagWNODE_EVENT_REFERENCE {
	struct _WNODE_HEADER WnodeHeader;
	GUID TargetGuid;
	ULONG TargetDataBlockSize;
	union {
		ULONG TargetInstanceIndex;
		struct {
			struct { } _WnodeEmpty;
			WCHAR TargetInstanceName[];
		};
	};
} WNODE_EVENT_REFERENCE, *PWNODE_EVENT_REFERENCE;

/* The answer to a request whose buffer was too small */
typedef struct tagWNODE_TOO_SMALL {
	struct _WNODE_HEADER WnodeHeader;
	ULONG SizeNeeded;		/* bytes the whole answer needs */
} WNODE_TOO_SMALL, *PWNODE_TOO_SMALL;

/* One data or event block a driver registers (IRP_MN_REGINFO(_EX)) */
typedef struct {
	GUID Guid;
	ULONG Flags;			/* WMIREG_FLAG_* */
	ULONG InstanceCount;
	union {
		ULONG InstanceNameList;	/* WMIREG_FLAG_INSTANCE_LIST */
		ULONG BaseNameOffset;	/* WMIREG_FLAG_INSTANCE_BASENAME */
		ULONG_PTR Pdo;		/* WMIREG_FLAG_INSTANCE_PDO */
		ULONG_PTR InstanceInfo;
	};
} WMIREGGUIDW, *PWMIREGGUIDW;
typedef WMIREGGUIDW WMIREGGUID, *PWMIREGGUID;

/* WMIREGGUID.Flags */
#define WMIREG_FLAG_EXPENSIVE		0x00000001
#define WMIREG_FLAG_INSTANCE_LIST	0x00000004
#define WMIREG_FLAG_INSTANCE_BASENAME	0x00000008
#define WMIREG_FLAG_INSTANCE_PDO	0x00000020
#define WMIREG_FLAG_EVENT_ONLY_GUID	0x00000040
#define WMIREG_FLAG_TRACE_CONTROL_GUID	0x00001000
#define WMIREG_FLAG_REMOVE_GUID		0x00010000
#define WMIREG_FLAG_RESERVED1		0x00020000
#define WMIREG_FLAG_RESERVED2		0x00040000
#define WMIREG_FLAG_TRACED_GUID		0x00080000

/*
 * A driver's registration: RegistryPath and MofResourceName are offsets
 * from the start of this structure to counted strings (a USHORT of bytes,
 * then the WCHARs).
 */
typedef struct {
	ULONG BufferSize;
	ULONG NextWmiRegInfo;
	ULONG RegistryPath;
	ULONG MofResourceName;
	ULONG GuidCount;
	WMIREGGUIDW WmiRegGuid[];
} WMIREGINFOW, *PWMIREGINFOW;
typedef WMIREGINFOW WMIREGINFO, *PWMIREGINFO;

/* IRP_MN_REGINFO(_EX): Parameters.WMI.DataPath */
#define WMIREGISTER	0
#define WMIUPDATE	1

typedef enum {
	WMI_GET_ALL_DATA = 0,
	WMI_GET_SINGLE_INSTANCE = 1,
	WMI_SET_SINGLE_INSTANCE = 2,
	WMI_SET_SINGLE_ITEM = 3,
	WMI_ENABLE_EVENTS = 4,
	WMI_DISABLE_EVENTS = 5,
	WMI_ENABLE_COLLECTION = 6,
	WMI_DISABLE_COLLECTION = 7,
	WMI_REGINFO = 8,
	WMI_EXECUTE_METHOD = 9,
	WMI_CAPTURE_STATE = 10
} WMIDPREQUESTCODE;

/* The GUID types of WMI's registration */
#define WMI_GUIDTYPE_TRACECONTROL	0
#define WMI_GUIDTYPE_TRACE		1
#define WMI_GUIDTYPE_DATA		2
#define WMI_GUIDTYPE_EVENT		3

#ifdef CONFIG_X86_64
WDM_STATIC_ASSERT(sizeof(WNODE_HEADER) == 0x30);
WDM_STATIC_ASSERT(FIELD_OFFSET(WNODE_HEADER, TimeStamp) == 0x10);
WDM_STATIC_ASSERT(FIELD_OFFSET(WNODE_HEADER, Guid) == 0x18);
WDM_STATIC_ASSERT(FIELD_OFFSET(WNODE_HEADER, Flags) == 0x2c);
WDM_STATIC_ASSERT(sizeof(WNODE_ALL_DATA) == 0x40);
WDM_STATIC_ASSERT(FIELD_OFFSET(WNODE_ALL_DATA, OffsetInstanceDataAndLength) == 0x3c);
WDM_STATIC_ASSERT(sizeof(WNODE_SINGLE_INSTANCE) == 0x40);
WDM_STATIC_ASSERT(FIELD_OFFSET(WNODE_SINGLE_INSTANCE, SizeDataBlock) == 0x3c);
WDM_STATIC_ASSERT(sizeof(WNODE_SINGLE_ITEM) == 0x48);
WDM_STATIC_ASSERT(sizeof(WNODE_METHOD_ITEM) == 0x48);
WDM_STATIC_ASSERT(sizeof(WNODE_TOO_SMALL) == 0x38);
WDM_STATIC_ASSERT(FIELD_OFFSET(WNODE_TOO_SMALL, SizeNeeded) == 0x30);
WDM_STATIC_ASSERT(FIELD_OFFSET(WNODE_METHOD_ITEM, SizeDataBlock) == 0x40);
WDM_STATIC_ASSERT(sizeof(WNODE_EVENT_ITEM) == 0x30);
WDM_STATIC_ASSERT(FIELD_OFFSET(WNODE_EVENT_REFERENCE, TargetInstanceIndex) == 0x44);
WDM_STATIC_ASSERT(sizeof(WMIREGGUIDW) == 0x20);
WDM_STATIC_ASSERT(FIELD_OFFSET(WMIREGGUIDW, Pdo) == 0x18);
WDM_STATIC_ASSERT(FIELD_OFFSET(WMIREGINFOW, WmiRegGuid) == 0x18);
WDM_STATIC_ASSERT(sizeof(WMIREGINFOW) == 0x18);
#endif

#endif /* _WMISTR_H_ */
