//! `arledger add` on a terminal, like `hledger add`: asks for what the options leave out, one
//! value at a time, each with its default in brackets and Tab completion (customers, accounts,
//! the customer's open invoices), then shows the entry and asks before it is written.

use std::borrow::Cow;

use rust_decimal::Decimal;
use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::DefaultHistory;
use rustyline::validate::Validator;
use rustyline::{Context, Editor, Helper};

use super::plan::{plan, Refused};
use super::{AddArgs, Books, Kind};
use crate::Failure;

/// Completes the last word of the line from a list of words.
#[derive(Default)]
struct Words {
    words: Vec<String>,
}

impl Completer for Words {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        // Accounts and names have spaces: complete the whole line, except for lists of
        // invoices, whose words are separated by spaces (their words have none).
        let start = if self.words.iter().any(|w| w.contains(' ')) {
            0
        } else {
            line[..pos].rfind(' ').map_or(0, |i| i + 1)
        };
        let typed = line[start..pos].to_lowercase();
        let found = self
            .words
            .iter()
            .filter(|w| w.to_lowercase().starts_with(&typed))
            .map(|w| Pair {
                display: w.clone(),
                replacement: w.clone(),
            })
            .collect();
        Ok((start, found))
    }
}

impl Hinter for Words {
    type Hint = String;
}

impl Highlighter for Words {
    fn highlight_prompt<'b, 's: 'b, 'p: 'b>(
        &'s self,
        prompt: &'p str,
        _default: bool,
    ) -> Cow<'b, str> {
        Cow::Borrowed(prompt)
    }
}

impl Validator for Words {}

impl Helper for Words {}

/// The questions of one `add` session.
struct Session {
    editor: Editor<Words, DefaultHistory>,
}

/// What the user typed, or that they gave up (Ctrl-C, Ctrl-D).
type Answer = Option<String>;

impl Session {
    /// Asks `question`, completing from `words`; an empty answer takes `default`.
    fn ask(&mut self, question: &str, default: &str, words: &[String]) -> Result<Answer, Failure> {
        if let Some(h) = self.editor.helper_mut() {
            h.words = words.to_vec();
        }
        let prompt = if default.is_empty() {
            format!("{question}: ")
        } else {
            format!("{question} [{default}]: ")
        };
        match self.editor.readline(&prompt) {
            Ok(line) => {
                let line = line.trim();
                Ok(Some(if line.is_empty() {
                    default.to_string()
                } else {
                    line.to_string()
                }))
            }
            Err(ReadlineError::Interrupted | ReadlineError::Eof) => Ok(None),
            Err(e) => Err(Failure::Usage(format!("cannot read the terminal: {e}"))),
        }
    }

    /// Asks until `check` accepts the answer (its message is shown otherwise).
    fn ask_until(
        &mut self,
        question: &str,
        default: &str,
        words: &[String],
        check: impl Fn(&str) -> Result<(), String>,
    ) -> Result<Answer, Failure> {
        loop {
            let Some(answer) = self.ask(question, default, words)? else {
                return Ok(None);
            };
            match check(&answer) {
                Ok(()) => return Ok(Some(answer)),
                Err(why) => println!("  {why}"),
            }
        }
    }
}

/// Stops the questions when the user gave up.
macro_rules! answer {
    ($e:expr) => {
        match $e? {
            Some(a) => a,
            None => return Ok(None),
        }
    };
}

/// The message of a failure, for showing it and asking again.
fn message(f: Failure) -> String {
    match f {
        Failure::Usage(m) | Failure::Journal(m) => m,
        Failure::Found => String::new(),
    }
}

