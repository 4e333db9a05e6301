// SPDX-License-Identifier: GPL-2.0
/*
 * Port I/O (READ_PORT_*, WRITE_PORT_* and their _BUFFER_ forms) and the
 * register buffer forms, on a real device: QEMU's pci-testdev, which every
 * test VM boot has (tools/vm/run.sh).  A test WDM driver gets its I/O BAR
 * as a CmResourceTypePort resource and its memory BAR as
 * CmResourceTypeMemory through wdmdma_pnp_start_pci(), the test having
 * reserved both regions as a binding does.
 *
 * What the device does (QEMU hw/misc/pci-testdev.c), in each BAR: a byte
 * written at offset 0 selects test N (0-2) of that BAR's kind and clears
 * its count; reads return the selected test's header byte by byte -- test
 * number (portio tests are 3-5), access width (1), the offset that counts
 * (u32: 128 + number for port I/O, 2048 + number for memory), the data
 * byte that counts (0xfa, or 0xce for test 1), the count (u32) and the
 * name ("portio-no-eventfd"...).  A byte written at the counting offset
 * adds one to the count when it is the data byte (test 0, no eventfd:
 * every write reaches the device under TCG).  Wider accesses reach it as
 * bytes, lowest address first.  So what a port routine wrote shows in the
 * count, element by element, and what it read can only come from the
 * device.
 */
#include <linux/ioport.h>
#include <linux/pci.h>

#include "suites.h"
#include "target.h"

#define TESTDEV_VENDOR		0x1b36	/* Red Hat, QEMU */
#define TESTDEV_DEVICE		0x0005
#define TESTDEV_BAR_MEM		0
#define TESTDEV_BAR_IO		1

#define TD_TEST			0	/* u8: select (write) / test number (read) */
#define TD_WIDTH		1	/* u8 */
#define TD_OFFSET		4	/* u32: the offset that counts */
#define TD_DATA			8	/* u8: the byte that counts */
#define TD_COUNT		12	/* u32 */
#define TD_NAME			16
#define TD_PIO_FIRST		3	/* portio tests are 3..5 */
#define TD_PIO_BASE		128	/* a portio test counts at 128 + its number */
#define TD_MEM_BASE		2048	/* an mmio test counts at 2048 + its number */
#define TD_MATCH		0xfa
#define TD_NOMATCH		0xce

/**
 * struct port_drv - the test's WDM driver for the pci-testdev
 * @pdev: the device
 * @drv: its driver object
 * @pdo: the PDO
 * @fdo: the FDO
 * @lower: what the FDO is attached to
 * @started: wdmdma_pnp_start_pci() succeeded, no removal yet
 * @regions: BARs the test reserved (bit per BAR)
 * @port: the translated port resource's start, as a driver keeps it
 * @port_len: its length
 * @port_flags: its Flags
 * @raw_port: the raw port resource's start
 * @regs: the memory BAR, MmMapIoSpace()d
 * @regs_len: its length
 */
struct port_drv {
	struct pci_dev *pdev;
	PDRIVER_OBJECT drv;
	PDEVICE_OBJECT pdo;
	PDEVICE_OBJECT fdo;
	PDEVICE_OBJECT lower;
	bool started;
	unsigned int regions;
	PUCHAR port;
	ULONG port_len;
	USHORT port_flags;
	LONGLONG raw_port;
	PUCHAR regs;
	SIZE_T regs_len;
};

/* The port_drv of the running test, for AddDevice */
static struct port_drv *port_current;

/* The first descriptor of @type in a one-list resource list */
static PCM_PARTIAL_RESOURCE_DESCRIPTOR port_res_find(PCM_RESOURCE_LIST l, UCHAR type)
{
	PCM_PARTIAL_RESOURCE_LIST pl = &l->List[0].PartialResourceList;
	ULONG i;

	for (i = 0; i < pl->Count; i++)
		if (pl->PartialDescriptors[i].Type == type)
			return &pl->PartialDescriptors[i];
	return NULL;
}

