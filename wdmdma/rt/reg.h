/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the registry's files share: registry.c (the tree, values,
 * RtlQueryRegistryValues, the glue's calls, debugfs) and regkey.c (key
 * enumeration, queries and deletion, the Rtl*Registry* write routines,
 * REG_EXPAND_SZ expansion).  LOCKING: wdmdma_reg_lock, see registry.c.
 */
#ifndef _WDMDMA_RT_REG_H_
#define _WDMDMA_RT_REG_H_

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/sizes.h>

#define REG_NAME_MAX		255		/* WCHARs of a key's name */
#define REG_VALUE_NAME_MAX	16383		/* WCHARs of a value's name */
#define REG_DATA_MAX		SZ_1M		/* bytes of a value's data */
#define REG_TAG			0x67655257	/* "WReg" */

struct reg_key {
	struct list_head link;		/* on the parent's children */
	struct list_head children;
	struct list_head values;	/* in the order they were made */
	struct reg_key *parent;
	u64 last_write;			/* KeQuerySystemTime() units */
	bool deleted;			/* ZwDeleteKey(): off the tree, kept till exit */
	u16 name_len;			/* WCHARs */
	WCHAR name[];
};

struct reg_value {
	struct list_head link;		/* on its key's values */
	ULONG type;
	u32 len;			/* bytes of data */
	u16 name_len;			/* WCHARs */
	u8 *data;			/* after the name */
	WCHAR name[];
};

struct reg_handle {
	struct list_head link;		/* on wdmdma_reg_handles */
	struct reg_key *key;
	ACCESS_MASK access;
	HANDLE handle;
};

/* A span of WCHARs (not terminated) */
struct reg_name {
	const WCHAR *s;
	size_t n;
};

extern struct mutex wdmdma_reg_lock;
extern struct reg_key *wdmdma_reg_root;

struct reg_name reg_us(PCUNICODE_STRING us);
struct reg_name reg_wz(const WCHAR *s);
bool reg_name_eq(const WCHAR *a, size_t an, const WCHAR *b, size_t bn);
struct reg_key *reg_walk(struct reg_key *k, struct reg_name path, bool create,
			 bool create_all, bool *created, NTSTATUS *status);
struct reg_key *reg_walk_abs(struct reg_name path, bool create, bool create_all,
			     bool *created, NTSTATUS *status);
struct reg_value *reg_value_find(struct reg_key *k, struct reg_name n);
NTSTATUS reg_value_set(struct reg_key *k, struct reg_name n, ULONG type,
		       const void *data, ULONG len, bool overwrite);
struct reg_handle *reg_handle_get(HANDLE h);
NTSTATUS reg_handle_open(struct reg_key *k, ACCESS_MASK access, PHANDLE out);
bool reg_callable(const char *call);
bool reg_ustr_ok(const char *call, const char *what, PCUNICODE_STRING us);
bool reg_info_args_ok(const char *call, PVOID info, ULONG length, PULONG result);
struct reg_handle *reg_value_call(const char *call, HANDLE h, ACCESS_MASK need,
				  NTSTATUS *status);
struct reg_key *reg_rel_key(ULONG rel, PCWSTR Path, bool create, NTSTATUS *status);
size_t reg_key_path(struct reg_key *k, WCHAR *buf, size_t cap);

/* regkey.c */
u64 reg_now(void);
NTSTATUS reg_expand(const WCHAR *s, size_t n, PVOID env, WCHAR **out, ULONG *len);
void reg_deleted_free(void);

#endif /* _WDMDMA_RT_REG_H_ */
