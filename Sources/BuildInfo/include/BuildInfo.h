#ifndef IOC_BUILD_INFO_H
#define IOC_BUILD_INFO_H
// The commit this binary was built from: `make` passes -DIOC_COMMIT="..." (git describe);
// a plain `swift build` says "unknown".
const char *ioc_build_commit(void);
#endif
