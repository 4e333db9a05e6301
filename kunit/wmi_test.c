// SPDX-License-Identifier: GPL-2.0
/*
 * wdmdma_wmi: WMI.  A test driver with a WMILIB_CONTEXT -- a data block of
 * three instances of different lengths with a writable and a read-only
 * item and a method, and an event block -- registers with
 * IoWMIRegistrationControl (its QueryWmiRegInfo called once, through the
 * REGINFO_EX IRP), gets every kind of request through WmiSystemControl
 * (each disposition; answers checked byte for byte), fires an event, is
 * queried through the manager and its debugfs file, and deregisters.
 */
#include <kunit/test.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "env.h"	/* Linux headers before <wdm.h> */
#include "suites.h"
#include <wdm.h>
#include <wmilib.h>
#include <wdmdma/binding.h>
#include <wdmdma/wmi.h>

#define WT_INSTANCES	3
#define WT_DATA		0
#define WT_EVENT	1
#define WT_ITEM_COUNTER	0	/* read-only */
#define WT_ITEM_SETTING	1
#define WT_METHOD_ADD	1

/* {8f0c5d21-3a4e-4b7f-9e12-6c5a0b9d4e31} */
static const GUID wt_data_guid = { 0x8f0c5d21, 0x3a4e, 0x4b7f,
	{ 0x9e, 0x12, 0x6c, 0x5a, 0x0b, 0x9d, 0x4e, 0x31 } };
/* {8f0c5d22-3a4e-4b7f-9e12-6c5a0b9d4e31} */
static const GUID wt_event_guid = { 0x8f0c5d22, 0x3a4e, 0x4b7f,
	{ 0x9e, 0x12, 0x6c, 0x5a, 0x0b, 0x9d, 0x4e, 0x31 } };
/* {8f0c5d23-...}: registered by nobody */
static const GUID wt_other_guid = { 0x8f0c5d23, 0x3a4e, 0x4b7f,
	{ 0x9e, 0x12, 0x6c, 0x5a, 0x0b, 0x9d, 0x4e, 0x31 } };

static UNICODE_STRING wt_path = RTL_CONSTANT_STRING(L"\\REGISTRY\\MACHINE\\WmiTest");

struct wt {
	struct wdmdma_test_dev td;
	PDRIVER_OBJECT drv;
	PDEVICE_OBJECT pdo, fdo;
	WMIGUIDREGINFO guids[2];
	WMILIB_CONTEXT ctx;
	ULONG counter[WT_INSTANCES], setting[WT_INSTANCES];
	int reginfo_calls, query_calls, set_calls, item_calls, method_calls;
	UCHAR reginfo_minor;
	int fc_calls, collect_on, collect_off;
	bool events_on;
	SYSCTL_IRP_DISPOSITION last_disp;
};

static struct wt *wt_cur;

static struct wt *wt_of(PDEVICE_OBJECT dev)
{
	return *(struct wt **)dev->DeviceExtension;
}

/* Instance i: the first i + 1 of { counter, setting, 0xC0DE000i } */
static ULONG wt_len(ULONG i)
{
	return (i + 1) * sizeof(ULONG);
}

static void wt_fill(struct wt *s, ULONG i, PUCHAR buf)
{
	ULONG v[3] = { s->counter[i], s->setting[i], 0xC0DE0000 | i };

	memcpy(buf, v, wt_len(i));
}

static NTSTATUS wt_reginfo(PDEVICE_OBJECT dev, PULONG RegFlags, PUNICODE_STRING InstanceName,
			   PUNICODE_STRING *RegistryPath, PUNICODE_STRING MofResourceName,
			   PDEVICE_OBJECT *Pdo)
{
	struct wt *s = wt_of(dev);

	s->reginfo_calls++;
	*RegFlags = WMIREG_FLAG_INSTANCE_PDO;
	*RegistryPath = &wt_path;
	RtlInitUnicodeString(MofResourceName, L"WmiTestMof");
	*Pdo = s->pdo;
	return STATUS_SUCCESS;
}

static NTSTATUS wt_query(PDEVICE_OBJECT dev, PIRP Irp, ULONG GuidIndex, ULONG InstanceIndex,
			 ULONG InstanceCount, PULONG InstanceLengthArray, ULONG BufferAvail,
			 PUCHAR Buffer)
{
	struct wt *s = wt_of(dev);
	ULONG i, need = 0, at = 0;

	s->query_calls++;
	if (GuidIndex != WT_DATA)
		return WmiCompleteRequest(dev, Irp, STATUS_WMI_GUID_NOT_FOUND, 0, IO_NO_INCREMENT);
	for (i = InstanceIndex; i < InstanceIndex + InstanceCount; i++)
		need = ALIGN(need, 8) + wt_len(i);
	if (!InstanceLengthArray || BufferAvail < need)
		return WmiCompleteRequest(dev, Irp, STATUS_BUFFER_TOO_SMALL, need,
					  IO_NO_INCREMENT);
	for (i = 0; i < InstanceCount; i++) {
		at = ALIGN(at, 8);
		wt_fill(s, InstanceIndex + i, Buffer + at);
		InstanceLengthArray[i] = wt_len(InstanceIndex + i);
		at += wt_len(InstanceIndex + i);
	}
	return WmiCompleteRequest(dev, Irp, STATUS_SUCCESS, at, IO_NO_INCREMENT);
}

static NTSTATUS wt_set_block(PDEVICE_OBJECT dev, PIRP Irp, ULONG GuidIndex, ULONG InstanceIndex,
			     ULONG BufferSize, PUCHAR Buffer)
{
	struct wt *s = wt_of(dev);
	NTSTATUS status = STATUS_WMI_SET_FAILURE;

	s->set_calls++;
	if (BufferSize == 2 * sizeof(ULONG)) {
		/* the counter is read-only: only the setting changes */
		memcpy(&s->setting[InstanceIndex], Buffer + sizeof(ULONG), sizeof(ULONG));
		status = STATUS_SUCCESS;
	}
	return WmiCompleteRequest(dev, Irp, status, 0, IO_NO_INCREMENT);
}

