// SPDX-License-Identifier: GPL-2.0
/*
 * edu_workload: round trips through an edu driver's character device
 * (pwrite of random bytes to the device buffer at a random offset, pread
 * back, compare), for the test VM.
 *
 *   edu_workload [--until-gone] [--slot K] NODE [ROUNDS]
 *   edu_workload --stats NODE           (the WDM sample's statistics)
 *
 * ROUNDS defaults to 200; --until-gone runs until the device is removed;
 * --slot K (0-7) keeps to the K-th eighth of the device buffer, so
 * several workloads can run at once without overwriting each other.
 *
 * Prints one line
 *   edu-workload: NODE transfers=N bytes=B errors=E seconds=S MB/s=X us/transfer=U
 * and exits non-zero on any error.  With --until-gone, the run ends at the
 * first transfer failing with ENODEV (or ECANCELED: removal fails or
 * cancels what is queued) and that is not an error; a wrong byte or any
 * other failure is.  --stats prints
 *   edu-stats: NODE requests=.. bytes=.. failed=.. cancelled=.. packet=..
 *     scatter-gather=.. device-transfers=.. remapped=.. above-limit=..
 *     address-bits=.. map-registers=..
 * Built with gcc -O2 -static.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <wdmdma/ioctl.h>
#include "edu_ioctl.h"

#define MAX_LEN		3000

static int print_stats(const char *node)
{
	struct wdmdma_device_control dc = { 0 };
	EDU_STATISTICS s;
	int fd = open(node, O_RDWR);

	if (fd < 0) {
		perror(node);
		return 1;
	}
	dc.code = IOCTL_EDU_GET_STATISTICS;
	dc.output = (unsigned long)&s;
	dc.output_length = sizeof(s);
	if (ioctl(fd, WDMDMA_IOC_DEVICE_CONTROL, &dc) || dc.returned != sizeof(s)) {
		fprintf(stderr, "%s: statistics: %m (status %#x, %u bytes)\n", node,
			(unsigned int)dc.status, dc.returned);
		close(fd);
		return 1;
	}
	close(fd);
	printf("edu-stats: %s requests=%llu bytes=%llu failed=%llu cancelled=%llu", node,
	       s.Requests, s.Bytes, s.Failed, s.Cancelled);
	printf(" packet=%llu scatter-gather=%llu device-transfers=%llu", s.PacketRequests,
	       s.ScatterGatherRequests, s.DeviceTransfers);
	printf(" remapped=%llu above-limit=%llu address-bits=%u map-registers=%u\n",
	       s.Remapped, s.AboveLimit, s.DmaAddressWidth, s.MapRegisters);
	return 0;
}

/* A failure that removal explains */
static int gone(int err)
{
	return err == ENODEV || err == ECANCELED;
}

static unsigned long transfers, errors;
static unsigned long long bytes;

/*
 * One pwrite (@writing) or pread of @len bytes at @off.  Return: 1 done,
 * 0 failed (counted and told), -1 the device is gone (with @until_gone).
 */
static int transfer(int fd, int writing, unsigned char *buf, size_t len, off_t off,
		    int until_gone)
{
	ssize_t ret = writing ? pwrite(fd, buf, len, off) : pread(fd, buf, len, off);

	transfers++;
	if (ret == (ssize_t)len) {
		bytes += len;
		return 1;
	}
	if (until_gone && ret < 0 && gone(errno))
		return -1;
	fprintf(stderr, "%s %zu@%lld: %zd (%m)\n", writing ? "pwrite" : "pread", len,
		(long long)off, ret);
	errors++;
	return 0;
}

int main(int argc, char **argv)
{
	static unsigned char out[EDU_BUFFER_SIZE], in[EDU_BUFFER_SIZE];
	int until_gone = 0, ended = 0, slot = -1, a = 1;
	size_t base = 0, span = EDU_BUFFER_SIZE, max_len = MAX_LEN;
	struct timespec t0, t1;
	long rounds = 200;
	const char *node;
	double secs;
	int fd;

	if (argc == 3 && !strcmp(argv[1], "--stats"))
		return print_stats(argv[2]);
	for (; a < argc && !strncmp(argv[a], "--", 2); a++) {
		if (!strcmp(argv[a], "--until-gone")) {
			until_gone = 1;
		} else if (!strcmp(argv[a], "--slot") && a + 1 < argc) {
			slot = atoi(argv[++a]);
		} else {
			a = argc;
			break;
		}
	}
	if (a >= argc || argc - a > 2 || slot > 7) {
		fprintf(stderr, "usage: %s [--until-gone] [--slot 0-7] NODE [ROUNDS]\n", argv[0]);
		fprintf(stderr, "       %s --stats NODE\n", argv[0]);
		return 2;
	}
	node = argv[a];
	if (argc - a == 2)
		rounds = strtol(argv[a + 1], NULL, 0);
	if (until_gone)
		rounds = -1;
	if (slot >= 0) {
		span = EDU_BUFFER_SIZE / 8;
		base = slot * span;
		max_len = span - 24;
	}
	fd = open(node, O_RDWR);
	if (fd < 0) {
		perror(node);
		return 1;
	}
	srand(1 + slot);	/* the same transfers for every driver */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (long r = 0; rounds < 0 || r < rounds; r++) {
		size_t len = 1 + rand() % max_len;
		off_t off = base + rand() % (span - len);	/* off + len < the end */
		int ret;

		for (size_t i = 0; i < len; i++)
			out[i] = rand();
		memset(in, ~out[0], len);
		ret = transfer(fd, 1, out, len, off, until_gone);
		if (ret > 0)
			ret = transfer(fd, 0, in, len, off, until_gone);
		if (ret < 0) {
			ended = 1;
			break;
		}
		if (!ret)
			continue;
		for (size_t i = 0; i < len; i++) {
			if (in[i] != out[i]) {
				fprintf(stderr, "mismatch %zu@%lld at byte %zu: %02x != %02x\n",
					len, (long long)off, i, in[i], out[i]);
				errors++;
				break;
			}
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	close(fd);
	secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("edu-workload: %s transfers=%lu bytes=%llu errors=%lu seconds=%.3f", node,
	       transfers, bytes, errors, secs);
	printf(" MB/s=%.4f us/transfer=%.0f%s\n", secs > 0 ? bytes / secs / 1e6 : 0.0,
	       transfers ? secs * 1e6 / transfers : 0.0,
	       until_gone ? (ended ? " ended=removed" : " ended=never") : "");
	return errors || (until_gone && !ended) ? 1 : 0;
}
