// SPDX-License-Identifier: GPL-2.0
/*
 * What the PDO's bus driver tells a driver about its device (rt/pdo.c), on
 * QEMU's edu PCI device: a driver-like FDO attached over the PDO sends
 * IRP_MN_QUERY_INTERFACE for GUID_BUS_INTERFACE_STANDARD down its stack and
 * reads and writes the real configuration space through it (compared with
 * what Linux reads), translates BAR0, does DMA through the adapter
 * GetDmaAdapter gives; IRP_MN_READ_CONFIG / _WRITE_CONFIG,
 * IoGetDeviceProperty(), IRP_MN_QUERY_CAPABILITIES,
 * IoInvalidateDeviceState() and the IRP_MN_QUERY_PNP_DEVICE_STATE it sends,
 * bus information, IDs and device text; and the misuses, reported.
 */
#include <linux/completion.h>
#include <linux/ctype.h>
#include <linux/pci.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include <wdm.h>
#undef __out
#include <initguid.h>
#include <wdmguid.h>
#include <wdmdma/binding.h>

#include "env.h"
#include "suites.h"
#include "target.h"

#define EDU_VENDOR	0x1234
#define EDU_DEVICE	0x11e8

/* What a driver uses to learn a string property's length */
#define BI_TEXT		512

/**
 * struct bi - the test's driver over the edu device's PDO
 * @test: the running test
 * @edu: the edu device, enabled, bus master, BAR0 mapped
 * @pdev: its PCI device
 * @drv: the test driver's object
 * @pdo: the PDO
 * @fdo: the driver's FDO, attached over @pdo
 * @lower: what @fdo is attached to
 * @state_flags: PNP_DEVICE_* bits the FDO adds to QUERY_PNP_DEVICE_STATE
 * @state_queries: QUERY_PNP_DEVICE_STATE IRPs the FDO saw
 * @state_preset: the IRP's status when it reached the FDO
 * @state_info: its Information when it reached the FDO
 * @state_lower: the status the PDO completed it with
 * @state_task: the task it came in
 * @state_done: completed by the FDO after each such IRP
 */
struct bi {
	struct kunit *test;
	struct wdmdma_edu edu;
	struct pci_dev *pdev;
	PDRIVER_OBJECT drv;
	PDEVICE_OBJECT pdo;
	PDEVICE_OBJECT fdo;
	PDEVICE_OBJECT lower;
	ULONG state_flags;
	atomic_t state_queries;
	NTSTATUS state_preset;
	ULONG_PTR state_info;
	NTSTATUS state_lower;
	struct task_struct *state_task;
	struct completion state_done;
};

/* The FDO's PnP dispatch: QUERY_PNP_DEVICE_STATE seen, all else passed down */
static NTSTATUS bi_fdo_pnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	struct bi *f = *(struct bi **)DeviceObject->DeviceExtension;
	PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(Irp);
	NTSTATUS st;

	if (sl->MinorFunction != IRP_MN_QUERY_PNP_DEVICE_STATE) {
		IoSkipCurrentIrpStackLocation(Irp);
		return IoCallDriver(f->lower, Irp);
	}
	f->state_preset = Irp->IoStatus.Status;
	f->state_info = Irp->IoStatus.Information;
	f->state_task = current;
	if (!IoForwardIrpSynchronously(f->lower, Irp))
		Irp->IoStatus.Status = STATUS_UNSUCCESSFUL;
	f->state_lower = Irp->IoStatus.Status;
	if (NT_SUCCESS(Irp->IoStatus.Status))
		Irp->IoStatus.Information |= f->state_flags;
	st = Irp->IoStatus.Status;
	IoCompleteRequest(Irp, IO_NO_INCREMENT);
	atomic_inc(&f->state_queries);
	complete(&f->state_done);
	return st;
}

static void bi_exit(struct kunit *test)
{
	struct bi *f = test->priv;

	if (!f)
		return;
	if (f->fdo) {
		IoDetachDevice(f->lower);
		IoDeleteDevice(f->fdo);
	}
	wdmdma_pdo_destroy(f->pdo);
	if (f->drv)
		wdmdma_driver_destroy(f->drv);
	wdmdma_edu_close(&f->edu);
}

/* The edu device, its PDO and the test driver's FDO over it */
static struct bi *bi_get(struct kunit *test)
{
	struct bi *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	f->test = test;
	init_completion(&f->state_done);
	KUNIT_ASSERT_EQ_MSG(test, wdmdma_edu_open(&f->edu), 0, "no edu device");
	test->priv = f;
	f->pdev = f->edu.pdev;
	f->drv = wdmdma_driver_create("wdmdma-busif");
	KUNIT_ASSERT_NOT_NULL(test, f->drv);
	f->drv->MajorFunction[IRP_MJ_PNP] = bi_fdo_pnp;
	f->pdo = wdmdma_pdo_create(&f->pdev->dev);
	KUNIT_ASSERT_NOT_NULL(test, f->pdo);
	KUNIT_ASSERT_EQ(test, wdmdma_test_add_fdo(f->drv, f->pdo, f, &f->fdo, &f->lower),
			STATUS_SUCCESS);
	KUNIT_ASSERT_PTR_EQ(test, f->lower, f->pdo);
	return f;
}

static NTSTATUS bi_irp_done(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
	KeSetEvent(Context, IO_NO_INCREMENT, FALSE);
	return STATUS_MORE_PROCESSING_REQUIRED;
}

/*
 * Send a PnP IRP the way a driver does to the top of @pdo's stack: its own
 * IRP (IoAllocateIrp), status preset STATUS_NOT_SUPPORTED as the PnP
 * manager presets it, @sl's minor function and parameters.  Return: the
 * status; *@info its Information.
 */
