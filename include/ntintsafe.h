/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ntintsafe.h - integer arithmetic and conversions that report overflow
 *
 * Each Rtl<Type>Add/Sub/Mult(a, b, &result) and Rtl<From>To<To>(value,
 * &result) returns STATUS_SUCCESS with the exact result, or
 * STATUS_INTEGER_OVERFLOW when the result does not fit the type; the
 * result is then the type's error value (<TYPE>_ERROR: all bits set for
 * unsigned types, -1 for signed ones), never a wrapped value.  ULONG and
 * LONG are 32 bits, as on Windows.
 */
#ifndef _WDM_NTINTSAFE_H_
#define _WDM_NTINTSAFE_H_

#include <wdm.h>

#define UCHAR_ERROR	((UCHAR)0xff)
#define USHORT_ERROR	((USHORT)0xffff)
#define WORD_ERROR	USHORT_ERROR
#define UINT_ERROR	((UINT)0xffffffff)
#define ULONG_ERROR	((ULONG)0xffffffff)
#define DWORD_ERROR	ULONG_ERROR
#define ULONGLONG_ERROR	((ULONGLONG)~0ULL)
#define ULONG_PTR_ERROR	((ULONG_PTR)~0UL)
#define SIZET_ERROR	ULONG_PTR_ERROR
#define SHORT_ERROR	((SHORT)-1)
#define INT_ERROR	((INT)-1)
#define LONG_ERROR	((LONG)-1)
#define LONGLONG_ERROR	((LONGLONG)-1)
#define LONG_PTR_ERROR	((LONG_PTR)-1)
#define SSIZET_ERROR	LONG_PTR_ERROR

/* Add, Sub and Mult of one type: Rtl<Name>Add(a, b, &result)... */
#define WDMDMA_INTSAFE_OPS(Name, Type, Error)					\
static __always_inline NTSTATUS Rtl##Name##Add(Type Augend, Type Addend,	\
					       Type *Result)			\
{										\
	if (__builtin_add_overflow(Augend, Addend, Result)) {			\
		*Result = Error;						\
		return STATUS_INTEGER_OVERFLOW;					\
	}									\
	return STATUS_SUCCESS;							\
}										\
static __always_inline NTSTATUS Rtl##Name##Sub(Type Minuend, Type Subtrahend,	\
					       Type *Result)			\
{										\
	if (__builtin_sub_overflow(Minuend, Subtrahend, Result)) {		\
		*Result = Error;						\
		return STATUS_INTEGER_OVERFLOW;					\
	}									\
	return STATUS_SUCCESS;							\
}										\
static __always_inline NTSTATUS Rtl##Name##Mult(Type Multiplicand,		\
						Type Multiplier, Type *Result)	\
{										\
	if (__builtin_mul_overflow(Multiplicand, Multiplier, Result)) {		\
		*Result = Error;						\
		return STATUS_INTEGER_OVERFLOW;					\
	}									\
	return STATUS_SUCCESS;							\
}

/* A conversion: Rtl<From>To<To>(value, &result) */
#define WDMDMA_INTSAFE_CONV(FromName, FromType, ToName, ToType, Error)		\
static __always_inline NTSTATUS Rtl##FromName##To##ToName(FromType Operand,	\
							  ToType *Result)	\
{										\
	if (__builtin_add_overflow(Operand, 0, Result)) {			\
		*Result = Error;						\
		return STATUS_INTEGER_OVERFLOW;					\
	}									\
	return STATUS_SUCCESS;							\
}

WDMDMA_INTSAFE_OPS(UInt8, UINT8, UCHAR_ERROR)
WDMDMA_INTSAFE_OPS(Byte, UCHAR, UCHAR_ERROR)
WDMDMA_INTSAFE_OPS(UShort, USHORT, USHORT_ERROR)
WDMDMA_INTSAFE_OPS(Word, USHORT, USHORT_ERROR)
WDMDMA_INTSAFE_OPS(UInt, UINT, UINT_ERROR)
WDMDMA_INTSAFE_OPS(ULong, ULONG, ULONG_ERROR)
WDMDMA_INTSAFE_OPS(DWord, ULONG, ULONG_ERROR)
WDMDMA_INTSAFE_OPS(ULongLong, ULONGLONG, ULONGLONG_ERROR)
WDMDMA_INTSAFE_OPS(UInt64, ULONGLONG, ULONGLONG_ERROR)
WDMDMA_INTSAFE_OPS(DWord64, ULONGLONG, ULONGLONG_ERROR)
WDMDMA_INTSAFE_OPS(ULongPtr, ULONG_PTR, ULONG_PTR_ERROR)
WDMDMA_INTSAFE_OPS(DWordPtr, ULONG_PTR, ULONG_PTR_ERROR)
WDMDMA_INTSAFE_OPS(SizeT, SIZE_T, SIZET_ERROR)
WDMDMA_INTSAFE_OPS(SIZET, SIZE_T, SIZET_ERROR)
WDMDMA_INTSAFE_OPS(Short, SHORT, SHORT_ERROR)
WDMDMA_INTSAFE_OPS(Int, INT, INT_ERROR)
WDMDMA_INTSAFE_OPS(Long, LONG, LONG_ERROR)
WDMDMA_INTSAFE_OPS(LongLong, LONGLONG, LONGLONG_ERROR)
WDMDMA_INTSAFE_OPS(Int64, LONGLONG, LONGLONG_ERROR)
WDMDMA_INTSAFE_OPS(LongPtr, LONG_PTR, LONG_PTR_ERROR)
WDMDMA_INTSAFE_OPS(SSIZET, SSIZE_T, SSIZET_ERROR)

