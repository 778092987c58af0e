//! CSV for spreadsheets (RFC 4180): a header line, one line per row, fields quoted only when
//! they must be.

/// Rows under a fixed header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Csv {
    header: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

impl Csv {
    pub fn new(header: &[&'static str]) -> Csv {
        Csv {
            header: header.to_vec(),
            rows: Vec::new(),
        }
    }

    /// Adds a row; a row of another length than the header is a bug in the caller.
    pub fn push(&mut self, row: Vec<String>) {
        debug_assert_eq!(row.len(), self.header.len(), "CSV row length");
        self.rows.push(row);
    }

    /// The text, each line ended by a newline (the header even when there is no row).
    pub fn to_text(&self) -> String {
        let mut text = String::new();
        push_line(&mut text, self.header.iter().copied());
        for row in &self.rows {
            push_line(&mut text, row.iter().map(String::as_str));
        }
        text
    }
}

fn push_line<'a>(text: &mut String, fields: impl Iterator<Item = &'a str>) {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            text.push(',');
        }
        push_field(text, field);
    }
    text.push('\n');
}

/// A field with a comma, a quote or a line break is quoted, its quotes doubled.
fn push_field(text: &mut String, field: &str) {
    if field.contains([',', '"', '\r', '\n']) {
        text.push('"');
        text.push_str(&field.replace('"', "\"\""));
        text.push('"');
    } else {
        text.push_str(field);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_fields_are_written_as_they_are() {
        let mut csv = Csv::new(&["start", "time_zone"]);
        csv.push(vec![
            "2026-12-01T10:00:00+01:00".into(),
            "Europe/Berlin".into(),
        ]);
        assert_eq!(
            csv.to_text(),
            "start,time_zone\n2026-12-01T10:00:00+01:00,Europe/Berlin\n"
        );
    }

    #[test]
    fn fields_with_commas_quotes_or_line_breaks_are_quoted() {
        let mut csv = Csv::new(&["a", "b", "c"]);
        csv.push(vec![
            "Vance, Adele".into(),
            "say \"hi\"".into(),
            "two\nlines".into(),
        ]);
        assert_eq!(
            csv.to_text().lines().nth(1),
            Some("\"Vance, Adele\",\"say \"\"hi\"\"\",\"two")
        );
        assert!(csv.to_text().ends_with("lines\"\n"));
    }

    #[test]
    fn no_rows_is_the_header_alone() {
        assert_eq!(Csv::new(&["start", "end"]).to_text(), "start,end\n");
    }
}
