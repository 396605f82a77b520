//! A reader that goes away (`hierc fmt --diff | head -1`) stops the run
//! quietly, on standard output and standard error alike, as ripgrep and
//! ruff do: no panic text, exit status 0, and, as the run unwinds, no
//! temporary file left behind.
//!
//! Rust's `print!` family panics when the write fails; such a panic, and a
//! broken pipe met by a write that returns its error ([`check`]), end up in
//! [`quiet`], which the binary runs every command in.

use std::any::Any;
use std::io::{self, ErrorKind};
use std::panic::{self, UnwindSafe};
use std::process::ExitCode;

/// The reader of standard output or standard error has gone.
struct BrokenPipe;

/// Runs `command`; a broken pipe stops it with exit status 0, without a
/// word. Every other panic is reported as usual.
pub fn quiet(command: impl FnOnce() -> ExitCode + UnwindSafe) -> ExitCode {
    let report = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if !is_broken_pipe(info.payload()) {
            report(info);
        }
    }));
    match panic::catch_unwind(command) {
        Ok(code) => code,
        Err(payload) if is_broken_pipe(payload.as_ref()) => ExitCode::SUCCESS,
        Err(payload) => panic::resume_unwind(payload),
    }
}

/// A write's result, unless its reader has gone: then the run stops.
pub(crate) fn check<T>(result: io::Result<T>) -> io::Result<T> {
    match result {
        Err(e) if e.kind() == ErrorKind::BrokenPipe => panic::resume_unwind(Box::new(BrokenPipe)),
        other => other,
    }
}

/// Our own stop, or the panic of `print!` and `eprint!` on a broken pipe
/// ("failed printing to stdout: Broken pipe (os error 32)").
fn is_broken_pipe(payload: &(dyn Any + Send)) -> bool {
    if payload.is::<BrokenPipe>() {
        return true;
    }
    let text = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or_default();
    text.starts_with("failed printing to std")
        && (text.contains("Broken pipe") || text.contains(&broken_pipe_code()))
}

/// `os error N` for EPIPE on this system.
fn broken_pipe_code() -> String {
    match io::Error::from(ErrorKind::BrokenPipe).raw_os_error() {
        Some(n) => format!("(os error {n})"),
        None => "(os error 32)".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn print_panics_on_a_broken_pipe_are_recognised() {
        let text = format!(
            "failed printing to stdout: {}",
            io::Error::from_raw_os_error(32)
        );
        assert!(is_broken_pipe(&text));
        assert!(is_broken_pipe(&BrokenPipe));
        assert!(!is_broken_pipe(
            &"failed printing to stdout: No space left on device"
        ));
        assert!(!is_broken_pipe(&"index out of bounds"));
    }

    #[test]
    fn a_broken_pipe_stops_the_run_with_success() {
        let code = quiet(|| {
            let _ = check(Err::<(), _>(io::Error::from(ErrorKind::BrokenPipe)));
            ExitCode::from(2)
        });
        assert_eq!(code, ExitCode::SUCCESS);
        let code = quiet(|| {
            check(Err::<(), _>(io::Error::from(ErrorKind::StorageFull)))
                .map_or(ExitCode::from(2), |()| ExitCode::SUCCESS)
        });
        assert_eq!(code, ExitCode::from(2));
    }
}
