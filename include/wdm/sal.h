/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sal.h - Microsoft source-code annotations (SAL) for ported WDM drivers
 *
 * Windows driver sources carry SAL annotations on nearly every declaration.
 * They only matter to Microsoft's static analyser, so here every annotation
 * a driver is likely to use expands to nothing.
 *
 * Two old-style (SAL 1) names are not defined here because the Linux
 * headers use the same identifiers: __out (a label inside the wait_event()
 * macros of <linux/wait.h>) and __reserved (a struct member in
 * <uapi/linux/stat.h>).  <wdm.h> defines __out last (<wdm/wdk_macros.h>),
 * for the driver's own source; the runtime, which includes these headers
 * without <wdm.h>, keeps the Linux meaning.  A driver using __reserved
 * switches to _Reserved_.
 */
#ifndef _WDM_SAL_H_
#define _WDM_SAL_H_

/* Parameters: input */
#define _In_
#define _In_opt_
#define _In_z_
#define _In_opt_z_
#define _In_reads_(size)
#define _In_reads_opt_(size)
#define _In_reads_z_(size)
#define _In_reads_or_z_(size)
#define _In_reads_bytes_(size)
#define _In_reads_bytes_opt_(size)
#define _In_reads_to_ptr_(ptr)
#define _In_range_(lo, hi)

/* Parameters: output */
#define _Out_
#define _Out_opt_
#define _Out_z_
#define _Out_writes_(size)
#define _Out_writes_opt_(size)
#define _Out_writes_z_(size)
#define _Out_writes_all_(size)
#define _Out_writes_bytes_(size)
#define _Out_writes_bytes_opt_(size)
#define _Out_writes_bytes_all_(size)
#define _Out_writes_to_(size, count)
#define _Out_writes_to_opt_(size, count)
#define _Out_writes_bytes_to_(size, count)
#define _Out_writes_bytes_to_opt_(size, count)
#define _Out_range_(lo, hi)

/* Parameters: input and output */
#define _Inout_
#define _Inout_opt_
#define _Inout_z_
#define _Inout_updates_(size)
#define _Inout_updates_opt_(size)
#define _Inout_updates_z_(size)
#define _Inout_updates_bytes_(size)
#define _Inout_updates_bytes_opt_(size)
#define _Inout_updates_to_(size, count)
#define _Inout_updates_bytes_to_(size, count)
#define _Inout_updates_bytes_to_opt_(size, count)

/* Parameters: pointers to pointers */
#define _Outptr_
#define _Outptr_opt_
#define _Outptr_result_maybenull_
#define _Outptr_opt_result_maybenull_
#define _Outptr_result_nullonfailure_
#define _Outptr_opt_result_nullonfailure_
#define _Outptr_result_z_
#define _Outptr_result_buffer_(size)
#define _Outptr_result_bytebuffer_(size)
#define _Outptr_result_bytebuffer_maybenull_(size)
#define _Deref_out_
#define _Deref_out_opt_
#define _Deref_out_z_
#define _Deref_out_range_(lo, hi)
#define _Deref_pre_z_
#define _Deref_post_z_

/* Return values and success */
#define _Ret_maybenull_
#define _Ret_notnull_
#define _Ret_null_
#define _Ret_z_
#define _Ret_range_(lo, hi)
#define _Ret_writes_(size)
#define _Ret_writes_bytes_(size)
#define _Ret_writes_maybenull_(size)
#define _Ret_writes_bytes_maybenull_(size)
#define _Must_inspect_result_
#define _Check_return_
#define _Success_(expr)
#define _Return_type_success_(expr)
#define _Result_nullonfailure_
#define _Result_zeroonfailure_

/* Pre- and post-conditions */
#define _Pre_
#define _Post_
#define _Pre_valid_
#define _Pre_opt_valid_
#define _Pre_notnull_
#define _Pre_maybenull_
#define _Pre_null_
#define _Pre_z_
#define _Pre_readable_size_(size)
#define _Pre_writable_size_(size)
#define _Pre_readable_byte_size_(size)
#define _Pre_writable_byte_size_(size)
#define _Pre_satisfies_(expr)
#define _Pre_defensive_
#define _Post_valid_
#define _Post_invalid_
#define _Post_ptr_invalid_
#define _Post_notnull_
#define _Post_maybenull_
#define _Post_null_
#define _Post_z_
#define _Post_readable_size_(size)
#define _Post_writable_size_(size)
#define _Post_readable_byte_size_(size)
#define _Post_writable_byte_size_(size)
#define _Post_satisfies_(expr)
#define _Post_equal_to_(expr)
#define _Post_defensive_
#define _Unchanged_(expr)

