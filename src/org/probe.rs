//! `hierc probe`'s side of the org: run the items' queries as the signed-in
//! user (the connector's Run As user), find out who that user is and
//! whether they hold Bulk API Hard Delete, and read the daily API budget.
//! A rejected query maps back to the `.hier` span of the field it names.
//! Nothing here prints, and no token reaches a message.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use serde::Deserialize;

use super::{json_check, ApiError, Org, OrgError};
use crate::soql::Statement;
use crate::source::Span;

/// At most this many queries in flight at once.
pub const WORKERS: usize = 4;

/// What the org said to one query.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// It ran; `rows` is its `totalSize` (0 or 1 with `LIMIT 1`).
    Passed { rows: u64 },
    /// Salesforce refused it (HTTP 400): its own error.
    Rejected(ApiError),
}

/// The signed-in user, from `/services/oauth2/userinfo`.
#[derive(Clone, Debug, Deserialize)]
pub struct UserInfo {
    pub user_id: String,
    #[serde(default)]
    pub preferred_username: Option<String>,
    #[serde(default)]
    pub organization_id: Option<String>,
}

/// The daily API allocation, from `Sforce-Limit-Info: api-usage=21/15000`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    pub used: u64,
    pub max: u64,
}

impl Budget {
    pub fn parse(header: &str) -> Option<Budget> {
        let usage = header
            .split([';', ','])
            .map(str::trim)
            .find_map(|p| p.strip_prefix("api-usage="))?;
        let (used, max) = usage.split_once('/')?;
        Some(Budget {
            used: used.trim().parse().ok()?,
            max: max.trim().parse().ok()?,
        })
    }

    pub fn remaining(self) -> u64 {
        self.max.saturating_sub(self.used)
    }
}

impl Org {
    /// Runs one SOQL statement through `GET .../query`.
    pub fn query(&self, soql: &str) -> Result<Outcome, OrgError> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Page {
            total_size: u64,
        }
        let mut url = self.data("query");
        url.query_pairs_mut().append_pair("q", soql);
        let what = "a query";
        let reply = self.authorized(
            what,
            |c, token| c.get(url.clone()).bearer_auth(token),
            json_check,
        )?;
        match reply.status {
            200 => {
                let page: Page = serde_json::from_slice(&reply.body)
                    .map_err(|_| OrgError::new("the org's answer to a query is not readable"))?;
                Ok(Outcome::Passed {
                    rows: page.total_size,
                })
            }
            400 => match ApiError::parse(&reply.body) {
                Some(e) => Ok(Outcome::Rejected(e)),
                None => Err(self.failure(&reply, what)),
            },
            _ => Err(self.failure(&reply, what)),
        }
    }

    /// Who the token acts for.
    pub fn userinfo(&self) -> Result<UserInfo, OrgError> {
        let info: UserInfo = self.get_json(
            self.url("services/oauth2/userinfo"),
            "asking who the user is (userinfo)",
            "the org's userinfo is not readable",
        )?;
        if !is_record_id(&info.user_id) {
            return Err(OrgError::new("the org's userinfo names no user Id"));
        }
        Ok(info)
    }

    /// Whether a permission set assigned to the user (a profile's
    /// included) grants Bulk API Hard Delete.
    pub fn holds_hard_delete(&self, user_id: &str) -> Result<bool, OrgError> {
        if !is_record_id(user_id) {
            return Err(OrgError::new(format!("`{user_id}` is not a record Id")));
        }
        match self.query(&hard_delete_query(user_id))? {
            Outcome::Passed { rows } => Ok(rows > 0),
            Outcome::Rejected(e) => Err(OrgError::new(format!(
                "the org refused the permission check ({}: {})",
                e.code,
                message(&e)
            ))),
        }
    }
}

/// The query that finds the user's permission sets granting hard delete.
pub fn hard_delete_query(user_id: &str) -> String {
    format!(
        "SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = '{user_id}' AND PermissionSet.PermissionsBulkApiHardDelete = true LIMIT 1"
    )
}

/// A 15- or 18-character Salesforce Id: letters and digits.
pub fn is_record_id(id: &str) -> bool {
    matches!(id.len(), 15 | 18) && id.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Runs `queries` with at most [`WORKERS`] in flight; the outcomes in
/// order. Each query retries on 429 and 5xx as describes do.
pub fn run_all(org: &Org, queries: &[String]) -> Vec<Result<Outcome, OrgError>> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<Outcome, OrgError>>>> =
        Mutex::new((0..queries.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..WORKERS.min(queries.len()) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(q) = queries.get(i) else { break };
                let outcome = org.query(q);
                if let Ok(mut r) = results.lock() {
                    r[i] = Some(outcome);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(OrgError::new("a query was not run"))))
        .collect()
}

/// Salesforce's message without the echo of the statement: a SOQL error
/// reads `\nSELECT ...\n     ^\nERROR at Row:1:Column:12\nNo such column ...`.
pub fn message(e: &ApiError) -> String {
    e.message
        .lines()
        .map(str::trim)
        .rfind(|l| !l.is_empty())
        .unwrap_or(&e.code)
        .to_string()
}

/// Where the `.hier` file names what a rejected query's error is about:
/// the part at the error's column, else the part it quotes, else the item.
pub fn place(statement: &Statement, e: &ApiError) -> Span {
    if let Some(column) = column(&e.message) {
        let at = column.saturating_sub(1);
        if let Some(p) = statement
            .parts
            .iter()
            .find(|p| p.offset <= at && at < p.offset + p.text.len())
        {
            return p.span;
        }
    }
    let quoted: Vec<&str> = e.message.split('\'').skip(1).step_by(2).collect();
    for q in &quoted {
        if let Some(p) = statement
            .parts
            .iter()
            .find(|p| p.text.eq_ignore_ascii_case(q))
        {
            return p.span;
        }
    }
    for q in &quoted {
        if let Some(p) = statement
            .parts
            .iter()
            .find(|p| p.text.split('.').any(|s| s.eq_ignore_ascii_case(q)))
        {
            return p.span;
        }
    }
    statement.span
}

/// `N` in `ERROR at Row:1:Column:N`.
fn column(message: &str) -> Option<usize> {
    let rest = &message[message.find("Column:")? + "Column:".len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_budget() {
        let b = Budget::parse("api-usage=21/15000").unwrap();
        assert_eq!((b.used, b.max, b.remaining()), (21, 15000, 14979));
        assert_eq!(
            Budget::parse("api-usage=5/100; per-app-api-usage=1/50(appName=x)"),
            Some(Budget { used: 5, max: 100 })
        );
        assert_eq!(Budget::parse("per-app-api-usage=1/50"), None);
    }

    #[test]
    fn finds_the_column_and_the_last_line() {
        let e = ApiError {
            code: "INVALID_FIELD".into(),
            message: "\nSELECT Id, Foo FROM Case\n           ^\nERROR at Row:1:Column:12\nNo such column 'Foo' on entity 'Case'.".into(),
        };
        assert_eq!(column(&e.message), Some(12));
        assert_eq!(message(&e), "No such column 'Foo' on entity 'Case'.");
        assert!(is_record_id("005000000000001AAA"));
        assert!(!is_record_id("005' OR Id != '"));
    }
}
