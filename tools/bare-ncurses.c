/* The reference for ioc's first frame (ioc-bench console): a bare ncurses program that opens
   the terminal as ioc does (newterm), fills the screen once and waits for a key. */
#include <curses.h>
#include <locale.h>

int main(void) {
    setlocale(LC_ALL, "");
    SCREEN *screen = newterm(NULL, stdout, stdin);
    if (screen == NULL) return 1;
    for (int y = 0; y < LINES; y++) mvprintw(y, 0, "%s", y == LINES - 1 ? "q quit" : "bare ncurses");
    refresh();
    getch();
    endwin();
    delscreen(screen);
    return 0;
}
