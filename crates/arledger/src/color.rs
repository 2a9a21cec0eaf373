//! Whether to colour what arledger writes for people: one decision, used for diagnostics,
//! clap's own messages (usage errors, help) and anything else styled.
//!
//! `--color always|never` decides alone. `auto` (the default) follows anstream's rules, as
//! clap and cargo do: no colour when `NO_COLOR` is set (non-empty); colour when
//! `CLICOLOR_FORCE` is set (non-empty), even into a pipe; no colour when `CLICOLOR=0`;
//! otherwise colour only on a terminal that supports it (`TERM` set and not `dumb`, or a
//! CI runner that shows colours).

use anstream::stream::RawStream;

use crate::args::ColorChoice;

/// Whether to colour text written to `stream` under `choice`.
pub fn enabled<S: RawStream>(choice: ColorChoice, stream: &S) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => anstream::AutoStream::choice(stream) != anstream::ColorChoice::Never,
    }
}

/// Whether to colour what is written to standard error (diagnostics, usage errors).
pub fn on_stderr(choice: ColorChoice) -> bool {
    enabled(choice, &std::io::stderr())
}

/// The `--color` choice on a command line, read before clap parses it, so that clap's own
/// messages (a usage error, the help) follow it too: the last `--color WHEN` or
/// `--color=WHEN` before a `--`; `auto` when there is none or its value is not one of the
/// choices (clap then reports that).
pub fn from_args(args: &[std::ffi::OsString]) -> ColorChoice {
    use clap::ValueEnum;
    let mut choice = ColorChoice::Auto;
    let mut args = args.iter().skip(1).map(|a| a.to_str().unwrap_or(""));
    while let Some(arg) = args.next() {
        let value = match arg {
            "--" => break,
            "--color" => args.next(),
            _ => arg.strip_prefix("--color="),
        };
        if let Some(v) = value {
            choice = ColorChoice::from_str(v, true).unwrap_or(ColorChoice::Auto);
        }
    }
    choice
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choice(args: &[&str]) -> ColorChoice {
        let args: Vec<std::ffi::OsString> = std::iter::once("arledger")
            .chain(args.iter().copied())
            .map(Into::into)
            .collect();
        from_args(&args)
    }

    #[test]
    fn color_flag_is_found_before_parsing() {
        assert_eq!(choice(&["check"]), ColorChoice::Auto);
        assert_eq!(choice(&["--color", "never", "bal"]), ColorChoice::Never);
        assert_eq!(choice(&["bal", "--color=always"]), ColorChoice::Always);
        assert_eq!(
            choice(&["--color=never", "bal", "--color", "always"]),
            ColorChoice::Always
        );
        assert_eq!(choice(&["bal", "--", "--color=never"]), ColorChoice::Auto);
        assert_eq!(choice(&["--color", "sometimes"]), ColorChoice::Auto);
        assert_eq!(choice(&["--color"]), ColorChoice::Auto);
    }
}
