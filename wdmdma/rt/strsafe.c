// SPDX-License-Identifier: GPL-2.0
/*
 * ntstrsafe.h: bounded copy, concatenation, length and printf of CHAR and
 * WCHAR strings.  Each routine is one of four width-generic cores (the
 * string's unit is CHAR or WCHAR); sizes are in units there, and the Cb
 * entries divide by the unit first.  Results are documented in
 * <ntstrsafe.h>.
 */
#include <linux/export.h>

#include "rt.h"
#include <ntstrsafe.h>

static bool strsafe_size_ok(size_t cch)
{
	return cch && cch <= NTSTRSAFE_MAX_CCH;
}

/* Units of @s before its terminator, looking at most at @max; -1: none there */
static ssize_t strsafe_len(const void *s, size_t max, bool wide)
{
	size_t n;

	for (n = 0; n < max; n++)
		if (!wdmdma_str_get(s, n, wide))
			return n;
	return -1;
}

/* Copy at most @count units of @src to @dst + @at (room: @cch - @at); terminate. */
static NTSTATUS strsafe_copy_at(void *dst, size_t cch, size_t at, const void *src,
				size_t count, bool wide)
{
	NTSTATUS status = STATUS_SUCCESS;
	size_t i;

	for (i = 0; i < count && wdmdma_str_get(src, i, wide); i++) {
		if (at + i + 1 >= cch) {
			status = STATUS_BUFFER_OVERFLOW;
			break;
		}
		wdmdma_str_put(dst, at + i, wdmdma_str_get(src, i, wide), wide);
	}
	wdmdma_str_put(dst, at + i, 0, wide);
	return status;
}

static NTSTATUS strsafe_copy(void *dst, size_t cch, const void *src, size_t count, bool wide)
{
	if (!strsafe_size_ok(cch))
		return STATUS_INVALID_PARAMETER;
	if (!src) {
		wdmdma_str_put(dst, 0, 0, wide);
		return STATUS_INVALID_PARAMETER;
	}
	return strsafe_copy_at(dst, cch, 0, src, count, wide);
}

static NTSTATUS strsafe_cat(void *dst, size_t cch, const void *src, size_t count, bool wide)
{
	ssize_t len;

	if (!strsafe_size_ok(cch))
		return STATUS_INVALID_PARAMETER;
	len = strsafe_len(dst, cch, wide);
	if (len < 0 || !src)
		return STATUS_INVALID_PARAMETER;
	return strsafe_copy_at(dst, cch, len, src, count, wide);
}

static NTSTATUS strsafe_length(const void *s, size_t cch_max, size_t *length, bool wide)
{
	ssize_t len = -1;

	if (s && cch_max <= NTSTRSAFE_MAX_CCH)
		len = strsafe_len(s, cch_max, wide);
	if (length)
		*length = len < 0 ? 0 : len;
	return len < 0 ? STATUS_INVALID_PARAMETER : STATUS_SUCCESS;
}

static NTSTATUS strsafe_vprintf(void *dst, size_t cch, const void *fmt, va_list args,
				bool wide)
{
	struct wdmdma_fmt_out out = { .buf = dst, .cap = cch, .wide = wide };

	if (!strsafe_size_ok(cch))
		return STATUS_INVALID_PARAMETER;
	if (!fmt) {
		wdmdma_str_put(dst, 0, 0, wide);
		return STATUS_INVALID_PARAMETER;
	}
	wdmdma_vformat(&out, fmt, wide, args);
	wdmdma_str_put(dst, min(out.len, cch - 1), 0, wide);
	return out.len < cch ? STATUS_SUCCESS : STATUS_BUFFER_OVERFLOW;
}

#define WCB(cb)	((cb) / sizeof(WCHAR))

/**
 * RtlStringCchCopyW() - copy a string, truncated to fit
 * @pszDest: destination
 * @cchDest: its size in WCHARs, terminator included
 * @pszSrc: the string
 *
 * Return: STATUS_SUCCESS, STATUS_BUFFER_OVERFLOW (truncated) or
 * STATUS_INVALID_PARAMETER.  The Cb, A and N forms below work alike.
 */
NTSTATUS RtlStringCchCopyW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc)
{
	return strsafe_copy(pszDest, cchDest, pszSrc, SIZE_MAX, true);
}
EXPORT_SYMBOL_GPL(RtlStringCchCopyW);

NTSTATUS RtlStringCchCopyA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc)
{
	return strsafe_copy(pszDest, cchDest, pszSrc, SIZE_MAX, false);
}
EXPORT_SYMBOL_GPL(RtlStringCchCopyA);

NTSTATUS RtlStringCbCopyW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc)
{
	return strsafe_copy(pszDest, WCB(cbDest), pszSrc, SIZE_MAX, true);
}
EXPORT_SYMBOL_GPL(RtlStringCbCopyW);

NTSTATUS RtlStringCbCopyA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc)
{
	return strsafe_copy(pszDest, cbDest, pszSrc, SIZE_MAX, false);
}
EXPORT_SYMBOL_GPL(RtlStringCbCopyA);

