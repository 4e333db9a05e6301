/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dispatcher (dispatch.c) as the runtime's object files see it: the
 * object types, the one dispatcher lock, and what an object's state
 * change must call under it.
 */
#ifndef _WDMDMA_RT_DISPATCH_H_
#define _WDMDMA_RT_DISPATCH_H_

#include "../internal.h"
#include <wdm/lists.h>
#include <wdm/sync.h>

/* KOBJECTS: the type byte of Header.Lock, as on Windows */
enum wdmdma_object_type {
	WDMDMA_OBJ_EVENT_NOTIFICATION = 0,
	WDMDMA_OBJ_EVENT_SYNCHRONIZATION = 1,
	WDMDMA_OBJ_MUTANT = 2,
	WDMDMA_OBJ_SEMAPHORE = 5,
	WDMDMA_OBJ_THREAD = 6,
	WDMDMA_OBJ_TIMER_NOTIFICATION = 8,
	WDMDMA_OBJ_TIMER_SYNCHRONIZATION = 9,
};

/*
 * Header.Lock of an initialized object: the type byte, and the object's
 * size in ULONGs in the third byte (as on Windows).
 */
#define WDMDMA_HEADER_WORD(type, size)					\
	((LONG)((type) | (min_t(size_t, (size) / sizeof(ULONG), 0xff) << 16)))

void wdmdma_dispatch_init(PDISPATCHER_HEADER h, enum wdmdma_object_type type, size_t size,
			  LONG state);
int wdmdma_dispatch_type(PDISPATCHER_HEADER h);

extern spinlock_t wdmdma_dispatcher_lock;
/* take and release wdmdma_dispatcher_lock (irqsave) */
unsigned long wdmdma_dispatch_lock(void);
void wdmdma_dispatch_unlock(unsigned long flags);
void wdmdma_dispatch_signal(PDISPATCHER_HEADER h);

/* thread.c: who is waiting or owning (a KTHREAD, or the Linux task) */
PKTHREAD wdmdma_current_thread(void);
size_t wdmdma_thread_object_size(void);
bool wdmdma_is_thread(PVOID object);

#endif /* _WDMDMA_RT_DISPATCH_H_ */
