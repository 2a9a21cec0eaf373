//! Diagnostics as data: what is wrong, where, and what was expected.
//!
//! Libraries return diagnostics; only the CLI renders them (`file:line:col: message`, the source
//! line and a caret under the span).

use crate::source::Span;

/// How bad a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Informational; never changes the exit status.
    Warning,
    /// The journal is wrong; commands exit 1.
    Error,
}

/// A stable code per kind of problem, documented in `docs/errors.md`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Code {
    /// The file could not be read (missing, a directory, not a regular file, permissions).
    Io,
    /// The file is not valid UTF-8.
    Encoding,
    /// A line does not follow the journal syntax.
    Syntax,
    /// A date that does not exist or cannot be read.
    Date,
    /// An amount that cannot be read or does not fit.
    Amount,
    /// A directive or construct arledger does not support.
    Unsupported,
    /// An `include` that forms a cycle.
    IncludeCycle,
    /// `include`s nested deeper than [`crate::MAX_INCLUDE_DEPTH`].
    IncludeDepth,
    /// A number whose decimal mark or digit groups make its value doubtful (`1728,00 USD`
    /// where `,` groups digits, or where USD's decimal mark is `.`).
    NumberStyle,
    /// A transaction whose postings do not sum to zero.
    Unbalanced,
    /// More than one posting without an amount.
    MultipleElided,
    /// A balance assertion that does not hold.
    Assertion,
    /// An account used but not declared (`--strict`).
    UndeclaredAccount,
    /// A commodity used but not declared (`--strict`).
    UndeclaredCommodity,
    /// A payee used but not declared (`check payees`).
    UndeclaredPayee,
    /// A sum too large for exact decimal arithmetic.
    Overflow,
    /// A transaction that balances only by an implied conversion (`check
    /// balancednoautoconversion`).
    ImpliedConversion,
    /// Accounts-receivable meaning that is inconsistent or ambiguous.
    Receivable,
    /// A closed period whose transactions changed after the close (or a malformed close
    /// record).
    Closed,
    /// A transaction dated before the one above it in its file (`check ordereddates`).
    DateOrder,
    /// Two accounts posted to with the same leaf name (`check uniqueleafnames`).
    LeafName,
}

impl Code {
    /// The stable identifier shown to users, e.g. `E0201`.
    pub fn id(self) -> &'static str {
        match self {
            Code::Io => "E0001",
            Code::Encoding => "E0002",
            Code::Syntax => "E0101",
            Code::Date => "E0102",
            Code::Amount => "E0103",
            Code::Unsupported => "E0104",
            Code::IncludeCycle => "E0105",
            Code::IncludeDepth => "E0106",
            Code::NumberStyle => "E0107",
            Code::Unbalanced => "E0201",
            Code::MultipleElided => "E0202",
            Code::Assertion => "E0203",
            Code::Overflow => "E0204",
            Code::ImpliedConversion => "E0205",
            Code::UndeclaredAccount => "E0301",
            Code::UndeclaredCommodity => "E0302",
            Code::UndeclaredPayee => "E0303",
            Code::Receivable => "E0401",
            Code::Closed => "E0402",
            Code::DateOrder => "E0501",
            Code::LeafName => "E0502",
        }
    }
}

/// A secondary location shown with a diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What is there.
    pub message: String,
}

/// One problem found in a journal.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Diagnostic {
    /// Stable kind.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one line.
    pub message: String,
    /// Where it is wrong; the caret goes under this span.
    pub span: Span,
    /// What was expected there, when the parser knows (`a date like 2026-01-15`).
    pub expected: Option<String>,
    /// Other places that explain the problem.
    pub labels: Vec<Label>,
    /// Further lines of explanation (e.g. the imbalance per commodity).
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// An error of kind `code` at `span`.
    pub fn error(code: Code, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            span,
            expected: None,
            labels: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// A warning of kind `code` at `span`.
    pub fn warning(code: Code, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, span, message)
        }
    }

    /// Adds what was expected.
    pub fn expected(mut self, expected: impl Into<String>) -> Diagnostic {
        self.expected = Some(expected.into());
        self
    }

    /// Adds a secondary location.
    pub fn label(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// Adds a note line.
    pub fn note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// Whether this is an error (as opposed to a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}
