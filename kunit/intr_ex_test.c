// SPDX-License-Identifier: GPL-2.0
/*
 * IoConnectInterruptEx on real devices started the PnP way: QEMU's edu
 * device (one MSI message, or its INTx line when its hardware key does not
 * say MSISupported) and QEMU's e1000e (MSI-X, five messages, each raised
 * on its own by an interrupt cause the IVAR register routes to it; the
 * guest kernel has no driver for it).  A test FDO driver records the
 * IRP_MN_START_DEVICE resources and maps BAR0; the tests connect.
 */
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include <wdm.h>
#include <wdmdma/binding.h>

#include "suites.h"
#include "target.h"

#define EDU_VENDOR		0x1234
#define EDU_DEVICE		0x11e8
#define EDU_IRQ_STATUS		0x24
#define EDU_IRQ_RAISE		0x60
#define EDU_IRQ_ACK		0x64

#define E1000E_VENDOR		0x8086
#define E1000E_DEVICE		0x10d3
#define E1000E_ICR		0x00c0	/* interrupt causes; write 1 to clear */
#define E1000E_ICS		0x00c8	/* set interrupt causes */
#define E1000E_IMS		0x00d0	/* enable causes */
#define E1000E_IMC		0x00d8	/* disable causes */
#define E1000E_IVAR		0x00e4	/* cause -> MSI-X vector, 4 bits each */
#define E1000E_IVAR_VALID	0x8
#define E1000E_MESSAGES		5
/* RXQ0, RXQ1, TXQ0, TXQ1, OTHER: IVAR's fields in this order */
#define E1000E_CAUSE(i)		BIT(20 + (i))

#define IX_MAX_MSG		8
/* The DIRQL of every translated interrupt the PnP start describes (README) */
#define WDMDMA_TEST_DIRQL	5

/* What an ISR call must see for a given message */
enum ix_dev { IX_EDU, IX_E1000E };

/**
 * struct ix - a device started the PnP way, and what its ISRs saw
 * @kind: which device
 * @pdev: the PCI device (referenced)
 * @devres_group: devres the start adds (MSI), released at exit
 * @drv: the test driver
 * @pdo: the device's PDO
 * @fdo: the test FDO
 * @lower: what it is attached to
 * @started: wdmdma_pnp_start_pci() succeeded, no removal yet
 * @raw: a copy of the raw resources of IRP_MN_START_DEVICE
 * @trans: a copy of the translated ones
 * @bar: BAR0, mapped from the first translated memory resource
 * @bar_len: its length
 * @table: a message-based connection to disconnect at exit
 * @intr: a line-based or fully specified one
 * @version: the Version to disconnect @table or @intr with
 * @calls: ISR calls per message (line-based ISRs count in [0])
 * @msg_calls: message ISR calls in all
 * @line_calls: line-based ISR calls in all
 * @objects_ok: every message ISR got its message's interrupt object
 * @hardirq: every ISR ran in hard interrupt context
 * @bad_id: a message ISR got a MessageID beyond the table
 * @status: the edu status the last ISR acknowledged
 */
struct ix {
	enum ix_dev kind;
	struct pci_dev *pdev;
	void *devres_group;
	PDRIVER_OBJECT drv;
	PDEVICE_OBJECT pdo;
	PDEVICE_OBJECT fdo;
	PDEVICE_OBJECT lower;
	bool started;
	PCM_RESOURCE_LIST raw;
	PCM_RESOURCE_LIST trans;
	PUCHAR bar;
	SIZE_T bar_len;
	PIO_INTERRUPT_MESSAGE_INFO table;
	PKINTERRUPT intr;
	ULONG version;
	atomic_t calls[IX_MAX_MSG];
	atomic_t msg_calls;
	atomic_t line_calls;
	bool objects_ok;
	bool hardirq;
	bool bad_id;
	ULONG status;
};

static struct ix *ix_current;	/* for AddDevice */

static ULONG ix_rd(struct ix *x, ULONG off)
{
	return READ_REGISTER_ULONG((PULONG)(x->bar + off));
}

static void ix_wr(struct ix *x, ULONG off, ULONG v)
{
	WRITE_REGISTER_ULONG((PULONG)(x->bar + off), v);
}

/* The device's acknowledgment; false when it had nothing pending */
static bool ix_ack(struct ix *x, ULONG id)
{
	ULONG status;

	if (x->kind == IX_E1000E) {
		ix_wr(x, E1000E_ICR, E1000E_CAUSE(id));
		return true;
	}
	status = ix_rd(x, EDU_IRQ_STATUS);
	if (!status)
		return false;
	ix_wr(x, EDU_IRQ_ACK, status);
	x->status = status;
	return true;
}

static BOOLEAN ix_msg_isr(PKINTERRUPT Interrupt, PVOID ServiceContext, ULONG MessageID)
{
	struct ix *x = ServiceContext;
	PIO_INTERRUPT_MESSAGE_INFO t = READ_ONCE(x->table);

	x->hardirq &= !!in_hardirq();
	if (MessageID >= IX_MAX_MSG) {
		x->bad_id = true;
		return FALSE;
	}
	if (t && (MessageID >= t->MessageCount ||
		  t->MessageInfo[MessageID].InterruptObject != Interrupt))
		x->objects_ok = false;
	ix_ack(x, MessageID);
	atomic_inc(&x->calls[MessageID]);
	atomic_inc(&x->msg_calls);
	return TRUE;
}

