// SPDX-License-Identifier: GPL-2.0
/*
 * The configuration registry: an in-memory tree of keys with typed values,
 * made with the module and gone with it (every key is volatile).  Drivers
 * reach it through ZwOpenKey/ZwCreateKey (absolute \Registry\... names or
 * names relative to an open key), IoOpenDeviceRegistryKey and
 * RtlQueryRegistryValues; a port's glue through the binding calls
 * (wdmdma_registry_*); an administrator through debugfs wdmdma/registry,
 * which prints the tree and takes "[key]" and "name=type:value" lines.
 *
 * Names compare case-insensitively (ASCII letters), as Windows' do.  A key
 * ZwDeleteKey() deleted leaves the tree but its memory stays until module
 * exit (regkey.c), so a handle's state points at its key for good.  Key
 * handles come from the kernel handle table of thread.c (ZwClose() takes
 * them); a handle's state is recognized by its presence on
 * wdmdma_reg_handles.
 *
 * LOCKING
 *
 * wdmdma_reg_lock (a mutex: every registry routine runs at PASSIVE_LEVEL)
 * guards the whole tree -- keys, their values -- and the list of open
 * handles.  No driver code runs under it: RtlQueryRegistryValues copies
 * what it needs, drops the lock and then calls the QueryRoutine.
 */
#include <linux/ctype.h>
#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uio.h>

#include "rt.h"
#include "reg.h"

#include <wdm.h>

/* A UNICODE_STRING's span, and a terminated string's */
struct reg_name reg_us(PCUNICODE_STRING us)
{
	return (struct reg_name){ us->Buffer, us->Length / sizeof(WCHAR) };
}

struct reg_name reg_wz(const WCHAR *s)
{
	size_t n = 0;

	while (s && n < REG_VALUE_NAME_MAX && s[n])
		n++;
	return (struct reg_name){ s, n };
}

/* the registry's one lock (LOCKING above); regkey.c takes it too */
DEFINE_MUTEX(wdmdma_reg_lock);
static LIST_HEAD(wdmdma_reg_handles);
struct reg_key *wdmdma_reg_root;	/* \Registry */
static struct dentry *wdmdma_reg_file;

static const char reg_ccs[] = "Machine\\System\\CurrentControlSet";

