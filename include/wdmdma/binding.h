/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Linux side of a port: what a ported driver's short glue file (module
 * init, pci_driver probe/remove) uses to hand the Windows code its objects.
 * Include Linux headers first, then <wdm.h>, then this.
 */
#ifndef _WDMDMA_BINDING_H_
#define _WDMDMA_BINDING_H_

#include <linux/build_bug.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include <wdm/io.h>
#include <wdm/dma.h>
#include <wdm/legacy.h>
#include <wdmdma/isadma.h>

struct device;
struct dma_chan;

/**
 * wdmdma_spin() - the Linux spin lock a KSPIN_LOCK holds
 * @l: the KSPIN_LOCK (KeInitializeSpinLock)
 *
 * For glue code that shares a driver's lock with Linux code (and for
 * lockdep assertions).  <wdm.h> keeps the lock opaque: its size comes from
 * the build (<generated/wdm_sizes.h>) and is checked here.
 *
 * Return: the spin lock.
 */
static inline spinlock_t *wdmdma_spin(PKSPIN_LOCK l)
{
	BUILD_BUG_ON(sizeof(l->WdmdmaLock) < sizeof(spinlock_t));
	BUILD_BUG_ON(__alignof__(KSPIN_LOCK) < __alignof__(spinlock_t));
	return (spinlock_t *)l->WdmdmaLock;
}

/**
 * wdmdma_pdo_create() - a physical device object standing for a Linux device
 * @dev: the device DMA is done for (a PCI or platform device's &struct device)
 *
 * The PDO is what IoGetDmaAdapter() and a driver's AddDevice routine take.
 * It holds a reference on @dev until wdmdma_pdo_destroy().
 *
 * Context: process context.
 * Return: the PDO, or NULL when out of memory.
 */
PDEVICE_OBJECT wdmdma_pdo_create(struct device *dev);

/**
 * wdmdma_pdo_destroy() - release a PDO made by wdmdma_pdo_create()
 * @pdo: the PDO; NULL is ignored
 */
void wdmdma_pdo_destroy(PDEVICE_OBJECT pdo);

/**
 * wdmdma_pdo_device() - the Linux device a PDO stands for
 * @pdo: a PDO made by wdmdma_pdo_create()
 *
 * Return: the device, or NULL when @pdo is not such a PDO.
 */
struct device *wdmdma_pdo_device(PDEVICE_OBJECT pdo);

/**
 * struct wdmdma_dma_line - the DMA channel of a system-DMA request line
 * @line: DmaRequestLine of a version 3 DEVICE_DESCRIPTION, or DmaChannel of
 *	an older one (Master = FALSE)
 * @name: the channel's name for dma_request_chan() on the PDO's device
 *	(device tree, ACPI, or a provider's slave map); or NULL for @filter
 * @filter: with @filter_param, dma_request_channel(DMA_SLAVE, ...) instead
 * @filter_param: passed to @filter
 * @device_address: the device side's bus address (its data register or
 *	FIFO), used when the description's DeviceAddress is 0 or absent
 * @width: the line's transfer width in bits (8, 16, 32...; 0 means 8), for
 *	the PDO's CmResourceTypeDma resource
 * @v3: describe the line in the version 3 form (CM_RESOURCE_DMA_V3,
 *	u.DmaV3: @channel, RequestLine @line, TransferWidth from @width), as a
 *	SoC controller's line; else the legacy form (u.Dma.Channel @line)
 * @channel: with @v3, the controller's channel u.DmaV3.Channel names
 * @isa_mode: the controller takes &struct wdmdma_isa_dma_mode as its slave
 *	config's peripheral_config (the 8237 provider does): the adapter's
 *	DemandMode and DmaSpeed then reach it.  Leave it false for any other
 *	controller: dmaengine drivers give peripheral_config their own meaning.
 *
 * IRP_MN_START_DEVICE's raw and translated resource lists carry one
 * CmResourceTypeDma descriptor per line named for the PDO, in the order
 * they were added, so a driver fills its DEVICE_DESCRIPTION (DmaChannel,
 * or DmaRequestLine) from its resources as on Windows.
 */
struct wdmdma_dma_line {
	ULONG line;
	const char *name;
	bool (*filter)(struct dma_chan *chan, void *filter_param);
	void *filter_param;
	dma_addr_t device_address;
	unsigned int width;
	bool v3;
	ULONG channel;
	bool isa_mode;
};

