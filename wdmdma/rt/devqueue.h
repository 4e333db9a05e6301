/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What devqueue.c gives iomgr.c for the device object's StartIo queue.
 * Nothing else includes this.
 */
#ifndef _WDMDMA_DEVQUEUE_H_
#define _WDMDMA_DEVQUEUE_H_

#include "../internal.h"

PKDEVICE_QUEUE wdmdma_devq(PDEVICE_OBJECT devobj);
bool wdmdma_devq_insert(PKDEVICE_QUEUE q, PKDEVICE_QUEUE_ENTRY e, ULONG key, bool bykey);
PKDEVICE_QUEUE_ENTRY wdmdma_devq_remove(PKDEVICE_QUEUE q, ULONG key, bool bykey,
					const char *call, PIRP *cur_irp);

#endif /* _WDMDMA_DEVQUEUE_H_ */
