//! Appending entries to a journal so that they read back exactly as the writer meant them,
//! whatever the file ends with.
//!
//! Text appended to a file is read under whatever the file leaves open at its end: a block
//! comment would swallow it, an `apply account` would move its postings, an alias could rename
//! them, a `decimal-mark` could read its amounts a hundred times larger. So an append
//!
//! 1. closes what can be closed (`end comment`, `end apply account`), valid for ledger 3.3
//!    and hledger 1.25 alike;
//! 2. reads the books with the new text in memory first: the journal must stay free of
//!    errors (everything `check` reports as one), and every new entry must read back as meant
//!    (date, status, description, tags, accounts, amounts). Otherwise nothing is written;
//! 3. writes through [`super::file::replace`], under the lock the caller took before it read
//!    the books;
//! 4. reads the books again from disk and checks the same; if they do not read as meant, the
//!    original is put back and the append fails.

use std::path::{Path, PathBuf};

use arledger_journal::{load, Diagnostic, Input, LoadOptions, Loaded, OpenAtEnd};

use super::lock::DirLock;
use super::WriteError;
use crate::entries::Entry;

/// What to append: directives first (an `account` declaration), then entries, each after a
/// blank line.
#[derive(Clone, Debug, Default)]
pub struct Addition {
    /// Directive lines, each ending with a newline.
    pub directives: String,
    /// The entries.
    pub entries: Vec<Entry>,
}

impl Addition {
    /// Whether there is nothing to append.
    pub fn is_empty(&self) -> bool {
        self.directives.is_empty() && self.entries.is_empty()
    }

    /// The text appended, as `--dry-run` shows it.
    pub fn text(&self) -> String {
        let mut s = String::new();
        if !self.directives.is_empty() {
            s.push('\n');
            s.push_str(&self.directives);
        }
        for e in &self.entries {
            s.push('\n');
            s.push_str(&e.text());
        }
        s
    }
}

/// The books an append goes to: how to read them, and what makes them invalid.
pub struct Books<'a> {
    /// The files to read, in order; the first is a path and is the one appended to.
    pub inputs: Vec<Input>,
    /// How to read them.
    pub options: LoadOptions,
    /// Everything `check` reports about a loaded journal, beyond the loader's diagnostics.
    pub validate: &'a dyn Fn(&Loaded) -> Vec<Diagnostic>,
}

/// Why an append did not happen.
#[derive(Debug)]
pub enum AppendError {
    /// The file could not be written.
    Write(WriteError),
    /// With the new entries the books would have errors (shown against the books that have
    /// them); nothing was written.
    Invalid {
        /// The books with the entries, as they would read.
        books: Box<Loaded>,
        /// The errors.
        errors: Vec<Diagnostic>,
    },
    /// An entry would not read back as meant; nothing was written (`restored`: it was
    /// written, did not read back, and the original was put back).
    Misread {
        /// The file.
        path: PathBuf,
        /// What differs.
        why: String,
        /// Whether the file had been written and was restored.
        restored: bool,
    },
}

impl From<WriteError> for AppendError {
    fn from(e: WriteError) -> Self {
        AppendError::Write(e)
    }
}

/// Appends `addition` to the first file of `books`, which `loaded` read under `lock`.
pub fn append(
    lock: &DirLock,
    books: &Books,
    loaded: &Loaded,
    addition: &Addition,
) -> Result<PathBuf, AppendError> {
    let path = match books.inputs.first() {
        Some(Input::Path(p)) => p.clone(),
        _ => {
            return Err(AppendError::Write(WriteError::Refused {
                path: PathBuf::from("-"),
                why: "arledger appends to the first journal file, and standard input is not one"
                    .into(),
            }))
        }
    };
    let open = loaded
        .open_at_end
        .first()
        .ok_or_else(|| WriteError::Refused {
            path: path.clone(),
            why: "it was not read".into(),
        })?;
    let original = loaded.journal.sources.get(open.source).text.clone();
    let (new_text, appended_at) = extended(&original, open, &addition.text());

    // 1. In memory first.
    let mut inputs = books.inputs.clone();
    inputs[0] = Input::Text {
        path: path.clone(),
        text: new_text.clone(),
    };
    verify(
        &path,
        books,
        load(&inputs, &books.options),
        appended_at,
        addition,
    )
    .map_err(|e| match e {
        Verdict::Invalid(books, errors) => AppendError::Invalid { books, errors },
        Verdict::Misread(why) => AppendError::Misread {
            path: path.clone(),
            why,
            restored: false,
        },
    })?;

    // 2. On disk, then read back.
    super::file::replace(lock, &path, original.as_bytes(), new_text.as_bytes())?;
    let reread = load(&books.inputs, &books.options);
    if let Err(e) = verify(&path, books, reread, appended_at, addition) {
        let why = match e {
            Verdict::Invalid(_, errors) => format!(
                "the books read back with {} error(s), the first: {}",
                errors.len(),
                errors.first().map_or("", |d| d.message.as_str())
            ),
            Verdict::Misread(why) => why,
        };
        super::file::replace(lock, &path, new_text.as_bytes(), original.as_bytes())?;
        return Err(AppendError::Misread {
            path,
            why,
            restored: true,
        });
    }
    Ok(path)
}

