#ifndef IOC_CURSES_SHIMS_H
#define IOC_CURSES_SHIMS_H
// Same wide-character defines as CNcursesw's shim, so both see one ncurses.
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <ncurses.h>

// Attribute and colour macros Swift cannot import.
extern const unsigned int ioc_attr_bold;
extern const unsigned int ioc_attr_dim;
extern const unsigned int ioc_attr_reverse;
extern const unsigned int ioc_attr_underline;
int ioc_colors(void);
int ioc_color_pairs(void);
void ioc_getmaxyx(WINDOW *win, int *rows, int *cols);
int ioc_set_style(WINDOW *win, unsigned int attrs, short pair);
int ioc_key_f(int n);

// Mouse: report clicks; returns 1 and the cell of a left click after KEY_MOUSE, else 0.
void ioc_enable_mouse(void);
int ioc_left_click(int *y, int *x);

// Opens the terminal with `newterm` (unlike initscr, an unknown type is an error returned, not
// an exit): the screen's window, or NULL. ncurses writes into a pipe whose read end is returned
// in `frame_fd`, so a frame reaches the terminal in one write (ioc_flush_frame) instead of one
// per cursor move. The terminal's modes (cbreak, no echo, no CR translation) are set on stdin here, since ncurses
// cannot set them through a pipe; ioc_restore_terminal puts them back.
WINDOW *ioc_open_terminal_framed(const char *type, int *frame_fd);
// Copies what ncurses wrote since the last call to stdout in one write; bytes written, or -1.
long ioc_flush_frame(int frame_fd);
void ioc_restore_terminal(void);

// Terminal size from the kernel (after SIGWINCH, before ncurses knows).
int ioc_terminal_size(int fd, int *rows, int *cols);

// Signals: SIGWINCH, SIGINT, SIGTERM, SIGHUP write one byte ('W', 'I', 'T', 'H') to `fd`,
// so the event loop learns of them from poll(); crash signals restore the terminal first.
void ioc_install_signal_pipe(int fd);

#endif
