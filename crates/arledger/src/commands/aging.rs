//! `arledger aging`: open receivables by customer and bucket, or item by item.

use arledger_journal::Journal;
use arledger_report::ar::{aging, disputed, AgeBy, AgingReport, AgingRow, Buckets, OpenItems};

use super::ar::decimal;
use crate::args::{AgeByArg, AgingArgs, Format, Global};
use crate::render::{csv, table};
use crate::Failure;

/// Runs `aging`.
pub fn run(g: &Global, a: &AgingArgs, out: &mut String) -> Result<(), Failure> {
    let buckets = Buckets::parse(&a.buckets).map_err(|e| Failure::Usage(e.to_string()))?;
    let by = match a.by {
        AgeByArg::Due => AgeBy::Due,
        AgeByArg::Date => AgeBy::Date,
    };
    let (filter, loaded, ar) = super::ar::start(g, &a.ar, a.customer.as_deref(), "aging")?;
    let j = &loaded.journal;
    let report = aging(j, &ar, &buckets, by, filter.as_ref());
    out.push_str(&match (g.output, a.detail) {
        (Format::Csv, false) => csv(summary_records(j, &ar, &report), false),
        (Format::Csv, true) => csv(detail_records(j, &ar, &report), false),
        (Format::Json, _) => json(j, &ar, &report),
        (_, false) => summary_text(j, &ar, &report, by),
        (_, true) => detail_text(j, &ar, &report),
    });
    Ok(())
}

fn row_cells(j: &Journal, ar: &OpenItems, r: &AgingRow) -> Vec<String> {
    let mut cells = vec![
        r.customer
            .map_or_else(|| "total".to_string(), |c| ar.customers.list[c].id.clone()),
        j.commodity_name(r.commodity).to_string(),
    ];
    cells.extend(r.buckets.iter().map(|q| decimal(j, r.commodity, *q)));
    cells.push(decimal(j, r.commodity, r.total));
    cells
}

fn summary_header(report: &AgingReport) -> Vec<String> {
    let mut h = vec!["customer".to_string(), "commodity".to_string()];
    h.extend(report.columns.iter().cloned());
    h.push("total".to_string());
    h
}

/// `customer,commodity,current,1-30,31-60,61-90,over-90,total` (D13).
pub fn summary_records(j: &Journal, ar: &OpenItems, report: &AgingReport) -> Vec<Vec<String>> {
    let mut recs = vec![summary_header(report)];
    recs.extend(
        report
            .rows
            .iter()
            .chain(&report.totals)
            .map(|r| row_cells(j, ar, r)),
    );
    recs
}

const DETAIL_HEADER: [&str; 9] = [
    "customer",
    "item",
    "date",
    "due",
    "days_overdue",
    "commodity",
    "original",
    "open",
    "bucket",
];

/// `customer,item,date,due,days_overdue,commodity,original,open,bucket` (D14), header first.
pub fn detail_records(j: &Journal, ar: &OpenItems, report: &AgingReport) -> Vec<Vec<String>> {
    let mut recs = vec![DETAIL_HEADER.iter().map(|s| s.to_string()).collect()];
    for a in &report.detail {
        let it = &ar.items[a.item];
        recs.push(vec![
            ar.customers.list[it.customer].id.clone(),
            it.reference(j).into_owned(),
            it.date.to_string(),
            it.due.to_string(),
            a.days.to_string(),
            j.commodity_name(it.commodity).to_string(),
            decimal(j, it.commodity, it.original),
            decimal(j, it.commodity, it.open),
            report.columns[a.bucket].clone(),
        ]);
    }
    recs
}

fn summary_text(j: &Journal, ar: &OpenItems, report: &AgingReport, by: AgeBy) -> String {
    let header = summary_header(report);
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut rows: Vec<Vec<String>> = report.rows.iter().map(|r| row_cells(j, ar, r)).collect();
    if !report.totals.is_empty() {
        rows.push(vec![String::new(); header.len()]);
        rows.extend(report.totals.iter().map(|r| row_cells(j, ar, r)));
    }
    let mut align = vec![table::Align::Left, table::Align::Left];
    align.extend(std::iter::repeat_n(table::Align::Right, header.len() - 2));
    let basis = match by {
        AgeBy::Due => "days past due",
        AgeBy::Date => "days since the invoice date",
    };
    let mut s = format!("Aging at {} ({basis})\n\n", report.as_of);
    if report.rows.is_empty() {
        s.push_str("Nothing is open.\n");
        return s;
    }
    s.push_str(&table::render(Some(&header), &rows, &align));
    s
}

fn detail_text(j: &Journal, ar: &OpenItems, report: &AgingReport) -> String {
    let mut recs = detail_records(j, ar, report);
    // Text adds what the CSV contract leaves out: whether an item is under dispute.
    let disputed = disputed(j, ar);
    recs[0].push("disputed".into());
    for (rec, a) in recs[1..].iter_mut().zip(&report.detail) {
        rec.push(if disputed[a.item] {
            "DISPUTED".into()
        } else {
            String::new()
        });
    }
    let header: Vec<&str> = recs[0].iter().map(String::as_str).collect();
    use table::Align::{Left, Right};
    let align = [
        Left, Left, Left, Left, Right, Left, Right, Right, Left, Left,
    ];
    let mut s = format!("Open items at {}\n\n", report.as_of);
    if recs.len() == 1 {
        s.push_str("Nothing is open.\n");
        return s;
    }
    s.push_str(&table::render(Some(&header), &recs[1..], &align));
    s
}

fn json(j: &Journal, ar: &OpenItems, report: &AgingReport) -> String {
    let row = |r: &AgingRow| {
        let cells = row_cells(j, ar, r);
        let buckets: serde_json::Map<String, serde_json::Value> = report
            .columns
            .iter()
            .zip(&cells[2..])
            .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
            .collect();
        serde_json::json!({"customer": cells[0], "commodity": cells[1], "buckets": buckets, "total": cells[cells.len() - 1]})
    };
    let detail: Vec<serde_json::Value> = detail_records(j, ar, report)[1..]
        .iter()
        .map(|r| {
            let mut m = serde_json::Map::new();
            for (k, v) in DETAIL_HEADER.iter().zip(r) {
                let value = if *k == "days_overdue" {
                    serde_json::Value::from(v.parse::<i64>().unwrap_or_default())
                } else {
                    serde_json::Value::String(v.clone())
                };
                m.insert(k.to_string(), value);
            }
            serde_json::Value::Object(m)
        })
        .collect();
    let v = serde_json::json!({
        "date": report.as_of.to_string(),
        "columns": report.columns,
        "rows": report.rows.iter().map(row).collect::<Vec<_>>(),
        "totals": report.totals.iter().map(row).collect::<Vec<_>>(),
        "detail": detail,
    });
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}
