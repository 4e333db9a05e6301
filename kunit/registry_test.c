// SPDX-License-Identifier: GPL-2.0
/*
 * Issue 14, group 3, the registry: ZwOpenKey, ZwCreateKey, ZwQueryValueKey
 * (basic, full, partial information), ZwSetValueKey, ZwEnumerateValueKey,
 * ZwDeleteValueKey, ZwClose, RtlQueryRegistryValues tables,
 * IoOpenDeviceRegistryKey, the glue's binding calls and the
 * administrator's debugfs file.
 */
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "env.h"
#include "suites.h"	/* Linux headers before <wdm.h> */

#include <wdm.h>
#include <wchar.h>
#include <wdmdma/binding.h>

#define RT_DRV		"wdmdma_regtest"
#define RT_DRV_W	L"wdmdma_regtest"
#define RT_PARAMS	L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\" \
			L"wdmdma_regtest\\Parameters"
#define RT_ADMIN	"/sys/kernel/debug/wdmdma/registry"
#define RT_PARAMS_A	"[\\Registry\\Machine\\System\\CurrentControlSet\\Services\\" \
			"wdmdma_regtest\\Parameters"

/* ZwOpenKey, or ZwCreateKey when @disp is given */
static NTSTATUS rt_key(PHANDLE h, HANDLE root, const WCHAR *name, ACCESS_MASK access,
		       PULONG disp)
{
	OBJECT_ATTRIBUTES oa;
	UNICODE_STRING us;

	RtlInitUnicodeString(&us, name);
	InitializeObjectAttributes(&oa, &us, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, root,
				   NULL);
	if (!disp)
		return ZwOpenKey(h, access, &oa);
	return ZwCreateKey(h, access, &oa, 0, NULL, REG_OPTION_NON_VOLATILE, disp);
}

static NTSTATUS rt_open(PHANDLE h, HANDLE root, const WCHAR *name, ACCESS_MASK access)
{
	return rt_key(h, root, name, access, NULL);
}

static NTSTATUS rt_create(PHANDLE h, HANDLE root, const WCHAR *name, PULONG disp)
{
	ULONG ignored;

	return rt_key(h, root, name, KEY_ALL_ACCESS, disp ? disp : &ignored);
}

static NTSTATUS rt_set(HANDLE h, const WCHAR *name, ULONG type, const void *data, ULONG len)
{
	UNICODE_STRING us;

	RtlInitUnicodeString(&us, name);
	return ZwSetValueKey(h, &us, 0, type, (PVOID)data, len);
}

static NTSTATUS rt_query(HANDLE h, const WCHAR *name, KEY_VALUE_INFORMATION_CLASS cls,
			 void *buf, ULONG len, ULONG *res)
{
	UNICODE_STRING us;

	RtlInitUnicodeString(&us, name);
	return ZwQueryValueKey(h, &us, cls, buf, len, res);
}

static NTSTATUS rt_delete(HANDLE h, const WCHAR *name)
{
	UNICODE_STRING us;

	RtlInitUnicodeString(&us, name);
	return ZwDeleteValueKey(h, &us);
}

/* The driver's Parameters key, opened the way DriverEntry would */
static HANDLE rt_params(struct kunit *test)
{
	PUNICODE_STRING rp = wdmdma_registry_service_path(RT_DRV);
	UNICODE_STRING params = RTL_CONSTANT_STRING(L"Parameters");
	OBJECT_ATTRIBUTES oa;
	HANDLE svc = NULL, h = NULL;

	KUNIT_ASSERT_NOT_NULL(test, rp);
	InitializeObjectAttributes(&oa, rp, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, NULL, NULL);
	KUNIT_ASSERT_EQ(test, ZwOpenKey(&svc, KEY_READ, &oa), STATUS_SUCCESS);
	InitializeObjectAttributes(&oa, &params, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, svc,
				   NULL);
	KUNIT_ASSERT_EQ(test, ZwOpenKey(&h, KEY_ALL_ACCESS, &oa), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(svc), STATUS_SUCCESS);
	return h;
}

/* The data of a value, through partial information */
static void rt_expect(struct kunit *test, HANDLE h, const WCHAR *name, ULONG type,
		      const void *data, ULONG len)
{
	union {
		KEY_VALUE_PARTIAL_INFORMATION p;
		UCHAR raw[256];
	} u;
	ULONG res = 0;

	KUNIT_ASSERT_EQ(test, rt_query(h, name, KeyValuePartialInformation, &u, sizeof(u), &res),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, res, offsetof(KEY_VALUE_PARTIAL_INFORMATION, Data) + len);
	KUNIT_EXPECT_EQ(test, u.p.Type, type);
	KUNIT_ASSERT_EQ(test, u.p.DataLength, len);
	KUNIT_EXPECT_EQ(test, memcmp(u.p.Data, data, len), 0);
}

static const WCHAR rt_multi[] = L"one\0two\0three\0";	/* and the literal's own 0 */

/* Every value type round trips; names are case-insensitive; ZwClose */
static void reg_roundtrip(struct kunit *test)
{
	static const UCHAR bin[] = { 0, 1, 0xfe, 0xff, 0x80 };
	ULONG dw = 0xdeadbeef, dw2 = 7, disp = 0;
	ULONGLONG qw = 0x0123456789abcdefULL;
	HANDLE h = rt_params(test), sub = NULL, sub2 = NULL;

	KUNIT_EXPECT_EQ(test, rt_set(h, L"Dword", REG_DWORD, &dw, 4), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, rt_set(h, L"Qword", REG_QWORD, &qw, 8), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, rt_set(h, L"Sz", REG_SZ, L"hello", sizeof(L"hello")),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, rt_set(h, L"Expand", REG_EXPAND_SZ, L"%SystemRoot%\\x",
				     sizeof(L"%SystemRoot%\\x")), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, rt_set(h, L"Multi", REG_MULTI_SZ, rt_multi, sizeof(rt_multi)),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, rt_set(h, L"Bin", REG_BINARY, bin, sizeof(bin)), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, rt_set(h, L"", REG_SZ, L"default", sizeof(L"default")),
			STATUS_SUCCESS);

	rt_expect(test, h, L"Dword", REG_DWORD, &dw, 4);
	rt_expect(test, h, L"qWORD", REG_QWORD, &qw, 8);
	rt_expect(test, h, L"SZ", REG_SZ, L"hello", sizeof(L"hello"));
	rt_expect(test, h, L"Expand", REG_EXPAND_SZ, L"%SystemRoot%\\x",
		  sizeof(L"%SystemRoot%\\x"));
	rt_expect(test, h, L"multi", REG_MULTI_SZ, rt_multi, sizeof(rt_multi));
	rt_expect(test, h, L"Bin", REG_BINARY, bin, sizeof(bin));
	rt_expect(test, h, L"", REG_SZ, L"default", sizeof(L"default"));

	/* replacing keeps one value, of the new type */
	KUNIT_EXPECT_EQ(test, rt_set(h, L"DWORD", REG_DWORD, &dw2, 4), STATUS_SUCCESS);
	rt_expect(test, h, L"Dword", REG_DWORD, &dw2, 4);

	/* a subkey: made once, then opened; absolute and relative names agree */
	KUNIT_ASSERT_EQ(test, rt_create(&sub, h, L"Sub", &disp), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, disp, REG_CREATED_NEW_KEY);
	KUNIT_EXPECT_EQ(test, rt_set(sub, L"In", REG_DWORD, &dw, 4), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(sub), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, rt_create(&sub, h, L"sub", &disp), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, disp, REG_OPENED_EXISTING_KEY);
	KUNIT_ASSERT_EQ(test, rt_open(&sub2, NULL, RT_PARAMS L"\\SUB", KEY_READ), STATUS_SUCCESS);
	rt_expect(test, sub2, L"in", REG_DWORD, &dw, 4);
	KUNIT_EXPECT_EQ(test, ZwClose(sub2), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(sub), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(h), STATUS_SUCCESS);
	/* a closed handle is gone */
	KUNIT_EXPECT_EQ(test, ZwClose(h), STATUS_INVALID_HANDLE);
}

