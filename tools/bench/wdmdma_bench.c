// SPDX-License-Identifier: GPL-2.0
/*
 * wdmdma_bench: the cost of the WDM path against native dma-mapping, in the
 * same boot.  For each transfer size it times, on one device and buffer:
 *
 *   native:  fill a scatterlist from the pages, dma_map_sg, dma_unmap_sg
 *   wdm:     MapTransfer (until the range is mapped) + FlushAdapterBuffers
 *
 * and the per-request cost of AllocateAdapterChannel + an immediate
 * AdapterControl routine + FreeMapRegisters.  Prints one line per
 * measurement, "wdmdma-bench: <name> <ns/op> ... ratio <wdm/native>", and
 * fails to load (so the run notices) only when setup fails.  Under TCG and
 * the debug kernel absolute numbers mean little; the ratio is the figure.
 */
#define pr_fmt(fmt) "wdmdma-bench: " fmt

#include <linux/dma-mapping.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include <wdm.h>
#include <wdmdma/binding.h>

static unsigned int iterations = 2000;
module_param(iterations, uint, 0444);
MODULE_PARM_DESC(iterations, "operations timed per measurement");

#define BENCH_MAX_PAGES	16

struct bench {
	struct platform_device *pdev;
	PDEVICE_OBJECT pdo, fdo;
	PDMA_ADAPTER da;
	ULONG nregs;
	u8 *buf;
	PMDL mdl;
	struct scatterlist sg[BENCH_MAX_PAGES];
};

static IO_ALLOCATION_ACTION bench_keep(PDEVICE_OBJECT d, PIRP irp, PVOID base, PVOID ctx)
{
	*(PVOID *)ctx = base;
	return DeallocateObjectKeepRegisters;
}

static u64 bench_native(struct bench *b, size_t len)
{
	struct device *dev = &b->pdev->dev;
	unsigned int i, n = DIV_ROUND_UP(len, PAGE_SIZE);
	u64 start = ktime_get_ns();
	int k, mapped;

	for (i = 0; i < iterations; i++) {
		sg_init_table(b->sg, n);
		for (k = 0; k < n; k++)
			sg_set_page(&b->sg[k], vmalloc_to_page(b->buf + k * PAGE_SIZE),
				    min_t(size_t, PAGE_SIZE, len - k * PAGE_SIZE), 0);
		mapped = dma_map_sg(dev, b->sg, n, DMA_TO_DEVICE);
		if (!mapped)
			return 0;
		dma_unmap_sg(dev, b->sg, n, DMA_TO_DEVICE);
	}
	return (ktime_get_ns() - start) / iterations;
}

static u64 bench_wdm(struct bench *b, size_t len)
{
	PDMA_OPERATIONS ops = b->da->DmaOperations;
	ULONG regs = ADDRESS_AND_SIZE_TO_SPAN_PAGES(b->buf, len), got, done;
	PVOID base = NULL;
	unsigned int i;
	u64 start;

	if (ops->AllocateAdapterChannel(b->da, b->fdo, regs, bench_keep, &base) != STATUS_SUCCESS)
		return 0;
	start = ktime_get_ns();
	for (i = 0; i < iterations; i++) {
		for (done = 0; done < len; done += got) {
			got = len - done;
			ops->MapTransfer(b->da, b->mdl, base, b->buf + done, &got, TRUE);
			if (!got)
				return 0;
		}
		ops->FlushAdapterBuffers(b->da, b->mdl, base, b->buf, len, TRUE);
	}
	start = (ktime_get_ns() - start) / iterations;
	ops->FreeMapRegisters(b->da, base, regs);
	return start;
}

static u64 bench_channel(struct bench *b)
{
	PDMA_OPERATIONS ops = b->da->DmaOperations;
	PVOID base = NULL;
	unsigned int i;
	u64 start = ktime_get_ns();

	for (i = 0; i < iterations; i++) {
		ops->AllocateAdapterChannel(b->da, b->fdo, 1, bench_keep, &base);
		ops->FreeMapRegisters(b->da, base, 1);
	}
	return (ktime_get_ns() - start) / iterations;
}

static int bench_setup(struct bench *b)
{
	DEVICE_DESCRIPTION d = {
		.Version = DEVICE_DESCRIPTION_VERSION2, .Master = TRUE, .ScatterGather = TRUE,
		.Dma64BitAddresses = TRUE, .InterfaceType = PCIBus,
		.MaximumLength = BENCH_MAX_PAGES * PAGE_SIZE,
	};

	b->pdev = platform_device_register_simple("wdmdma-bench", -1, NULL, 0);
	if (IS_ERR(b->pdev))
		return PTR_ERR(b->pdev);
	b->pdo = wdmdma_pdo_create(&b->pdev->dev);
	if (!b->pdo || IoCreateDevice(NULL, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &b->fdo))
		return -ENOMEM;
	b->da = IoGetDmaAdapter(b->pdo, &d, &b->nregs);
	b->buf = vzalloc(BENCH_MAX_PAGES * PAGE_SIZE);
	if (!b->da || !b->buf)
		return -ENOMEM;
	b->mdl = IoAllocateMdl(b->buf, BENCH_MAX_PAGES * PAGE_SIZE, FALSE, FALSE, NULL);
	if (!b->mdl)
		return -ENOMEM;
	MmBuildMdlForNonPagedPool(b->mdl);
	return 0;
}

static void bench_teardown(struct bench *b)
{
	if (b->mdl)
		IoFreeMdl(b->mdl);
	vfree(b->buf);
	if (b->da)
		b->da->DmaOperations->PutDmaAdapter(b->da);
	if (b->fdo)
		IoDeleteDevice(b->fdo);
	wdmdma_pdo_destroy(b->pdo);
	if (!IS_ERR_OR_NULL(b->pdev))
		platform_device_unregister(b->pdev);
}

static int __init bench_init(void)
{
	static const size_t sizes[] = { 512, PAGE_SIZE, 4 * PAGE_SIZE, 16 * PAGE_SIZE };
	struct bench *b = kzalloc(sizeof(*b), GFP_KERNEL);
	u64 native, wdm;
	unsigned int i;
	int ret;

	if (!b)
		return -ENOMEM;
	ret = bench_setup(b);
	if (ret)
		goto out;
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		native = bench_native(b, sizes[i]);
		wdm = bench_wdm(b, sizes[i]);
		if (!native || !wdm) {
			ret = -EIO;
			goto out;
		}
		pr_info("map+unmap %zu bytes: native %llu ns, wdm %llu ns, ratio %llu.%02llu\n",
			sizes[i], native, wdm, wdm / native, (wdm * 100 / native) % 100);
	}
	pr_info("AllocateAdapterChannel+routine+FreeMapRegisters: %llu ns\n", bench_channel(b));
out:
	bench_teardown(b);
	kfree(b);
	return ret;
}

static void __exit bench_exit(void)
{
}

module_init(bench_init);
module_exit(bench_exit);
MODULE_DESCRIPTION("wdmdma: WDM DMA path against native dma-mapping");
MODULE_LICENSE("GPL");
