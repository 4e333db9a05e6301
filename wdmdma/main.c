// SPDX-License-Identifier: GPL-2.0
/*
 * wdmdma: the Windows WDM DMA API on Linux dma-mapping and dmaengine.
 */
#include <linux/module.h>

static int __init wdmdma_init(void)
{
	return 0;
}

static void __exit wdmdma_exit(void)
{
}

module_init(wdmdma_init);
module_exit(wdmdma_exit);
MODULE_DESCRIPTION("Windows WDM DMA API on Linux dma-mapping and dmaengine");
MODULE_LICENSE("GPL");
