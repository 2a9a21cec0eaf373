//! `arledger stats`: what the journal holds and how fast it was read.

use std::time::Instant;

use super::Output;
use crate::args::Format;
use crate::session::Session;
use crate::Failure;

/// Runs `stats`.
pub fn run(s: &Session, o: &Output, out: &mut String) -> Result<(), Failure> {
    let _g = &s.config;
    // Time the full load: read, parse, balance, assertions.
    let start = Instant::now();
    let loaded = s.journal()?;
    let seconds = start.elapsed().as_secs_f64();
    let j = &loaded.journal;
    // Postings of transactions only (periodic and automated rules hold postings too).
    let postings: usize = j.transactions.iter().map(|t| t.postings.len()).sum();
    let bytes: usize = j.sources.iter().map(|s| s.text.len()).sum();
    let first = j.transactions.iter().map(|t| t.date).min();
    let last = j.transactions.iter().map(|t| t.date).max();
    let span = match (first, last) {
        (Some(a), Some(b)) => format!("{a} to {b} ({} days)", (b - a).num_days() + 1),
        _ => "none".to_string(),
    };
    let mb = bytes as f64 / 1e6;
    let (mbps, tps) = if seconds > 0.0 {
        (mb / seconds, j.transactions.len() as f64 / seconds)
    } else {
        (0.0, 0.0)
    };
    let files: Vec<String> = j
        .sources
        .iter()
        .map(|s| s.path.display().to_string())
        .collect();
    match o.format {
        Format::Json => {
            let v = serde_json::json!({
                "files": files,
                "bytes": bytes,
                "transactions": j.transactions.len(),
                "postings": postings,
                "accounts": j.accounts.len(),
                "commodities": j.commodities.iter().filter(|(_, n)| !n.is_empty()).count(),
                "first_date": first.map(|d| d.to_string()),
                "last_date": last.map(|d| d.to_string()),
                "parse_seconds": seconds,
                "megabytes_per_second": mbps,
                "transactions_per_second": tps,
            });
            out.push_str(&(serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"));
        }
        _ => {
            out.push_str(&format!("Files            : {}\n", files.join(", ")));
            out.push_str(&format!("Size             : {bytes} bytes\n"));
            out.push_str(&format!("Transactions     : {}\n", j.transactions.len()));
            out.push_str(&format!("Postings         : {postings}\n"));
            out.push_str(&format!("Accounts         : {}\n", j.accounts.len()));
            out.push_str(&format!(
                "Commodities      : {}\n",
                j.commodities.iter().filter(|(_, n)| !n.is_empty()).count()
            ));
            out.push_str(&format!("Date span        : {span}\n"));
            out.push_str(&format!("Parse time       : {seconds:.3} s\n"));
            out.push_str(&format!(
                "Throughput       : {mbps:.1} MB/s, {tps:.0} transactions/s\n"
            ));
        }
    }
    Ok(())
}