/* The three information classes, whole and with short buffers */
static void reg_info_classes(struct kunit *test)
{
	static const UCHAR data[] = { 1, 2, 3, 4, 5, 6, 7 };
	const ULONG name_bytes = 5 * sizeof(WCHAR);	/* "Seven" */
	const ULONG basic = offsetof(KEY_VALUE_BASIC_INFORMATION, Name) + name_bytes;
	const ULONG partial = offsetof(KEY_VALUE_PARTIAL_INFORMATION, Data) + sizeof(data);
	const ULONG full_off = ALIGN(offsetof(KEY_VALUE_FULL_INFORMATION, Name) + name_bytes, 4);
	const ULONG full = full_off + sizeof(data);
	union {
		KEY_VALUE_BASIC_INFORMATION b;
		KEY_VALUE_FULL_INFORMATION f;
		KEY_VALUE_PARTIAL_INFORMATION p;
		UCHAR raw[128];
	} u;
	HANDLE h = rt_params(test);
	ULONG res;

	KUNIT_ASSERT_EQ(test, rt_set(h, L"Seven", REG_BINARY, data, sizeof(data)),
			STATUS_SUCCESS);

	/* whole */
	res = 0;
	KUNIT_ASSERT_EQ(test, rt_query(h, L"Seven", KeyValueBasicInformation, &u, sizeof(u), &res),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, res, basic);
	KUNIT_EXPECT_EQ(test, u.b.Type, REG_BINARY);
	KUNIT_EXPECT_EQ(test, u.b.NameLength, name_bytes);
	KUNIT_EXPECT_EQ(test, memcmp(u.b.Name, L"Seven", name_bytes), 0);
	res = 0;
	KUNIT_ASSERT_EQ(test, rt_query(h, L"Seven", KeyValueFullInformation, &u, sizeof(u), &res),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, res, full);
	KUNIT_EXPECT_EQ(test, u.f.Type, REG_BINARY);
	KUNIT_EXPECT_EQ(test, u.f.NameLength, name_bytes);
	KUNIT_EXPECT_EQ(test, u.f.DataOffset, full_off);
	KUNIT_EXPECT_EQ(test, u.f.DataLength, sizeof(data));
	KUNIT_EXPECT_EQ(test, memcmp(u.f.Name, L"Seven", name_bytes), 0);
	KUNIT_EXPECT_EQ(test, memcmp(u.raw + u.f.DataOffset, data, sizeof(data)), 0);

	/* shorter than the fixed part: nothing written, the size told */
	memset(&u, 0xaa, sizeof(u));
	KUNIT_EXPECT_EQ(test, rt_query(h, L"Seven", KeyValuePartialInformation, &u, 11, &res),
			STATUS_BUFFER_TOO_SMALL);
	KUNIT_EXPECT_EQ(test, res, partial);
	KUNIT_EXPECT_EQ(test, u.raw[0], 0xaa);
	KUNIT_EXPECT_EQ(test, rt_query(h, L"Seven", KeyValueFullInformation, NULL, 0, &res),
			STATUS_BUFFER_TOO_SMALL);
	KUNIT_EXPECT_EQ(test, res, full);
	KUNIT_EXPECT_EQ(test, rt_query(h, L"Seven", KeyValueBasicInformation, &u, 4, &res),
			STATUS_BUFFER_TOO_SMALL);
	KUNIT_EXPECT_EQ(test, res, basic);
	KUNIT_EXPECT_EQ(test, u.raw[0], 0xaa);

	/* the fixed part fits, the rest not: partial data, the size told */
	memset(&u, 0xaa, sizeof(u));
	KUNIT_EXPECT_EQ(test, rt_query(h, L"Seven", KeyValuePartialInformation, &u, partial - 1,
				       &res), STATUS_BUFFER_OVERFLOW);
	KUNIT_EXPECT_EQ(test, res, partial);
	KUNIT_EXPECT_EQ(test, u.p.Type, REG_BINARY);
	KUNIT_EXPECT_EQ(test, u.p.DataLength, sizeof(data));
	KUNIT_EXPECT_EQ(test, memcmp(u.p.Data, data, sizeof(data) - 1), 0);
	KUNIT_EXPECT_EQ(test, u.raw[partial - 1], 0xaa);
	KUNIT_EXPECT_EQ(test, rt_query(h, L"Seven", KeyValueFullInformation, &u, full - 1, &res),
			STATUS_BUFFER_OVERFLOW);
	KUNIT_EXPECT_EQ(test, res, full);
	KUNIT_EXPECT_EQ(test, u.f.DataLength, sizeof(data));
	KUNIT_EXPECT_EQ(test, rt_query(h, L"Seven", KeyValueBasicInformation, &u, basic - 2, &res),
			STATUS_BUFFER_OVERFLOW);
	KUNIT_EXPECT_EQ(test, res, basic);
	KUNIT_EXPECT_EQ(test, u.b.NameLength, name_bytes);

	/* a missing value, an unknown class */
	KUNIT_EXPECT_EQ(test, rt_query(h, L"Eight", KeyValuePartialInformation, &u, sizeof(u),
				       &res), STATUS_OBJECT_NAME_NOT_FOUND);
	KUNIT_EXPECT_EQ(test, rt_query(h, L"Seven", MaxKeyValueInfoClass, &u, sizeof(u), &res),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, ZwClose(h), STATUS_SUCCESS);
}

