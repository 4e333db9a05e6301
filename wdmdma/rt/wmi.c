// SPDX-License-Identifier: GPL-2.0
/*
 * WMI: IoWMIRegistrationControl and the "WMI manager" behind it, the WMI
 * library (WmiSystemControl, WmiCompleteRequest, WmiFireEvent) and
 * IoWMIWriteEvent, IoWMIAllocateInstanceIds.
 *
 * Registration is synchronous: IoWMIRegistrationControl(REGISTER) sends
 * IRP_MJ_SYSTEM_CONTROL / IRP_MN_REGINFO_EX to the top of the device's
 * stack, ProviderId the device object, as Windows' WMI does from its
 * worker thread, and records the WMIREGINFO the driver returns: its GUIDs
 * with their flags and instance counts, the registry path and the MOF
 * resource name.  Nothing in Linux consumes WMI, so no request reaches a
 * driver on its own; debugfs wdmdma/wmi/<device>/ shows the registration
 * (info: names, blocks, events fired) and one file per data block whose
 * read sends IRP_MN_QUERY_ALL_DATA (bracketed by ENABLE/DISABLE_COLLECTION
 * for an expensive block) and prints the WNODE_ALL_DATA it gets.
 *
 * WmiSystemControl keeps, for each request it hands to a driver routine,
 * a record of what WmiCompleteRequest needs to build the answer (the
 * instance length array, where the data starts); WmiCompleteRequest takes
 * it back, so a request completed twice, or one WmiSystemControl never
 * saw, is reported and left alone.
 *
 * LOCKING
 *
 * wdmdma_wmi_mutex serializes registration changes (register, update,
 * deregister: they send IRPs and make or remove debugfs files).  The
 * spin lock wdmdma_wmi_lock guards the registration list, each
 * registration's GUID array and event record, and the list of requests
 * in a driver's hands; it is taken at up to DISPATCH_LEVEL and nothing is
 * called with it held.  A debugfs file's read runs without either: the
 * file's registration lives until debugfs_remove(), which waits for
 * readers, and is called before the registration is freed.
 */
#include <linux/debugfs.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "rt.h"
#include <wdm.h>
#include <wmilib.h>
#include <wdmdma/wmi.h>

#define WDMDMA_WMI_REGINFO_FIRST	4096	/* the first REGINFO buffer, bytes */
#define WDMDMA_WMI_TAG		0x57494d57	/* 'WMIW' */
#define WDMDMA_WMI_MAX_BUFFER		SZ_1M	/* largest answer asked for */
#define WDMDMA_WMI_MAX_GUIDS		4096	/* blocks one WMILIB_CONTEXT may list */

/* One data or event block of a registration */
struct wdmdma_wmi_guid {
	GUID guid;
	ULONG flags;
	ULONG instances;
	struct wdmdma_wmi_reg *reg;
	struct dentry *file;	/* the block's debugfs file; NULL for event-only */
};

/* A device object registered with IoWMIRegistrationControl() */
struct wdmdma_wmi_reg {
	struct list_head link;		/* wdmdma_wmi_regs */
	PDEVICE_OBJECT dev;		/* referenced while registered */
	char name[64];			/* its debugfs directory */
	struct dentry *dir;
	char *registry_path, *mof;	/* Latin-1 copies */
	ULONG nguids;
	struct wdmdma_wmi_guid *guids;
	bool blocked;			/* WMIREG_ACTION_BLOCK_IRPS */
	/* events fired (wdmdma_wmi_lock) */
	ULONG events;
	void *last_event;		/* a copy of the last WNODE */
	ULONG last_event_size;
};

/* A request a driver routine holds, until WmiCompleteRequest */
struct wdmdma_wmi_req {
	struct list_head link;		/* wdmdma_wmi_reqs */
	PIRP irp;
	UCHAR minor;
	ULONG data_offset;		/* where the data starts in the WNODE */
	ULONG count;			/* instances asked for */
	ULONG lengths[];		/* QUERY_*: each instance's length */
};

static DEFINE_MUTEX(wdmdma_wmi_mutex);
static DEFINE_SPINLOCK(wdmdma_wmi_lock);
static LIST_HEAD(wdmdma_wmi_regs);
static LIST_HEAD(wdmdma_wmi_reqs);
static struct dentry *wdmdma_wmi_dir;
static atomic_t wdmdma_wmi_next_id = ATOMIC_INIT(0);

/* Caller holds wdmdma_wmi_lock. */
static struct wdmdma_wmi_reg *wdmdma_wmi_find(PDEVICE_OBJECT dev)
{
	struct wdmdma_wmi_reg *r;

	list_for_each_entry(r, &wdmdma_wmi_regs, link)
		if (r->dev == dev)
			return r;
	return NULL;
}

/*
 * Send one WMI request to the top of @dev's stack, ProviderId @dev, and
 * wait for it; PASSIVE_LEVEL.  *@info gets IoStatus.Information.
 */
static NTSTATUS wdmdma_wmi_send(PDEVICE_OBJECT dev, UCHAR minor, PVOID data_path,
				PVOID buf, ULONG size, ULONG_PTR *info)
{
	IO_STACK_LOCATION loc = {
		.MajorFunction = IRP_MJ_SYSTEM_CONTROL,
		.MinorFunction = minor,
	};

	loc.Parameters.WMI.ProviderId = (ULONG_PTR)dev;
	loc.Parameters.WMI.DataPath = data_path;
	loc.Parameters.WMI.BufferSize = size;
	loc.Parameters.WMI.Buffer = buf;
	*info = 0;
	return wdmdma_stack_send(dev, &loc, IoCallDriver, info);
}

/* A counted string (USHORT bytes, WCHARs) at @off of @buf, as Latin-1 */
static char *wdmdma_wmi_counted(const UCHAR *buf, ULONG size, ULONG off)
{
	USHORT bytes;
	char *s;
	int i;

	if (!off || off > size - sizeof(USHORT))
		return kstrdup("", GFP_KERNEL);
	memcpy(&bytes, buf + off, sizeof(bytes));
	if (bytes > size - off - sizeof(USHORT))
		return NULL;
	s = kmalloc(bytes / sizeof(WCHAR) + 1, GFP_KERNEL);
	if (!s)
		return NULL;
	for (i = 0; i < bytes / sizeof(WCHAR); i++) {
		WCHAR c;

		memcpy(&c, buf + off + sizeof(USHORT) + i * sizeof(WCHAR), sizeof(c));
		s[i] = c > 0xff ? '?' : c;
	}
	s[i] = 0;
	return s;
}

/*
 * Ask the driver for its registration (IRP_MN_REGINFO_EX, again with the
 * size it names if the first buffer is too small).  Returns the buffer
 * (kfree) with a validated WMIREGINFO, or NULL and *@status.
 */
