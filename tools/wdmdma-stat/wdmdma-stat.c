// SPDX-License-Identifier: GPL-2.0
/*
 * wdmdma-stat: list wdmdma's DMA adapters with their key figures, read
 * from debugfs (wdmdma/<device>/<id>/stats, key=value lines), once or
 * refreshing like top, as a table or as JSON.  The table's VERIFY column
 * says whether the adapter is in verifier mode and UNVERIF how many of its
 * mappings could not be double-buffered; under an adapter whose reports
 * were counted by class, a line lists them (debugfs check.<name>=N).
 *
 *   wdmdma-stat [--json] [-i SECONDS] [-n COUNT] [-d DEBUGFS]
 *
 * Exit status: 0 listed (possibly no adapter); 1 bad usage; 2 debugfs is
 * not mounted (or not at DEBUGFS); 3 the wdmdma module is not loaded (no
 * wdmdma directory in debugfs); 4 debugfs cannot be read (not root?).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#define DEBUGFS_MAGIC	0x64626720
#define MAX_KEYS	96
#define MAX_ADAPTERS	256

enum {
	EXIT_LISTED = 0,
	EXIT_USAGE = 1,
	EXIT_NO_DEBUGFS = 2,
	EXIT_NOT_LOADED = 3,
	EXIT_NO_ACCESS = 4,
};

struct kv {
	char key[40];
	char val[96];
};

struct adapter {
	unsigned int id;
	int nkeys;
	struct kv kv[MAX_KEYS];
};

static struct adapter adapters[MAX_ADAPTERS];
static int nadapters;

static const char *get(const struct adapter *a, const char *key)
{
	int i;

	for (i = 0; i < a->nkeys; i++)
		if (!strcmp(a->kv[i].key, key))
			return a->kv[i].val;
	return "-";
}

static int read_stats(const char *path, struct adapter *a)
{
	char line[256], *eq, *nl;
	FILE *f = fopen(path, "r");

	if (!f)
		return -errno;
	a->nkeys = 0;
	while (fgets(line, sizeof(line), f) && a->nkeys < MAX_KEYS) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		eq = strchr(line, '=');
		if (!eq)
			continue;
		*eq = '\0';
		snprintf(a->kv[a->nkeys].key, sizeof(a->kv[0].key), "%.39s", line);
		snprintf(a->kv[a->nkeys].val, sizeof(a->kv[0].val), "%.95s", eq + 1);
		a->nkeys++;
	}
	fclose(f);
	a->id = strtoul(get(a, "adapter"), NULL, 10);
	return 0;
}

static int by_id(const void *x, const void *y)
{
	const struct adapter *a = x, *b = y;

	return a->id < b->id ? -1 : a->id > b->id;
}

/* Read every adapter under @root (debugfs wdmdma/).  Return: 0 or -errno. */
static int scan(const char *root)
{
	char dpath[1024], spath[1400];
	struct dirent *de, *ae;
	DIR *d, *ad;
	int ret;

	nadapters = 0;
	d = opendir(root);
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || !strcmp(de->d_name, "drivers"))
			continue;
		snprintf(dpath, sizeof(dpath), "%.511s/%.255s", root, de->d_name);
		ad = opendir(dpath);
		if (!ad)
			continue;	/* gone meanwhile, or not a directory */
		while ((ae = readdir(ad)) && nadapters < MAX_ADAPTERS) {
			if (!isdigit((unsigned char)ae->d_name[0]))
				continue;
			snprintf(spath, sizeof(spath), "%s/%.255s/stats", dpath, ae->d_name);
			ret = read_stats(spath, &adapters[nadapters]);
			if (ret == -EACCES) {
				closedir(ad);
				closedir(d);
				return ret;
			}
			if (!ret)
				nadapters++;	/* else released while we looked */
		}
		closedir(ad);
	}
	closedir(d);
	qsort(adapters, nadapters, sizeof(adapters[0]), by_id);
	return 0;
}

/* Is @s a decimal number JSON may carry as one? */
static int is_number(const char *s)
{
	if (*s == '-')
		s++;
	if (!isdigit((unsigned char)*s) || (s[0] == '0' && s[1]))
		return 0;
	while (isdigit((unsigned char)*s))
		s++;
	return !*s;
}

static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

static void print_json(void)
{
	int i, k;

	printf("{\"adapters\":[");
	for (i = 0; i < nadapters; i++) {
		printf("%s{", i ? "," : "");
		for (k = 0; k < adapters[i].nkeys; k++) {
			const struct kv *kv = &adapters[i].kv[k];

			printf("%s", k ? "," : "");
			json_string(kv->key);
			putchar(':');
			if (is_number(kv->val))
				printf("%s", kv->val);
			else
				json_string(kv->val);
		}
		putchar('}');
	}
	printf("]}\n");
}

/* "on", "off", or "-" (a wdmdma without verifier mode) */
static const char *verifier_state(const struct adapter *a)
{
	const char *v = get(a, "verifier");

	return !strcmp(v, "-") ? v : strcmp(v, "0") ? "on" : "off";
}

/* The adapter's reports counted by class (check.<name>=N), on one line */
static void print_checks(const struct adapter *a)
{
	int k, n = 0;

	for (k = 0; k < a->nkeys; k++) {
		if (strncmp(a->kv[k].key, "check.", 6))
			continue;
		printf("%s %s=%s", n++ ? "" : "        checks:", a->kv[k].key + 6, a->kv[k].val);
	}
	if (n)
		putchar('\n');
}

