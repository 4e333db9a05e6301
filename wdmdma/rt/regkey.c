// SPDX-License-Identifier: GPL-2.0
/*
 * The registry's keys themselves: ZwEnumerateKey(), ZwQueryKey(),
 * ZwDeleteKey(); the Rtl routines that write (RtlWriteRegistryValue(),
 * RtlDeleteRegistryValue(), RtlCreateRegistryKey(), RtlCheckRegistryKey());
 * and the expansion of REG_EXPAND_SZ values for RtlQueryRegistryValues().
 * The tree, its values and its LOCKING are registry.c's (reg.h).
 *
 * DELETED KEYS
 *
 * ZwDeleteKey() takes a key without subkeys off the tree and frees its
 * values at once; the key itself moves to wdmdma_reg_deleted and is freed
 * at module exit, so every handle still open on it (and a
 * RtlQueryRegistryValues() walking it) keeps pointing at valid memory and
 * gets STATUS_KEY_DELETED.  A key made again under the same name is a new
 * key.
 *
 * THE ENVIRONMENT
 *
 * There is no process environment in the kernel.  REG_EXPAND_SZ's %NAME%
 * references are expanded from the caller's Environment block when it
 * gives one, else from what a Windows system's environment holds for the
 * names drivers use (wdmdma_reg_env); a name found in neither stays as
 * written, percent signs included, as on Windows.
 */
#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "rt.h"
#include "reg.h"

#include <wdm.h>

/* Deleted keys, kept until module exit; under wdmdma_reg_lock */
static LIST_HEAD(wdmdma_reg_deleted);

/* The system environment REG_EXPAND_SZ values expand from */
static const char *const wdmdma_reg_env[][2] = {
	{ "SystemRoot", "C:\\Windows" },
	{ "windir", "C:\\Windows" },
	{ "SystemDrive", "C:" },
	{ "ProgramFiles", "C:\\Program Files" },
	{ "ProgramData", "C:\\ProgramData" },
	{ "CommonProgramFiles", "C:\\Program Files\\Common Files" },
	{ "TEMP", "C:\\Windows\\Temp" },
	{ "TMP", "C:\\Windows\\Temp" },
	{ "OS", "Windows_NT" },
	{ "PROCESSOR_ARCHITECTURE", "AMD64" },
	{ "ComSpec", "C:\\Windows\\system32\\cmd.exe" },
};

#define REG_EPOCH_DIFF	11644473600ULL	/* seconds from 1601 to 1970 */

/**
 * reg_now() - the time a key was written, as KeQuerySystemTime() gives it
 *
 * Return: 100 ns units since 1601-01-01 UTC.
 */
u64 reg_now(void)
{
	struct timespec64 ts;

	ktime_get_real_ts64(&ts);
	return ((u64)ts.tv_sec + REG_EPOCH_DIFF) * 10000000ULL + ts.tv_nsec / 100;
}

/* A growing WCHAR buffer for the expansion */
struct reg_wbuf {
	WCHAR *s;
	size_t n, cap;
	bool nomem;
};

static void reg_wbuf_put(struct reg_wbuf *b, const WCHAR *s, size_t n)
{
	WCHAR *t;

	if (b->nomem)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t cap = max(2 * b->cap, b->n + n + 1);

		if (cap > REG_DATA_MAX / sizeof(WCHAR)) {
			b->nomem = true;
			return;
		}
		t = krealloc_array(b->s, cap, sizeof(WCHAR), GFP_KERNEL);
		if (!t) {
			b->nomem = true;
			return;
		}
		b->s = t;
		b->cap = cap;
	}
	memcpy(b->s + b->n, s, n * sizeof(WCHAR));
	b->n += n;
}

static void reg_wbuf_put_ascii(struct reg_wbuf *b, const char *s)
{
	WCHAR c;

	for (; *s; s++) {
		c = (UCHAR)(*s);
		reg_wbuf_put(b, &c, 1);
	}
}

