// SPDX-License-Identifier: GPL-2.0
/*
 * Misuse reports and verifier mode.
 *
 * Every misuse wdmdma detects is reported here: once in the kernel log,
 * naming the adapter and its device, the WDK entry, what was expected and
 * what was found, the class of check (Driver Verifier's DMA checks, with
 * bug check 0xE6's parameter 1 where Windows has one) and the ported
 * driver's calling code, the first return address on the stack outside
 * wdmdma.  Each report is counted, in total and per class, for the
 * adapter and for the module.
 *
 * The checks on the normal paths are always on.  Verifier mode adds those
 * the normal paths cannot afford: every streaming transfer double-buffered
 * between guard areas (transfer.c), common buffers between guard areas
 * (common.c), buffers checked for CPU writes while mapped, lists poisoned
 * at Put, exact IRQLs, MDL access, and leaks listed one by one.  It is off
 * by default; verifier=1 turns it on for adapters made from then on,
 * verifier_drivers=name[,name] for the adapters of those drivers (the
 * DRIVER_OBJECT name of the PDO's or the top of its stack), and
 * wdmdma_verifier_set() or the adapter's debugfs file "verifier" for one
 * adapter at run time.  verifier_panic=1 makes a violation on a verified
 * adapter panic the kernel (for bisecting with a crash dump) instead of
 * being reported and survived.
 */
#define pr_fmt(fmt) "wdmdma: " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/printk.h>
#include <linux/stacktrace.h>
#include <linux/string.h>

#include "dma.h"

static bool wdmdma_verifier_all;
module_param_named(verifier, wdmdma_verifier_all, bool, 0644);
MODULE_PARM_DESC(verifier, "verifier mode for every adapter made from now on (default off)");

static bool wdmdma_verifier_panic;
module_param_named(verifier_panic, wdmdma_verifier_panic, bool, 0644);
MODULE_PARM_DESC(verifier_panic,
		 "a violation on a verified adapter panics instead of being reported (bisecting)");

static char wdmdma_verifier_drivers[256];
module_param_string(verifier_drivers, wdmdma_verifier_drivers,
		    sizeof(wdmdma_verifier_drivers), 0644);
MODULE_PARM_DESC(verifier_drivers,
		 "verifier mode for the adapters of these drivers (DRIVER_OBJECT names, comma separated)");

/**
 * struct wdmdma_check_info - what a report says of its class
 * @code: Driver Verifier's bug check 0xE6 parameter 1, or -1: none
 * @name: short name
 */
struct wdmdma_check_info {
	int code;
	const char *name;
};

