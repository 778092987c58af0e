//! Who gets a message: the participants file (`--csv FILE`) or the addresses on the command
//! line, checked whole before anything is sent.
//!
//! The file format:
//! - UTF-8 (a byte-order mark is skipped), comma-separated, RFC 4180 quoting (a quoted field
//!   may hold commas; a field spread over lines is refused below, since values may reach a
//!   mail header);
//! - the first row names the columns: `email` is required, `name` is optional (both matched
//!   without regard to case); every other column becomes a template variable, under the name
//!   written in the header (trimmed);
//! - one participant per row; surrounding spaces in a field are dropped; a row whose fields are
//!   all empty is skipped (spreadsheets export those).
//!
//! Every problem of the whole file is collected, each as `row N, column C: ...` where N is the
//! line of the file the row starts on (the header is row 1): a field that is not UTF-8, a bad,
//! empty or repeated address (case-insensitive; the first row is named), a line break or other
//! control character in any field, a field over [`MAX_FIELD_CHARS`], a row with another number
//! of fields than the header, more than [`MAX_PARTICIPANTS`] rows, no header, no row. The
//! caller reads the file (at most [`MAX_CSV_BYTES`]) and hands the bytes to
//! [`parse_participants`]; a [`ParticipantsError`] converts to a usage error (exit 2).

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use crate::email::EmailAddress;
use crate::error::AppError;
use crate::mail::header_text::check_header_text;
use crate::mail::message::MAX_NAME_CHARS;

/// A bulk run is for a study's participants, not a mailing list: 10,000 is also Exchange
/// Online's daily recipient limit per mailbox ("Exchange Online limits").
pub const MAX_PARTICIPANTS: usize = 10_000;
/// The largest participants file worth reading: 10,000 rows of 1.6 KB.
pub const MAX_CSV_BYTES: u64 = 16 * 1024 * 1024;
/// The longest value a column may hold.
pub const MAX_FIELD_CHARS: usize = 2_000;
/// How many problems the one-line message lists before "and N more".
const SHOWN_PROBLEMS: usize = 5;
/// How many problems are kept at all (a file of 10,000 bad rows need not be listed whole).
const KEPT_PROBLEMS: usize = 1_000;

/// One person to write to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Participant {
    pub email: EmailAddress,
    /// Trimmed; `None` when not given or blank.
    pub name: Option<String>,
    /// Every other column of the participants file, by its header name.
    pub columns: BTreeMap<String, String>,
    /// The line of the participants file this participant comes from (`None` for an address
    /// given on the command line).
    pub row: Option<u64>,
}

impl Participant {
    pub fn new(email: EmailAddress, name: Option<String>) -> Participant {
        Participant {
            email,
            name,
            columns: BTreeMap::new(),
            row: None,
        }
    }

    /// How an error names this participant: `row 5 (ada@x.com)`, or the address alone.
    pub fn label(&self) -> String {
        match self.row {
            Some(row) => format!("row {row} ({})", self.email),
            None => self.email.to_string(),
        }
    }
}

/// One problem of the participants file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvProblem {
    /// The line the row starts on (the header is row 1).
    pub row: u64,
    /// The column's name (its number when it has none); `None` for the row as a whole.
    pub column: Option<String>,
    pub message: String,
}

impl fmt::Display for CsvProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(column) => write!(f, "row {}, column {column}: {}", self.row, self.message),
            None => write!(f, "row {}: {}", self.row, self.message),
        }
    }
}

/// Everything wrong with a participants file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipantsError {
    file: String,
    problems: Vec<CsvProblem>,
    /// Problems found beyond those kept.
    dropped: usize,
}

impl ParticipantsError {
    /// The problems, in file order (at most 1,000 are kept; see [`ParticipantsError::total`]).
    pub fn problems(&self) -> &[CsvProblem] {
        &self.problems
    }

    pub fn total(&self) -> usize {
        self.problems.len() + self.dropped
    }

    /// One line per problem, `FILE: row N, column C: ...`, for a report on stderr.
    pub fn lines(&self) -> Vec<String> {
        self.problems
            .iter()
            .map(|p| format!("{}: {p}", self.file))
            .collect()
    }
}