static NTSTATUS wt_set_item(PDEVICE_OBJECT dev, PIRP Irp, ULONG GuidIndex, ULONG InstanceIndex,
			    ULONG DataItemId, ULONG BufferSize, PUCHAR Buffer)
{
	struct wt *s = wt_of(dev);
	NTSTATUS status;

	s->item_calls++;
	if (DataItemId == WT_ITEM_COUNTER) {
		status = STATUS_WMI_READ_ONLY;
	} else if (DataItemId != WT_ITEM_SETTING) {
		status = STATUS_WMI_ITEMID_NOT_FOUND;
	} else if (BufferSize != sizeof(ULONG)) {
		status = STATUS_WMI_SET_FAILURE;
	} else {
		memcpy(&s->setting[InstanceIndex], Buffer, sizeof(ULONG));
		status = STATUS_SUCCESS;
	}
	return WmiCompleteRequest(dev, Irp, status, 0, IO_NO_INCREMENT);
}

static NTSTATUS wt_method(PDEVICE_OBJECT dev, PIRP Irp, ULONG GuidIndex, ULONG InstanceIndex,
			  ULONG MethodId, ULONG InBufferSize, ULONG OutBufferSize, PUCHAR Buffer)
{
	struct wt *s = wt_of(dev);
	ULONG add;

	s->method_calls++;
	if (MethodId != WT_METHOD_ADD)
		return WmiCompleteRequest(dev, Irp, STATUS_WMI_ITEMID_NOT_FOUND, 0,
					  IO_NO_INCREMENT);
	if (InBufferSize < sizeof(ULONG))
		return WmiCompleteRequest(dev, Irp, STATUS_INVALID_PARAMETER, 0, IO_NO_INCREMENT);
	/* out: the new counter and the setting */
	if (OutBufferSize < 2 * sizeof(ULONG))
		return WmiCompleteRequest(dev, Irp, STATUS_BUFFER_TOO_SMALL, 2 * sizeof(ULONG),
					  IO_NO_INCREMENT);
	memcpy(&add, Buffer, sizeof(add));
	s->counter[InstanceIndex] += add;
	memcpy(Buffer, &s->counter[InstanceIndex], sizeof(ULONG));
	memcpy(Buffer + sizeof(ULONG), &s->setting[InstanceIndex], sizeof(ULONG));
	return WmiCompleteRequest(dev, Irp, STATUS_SUCCESS, 2 * sizeof(ULONG), IO_NO_INCREMENT);
}

static NTSTATUS wt_control(PDEVICE_OBJECT dev, PIRP Irp, ULONG GuidIndex,
			   WMIENABLEDISABLECONTROL Function, BOOLEAN Enable)
{
	struct wt *s = wt_of(dev);

	s->fc_calls++;
	if (Function == WmiEventControl && GuidIndex == WT_EVENT)
		s->events_on = Enable;
	else if (Function == WmiDataBlockControl && GuidIndex == WT_DATA)
		Enable ? s->collect_on++ : s->collect_off++;
	return WmiCompleteRequest(dev, Irp, STATUS_SUCCESS, 0, IO_NO_INCREMENT);
}

/* The driver's IRP_MJ_SYSTEM_CONTROL, as a WMILIB driver writes it */
static NTSTATUS wt_system_control(PDEVICE_OBJECT dev, PIRP Irp)
{
	struct wt *s = wt_of(dev);
	SYSCTL_IRP_DISPOSITION disp;
	NTSTATUS status;
	UCHAR minor = IoGetCurrentIrpStackLocation(Irp)->MinorFunction;

	if (minor == IRP_MN_REGINFO || minor == IRP_MN_REGINFO_EX)
		s->reginfo_minor = minor;
	status = WmiSystemControl(&s->ctx, dev, Irp, &disp);
	s->last_disp = disp;
	switch (disp) {
	case IrpProcessed:
		break;
	case IrpNotCompleted:
		IoCompleteRequest(Irp, IO_NO_INCREMENT);
		break;
	default:	/* IrpForward, IrpNotWmi */
		IoSkipCurrentIrpStackLocation(Irp);
		status = IoCallDriver(s->pdo, Irp);
		break;
	}
	return status;
}

static NTSTATUS wt_dispatch(PDEVICE_OBJECT dev, PIRP Irp)
{
	if (IoGetCurrentIrpStackLocation(Irp)->MajorFunction == IRP_MJ_SYSTEM_CONTROL)
		return wt_system_control(dev, Irp);
	Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
	IoCompleteRequest(Irp, IO_NO_INCREMENT);
	return STATUS_INVALID_DEVICE_REQUEST;
}

static void wt_exit(struct kunit *test)
{
	struct wt *s = wt_cur;

	wt_cur = NULL;
	if (!s)
		return;
	if (s->fdo) {
		IoDetachDevice(s->pdo);
		IoDeleteDevice(s->fdo);
	}
	wdmdma_pdo_destroy(s->pdo);
	if (s->drv)
		wdmdma_driver_destroy(s->drv);
	wdmdma_test_dev_destroy(&s->td);
}