static WCHAR reg_up(WCHAR c)
{
	return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

bool reg_name_eq(const WCHAR *a, size_t an, const WCHAR *b, size_t bn)
{
	size_t i;

	if (an != bn)
		return false;
	for (i = 0; i < an; i++)
		if (reg_up(a[i]) != reg_up(b[i]))
			return false;
	return true;
}

static struct reg_key *reg_child(struct reg_key *k, struct reg_name n)
{
	struct reg_key *c;

	list_for_each_entry(c, &k->children, link)
		if (reg_name_eq(c->name, c->name_len, n.s, n.n))
			return c;
	return NULL;
}

/* A new, empty subkey of @parent (NULL for the root).  Under the lock. */
static struct reg_key *reg_key_new(struct reg_key *parent, struct reg_name n)
{
	struct reg_key *k = kzalloc(struct_size(k, name, n.n), GFP_KERNEL);

	if (!k)
		return NULL;
	INIT_LIST_HEAD(&k->children);
	INIT_LIST_HEAD(&k->values);
	k->parent = parent;
	k->last_write = reg_now();
	k->name_len = n.n;
	memcpy(k->name, n.s, n.n * sizeof(WCHAR));
	if (parent)
		list_add_tail(&k->link, &parent->children);
	return k;
}

static void reg_key_free(struct reg_key *k)
{
	struct reg_key *c, *cn;
	struct reg_value *v, *vn;

	list_for_each_entry_safe(c, cn, &k->children, link)
		reg_key_free(c);
	list_for_each_entry_safe(v, vn, &k->values, link)
		kfree(v);
	kfree(k);
}

/*
 * Walk @path (components split by '\') from @k.  With @create, missing
 * keys are made: all of them (@create_all) or only the last one (as
 * ZwCreateKey).  *@created tells whether the last one was made.
 * Under the lock.  Return: the key, or NULL with *@status set.
 */
struct reg_key *reg_walk(struct reg_key *k, struct reg_name path, bool create,
			 bool create_all, bool *created, NTSTATUS *status)
{
	size_t i = 0, j;
	struct reg_key *c;
	struct reg_name n;

	if (created)
		*created = false;
	while (i < path.n) {
		for (j = i; j < path.n && path.s[j] != '\\'; j++)
			;
		n.s = path.s + i;
		n.n = j - i;
		if (!n.n || n.n > REG_NAME_MAX || (j < path.n && j + 1 == path.n)) {
			*status = STATUS_OBJECT_NAME_INVALID;
			return NULL;
		}
		c = reg_child(k, n);
		if (!c) {
			if (!create || (!create_all && j < path.n)) {
				*status = STATUS_OBJECT_NAME_NOT_FOUND;
				return NULL;
			}
			c = reg_key_new(k, n);
			if (!c) {
				*status = STATUS_INSUFFICIENT_RESOURCES;
				return NULL;
			}
			if (created && j == path.n)
				*created = true;
		}
		k = c;
		i = j + 1;
	}
	return k;
}

/* An ASCII path as WCHARs, into @buf (@cap WCHARs).  Return: its length. */
static size_t reg_widen(const char *s, WCHAR *buf, size_t cap)
{
	size_t n = 0;

	while (s[n] && n < cap) {
		buf[n] = (UCHAR)s[n];
		n++;
	}
	return s[n] ? 0 : n;
}

/* Walk an ASCII path from @k, making what is missing.  Under the lock. */
static struct reg_key *reg_make_ascii(struct reg_key *k, const char *path)
{
	WCHAR *buf;
	size_t n = strlen(path);
	NTSTATUS status;

	if (!n)
		return k;
	buf = kmalloc_array(n, sizeof(WCHAR), GFP_KERNEL);
	if (!buf)
		return NULL;
	n = reg_widen(path, buf, n);
	k = reg_walk(k, (struct reg_name){ buf, n }, true, true, NULL, &status);
	kfree(buf);
	return k;
}

/* Walk an absolute name (\Registry\...) from the root.  Under the lock. */
struct reg_key *reg_walk_abs(struct reg_name path, bool create, bool create_all,
			     bool *created, NTSTATUS *status)
{
	static const WCHAR root[] = L"\\Registry";
	size_t rn = ARRAY_SIZE(root) - 1;

	if (path.n < rn || !reg_name_eq(path.s, rn, root, rn) ||
	    (path.n > rn && path.s[rn] != '\\')) {
		*status = path.n && path.s[0] == '\\' ? STATUS_OBJECT_NAME_NOT_FOUND :
			  STATUS_OBJECT_PATH_SYNTAX_BAD;
		return NULL;
	}
	if (path.n <= rn + 1) {
		if (created)
			*created = false;
		return wdmdma_reg_root;
	}
	path.s += rn + 1;
	path.n -= rn + 1;
	return reg_walk(wdmdma_reg_root, path, create, create_all, created, status);
}

struct reg_value *reg_value_find(struct reg_key *k, struct reg_name n)
{
	struct reg_value *v;

	list_for_each_entry(v, &k->values, link)
		if (reg_name_eq(v->name, v->name_len, n.s, n.n))
			return v;
	return NULL;
}

/* Set (or, without @overwrite, add only) a value.  Under the lock. */
NTSTATUS reg_value_set(struct reg_key *k, struct reg_name n, ULONG type,
		       const void *data, ULONG len, bool overwrite)
{
	struct reg_value *old = reg_value_find(k, n), *v;

	if (old && !overwrite)
		return STATUS_SUCCESS;
	v = kmalloc(struct_size(v, name, n.n) + len, GFP_KERNEL);
	if (!v)
		return STATUS_INSUFFICIENT_RESOURCES;
	v->type = type;
	v->len = len;
	v->name_len = n.n;
	memcpy(v->name, n.s, n.n * sizeof(WCHAR));
	v->data = (u8 *)(v->name + n.n);
	if (len)
		memcpy(v->data, data, len);
	if (old) {
		list_replace(&old->link, &v->link);
		kfree(old);
	} else {
		list_add_tail(&v->link, &k->values);
	}
	k->last_write = reg_now();
	return STATUS_SUCCESS;
}

/* The state behind @h when it is an open key handle.  Under the lock. */
struct reg_handle *reg_handle_get(HANDLE h)
{
	struct reg_handle *obj = wdmdma_handle_object(h), *r;

	if (!obj)
		return NULL;
	list_for_each_entry(r, &wdmdma_reg_handles, link)
		if (r == obj && r->handle == h)
			return r;
	return NULL;
}

static ACCESS_MASK reg_access(ACCESS_MASK a)
{
	if (a & GENERIC_READ)
		a |= KEY_READ;
	if (a & GENERIC_WRITE)
		a |= KEY_WRITE;
	if (a & GENERIC_EXECUTE)
		a |= KEY_EXECUTE;
	if (a & (GENERIC_ALL | MAXIMUM_ALLOWED))
		a |= KEY_ALL_ACCESS;
	return a & ~(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL |
		     MAXIMUM_ALLOWED);
}

/* A handle for @k.  Under the lock. */
NTSTATUS reg_handle_open(struct reg_key *k, ACCESS_MASK access, PHANDLE out)
{
	struct reg_handle *r = kzalloc(sizeof(*r), GFP_KERNEL);
	NTSTATUS status;

	if (!r)
		return STATUS_INSUFFICIENT_RESOURCES;
	r->key = k;
	r->access = reg_access(access);
	status = wdmdma_handle_insert(r, &r->handle);
	if (!NT_SUCCESS(status)) {
		kfree(r);
		return status;
	}
	list_add_tail(&r->link, &wdmdma_reg_handles);
	*out = r->handle;
	return STATUS_SUCCESS;
}

/**
 * wdmdma_registry_close() - ZwClose() of a key handle
 * @object: what the handle table held for the handle
 */
void wdmdma_registry_close(PVOID object)
{
	struct reg_handle *r, *found = NULL;

	mutex_lock(&wdmdma_reg_lock);
	list_for_each_entry(r, &wdmdma_reg_handles, link)
		if (r == object) {
			list_del(&r->link);
			found = r;
			break;
		}
	mutex_unlock(&wdmdma_reg_lock);
	kfree(found);
}

/* Checks every entry point makes: PASSIVE_LEVEL, the argument pointers */
bool reg_callable(const char *call)
{
	if (unlikely(wdmdma_atomic_context())) {
		wdmdma_report(NULL, call, "called above PASSIVE_LEVEL");
		return false;
	}
	return true;
}

bool reg_ustr_ok(const char *call, const char *what, PCUNICODE_STRING us)
{
	if (unlikely(!us || (us->Length && !us->Buffer) || (us->Length & 1) ||
		     us->Length > us->MaximumLength)) {
		wdmdma_report(NULL, call, "%s is %s", what,
			      us ? "not a valid UNICODE_STRING" : "NULL");
		return false;
	}
	return true;
}

/* ZwOpenKey and ZwCreateKey */
static NTSTATUS reg_open(const char *call, PHANDLE KeyHandle, ACCESS_MASK DesiredAccess,
			 POBJECT_ATTRIBUTES oa, bool create, PULONG Disposition)
{
	struct reg_name path = { NULL, 0 };
	struct reg_handle *root = NULL;
	struct reg_key *k;
	NTSTATUS status;
	bool created = false;

	if (!reg_callable(call))
		return STATUS_INVALID_PARAMETER;
	if (unlikely(!KeyHandle || !oa || oa->Length != sizeof(*oa))) {
		wdmdma_report(NULL, call, "%s", !KeyHandle ? "NULL KeyHandle" :
			      !oa ? "NULL ObjectAttributes" :
			      "ObjectAttributes->Length is not sizeof(OBJECT_ATTRIBUTES)");
		return STATUS_INVALID_PARAMETER;
	}
	*KeyHandle = NULL;
	if (oa->ObjectName) {
		if (!reg_ustr_ok(call, "ObjectAttributes->ObjectName", oa->ObjectName))
			return STATUS_INVALID_PARAMETER;
		path.s = oa->ObjectName->Buffer;
		path.n = oa->ObjectName->Length / sizeof(WCHAR);
	}
	mutex_lock(&wdmdma_reg_lock);
	if (oa->RootDirectory) {
		root = reg_handle_get(oa->RootDirectory);
		if (!root) {
			wdmdma_report(NULL, call, "RootDirectory %p is not an open key handle",
				      oa->RootDirectory);
			status = STATUS_INVALID_HANDLE;
			goto out;
		}
		if (path.n && path.s[0] == '\\') {
			status = STATUS_OBJECT_PATH_SYNTAX_BAD;
			goto out;
		}
		if (root->key->deleted) {
			status = STATUS_KEY_DELETED;
			goto out;
		}
		k = reg_walk(root->key, path, create, false, &created, &status);
	} else {
		k = reg_walk_abs(path, create, false, &created, &status);
	}
	if (!k)
		goto out;
	status = reg_handle_open(k, DesiredAccess, KeyHandle);
	if (NT_SUCCESS(status) && Disposition)
		*Disposition = created ? REG_CREATED_NEW_KEY : REG_OPENED_EXISTING_KEY;
out:
	mutex_unlock(&wdmdma_reg_lock);
	return status;
}

/**
 * ZwOpenKey() - open a registry key
 * @KeyHandle: receives the handle (ZwClose() it)
 * @DesiredAccess: KEY_READ, KEY_WRITE, KEY_ALL_ACCESS, generic rights...:
 *	what the handle allows (KEY_QUERY_VALUE to read values,
 *	KEY_SET_VALUE to change them); always granted
 * @ObjectAttributes: the key's name: absolute (\Registry\Machine\...) or
 *	relative to RootDirectory, an open key's handle
 *
 * Context: PASSIVE_LEVEL.
 * Return: STATUS_SUCCESS; STATUS_OBJECT_NAME_NOT_FOUND (no such key),
 * STATUS_OBJECT_NAME_INVALID, STATUS_OBJECT_PATH_SYNTAX_BAD,
 * STATUS_INVALID_HANDLE, STATUS_INVALID_PARAMETER (reported).
 */
NTSTATUS ZwOpenKey(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess,
		   POBJECT_ATTRIBUTES ObjectAttributes)
{
	return reg_open("ZwOpenKey", KeyHandle, DesiredAccess, ObjectAttributes, false, NULL);
}
EXPORT_SYMBOL_GPL(ZwOpenKey);

/**
 * ZwCreateKey() - open a registry key, making it when missing
 * @KeyHandle: as ZwOpenKey()
 * @DesiredAccess: as ZwOpenKey()
 * @ObjectAttributes: as ZwOpenKey(); only the last key of the name is
 *	made, as on Windows (its parent must exist)
 * @TitleIndex: ignored
 * @Class: ignored
 * @CreateOptions: REG_OPTION_*; every key is volatile here
 * @Disposition: receives REG_CREATED_NEW_KEY or REG_OPENED_EXISTING_KEY,
 *	or NULL
 *
 * Context: PASSIVE_LEVEL.
 * Return: as ZwOpenKey(); STATUS_OBJECT_NAME_NOT_FOUND when the parent is
 * missing; STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS ZwCreateKey(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess,
		     POBJECT_ATTRIBUTES ObjectAttributes, ULONG TitleIndex,
		     PUNICODE_STRING Class, ULONG CreateOptions, PULONG Disposition)
{
	if (unlikely(CreateOptions & ~REG_LEGAL_OPTION)) {
		wdmdma_report(NULL, "ZwCreateKey", "CreateOptions %#x not REG_OPTION_*",
			      CreateOptions);
		return STATUS_INVALID_PARAMETER;
	}
	return reg_open("ZwCreateKey", KeyHandle, DesiredAccess, ObjectAttributes, true,
			Disposition);
}
EXPORT_SYMBOL_GPL(ZwCreateKey);

/*
 * Fill a KEY_VALUE_*_INFORMATION for @v: the fixed part when it fits, then
 * as much of the name and data as fits.  Under the lock.
 */
static NTSTATUS reg_info(const char *call, struct reg_value *v,
			 KEY_VALUE_INFORMATION_CLASS cls, PVOID buf, ULONG length,
			 PULONG result)
{
	size_t fixed, total, name_off = 0, data_off = 0, name_bytes = v->name_len * sizeof(WCHAR);
	u8 *out = buf;

	switch (cls) {
	case KeyValueBasicInformation:
		fixed = offsetof(KEY_VALUE_BASIC_INFORMATION, Name);
		name_off = fixed;
		total = fixed + name_bytes;
		break;
	case KeyValueFullInformation:
		fixed = offsetof(KEY_VALUE_FULL_INFORMATION, Name);
		name_off = fixed;
		data_off = ALIGN(fixed + name_bytes, sizeof(ULONG));
		total = data_off + v->len;
		break;
	case KeyValuePartialInformation:
		fixed = offsetof(KEY_VALUE_PARTIAL_INFORMATION, Data);
		data_off = fixed;
		total = fixed + v->len;
		break;
	default:
		wdmdma_report(NULL, call, "KeyValueInformationClass %d not supported", cls);
		return STATUS_INVALID_PARAMETER;
	}
	*result = total;
	if (length < fixed)
		return STATUS_BUFFER_TOO_SMALL;
	if (cls == KeyValuePartialInformation) {
		PKEY_VALUE_PARTIAL_INFORMATION p = buf;

		p->TitleIndex = 0;
		p->Type = v->type;
		p->DataLength = v->len;
	} else if (cls == KeyValueBasicInformation) {
		PKEY_VALUE_BASIC_INFORMATION b = buf;

		b->TitleIndex = 0;
		b->Type = v->type;
		b->NameLength = name_bytes;
	} else {
		PKEY_VALUE_FULL_INFORMATION f = buf;

		f->TitleIndex = 0;
		f->Type = v->type;
		f->DataOffset = data_off;
		f->DataLength = v->len;
		f->NameLength = name_bytes;
	}
	if (name_off)
		memcpy(out + name_off, v->name, min_t(size_t, name_bytes, length - name_off));
	if (data_off && length > data_off)
		memcpy(out + data_off, v->data, min_t(size_t, v->len, length - data_off));
	return length < total ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}

/* The output arguments of a query */
bool reg_info_args_ok(const char *call, PVOID info, ULONG length, PULONG result)
{
	if (likely(result && (info || !length)))
		return true;
	wdmdma_report(NULL, call, "NULL %s", result ? "KeyValueInformation" : "ResultLength");
	return false;
}

/* Check a value call's handle and access.  Takes the lock on success. */
struct reg_handle *reg_value_call(const char *call, HANDLE h, ACCESS_MASK need,
				  NTSTATUS *status)
{
	struct reg_handle *r;

	*status = STATUS_INVALID_PARAMETER;
	if (!reg_callable(call))
		return NULL;
	mutex_lock(&wdmdma_reg_lock);
	r = reg_handle_get(h);
	if (!r) {
		mutex_unlock(&wdmdma_reg_lock);
		wdmdma_report(NULL, call, "KeyHandle %p is not an open key handle", h);
		*status = STATUS_INVALID_HANDLE;
		return NULL;
	}
	if (!(r->access & need) || r->key->deleted) {
		mutex_unlock(&wdmdma_reg_lock);
		*status = r->key->deleted ? STATUS_KEY_DELETED : STATUS_ACCESS_DENIED;
		return NULL;
	}
	return r;
}

/**
 * ZwQueryValueKey() - a value of an open key
 * @KeyHandle: a handle with KEY_QUERY_VALUE
 * @ValueName: the value's name ("" for the key's default value)
 * @KeyValueInformationClass: KeyValueBasicInformation,
 *	KeyValueFullInformation or KeyValuePartialInformation
 * @KeyValueInformation: receives the structure, then the name or data
 * @Length: @KeyValueInformation's size in bytes
 * @ResultLength: receives the size the whole information takes
 *
 * Context: PASSIVE_LEVEL.
 * Return: STATUS_SUCCESS; STATUS_BUFFER_OVERFLOW (the fixed part and what
 * fitted of the rest written), STATUS_BUFFER_TOO_SMALL (not even the fixed
 * part fits: nothing written); STATUS_OBJECT_NAME_NOT_FOUND,
 * STATUS_ACCESS_DENIED, STATUS_INVALID_HANDLE, STATUS_INVALID_PARAMETER
 * (reported).
 */
NTSTATUS ZwQueryValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName,
			 KEY_VALUE_INFORMATION_CLASS KeyValueInformationClass,
			 PVOID KeyValueInformation, ULONG Length, PULONG ResultLength)
{
	static const char call[] = "ZwQueryValueKey";
	struct reg_handle *r;
	struct reg_value *v;
	NTSTATUS status;

	if (!reg_ustr_ok(call, "ValueName", ValueName))
		return STATUS_INVALID_PARAMETER;
	if (!reg_info_args_ok(call, KeyValueInformation, Length, ResultLength))
		return STATUS_INVALID_PARAMETER;
	r = reg_value_call(call, KeyHandle, KEY_QUERY_VALUE, &status);
	if (!r)
		return status;
	v = reg_value_find(r->key, reg_us(ValueName));
	status = v ? reg_info(call, v, KeyValueInformationClass, KeyValueInformation, Length,
			      ResultLength) : STATUS_OBJECT_NAME_NOT_FOUND;
	mutex_unlock(&wdmdma_reg_lock);
	return status;
}
EXPORT_SYMBOL_GPL(ZwQueryValueKey);