static NTSTATUS bi_send(struct kunit *test, PDEVICE_OBJECT pdo, const IO_STACK_LOCATION *sl,
			ULONG_PTR *info)
{
	PDEVICE_OBJECT top = IoGetAttachedDeviceReference(pdo);
	PIO_STACK_LOCATION next;
	NTSTATUS st;
	KEVENT done;
	PIRP irp;

	irp = IoAllocateIrp(top->StackSize, FALSE);
	KUNIT_ASSERT_NOT_NULL(test, irp);
	irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
	irp->IoStatus.Information = 0;
	next = IoGetNextIrpStackLocation(irp);
	next->MajorFunction = IRP_MJ_PNP;
	next->MinorFunction = sl->MinorFunction;
	next->Parameters = sl->Parameters;
	KeInitializeEvent(&done, NotificationEvent, FALSE);
	IoSetCompletionRoutine(irp, bi_irp_done, &done, TRUE, TRUE, TRUE);
	IoCallDriver(top, irp);
	KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, NULL);
	st = irp->IoStatus.Status;
	if (info)
		*info = irp->IoStatus.Information;
	IoFreeIrp(irp);
	ObDereferenceObject(top);
	return st;
}

/* IRP_MN_QUERY_INTERFACE for the bus interface, with @size and @version */
static NTSTATUS bi_query(struct kunit *test, PDEVICE_OBJECT pdo, const GUID *guid,
			 PBUS_INTERFACE_STANDARD bi, USHORT size, USHORT version)
{
	IO_STACK_LOCATION sl = { .MinorFunction = IRP_MN_QUERY_INTERFACE };

	sl.Parameters.QueryInterface.InterfaceType = guid;
	sl.Parameters.QueryInterface.Size = size;
	sl.Parameters.QueryInterface.Version = version;
	sl.Parameters.QueryInterface.Interface = (PINTERFACE)bi;
	return bi_send(test, pdo, &sl, NULL);
}

/* The PDO's object reference count (ObReferenceObject's answer, minus it) */
static LONG_PTR bi_refs(PDEVICE_OBJECT pdo)
{
	LONG_PTR n = ObfReferenceObject(pdo);

	ObfDereferenceObject(pdo);
	return n - 1;
}

/* GetBusData reads what Linux reads; the references balance. */
static void busif_get_bus_data(struct kunit *test)
{
	struct bi *f = bi_get(test);
	unsigned long v0 = wdmdma_violations(NULL);
	PCI_COMMON_CONFIG *cfg = kunit_kzalloc(test, sizeof(*cfg), GFP_KERNEL);
	BUS_INTERFACE_STANDARD bi;
	LONG_PTR refs = bi_refs(f->pdo);
	u32 bar0, dw, mask;
	UCHAR b[4];
	u8 hdr;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, cfg);
	memset(&bi, 0xa5, sizeof(bi));
	KUNIT_ASSERT_EQ(test, bi_query(test, f->pdo, &GUID_BUS_INTERFACE_STANDARD, &bi,
				       sizeof(bi), 1), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, bi.Size, sizeof(bi));
	KUNIT_EXPECT_EQ(test, bi.Version, 1);
	KUNIT_EXPECT_PTR_EQ(test, bi.Context, (PVOID)f->pdo);
	KUNIT_ASSERT_NOT_NULL(test, bi.GetBusData);
	KUNIT_ASSERT_NOT_NULL(test, bi.InterfaceDereference);
	/* the provider took a reference for the caller */
	KUNIT_EXPECT_EQ(test, bi_refs(f->pdo), refs + 1);

	KUNIT_EXPECT_EQ(test, bi.GetBusData(bi.Context, PCI_WHICHSPACE_CONFIG, cfg, 0,
					    sizeof(*cfg)), sizeof(*cfg));
	KUNIT_EXPECT_EQ(test, cfg->VendorID, EDU_VENDOR);
	KUNIT_EXPECT_EQ(test, cfg->DeviceID, EDU_DEVICE);
	KUNIT_EXPECT_NE(test, cfg->VendorID, PCI_INVALID_VENDORID);
	pci_read_config_byte(f->pdev, PCI_HEADER_TYPE, &hdr);
	KUNIT_EXPECT_EQ(test, cfg->HeaderType, hdr);
	KUNIT_EXPECT_EQ(test, PCI_CONFIGURATION_TYPE(cfg), PCI_DEVICE_TYPE);
	pci_read_config_dword(f->pdev, PCI_BASE_ADDRESS_0, &bar0);
	KUNIT_EXPECT_EQ(test, cfg->u.type0.BaseAddresses[0], bar0);
	KUNIT_EXPECT_EQ(test, cfg->u.type0.BaseAddresses[0] & PCI_ADDRESS_IO_SPACE, 0);
	KUNIT_EXPECT_EQ(test, cfg->u.type0.SubVendorID, f->pdev->subsystem_vendor);
	KUNIT_EXPECT_EQ(test, cfg->RevisionID, f->pdev->revision);
	KUNIT_EXPECT_TRUE(test, cfg->Command & PCI_ENABLE_MEMORY_SPACE);
	KUNIT_EXPECT_TRUE(test, cfg->Command & PCI_ENABLE_BUS_MASTER);
	for (i = 0; i < sizeof(*cfg); i += 4) {
		pci_read_config_dword(f->pdev, i, &dw);
		mask = i == PCI_COMMAND ? 0xffff : ~0U;	/* status bits may change meanwhile */
		KUNIT_EXPECT_EQ_MSG(test, ((u32 *)cfg)[i / 4] & mask, dw & mask, "offset %#x", i);
	}
	/* an unaligned piece */
	KUNIT_EXPECT_EQ(test, bi.GetBusData(bi.Context, PCI_WHICHSPACE_CONFIG, b, 1, 3), 3);
	KUNIT_EXPECT_EQ(test, b[0], EDU_VENDOR >> 8);
	KUNIT_EXPECT_EQ(test, b[1], EDU_DEVICE & 0xff);
	KUNIT_EXPECT_EQ(test, b[2], EDU_DEVICE >> 8);
	/* clipped at the end of the configuration space */
	KUNIT_EXPECT_EQ(test, bi.GetBusData(bi.Context, PCI_WHICHSPACE_CONFIG, cfg,
					    f->pdev->cfg_size - 4, 16), 4);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);

	bi.InterfaceDereference(bi.Context);
	KUNIT_EXPECT_EQ(test, bi_refs(f->pdo), refs);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
}

