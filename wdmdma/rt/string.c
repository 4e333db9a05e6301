// SPDX-License-Identifier: GPL-2.0
/*
 * Counted strings (UNICODE_STRING, ANSI_STRING): initialisation, copy,
 * append, comparison, integer conversion, ANSI <-> Unicode conversion.
 * Lengths are bytes; the ANSI code page is Latin-1 (<wdm/rtlstring.h>).
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "rt.h"
#include <wdm/rtlstring.h>

#define RT_STRING_TAG	0x74536d57	/* "WmSt" */

static size_t rt_wcslen(PCWSTR s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/**
 * RtlInitUnicodeString() - make a UNICODE_STRING over a terminated string
 * @DestinationString: the string to fill (Buffer is @SourceString itself)
 * @SourceString: the string, or NULL for an empty one
 *
 * A string longer than UNICODE_STRING_MAX_BYTES - 2 is cut to that length.
 */
void RtlInitUnicodeString(PUNICODE_STRING DestinationString, PCWSTR SourceString)
{
	size_t bytes = SourceString ? rt_wcslen(SourceString) * sizeof(WCHAR) : 0;

	bytes = min_t(size_t, bytes, UNICODE_STRING_MAX_BYTES - sizeof(WCHAR));
	DestinationString->Buffer = (PWSTR)SourceString;
	DestinationString->Length = bytes;
	DestinationString->MaximumLength = SourceString ? bytes + sizeof(WCHAR) : 0;
}
EXPORT_SYMBOL_GPL(RtlInitUnicodeString);

/**
 * RtlInitUnicodeStringEx() - RtlInitUnicodeString() that refuses to cut
 * @DestinationString: the string to fill
 * @SourceString: the string, or NULL
 *
 * Return: STATUS_SUCCESS, or STATUS_NAME_TOO_LONG (nothing set).
 */
NTSTATUS RtlInitUnicodeStringEx(PUNICODE_STRING DestinationString, PCWSTR SourceString)
{
	if (SourceString &&
	    rt_wcslen(SourceString) * sizeof(WCHAR) > UNICODE_STRING_MAX_BYTES - sizeof(WCHAR))
		return STATUS_NAME_TOO_LONG;
	RtlInitUnicodeString(DestinationString, SourceString);
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(RtlInitUnicodeStringEx);

/**
 * RtlInitAnsiString() - make an ANSI_STRING over a terminated string
 * @DestinationString: the string to fill (Buffer is @SourceString itself)
 * @SourceString: the string, or NULL for an empty one
 */
void RtlInitAnsiString(PANSI_STRING DestinationString, PCSTR SourceString)
{
	size_t bytes = SourceString ? strlen(SourceString) : 0;

	bytes = min_t(size_t, bytes, MAXUSHORT - 1);
	DestinationString->Buffer = (PCHAR)SourceString;
	DestinationString->Length = bytes;
	DestinationString->MaximumLength = SourceString ? bytes + 1 : 0;
}
EXPORT_SYMBOL_GPL(RtlInitAnsiString);

void RtlInitString(PSTRING DestinationString, PCSTR SourceString)
{
	RtlInitAnsiString(DestinationString, SourceString);
}
EXPORT_SYMBOL_GPL(RtlInitString);

/* Copy @bytes of @src to @dst (MaximumLength bounds it); terminate if room. */
static void rt_copy(PVOID dst_buf, USHORT *dst_len, USHORT dst_max, const void *src,
		    USHORT bytes, size_t unit)
{
	bytes = min(bytes, dst_max);
	memmove(dst_buf, src, bytes);
	*dst_len = bytes;
	if (bytes + unit <= dst_max)
		memset((u8 *)dst_buf + bytes, 0, unit);
}

/**
 * RtlCopyUnicodeString() - copy as much of a string as the destination holds
 * @DestinationString: the destination (its MaximumLength bounds the copy)
 * @SourceString: the source, or NULL (the destination becomes empty)
 *
 * The copy is terminated when a WCHAR is left over.
 */
void RtlCopyUnicodeString(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString)
{
	if (!SourceString) {
		DestinationString->Length = 0;
		return;
	}
	rt_copy(DestinationString->Buffer, &DestinationString->Length,
		DestinationString->MaximumLength, SourceString->Buffer, SourceString->Length,
		sizeof(WCHAR));
}
EXPORT_SYMBOL_GPL(RtlCopyUnicodeString);

void RtlCopyString(PSTRING DestinationString, const STRING *SourceString)
{
	if (!SourceString) {
		DestinationString->Length = 0;
		return;
	}
	rt_copy(DestinationString->Buffer, &DestinationString->Length,
		DestinationString->MaximumLength, SourceString->Buffer, SourceString->Length, 1);
}
EXPORT_SYMBOL_GPL(RtlCopyString);

/* Append @bytes at @src; STATUS_BUFFER_TOO_SMALL (nothing changed) if they do not fit */
static NTSTATUS rt_append(PVOID buf, USHORT *len, USHORT max, const void *src, size_t bytes,
			  size_t unit)
{
	if (*len + bytes > max)
		return STATUS_BUFFER_TOO_SMALL;
	memmove((u8 *)buf + *len, src, bytes);
	*len += bytes;
	if (*len + unit <= max)
		memset((u8 *)buf + *len, 0, unit);
	return STATUS_SUCCESS;
}

/**
 * RtlAppendUnicodeToString() - append a terminated string
 * @Destination: the string appended to; terminated when a WCHAR is left
 * @Source: the terminated string to append, or NULL (nothing to do)
 *
 * Return: STATUS_SUCCESS, or STATUS_BUFFER_TOO_SMALL (nothing appended).
 */
NTSTATUS RtlAppendUnicodeToString(PUNICODE_STRING Destination, PCWSTR Source)
{
	if (!Source)
		return STATUS_SUCCESS;
	return rt_append(Destination->Buffer, &Destination->Length, Destination->MaximumLength,
			 Source, rt_wcslen(Source) * sizeof(WCHAR), sizeof(WCHAR));
}
EXPORT_SYMBOL_GPL(RtlAppendUnicodeToString);

/**
 * RtlAppendUnicodeStringToString() - append a counted string
 * @Destination: the string appended to; terminated when a WCHAR is left
 * @Source: the string to append
 *
 * Return: STATUS_SUCCESS, or STATUS_BUFFER_TOO_SMALL (nothing appended).
 */
NTSTATUS RtlAppendUnicodeStringToString(PUNICODE_STRING Destination, PCUNICODE_STRING Source)
{
	return rt_append(Destination->Buffer, &Destination->Length, Destination->MaximumLength,
			 Source->Buffer, Source->Length, sizeof(WCHAR));
}
EXPORT_SYMBOL_GPL(RtlAppendUnicodeStringToString);

NTSTATUS RtlAppendStringToString(PSTRING Destination, const STRING *Source)
{
	return rt_append(Destination->Buffer, &Destination->Length, Destination->MaximumLength,
			 Source->Buffer, Source->Length, 1);
}
EXPORT_SYMBOL_GPL(RtlAppendStringToString);

/**
 * RtlUpcaseUnicodeChar() - the upper case of a character
 * @SourceCharacter: the character
 *
 * Return: its upper case for ASCII and Latin-1 letters, else itself.
 */
WCHAR RtlUpcaseUnicodeChar(WCHAR SourceCharacter)
{
	WCHAR c = SourceCharacter;

	if ((c >= 'a' && c <= 'z') || (c >= 0xe0 && c <= 0xfe && c != 0xf7))
		return c - 0x20;
	if (c == 0xff)
		return 0x178;
	return c;
}
EXPORT_SYMBOL_GPL(RtlUpcaseUnicodeChar);

/* Compare @n1 and @n2 units: the first difference, else the length difference */
static LONG rt_compare(const void *s1, size_t n1, const void *s2, size_t n2, bool wide,
		       bool ci)
{
	size_t i;

	for (i = 0; i < min(n1, n2); i++) {
		WCHAR a = wdmdma_str_get(s1, i, wide), b = wdmdma_str_get(s2, i, wide);

		if (ci) {
			a = RtlUpcaseUnicodeChar(a);
			b = RtlUpcaseUnicodeChar(b);
		}
		if (a != b)
			return (LONG)a - (LONG)b;
	}
	return (LONG)n1 - (LONG)n2;
}

/**
 * RtlCompareUnicodeString() - order two strings
 * @String1: first string
 * @String2: second string
 * @CaseInSensitive: compare upper cases
 *
 * Return: negative, 0 or positive as @String1 sorts before, with or after
 * @String2 (a prefix sorts first).
 */
LONG RtlCompareUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2,
			     BOOLEAN CaseInSensitive)
{
	return rt_compare(String1->Buffer, String1->Length / sizeof(WCHAR), String2->Buffer,
			  String2->Length / sizeof(WCHAR), true, CaseInSensitive);
}
EXPORT_SYMBOL_GPL(RtlCompareUnicodeString);

BOOLEAN RtlEqualUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2,
			      BOOLEAN CaseInSensitive)
{
	return String1->Length == String2->Length &&
	       !RtlCompareUnicodeString(String1, String2, CaseInSensitive);
}
EXPORT_SYMBOL_GPL(RtlEqualUnicodeString);

