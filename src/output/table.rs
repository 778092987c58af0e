//! Tables for people: box drawing wrapped to the width of a terminal, or plain ASCII Markdown
//! (no wrapping, no styling) when stdout is a pipe or a file.

use comfy_table::{ContentArrangement, Table, presets};

/// How tables look; decided once from where stdout goes, fixed in tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableStyle {
    /// A terminal `width` columns wide (`None`: unknown).
    Terminal { width: Option<u16> },
    /// A pipe or a file.
    Plain,
}

impl TableStyle {
    /// The terminal that stdout is, with its width when it can be read.
    pub fn terminal() -> TableStyle {
        TableStyle::Terminal {
            width: Table::new().width(),
        }
    }

    /// An empty table in this style, with `header` unless it is empty.
    pub fn table(self, header: &[&str]) -> Table {
        let mut table = Table::new();
        // The style decides, not comfy-table's own look at stdout: the same report prints the
        // same way in tests, and never carries terminal escapes into a pipe.
        table.force_no_tty();
        match self {
            TableStyle::Terminal { width } => {
                table.load_style(presets::UTF8_FULL_CONDENSED);
                // Wrap to the terminal only when its width is known and usable; a
                // pseudo-terminal that reports 0 columns would squeeze every cell to one
                // character.
                if let Some(width) = width.filter(|w| *w >= 60) {
                    table.set_width(width);
                    table.set_content_arrangement(ContentArrangement::Dynamic);
                }
            }
            TableStyle::Plain => {
                table.load_style(presets::ASCII_MARKDOWN);
                table.set_content_arrangement(ContentArrangement::Disabled);
            }
        }
        if !header.is_empty() {
            table.set_header(header.to_vec());
        }
        table
    }
}
