// SPDX-License-Identifier: GPL-2.0
#include "suites.h"

static void legacy_placeholder(struct kunit *test)
{
	kunit_skip(test, "not written yet");
}

static struct kunit_case legacy_cases[] = {
	KUNIT_CASE(legacy_placeholder),
	{}
};

struct kunit_suite wdmdma_legacy_suite = {
	.name = "wdmdma_legacy",
	.test_cases = legacy_cases,
};
