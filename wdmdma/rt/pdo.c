// SPDX-License-Identifier: GPL-2.0
/*
 * What the bus driver of a PDO (wdmdma_pdo_create()) tells the drivers
 * above it about their device, from what Linux knows of the device:
 *
 * - IRP_MN_QUERY_INTERFACE for GUID_BUS_INTERFACE_STANDARD (PCI devices):
 *   GetBusData / SetBusData on the configuration space, TranslateBusAddress
 *   of the device's BARs, GetDmaAdapter (IoGetDmaAdapter() for the PDO),
 *   InterfaceReference / InterfaceDereference (the PDO's object references:
 *   an interface keeps the PDO's memory, never the Linux device);
 * - IRP_MN_READ_CONFIG / IRP_MN_WRITE_CONFIG;
 * - IRP_MN_QUERY_CAPABILITIES, from the PCI power management capability;
 * - IRP_MN_QUERY_PNP_DEVICE_STATE, and IoInvalidateDeviceState() sending it
 *   to the top of the stack from a work item;
 * - IRP_MN_QUERY_BUS_INFORMATION, IRP_MN_QUERY_LEGACY_BUS_INFORMATION,
 *   IRP_MN_QUERY_ID and IRP_MN_QUERY_DEVICE_TEXT (paged pool the caller
 *   frees with ExFreePool());
 * - IoGetDeviceProperty().
 *
 * A device that is not PCI (a platform or ISA device) gets the answers a
 * Windows bus driver without configuration space gives: no bus interface,
 * no configuration IRPs, address 0xFFFFFFFF, bus type Internal (or Isa).
 *
 * LOCKING
 *
 * None of its own: the PCI core serializes configuration cycles (pci_lock),
 * the PDO's lifetime is its object reference count (rt/devobj.c).
 */
#include <linux/ctype.h>
#include <linux/jhash.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "../internal.h"
#include <initguid.h>
#include <wdm/busif.h>
#include <wdmguid.h>
#include <wdm/rtl.h>

/* Pool tag of what the PDO hands out ("WdmB") */
#define PDO_TAG			0x426d6457
/* Longest text a property, ID or device text has here, in characters */
#define PDO_TEXT_MAX		512

/* The PCI device of a PDO, or NULL */
static struct pci_dev *pdo_pci(PDEVICE_OBJECT pdo)
{
	struct device *dev = wdmdma_pdo_device(pdo);

	return dev && dev_is_pci(dev) ? to_pci_dev(dev) : NULL;
}

/* Context of a bus interface: a PDO (made by wdmdma_pdo_create()) */
static bool pdo_context_ok(PVOID Context, const char *call)
{
	PDEVICE_OBJECT pdo = Context;

	if (unlikely(!pdo || pdo->Type != IO_TYPE_DEVICE ||
		     !(pdo->Flags & DO_BUS_ENUMERATED_DEVICE))) {
		wdmdma_report(NULL, call, "Context %p is not the interface's PDO", Context);
		return false;
	}
	return true;
}

/* The live PCI device behind an interface's Context, or NULL (reported) */
static struct pci_dev *pdo_context_pci(PVOID Context, const char *call)
{
	struct pci_dev *pdev;

	if (!pdo_context_ok(Context, call))
		return NULL;
	pdev = pdo_pci(Context);
	if (unlikely(!pdev))
		wdmdma_report(NULL, call, "the PDO %p is gone (wdmdma_pdo_destroy)", Context);
	return pdev;
}

/**
 * wdmdma_pci_config() - read or write a PCI device's configuration space
 * @pdev: the device
 * @write: write @buf instead of reading into it
 * @buf: the bytes
 * @off: the first byte's offset
 * @len: how many bytes
 *
 * Clipped at the end of the device's configuration space (256 or 4096
 * bytes); aligned dwords and words go as such, the rest bytewise; stops at
 * the first access that fails.
 *
 * Return: bytes transferred.
 */
ULONG wdmdma_pci_config(struct pci_dev *pdev, bool write, u8 *buf, ULONG off, ULONG len)
{
	ULONG done = 0, pos, n;
	__le32 l32;
	__le16 l16;
	u32 v32;
	u16 v16;
	u8 v8;
	int err;

	if (off >= pdev->cfg_size)
		return 0;
	len = min_t(ULONG, len, pdev->cfg_size - off);
	while (done < len) {
		pos = off + done;
		n = !(pos & 3) && len - done >= 4 ? 4 : !(pos & 1) && len - done >= 2 ? 2 : 1;
		if (n == 4 && write) {
			memcpy(&l32, buf + done, 4);
			err = pci_write_config_dword(pdev, pos, le32_to_cpu(l32));
		} else if (n == 4) {
			err = pci_read_config_dword(pdev, pos, &v32);
			l32 = cpu_to_le32(v32);
			memcpy(buf + done, &l32, 4);
		} else if (n == 2 && write) {
			memcpy(&l16, buf + done, 2);
			err = pci_write_config_word(pdev, pos, le16_to_cpu(l16));
		} else if (n == 2) {
			err = pci_read_config_word(pdev, pos, &v16);
			l16 = cpu_to_le16(v16);
			memcpy(buf + done, &l16, 2);
		} else if (write) {
			err = pci_write_config_byte(pdev, pos, buf[done]);
		} else {
			err = pci_read_config_byte(pdev, pos, &v8);
			buf[done] = v8;
		}
		if (err)
			break;
		done += n;
	}
	return done;
}

