/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdmdma_swdmac: a software DMA controller, a real dmaengine provider for
 * tests and development (dmac/swdmac.c).  Linux side only: a port's glue
 * and the test suites use it, a driver's WDK source never sees it.
 *
 * Each request line is one dmaengine slave channel whose device side is a
 * FIFO at a bus address (swdmac_fifo_addr()) that tests fill and drain.
 * The channels also do memcpy (dmatest runs against them).  Transfers move
 * bytes_per_tick bytes every tick (all at once by default), so a test can
 * catch one mid-way; an error can be injected per transfer.
 */
#ifndef _WDMDMA_SWDMAC_H_
#define _WDMDMA_SWDMAC_H_

#include <linux/dmaengine.h>
#include <linux/types.h>

/* The platform device's name: the provider's struct device. */
#define SWDMAC_NAME		"wdmdma-swdmac"

/* Where line N's FIFO sits on the controller's bus (never dereferenced). */
#define SWDMAC_FIFO_BASE	0xfe000000ULL
#define SWDMAC_FIFO_STRIDE	0x1000

bool swdmac_filter(struct dma_chan *chan, void *line);
struct device *swdmac_device(void);
u32 swdmac_lines(void);
dma_addr_t swdmac_fifo_addr(u32 line);
size_t swdmac_fifo_put(u32 line, const void *buf, size_t len);
size_t swdmac_fifo_get(u32 line, void *buf, size_t len);
size_t swdmac_fifo_level(u32 line);
int swdmac_fifo_reset(u32 line);
int swdmac_set_rate(u32 line, u32 bytes_per_tick, u32 tick_us);
int swdmac_inject_error(u32 line, size_t after, enum dmaengine_tx_result result);
u64 swdmac_transferred(u32 line);

#endif /* _WDMDMA_SWDMAC_H_ */
