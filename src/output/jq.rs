//! `--jq EXPR`: a command's JSON filtered by a jq expression, as gh's `--jq` does. The language
//! is jq's as jaq implements it (a maintained implementation, with jq's standard library), not a
//! subset of our own.
//!
//! Each output of the expression is one line: a string as its raw text (so `--jq
//! '.slots[0].start'` prints a time, not a quoted one), anything else as compact JSON.

use jaq_core::load::{Arena, File, Loader};
use jaq_core::{Compiler, Ctx, Vars, data, unwrap_valr};
use jaq_json::Val;

use crate::error::AppError;

/// The longest expression accepted: a jq program typed on a command line is short, and the
/// parser's work grows with it.
const MAX_EXPR_CHARS: usize = 4096;

type Filter = jaq_core::Filter<data::JustLut<Val>>;

/// A jq expression that compiled: checked once before a command starts (an invalid expression
/// is exit 2 before any request), then applied to the command's JSON by the printer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Jq {
    expr: String,
}

impl Jq {
    /// Parses and compiles `expr`; an error names `--jq` and says where the expression is wrong.
    pub fn new(expr: &str) -> Result<Jq, AppError> {
        compile(expr)?;
        Ok(Jq {
            expr: expr.to_owned(),
        })
    }

    /// The outputs of the expression on `json` (a command's JSON text), one line each.
    ///
    /// The filter is compiled again here rather than kept: jaq's filters are not `Send`, and
    /// the output settings travel with commands across tasks. Compiling takes microseconds.
    pub fn apply(&self, json: &str) -> Result<String, AppError> {
        let filter = compile(&self.expr)?;
        let input = jaq_json::read::parse_single(json.as_bytes()).map_err(|e| {
            AppError::unexpected(format!("--jq: cannot read the command's JSON: {e}"))
        })?;
        let ctx = Ctx::<data::JustLut<Val>>::new(&filter.lut, Vars::new([]));
        let mut text = String::new();
        for value in filter.id.run((ctx, input)).map(unwrap_valr) {
            let value = value.map_err(|e| {
                // The command itself has completed (what it did is done): exit 1, not 2, and
                // say how to see its JSON.
                AppError::unexpected(format!("--jq: {e}"))
                    .with_hint(crate::hints::jq_runtime_error())
            })?;
            match &value {
                Val::TStr(s) => text.push_str(&String::from_utf8_lossy(s)),
                other => text.push_str(&other.to_string()),
            }
            text.push('\n');
        }
        Ok(text)
    }
}

fn compile(expr: &str) -> Result<Filter, AppError> {
    if expr.chars().count() > MAX_EXPR_CHARS {
        return Err(AppError::usage(format!(
            "--jq: the expression is longer than {MAX_EXPR_CHARS} characters"
        )));
    }
    let defs = jaq_core::defs()
        .chain(jaq_std::defs())
        .chain(jaq_json::defs());
    let funs = jaq_core::funs()
        .chain(jaq_std::funs())
        .chain(jaq_json::funs());
    let arena = Arena::default();
    let program = File {
        code: expr,
        path: (),
    };
    let modules = Loader::new(defs)
        .load(&arena, program)
        .map_err(|errors| syntax_error(expr, errors))?;
    Compiler::default()
        .with_funs(funs)
        .compile(modules)
        .map_err(|errors| undefined_error(expr, errors))
}

/// "--jq: at column 4: expected ..." from the loader's errors (lexing, parsing).
fn syntax_error<P>(expr: &str, errors: jaq_core::load::Errors<&str, P>) -> AppError {
    use jaq_core::load::Error;
    let first = errors.into_iter().next().map(|(_, error)| error);
    let detail = match first {
        Some(Error::Lex(errors)) => errors
            .first()
            .map(|(expect, at)| describe(expr, at, &format!("expected {}", expect.as_str()))),
        Some(Error::Parse(errors)) => errors
            .first()
            .map(|(expect, at)| describe(expr, at, &format!("expected {}", expect.as_str()))),
        Some(Error::Io(errors)) => errors.first().map(|(_, e)| e.clone()),
        _ => None,
    };
    AppError::usage(format!(
        "--jq: {}",
        detail.unwrap_or_else(|| "not a jq expression".into())
    ))
}

