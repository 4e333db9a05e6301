// SPDX-License-Identifier: GPL-2.0
/*
 * The I/O error log (<wdm/errlog.h>): IoAllocateErrorLogEntry,
 * IoWriteErrorLogEntry, IoFreeErrorLogEntry; IoSetHardErrorOrVerifyDevice;
 * NTSTATUS names.
 *
 * Windows queues an entry to the event log service, which shows it with
 * the driver's message table.  Here IoWriteErrorLogEntry() prints it to the
 * kernel log at once, one entry as a few lines under the device's name:
 * the ErrorCode and FinalStatus with their names (ntiologc.h's IO_ERR_*,
 * then the whole NTSTATUS table), the other fields, each insertion string,
 * and the dump data in hex.  The log level follows the ErrorCode's
 * severity (error, warning, else info).
 *
 * Each entry is wdmdma's record followed by the driver's packet.  Live
 * entries are on a list, so a write or free of something that is not a
 * live entry (a double free, a stray pointer) is reported without touching
 * it.  An entry of a device object holds a reference on it until written
 * or freed, as on Windows.
 *
 * LOCKING
 *
 * wdmdma_errlog_lock (irqsave; innermost) guards wdmdma_errlog_live and
 * wdmdma_errlog_text (the last entry's text, for tests).  Formatting and
 * printing happen outside it, on an entry taken off the list.
 */
#define pr_fmt(fmt) "wdmdma: " fmt

#include <linux/bsearch.h>
#include <linux/slab.h>

#include "rt.h"
#include <wdm/errlog.h>

/* Room for one entry's text: 240 bytes of packet print in well under 2 KiB */
#define WDMDMA_ERRLOG_TEXT	2048

/**
 * struct wdmdma_errlog - an error log entry
 * @node: on wdmdma_errlog_live while allocated
 * @io_object: the device or driver object it is for
 * @device: @io_object is a device object (referenced)
 * @size: EntrySize: bytes of @packet the driver may fill
 * @packet: what IoAllocateErrorLogEntry() returns
 */
struct wdmdma_errlog {
	struct list_head node;
	PVOID io_object;
	bool device;
	UCHAR size;
	IO_ERROR_LOG_PACKET packet;
};

static DEFINE_SPINLOCK(wdmdma_errlog_lock);
static LIST_HEAD(wdmdma_errlog_live);
static char wdmdma_errlog_text[WDMDMA_ERRLOG_TEXT];

#define WDMDMA_IO_ERR(name) { (u32)(name), #name }

