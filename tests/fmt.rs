//! `hierc fmt`: the canonical layout is idempotent and keeps the meaning
//! (the same compiled JSON; for files that do not compile, the same syntax
//! tree without spans) and every comment, over every fixture and example and
//! over generated files; the command writes, checks and diffs.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use hierc::diagnostics::Diagnostics;
use hierc::source::SourceFile;
use hierc::syntax::{self, ast};

// ---------------------------------------------------------------- properties

/// The statements without spans, for comparing meaning.
fn shape(file: &ast::File) -> String {
    let debug = format!("{:#?}", file.statements);
    let mut out = String::new();
    for line in debug.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("span: ") || trimmed.starts_with("keyword: ") {
            continue;
        }
        out.push_str(&strip_span(line));
        out.push('\n');
    }
    out
}

/// `"Case" @0..4,` → `"Case",`: the span an `Ident` or a string prints.
fn strip_span(line: &str) -> String {
    let (body, comma) = match line.strip_suffix(',') {
        Some(b) => (b, ","),
        None => (line, ""),
    };
    match body.rfind(" @") {
        Some(at)
            if body[at + 2..]
                .split("..")
                .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())) =>
        {
            format!("{}{comma}", &body[..at])
        }
        _ => line.to_string(),
    }
}

fn parse(name: &str, text: &str) -> ast::File {
    let source = SourceFile::new(name, text);
    let mut diags = Diagnostics::new();
    let file = syntax::parse(&source, &mut diags);
    assert!(
        !diags.has_errors() && !file.incomplete,
        "{name} does not parse:\n{text}\n{diags:?}"
    );
    file
}

fn comment_texts(file: &ast::File) -> Vec<String> {
    file.comments
        .iter()
        .map(|c| c.text.trim_end().to_string())
        .collect()
}

/// Formats `text` and checks every property of the result; returns it.
fn assert_faithful(name: &str, text: &str) -> String {
    let source = SourceFile::new(name, text);
    let formatted = hierc::fmt::format(&source)
        .unwrap_or_else(|d| panic!("{name} does not format: {d:?}\n{text}"));
    let context = || format!("{name}\n--- input ---\n{text}\n--- formatted ---\n{formatted}");
    let again = hierc::fmt::format(&SourceFile::new(name, formatted.clone())).unwrap();
    assert_eq!(again, formatted, "not idempotent: {}", context());
    let (before, after) = (parse(name, text), parse(name, &formatted));
    assert_eq!(
        shape(&before),
        shape(&after),
        "meaning changed: {}",
        context()
    );
    assert_eq!(
        comment_texts(&before),
        comment_texts(&after),
        "comments changed: {}",
        context()
    );
    assert_canonical_bytes(&formatted, &context);
    formatted
}

/// LF line breaks, no trailing spaces, no tabs, at most one blank line in a
/// row, none at the start or end, one line break at the end.
fn assert_canonical_bytes(text: &str, context: &dyn Fn() -> String) {
    if text.is_empty() {
        return;
    }
    assert!(
        !text.contains('\r') && !text.contains('\t'),
        "{}",
        context()
    );
    assert!(
        text.ends_with('\n') && !text.ends_with("\n\n"),
        "{}",
        context()
    );
    assert!(
        !text.starts_with('\n') && !text.contains("\n\n\n"),
        "{}",
        context()
    );
    assert!(
        text.lines().all(|l| l == l.trim_end()),
        "trailing spaces: {}",
        context()
    );
}

fn hier_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(common::root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "hier"))
        .collect();
    files.sort();
    files
}

fn json_of(path: &Path, text: &str) -> Option<String> {
    let catalog = common::catalog_for(path);
    let c = hierc::compile(SourceFile::new(common::relative(path), text), &catalog);
    c.config.as_ref().map(hierc::config::to_json)
}

#[test]
fn every_fixture_and_example_formats_faithfully() {
    let dirs = [
        "examples",
        "tests/fixtures/ok",
        "tests/fixtures/err",
        "tests/syntax",
    ];
    let mut formatted = 0;
    for path in dirs.iter().flat_map(|d| hier_files(d)) {
        let name = common::relative(&path);
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue; // not UTF-8: E002's fixture
        };
        let source: Arc<SourceFile> = SourceFile::new(&name, text.clone());
        if hierc::fmt::format(&source).is_err() {
            assert!(name.contains("/err/E001"), "{name} must format");
            continue;
        }
        let out = assert_faithful(&name, &text);
        assert_eq!(json_of(&path, &text), json_of(&path, &out), "{name}");
        formatted += 1;
    }
    assert!(formatted > 60, "only {formatted} files formatted");
}

