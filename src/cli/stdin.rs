//! Standard input, for editors and tools: `hierc check -` and `hierc fmt -`
//! read the text from standard input, and `--stdin-filename PATH` says
//! where it belongs (its `hierc.toml`, schema cache and the name in
//! reports), as ruff's option does. The text goes through the workspace
//! like a file's ([`crate::workspace::Workspace::compile_read`]).

use std::path::{Path, PathBuf};

use clap::Args;

/// `--stdin-filename`.
#[derive(Debug, Clone, Default, Args)]
pub struct StdinArgs {
    /// Read the text from standard input (as the path `-` does) and check
    /// or format it as if it were the file at PATH: its hierc.toml, schema
    /// cache and the name in reports. PATH need not exist.
    #[arg(long, value_name = "PATH", value_hint = clap::ValueHint::FilePath)]
    pub stdin_filename: Option<PathBuf>,
}

/// The name of standard input when `--stdin-filename` is not given: a file
/// of the current folder, shown as `-`.
const DASH: &str = "-";

impl StdinArgs {
    /// Where the text on standard input belongs when the run reads it: `-`
    /// is the only path, or `--stdin-filename` is given (with `-`, or with
    /// no path: the default `.` is not searched then). `None` when the run
    /// reads files; a usage error when `-` comes with other paths.
    pub(super) fn target(&self, paths: &[PathBuf]) -> Result<Option<PathBuf>, String> {
        let dash = Path::new(DASH);
        let has_dash = paths.iter().any(|p| p == dash);
        if has_dash && paths.len() > 1 {
            return Err("`-` (standard input) must be the only path".into());
        }
        match &self.stdin_filename {
            Some(path) => {
                let default = paths.len() == 1 && paths[0] == Path::new(".");
                if !has_dash && !default {
                    return Err(
                        "`--stdin-filename` names the text on standard input: give `-` as the only path"
                            .into(),
                    );
                }
                Ok(Some(path.clone()))
            }
            None => Ok(has_dash.then(|| PathBuf::from(DASH))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(paths: &[&str], name: Option<&str>) -> Result<Option<PathBuf>, String> {
        let args = StdinArgs {
            stdin_filename: name.map(PathBuf::from),
        };
        let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
        args.target(&paths)
    }

    #[test]
    fn standard_input_is_read_for_a_dash_or_a_stdin_filename() {
        assert_eq!(target(&["."], None), Ok(None));
        assert_eq!(target(&["a.hier", "b"], None), Ok(None));
        assert_eq!(target(&["-"], None), Ok(Some(PathBuf::from("-"))));
        assert_eq!(
            target(&["-"], Some("cases/x.hier")),
            Ok(Some(PathBuf::from("cases/x.hier")))
        );
        assert_eq!(
            target(&["."], Some("cases/x.hier")),
            Ok(Some(PathBuf::from("cases/x.hier")))
        );
    }

    #[test]
    fn a_dash_among_paths_is_a_usage_error() {
        assert!(target(&["-", "a.hier"], None).is_err());
        assert!(target(&["a.hier"], Some("x.hier")).is_err());
    }
}