/* ntiologc.h: the codes an ErrorCode usually holds */
static const struct wdmdma_ntstatus_name wdmdma_io_err_names[] = {
	WDMDMA_IO_ERR(IO_ERR_RETRY_SUCCEEDED),
	WDMDMA_IO_ERR(IO_ERR_INSUFFICIENT_RESOURCES),
	WDMDMA_IO_ERR(IO_ERR_CONFIGURATION_ERROR),
	WDMDMA_IO_ERR(IO_ERR_DRIVER_ERROR),
	WDMDMA_IO_ERR(IO_ERR_PARITY),
	WDMDMA_IO_ERR(IO_ERR_SEEK_ERROR),
	WDMDMA_IO_ERR(IO_ERR_BAD_BLOCK),
	WDMDMA_IO_ERR(IO_ERR_OVERRUN_ERROR),
	WDMDMA_IO_ERR(IO_ERR_TIMEOUT),
	WDMDMA_IO_ERR(IO_ERR_SEQUENCE),
	WDMDMA_IO_ERR(IO_ERR_CONTROLLER_ERROR),
	WDMDMA_IO_ERR(IO_ERR_INTERNAL_ERROR),
	WDMDMA_IO_ERR(IO_ERR_INCORRECT_IRQL),
	WDMDMA_IO_ERR(IO_ERR_INVALID_IOBASE),
	WDMDMA_IO_ERR(IO_ERR_NOT_READY),
	WDMDMA_IO_ERR(IO_ERR_INVALID_REQUEST),
	WDMDMA_IO_ERR(IO_ERR_VERSION),
	WDMDMA_IO_ERR(IO_ERR_LAYERED_FAILURE),
	WDMDMA_IO_ERR(IO_ERR_RESET),
	WDMDMA_IO_ERR(IO_ERR_PROTOCOL),
	WDMDMA_IO_ERR(IO_ERR_MEMORY_CONFLICT_DETECTED),
	WDMDMA_IO_ERR(IO_ERR_PORT_CONFLICT_DETECTED),
	WDMDMA_IO_ERR(IO_ERR_DMA_CONFLICT_DETECTED),
	WDMDMA_IO_ERR(IO_ERR_IRQ_CONFLICT_DETECTED),
	WDMDMA_IO_ERR(IO_ERR_BAD_FIRMWARE),
	WDMDMA_IO_ERR(IO_WRN_BAD_FIRMWARE),
	WDMDMA_IO_ERR(IO_ERR_DMA_RESOURCE_CONFLICT),
	WDMDMA_IO_ERR(IO_ERR_INTERRUPT_RESOURCE_CONFLICT),
	WDMDMA_IO_ERR(IO_ERR_MEMORY_RESOURCE_CONFLICT),
	WDMDMA_IO_ERR(IO_ERR_PORT_RESOURCE_CONFLICT),
	WDMDMA_IO_ERR(IO_BAD_BLOCK_WITH_NAME),
	WDMDMA_IO_ERR(IO_WRITE_CACHE_ENABLED),
	WDMDMA_IO_ERR(IO_RECOVERED_VIA_ECC),
	WDMDMA_IO_ERR(IO_WRITE_CACHE_DISABLED),
};

static int wdmdma_ntstatus_cmp(const void *key, const void *elt)
{
	u32 v = *(const u32 *)key;
	u32 e = ((const struct wdmdma_ntstatus_name *)elt)->value;

	return v < e ? -1 : v > e;
}

/**
 * wdmdma_status_name() - the WDK's name of an NTSTATUS value
 * @status: the value
 *
 * The I/O error codes of ntiologc.h (IO_ERR_*) first, then the NTSTATUS
 * table of ntstatus.h.
 *
 * Return: the name (static), or NULL for a value neither table has.
 */
const char *wdmdma_status_name(NTSTATUS status)
{
	const struct wdmdma_ntstatus_name *n;
	u32 v = (u32)status;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(wdmdma_io_err_names); i++)
		if (wdmdma_io_err_names[i].value == v)
			return wdmdma_io_err_names[i].name;
	n = bsearch(&v, wdmdma_ntstatus_names, wdmdma_ntstatus_names_count,
		    sizeof(*n), wdmdma_ntstatus_cmp);
	return n ? n->name : NULL;
}
EXPORT_SYMBOL_GPL(wdmdma_status_name);

/* Take the entry @packet belongs to off the live list; NULL if none does. */
static struct wdmdma_errlog *wdmdma_errlog_take(PVOID packet)
{
	struct wdmdma_errlog *e, *found = NULL;
	unsigned long flags;

	spin_lock_irqsave(&wdmdma_errlog_lock, flags);
	list_for_each_entry(e, &wdmdma_errlog_live, node) {
		if (&e->packet == packet) {
			list_del(&e->node);
			found = e;
			break;
		}
	}
	spin_unlock_irqrestore(&wdmdma_errlog_lock, flags);
	return found;
}

static void wdmdma_errlog_release(struct wdmdma_errlog *e)
{
	if (e->device)
		ObDereferenceObject(e->io_object);
	kfree(e);
}

/*
 * Up to @max WCHARs of @s (or to its NUL) as printable ASCII, others as
 * \uXXXX; returns how many units it read, NUL included, or 0 when @max
 * ran out first.
 */
static size_t wdmdma_errlog_wstr(const WCHAR *s, size_t max, char *buf, size_t len)
{
	size_t i, at = 0;

	buf[0] = '\0';
	for (i = 0; i < max; i++) {
		if (!s[i])
			return i + 1;
		if (s[i] >= 0x20 && s[i] < 0x7f)
			at += scnprintf(buf + at, len - at, "%c", (char)s[i]);
		else
			at += scnprintf(buf + at, len - at, "\\u%04x", s[i]);
	}
	return 0;
}