/* GetBusData and SetBusData, and the checks they share */
static ULONG pdo_bus_data(PVOID Context, ULONG DataType, PVOID Buffer, ULONG Offset,
			  ULONG Length, bool write)
{
	const char *call = write ? "SetBusData" : "GetBusData";
	struct pci_dev *pdev = pdo_context_pci(Context, call);

	if (!pdev || !Length)
		return 0;
	if (unlikely(DataType != PCI_WHICHSPACE_CONFIG || !Buffer)) {
		wdmdma_report(NULL, call, "%s", !Buffer ? "NULL Buffer" :
			      "DataType is not PCI_WHICHSPACE_CONFIG");
		return 0;
	}
	if (unlikely(Offset >= pdev->cfg_size)) {
		wdmdma_report(NULL, call, "%s: Offset %#x is past the config space (%d bytes)",
			      pci_name(pdev), Offset, pdev->cfg_size);
		return 0;
	}
	return wdmdma_pci_config(pdev, write, Buffer, Offset, Length);
}

static ULONG pdo_get_bus_data(PVOID Context, ULONG DataType, PVOID Buffer, ULONG Offset,
			      ULONG Length)
{
	return pdo_bus_data(Context, DataType, Buffer, Offset, Length, false);
}

static ULONG pdo_set_bus_data(PVOID Context, ULONG DataType, PVOID Buffer, ULONG Offset,
			      ULONG Length)
{
	return pdo_bus_data(Context, DataType, Buffer, Offset, Length, true);
}

static VOID pdo_interface_reference(PVOID Context)
{
	if (pdo_context_ok(Context, "InterfaceReference"))
		ObfReferenceObject(Context);
}

static VOID pdo_interface_dereference(PVOID Context)
{
	if (pdo_context_ok(Context, "InterfaceDereference"))
		ObfDereferenceObject(Context);
}

/*
 * TranslateBusAddress: a bus address inside one of the device's BARs (or its
 * ROM) of the kind *AddressSpace names (0 memory, 1 I/O) becomes the CPU
 * physical address Linux assigned there; *AddressSpace stays (I/O ports
 * are ports on x86).
 */
static BOOLEAN pdo_translate_bus_address(PVOID Context, PHYSICAL_ADDRESS BusAddress,
					 ULONG Length, PULONG AddressSpace,
					 PPHYSICAL_ADDRESS TranslatedAddress)
{
	struct pci_dev *pdev = pdo_context_pci(Context, "TranslateBusAddress");
	u64 bus = BusAddress.QuadPart, start, len, want = max_t(u64, Length, 1);
	unsigned long kind;
	int bar;

	if (!pdev)
		return FALSE;
	if (unlikely(!AddressSpace || !TranslatedAddress || *AddressSpace > 1)) {
		wdmdma_report(NULL, "TranslateBusAddress", "%s",
			      !AddressSpace ? "NULL AddressSpace" :
			      !TranslatedAddress ? "NULL TranslatedAddress" :
			      "*AddressSpace is neither 0 (memory) nor 1 (I/O)");
		return FALSE;
	}
	kind = *AddressSpace ? IORESOURCE_IO : IORESOURCE_MEM;
	for (bar = 0; bar <= PCI_ROM_RESOURCE; bar++) {
		len = pci_resource_len(pdev, bar);
		if (!len || !(pci_resource_flags(pdev, bar) & kind))
			continue;
		start = pci_bus_address(pdev, bar);
		if (bus < start || bus - start > len || len - (bus - start) < want)
			continue;
		TranslatedAddress->QuadPart = pci_resource_start(pdev, bar) + (bus - start);
		return TRUE;
	}
	return FALSE;
}

static PDMA_ADAPTER pdo_get_dma_adapter(PVOID Context,
					struct _DEVICE_DESCRIPTION *DeviceDescriptor,
					PULONG NumberOfMapRegisters)
{
	if (!pdo_context_ok(Context, "GetDmaAdapter"))
		return NULL;
	return IoGetDmaAdapter(Context, DeviceDescriptor, NumberOfMapRegisters);
}