static struct wt *wt_get(struct kunit *test)
{
	struct wt *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	ULONG i;

	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_ASSERT_EQ(test, wdmdma_test_dev_create(test, &s->td), 0);
	wt_cur = s;
	s->drv = wdmdma_driver_create("wdmdma-wmi-test");
	s->pdo = wdmdma_pdo_create(s->td.dev);
	KUNIT_ASSERT_TRUE(test, s->drv && s->pdo);
	for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)
		s->drv->MajorFunction[i] = wt_dispatch;
	KUNIT_ASSERT_EQ(test, IoCreateDevice(s->drv, sizeof(struct wt *), NULL,
					     FILE_DEVICE_UNKNOWN, 0, FALSE, &s->fdo),
			STATUS_SUCCESS);
	*(struct wt **)s->fdo->DeviceExtension = s;
	KUNIT_ASSERT_PTR_EQ(test, IoAttachDeviceToDeviceStack(s->fdo, s->pdo), s->pdo);
	s->fdo->Flags &= ~DO_DEVICE_INITIALIZING;
	for (i = 0; i < WT_INSTANCES; i++) {
		s->counter[i] = 100 * (i + 1);
		s->setting[i] = i;
	}
	s->guids[WT_DATA].Guid = &wt_data_guid;
	s->guids[WT_DATA].InstanceCount = WT_INSTANCES;
	s->guids[WT_DATA].Flags = WMIREG_FLAG_EXPENSIVE;
	s->guids[WT_EVENT].Guid = &wt_event_guid;
	s->guids[WT_EVENT].InstanceCount = 1;
	s->guids[WT_EVENT].Flags = WMIREG_FLAG_EVENT_ONLY_GUID;
	s->ctx.GuidCount = 2;
	s->ctx.GuidList = s->guids;
	s->ctx.QueryWmiRegInfo = wt_reginfo;
	s->ctx.QueryWmiDataBlock = wt_query;
	s->ctx.SetWmiDataBlock = wt_set_block;
	s->ctx.SetWmiDataItem = wt_set_item;
	s->ctx.ExecuteWmiMethod = wt_method;
	s->ctx.WmiFunctionControl = wt_control;
	return s;
}

/* A WMI IRP as WMI sends it: one location, current, for @s->fdo */
static PIRP wt_irp(struct kunit *test, struct wt *s, UCHAR minor, ULONG_PTR provider,
		   const GUID *guid, void *buf, ULONG size)
{
	PIRP irp = IoAllocateIrp(2, FALSE);
	PIO_STACK_LOCATION sl;

	KUNIT_ASSERT_NOT_NULL(test, irp);
	IoSetNextIrpStackLocation(irp);
	sl = IoGetCurrentIrpStackLocation(irp);
	sl->MajorFunction = IRP_MJ_SYSTEM_CONTROL;
	sl->MinorFunction = minor;
	sl->DeviceObject = s->fdo;
	sl->Parameters.WMI.ProviderId = provider;
	sl->Parameters.WMI.DataPath = (PVOID)guid;
	sl->Parameters.WMI.BufferSize = size;
	sl->Parameters.WMI.Buffer = buf;
	irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
	irp->IoStatus.Information = 0;
	return irp;
}

/* Through WmiSystemControl directly; returns the disposition */
static SYSCTL_IRP_DISPOSITION wt_call(struct wt *s, PIRP irp, NTSTATUS *status)
{
	SYSCTL_IRP_DISPOSITION disp = IrpNotCompleted;

	*status = WmiSystemControl(&s->ctx, s->fdo, irp, &disp);
	return disp;
}

static void wt_header(WNODE_HEADER *h, struct wt *s, const GUID *guid, ULONG size, ULONG flags)
{
	h->BufferSize = size;
	h->ProviderId = IoWMIDeviceObjectToProviderId(s->fdo);
	h->Guid = *guid;
	h->Flags = flags;
}

/* Registration: one REGINFO_EX IRP, QueryWmiRegInfo once, the GUIDs recorded */
static void wmi_register(struct kunit *test)
{
	struct wt *s = wt_get(test);
	char path[96], mof[32];
	ULONG flags, instances;
	GUID g;

	KUNIT_ASSERT_EQ(test, IoWMIRegistrationControl(s->fdo, WMIREG_ACTION_REGISTER),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, s->reginfo_calls, 1);
	KUNIT_EXPECT_EQ(test, s->reginfo_minor, IRP_MN_REGINFO_EX);
	KUNIT_EXPECT_EQ(test, s->last_disp, IrpProcessed);
	KUNIT_ASSERT_EQ(test, wdmdma_wmi_guid_info(s->fdo, 0, &g, &flags, &instances),
			STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, IsEqualGUID(&g, &wt_data_guid));
	KUNIT_EXPECT_EQ(test, flags, WMIREG_FLAG_EXPENSIVE | WMIREG_FLAG_INSTANCE_PDO);
	KUNIT_EXPECT_EQ(test, instances, WT_INSTANCES);
	KUNIT_ASSERT_EQ(test, wdmdma_wmi_guid_info(s->fdo, 1, &g, &flags, &instances),
			STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, IsEqualGUID(&g, &wt_event_guid));
	KUNIT_EXPECT_EQ(test, flags, WMIREG_FLAG_EVENT_ONLY_GUID | WMIREG_FLAG_INSTANCE_PDO);
	KUNIT_EXPECT_EQ(test, instances, 1);
	KUNIT_EXPECT_EQ(test, wdmdma_wmi_guid_info(s->fdo, 2, &g, &flags, &instances),
			STATUS_NO_MORE_ENTRIES);
	KUNIT_ASSERT_EQ(test, wdmdma_wmi_names(s->fdo, path, mof, sizeof(mof)), 0);
	KUNIT_EXPECT_STREQ(test, mof, "WmiTestMof");
	KUNIT_ASSERT_EQ(test, wdmdma_wmi_names(s->fdo, path, mof, sizeof(path)), 0);
	KUNIT_EXPECT_STREQ(test, path, "\\REGISTRY\\MACHINE\\WmiTest");

	/* twice: refused, reported; the driver is not asked again */
	KUNIT_EXPECT_EQ(test, IoWMIRegistrationControl(s->fdo, WMIREG_ACTION_REGISTER),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, s->reginfo_calls, 1);
	/* REREGISTER asks again */
	KUNIT_EXPECT_EQ(test, IoWMIRegistrationControl(s->fdo, WMIREG_ACTION_REREGISTER),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, s->reginfo_calls, 2);

	/* deregistration, as at remove */
	KUNIT_EXPECT_EQ(test, IoWMIRegistrationControl(s->fdo, WMIREG_ACTION_DEREGISTER),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wdmdma_wmi_guid_info(s->fdo, 0, &g, &flags, &instances),
			STATUS_NOT_FOUND);
	KUNIT_EXPECT_EQ(test, IoWMIRegistrationControl(s->fdo, WMIREG_ACTION_DEREGISTER),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, IoWMIRegistrationControl(NULL, WMIREG_ACTION_REGISTER),
			STATUS_INVALID_PARAMETER);
}

