/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ntdef.h - basic NT types for ported WDM drivers
 *
 * Every NT type is mapped onto a C type of the same width, so structure
 * layouts match what the Windows DDK produces on the same architecture.
 * Windows is LLP64 and Linux is LP64: ULONG and LONG are 32 bits here and
 * must never be C long; only the *_PTR types, SIZE_T and pointers follow the
 * pointer size.  The widths are those of the kernel's u8...u64, so a glue
 * file mixes the two freely.
 *
 * No header under include/wdm includes a Linux one: a driver's file that
 * includes <wdm.h> sees the WDK's names and nothing of Linux (README,
 * "Porting rules").  What a WDK structure holds of a Linux object is opaque
 * storage sized by <generated/wdm_sizes.h> (wdmdma/rt/sizes.c).
 */
#ifndef _WDM_NTDEF_H_
#define _WDM_NTDEF_H_

#include <generated/wdm_sizes.h>

#include <wdm/crtbase.h>
#include <wdm/sal.h>
#include <wdm/msvc.h>

/* The compiler's 64-bit target, as the WDK's compiler says it */
#if defined(__x86_64__) && !defined(_WIN64)
#define _WIN64		1
#define _AMD64_		1
#elif defined(__i386__) && !defined(_X86_)
#define _X86_		1
#elif defined(__aarch64__) && !defined(_WIN64)
#define _WIN64		1
#define _ARM64_		1
#endif

/* A compile-time check of the headers' own layouts */
#define WDM_STATIC_ASSERT(e)	_Static_assert(e, #e)

/* Calling conventions and declaration decorations: no meaning on Linux */
#define NTAPI
#define NTAPI_INLINE
#define NTSYSAPI
#define NTSYSCALLAPI
#define NTKERNELAPI
#define NTHALAPI
#define FASTCALL
#ifndef __stdcall
#define __stdcall
#endif
#ifndef __cdecl
#define __cdecl
#endif
#ifndef __fastcall
#define __fastcall
#endif
#define DECLSPEC_IMPORT
#define DECLSPEC_EXPORT
#define DECLSPEC_DEPRECATED_DDK
#define DECLSPEC_DEPRECATED_DDK_WINXP
#define DECLSPEC_NOTHROW
#define DECLSPEC_RESTRICT
#define DECLSPEC_NOINLINE	__attribute__((__noinline__))
#define DECLSPEC_NORETURN	__attribute__((__noreturn__))
#ifdef __GENKSYMS__
/* genksyms cannot parse an attribute between struct and its tag */
#define DECLSPEC_ALIGN(x)
#else
#define DECLSPEC_ALIGN(x)	__attribute__((__aligned__(x)))
#endif
#define FORCEINLINE		static inline __attribute__((__always_inline__))
#define PRAGMA_DEPRECATED_DDK	0
#define RESTRICTED_POINTER
#define UNALIGNED
#define POINTER_32
#define POINTER_64
#define FAR
#define NEAR

/* Parameter direction markers of the old DDK style */
#define IN
#define OUT
#define OPTIONAL

#define VOID	void
#define CONST	const

#ifndef TRUE
#define TRUE	1
#endif
#ifndef FALSE
#define FALSE	0
#endif

/*
 * Integer types.  CHAR is plain char so that string literals and PCHAR mix
 * as on Windows; note that kernels built with -funsigned-char (all kernels
 * since 6.2) make it unsigned, where MSVC's char is signed.
 */
