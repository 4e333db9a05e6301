// SPDX-License-Identifier: GPL-2.0
/*
 * Legacy (non-PnP) drivers: a driver written the Windows NT 4 way -- its
 * DriverEntry finds the floppy controller with IoQueryDeviceDescription,
 * claims it with IoReportResourceForDetection, creates its device object,
 * a symbolic link and an ARC name, counts its drive in
 * IoGetConfigurationInformation, maps the interrupt with
 * HalGetInterruptVector and connects it -- on QEMU's isa-fdc (ports
 * 0x3f0-0x3f7, IRQ 6, DMA 2, in every boot), which the test's glue
 * declares with wdmdma_hw_declare().  The controller's reset interrupt
 * runs into the driver's ISR, which reads the main status register.
 * Then the description's order and filters, resource conflicts, PCI
 * configuration space through HalGetBusData (the edu device), the VPB and
 * the storage names, and bad input.
 */
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "suites.h"	/* Linux headers before <wdm.h> */

#include <wdm.h>

#include <wdmdma/binding.h>

#include "legacy_hw.h"

#define LHW_FDC_BASE	0x3f0
#define LHW_FDC_IRQ	6
#define LHW_FDC_DMA	2

static const CM_FLOPPY_DEVICE_DATA lhw_drive = {
	.Version = 2, .Revision = 1, .Size = "3.5", .MaxDensity = 1440, .MountDensity = 0,
	.StepRateHeadUnloadTime = 0xdf, .HeadLoadTime = 0x02, .MotorOffTime = 0x25,
	.SectorLengthCode = 2, .SectorPerTrack = 18, .ReadWriteGapLength = 0x1b,
	.DataTransferLength = 0xff, .FormatGapLength = 0x6c, .FormatFillCharacter = 0xf6,
	.HeadSettleTime = 15, .MotorSettleTime = 8, .MaximumTrackValue = 79,
	.DataTransferRate = 0,
};

/* ---- the glue and the tests ---- */

struct lhw {
	struct wdmdma_hw *nodes[12];	/* forgotten last to first */
	int n;
	PDRIVER_OBJECT drv;
	bool loaded, ports;
};

/* Declare @d for the test's life; NULL when refused. */
static struct wdmdma_hw *lhw_declare(struct kunit *test, const struct wdmdma_hw_desc *d)
{
	struct lhw *s = test->priv;
	struct wdmdma_hw *h;

	if (s->n == ARRAY_SIZE(s->nodes))
		return NULL;
	h = wdmdma_hw_declare(d);
	if (IS_ERR(h))
		return NULL;
	s->nodes[s->n++] = h;
	return h;
}

static const struct wdmdma_hw_desc lhw_fdc_desc = {
	.bus_type = Isa, .controller_type = DiskController, .identifier = "i82077",
	.ports = { { LHW_FDC_BASE, 8 } }, .has_irq = true, .irq = LHW_FDC_IRQ,
	.linux_irq = LHW_FDC_IRQ, .has_dma = true, .dma_channel = LHW_FDC_DMA,
};

static const struct wdmdma_hw_desc lhw_fd0_desc = {
	.bus_type = Isa, .controller_type = DiskController,
	.peripheral_type = FloppyDiskPeripheral, .identifier = "GENERIC FLOPPY DRIVE",
	.device_data = &lhw_drive, .device_data_size = sizeof(lhw_drive),
};

static int lhw_init(struct kunit *test)
{
	struct lhw *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);

	if (!s)
		return -ENOMEM;
	test->priv = s;
	if (!lhw_declare(test, &lhw_fdc_desc) || !lhw_declare(test, &lhw_fd0_desc))
		return -EINVAL;
	s->drv = wdmdma_driver_create("wdmdma-legacy-hw-test");
	return s->drv ? 0 : -ENOMEM;
}

static void lhw_exit(struct kunit *test)
{
	struct lhw *s = test->priv;

	if (!s)
		return;
	if (s->loaded && s->drv->DriverUnload)
		s->drv->DriverUnload(s->drv);
	wdmdma_driver_destroy(s->drv);
	if (s->ports)
		release_region(LHW_FDC_BASE, 8);
	while (s->n)
		wdmdma_hw_forget(s->nodes[--s->n]);
}

static bool lhw_wstr_eq(const WCHAR *w, const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (w[i] != (UCHAR)s[i])
			return false;
	return !w[i];
}

#define LHW_PATH "\\Registry\\Machine\\Hardware\\Description\\System\\MultifunctionAdapter\\0"

/*
 * The driver loads: every field its callout received, the device object
 * with its VPB, the link and ARC name, the count, the vector; then the
 * controller's reset interrupt runs into its ISR, which read the main
 * status register.
 */
