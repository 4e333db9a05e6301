// SPDX-License-Identifier: GPL-2.0
/*
 * Group 2 of the executive library: UNICODE_STRING / ANSI_STRING routines
 * and ntstrsafe.h.  Lengths are bytes; truncation is reported.
 */
#include "suites.h"	/* Linux headers before <wdm.h> */

#include <wdm.h>
#include <ntstrsafe.h>
#include <wdmdma/binding.h>

/* Compare a WCHAR string with an ASCII literal. */
static bool rs_eq(const WCHAR *w, const char *a)
{
	size_t i;

	for (i = 0; a[i]; i++)
		if (w[i] != (UCHAR)a[i])
			return false;
	return w[i] == 0;
}

/* Init: lengths in bytes, the buffer is the source itself. */
static void rs_init(struct kunit *test)
{
	static const WCHAR text[] = L"abc";
	UNICODE_STRING us;
	ANSI_STRING as;

	RtlInitUnicodeString(&us, text);
	KUNIT_EXPECT_EQ(test, us.Length, 6);
	KUNIT_EXPECT_EQ(test, us.MaximumLength, 8);
	KUNIT_EXPECT_PTR_EQ(test, (const WCHAR *)us.Buffer, &text[0]);
	RtlInitUnicodeString(&us, NULL);
	KUNIT_EXPECT_EQ(test, us.Length, 0);
	KUNIT_EXPECT_EQ(test, us.MaximumLength, 0);
	KUNIT_EXPECT_NULL(test, us.Buffer);
	RtlInitAnsiString(&as, "hello");
	KUNIT_EXPECT_EQ(test, as.Length, 5);
	KUNIT_EXPECT_EQ(test, as.MaximumLength, 6);
	{
		UNICODE_STRING c = RTL_CONSTANT_STRING(L"xyz");

		KUNIT_EXPECT_EQ(test, c.Length, 6);
		KUNIT_EXPECT_EQ(test, c.MaximumLength, 8);
	}
}

/* Copy is cut at MaximumLength; append refuses what does not fit. */
static void rs_copy_append(struct kunit *test)
{
	DECLARE_UNICODE_STRING_SIZE(dst, 6);
	UNICODE_STRING src;

	RtlInitUnicodeString(&src, L"abcdefgh");
	RtlCopyUnicodeString(&dst, &src);
	KUNIT_EXPECT_EQ(test, dst.Length, 12);		/* 6 WCHARs, no room for a NUL */
	KUNIT_EXPECT_EQ(test, dst.Buffer[5], (WCHAR)'f');
	RtlInitUnicodeString(&src, L"ab");
	RtlCopyUnicodeString(&dst, &src);
	KUNIT_EXPECT_EQ(test, dst.Length, 4);
	KUNIT_EXPECT_EQ(test, dst.Buffer[2], UNICODE_NULL);
	RtlCopyUnicodeString(&dst, NULL);
	KUNIT_EXPECT_EQ(test, dst.Length, 0);

	KUNIT_EXPECT_EQ(test, RtlAppendUnicodeToString(&dst, L"abc"), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, RtlAppendUnicodeStringToString(&dst, &src), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, dst.Length, 10);
	KUNIT_EXPECT_TRUE(test, rs_eq(dst.Buffer, "abcab"));
	KUNIT_EXPECT_EQ(test, RtlAppendUnicodeToString(&dst, L"xy"), STATUS_BUFFER_TOO_SMALL);
	KUNIT_EXPECT_EQ(test, dst.Length, 10);		/* unchanged */
	KUNIT_EXPECT_EQ(test, RtlAppendUnicodeToString(&dst, L"x"), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, dst.Length, 12);
}

/* Compare orders by character, then length; case folding on request. */
static void rs_compare(struct kunit *test)
{
	UNICODE_STRING a, b, c;

	RtlInitUnicodeString(&a, L"Device");
	RtlInitUnicodeString(&b, L"DEVICE");
	RtlInitUnicodeString(&c, L"Dev");
	KUNIT_EXPECT_FALSE(test, RtlEqualUnicodeString(&a, &b, FALSE));
	KUNIT_EXPECT_TRUE(test, RtlEqualUnicodeString(&a, &b, TRUE));
	KUNIT_EXPECT_GT(test, RtlCompareUnicodeString(&a, &b, FALSE), 0);	/* 'e' > 'E' */
	KUNIT_EXPECT_EQ(test, RtlCompareUnicodeString(&a, &b, TRUE), 0);
	KUNIT_EXPECT_LT(test, RtlCompareUnicodeString(&c, &a, FALSE), 0);	/* prefix first */
	KUNIT_EXPECT_TRUE(test, RtlPrefixUnicodeString(&c, &b, TRUE));
	KUNIT_EXPECT_FALSE(test, RtlPrefixUnicodeString(&c, &b, FALSE));
	KUNIT_EXPECT_EQ(test, RtlUpcaseUnicodeChar(0xe9), 0xc9);
}

