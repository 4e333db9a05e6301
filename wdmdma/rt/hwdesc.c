// SPDX-License-Identifier: GPL-2.0
/*
 * Legacy (non-PnP) hardware: the hardware description a port's glue
 * declares (wdmdma_hw_declare()) and what a legacy driver finds its
 * hardware with -- IoQueryDeviceDescription(), HalGetInterruptVector(),
 * HalGetBusData() and its relatives, HalTranslateBusAddress(),
 * IoGetConfigurationInformation(), IoReportResourceForDetection() and
 * IoReportResourceUsage() -- and the VPB a disk-type device object has.
 *
 * THE DESCRIPTION
 *
 * On Windows, boot detection fills \Registry\Machine\Hardware\Description
 * with a node per bus, controller and peripheral, each with the values
 * "Identifier" (REG_SZ), "Configuration Data" (REG_FULL_RESOURCE_DESCRIPTOR)
 * and "Component Information" (REG_BINARY, CM_COMPONENT_INFORMATION).
 * Here the nodes are what the glue declared, kept sorted by bus type and
 * number, controller type and number, peripheral type and number -- the
 * order IoQueryDeviceDescription() calls back in.  A bus is a node of its
 * own only implicitly: every bus some controller is declared on exists.
 * The callout's PathName is the node's name in Windows' tree
 * (...\System\MultifunctionAdapter\N\DiskController\0\FloppyDiskPeripheral\0,
 * N the bus's index among the buses declared); the tree itself is not in
 * wdmdma's registry.
 *
 * CLAIMS
 *
 * IoReportResourceForDetection() and IoReportResourceUsage() record the
 * resources a driver (DriverList) or one of its devices (DeviceList)
 * claims; a claim that overlaps another one's ports, memory, interrupt
 * level or DMA channel (unless both are CmResourceShareShared) is refused
 * with STATUS_CONFLICTING_ADDRESSES.  Only claims made this way are
 * compared: Linux's own resource tree is not consulted.  A claim goes when
 * its owner reports an empty list, its device object is deleted or its
 * driver object is destroyed.
 *
 * LOCKING
 *
 * wdmdma_hw_lock (a mutex: everything here runs at PASSIVE_LEVEL) guards
 * the node list and the claim list.  IoQueryDeviceDescription() copies the
 * nodes that match, drops the lock and then calls the driver's callout, so
 * no driver code runs under it.
 */
#include <linux/cpumask.h>
#include <linux/err.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "../internal.h"

#include <wdm.h>

/* the device IRQL HalGetInterruptVector() hands out, as the PCI start does */
#define WDMDMA_HW_DIRQL		5
#define WDMDMA_HW_DATA_MAX	4096	/* bytes of a node's device data */
#define WDMDMA_HW_ID_MAX	128	/* characters of a node's identifier */

/**
 * struct wdmdma_hw - a declared node
 * @link: on wdmdma_hw_nodes, in the description's order
 * @d: the declaration; @d.identifier and @d.device_data point into @id
 *	and @data
 * @id: the identifier, or ""
 * @data: the device data
 */
struct wdmdma_hw {
	struct list_head link;
	struct wdmdma_hw_desc d;
	char id[WDMDMA_HW_ID_MAX];
	u8 data[];
};

/**
 * struct wdmdma_claim - resources a driver or device claimed
 * @link: on wdmdma_claims
 * @driver: the driver object
 * @device: the device object, or NULL for the driver's own claim
 * @size: bytes of @list
 * @list: a copy of the reported list
 */
struct wdmdma_claim {
	struct list_head link;
	PDRIVER_OBJECT driver;
	PDEVICE_OBJECT device;
	ULONG size;
	CM_RESOURCE_LIST list;
};

static DEFINE_MUTEX(wdmdma_hw_lock);
static LIST_HEAD(wdmdma_hw_nodes);
static LIST_HEAD(wdmdma_claims);

static CONFIGURATION_INFORMATION wdmdma_config_info = {
	.Version = sizeof(CONFIGURATION_INFORMATION),
};

/* Key names in Windows' description tree, by CONFIGURATION_TYPE */
static const char * const wdmdma_hw_type_names[MaximumType] = {
	"ArcSystem", "CentralProcessor", "FloatingPointProcessor", "PrimaryIcache",
	"PrimaryDcache", "SecondaryIcache", "SecondaryDcache", "SecondaryCache",
	"EisaAdapter", "TcAdapter", "ScsiAdapter", "DtiAdapter", "MultifunctionAdapter",
	"DiskController", "TapeController", "CdromController", "WormController",
	"SerialController", "NetworkController", "DisplayController", "ParallelController",
	"PointerController", "KeyboardController", "AudioController", "OtherController",
	"DiskPeripheral", "FloppyDiskPeripheral", "TapePeripheral", "ModemPeripheral",
	"MonitorPeripheral", "PrinterPeripheral", "PointerPeripheral", "KeyboardPeripheral",
	"TerminalPeripheral", "OtherPeripheral", "LinePeripheral", "NetworkPeripheral",
	"SystemMemory", "DockingInformation", "RealModeIrqRoutingTable",
	"RealModePCIEnumeration",
};

static KAFFINITY wdmdma_hw_affinity(void)
{
	return (KAFFINITY)cpumask_bits(cpu_online_mask)[0];
}

static bool wdmdma_hw_is_controller(CONFIGURATION_TYPE t)
{
	return t >= DiskController && t <= OtherController;
}

static bool wdmdma_hw_is_peripheral(CONFIGURATION_TYPE t)
{
	return t >= DiskPeripheral && t <= NetworkPeripheral;
}

/* The description's order: <0, 0, >0 as @a sorts before, with, after @b */
static int wdmdma_hw_cmp(const struct wdmdma_hw_desc *a, const struct wdmdma_hw_desc *b)
{
	const long ka[] = { a->bus_type, a->bus_number, a->controller_type,
			    a->controller_number, a->peripheral_type, a->peripheral_number };
	const long kb[] = { b->bus_type, b->bus_number, b->controller_type,
			    b->controller_number, b->peripheral_type, b->peripheral_number };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ka); i++)
		if (ka[i] != kb[i])
			return ka[i] < kb[i] ? -1 : 1;
	return 0;
}

/* The controller node of @d (a peripheral's).  Under wdmdma_hw_lock. */
static struct wdmdma_hw *wdmdma_hw_controller(const struct wdmdma_hw_desc *d)
{
	struct wdmdma_hw_desc key = *d;
	struct wdmdma_hw *h;