static void lhw_driver(struct kunit *test)
{
	struct lhw *s = test->priv;
	LARGE_INTEGER timeout = { .QuadPart = -20000000LL };	/* 2 s */
	UNICODE_STRING arc = FlArcName;
	ULONG floppies = IoGetConfigurationInformation()->FloppyCount;
	unsigned long before = wdmdma_violations(NULL);
	PDEVICE_OBJECT dev, top;
	PFILE_OBJECT fo;
	PFL_EXTENSION ext;
	PFL_CONFIG c;
	int i;

	s->ports = request_region(LHW_FDC_BASE, 8, "wdmdma-legacy-hw-test");
	KUNIT_ASSERT_TRUE_MSG(test, s->ports, "the floppy controller's ports are taken");
	if (inb(LHW_FDC_BASE + 4) == 0xff)
		kunit_skip(test, "no floppy controller at %#x", LHW_FDC_BASE);

	KUNIT_ASSERT_EQ(test, FlDriverEntry(s->drv, NULL), STATUS_SUCCESS);
	s->loaded = true;
	dev = s->drv->DeviceObject;
	KUNIT_ASSERT_NOT_NULL(test, dev);
	ext = dev->DeviceExtension;
	c = &ext->Config;

	/* one callout, for the drive, with every level's values */
	KUNIT_EXPECT_EQ(test, c->Calls, 1U);
	KUNIT_EXPECT_TRUE(test, lhw_wstr_eq(c->Path, LHW_PATH
					    "\\DiskController\\0\\FloppyDiskPeripheral\\0"));
	KUNIT_EXPECT_EQ(test, c->BusType, Isa);
	KUNIT_EXPECT_EQ(test, c->BusNumber, 0U);
	KUNIT_EXPECT_EQ(test, c->ControllerType, DiskController);
	KUNIT_EXPECT_EQ(test, c->ControllerNumber, 0U);
	KUNIT_EXPECT_EQ(test, c->PeripheralType, FloppyDiskPeripheral);
	KUNIT_EXPECT_EQ(test, c->PeripheralNumber, 0U);
	KUNIT_EXPECT_TRUE(test, c->HaveController && c->HavePeripheral);
	KUNIT_EXPECT_TRUE(test, c->NamesRight);
	KUNIT_EXPECT_TRUE(test, c->OffsetsAligned);
	KUNIT_EXPECT_TRUE(test, lhw_wstr_eq(c->Identifier[0], "ISA"));
	KUNIT_EXPECT_TRUE(test, lhw_wstr_eq(c->Identifier[1], "i82077"));
	KUNIT_EXPECT_TRUE(test, lhw_wstr_eq(c->Identifier[2], "GENERIC FLOPPY DRIVE"));
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, c->ComponentLength[i],
				(ULONG)sizeof(CM_COMPONENT_INFORMATION));
	KUNIT_EXPECT_EQ(test, c->CtlInterfaceType, Isa);
	KUNIT_EXPECT_EQ(test, c->CtlBusNumber, 0U);
	KUNIT_EXPECT_EQ(test, c->PortCount, 1U);
	KUNIT_EXPECT_EQ(test, c->PortStart.QuadPart, (LONGLONG)LHW_FDC_BASE);
	KUNIT_EXPECT_EQ(test, c->PortLength, 8U);
	KUNIT_EXPECT_EQ(test, c->PortFlags, (USHORT)CM_RESOURCE_PORT_IO);
	KUNIT_EXPECT_EQ(test, c->InterruptCount, 1U);
	KUNIT_EXPECT_EQ(test, c->Level, (ULONG)LHW_FDC_IRQ);
	KUNIT_EXPECT_EQ(test, c->Vector, (ULONG)LHW_FDC_IRQ);
	KUNIT_EXPECT_EQ(test, c->InterruptFlags, (USHORT)CM_RESOURCE_INTERRUPT_LATCHED);
	KUNIT_EXPECT_EQ(test, c->DmaCount, 1U);
	KUNIT_EXPECT_EQ(test, c->DmaChannel, (ULONG)LHW_FDC_DMA);
	KUNIT_EXPECT_EQ(test, c->OtherCount, 0U);
	KUNIT_EXPECT_EQ(test, c->DeviceSpecificSize, (ULONG)sizeof(CM_FLOPPY_DEVICE_DATA));
	KUNIT_EXPECT_EQ(test, memcmp(&c->Drive, &lhw_drive, sizeof(lhw_drive)), 0);

	/* what DriverEntry made */
	KUNIT_EXPECT_EQ(test, IoGetConfigurationInformation()->FloppyCount, floppies + 1);
	KUNIT_EXPECT_EQ(test, ext->Vector, (ULONG)LHW_FDC_IRQ);
	KUNIT_EXPECT_GE(test, ext->Irql, (KIRQL)(DISPATCH_LEVEL + 1));
	KUNIT_EXPECT_NE(test, ext->Affinity, (KAFFINITY)0);
	KUNIT_ASSERT_NOT_NULL(test, ext->Interrupt);
	KUNIT_ASSERT_NOT_NULL(test, dev->Vpb);
	KUNIT_EXPECT_EQ(test, dev->Vpb->Type, (CSHORT)IO_TYPE_VPB);
	KUNIT_EXPECT_EQ(test, dev->Vpb->Size, (CSHORT)sizeof(VPB));
	KUNIT_EXPECT_PTR_EQ(test, dev->Vpb->RealDevice, dev);
	KUNIT_EXPECT_EQ(test, dev->Vpb->Flags & VPB_MOUNTED, 0);	/* nothing mounts */
	/* the ARC name leads to the device */
	KUNIT_ASSERT_EQ(test, IoGetDeviceObjectPointer(&arc, FILE_READ_DATA, &fo, &top),
			STATUS_SUCCESS);
	KUNIT_EXPECT_PTR_EQ(test, top, dev);
	ObDereferenceObject(fo);
	KUNIT_EXPECT_EQ(test, IoAssignArcName(&arc, &FlDeviceName), STATUS_OBJECT_NAME_COLLISION);

	/* the controller's reset interrupt, into the ISR */
	KeClearEvent(&ext->InterruptEvent);
	WRITE_PORT_UCHAR((PUCHAR)(LHW_FDC_BASE + 2), 0x00);	/* DOR: reset */
	KeStallExecutionProcessor(100);
	WRITE_PORT_UCHAR((PUCHAR)(LHW_FDC_BASE + 2), 0x0c);	/* out of reset, IRQ and DMA on */
	KUNIT_ASSERT_EQ_MSG(test, KeWaitForSingleObject(&ext->InterruptEvent, Executive,
							KernelMode, FALSE, &timeout),
			    STATUS_SUCCESS, "no interrupt after the controller's reset");
	KUNIT_EXPECT_GE(test, ext->Interrupts, 1);
	KUNIT_EXPECT_EQ_MSG(test, ext->IsrStatus & 0x80, 0x80, "MSR %#x: RQM not set",
			    ext->IsrStatus);
	/* SENSE INTERRUPT STATUS for the four drives clears it; then MSR is idle */
	for (i = 0; i < 4; i++) {
		int st0, cyl, n;

		for (n = 0; n < 10000 && (inb(LHW_FDC_BASE + 4) & 0xc0) != 0x80; n++)
			usleep_range(10, 20);
		outb(0x08, LHW_FDC_BASE + 5);
		for (n = 0; n < 10000 && (inb(LHW_FDC_BASE + 4) & 0xc0) != 0xc0; n++)
			usleep_range(10, 20);
		st0 = inb(LHW_FDC_BASE + 5);
		for (n = 0; n < 10000 && (inb(LHW_FDC_BASE + 4) & 0xc0) != 0xc0; n++)
			usleep_range(10, 20);
		cyl = inb(LHW_FDC_BASE + 5);
		KUNIT_EXPECT_EQ_MSG(test, st0 & 0xc3, 0xc0 | i, "drive %d: ST0 %#x", i, st0);
		KUNIT_EXPECT_EQ(test, cyl, 0);
	}
	KUNIT_EXPECT_EQ(test, READ_PORT_UCHAR((PUCHAR)(LHW_FDC_BASE + 4)) & 0xc0, 0x80);

	s->drv->DriverUnload(s->drv);
	s->loaded = false;
	KUNIT_EXPECT_NULL(test, s->drv->DeviceObject);
	KUNIT_EXPECT_EQ(test, IoGetConfigurationInformation()->FloppyCount, floppies);
	/* the ARC name went with it */
	KUNIT_EXPECT_EQ(test, IoGetDeviceObjectPointer(&arc, FILE_READ_DATA, &fo, &top),
			STATUS_OBJECT_NAME_NOT_FOUND);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before);
}

