//! The walkthrough: the connector guide's steps A–F, asked through a
//! `Prompter`, giving a `Plan`; then the summary and the confirmation.

use std::sync::Arc;

use super::prompt::{Choice, Prompter, Question, Stop};
use super::schemas::{Failure, ObjectInfo, Schemas};
use super::{
    asked_cores, brought, core_options, default_of, metadata_candidates, rank,
    record_relationships, relationships, shown, unmappable, BinaryPlan, ItemPlan, Plan, RecordPlan,
    RefPlan, COMMON,
};
use crate::config::{CoreField, Mapping};
use crate::diagnostics::suggest::did_you_mean;
use crate::rules::default_title;
use crate::schema::{ChildRelationship, Describe, Field};

/// Why the walkthrough ended without a plan.
#[derive(Debug)]
pub enum Ended {
    Stop(Stop),
    Failure(Failure),
}

impl From<Stop> for Ended {
    fn from(s: Stop) -> Self {
        Ended::Stop(s)
    }
}

impl From<Failure> for Ended {
    fn from(f: Failure) -> Self {
        Ended::Failure(f)
    }
}

/// What the last question decided.
#[derive(Debug, PartialEq, Eq)]
pub enum Finished {
    Write,
    Declined,
}

/// Asks steps A–F and returns what was chosen.
pub fn walkthrough(p: &mut dyn Prompter, s: &mut dyn Schemas) -> Result<Plan, Ended> {
    let mut walk = Walk { p, s };
    walk.run()
}