/* @name (@n WCHARs) in an environment block: its value, or NULL */
static const WCHAR *reg_env_find(const WCHAR *env, const WCHAR *name, size_t n, size_t *len)
{
	const WCHAR *e = env;
	size_t l;

	while (*e) {
		l = 0;
		while (e[l])
			l++;
		if (l > n && e[n] == '=' && reg_name_eq(e, n, name, n)) {
			*len = l - n - 1;
			return e + n + 1;
		}
		e += l + 1;
	}
	return NULL;
}

/* Append the value of %@name% (@n WCHARs); false when it is not defined */
static bool reg_env_put(struct reg_wbuf *b, const WCHAR *env, const WCHAR *name, size_t n)
{
	const WCHAR *v;
	size_t i, j, len;

	if (env) {
		v = reg_env_find(env, name, n, &len);
		if (v)
			reg_wbuf_put(b, v, len);
		return v;
	}
	for (i = 0; i < ARRAY_SIZE(wdmdma_reg_env); i++) {
		const char *k = wdmdma_reg_env[i][0];

		if (strlen(k) != n)
			continue;
		for (j = 0; j < n; j++)
			if (name[j] > 0x7f || tolower(name[j]) != tolower(k[j]))
				break;
		if (j == n) {
			reg_wbuf_put_ascii(b, wdmdma_reg_env[i][1]);
			return true;
		}
	}
	return false;
}

/**
 * reg_expand() - expand a REG_EXPAND_SZ's %NAME% references
 * @s: the string (up to its terminator or @n WCHARs)
 * @n: WCHARs at @s
 * @env: an environment block ("NAME=value" strings, then an empty one), or
 *	NULL for the system's
 * @out: receives the expanded string, terminated (kfree() it)
 * @len: receives its size in bytes, terminator included
 *
 * Return: STATUS_SUCCESS, or STATUS_INSUFFICIENT_RESOURCES (also for a
 * result beyond the 1 MiB a value holds).
 */
NTSTATUS reg_expand(const WCHAR *s, size_t n, PVOID env, WCHAR **out, ULONG *len)
{
	struct reg_wbuf b = {};
	size_t i = 0, j;
	WCHAR nul = 0;

	while (i < n && s[i]) {
		if (s[i] != '%') {
			reg_wbuf_put(&b, s + i++, 1);
			continue;
		}
		for (j = i + 1; j < n && s[j] && s[j] != '%'; j++)
			;
		if (j < n && s[j] == '%' && j > i + 1 &&
		    reg_env_put(&b, env, s + i + 1, j - i - 1)) {
			i = j + 1;
			continue;
		}
		/* not a defined name: the '%' stays, the rest is read on */
		reg_wbuf_put(&b, s + i++, 1);
	}
	reg_wbuf_put(&b, &nul, 1);
	if (b.nomem) {
		kfree(b.s);
		return STATUS_INSUFFICIENT_RESOURCES;
	}
	*out = b.s;
	*len = b.n * sizeof(WCHAR);
	return STATUS_SUCCESS;
}

/**
 * reg_deleted_free() - module exit: free the keys ZwDeleteKey() deleted
 */
void reg_deleted_free(void)
{
	struct reg_key *k, *n;

	list_for_each_entry_safe(k, n, &wdmdma_reg_deleted, link)
		kfree(k);
}

/* The sizes ZwQueryKey's KeyFullInformation reports.  Under the lock. */
struct reg_key_sizes {
	ULONG subkeys, max_name, values, max_value_name, max_value_data;
};

static void reg_key_sizes(struct reg_key *k, struct reg_key_sizes *z)
{
	struct reg_value *v;
	struct reg_key *c;

	memset(z, 0, sizeof(*z));
	list_for_each_entry(c, &k->children, link) {
		z->subkeys++;
		z->max_name = max_t(ULONG, z->max_name, c->name_len * sizeof(WCHAR));
	}
	list_for_each_entry(v, &k->values, link) {
		z->values++;
		z->max_value_name = max_t(ULONG, z->max_value_name, v->name_len * sizeof(WCHAR));
		z->max_value_data = max_t(ULONG, z->max_value_data, v->len);
	}
}

