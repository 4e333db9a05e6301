/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A DMA target for the suites: the device an adapter is made for, a PDO and
 * device objects for it, and its "device side" -- what the device reads or
 * writes at a device address.  In the direct, bounce and highmem
 * configurations it is a kunit device, whose device side is the memory at
 * the bus address (physical address or swiotlb slot).  Under the IOMMU it
 * is the edu PCI device, whose device side is real DMA through the IOVA.
 */
#ifndef _WDMDMA_KUNIT_TARGET_H_
#define _WDMDMA_KUNIT_TARGET_H_

#include <linux/dma-mapping.h>

#include <wdm.h>
#undef __out	/* SAL's, not the label wait_event() uses */
#include <wdmdma/binding.h>

#include "env.h"

#define WDMDMA_TARGET_FDOS	4

enum wdmdma_target_kind {
	WDMDMA_TARGET_KUNIT,	/* a kunit device in every configuration */
	WDMDMA_TARGET_PLATFORM,	/* the configuration's real device: edu under the IOMMU */
	WDMDMA_TARGET_EDU,	/* the edu device in every configuration */
};

/**
 * struct wdmdma_target - what a test does DMA with
 * @test: the test
 * @dev: the device adapters are made for
 * @edu: non-NULL pdev when the target is the edu device
 * @td: the kunit device otherwise
 * @pdo: PDO for @dev
 * @fdo: device objects (IoCreateDevice, 64-byte extension) for requests
 * @scratch: edu only: coherent bounce page for device-side copies
 * @scratch_dma: its device address
 */
struct wdmdma_target {
	struct kunit *test;
	struct device *dev;
	struct wdmdma_edu edu;
	struct wdmdma_test_dev td;
	PDEVICE_OBJECT pdo;
	PDEVICE_OBJECT fdo[WDMDMA_TARGET_FDOS];
	void *scratch;
	dma_addr_t scratch_dma;
};

/* Set up / tear down; a failed init fails the test (KUNIT_ASSERT). */
void wdmdma_target_init(struct kunit *test, struct wdmdma_target *t,
			enum wdmdma_target_kind kind);
void wdmdma_target_exit(struct wdmdma_target *t);

/* True when the target is the edu device (28-bit, real DMA). */
bool wdmdma_target_is_edu(const struct wdmdma_target *t);

/*
 * A description the target can honour: bus master, @sg, MaximumLength
 * @maxlen; 64-bit addressing for the kunit device, a 28-bit
 * DmaAddressWidth (version 3) for the edu device.
 */
void wdmdma_target_desc(const struct wdmdma_target *t, DEVICE_DESCRIPTION *desc,
			bool sg, ULONG maxlen);

/*
 * True where an adapter of the target's device may have to wait for map
 * registers: where mappings can bounce, so the adapter's registers are a
 * real (growable) bounce reserve.  No IOMMU in front of the device, and
 * either a master without scatter/gather (it needs contiguous copies),
 * forced bouncing, or an address width of @width bits that does not reach
 * all RAM (RAM ends below 2^28, except in highmem where it passes 4 GiB).
 */
bool wdmdma_target_budgeted(const struct wdmdma_target *t, bool sg, unsigned int width);

/* IoGetDmaAdapter for the target's PDO; asserts success. */
PDMA_ADAPTER wdmdma_target_adapter(struct wdmdma_target *t, DEVICE_DESCRIPTION *desc,
				   ULONG *nregs);

/* The device side: read or write @len bytes at device address @addr. */
void wdmdma_target_dev_read(struct wdmdma_target *t, u64 addr, void *buf, size_t len);
void wdmdma_target_dev_write(struct wdmdma_target *t, u64 addr, const void *buf, size_t len);

/* Fill @buf with a pattern that differs per @seed and per offset. */
void wdmdma_fill(void *buf, size_t len, u32 seed);

/* A buffer over pages no two of which are physically adjacent (vmapped). */
u8 *wdmdma_test_scattered(struct kunit *test, unsigned int n);

/* A nonpaged buffer: vmalloc (pages scattered) or kmalloc (contiguous). */
void *wdmdma_test_buf(struct kunit *test, size_t len, bool scattered);

/* AllocateAdapterChannel with a routine that keeps the channel; waits; the base. */
PVOID wdmdma_test_keep_channel(struct kunit *test, PDMA_ADAPTER da, PDEVICE_OBJECT devobj,
			       ULONG nregs);

/* An MDL for @buf (IoAllocateMdl + MmBuildMdlForNonPagedPool), freed at test end. */
PMDL wdmdma_test_mdl(struct kunit *test, void *buf, ULONG len);

/*
 * The body of a test driver's AddDevice: an FDO whose extension holds
 * @ctx, attached over @pdo (*@fdo and *@lower set first, as the FDO's PnP
 * routine reads them).  Return: the status AddDevice returns.
 */
NTSTATUS wdmdma_test_add_fdo(PDRIVER_OBJECT drv, PDEVICE_OBJECT pdo, void *ctx,
			     PDEVICE_OBJECT *fdo, PDEVICE_OBJECT *lower);

/*
 * The end of a test FDO's IRP_MN_REMOVE_DEVICE: pass @irp down (success),
 * detach and delete the FDO; *@fdo and *@lower are cleared.
 */
NTSTATUS wdmdma_test_remove_fdo(PIRP irp, PDEVICE_OBJECT *fdo, PDEVICE_OBJECT *lower);

#endif /* _WDMDMA_KUNIT_TARGET_H_ */
