/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a system DMA adapter hands a controller that has the ISA-era
 * transfer settings (the 8237 provider), as its dma_slave_config's
 * peripheral_config.  Linux side only; see wdmdma_dma_line.isa_mode.
 */
#ifndef _WDMDMA_ISADMA_H_
#define _WDMDMA_ISADMA_H_

#include <linux/types.h>

/* struct wdmdma_isa_dma_mode.magic */
#define WDMDMA_ISA_DMA_MODE_MAGIC	0x41534957	/* "WISA" */

/**
 * struct wdmdma_isa_dma_mode - a system DMA adapter's ISA-era transfer
 *	settings, for a controller that has them (wdmdma_dma_line.isa_mode)
 * @magic: WDMDMA_ISA_DMA_MODE_MAGIC
 * @demand: DEVICE_DESCRIPTION.DemandMode: the 8237's demand transfer mode
 *	(the device holds DREQ for a burst) instead of single transfers
 * @speed: DEVICE_DESCRIPTION.DmaSpeed (a DMA_SPEED: Compatible, TypeA...)
 */
struct wdmdma_isa_dma_mode {
	u32 magic;
	bool demand;
	u32 speed;
};

#endif /* _WDMDMA_ISADMA_H_ */