static BOOLEAN ix_line_isr(PKINTERRUPT Interrupt, PVOID ServiceContext)
{
	struct ix *x = ServiceContext;

	x->hardirq &= !!in_hardirq();
	if (!ix_ack(x, 0))
		return FALSE;	/* a shared line: another device's */
	atomic_inc(&x->calls[0]);
	atomic_inc(&x->line_calls);
	return TRUE;
}

static PCM_RESOURCE_LIST ix_copy(PCM_RESOURCE_LIST l)
{
	size_t n;

	if (!l || l->Count != 1)
		return NULL;
	n = offsetof(CM_RESOURCE_LIST, List[0].PartialResourceList.PartialDescriptors) +
	    max(l->List[0].PartialResourceList.Count, 1U) * sizeof(CM_PARTIAL_RESOURCE_DESCRIPTOR);
	return kmemdup(l, n, GFP_KERNEL);
}

static NTSTATUS ix_start(struct ix *x, PCM_RESOURCE_LIST raw, PCM_RESOURCE_LIST trans)
{
	PCM_PARTIAL_RESOURCE_DESCRIPTOR d;
	ULONG i;

	x->raw = ix_copy(raw);
	x->trans = ix_copy(trans);
	if (!x->raw || !x->trans)
		return STATUS_INSUFFICIENT_RESOURCES;
	for (i = 0; i < x->trans->List[0].PartialResourceList.Count; i++) {
		d = &x->trans->List[0].PartialResourceList.PartialDescriptors[i];
		if (d->Type != CmResourceTypeMemory)
			continue;
		x->bar = MmMapIoSpace(d->u.Memory.Start, d->u.Memory.Length, MmNonCached);
		x->bar_len = d->u.Memory.Length;
		return x->bar ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
	}
	return STATUS_DEVICE_CONFIGURATION_ERROR;
}

static void ix_disconnect(struct ix *x)
{
	IO_DISCONNECT_INTERRUPT_PARAMETERS d = { .Version = x->version };

	if (x->table) {
		d.ConnectionContext.InterruptMessageTable = x->table;
		IoDisconnectInterruptEx(&d);
	} else if (x->intr) {
		d.ConnectionContext.InterruptObject = x->intr;
		IoDisconnectInterruptEx(&d);
	}
	x->table = NULL;
	x->intr = NULL;
}

static void ix_stop(struct ix *x)
{
	ix_disconnect(x);
	if (x->bar) {
		if (x->kind == IX_E1000E) {
			ix_wr(x, E1000E_IMC, ~0U);
			ix_wr(x, E1000E_IVAR, 0);
			ix_wr(x, E1000E_ICR, ~0U);
		} else {
			ix_wr(x, EDU_IRQ_ACK, ix_rd(x, EDU_IRQ_STATUS));
		}
		MmUnmapIoSpace(x->bar, x->bar_len);
	}
	x->bar = NULL;
}

static NTSTATUS ix_pnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
	struct ix *x = *(struct ix **)DeviceObject->DeviceExtension;
	PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(Irp);
	NTSTATUS st;

	switch (sl->MinorFunction) {
	case IRP_MN_START_DEVICE:
		st = IoForwardIrpSynchronously(x->lower, Irp) ? Irp->IoStatus.Status :
			STATUS_UNSUCCESSFUL;
		if (NT_SUCCESS(st))
			st = ix_start(x, sl->Parameters.StartDevice.AllocatedResources,
				      sl->Parameters.StartDevice.AllocatedResourcesTranslated);
		if (!NT_SUCCESS(st))
			ix_stop(x);
		Irp->IoStatus.Status = st;
		IoCompleteRequest(Irp, IO_NO_INCREMENT);
		return st;
	case IRP_MN_SURPRISE_REMOVAL:
		ix_stop(x);
		Irp->IoStatus.Status = STATUS_SUCCESS;
		break;
	case IRP_MN_REMOVE_DEVICE:
		ix_stop(x);
		return wdmdma_test_remove_fdo(Irp, &x->fdo, &x->lower);
	case IRP_MN_QUERY_REMOVE_DEVICE:
		Irp->IoStatus.Status = STATUS_SUCCESS;
		break;
	default:
		break;
	}
	IoSkipCurrentIrpStackLocation(Irp);
	return IoCallDriver(x->lower, Irp);
}

static NTSTATUS ix_add_device(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT PhysicalDeviceObject)
{
	return wdmdma_test_add_fdo(DriverObject, PhysicalDeviceObject, ix_current,
				   &ix_current->fdo, &ix_current->lower);
}

/*
 * Set (@value >= 0) or delete a value of the device's MSI settings the way
 * an administrator or an INF would, through the WDK's registry calls.
 */
static NTSTATUS ix_msi_setting(PDEVICE_OBJECT pdo, PCWSTR name, LONG value)
{
	static const PCWSTR path[] = { L"Interrupt Management",
				       L"MessageSignaledInterruptProperties" };
	HANDLE key[3] = { };
	OBJECT_ATTRIBUTES oa;
	UNICODE_STRING n;
	ULONG v = value;
	NTSTATUS st;
	int i;

	st = IoOpenDeviceRegistryKey(pdo, PLUGPLAY_REGKEY_DEVICE, KEY_ALL_ACCESS, &key[0]);
	for (i = 0; i < 2 && NT_SUCCESS(st); i++) {
		RtlInitUnicodeString(&n, path[i]);
		InitializeObjectAttributes(&oa, &n, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
					   key[i], NULL);
		st = ZwCreateKey(&key[i + 1], KEY_ALL_ACCESS, &oa, 0, NULL,
				 REG_OPTION_NON_VOLATILE, NULL);
	}
	if (NT_SUCCESS(st)) {
		RtlInitUnicodeString(&n, name);
		if (value < 0) {
			st = ZwDeleteValueKey(key[2], &n);
			if (st == STATUS_OBJECT_NAME_NOT_FOUND)
				st = STATUS_SUCCESS;
		} else {
			st = ZwSetValueKey(key[2], &n, 0, REG_DWORD, &v, sizeof(v));
		}
	}
	for (i = 2; i >= 0; i--)
		if (key[i])
			ZwClose(key[i]);
	return st;
}