/* Enumeration in creation order, deletion, access rights, missing keys */
static void reg_enumerate_delete(struct kunit *test)
{
	union {
		KEY_VALUE_BASIC_INFORMATION b;
		UCHAR raw[128];
	} u;
	static const WCHAR *const names[] = { L"A", L"Bb", L"Ccc" };
	HANDLE h = NULL, ro = NULL, k = NULL;
	ULONG i, one = 1, res;

	KUNIT_ASSERT_EQ(test, rt_create(&h, NULL, RT_PARAMS L"\\Enum", NULL), STATUS_SUCCESS);
	for (i = 0; i < ARRAY_SIZE(names); i++)
		KUNIT_EXPECT_EQ(test, rt_set(h, names[i], REG_DWORD, &i, 4), STATUS_SUCCESS);
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		KUNIT_ASSERT_EQ(test, ZwEnumerateValueKey(h, i, KeyValueBasicInformation, &u,
							  sizeof(u), &res), STATUS_SUCCESS);
		KUNIT_EXPECT_EQ(test, u.b.NameLength, wcslen(names[i]) * sizeof(WCHAR));
		KUNIT_EXPECT_EQ(test, memcmp(u.b.Name, names[i], u.b.NameLength), 0);
	}
	KUNIT_EXPECT_EQ(test, ZwEnumerateValueKey(h, 3, KeyValueBasicInformation, &u, sizeof(u),
						  &res), STATUS_NO_MORE_ENTRIES);

	KUNIT_EXPECT_EQ(test, rt_delete(h, L"BB"), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, rt_delete(h, L"Bb"), STATUS_OBJECT_NAME_NOT_FOUND);
	KUNIT_EXPECT_EQ(test, rt_query(h, L"Bb", KeyValueBasicInformation, &u, sizeof(u), &res),
			STATUS_OBJECT_NAME_NOT_FOUND);
	KUNIT_ASSERT_EQ(test, ZwEnumerateValueKey(h, 1, KeyValueBasicInformation, &u, sizeof(u),
						  &res), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, memcmp(u.b.Name, L"Ccc", 3 * sizeof(WCHAR)), 0);
	KUNIT_EXPECT_EQ(test, ZwEnumerateValueKey(h, 2, KeyValueBasicInformation, &u, sizeof(u),
						  &res), STATUS_NO_MORE_ENTRIES);

	/* a KEY_READ handle reads and does not write */
	KUNIT_ASSERT_EQ(test, rt_open(&ro, NULL, RT_PARAMS L"\\enum", KEY_READ), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, rt_set(ro, L"A", REG_DWORD, &one, 4), STATUS_ACCESS_DENIED);
	KUNIT_EXPECT_EQ(test, rt_delete(ro, L"A"), STATUS_ACCESS_DENIED);
	KUNIT_EXPECT_EQ(test, rt_query(ro, L"A", KeyValueBasicInformation, &u, sizeof(u), &res),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(ro), STATUS_SUCCESS);

	/* missing keys; ZwCreateKey makes only the last one */
	KUNIT_EXPECT_EQ(test, rt_open(&k, NULL, RT_PARAMS L"\\Nowhere", KEY_READ),
			STATUS_OBJECT_NAME_NOT_FOUND);
	KUNIT_EXPECT_NULL(test, k);
	KUNIT_EXPECT_EQ(test, rt_create(&k, h, L"No\\Such", NULL), STATUS_OBJECT_NAME_NOT_FOUND);
	KUNIT_EXPECT_EQ(test, rt_open(&k, h, L"No", KEY_READ), STATUS_OBJECT_NAME_NOT_FOUND);
	KUNIT_EXPECT_EQ(test, ZwClose(h), STATUS_SUCCESS);
}

/* A QueryRoutine's record of its calls */
struct rt_calls {
	int n;
	ULONG type[8];
	ULONG len[8];
	WCHAR text[8][16];
	WCHAR name[8][16];
	NTSTATUS fail_at;		/* return this on call fail_n */
	int fail_n;
};

static NTSTATUS rt_routine(PWSTR ValueName, ULONG ValueType, PVOID ValueData,
			   ULONG ValueLength, PVOID Context, PVOID EntryContext)
{
	struct rt_calls *c = Context;
	int i = c->n++;

	if (i < 8) {
		c->type[i] = ValueType;
		c->len[i] = ValueLength;
		if (ValueType == REG_SZ || ValueType == REG_MULTI_SZ)
			memcpy(c->text[i], ValueData, min_t(ULONG, ValueLength, 15 * 2));
		if (ValueName)
			memcpy(c->name[i], ValueName, min_t(size_t, wcslen(ValueName), 15) * 2);
	}
	if (EntryContext)
		(*(int *)EntryContext)++;
	return c->fail_n == c->n ? c->fail_at : STATUS_SUCCESS;
}

/* RTL_QUERY_REGISTRY_DIRECT into a ULONG, a UNICODE_STRING, a sized buffer; defaults */
static void reg_table_direct(struct kunit *test)
{
	ULONG dw = 42, got = 0, dflt = 0, dflt_val = 99, untouched = 5;
	ULONGLONG qw = 0x1122334455667788ULL;
	union {
		LONG size;	/* negative: the data alone replaces it */
		ULONGLONG v;
	} qbuf = { .size = -(LONG)sizeof(ULONGLONG) };
	WCHAR small[2];
	UNICODE_STRING s = { 0 }, sd = { 0 }, tiny = { 0, sizeof(small), small };
	RTL_QUERY_REGISTRY_TABLE t[8];
	HANDLE h = rt_params(test);

	KUNIT_ASSERT_EQ(test, rt_set(h, L"TDword", REG_DWORD, &dw, 4), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, rt_set(h, L"TQword", REG_QWORD, &qw, 8), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, rt_set(h, L"TSz", REG_SZ, L"text", sizeof(L"text")),
			STATUS_SUCCESS);
	rt_delete(h, L"TMissing");

	memset(t, 0, sizeof(t));
	t[0].Flags = RTL_QUERY_REGISTRY_DIRECT;
	t[0].Name = L"TDword";
	t[0].EntryContext = &got;
	t[1].Flags = RTL_QUERY_REGISTRY_DIRECT;
	t[1].Name = L"TSz";
	t[1].EntryContext = &s;
	t[2].Flags = RTL_QUERY_REGISTRY_DIRECT;
	t[2].Name = L"TQword";
	t[2].EntryContext = &qbuf;
	t[3].Flags = RTL_QUERY_REGISTRY_DIRECT;	/* missing, with a default */
	t[3].Name = L"TMissing";
	t[3].EntryContext = &dflt;
	t[3].DefaultType = REG_DWORD;
	t[3].DefaultData = &dflt_val;
	t[3].DefaultLength = 4;
	t[4].Flags = RTL_QUERY_REGISTRY_DIRECT;	/* missing, a string default */
	t[4].Name = L"TMissing";
	t[4].EntryContext = &sd;
	t[4].DefaultType = REG_SZ;
	t[4].DefaultData = L"fallback";
	t[5].Flags = RTL_QUERY_REGISTRY_DIRECT;	/* missing, no default: untouched */
	t[5].Name = L"TMissing";
	t[5].EntryContext = &untouched;
	KUNIT_ASSERT_EQ(test, RtlQueryRegistryValues(RTL_REGISTRY_SERVICES,
						     L"" RT_DRV "\\Parameters", t, NULL, NULL),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, got, 42);
	KUNIT_ASSERT_NOT_NULL(test, s.Buffer);
	KUNIT_EXPECT_EQ(test, s.Length, 4 * sizeof(WCHAR));
	KUNIT_EXPECT_EQ(test, memcmp(s.Buffer, L"text", sizeof(L"text")), 0);
	KUNIT_EXPECT_EQ(test, qbuf.v, qw);
	KUNIT_EXPECT_EQ(test, dflt, 99);
	KUNIT_ASSERT_NOT_NULL(test, sd.Buffer);
	KUNIT_EXPECT_EQ(test, sd.Length, 8 * sizeof(WCHAR));
	KUNIT_EXPECT_EQ(test, memcmp(sd.Buffer, L"fallback", 8 * sizeof(WCHAR)), 0);
	KUNIT_EXPECT_EQ(test, untouched, 5);
	RtlFreeUnicodeString(&s);
	RtlFreeUnicodeString(&sd);

	/* a caller's buffer too small for the string */
	memset(t, 0, sizeof(t));
	t[0].Flags = RTL_QUERY_REGISTRY_DIRECT;
	t[0].Name = L"TSz";
	t[0].EntryContext = &tiny;
	KUNIT_EXPECT_EQ(test, RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RT_PARAMS, t, NULL,
						     NULL), STATUS_BUFFER_TOO_SMALL);

	/* REQUIRED and missing; the table through RTL_REGISTRY_HANDLE */
	memset(t, 0, sizeof(t));
	t[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_REQUIRED;
	t[0].Name = L"TMissing";
	t[0].EntryContext = &got;
	KUNIT_EXPECT_EQ(test, RtlQueryRegistryValues(RTL_REGISTRY_HANDLE, (PCWSTR)h, t, NULL, NULL),
			STATUS_OBJECT_NAME_NOT_FOUND);
	t[0].Name = L"TDword";
	got = 0;
	KUNIT_EXPECT_EQ(test, RtlQueryRegistryValues(RTL_REGISTRY_HANDLE, (PCWSTR)h, t, NULL, NULL),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, got, 42);

	/* a key that is not there: an error, unless RTL_REGISTRY_OPTIONAL */
	KUNIT_EXPECT_EQ(test, RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, L"wdmdma_no_such", t,
						     NULL, NULL), STATUS_OBJECT_NAME_NOT_FOUND);
	KUNIT_EXPECT_EQ(test, RtlQueryRegistryValues(RTL_REGISTRY_SERVICES | RTL_REGISTRY_OPTIONAL,
						     L"wdmdma_no_such", t, NULL, NULL),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(h), STATUS_SUCCESS);
}

