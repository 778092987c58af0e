//! Tables for people: box drawing wrapped to the width of a terminal, or plain ASCII Markdown
//! (no wrapping, no styling) when stdout is a pipe or a file.
//!
//! On a terminal a table is folded at spaces, never inside a word: every column is at least as
//! wide as its longest word, and when even that is wider than the terminal, the columns a
//! report marked as droppable are left out, in its order, until the table fits.

use comfy_table::{ColumnConstraint, ContentArrangement, Table, Width, presets};

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
                // Wrap to the terminal only when its width is known; a pseudo-terminal that
                // reports 0 columns would squeeze every cell to one character. How narrow
                // columns may get is [`fit`]'s business.
                if let Some(width) = width.filter(|w| *w > 0) {
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

/// Cell padding on each side, and the border characters around and between the columns of
/// both table presets (a vertical line left, right and between two columns).
const PADDING: usize = 2;

/// The narrowest a column gets when its widest word must be folded.
const MIN_FOLDED: usize = 10;

/// Folds `table` (built by [`TableStyle::table`]) for a terminal `width` columns wide without
/// breaking a word; hides the columns of `drop_first` in that order while the longest words
/// of the columns shown would not fit. A table that fits as it is is left alone. Returns the
/// headers of the columns left out.
pub fn fit(table: &mut Table, width: u16, drop_first: &[usize]) -> Vec<String> {
    let columns = table.column_iter().count();
    if columns == 0 || width == 0 {
        return Vec::new();
    }
    let natural = column_widths(table, columns, |text| {
        text.lines().map(char_width).max().unwrap_or(0)
    });
    let longest_word = column_widths(table, columns, |text| {
        text.split_whitespace().map(char_width).max().unwrap_or(0)
    });
    let mut shown: Vec<bool> = vec![true; columns];
    let total = |widths: &[usize], shown: &[bool]| -> usize {
        let visible = shown.iter().filter(|s| **s).count();
        widths
            .iter()
            .zip(shown)
            .filter(|(_, s)| **s)
            .map(|(w, _)| w + PADDING)
            .sum::<usize>()
            + visible
            + 1
    };
    let width = usize::from(width);
    if total(&natural, &shown) <= width {
        return Vec::new();
    }
    let mut dropped = Vec::new();
    for &column in drop_first {
        if total(&longest_word, &shown) <= width {
            break;
        }
        if column < columns && shown[column] && shown.iter().filter(|s| **s).count() > 1 {
            shown[column] = false;
            dropped.push(column);
        }
    }
    // A word wider than the terminal by itself (a long path) cannot fit whole: as a last
    // resort the column holding the widest word gives up what is missing, and only that word
    // is folded, at the terminal's edge.
    let mut lower = longest_word.clone();
    let excess = total(&lower, &shown).saturating_sub(width);
    if excess > 0
        && let Some(widest) = (0..columns).filter(|i| shown[*i]).max_by_key(|i| lower[*i])
    {
        lower[widest] = lower[widest].saturating_sub(excess).max(MIN_FOLDED);
    }
    for (index, column) in table.column_iter_mut().enumerate() {
        if !shown[index] {
            column.set_constraint(ColumnConstraint::Hidden);
        } else if lower[index] > 0 {
            let at_least = u16::try_from(lower[index] + PADDING).unwrap_or(u16::MAX);
            column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(at_least)));
        }
    }
    let headers: Vec<String> = table
        .header()
        .map(|row| row.cell_iter().map(|cell| cell.content()).collect())
        .unwrap_or_default();
    dropped
        .into_iter()
        .map(|index| headers.get(index).cloned().unwrap_or_default())
        .collect()
}

/// For each column, the largest `measure` of its header and cells.
fn column_widths(table: &Table, columns: usize, measure: impl Fn(&str) -> usize) -> Vec<usize> {
    (0..columns)
        .map(|index| {
            table
                .column_cells_with_header_iter(index)
                .flatten()
                .map(|cell| measure(&cell.content()))
                .max()
                .unwrap_or(0)
        })
        .collect()
}

