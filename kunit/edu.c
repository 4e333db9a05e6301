// SPDX-License-Identifier: GPL-2.0
/*
 * QEMU's edu PCI device as a real bus master for the tests: it copies
 * between RAM (through whatever the device sees: physical addresses, bounce
 * slots or IOVAs) and its own 4 KiB buffer.  Driven by polling, one
 * transfer at a time.
 */
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/ktime.h>

#include "env.h"

#define EDU_VENDOR	0x1234
#define EDU_DEVICE	0x11e8
#define EDU_ID		0x00
#define EDU_DMA_SRC	0x80
#define EDU_DMA_DST	0x88
#define EDU_DMA_CNT	0x90
#define EDU_DMA_CMD	0x98
#define EDU_CMD_START	BIT(0)
#define EDU_CMD_TO_RAM	BIT(1)

int wdmdma_edu_open(struct wdmdma_edu *edu)
{
	int ret;

	edu->pdev = pci_get_device(EDU_VENDOR, EDU_DEVICE, NULL);
	if (!edu->pdev)
		return -ENODEV;
	ret = pci_enable_device(edu->pdev);
	if (ret)
		goto err_put;
	edu->bar = pci_iomap(edu->pdev, 0, 0);
	if (!edu->bar) {
		ret = -ENOMEM;
		goto err_disable;
	}
	if ((readl(edu->bar + EDU_ID) & 0xff) != 0xed) {
		ret = -ENODEV;
		goto err_unmap;
	}
	pci_set_master(edu->pdev);
	/*
	 * Tests bind no driver to the device, so devres a test adds (MSI
	 * enabling does) is theirs to release: else a later driver's probe
	 * fails with "Resources present before probing".
	 */
	edu->devres_group = devres_open_group(&edu->pdev->dev, NULL, GFP_KERNEL);
	return 0;

err_unmap:
	pci_iounmap(edu->pdev, edu->bar);
err_disable:
	pci_disable_device(edu->pdev);
err_put:
	pci_dev_put(edu->pdev);
	edu->pdev = NULL;
	return ret;
}

void wdmdma_edu_close(struct wdmdma_edu *edu)
{
	if (!edu->pdev)
		return;
	if (edu->devres_group)
		devres_release_group(&edu->pdev->dev, edu->devres_group);
	edu->devres_group = NULL;
	pci_clear_master(edu->pdev);
	pci_iounmap(edu->pdev, edu->bar);
	pci_disable_device(edu->pdev);
	pci_dev_put(edu->pdev);
	edu->pdev = NULL;
}

/**
 * wdmdma_edu_dma() - one DMA transfer between RAM and the device buffer
 * @edu: the device
 * @ram: device-visible address of the RAM side
 * @off: offset in the device's 4 KiB buffer
 * @len: bytes; @off + @len must stay strictly inside the buffer
 * @to_device: true for RAM to device, false for device to RAM
 *
 * Return: 0, -EINVAL for a range the device cannot take, -ETIMEDOUT.
 */
int wdmdma_edu_dma(struct wdmdma_edu *edu, dma_addr_t ram, u32 off, u32 len,
		   bool to_device)
{
	u64 buf = WDMDMA_EDU_BUF + off;
	ktime_t end;

	/* QEMU 7.2 aborts on a transfer ending exactly at the buffer's end. */
	if (!len || off + len >= WDMDMA_EDU_BUF_SIZE)
		return -EINVAL;
	writeq(to_device ? ram : buf, edu->bar + EDU_DMA_SRC);
	writeq(to_device ? buf : ram, edu->bar + EDU_DMA_DST);
	writeq(len, edu->bar + EDU_DMA_CNT);
	writeq(EDU_CMD_START | (to_device ? 0 : EDU_CMD_TO_RAM),
	       edu->bar + EDU_DMA_CMD);
	end = ktime_add_ms(ktime_get(), 10000);
	while (readq(edu->bar + EDU_DMA_CMD) & EDU_CMD_START) {
		if (ktime_after(ktime_get(), end))
			return -ETIMEDOUT;
		usleep_range(200, 500);
	}
	return 0;
}