static const struct wdmdma_check_info wdmdma_checks[WDMDMA_CHK_N] = {
	[WDMDMA_CHK_MISUSE]		= { -1, "misuse" },
	[WDMDMA_CHK_REGS_EXHAUSTED]	= { 0x00, "map-registers-exhausted" },
	[WDMDMA_CHK_COMMON_FREED_TWICE]	= { 0x03, "common-buffer-freed-twice" },
	[WDMDMA_CHK_CHANNEL_FREED_TWICE] = { 0x04, "channel-freed-twice" },
	[WDMDMA_CHK_REGS_FREED_TWICE]	= { 0x05, "map-registers-freed-twice" },
	[WDMDMA_CHK_SGL_FREED_TWICE]	= { 0x06, "list-freed-twice" },
	[WDMDMA_CHK_LEAK_COMMON]	= { 0x07, "common-buffer-leaked" },
	[WDMDMA_CHK_LEAK_CHANNEL]	= { 0x08, "channel-leaked" },
	[WDMDMA_CHK_LEAK_REGS]		= { 0x09, "map-registers-leaked" },
	[WDMDMA_CHK_LEAK_SGL]		= { 0x0A, "list-leaked" },
	[WDMDMA_CHK_TWO_CHANNELS]	= { 0x0B, "second-channel" },
	[WDMDMA_CHK_TOO_MANY_REGS]	= { 0x0C, "too-many-map-registers" },
	[WDMDMA_CHK_NOT_FLUSHED]	= { 0x0D, "not-flushed" },
	[WDMDMA_CHK_NOT_LOCKED]		= { 0x0E, "buffer-not-locked" },
	[WDMDMA_CHK_OVERRUN]		= { 0x0F, "overrun" },
	[WDMDMA_CHK_FREED_MAPPED]	= { 0x10, "freed-while-mapped" },
	[WDMDMA_CHK_IRQL]		= { 0x13, "wrong-irql" },
	[WDMDMA_CHK_NEVER_MAPPED]	= { 0x16, "flush-of-unmapped" },
	[WDMDMA_CHK_AFTER_RELEASE]	= { 0x18, "adapter-after-release" },
	[WDMDMA_CHK_NULL_ADAPTER]	= { 0x19, "null-adapter" },
	[WDMDMA_CHK_NOT_IN_MDL]		= { 0x1B, "range-not-in-mdl" },
	[WDMDMA_CHK_ALREADY_MAPPED]	= { 0x1D, "already-mapped" },
	[WDMDMA_CHK_OBSOLETE]		= { 0x1E, "obsolete-call" },
	[WDMDMA_CHK_ZERO_LENGTH]	= { 0x21, "zero-length" },
	[WDMDMA_CHK_NO_SYSTEM_VA]	= { 0x22, "no-system-va" },
	[WDMDMA_CHK_CHANNEL_BUSY]	= { 0x23, "transfer-not-done" },
	[WDMDMA_CHK_DESC_VERSION]	= { 0x25, "description-version" },
	[WDMDMA_CHK_WRONG_SIZE]		= { -1, "wrong-length-or-direction" },
	[WDMDMA_CHK_SGL_AFTER_PUT]	= { -1, "list-used-after-put" },
	[WDMDMA_CHK_CPU_WROTE]		= { -1, "cpu-wrote-mapped-buffer" },
	[WDMDMA_CHK_WRONG_ACCESS]	= { -1, "mdl-wrong-access" },
	[WDMDMA_CHK_LEAK_ADAPTER]	= { -1, "adapter-leaked" },
};

static atomic_long_t wdmdma_total_violations = ATOMIC_LONG_INIT(0);
static atomic_long_t wdmdma_total_checks[WDMDMA_CHK_N];

const char *wdmdma_check_name(enum wdmdma_check chk)
{
	return chk < WDMDMA_CHK_N ? wdmdma_checks[chk].name : "?";
}
EXPORT_SYMBOL_GPL(wdmdma_check_name);

/**
 * wdmdma_check_code() - Driver Verifier's code for a check
 * @chk: the check
 *
 * Return: bug check 0xE6's parameter 1 for it, or -1 when Windows has none.
 */
int wdmdma_check_code(enum wdmdma_check chk)
{
	return chk < WDMDMA_CHK_N ? wdmdma_checks[chk].code : -1;
}

/*
 * The ported driver's code that led here: the first return address on the
 * stack outside wdmdma (the kernel's own code when wdmdma was called from
 * there, a work item say).  0 when the stack cannot be read.
 */
static unsigned long wdmdma_report_caller(void)
{
	unsigned long entries[24];
	unsigned int n, i;

	n = stack_trace_save(entries, ARRAY_SIZE(entries), 1);
	for (i = 0; i < n; i++)
		if (!within_module(entries[i], THIS_MODULE))
			return entries[i];
	return 0;
}

/**
 * wdmdma_verifying() - is verifier mode on?
 * @a: for this adapter; NULL: for calls that name none (the module setting)
 *
 * Return: true when it is.
 */
bool wdmdma_verifying(struct wdmdma_adapter *a)
{
	return a ? READ_ONCE(a->verify) : READ_ONCE(wdmdma_verifier_all);
}

