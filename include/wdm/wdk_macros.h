/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdk_macros.h - WDK macros whose names Linux uses with another meaning
 *
 * Included last, and only, by <wdm.h>.  It replaces the Linux definitions,
 * so any Linux header a file needs must be included BEFORE <wdm.h>: a Linux
 * header parsed afterwards would see (or redefine) the WDK meaning.  A Linux
 * glue file that binds a ported driver therefore includes its <linux/...>
 * headers first and <wdm.h> last.
 */
#ifndef _WDM_WDK_MACROS_H_
#define _WDM_WDK_MACROS_H_

#include <wdm/ntdef.h>

/*
 * PAGE_ALIGN: Windows rounds a virtual address DOWN to the start of its page
 * and yields a PVOID; Linux's PAGE_ALIGN rounds UP to the next boundary.
 */
#undef PAGE_ALIGN
#define PAGE_ALIGN(Va)	((PVOID)((ULONG_PTR)(Va) & ~(ULONG_PTR)(PAGE_SIZE - 1)))

/*
 * min and max: the WDK's plain comparisons, of any two arithmetic types
 * (a driver mixes ULONG and SIZE_T freely), unless the driver defines
 * NOMINMAX.  A glue file that included Linux headers first keeps the
 * kernel's type-checked ones.
 */
#ifndef NOMINMAX
#ifndef min
#define min(a, b)	(((a) < (b)) ? (a) : (b))
#endif
#ifndef max
#define max(a, b)	(((a) > (b)) ? (a) : (b))
#endif
#endif

/*
 * The old-style SAL annotation __out: nothing.  Linux uses __out as a
 * label inside wait_event() and friends, so a glue file that calls those
 * after <wdm.h> says #undef __out first.  (__reserved stays undefined: it
 * is a field of Linux structures that headers parsed later declare.)
 */
#define __out

#endif /* _WDM_WDK_MACROS_H_ */
