//! `cargo bench --bench scaling`: each path whose cost once grew faster than
//! its input (issue 13), run on an input and on inputs two and four times
//! as large. The time should about double with each doubling; the table
//! gives the ratio to the size before. Peak memory is the command's own
//! (`wait4`).
//!
//! 1. `check` (human report, and `--format json`) of a file with N findings;
//! 2. `fmt --check` of a file of N lines, most of them comments after the
//!    last statement;
//! 3. `import` of a config with N records, against a generated schema cache
//!    in which it compiles (so that every default is tried);
//! 4. `import` of a config whose `ConnectorName` is a string of N MB;
//! 5. `validate` of a config of N MB (time and peak memory).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    if let Some(line) = std::env::var_os("HIERC_SCALING_CHILD") {
        child(&line.to_string_lossy());
        return;
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let hierc = PathBuf::from(env!("CARGO_BIN_EXE_hierc"));
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    schemas(dir, &root, 10_000);
    println!(
        "{:<44} {:>9} {:>11} {:>7} {:>10}",
        "path", "size", "time", "ratio", "peak RSS"
    );

    series(
        "check, human report",
        &[2_000, 4_000, 8_000],
        |n| {
            let file = dir.join(format!("findings{n}.hier"));
            std::fs::write(&file, findings(n)).unwrap();
            (
                vec!["check".into(), file.display().to_string()],
                format!("{n} findings"),
            )
        },
        &hierc,
        dir,
    );
    series(
        "check --format json",
        &[2_000, 4_000, 8_000],
        |n| {
            let file = dir.join(format!("findings{n}.hier"));
            let args = ["check", "--format", "json", &file.display().to_string()].map(String::from);
            (args.to_vec(), format!("{n} findings"))
        },
        &hierc,
        dir,
    );
    series(
        "fmt --check",
        &[25_000, 50_000, 100_000],
        |n| {
            let file = dir.join(format!("lines{n}.hier"));
            std::fs::write(&file, lines(n)).unwrap();
            let args = ["fmt", "--check", &file.display().to_string()].map(String::from);
            (args.to_vec(), format!("{n} lines"))
        },
        &hierc,
        dir,
    );
    series(
        "import, N records",
        &[2_500, 5_000, 10_000],
        |n| {
            let config = records_config(&hierc, dir, n);
            let args = ["import", &config.display().to_string()].map(String::from);
            (args.to_vec(), format!("{n} records"))
        },
        &hierc,
        dir,
    );
    series(
        "import, one string of N MB",
        &[2, 4, 8],
        |n| {
            let config = long_string_config(&root, dir, n);
            let args = ["import", &config.display().to_string()].map(String::from);
            (args.to_vec(), format!("{n} MB"))
        },
        &hierc,
        dir,
    );
    series(
        "validate, a config of N MB",
        &[3, 6, 12],
        |n| {
            let config = big_config(&root, dir, n);
            let args = ["validate", &config.display().to_string()].map(String::from);
            (args.to_vec(), format!("{n} MB"))
        },
        &hierc,
        dir,
    );
}

/// Runs each size (after making its input) and prints a row.
fn series(
    what: &str,
    sizes: &[usize],
    mut input: impl FnMut(usize) -> (Vec<String>, String),
    hierc: &Path,
    dir: &Path,
) {
    let mut before: Option<Duration> = None;
    for &n in sizes {
        let (args, size) = input(n);
        let (time, rss) = run(hierc, dir, &args);
        let ratio = before.map_or(String::new(), |b| {
            format!("{:.2}", time.as_secs_f64() / b.as_secs_f64())
        });
        println!(
            "{what:<44} {size:>9} {:>8.1} ms {ratio:>7} {:>6.1} MiB",
            time.as_secs_f64() * 1000.0,
            rss as f64 / 1024.0
        );
        before = Some(time);
    }
}

/// The best of three runs, and the largest peak RSS (KiB). Each run goes
/// through a fresh process of this bench, so that the peak memory is
/// hierc's alone, not this process's (which a child's count starts from).
fn run(hierc: &Path, dir: &Path, args: &[String]) -> (Duration, i64) {
    let me = std::env::current_exe().unwrap();
    let line = std::iter::once(hierc.display().to_string())
        .chain(args.iter().cloned())
        .collect::<Vec<_>>()
        .join("\u{1f}");
    let mut best = Duration::MAX;
    let mut peak = 0;
    for _ in 0..3 {
        let out = Command::new(&me)
            .env("HIERC_SCALING_CHILD", &line)
            .env("HIERC_SCHEMAS", dir.join("schemas"))
            .current_dir(dir)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "hierc {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut parts = text.split_whitespace().map(|p| p.parse::<u64>().unwrap());
        let (nanos, rss) = (parts.next().unwrap(), parts.next().unwrap());
        best = best.min(Duration::from_nanos(nanos));
        peak = peak.max(rss as i64);
    }
    (best, peak)
}