	key.peripheral_type = ArcSystem;
	key.peripheral_number = 0;
	list_for_each_entry(h, &wdmdma_hw_nodes, link)
		if (!wdmdma_hw_cmp(&h->d, &key))
			return h;
	return NULL;
}

static bool wdmdma_hw_desc_ok(const struct wdmdma_hw_desc *d)
{
	const char *why = NULL;

	if (!d)
		why = "NULL description";
	else if (d->bus_type <= InterfaceTypeUndefined || d->bus_type >= MaximumInterfaceType)
		why = "bus_type is not an INTERFACE_TYPE";
	else if (!wdmdma_hw_is_controller(d->controller_type))
		why = "controller_type is not a controller's CONFIGURATION_TYPE";
	else if (d->peripheral_type != ArcSystem && !wdmdma_hw_is_peripheral(d->peripheral_type))
		why = "peripheral_type is neither ArcSystem nor a peripheral's type";
	else if (d->device_data_size > WDMDMA_HW_DATA_MAX ||
		 (d->device_data_size && !d->device_data))
		why = "device data missing or larger than 4 KiB";
	else if (d->identifier && strnlen(d->identifier, WDMDMA_HW_ID_MAX) == WDMDMA_HW_ID_MAX)
		why = "identifier longer than 127 characters";
	if (why)
		wdmdma_report(NULL, "wdmdma_hw_declare", "%s", why);
	return !why;
}

struct wdmdma_hw *wdmdma_hw_declare(const struct wdmdma_hw_desc *desc)
{
	struct wdmdma_hw *hw, *h;
	int err = 0;

	if (!wdmdma_hw_desc_ok(desc))
		return ERR_PTR(-EINVAL);
	hw = kzalloc(struct_size(hw, data, desc->device_data_size), GFP_KERNEL);
	if (!hw)
		return ERR_PTR(-ENOMEM);
	hw->d = *desc;
	if (desc->identifier)
		strscpy(hw->id, desc->identifier, sizeof(hw->id));
	hw->d.identifier = hw->id;
	if (desc->device_data_size)
		memcpy(hw->data, desc->device_data, desc->device_data_size);
	hw->d.device_data = hw->data;

	mutex_lock(&wdmdma_hw_lock);
	if (desc->peripheral_type != ArcSystem && !wdmdma_hw_controller(desc)) {
		err = -ENOENT;
		goto unlock;
	}
	list_for_each_entry(h, &wdmdma_hw_nodes, link) {
		int c = wdmdma_hw_cmp(&hw->d, &h->d);

		if (!c) {
			err = -EEXIST;
			goto unlock;
		}
		if (c < 0)
			break;
	}
	list_add_tail(&hw->link, &h->link);	/* before @h, or at the end */
unlock:
	mutex_unlock(&wdmdma_hw_lock);
	if (err) {
		wdmdma_report(NULL, "wdmdma_hw_declare", "%s %s %u: %s",
			      wdmdma_hw_type_names[desc->controller_type],
			      desc->peripheral_type ?
			      wdmdma_hw_type_names[desc->peripheral_type] : "",
			      desc->peripheral_type ? desc->peripheral_number :
			      desc->controller_number,
			      err == -EEXIST ? "declared already" :
			      "its controller is not declared");
		kfree(hw);
		return ERR_PTR(err);
	}
	return hw;
}
EXPORT_SYMBOL_GPL(wdmdma_hw_declare);

void wdmdma_hw_forget(struct wdmdma_hw *hw)
{
	struct wdmdma_hw *h;

	if (IS_ERR_OR_NULL(hw))
		return;
	bool orphans = false;

	mutex_lock(&wdmdma_hw_lock);
	if (hw->d.peripheral_type == ArcSystem)
		list_for_each_entry(h, &wdmdma_hw_nodes, link)
			orphans |= h != hw && wdmdma_hw_controller(&h->d) == hw;
	list_del(&hw->link);
	mutex_unlock(&wdmdma_hw_lock);
	if (orphans)
		wdmdma_report(NULL, "wdmdma_hw_forget",
			      "%s %u forgotten before its peripherals (they are not found now)",
			      wdmdma_hw_type_names[hw->d.controller_type],
			      hw->d.controller_number);
	kfree(hw);
}
EXPORT_SYMBOL_GPL(wdmdma_hw_forget);

/* ---- IoQueryDeviceDescription ---- */

/* A KEY_VALUE_FULL_INFORMATION of @name with @len bytes of @type data */
static PKEY_VALUE_FULL_INFORMATION wdmdma_hw_value(const char *name, ULONG type,
						   const void *data, ULONG len)
{
	size_t n = strlen(name), off;
	PKEY_VALUE_FULL_INFORMATION v;
	size_t i;

	off = ALIGN(offsetof(KEY_VALUE_FULL_INFORMATION, Name) + n * sizeof(WCHAR), 4);
	v = kzalloc(off + len, GFP_KERNEL);
	if (!v)
		return NULL;
	v->Type = type;
	v->DataOffset = off;
	v->DataLength = len;
	v->NameLength = n * sizeof(WCHAR);
	for (i = 0; i < n; i++)
		v->Name[i] = (UCHAR)name[i];
	memcpy((u8 *)v + off, data, len);
	return v;
}

/* "Identifier": @id as a terminated REG_SZ; NULL (no value) for "" */
static PKEY_VALUE_FULL_INFORMATION wdmdma_hw_identifier(const char *id)
{
	WCHAR buf[WDMDMA_HW_ID_MAX];
	size_t i, n = strlen(id);

	if (!n)
		return NULL;
	for (i = 0; i <= n; i++)
		buf[i] = (UCHAR)id[i];
	return wdmdma_hw_value("Identifier", REG_SZ, buf, (n + 1) * sizeof(WCHAR));
}

/* "Component Information" */
static PKEY_VALUE_FULL_INFORMATION wdmdma_hw_component(ULONG key, bool io)
{
	CM_COMPONENT_INFORMATION ci = {
		.Flags = { .Input = io, .Output = io },
		.Key = key,
		.AffinityMask = wdmdma_hw_affinity(),
	};

	return wdmdma_hw_value("Component Information", REG_BINARY, &ci, sizeof(ci));
}

/*
 * "Configuration Data": a CM_FULL_RESOURCE_DESCRIPTOR with a partial
 * descriptor per range, the interrupt and the DMA channel of @d (NULL: a
 * bus's, which has none), then the device data as the last one.
 */
