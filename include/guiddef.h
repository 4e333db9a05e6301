/* SPDX-License-Identifier: GPL-2.0 */
/*
 * guiddef.h - GUID and DEFINE_GUID
 *
 * DEFINE_GUID(name, l, w1, w2, b1, ..., b8) declares the GUID "name"
 * (extern const GUID) or, after <initguid.h> (INITGUID defined), also
 * defines it.  As on Windows, a file includes <initguid.h> before the
 * headers whose GUIDs it instantiates; the definitions are weak, so two
 * files of one module may both do so (MSVC's selectany).
 */
#ifndef _WDM_GUIDDEF_H_
#define _WDM_GUIDDEF_H_

#include <wdm/ntdef.h>

typedef struct _GUID {
	ULONG Data1;
	USHORT Data2;
	USHORT Data3;
	UCHAR Data4[8];
} GUID, *PGUID, *LPGUID, IID, *LPIID, CLSID, *LPCLSID;
typedef const GUID *LPCGUID, *PCGUID, *REFGUID, *REFIID, *REFCLSID;

#define IsEqualGUID(rguid1, rguid2)	(!memcmp((rguid1), (rguid2), sizeof(GUID)))
#define InlineIsEqualGUID(rguid1, rguid2) IsEqualGUID(rguid1, rguid2)
#define IsEqualIID(riid1, riid2)	IsEqualGUID(riid1, riid2)
#define IsEqualCLSID(rclsid1, rclsid2)	IsEqualGUID(rclsid1, rclsid2)

#ifdef CONFIG_X86_64
WDM_STATIC_ASSERT(sizeof(GUID) == 16);
#endif

#endif /* _WDM_GUIDDEF_H_ */

/* Outside the guard: <initguid.h> includes this again to redefine it. */
#undef DEFINE_GUID
#ifdef INITGUID
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8)		\
	extern const GUID name;							\
	const GUID name __attribute__((weak)) =					\
		{ l, w1, w2, { b1, b2, b3, b4, b5, b6, b7, b8 } }
#else
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8)		\
	extern const GUID name
#endif