static void ix_exit(struct kunit *test)
{
	struct ix *x = test->priv;

	if (!x)
		return;
	if (x->started)
		wdmdma_pnp_remove_pci(x->pdo, x->pdev);
	if (x->fdo) {
		ix_stop(x);
		IoDetachDevice(x->lower);
		IoDeleteDevice(x->fdo);
	}
	if (x->pdo) {
		/* what the next user of the device finds: no setting of ours */
		ix_msi_setting(x->pdo, L"MSISupported", -1);
		ix_msi_setting(x->pdo, L"MessageNumberLimit", -1);
		wdmdma_pdo_destroy(x->pdo);
	}
	if (x->drv)
		wdmdma_driver_destroy(x->drv);
	if (x->devres_group)
		devres_release_group(&x->pdev->dev, x->devres_group);
	kfree(x->raw);
	kfree(x->trans);
	pci_dev_put(x->pdev);
	ix_current = NULL;
}

/*
 * Start @kind's device through the test driver: MSISupported set to @msi
 * (deleted when negative), MessageNumberLimit to @limit (0: none).  Skips
 * without the device.
 */
static struct ix *ix_get(struct kunit *test, enum ix_dev kind, LONG msi, LONG limit)
{
	struct ix *x = kunit_kzalloc(test, sizeof(*x), GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, x);
	x->kind = kind;
	x->pdev = kind == IX_EDU ? pci_get_device(EDU_VENDOR, EDU_DEVICE, NULL) :
		pci_get_device(E1000E_VENDOR, E1000E_DEVICE, NULL);
	if (!x->pdev)
		kunit_skip(test, "no %s device", kind == IX_EDU ? "edu" : "e1000e");
	/* MSI's devres is a bound driver's to release; this test binds none */
	x->devres_group = devres_open_group(&x->pdev->dev, NULL, GFP_KERNEL);
	x->objects_ok = true;
	x->hardirq = true;
	for (i = 0; i < IX_MAX_MSG; i++)
		atomic_set(&x->calls[i], 0);
	test->priv = x;
	x->drv = wdmdma_driver_create("wdmdma-intr-ex");
	x->pdo = wdmdma_pdo_create(&x->pdev->dev);
	KUNIT_ASSERT_NOT_NULL(test, x->drv);
	KUNIT_ASSERT_NOT_NULL(test, x->pdo);
	x->drv->MajorFunction[IRP_MJ_PNP] = ix_pnp;
	x->drv->DriverExtension->AddDevice = ix_add_device;
	ix_current = x;
	KUNIT_ASSERT_EQ(test, ix_msi_setting(x->pdo, L"MSISupported", msi), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, ix_msi_setting(x->pdo, L"MessageNumberLimit", limit ? limit : -1),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, x->drv->DriverExtension->AddDevice(x->drv, x->pdo),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, wdmdma_pnp_start_pci(x->pdo, x->pdev), STATUS_SUCCESS);
	x->started = true;
	KUNIT_ASSERT_NOT_NULL(test, x->bar);
	return x;
}

/* Wait up to two seconds for @c to reach @n. */
static bool ix_wait(atomic_t *c, int n)
{
	int i;

	for (i = 0; i < 2000 && atomic_read(c) < n; i++)
		usleep_range(1000, 2000);
	return atomic_read(c) >= n;
}

/* The interrupt descriptors of @l, in order, at most @max */
static ULONG ix_interrupts(PCM_RESOURCE_LIST l, PCM_PARTIAL_RESOURCE_DESCRIPTOR *out, ULONG max)
{
	PCM_PARTIAL_RESOURCE_LIST pl = &l->List[0].PartialResourceList;
	ULONG i, n = 0;

	for (i = 0; i < pl->Count; i++)
		if (pl->PartialDescriptors[i].Type == CmResourceTypeInterrupt && n < max)
			out[n++] = &pl->PartialDescriptors[i];
	return n;
}

/* The message-signalled interrupt descriptors the start gave, @n of them */
static void ix_check_messages(struct kunit *test, struct ix *x, ULONG n, bool msix)
{
	PCM_PARTIAL_RESOURCE_DESCRIPTOR r[IX_MAX_MSG], t[IX_MAX_MSG];
	ULONG i;

	KUNIT_ASSERT_EQ(test, ix_interrupts(x->raw, r, IX_MAX_MSG), n);
	KUNIT_ASSERT_EQ(test, ix_interrupts(x->trans, t, IX_MAX_MSG), n);
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_EQ(test, r[i]->Flags,
				CM_RESOURCE_INTERRUPT_MESSAGE | CM_RESOURCE_INTERRUPT_LATCHED);
		KUNIT_EXPECT_EQ(test, t[i]->Flags, r[i]->Flags);
		KUNIT_EXPECT_EQ(test, r[i]->ShareDisposition, CmResourceShareDeviceExclusive);
		KUNIT_EXPECT_EQ(test, r[i]->u.MessageInterrupt.Raw.Vector,
				CM_RESOURCE_INTERRUPT_MESSAGE_TOKEN);
		KUNIT_EXPECT_EQ(test, r[i]->u.MessageInterrupt.Raw.MessageCount, msix ? 1 : n);
		KUNIT_EXPECT_NE(test, r[i]->u.MessageInterrupt.Raw.Affinity, 0);
		KUNIT_EXPECT_GT(test, t[i]->u.MessageInterrupt.Translated.Level, DISPATCH_LEVEL);
		KUNIT_EXPECT_EQ(test, t[i]->u.MessageInterrupt.Translated.Group, 0);
		KUNIT_EXPECT_EQ(test, (int)t[i]->u.MessageInterrupt.Translated.Vector,
				pci_irq_vector(x->pdev, i));
		KUNIT_EXPECT_NE(test, t[i]->u.MessageInterrupt.Translated.Affinity, 0);
	}
}