static PKEY_VALUE_FULL_INFORMATION wdmdma_hw_config(INTERFACE_TYPE bus, ULONG busnr,
						    const struct wdmdma_hw_desc *d)
{
	PCM_PARTIAL_RESOURCE_DESCRIPTOR p;
	PCM_FULL_RESOURCE_DESCRIPTOR full;
	PKEY_VALUE_FULL_INFORMATION v;
	ULONG count = 0, i, len;

	if (d) {
		for (i = 0; i < WDMDMA_HW_RANGES; i++) {
			count += !!d->ports[i].length;
			count += !!d->memory[i].length;
		}
		count += d->has_irq + d->has_dma + !!d->device_data_size;
	}
	len = offsetof(CM_FULL_RESOURCE_DESCRIPTOR, PartialResourceList.PartialDescriptors) +
		count * sizeof(CM_PARTIAL_RESOURCE_DESCRIPTOR) + (d ? d->device_data_size : 0);
	full = kzalloc(len, GFP_KERNEL);
	if (!full)
		return NULL;
	full->InterfaceType = bus;
	full->BusNumber = busnr;
	full->PartialResourceList.Version = 1;
	full->PartialResourceList.Revision = 1;
	full->PartialResourceList.Count = count;
	p = full->PartialResourceList.PartialDescriptors;
	for (i = 0; d && i < WDMDMA_HW_RANGES && d->ports[i].length; i++, p++) {
		p->Type = CmResourceTypePort;
		p->ShareDisposition = CmResourceShareDeviceExclusive;
		p->Flags = CM_RESOURCE_PORT_IO;
		p->u.Port.Start.QuadPart = d->ports[i].start;
		p->u.Port.Length = d->ports[i].length;
	}
	for (i = 0; d && i < WDMDMA_HW_RANGES && d->memory[i].length; i++, p++) {
		p->Type = CmResourceTypeMemory;
		p->ShareDisposition = CmResourceShareDeviceExclusive;
		p->Flags = CM_RESOURCE_MEMORY_READ_WRITE;
		p->u.Memory.Start.QuadPart = d->memory[i].start;
		p->u.Memory.Length = d->memory[i].length;
	}
	if (d && d->has_irq) {
		p->Type = CmResourceTypeInterrupt;
		p->ShareDisposition = d->level_sensitive ? CmResourceShareShared :
			CmResourceShareDeviceExclusive;
		p->Flags = d->level_sensitive ? CM_RESOURCE_INTERRUPT_LEVEL_SENSITIVE :
			CM_RESOURCE_INTERRUPT_LATCHED;
		p->u.Interrupt.Level = d->irq;		/* bus-relative, as detected */
		p->u.Interrupt.Vector = d->irq;
		p->u.Interrupt.Affinity = wdmdma_hw_affinity();
		p++;
	}
	if (d && d->has_dma) {
		p->Type = CmResourceTypeDma;
		p->ShareDisposition = CmResourceShareDeviceExclusive;
		p->Flags = CM_RESOURCE_DMA_8;
		p->u.Dma.Channel = d->dma_channel;
		p++;
	}
	if (d && d->device_data_size) {
		p->Type = CmResourceTypeDeviceSpecific;
		p->ShareDisposition = CmResourceShareUndetermined;
		p->u.DeviceSpecificData.DataSize = d->device_data_size;
		memcpy(p + 1, d->device_data, d->device_data_size);
	}
	v = wdmdma_hw_value("Configuration Data", REG_FULL_RESOURCE_DESCRIPTOR, full, len);
	kfree(full);
	return v;
}

static void wdmdma_hw_info_free(PKEY_VALUE_FULL_INFORMATION *info)
{
	int i;

	for (i = 0; i < IoQueryDeviceMaxData; i++)
		kfree(info[i]);
}

/* The three values of a node; one missing for want of memory gives false. */
static bool wdmdma_hw_info(PKEY_VALUE_FULL_INFORMATION *info, INTERFACE_TYPE bus,
			   ULONG busnr, const struct wdmdma_hw_desc *d, ULONG key)
{
	static const char * const bus_ids[MaximumInterfaceType] = {
		[Internal] = "Internal", [Isa] = "ISA", [Eisa] = "EISA",
		[MicroChannel] = "MCA", [TurboChannel] = "TC", [PCIBus] = "PCI",
		[PCMCIABus] = "PCMCIA", [PNPISABus] = "PNP ISA",
	};
	const char *id = d ? d->identifier : (bus_ids[bus] ? bus_ids[bus] : "");

	info[IoQueryDeviceIdentifier] = wdmdma_hw_identifier(id);
	info[IoQueryDeviceConfigurationData] = wdmdma_hw_config(bus, busnr, d);
	info[IoQueryDeviceComponentInformation] = wdmdma_hw_component(key, !!d);
	return (info[IoQueryDeviceIdentifier] || !*id) && info[IoQueryDeviceConfigurationData] &&
		info[IoQueryDeviceComponentInformation];
}

/**
 * struct wdmdma_hw_call - one call of the callout, collected under the lock
 * @link: on the caller's list
 * @bus_index: the bus's index among the buses declared (its key's number)
 * @controller: the call is for a controller (or one of its peripherals)
 * @peripheral: the call is for a peripheral
 * @ctl: the controller's declaration (only its bus fields for a bus's call)
 * @per: the peripheral's, if the call is for one
 * @ctl_data: @ctl's device data
 * @per_data: @per's
 * @ctl_id: @ctl's identifier
 * @per_id: @per's
 */
struct wdmdma_hw_call {
	struct list_head link;
	ULONG bus_index;
	bool controller, peripheral;
	struct wdmdma_hw_desc ctl, per;
	u8 *ctl_data, *per_data;
	char ctl_id[WDMDMA_HW_ID_MAX], per_id[WDMDMA_HW_ID_MAX];
};

static void wdmdma_hw_calls_free(struct list_head *calls)
{
	struct wdmdma_hw_call *c, *tmp;

	list_for_each_entry_safe(c, tmp, calls, link) {
		kfree(c->ctl_data);
		kfree(c->per_data);
		kfree(c);
	}
}

/* Copy @src into @dst with its own identifier and data.  Return: false: no memory. */
static bool wdmdma_hw_copy(struct wdmdma_hw_desc *dst, char *id, u8 **data,
			   const struct wdmdma_hw_desc *src)
{
	*dst = *src;
	strscpy(id, src->identifier, WDMDMA_HW_ID_MAX);
	dst->identifier = id;
	*data = NULL;
	if (src->device_data_size) {
		*data = kmemdup(src->device_data, src->device_data_size, GFP_KERNEL);
		if (!*data)
			return false;
	}
	dst->device_data = *data;
	return true;
}

struct wdmdma_hw_filter {
	PINTERFACE_TYPE bus;
	PULONG busnr;
	PCONFIGURATION_TYPE ctl;
	PULONG ctlnr;
	PCONFIGURATION_TYPE per;
	PULONG pernr;
};

