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
            let help = suggest::did_you_mean(code, all.iter().copied())
                .unwrap_or_else(|| format!("codes are {}", all.join(", ")));
            super::usage(
                &format!("`{code}` is not a hierc diagnostic code"),
                Some(&help),
            )
        }
    }
}
