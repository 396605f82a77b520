//! SARIF logs checked as GitHub code scanning checks an upload: against the
//! OASIS SARIF 2.1.0 JSON Schema (`tests/fixtures/sarif/`, with where it
//! came from), with a location on every result.

use std::sync::OnceLock;

fn validator() -> &'static jsonschema::Validator {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let path = super::root().join("tests/fixtures/sarif/sarif-schema-2.1.0.json");
        let text = std::fs::read_to_string(path).expect("the SARIF schema is shipped");
        let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft4)
            .should_validate_formats(true)
            .build(&schema)
            .expect("the SARIF schema is valid draft 4")
    })
}

/// Parses a SARIF log and asserts that it is valid SARIF 2.1.0, that every
/// result has a physical location with an artifact, and that every region
/// has a start line.
pub fn validated(text: &str) -> serde_json::Value {
    let log: serde_json::Value = serde_json::from_str(text).expect("a SARIF log is JSON");
    let errors: Vec<String> = validator()
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "invalid SARIF:\n{}\n{text}",
        errors.join("\n")
    );
    for run in log["runs"].as_array().expect("runs") {
        for result in run["results"].as_array().expect("results") {
            let location = &result["locations"][0]["physicalLocation"];
            let uri = location["artifactLocation"]["uri"].as_str();
            assert!(
                uri.is_some_and(|u| !u.is_empty()),
                "a result without a location: {result}"
            );
            if let Some(region) = location.get("region") {
                assert!(region["startLine"].as_u64().unwrap_or(0) >= 1, "{result}");
            }
        }
    }
    log
}
