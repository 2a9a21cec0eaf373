//! The books configuration file, `arledger.toml` beside the first journal file: one file per
//! set of books (docs/configuration.md).
//!
//! ```toml
//! [numbers]             # how `arledger add` numbers new documents
//! invoice = "INV-{:05}"
//! credit = "CM-{:05}"
//! payment = "PMT-{:05}"
//!
//! [issuer]              # the letterhead of invoices and statements
//! name = "Northwind Studio LLC"
//! address = ["12 Harbour Road", "Portland, ME 04101"]
//! page-size = "Letter"  # or "A4" (the default)
//!
//! [dunning.levels]      # what `--config FILE` of `dunning` and `collections` holds
//! 2 = 15
//! [dunning.sender]
//! company = "Northwind Studio LLC"
//!
//! [allowance.rates]     # what `arledger allowance` reserves per aging bucket
//! current = "1%"
//!
//! [fmt]                 # the layout of `arledger fmt` (see crate::fmt_config)
//! amount-column = 52
//! ```
//!
//! Every section is a struct of its own that refuses unknown keys; a section is added by
//! adding a field to [`File`]. Errors are `file:line:col: message` ([`located`]).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use arledger_report::documents::{BankAccount, ImageFormat, Logo, Vendor};

use crate::allowance_config::{AllowanceConfig, AllowanceSection};
use crate::dunning_config::{DunningConfig, DunningSection};
use crate::fmt_config::FmtSection;
use crate::Failure;

/// The name of the books configuration file.
pub const FILE_NAME: &str = "arledger.toml";

/// The file as written: one optional table per section.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    numbers: NumbersSection,
    dunning: Option<DunningSection>,
    #[serde(default)]
    issuer: IssuerSection,
    #[serde(default)]
    documents: DocumentsSection,
    smtp: Option<SmtpSection>,
    #[serde(default)]
    vendor: VendorSection,
    allowance: Option<AllowanceSection>,
    #[serde(default)]
    credit: CreditSection,
    /// `[fmt]`: read by `fmt` and the language server ([`crate::fmt_config`]); checked here so
    /// that the other commands accept it and report its mistakes too.
    #[serde(default)]
    fmt: FmtSection,
}

/// `[credit]`: when a customer is on credit hold (spec §7.2).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct CreditSection {
    /// More days past due than this on any invoice put the customer on hold.
    hold_days: Option<u32>,
}

/// `[vendor]`: what only the vendor information sheet shows (spec §7.7); the rest is
/// `[issuer]`'s.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct VendorSection {
    legal_name: Option<String>,
    entity_type: Option<String>,
    contact: Option<String>,
    remittance_email: Option<String>,
    #[serde(default)]
    payment_methods: Vec<String>,
    #[serde(default)]
    bank: BankSection,
    #[serde(default)]
    notes: Vec<String>,
}

/// `[vendor.bank]`: the bank account, field by field.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct BankSection {
    name: Option<String>,
    account_name: Option<String>,
    account_number: Option<String>,
    routing_number: Option<String>,
    swift: Option<String>,
    iban: Option<String>,
}

/// `[smtp]`: how documents are sent (`--send`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct SmtpSection {
    server: String,
    port: Option<u16>,
    #[serde(default)]
    security: Security,
    user: Option<String>,
    password_env: Option<String>,
    from: Option<String>,
}

/// How the connection to the SMTP server is protected.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Security {
    /// Plain connection upgraded with STARTTLS (port 587 unless given).
    #[default]
    Starttls,
    /// TLS from the start (port 465 unless given).
    Tls,
    /// No encryption (port 25 unless given): only for a server on this machine.
    None,
}

/// The SMTP settings in effect. The password is never in the file: `password_env` names the
/// environment variable that holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SmtpConfig {
    /// The server's host name.
    pub server: String,
    /// The port.
    pub port: u16,
    /// STARTTLS, TLS or none.
    pub security: Security,
    /// The user to log in as (none: no login).
    pub user: Option<String>,
    /// The environment variable holding the password.
    pub password_env: Option<String>,
    /// The From: address (default: `[issuer] email`).
    pub from: Option<String>,
}

/// `[issuer]`: who sends invoices and statements (docs/documents.md).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct IssuerSection {
    name: Option<String>,
    #[serde(default)]
    address: Vec<String>,
    tax_id: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    bank: Option<String>,
    #[serde(default)]
    remit_to: Vec<String>,
    logo: Option<toml::Spanned<PathBuf>>,
    page_size: Option<PageSize>,
}

/// `[documents]`: where the books' own document templates are.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct DocumentsSection {
    templates: Option<PathBuf>,
}

