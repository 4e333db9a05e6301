/* SPDX-License-Identifier: GPL-2.0 */
/*
 * power.h - system and device power states of the WDM surface, as the
 * bus driver reports them in DEVICE_CAPABILITIES
 */
#ifndef _WDM_POWER_H_
#define _WDM_POWER_H_

#include <wdm/ntdef.h>

/* S0 (working) to S5 (off) */
typedef enum _SYSTEM_POWER_STATE {
	PowerSystemUnspecified = 0,
	PowerSystemWorking = 1,
	PowerSystemSleeping1 = 2,
	PowerSystemSleeping2 = 3,
	PowerSystemSleeping3 = 4,
	PowerSystemHibernate = 5,
	PowerSystemShutdown = 6,
	PowerSystemMaximum = 7
} SYSTEM_POWER_STATE, *PSYSTEM_POWER_STATE;

/* D0 (on) to D3 (off) */
typedef enum _DEVICE_POWER_STATE {
	PowerDeviceUnspecified = 0,
	PowerDeviceD0,
	PowerDeviceD1,
	PowerDeviceD2,
	PowerDeviceD3,
	PowerDeviceMaximum
} DEVICE_POWER_STATE, *PDEVICE_POWER_STATE;

#endif /* _WDM_POWER_H_ */
