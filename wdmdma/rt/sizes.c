// SPDX-License-Identifier: GPL-2.0
/*
 * sizes.c - the size and alignment of each Linux object a WDK structure
 * carries as opaque storage (KSPIN_LOCK's spin lock, KTIMER's timer, the
 * device object's private part...), for <generated/wdm_sizes.h>.
 *
 * Compiled to assembly only, never linked: the top-level Kbuild turns the
 * values into the header, as the kernel makes asm-offsets.h, before any
 * directory is built.  The WDK headers size their opaque members from it,
 * so no Linux header is needed where a driver includes <wdm.h>; each file
 * that reaches into such a member checks the fit again (BUILD_BUG_ON).
 */
#include <linux/kbuild.h>
#include <linux/lockdep.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <asm/page.h>

#include <wdmdma/devobj.h>

#define SIZE_ALIGN(name, type)					\
	do {							\
		DEFINE(WDM_SIZEOF_##name, sizeof(type));	\
		DEFINE(WDM_ALIGNOF_##name, __alignof__(type));	\
	} while (0)

int main(void)
{
	COMMENT("The platform's page, the WDK's PAGE_SIZE");
	DEFINE(WDM_PAGE_SHIFT, PAGE_SHIFT);
	BLANK();
	COMMENT("KSPIN_LOCK: a Linux spin lock");
	SIZE_ALIGN(SPINLOCK, spinlock_t);
	COMMENT("KeInitializeSpinLock's per call site lockdep class");
	SIZE_ALIGN(LOCK_CLASS_KEY, struct lock_class_key);
	COMMENT("KTIMER: the Linux timer behind it");
	SIZE_ALIGN(TIMER, struct timer_list);
	COMMENT("DEVICE_OBJECT: wdmdma's private part");
	SIZE_ALIGN(DEVOBJ, struct wdmdma_devobj);
	return 0;
}