typedef char CHAR, *PCHAR, *PSTR, *LPSTR;
typedef const char *PCSTR, *LPCSTR;
typedef char CCHAR, *PCCHAR;
typedef signed char SCHAR, *PSCHAR;
typedef unsigned char UCHAR, *PUCHAR;
typedef short SHORT, *PSHORT;
typedef short CSHORT, *PCSHORT;
typedef unsigned short USHORT, *PUSHORT;
typedef int LONG, *PLONG;
typedef unsigned int ULONG, *PULONG;
typedef int INT, *PINT;
typedef unsigned int UINT, *PUINT;
typedef long long LONGLONG, *PLONGLONG;
typedef unsigned long long ULONGLONG, *PULONGLONG;
typedef long long LONG64, *PLONG64;
typedef unsigned long long ULONG64, *PULONG64;
typedef unsigned int ULONG32, *PULONG32;
typedef int LONG32, *PLONG32;
typedef signed char INT8, *PINT8;
typedef short INT16, *PINT16;
typedef int INT32, *PINT32;
typedef long long INT64, *PINT64;
typedef unsigned char UINT8, *PUINT8;
typedef unsigned short UINT16, *PUINT16;
typedef unsigned int UINT32, *PUINT32;
typedef unsigned long long UINT64, *PUINT64;
typedef long LONG_PTR, *PLONG_PTR;
typedef unsigned long ULONG_PTR, *PULONG_PTR;
typedef long INT_PTR, *PINT_PTR;
typedef unsigned long UINT_PTR, *PUINT_PTR;
typedef ULONG_PTR SIZE_T, *PSIZE_T;
typedef LONG_PTR SSIZE_T, *PSSIZE_T;
typedef ULONG_PTR KAFFINITY, *PKAFFINITY;
typedef ULONG LOGICAL, *PLOGICAL;
typedef unsigned short WCHAR, *PWCHAR, *PWSTR, *LPWSTR;
typedef const WCHAR *PCWSTR, *LPCWSTR;
typedef UCHAR BOOLEAN, *PBOOLEAN;
typedef void *PVOID;
typedef const void *PCVOID;
typedef PVOID HANDLE, *PHANDLE;
typedef LONG NTSTATUS, *PNTSTATUS;

#define MAXUCHAR	0xff
#define MAXUSHORT	0xffff
#define MAXULONG	0xffffffffU
#define MAXLONG		0x7fffffff
#define MINLONG		(-MAXLONG - 1)
#define MAXLONGLONG	((LONGLONG)0x7fffffffffffffffLL)
#define MAXULONGLONG	((ULONGLONG)~(ULONGLONG)0)
#define MAXULONG_PTR	(~(ULONG_PTR)0)
#define ANYSIZE_ARRAY	1

#ifdef CONFIG_64BIT
#define MEMORY_ALLOCATION_ALIGNMENT	16
#else
#define MEMORY_ALLOCATION_ALIGNMENT	8
#endif

/* NTSTATUS classification */
#define NT_SUCCESS(Status)	(((NTSTATUS)(Status)) >= 0)
#define NT_INFORMATION(Status)	((((ULONG)(Status)) >> 30) == 1)
#define NT_WARNING(Status)	((((ULONG)(Status)) >> 30) == 2)
#define NT_ERROR(Status)	((((ULONG)(Status)) >> 30) == 3)