/* QueryRoutines: per value, per MULTI_SZ string, NOEXPAND, failure, SUBKEY, DELETE */
static void reg_table_routine(struct kunit *test)
{
	RTL_QUERY_REGISTRY_TABLE t[4];
	struct rt_calls *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	HANDLE h = NULL, sub = NULL;
	ULONG one = 1, two = 2;
	int count = 0;

	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_ASSERT_EQ(test, rt_create(&h, NULL, RT_PARAMS L"\\Routine", NULL), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, rt_set(h, L"M", REG_MULTI_SZ, rt_multi, sizeof(rt_multi)),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, rt_set(h, L"E", REG_EXPAND_SZ, L"%x%", sizeof(L"%x%")),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, rt_set(h, L"D", REG_DWORD, &one, 4), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, rt_create(&sub, h, L"Sub", NULL), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, rt_set(sub, L"S", REG_DWORD, &two, 4), STATUS_SUCCESS);

	/* a MULTI_SZ: one call per string, each a REG_SZ */
	memset(t, 0, sizeof(t));
	t[0].QueryRoutine = rt_routine;
	t[0].Name = L"M";
	t[0].EntryContext = &count;
	KUNIT_ASSERT_EQ(test, RtlQueryRegistryValues(RTL_REGISTRY_HANDLE, (PCWSTR)h, t, c, NULL),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, c->n, 3);
	KUNIT_EXPECT_EQ(test, count, 3);
	KUNIT_EXPECT_EQ(test, c->type[0], REG_SZ);
	KUNIT_EXPECT_EQ(test, c->len[1], sizeof(L"two"));
	KUNIT_EXPECT_EQ(test, memcmp(c->text[2], L"three", sizeof(L"three")), 0);
	KUNIT_EXPECT_EQ(test, memcmp(c->name[1], L"M", 2), 0);

	/* with NOEXPAND: once, the whole REG_MULTI_SZ; an EXPAND_SZ as it is */
	memset(c, 0, sizeof(*c));
	t[0].Flags = RTL_QUERY_REGISTRY_NOEXPAND;
	t[0].EntryContext = NULL;
	t[1].QueryRoutine = rt_routine;
	t[1].Name = L"E";
	KUNIT_ASSERT_EQ(test, RtlQueryRegistryValues(RTL_REGISTRY_HANDLE, (PCWSTR)h, t, c, NULL),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, c->n, 2);
	KUNIT_EXPECT_EQ(test, c->type[0], REG_MULTI_SZ);
	KUNIT_EXPECT_EQ(test, c->len[0], sizeof(rt_multi));
	KUNIT_EXPECT_EQ(test, c->type[1], REG_SZ);	/* Name E without NOEXPAND */
	KUNIT_EXPECT_EQ(test, memcmp(c->text[1], L"%x%", sizeof(L"%x%")), 0);

	/* Name NULL: every value of the key, in order */
	memset(c, 0, sizeof(*c));
	memset(t, 0, sizeof(t));
	t[0].QueryRoutine = rt_routine;
	t[0].Flags = RTL_QUERY_REGISTRY_NOEXPAND;
	KUNIT_ASSERT_EQ(test, RtlQueryRegistryValues(RTL_REGISTRY_HANDLE, (PCWSTR)h, t, c, NULL),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, c->n, 3);
	KUNIT_EXPECT_EQ(test, c->type[0], REG_MULTI_SZ);
	KUNIT_EXPECT_EQ(test, c->type[1], REG_EXPAND_SZ);
	KUNIT_EXPECT_EQ(test, c->type[2], REG_DWORD);
	KUNIT_EXPECT_EQ(test, memcmp(c->name[2], L"D", 2), 0);

	/* a routine's failure ends the query with its status */
	memset(c, 0, sizeof(*c));
	c->fail_n = 2;
	c->fail_at = STATUS_INSUFFICIENT_RESOURCES;
	KUNIT_EXPECT_EQ(test, RtlQueryRegistryValues(RTL_REGISTRY_HANDLE, (PCWSTR)h, t, c, NULL),
			STATUS_INSUFFICIENT_RESOURCES);
	KUNIT_EXPECT_EQ(test, c->n, 2);

	/* SUBKEY moves the next entries; DELETE removes what was read */
	memset(c, 0, sizeof(*c));
	memset(t, 0, sizeof(t));
	t[0].Flags = RTL_QUERY_REGISTRY_SUBKEY;
	t[0].Name = L"Sub";
	t[1].QueryRoutine = rt_routine;
	t[1].Name = L"S";
	t[1].Flags = RTL_QUERY_REGISTRY_DELETE;
	KUNIT_ASSERT_EQ(test, RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RT_PARAMS L"\\Routine",
						     t, c, NULL), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, c->n, 1);
	KUNIT_EXPECT_EQ(test, c->type[0], REG_DWORD);
	KUNIT_EXPECT_EQ(test, rt_delete(sub, L"S"), STATUS_OBJECT_NAME_NOT_FOUND);
	KUNIT_EXPECT_EQ(test, ZwClose(sub), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(h), STATUS_SUCCESS);
}

