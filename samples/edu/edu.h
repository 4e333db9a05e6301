/* SPDX-License-Identifier: GPL-2.0 */
/*
 * edu.h - what the edu sample driver (edu.c, Windows code) and its Linux
 * binding (edu_linux.c) share: the driver's entry point and the values of
 * its one setting, DmaPath, which it reads from its registry key
 * (Services\edu_wdm\Parameters).
 *
 * wdmdma-lint: windows-source (Windows names and style are kept)
 */
#ifndef _EDU_H_
#define _EDU_H_

/* DmaPath (REG_DWORD): which DMA interface read and write requests use */
#define EDU_DMA_PATH_ALTERNATE		0	/* packet and scatter/gather in turn */
#define EDU_DMA_PATH_PACKET		1	/* AllocateAdapterChannel + MapTransfer */
#define EDU_DMA_PATH_SCATTER_GATHER	2	/* GetScatterGatherList */

DRIVER_INITIALIZE DriverEntry;

#endif /* _EDU_H_ */