/**
 * wdmdma_pdo_add_dma_line() - name the channel of a request line for a PDO
 * @pdo: a PDO made by wdmdma_pdo_create()
 * @line: the line and how to find its channel (copied; a later entry for
 *	the same line replaces it)
 *
 * IoGetDmaAdapter() with Master = FALSE takes the channel named for the
 * description's line, for the adapter's life.  Example (the software DMA
 * controller's line 2, its FIFO as the device side):
 *
 *	struct wdmdma_dma_line l = {
 *		.line = 2, .filter = swdmac_filter, .filter_param = (void *)2,
 *		.device_address = swdmac_fifo_addr(2),
 *	};
 *	err = wdmdma_pdo_add_dma_line(pdo, &l);
 *
 * Context: process context.
 * Return: 0, -EINVAL or -ENOMEM.
 */
int wdmdma_pdo_add_dma_line(PDEVICE_OBJECT pdo, const struct wdmdma_dma_line *line);

/**
 * wdmdma_driver_create() - a DRIVER_OBJECT for a ported driver
 * @name: the driver's name, for reports
 *
 * Context: process context.
 * Return: the driver object, or NULL when out of memory.
 */
PDRIVER_OBJECT wdmdma_driver_create(const char *name);

/**
 * wdmdma_driver_destroy() - release a driver object
 * @driver: the driver object; its device objects must be deleted first
 */
void wdmdma_driver_destroy(PDRIVER_OBJECT driver);

/**
 * wdmdma_registry_service_path() - a driver's RegistryPath, for DriverEntry
 * @driver_name: the service name (ASCII), e.g. "edu_wdm"
 *
 * Makes the driver's service key
 * \Registry\Machine\System\CurrentControlSet\Services\@driver_name and
 * its Parameters subkey when missing.  The string belongs to the registry
 * and lives as long as wdmdma.ko.
 *
 * Context: process context.
 * Return: the key's full name, or NULL (bad name, out of memory; reported).
 */
PUNICODE_STRING wdmdma_registry_service_path(const char *driver_name);

/**
 * wdmdma_registry_set_value() - set a value under a driver's service key
 * @driver_name: the service name (ASCII)
 * @subkey: a path below the service key ("Parameters", "Parameters\\Sub"),
 *	or NULL for the service key itself; made when missing
 * @name: the value's name (ASCII; "" for the key's default value)
 * @type: REG_DWORD, REG_QWORD, REG_SZ, REG_EXPAND_SZ, REG_MULTI_SZ,
 *	REG_BINARY... (string data in WCHARs, terminators included)
 * @data: the data
 * @len: its size in bytes
 *
 * Context: process context.
 * Return: STATUS_SUCCESS or the failure (reported).
 */
NTSTATUS wdmdma_registry_set_value(const char *driver_name, const char *subkey,
				   const char *name, ULONG type, const void *data, ULONG len);

/**
 * wdmdma_registry_default_value() - what the driver's INF would install
 * @driver_name: as wdmdma_registry_set_value()
 * @subkey: as wdmdma_registry_set_value()
 * @name: as wdmdma_registry_set_value()
 * @type: as wdmdma_registry_set_value()
 * @data: as wdmdma_registry_set_value()
 * @len: as wdmdma_registry_set_value()
 *
 * Sets the value only when it is missing, so what an administrator set
 * before the driver loaded (debugfs wdmdma/registry) stays.
 *
 * Context: process context.
 * Return: STATUS_SUCCESS (also when the value exists) or the failure.
 */
NTSTATUS wdmdma_registry_default_value(const char *driver_name, const char *subkey,
				       const char *name, ULONG type, const void *data,
				       ULONG len);

/* Legacy hardware: what IoQueryDeviceDescription() and friends find (rt/hwdesc.c) */

/**
 * struct wdmdma_hw_range - an I/O port or memory range of declared hardware
 * @start: the first port, or the bus address of the first byte
 * @length: its size in ports or bytes; 0 ends the ranges
 */
struct wdmdma_hw_range {
	u64 start;
	u32 length;
};

#define WDMDMA_HW_RANGES	4

