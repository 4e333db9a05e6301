/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hal.h - the legacy DMA routines older drivers call by name
 *
 * Each is a thin wrapper over the adapter's DMA_OPERATIONS table; new code
 * calls the table entries directly.  PADAPTER_OBJECT and PDMA_ADAPTER are
 * the same type (see <wdm/dma.h>).
 */
#ifndef _WDM_HAL_H_
#define _WDM_HAL_H_

#include <wdm/ntdef.h>
#include <wdm/mdl.h>
#include <wdm/io.h>
#include <wdm/dma.h>

DECLSPEC_DEPRECATED_DDK
NTHALAPI
PADAPTER_OBJECT
HalGetAdapter(_In_ PDEVICE_DESCRIPTION DeviceDescription,
	      _Out_ PULONG NumberOfMapRegisters);

DECLSPEC_DEPRECATED_DDK
_IRQL_requires_(DISPATCH_LEVEL)
NTKERNELAPI
NTSTATUS
IoAllocateAdapterChannel(_In_ PADAPTER_OBJECT AdapterObject,
			 _In_ PDEVICE_OBJECT DeviceObject,
			 _In_ ULONG NumberOfMapRegisters,
			 _In_ PDRIVER_CONTROL ExecutionRoutine,
			 _In_ PVOID Context);

DECLSPEC_DEPRECATED_DDK
NTHALAPI
PHYSICAL_ADDRESS
IoMapTransfer(_In_ PADAPTER_OBJECT AdapterObject,
	      _In_ PMDL Mdl,
	      _In_ PVOID MapRegisterBase,
	      _In_ PVOID CurrentVa,
	      _Inout_ PULONG Length,
	      _In_ BOOLEAN WriteToDevice);

DECLSPEC_DEPRECATED_DDK
NTHALAPI
BOOLEAN
IoFlushAdapterBuffers(_In_ PADAPTER_OBJECT AdapterObject,
		      _In_ PMDL Mdl,
		      _In_ PVOID MapRegisterBase,
		      _In_ PVOID CurrentVa,
		      _In_ ULONG Length,
		      _In_ BOOLEAN WriteToDevice);

DECLSPEC_DEPRECATED_DDK
NTHALAPI
VOID
IoFreeAdapterChannel(_In_ PADAPTER_OBJECT AdapterObject);

DECLSPEC_DEPRECATED_DDK
NTHALAPI
VOID
IoFreeMapRegisters(_In_ PADAPTER_OBJECT AdapterObject,
		   _In_ PVOID MapRegisterBase,
		   _In_ ULONG NumberOfMapRegisters);

DECLSPEC_DEPRECATED_DDK
NTHALAPI
PVOID
HalAllocateCommonBuffer(_In_ PADAPTER_OBJECT AdapterObject,
			_In_ ULONG Length,
			_Out_ PPHYSICAL_ADDRESS LogicalAddress,
			_In_ BOOLEAN CacheEnabled);

DECLSPEC_DEPRECATED_DDK
NTHALAPI
VOID
HalFreeCommonBuffer(_In_ PADAPTER_OBJECT AdapterObject,
		    _In_ ULONG Length,
		    _In_ PHYSICAL_ADDRESS LogicalAddress,
		    _In_ PVOID VirtualAddress,
		    _In_ BOOLEAN CacheEnabled);

DECLSPEC_DEPRECATED_DDK
NTHALAPI
ULONG
HalReadDmaCounter(_In_ PADAPTER_OBJECT AdapterObject);

/**
 * HalGetDmaAlignment() - alignment the adapter requires of DMA buffers
 * @DmaAdapter: the adapter
 *
 * The 64-bit WDK provides this one only as an inline call through the
 * table, so it is an inline here too.
 */
static inline ULONG
HalGetDmaAlignment(_In_ PDMA_ADAPTER DmaAdapter)
{
	return DmaAdapter->DmaOperations->GetDmaAlignment(DmaAdapter);
}

#endif /* _WDM_HAL_H_ */