/* IRP_MN_QUERY_INTERFACE */
static NTSTATUS pdo_query_interface(PDEVICE_OBJECT pdo, PIO_STACK_LOCATION sl, NTSTATUS status)
{
	PBUS_INTERFACE_STANDARD bi = (void *)sl->Parameters.QueryInterface.Interface;
	const GUID *type = sl->Parameters.QueryInterface.InterfaceType;
	USHORT size = sl->Parameters.QueryInterface.Size;
	USHORT version = sl->Parameters.QueryInterface.Version;

	if (unlikely(!type)) {
		wdmdma_report(NULL, "IRP_MN_QUERY_INTERFACE", "NULL InterfaceType");
		return status;
	}
	/* another interface, or a device without a bus interface: not ours */
	if (!IsEqualGUID(type, &GUID_BUS_INTERFACE_STANDARD) || !pdo_pci(pdo))
		return status;
	if (unlikely(!bi || size < sizeof(*bi))) {
		wdmdma_report(NULL, "IRP_MN_QUERY_INTERFACE",
			      "GUID_BUS_INTERFACE_STANDARD: %s (Size %u, need %zu)",
			      bi ? "Size too small" : "NULL Interface", size, sizeof(*bi));
		return STATUS_INVALID_PARAMETER;
	}
	if (unlikely(version < WDMDMA_BUS_INTERFACE_STANDARD_VERSION)) {
		wdmdma_report(NULL, "IRP_MN_QUERY_INTERFACE",
			      "GUID_BUS_INTERFACE_STANDARD: Version 0 does not exist (1 does)");
		return STATUS_NOT_SUPPORTED;
	}
	memset(bi, 0, sizeof(*bi));
	bi->Size = sizeof(*bi);
	bi->Version = WDMDMA_BUS_INTERFACE_STANDARD_VERSION;
	bi->Context = pdo;
	bi->InterfaceReference = pdo_interface_reference;
	bi->InterfaceDereference = pdo_interface_dereference;
	bi->TranslateBusAddress = pdo_translate_bus_address;
	bi->GetDmaAdapter = pdo_get_dma_adapter;
	bi->SetBusData = pdo_set_bus_data;
	bi->GetBusData = pdo_get_bus_data;
	/* the provider references the interface; the caller dereferences it */
	bi->InterfaceReference(bi->Context);
	return STATUS_SUCCESS;
}

/* IRP_MN_READ_CONFIG, IRP_MN_WRITE_CONFIG */
static NTSTATUS pdo_read_write_config(PDEVICE_OBJECT pdo, PIRP irp, PIO_STACK_LOCATION sl)
{
	bool write = sl->MinorFunction == IRP_MN_WRITE_CONFIG;
	const char *call = write ? "IRP_MN_WRITE_CONFIG" : "IRP_MN_READ_CONFIG";
	struct pci_dev *pdev = pdo_pci(pdo);
	ULONG off = sl->Parameters.ReadWriteConfig.Offset;

	irp->IoStatus.Information = 0;
	if (!pdev)
		return STATUS_INVALID_DEVICE_REQUEST;	/* no configuration space */
	if (unlikely(sl->Parameters.ReadWriteConfig.WhichSpace != PCI_WHICHSPACE_CONFIG ||
		     !sl->Parameters.ReadWriteConfig.Buffer || off >= pdev->cfg_size)) {
		wdmdma_report(NULL, call, "%s: %s", pci_name(pdev),
			      !sl->Parameters.ReadWriteConfig.Buffer ? "NULL Buffer" :
			      off >= pdev->cfg_size ? "Offset past the configuration space" :
			      "WhichSpace is not PCI_WHICHSPACE_CONFIG");
		return STATUS_INVALID_PARAMETER;
	}
	irp->IoStatus.Information =
		wdmdma_pci_config(pdev, write, sl->Parameters.ReadWriteConfig.Buffer, off,
				  sl->Parameters.ReadWriteConfig.Length);
	return STATUS_SUCCESS;
}

/* The deepest device state the device signals PME from, or Unspecified */
static DEVICE_POWER_STATE pdo_wake_state(struct pci_dev *pdev)
{
	unsigned int pme = pdev->pme_support;	/* bit n: PME from Dn (4: D3cold) */

	if (pme & 0x18)
		return PowerDeviceD3;
	if (pme & 0x04)
		return PowerDeviceD2;
	if (pme & 0x02)
		return PowerDeviceD1;
	return pme & 0x01 ? PowerDeviceD0 : PowerDeviceUnspecified;
}

