// SPDX-License-Identifier: GPL-2.0
/*
 * wdmdma_files: handles and names.  A driver's device, named
 * \Device\WdmdmaFiles and attached to a PDO, gets its /dev node through a
 * symbolic link or a device interface; the suite opens the node with
 * filp_open() and checks the FILE_OBJECT every IRP of an open carries,
 * the cleanup and close at close and at removal, IoGetDeviceObjectPointer()
 * and the IRPs IoBuild*Request() make, with their data.
 */
#include <kunit/test.h>
#include <linux/device.h>
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "env.h"	/* Linux headers before <wdm.h> */
#include "suites.h"
#include <wdm.h>
#include <wdmdma/binding.h>

#define FILES_LOG_MAX	32
#define FILES_IOCTL_BUF	CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define FILES_IOCTL_OUT	CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_OUT_DIRECT, FILE_ANY_ACCESS)
#define FILES_IOCTL_NEI	CTL_CODE(FILE_DEVICE_UNKNOWN, 0x803, METHOD_NEITHER, FILE_ANY_ACCESS)

/* {6a3e0f2c-1b7d-4e59-a0c4-9d2b81f3e7a5} */
static const GUID files_guid = { 0x6a3e0f2c, 0x1b7d, 0x4e59,
	{ 0xa0, 0xc4, 0x9d, 0x2b, 0x81, 0xf3, 0xe7, 0xa5 } };

struct files_ev {
	UCHAR major;
	PFILE_OBJECT fo;
	PVOID ctx;	/* FsContext when the IRP came */
	ULONG flags;	/* the file object's Flags then */
};

struct files {
	struct wdmdma_test_dev td;
	PDRIVER_OBJECT drv;
	PDEVICE_OBJECT pdo, fdo, tgt;
	spinlock_t lock;	/* ev and nev: dispatch routines log under it */
	struct files_ev ev[FILES_LOG_MAX];
	unsigned int nev;
	unsigned long opens;
	u8 written[64];
	ULONG written_len;
};

struct files_ext {
	struct files *s;
};

static struct files *files_cur;

static void files_log(struct files *s, UCHAR major, PFILE_OBJECT fo)
{
	spin_lock(&s->lock);
	if (s->nev < FILES_LOG_MAX) {
		s->ev[s->nev].major = major;
		s->ev[s->nev].fo = fo;
		s->ev[s->nev].ctx = fo ? fo->FsContext : NULL;
		s->ev[s->nev].flags = fo ? fo->Flags : 0;
		s->nev++;
	}
	spin_unlock(&s->lock);
}

/* The target of the IoBuild* requests: a device transforming data. */
static NTSTATUS files_target(struct files *s, PDEVICE_OBJECT d, PIRP irp)
{
	PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(irp);
	ULONG len = sl->Parameters.Read.Length, i, code;
	u8 *in, *out;

	irp->IoStatus.Information = 0;
	switch (sl->MajorFunction) {
	case IRP_MJ_DEVICE_CONTROL:
		code = sl->Parameters.DeviceIoControl.IoControlCode;
		len = sl->Parameters.DeviceIoControl.OutputBufferLength;
		in = code == FILES_IOCTL_NEI ? sl->Parameters.DeviceIoControl.Type3InputBuffer :
			irp->AssociatedIrp.SystemBuffer;
		out = code == FILES_IOCTL_BUF ? irp->AssociatedIrp.SystemBuffer :
			code == FILES_IOCTL_NEI ? irp->UserBuffer :
			MmGetSystemAddressForMdlSafe(irp->MdlAddress, NormalPagePriority);
		if (!in || !out || len > sl->Parameters.DeviceIoControl.InputBufferLength)
			return STATUS_INVALID_PARAMETER;
		for (i = 0; i < len; i++)
			out[i] = in[i] + 1;	/* in place for METHOD_BUFFERED */
		irp->IoStatus.Information = len - 1;	/* the last byte is not returned */
		return STATUS_SUCCESS;
	case IRP_MJ_READ:
	case IRP_MJ_WRITE:
		out = d->Flags & DO_BUFFERED_IO ? irp->AssociatedIrp.SystemBuffer :
			d->Flags & DO_DIRECT_IO ?
			MmGetSystemAddressForMdlSafe(irp->MdlAddress, NormalPagePriority) :
			irp->UserBuffer;
		if (!out || len > sizeof(s->written))
			return STATUS_INVALID_PARAMETER;
		if (sl->MajorFunction == IRP_MJ_READ)
			for (i = 0; i < len; i++)
				out[i] = (u8)(sl->Parameters.Read.ByteOffset.QuadPart + i);
		else
			memcpy(s->written, out, len);
		s->written_len = len;
		irp->IoStatus.Information = len;
		return STATUS_SUCCESS;
	case IRP_MJ_FLUSH_BUFFERS:
		return STATUS_SUCCESS;
	default:
		return STATUS_INVALID_DEVICE_REQUEST;
	}
}