/* What the order test's callout saw, call by call */
struct lhw_seen {
	int n, stop_at;
	CONFIGURATION_TYPE ctl[8], per[8];
	ULONG ctlnr[8], pernr[8], busnr[8];
	bool ctl_info[8], per_info[8];
	char id[8][24];
};

static NTSTATUS lhw_record(PVOID Context, PUNICODE_STRING PathName, INTERFACE_TYPE BusType,
			   ULONG BusNumber, PKEY_VALUE_FULL_INFORMATION *BusInformation,
			   CONFIGURATION_TYPE ControllerType, ULONG ControllerNumber,
			   PKEY_VALUE_FULL_INFORMATION *ControllerInformation,
			   CONFIGURATION_TYPE PeripheralType, ULONG PeripheralNumber,
			   PKEY_VALUE_FULL_INFORMATION *PeripheralInformation)
{
	struct lhw_seen *w = Context;
	PKEY_VALUE_FULL_INFORMATION *info = PeripheralInformation ? PeripheralInformation :
		ControllerInformation ? ControllerInformation : BusInformation;
	PKEY_VALUE_FULL_INFORMATION v = info[IoQueryDeviceIdentifier];
	int i = w->n++;
	ULONG k;

	if (i >= 8)
		return STATUS_UNSUCCESSFUL;
	w->ctl[i] = ControllerType;
	w->per[i] = PeripheralType;
	w->ctlnr[i] = ControllerNumber;
	w->pernr[i] = PeripheralNumber;
	w->busnr[i] = BusNumber;
	w->ctl_info[i] = ControllerInformation;
	w->per_info[i] = PeripheralInformation;
	for (k = 0; v && k < v->DataLength / 2 && k < 23; k++)
		w->id[i][k] = (char)((PWCHAR)((PUCHAR)v + v->DataOffset))[k];
	return w->n == w->stop_at ? STATUS_DEVICE_BUSY : STATUS_SUCCESS;
}

/*
 * The description's order (controller types and numbers ascending, a
 * controller's peripherals after it), each filter, the walk stopping at a
 * callout's failure, STATUS_OBJECT_NAME_NOT_FOUND, buses alone.
 */