WDMDMA_INTSAFE_CONV(UShort, USHORT, UChar, UCHAR, UCHAR_ERROR)
WDMDMA_INTSAFE_CONV(UShort, USHORT, Short, SHORT, SHORT_ERROR)
WDMDMA_INTSAFE_CONV(ULong, ULONG, UChar, UCHAR, UCHAR_ERROR)
WDMDMA_INTSAFE_CONV(ULong, ULONG, UShort, USHORT, USHORT_ERROR)
WDMDMA_INTSAFE_CONV(ULong, ULONG, Long, LONG, LONG_ERROR)
WDMDMA_INTSAFE_CONV(ULong, ULONG, Int, INT, INT_ERROR)
WDMDMA_INTSAFE_CONV(ULong, ULONG, Short, SHORT, SHORT_ERROR)
WDMDMA_INTSAFE_CONV(UInt, UINT, UShort, USHORT, USHORT_ERROR)
WDMDMA_INTSAFE_CONV(UInt, UINT, Long, LONG, LONG_ERROR)
WDMDMA_INTSAFE_CONV(UInt, UINT, Int, INT, INT_ERROR)
WDMDMA_INTSAFE_CONV(Long, LONG, ULong, ULONG, ULONG_ERROR)
WDMDMA_INTSAFE_CONV(Long, LONG, UInt, UINT, UINT_ERROR)
WDMDMA_INTSAFE_CONV(Long, LONG, UShort, USHORT, USHORT_ERROR)
WDMDMA_INTSAFE_CONV(Long, LONG, UChar, UCHAR, UCHAR_ERROR)
WDMDMA_INTSAFE_CONV(Long, LONG, SizeT, SIZE_T, SIZET_ERROR)
WDMDMA_INTSAFE_CONV(Long, LONG, ULongPtr, ULONG_PTR, ULONG_PTR_ERROR)
WDMDMA_INTSAFE_CONV(Int, INT, ULong, ULONG, ULONG_ERROR)
WDMDMA_INTSAFE_CONV(Int, INT, UInt, UINT, UINT_ERROR)
WDMDMA_INTSAFE_CONV(Int, INT, SizeT, SIZE_T, SIZET_ERROR)
WDMDMA_INTSAFE_CONV(LongLong, LONGLONG, Long, LONG, LONG_ERROR)
WDMDMA_INTSAFE_CONV(LongLong, LONGLONG, ULong, ULONG, ULONG_ERROR)
WDMDMA_INTSAFE_CONV(LongLong, LONGLONG, ULongLong, ULONGLONG, ULONGLONG_ERROR)
WDMDMA_INTSAFE_CONV(LongLong, LONGLONG, SizeT, SIZE_T, SIZET_ERROR)
WDMDMA_INTSAFE_CONV(ULongLong, ULONGLONG, ULong, ULONG, ULONG_ERROR)
WDMDMA_INTSAFE_CONV(ULongLong, ULONGLONG, UInt, UINT, UINT_ERROR)
WDMDMA_INTSAFE_CONV(ULongLong, ULONGLONG, Long, LONG, LONG_ERROR)
WDMDMA_INTSAFE_CONV(ULongLong, ULONGLONG, LongLong, LONGLONG, LONGLONG_ERROR)
WDMDMA_INTSAFE_CONV(ULongLong, ULONGLONG, SizeT, SIZE_T, SIZET_ERROR)
WDMDMA_INTSAFE_CONV(ULongLong, ULONGLONG, ULongPtr, ULONG_PTR, ULONG_PTR_ERROR)
WDMDMA_INTSAFE_CONV(SizeT, SIZE_T, ULong, ULONG, ULONG_ERROR)
WDMDMA_INTSAFE_CONV(SizeT, SIZE_T, UInt, UINT, UINT_ERROR)
WDMDMA_INTSAFE_CONV(SizeT, SIZE_T, UShort, USHORT, USHORT_ERROR)
WDMDMA_INTSAFE_CONV(SizeT, SIZE_T, Long, LONG, LONG_ERROR)
WDMDMA_INTSAFE_CONV(SizeT, SIZE_T, Int, INT, INT_ERROR)
WDMDMA_INTSAFE_CONV(ULongPtr, ULONG_PTR, ULong, ULONG, ULONG_ERROR)
WDMDMA_INTSAFE_CONV(ULongPtr, ULONG_PTR, UInt, UINT, UINT_ERROR)
WDMDMA_INTSAFE_CONV(ULongPtr, ULONG_PTR, UShort, USHORT, USHORT_ERROR)
WDMDMA_INTSAFE_CONV(ULongPtr, ULONG_PTR, Long, LONG, LONG_ERROR)
WDMDMA_INTSAFE_CONV(LongPtr, LONG_PTR, ULong, ULONG, ULONG_ERROR)
WDMDMA_INTSAFE_CONV(LongPtr, LONG_PTR, Long, LONG, LONG_ERROR)
WDMDMA_INTSAFE_CONV(LongPtr, LONG_PTR, ULongPtr, ULONG_PTR, ULONG_PTR_ERROR)

/* DWORD spellings of the ULONG conversions */
#define RtlDWordToUShort	RtlULongToUShort
#define RtlDWordToLong		RtlULongToLong
#define RtlULongLongToDWord	RtlULongLongToULong
#define RtlSizeTToDWord		RtlSizeTToULong
#define RtlDWordPtrToULong	RtlULongPtrToULong

#endif /* _WDM_NTINTSAFE_H_ */