/* Integers to and from strings, in the documented bases. */
static void rs_integer(struct kunit *test)
{
	DECLARE_UNICODE_STRING_SIZE(s, 12);
	DECLARE_UNICODE_STRING_SIZE(small, 2);
	UNICODE_STRING in;
	ULONG v;

	KUNIT_EXPECT_EQ(test, RtlIntegerToUnicodeString(4294967295U, 10, &s), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, s.Length, 20);
	KUNIT_EXPECT_TRUE(test, rs_eq(s.Buffer, "4294967295"));
	KUNIT_EXPECT_EQ(test, RtlIntegerToUnicodeString(0xBEEF, 16, &s), STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, rs_eq(s.Buffer, "BEEF"));
	KUNIT_EXPECT_EQ(test, RtlIntegerToUnicodeString(5, 0, &s), STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, rs_eq(s.Buffer, "5"));
	KUNIT_EXPECT_EQ(test, RtlIntegerToUnicodeString(5, 7, &s), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, RtlIntegerToUnicodeString(123, 10, &small), STATUS_BUFFER_OVERFLOW);

	RtlInitUnicodeString(&in, L"  -42xyz");
	KUNIT_EXPECT_EQ(test, RtlUnicodeStringToInteger(&in, 10, &v), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, (LONG)v, -42);
	RtlInitUnicodeString(&in, L"0x1F");
	KUNIT_EXPECT_EQ(test, RtlUnicodeStringToInteger(&in, 0, &v), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, v, 31U);
	RtlInitUnicodeString(&in, L"777");
	KUNIT_EXPECT_EQ(test, RtlUnicodeStringToInteger(&in, 8, &v), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, v, 0777U);
	KUNIT_EXPECT_EQ(test, RtlUnicodeStringToInteger(&in, 3, &v), STATUS_INVALID_PARAMETER);
}

/* ANSI <-> Unicode, allocated or into the caller's buffer. */
static void rs_convert(struct kunit *test)
{
	DECLARE_UNICODE_STRING_SIZE(fixed, 3);
	UNICODE_STRING us = { 0 };
	ANSI_STRING as, back = { 0 };
	GUID g = { 0x01234567, 0x89ab, 0xcdef, { 0, 1, 2, 3, 4, 5, 6, 0xff } };

	RtlInitAnsiString(&as, "caf\xe9");
	KUNIT_ASSERT_EQ(test, RtlAnsiStringToUnicodeString(&us, &as, TRUE), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, us.Length, 8);
	KUNIT_EXPECT_EQ(test, us.Buffer[3], 0xe9);
	KUNIT_EXPECT_EQ(test, us.Buffer[4], UNICODE_NULL);
	KUNIT_EXPECT_EQ(test, RtlAnsiStringToUnicodeString(&fixed, &as, FALSE),
			STATUS_BUFFER_OVERFLOW);
	us.Buffer[0] = 0x3a9;				/* no Latin-1 form: '?' */
	KUNIT_ASSERT_EQ(test, RtlUnicodeStringToAnsiString(&back, &us, TRUE), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, back.Length, 4);
	KUNIT_EXPECT_EQ(test, back.Buffer[0], '?');
	KUNIT_EXPECT_EQ(test, (UCHAR)back.Buffer[3], 0xe9);
	RtlFreeAnsiString(&back);
	RtlFreeUnicodeString(&us);
	KUNIT_EXPECT_NULL(test, us.Buffer);
	KUNIT_EXPECT_EQ(test, us.Length, 0);

	KUNIT_ASSERT_EQ(test, RtlStringFromGUID(&g, &us), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, us.Length, 38 * sizeof(WCHAR));
	KUNIT_EXPECT_TRUE(test, rs_eq(us.Buffer, "{01234567-89AB-CDEF-0001-0203040506FF}"));
	RtlFreeUnicodeString(&us);
}

/* ntstrsafe copy and cat: truncation is STATUS_BUFFER_OVERFLOW, terminated. */
static void rs_strsafe_copy(struct kunit *test)
{
	WCHAR w[6];
	char a[4];
	size_t len;

	KUNIT_EXPECT_EQ(test, RtlStringCchCopyW(w, 6, L"hello"), STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, rs_eq(w, "hello"));
	KUNIT_EXPECT_EQ(test, RtlStringCchCopyW(w, 6, L"hello!"), STATUS_BUFFER_OVERFLOW);
	KUNIT_EXPECT_TRUE(test, rs_eq(w, "hello"));
	KUNIT_EXPECT_EQ(test, RtlStringCbCopyW(w, sizeof(w), L"abcdefgh"), STATUS_BUFFER_OVERFLOW);
	KUNIT_EXPECT_TRUE(test, rs_eq(w, "abcde"));
	KUNIT_EXPECT_EQ(test, RtlStringCbCopyW(w, 7, L"abcdefgh"), STATUS_BUFFER_OVERFLOW);
	KUNIT_EXPECT_TRUE(test, rs_eq(w, "ab"));	/* 7 bytes: 3 WCHARs */
	KUNIT_EXPECT_EQ(test, RtlStringCchCopyW(w, 0, L"a"), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, RtlStringCchCopyNW(w, 6, L"abcdef", 2), STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, rs_eq(w, "ab"));

	KUNIT_EXPECT_EQ(test, RtlStringCbCatW(w, sizeof(w), L"cd"), STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, rs_eq(w, "abcd"));
	KUNIT_EXPECT_EQ(test, RtlStringCbCatW(w, sizeof(w), L"efg"), STATUS_BUFFER_OVERFLOW);
	KUNIT_EXPECT_TRUE(test, rs_eq(w, "abcde"));
	KUNIT_EXPECT_EQ(test, RtlStringCchCatW(w, 3, L"x"), STATUS_INVALID_PARAMETER);

	KUNIT_EXPECT_EQ(test, RtlStringCchCopyA(a, sizeof(a), "abcd"), STATUS_BUFFER_OVERFLOW);
	KUNIT_EXPECT_STREQ(test, a, "abc");
	KUNIT_EXPECT_EQ(test, RtlStringCbLengthW(L"abc", 8, &len), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, len, 6);
	KUNIT_EXPECT_EQ(test, RtlStringCchLengthW(L"abc", 3, &len), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, len, 0);
	KUNIT_EXPECT_EQ(test, RtlStringCchLengthA("abc", 4, &len), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, len, 3);
}