static void lhw_order(struct kunit *test)
{
	struct lhw_order_data {
		struct wdmdma_hw_desc par, ser, fdc1, fd1, fd0b, eisa;
		struct lhw_seen w;
	} *o = kunit_kzalloc(test, sizeof(*o), GFP_KERNEL);
	struct wdmdma_hw_desc par = {
		.bus_type = Isa, .controller_type = ParallelController, .identifier = "LPT1",
		.ports = { { 0x378, 8 } }, .has_irq = true, .irq = 7, .linux_irq = 7,
	}, ser = {
		.bus_type = Isa, .controller_type = SerialController, .identifier = "COM1",
		.ports = { { 0x3f8, 8 } }, .has_irq = true, .irq = 4, .linux_irq = 4,
	};
	INTERFACE_TYPE isa = Isa, eisa_t = Eisa;
	CONFIGURATION_TYPE disk = DiskController, flp = FloppyDiskPeripheral;
	CONFIGURATION_TYPE ser_t = SerialController;
	CONFIGURATION_TYPE tape = TapeController;
	ULONG one = 1, zero = 0;
	struct wdmdma_hw_desc *fdc1, *fd1, *fd0b, *eisa;
	struct lhw_seen *w;

	KUNIT_ASSERT_NOT_NULL(test, o);
	w = &o->w;
	o->fdc1 = lhw_fdc_desc;
	o->fd1 = lhw_fd0_desc;
	o->fd0b = lhw_fd0_desc;
	o->eisa = par;
	fdc1 = &o->fdc1;
	fd1 = &o->fd1;
	fd0b = &o->fd0b;
	eisa = &o->eisa;

	fdc1->controller_number = 1;
	fdc1->identifier = "second";
	fd1->controller_number = 1;
	fd1->identifier = "B";
	fd0b->peripheral_number = 1;
	fd0b->identifier = "A1";
	eisa->bus_type = Eisa;
	eisa->identifier = "EISA LPT";
	/* declared out of order: the walk sorts them */
	KUNIT_ASSERT_NOT_NULL(test, lhw_declare(test, &ser));
	KUNIT_ASSERT_NOT_NULL(test, lhw_declare(test, fdc1));
	KUNIT_ASSERT_NOT_NULL(test, lhw_declare(test, fd1));
	KUNIT_ASSERT_NOT_NULL(test, lhw_declare(test, fd0b));
	KUNIT_ASSERT_NOT_NULL(test, lhw_declare(test, &par));

	/* every floppy of every disk controller */
	KUNIT_EXPECT_EQ(test, IoQueryDeviceDescription(&isa, NULL, &disk, NULL, &flp, NULL,
						       lhw_record, w), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, w->n, 3);
	KUNIT_EXPECT_STREQ(test, w->id[0], "GENERIC FLOPPY DRIVE");
	KUNIT_EXPECT_EQ(test, w->ctlnr[0], 0U);
	KUNIT_EXPECT_EQ(test, w->pernr[0], 0U);
	KUNIT_EXPECT_STREQ(test, w->id[1], "A1");
	KUNIT_EXPECT_EQ(test, w->pernr[1], 1U);
	KUNIT_EXPECT_STREQ(test, w->id[2], "B");
	KUNIT_EXPECT_EQ(test, w->ctlnr[2], 1U);

	/* controllers alone: no peripheral information */
	memset(w, 0, sizeof(*w));
	KUNIT_EXPECT_EQ(test, IoQueryDeviceDescription(&isa, NULL, &disk, NULL, NULL, NULL,
						       lhw_record, w), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, w->n, 2);
	KUNIT_EXPECT_STREQ(test, w->id[0], "i82077");
	KUNIT_EXPECT_STREQ(test, w->id[1], "second");
	KUNIT_EXPECT_TRUE(test, w->ctl_info[0] && !w->per_info[0]);

	/* a controller number; a peripheral number */
	memset(w, 0, sizeof(*w));
	KUNIT_EXPECT_EQ(test, IoQueryDeviceDescription(&isa, &zero, &disk, &one, NULL, NULL,
						       lhw_record, w), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, w->n, 1);
	KUNIT_EXPECT_STREQ(test, w->id[0], "second");
	memset(w, 0, sizeof(*w));
	KUNIT_EXPECT_EQ(test, IoQueryDeviceDescription(&isa, NULL, &disk, &zero, &flp, &one,
						       lhw_record, w), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, w->n, 1);
	KUNIT_EXPECT_STREQ(test, w->id[0], "A1");

	/* the serial controller; the bus alone */
	memset(w, 0, sizeof(*w));
	KUNIT_EXPECT_EQ(test, IoQueryDeviceDescription(NULL, NULL, &ser_t, NULL, NULL, NULL,
						       lhw_record, w), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, w->n, 1);
	KUNIT_EXPECT_STREQ(test, w->id[0], "COM1");
	memset(w, 0, sizeof(*w));
	KUNIT_EXPECT_EQ(test, IoQueryDeviceDescription(&isa, NULL, NULL, NULL, NULL, NULL,
						       lhw_record, w), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, w->n, 1);
	KUNIT_EXPECT_STREQ(test, w->id[0], "ISA");
	KUNIT_EXPECT_FALSE(test, w->ctl_info[0]);

	/* a callout's failure ends the walk and is the result */
	memset(w, 0, sizeof(*w));
	w->stop_at = 2;
	KUNIT_EXPECT_EQ(test, IoQueryDeviceDescription(&isa, NULL, &disk, NULL, &flp, NULL,
						       lhw_record, w), STATUS_DEVICE_BUSY);
	KUNIT_EXPECT_EQ(test, w->n, 2);

	/* nothing matches */
	memset(w, 0, sizeof(*w));
	KUNIT_EXPECT_EQ(test, IoQueryDeviceDescription(&isa, &one, &disk, NULL, NULL, NULL,
						       lhw_record, w),
			STATUS_OBJECT_NAME_NOT_FOUND);
	KUNIT_EXPECT_EQ(test, IoQueryDeviceDescription(&isa, NULL, &tape, NULL, NULL, NULL,
						       lhw_record, w),
			STATUS_OBJECT_NAME_NOT_FOUND);
	KUNIT_EXPECT_EQ(test, IoQueryDeviceDescription(&eisa_t, NULL, NULL, NULL, NULL, NULL,
						       lhw_record, w),
			STATUS_OBJECT_NAME_NOT_FOUND);
	KUNIT_EXPECT_EQ(test, w->n, 0);

	/* a second bus */
	KUNIT_ASSERT_NOT_NULL(test, lhw_declare(test, eisa));
	memset(w, 0, sizeof(*w));
	KUNIT_EXPECT_EQ(test, IoQueryDeviceDescription(&eisa_t, NULL, NULL, NULL, NULL, NULL,
						       lhw_record, w), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, w->n, 1);
	KUNIT_EXPECT_STREQ(test, w->id[0], "EISA");
	memset(w, 0, sizeof(*w));
	KUNIT_EXPECT_EQ(test, IoQueryDeviceDescription(NULL, NULL, &par.controller_type, NULL,
						       NULL, NULL, lhw_record, w), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, w->n, 2);
	KUNIT_EXPECT_STREQ(test, w->id[0], "LPT1");
	KUNIT_EXPECT_STREQ(test, w->id[1], "EISA LPT");
}