#[test]
fn the_examples_are_in_the_canonical_layout() {
    for path in hier_files("examples") {
        let text = std::fs::read_to_string(&path).unwrap();
        let source = SourceFile::new(common::relative(&path), text.clone());
        assert_eq!(hierc::fmt::format(&source).unwrap(), text, "{path:?}");
    }
}

#[test]
fn a_messy_file_is_laid_out() {
    let messy = "\u{FEFF}# The cases.\r\n\r\n\r\napi   62.0 ;connector\t\"Cases \\\"EU\\\" \\\\ # 2\"\r\n\
        aggregation Case<self>{Title=Subject;fields CaseNumber,   # numbers\r\n\
        \t Status\r\n\r\n\r\n  # the contact\r\n  ref ContactId->Contact{Name,\r\n Email}as Who_ # who\r\n\r\n}\r\n\
        Case>Attachment<binary Body as\"application/pdf\"named Name> ; Case >  # the emails\r\n\
        \tEmailMessage via ParentId\r\n< binary files ,binary HtmlBody>{}\r\n\
        Case > Case {\r\n# first\r\nLocation = @RecordUrl ; Author=Owner.Name\r\n\r\n# last\r\n}   \r\n\r\n# the end   \r\n";
    let out = assert_faithful("messy.hier", messy);
    common::insta_settings().bind(|| insta::assert_snapshot!("messy", out));
}

#[test]
fn the_language_page_shows_the_real_layout() {
    let page = std::fs::read_to_string(common::root().join("docs/language.md")).unwrap();
    let section = &page[page
        .find("## Canonical layout")
        .expect("the section exists")..];
    let blocks: Vec<&str> = section
        .split("```hier\n")
        .skip(1)
        .take(2)
        .map(|b| &b[..b.find("```").unwrap()])
        .collect();
    let out = assert_faithful("docs", blocks[0]);
    assert_eq!(out, blocks[1], "docs/language.md, Canonical layout");
}

#[test]
fn comments_end_at_any_line_break() {
    for nl in ["\n", "\r\n", "\r"] {
        let text = format!("# head{nl}Case > EmailMessage <binary> # files{nl}# tail{nl}");
        let out = assert_faithful("cr.hier", &text);
        assert_eq!(
            out,
            "# head\nCase > EmailMessage <binary>  # files\n# tail\n"
        );
    }
}

#[test]
fn empty_and_comment_only_files() {
    assert_eq!(assert_faithful("empty.hier", ""), "");
    assert_eq!(assert_faithful("blank.hier", "\n \n;\n"), "");
    assert_eq!(
        assert_faithful("comments.hier", "\n\n  # one  \n\n\n# two\n"),
        "# one\n\n# two\n"
    );
}

#[test]
fn a_syntax_error_is_not_formatted() {
    let source = SourceFile::new("bad.hier", "aggregation Case <self {\n}\n");
    let diags = hierc::fmt::format(&source).unwrap_err();
    assert!(diags.iter().any(|d| d.code.as_str() == "E001"), "{diags:?}");
}

#[test]
fn render_gives_what_format_keeps() {
    for path in hier_files("examples") {
        let text = std::fs::read_to_string(&path).unwrap();
        let rendered = hierc::fmt::render(&parse("x", &text));
        let name = common::relative(&path);
        assert_eq!(assert_faithful(&name, &rendered), rendered);
    }
}

// ---------------------------------------------------------------- generated files

/// splitmix64: small, seeded, the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// Writes a random valid file: random statements, and random spaces, line
/// breaks (where the grammar allows them), `;` and comments.
struct Gen {
    rng: Rng,
    out: String,
    nl: &'static str,
}

/// Names that no change of case turns into a keyword.
const NAMES: &[&str] = &[
    "Case",
    "EmailMessage",
    "Invoice__c",
    "ns__Claim__c",
    "fieldsX",
    "selfie",
    "asx",
    "Filesx",
    "Binaryy",
    "a1",
    "Viaduct",
    "Owner",
    "Name",
    "Subject",
    "Title_2",
    "X",
];
const CORES: &[&str] = &[
    "Title",
    "Author",
    "ExternalId",
    "Location",
    "ContentVersion",
    "title",
];
const TEXTS: &[&str] = &[
    "",
    "a",
    "x # y",
    "\\\"q\\\"",
    "back\\\\slash",
    "é ü",
    "{ ; }",
];

impl Gen {
    fn new(seed: u64) -> Gen {
        let mut rng = Rng(seed);
        let nl = match rng.below(10) {
            0 => "\r",
            1 | 2 => "\r\n",
            _ => "\n",
        };
        Gen {
            rng,
            out: String::new(),
            nl,
        }
    }

