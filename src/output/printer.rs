//! One printer for every command's data: a command builds its report (a value of its own type)
//! and the printer renders it as a table for people, JSON for scripts or CSV for spreadsheets.
//! The JSON is the report's `Serialize` form, so its fields are the type's fields; `--jq`
//! filters it here, in one place for every command.

use comfy_table::Table;
use schemars::JsonSchema;
use serde::Serialize;

use super::{Csv, Jq, OutputFormat, TableStyle};
use crate::error::AppError;

/// A command's data, in every form it can take on stdout. `JsonSchema` describes its JSON form
/// (`rally-m365 schema`): a report without one does not compile.
pub trait Render: Serialize + JsonSchema {
    /// What people read (`table`): tables and lines built in `style`. Empty when everything
    /// for people already went to stderr.
    fn table(&self, style: TableStyle) -> Vec<Block>;

    /// Rows for spreadsheets (`csv`), for data that is a list; `None` for the others.
    fn csv(&self) -> Option<Csv> {
        None
    }
}

/// A piece of what people read on stdout.
#[derive(Debug)]
pub enum Block {
    Table(Box<Table>),
    /// A table whose columns at these indices may be left out, in this order, on a terminal
    /// too narrow to show them all without breaking words.
    TableDropping(Box<Table>, Vec<usize>),
    Line(String),
}

impl Block {
    /// `table`, leaving out the columns `drop_first` (in order) on a narrow terminal.
    pub fn dropping(table: Table, drop_first: &[usize]) -> Block {
        Block::TableDropping(Box::new(table), drop_first.to_vec())
    }
}

impl From<Table> for Block {
    fn from(table: Table) -> Block {
        Block::Table(Box::new(table))
    }
}

/// Renders reports in one format and one table style, the JSON filtered by `--jq` when given.
#[derive(Debug, Clone)]
pub struct Printer {
    format: OutputFormat,
    style: TableStyle,
    jq: Option<Jq>,
}

impl Printer {
    pub fn new(format: OutputFormat, style: TableStyle) -> Printer {
        Printer {
            format,
            style,
            jq: None,
        }
    }

    /// The JSON goes through `jq` (the format is JSON whenever `--jq` is given).
    pub fn with_jq(mut self, jq: Option<Jq>) -> Printer {
        self.jq = jq;
        self
    }

    /// The text for stdout, each line ended by a newline; empty when there is nothing to show.
    pub fn render<R: Render>(&self, report: &R) -> Result<String, AppError> {
        match self.format {
            OutputFormat::Json => match &self.jq {
                Some(jq) => jq.apply(&serde_json::to_string(report).map_err(AppError::unexpected)?),
                None => {
                    let mut text =
                        serde_json::to_string_pretty(report).map_err(AppError::unexpected)?;
                    text.push('\n');
                    Ok(text)
                }
            },
            OutputFormat::Csv => report.csv().map(|csv| csv.to_text()).ok_or_else(|| {
                AppError::usage(
                    "--output csv: this command's data is not a list; use --output table or --output json",
                )
            }),
            OutputFormat::Table => Ok(report
                .table(self.style)
                .into_iter()
                .map(|block| match block {
                    Block::Table(table) => self.table_text(*table, &[]),
                    Block::TableDropping(table, drop_first) => self.table_text(*table, &drop_first),
                    Block::Line(line) => format!("{line}\n"),
                })
                .collect()),
        }
    }
}