/*
 * Fill a KEY_*_INFORMATION for @k into @buf (@length bytes): the fixed
 * part when it fits, then as much of the name as fits.  Under the lock.
 */
static NTSTATUS reg_key_info(const char *call, struct reg_key *k, KEY_INFORMATION_CLASS cls,
			     PVOID buf, ULONG length, PULONG result)
{
	size_t name_bytes = k->name_len * sizeof(WCHAR), fixed, total;
	const WCHAR *name = k->name;
	WCHAR *path = NULL;
	struct reg_key_sizes z;
	NTSTATUS status;

	switch (cls) {
	case KeyBasicInformation:
		fixed = offsetof(KEY_BASIC_INFORMATION, Name);
		break;
	case KeyNodeInformation:
		fixed = offsetof(KEY_NODE_INFORMATION, Name);
		break;
	case KeyFullInformation:
		fixed = offsetof(KEY_FULL_INFORMATION, Class);
		name_bytes = 0;		/* no class is kept: nothing follows */
		break;
	case KeyNameInformation:
		fixed = offsetof(KEY_NAME_INFORMATION, Name);
		path = kmalloc_array(REG_NAME_MAX * 32, sizeof(WCHAR), GFP_KERNEL);
		if (!path)
			return STATUS_INSUFFICIENT_RESOURCES;
		name_bytes = reg_key_path(k, path, REG_NAME_MAX * 32) * sizeof(WCHAR);
		name = path;
		break;
	default:
		wdmdma_report(NULL, call, "KeyInformationClass %d not supported", cls);
		return STATUS_INVALID_PARAMETER;
	}
	total = fixed + name_bytes;
	*result = total;
	status = STATUS_BUFFER_TOO_SMALL;
	if (length < fixed)
		goto out;
	switch (cls) {
	case KeyBasicInformation: {
		PKEY_BASIC_INFORMATION b = buf;

		b->LastWriteTime.QuadPart = k->last_write;
		b->TitleIndex = 0;
		b->NameLength = name_bytes;
		break;
	}
	case KeyNodeInformation: {
		PKEY_NODE_INFORMATION b = buf;

		b->LastWriteTime.QuadPart = k->last_write;
		b->TitleIndex = 0;
		b->ClassOffset = 0xffffffff;	/* no class */
		b->ClassLength = 0;
		b->NameLength = name_bytes;
		break;
	}
	case KeyFullInformation: {
		PKEY_FULL_INFORMATION b = buf;

		reg_key_sizes(k, &z);
		b->LastWriteTime.QuadPart = k->last_write;
		b->TitleIndex = 0;
		b->ClassOffset = fixed;
		b->ClassLength = 0;
		b->SubKeys = z.subkeys;
		b->MaxNameLen = z.max_name;
		b->MaxClassLen = 0;
		b->Values = z.values;
		b->MaxValueNameLen = z.max_value_name;
		b->MaxValueDataLen = z.max_value_data;
		break;
	}
	default: {
		PKEY_NAME_INFORMATION b = buf;

		b->NameLength = name_bytes;
	}
	}
	memcpy((u8 *)buf + fixed, name, min_t(size_t, name_bytes, length - fixed));
	status = length < total ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
out:
	kfree(path);
	return status;
}

/**
 * ZwEnumerateKey() - a subkey of an open key, by index
 * @KeyHandle: a handle with KEY_ENUMERATE_SUB_KEYS
 * @Index: the subkey's index, from 0, in the order the subkeys were made
 * @KeyInformationClass: KeyBasicInformation, KeyNodeInformation or
 *	KeyFullInformation (of the subkey)
 * @KeyInformation: receives the structure, then the name
 * @Length: @KeyInformation's size in bytes
 * @ResultLength: receives the size the whole information takes
 *
 * Context: PASSIVE_LEVEL.
 * Return: STATUS_SUCCESS; STATUS_NO_MORE_ENTRIES past the last subkey;
 * STATUS_BUFFER_OVERFLOW, STATUS_BUFFER_TOO_SMALL (as ZwQueryValueKey());
 * STATUS_KEY_DELETED, STATUS_ACCESS_DENIED, STATUS_INVALID_HANDLE,
 * STATUS_INVALID_PARAMETER (reported).
 */