/* TOPKEY after SUBKEY, TYPECHECK, the other RelativeTo bases */
static void reg_table_more(struct kunit *test)
{
	ULONG top = 11, low = 22, got_top = 0, got_low = 0, got_again = 0;
	RTL_QUERY_REGISTRY_TABLE t[5];
	HANDLE h = NULL, sub = NULL;

	KUNIT_ASSERT_EQ(test, rt_create(&h, NULL, RT_PARAMS L"\\More", NULL), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, rt_create(&sub, h, L"Low", NULL), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, rt_set(h, L"V", REG_DWORD, &top, 4), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, rt_set(sub, L"V", REG_DWORD, &low, 4), STATUS_SUCCESS);

	memset(t, 0, sizeof(t));
	t[0].Flags = RTL_QUERY_REGISTRY_DIRECT;
	t[0].Name = L"V";
	t[0].EntryContext = &got_top;
	t[1].Flags = RTL_QUERY_REGISTRY_SUBKEY;
	t[1].Name = L"Low";
	t[2].Flags = RTL_QUERY_REGISTRY_DIRECT;
	t[2].Name = L"V";
	t[2].EntryContext = &got_low;
	t[3].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TOPKEY;
	t[3].Name = L"V";
	t[3].EntryContext = &got_again;
	KUNIT_ASSERT_EQ(test, RtlQueryRegistryValues(RTL_REGISTRY_HANDLE, (PCWSTR)h, t, NULL, NULL),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, got_top, 11);
	KUNIT_EXPECT_EQ(test, got_low, 22);
	KUNIT_EXPECT_EQ(test, got_again, 11);

	/* TYPECHECK: the type wanted in DefaultType's top byte */
	memset(t, 0, sizeof(t));
	got_top = 0;
	t[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
	t[0].Name = L"V";
	t[0].EntryContext = &got_top;
	t[0].DefaultType = REG_SZ << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT;
	KUNIT_EXPECT_EQ(test, RtlQueryRegistryValues(RTL_REGISTRY_HANDLE, (PCWSTR)h, t, NULL, NULL),
			STATUS_OBJECT_TYPE_MISMATCH);
	KUNIT_EXPECT_EQ(test, got_top, 0);
	t[0].DefaultType = REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT;
	KUNIT_EXPECT_EQ(test, RtlQueryRegistryValues(RTL_REGISTRY_HANDLE, (PCWSTR)h, t, NULL, NULL),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, got_top, 11);

	/* the other bases name keys Windows has: a table of no entries reads them */
	memset(t, 0, sizeof(t));
	KUNIT_EXPECT_EQ(test, RtlQueryRegistryValues(RTL_REGISTRY_CONTROL, L"Class", t, NULL, NULL),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, RtlQueryRegistryValues(RTL_REGISTRY_WINDOWS_NT, NULL, t, NULL, NULL),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, RtlQueryRegistryValues(RTL_REGISTRY_DEVICEMAP, NULL, t, NULL, NULL),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, RtlQueryRegistryValues(RTL_REGISTRY_USER, NULL, t, NULL, NULL),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(sub), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(h), STATUS_SUCCESS);
}

/* Bad arguments are reported and refused, never followed */
static void reg_bad_args(struct kunit *test)
{
	unsigned long v0 = wdmdma_violations(NULL);
	OBJECT_ATTRIBUTES oa = { 0 };
	RTL_QUERY_REGISTRY_TABLE t[2];
	HANDLE h = rt_params(test), k;
	ULONG res, dw = 1;
	UCHAR buf[32];
	KIRQL old;

	KUNIT_EXPECT_EQ(test, ZwOpenKey(NULL, KEY_READ, &oa), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, ZwOpenKey(&k, KEY_READ, NULL), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, ZwOpenKey(&k, KEY_READ, &oa), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, rt_query((HANDLE)(LONG_PTR)(-4096), L"x", KeyValueBasicInformation,
				       buf, sizeof(buf), &res), STATUS_INVALID_HANDLE);
	KUNIT_EXPECT_EQ(test, rt_query(h, L"x", KeyValueBasicInformation, buf, sizeof(buf), NULL),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, rt_set(h, L"Short", REG_DWORD, &dw, 2), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, ZwSetValueKey(h, NULL, 0, REG_DWORD, &dw, 4),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, RtlQueryRegistryValues(RTL_REGISTRY_SERVICES, L"x", NULL, NULL, NULL),
			STATUS_INVALID_PARAMETER);
	memset(t, 0, sizeof(t));
	t[0].Flags = RTL_QUERY_REGISTRY_DIRECT;		/* no EntryContext */
	t[0].Name = L"x";
	KUNIT_EXPECT_EQ(test, RtlQueryRegistryValues(RTL_REGISTRY_HANDLE, (PCWSTR)h, t, NULL, NULL),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, IoOpenDeviceRegistryKey(NULL, PLUGPLAY_REGKEY_DEVICE, KEY_READ, &k),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 10);

	/* above PASSIVE_LEVEL */
	KeRaiseIrql(DISPATCH_LEVEL, &old);
	KUNIT_EXPECT_EQ(test, rt_query(h, L"x", KeyValueBasicInformation, buf, sizeof(buf), &res),
			STATUS_INVALID_PARAMETER);
	KeLowerIrql(old);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 11);
	KUNIT_EXPECT_EQ(test, ZwClose(h), STATUS_SUCCESS);
}

/* IoOpenDeviceRegistryKey: a hardware and a software key per PDO */
static void reg_device_keys(struct kunit *test)
{
	struct wdmdma_test_dev td;
	PDEVICE_OBJECT pdo, fdo = NULL;
	PDRIVER_OBJECT drv;
	HANDLE hw = NULL, sw = NULL, again = NULL;
	ULONG a = 1, b = 2, res;
	UCHAR buf[32];
	unsigned long v0;

	if (wdmdma_test_dev_create(test, &td))
		kunit_skip(test, "no test device");
	drv = wdmdma_driver_create("wdmdma-reg-test");
	pdo = wdmdma_pdo_create(td.dev);
	KUNIT_ASSERT_NOT_NULL(test, drv);
	KUNIT_ASSERT_NOT_NULL(test, pdo);

	KUNIT_ASSERT_EQ(test, IoOpenDeviceRegistryKey(pdo, PLUGPLAY_REGKEY_DEVICE, KEY_ALL_ACCESS,
						      &hw), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, IoOpenDeviceRegistryKey(pdo, PLUGPLAY_REGKEY_DRIVER, KEY_ALL_ACCESS,
						      &sw), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, rt_set(hw, L"Where", REG_DWORD, &a, 4), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, rt_set(sw, L"Where", REG_DWORD, &b, 4), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(hw), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, IoOpenDeviceRegistryKey(pdo, PLUGPLAY_REGKEY_DEVICE, KEY_READ,
						      &again), STATUS_SUCCESS);
	rt_expect(test, again, L"Where", REG_DWORD, &a, 4);
	rt_expect(test, sw, L"Where", REG_DWORD, &b, 4);
	KUNIT_EXPECT_EQ(test, ZwClose(again), STATUS_SUCCESS);
	/* the hardware profile's key is another one */
	KUNIT_ASSERT_EQ(test, IoOpenDeviceRegistryKey(pdo, PLUGPLAY_REGKEY_DEVICE |
						      PLUGPLAY_REGKEY_CURRENT_HWPROFILE,
						      KEY_READ, &again), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, rt_query(again, L"Where", KeyValueBasicInformation, buf, sizeof(buf),
				       &res), STATUS_OBJECT_NAME_NOT_FOUND);
	KUNIT_EXPECT_EQ(test, ZwClose(again), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(sw), STATUS_SUCCESS);

	/* not a PDO; not a key type */
	v0 = wdmdma_violations(NULL);
	KUNIT_ASSERT_EQ(test, IoCreateDevice(drv, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &fdo),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, IoOpenDeviceRegistryKey(fdo, PLUGPLAY_REGKEY_DEVICE, KEY_READ, &hw),
			STATUS_INVALID_DEVICE_REQUEST);
	KUNIT_EXPECT_EQ(test, IoOpenDeviceRegistryKey(pdo, 0, KEY_READ, &hw),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), v0 + 2);
	KUNIT_EXPECT_EQ(test, rt_query(hw, L"Where", KeyValueBasicInformation, buf, sizeof(buf),
				       &res), STATUS_INVALID_HANDLE);
	IoDeleteDevice(fdo);
	wdmdma_pdo_destroy(pdo);
	wdmdma_driver_destroy(drv);
	wdmdma_test_dev_destroy(&td);
}