/* SetBusData and IRP_MN_WRITE_CONFIG write what Linux then reads. */
static void busif_set_bus_data(struct kunit *test)
{
	struct bi *f = bi_get(test);
	unsigned long v0 = wdmdma_violations(NULL);
	IO_STACK_LOCATION sl = { .MinorFunction = IRP_MN_WRITE_CONFIG };
	BUS_INTERFACE_STANDARD bi;
	ULONG_PTR info;
	u16 cmd, orig, now16;
	u8 old, now;
	UCHAR v;

	KUNIT_ASSERT_EQ(test, bi_query(test, f->pdo, &GUID_BUS_INTERFACE_STANDARD, &bi,
				       sizeof(bi), 1), STATUS_SUCCESS);
	pci_read_config_byte(f->pdev, PCI_INTERRUPT_LINE, &old);
	v = old ^ 0x5a;
	KUNIT_EXPECT_EQ(test, bi.SetBusData(bi.Context, PCI_WHICHSPACE_CONFIG, &v,
					    PCI_INTERRUPT_LINE, 1), 1);
	pci_read_config_byte(f->pdev, PCI_INTERRUPT_LINE, &now);
	KUNIT_EXPECT_EQ(test, now, v);

	/* and what Linux writes, GetBusData reads */
	pci_write_config_byte(f->pdev, PCI_INTERRUPT_LINE, old ^ 0x33);
	KUNIT_EXPECT_EQ(test, bi.GetBusData(bi.Context, PCI_WHICHSPACE_CONFIG, &v,
					    PCI_INTERRUPT_LINE, 1), 1);
	KUNIT_EXPECT_EQ(test, v, old ^ 0x33);

	/* the IRP: a word write of COMMAND with SERR enable toggled, restored */
	pci_read_config_word(f->pdev, PCI_COMMAND, &orig);
	cmd = orig ^ PCI_ENABLE_SERR;
	sl.Parameters.ReadWriteConfig.WhichSpace = PCI_WHICHSPACE_CONFIG;
	sl.Parameters.ReadWriteConfig.Buffer = &cmd;
	sl.Parameters.ReadWriteConfig.Offset = PCI_COMMAND;
	sl.Parameters.ReadWriteConfig.Length = sizeof(cmd);
	KUNIT_EXPECT_EQ(test, bi_send(test, f->pdo, &sl, &info), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, info, sizeof(cmd));
	pci_read_config_word(f->pdev, PCI_COMMAND, &now16);
	KUNIT_EXPECT_EQ(test, now16, orig ^ PCI_COMMAND_SERR);
	pci_write_config_word(f->pdev, PCI_COMMAND, orig);
	pci_write_config_byte(f->pdev, PCI_INTERRUPT_LINE, old);
	bi.InterfaceDereference(bi.Context);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
}

/* IRP_MN_READ_CONFIG reads; offsets past the space and other spaces refused. */
static void busif_read_config_irp(struct kunit *test)
{
	struct bi *f = bi_get(test);
	unsigned long v0 = wdmdma_violations(NULL);
	IO_STACK_LOCATION sl = { .MinorFunction = IRP_MN_READ_CONFIG };
	ULONG_PTR info;
	ULONG id = 0;

	sl.Parameters.ReadWriteConfig.WhichSpace = PCI_WHICHSPACE_CONFIG;
	sl.Parameters.ReadWriteConfig.Buffer = &id;
	sl.Parameters.ReadWriteConfig.Offset = 0;
	sl.Parameters.ReadWriteConfig.Length = sizeof(id);
	KUNIT_EXPECT_EQ(test, bi_send(test, f->pdo, &sl, &info), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, info, sizeof(id));
	KUNIT_EXPECT_EQ(test, id, EDU_DEVICE << 16 | EDU_VENDOR);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);

	/* clipped at the end */
	sl.Parameters.ReadWriteConfig.Offset = f->pdev->cfg_size - 2;
	KUNIT_EXPECT_EQ(test, bi_send(test, f->pdo, &sl, &info), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, info, 2);
	/* past it, or another space: reported */
	sl.Parameters.ReadWriteConfig.Offset = f->pdev->cfg_size;
	KUNIT_EXPECT_EQ(test, bi_send(test, f->pdo, &sl, &info), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, info, 0);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);
	sl.Parameters.ReadWriteConfig.Offset = 0;
	sl.Parameters.ReadWriteConfig.WhichSpace = PCI_WHICHSPACE_ROM;
	KUNIT_EXPECT_EQ(test, bi_send(test, f->pdo, &sl, &info), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 2);
}