static NTSTATUS files_dispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	struct files *s = ((struct files_ext *)DeviceObject->DeviceExtension)->s;
	PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(Irp);
	PFILE_OBJECT fo = sl->FileObject;
	NTSTATUS status = STATUS_SUCCESS;

	if (DeviceObject == s->tgt) {
		status = files_target(s, DeviceObject, Irp);
		goto out;
	}
	files_log(s, sl->MajorFunction, fo);
	switch (sl->MajorFunction) {
	case IRP_MJ_CREATE:
		/* per-open state, as drivers keep it */
		s->opens++;
		fo->FsContext = (PVOID)(ULONG_PTR)s->opens;
		fo->FsContext2 = s;
		break;
	case IRP_MJ_READ:
	case IRP_MJ_WRITE:
	case IRP_MJ_CLEANUP:
	case IRP_MJ_CLOSE:
		if (!fo || fo->FsContext2 != s)
			status = STATUS_INVALID_HANDLE;
		break;
	default:
		status = STATUS_INVALID_DEVICE_REQUEST;
	}
out:
	Irp->IoStatus.Status = status;
	IoCompleteRequest(Irp, IO_NO_INCREMENT);
	return status;
}

static void files_exit(struct kunit *test)
{
	struct files *s = files_cur;

	files_cur = NULL;
	if (!s)
		return;
	if (s->tgt)
		IoDeleteDevice(s->tgt);
	if (s->fdo) {
		IoDetachDevice(s->pdo);
		IoDeleteDevice(s->fdo);
	}
	wdmdma_pdo_destroy(s->pdo);
	if (s->drv)
		wdmdma_driver_destroy(s->drv);
	wdmdma_test_dev_destroy(&s->td);
}

/* The fixture: \Device\WdmdmaFiles on a PDO, and a target device. */
static struct files *files_get(struct kunit *test)
{
	UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\WdmdmaFiles");
	struct files *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, s);
	spin_lock_init(&s->lock);
	KUNIT_ASSERT_EQ(test, wdmdma_test_dev_create(test, &s->td), 0);
	files_cur = s;
	s->drv = wdmdma_driver_create("wdmdma-files-test");
	s->pdo = wdmdma_pdo_create(s->td.dev);
	KUNIT_ASSERT_TRUE(test, s->drv && s->pdo);
	for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
		s->drv->MajorFunction[i] = files_dispatch;
	KUNIT_ASSERT_EQ(test, IoCreateDevice(s->drv, sizeof(struct files_ext), &name,
					     FILE_DEVICE_UNKNOWN, 0, FALSE, &s->fdo),
			STATUS_SUCCESS);
	((struct files_ext *)s->fdo->DeviceExtension)->s = s;
	KUNIT_ASSERT_PTR_EQ(test, IoAttachDeviceToDeviceStack(s->fdo, s->pdo), s->pdo);
	s->fdo->Flags = (s->fdo->Flags | DO_BUFFERED_IO) & ~DO_DEVICE_INITIALIZING;
	KUNIT_ASSERT_EQ(test, IoCreateDevice(s->drv, sizeof(struct files_ext), NULL,
					     FILE_DEVICE_UNKNOWN, 0, FALSE, &s->tgt),
			STATUS_SUCCESS);
	((struct files_ext *)s->tgt->DeviceExtension)->s = s;
	s->tgt->Flags &= ~DO_DEVICE_INITIALIZING;
	return s;
}

