// SPDX-License-Identifier: GPL-2.0
/*
 * namespace.c - a driver's file: it includes only the WDK's headers, and
 * uses as its own the names Linux would have given it (current, list,
 * min, max, ALIGN, BIT, container_of, struct list_head, u32, spinlock_t,
 * jiffies...), as Windows code does.  Built with -Werror (kunit/Kbuild):
 * a Linux name leaking through <wdm.h> breaks the build, and the
 * wdmdma_namespace suite checks that the WDK meanings are the ones in
 * force.
 *
 * What every file of a kernel build sees regardless (Kbuild force-includes
 * <linux/kconfig.h> and <linux/compiler_types.h>: CONFIG_*, and attribute
 * shorthands such as __packed, __iomem, noinline) is in README's porting
 * rules.
 *
 * wdmdma-lint: windows-source (Windows names and style are kept)
 */
#include <ntddk.h>
#include <ntstrsafe.h>
#include <ntintsafe.h>
#include <stddef.h>
#include <stdarg.h>
#include <string.h>
#include <stdlib.h>
#include <stdio.h>
#include <wchar.h>

#include "namespace.h"

/* Nothing of Linux's common vocabulary may be defined at this point. */
#if defined(current) || defined(container_of) || defined(ALIGN) || defined(BIT) ||	\
	defined(ARRAY_SIZE) || defined(list_for_each_entry) || defined(LIST_HEAD) ||	\
	defined(spin_lock) || defined(spin_lock_init) || defined(READ_ONCE) ||		\
	defined(WRITE_ONCE) || defined(WARN_ON) || defined(BUG_ON) ||			\
	defined(BUILD_BUG_ON) || defined(likely) || defined(unlikely) ||		\
	defined(pr_err) || defined(pr_info) || defined(printk) || defined(jiffies) ||	\
	defined(HZ) || defined(min_t) || defined(max_t) || defined(clamp) ||		\
	defined(swap) || defined(DIV_ROUND_UP) || defined(round_up) ||		\
	defined(IS_ALIGNED) || defined(GFP_KERNEL) || defined(EXPORT_SYMBOL) ||	\
	defined(MODULE_LICENSE) || defined(static_assert) || defined(dev_err) ||	\
	defined(kmalloc) || defined(rcu_read_lock) || defined(smp_mb) ||		\
	defined(barrier) || defined(__out_of_line) || defined(true) || defined(false) ||	\
	!defined(PAGE_READONLY) || PAGE_READONLY != 0x02
#error "a Linux name leaks through the WDK headers"
#endif

/* The WDK's meanings */
C_ASSERT(__builtin_types_compatible_p(__typeof__(PAGE_SIZE), int));
C_ASSERT(PAGE_SIZE == 1 << PAGE_SHIFT);
C_ASSERT(sizeof(WCHAR) == 2 && sizeof(L"x"[0]) == sizeof(WCHAR));
C_ASSERT(sizeof(ULONG) == 4 && sizeof(LONG) == 4);

/* A driver's own macros, under names Linux uses */
#define ALIGN(Value, Boundary)	(((Value) + (Boundary) - 1) & ~((Boundary) - 1))
#define BIT(Index)		((ULONG)1 << (Index))
#define container_of(Address, Type, Field) CONTAINING_RECORD(Address, Type, Field)
#define ARRAY_SIZE(Array)	RTL_NUMBER_OF(Array)
#define likely(x)		(x)
#define WARN_ON(x)		(x)
#define pr_err			DbgPrint
#define HZ			1000
#define swap(a, b)		do { ULONG t_ = (a); (a) = (b); (b) = t_; } while (0)
#define true			TRUE
#define false			FALSE

/* ...and types */
typedef UCHAR u8;
typedef USHORT u16;
typedef ULONG u32;
typedef ULONGLONG u64;
typedef BOOLEAN bool;
typedef KSPIN_LOCK spinlock_t;

struct list_head {
	LIST_ENTRY Link;
	ULONG Value;
};

struct device {
	PDEVICE_OBJECT DeviceObject;
	ULONG Id;
};

/* ...and variables */
static ULONG current;
static ULONG jiffies = HZ;

ULONG WdmNsMinSignedUnsigned(LONG Signed, ULONG Unsigned)
{
	/* C's conversions, as on Windows: -1 becomes MAXULONG */
	return min(Signed, Unsigned);
}

SIZE_T WdmNsMaxMixed(USHORT Small, SIZE_T Large, LONG Signed)
{
	return max(max(Small, Large), (SIZE_T)Signed);
}

PVOID WdmNsPageAlign(PVOID Va)
{
	return PAGE_ALIGN(Va);
}

ULONG WdmNsPageSize(VOID)
{
	return PAGE_SIZE;
}

ULONG WdmNsListSum(ULONG Count)
{
	struct list_head entries[8];
	LIST_ENTRY list;
	PLIST_ENTRY link;
	ULONG sum = 0, i;
	bool any = false;

	InitializeListHead(&list);
	for (i = 0; i < Count && i < ARRAY_SIZE(entries); i++) {
		entries[i].Value = BIT(i);
		InsertTailList(&list, &entries[i].Link);
	}
	for (link = list.Flink; link != &list; link = link->Flink) {
		struct list_head *e = container_of(link, struct list_head, Link);

		sum += e->Value;
		any = true;
	}
	if (WARN_ON(!any && Count))
		pr_err("%s: empty list\n", __func__);
	return sum;
}

ULONG WdmNsCurrent(VOID)
{
	struct device dev = { NULL, 7 };
	u32 previous = current;

	current += dev.Id + jiffies / HZ;
	return current - previous;
}

ULONG_PTR WdmNsOwnMacros(ULONG Value)
{
	u32 a = ALIGN(Value, 8), b = BIT(4);
	u64 wide = (u64)a << 32;
	u16 narrow = (u16)b;
	u8 byte = likely(Value) ? 1 : 0;

	swap(a, b);
	return (ULONG_PTR)(a + b + (ULONG)(wide >> 32) + narrow + byte);
}
