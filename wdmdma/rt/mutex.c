// SPDX-License-Identifier: GPL-2.0
/*
 * Mutexes and semaphores: KMUTEX (a dispatcher object: acquired by
 * waiting on it, recursively by its owner), KSEMAPHORE, and FAST_MUTEX /
 * KGUARDED_MUTEX (a count and a synchronization event to sleep on).
 *
 * LOCKING
 *
 * A KMUTEX's or KSEMAPHORE's state and a mutex's OwnerThread change under
 * the dispatcher lock (dispatch.c), where a release satisfies the waits it
 * can; KeReadState* read the state lockless.  A fast mutex has no lock:
 * Count is changed only with atomic operations (FM_LOCK_BIT: free; every
 * acquirer decrements it, every release increments it, so a value below
 * zero counts the waiters) and the releaser hands over to one waiter by
 * setting Event.  Owner is written by the holder only.
 */
#include <linux/atomic.h>

#include "dispatch.h"

static bool wdmdma_is_type(PDISPATCHER_HEADER h, enum wdmdma_object_type type, const char *what,
			   const char *call)
{
	if (unlikely(!h)) {
		wdmdma_report(NULL, call, "NULL %s", what);
		return false;
	}
	if (unlikely(wdmdma_dispatch_type(h) != type)) {
		wdmdma_report(NULL, call, "%p is not an initialized %s", h, what);
		return false;
	}
	return true;
}

/**
 * KeInitializeMutex() - initialize a mutex object, signaled (free)
 * @Mutex: the mutex, in nonpaged storage
 * @Level: ignored, as on Windows
 *
 * The mutex is acquired with KeWaitForSingleObject() (or in a
 * KeWaitForMultipleObjects() wait), recursively by its owner, and
 * released once per acquisition with KeReleaseMutex().
 */
void KeInitializeMutex(PRKMUTEX Mutex, ULONG Level)
{
	if (unlikely(!Mutex)) {
		wdmdma_report(NULL, "KeInitializeMutex", "NULL Mutex");
		return;
	}
	InitializeListHead(&Mutex->MutantListEntry);
	Mutex->OwnerThread = NULL;
	Mutex->Abandoned = FALSE;
	Mutex->ApcDisable = 1;
	wdmdma_dispatch_init(&Mutex->Header, WDMDMA_OBJ_MUTANT, sizeof(*Mutex), 1);
}
EXPORT_SYMBOL_GPL(KeInitializeMutex);

/**
 * KeReleaseMutex() - release a mutex once
 * @Mutex: the mutex, owned by the caller
 * @Wait: TRUE when a KeWaitXxx call follows at once; no meaning here
 *
 * The last release of a recursive acquisition frees the mutex and gives
 * it to the first waiter that can take it.  A release by a thread that
 * does not own the mutex (a bug check on Windows) is reported and ignored.
 *
 * Return: the previous state: 0 when this release freed the mutex.
 */
LONG KeReleaseMutex(PRKMUTEX Mutex, BOOLEAN Wait)
{
	PKTHREAD me = wdmdma_current_thread();
	unsigned long flags;
	LONG old;

	if (!wdmdma_is_type(&Mutex->Header, WDMDMA_OBJ_MUTANT, "mutex", "KeReleaseMutex"))
		return 0;
	flags = wdmdma_dispatch_lock();
	old = Mutex->Header.SignalState;
	if (unlikely(old > 0 || Mutex->OwnerThread != me)) {
		wdmdma_dispatch_unlock(flags);
		wdmdma_report(NULL, "KeReleaseMutex", "mutex %p is not owned by the caller (%s)",
			      Mutex, "STATUS_MUTEX_NOT_OWNED on Windows");
		return old;
	}
	WRITE_ONCE(Mutex->Header.SignalState, old + 1);
	if (old + 1 == 1) {
		Mutex->OwnerThread = NULL;
		wdmdma_dispatch_signal(&Mutex->Header);
	}
	wdmdma_dispatch_unlock(flags);
	return old;
}
EXPORT_SYMBOL_GPL(KeReleaseMutex);

/**
 * KeReadStateMutex() - the state of a mutex
 * @Mutex: the mutex
 *
 * Return: 1 when free (signaled), 1 - n when held with n acquisitions.
 */