/* The WMIREGINFO WmiSystemControl builds, byte for byte; too small: the size */
static void wmi_reginfo(struct kunit *test)
{
	static const WCHAR wpath[] = L"\\REGISTRY\\MACHINE\\WmiTest";
	static const WCHAR wmof[] = L"WmiTestMof";
	struct wt *s = wt_get(test);
	ULONG size = 0x18 + 2 * 0x20 + 2 + sizeof(wpath) - 2 + 2 + sizeof(wmof) - 2;
	UCHAR *buf = kunit_kzalloc(test, 512, GFP_KERNEL);
	UCHAR *want = kunit_kzalloc(test, 512, GFP_KERNEL);
	PWMIREGINFO w = (PWMIREGINFO)want;
	USHORT len;
	NTSTATUS status;
	PIRP irp;

	KUNIT_ASSERT_TRUE(test, buf && want);
	w->BufferSize = size;
	w->RegistryPath = 0x58;
	w->MofResourceName = 0x58 + 2 + sizeof(wpath) - 2;
	w->GuidCount = 2;
	w->WmiRegGuid[0].Guid = wt_data_guid;
	w->WmiRegGuid[0].Flags = WMIREG_FLAG_EXPENSIVE | WMIREG_FLAG_INSTANCE_PDO;
	w->WmiRegGuid[0].InstanceCount = WT_INSTANCES;
	w->WmiRegGuid[0].Pdo = (ULONG_PTR)s->pdo;
	w->WmiRegGuid[1].Guid = wt_event_guid;
	w->WmiRegGuid[1].Flags = WMIREG_FLAG_EVENT_ONLY_GUID | WMIREG_FLAG_INSTANCE_PDO;
	w->WmiRegGuid[1].InstanceCount = 1;
	w->WmiRegGuid[1].Pdo = (ULONG_PTR)s->pdo;
	len = sizeof(wpath) - 2;
	memcpy(want + 0x58, &len, 2);
	memcpy(want + 0x5a, wpath, len);
	len = sizeof(wmof) - 2;
	memcpy(want + w->MofResourceName, &len, 2);
	memcpy(want + w->MofResourceName + 2, wmof, len);

	irp = wt_irp(test, s, IRP_MN_REGINFO_EX, (ULONG_PTR)s->fdo, (const GUID *)WMIREGISTER,
		     buf, 512);
	KUNIT_EXPECT_EQ(test, wt_call(s, irp, &status), IrpProcessed);
	KUNIT_EXPECT_EQ(test, status, STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, irp->IoStatus.Status, STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, irp->IoStatus.Information, size);
	KUNIT_EXPECT_EQ(test, memcmp(buf, want, 512), 0);
	KUNIT_EXPECT_EQ(test, s->reginfo_calls, 1);
	IoFreeIrp(irp);

	/* too small: the size needed in a ULONG */
	memset(buf, 0, 512);
	irp = wt_irp(test, s, IRP_MN_REGINFO, (ULONG_PTR)s->fdo, (const GUID *)WMIREGISTER,
		     buf, 0x20);
	KUNIT_EXPECT_EQ(test, wt_call(s, irp, &status), IrpProcessed);
	KUNIT_EXPECT_EQ(test, status, STATUS_BUFFER_TOO_SMALL);
	KUNIT_EXPECT_EQ(test, irp->IoStatus.Information, sizeof(ULONG));
	KUNIT_EXPECT_EQ(test, *(PULONG)buf, size);
	IoFreeIrp(irp);
}

