// SPDX-License-Identifier: GPL-2.0
/*
 * edu_workload: round trips through an edu driver's character device
 * (pwrite of random bytes to the device buffer at a random offset, pread
 * back, compare), for the test VM.
 *
 *   edu_workload [--until-gone] [--slot K] NODE [ROUNDS]
 *   edu_workload --stats NODE           (the WDM sample's statistics)
 *   edu_workload --overrun N NODE       (the WDM sample's test hook)
 *   edu_workload --handles NODE         (the WDM sample's per-open state)
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
 *     address-bits=.. map-registers=.. test-overruns=.. test-overrun-bytes=..
 * --overrun N (for a DMA verifier's test, only with one on) fills the
 * device buffer at an offset with 0x5a bytes, arms the sample's test hook
 * (IOCTL_EDU_TEST_OVERRUN: the next read's DMA runs N bytes past its
 * mapping) and reads back: the read must succeed with every byte 0x5a,
 * whatever the verifier says of the N bytes the device wrote past it.
 * Prints
 *   edu-overrun: NODE bytes=N length=L offset=O read=R wrong=W
 * --handles opens NODE twice, moves HANDLES_A round trips through the
 * first open and HANDLES_B through the second, interleaved, and asks each
 * open for its own figures (IOCTL_EDU_GET_HANDLE_STATISTICS): each must
 * count its own transfers only.  Prints
 *   edu-handles: NODE first=REQUESTS/BYTES second=REQUESTS/BYTES
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
#define OVERRUN_LEN	1000	/* the read the test hook lengthens ... */
#define OVERRUN_OFF	512	/* ... at this offset in the device buffer */
#define OVERRUN_FILL	0x5a	/* not a byte of the guard tag "DmaVrfy0" */

/* DeviceIoControl() on @fd.  Return: 0, or -1 with errno set (message printed). */
static int device_control(int fd, const char *node, unsigned int code, void *in,
			  unsigned int in_len, void *out, unsigned int out_len)
{
	struct wdmdma_device_control dc = { 0 };

	dc.code = code;
	dc.input = (unsigned long)in;
	dc.input_length = in_len;
	dc.output = (unsigned long)out;
	dc.output_length = out_len;
	if (ioctl(fd, WDMDMA_IOC_DEVICE_CONTROL, &dc) || dc.returned != out_len) {
		fprintf(stderr, "%s: device control %#x: %m (status %#x, %u bytes)\n", node,
			code, (unsigned int)dc.status, dc.returned);
		return -1;
	}
	return 0;
}

/* The test hook: a read whose DMA runs @n bytes past its mapping. */
static int test_overrun(const char *node, unsigned int n)
{
	static unsigned char buf[OVERRUN_LEN + 4096];
	size_t len = OVERRUN_LEN, wrong = 0, i;
	int fd = open(node, O_RDWR);
	ssize_t ret;

	if (fd < 0) {
		perror(node);
		return 1;
	}
	if (OVERRUN_OFF + len + n >= EDU_BUFFER_SIZE) {
		fprintf(stderr, "%s: %u bytes past %zu@%d leave the device buffer\n", node, n,
			len, OVERRUN_OFF);
		close(fd);
		return 2;
	}
	/* what the device will write past the mapping: no guard pattern */
	memset(buf, OVERRUN_FILL, len + n);
	ret = pwrite(fd, buf, len + n, OVERRUN_OFF);
	if (ret != (ssize_t)(len + n)) {
		fprintf(stderr, "%s: pwrite %zu@%d: %zd (%m)\n", node, len + n, OVERRUN_OFF, ret);
		close(fd);
		return 1;
	}
	if (device_control(fd, node, IOCTL_EDU_TEST_OVERRUN, &n, sizeof(n), NULL, 0)) {
		close(fd);
		return 1;
	}
	memset(buf, 0, sizeof(buf));
	ret = pread(fd, buf, len, OVERRUN_OFF);
	for (i = 0; ret == (ssize_t)len && i < len; i++)
		wrong += buf[i] != OVERRUN_FILL;
	close(fd);
	printf("edu-overrun: %s bytes=%u length=%zu offset=%d read=%zd wrong=%zu\n", node, n,
	       len, OVERRUN_OFF, ret, wrong);
	return ret == (ssize_t)len && !wrong ? 0 : 1;
}

