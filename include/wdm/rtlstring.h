/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rtlstring.h - counted strings: UNICODE_STRING and ANSI_STRING
 *
 * Length and MaximumLength are in bytes; Buffer need not be terminated.
 * The ANSI code page is Latin-1 here (Windows uses the system's code page,
 * usually 1252): a byte is the code point of the same value, and a WCHAR
 * above 0xFF becomes '?'.  Case-insensitive comparisons upcase ASCII and
 * Latin-1 letters.  Strings a routine allocates (AllocateDestinationString
 * TRUE) come from paged pool and go back with RtlFree*String.
 */
#ifndef _WDM_RTLSTRING_H_
#define _WDM_RTLSTRING_H_

#include <wdm/ntdef.h>
#include <guiddef.h>

/* A UNICODE_STRING or ANSI_STRING over a literal: { Length, MaximumLength, Buffer } */
#define RTL_CONSTANT_STRING(s) \
	{ sizeof(s) - sizeof((s)[0]), sizeof(s), (__typeof__(&(s)[0]))(s) }

#define DECLARE_CONST_UNICODE_STRING(_var, _string)			\
	const WCHAR _var##_buffer[] = _string;				\
	const UNICODE_STRING _var = { sizeof(_string) - sizeof(WCHAR),	\
				      sizeof(_string), (PWCH)_var##_buffer }

#define DECLARE_UNICODE_STRING_SIZE(_var, _size)			\
	WCHAR _var##_buffer[_size];					\
	UNICODE_STRING _var = { 0, (_size) * sizeof(WCHAR), _var##_buffer }

typedef WCHAR *PWCH;
typedef const WCHAR *PCWCH;

NTSYSAPI VOID NTAPI RtlInitUnicodeString(_Out_ PUNICODE_STRING DestinationString,
					 _In_opt_z_ PCWSTR SourceString);
NTSYSAPI NTSTATUS NTAPI RtlInitUnicodeStringEx(_Out_ PUNICODE_STRING DestinationString,
					       _In_opt_z_ PCWSTR SourceString);
NTSYSAPI VOID NTAPI RtlInitAnsiString(_Out_ PANSI_STRING DestinationString,
				      _In_opt_z_ PCSTR SourceString);
NTSYSAPI VOID NTAPI RtlInitString(_Out_ PSTRING DestinationString, _In_opt_z_ PCSTR SourceString);
NTSYSAPI VOID NTAPI RtlCopyUnicodeString(_Inout_ PUNICODE_STRING DestinationString,
					 _In_opt_ PCUNICODE_STRING SourceString);
NTSYSAPI VOID NTAPI RtlCopyString(_Out_ PSTRING DestinationString,
				  _In_opt_ const STRING *SourceString);
NTSYSAPI NTSTATUS NTAPI RtlAppendUnicodeToString(_Inout_ PUNICODE_STRING Destination,
						 _In_opt_z_ PCWSTR Source);
NTSYSAPI NTSTATUS NTAPI RtlAppendUnicodeStringToString(_Inout_ PUNICODE_STRING Destination,
						       _In_ PCUNICODE_STRING Source);
NTSYSAPI NTSTATUS NTAPI RtlAppendStringToString(_Inout_ PSTRING Destination,
						_In_ const STRING *Source);
NTSYSAPI LONG NTAPI RtlCompareUnicodeString(_In_ PCUNICODE_STRING String1,
					    _In_ PCUNICODE_STRING String2,
					    _In_ BOOLEAN CaseInSensitive);
NTSYSAPI BOOLEAN NTAPI RtlEqualUnicodeString(_In_ PCUNICODE_STRING String1,
					     _In_ PCUNICODE_STRING String2,
					     _In_ BOOLEAN CaseInSensitive);
NTSYSAPI BOOLEAN NTAPI RtlPrefixUnicodeString(_In_ PCUNICODE_STRING String1,
					      _In_ PCUNICODE_STRING String2,
					      _In_ BOOLEAN CaseInSensitive);
NTSYSAPI LONG NTAPI RtlCompareString(_In_ const STRING *String1, _In_ const STRING *String2,
				     _In_ BOOLEAN CaseInSensitive);
NTSYSAPI BOOLEAN NTAPI RtlEqualString(_In_ const STRING *String1, _In_ const STRING *String2,
				      _In_ BOOLEAN CaseInSensitive);
NTSYSAPI WCHAR NTAPI RtlUpcaseUnicodeChar(_In_ WCHAR SourceCharacter);
NTSYSAPI NTSTATUS NTAPI RtlIntegerToUnicodeString(_In_ ULONG Value, _In_opt_ ULONG Base,
						  _Inout_ PUNICODE_STRING String);
NTSYSAPI NTSTATUS NTAPI RtlUnicodeStringToInteger(_In_ PCUNICODE_STRING String,
						  _In_opt_ ULONG Base, _Out_ PULONG Value);
NTSYSAPI NTSTATUS NTAPI RtlAnsiStringToUnicodeString(_Inout_ PUNICODE_STRING DestinationString,
						     _In_ PCANSI_STRING SourceString,
						     _In_ BOOLEAN AllocateDestinationString);
NTSYSAPI NTSTATUS NTAPI RtlUnicodeStringToAnsiString(_Inout_ PANSI_STRING DestinationString,
						     _In_ PCUNICODE_STRING SourceString,
						     _In_ BOOLEAN AllocateDestinationString);
NTSYSAPI VOID NTAPI RtlFreeUnicodeString(_Inout_ PUNICODE_STRING UnicodeString);
NTSYSAPI VOID NTAPI RtlFreeAnsiString(_Inout_ PANSI_STRING AnsiString);
NTSYSAPI NTSTATUS NTAPI RtlStringFromGUID(_In_ REFGUID Guid,
					  _Out_ PUNICODE_STRING GuidString);

#endif /* _WDM_RTLSTRING_H_ */
