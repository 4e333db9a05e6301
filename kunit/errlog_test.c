// SPDX-License-Identifier: GPL-2.0
/*
 * Group 7, errors: the I/O error log (IoAllocateErrorLogEntry,
 * IoWriteErrorLogEntry, IoFreeErrorLogEntry), NTSTATUS names,
 * IoIsErrorUserInduced, IoSetHardErrorOrVerifyDevice, and KeBugCheckEx's
 * non-fatal path (bugcheck_panic off).
 */
#include <linux/completion.h>
#include <linux/kthread.h>
#include <linux/sched/task.h>
#include <linux/slab.h>

#include "suites.h"	/* Linux headers before <wdm.h> */

#include <wdm.h>
#include <wdmdma/binding.h>

struct el_env {
	PDRIVER_OBJECT drv;
	PDEVICE_OBJECT dev;
};

static void el_env_make(struct kunit *test, struct el_env *e)
{
	e->drv = wdmdma_driver_create("wdmdma_el");
	KUNIT_ASSERT_NOT_NULL(test, e->drv);
	KUNIT_ASSERT_EQ(test, IoCreateDevice(e->drv, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE,
					     &e->dev), STATUS_SUCCESS);
}

static void el_env_free(struct el_env *e)
{
	IoDeleteDevice(e->dev);
	wdmdma_driver_destroy(e->drv);
}

/* References on @dev besides the creation's */
static LONG_PTR el_refs(PDEVICE_OBJECT dev)
{
	LONG_PTR n = ObReferenceObject(dev);

	ObDereferenceObject(dev);
	return n - 2;
}

static bool el_zero(const void *p, size_t len)
{
	return !memchr_inv(p, 0, len);
}

/* Sizes from the packet to ERROR_LOG_MAXIMUM_SIZE; NULL outside; zeroed. */
static void el_sizes(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	PIO_ERROR_LOG_PACKET small, big, drv_entry;
	struct el_env e;

	el_env_make(test, &e);
	KUNIT_EXPECT_EQ(test, (size_t)ERROR_LOG_MAXIMUM_SIZE, (size_t)240);
	small = IoAllocateErrorLogEntry(e.dev, sizeof(IO_ERROR_LOG_PACKET));
	KUNIT_ASSERT_NOT_NULL(test, small);
	KUNIT_EXPECT_TRUE(test, el_zero(small, sizeof(IO_ERROR_LOG_PACKET)));
	KUNIT_EXPECT_EQ(test, el_refs(e.dev), 1);	/* the entry's reference */
	big = IoAllocateErrorLogEntry(e.dev, ERROR_LOG_MAXIMUM_SIZE);
	KUNIT_ASSERT_NOT_NULL(test, big);
	KUNIT_EXPECT_TRUE(test, el_zero(big, ERROR_LOG_MAXIMUM_SIZE));
	memset(big, 0xa5, ERROR_LOG_MAXIMUM_SIZE);	/* all of it is the driver's */
	KUNIT_EXPECT_EQ(test, el_refs(e.dev), 2);
	drv_entry = IoAllocateErrorLogEntry(e.drv, sizeof(IO_ERROR_LOG_PACKET) + 16);
	KUNIT_EXPECT_NOT_NULL(test, drv_entry);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);

	KUNIT_EXPECT_NULL(test, IoAllocateErrorLogEntry(e.dev, ERROR_LOG_MAXIMUM_SIZE + 1));
	KUNIT_EXPECT_NULL(test, IoAllocateErrorLogEntry(e.dev, 255));
	KUNIT_EXPECT_NULL(test, IoAllocateErrorLogEntry(e.dev, sizeof(IO_ERROR_LOG_PACKET) - 1));
	KUNIT_EXPECT_NULL(test, IoAllocateErrorLogEntry(NULL, sizeof(IO_ERROR_LOG_PACKET)));
	KUNIT_EXPECT_NULL(test, IoAllocateErrorLogEntry(&e, sizeof(IO_ERROR_LOG_PACKET)));
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 5);

	IoFreeErrorLogEntry(small);
	IoFreeErrorLogEntry(big);
	IoFreeErrorLogEntry(drv_entry);
	KUNIT_EXPECT_EQ(test, el_refs(e.dev), 0);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 5);
	IoFreeErrorLogEntry(small);			/* double free: reported, untouched */
	IoWriteErrorLogEntry(big);
	IoFreeErrorLogEntry(NULL);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 8);
	el_env_free(&e);
}

static const WCHAR el_s1[] = L"disk0";
static const WCHAR el_s2[] = { 'r', 0xe9, 't', 'r', 'y', 0 };	/* "r\u00e9try" */

