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

static PVOID stub_alloc_common_ex(PDMA_ADAPTER da, PPHYSICAL_ADDRESS max, ULONG len,
				  PPHYSICAL_ADDRESS la, BOOLEAN cache, NODE_REQUIREMENT node)
{
	wdmdma_unsupported(da, "AllocateCommonBufferEx");
	return NULL;
}

static NTSTATUS stub_alloc_domain_common(PDMA_ADAPTER da, HANDLE dom, PPHYSICAL_ADDRESS max,
					 ULONG len, ULONG flags, MEMORY_CACHING_TYPE *cache,
					 NODE_REQUIREMENT node, PPHYSICAL_ADDRESS la, PVOID *va)
{
	return wdmdma_unsupported(da, "AllocateDomainCommonBuffer");
}

static NTSTATUS stub_flush_dma_buffer(PDMA_ADAPTER da, PMDL mdl, BOOLEAN read)
{
	return wdmdma_unsupported(da, "FlushDmaBuffer");
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

static PVOID stub_alloc_common_bounds(PDMA_ADAPTER da, PPHYSICAL_ADDRESS min,
				      PPHYSICAL_ADDRESS max, ULONG len, ULONG flags,
				      MEMORY_CACHING_TYPE *cache, NODE_REQUIREMENT node,
				      PPHYSICAL_ADDRESS la)
{
	wdmdma_unsupported(da, "AllocateCommonBufferWithBounds");
	return NULL;
}

static NTSTATUS stub_alloc_common_vector(PDMA_ADAPTER da, PHYSICAL_ADDRESS low,
					 PHYSICAL_ADDRESS high, MEMORY_CACHING_TYPE cache,
					 ULONG node, ULONG flags, ULONG n, ULONGLONG size,
					 PDMA_COMMON_BUFFER_VECTOR *out)
{
	return wdmdma_unsupported(da, "AllocateCommonBufferVector");
}

static void stub_get_from_vector(PDMA_ADAPTER da, PDMA_COMMON_BUFFER_VECTOR vec, ULONG i,
				 PVOID *va, PPHYSICAL_ADDRESS la)
{
	wdmdma_unsupported(da, "GetCommonBufferFromVectorByIndex");
	if (va)
		*va = NULL;
	if (la)
		la->QuadPart = 0;
}

static void stub_free_from_vector(PDMA_ADAPTER da, PDMA_COMMON_BUFFER_VECTOR vec, ULONG i)
{
	wdmdma_unsupported(da, "FreeCommonBufferFromVector");
}

static void stub_free_vector(PDMA_ADAPTER da, PDMA_COMMON_BUFFER_VECTOR vec)
{
	wdmdma_unsupported(da, "FreeCommonBufferVector");
}

static NTSTATUS stub_common_from_mdl(PDMA_ADAPTER da, PMDL mdl,
				     PDMA_COMMON_BUFFER_EXTENDED_CONFIGURATION cfg, ULONG n,
				     PPHYSICAL_ADDRESS la)
{
	return wdmdma_unsupported(da, "CreateCommonBufferFromMdl");
}

/* The base every table starts from; adapter.c sets the implemented entries. */
const DMA_OPERATIONS wdmdma_stub_ops = {
	.AllocateCommonBufferEx = stub_alloc_common_ex,
	.AllocateDomainCommonBuffer = stub_alloc_domain_common,
	.FlushDmaBuffer = stub_flush_dma_buffer,
	.JoinDmaDomain = stub_join_domain,
	.LeaveDmaDomain = stub_leave_domain,
	.GetDmaDomain = stub_get_domain,
	.AllocateCommonBufferWithBounds = stub_alloc_common_bounds,
	.AllocateCommonBufferVector = stub_alloc_common_vector,
	.GetCommonBufferFromVectorByIndex = stub_get_from_vector,
	.FreeCommonBufferFromVector = stub_free_from_vector,
	.FreeCommonBufferVector = stub_free_vector,
	.CreateCommonBufferFromMdl = stub_common_from_mdl,
};
