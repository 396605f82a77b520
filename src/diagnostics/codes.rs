//! The registry of diagnostic codes. Codes are stable: a code is never reused
//! for another meaning, and a retired code keeps its entry and explanation.
//!
//! Ranges: E00x syntax, E01x names, E02x types and fields, E03x/E04x hierarchy
//! and structure, E05x connector configs read by `hierc validate`, E06x SOQL
//! limits and `hierc probe`, E07x `hierc diff` and git, E09x
//! schema cache, files, the org and the project config (the environment
//! errors, exit 2: see `Code::is_environment`), W1xx warnings.

use std::fmt;

macro_rules! codes {
    ($( $code:ident, $name:literal, $summary:literal; )*) => {
        /// A stable diagnostic code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $( $code, )* }

        impl Code {
            /// Every code, in order.
            pub const ALL: &'static [Code] = &[ $( Code::$code, )* ];

            /// The code as written: `E012`.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$code => stringify!($code), )* }
            }

            /// A kebab-case name: `unknown-field`.
            pub fn name(self) -> &'static str {
                match self { $( Code::$code => $name, )* }
            }

            /// One line saying what the code is about.
            pub fn summary(self) -> &'static str {
                match self { $( Code::$code => $summary, )* }
            }

            /// The long explanation (`docs/codes/<CODE>.md`).
            pub fn explain(self) -> &'static str {
                match self {
                    $( Code::$code => include_str!(concat!("../../docs/codes/", stringify!($code), ".md")), )*
                }
            }
        }
    };
}