/* IRP_MN_QUERY_CAPABILITIES: what the bus driver fills in */
static NTSTATUS pdo_capabilities(PDEVICE_OBJECT pdo, PIO_STACK_LOCATION sl)
{
	PDEVICE_CAPABILITIES c = sl->Parameters.DeviceCapabilities.Capabilities;
	struct device *dev = wdmdma_pdo_device(pdo);
	struct pci_dev *pdev = pdo_pci(pdo);
	int s;

	if (unlikely(!c || c->Size < sizeof(*c) || c->Version != 1)) {
		wdmdma_report(NULL, "IRP_MN_QUERY_CAPABILITIES", "%s",
			      !c ? "NULL Capabilities" : c->Version != 1 ?
			      "Capabilities->Version is not 1" :
			      "Capabilities->Size is smaller than DEVICE_CAPABILITIES");
		return STATUS_INVALID_PARAMETER;
	}
	if (!dev)
		return STATUS_INVALID_DEVICE_STATE;
	c->Removable = dev->removable == DEVICE_REMOVABLE;
	c->SurpriseRemovalOK = c->Removable;
	c->UniqueID = FALSE;		/* identified by its location, as PCI devices are */
	c->Address = 0xFFFFFFFF;
	c->UINumber = 0xFFFFFFFF;
	c->DeviceState[PowerSystemUnspecified] = PowerDeviceUnspecified;
	c->DeviceState[PowerSystemWorking] = PowerDeviceD0;
	for (s = PowerSystemSleeping1; s < PowerSystemMaximum; s++)
		c->DeviceState[s] = PowerDeviceD3;
	c->SystemWake = PowerSystemUnspecified;
	c->DeviceWake = PowerDeviceUnspecified;
	if (!pdev)
		return STATUS_SUCCESS;
	c->Address = PCI_SLOT(pdev->devfn) << 16 | PCI_FUNC(pdev->devfn);
	if (pdev->slot)
		c->UINumber = pdev->slot->number;
	c->DeviceD1 = pdev->d1_support;
	c->DeviceD2 = pdev->d2_support;
	c->WakeFromD0 = !!(pdev->pme_support & 0x01);
	c->WakeFromD1 = !!(pdev->pme_support & 0x02);
	c->WakeFromD2 = !!(pdev->pme_support & 0x04);
	c->WakeFromD3 = !!(pdev->pme_support & 0x18);
	if (device_can_wakeup(dev) && pdo_wake_state(pdev) != PowerDeviceUnspecified) {
		c->DeviceWake = pdo_wake_state(pdev);
		c->SystemWake = c->WakeFromD3 ? PowerSystemSleeping3 : PowerSystemWorking;
	}
	c->D1Latency = pdev->d1_support ? 2 : 0;	/* 100 us units: 200 us */
	c->D2Latency = pdev->d2_support ? 2 : 0;
	c->D3Latency = pdev->d3hot_delay * 10;
	return STATUS_SUCCESS;
}

/**
 * struct pdo_bus - the bus a PDO's device sits on, as Windows names it
 * @guid: its bus type GUID
 * @type: its legacy bus type
 * @number: its bus number
 */
struct pdo_bus {
	const GUID *guid;
	INTERFACE_TYPE type;
	ULONG number;
};

static void pdo_bus_of(struct device *dev, struct pdo_bus *b)
{
	if (dev_is_pci(dev)) {
		b->guid = &GUID_BUS_TYPE_PCI;
		b->type = PCIBus;
		b->number = to_pci_dev(dev)->bus->number;
	} else if (dev->bus && !strcmp(dev->bus->name, "isa")) {
		b->guid = &GUID_BUS_TYPE_ISAPNP;
		b->type = Isa;
		b->number = 0;
	} else {
		b->guid = &GUID_BUS_TYPE_INTERNAL;
		b->type = Internal;
		b->number = 0;
	}
}

/* IRP_MN_QUERY_BUS_INFORMATION and _LEGACY_: paged pool, the caller's */
static NTSTATUS pdo_bus_information(PDEVICE_OBJECT pdo, PIRP irp)
{
	struct device *dev = wdmdma_pdo_device(pdo);
	PPNP_BUS_INFORMATION info;
	struct pdo_bus b;

	BUILD_BUG_ON(sizeof(PNP_BUS_INFORMATION) != sizeof(LEGACY_BUS_INFORMATION));
	if (!dev)
		return STATUS_INVALID_DEVICE_STATE;
	info = ExAllocatePoolWithTag(PagedPool, sizeof(*info), PDO_TAG);
	if (!info)
		return STATUS_INSUFFICIENT_RESOURCES;
	pdo_bus_of(dev, &b);
	info->BusTypeGuid = *b.guid;
	info->LegacyBusType = b.type;
	info->BusNumber = b.number;
	irp->IoStatus.Information = (ULONG_PTR)info;
	return STATUS_SUCCESS;
}

/* The texts of a device: IDs, names and descriptions */
enum pdo_text {
	PDO_DEVICE_ID,
	PDO_HARDWARE_IDS,	/* multi-sz */
	PDO_COMPATIBLE_IDS,	/* multi-sz */
	PDO_INSTANCE_ID,
	PDO_DESCRIPTION,
	PDO_LOCATION,
	PDO_DRIVER_KEY,
	PDO_OBJECT_NAME,
	PDO_ENUMERATOR,
};

/* The enumerator: the Linux bus name in capitals ("PCI", "PLATFORM") */
static void pdo_enumerator(struct device *dev, char *buf, size_t size)
{
	size_t i;

	strscpy(buf, dev->bus ? dev->bus->name : "ROOT", size);
	for (i = 0; buf[i]; i++)
		buf[i] = toupper(buf[i]);
}

