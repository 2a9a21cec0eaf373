//! E-mailing documents (docs/documents.md, "E-mail"): each document becomes an RFC 5322
//! message to the customer's `email:` with the PDF attached and a text body from the
//! `email.txt` template. `--eml DIR` writes the messages as files; `--send` sends them over
//! SMTP (`[smtp]` in `arledger.toml`, the password from the environment variable it names)
//! and records each one sent in `arledger-sent.csv` beside the books, under the writers'
//! lock, so that a second run sends nothing twice.

use std::path::{Path, PathBuf};

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{Message, SmtpTransport, Transport};

use crate::books_config::{Security, SmtpConfig};
use crate::Failure;

/// The record of what was sent, beside the first journal file.
pub const SENT_FILE: &str = "arledger-sent.csv";

/// One message to send.
pub struct Outgoing {
    /// What it is, once and for all (`invoice INV-1043`): a key sent once only.
    pub key: String,
    /// The recipient's address.
    pub to: String,
    /// The recipient's name.
    pub to_name: String,
    /// The subject.
    pub subject: String,
    /// The text body.
    pub body: String,
    /// The attachment's file name and the PDF.
    pub attachment: (String, Vec<u8>),
    /// The file name of the `.eml` form.
    pub eml_name: String,
}

/// Where and how to deliver: `--eml DIR` or `--send`.
pub enum Delivery<'a> {
    /// Write `.eml` files into the directory.
    Eml(&'a Path),
    /// Send over SMTP, recording into `record` (the books' `arledger-sent.csv`).
    Send {
        /// The server settings.
        smtp: &'a SmtpConfig,
        /// The record file.
        record: PathBuf,
    },
}

fn mailbox(name: &str, address: &str) -> Result<Mailbox, Failure> {
    let addr = address
        .parse()
        .map_err(|e| Failure::Usage(format!("`{address}` is not an e-mail address: {e}")))?;
    Ok(Mailbox::new(Some(name.to_string()), addr))
}

/// The RFC 5322 message of `o` from `from`.
pub fn message(from: &Mailbox, o: &Outgoing) -> Result<Message, Failure> {
    let pdf = ContentType::parse("application/pdf")
        .map_err(|e| Failure::Usage(format!("content type: {e}")))?;
    Message::builder()
        .from(from.clone())
        .to(mailbox(&o.to_name, &o.to)?)
        .subject(o.subject.clone())
        .multipart(
            MultiPart::mixed()
                .singlepart(SinglePart::plain(o.body.clone()))
                .singlepart(
                    Attachment::new(o.attachment.0.clone()).body(o.attachment.1.clone(), pdf),
                ),
        )
        .map_err(|e| Failure::Usage(format!("cannot build the message: {e}")))
}

/// The From: mailbox: `[smtp] from`, else `[issuer] email`, named after the issuer.
pub fn sender(
    smtp: Option<&SmtpConfig>,
    issuer: &arledger_report::documents::Issuer,
) -> Result<Mailbox, Failure> {
    let address = smtp
        .and_then(|s| s.from.clone())
        .or_else(|| issuer.email.clone())
        .ok_or_else(|| {
            Failure::Usage(
                "e-mail needs a From: address: `email` in [issuer] (or `from` in [smtp]) of arledger.toml"
                    .into(),
            )
        })?;
    let name = issuer.name.clone().unwrap_or_default();
    mailbox(&name, &address)
}

/// The keys already sent, from the record file.
fn sent_keys(record: &Path) -> Result<Vec<String>, Failure> {
    let text = match std::fs::read_to_string(record) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(Failure::Usage(format!(
                "cannot read {}: {e}",
                record.display()
            )))
        }
    };
    let mut r = csv::Reader::from_reader(text.as_bytes());
    r.records()
        .map(|row| {
            row.map(|row| row.get(1).unwrap_or_default().to_string())
                .map_err(|e| Failure::Usage(format!("{}: {e}", record.display())))
        })
        .collect()
}

/// The SMTP transport of the configuration; the password from its environment variable.
fn transport(smtp: &SmtpConfig) -> Result<SmtpTransport, Failure> {
    let err = |e: lettre::transport::smtp::Error| Failure::Usage(format!("SMTP: {e}"));
    let builder = match smtp.security {
        Security::Tls => SmtpTransport::relay(&smtp.server).map_err(err)?,
        Security::Starttls => SmtpTransport::starttls_relay(&smtp.server).map_err(err)?,
        Security::None => SmtpTransport::builder_dangerous(&smtp.server),
    }
    .port(smtp.port)
    .timeout(Some(std::time::Duration::from_secs(30)));
    let builder = match &smtp.user {
        Some(user) => {
            let var = smtp.password_env.as_deref().ok_or_else(|| {
                Failure::Usage(
                    "[smtp] has a user but no `password-env`: name the environment variable that holds the password".into(),
                )
            })?;
            let password = std::env::var(var).map_err(|_| {
                Failure::Usage(format!(
                    "the SMTP password is read from ${var}, which is not set"
                ))
            })?;
            builder.credentials(Credentials::new(user.clone(), password))
        }
        None => builder,
    };
    Ok(builder.build())
}

