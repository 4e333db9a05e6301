// SPDX-License-Identifier: GPL-2.0
/*
 * The C library functions driver sources call that the kernel lacks
 * (<wdm/crt.h>): wide strings, Microsoft's case-insensitive compares,
 * number parsing, and the printf family with Windows' format rules.
 * Exported under wdmdma_crt_ names; the driver-facing headers map the C
 * library names onto them.
 */
#include <linux/ctype.h>
#include <linux/export.h>
#include <linux/kernel.h>

#include "rt.h"
#include <wdm/crt.h>
#include <wdm/rtlstring.h>

size_t wdmdma_crt_wcsnlen(const wchar_t *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}
EXPORT_SYMBOL_GPL(wdmdma_crt_wcsnlen);

size_t wdmdma_crt_wcslen(const wchar_t *s)
{
	return wdmdma_crt_wcsnlen(s, SIZE_MAX);
}
EXPORT_SYMBOL_GPL(wdmdma_crt_wcslen);

/* strncpy's rule: copy up to @n units, pad the rest with zeros */
wchar_t *wdmdma_crt_wcsncpy(wchar_t *dst, const wchar_t *src, size_t n)
{
	size_t i;

	for (i = 0; i < n && src[i]; i++)
		dst[i] = src[i];
	for (; i < n; i++)
		dst[i] = 0;
	return dst;
}
EXPORT_SYMBOL_GPL(wdmdma_crt_wcsncpy);

wchar_t *wdmdma_crt_wcscpy(wchar_t *dst, const wchar_t *src)
{
	return memmove(dst, src, (wdmdma_crt_wcslen(src) + 1) * sizeof(wchar_t));
}
EXPORT_SYMBOL_GPL(wdmdma_crt_wcscpy);

wchar_t *wdmdma_crt_wcscat(wchar_t *dst, const wchar_t *src)
{
	wdmdma_crt_wcscpy(dst + wdmdma_crt_wcslen(dst), src);
	return dst;
}
EXPORT_SYMBOL_GPL(wdmdma_crt_wcscat);

/* Compare at most @n units, folding case (ASCII and Latin-1) when @ci */
static int crt_wcompare(const wchar_t *a, const wchar_t *b, size_t n, bool ci)
{
	size_t i;

	for (i = 0; i < n; i++) {
		WCHAR x = a[i], y = b[i];

		if (ci) {
			x = RtlUpcaseUnicodeChar(x);
			y = RtlUpcaseUnicodeChar(y);
		}
		if (x != y || !x)
			return (int)x - (int)y;
	}
	return 0;
}

int wdmdma_crt_wcscmp(const wchar_t *a, const wchar_t *b)
{
	return crt_wcompare(a, b, SIZE_MAX, false);
}
EXPORT_SYMBOL_GPL(wdmdma_crt_wcscmp);

int wdmdma_crt_wcsncmp(const wchar_t *a, const wchar_t *b, size_t n)
{
	return crt_wcompare(a, b, n, false);
}
EXPORT_SYMBOL_GPL(wdmdma_crt_wcsncmp);

int wdmdma_crt_wcsicmp(const wchar_t *a, const wchar_t *b)
{
	return crt_wcompare(a, b, SIZE_MAX, true);
}
EXPORT_SYMBOL_GPL(wdmdma_crt_wcsicmp);

int wdmdma_crt_wcsnicmp(const wchar_t *a, const wchar_t *b, size_t n)
{
	return crt_wcompare(a, b, n, true);
}
EXPORT_SYMBOL_GPL(wdmdma_crt_wcsnicmp);

wchar_t *wdmdma_crt_wcschr(const wchar_t *s, wchar_t c)
{
	for (;; s++) {
		if (*s == c)
			return (wchar_t *)s;
		if (!*s)
			return NULL;
	}
}
EXPORT_SYMBOL_GPL(wdmdma_crt_wcschr);

wchar_t *wdmdma_crt_wcsrchr(const wchar_t *s, wchar_t c)
{
	const wchar_t *last = NULL;

	for (;; s++) {
		if (*s == c)
			last = s;
		if (!*s)
			return (wchar_t *)last;
	}
}
EXPORT_SYMBOL_GPL(wdmdma_crt_wcsrchr);

/* Microsoft's _stricmp folds to lower case (it matters for '_' against letters) */
int wdmdma_crt_strnicmp(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int x = tolower((unsigned char)a[i]), y = tolower((unsigned char)b[i]);

		if (x != y || !x)
			return x - y;
	}
	return 0;
}
EXPORT_SYMBOL_GPL(wdmdma_crt_strnicmp);

int wdmdma_crt_stricmp(const char *a, const char *b)
{
	return wdmdma_crt_strnicmp(a, b, SIZE_MAX);
}
EXPORT_SYMBOL_GPL(wdmdma_crt_stricmp);