static NTSTATUS port_start(struct port_drv *p, PCM_RESOURCE_LIST raw, PCM_RESOURCE_LIST trans)
{
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d, r;

	if (!raw || !trans || raw->Count != 1 || trans->Count != 1)
		return STATUS_INSUFFICIENT_RESOURCES;
	d = port_res_find(trans, CmResourceTypePort);
	r = port_res_find(raw, CmResourceTypePort);
	if (!d || !r)
		return STATUS_DEVICE_CONFIGURATION_ERROR;
	p->port = (PUCHAR)(ULONG_PTR)d->u.Port.Start.QuadPart;
	p->port_len = d->u.Port.Length;
	p->port_flags = d->Flags;
	p->raw_port = r->u.Port.Start.QuadPart;
	d = port_res_find(trans, CmResourceTypeMemory);
	if (!d)
		return STATUS_DEVICE_CONFIGURATION_ERROR;
	p->regs = MmMapIoSpace(d->u.Memory.Start, d->u.Memory.Length, MmNonCached);
	if (!p->regs)
		return STATUS_INSUFFICIENT_RESOURCES;
	p->regs_len = d->u.Memory.Length;
	return STATUS_SUCCESS;
}

static void port_stop(struct port_drv *p)
{
	if (p->regs)
		MmUnmapIoSpace(p->regs, p->regs_len);
	p->regs = NULL;
	p->port = NULL;
}

static NTSTATUS port_pnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	struct port_drv *p = *(struct port_drv **)DeviceObject->DeviceExtension;
	PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(Irp);
	PDEVICE_OBJECT lower = p->lower;
	NTSTATUS st;

	switch (sl->MinorFunction) {
	case IRP_MN_START_DEVICE:
		if (!IoForwardIrpSynchronously(lower, Irp))
			st = STATUS_UNSUCCESSFUL;
		else
			st = Irp->IoStatus.Status;
		if (NT_SUCCESS(st))
			st = port_start(p, sl->Parameters.StartDevice.AllocatedResources,
					sl->Parameters.StartDevice.AllocatedResourcesTranslated);
		if (!NT_SUCCESS(st))
			port_stop(p);
		Irp->IoStatus.Status = st;
		IoCompleteRequest(Irp, IO_NO_INCREMENT);
		return st;
	case IRP_MN_SURPRISE_REMOVAL:
		port_stop(p);
		Irp->IoStatus.Status = STATUS_SUCCESS;
		break;
	case IRP_MN_QUERY_REMOVE_DEVICE:
		Irp->IoStatus.Status = STATUS_SUCCESS;
		break;
	case IRP_MN_REMOVE_DEVICE:
		port_stop(p);
		return wdmdma_test_remove_fdo(Irp, &p->fdo, &p->lower);
	default:
		break;
	}
	IoSkipCurrentIrpStackLocation(Irp);
	return IoCallDriver(lower, Irp);
}

static NTSTATUS port_add_device(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT PhysicalDeviceObject)
{
	return wdmdma_test_add_fdo(DriverObject, PhysicalDeviceObject, port_current,
				   &port_current->fdo, &port_current->lower);
}

/* Reserve the testdev's BARs, make its stack and start it with its resources. */
static int port_init(struct kunit *test)
{
	struct port_drv *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	int bar;

	KUNIT_ASSERT_NOT_NULL(test, p);
	test->priv = p;
	p->pdev = pci_get_device(TESTDEV_VENDOR, TESTDEV_DEVICE, NULL);
	/* every test VM boot has one (tools/vm/run.sh): its absence is a failure */
	KUNIT_ASSERT_NOT_NULL_MSG(test, p->pdev, "no pci-testdev in this VM");
	KUNIT_ASSERT_TRUE(test, pci_resource_flags(p->pdev, TESTDEV_BAR_IO) & IORESOURCE_IO);
	for (bar = TESTDEV_BAR_MEM; bar <= TESTDEV_BAR_IO; bar++) {
		KUNIT_ASSERT_EQ(test, pci_request_region(p->pdev, bar, "wdmdma_port_test"), 0);
		p->regions |= BIT(bar);
	}
	p->drv = wdmdma_driver_create("wdmdma-port-test");
	KUNIT_ASSERT_NOT_NULL(test, p->drv);
	p->pdo = wdmdma_pdo_create(&p->pdev->dev);
	KUNIT_ASSERT_NOT_NULL(test, p->pdo);
	p->drv->MajorFunction[IRP_MJ_PNP] = port_pnp;
	p->drv->DriverExtension->AddDevice = port_add_device;
	port_current = p;
	KUNIT_ASSERT_EQ(test, p->drv->DriverExtension->AddDevice(p->drv, p->pdo),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, wdmdma_pnp_start_pci(p->pdo, p->pdev), STATUS_SUCCESS);
	p->started = true;
	KUNIT_ASSERT_NOT_NULL(test, p->port);
	return 0;
}