/**
 * ZwEnumerateValueKey() - the values of an open key, by index
 * @KeyHandle: a handle with KEY_QUERY_VALUE
 * @Index: 0 for the first value; values keep the order they were made in
 * @KeyValueInformationClass: as ZwQueryValueKey()
 * @KeyValueInformation: as ZwQueryValueKey()
 * @Length: as ZwQueryValueKey()
 * @ResultLength: as ZwQueryValueKey()
 *
 * Context: PASSIVE_LEVEL.
 * Return: as ZwQueryValueKey(); STATUS_NO_MORE_ENTRIES past the last one.
 */
NTSTATUS ZwEnumerateValueKey(HANDLE KeyHandle, ULONG Index,
			     KEY_VALUE_INFORMATION_CLASS KeyValueInformationClass,
			     PVOID KeyValueInformation, ULONG Length, PULONG ResultLength)
{
	static const char call[] = "ZwEnumerateValueKey";
	struct reg_handle *r;
	struct reg_value *v;
	NTSTATUS status = STATUS_NO_MORE_ENTRIES;
	ULONG i = 0;

	if (!reg_info_args_ok(call, KeyValueInformation, Length, ResultLength))
		return STATUS_INVALID_PARAMETER;
	r = reg_value_call(call, KeyHandle, KEY_QUERY_VALUE, &status);
	if (!r)
		return status;
	status = STATUS_NO_MORE_ENTRIES;
	list_for_each_entry(v, &r->key->values, link)
		if (i++ == Index) {
			status = reg_info(call, v, KeyValueInformationClass, KeyValueInformation,
					  Length, ResultLength);
			break;
		}
	mutex_unlock(&wdmdma_reg_lock);
	return status;
}
EXPORT_SYMBOL_GPL(ZwEnumerateValueKey);

static bool reg_type_ok(const char *call, ULONG type, const void *data, ULONG len)
{
	if (unlikely(len > REG_DATA_MAX || (len && !data))) {
		wdmdma_report(NULL, call, "%s", len > REG_DATA_MAX ?
			      "DataSize above 1 MiB" : "NULL Data with a DataSize");
		return false;
	}
	if (unlikely((type == REG_DWORD || type == REG_DWORD_BIG_ENDIAN) && len != 4) ||
	    unlikely(type == REG_QWORD && len != 8)) {
		wdmdma_report(NULL, call, "a REG_%sWORD of %u bytes", type == REG_QWORD ? "Q" : "D",
			      len);
		return false;
	}
	return true;
}

/**
 * ZwSetValueKey() - make or replace a value of an open key
 * @KeyHandle: a handle with KEY_SET_VALUE
 * @ValueName: the value's name ("" for the key's default value)
 * @TitleIndex: ignored
 * @Type: REG_DWORD (4 bytes), REG_QWORD (8), REG_SZ, REG_EXPAND_SZ,
 *	REG_MULTI_SZ, REG_BINARY or another REG_* type
 * @Data: the data, stored as given
 * @DataSize: its size in bytes (up to 1 MiB here)
 *
 * Context: PASSIVE_LEVEL.
 * Return: STATUS_SUCCESS; STATUS_ACCESS_DENIED, STATUS_INVALID_HANDLE,
 * STATUS_INVALID_PARAMETER (reported), STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS ZwSetValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName, ULONG TitleIndex,
		       ULONG Type, PVOID Data, ULONG DataSize)
{
	static const char call[] = "ZwSetValueKey";
	struct reg_handle *r;
	NTSTATUS status;

	if (!reg_ustr_ok(call, "ValueName", ValueName) ||
	    !reg_type_ok(call, Type, Data, DataSize))
		return STATUS_INVALID_PARAMETER;
	r = reg_value_call(call, KeyHandle, KEY_SET_VALUE, &status);
	if (!r)
		return status;
	status = reg_value_set(r->key, reg_us(ValueName),
			       Type, Data, DataSize, true);
	mutex_unlock(&wdmdma_reg_lock);
	return status;
}
EXPORT_SYMBOL_GPL(ZwSetValueKey);

/**
 * ZwDeleteValueKey() - remove a value of an open key
 * @KeyHandle: a handle with KEY_SET_VALUE
 * @ValueName: the value's name
 *
 * Context: PASSIVE_LEVEL.
 * Return: STATUS_SUCCESS; STATUS_OBJECT_NAME_NOT_FOUND,
 * STATUS_ACCESS_DENIED, STATUS_INVALID_HANDLE, STATUS_INVALID_PARAMETER.
 */
