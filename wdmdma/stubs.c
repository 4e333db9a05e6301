// SPDX-License-Identifier: GPL-2.0
/*
 * Table entries not implemented yet.  Each reports the call (rate-limited)
 * and returns the entry's documented failure: STATUS_NOT_SUPPORTED, NULL,
 * FALSE or 0.  README.md's coverage table lists them.  An entry leaves this
 * file when its own file implements it.
 */
#include "dma.h"

static NTSTATUS wdmdma_unsupported(PDMA_ADAPTER da, const char *call)
{
	struct wdmdma_adapter *a;

	rcu_read_lock();
	a = wdmdma_adapter_find(da, call);
	if (a)
		dev_notice_ratelimited(a->dev, "wdmdma: adapter %u: %s is not supported yet\n",
				       a->id, call);
	rcu_read_unlock();
	return STATUS_NOT_SUPPORTED;
}

static NTSTATUS stub_alloc_domain_common(PDMA_ADAPTER da, HANDLE dom, PPHYSICAL_ADDRESS max,
					 ULONG len, ULONG flags, MEMORY_CACHING_TYPE *cache,
					 NODE_REQUIREMENT node, PPHYSICAL_ADDRESS la, PVOID *va)
{
	return wdmdma_unsupported(da, "AllocateDomainCommonBuffer");
}

static NTSTATUS stub_join_domain(PDMA_ADAPTER da, HANDLE dom)
{
	return wdmdma_unsupported(da, "JoinDmaDomain");
}

static NTSTATUS stub_leave_domain(PDMA_ADAPTER da)
{
	return wdmdma_unsupported(da, "LeaveDmaDomain");
}

static HANDLE stub_get_domain(PDMA_ADAPTER da)
{
	wdmdma_unsupported(da, "GetDmaDomain");
	return NULL;
}

/* The base every table starts from; adapter.c sets the implemented entries. */
const DMA_OPERATIONS wdmdma_stub_ops = {
	.AllocateDomainCommonBuffer = stub_alloc_domain_common,
	.JoinDmaDomain = stub_join_domain,
	.LeaveDmaDomain = stub_leave_domain,
	.GetDmaDomain = stub_get_domain,
};