/* QUERY_ALL_DATA: the WNODE_ALL_DATA byte for byte; too small; unknown GUID */
static void wmi_all_data(struct kunit *test)
{
	struct wt *s = wt_get(test);
	UCHAR *buf = kunit_kzalloc(test, 256, GFP_KERNEL);
	UCHAR *want = kunit_kzalloc(test, 256, GFP_KERNEL);
	PWNODE_ALL_DATA w = (PWNODE_ALL_DATA)want;
	PWNODE_TOO_SMALL t;
	NTSTATUS status;
	PIRP irp;
	ULONG i;

	KUNIT_ASSERT_TRUE(test, buf && want);
	/* three instances of 4, 8 and 12 bytes, 8-aligned after the table */
	wt_header(&w->WnodeHeader, s, &wt_data_guid, 0x74, WNODE_FLAG_ALL_DATA);
	w->DataBlockOffset = 0x58;
	w->InstanceCount = 3;
	for (i = 0; i < 3; i++) {
		w->OffsetInstanceDataAndLength[i].OffsetInstanceData = 0x58 + 8 * i;
		w->OffsetInstanceDataAndLength[i].LengthInstanceData = wt_len(i);
		wt_fill(s, i, want + 0x58 + 8 * i);
	}
	wt_header((PWNODE_HEADER)buf, s, &wt_data_guid, 256, WNODE_FLAG_ALL_DATA);
	irp = wt_irp(test, s, IRP_MN_QUERY_ALL_DATA, (ULONG_PTR)s->fdo, &wt_data_guid, buf, 256);
	KUNIT_EXPECT_EQ(test, wt_call(s, irp, &status), IrpProcessed);
	KUNIT_EXPECT_EQ(test, status, STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, irp->IoStatus.Status, STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, irp->IoStatus.Information, 0x74);
	KUNIT_EXPECT_EQ(test, memcmp(buf, want, 256), 0);
	IoFreeIrp(irp);

	/* a buffer that holds no instance table, and one too small for the data */
	for (i = 0; i < 2; i++) {
		ULONG size = i ? 0x60 : 0x40;

		memset(buf, 0, 256);
		wt_header((PWNODE_HEADER)buf, s, &wt_data_guid, size, WNODE_FLAG_ALL_DATA);
		irp = wt_irp(test, s, IRP_MN_QUERY_ALL_DATA, (ULONG_PTR)s->fdo, &wt_data_guid,
			     buf, size);
		KUNIT_EXPECT_EQ(test, wt_call(s, irp, &status), IrpProcessed);
		KUNIT_EXPECT_EQ(test, status, STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, irp->IoStatus.Information, sizeof(WNODE_TOO_SMALL));
		t = (PWNODE_TOO_SMALL)buf;
		KUNIT_EXPECT_EQ(test, t->WnodeHeader.BufferSize, sizeof(WNODE_TOO_SMALL));
		KUNIT_EXPECT_EQ(test, t->WnodeHeader.Flags,
				WNODE_FLAG_ALL_DATA | WNODE_FLAG_TOO_SMALL);
		KUNIT_EXPECT_EQ(test, t->SizeNeeded, 0x74);
		IoFreeIrp(irp);
	}
	/* smaller than a WNODE_TOO_SMALL: failed, the driver not asked */
	i = s->query_calls;
	irp = wt_irp(test, s, IRP_MN_QUERY_ALL_DATA, (ULONG_PTR)s->fdo, &wt_data_guid, buf, 0x30);
	KUNIT_EXPECT_EQ(test, wt_call(s, irp, &status), IrpProcessed);
	KUNIT_EXPECT_EQ(test, status, STATUS_BUFFER_TOO_SMALL);
	KUNIT_EXPECT_EQ(test, irp->IoStatus.Status, STATUS_BUFFER_TOO_SMALL);
	KUNIT_EXPECT_EQ(test, s->query_calls, (int)i);
	IoFreeIrp(irp);

	/* a GUID the driver does not have */
	irp = wt_irp(test, s, IRP_MN_QUERY_ALL_DATA, (ULONG_PTR)s->fdo, &wt_other_guid, buf, 256);
	KUNIT_EXPECT_EQ(test, wt_call(s, irp, &status), IrpProcessed);
	KUNIT_EXPECT_EQ(test, status, STATUS_WMI_GUID_NOT_FOUND);
	KUNIT_EXPECT_EQ(test, irp->IoStatus.Status, STATUS_WMI_GUID_NOT_FOUND);
	KUNIT_EXPECT_EQ(test, s->query_calls, (int)i);
	IoFreeIrp(irp);
}

/* QUERY_SINGLE_INSTANCE, CHANGE_SINGLE_INSTANCE, CHANGE_SINGLE_ITEM; bad index */
static void wmi_single(struct kunit *test)
{
	struct wt *s = wt_get(test);
	UCHAR *buf = kunit_kzalloc(test, 256, GFP_KERNEL);
	UCHAR *want = kunit_kzalloc(test, 256, GFP_KERNEL);
	PWNODE_SINGLE_INSTANCE w = (PWNODE_SINGLE_INSTANCE)buf;
	PWNODE_SINGLE_ITEM it = (PWNODE_SINGLE_ITEM)buf;
	ULONG v[2] = { 7, 0x5e77 }, one = 0x1234;
	NTSTATUS status;
	PIRP irp;
	int calls;

	KUNIT_ASSERT_TRUE(test, buf && want);
	wt_header(&w->WnodeHeader, s, &wt_data_guid, 0x80, WNODE_FLAG_SINGLE_INSTANCE |
		  WNODE_FLAG_STATIC_INSTANCE_NAMES);
	w->InstanceIndex = 2;
	w->DataBlockOffset = 0x40;
	memcpy(want, buf, 0x40);
	((PWNODE_SINGLE_INSTANCE)want)->WnodeHeader.BufferSize = 0x4c;
	((PWNODE_SINGLE_INSTANCE)want)->SizeDataBlock = 12;
	wt_fill(s, 2, want + 0x40);
	irp = wt_irp(test, s, IRP_MN_QUERY_SINGLE_INSTANCE, (ULONG_PTR)s->fdo, &wt_data_guid,
		     buf, 0x80);
	KUNIT_EXPECT_EQ(test, wt_call(s, irp, &status), IrpProcessed);
	KUNIT_EXPECT_EQ(test, status, STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, irp->IoStatus.Information, 0x4c);
	KUNIT_EXPECT_EQ(test, memcmp(buf, want, 256), 0);
	IoFreeIrp(irp);

	/* an instance the block does not have: the driver is not asked */
	calls = s->query_calls;
	w->InstanceIndex = WT_INSTANCES;
	irp = wt_irp(test, s, IRP_MN_QUERY_SINGLE_INSTANCE, (ULONG_PTR)s->fdo, &wt_data_guid,
		     buf, 0x80);
	KUNIT_EXPECT_EQ(test, wt_call(s, irp, &status), IrpProcessed);
	KUNIT_EXPECT_EQ(test, status, STATUS_WMI_INSTANCE_NOT_FOUND);
	KUNIT_EXPECT_EQ(test, irp->IoStatus.Status, STATUS_WMI_INSTANCE_NOT_FOUND);
	KUNIT_EXPECT_EQ(test, s->query_calls, calls);
	IoFreeIrp(irp);

	/* CHANGE_SINGLE_INSTANCE: the setting of instance 1 changes */
	w->InstanceIndex = 1;
	w->SizeDataBlock = sizeof(v);
	memcpy(buf + 0x40, v, sizeof(v));
	irp = wt_irp(test, s, IRP_MN_CHANGE_SINGLE_INSTANCE, (ULONG_PTR)s->fdo, &wt_data_guid,
		     buf, 0x80);
	KUNIT_EXPECT_EQ(test, wt_call(s, irp, &status), IrpProcessed);
	KUNIT_EXPECT_EQ(test, status, STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, s->setting[1], 0x5e77);
	KUNIT_EXPECT_EQ(test, s->counter[1], 200);
	IoFreeIrp(irp);

	/* CHANGE_SINGLE_ITEM: the setting changes, the counter is read-only */
	memset(buf, 0, 256);
	wt_header(&it->WnodeHeader, s, &wt_data_guid, 0x80, WNODE_FLAG_SINGLE_ITEM);
	it->InstanceIndex = 0;
	it->ItemId = WT_ITEM_SETTING;
	it->DataBlockOffset = 0x48;
	it->SizeDataItem = sizeof(one);
	memcpy(buf + 0x48, &one, sizeof(one));
	irp = wt_irp(test, s, IRP_MN_CHANGE_SINGLE_ITEM, (ULONG_PTR)s->fdo, &wt_data_guid,
		     buf, 0x80);
	KUNIT_EXPECT_EQ(test, wt_call(s, irp, &status), IrpProcessed);
	KUNIT_EXPECT_EQ(test, status, STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, s->setting[0], 0x1234);
	IoFreeIrp(irp);
	it->ItemId = WT_ITEM_COUNTER;
	irp = wt_irp(test, s, IRP_MN_CHANGE_SINGLE_ITEM, (ULONG_PTR)s->fdo, &wt_data_guid,
		     buf, 0x80);
	KUNIT_EXPECT_EQ(test, wt_call(s, irp, &status), IrpProcessed);
	KUNIT_EXPECT_EQ(test, status, STATUS_WMI_READ_ONLY);
	KUNIT_EXPECT_EQ(test, irp->IoStatus.Status, STATUS_WMI_READ_ONLY);
	KUNIT_EXPECT_EQ(test, s->counter[0], 100);
	IoFreeIrp(irp);

	/* a driver without SetWmiDataItem: read-only, completed for it */
	s->ctx.SetWmiDataItem = NULL;
	calls = s->item_calls;
	irp = wt_irp(test, s, IRP_MN_CHANGE_SINGLE_ITEM, (ULONG_PTR)s->fdo, &wt_data_guid,
		     buf, 0x80);
	KUNIT_EXPECT_EQ(test, wt_call(s, irp, &status), IrpProcessed);
	KUNIT_EXPECT_EQ(test, status, STATUS_WMI_READ_ONLY);
	KUNIT_EXPECT_EQ(test, s->item_calls, calls);
	IoFreeIrp(irp);
}