/* Structure fields */
#define _Field_size_(size)
#define _Field_size_opt_(size)
#define _Field_size_bytes_(size)
#define _Field_size_bytes_opt_(size)
#define _Field_size_part_(size, count)
#define _Field_size_bytes_part_(size, count)
#define _Field_size_full_(size)
#define _Field_range_(lo, hi)
#define _Field_z_
#define _Struct_size_bytes_(size)

/* Buffers, nullness and general-purpose annotations */
#define _Reserved_
#define _Null_terminated_
#define _NullNull_terminated_
#define _Notnull_
#define _Maybenull_
#define _Null_
#define _Readable_bytes_(size)
#define _Writable_bytes_(size)
#define _Readable_elements_(size)
#define _Writable_elements_(size)
#define _Literal_
#define _Points_to_data_
#define _Interlocked_operand_
#define _Frees_ptr_
#define _Frees_ptr_opt_
#define _Printf_format_string_
#define _Inexpressible_(expr)
#define _Enum_is_bitflag_
#define _Strict_type_match_
#define _Analysis_assume_(expr)
#define _Analysis_mode_(mode)
#define _Analysis_noreturn_
#define _At_(target, annos)
#define _At_buffer_(target, iter, bound, annos)
#define _When_(cond, annos)
#define _Group_(annos)
#define _On_failure_(annos)
#define _Always_(annos)
#define _Use_decl_annotations_
#define _Function_class_(name)
#define _Dispatch_type_(type)
#define _Callback_

/* Locks */
/* sparse's lock-context check (as the kernel's __acquires/__releases) */
#ifdef __CHECKER__
#define _WDM_ACQUIRES(lock)		__attribute__((context(lock, 0, 1)))
#define _WDM_RELEASES(lock)		__attribute__((context(lock, 1, 0)))
#else
#define _WDM_ACQUIRES(lock)
#define _WDM_RELEASES(lock)
#endif
#define _Requires_lock_held_(lock)
#define _Requires_lock_not_held_(lock)
#define _Requires_exclusive_lock_held_(lock)
#define _Requires_shared_lock_held_(lock)
#define _Requires_no_locks_held_
/* the two sparse can check: a routine taking or dropping a lock it does not balance */
#define _Acquires_lock_(lock)		_WDM_ACQUIRES(lock)
#define _Acquires_exclusive_lock_(lock)
#define _Acquires_shared_lock_(lock)
#define _Acquires_nonreentrant_lock_(lock)
#define _Releases_lock_(lock)		_WDM_RELEASES(lock)
#define _Releases_exclusive_lock_(lock)
#define _Releases_shared_lock_(lock)
#define _Releases_nonreentrant_lock_(lock)
#define _Guarded_by_(lock)
#define _Interlocked_
#define _Create_lock_level_(level)
#define _Has_lock_kind_(kind)
#define _Has_lock_level_(level)
#define _Lock_level_order_(a, b)
#define _No_competing_thread_
#define _No_competing_thread_begin_
#define _No_competing_thread_end_
#define _Benign_race_begin_
#define _Benign_race_end_

/* Kernel-mode (driver) annotations */
#define _IRQL_requires_(irql)
#define _IRQL_requires_max_(irql)
#define _IRQL_requires_min_(irql)
#define _IRQL_raises_(irql)
#define _IRQL_saves_
#define _IRQL_restores_
#define _IRQL_saves_global_(kind, param)
#define _IRQL_restores_global_(kind, param)
#define _IRQL_requires_same_
#define _IRQL_always_function_min_(irql)
#define _IRQL_always_function_max_(irql)
#define _IRQL_uses_cancel_
#define _IRQL_is_cancel_
#define _Kernel_requires_resource_held_(kind)
#define _Kernel_requires_resource_not_held_(kind)
#define _Kernel_acquires_resource_(kind)
#define _Kernel_releases_resource_(kind)
#define _Kernel_clear_do_init_(yes_no)
#define _Kernel_float_saved_
#define _Kernel_float_restored_
#define _Kernel_float_used_
#define _Kernel_IoGetDmaAdapter_
#define _Maybe_raises_SEH_exception_
#define _Raises_SEH_exception_

