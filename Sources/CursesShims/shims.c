#include "CursesShims.h"
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

const unsigned int ioc_attr_bold = A_BOLD;
const unsigned int ioc_attr_dim = A_DIM;
const unsigned int ioc_attr_reverse = A_REVERSE;
const unsigned int ioc_attr_underline = A_UNDERLINE;

int ioc_colors(void) { return COLORS; }
int ioc_color_pairs(void) { return COLOR_PAIRS; }

void ioc_getmaxyx(WINDOW *win, int *rows, int *cols) {
    int y, x;
    getmaxyx(win, y, x);
    *rows = y;
    *cols = x;
}

int ioc_set_style(WINDOW *win, unsigned int attrs, short pair) {
    return wattr_set(win, (attr_t)attrs, pair, NULL);
}

int ioc_key_f(int n) { return KEY_F(n); }

WINDOW *ioc_open_terminal(const char *type) {
    // An unknown type gives NULL here (initscr would print an error and exit).
    SCREEN *screen = newterm(type, stdout, stdin);
    if (screen == NULL) return NULL;
    set_term(screen);
    return stdscr;
}

int ioc_terminal_size(int fd, int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 || ws.ws_col == 0) return -1;
    *rows = ws.ws_row;
    *cols = ws.ws_col;
    return 0;
}

static int signal_fd = -1;

static void on_signal(int sig) {
    int saved = errno;
    char byte = 0;
    switch (sig) {
    case SIGWINCH: byte = 'W'; break;
    case SIGINT: byte = 'I'; break;
    case SIGTERM: byte = 'T'; break;
    case SIGHUP: byte = 'H'; break;
    }
    if (signal_fd >= 0 && byte) {
        ssize_t ignored = write(signal_fd, &byte, 1);
        (void)ignored;
    }
    errno = saved;
}

static void on_crash(int sig) {
    // Not async-signal-safe in theory, but leaving a raw terminal behind is worse.
    endwin();
    signal(sig, SIG_DFL);
    raise(sig);
}

void ioc_install_signal_pipe(int fd) {
    signal_fd = fd;
    // A parent may have started us with these blocked (a test runner, a supervisor): unblock them.
    sigset_t wanted;
    sigemptyset(&wanted);
    sigaddset(&wanted, SIGWINCH);
    sigaddset(&wanted, SIGINT);
    sigaddset(&wanted, SIGTERM);
    sigaddset(&wanted, SIGHUP);
    pthread_sigmask(SIG_UNBLOCK, &wanted, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGWINCH, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    int crashes[] = {SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE};
    for (unsigned i = 0; i < sizeof crashes / sizeof crashes[0]; i++) {
        struct sigaction crash;
        memset(&crash, 0, sizeof crash);
        crash.sa_handler = on_crash;
        sigemptyset(&crash.sa_mask);
        sigaction(crashes[i], &crash, NULL);
    }
}

void ioc_enable_mouse(void) {
    mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED, NULL);
    mouseinterval(0);
}

int ioc_left_click(int *y, int *x) {
    MEVENT event;
    if (getmouse(&event) != OK) return 0;
    if (!(event.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED))) return 0;
    *y = event.y;
    *x = event.x;
    return 1;
}