/**
 * wdmdma_report_chk() - report a ported driver's misuse of the API
 * @a: the adapter involved, or NULL
 * @call: the WDK entry the driver called
 * @chk: the class of check that caught it
 * @fmt: what was expected and what was found
 *
 * Misuse never stops the kernel (unless verifier_panic asks for it on a
 * verified adapter): the call is refused or repaired, and the report names
 * the adapter, its device, the call, the check and the caller.  Counted
 * for wdmdma_violations() and wdmdma_verifier_count().
 */
void wdmdma_report_chk(struct wdmdma_adapter *a, const char *call, enum wdmdma_check chk,
		       const char *fmt, ...)
{
	unsigned long caller = wdmdma_report_caller();
	const struct wdmdma_check_info *c;
	struct va_format vaf;
	char code[16] = "";
	va_list args;

	if (chk >= WDMDMA_CHK_N)
		chk = WDMDMA_CHK_MISUSE;
	c = &wdmdma_checks[chk];
	if (c->code >= 0)
		snprintf(code, sizeof(code), " 0x%02X", c->code);
	atomic_long_inc(&wdmdma_total_violations);
	atomic_long_inc(&wdmdma_total_checks[chk]);
	if (a) {
		atomic_long_inc(&a->violations);
		atomic_long_inc(&a->checks[chk]);
	}
	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	if (a)
		pr_err_ratelimited("adapter %u (%s): %s: %pV [check %s%s; caller %pS]\n", a->id,
				   dev_name(a->dev), call, &vaf, c->name, code, (void *)caller);
	else
		pr_err_ratelimited("%s: %pV [check %s%s; caller %pS]\n", call, &vaf, c->name,
				   code, (void *)caller);
	if (READ_ONCE(wdmdma_verifier_panic) && wdmdma_verifying(a))
		panic("wdmdma verifier: %s: %pV [check %s%s; caller %pS]\n", call, &vaf,
		      c->name, code, (void *)caller);
	va_end(args);
}

/**
 * wdmdma_violations() - how many misuses wdmdma has reported
 * @adapter: count those of this adapter; NULL for all since module load
 *
 * Return: the count.
 */
unsigned long wdmdma_violations(PDMA_ADAPTER adapter)
{
	struct wdmdma_adapter *a;
	unsigned long n;

	if (!adapter)
		return atomic_long_read(&wdmdma_total_violations);
	rcu_read_lock();
	a = wdmdma_adapter_lookup(adapter);
	n = a ? atomic_long_read(&a->violations) : 0;
	rcu_read_unlock();
	return n;
}
EXPORT_SYMBOL_GPL(wdmdma_violations);

unsigned long wdmdma_verifier_count(PDMA_ADAPTER adapter, enum wdmdma_check chk)
{
	struct wdmdma_adapter *a;
	unsigned long n;

	if (chk >= WDMDMA_CHK_N)
		return 0;
	if (!adapter)
		return atomic_long_read(&wdmdma_total_checks[chk]);
	rcu_read_lock();
	a = wdmdma_adapter_lookup(adapter);
	n = a ? atomic_long_read(&a->checks[chk]) : 0;
	rcu_read_unlock();
	return n;
}
EXPORT_SYMBOL_GPL(wdmdma_verifier_count);

bool wdmdma_verifier_set(PDMA_ADAPTER adapter, bool on)
{
	struct wdmdma_adapter *a;
	bool was = false;

	rcu_read_lock();
	a = wdmdma_adapter_lookup(adapter);
	if (a)
		was = xchg(&a->verify, on);
	rcu_read_unlock();
	return was;
}
EXPORT_SYMBOL_GPL(wdmdma_verifier_set);

/* Separators in verifier_drivers */
static bool wdmdma_name_sep(char c)
{
	return c == ',' || c == ' ' || c == '\n';
}

