// SPDX-License-Identifier: GPL-2.0
/*
 * Clocks: system time (KeQuerySystemTime: 100 ns units since 1601-01-01
 * UTC, the real-time clock), the tick count (jiffies since boot, each
 * KeQueryTimeIncrement() 100 ns units long), the interrupt time (100 ns
 * units since boot, the boot-time clock, which counts suspend as Windows
 * does) and the performance counter (the monotonic clock at 10 MHz, the
 * frequency Windows reports on current machines).  No state, no lock.
 */
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/timekeeping.h>

#include "dispatch.h"

/* 100 ns intervals between 1601-01-01 (Windows system time) and 1970-01-01 */
#define WDMDMA_EPOCH_DELTA	116444736000000000LL
#define WDMDMA_QPC_FREQUENCY	10000000LL	/* 100 ns units */

static bool wdmdma_time_out_ok(PVOID out, const char *call)
{
	if (unlikely(!out)) {
		wdmdma_report(NULL, call, "NULL output pointer");
		return false;
	}
	return true;
}

/**
 * KeQuerySystemTime() - the system time, to a clock tick
 * @CurrentTime: receives 100 ns units since 1601-01-01 UTC
 */
void KeQuerySystemTime(PLARGE_INTEGER CurrentTime)
{
	struct timespec64 ts;

	if (!wdmdma_time_out_ok(CurrentTime, "KeQuerySystemTime"))
		return;
	ktime_get_coarse_real_ts64(&ts);
	CurrentTime->QuadPart = timespec64_to_ns(&ts) / 100 + WDMDMA_EPOCH_DELTA;
}
EXPORT_SYMBOL_GPL(KeQuerySystemTime);

/**
 * KeQuerySystemTimePrecise() - the system time, as precise as the clock
 * @CurrentTime: receives 100 ns units since 1601-01-01 UTC
 */
void KeQuerySystemTimePrecise(PLARGE_INTEGER CurrentTime)
{
	if (!wdmdma_time_out_ok(CurrentTime, "KeQuerySystemTimePrecise"))
		return;
	CurrentTime->QuadPart = ktime_get_real_ns() / 100 + WDMDMA_EPOCH_DELTA;
}
EXPORT_SYMBOL_GPL(KeQuerySystemTimePrecise);

/**
 * KeQueryTickCount() - clock ticks since boot
 * @CurrentCount: receives the count (jiffies since boot)
 */
void KeQueryTickCount(PLARGE_INTEGER CurrentCount)
{
	if (!wdmdma_time_out_ok(CurrentCount, "KeQueryTickCount"))
		return;
	CurrentCount->QuadPart = (LONGLONG)(get_jiffies_64() - INITIAL_JIFFIES);
}
EXPORT_SYMBOL_GPL(KeQueryTickCount);

/**
 * KeQueryTimeIncrement() - the length of a clock tick
 *
 * Return: 100 ns units per tick of KeQueryTickCount() (10000000 / HZ).
 */
ULONG KeQueryTimeIncrement(void)
{
	return (ULONG)(WDMDMA_QPC_FREQUENCY / HZ);
}
EXPORT_SYMBOL_GPL(KeQueryTimeIncrement);

/**
 * KeQueryPerformanceCounter() - a high-resolution monotonic count
 * @PerformanceFrequency: receives counts per second, or NULL
 *
 * Return: the count: the monotonic clock in 100 ns units.
 */
LARGE_INTEGER KeQueryPerformanceCounter(PLARGE_INTEGER PerformanceFrequency)
{
	LARGE_INTEGER now;

	if (PerformanceFrequency)
		PerformanceFrequency->QuadPart = WDMDMA_QPC_FREQUENCY;
	now.QuadPart = ktime_get_ns() / 100;
	return now;
}
EXPORT_SYMBOL_GPL(KeQueryPerformanceCounter);

/**
 * KeQueryInterruptTime() - time since boot
 *
 * Return: 100 ns units since boot, suspended time included.
 */
ULONGLONG KeQueryInterruptTime(void)
{
	return ktime_get_boottime_ns() / 100;
}
EXPORT_SYMBOL_GPL(KeQueryInterruptTime);

/**
 * KeQueryInterruptTimePrecise() - time since boot, and the counter with it
 * @QpcTimeStamp: receives KeQueryPerformanceCounter()'s count at that time
 *
 * Return: 100 ns units since boot, suspended time included.
 */
ULONGLONG KeQueryInterruptTimePrecise(PULONG64 QpcTimeStamp)
{
	ULONGLONG t = ktime_get_boottime_ns() / 100;

	if (wdmdma_time_out_ok(QpcTimeStamp, "KeQueryInterruptTimePrecise"))
		*QpcTimeStamp = ktime_get_ns() / 100;
	return t;
}
EXPORT_SYMBOL_GPL(KeQueryInterruptTimePrecise);