/* Whether @String1 is a prefix of @String2 */
BOOLEAN RtlPrefixUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2,
			       BOOLEAN CaseInSensitive)
{
	size_t n = String1->Length / sizeof(WCHAR);

	return String1->Length <= String2->Length &&
	       !rt_compare(String1->Buffer, n, String2->Buffer, n, true, CaseInSensitive);
}
EXPORT_SYMBOL_GPL(RtlPrefixUnicodeString);

LONG RtlCompareString(const STRING *String1, const STRING *String2, BOOLEAN CaseInSensitive)
{
	return rt_compare(String1->Buffer, String1->Length, String2->Buffer, String2->Length,
			  false, CaseInSensitive);
}
EXPORT_SYMBOL_GPL(RtlCompareString);

BOOLEAN RtlEqualString(const STRING *String1, const STRING *String2, BOOLEAN CaseInSensitive)
{
	return String1->Length == String2->Length &&
	       !RtlCompareString(String1, String2, CaseInSensitive);
}
EXPORT_SYMBOL_GPL(RtlEqualString);

/**
 * RtlIntegerToUnicodeString() - write an unsigned number in a base
 * @Value: the number
 * @Base: 2, 8, 10 or 16 (0: 10); digits above 9 are upper case
 * @String: the destination; terminated when a WCHAR is left
 *
 * Return: STATUS_SUCCESS, STATUS_INVALID_PARAMETER (base) or
 * STATUS_BUFFER_OVERFLOW (the digits do not fit: nothing written).
 */