/* A one-descriptor resource list */
struct lhw_list {
	CM_RESOURCE_LIST l;		/* its one descriptor is List[0]'s */
};

static void lhw_list_one(struct lhw_list *b, UCHAR type, UCHAR share, u64 start, ULONG len)
{
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d = b->l.List[0].PartialResourceList.PartialDescriptors;

	memset(b, 0, sizeof(*b));
	b->l.Count = 1;
	b->l.List[0].InterfaceType = Isa;
	b->l.List[0].PartialResourceList.Count = 1;
	d->Type = type;
	d->ShareDisposition = share;
	switch (type) {
	case CmResourceTypeInterrupt:
		d->u.Interrupt.Level = start;
		d->u.Interrupt.Vector = start;
		break;
	case CmResourceTypeDma:
		d->u.Dma.Channel = start;
		break;
	default:
		d->u.Generic.Start.QuadPart = start;
		d->u.Generic.Length = len;
	}
}

/*
 * IoReportResourceForDetection: overlapping ports, the same interrupt
 * level or DMA channel conflict (STATUS_CONFLICTING_ADDRESSES,
 * ConflictDetected) unless both are shared; a new claim replaces the
 * owner's; an empty one releases it; a deleted device's claim goes;
 * IoReportResourceUsage with OverrideConflict records a conflicting one.
 */