/* Is @name ("\Driver\edu_wdm", UTF-16) one of verifier_drivers? */
static bool wdmdma_verifier_named(const UNICODE_STRING *name, const char *list)
{
	char buf[64];
	const char *p, *q;
	size_t i, n, len;

	if (!name || !name->Buffer)
		return false;
	n = min_t(size_t, name->Length / sizeof(WCHAR), sizeof(buf) - 1);
	for (i = 0; i < n; i++)
		buf[i] = name->Buffer[i] < 0x80 ? name->Buffer[i] : '?';
	buf[n] = 0;
	p = strrchr(buf, '\\');
	p = p ? p + 1 : buf;
	len = strlen(p);
	for (q = list; *q; q += strcspn(q, ",")) {
		while (wdmdma_name_sep(*q))
			q++;
		if (len && !strncmp(q, p, len) && (!q[len] || wdmdma_name_sep(q[len])))
			return true;
	}
	return false;
}

/**
 * wdmdma_verifier_adapter_init() - verifier mode for a new adapter?
 * @a: the adapter, not yet visible
 *
 * On when verifier=1, or when verifier_drivers names the driver of the
 * PDO or of the device on top of its stack (the function driver, which
 * asks for the adapter).  That driver is remembered: its unload reports
 * the adapter if it was not put.
 */
void wdmdma_verifier_adapter_init(struct wdmdma_adapter *a)
{
	bool on = READ_ONCE(wdmdma_verifier_all);
	PDEVICE_OBJECT top;

	if (!a->pdo)
		goto out;
	top = IoGetAttachedDeviceReference(a->pdo);
	a->driver = top->DriverObject;
	kernel_param_lock(THIS_MODULE);
	if (!on && wdmdma_verifier_drivers[0])
		on = (top->DriverObject &&
		      wdmdma_verifier_named(&top->DriverObject->DriverName,
					    wdmdma_verifier_drivers)) ||
		     (a->pdo->DriverObject &&
		      wdmdma_verifier_named(&a->pdo->DriverObject->DriverName,
					    wdmdma_verifier_drivers));
	kernel_param_unlock(THIS_MODULE);
	ObDereferenceObject(top);
out:
	a->verify = on;
}

/* The guard pattern: Driver Verifier's guard tag, over and over. */
static const u8 wdmdma_guard_tag[8] = { 'D', 'm', 'a', 'V', 'r', 'f', 'y', '0' };

/* The tag as a word, so that the word at an 8-byte aligned offset is it. */
static u64 wdmdma_guard_word(void)
{
	u64 w;

	memcpy(&w, wdmdma_guard_tag, sizeof(w));
	return w;
}

/**
 * wdmdma_guard_fill() - fill bytes [@from, @to) of @buf with the guard pattern
 * @buf: the buffer, 8-byte aligned
 * @from: first byte
 * @to: end
 *
 * The pattern depends on the offset in @buf only, so wdmdma_guard_check()
 * needs nothing else.  Whole words are stored where they fit.
 */
void wdmdma_guard_fill(void *buf, size_t from, size_t to)
{
	u64 w = wdmdma_guard_word();
	u8 *p = buf;

	for (; from < to && (from & 7); from++)
		p[from] = wdmdma_guard_tag[from & 7];
	for (; from + 8 <= to; from += 8)
		*(u64 *)(p + from) = w;
	for (; from < to; from++)
		p[from] = wdmdma_guard_tag[from & 7];
}

/**
 * wdmdma_guard_check() - has anything written bytes [@from, @to) of @buf?
 * @buf: the buffer, 8-byte aligned, filled with wdmdma_guard_fill()
 * @from: first byte
 * @to: end
 * @first: out: the first byte that changed
 * @last: out: the last one
 *
 * Whole words are compared; bytes only where a word differs.
 *
 * Return: how many bytes changed (0: the guard area is intact).
 */
u32 wdmdma_guard_check(const void *buf, size_t from, size_t to, size_t *first, size_t *last)
{
	u64 w = wdmdma_guard_word();
	const u8 *p = buf;
	size_t end;
	u32 n = 0;

	while (from < to) {
		if (!(from & 7) && from + 8 <= to && *(const u64 *)(p + from) == w) {
			from += 8;
			continue;
		}
		end = min(to, (from | 7) + 1);
		for (; from < end; from++) {
			if (p[from] == wdmdma_guard_tag[from & 7])
				continue;
			if (!n++)
				*first = from;
			*last = from;
		}
	}
	return n;
}