/* The name the entry's lines start with: driver, device object, Linux device */
static void wdmdma_errlog_name(struct wdmdma_errlog *e, char *buf, size_t len)
{
	PDRIVER_OBJECT drv = e->device ? ((PDEVICE_OBJECT)e->io_object)->DriverObject :
					 e->io_object;
	PDEVICE_OBJECT d, lower;
	struct device *dev = NULL;
	size_t at = 0;

	if (drv && drv->DriverName.Buffer)
		wdmdma_errlog_wstr(drv->DriverName.Buffer, drv->DriverName.Length / sizeof(WCHAR),
				   buf, len);
	at = strlen(buf);
	if (!at)
		at = scnprintf(buf, len, "driver");
	if (!e->device)
		return;
	/* the Linux device of the stack's PDO, down from the device object */
	d = e->io_object;
	ObReferenceObject(d);
	while (d) {
		dev = wdmdma_pdo_device(d);
		if (dev)
			break;
		lower = IoGetLowerDeviceObject(d);
		ObDereferenceObject(d);
		d = lower;
	}
	if (dev)
		scnprintf(buf + at, len - at, " %s", dev_name(dev));
	else
		scnprintf(buf + at, len - at, " device %p", e->io_object);
	if (d)
		ObDereferenceObject(d);
}

static const char *wdmdma_errlog_status(NTSTATUS s)
{
	const char *name = wdmdma_status_name(s);

	return name ? name : "unnamed";
}

/* The entry as text, one line per '\n'-ended line; returns its length. */
static size_t wdmdma_errlog_format(struct wdmdma_errlog *e, char *txt, size_t len)
{
	PIO_ERROR_LOG_PACKET p = &e->packet;
	size_t at, off, dump, i, n;
	const char *bad = NULL;
	char name[96], str[160];

	wdmdma_errlog_name(e, name, sizeof(name));
	at = scnprintf(txt, len,
		       "%s: error log: %s (0x%08x), unique value 0x%x, final status %s (0x%08x), major 0x%02x, retry %u, sequence %u, ioctl 0x%x, offset %lld, category %u\n",
		       name, wdmdma_errlog_status(p->ErrorCode), (u32)p->ErrorCode,
		       p->UniqueErrorValue, wdmdma_errlog_status(p->FinalStatus),
		       (u32)p->FinalStatus, p->MajorFunctionCode, p->RetryCount,
		       p->SequenceNumber, p->IoControlCode, p->DeviceOffset.QuadPart,
		       p->EventCategory);

	off = p->StringOffset;
	for (i = 0; i < p->NumberOfStrings; i++) {
		if (off < offsetof(IO_ERROR_LOG_PACKET, DumpData) || off >= e->size || off & 1) {
			bad = "StringOffset outside the entry";
			break;
		}
		n = wdmdma_errlog_wstr((const WCHAR *)((u8 *)p + off),
				       (e->size - off) / sizeof(WCHAR), str, sizeof(str));
		if (!n) {
			bad = "an insertion string runs past the entry";
			break;
		}
		at += scnprintf(txt + at, len - at, "%s: error log string %zu: \"%s\"\n",
				name, i + 1, str);
		off += n * sizeof(WCHAR);
	}

	dump = p->DumpDataSize;
	if (dump > e->size - offsetof(IO_ERROR_LOG_PACKET, DumpData)) {
		dump = e->size - offsetof(IO_ERROR_LOG_PACKET, DumpData);
		bad = bad ? bad : "DumpDataSize runs past the entry (cut)";
	}
	for (i = 0; i < dump; i += 32)
		at += scnprintf(txt + at, len - at, "%s: error log dump +%02zx: %*ph\n",
				name, i, (int)min_t(size_t, 32, dump - i), (u8 *)p->DumpData + i);
	if (bad)
		wdmdma_report(NULL, "IoWriteErrorLogEntry", "%s: %s", name, bad);
	return at;
}

