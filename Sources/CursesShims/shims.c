#define _GNU_SOURCE
#include "CursesShims.h"
#include <errno.h>
#include <termios.h>
#include <fcntl.h>
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

static int signal_fd = -1;
static struct termios saved_modes;
static struct termios program_modes;
static int modes_saved = 0;
static int frame_fd_open = -1;
static void on_stop(int sig);

static void catch_stop(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGTSTP, &sa, NULL);
}

WINDOW *ioc_open_terminal_framed(const char *type, int *frame_fd) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return NULL;
    // Room for the largest frame: ncurses must never block writing into the pipe.
    fcntl(fds[1], F_SETPIPE_SZ, 1 << 20);
    fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
    FILE *out = fdopen(fds[1], "w");
    if (out == NULL) { close(fds[0]); close(fds[1]); return NULL; }
    SCREEN *screen = newterm(type, out, stdin);
    if (screen == NULL) { fclose(out); close(fds[0]); return NULL; }
    set_term(screen);
    // The modes ncurses would set on its output terminal, set on the real one.
    if (tcgetattr(0, &saved_modes) == 0) {
        modes_saved = 1;
        struct termios modes = saved_modes;
        modes.c_lflag &= ~(ICANON | ECHO);
        modes.c_iflag &= ~(ICRNL | INLCR);
        modes.c_cc[VMIN] = 1;
        modes.c_cc[VTIME] = 0;
        program_modes = modes;
        tcsetattr(0, TCSADRAIN, &modes);
    }
    frame_fd_open = fds[0];
    // Ctrl-Z: ncurses' own handler would restore the terminal through the pipe; ours does it
    // through the real one.
    catch_stop();
    int rows, cols;
    if (ioc_terminal_size(0, &rows, &cols) == 0) resizeterm(rows, cols);
    *frame_fd = fds[0];
    return stdscr;
}

long ioc_flush_frame(int frame_fd) {
    static char frame[1 << 20];
    size_t used = 0;
    for (;;) {
        ssize_t n = read(frame_fd, frame + used, sizeof frame - used);
        if (n > 0) { used += (size_t)n; if (used == sizeof frame) break; continue; }
        if (n < 0 && errno == EINTR) continue;
        break;
    }
    size_t done = 0;
    while (done < used) {
        ssize_t n = write(1, frame + done, used - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        done += (size_t)n;
    }
    return (long)used;
}

void ioc_restore_terminal(void) {
    if (modes_saved) tcsetattr(0, TCSADRAIN, &saved_modes);
}

// Stops like any program on Ctrl-Z, the terminal given back first; on resume, the modes again
// and a resize byte on the signal pipe, so the console repaints.
static void on_stop(int sig) {
    int saved = errno;
    endwin();
    if (frame_fd_open >= 0) ioc_flush_frame(frame_fd_open);
    ioc_restore_terminal();
    signal(SIGTSTP, SIG_DFL);
    sigset_t unblock;
    sigemptyset(&unblock);
    sigaddset(&unblock, SIGTSTP);
    sigprocmask(SIG_UNBLOCK, &unblock, NULL);
    raise(SIGTSTP);
    // Resumed.
    if (modes_saved) tcsetattr(0, TCSADRAIN, &program_modes);
    catch_stop();
    if (signal_fd >= 0) {
        char byte = 'W';
        ssize_t ignored = write(signal_fd, &byte, 1);
        (void)ignored;
    }
    (void)sig;
    errno = saved;
}

int ioc_terminal_size(int fd, int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 || ws.ws_col == 0) return -1;
    *rows = ws.ws_row;
    *cols = ws.ws_col;
    return 0;
}


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
    if (frame_fd_open >= 0) ioc_flush_frame(frame_fd_open);
    ioc_restore_terminal();
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