/// In the middle process: runs hierc once; prints the wall time in
/// nanoseconds and its peak RSS in KiB.
fn child(line: &str) {
    let mut parts = line.split('\u{1f}');
    let program = parts.next().unwrap();
    let start = Instant::now();
    let status = Command::new(program)
        .args(parts)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    let elapsed = start.elapsed();
    // Findings (exit 1) are what some inputs are made of; a crash is not.
    assert!(matches!(status.code(), Some(0 | 1)), "hierc: {status}");
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage writes into the struct we own.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    println!("{} {}", elapsed.as_nanos(), usage.ru_maxrss);
}

/// A file with `n` unknown fields: `n` findings with suggestions.
fn findings(n: usize) -> String {
    let mut text = String::from("aggregation Parent__c <self> {\n");
    for i in 0..n {
        writeln!(text, "    fields Nam{i}").unwrap();
    }
    text.push_str("}\n");
    text
}

/// `n` lines: a few statements, then comments.
fn lines(n: usize) -> String {
    let mut text = String::from("aggregation   Parent__c <self>\n");
    for i in 0..n / 2 {
        writeln!(text, "# note {i}\n").unwrap();
    }
    text
}

/// A parent with `n` child relationships from one child object, through
/// `n` lookups: what a config of `n` records compiles against.
fn schemas(dir: &Path, root: &Path, n: usize) {
    let schemas = dir.join("schemas");
    std::fs::create_dir_all(&schemas).unwrap();
    let template: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("examples/schemas/Case.schema.json")).unwrap(),
    )
    .unwrap();
    let field = template["fields"][1].clone();
    let rel = template["childRelationships"][0].clone();
    let mut parent = template.clone();
    parent["name"] = "Parent__c".into();
    parent["custom"] = true.into();
    let mut child = template.clone();
    child["name"] = "Child__c".into();
    child["custom"] = true.into();
    child["childRelationships"] = serde_json::json!([]);
    let rels: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let mut r = rel.clone();
            r["childSObject"] = "Child__c".into();
            r["field"] = format!("Lookup{i}__c").into();
            r["relationshipName"] = format!("Children{i}__r").into();
            r
        })
        .collect();
    parent["childRelationships"] = rels.into();
    let fields = child["fields"].as_array_mut().unwrap();
    for i in 0..n {
        let mut f = field.clone();
        f["name"] = format!("Lookup{i}__c").into();
        f["type"] = "reference".into();
        f["referenceTo"] = serde_json::json!(["Parent__c"]);
        f["relationshipName"] = format!("Lookup{i}__r").into();
        fields.push(f);
    }
    for (name, d) in [("Parent__c", parent), ("Child__c", child)] {
        let text = serde_json::to_string(&d).unwrap();
        std::fs::write(schemas.join(format!("{name}.schema.json")), text).unwrap();
    }
}

/// A config of `n` records, written by `hierc build`.
fn records_config(hierc: &Path, dir: &Path, n: usize) -> PathBuf {
    let mut text = String::from("aggregation Parent__c <self>\n");
    for i in 0..n {
        writeln!(text, "Parent__c > Child__c via Lookup{i}__c").unwrap();
    }
    let source = dir.join(format!("records{n}.hier"));
    std::fs::write(&source, text).unwrap();
    let out = dir.join(format!("records{n}.json"));
    let built = Command::new(hierc)
        .args([
            "build",
            &source.display().to_string(),
            "-o",
            &out.display().to_string(),
        ])
        .env("HIERC_SCHEMAS", dir.join("schemas"))
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    out
}

/// The example config with a `ConnectorName` of `mb` megabytes.
fn long_string_config(root: &Path, dir: &Path, mb: usize) -> PathBuf {
    let mut config = example_config(root);
    config["ConnectorName"] = "x".repeat(mb << 20).into();
    let path = dir.join(format!("string{mb}.json"));
    std::fs::write(&path, serde_json::to_string(&config).unwrap()).unwrap();
    path
}

/// The example config with its records repeated to `mb` megabytes.
fn big_config(root: &Path, dir: &Path, mb: usize) -> PathBuf {
    let mut config = example_config(root);
    let records = config["Aggregation"]["Records"].as_array().unwrap().clone();
    let one = serde_json::to_string_pretty(&records).unwrap().len() / records.len();
    let count = (mb << 20) / one;
    config["Aggregation"]["Records"] = records.iter().cycle().take(count).cloned().collect();
    let path = dir.join(format!("big{mb}.json"));
    std::fs::write(&path, serde_json::to_string_pretty(&config).unwrap()).unwrap();
    path
}

fn example_config(root: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(root.join("tests/fixtures/configs/ok/case.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}