static PWMIREGINFO wdmdma_wmi_reginfo(PDEVICE_OBJECT dev, ULONG_PTR data_path,
				      NTSTATUS *status)
{
	ULONG size = WDMDMA_WMI_REGINFO_FIRST, needed;
	PWMIREGINFO ri;
	ULONG_PTR info;
	int tries;

	for (tries = 0; tries < 2; tries++) {
		ri = kzalloc(size, GFP_KERNEL);
		if (!ri) {
			*status = STATUS_INSUFFICIENT_RESOURCES;
			return NULL;
		}
		*status = wdmdma_wmi_send(dev, IRP_MN_REGINFO_EX, (PVOID)data_path, ri, size,
					  &info);
		if (*status != STATUS_BUFFER_TOO_SMALL)
			break;
		needed = info >= sizeof(ULONG) ? *(PULONG)ri : 0;
		kfree(ri);
		ri = NULL;
		if (needed <= size || needed > WDMDMA_WMI_MAX_BUFFER)
			break;
		size = needed;
	}
	if (!ri || !NT_SUCCESS(*status)) {
		kfree(ri);
		return NULL;
	}
	if (ri->BufferSize < sizeof(*ri) || ri->BufferSize > size ||
	    ri->GuidCount > (ri->BufferSize - sizeof(*ri)) / sizeof(WMIREGGUID)) {
		wdmdma_report(NULL, "IoWMIRegistrationControl",
			      "the driver's WMIREGINFO is malformed (%u bytes, %u GUIDs)",
			      ri->BufferSize, ri->GuidCount);
		kfree(ri);
		*status = STATUS_INVALID_PARAMETER;
		return NULL;
	}
	return ri;
}

/* Caller holds wdmdma_wmi_mutex. */
static void wdmdma_wmi_files_remove(struct wdmdma_wmi_reg *r)
{
	ULONG i;

	for (i = 0; i < r->nguids; i++) {
		debugfs_remove(r->guids[i].file);
		r->guids[i].file = NULL;
	}
}

static const struct file_operations wdmdma_wmi_block_fops;

/* Caller holds wdmdma_wmi_mutex. */
static void wdmdma_wmi_files_make(struct wdmdma_wmi_reg *r)
{
	char name[40];
	ULONG i;

	if (IS_ERR_OR_NULL(r->dir))
		return;
	for (i = 0; i < r->nguids; i++) {
		if (r->guids[i].flags & WMIREG_FLAG_EVENT_ONLY_GUID)
			continue;
		snprintf(name, sizeof(name), "%pUl", &r->guids[i].guid);
		r->guids[i].file = debugfs_create_file_unsafe(name, 0400, r->dir, &r->guids[i],
							      &wdmdma_wmi_block_fops);
	}
}

/*
 * Apply a WMIREGINFO to @r: WMIREGISTER replaces the GUIDs and names,
 * WMIUPDATE adds, changes or (WMIREG_FLAG_REMOVE_GUID) removes GUIDs.
 * Caller holds wdmdma_wmi_mutex.
 */
static NTSTATUS wdmdma_wmi_apply(struct wdmdma_wmi_reg *r, PWMIREGINFO ri, bool update)
{
	struct wdmdma_wmi_guid *guids, *old;
	ULONG n = 0, i, j;
	char *path = NULL, *mof = NULL;
	unsigned long flags;

	guids = kcalloc(ri->GuidCount + (update ? r->nguids : 0) + 1, sizeof(*guids),
			GFP_KERNEL);
	if (!guids)
		return STATUS_INSUFFICIENT_RESOURCES;
	if (!update) {
		path = wdmdma_wmi_counted((const UCHAR *)ri, ri->BufferSize, ri->RegistryPath);
		mof = wdmdma_wmi_counted((const UCHAR *)ri, ri->BufferSize, ri->MofResourceName);
		if (!path || !mof) {
			kfree(path);
			kfree(mof);
			kfree(guids);
			wdmdma_report(NULL, "IoWMIRegistrationControl",
				      "the driver's WMIREGINFO strings are malformed");
			return STATUS_INVALID_PARAMETER;
		}
	} else {
		for (i = 0; i < r->nguids; i++) {
			guids[n] = r->guids[i];
			guids[n++].file = NULL;
		}
	}
	for (i = 0; i < ri->GuidCount; i++) {
		PWMIREGGUID g = &ri->WmiRegGuid[i];

		for (j = 0; j < n; j++)
			if (IsEqualGUID(&guids[j].guid, &g->Guid))
				break;
		if (g->Flags & WMIREG_FLAG_REMOVE_GUID) {
			if (j < n)
				guids[j] = guids[--n];
			continue;
		}
		if (j == n)
			n++;
		guids[j].guid = g->Guid;
		guids[j].flags = g->Flags;
		guids[j].instances = g->InstanceCount;
		guids[j].reg = r;
		guids[j].file = NULL;
	}
	wdmdma_wmi_files_remove(r);
	spin_lock_irqsave(&wdmdma_wmi_lock, flags);
	old = r->guids;
	r->guids = guids;
	r->nguids = n;
	if (!update) {
		swap(r->registry_path, path);
		swap(r->mof, mof);
	}
	spin_unlock_irqrestore(&wdmdma_wmi_lock, flags);
	kfree(old);
	kfree(path);
	kfree(mof);
	wdmdma_wmi_files_make(r);
	return STATUS_SUCCESS;
}

static int wdmdma_wmi_info_show(struct seq_file *m, void *v);
DEFINE_SHOW_ATTRIBUTE(wdmdma_wmi_info);

static void wdmdma_wmi_name(struct wdmdma_wmi_reg *r)
{
	PDEVICE_OBJECT d = r->dev, lower;
	struct wdmdma_wmi_reg *o;
	struct device *ldev = NULL;
	bool taken;

	ObReferenceObject(d);
	while (d) {
		ldev = wdmdma_pdo_device(d);
		if (ldev)
			break;
		lower = IoGetLowerDeviceObject(d);
		ObDereferenceObject(d);
		d = lower;
	}
	if (d)
		ObDereferenceObject(d);
	snprintf(r->name, sizeof(r->name), "%s", ldev ? dev_name(ldev) : "device");
	spin_lock_irq(&wdmdma_wmi_lock);
	taken = !ldev;
	list_for_each_entry(o, &wdmdma_wmi_regs, link)
		if (!strcmp(o->name, r->name))
			taken = true;
	spin_unlock_irq(&wdmdma_wmi_lock);
	if (taken)
		snprintf(r->name + strlen(r->name), sizeof(r->name) - strlen(r->name), ".%d",
			 atomic_inc_return(&wdmdma_wmi_next_id));
}

static void wdmdma_wmi_free(struct wdmdma_wmi_reg *r)
{
	kfree(r->guids);
	kfree(r->registry_path);
	kfree(r->mof);
	kfree(r->last_event);
	ObDereferenceObject(r->dev);
	kfree(r);
}

/* Caller holds wdmdma_wmi_mutex. */
static NTSTATUS wdmdma_wmi_register(PDEVICE_OBJECT dev)
{
	struct wdmdma_wmi_reg *r;
	PWMIREGINFO ri;
	NTSTATUS status;

	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return STATUS_INSUFFICIENT_RESOURCES;
	r->dev = dev;
	ObReferenceObject(dev);
	ri = wdmdma_wmi_reginfo(dev, WMIREGISTER, &status);
	if (!ri)
		goto err_free;
	wdmdma_wmi_name(r);
	if (!wdmdma_wmi_dir)
		wdmdma_wmi_dir = debugfs_create_dir("wmi", wdmdma_debugfs_dir());
	r->dir = debugfs_create_dir(r->name, wdmdma_wmi_dir);
	debugfs_create_file("info", 0400, r->dir, r, &wdmdma_wmi_info_fops);
	status = wdmdma_wmi_apply(r, ri, false);
	kfree(ri);
	if (!NT_SUCCESS(status))
		goto err_dir;
	spin_lock_irq(&wdmdma_wmi_lock);
	list_add_tail(&r->link, &wdmdma_wmi_regs);
	spin_unlock_irq(&wdmdma_wmi_lock);
	return STATUS_SUCCESS;

err_dir:
	debugfs_remove(r->dir);
err_free:
	wdmdma_wmi_free(r);
	return status;
}

