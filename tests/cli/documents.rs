//! Documents an AR desk sends (docs/documents.md): `invoice` and `statement` as text, Markdown,
//! HTML and PDF — the PDFs read back with poppler (`pdftotext`, `pdfinfo`) as a person's
//! viewer would, and page 1 kept as a PNG in target/ci-artifacts for review.

use std::path::Path;
use std::process::Command;

use crate::support::{arledger, ok, root};

const BOOKS: &str = "tests/fixtures/documents/books.journal";

/// Whether poppler-utils is installed (`.ci/run` installs it: CI never skips).
fn poppler() -> bool {
    let there = Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        there || std::env::var_os("CI").is_none(),
        "CI needs poppler-utils"
    );
    if !there {
        eprintln!("skipped: poppler-utils (pdftotext) is not installed");
    }
    there
}

/// The text poppler reads out of a PDF.
fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// What `pdfinfo` says of a PDF.
fn pdfinfo(pdf: &Path) -> String {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Keeps page 1 of `pdf` as `target/ci-artifacts/NAME.png` for a person to look at.
fn keep_png(pdf: &Path, name: &str) {
    let dir = root().join("target/ci-artifacts");
    std::fs::create_dir_all(&dir).unwrap();
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "60", "-singlefile"])
        .arg(pdf)
        .arg(dir.join(name))
        .status()
        .expect("pdftoppm runs");
    assert!(status.success());
}

#[test]
fn invoice_text_shows_issuer_bill_to_lines_tax_and_totals() {
    let out = ok(&["invoice", "INV-1043", "-f", BOOKS, "--date", "2026-02-28"]);
    for want in [
        "Northwind Studio LLC",
        "Tax id: US-12-3456789",
        "INVOICE INV-1043",
        "Bill to: 東京商事",
        "Attn: Zoë Tanaka",
        "Chiyoda-ku Tokyo 100-0005",
        "Due date: 2026-03-03",
        "Terms: net30",
        "PO number: PO-77",
        "February work",
        "Sales Tax (8.25%)   40.43 USD",
        "Subtotal           490.00 USD",
        "Total              530.43 USD",
        // 200.00 paid and a 40.00 credit memo applied.
        "Paid to date       240.00 USD",
        "Balance due        290.43 USD",
        "Bank transfer: First Coastal Bank",
        "Mail payments to: PO Box 77, Portland ME 04112",
    ] {
        assert!(out.contains(want), "{want}:\n{out}");
    }
    let design = out.lines().find(|l| l.starts_with("Design")).unwrap();
    let cells: Vec<&str> = design.split_whitespace().collect();
    assert_eq!(cells, ["Design", "3", "150.00", "450.00"], "{design}");
    // Paid as of an earlier date: nothing yet.
    let early = ok(&["invoice", "INV-1043", "-f", BOOKS, "--date", "2026-02-05"]);
    assert!(early.contains("Balance due        530.43 USD"), "{early}");
}

#[test]
fn credit_memo_says_what_it_credits() {
    let md = ok(&[
        "invoice",
        "CM-1",
        "-f",
        BOOKS,
        "--date",
        "2026-02-28",
        "-O",
        "md",
    ]);
    assert!(md.contains("# Credit memo CM-1"), "{md}");
    assert!(md.contains("| Hosting credit |  |  | 40.00 |"), "{md}");
    assert!(md.contains("| **Total credit** | **40.00 USD** |"), "{md}");
    assert!(md.contains("Applied to INV-1043."), "{md}");
    assert!(!md.contains("Balance due"), "{md}");
}

#[test]
fn invoice_html_is_one_escaped_page() {
    let html = ok(&[
        "invoice",
        "INV-1043",
        "-f",
        BOOKS,
        "-O",
        "html",
        "--date",
        "2026-02-28",
    ]);
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(
        html.contains("<td>Design</td><td class=\"n\">3</td>"),
        "{html}"
    );
    assert!(
        html.contains(
            "<tr class=\"strong\"><td>Balance due</td><td class=\"n\">290.43 USD</td></tr>"
        ),
        "{html}"
    );
}

