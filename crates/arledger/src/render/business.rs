//! Business documents (invoices, credit memos, statements: [`BusinessDocument`]) as text,
//! Markdown and HTML, from minijinja templates: the shipped `document.{txt,md,html}` layout
//! family, which the books may override file by file (`[documents] templates = "DIR"`), and
//! per kind (`invoice.html`, `credit-memo.md`, `statement.txt`, which may extend
//! `document.*`). PDF is laid out from the same model by [`super::pdf`].

use std::path::Path;

use arledger_report::documents::BusinessDocument;
use arledger_report::table::{Column, Table, Value};
use serde_json::json;

use super::value::{fact, money_shown};
use crate::Failure;

/// The shipped layout family, by file name.
const SHIPPED: [(&str, &str); 4] = [
    (
        "document.txt",
        include_str!("../../templates/documents/document.txt"),
    ),
    (
        "document.md",
        include_str!("../../templates/documents/document.md"),
    ),
    (
        "document.html",
        include_str!("../../templates/documents/document.html"),
    ),
    (
        "email.txt",
        include_str!("../../templates/documents/email.txt"),
    ),
];

/// The formats templates are written in: the file extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TemplateFormat {
    /// Plain text.
    Text,
    /// Markdown.
    Md,
    /// HTML.
    Html,
}

impl TemplateFormat {
    fn ext(self) -> &'static str {
        match self {
            TemplateFormat::Text => "txt",
            TemplateFormat::Md => "md",
            TemplateFormat::Html => "html",
        }
    }
}

/// Reads a template file of the books, if there is one.
fn user_template(dir: Option<&Path>, name: &str) -> Result<Option<(String, String)>, Failure> {
    let Some(path) = dir.map(|d| d.join(name)).filter(|p| p.exists()) else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", path.display())))?;
    Ok(Some((path.display().to_string(), text)))
}

/// `FILE:LINE: what is wrong` for a template error.
fn template_error(file: &str, e: &minijinja::Error) -> Failure {
    let line = e.line().map_or(String::new(), |l| format!(":{l}"));
    let detail = e.detail().unwrap_or_default();
    Failure::Usage(format!(
        "{file}{line}: template error: {}: {detail}",
        e.kind()
    ))
}

/// Renders `d` in `format` with the books' templates in `dir` over the shipped ones.
pub fn render(
    d: &BusinessDocument,
    format: TemplateFormat,
    dir: Option<&Path>,
) -> Result<String, Failure> {
    render_named(d, format, dir, None)
}

/// The text body of the e-mail that carries `d` (`email.txt`).
pub fn email_body(d: &BusinessDocument, dir: Option<&Path>) -> Result<String, Failure> {
    render_named(d, TemplateFormat::Text, dir, Some("email.txt"))
}

/// Renders `d` with template `name`, else the kind's own template, else the layout.
fn render_named(
    d: &BusinessDocument,
    format: TemplateFormat,
    dir: Option<&Path>,
    name: Option<&str>,
) -> Result<String, Failure> {
    let mut env = minijinja::Environment::new();
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") {
            minijinja::AutoEscape::Html
        } else {
            minijinja::AutoEscape::None
        }
    });
    // HTML text is escaped the way every other HTML output of arledger is.
    env.set_formatter(|out, state, value| match value.as_str() {
        Some(s) if state.auto_escape() == minijinja::AutoEscape::Html && !value.is_safe() => {
            out.write_str(&super::html::escape(s))?;
            Ok(())
        }
        _ => minijinja::escape_formatter(out, state, value),
    });
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Chainable);
    // Paragraphs of plain text fit a terminal and a printed page.
    env.add_filter("wrap", |text: String| super::doc::wrap(&text, 78));
    for (name, text) in SHIPPED {
        let (shown, source) = user_template(dir, name)?
            .unwrap_or_else(|| (format!("(shipped) {name}"), text.to_string()));
        env.add_template_owned(name.to_string(), source)
            .map_err(|e| template_error(&shown, &e))?;
    }
    let own = format!("{}.{}", d.kind.name(), format.ext());
    let name = match (name, user_template(dir, &own)?) {
        (Some(n), _) => n.to_string(),
        (None, Some((shown, source))) => {
            env.add_template_owned(own.clone(), source)
                .map_err(|e| template_error(&shown, &e))?;
            own
        }
        (None, None) => format!("document.{}", format.ext()),
    };
    let template = env
        .get_template(&name)
        .map_err(|e| template_error(&name, &e))?;
    let text = template
        .render(context(d))
        .map_err(|e| template_error(&name, &e))?;
    // A document without a letterhead starts with its title, not a blank line; journal text
    // never reaches a terminal or an editor as control characters.
    let text = format!("{}\n", text.trim_matches('\n'));
    Ok(match format {
        TemplateFormat::Html => text,
        _ => super::terminal::visible_text(&text).into_owned(),
    })
}

