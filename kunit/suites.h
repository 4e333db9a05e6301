/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _WDMDMA_KUNIT_SUITES_H_
#define _WDMDMA_KUNIT_SUITES_H_

#include <kunit/test.h>

extern struct kunit_suite wdmdma_smoke_suite;
extern struct kunit_suite wdmdma_debugfs_suite;
extern struct kunit_suite wdmdma_verifier_suite;
extern struct kunit_suite wdmdma_adapter_suite;
extern struct kunit_suite wdmdma_channel_suite;
extern struct kunit_suite wdmdma_transfer_suite;
extern struct kunit_suite wdmdma_sgl_suite;
extern struct kunit_suite wdmdma_common_suite;
extern struct kunit_suite wdmdma_mdl_suite;
extern struct kunit_suite wdmdma_legacy_suite;
extern struct kunit_suite wdmdma_stress_suite;
extern struct kunit_suite wdmdma_runtime_suite;
extern struct kunit_suite wdmdma_interrupt_suite;
extern struct kunit_suite wdmdma_intr_ex_suite;
extern struct kunit_suite wdmdma_pnp_suite;
extern struct kunit_suite wdmdma_power_suite;
extern struct kunit_suite wdmdma_cancel_suite;
extern struct kunit_suite wdmdma_timer_suite;
extern struct kunit_suite wdmdma_core_suite;
extern struct kunit_suite wdmdma_swdmac_suite;
extern struct kunit_suite wdmdma_sysdma_suite;
extern struct kunit_suite wdmdma_i8237_suite;
extern struct kunit_suite wdmdma_floppy_suite;
extern struct kunit_suite wdmdma_sb16_suite;
extern struct kunit_suite wdmdma_v3_info_suite;
extern struct kunit_suite wdmdma_v3_channel_suite;
extern struct kunit_suite wdmdma_v3_map_suite;
extern struct kunit_suite wdmdma_rtl_list_suite;
extern struct kunit_suite wdmdma_rtl_string_suite;
extern struct kunit_suite wdmdma_crt_suite;
extern struct kunit_suite wdmdma_workitem_suite;
extern struct kunit_suite wdmdma_v3_common_suite;
extern struct kunit_suite wdmdma_namespace_suite;
extern struct kunit_suite wdmdma_mm_suite;
extern struct kunit_suite wdmdma_port_suite;
extern struct kunit_suite wdmdma_errlog_suite;
extern struct kunit_suite wdmdma_callback_suite;
extern struct kunit_suite wdmdma_csq_suite;
extern struct kunit_suite wdmdma_sync_suite;
extern struct kunit_suite wdmdma_thread_suite;
extern struct kunit_suite wdmdma_verifier_checks_suite;
extern struct kunit_suite wdmdma_registry_suite;
extern struct kunit_suite wdmdma_files_suite;
extern struct kunit_suite wdmdma_busif_suite;
extern struct kunit_suite wdmdma_legacy_hw_suite;
extern struct kunit_suite wdmdma_wmi_suite;

#endif /* _WDMDMA_KUNIT_SUITES_H_ */