/* TranslateBusAddress of BAR0, and GetDmaAdapter's adapter doing real DMA. */
static void busif_translate_and_dma(struct kunit *test)
{
	struct bi *f = bi_get(test);
	unsigned long v0 = wdmdma_violations(NULL);
	u64 bus = pci_bus_address(f->pdev, 0), len = pci_resource_len(f->pdev, 0);
	DEVICE_DESCRIPTION desc = {
		.Version = DEVICE_DESCRIPTION_VERSION3, .Master = TRUE, .ScatterGather = TRUE,
		.InterfaceType = PCIBus, .MaximumLength = PAGE_SIZE, .DmaAddressWidth = 28,
	};
	PHYSICAL_ADDRESS ba, ta, la;
	BUS_INTERFACE_STANDARD bi;
	ULONG as, nregs = 0;
	PDMA_ADAPTER da;
	u8 *va;
	int i;

	KUNIT_ASSERT_EQ(test, bi_query(test, f->pdo, &GUID_BUS_INTERFACE_STANDARD, &bi,
				       sizeof(bi), 1), STATUS_SUCCESS);
	KUNIT_ASSERT_GT(test, len, 0x100);
	ba.QuadPart = bus + 0x80;
	as = 0;
	ta.QuadPart = 0;
	KUNIT_EXPECT_TRUE(test, bi.TranslateBusAddress(bi.Context, ba, 8, &as, &ta));
	KUNIT_EXPECT_EQ(test, as, 0);
	KUNIT_EXPECT_EQ(test, ta.QuadPart, pci_resource_start(f->pdev, 0) + 0x80);
	/* the last bytes, then one past */
	ba.QuadPart = bus + len - 4;
	KUNIT_EXPECT_TRUE(test, bi.TranslateBusAddress(bi.Context, ba, 4, &as, &ta));
	KUNIT_EXPECT_TRUE(test, bi.TranslateBusAddress(bi.Context, ba, 8, &as, &ta) == FALSE);
	/* BAR0 is memory, not I/O */
	ba.QuadPart = bus;
	as = 1;
	KUNIT_EXPECT_TRUE(test, bi.TranslateBusAddress(bi.Context, ba, 4, &as, &ta) == FALSE);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
	as = 7;
	KUNIT_EXPECT_TRUE(test, bi.TranslateBusAddress(bi.Context, ba, 4, &as, &ta) == FALSE);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);

	/* GetDmaAdapter: IoGetDmaAdapter for the PDO; the edu device copies through it */
	da = bi.GetDmaAdapter(bi.Context, &desc, &nregs);
	KUNIT_ASSERT_NOT_NULL(test, da);
	KUNIT_EXPECT_GT(test, nregs, 0);
	va = da->DmaOperations->AllocateCommonBuffer(da, PAGE_SIZE, &la, FALSE);
	KUNIT_EXPECT_NOT_NULL(test, va);
	if (va) {
		for (i = 0; i < 256; i++) {
			va[i] = i ^ 0x3c;
			va[2048 + i] = 0;
		}
		KUNIT_EXPECT_EQ(test, wdmdma_edu_dma(&f->edu, la.QuadPart, 16, 256, true), 0);
		KUNIT_EXPECT_EQ(test, wdmdma_edu_dma(&f->edu, la.QuadPart + 2048, 16, 256,
						     false), 0);
		KUNIT_EXPECT_EQ(test, memcmp(va, va + 2048, 256), 0);
		da->DmaOperations->FreeCommonBuffer(da, PAGE_SIZE, la, va, FALSE);
	}
	da->DmaOperations->PutDmaAdapter(da);
	bi.InterfaceDereference(bi.Context);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);
}

/* Bad queries: reported or passed by, nothing referenced. */
static void busif_bad_query(struct kunit *test)
{
	static const GUID other = { 0x12345678, 0x1234, 0x5678, { 1, 2, 3, 4, 5, 6, 7, 8 } };
	struct bi *f = bi_get(test);
	unsigned long v0 = wdmdma_violations(NULL);
	LONG_PTR refs = bi_refs(f->pdo);
	BUS_INTERFACE_STANDARD bi;
	UCHAR b[4];

	/* an interface the bus driver does not have: the preset status stays */
	memset(&bi, 0, sizeof(bi));
	KUNIT_EXPECT_EQ(test, bi_query(test, f->pdo, &other, &bi, sizeof(bi), 1),
			STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_NULL(test, bi.Context);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
	/* too small, version 0: reported */
	KUNIT_EXPECT_EQ(test, bi_query(test, f->pdo, &GUID_BUS_INTERFACE_STANDARD, &bi,
				       sizeof(INTERFACE), 1), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);
	KUNIT_EXPECT_EQ(test, bi_query(test, f->pdo, &GUID_BUS_INTERFACE_STANDARD, &bi,
				       sizeof(bi), 0), STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 2);
	KUNIT_EXPECT_NULL(test, bi.Context);
	KUNIT_EXPECT_EQ(test, bi_refs(f->pdo), refs);
	/* a later version asked for: version 1 given */
	KUNIT_ASSERT_EQ(test, bi_query(test, f->pdo, &GUID_BUS_INTERFACE_STANDARD, &bi,
				       sizeof(bi), 2), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, bi.Version, 1);
	/* GetBusData: another space, past the end: reported, nothing read */
	KUNIT_EXPECT_EQ(test, bi.GetBusData(bi.Context, PCI_WHICHSPACE_ROM, b, 0, 4), 0);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 3);
	KUNIT_EXPECT_EQ(test, bi.GetBusData(bi.Context, PCI_WHICHSPACE_CONFIG, b,
					    f->pdev->cfg_size, 4), 0);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 4);
	KUNIT_EXPECT_EQ(test, bi.SetBusData(bi.Context, PCI_WHICHSPACE_CONFIG, b,
					    PCI_EXTENDED_CONFIG_LENGTH, 4), 0);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 5);
	KUNIT_EXPECT_EQ(test, bi.GetBusData(NULL, PCI_WHICHSPACE_CONFIG, b, 0, 4), 0);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 6);
	bi.InterfaceDereference(bi.Context);
	KUNIT_EXPECT_EQ(test, bi_refs(f->pdo), refs);
	/* one dereference too many: reported, the PDO survives */
	bi.InterfaceDereference(bi.Context);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 7);
	KUNIT_EXPECT_EQ(test, bi_refs(f->pdo), refs);
}

/* The ASCII (multi-)string @s of @n characters equals the WCHARs at @w. */
static bool bi_wcs_eq(const WCHAR *w, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (w[i] != (UCHAR)s[i])
			return false;
	return true;
}

/* Append a terminated string to a multi-string; Return: new length. */
static size_t bi_add(char *buf, size_t at, const char *s)
{
	strscpy(buf + at, s, BI_TEXT - at);
	return at + strlen(s) + 1;
}

/*
 * A text property equals @want (@n characters, terminators included):
 * the size first (buffer too small), then the text.
 */