/// The paper documents are laid out on.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
pub enum PageSize {
    /// ISO A4, 210 × 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

/// How documents are made for these books: who sends them, on what paper, from which
/// templates.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocumentsConfig {
    /// The sender.
    pub issuer: arledger_report::documents::Issuer,
    /// The paper size of PDF documents.
    pub page_size: PageSize,
    /// The directory of the books' own templates (relative paths are read from the
    /// configuration file's directory).
    pub templates: Option<PathBuf>,
}

/// `[numbers]`: the pattern of each kind of document number.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct NumbersSection {
    invoice: Option<toml::Spanned<String>>,
    credit: Option<toml::Spanned<String>>,
    payment: Option<toml::Spanned<String>>,
}

/// A document number pattern: text around one `{}` (the number) or `{:0N}` (the number with
/// at least N digits, zero-padded), e.g. `INV-{:05}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NumberPattern {
    /// The text before the number.
    pub prefix: String,
    /// The least number of digits (zero-padded).
    pub width: usize,
    /// The text after the number.
    pub suffix: String,
}

impl NumberPattern {
    /// Reads a pattern (`INV-{:05}`, `CM{}`).
    pub fn parse(text: &str) -> Result<NumberPattern, String> {
        let expected = "one `{}` or `{:0N}` for the number, e.g. `INV-{:05}`";
        let open = text
            .find('{')
            .ok_or_else(|| format!("the pattern `{text}` has no number: expected {expected}"))?;
        let close = text[open..]
            .find('}')
            .map(|i| open + i)
            .ok_or_else(|| format!("the pattern `{text}` has an unclosed `{{`"))?;
        let spec = &text[open + 1..close];
        let width = match spec {
            "" => 1,
            s => s
                .strip_prefix(":0")
                .and_then(|w| w.parse::<usize>().ok())
                .filter(|w| (1..=18).contains(w))
                .ok_or_else(|| {
                    format!("the pattern `{text}` has `{{{s}}}`: expected {expected}")
                })?,
        };
        let (prefix, suffix) = (&text[..open], &text[close + 1..]);
        let bad = |s: &str| {
            s.contains(['{', '}'])
                || s.chars()
                    .any(|c| c.is_whitespace() || c.is_control() || "(),;:|".contains(c))
        };
        if bad(prefix) || bad(suffix) {
            return Err(format!(
                "the pattern `{text}` has characters a reference cannot hold (spaces, \
                 `( ) , ; : |`, or a second number): expected {expected}"
            ));
        }
        Ok(NumberPattern {
            prefix: prefix.into(),
            width,
            suffix: suffix.into(),
        })
    }

    /// The number a reference written with this pattern carries (`INV-00042` → 42).
    pub fn number_of(&self, reference: &str) -> Option<u64> {
        let digits = reference
            .strip_prefix(&self.prefix)?
            .strip_suffix(&self.suffix)?;
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok()
    }

    /// The reference with number `n`.
    pub fn format(&self, n: u64) -> String {
        format!("{}{n:0w$}{}", self.prefix, self.suffix, w = self.width)
    }
}

/// The number patterns in effect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Numbers {
    /// Invoices (`INV-{}` unless configured).
    pub invoice: NumberPattern,
    /// Credit memos (`CM-{}`).
    pub credit: NumberPattern,
    /// Payments (`PMT-{}`).
    pub payment: NumberPattern,
}

impl Default for Numbers {
    fn default() -> Numbers {
        let p = |prefix: &str| NumberPattern {
            prefix: prefix.into(),
            width: 1,
            suffix: String::new(),
        };
        Numbers {
            invoice: p("INV-"),
            credit: p("CM-"),
            payment: p("PMT-"),
        }
    }
}

/// The configuration of a set of books: the file's values over the defaults.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BooksConfig {
    /// The file read, if there is one.
    pub path: Option<PathBuf>,
    /// `[numbers]`
    pub numbers: Numbers,
    /// `[dunning]`
    pub dunning: DunningConfig,
    /// `[issuer]` and `[documents]`
    pub documents: DocumentsConfig,
    /// `[smtp]`, if configured.
    pub smtp: Option<SmtpConfig>,
    /// `[vendor]`
    pub vendor: Vendor,
    /// `[allowance]`
    pub allowance: AllowanceConfig,
    /// `[credit]`
    pub credit: arledger_report::ar::CreditPolicy,
}

/// Where the books configuration of a journal file is: `arledger.toml` in its directory.
pub fn path_beside(journal: &Path) -> PathBuf {
    crate::write::target::directory_of(journal).join(FILE_NAME)
}

/// The configuration of the books whose first journal file is `journal`: `arledger.toml`
/// beside it, or the defaults when there is none (standard input has none).
pub fn for_journal(journal: &Path) -> Result<BooksConfig, Failure> {
    if journal.as_os_str() == "-" {
        return Ok(BooksConfig::default());
    }
    let path = path_beside(journal);
    if !path.exists() {
        return Ok(BooksConfig::default());
    }
    load(&path)
}

