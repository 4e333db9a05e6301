/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every wdmdma KUnit suite shares: the platform configuration the test
 * VM booted (the module parameter "platform"), a struct device for the
 * suite to map for, and QEMU's edu PCI bus master.
 */
#ifndef _WDMDMA_KUNIT_ENV_H_
#define _WDMDMA_KUNIT_ENV_H_

#include <kunit/test.h>
#include <linux/device.h>
#include <linux/pci.h>

enum wdmdma_platform {
	WDMDMA_PLATFORM_UNKNOWN,
	WDMDMA_PLATFORM_DIRECT,	/* devices map to their physical addresses */
	WDMDMA_PLATFORM_BOUNCE,	/* swiotlb=force: every streaming map bounces */
	WDMDMA_PLATFORM_IOMMU,	/* intel-iommu: PCI devices get IOVAs */
	/*
	 * RAM above 2^28 (at 4 GiB) besides 256 MiB below it, where the
	 * swiotlb pool sits: direct mapping, but pages beyond a device's
	 * mask (the edu device's 28 bits) bounce into the pool.
	 */
	WDMDMA_PLATFORM_HIGHMEM,
};

enum wdmdma_platform wdmdma_test_platform(void);
const char *wdmdma_test_platform_name(void);
/*
 * True in the configurations without forced bouncing or an IOMMU (direct,
 * highmem): a device whose mask covers all RAM maps to physical addresses.
 */
bool wdmdma_test_platform_direct(void);

/**
 * struct wdmdma_test_dev - a device a test maps for, released by its owner
 * @dev: the device (a kunit device, or a platform device before 6.8)
 * @priv: what the release needs
 */
struct wdmdma_test_dev {
	struct device *dev;
	void *priv;
};

int wdmdma_test_dev_create(struct kunit *test, struct wdmdma_test_dev *td);
void wdmdma_test_dev_destroy(struct wdmdma_test_dev *td);

/**
 * struct wdmdma_edu - QEMU's edu PCI device, driven by polling
 * @pdev: the PCI device (referenced, enabled, bus master)
 * @bar: BAR0
 * @devres_group: what the test added to the device, released on close
 */
struct wdmdma_edu {
	struct pci_dev *pdev;
	void __iomem *bar;
	void *devres_group;
};

/* The edu device's own 4 KiB buffer, as the device addresses it. */
#define WDMDMA_EDU_BUF		0x40000
#define WDMDMA_EDU_BUF_SIZE	4096

int wdmdma_edu_open(struct wdmdma_edu *edu);
void wdmdma_edu_close(struct wdmdma_edu *edu);
int wdmdma_edu_dma(struct wdmdma_edu *edu, dma_addr_t ram, u32 off, u32 len,
		   bool to_device);

#endif /* _WDMDMA_KUNIT_ENV_H_ */
