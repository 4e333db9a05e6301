// SPDX-License-Identifier: GPL-2.0
/*
 * iodev_check: drive wdmdma_iodev_test.ko's two nodes from user space, as a
 * Windows application would with ReadFile/WriteFile/DeviceIoControl, and
 * check what comes back.  One line per check:
 *   iodev-check: NAME ok|fail
 * and a non-zero exit status on any failure.  Built with gcc -O2 -static.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <wdmdma/ioctl.h>
#include "iodev_test.h"

static int failures;

static void report(const char *node, const char *name, int ok)
{
	printf("iodev-check: %s %s %s\n", node, name, ok ? "ok" : "fail");
	if (!ok)
		failures++;
}

static int control(int fd, unsigned int code, void *in, unsigned int in_len, void *out,
		   unsigned int out_len, struct wdmdma_device_control *dc)
{
	memset(dc, 0, sizeof(*dc));
	dc->code = code;
	dc->input = (unsigned long)in;
	dc->input_length = in_len;
	dc->output = (unsigned long)out;
	dc->output_length = out_len;
	return ioctl(fd, WDMDMA_IOC_DEVICE_CONTROL, dc);
}

static int reversed(const unsigned char *a, const unsigned char *b, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		if (a[i] != b[n - 1 - i])
			return 0;
	return 1;
}

static void run(const char *node)
{
	static unsigned char in[3000], out[3000], back[3000];
	struct wdmdma_device_control dc;
	struct iot_counts counts;
	unsigned int n = sizeof(in);
	int fd, ret;

	for (unsigned int i = 0; i < n; i++)
		in[i] = rand();
	fd = open(node, O_RDWR);
	report(node, "open", fd >= 0);
	if (fd < 0)
		return;

	/* read and write at an offset, through this device's buffer method */
	report(node, "pwrite", pwrite(fd, in, 1000, 512) == 1000);
	memset(back, 0, sizeof(back));
	report(node, "pread", pread(fd, back, 1000, 512) == 1000 && !memcmp(in, back, 1000));
	report(node, "pwrite-past-end", pwrite(fd, in, 100, IOT_STORE_SIZE - 50) < 0 &&
	       errno == EINVAL);

	/* each method: the driver checks what it was handed */
	memset(out, 0, n);
	ret = control(fd, IOCTL_IOT_REVERSE_BUFFERED, in, n, out, n, &dc);
	report(node, "method-buffered", !ret && dc.status == 0 && dc.returned == n &&
	       reversed(in, out, n));
	memcpy(out, in, n);
	ret = control(fd, IOCTL_IOT_COMPARE_IN_DIRECT, in, n, out, n, &dc);
	report(node, "method-in-direct", !ret && dc.status == 0);
	out[7] ^= 1;
	ret = control(fd, IOCTL_IOT_COMPARE_IN_DIRECT, in, n, out, n, &dc);
	report(node, "method-in-direct-mismatch",
	       ret && (unsigned int)dc.status == IOT_STATUS_DATA_ERROR);
	memset(out, 0, n);
	ret = control(fd, IOCTL_IOT_REVERSE_OUT_DIRECT, in, n, out, n, &dc);
	report(node, "method-out-direct", !ret && dc.returned == n && reversed(in, out, n));
	memset(out, 0, n);
	ret = control(fd, IOCTL_IOT_REVERSE_NEITHER, in, n, out, n, &dc);
	report(node, "method-neither", !ret && dc.returned == n && reversed(in, out, n));
	ret = control(fd, IOT_CTL(0x9ff, 0), NULL, 0, NULL, 0, &dc);
	report(node, "unknown-code", ret && errno == EINVAL &&
	       (unsigned int)dc.status == IOT_STATUS_INVALID_DEVICE_REQUEST);
	ret = control(fd, IOCTL_IOT_COUNTS, NULL, 0, &counts, sizeof(counts) - 1, &dc);
	report(node, "buffer-too-small", ret && errno == EOVERFLOW && dc.returned == 0);
	close(fd);

	/* CREATE, then CLEANUP before CLOSE at the last close */
	fd = open(node, O_RDWR);
	ret = control(fd, IOCTL_IOT_COUNTS, NULL, 0, &counts, sizeof(counts), &dc);
	report(node, "create-cleanup-close", !ret && dc.returned == sizeof(counts) &&
	       counts.creates == 2 && counts.cleanups == 1 && counts.closes == 1);
	close(fd);
}

int main(int argc, char **argv)
{
	srand(7);
	for (int i = 1; i < argc; i++)
		run(argv[i]);
	if (argc < 2) {
		fprintf(stderr, "usage: %s NODE...\n", argv[0]);
		return 2;
	}
	return failures ? 1 : 0;
}
