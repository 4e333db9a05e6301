/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stddef.h - a driver's <stddef.h>: size_t, ptrdiff_t, NULL, offsetof
 * (the kernel's), and a 16-bit wchar_t.
 */
#ifndef _WDM_CRT_STDDEF_H_
#define _WDM_CRT_STDDEF_H_

#include <linux/types.h>
#include <linux/stddef.h>

#ifndef _WCHAR_T_DEFINED
#define _WCHAR_T_DEFINED
typedef __WCHAR_TYPE__ wchar_t;
#endif

#endif /* _WDM_CRT_STDDEF_H_ */