/// The configuration of the books named on the command line (see [`for_journal`]).
pub fn for_books(g: &crate::config::Config) -> Result<BooksConfig, Failure> {
    match crate::input::journal_paths(g)?.first() {
        Some(p) => for_journal(p),
        None => Ok(BooksConfig::default()),
    }
}

/// Reads a books configuration file.
pub fn load(path: &Path) -> Result<BooksConfig, Failure> {
    let text = read(path)?;
    parse(&text, &crate::write::target::directory_of(path))
        .map(|mut c| {
            c.path = Some(path.to_path_buf());
            if let Some(t) = &c.documents.templates {
                c.documents.templates = Some(crate::write::target::directory_of(path).join(t));
            }
            c
        })
        .map_err(|(at, message)| located(path, &text, at, &message))
}

/// Reads a configuration file's text.
pub fn read(path: &Path) -> Result<String, Failure> {
    std::fs::read_to_string(path)
        .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", path.display())))
}

/// A problem at byte `offset` of a configuration file's `text`, as `file:line:col: message`.
pub fn located(path: &Path, text: &str, offset: usize, message: &str) -> Failure {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    Failure::Usage(format!("{}:{line}:{col}: {message}", path.display()))
}

/// A TOML reading error as a byte offset and a message.
pub fn toml_error(e: &toml::de::Error) -> (usize, String) {
    (
        e.span().map_or(0, |s| s.start),
        e.message().trim().to_string(),
    )
}

/// The logo file `path` (relative to `dir`, the configuration file's directory), checked to
/// be a PNG or JPEG picture the PDF renderer can show.
fn read_logo(dir: &Path, path: &Path) -> Result<Logo, String> {
    let full = dir.join(path);
    let key = "`logo` in [issuer]";
    let data =
        std::fs::read(&full).map_err(|e| format!("{key}: cannot read {}: {e}", full.display()))?;
    let format = ImageFormat::of(&data).ok_or_else(|| {
        format!(
            "{key}: {} is not a picture arledger can show: expected a PNG or JPEG file",
            full.display()
        )
    })?;
    let logo = Logo { format, data };
    crate::render::pdf::image(&logo).map_err(|e| format!("{key}: {}: {e}", full.display()))?;
    Ok(logo)
}

