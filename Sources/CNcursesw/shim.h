#ifndef IOC_CNCURSESW_SHIM_H
#define IOC_CNCURSESW_SHIM_H
// Wide-character ncurses: these must precede the include so cchar_t, mvwaddnwstr etc. exist.
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <langinfo.h>
#include <ncurses.h>
#endif