/* CONNECT_MESSAGE_BASED with a fallback that must not be used */
static void ix_connect_messages(struct kunit *test, struct ix *x, PKSPIN_LOCK lock)
{
	IO_CONNECT_INTERRUPT_PARAMETERS p = { .Version = CONNECT_MESSAGE_BASED };

	p.MessageBased.PhysicalDeviceObject = x->pdo;
	p.MessageBased.ConnectionContext.InterruptMessageTable = &x->table;
	p.MessageBased.MessageServiceRoutine = ix_msg_isr;
	p.MessageBased.ServiceContext = x;
	p.MessageBased.SpinLock = lock;
	p.MessageBased.SynchronizeIrql = 9;
	p.MessageBased.FallBackServiceRoutine = ix_line_isr;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, p.Version, CONNECT_MESSAGE_BASED);
	x->version = p.Version;
	KUNIT_ASSERT_NOT_NULL(test, x->table);
}

/*
 * What the table says of a message is what the device was programmed
 * with: MSI capability registers (edu) or the MSI-X table (e1000e).
 */
static void ix_check_msi_msg(struct kunit *test, struct ix *x, ULONG i)
{
	PIO_INTERRUPT_MESSAGE_INFO_ENTRY e = &x->table->MessageInfo[i];
	struct pci_dev *pdev = x->pdev;
	u32 lo, hi = 0, data, off, bir;
	void __iomem *tab;
	u16 flags;

	if (pdev->msix_enabled) {
		pci_read_config_dword(pdev, pdev->msix_cap + PCI_MSIX_TABLE, &off);
		bir = off & PCI_MSIX_TABLE_BIR;
		off &= PCI_MSIX_TABLE_OFFSET;
		tab = ioremap(pci_resource_start(pdev, bir) + off + i * PCI_MSIX_ENTRY_SIZE,
			      PCI_MSIX_ENTRY_SIZE);
		KUNIT_ASSERT_TRUE(test, !!tab);
		lo = readl(tab + PCI_MSIX_ENTRY_LOWER_ADDR);
		hi = readl(tab + PCI_MSIX_ENTRY_UPPER_ADDR);
		data = readl(tab + PCI_MSIX_ENTRY_DATA);
		iounmap(tab);
	} else {
		pci_read_config_word(pdev, pdev->msi_cap + PCI_MSI_FLAGS, &flags);
		pci_read_config_dword(pdev, pdev->msi_cap + PCI_MSI_ADDRESS_LO, &lo);
		if (flags & PCI_MSI_FLAGS_64BIT) {
			pci_read_config_dword(pdev, pdev->msi_cap + PCI_MSI_ADDRESS_HI, &hi);
			pci_read_config_dword(pdev, pdev->msi_cap + PCI_MSI_DATA_64, &data);
		} else {
			pci_read_config_dword(pdev, pdev->msi_cap + PCI_MSI_DATA_32, &data);
		}
		data = (data & 0xffff) + i;	/* MSI: message i sets the low bits */
	}
	KUNIT_EXPECT_EQ(test, e->MessageAddress.QuadPart, ((LONGLONG)hi << 32) | lo);
	KUNIT_EXPECT_EQ(test, e->MessageData, data);
	KUNIT_EXPECT_NE(test, e->MessageAddress.QuadPart, 0);
}

struct ix_sync {
	struct ix *x;
	bool irqs_off;
	bool excluded;
};

/* Raise the edu interrupt while synchronized: its ISR must wait for us. */
static BOOLEAN ix_sync_routine(PVOID SynchronizeContext)
{
	struct ix_sync *s = SynchronizeContext;
	int before = atomic_read(&s->x->calls[0]);

	s->irqs_off = irqs_disabled();
	ix_wr(s->x, EDU_IRQ_RAISE, 0x7);
	mdelay(5);
	s->excluded = atomic_read(&s->x->calls[0]) == before;
	return TRUE;
}

/*
 * The edu device's MSI, message-based: the start's message descriptor,
 * the table, a real interrupt reaching the message ISR as message 0,
 * KeSynchronizeExecution against it, reporting it inactive and active,
 * IoGetAffinityInterrupt, and no ISR after the disconnect.
 */