/// The totals box as a two-column table.
fn totals_table(d: &BusinessDocument) -> Table {
    let mut amount = Column::money("");
    amount.symbol = true;
    let mut t = Table::new(vec![Column::text(""), amount]);
    t.header = false;
    t.empty = None;
    for total in &d.totals {
        t.push(vec![
            total.label.clone().into(),
            Value::Money(total.amount.clone()),
        ]);
    }
    t
}

/// A picture as a `data:` URI, so that an HTML document stands alone.
fn data_uri(logo: &arledger_report::documents::Logo) -> String {
    use base64::Engine as _;
    format!(
        "data:{};base64,{}",
        logo.format.media_type(),
        base64::engine::general_purpose::STANDARD.encode(&logo.data)
    )
}

/// The render context (docs/documents.md lists its fields).
pub fn context(d: &BusinessDocument) -> serde_json::Value {
    let i = &d.issuer;
    let r = &d.recipient;
    let tables: Vec<serde_json::Value> = d
        .tables
        .iter()
        .map(|t| {
            let mut untitled = t.clone();
            untitled.title = None;
            json!({
                "title": t.title,
                "text": super::table::text(&untitled, None),
                "markdown": super::table::markdown(&untitled),
                "html": super::table::html(&untitled),
            })
        })
        .collect();
    let slip = d.slip.as_ref().map(|s| {
        json!({
            "customer_id": s.customer_id,
            "customer_name": s.customer_name,
            "date": s.date.to_string(),
            "amounts_due": s.amounts_due.iter().map(|m| money_shown(m, true)).collect::<Vec<_>>(),
        })
    });
    json!({
        "kind": d.kind.name(),
        "title": d.kind.title(),
        "number": d.number,
        "date": d.date.to_string(),
        "issuer": {
            "name": i.name, "address": i.address, "tax_id": i.tax_id, "email": i.email,
            "phone": i.phone, "bank": i.bank, "remit_to": i.remit_lines(),
            "logo": i.logo.as_ref().map(data_uri),
        },
        "recipient": {
            "id": r.id, "name": r.name, "address": r.address, "contact": r.contact,
            "email": r.email, "phone": r.phone, "tax_id": r.tax_id,
        },
        "facts": d.facts.iter().map(|(l, v)| json!({"label": l, "value": fact(v)})).collect::<Vec<_>>(),
        "subject": d.subject,
        "intro": d.intro,
        "recipient_label": d.kind.recipient_label(),
        "tables": tables,
        "totals": d.totals.iter().map(|t| json!({
            "label": t.label, "amount": money_shown(&t.amount, true), "strong": t.strong,
        })).collect::<Vec<_>>(),
        "totals_text": super::table::text(&totals_table(d), None),
        "payment": d.payment,
        "notes": d.notes,
        "slip": slip,
    })
}

/// How the books make documents, for [`emit`].
pub struct Settings<'a> {
    /// The books' templates directory.
    pub templates: Option<&'a Path>,
    /// The paper size of PDFs.
    pub page_size: crate::books_config::PageSize,
}

/// The document in `format` (text for any format but Markdown, HTML and PDF).
pub fn bytes(
    d: &BusinessDocument,
    format: crate::args::Format,
    settings: &Settings,
) -> Result<Vec<u8>, Failure> {
    use crate::args::Format;
    let template = match format {
        Format::Pdf => return super::pdf::render(d, settings.page_size),
        Format::Md => TemplateFormat::Md,
        Format::Html => TemplateFormat::Html,
        _ => TemplateFormat::Text,
    };
    Ok(render(d, template, settings.templates)?.into_bytes())
}

/// Renders `d` as `format`: text, Markdown and HTML into `out`; PDF written to `file` (safely:
/// atomic replace), which it needs.
pub fn emit(
    d: &BusinessDocument,
    format: crate::args::Format,
    file: Option<&Path>,
    settings: &Settings,
    out: &mut String,
) -> Result<(), Failure> {
    if format == crate::args::Format::Pdf {
        let path = file.ok_or_else(|| {
            Failure::Usage("PDF is binary: give the file to write with -o FILE.pdf".into())
        })?;
        return write(path, &bytes(d, format, settings)?);
    }
    let b = bytes(d, format, settings)?;
    out.push_str(&String::from_utf8_lossy(&b));
    Ok(())
}

/// Writes a document file safely (locked, atomic replace).
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    crate::write::write_file(path, bytes).map_err(|e| Failure::Journal(format!("error: {e}")))
}