/* Caller holds wdmdma_wmi_mutex; @r is on the list. */
static void wdmdma_wmi_deregister(struct wdmdma_wmi_reg *r)
{
	spin_lock_irq(&wdmdma_wmi_lock);
	list_del(&r->link);
	spin_unlock_irq(&wdmdma_wmi_lock);
	debugfs_remove(r->dir);		/* waits for its readers */
	wdmdma_wmi_free(r);
}

/**
 * IoWMIRegistrationControl() - register a device object with WMI, or
 * change or end its registration
 * @DeviceObject: the driver's device object (the ProviderId of its IRPs)
 * @Action: WMIREG_ACTION_REGISTER, _DEREGISTER, _REREGISTER,
 *          _UPDATE_GUIDS or _BLOCK_IRPS
 *
 * REGISTER and REREGISTER send IRP_MN_REGINFO_EX (WMIREGISTER) and record
 * what it returns; UPDATE_GUIDS sends it with WMIUPDATE; DEREGISTER drops
 * the record (waiting for debugfs readers).  Runs at PASSIVE_LEVEL.
 *
 * Return: STATUS_SUCCESS; the driver's failure of the REGINFO request;
 * STATUS_INVALID_PARAMETER for a NULL device, an unknown action or a
 * device not registered; STATUS_NOT_SUPPORTED for trace callbacks.
 */
NTSTATUS IoWMIRegistrationControl(PDEVICE_OBJECT DeviceObject, ULONG Action)
{
	struct wdmdma_wmi_reg *r;
	PWMIREGINFO ri;
	NTSTATUS status;

	if (unlikely(!DeviceObject)) {
		wdmdma_report(NULL, "IoWMIRegistrationControl", "NULL DeviceObject");
		return STATUS_INVALID_PARAMETER;
	}
	if (unlikely(wdmdma_atomic_context())) {
		wdmdma_report(NULL, "IoWMIRegistrationControl", "called above PASSIVE_LEVEL");
		return STATUS_INVALID_PARAMETER;
	}
	if (Action & WMIREG_FLAG_CALLBACK)
		return STATUS_NOT_SUPPORTED;	/* trace providers: no event tracing here */

	mutex_lock(&wdmdma_wmi_mutex);
	spin_lock_irq(&wdmdma_wmi_lock);
	r = wdmdma_wmi_find(DeviceObject);
	spin_unlock_irq(&wdmdma_wmi_lock);
	switch (Action) {
	case WMIREG_ACTION_REGISTER:
		if (r) {
			wdmdma_report(NULL, "IoWMIRegistrationControl",
				      "%p is already registered", DeviceObject);
			status = STATUS_INVALID_PARAMETER;
			break;
		}
		fallthrough;
	case WMIREG_ACTION_REREGISTER:
		if (!r) {
			status = wdmdma_wmi_register(DeviceObject);
			break;
		}
		ri = wdmdma_wmi_reginfo(DeviceObject, WMIREGISTER, &status);
		if (ri)
			status = wdmdma_wmi_apply(r, ri, false);
		kfree(ri);
		break;
	case WMIREG_ACTION_UPDATE_GUIDS:
		if (!r) {
			status = STATUS_INVALID_PARAMETER;
			break;
		}
		ri = wdmdma_wmi_reginfo(DeviceObject, WMIUPDATE, &status);
		if (ri)
			status = wdmdma_wmi_apply(r, ri, true);
		kfree(ri);
		break;
	case WMIREG_ACTION_DEREGISTER:
		if (!r) {
			status = STATUS_INVALID_PARAMETER;
			break;
		}
		wdmdma_wmi_deregister(r);
		status = STATUS_SUCCESS;
		break;
	case WMIREG_ACTION_BLOCK_IRPS:
		if (r)
			WRITE_ONCE(r->blocked, true);
		status = r ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
		break;
	default:
		wdmdma_report(NULL, "IoWMIRegistrationControl", "unknown Action %u", Action);
		status = STATUS_INVALID_PARAMETER;
		break;
	}
	mutex_unlock(&wdmdma_wmi_mutex);
	return status;
}
EXPORT_SYMBOL_GPL(IoWMIRegistrationControl);

/**
 * wdmdma_wmi_device_gone() - a device object is being deleted
 * @dev: the device object
 *
 * A registration the driver did not end is reported and ended here, so
 * nothing queries a freed device object.
 */
void wdmdma_wmi_device_gone(PDEVICE_OBJECT dev)
{
	struct wdmdma_wmi_reg *r;

	if (list_empty_careful(&wdmdma_wmi_regs))
		return;
	mutex_lock(&wdmdma_wmi_mutex);
	spin_lock_irq(&wdmdma_wmi_lock);
	r = wdmdma_wmi_find(dev);
	spin_unlock_irq(&wdmdma_wmi_lock);
	if (r) {
		wdmdma_report(NULL, "IoDeleteDevice",
			      "%p is still registered with WMI (no WMIREG_ACTION_DEREGISTER)",
			      dev);
		wdmdma_wmi_deregister(r);
	}
	mutex_unlock(&wdmdma_wmi_mutex);
}

/* Caller holds wdmdma_wmi_lock. */
static struct wdmdma_wmi_req *wdmdma_wmi_req_take(PIRP irp)
{
	struct wdmdma_wmi_req *q;

	list_for_each_entry(q, &wdmdma_wmi_reqs, link)
		if (q->irp == irp) {
			list_del(&q->link);
			return q;
		}
	return NULL;
}

static NTSTATUS wdmdma_wmi_finish(PIRP irp, NTSTATUS status, ULONG_PTR info)
{
	irp->IoStatus.Status = status;
	irp->IoStatus.Information = info;
	IoCompleteRequest(irp, IO_NO_INCREMENT);
	return status;
}

/* The size of a counted string of @s */
static ULONG wdmdma_wmi_counted_size(PCUNICODE_STRING s)
{
	return sizeof(USHORT) + (s && s->Buffer ? s->Length : 0);
}

static ULONG wdmdma_wmi_put_counted(PUCHAR buf, ULONG off, PCUNICODE_STRING s)
{
	USHORT len = s && s->Buffer ? s->Length : 0;

	memcpy(buf + off, &len, sizeof(len));
	if (len)
		memcpy(buf + off + sizeof(len), s->Buffer, len);
	return off;
}

