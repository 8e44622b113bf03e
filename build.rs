// The migrations are embedded with `sqlx::migrate!`; a new or edited file
// under migrations/ must rebuild the binary that carries them.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
