// SPDX-License-Identifier: GPL-2.0
/*
 * The obsolete entry points older drivers call by name.  The 64-bit WDK
 * makes them inline calls through the adapter's table; here they are
 * exports doing the same, so a driver works whichever way it was written.
 * HalGetAdapter() serves the device the driver's glue named.
 */
#include <linux/mutex.h>

#include "dma.h"

/* The adapter's table, or NULL (reported) for an adapter that is not live. */
static PDMA_OPERATIONS wdmdma_legacy_ops(PADAPTER_OBJECT ad, const char *call)
{
	return wdmdma_adapter_ops(ad, call);
}

/**
 * HalGetAdapter() - obsolete: an adapter for the device the glue named
 * @DeviceDescription: the device's DMA capabilities
 * @NumberOfMapRegisters: out: the most map registers one transfer may use
 *
 * HalGetAdapter names no device, so it serves the one the driver's Linux
 * glue gave wdmdma_set_legacy_device().  Verifier mode reports the call
 * (WDMDMA_CHK_OBSOLETE, Driver Verifier's 0x1E) and makes the adapter.
 *
 * Context: process context.
 * Return: the adapter, or NULL (reported).
 */
PADAPTER_OBJECT HalGetAdapter(PDEVICE_DESCRIPTION DeviceDescription,
			      PULONG NumberOfMapRegisters)
{
	struct wdmdma_adapter *a;
	struct device *dev;

	/* Referenced under the lock: the glue may forget the device meanwhile. */
	mutex_lock(&wdmdma_adapters_lock);
	dev = get_device(wdmdma_legacy_dev);
	mutex_unlock(&wdmdma_adapters_lock);
	if (!DeviceDescription || !NumberOfMapRegisters || !dev) {
		wdmdma_report(NULL, __func__, "%s", !dev ?
			      "no device: the glue must call wdmdma_set_legacy_device()" :
			      "NULL argument");
		put_device(dev);
		return NULL;
	}
	a = wdmdma_adapter_create(dev, NULL, DeviceDescription, __func__);
	put_device(dev);
	if (!a)
		return NULL;
	if (wdmdma_verifying(a))
		wdmdma_report_chk(a, __func__, WDMDMA_CHK_OBSOLETE,
				  "obsolete: call IoGetDmaAdapter for the device's PDO (adapter made)");
	*NumberOfMapRegisters = a->nregs;
	return &a->dma;
}
EXPORT_SYMBOL_GPL(HalGetAdapter);

/**
 * wdmdma_set_legacy_device() - the device HalGetAdapter() adapters are for
 * @dev: the device, or NULL to forget it
 */
void wdmdma_set_legacy_device(struct device *dev)
{
	struct device *old;

	mutex_lock(&wdmdma_adapters_lock);
	old = wdmdma_legacy_dev;
	wdmdma_legacy_dev = get_device(dev);
	mutex_unlock(&wdmdma_adapters_lock);
	put_device(old);
}
EXPORT_SYMBOL_GPL(wdmdma_set_legacy_device);

/**
 * IoAllocateAdapterChannel() - obsolete: DmaOperations->AllocateAdapterChannel
 * @AdapterObject: the adapter
 * @DeviceObject: the device object the transfer is for
 * @NumberOfMapRegisters: map registers the transfer needs
 * @ExecutionRoutine: the AdapterControl routine
 * @Context: passed to it
 *
 * Return: as AllocateAdapterChannel.
 */
NTSTATUS IoAllocateAdapterChannel(PADAPTER_OBJECT AdapterObject, PDEVICE_OBJECT DeviceObject,
				  ULONG NumberOfMapRegisters, PDRIVER_CONTROL ExecutionRoutine,
				  PVOID Context)
{
	PDMA_OPERATIONS ops = wdmdma_legacy_ops(AdapterObject, __func__);

	if (!ops)
		return STATUS_INVALID_PARAMETER;
	return ops->AllocateAdapterChannel(AdapterObject, DeviceObject, NumberOfMapRegisters,
					   ExecutionRoutine, Context);
}
EXPORT_SYMBOL_GPL(IoAllocateAdapterChannel);

/**
 * IoMapTransfer() - obsolete: DmaOperations->MapTransfer
 * @AdapterObject: the adapter
 * @Mdl: the MDL
 * @MapRegisterBase: from the AdapterControl routine
 * @CurrentVa: first byte to map
 * @Length: in: bytes wanted; out: bytes mapped
 * @WriteToDevice: direction
 *
 * Return: as MapTransfer.
 */
PHYSICAL_ADDRESS IoMapTransfer(PADAPTER_OBJECT AdapterObject, PMDL Mdl, PVOID MapRegisterBase,
			       PVOID CurrentVa, PULONG Length, BOOLEAN WriteToDevice)
{
	PDMA_OPERATIONS ops = wdmdma_legacy_ops(AdapterObject, __func__);
	PHYSICAL_ADDRESS none = { .QuadPart = 0 };

	if (!ops) {
		if (Length)
			*Length = 0;
		return none;
	}
	return ops->MapTransfer(AdapterObject, Mdl, MapRegisterBase, CurrentVa, Length,
				WriteToDevice);
}
EXPORT_SYMBOL_GPL(IoMapTransfer);