static void bi_expect_text(struct kunit *test, PDEVICE_OBJECT pdo, DEVICE_REGISTRY_PROPERTY p,
			   const char *want, size_t n)
{
	WCHAR *w = kunit_kzalloc(test, BI_TEXT * sizeof(WCHAR), GFP_KERNEL);
	ULONG len = 0;

	KUNIT_ASSERT_NOT_NULL(test, w);
	KUNIT_EXPECT_EQ_MSG(test, IoGetDeviceProperty(pdo, p, 0, NULL, &len),
			    STATUS_BUFFER_TOO_SMALL, "property %d", p);
	KUNIT_EXPECT_EQ_MSG(test, len, n * sizeof(WCHAR), "property %d", p);
	KUNIT_EXPECT_EQ(test, IoGetDeviceProperty(pdo, p, len - 2, w, &len),
			STATUS_BUFFER_TOO_SMALL);
	KUNIT_EXPECT_EQ(test, w[0], 0);
	KUNIT_ASSERT_EQ_MSG(test, IoGetDeviceProperty(pdo, p, BI_TEXT * sizeof(WCHAR), w, &len),
			    STATUS_SUCCESS, "property %d", p);
	KUNIT_EXPECT_EQ(test, len, n * sizeof(WCHAR));
	KUNIT_EXPECT_TRUE_MSG(test, bi_wcs_eq(w, want, n), "property %d: want %s", p, want);
}

static ULONG bi_ulong(struct kunit *test, PDEVICE_OBJECT pdo, DEVICE_REGISTRY_PROPERTY p)
{
	ULONG v = 0xdeadbeef, len = 0;

	KUNIT_EXPECT_EQ(test, IoGetDeviceProperty(pdo, p, 2, &v, &len), STATUS_BUFFER_TOO_SMALL);
	KUNIT_EXPECT_EQ(test, len, sizeof(ULONG));
	KUNIT_EXPECT_EQ_MSG(test, IoGetDeviceProperty(pdo, p, sizeof(v), &v, &len),
			    STATUS_SUCCESS, "property %d", p);
	return v;
}

/* The PCI IDs: the four hardware IDs, the seven compatible ones */
static size_t bi_pci_ids(struct pci_dev *p, bool compatible, char *buf)
{
	u32 ss = (u32)p->subsystem_device << 16 | p->subsystem_vendor;
	unsigned int v = p->vendor, d = p->device, cc = p->class, r = p->revision;
	char s[80];
	size_t n = 0;

	if (!compatible) {
		snprintf(s, sizeof(s), "PCI\\VEN_%04X&DEV_%04X&SUBSYS_%08X&REV_%02X", v, d, ss, r);
		n = bi_add(buf, n, s);
		snprintf(s, sizeof(s), "PCI\\VEN_%04X&DEV_%04X&SUBSYS_%08X", v, d, ss);
		n = bi_add(buf, n, s);
		snprintf(s, sizeof(s), "PCI\\VEN_%04X&DEV_%04X&CC_%06X", v, d, cc);
		n = bi_add(buf, n, s);
		snprintf(s, sizeof(s), "PCI\\VEN_%04X&DEV_%04X&CC_%04X", v, d, cc >> 8);
		n = bi_add(buf, n, s);
		return bi_add(buf, n, "");
	}
	snprintf(s, sizeof(s), "PCI\\VEN_%04X&DEV_%04X&REV_%02X", v, d, r);
	n = bi_add(buf, n, s);
	snprintf(s, sizeof(s), "PCI\\VEN_%04X&DEV_%04X", v, d);
	n = bi_add(buf, n, s);
	snprintf(s, sizeof(s), "PCI\\VEN_%04X&CC_%06X", v, cc);
	n = bi_add(buf, n, s);
	snprintf(s, sizeof(s), "PCI\\VEN_%04X&CC_%04X", v, cc >> 8);
	n = bi_add(buf, n, s);
	snprintf(s, sizeof(s), "PCI\\VEN_%04X", v);
	n = bi_add(buf, n, s);
	snprintf(s, sizeof(s), "PCI\\CC_%06X", cc);
	n = bi_add(buf, n, s);
	snprintf(s, sizeof(s), "PCI\\CC_%04X", cc >> 8);
	n = bi_add(buf, n, s);
	return bi_add(buf, n, "");
}