/* EXECUTE_METHOD: input in, output out, SizeDataBlock; output too small */
static void wmi_method(struct kunit *test)
{
	struct wt *s = wt_get(test);
	UCHAR *buf = kunit_kzalloc(test, 256, GFP_KERNEL);
	PWNODE_METHOD_ITEM m = (PWNODE_METHOD_ITEM)buf;
	ULONG add = 5, out[2];
	NTSTATUS status;
	PIRP irp;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	wt_header(&m->WnodeHeader, s, &wt_data_guid, 0x80, WNODE_FLAG_METHOD_ITEM);
	m->InstanceIndex = 2;
	m->MethodId = WT_METHOD_ADD;
	m->DataBlockOffset = 0x48;
	m->SizeDataBlock = sizeof(add);
	memcpy(buf + 0x48, &add, sizeof(add));
	irp = wt_irp(test, s, IRP_MN_EXECUTE_METHOD, (ULONG_PTR)s->fdo, &wt_data_guid, buf, 0x80);
	KUNIT_EXPECT_EQ(test, wt_call(s, irp, &status), IrpProcessed);
	KUNIT_EXPECT_EQ(test, status, STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, irp->IoStatus.Information, 0x50);
	KUNIT_EXPECT_EQ(test, m->WnodeHeader.BufferSize, 0x50);
	KUNIT_EXPECT_EQ(test, m->SizeDataBlock, 2 * sizeof(ULONG));
	memcpy(out, buf + 0x48, sizeof(out));
	KUNIT_EXPECT_EQ(test, out[0], 305);
	KUNIT_EXPECT_EQ(test, out[1], 2);
	IoFreeIrp(irp);

	/* no room for the output: WNODE_TOO_SMALL naming the whole size */
	m->WnodeHeader.Flags = WNODE_FLAG_METHOD_ITEM;
	m->SizeDataBlock = sizeof(add);
	irp = wt_irp(test, s, IRP_MN_EXECUTE_METHOD, (ULONG_PTR)s->fdo, &wt_data_guid, buf, 0x4c);
	KUNIT_EXPECT_EQ(test, wt_call(s, irp, &status), IrpProcessed);
	KUNIT_EXPECT_EQ(test, status, STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, irp->IoStatus.Information, sizeof(WNODE_TOO_SMALL));
	KUNIT_EXPECT_EQ(test, ((PWNODE_TOO_SMALL)buf)->SizeNeeded, 0x50);
	KUNIT_EXPECT_TRUE(test, ((PWNODE_HEADER)buf)->Flags & WNODE_FLAG_TOO_SMALL);
	KUNIT_EXPECT_EQ(test, s->counter[2], 305);
	IoFreeIrp(irp);
}

