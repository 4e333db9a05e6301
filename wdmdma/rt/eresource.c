// SPDX-License-Identifier: GPL-2.0
/*
 * Executive resources (ERESOURCE): a reader/writer lock owned by threads,
 * shared by many or exclusive to one, both recursive for their owner.
 *
 * OwnerEntry holds the exclusive owner (Flag has ResourceOwnedExclusive)
 * or one shared owner; OwnerTable, allocated as shared owners grow, the
 * others: element 0 keeps the table's size, elements 1.. the owners.  An
 * owner's OwnerCount counts its acquisitions.  ActiveCount is the number
 * of owners.  A waiting exclusive acquirer holds off new shared owners
 * (not those already sharing, who may recurse), so writers do not starve.
 * Waiters sleep on the resource's address (wait_var_event) and retry when
 * a release wakes them.  An initialized resource is marked by
 * SystemResourcesList linked to itself and Address pointing at itself.
 *
 * LOCKING
 *
 * wdmdma_resource_lock (irqsave: releases are allowed at DISPATCH_LEVEL;
 * innermost) guards every field of every ERESOURCE.  The table is
 * allocated and freed outside it.
 */
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/wait_bit.h>

#include "dispatch.h"

static DEFINE_SPINLOCK(wdmdma_resource_lock);

enum wdmdma_res_try {
	WDMDMA_RES_GRANTED,
	WDMDMA_RES_BUSY,
	WDMDMA_RES_NEED_TABLE,	/* a new shared owner needs a larger table */
	WDMDMA_RES_SELF,	/* exclusive wanted by a thread sharing it: a deadlock */
};

#define WDMDMA_RES_TABLE_MIN	4

static bool wdmdma_res_ok(PERESOURCE r, const char *call)
{
	if (unlikely(!r)) {
		wdmdma_report(NULL, call, "NULL Resource");
		return false;
	}
	if (unlikely(READ_ONCE(r->Address) != r ||
		     READ_ONCE(r->SystemResourcesList.Flink) != &r->SystemResourcesList)) {
		wdmdma_report(NULL, call, "%p is not an initialized resource", r);
		return false;
	}
	return true;
}

/* The owner entry of @t, or NULL.  Under wdmdma_resource_lock. */
static POWNER_ENTRY wdmdma_res_find(PERESOURCE r, ERESOURCE_THREAD t)
{
	ULONG i, n = r->OwnerTable ? r->OwnerTable[0].TableSize : 0;

	if (r->OwnerEntry.OwnerThread == t)
		return &r->OwnerEntry;
	for (i = 1; i < n; i++)
		if (r->OwnerTable[i].OwnerThread == t)
			return &r->OwnerTable[i];
	return NULL;
}

/* A free owner entry, or NULL when the table is full.  Under the lock. */
static POWNER_ENTRY wdmdma_res_free_entry(PERESOURCE r)
{
	return wdmdma_res_find(r, 0);
}

static enum wdmdma_res_try wdmdma_res_try(PERESOURCE r, bool exclusive, ERESOURCE_THREAD me)
{
	POWNER_ENTRY e;

	if (r->Flag & ResourceOwnedExclusive) {
		if (r->OwnerEntry.OwnerThread != me)
			return WDMDMA_RES_BUSY;
		r->OwnerEntry.OwnerCount++;	/* exclusive recursion, for either kind */
		return WDMDMA_RES_GRANTED;
	}
	e = wdmdma_res_find(r, me);
	if (exclusive) {
		if (e)
			return WDMDMA_RES_SELF;
		if (r->ActiveCount)
			return WDMDMA_RES_BUSY;
		r->Flag |= ResourceOwnedExclusive;
		r->OwnerEntry.OwnerThread = me;
		r->OwnerEntry.OwnerCount = 1;
		r->ActiveCount = 1;
		r->ActiveEntries = 1;
		return WDMDMA_RES_GRANTED;
	}
	if (e) {
		e->OwnerCount++;
		return WDMDMA_RES_GRANTED;
	}
	if (r->NumberOfExclusiveWaiters)
		return WDMDMA_RES_BUSY;
	e = wdmdma_res_free_entry(r);
	if (!e)
		return WDMDMA_RES_NEED_TABLE;
	e->OwnerThread = me;
	e->OwnerCount = 1;
	r->ActiveCount++;
	r->ActiveEntries++;
	return WDMDMA_RES_GRANTED;
}

