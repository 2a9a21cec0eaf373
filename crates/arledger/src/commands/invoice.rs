//! `arledger invoice NUMBER`: the document of an invoice or credit memo, as text, Markdown,
//! HTML or PDF, with the issuer from the books' `arledger.toml`.

use arledger_report::documents::{invoice, InvoiceError};

use super::Output;
use crate::args::{ArArgs, ErrorFormat, InvoiceArgs};
use crate::input::{render_diagnostics, style};
use crate::render::business::{emit, Settings};
use crate::session::Session;
use crate::Failure;

/// Runs `invoice`.
pub fn run(s: &Session, a: &InvoiceArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let g = &s.config;
    let config = crate::books_config::for_books(g)?;
    let (loaded, ar) = s.receivables(&ArArgs {
        date: a.date.clone(),
        receivable_root: a.receivable_root.clone(),
    })?;
    let j = &loaded.journal;
    let d = match invoice(j, ar, &a.number, &config.documents.issuer) {
        Ok(d) => d,
        Err(InvoiceError::Invalid(diags)) => {
            let text = render_diagnostics(loaded, &diags, ErrorFormat::Human, style(g.color));
            return Err(Failure::Journal(text));
        }
        Err(e) => return Err(Failure::Usage(e.to_string())),
    };
    if a.mail.wanted() {
        let key = format!("{} {}", d.kind.name(), a.number);
        return crate::mail::run(g, &config, &a.mail, &[(key, d)], None, out);
    }
    let settings = Settings {
        templates: config.documents.templates.as_deref(),
        page_size: config.documents.page_size,
    };
    emit(&d, o.format, o.file.as_deref(), &settings, out)
}
