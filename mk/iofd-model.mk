# The iommufd kernel model (conformance/ref/iofd_model.c) and its wrong builds.
