# The role protocol (spec/role-protocol.md): the reference role player, its
# deliberately wrong builds by the defect number of ref_roles.c, and the
# same player built for a big-endian ABI, run under qemu-user, for the
# fixtures whose byte order matters (IOFD-PORT-6).
ROLES_SRC := conformance/ref/ref_roles.c conformance/ref/ref_decoder.c $(REF_SRC) $(GROUPS_SRC)
ROLES_HDR := $(REF_HDR) abi/include/linux/iommufd_fault.h
ROLE_DEFECTS := 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21
WRONG_ROLES := $(foreach n,$(ROLE_DEFECTS),build/wrong-roles-$(n))
# A big-endian host: the reference, and the reader of payloads in host order.
CROSS_ROLES := build/cross/s390x-linux-gnu/ref-roles build/cross/s390x-linux-gnu/wrong-roles-17
IMPL ?= $(CURDIR)/build/ref-roles

.PHONY: check-roles

build/ref-roles: $(ROLES_SRC) $(ROLES_HDR) | deps-build
	@mkdir -p $(@D)
	$(CC) $(WARN) -O1 -g $(SAN) $(REF_CFLAGS) -DIFA_DECODER_NO_MAIN $(ROLES_SRC) -o $@

build/wrong-roles-%: $(ROLES_SRC) $(ROLES_HDR) | deps-build
	@mkdir -p $(@D)
	$(CC) $(WARN) -O1 -g $(SAN) $(REF_CFLAGS) -DIFA_DECODER_NO_MAIN -DIFA_ROLE_DEFECT=$* \
		$(ROLES_SRC) -o $@

build/cross/%/ref-roles: $(ROLES_SRC) $(ROLES_HDR) | deps-test
	@mkdir -p $(@D)
	$*-gcc $(WARN) -O2 -static $(REF_CFLAGS) -DIFA_DECODER_NO_MAIN $(ROLES_SRC) -o $@

build/cross/%/wrong-roles-17: $(ROLES_SRC) $(ROLES_HDR) | deps-test
	@mkdir -p $(@D)
	$*-gcc $(WARN) -O2 -static $(REF_CFLAGS) -DIFA_DECODER_NO_MAIN -DIFA_ROLE_DEFECT=17 \
		$(ROLES_SRC) -o $@

HARNESS_DEPS += build/ref-roles $(WRONG_ROLES) $(CROSS_ROLES)

# Every role of an implementation: make check-roles IMPL='cmd args' [BYTE_ORDER=big]
check-roles: $(TOOL) build/ref-roles
	$(TOOL) check-roles $(if $(BYTE_ORDER),--byte-order $(BYTE_ORDER)) $(IMPL)

# The binaries of the role fixtures go beside those the main install rule puts down.
ROLE_FIXTURE_DIRS := queue-images group-records iommufd-records iommufd-reads iommufd-groups \
	iommufd-vevents
.PHONY: install-role-fixtures
install: install-role-fixtures
install-role-fixtures:
	for d in $(ROLE_FIXTURE_DIRS); do for o in "" -be; do \
		install -m 644 -D -t $(DESTDIR)$(DATADIR_SHARE)/fixtures/generated/$$d$$o \
			fixtures/generated/$$d$$o/*.bin || exit 1; \
	done; done
