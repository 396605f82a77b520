//! The questions the walkthrough asks, apart from how they are asked.
//!
//! `Prompter` is what the walkthrough talks to. The terminal one (menus
//! with filter-as-you-type) lives in the command line; `Lines` here asks
//! on plain lines, for standard input that is not a terminal (a pipe, a
//! script); tests script their own.

use std::io::{BufRead, Write};

/// One option of a menu: the name it stands for, and what is shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    /// The name the option stands for (an object or field API name, or a
    /// word such as `more`): `Lines` accepts it as an answer.
    pub key: String,
    /// The text shown.
    pub text: String,
}

impl Choice {
    pub fn new(key: impl Into<String>, text: impl Into<String>) -> Self {
        Choice {
            key: key.into(),
            text: text.into(),
        }
    }
}

/// Why a walkthrough ended before writing anything.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stop {
    /// Ctrl-C.
    Interrupted,
    /// Esc: back from a menu that has a way back, else as Ctrl-C.
    Cancelled,
    /// Standard input ended.
    EndOfInput,
    /// The terminal could not be used, or an answer could not be read.
    Failed(String),
}

/// A question: its one-line message and a help line.
#[derive(Clone, Copy, Debug)]
pub struct Question<'a> {
    pub message: &'a str,
    pub help: &'a str,
}

impl<'a> Question<'a> {
    pub fn new(message: &'a str, help: &'a str) -> Self {
        Question { message, help }
    }
}

/// The ways the walkthrough asks.
pub trait Prompter {
    /// Shows information that needs no answer (a step's heading, a
    /// summary).
    fn say(&mut self, text: &str);
    /// One of `options`; `default` is where the cursor starts. Returns an
    /// index into `options`.
    fn select(&mut self, q: Question, options: &[Choice], default: usize) -> Result<usize, Stop>;
    /// Any number of `options`, `defaults` selected at first. Returns
    /// indices into `options`, ascending.
    fn multi_select(
        &mut self,
        q: Question,
        options: &[Choice],
        defaults: &[usize],
    ) -> Result<Vec<usize>, Stop>;
    fn confirm(&mut self, q: Question, default: bool) -> Result<bool, Stop>;
    /// A line of text; `suggestions` may be offered as it is typed.
    fn text(&mut self, q: Question, suggestions: &[String]) -> Result<String, Stop>;
}

/// Asks on plain lines: a prompt on `out`, an answer line from `input`.
///
/// - A menu lists its options numbered; the answer is a number or the
///   option's name (any case); an empty line takes the default.
/// - A multiple choice takes numbers or names separated by commas or
///   spaces; an empty line takes the defaults, `-` takes none.
/// - A yes/no question takes `y`, `yes`, `n` or `no`.
///
/// An answer it cannot read is asked again; the end of input stops the
/// walkthrough.
pub struct Lines<R, W> {
    input: R,
    out: W,
    /// Write each answer after its prompt, as a terminal would have shown
    /// it (for input that is not typed).
    echo: bool,
}

impl<R: BufRead, W: Write> Lines<R, W> {
    pub fn new(input: R, out: W) -> Self {
        Lines {
            input,
            out,
            echo: false,
        }
    }

    /// Shows each answer read, for input that comes from a pipe or a file.
    pub fn echoing(mut self) -> Self {
        self.echo = true;
        self
    }

    fn ask(&mut self, q: Question, hint: &str) -> Result<String, Stop> {
        let _ = write!(self.out, "? {} {hint}", q.message);
        let _ = self.out.flush();
        let mut line = String::new();
        match self.input.read_line(&mut line) {
            Ok(0) => {
                let _ = writeln!(self.out);
                Err(Stop::EndOfInput)
            }
            Ok(_) => {
                let answer = line.trim().to_string();
                if self.echo {
                    let _ = writeln!(self.out, " {answer}");
                }
                Ok(answer)
            }
            Err(e) => Err(Stop::Failed(format!("cannot read the answer: {e}"))),
        }
    }

    fn list(&mut self, q: Question, options: &[Choice], marked: &[usize]) {
        if !q.help.is_empty() {
            let _ = writeln!(self.out, "  {}", q.help);
        }
        for (i, o) in options.iter().enumerate() {
            let mark = if marked.contains(&i) { "*" } else { " " };
            let _ = writeln!(self.out, "  {mark}{:>3}) {}", i + 1, o.text);
        }
    }

    fn again(&mut self, what: &str) {
        let _ = writeln!(self.out, "  {what}");
    }
}

/// The option an answer names: its number (from 1) or its key.
fn pick(answer: &str, options: &[Choice]) -> Option<usize> {
    if let Ok(n) = answer.parse::<usize>() {
        return (1..=options.len()).contains(&n).then(|| n - 1);
    }
    options
        .iter()
        .position(|o| o.key.eq_ignore_ascii_case(answer))
}