LONG KeReadStateMutex(PRKMUTEX Mutex)
{
	if (!wdmdma_is_type(&Mutex->Header, WDMDMA_OBJ_MUTANT, "mutex", "KeReadStateMutex"))
		return 0;
	return READ_ONCE(Mutex->Header.SignalState);
}
EXPORT_SYMBOL_GPL(KeReadStateMutex);

/**
 * KeInitializeSemaphore() - initialize a semaphore object
 * @Semaphore: the semaphore, in nonpaged storage
 * @Count: its initial count (signaled while above zero), 0 to @Limit
 * @Limit: the most its count may reach, above zero
 *
 * A bad count or limit is reported and clamped into range.
 */
void KeInitializeSemaphore(PRKSEMAPHORE Semaphore, LONG Count, LONG Limit)
{
	if (unlikely(!Semaphore)) {
		wdmdma_report(NULL, "KeInitializeSemaphore", "NULL Semaphore");
		return;
	}
	if (unlikely(Limit <= 0 || Count < 0 || Count > Limit)) {
		wdmdma_report(NULL, "KeInitializeSemaphore",
			      "Count %d, Limit %d: need 0 <= Count <= Limit, 0 < Limit", Count,
			      Limit);
		Limit = max(Limit, 1);
		Count = clamp(Count, 0, Limit);
	}
	Semaphore->Limit = Limit;
	wdmdma_dispatch_init(&Semaphore->Header, WDMDMA_OBJ_SEMAPHORE, sizeof(*Semaphore), Count);
}
EXPORT_SYMBOL_GPL(KeInitializeSemaphore);

/**
 * KeReleaseSemaphore() - add to a semaphore's count
 * @Semaphore: the semaphore
 * @Increment: priority boost for the woken; ignored
 * @Adjustment: what to add, above zero
 * @Wait: TRUE when a KeWaitXxx call follows at once; no meaning here
 *
 * The waits the new count allows are satisfied, each taking one.  A count
 * that would pass the limit (STATUS_SEMAPHORE_LIMIT_EXCEEDED, raised as an
 * exception on Windows) or an @Adjustment not above zero is reported and
 * leaves the count as it was.
 *
 * Return: the count before the call.
 */
LONG KeReleaseSemaphore(PRKSEMAPHORE Semaphore, KPRIORITY Increment, LONG Adjustment,
			BOOLEAN Wait)
{
	unsigned long flags;
	LONG old;

	if (!wdmdma_is_type(&Semaphore->Header, WDMDMA_OBJ_SEMAPHORE, "semaphore",
			    "KeReleaseSemaphore"))
		return 0;
	flags = wdmdma_dispatch_lock();
	old = Semaphore->Header.SignalState;
	if (unlikely(Adjustment <= 0 || Adjustment > Semaphore->Limit - old)) {
		wdmdma_dispatch_unlock(flags);
		wdmdma_report(NULL, "KeReleaseSemaphore",
			      "semaphore %p: count %d + %d passes its limit %d (%s)", Semaphore,
			      old, Adjustment, Semaphore->Limit,
			      Adjustment <= 0 ? "Adjustment not above 0" :
			      "STATUS_SEMAPHORE_LIMIT_EXCEEDED");
		return old;
	}
	WRITE_ONCE(Semaphore->Header.SignalState, old + Adjustment);
	wdmdma_dispatch_signal(&Semaphore->Header);
	wdmdma_dispatch_unlock(flags);
	return old;
}
EXPORT_SYMBOL_GPL(KeReleaseSemaphore);

/**
 * KeReadStateSemaphore() - a semaphore's count
 * @Semaphore: the semaphore
 *
 * Return: its count (signaled when above zero).
 */
LONG KeReadStateSemaphore(PRKSEMAPHORE Semaphore)
{
	if (!wdmdma_is_type(&Semaphore->Header, WDMDMA_OBJ_SEMAPHORE, "semaphore",
			    "KeReadStateSemaphore"))
		return 0;
	return READ_ONCE(Semaphore->Header.SignalState);
}
EXPORT_SYMBOL_GPL(KeReadStateSemaphore);

/* Fast and guarded mutexes */

static atomic_t *wdmdma_fm_count(PFAST_MUTEX m)
{
	BUILD_BUG_ON(sizeof(atomic_t) != sizeof(m->Count));
	return (atomic_t *)&m->Count;
}