static void intr_ex_edu_msi(struct kunit *test)
{
	struct ix *x = ix_get(test, IX_EDU, 1, 0);
	unsigned long v0 = wdmdma_violations(NULL);
	IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS rs = { .Version = CONNECT_MESSAGE_BASED };
	PIO_INTERRUPT_MESSAGE_INFO_ENTRY e;
	struct ix_sync s = { .x = x };
	GROUP_AFFINITY ga;
	PIO_INTERRUPT_MESSAGE_INFO t;

	KUNIT_ASSERT_TRUE(test, x->pdev->msi_enabled);
	ix_check_messages(test, x, 1, false);
	ix_connect_messages(test, x, NULL);
	t = x->table;
	KUNIT_EXPECT_EQ(test, t->MessageCount, 1U);
	KUNIT_EXPECT_EQ(test, t->UnifiedIrql, WDMDMA_TEST_DIRQL);
	e = &t->MessageInfo[0];
	KUNIT_EXPECT_NOT_NULL(test, e->InterruptObject);
	KUNIT_EXPECT_EQ(test, (int)e->Vector, pci_irq_vector(x->pdev, 0));
	KUNIT_EXPECT_EQ(test, e->Irql, WDMDMA_TEST_DIRQL);
	KUNIT_EXPECT_EQ(test, e->Mode, Latched);
	KUNIT_EXPECT_NE(test, e->TargetProcessorSet, 0);
	ix_check_msi_msg(test, x, 0);

	ix_wr(x, EDU_IRQ_RAISE, 0x5a);
	KUNIT_ASSERT_TRUE(test, ix_wait(&x->calls[0], 1));
	KUNIT_EXPECT_EQ(test, x->status, 0x5a);
	KUNIT_EXPECT_EQ(test, atomic_read(&x->line_calls), 0);
	KUNIT_EXPECT_TRUE(test, x->objects_ok);
	KUNIT_EXPECT_TRUE(test, x->hardirq);
	KUNIT_EXPECT_FALSE(test, x->bad_id);

	KUNIT_EXPECT_TRUE(test, KeSynchronizeExecution(e->InterruptObject, ix_sync_routine, &s));
	KUNIT_EXPECT_TRUE(test, s.irqs_off);
	KUNIT_EXPECT_TRUE(test, s.excluded);
	KUNIT_EXPECT_TRUE(test, ix_wait(&x->calls[0], 2));
	KUNIT_EXPECT_EQ(test, x->status, 0x7);

	KUNIT_EXPECT_EQ(test, IoGetAffinityInterrupt(e->InterruptObject, &ga), STATUS_SUCCESS);
	KUNIT_EXPECT_NE(test, ga.Mask, 0);
	KUNIT_EXPECT_EQ(test, ga.Group, 0);

	/* inactive: the message waits; active again: it is delivered */
	rs.ConnectionContext.InterruptMessageTable = t;
	IoReportInterruptInactive(&rs);
	ix_wr(x, EDU_IRQ_RAISE, 0x3);
	msleep(50);
	KUNIT_EXPECT_EQ(test, atomic_read(&x->calls[0]), 2);
	IoReportInterruptActive(&rs);
	KUNIT_EXPECT_TRUE(test, ix_wait(&x->calls[0], 3));
	KUNIT_EXPECT_EQ(test, x->status, 0x3);

	ix_disconnect(x);
	ix_wr(x, EDU_IRQ_RAISE, 0x2);
	msleep(50);
	KUNIT_EXPECT_EQ(test, atomic_read(&x->calls[0]), 3);
	KUNIT_EXPECT_EQ(test, ix_rd(x, EDU_IRQ_STATUS), 0x2);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
}

/*
 * Without MSISupported the edu device is started on its INTx line, as on
 * Windows: CONNECT_LINE_BASED serves it; CONNECT_MESSAGE_BASED falls back
 * to FallBackServiceRoutine and says so in Version; without a fallback it
 * finds nothing.
 */
static void intr_ex_edu_line(struct kunit *test)
{
	struct ix *x = ix_get(test, IX_EDU, -1, 0);
	unsigned long v0 = wdmdma_violations(NULL);
	IO_CONNECT_INTERRUPT_PARAMETERS p = { .Version = CONNECT_LINE_BASED };
	PCM_PARTIAL_RESOURCE_DESCRIPTOR r, t;
	PIO_INTERRUPT_MESSAGE_INFO table = NULL;

	KUNIT_EXPECT_FALSE(test, x->pdev->msi_enabled);
	KUNIT_EXPECT_FALSE(test, x->pdev->msix_enabled);
	KUNIT_ASSERT_EQ(test, ix_interrupts(x->raw, &r, 1), 1U);
	KUNIT_ASSERT_EQ(test, ix_interrupts(x->trans, &t, 1), 1U);
	KUNIT_EXPECT_EQ(test, t->Flags, CM_RESOURCE_INTERRUPT_LEVEL_SENSITIVE);
	KUNIT_EXPECT_EQ(test, t->ShareDisposition, CmResourceShareShared);
	KUNIT_EXPECT_EQ(test, t->u.Interrupt.Vector, x->pdev->irq);

	p.LineBased.PhysicalDeviceObject = x->pdo;
	p.LineBased.InterruptObject = &x->intr;
	p.LineBased.ServiceRoutine = ix_line_isr;
	p.LineBased.ServiceContext = x;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	x->version = CONNECT_LINE_BASED;
	KUNIT_ASSERT_NOT_NULL(test, x->intr);
	ix_wr(x, EDU_IRQ_RAISE, 0x11);
	KUNIT_ASSERT_TRUE(test, ix_wait(&x->line_calls, 1));
	KUNIT_EXPECT_EQ(test, x->status, 0x11);
	ix_disconnect(x);

	/* message-based on a line: the fallback */
	memset(&p, 0, sizeof(p));
	p.Version = CONNECT_MESSAGE_BASED;
	p.MessageBased.PhysicalDeviceObject = x->pdo;
	p.MessageBased.ConnectionContext.InterruptObject = &x->intr;
	p.MessageBased.MessageServiceRoutine = ix_msg_isr;
	p.MessageBased.ServiceContext = x;
	p.MessageBased.FallBackServiceRoutine = ix_line_isr;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, p.Version, CONNECT_LINE_BASED);
	x->version = p.Version;
	KUNIT_ASSERT_NOT_NULL(test, x->intr);
	ix_wr(x, EDU_IRQ_RAISE, 0x22);
	KUNIT_ASSERT_TRUE(test, ix_wait(&x->line_calls, 2));
	KUNIT_EXPECT_EQ(test, x->status, 0x22);
	KUNIT_EXPECT_EQ(test, atomic_read(&x->msg_calls), 0);
	ix_disconnect(x);

	/* no messages and no fallback: nothing to connect, nothing misused */
	memset(&p, 0, sizeof(p));
	p.Version = CONNECT_MESSAGE_BASED;
	p.MessageBased.PhysicalDeviceObject = x->pdo;
	p.MessageBased.ConnectionContext.InterruptMessageTable = &table;
	p.MessageBased.MessageServiceRoutine = ix_msg_isr;
	p.MessageBased.ServiceContext = x;
	KUNIT_EXPECT_EQ(test, IoConnectInterruptEx(&p), STATUS_NOT_FOUND);
	KUNIT_EXPECT_EQ(test, p.Version, CONNECT_MESSAGE_BASED);
	KUNIT_EXPECT_NULL(test, table);
	KUNIT_EXPECT_TRUE(test, x->hardirq);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
}