/**
 * struct wdmdma_hw_desc - one node of the hardware description, declared
 * @bus_type: the bus it is on (Isa, Eisa, Internal...)
 * @bus_number: that bus's number (0 for the one ISA bus)
 * @controller_type: DiskController, SerialController, ParallelController...
 * @controller_number: the controller's number among those of its type
 * @peripheral_type: ArcSystem (0): this declares the controller itself;
 *	else the peripheral (FloppyDiskPeripheral, DiskPeripheral...) of the
 *	controller @controller_type / @controller_number, declared before it
 * @peripheral_number: the peripheral's number on its controller
 * @identifier: the node's "Identifier" value (ASCII), or NULL for none
 * @ports: I/O port ranges (CmResourceTypePort), up to the first of length 0
 * @memory: memory ranges (CmResourceTypeMemory), likewise
 * @has_irq: the node has an interrupt
 * @irq: its bus-relative level and vector (the ISA IRQ, 6 for a floppy)
 * @linux_irq: the Linux IRQ number of that interrupt, which
 *	HalGetInterruptVector() returns and IoConnectInterrupt() takes (on x86
 *	the ISA IRQs are Linux IRQs 0-15)
 * @level_sensitive: the interrupt is level-triggered (else latched, as ISA)
 * @has_dma: the node has a system DMA channel
 * @dma_channel: that channel (CmResourceTypeDma u.Dma.Channel)
 * @device_data: the type's CM_*_DEVICE_DATA record (CM_FLOPPY_DEVICE_DATA
 *	of a FloppyDiskPeripheral...), handed on as the last descriptor,
 *	CmResourceTypeDeviceSpecific; or NULL
 * @device_data_size: its size in bytes
 */
struct wdmdma_hw_desc {
	INTERFACE_TYPE bus_type;
	ULONG bus_number;
	CONFIGURATION_TYPE controller_type;
	ULONG controller_number;
	CONFIGURATION_TYPE peripheral_type;
	ULONG peripheral_number;
	const char *identifier;
	struct wdmdma_hw_range ports[WDMDMA_HW_RANGES];
	struct wdmdma_hw_range memory[WDMDMA_HW_RANGES];
	bool has_irq;
	ULONG irq;
	unsigned int linux_irq;
	bool level_sensitive;
	bool has_dma;
	ULONG dma_channel;
	const void *device_data;
	ULONG device_data_size;
};

struct wdmdma_hw;

/**
 * wdmdma_hw_declare() - declare legacy hardware to the hardware description
 * @desc: the node (copied, with its identifier and device data)
 *
 * What Windows' boot detection would have put under
 * \Registry\Machine\Hardware\Description: IoQueryDeviceDescription()
 * finds it, HalGetInterruptVector() maps its interrupt.  The floppy
 * controller of a PC:
 *
 *	static const CM_FLOPPY_DEVICE_DATA drive = {
 *		.Version = 2, .Size = "3.5", .MaxDensity = 1440,
 *		.SectorLengthCode = 2, .SectorPerTrack = 18, .MaximumTrackValue = 79,
 *	};
 *	struct wdmdma_hw_desc fdc = {
 *		.bus_type = Isa, .controller_type = DiskController,
 *		.ports = { { 0x3f0, 8 } }, .has_irq = true, .irq = 6, .linux_irq = 6,
 *		.has_dma = true, .dma_channel = 2,
 *	}, fd0 = {
 *		.bus_type = Isa, .controller_type = DiskController,
 *		.peripheral_type = FloppyDiskPeripheral, .identifier = "GENERIC FLOPPY DRIVE",
 *		.device_data = &drive, .device_data_size = sizeof(drive),
 *	};
 *	ctl = wdmdma_hw_declare(&fdc);
 *	drv = wdmdma_hw_declare(&fd0);
 *
 * Context: process context.
 * Return: the node, to hand to wdmdma_hw_forget(); or an ERR_PTR():
 * -EINVAL (bad types or sizes; reported), -EEXIST (declared already),
 * -ENOENT (a peripheral's controller is not declared), -ENOMEM.
 */
struct wdmdma_hw *wdmdma_hw_declare(const struct wdmdma_hw_desc *desc);

/**
 * wdmdma_hw_forget() - take a node out of the hardware description
 * @hw: what wdmdma_hw_declare() returned; NULL and error pointers are ignored
 *
 * Forget peripherals before their controller: a controller forgotten
 * first is reported, and its peripherals are no longer found.
 */
void wdmdma_hw_forget(struct wdmdma_hw *hw);

/**
 * wdmdma_registry_device_default_value() - what the INF's DDInstall.HW
 *	section would install in a device's hardware key
 * @pdo: the device's PDO (wdmdma_pdo_create())
 * @subkey: a path below the key (Enum\BUS\INSTANCE\Device Parameters),
 *	e.g. "Interrupt Management\\MessageSignaledInterruptProperties";
 *	NULL for the key itself; made when missing
 * @name: as wdmdma_registry_set_value()
 * @type: as wdmdma_registry_set_value()
 * @data: as wdmdma_registry_set_value()
 * @len: as wdmdma_registry_set_value()
 *
 * Sets the value only when it is missing (an administrator's stays).  The
 * PnP start reads MSISupported (REG_DWORD 1: message-signalled interrupts)
 * and MessageNumberLimit there: call this before wdmdma_pnp_start_pci().
 *
 * Context: process context.
 * Return: STATUS_SUCCESS (also when the value exists) or the failure.
 */