/// Delivers the messages; says on `out` what happened to each.
pub fn deliver(
    delivery: &Delivery,
    from: &Mailbox,
    lock: Option<&crate::write::lock::DirLock>,
    messages: &[Outgoing],
    out: &mut String,
) -> Result<(), Failure> {
    match delivery {
        Delivery::Eml(dir) => {
            std::fs::create_dir_all(dir)
                .map_err(|e| Failure::Usage(format!("cannot create {}: {e}", dir.display())))?;
            for o in messages {
                let path = dir.join(&o.eml_name);
                let m = message(from, o)?;
                crate::render::business::write(&path, &m.formatted())?;
                out.push_str(&format!("{} (to {})\n", path.display(), o.to));
            }
        }
        Delivery::Send { smtp, record } => {
            let lock =
                lock.ok_or_else(|| Failure::Usage("sending needs the books' lock".into()))?;
            let sent = sent_keys(record)?;
            let transport = transport(smtp)?;
            for o in messages {
                if sent.contains(&o.key) {
                    out.push_str(&format!("{}: already sent, skipped\n", o.key));
                    continue;
                }
                let m = message(from, o)?;
                transport.send(&m).map_err(|e| {
                    Failure::Journal(format!("error: sending {} to {}: {e}", o.key, o.to))
                })?;
                append_record(lock, record, o)?;
                out.push_str(&format!("{}: sent to {}\n", o.key, o.to));
            }
        }
    }
    Ok(())
}

/// Adds one line to the record, safely (the caller holds the books' lock).
fn append_record(
    lock: &crate::write::lock::DirLock,
    record: &Path,
    o: &Outgoing,
) -> Result<(), Failure> {
    let io = |e: std::io::Error| Failure::Journal(format!("error: {}: {e}", record.display()));
    let old = match std::fs::read(record) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // Created empty under the lock, then replaced like any other file.
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(record)
                .map_err(io)?;
            Vec::new()
        }
        Err(e) => return Err(io(e)),
    };
    let mut new = old.clone();
    if new.is_empty() {
        new.extend_from_slice(b"sent_at,key,to,subject\n");
    }
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    new.extend_from_slice(
        crate::render::csv([[now.as_str(), &o.key, &o.to, &o.subject]], false).as_bytes(),
    );
    crate::write::file::replace(lock, record, &old, &new)
        .map_err(|e| Failure::Journal(format!("error: {e}")))
}

/// The message that carries document `d` (sent once under `key`): to the customer's
/// `email:`, the PDF attached, the body from `email.txt`.
pub fn outgoing(
    d: &arledger_report::documents::BusinessDocument,
    key: String,
    settings: &crate::render::business::Settings,
) -> Result<Outgoing, Failure> {
    let r = &d.recipient;
    let to = r.email.clone().ok_or_else(|| {
        Failure::Usage(format!(
            "customer {} has no e-mail address: add an `email:` tag to its account directive (docs/ar-conventions.md §1.5)",
            r.id
        ))
    })?;
    let what = match &d.number {
        Some(n) => format!("{} {n}", d.kind.title()),
        None => format!("{} {}", d.kind.title(), d.date),
    };
    let subject = match &d.issuer.name {
        Some(from) => format!("{what} from {from}"),
        None => what,
    };
    let pdf = crate::render::pdf::render(d, settings.page_size)?;
    Ok(Outgoing {
        key,
        to,
        to_name: r.name.clone(),
        subject,
        body: crate::render::business::email_body(d, settings.templates)?,
        attachment: (d.file_name("pdf"), pdf),
        eml_name: d.file_name("eml"),
    })
}

/// `--eml DIR` / `--send` of a document command: the messages of `docs` (key and document)
/// delivered, what happened said on `out`. Sending takes the books' lock, unless the command
/// holds it already (`held`).
pub fn run(
    g: &crate::config::Config,
    config: &crate::books_config::BooksConfig,
    a: &crate::args::MailArgs,
    docs: &[(String, arledger_report::documents::BusinessDocument)],
    held: Option<&crate::write::lock::DirLock>,
    out: &mut String,
) -> Result<(), Failure> {
    let settings = crate::render::business::Settings {
        templates: config.documents.templates.as_deref(),
        page_size: config.documents.page_size,
    };
    let from = sender(config.smtp.as_ref(), &config.documents.issuer)?;
    let messages = docs
        .iter()
        .map(|(key, d)| outgoing(d, key.clone(), &settings))
        .collect::<Result<Vec<_>, _>>()?;
    if let Some(dir) = &a.eml {
        return deliver(&Delivery::Eml(dir), &from, None, &messages, out);
    }
    let smtp = config.smtp.as_ref().ok_or_else(|| {
        Failure::Usage(
            "--send needs an [smtp] section in arledger.toml (docs/configuration.md)".into(),
        )
    })?;
    let taken = match held {
        Some(_) => None,
        None => Some(crate::input::lock_books(g)?),
    };
    let Some(lock) = held.or(taken.as_ref()) else {
        return Err(Failure::Usage("sending needs the books' lock".into()));
    };
    let record = lock.dir().join(SENT_FILE);
    deliver(
        &Delivery::Send { smtp, record },
        &from,
        Some(lock),
        &messages,
        out,
    )
}