NTSTATUS ZwDeleteValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName)
{
	static const char call[] = "ZwDeleteValueKey";
	struct reg_handle *r;
	struct reg_value *v;
	NTSTATUS status;

	if (!reg_ustr_ok(call, "ValueName", ValueName))
		return STATUS_INVALID_PARAMETER;
	r = reg_value_call(call, KeyHandle, KEY_SET_VALUE, &status);
	if (!r)
		return status;
	v = reg_value_find(r->key, reg_us(ValueName));
	if (v) {
		list_del(&v->link);
		r->key->last_write = reg_now();
	}
	mutex_unlock(&wdmdma_reg_lock);
	kfree(v);
	return v ? STATUS_SUCCESS : STATUS_OBJECT_NAME_NOT_FOUND;
}
EXPORT_SYMBOL_GPL(ZwDeleteValueKey);

/*
 * The name of @dev's hardware (PLUGPLAY_REGKEY_DEVICE) or software key
 * below \Registry, kmalloc()ed
 */
static char *reg_device_path(struct device *dev, ULONG kind, bool hwprofile)
{
	char bus[32];
	size_t i;

	strscpy(bus, dev->bus ? dev->bus->name : "ROOT", sizeof(bus));
	for (i = 0; bus[i]; i++)
		bus[i] = toupper(bus[i]);
	return kasprintf(GFP_KERNEL, "%s%s\\%s\\%s\\%s%s", reg_ccs,
			 hwprofile ? "\\Hardware Profiles\\Current\\System\\CurrentControlSet" : "",
			 kind == PLUGPLAY_REGKEY_DEVICE ? "Enum" : "Control\\Class", bus,
			 dev_name(dev),
			 kind == PLUGPLAY_REGKEY_DEVICE ? "\\Device Parameters" : "");
}

/**
 * IoOpenDeviceRegistryKey() - open a device's hardware or software key
 * @DeviceObject: the PDO (wdmdma_pdo_create()); another device object is
 *	refused
 * @DevInstKeyType: PLUGPLAY_REGKEY_DEVICE (the hardware key,
 *	...\Enum\BUS\INSTANCE\Device Parameters) or PLUGPLAY_REGKEY_DRIVER
 *	(the software key, ...\Control\Class\BUS\INSTANCE), either with
 *	PLUGPLAY_REGKEY_CURRENT_HWPROFILE (the same keys under
 *	...\Hardware Profiles\Current); BUS is the Linux bus's name in
 *	capitals, INSTANCE the Linux device's name.  Made when missing.
 * @DesiredAccess: as ZwOpenKey()
 * @DeviceRegKey: receives the handle (ZwClose() it)
 *
 * Context: PASSIVE_LEVEL.
 * Return: STATUS_SUCCESS; STATUS_INVALID_DEVICE_REQUEST (not a PDO),
 * STATUS_INVALID_PARAMETER (reported), STATUS_INSUFFICIENT_RESOURCES.
 */
NTSTATUS IoOpenDeviceRegistryKey(PDEVICE_OBJECT DeviceObject, ULONG DevInstKeyType,
				 ACCESS_MASK DesiredAccess, PHANDLE DeviceRegKey)
{
	static const char call[] = "IoOpenDeviceRegistryKey";
	ULONG kind = DevInstKeyType & ~PLUGPLAY_REGKEY_CURRENT_HWPROFILE;
	struct device *dev;
	struct reg_key *k;
	NTSTATUS status;
	char *path;

	if (!reg_callable(call))
		return STATUS_INVALID_PARAMETER;
	if (unlikely(!DeviceRegKey || !DeviceObject ||
		     (kind != PLUGPLAY_REGKEY_DEVICE && kind != PLUGPLAY_REGKEY_DRIVER))) {
		wdmdma_report(NULL, call, "%s", !DeviceRegKey ? "NULL DeviceRegKey" :
			      !DeviceObject ? "NULL DeviceObject" :
			      "DevInstKeyType is neither PLUGPLAY_REGKEY_DEVICE nor _DRIVER");
		return STATUS_INVALID_PARAMETER;
	}
	*DeviceRegKey = NULL;
	dev = wdmdma_pdo_device(DeviceObject);
	if (!dev) {
		wdmdma_report(NULL, call, "DeviceObject %p is not a PDO", DeviceObject);
		return STATUS_INVALID_DEVICE_REQUEST;
	}
	path = reg_device_path(dev, kind, DevInstKeyType & PLUGPLAY_REGKEY_CURRENT_HWPROFILE);
	if (!path)
		return STATUS_INSUFFICIENT_RESOURCES;
	mutex_lock(&wdmdma_reg_lock);
	k = reg_make_ascii(wdmdma_reg_root, path);
	status = k ? reg_handle_open(k, DesiredAccess, DeviceRegKey) :
		STATUS_INSUFFICIENT_RESOURCES;
	mutex_unlock(&wdmdma_reg_lock);
	kfree(path);
	return status;
}
EXPORT_SYMBOL_GPL(IoOpenDeviceRegistryKey);

/* RtlQueryRegistryValues: a value copied out of the tree */
struct reg_copy {
	struct list_head link;
	ULONG type;
	ULONG len;
	u8 *data;
	WCHAR name[];			/* terminated; the data follows, aligned */
};

/* Copy @v (under the lock) for a call made outside it */
static struct reg_copy *reg_copy_of(struct reg_value *v)
{
	size_t at = ALIGN(sizeof(struct reg_copy) + (v->name_len + 1) * sizeof(WCHAR),
			  sizeof(u64));
	struct reg_copy *c = kmalloc(at + v->len + 2, GFP_KERNEL);

	if (!c)
		return NULL;
	c->type = v->type;
	c->len = v->len;
	memcpy(c->name, v->name, v->name_len * sizeof(WCHAR));
	c->name[v->name_len] = 0;
	c->data = (u8 *)c + at;		/* aligned for the routine's ULONG reads */
	memcpy(c->data, v->data, v->len);
	c->data[v->len] = 0;		/* a string's terminator if it lacked one */
	c->data[v->len + 1] = 0;
	return c;
}

