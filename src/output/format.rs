//! The formats a command's data can take on stdout, and how the flags that choose one agree.

use crate::error::AppError;

/// Table for people, JSON (the stable fields scripts rely on) or CSV (spreadsheets).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    #[default]
    Table,
    Json,
    Csv,
}

impl OutputFormat {
    pub const ALL: [OutputFormat; 3] = [OutputFormat::Table, OutputFormat::Json, OutputFormat::Csv];

    /// The name on the command line (`--output NAME`).
    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Table => "table",
            OutputFormat::Json => "json",
            OutputFormat::Csv => "csv",
        }
    }

    /// The format that `-o/--output`, `--json` and `--jq` ask for together: `--json` is short
    /// for `-o json`, and `--jq` implies JSON. Flags that ask for two formats are a usage
    /// error naming both (nothing is guessed).
    pub fn from_flags(
        output: Option<OutputFormat>,
        json: bool,
        jq: bool,
    ) -> Result<OutputFormat, AppError> {
        let implied = if json {
            Some("--json")
        } else if jq {
            Some("--jq")
        } else {
            None
        };
        match (output, implied) {
            (Some(format), Some(flag)) if format != OutputFormat::Json => {
                Err(AppError::usage(format!(
                    "{flag} and --output {} disagree: {flag} means JSON; use one",
                    format.name()
                )))
            }
            (Some(format), _) => Ok(format),
            (None, Some(_)) => Ok(OutputFormat::Json),
            (None, None) => Ok(OutputFormat::Table),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::OutputFormat::{self, *};
    use crate::error::ErrorKind;

    #[test]
    fn json_and_jq_mean_json_and_agree_with_output_json() {
        for (output, json, jq) in [
            (None, true, false),
            (None, false, true),
            (None, true, true),
            (Some(Json), true, false),
            (Some(Json), false, true),
            (Some(Json), false, false),
        ] {
            assert_eq!(OutputFormat::from_flags(output, json, jq).unwrap(), Json);
        }
    }

    #[test]
    fn no_flag_is_a_table_and_output_alone_decides() {
        assert_eq!(OutputFormat::from_flags(None, false, false).unwrap(), Table);
        assert_eq!(
            OutputFormat::from_flags(Some(Csv), false, false).unwrap(),
            Csv
        );
        assert_eq!(
            OutputFormat::from_flags(Some(Table), false, false).unwrap(),
            Table
        );
    }

    #[test]
    fn json_or_jq_with_another_output_is_a_usage_error_naming_both() {
        let error = OutputFormat::from_flags(Some(Csv), true, false).unwrap_err();
        assert!(error.is(ErrorKind::Usage));
        assert!(
            error.to_string().contains("--json and --output csv"),
            "{error}"
        );
        let error = OutputFormat::from_flags(Some(Table), false, true).unwrap_err();
        assert!(
            error.to_string().contains("--jq and --output table"),
            "{error}"
        );
    }
}
