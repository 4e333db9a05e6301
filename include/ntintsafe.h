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

/*
 * One operation: Function(a, b, &result) with Builtin, one of GCC's
 * __builtin_{add,sub,mul}_overflow, which compute in infinite precision.
 */
#define WDMDMA_INTSAFE_OP(Function, Builtin, Type, Error)			\
static __always_inline NTSTATUS Function(Type Operand1, Type Operand2,		\
					 Type *Result)				\
{										\
	if (Builtin(Operand1, Operand2, Result)) {				\
		*Result = Error;						\
		return STATUS_INTEGER_OVERFLOW;					\
	}									\
	return STATUS_SUCCESS;							\
}

/* Add, Sub and Mult of one type */
#define WDMDMA_INTSAFE_OPS(Add, Sub, Mult, Type, Error)			\
	WDMDMA_INTSAFE_OP(Add, __builtin_add_overflow, Type, Error)		\
	WDMDMA_INTSAFE_OP(Sub, __builtin_sub_overflow, Type, Error)		\
	WDMDMA_INTSAFE_OP(Mult, __builtin_mul_overflow, Type, Error)

/* A conversion: Function(value, &result) */
#define WDMDMA_INTSAFE_CONV(Function, FromType, ToType, Error)			\
static __always_inline NTSTATUS Function(FromType Operand, ToType *Result)	\
{										\
	if (__builtin_add_overflow(Operand, 0, Result)) {			\
		*Result = Error;						\
		return STATUS_INTEGER_OVERFLOW;					\
	}									\
	return STATUS_SUCCESS;							\
}

WDMDMA_INTSAFE_OPS(RtlUInt8Add, RtlUInt8Sub, RtlUInt8Mult, UINT8, UCHAR_ERROR)
WDMDMA_INTSAFE_OPS(RtlByteAdd, RtlByteSub, RtlByteMult, UCHAR, UCHAR_ERROR)
WDMDMA_INTSAFE_OPS(RtlUShortAdd, RtlUShortSub, RtlUShortMult, USHORT, USHORT_ERROR)
WDMDMA_INTSAFE_OPS(RtlWordAdd, RtlWordSub, RtlWordMult, USHORT, USHORT_ERROR)
WDMDMA_INTSAFE_OPS(RtlUIntAdd, RtlUIntSub, RtlUIntMult, UINT, UINT_ERROR)
WDMDMA_INTSAFE_OPS(RtlULongAdd, RtlULongSub, RtlULongMult, ULONG, ULONG_ERROR)
WDMDMA_INTSAFE_OPS(RtlDWordAdd, RtlDWordSub, RtlDWordMult, ULONG, ULONG_ERROR)
WDMDMA_INTSAFE_OPS(RtlULongLongAdd, RtlULongLongSub, RtlULongLongMult, ULONGLONG, ULONGLONG_ERROR)
WDMDMA_INTSAFE_OPS(RtlUInt64Add, RtlUInt64Sub, RtlUInt64Mult, ULONGLONG, ULONGLONG_ERROR)
WDMDMA_INTSAFE_OPS(RtlDWord64Add, RtlDWord64Sub, RtlDWord64Mult, ULONGLONG, ULONGLONG_ERROR)
WDMDMA_INTSAFE_OPS(RtlULongPtrAdd, RtlULongPtrSub, RtlULongPtrMult, ULONG_PTR, ULONG_PTR_ERROR)
WDMDMA_INTSAFE_OPS(RtlDWordPtrAdd, RtlDWordPtrSub, RtlDWordPtrMult, ULONG_PTR, ULONG_PTR_ERROR)
WDMDMA_INTSAFE_OPS(RtlSizeTAdd, RtlSizeTSub, RtlSizeTMult, SIZE_T, SIZET_ERROR)
WDMDMA_INTSAFE_OPS(RtlSIZETAdd, RtlSIZETSub, RtlSIZETMult, SIZE_T, SIZET_ERROR)
WDMDMA_INTSAFE_OPS(RtlShortAdd, RtlShortSub, RtlShortMult, SHORT, SHORT_ERROR)
WDMDMA_INTSAFE_OPS(RtlIntAdd, RtlIntSub, RtlIntMult, INT, INT_ERROR)
WDMDMA_INTSAFE_OPS(RtlLongAdd, RtlLongSub, RtlLongMult, LONG, LONG_ERROR)
WDMDMA_INTSAFE_OPS(RtlLongLongAdd, RtlLongLongSub, RtlLongLongMult, LONGLONG, LONGLONG_ERROR)
WDMDMA_INTSAFE_OPS(RtlInt64Add, RtlInt64Sub, RtlInt64Mult, LONGLONG, LONGLONG_ERROR)
WDMDMA_INTSAFE_OPS(RtlLongPtrAdd, RtlLongPtrSub, RtlLongPtrMult, LONG_PTR, LONG_PTR_ERROR)
WDMDMA_INTSAFE_OPS(RtlSSIZETAdd, RtlSSIZETSub, RtlSSIZETMult, SSIZE_T, SSIZET_ERROR)