/* One try; a busy one counts the caller as a waiter (@wait) until it is not. */
static enum wdmdma_res_try wdmdma_res_step(PERESOURCE r, bool exclusive, ERESOURCE_THREAD me,
					   bool wait, bool *waiting)
{
	ULONG *waiters = exclusive ? &r->NumberOfExclusiveWaiters : &r->NumberOfSharedWaiters;
	enum wdmdma_res_try rc;
	unsigned long flags;

	spin_lock_irqsave(&wdmdma_resource_lock, flags);
	rc = wdmdma_res_try(r, exclusive, me);
	if (rc == WDMDMA_RES_BUSY && wait && !*waiting) {
		(*waiters)++;
		r->ContentionCount++;
		*waiting = true;
	} else if (rc != WDMDMA_RES_BUSY && *waiting) {
		(*waiters)--;
		*waiting = false;
	}
	spin_unlock_irqrestore(&wdmdma_resource_lock, flags);
	return rc;
}

/* A waiter's retry: has it ended (acquired, or something to do)? */
static bool wdmdma_res_waited(PERESOURCE r, bool exclusive, ERESOURCE_THREAD me, bool *waiting,
			      enum wdmdma_res_try *rc)
{
	*rc = wdmdma_res_step(r, exclusive, me, true, waiting);
	return *rc != WDMDMA_RES_BUSY;
}

/* Double the owner table.  Return: false when out of memory. */
static bool wdmdma_res_grow(PERESOURCE r)
{
	POWNER_ENTRY table, old;
	unsigned long flags;
	ULONG n, size;

	spin_lock_irqsave(&wdmdma_resource_lock, flags);
	old = r->OwnerTable;
	n = old ? old[0].TableSize : 0;
	spin_unlock_irqrestore(&wdmdma_resource_lock, flags);

	size = max_t(ULONG, n * 2, WDMDMA_RES_TABLE_MIN);
	table = kcalloc(size, sizeof(*table), GFP_KERNEL);
	if (!table)
		return false;
	spin_lock_irqsave(&wdmdma_resource_lock, flags);
	if (r->OwnerTable == old) {
		if (old)
			memcpy(table, old, n * sizeof(*table));
		table[0].OwnerThread = 0;
		table[0].TableSize = size;
		r->OwnerTable = table;
		table = old;		/* to free */
	}
	spin_unlock_irqrestore(&wdmdma_resource_lock, flags);
	kfree(table);
	return true;
}

static BOOLEAN wdmdma_res_acquire(PERESOURCE r, bool exclusive, BOOLEAN Wait, const char *call)
{
	ERESOURCE_THREAD me = ExGetCurrentResourceThread();
	bool waiting = false;
	enum wdmdma_res_try rc;

	if (!wdmdma_res_ok(r, call))
		return FALSE;
	if (unlikely(Wait && wdmdma_atomic_context())) {
		wdmdma_report(NULL, call, "waiting above APC_LEVEL; not acquired");
		return FALSE;
	}
	rc = wdmdma_res_step(r, exclusive, me, Wait, &waiting);
	for (;;) {
		switch (rc) {
		case WDMDMA_RES_GRANTED:
			return TRUE;
		case WDMDMA_RES_SELF:
			wdmdma_report(NULL, call, "resource %p is shared by the caller: %s", r,
				      "exclusive would deadlock");
			return FALSE;
		case WDMDMA_RES_NEED_TABLE:
			if (!wdmdma_res_grow(r)) {
				wdmdma_report(NULL, call, "no memory for resource %p's owners", r);
				return FALSE;
			}
			rc = wdmdma_res_step(r, exclusive, me, Wait, &waiting);
			break;
		case WDMDMA_RES_BUSY:
			if (!Wait)
				return FALSE;
			wait_var_event(r, wdmdma_res_waited(r, exclusive, me, &waiting, &rc));
			break;
		}
	}
}

