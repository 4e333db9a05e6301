/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdmdma's verifier mode and its per-check counts, for glue code, tools and
 * tests (Linux side).  The mode is switched for all adapters with the
 * module parameter verifier=1, for the adapters of named drivers with
 * verifier_drivers=, and for one adapter at run time with
 * wdmdma_verifier_set() or its debugfs file wdmdma/<device>/<id>/verifier.
 */
#ifndef _WDMDMA_VERIFIER_H_
#define _WDMDMA_VERIFIER_H_

#include <linux/types.h>

#include <wdm/dma.h>

/**
 * enum wdmdma_check - the classes of misuse reports are counted under
 * @WDMDMA_CHK_MISUSE: a bad argument or call of no other class
 * @WDMDMA_CHK_REGS_EXHAUSTED: 0x00: past the map registers' end
 * @WDMDMA_CHK_COMMON_FREED_TWICE: 0x03: a common buffer freed twice
 * @WDMDMA_CHK_CHANNEL_FREED_TWICE: 0x04: the adapter channel freed twice
 * @WDMDMA_CHK_REGS_FREED_TWICE: 0x05: map registers freed twice
 * @WDMDMA_CHK_SGL_FREED_TWICE: 0x06: a scatter/gather list put twice
 * @WDMDMA_CHK_LEAK_COMMON: 0x07: a common buffer left at PutDmaAdapter
 * @WDMDMA_CHK_LEAK_CHANNEL: 0x08: the channel held at PutDmaAdapter
 * @WDMDMA_CHK_LEAK_REGS: 0x09: map registers left at PutDmaAdapter
 * @WDMDMA_CHK_LEAK_SGL: 0x0A: a list not put at PutDmaAdapter
 * @WDMDMA_CHK_TWO_CHANNELS: 0x0B: a second channel request
 * @WDMDMA_CHK_TOO_MANY_REGS: 0x0C, 0x15: more map registers than allowed
 * @WDMDMA_CHK_NOT_FLUSHED: 0x0D: a transfer not flushed
 * @WDMDMA_CHK_NOT_LOCKED: 0x0E: pageable (unlocked) buffer
 * @WDMDMA_CHK_OVERRUN: 0x0F: over- or underrun, guard area hit
 * @WDMDMA_CHK_FREED_MAPPED: 0x10: registers freed while mapped
 * @WDMDMA_CHK_IRQL: 0x13, 0x14: called at the wrong IRQL
 * @WDMDMA_CHK_NEVER_MAPPED: 0x16, 0x20: flush of what was not mapped
 * @WDMDMA_CHK_AFTER_RELEASE: 0x18: adapter used after PutDmaAdapter
 * @WDMDMA_CHK_NULL_ADAPTER: 0x19: a NULL adapter
 * @WDMDMA_CHK_NOT_IN_MDL: 0x1B, 0x1F, 0x24: range not in the MDL
 * @WDMDMA_CHK_ALREADY_MAPPED: 0x1D: range already mapped
 * @WDMDMA_CHK_OBSOLETE: 0x1E: HalGetAdapter
 * @WDMDMA_CHK_ZERO_LENGTH: 0x21: a zero-length request
 * @WDMDMA_CHK_NO_SYSTEM_VA: 0x22: buffer not mapped in system space
 * @WDMDMA_CHK_CHANNEL_BUSY: 0x23: flush of a transfer still running
 * @WDMDMA_CHK_DESC_VERSION: 0x25: unknown DEVICE_DESCRIPTION version
 * @WDMDMA_CHK_WRONG_SIZE: freed with another length or direction
 * @WDMDMA_CHK_SGL_AFTER_PUT: a list written after PutScatterGatherList
 * @WDMDMA_CHK_CPU_WROTE: the CPU wrote a buffer while it was mapped
 * @WDMDMA_CHK_WRONG_ACCESS: an MDL locked for the wrong access
 * @WDMDMA_CHK_LEAK_ADAPTER: an adapter not put at driver unload
 * @WDMDMA_CHK_N: the number of classes
 *
 * Named after the checks of Driver Verifier's DMA verification; the
 * comment gives bug check 0xE6's parameter 1 for it (verifier.c has the
 * table).  WDMDMA_CHK_MISUSE is every other bad argument or call.
 */