NTSTATUS RtlIntegerToUnicodeString(ULONG Value, ULONG Base, PUNICODE_STRING String)
{
	WCHAR digits[33];
	int n = 0, i;

	if (!Base)
		Base = 10;
	if (Base != 2 && Base != 8 && Base != 10 && Base != 16)
		return STATUS_INVALID_PARAMETER;
	do {
		digits[n++] = "0123456789ABCDEF"[Value % Base];
		Value /= Base;
	} while (Value);
	if (n * sizeof(WCHAR) > String->MaximumLength)
		return STATUS_BUFFER_OVERFLOW;
	for (i = 0; i < n; i++)
		String->Buffer[i] = digits[n - 1 - i];
	String->Length = n * sizeof(WCHAR);
	if (String->Length + sizeof(WCHAR) <= String->MaximumLength)
		String->Buffer[n] = UNICODE_NULL;
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(RtlIntegerToUnicodeString);

static int rt_digit(WCHAR c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = RtlUpcaseUnicodeChar(c);
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

/**
 * RtlUnicodeStringToInteger() - read a number
 * @String: leading white space, an optional sign, then digits; with @Base
 *	0 a prefix 0x, 0o or 0b picks the base (else 10).  Reading stops at
 *	the first character that is not a digit of the base.
 * @Base: 0, 2, 8, 10 or 16
 * @Value: the number (a '-' negates it, modulo 2^32)
 *
 * Return: STATUS_SUCCESS, or STATUS_INVALID_PARAMETER (base).
 */
NTSTATUS RtlUnicodeStringToInteger(PCUNICODE_STRING String, ULONG Base, PULONG Value)
{
	size_t n = String->Length / sizeof(WCHAR), i = 0;
	const WCHAR *s = String->Buffer;
	bool negative = false;
	ULONG v = 0;

	if (Base && Base != 2 && Base != 8 && Base != 10 && Base != 16)
		return STATUS_INVALID_PARAMETER;
	while (i < n && s[i] <= ' ')
		i++;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		negative = s[i++] == '-';
	if (!Base) {
		Base = 10;
		if (i + 1 < n && s[i] == '0') {
			WCHAR p = RtlUpcaseUnicodeChar(s[i + 1]);

			Base = p == 'X' ? 16 : p == 'O' ? 8 : p == 'B' ? 2 : 10;
			if (Base != 10)
				i += 2;
		}
	}
	for (; i < n && rt_digit(s[i]) < Base; i++)
		v = v * Base + rt_digit(s[i]);
	*Value = negative ? -v : v;
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(RtlUnicodeStringToInteger);

/* Give @*buf @bytes of paged pool, or check that @max holds @bytes */
static NTSTATUS rt_convert_room(void **buf, USHORT *max, size_t bytes, size_t unit,
				BOOLEAN allocate)
{
	if (bytes + unit > MAXUSHORT)
		return STATUS_INVALID_PARAMETER_2;
	if (!allocate)
		return bytes > *max ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
	*buf = ExAllocatePoolWithTag(PagedPool, bytes + unit, RT_STRING_TAG);
	if (!*buf)
		return STATUS_NO_MEMORY;
	*max = bytes + unit;
	return STATUS_SUCCESS;
}

/**
 * RtlAnsiStringToUnicodeString() - widen a string (Latin-1)
 * @DestinationString: the result; terminated when a WCHAR is left
 * @SourceString: the string
 * @AllocateDestinationString: allocate the result's buffer (paged pool;
 *	RtlFreeUnicodeString frees it) instead of using the destination's
 *
 * Context: PASSIVE_LEVEL when allocating.
 * Return: STATUS_SUCCESS, STATUS_BUFFER_OVERFLOW (does not fit: nothing
 * written), STATUS_INVALID_PARAMETER_2 (too long for a UNICODE_STRING) or
 * STATUS_NO_MEMORY.
 */
NTSTATUS RtlAnsiStringToUnicodeString(PUNICODE_STRING DestinationString,
				      PCANSI_STRING SourceString,
				      BOOLEAN AllocateDestinationString)
{
	size_t n = SourceString->Length, i;
	NTSTATUS status;

	status = rt_convert_room((void **)&DestinationString->Buffer,
				 &DestinationString->MaximumLength, n * sizeof(WCHAR),
				 sizeof(WCHAR), AllocateDestinationString);
	if (!NT_SUCCESS(status))
		return status;
	for (i = 0; i < n; i++)
		DestinationString->Buffer[i] = (UCHAR)SourceString->Buffer[i];
	DestinationString->Length = n * sizeof(WCHAR);
	if (DestinationString->Length + sizeof(WCHAR) <= DestinationString->MaximumLength)
		DestinationString->Buffer[n] = UNICODE_NULL;
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(RtlAnsiStringToUnicodeString);

/**
 * RtlUnicodeStringToAnsiString() - narrow a string (Latin-1; others '?')
 * @DestinationString: the result; terminated when a byte is left
 * @SourceString: the string
 * @AllocateDestinationString: allocate the result's buffer (paged pool;
 *	RtlFreeAnsiString frees it) instead of using the destination's
 *
 * Context: PASSIVE_LEVEL when allocating.
 * Return: STATUS_SUCCESS, STATUS_BUFFER_OVERFLOW (does not fit: nothing
 * written), STATUS_INVALID_PARAMETER_2 or STATUS_NO_MEMORY.
 */
NTSTATUS RtlUnicodeStringToAnsiString(PANSI_STRING DestinationString,
				      PCUNICODE_STRING SourceString,
				      BOOLEAN AllocateDestinationString)
{
	size_t n = SourceString->Length / sizeof(WCHAR), i;
	NTSTATUS status;

	status = rt_convert_room((void **)&DestinationString->Buffer,
				 &DestinationString->MaximumLength, n, 1,
				 AllocateDestinationString);
	if (!NT_SUCCESS(status))
		return status;
	for (i = 0; i < n; i++)
		wdmdma_str_put(DestinationString->Buffer, i, SourceString->Buffer[i], false);
	DestinationString->Length = n;
	if (n + 1 <= DestinationString->MaximumLength)
		DestinationString->Buffer[n] = '\0';
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(RtlUnicodeStringToAnsiString);

static void rt_free(void **buf, USHORT *len, USHORT *max)
{
	if (*buf)
		ExFreePoolWithTag(*buf, RT_STRING_TAG);
	*buf = NULL;
	*len = 0;
	*max = 0;
}

/**
 * RtlFreeUnicodeString() - free a buffer an Rtl routine allocated
 * @UnicodeString: the string; empty afterwards
 */
void RtlFreeUnicodeString(PUNICODE_STRING UnicodeString)
{
	rt_free((void **)&UnicodeString->Buffer, &UnicodeString->Length,
		&UnicodeString->MaximumLength);
}
EXPORT_SYMBOL_GPL(RtlFreeUnicodeString);

void RtlFreeAnsiString(PANSI_STRING AnsiString)
{
	rt_free((void **)&AnsiString->Buffer, &AnsiString->Length, &AnsiString->MaximumLength);
}
EXPORT_SYMBOL_GPL(RtlFreeAnsiString);

/**
 * RtlStringFromGUID() - a GUID as "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}"
 * @Guid: the GUID
 * @GuidString: the result, allocated (RtlFreeUnicodeString frees it)
 *
 * Context: PASSIVE_LEVEL.
 * Return: STATUS_SUCCESS or STATUS_NO_MEMORY.
 */
NTSTATUS RtlStringFromGUID(REFGUID Guid, PUNICODE_STRING GuidString)
{
	char text[40];
	ANSI_STRING ansi;

	snprintf(text, sizeof(text), "{%08X-%04X-%04X-%02X%02X-%02X%02X%02X%02X%02X%02X}",
		 Guid->Data1, Guid->Data2, Guid->Data3, Guid->Data4[0], Guid->Data4[1],
		 Guid->Data4[2], Guid->Data4[3], Guid->Data4[4], Guid->Data4[5],
		 Guid->Data4[6], Guid->Data4[7]);
	RtlInitAnsiString(&ansi, text);
	return RtlAnsiStringToUnicodeString(GuidString, &ansi, TRUE);
}
EXPORT_SYMBOL_GPL(RtlStringFromGUID);
