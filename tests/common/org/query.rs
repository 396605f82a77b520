//! The test org's SOQL reader: enough of SOQL to check a query against the
//! describes the org serves (the object, field paths through relationship
//! names, `TYPEOF`, child subqueries, WHERE fields and semi-joins,
//! `COUNT()`, `LIMIT`), answering as Salesforce does: an empty page, or its
//! error bodies (`INVALID_TYPE`, `INVALID_FIELD`, `MALFORMED_QUERY`) with
//! the statement echoed and `ERROR at Row:1:Column:N`. The org holds no
//! rows; `PermissionSetAssignment` answers whether the user holds Bulk API
//! Hard Delete.

use serde_json::{json, Value};

/// What the reader needs from the org.
pub struct Context<'a> {
    /// A served describe, by object name (any case).
    pub describe: &'a dyn Fn(&str) -> Option<Value>,
    pub user_id: &'a str,
    pub hard_delete: bool,
}

/// `(status, body)` for `GET .../query?q=<soql>`.
pub fn answer(ctx: &Context, soql: &str) -> (u16, String) {
    match run(ctx, soql) {
        Ok(rows) => (
            200,
            json!({"totalSize": rows, "done": true, "records": []}).to_string(),
        ),
        Err(e) => (400, e.body(soql)),
    }
}

struct Error {
    code: &'static str,
    /// Byte offset of the token it is about.
    at: usize,
    message: String,
}

impl Error {
    /// Salesforce's body: the statement, a caret, the place, the message.
    fn body(&self, soql: &str) -> String {
        let column = self.at + 1;
        let message = format!(
            "\n{soql}\n{}^\nERROR at Row:1:Column:{column}\n{}",
            " ".repeat(self.at),
            self.message
        );
        json!([{"message": message, "errorCode": self.code}]).to_string()
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Word(String),
    Str(String),
    Bind(String),
    Punct(char),
    Op(String),
}

fn tokens(soql: &str) -> Result<Vec<(Tok, usize)>, Error> {
    let bytes = soql.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i] as char;
        let start = i;
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c.is_ascii_alphanumeric() || c == '_' {
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || b"_.".contains(&bytes[i]))
            {
                i += 1;
            }
            out.push((Tok::Word(soql[start..i].to_string()), start));
        } else if c == '\'' {
            i += 1;
            while i < bytes.len() && bytes[i] != b'\'' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            if i >= bytes.len() {
                return Err(malformed(start, "unexpected token: '''"));
            }
            out.push((Tok::Str(soql[start + 1..i].to_string()), start));
            i += 1;
        } else if c == ':' {
            i += 1;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            out.push((Tok::Bind(soql[start..i].to_string()), start));
        } else if "(),".contains(c) {
            out.push((Tok::Punct(c), start));
            i += 1;
        } else if "=<>!".contains(c) {
            while i < bytes.len() && b"=<>!".contains(&bytes[i]) {
                i += 1;
            }
            out.push((Tok::Op(soql[start..i].to_string()), start));
        } else {
            return Err(malformed(start, &format!("unexpected token: '{c}'")));
        }
    }
    Ok(out)
}

fn malformed(at: usize, message: &str) -> Error {
    Error {
        code: "MALFORMED_QUERY",
        at,
        message: message.to_string(),
    }
}

struct Parser<'c, 'a> {
    ctx: &'c Context<'a>,
    toks: Vec<(Tok, usize)>,
    pos: usize,
    end: usize,
}

/// Fields a polymorphic relationship offers without `TYPEOF` (the `Name`
/// object's).
const NAME_FIELDS: [&str; 8] = [
    "Id",
    "Name",
    "Type",
    "Alias",
    "Email",
    "FirstName",
    "LastName",
    "Title",
];

fn run(ctx: &Context, soql: &str) -> Result<u64, Error> {
    let toks = tokens(soql)?;
    let mut p = Parser {
        ctx,
        end: soql.len(),
        toks,
        pos: 0,
    };
    let rows = p.query(None)?;
    if let Some((t, at)) = p.toks.get(p.pos) {
        return Err(malformed(*at, &format!("unexpected token: '{}'", show(t))));
    }
    Ok(rows)
}

