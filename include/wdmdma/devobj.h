/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WDMDMA_DEVOBJ_H_
#define _WDMDMA_DEVOBJ_H_

#include <linux/types.h>
#include <linux/list.h>

struct device;
struct wdmdma_adapter;
struct wdmdma_wait_ops;

/**
 * struct wdmdma_wait - a request waiting for an adapter's channel
 * @node: on the adapter's wait queue, oldest first
 * @ops: what the request does when granted (wdmdma's DMA core)
 * @devobj: the device object the request is for
 * @nregs: map registers it needs with the channel
 * @queued_us: when it was queued (wdmdma_now_us(): microseconds, wrapping),
 *	for the adapter's wait statistics; in what was padding
 * @xfer: the DMA transfer context a version 3 request was made with, by
 *	which CancelAdapterChannel finds it; NULL for the older entries
 */
struct wdmdma_wait {
	struct list_head node;
	const struct wdmdma_wait_ops *ops;
	void *devobj;
	u32 nregs;
	unsigned int queued_us;
	void *xfer;
};

/**
 * struct wdmdma_devobj - wdmdma's private part of every DEVICE_OBJECT;
 *	drivers never touch it.  It is the last member (Wdmdma) of
 *	DEVICE_OBJECT, after every field the WDK defines.
 * @dev: PDO: the Linux device it stands for; FDO: NULL
 * @wait: its AllocateAdapterChannel request on an adapter's wait queue
 * @wait_adapter: adapter this object waits on; NULL when idle
 * @wait_flags: WDMDMA_WAIT_* bits
 * @startio: WDMDMA_STARTIO_* bits: IoSetStartIoAttributes() and the
 *	deferred start state; under the device queue's Lock
 * @startio_key: the key of a deferred IoStartNextPacketByKey()
 * @reserved: spare, zero
 * @power: the power states recorded for it (rt/power.c): device state in
 *	bits 0-7, system state in bits 8-15, 0 until one is recorded
 * @wait_wake: PDO: its pending IRP_MN_WAIT_WAKE (rt/power.c, under its lock)
 */
struct wdmdma_devobj {
	struct device *dev;		/* PDO: the Linux device it stands for; FDO: NULL */
	struct wdmdma_wait wait;	/* its channel request, when waiting */
	struct wdmdma_adapter *wait_adapter; /* adapter this object waits on; NULL when idle */
	unsigned long wait_flags;	/* WDMDMA_WAIT_* bits */
	unsigned long startio;		/* WDMDMA_STARTIO_* bits, under DeviceQueue.Lock */
	unsigned long startio_key;	/* key of a deferred IoStartNextPacketByKey */
	unsigned long reserved;
	unsigned int power;		/* recorded power states (rt/power.c) */
	void *wait_wake;		/* PDO: its pending IRP_MN_WAIT_WAKE */
};

/* struct wdmdma_devobj.startio */
#define WDMDMA_STARTIO_DEFERRED		0x01	/* IoSetStartIoAttributes(DeferredStartIo) */
#define WDMDMA_STARTIO_NONCANCELABLE	0x02	/* IoSetStartIoAttributes(NonCancelable) */
#define WDMDMA_STARTIO_ACTIVE		0x04	/* (deferred) StartIo is running */
#define WDMDMA_STARTIO_PENDING		0x08	/* (deferred) a start of the next packet waits */
#define WDMDMA_STARTIO_PENDING_CANCELABLE 0x10	/* ... its Cancelable */
#define WDMDMA_STARTIO_PENDING_BYKEY	0x20	/* ... by key (startio_key) */

#endif /* _WDMDMA_DEVOBJ_H_ */