/* IRP_MN_REGINFO(_EX): ask the driver, build its WMIREGINFO. */
static NTSTATUS wdmdma_wmi_reginfo_irp(PWMILIB_CONTEXT ctx, PDEVICE_OBJECT dev, PIRP irp,
				       PIO_STACK_LOCATION sl)
{
	UNICODE_STRING instance = { 0 }, mof = { 0 };
	PUNICODE_STRING path = NULL;
	PDEVICE_OBJECT pdo = NULL;
	ULONG regflags = 0, size, off, i;
	ULONG bufsize = sl->Parameters.WMI.BufferSize;
	PUCHAR buf = sl->Parameters.WMI.Buffer;
	bool update = (ULONG_PTR)sl->Parameters.WMI.DataPath == WMIUPDATE;
	PWMIREGINFO ri = (PWMIREGINFO)buf;
	NTSTATUS status;

	if (!ctx->QueryWmiRegInfo) {
		wdmdma_report(NULL, "WmiSystemControl", "no QueryWmiRegInfo routine");
		return wdmdma_wmi_finish(irp, STATUS_INVALID_DEVICE_REQUEST, 0);
	}
	status = ctx->QueryWmiRegInfo(dev, &regflags, &instance, &path, &mof, &pdo);
	if (!NT_SUCCESS(status))
		goto out;
	size = sizeof(WMIREGINFO) + ctx->GuidCount * sizeof(WMIREGGUID);
	size += wdmdma_wmi_counted_size(path) + (update ? 0 : wdmdma_wmi_counted_size(&mof));
	if (regflags & WMIREG_FLAG_INSTANCE_BASENAME)
		size += wdmdma_wmi_counted_size(&instance);
	if (!buf || bufsize < size) {
		if (buf && bufsize >= sizeof(ULONG)) {
			*(PULONG)buf = size;
			status = wdmdma_wmi_finish(irp, STATUS_BUFFER_TOO_SMALL, sizeof(ULONG));
		} else {
			status = wdmdma_wmi_finish(irp, STATUS_BUFFER_TOO_SMALL, 0);
		}
		goto out_freed;
	}
	memset(buf, 0, size);
	ri->BufferSize = size;
	ri->NextWmiRegInfo = 0;
	ri->GuidCount = ctx->GuidCount;
	off = sizeof(WMIREGINFO) + ctx->GuidCount * sizeof(WMIREGGUID);
	ri->RegistryPath = wdmdma_wmi_put_counted(buf, off, path);
	off += wdmdma_wmi_counted_size(path);
	if (!update) {
		ri->MofResourceName = wdmdma_wmi_put_counted(buf, off, &mof);
		off += wdmdma_wmi_counted_size(&mof);
	}
	for (i = 0; i < ctx->GuidCount; i++) {
		PWMIREGGUID g = &ri->WmiRegGuid[i];

		g->Guid = *ctx->GuidList[i].Guid;
		g->Flags = ctx->GuidList[i].Flags | regflags;
		g->InstanceCount = ctx->GuidList[i].InstanceCount;
		if (regflags & WMIREG_FLAG_INSTANCE_PDO)
			g->Pdo = (ULONG_PTR)pdo;
		else if (regflags & WMIREG_FLAG_INSTANCE_BASENAME)
			g->BaseNameOffset = off;
	}
	if (regflags & WMIREG_FLAG_INSTANCE_BASENAME)
		wdmdma_wmi_put_counted(buf, off, &instance);
	status = wdmdma_wmi_finish(irp, STATUS_SUCCESS, size);
	goto out_freed;
out:
	status = wdmdma_wmi_finish(irp, status, 0);
out_freed:
	/* the base name is the driver's pool allocation, which WMI frees */
	if ((regflags & WMIREG_FLAG_INSTANCE_BASENAME) && instance.Buffer)
		ExFreePool(instance.Buffer);
	return status;
}

/* Where a single-instance, item or method request's WNODE keeps its data */
struct wdmdma_wmi_layout {
	ULONG fixed;		/* its fixed part */
	ULONG offset_at;	/* of its DataBlockOffset */
	ULONG size_at;		/* of its input's size; 0: no input */
};

static const struct wdmdma_wmi_layout wdmdma_wmi_layouts[] = {
	[IRP_MN_QUERY_SINGLE_INSTANCE] = { sizeof(WNODE_SINGLE_INSTANCE),
		offsetof(WNODE_SINGLE_INSTANCE, DataBlockOffset), 0 },
	[IRP_MN_CHANGE_SINGLE_INSTANCE] = { sizeof(WNODE_SINGLE_INSTANCE),
		offsetof(WNODE_SINGLE_INSTANCE, DataBlockOffset),
		offsetof(WNODE_SINGLE_INSTANCE, SizeDataBlock) },
	[IRP_MN_CHANGE_SINGLE_ITEM] = { sizeof(WNODE_SINGLE_ITEM),
		offsetof(WNODE_SINGLE_ITEM, DataBlockOffset),
		offsetof(WNODE_SINGLE_ITEM, SizeDataItem) },
	[IRP_MN_EXECUTE_METHOD] = { sizeof(WNODE_METHOD_ITEM),
		offsetof(WNODE_METHOD_ITEM, DataBlockOffset),
		offsetof(WNODE_METHOD_ITEM, SizeDataBlock) },
};

/*
 * Check the WNODE of a single-instance, item or method request: its fixed
 * part, data offset and input lie inside the buffer, its instance inside
 * the block, and the driver has the routine.  Gives the data's offset,
 * the instance and the input's size.  Returns STATUS_SUCCESS or the
 * status to complete with.
 */
static NTSTATUS wdmdma_wmi_check_single(PWMILIB_CONTEXT ctx, ULONG idx, UCHAR minor,
					PUCHAR buf, ULONG size, ULONG *off, ULONG *index,
					ULONG *in)
{
	const struct wdmdma_wmi_layout *l = &wdmdma_wmi_layouts[minor];
	bool routine;

	if (size < l->fixed)
		return minor == IRP_MN_QUERY_SINGLE_INSTANCE ? STATUS_BUFFER_TOO_SMALL :
		       STATUS_INVALID_PARAMETER;
	/* InstanceIndex is at the same place in all three WNODEs */
	*index = ((PWNODE_SINGLE_INSTANCE)buf)->InstanceIndex;
	memcpy(off, buf + l->offset_at, sizeof(ULONG));
	*in = 0;
	if (l->size_at)
		memcpy(in, buf + l->size_at, sizeof(ULONG));
	if (*off < l->fixed || *off > size || *in > size - *off)
		return STATUS_INVALID_PARAMETER;
	if (*index >= ctx->GuidList[idx].InstanceCount)
		return STATUS_WMI_INSTANCE_NOT_FOUND;
	switch (minor) {
	case IRP_MN_QUERY_SINGLE_INSTANCE:
		routine = ctx->QueryWmiDataBlock;
		break;
	case IRP_MN_CHANGE_SINGLE_INSTANCE:
		routine = ctx->SetWmiDataBlock;
		break;
	case IRP_MN_CHANGE_SINGLE_ITEM:
		routine = ctx->SetWmiDataItem;
		break;
	default:
		routine = ctx->ExecuteWmiMethod;
		break;
	}
	if (!routine && (minor == IRP_MN_CHANGE_SINGLE_INSTANCE ||
			 minor == IRP_MN_CHANGE_SINGLE_ITEM))
		return STATUS_WMI_READ_ONLY;
	if (!routine)
		return STATUS_INVALID_DEVICE_REQUEST;
	return STATUS_SUCCESS;
}

/* The driver's block list: present, every entry naming a GUID, not absurd */
static bool wdmdma_wmi_ctx_ok(PWMILIB_CONTEXT ctx)
{
	ULONG i;

	if (ctx->GuidCount > WDMDMA_WMI_MAX_GUIDS || (ctx->GuidCount && !ctx->GuidList)) {
		wdmdma_report(NULL, "WmiSystemControl", "GuidCount %u, GuidList %p",
			      ctx->GuidCount, ctx->GuidList);
		return false;
	}
	for (i = 0; i < ctx->GuidCount; i++)
		if (!ctx->GuidList[i].Guid) {
			wdmdma_report(NULL, "WmiSystemControl", "GuidList[%u].Guid is NULL", i);
			return false;
		}
	return true;
}