/* Every property of the edu device's PDO, exactly; sizes and misuse. */
static void busif_device_property(struct kunit *test)
{
	struct bi *f = bi_get(test);
	unsigned long v0 = wdmdma_violations(NULL);
	char *want = kunit_kzalloc(test, BI_TEXT, GFP_KERNEL);
	struct pci_dev *p = f->pdev;
	ULONG len = 0, v;
	size_t n;
	GUID g;

	KUNIT_ASSERT_NOT_NULL(test, want);
	bi_expect_text(test, f->pdo, DevicePropertyEnumeratorName, "PCI", 4);
	n = bi_pci_ids(p, false, want);
	kunit_info(test, "%s: first hardware ID %s", pci_name(p), want);
	bi_expect_text(test, f->pdo, DevicePropertyHardwareID, want, n);
	n = bi_pci_ids(p, true, want);
	bi_expect_text(test, f->pdo, DevicePropertyCompatibleIDs, want, n);
	n = snprintf(want, BI_TEXT, "PCI bus %u, device %u, function %u", p->bus->number,
		     PCI_SLOT(p->devfn), PCI_FUNC(p->devfn)) + 1;
	bi_expect_text(test, f->pdo, DevicePropertyLocationInformation, want, n);
	n = snprintf(want, BI_TEXT, "\\Device\\%08X",
		     pci_domain_nr(p->bus) << 16 | p->bus->number << 8 | p->devfn) + 1;
	bi_expect_text(test, f->pdo, DevicePropertyPhysicalDeviceObjectName, want, n);
	n = snprintf(want, BI_TEXT, "PCI\\%s", pci_name(p)) + 1;
	bi_expect_text(test, f->pdo, DevicePropertyDriverKeyName, want, n);
	n = snprintf(want, BI_TEXT, "PCI device %s", pci_name(p)) + 1;
	bi_expect_text(test, f->pdo, DevicePropertyDeviceDescription, want, n);

	KUNIT_EXPECT_EQ(test, bi_ulong(test, f->pdo, DevicePropertyLegacyBusType), PCIBus);
	KUNIT_EXPECT_EQ(test, bi_ulong(test, f->pdo, DevicePropertyBusNumber), p->bus->number);
	KUNIT_EXPECT_EQ(test, bi_ulong(test, f->pdo, DevicePropertyAddress),
			PCI_SLOT(p->devfn) << 16 | PCI_FUNC(p->devfn));
	KUNIT_EXPECT_EQ(test, bi_ulong(test, f->pdo, DevicePropertyInstallState),
			InstallStateInstalled);
	KUNIT_EXPECT_EQ(test, bi_ulong(test, f->pdo, DevicePropertyRemovalPolicy),
			RemovalPolicyExpectNoRemoval);
	KUNIT_EXPECT_EQ(test, IoGetDeviceProperty(f->pdo, DevicePropertyBusTypeGuid, sizeof(g),
						  &g, &len), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, len, sizeof(GUID));
	KUNIT_EXPECT_TRUE(test, IsEqualGUID(&g, &GUID_BUS_TYPE_PCI));
	if (p->slot) {
		KUNIT_EXPECT_EQ(test, bi_ulong(test, f->pdo, DevicePropertyUINumber),
				p->slot->number);
	} else {
		KUNIT_EXPECT_EQ(test, IoGetDeviceProperty(f->pdo, DevicePropertyUINumber,
							  sizeof(v), &v, &len),
				STATUS_INVALID_DEVICE_REQUEST);
	}
	/* what Linux has no counterpart for */
	KUNIT_EXPECT_EQ(test, IoGetDeviceProperty(f->pdo, DevicePropertyManufacturer,
						  BI_TEXT, want, &len),
			STATUS_INVALID_DEVICE_REQUEST);
	KUNIT_EXPECT_EQ(test, IoGetDeviceProperty(f->pdo, DevicePropertyClassGuid,
						  BI_TEXT, want, &len),
			STATUS_INVALID_DEVICE_REQUEST);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);

	/* misuse: reported */
	KUNIT_EXPECT_EQ(test, IoGetDeviceProperty(f->pdo, (DEVICE_REGISTRY_PROPERTY)99,
						  sizeof(v), &v, &len),
			STATUS_INVALID_PARAMETER_2);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);
	KUNIT_EXPECT_EQ(test, IoGetDeviceProperty(f->pdo, DevicePropertyAddress, sizeof(v), &v,
						  NULL), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 2);
	KUNIT_EXPECT_EQ(test, IoGetDeviceProperty(f->pdo, DevicePropertyAddress, sizeof(v), NULL,
						  &len), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 3);
	KUNIT_EXPECT_EQ(test, IoGetDeviceProperty(f->fdo, DevicePropertyAddress, sizeof(v), &v,
						  &len), STATUS_INVALID_DEVICE_REQUEST);
	KUNIT_EXPECT_EQ(test, IoGetDeviceProperty(NULL, DevicePropertyAddress, sizeof(v), &v,
						  &len), STATUS_INVALID_DEVICE_REQUEST);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 5);
}

