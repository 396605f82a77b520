//! `cargo bench --bench check`: time and peak memory of `hierc check`.
//!
//! 1. `examples/case.hier` end to end (process start, schema loading, check),
//!    and the library's compile alone, in process.
//! 2. A generated tree of 1,000 `.hier` files over 300 cached describes of
//!    real size (about 100 KB each: ~40 fields with the full key set, 60
//!    child relationships).
//!
//! Each command runs in a child of a child, so that the peak resident memory
//! (`getrusage(RUSAGE_CHILDREN)`) is that command's alone.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const RUNS: usize = 20;
const OBJECTS: usize = 300;
const FILES: usize = 1_000;

fn main() {
    if let Some(cmd) = std::env::var_os("HIERC_BENCH_CHILD") {
        child(cmd.to_string_lossy().as_ref());
        return;
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let hierc = PathBuf::from(env!("CARGO_BIN_EXE_hierc"));

    let (t, rss) = measure(&hierc, &root, &["check", "examples/case.hier"], RUNS);
    report("check examples/case.hier (process)", t, rss);

    let catalog = hierc::schema::Catalog::new(root.join("examples/schemas"));
    let text = std::fs::read_to_string(root.join("examples/case.hier")).unwrap();
    let start = Instant::now();
    let _ = hierc::compile(
        hierc::source::SourceFile::new("case.hier", text.clone()),
        &catalog,
    );
    let cold = start.elapsed();
    let mut warm = Vec::new();
    for _ in 0..200 {
        let start = Instant::now();
        let c = hierc::compile(
            hierc::source::SourceFile::new("case.hier", text.clone()),
            &catalog,
        );
        let json = hierc::config::to_json(c.config.as_ref().unwrap());
        std::hint::black_box(json);
        warm.push(start.elapsed());
    }
    warm.sort();
    println!(
        "{:<48} cold {:>8.2} ms (reads 6 describes)   warm median {:>8.3} ms",
        "compile+emit examples/case.hier (library)",
        ms(cold),
        ms(warm[warm.len() / 2])
    );

    let tree = tempfile::tempdir().unwrap();
    generate(tree.path(), &root);
    let (t, rss) = measure(&hierc, tree.path(), &["check", "."], 5);
    report(
        &format!("check {FILES} files over {OBJECTS} describes"),
        t,
        rss,
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn report(what: &str, times: Vec<Duration>, rss_kib: u64) {
    let mut times = times;
    times.sort();
    println!(
        "{what:<48} median {:>8.2} ms   min {:>8.2} ms   peak RSS {:>7.1} MiB",
        ms(times[times.len() / 2]),
        ms(times[0]),
        rss_kib as f64 / 1024.0
    );
}

/// Runs `hierc ARGS` `runs` times through a child of this bench; returns the
/// wall times and the largest peak RSS in KiB.
fn measure(hierc: &Path, dir: &Path, args: &[&str], runs: usize) -> (Vec<Duration>, u64) {
    let me = std::env::current_exe().unwrap();
    let mut times = Vec::new();
    let mut peak = 0;
    let line = std::iter::once(hierc.to_string_lossy().into_owned())
        .chain(args.iter().map(|a| a.to_string()))
        .collect::<Vec<_>>()
        .join("\u{1f}");
    for _ in 0..runs {
        let out = Command::new(&me)
            .env("HIERC_BENCH_CHILD", &line)
            .current_dir(dir)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() {
            panic!("{}", String::from_utf8_lossy(&out.stderr));
        }
        let mut parts = text.split_whitespace();
        let nanos: u64 = parts
            .next()
            .and_then(|n| n.parse().ok())
            .expect("child timing");
        let rss: u64 = parts
            .next()
            .and_then(|n| n.parse().ok())
            .expect("child rss");
        times.push(Duration::from_nanos(nanos));
        peak = peak.max(rss);
    }
    (times, peak)
}

/// In the middle process: run the command once, print wall nanoseconds and
/// the command's peak RSS in KiB.
fn child(line: &str) {
    let mut parts = line.split('\u{1f}');
    let program = parts.next().unwrap();
    let start = Instant::now();
    let out = Command::new(program)
        .args(parts)
        .stdout(std::process::Stdio::null())
        .output()
        .unwrap();
    let elapsed = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The bench inputs are clean: anything else is a broken benchmark.
    assert!(
        out.status.success() && stderr.contains(": 0 errors, 0 warnings"),
        "hierc failed: {stderr}"
    );
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage writes into the struct we own.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    println!("{} {}", elapsed.as_nanos(), usage.ru_maxrss);
}

/// 300 describes shaped like the example Case describe (full key set),
/// chained by lookups, and 1,000 files using them.
fn generate(dir: &Path, root: &Path) {
    let schemas = dir.join("schemas");
    std::fs::create_dir_all(&schemas).unwrap();
    // The project file puts the cache beside it, for files in every folder.
    std::fs::write(dir.join("hierc.toml"), "").unwrap();
    let template: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("examples/schemas/Case.schema.json")).unwrap(),
    )
    .unwrap();
    let field_template = template["fields"][1].clone();
    let rel_template = template["childRelationships"][0].clone();
    for i in 0..OBJECTS {
        let name = format!("Obj{i:03}__c");
        let mut d = template.clone();
        d["name"] = name.clone().into();
        d["custom"] = true.into();
        let fields = d["fields"].as_array_mut().unwrap();
        for (k, ty) in ["string", "picklist", "double", "datetime", "boolean"]
            .iter()
            .cycle()
            .take(10)
            .enumerate()
        {
            let mut f = field_template.clone();
            f["name"] = format!("Extra{k}__c").into();
            f["type"] = (*ty).into();
            fields.push(f);
        }
        // A lookup to the next object and to the one after it.
        for step in [1, 2] {
            let target = format!("Obj{:03}__c", (i + step) % OBJECTS);
            let mut f = field_template.clone();
            f["name"] = format!("Link{step}__c").into();
            f["type"] = "reference".into();
            f["referenceTo"] = serde_json::json!([target]);
            f["relationshipName"] = format!("Link{step}__r").into();
            fields.push(f);
        }
        // Child relationships from the two objects before this one.
        let rels = d["childRelationships"].as_array_mut().unwrap();
        for step in [1, 2] {
            let mut r = rel_template.clone();
            r["childSObject"] = format!("Obj{:03}__c", (i + OBJECTS - step) % OBJECTS).into();
            r["field"] = format!("Link{step}__c").into();
            r["relationshipName"] = format!("Children{step}__r").into();
            rels.push(r);
        }
        std::fs::write(
            schemas.join(format!("{name}.schema.json")),
            serde_json::to_string_pretty(&d).unwrap(),
        )
        .unwrap();
    }
    for n in 0..FILES {
        let i = n % OBJECTS;
        let child = format!("Obj{:03}__c", (i + OBJECTS - 1) % OBJECTS);
        let mut text = String::new();
        writeln!(text, "# generated file {n}").unwrap();
        writeln!(text, "aggregation Obj{i:03}__c <self> {{").unwrap();
        writeln!(text, "    Title = Subject").unwrap();
        writeln!(
            text,
            "    fields Status, Priority, Extra0__c, Extra2__c, Extra3__c"
        )
        .unwrap();
        writeln!(text, "    ref Link1__c {{ Subject, Extra1__c }} as Next_").unwrap();
        writeln!(text, "}}").unwrap();
        writeln!(
            text,
            "Obj{i:03}__c > {child} via Link1__c <binary Description> {{"
        )
        .unwrap();
        writeln!(text, "    fields Extra4__c").unwrap();
        writeln!(text, "}}").unwrap();
        let sub = dir.join(format!("group{:02}", n / 100));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join(format!("file{n:04}.hier")), text).unwrap();
    }
}
