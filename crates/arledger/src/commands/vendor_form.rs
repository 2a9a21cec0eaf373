//! `arledger vendor-form`: the vendor information sheet a customer's accounts payable asks for
//! (spec §7.7), from `[issuer]` and `[vendor]` of the books' `arledger.toml`, as text,
//! Markdown, HTML or PDF.

use arledger_report::documents::vendor_form;

use super::Output;
use crate::args::VendorFormArgs;
use crate::config::Config;
use crate::render::business::{emit, Settings};
use crate::Failure;

/// Runs `vendor-form`.
pub fn run(g: &Config, a: &VendorFormArgs, o: &Output, out: &mut String) -> Result<(), Failure> {
    let config = crate::books_config::for_books(g)?;
    let issuer = &config.documents.issuer;
    if issuer.name.is_none() && config.vendor.legal_name.is_none() {
        let file = config
            .path
            .as_ref()
            .map_or("arledger.toml beside the journal".to_string(), |p| {
                p.display().to_string()
            });
        return Err(Failure::Usage(format!(
            "a vendor form needs the company's name: `name` in [issuer] (or `legal-name` in [vendor]) of {file}"
        )));
    }
    let date = match &a.date {
        Some(d) => crate::input::end_date(g, d)?,
        None => g.today,
    };
    let d = vendor_form(issuer, &config.vendor, date);
    let settings = Settings {
        templates: config.documents.templates.as_deref(),
        page_size: config.documents.page_size,
    };
    emit(&d, o.format, o.file.as_deref(), &settings, out)
}
