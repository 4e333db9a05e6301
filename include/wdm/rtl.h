/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rtl.h - the run-time library and interlocked operations every driver
 * uses: memory fill and copy, interlocked arithmetic, ASSERT.
 */
#ifndef _WDM_RTL_H_
#define _WDM_RTL_H_

#include <wdm/ntdef.h>
#include <wdm/ke.h>

/* Memory (the destination comes first, as in the C library) */
#define RtlCopyMemory(Destination, Source, Length) \
	memcpy((Destination), (Source), (Length))
#define RtlMoveMemory(Destination, Source, Length) \
	memmove((Destination), (Source), (Length))
#define RtlFillMemory(Destination, Length, Fill) \
	memset((Destination), (Fill), (Length))
#define RtlZeroMemory(Destination, Length) \
	memset((Destination), 0, (Length))
#define RtlEqualMemory(Source1, Source2, Length) \
	(!memcmp((Source1), (Source2), (Length)))

/**
 * RtlCompareMemory() - how many leading bytes of two blocks are equal
 * @Source1: first block
 * @Source2: second block
 * @Length: bytes to compare
 *
 * Return: the number of bytes that match before the first difference
 * (@Length when the blocks are equal).
 */
static inline SIZE_T RtlCompareMemory(const VOID *Source1, const VOID *Source2, SIZE_T Length)
{
	const UCHAR *a = Source1, *b = Source2;
	SIZE_T i;

	for (i = 0; i < Length && a[i] == b[i]; i++)
		;
	return i;
}

/*
 * Interlocked operations: full barriers, as on Windows.  Each returns the
 * value the WDK documents (the new value for Increment/Decrement/Add...
 * except InterlockedExchangeAdd, which returns the old one).
 */
#define InterlockedIncrement(Addend) \
	__atomic_add_fetch((Addend), 1, __ATOMIC_SEQ_CST)
#define InterlockedDecrement(Addend) \
	__atomic_sub_fetch((Addend), 1, __ATOMIC_SEQ_CST)
#define InterlockedAdd(Addend, Value) \
	__atomic_add_fetch((Addend), (Value), __ATOMIC_SEQ_CST)
#define InterlockedExchangeAdd(Addend, Value) \
	__atomic_fetch_add((Addend), (Value), __ATOMIC_SEQ_CST)
#define InterlockedExchange(Target, Value) \
	__atomic_exchange_n((Target), (Value), __ATOMIC_SEQ_CST)
#define InterlockedExchangePointer(Target, Value) \
	((PVOID)__atomic_exchange_n((PVOID *)(Target), (PVOID)(Value), __ATOMIC_SEQ_CST))
#define InterlockedOr(Destination, Value) \
	__atomic_fetch_or((Destination), (Value), __ATOMIC_SEQ_CST)
#define InterlockedAnd(Destination, Value) \
	__atomic_fetch_and((Destination), (Value), __ATOMIC_SEQ_CST)
#define InterlockedIncrement64		InterlockedIncrement
#define InterlockedDecrement64		InterlockedDecrement
#define InterlockedAdd64		InterlockedAdd
#define InterlockedExchangeAdd64	InterlockedExchangeAdd
#define InterlockedExchange64		InterlockedExchange

/**
 * InterlockedCompareExchange() - store @Exchange at @Destination if it
 *	holds @Comparand
 * @Destination: the variable
 * @Exchange: the new value
 * @Comparand: the value expected
 *
 * Return: the value @Destination held before.
 */
static inline LONG InterlockedCompareExchange(__volatile LONG *Destination,
					      LONG Exchange, LONG Comparand)
{
	__atomic_compare_exchange_n(Destination, &Comparand, Exchange, FALSE,
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	return Comparand;
}

/**
 * InterlockedCompareExchangePointer() - InterlockedCompareExchange() for a
 *	pointer
 * @Destination: the variable
 * @Exchange: the new value
 * @Comparand: the value expected
 *
 * Return: the value @Destination held before.
 */
static inline PVOID InterlockedCompareExchangePointer(PVOID __volatile *Destination,
						      PVOID Exchange, PVOID Comparand)
{
	__atomic_compare_exchange_n(Destination, &Comparand, Exchange, FALSE,
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	return Comparand;
}

/*
 * ASSERT and NT_ASSERT check only in a checked (DBG) build, as on Windows,
 * where a failed one calls RtlAssert(): here a kernel warning with the
 * expression, file and line (wdmdma/rt/ke.c).
 */
NTSYSAPI
VOID
NTAPI
RtlAssert(_In_ PVOID VoidFailedAssertion, _In_ PVOID VoidFileName, _In_ ULONG LineNumber,
	  _In_opt_ PSTR MutableMessage);

#if defined(DBG) && DBG
#define ASSERT(Expression)						\
	((void)(!(Expression) ?						\
		(RtlAssert((PVOID)#Expression, (PVOID)__FILE__, __LINE__, NULL), FALSE) : \
		TRUE))
#define ASSERTMSG(Message, Expression)					\
	((void)(!(Expression) ?						\
		(RtlAssert((PVOID)#Expression, (PVOID)__FILE__, __LINE__, (PSTR)(Message)), \
		 FALSE) : TRUE))
#else
#define ASSERT(Expression)	((void)0)
#define ASSERTMSG(Message, Expression) ((void)0)
#endif
#define NT_ASSERT(Expression)	ASSERT(Expression)

/*
 * PAGED_CODE(): a function that Windows may page out says so first.
 * Nothing is paged here; in a checked (DBG) build a caller above APC_LEVEL
 * is reported all the same (counted, as wdmdma reports misuse), since the
 * driver would fault on Windows.  #pragma alloc_text is accepted and
 * ignored (<wdm.h> silences GCC's unknown-pragma warning).
 */
VOID WdmdmaPagedCodeViolation(PCSTR Function);
#if defined(DBG) && DBG
#define PAGED_CODE() do {						\
		if (KeGetCurrentIrql() > APC_LEVEL)			\
			WdmdmaPagedCodeViolation(__func__);		\
	} while (0)
#else
#define PAGED_CODE()		do { } while (0)
#endif
#define PAGED_CODE_LOCKED()	do { } while (0)
#define PAGED_ASSERT(exp)	ASSERT(exp)

#endif /* _WDM_RTL_H_ */
