/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WDMDMA_DEVOBJ_H_
#define _WDMDMA_DEVOBJ_H_

#include <linux/types.h>
#include <linux/list.h>

struct device;
struct wdmdma_adapter;
struct wdmdma_sgl_req;

/**
 * struct wdmdma_wait - a request waiting for an adapter's channel
 * @node: on the adapter's wait queue, oldest first
 * @sgl: a scatter/gather request; NULL for the AllocateAdapterChannel
 *	request of the device object this is embedded in (its Wcb holds it)
 */
struct wdmdma_wait {
	struct list_head node;
	struct wdmdma_sgl_req *sgl;
};

/**
 * struct wdmdma_devobj - wdmdma's private part of every DEVICE_OBJECT;
 *	drivers never touch it.  It is the last member (Wdmdma) of
 *	DEVICE_OBJECT, after every field the WDK defines.
 * @dev: PDO: the Linux device it stands for; FDO: NULL
 * @wait: its AllocateAdapterChannel request on an adapter's wait queue
 * @wait_adapter: adapter this object waits on; NULL when idle
 * @wait_flags: WDMDMA_WAIT_* bits
 * @reserved: spare words, zero
 */
struct wdmdma_devobj {
	struct device *dev;		/* PDO: the Linux device it stands for; FDO: NULL */
	struct wdmdma_wait wait;	/* its channel request, when waiting */
	struct wdmdma_adapter *wait_adapter; /* adapter this object waits on; NULL when idle */
	unsigned long wait_flags;	/* WDMDMA_WAIT_* bits */
	unsigned long reserved[3];
};

#endif /* _WDMDMA_DEVOBJ_H_ */
