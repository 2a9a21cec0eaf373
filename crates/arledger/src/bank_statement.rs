//! Reading a bank statement for a command (`reconcile bank`, `close`'s checklist): its rules
//! file and CSV read by [`arledger_report::reconcile::statement_file`], their problems rendered
//! like journal errors, then the period reconciled by the engine.

use std::path::Path;

use arledger_journal::{AccountId, Journal};
use arledger_report::reconcile::statement_file::{read_rules, read_statement, Inputs, Rules};
use arledger_report::reconcile::{
    reconcile_bank, BankOptions, BankReconciliation, BankStatement, Exactness,
};

use crate::config::Config;
use crate::input::style;
use crate::render::diagnostics;
use crate::Failure;

/// Where a statement comes from: its file, its rules file, and the bank account it is for.
pub struct Source<'a> {
    /// The statement CSV.
    pub statement: &'a Path,
    /// The rules file, if any.
    pub rules: Option<&'a Path>,
    /// The bank account's name in the journal.
    pub account: &'a str,
}

/// Reads the rules file and the statement (failing with their errors, rendered like journal
/// errors) and reconciles the period: `from`/`to` default to the statement's first and last
/// dates.
pub fn read_and_reconcile(
    g: &Config,
    j: &Journal,
    src: &Source,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
    window: u32,
) -> Result<(BankStatement, BankReconciliation), Failure> {
    let mut inputs = Inputs::default();
    let rules = match src.rules {
        Some(path) => read_rules(&mut inputs, path),
        None => Rules::default(),
    };
    fail_on(g, &inputs, "rules file")?;
    let account = find_account(j, src.account)?;
    let commodity = match &rules.commodity {
        Some(c) => Ok(c.clone()),
        None => account_commodity(j, account),
    };
    let exact = Exactness::from_books(j, account).map_err(|posting| {
        let p = &j.postings[posting];
        let d = arledger_journal::Diagnostic::error(
            arledger_journal::Code::Overflow,
            j.amount_span(p),
            format!(
                "the postings of {} are too large to reconcile exactly",
                src.account
            ),
        )
        .note("a reconciliation adds them up with the statement's amounts; some of its totals would need more than 28 significant digits")
        .expected("amounts whose sizes add up to at most 28 significant digits, with their decimals");
        Failure::Journal(format!(
            "{}\n1 error in the books; nothing was reconciled",
            diagnostics::human(&d, &j.sources, style(g.color))
        ))
    })?;
    let st = read_statement(
        &mut inputs,
        src.statement,
        &rules,
        commodity.as_deref().map_err(String::as_str),
        exact,
    );
    fail_on(g, &inputs, "statement")?;
    let dates = || st.lines.iter().map(|l| l.date);
    let (Some(from), Some(to)) = (from.or_else(|| dates().min()), to.or_else(|| dates().max()))
    else {
        return Err(Failure::Usage(format!(
            "{} has no lines: give the period with --from and --to",
            src.statement.display()
        )));
    };
    if from > to {
        return Err(Failure::Usage(format!(
            "the period would run from {from} to {to}: give --from and --to"
        )));
    }
    let opts = BankOptions {
        account,
        from,
        to,
        window,
    };
    let rec = reconcile_bank(j, &st, &opts).map_err(Failure::overflow)?;
    Ok((st, rec))
}

/// Fails with the problems found in the rules file or statement, rendered like journal errors.
pub fn fail_on(g: &Config, inputs: &Inputs, what: &str) -> Result<(), Failure> {
    crate::input::fail_with(g, inputs, what, "nothing was reconciled")
}

/// The account named by --account: its exact name.
fn find_account(j: &Journal, name: &str) -> Result<AccountId, Failure> {
    if let Some(id) = j.accounts.get(name) {
        return Ok(id);
    }
    let needle = name.rsplit(':').next().unwrap_or(name).to_lowercase();
    let similar: Vec<&str> = j
        .accounts
        .iter()
        .map(|(_, n)| n)
        .filter(|n| n.to_lowercase().contains(&needle))
        .take(5)
        .collect();
    Err(Failure::Usage(if similar.is_empty() {
        format!("no account `{name}` in the journal")
    } else {
        format!(
            "no account `{name}` in the journal (similar: {})",
            similar.join(", ")
        )
    }))
}

/// The commodity of the account's postings (of non-zero amounts), when they all have the same
/// one.
fn account_commodity(j: &Journal, account: AccountId) -> Result<String, String> {
    let mut seen: Vec<&str> = j
        .postings
        .iter()
        .filter(|p| p.account == account && !p.amount.quantity.is_zero())
        .map(|p| j.commodity_name(p.amount.commodity))
        .collect();
    seen.sort_unstable();
    seen.dedup();
    let name = j.account_name(account);
    match seen[..] {
        [one] => Ok(one.to_string()),
        [] => Err(format!("{name} has no postings to take it from")),
        _ => Err(format!("{name} has postings in {}", seen.join(", "))),
    }
}
