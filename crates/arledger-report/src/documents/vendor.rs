//! The vendor information sheet a customer's accounts payable asks for before it pays a new
//! supplier (spec §7.7): legal name, tax id, addresses, how to pay us and whom to call. Most of
//! it is the letterhead (`[issuer]`); `[vendor]` adds only what no other document shows.

use chrono::NaiveDate;

use super::{BusinessDocument, Issuer, Kind, Party};
use crate::table::{Column, Table};

/// Bank account details for transfers, as a vendor form asks for them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BankAccount {
    /// The bank's name.
    pub bank_name: Option<String>,
    /// The account holder.
    pub account_name: Option<String>,
    /// The account number.
    pub account_number: Option<String>,
    /// The routing (ABA) or sort code.
    pub routing_number: Option<String>,
    /// SWIFT/BIC.
    pub swift: Option<String>,
    /// IBAN.
    pub iban: Option<String>,
}

/// What only the vendor form shows: the `[vendor]` section of the books' configuration.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Vendor {
    /// The registered legal name (default: the issuer's name).
    pub legal_name: Option<String>,
    /// The kind of entity (`Limited liability company`).
    pub entity_type: Option<String>,
    /// The accounts receivable contact person.
    pub contact: Option<String>,
    /// Where remittance advice goes (default: the issuer's e-mail).
    pub remittance_email: Option<String>,
    /// Payment methods accepted (`ACH`, `Wire`, `Check`).
    pub payment_methods: Vec<String>,
    /// The bank account (default: the issuer's `bank` line).
    pub bank: BankAccount,
    /// Anything else the sheet should say, one paragraph each.
    pub notes: Vec<String>,
}

/// A two-column table of labelled values, the rows without a value left out.
fn section(title: &str, id: &str, rows: &[(&str, Option<String>)]) -> Option<Table> {
    let mut t = Table::new(vec![Column::text("field"), Column::text("value")])
        .titled(title)
        .with_id(id);
    t.header = false;
    for (label, value) in rows {
        if let Some(v) = value.as_ref().filter(|v| !v.is_empty()) {
            t.push(vec![label.to_string().into(), v.clone().into()]);
        }
    }
    (!t.rows.is_empty()).then_some(t)
}

/// Lines joined for one cell (`PO Box 77, Portland ME 04112`), or none.
fn joined(lines: &[String]) -> Option<String> {
    (!lines.is_empty()).then(|| lines.join(", "))
}

/// The vendor information sheet of `issuer` with `vendor`'s details, dated `date`.
pub fn vendor_form(issuer: &Issuer, vendor: &Vendor, date: NaiveDate) -> BusinessDocument {
    let legal = vendor.legal_name.clone().or_else(|| issuer.name.clone());
    let trading = issuer.name.clone().filter(|n| Some(n) != legal.as_ref());
    let b = &vendor.bank;
    let structured = [
        &b.bank_name,
        &b.account_name,
        &b.account_number,
        &b.routing_number,
        &b.swift,
        &b.iban,
    ]
    .iter()
    .any(|f| f.is_some());
    let mut bank = vec![
        ("Bank", b.bank_name.clone()),
        ("Account name", b.account_name.clone()),
        ("Account number", b.account_number.clone()),
        ("Routing number", b.routing_number.clone()),
        ("SWIFT/BIC", b.swift.clone()),
        ("IBAN", b.iban.clone()),
    ];
    if !structured {
        bank = vec![("Bank details", issuer.bank.clone())];
    }
    let tables = [
        section(
            "Company",
            "company",
            &[
                ("Legal name", legal),
                ("Trading as", trading),
                ("Entity type", vendor.entity_type.clone()),
                ("Tax id", issuer.tax_id.clone()),
                ("Address", joined(&issuer.address)),
                ("Phone", issuer.phone.clone()),
                ("E-mail", issuer.email.clone()),
            ],
        ),
        section(
            "Remittance",
            "remittance",
            &[
                ("Remit to", joined(issuer.remit_lines())),
                (
                    "Remittance e-mail",
                    vendor
                        .remittance_email
                        .clone()
                        .or_else(|| issuer.email.clone()),
                ),
                ("Payment methods", joined(&vendor.payment_methods)),
            ],
        ),
        section("Bank account", "bank", &bank),
        section(
            "Accounts receivable contact",
            "contact",
            &[
                ("Name", vendor.contact.clone()),
                ("E-mail", issuer.email.clone()),
                ("Phone", issuer.phone.clone()),
            ],
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    BusinessDocument {
        kind: Kind::VendorForm,
        number: None,
        date,
        issuer: issuer.clone(),
        recipient: Party::default(),
        facts: vec![("Date".into(), date.into())],
        subject: None,
        intro: Vec::new(),
        tables,
        totals: Vec::new(),
        payment: Vec::new(),
        notes: vendor.notes.clone(),
        slip: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issuer_fills_what_the_vendor_section_leaves_out() {
        let issuer = Issuer {
            name: Some("Northwind".into()),
            tax_id: Some("US-1".into()),
            bank: Some("First Coastal, 0001".into()),
            ..Issuer::default()
        };
        let date = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
        let d = vendor_form(&issuer, &Vendor::default(), date);
        let titles: Vec<_> = d.tables.iter().filter_map(|t| t.title.clone()).collect();
        assert_eq!(titles, ["Company", "Bank account"]);
        assert_eq!(d.tables[0].rows.len(), 2, "legal name and tax id only");
        let v = Vendor {
            legal_name: Some("Northwind Studio LLC".into()),
            bank: BankAccount {
                iban: Some("DE00".into()),
                ..BankAccount::default()
            },
            ..Vendor::default()
        };
        let d = vendor_form(&issuer, &v, date);
        // The trading name shows when it differs; structured bank details replace the line.
        assert_eq!(d.tables[0].rows.len(), 3);
        assert_eq!(d.tables[1].rows.len(), 1);
    }
}