static int crt_digit(char c)
{
	if (isdigit(c))
		return c - '0';
	if (isalpha(c))
		return tolower(c) - 'a' + 10;
	return 99;
}

/* The C library's strtoul: white space, a sign, then 0x / 0 prefixes by base */
unsigned long wdmdma_crt_strtoul(const char *s, char **end, int base)
{
	const char *p = skip_spaces(s), *digits;
	bool negative = false;
	unsigned long v = 0;
	int d;

	if (*p == '-' || *p == '+')
		negative = *p++ == '-';
	if ((!base || base == 16) && p[0] == '0' && tolower(p[1]) == 'x' && isxdigit(p[2])) {
		p += 2;
		base = 16;
	} else if (!base) {
		base = p[0] == '0' ? 8 : 10;
	}
	for (digits = p; (d = crt_digit(*p)) < base; p++)
		v = v * base + d;
	if (end)
		*end = (char *)(p == digits ? s : p);	/* no digits: nothing read */
	return negative ? -v : v;
}
EXPORT_SYMBOL_GPL(wdmdma_crt_strtoul);

long wdmdma_crt_strtol(const char *s, char **end, int base)
{
	return (long)wdmdma_crt_strtoul(s, end, base);
}
EXPORT_SYMBOL_GPL(wdmdma_crt_strtol);

int wdmdma_crt_atoi(const char *s)
{
	return (int)wdmdma_crt_strtol(s, NULL, 10);
}
EXPORT_SYMBOL_GPL(wdmdma_crt_atoi);

/* C99 rule: always terminated (@count > 0), returns the whole length */
int wdmdma_crt_vsnprintf(char *buf, size_t count, const char *fmt, va_list args)
{
	struct wdmdma_fmt_out out = { .buf = buf, .cap = count };

	wdmdma_vformat(&out, fmt, false, args);
	if (count)
		buf[min(out.len, count - 1)] = '\0';
	return out.len;
}
EXPORT_SYMBOL_GPL(wdmdma_crt_vsnprintf);

int wdmdma_crt_snprintf(char *buf, size_t count, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = wdmdma_crt_vsnprintf(buf, count, fmt, args);
	va_end(args);
	return n;
}
EXPORT_SYMBOL_GPL(wdmdma_crt_snprintf);

int wdmdma_crt_sprintf(char *buf, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = wdmdma_crt_vsnprintf(buf, INT_MAX, fmt, args);
	va_end(args);
	return n;
}
EXPORT_SYMBOL_GPL(wdmdma_crt_sprintf);

/*
 * Microsoft's _snprintf / _snwprintf rule: the result, terminated when it
 * fits with room for the terminator; exactly @count units unterminated when
 * it fills the buffer; -1 (the buffer full, unterminated) when longer.
 */
static int crt_ms_vsnprintf(void *buf, size_t count, const void *fmt, va_list args, bool wide)
{
	struct wdmdma_fmt_out out = { .buf = buf, .cap = count + 1, .wide = wide };

	wdmdma_vformat(&out, fmt, wide, args);
	if (out.len < count)
		wdmdma_str_put(buf, out.len, 0, wide);
	return out.len > count ? -1 : (int)out.len;
}

int wdmdma_crt_ms_vsnprintf(char *buf, size_t count, const char *fmt, va_list args)
{
	return crt_ms_vsnprintf(buf, count, fmt, args, false);
}
EXPORT_SYMBOL_GPL(wdmdma_crt_ms_vsnprintf);

int wdmdma_crt_ms_snprintf(char *buf, size_t count, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = crt_ms_vsnprintf(buf, count, fmt, args, false);
	va_end(args);
	return n;
}
EXPORT_SYMBOL_GPL(wdmdma_crt_ms_snprintf);

int wdmdma_crt_vsnwprintf(wchar_t *buf, size_t count, const wchar_t *fmt, va_list args)
{
	return crt_ms_vsnprintf(buf, count, fmt, args, true);
}
EXPORT_SYMBOL_GPL(wdmdma_crt_vsnwprintf);

int wdmdma_crt_snwprintf(wchar_t *buf, size_t count, const wchar_t *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = crt_ms_vsnprintf(buf, count, fmt, args, true);
	va_end(args);
	return n;
}
EXPORT_SYMBOL_GPL(wdmdma_crt_snwprintf);

/* The kernel's swprintf(buffer, format, ...): no size, as on Windows */
int wdmdma_crt_swprintf(wchar_t *buf, const wchar_t *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = crt_ms_vsnprintf(buf, INT_MAX, fmt, args, true);
	va_end(args);
	return n;
}
EXPORT_SYMBOL_GPL(wdmdma_crt_swprintf);
