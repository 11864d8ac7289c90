//! The `ophion-loadgen` binary: parse the command line, run, print the summary.

use clap::Parser;
use ophion_loadgen::cli::Cli;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let json = cli.json;
    let summary = ophion_loadgen::run::run(cli.into_config()).await?;
    if json {
        println!("{}", summary.to_json());
    } else {
        print!("{}", summary.to_text());
    }
    // Exit non-zero when nothing was acknowledged, so scripts notice a dead endpoint.
    if summary.acked == 0 && summary.sent > 0 {
        std::process::exit(1);
    }
    Ok(())
}
