//! Property tests on generated programs: fmt is idempotent and keeps what a
//! file compiles to, and build → import → build is the identity
//! (tests/invariants, the checks the fuzz targets run).
//!
//! A program is an example with some of its statements and block items left
//! out (what stays still names only what the example cache holds), laid out
//! anew: random indentation, blank lines, spaces, comments, `;` separators
//! and line breaks (LF, CRLF or CR).

mod common;
mod invariants;

use hierc::diagnostics::Diagnostics;
use hierc::schema::Catalog;
use hierc::source::SourceFile;
use hierc::syntax::{self, ast};
use proptest::prelude::*;

const EXAMPLES: [&str; 5] = [
    "case.hier",
    "account.hier",
    "case_owner.hier",
    "invoice.hier",
    "oneline.hier",
];

fn example(name: &str) -> ast::File {
    let path = common::root().join("examples").join(name);
    let source = SourceFile::new(name, std::fs::read_to_string(path).unwrap());
    let mut diags = Diagnostics::new();
    let file = syntax::parse(&source, &mut diags);
    assert!(!diags.has_errors(), "{name} does not parse");
    file
}

/// The example without the statements and block items whose `keep` bit is
/// false (bits are used in order, and cycle).
fn pruned(mut file: ast::File, keep: &[bool]) -> ast::File {
    let mut bits = keep.iter().copied().cycle();
    let mut next = || bits.next().unwrap_or(true);
    let prune = |block: &mut Option<ast::Block>, next: &mut dyn FnMut() -> bool| {
        if let Some(b) = block {
            b.items.retain(|_| next());
        }
    };
    file.statements.retain_mut(|s| match s {
        // The aggregation stays: without it an edge-only file must name the
        // same parent in each edge, which pruning keeps anyway.
        ast::Statement::Aggregation(a) => {
            prune(&mut a.block, &mut next);
            true
        }
        ast::Statement::Edge(e) => {
            prune(&mut e.block, &mut next);
            next()
        }
        _ => next(),
    });
    file.comments.clear();
    file
}

/// How one canonical line is written again.
#[derive(Clone, Debug)]
struct Noise {
    indent: &'static str,
    trailing: &'static str,
    comment: bool,
    blank_before: bool,
}

fn noise() -> impl Strategy<Value = Noise> {
    (
        prop::sample::select(vec!["", " ", "\t", "        ", " \t "]),
        prop::sample::select(vec!["", " ", "\t", "  "]),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(indent, trailing, comment, blank_before)| Noise {
            indent,
            trailing,
            comment,
            blank_before,
        })
}

/// The canonical text laid out anew: each line re-indented, with trailing
/// spaces, comments and blank lines, joined by `newline`.
fn relaid(canonical: &str, noise: &[Noise], newline: &str) -> String {
    let mut out = String::new();
    for (i, line) in canonical.lines().enumerate() {
        let n = &noise[i % noise.len()];
        if n.blank_before {
            out.push_str(newline);
        }
        out.push_str(n.indent);
        out.push_str(line.trim_start());
        out.push_str(n.trailing);
        if n.comment {
            out.push_str(&format!(" # note {i}"));
        }
        out.push_str(newline);
    }
    out
}

fn program() -> impl Strategy<Value = String> {
    (
        0..EXAMPLES.len(),
        prop::collection::vec(prop::bool::weighted(0.8), 1..40),
        prop::collection::vec(noise(), 1..12),
        prop::sample::select(vec!["\n", "\r\n", "\r"]),
    )
        .prop_map(|(i, keep, noise, newline)| {
            let file = pruned(example(EXAMPLES[i]), &keep);
            relaid(&hierc::fmt::render(&file), &noise, newline)
        })
}

fn catalog() -> Catalog {
    Catalog::new(common::root().join("examples/schemas"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn fmt_is_idempotent_and_keeps_the_config(text in program()) {
        let catalog = catalog();
        invariants::compile(&text, &catalog);
        invariants::fmt(&text, &catalog);
    }

    #[test]
    fn build_import_build_is_the_identity(text in program()) {
        invariants::import(&text, &catalog());
    }

    /// A config as a hand or the vendor's script may write it, with some of
    /// what docs/format.md lets a config leave out left out: what
    /// `validate` accepts imports to a file that compiles to it, up to
    /// those parts (the validate invariant).
    #[test]
    fn what_validate_accepts_imports_and_compiles_to_it(
        text in program(),
        drop_api in prop::bool::ANY,
        drop_fields in prop::collection::vec(prop::bool::weighted(0.3), 16),
    ) {
        let catalog = catalog();
        let Some(mut config) = invariants::compile(&text, &catalog) else {
            return Ok(());
        };
        if drop_api {
            config.api_version = None;
        }
        let mut drops = drop_fields.iter().cycle();
        let mut leave_out = |fields: &mut Vec<hierc::config::MetadataField>| {
            fields.retain(|_| !drops.next().copied().unwrap_or(false));
        };
        leave_out(&mut config.aggregation.fields);
        for r in &mut config.aggregation.records {
            leave_out(&mut r.fields);
        }
        let json = hierc::config::to_json(&config);
        let v = hierc::validate::validate(
            hierc::source::SourceFile::new("c.json", json.as_str()),
            Some(&catalog),
        );
        // Leaving out a metadata field that no core mapping uses changes
        // the config: validate accepts it, and its import must agree.
        prop_assert!(!v.has_errors(), "{json}\n{:#?}", v.diagnostics);
        invariants::validate(&json, &catalog);
    }
}

/// The generator makes programs that compile, so the properties above are
/// checked on configs, not skipped.
#[test]
fn generated_programs_compile() {
    let catalog = catalog();
    for name in EXAMPLES {
        let text = relaid(
            &hierc::fmt::render(&pruned(example(name), &[true])),
            &[Noise {
                indent: "\t",
                trailing: " ",
                comment: true,
                blank_before: true,
            }],
            "\r\n",
        );
        assert!(
            invariants::compile(&text, &catalog).is_some(),
            "{name} relaid does not compile:\n{text}"
        );
    }
}