/* Old-style driver annotations (__drv_*) */
#define __drv_aliasesMem
#define __drv_allocatesMem(kind)
#define __drv_freesMem(kind)
#define __drv_maxIRQL(irql)
#define __drv_minIRQL(irql)
#define __drv_requiresIRQL(irql)
#define __drv_raisesIRQL(irql)
#define __drv_setsIRQL(irql)
#define __drv_savesIRQL
#define __drv_restoresIRQL
#define __drv_savesIRQLGlobal(kind, param)
#define __drv_restoresIRQLGlobal(kind, param)
#define __drv_sameIRQL
#define __drv_useCancelIRQL
#define __drv_isCancelIRQL
#define __drv_maxFunctionIRQL(irql)
#define __drv_minFunctionIRQL(irql)
#define __drv_when(cond, annos)
#define __drv_dispatchType(type)
#define __drv_dispatchType_other
#define __drv_functionClass(name)
#define __drv_acquiresResource(kind)
#define __drv_releasesResource(kind)
#define __drv_mustHold(kind)
#define __drv_neverHold(kind)
#define __drv_acquiresCancelSpinLock
#define __drv_releasesCancelSpinLock
#define __drv_mustHoldCancelSpinLock
#define __drv_neverHoldCancelSpinLock
#define __drv_innerMustHoldGlobal(kind, param)
#define __drv_innerNeverHoldGlobal(kind, param)
#define __drv_clearDoInit(yes_no)
#define __drv_strictType(type, mode)
#define __drv_strictTypeMatch(mode)
#define __drv_typeConst
#define __drv_typeCond
#define __drv_typeBitset
#define __drv_typeExpr
#define __drv_preferredFunction(func, why)
#define __drv_reportError(why)
#define __drv_inTry
#define __drv_notInTry
#define __drv_valueIs(list)
#define __drv_at(expr, annos)
#define __drv_in(annos)
#define __drv_out(annos)
#define __drv_arg(expr, annos)
#define __drv_deref(annos)
#define __drv_formatString(kind)
#define __drv_constant
#define __drv_nonConstant
#define __drv_interlocked
#define __drv_isObjectPointer
#define __drv_floatUsed
#define __drv_floatSaved
#define __drv_floatRestored
#define __drv_Mode_impl(mode)

/* Old-style (SAL 1) annotations that do not collide with Linux names */
#define __in
#define __in_opt
#define __in_z
#define __in_opt_z
#define __in_bcount(size)
#define __in_bcount_opt(size)
#define __in_ecount(size)
#define __in_ecount_opt(size)
#define __inout
#define __inout_opt
#define __inout_bcount(size)
#define __inout_ecount(size)
#define __out_opt
#define __out_z
#define __out_bcount(size)
#define __out_bcount_opt(size)
#define __out_bcount_part(size, length)
#define __out_ecount(size)
#define __out_ecount_opt(size)
#define __deref_out
#define __deref_out_opt
#define __deref_inout
#define __checkReturn
#define __success(expr)
#define __nullterminated
#define __notnull
#define __maybenull
#define __readonly
#define __callback
#define __format_string
#define __field_bcount(size)
#define __field_ecount(size)
#define __range(lo, hi)
#define __analysis_assume(expr)
#define __in_nz
#define __in_opt_nz
#define __in_bcount_nz(size)
#define __in_ecount_z(size)
#define __in_ecount_nz(size)
#define __in_xcount(size)
#define __in_xcount_opt(size)
#define __in_range(lo, hi)
#define __in_bound
#define __out_opt_z
#define __out_xcount(size)
#define __out_xcount_opt(size)
#define __out_bcount_z(size)
#define __out_ecount_z(size)
#define __out_bcount_full(size)
#define __out_ecount_full(size)
#define __out_bcount_part_opt(size, length)
#define __out_ecount_part(size, length)
#define __out_ecount_part_opt(size, length)
#define __out_range(lo, hi)
#define __out_bound
#define __inout_z
#define __inout_bcount_opt(size)
#define __inout_ecount_opt(size)
#define __inout_bcount_z(size)
#define __inout_ecount_z(size)
#define __inout_bcount_full(size)
#define __inout_bcount_part(size, length)
#define __inout_ecount_part(size, length)
#define __deref_in
#define __deref_opt_out
#define __deref_out_z
#define __deref_out_bcount(size)
#define __deref_out_ecount(size)
#define __deref_inout_opt
#define __deref_out_range(lo, hi)
#define __deref_inout_range(lo, hi)
#define __bcount(size)
#define __ecount(size)
#define __field_bcount_opt(size)
#define __field_ecount_opt(size)
#define __field_bcount_part(size, length)
#define __field_ecount_part(size, length)
#define __field_range(lo, hi)
#define __nullnullterminated
#define __possibly_notnullterminated
#define __byte_readableTo(size)
#define __elem_readableTo(size)
#define __inexpressible_readableTo(size)
#define __allocator
#define __pre
#define __post
#define __valid
#define __override
#define __fallthrough
#define __analysis_noreturn
#define __typefix(ctype)
#define __control_entrypoint(category)
#define __kernel_entry
#define __kernel_driver
#define __user_driver
#define __in_data_source(src)
#define __out_data_source(src)

#endif /* _WDM_SAL_H_ */