static struct file *files_open(const char *path, int flags)
{
	return filp_open(path, flags, 0);
}

static void files_close(struct file *f)
{
	filp_close(f, NULL);
	flush_delayed_fput();	/* release runs now, not from a work item */
}

/* A zero-length read: an IRP_MJ_READ that carries the open's file object */
static ssize_t files_read0(struct file *f)
{
	loff_t pos = 0;

	return f->f_op->read(f, NULL, 0, &pos);
}

/*
 * One FILE_OBJECT per open, the same on every IRP of the open and distinct
 * across opens; FsContext kept; FO_SYNCHRONOUS_IO unless O_NONBLOCK;
 * IRP_MJ_CLEANUP then IRP_MJ_CLOSE at the close; the link decides the node.
 */
static void files_identity(struct kunit *test)
{
	UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\wdmdma_files");
	UNICODE_STRING dev = RTL_CONSTANT_STRING(L"\\Device\\WdmdmaFiles");
	struct files *s = files_get(test);
	struct file *a, *b, *c;
	PFILE_OBJECT foa, fob;

	c = files_open("/dev/wdmdma_files", O_RDWR);
	KUNIT_EXPECT_TRUE(test, IS_ERR(c));	/* no link, no node */
	KUNIT_ASSERT_EQ(test, IoCreateSymbolicLink(&link, &dev), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, IoCreateSymbolicLink(&link, &dev), STATUS_OBJECT_NAME_COLLISION);

	a = files_open("/dev/wdmdma_files", O_RDWR);
	KUNIT_ASSERT_FALSE(test, IS_ERR(a));
	b = files_open("/dev/wdmdma_files", O_RDONLY | O_NONBLOCK);
	KUNIT_ASSERT_FALSE(test, IS_ERR(b));
	KUNIT_ASSERT_EQ(test, s->nev, 2U);
	foa = s->ev[0].fo;
	fob = s->ev[1].fo;
	KUNIT_EXPECT_EQ(test, s->ev[0].major, IRP_MJ_CREATE);
	KUNIT_ASSERT_NOT_NULL(test, foa);
	KUNIT_ASSERT_NOT_NULL(test, fob);
	KUNIT_EXPECT_PTR_NE(test, foa, fob);
	KUNIT_EXPECT_EQ(test, foa->Type, (CSHORT)IO_TYPE_FILE);
	KUNIT_EXPECT_PTR_EQ(test, foa->DeviceObject, s->fdo);
	KUNIT_EXPECT_TRUE(test, foa->Flags & FO_SYNCHRONOUS_IO);
	KUNIT_EXPECT_FALSE(test, fob->Flags & FO_SYNCHRONOUS_IO);
	KUNIT_EXPECT_TRUE(test, foa->ReadAccess && foa->WriteAccess);
	KUNIT_EXPECT_TRUE(test, fob->ReadAccess && !fob->WriteAccess);

	KUNIT_EXPECT_EQ(test, files_read0(b), 0);
	KUNIT_EXPECT_EQ(test, files_read0(a), 0);
	KUNIT_EXPECT_EQ(test, files_read0(a), 0);
	KUNIT_ASSERT_EQ(test, s->nev, 5U);
	KUNIT_EXPECT_PTR_EQ(test, s->ev[2].fo, fob);
	KUNIT_EXPECT_PTR_EQ(test, s->ev[3].fo, foa);
	KUNIT_EXPECT_PTR_EQ(test, s->ev[4].fo, foa);
	KUNIT_EXPECT_PTR_EQ(test, s->ev[3].ctx, (PVOID)1);	/* a's FsContext kept */
	KUNIT_EXPECT_PTR_EQ(test, s->ev[2].ctx, (PVOID)2);
	KUNIT_EXPECT_TRUE(test, s->ev[3].flags & FO_FILE_OPEN);

	files_close(a);
	KUNIT_ASSERT_EQ(test, s->nev, 7U);
	KUNIT_EXPECT_EQ(test, s->ev[5].major, IRP_MJ_CLEANUP);
	KUNIT_EXPECT_EQ(test, s->ev[6].major, IRP_MJ_CLOSE);
	KUNIT_EXPECT_PTR_EQ(test, s->ev[5].fo, foa);
	KUNIT_EXPECT_PTR_EQ(test, s->ev[6].fo, foa);
	KUNIT_EXPECT_TRUE(test, s->ev[6].flags & FO_CLEANUP_COMPLETE);
	files_close(b);
	KUNIT_ASSERT_EQ(test, s->nev, 9U);
	KUNIT_EXPECT_PTR_EQ(test, s->ev[8].fo, fob);

	KUNIT_EXPECT_EQ(test, IoDeleteSymbolicLink(&link), STATUS_SUCCESS);
	c = files_open("/dev/wdmdma_files", O_RDWR);
	KUNIT_EXPECT_TRUE(test, IS_ERR(c));
	KUNIT_EXPECT_EQ(test, s->nev, 9U);
	files_exit(test);
}