static void wdmdma_fm_init(PFAST_MUTEX m, const char *call)
{
	if (unlikely(!m)) {
		wdmdma_report(NULL, call, "NULL mutex");
		return;
	}
	atomic_set(wdmdma_fm_count(m), FM_LOCK_BIT);
	m->Owner = NULL;
	m->Contention = 0;
	m->OldIrql = PASSIVE_LEVEL;
	KeInitializeEvent(&m->Event, SynchronizationEvent, FALSE);
}

/* Is @m a fast mutex initialized and not owned by the caller (@acquiring)? */
static bool wdmdma_fm_ok(PFAST_MUTEX m, bool acquiring, const char *call)
{
	if (unlikely(!m)) {
		wdmdma_report(NULL, call, "NULL mutex");
		return false;
	}
	if (unlikely(wdmdma_dispatch_type(&m->Event.Header) != WDMDMA_OBJ_EVENT_SYNCHRONIZATION)) {
		wdmdma_report(NULL, call, "%p is not an initialized fast or guarded mutex", m);
		return false;
	}
	if (unlikely(acquiring && wdmdma_atomic_context())) {
		wdmdma_report(NULL, call, "called above APC_LEVEL");
		return false;
	}
	if (unlikely(acquiring && READ_ONCE(m->Owner) == wdmdma_current_thread())) {
		wdmdma_report(NULL, call, "mutex %p is the caller's already (not recursive)", m);
		return false;
	}
	return true;
}

static void wdmdma_fm_acquire(PFAST_MUTEX m, const char *call)
{
	if (!wdmdma_fm_ok(m, true, call))
		return;
	if (atomic_dec_return(wdmdma_fm_count(m)) != FM_LOCK_BIT - 1) {
		m->Contention++;	/* statistics; racy as on Windows */
		KeWaitForSingleObject(&m->Event, WrFastMutex, KernelMode, FALSE, NULL);
	}
	WRITE_ONCE(m->Owner, wdmdma_current_thread());
}

static void wdmdma_fm_release(PFAST_MUTEX m, const char *call)
{
	if (!wdmdma_fm_ok(m, false, call))
		return;
	if (unlikely(READ_ONCE(m->Owner) != wdmdma_current_thread())) {
		wdmdma_report(NULL, call, "mutex %p is not owned by the caller", m);
		return;
	}
	WRITE_ONCE(m->Owner, NULL);
	if (atomic_inc_return(wdmdma_fm_count(m)) != FM_LOCK_BIT)
		KeSetEvent(&m->Event, 0, FALSE);	/* to one waiter */
}

static BOOLEAN wdmdma_fm_try(PFAST_MUTEX m, const char *call)
{
	if (!wdmdma_fm_ok(m, true, call))
		return FALSE;
	if (atomic_cmpxchg(wdmdma_fm_count(m), FM_LOCK_BIT, FM_LOCK_BIT - 1) != FM_LOCK_BIT)
		return FALSE;
	WRITE_ONCE(m->Owner, wdmdma_current_thread());
	return TRUE;
}

/**
 * ExInitializeFastMutex() - initialize a fast mutex, free
 * @FastMutex: the mutex, in nonpaged storage
 */
void ExInitializeFastMutex(PFAST_MUTEX FastMutex)
{
	wdmdma_fm_init(FastMutex, "ExInitializeFastMutex");
}
EXPORT_SYMBOL_GPL(ExInitializeFastMutex);

/**
 * ExAcquireFastMutex() - acquire a fast mutex, waiting for it
 * @FastMutex: the mutex
 *
 * On Windows this raises to APC_LEVEL; there are no APCs here and the
 * IRQL the runtime reports stays PASSIVE_LEVEL.  Not recursive: the
 * owner's second acquisition (a deadlock on Windows) is reported and
 * returns without acquiring; so is a call above APC_LEVEL.
 */
void ExAcquireFastMutex(PFAST_MUTEX FastMutex)
{
	wdmdma_fm_acquire(FastMutex, "ExAcquireFastMutex");
}
EXPORT_SYMBOL_GPL(ExAcquireFastMutex);

/**
 * ExReleaseFastMutex() - release a fast mutex the caller owns
 * @FastMutex: the mutex
 *
 * A release by a thread that does not own it is reported and ignored.
 */
