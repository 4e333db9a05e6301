/* SPDX-License-Identifier: GPL-2.0 */
/*
 * initguid.h - make DEFINE_GUID define its GUIDs from here on in this file
 * (include it before the headers whose GUIDs the file instantiates).
 */
#ifndef INITGUID
#define INITGUID
#endif

#include <guiddef.h>
