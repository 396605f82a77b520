//! `hierc explain CODE`: a code's explanation page.

use std::process::ExitCode;

use crate::diagnostics::{suggest, Code};

pub fn run(code: &str) -> ExitCode {
    match Code::parse(code) {
        Some(c) => {
            print!("{}", c.explain());
            ExitCode::SUCCESS
        }
        None => {
            let all: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
            eprintln!("error: `{code}` is not a hierc diagnostic code");
            if let Some(s) = suggest::did_you_mean(code, all.iter().copied()) {
                eprintln!("  help: {s}");
            }
            eprintln!("  note: codes are {}", all.join(", "));
            ExitCode::from(2)
        }
    }
}