NTSTATUS ZwEnumerateKey(HANDLE KeyHandle, ULONG Index, KEY_INFORMATION_CLASS KeyInformationClass,
			PVOID KeyInformation, ULONG Length, PULONG ResultLength)
{
	static const char call[] = "ZwEnumerateKey";
	struct reg_handle *r;
	struct reg_key *c;
	NTSTATUS status = STATUS_NO_MORE_ENTRIES;
	ULONG i = 0;

	if (!reg_info_args_ok(call, KeyInformation, Length, ResultLength))
		return STATUS_INVALID_PARAMETER;
	if (KeyInformationClass == KeyNameInformation) {
		wdmdma_report(NULL, call, "KeyNameInformation is ZwQueryKey's only");
		return STATUS_INVALID_PARAMETER;
	}
	r = reg_value_call(call, KeyHandle, KEY_ENUMERATE_SUB_KEYS, &status);
	if (!r)
		return status;
	status = STATUS_NO_MORE_ENTRIES;
	list_for_each_entry(c, &r->key->children, link)
		if (i++ == Index) {
			status = reg_key_info(call, c, KeyInformationClass, KeyInformation, Length,
					      ResultLength);
			break;
		}
	mutex_unlock(&wdmdma_reg_lock);
	return status;
}
EXPORT_SYMBOL_GPL(ZwEnumerateKey);

/**
 * ZwQueryKey() - what an open key is: name, counts, sizes
 * @KeyHandle: a handle with KEY_QUERY_VALUE (none needed for
 *	KeyNameInformation)
 * @KeyInformationClass: KeyBasicInformation (its own name),
 *	KeyNodeInformation, KeyFullInformation (subkeys and values, the
 *	longest names and data) or KeyNameInformation (its full name)
 * @KeyInformation: receives the structure, then the name
 * @Length: @KeyInformation's size in bytes
 * @ResultLength: receives the size the whole information takes
 *
 * Keys have no class (ZwCreateKey()'s Class is not kept): ClassLength is 0.
 *
 * Context: PASSIVE_LEVEL.
 * Return: as ZwEnumerateKey(), without STATUS_NO_MORE_ENTRIES.
 */
NTSTATUS ZwQueryKey(HANDLE KeyHandle, KEY_INFORMATION_CLASS KeyInformationClass,
		    PVOID KeyInformation, ULONG Length, PULONG ResultLength)
{
	static const char call[] = "ZwQueryKey";
	struct reg_handle *r;
	NTSTATUS status;

	if (!reg_info_args_ok(call, KeyInformation, Length, ResultLength))
		return STATUS_INVALID_PARAMETER;
	r = reg_value_call(call, KeyHandle,
			   KeyInformationClass == KeyNameInformation ? ~0U : KEY_QUERY_VALUE,
			   &status);
	if (!r)
		return status;
	status = reg_key_info(call, r->key, KeyInformationClass, KeyInformation, Length,
			      ResultLength);
	mutex_unlock(&wdmdma_reg_lock);
	return status;
}
EXPORT_SYMBOL_GPL(ZwQueryKey);

/**
 * ZwDeleteKey() - delete an open key
 * @KeyHandle: a handle with DELETE access to a key without subkeys
 *
 * The key and its values leave the tree at once; handles still open on it
 * (this one too: ZwClose() it) get STATUS_KEY_DELETED from then on.
 *
 * Context: PASSIVE_LEVEL.
 * Return: STATUS_SUCCESS; STATUS_CANNOT_DELETE (it has subkeys, or it is
 * \Registry); STATUS_KEY_DELETED, STATUS_ACCESS_DENIED,
 * STATUS_INVALID_HANDLE (reported).
 */