/* Append one string (terminator included) to @buf; Return: new length */
static __printf(4, 5) size_t pdo_add(char *buf, size_t at, size_t size, const char *fmt, ...)
{
	va_list args;
	int n;

	if (at >= size)
		return at;
	va_start(args, fmt);
	n = vscnprintf(buf + at, size - at, fmt, args);
	va_end(args);
	return at + n + 1;
}

/* The PCI IDs, most specific first (Windows' "Identifiers for PCI Devices") */
static size_t pdo_pci_ids(struct pci_dev *p, bool compatible, char *buf, size_t size)
{
	u32 subsys = (u32)p->subsystem_device << 16 | p->subsystem_vendor;
	unsigned int v = p->vendor, d = p->device, cc = p->class, r = p->revision;
	size_t n = 0;

	if (!compatible) {
		n = pdo_add(buf, n, size, "PCI\\VEN_%04X&DEV_%04X&SUBSYS_%08X&REV_%02X",
			    v, d, subsys, r);
		n = pdo_add(buf, n, size, "PCI\\VEN_%04X&DEV_%04X&SUBSYS_%08X", v, d, subsys);
		n = pdo_add(buf, n, size, "PCI\\VEN_%04X&DEV_%04X&CC_%06X", v, d, cc);
		return pdo_add(buf, n, size, "PCI\\VEN_%04X&DEV_%04X&CC_%04X", v, d, cc >> 8);
	}
	n = pdo_add(buf, n, size, "PCI\\VEN_%04X&DEV_%04X&REV_%02X", v, d, r);
	n = pdo_add(buf, n, size, "PCI\\VEN_%04X&DEV_%04X", v, d);
	n = pdo_add(buf, n, size, "PCI\\VEN_%04X&CC_%06X", v, cc);
	n = pdo_add(buf, n, size, "PCI\\VEN_%04X&CC_%04X", v, cc >> 8);
	n = pdo_add(buf, n, size, "PCI\\VEN_%04X", v);
	n = pdo_add(buf, n, size, "PCI\\CC_%06X", cc);
	return pdo_add(buf, n, size, "PCI\\CC_%04X", cc >> 8);
}

/*
 * The number in the PDO's name \Device\NNNNNNNN: a PCI device's location
 * (domain, bus, device, function); else a hash of the device's name with
 * the top bit set.  Stable for the life of the Linux device.
 */
static u32 pdo_number(struct device *dev)
{
	struct pci_dev *p;

	if (!dev_is_pci(dev))
		return 0x80000000U | jhash(dev_name(dev), strlen(dev_name(dev)), 0);
	p = to_pci_dev(dev);
	return (u32)pci_domain_nr(p->bus) << 16 | p->bus->number << 8 | p->devfn;
}

/*
 * Write text @what of @dev into @buf: strings and multi-sz strings (each
 * string terminated, the list ended by an empty one).  Return: its length
 * in characters, terminators included; 0 when the device has no such text.
 */
static size_t pdo_text(struct device *dev, enum pdo_text what, char *buf, size_t size)
{
	struct pci_dev *p = dev_is_pci(dev) ? to_pci_dev(dev) : NULL;
	char bus[32];
	size_t n;

	pdo_enumerator(dev, bus, sizeof(bus));
	switch (what) {
	case PDO_DEVICE_ID:
		if (p)
			return pdo_add(buf, 0, size, "PCI\\VEN_%04X&DEV_%04X&SUBSYS_%08X&REV_%02X",
				       p->vendor, p->device,
				       (u32)p->subsystem_device << 16 | p->subsystem_vendor,
				       p->revision);
		return pdo_add(buf, 0, size, "%s\\%s", bus, dev_name(dev));
	case PDO_HARDWARE_IDS:
		n = p ? pdo_pci_ids(p, false, buf, size) :
		    pdo_add(buf, 0, size, "%s\\%s", bus, dev_name(dev));
		return pdo_add(buf, n, size, "%s", "");
	case PDO_COMPATIBLE_IDS:
		if (!p)
			return 0;
		return pdo_add(buf, pdo_pci_ids(p, true, buf, size), size, "%s", "");
	case PDO_INSTANCE_ID:
		return pdo_add(buf, 0, size, "%s", dev_name(dev));
	case PDO_DESCRIPTION:
		return pdo_add(buf, 0, size, "%s device %s", bus, dev_name(dev));
	case PDO_LOCATION:
		if (!p)
			return 0;
		return pdo_add(buf, 0, size, "PCI bus %u, device %u, function %u",
			       p->bus->number, PCI_SLOT(p->devfn), PCI_FUNC(p->devfn));
	case PDO_DRIVER_KEY:	/* under ...\Control\Class, as IoOpenDeviceRegistryKey has it */
		return pdo_add(buf, 0, size, "%s\\%s", bus, dev_name(dev));
	case PDO_OBJECT_NAME:
		return pdo_add(buf, 0, size, "\\Device\\%08X", pdo_number(dev));
	case PDO_ENUMERATOR:
		return pdo_add(buf, 0, size, "%s", bus);
	}
	return 0;
}

