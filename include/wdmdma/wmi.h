/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wdmdma/wmi.h - WMI from the Linux side (not WDK): what wdmdma's "WMI
 * manager" recorded of a device object's registration, its data blocks
 * queried the way WMI queries them, and the events the driver fired.
 * debugfs wdmdma/wmi/ is built on these; a glue file or a test calls them
 * at PASSIVE_LEVEL.  Include after <wdm.h>.
 */
#ifndef _WDMDMA_WMI_H_
#define _WDMDMA_WMI_H_

#include <linux/types.h>
#include <wmistr.h>

NTSTATUS wdmdma_wmi_guid_info(PDEVICE_OBJECT dev, ULONG index, struct _GUID *guid,
			      u32 *flags, u32 *instances);
int wdmdma_wmi_names(PDEVICE_OBJECT dev, char *registry_path, char *mof, size_t len);
NTSTATUS wdmdma_wmi_query_all(PDEVICE_OBJECT dev, const struct _GUID *guid,
			      struct tagWNODE_ALL_DATA **wnode);
ULONG wdmdma_wmi_events(PDEVICE_OBJECT dev, void *last, ULONG size, ULONG *last_size);

#endif /* _WDMDMA_WMI_H_ */