WDMDMA_INTSAFE_CONV(RtlUShortToUChar, USHORT, UCHAR, UCHAR_ERROR)
WDMDMA_INTSAFE_CONV(RtlUShortToShort, USHORT, SHORT, SHORT_ERROR)
WDMDMA_INTSAFE_CONV(RtlULongToUChar, ULONG, UCHAR, UCHAR_ERROR)
WDMDMA_INTSAFE_CONV(RtlULongToUShort, ULONG, USHORT, USHORT_ERROR)
WDMDMA_INTSAFE_CONV(RtlULongToLong, ULONG, LONG, LONG_ERROR)
WDMDMA_INTSAFE_CONV(RtlULongToInt, ULONG, INT, INT_ERROR)
WDMDMA_INTSAFE_CONV(RtlULongToShort, ULONG, SHORT, SHORT_ERROR)
WDMDMA_INTSAFE_CONV(RtlUIntToUShort, UINT, USHORT, USHORT_ERROR)
WDMDMA_INTSAFE_CONV(RtlUIntToLong, UINT, LONG, LONG_ERROR)
WDMDMA_INTSAFE_CONV(RtlUIntToInt, UINT, INT, INT_ERROR)
WDMDMA_INTSAFE_CONV(RtlLongToULong, LONG, ULONG, ULONG_ERROR)
WDMDMA_INTSAFE_CONV(RtlLongToUInt, LONG, UINT, UINT_ERROR)
WDMDMA_INTSAFE_CONV(RtlLongToUShort, LONG, USHORT, USHORT_ERROR)
WDMDMA_INTSAFE_CONV(RtlLongToUChar, LONG, UCHAR, UCHAR_ERROR)
WDMDMA_INTSAFE_CONV(RtlLongToSizeT, LONG, SIZE_T, SIZET_ERROR)
WDMDMA_INTSAFE_CONV(RtlLongToULongPtr, LONG, ULONG_PTR, ULONG_PTR_ERROR)
WDMDMA_INTSAFE_CONV(RtlIntToULong, INT, ULONG, ULONG_ERROR)
WDMDMA_INTSAFE_CONV(RtlIntToUInt, INT, UINT, UINT_ERROR)
WDMDMA_INTSAFE_CONV(RtlIntToSizeT, INT, SIZE_T, SIZET_ERROR)
WDMDMA_INTSAFE_CONV(RtlLongLongToLong, LONGLONG, LONG, LONG_ERROR)
WDMDMA_INTSAFE_CONV(RtlLongLongToULong, LONGLONG, ULONG, ULONG_ERROR)
WDMDMA_INTSAFE_CONV(RtlLongLongToULongLong, LONGLONG, ULONGLONG, ULONGLONG_ERROR)
WDMDMA_INTSAFE_CONV(RtlLongLongToSizeT, LONGLONG, SIZE_T, SIZET_ERROR)
WDMDMA_INTSAFE_CONV(RtlULongLongToULong, ULONGLONG, ULONG, ULONG_ERROR)
WDMDMA_INTSAFE_CONV(RtlULongLongToUInt, ULONGLONG, UINT, UINT_ERROR)
WDMDMA_INTSAFE_CONV(RtlULongLongToLong, ULONGLONG, LONG, LONG_ERROR)
WDMDMA_INTSAFE_CONV(RtlULongLongToLongLong, ULONGLONG, LONGLONG, LONGLONG_ERROR)
WDMDMA_INTSAFE_CONV(RtlULongLongToSizeT, ULONGLONG, SIZE_T, SIZET_ERROR)
WDMDMA_INTSAFE_CONV(RtlULongLongToULongPtr, ULONGLONG, ULONG_PTR, ULONG_PTR_ERROR)
WDMDMA_INTSAFE_CONV(RtlSizeTToULong, SIZE_T, ULONG, ULONG_ERROR)
WDMDMA_INTSAFE_CONV(RtlSizeTToUInt, SIZE_T, UINT, UINT_ERROR)
WDMDMA_INTSAFE_CONV(RtlSizeTToUShort, SIZE_T, USHORT, USHORT_ERROR)
WDMDMA_INTSAFE_CONV(RtlSizeTToLong, SIZE_T, LONG, LONG_ERROR)
WDMDMA_INTSAFE_CONV(RtlSizeTToInt, SIZE_T, INT, INT_ERROR)
WDMDMA_INTSAFE_CONV(RtlULongPtrToULong, ULONG_PTR, ULONG, ULONG_ERROR)
WDMDMA_INTSAFE_CONV(RtlULongPtrToUInt, ULONG_PTR, UINT, UINT_ERROR)
WDMDMA_INTSAFE_CONV(RtlULongPtrToUShort, ULONG_PTR, USHORT, USHORT_ERROR)
WDMDMA_INTSAFE_CONV(RtlULongPtrToLong, ULONG_PTR, LONG, LONG_ERROR)
WDMDMA_INTSAFE_CONV(RtlLongPtrToULong, LONG_PTR, ULONG, ULONG_ERROR)
WDMDMA_INTSAFE_CONV(RtlLongPtrToLong, LONG_PTR, LONG, LONG_ERROR)
WDMDMA_INTSAFE_CONV(RtlLongPtrToULongPtr, LONG_PTR, ULONG_PTR, ULONG_PTR_ERROR)

/* DWORD spellings of the ULONG conversions */
#define RtlDWordToUShort	RtlULongToUShort
#define RtlDWordToLong		RtlULongToLong
#define RtlULongLongToDWord	RtlULongLongToULong
#define RtlSizeTToDWord		RtlSizeTToULong
#define RtlDWordPtrToULong	RtlULongPtrToULong

#endif /* _WDM_NTINTSAFE_H_ */