#[test]
fn unknown_numbers_and_bad_lines_are_errors() {
    let r = arledger(&["invoice", "INV-9", "-f", BOOKS]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("no invoice or credit memo `INV-9`"),
        "{}",
        r.stderr
    );
    let dir = tempfile::tempdir().unwrap();
    let j = dir.path().join("b.journal");
    std::fs::write(
        &j,
        "account Assets:Receivable:Acme  ; customer: Acme\n\n\
         2026-01-05 (INV-1) Acme\n    Assets:Receivable:Acme  10.00 USD\n    Income  -10.00 USD  ; Work, qty: three\n",
    )
    .unwrap();
    let r = arledger(&["invoice", "INV-1", "-f", j.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("b.journal:5:"), "{}", r.stderr);
    assert!(
        r.stderr.contains("`qty: three` is not a number"),
        "{}",
        r.stderr
    );
    let r = arledger(&["invoice", "INV-1043", "-f", BOOKS, "-O", "pdf"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("-o FILE.pdf"), "{}", r.stderr);
}

#[test]
fn invoice_pdf_reads_back_with_cjk_and_accents() {
    if !poppler() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("INV-1043.pdf");
    ok(&[
        "invoice",
        "INV-1043",
        "-f",
        BOOKS,
        "--date",
        "2026-02-28",
        "-o",
        pdf.to_str().unwrap(),
    ]);
    let text = pdftotext(&pdf);
    for want in [
        "INVOICE",
        "INV-1043",
        "東京商事",
        "Zoë Tanaka",
        "530.43 USD",
        "290.43 USD",
        "2026-03-03",
    ] {
        assert!(text.contains(want), "{want}:\n{text}");
    }
    let info = pdfinfo(&pdf);
    assert!(info.contains("Pages:           1"), "{info}");
    // arledger.toml says Letter.
    assert!(info.contains("612 x 792 pts (letter)"), "{info}");
    keep_png(&pdf, "invoice-INV-1043");
}

#[test]
fn statement_defaults_to_the_month_and_writes_every_customer() {
    let out = ok(&["statement", "Acme", "-f", BOOKS, "--date", "2026-03-15"]);
    assert!(out.contains("Period: 2026-03-01 to 2026-03-31"), "{out}");
    assert!(out.contains("2026-03-01  balance forward"), "{out}");
    assert!(out.contains("Amount due (USD)  1500.00 USD"), "{out}");
    assert!(out.contains("REMITTANCE"), "{out}");
    assert!(
        out.contains("Remit to: Northwind Studio LLC, PO Box 77, Portland ME 04112"),
        "{out}"
    );
    assert!(
        !out.contains("9,000") && !out.contains("Credit limit"),
        "{out}"
    );
    // The payee is not repeated on the lines.
    let flyers = out.lines().find(|l| l.contains("INV-1045")).unwrap();
    assert!(
        flyers.contains("Flyers") && !flyers.contains("Acme Corp"),
        "{flyers}"
    );

    let dir = tempfile::tempdir().unwrap();
    let out = ok(&[
        "statement",
        "--all",
        "-f",
        BOOKS,
        "--date",
        "2026-03-15",
        "-O",
        "pdf",
        "-o",
        dir.path().to_str().unwrap(),
    ]);
    let mut files: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        ["statement-Acme.pdf", "statement-Tokyo.pdf"],
        "{out}"
    );
    if poppler() {
        let pdf = dir.path().join("statement-Tokyo.pdf");
        let text = pdftotext(&pdf);
        for want in [
            "STATEMENT OF ACCOUNT",
            "東京商事",
            "290.43 USD",
            "2026-03-31",
            "REMITTANCE",
        ] {
            assert!(text.contains(want), "{want}:\n{text}");
        }
        assert!(pdfinfo(&pdf).contains("Pages:           1"));
        keep_png(&pdf, "statement-Tokyo");
    }
}

/// Copies the fixture books into a directory of their own, with `[smtp]` at `port` (no TLS:
/// the server is this test's, on 127.0.0.1).
fn books_with_smtp(port: u16) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixture = root().join("tests/fixtures/documents");
    std::fs::copy(
        fixture.join("books.journal"),
        dir.path().join("books.journal"),
    )
    .unwrap();
    let mut toml = std::fs::read_to_string(fixture.join("arledger.toml")).unwrap();
    toml.push_str(&format!(
        "\n[smtp]\nserver = \"127.0.0.1\"\nport = {port}\nsecurity = \"none\"\n"
    ));
    std::fs::write(dir.path().join("arledger.toml"), toml).unwrap();
    dir
}