NTSTATUS ZwDeleteKey(HANDLE KeyHandle)
{
	struct reg_value *v, *vn;
	struct reg_handle *r;
	struct reg_key *k;
	NTSTATUS status;
	LIST_HEAD(values);

	r = reg_value_call("ZwDeleteKey", KeyHandle, DELETE, &status);
	if (!r)
		return status;
	k = r->key;
	if (!k->parent || !list_empty(&k->children)) {
		mutex_unlock(&wdmdma_reg_lock);
		return STATUS_CANNOT_DELETE;
	}
	list_splice_init(&k->values, &values);
	list_move_tail(&k->link, &wdmdma_reg_deleted);
	k->deleted = true;
	k->parent->last_write = reg_now();
	mutex_unlock(&wdmdma_reg_lock);
	list_for_each_entry_safe(v, vn, &values, link)
		kfree(v);
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(ZwDeleteKey);

/* The key of an Rtl*Registry* call.  Under the lock. */
static struct reg_key *reg_rtl_key(const char *call, ULONG RelativeTo, PCWSTR Path, bool create,
				   NTSTATUS *status)
{
	struct reg_key *k;

	if (!(RelativeTo & RTL_REGISTRY_HANDLE) && !Path) {
		wdmdma_report(NULL, call, "NULL Path");
		*status = STATUS_INVALID_PARAMETER;
		return NULL;
	}
	k = reg_rel_key(RelativeTo & ~RTL_REGISTRY_OPTIONAL, Path, create, status);
	if (!k && (*status == STATUS_INVALID_PARAMETER || *status == STATUS_INVALID_HANDLE))
		wdmdma_report(NULL, call, "%s", *status == STATUS_INVALID_HANDLE ?
			      "RTL_REGISTRY_HANDLE with a Path that is no key handle" :
			      "RelativeTo is not an RTL_REGISTRY_* value");
	return k;
}

/**
 * RtlWriteRegistryValue() - set a value by its key's path
 * @RelativeTo: RTL_REGISTRY_ABSOLUTE, _SERVICES, _CONTROL, _WINDOWS_NT,
 *	_DEVICEMAP, _USER, or RTL_REGISTRY_HANDLE (@Path is an open key's
 *	handle)
 * @Path: the key, relative to @RelativeTo's; its last part is made when
 *	missing (as ZwCreateKey() would)
 * @ValueName: the value's name
 * @ValueType: REG_DWORD, REG_SZ... (checked as ZwSetValueKey() checks)
 * @ValueData: the data
 * @ValueLength: its size in bytes
 *
 * Context: PASSIVE_LEVEL.
 * Return: STATUS_SUCCESS; STATUS_OBJECT_NAME_NOT_FOUND (a missing parent
 * key); STATUS_KEY_DELETED; STATUS_INVALID_PARAMETER,
 * STATUS_INVALID_HANDLE (reported); STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS RtlWriteRegistryValue(ULONG RelativeTo, PCWSTR Path, PCWSTR ValueName, ULONG ValueType,
			       PVOID ValueData, ULONG ValueLength)
{
	static const char call[] = "RtlWriteRegistryValue";
	UNICODE_STRING name;
	struct reg_key *k;
	NTSTATUS status;
	HANDLE h;

	if (!reg_callable(call))
		return STATUS_INVALID_PARAMETER;
	if (unlikely(!ValueName)) {
		wdmdma_report(NULL, call, "NULL ValueName");
		return STATUS_INVALID_PARAMETER;
	}
	mutex_lock(&wdmdma_reg_lock);
	k = reg_rtl_key(call, RelativeTo, Path, true, &status);
	if (k)	/* a handle of our own, so ZwSetValueKey() checks the value */
		status = reg_handle_open(k, KEY_SET_VALUE, &h);
	mutex_unlock(&wdmdma_reg_lock);
	if (!k || !NT_SUCCESS(status))
		return status;
	RtlInitUnicodeString(&name, ValueName);
	status = ZwSetValueKey(h, &name, 0, ValueType, ValueData, ValueLength);
	ZwClose(h);
	return status;
}
EXPORT_SYMBOL_GPL(RtlWriteRegistryValue);

