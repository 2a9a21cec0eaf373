//! A progress bar on standard error for work that takes a while: reading a large journal,
//! writing a site, rendering many dunning letters.
//!
//! The bar is drawn only when standard error is a terminal (and `TERM` is not `dumb`), and
//! only once the work has taken a second (`ARLEDGER_PROGRESS_DELAY_MS` changes that): quick
//! runs, pipes, files and CI logs never see it. It is cleared when the work ends, so that
//! nothing of it stays among the messages. The libraries know nothing of it: the loader
//! reports through [`arledger_journal::progress::Progress`], and loops in the commands call
//! [`Bar::set`].

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressFinish, ProgressStyle};

/// How long work runs before its bar is shown, unless `ARLEDGER_PROGRESS_DELAY_MS` says.
const DELAY: Duration = Duration::from_secs(1);

/// The delay before a bar shows: `ARLEDGER_PROGRESS_DELAY_MS` milliseconds when it holds a
/// number (0: at once), else [`DELAY`].
fn delay() -> Duration {
    std::env::var("ARLEDGER_PROGRESS_DELAY_MS")
        .ok()
        .and_then(|ms| ms.trim().parse().ok())
        .map_or(DELAY, Duration::from_millis)
}

/// What a bar counts.
#[derive(Clone, Copy, Debug)]
pub enum Unit {
    /// Bytes (of journal text).
    Bytes,
    /// Things (customers, pages, letters).
    Items,
}

/// Makes the place a bar is drawn on.
type Target = Arc<dyn Fn() -> ProgressDrawTarget + Send + Sync>;

/// A progress bar, hidden until the work has taken [`DELAY`], and never shown but on a
/// terminal. Clones share the bar.
#[derive(Clone)]
pub struct Bar {
    bar: ProgressBar,
    /// Where to draw once the delay is over (none: never drawn).
    target: Option<Target>,
    shown: Arc<AtomicBool>,
    delay: Duration,
}

impl std::fmt::Debug for Bar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bar")
            .field("bar", &self.bar)
            .field("drawable", &self.target.is_some())
            .finish()
    }
}

/// Whether a bar may be drawn on standard error.
fn stderr_shows_bars() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("TERM").is_none_or(|t| t != "dumb")
}

impl Bar {
    /// A bar on standard error for `what` (`reading`, `writing pages`).
    pub fn stderr(what: &str, unit: Unit) -> Bar {
        let target = stderr_shows_bars().then(|| Arc::new(ProgressDrawTarget::stderr) as Target);
        Bar::new(what, unit, target, delay())
    }

    fn new(what: &str, unit: Unit, target: Option<Target>, delay: Duration) -> Bar {
        let template = match unit {
            Unit::Bytes => "{msg} [{wide_bar}] {bytes}/{total_bytes} ({eta} left)",
            Unit::Items => "{msg} [{wide_bar}] {pos}/{len} ({eta} left)",
        };
        // Cleared when dropped too, so that a command that fails half-way leaves no bar.
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden())
            .with_finish(ProgressFinish::AndClear);
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(what.to_string());
        Bar {
            bar,
            target,
            shown: Arc::new(AtomicBool::new(false)),
            delay,
        }
    }

    /// `done` of `total` is done; shows the bar if the work has taken long enough.
    pub fn set(&self, done: u64, total: u64) {
        self.bar.set_length(total);
        self.bar.set_position(done);
        if let Some(target) = &self.target {
            if self.bar.elapsed() >= self.delay && !self.shown.swap(true, Ordering::Relaxed) {
                self.bar.set_draw_target(target());
            }
        }
    }

    /// The loader's progress hook, moving this bar.
    pub fn loader_hook(&self) -> arledger_journal::progress::Progress {
        let bar = self.clone();
        arledger_journal::progress::Progress::new(move |done, total| bar.set(done, total))
    }

    /// Ends the work: the bar is cleared from the terminal.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// A terminal that records what is written to it.
    #[derive(Clone, Debug, Default)]
    struct Screen(Arc<Mutex<String>>);

    impl indicatif::TermLike for Screen {
        fn width(&self) -> u16 {
            80
        }
        fn move_cursor_up(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_down(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_right(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_left(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn write_line(&self, s: &str) -> std::io::Result<()> {
            self.write_str(&format!("{s}\n"))
        }
        fn write_str(&self, s: &str) -> std::io::Result<()> {
            self.0.lock().unwrap().push_str(s);
            Ok(())
        }
        fn clear_line(&self) -> std::io::Result<()> {
            Ok(())
        }
        fn flush(&self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn on_screen(delay: Duration, terminal: bool) -> String {
        let screen = Screen::default();
        let s = screen.clone();
        let target = terminal.then(|| {
            Arc::new(move || ProgressDrawTarget::term_like(Box::new(s.clone()))) as Target
        });
        let bar = Bar::new("reading", Unit::Items, target, delay);
        bar.set(1, 4);
        bar.set(2, 4);
        bar.finish();
        let shown = screen.0.lock().unwrap().clone();
        shown
    }

    #[test]
    fn drawn_on_a_terminal_once_the_delay_is_over() {
        let shown = on_screen(Duration::ZERO, true);
        assert!(shown.contains("reading ["), "{shown:?}");
        assert!(shown.contains("/4"), "{shown:?}");
    }

    #[test]
    fn never_drawn_for_quick_work_or_off_a_terminal() {
        assert_eq!(on_screen(Duration::from_secs(3600), true), "");
        assert_eq!(on_screen(Duration::ZERO, false), "");
    }
}
