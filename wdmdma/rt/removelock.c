// SPDX-License-Identifier: GPL-2.0
/*
 * Remove locks: the count of I/O a driver has in flight on a device, which
 * IoReleaseRemoveLockAndWait() drains before the device goes away.
 *
 * IO_REMOVE_LOCK has the WDK's free-build layout.  IoCount starts at 1, a
 * bias that only IoReleaseRemoveLockAndWait() drops; each acquisition adds
 * one.  Dropping the bias also adds WDMDMA_REMLOCK_REMOVED to IoCount, in
 * the same atomic operation: from then on acquisitions see the flag and
 * fail with STATUS_DELETE_PENDING, and the waiter sleeps until IoCount is
 * the flag alone.  Removed is set too, for drivers that look.  The tag, the
 * file and line, and the watermark arguments only serve the checked
 * build's tracking, which wdmdma does not have.  RemoveEvent is not used:
 * the waiter sleeps on IoCount's address (wait_var_event), and the release
 * that leaves the flag alone wakes it.
 *
 * LOCKING
 *
 * None: IoCount changes by fully ordered atomic operations, and every
 * decision is taken on the value an operation returned.  An acquirer
 * either increments before the flag is set (the waiter then waits for its
 * release) or sees the flag and backs out.  The release that leaves the
 * flag alone touches nothing but wakes by address (wake_up_var() does not
 * dereference it), so the waiter may free the lock as soon as it returns.
 */
#include <linux/atomic.h>
#include <linux/wait_bit.h>

#include "../internal.h"

static_assert(sizeof(atomic_t) == sizeof(LONG));

/* In IoCount once IoReleaseRemoveLockAndWait() dropped the bias */
#define WDMDMA_REMLOCK_REMOVED	0x40000000

static atomic_t *wdmdma_remlock_count(PIO_REMOVE_LOCK lock)
{
	return (atomic_t *)&lock->Common.IoCount;
}

static bool wdmdma_remlock_ok(PIO_REMOVE_LOCK lock, ULONG size, const char *call)
{
	if (unlikely(!lock)) {
		wdmdma_report(NULL, call, "NULL RemoveLock");
		return false;
	}
	if (unlikely(size != sizeof(IO_REMOVE_LOCK))) {
		wdmdma_report(NULL, call, "RemlockSize %u is not sizeof(IO_REMOVE_LOCK)", size);
		return false;
	}
	return true;
}

/* Drop one reference; the last wakes the waiter.  Over-release is undone. */
static void wdmdma_remlock_put(PIO_REMOVE_LOCK lock, const char *call)
{
	atomic_t *count = wdmdma_remlock_count(lock);
	int n = atomic_dec_return(count);

	if (likely(n > 0 && n != WDMDMA_REMLOCK_REMOVED && n != WDMDMA_REMLOCK_REMOVED - 1))
		return;
	if (n == WDMDMA_REMLOCK_REMOVED) {
		/* the last use after removal: the lock may be freed from now on */
		wake_up_var(count);
		return;
	}
	/* below the bias (n <= 0), or below the flag alone after removal */
	atomic_inc(count);
	wdmdma_report(NULL, call, "remove lock %p released more often than acquired", lock);
}

/**
 * IoInitializeRemoveLockEx() - initialize a remove lock (what the
 * IoInitializeRemoveLock() macro expands to)
 * @Lock: the lock, in the device extension typically
 * @AllocateTag: ignored (the checked build's tracking)
 * @MaxLockedMinutes: ignored
 * @HighWatermark: ignored
 * @RemlockSize: sizeof(IO_REMOVE_LOCK)
 *
 * The lock is not removed and not acquired.
 *
 * Context: at or below DISPATCH_LEVEL.
 */
void IoInitializeRemoveLockEx(PIO_REMOVE_LOCK Lock, ULONG AllocateTag, ULONG MaxLockedMinutes,
			      ULONG HighWatermark, ULONG RemlockSize)
{
	if (!wdmdma_remlock_ok(Lock, RemlockSize, "IoInitializeRemoveLock"))
		return;
	memset(Lock, 0, sizeof(*Lock));
	atomic_set(wdmdma_remlock_count(Lock), 1);
}
EXPORT_SYMBOL_GPL(IoInitializeRemoveLockEx);