fn show(t: &Tok) -> String {
    match t {
        Tok::Word(w) | Tok::Bind(w) | Tok::Op(w) => w.clone(),
        Tok::Str(s) => format!("'{s}'"),
        Tok::Punct(c) => c.to_string(),
    }
}

impl Parser<'_, '_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(t, _)| t)
    }

    fn keyword(&mut self, k: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Word(w)) if w.eq_ignore_ascii_case(k)) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect_keyword(&mut self, k: &str) -> Result<(), Error> {
        if self.keyword(k) {
            Ok(())
        } else {
            Err(self.unexpected())
        }
    }

    fn punct(&mut self, c: char) -> bool {
        if self.peek() == Some(&Tok::Punct(c)) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn unexpected(&self) -> Error {
        match self.toks.get(self.pos) {
            Some((t, at)) => malformed(*at, &format!("unexpected token: '{}'", show(t))),
            None => malformed(self.end, "unexpected token: '<EOF>'"),
        }
    }

    fn word(&mut self) -> Result<(String, usize), Error> {
        match self.toks.get(self.pos) {
            Some((Tok::Word(w), at)) => {
                let r = (w.clone(), *at);
                self.pos += 1;
                Ok(r)
            }
            _ => Err(self.unexpected()),
        }
    }

    /// `SELECT ... FROM X [WHERE ...] [LIMIT n]`; `parent` is the object of
    /// an enclosing query, whose child relationship `X` then names.
    fn query(&mut self, parent: Option<&Value>) -> Result<u64, Error> {
        self.expect_keyword("SELECT")?;
        // The select list is read first and checked once the object is known.
        let mut items: Vec<Item> = Vec::new();
        loop {
            if self.punct('(') {
                let start = self.pos;
                let mut depth = 1;
                while depth > 0 {
                    match self.toks.get(self.pos) {
                        Some((Tok::Punct('('), _)) => depth += 1,
                        Some((Tok::Punct(')'), _)) => depth -= 1,
                        None => return Err(self.unexpected()),
                        _ => {}
                    }
                    self.pos += 1;
                }
                items.push(Item::Sub(start, self.pos - 1));
            } else if self.keyword("TYPEOF") {
                let (relationship, rat) = self.word()?;
                let mut whens = Vec::new();
                while self.keyword("WHEN") {
                    let (object, oat) = self.word()?;
                    self.expect_keyword("THEN")?;
                    whens.push((Some((object, oat)), self.field_list()?));
                }
                if self.keyword("ELSE") {
                    whens.push((None, self.field_list()?));
                }
                self.expect_keyword("END")?;
                items.push(Item::TypeOf(relationship, rat, whens));
            } else {
                let (w, at) = self.word()?;
                if w.eq_ignore_ascii_case("COUNT") && self.punct('(') {
                    // `COUNT()`: the org holds no rows, so 0 either way.
                    if !self.punct(')') {
                        return Err(self.unexpected());
                    }
                } else {
                    items.push(Item::Path(w, at));
                }
            }
            if !self.punct(',') {
                break;
            }
        }
        self.expect_keyword("FROM")?;
        let (name, at) = self.word()?;
        let object = match parent {
            None => self.object(&name, at)?,
            Some(parent) => self.child(parent, &name, at)?,
        };
        let Some(object) = object else {
            // PermissionSetAssignment: read the filter, answer the table.
            return self.permission_sets();
        };
        for item in &items {
            match item {
                Item::Path(path, at) => {
                    self.path(&object, path, *at, false)?;
                }
                Item::TypeOf(relationship, rat, whens) => {
                    let field = self.relationship(&object, relationship, *rat)?;
                    for (target, fields) in whens {
                        let target = match target {
                            Some((name, oat)) => {
                                if !field.targets.iter().any(|t| t.eq_ignore_ascii_case(name)) {
                                    return Err(invalid_field(
                                        *oat,
                                        format!("Invalid TYPEOF type: {name}"),
                                    ));
                                }
                                Some(self.object(name, *oat)?.unwrap_or(Value::Null))
                            }
                            None => None,
                        };
                        for (f, fat) in fields {
                            match &target {
                                Some(t) => {
                                    self.path(t, f, *fat, false)?;
                                }
                                None => name_field(f, *fat)?,
                            }
                        }
                    }
                }
                Item::Sub(start, end) => {
                    let saved = (self.pos, std::mem::take(&mut self.toks));
                    self.toks = saved.1[*start..*end].to_vec();
                    self.pos = 0;
                    let r = self.query(Some(&object));
                    let leftover = self.toks.get(self.pos).cloned();
                    self.toks = saved.1;
                    self.pos = saved.0;
                    r?;
                    if let Some((t, at)) = leftover {
                        return Err(malformed(at, &format!("unexpected token: '{}'", show(&t))));
                    }
                }
            }
        }
        if self.keyword("WHERE") {
            self.condition(&object)?;
        }
        if self.keyword("LIMIT") {
            match self.toks.get(self.pos) {
                Some((Tok::Word(n), _)) if n.parse::<u64>().is_ok() => self.pos += 1,
                _ => return Err(self.unexpected()),
            }
        }
        Ok(0)
    }

    fn field_list(&mut self) -> Result<Vec<(String, usize)>, Error> {
        let mut out = vec![self.word()?];
        while self.punct(',') {
            out.push(self.word()?);
        }
        Ok(out)
    }

    /// A top-level object; `None` for PermissionSetAssignment.
    fn object(&self, name: &str, at: usize) -> Result<Option<Value>, Error> {
        if name.eq_ignore_ascii_case("PermissionSetAssignment") {
            return Ok(None);
        }
        (self.ctx.describe)(name).map(Some).ok_or_else(|| Error {
            code: "INVALID_TYPE",
            at,
            message: format!("sObject type '{name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names."),
        })
    }

    /// A child relationship of `parent`, as the subquery's `FROM`.
    fn child(&self, parent: &Value, name: &str, at: usize) -> Result<Option<Value>, Error> {
        let child = parent["childRelationships"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|r| {
                r["relationshipName"]
                    .as_str()
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
            })
            .and_then(|r| r["childSObject"].as_str());
        let not_understood = || {
            Error {
            code: "INVALID_TYPE",
            at,
            message: format!("Didn't understand relationship '{name}' in FROM part of query call. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names."),
        }
        };
        let child = child.ok_or_else(not_understood)?;
        (self.ctx.describe)(child)
            .map(Some)
            .ok_or_else(not_understood)
    }

    /// A lookup of `object` by relationship name.
    fn relationship(&self, object: &Value, name: &str, at: usize) -> Result<Lookup, Error> {
        fields(object)
            .find(|f| {
                f["relationshipName"]
                    .as_str()
                    .is_some_and(|n| n.eq_ignore_ascii_case(name))
            })
            .map(|f| Lookup {
                targets: f["referenceTo"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect(),
            })
            .ok_or_else(|| invalid_field(at, format!("Didn't understand relationship '{name}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.")))
    }

    /// A field path from `object`; the last field's describe entry.
    fn path(&self, object: &Value, path: &str, at: usize, filter: bool) -> Result<Value, Error> {
        let hops: Vec<&str> = path.split('.').collect();
        let mut current = object.clone();
        for (i, hop) in hops.iter().enumerate() {
            if i + 1 == hops.len() {
                let entity = current["name"].as_str().unwrap_or("").to_string();
                let field = fields(&current)
                    .find(|f| f["name"].as_str().is_some_and(|n| n.eq_ignore_ascii_case(hop)))
                    .cloned()
                    .ok_or_else(|| invalid_field(at, format!("No such column '{hop}' on entity '{entity}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.")))?;
                if filter && field["filterable"] == Value::Bool(false) {
                    return Err(invalid_field(
                        at,
                        format!("field '{hop}' can not be filtered in a query call"),
                    ));
                }
                return Ok(field);
            }
            let lookup = self.relationship(&current, hop, at)?;
            if lookup.targets.len() > 1 {
                // Through a polymorphic lookup only the Name object's fields.
                if i + 2 != hops.len() {
                    return Err(invalid_field(at, format!("Didn't understand relationship '{}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.", hops[i + 1])));
                }
                name_field(hops[i + 1], at)?;
                return Ok(json!({"name": hops[i + 1], "type": "string"}));
            }
            let target = lookup.targets.first().cloned().unwrap_or_default();
            current = (self.ctx.describe)(&target).ok_or_else(|| invalid_field(at, format!("Didn't understand relationship '{hop}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.")))?;
        }
        Err(malformed(at, "unexpected token: '.'"))
    }

    /// `a = x AND (b IN (SELECT ...) OR c != null)`.
    fn condition(&mut self, object: &Value) -> Result<(), Error> {
        loop {
            if self.keyword("NOT") {
                continue;
            }
            if self.punct('(') {
                self.condition(object)?;
                if !self.punct(')') {
                    return Err(self.unexpected());
                }
            } else {
                let (path, at) = self.word()?;
                self.path(object, &path, at, true)?;
                if self.keyword("IN") || (self.keyword("NOT") && self.keyword("IN")) {
                    if !self.punct('(') {
                        return Err(self.unexpected());
                    }
                    if matches!(self.peek(), Some(Tok::Word(w)) if w.eq_ignore_ascii_case("SELECT"))
                    {
                        self.query(None)?;
                    } else {
                        self.value()?;
                        while self.punct(',') {
                            self.value()?;
                        }
                    }
                    if !self.punct(')') {
                        return Err(self.unexpected());
                    }
                } else {
                    match self.toks.get(self.pos) {
                        Some((Tok::Op(_), _)) => self.pos += 1,
                        Some((Tok::Word(w), _)) if w.eq_ignore_ascii_case("LIKE") => self.pos += 1,
                        _ => return Err(self.unexpected()),
                    }
                    self.value()?;
                }
            }
            if !(self.keyword("AND") || self.keyword("OR")) {
                return Ok(());
            }
        }
    }

    fn value(&mut self) -> Result<(), Error> {
        match self.toks.get(self.pos) {
            Some((Tok::Str(_) | Tok::Bind(_) | Tok::Word(_), _)) => {
                self.pos += 1;
                Ok(())
            }
            _ => Err(self.unexpected()),
        }
    }

    /// `WHERE AssigneeId = '<id>' AND PermissionSet.PermissionsBulkApiHardDelete = true`.
    fn permission_sets(&mut self) -> Result<u64, Error> {
        let mut assignee = None;
        let mut hard_delete = false;
        if self.keyword("WHERE") {
            loop {
                let (path, at) = self.word()?;
                let op = match self.toks.get(self.pos) {
                    Some((Tok::Op(op), _)) => op.clone(),
                    _ => return Err(self.unexpected()),
                };
                self.pos += 1;
                let value = match self.toks.get(self.pos) {
                    Some((Tok::Str(s), _)) => s.clone(),
                    Some((Tok::Word(w), _)) => w.to_ascii_lowercase(),
                    _ => return Err(self.unexpected()),
                };
                self.pos += 1;
                match (path.to_ascii_lowercase().as_str(), op.as_str()) {
                    ("assigneeid", "=") => assignee = Some(value),
                    ("permissionset.permissionsbulkapiharddelete", "=") => {
                        hard_delete = value == "true"
                    }
                    _ => {
                        return Err(invalid_field(at, format!("No such column '{path}' on entity 'PermissionSetAssignment'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.")))
                    }
                }
                if !self.keyword("AND") {
                    break;
                }
            }
        }
        if self.keyword("LIMIT") {
            self.pos += 1;
        }
        let mine = assignee.as_deref() == Some(self.ctx.user_id);
        Ok(u64::from(mine && hard_delete && self.ctx.hard_delete))
    }
}

/// A name and the byte offset where it is written.
type Named = (String, usize);

enum Item {
    Path(String, usize),
    /// `TYPEOF rel WHEN Object THEN fields ... ELSE fields END`: each
    /// clause's object (`None` for `ELSE`) and fields.
    TypeOf(String, usize, Vec<(Option<Named>, Vec<Named>)>),
    /// A child subquery: the range of its tokens.
    Sub(usize, usize),
}

struct Lookup {
    targets: Vec<String>,
}

fn fields(object: &Value) -> impl Iterator<Item = &Value> {
    object["fields"].as_array().into_iter().flatten()
}

fn invalid_field(at: usize, message: String) -> Error {
    Error {
        code: "INVALID_FIELD",
        at,
        message,
    }
}

fn name_field(f: &str, at: usize) -> Result<(), Error> {
    if NAME_FIELDS.iter().any(|n| n.eq_ignore_ascii_case(f)) {
        Ok(())
    } else {
        Err(invalid_field(at, format!("No such column '{f}' on entity 'Name'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.")))
    }
}