/**
 * IoFlushAdapterBuffers() - obsolete: DmaOperations->FlushAdapterBuffers
 * @AdapterObject: the adapter
 * @Mdl: the MDL
 * @MapRegisterBase: from the AdapterControl routine
 * @CurrentVa: start of the transfer
 * @Length: its length
 * @WriteToDevice: direction
 *
 * Return: as FlushAdapterBuffers.
 */
BOOLEAN IoFlushAdapterBuffers(PADAPTER_OBJECT AdapterObject, PMDL Mdl, PVOID MapRegisterBase,
			      PVOID CurrentVa, ULONG Length, BOOLEAN WriteToDevice)
{
	PDMA_OPERATIONS ops = wdmdma_legacy_ops(AdapterObject, __func__);

	if (!ops)
		return FALSE;
	return ops->FlushAdapterBuffers(AdapterObject, Mdl, MapRegisterBase, CurrentVa, Length,
					WriteToDevice);
}
EXPORT_SYMBOL_GPL(IoFlushAdapterBuffers);

/**
 * IoFreeAdapterChannel() - obsolete: DmaOperations->FreeAdapterChannel
 * @AdapterObject: the adapter
 */
void IoFreeAdapterChannel(PADAPTER_OBJECT AdapterObject)
{
	PDMA_OPERATIONS ops = wdmdma_legacy_ops(AdapterObject, __func__);

	if (ops)
		ops->FreeAdapterChannel(AdapterObject);
}
EXPORT_SYMBOL_GPL(IoFreeAdapterChannel);

/**
 * IoFreeMapRegisters() - obsolete: DmaOperations->FreeMapRegisters
 * @AdapterObject: the adapter
 * @MapRegisterBase: from the AdapterControl routine
 * @NumberOfMapRegisters: as allocated
 */
void IoFreeMapRegisters(PADAPTER_OBJECT AdapterObject, PVOID MapRegisterBase,
			ULONG NumberOfMapRegisters)
{
	PDMA_OPERATIONS ops = wdmdma_legacy_ops(AdapterObject, __func__);

	if (ops)
		ops->FreeMapRegisters(AdapterObject, MapRegisterBase, NumberOfMapRegisters);
}
EXPORT_SYMBOL_GPL(IoFreeMapRegisters);

/**
 * HalAllocateCommonBuffer() - obsolete: DmaOperations->AllocateCommonBuffer
 * @AdapterObject: the adapter
 * @Length: bytes
 * @LogicalAddress: out: device address
 * @CacheEnabled: cached memory wanted
 *
 * Return: as AllocateCommonBuffer.
 */
PVOID HalAllocateCommonBuffer(PADAPTER_OBJECT AdapterObject, ULONG Length,
			      PPHYSICAL_ADDRESS LogicalAddress, BOOLEAN CacheEnabled)
{
	PDMA_OPERATIONS ops = wdmdma_legacy_ops(AdapterObject, __func__);

	if (!ops) {
		if (LogicalAddress)
			LogicalAddress->QuadPart = 0;
		return NULL;
	}
	return ops->AllocateCommonBuffer(AdapterObject, Length, LogicalAddress, CacheEnabled);
}
EXPORT_SYMBOL_GPL(HalAllocateCommonBuffer);

/**
 * HalFreeCommonBuffer() - obsolete: DmaOperations->FreeCommonBuffer
 * @AdapterObject: the adapter
 * @Length: as allocated
 * @LogicalAddress: as returned
 * @VirtualAddress: as returned
 * @CacheEnabled: as allocated
 */
void HalFreeCommonBuffer(PADAPTER_OBJECT AdapterObject, ULONG Length,
			 PHYSICAL_ADDRESS LogicalAddress, PVOID VirtualAddress,
			 BOOLEAN CacheEnabled)
{
	PDMA_OPERATIONS ops = wdmdma_legacy_ops(AdapterObject, __func__);

	if (ops)
		ops->FreeCommonBuffer(AdapterObject, Length, LogicalAddress, VirtualAddress,
				      CacheEnabled);
}
EXPORT_SYMBOL_GPL(HalFreeCommonBuffer);

/**
 * HalReadDmaCounter() - obsolete: DmaOperations->ReadDmaCounter
 * @AdapterObject: the adapter
 *
 * Return: as ReadDmaCounter.
 */
ULONG HalReadDmaCounter(PADAPTER_OBJECT AdapterObject)
{
	PDMA_OPERATIONS ops = wdmdma_legacy_ops(AdapterObject, __func__);

	return ops ? ops->ReadDmaCounter(AdapterObject) : 0;
}
EXPORT_SYMBOL_GPL(HalReadDmaCounter);