    fn file(mut self) -> String {
        if self.rng.chance(5) {
            self.out.push('\u{FEFF}');
        }
        if self.rng.chance(30) {
            self.line_end();
        }
        let n = self.rng.below(7);
        for i in 0..n {
            self.statement();
            if i + 1 < n {
                self.statement_sep();
            }
        }
        if self.rng.chance(70) {
            self.line_end();
        }
        self.out
    }

    fn tok(&mut self, t: &str) {
        self.out.push_str(t);
    }

    /// Spaces or tabs, perhaps none.
    fn gap(&mut self) {
        for _ in 0..self.rng.below(3) {
            let c = self.rng.pick(&[" ", " ", "\t"]);
            self.tok(c);
        }
    }

    /// At least one space.
    fn space(&mut self) {
        self.tok(" ");
        self.gap();
    }

    fn name(&mut self) {
        let name = self.rng.pick(NAMES);
        let name: String = if self.rng.chance(20) {
            name.chars()
                .map(|c| {
                    if self.rng.chance(50) {
                        c.to_ascii_uppercase()
                    } else {
                        c.to_ascii_lowercase()
                    }
                })
                .collect()
        } else {
            name.to_string()
        };
        self.tok(&name);
    }

    fn string(&mut self) {
        let text = self.rng.pick(TEXTS);
        self.tok(&format!("\"{text}\""));
    }

    /// Perhaps a comment, then a line break, perhaps blank lines, and the
    /// next line's indentation.
    fn line_end(&mut self) {
        self.gap();
        if self.rng.chance(30) {
            let text = self
                .rng
                .pick(&[" note", "", "# \"not a string", " { ; } ", " é"]);
            self.tok(&format!("#{text}"));
        }
        self.tok(self.nl);
        while self.rng.chance(20) {
            self.gap();
            self.tok(self.nl);
        }
        self.gap();
    }

    /// Where the grammar allows line breaks: spaces, or line breaks.
    fn wrap(&mut self) {
        if self.rng.chance(25) {
            self.line_end();
        } else {
            self.gap();
        }
    }

    /// Like `wrap`, where the tokens need a space between them.
    fn wrap_space(&mut self) {
        if self.rng.chance(25) {
            self.line_end();
        } else {
            self.space();
        }
    }

    fn statement_sep(&mut self) {
        if self.rng.chance(20) {
            self.gap();
            self.tok(";");
            self.gap();
        } else {
            self.line_end();
        }
    }

    fn statement(&mut self) {
        match self.rng.below(6) {
            0 => {
                self.tok("connector");
                self.space();
                self.string();
            }
            1 => {
                self.tok("api");
                self.space();
                let v = format!("{}.{}", self.rng.below(70), self.rng.below(3));
                self.tok(&v);
            }
            2 => {
                self.tok("aggregation");
                self.space();
                self.name();
                self.annotations_and_block();
            }
            _ => {
                self.name();
                self.gap();
                self.tok(">");
                self.wrap();
                self.name();
                if self.rng.chance(30) {
                    self.wrap_space();
                    self.tok("via");
                    self.space();
                    self.name();
                }
                self.annotations_and_block();
            }
        }
    }

    fn annotations_and_block(&mut self) {
        if self.rng.chance(60) {
            self.wrap();
            self.annotations();
        }
        if self.rng.chance(50) {
            self.wrap();
            self.block();
        }
    }

    fn annotations(&mut self) {
        self.tok("<");
        self.wrap();
        let n = 1 + self.rng.below(3);
        for i in 0..n {
            if i > 0 {
                self.wrap();
                self.tok(",");
                self.wrap();
            }
            self.annotation();
        }
        self.wrap();
        self.tok(">");
    }

    fn annotation(&mut self) {
        match self.rng.below(5) {
            0 => self.tok("self"),
            1 => self.tok("binary"),
            2 => {
                self.tok("binary");
                self.space();
                self.tok("files");
            }
            _ => {
                self.tok("binary");
                self.space();
                self.name();
                for _ in 0..self.rng.below(3) {
                    self.space();
                    if self.rng.chance(50) {
                        self.tok("named");
                        self.space();
                        self.name();
                    } else if self.rng.chance(50) {
                        self.tok("as");
                        self.gap();
                        self.string();
                    } else {
                        self.tok("as");
                        self.space();
                        self.name();
                    }
                }
            }
        }
    }

    fn block(&mut self) {
        self.tok("{");
        self.item_seps(false);
        let n = self.rng.below(4);
        for i in 0..n {
            if i > 0 {
                self.item_seps(true);
            }
            self.item();
        }
        self.item_seps(false);
        self.tok("}");
    }

