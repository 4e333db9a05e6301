/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdm.h - the WDM driver interface, for Windows drivers ported to Linux
 *
 * A ported driver includes this header exactly as it does on Windows, and
 * sees the WDK's names and nothing of Linux: no header under include/wdm
 * includes a Linux one.  A Linux glue file that also needs Linux headers
 * must include them before this one: see <wdm/wdk_macros.h>.
 */
#ifndef _WDM_H_
#define _WDM_H_

#include <wdm/sal.h>
#include <wdm/ntdef.h>
#include <wdm/ntstatus.h>
#include <wdm/ke.h>
#include <wdm/mdl.h>
#include <wdm/io.h>
#include <wdm/dma.h>
#include <wdm/hal.h>
#include <wdm/ex.h>
#include <wdm/pnp.h>
#include <wdm/rtl.h>
#include <wdm/lists.h>
#include <wdm/access.h>
#include <guiddef.h>
#include <wdm/rtlstring.h>
#include <wdm/workitem.h>
#include <wdm/sync.h>
#include <wdm/mm.h>
#include <wdm/port.h>
#include <wdm/errlog.h>
#include <wdm/callback.h>
#include <wdm/csq.h>
#include <wdm/registry.h>
#include <wdm/busif.h>
#include <wdm/legacy.h>
#include <wdm/intr.h>
#include <wdm/wmi.h>

#include <wdm/wdk_macros.h>

/*
 * Pool tags and signatures are multi-character constants ('Tag1') in WDK
 * code; GCC warns about every one by default.
 */
#pragma GCC diagnostic ignored "-Wmultichar"

/*
 * Driver sources place code with #pragma alloc_text(PAGE, ...) and data
 * with #pragma data_seg / code_seg; nothing is paged here, so GCC ignores
 * them, without a warning for each.
 */
#pragma GCC diagnostic ignored "-Wunknown-pragmas"

#endif /* _WDM_H_ */
