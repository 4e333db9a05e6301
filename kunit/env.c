// SPDX-License-Identifier: GPL-2.0
/*
 * The test environment: platform configuration and test devices.
 */
#include <linux/dma-mapping.h>
#include <linux/platform_device.h>
#include <linux/string.h>

#include "../wdmdma/compat.h"
#include "env.h"

#if WDMDMA_HAVE_KUNIT_DEVICE
#include <kunit/device.h>
#endif

static char *platform = "unknown";
module_param(platform, charp, 0444);
MODULE_PARM_DESC(platform, "platform configuration the VM booted: direct, bounce, iommu or highmem");

enum wdmdma_platform wdmdma_test_platform(void)
{
	if (!strcmp(platform, "direct"))
		return WDMDMA_PLATFORM_DIRECT;
	if (!strcmp(platform, "bounce"))
		return WDMDMA_PLATFORM_BOUNCE;
	if (!strcmp(platform, "iommu"))
		return WDMDMA_PLATFORM_IOMMU;
	if (!strcmp(platform, "highmem"))
		return WDMDMA_PLATFORM_HIGHMEM;
	return WDMDMA_PLATFORM_UNKNOWN;
}

bool wdmdma_test_platform_direct(void)
{
	enum wdmdma_platform plat = wdmdma_test_platform();

	return plat == WDMDMA_PLATFORM_DIRECT || plat == WDMDMA_PLATFORM_HIGHMEM;
}

const char *wdmdma_test_platform_name(void)
{
	return platform;
}

#if WDMDMA_HAVE_KUNIT_DEVICE
int wdmdma_test_dev_create(struct kunit *test, struct wdmdma_test_dev *td)
{
	static atomic_t seq = ATOMIC_INIT(0);
	char *name = kunit_kmalloc(test, 32, GFP_KERNEL);

	if (!name)
		return -ENOMEM;
	/* A kunit device is also a driver of its name: names must differ. */
	snprintf(name, 32, "wdmdma-test-%d", atomic_inc_return(&seq));
	/* Released by KUnit when the test ends. */
	td->dev = kunit_device_register(test, name);
	td->priv = NULL;
	return PTR_ERR_OR_ZERO(td->dev);
}

void wdmdma_test_dev_destroy(struct wdmdma_test_dev *td)
{
	td->dev = NULL;
}
#else
int wdmdma_test_dev_create(struct kunit *test, struct wdmdma_test_dev *td)
{
	struct platform_device *pdev;

	pdev = platform_device_register_simple("wdmdma-test", PLATFORM_DEVID_AUTO,
					       NULL, 0);
	if (IS_ERR(pdev))
		return PTR_ERR(pdev);
	td->dev = &pdev->dev;
	td->priv = pdev;
	return 0;
}

void wdmdma_test_dev_destroy(struct wdmdma_test_dev *td)
{
	if (td->priv)
		platform_device_unregister(td->priv);
	td->priv = NULL;
	td->dev = NULL;
}
#endif
