/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels wdmdma builds against (6.1 to 6.12 and
 * later), kept in this one place.
 */
#ifndef _WDMDMA_COMPAT_H_
#define _WDMDMA_COMPAT_H_

#include <linux/version.h>

/* kunit_device_register() arrived in 6.8; before it a platform device serves. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
#define WDMDMA_HAVE_KUNIT_DEVICE 1
#else
#define WDMDMA_HAVE_KUNIT_DEVICE 0
#endif

#endif /* _WDMDMA_COMPAT_H_ */
