# SPDX-License-Identifier: GPL-2.0
#
# Out-of-tree build wrapper.  KDIR defaults to the running kernel's build
# tree when it has one, else to the project's own test guest kernel.

WDMDMA_VERSION := 0.1
KVER ?= $(shell uname -r)
GUEST_KDIR := $(shell tools/vm/build-kernel.sh --dir)

ifeq ($(origin KDIR),undefined)
ifneq ($(wildcard /lib/modules/$(KVER)/build/Makefile),)
KDIR := /lib/modules/$(KVER)/build
else
KDIR := $(GUEST_KDIR)
NEED_GUEST := guest-kernel
endif
endif

KMAKE = $(MAKE) -C $(KDIR) M=$(CURDIR) WDMDMA_VERSION=$(WDMDMA_VERSION)

all: modules

modules: $(NEED_GUEST)
	$(KMAKE) modules

guest-kernel:
	@tools/vm/deps.sh
	@tools/vm/build-kernel.sh >/dev/null

clean:
	$(KMAKE) clean 2>/dev/null || true
	rm -rf build

install: modules
	$(KMAKE) modules_install
	depmod -a $(KVER)

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

# MapTransfer/Flush and the channel against native dma-mapping, same boot.
bench:
	@tools/bench/run.sh

matrix:
	@tools/matrix.sh

lint:
	@tools/lint.sh

.PHONY: all modules guest-kernel clean install check demo vm bench matrix lint
