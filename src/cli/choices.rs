//! The values of the choice and list flags, as types: clap parses them, lists them in `--help`
//! and refuses any other value before a command runs (a usage error, exit 2). A flag that has
//! always refused a value with a message of its own keeps that message through [`Choice`].
//! A list flag takes one comma list (`value_delimiter = ','` with `ArgAction::Set`: given twice,
//! it is refused, as it always was).

use crate::core::data::model::Status;
use crate::core::data::offsets::OffsetUnit;
use crate::core::exchange::formats::{self, Format};
use clap::ValueEnum;
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::error::ErrorKind;
use std::ffi::OsStr;
use std::marker::PhantomData;

/// Output formats of reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
}

/// Output formats of `table`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// Comma-separated values for spreadsheets.
    Csv,
    /// One JSON object per line.
    Jsonl,
}

/// Output formats of `validate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ValidateFormat {
    /// One line per problem, FILE:JSON-POINTER: message.
    Text,
    /// One JSON report.
    Json,
    /// GitHub workflow commands (`::error file=…,line=…,col=…`), for annotations on a PR.
    Github,
    /// A SARIF 2.1.0 log, for code-scanning tools.
    Sarif,
}

/// Output formats of `eval`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum EvalFormat {
    Table,
    Json,
    Csv,
}

/// What `eval --scheme` names: a span schema (strict, exact, partial, type) or, with
/// `--relations`, a relation matching (strict, lenient).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Scheme {
    Strict,
    Exact,
    Partial,
    Type,
    Lenient,
}

impl Scheme {
    /// The name the scores are keyed by (`core::score::eval::SCHEMAS`,
    /// `core::score::relation_eval::MATCHINGS`).
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Strict => "strict",
            Scheme::Exact => "exact",
            Scheme::Partial => "partial",
            Scheme::Type => "type",
            Scheme::Lenient => "lenient",
        }
    }
}

/// `--status`: the names on disk (`Status::as_str`).
impl ValueEnum for Status {
    fn value_variants<'a>() -> &'a [Self] {
        &Status::ALL
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(PossibleValue::new(self.as_str()))
    }
}

/// `--offsets`: the units an exchange format counts in (`codepoints` is accepted too); UTF-8
/// bytes are the app's, not a choice.
impl ValueEnum for OffsetUnit {
    fn value_variants<'a>() -> &'a [Self] {
        &[OffsetUnit::CodePoint, OffsetUnit::Utf16]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        match self {
            OffsetUnit::CodePoint => Some(PossibleValue::new("codepoint").alias("codepoints")),
            OffsetUnit::Utf16 => Some(PossibleValue::new("utf16")),
            OffsetUnit::Utf8 => None,
        }
    }
}

/// A value parser for the choices of `E` that refuses any other value with the flag's own
/// message, `refusal(value)`.
pub struct Choice<E> {
    refusal: fn(&str) -> String,
    /// Whether the value is trimmed first: an item of a comma list, as in `done, reviewed`.
    trim: bool,
    choices: PhantomData<fn() -> E>,
}

impl<E> Clone for Choice<E> {
    fn clone(&self) -> Self {
        Choice { ..*self }
    }
}

impl<E> Choice<E> {
    /// A whole flag value.
    pub const fn value(refusal: fn(&str) -> String) -> Self {
        Choice {
            refusal,
            trim: false,
            choices: PhantomData,
        }
    }

    /// An item of a comma list (`value_delimiter = ','`), with spaces around it allowed.
    pub const fn item(refusal: fn(&str) -> String) -> Self {
        Choice {
            refusal,
            trim: true,
            choices: PhantomData,
        }
    }
}

impl<E: ValueEnum + Clone + Send + Sync + 'static> TypedValueParser for Choice<E> {
    type Value = E;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<E, clap::Error> {
        let text = value.to_string_lossy();
        let name = if self.trim { text.trim() } else { &text };
        E::from_str(name, false).map_err(|_| refuse(cmd, &(self.refusal)(&text)))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            E::value_variants()
                .iter()
                .filter_map(ValueEnum::to_possible_value),
        ))
    }
}

/// A usage error printed as `error: MESSAGE`, as the commands print theirs.
fn refuse(cmd: &clap::Command, message: &str) -> clap::Error {
    clap::Error::raw(ErrorKind::InvalidValue, format!("{message}\n")).with_cmd(cmd)
}

/// `--status` of `release` and `agree`: an item of a comma list.
pub const STATUS: Choice<Status> = Choice::item(status_refusal);
/// `--offsets` of `export` and `import-annotations`.
pub const OFFSETS: Choice<OffsetUnit> = Choice::value(offsets_refusal);
/// `--format` of `eval`.
pub const EVAL_FORMAT: Choice<EvalFormat> = Choice::value(eval_format_refusal);
/// `--scheme` of `eval`.
pub const SCHEME: Choice<Scheme> = Choice::value(scheme_refusal);

/// `--status` of `release` and `agree`.
fn status_refusal(value: &str) -> String {
    let names: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
    format!("unknown status {value:?}; use {}", names.join(", "))
}

/// `--offsets` of `export` and `import-annotations`.
fn offsets_refusal(value: &str) -> String {
    format!("--offsets {value:?}: use codepoint or utf16")
}

/// `--format` of `eval`.
fn eval_format_refusal(value: &str) -> String {
    format!("--format {value:?}: use table, json or csv")
}

/// `--scheme` of `eval`, before it is known whether `--relations` is given (`eval` names the
/// schemes of its mode when a known one does not fit it).
fn scheme_refusal(value: &str) -> String {
    format!(
        "--scheme {value:?}: use strict, exact, partial, type (with --relations: strict, lenient)"
    )
}

/// `--format` of `export` and `import-annotations`: a name from `formats::FORMATS`, which
/// gives the choices, their help and the error that lists them. For `import-annotations`
/// (`import`), only formats that read back are offered, and an export-only one is refused with
/// the reason.
#[derive(Clone, Copy, Debug)]
pub struct FormatParser {
    pub import: bool,
}

impl TypedValueParser for FormatParser {
    type Value = Format;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<Format, clap::Error> {
        if let Some(format) = value.to_str().and_then(formats::format)
            && self.import
            && format.import().is_none()
        {
            return Err(refuse(cmd, &formats::export_only(format)));
        }
        let choices = self.possible_values().into_iter().flatten();
        let name = PossibleValuesParser::new(choices).parse_ref(cmd, arg, value)?;
        Ok(formats::format(&name).expect("a possible value names a format"))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            formats::FORMATS
                .iter()
                .filter(|f| !self.import || f.import().is_some())
                .map(|f| PossibleValue::new(f.name()).help(f.describe())),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::score::{eval::SCHEMAS, relation_eval::MATCHINGS};

    #[test]
    fn the_schemes_are_the_span_schemas_and_the_relation_matchings() {
        let mut names: Vec<&str> = Scheme::value_variants().iter().map(|s| s.name()).collect();
        for scheme in Scheme::value_variants() {
            let value = scheme.to_possible_value().unwrap();
            assert_eq!(value.get_name(), scheme.name());
        }
        let mut wanted: Vec<&str> = SCHEMAS.iter().chain(&MATCHINGS).copied().collect();
        names.sort();
        wanted.sort();
        wanted.dedup();
        assert_eq!(names, wanted);
    }

    #[test]
    fn the_status_refusal_lists_every_status() {
        assert_eq!(
            status_refusal("x"),
            "unknown status \"x\"; use todo, in_progress, done, reviewed"
        );
    }
}
