/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wchar.h - a driver's wide-string functions (wchar_t is 16 bits: the
 * kernel builds with -fshort-wchar); see <wdm/crt.h>.
 */
#ifndef _WDM_CRT_WCHAR_H_
#define _WDM_CRT_WCHAR_H_

#include <wdm.h>
#include <wdm/crt.h>

#define wcslen		wdmdma_crt_wcslen
#define wcsnlen		wdmdma_crt_wcsnlen
#define wcscpy		wdmdma_crt_wcscpy
#define wcsncpy		wdmdma_crt_wcsncpy
#define wcscat		wdmdma_crt_wcscat
#define wcscmp		wdmdma_crt_wcscmp
#define wcsncmp		wdmdma_crt_wcsncmp
#define _wcsicmp	wdmdma_crt_wcsicmp
#define _wcsnicmp	wdmdma_crt_wcsnicmp
#define wcschr		wdmdma_crt_wcschr
#define wcsrchr		wdmdma_crt_wcsrchr
#define swprintf	wdmdma_crt_swprintf
#define _snwprintf	wdmdma_crt_snwprintf
#define _vsnwprintf	wdmdma_crt_vsnwprintf

#endif /* _WDM_CRT_WCHAR_H_ */
