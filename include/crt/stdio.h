/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stdio.h - a driver's formatted output into buffers, with Windows' format
 * rules (sprintf, snprintf, _snprintf, swprintf, _snwprintf...); see
 * <wdm/crt.h>.  There are no streams in the kernel: no printf or FILE.
 */
#ifndef _WDM_CRT_STDIO_H_
#define _WDM_CRT_STDIO_H_

#include <wdm.h>
#include <wdm/crt.h>

#undef sprintf
#undef snprintf
#undef vsnprintf
#define sprintf		wdmdma_crt_sprintf
#define snprintf	wdmdma_crt_snprintf
#define vsnprintf	wdmdma_crt_vsnprintf
#define _snprintf	wdmdma_crt_ms_snprintf
#define _vsnprintf	wdmdma_crt_ms_vsnprintf

#include <wchar.h>

#endif /* _WDM_CRT_STDIO_H_ */