/* 64-bit integers with 32-bit halves */
typedef union _LARGE_INTEGER {
	struct {
		ULONG LowPart;
		LONG HighPart;
	};
	struct {
		ULONG LowPart;
		LONG HighPart;
	} u;
	LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef union _ULARGE_INTEGER {
	struct {
		ULONG LowPart;
		ULONG HighPart;
	};
	struct {
		ULONG LowPart;
		ULONG HighPart;
	} u;
	ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;

typedef LARGE_INTEGER PHYSICAL_ADDRESS, *PPHYSICAL_ADDRESS;

/* Doubly and singly linked list heads/entries */
typedef struct _LIST_ENTRY {
	struct _LIST_ENTRY *Flink;
	struct _LIST_ENTRY *Blink;
} LIST_ENTRY, *PLIST_ENTRY, *PRLIST_ENTRY;

typedef struct _SINGLE_LIST_ENTRY {
	struct _SINGLE_LIST_ENTRY *Next;
} SINGLE_LIST_ENTRY, *PSINGLE_LIST_ENTRY;

/* Counted strings; Length and MaximumLength are in bytes */
typedef struct _UNICODE_STRING {
	USHORT Length;
	USHORT MaximumLength;
	PWSTR Buffer;
} UNICODE_STRING, *PUNICODE_STRING;
typedef const UNICODE_STRING *PCUNICODE_STRING;

typedef struct _STRING {
	USHORT Length;
	USHORT MaximumLength;
	PCHAR Buffer;
} STRING, *PSTRING, ANSI_STRING, *PANSI_STRING;
typedef const STRING *PCSTRING;
typedef const ANSI_STRING *PCANSI_STRING;

/* String terminators and the limits of a counted string */
#define UNICODE_NULL			((WCHAR)0)
#define ANSI_NULL			((CHAR)0)
#define UNICODE_STRING_MAX_BYTES	((USHORT)65534)
#define UNICODE_STRING_MAX_CHARS	(32767)

/*
 * Wide literals (L"...") must be WCHAR strings: the kernel builds with
 * -fshort-wchar, which makes wchar_t 16 bits as on Windows.
 */
WDM_STATIC_ASSERT(sizeof(L""[0]) == sizeof(WCHAR));
WDM_STATIC_ASSERT(__builtin_types_compatible_p(__typeof__(L""[0]), WCHAR));

/*
 * Pointer and integer casts (basetsd.h): ULONG and LONG are 32 bits, so a
 * pointer made from a LONG is sign-extended, from a ULONG zero-extended,
 * and a pointer made into either is truncated to its low 32 bits.
 */
#define PtrToUlong(p)		((ULONG)(ULONG_PTR)(p))
#define PtrToLong(p)		((LONG)(LONG_PTR)(p))
#define PtrToUint(p)		((UINT)(UINT_PTR)(p))
#define PtrToInt(p)		((INT)(INT_PTR)(p))
#define PtrToUshort(p)		((USHORT)(ULONG_PTR)(p))
#define PtrToShort(p)		((SHORT)(LONG_PTR)(p))
#define PtrToUlong64(p)		((ULONG64)(ULONG_PTR)(p))
#define UlongToPtr(ul)		((PVOID)(ULONG_PTR)(ULONG)(ul))
#define ULongToPtr(ul)		UlongToPtr(ul)
#define LongToPtr(l)		((PVOID)(LONG_PTR)(LONG)(l))
#define UIntToPtr(ui)		((PVOID)(UINT_PTR)(UINT)(ui))
#define UintToPtr(ui)		UIntToPtr(ui)
#define IntToPtr(i)		((PVOID)(INT_PTR)(INT)(i))
#define Ptr64ToPtr(p)		((PVOID)(p))
#define PtrToPtr64(p)		((PVOID)(p))
#define Ptr32ToPtr(p)		((PVOID)(ULONG_PTR)(p))
#define HandleToUlong(h)	((ULONG)(ULONG_PTR)(h))
#define HandleToULong(h)	HandleToUlong(h)
#define HandleToLong(h)		((LONG)(LONG_PTR)(h))
#define UlongToHandle(ul)	((HANDLE)(ULONG_PTR)(ULONG)(ul))
#define ULongToHandle(ul)	UlongToHandle(ul)
#define LongToHandle(l)		((HANDLE)(LONG_PTR)(LONG)(l))

/* Object attributes (ZwCreateFile, PsCreateSystemThread, ...) */
#define OBJ_INHERIT				0x00000002L
#define OBJ_PERMANENT				0x00000010L
#define OBJ_EXCLUSIVE				0x00000020L
#define OBJ_CASE_INSENSITIVE			0x00000040L
#define OBJ_OPENIF				0x00000080L
#define OBJ_OPENLINK				0x00000100L
#define OBJ_KERNEL_HANDLE			0x00000200L
#define OBJ_FORCE_ACCESS_CHECK			0x00000400L
#define OBJ_IGNORE_IMPERSONATED_DEVICEMAP	0x00000800L
#define OBJ_DONT_REPARSE			0x00001000L
#define OBJ_VALID_ATTRIBUTES			0x00001FF2L

typedef struct _OBJECT_ATTRIBUTES {
	ULONG Length;
	HANDLE RootDirectory;
	PUNICODE_STRING ObjectName;
	ULONG Attributes;
	PVOID SecurityDescriptor;
	PVOID SecurityQualityOfService;
} OBJECT_ATTRIBUTES, *POBJECT_ATTRIBUTES;
typedef const OBJECT_ATTRIBUTES *PCOBJECT_ATTRIBUTES;

#define InitializeObjectAttributes(p, n, a, r, s) do {		\
		(p)->Length = sizeof(OBJECT_ATTRIBUTES);	\
		(p)->RootDirectory = (r);			\
		(p)->Attributes = (a);				\
		(p)->ObjectName = (n);				\
		(p)->SecurityDescriptor = (s);			\
		(p)->SecurityQualityOfService = NULL;		\
	} while (0)

#define RTL_INIT_OBJECT_ATTRIBUTES(n, a) \
	{ sizeof(OBJECT_ATTRIBUTES), NULL, (n), (a), NULL, NULL }

/* Final status of an I/O request */
typedef struct _IO_STATUS_BLOCK {
	union {
		NTSTATUS Status;
		PVOID Pointer;
	};
	ULONG_PTR Information;
} IO_STATUS_BLOCK, *PIO_STATUS_BLOCK;

/* Structure and array helpers */
#define FIELD_OFFSET(type, field)	((LONG)offsetof(type, field))
#define UFIELD_OFFSET(type, field)	((ULONG)offsetof(type, field))
#define RTL_FIELD_SIZE(type, field)	(sizeof(((type *)0)->field))
#define RTL_SIZEOF_THROUGH_FIELD(type, field) \
	(offsetof(type, field) + RTL_FIELD_SIZE(type, field))
#define RTL_NUMBER_OF_V1(array)		(sizeof(array) / sizeof((array)[0]))
#define RTL_NUMBER_OF_V2(array)		RTL_NUMBER_OF_V1(array)
#define RTL_NUMBER_OF(array)		RTL_NUMBER_OF_V1(array)
#define ARRAYSIZE(array)		RTL_NUMBER_OF_V2(array)
#define CONTAINING_RECORD(address, type, field) \
	((type *)((char *)(address) - offsetof(type, field)))

#define UNREFERENCED_PARAMETER(P)		((void)(P))
#define DBG_UNREFERENCED_PARAMETER(P)		((void)(P))
#define DBG_UNREFERENCED_LOCAL_VARIABLE(V)	((void)(V))

/*
 * The page, and arithmetic on virtual addresses and byte counts.  A glue
 * file that included <asm/page.h> first keeps the kernel's PAGE_SIZE and
 * PAGE_SHIFT (the same values).  PAGE_ALIGN is in <wdm/wdk_macros.h>
 * because Linux has a macro of that name with another meaning.
 */
#ifndef PAGE_SHIFT
#define PAGE_SHIFT	WDM_PAGE_SHIFT
#endif
#ifndef PAGE_SIZE
#define PAGE_SIZE	(1 << WDM_PAGE_SHIFT)
#endif
#define BYTE_OFFSET(Va)	((ULONG)((ULONG_PTR)(Va) & (PAGE_SIZE - 1)))
#define BYTES_TO_PAGES(Size)					\
	((ULONG)(((ULONG_PTR)(Size) + PAGE_SIZE - 1) >> PAGE_SHIFT))
#define ROUND_TO_PAGES(Size)					\
	(((ULONG_PTR)(Size) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))
#define ADDRESS_AND_SIZE_TO_SPAN_PAGES(Va, Size)		\
	((BYTE_OFFSET(Va) + (SIZE_T)(Size) + (PAGE_SIZE - 1)) >> PAGE_SHIFT)
#define COMPUTE_PAGES_SPANNED(Va, Size)	ADDRESS_AND_SIZE_TO_SPAN_PAGES(Va, Size)

#ifdef CONFIG_X86_64
WDM_STATIC_ASSERT(sizeof(UCHAR) == 1);
WDM_STATIC_ASSERT(sizeof(BOOLEAN) == 1);
WDM_STATIC_ASSERT(sizeof(USHORT) == 2);
WDM_STATIC_ASSERT(sizeof(ULONG) == 4);
WDM_STATIC_ASSERT(sizeof(LONG) == 4);
WDM_STATIC_ASSERT(sizeof(ULONGLONG) == 8);
WDM_STATIC_ASSERT(sizeof(ULONG_PTR) == 8);
WDM_STATIC_ASSERT(sizeof(SIZE_T) == 8);
WDM_STATIC_ASSERT(sizeof(WCHAR) == 2);
WDM_STATIC_ASSERT(sizeof(LARGE_INTEGER) == 8);
WDM_STATIC_ASSERT(offsetof(LARGE_INTEGER, HighPart) == 4);
WDM_STATIC_ASSERT(sizeof(LIST_ENTRY) == 16);
WDM_STATIC_ASSERT(sizeof(UNICODE_STRING) == 16);
WDM_STATIC_ASSERT(offsetof(UNICODE_STRING, Buffer) == 8);
WDM_STATIC_ASSERT(sizeof(IO_STATUS_BLOCK) == 16);
WDM_STATIC_ASSERT(sizeof(OBJECT_ATTRIBUTES) == 48);
WDM_STATIC_ASSERT(offsetof(OBJECT_ATTRIBUTES, ObjectName) == 16);
#endif

#endif /* _WDM_NTDEF_H_ */