static void lhw_resources(struct kunit *test)
{
	struct lhw *s = test->priv;
	PDRIVER_OBJECT other = wdmdma_driver_create("wdmdma-legacy-hw-other");
	const ULONG sz = sizeof(struct lhw_list);
	struct lhw_list a, b;
	PDEVICE_OBJECT dev = NULL;
	BOOLEAN conflict;

	KUNIT_ASSERT_NOT_NULL(test, other);
	lhw_list_one(&a, CmResourceTypePort, CmResourceShareDeviceExclusive, 0x3f0, 8);
	KUNIT_EXPECT_EQ(test, IoReportResourceForDetection(s->drv, &a.l, sz, NULL, NULL, 0,
							   &conflict), STATUS_SUCCESS);
	KUNIT_EXPECT_FALSE(test, conflict);
	/* 0x3f4 is inside: refused; 0x3f8 is not */
	lhw_list_one(&b, CmResourceTypePort, CmResourceShareDeviceExclusive, 0x3f4, 1);
	KUNIT_EXPECT_EQ(test, IoReportResourceForDetection(other, &b.l, sz, NULL, NULL, 0,
							   &conflict),
			STATUS_CONFLICTING_ADDRESSES);
	KUNIT_EXPECT_TRUE(test, conflict);
	lhw_list_one(&b, CmResourceTypePort, CmResourceShareDeviceExclusive, 0x3f8, 8);
	KUNIT_EXPECT_EQ(test, IoReportResourceForDetection(other, &b.l, sz, NULL, NULL, 0,
							   &conflict), STATUS_SUCCESS);
	KUNIT_EXPECT_FALSE(test, conflict);
	/* the owner's new claim replaces its old one (ports 0x3f0 free again) */
	lhw_list_one(&a, CmResourceTypeInterrupt, CmResourceShareDeviceExclusive, 6, 0);
	KUNIT_EXPECT_EQ(test, IoReportResourceForDetection(s->drv, &a.l, sz, NULL, NULL, 0,
							   &conflict), STATUS_SUCCESS);
	lhw_list_one(&b, CmResourceTypePort, CmResourceShareDeviceExclusive, 0x3f0, 8);
	KUNIT_EXPECT_EQ(test, IoReportResourceForDetection(other, &b.l, sz, NULL, NULL, 0,
							   &conflict), STATUS_SUCCESS);
	/* interrupts: exclusive against anything conflicts, shared with shared does not */
	lhw_list_one(&b, CmResourceTypeInterrupt, CmResourceShareShared, 6, 0);
	KUNIT_EXPECT_EQ(test, IoReportResourceForDetection(other, &b.l, sz, NULL, NULL, 0,
							   &conflict),
			STATUS_CONFLICTING_ADDRESSES);
	lhw_list_one(&a, CmResourceTypeInterrupt, CmResourceShareShared, 6, 0);
	KUNIT_EXPECT_EQ(test, IoReportResourceForDetection(s->drv, &a.l, sz, NULL, NULL, 0,
							   &conflict), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, IoReportResourceForDetection(other, &b.l, sz, NULL, NULL, 0,
							   &conflict), STATUS_SUCCESS);
	KUNIT_EXPECT_FALSE(test, conflict);
	/* a DMA channel, claimed by a device of the driver */
	KUNIT_ASSERT_EQ(test, IoCreateDevice(s->drv, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &dev),
			STATUS_SUCCESS);
	lhw_list_one(&a, CmResourceTypeDma, CmResourceShareDeviceExclusive, 2, 0);
	KUNIT_EXPECT_EQ(test, IoReportResourceForDetection(s->drv, NULL, 0, dev, &a.l, sz,
							   &conflict), STATUS_SUCCESS);
	lhw_list_one(&b, CmResourceTypeDma, CmResourceShareDeviceExclusive, 2, 0);
	KUNIT_EXPECT_EQ(test, IoReportResourceForDetection(other, &b.l, sz, NULL, NULL, 0,
							   &conflict),
			STATUS_CONFLICTING_ADDRESSES);
	/* the older routine: OverrideConflict records it anyway, and says so */
	KUNIT_EXPECT_EQ(test, IoReportResourceUsage(NULL, other, &b.l, sz, NULL, NULL, 0, TRUE,
						    &conflict), STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, conflict);
	KUNIT_EXPECT_EQ(test, IoReportResourceUsage(NULL, other, &b.l, sz, NULL, NULL, 0, FALSE,
						    &conflict), STATUS_CONFLICTING_ADDRESSES);
	/* the device goes, and its claim with it */
	IoDeleteDevice(dev);
	KUNIT_EXPECT_EQ(test, IoReportResourceForDetection(other, &b.l, sz, NULL, NULL, 0,
							   &conflict), STATUS_SUCCESS);
	KUNIT_EXPECT_FALSE(test, conflict);
	/* an empty report releases: the other driver's ports are free again */
	KUNIT_EXPECT_EQ(test, IoReportResourceForDetection(other, NULL, 0, NULL, NULL, 0,
							   &conflict), STATUS_SUCCESS);
	lhw_list_one(&a, CmResourceTypePort, CmResourceShareDeviceExclusive, 0x3f0, 8);
	KUNIT_EXPECT_EQ(test, IoReportResourceForDetection(s->drv, &a.l, sz, NULL, NULL, 0,
							   &conflict), STATUS_SUCCESS);
	/* the other driver's destruction releases what it holds */
	KUNIT_EXPECT_EQ(test, IoReportResourceForDetection(other, &b.l, sz, NULL, NULL, 0,
							   &conflict), STATUS_SUCCESS);
	wdmdma_driver_destroy(other);
	lhw_list_one(&b, CmResourceTypeDma, CmResourceShareDeviceExclusive, 2, 0);
	KUNIT_EXPECT_EQ(test, IoReportResourceForDetection(s->drv, &b.l, sz, NULL, NULL, 0,
							   &conflict), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, IoReportResourceForDetection(s->drv, NULL, 0, NULL, NULL, 0,
							   &conflict), STATUS_SUCCESS);
}

