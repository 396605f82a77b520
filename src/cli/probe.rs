//! `hierc probe FILE...`: will the config work in the org? Signs in as the
//! connector's Run As user, pulls fresh describes (into a temporary folder,
//! or the cache with `--update-cache`), checks each file as `check` does,
//! then runs each item's query with `LIMIT 1`, checks disposal (deletable
//! objects, Bulk API Hard Delete) and reports the API calls used.
//! Findings are diagnostics (E063, W110, W115) in `check`'s formats.

use std::path::PathBuf;
use std::sync::Arc;

use super::{schema, LiveArgs, Outcome, Printer};
use crate::check::model::Model;
use crate::diagnostics::report::plural;
use crate::diagnostics::{Code, Diagnostic};
use crate::org::probe::{self, Budget, Outcome as Query};
use crate::schema::Lookup;
use crate::soql::{self, Statement};
use crate::source::SourceFile;
use crate::workspace::live::Inputs;
use crate::workspace::{files, Workspace};

/// One compiled file and its statements.
struct Probed {
    path: PathBuf,
    source: Arc<SourceFile>,
    model: Model,
    statements: Vec<Statement>,
}

pub(super) fn run(
    paths: &[PathBuf],
    live: &LiveArgs,
    schemas: Option<PathBuf>,
    printer: &Printer,
    outcome: &mut Outcome,
) {
    let (found, errors) = files::discover(paths);
    printer.diagnostics(&errors, outcome);
    // The describes as the Run As user sees them.
    let mut fresh = Workspace::new(schemas.clone());
    let Some(org) = schema::connect_live(&mut fresh, &found, Inputs::Hier, live, printer, outcome)
    else {
        return;
    };
    // The files as `check` sees them: against their own schema caches.
    let mut workspace = printer.workspace(schemas);
    let mut probed = Vec::new();
    for path in &found {
        let compilation = workspace.compile_path(path);
        printer.diagnostics(&compilation.diagnostics, outcome);
        let Some(model) = compilation.model else {
            continue;
        };
        probed.push(Probed {
            path: path.clone(),
            source: compilation.source,
            statements: soql::statements(&model),
            model,
        });
    }
    let failure = |e: crate::org::OrgError, outcome: &mut Outcome| {
        printer.diagnostics(&[e.diagnostic()], outcome);
    };

    // The queries, all files at once.
    let queries: Vec<String> = probed
        .iter()
        .flat_map(|p| p.statements.iter().map(|s| s.probe.clone()))
        .collect();
    let before = org.calls();
    let mut results = probe::run_all(&org, &queries).into_iter();
    let mut failed = 0;
    for p in &probed {
        let mut findings = Vec::new();
        for s in &p.statements {
            let Some(result) = results.next() else { break };
            match result {
                Ok(Query::Passed { rows }) => {
                    printer.info(format_args!(
                        "  passed  {}: {} ({})",
                        p.source.name,
                        s.item,
                        plural(rows as usize, "row")
                    ));
                }
                Ok(Query::Rejected(e)) => {
                    failed += 1;
                    printer.info(format_args!(
                        "  FAILED  {}: {} ({})",
                        p.source.name, s.item, e.code
                    ));
                    findings.push(rejected(s, &e, &p.source));
                }
                Err(e) if e.fatal => return failure(e, outcome),
                Err(e) => {
                    printer.info(format_args!(
                        "  FAILED  {}: {} ({})",
                        p.source.name, s.item, e.message
                    ));
                    failure(e, outcome);
                }
            }
        }
        findings.extend(disposal(&p.model, &mut fresh, &p.path, &p.source));
        levels(&mut workspace, p, findings, printer, outcome);
    }

    // Hard delete, as this user.
    let who = match org.userinfo() {
        Ok(who) => who,
        Err(e) => return failure(e, outcome),
    };
    let hard_delete = match org.holds_hard_delete(&who.user_id) {
        Ok(h) => h,
        Err(e) => return failure(e, outcome),
    };
    let user = who.preferred_username.as_deref().unwrap_or(&who.user_id);
    printer.info(format_args!(
        "  {}  Bulk API Hard Delete for {user}",
        if hard_delete { "granted" } else { "MISSING" }
    ));
    if !hard_delete && probed.iter().any(|p| disposes(&p.model)) {
        let d = Diagnostic::new(
            Code::W115,
            format!("the Run As user {user} does not hold Bulk API Hard Delete"),
        )
        .note(format!(
            "no permission set assigned to {} grants it: {}",
            who.user_id,
            probe::hard_delete_query(&who.user_id)
        ))
        .note("the connector's guide: \"If hard-delete disposal is required, also enable Bulk API Hard Delete\"")
        .help("add the \"Bulk API Hard Delete\" system permission to a permission set assigned to this user");
        match probed.first() {
            Some(p) => levels(&mut workspace, p, vec![d], printer, outcome),
            None => printer.diagnostics(&[d], outcome),
        }
    }

    printer.info(format_args!(
        "API requests: {} for the describes, {} for the queries and the permission check",
        before,
        org.calls() - before
    ));
    if let Some(b) = org.limit_info().as_deref().and_then(Budget::parse) {
        printer.info(format_args!(
            "the org's daily API requests: {} of {} used, {} left",
            b.used,
            b.max,
            b.remaining()
        ));
    }
    printer.info(format_args!(
        "probed {} against the org {} (API v{}): {} run, {} failed; {}",
        plural(found.len(), "file"),
        org.instance(),
        org.version,
        match queries.len() {
            1 => "1 query".to_string(),
            n => format!("{n} queries"),
        },
        failed,
        crate::diagnostics::report::counts(outcome.errors, outcome.warnings)
    ));
}

