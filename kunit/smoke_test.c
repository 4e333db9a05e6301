// SPDX-License-Identifier: GPL-2.0
/*
 * The harness proves itself: the platform configuration the VM claims is
 * the one streaming mappings really get.  Direct mapping hands out physical
 * addresses, forced bouncing hands out swiotlb slots holding a copy of the
 * data, and the IOMMU hands the edu PCI device IOVAs it really DMAs
 * through.  In the highmem configuration a page above 2^28 bounces for the
 * edu device (28-bit mask) into a slot it can reach, through the DMA API
 * and through a wdmdma adapter alike.  Later suites rely on these facts.
 */
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include "../wdmdma/compat.h"
#include "env.h"
#include "suites.h"
#include "target.h"

/* The edu device's address limit: its default DMA mask is 28 bits. */
#define EDU_LIMIT	SZ_256M

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
	else if (plat != WDMDMA_PLATFORM_HIGHMEM ||
		 page_to_phys(src) + len > EDU_LIMIT)
		KUNIT_EXPECT_NE(test, ds, page_to_phys(src));	/* slot or IOVA */
	KUNIT_EXPECT_LE(test, ds + len, EDU_LIMIT);

	KUNIT_EXPECT_EQ(test, wdmdma_edu_dma(&edu, ds, 16, len, true), 0);
	KUNIT_EXPECT_EQ(test, wdmdma_edu_dma(&edu, dd, 16, len, false), 0);
	dma_unmap_page(dev, ds, len, DMA_TO_DEVICE);
	dma_unmap_page(dev, dd, len, DMA_FROM_DEVICE);
	KUNIT_EXPECT_EQ(test, memcmp(page_address(src), page_address(dst), len), 0);

	__free_page(src);
	__free_page(dst);
	wdmdma_edu_close(&edu);
}

static void smoke_free_pages_action(void *p)
{
	struct list_head *pages = p;
	struct page *page, *next;

	list_for_each_entry_safe(page, next, pages, lru) {
		list_del(&page->lru);
		__free_page(page);
	}
}

/*
 * A page whose physical address lies at or above @limit, freed when the
 * test ends: allocate until one comes (most do: the page allocator
 * prefers the highest zone), giving back the others at once.
 */
static struct page *smoke_page_above(struct kunit *test, phys_addr_t limit)
{
	struct list_head *pages = kunit_kmalloc(test, sizeof(*pages), GFP_KERNEL);
	struct page *page = NULL;
	phys_addr_t phys;
	LIST_HEAD(low);
	int tries;

	KUNIT_ASSERT_NOT_NULL(test, pages);
	INIT_LIST_HEAD(pages);
	KUNIT_ASSERT_EQ(test, wdmdma_kunit_defer(test, smoke_free_pages_action, pages), 0);
	for (tries = 0; tries < 16384; tries++) {
		page = alloc_page(GFP_KERNEL);
		if (!page || page_to_phys(page) >= limit)
			break;
		list_add(&page->lru, &low);
	}
	smoke_free_pages_action(&low);
	KUNIT_ASSERT_NOT_NULL_MSG(test, page, "no page above %pa", &limit);
	list_add(&page->lru, pages);
	phys = page_to_phys(page);
	KUNIT_ASSERT_GE_MSG(test, phys, limit, "no page above %pa in %d tries", &limit, tries);
	return page;
}

static void smoke_edu_close_action(void *edu)
{
	wdmdma_edu_close(edu);	/* NULL-safe: edu->pdev is NULL unless open */
}

static void smoke_target_exit_action(void *t)
{
	wdmdma_target_exit(t);
}

static void smoke_put_adapter_action(void *da)
{
	((PDMA_ADAPTER)da)->DmaOperations->PutDmaAdapter(da);
}

/*
 * Highmem: a page above 2^28 mapped for the edu device (28-bit mask) gets
 * a swiotlb slot below 2^28, and the device really moves the data through
 * it both ways: the pool sits below the device's limit although RAM goes
 * far beyond it.
 */
