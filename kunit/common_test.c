// SPDX-License-Identifier: GPL-2.0
#include "suites.h"

static void common_placeholder(struct kunit *test)
{
	kunit_skip(test, "not written yet");
}

static struct kunit_case common_cases[] = {
	KUNIT_CASE(common_placeholder),
	{}
};

struct kunit_suite wdmdma_common_suite = {
	.name = "wdmdma_common",
	.test_cases = common_cases,
};