/* The edu device's configuration space through HalGetBusData and friends */
static void lhw_bus_data(struct kunit *test)
{
	struct pci_dev *pdev = pci_get_device(0x1234, 0x11e8, NULL), *p;
	UCHAR cfg[256], line, again, mark;
	PCI_SLOT_NUMBER slot = {}, empty = {};
	PHYSICAL_ADDRESS bus = { .QuadPart = 0x3f0 }, out = {};
	ULONG space = 1, busnr, devfn, n, k;
	u32 dword;

	KUNIT_ASSERT_NOT_NULL_MSG(test, pdev, "no edu device");
	busnr = pdev->bus->number;
	slot.u.bits.DeviceNumber = PCI_SLOT(pdev->devfn);
	slot.u.bits.FunctionNumber = PCI_FUNC(pdev->devfn);

	memset(cfg, 0xcc, sizeof(cfg));
	n = HalGetBusData(PCIConfiguration, busnr, slot.u.AsULONG, cfg, sizeof(cfg));
	KUNIT_EXPECT_EQ(test, n, 256U);
	KUNIT_EXPECT_EQ(test, cfg[0] | cfg[1] << 8, 0x1234);
	KUNIT_EXPECT_EQ(test, cfg[2] | cfg[3] << 8, 0x11e8);
	for (k = 0; k < 64; k += 4) {
		pci_read_config_dword(pdev, k, &dword);
		KUNIT_EXPECT_EQ_MSG(test, *(u32 *)&cfg[k], dword, "offset %#x", k);
	}
	/* by offset: the base address register 0; a range cut at 256 */
	KUNIT_EXPECT_EQ(test, HalGetBusDataByOffset(PCIConfiguration, busnr, slot.u.AsULONG,
						    &dword, 0x10, 4), 4U);
	KUNIT_EXPECT_EQ(test, dword, *(u32 *)&cfg[0x10]);
	KUNIT_EXPECT_EQ(test, HalGetBusDataByOffset(PCIConfiguration, busnr, slot.u.AsULONG,
						    cfg, 0xf8, 64), 8U);
	KUNIT_EXPECT_EQ(test, HalGetBusDataByOffset(PCIConfiguration, busnr, slot.u.AsULONG,
						    cfg, 0x100, 4), 0U);
	/* a write that sticks: the interrupt line register, put back afterwards */
	KUNIT_ASSERT_EQ(test, HalGetBusDataByOffset(PCIConfiguration, busnr, slot.u.AsULONG,
						    &line, PCI_INTERRUPT_LINE, 1), 1U);
	mark = line ^ 0x5a;
	KUNIT_EXPECT_EQ(test, HalSetBusDataByOffset(PCIConfiguration, busnr, slot.u.AsULONG,
						    &mark, PCI_INTERRUPT_LINE, 1), 1U);
	pci_read_config_byte(pdev, PCI_INTERRUPT_LINE, &again);
	KUNIT_EXPECT_EQ(test, again, mark);
	KUNIT_EXPECT_EQ(test, HalSetBusDataByOffset(PCIConfiguration, busnr, slot.u.AsULONG,
						    &line, PCI_INTERRUPT_LINE, 1), 1U);
	pci_read_config_byte(pdev, PCI_INTERRUPT_LINE, &again);
	KUNIT_EXPECT_EQ(test, again, line);

	/* an empty slot on the same bus reads as PCI_INVALID_VENDORID */
	for (devfn = 0; devfn < 256; devfn += 8) {
		p = pci_get_slot(pdev->bus, devfn);
		if (!p)
			break;
		pci_dev_put(p);
	}
	if (devfn < 256) {
		empty.u.bits.DeviceNumber = PCI_SLOT(devfn);
		memset(cfg, 0, sizeof(cfg));
		KUNIT_EXPECT_EQ(test, HalGetBusData(PCIConfiguration, busnr, empty.u.AsULONG, cfg,
						    sizeof(cfg)), 2U);
		KUNIT_EXPECT_EQ(test, cfg[0] | cfg[1] << 8, PCI_INVALID_VENDORID);
		KUNIT_EXPECT_EQ(test, HalSetBusData(PCIConfiguration, busnr, empty.u.AsULONG, cfg,
						    4), 0U);
	}
	/* a bus that does not exist; a bus type that has no data here */
	KUNIT_EXPECT_EQ(test, HalGetBusData(PCIConfiguration, 200, 0, cfg, sizeof(cfg)), 0U);
	KUNIT_EXPECT_EQ(test, HalGetBusData(Cmos, 0, 0, cfg, 16), 0U);
	KUNIT_EXPECT_EQ(test, HalGetBusData(EisaConfiguration, 0, 0, cfg, 16), 0U);
	pci_dev_put(pdev);

	/* ISA ports translate to themselves, in the I/O space */
	KUNIT_EXPECT_TRUE(test, HalTranslateBusAddress(Isa, 0, bus, &space, &out));
	KUNIT_EXPECT_EQ(test, out.QuadPart, 0x3f0LL);
	KUNIT_EXPECT_EQ(test, space, 1U);
	KUNIT_EXPECT_FALSE(test, HalTranslateBusAddress(MaximumInterfaceType, 0, bus, &space,
							&out));
}

/*
 * The storage names: a VPB for disk, CD-ROM and tape device objects
 * (never mounted), none for others; the configuration record's layout;
 * the verify names a floppy driver tests.
 */
static void lhw_storage(struct kunit *test)
{
	static const DEVICE_TYPE with[] = { FILE_DEVICE_DISK, FILE_DEVICE_CD_ROM,
					    FILE_DEVICE_TAPE, FILE_DEVICE_VIRTUAL_DISK };
	PCONFIGURATION_INFORMATION ci = IoGetConfigurationInformation();
	struct lhw *s = test->priv;
	UNICODE_STRING arc = RTL_CONSTANT_STRING(L"\\ArcName\\multi(0)disk(0)rdisk(0)");
	UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\WdmLegacyDisk");
	PDEVICE_OBJECT d;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(with); i++) {
		KUNIT_ASSERT_EQ(test, IoCreateDevice(s->drv, 0, NULL, with[i], 0, FALSE, &d),
				STATUS_SUCCESS);
		KUNIT_ASSERT_NOT_NULL(test, d->Vpb);
		KUNIT_EXPECT_EQ(test, d->Vpb->Type, (CSHORT)IO_TYPE_VPB);
		KUNIT_EXPECT_PTR_EQ(test, d->Vpb->RealDevice, d);
		KUNIT_EXPECT_NULL(test, d->Vpb->DeviceObject);	/* no file system */
		KUNIT_EXPECT_EQ(test, d->Vpb->Flags, 0);
		KUNIT_EXPECT_EQ(test, d->Vpb->ReferenceCount, 0U);
		IoDeleteDevice(d);
	}
	KUNIT_ASSERT_EQ(test, IoCreateDevice(s->drv, 0, &name, FILE_DEVICE_UNKNOWN, 0, FALSE, &d),
			STATUS_SUCCESS);
	KUNIT_EXPECT_NULL(test, d->Vpb);
	/* an ARC name is a link: made once, gone once */
	KUNIT_EXPECT_EQ(test, IoAssignArcName(&arc, &name), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, IoAssignArcName(&arc, &name), STATUS_OBJECT_NAME_COLLISION);
	KUNIT_EXPECT_EQ(test, IoDeassignArcName(&arc), STATUS_SUCCESS);
	IoDeleteDevice(d);

	/* one record for the system; drivers count in it */
	KUNIT_EXPECT_PTR_EQ(test, ci, IoGetConfigurationInformation());
	KUNIT_EXPECT_EQ(test, ci->Version, (ULONG)sizeof(CONFIGURATION_INFORMATION));
	KUNIT_EXPECT_EQ(test, ci->Version, 0x28U);
	ci->DiskCount++;
	ci->AtDiskPrimaryAddressClaimed = TRUE;
	KUNIT_EXPECT_EQ(test, IoGetConfigurationInformation()->AtDiskPrimaryAddressClaimed, TRUE);
	ci->AtDiskPrimaryAddressClaimed = FALSE;
	ci->DiskCount--;

	KUNIT_EXPECT_EQ(test, SL_OVERRIDE_VERIFY_VOLUME, 0x02);
	KUNIT_EXPECT_EQ(test, DO_VERIFY_VOLUME, 0x02);
	KUNIT_EXPECT_EQ(test, VPB_MOUNTED, 0x01);
	KUNIT_EXPECT_TRUE(test, IoIsErrorUserInduced(STATUS_VERIFY_REQUIRED));
	KUNIT_EXPECT_TRUE(test, IoIsErrorUserInduced(STATUS_NO_MEDIA_IN_DEVICE));
	KUNIT_EXPECT_FALSE(test, IoIsErrorUserInduced(STATUS_DEVICE_BUSY));
}

