/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stdlib.h - a driver's <stdlib.h>: number parsing, _countof, byte swaps
 * and rotations.  No malloc: drivers allocate pool (ExAllocatePool2).
 */
#ifndef _WDM_CRT_STDLIB_H_
#define _WDM_CRT_STDLIB_H_

#include <wdm.h>
#include <wdm/crt.h>

#define strtoul		wdmdma_crt_strtoul
#define strtol		wdmdma_crt_strtol
#define atoi		wdmdma_crt_atoi
#define atol		wdmdma_crt_strtol_dec

static inline long wdmdma_crt_strtol_dec(const char *s)
{
	return wdmdma_crt_strtol(s, NULL, 10);
}

#define _countof(array)			RTL_NUMBER_OF(array)
#define _byteswap_ushort(x)		((USHORT)__builtin_bswap16(x))
#define _byteswap_ulong(x)		((ULONG)__builtin_bswap32(x))
#define _byteswap_uint64(x)		((ULONGLONG)__builtin_bswap64(x))
#define _rotl(v, s)			((ULONG)(((ULONG)(v) << ((s) & 31)) | \
						 ((ULONG)(v) >> ((32 - ((s) & 31)) & 31))))
#define _rotr(v, s)			((ULONG)(((ULONG)(v) >> ((s) & 31)) | \
						 ((ULONG)(v) << ((32 - ((s) & 31)) & 31))))

#endif /* _WDM_CRT_STDLIB_H_ */
