// SPDX-License-Identifier: GPL-2.0
#include "suites.h"

static void stress_placeholder(struct kunit *test)
{
	kunit_skip(test, "not written yet");
}

static struct kunit_case stress_cases[] = {
	KUNIT_CASE(stress_placeholder),
	{}
};

struct kunit_suite wdmdma_stress_suite = {
	.name = "wdmdma_stress",
	.test_cases = stress_cases,
};