/**
 * RtlDeleteRegistryValue() - delete a value by its key's path
 * @RelativeTo: as RtlWriteRegistryValue()
 * @Path: the key (it must exist)
 * @ValueName: the value's name
 *
 * Context: PASSIVE_LEVEL.
 * Return: STATUS_SUCCESS; STATUS_OBJECT_NAME_NOT_FOUND (no such key or
 * value); STATUS_KEY_DELETED; STATUS_INVALID_PARAMETER,
 * STATUS_INVALID_HANDLE (reported).
 */
NTSTATUS RtlDeleteRegistryValue(ULONG RelativeTo, PCWSTR Path, PCWSTR ValueName)
{
	static const char call[] = "RtlDeleteRegistryValue";
	struct reg_value *v = NULL;
	struct reg_key *k;
	NTSTATUS status;

	if (!reg_callable(call))
		return STATUS_INVALID_PARAMETER;
	if (unlikely(!ValueName)) {
		wdmdma_report(NULL, call, "NULL ValueName");
		return STATUS_INVALID_PARAMETER;
	}
	mutex_lock(&wdmdma_reg_lock);
	k = reg_rtl_key(call, RelativeTo, Path, false, &status);
	if (k) {
		v = reg_value_find(k, reg_wz(ValueName));
		status = v ? STATUS_SUCCESS : STATUS_OBJECT_NAME_NOT_FOUND;
		if (v) {
			list_del(&v->link);
			k->last_write = reg_now();
		}
	}
	mutex_unlock(&wdmdma_reg_lock);
	kfree(v);
	return status;
}
EXPORT_SYMBOL_GPL(RtlDeleteRegistryValue);

/* RtlCheckRegistryKey and RtlCreateRegistryKey */
static NTSTATUS reg_rtl_key_call(const char *call, ULONG RelativeTo, PWSTR Path, bool create)
{
	struct reg_key *k;
	NTSTATUS status;

	if (!reg_callable(call))
		return STATUS_INVALID_PARAMETER;
	mutex_lock(&wdmdma_reg_lock);
	k = reg_rtl_key(call, RelativeTo, Path, create, &status);
	mutex_unlock(&wdmdma_reg_lock);
	return k ? STATUS_SUCCESS : status;
}

/**
 * RtlCheckRegistryKey() - whether a key exists
 * @RelativeTo: as RtlWriteRegistryValue()
 * @Path: the key
 *
 * Context: PASSIVE_LEVEL.
 * Return: STATUS_SUCCESS, or what opening it failed with
 * (STATUS_OBJECT_NAME_NOT_FOUND...).
 */
NTSTATUS RtlCheckRegistryKey(ULONG RelativeTo, PWSTR Path)
{
	return reg_rtl_key_call("RtlCheckRegistryKey", RelativeTo, Path, false);
}
EXPORT_SYMBOL_GPL(RtlCheckRegistryKey);

/**
 * RtlCreateRegistryKey() - make a key (its last part) when missing
 * @RelativeTo: as RtlWriteRegistryValue()
 * @Path: the key; its parent must exist
 *
 * Context: PASSIVE_LEVEL.
 * Return: STATUS_SUCCESS (also when it existed), or what making it
 * failed with (STATUS_OBJECT_NAME_NOT_FOUND for a missing parent...).
 */
NTSTATUS RtlCreateRegistryKey(ULONG RelativeTo, PWSTR Path)
{
	return reg_rtl_key_call("RtlCreateRegistryKey", RelativeTo, Path, true);
}
EXPORT_SYMBOL_GPL(RtlCreateRegistryKey);
