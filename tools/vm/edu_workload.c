// SPDX-License-Identifier: GPL-2.0
/*
 * edu_workload: round trips through an edu driver's character device
 * (pwrite to the device buffer, pread back, compare), for the test VM.
 *   edu_workload NODE [ROUNDS]   (ROUNDS defaults to 200)
 * Prints one line:
 *   edu-workload: NODE transfers=N bytes=B errors=E seconds=S MB/s=X
 * and exits non-zero on any error.  Built with gcc -O2 -static.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BUF_SIZE	4096
#define MAX_LEN		3000

int main(int argc, char **argv)
{
	static unsigned char out[BUF_SIZE], in[BUF_SIZE];
	unsigned long long bytes = 0;
	unsigned long transfers = 0, errors = 0;
	struct timespec t0, t1;
	long rounds = 200;
	double secs;
	int fd;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: %s NODE [ROUNDS]\n", argv[0]);
		return 2;
	}
	if (argc == 3)
		rounds = strtol(argv[2], NULL, 0);
	fd = open(argv[1], O_RDWR);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	srand(time(NULL) ^ getpid());
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (long r = 0; r < rounds; r++) {
		size_t len = 1 + rand() % MAX_LEN;
		off_t off = rand() % (BUF_SIZE - len);	/* off + len < BUF_SIZE */
		ssize_t ret;

		for (size_t i = 0; i < len; i++)
			out[i] = rand();
		memset(in, ~out[0], len);
		ret = pwrite(fd, out, len, off);
		transfers++;
		if (ret != (ssize_t)len) {
			fprintf(stderr, "pwrite %zu@%lld: %zd (%m)\n", len, (long long)off, ret);
			errors++;
			continue;
		}
		bytes += len;
		ret = pread(fd, in, len, off);
		transfers++;
		if (ret != (ssize_t)len) {
			fprintf(stderr, "pread %zu@%lld: %zd (%m)\n", len, (long long)off, ret);
			errors++;
			continue;
		}
		bytes += len;
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
	printf("edu-workload: %s transfers=%lu bytes=%llu errors=%lu seconds=%.3f MB/s=%.2f\n",
	       argv[1], transfers, bytes, errors, secs, secs > 0 ? bytes / secs / 1e6 : 0.0);
	return errors ? 1 : 0;
}
