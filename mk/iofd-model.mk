# The iommufd kernel model (conformance/ref/iofd_model.c) and its wrong builds.
#
# build/iofd-fixtures runs fixtures/iommufd-fd.txt and fixtures/iommufd-eventq.txt
# against the reference model; build/wrong-iofd-N against the model built with
# -DIOFD_DEFECT=N, which breaks one rule (the list heads iofd_model.c). The
# runner and the parser are compiled once and linked with each model.
IOFD_SRC := conformance/ref/iofd_model.c
IOFD_HDR := conformance/ref/iofd_model.h abi/include/linux/iommufd_fault.h
IOFD_DEFECTS := 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21
WRONG_IOFD := $(foreach n,$(IOFD_DEFECTS),build/wrong-iofd-$(n))
IOFD_CFLAGS = $(WARN) -O1 -g $(SAN) $(INC) $(REF_CFLAGS)
IOFD_COMMON_OBJ := $(patsubst %.c,build/iofd-obj/%.o,conformance/tests/iofd_fixtures.c \
	conformance/fixture-gen/fixture.c $(LIB_SRC))

build/iofd-obj/%.o: %.c $(HDR) $(IOFD_HDR) | deps-build
	@mkdir -p $(@D)
	$(CC) $(IOFD_CFLAGS) -c $< -o $@

build/iofd-obj/model-0.o: $(IOFD_SRC) $(IOFD_HDR) | deps-build
	@mkdir -p $(@D)
	$(CC) $(IOFD_CFLAGS) -c $< -o $@

build/iofd-obj/model-%.o: $(IOFD_SRC) $(IOFD_HDR) | deps-build
	@mkdir -p $(@D)
	$(CC) $(IOFD_CFLAGS) -DIOFD_DEFECT=$* -c $< -o $@

build/iofd-fixtures: build/iofd-obj/model-0.o $(IOFD_COMMON_OBJ)
	$(CC) $(IOFD_CFLAGS) $^ -o $@

build/wrong-iofd-%: build/iofd-obj/model-%.o $(IOFD_COMMON_OBJ)
	$(CC) $(IOFD_CFLAGS) $^ -o $@

.PHONY: check-iofd
check-iofd: build/iofd-fixtures
	build/iofd-fixtures fixtures/iommufd-fd.txt fixtures/iommufd-eventq.txt

HARNESS_DEPS += build/iofd-fixtures $(WRONG_IOFD)

# Objects made by pattern rules are intermediate to make: kept, or every build makes them again.
.SECONDARY: $(IOFD_COMMON_OBJ) $(foreach n,0 $(IOFD_DEFECTS),build/iofd-obj/model-$(n).o)