impl<R: BufRead, W: Write> Prompter for Lines<R, W> {
    fn say(&mut self, text: &str) {
        let _ = writeln!(self.out, "{text}");
    }

    fn select(&mut self, q: Question, options: &[Choice], default: usize) -> Result<usize, Stop> {
        self.list(q, options, &[default]);
        let hint = format!("[1-{}, default {}]:", options.len(), default + 1);
        loop {
            let answer = self.ask(q, &hint)?;
            if answer.is_empty() {
                return Ok(default);
            }
            match pick(&answer, options) {
                Some(i) => return Ok(i),
                None => self.again(&format!(
                    "`{answer}` is not one of the options: give its number or its name"
                )),
            }
        }
    }

    fn multi_select(
        &mut self,
        q: Question,
        options: &[Choice],
        defaults: &[usize],
    ) -> Result<Vec<usize>, Stop> {
        self.list(q, options, defaults);
        let hint = "[numbers or names; empty: the ones marked *; -: none]:";
        'ask: loop {
            let answer = self.ask(q, hint)?;
            if answer.is_empty() {
                let mut d = defaults.to_vec();
                d.sort_unstable();
                return Ok(d);
            }
            if answer == "-" {
                return Ok(Vec::new());
            }
            let mut chosen = Vec::new();
            for word in answer.split([',', ' ']).filter(|w| !w.is_empty()) {
                match pick(word, options) {
                    Some(i) => {
                        if !chosen.contains(&i) {
                            chosen.push(i);
                        }
                    }
                    None => {
                        self.again(&format!("`{word}` is not one of the options"));
                        continue 'ask;
                    }
                }
            }
            chosen.sort_unstable();
            return Ok(chosen);
        }
    }

    fn confirm(&mut self, q: Question, default: bool) -> Result<bool, Stop> {
        if !q.help.is_empty() {
            let _ = writeln!(self.out, "  {}", q.help);
        }
        let hint = if default { "[Y/n]:" } else { "[y/N]:" };
        loop {
            let answer = self.ask(q, hint)?.to_ascii_lowercase();
            match answer.as_str() {
                "" => return Ok(default),
                "y" | "yes" => return Ok(true),
                "n" | "no" => return Ok(false),
                _ => self.again("answer y or n"),
            }
        }
    }

    fn text(&mut self, q: Question, _suggestions: &[String]) -> Result<String, Stop> {
        if !q.help.is_empty() {
            let _ = writeln!(self.out, "  {}", q.help);
        }
        self.ask(q, ">")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options() -> Vec<Choice> {
        ["Case", "Account", "Contact"]
            .iter()
            .map(|n| Choice::new(*n, format!("{n} (label)")))
            .collect()
    }

    fn lines(input: &str) -> Lines<&[u8], Vec<u8>> {
        Lines::new(input.as_bytes(), Vec::new())
    }

    const Q: Question = Question {
        message: "Pick",
        help: "",
    };

    #[test]
    fn select_by_number_name_or_default() {
        let o = options();
        assert_eq!(lines("2\n").select(Q, &o, 0), Ok(1));
        assert_eq!(lines("contact\n").select(Q, &o, 0), Ok(2));
        assert_eq!(lines("\n").select(Q, &o, 1), Ok(1));
        // A wrong answer is asked again.
        let mut p = lines("9\nnope\n3\n");
        assert_eq!(p.select(Q, &o, 0), Ok(2));
        let shown = String::from_utf8(p.out).unwrap();
        assert!(shown.contains("`9` is not one of the options"), "{shown}");
        assert!(shown.contains("  *  1) Case (label)"), "{shown}");
    }

    #[test]
    fn multi_select_reads_lists() {
        let o = options();
        assert_eq!(lines("3, case\n").multi_select(Q, &o, &[]), Ok(vec![0, 2]));
        assert_eq!(lines("\n").multi_select(Q, &o, &[2, 0]), Ok(vec![0, 2]));
        assert_eq!(lines("-\n").multi_select(Q, &o, &[1]), Ok(vec![]));
        assert_eq!(lines("x\n2 2\n").multi_select(Q, &o, &[]), Ok(vec![1]));
    }

    #[test]
    fn confirm_and_end_of_input() {
        assert_eq!(lines("\n").confirm(Q, true), Ok(true));
        assert_eq!(lines("maybe\nNo\n").confirm(Q, true), Ok(false));
        assert_eq!(lines("").confirm(Q, true), Err(Stop::EndOfInput));
        assert_eq!(lines("").select(Q, &options(), 0), Err(Stop::EndOfInput));
        assert_eq!(lines(" Name \n").text(Q, &[]), Ok("Name".to_string()));
    }
}
