// SPDX-License-Identifier: GPL-2.0
/*
 * Interrupt objects on a real interrupt: QEMU's edu device raises one when
 * its raise register is written and lowers it when the ISR acknowledges.
 */
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/pci.h>

#include <wdm.h>
#include <wdmdma/binding.h>

#include "env.h"
#include "suites.h"

#define EDU_IRQ_STATUS	0x24
#define EDU_IRQ_RAISE	0x60
#define EDU_IRQ_ACK	0x64

/**
 * struct intr_ctx - what one test shares with its ISR, DPC and routines
 * @edu: the device
 * @irq: the Linux IRQ number, passed as Vector
 * @intr: the interrupt object
 * @lock: the driver spin lock the ISR runs under, when passed
 * @claim: what the ISR returns
 * @calls: ISR calls
 * @hardirq: every call ran in hard interrupt context
 * @irql_ok: every call saw KeGetCurrentIrql() >= DISPATCH_LEVEL
 * @ctx_ok: every call got its Interrupt and ServiceContext
 * @status: what the last call read from the status register
 * @dpc: queued by the ISR
 * @dpc_status: the status the DPC was given
 * @dpc_done: completed by the DPC
 */
struct intr_ctx {
	struct wdmdma_edu edu;
	int irq;
	PKINTERRUPT intr;
	KSPIN_LOCK lock;
	BOOLEAN claim;
	atomic_t calls;
	bool hardirq;
	bool irql_ok;
	bool ctx_ok;
	u32 status;
	KDPC dpc;
	u32 dpc_status;
	struct completion dpc_done;
};

static BOOLEAN intr_isr(PKINTERRUPT Interrupt, PVOID ServiceContext)
{
	struct intr_ctx *c = ServiceContext;
	u32 status;

	if (!c)
		return FALSE;
	c->ctx_ok &= Interrupt == READ_ONCE(c->intr) || !READ_ONCE(c->intr);
	c->hardirq &= !!in_hardirq();
	c->irql_ok &= KeGetCurrentIrql() >= DISPATCH_LEVEL;
	status = readl(c->edu.bar + EDU_IRQ_STATUS);
	c->status = status;
	if (status)
		writel(status, c->edu.bar + EDU_IRQ_ACK);
	atomic_inc(&c->calls);
	if (status && c->claim)
		KeInsertQueueDpc(&c->dpc, (PVOID)(uintptr_t)status, NULL);
	return c->claim;
}

static VOID intr_dpc(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1,
		     PVOID SystemArgument2)
{
	struct intr_ctx *c = DeferredContext;

	c->dpc_status = (u32)(uintptr_t)SystemArgument1;
	complete(&c->dpc_done);
}

static int intr_init(struct kunit *test)
{
	struct intr_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	int ret;

	if (!c)
		return -ENOMEM;
	ret = wdmdma_edu_open(&c->edu);
	if (ret) {
		kunit_skip(test, "no edu device (%d)", ret);
		return 0;
	}
	ret = pci_alloc_irq_vectors(c->edu.pdev, 1, 1, PCI_IRQ_ALL_TYPES);
	if (ret < 0) {
		wdmdma_edu_close(&c->edu);
		return ret;
	}
	c->irq = pci_irq_vector(c->edu.pdev, 0);
	c->claim = TRUE;
	c->hardirq = true;
	c->irql_ok = true;
	c->ctx_ok = true;
	KeInitializeSpinLock(&c->lock);
	KeInitializeDpc(&c->dpc, intr_dpc, c);
	init_completion(&c->dpc_done);
	test->priv = c;
	return 0;
}

static void intr_exit(struct kunit *test)
{
	struct intr_ctx *c = test->priv;

	if (!c)
		return;
	if (c->intr)
		IoDisconnectInterrupt(c->intr);
	KeFlushQueuedDpcs();
	writel(readl(c->edu.bar + EDU_IRQ_STATUS), c->edu.bar + EDU_IRQ_ACK);
	pci_free_irq_vectors(c->edu.pdev);
	wdmdma_edu_close(&c->edu);
}

static NTSTATUS intr_connect(struct intr_ctx *c, PKSPIN_LOCK lock)
{
	return IoConnectInterrupt(&c->intr, intr_isr, c, lock, c->irq, 5, 5,
				  LevelSensitive, FALSE, 0, FALSE);
}