void ExReleaseFastMutex(PFAST_MUTEX FastMutex)
{
	wdmdma_fm_release(FastMutex, "ExReleaseFastMutex");
}
EXPORT_SYMBOL_GPL(ExReleaseFastMutex);

/**
 * ExTryToAcquireFastMutex() - acquire a fast mutex if it is free
 * @FastMutex: the mutex
 *
 * Return: TRUE when acquired.
 */
BOOLEAN ExTryToAcquireFastMutex(PFAST_MUTEX FastMutex)
{
	return wdmdma_fm_try(FastMutex, "ExTryToAcquireFastMutex");
}
EXPORT_SYMBOL_GPL(ExTryToAcquireFastMutex);

/**
 * ExAcquireFastMutexUnsafe() - acquire a fast mutex without raising IRQL
 * @FastMutex: the mutex
 *
 * The same as ExAcquireFastMutex() here.
 */
void ExAcquireFastMutexUnsafe(PFAST_MUTEX FastMutex)
{
	wdmdma_fm_acquire(FastMutex, "ExAcquireFastMutexUnsafe");
}
EXPORT_SYMBOL_GPL(ExAcquireFastMutexUnsafe);

/**
 * ExReleaseFastMutexUnsafe() - release what ExAcquireFastMutexUnsafe() took
 * @FastMutex: the mutex
 */
void ExReleaseFastMutexUnsafe(PFAST_MUTEX FastMutex)
{
	wdmdma_fm_release(FastMutex, "ExReleaseFastMutexUnsafe");
}
EXPORT_SYMBOL_GPL(ExReleaseFastMutexUnsafe);

/**
 * KeInitializeGuardedMutex() - initialize a guarded mutex, free
 * @Mutex: the mutex
 */
void KeInitializeGuardedMutex(PKGUARDED_MUTEX Mutex)
{
	wdmdma_fm_init(Mutex, "KeInitializeGuardedMutex");
}
EXPORT_SYMBOL_GPL(KeInitializeGuardedMutex);

/**
 * KeAcquireGuardedMutex() - acquire a guarded mutex, waiting for it
 * @Mutex: the mutex
 *
 * As ExAcquireFastMutex().
 */
void KeAcquireGuardedMutex(PKGUARDED_MUTEX Mutex)
{
	wdmdma_fm_acquire(Mutex, "KeAcquireGuardedMutex");
}
EXPORT_SYMBOL_GPL(KeAcquireGuardedMutex);

/**
 * KeReleaseGuardedMutex() - release a guarded mutex the caller owns
 * @Mutex: the mutex
 */
void KeReleaseGuardedMutex(PKGUARDED_MUTEX Mutex)
{
	wdmdma_fm_release(Mutex, "KeReleaseGuardedMutex");
}
EXPORT_SYMBOL_GPL(KeReleaseGuardedMutex);

/**
 * KeTryToAcquireGuardedMutex() - acquire a guarded mutex if it is free
 * @Mutex: the mutex
 *
 * Return: TRUE when acquired.
 */
BOOLEAN KeTryToAcquireGuardedMutex(PKGUARDED_MUTEX Mutex)
{
	return wdmdma_fm_try(Mutex, "KeTryToAcquireGuardedMutex");
}
EXPORT_SYMBOL_GPL(KeTryToAcquireGuardedMutex);

/**
 * KeAcquireGuardedMutexUnsafe() - acquire a guarded mutex (no APC change)
 * @FastMutex: the mutex
 */
void KeAcquireGuardedMutexUnsafe(PKGUARDED_MUTEX FastMutex)
{
	wdmdma_fm_acquire(FastMutex, "KeAcquireGuardedMutexUnsafe");
}
EXPORT_SYMBOL_GPL(KeAcquireGuardedMutexUnsafe);

/**
 * KeReleaseGuardedMutexUnsafe() - release what KeAcquireGuardedMutexUnsafe() took
 * @FastMutex: the mutex
 */
void KeReleaseGuardedMutexUnsafe(PKGUARDED_MUTEX FastMutex)
{
	wdmdma_fm_release(FastMutex, "KeReleaseGuardedMutexUnsafe");
}
EXPORT_SYMBOL_GPL(KeReleaseGuardedMutexUnsafe);
