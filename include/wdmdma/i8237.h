/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdmdma_i8237: a dmaengine provider over the PC's two 8237 DMA
 * controllers (dmac/i8237.c).  Linux side only: a port's glue names a
 * channel with it (wdmdma_pdo_add_dma_line()), a driver's WDK source never
 * sees it.
 *
 * Channels 0-3 (the first controller) move bytes, 5-7 (the second) 16-bit
 * words; 4 is the cascade.  A transfer is one contiguous piece below
 * 16 MiB that crosses no 64 KiB (8-bit) or 128 KiB (16-bit) boundary.  The
 * controller has no interrupt: see the provider for how completion is
 * seen.
 */
#ifndef _WDMDMA_I8237_H_
#define _WDMDMA_I8237_H_

#include <linux/dmaengine.h>
#include <linux/types.h>

/* The platform devices' name: id 0 is channels 0-3, id 1 channels 5-7. */
#define I8237_NAME		"wdmdma-i8237"

bool i8237_filter(struct dma_chan *chan, void *channel);
struct device *i8237_device(unsigned int channel);
u8 i8237_channel_mode(unsigned int channel);

/* Mode register bits 7-6: 00 demand, 01 single (DMA_MODE_READ/WRITE's), 10 block */
#define I8237_MODE_SELECT	0xc0
#define I8237_MODE_SINGLE	0x40

#endif /* _WDMDMA_I8237_H_ */