/*
 * Removal with a file open: the link's node goes, the open file gets
 * IRP_MJ_CLEANUP and IRP_MJ_CLOSE then, its later calls fail, and its
 * close sends nothing more.
 */
static void files_removal(struct kunit *test)
{
	UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\??\\wdmdma_files_rm");
	UNICODE_STRING dev = RTL_CONSTANT_STRING(L"\\Device\\WdmdmaFiles");
	unsigned long before = wdmdma_violations(NULL);
	struct files *s = files_get(test);
	struct file *a;

	KUNIT_ASSERT_EQ(test, IoCreateSymbolicLink(&link, &dev), STATUS_SUCCESS);
	a = files_open("/dev/wdmdma_files_rm", O_RDWR);
	KUNIT_ASSERT_FALSE(test, IS_ERR(a));
	KUNIT_EXPECT_EQ(test, IoDeleteSymbolicLink(&link), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, s->nev, 3U);
	KUNIT_EXPECT_EQ(test, s->ev[1].major, IRP_MJ_CLEANUP);
	KUNIT_EXPECT_EQ(test, s->ev[2].major, IRP_MJ_CLOSE);
	KUNIT_EXPECT_PTR_EQ(test, s->ev[2].fo, s->ev[0].fo);
	KUNIT_EXPECT_EQ(test, files_read0(a), (ssize_t)-ENODEV);
	files_close(a);
	KUNIT_EXPECT_EQ(test, s->nev, 3U);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before);

	/* misuse: reported, a status back */
	KUNIT_EXPECT_EQ(test, IoDeleteSymbolicLink(&link), STATUS_OBJECT_NAME_NOT_FOUND);
	KUNIT_EXPECT_EQ(test, IoCreateSymbolicLink(NULL, &dev), STATUS_OBJECT_NAME_INVALID);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 2);
	files_exit(test);
}