/* IrpForward for another provider, IrpNotWmi for another minor; via the stack */
static void wmi_dispositions(struct kunit *test)
{
	struct wt *s = wt_get(test);
	UCHAR *buf = kunit_kzalloc(test, 256, GFP_KERNEL);
	NTSTATUS status;
	PIRP irp;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	irp = wt_irp(test, s, IRP_MN_QUERY_ALL_DATA, (ULONG_PTR)s->pdo, &wt_data_guid, buf, 256);
	KUNIT_EXPECT_EQ(test, wt_call(s, irp, &status), IrpForward);
	KUNIT_EXPECT_EQ(test, status, STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, s->query_calls, 0);
	/* the driver passes it down; the PDO leaves its status */
	IoSkipCurrentIrpStackLocation(irp);	/* IoCallDriver sets it again */
	KUNIT_EXPECT_EQ(test, IoCallDriver(s->fdo, irp), STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, s->last_disp, IrpForward);
	KUNIT_EXPECT_EQ(test, irp->IoStatus.Status, STATUS_NOT_SUPPORTED);
	IoFreeIrp(irp);

	irp = wt_irp(test, s, 0x0c, (ULONG_PTR)s->fdo, &wt_data_guid, buf, 256);
	KUNIT_EXPECT_EQ(test, wt_call(s, irp, &status), IrpNotWmi);
	KUNIT_EXPECT_EQ(test, status, STATUS_NOT_SUPPORTED);
	IoFreeIrp(irp);

	/* through the driver's dispatch routine: processed */
	wt_header((PWNODE_HEADER)buf, s, &wt_data_guid, 256, WNODE_FLAG_ALL_DATA);
	irp = wt_irp(test, s, IRP_MN_QUERY_ALL_DATA, (ULONG_PTR)s->fdo, &wt_data_guid, buf, 256);
	IoSkipCurrentIrpStackLocation(irp);	/* IoCallDriver sets it again */
	KUNIT_EXPECT_EQ(test, IoCallDriver(s->fdo, irp), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, s->last_disp, IrpProcessed);
	KUNIT_EXPECT_EQ(test, ((PWNODE_ALL_DATA)buf)->InstanceCount, WT_INSTANCES);
	IoFreeIrp(irp);
}

/* FUNCTION_CONTROL for events and collection; WmiFireEvent recorded, freed */
static void wmi_events(struct kunit *test)
{
	struct wt *s = wt_get(test);
	UCHAR *buf = kunit_kzalloc(test, 256, GFP_KERNEL);
	UCHAR last[0x60];
	PWNODE_SINGLE_INSTANCE e = (PWNODE_SINGLE_INSTANCE)last;
	ULONG size, *data;
	NTSTATUS status;
	PIRP irp;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, IoWMIRegistrationControl(s->fdo, WMIREG_ACTION_REGISTER),
			STATUS_SUCCESS);
	wt_header((PWNODE_HEADER)buf, s, &wt_event_guid, sizeof(WNODE_HEADER), 0);
	irp = wt_irp(test, s, IRP_MN_ENABLE_EVENTS, (ULONG_PTR)s->fdo, &wt_event_guid, buf,
		     sizeof(WNODE_HEADER));
	KUNIT_EXPECT_EQ(test, wt_call(s, irp, &status), IrpProcessed);
	KUNIT_EXPECT_EQ(test, status, STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, s->events_on);
	IoFreeIrp(irp);
	irp = wt_irp(test, s, IRP_MN_ENABLE_COLLECTION, (ULONG_PTR)s->fdo, &wt_data_guid, buf,
		     sizeof(WNODE_HEADER));
	KUNIT_EXPECT_EQ(test, wt_call(s, irp, &status), IrpProcessed);
	KUNIT_EXPECT_EQ(test, s->collect_on, 1);
	IoFreeIrp(irp);
	irp = wt_irp(test, s, IRP_MN_DISABLE_COLLECTION, (ULONG_PTR)s->fdo, &wt_data_guid, buf,
		     sizeof(WNODE_HEADER));
	KUNIT_EXPECT_EQ(test, wt_call(s, irp, &status), IrpProcessed);
	KUNIT_EXPECT_EQ(test, s->collect_off, 1);
	IoFreeIrp(irp);

	/* the event, its data from pool, freed by WMI */
	data = ExAllocatePoolZero(NonPagedPoolNx, 8, 0x74736574);
	KUNIT_ASSERT_NOT_NULL(test, data);
	data[0] = 0xe1;
	data[1] = 0xe2;
	KUNIT_EXPECT_EQ(test, WmiFireEvent(s->fdo, &wt_event_guid, 0, 8, data), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wdmdma_wmi_events(s->fdo, last, sizeof(last), &size), 1);
	KUNIT_EXPECT_EQ(test, size, 0x48);
	KUNIT_EXPECT_EQ(test, e->WnodeHeader.BufferSize, 0x48);
	KUNIT_EXPECT_EQ(test, e->WnodeHeader.ProviderId, IoWMIDeviceObjectToProviderId(s->fdo));
	KUNIT_EXPECT_TRUE(test, IsEqualGUID(&e->WnodeHeader.Guid, &wt_event_guid));
	KUNIT_EXPECT_TRUE(test, e->WnodeHeader.Flags & WNODE_FLAG_EVENT_ITEM);
	KUNIT_EXPECT_EQ(test, e->DataBlockOffset, 0x40);
	KUNIT_EXPECT_EQ(test, e->SizeDataBlock, 8);
	KUNIT_EXPECT_EQ(test, ((PULONG)(last + 0x40))[0], 0xe1);
	KUNIT_EXPECT_EQ(test, ((PULONG)(last + 0x40))[1], 0xe2);
	/* a block nobody registered: not delivered, the data freed all the same */
	data = ExAllocatePoolZero(NonPagedPoolNx, 8, 0x74736574);
	KUNIT_ASSERT_NOT_NULL(test, data);
	KUNIT_EXPECT_EQ(test, WmiFireEvent(s->fdo, &wt_other_guid, 0, 8, data),
			STATUS_WMI_GUID_NOT_FOUND);
	KUNIT_EXPECT_EQ(test, WmiFireEvent(s->fdo, &wt_event_guid, 0, 0, NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wdmdma_wmi_events(s->fdo, NULL, 0, &size), 2);
	KUNIT_EXPECT_EQ(test, size, 0x40);

	irp = wt_irp(test, s, IRP_MN_DISABLE_EVENTS, (ULONG_PTR)s->fdo, &wt_event_guid, buf,
		     sizeof(WNODE_HEADER));
	KUNIT_EXPECT_EQ(test, wt_call(s, irp, &status), IrpProcessed);
	KUNIT_EXPECT_FALSE(test, s->events_on);
	IoFreeIrp(irp);
	KUNIT_EXPECT_EQ(test, IoWMIRegistrationControl(s->fdo, WMIREG_ACTION_DEREGISTER),
			STATUS_SUCCESS);
}