/*
 * CONNECT_FULLY_SPECIFIED (and _GROUP) with what the translated resource
 * says, on the edu device's MSI: the ISR is called on its interrupt.
 */
static void intr_ex_fully_specified(struct kunit *test)
{
	struct ix *x = ix_get(test, IX_EDU, 1, 0);
	unsigned long v0 = wdmdma_violations(NULL);
	IO_CONNECT_INTERRUPT_PARAMETERS p = { .Version = CONNECT_FULLY_SPECIFIED_GROUP };
	PCM_PARTIAL_RESOURCE_DESCRIPTOR t;
	KSPIN_LOCK lock;

	KeInitializeSpinLock(&lock);
	KUNIT_ASSERT_EQ(test, ix_interrupts(x->trans, &t, 1), 1U);
	p.FullySpecified.PhysicalDeviceObject = x->pdo;
	p.FullySpecified.InterruptObject = &x->intr;
	p.FullySpecified.ServiceRoutine = ix_line_isr;
	p.FullySpecified.ServiceContext = x;
	p.FullySpecified.SpinLock = &lock;
	p.FullySpecified.Vector = t->u.Interrupt.Vector;
	p.FullySpecified.Irql = (KIRQL)t->u.Interrupt.Level;
	p.FullySpecified.SynchronizeIrql = (KIRQL)t->u.Interrupt.Level;
	p.FullySpecified.InterruptMode = t->Flags & CM_RESOURCE_INTERRUPT_LATCHED ?
		Latched : LevelSensitive;
	p.FullySpecified.ShareVector = t->ShareDisposition == CmResourceShareShared;
	p.FullySpecified.ProcessorEnableMask = t->u.Interrupt.Affinity;
	p.FullySpecified.Group = t->u.Interrupt.Group;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, p.Version, CONNECT_FULLY_SPECIFIED_GROUP);
	x->version = CONNECT_FULLY_SPECIFIED_GROUP;
	KUNIT_ASSERT_NOT_NULL(test, x->intr);
	ix_wr(x, EDU_IRQ_RAISE, 0x44);
	KUNIT_ASSERT_TRUE(test, ix_wait(&x->line_calls, 1));
	KUNIT_EXPECT_EQ(test, x->status, 0x44);
	ix_disconnect(x);

	p.Version = CONNECT_FULLY_SPECIFIED;
	KUNIT_ASSERT_EQ(test, IoConnectInterruptEx(&p), STATUS_SUCCESS);
	x->version = CONNECT_FULLY_SPECIFIED;
	ix_wr(x, EDU_IRQ_RAISE, 0x45);
	KUNIT_ASSERT_TRUE(test, ix_wait(&x->line_calls, 2));
	KUNIT_EXPECT_EQ(test, x->status, 0x45);
	ix_disconnect(x);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
}

/* Route e1000e's five causes to its five MSI-X vectors, in order. */
static void ix_e1000e_route(struct ix *x)
{
	ULONG ivar = 0, i;

	for (i = 0; i < E1000E_MESSAGES; i++)
		ivar |= (E1000E_IVAR_VALID | i) << (4 * i);
	ix_wr(x, E1000E_IMC, ~0U);
	ix_wr(x, E1000E_ICR, ~0U);
	ix_wr(x, E1000E_IVAR, ivar);
	ix_wr(x, E1000E_IMS, GENMASK(20 + E1000E_MESSAGES - 1, 20));
}

/*
 * Several messages: e1000e's five MSI-X vectors become five descriptors
 * in both resource lists and five table entries; each message the device
 * sends reaches the message ISR with its own MessageID and interrupt
 * object.  CONNECT_LINE_BASED is refused on such a device.
 */
