//! The typed table every tabular report is shown as, and the document that statements, letters,
//! report packs and site pages are built from.
//!
//! A [`Table`] holds values, not text: an amount is a [`Money`] (exact quantity, commodity and
//! how the commodity is written), a day count an `Int`, a date a `Date`. The CLI's writers
//! (text, CSV, JSON, Markdown, HTML) turn the same table into each format, so that no format
//! re-reads what another one printed. Nothing here formats: see `docs/adr/0006-one-table-model.md`.

use arledger_journal::{Amount, AmountStyle, CommodityId, Journal};
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// How one commodity's amounts are written, for people and for programs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MoneyStyle {
    /// Text, Markdown and HTML: the commodity's display style (digit groups, decimal mark,
    /// precision, symbol placement), as `balance` shows amounts.
    pub display: AmountStyle,
    /// CSV: no digit groups. JSON quantities use it too, always with `.` as the decimal mark.
    pub data: AmountStyle,
}

impl MoneyStyle {
    /// The journal's style for `commodity`, used by every format (the data style has no digit
    /// groups): balances and registers, the hledger layout.
    pub fn journal(j: &Journal, commodity: CommodityId) -> MoneyStyle {
        let display = j.style(commodity);
        MoneyStyle {
            display,
            data: AmountStyle {
                group: None,
                ..display
            },
        }
    }

    /// The accounts-receivable style (D15 of docs/ar-conventions.md): people see the display
    /// style; programs get plain decimals with the commodity's *AR precision* (the most decimals
    /// any amount of it has in the journal), `.` as the mark and no digit groups.
    pub fn ar(j: &Journal, commodity: CommodityId) -> MoneyStyle {
        let display = j.style(commodity);
        MoneyStyle {
            display,
            data: AmountStyle {
                precision: j.commodity_info[commodity.index()].decimals_seen,
                decimal_mark: '.',
                group: None,
                ..display
            },
        }
    }

    /// An amount as the user wrote it in a tag (`credit-limit: 15000 USD`): programs get the
    /// number with its own decimals and the symbol after it; people get the journal's style
    /// when the commodity is one of the journal's.
    pub fn written(j: &Journal, commodity: &str, quantity: Decimal) -> MoneyStyle {
        let data = AmountStyle {
            side: arledger_journal::Side::Right,
            spaced: true,
            precision: quantity.scale(),
            decimal_mark: '.',
            group: None,
        };
        let display = j.commodities.get(commodity).map_or(data, |k| j.style(k));
        MoneyStyle { display, data }
    }
}

/// An exact amount of one commodity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Money {
    /// The quantity, exact.
    pub quantity: Decimal,
    /// The commodity's name (empty: no commodity).
    pub commodity: String,
    /// How it is written.
    pub style: MoneyStyle,
}

impl Money {
    /// An amount of a journal commodity in its journal style (balances, registers).
    pub fn journal(j: &Journal, commodity: CommodityId, quantity: Decimal) -> Money {
        Money {
            quantity,
            commodity: j.commodity_name(commodity).to_string(),
            style: MoneyStyle::journal(j, commodity),
        }
    }

    /// An accounts-receivable amount (see [`MoneyStyle::ar`]).
    pub fn ar(j: &Journal, commodity: CommodityId, quantity: Decimal) -> Money {
        Money {
            quantity,
            commodity: j.commodity_name(commodity).to_string(),
            style: MoneyStyle::ar(j, commodity),
        }
    }

    /// An accounts-receivable amount of a commodity given by name: the journal's AR style when
    /// the journal knows it, else the number as it is (a statement's or an export's own
    /// currency).
    pub fn ar_named(j: &Journal, commodity: &str, quantity: Decimal) -> Money {
        match j.commodities.get(commodity) {
            Some(k) => Money::ar(j, k, quantity),
            None => {
                let style = AmountStyle {
                    precision: quantity.scale(),
                    ..AmountStyle::default()
                };
                Money {
                    quantity,
                    commodity: commodity.to_string(),
                    style: MoneyStyle {
                        display: style,
                        data: style,
                    },
                }
            }
        }
    }

    /// Zero of no commodity (written `0`).
    pub fn zero() -> Money {
        Money {
            quantity: Decimal::ZERO,
            commodity: String::new(),
            style: MoneyStyle {
                display: AmountStyle::default(),
                data: AmountStyle::default(),
            },
        }
    }
}

/// One cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// Nothing (an empty cell; `null` in JSON).
    Empty,
    /// Text.
    Text(String),
    /// An amount.
    Money(Money),
    /// Amounts of several commodities (a mixed balance; none is zero, shown `0`).
    Amounts(Vec<Money>),
    /// A whole number (days, counts, ranks, line numbers).
    Int(i64),
    /// A date.
    Date(NaiveDate),
    /// Yes or no.
    Bool(bool),
    /// A percentage (`80.0` is 80 %).
    Percent(Decimal),
    /// A decimal that is not money: days on average, DSO.
    Number(Decimal),
}