/* The name of an IRQL a report gives. */
static const char *wdmdma_irql_name(KIRQL irql)
{
	switch (irql) {
	case PASSIVE_LEVEL:
		return "PASSIVE_LEVEL";
	case APC_LEVEL:
		return "APC_LEVEL";
	case DISPATCH_LEVEL:
		return "DISPATCH_LEVEL";
	default:
		return "above DISPATCH_LEVEL";
	}
}

/**
 * wdmdma_verify_irql() - verifier mode: is the entry called at its exact IRQL?
 * @a: the adapter, or NULL (not live: reported already)
 * @call: the entry
 * @now: KeGetCurrentIrql() on entry, before wdmdma took any lock
 * @want: the IRQL Microsoft documents for it (exactly, not "at most")
 *
 * The always-on checks refuse calls above the highest IRQL an entry takes;
 * an entry documented for exactly one IRQL (AllocateAdapterChannel at
 * DISPATCH_LEVEL, PutDmaAdapter at PASSIVE_LEVEL) called at another one
 * at or below DISPATCH_LEVEL works on Linux but not on Windows, which
 * verifier mode reports (WDMDMA_CHK_IRQL, bug check 0xE6 code 0x13).  The
 * call goes on.
 */
void wdmdma_verify_irql(struct wdmdma_adapter *a, const char *call, KIRQL now, KIRQL want)
{
	if (!a || !wdmdma_verifying(a))
		return;
	if (now != want && now <= DISPATCH_LEVEL)	/* above: the always-on check's */
		wdmdma_report_chk(a, call, WDMDMA_CHK_IRQL,
				  "called at %s; Windows requires exactly %s",
				  wdmdma_irql_name(now), wdmdma_irql_name(want));
}

/*
 * Locked by MmProbeAndLockPages for IoReadAccess: the pages may only be
 * read.  MDLs of nonpaged pool, of MmAllocatePagesForMdl (no virtual
 * address, no process) and partial MDLs of those are not probed.
 */
static bool wdmdma_mdl_read_only(PMDL mdl)
{
	CSHORT f = mdl->MdlFlags;

	if (!(f & MDL_PAGES_LOCKED) || (f & (MDL_WRITE_OPERATION | MDL_SOURCE_IS_NONPAGED_POOL)))
		return false;
	return mdl->Process || (unsigned long)mdl->StartVa >= TASK_SIZE_MAX;
}

/**
 * wdmdma_verify_access() - verifier mode: is the MDL locked for the access
 *	the transfer makes?
 * @a: the adapter
 * @call: the entry
 * @mdl: the MDL (chain) the transfer starts in
 * @len: bytes of the transfer
 * @dir: its direction
 *
 * A device-to-memory transfer writes the pages: an MDL probed and locked
 * for IoReadAccess only is reported (WDMDMA_CHK_WRONG_ACCESS).  The
 * transfer goes on.
 */
void wdmdma_verify_access(struct wdmdma_adapter *a, const char *call, PMDL mdl, u32 len,
			  enum dma_data_direction dir)
{
	u64 seen = 0;

	if (dir != DMA_FROM_DEVICE || !wdmdma_verifying(a))
		return;
	for (; mdl && seen < len; seen += mdl->ByteCount, mdl = mdl->Next) {
		if (!wdmdma_mdl_read_only(mdl))
			continue;
		wdmdma_report_chk(a, call, WDMDMA_CHK_WRONG_ACCESS,
				  "MDL %p (va %p, %u bytes) was locked for IoReadAccess; a device-to-memory transfer writes it (IoWriteAccess)",
				  mdl, MmGetMdlVirtualAddress(mdl), mdl->ByteCount);
		return;
	}
}

/* The byte a put list's elements are filled with: Address 0xE6E6..., Length 0xE6E6E6E6. */
#define WDMDMA_SGL_POISON	0xE6