codes! {
    E001, "syntax-error", "the text does not follow the hier grammar";
    E002, "invalid-utf8", "the file is not valid UTF-8";
    E010, "unknown-object", "a child object that is neither a child of its parent nor in the schema cache";
    E011, "unrelated-child", "a child object that has no child relationship to its parent";
    E012, "unknown-field", "a field that the object does not have";
    E013, "unknown-relationship", "a path hop that is not a relationship of the object";
    E014, "unknown-core-field", "a name that is not a RecordPoint core field";
    E015, "core-field-not-allowed", "a core field that cannot be mapped on this kind of item";
    E016, "unknown-derived-value", "a derived value (`@...`) that the connector does not compute";
    E017, "unknown-via-field", "a `via` field that is not a lookup from the child to the parent";
    E020, "core-type-mismatch", "a core field mapped to a value of a type it does not accept";
    E021, "not-metadata-type", "a field whose type cannot be metadata";
    E022, "binary-field-type", "a binary field that is neither base64 nor text";
    E023, "files-not-supported", "Salesforce Files on an object that cannot hold files";
    E024, "polymorphic-without-target", "a reference through a polymorphic lookup that does not pick a target";
    E025, "target-not-reachable", "a pinned target that the lookup cannot reference";
    E026, "not-a-lookup", "a reference or path hop through a field that is not a lookup";
    E027, "polymorphic-path-field", "a path through a polymorphic lookup naming a field that not every target has";
    E028, "missing-default", "a core field whose default mapping names a field the object lacks";
    E029, "binary-option-invalid", "a binary option that does not fit the field";
    E030, "missing-aggregation", "a file that declares no aggregation";
    E031, "duplicate-statement", "a statement that may appear only once appears twice";
    E032, "parent-not-aggregation", "a record whose parent is not the aggregation";
    E033, "ambiguous-relationship", "a child reachable from its parent through several relationships";
    E034, "duplicate-record", "the same child through the same relationship twice";
    E035, "unnamed-relationship", "a lookup whose relationship name is null used as a relationship";
    E036, "reference-without-self-record", "an aggregation reference without the self-record";
    E037, "metadata-name-collision", "two metadata names that collide within one item";
    E038, "path-too-deep", "a relationship path longer than Salesforce allows";
    E039, "unqueryable-object", "an object that cannot be queried";
    E040, "duplicate-mapping", "a core field mapped twice";
    E041, "duplicate-binary", "the same binary declared twice on one record";
    E042, "annotation-not-allowed", "an annotation used where it has no meaning";
    E043, "duplicate-option", "an annotation option given twice";
    E044, "empty-string", "an empty string where a value is needed";
    E050, "invalid-config-json", "a connector config that is not valid JSON";
    E051, "config-shape", "a config key or value that the format does not have: an unknown or missing key, or a value of the wrong type";
    E052, "unsupported-format-version", "a config whose `FormatVersion` is not one hierc reads";
    E053, "missing-core-mapping", "a core field that an aggregation or record of a config does not map";
    E054, "invalid-api-name", "an object, field or relationship name in a config that is not a Salesforce API name";
    E055, "self-record-mismatch", "a config whose `SelfRecord` does not match `SelfRecordEnabled`, or holds other values than the fixed ones";
    E056, "invalid-metadata-name", "a reference field's metadata name that is not its prefix and field name";
    E057, "binary-keys-mismatch", "a config binary whose keys do not fit its encoding or its field";
    E058, "metadata-type-mismatch", "a config metadata field whose `Type` is not that of its Salesforce field";
    E060, "too-many-relationships", "an item whose query follows more than 55 child-to-parent relationships";
    E061, "query-too-long", "an item whose query is longer than SOQL's 100,000 characters";
    E062, "unfilterable-lookup", "a record reached through a lookup that cannot be filtered on";
    E063, "query-rejected", "a query that the org rejected when `hierc probe` ran it";
    E070, "not-a-git-repository", "`hierc diff --since` outside a git repository, or on a path outside it";
    E071, "unknown-revision", "a `--since` revision that git does not know";
    E072, "git-not-found", "`hierc diff --since` needs git, which cannot be run";
    E073, "git-failed", "git could not give a file's text at the `--since` revision";
    E085, "output-collision", "two inputs that `build` would write to one output";
    E086, "input-too-large", "an input larger than hierc reads: a device or pipe that never ends";
    E087, "tracked-files-unknown", "`--tracked` cannot ask git which files it tracks";
    E090, "missing-schema", "an object whose describe is not in the schema cache";
    E091, "malformed-schema", "a cached describe that cannot be read";
    E092, "unreadable-file", "an input file that cannot be read";
    E093, "org-error", "the org cannot be reached, refuses the login, or fails a request";
    E094, "cannot-write", "an output file or folder that cannot be written";
    E095, "invalid-project-config", "a `hierc.toml` that cannot be read, or has an unknown key or a bad value";
    W101, "name-case", "a name that matches the schema only when case is ignored";
    W102, "duplicate-field", "a metadata field listed twice";
    W103, "api-version-mismatch", "a cached describe from another API version";
    W110, "undeletable-object", "a disposed-of object that the user cannot delete";
    W111, "encrypted-field", "an encrypted field copied into metadata";
    W112, "deprecated-field", "a field that the describe marks deprecated and hidden";
    W113, "long-text-metadata", "a long text area kept as metadata";
    W114, "unretrievable-object", "an object whose records cannot be retrieved";
    W115, "no-hard-delete", "a Run As user without Bulk API Hard Delete";
    W120, "unused-suppression", "a `# hierc: allow` suppression that silences nothing";
    W121, "invalid-suppression", "a `# hierc: allow` suppression naming no code, an unknown code or an error";
}

impl Code {
    /// Looks a code up by its text, case-insensitively (`e012` finds `E012`).
    pub fn parse(text: &str) -> Option<Code> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str().eq_ignore_ascii_case(text.trim()))
    }

    /// The explanation's first paragraph, on one line: what the code means.
    pub fn description(self) -> String {
        self.explain()
            .lines()
            .skip_while(|l| l.starts_with('#') || l.trim().is_empty())
            .take_while(|l| !l.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub fn is_warning(self) -> bool {
        self.as_str().starts_with('W')
    }

    /// A problem with the environment rather than the configuration: a file
    /// that cannot be read or written, the org, `hierc.toml`. A run that
    /// meets one exits with 2.
    pub fn is_environment(self) -> bool {
        matches!(
            self,
            Code::E070
                | Code::E071
                | Code::E072
                | Code::E073
                | Code::E085
                | Code::E086
                | Code::E087
                | Code::E092
                | Code::E093
                | Code::E094
                | Code::E095
        )
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
