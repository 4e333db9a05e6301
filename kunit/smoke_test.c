// SPDX-License-Identifier: GPL-2.0
/*
 * The harness proves itself: the platform configuration the VM claims is
 * the one streaming mappings really get.  Direct mapping hands out physical
 * addresses, forced bouncing hands out swiotlb slots holding a copy of the
 * data, and the IOMMU hands the edu PCI device IOVAs it really DMAs
 * through.  Later suites rely on these facts.
 */
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/string.h>

#include "env.h"
#include "suites.h"

static void fill(void *buf, size_t len, u8 seed)
{
	u8 *p = buf;
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (u8)(seed + i * 7 + (i >> 8));
}

static void smoke_platform_known(struct kunit *test)
{
	KUNIT_EXPECT_NE_MSG(test, wdmdma_test_platform(), WDMDMA_PLATFORM_UNKNOWN,
			    "platform=%s", wdmdma_test_platform_name());
}

/*
 * A kunit device is never behind the IOMMU: it maps to physical addresses,
 * except under swiotlb=force where the data is copied to a bounce slot on
 * the way out and back on the way in.
 */
static void smoke_map_kunit_device(struct kunit *test)
{
	bool bounce = wdmdma_test_platform() == WDMDMA_PLATFORM_BOUNCE;
	struct wdmdma_test_dev td;
	struct page *page;
	dma_addr_t dma;
	u8 *buf, *seen;

	KUNIT_ASSERT_EQ(test, wdmdma_test_dev_create(test, &td), 0);
	KUNIT_ASSERT_EQ(test, dma_set_mask_and_coherent(td.dev, DMA_BIT_MASK(64)), 0);
	page = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	buf = page_address(page);

	fill(buf, PAGE_SIZE, 1);
	dma = dma_map_page(td.dev, page, 0, PAGE_SIZE, DMA_TO_DEVICE);
	KUNIT_ASSERT_FALSE(test, dma_mapping_error(td.dev, dma));
	seen = phys_to_virt(dma);	/* what the device reads there */
	if (bounce) {
		KUNIT_EXPECT_NE(test, dma, page_to_phys(page));
		KUNIT_EXPECT_EQ(test, memcmp(seen, buf, PAGE_SIZE), 0);
	} else {
		KUNIT_EXPECT_EQ(test, dma, page_to_phys(page));
	}
	dma_unmap_page(td.dev, dma, PAGE_SIZE, DMA_TO_DEVICE);

	/* Device to memory: what the device writes reaches the page on unmap. */
	memset(buf, 0, PAGE_SIZE);
	dma = dma_map_page(td.dev, page, 0, PAGE_SIZE, DMA_FROM_DEVICE);
	KUNIT_ASSERT_FALSE(test, dma_mapping_error(td.dev, dma));
	KUNIT_EXPECT_EQ(test, dma != page_to_phys(page), bounce);
	fill(phys_to_virt(dma), PAGE_SIZE, 2);
	dma_unmap_page(td.dev, dma, PAGE_SIZE, DMA_FROM_DEVICE);
	seen = kunit_kmalloc(test, PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, seen);
	fill(seen, PAGE_SIZE, 2);
	KUNIT_EXPECT_EQ(test, memcmp(seen, buf, PAGE_SIZE), 0);

	__free_page(page);
	wdmdma_test_dev_destroy(&td);
}

/*
 * The edu device is a real bus master: the addresses it is given must be
 * the ones it can use.  A round trip RAM -> device -> other RAM through
 * those addresses proves the mapping mode the platform claims.
 */
static void smoke_map_edu(struct kunit *test)
{
	enum wdmdma_platform plat = wdmdma_test_platform();
	const size_t len = 3000;
	struct wdmdma_edu edu;
	struct page *src, *dst;
	dma_addr_t ds, dd;
	struct device *dev;

	KUNIT_ASSERT_EQ_MSG(test, wdmdma_edu_open(&edu), 0, "no edu device in the VM");
	dev = &edu.pdev->dev;
	KUNIT_ASSERT_EQ(test, dma_set_mask_and_coherent(dev, DMA_BIT_MASK(28)), 0);
	src = alloc_page(GFP_KERNEL);
	dst = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, src && dst);
	fill(page_address(src), len, 3);
	memset(page_address(dst), 0, PAGE_SIZE);

	ds = dma_map_page(dev, src, 0, len, DMA_TO_DEVICE);
	dd = dma_map_page(dev, dst, 0, len, DMA_FROM_DEVICE);
	KUNIT_ASSERT_FALSE(test, dma_mapping_error(dev, ds));
	KUNIT_ASSERT_FALSE(test, dma_mapping_error(dev, dd));
	kunit_info(test, "%s: phys %pa -> device address %pad\n",
		   wdmdma_test_platform_name(), &(phys_addr_t){ page_to_phys(src) }, &ds);
	if (plat == WDMDMA_PLATFORM_DIRECT)
		KUNIT_EXPECT_EQ(test, ds, page_to_phys(src));
	else
		KUNIT_EXPECT_NE(test, ds, page_to_phys(src));	/* slot or IOVA */

	KUNIT_EXPECT_EQ(test, wdmdma_edu_dma(&edu, ds, 16, len, true), 0);
	KUNIT_EXPECT_EQ(test, wdmdma_edu_dma(&edu, dd, 16, len, false), 0);
	dma_unmap_page(dev, ds, len, DMA_TO_DEVICE);
	dma_unmap_page(dev, dd, len, DMA_FROM_DEVICE);
	KUNIT_EXPECT_EQ(test, memcmp(page_address(src), page_address(dst), len), 0);

	__free_page(src);
	__free_page(dst);
	wdmdma_edu_close(&edu);
}

static struct kunit_case smoke_cases[] = {
	KUNIT_CASE(smoke_platform_known),
	KUNIT_CASE(smoke_map_kunit_device),
	KUNIT_CASE(smoke_map_edu),
	{}
};

struct kunit_suite wdmdma_smoke_suite = {
	.name = "wdmdma_smoke",
	.test_cases = smoke_cases,
};