/* The written entry's text: names, values, strings, dump data; then freed. */
static void el_write(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	size_t off = offsetof(IO_ERROR_LOG_PACKET, DumpData) + 8;
	size_t size = off + sizeof(el_s1) + sizeof(el_s2);
	PIO_ERROR_LOG_PACKET p;
	struct el_env e;
	KIRQL old;
	char *txt;

	txt = kunit_kzalloc(test, 2048, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, txt);
	el_env_make(test, &e);
	p = IoAllocateErrorLogEntry(e.dev, (UCHAR)size);
	KUNIT_ASSERT_NOT_NULL(test, p);
	p->MajorFunctionCode = IRP_MJ_READ;
	p->RetryCount = 2;
	p->ErrorCode = IO_ERR_TIMEOUT;
	p->UniqueErrorValue = 0x1234;
	p->FinalStatus = STATUS_IO_TIMEOUT;
	p->SequenceNumber = 7;
	p->DumpDataSize = 8;
	p->DumpData[0] = 0xdeadbeef;
	memcpy((u8 *)p->DumpData + 4, "\x01\x02\x03\x04", 4);
	p->NumberOfStrings = 2;
	p->StringOffset = off;
	memcpy((u8 *)p + off, el_s1, sizeof(el_s1));
	memcpy((u8 *)p + off + sizeof(el_s1), el_s2, sizeof(el_s2));
	KeRaiseIrql(DISPATCH_LEVEL, &old);		/* as from a DPC */
	IoWriteErrorLogEntry(p);
	KeLowerIrql(old);
	KUNIT_EXPECT_EQ(test, el_refs(e.dev), 0);	/* written: freed */
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);

	wdmdma_errlog_last(txt, 2048);
	kunit_info(test, "logged:\n%s", txt);
	KUNIT_EXPECT_NOT_NULL(test, strstr(txt, "\\Driver\\wdmdma_el device "));
	KUNIT_EXPECT_NOT_NULL(test, strstr(txt, "IO_ERR_TIMEOUT (0xc0040009)"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(txt, "unique value 0x1234"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(txt, "final status STATUS_IO_TIMEOUT (0xc00000b5)"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(txt, "major 0x03, retry 2, sequence 7"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(txt, "string 1: \"disk0\""));
	KUNIT_EXPECT_NOT_NULL(test, strstr(txt, "string 2: \"r\\u00e9try\""));
	KUNIT_EXPECT_NOT_NULL(test, strstr(txt, "dump +00: ef be ad de 01 02 03 04\n"));

	/* a string without its NUL inside the entry: cut, reported, no overrun */
	p = IoAllocateErrorLogEntry(e.drv, sizeof(IO_ERROR_LOG_PACKET) + 8);
	KUNIT_ASSERT_NOT_NULL(test, p);
	p->ErrorCode = IO_ERR_RETRY_SUCCEEDED;
	p->NumberOfStrings = 1;
	p->StringOffset = sizeof(IO_ERROR_LOG_PACKET);
	memset((u8 *)p + sizeof(IO_ERROR_LOG_PACKET), 'x', 8);
	p->DumpDataSize = 0xf000;
	IoWriteErrorLogEntry(p);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 1);
	wdmdma_errlog_last(txt, 2048);
	KUNIT_EXPECT_NOT_NULL(test, strstr(txt, "\\Driver\\wdmdma_el: error log: "));
	KUNIT_EXPECT_NOT_NULL(test, strstr(txt, "log: IO_ERR_RETRY_SUCCEEDED (0x00040001)"));
	KUNIT_EXPECT_NULL(test, strstr(txt, "string 1"));
	el_env_free(&e);
}

/* Names from ntiologc.h and the whole NTSTATUS table, by binary search */
static void el_names(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, wdmdma_status_name(STATUS_SUCCESS), "STATUS_SUCCESS");
	KUNIT_EXPECT_STREQ(test, wdmdma_status_name(STATUS_PENDING), "STATUS_PENDING");
	KUNIT_EXPECT_STREQ(test, wdmdma_status_name(STATUS_BUFFER_OVERFLOW),
			   "STATUS_BUFFER_OVERFLOW");
	KUNIT_EXPECT_STREQ(test, wdmdma_status_name(STATUS_NO_MEDIA_IN_DEVICE),
			   "STATUS_NO_MEDIA_IN_DEVICE");
	KUNIT_EXPECT_STREQ(test, wdmdma_status_name(STATUS_WMI_GUID_NOT_FOUND),
			   "STATUS_WMI_GUID_NOT_FOUND");
	KUNIT_EXPECT_STREQ(test, wdmdma_status_name(STATUS_CANCELLED), "STATUS_CANCELLED");
	KUNIT_EXPECT_STREQ(test, wdmdma_status_name(IO_ERR_RETRY_SUCCEEDED),
			   "IO_ERR_RETRY_SUCCEEDED");
	KUNIT_EXPECT_STREQ(test, wdmdma_status_name(IO_WRITE_CACHE_DISABLED),
			   "IO_WRITE_CACHE_DISABLED");
	KUNIT_EXPECT_NULL(test, wdmdma_status_name((NTSTATUS)0xE0123456));
}

/* The documented list, and nothing else */
static void el_user_induced(struct kunit *test)
{
	static const NTSTATUS yes[] = {
		STATUS_DEVICE_NOT_READY, STATUS_IO_TIMEOUT, STATUS_MEDIA_WRITE_PROTECTED,
		STATUS_NO_MEDIA_IN_DEVICE, STATUS_UNRECOGNIZED_MEDIA, STATUS_VERIFY_REQUIRED,
		STATUS_WRONG_VOLUME,
	};
	static const NTSTATUS no[] = {
		STATUS_SUCCESS, STATUS_CANCELLED, STATUS_DEVICE_NOT_CONNECTED,
		STATUS_DEVICE_DATA_ERROR, STATUS_INSUFFICIENT_RESOURCES, IO_ERR_TIMEOUT,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(yes); i++)
		KUNIT_EXPECT_TRUE(test, IoIsErrorUserInduced(yes[i]));
	for (i = 0; i < ARRAY_SIZE(no); i++)
		KUNIT_EXPECT_FALSE(test, IoIsErrorUserInduced(no[i]));
}

/* Accepted for an IRP and a device object; misuse reported */
static void el_hard_error(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	struct el_env e;
	PIRP irp;

	el_env_make(test, &e);
	irp = IoAllocateIrp(1, FALSE);
	KUNIT_ASSERT_NOT_NULL(test, irp);
	IoSetHardErrorOrVerifyDevice(irp, e.dev);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0);
	IoSetHardErrorOrVerifyDevice(NULL, e.dev);
	IoSetHardErrorOrVerifyDevice(irp, NULL);
	IoSetHardErrorOrVerifyDevice(irp, (PDEVICE_OBJECT)e.drv);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 3);
	IoFreeIrp(irp);
	el_env_free(&e);
}