static size_t reg_wcsnlen(const WCHAR *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

/* RTL_QUERY_REGISTRY_DIRECT: store into EntryContext as documented */
static NTSTATUS reg_direct(PRTL_QUERY_REGISTRY_TABLE e, ULONG type, const u8 *data, ULONG len)
{
	PUNICODE_STRING us = e->EntryContext;
	size_t bytes;
	LONG size;

	if (!e->EntryContext)
		return STATUS_INVALID_PARAMETER;
	if (type == REG_SZ || type == REG_EXPAND_SZ || type == REG_MULTI_SZ) {
		if (type == REG_MULTI_SZ)
			bytes = len >= 2 ? len - 2 : 0;
		else
			bytes = reg_wcsnlen((const WCHAR *)data, len / 2) * sizeof(WCHAR);
		if (bytes > 0xfffc)
			return STATUS_BUFFER_TOO_SMALL;
		if (!us->Buffer) {
			us->Buffer = ExAllocatePoolWithTag(PagedPool, bytes + 2, REG_TAG);
			if (!us->Buffer)
				return STATUS_INSUFFICIENT_RESOURCES;
			us->MaximumLength = bytes + 2;
		} else if (us->MaximumLength < bytes) {
			return STATUS_BUFFER_TOO_SMALL;
		}
		memcpy(us->Buffer, data, bytes);
		us->Length = bytes;
		if (us->MaximumLength >= bytes + 2)
			us->Buffer[bytes / 2] = 0;
		return STATUS_SUCCESS;
	}
	if (len <= sizeof(ULONG)) {
		memcpy(e->EntryContext, data, len);
		return STATUS_SUCCESS;
	}
	size = *(LONG *)e->EntryContext;
	if (size < 0) {
		if ((ULONG)-size < len)
			return STATUS_BUFFER_TOO_SMALL;
		memcpy(e->EntryContext, data, len);
		return STATUS_SUCCESS;
	}
	if ((ULONG)size < len + 2 * sizeof(ULONG))
		return STATUS_BUFFER_TOO_SMALL;
	((ULONG *)e->EntryContext)[0] = len;
	((ULONG *)e->EntryContext)[1] = type;
	memcpy((u8 *)e->EntryContext + 2 * sizeof(ULONG), data, len);
	return STATUS_SUCCESS;
}

/* One value (or default) for a table entry: expand, then store or call */
static NTSTATUS reg_deliver(PRTL_QUERY_REGISTRY_TABLE e, PWSTR name, ULONG type,
			    const u8 *data, ULONG len, PVOID Context, PVOID env)
{
	const WCHAR *s = (const WCHAR *)data;
	size_t n = len / sizeof(WCHAR), i = 0, l;
	NTSTATUS status = STATUS_SUCCESS;
	WCHAR *x = NULL;		/* an expanded REG_EXPAND_SZ */

	if ((e->Flags & RTL_QUERY_REGISTRY_TYPECHECK) && (e->Flags & RTL_QUERY_REGISTRY_DIRECT) &&
	    type != (e->DefaultType >> RTL_QUERY_REGISTRY_TYPECHECK_SHIFT))
		return STATUS_OBJECT_TYPE_MISMATCH;
	if (!(e->Flags & RTL_QUERY_REGISTRY_NOEXPAND) && type == REG_MULTI_SZ) {
		/* once per string, each as a REG_SZ */
		while (i < n && s[i] && NT_SUCCESS(status)) {
			l = reg_wcsnlen(s + i, n - i);
			status = reg_deliver(e, name, REG_SZ, (const u8 *)(s + i),
					     (min(l + 1, n - i)) * sizeof(WCHAR), Context, env);
			i += l + 1;
		}
		return status;
	}
	if (!(e->Flags & RTL_QUERY_REGISTRY_NOEXPAND) && type == REG_EXPAND_SZ) {
		/* %NAME% from @env or the system's environment (regkey.c), as REG_SZ */
		status = reg_expand(s, n, env, &x, &len);
		if (!NT_SUCCESS(status))
			return status;
		data = (const u8 *)x;
		type = REG_SZ;
	}
	if (e->Flags & RTL_QUERY_REGISTRY_DIRECT)
		status = reg_direct(e, type, data, len);
	else
		status = e->QueryRoutine(name, type, (PVOID)data, len, Context, e->EntryContext);
	kfree(x);
	return status;
}

static ULONG reg_default_len(ULONG type, const WCHAR *s)
{
	size_t n = 0;

	if (type == REG_SZ || type == REG_EXPAND_SZ)
		return (reg_wcsnlen(s, REG_DATA_MAX / 2) + 1) * sizeof(WCHAR);
	if (type != REG_MULTI_SZ)
		return 0;
	while (n < REG_DATA_MAX / 2 && s[n])
		n += reg_wcsnlen(s + n, REG_DATA_MAX / 2 - n) + 1;
	return (n + 1) * sizeof(WCHAR);
}

/* Base keys of RtlQueryRegistryValues' RelativeTo */
static const char *const reg_rel_base[] = {
	[RTL_REGISTRY_ABSOLUTE] = "",
	[RTL_REGISTRY_SERVICES] = "Machine\\System\\CurrentControlSet\\Services",
	[RTL_REGISTRY_CONTROL] = "Machine\\System\\CurrentControlSet\\Control",
	[RTL_REGISTRY_WINDOWS_NT] = "Machine\\Software\\Microsoft\\Windows NT\\CurrentVersion",
	[RTL_REGISTRY_DEVICEMAP] = "Machine\\Hardware\\DeviceMap",
	[RTL_REGISTRY_USER] = "User\\.Default",
};

/* The key RelativeTo and Path name.  Under the lock. */
struct reg_key *reg_rel_key(ULONG rel, PCWSTR Path, bool create, NTSTATUS *status)
{
	ULONG base = rel & ~(RTL_REGISTRY_OPTIONAL | RTL_REGISTRY_HANDLE);
	struct reg_handle *r;
	struct reg_name p;
	struct reg_key *k;

	if (rel & RTL_REGISTRY_HANDLE) {
		r = reg_handle_get((HANDLE)Path);
		if (!r || r->key->deleted) {
			*status = r ? STATUS_KEY_DELETED : STATUS_INVALID_HANDLE;
			return NULL;
		}
		return r->key;
	}
	if (base >= RTL_REGISTRY_MAXIMUM) {
		*status = STATUS_INVALID_PARAMETER;
		return NULL;
	}
	p = reg_wz(Path);
	if (base == RTL_REGISTRY_ABSOLUTE || (p.n && p.s[0] == '\\'))
		return reg_walk_abs(p, create, false, NULL, status);
	k = reg_make_ascii(wdmdma_reg_root, reg_rel_base[base]);
	if (!k) {
		*status = STATUS_INSUFFICIENT_RESOURCES;
		return NULL;
	}
	return p.n ? reg_walk(k, p, create, false, NULL, status) : k;
}

/* Copy the values an entry asks for (@name, or all of them).  Under the lock. */
static NTSTATUS reg_collect(struct reg_key *k, PCWSTR name, struct list_head *out)
{
	struct reg_value *v;
	struct reg_copy *c;

	if (!k)
		return STATUS_SUCCESS;
	list_for_each_entry(v, &k->values, link) {
		if (name && !reg_name_eq(v->name, v->name_len, name, reg_wz(name).n))
			continue;
		c = reg_copy_of(v);
		if (!c)
			return STATUS_INSUFFICIENT_RESOURCES;
		list_add_tail(&c->link, out);
		if (name)
			break;
	}
	return STATUS_SUCCESS;
}

static void reg_copies_free(struct list_head *l)
{
	struct reg_copy *c, *n;

	list_for_each_entry_safe(c, n, l, link)
		kfree(c);
	INIT_LIST_HEAD(l);
}

/* One table entry that is not SUBKEY/TOPKEY; @k may be NULL (no such subkey) */
static NTSTATUS reg_query_entry(PRTL_QUERY_REGISTRY_TABLE e, struct reg_key *k, PVOID Context,
				PVOID env)
{
	ULONG dtype = e->DefaultType & ~RTL_QUERY_REGISTRY_TYPECHECK_MASK;
	struct reg_copy *c;
	struct reg_value *v;
	NTSTATUS status;
	LIST_HEAD(copies);

	if (e->Flags & RTL_QUERY_REGISTRY_NOVALUE)
		return e->QueryRoutine ? e->QueryRoutine(e->Name, REG_NONE, NULL, 0, Context,
							 e->EntryContext) : STATUS_SUCCESS;
	mutex_lock(&wdmdma_reg_lock);
	status = reg_collect(k, e->Name, &copies);
	mutex_unlock(&wdmdma_reg_lock);
	if (!NT_SUCCESS(status))
		goto out;
	if (list_empty(&copies)) {
		if (e->Flags & RTL_QUERY_REGISTRY_REQUIRED) {
			status = STATUS_OBJECT_NAME_NOT_FOUND;
		} else if (dtype != REG_NONE && e->Name) {
			status = reg_deliver(e, e->Name, dtype, e->DefaultData,
					     e->DefaultLength ? e->DefaultLength :
					     reg_default_len(dtype, e->DefaultData), Context, env);
		}
		goto out;
	}
	list_for_each_entry(c, &copies, link) {
		status = reg_deliver(e, c->name, c->type, c->data, c->len, Context, env);
		if (!NT_SUCCESS(status))
			goto out;
	}
	if ((e->Flags & RTL_QUERY_REGISTRY_DELETE) && k) {
		mutex_lock(&wdmdma_reg_lock);
		list_for_each_entry(c, &copies, link) {
			v = reg_value_find(k, reg_wz(c->name));
			if (v) {
				list_del(&v->link);
				kfree(v);
			}
		}
		mutex_unlock(&wdmdma_reg_lock);
	}
out:
	reg_copies_free(&copies);
	return status;
}

/**
 * RtlQueryRegistryValues() - query several values of a key with one table
 * @RelativeTo: RTL_REGISTRY_ABSOLUTE, _SERVICES, _CONTROL, _WINDOWS_NT,
 *	_DEVICEMAP or _USER, with RTL_REGISTRY_OPTIONAL; or
 *	RTL_REGISTRY_HANDLE (@Path is then an open key's handle)
 * @Path: the key, relative to @RelativeTo's (an absolute \Registry\...
 *	name is taken as such)
 * @QueryTable: entries up to one whose QueryRoutine and Name are NULL:
 *	a value by Name (all of the key's values when Name is NULL) handed to
 *	QueryRoutine or, with RTL_QUERY_REGISTRY_DIRECT, stored at
 *	EntryContext; DefaultType/DefaultData/DefaultLength when it is
 *	missing, or STATUS_OBJECT_NAME_NOT_FOUND with
 *	RTL_QUERY_REGISTRY_REQUIRED; SUBKEY and TOPKEY entries change the key
 *	the next entries read; REG_MULTI_SZ values come one string at a time
 *	and REG_EXPAND_SZ expanded, as REG_SZ, unless RTL_QUERY_REGISTRY_NOEXPAND;
 *	RTL_QUERY_REGISTRY_DELETE removes what was read
 * @Context: the QueryRoutines' Context
 * @Environment: "NAME=value" strings, each terminated, the block ending
 *	with an empty one, for REG_EXPAND_SZ's %NAME%; or NULL for the
 *	system's (regkey.c: SystemRoot, windir, SystemDrive...)
 *
 * The QueryRoutines run without any registry lock held: they may call
 * the registry routines.
 *
 * Context: PASSIVE_LEVEL.
 * Return: STATUS_SUCCESS; the first failure of a QueryRoutine or a direct
 * store (STATUS_BUFFER_TOO_SMALL, STATUS_OBJECT_TYPE_MISMATCH);
 * STATUS_OBJECT_NAME_NOT_FOUND (no such key unless RTL_REGISTRY_OPTIONAL,
 * a required value missing); STATUS_INVALID_HANDLE;
 * STATUS_INVALID_PARAMETER (reported).
 */
NTSTATUS RtlQueryRegistryValues(ULONG RelativeTo, PCWSTR Path,
				PRTL_QUERY_REGISTRY_TABLE QueryTable, PVOID Context,
				PVOID Environment)
{
	static const char call[] = "RtlQueryRegistryValues";
	RTL_QUERY_REGISTRY_TABLE all;
	PRTL_QUERY_REGISTRY_TABLE e;
	struct reg_key *base, *k;
	NTSTATUS status = STATUS_SUCCESS;

	if (!reg_callable(call))
		return STATUS_INVALID_PARAMETER;
	if (unlikely(!QueryTable)) {
		wdmdma_report(NULL, call, "NULL QueryTable");
		return STATUS_INVALID_PARAMETER;
	}
	for (e = QueryTable; e->QueryRoutine || e->Name; e++)
		if (unlikely(!e->QueryRoutine && !(e->Flags & (RTL_QUERY_REGISTRY_DIRECT |
							      RTL_QUERY_REGISTRY_SUBKEY |
							      RTL_QUERY_REGISTRY_TOPKEY)))) {
			wdmdma_report(NULL, call, "entry %td has no QueryRoutine and is not DIRECT",
				      e - QueryTable);
			return STATUS_INVALID_PARAMETER;
		} else if (unlikely((e->Flags & RTL_QUERY_REGISTRY_DIRECT) &&
				    (!e->Name || !e->EntryContext))) {
			wdmdma_report(NULL, call, "DIRECT entry %td without %s", e - QueryTable,
				      e->Name ? "EntryContext" : "Name");
			return STATUS_INVALID_PARAMETER;
		}
	mutex_lock(&wdmdma_reg_lock);
	base = reg_rel_key(RelativeTo, Path, false, &status);
	mutex_unlock(&wdmdma_reg_lock);
	if (!base) {
		if (status == STATUS_INVALID_PARAMETER || status == STATUS_INVALID_HANDLE)
			wdmdma_report(NULL, call, "%s", status == STATUS_INVALID_HANDLE ?
				      "RTL_REGISTRY_HANDLE with a Path that is no key handle" :
				      "RelativeTo is not an RTL_REGISTRY_* value");
		else if (status == STATUS_OBJECT_NAME_NOT_FOUND &&
			 (RelativeTo & RTL_REGISTRY_OPTIONAL))
			status = STATUS_SUCCESS;
		return status;
	}
	k = base;
	for (e = QueryTable; e->QueryRoutine || e->Name; e++) {
		if (e->Flags & RTL_QUERY_REGISTRY_TOPKEY)
			k = base;
		if (e->Flags & RTL_QUERY_REGISTRY_SUBKEY) {
			mutex_lock(&wdmdma_reg_lock);
			k = reg_walk(base, reg_wz(e->Name), false, false, NULL, &status);
			mutex_unlock(&wdmdma_reg_lock);
			if (!k && (e->Flags & RTL_QUERY_REGISTRY_REQUIRED))
				return STATUS_OBJECT_NAME_NOT_FOUND;
			status = STATUS_SUCCESS;
			if (!e->QueryRoutine)
				continue;
			/* a SUBKEY entry with a routine: every value of the subkey */
			all = *e;
			all.Name = NULL;
			all.Flags &= ~(RTL_QUERY_REGISTRY_SUBKEY | RTL_QUERY_REGISTRY_REQUIRED);
			status = reg_query_entry(&all, k, Context, Environment);
		} else {
			status = reg_query_entry(e, k, Context, Environment);
		}
		if (!NT_SUCCESS(status))
			return status;
	}
	return STATUS_SUCCESS;
}
EXPORT_SYMBOL_GPL(RtlQueryRegistryValues);

/* The service key of @driver (and its Parameters).  Under the lock. */
static struct reg_key *reg_service(const char *driver, const char *call)
{
	char *path;
	struct reg_key *k;

	if (!driver || !*driver || strchr(driver, '\\') || strlen(driver) > REG_NAME_MAX) {
		wdmdma_report(NULL, call, "bad driver name");
		return NULL;
	}
	path = kasprintf(GFP_KERNEL, "%s\\Services\\%s", reg_ccs, driver);
	if (!path)
		return NULL;
	k = reg_make_ascii(wdmdma_reg_root, path);
	if (k && !reg_make_ascii(k, "Parameters"))
		k = NULL;
	kfree(path);
	return k;
}

/* The full name of @k into @buf (@cap WCHARs).  Return: its length. */
size_t reg_key_path(struct reg_key *k, WCHAR *buf, size_t cap)
{
	size_t n = 0, at;
	struct reg_key *p;

	for (p = k; p; p = p->parent)
		n += 1 + p->name_len;
	if (n > cap)
		return 0;
	at = n;
	for (p = k; p; p = p->parent) {
		at -= p->name_len;
		memcpy(buf + at, p->name, p->name_len * sizeof(WCHAR));
		buf[--at] = '\\';
	}
	return n;
}

/*
 * The service paths handed out, one per key (they live as long as the
 * registry).  Under the lock.
 */
struct reg_svc_path {
	struct list_head link;
	struct reg_key *key;
	UNICODE_STRING path;
	WCHAR buf[];
};

static LIST_HEAD(wdmdma_reg_svc_paths);

PUNICODE_STRING wdmdma_registry_service_path(const char *driver_name)
{
	static const char call[] = "wdmdma_registry_service_path";
	struct reg_svc_path *sp;
	PUNICODE_STRING ret = NULL;
	struct reg_key *k;
	size_t n;

	mutex_lock(&wdmdma_reg_lock);
	k = reg_service(driver_name, call);
	if (!k)
		goto out;
	list_for_each_entry(sp, &wdmdma_reg_svc_paths, link)
		if (sp->key == k) {
			ret = &sp->path;
			goto out;
		}
	sp = kzalloc(struct_size(sp, buf, 512), GFP_KERNEL);
	if (!sp)
		goto out;
	n = reg_key_path(k, sp->buf, 512);
	sp->key = k;
	sp->path.Buffer = sp->buf;
	sp->path.Length = n * sizeof(WCHAR);
	sp->path.MaximumLength = 512 * sizeof(WCHAR);
	list_add_tail(&sp->link, &wdmdma_reg_svc_paths);
	ret = &sp->path;
out:
	mutex_unlock(&wdmdma_reg_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(wdmdma_registry_service_path);

/* The hardware key of @dev, made when missing.  Under the lock. */
static struct reg_key *reg_device_key(struct device *dev)
{
	char *path = reg_device_path(dev, PLUGPLAY_REGKEY_DEVICE, false);
	struct reg_key *k;

	if (!path)
		return NULL;
	k = reg_make_ascii(wdmdma_reg_root, path);
	kfree(path);
	return k;
}

/* A value below @driver's service key, or @dev's hardware key when @dev */
static NTSTATUS reg_glue_set(const char *call, const char *driver, struct device *dev,
			     const char *subkey, const char *name, ULONG type, const void *data,
			     ULONG len, bool overwrite)
{
	NTSTATUS status = STATUS_INSUFFICIENT_RESOURCES;
	struct reg_key *k;
	WCHAR *wname;
	size_t n;

	if (!name || strlen(name) > REG_VALUE_NAME_MAX) {
		wdmdma_report(NULL, call, "bad value name");
		return STATUS_INVALID_PARAMETER;
	}
	if (!reg_type_ok(call, type, data, len))
		return STATUS_INVALID_PARAMETER;
	n = strlen(name);
	wname = kmalloc_array(n + 1, sizeof(WCHAR), GFP_KERNEL);
	if (!wname)
		return status;
	reg_widen(name, wname, n + 1);
	mutex_lock(&wdmdma_reg_lock);
	k = dev ? reg_device_key(dev) : reg_service(driver, call);
	if (k && subkey)
		k = reg_make_ascii(k, subkey);
	if (k)
		status = reg_value_set(k, (struct reg_name){ wname, n }, type, data, len,
				       overwrite);
	mutex_unlock(&wdmdma_reg_lock);
	kfree(wname);
	return status;
}

NTSTATUS wdmdma_registry_set_value(const char *driver_name, const char *subkey,
				   const char *name, ULONG type, const void *data, ULONG len)
{
	return reg_glue_set("wdmdma_registry_set_value", driver_name, NULL, subkey, name, type,
			    data, len, true);
}
EXPORT_SYMBOL_GPL(wdmdma_registry_set_value);

NTSTATUS wdmdma_registry_default_value(const char *driver_name, const char *subkey,
				       const char *name, ULONG type, const void *data,
				       ULONG len)
{
	return reg_glue_set("wdmdma_registry_default_value", driver_name, NULL, subkey, name,
			    type, data, len, false);
}
EXPORT_SYMBOL_GPL(wdmdma_registry_default_value);

NTSTATUS wdmdma_registry_device_default_value(PDEVICE_OBJECT pdo, const char *subkey,
					      const char *name, ULONG type, const void *data,
					      ULONG len)
{
	static const char call[] = "wdmdma_registry_device_default_value";
	struct device *dev = pdo ? wdmdma_pdo_device(pdo) : NULL;

	if (!dev) {
		wdmdma_report(NULL, call, "pdo %p is not a PDO", pdo);
		return STATUS_INVALID_PARAMETER;
	}
	return reg_glue_set(call, NULL, dev, subkey, name, type, data, len, false);
}
EXPORT_SYMBOL_GPL(wdmdma_registry_device_default_value);

/**
 * wdmdma_reg_device_dword() - a REG_DWORD under a device's hardware key
 * @dev: the device
 * @subkey: a path below its Device Parameters key
 * @name: the value's name
 * @val: receives the value
 *
 * For the PnP manager's own settings (MSISupported).
 *
 * Context: process context.
 * Return: true when the value exists and is a REG_DWORD.
 */
bool wdmdma_reg_device_dword(struct device *dev, const char *subkey, const char *name, u32 *val)
{
	size_t n = strlen(name);
	struct reg_value *v;
	struct reg_key *k;
	bool found = false;
	WCHAR wname[64];

	if (n >= ARRAY_SIZE(wname))
		return false;
	reg_widen(name, wname, n + 1);
	mutex_lock(&wdmdma_reg_lock);
	k = reg_device_key(dev);
	if (k && subkey)
		k = reg_make_ascii(k, subkey);
	v = k ? reg_value_find(k, (struct reg_name){ wname, n }) : NULL;
	if (v && v->type == REG_DWORD && v->len == sizeof(u32)) {
		memcpy(val, v->data, sizeof(u32));
		found = true;
	}
	mutex_unlock(&wdmdma_reg_lock);
	return found;
}

/*
 * debugfs wdmdma/registry: the tree as text, and lines that change it.
 *
 *	[Services\edu_wdm\Parameters]	the key the next lines change, made
 *					when missing: relative to
 *					\Registry\Machine\System\CurrentControlSet,
 *					or absolute (\Registry\...); '/' may
 *					stand for '\'
 *	Name=dword:0x10			REG_DWORD (C notation: 16, 0x10, 020)
 *	Name=qword:1234			REG_QWORD
 *	Name=sz:text to the line's end	REG_SZ (expand_sz: REG_EXPAND_SZ)
 *	Name=multi_sz:one,two,three	REG_MULTI_SZ (strings without commas)
 *	Name=binary:01,02,ff		REG_BINARY (hex bytes)
 *	Name=-				delete the value
 *	# comment, empty lines		ignored
 *
 * A read prints every key that holds values, or none and no subkeys, in
 * this form.  Names and strings are Latin-1 here (UTF-16 to the driver;
 * what Latin-1 cannot hold prints as '?').
 */
static const struct {
	const char *name;
	ULONG type;
} reg_types[] = {
	{ "dword", REG_DWORD }, { "qword", REG_QWORD }, { "sz", REG_SZ },
	{ "expand_sz", REG_EXPAND_SZ }, { "multi_sz", REG_MULTI_SZ },
	{ "binary", REG_BINARY }, { "none", REG_NONE },
};

static void reg_show_wstr(struct seq_file *m, const WCHAR *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		seq_putc(m, s[i] > 0xff || s[i] == '\n' ? '?' : (char)s[i]);
}

static void reg_show_value(struct seq_file *m, struct reg_value *v)
{
	const WCHAR *s = (const WCHAR *)v->data;
	size_t n = v->len / sizeof(WCHAR), i, type;
	u64 q = 0;
	u32 d = 0;

	for (type = 0; type < ARRAY_SIZE(reg_types); type++)
		if (reg_types[type].type == v->type)
			break;
	reg_show_wstr(m, v->name, v->name_len);
	if (v->type == REG_DWORD && v->len == 4) {
		memcpy(&d, v->data, 4);
		seq_printf(m, "=dword:0x%08x\n", d);
	} else if (v->type == REG_QWORD && v->len == 8) {
		memcpy(&q, v->data, 8);
		seq_printf(m, "=qword:0x%016llx\n", q);
	} else if (v->type == REG_SZ || v->type == REG_EXPAND_SZ) {
		seq_printf(m, "=%s:", reg_types[type].name);
		reg_show_wstr(m, s, reg_wcsnlen(s, n));
		seq_putc(m, '\n');
	} else if (v->type == REG_MULTI_SZ) {
		seq_puts(m, "=multi_sz:");
		for (i = 0; i < n && s[i]; i += reg_wcsnlen(s + i, n - i) + 1) {
			if (i)
				seq_putc(m, ',');
			reg_show_wstr(m, s + i, reg_wcsnlen(s + i, n - i));
		}
		seq_putc(m, '\n');
	} else {
		if (type < ARRAY_SIZE(reg_types) && v->type == REG_BINARY)
			seq_puts(m, "=binary:");
		else
			seq_printf(m, "=hex(%x):", v->type);
		for (i = 0; i < v->len; i++)
			seq_printf(m, "%s%02x", i ? "," : "", v->data[i]);
		seq_putc(m, '\n');
	}
}

static void reg_show_key(struct seq_file *m, struct reg_key *k, WCHAR *buf)
{
	struct reg_value *v;
	struct reg_key *c;
	size_t n;

	if (!list_empty(&k->values) || list_empty(&k->children)) {
		n = reg_key_path(k, buf, 4096);
		seq_putc(m, '[');
		reg_show_wstr(m, buf, n);
		seq_puts(m, "]\n");
		list_for_each_entry(v, &k->values, link)
			reg_show_value(m, v);
		seq_putc(m, '\n');
	}
	list_for_each_entry(c, &k->children, link)
		reg_show_key(m, c, buf);
}

static int reg_show(struct seq_file *m, void *unused)
{
	WCHAR *buf = kmalloc_array(4096, sizeof(WCHAR), GFP_KERNEL);

	if (!buf)
		return -ENOMEM;
	mutex_lock(&wdmdma_reg_lock);
	reg_show_key(m, wdmdma_reg_root, buf);
	mutex_unlock(&wdmdma_reg_lock);
	kfree(buf);
	return 0;
}

/* Latin-1 @s (@n bytes) into WCHARs at @out */
static void reg_latin1(const char *s, size_t n, WCHAR *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = (UCHAR)s[i];
}

/* Parse "type:text" into a value's type and data (kmalloc'ed) */
static int reg_parse_data(char *text, ULONG *type, u8 **data, ULONG *len)
{
	char *colon = strchr(text, ':'), *tok;
	size_t i, n;
	u64 q;
	u32 d;
	u8 b;

	if (!colon)
		return -EINVAL;
	*colon++ = 0;
	for (i = 0; i < ARRAY_SIZE(reg_types); i++)
		if (!strcmp(text, reg_types[i].name))
			break;
	if (i == ARRAY_SIZE(reg_types))
		return -EINVAL;
	*type = reg_types[i].type;
	n = strlen(colon);
	*data = kzalloc((n + 2) * sizeof(WCHAR), GFP_KERNEL);
	if (!*data)
		return -ENOMEM;
	switch (*type) {
	case REG_DWORD:
		if (kstrtou32(colon, 0, &d))
			return -EINVAL;
		memcpy(*data, &d, 4);
		*len = 4;
		return 0;
	case REG_QWORD:
		if (kstrtou64(colon, 0, &q))
			return -EINVAL;
		memcpy(*data, &q, 8);
		*len = 8;
		return 0;
	case REG_SZ:
	case REG_EXPAND_SZ:
		reg_latin1(colon, n, (WCHAR *)*data);
		*len = (n + 1) * sizeof(WCHAR);
		return 0;
	case REG_MULTI_SZ:
		for (i = 0; i < n; i++)
			((WCHAR *)*data)[i] = colon[i] == ',' ? 0 : (UCHAR)colon[i];
		*len = n ? (n + 2) * sizeof(WCHAR) : 2 * sizeof(WCHAR);
		return 0;
	default:
		*len = 0;
		while ((tok = strsep(&colon, ",")) != NULL) {
			if (!*tok && !colon && !*len)
				break;
			if (kstrtou8(strim(tok), 16, &b))
				return -EINVAL;
			(*data)[(*len)++] = b;
		}
		return 0;
	}
}

/* One line written to wdmdma/registry.  Under the lock. */
static int reg_write_line(struct seq_file *m, char *line)
{
	struct reg_key *k = m->private;
	struct reg_name path;
	ULONG type, len = 0;
	u8 *data = NULL;
	WCHAR *w = NULL;
	NTSTATUS status;
	char *eq;
	size_t n, i;
	int ret;

	line = strim(line);
	if (!*line || *line == '#')
		return 0;
	n = strlen(line);
	w = kmalloc_array(n + sizeof(reg_ccs), sizeof(WCHAR), GFP_KERNEL);
	if (!w)
		return -ENOMEM;
	if (*line == '[') {
		ret = -EINVAL;
		if (line[n - 1] != ']' || n < 3)
			goto out;
		line[n - 1] = 0;
		for (i = 1; line[i]; i++)
			if (line[i] == '/')
				line[i] = '\\';
		if (line[1] == '\\') {
			reg_latin1(line + 1, n - 2, w);
			k = reg_walk_abs((struct reg_name){ w, n - 2 }, true, true, NULL, &status);
		} else {
			k = reg_make_ascii(wdmdma_reg_root, reg_ccs);
			reg_latin1(line + 1, n - 2, w);
			if (k)
				k = reg_walk(k, (struct reg_name){ w, n - 2 }, true, true, NULL,
					     &status);
		}
		if (!k)
			goto out;
		m->private = k;
		ret = 0;
		goto out;
	}
	ret = -EINVAL;
	eq = strchr(line, '=');
	if (!eq || !k)
		goto out;
	*eq++ = 0;
	path.s = w;
	path.n = strlen(line);
	reg_latin1(line, path.n, w);
	if (!strcmp(eq, "-")) {
		struct reg_value *v = reg_value_find(k, path);

		if (v) {
			list_del(&v->link);
			kfree(v);
		}
		ret = 0;
		goto out;
	}
	ret = reg_parse_data(eq, &type, &data, &len);
	if (ret)
		goto out;
	status = reg_value_set(k, path, type, data, len, true);
	ret = NT_SUCCESS(status) ? 0 : -ENOMEM;
out:
	kfree(data);
	kfree(w);
	return ret;
}

static ssize_t reg_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	struct seq_file *m = iocb->ki_filp->private_data;
	size_t count = iov_iter_count(from);
	char *buf, *p, *line;
	int ret = 0;

	if (count > SZ_64K)
		return -E2BIG;
	buf = kmalloc(count + 1, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	if (!copy_from_iter_full(buf, count, from)) {
		kfree(buf);
		return -EFAULT;
	}
	buf[count] = 0;
	p = buf;
	mutex_lock(&wdmdma_reg_lock);
	while (!ret && (line = strsep(&p, "\n")) != NULL) {
		ret = reg_write_line(m, line);
		if (ret == -EINVAL)
			pr_err("wdmdma: registry: cannot take the line \"%s\" (README: Where settings live)\n",
			       line);
	}
	mutex_unlock(&wdmdma_reg_lock);
	kfree(buf);
	return ret ? ret : count;
}

static int reg_open_file(struct inode *inode, struct file *file)
{
	return single_open(file, reg_show, NULL);
}

static const struct file_operations wdmdma_registry_fops = {
	.owner = THIS_MODULE,
	.open = reg_open_file,
	.read_iter = seq_read_iter,
	.llseek = seq_lseek,
	.write_iter = reg_write_iter,
	.release = single_release,
};

/**
 * wdmdma_registry_init() - the registry's root keys and its debugfs file
 *
 * Return: 0, or -ENOMEM.
 */
int wdmdma_registry_init(void)
{
	static const char *const keys[] = {
		"Machine\\System\\CurrentControlSet\\Services",
		"Machine\\System\\CurrentControlSet\\Control\\Class",
		"Machine\\System\\CurrentControlSet\\Enum",
		"Machine\\Hardware\\DeviceMap",
		"Machine\\Software\\Microsoft\\Windows NT\\CurrentVersion",
		"User\\.Default",
	};
	struct dentry *dir = wdmdma_debugfs_dir();
	size_t i;

	wdmdma_reg_root = reg_key_new(NULL, (struct reg_name){ L"Registry", 8 });
	if (!wdmdma_reg_root)
		return -ENOMEM;
	mutex_lock(&wdmdma_reg_lock);
	for (i = 0; i < ARRAY_SIZE(keys); i++)
		if (!reg_make_ascii(wdmdma_reg_root, keys[i]))
			break;
	mutex_unlock(&wdmdma_reg_lock);
	if (i < ARRAY_SIZE(keys)) {
		reg_key_free(wdmdma_reg_root);
		wdmdma_reg_root = NULL;
		return -ENOMEM;
	}
	if (!IS_ERR_OR_NULL(dir))
		/* no proxy: the fops' owner keeps the module while it is open */
		wdmdma_reg_file = debugfs_create_file_unsafe("registry", 0600, dir, NULL,
							     &wdmdma_registry_fops);
	return 0;
}

/**
 * wdmdma_registry_exit() - module exit: report handles left open, free all
 */
void wdmdma_registry_exit(void)
{
	struct reg_svc_path *sp, *spn;
	struct reg_handle *r, *rn;
	unsigned int n = 0;

	debugfs_remove(wdmdma_reg_file);
	wdmdma_reg_file = NULL;
	list_for_each_entry_safe(r, rn, &wdmdma_reg_handles, link) {
		wdmdma_handle_remove(r->handle);
		list_del(&r->link);
		kfree(r);
		n++;
	}
	if (n)
		wdmdma_report(NULL, "ZwClose", "%u registry key handles left open at unload", n);
	list_for_each_entry_safe(sp, spn, &wdmdma_reg_svc_paths, link)
		kfree(sp);
	reg_deleted_free();
	reg_key_free(wdmdma_reg_root);
	wdmdma_reg_root = NULL;
}
