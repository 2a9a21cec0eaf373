//! Accounts receivable: customers, open items and aging, read from ordinary journal data as
//! docs/ar-conventions.md specifies.

pub mod aging;
pub mod aging_view;
pub mod allowance;

/// A tag value that must be a full date (`2026-02-14`): a yearless date would silently take
/// some default year, so it is refused.
pub(crate) fn full_date(v: &str) -> Option<chrono::NaiveDate> {
    let separators = v
        .bytes()
        .filter(|b| matches!(b, b'-' | b'/' | b'.'))
        .count();
    match arledger_journal::parse::date::parse_date(v, 2000) {
        Ok((d, n)) if n == v.len() && separators == 2 => Some(d),
        _ => None,
    }
}
mod ahead;
pub mod checks;
pub mod collections;
pub mod credit_limit;
pub mod credits;
pub mod customer_history;
pub mod customers;
pub mod discounts;
mod fifo;
pub mod forecast;
pub mod fx;
pub mod history;
pub mod invoices;
pub mod items;
pub mod kpi;
pub mod late_fees;
pub mod overdue;
pub mod pack;
pub mod po;
pub mod records;
mod references;
pub mod rollforward;
pub mod statement;
pub mod summary;
pub mod tax;
pub mod terms;

pub use aging::{
    aging, credits, customer_filter, AgeBy, AgingItem, AgingReport, AgingRow, Buckets,
};
pub use aging_view::{pivot_value, view, AgingView, GroupRow, ItemValue, NoPrice, ViewedAging};
pub use allowance::{
    allowance, parse_percent, Allowance, AllowanceRules, AllowanceTotal, BucketLine, Rates,
    RatesError, Reserve, ReserveLine,
};
pub use checks::{ar_findings, Scope};
pub use collections::{worklist, writeoff_candidates, CustomerWork, DunningPolicy, Skip, WorkItem};
pub use credit_limit::{
    credit_holds, credit_status, limit_crossings, CreditPolicy, Crossing, HoldReason,
};
pub use credits::{customer_credit, net, Netting};
pub use customer_history::{
    customer_history, CustomerHistory, Dispute, Promise, Returned, TrendMonth,
};
pub use customers::{Customer, Customers, PurchaseOrder, DEFAULT_ROOT};
pub use discounts::{late_discounts, Offer};
pub use forecast::{forecast, Forecast, Week};
pub use fx::{fx_accounts, realised_fx, FxRow};
pub use history::{history, Event};
pub use invoices::{invoices, settled, status, InvoiceRow, InvoiceStatus, Selection};
pub use items::{
    file_line, grouped_amount, open_items, ArOptions, Item, ItemKind, Movement, MovementKind,
    OpenItems,
};
pub use kpi::{intervals, kpis, Interval, Kpi, Window};
pub use late_fees::{late_fees, Fee, FeeRule};
pub use overdue::{overdue_by_customer, Overdue};
pub use pack::{pack_lists, Activity, PackLists};
pub use po::{po_findings, po_of, purchase_orders, PoRow};
pub use records::{
    disputed, promise_state, records, Level, PromiseState, Record, RecordKind, Records,
};
pub use rollforward::{rollforward, RollRow};
pub use statement::{movement_name, statements, Statement, StatementLine};
pub use summary::{average_days, customer_summary, CustomerRow};
pub use tax::{certificates, tax_report, Certificate, CertificateStatus, TaxRow};
pub use terms::Terms;
