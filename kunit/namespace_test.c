// SPDX-License-Identifier: GPL-2.0
/*
 * wdmdma_namespace: the WDK meanings are in force in a driver's file that
 * includes only the WDK's headers (namespace.c, which also proves at build
 * time that no Linux name leaks into it).
 */
#include <kunit/test.h>

#include <wdm.h>

#include "namespace.h"
#include "suites.h"

/* min/max are plain comparisons, with C's conversions (not Linux's type checks) */
static void ns_min_max(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, WdmNsMinSignedUnsigned(-1, 1U), 1U);
	KUNIT_EXPECT_EQ(test, WdmNsMinSignedUnsigned(3, 5), 3U);
	KUNIT_EXPECT_EQ(test, WdmNsMaxMixed(7, 5, 2), (SIZE_T)7);
	KUNIT_EXPECT_EQ(test, WdmNsMaxMixed(7, 1UL << 40, 2), (SIZE_T)1 << 40);
	/* a negative LONG cast to SIZE_T is huge, as on Windows */
	KUNIT_EXPECT_EQ(test, WdmNsMaxMixed(1, 2, -1), ~(SIZE_T)0);
}

/* PAGE_ALIGN rounds down to the page (Linux's rounds up); PAGE_SIZE is the page */
static void ns_page(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, WdmNsPageSize(), (ULONG)PAGE_SIZE);
	KUNIT_EXPECT_PTR_EQ(test, WdmNsPageAlign((PVOID)0x12345), (PVOID)0x12000);
	KUNIT_EXPECT_PTR_EQ(test, WdmNsPageAlign((PVOID)0x12000), (PVOID)0x12000);
}

/* The driver's own list_head, container_of, BIT and ARRAY_SIZE are the ones used */
static void ns_own_list(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, WdmNsListSum(0), 0U);
	KUNIT_EXPECT_EQ(test, WdmNsListSum(3), 7U);
	/* clamped to the driver's ARRAY_SIZE (8) */
	KUNIT_EXPECT_EQ(test, WdmNsListSum(20), 255U);
}

/* "current" and "jiffies" are the driver's own variables */
static void ns_own_variables(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, WdmNsCurrent(), 8U);
	KUNIT_EXPECT_EQ(test, WdmNsCurrent(), 8U);
}

/* ALIGN, BIT, swap and likely: the driver's definitions */
static void ns_own_macros(struct kunit *test)
{
	/* ALIGN(5, 8) = 8, BIT(4) = 16: 8 + 16 + 8 + 16 + 1 */
	KUNIT_EXPECT_EQ(test, WdmNsOwnMacros(5), (ULONG_PTR)49);
	/* ALIGN(0, 8) = 0: 0 + 16 + 0 + 16 + 0 */
	KUNIT_EXPECT_EQ(test, WdmNsOwnMacros(0), (ULONG_PTR)32);
}

static struct kunit_case wdmdma_namespace_cases[] = {
	KUNIT_CASE(ns_min_max),
	KUNIT_CASE(ns_page),
	KUNIT_CASE(ns_own_list),
	KUNIT_CASE(ns_own_variables),
	KUNIT_CASE(ns_own_macros),
	{}
};

struct kunit_suite wdmdma_namespace_suite = {
	.name = "wdmdma_namespace",
	.test_cases = wdmdma_namespace_cases,
};