static int print_stats(const char *node)
{
	EDU_STATISTICS s;
	int fd = open(node, O_RDWR);

	if (fd < 0) {
		perror(node);
		return 1;
	}
	if (device_control(fd, node, IOCTL_EDU_GET_STATISTICS, NULL, 0, &s, sizeof(s))) {
		close(fd);
		return 1;
	}
	close(fd);
	printf("edu-stats: %s requests=%llu bytes=%llu failed=%llu cancelled=%llu", node,
	       s.Requests, s.Bytes, s.Failed, s.Cancelled);
	printf(" packet=%llu scatter-gather=%llu device-transfers=%llu", s.PacketRequests,
	       s.ScatterGatherRequests, s.DeviceTransfers);
	printf(" remapped=%llu above-limit=%llu address-bits=%u map-registers=%u",
	       s.Remapped, s.AboveLimit, s.DmaAddressWidth, s.MapRegisters);
	printf(" test-overruns=%llu test-overrun-bytes=%llu\n", s.TestOverruns,
	       s.TestOverrunBytes);
	return 0;
}

#define HANDLES_A	3
#define HANDLES_B	5
#define HANDLES_LEN	256

/* Two opens, each with its own figures in the driver (FsContext) */
static int test_handles(const char *node)
{
	static unsigned char out[HANDLES_LEN], in[HANDLES_LEN];
	EDU_HANDLE_STATISTICS s[2];
	int fd[2], i, k, bad = 0;

	fd[0] = open(node, O_RDWR);
	fd[1] = open(node, O_RDWR);
	if (fd[0] < 0 || fd[1] < 0) {
		perror(node);
		return 1;
	}
	for (i = 0; i < HANDLES_B; i++) {
		for (k = 0; k < 2; k++) {
			if (k == 0 && i >= HANDLES_A)
				continue;
			memset(out, 0x30 + i + 8 * k, sizeof(out));
			if (pwrite(fd[k], out, sizeof(out), 1024 * k) != sizeof(out) ||
			    pread(fd[k], in, sizeof(in), 1024 * k) != sizeof(in) ||
			    memcmp(in, out, sizeof(in))) {
				fprintf(stderr, "%s: round trip %d on open %d failed\n", node, i,
					k);
				bad = 1;
			}
		}
	}
	for (k = 0; k < 2; k++)
		if (device_control(fd[k], node, IOCTL_EDU_GET_HANDLE_STATISTICS, NULL, 0, &s[k],
				   sizeof(s[k])))
			bad = 1;
	close(fd[0]);
	close(fd[1]);
	if (bad)
		return 1;
	printf("edu-handles: %s first=%llu/%llu second=%llu/%llu\n", node, s[0].Requests,
	       s[0].Bytes, s[1].Requests, s[1].Bytes);
	return s[0].Requests != 2 * HANDLES_A || s[0].Bytes != 2ULL * HANDLES_A * HANDLES_LEN ||
	       s[1].Requests != 2 * HANDLES_B || s[1].Bytes != 2ULL * HANDLES_B * HANDLES_LEN;
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
	if (argc == 3 && !strcmp(argv[1], "--handles"))
		return test_handles(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "--overrun"))
		return test_overrun(argv[3], strtoul(argv[2], NULL, 0));
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
		fprintf(stderr, "       %s --overrun BYTES NODE\n", argv[0]);
		fprintf(stderr, "       %s --handles NODE\n", argv[0]);
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