/// "--jq: undefined filter `foo` at column 1" from the compiler's errors.
fn undefined_error<P>(expr: &str, errors: jaq_core::compile::Errors<&str, P>) -> AppError {
    let detail = errors
        .into_iter()
        .flat_map(|(_, errors)| errors)
        .next()
        .map(|(name, what)| describe(expr, name, &format!("undefined {} `{name}`", what.as_str())));
    AppError::usage(format!(
        "--jq: {}",
        detail.unwrap_or_else(|| "not a jq expression".into())
    ))
}

/// `what`, and the column where `at` (a slice of `expr`) starts when it is one.
fn describe(expr: &str, at: &str, what: &str) -> String {
    let span = jaq_core::load::span(expr, at);
    if span.start <= expr.len() && expr.is_char_boundary(span.start) {
        let column = expr[..span.start].chars().count() + 1;
        format!("{what} at column {column}")
    } else {
        what.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    const REPORT: &str = r#"{"time_zone":"Europe/Berlin","slots":[{"start":"2026-12-08T10:00:00+01:00","n":1},{"start":"2026-12-08T11:00:00+01:00","n":2}]}"#;

    fn apply(expr: &str) -> String {
        Jq::new(expr).unwrap().apply(REPORT).unwrap()
    }

    #[test]
    fn strings_are_printed_raw_one_per_line() {
        assert_eq!(
            apply(".slots[].start"),
            "2026-12-08T10:00:00+01:00\n2026-12-08T11:00:00+01:00\n"
        );
    }

    #[test]
    fn other_values_are_compact_json() {
        assert_eq!(
            apply(".slots[0]"),
            "{\"start\":\"2026-12-08T10:00:00+01:00\",\"n\":1}\n"
        );
        assert_eq!(apply(".slots | length"), "2\n");
        assert_eq!(apply(".missing"), "null\n");
        assert_eq!(apply("[.slots[].n]"), "[1,2]\n");
    }

    #[test]
    fn the_standard_library_is_there() {
        assert_eq!(
            apply("[.slots[] | select(.n > 1) | .n] | map(. * 10)"),
            "[20]\n"
        );
        assert_eq!(apply(".slots[0] | keys | join(\",\")"), "n,start\n");
        assert_eq!(
            apply(".slots[0] | [.start, .n] | @json"),
            "[\"2026-12-08T10:00:00+01:00\",1]\n"
        );
        assert_eq!(apply(".time_zone | @uri"), "Europe%2FBerlin\n");
        assert_eq!(apply("0 | todate"), "1970-01-01T00:00:00Z\n");
        assert_eq!(apply(".time_zone | test(\"^Europe/\")"), "true\n");
    }

    #[test]
    fn an_expression_with_no_output_prints_nothing() {
        assert_eq!(apply("empty"), "");
    }

    #[test]
    fn a_syntax_error_is_a_usage_error_naming_the_flag_and_the_column() {
        let error = Jq::new(".slots[").unwrap_err();
        assert!(error.is(ErrorKind::Usage), "{error:?}");
        assert!(error.to_string().starts_with("--jq: "), "{error}");
        let error = Jq::new(".a | | .b").unwrap_err();
        assert!(error.to_string().contains("column"), "{error}");
    }

    #[test]
    fn an_undefined_filter_is_named() {
        let error = Jq::new(".slots | frobnicate").unwrap_err();
        assert!(error.is(ErrorKind::Usage), "{error:?}");
        assert!(error.to_string().contains("`frobnicate`"), "{error}");
        assert!(error.to_string().contains("column 10"), "{error}");
    }

    #[test]
    fn a_runtime_error_is_not_a_usage_error() {
        let error = Jq::new(".time_zone | .[0]")
            .unwrap()
            .apply(REPORT)
            .unwrap_err();
        assert!(!error.is(ErrorKind::Usage), "{error:?}");
        assert!(error.to_string().starts_with("--jq: "), "{error}");
    }

    #[test]
    fn an_overlong_expression_is_refused() {
        assert!(Jq::new(&".a|".repeat(2000)).is_err());
    }
}