/**
 * IoAcquireRemoveLockEx() - count one more use of the device (what the
 * IoAcquireRemoveLock() macro expands to)
 * @RemoveLock: the lock
 * @Tag: ignored (pairs the acquisition with its release in checked builds)
 * @File: ignored
 * @Line: ignored
 * @RemlockSize: sizeof(IO_REMOVE_LOCK)
 *
 * Context: at or below DISPATCH_LEVEL.
 * Return: STATUS_SUCCESS, the caller then releases it once; or
 * STATUS_DELETE_PENDING once IoReleaseRemoveLockAndWait() was called, the
 * lock not acquired: the caller must not start new I/O on the device.
 */
NTSTATUS IoAcquireRemoveLockEx(PIO_REMOVE_LOCK RemoveLock, PVOID Tag, PCSTR File, ULONG Line,
			       ULONG RemlockSize)
{
	if (!wdmdma_remlock_ok(RemoveLock, RemlockSize, "IoAcquireRemoveLock"))
		return STATUS_INVALID_PARAMETER;
	/* fully ordered */
	if (likely(!(atomic_inc_return(wdmdma_remlock_count(RemoveLock)) &
		     WDMDMA_REMLOCK_REMOVED)))
		return STATUS_SUCCESS;
	wdmdma_remlock_put(RemoveLock, "IoAcquireRemoveLock");
	return STATUS_DELETE_PENDING;
}
EXPORT_SYMBOL_GPL(IoAcquireRemoveLockEx);

/**
 * IoReleaseRemoveLockEx() - a use of the device is over (what the
 * IoReleaseRemoveLock() macro expands to)
 * @RemoveLock: the lock, acquired
 * @Tag: ignored (the tag of the acquisition)
 * @RemlockSize: sizeof(IO_REMOVE_LOCK)
 *
 * The last release after IoReleaseRemoveLockAndWait() lets it return.
 * Releasing more often than acquired is reported and undone.
 *
 * Context: at or below DISPATCH_LEVEL.
 */
void IoReleaseRemoveLockEx(PIO_REMOVE_LOCK RemoveLock, PVOID Tag, ULONG RemlockSize)
{
	if (!wdmdma_remlock_ok(RemoveLock, RemlockSize, "IoReleaseRemoveLock"))
		return;
	wdmdma_remlock_put(RemoveLock, "IoReleaseRemoveLock");
}
EXPORT_SYMBOL_GPL(IoReleaseRemoveLockEx);

/**
 * IoReleaseRemoveLockAndWaitEx() - release the caller's acquisition, refuse
 * new ones and wait for every other to be released (what the
 * IoReleaseRemoveLockAndWait() macro expands to)
 * @RemoveLock: the lock, acquired by the caller
 * @Tag: ignored (the tag of the caller's acquisition)
 * @RemlockSize: sizeof(IO_REMOVE_LOCK)
 *
 * A driver calls it for IRP_MN_REMOVE_DEVICE, before it deletes the
 * device: from then on IoAcquireRemoveLock() fails with
 * STATUS_DELETE_PENDING, and on return no acquisition is outstanding.
 * Calling it twice, or without holding the lock, is reported.
 *
 * Context: process context (PASSIVE_LEVEL); elsewhere reported, no wait.
 */
void IoReleaseRemoveLockAndWaitEx(PIO_REMOVE_LOCK RemoveLock, PVOID Tag, ULONG RemlockSize)
{
	atomic_t *count;

	if (!wdmdma_remlock_ok(RemoveLock, RemlockSize, "IoReleaseRemoveLockAndWait"))
		return;
	if (unlikely(wdmdma_atomic_context())) {
		wdmdma_report(NULL, "IoReleaseRemoveLockAndWait", "called above PASSIVE_LEVEL");
		return;
	}
	count = wdmdma_remlock_count(RemoveLock);
	if (unlikely(READ_ONCE(RemoveLock->Common.Removed))) {
		wdmdma_report(NULL, "IoReleaseRemoveLockAndWait",
			      "remove lock %p is already removed", RemoveLock);
		return;
	}
	WRITE_ONCE(RemoveLock->Common.Removed, TRUE);
	/* the caller's own acquisition: the bias must remain */
	if (unlikely(atomic_dec_return(count) < 1)) {
		atomic_inc(count);
		wdmdma_report(NULL, "IoReleaseRemoveLockAndWait",
			      "remove lock %p is not acquired", RemoveLock);
	}
	/* the bias, refusing acquisitions from now on; then every other one */
	if (atomic_add_return(WDMDMA_REMLOCK_REMOVED - 1, count) != WDMDMA_REMLOCK_REMOVED)
		wait_var_event(count, atomic_read(count) == WDMDMA_REMLOCK_REMOVED);
}
EXPORT_SYMBOL_GPL(IoReleaseRemoveLockAndWaitEx);