/// One line: the file, the first few problems, and how many more there are.
impl fmt::Display for ParticipantsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.file)?;
        for (i, problem) in self.problems.iter().take(SHOWN_PROBLEMS).enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{problem}")?;
        }
        let more = self.total().saturating_sub(SHOWN_PROBLEMS);
        if more > 0 {
            write!(
                f,
                " (and {more} more problem{})",
                if more == 1 { "" } else { "s" }
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for ParticipantsError {}

impl From<ParticipantsError> for AppError {
    fn from(e: ParticipantsError) -> AppError {
        AppError::usage(e)
    }
}

/// Collects problems, keeping the first [`KEPT_PROBLEMS`].
struct Problems {
    list: Vec<CsvProblem>,
    dropped: usize,
}

impl Problems {
    fn add(&mut self, row: u64, column: Option<&str>, message: impl Into<String>) {
        if self.list.len() < KEPT_PROBLEMS {
            self.list.push(CsvProblem {
                row,
                column: column.map(str::to_owned),
                message: message.into(),
            });
        } else {
            self.dropped += 1;
        }
    }
}

/// The header row, understood.
struct Header {
    /// Each column's name as written (trimmed), or its number for a nameless one.
    names: Vec<String>,
    email: usize,
    name: Option<usize>,
}

/// Reads a whole participants file (see the module doc). `file` is how errors name it.
pub fn parse_participants(file: &str, bytes: &[u8]) -> Result<Vec<Participant>, ParticipantsError> {
    let mut problems = Problems {
        list: Vec::new(),
        dropped: 0,
    };
    let participants = read(bytes, &mut problems);
    if problems.list.is_empty() {
        Ok(participants)
    } else {
        Err(ParticipantsError {
            file: file.to_owned(),
            problems: problems.list,
            dropped: problems.dropped,
        })
    }
}

fn read(bytes: &[u8], problems: &mut Problems) -> Vec<Participant> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut lines = LineCounter::new(bytes);
    let mut records = reader.byte_records();
    let header = match records.next() {
        None => {
            problems.add(
                1,
                None,
                "the file is empty; its first row must name the columns (email, name, ...)",
            );
            return Vec::new();
        }
        Some(Err(e)) => {
            problems.add(
                lines.line_at(e.position()),
                None,
                format!("unreadable: {e}"),
            );
            return Vec::new();
        }
        Some(Ok(record)) => record,
    };
    let Some(header) = read_header(&header, lines.line_at(header.position()), problems) else {
        return Vec::new();
    };

    let mut participants: Vec<Participant> = Vec::new();
    let mut first_row_of: HashMap<EmailAddress, u64> = HashMap::new();
    let mut rows = 0usize;
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                problems.add(
                    lines.line_at(e.position()),
                    None,
                    format!("unreadable: {e}"),
                );
                continue;
            }
        };
        let row = lines.line_at(record.position());
        let fields: Vec<&[u8]> = record.iter().collect();
        if fields.iter().all(|f| f.trim_ascii().is_empty()) {
            continue;
        }
        rows += 1;
        if rows > MAX_PARTICIPANTS {
            problems.add(
                row,
                None,
                format!(
                    "more than {MAX_PARTICIPANTS} participants; split the file and send in several runs"
                ),
            );
            break;
        }
        if let Some(participant) = read_row(row, &fields, &header, problems) {
            match first_row_of.get(&participant.email) {
                Some(first) => problems.add(
                    row,
                    Some(&header.names[header.email]),
                    format!("{} is already on row {first}", participant.email),
                ),
                None => {
                    first_row_of.insert(participant.email.clone(), row);
                    participants.push(participant);
                }
            }
        }
    }
    if rows == 0 {
        problems.add(
            1,
            None,
            "the file names its columns but lists no participant",
        );
    }
    participants
}