/* @n characters of @s as WCHARs into @out */
static void pdo_widen(PWCHAR out, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = (UCHAR)s[i];
}

/* A text as a WCHAR string in paged pool, for IRP_MN_QUERY_ID / _DEVICE_TEXT */
static NTSTATUS pdo_text_irp(PDEVICE_OBJECT pdo, PIRP irp, enum pdo_text what, NTSTATUS status)
{
	struct device *dev = wdmdma_pdo_device(pdo);
	PWCHAR out;
	size_t n;
	char *buf;

	if (!dev)
		return status;
	buf = kmalloc(PDO_TEXT_MAX, GFP_KERNEL);
	if (!buf)
		return STATUS_INSUFFICIENT_RESOURCES;
	n = pdo_text(dev, what, buf, PDO_TEXT_MAX);
	if (!n) {
		kfree(buf);
		return status;	/* the device has none: the IRP's status stays */
	}
	out = ExAllocatePoolWithTag(PagedPool, n * sizeof(WCHAR), PDO_TAG);
	if (out)
		pdo_widen(out, buf, n);
	kfree(buf);
	if (!out)
		return STATUS_INSUFFICIENT_RESOURCES;
	irp->IoStatus.Information = (ULONG_PTR)out;
	return STATUS_SUCCESS;
}

static NTSTATUS pdo_query_id(PDEVICE_OBJECT pdo, PIRP irp, PIO_STACK_LOCATION sl,
			     NTSTATUS status)
{
	switch (sl->Parameters.QueryId.IdType) {
	case BusQueryDeviceID:
		return pdo_text_irp(pdo, irp, PDO_DEVICE_ID, status);
	case BusQueryHardwareIDs:
		return pdo_text_irp(pdo, irp, PDO_HARDWARE_IDS, status);
	case BusQueryCompatibleIDs:
		return pdo_text_irp(pdo, irp, PDO_COMPATIBLE_IDS, status);
	case BusQueryInstanceID:
		return pdo_text_irp(pdo, irp, PDO_INSTANCE_ID, status);
	default:	/* no serial number, no container */
		return status;
	}
}

static NTSTATUS pdo_query_text(PDEVICE_OBJECT pdo, PIRP irp, PIO_STACK_LOCATION sl,
			       NTSTATUS status)
{
	switch (sl->Parameters.QueryDeviceText.DeviceTextType) {
	case DeviceTextDescription:
		return pdo_text_irp(pdo, irp, PDO_DESCRIPTION, status);
	case DeviceTextLocationInformation:
		return pdo_text_irp(pdo, irp, PDO_LOCATION, status);
	default:
		return status;
	}
}

/* IRP_MN_QUERY_PNP_DEVICE_STATE at the bottom: a device Linux lost has failed */
static NTSTATUS pdo_device_state(PDEVICE_OBJECT pdo, PIRP irp)
{
	struct pci_dev *pdev = pdo_pci(pdo);

	if (pdev && pci_channel_offline(pdev))
		irp->IoStatus.Information |= PNP_DEVICE_FAILED;
	return STATUS_SUCCESS;
}

/**
 * wdmdma_pdo_pnp_query() - the PDO's answers to the PnP IRPs that ask about
 *	the device
 * @pdo: the PDO
 * @irp: the IRP, at the PDO's stack location
 * @status: the IRP's status so far (what the sender preset)
 *
 * Sets @irp's Information where the minor function returns something.
 *
 * Return: the status to complete @irp with: @status for what the PDO does
 * not answer.
 */
NTSTATUS wdmdma_pdo_pnp_query(PDEVICE_OBJECT pdo, PIRP irp, NTSTATUS status)
{
	PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(irp);

	switch (sl->MinorFunction) {
	case IRP_MN_QUERY_INTERFACE:
		return pdo_query_interface(pdo, sl, status);
	case IRP_MN_READ_CONFIG:
	case IRP_MN_WRITE_CONFIG:
		return pdo_read_write_config(pdo, irp, sl);
	case IRP_MN_QUERY_CAPABILITIES:
		return pdo_capabilities(pdo, sl);
	case IRP_MN_QUERY_PNP_DEVICE_STATE:
		return pdo_device_state(pdo, irp);
	case IRP_MN_QUERY_BUS_INFORMATION:
	case IRP_MN_QUERY_LEGACY_BUS_INFORMATION:
		return pdo_bus_information(pdo, irp);
	case IRP_MN_QUERY_ID:
		return pdo_query_id(pdo, irp, sl, status);
	case IRP_MN_QUERY_DEVICE_TEXT:
		return pdo_query_text(pdo, irp, sl, status);
	default:
		return status;
	}
}