impl Printer {
    /// A table's text, folded to the terminal's width when there is one, and which columns
    /// were left out to fit it.
    fn table_text(&self, mut table: Table, drop_first: &[usize]) -> String {
        let mut left_out = Vec::new();
        if let TableStyle::Terminal { width: Some(width) } = self.style {
            left_out = super::table::fit(&mut table, width, drop_first);
        }
        if left_out.is_empty() {
            format!("{table}\n")
        } else {
            format!(
                "{table}\nNot shown: {} (widen the terminal, or use -o json).\n",
                left_out.join(", ")
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::output::Const;
    use serde_json::json;

    #[derive(Serialize, JsonSchema)]
    struct Meeting {
        ok: Const<true>,
        title: String,
        room: Option<String>,
        people: Vec<String>,
    }

    impl Render for Meeting {
        fn table(&self, style: TableStyle) -> Vec<Block> {
            let mut table = style.table(&["Title", "Person"]);
            for person in &self.people {
                // A styled cell: stdout must still carry no terminal escape.
                table.add_row(vec![
                    comfy_table::Cell::new(&self.title),
                    comfy_table::Cell::new(person).fg(comfy_table::Color::Red),
                ]);
            }
            vec![
                table.into(),
                Block::Line(format!("{} people", self.people.len())),
            ]
        }

        fn csv(&self) -> Option<Csv> {
            let mut csv = Csv::new(&["title", "person"]);
            for person in &self.people {
                csv.push(vec![self.title.clone(), person.clone()]);
            }
            Some(csv)
        }
    }

    /// Data with nothing for people on stdout and no rows.
    #[derive(Serialize, JsonSchema)]
    struct Done {
        removed: bool,
    }

    impl Render for Done {
        fn table(&self, _: TableStyle) -> Vec<Block> {
            Vec::new()
        }
    }

    fn meeting() -> Meeting {
        Meeting {
            ok: Const,
            title: "Kick-off, v2".into(),
            room: None,
            people: vec![
                "adele@contoso.example".into(),
                "megan@contoso.example".into(),
            ],
        }
    }

    fn render(format: OutputFormat, style: TableStyle, report: &impl Render) -> String {
        Printer::new(format, style).render(report).unwrap()
    }

    #[test]
    fn json_is_the_pretty_serde_form_with_a_final_newline() {
        let text = render(OutputFormat::Json, TableStyle::Plain, &meeting());
        assert_eq!(
            text,
            "{\n  \"ok\": true,\n  \"title\": \"Kick-off, v2\",\n  \"room\": null,\n  \"people\": [\n    \"adele@contoso.example\",\n    \"megan@contoso.example\"\n  ]\n}\n"
        );
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            value,
            json!({"ok": true, "title": "Kick-off, v2", "room": null,
                   "people": ["adele@contoso.example", "megan@contoso.example"]})
        );
    }

    #[test]
    fn json_does_not_depend_on_the_table_style() {
        assert_eq!(
            render(OutputFormat::Json, TableStyle::Plain, &meeting()),
            render(
                OutputFormat::Json,
                TableStyle::Terminal { width: Some(80) },
                &meeting()
            )
        );
    }

    #[test]
    fn table_off_a_terminal_is_ascii_markdown_without_escapes() {
        let text = render(OutputFormat::Table, TableStyle::Plain, &meeting());
        assert_eq!(
            text,
            "\
| Title        | Person                |
|--------------|-----------------------|
| Kick-off, v2 | adele@contoso.example |
| Kick-off, v2 | megan@contoso.example |
2 people
"
        );
        assert!(text.is_ascii() && !text.contains('\x1b'), "{text:?}");
    }

    #[test]
    fn table_on_a_terminal_draws_boxes_without_escapes() {
        let text = render(
            OutputFormat::Table,
            TableStyle::Terminal { width: Some(100) },
            &meeting(),
        );
        assert!(
            text.contains('│') && text.contains("Kick-off, v2"),
            "{text}"
        );
        assert!(!text.contains('\x1b'), "{text:?}");
    }

    #[test]
    fn table_on_a_narrow_terminal_wraps_to_its_width() {
        let mut wide = meeting();
        wide.title = "A kick-off meeting with a title much longer than the terminal is wide".into();
        let text = render(
            OutputFormat::Table,
            TableStyle::Terminal { width: Some(60) },
            &wide,
        );
        assert!(
            text.lines().all(|l| l.chars().count() <= 60),
            "a line is wider than 60 columns:\n{text}"
        );
    }

    #[test]
    fn a_terminal_that_reports_no_usable_width_does_not_squeeze_cells() {
        let text = render(
            OutputFormat::Table,
            TableStyle::Terminal { width: Some(0) },
            &meeting(),
        );
        assert!(text.contains("adele@contoso.example"), "{text}");
    }

    #[test]
    fn jq_filters_the_json_and_prints_strings_raw() {
        let printer = Printer::new(OutputFormat::Json, TableStyle::Plain)
            .with_jq(Some(Jq::new(".people[]").unwrap()));
        assert_eq!(
            printer.render(&meeting()).unwrap(),
            "adele@contoso.example\nmegan@contoso.example\n"
        );
        let printer = Printer::new(OutputFormat::Json, TableStyle::Plain)
            .with_jq(Some(Jq::new("{title, n: (.people | length)}").unwrap()));
        assert_eq!(
            printer.render(&meeting()).unwrap(),
            "{\"title\":\"Kick-off, v2\",\"n\":2}\n"
        );
    }

    #[test]
    fn csv_is_the_header_and_one_line_per_row_quoted_where_needed() {
        assert_eq!(
            render(OutputFormat::Csv, TableStyle::Plain, &meeting()),
            "title,person\n\"Kick-off, v2\",adele@contoso.example\n\"Kick-off, v2\",megan@contoso.example\n"
        );
    }

    #[test]
    fn csv_of_data_that_is_not_a_list_is_a_usage_error_naming_the_flag() {
        let error = Printer::new(OutputFormat::Csv, TableStyle::Plain)
            .render(&Done { removed: true })
            .unwrap_err();
        assert!(error.is(ErrorKind::Usage), "{error:?}");
        assert_eq!(error.exit().code(), 2);
        assert!(error.to_string().starts_with("--output csv:"), "{error}");
    }

    #[test]
    fn a_report_with_nothing_for_people_prints_nothing_as_a_table() {
        assert_eq!(
            render(
                OutputFormat::Table,
                TableStyle::Plain,
                &Done { removed: true }
            ),
            ""
        );
        assert_eq!(
            render(
                OutputFormat::Json,
                TableStyle::Plain,
                &Done { removed: true }
            ),
            "{\n  \"removed\": true\n}\n"
        );
    }
}