/* Collect the calls @f asks for, in the description's order.  Under the lock. */
static int wdmdma_hw_collect(const struct wdmdma_hw_filter *f, struct list_head *calls)
{
	const struct wdmdma_hw_desc *last_bus = NULL;
	struct wdmdma_hw_call *c;
	struct wdmdma_hw *h, *ctl;
	ULONG bus_index = 0;

	list_for_each_entry(h, &wdmdma_hw_nodes, link) {
		const struct wdmdma_hw_desc *d = &h->d;
		bool new_bus = !last_bus || last_bus->bus_type != d->bus_type ||
			last_bus->bus_number != d->bus_number;

		if (new_bus && last_bus)
			bus_index++;
		if (new_bus)
			last_bus = d;
		if ((f->bus && d->bus_type != *f->bus) || (f->busnr && d->bus_number != *f->busnr))
			continue;
		if (!f->ctl && !f->per) {		/* buses only: one call per bus */
			if (!new_bus)
				continue;
		} else if (!f->per) {			/* controllers */
			if (d->peripheral_type != ArcSystem || d->controller_type != *f->ctl ||
			    (f->ctlnr && d->controller_number != *f->ctlnr))
				continue;
		} else {				/* peripherals */
			if (d->peripheral_type != *f->per ||
			    (f->pernr && d->peripheral_number != *f->pernr) ||
			    (f->ctl && d->controller_type != *f->ctl) ||
			    (f->ctlnr && d->controller_number != *f->ctlnr))
				continue;
		}
		ctl = f->per ? wdmdma_hw_controller(d) : h;
		if (!ctl)		/* a peripheral whose controller was forgotten */
			continue;
		c = kzalloc(sizeof(*c), GFP_KERNEL);
		if (!c)
			return -ENOMEM;
		list_add_tail(&c->link, calls);
		c->bus_index = bus_index;
		c->ctl = *d;
		if (!f->ctl && !f->per)
			continue;
		c->controller = true;
		if (!wdmdma_hw_copy(&c->ctl, c->ctl_id, &c->ctl_data, &ctl->d))
			return -ENOMEM;
		if (f->per) {
			c->peripheral = true;
			if (!wdmdma_hw_copy(&c->per, c->per_id, &c->per_data, d))
				return -ENOMEM;
		}
	}
	return 0;
}

/* Windows' name of the node @c is for, as a new UNICODE_STRING's buffer */
static NTSTATUS wdmdma_hw_path(const struct wdmdma_hw_call *c, PUNICODE_STRING path)
{
	char buf[192];
	int n, i;

	n = snprintf(buf, sizeof(buf), "\\Registry\\Machine\\Hardware\\Description\\System\\%s\\%u",
		     c->ctl.bus_type == Eisa ? "EisaAdapter" : "MultifunctionAdapter",
		     c->bus_index);
	if (c->controller)
		n += snprintf(buf + n, sizeof(buf) - n, "\\%s\\%u",
			      wdmdma_hw_type_names[c->ctl.controller_type],
			      c->ctl.controller_number);
	if (c->peripheral)
		n += snprintf(buf + n, sizeof(buf) - n, "\\%s\\%u",
			      wdmdma_hw_type_names[c->per.peripheral_type],
			      c->per.peripheral_number);
	path->Buffer = kcalloc(n + 1, sizeof(WCHAR), GFP_KERNEL);
	if (!path->Buffer)
		return STATUS_INSUFFICIENT_RESOURCES;
	for (i = 0; i < n; i++)
		path->Buffer[i] = buf[i];
	path->Length = n * sizeof(WCHAR);
	path->MaximumLength = path->Length + sizeof(WCHAR);
	return STATUS_SUCCESS;
}

/* One call of @routine for @c */
static NTSTATUS wdmdma_hw_callout(const struct wdmdma_hw_call *c,
				  PIO_QUERY_DEVICE_ROUTINE routine, PVOID context)
{
	PKEY_VALUE_FULL_INFORMATION bus[IoQueryDeviceMaxData] = {};
	PKEY_VALUE_FULL_INFORMATION ctl[IoQueryDeviceMaxData] = {};
	PKEY_VALUE_FULL_INFORMATION per[IoQueryDeviceMaxData] = {};
	UNICODE_STRING path;
	NTSTATUS status;

	status = wdmdma_hw_path(c, &path);
	if (status != STATUS_SUCCESS)
		return status;
	status = STATUS_INSUFFICIENT_RESOURCES;
	if (!wdmdma_hw_info(bus, c->ctl.bus_type, c->ctl.bus_number, NULL, c->bus_index))
		goto out;
	if (c->controller && !wdmdma_hw_info(ctl, c->ctl.bus_type, c->ctl.bus_number, &c->ctl,
					     c->ctl.controller_number))
		goto out;
	if (c->peripheral && !wdmdma_hw_info(per, c->per.bus_type, c->per.bus_number, &c->per,
					     c->per.peripheral_number))
		goto out;
	status = routine(context, &path, c->ctl.bus_type, c->ctl.bus_number, bus,
			 c->controller ? c->ctl.controller_type : ArcSystem,
			 c->controller ? c->ctl.controller_number : 0,
			 c->controller ? ctl : NULL,
			 c->peripheral ? c->per.peripheral_type : ArcSystem,
			 c->peripheral ? c->per.peripheral_number : 0,
			 c->peripheral ? per : NULL);
out:
	wdmdma_hw_info_free(bus);
	wdmdma_hw_info_free(ctl);
	wdmdma_hw_info_free(per);
	kfree(path.Buffer);
	return status;
}

