//! The three ways to log in, as the guide's script has them: a Salesforce
//! CLI alias, a bearer token, OAuth 2.0 client credentials. Tokens and
//! secrets stay in `SecretString`s and never reach a message.

use std::process::Command;

use reqwest::Url;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use super::http::Http;
use super::OrgError;

/// What the CLI prints in place of a token it will not show.
const REDACTED: &str = "[REDACTED";

/// How to log in.
pub enum Auth {
    /// `--sf-org ALIAS`.
    Alias(String),
    /// `--domain URL --token TOKEN`.
    Token { domain: Url, token: SecretString },
    /// `--domain URL --client-id ID --client-secret SECRET`.
    ClientCredentials {
        domain: Url,
        client_id: String,
        secret: SecretString,
    },
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Auth::Alias(a) => write!(f, "Alias({a:?})"),
            Auth::Token { domain, .. } => write!(f, "Token({domain})"),
            Auth::ClientCredentials {
                domain, client_id, ..
            } => write!(f, "ClientCredentials({domain}, {client_id})"),
        }
    }
}

/// A token and where to use it.
pub struct Login {
    pub instance: Url,
    pub token: SecretString,
}

impl Auth {
    /// Whether a rejected token can be replaced without the user.
    pub fn can_renew(&self) -> bool {
        matches!(self, Auth::ClientCredentials { .. })
    }

    pub fn login(&self, http: &Http) -> Result<Login, OrgError> {
        match self {
            Auth::Alias(alias) => from_cli(alias),
            Auth::Token { domain, token } => Ok(Login {
                instance: domain.clone(),
                token: token.clone(),
            }),
            Auth::ClientCredentials {
                domain,
                client_id,
                secret,
            } => client_credentials(http, domain, client_id, secret),
        }
    }
}

/// Parses and checks an org URL: https, or http on a loopback host; a
/// trailing slash is fine. Returns the URL and, for a legacy instance host,
/// a warning.
pub fn parse_domain(text: &str) -> Result<(Url, Option<String>), OrgError> {
    let text = text.trim();
    let url = Url::parse(text).map_err(|_| {
        OrgError::new(format!("`{text}` is not a URL")).help(
            "give the org's My Domain URL, such as `https://acme.my.salesforce.com`".to_string(),
        )
    })?;
    check_url(&url, text)?;
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let mut origin = url.clone();
    origin.set_path("/");
    origin.set_query(None);
    origin.set_fragment(None);
    let warning = if is_legacy_instance(&host) {
        Some(format!(
            "`{host}` is a legacy instance URL; use the org's My Domain URL (`https://<MyDomain>.my.salesforce.com`), which survives instance moves"
        ))
    } else if host == "login.salesforce.com" || host == "test.salesforce.com" {
        Some(format!(
            "`{host}` is a login host, not the org's My Domain; the client credentials flow needs the My Domain URL"
        ))
    } else {
        None
    };
    Ok((origin, warning))
}

/// https, or http to a loopback host only.
fn check_url(url: &Url, shown: &str) -> Result<(), OrgError> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(url) => Ok(()),
        "http" => Err(OrgError::new(format!(
            "`{shown}` uses http; hierc talks to an org only over https"
        ))
        .help("use the https URL (plain http is accepted for loopback hosts only)")),
        other => Err(OrgError::new(format!(
            "`{shown}` is not an https URL (scheme `{other}`)"
        ))),
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// `na12.salesforce.com`, `eu5.salesforce.com`, `cs42.salesforce.com`.
fn is_legacy_instance(host: &str) -> bool {
    let Some(first) = host.strip_suffix(".salesforce.com") else {
        return false;
    };
    !first.contains('.')
        && first.len() > 2
        && first.chars().take_while(char::is_ascii_alphabetic).count() >= 2
        && first
            .trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .chars()
            .all(|c| c.is_ascii_digit())
        && first.chars().last().is_some_and(|c| c.is_ascii_digit())
}

