/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels wdmdma builds against (6.1 to 6.12 and
 * later), kept in this one place.
 */
#ifndef _WDMDMA_COMPAT_H_
#define _WDMDMA_COMPAT_H_

#include <linux/slab.h>
#include <linux/version.h>

/* kunit_device_register() arrived in 6.8; before it a platform device serves. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
#define WDMDMA_HAVE_KUNIT_DEVICE 1
#else
#define WDMDMA_HAVE_KUNIT_DEVICE 0
#endif

/* A trace event's __assign_str() lost its source argument in 6.10. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
#define wdmdma_assign_str(dst, src)	__assign_str(dst)
#else
#define wdmdma_assign_str(dst, src)	__assign_str(dst, src)
#endif

/*
 * Run @fn(@arg) when the test ends (kunit_add_action_or_reset() arrived in
 * 6.6; before it a KUnit resource does the same).  On failure @fn runs at
 * once and -ENOMEM is returned.
 */
#if IS_ENABLED(CONFIG_KUNIT)
#include <kunit/resource.h>
#include <kunit/test.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
static inline int wdmdma_kunit_defer(struct kunit *test, void (*fn)(void *arg), void *arg)
{
	return kunit_add_action_or_reset(test, fn, arg);
}
#else
struct wdmdma_kunit_deferred {
	void (*fn)(void *arg);
	void *arg;
};

static inline int wdmdma_kunit_deferred_init(struct kunit_resource *res, void *ctx)
{
	res->data = ctx;
	return 0;
}

static inline void wdmdma_kunit_deferred_run(struct kunit_resource *res)
{
	struct wdmdma_kunit_deferred *d = res->data;

	d->fn(d->arg);
	kfree(d);
}

static inline int wdmdma_kunit_defer(struct kunit *test, void (*fn)(void *arg), void *arg)
{
	struct wdmdma_kunit_deferred *d = kmalloc(sizeof(*d), GFP_KERNEL);

	if (d) {
		d->fn = fn;
		d->arg = arg;
		if (kunit_alloc_resource(test, wdmdma_kunit_deferred_init,
					 wdmdma_kunit_deferred_run, GFP_KERNEL, d))
			return 0;
		kfree(d);
	}
	fn(arg);
	return -ENOMEM;
}
#endif
#endif /* CONFIG_KUNIT */

/*
 * The largest block order the page allocator hands out: MAX_PAGE_ORDER
 * (inclusive) since 6.8; 6.1's MAX_ORDER counts the orders (exclusive).
 */
#ifdef MAX_PAGE_ORDER
#define WDMDMA_MAX_ORDER	MAX_PAGE_ORDER
#else
#define WDMDMA_MAX_ORDER	(MAX_ORDER - 1)
#endif

#endif /* _WDMDMA_COMPAT_H_ */