NTSTATUS wdmdma_registry_device_default_value(PDEVICE_OBJECT pdo, const char *subkey,
					      const char *name, ULONG type, const void *data,
					      ULONG len);

/**
 * wdmdma_set_legacy_device() - the device HalGetAdapter() adapters are for
 * @dev: the device, or NULL to forget it
 *
 * HalGetAdapter() names no device; an old driver's glue says which one.
 */
void wdmdma_set_legacy_device(struct device *dev);

/**
 * wdmdma_violations() - how many misuses wdmdma has reported
 * @adapter: count those of this adapter; NULL for all since module load
 *
 * Every refused or repaired misuse (Driver Verifier's DMA checks) is
 * reported once in the kernel log and counted here, so tests and tools can
 * tell that a misuse was caught.
 *
 * Return: the count.
 */
unsigned long wdmdma_violations(PDMA_ADAPTER adapter);

/**
 * wdmdma_adapter_stats_text() - what an adapter's debugfs stats file reads
 * @adapter: a live adapter
 * @buf: receives the key=value lines, NUL-terminated
 * @size: bytes of @buf
 *
 * The same text as wdmdma/<device>/<id>/stats in debugfs, filled by the
 * same code: for tests, and for code that cannot open debugfs.
 *
 * Return: the text's length; -ENOENT (-2) for no live adapter, -ENOSPC
 * (-28) when @buf is too small.
 */
LONG_PTR wdmdma_adapter_stats_text(PDMA_ADAPTER adapter, PCHAR buf, SIZE_T size);

/**
 * wdmdma_adapter_debugfs_name() - an adapter's debugfs directory
 * @adapter: a live adapter
 * @buf: receives "wdmdma/<device>/<id>", relative to the debugfs mount
 * @size: bytes of @buf
 *
 * Return: 0; -ENOENT (-2) for no live adapter, -ENOSPC (-28) when @buf is
 * too small.
 */
LONG wdmdma_adapter_debugfs_name(PDMA_ADAPTER adapter, PCHAR buf, SIZE_T size);

/**
 * wdmdma_status_name() - the WDK's name of an NTSTATUS value (IO_ERR_* first)
 * @status: the value
 *
 * Return: the name, or NULL when the value has none.
 */
const char *wdmdma_status_name(NTSTATUS status);

/**
 * wdmdma_errlog_last() - the text IoWriteErrorLogEntry() printed last
 * @buf: receives it, '\n' after each line, NUL-terminated (cut to fit)
 * @size: bytes @buf holds
 */
void wdmdma_errlog_last(char *buf, size_t size);

/**
 * wdmdma_bugcheck_set_panic() - set the bugcheck_panic module parameter
 * @panic: whether KeBugCheckEx() panics; off: it stops the calling thread
 *
 * Return: the setting before.
 */
bool wdmdma_bugcheck_set_panic(bool panic);

/**
 * wdmdma_bugcheck_count() - KeBugCheckEx() calls that stopped only their thread
 *
 * Return: the count since module load.
 */
unsigned int wdmdma_bugcheck_count(void);

/**
 * wdmdma_quiesce() - wait for wdmdma's deferred work to finish
 *
 * PutDmaAdapter() at DISPATCH_LEVEL leaves the part of the release that
 * sleeps (waiting for calls in flight on other CPUs, unmapping, freeing
 * the reserve) to a work item.  This waits until every such release that
 * has started is complete, and every deferred AdapterControl or
 * list-control routine already queued has run.  For tests and a port's
 * module exit.
 *
 * Context: process context.
 */
void wdmdma_quiesce(void);

/**
 * wdmdma_test_fail_dma_map() - make the DMA API's mappings fail, for tests
 * @percent: chance (0..100) that each streaming mapping wdmdma asks of the
 *	DMA API fails; 0 stops it
 *
 * Uses the kernel's fault-injection API (a fault attribute of wdmdma's,
 * not reported to the log).  wdmdma must still honour its guarantees: a
 * granted request never fails to map.  Does nothing without
 * CONFIG_FAULT_INJECTION.
 */
void wdmdma_test_fail_dma_map(unsigned int percent);

struct pci_dev;