/**
 * wdmdma_sgl_poison() - verifier mode: poison a Get list at PutScatterGatherList
 * @a: the adapter
 * @r: the list's allocation, still held
 * @list: the list
 *
 * A list in the adapter's arena gets its elements (every slot of the
 * allocation after the header, which a second Put still needs) filled with
 * WDMDMA_SGL_POISON: a driver reading it after Put sees absurd addresses
 * and lengths, and one writing it is caught by wdmdma_sgl_poison_check()
 * when the slots are next used, or at PutDmaAdapter.  A Build list is the
 * driver's own memory and left alone.
 */
void wdmdma_sgl_poison(struct wdmdma_adapter *a, struct wdmdma_alloc *r,
		       PSCATTER_GATHER_LIST list)
{
	struct wdmdma_chunk *c = r->chunk;
	u8 *base = (u8 *)c->arena + (size_t)r->first * WDMDMA_SGL_STRIDE;
	size_t hdr = offsetof(SCATTER_GATHER_LIST, Elements);
	u32 i;

	if (!wdmdma_verifying(a) || (void *)list != base || !r->count)
		return;
	memset(base + hdr, WDMDMA_SGL_POISON, (size_t)r->count * WDMDMA_SGL_STRIDE - hdr);
	WRITE_ONCE(c->poisoned, true);
	set_bit(2 * r->first + 1, c->poison);
	for (i = r->first; i < r->first + r->count; i++)
		set_bit(2 * i, c->poison);
}

/**
 * wdmdma_sgl_poison_check() - were poisoned list slots written after Put?
 * @a: the adapter
 * @c: the chunk
 * @first: first slot to check (and forget)
 * @count: slots
 * @call: the entry that uses them now, for the report
 *
 * Each poisoned slot in the range is compared with the poison and
 * forgotten; a write is reported (WDMDMA_CHK_SGL_AFTER_PUT) with the
 * slot's bytes that changed.  The slots must be owned by the caller (a new
 * allocation) or the adapter be dying.
 */
void wdmdma_sgl_poison_check(struct wdmdma_adapter *a, struct wdmdma_chunk *c, u32 first,
			     u32 count, const char *call)
{
	size_t hdr = offsetof(SCATTER_GATHER_LIST, Elements), from, to;
	u32 s, changed = 0, bad = 0;
	const u8 *p;

	if (!READ_ONCE(c->poisoned))	/* never verified: no atomic op per slot */
		return;
	for (s = first; s < first + count && s < c->nslots; s++) {
		bool head = test_and_clear_bit(2 * s + 1, c->poison);

		if (!test_and_clear_bit(2 * s, c->poison))
			continue;
		from = (size_t)s * WDMDMA_SGL_STRIDE + (head ? hdr : 0);
		to = (size_t)(s + 1) * WDMDMA_SGL_STRIDE;
		for (p = (u8 *)c->arena + from; p < (u8 *)c->arena + to; p++)
			if (*p != WDMDMA_SGL_POISON && !changed++)
				bad = s;
	}
	if (changed)
		wdmdma_report_chk(a, call, WDMDMA_CHK_SGL_AFTER_PUT,
				  "%u bytes of a scatter/gather list were written after PutScatterGatherList (first in map register slot %u)",
				  changed, bad);
}

/**
 * wdmdma_verifier_default() - switch verifier mode for adapters made from now on
 * @on: the setting (module parameter verifier)
 *
 * Return: the previous setting.
 */
bool wdmdma_verifier_default(bool on)
{
	return xchg(&wdmdma_verifier_all, on);
}
EXPORT_SYMBOL_GPL(wdmdma_verifier_default);

/**
 * wdmdma_verifier_note() - verifier mode: one more line of a report
 * @a: the adapter
 * @call: the entry
 * @fmt: what it says
 *
 * The details of a report (each mapping of a leaked allocation, say),
 * logged after it and not counted again.
 */
void wdmdma_verifier_note(struct wdmdma_adapter *a, const char *call, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	pr_err("adapter %u (%s): %s:   %pV\n", a->id, dev_name(a->dev), call, &vaf);
	va_end(args);
}
