//! threadmod's command line: parses arguments and hands over to the library.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use threadmod::cli::{self, Cli};

fn main() -> ExitCode {
    let args = Cli::parse();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut err = std::io::stderr();
    let result = cli::run(&args, &mut out, &mut err)
        .and_then(|()| out.flush().map_err(|e| threadmod::Error::write(&e)));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stopped early (`| head`) is not an error.
        Err(e) if e.kind() == threadmod::ErrorKind::PipeClosed => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(err, "threadmod: error: {e}");
            ExitCode::from(1)
        }
    }
}