NTSTATUS RtlStringCchCopyNW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc,
			    size_t cchToCopy)
{
	return strsafe_copy(pszDest, cchDest, pszSrc, cchToCopy, true);
}
EXPORT_SYMBOL_GPL(RtlStringCchCopyNW);

NTSTATUS RtlStringCchCopyNA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc,
			    size_t cchToCopy)
{
	return strsafe_copy(pszDest, cchDest, pszSrc, cchToCopy, false);
}
EXPORT_SYMBOL_GPL(RtlStringCchCopyNA);

NTSTATUS RtlStringCbCopyNW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc,
			   size_t cbToCopy)
{
	return strsafe_copy(pszDest, WCB(cbDest), pszSrc, WCB(cbToCopy), true);
}
EXPORT_SYMBOL_GPL(RtlStringCbCopyNW);

NTSTATUS RtlStringCbCopyNA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc,
			   size_t cbToCopy)
{
	return strsafe_copy(pszDest, cbDest, pszSrc, cbToCopy, false);
}
EXPORT_SYMBOL_GPL(RtlStringCbCopyNA);

/**
 * RtlStringCchCatW() - append a string, truncated to fit
 * @pszDest: a terminated string
 * @cchDest: the destination's size in WCHARs, terminator included
 * @pszSrc: the string to append
 *
 * Return: STATUS_SUCCESS, STATUS_BUFFER_OVERFLOW (truncated) or
 * STATUS_INVALID_PARAMETER (also: @pszDest not terminated within
 * @cchDest).  The Cb, A and N forms below work alike.
 */
NTSTATUS RtlStringCchCatW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc)
{
	return strsafe_cat(pszDest, cchDest, pszSrc, SIZE_MAX, true);
}
EXPORT_SYMBOL_GPL(RtlStringCchCatW);

NTSTATUS RtlStringCchCatA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc)
{
	return strsafe_cat(pszDest, cchDest, pszSrc, SIZE_MAX, false);
}
EXPORT_SYMBOL_GPL(RtlStringCchCatA);

NTSTATUS RtlStringCbCatW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc)
{
	return strsafe_cat(pszDest, WCB(cbDest), pszSrc, SIZE_MAX, true);
}
EXPORT_SYMBOL_GPL(RtlStringCbCatW);

NTSTATUS RtlStringCbCatA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc)
{
	return strsafe_cat(pszDest, cbDest, pszSrc, SIZE_MAX, false);
}
EXPORT_SYMBOL_GPL(RtlStringCbCatA);

NTSTATUS RtlStringCchCatNW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc,
			   size_t cchToAppend)
{
	return strsafe_cat(pszDest, cchDest, pszSrc, cchToAppend, true);
}
EXPORT_SYMBOL_GPL(RtlStringCchCatNW);

NTSTATUS RtlStringCbCatNW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc,
			  size_t cbToAppend)
{
	return strsafe_cat(pszDest, WCB(cbDest), pszSrc, WCB(cbToAppend), true);
}
EXPORT_SYMBOL_GPL(RtlStringCbCatNW);

/**
 * RtlStringCchLengthW() - the length of a string known to fit a size
 * @psz: the string
 * @cchMax: the most WCHARs to look at, terminator included
 * @pcchLength: its length in WCHARs, terminator excluded (0 on failure);
 *	may be NULL
 *
 * Return: STATUS_SUCCESS, or STATUS_INVALID_PARAMETER (NULL @psz, no
 * terminator within @cchMax).  The Cb forms count bytes.
 */
NTSTATUS RtlStringCchLengthW(NTSTRSAFE_PCWSTR psz, size_t cchMax, size_t *pcchLength)
{
	return strsafe_length(psz, cchMax, pcchLength, true);
}
EXPORT_SYMBOL_GPL(RtlStringCchLengthW);

NTSTATUS RtlStringCchLengthA(NTSTRSAFE_PCSTR psz, size_t cchMax, size_t *pcchLength)
{
	return strsafe_length(psz, cchMax, pcchLength, false);
}
EXPORT_SYMBOL_GPL(RtlStringCchLengthA);

NTSTATUS RtlStringCbLengthW(NTSTRSAFE_PCWSTR psz, size_t cbMax, size_t *pcbLength)
{
	NTSTATUS status = strsafe_length(psz, WCB(cbMax), pcbLength, true);

	if (pcbLength)
		*pcbLength *= sizeof(WCHAR);
	return status;
}
EXPORT_SYMBOL_GPL(RtlStringCbLengthW);

NTSTATUS RtlStringCbLengthA(NTSTRSAFE_PCSTR psz, size_t cbMax, size_t *pcbLength)
{
	return strsafe_length(psz, cbMax, pcbLength, false);
}
EXPORT_SYMBOL_GPL(RtlStringCbLengthA);

