#ifndef AUREON_CNCURSES_SHIM_H
#define AUREON_CNCURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <signal.h>
#include <termios.h>
#include <wchar.h>
#include <ncursesw/curses.h>

/*
 * Swift cannot import C macros with arguments, macros built from other
 * macros (A_BOLD is NCURSES_BITS(...)), or mutable global variables under
 * strict concurrency (stdscr, COLS, LINES, COLORS, COLOR_PAIRS, ESCDELAY).
 * Each accessor below is a `static inline` function so that nothing here
 * needs a compiled C target: the Swift importer inlines them.
 */

/* ---- Globals ---- */

static inline WINDOW *aureon_stdscr(void) { return stdscr; }
static inline int aureon_cols(void) { return COLS; }
static inline int aureon_lines(void) { return LINES; }
static inline int aureon_colors(void) { return COLORS; }
static inline int aureon_color_pairs(void) { return COLOR_PAIRS; }

/** Reads the current window size the way getmaxyx() does (it is a macro). */
static inline void aureon_getmaxyx(WINDOW *win, int *rows, int *cols) {
    int y = 0, x = 0;
    if (win != NULL) {
        getmaxyx(win, y, x);
    }
    *rows = y;
    *cols = x;
}

/** ESC delay in milliseconds; set_escdelay() exists in ncurses >= 5.8. */
static inline int aureon_set_escdelay(int ms) { return set_escdelay(ms); }

/* ---- Attributes ---- */

static inline attr_t aureon_a_normal(void) { return A_NORMAL; }
static inline attr_t aureon_a_bold(void) { return A_BOLD; }
static inline attr_t aureon_a_dim(void) { return A_DIM; }
static inline attr_t aureon_a_reverse(void) { return A_REVERSE; }
static inline attr_t aureon_a_underline(void) { return A_UNDERLINE; }
static inline attr_t aureon_color_pair(int n) { return (attr_t)COLOR_PAIR(n); }

/* ---- Return codes ---- */

static inline int aureon_ok(void) { return OK; }
static inline int aureon_err(void) { return ERR; }
static inline int aureon_key_code_yes(void) { return KEY_CODE_YES; }

/* ---- Key codes ---- */

static inline int aureon_key_resize(void) { return KEY_RESIZE; }
static inline int aureon_key_mouse(void) { return KEY_MOUSE; }
static inline int aureon_key_up(void) { return KEY_UP; }
static inline int aureon_key_down(void) { return KEY_DOWN; }
static inline int aureon_key_left(void) { return KEY_LEFT; }
static inline int aureon_key_right(void) { return KEY_RIGHT; }
static inline int aureon_key_home(void) { return KEY_HOME; }
static inline int aureon_key_end(void) { return KEY_END; }
static inline int aureon_key_ppage(void) { return KEY_PPAGE; }
static inline int aureon_key_npage(void) { return KEY_NPAGE; }
static inline int aureon_key_enter(void) { return KEY_ENTER; }
static inline int aureon_key_backspace(void) { return KEY_BACKSPACE; }
static inline int aureon_key_dc(void) { return KEY_DC; }
static inline int aureon_key_btab(void) { return KEY_BTAB; }
static inline int aureon_key_f0(void) { return KEY_F0; }
static inline int aureon_key_f(int n) { return KEY_F(n); }

/* ---- Mouse ---- */

static inline mmask_t aureon_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t aureon_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t aureon_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t aureon_button4_pressed(void) { return BUTTON4_PRESSED; }
#if NCURSES_MOUSE_VERSION > 1
static inline mmask_t aureon_button5_pressed(void) { return BUTTON5_PRESSED; }
#else
static inline mmask_t aureon_button5_pressed(void) { return 0; }
#endif
static inline mmask_t aureon_all_mouse_events(void) { return ALL_MOUSE_EVENTS; }
static inline mmask_t aureon_report_mouse_position(void) { return REPORT_MOUSE_POSITION; }

/* ---- Signals ---- */

/**
 * Installs `handler` for `signo` with sigaction(2) and SA_RESTART cleared, so
 * a blocking read returns and the app gets to poll its termination flag.
 * Written in C because glibc's `struct sigaction` keeps the handler in an
 * anonymous union that is awkward to fill from Swift.
 */
static inline int aureon_install_signal_handler(int signo, void (*handler)(int)) {
    struct sigaction action;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    action.sa_handler = handler;
    return sigaction(signo, &action, NULL);
}

/** Restores the default disposition for `signo`. */
static inline int aureon_reset_signal_handler(int signo) {
    struct sigaction action;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    action.sa_handler = SIG_DFL;
    return sigaction(signo, &action, NULL);
}

/**
 * Installs a three-argument (SA_SIGINFO) handler for a crash signal, on the alternate signal
 * stack when there is one (a stack overflow leaves no room on the normal stack), and stores
 * the disposition it replaces in `previous` so the handler can hand the signal on.
 */
static inline int aureon_install_crash_handler(int signo, void (*handler)(int, siginfo_t *, void *),
                                               struct sigaction *previous) {
    struct sigaction action;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    action.sa_sigaction = handler;
    return sigaction(signo, &action, previous);
}

/** Puts back a disposition saved by aureon_install_crash_handler. */
static inline int aureon_restore_signal_action(int signo, const struct sigaction *previous) {
    return sigaction(signo, previous, NULL);
}

/**
 * True when the kernel raised the signal for a faulting instruction (si_code > 0): returning
 * from the handler runs the instruction again and faults again. Signals sent with kill(2) or
 * raise(3) have si_code <= 0 and must be raised again.
 */
static inline int aureon_signal_is_a_fault(const siginfo_t *info) {
    return info != NULL && info->si_code > 0;
}

/** True when a saved disposition ignores the signal. */
static inline int aureon_signal_action_ignores(const struct sigaction *action) {
    return !(action->sa_flags & SA_SIGINFO) && action->sa_handler == SIG_IGN;
}

/**
 * Runs a saved handler (the Swift runtime's crash reporter, say) from inside our own, if it is
 * a function; the default and ignore dispositions are not functions and do nothing here.
 */
static inline void aureon_call_signal_action(const struct sigaction *action, int signo, siginfo_t *info, void *context) {
    if (action->sa_flags & SA_SIGINFO) {
        if (action->sa_sigaction != NULL) action->sa_sigaction(signo, info, context);
    } else if (action->sa_handler != SIG_DFL && action->sa_handler != SIG_IGN) {
        action->sa_handler(signo);
    }
}

/** A terminfo string capability, or NULL when the terminal lacks it. */
static inline const char *aureon_terminfo_string(const char *name) {
    char *value = tigetstr(name);
    return (value == NULL || value == (char *)-1) ? NULL : value;
}

/* ---- Terminal capabilities (checked before the screen is touched) ---- */

#include <ncursesw/term.h>

/**
 * Whether terminal type `term` can address the cursor: 1 yes, 0 no cursor addressing,
 * -1 unknown to terminfo. Loads the terminfo entry only (setupterm writes nothing) and
 * frees it again, so ncurses can be opened normally afterwards.
 */
static inline int aureon_terminal_can_address(const char *term) {
    int error = 0;
    if (setupterm((char *)term, -1, &error) != OK) { return -1; }
    char *cup = tigetstr("cup");
    int addressable = (cup != NULL && cup != (char *)-1) ? 1 : 0;
    TERMINAL *loaded = set_curterm(NULL);
    if (loaded != NULL) { del_curterm(loaded); }
    return addressable;
}

#endif