/* A PDO of a device that is not PCI answers as a bus without config space. */
static void busif_non_pci(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	char *want = kunit_kzalloc(test, BI_TEXT, GFP_KERNEL);
	IO_STACK_LOCATION sl = { .MinorFunction = IRP_MN_READ_CONFIG };
	DEVICE_CAPABILITIES caps = { .Size = sizeof(caps), .Version = 1 };
	struct wdmdma_test_dev td;
	BUS_INTERFACE_STANDARD bi;
	PDEVICE_OBJECT pdo;
	ULONG len, v = 0;
	size_t n, i;
	GUID g;

	KUNIT_ASSERT_NOT_NULL(test, want);
	KUNIT_ASSERT_EQ(test, wdmdma_test_dev_create(test, &td), 0);
	pdo = wdmdma_pdo_create(td.dev);
	KUNIT_ASSERT_NOT_NULL(test, pdo);
	KUNIT_EXPECT_EQ(test, bi_ulong(test, pdo, DevicePropertyAddress), 0xFFFFFFFF);
	KUNIT_EXPECT_EQ(test, bi_ulong(test, pdo, DevicePropertyLegacyBusType), Internal);
	KUNIT_EXPECT_EQ(test, bi_ulong(test, pdo, DevicePropertyBusNumber), 0);
	KUNIT_EXPECT_EQ(test, IoGetDeviceProperty(pdo, DevicePropertyBusTypeGuid, sizeof(g), &g,
						  &len), STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, IsEqualGUID(&g, &GUID_BUS_TYPE_INTERNAL));
	n = snprintf(want, BI_TEXT, "%s", td.dev->bus ? td.dev->bus->name : "ROOT") + 1;
	for (i = 0; i < n; i++)
		want[i] = toupper(want[i]);
	bi_expect_text(test, pdo, DevicePropertyEnumeratorName, want, n);
	KUNIT_EXPECT_EQ(test, IoGetDeviceProperty(pdo, DevicePropertyCompatibleIDs, BI_TEXT, want,
						  &len), STATUS_INVALID_DEVICE_REQUEST);
	/* no bus interface, no configuration space: the preset status stays */
	memset(&bi, 0, sizeof(bi));
	KUNIT_EXPECT_EQ(test, bi_query(test, pdo, &GUID_BUS_INTERFACE_STANDARD, &bi, sizeof(bi),
				       1), STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_NULL(test, bi.Context);
	sl.Parameters.ReadWriteConfig.Buffer = &v;
	sl.Parameters.ReadWriteConfig.Length = sizeof(v);
	KUNIT_EXPECT_EQ(test, bi_send(test, pdo, &sl, NULL), STATUS_INVALID_DEVICE_REQUEST);
	/* capabilities: no address, D0 working, D3 asleep */
	memset(&sl, 0, sizeof(sl));
	sl.MinorFunction = IRP_MN_QUERY_CAPABILITIES;
	sl.Parameters.DeviceCapabilities.Capabilities = &caps;
	KUNIT_EXPECT_EQ(test, bi_send(test, pdo, &sl, NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, caps.Address, 0xFFFFFFFF);
	KUNIT_EXPECT_EQ(test, caps.DeviceState[PowerSystemWorking], PowerDeviceD0);
	KUNIT_EXPECT_EQ(test, caps.DeviceState[PowerSystemShutdown], PowerDeviceD3);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
	wdmdma_pdo_destroy(pdo);
	wdmdma_test_dev_destroy(&td);
}

/* IRP_MN_QUERY_CAPABILITIES, filled by the bus driver on its way down. */
static void busif_capabilities(struct kunit *test)
{
	struct bi *f = bi_get(test);
	unsigned long v0 = wdmdma_violations(NULL);
	IO_STACK_LOCATION sl = { .MinorFunction = IRP_MN_QUERY_CAPABILITIES };
	DEVICE_CAPABILITIES *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	struct pci_dev *p = f->pdev;
	int s;

	KUNIT_ASSERT_NOT_NULL(test, c);
	c->Size = sizeof(*c);
	c->Version = 1;
	c->Address = 0xFFFFFFFF;
	c->UINumber = 0xFFFFFFFF;
	sl.Parameters.DeviceCapabilities.Capabilities = c;
	KUNIT_ASSERT_EQ(test, bi_send(test, f->pdo, &sl, NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, c->Address, PCI_SLOT(p->devfn) << 16 | PCI_FUNC(p->devfn));
	KUNIT_EXPECT_EQ(test, c->UINumber, p->slot ? p->slot->number : 0xFFFFFFFF);
	KUNIT_EXPECT_EQ(test, (u32)c->DeviceD1, (u32)p->d1_support);
	KUNIT_EXPECT_EQ(test, (u32)c->DeviceD2, (u32)p->d2_support);
	KUNIT_EXPECT_EQ(test, (u32)c->WakeFromD3, (u32)!!(p->pme_support & 0x18));
	KUNIT_EXPECT_EQ(test, (u32)c->Removable, 0);
	KUNIT_EXPECT_EQ(test, (u32)c->UniqueID, 0);
	KUNIT_EXPECT_EQ(test, c->DeviceState[PowerSystemUnspecified], PowerDeviceUnspecified);
	KUNIT_EXPECT_EQ(test, c->DeviceState[PowerSystemWorking], PowerDeviceD0);
	for (s = PowerSystemSleeping1; s < PowerSystemMaximum; s++)
		KUNIT_EXPECT_EQ_MSG(test, c->DeviceState[s], PowerDeviceD3, "S%d", s - 1);
	if (!device_can_wakeup(&p->dev) || !p->pme_support) {
		KUNIT_EXPECT_EQ(test, c->SystemWake, PowerSystemUnspecified);
		KUNIT_EXPECT_EQ(test, c->DeviceWake, PowerDeviceUnspecified);
	}
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);

	/* a version the bus driver does not know: reported */
	c->Version = 2;
	KUNIT_EXPECT_EQ(test, bi_send(test, f->pdo, &sl, NULL), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);
	c->Version = 1;
	c->Size = sizeof(*c) - 4;
	KUNIT_EXPECT_EQ(test, bi_send(test, f->pdo, &sl, NULL), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 2);
}

/*
 * IoInvalidateDeviceState: the PnP manager's IRP_MN_QUERY_PNP_DEVICE_STATE
 * reaches the top of the stack from another thread, preset as Windows
 * presets it, and the PDO completes it.
 */
static void busif_device_state(struct kunit *test)
{
	struct bi *f = bi_get(test);
	unsigned long v0 = wdmdma_violations(NULL);
	IO_STACK_LOCATION sl = { .MinorFunction = IRP_MN_QUERY_PNP_DEVICE_STATE };
	ULONG_PTR info = 0;

	/* sent directly: the PDO succeeds it, the FDO's bits come back */
	f->state_flags = PNP_DEVICE_NOT_DISABLEABLE;
	KUNIT_EXPECT_EQ(test, bi_send(test, f->pdo, &sl, &info), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, info, PNP_DEVICE_NOT_DISABLEABLE);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->state_queries), 1);
	reinit_completion(&f->state_done);

	f->state_task = current;
	f->state_preset = STATUS_SUCCESS;
	f->state_info = 0x55;
	IoInvalidateDeviceState(f->pdo);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&f->state_done, 10 * HZ) > 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->state_queries), 2);
	KUNIT_EXPECT_PTR_NE(test, f->state_task, current);
	KUNIT_EXPECT_EQ(test, f->state_preset, STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, f->state_info, 0);
	KUNIT_EXPECT_EQ(test, f->state_lower, STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);

	/* a failed device: logged, the stack stays */
	reinit_completion(&f->state_done);
	f->state_flags = PNP_DEVICE_FAILED;
	IoInvalidateDeviceState(f->pdo);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&f->state_done, 10 * HZ) > 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->state_queries), 3);
	KUNIT_EXPECT_PTR_EQ(test, f->pdo->AttachedDevice, f->fdo);

	/* not a PDO: reported */
	IoInvalidateDeviceState(f->fdo);
	IoInvalidateDeviceState(NULL);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->state_queries), 3);
}