/* Copy a property of @n bytes out, with IoGetDeviceProperty()'s size rules */
static NTSTATUS pdo_prop_out(const void *val, ULONG n, ULONG len, PVOID buf, PULONG res)
{
	*res = n;
	if (len < n)
		return STATUS_BUFFER_TOO_SMALL;
	memcpy(buf, val, n);
	return STATUS_SUCCESS;
}

/* A text property: WCHARs, terminated (twice for a multi-sz) */
static NTSTATUS pdo_prop_text(struct device *dev, enum pdo_text what, ULONG len, PVOID buf,
			      PULONG res)
{
	char *text = kmalloc(PDO_TEXT_MAX, GFP_KERNEL);
	size_t n;

	if (!text)
		return STATUS_INSUFFICIENT_RESOURCES;
	n = pdo_text(dev, what, text, PDO_TEXT_MAX);
	if (!n) {
		kfree(text);
		return STATUS_INVALID_DEVICE_REQUEST;
	}
	*res = n * sizeof(WCHAR);
	if (len >= *res)
		pdo_widen(buf, text, n);
	kfree(text);
	return len >= *res ? STATUS_SUCCESS : STATUS_BUFFER_TOO_SMALL;
}

/* The properties that are texts of the device */
static const struct {
	DEVICE_REGISTRY_PROPERTY prop;
	enum pdo_text text;
} pdo_text_props[] = {
	{ DevicePropertyDeviceDescription, PDO_DESCRIPTION },
	{ DevicePropertyHardwareID, PDO_HARDWARE_IDS },
	{ DevicePropertyCompatibleIDs, PDO_COMPATIBLE_IDS },
	{ DevicePropertyDriverKeyName, PDO_DRIVER_KEY },
	{ DevicePropertyLocationInformation, PDO_LOCATION },
	{ DevicePropertyPhysicalDeviceObjectName, PDO_OBJECT_NAME },
	{ DevicePropertyEnumeratorName, PDO_ENUMERATOR },
};

/**
 * IoGetDeviceProperty() - a property of a device, from its PDO
 * @DeviceObject: the PDO (wdmdma_pdo_create())
 * @DeviceProperty: which property
 * @BufferLength: bytes at @PropertyBuffer
 * @PropertyBuffer: receives the property (may be NULL when @BufferLength
 *	is 0, to learn the size)
 * @ResultLength: receives the property's size in bytes (also when the
 *	buffer is too small)
 *
 * Strings are WCHAR, terminated; HardwareID and CompatibleIDs are
 * REG_MULTI_SZ.  What Linux has no counterpart for (boot configuration,
 * class, manufacturer, friendly name, resources, container; a UI number
 * without a physical slot; compatible IDs and location of a device that is
 * not PCI) is STATUS_INVALID_DEVICE_REQUEST, as for a property the
 * device's INF never set.  README lists each value.
 *
 * Context: PASSIVE_LEVEL.
 * Return: STATUS_SUCCESS, STATUS_BUFFER_TOO_SMALL (*@ResultLength the size
 * needed), STATUS_INVALID_PARAMETER_2 for an unknown property,
 * STATUS_INVALID_DEVICE_REQUEST (not a PDO, or no such property here),
 * STATUS_INVALID_PARAMETER for NULL @ResultLength or a NULL buffer with a
 * length, STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS IoGetDeviceProperty(PDEVICE_OBJECT DeviceObject, DEVICE_REGISTRY_PROPERTY DeviceProperty,
			     ULONG BufferLength, PVOID PropertyBuffer, PULONG ResultLength)
{
	static const char call[] = "IoGetDeviceProperty";
	struct device *dev = wdmdma_pdo_device(DeviceObject);
	struct pci_dev *pdev;
	struct pdo_bus bus;
	size_t i;
	ULONG v;

	if (unlikely(!ResultLength || (!PropertyBuffer && BufferLength))) {
		wdmdma_report(NULL, call, "%s", !ResultLength ? "NULL ResultLength" :
			      "NULL PropertyBuffer with a BufferLength");
		return STATUS_INVALID_PARAMETER;
	}
	*ResultLength = 0;
	if (unlikely(wdmdma_atomic_context())) {
		wdmdma_report(NULL, call, "called above PASSIVE_LEVEL");
		return STATUS_INVALID_DEVICE_REQUEST;
	}
	if (unlikely(!dev || !(DeviceObject->Flags & DO_BUS_ENUMERATED_DEVICE))) {
		wdmdma_report(NULL, call, "DeviceObject %p is not a PDO", DeviceObject);
		return STATUS_INVALID_DEVICE_REQUEST;
	}
	pdev = dev_is_pci(dev) ? to_pci_dev(dev) : NULL;
	pdo_bus_of(dev, &bus);
	for (i = 0; i < ARRAY_SIZE(pdo_text_props); i++)
		if (pdo_text_props[i].prop == DeviceProperty)
			return pdo_prop_text(dev, pdo_text_props[i].text, BufferLength,
					     PropertyBuffer, ResultLength);
	switch (DeviceProperty) {
	case DevicePropertyBusTypeGuid:
		return pdo_prop_out(bus.guid, sizeof(GUID), BufferLength, PropertyBuffer,
				    ResultLength);
	case DevicePropertyLegacyBusType:
		v = bus.type;
		break;
	case DevicePropertyBusNumber:
		v = bus.number;
		break;
	case DevicePropertyAddress:
		v = pdev ? PCI_SLOT(pdev->devfn) << 16 | PCI_FUNC(pdev->devfn) : 0xFFFFFFFF;
		break;
	case DevicePropertyUINumber:
		if (!pdev || !pdev->slot)
			return STATUS_INVALID_DEVICE_REQUEST;
		v = pdev->slot->number;
		break;
	case DevicePropertyInstallState:
		v = InstallStateInstalled;
		break;
	case DevicePropertyRemovalPolicy:
		v = dev->removable == DEVICE_REMOVABLE ? RemovalPolicyExpectSurpriseRemoval :
		    RemovalPolicyExpectNoRemoval;
		break;
	case DevicePropertyBootConfiguration:
	case DevicePropertyBootConfigurationTranslated:
	case DevicePropertyClassName:
	case DevicePropertyClassGuid:
	case DevicePropertyManufacturer:
	case DevicePropertyFriendlyName:
	case DevicePropertyResourceRequirements:
	case DevicePropertyAllocatedResources:
	case DevicePropertyContainerID:
		return STATUS_INVALID_DEVICE_REQUEST;
	default:
		wdmdma_report(NULL, call, "DeviceProperty %d is not a DEVICE_REGISTRY_PROPERTY",
			      DeviceProperty);
		return STATUS_INVALID_PARAMETER_2;
	}
	return pdo_prop_out(&v, sizeof(v), BufferLength, PropertyBuffer, ResultLength);
}
EXPORT_SYMBOL_GPL(IoGetDeviceProperty);

/**
 * struct pdo_state_work - an IoInvalidateDeviceState() being carried out
 * @work: on wdmdma_wq
 * @pdo: the PDO (referenced)
 */
