// SPDX-License-Identifier: GPL-2.0
/*
 * wdmdma's KUnit suites, one module: insmod runs them all (or those the
 * kernel's kunit.filter_glob selects) and prints KTAP on the console.
 */
#include <kunit/test.h>
#include <linux/module.h>

#include "suites.h"

kunit_test_suites(&wdmdma_smoke_suite,
		  &wdmdma_adapter_suite,
		  &wdmdma_channel_suite,
		  &wdmdma_transfer_suite,
		  &wdmdma_sgl_suite,
		  &wdmdma_common_suite,
		  &wdmdma_mdl_suite,
		  &wdmdma_legacy_suite,
		  &wdmdma_stress_suite,
		  &wdmdma_runtime_suite,
		  &wdmdma_interrupt_suite,
		  &wdmdma_intr_ex_suite,
		  &wdmdma_pnp_suite,
		  &wdmdma_power_suite,
		  &wdmdma_cancel_suite,
		  &wdmdma_timer_suite,
		  &wdmdma_core_suite,
		  &wdmdma_swdmac_suite,
		  &wdmdma_sysdma_suite,
		  &wdmdma_i8237_suite,
		  &wdmdma_floppy_suite,
		  &wdmdma_sb16_suite,
		  &wdmdma_v3_info_suite,
		  &wdmdma_v3_channel_suite,
		  &wdmdma_v3_map_suite,
		  &wdmdma_rtl_list_suite,
		  &wdmdma_rtl_string_suite,
		  &wdmdma_crt_suite,
		  &wdmdma_workitem_suite,
		  &wdmdma_v3_common_suite,
		  &wdmdma_namespace_suite,
		  &wdmdma_mm_suite,
		  &wdmdma_port_suite,
		  &wdmdma_debugfs_suite,
		  &wdmdma_verifier_suite,
		  &wdmdma_errlog_suite,
		  &wdmdma_callback_suite,
		  &wdmdma_csq_suite,
		  &wdmdma_sync_suite,
		  &wdmdma_thread_suite,
		  &wdmdma_verifier_checks_suite,
		  &wdmdma_registry_suite,
		  &wdmdma_files_suite,
		  &wdmdma_busif_suite,
		  &wdmdma_legacy_hw_suite,
		  &wdmdma_wmi_suite);

MODULE_DESCRIPTION("KUnit suites for wdmdma, the WDM DMA API on Linux");
MODULE_LICENSE("GPL");
