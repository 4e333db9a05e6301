// SPDX-License-Identifier: GPL-2.0
#include "suites.h"

static void mdl_placeholder(struct kunit *test)
{
	kunit_skip(test, "not written yet");
}

static struct kunit_case mdl_cases[] = {
	KUNIT_CASE(mdl_placeholder),
	{}
};

struct kunit_suite wdmdma_mdl_suite = {
	.name = "wdmdma_mdl",
	.test_cases = mdl_cases,
};