static void smoke_highmem_edu(struct kunit *test)
{
	const size_t len = 3000;
	struct wdmdma_edu *edu;
	struct device *dev;
	struct page *page;
	phys_addr_t phys;
	dma_addr_t dma;
	u8 *buf, *want;

	if (wdmdma_test_platform() != WDMDMA_PLATFORM_HIGHMEM)
		kunit_skip(test, "only the highmem configuration has RAM beyond the edu mask");
	page = smoke_page_above(test, EDU_LIMIT);
	phys = page_to_phys(page);
	buf = page_address(page);
	want = kunit_kmalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, want);
	fill(want, len, 5);
	memcpy(buf, want, len);

	edu = kunit_kzalloc(test, sizeof(*edu), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, edu);
	KUNIT_ASSERT_EQ(test, wdmdma_kunit_defer(test, smoke_edu_close_action, edu), 0);
	KUNIT_ASSERT_EQ_MSG(test, wdmdma_edu_open(edu), 0, "no edu device in the VM");
	dev = &edu->pdev->dev;
	KUNIT_ASSERT_EQ(test, dma_set_mask_and_coherent(dev, DMA_BIT_MASK(28)), 0);

	/* memory to device */
	dma = dma_map_page(dev, page, 0, len, DMA_TO_DEVICE);
	KUNIT_ASSERT_FALSE(test, dma_mapping_error(dev, dma));
	kunit_info(test, "%s: phys %pa -> device address %pad\n",
		   wdmdma_test_platform_name(), &phys, &dma);
	KUNIT_EXPECT_NE(test, dma, phys);
	KUNIT_EXPECT_LE(test, dma + len, EDU_LIMIT);
	if (dma + len <= EDU_LIMIT)
		KUNIT_EXPECT_EQ(test, wdmdma_edu_dma(edu, dma, 8, len, true), 0);
	dma_unmap_page(dev, dma, len, DMA_TO_DEVICE);

	/* device to memory, into the cleared page */
	memset(buf, 0, PAGE_SIZE);
	dma = dma_map_page(dev, page, 0, len, DMA_FROM_DEVICE);
	KUNIT_ASSERT_FALSE(test, dma_mapping_error(dev, dma));
	KUNIT_EXPECT_NE(test, dma, phys);
	KUNIT_EXPECT_LE(test, dma + len, EDU_LIMIT);
	if (dma + len <= EDU_LIMIT)
		KUNIT_EXPECT_EQ(test, wdmdma_edu_dma(edu, dma, 8, len, false), 0);
	dma_unmap_page(dev, dma, len, DMA_FROM_DEVICE);
	KUNIT_EXPECT_EQ(test, memcmp(buf, want, len), 0);
}

static void smoke_sgl_routine(PDEVICE_OBJECT d, PIRP irp, PSCATTER_GATHER_LIST list,
			      PVOID ctx)
{
	*(PSCATTER_GATHER_LIST *)ctx = list;
}

/*
 * Highmem, the same through wdmdma: an adapter for the edu device with a
 * 28-bit DmaAddressWidth hands out a scatter/gather element below 2^28
 * for an MDL of a page above it, and the device reads and writes the
 * page's data through that element.
 */