/* A device interface's node exists while it is enabled. */
static void files_interface(struct kunit *test)
{
	struct files *s = files_get(test);
	UNICODE_STRING sym = { 0 }, sym2 = { 0 };
	char path[160];
	struct file *a;

	KUNIT_ASSERT_EQ(test, IoRegisterDeviceInterface(s->pdo, &files_guid, NULL, &sym),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, IoRegisterDeviceInterface(s->pdo, &files_guid, NULL, &sym2),
			STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, RtlEqualUnicodeString(&sym, &sym2, FALSE));
	RtlFreeUnicodeString(&sym2);
	snprintf(path, sizeof(path), "/dev/wdm/{6a3e0f2c-1b7d-4e59-a0c4-9d2b81f3e7a5}/%s",
		 dev_name(s->td.dev));
	a = files_open(path, O_RDWR);
	KUNIT_EXPECT_TRUE(test, IS_ERR(a));	/* registered, not enabled */

	KUNIT_ASSERT_EQ(test, IoSetDeviceInterfaceState(&sym, TRUE), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, IoSetDeviceInterfaceState(&sym, TRUE), STATUS_OBJECT_NAME_EXISTS);
	a = files_open(path, O_RDWR);
	KUNIT_ASSERT_FALSE(test, IS_ERR(a));
	KUNIT_ASSERT_EQ(test, s->nev, 1U);
	KUNIT_EXPECT_PTR_EQ(test, s->ev[0].fo->DeviceObject, s->pdo);	/* the one named */
	KUNIT_EXPECT_EQ(test, files_read0(a), 0);	/* reached the FDO on top */
	KUNIT_EXPECT_PTR_EQ(test, s->ev[1].fo, s->ev[0].fo);

	KUNIT_EXPECT_EQ(test, IoSetDeviceInterfaceState(&sym, FALSE), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, s->nev, 4U);
	KUNIT_EXPECT_EQ(test, s->ev[2].major, IRP_MJ_CLEANUP);
	KUNIT_EXPECT_EQ(test, s->ev[3].major, IRP_MJ_CLOSE);
	files_close(a);
	a = files_open(path, O_RDWR);
	KUNIT_EXPECT_TRUE(test, IS_ERR(a));
	KUNIT_EXPECT_EQ(test, s->nev, 4U);
	RtlFreeUnicodeString(&sym);
	files_exit(test);
}

/* IoGetDeviceObjectPointer: the top of the stack and a referenced file object */
static void files_device_pointer(struct kunit *test)
{
	UNICODE_STRING dev = RTL_CONSTANT_STRING(L"\\Device\\WDMDMAFILES");
	UNICODE_STRING none = RTL_CONSTANT_STRING(L"\\Device\\WdmdmaNoSuch");
	UNICODE_STRING link = RTL_CONSTANT_STRING(L"\\DosDevices\\wdmdma_files_ptr");
	UNICODE_STRING dos = RTL_CONSTANT_STRING(L"\\??\\WDMDMA_FILES_PTR");
	struct files *s = files_get(test);
	PDEVICE_OBJECT top;
	PFILE_OBJECT fo;

	KUNIT_EXPECT_EQ(test, IoGetDeviceObjectPointer(&none, FILE_READ_DATA, &fo, &top),
			STATUS_OBJECT_NAME_NOT_FOUND);
	KUNIT_EXPECT_NULL(test, fo);
	/* a second device with the name is refused */
	KUNIT_EXPECT_EQ(test, IoCreateDevice(s->drv, 0, &dev, FILE_DEVICE_UNKNOWN, 0, FALSE, &top),
			STATUS_OBJECT_NAME_COLLISION);
	KUNIT_EXPECT_NULL(test, top);
	KUNIT_ASSERT_EQ(test, IoGetDeviceObjectPointer(&dev, FILE_READ_DATA, &fo, &top),
			STATUS_SUCCESS);
	KUNIT_EXPECT_PTR_EQ(test, top, s->fdo);
	KUNIT_EXPECT_PTR_EQ(test, fo->DeviceObject, s->fdo);
	KUNIT_EXPECT_TRUE(test, fo->ReadAccess && !fo->WriteAccess);
	KUNIT_ASSERT_EQ(test, s->nev, 2U);
	KUNIT_EXPECT_EQ(test, s->ev[0].major, IRP_MJ_CREATE);
	KUNIT_EXPECT_EQ(test, s->ev[1].major, IRP_MJ_CLEANUP);
	KUNIT_EXPECT_PTR_EQ(test, s->ev[1].fo, fo);
	ObReferenceObject(fo);
	ObDereferenceObject(fo);
	KUNIT_EXPECT_EQ(test, s->nev, 2U);	/* still referenced */
	ObDereferenceObject(fo);
	KUNIT_ASSERT_EQ(test, s->nev, 3U);
	KUNIT_EXPECT_EQ(test, s->ev[2].major, IRP_MJ_CLOSE);
	KUNIT_EXPECT_PTR_EQ(test, s->ev[2].fo, fo);

	/* through a link name too, write access only */
	KUNIT_ASSERT_EQ(test, IoCreateSymbolicLink(&link, &dev), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, IoGetDeviceObjectPointer(&dos, FILE_WRITE_DATA, &fo, &top),
			STATUS_SUCCESS);
	KUNIT_EXPECT_PTR_EQ(test, top, s->fdo);
	KUNIT_EXPECT_TRUE(test, !fo->ReadAccess && fo->WriteAccess);
	ObDereferenceObject(fo);
	KUNIT_ASSERT_EQ(test, s->nev, 6U);
	KUNIT_EXPECT_EQ(test, s->ev[5].major, IRP_MJ_CLOSE);
	KUNIT_EXPECT_EQ(test, IoDeleteSymbolicLink(&link), STATUS_SUCCESS);
	files_exit(test);
}

