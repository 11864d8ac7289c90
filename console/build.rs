//! The embedded console is `dist/` as it is at build time: rebuild when any file in it
//! changes, is added or is removed (the embedding macro alone sees only the files it read).

fn main() {
    println!("cargo:rerun-if-changed=dist");
}