/// A one-connection-at-a-time SMTP server on 127.0.0.1 that keeps what it receives: the
/// recipients and the message of each mail.
fn smtp_server() -> (u16, std::sync::mpsc::Receiver<(Vec<String>, String)>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(4) {
            let Ok(stream) = stream else { return };
            stream
                .set_read_timeout(Some(std::time::Duration::from_secs(20)))
                .unwrap();
            let mut w = stream.try_clone().unwrap();
            let mut r = BufReader::new(stream);
            let _ = w.write_all(b"220 test ESMTP\r\n");
            let (mut rcpt, mut data) = (Vec::new(), String::new());
            let mut line = String::new();
            while r.read_line(&mut line).is_ok_and(|n| n > 0) {
                let cmd = line.trim_end().to_string();
                line.clear();
                let upper = cmd.to_ascii_uppercase();
                let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                    b"250 test\r\n"
                } else if upper.starts_with("RCPT TO:") {
                    rcpt.push(cmd[8..].trim().to_string());
                    b"250 ok\r\n"
                } else if upper == "DATA" {
                    let _ = w.write_all(b"354 go on\r\n");
                    let mut l = String::new();
                    while r.read_line(&mut l).is_ok_and(|n| n > 0) && l != ".\r\n" {
                        data.push_str(&l);
                        l.clear();
                    }
                    let _ = tx.send((std::mem::take(&mut rcpt), std::mem::take(&mut data)));
                    b"250 queued\r\n"
                } else if upper == "QUIT" {
                    let _ = w.write_all(b"221 bye\r\n");
                    break;
                } else {
                    b"250 ok\r\n"
                };
                let _ = w.write_all(reply);
            }
        }
    });
    (port, rx)
}