struct pdo_state_work {
	struct work_struct work;
	PDEVICE_OBJECT pdo;
};

static void pdo_state_work_fn(struct work_struct *work)
{
	struct pdo_state_work *w = container_of(work, struct pdo_state_work, work);
	struct device *dev = wdmdma_pdo_device(w->pdo);
	ULONG_PTR state;
	NTSTATUS status;

	if (dev) {	/* not destroyed meanwhile */
		status = wdmdma_pnp_send_info(w->pdo, IRP_MN_QUERY_PNP_DEVICE_STATE, NULL, NULL,
					      &state);
		if (NT_SUCCESS(status) && (state & (PNP_DEVICE_FAILED | PNP_DEVICE_REMOVED)))
			dev_err(dev, "wdmdma: the driver reports the device %s (PnP device state %#lx); its Linux driver decides about removal\n",
				state & PNP_DEVICE_REMOVED ? "removed" : "failed",
				(unsigned long)state);
	}
	ObfDereferenceObject(w->pdo);
	kfree(w);
}

/**
 * IoInvalidateDeviceState() - make the PnP manager query the device's PnP
 *	state again
 * @PhysicalDeviceObject: the PDO
 *
 * A work item sends IRP_MN_QUERY_PNP_DEVICE_STATE (status preset
 * STATUS_NOT_SUPPORTED, Information 0) to the top of the device stack at
 * PASSIVE_LEVEL.  A state with PNP_DEVICE_FAILED or PNP_DEVICE_REMOVED is
 * logged: the device's Linux driver (the port's glue) owns its removal.
 * Other bits change nothing here.
 *
 * Context: at or below DISPATCH_LEVEL.
 */
void IoInvalidateDeviceState(PDEVICE_OBJECT PhysicalDeviceObject)
{
	struct pdo_state_work *w;

	if (unlikely(!wdmdma_pdo_device(PhysicalDeviceObject) ||
		     !(PhysicalDeviceObject->Flags & DO_BUS_ENUMERATED_DEVICE))) {
		wdmdma_report(NULL, "IoInvalidateDeviceState", "%p is not a PDO",
			      PhysicalDeviceObject);
		return;
	}
	w = kzalloc(sizeof(*w), wdmdma_gfp());
	if (!w) {
		wdmdma_report(NULL, "IoInvalidateDeviceState", "out of memory: query dropped");
		return;
	}
	INIT_WORK(&w->work, pdo_state_work_fn);
	w->pdo = PhysicalDeviceObject;
	ObfReferenceObject(w->pdo);	/* dropped by the work */
	queue_work(wdmdma_wq, &w->work);
}
EXPORT_SYMBOL_GPL(IoInvalidateDeviceState);