/**
 * IoQueryDeviceDescription() - look legacy hardware up in the description
 * @BusType: the bus type, or NULL for every bus
 * @BusNumber: its number, or NULL for every bus of @BusType
 * @ControllerType: a controller type, or NULL (then only buses are
 *	reported, unless @PeripheralType is given)
 * @ControllerNumber: its number, or NULL for all
 * @PeripheralType: a peripheral type, or NULL for the controllers alone
 * @PeripheralNumber: its number, or NULL for all
 * @CalloutRoutine: called once per match, in the description's order
 *	(bus, controller, peripheral; types and numbers ascending), with
 *	arrays of IoQueryDeviceMaxData value pointers (an entry is NULL when
 *	the node has no such value; the arrays of the levels not asked for
 *	are NULL).  They are valid only during the call.
 * @Context: passed to @CalloutRoutine
 *
 * The description holds what the port's glue declared with
 * wdmdma_hw_declare().
 *
 * Context: PASSIVE_LEVEL.
 * Return: what the last callout returned (the walk stops at the first
 * that returns anything but STATUS_SUCCESS); STATUS_OBJECT_NAME_NOT_FOUND
 * when nothing matches; STATUS_INVALID_PARAMETER for no callout or no
 * type at all (reported); STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS IoQueryDeviceDescription(PINTERFACE_TYPE BusType, PULONG BusNumber,
				  PCONFIGURATION_TYPE ControllerType, PULONG ControllerNumber,
				  PCONFIGURATION_TYPE PeripheralType, PULONG PeripheralNumber,
				  PIO_QUERY_DEVICE_ROUTINE CalloutRoutine, PVOID Context)
{
	struct wdmdma_hw_filter f = { BusType, BusNumber, ControllerType, ControllerNumber,
				      PeripheralType, PeripheralNumber };
	struct wdmdma_hw_call *c;
	LIST_HEAD(calls);
	NTSTATUS status;
	int err;

	if (unlikely(wdmdma_atomic_context())) {
		wdmdma_report(NULL, "IoQueryDeviceDescription", "called above PASSIVE_LEVEL");
		return STATUS_INVALID_DEVICE_STATE;
	}
	if (unlikely(!CalloutRoutine || (!BusType && !ControllerType && !PeripheralType))) {
		wdmdma_report(NULL, "IoQueryDeviceDescription", "%s",
			      CalloutRoutine ? "no BusType, ControllerType or PeripheralType" :
			      "NULL CalloutRoutine");
		return STATUS_INVALID_PARAMETER;
	}
	mutex_lock(&wdmdma_hw_lock);
	err = wdmdma_hw_collect(&f, &calls);
	mutex_unlock(&wdmdma_hw_lock);
	status = err ? STATUS_INSUFFICIENT_RESOURCES : STATUS_OBJECT_NAME_NOT_FOUND;
	if (!err) {
		list_for_each_entry(c, &calls, link) {
			status = wdmdma_hw_callout(c, CalloutRoutine, Context);
			if (status != STATUS_SUCCESS)
				break;
		}
	}
	wdmdma_hw_calls_free(&calls);
	return status;
}
EXPORT_SYMBOL_GPL(IoQueryDeviceDescription);

/**
 * HalGetInterruptVector() - the system vector of a bus-relative interrupt
 * @InterfaceType: the bus type
 * @BusNumber: the bus number
 * @BusInterruptLevel: the bus interrupt level (the ISA IRQ)
 * @BusInterruptVector: the bus interrupt vector (the same on ISA)
 * @Irql: out: the device IRQL, for IoConnectInterrupt()
 * @Affinity: out: the processors the interrupt may arrive on
 *
 * The vector is the Linux IRQ number the glue declared for that interrupt
 * (wdmdma_hw_desc.linux_irq), which IoConnectInterrupt() takes.
 *
 * Context: PASSIVE_LEVEL.
 * Return: the vector, or 0 (reported) when no node declared on that bus
 * has the interrupt; *@Irql and *@Affinity are then 0.
 */
ULONG HalGetInterruptVector(INTERFACE_TYPE InterfaceType, ULONG BusNumber,
			    ULONG BusInterruptLevel, ULONG BusInterruptVector, PKIRQL Irql,
			    PKAFFINITY Affinity)
{
	struct wdmdma_hw *h;
	ULONG vector = 0;

	if (unlikely(!Irql || !Affinity)) {
		wdmdma_report(NULL, "HalGetInterruptVector", "NULL Irql or Affinity");
		return 0;
	}
	mutex_lock(&wdmdma_hw_lock);
	list_for_each_entry(h, &wdmdma_hw_nodes, link)
		if (h->d.bus_type == InterfaceType && h->d.bus_number == BusNumber &&
		    h->d.has_irq && h->d.irq == BusInterruptLevel && h->d.linux_irq) {
			vector = h->d.linux_irq;
			break;
		}
	mutex_unlock(&wdmdma_hw_lock);
	*Irql = vector ? WDMDMA_HW_DIRQL : 0;
	*Affinity = vector ? wdmdma_hw_affinity() : 0;
	if (!vector)
		wdmdma_report(NULL, "HalGetInterruptVector",
			      "no hardware declared on bus %d/%u with interrupt level %u (vector %u)",
			      InterfaceType, BusNumber, BusInterruptLevel, BusInterruptVector);
	return vector;
}
EXPORT_SYMBOL_GPL(HalGetInterruptVector);

/* ---- bus configuration space ---- */

/* What HalGetBusData reaches: the common header and the device-specific part */
#define WDMDMA_PCI_CONFIG_SIZE	256

/*
 * Read or write PCI configuration space of bus @busnr, slot @slot, bytes
 * [@off, @off + @len) (cut at 256).  Return: the bytes moved; a slot
 * with no device reads as PCI_INVALID_VENDORID (2 bytes), a bus that does
 * not exist gives 0.
 */
static ULONG wdmdma_pci_access(const char *call, ULONG busnr, ULONG slot, u8 *buf, ULONG off,
			       ULONG len, bool write)
{
	PCI_SLOT_NUMBER s = { .u.AsULONG = slot };
	struct pci_dev *pdev;
	unsigned int devfn;
	ULONG i;

	if (busnr > 255 || !pci_find_bus(0, busnr))
		return 0;
	devfn = PCI_DEVFN(s.u.bits.DeviceNumber, s.u.bits.FunctionNumber);
	pdev = pci_get_domain_bus_and_slot(0, busnr, devfn);
	if (!pdev) {
		if (write || len < 2)
			return 0;
		buf[0] = PCI_INVALID_VENDORID & 0xff;
		buf[1] = PCI_INVALID_VENDORID >> 8;
		return 2;
	}
	if (off >= WDMDMA_PCI_CONFIG_SIZE)
		len = 0;
	else
		len = min_t(ULONG, len, WDMDMA_PCI_CONFIG_SIZE - off);
	i = wdmdma_pci_config(pdev, write, buf, off, len);
	if (i < len)
		wdmdma_report(NULL, call, "%s: configuration space offset %#x failed",
			      pci_name(pdev), off + i);
	pci_dev_put(pdev);
	return i;
}

static ULONG wdmdma_bus_data(const char *call, BUS_DATA_TYPE type, ULONG busnr, ULONG slot,
			     PVOID buf, ULONG off, ULONG len, bool write)
{
	if (unlikely(wdmdma_atomic_context())) {
		wdmdma_report(NULL, call, "called above PASSIVE_LEVEL");
		return 0;
	}
	if (unlikely(!buf && len)) {
		wdmdma_report(NULL, call, "NULL Buffer");
		return 0;
	}
	switch (type) {
	case PCIConfiguration:
		return wdmdma_pci_access(call, busnr, slot, buf, off, len, write);
	default:
		/* CMOS, EISA, POS...: no such bus data here, as a bus that is absent */
		return 0;
	}
}