/// Whether RecordPoint disposes of anything of the model's.
fn disposes(model: &Model) -> bool {
    model.self_record || !model.records.is_empty()
}

/// A file's probe findings, with its project's `[lint]` levels.
fn levels(
    workspace: &mut Workspace,
    p: &Probed,
    found: Vec<Diagnostic>,
    printer: &Printer,
    outcome: &mut Outcome,
) {
    let found = workspace.levels(&p.path, found);
    printer.diagnostics(&found, outcome);
}

/// E063 for a query Salesforce refused, at the span its error names.
fn rejected(s: &Statement, e: &crate::org::ApiError, source: &Arc<SourceFile>) -> Diagnostic {
    // The first sentence: Salesforce goes on with generic advice.
    let message = probe::message(e);
    let text = match message.find(". ") {
        Some(end) => message[..end].to_string(),
        None => message.trim_end_matches('.').to_string(),
    };
    let help = match e.code.as_str() {
        "INVALID_FIELD" => "give the Run As user Read access to this field (field-level security in a permission set), or leave it out",
        "INVALID_TYPE" => "give the Run As user Read access to this object, or leave it out",
        _ => "check the query with `hierc soql`, and the Run As user's permissions",
    };
    Diagnostic::new(
        Code::E063,
        format!("the org rejected the query for {}: {}", s.item, e.code),
    )
    .label(probe::place(s, e), text)
    .note(format!("the query: {}", s.probe))
    .help(help)
    .in_source(Arc::clone(source))
}

/// W110 and W114 for objects the fresh describes (as this user) mark not
/// deletable or not retrievable where the cached ones did not: the check
/// already reported what the cache says.
fn disposal(
    model: &Model,
    fresh: &mut Workspace,
    path: &std::path::Path,
    source: &Arc<SourceFile>,
) -> Vec<Diagnostic> {
    let project = fresh.project(path).ok().flatten();
    let dir = fresh.schema_dir(path, project.as_deref()).path;
    let fresh = fresh.catalog(&dir);
    let mut out = Vec::new();
    let items = model
        .self_record
        .then_some(&model.aggregation)
        .into_iter()
        .chain(model.records.iter().map(|r| &r.item));
    let mut seen = std::collections::BTreeSet::new();
    for item in items {
        if !seen.insert(item.object.name.clone()) {
            continue;
        }
        let Lookup::Found(now) = fresh.get(&item.object.name) else {
            continue;
        };
        for d in crate::check::object_readiness(&now, item.span) {
            let cached_said_so = match d.code {
                Code::W110 => item.object.deletable == Some(false),
                _ => !item.object.retrieveable,
            };
            if !cached_said_so {
                out.push(
                    d.note("as the Run As user: the cached describe says otherwise")
                        .in_source(Arc::clone(source)),
                );
            }
        }
    }
    out
}