/**
 * wdmdma_pnp_start_pci() - start a PCI device's driver stack the PnP way
 * @pdo: the PDO made by wdmdma_pdo_create(&pdev->dev); the driver's
 *	AddDevice routine has attached its FDO over it
 * @pdev: the PCI device
 *
 * What Windows' PnP manager and PCI bus driver do: enable @pdev, make it a
 * bus master, allocate its interrupts (its MSI-X or MSI messages when its
 * hardware key says MSISupported: wdmdma_registry_device_default_value();
 * else its INTx line), and send IRP_MN_START_DEVICE with the raw and
 * translated resource lists of its BARs and interrupts to the top of the
 * stack, waiting for its completion.  A translated
 * interrupt's Vector is the Linux IRQ number IoConnectInterrupt() takes; a
 * translated memory range's Start is what MmMapIoSpace() takes.  On
 * failure the device is left as it was found.
 *
 * Context: process context.
 * Return: STATUS_SUCCESS or the failure the driver (or wdmdma) reported.
 */
NTSTATUS wdmdma_pnp_start_pci(PDEVICE_OBJECT pdo, struct pci_dev *pdev);

/**
 * wdmdma_pnp_remove_pci() - remove a started PCI device's driver stack
 * @pdo: the PDO wdmdma_pnp_start_pci() started
 * @pdev: the PCI device
 *
 * Sends IRP_MN_QUERY_REMOVE_DEVICE and IRP_MN_REMOVE_DEVICE to the top of
 * the stack, each waited for (a vetoed query is reported and followed by
 * IRP_MN_SURPRISE_REMOVAL: Linux cannot keep the device), then undoes what
 * wdmdma_pnp_start_pci() did.  The PDO stays: wdmdma_pdo_destroy() it.
 *
 * Context: process context.
 */
void wdmdma_pnp_remove_pci(PDEVICE_OBJECT pdo, struct pci_dev *pdev);

/**
 * wdmdma_pnp_suspend() - Linux suspends a device: the power manager's S3
 * @pdo: the PDO of a started stack (wdmdma_pnp_start_pci())
 *
 * For a port's dev_pm_ops .suspend (suspend-to-RAM and suspend-to-idle
 * both become S3).  What Windows' power manager does when the system
 * sleeps: IRP_MN_QUERY_POWER for PowerSystemSleeping3
 * (ShutdownType PowerActionSleep) to the top of the stack; when it
 * succeeds, IRP_MN_SET_POWER for it, in which the power policy owner
 * requests the device's IRP_MN_SET_POWER (D3) with PoRequestPowerIrp().
 * Returns once the system IRP and the device IRPs requested meanwhile have
 * completed.  Power IRPs come at PASSIVE_LEVEL, in the PM core's thread.
 *
 * Context: process context.
 * Return: 0; -EBUSY when a driver failed IRP_MN_QUERY_POWER (nothing was
 * set; Linux aborts the suspend and resumes what it suspended); -EIO when
 * IRP_MN_SET_POWER failed, -ETIMEDOUT when a device IRP did not complete
 * in 30 s, -EINVAL on misuse (all reported).
 */
int wdmdma_pnp_suspend(PDEVICE_OBJECT pdo);

/**
 * wdmdma_pnp_hibernate() - Linux freezes or powers off a device for
 *	hibernation: the power manager's S4
 * @pdo: the PDO of a started stack
 *
 * For .freeze and .poweroff: as wdmdma_pnp_suspend() with
 * PowerSystemHibernate and PowerActionHibernate.
 *
 * Return: as wdmdma_pnp_suspend().
 */
int wdmdma_pnp_hibernate(PDEVICE_OBJECT pdo);

/**
 * wdmdma_pnp_resume() - Linux resumes a device: the power manager's S0
 * @pdo: the PDO of a started stack
 *
 * For .resume, .thaw and .restore: IRP_MN_SET_POWER for
 * PowerSystemWorking to the top of the stack, in which the policy owner
 * requests D0.  Returns once that and the D0 IRP have completed, so the
 * driver's I/O continues on a powered device.
 *
 * Context: process context.
 * Return: 0; -EIO, -ETIMEDOUT or -EINVAL (reported).
 */
int wdmdma_pnp_resume(PDEVICE_OBJECT pdo);

/**
 * wdmdma_power_state() - the power state recorded for a device object
 * @d: the device object
 * @type: DevicePowerState or SystemPowerState
 *
 * Return: what PoSetPowerState() recorded last for @d (the PDO's bus
 * driver records device states it sets, the binding system states);
 * PowerDeviceD0 / PowerSystemWorking before anything was; 0 for NULL.
 */
ULONG wdmdma_power_state(PDEVICE_OBJECT d, POWER_STATE_TYPE type);

#endif /* _WDMDMA_BINDING_H_ */