/* Bad input: reported, answered, never a crash */
static void lhw_bad_input(struct kunit *test)
{
	struct wdmdma_hw_desc d = lhw_fdc_desc, p = lhw_fd0_desc;
	INTERFACE_TYPE isa = Isa;
	unsigned long before = wdmdma_violations(NULL);
	KIRQL irql = 9;
	KAFFINITY aff = 9;
	BOOLEAN conflict;
	CM_RESOURCE_LIST l = { .Count = 3 };
	struct lhw *s = test->priv;

	/* declarations */
	KUNIT_EXPECT_EQ(test, PTR_ERR(wdmdma_hw_declare(NULL)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(wdmdma_hw_declare(&d)), -EEXIST);
	d.controller_type = FloppyDiskPeripheral;
	KUNIT_EXPECT_EQ(test, PTR_ERR(wdmdma_hw_declare(&d)), -EINVAL);
	d = lhw_fdc_desc;
	d.bus_type = MaximumInterfaceType;
	KUNIT_EXPECT_EQ(test, PTR_ERR(wdmdma_hw_declare(&d)), -EINVAL);
	p.controller_number = 5;
	KUNIT_EXPECT_EQ(test, PTR_ERR(wdmdma_hw_declare(&p)), -ENOENT);
	p = lhw_fd0_desc;
	p.device_data = NULL;
	KUNIT_EXPECT_EQ(test, PTR_ERR(wdmdma_hw_declare(&p)), -EINVAL);
	wdmdma_hw_forget(NULL);
	wdmdma_hw_forget(ERR_PTR(-EINVAL));
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 6);

	/* the queries */
	before = wdmdma_violations(NULL);
	KUNIT_EXPECT_EQ(test, IoQueryDeviceDescription(&isa, NULL, NULL, NULL, NULL, NULL, NULL,
						       NULL), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, IoQueryDeviceDescription(NULL, NULL, NULL, NULL, NULL, NULL,
						       FlConfigCallback, NULL),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, HalGetInterruptVector(Isa, 0, 9, 9, &irql, &aff), 0U);
	KUNIT_EXPECT_EQ(test, irql, 0);
	KUNIT_EXPECT_EQ(test, aff, (KAFFINITY)0);
	KUNIT_EXPECT_EQ(test, HalGetInterruptVector(Isa, 1, 6, 6, &irql, &aff), 0U);
	KUNIT_EXPECT_EQ(test, HalGetInterruptVector(Isa, 0, 6, 6, NULL, &aff), 0U);
	KUNIT_EXPECT_EQ(test, HalGetBusData(PCIConfiguration, 0, 0, NULL, 4), 0U);
	KUNIT_EXPECT_FALSE(test, HalTranslateBusAddress(Isa, 0, (PHYSICAL_ADDRESS){}, NULL,
							NULL));
	KUNIT_EXPECT_EQ(test, IoReportResourceForDetection(NULL, NULL, 0, NULL, NULL, 0,
							   &conflict), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, IoReportResourceForDetection(s->drv, NULL, 0, NULL, NULL, 0, NULL),
			STATUS_INVALID_PARAMETER);
	/* a list that claims three full descriptors in the size of one */
	KUNIT_EXPECT_EQ(test, IoReportResourceForDetection(s->drv, &l, sizeof(l), NULL, NULL, 0,
							   &conflict), STATUS_UNSUCCESSFUL);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 10);
	/* still sound: the good declaration answers */
	KUNIT_EXPECT_EQ(test, HalGetInterruptVector(Isa, 0, 6, 6, &irql, &aff), 6U);
}

static struct kunit_case lhw_cases[] = {
	KUNIT_CASE(lhw_driver),
	KUNIT_CASE(lhw_order),
	KUNIT_CASE(lhw_resources),
	KUNIT_CASE(lhw_bus_data),
	KUNIT_CASE(lhw_storage),
	KUNIT_CASE(lhw_bad_input),
	{}
};

struct kunit_suite wdmdma_legacy_hw_suite = {
	.name = "wdmdma_legacy_hw",
	.init = lhw_init,
	.exit = lhw_exit,
	.test_cases = lhw_cases,
};