/// The file's text with what it leaves open closed and `addition` after it, and the offset at
/// which the new entries start.
fn extended(original: &str, open: &OpenAtEnd, addition: &str) -> (String, usize) {
    let mut s = String::with_capacity(original.len() + addition.len() + 64);
    s.push_str(original);
    if !s.is_empty() && !s.ends_with('\n') {
        s.push('\n');
    }
    s.push_str(&closers(open));
    let at = s.len();
    s.push_str(addition);
    (s, at)
}

/// The lines that close what a file leaves open and ledger and hledger both can close, with
/// a comment saying why (empty when nothing is open). Aliases (ledger 3.3 cannot end them)
/// and a `decimal-mark` stay: the read-back check refuses an append they would change.
pub fn closers(open: &OpenAtEnd) -> String {
    let mut s = String::new();
    if let Some(line) = open.block_comment {
        s.push_str(line);
        s.push('\n');
    }
    for _ in 0..open.apply_accounts {
        s.push_str("end apply account\n");
    }
    if !s.is_empty() {
        s.push_str("; (arledger closed what was left open above before appending)\n");
    }
    s
}

/// For entries printed to be appended by hand (`--emit-journal >> FILE`): what closes the
/// first journal file's open scopes, so that the entries are read as printed.
pub fn closers_for_emitted(loaded: &Loaded) -> String {
    loaded.open_at_end.first().map(closers).unwrap_or_default()
}

enum Verdict {
    Invalid(Box<Loaded>, Vec<Diagnostic>),
    Misread(String),
}

/// Checks books read with the addition: no errors, and the transactions from `at` on in the
/// first file are the addition's entries, read as meant.
fn verify(
    path: &Path,
    books: &Books,
    read: Loaded,
    at: usize,
    addition: &Addition,
) -> Result<(), Verdict> {
    let Some(source) = read.open_at_end.first().map(|o| o.source) else {
        return Err(Verdict::Misread(format!("{} was not read", path.display())));
    };
    let invalid = |read: Loaded, mut errors: Vec<Diagnostic>| {
        errors.sort_by_key(|d| (d.span.source, d.span.start));
        // Errors in the new entries first: they are what this write would add.
        errors.sort_by_key(|d| !(d.span.source == source && d.span.start as usize >= at));
        Verdict::Invalid(Box::new(read), errors)
    };
    let errors: Vec<Diagnostic> = read
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    if !errors.is_empty() {
        return Err(invalid(read, errors));
    }
    // The entries as read, before what they would cause (an alias moving a late fee to another
    // customer shows as that, not as the ambiguity it leads to).
    let j = &read.journal;
    let added: Vec<_> = j
        .transactions
        .iter()
        .filter(|t| t.span.source == source && t.span.start as usize >= at)
        .collect();
    if added.len() != addition.entries.len() {
        return Err(Verdict::Misread(format!(
            "{} of the {} new entries read back as transactions",
            added.len(),
            addition.entries.len()
        )));
    }
    for (txn, entry) in added.iter().zip(&addition.entries) {
        if let Some(why) = entry.differs(j, txn) {
            return Err(Verdict::Misread(format!(
                "the entry `{} {}` would not read as written: {why}",
                entry.date, entry.description
            )));
        }
    }
    let errors: Vec<Diagnostic> = (books.validate)(&read)
        .into_iter()
        .filter(|d| d.is_error())
        .collect();
    if !errors.is_empty() {
        return Err(invalid(read, errors));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(block: Option<&'static str>, apply: usize) -> OpenAtEnd {
        OpenAtEnd {
            source: arledger_journal::SourceId(0),
            block_comment: block,
            apply_accounts: apply,
            aliases: 0,
            decimal_mark: None,
        }
    }

    #[test]
    fn closes_what_is_open_and_ends_the_last_line() {
        let (text, at) = extended("x", &open(Some("end comment"), 2), "\n2026-01-01 y\n");
        assert_eq!(
            text,
            "x\nend comment\nend apply account\nend apply account\n\
             ; (arledger closed what was left open above before appending)\n\n2026-01-01 y\n"
        );
        assert_eq!(&text[at..], "\n2026-01-01 y\n");
        let (text, _) = extended("x\n", &open(None, 0), "\ny\n");
        assert_eq!(text, "x\n\ny\n");
    }
}