/**
 * HalGetBusData() - read a bus's configuration data from offset 0
 * @BusDataType: PCIConfiguration (others give 0: no such bus here)
 * @BusNumber: the PCI bus (domain 0)
 * @SlotNumber: a PCI_SLOT_NUMBER's AsULONG
 * @Buffer: receives the data
 * @Length: bytes wanted
 *
 * Context: PASSIVE_LEVEL (pci_read_config_* may sleep on some platforms).
 * Return: bytes read (at most 256 for PCI); 2, with PCI_INVALID_VENDORID
 * in @Buffer, for an empty slot; 0 for a bus that does not exist.
 */
ULONG HalGetBusData(BUS_DATA_TYPE BusDataType, ULONG BusNumber, ULONG SlotNumber, PVOID Buffer,
		    ULONG Length)
{
	return wdmdma_bus_data("HalGetBusData", BusDataType, BusNumber, SlotNumber, Buffer, 0,
			       Length, false);
}
EXPORT_SYMBOL_GPL(HalGetBusData);

/**
 * HalGetBusDataByOffset() - read a bus's configuration data from an offset
 * @BusDataType: as HalGetBusData()
 * @BusNumber: as HalGetBusData()
 * @SlotNumber: as HalGetBusData()
 * @Buffer: receives the data
 * @Offset: the first byte's offset in the configuration space
 * @Length: bytes wanted
 *
 * Return: bytes read, as HalGetBusData().
 */
ULONG HalGetBusDataByOffset(BUS_DATA_TYPE BusDataType, ULONG BusNumber, ULONG SlotNumber,
			    PVOID Buffer, ULONG Offset, ULONG Length)
{
	return wdmdma_bus_data("HalGetBusDataByOffset", BusDataType, BusNumber, SlotNumber,
			       Buffer, Offset, Length, false);
}
EXPORT_SYMBOL_GPL(HalGetBusDataByOffset);

/**
 * HalSetBusData() - write a bus's configuration data from offset 0
 * @BusDataType: as HalGetBusData()
 * @BusNumber: as HalGetBusData()
 * @SlotNumber: as HalGetBusData()
 * @Buffer: the data
 * @Length: bytes to write
 *
 * Return: bytes written; 0 for an empty slot or a bus that does not exist.
 */
ULONG HalSetBusData(BUS_DATA_TYPE BusDataType, ULONG BusNumber, ULONG SlotNumber, PVOID Buffer,
		    ULONG Length)
{
	return wdmdma_bus_data("HalSetBusData", BusDataType, BusNumber, SlotNumber, Buffer, 0,
			       Length, true);
}
EXPORT_SYMBOL_GPL(HalSetBusData);

/**
 * HalSetBusDataByOffset() - write a bus's configuration data at an offset
 * @BusDataType: as HalGetBusData()
 * @BusNumber: as HalGetBusData()
 * @SlotNumber: as HalGetBusData()
 * @Buffer: the data
 * @Offset: the first byte's offset
 * @Length: bytes to write
 *
 * Return: bytes written, as HalSetBusData().
 */
ULONG HalSetBusDataByOffset(BUS_DATA_TYPE BusDataType, ULONG BusNumber, ULONG SlotNumber,
			    PVOID Buffer, ULONG Offset, ULONG Length)
{
	return wdmdma_bus_data("HalSetBusDataByOffset", BusDataType, BusNumber, SlotNumber,
			       Buffer, Offset, Length, true);
}
EXPORT_SYMBOL_GPL(HalSetBusDataByOffset);

/**
 * HalTranslateBusAddress() - a bus-relative address as the CPU sees it
 * @InterfaceType: the bus type
 * @BusNumber: the bus number
 * @BusAddress: the address on the bus
 * @AddressSpace: in: 0 memory, 1 I/O port; out: the same (x86 keeps ports
 *	in the port space, and buses map memory 1:1)
 * @TranslatedAddress: out: the address (the same on x86)
 *
 * Return: TRUE; FALSE for a bus type that does not exist or NULL pointers.
 */
BOOLEAN HalTranslateBusAddress(INTERFACE_TYPE InterfaceType, ULONG BusNumber,
			       PHYSICAL_ADDRESS BusAddress, PULONG AddressSpace,
			       PPHYSICAL_ADDRESS TranslatedAddress)
{
	if (unlikely(!AddressSpace || !TranslatedAddress)) {
		wdmdma_report(NULL, "HalTranslateBusAddress",
			      "NULL AddressSpace or TranslatedAddress");
		return FALSE;
	}
	if (InterfaceType <= InterfaceTypeUndefined || InterfaceType >= MaximumInterfaceType)
		return FALSE;
	*TranslatedAddress = BusAddress;
	return TRUE;
}
EXPORT_SYMBOL_GPL(HalTranslateBusAddress);

/**
 * IoGetConfigurationInformation() - the system's device counts
 *
 * One record for the whole system, zero at module load; drivers update
 * the counts as they find devices (no lock: drivers' initialization is
 * serialized on Windows, and a port's glue loads them one at a time).
 *
 * Return: the record.
 */
PCONFIGURATION_INFORMATION IoGetConfigurationInformation(void)
{
	return &wdmdma_config_info;
}
EXPORT_SYMBOL_GPL(IoGetConfigurationInformation);

/* ---- resource claims ---- */

/*
 * The bytes a resource list of @size really spans, or 0 when it is not a
 * list (too short, or descriptors past @size).
 */
static ULONG wdmdma_res_list_size(PCM_RESOURCE_LIST l, ULONG size)
{
	const size_t head = offsetof(CM_RESOURCE_LIST, List);
	const size_t fhead = offsetof(CM_FULL_RESOURCE_DESCRIPTOR,
				      PartialResourceList.PartialDescriptors);
	const u8 *p = (const u8 *)l, *end = p + size;
	ULONG i, j, count;

	if (size < head)
		return 0;
	p += head;
	for (i = 0; i < l->Count; i++) {
		const CM_FULL_RESOURCE_DESCRIPTOR *f = (const void *)p;
		const CM_PARTIAL_RESOURCE_DESCRIPTOR *d;

		if (end - p < fhead)
			return 0;
		count = f->PartialResourceList.Count;
		d = f->PartialResourceList.PartialDescriptors;
		for (j = 0; j < count; j++, d++) {
			if ((const u8 *)(d + 1) > end)
				return 0;
			if (d->Type == CmResourceTypeDeviceSpecific) {
				/* its data follows, and ends the list */
				if (d->u.DeviceSpecificData.DataSize > end - (const u8 *)(d + 1))
					return 0;
				d = (const void *)((const u8 *)(d + 1) +
						   d->u.DeviceSpecificData.DataSize);
				d--;	/* the loop steps over it */
			}
		}
		p = (const u8 *)d;
	}
	return p - (const u8 *)l;
}