/// Asks for the kind, customer and amounts the options leave out, shows the entry, and asks
/// whether to write it: the options to record with, or `None` when the user gives up.
pub fn ask(books: &Books, given: &AddArgs) -> Result<Option<AddArgs>, Failure> {
    let config = rustyline::Config::builder()
        .completion_type(rustyline::CompletionType::List)
        .auto_add_history(true)
        .build();
    let mut editor = Editor::with_config(config)
        .map_err(|e| Failure::Usage(format!("cannot use the terminal: {e}")))?;
    editor.set_helper(Some(Words::default()));
    let mut s = Session { editor };
    let j = &books.loaded.journal;
    let mut a = given.clone();
    println!("Adding to the books (Tab completes, Enter takes the [default], Ctrl-D stops).");

    if a.kind.is_none() {
        let kinds: Vec<String> = ["invoice", "credit", "payment", "writeoff"]
            .map(String::from)
            .to_vec();
        let kind = answer!(s.ask_until("Kind", "invoice", &kinds, |k| {
            <Kind as clap::ValueEnum>::from_str(k, true).map(|_| ())
        }));
        a.kind = <Kind as clap::ValueEnum>::from_str(&kind, true).ok();
    }
    let kind = a.kind.unwrap_or(Kind::Invoice);

    let customers = &books.ar.customers.list;
    let ids: Vec<String> = customers.iter().map(|c| c.id.clone()).collect();
    let customer = match &a.customer {
        Some(c) => c.clone(),
        None => answer!(s.ask_until("Customer", "", &ids, |c| {
            crate::receivables::find_customer(&books.ar, c)
                .map(|_| ())
                .map_err(message)
        })),
    };
    let c = crate::receivables::find_customer(&books.ar, &customer)?;
    a.customer = Some(customers[c].id.clone());

    if a.date.is_none() {
        let today = books.today.to_string();
        a.date = Some(answer!(s.ask_until("Date", &today, &[], |d| {
            arledger_report::parse_date_arg(d, books.today)
                .map(|_| ())
                .map_err(|e| e.to_string())
        })));
    }
    let date = a
        .date
        .as_deref()
        .and_then(|d| arledger_report::parse_date_arg(d, books.today).ok())
        .unwrap_or(books.today);
    let accounts: Vec<String> = (0..j.account_info.len())
        .map(|i| {
            j.account_name(arledger_journal::AccountId(i as u32))
                .to_string()
        })
        .filter(|n| !n.is_empty())
        .collect();

    match kind {
        Kind::Invoice => {
            if a.lines.is_empty() && a.amount.is_none() {
                loop {
                    let n = a.lines.len() + 1;
                    let line = answer!(s.ask(
                        &format!(
                            "Line {n} (DESCRIPTION=AMOUNT or DESCRIPTION=QTY@PRICE; Enter ends)"
                        ),
                        "",
                        &[],
                    ));
                    if line.is_empty() {
                        if a.lines.is_empty() {
                            println!("  an invoice needs a line");
                            continue;
                        }
                        break;
                    }
                    a.lines.push(line);
                }
            }
            if a.po.is_none() {
                let question = if customers[c].po_required {
                    "Purchase order (required)"
                } else {
                    "Purchase order"
                };
                let po = answer!(s.ask(question, "", &[]));
                a.po = (!po.is_empty()).then_some(po);
            }
        }
        Kind::Payment | Kind::Credit | Kind::Writeoff => {
            let at = books.items_at(date, &a.receivable_root);
            let open: Vec<String> = at
                .items
                .iter()
                .filter(|it| {
                    at.customers.list[it.customer].id == customers[c].id && it.open > Decimal::ZERO
                })
                .map(|it| it.reference(j).into_owned())
                .collect();
            if a.invoices.is_empty() {
                let default = if kind == Kind::Writeoff {
                    open.first().cloned().unwrap_or_default()
                } else {
                    String::new()
                };
                if !open.is_empty() {
                    println!("  open: {}", open.join(" "));
                }
                let named = answer!(s.ask(
                    "Invoices (space-separated; Enter: oldest first)",
                    &default,
                    &open,
                ));
                a.invoices = named.split_whitespace().map(String::from).collect();
            }
            if a.amount.is_none() && a.lines.is_empty() {
                let default = if a.invoices.is_empty() {
                    ""
                } else {
                    "what is open on them"
                };
                let amount = answer!(s.ask("Amount", default, &[]));
                a.amount = (amount != default && !amount.is_empty()).then_some(amount);
            }
        }
    }
    if a.account.is_none() {
        let account = answer!(s.ask("Account", kind.default_account(), &accounts));
        a.account = Some(account);
    }
    if a.memo.is_none() {
        let memo = answer!(s.ask("Memo", "", &[]));
        a.memo = (!memo.is_empty()).then_some(memo);
    }

    let shown = loop {
        match plan(books, &a) {
            Ok(p) => break p,
            Err(Refused::CreditHold(m)) if !a.override_credit_hold => {
                println!("  {m}");
                let yes = answer!(s.ask("Invoice anyway, recording the override? (y/n)", "n", &[]));
                if !yes.eq_ignore_ascii_case("y") {
                    return Ok(None);
                }
                a.override_credit_hold = true;
            }
            Err(refused) => return Err(refused.into()),
        }
    };
    println!();
    print!("{}", shown.summary);
    print!("\n{}", shown.entry.text());
    println!();
    let yes = answer!(s.ask("Write it? (y/n)", "y", &[]));
    Ok(yes.eq_ignore_ascii_case("y").then_some(a))
}
