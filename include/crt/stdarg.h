/* SPDX-License-Identifier: GPL-2.0 */
/* stdarg.h - a driver's <stdarg.h>: va_list and the va_* macros (GCC's, as the kernel's) */
#ifndef _WDM_CRT_STDARG_H_
#define _WDM_CRT_STDARG_H_

#include <wdm/crtbase.h>

#endif /* _WDM_CRT_STDARG_H_ */
