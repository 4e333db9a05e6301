/* SPDX-License-Identifier: GPL-2.0 */
/*
 * crt.h - the C library a driver's source calls, for <string.h>,
 * <wchar.h>, <stdlib.h> and <stdio.h>
 *
 * The memory and narrow-string functions are the kernel's (memcpy,
 * memset, strlen, strcmp, strncpy, strchr, strstr...).  What the kernel
 * lacks is wdmdma's, under its C library name by a macro (so no exported
 * symbol takes a C library name): the wide-string functions, the
 * Microsoft case-insensitive ones, number parsing, and the printf family
 * with Windows' format rules ("l" is 32 bits, %ws, %I64d: see
 * wdmdma/rt/format.c), which also replace the kernel's sprintf, snprintf
 * and vsnprintf in a file that includes <stdio.h>.
 */
#ifndef _WDM_CRT_H_
#define _WDM_CRT_H_

#include <wdm/ntdef.h>

size_t wdmdma_crt_wcslen(const wchar_t *s);
size_t wdmdma_crt_wcsnlen(const wchar_t *s, size_t max);
wchar_t *wdmdma_crt_wcscpy(wchar_t *dst, const wchar_t *src);
wchar_t *wdmdma_crt_wcsncpy(wchar_t *dst, const wchar_t *src, size_t n);
wchar_t *wdmdma_crt_wcscat(wchar_t *dst, const wchar_t *src);
int wdmdma_crt_wcscmp(const wchar_t *a, const wchar_t *b);
int wdmdma_crt_wcsncmp(const wchar_t *a, const wchar_t *b, size_t n);
int wdmdma_crt_wcsicmp(const wchar_t *a, const wchar_t *b);
int wdmdma_crt_wcsnicmp(const wchar_t *a, const wchar_t *b, size_t n);
wchar_t *wdmdma_crt_wcschr(const wchar_t *s, wchar_t c);
wchar_t *wdmdma_crt_wcsrchr(const wchar_t *s, wchar_t c);
int wdmdma_crt_stricmp(const char *a, const char *b);
int wdmdma_crt_strnicmp(const char *a, const char *b, size_t n);
unsigned long wdmdma_crt_strtoul(const char *s, char **end, int base);
long wdmdma_crt_strtol(const char *s, char **end, int base);
int wdmdma_crt_atoi(const char *s);
int wdmdma_crt_vsnprintf(char *buf, size_t count, const char *fmt, va_list args);
int wdmdma_crt_snprintf(char *buf, size_t count, const char *fmt, ...);
int wdmdma_crt_sprintf(char *buf, const char *fmt, ...);
int wdmdma_crt_ms_vsnprintf(char *buf, size_t count, const char *fmt, va_list args);
int wdmdma_crt_ms_snprintf(char *buf, size_t count, const char *fmt, ...);
int wdmdma_crt_vsnwprintf(wchar_t *buf, size_t count, const wchar_t *fmt, va_list args);
int wdmdma_crt_snwprintf(wchar_t *buf, size_t count, const wchar_t *fmt, ...);
int wdmdma_crt_swprintf(wchar_t *buf, const wchar_t *fmt, ...);

#endif /* _WDM_CRT_H_ */