/* Make the target a DO_BUFFERED_IO or DO_DIRECT_IO device. */
static void files_tgt_io(struct files *s, ULONG flag)
{
	s->tgt->Flags = (s->tgt->Flags & ~(DO_BUFFERED_IO | DO_DIRECT_IO)) | flag;
}

/* Send @irp and wait for its event. */
static NTSTATUS files_call_wait(struct files *s, PIRP irp, PKEVENT ev)
{
	NTSTATUS status = IoCallDriver(s->tgt, irp);

	if (status == STATUS_PENDING)
		KeWaitForSingleObject(ev, Executive, KernelMode, FALSE, NULL);
	return status;
}

/* IoBuildDeviceIoControlRequest by method, data checked both ways. */
static void files_build_ioctl(struct kunit *test)
{
	static const ULONG codes[] = { FILES_IOCTL_BUF, FILES_IOCTL_OUT, FILES_IOCTL_NEI };
	struct files *s = files_get(test);
	u8 *in = kunit_kzalloc(test, 16, GFP_KERNEL);	/* pool: MDLs lock it */
	u8 *out = kunit_kzalloc(test, 16, GFP_KERNEL);
	IO_STATUS_BLOCK iosb;
	unsigned int c, i;
	KEVENT ev;
	PIRP irp;
	u8 want;

	KUNIT_ASSERT_TRUE(test, in && out);
	for (i = 0; i < 16; i++)
		in[i] = 0x40 + i;
	for (c = 0; c < ARRAY_SIZE(codes); c++) {
		memset(out, 0xee, 16);
		memset(&iosb, 0, sizeof(iosb));
		KeInitializeEvent(&ev, NotificationEvent, FALSE);
		irp = IoBuildDeviceIoControlRequest(codes[c], s->tgt, in, 16, out, 16, FALSE, &ev,
						    &iosb);
		KUNIT_ASSERT_NOT_NULL(test, irp);
		KUNIT_EXPECT_EQ(test, files_call_wait(s, irp, &ev), STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, KeReadStateEvent(&ev), 1);
		KUNIT_EXPECT_EQ(test, iosb.Status, STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, iosb.Information, (ULONG_PTR)15);
		for (i = 0; i < 16; i++) {
			/* buffered: only Information bytes come back */
			want = codes[c] == FILES_IOCTL_BUF && i == 15 ? 0xee :
				in[i] + 1;
			KUNIT_EXPECT_EQ_MSG(test, out[i], want, "code %#x byte %u", codes[c], i);
		}
	}
}

