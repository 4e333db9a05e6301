/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stddef.h - a driver's <stddef.h>: size_t, ptrdiff_t, NULL, offsetof
 * (the same as the kernel's), and a 16-bit wchar_t.
 */
#ifndef _WDM_CRT_STDDEF_H_
#define _WDM_CRT_STDDEF_H_

#include <wdm/crtbase.h>

#endif /* _WDM_CRT_STDDEF_H_ */
