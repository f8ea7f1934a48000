//! Writes a realistic thread in the text layout for benchmarks:
//! `cargo run --release --example generate -- 100000 > thread.txt`.

#[path = "../benches/thread_gen.rs"]
mod thread_gen;

fn main() -> std::io::Result<()> {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    let stdout = std::io::stdout();
    let mut w = std::io::BufWriter::new(stdout.lock());
    thread_gen::write_thread(count, &mut w)
}