fn read_header(record: &csv::ByteRecord, row: u64, problems: &mut Problems) -> Option<Header> {
    let before = problems.list.len() + problems.dropped;
    let mut names = Vec::with_capacity(record.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, raw) in record.iter().enumerate() {
        let position = (i + 1).to_string();
        let Some(text) = utf8(raw, row, Some(&position), problems) else {
            names.push(position);
            continue;
        };
        if let Err(c) = check_header_text(text) {
            problems.add(
                row,
                Some(&position),
                format!("the column name contains {c}"),
            );
        }
        let name = text.trim();
        if name.is_empty() {
            problems.add(
                row,
                Some(&position),
                "the column has no name (the first row must name every column)",
            );
            names.push(position);
            continue;
        }
        if let Some(first) = seen.insert(name.to_lowercase(), i) {
            problems.add(
                row,
                Some(name),
                format!(
                    "the column appears twice (columns {} and {})",
                    first + 1,
                    i + 1
                ),
            );
        }
        names.push(name.to_owned());
    }
    let find = |wanted: &str| names.iter().position(|n| n.eq_ignore_ascii_case(wanted));
    let Some(email) = find("email") else {
        let mut message = format!("no `email` column (the columns are: {})", names.join(", "));
        if names.iter().any(|n| EmailAddress::parse(n).is_ok()) {
            message.push_str("; the first row must name the columns, e.g. `email,name`");
        } else if let Some(sep) = [';', '\t']
            .into_iter()
            .find(|s| names.iter().any(|n| n.contains(*s)))
        {
            let sep = if sep == '\t' {
                "tabs".to_owned()
            } else {
                format!("`{sep}`")
            };
            message.push_str(&format!(
                "; the file seems separated by {sep}, and participants files are comma-separated"
            ));
        }
        problems.add(row, None, message);
        return None;
    };
    let name = find("name");
    let header_ok = problems.list.len() + problems.dropped == before;
    header_ok.then_some(Header { email, name, names })
}

fn read_row(
    row: u64,
    fields: &[&[u8]],
    header: &Header,
    problems: &mut Problems,
) -> Option<Participant> {
    if fields.len() != header.names.len() {
        problems.add(
            row,
            None,
            format!(
                "{}, but the header names {}",
                crate::output::count(fields.len(), "field"),
                crate::output::count(header.names.len(), "column")
            ),
        );
        return None;
    }
    let before = problems.list.len() + problems.dropped;
    let mut values: Vec<&str> = Vec::with_capacity(fields.len());
    for (raw, column) in fields.iter().zip(&header.names) {
        let Some(text) = utf8(raw, row, Some(column), problems) else {
            values.push("");
            continue;
        };
        if let Err(c) = check_header_text(text) {
            problems.add(
                row,
                Some(column),
                format!("contains {c} (values may go into a mail header)"),
            );
        }
        let value = text.trim();
        let chars = value.chars().count();
        if chars > MAX_FIELD_CHARS {
            problems.add(
                row,
                Some(column),
                format!("{chars} characters (at most {MAX_FIELD_CHARS})"),
            );
        }
        values.push(value);
    }
    let email_column = &header.names[header.email];
    let email = match values[header.email] {
        "" => {
            problems.add(row, Some(email_column), "the address is empty");
            None
        }
        text => match EmailAddress::parse(text) {
            Ok(email) => Some(email),
            Err(e) => {
                problems.add(row, Some(email_column), e.to_string());
                None
            }
        },
    };
    let name = header
        .name
        .map(|i| values[i])
        .filter(|n| !n.is_empty())
        .map(str::to_owned);
    if let (Some(name), Some(i)) = (&name, header.name) {
        let chars = name.chars().count();
        if chars > MAX_NAME_CHARS {
            problems.add(
                row,
                Some(&header.names[i]),
                format!("the name is {chars} characters long (at most {MAX_NAME_CHARS})"),
            );
        }
    }
    if problems.list.len() + problems.dropped != before {
        return None;
    }
    let columns = header
        .names
        .iter()
        .zip(&values)
        .enumerate()
        .filter(|(i, _)| *i != header.email && Some(*i) != header.name)
        .map(|(_, (column, value))| (column.clone(), (*value).to_owned()))
        .collect();
    Some(Participant {
        email: email?,
        name,
        columns,
        row: Some(row),
    })
}