/* Print @txt line by line at the level of @code's severity. */
static void wdmdma_errlog_print(NTSTATUS code, char *txt)
{
	char *line;

	while ((line = strsep(&txt, "\n")) && *line) {
		switch (((u32)code) >> 30) {
		case STATUS_SEVERITY_ERROR:
			pr_err("%s\n", line);
			break;
		case STATUS_SEVERITY_WARNING:
			pr_warn("%s\n", line);
			break;
		default:
			pr_info("%s\n", line);
			break;
		}
	}
}

/* Without memory for the text: the codes at least */
static void wdmdma_errlog_print_short(struct wdmdma_errlog *e)
{
	pr_err("error log: 0x%08x, unique value 0x%x (no memory to show more)\n",
	       (u32)e->packet.ErrorCode, e->packet.UniqueErrorValue);
}

/**
 * IoAllocateErrorLogEntry() - allocate an error log entry for a driver to fill
 * @IoObject: the device object the error occurred on, or the driver object
 *	of the driver that found it
 * @EntrySize: bytes: sizeof(IO_ERROR_LOG_PACKET), plus the dump data and
 *	insertion strings beyond DumpData[0]; at most ERROR_LOG_MAXIMUM_SIZE
 *
 * The packet comes zeroed.  A device object is referenced until the entry
 * is written or freed.
 *
 * Context: at or below DISPATCH_LEVEL.
 * Return: the packet (IO_ERROR_LOG_PACKET), or NULL when @EntrySize is
 * larger than ERROR_LOG_MAXIMUM_SIZE, smaller than the packet, @IoObject
 * is not a device or driver object (all reported) or memory is short.
 */
PVOID IoAllocateErrorLogEntry(PVOID IoObject, UCHAR EntrySize)
{
	PDEVICE_OBJECT obj = IoObject;
	struct wdmdma_errlog *e;
	unsigned long flags;

	if (unlikely(!obj || (obj->Type != IO_TYPE_DEVICE && obj->Type != IO_TYPE_DRIVER))) {
		wdmdma_report(NULL, "IoAllocateErrorLogEntry",
			      "%p is not a device or driver object", IoObject);
		return NULL;
	}
	if (unlikely(EntrySize > ERROR_LOG_MAXIMUM_SIZE ||
		     EntrySize < sizeof(IO_ERROR_LOG_PACKET))) {
		wdmdma_report(NULL, "IoAllocateErrorLogEntry",
			      "EntrySize %u outside %zu..%zu", EntrySize,
			      sizeof(IO_ERROR_LOG_PACKET), (size_t)ERROR_LOG_MAXIMUM_SIZE);
		return NULL;
	}
	if (unlikely(KeGetCurrentIrql() > DISPATCH_LEVEL)) {
		wdmdma_report(NULL, "IoAllocateErrorLogEntry", "called above DISPATCH_LEVEL");
		return NULL;
	}
	e = kzalloc(offsetof(struct wdmdma_errlog, packet) + EntrySize, wdmdma_gfp());
	if (!e)
		return NULL;
	e->io_object = IoObject;
	e->device = obj->Type == IO_TYPE_DEVICE;
	e->size = EntrySize;
	if (e->device)
		ObReferenceObject(IoObject);
	spin_lock_irqsave(&wdmdma_errlog_lock, flags);
	list_add(&e->node, &wdmdma_errlog_live);
	spin_unlock_irqrestore(&wdmdma_errlog_lock, flags);
	return &e->packet;
}
EXPORT_SYMBOL_GPL(IoAllocateErrorLogEntry);

/**
 * IoWriteErrorLogEntry() - log an error log entry, then free it
 * @ElEntry: the packet IoAllocateErrorLogEntry() returned, filled in
 *
 * Prints the entry to the kernel log (see the top of this file).  An
 * insertion string or dump data reaching past the entry is cut there and
 * reported; a pointer that is not a live entry is reported and ignored.
 *
 * Context: at or below DISPATCH_LEVEL.
 */
