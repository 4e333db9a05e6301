/* SPDX-License-Identifier: GPL-2.0 */
/*
 * msvc.h - Microsoft compiler keywords and habits of driver sources,
 * spelled for GCC: __declspec(...), __forceinline, __int64, _cdecl,
 * C_ASSERT, __noop, __assume...  What GCC cannot accept at all (the I64
 * and ui64 integer suffixes, __try / __except) is listed in README's
 * porting rules.
 */
#ifndef _WDM_MSVC_H_
#define _WDM_MSVC_H_

/* __declspec(x): each attribute a driver uses, by name */
#define __declspec(x)			__wdm_declspec_##x
#define __wdm_declspec_align(n)		__attribute__((__aligned__(n)))
#define __wdm_declspec_noinline		__attribute__((__noinline__))
#define __wdm_declspec_noreturn		__attribute__((__noreturn__))
#define __wdm_declspec_selectany	__attribute__((__weak__))
#define __wdm_declspec_deprecated	__attribute__((__deprecated__))
#define __wdm_declspec_nothrow
#define __wdm_declspec_novtable
#define __wdm_declspec_restrict
#define __wdm_declspec_noalias
#define __wdm_declspec_dllimport
#define __wdm_declspec_dllexport
#define __wdm_declspec_allocate(section)
#define __wdm_declspec_code_seg(section)

#define __forceinline			inline __attribute__((__always_inline__))
#define __int8				char
#define __int16				short
#define __int32				int
#define __int64				long long
#define _cdecl
#define _stdcall
#define _fastcall
#define __unaligned
#define __ptr32
#define __ptr64
#define __w64
#define __noop(...)			((void)0)
#define __assume(e)			((void)0)
#define __pragma(x)			_Pragma(#x)

/* A compile-time assertion, at file or block scope */
#define C_ASSERT(e)			_Static_assert(e, #e)

#endif /* _WDM_MSVC_H_ */