static void port_exit(struct kunit *test)
{
	struct port_drv *p = test->priv;
	int bar;

	if (!p || !p->pdev)
		return;
	if (p->started)
		wdmdma_pnp_remove_pci(p->pdo, p->pdev);
	if (p->fdo) {
		port_stop(p);
		IoDetachDevice(p->lower);
		IoDeleteDevice(p->fdo);
	}
	if (p->pdo)
		wdmdma_pdo_destroy(p->pdo);
	if (p->drv)
		wdmdma_driver_destroy(p->drv);
	for (bar = TESTDEV_BAR_MEM; bar <= TESTDEV_BAR_IO; bar++)
		if (p->regions & BIT(bar))
			pci_release_region(p->pdev, bar);
	pci_dev_put(p->pdev);
	port_current = NULL;
}

/* The port resource is the I/O BAR, handed over as Windows' PnP manager does. */
static void port_resource(struct kunit *test)
{
	struct port_drv *p = test->priv;
	struct resource *other;

	KUNIT_EXPECT_EQ(test, (resource_size_t)(ULONG_PTR)p->port,
			pci_resource_start(p->pdev, TESTDEV_BAR_IO));
	KUNIT_EXPECT_EQ(test, (resource_size_t)p->port_len,
			pci_resource_len(p->pdev, TESTDEV_BAR_IO));
	KUNIT_EXPECT_GE(test, p->port_len, 256U);
	KUNIT_EXPECT_TRUE(test, p->port_flags & CM_RESOURCE_PORT_IO);
	KUNIT_EXPECT_LT(test, (ULONG_PTR)p->port, 0x10000UL);	/* x86 I/O space */
	KUNIT_EXPECT_EQ(test, p->raw_port, (LONGLONG)(ULONG_PTR)p->port);
	/* the region is the test binding's: nobody else gets it meanwhile */
	other = request_region((ULONG_PTR)p->port, 1, "wdmdma_port_other");
	KUNIT_EXPECT_NULL(test, other);
	if (other)
		release_region((ULONG_PTR)p->port, 1);
}

/* Select each portio test and read its header back at every width. */
static void port_read_header(struct kunit *test)
{
	struct port_drv *p = test->priv;
	unsigned long v0 = wdmdma_violations(NULL);
	UCHAR k;

	for (k = 0; k < 3; k++) {
		WRITE_PORT_UCHAR(p->port + TD_TEST, k);
		KUNIT_EXPECT_EQ(test, READ_PORT_UCHAR(p->port + TD_TEST), TD_PIO_FIRST + k);
		KUNIT_EXPECT_EQ(test, READ_PORT_UCHAR(p->port + TD_WIDTH), 1);
		KUNIT_EXPECT_EQ(test, READ_PORT_USHORT((PUSHORT)(p->port + TD_TEST)),
				(TD_PIO_FIRST + k) | 1 << 8);
		KUNIT_EXPECT_EQ(test, READ_PORT_ULONG((PULONG)(p->port + TD_OFFSET)),
				(ULONG)(TD_PIO_BASE + TD_PIO_FIRST + k));
		KUNIT_EXPECT_EQ(test, READ_PORT_UCHAR(p->port + TD_DATA),
				k == 1 ? TD_NOMATCH : TD_MATCH);
		KUNIT_EXPECT_EQ(test, READ_PORT_ULONG((PULONG)(p->port + TD_COUNT)), 0U);
		/* "port" as one little-endian 32-bit read */
		KUNIT_EXPECT_EQ(test, READ_PORT_ULONG((PULONG)(p->port + TD_NAME)), 0x74726f70U);
	}
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
}

static ULONG port_count(struct port_drv *p)
{
	return READ_PORT_ULONG((PULONG)(p->port + TD_COUNT));
}