static void intr_ex_msix_messages(struct kunit *test)
{
	struct ix *x = ix_get(test, IX_E1000E, 1, 0);
	unsigned long v0 = wdmdma_violations(NULL);
	IO_CONNECT_INTERRUPT_PARAMETERS p = { .Version = CONNECT_LINE_BASED };
	PKINTERRUPT intr = NULL;
	KSPIN_LOCK lock;
	ULONG i, j;

	KUNIT_ASSERT_TRUE(test, x->pdev->msix_enabled);
	ix_check_messages(test, x, E1000E_MESSAGES, true);
	KeInitializeSpinLock(&lock);
	ix_connect_messages(test, x, &lock);
	KUNIT_ASSERT_EQ(test, x->table->MessageCount, E1000E_MESSAGES);
	/* one lock for all: the ISRs run at the higher of the IRQLs */
	KUNIT_EXPECT_EQ(test, x->table->UnifiedIrql, 9);
	for (i = 0; i < E1000E_MESSAGES; i++) {
		KUNIT_EXPECT_EQ(test, (int)x->table->MessageInfo[i].Vector,
				pci_irq_vector(x->pdev, i));
		KUNIT_EXPECT_NOT_NULL(test, x->table->MessageInfo[i].InterruptObject);
		ix_check_msi_msg(test, x, i);
	}

	ix_e1000e_route(x);
	for (i = 0; i < E1000E_MESSAGES; i++) {
		ix_wr(x, E1000E_ICS, E1000E_CAUSE(i));
		KUNIT_EXPECT_TRUE_MSG(test, ix_wait(&x->calls[i], 1), "message %u not received",
				      i);
		/* the queue causes reach no other message (OTHER may come at any time) */
		for (j = 0; j < E1000E_MESSAGES - 1; j++)
			if (j != i)
				KUNIT_EXPECT_LE_MSG(test, atomic_read(&x->calls[j]),
						    j < i ? 1 : 0, "message %u after %u", j, i);
	}
	KUNIT_EXPECT_TRUE(test, x->objects_ok);
	KUNIT_EXPECT_TRUE(test, x->hardirq);
	KUNIT_EXPECT_FALSE(test, x->bad_id);
	KUNIT_EXPECT_EQ(test, atomic_read(&x->line_calls), 0);

	p.LineBased.PhysicalDeviceObject = x->pdo;
	p.LineBased.InterruptObject = &intr;
	p.LineBased.ServiceRoutine = ix_line_isr;
	KUNIT_EXPECT_EQ(test, IoConnectInterruptEx(&p), STATUS_INVALID_DEVICE_REQUEST);
	KUNIT_EXPECT_NULL(test, intr);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);
}

/* MessageNumberLimit caps the messages a device gets. */
static void intr_ex_message_limit(struct kunit *test)
{
	struct ix *x = ix_get(test, IX_E1000E, 1, 2);

	KUNIT_ASSERT_TRUE(test, x->pdev->msix_enabled);
	ix_check_messages(test, x, 2, true);
	ix_connect_messages(test, x, NULL);
	KUNIT_EXPECT_EQ(test, x->table->MessageCount, 2U);
	KUNIT_EXPECT_EQ(test, x->table->UnifiedIrql, WDMDMA_TEST_DIRQL);
	ix_wr(x, E1000E_IMC, ~0U);
	ix_wr(x, E1000E_ICR, ~0U);
	ix_wr(x, E1000E_IVAR, (E1000E_IVAR_VALID | 1) << 4);	/* RXQ1 -> message 1 */
	ix_wr(x, E1000E_IMS, E1000E_CAUSE(1));
	ix_wr(x, E1000E_ICS, E1000E_CAUSE(1));
	KUNIT_EXPECT_TRUE(test, ix_wait(&x->calls[1], 1));
	KUNIT_EXPECT_EQ(test, atomic_read(&x->calls[0]), 0);
}

static BOOLEAN ix_nop_isr(PKINTERRUPT Interrupt, PVOID ServiceContext)
{
	return FALSE;
}