/* The manager's query and the debugfs file: collection bracketed, data read */
static void wmi_query_debugfs(struct kunit *test)
{
	struct wt *s = wt_get(test);
	PWNODE_ALL_DATA w;
	char path[160], *text;
	struct file *f;
	loff_t pos = 0;
	ssize_t n;

	KUNIT_ASSERT_EQ(test, IoWMIRegistrationControl(s->fdo, WMIREG_ACTION_REGISTER),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, wdmdma_wmi_query_all(s->fdo, &wt_data_guid, &w), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, w->InstanceCount, WT_INSTANCES);
	KUNIT_EXPECT_EQ(test, w->WnodeHeader.BufferSize, 0x74);
	KUNIT_EXPECT_EQ(test, *(PULONG)((PUCHAR)w + w->OffsetInstanceDataAndLength[1]
					.OffsetInstanceData), 200);
	kfree(w);
	/* an expensive block: collection enabled around the query */
	KUNIT_EXPECT_EQ(test, s->collect_on, 1);
	KUNIT_EXPECT_EQ(test, s->collect_off, 1);
	KUNIT_EXPECT_EQ(test, wdmdma_wmi_query_all(s->fdo, &wt_event_guid, &w),
			STATUS_WMI_GUID_NOT_FOUND);

	text = kunit_kzalloc(test, 2048, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, text);
	snprintf(path, sizeof(path), "/sys/kernel/debug/wdmdma/wmi/%s/%pUl",
		 dev_name(s->td.dev), &wt_data_guid);
	f = filp_open(path, O_RDONLY, 0);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(f), "%s: %ld", path, PTR_ERR(f));
	n = kernel_read(f, text, 2047, &pos);
	filp_close(f, NULL);
	KUNIT_ASSERT_GT(test, n, 0);
	KUNIT_EXPECT_NOT_NULL(test, strstr(text, "instances: 3\n"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(text, "instance 2: 12 bytes\n"));
	/* instance 2: 300, 2, 0xC0DE0002, little-endian */
	KUNIT_EXPECT_NOT_NULL(test, strstr(text, "2c 01 00 00 02 00 00 00 02 00 de c0"));
	KUNIT_EXPECT_EQ(test, s->collect_on, 2);

	KUNIT_EXPECT_EQ(test, IoWMIRegistrationControl(s->fdo, WMIREG_ACTION_DEREGISTER),
			STATUS_SUCCESS);
	f = filp_open(path, O_RDONLY, 0);
	KUNIT_EXPECT_TRUE(test, IS_ERR(f));
	if (!IS_ERR(f))
		filp_close(f, NULL);
}

/* Misuse: reported, no crash; a device deleted while registered is dropped */
static void wmi_misuse(struct kunit *test)
{
	struct wt *s = wt_get(test);
	unsigned long v0 = wdmdma_violations(NULL);
	SYSCTL_IRP_DISPOSITION disp;
	NTSTATUS status;
	UCHAR buf[64];
	ULONG flags, instances;
	GUID g;
	PIRP irp;

	KUNIT_EXPECT_EQ(test, WmiSystemControl(NULL, s->fdo, NULL, &disp),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, disp, IrpNotCompleted);
	/* a request WmiSystemControl never handed out */
	irp = wt_irp(test, s, IRP_MN_QUERY_ALL_DATA, (ULONG_PTR)s->fdo, &wt_data_guid, buf,
		     sizeof(buf));
	KUNIT_EXPECT_EQ(test, WmiCompleteRequest(s->fdo, irp, STATUS_SUCCESS, 0, 0),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, irp->IoStatus.Status, STATUS_NOT_SUPPORTED);
	IoFreeIrp(irp);
	KUNIT_EXPECT_EQ(test, WmiFireEvent(NULL, &wt_event_guid, 0, 0, NULL),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, IoWMIWriteEvent(NULL), STATUS_INVALID_PARAMETER);
	/* a block without a GUID: the request fails, the driver is not called */
	s->guids[WT_EVENT].Guid = NULL;
	irp = wt_irp(test, s, IRP_MN_QUERY_ALL_DATA, (ULONG_PTR)s->fdo, &wt_data_guid, buf,
		     sizeof(buf));
	KUNIT_EXPECT_EQ(test, wt_call(s, irp, &status), IrpProcessed);
	KUNIT_EXPECT_EQ(test, status, STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, s->query_calls, 0);
	IoFreeIrp(irp);
	s->guids[WT_EVENT].Guid = &wt_event_guid;
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 5);

	KUNIT_ASSERT_EQ(test, IoWMIRegistrationControl(s->fdo, WMIREG_ACTION_REGISTER),
			STATUS_SUCCESS);
	IoDetachDevice(s->pdo);
	IoDeleteDevice(s->fdo);
	KUNIT_EXPECT_EQ(test, wdmdma_wmi_guid_info(s->fdo, 0, &g, &flags, &instances),
			STATUS_NOT_FOUND);
	s->fdo = NULL;
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 6);
}

static struct kunit_case wmi_cases[] = {
	KUNIT_CASE(wmi_register),
	KUNIT_CASE(wmi_reginfo),
	KUNIT_CASE(wmi_all_data),
	KUNIT_CASE(wmi_single),
	KUNIT_CASE(wmi_method),
	KUNIT_CASE(wmi_dispositions),
	KUNIT_CASE(wmi_events),
	KUNIT_CASE(wmi_query_debugfs),
	KUNIT_CASE(wmi_misuse),
	{}
};

struct kunit_suite wdmdma_wmi_suite = {
	.name = "wdmdma_wmi",
	.exit = wt_exit,
	.test_cases = wmi_cases,
};
