/* SPDX-License-Identifier: GPL-2.0 */
/* stdarg.h - a driver's <stdarg.h>: the kernel's va_list and va_* macros */
#ifndef _WDM_CRT_STDARG_H_
#define _WDM_CRT_STDARG_H_

#include <linux/stdarg.h>

#endif /* _WDM_CRT_STDARG_H_ */