/// A URL that came from the org or the CLI.
fn instance_url(text: &str, from: &str) -> Result<Url, OrgError> {
    let url = Url::parse(text)
        .map_err(|_| OrgError::new(format!("{from} gave an instance URL that is not a URL")))?;
    check_url(&url, text)?;
    Ok(url)
}

#[derive(Deserialize)]
struct TokenReply {
    access_token: Option<String>,
    instance_url: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

fn client_credentials(
    http: &Http,
    domain: &Url,
    client_id: &str,
    secret: &SecretString,
) -> Result<Login, OrgError> {
    let url = domain
        .join("services/oauth2/token")
        .map_err(|e| OrgError::new(e.to_string()))?;
    let reply = http.send(
        "the token request",
        |c| {
            c.post(url.clone())
                .header("Accept", "application/json")
                .form(&[
                    ("grant_type", "client_credentials"),
                    ("client_id", client_id),
                    ("client_secret", secret.expose_secret()),
                ])
        },
        |r| {
            serde_json::from_slice::<TokenReply>(&r.body)
                .map(|_| ())
                .map_err(|_| "the token response is not JSON".into())
        },
    )?;
    let parsed: Option<TokenReply> = serde_json::from_slice(&reply.body).ok();
    if !(200..300).contains(&reply.status) {
        let (code, description) = match &parsed {
            Some(TokenReply {
                error: Some(e),
                error_description,
                ..
            }) => (e.clone(), error_description.clone().unwrap_or_default()),
            _ => (format!("HTTP {}", reply.status), String::new()),
        };
        let help = match code.as_str() {
            "invalid_client" | "invalid_client_id" | "invalid_client_credentials" => {
                "check the client ID and secret (the External Client App's Consumer Key and Secret), and that the app has \"Enable Client Credentials Flow\" on"
            }
            "invalid_grant" => {
                "use the org's My Domain URL, and check that the External Client App has a Run As user for the client credentials flow"
            }
            "inactive_user" | "inactive_org" => "the Run As user or the org is inactive",
            _ => "check the domain, the client ID and the secret",
        };
        let detail = if description.is_empty() {
            String::new()
        } else {
            format!(": {description}")
        };
        return Err(OrgError::new(format!(
            "the org refused the client credentials ({code}{detail})"
        ))
        .help(help)
        .fatal());
    }
    let parsed = parsed.unwrap_or(TokenReply {
        access_token: None,
        instance_url: None,
        error: None,
        error_description: None,
    });
    let token = parsed
        .access_token
        .filter(|t| !t.is_empty())
        .ok_or_else(|| OrgError::new("the token response has no access_token").fatal())?;
    let instance = match parsed.instance_url {
        Some(u) => instance_url(&u, "the token response")?,
        None => domain.clone(),
    };
    Ok(Login {
        instance,
        token: SecretString::from(token),
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CliReply {
    status: Option<i64>,
    name: Option<String>,
    message: Option<String>,
    result: Option<CliResult>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CliResult {
    access_token: Option<String>,
    instance_url: Option<String>,
}

/// The token from `sf org auth show-access-token`, else (older CLIs)
/// `sf org display`; the instance URL from the same JSON.
fn from_cli(alias: &str) -> Result<Login, OrgError> {
    let shown = sf(&["org", "auth", "show-access-token", "--target-org", alias])?;
    let result = match shown {
        Ok(r) => r,
        Err(failure) if failure.not_a_command => {
            match sf(&["org", "display", "--target-org", alias])? {
                Ok(r) => r,
                Err(failure) => return Err(failure.error),
            }
        }
        Err(failure) => return Err(failure.error),
    };
    let token = result.access_token.unwrap_or_default();
    if token.trim_start().starts_with(REDACTED) {
        return Err(OrgError::new(format!(
            "the Salesforce CLI hid the access token of `{alias}` ([REDACTED]), and has no `sf org auth show-access-token`"
        ))
        .help("update the CLI (`sf update`), or use `--domain` with `--token` or `--client-id`")
        .fatal());
    }
    if token.is_empty() {
        return Err(OrgError::new(format!(
            "the Salesforce CLI gave no access token for `{alias}`"
        ))
        .help(format!("log in again: `sf org login web --alias {alias}`"))
        .fatal());
    }
    let instance = match result.instance_url {
        Some(u) => u,
        None => match sf(&["org", "display", "--target-org", alias])? {
            Ok(CliResult {
                instance_url: Some(u),
                ..
            }) => u,
            Ok(_) => {
                return Err(OrgError::new(format!(
                    "the Salesforce CLI gave no instance URL for `{alias}`"
                ))
                .fatal())
            }
            Err(failure) => return Err(failure.error),
        },
    };
    Ok(Login {
        instance: instance_url(&instance, "the Salesforce CLI")?,
        token: SecretString::from(token),
    })
}

struct CliFailure {
    error: OrgError,
    not_a_command: bool,
}

/// Runs `sf ARGS --json`. The outer error: `sf` cannot be run at all.
fn sf(args: &[&str]) -> Result<Result<CliResult, CliFailure>, OrgError> {
    let output = Command::new("sf")
        .args(args)
        .arg("--json")
        .env("NO_COLOR", "1")
        .env("SF_NO_COLOR", "1")
        .env("SF_AUTOUPDATE_DISABLE", "true")
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| {
            let why = if e.kind() == std::io::ErrorKind::NotFound {
                "is not installed or not on PATH".to_string()
            } else {
                format!("cannot be run: {}", crate::workspace::files::io_reason(&e))
            };
            OrgError::new(format!("the Salesforce CLI (`sf`) {why}"))
                .help("install it and log in (`sf org login web --alias ALIAS`), or use `--domain` with `--token` or `--client-id`")
                .fatal()
        })?;
    let command = format!("sf {}", args[..args.len() - 2].join(" "));
    let reply: Option<CliReply> = serde_json::from_slice(&output.stdout).ok();
    let Some(reply) = reply else {
        return Ok(Err(CliFailure {
            error: OrgError::new(format!("`{command}` did not print JSON")).fatal(),
            not_a_command: false,
        }));
    };
    match (reply.status, reply.result) {
        (Some(0), Some(result)) if output.status.success() => Ok(Ok(result)),
        _ => {
            let name = reply.name.unwrap_or_else(|| "Error".into());
            let message = reply.message.unwrap_or_default();
            let not_a_command = message.contains("is not a sf command")
                || name == "CommandNotFound"
                || message.contains("not a sfdx command");
            let help = if name == "NoAuthorizationFound" || name == "NoOrgFound" {
                Some("log in with `sf org login web --alias ALIAS`, or list the aliases with `sf org list`")
            } else {
                None
            };
            let mut error = OrgError::new(format!(
                "the Salesforce CLI failed: `{command}`: {name}: {}",
                message.trim()
            ))
            .fatal();
            if let Some(h) = help {
                error = error.help(h);
            }
            Ok(Err(CliFailure {
                error,
                not_a_command,
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains() {
        assert!(parse_domain("https://acme.my.salesforce.com/").is_ok());
        assert!(parse_domain("https://acme--dev.sandbox.my.salesforce.com").is_ok());
        assert!(parse_domain("http://127.0.0.1:8080").is_ok());
        assert!(parse_domain("http://[::1]:8080").is_ok());
        assert!(parse_domain("http://localhost:1").is_ok());
        assert!(parse_domain("http://acme.my.salesforce.com").is_err());
        assert!(parse_domain("acme.my.salesforce.com").is_err());
        assert!(parse_domain("https://na12.salesforce.com")
            .unwrap()
            .1
            .is_some());
        assert!(parse_domain("https://acme.my.salesforce.com")
            .unwrap()
            .1
            .is_none());
        assert_eq!(
            parse_domain("https://acme.my.salesforce.com/")
                .unwrap()
                .0
                .as_str(),
            "https://acme.my.salesforce.com/"
        );
    }
}