/* IoBuildSynchronousFsdRequest to a buffered and a direct target. */
static void files_build_sync(struct kunit *test)
{
	struct files *s = files_get(test);
	LARGE_INTEGER off = { .QuadPart = 0x30 };
	u8 *buf = kunit_kzalloc(test, 40, GFP_KERNEL);	/* pool: MDLs lock it */
	IO_STATUS_BLOCK iosb;
	unsigned int pass, i;
	KEVENT ev;
	PIRP irp;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (pass = 0; pass < 2; pass++) {
		files_tgt_io(s, pass ? DO_DIRECT_IO : DO_BUFFERED_IO);
		memset(buf, 0, 40);
		KeInitializeEvent(&ev, NotificationEvent, FALSE);
		irp = IoBuildSynchronousFsdRequest(IRP_MJ_READ, s->tgt, buf, 40, &off, &ev, &iosb);
		KUNIT_ASSERT_NOT_NULL(test, irp);
		KUNIT_EXPECT_EQ(test, files_call_wait(s, irp, &ev), STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, KeReadStateEvent(&ev), 1);
		KUNIT_EXPECT_EQ(test, iosb.Information, (ULONG_PTR)40);
		for (i = 0; i < 40; i++)
			KUNIT_EXPECT_EQ(test, buf[i], (u8)(0x30 + i));

		for (i = 0; i < 40; i++)
			buf[i] = 0xa0 ^ i;
		KeInitializeEvent(&ev, NotificationEvent, FALSE);
		irp = IoBuildSynchronousFsdRequest(IRP_MJ_WRITE, s->tgt, buf, 40, NULL, &ev, &iosb);
		KUNIT_ASSERT_NOT_NULL(test, irp);
		KUNIT_EXPECT_EQ(test, files_call_wait(s, irp, &ev), STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, s->written_len, (ULONG)40);
		KUNIT_EXPECT_EQ(test, memcmp(s->written, buf, 40), 0);
	}
	KUNIT_EXPECT_NULL(test, IoBuildSynchronousFsdRequest(IRP_MJ_CREATE, s->tgt, NULL, 0, NULL,
							     &ev, &iosb));
}

struct files_async {
	struct completion done;
	NTSTATUS status;
	ULONG_PTR info;
};

static NTSTATUS files_async_done(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
	struct files_async *a = Context;

	a->status = Irp->IoStatus.Status;
	a->info = Irp->IoStatus.Information;
	IoFreeIrp(Irp);		/* as documented: the caller's routine frees it */
	complete(&a->done);
	return STATUS_MORE_PROCESSING_REQUIRED;
}

/* IoBuildAsynchronousFsdRequest freed by the completion routine; data back */
static void files_build_async(struct kunit *test)
{
	struct files *s = files_get(test);
	LARGE_INTEGER off = { .QuadPart = 7 };
	struct files_async a;
	u8 *buf = kunit_kzalloc(test, 24, GFP_KERNEL);	/* pool: MDLs lock it */
	IO_STATUS_BLOCK iosb;
	unsigned int pass, i;
	PIRP irp;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (pass = 0; pass < 2; pass++) {
		files_tgt_io(s, pass ? DO_DIRECT_IO : DO_BUFFERED_IO);
		memset(buf, 0, 24);
		init_completion(&a.done);
		irp = IoBuildAsynchronousFsdRequest(IRP_MJ_READ, s->tgt, buf, 24, &off, &iosb);
		KUNIT_ASSERT_NOT_NULL(test, irp);
		IoSetCompletionRoutine(irp, files_async_done, &a, TRUE, TRUE, TRUE);
		IoCallDriver(s->tgt, irp);
		wait_for_completion(&a.done);
		KUNIT_EXPECT_EQ(test, a.status, STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, a.info, (ULONG_PTR)24);
		for (i = 0; i < 24; i++)
			KUNIT_EXPECT_EQ(test, buf[i], (u8)(7 + i));
	}
}

static struct kunit_case files_cases[] = {
	KUNIT_CASE(files_identity),
	KUNIT_CASE(files_removal),
	KUNIT_CASE(files_interface),
	KUNIT_CASE(files_device_pointer),
	KUNIT_CASE(files_build_ioctl),
	KUNIT_CASE(files_build_sync),
	KUNIT_CASE(files_build_async),
	{}
};

struct kunit_suite wdmdma_files_suite = {
	.name = "wdmdma_files",
	.exit = files_exit,
	.test_cases = files_cases,
};