impl Value {
    /// Amounts (a mixed balance) in the journal's style.
    pub fn amounts(j: &Journal, list: &[Amount]) -> Value {
        Value::Amounts(
            list.iter()
                .map(|a| Money::journal(j, a.commodity, a.quantity))
                .collect(),
        )
    }

    /// Text, or empty when there is none.
    pub fn text_or_empty(s: impl Into<String>) -> Value {
        let s = s.into();
        if s.is_empty() {
            Value::Empty
        } else {
            Value::Text(s)
        }
    }

    /// Whether the cell is empty.
    pub fn is_empty(&self) -> bool {
        matches!(self, Value::Empty)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Text(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Text(s)
    }
}

impl From<Money> for Value {
    fn from(m: Money) -> Value {
        Value::Money(m)
    }
}

impl From<NaiveDate> for Value {
    fn from(d: NaiveDate) -> Value {
        Value::Date(d)
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Value {
        Value::Int(n)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Empty, Into::into)
    }
}

/// A column's type: what its cells hold, and so how they are aligned and written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Text (left-aligned).
    Text,
    /// Amounts (right-aligned).
    Money,
    /// Whole numbers (right-aligned; JSON numbers).
    Int,
    /// Dates (`YYYY-MM-DD`).
    Date,
    /// Yes/no (`yes`/`no`; JSON booleans).
    Bool,
    /// Percentages (right-aligned; JSON numbers).
    Percent,
    /// Other decimals (right-aligned; JSON numbers).
    Number,
}

impl Kind {
    /// The name used in the JSON `columns` list.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Money => "money",
            Kind::Int => "int",
            Kind::Date => "date",
            Kind::Bool => "bool",
            Kind::Percent => "percent",
            Kind::Number => "number",
        }
    }

    /// Whether cells of this type are aligned on the right (numbers).
    pub fn right_aligned(self) -> bool {
        matches!(self, Kind::Money | Kind::Int | Kind::Percent | Kind::Number)
    }
}

/// Which formats show a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    /// Every format.
    Always,
    /// Text, Markdown, HTML and JSON, not CSV (whose columns are a fixed contract).
    NotInCsv,
    /// CSV and JSON only (data people do not need to read, such as an index).
    NotInText,
}

/// A column: its name (the CSV header and JSON key), the label people see, its type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// The name in CSV headers and JSON objects.
    pub name: String,
    /// The header people see (text, Markdown, HTML).
    pub label: String,
    /// What its cells hold.
    pub kind: Kind,
    /// Money cells show the commodity symbol (when no other column names the commodity).
    pub symbol: bool,
    /// Description-like text that may be cut short (`…`) to fit the terminal width.
    pub elide: bool,
    /// Left blank in text on rows that continue the row above (same transaction, same match).
    pub once: bool,
    /// Which formats show it.
    pub shown: Shown,
}

impl Column {
    fn new(name: &str, kind: Kind) -> Column {
        Column {
            name: name.to_string(),
            label: name.to_string(),
            kind,
            symbol: false,
            elide: false,
            once: false,
            shown: Shown::Always,
        }
    }

    /// A text column.
    pub fn text(name: &str) -> Column {
        Column::new(name, Kind::Text)
    }

    /// An amount column whose commodity is named by another column (number only).
    pub fn money(name: &str) -> Column {
        Column::new(name, Kind::Money)
    }

    /// An amount column that shows the commodity symbol with each amount.
    pub fn amount(name: &str) -> Column {
        Column {
            symbol: true,
            ..Column::new(name, Kind::Money)
        }
    }

    /// A whole-number column.
    pub fn int(name: &str) -> Column {
        Column::new(name, Kind::Int)
    }

    /// A date column.
    pub fn date(name: &str) -> Column {
        Column::new(name, Kind::Date)
    }

    /// A yes/no column.
    pub fn bool(name: &str) -> Column {
        Column::new(name, Kind::Bool)
    }

    /// A percentage column.
    pub fn percent(name: &str) -> Column {
        Column::new(name, Kind::Percent)
    }

    /// A decimal (not money) column.
    pub fn number(name: &str) -> Column {
        Column::new(name, Kind::Number)
    }

    /// The header people see, when it differs from the name.
    pub fn label(mut self, label: &str) -> Column {
        self.label = label.to_string();
        self
    }

    /// May be cut short to fit the terminal.
    pub fn elided(mut self) -> Column {
        self.elide = true;
        self
    }

