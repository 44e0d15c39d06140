//! Progress on stderr: a bar (or a spinner when the total is unknown) drawn
//! only when stderr is a terminal and `--quiet` is not given, so piped and
//! logged output never holds escape codes.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How often the spinner and the elapsed time are redrawn while the model runs.
const TICK: Duration = Duration::from_millis(200);

/// True when progress should be drawn: stderr is a terminal and not `--quiet`.
pub fn wanted(quiet: bool) -> bool {
    !quiet && std::io::stderr().is_terminal()
}

/// A progress display; every method is a no-op when it is hidden.
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// A bar over `len` items named `unit` ("docs", "files"), with rate and
    /// ETA, as wide as the terminal leaves room for;
    /// a spinner with the count and rate when `len` is `None`.
    pub fn new(len: Option<u64>, unit: &str, show: bool) -> Self {
        let template = match len {
            Some(_) => format!(
                "{{spinner}} {{elapsed:>4}} [{{wide_bar}}] {{pos}}/{{len}} {unit} {{msg}} ({{per_sec}}, ETA {{eta}})"
            ),
            None => format!("{{spinner}} {{elapsed:>4}} {{pos}} {unit} {{msg}} ({{per_sec}})"),
        };
        let style = ProgressStyle::with_template(&template)
            .expect("a valid template")
            .progress_chars("=> ");
        Self::with_style(len, style, show)
    }

    /// A spinner with the elapsed time and a message, for one long step
    /// whose progress cannot be measured (one long text in the model).
    pub fn spinner(message: String, show: bool) -> Self {
        let style = ProgressStyle::with_template("{spinner} {elapsed:>4} {wide_msg}")
            .expect("a valid template");
        let p = Self::with_style(None, style, show);
        p.bar.set_message(message);
        p
    }

    fn with_style(len: Option<u64>, style: ProgressStyle, show: bool) -> Self {
        let target = if show {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(len, target).with_style(style);
        if show {
            bar.enable_steady_tick(TICK);
        }
        Progress { bar }
    }

    /// Sets the position (items done).
    pub fn set(&self, pos: u64) {
        self.bar.set_position(pos);
    }

    /// Adds `n` items done.
    pub fn inc(&self, n: u64) {
        self.bar.inc(n);
    }

    /// Sets the text after the counts.
    pub fn message(&self, msg: String) {
        self.bar.set_message(msg);
    }

    /// Runs `f` (which writes to the terminal) with the display out of the way.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        self.bar.suspend(f)
    }

    /// Removes the display from the terminal.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }

    /// A writer for messages on stderr that hides the bar while a whole line
    /// is written, so messages and the bar do not garble each other.
    pub fn stderr(&self) -> LineWriter<'_> {
        LineWriter {
            bar: &self.bar,
            pending: Vec::new(),
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

/// Writes complete lines to stderr with the progress bar out of the way.
pub struct LineWriter<'a> {
    bar: &'a ProgressBar,
    pending: Vec<u8>,
}

impl Write for LineWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if let Some(last) = self.pending.iter().rposition(|&b| b == b'\n') {
            let lines: Vec<u8> = self.pending.drain(..=last).collect();
            self.bar
                .suspend(|| std::io::stderr().lock().write_all(&lines))?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let rest = std::mem::take(&mut self.pending);
        self.bar
            .suspend(|| std::io::stderr().lock().write_all(&rest))
    }
}

impl Drop for LineWriter<'_> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}
