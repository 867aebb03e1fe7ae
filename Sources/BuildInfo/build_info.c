#include "BuildInfo.h"
#ifndef IOC_COMMIT
#define IOC_COMMIT "unknown"
#endif
const char *ioc_build_commit(void) { return IOC_COMMIT; }
