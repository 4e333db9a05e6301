// SPDX-License-Identifier: GPL-2.0
/*
 * Group 9: the C library headers a driver includes resolve to working
 * functions, and Microsoft's compiler habits compile with GCC.  Written as
 * a driver's source is:
 * wdmdma-lint: windows-source (Windows names and style are kept)
 */
#include "suites.h"	/* Linux headers before <wdm.h> */

#include <stddef.h>
#include <stdarg.h>
#include <string.h>
#include <stdlib.h>
#include <stdio.h>
#include <wchar.h>
#include <wdm.h>

/* Compiler habits: each compiles and means what it does under MSVC. */
typedef struct _CRT_SAMPLE {
	UCHAR Tag;
	__declspec(align(64)) ULONG Aligned;
	unsigned __int64 Big;
} CRT_SAMPLE;

C_ASSERT(sizeof(__int64) == 8);
C_ASSERT(FIELD_OFFSET(CRT_SAMPLE, Aligned) == 64);

static __forceinline ULONG _cdecl crt_twice(ULONG v)
{
	return 2 * v;
}

static ULONG __stdcall crt_sum(int n, ...)
{
	va_list args;
	ULONG sum = 0;

	va_start(args, n);
	while (n--)
		sum += va_arg(args, ULONG);
	va_end(args);
	return sum;
}

static void crt_habits(struct kunit *test)
{
	CRT_SAMPLE s[3];
	size_t off = offsetof(CRT_SAMPLE, Big);

	C_ASSERT(RTL_NUMBER_OF(s) == 3);
	UNREFERENCED_PARAMETER(test);
	KUNIT_EXPECT_EQ(test, _countof(s), 3);
	KUNIT_EXPECT_EQ(test, __alignof__(CRT_SAMPLE), 64);
	KUNIT_EXPECT_EQ(test, off, 72);
	KUNIT_EXPECT_EQ(test, crt_twice(21), 42U);
	KUNIT_EXPECT_EQ(test, crt_sum(3, 1U, 2U, 3U), 6U);
	KUNIT_EXPECT_EQ(test, sizeof(wchar_t), 2);
	KUNIT_EXPECT_EQ(test, _byteswap_ulong(0x12345678), 0x78563412U);
	KUNIT_EXPECT_EQ(test, _byteswap_ushort(0x1234), 0x3412);
	KUNIT_EXPECT_EQ(test, _rotl(0x80000001U, 1), 0x3U);
	KUNIT_EXPECT_EQ(test, _rotr(0x3U, 1), 0x80000001U);
	__noop(test, s);
}

/* <string.h>: the kernel's functions and Microsoft's additions. */
static void crt_string(struct kunit *test)
{
	char a[16];

	memset(a, 'x', sizeof(a));
	memcpy(a, "abc", 4);
	KUNIT_EXPECT_EQ(test, strlen(a), 3);
	KUNIT_EXPECT_EQ(test, a[4], 'x');
	KUNIT_EXPECT_EQ(test, _stricmp("Device", "DEVICE"), 0);
	KUNIT_EXPECT_LT(test, _stricmp("abc", "ABD"), 0);
	KUNIT_EXPECT_EQ(test, _strnicmp("PCI\\VEN", "pci\\ven_8086", 7), 0);
	KUNIT_EXPECT_LT(test, _stricmp("_", "A"), 0);	/* folds to lower case: '_' < 'a' */
	KUNIT_EXPECT_EQ(test, strtoul("  0x1f", NULL, 0), 31UL);
	KUNIT_EXPECT_EQ(test, strtol("-12z", NULL, 10), -12L);
	KUNIT_EXPECT_EQ(test, atoi("42"), 42);
}

/* <wchar.h>: lengths in WCHARs, case-insensitive compares. */
static void crt_wide(struct kunit *test)
{
	wchar_t w[16];

	KUNIT_EXPECT_EQ(test, wcslen(L"abc"), 3);
	KUNIT_EXPECT_EQ(test, wcsnlen(L"abc", 2), 2);
	wcscpy(w, L"\\Device\\");
	wcscat(w, L"Edu0");
	KUNIT_EXPECT_EQ(test, wcslen(w), 12);
	KUNIT_EXPECT_EQ(test, wcscmp(w, L"\\Device\\Edu0"), 0);
	KUNIT_EXPECT_NE(test, wcscmp(w, L"\\DEVICE\\EDU0"), 0);
	KUNIT_EXPECT_EQ(test, _wcsicmp(w, L"\\DEVICE\\EDU0"), 0);
	KUNIT_EXPECT_EQ(test, _wcsnicmp(w, L"\\device\\X", 8), 0);
	KUNIT_EXPECT_LT(test, wcsncmp(L"ab", L"ac", 2), 0);
	KUNIT_EXPECT_PTR_EQ(test, wcschr(w, L'E'), &w[8]);
	KUNIT_EXPECT_PTR_EQ(test, wcsrchr(w, L'\\'), &w[7]);
	KUNIT_EXPECT_NULL(test, wcschr(w, L'z'));
	wcsncpy(w, L"ab", 4);
	KUNIT_EXPECT_EQ(test, w[3], 0);
}

/* <stdio.h>: Windows' format rules and _snprintf's truncation rule. */
static void crt_printf(struct kunit *test)
{
	wchar_t w[8];
	char a[8];

	KUNIT_EXPECT_EQ(test, swprintf(w, L"%s%d", L"dev", 12), 5);
	KUNIT_EXPECT_EQ(test, wcscmp(w, L"dev12"), 0);
	KUNIT_EXPECT_EQ(test, _snwprintf(w, 8, L"%ws", L"1234567"), 7);
	KUNIT_EXPECT_EQ(test, w[7], 0);			/* fits with its NUL */
	w[7] = 'x';
	KUNIT_EXPECT_EQ(test, _snwprintf(w, 7, L"%ws", L"1234567"), 7);
	KUNIT_EXPECT_EQ(test, w[7], 'x');		/* exactly full: no NUL written */
	KUNIT_EXPECT_EQ(test, _snwprintf(w, 4, L"%d", 123456), -1);
	KUNIT_EXPECT_EQ(test, w[3], '4');		/* full, unterminated */
	KUNIT_EXPECT_EQ(test, _snprintf(a, sizeof(a), "%lu", (ULONG)7), 1);
	KUNIT_EXPECT_EQ(test, snprintf(a, sizeof(a), "%I64u", 123456789012ULL), 12);
	KUNIT_EXPECT_STREQ(test, a, "1234567");		/* C99: truncated, terminated */
	KUNIT_EXPECT_EQ(test, sprintf(a, "%ld|%S", (LONG)-3, L"w"), 4);
	KUNIT_EXPECT_STREQ(test, a, "-3|w");
}

static struct kunit_case crt_cases[] = {
	KUNIT_CASE(crt_habits),
	KUNIT_CASE(crt_string),
	KUNIT_CASE(crt_wide),
	KUNIT_CASE(crt_printf),
	{}
};

struct kunit_suite wdmdma_crt_suite = {
	.name = "wdmdma_crt",
	.test_cases = crt_cases,
};
