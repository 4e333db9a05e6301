// SPDX-License-Identifier: GPL-2.0
/*
 * The bug check (<wdm/errlog.h>): KeBugCheckEx and KeBugCheck, inlines over
 * wdmdma_bugcheck().
 *
 * A driver bug-checks when it finds state it cannot go on from; on Windows
 * the machine stops.  What "stop" means here is the bugcheck_panic module
 * parameter's choice:
 *
 * - on (the default): Windows' meaning.  The code and the four parameters
 *   are reported, with the caller's stack, then the kernel panics.
 * - off: the report is the same, as a wdmdma misuse, and only the calling
 *   thread stops for good: a kernel thread exits (module_put_and_kthread_exit(), its
 *   result -EFAULT, so kthread_stop() still returns), a user process's
 *   thread in a system call sleeps for ever (uninterruptibly, without the
 *   hung-task warning).  What the driver held stays held.  Where the
 *   caller cannot sleep (at DISPATCH_LEVEL or above, in interrupt context)
 *   there is no way to stop just the caller, so the kernel panics
 *   anyway.  For tests and debugging a driver without losing the machine.
 *
 * The stack is printed with stack_trace_print(), under the report's own
 * heading.
 */
#define pr_fmt(fmt) "wdmdma: " fmt

#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/stacktrace.h>

#include "rt.h"
#include <wdm/errlog.h>

static bool wdmdma_bugcheck_panic = true;
module_param_named(bugcheck_panic, wdmdma_bugcheck_panic, bool, 0644);
MODULE_PARM_DESC(bugcheck_panic,
		 "KeBugCheckEx panics (default); off: it reports and stops the calling thread only");

static atomic_t wdmdma_bugchecks = ATOMIC_INIT(0);

#define WDMDMA_BUGCHECK(name) { (u32)(name), #name }

static const struct wdmdma_ntstatus_name wdmdma_bugcheck_names[] = {
	WDMDMA_BUGCHECK(IRQL_NOT_LESS_OR_EQUAL),
	WDMDMA_BUGCHECK(KMODE_EXCEPTION_NOT_HANDLED),
	WDMDMA_BUGCHECK(NO_MORE_IRP_STACK_LOCATIONS),
	WDMDMA_BUGCHECK(MULTIPLE_IRP_COMPLETE_REQUESTS),
	WDMDMA_BUGCHECK(PAGE_FAULT_IN_NONPAGED_AREA),
	WDMDMA_BUGCHECK(INACCESSIBLE_BOOT_DEVICE),
	WDMDMA_BUGCHECK(DRIVER_POWER_STATE_FAILURE),
	WDMDMA_BUGCHECK(BAD_POOL_CALLER),
	WDMDMA_BUGCHECK(DRIVER_VERIFIER_DETECTED_VIOLATION),
	WDMDMA_BUGCHECK(DRIVER_CORRUPTED_EXPOOL),
	WDMDMA_BUGCHECK(DRIVER_IRQL_NOT_LESS_OR_EQUAL),
	WDMDMA_BUGCHECK(MANUALLY_INITIATED_CRASH),
	WDMDMA_BUGCHECK(KERNEL_SECURITY_CHECK_FAILURE),
};

static const char *wdmdma_bugcheck_name(ULONG code)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(wdmdma_bugcheck_names); i++)
		if (wdmdma_bugcheck_names[i].value == code)
			return wdmdma_bugcheck_names[i].name;
	return "a driver's code";
}

/**
 * wdmdma_bugcheck_count() - how many bug checks did not stop the machine
 *
 * Return: the number of KeBugCheckEx() calls that stopped only their thread
 * (bugcheck_panic off), for tests.
 */
unsigned int wdmdma_bugcheck_count(void)
{
	return atomic_read(&wdmdma_bugchecks);
}
EXPORT_SYMBOL_GPL(wdmdma_bugcheck_count);

/**
 * wdmdma_bugcheck_set_panic() - set the bugcheck_panic parameter, for tests
 * @panic: whether KeBugCheckEx() panics
 *
 * Return: the setting before.
 */
bool wdmdma_bugcheck_set_panic(bool panic)
{
	return xchg(&wdmdma_bugcheck_panic, panic);
}
EXPORT_SYMBOL_GPL(wdmdma_bugcheck_set_panic);

/**
 * wdmdma_bugcheck() - KeBugCheckEx() (the inline in <wdm/errlog.h> calls it)
 * @BugCheckCode: the bug check code (IRQL_NOT_LESS_OR_EQUAL...)
 * @BugCheckParameter1: the code's first parameter
 * @BugCheckParameter2: its second
 * @BugCheckParameter3: its third
 * @BugCheckParameter4: its fourth
 *
 * Reports the code and parameters and the caller's stack, then panics, or
 * with bugcheck_panic off stops the calling thread (see the top of this
 * file).  Never returns.
 */
void wdmdma_bugcheck(ULONG BugCheckCode, ULONG_PTR BugCheckParameter1,
		     ULONG_PTR BugCheckParameter2, ULONG_PTR BugCheckParameter3,
		     ULONG_PTR BugCheckParameter4)
{
	bool can_park = !wdmdma_atomic_context() && !READ_ONCE(wdmdma_bugcheck_panic);
	unsigned long entries[32];
	unsigned int n;

	pr_emerg("KeBugCheckEx: bug check 0x%08x (%s) (0x%lx, 0x%lx, 0x%lx, 0x%lx) from %pS in %s/%d\n",
		 BugCheckCode, wdmdma_bugcheck_name(BugCheckCode), BugCheckParameter1,
		 BugCheckParameter2, BugCheckParameter3, BugCheckParameter4,
		 __builtin_return_address(0), current->comm, task_pid_nr(current));
	n = stack_trace_save(entries, ARRAY_SIZE(entries), 1);
	pr_emerg("KeBugCheckEx: the caller's stack:\n");
	stack_trace_print(entries, n, 2);
	if (!can_park)
		panic("KeBugCheckEx: bug check 0x%08x (0x%lx, 0x%lx, 0x%lx, 0x%lx)", BugCheckCode,
		      BugCheckParameter1, BugCheckParameter2, BugCheckParameter3,
		      BugCheckParameter4);

	wdmdma_report(NULL, "KeBugCheckEx",
		      "bug check 0x%08x: bugcheck_panic is off, so only %s/%d stops",
		      BugCheckCode, current->comm, task_pid_nr(current));
	atomic_inc(&wdmdma_bugchecks);
	if (current->flags & PF_KTHREAD) {
		/* kthread_exit() is not exported before 6.12; this pair is, in both */
		__module_get(THIS_MODULE);
		module_put_and_kthread_exit(-EFAULT);
	}
	for (;;) {
		set_current_state(TASK_IDLE);
		schedule();
	}
}
EXPORT_SYMBOL_GPL(wdmdma_bugcheck);
