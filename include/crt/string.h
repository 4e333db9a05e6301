/* SPDX-License-Identifier: GPL-2.0 */
/*
 * string.h - a driver's <string.h>: the kernel's memory and string
 * functions, and Microsoft's additions (_stricmp, _strnicmp, the wcs*
 * functions MSVC declares here too); see <wdm/crt.h>.
 */
#ifndef _WDM_CRT_STRING_H_
#define _WDM_CRT_STRING_H_

#include <wdm.h>
#include <wdm/crt.h>

#define _stricmp	wdmdma_crt_stricmp
#define _strnicmp	wdmdma_crt_strnicmp
#define stricmp		wdmdma_crt_stricmp
#define strnicmp	wdmdma_crt_strnicmp

#include <wchar.h>

#endif /* _WDM_CRT_STRING_H_ */