static void print_table(void)
{
	int i;

	printf("%-7s %-14s %-6s %4s %5s %4s %5s %5s %6s %10s %12s %12s %5s %5s %6s",
	       "ADAPTER", "DEVICE", "MODE", "REGS", "INUSE", "PEAK", "QUEUE", "WAITS",
	       "MAXWUS", "TRANSFERS", "BYTES", "BOUNCED", "SGLS", "CBUFS", "MISUSE");
	printf(" %6s %7s\n", "VERIFY", "UNVERIF");
	for (i = 0; i < nadapters; i++) {
		const struct adapter *a = &adapters[i];

		printf("%-7u %-14s %-6s %4s %5s %4s %5s %5s %6s %10s %12s %12s %5s %5s %6s",
		       a->id, get(a, "device"), get(a, "mode"), get(a, "map_registers"),
		       get(a, "map_registers_in_use"), get(a, "map_registers_peak"),
		       get(a, "queue_depth"), get(a, "waits"), get(a, "wait_max_us"),
		       get(a, "transfers"), get(a, "bytes"), get(a, "bounced_bytes"),
		       get(a, "sg_lists_outstanding"), get(a, "common_buffers"),
		       get(a, "violations"));
		printf(" %6s %7s\n", verifier_state(a), get(a, "unverified"));
		print_checks(a);
	}
	if (!nadapters)
		printf("(no DMA adapter: no ported driver holds one)\n");
}

static void print_usage(FILE *f)
{
	fprintf(f,
		"usage: wdmdma-stat [--json] [-i SECONDS] [-n COUNT] [-d DEBUGFS]\n"
		"  --json, -j    one JSON object per listing: {\"adapters\":[{key: value...}]}\n"
		"  -i SECONDS    refresh every SECONDS (like top) until interrupted\n"
		"  -n COUNT      with -i: stop after COUNT listings\n"
		"  -d DEBUGFS    where debugfs is mounted (default /sys/kernel/debug)\n"
		"exit status: 0 listed, 1 usage, 2 debugfs not mounted, 3 wdmdma not loaded,\n"
		"             4 debugfs not readable (run as root)\n");
}

/* Why @dbg/wdmdma cannot be listed, as an exit status, with a message. */
static int explain(const char *dbg, int err)
{
	struct statfs sfs;
	struct stat st;
	char path[512];

	if (statfs(dbg, &sfs) || sfs.f_type != DEBUGFS_MAGIC) {
		if (errno == EACCES) {
			fprintf(stderr, "wdmdma-stat: %s: permission denied (run as root)\n", dbg);
			return EXIT_NO_ACCESS;
		}
		fprintf(stderr, "wdmdma-stat: debugfs is not mounted at %s\n"
			"  mount it: mount -t debugfs none %s\n", dbg, dbg);
		return EXIT_NO_DEBUGFS;
	}
	if (err == -EACCES) {
		fprintf(stderr, "wdmdma-stat: %s/wdmdma: permission denied (run as root)\n", dbg);
		return EXIT_NO_ACCESS;
	}
	snprintf(path, sizeof(path), "%.400s/wdmdma", dbg);
	if (stat(path, &st) && errno == EACCES) {
		fprintf(stderr, "wdmdma-stat: %s: permission denied (run as root)\n", dbg);
		return EXIT_NO_ACCESS;
	}
	if (stat("/sys/module/wdmdma", &st))
		fprintf(stderr, "wdmdma-stat: the wdmdma module is not loaded (modprobe wdmdma)\n");
	else
		fprintf(stderr, "wdmdma-stat: wdmdma is loaded, %s is missing\n", path);
	return EXIT_NOT_LOADED;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "interval", required_argument, NULL, 'i' },
		{ "count", required_argument, NULL, 'n' },
		{ "debugfs", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dbg = "/sys/kernel/debug";
	long interval = 0, count = 0, done = 0;
	int json = 0, c, ret;
	char root[512], *end;

	while ((c = getopt_long(argc, argv, "ji:n:d:h", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json = 1;
			break;
		case 'i':
			interval = strtol(optarg, &end, 10);
			if (*end || interval <= 0) {
				print_usage(stderr);
				return EXIT_USAGE;
			}
			break;
		case 'n':
			count = strtol(optarg, &end, 10);
			if (*end || count <= 0) {
				print_usage(stderr);
				return EXIT_USAGE;
			}
			break;
		case 'd':
			dbg = optarg;
			break;
		case 'h':
			print_usage(stdout);
			return EXIT_LISTED;
		default:
			print_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		print_usage(stderr);
		return EXIT_USAGE;
	}
	snprintf(root, sizeof(root), "%.400s/wdmdma", dbg);
	for (;;) {
		ret = scan(root);
		if (ret)
			return explain(dbg, ret);
		if (interval && !json)
			printf("\033[H\033[2J");	/* like top: the screen anew */
		if (json)
			print_json();
		else
			print_table();
		fflush(stdout);
		if (!interval || (count && ++done >= count))
			break;
		sleep(interval);	/* until interrupted, or COUNT listings */
	}
	return EXIT_LISTED;
}