/* Walks the partial descriptors of a list wdmdma_res_list_size() accepted */
struct wdmdma_res_iter {
	PCM_RESOURCE_LIST l;
	ULONG i, j;
	PCM_FULL_RESOURCE_DESCRIPTOR f;
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d;
};

static void wdmdma_res_iter_init(struct wdmdma_res_iter *it, PCM_RESOURCE_LIST l)
{
	it->l = l;
	it->i = 0;
	it->j = 0;
	it->f = l->List;
	it->d = NULL;
}

/* The next descriptor, or NULL at the end */
static PCM_PARTIAL_RESOURCE_DESCRIPTOR wdmdma_res_iter_next(struct wdmdma_res_iter *it)
{
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d = it->d;

	if (d)		/* past the one handed out last (and its device data) */
		d = d->Type == CmResourceTypeDeviceSpecific ?
			(PCM_PARTIAL_RESOURCE_DESCRIPTOR)((u8 *)(d + 1) +
							  d->u.DeviceSpecificData.DataSize) : d + 1;
	else if (it->i < it->l->Count)
		d = it->f->PartialResourceList.PartialDescriptors;
	while (it->i < it->l->Count && it->j == it->f->PartialResourceList.Count) {
		/* the next full descriptor starts where this one's last ended */
		it->f = (PCM_FULL_RESOURCE_DESCRIPTOR)d;
		it->i++;
		it->j = 0;
		if (it->i < it->l->Count)
			d = it->f->PartialResourceList.PartialDescriptors;
	}
	if (it->i >= it->l->Count)
		return NULL;
	it->j++;
	it->d = d;
	return d;
}

static bool wdmdma_res_overlap(u64 a, u32 alen, u64 b, u32 blen)
{
	return alen && blen && a < b + blen && b < a + alen;
}

static bool wdmdma_res_conflict(const CM_PARTIAL_RESOURCE_DESCRIPTOR *a,
				const CM_PARTIAL_RESOURCE_DESCRIPTOR *b)
{
	if (a->Type != b->Type)
		return false;
	if (a->ShareDisposition == CmResourceShareShared &&
	    b->ShareDisposition == CmResourceShareShared)
		return false;
	switch (a->Type) {
	case CmResourceTypePort:
	case CmResourceTypeMemory:
		return wdmdma_res_overlap(a->u.Generic.Start.QuadPart, a->u.Generic.Length,
					  b->u.Generic.Start.QuadPart, b->u.Generic.Length);
	case CmResourceTypeInterrupt:
		return a->u.Interrupt.Level == b->u.Interrupt.Level;
	case CmResourceTypeDma:
		return a->u.Dma.Channel == b->u.Dma.Channel;
	default:
		return false;
	}
}

/* Whether @l conflicts with a claim not @self's.  Under wdmdma_hw_lock. */
static bool wdmdma_claims_conflict(PCM_RESOURCE_LIST l, struct wdmdma_claim *self)
{
	PCM_PARTIAL_RESOURCE_DESCRIPTOR a, b;
	struct wdmdma_res_iter ia, ib;
	struct wdmdma_claim *c;

	list_for_each_entry(c, &wdmdma_claims, link) {
		if (c == self)
			continue;
		wdmdma_res_iter_init(&ia, l);
		while ((a = wdmdma_res_iter_next(&ia))) {
			wdmdma_res_iter_init(&ib, &c->list);
			while ((b = wdmdma_res_iter_next(&ib)))
				if (wdmdma_res_conflict(a, b))
					return true;
		}
	}
	return false;
}

/* Under wdmdma_hw_lock */
static struct wdmdma_claim *wdmdma_claim_find(PDRIVER_OBJECT drv, PDEVICE_OBJECT dev)
{
	struct wdmdma_claim *c;

	list_for_each_entry(c, &wdmdma_claims, link)
		if (c->driver == drv && c->device == dev)
			return c;
	return NULL;
}

static NTSTATUS wdmdma_claim(const char *call, PDRIVER_OBJECT DriverObject,
			     PCM_RESOURCE_LIST DriverList, ULONG DriverListSize,
			     PDEVICE_OBJECT DeviceObject, PCM_RESOURCE_LIST DeviceList,
			     ULONG DeviceListSize, BOOLEAN override, PBOOLEAN ConflictDetected)
{
	PCM_RESOURCE_LIST l = DeviceList ? DeviceList : DriverList;
	ULONG size = DeviceList ? DeviceListSize : DriverListSize, real = 0;
	PDEVICE_OBJECT owner = DeviceList ? DeviceObject : NULL;
	struct wdmdma_claim *old, *c = NULL;
	bool conflict;

	if (unlikely(wdmdma_atomic_context())) {
		wdmdma_report(NULL, call, "called above PASSIVE_LEVEL");
		return STATUS_INVALID_DEVICE_STATE;
	}
	if (unlikely(!DriverObject || !ConflictDetected || (DeviceList && !DeviceObject))) {
		wdmdma_report(NULL, call, "NULL %s", !DriverObject ? "DriverObject" :
			      !ConflictDetected ? "ConflictDetected" :
			      "DeviceObject with a DeviceList");
		return STATUS_INVALID_PARAMETER;
	}
	*ConflictDetected = FALSE;
	if (l) {
		real = wdmdma_res_list_size(l, size);
		if (!real) {
			wdmdma_report(NULL, call, "%s is not a CM_RESOURCE_LIST of %u bytes",
				      DeviceList ? "DeviceList" : "DriverList", size);
			return STATUS_UNSUCCESSFUL;
		}
		if (l->Count) {
			c = kmalloc(offsetof(struct wdmdma_claim, list) + real, GFP_KERNEL);
			if (!c)
				return STATUS_INSUFFICIENT_RESOURCES;
			c->driver = DriverObject;
			c->device = owner;
			c->size = real;
			memcpy(&c->list, l, real);
		}
	}
	mutex_lock(&wdmdma_hw_lock);
	old = wdmdma_claim_find(DriverObject, l ? owner : DeviceObject);
	conflict = c && wdmdma_claims_conflict(&c->list, old);
	if (conflict && !override) {
		mutex_unlock(&wdmdma_hw_lock);
		kfree(c);
		*ConflictDetected = TRUE;
		return STATUS_CONFLICTING_ADDRESSES;
	}
	if (old)
		list_del(&old->link);
	if (c)
		list_add_tail(&c->link, &wdmdma_claims);
	mutex_unlock(&wdmdma_hw_lock);
	kfree(old);
	*ConflictDetected = conflict;
	return STATUS_SUCCESS;
}