/* Misuse is reported and refused, never a crash. */
static void intr_ex_misuse(struct kunit *test)
{
	struct ix *x = ix_get(test, IX_EDU, 1, 0);
	unsigned long v0 = wdmdma_violations(NULL);
	IO_CONNECT_INTERRUPT_PARAMETERS p = { };
	IO_DISCONNECT_INTERRUPT_PARAMETERS d = { .Version = CONNECT_MESSAGE_BASED };
	PIO_INTERRUPT_MESSAGE_INFO stale;
	PKINTERRUPT intr = NULL;

	KUNIT_EXPECT_EQ(test, IoConnectInterruptEx(NULL), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, IoConnectInterruptEx(&p), STATUS_INVALID_PARAMETER_1);
	p.Version = CONNECT_CURRENT_VERSION + 1;
	KUNIT_EXPECT_EQ(test, IoConnectInterruptEx(&p), STATUS_INVALID_PARAMETER_1);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 3);
	/* passive-level ISRs are for GPIO and serial-bus devices: not misuse */
	p.Version = CONNECT_MESSAGE_BASED_PASSIVE;
	KUNIT_EXPECT_EQ(test, IoConnectInterruptEx(&p), STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 3);

	/* NULL device, NULL routine, NULL context */
	p.Version = CONNECT_LINE_BASED;
	p.LineBased.InterruptObject = &intr;
	p.LineBased.ServiceRoutine = ix_nop_isr;
	KUNIT_EXPECT_EQ(test, IoConnectInterruptEx(&p), STATUS_INVALID_PARAMETER);
	p.LineBased.PhysicalDeviceObject = x->pdo;
	p.LineBased.ServiceRoutine = NULL;
	KUNIT_EXPECT_EQ(test, IoConnectInterruptEx(&p), STATUS_INVALID_PARAMETER);
	memset(&p, 0, sizeof(p));
	p.Version = CONNECT_MESSAGE_BASED;
	p.MessageBased.PhysicalDeviceObject = x->pdo;
	p.MessageBased.MessageServiceRoutine = ix_msg_isr;
	KUNIT_EXPECT_EQ(test, IoConnectInterruptEx(&p), STATUS_INVALID_PARAMETER);
	p.MessageBased.ConnectionContext.InterruptMessageTable = &stale;
	p.MessageBased.MessageServiceRoutine = NULL;
	KUNIT_EXPECT_EQ(test, IoConnectInterruptEx(&p), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 7);

	/* a device object the PnP start did not start (the FDO) has no interrupt */
	memset(&p, 0, sizeof(p));
	p.Version = CONNECT_LINE_BASED;
	p.LineBased.PhysicalDeviceObject = x->fdo;
	p.LineBased.InterruptObject = &intr;
	p.LineBased.ServiceRoutine = ix_nop_isr;
	KUNIT_EXPECT_EQ(test, IoConnectInterruptEx(&p), STATUS_NOT_FOUND);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 8);

	/* fully specified: a vector not the device's, no processor, group 1 */
	memset(&p, 0, sizeof(p));
	p.Version = CONNECT_FULLY_SPECIFIED;
	p.FullySpecified.PhysicalDeviceObject = x->pdo;
	p.FullySpecified.InterruptObject = &intr;
	p.FullySpecified.ServiceRoutine = ix_nop_isr;
	p.FullySpecified.Vector = pci_irq_vector(x->pdev, 0) + 1;
	p.FullySpecified.Irql = WDMDMA_TEST_DIRQL;
	p.FullySpecified.SynchronizeIrql = WDMDMA_TEST_DIRQL;
	p.FullySpecified.ProcessorEnableMask = 1;
	KUNIT_EXPECT_EQ(test, IoConnectInterruptEx(&p), STATUS_NOT_FOUND);
	p.FullySpecified.Vector = pci_irq_vector(x->pdev, 0);
	p.FullySpecified.ProcessorEnableMask = 0;
	KUNIT_EXPECT_EQ(test, IoConnectInterruptEx(&p), STATUS_INVALID_PARAMETER_10);
	p.FullySpecified.ProcessorEnableMask = 1;
	p.Version = CONNECT_FULLY_SPECIFIED_GROUP;
	p.FullySpecified.Group = 1;
	KUNIT_EXPECT_EQ(test, IoConnectInterruptEx(&p), STATUS_INVALID_PARAMETER);
	p.FullySpecified.Group = 0;
	p.FullySpecified.SynchronizeIrql = WDMDMA_TEST_DIRQL - 1;
	KUNIT_EXPECT_EQ(test, IoConnectInterruptEx(&p), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_NULL(test, intr);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 12);

	/* disconnecting: NULL, twice, a message alone, the wrong Version */
	IoDisconnectInterruptEx(NULL);
	IoDisconnectInterruptEx(&d);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 14);
	ix_connect_messages(test, x, NULL);
	stale = x->table;
	d.Version = CONNECT_LINE_BASED;
	d.ConnectionContext.InterruptObject = stale->MessageInfo[0].InterruptObject;
	IoDisconnectInterruptEx(&d);
	IoDisconnectInterrupt(stale->MessageInfo[0].InterruptObject);
	d.ConnectionContext.InterruptMessageTable = stale;
	IoDisconnectInterruptEx(&d);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 17);
	/* still connected after all that */
	ix_wr(x, EDU_IRQ_RAISE, 0x1);
	KUNIT_EXPECT_TRUE(test, ix_wait(&x->calls[0], 1));
	ix_disconnect(x);
	d.Version = CONNECT_MESSAGE_BASED;
	d.ConnectionContext.InterruptMessageTable = stale;
	IoDisconnectInterruptEx(&d);
	d.Version = 0;
	IoDisconnectInterruptEx(&d);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 19);
}

/* The WDK layouts (x64) a driver compiled against them relies on. */
static void intr_ex_layout(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, sizeof(IO_CONNECT_INTERRUPT_PARAMETERS), 0x50);
	KUNIT_EXPECT_EQ(test, offsetof(IO_CONNECT_INTERRUPT_PARAMETERS,
				       MessageBased.FallBackServiceRoutine), 0x38);
	KUNIT_EXPECT_EQ(test, offsetof(IO_CONNECT_INTERRUPT_PARAMETERS, FullySpecified.Group),
			0x48);
	KUNIT_EXPECT_EQ(test, sizeof(IO_INTERRUPT_MESSAGE_INFO_ENTRY), 0x30);
	KUNIT_EXPECT_EQ(test, offsetof(IO_INTERRUPT_MESSAGE_INFO, MessageInfo[1]), 0x38);
	KUNIT_EXPECT_EQ(test, sizeof(IO_DISCONNECT_INTERRUPT_PARAMETERS), 0x10);
	KUNIT_EXPECT_EQ(test, CONNECT_MESSAGE_BASED, 3);
	KUNIT_EXPECT_EQ(test, CONNECT_CURRENT_VERSION, 5);
}

static struct kunit_case wdmdma_intr_ex_cases[] = {
	KUNIT_CASE(intr_ex_layout),
	KUNIT_CASE(intr_ex_edu_msi),
	KUNIT_CASE(intr_ex_edu_line),
	KUNIT_CASE(intr_ex_fully_specified),
	KUNIT_CASE(intr_ex_msix_messages),
	KUNIT_CASE(intr_ex_message_limit),
	KUNIT_CASE(intr_ex_misuse),
	{}
};

struct kunit_suite wdmdma_intr_ex_suite = {
	.name = "wdmdma_intr_ex",
	.exit = ix_exit,
	.test_cases = wdmdma_intr_ex_cases,
};