/* Writes of each width reach the device with their bytes in place. */
static void port_write_count(struct kunit *test)
{
	struct port_drv *p = test->priv;
	PUCHAR at = p->port + TD_PIO_BASE + TD_PIO_FIRST;	/* test 0 counts here */
	unsigned long v0 = wdmdma_violations(NULL);

	WRITE_PORT_UCHAR(p->port + TD_TEST, 0);
	KUNIT_ASSERT_EQ(test, port_count(p), 0U);
	WRITE_PORT_UCHAR(at, TD_MATCH);
	KUNIT_EXPECT_EQ(test, port_count(p), 1U);
	WRITE_PORT_UCHAR(at, 0x12);			/* not the data byte */
	KUNIT_EXPECT_EQ(test, port_count(p), 1U);
	WRITE_PORT_UCHAR(at - 1, TD_MATCH);		/* not the offset */
	KUNIT_EXPECT_EQ(test, port_count(p), 1U);
	WRITE_PORT_USHORT((PUSHORT)(at - 1), TD_MATCH << 8);	/* high byte at the offset */
	KUNIT_EXPECT_EQ(test, port_count(p), 2U);
	WRITE_PORT_USHORT((PUSHORT)(at - 1), TD_MATCH);	/* low byte: one port below */
	KUNIT_EXPECT_EQ(test, port_count(p), 2U);
	WRITE_PORT_ULONG((PULONG)(at - 3), (ULONG)TD_MATCH << 24);
	KUNIT_EXPECT_EQ(test, port_count(p), 3U);
	WRITE_PORT_ULONG((PULONG)(at - 3), 0x00fafafa);
	KUNIT_EXPECT_EQ(test, port_count(p), 3U);
	/* selecting again clears the count: the selection write reached it */
	WRITE_PORT_UCHAR(p->port + TD_TEST, 0);
	KUNIT_EXPECT_EQ(test, port_count(p), 0U);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
}

/*
 * The _BUFFER_ forms move every element through the one port, in order:
 * writes count element by element, reads repeat the port's byte (never
 * the next ports' bytes).
 */
static void port_buffers(struct kunit *test)
{
	static const UCHAR name[] = "portio-no-eventfd";
	struct port_drv *p = test->priv;
	PUCHAR at = p->port + TD_PIO_BASE + TD_PIO_FIRST;
	UCHAR b[6] = { TD_MATCH, 0x01, TD_MATCH, TD_MATCH, 0x00, TD_MATCH };
	USHORT w[3] = { TD_MATCH << 8, TD_MATCH, 0xfa11 };
	ULONG l[3] = { 0xfa000000, 0x00000001, 0xfaffffff };
	unsigned long v0 = wdmdma_violations(NULL);
	UCHAR rb[8];
	USHORT rw[4];
	ULONG rl[4];
	int i;

	WRITE_PORT_UCHAR(p->port + TD_TEST, 0);
	WRITE_PORT_BUFFER_UCHAR(at, b, ARRAY_SIZE(b));
	KUNIT_EXPECT_EQ(test, port_count(p), 4U);
	WRITE_PORT_BUFFER_USHORT((PUSHORT)(at - 1), w, ARRAY_SIZE(w));
	KUNIT_EXPECT_EQ(test, port_count(p), 6U);
	WRITE_PORT_BUFFER_ULONG((PULONG)(at - 3), l, ARRAY_SIZE(l));
	KUNIT_EXPECT_EQ(test, port_count(p), 8U);
	WRITE_PORT_BUFFER_UCHAR(at, b, 0);		/* nothing */
	KUNIT_EXPECT_EQ(test, port_count(p), 8U);

	memset(rb, 0, sizeof(rb));
	READ_PORT_BUFFER_UCHAR(p->port + TD_NAME, rb, 6);
	for (i = 0; i < 6; i++)
		KUNIT_EXPECT_EQ(test, rb[i], name[0]);
	KUNIT_EXPECT_EQ(test, rb[6], 0);		/* no more than Count */
	READ_PORT_BUFFER_UCHAR(p->port + TD_NAME + 3, rb, 2);
	KUNIT_EXPECT_EQ(test, rb[0], name[3]);
	KUNIT_EXPECT_EQ(test, rb[1], name[3]);
	memset(rw, 0, sizeof(rw));
	READ_PORT_BUFFER_USHORT((PUSHORT)(p->port + TD_NAME), rw, 3);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, rw[i], name[0] | name[1] << 8);
	KUNIT_EXPECT_EQ(test, rw[3], 0);
	memset(rl, 0, sizeof(rl));
	READ_PORT_BUFFER_ULONG((PULONG)(p->port + TD_COUNT), rl, 3);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, rl[i], 8U);
	KUNIT_EXPECT_EQ(test, rl[3], 0U);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
}

/*
 * The register buffer forms on the memory BAR walk consecutive registers:
 * a read returns the header's bytes in order, a write puts each element
 * at its own address (only the one landing on the counting offset counts).
 */
