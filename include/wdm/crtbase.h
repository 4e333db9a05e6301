/* SPDX-License-Identifier: GPL-2.0 */
/*
 * crtbase.h - the C language and library basics the WDK headers rest on:
 * size_t, ptrdiff_t, wchar_t, NULL, offsetof, va_list, and the memory and
 * string functions (the kernel's).  A driver sees them through <wdm.h> as
 * through the WDK's own, and nothing of Linux with them.
 *
 * Each definition is the same type or the same expansion as the kernel's,
 * so a glue file that includes Linux headers first and <wdm.h> after sees
 * one meaning.  The functions are declared with their names in parentheses:
 * where the kernel makes one a macro (FORTIFY_SOURCE, KASAN), a glue file
 * keeps the macro and a driver calls the function.
 */
#ifndef _WDM_CRTBASE_H_
#define _WDM_CRTBASE_H_

#ifndef _SIZE_T
#define _SIZE_T
typedef __SIZE_TYPE__ size_t;
#endif

#ifndef _PTRDIFF_T
#define _PTRDIFF_T
typedef __PTRDIFF_TYPE__ ptrdiff_t;
#endif

/* 16 bits: the kernel builds with -fshort-wchar, as MSVC's wchar_t is */
#ifndef _WCHAR_T_DEFINED
#define _WCHAR_T_DEFINED
typedef __WCHAR_TYPE__ wchar_t;
#endif

#ifndef NULL
#define NULL ((void *)0)
#endif

#ifndef offsetof
#define offsetof(TYPE, MEMBER)	__builtin_offsetof(TYPE, MEMBER)
#endif

typedef __builtin_va_list va_list;
#ifndef va_start
#define va_start(v, l)		__builtin_va_start(v, l)
#define va_end(v)		__builtin_va_end(v)
#define va_arg(v, T)		__builtin_va_arg(v, T)
#define va_copy(d, s)		__builtin_va_copy(d, s)
#endif

/* <string.h>: what the kernel provides */
void *(memcpy)(void *dest, const void *src, size_t n);
void *(memmove)(void *dest, const void *src, size_t n);
void *(memset)(void *s, int c, size_t n);
int (memcmp)(const void *a, const void *b, size_t n);
void *(memchr)(const void *s, int c, size_t n);
size_t (strlen)(const char *s);
size_t (strnlen)(const char *s, size_t max);
char *(strcpy)(char *dest, const char *src);
char *(strncpy)(char *dest, const char *src, size_t n);
char *(strcat)(char *dest, const char *src);
char *(strncat)(char *dest, const char *src, size_t n);
int (strcmp)(const char *a, const char *b);
int (strncmp)(const char *a, const char *b, size_t n);
char *(strchr)(const char *s, int c);
char *(strrchr)(const char *s, int c);
char *(strstr)(const char *haystack, const char *needle);

#endif /* _WDM_CRTBASE_H_ */