/* Wait up to a second for the ISR to have run @n times. */
static bool intr_wait_calls(struct intr_ctx *c, int n)
{
	int i;

	for (i = 0; i < 1000 && atomic_read(&c->calls) < n; i++)
		usleep_range(1000, 2000);
	return atomic_read(&c->calls) >= n;
}

/* The ISR runs in hard interrupt context with its context; its DPC runs. */
static void interrupt_isr_dpc(struct kunit *test)
{
	struct intr_ctx *c = test->priv;
	unsigned long v0 = wdmdma_violations(NULL);

	KUNIT_ASSERT_EQ(test, intr_connect(c, NULL), STATUS_SUCCESS);
	KUNIT_ASSERT_NOT_NULL(test, c->intr);

	writel(0x5a, c->edu.bar + EDU_IRQ_RAISE);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&c->dpc_done, 2 * HZ) > 0);
	KUNIT_EXPECT_GE(test, atomic_read(&c->calls), 1);
	KUNIT_EXPECT_TRUE(test, c->hardirq);
	KUNIT_EXPECT_TRUE(test, c->irql_ok);
	KUNIT_EXPECT_TRUE(test, c->ctx_ok);
	KUNIT_EXPECT_EQ(test, c->dpc_status, 0x5a);
	KUNIT_EXPECT_EQ(test, readl(c->edu.bar + EDU_IRQ_STATUS), 0);

	/* a second interrupt, a second DPC */
	reinit_completion(&c->dpc_done);
	writel(0x3, c->edu.bar + EDU_IRQ_RAISE);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&c->dpc_done, 2 * HZ) > 0);
	KUNIT_EXPECT_EQ(test, c->dpc_status, 0x3);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
}

struct intr_sync {
	struct intr_ctx *c;
	bool irqs_off;
	bool locked;
	bool excluded;
};

static BOOLEAN intr_sync_routine(PVOID SynchronizeContext)
{
	struct intr_sync *s = SynchronizeContext;
	int before = atomic_read(&s->c->calls);

	s->irqs_off = irqs_disabled();
	s->locked = raw_spin_is_locked(&wdmdma_spin(&s->c->lock)->rlock);
	/* the device interrupts now; the ISR must wait for us */
	writel(0x7, s->c->edu.bar + EDU_IRQ_RAISE);
	mdelay(5);
	s->excluded = atomic_read(&s->c->calls) == before;
	return TRUE;
}

static BOOLEAN intr_false_routine(PVOID SynchronizeContext)
{
	return FALSE;
}

/*
 * KeSynchronizeExecution runs the routine under the driver's spin lock
 * with interrupts off, the ISR held off, and returns its result;
 * KeAcquireInterruptSpinLock does the same.
 */
static void interrupt_synchronize(struct kunit *test)
{
	struct intr_ctx *c = test->priv;
	unsigned long v0 = wdmdma_violations(NULL);
	struct intr_sync s = { .c = c };
	KIRQL old;

	KUNIT_ASSERT_EQ(test, intr_connect(c, &c->lock), STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, KeSynchronizeExecution(c->intr, intr_sync_routine, &s));
	KUNIT_EXPECT_TRUE(test, s.irqs_off);
	KUNIT_EXPECT_TRUE(test, s.locked);
	KUNIT_EXPECT_TRUE(test, s.excluded);
	/* released: the ISR gets its interrupt */
	KUNIT_EXPECT_TRUE(test, intr_wait_calls(c, 1));
	KUNIT_EXPECT_FALSE(test, KeSynchronizeExecution(c->intr, intr_false_routine, NULL));
	KUNIT_EXPECT_FALSE(test, raw_spin_is_locked(&wdmdma_spin(&c->lock)->rlock));

	old = KeAcquireInterruptSpinLock(c->intr);
	KUNIT_EXPECT_EQ(test, old, PASSIVE_LEVEL);
	KUNIT_EXPECT_TRUE(test, irqs_disabled());
	KUNIT_EXPECT_TRUE(test, raw_spin_is_locked(&wdmdma_spin(&c->lock)->rlock));
	KeReleaseInterruptSpinLock(c->intr, old);
	KUNIT_EXPECT_FALSE(test, irqs_disabled());
	KUNIT_EXPECT_FALSE(test, raw_spin_is_locked(&wdmdma_spin(&c->lock)->rlock));
	KUNIT_EXPECT_TRUE(test, wait_for_completion_timeout(&c->dpc_done, 2 * HZ) > 0);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
}