/// Parses configuration text (of a file in `dir`); errors carry the byte offset they refer
/// to.
fn parse(text: &str, dir: &Path) -> Result<BooksConfig, (usize, String)> {
    let file: File = toml::from_str(text).map_err(|e| toml_error(&e))?;
    file.fmt.layout()?;
    let defaults = Numbers::default();
    let pattern = |p: Option<toml::Spanned<String>>, default: NumberPattern| match p {
        None => Ok(default),
        Some(s) => NumberPattern::parse(s.get_ref()).map_err(|m| (s.span().start, m)),
    };
    let n = file.numbers;
    let numbers = Numbers {
        invoice: pattern(n.invoice, defaults.invoice)?,
        credit: pattern(n.credit, defaults.credit)?,
        payment: pattern(n.payment, defaults.payment)?,
    };
    let dunning = match file.dunning {
        Some(d) => d.resolve(text, "[dunning.levels]")?,
        None => DunningConfig::default(),
    };
    let i = file.issuer;
    let logo = i
        .logo
        .map(|l| read_logo(dir, l.get_ref()).map_err(|m| (l.span().start, m)))
        .transpose()?;
    let documents = DocumentsConfig {
        issuer: arledger_report::documents::Issuer {
            name: i.name,
            address: i.address,
            tax_id: i.tax_id,
            email: i.email,
            phone: i.phone,
            bank: i.bank,
            remit_to: i.remit_to,
            logo,
        },
        page_size: i.page_size.unwrap_or_default(),
        templates: file.documents.templates,
    };
    let smtp = file.smtp.map(|m| SmtpConfig {
        port: m.port.unwrap_or(match m.security {
            Security::Starttls => 587,
            Security::Tls => 465,
            Security::None => 25,
        }),
        server: m.server,
        security: m.security,
        user: m.user,
        password_env: m.password_env,
        from: m.from,
    });
    let v = file.vendor;
    let vendor = Vendor {
        legal_name: v.legal_name,
        entity_type: v.entity_type,
        contact: v.contact,
        remittance_email: v.remittance_email,
        payment_methods: v.payment_methods,
        bank: BankAccount {
            bank_name: v.bank.name,
            account_name: v.bank.account_name,
            account_number: v.bank.account_number,
            routing_number: v.bank.routing_number,
            swift: v.bank.swift,
            iban: v.bank.iban,
        },
        notes: v.notes,
    };
    let allowance = file
        .allowance
        .map(AllowanceSection::resolve)
        .transpose()?
        .unwrap_or_default();
    let credit = arledger_report::ar::CreditPolicy {
        hold_days: file.credit.hold_days.map(i64::from),
    };
    Ok(BooksConfig {
        path: None,
        numbers,
        dunning,
        documents,
        smtp,
        vendor,
        allowance,
        credit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_number_and_format() {
        let p = NumberPattern::parse("INV-{:05}").unwrap();
        assert_eq!(p.format(42), "INV-00042");
        assert_eq!(p.format(123456), "INV-123456");
        assert_eq!(p.number_of("INV-00042"), Some(42));
        assert_eq!(p.number_of("INV-1043"), Some(1043));
        assert_eq!(p.number_of("INV-12a"), None);
        assert_eq!(p.number_of("CM-1"), None);
        let q = NumberPattern::parse("{}/26").unwrap();
        assert_eq!(q.format(7), "7/26");
        assert_eq!(q.number_of("7/26"), Some(7));
        for bad in ["INV", "INV-{", "INV-{:5}", "INV {}", "{}-{}", "INV-{x}"] {
            assert!(NumberPattern::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn sections_read_and_errors_point_at_the_value() {
        let c = parse(
            "[numbers]\ninvoice = \"INV-{:05}\"\n\n[dunning.levels]\n2 = 20\n\
             [dunning.sender]\ncompany = \"Northwind\"\n",
            Path::new("."),
        )
        .unwrap();
        assert_eq!(c.numbers.invoice.format(1), "INV-00001");
        assert_eq!(c.numbers.credit.format(1), "CM-1");
        assert_eq!(c.dunning.policy.thresholds, [1, 20, 30, 60]);
        assert_eq!(c.dunning.sender.company.as_deref(), Some("Northwind"));
        assert_eq!(parse("", Path::new(".")).unwrap(), BooksConfig::default());
        let c = parse("[credit]\nhold-days = 60\n", Path::new(".")).unwrap();
        assert_eq!(c.credit.hold_days, Some(60));
        let (at, _) = parse("[credit]\nhold-days = -1\n", Path::new(".")).unwrap_err();
        assert_eq!(at, 21);

        let (at, msg) = parse("[numbers]\ninvoice = \"INV\"\n", Path::new(".")).unwrap_err();
        assert_eq!(at, 20);
        assert!(msg.contains("has no number"), "{msg}");
        let (at, msg) = parse("[numbers]\ninvoce = \"INV-{}\"\n", Path::new(".")).unwrap_err();
        assert_eq!(at, 10);
        assert!(msg.contains("unknown field `invoce`"), "{msg}");
        let (_, msg) = parse("[numbrs]\n", Path::new(".")).unwrap_err();
        assert!(msg.contains("unknown field `numbrs`"), "{msg}");
        let (at, msg) = parse("[dunning.levels]\n2 = 90\n", Path::new(".")).unwrap_err();
        assert_eq!(at, 0);
        assert!(msg.contains("increasing"), "{msg}");
    }

    /// `[fmt]` is `fmt`'s, but the file is the books': every command reading the books
    /// configuration accepts it, and reports its mistakes where they are.
    #[test]
    fn the_fmt_table_belongs_to_the_file() {
        let dir = Path::new(".");
        assert!(parse("[fmt]\namount-column = 60\nindent = 2\n", dir).is_ok());
        let (at, msg) = parse("[fmt]\nindent = 0\n", dir).unwrap_err();
        assert_eq!(at, 15);
        assert!(msg.contains("indent must be 1 to 16, not 0"), "{msg}");
        let (_, msg) = parse("[fmt]\nindnt = 2\n", dir).unwrap_err();
        assert!(msg.contains("unknown field `indnt`"), "{msg}");
    }

    /// The example of docs/configuration.md, every section in it, is a file arledger reads.
    #[test]
    fn the_documented_example_reads() {
        let doc = include_str!("../../../docs/configuration.md");
        let start = doc.find("```toml\n").expect("a TOML example") + "```toml\n".len();
        let example = &doc[start..start + doc[start..].find("```").expect("its end")];
        assert!(example.contains("[fmt]"), "{example}");
        let c = parse(example, Path::new(".")).unwrap();
        assert_eq!(c.numbers.invoice.format(1), "INV-00001");
        assert_eq!(c.credit.hold_days, Some(60));
    }

    #[test]
    fn located_counts_lines_and_characters() {
        let f = located(Path::new("a.toml"), "x = 1\né = \"y\"\n", 10, "bad");
        match f {
            Failure::Usage(m) => assert_eq!(m, "a.toml:2:4: bad"),
            other => panic!("{other:?}"),
        }
    }
}