/**
 * ExInitializeResourceLite() - initialize a resource, not owned
 * @Resource: the resource, in nonpaged storage
 *
 * Return: STATUS_SUCCESS, or STATUS_INVALID_PARAMETER for NULL (reported).
 */
NTSTATUS ExInitializeResourceLite(PERESOURCE Resource)
{
	if (unlikely(!Resource)) {
		wdmdma_report(NULL, "ExInitializeResourceLite", "NULL Resource");
		return STATUS_INVALID_PARAMETER;
	}
	memset(Resource, 0, sizeof(*Resource));
	InitializeListHead(&Resource->SystemResourcesList);
	WRITE_ONCE(Resource->Address, Resource);
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(ExInitializeResourceLite);

/**
 * ExDeleteResourceLite() - delete a resource
 * @Resource: the resource, owned by nobody
 *
 * A resource still owned or waited for is reported (and deleted all the
 * same: its owners' releases are then reported as misuse).
 *
 * Return: STATUS_SUCCESS, or STATUS_INVALID_PARAMETER (reported).
 */
NTSTATUS ExDeleteResourceLite(PERESOURCE Resource)
{
	POWNER_ENTRY table;
	unsigned long flags;
	SHORT active;
	ULONG waiters;

	if (!wdmdma_res_ok(Resource, "ExDeleteResourceLite"))
		return STATUS_INVALID_PARAMETER;
	spin_lock_irqsave(&wdmdma_resource_lock, flags);
	active = Resource->ActiveCount;
	waiters = Resource->NumberOfExclusiveWaiters + Resource->NumberOfSharedWaiters;
	table = Resource->OwnerTable;
	Resource->OwnerTable = NULL;
	WRITE_ONCE(Resource->Address, NULL);
	WRITE_ONCE(Resource->SystemResourcesList.Flink, NULL);
	spin_unlock_irqrestore(&wdmdma_resource_lock, flags);
	kfree(table);
	if (unlikely(active || waiters))
		wdmdma_report(NULL, "ExDeleteResourceLite",
			      "resource %p still has %d owners, %u waiters", Resource, active,
			      waiters);
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(ExDeleteResourceLite);

/**
 * ExAcquireResourceExclusiveLite() - acquire a resource for the caller alone
 * @Resource: the resource
 * @Wait: TRUE to wait until it can be acquired
 *
 * The exclusive owner may acquire it again (either way), and releases it
 * once per acquisition.  A caller that shares it would deadlock: reported,
 * FALSE.
 *
 * Context: at or below APC_LEVEL (KeEnterCriticalRegion() on Windows).
 * Return: TRUE when acquired; FALSE when not (@Wait FALSE, or misuse).
 */
BOOLEAN ExAcquireResourceExclusiveLite(PERESOURCE Resource, BOOLEAN Wait)
{
	return wdmdma_res_acquire(Resource, true, Wait, "ExAcquireResourceExclusiveLite");
}
EXPORT_SYMBOL_GPL(ExAcquireResourceExclusiveLite);

/**
 * ExAcquireResourceSharedLite() - acquire a resource shared with others
 * @Resource: the resource
 * @Wait: TRUE to wait until it can be acquired
 *
 * Granted at once to a caller that owns it already (shared, or exclusive:
 * then it counts as one more exclusive acquisition); to others while no
 * thread owns it exclusively or waits to.
 *
 * Context: at or below APC_LEVEL.
 * Return: TRUE when acquired.
 */
BOOLEAN ExAcquireResourceSharedLite(PERESOURCE Resource, BOOLEAN Wait)
{
	return wdmdma_res_acquire(Resource, false, Wait, "ExAcquireResourceSharedLite");
}
EXPORT_SYMBOL_GPL(ExAcquireResourceSharedLite);

static void wdmdma_res_release(PERESOURCE r, ERESOURCE_THREAD t, const char *call)
{
	unsigned long flags;
	POWNER_ENTRY e;
	bool freed = false;

	if (!wdmdma_res_ok(r, call))
		return;
	spin_lock_irqsave(&wdmdma_resource_lock, flags);
	if (r->Flag & ResourceOwnedExclusive)
		e = r->OwnerEntry.OwnerThread == t ? &r->OwnerEntry : NULL;
	else
		e = t ? wdmdma_res_find(r, t) : NULL;
	if (e && --e->OwnerCount == 0) {
		e->OwnerThread = 0;
		r->ActiveCount--;
		r->ActiveEntries--;
		r->Flag &= ~ResourceOwnedExclusive;
		freed = r->NumberOfExclusiveWaiters || r->NumberOfSharedWaiters;
	}
	spin_unlock_irqrestore(&wdmdma_resource_lock, flags);
	if (unlikely(!e)) {
		wdmdma_report(NULL, call, "resource %p is not owned by thread %lx", r,
			      (unsigned long)t);
		return;
	}
	if (freed) {
		smp_mb();	/* the waiters' try sees the release before their wake-up check */
		wake_up_var(r);
	}
}

/**
 * ExReleaseResourceLite() - release one acquisition of the caller's
 * @Resource: the resource
 *
 * A release by a thread that does not own it is reported and ignored.
 */
void ExReleaseResourceLite(PERESOURCE Resource)
{
	wdmdma_res_release(Resource, ExGetCurrentResourceThread(), "ExReleaseResourceLite");
}
EXPORT_SYMBOL_GPL(ExReleaseResourceLite);

/**
 * ExReleaseResourceForThreadLite() - release one acquisition of a thread's
 * @Resource: the resource
 * @ResourceThreadId: the owner, as ExGetCurrentResourceThread() gave it
 */
void ExReleaseResourceForThreadLite(PERESOURCE Resource, ERESOURCE_THREAD ResourceThreadId)
{
	wdmdma_res_release(Resource, ResourceThreadId, "ExReleaseResourceForThreadLite");
}
EXPORT_SYMBOL_GPL(ExReleaseResourceForThreadLite);

/**
 * ExIsResourceAcquiredExclusiveLite() - does the caller own it exclusively?
 * @Resource: the resource
 *
 * Return: TRUE when the caller is its exclusive owner.
 */
BOOLEAN ExIsResourceAcquiredExclusiveLite(PERESOURCE Resource)
{
	ERESOURCE_THREAD me = ExGetCurrentResourceThread();
	unsigned long flags;
	bool mine;

	if (!wdmdma_res_ok(Resource, "ExIsResourceAcquiredExclusiveLite"))
		return FALSE;
	spin_lock_irqsave(&wdmdma_resource_lock, flags);
	mine = (Resource->Flag & ResourceOwnedExclusive) && Resource->OwnerEntry.OwnerThread == me;
	spin_unlock_irqrestore(&wdmdma_resource_lock, flags);
	return mine ? TRUE : FALSE;
}
EXPORT_SYMBOL_GPL(ExIsResourceAcquiredExclusiveLite);

/**
 * ExIsResourceAcquiredSharedLite() - how often the caller holds it
 * @Resource: the resource
 *
 * Return: the caller's acquisitions, shared or exclusive; 0 when none.
 */
ULONG ExIsResourceAcquiredSharedLite(PERESOURCE Resource)
{
	ERESOURCE_THREAD me = ExGetCurrentResourceThread();
	unsigned long flags;
	POWNER_ENTRY e;
	ULONG n = 0;

	if (!wdmdma_res_ok(Resource, "ExIsResourceAcquiredSharedLite"))
		return 0;
	spin_lock_irqsave(&wdmdma_resource_lock, flags);
	e = wdmdma_res_find(Resource, me);
	if (e)
		n = e->OwnerCount;
	spin_unlock_irqrestore(&wdmdma_resource_lock, flags);
	return n;
}
EXPORT_SYMBOL_GPL(ExIsResourceAcquiredSharedLite);

/**
 * ExGetCurrentResourceThread() - the caller's identity as a resource owner
 *
 * Return: the caller's thread (PsGetCurrentThread()) as an ERESOURCE_THREAD.
 */
ERESOURCE_THREAD ExGetCurrentResourceThread(void)
{
	return (ERESOURCE_THREAD)wdmdma_current_thread();
}
EXPORT_SYMBOL_GPL(ExGetCurrentResourceThread);