    /// Blank in text on continuation rows.
    pub fn once(mut self) -> Column {
        self.once = true;
        self
    }

    /// Left out of CSV.
    pub fn not_in_csv(mut self) -> Column {
        self.shown = Shown::NotInCsv;
        self
    }

    /// Left out of text, Markdown and HTML.
    pub fn not_in_text(mut self) -> Column {
        self.shown = Shown::NotInText;
        self
    }
}

/// A row: one value per column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The cells, one per column.
    pub cells: Vec<Value>,
    /// The row continues the one above it (text leaves its `once` columns blank).
    pub continues: bool,
}

impl Row {
    /// A row of its own.
    pub fn new(cells: Vec<Value>) -> Row {
        Row {
            cells,
            continues: false,
        }
    }
}

/// A table: typed columns, rows, optional totals rows, an optional title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// Shown above the table in text; the `title` of its JSON.
    pub title: Option<String>,
    /// A stable name (the HTML `data-table` attribute, the JSON `id`).
    pub id: Option<String>,
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows.
    pub rows: Vec<Row>,
    /// Totals rows, set apart below the rows.
    pub totals: Vec<Row>,
    /// Whether text shows the header line (reports in hledger's layout do not).
    pub header: bool,
    /// What text says instead of a table without rows (`None`: nothing).
    pub empty: Option<String>,
    /// Every CSV field quoted (hledger's layout) rather than only those that need it.
    pub quote_all: bool,
}

impl Table {
    /// An empty table with these columns, a header line, and "Nothing to show." when empty.
    pub fn new(columns: Vec<Column>) -> Table {
        Table {
            title: None,
            id: None,
            columns,
            rows: Vec::new(),
            totals: Vec::new(),
            header: true,
            empty: Some("Nothing to show.".into()),
            quote_all: false,
        }
    }

    /// Sets the title.
    pub fn titled(mut self, title: impl Into<String>) -> Table {
        self.title = Some(title.into());
        self
    }

    /// Sets the id.
    pub fn with_id(mut self, id: impl Into<String>) -> Table {
        self.id = Some(id.into());
        self
    }

    /// Adds a row.
    pub fn push(&mut self, cells: Vec<Value>) {
        debug_assert_eq!(cells.len(), self.columns.len());
        self.rows.push(Row::new(cells));
    }

    /// Adds a row that continues the one above.
    pub fn push_continued(&mut self, cells: Vec<Value>) {
        debug_assert_eq!(cells.len(), self.columns.len());
        self.rows.push(Row {
            cells,
            continues: true,
        });
    }

    /// Adds a totals row.
    pub fn push_total(&mut self, cells: Vec<Value>) {
        debug_assert_eq!(cells.len(), self.columns.len());
        self.totals.push(Row::new(cells));
    }
}

/// One block of a [`Document`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// A section heading.
    Heading(String),
    /// A paragraph of plain text.
    Para(String),
    /// Facts as label and value (a customer's terms, a reconciliation's balances).
    Facts(Vec<(String, Value)>),
    /// A table.
    Table(Table),
    /// An inline SVG chart (markup made by the program, not from user text), with a text
    /// alternative for the formats that cannot show it.
    Chart {
        /// The `<svg>` element.
        svg: String,
        /// What the chart shows.
        alt: String,
    },
    /// A link to another page (HTML; text and Markdown show the label).
    Link {
        /// Relative address.
        href: String,
        /// Link text.
        label: String,
    },
}

/// A document: statements, report packs, site pages, reconciliations — a title and blocks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    /// The title.
    pub title: String,
    /// The content, in order.
    pub blocks: Vec<Block>,
}

impl Document {
    /// A document with a title and no content.
    pub fn new(title: impl Into<String>) -> Document {
        Document {
            title: title.into(),
            blocks: Vec::new(),
        }
    }

    /// Adds a heading.
    pub fn heading(&mut self, text: impl Into<String>) -> &mut Document {
        self.blocks.push(Block::Heading(text.into()));
        self
    }

    /// Adds a paragraph.
    pub fn para(&mut self, text: impl Into<String>) -> &mut Document {
        self.blocks.push(Block::Para(text.into()));
        self
    }

    /// Adds facts.
    pub fn facts(&mut self, facts: Vec<(String, Value)>) -> &mut Document {
        self.blocks.push(Block::Facts(facts));
        self
    }

    /// Adds a table.
    pub fn table(&mut self, t: Table) -> &mut Document {
        self.blocks.push(Block::Table(t));
        self
    }

    /// Adds a link.
    pub fn link(&mut self, href: impl Into<String>, label: impl Into<String>) -> &mut Document {
        self.blocks.push(Block::Link {
            href: href.into(),
            label: label.into(),
        });
        self
    }
}