/**
 * WmiSystemControl() - hand an IRP_MJ_SYSTEM_CONTROL request to the
 * driver's WMILIB_CONTEXT routines
 * @WmiLibInfo: the driver's blocks and routines
 * @DeviceObject: the device object the request came to
 * @Irp: the request
 * @IrpDisposition: what was done: IrpProcessed (completed, or in a routine's
 *                  hands until WmiCompleteRequest), IrpNotCompleted,
 *                  IrpNotWmi (not a WMI minor), IrpForward (for another
 *                  device object: the driver passes it down)
 *
 * REGINFO requests are answered from QueryWmiRegInfo; an unknown GUID is
 * completed with STATUS_WMI_GUID_NOT_FOUND, an instance index past the
 * block's with STATUS_WMI_INSTANCE_NOT_FOUND, a change with no Set routine
 * with STATUS_WMI_READ_ONLY, an enable or disable with no
 * WmiFunctionControl with STATUS_SUCCESS.
 *
 * Return: the status of the request (the routine's), or for IrpNotWmi and
 * IrpForward the IRP's IoStatus.Status, untouched.
 */
NTSTATUS WmiSystemControl(PWMILIB_CONTEXT WmiLibInfo, PDEVICE_OBJECT DeviceObject, PIRP Irp,
			  PSYSCTL_IRP_DISPOSITION IrpDisposition)
{
	PWMILIB_CONTEXT ctx = WmiLibInfo;
	struct wdmdma_wmi_req *q = NULL;
	PIO_STACK_LOCATION sl;
	ULONG idx, size, n = 1, off = 0, index = 0, in = 0;
	PUCHAR buf;
	NTSTATUS status;
	LPGUID guid;
	UCHAR minor;

	if (unlikely(!ctx || !DeviceObject || !Irp || !IrpDisposition ||
		     Irp->Type != IO_TYPE_IRP)) {
		wdmdma_report(NULL, "WmiSystemControl", "NULL argument or not an IRP");
		if (IrpDisposition)
			*IrpDisposition = IrpNotCompleted;
		return STATUS_INVALID_PARAMETER;
	}
	sl = IoGetCurrentIrpStackLocation(Irp);
	minor = sl->MinorFunction;
	if (sl->MajorFunction != IRP_MJ_SYSTEM_CONTROL || minor > IRP_MN_REGINFO_EX ||
	    minor == IRP_MN_EXECUTE_METHOD + 1) {
		*IrpDisposition = IrpNotWmi;
		return Irp->IoStatus.Status;
	}
	if (sl->Parameters.WMI.ProviderId != (ULONG_PTR)DeviceObject) {
		*IrpDisposition = IrpForward;
		return Irp->IoStatus.Status;
	}
	*IrpDisposition = IrpProcessed;
	if (unlikely(!wdmdma_wmi_ctx_ok(ctx)))
		return wdmdma_wmi_finish(Irp, STATUS_INVALID_PARAMETER, 0);
	if (minor == IRP_MN_REGINFO || minor == IRP_MN_REGINFO_EX)
		return wdmdma_wmi_reginfo_irp(ctx, DeviceObject, Irp, sl);

	guid = sl->Parameters.WMI.DataPath;
	buf = sl->Parameters.WMI.Buffer;
	size = sl->Parameters.WMI.BufferSize;
	if (!guid)
		return wdmdma_wmi_finish(Irp, STATUS_WMI_GUID_NOT_FOUND, 0);
	for (idx = 0; idx < ctx->GuidCount; idx++)
		if (IsEqualGUID(ctx->GuidList[idx].Guid, guid))
			break;
	if (idx == ctx->GuidCount)
		return wdmdma_wmi_finish(Irp, STATUS_WMI_GUID_NOT_FOUND, 0);
	if (!buf || size < sizeof(WNODE_HEADER))
		return wdmdma_wmi_finish(Irp, STATUS_BUFFER_TOO_SMALL, 0);

	switch (minor) {
	case IRP_MN_QUERY_ALL_DATA:
		if (size < sizeof(WNODE_TOO_SMALL))
			return wdmdma_wmi_finish(Irp, STATUS_BUFFER_TOO_SMALL, 0);
		if (!ctx->QueryWmiDataBlock)
			return wdmdma_wmi_finish(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
		n = ctx->GuidList[idx].InstanceCount;
		off = ALIGN(offsetof(WNODE_ALL_DATA, OffsetInstanceDataAndLength) +
			    (size_t)n * sizeof(OFFSETINSTANCEDATAANDLENGTH), 8);
		break;
	case IRP_MN_QUERY_SINGLE_INSTANCE:
	case IRP_MN_CHANGE_SINGLE_INSTANCE:
	case IRP_MN_CHANGE_SINGLE_ITEM:
	case IRP_MN_EXECUTE_METHOD:
		status = wdmdma_wmi_check_single(ctx, idx, minor, buf, size, &off, &index, &in);
		if (!NT_SUCCESS(status))
			return wdmdma_wmi_finish(Irp, status, 0);
		break;
	default:	/* ENABLE/DISABLE_EVENTS, ENABLE/DISABLE_COLLECTION */
		if (!ctx->WmiFunctionControl)
			return wdmdma_wmi_finish(Irp, STATUS_SUCCESS, 0);
		break;
	}

	q = kzalloc(struct_size(q, lengths, n), GFP_KERNEL);
	if (!q)
		return wdmdma_wmi_finish(Irp, STATUS_INSUFFICIENT_RESOURCES, 0);
	q->irp = Irp;
	q->minor = minor;
	q->data_offset = off;
	q->count = n;
	spin_lock_irq(&wdmdma_wmi_lock);
	list_add_tail(&q->link, &wdmdma_wmi_reqs);
	spin_unlock_irq(&wdmdma_wmi_lock);

	/* from here the routine owns the IRP; WmiCompleteRequest takes q back */
	switch (minor) {
	case IRP_MN_QUERY_ALL_DATA:
		if (size >= off)
			return ctx->QueryWmiDataBlock(DeviceObject, Irp, idx, 0, n, q->lengths,
						      size - off, buf + off);
		return ctx->QueryWmiDataBlock(DeviceObject, Irp, idx, 0, n, NULL, 0, NULL);
	case IRP_MN_QUERY_SINGLE_INSTANCE:
		return ctx->QueryWmiDataBlock(DeviceObject, Irp, idx, index, 1, q->lengths,
					      size - off, buf + off);
	case IRP_MN_CHANGE_SINGLE_INSTANCE:
		return ctx->SetWmiDataBlock(DeviceObject, Irp, idx, index, in, buf + off);
	case IRP_MN_CHANGE_SINGLE_ITEM:
		return ctx->SetWmiDataItem(DeviceObject, Irp, idx, index,
					   ((PWNODE_SINGLE_ITEM)buf)->ItemId, in, buf + off);
	case IRP_MN_EXECUTE_METHOD:
		return ctx->ExecuteWmiMethod(DeviceObject, Irp, idx, index,
					     ((PWNODE_METHOD_ITEM)buf)->MethodId, in, size - off,
					     buf + off);
	default:
		return ctx->WmiFunctionControl(DeviceObject, Irp, idx,
					       minor <= IRP_MN_DISABLE_EVENTS ?
					       WmiEventControl : WmiDataBlockControl,
					       minor == IRP_MN_ENABLE_EVENTS ||
					       minor == IRP_MN_ENABLE_COLLECTION);
	}
}
EXPORT_SYMBOL_GPL(WmiSystemControl);

/* Fill a WNODE_ALL_DATA's instance table; false if it leaves the buffer. */
static bool wdmdma_wmi_all_data(struct wdmdma_wmi_req *q, PWNODE_ALL_DATA w, ULONG size,
				ULONG used, ULONG *total)
{
	ULONG i, at = q->data_offset, end = q->data_offset;

	for (i = 0; i < q->count; i++) {
		if (q->lengths[i] > size || at > size - q->lengths[i])
			return false;
		w->OffsetInstanceDataAndLength[i].OffsetInstanceData = at;
		w->OffsetInstanceDataAndLength[i].LengthInstanceData = q->lengths[i];
		end = at + q->lengths[i];
		at = ALIGN(end, 8);
	}
	if (used > size - q->data_offset)
		return false;
	w->DataBlockOffset = q->data_offset;
	w->InstanceCount = q->count;
	w->OffsetInstanceNameOffsets = 0;
	*total = max(end, q->data_offset + used);
	return true;
}

/**
 * WmiCompleteRequest() - finish a request a WMILIB routine was given
 * @DeviceObject: the driver's device object
 * @Irp: the request WmiSystemControl passed to the routine
 * @Status: its status; STATUS_BUFFER_TOO_SMALL with @BufferUsed the bytes
 *          the data needs
 * @BufferUsed: bytes of data written (or needed)
 * @PriorityBoost: for IoCompleteRequest
 *
 * Builds the answer: the WNODE_ALL_DATA's instance table, a
 * WNODE_SINGLE_INSTANCE's or WNODE_METHOD_ITEM's SizeDataBlock and every
 * WNODE's BufferSize; for STATUS_BUFFER_TOO_SMALL a WNODE_TOO_SMALL with
 * the whole size needed (and STATUS_SUCCESS).  Then completes the IRP.
 *
 * Return: @Status, or STATUS_SUCCESS for a WNODE_TOO_SMALL answer.
 */
NTSTATUS WmiCompleteRequest(PDEVICE_OBJECT DeviceObject, PIRP Irp, NTSTATUS Status,
			    ULONG BufferUsed, CCHAR PriorityBoost)
{
	struct wdmdma_wmi_req *q;
	PIO_STACK_LOCATION sl;
	PWNODE_HEADER h;
	unsigned long flags;
	ULONG size, total = 0;
	ULONG_PTR info = 0;

	if (unlikely(!DeviceObject || !Irp)) {
		wdmdma_report(NULL, "WmiCompleteRequest", "NULL DeviceObject or Irp");
		return STATUS_INVALID_PARAMETER;
	}
	spin_lock_irqsave(&wdmdma_wmi_lock, flags);
	q = wdmdma_wmi_req_take(Irp);
	spin_unlock_irqrestore(&wdmdma_wmi_lock, flags);
	if (unlikely(!q)) {
		wdmdma_report(NULL, "WmiCompleteRequest",
			      "IRP %p is not a request WmiSystemControl gave a routine (completed twice?)",
			      Irp);
		return STATUS_INVALID_PARAMETER;
	}
	sl = IoGetCurrentIrpStackLocation(Irp);
	h = sl->Parameters.WMI.Buffer;
	size = sl->Parameters.WMI.BufferSize;

	if (Status == STATUS_BUFFER_TOO_SMALL) {
		if (size >= sizeof(WNODE_TOO_SMALL)) {
			PWNODE_TOO_SMALL t = (PWNODE_TOO_SMALL)h;

			t->SizeNeeded = q->data_offset + BufferUsed;
			h->BufferSize = sizeof(WNODE_TOO_SMALL);
			h->Flags |= WNODE_FLAG_TOO_SMALL;
			Status = STATUS_SUCCESS;
			info = sizeof(WNODE_TOO_SMALL);
		}
	} else if (NT_SUCCESS(Status)) {
		switch (q->minor) {
		case IRP_MN_QUERY_ALL_DATA:
			if (!wdmdma_wmi_all_data(q, (PWNODE_ALL_DATA)h, size, BufferUsed, &total)) {
				wdmdma_report(NULL, "WmiCompleteRequest",
					      "the instances (%u bytes used) do not fit the %u-byte buffer",
					      BufferUsed, size);
				Status = STATUS_INVALID_BUFFER_SIZE;
				break;
			}
			h->BufferSize = total;
			info = total;
			break;
		case IRP_MN_QUERY_SINGLE_INSTANCE:
		case IRP_MN_EXECUTE_METHOD:
			if (BufferUsed > size - q->data_offset) {
				wdmdma_report(NULL, "WmiCompleteRequest",
					      "%u bytes used of a %u-byte buffer", BufferUsed,
					      size - q->data_offset);
				Status = STATUS_INVALID_BUFFER_SIZE;
				break;
			}
			/* SizeDataBlock is at the same place in both WNODEs */
			if (q->minor == IRP_MN_QUERY_SINGLE_INSTANCE)
				((PWNODE_SINGLE_INSTANCE)h)->SizeDataBlock = BufferUsed;
			else
				((PWNODE_METHOD_ITEM)h)->SizeDataBlock = BufferUsed;
			h->BufferSize = q->data_offset + BufferUsed;
			info = h->BufferSize;
			break;
		default:
			break;
		}
	}
	kfree(q);
	Irp->IoStatus.Status = Status;
	Irp->IoStatus.Information = NT_SUCCESS(Status) ? info : 0;
	IoCompleteRequest(Irp, PriorityBoost);
	return Status;
}
EXPORT_SYMBOL_GPL(WmiCompleteRequest);

/**
 * IoWMIDeviceObjectToProviderId() - a device object's ProviderId in a
 * WNODE_HEADER
 * @DeviceObject: the device object
 *
 * Return: its address's low 32 bits.
 */
ULONG IoWMIDeviceObjectToProviderId(PDEVICE_OBJECT DeviceObject)
{
	return (ULONG)(ULONG_PTR)DeviceObject;
}
EXPORT_SYMBOL_GPL(IoWMIDeviceObjectToProviderId);

/**
 * IoWMIWriteEvent() - deliver a WMI event
 * @WnodeEventItem: a WNODE (WNODE_FLAG_EVENT_ITEM) from nonpaged pool,
 *                  ProviderId its device object's
 *
 * Nothing on Linux consumes WMI events: the event is recorded with the
 * registration of the device object whose block it names (a count and a
 * copy of the last one, in debugfs wdmdma/wmi/<device>/info) and the
 * WNODE is freed, as WMI frees it on success.  Up to DISPATCH_LEVEL.
 *
 * Return: STATUS_SUCCESS; STATUS_WMI_GUID_NOT_FOUND (the WNODE stays the
 * caller's) when no registered device object provides its GUID;
 * STATUS_INVALID_PARAMETER for a malformed WNODE.
 */
NTSTATUS IoWMIWriteEvent(PVOID WnodeEventItem)
{
	PWNODE_HEADER h = WnodeEventItem;
	struct wdmdma_wmi_reg *r;
	void *copy, *old = NULL;
	unsigned long flags;
	bool found = false;
	ULONG i;

	if (unlikely(!h || h->BufferSize < sizeof(*h) || !(h->Flags & WNODE_FLAG_EVENT_ITEM))) {
		wdmdma_report(NULL, "IoWMIWriteEvent", "NULL or malformed WNODE event item");
		return STATUS_INVALID_PARAMETER;
	}
	copy = kmemdup(h, h->BufferSize, GFP_ATOMIC);
	spin_lock_irqsave(&wdmdma_wmi_lock, flags);
	list_for_each_entry(r, &wdmdma_wmi_regs, link) {
		if (IoWMIDeviceObjectToProviderId(r->dev) != h->ProviderId)
			continue;
		for (i = 0; i < r->nguids; i++)
			if (IsEqualGUID(&r->guids[i].guid, &h->Guid))
				found = true;
		if (!found)
			continue;
		r->events++;
		if (copy) {
			old = r->last_event;
			r->last_event = copy;
			r->last_event_size = h->BufferSize;
			copy = NULL;
		}
		break;
	}
	spin_unlock_irqrestore(&wdmdma_wmi_lock, flags);
	kfree(copy);
	kfree(old);
	if (!found)
		return STATUS_WMI_GUID_NOT_FOUND;
	ExFreePool(h);
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(IoWMIWriteEvent);

/**
 * WmiFireEvent() - send an event of one of the driver's blocks to WMI
 * @DeviceObject: the driver's registered device object
 * @Guid: the event block
 * @InstanceIndex: the instance
 * @EventDataSize: bytes at @EventData
 * @EventData: the data, from nonpaged pool, or NULL; freed here in every
 *             case, as documented
 *
 * Builds a WNODE_SINGLE_INSTANCE (WNODE_FLAG_EVENT_ITEM,
 * WNODE_FLAG_STATIC_INSTANCE_NAMES) and passes it to IoWMIWriteEvent.
 *
 * Return: what IoWMIWriteEvent returns, or STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS WmiFireEvent(PDEVICE_OBJECT DeviceObject, LPCGUID Guid, ULONG InstanceIndex,
		      ULONG EventDataSize, PVOID EventData)
{
	PWNODE_SINGLE_INSTANCE w;
	ULONG off = ALIGN(sizeof(*w), 8);
	NTSTATUS status;

	if (unlikely(!DeviceObject || !Guid || (EventDataSize && !EventData))) {
		wdmdma_report(NULL, "WmiFireEvent", "NULL DeviceObject, Guid or EventData");
		status = STATUS_INVALID_PARAMETER;
		goto out;
	}
	if (EventDataSize > WDMDMA_WMI_MAX_BUFFER) {
		status = STATUS_BUFFER_OVERFLOW;
		goto out;
	}
	w = ExAllocatePoolZero(NonPagedPoolNx, off + EventDataSize, WDMDMA_WMI_TAG);
	if (!w) {
		status = STATUS_INSUFFICIENT_RESOURCES;
		goto out;
	}
	w->WnodeHeader.BufferSize = off + EventDataSize;
	w->WnodeHeader.ProviderId = IoWMIDeviceObjectToProviderId(DeviceObject);
	w->WnodeHeader.Guid = *Guid;
	w->WnodeHeader.Flags = WNODE_FLAG_EVENT_ITEM | WNODE_FLAG_SINGLE_INSTANCE |
			       WNODE_FLAG_STATIC_INSTANCE_NAMES;
	KeQuerySystemTime(&w->WnodeHeader.TimeStamp);
	w->InstanceIndex = InstanceIndex;
	w->DataBlockOffset = off;
	w->SizeDataBlock = EventDataSize;
	if (EventDataSize)
		memcpy((PUCHAR)w + off, EventData, EventDataSize);
	status = IoWMIWriteEvent(w);
	if (!NT_SUCCESS(status))
		ExFreePool(w);
out:
	if (EventData)
		ExFreePool(EventData);
	return status;
}
EXPORT_SYMBOL_GPL(WmiFireEvent);

/**
 * IoWMIAllocateInstanceIds() - instance numbers unique for a GUID
 * @Guid: the GUID
 * @InstanceCount: how many
 * @FirstInstanceId: the first of them
 *
 * Numbers come from one counter for all GUIDs: unique per GUID as
 * documented, though not dense.
 *
 * Return: STATUS_SUCCESS, or STATUS_INVALID_PARAMETER for NULL pointers.
 */
NTSTATUS IoWMIAllocateInstanceIds(GUID *Guid, ULONG InstanceCount, ULONG *FirstInstanceId)
{
	static atomic_t next = ATOMIC_INIT(0);

	if (unlikely(!Guid || !FirstInstanceId)) {
		wdmdma_report(NULL, "IoWMIAllocateInstanceIds", "NULL Guid or FirstInstanceId");
		return STATUS_INVALID_PARAMETER;
	}
	*FirstInstanceId = atomic_add_return(InstanceCount, &next) - InstanceCount;
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(IoWMIAllocateInstanceIds);

/**
 * wdmdma_wmi_query_all() - query every instance of a block as WMI does
 * @dev: the registered device object
 * @guid: the block
 * @wnode: the answer (kfree), on success
 *
 * IRP_MN_QUERY_ALL_DATA, again with the size a WNODE_TOO_SMALL names; an
 * expensive block (WMIREG_FLAG_EXPENSIVE) is bracketed by
 * IRP_MN_ENABLE_COLLECTION and IRP_MN_DISABLE_COLLECTION.  PASSIVE_LEVEL;
 * @dev must stay registered during the call.
 *
 * Return: STATUS_SUCCESS, or the failure.
 */
NTSTATUS wdmdma_wmi_query_all(PDEVICE_OBJECT dev, const GUID *guid, PWNODE_ALL_DATA *wnode)
{
	struct wdmdma_wmi_reg *r;
	ULONG size = 1024, i, gflags = 0;
	PWNODE_ALL_DATA w = NULL;
	NTSTATUS status;
	ULONG_PTR info;
	bool found = false, blocked = false;
	WNODE_HEADER ctl;
	int tries;

	*wnode = NULL;
	spin_lock_irq(&wdmdma_wmi_lock);
	r = wdmdma_wmi_find(dev);
	for (i = 0; r && i < r->nguids; i++)
		if (IsEqualGUID(&r->guids[i].guid, guid)) {
			found = true;
			gflags = r->guids[i].flags;
		}
	blocked = r && READ_ONCE(r->blocked);
	spin_unlock_irq(&wdmdma_wmi_lock);
	if (!found)
		return STATUS_WMI_GUID_NOT_FOUND;
	if (blocked)
		return STATUS_WMI_TRY_AGAIN;
	memset(&ctl, 0, sizeof(ctl));
	ctl.BufferSize = sizeof(ctl);
	ctl.ProviderId = IoWMIDeviceObjectToProviderId(dev);
	ctl.Guid = *guid;
	if (gflags & WMIREG_FLAG_EXPENSIVE)
		wdmdma_wmi_send(dev, IRP_MN_ENABLE_COLLECTION, (PVOID)guid, &ctl, sizeof(ctl),
				&info);
	for (tries = 0; tries < 3; tries++) {
		w = kzalloc(size, GFP_KERNEL);
		if (!w) {
			status = STATUS_INSUFFICIENT_RESOURCES;
			break;
		}
		w->WnodeHeader.BufferSize = size;
		w->WnodeHeader.ProviderId = IoWMIDeviceObjectToProviderId(dev);
		w->WnodeHeader.Guid = *guid;
		w->WnodeHeader.Flags = WNODE_FLAG_ALL_DATA;
		status = wdmdma_wmi_send(dev, IRP_MN_QUERY_ALL_DATA, (PVOID)guid, w, size, &info);
		if (NT_SUCCESS(status) && (w->WnodeHeader.Flags & WNODE_FLAG_TOO_SMALL)) {
			ULONG needed = ((PWNODE_TOO_SMALL)w)->SizeNeeded;

			kfree(w);
			w = NULL;
			status = STATUS_BUFFER_TOO_SMALL;
			if (needed <= size || needed > WDMDMA_WMI_MAX_BUFFER)
				break;
			size = needed;
			continue;
		}
		break;
	}
	if (gflags & WMIREG_FLAG_EXPENSIVE)
		wdmdma_wmi_send(dev, IRP_MN_DISABLE_COLLECTION, (PVOID)guid, &ctl, sizeof(ctl),
				&info);
	if (!NT_SUCCESS(status) || !w) {
		kfree(w);
		return NT_SUCCESS(status) ? STATUS_UNSUCCESSFUL : status;
	}
	*wnode = w;
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(wdmdma_wmi_query_all);

/**
 * wdmdma_wmi_guid_info() - one block of a registration
 * @dev: the device object
 * @index: which block, from 0
 * @guid: its GUID
 * @flags: its WMIREG_FLAG_* flags
 * @instances: its instance count
 *
 * Return: STATUS_SUCCESS; STATUS_NO_MORE_ENTRIES past the last block;
 * STATUS_NOT_FOUND when @dev is not registered.
 */
NTSTATUS wdmdma_wmi_guid_info(PDEVICE_OBJECT dev, ULONG index, GUID *guid, u32 *flags,
			      u32 *instances)
{
	struct wdmdma_wmi_reg *r;
	NTSTATUS status = STATUS_NOT_FOUND;

	spin_lock_irq(&wdmdma_wmi_lock);
	r = wdmdma_wmi_find(dev);
	if (r && index >= r->nguids) {
		status = STATUS_NO_MORE_ENTRIES;
	} else if (r) {
		*guid = r->guids[index].guid;
		*flags = r->guids[index].flags;
		*instances = r->guids[index].instances;
		status = STATUS_SUCCESS;
	}
	spin_unlock_irq(&wdmdma_wmi_lock);
	return status;
}
EXPORT_SYMBOL_GPL(wdmdma_wmi_guid_info);

/**
 * wdmdma_wmi_names() - the registry path and MOF resource name a
 * registration gave
 * @dev: the device object
 * @registry_path: gets the path (Latin-1)
 * @mof: gets the MOF resource name
 * @len: bytes each holds
 *
 * Return: 0, or -ENOENT when @dev is not registered.
 */
int wdmdma_wmi_names(PDEVICE_OBJECT dev, char *registry_path, char *mof, size_t len)
{
	struct wdmdma_wmi_reg *r;
	int ret = -ENOENT;

	spin_lock_irq(&wdmdma_wmi_lock);
	r = wdmdma_wmi_find(dev);
	if (r) {
		strscpy(registry_path, r->registry_path, len);
		strscpy(mof, r->mof, len);
		ret = 0;
	}
	spin_unlock_irq(&wdmdma_wmi_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(wdmdma_wmi_names);

/**
 * wdmdma_wmi_events() - the events a registered device object fired
 * @dev: the device object
 * @last: gets a copy of the last event's WNODE (up to @size bytes), or NULL
 * @size: bytes at @last
 * @last_size: gets the last event's whole size (0: none), or NULL
 *
 * Return: how many events it fired since it registered.
 */
ULONG wdmdma_wmi_events(PDEVICE_OBJECT dev, void *last, ULONG size, ULONG *last_size)
{
	struct wdmdma_wmi_reg *r;
	ULONG n = 0, have = 0;

	spin_lock_irq(&wdmdma_wmi_lock);
	r = wdmdma_wmi_find(dev);
	if (r) {
		n = r->events;
		have = r->last_event ? r->last_event_size : 0;
		if (last && have)
			memcpy(last, r->last_event, min(size, have));
	}
	spin_unlock_irq(&wdmdma_wmi_lock);
	if (last_size)
		*last_size = have;
	return n;
}
EXPORT_SYMBOL_GPL(wdmdma_wmi_events);

static void wdmdma_wmi_hex(struct seq_file *m, const UCHAR *p, ULONG len)
{
	ULONG i;

	for (i = 0; i < len; i += 16)
		seq_printf(m, "  %04x: %*ph\n", i, (int)min(16U, len - i), p + i);
}

/* debugfs wdmdma/wmi/<device>/info */
static int wdmdma_wmi_info_show(struct seq_file *m, void *v)
{
	struct wdmdma_wmi_reg *r = m->private;
	void *last = NULL;
	ULONG i, events, size;

	spin_lock_irq(&wdmdma_wmi_lock);
	seq_printf(m, "registry_path: %s\nmof: %s\n", r->registry_path ?: "", r->mof ?: "");
	for (i = 0; i < r->nguids; i++)
		seq_printf(m, "guid: %pUl flags %#x instances %u\n", &r->guids[i].guid,
			   r->guids[i].flags, r->guids[i].instances);
	events = r->events;
	size = r->last_event_size;
	if (r->last_event)
		last = kmemdup(r->last_event, size, GFP_ATOMIC);
	spin_unlock_irq(&wdmdma_wmi_lock);
	seq_printf(m, "events: %u\n", events);
	if (last) {
		seq_printf(m, "last event (%u bytes):\n", size);
		wdmdma_wmi_hex(m, last, size);
		kfree(last);
	}
	return 0;
}

/* debugfs wdmdma/wmi/<device>/<guid>: IRP_MN_QUERY_ALL_DATA, each instance */
static int wdmdma_wmi_block_show(struct seq_file *m, void *v)
{
	struct wdmdma_wmi_guid *g = m->private;
	PWNODE_ALL_DATA w;
	NTSTATUS status;
	ULONG i, off, len;

	status = wdmdma_wmi_query_all(g->reg->dev, &g->guid, &w);
	if (!NT_SUCCESS(status)) {
		seq_printf(m, "status: %#x %s\n", status, wdmdma_status_name(status));
		return 0;
	}
	seq_printf(m, "instances: %u\n", w->InstanceCount);
	for (i = 0; i < w->InstanceCount; i++) {
		if (w->WnodeHeader.Flags & WNODE_FLAG_FIXED_INSTANCE_SIZE) {
			len = w->FixedInstanceSize;
			off = w->DataBlockOffset + i * ALIGN(len, 8);
		} else {
			off = w->OffsetInstanceDataAndLength[i].OffsetInstanceData;
			len = w->OffsetInstanceDataAndLength[i].LengthInstanceData;
		}
		if (off > w->WnodeHeader.BufferSize || len > w->WnodeHeader.BufferSize - off)
			break;
		seq_printf(m, "instance %u: %u bytes\n", i, len);
		wdmdma_wmi_hex(m, (const UCHAR *)w + off, len);
	}
	kfree(w);
	return 0;
}

static int wdmdma_wmi_block_open(struct inode *inode, struct file *file)
{
	return single_open(file, wdmdma_wmi_block_show, inode->i_private);
}

/*
 * The file is made without debugfs's proxy (which has no read_iter, so no
 * kernel_read()): the read holds the file's debugfs reference itself, so
 * debugfs_remove() waits for a query in progress.
 */
static ssize_t wdmdma_wmi_block_read(struct kiocb *iocb, struct iov_iter *to)
{
	struct dentry *dentry = iocb->ki_filp->f_path.dentry;
	ssize_t ret;

	if (debugfs_file_get(dentry))
		return -EIO;
	ret = seq_read_iter(iocb, to);
	debugfs_file_put(dentry);
	return ret;
}

static const struct file_operations wdmdma_wmi_block_fops = {
	.owner = THIS_MODULE,
	.open = wdmdma_wmi_block_open,
	.read_iter = wdmdma_wmi_block_read,
	.llseek = seq_lseek,
	.release = single_release,
};