/* An ISR that does not claim the interrupt is still called (IRQ_NONE). */
static void interrupt_not_mine(struct kunit *test)
{
	struct intr_ctx *c = test->priv;
	unsigned long v0 = wdmdma_violations(NULL);

	c->claim = FALSE;
	KUNIT_ASSERT_EQ(test, intr_connect(c, NULL), STATUS_SUCCESS);
	writel(0x9, c->edu.bar + EDU_IRQ_RAISE);
	KUNIT_EXPECT_TRUE(test, intr_wait_calls(c, 1));
	KUNIT_EXPECT_EQ(test, c->status, 0x9);
	KUNIT_EXPECT_FALSE(test, completion_done(&c->dpc_done));
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
}

/* After IoDisconnectInterrupt the ISR is not called again. */
static void interrupt_disconnect(struct kunit *test)
{
	struct intr_ctx *c = test->priv;
	unsigned long v0 = wdmdma_violations(NULL);
	int calls;

	KUNIT_ASSERT_EQ(test, intr_connect(c, NULL), STATUS_SUCCESS);
	writel(0x1, c->edu.bar + EDU_IRQ_RAISE);
	KUNIT_ASSERT_TRUE(test, intr_wait_calls(c, 1));
	IoDisconnectInterrupt(c->intr);
	c->intr = NULL;
	calls = atomic_read(&c->calls);
	writel(0x2, c->edu.bar + EDU_IRQ_RAISE);
	msleep(20);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->calls), calls);
	KUNIT_EXPECT_EQ(test, readl(c->edu.bar + EDU_IRQ_STATUS), 0x2);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
}

/* Misuse is reported and refused, never a crash. */
static void interrupt_misuse(struct kunit *test)
{
	struct intr_ctx *c = test->priv;
	unsigned long v0 = wdmdma_violations(NULL);
	PKINTERRUPT intr = (PKINTERRUPT)0x1;
	PKINTERRUPT stale;

	KUNIT_EXPECT_EQ(test, IoConnectInterrupt(NULL, intr_isr, c, NULL, c->irq, 5, 5,
						 Latched, FALSE, 0, FALSE),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);
	KUNIT_EXPECT_EQ(test, IoConnectInterrupt(&intr, NULL, c, NULL, c->irq, 5, 5,
						 Latched, FALSE, 0, FALSE),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_NULL(test, intr);
	KUNIT_EXPECT_EQ(test, IoConnectInterrupt(&intr, intr_isr, c, NULL, 0, 5, 5,
						 Latched, FALSE, 0, FALSE),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, IoConnectInterrupt(&intr, intr_isr, c, NULL, c->irq, 6, 5,
						 Latched, FALSE, 0, FALSE),
			STATUS_INVALID_PARAMETER);
	/* an IRQ number that does not exist: request_irq refuses */
	KUNIT_EXPECT_EQ(test, IoConnectInterrupt(&intr, intr_isr, c, NULL, 0x7fffffff, 5, 5,
						 Latched, FALSE, 0, FALSE),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_NULL(test, intr);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 5);

	KUNIT_EXPECT_FALSE(test, KeSynchronizeExecution(NULL, intr_false_routine, NULL));
	IoDisconnectInterrupt(NULL);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 7);

	/* disconnecting twice */
	KUNIT_ASSERT_EQ(test, intr_connect(c, NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_FALSE(test, KeSynchronizeExecution(c->intr, NULL, NULL));
	stale = c->intr;
	IoDisconnectInterrupt(stale);
	c->intr = NULL;
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 8);
	IoDisconnectInterrupt(stale);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 9);
}

static struct kunit_case wdmdma_interrupt_cases[] = {
	KUNIT_CASE(interrupt_isr_dpc),
	KUNIT_CASE(interrupt_synchronize),
	KUNIT_CASE(interrupt_not_mine),
	KUNIT_CASE(interrupt_disconnect),
	KUNIT_CASE(interrupt_misuse),
	{}
};

struct kunit_suite wdmdma_interrupt_suite = {
	.name = "wdmdma_interrupt",
	.init = intr_init,
	.exit = intr_exit,
	.test_cases = wdmdma_interrupt_cases,
};