static void port_register_buffers(struct kunit *test)
{
	struct port_drv *p = test->priv;
	PUCHAR at = p->regs + TD_MEM_BASE;		/* mmio test 0 counts here */
	UCHAR b[4] = { TD_MATCH, TD_MATCH, TD_MATCH, TD_MATCH };
	ULONG l[2] = { 0xfafafafa, 0xfafafafa };
	ULONG64 q[2] = { 0xfafafafafafafafaULL, 0x00000000000000faULL };
	unsigned long v0 = wdmdma_violations(NULL);
	UCHAR rb[8];
	USHORT rw[2];
	ULONG rl[2];
	ULONG64 rq;

	WRITE_REGISTER_UCHAR(p->regs + TD_TEST, 0);
	memset(rb, 0, sizeof(rb));
	READ_REGISTER_BUFFER_UCHAR(p->regs + TD_NAME, rb, 6);
	KUNIT_EXPECT_EQ(test, memcmp(rb, "mmio-n", 6), 0);
	KUNIT_EXPECT_EQ(test, rb[6], 0);
	READ_REGISTER_BUFFER_USHORT((PUSHORT)(p->regs + TD_NAME), rw, 2);
	KUNIT_EXPECT_EQ(test, rw[0], 'm' | 'm' << 8);
	KUNIT_EXPECT_EQ(test, rw[1], 'i' | 'o' << 8);
	READ_REGISTER_BUFFER_ULONG((PULONG)(p->regs + TD_OFFSET), rl, 2);
	KUNIT_EXPECT_EQ(test, rl[0], (ULONG)TD_MEM_BASE);
	KUNIT_EXPECT_EQ(test, rl[1], (ULONG)TD_MATCH);
	READ_REGISTER_BUFFER_ULONG64((PULONG64)(p->regs + TD_NAME), &rq, 1);
	KUNIT_EXPECT_EQ(test, rq, 0x2d6f6e2d6f696d6dULL);	/* "mmio-no-" */

	WRITE_REGISTER_BUFFER_UCHAR(at - 2, b, ARRAY_SIZE(b));
	KUNIT_EXPECT_EQ(test, READ_REGISTER_ULONG((PULONG)(p->regs + TD_COUNT)), 1U);
	WRITE_REGISTER_BUFFER_ULONG((PULONG)(at - 4), l, ARRAY_SIZE(l));
	KUNIT_EXPECT_EQ(test, READ_REGISTER_ULONG((PULONG)(p->regs + TD_COUNT)), 2U);
	WRITE_REGISTER_BUFFER_ULONG64((PULONG64)(at - 8), q, ARRAY_SIZE(q));
	KUNIT_EXPECT_EQ(test, READ_REGISTER_ULONG((PULONG)(p->regs + TD_COUNT)), 3U);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
}

/* Misuse is reported and touches nothing. */
static void port_misuse(struct kunit *test)
{
	struct port_drv *p = test->priv;
	unsigned long v0 = wdmdma_violations(NULL);
	UCHAR b = 0;

	WRITE_PORT_UCHAR(p->port + TD_TEST, 0);
	KUNIT_EXPECT_EQ(test, READ_PORT_UCHAR((PUCHAR)0x10000), 0xff);
	KUNIT_EXPECT_EQ(test, READ_PORT_ULONG((PULONG)0xfffe), 0xffffffffU);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 2);
	WRITE_PORT_UCHAR((PUCHAR)p->regs, 0);		/* a memory address is no port */
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 3);
	READ_PORT_BUFFER_UCHAR(p->port + TD_TEST, NULL, 4);
	WRITE_PORT_BUFFER_UCHAR(p->port + TD_PIO_BASE + TD_PIO_FIRST, NULL, 4);
	READ_REGISTER_BUFFER_UCHAR(NULL, &b, 1);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 6);
	KUNIT_EXPECT_EQ(test, port_count(p), 0U);
	KUNIT_EXPECT_EQ(test, READ_PORT_UCHAR(p->port + TD_TEST), TD_PIO_FIRST);
}

static struct kunit_case wdmdma_port_cases[] = {
	KUNIT_CASE(port_resource),
	KUNIT_CASE(port_read_header),
	KUNIT_CASE(port_write_count),
	KUNIT_CASE(port_buffers),
	KUNIT_CASE(port_register_buffers),
	KUNIT_CASE(port_misuse),
	{}
};

struct kunit_suite wdmdma_port_suite = {
	.name = "wdmdma_port",
	.init = port_init,
	.exit = port_exit,
	.test_cases = wdmdma_port_cases,
};