/// Shows the summary (the hierarchy and the file) and asks whether to write
/// `file`; `exists` when writing replaces a file.
pub fn review(
    p: &mut dyn Prompter,
    tree: &str,
    text: &str,
    file: &str,
    exists: bool,
) -> Result<Finished, Stop> {
    p.say("\nSummary: the hierarchy");
    p.say(&indent(tree));
    p.say(&format!("\nThe file `{file}`:"));
    p.say(&indent(text));
    let message = if exists {
        format!("Replace `{file}` with this?")
    } else {
        format!("Write `{file}`?")
    };
    let help = if exists {
        "The file exists: yes replaces it"
    } else {
        "Answering no writes nothing"
    };
    Ok(if p.confirm(Question::new(&message, help), !exists)? {
        Finished::Write
    } else {
        Finished::Declined
    })
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("    {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

struct Walk<'a> {
    p: &'a mut dyn Prompter,
    s: &'a mut dyn Schemas,
}

/// A field as an option: name, label and type.
fn field_choice(f: &Field) -> Choice {
    let label = match &f.label {
        Some(l) if l != &f.name => format!("  {l}"),
        _ => String::new(),
    };
    Choice::new(&f.name, format!("{}{label} ({})", f.name, f.ty))
}

fn object_choice(o: &ObjectInfo) -> Choice {
    let label = match &o.label {
        Some(l) if l != &o.name => format!("  {l}"),
        _ => String::new(),
    };
    let custom = if o.custom { " (custom)" } else { "" };
    Choice::new(&o.name, format!("{}{label}{custom}", o.name))
}

impl Walk<'_> {
    fn run(&mut self) -> Result<Plan, Ended> {
        self.p
            .say("hierc init writes a .hier file for one connector instance, in six steps (A–F).");
        self.p.say(&format!(
            "Objects and fields come from {}.",
            self.s.origin()
        ));
        // A
        let agg = self.aggregation()?;
        // B
        self.p
            .say(&format!("\nStep B of F: the fields of `{}`", agg.name));
        let fields = self.fields(&agg, None)?;
        // C
        self.p
            .say(&format!("\nStep C of F: core mappings of `{}`", agg.name));
        let mappings = self.mappings(&agg, None, &agg.name)?;
        // D
        self.p.say("\nStep D of F: the self-record");
        let self_record = self.p.confirm(
            Question::new(
                &format!("Submit each `{}` as a record of itself?", agg.name),
                &format!(
                    "The self-record is what lets RecordPoint dispose of the `{}` itself; the references of step E are flattened onto it",
                    agg.name
                ),
            ),
            true,
        )?;
        // E
        self.p.say("\nStep E of F: global references");
        let refs = if self_record {
            self.refs(&agg, "flattened onto the self-record")?
        } else {
            self.p.say(
                "References of the aggregation are flattened onto its self-record: without it there are none to choose.",
            );
            Vec::new()
        };
        // F
        self.p.say("\nStep F of F: child records");
        let records = self.records(&agg)?;
        let mut aggregation = ItemPlan::new(&agg.name);
        let implied = brought(&agg, None, &mappings);
        aggregation.fields = without(fields, &implied);
        aggregation.mappings = mappings;
        aggregation.refs = refs;
        Ok(Plan {
            api: agg.api_version.clone(),
            aggregation,
            self_record,
            records,
        })
    }

    /// Step A.
    fn aggregation(&mut self) -> Result<Arc<Describe>, Ended> {
        self.p.say("\nStep A of F: the aggregation object");
        let mut objects = self.s.objects()?;
        if objects.is_empty() {
            return Err(Ended::Failure(Failure::NoObjects(self.s.origin())));
        }
        super::offer_order(&mut objects, |o| (o.name.as_str(), o.custom));
        let common: Vec<&ObjectInfo> = objects
            .iter()
            .filter(|o| rank(&o.name) < COMMON.len())
            .collect();
        let standard: Vec<&ObjectInfo> = objects
            .iter()
            .filter(|o| rank(&o.name) == COMMON.len() && !o.custom)
            .collect();
        let custom: Vec<&ObjectInfo> = objects.iter().filter(|o| o.custom).collect();
        let names: Vec<String> = objects.iter().map(|o| o.name.clone()).collect();
        loop {
            // The first menu: the common objects, else the standard ones.
            let first = if common.is_empty() {
                &standard
            } else {
                &common
            };
            let mut options: Vec<Choice> = first.iter().map(|o| object_choice(o)).collect();
            if !common.is_empty() && !standard.is_empty() {
                options.push(Choice::new(
                    "more",
                    format!("More standard objects ({})…", standard.len()),
                ));
            }
            if !custom.is_empty() {
                options.push(Choice::new(
                    "custom",
                    format!("Custom objects ({})…", custom.len()),
                ));
            }
            options.push(Choice::new("name", "Type an API name…"));
            let i = self.p.select(
                Question::new(
                    "Which object is the aggregation?",
                    "Each of its records becomes an aggregation (a folder) in RecordPoint, holding the related records. Type to filter.",
                ),
                &options,
                0,
            )?;
            let name = match options[i].key.as_str() {
                "more" => self.submenu("Which standard object?", &standard)?,
                "custom" => self.submenu("Which custom object?", &custom)?,
                "name" => back(self.p.text(
                    Question::new(
                        "The aggregation's API name:",
                        "Such as `Case` or `Claim__c`; Esc goes back",
                    ),
                    &names,
                ))?
                .map(|n| n.trim().to_string()),
                key => Some(key.to_string()),
            };
            let Some(name) = name.filter(|n| !n.is_empty()) else {
                continue;
            };
            if !crate::org::is_object_name(&name) {
                self.p
                    .say(&format!("`{name}` is not an API name (such as `Case`)."));
                continue;
            }
            match self.s.describe(&name)? {
                Some(d) if d.queryable => {
                    let missing = unmappable(&d, None, &d.name);
                    if missing.is_empty() {
                        return Ok(d);
                    }
                    self.p.say(&format!(
                        "`{}` has no field for {}: pick another.",
                        d.name,
                        names_of(&missing)
                    ));
                }
                Some(d) => self.p.say(&format!(
                    "`{}` cannot be queried (its describe says `queryable: false`): pick another.",
                    d.name
                )),
                None => {
                    let hint = did_you_mean(&name, names.iter().map(String::as_str))
                        .map(|h| format!(" {h}"))
                        .unwrap_or_default();
                    let pull = if self.s.offline() {
                        format!(" (`hierc schema pull {name}` fetches it)")
                    } else {
                        String::new()
                    };
                    self.p.say(&format!(
                        "`{name}` is not in {}{pull}.{hint}",
                        self.s.origin()
                    ));
                }
            }
        }
    }

    /// A menu of more objects, with a way back (`None`).
    fn submenu(&mut self, message: &str, list: &[&ObjectInfo]) -> Result<Option<String>, Ended> {
        let mut options: Vec<Choice> = list.iter().map(|o| object_choice(o)).collect();
        options.push(Choice::new("back", "← Back"));
        let i = back(self.p.select(
            Question::new(message, "Type to filter; Esc goes back"),
            &options,
            0,
        ))?;
        Ok(i.filter(|i| i + 1 < options.len())
            .map(|i| options[i].key.clone()))
    }

    /// Step B, and the fields of a record: the metadata fields to keep.
    fn fields(&mut self, object: &Describe, via: Option<&Field>) -> Result<Vec<String>, Ended> {
        let candidates = metadata_candidates(object);
        let implied = brought(object, via, &[]);
        let defaults: Vec<usize> = candidates
            .iter()
            .enumerate()
            .filter(|(_, f)| implied.iter().any(|n| n.eq_ignore_ascii_case(&f.name)))
            .map(|(i, _)| i)
            .collect();
        let title = default_title(object)
            .map(|f| format!("the title candidate `{}` and ", f.name))
            .unwrap_or_default();
        let options: Vec<Choice> = candidates.iter().map(|f| field_choice(f)).collect();
        let chosen = self.p.multi_select(
            Question::new(
                &format!("Which fields of `{}` become metadata?", object.name),
                &format!(
                    "Selected: {title}the fields the default core mappings use, which are kept in any case"
                ),
            ),
            &options,
            &defaults,
        )?;
        Ok(chosen
            .into_iter()
            .map(|i| candidates[i].name.clone())
            .collect())
    }

    /// Step C, and the core mappings of a record: what differs from the
    /// defaults.
    fn mappings(
        &mut self,
        object: &Describe,
        via: Option<&Field>,
        aggregation: &str,
    ) -> Result<Vec<(CoreField, Mapping)>, Ended> {
        let cores = asked_cores(via.is_some());
        if via.is_some() {
            self.p.say(&format!("Core mappings of `{}`:", object.name));
        }
        let width = cores.iter().map(|c| c.name().len()).max().unwrap_or(0);
        let mut table = Vec::new();
        let mut missing = Vec::new();
        for core in &cores {
            let value = match default_of(*core, object, via) {
                Some(m) => shown(&m),
                None => {
                    missing.push(*core);
                    "(no default: to choose)".to_string()
                }
            };
            table.push(format!("  {:width$} ← {value}", core.name()));
        }
        self.p.say(&table.join("\n"));
        let keep = if missing.is_empty() {
            self.p.confirm(
                Question::new(
                    "Keep these core mappings?",
                    "No: choose each one, among the fields whose type fits",
                ),
                true,
            )?
        } else {
            self.p.say(&format!(
                "`{}` has nothing to take {} from by default: choose below.",
                object.name,
                names_of(&missing)
            ));
            self.p.confirm(
                Question::new(
                    "Keep the other defaults?",
                    "No: choose each one, among the fields whose type fits",
                ),
                true,
            )?
        };
        let mut out = Vec::new();
        for core in cores {
            let default = default_of(core, object, via);
            if keep && default.is_some() {
                continue;
            }
            let options = core_options(core, object, aggregation);
            if options.is_empty() {
                self.p.say(&format!(
                    "`{}` has no field that `{}` accepts: the file will need one.",
                    object.name,
                    core.name()
                ));
                continue;
            }
            let start = default
                .as_ref()
                .and_then(|d| options.iter().position(|o| o == d))
                .unwrap_or(0);
            let choices: Vec<Choice> = options
                .iter()
                .map(|m| match m {
                    Mapping::Field(f) => match object.field(f) {
                        Some(field) => field_choice(field),
                        None => Choice::new(f, f.clone()),
                    },
                    other => Choice::new(
                        shown(other),
                        format!("{}  the record's URL in Salesforce", shown(other)),
                    ),
                })
                .collect();
            let i = self.p.select(
                Question::new(
                    &format!("{} of `{}`:", core.name(), object.name),
                    &format!("`{}` accepts {}", core.name(), crate::rules::accepted(core)),
                ),
                &choices,
                start,
            )?;
            if default.as_ref() != Some(&options[i]) {
                out.push((core, options[i].clone()));
            }
        }
        Ok(out)
    }

    /// Step E, and the references of a record.
    fn refs(&mut self, object: &Describe, onto: &str) -> Result<Vec<RefPlan>, Ended> {
        let lookups: Vec<&Field> = object
            .fields
            .iter()
            .filter(|f| {
                f.is_reference() && f.relationship_name.is_some() && !f.reference_to.is_empty()
            })
            .collect();
        if lookups.is_empty() {
            self.p
                .say(&format!("`{}` has no lookup fields.", object.name));
            return Ok(Vec::new());
        }
        let options: Vec<Choice> = lookups
            .iter()
            .map(|f| {
                Choice::new(
                    &f.name,
                    format!("{} → {}", f.name, f.reference_to.join(" | ")),
                )
            })
            .collect();
        let chosen = self.p.multi_select(
            Question::new(
                &format!("Which lookups of `{}` are references?", object.name),
                &format!(
                    "The fields you pick of each lookup's target are {onto} as metadata. None is fine"
                ),
            ),
            &options,
            &[],
        )?;
        let targets: Vec<String> = chosen
            .iter()
            .filter(|i| lookups[**i].reference_to.len() == 1)
            .map(|i| lookups[*i].reference_to[0].clone())
            .collect();
        self.s.prefetch(&targets)?;
        let mut out = Vec::new();
        for i in chosen {
            let lookup = lookups[i];
            let target = if lookup.reference_to.len() > 1 {
                let targets: Vec<Choice> = lookup
                    .reference_to
                    .iter()
                    .map(|t| Choice::new(t, t.clone()))
                    .collect();
                let t = self.p.select(
                    Question::new(
                        &format!(
                            "`{}` can point to several objects: which one's fields?",
                            lookup.name
                        ),
                        "A polymorphic lookup: the reference reads the fields of one target",
                    ),
                    &targets,
                    0,
                )?;
                lookup.reference_to[t].clone()
            } else {
                lookup.reference_to[0].clone()
            };
            let Some(described) = self.s.describe(&target)? else {
                self.p.say(&format!(
                    "`{target}` is not in {}: the reference `{}` is left out (`hierc schema pull {target}` fetches it).",
                    self.s.origin(),
                    lookup.name
                ));
                continue;
            };
            let candidates = metadata_candidates(&described);
            let options: Vec<Choice> = candidates.iter().map(|f| field_choice(f)).collect();
            let defaults: Vec<usize> = default_title(&described)
                .and_then(|t| candidates.iter().position(|f| f.name == t.name))
                .into_iter()
                .collect();
            let fields = self.p.multi_select(
                Question::new(
                    &format!(
                        "Which fields of `{}` (through `{}`)?",
                        described.name, lookup.name
                    ),
                    "Each becomes metadata named with the lookup's relationship name as prefix",
                ),
                &options,
                &defaults,
            )?;
            if fields.is_empty() {
                self.p.say(&format!(
                    "No fields: the reference `{}` is left out.",
                    lookup.name
                ));
                continue;
            }
            out.push(RefPlan {
                field: lookup.name.clone(),
                target: (lookup.reference_to.len() > 1).then(|| described.name.clone()),
                fields: fields
                    .into_iter()
                    .map(|i| candidates[i].name.clone())
                    .collect(),
            });
        }
        Ok(out)
    }

    /// Step F.
    fn records(&mut self, agg: &Describe) -> Result<Vec<RecordPlan>, Ended> {
        let mut rels: Vec<&ChildRelationship> = Vec::new();
        let mut hidden = 0;
        let mut unqueryable = 0;
        for r in record_relationships(agg) {
            if !self.s.has(&r.child_sobject) {
                hidden += 1;
            } else if !self.s.queryable(&r.child_sobject) {
                unqueryable += 1;
            } else {
                rels.push(r);
            }
        }
        rels.sort_by_key(|r| {
            (
                rank(&r.child_sobject),
                r.child_sobject.to_ascii_lowercase(),
                r.field.to_ascii_lowercase(),
            )
        });
        if hidden > 0 {
            let more = if self.s.offline() {
                " (pull them with `hierc schema pull`, or run `hierc init --live`)"
            } else {
                ""
            };
            self.p.say(&format!(
                "{hidden} more child relationships lead to objects not in {}{more}.",
                self.s.origin()
            ));
        }
        if unqueryable > 0 {
            self.p.say(&format!(
                "{unqueryable} more lead to objects that cannot be queried, which cannot be records."
            ));
        }
        if rels.is_empty() {
            self.p.say(&format!(
                "`{}` has no child relationships to offer.",
                agg.name
            ));
            return Ok(Vec::new());
        }
        let options: Vec<Choice> = rels
            .iter()
            .map(|r| {
                Choice::new(
                    format!("{}.{}", r.child_sobject, r.field),
                    format!(
                        "{} via {} ({})",
                        r.child_sobject,
                        r.field,
                        r.relationship_name.as_deref().unwrap_or_default()
                    ),
                )
            })
            .collect();
        let chosen = self.p.multi_select(
            Question::new(
                &format!("Which related objects of `{}` become records?", agg.name),
                &format!(
                    "Each of their records linked to a `{}` is submitted as a record in its folder. None is fine",
                    agg.name
                ),
            ),
            &options,
            &[],
        )?;
        let children: Vec<String> = chosen
            .iter()
            .map(|i| rels[*i].child_sobject.clone())
            .collect();
        self.s.prefetch(&children)?;
        let mut out = Vec::new();
        for i in chosen {
            let rel = rels[i];
            let Some(child) = self.s.describe(&rel.child_sobject)? else {
                self.p.say(&format!(
                    "`{}` is not in {}: left out.",
                    rel.child_sobject,
                    self.s.origin()
                ));
                continue;
            };
            if !child.queryable {
                self.p
                    .say(&format!("`{}` cannot be queried: left out.", child.name));
                continue;
            }
            let Some(via) = child.field(&rel.field) else {
                self.p.say(&format!(
                    "`{}` has no field `{}`: left out.",
                    child.name, rel.field
                ));
                continue;
            };
            let missing = unmappable(&child, Some(via), &agg.name);
            if !missing.is_empty() {
                self.p.say(&format!(
                    "`{}` has no field for {}: left out (add it by hand, mapping through a lookup).",
                    child.name,
                    names_of(&missing)
                ));
                continue;
            }
            self.p
                .say(&format!("\nRecord `{}` (via {}):", child.name, via.name));
            let fields = self.fields(&child, Some(via))?;
            let mappings = self.mappings(&child, Some(via), &agg.name)?;
            let refs = self.refs(&child, "flattened onto each record")?;
            let binaries = self.binaries(&child)?;
            let mut item = ItemPlan::new(&child.name);
            item.fields = without(fields, &brought(&child, Some(via), &mappings));
            item.mappings = mappings;
            item.refs = refs;
            out.push(RecordPlan {
                item,
                via: (relationships(agg, &child.name).len() > 1).then(|| via.name.clone()),
                binaries,
            });
        }
        Ok(out)
    }

    /// The binaries of a record.
    fn binaries(&mut self, object: &Describe) -> Result<Vec<BinaryPlan>, Ended> {
        let mut options = Vec::new();
        let mut plans = Vec::new();
        let mut defaults = Vec::new();
        if object.holds_files() {
            options.push(Choice::new(
                "files",
                "Salesforce Files attached to each record (ContentDocumentLink)",
            ));
            plans.push(BinaryPlan::Files);
        }
        for f in &object.fields {
            let (what, mime) = match f.ty.as_str() {
                "base64" => ("file content (base64)", None),
                "textarea" if f.is_html() => (
                    "HTML text rendered as a file",
                    Some("text/html".to_string()),
                ),
                "textarea" => ("text rendered as a file", None),
                _ => continue,
            };
            if f.ty == "base64" {
                defaults.push(options.len());
            }
            options.push(Choice::new(&f.name, format!("{}  {what}", f.name)));
            plans.push(BinaryPlan::Field {
                field: f.name.clone(),
                mime,
            });
        }
        if options.is_empty() {
            self.p.say(&format!(
                "`{}` has neither files nor content fields: no binaries.",
                object.name
            ));
            return Ok(Vec::new());
        }
        let chosen = self.p.multi_select(
            Question::new(
                &format!("Which binaries of `{}`?", object.name),
                "Content submitted as files of each record. None is fine",
            ),
            &options,
            &defaults,
        )?;
        Ok(chosen.into_iter().map(|i| plans[i].clone()).collect())
    }
}

/// An answer, or `None` for Esc: back to the menu before.
fn back<T>(answer: Result<T, Stop>) -> Result<Option<T>, Stop> {
    match answer {
        Ok(a) => Ok(Some(a)),
        Err(Stop::Cancelled) => Ok(None),
        Err(other) => Err(other),
    }
}

/// `Title and Author`.
fn names_of(cores: &[CoreField]) -> String {
    let names: Vec<String> = cores.iter().map(|c| format!("`{}`", c.name())).collect();
    crate::diagnostics::suggest::join_words(&names, "and")
}

/// `fields` less those in `implied`.
fn without(fields: Vec<String>, implied: &[String]) -> Vec<String> {
    fields
        .into_iter()
        .filter(|f| !implied.iter().any(|i| i.eq_ignore_ascii_case(f)))
        .collect()
}