fn char_width(text: &str) -> usize {
    text.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn permissions() -> Table {
        let mut table = TableStyle::Terminal { width: Some(80) }.table(&[
            "Permission",
            "Description",
            "Why it is needed",
            "Microsoft permission",
        ]);
        table.add_row(vec![
            "Email Sending",
            "Send messages only. No read or modify privileges on your email.",
            "To send emails on your behalf to your research participants.",
            "Mail.Send",
        ]);
        table.add_row(vec![
            "Calendar",
            "Read and modify calendars and events.",
            "To detect your availability and schedule interviews with your participants.",
            "Calendars.ReadWrite",
        ]);
        table
    }

    /// Every word of the columns shown appears whole on one line of `text`.
    fn words_are_whole(table: &Table, text: &str) {
        let tokens: Vec<&str> = text
            .split(|c: char| c.is_whitespace() || c == '│' || c == '┆')
            .collect();
        for (index, header) in [
            "Permission",
            "Description",
            "Why it is needed",
            "Microsoft permission",
        ]
        .iter()
        .enumerate()
        {
            if !text.contains(header) {
                continue;
            }
            for cell in table.column_cells_iter(index).flatten() {
                for word in cell.content().split_whitespace() {
                    assert!(tokens.contains(&word), "`{word}` was broken:\n{text}");
                }
            }
        }
    }

    #[test]
    fn a_narrow_terminal_folds_at_spaces_and_never_inside_a_word() {
        for width in [100, 80, 72, 60, 50] {
            let mut table = permissions();
            table.set_width(width);
            fit(&mut table, width, &[2, 1]);
            let text = table.to_string();
            assert!(
                text.lines()
                    .all(|l| l.chars().count() <= usize::from(width)),
                "wider than {width}:\n{text}"
            );
            assert!(text.contains("Permission") && text.contains("Calendars.ReadWrite"));
            words_are_whole(&permissions(), &text);
        }
    }

    #[test]
    fn a_word_wider_than_the_terminal_is_folded_at_its_edge_and_nothing_else_is() {
        let path = format!("/tmp/{}/tokens/default.json", "x".repeat(90));
        let mut table = TableStyle::Terminal { width: Some(80) }.table(&[]);
        table.add_row(vec!["Token store", path.as_str()]);
        table.add_row(vec!["Account", "Adele Vance <adele.vance@contoso.example>"]);
        fit(&mut table, 80, &[]);
        let text = table.to_string();
        for line in text.lines() {
            assert!(line.chars().count() <= 80, "wider than 80: {line}\n{text}");
        }
        // Only the path is folded mid-word; other cells fold at spaces at most.
        for word in ["Token", "store", "Account", "<adele.vance@contoso.example>"] {
            assert!(text.contains(word), "`{word}` was broken:\n{text}");
        }
    }

    #[test]
    fn droppable_columns_go_in_their_order_only_when_needed() {
        let mut wide = permissions();
        wide.set_width(200);
        fit(&mut wide, 200, &[2, 1]);
        let text = wide.to_string();
        assert!(
            text.contains("Why it is needed") && text.contains("Description"),
            "{text}"
        );
        assert_eq!(
            text.lines().count(),
            6,
            "one line per row at 200 columns:\n{text}"
        );

        let mut narrow = permissions();
        narrow.set_width(60);
        fit(&mut narrow, 60, &[2, 1]);
        let text = narrow.to_string();
        assert!(!text.contains("Why it is needed"), "{text}");
        assert!(text.contains("Description"), "{text}");

        let mut tiny = permissions();
        tiny.set_width(40);
        assert_eq!(
            fit(&mut tiny, 40, &[2, 1]),
            ["Why it is needed", "Description"]
        );
        let text = tiny.to_string();
        assert!(
            !text.contains("Why it is needed") && !text.contains("Description"),
            "{text}"
        );
        assert!(text.contains("Calendars.ReadWrite"), "{text}");
    }

    #[test]
    fn a_table_that_fits_is_left_as_it_is() {
        let mut table = TableStyle::Terminal { width: Some(80) }.table(&["A", "B"]);
        table.add_row(vec!["one two", "three"]);
        let before = table.to_string();
        assert!(fit(&mut table, 80, &[1]).is_empty());
        assert_eq!(table.to_string(), before);
    }
}
