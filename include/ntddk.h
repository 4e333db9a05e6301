/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ntddk.h - on Windows a superset of wdm.h.  The ntddk-only names a DMA
 * driver uses (the legacy Hal/Io DMA routines) are declared by the
 * include/wdm headers, so this is <wdm.h>.
 */
#ifndef _WDM_NTDDK_H_
#define _WDM_NTDDK_H_

#include <wdm.h>

#endif /* _WDM_NTDDK_H_ */