void IoWriteErrorLogEntry(PVOID ElEntry)
{
	struct wdmdma_errlog *e = wdmdma_errlog_take(ElEntry);
	unsigned long flags;
	size_t len;
	char *txt;

	if (unlikely(!e)) {
		wdmdma_report(NULL, "IoWriteErrorLogEntry",
			      "%p is not an entry from IoAllocateErrorLogEntry (written or freed already?)",
			      ElEntry);
		return;
	}
	txt = kmalloc(WDMDMA_ERRLOG_TEXT, wdmdma_gfp());
	if (!txt) {
		wdmdma_errlog_print_short(e);
		goto out;
	}
	len = wdmdma_errlog_format(e, txt, WDMDMA_ERRLOG_TEXT);
	spin_lock_irqsave(&wdmdma_errlog_lock, flags);
	memcpy(wdmdma_errlog_text, txt, len + 1);
	spin_unlock_irqrestore(&wdmdma_errlog_lock, flags);
	wdmdma_errlog_print(e->packet.ErrorCode, txt);
	kfree(txt);
out:
	wdmdma_errlog_release(e);
}
EXPORT_SYMBOL_GPL(IoWriteErrorLogEntry);

/**
 * IoFreeErrorLogEntry() - free an error log entry without logging it
 * @ElEntry: the packet IoAllocateErrorLogEntry() returned
 *
 * A pointer that is not a live entry (freed or written already) is
 * reported and ignored.
 *
 * Context: at or below DISPATCH_LEVEL.
 */
void IoFreeErrorLogEntry(PVOID ElEntry)
{
	struct wdmdma_errlog *e = wdmdma_errlog_take(ElEntry);

	if (unlikely(!e)) {
		wdmdma_report(NULL, "IoFreeErrorLogEntry",
			      "%p is not an entry from IoAllocateErrorLogEntry (written or freed already?)",
			      ElEntry);
		return;
	}
	wdmdma_errlog_release(e);
}
EXPORT_SYMBOL_GPL(IoFreeErrorLogEntry);

/**
 * wdmdma_errlog_last() - the text of the last entry IoWriteErrorLogEntry()
 *	printed, for tests and tools
 * @buf: receives it, '\n' after each line, NUL-terminated (cut to fit)
 * @size: bytes @buf holds
 */
void wdmdma_errlog_last(char *buf, size_t size)
{
	unsigned long flags;

	if (!size)
		return;
	spin_lock_irqsave(&wdmdma_errlog_lock, flags);
	strscpy(buf, wdmdma_errlog_text, size);
	spin_unlock_irqrestore(&wdmdma_errlog_lock, flags);
}
EXPORT_SYMBOL_GPL(wdmdma_errlog_last);

/**
 * IoSetHardErrorOrVerifyDevice() - name the removable-media device a file
 *	system should verify after a user-induced error
 * @Irp: the IRP that failed (IoIsErrorUserInduced() of its status)
 * @DeviceObject: the device whose media must be verified
 *
 * On Windows the device is recorded in the IRP's thread for the file
 * system above, which verifies the volume or raises a hard-error pop-up.
 * No file system mounts a ported driver's device here and IRPs carry no
 * thread, so after checking its arguments (misuse reported) the call has
 * nothing to record: it is accepted and has no effect.
 *
 * Context: at or below DISPATCH_LEVEL.
 */
void IoSetHardErrorOrVerifyDevice(PIRP Irp, PDEVICE_OBJECT DeviceObject)
{
	if (unlikely(!Irp || Irp->Type != IO_TYPE_IRP))
		wdmdma_report(NULL, "IoSetHardErrorOrVerifyDevice", "%p is not an IRP", Irp);
	else if (unlikely(!DeviceObject || DeviceObject->Type != IO_TYPE_DEVICE))
		wdmdma_report(NULL, "IoSetHardErrorOrVerifyDevice",
			      "%p is not a device object", DeviceObject);
}
EXPORT_SYMBOL_GPL(IoSetHardErrorOrVerifyDevice);