    /// Line breaks and `;` between items; at least one when `required`.
    fn item_seps(&mut self, required: bool) {
        let n = self.rng.below(3) + usize::from(required);
        self.gap();
        for _ in 0..n {
            if self.rng.chance(40) {
                self.tok(";");
                self.gap();
            } else {
                self.line_end();
            }
        }
    }

    fn item(&mut self) {
        match self.rng.below(3) {
            0 => {
                let core = self.rng.pick(CORES);
                self.tok(core);
                self.gap();
                self.tok("=");
                self.gap();
                match self.rng.below(3) {
                    0 => self.string(),
                    1 => {
                        self.tok("@");
                        self.name();
                    }
                    _ => {
                        self.name();
                        for _ in 0..self.rng.below(3) {
                            self.tok(".");
                            self.name();
                        }
                    }
                }
            }
            1 => {
                self.tok("fields");
                self.space();
                self.list(false);
            }
            _ => {
                self.tok("ref");
                self.space();
                self.name();
                if self.rng.chance(40) {
                    self.gap();
                    self.tok("->");
                    self.gap();
                    self.name();
                }
                self.gap();
                self.tok("{");
                self.wrap();
                self.list(true);
                self.wrap();
                self.tok("}");
                if self.rng.chance(40) {
                    self.gap();
                    self.tok("as");
                    self.space();
                    self.name();
                }
            }
        }
    }

    /// Names separated by commas; a line break may come after a comma, and
    /// (in a `ref`'s braces) before one.
    fn list(&mut self, in_braces: bool) {
        self.name();
        for _ in 0..self.rng.below(4) {
            if in_braces {
                self.wrap();
            } else {
                self.gap();
            }
            self.tok(",");
            self.wrap();
            self.name();
        }
    }
}

#[test]
fn generated_files_format_faithfully() {
    for seed in 0..2000 {
        let text = Gen::new(seed).file();
        assert_faithful(&format!("seed {seed}"), &text);
    }
}

// ---------------------------------------------------------------- the command

const MESSY: &str = "aggregation Case<self>{fields Status}\nCase > EmailMessage <binary>\n";
const TIDY: &str =
    "aggregation Case <self> {\n    fields Status\n}\n\nCase > EmailMessage <binary>\n";

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

#[test]
fn fmt_rewrites_only_files_that_change() {
    let p = common::scratch_project(&[("a/messy.hier", MESSY), ("tidy.hier", TIDY)]);
    let run = common::hierc_in(p.path(), &["fmt"]);
    assert_eq!(run.code, 0, "{}", run.report());
    assert_eq!(run.stderr, "formatted a/messy.hier\n");
    assert_eq!(read(p.path(), "a/messy.hier"), TIDY);
    assert_eq!(read(p.path(), "tidy.hier"), TIDY);
    // Nothing left to do.
    let run = common::hierc_in(p.path(), &["fmt", "--check"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{}", run.report());
}

#[test]
fn fmt_check_lists_what_would_change_and_writes_nothing() {
    let p = common::scratch_project(&[("messy.hier", MESSY), ("tidy.hier", TIDY)]);
    let run = common::hierc_in(p.path(), &["fmt", "--check", "messy.hier", "tidy.hier"]);
    assert_eq!(run.code, 1, "{}", run.report());
    assert_eq!(run.stdout, "would reformat: messy.hier\n");
    assert_eq!(read(p.path(), "messy.hier"), MESSY);
}

#[test]
fn fmt_diff_shows_the_change() {
    let p = common::scratch_project(&[("messy.hier", MESSY)]);
    let run = common::hierc_in(p.path(), &["fmt", "--diff", "messy.hier"]);
    assert_eq!(run.code, 1, "{}", run.report());
    assert_eq!(read(p.path(), "messy.hier"), MESSY);
    common::insta_settings().bind(|| insta::assert_snapshot!("fmt_diff", run.report()));
}

#[test]
fn fmt_does_not_touch_a_file_with_syntax_errors() {
    let bad = "aggregation Case <self {\n}\n";
    let p = common::scratch_project(&[("bad.hier", bad), ("messy.hier", MESSY)]);
    let run = common::hierc_in(p.path(), &["fmt", "--color", "never"]);
    assert_eq!(run.code, 1, "{}", run.report());
    assert!(run.stderr.contains("E001"), "{}", run.report());
    assert_eq!(read(p.path(), "bad.hier"), bad);
    assert_eq!(read(p.path(), "messy.hier"), TIDY);
}

#[test]
fn fmt_reports_a_missing_path() {
    let p = common::scratch_project(&[]);
    let run = common::hierc_in(p.path(), &["fmt", "--check", "nope.hier"]);
    assert_eq!(run.code, 2, "{}", run.report());
    assert!(run.stderr.contains("E092"), "{}", run.report());
}