fn utf8<'a>(
    raw: &'a [u8],
    row: u64,
    column: Option<&str>,
    problems: &mut Problems,
) -> Option<&'a str> {
    match std::str::from_utf8(raw) {
        Ok(text) => Some(text),
        Err(_) => {
            problems.add(
                row,
                column,
                "not valid UTF-8 (save the file as \"CSV UTF-8\")",
            );
            None
        }
    }
}

/// The line each record starts on. The csv crate's own line count is off after CRLF line
/// ends and blank lines (its position is where it began reading, before the line ends it
/// skipped), so lines are counted here from the byte offsets, which only move forward.
struct LineCounter<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        LineCounter {
            bytes,
            pos: 0,
            line: 1,
        }
    }

    fn line_at(&mut self, position: Option<&csv::Position>) -> u64 {
        let offset = position.map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
        let mut start = offset.min(self.bytes.len());
        // A record never starts with a line end: skip those left over from earlier lines.
        while matches!(self.bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start > self.pos {
            let span = &self.bytes[self.pos..start];
            for (i, b) in span.iter().enumerate() {
                let lone_cr = *b == b'\r' && self.bytes.get(self.pos + i + 1) != Some(&b'\n');
                if *b == b'\n' || lone_cr {
                    self.line += 1;
                }
            }
            self.pos = start;
        }
        self.line
    }
}