/* Write, then read back, the administrator's file */
static ssize_t rt_admin_write(const char *text)
{
	struct file *f = filp_open(RT_ADMIN, O_WRONLY, 0);
	loff_t pos = 0;
	ssize_t n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_write(f, text, strlen(text), &pos);
	filp_close(f, NULL);
	return n;
}

static char *rt_admin_read(struct kunit *test)
{
	char *buf = kunit_kzalloc(test, 65536, GFP_KERNEL);
	struct file *f = filp_open(RT_ADMIN, O_RDONLY, 0);
	loff_t pos = 0;
	ssize_t n, total = 0;

	if (!buf || IS_ERR(f))
		return NULL;
	while ((n = kernel_read(f, buf + total, 65535 - total, &pos)) > 0)
		total += n;
	filp_close(f, NULL);
	return buf;
}

/* The glue's INF defaults, the administrator's file, and the driver between them */
static void reg_admin(struct kunit *test)
{
	static const char set[] =
		"# set before the driver starts\n"
		"[Services/wdmdma_regtest/Parameters]\n"
		"AdminDword=dword:0x10\n"
		"AdminQword=qword:4294967296\n"
		"AdminSz=sz:hello world\n"
		"AdminMulti=multi_sz:a,bc\n"
		"AdminBin=binary:de,ad,01\n";
	static const UCHAR bin[] = { 0xde, 0xad, 0x01 };
	ULONGLONG q = 1ULL << 32;
	ULONG d = 16, inf = 3, five = 5;
	HANDLE h;
	char *text;

	static const char del[] = "[Services\\wdmdma_regtest\\Parameters]\nAdminDword=-\n";
	struct file *f = filp_open(RT_ADMIN, O_RDONLY, 0);

	if (IS_ERR(f))
		kunit_skip(test, "no debugfs");
	filp_close(f, NULL);
	KUNIT_ASSERT_EQ(test, rt_admin_write(set), (ssize_t)strlen(set));
	/* the INF's default does not override what the administrator set */
	KUNIT_EXPECT_EQ(test, wdmdma_registry_default_value(RT_DRV, "Parameters", "AdminDword",
							    REG_DWORD, &inf, 4), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, wdmdma_registry_default_value(RT_DRV, "Parameters", "InfOnly",
							    REG_DWORD, &inf, 4), STATUS_SUCCESS);

	h = rt_params(test);
	rt_expect(test, h, L"AdminDword", REG_DWORD, &d, 4);
	rt_expect(test, h, L"InfOnly", REG_DWORD, &inf, 4);
	rt_expect(test, h, L"AdminQword", REG_QWORD, &q, 8);
	rt_expect(test, h, L"AdminSz", REG_SZ, L"hello world", sizeof(L"hello world"));
	rt_expect(test, h, L"AdminMulti", REG_MULTI_SZ, L"a\0bc\0", sizeof(L"a\0bc\0"));
	rt_expect(test, h, L"AdminBin", REG_BINARY, bin, sizeof(bin));

	/* what the driver writes, the administrator reads */
	KUNIT_EXPECT_EQ(test, rt_set(h, L"DriverWrote", REG_DWORD, &five, 4), STATUS_SUCCESS);
	text = rt_admin_read(test);
	KUNIT_ASSERT_NOT_NULL(test, text);
	KUNIT_EXPECT_NOT_NULL(test, strstr(text, RT_PARAMS_A "]\n"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(text, "\nDriverWrote=dword:0x00000005\n"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(text, "\nAdminSz=sz:hello world\n"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(text, "\nAdminMulti=multi_sz:a,bc\n"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(text, "\nAdminBin=binary:de,ad,01\n"));

	/* deletion, and a line that is not taken */
	KUNIT_EXPECT_EQ(test, rt_admin_write(del), (ssize_t)strlen(del));
	KUNIT_EXPECT_EQ(test, rt_delete(h, L"AdminDword"), STATUS_OBJECT_NAME_NOT_FOUND);
	KUNIT_EXPECT_EQ(test, rt_admin_write("[Services/wdmdma_regtest]\nX=float:1\n"), -EINVAL);
	KUNIT_EXPECT_EQ(test, rt_admin_write("X=dword:1\n"), -EINVAL);	/* no key named */
	KUNIT_EXPECT_EQ(test, ZwClose(h), STATUS_SUCCESS);
}

/*
 * ZwEnumerateKey and ZwQueryKey: subkeys in creation order, each class's
 * fields and sizes, the buffer rules, STATUS_NO_MORE_ENTRIES; ZwDeleteKey:
 * only without subkeys, with DELETE access, and handles to a deleted key
 * get STATUS_KEY_DELETED.
 */
static void reg_keys(struct kunit *test)
{
	union {
		KEY_BASIC_INFORMATION b;
		KEY_NODE_INFORMATION n;
		KEY_FULL_INFORMATION f;
		KEY_NAME_INFORMATION nm;
		UCHAR raw[512];
	} *u = kunit_kzalloc(test, sizeof(*u), GFP_KERNEL);
	static const WCHAR full[] = RT_PARAMS L"\\Keys";
	HANDLE h = NULL, a = NULL, b = NULL, ro = NULL, again = NULL;
	ULONG res = 0, dw = 7;
	LARGE_INTEGER now;

	KUNIT_ASSERT_NOT_NULL(test, u);
	KUNIT_ASSERT_NOT_NULL(test, wdmdma_registry_service_path(RT_DRV));	/* Parameters */
	KeQuerySystemTime(&now);
	KUNIT_ASSERT_EQ(test, rt_create(&h, NULL, full, NULL), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, rt_create(&b, h, L"Beta", NULL), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, rt_create(&a, h, L"Alpha2", NULL), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, rt_set(h, L"Value", REG_DWORD, &dw, 4), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, rt_set(h, L"LongerName", REG_BINARY, u->raw, 40), STATUS_SUCCESS);

	/* enumeration: in the order made */
	KUNIT_ASSERT_EQ(test, ZwEnumerateKey(h, 0, KeyBasicInformation, u, sizeof(*u), &res),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, res, offsetof(KEY_BASIC_INFORMATION, Name) + 8);
	KUNIT_EXPECT_EQ(test, u->b.NameLength, 8U);
	KUNIT_EXPECT_EQ(test, memcmp(u->b.Name, L"Beta", 8), 0);
	KUNIT_EXPECT_GE(test, u->b.LastWriteTime.QuadPart, now.QuadPart - 10000000LL);
	KUNIT_ASSERT_EQ(test, ZwEnumerateKey(h, 1, KeyNodeInformation, u, sizeof(*u), &res),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, res, offsetof(KEY_NODE_INFORMATION, Name) + 12);
	KUNIT_EXPECT_EQ(test, u->n.NameLength, 12U);
	KUNIT_EXPECT_EQ(test, u->n.ClassLength, 0U);
	KUNIT_EXPECT_EQ(test, memcmp(u->n.Name, L"Alpha2", 12), 0);
	KUNIT_EXPECT_EQ(test, ZwEnumerateKey(h, 2, KeyBasicInformation, u, sizeof(*u), &res),
			STATUS_NO_MORE_ENTRIES);
	/* a subkey's full information: its own counts */
	KUNIT_ASSERT_EQ(test, ZwEnumerateKey(h, 0, KeyFullInformation, u, sizeof(*u), &res),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, u->f.SubKeys, 0U);
	KUNIT_EXPECT_EQ(test, u->f.Values, 0U);

	/* the buffer rules: too small for the fixed part, then for the name */
	memset(u, 0xee, sizeof(*u));
	KUNIT_EXPECT_EQ(test, ZwEnumerateKey(h, 1, KeyBasicInformation, u, 8, &res),
			STATUS_BUFFER_TOO_SMALL);
	KUNIT_EXPECT_EQ(test, res, offsetof(KEY_BASIC_INFORMATION, Name) + 12);
	KUNIT_EXPECT_EQ(test, u->raw[0], 0xee);		/* nothing written */
	KUNIT_EXPECT_EQ(test, ZwEnumerateKey(h, 1, KeyBasicInformation, u,
					     offsetof(KEY_BASIC_INFORMATION, Name) + 4, &res),
			STATUS_BUFFER_OVERFLOW);
	KUNIT_EXPECT_EQ(test, u->b.NameLength, 12U);
	KUNIT_EXPECT_EQ(test, memcmp(u->b.Name, L"Al", 4), 0);
	KUNIT_EXPECT_EQ(test, u->raw[offsetof(KEY_BASIC_INFORMATION, Name) + 4], 0xee);

	/* the key itself */
	KUNIT_ASSERT_EQ(test, ZwQueryKey(h, KeyFullInformation, u, sizeof(*u), &res),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, res, (ULONG)offsetof(KEY_FULL_INFORMATION, Class));
	KUNIT_EXPECT_EQ(test, u->f.SubKeys, 2U);
	KUNIT_EXPECT_EQ(test, u->f.MaxNameLen, 12U);
	KUNIT_EXPECT_EQ(test, u->f.Values, 2U);
	KUNIT_EXPECT_EQ(test, u->f.MaxValueNameLen, 20U);
	KUNIT_EXPECT_EQ(test, u->f.MaxValueDataLen, 40U);
	KUNIT_EXPECT_EQ(test, u->f.ClassLength, 0U);
	KUNIT_ASSERT_EQ(test, ZwQueryKey(h, KeyBasicInformation, u, sizeof(*u), &res),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, u->b.NameLength, 8U);
	KUNIT_EXPECT_EQ(test, memcmp(u->b.Name, L"Keys", 8), 0);
	KUNIT_ASSERT_EQ(test, ZwQueryKey(h, KeyNameInformation, u, sizeof(*u), &res),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, u->nm.NameLength, (ULONG)sizeof(full) - 2);
	KUNIT_EXPECT_EQ(test, memcmp(u->nm.Name, full, sizeof(full) - 2), 0);

	/* access: enumerating needs KEY_ENUMERATE_SUB_KEYS, querying KEY_QUERY_VALUE */
	KUNIT_ASSERT_EQ(test, rt_open(&ro, NULL, full, KEY_SET_VALUE), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwEnumerateKey(ro, 0, KeyBasicInformation, u, sizeof(*u), &res),
			STATUS_ACCESS_DENIED);
	KUNIT_EXPECT_EQ(test, ZwQueryKey(ro, KeyBasicInformation, u, sizeof(*u), &res),
			STATUS_ACCESS_DENIED);
	KUNIT_EXPECT_EQ(test, ZwDeleteKey(ro), STATUS_ACCESS_DENIED);

	/* deletion: not with subkeys; a deleted key's handles fail; a new key of the name */
	KUNIT_EXPECT_EQ(test, ZwDeleteKey(h), STATUS_CANNOT_DELETE);
	KUNIT_EXPECT_EQ(test, ZwDeleteKey(b), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwQueryKey(b, KeyBasicInformation, u, sizeof(*u), &res),
			STATUS_KEY_DELETED);
	KUNIT_EXPECT_EQ(test, rt_set(b, L"X", REG_DWORD, &dw, 4), STATUS_KEY_DELETED);
	KUNIT_EXPECT_EQ(test, rt_create(&again, b, L"Child", NULL), STATUS_KEY_DELETED);
	KUNIT_EXPECT_EQ(test, ZwDeleteKey(b), STATUS_KEY_DELETED);
	KUNIT_EXPECT_EQ(test, ZwClose(b), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, rt_open(&b, h, L"Beta", KEY_READ), STATUS_OBJECT_NAME_NOT_FOUND);
	KUNIT_ASSERT_EQ(test, ZwEnumerateKey(h, 0, KeyBasicInformation, u, sizeof(*u), &res),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, memcmp(u->b.Name, L"Alpha2", 12), 0);
	KUNIT_EXPECT_EQ(test, ZwEnumerateKey(h, 1, KeyBasicInformation, u, sizeof(*u), &res),
			STATUS_NO_MORE_ENTRIES);
	KUNIT_EXPECT_EQ(test, ZwDeleteKey(a), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwDeleteKey(h), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, rt_open(&again, NULL, full, KEY_READ), STATUS_OBJECT_NAME_NOT_FOUND);
	KUNIT_EXPECT_EQ(test, RtlCheckRegistryKey(RTL_REGISTRY_ABSOLUTE, (PWSTR)full),
			STATUS_OBJECT_NAME_NOT_FOUND);
	KUNIT_EXPECT_EQ(test, ZwClose(a), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(ro), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(h), STATUS_SUCCESS);
}

/* RtlWriteRegistryValue, RtlDeleteRegistryValue, RtlCreate/CheckRegistryKey */
static void reg_rtl_write(struct kunit *test)
{
	static const WCHAR sz[] = L"written";
	ULONG dw = 0x1234, got = 0;
	RTL_QUERY_REGISTRY_TABLE t[2];
	unsigned long before;
	HANDLE h = NULL;

	KUNIT_ASSERT_NOT_NULL(test, wdmdma_registry_service_path(RT_DRV));	/* Parameters */
	/* relative to the services key; the key's last part is made */
	KUNIT_EXPECT_EQ(test, RtlCheckRegistryKey(RTL_REGISTRY_SERVICES,
						  (PWSTR)RT_DRV_W L"\\Parameters\\Rtl"),
			STATUS_OBJECT_NAME_NOT_FOUND);
	KUNIT_ASSERT_EQ(test, RtlWriteRegistryValue(RTL_REGISTRY_SERVICES,
						    RT_DRV_W L"\\Parameters\\Rtl", L"Dw",
						    REG_DWORD, &dw, sizeof(dw)), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, RtlCheckRegistryKey(RTL_REGISTRY_SERVICES,
						  (PWSTR)RT_DRV_W L"\\Parameters\\Rtl"),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, rt_open(&h, NULL, RT_PARAMS L"\\Rtl", KEY_ALL_ACCESS),
			STATUS_SUCCESS);
	rt_expect(test, h, L"Dw", REG_DWORD, &dw, 4);
	/* through a handle; read back with the query table */
	KUNIT_ASSERT_EQ(test, RtlWriteRegistryValue(RTL_REGISTRY_HANDLE, (PCWSTR)h, L"Sz",
						    REG_SZ, (PVOID)sz, sizeof(sz)),
			STATUS_SUCCESS);
	rt_expect(test, h, L"Sz", REG_SZ, sz, sizeof(sz));
	memset(t, 0, sizeof(t));
	t[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_REQUIRED;
	t[0].Name = L"Dw";
	t[0].EntryContext = &got;
	KUNIT_EXPECT_EQ(test, RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RT_PARAMS L"\\Rtl",
						     t, NULL, NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, got, dw);
	/* a parent that is missing is not made; a bad type is refused */
	KUNIT_EXPECT_EQ(test, RtlWriteRegistryValue(RTL_REGISTRY_SERVICES,
						    RT_DRV_W L"\\Nope\\Deeper", L"X",
						    REG_DWORD, &dw, 4),
			STATUS_OBJECT_NAME_NOT_FOUND);
	before = wdmdma_violations(NULL);
	KUNIT_EXPECT_EQ(test, RtlWriteRegistryValue(RTL_REGISTRY_HANDLE, (PCWSTR)h, L"Bad",
						    REG_DWORD, &dw, 3), STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, RtlWriteRegistryValue(77, L"x", L"X", REG_DWORD, &dw, 4),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, RtlDeleteRegistryValue(RTL_REGISTRY_HANDLE, (PCWSTR)h, NULL),
			STATUS_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, wdmdma_violations(NULL), before + 3);
	/* deleting */
	KUNIT_EXPECT_EQ(test, RtlDeleteRegistryValue(RTL_REGISTRY_ABSOLUTE, RT_PARAMS L"\\Rtl",
						     L"Dw"), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, RtlDeleteRegistryValue(RTL_REGISTRY_ABSOLUTE, RT_PARAMS L"\\Rtl",
						     L"Dw"), STATUS_OBJECT_NAME_NOT_FOUND);
	KUNIT_EXPECT_EQ(test, rt_delete(h, L"Dw"), STATUS_OBJECT_NAME_NOT_FOUND);
	/* RtlCreateRegistryKey: made once, then there */
	KUNIT_EXPECT_EQ(test, RtlCreateRegistryKey(RTL_REGISTRY_ABSOLUTE,
						   (PWSTR)RT_PARAMS L"\\Rtl\\Made"),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, RtlCreateRegistryKey(RTL_REGISTRY_ABSOLUTE,
						   (PWSTR)RT_PARAMS L"\\Rtl\\Made"),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, RtlCheckRegistryKey(RTL_REGISTRY_ABSOLUTE,
						  (PWSTR)RT_PARAMS L"\\Rtl\\Made"),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(h), STATUS_SUCCESS);
}

/* REG_EXPAND_SZ: %NAME% from the system's environment or the caller's block */
static void reg_expand_sz(struct kunit *test)
{
	static const WCHAR path[] = L"%SystemRoot%\\System32\\drivers\\%Unknown%\\x%";
	static const WCHAR want[] = L"C:\\Windows\\System32\\drivers\\%Unknown%\\x%";
	/* and the literal's own 0 ends the block */
	static const WCHAR env[] = L"Unknown=lab\0SystemRoot=D:\\Win\0";
	static const WCHAR want_env[] = L"D:\\Win\\System32\\drivers\\lab\\x%";
	struct rt_calls *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	UNICODE_STRING us = {};
	RTL_QUERY_REGISTRY_TABLE t[2];
	WCHAR *buf = kunit_kzalloc(test, 256, GFP_KERNEL);
	HANDLE h = NULL;

	KUNIT_ASSERT_TRUE(test, c && buf);
	KUNIT_ASSERT_NOT_NULL(test, wdmdma_registry_service_path(RT_DRV));	/* Parameters */
	KUNIT_ASSERT_EQ(test, rt_create(&h, NULL, RT_PARAMS L"\\Expand", NULL), STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, rt_set(h, L"Path", REG_EXPAND_SZ, path, sizeof(path)),
			STATUS_SUCCESS);
	/* DIRECT into a UNICODE_STRING: expanded */
	memset(t, 0, sizeof(t));
	us.Buffer = buf;
	us.MaximumLength = 256;
	t[0].Flags = RTL_QUERY_REGISTRY_DIRECT;
	t[0].Name = L"Path";
	t[0].EntryContext = &us;
	KUNIT_ASSERT_EQ(test, RtlQueryRegistryValues(RTL_REGISTRY_HANDLE, (PCWSTR)h, t, NULL,
						     NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, us.Length, (USHORT)(sizeof(want) - 2));
	KUNIT_EXPECT_EQ(test, memcmp(buf, want, sizeof(want)), 0);
	/* a QueryRoutine gets it as REG_SZ, with the terminator in the length */
	memset(t, 0, sizeof(t));
	t[0].QueryRoutine = rt_routine;
	t[0].Name = L"Path";
	KUNIT_ASSERT_EQ(test, RtlQueryRegistryValues(RTL_REGISTRY_HANDLE, (PCWSTR)h, t, c, NULL),
			STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, c->n, 1);
	KUNIT_EXPECT_EQ(test, c->type[0], REG_SZ);
	KUNIT_EXPECT_EQ(test, c->len[0], (ULONG)sizeof(want));
	KUNIT_EXPECT_EQ(test, memcmp(c->text[0], want, 15 * 2), 0);
	/* the caller's environment block */
	memset(buf, 0, 256);
	memset(t, 0, sizeof(t));
	us.Length = 0;
	t[0].Flags = RTL_QUERY_REGISTRY_DIRECT;
	t[0].Name = L"Path";
	t[0].EntryContext = &us;
	KUNIT_ASSERT_EQ(test, RtlQueryRegistryValues(RTL_REGISTRY_HANDLE, (PCWSTR)h, t, NULL,
						     (PVOID)env), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, memcmp(buf, want_env, sizeof(want_env)), 0);
	/* NOEXPAND: as written, still REG_EXPAND_SZ */
	memset(c, 0, sizeof(*c));
	memset(t, 0, sizeof(t));
	t[0].QueryRoutine = rt_routine;
	t[0].Name = L"Path";
	t[0].Flags = RTL_QUERY_REGISTRY_NOEXPAND;
	KUNIT_ASSERT_EQ(test, RtlQueryRegistryValues(RTL_REGISTRY_HANDLE, (PCWSTR)h, t, c, NULL),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, c->type[0], REG_EXPAND_SZ);
	KUNIT_EXPECT_EQ(test, c->len[0], (ULONG)sizeof(path));
	/* a default of REG_EXPAND_SZ expands too */
	memset(buf, 0, 256);
	memset(t, 0, sizeof(t));
	us.Length = 0;
	t[0].Flags = RTL_QUERY_REGISTRY_DIRECT;
	t[0].Name = L"Missing";
	t[0].EntryContext = &us;
	t[0].DefaultType = REG_EXPAND_SZ;
	t[0].DefaultData = L"%windir%";
	KUNIT_ASSERT_EQ(test, RtlQueryRegistryValues(RTL_REGISTRY_HANDLE, (PCWSTR)h, t, NULL,
						     NULL), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, memcmp(buf, L"C:\\Windows", sizeof(L"C:\\Windows")), 0);
	KUNIT_EXPECT_EQ(test, ZwDeleteKey(h), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ZwClose(h), STATUS_SUCCESS);
}

static struct kunit_case registry_cases[] = {
	KUNIT_CASE(reg_roundtrip),
	KUNIT_CASE(reg_info_classes),
	KUNIT_CASE(reg_enumerate_delete),
	KUNIT_CASE(reg_table_direct),
	KUNIT_CASE(reg_table_routine),
	KUNIT_CASE(reg_table_more),
	KUNIT_CASE(reg_bad_args),
	KUNIT_CASE(reg_device_keys),
	KUNIT_CASE(reg_admin),
	KUNIT_CASE(reg_keys),
	KUNIT_CASE(reg_rtl_write),
	KUNIT_CASE(reg_expand_sz),
	{}
};

struct kunit_suite wdmdma_registry_suite = {
	.name = "wdmdma_registry",
	.test_cases = registry_cases,
};