/**
 * IoReportResourceForDetection() - claim resources of legacy hardware
 * @DriverObject: the driver
 * @DriverList: the driver's claim (all its devices), or NULL
 * @DriverListSize: its bytes
 * @DeviceObject: the device the claim is for, with @DeviceList
 * @DeviceList: the device's claim (used instead of @DriverList), or NULL
 * @DeviceListSize: its bytes
 * @ConflictDetected: out: TRUE when another claim holds a resource
 *
 * A new claim of the same driver (or device) replaces the earlier one;
 * one of no resources (NULL lists, or Count 0) releases it.
 *
 * Context: PASSIVE_LEVEL.
 * Return: STATUS_SUCCESS; STATUS_CONFLICTING_ADDRESSES (nothing claimed);
 * STATUS_UNSUCCESSFUL for a list that is not one (reported);
 * STATUS_INVALID_PARAMETER; STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS IoReportResourceForDetection(PDRIVER_OBJECT DriverObject, PCM_RESOURCE_LIST DriverList,
				      ULONG DriverListSize, PDEVICE_OBJECT DeviceObject,
				      PCM_RESOURCE_LIST DeviceList, ULONG DeviceListSize,
				      PBOOLEAN ConflictDetected)
{
	return wdmdma_claim("IoReportResourceForDetection", DriverObject, DriverList,
			    DriverListSize, DeviceObject, DeviceList, DeviceListSize, FALSE,
			    ConflictDetected);
}
EXPORT_SYMBOL_GPL(IoReportResourceForDetection);

/**
 * IoReportResourceUsage() - claim resources (the older routine)
 * @DriverClassName: ignored
 * @DriverObject: as IoReportResourceForDetection()
 * @DriverList: as IoReportResourceForDetection()
 * @DriverListSize: as IoReportResourceForDetection()
 * @DeviceObject: as IoReportResourceForDetection()
 * @DeviceList: as IoReportResourceForDetection()
 * @DeviceListSize: as IoReportResourceForDetection()
 * @OverrideConflict: record the claim even when it conflicts
 * @ConflictDetected: out: TRUE when another claim holds a resource
 *
 * Context: PASSIVE_LEVEL.
 * Return: as IoReportResourceForDetection(); with @OverrideConflict a
 * conflict gives STATUS_SUCCESS and *@ConflictDetected TRUE.
 */
NTSTATUS IoReportResourceUsage(PUNICODE_STRING DriverClassName, PDRIVER_OBJECT DriverObject,
			       PCM_RESOURCE_LIST DriverList, ULONG DriverListSize,
			       PDEVICE_OBJECT DeviceObject, PCM_RESOURCE_LIST DeviceList,
			       ULONG DeviceListSize, BOOLEAN OverrideConflict,
			       PBOOLEAN ConflictDetected)
{
	return wdmdma_claim("IoReportResourceUsage", DriverObject, DriverList, DriverListSize,
			    DeviceObject, DeviceList, DeviceListSize, OverrideConflict,
			    ConflictDetected);
}
EXPORT_SYMBOL_GPL(IoReportResourceUsage);

/**
 * wdmdma_hw_owner_gone() - drop the claims of a device or driver object
 * @driver: the driver object being destroyed, or NULL
 * @device: the device object being deleted, or NULL
 *
 * Context: process context.
 */
void wdmdma_hw_owner_gone(PDRIVER_OBJECT driver, PDEVICE_OBJECT device)
{
	struct wdmdma_claim *c, *tmp;
	LIST_HEAD(gone);

	mutex_lock(&wdmdma_hw_lock);
	list_for_each_entry_safe(c, tmp, &wdmdma_claims, link)
		if ((driver && c->driver == driver) || (device && c->device == device))
			list_move(&c->link, &gone);
	mutex_unlock(&wdmdma_hw_lock);
	list_for_each_entry_safe(c, tmp, &gone, link)
		kfree(c);
}

/* ---- the VPB of a disk-type device object ---- */

/**
 * wdmdma_vpb_create() - give a new device object its VPB, as Windows does
 * @d: the device object IoCreateDevice() is making
 *
 * Disk, CD-ROM, tape and virtual disk devices get one: a driver reads
 * Vpb->Flags (VPB_MOUNTED) before it asks for a verify.  No file system
 * mounts here, so the flags stay 0 unless the driver sets them.
 *
 * Return: 0 or -ENOMEM.
 */
int wdmdma_vpb_create(PDEVICE_OBJECT d)
{
	VPB *vpb;

	switch (d->DeviceType) {
	case FILE_DEVICE_DISK:
	case FILE_DEVICE_CD_ROM:
	case FILE_DEVICE_TAPE:
	case FILE_DEVICE_VIRTUAL_DISK:
		break;
	default:
		return 0;
	}
	vpb = kzalloc(sizeof(*vpb), GFP_KERNEL);
	if (!vpb)
		return -ENOMEM;
	vpb->Type = IO_TYPE_VPB;
	vpb->Size = sizeof(*vpb);
	vpb->RealDevice = d;
	d->Vpb = vpb;
	return 0;
}

/**
 * wdmdma_vpb_free() - free the VPB wdmdma_vpb_create() made
 * @d: the device object being freed
 */
void wdmdma_vpb_free(PDEVICE_OBJECT d)
{
	if (d->Vpb && d->Vpb->Type == IO_TYPE_VPB && d->Vpb->RealDevice == d)
		kfree(d->Vpb);
	d->Vpb = NULL;
}

/**
 * wdmdma_hwdesc_exit() - module exit: nodes and claims still there go
 *
 * Nodes the glue did not forget and claims not released are reported.
 */
void wdmdma_hwdesc_exit(void)
{
	struct wdmdma_claim *c, *ctmp;
	struct wdmdma_hw *h, *htmp;

	if (!list_empty(&wdmdma_hw_nodes) || !list_empty(&wdmdma_claims))
		wdmdma_report(NULL, "wdmdma exit", "hardware nodes or resource claims remain");
	list_for_each_entry_safe(h, htmp, &wdmdma_hw_nodes, link)
		kfree(h);
	list_for_each_entry_safe(c, ctmp, &wdmdma_claims, link)
		kfree(c);
}