struct el_bug {
	struct completion started;
	bool returned;
};

static int el_bug_thread(void *data)
{
	struct el_bug *b = data;

	complete(&b->started);
	/* declared as a routine that returns, so a return would be seen */
	wdmdma_bugcheck(MANUALLY_INITIATED_CRASH, 1, 2, 3, 0xfeed);
	b->returned = true;
	return 0;
}

static int el_bug_thread_inline(void *data)
{
	struct el_bug *b = data;

	complete(&b->started);
	KeBugCheck(DRIVER_VERIFIER_DETECTED_VIOLATION);	/* the WDK's form */
}

/* Run @fn in a kernel thread; its exit code */
static int el_bug_run(struct kunit *test, int (*fn)(void *), struct el_bug *b)
{
	struct task_struct *t;
	int ret;

	init_completion(&b->started);
	t = kthread_create(fn, b, "wdmdma_bugcheck");
	if (IS_ERR(t))
		return PTR_ERR(t);
	get_task_struct(t);
	wake_up_process(t);
	wait_for_completion(&b->started);
	ret = kthread_stop(t);
	put_task_struct(t);
	return ret;
}

/* bugcheck_panic off: reported and counted, and the calling thread ends */
static void el_bugcheck(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	unsigned int n0 = wdmdma_bugcheck_count();
	struct el_bug b = {};
	bool was;

	was = wdmdma_bugcheck_set_panic(false);
	KUNIT_EXPECT_TRUE(test, was);			/* Windows' meaning by default */
	KUNIT_EXPECT_EQ(test, el_bug_run(test, el_bug_thread, &b), -EFAULT);
	KUNIT_EXPECT_FALSE(test, b.returned);
	KUNIT_EXPECT_EQ(test, el_bug_run(test, el_bug_thread_inline, &b), -EFAULT);
	wdmdma_bugcheck_set_panic(was);
	KUNIT_EXPECT_EQ(test, wdmdma_bugcheck_count(), n0 + 2);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 2);
}

static struct kunit_case wdmdma_errlog_cases[] = {
	KUNIT_CASE(el_sizes),
	KUNIT_CASE(el_write),
	KUNIT_CASE(el_names),
	KUNIT_CASE(el_user_induced),
	KUNIT_CASE(el_hard_error),
	KUNIT_CASE(el_bugcheck),
	{}
};

struct kunit_suite wdmdma_errlog_suite = {
	.name = "wdmdma_errlog",
	.test_cases = wdmdma_errlog_cases,
};