/**
 * RtlStringCchVPrintfW() - format into a bounded string, truncated to fit
 * @pszDest: destination
 * @cchDest: its size in WCHARs, terminator included
 * @pszFormat: a Windows format (see wdmdma/rt/format.c)
 * @argList: the arguments
 *
 * Return: STATUS_SUCCESS, STATUS_BUFFER_OVERFLOW (truncated) or
 * STATUS_INVALID_PARAMETER.  The Cb, A and variadic forms work alike.
 */
NTSTATUS RtlStringCchVPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cchDest,
			      NTSTRSAFE_PCWSTR pszFormat, va_list argList)
{
	return strsafe_vprintf(pszDest, cchDest, pszFormat, argList, true);
}
EXPORT_SYMBOL_GPL(RtlStringCchVPrintfW);

NTSTATUS RtlStringCchVPrintfA(NTSTRSAFE_PSTR pszDest, size_t cchDest,
			      NTSTRSAFE_PCSTR pszFormat, va_list argList)
{
	return strsafe_vprintf(pszDest, cchDest, pszFormat, argList, false);
}
EXPORT_SYMBOL_GPL(RtlStringCchVPrintfA);

NTSTATUS RtlStringCbVPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cbDest,
			     NTSTRSAFE_PCWSTR pszFormat, va_list argList)
{
	return strsafe_vprintf(pszDest, WCB(cbDest), pszFormat, argList, true);
}
EXPORT_SYMBOL_GPL(RtlStringCbVPrintfW);

NTSTATUS RtlStringCbVPrintfA(NTSTRSAFE_PSTR pszDest, size_t cbDest,
			     NTSTRSAFE_PCSTR pszFormat, va_list argList)
{
	return strsafe_vprintf(pszDest, cbDest, pszFormat, argList, false);
}
EXPORT_SYMBOL_GPL(RtlStringCbVPrintfA);

NTSTATUS RtlStringCchPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cchDest,
			     NTSTRSAFE_PCWSTR pszFormat, ...)
{
	NTSTATUS status;
	va_list args;

	va_start(args, pszFormat);
	status = strsafe_vprintf(pszDest, cchDest, pszFormat, args, true);
	va_end(args);
	return status;
}
EXPORT_SYMBOL_GPL(RtlStringCchPrintfW);

NTSTATUS RtlStringCchPrintfA(NTSTRSAFE_PSTR pszDest, size_t cchDest,
			     NTSTRSAFE_PCSTR pszFormat, ...)
{
	NTSTATUS status;
	va_list args;

	va_start(args, pszFormat);
	status = strsafe_vprintf(pszDest, cchDest, pszFormat, args, false);
	va_end(args);
	return status;
}
EXPORT_SYMBOL_GPL(RtlStringCchPrintfA);

NTSTATUS RtlStringCbPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cbDest,
			    NTSTRSAFE_PCWSTR pszFormat, ...)
{
	NTSTATUS status;
	va_list args;

	va_start(args, pszFormat);
	status = strsafe_vprintf(pszDest, WCB(cbDest), pszFormat, args, true);
	va_end(args);
	return status;
}
EXPORT_SYMBOL_GPL(RtlStringCbPrintfW);

NTSTATUS RtlStringCbPrintfA(NTSTRSAFE_PSTR pszDest, size_t cbDest,
			    NTSTRSAFE_PCSTR pszFormat, ...)
{
	NTSTATUS status;
	va_list args;

	va_start(args, pszFormat);
	status = strsafe_vprintf(pszDest, cbDest, pszFormat, args, false);
	va_end(args);
	return status;
}
EXPORT_SYMBOL_GPL(RtlStringCbPrintfA);

/**
 * RtlUnicodeStringPrintf() - format into a UNICODE_STRING's buffer
 * @DestinationString: the string; its MaximumLength bounds the result,
 *	its Length is set (no terminator is counted or needed)
 * @pszFormat: a Windows format
 *
 * Return: STATUS_SUCCESS, STATUS_BUFFER_OVERFLOW (truncated) or
 * STATUS_INVALID_PARAMETER.
 */
NTSTATUS RtlUnicodeStringPrintf(PUNICODE_STRING DestinationString, NTSTRSAFE_PCWSTR pszFormat, ...)
{
	struct wdmdma_fmt_out out = { .wide = true };
	va_list args;

	if (!DestinationString || !pszFormat ||
	    (DestinationString->MaximumLength && !DestinationString->Buffer))
		return STATUS_INVALID_PARAMETER;
	out.buf = DestinationString->Buffer;
	out.cap = DestinationString->MaximumLength / sizeof(WCHAR) + 1;	/* no terminator */
	va_start(args, pszFormat);
	wdmdma_vformat(&out, pszFormat, true, args);
	va_end(args);
	DestinationString->Length = min(out.len, out.cap - 1) * sizeof(WCHAR);
	return out.len < out.cap ? STATUS_SUCCESS : STATUS_BUFFER_OVERFLOW;
}
EXPORT_SYMBOL_GPL(RtlUnicodeStringPrintf);
