/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the runtime's files share beyond internal.h: the formatter behind
 * the Windows printf family (format.c).
 */
#ifndef _WDMDMA_RT_H_
#define _WDMDMA_RT_H_

#include <linux/stdarg.h>

#include "../internal.h"

/**
 * struct wdmdma_fmt_out - where wdmdma_vformat() writes
 * @buf: CHAR or WCHAR units (@wide); NULL only with @cap 0
 * @cap: units @buf holds, terminator included
 * @len: units the whole result has (written or not), terminator excluded
 * @wide: whether @buf holds WCHARs
 */
struct wdmdma_fmt_out {
	void *buf;
	size_t cap;
	size_t len;
	bool wide;
};

/*
 * Format @fmt (WCHARs when @wide_fmt, else CHARs) with Windows' rules
 * into @out: as many units as fit before a terminator; @out->len tells
 * the whole length.  Does not terminate: the caller decides.
 */
void wdmdma_vformat(struct wdmdma_fmt_out *out, const void *fmt, bool wide_fmt, va_list args);

/* One code unit of a CHAR (!wide) or WCHAR (wide) string */
static inline WCHAR wdmdma_str_get(const void *s, size_t i, bool wide)
{
	return wide ? ((const WCHAR *)s)[i] : (UCHAR)((const CHAR *)s)[i];
}

/* Store @c; a CHAR string gets '?' for what Latin-1 cannot hold. */
static inline void wdmdma_str_put(void *s, size_t i, WCHAR c, bool wide)
{
	if (wide)
		((WCHAR *)s)[i] = c;
	else
		((CHAR *)s)[i] = c > 0xff ? '?' : (CHAR)c;
}

#endif /* _WDMDMA_RT_H_ */
