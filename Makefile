# SPDX-License-Identifier: GPL-2.0
#
# Out-of-tree build wrapper.  KDIR defaults to the running kernel's build
# tree when it has one, else to the project's own test guest kernel (built,
# with its dependencies installed, on first use).

WDMDMA_VERSION := 0.1
KVER ?= $(shell uname -r)

ifeq ($(origin KDIR),undefined)
ifneq ($(wildcard /lib/modules/$(KVER)/build/Makefile),)
KDIR := /lib/modules/$(KVER)/build
endif
endif

# The kernel build, against KDIR or else the guest tree (resolved when a
# recipe runs, after tools/vm/deps.sh has installed the kernel source).
define kmake
	@kdir='$(KDIR)'; \
	if [ -z "$$kdir" ]; then \
		tools/vm/deps.sh && kdir=$$(tools/vm/build-kernel.sh) || exit 1; \
	fi; \
	$(MAKE) -C "$$kdir" M=$(CURDIR) WDMDMA_VERSION=$(WDMDMA_VERSION) $(1)
endef

PREFIX ?= /usr/local
STAT := tools/wdmdma-stat/wdmdma-stat

all: modules $(STAT)

modules:
	$(call kmake,modules)

# wdmdma-stat, a user-space tool for the host (README, "Observing wdmdma").
$(STAT): $(STAT).c
	$(CC) -O2 -Wall -Wextra -o $@ $<

wdmdma-stat: $(STAT)

clean:
	-$(call kmake,clean)
	rm -rf build $(STAT)

install: $(STAT)
	$(call kmake,modules modules_install)
	depmod -a $(KVER)
	install -D -m 0755 $(STAT) $(DESTDIR)$(PREFIX)/sbin/wdmdma-stat

# The whole test suite: compile matrix, lint, then every platform
# configuration of the test VM.  Prints "N passed, N failed" last.
check:
	@tools/check.sh

# The main job: the demo VM.
demo:
	@tools/vm/demo.sh

# One configuration and/or suite while iterating, e.g.
#   make vm CONFIGS=iommu SUITE='wdmdma_channel*'
vm:
	@tools/vm/run.sh $(if $(CONFIGS),--configs "$(CONFIGS)") $(if $(SUITE),--suite "$(SUITE)")

# The WDM DMA calls against native dma-mapping on the benchmark kernel:
# one table, build/bench/results.json and plots (README, make bench).
bench:
	@tools/bench/run.sh

matrix:
	@tools/matrix.sh

lint:
	@tools/lint.sh

# The harness's own tests (the first step of make check).
selftest:
	@tools/selftest.sh

.PHONY: all modules wdmdma-stat clean install check demo vm bench matrix lint selftest