/// The participants named on the command line (`invite ADDRESS... [--name NAME]`). Refused:
/// no address, an address given twice, `--name` with several addresses, a name a header
/// cannot hold.
pub fn participants_from_args(
    emails: &[EmailAddress],
    name: Option<&str>,
) -> Result<Vec<Participant>, AppError> {
    if emails.is_empty() {
        return Err(AppError::usage(
            "give at least one participant address, or --csv FILE",
        ));
    }
    if emails.len() > MAX_PARTICIPANTS {
        return Err(AppError::usage(format!(
            "at most {MAX_PARTICIPANTS} participant addresses in one run"
        )));
    }
    let name = name.map(str::trim).filter(|n| !n.is_empty());
    if name.is_some() && emails.len() > 1 {
        return Err(AppError::usage(
            "--name goes with a single participant address (use --csv FILE with a name column for several)",
        ));
    }
    if let Some(name) = name {
        check_header_text(name).map_err(|c| AppError::usage(format!("--name: contains {c}")))?;
        let chars = name.chars().count();
        if chars > MAX_NAME_CHARS {
            return Err(AppError::usage(format!(
                "--name: {chars} characters (at most {MAX_NAME_CHARS})"
            )));
        }
    }
    let mut seen = std::collections::HashSet::new();
    let mut participants = Vec::with_capacity(emails.len());
    for email in emails {
        if !seen.insert(email) {
            return Err(AppError::usage(format!("{email} is given twice")));
        }
        participants.push(Participant::new(email.clone(), name.map(str::to_owned)));
    }
    Ok(participants)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn parse(text: &str) -> Result<Vec<Participant>, ParticipantsError> {
        parse_participants("p.csv", text.as_bytes())
    }

    fn problems(text: &str) -> Vec<String> {
        parse(text)
            .unwrap_err()
            .problems()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn a_good_file_gives_participants_in_file_order_with_their_columns() {
        let list = parse(
            "Email,Name,Company,first name\n\
             ada@x.example,Ada Lovelace,Analytical,Ada\n\
             \"grace@y.example\" ,\"Hopper, Grace\" ,Navy, Grace \n\
             alan@z.example,,,\n",
        )
        .unwrap();
        assert_eq!(list.len(), 3);
        assert_eq!(list[0].email.as_str(), "ada@x.example");
        assert_eq!(list[0].name.as_deref(), Some("Ada Lovelace"));
        assert_eq!(list[0].row, Some(2));
        assert_eq!(
            list[0].columns,
            BTreeMap::from([
                ("Company".to_owned(), "Analytical".to_owned()),
                ("first name".to_owned(), "Ada".to_owned()),
            ])
        );
        assert_eq!(list[1].name.as_deref(), Some("Hopper, Grace"));
        assert_eq!(list[1].columns["first name"], "Grace");
        assert_eq!(list[2].name, None);
        assert_eq!(list[2].columns["Company"], "");
        assert_eq!(list[2].label(), "row 4 (alan@z.example)");
    }

    #[test]
    fn a_bom_crlf_lines_blank_rows_and_a_file_without_a_name_column_are_fine() {
        let list = parse("\u{feff}email\r\nada@x.example\r\n\r\n,\r\ngrace@y.example\r\n").unwrap();
        let emails: Vec<&str> = list.iter().map(|p| p.email.as_str()).collect();
        assert_eq!(emails, ["ada@x.example", "grace@y.example"]);
        assert_eq!(list[1].row, Some(5));
        assert!(list[0].columns.is_empty() && list[0].name.is_none());
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line_and_column() {
        let found = problems(
            "email,name,city\n\
             ada@x.example,Ada,London\n\
             not-an-address,Bob,Paris\n\
             ,Carol,Rome\n\
             ADA@x.example,Ada again,Oslo\n\
             dan@x.example,Dan\n\
             eve@x.example,Eve,Bern,extra\n",
        );
        assert_eq!(found.len(), 5, "{found:#?}");
        assert!(
            found[0].starts_with("row 3, column email: `not-an-address` is not an e-mail address"),
            "{}",
            found[0]
        );
        assert_eq!(found[1], "row 4, column email: the address is empty");
        assert_eq!(
            found[2],
            "row 5, column email: ADA@x.example is already on row 2"
        );
        assert_eq!(found[3], "row 6: 2 fields, but the header names 3 columns");
        assert_eq!(found[4], "row 7: 4 fields, but the header names 3 columns");
    }

    #[test]
    fn line_breaks_and_control_characters_in_any_field_are_refused() {
        let found = problems(
            "email,name,note\n\
             ada@x.example,\"Ada\nBcc: eve@evil.example\",ok\n\
             bob@x.example,Bob,\"tab\there\"\n\
             carol@x.example,Carol\u{1b}[2J,ok\n",
        );
        assert_eq!(
            found,
            [
                "row 2, column name: contains a line feed (\\n) (values may go into a mail header)",
                "row 4, column note: contains a tab (\\t) (values may go into a mail header)",
                "row 5, column name: contains a control character (U+001B) (values may go into a mail header)",
            ]
        );
    }

    #[test]
    fn invalid_utf8_is_reported_on_its_line() {
        let mut bytes = b"email,name\nada@x.example,Ada\nbob@x.example,B".to_vec();
        bytes.extend_from_slice(&[0xff, 0xfe]);
        bytes.extend_from_slice(b"b\n");
        let e = parse_participants("p.csv", &bytes).unwrap_err();
        assert_eq!(
            e.problems()[0].to_string(),
            "row 3, column name: not valid UTF-8 (save the file as \"CSV UTF-8\")"
        );
    }

    #[test]
    fn header_problems_are_named() {
        assert_eq!(
            problems(""),
            ["row 1: the file is empty; its first row must name the columns (email, name, ...)"]
        );
        assert_eq!(
            problems("email,name\n"),
            ["row 1: the file names its columns but lists no participant"]
        );
        assert_eq!(
            problems("mail,name\nada@x.example,Ada\n"),
            ["row 1: no `email` column (the columns are: mail, name)"]
        );
        let found = problems("ada@x.example,Ada\nbob@x.example,Bob\n");
        assert!(found[0].ends_with("the first row must name the columns, e.g. `email,name`"));
        let found = problems("email;name\nada@x.example;Ada\n");
        assert!(
            found[0].ends_with(
                "the file seems separated by `;`, and participants files are comma-separated"
            ),
            "{found:?}"
        );
        assert_eq!(
            problems("email,Name,,NAME\na@x.example,A,b,c\n"),
            [
                "row 1, column 3: the column has no name (the first row must name every column)",
                "row 1, column NAME: the column appears twice (columns 2 and 4)",
            ]
        );
    }

    #[test]
    fn more_than_the_cap_of_rows_is_refused() {
        let mut text = String::from("email\n");
        for i in 0..=MAX_PARTICIPANTS {
            text.push_str(&format!("p{i}@x.example\n"));
        }
        let found = problems(&text);
        assert_eq!(
            found,
            [format!(
                "row {}: more than {MAX_PARTICIPANTS} participants; split the file and send in several runs",
                MAX_PARTICIPANTS + 2
            )]
        );
        let at_cap: String = text
            .lines()
            .take(MAX_PARTICIPANTS + 1)
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(parse(&at_cap).unwrap().len(), MAX_PARTICIPANTS);
    }

    #[test]
    fn long_fields_and_names_are_refused() {
        let found = problems(&format!(
            "email,name,note\na@x.example,{},{}\n",
            "n".repeat(MAX_NAME_CHARS + 1),
            "x".repeat(MAX_FIELD_CHARS + 1)
        ));
        assert_eq!(
            found,
            [
                format!(
                    "row 2, column note: {} characters (at most {MAX_FIELD_CHARS})",
                    MAX_FIELD_CHARS + 1
                ),
                format!(
                    "row 2, column name: the name is {} characters long (at most {MAX_NAME_CHARS})",
                    MAX_NAME_CHARS + 1
                ),
            ]
        );
    }

    #[test]
    fn the_message_is_one_line_listing_the_first_problems_and_counting_the_rest() {
        let mut text = String::from("email\n");
        for i in 0..8 {
            text.push_str(&format!("bad{i}\n"));
        }
        let e = parse(&text).unwrap_err();
        let line = e.to_string();
        assert!(
            line.starts_with("p.csv: row 2, column email: `bad0`"),
            "{line}"
        );
        assert!(line.ends_with("(and 3 more problems)"), "{line}");
        assert!(!line.contains('\n'));
        assert_eq!(e.lines().len(), 8);
        assert!(e.lines()[7].starts_with("p.csv: row 9, column email:"));
        let app: AppError = e.into();
        assert!(app.is(ErrorKind::Usage));
    }

    #[test]
    fn a_row_over_several_lines_is_named_by_its_first_line() {
        let found = problems("email,note\na@x.example,\"one\ntwo\"\nb@x.example,x\nbad,x\n");
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("row 2, column note: contains a line feed"));
        assert!(found[1].starts_with("row 5, column email:"), "{found:?}");

        // CRLF line ends, blank lines and a lone CR (old Mac files) count as the editor counts.
        let found =
            problems("email,note\r\na@x.example,\"one\r\ntwo\"\r\n\r\n\r\nbad,x\rworse,y\r\n");
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[0].starts_with("row 2, column note: contains a carriage return"));
        assert!(
            found[1].starts_with("row 6, column email: `bad`"),
            "{found:?}"
        );
        assert!(
            found[2].starts_with("row 7, column email: `worse`"),
            "{found:?}"
        );
    }

    #[test]
    fn addresses_on_the_command_line() {
        let a = EmailAddress::parse("ada@x.example").unwrap();
        let b = EmailAddress::parse("bob@x.example").unwrap();
        let list = participants_from_args(std::slice::from_ref(&a), Some(" Ada ")).unwrap();
        assert_eq!(list, [Participant::new(a.clone(), Some("Ada".into()))]);
        assert_eq!(list[0].label(), "ada@x.example");
        let two = participants_from_args(&[a.clone(), b.clone()], None).unwrap();
        assert_eq!(two.len(), 2);

        let usage = |r: Result<Vec<Participant>, AppError>| {
            let e = r.unwrap_err();
            assert!(e.is(ErrorKind::Usage));
            e.message().to_owned()
        };
        assert!(usage(participants_from_args(&[], None)).contains("at least one"));
        assert!(
            usage(participants_from_args(&[a.clone(), b], Some("Ada")))
                .starts_with("--name goes with a single")
        );
        let upper = EmailAddress::parse("ADA@x.example").unwrap();
        assert_eq!(
            usage(participants_from_args(&[a.clone(), upper], None)),
            "ADA@x.example is given twice"
        );
        assert_eq!(
            usage(participants_from_args(
                &[a],
                Some("Ada\r\nBcc: e@x.example")
            )),
            "--name: contains a carriage return (\\r)"
        );
    }
}
