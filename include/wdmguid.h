/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdmguid.h - the GUIDs of the bus interfaces and bus types the PnP
 * manager and bus drivers hand out.  As on Windows, a driver file that
 * uses one includes <initguid.h> first (in one file of the driver at
 * least): DEFINE_GUID then defines it (weakly), else only declares it.
 * No include guard: included again after <initguid.h>, it defines.
 */
#include <guiddef.h>

DEFINE_GUID(GUID_BUS_INTERFACE_STANDARD, 0x496B8280L, 0x6F25, 0x11D0,
	    0xBE, 0xAF, 0x08, 0x00, 0x2B, 0xE2, 0x09, 0x2F);
DEFINE_GUID(GUID_BUS_TYPE_INTERNAL, 0x1530ea73L, 0x086b, 0x11d1,
	    0xa0, 0x9f, 0x00, 0xc0, 0x4f, 0xc3, 0x40, 0xb1);
DEFINE_GUID(GUID_BUS_TYPE_ISAPNP, 0xe676f854L, 0xd87d, 0x11d0,
	    0x92, 0xb2, 0x00, 0xa0, 0xc9, 0x05, 0x5f, 0xc5);
DEFINE_GUID(GUID_BUS_TYPE_PCI, 0xc8ebdfb0L, 0xb510, 0x11d0,
	    0x80, 0xe5, 0x00, 0xa0, 0xc9, 0x25, 0x42, 0xe3);
