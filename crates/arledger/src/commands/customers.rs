//! `arledger customers`: each customer with terms, credit limit, balance, overdue amount, credit
//! used, average days to pay and last payment; over-limit customers flagged.

use arledger_report::ar::customer_summary;

use super::ar::decimal;
use super::emit_records;
use crate::args::{CustomersArgs, Global};
use crate::render::table::Align;
use crate::Failure;

const HEADER: [&str; 12] = [
    "customer",
    "name",
    "terms",
    "credit_limit",
    "commodity",
    "balance",
    "overdue",
    "credit_used_pct",
    "over_limit",
    "avg_days_to_pay",
    "last_payment",
    "email",
];

/// Runs `customers`.
pub fn run(g: &Global, a: &CustomersArgs, out: &mut String) -> Result<(), Failure> {
    let (filter, loaded, ar) = super::ar::start(g, &a.ar, a.customer.as_deref(), "customers")?;
    let j = &loaded.journal;
    let rows: Vec<Vec<String>> = customer_summary(j, &ar)
        .iter()
        .filter(|r| {
            let c = &ar.customers.list[r.customer];
            filter
                .as_ref()
                .is_none_or(|re| re.is_match(&c.id) || re.is_match(&c.name))
        })
        .map(|r| {
            let c = &ar.customers.list[r.customer];
            let amount = |q| {
                r.commodity
                    .map(|k| decimal(j, k, q))
                    .unwrap_or_else(|| "0".to_string())
            };
            vec![
                c.id.clone(),
                c.name.clone(),
                c.terms.map(|t| t.to_string()).unwrap_or_default(),
                c.credit_limit
                    .as_ref()
                    .map(|(q, s)| format!("{q} {s}").trim().to_string())
                    .unwrap_or_default(),
                r.commodity
                    .map(|k| j.commodity_name(k).to_string())
                    .unwrap_or_default(),
                amount(r.balance),
                amount(r.overdue),
                r.credit_used.map(|p| format!("{p:.1}")).unwrap_or_default(),
                if r.over_limit {
                    "yes".into()
                } else {
                    "no".into()
                },
                r.average_days_to_pay
                    .map(|d| format!("{d:.1}"))
                    .unwrap_or_default(),
                r.last_payment.map(|d| d.to_string()).unwrap_or_default(),
                c.email.clone().unwrap_or_default(),
            ]
        })
        .collect();
    use Align::{Left, Right};
    let align = [
        Left, Left, Left, Right, Left, Right, Right, Right, Left, Right, Left, Left,
    ];
    let title = format!("Customers at {}", ar.as_of);
    emit_records(
        g.output,
        &title,
        &HEADER,
        &rows,
        &align,
        &["credit_used_pct", "avg_days_to_pay"],
        out,
    );
    Ok(())
}