/* printf with Windows' rules: l is 32 bits, %ws / %S / %wZ, I64; truncation. */
static void rs_strsafe_printf(struct kunit *test)
{
	UNICODE_STRING name = RTL_CONSTANT_STRING(L"edu");
	ANSI_STRING aname = RTL_CONSTANT_STRING("isa");
	DECLARE_UNICODE_STRING_SIZE(us, 8);
	WCHAR w[32];
	char a[64];

	KUNIT_EXPECT_EQ(test, RtlStringCbPrintfW(w, sizeof(w), L"%s-%d-%04x", L"dev", -7, 0xab),
			STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, rs_eq(w, "dev--7-00ab"));
	KUNIT_EXPECT_EQ(test, RtlStringCbPrintfW(w, sizeof(w), L"%S|%hs|%wZ|%c", "na", "hs",
						 &name, L'z'), STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, rs_eq(w, "na|hs|edu|z"));
	KUNIT_EXPECT_EQ(test, RtlStringCbPrintfW(w, 8, L"%d", 123456), STATUS_BUFFER_OVERFLOW);
	KUNIT_EXPECT_TRUE(test, rs_eq(w, "123"));	/* 4 WCHARs, one the NUL */

	/* "%lu" takes a 32-bit ULONG and "%I64x" a 64-bit value, as on Windows */
	KUNIT_EXPECT_EQ(test, RtlStringCbPrintfA(a, sizeof(a), "%lu %I64x %ws %Z %-4d| %5s",
						 (ULONG)4000000000U, 0x123456789ULL, L"wide",
						 &aname, 12, "r"), STATUS_SUCCESS);
	KUNIT_EXPECT_STREQ(test, a, "4000000000 123456789 wide isa 12  |     r");
	KUNIT_EXPECT_EQ(test, RtlStringCbPrintfA(a, sizeof(a), "%p", (PVOID)0xabcUL),
			STATUS_SUCCESS);
	KUNIT_EXPECT_STREQ(test, a, "0000000000000ABC");
	KUNIT_EXPECT_EQ(test, RtlStringCchPrintfA(a, 5, "%s", "abcdefgh"),
			STATUS_BUFFER_OVERFLOW);
	KUNIT_EXPECT_STREQ(test, a, "abcd");
	KUNIT_EXPECT_EQ(test, RtlStringCchPrintfA(a, 0, "x"), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, RtlStringCbPrintfA(a, sizeof(a), "%+d %x %X %o %%", 5, 255, 255, 8),
			STATUS_SUCCESS);
	KUNIT_EXPECT_STREQ(test, a, "+5 ff FF 10 %");
	KUNIT_EXPECT_EQ(test, RtlStringCbPrintfA(a, sizeof(a), "%hd %hhu %s", 70000, 300, NULL),
			STATUS_SUCCESS);
	KUNIT_EXPECT_STREQ(test, a, "4464 44 (null)");

	KUNIT_EXPECT_EQ(test, RtlUnicodeStringPrintf(&us, L"n=%u", 42), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, us.Length, 8);
	KUNIT_EXPECT_EQ(test, RtlUnicodeStringPrintf(&us, L"%s", L"123456789"),
			STATUS_BUFFER_OVERFLOW);
	KUNIT_EXPECT_EQ(test, us.Length, 16);		/* the whole buffer, no NUL */
}

static struct kunit_case rtl_string_cases[] = {
	KUNIT_CASE(rs_init),
	KUNIT_CASE(rs_copy_append),
	KUNIT_CASE(rs_compare),
	KUNIT_CASE(rs_integer),
	KUNIT_CASE(rs_convert),
	KUNIT_CASE(rs_strsafe_copy),
	KUNIT_CASE(rs_strsafe_printf),
	{}
};

struct kunit_suite wdmdma_rtl_string_suite = {
	.name = "wdmdma_rtl_string",
	.test_cases = rtl_string_cases,
};