static void smoke_highmem_adapter(struct kunit *test)
{
	const ULONG len = 3000;
	PSCATTER_GATHER_LIST list = NULL;
	struct wdmdma_target *t;
	DEVICE_DESCRIPTION d;
	PDMA_OPERATIONS ops;
	u8 *buf, *want, *seen;
	struct page *page;
	PDMA_ADAPTER da;
	phys_addr_t phys;
	u64 addr;
	ULONG nregs;
	PMDL mdl;

	if (wdmdma_test_platform() != WDMDMA_PLATFORM_HIGHMEM)
		kunit_skip(test, "only the highmem configuration has RAM beyond the edu mask");
	page = smoke_page_above(test, EDU_LIMIT);
	phys = page_to_phys(page);
	buf = page_address(page);
	want = kunit_kmalloc(test, len, GFP_KERNEL);
	seen = kunit_kzalloc(test, len, GFP_KERNEL);
	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, want && seen && t);
	fill(want, len, 9);
	memcpy(buf, want, len);

	/* Cleanups run in reverse: the adapter goes before its target. */
	KUNIT_ASSERT_EQ(test, wdmdma_kunit_defer(test, smoke_target_exit_action, t), 0);
	wdmdma_target_init(test, t, WDMDMA_TARGET_EDU);
	wdmdma_target_desc(t, &d, TRUE, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, d.Version, DEVICE_DESCRIPTION_VERSION3);
	KUNIT_EXPECT_EQ(test, d.DmaAddressWidth, 28);
	da = IoGetDmaAdapter(t->pdo, &d, &nregs);
	KUNIT_ASSERT_NOT_NULL(test, da);
	KUNIT_ASSERT_EQ(test, wdmdma_kunit_defer(test, smoke_put_adapter_action, da), 0);
	ops = da->DmaOperations;
	mdl = wdmdma_test_mdl(test, buf, len);

	/* memory to device */
	KUNIT_ASSERT_EQ(test, ops->GetScatterGatherList(da, t->fdo[0], mdl, buf, len,
							smoke_sgl_routine, &list, TRUE),
			STATUS_SUCCESS);
	KUNIT_ASSERT_NOT_NULL(test, list);
	KUNIT_EXPECT_EQ(test, list->NumberOfElements, 1);
	addr = list->Elements[0].Address.QuadPart;
	kunit_info(test, "%s: adapter: phys %pa -> element %#llx\n",
		   wdmdma_test_platform_name(), &phys, addr);
	KUNIT_EXPECT_NE(test, addr, phys);
	KUNIT_EXPECT_LE(test, addr + len, EDU_LIMIT);
	KUNIT_EXPECT_EQ(test, list->Elements[0].Length, len);
	if (addr + len <= EDU_LIMIT && list->Elements[0].Length == len) {
		wdmdma_target_dev_read(t, addr, seen, len);
		KUNIT_EXPECT_EQ(test, memcmp(seen, want, len), 0);
	}
	ops->PutScatterGatherList(da, list, TRUE);

	/* device to memory, into the cleared page */
	memset(buf, 0, PAGE_SIZE);
	fill(want, len, 10);
	list = NULL;
	KUNIT_ASSERT_EQ(test, ops->GetScatterGatherList(da, t->fdo[0], mdl, buf, len,
							smoke_sgl_routine, &list, FALSE),
			STATUS_SUCCESS);
	KUNIT_ASSERT_NOT_NULL(test, list);
	KUNIT_EXPECT_EQ(test, list->NumberOfElements, 1);
	addr = list->Elements[0].Address.QuadPart;
	KUNIT_EXPECT_NE(test, addr, phys);
	KUNIT_EXPECT_LE(test, addr + len, EDU_LIMIT);
	if (addr + len <= EDU_LIMIT && list->Elements[0].Length == len)
		wdmdma_target_dev_write(t, addr, want, len);
	ops->PutScatterGatherList(da, list, FALSE);
	KUNIT_EXPECT_EQ(test, memcmp(buf, want, len), 0);
}

static struct kunit_case smoke_cases[] = {
	KUNIT_CASE(smoke_platform_known),
	KUNIT_CASE(smoke_map_kunit_device),
	KUNIT_CASE(smoke_map_edu),
	KUNIT_CASE(smoke_highmem_edu),
	KUNIT_CASE(smoke_highmem_adapter),
	{}
};

struct kunit_suite wdmdma_smoke_suite = {
	.name = "wdmdma_smoke",
	.test_cases = smoke_cases,
};
