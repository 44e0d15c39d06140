//! Gives this crate's own binaries, examples, tests and benches an rpath to the
//! libtorch library directory that `torch-sys` built against, so they run
//! without `LD_LIBRARY_PATH`. Downstream crates set `LD_LIBRARY_PATH` themselves
//! (see the README).

fn main() {
    println!("cargo:rerun-if-env-changed=DEP_TCH_LIBTORCH_LIB");
    if let Ok(lib) = std::env::var("DEP_TCH_LIBTORCH_LIB") {
        println!("cargo:rustc-link-arg=-Wl,-rpath,{lib}");
    }
}