enum wdmdma_check {
	WDMDMA_CHK_MISUSE,		/* -: a bad argument or call */
	WDMDMA_CHK_REGS_EXHAUSTED,	/* 0x00: past the map registers' end */
	WDMDMA_CHK_COMMON_FREED_TWICE,	/* 0x03 */
	WDMDMA_CHK_CHANNEL_FREED_TWICE,	/* 0x04 */
	WDMDMA_CHK_REGS_FREED_TWICE,	/* 0x05 */
	WDMDMA_CHK_SGL_FREED_TWICE,	/* 0x06 */
	WDMDMA_CHK_LEAK_COMMON,		/* 0x07: left at PutDmaAdapter */
	WDMDMA_CHK_LEAK_CHANNEL,	/* 0x08 */
	WDMDMA_CHK_LEAK_REGS,		/* 0x09 */
	WDMDMA_CHK_LEAK_SGL,		/* 0x0A */
	WDMDMA_CHK_TWO_CHANNELS,	/* 0x0B: a second channel request */
	WDMDMA_CHK_TOO_MANY_REGS,	/* 0x0C, 0x15 */
	WDMDMA_CHK_NOT_FLUSHED,		/* 0x0D */
	WDMDMA_CHK_NOT_LOCKED,		/* 0x0E: pageable (unlocked) buffer */
	WDMDMA_CHK_OVERRUN,		/* 0x0F: over- or underrun, guard area hit */
	WDMDMA_CHK_FREED_MAPPED,	/* 0x10: registers freed while mapped */
	WDMDMA_CHK_IRQL,		/* 0x13, 0x14 */
	WDMDMA_CHK_NEVER_MAPPED,	/* 0x16, 0x20: flush of what was not mapped */
	WDMDMA_CHK_AFTER_RELEASE,	/* 0x18: adapter used after PutDmaAdapter */
	WDMDMA_CHK_NULL_ADAPTER,	/* 0x19 */
	WDMDMA_CHK_NOT_IN_MDL,		/* 0x1B, 0x1F, 0x24: range not in the MDL */
	WDMDMA_CHK_ALREADY_MAPPED,	/* 0x1D */
	WDMDMA_CHK_OBSOLETE,		/* 0x1E: HalGetAdapter */
	WDMDMA_CHK_ZERO_LENGTH,		/* 0x21 */
	WDMDMA_CHK_NO_SYSTEM_VA,	/* 0x22 */
	WDMDMA_CHK_CHANNEL_BUSY,	/* 0x23: flush of a transfer still running */
	WDMDMA_CHK_DESC_VERSION,	/* 0x25 */
	WDMDMA_CHK_WRONG_SIZE,		/* -: freed with another length or direction */
	WDMDMA_CHK_SGL_AFTER_PUT,	/* -: a list written after PutScatterGatherList */
	WDMDMA_CHK_CPU_WROTE,		/* -: the CPU wrote a buffer while it was mapped */
	WDMDMA_CHK_WRONG_ACCESS,	/* -: MDL locked for the wrong access */
	WDMDMA_CHK_LEAK_ADAPTER,	/* -: adapter not put at driver unload */
	WDMDMA_CHK_N
};

/**
 * wdmdma_verifier_set() - switch verifier mode for one adapter
 * @adapter: a live adapter
 * @on: true to verify it
 *
 * Mappings and common buffers made before the switch keep the way they
 * were made (each is ended as it was begun).
 *
 * Return: the previous setting; false for an adapter that is not live.
 */
bool wdmdma_verifier_set(PDMA_ADAPTER adapter, bool on);

/**
 * wdmdma_verifier_default() - verifier mode for adapters made from now on
 * @on: true to verify them (as the module parameter verifier=1 does)
 *
 * Also what calls naming no adapter (HalGetAdapter) check.
 *
 * Return: the previous setting.
 */
bool wdmdma_verifier_default(bool on);

/**
 * wdmdma_verifier_count() - how many misuses of one class were reported
 * @adapter: count those of this adapter; NULL for all since module load
 * @chk: the class
 *
 * Return: the count.
 */
unsigned long wdmdma_verifier_count(PDMA_ADAPTER adapter, enum wdmdma_check chk);

/**
 * wdmdma_check_name() - a check's short name, as reports print it
 * @chk: the check
 *
 * Return: the name ("overrun", "not-flushed", ...).
 */
const char *wdmdma_check_name(enum wdmdma_check chk);

#endif /* _WDMDMA_VERIFIER_H_ */