#[test]
fn invoice_is_written_as_eml_and_sent_once_over_smtp() {
    let (port, rx) = smtp_server();
    let books = books_with_smtp(port);
    let journal = books.path().join("books.journal");
    let j = journal.to_str().unwrap();
    let eml = books.path().join("outbox");
    let out = ok(&[
        "invoice",
        "INV-1043",
        "-f",
        j,
        "--eml",
        eml.to_str().unwrap(),
    ]);
    assert!(out.contains("(to ap@tokyo.example)"), "{out}");
    let text = std::fs::read_to_string(eml.join("invoice-INV-1043.eml")).unwrap();
    assert!(text.contains("To: "), "{text}");
    assert!(text.contains("<ap@tokyo.example>"), "{text}");
    assert!(
        text.contains("From: \"Northwind Studio LLC\" <ar@northwind.example>")
            || text.contains("From: Northwind Studio LLC <ar@northwind.example>"),
        "{text}"
    );
    assert!(
        text.contains("Subject: Invoice INV-1043 from Northwind Studio LLC"),
        "{text}"
    );
    assert!(text.contains("Content-Type: application/pdf"), "{text}");
    assert!(text.contains("filename=\"invoice-INV-1043.pdf\""), "{text}");

    let out = ok(&["invoice", "INV-1043", "-f", j, "--send"]);
    assert!(
        out.contains("invoice INV-1043: sent to ap@tokyo.example"),
        "{out}"
    );
    let (rcpt, data) = rx.recv_timeout(std::time::Duration::from_secs(20)).unwrap();
    assert_eq!(rcpt, ["<ap@tokyo.example>"]);
    assert!(
        data.contains("Subject: Invoice INV-1043 from Northwind Studio LLC"),
        "{data}"
    );
    assert!(data.contains("filename=\"invoice-INV-1043.pdf\""), "{data}");
    let record = std::fs::read_to_string(books.path().join("arledger-sent.csv")).unwrap();
    assert!(record.starts_with("sent_at,key,to,subject\n"), "{record}");
    assert!(
        record.contains(",invoice INV-1043,ap@tokyo.example,"),
        "{record}"
    );
    // A second run sends nothing.
    let out = ok(&["invoice", "INV-1043", "-f", j, "--send"]);
    assert!(
        out.contains("invoice INV-1043: already sent, skipped"),
        "{out}"
    );
    assert!(rx
        .recv_timeout(std::time::Duration::from_millis(300))
        .is_err());
    // A customer without an e-mail address is refused, not skipped.
    let r = arledger(&["invoice", "INV-1044", "-f", j, "--send"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("customer Acme has no e-mail address"),
        "{}",
        r.stderr
    );
}

/// The collections books in a directory of their own, with the fixture's `[issuer]` and
/// `[smtp]` at `port`.
fn dunning_books(port: u16) -> tempfile::TempDir {
    let dir = books_with_smtp(port);
    std::fs::copy(
        root().join("journals/collections.journal"),
        dir.path().join("books.journal"),
    )
    .unwrap();
    dir
}

#[test]
fn dunning_letters_are_documents_in_every_format() {
    let books = dunning_books(25);
    let j = books.path().join("books.journal");
    let j = j.to_str().unwrap();
    let date = "--date=2026-03-31";
    // The letterhead and how to pay come from [issuer], as on invoices.
    let text = ok(&["dunning", "-f", j, date, "Lumen"]);
    for part in [
        "Northwind Studio LLC",
        "THIRD NOTICE",
        "To: Lumen Dental Group",
        "Dear Claire Beaumont,",
        "INV-2014",
        "Total due (USD)",
        "2,850.00 USD",
        "Bank transfer: First Coastal Bank",
        "(or write to",
    ] {
        assert!(text.contains(part), "{part}\n{text}");
    }
    let html = ok(&["dunning", "-f", j, date, "Lumen", "-O", "html"]);
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.contains("<td class=\"n\">2,850.00 USD</td>"), "{html}");
    if !poppler() {
        return;
    }
    let out = books.path().join("letters");
    let r = arledger(&["dunning", "-f", j, date, "-O", "pdf"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("--out DIR"), "{}", r.stderr);
    ok(&[
        "dunning",
        "-f",
        j,
        date,
        "-O",
        "pdf",
        "--out",
        out.to_str().unwrap(),
    ]);
    let pdf = out.join("2026-03-31-Kingfisher-level-final.pdf");
    let text = pdftotext(&pdf);
    for part in [
        "FINAL DEMAND",
        "Kingfisher Freight Co.",
        "INV-2004",
        "3,650.00 USD",
        "This is our final demand.",
    ] {
        assert!(text.contains(part), "{part}\n{text}");
    }
    assert!(pdfinfo(&pdf).contains("Pages:           1"));
    keep_png(&pdf, "dunning-Kingfisher");
}

#[test]
fn dunning_letters_are_mailed_once() {
    let (port, rx) = smtp_server();
    let books = dunning_books(port);
    let journal = books.path().join("books.journal");
    let j = journal.to_str().unwrap();
    let date = "--date=2026-03-31";
    let eml = books.path().join("outbox");
    let out = ok(&["dunning", "-f", j, date, "--eml", eml.to_str().unwrap()]);
    assert!(out.contains("(to billing@lumendental.example)"), "{out}");
    let text = std::fs::read_to_string(eml.join("dunning-3-Lumen.eml")).unwrap();
    assert!(
        text.contains("Subject: Third notice 2026-03-31 from Northwind Studio LLC"),
        "{text}"
    );
    assert!(text.contains("filename=\"dunning-3-Lumen.pdf\""), "{text}");
    assert!(text.contains("about your overdue account"), "{text}");

    let out = ok(&["dunning", "-f", j, date, "Lumen", "--send"]);
    assert!(
        out.contains("dunning-3 Lumen INV-2014: sent to billing@lumendental.example"),
        "{out}"
    );
    let (rcpt, data) = rx.recv_timeout(std::time::Duration::from_secs(20)).unwrap();
    assert_eq!(rcpt, ["<billing@lumendental.example>"]);
    assert!(
        data.contains("Subject: Third notice 2026-03-31 from Northwind Studio LLC"),
        "{data}"
    );
    assert!(data.contains("Content-Type: application/pdf"), "{data}");
    assert!(data.contains("filename=\"dunning-3-Lumen.pdf\""), "{data}");
    // The same letter is not sent twice, even without --record.
    let out = ok(&["dunning", "-f", j, date, "Lumen", "--send"]);
    assert!(
        out.contains("dunning-3 Lumen INV-2014: already sent, skipped"),
        "{out}"
    );
    assert!(rx
        .recv_timeout(std::time::Duration::from_millis(300))
        .is_err());
    // Sending with --record holds one lock for both: the reminder is recorded.
    let out = ok(&["dunning", "-f", j, date, "Pinnacle", "--send", "--record"]);
    assert!(out.contains("sent to luis@pinnaclefit.example"), "{out}");
    let (rcpt, _) = rx.recv_timeout(std::time::Duration::from_secs(20)).unwrap();
    assert_eq!(rcpt, ["<luis@pinnaclefit.example>"]);
    let books_text = std::fs::read_to_string(&journal).unwrap();
    assert!(books_text.contains("; reminder: INV-2016"), "{books_text}");
}

/// The fixture books in a directory of their own with `logo = "LOGO"` in `[issuer]` and the
/// fixture's logo files beside them.
fn books_with_logo(logo: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixture = root().join("tests/fixtures/documents");
    for f in ["books.journal", "logo.png", "logo.jpg"] {
        std::fs::copy(fixture.join(f), dir.path().join(f)).unwrap();
    }
    let toml = std::fs::read_to_string(fixture.join("arledger.toml")).unwrap();
    let toml = toml.replace("[issuer]\n", &format!("[issuer]\nlogo = \"{logo}\"\n"));
    std::fs::write(dir.path().join("arledger.toml"), toml).unwrap();
    dir
}

/// `pdfimages -list`: the rows of the images in a PDF.
fn pdf_images(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdfimages")
        .arg("-list")
        .arg(pdf)
        .output()
        .expect("pdfimages runs");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .map(str::to_string)
        .collect()
}

#[test]
fn the_logo_is_in_the_letterhead_of_pdf_and_html_only() {
    for (file, media, encoding) in [
        ("logo.png", "image/png", "image"),
        ("logo.jpg", "image/jpeg", "jpeg"),
    ] {
        let books = books_with_logo(file);
        let j = books.path().join("books.journal");
        let j = j.to_str().unwrap();
        let html = ok(&["invoice", "INV-1043", "-f", j, "-O", "html"]);
        assert!(
            html.contains(&format!("<img class=\"logo\" src=\"data:{media};base64,")),
            "{html}"
        );
        let statement = ok(&[
            "statement",
            "Tokyo",
            "-f",
            j,
            "--date=2026-02-28",
            "-O",
            "html",
        ]);
        assert!(statement.contains(&format!("src=\"data:{media};base64,")));
        // Text and Markdown leave the picture out and change nothing else.
        for format in ["text", "md"] {
            let plain = ok(&["invoice", "INV-1043", "-f", BOOKS, "-O", format]);
            assert_eq!(
                ok(&["invoice", "INV-1043", "-f", j, "-O", format]),
                plain,
                "{format}"
            );
        }
        if !poppler() {
            continue;
        }
        let pdf = books.path().join("invoice.pdf");
        ok(&["invoice", "INV-1043", "-f", j, "-o", pdf.to_str().unwrap()]);
        let images = pdf_images(&pdf);
        assert_eq!(images.len(), 1, "{images:?}");
        assert!(images[0].contains(encoding), "{images:?}");
        assert!(pdftotext(&pdf).contains("INV-1043"));
        if file == "logo.png" {
            keep_png(&pdf, "invoice-with-logo");
        }
    }
}

#[test]
fn a_logo_that_cannot_be_shown_names_the_file_and_key() {
    let books = books_with_logo("missing.png");
    let j = books.path().join("books.journal");
    let j = j.to_str().unwrap();
    let r = arledger(&["invoice", "INV-1043", "-f", j]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("arledger.toml:2:8: `logo` in [issuer]: cannot read"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("missing.png"), "{}", r.stderr);
    // Not a picture, and a PNG that is not whole.
    std::fs::write(books.path().join("missing.png"), "not a picture\n").unwrap();
    let r = arledger(&["invoice", "INV-1043", "-f", j]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("is not a picture arledger can show: expected a PNG or JPEG file"),
        "{}",
        r.stderr
    );
    std::fs::write(books.path().join("missing.png"), b"\x89PNG\r\n\x1a\nbroken").unwrap();
    let r = arledger(&["statement", "Tokyo", "-f", j]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("arledger.toml:2:8: `logo` in [issuer]:"),
        "{}",
        r.stderr
    );
}

#[test]
fn an_invoice_offers_its_early_payment_discount_until_the_discount_date() {
    // INV-1008 of Foxglove Books (2/10 net30): 860.00 on 2026-02-20, 2 % until 2026-03-02.
    let before = ok(&[
        "invoice",
        "INV-1008",
        "-f",
        "journals/demo.journal",
        "--date",
        "2026-02-25",
    ]);
    assert!(
        before.contains("Less 2% if paid by 2026-03-02   17.20 USD"),
        "{before}"
    );
    assert!(
        before.contains("Due if paid by 2026-03-02      842.80 USD"),
        "{before}"
    );
    let html = ok(&[
        "invoice",
        "INV-1008",
        "-f",
        "journals/demo.journal",
        "--date",
        "2026-02-25",
        "-O",
        "html",
    ]);
    assert!(
        html.contains("<td>Less 2% if paid by 2026-03-02</td><td class=\"n\">17.20 USD</td>"),
        "{html}"
    );
    // Past the discount date the offer is gone; the balance due is unchanged.
    let after = ok(&[
        "invoice",
        "INV-1008",
        "-f",
        "journals/demo.journal",
        "--date",
        "2026-03-05",
    ]);
    assert!(!after.contains("Less 2%"), "{after}");
    assert!(after.contains("Balance due   860.00 USD"), "{after}");
    // A discount taken is not offered again (INV-1010, paid less 2 % on 2026-03-18).
    let taken = ok(&[
        "invoice",
        "INV-1010",
        "-f",
        "journals/demo.journal",
        "--date",
        "2026-03-18",
    ]);
    assert!(!taken.contains("Less 2%"), "{taken}");
    if !poppler() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("INV-1008.pdf");
    ok(&[
        "invoice",
        "INV-1008",
        "-f",
        "journals/demo.journal",
        "--date",
        "2026-02-25",
        "-o",
        pdf.to_str().unwrap(),
    ]);
    let text = pdftotext(&pdf);
    assert!(text.contains("Less 2% if paid by 2026-03-02"), "{text}");
    assert!(text.contains("842.80 USD"), "{text}");
}

/// The fixture books with a `[vendor]` section in their configuration.
fn books_with_vendor(vendor: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixture = root().join("tests/fixtures/documents");
    std::fs::copy(
        fixture.join("books.journal"),
        dir.path().join("books.journal"),
    )
    .unwrap();
    let toml = std::fs::read_to_string(fixture.join("arledger.toml")).unwrap();
    std::fs::write(
        dir.path().join("arledger.toml"),
        format!("{toml}\n{vendor}"),
    )
    .unwrap();
    dir
}

const VENDOR: &str = r#"[vendor]
legal-name = "Northwind Studio Holdings LLC"
entity-type = "Limited liability company"
contact = "Dana Whitfield"
payment-methods = ["ACH", "Wire", "Check"]
notes = ["W-9 on request."]

[vendor.bank]
name = "First Coastal Bank"
account-number = "000123456"
routing-number = "011000015"
swift = "FCBKUS33"
"#;

#[test]
fn the_vendor_form_shows_issuer_and_vendor_details_in_every_format() {
    let books = books_with_vendor(VENDOR);
    let j = books.path().join("books.journal");
    let j = j.to_str().unwrap();
    let text = ok(&["vendor-form", "-f", j, "--date", "2026-03-31"]);
    for part in [
        "VENDOR INFORMATION",
        "Date: 2026-03-31",
        "Legal name   Northwind Studio Holdings LLC",
        "Trading as   Northwind Studio LLC",
        "Tax id       US-12-3456789",
        "Remit to           PO Box 77, Portland ME 04112",
        "Payment methods    ACH, Wire, Check",
        "Routing number  011000015",
        "SWIFT/BIC       FCBKUS33",
        "Name    Dana Whitfield",
        "W-9 on request.",
    ] {
        assert!(text.contains(part), "{part}\n{text}");
    }
    // No addressee, no totals: nothing is shown empty.
    assert!(!text.contains("To:"), "{text}");
    let md = ok(&["vendor-form", "-f", j, "-O", "md"]);
    assert!(
        md.contains("| Legal name | Northwind Studio Holdings LLC |"),
        "{md}"
    );
    assert!(!md.contains("|---|---:|"), "{md}");
    let html = ok(&["vendor-form", "-f", j, "-O", "html"]);
    assert!(html.contains("<h2>Bank account</h2>"), "{html}");
    // Without [vendor.bank] the issuer's bank line stands for it.
    let plain = books_with_vendor("");
    let p = plain.path().join("books.journal");
    let plain_text = ok(&["vendor-form", "-f", p.to_str().unwrap()]);
    assert!(
        plain_text.contains("Bank details  First Coastal Bank, account 000123456"),
        "{plain_text}"
    );
    assert!(!plain_text.contains("Trading as"), "{plain_text}");
    if !poppler() {
        return;
    }
    let pdf = books.path().join("vendor-form.pdf");
    ok(&["vendor-form", "-f", j, "-o", pdf.to_str().unwrap()]);
    let text = pdftotext(&pdf);
    for part in [
        "VENDOR INFORMATION",
        "Northwind Studio Holdings LLC",
        "US-12-3456789",
        "PO Box 77, Portland ME 04112",
        "000123456",
        "FCBKUS33",
        "Dana Whitfield",
    ] {
        assert!(text.contains(part), "{part}\n{text}");
    }
    assert!(!text.contains("FIELD"), "a table without a header: {text}");
    assert!(pdfinfo(&pdf).contains("Pages:           1"));
    keep_png(&pdf, "vendor-form");
}

#[test]
fn the_vendor_section_refuses_unknown_keys_and_needs_a_name() {
    let books = books_with_vendor("[vendor]\nlegal-nam = \"x\"\n");
    let j = books.path().join("books.journal");
    let r = arledger(&["vendor-form", "-f", j.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("unknown field `legal-nam`"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("arledger.toml:"), "{}", r.stderr);
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("books.journal");
    std::fs::write(&journal, "").unwrap();
    let r = arledger(&["vendor-form", "-f", journal.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("a vendor form needs the company's name"),
        "{}",
        r.stderr
    );
}