/* Bus information, IDs and device text: pool the caller frees. */
static void busif_bus_information(struct kunit *test)
{
	struct bi *f = bi_get(test);
	unsigned long v0 = wdmdma_violations(NULL);
	char *want = kunit_kzalloc(test, BI_TEXT, GFP_KERNEL);
	IO_STACK_LOCATION sl = { .MinorFunction = IRP_MN_QUERY_BUS_INFORMATION };
	PPNP_BUS_INFORMATION pbi;
	PLEGACY_BUS_INFORMATION lbi;
	ULONG_PTR info = 0;
	size_t n;

	KUNIT_ASSERT_NOT_NULL(test, want);
	KUNIT_ASSERT_EQ(test, bi_send(test, f->pdo, &sl, &info), STATUS_SUCCESS);
	pbi = (PPNP_BUS_INFORMATION)info;
	KUNIT_ASSERT_NOT_NULL(test, pbi);
	KUNIT_EXPECT_TRUE(test, IsEqualGUID(&pbi->BusTypeGuid, &GUID_BUS_TYPE_PCI));
	KUNIT_EXPECT_EQ(test, pbi->LegacyBusType, PCIBus);
	KUNIT_EXPECT_EQ(test, pbi->BusNumber, f->pdev->bus->number);
	ExFreePool(pbi);

	sl.MinorFunction = IRP_MN_QUERY_LEGACY_BUS_INFORMATION;
	KUNIT_ASSERT_EQ(test, bi_send(test, f->pdo, &sl, &info), STATUS_SUCCESS);
	lbi = (PLEGACY_BUS_INFORMATION)info;
	KUNIT_ASSERT_NOT_NULL(test, lbi);
	KUNIT_EXPECT_TRUE(test, IsEqualGUID(&lbi->BusTypeGuid, &GUID_BUS_TYPE_PCI));
	KUNIT_EXPECT_EQ(test, lbi->LegacyBusType, PCIBus);
	KUNIT_EXPECT_EQ(test, lbi->BusNumber, f->pdev->bus->number);
	ExFreePool(lbi);

	/* IDs */
	sl.MinorFunction = IRP_MN_QUERY_ID;
	sl.Parameters.QueryId.IdType = BusQueryHardwareIDs;
	KUNIT_ASSERT_EQ(test, bi_send(test, f->pdo, &sl, &info), STATUS_SUCCESS);
	n = bi_pci_ids(f->pdev, false, want);
	KUNIT_EXPECT_TRUE(test, bi_wcs_eq((PWCHAR)info, want, n));
	ExFreePool((PVOID)info);
	sl.Parameters.QueryId.IdType = BusQueryDeviceID;
	KUNIT_ASSERT_EQ(test, bi_send(test, f->pdo, &sl, &info), STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, bi_wcs_eq((PWCHAR)info, want, strlen(want) + 1));
	ExFreePool((PVOID)info);
	sl.Parameters.QueryId.IdType = BusQueryInstanceID;
	KUNIT_ASSERT_EQ(test, bi_send(test, f->pdo, &sl, &info), STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, bi_wcs_eq((PWCHAR)info, pci_name(f->pdev),
					  strlen(pci_name(f->pdev)) + 1));
	ExFreePool((PVOID)info);
	info = 0;
	sl.Parameters.QueryId.IdType = BusQueryDeviceSerialNumber;
	KUNIT_EXPECT_EQ(test, bi_send(test, f->pdo, &sl, &info), STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, info, 0);

	/* device text */
	memset(&sl, 0, sizeof(sl));
	sl.MinorFunction = IRP_MN_QUERY_DEVICE_TEXT;
	sl.Parameters.QueryDeviceText.DeviceTextType = DeviceTextLocationInformation;
	KUNIT_ASSERT_EQ(test, bi_send(test, f->pdo, &sl, &info), STATUS_SUCCESS);
	n = snprintf(want, BI_TEXT, "PCI bus %u, device %u, function %u",
		     f->pdev->bus->number, PCI_SLOT(f->pdev->devfn), PCI_FUNC(f->pdev->devfn)) + 1;
	KUNIT_EXPECT_TRUE(test, bi_wcs_eq((PWCHAR)info, want, n));
	ExFreePool((PVOID)info);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
}

/* The WDK layouts and constants. */
static void busif_layout(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, PCI_COMMON_HDR_LENGTH, 0x40);
	KUNIT_EXPECT_EQ(test, sizeof(PCI_COMMON_CONFIG), 256);
	KUNIT_EXPECT_EQ(test, offsetof(PCI_COMMON_CONFIG, u.type0.InterruptLine),
			PCI_INTERRUPT_LINE);
	KUNIT_EXPECT_EQ(test, offsetof(PCI_COMMON_CONFIG, u.type0.SubSystemID),
			PCI_SUBSYSTEM_ID);
	KUNIT_EXPECT_EQ(test, offsetof(PCI_COMMON_CONFIG, u.type0.CapabilitiesPtr),
			PCI_CAPABILITY_LIST);
	KUNIT_EXPECT_EQ(test, offsetof(PCI_COMMON_CONFIG, u.type1.SecondaryBus),
			PCI_SECONDARY_BUS);
	KUNIT_EXPECT_EQ(test, offsetof(PCI_COMMON_CONFIG, u.type1.BridgeControl),
			PCI_BRIDGE_CONTROL);
	KUNIT_EXPECT_EQ(test, offsetof(PCI_COMMON_CONFIG, u.type2.Range), PCI_CB_MEMORY_BASE_0);
	KUNIT_EXPECT_EQ(test, PCI_ENABLE_BUS_MASTER, PCI_COMMAND_MASTER);
	KUNIT_EXPECT_EQ(test, PCI_STATUS_CAPABILITIES_LIST, PCI_STATUS_CAP_LIST);
	KUNIT_EXPECT_EQ(test, PCI_MULTIFUNCTION, 0x80);
	KUNIT_EXPECT_EQ(test, sizeof(BUS_INTERFACE_STANDARD), 0x40);
	KUNIT_EXPECT_EQ(test, sizeof(DEVICE_CAPABILITIES), 0x40);
	KUNIT_EXPECT_EQ(test, offsetof(DEVICE_CAPABILITIES, DeviceState), 0x10);
	KUNIT_EXPECT_EQ(test, sizeof(PNP_BUS_INFORMATION), 0x18);
	KUNIT_EXPECT_EQ(test, offsetof(IO_STACK_LOCATION, Parameters.QueryInterface.Interface),
			0x18);
	KUNIT_EXPECT_EQ(test, GUID_BUS_TYPE_PCI.Data1, 0xc8ebdfb0);
	KUNIT_EXPECT_EQ(test, GUID_BUS_INTERFACE_STANDARD.Data4[7], 0x2f);
}

static struct kunit_case busif_cases[] = {
	KUNIT_CASE(busif_layout),
	KUNIT_CASE(busif_get_bus_data),
	KUNIT_CASE(busif_set_bus_data),
	KUNIT_CASE(busif_read_config_irp),
	KUNIT_CASE(busif_translate_and_dma),
	KUNIT_CASE(busif_bad_query),
	KUNIT_CASE(busif_device_property),
	KUNIT_CASE(busif_non_pci),
	KUNIT_CASE(busif_capabilities),
	KUNIT_CASE(busif_device_state),
	KUNIT_CASE(busif_bus_information),
	{}
};

struct kunit_suite wdmdma_busif_suite = {
	.name = "wdmdma_busif",
	.exit = bi_exit,
	.test_cases = busif_cases,
};
